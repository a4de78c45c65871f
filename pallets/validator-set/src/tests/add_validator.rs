use crate::{mock::*, Error, Event, PendingChange, Validators};
use frame::testing_prelude::*;

#[test]
fn council_adds_a_validator_with_session_keys() {
	new_test_ext().execute_with(|| {
		assert!(!PendingChange::<Test>::get());
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), CANDIDATE));
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 2, CANDIDATE]);
		assert!(PendingChange::<Test>::get());
		System::assert_last_event(Event::ValidatorAdded { who: CANDIDATE }.into());
	});
}

#[test]
fn a_validator_without_session_keys_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), KEYLESS),
			Error::<Test>::NoSessionKeys
		);
	});
}

#[test]
fn adding_a_validator_twice_fails() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 1),
			Error::<Test>::AlreadyExists
		);
	});
}

#[test]
fn the_set_is_bounded() {
	new_test_ext().execute_with(|| {
		for who in [CANDIDATE, 4] {
			SessionKeys::register(who);
			assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), who));
		}
		SessionKeys::register(5);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 5),
			Error::<Test>::TooManyValidators
		);
	});
}

#[test]
fn only_the_admin_origin_adds() {
	new_test_ext().execute_with(|| {
		assert_noop!(ValidatorSet::add_validator(RuntimeOrigin::signed(1), CANDIDATE), BadOrigin);
	});
}
