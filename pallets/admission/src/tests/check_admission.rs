use crate::{mock::*, CheckAdmission};
use frame::{
	deps::sp_runtime::transaction_validity::{
		InvalidTransaction, TransactionSource::External, TransactionValidityError,
	},
	testing_prelude::*,
	traits::{DispatchTransaction, TransactionExtension, TxBaseImplication},
};
use tds_primitives::transaction::RejectionCode;

fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![1, 2, 3] })
}

fn validate(origin: RuntimeOrigin) -> Result<(), TransactionValidityError> {
	let info = frame::deps::frame_support::dispatch::DispatchInfo::default();
	CheckAdmission::<Test>::new()
		.validate_only(origin, &remark(), &info, 0, External, 0)
		.map(|_| ())
}

#[test]
fn admitted_signer_passes() {
	new_test_ext().execute_with(|| {
		assert_ok!(validate(RuntimeOrigin::signed(ALICE)));
	});
}

#[test]
fn unknown_signer_is_refused_with_its_code() {
	new_test_ext().execute_with(|| {
		assert_eq!(
			validate(RuntimeOrigin::signed(BOB)),
			Err(InvalidTransaction::Custom(RejectionCode::AccountNotAdmitted.code()).into())
		);
	});
}

#[test]
fn revoked_signer_is_refused_with_its_code() {
	new_test_ext().execute_with(|| {
		assert_ok!(Admission::revoke(RuntimeOrigin::root(), ALICE));
		assert_eq!(
			validate(RuntimeOrigin::signed(ALICE)),
			Err(InvalidTransaction::Custom(RejectionCode::AccountAdmissionRevoked.code()).into())
		);
	});
}

#[test]
fn unsigned_origin_passes_through() {
	new_test_ext().execute_with(|| {
		// `validate_only` would refuse the unauthorised origin itself; the extension must not.
		let info = frame::deps::frame_support::dispatch::DispatchInfo::default();
		let result = CheckAdmission::<Test>::new().validate(
			RuntimeOrigin::none(),
			&remark(),
			&info,
			0,
			(),
			&TxBaseImplication(()),
			External,
		);
		assert_ok!(result.map(|_| ()));
	});
}
