use crate::{mock::*, CheckAdmission, RateLimit, RateLimitInForce, RateSubject, RateUsage, Usage};
use frame::{
	deps::sp_runtime::transaction_validity::{
		InvalidTransaction, TransactionSource::External, TransactionValidityError,
	},
	testing_prelude::*,
	traits::{DispatchTransaction, TransactionExtension, TxBaseImplication},
};
use tds_primitives::{
	identity::{IdentityId, Inactive, ParticipantStatus},
	transaction::RejectionCode,
};

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

fn remark_with_event() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark_with_event { remark: vec![1] })
}

fn validate_call(
	origin: RuntimeOrigin,
	call: &RuntimeCall,
) -> Result<(), TransactionValidityError> {
	let info = frame::deps::frame_support::dispatch::DispatchInfo::default();
	CheckAdmission::<Test>::new()
		.validate_only(origin, call, &info, 0, External, 0)
		.map(|_| ())
}

/// Validates and prepares as block inclusion does, then dispatches.
fn include(who: u64) -> Result<(), TransactionValidityError> {
	let info = frame::deps::frame_support::dispatch::DispatchInfo::default();
	CheckAdmission::<Test>::new()
		.test_run(RuntimeOrigin::signed(who), &remark(), &info, 0, 0, |_| Ok(Default::default()))
		.map(|_| ())
}

fn code(rejection: RejectionCode) -> Result<(), TransactionValidityError> {
	Err(InvalidTransaction::Custom(rejection.code()).into())
}

#[test]
fn a_linked_account_passes_only_while_its_identity_may_act() {
	new_test_ext().execute_with(|| {
		let id = IdentityId::repeat_byte(1);
		set_identity(BOB, id, Ok(()));
		assert_ok!(validate(RuntimeOrigin::signed(BOB)));
		let refusals = [
			(Inactive::Status(ParticipantStatus::Pending), RejectionCode::IdentityPending),
			(Inactive::Status(ParticipantStatus::Frozen), RejectionCode::IdentityFrozen),
			(Inactive::Status(ParticipantStatus::Revoked), RejectionCode::IdentityRevoked),
			(Inactive::Status(ParticipantStatus::Expired), RejectionCode::IdentityExpired),
			(Inactive::SpaceNotActive, RejectionCode::SpaceNotActive),
			(Inactive::OwnerNotActive, RejectionCode::OwnerNotActive),
		];
		for (inactive, rejection) in refusals {
			set_identity(BOB, id, Err(inactive));
			assert_eq!(validate(RuntimeOrigin::signed(BOB)), code(rejection), "{inactive:?}");
		}
	});
}

#[test]
fn an_identity_overrides_a_governance_admission() {
	new_test_ext().execute_with(|| {
		// ALICE is admitted by governance, but a frozen identity is refused all the same.
		set_identity(
			ALICE,
			IdentityId::repeat_byte(2),
			Err(Inactive::Status(ParticipantStatus::Frozen)),
		);
		assert_eq!(validate(RuntimeOrigin::signed(ALICE)), code(RejectionCode::IdentityFrozen));
	});
}

#[test]
fn duties_cover_only_their_calls() {
	new_test_ext().execute_with(|| {
		assert_ok!(validate_call(RuntimeOrigin::signed(COUNCILLOR), &remark_with_event()));
		assert_eq!(
			validate_call(RuntimeOrigin::signed(COUNCILLOR), &remark()),
			code(RejectionCode::AccountNotAdmitted)
		);
		assert_eq!(
			validate_call(RuntimeOrigin::signed(BOB), &remark_with_event()),
			code(RejectionCode::AccountNotAdmitted)
		);
	});
}

#[test]
fn the_rate_limit_refuses_then_releases_in_the_next_window() {
	new_test_ext().execute_with(|| {
		let limit = RateLimit { max_transactions: 2, window_blocks: 10 };
		assert_ok!(Admission::set_rate_limit(RuntimeOrigin::root(), Some(limit)));
		System::set_block_number(10);
		let id = IdentityId::repeat_byte(3);
		// Two accounts of one identity share its budget.
		set_identity(BOB, id, Ok(()));
		set_identity(3, id, Ok(()));
		assert_ok!(include(BOB));
		assert_ok!(include(3));
		assert_eq!(validate(RuntimeOrigin::signed(BOB)), code(RejectionCode::RateLimited));
		assert_eq!(include(3), code(RejectionCode::RateLimited));
		assert_eq!(
			RateUsage::<Test>::get(RateSubject::Identity(id)),
			Usage { window: 1, count: 2 }
		);
		// Another subject is not affected.
		assert_ok!(include(ALICE));
		// Still the same window at block 19; released at block 20.
		System::set_block_number(19);
		assert_eq!(validate(RuntimeOrigin::signed(BOB)), code(RejectionCode::RateLimited));
		System::set_block_number(20);
		assert_ok!(validate(RuntimeOrigin::signed(BOB)));
		assert_ok!(include(BOB));
		// Lifting the limit lets everything through.
		assert_ok!(Admission::set_rate_limit(RuntimeOrigin::root(), None));
		for _ in 0..5 {
			assert_ok!(include(BOB));
		}
	});
}

#[test]
fn set_rate_limit_is_for_governance_and_refuses_zeroes() {
	new_test_ext().execute_with(|| {
		let limit = RateLimit { max_transactions: 100, window_blocks: 10 };
		assert_noop!(
			Admission::set_rate_limit(RuntimeOrigin::signed(ALICE), Some(limit)),
			DispatchError::BadOrigin
		);
		for bad in [
			RateLimit { max_transactions: 0, window_blocks: 10 },
			RateLimit { max_transactions: 10, window_blocks: 0 },
		] {
			assert_noop!(
				Admission::set_rate_limit(RuntimeOrigin::root(), Some(bad)),
				crate::Error::<Test>::InvalidRateLimit
			);
		}
		assert_ok!(Admission::set_rate_limit(RuntimeOrigin::root(), Some(limit)));
		System::assert_last_event(crate::Event::RateLimitSet { limit: Some(limit) }.into());
		assert_eq!(RateLimitInForce::<Test>::get(), Some(limit));
	});
}
