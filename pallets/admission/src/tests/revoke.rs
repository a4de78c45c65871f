use crate::{mock::*, Accounts, AdmissionRecord, AdmissionStatus, Error, Event};
use frame::testing_prelude::*;

#[test]
fn council_revokes_an_admitted_account() {
	new_test_ext().execute_with(|| {
		System::set_block_number(3);
		assert_ok!(Admission::revoke(RuntimeOrigin::root(), ALICE));
		assert!(!Admission::is_admitted(&ALICE));
		assert_eq!(
			Accounts::<Test>::get(ALICE),
			Some(AdmissionRecord { status: AdmissionStatus::Revoked, changed_at: 3 })
		);
		// The account is not reaped: its nonce survives.
		assert_eq!(System::providers(&ALICE), 1);
		System::assert_last_event(Event::AccountRevoked { who: ALICE }.into());
	});
}

#[test]
fn revoking_an_unknown_account_fails() {
	new_test_ext().execute_with(|| {
		assert_noop!(Admission::revoke(RuntimeOrigin::root(), BOB), Error::<Test>::NotFound);
	});
}

#[test]
fn revoking_twice_fails() {
	new_test_ext().execute_with(|| {
		assert_ok!(Admission::revoke(RuntimeOrigin::root(), ALICE));
		assert_noop!(
			Admission::revoke(RuntimeOrigin::root(), ALICE),
			Error::<Test>::InvalidTransition
		);
	});
}

#[test]
fn only_the_admin_origin_revokes() {
	new_test_ext().execute_with(|| {
		assert_noop!(Admission::revoke(RuntimeOrigin::signed(ALICE), ALICE), BadOrigin);
	});
}
