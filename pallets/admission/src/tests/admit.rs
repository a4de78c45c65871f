use crate::{mock::*, Accounts, AdmissionRecord, AdmissionStatus, Error, Event};
use frame::testing_prelude::*;

#[test]
fn council_admits_a_new_account() {
	new_test_ext().execute_with(|| {
		System::set_block_number(7);
		assert_ok!(Admission::admit(RuntimeOrigin::root(), BOB));
		assert!(Admission::is_admitted(&BOB));
		assert_eq!(
			Accounts::<Test>::get(BOB),
			Some(AdmissionRecord { status: AdmissionStatus::Admitted, changed_at: 7 })
		);
		assert_eq!(System::providers(&BOB), 1);
		System::assert_last_event(Event::AccountAdmitted { who: BOB }.into());
	});
}

#[test]
fn readmission_after_revocation_keeps_the_single_provider() {
	new_test_ext().execute_with(|| {
		assert_ok!(Admission::revoke(RuntimeOrigin::root(), ALICE));
		assert_ok!(Admission::admit(RuntimeOrigin::root(), ALICE));
		assert!(Admission::is_admitted(&ALICE));
		assert_eq!(System::providers(&ALICE), 1);
	});
}

#[test]
fn admitting_twice_fails() {
	new_test_ext().execute_with(|| {
		assert_noop!(Admission::admit(RuntimeOrigin::root(), ALICE), Error::<Test>::AlreadyExists);
	});
}

#[test]
fn only_the_admin_origin_admits() {
	new_test_ext().execute_with(|| {
		assert_noop!(Admission::admit(RuntimeOrigin::signed(ALICE), BOB), BadOrigin);
		assert_noop!(Admission::admit(RuntimeOrigin::none(), BOB), BadOrigin);
	});
}
