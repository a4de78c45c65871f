use crate::{mock::*, Event, PendingChange};
use frame::testing_prelude::*;
use pallet_session::SessionManager;

#[test]
fn an_unchanged_set_keeps_the_session_validators() {
	new_test_ext().execute_with(|| {
		assert_eq!(<ValidatorSet as SessionManager<u64>>::new_session(1), None);
		assert_eq!(<ValidatorSet as SessionManager<u64>>::new_session(2), None);
	});
}

#[test]
fn a_change_is_handed_over_once_at_the_next_session() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), CANDIDATE));
		assert_eq!(
			<ValidatorSet as SessionManager<u64>>::new_session(5),
			Some(vec![1, 2, CANDIDATE])
		);
		System::assert_last_event(
			Event::ValidatorSetQueued {
				session: 5,
				validators: vec![1, 2, CANDIDATE].try_into().unwrap(),
			}
			.into(),
		);
		assert!(!PendingChange::<Test>::get());
		assert_eq!(<ValidatorSet as SessionManager<u64>>::new_session(6), None);
	});
}
