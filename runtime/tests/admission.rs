//! Admission of signed transactions through the runtime's real transaction pipeline: without
//! tokens, only admitted accounts may sign, and the refusal names its reason.

mod common;

use common::{account, council_motion, new_ext, signed_remark, validate};
use sp_keyring::Sr25519Keyring::*;
use sp_runtime::transaction_validity::InvalidTransaction;
use tds_primitives::transaction::RejectionCode;
use tds_runtime::RuntimeCall;

#[test]
fn admitted_signers_pass_and_strangers_are_refused_by_name() {
	new_ext("local_testnet").execute_with(|| {
		assert!(validate(signed_remark(Alice, 0)).is_ok());
		assert_eq!(
			validate(signed_remark(Eve, 0)),
			Err(InvalidTransaction::Custom(RejectionCode::AccountNotAdmitted.code()).into())
		);
	});
}

#[test]
fn admission_follows_governance() {
	new_ext("local_testnet").execute_with(|| {
		let admit = RuntimeCall::Admission(pallet_admission::Call::admit { who: account(Eve) });
		assert_eq!(council_motion(admit, 3, &[Alice, Bob, Charlie]), Some(Ok(())));
		assert!(validate(signed_remark(Eve, 0)).is_ok());

		let revoke = RuntimeCall::Admission(pallet_admission::Call::revoke { who: account(Eve) });
		assert_eq!(council_motion(revoke, 3, &[Alice, Bob, Charlie]), Some(Ok(())));
		assert_eq!(
			validate(signed_remark(Eve, 0)),
			Err(InvalidTransaction::Custom(RejectionCode::AccountAdmissionRevoked.code()).into())
		);
	});
}
