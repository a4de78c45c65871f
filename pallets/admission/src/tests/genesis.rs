use crate::{mock::*, Accounts, AdmissionStatus};

#[test]
fn genesis_admits_listed_accounts_once_with_one_provider() {
	new_test_ext().execute_with(|| {
		assert!(Admission::is_admitted(&ALICE));
		assert!(!Admission::is_admitted(&BOB));
		assert_eq!(Accounts::<Test>::get(ALICE).map(|r| r.status), Some(AdmissionStatus::Admitted));
		// Listed twice, provided for once.
		assert_eq!(System::providers(&ALICE), 1);
		assert_eq!(System::providers(&BOB), 0);
	});
}
