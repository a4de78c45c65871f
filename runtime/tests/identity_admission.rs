//! The admission extension over the identity registry, through the runtime's real transaction
//! pipeline: an unregistered account is refused, a registered one only once verified, a frozen
//! one at once; operators and council members are admitted for their duties only; the rate
//! limit refuses, then releases in the next window.

mod common;

use common::{account, council_motion, new_ext, run_to_block, signed, signed_remark, validate};
use pallet_identity_registry::{
	Call as RegistryCall, NewSubject, Qualification, Verdict, Verification,
};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};
use tds_primitives::{
	identity::{identity_id, IdentityKey, SpaceType, Uscc, VerificationSource},
	transaction::RejectionCode,
};
use tds_runtime::{Executive, IdentityRegistry, RuntimeCall, System};

const HUAWEI: &[u8] = b"914403001922038216";
const COUNCIL: [Sr25519Keyring; 3] = [Alice, Bob, Charlie];

fn refused(rejection: RejectionCode) -> Result<(), TransactionValidityError> {
	Err(InvalidTransaction::Custom(rejection.code()).into())
}

fn registry(call: RegistryCall<tds_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::IdentityRegistry(call)
}

fn apply(xt: tds_runtime::UncheckedExtrinsic) -> Result<(), TransactionValidityError> {
	Executive::apply_extrinsic(xt).map(|outcome| assert_eq!(outcome, Ok(())))
}

/// Alice files a space operated by Eve; the council approves it; Eve registers Huawei with
/// Ferdie's key. Returns Huawei's identifier.
fn space_with_pending_org() -> H256 {
	let qualification = Qualification {
		report: H256::repeat_byte(1),
		verifier: b"CESI".to_vec().try_into().unwrap(),
		verdict: Verdict::Pass,
		valid_from: 0,
		valid_until: u64::MAX,
		scenarios: H256::repeat_byte(2),
		restrictions: H256::repeat_byte(3),
		verified_on: 0,
	};
	apply(signed(
		registry(RegistryCall::file_space {
			name: b"Medical insurance data space".to_vec(),
			space_type: SpaceType::Industry,
			operators: vec![account(Eve)],
			qualifications: vec![qualification],
		}),
		Alice,
		0,
	))
	.unwrap();
	let approve = registry(RegistryCall::approve_space { space: 0, reason: H256::zero() });
	assert_eq!(council_motion(approve, 3, &COUNCIL), Some(Ok(())));
	let register = registry(RegistryCall::register_participant {
		space: 0,
		subject: NewSubject::Organisation { uscc: HUAWEI.to_vec().try_into().unwrap() },
		name: b"Huawei Technologies Co., Ltd.".to_vec(),
		key: Some(account(Ferdie)),
	});
	apply(signed(register, Eve, 0)).unwrap();
	identity_id(&IdentityKey::Organisation(Uscc::parse(HUAWEI).unwrap()))
}

fn verify(id: H256, eve_nonce: u32) {
	let verification = Verification {
		source: VerificationSource::Official,
		verifier: b"SAMR".to_vec().try_into().unwrap(),
		verified_on: 0,
		valid_until: None,
		materials: None,
	};
	apply(signed(registry(RegistryCall::verify_participant { id, verification }), Eve, eve_nonce))
		.unwrap();
}

#[test]
fn a_participant_transacts_only_while_its_identity_may_act() {
	new_ext("local_testnet").execute_with(|| {
		// Neither Eve nor Ferdie is known: refused.
		assert_eq!(validate(signed_remark(Eve, 0)), refused(RejectionCode::AccountNotAdmitted));
		assert_eq!(validate(signed_remark(Ferdie, 0)), refused(RejectionCode::AccountNotAdmitted));

		let id = space_with_pending_org();
		// Registered but not verified.
		assert_eq!(validate(signed_remark(Ferdie, 0)), refused(RejectionCode::IdentityPending));
		verify(id, 1);
		assert_eq!(validate(signed_remark(Ferdie, 0)), Ok(()));
		apply(signed_remark(Ferdie, 0)).unwrap();

		// The operator freezes it: the very next transaction is refused.
		let freeze =
			registry(RegistryCall::freeze_participant { id, reason: H256::repeat_byte(9) });
		apply(signed(freeze, Eve, 2)).unwrap();
		assert_eq!(validate(signed_remark(Ferdie, 1)), refused(RejectionCode::IdentityFrozen));
		assert_eq!(apply(signed_remark(Ferdie, 1)), refused(RejectionCode::IdentityFrozen));

		// A suspended space stops its participants and its operator.
		let unfreeze = registry(RegistryCall::unfreeze_participant { id, reason: H256::zero() });
		apply(signed(unfreeze, Eve, 3)).unwrap();
		assert_eq!(validate(signed_remark(Ferdie, 1)), Ok(()));
		let suspend = registry(RegistryCall::suspend_space { space: 0, reason: H256::zero() });
		assert_eq!(council_motion(suspend, 3, &COUNCIL), Some(Ok(())));
		assert_eq!(validate(signed_remark(Ferdie, 1)), refused(RejectionCode::SpaceNotActive));
		let by_suspended_operator =
			registry(RegistryCall::unfreeze_participant { id, reason: H256::zero() });
		assert_eq!(
			validate(signed(by_suspended_operator, Eve, 4)),
			refused(RejectionCode::AccountNotAdmitted)
		);
	});
}

#[test]
fn duties_admit_operators_and_council_members_for_their_calls_only() {
	new_ext("local_testnet").execute_with(|| {
		let id = space_with_pending_org();
		// The operator may call the registry, nothing else.
		assert_eq!(validate(signed_remark(Eve, 1)), refused(RejectionCode::AccountNotAdmitted));
		let freeze = registry(RegistryCall::freeze_participant { id, reason: H256::zero() });
		assert_eq!(validate(signed(freeze, Eve, 1)), Ok(()));
		// A council member may file a space, a stranger may not.
		let file = registry(RegistryCall::file_space {
			name: vec![],
			space_type: SpaceType::City,
			operators: vec![],
			qualifications: vec![],
		});
		assert_eq!(validate(signed(file.clone(), Dave, 0)), Ok(()));
		let stranger = Sr25519Keyring::One;
		assert_eq!(validate(signed(file, stranger, 0)), refused(RejectionCode::AccountNotAdmitted));
		assert_eq!(IdentityRegistry::participant_info(id).unwrap().record.keys.len(), 1);
	});
}

#[test]
fn the_rate_limit_refuses_over_limit_transactions_then_releases() {
	new_ext("local_testnet").execute_with(|| {
		let id = space_with_pending_org();
		verify(id, 1);
		let limit = pallet_admission::RateLimit { max_transactions: 3, window_blocks: 10 };
		let set =
			RuntimeCall::Admission(pallet_admission::Call::set_rate_limit { limit: Some(limit) });
		assert_eq!(council_motion(set, 3, &COUNCIL), Some(Ok(())));
		// Start of a window.
		let start = (System::block_number() / 10 + 1) * 10;
		run_to_block(start);
		for nonce in 0..3 {
			apply(signed_remark(Ferdie, nonce)).unwrap();
		}
		// Over the limit: refused by the pool and at inclusion, not queued.
		assert_eq!(validate(signed_remark(Ferdie, 3)), refused(RejectionCode::RateLimited));
		assert_eq!(apply(signed_remark(Ferdie, 3)), refused(RejectionCode::RateLimited));
		// Other signers are not affected (Alice signed the filing: her nonce is 1).
		assert_eq!(validate(signed_remark(Alice, 1)), Ok(()));
		// The next window releases it. The pool validates for the block after the best one.
		run_to_block(start + 8);
		assert_eq!(validate(signed_remark(Ferdie, 3)), refused(RejectionCode::RateLimited));
		run_to_block(start + 9);
		assert_eq!(validate(signed_remark(Ferdie, 3)), Ok(()));
		apply(signed_remark(Ferdie, 3)).unwrap();
	});
}
