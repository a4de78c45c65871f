//! Admission of signed transactions through the runtime's real transaction pipeline: without
//! tokens, only admitted accounts may sign, and the refusal names its reason.

mod common;

use codec::Encode;
use common::{account, council_motion, new_ext};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{
	generic::Era,
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
};
use tds_primitives::transaction::RejectionCode;
use tds_runtime::{Executive, RuntimeCall, SignedPayload, System, TxExtension, UncheckedExtrinsic};

fn signed_remark(signer: Sr25519Keyring, nonce: u32) -> UncheckedExtrinsic {
	let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![1, 2, 3] });
	let extension: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		pallet_admission::CheckAdmission::new(),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		frame_system::WeightReclaim::new(),
	);
	let payload = SignedPayload::new(call.clone(), extension.clone()).unwrap();
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(call, account(signer).into(), signature.into(), extension)
}

fn validate(xt: UncheckedExtrinsic) -> Result<(), TransactionValidityError> {
	let parent = System::parent_hash();
	Executive::validate_transaction(TransactionSource::External, xt, parent).map(|_| ())
}

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
