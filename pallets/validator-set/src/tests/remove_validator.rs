use crate::{mock::*, Error, Event, PendingChange, Validators};
use frame::testing_prelude::*;

#[test]
fn council_removes_a_validator() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 1));
		assert_eq!(Validators::<Test>::get().into_inner(), vec![2]);
		assert!(PendingChange::<Test>::get());
		System::assert_last_event(Event::ValidatorRemoved { who: 1 }.into());
	});
}

#[test]
fn removing_a_non_validator_fails() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), CANDIDATE),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn the_last_validator_cannot_be_removed() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 1));
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::TooFewValidators
		);
	});
}

#[test]
fn only_the_admin_origin_removes() {
	new_test_ext().execute_with(|| {
		assert_noop!(ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 2), BadOrigin);
	});
}
