//! Shared set-up for the runtime's tests: genesis from a preset, blocks, council motions.

#![allow(dead_code)]

use frame_support::{assert_ok, weights::Weight};
use serde_json::Value;
use sp_core::Encode;
use sp_keyring::Sr25519Keyring;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{
	generic::Era,
	transaction_validity::{TransactionSource, TransactionValidityError},
};
use sp_runtime::{traits::Hash as _, BuildStorage};
use std::sync::Arc;
use tds_runtime::{
	genesis_config_presets, AccountId, AllPalletsWithSystem, Council, Executive, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeGenesisConfig, RuntimeOrigin, SessionKeys, SignedPayload,
	System, TxExtension, UncheckedExtrinsic,
};

/// `patch` applied onto `base`, the way the node merges a preset onto the default genesis.
pub fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// The full genesis config of a preset.
pub fn preset_config(name: &str) -> RuntimeGenesisConfig {
	let patch = genesis_config_presets::get_preset(&name.into()).expect("preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, serde_json::from_slice(&patch).unwrap());
	serde_json::from_value(config).expect("the preset decodes into the genesis config")
}

/// Externalities at block 1 of a preset's genesis, with a keystore for session keys.
pub fn new_ext(preset: &str) -> sp_io::TestExternalities {
	let storage = preset_config(preset).build_storage().expect("the preset builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt(Arc::new(MemoryKeystore::new())));
	ext.execute_with(|| run_to_block(1));
	ext
}

/// Produce blocks up to `n` (the timestamp stays in Aura's slot 0: these blocks carry no
/// pre-runtime digest).
pub fn run_to_block(n: u32) {
	System::run_to_block_with::<AllPalletsWithSystem>(
		n,
		frame_system::RunToBlockHooks::default()
			.before_finalize(|_| pallet_timestamp::Pallet::<Runtime>::set_timestamp(0)),
	);
}

/// Run blocks until `sessions` more sessions have started.
pub fn run_sessions(sessions: u32) {
	let target = pallet_session::CurrentIndex::<Runtime>::get() + sessions;
	while pallet_session::CurrentIndex::<Runtime>::get() < target {
		run_to_block(System::block_number() + 1);
	}
}

pub fn account(who: Sr25519Keyring) -> AccountId {
	who.to_account_id()
}

/// Fresh session keys for `who`, generated in the keystore, registered with `Session::set_keys`.
pub fn register_session_keys(who: Sr25519Keyring) -> SessionKeys {
	let owner = account(who).encode();
	let generated = SessionKeys::generate(&owner, None);
	assert_ok!(tds_runtime::Session::set_keys(
		RuntimeOrigin::signed(account(who)),
		generated.keys.clone(),
		generated.proof.encode(),
	));
	generated.keys
}

/// The result of the last council motion executed, from the events.
fn last_motion_result() -> Option<sp_runtime::DispatchResult> {
	System::events().into_iter().rev().find_map(|record| match record.event {
		RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => Some(result),
		_ => None,
	})
}

/// Propose `call` to the council with `threshold`, have `ayes` vote for it, close it, and return
/// the dispatch result of the call (`None` if the motion did not execute).
pub fn council_motion(
	call: RuntimeCall,
	threshold: u32,
	ayes: &[Sr25519Keyring],
) -> Option<sp_runtime::DispatchResult> {
	System::reset_events();
	let proposer = ayes[0];
	let length = call.encoded_size() as u32;
	assert_ok!(Council::propose(
		RuntimeOrigin::signed(account(proposer)),
		threshold,
		Box::new(call.clone()),
		length
	));
	if threshold < 2 {
		return last_motion_result();
	}
	let hash = sp_runtime::traits::BlakeTwo256::hash_of(&call);
	let index =
		pallet_collective::ProposalCount::<Runtime, pallet_collective::Instance1>::get() - 1;
	for voter in ayes {
		assert_ok!(Council::vote(RuntimeOrigin::signed(account(*voter)), hash, index, true));
	}
	assert_ok!(Council::close(
		RuntimeOrigin::signed(account(proposer)),
		hash,
		index,
		Weight::from_parts(100_000_000_000, 1_000_000),
		length
	));
	last_motion_result()
}

/// `call` signed by `signer` with `nonce`, immortal, with the runtime's extensions.
pub fn signed(call: RuntimeCall, signer: Sr25519Keyring, nonce: u32) -> UncheckedExtrinsic {
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

/// A remark signed by `signer` with `nonce`.
pub fn signed_remark(signer: Sr25519Keyring, nonce: u32) -> UncheckedExtrinsic {
	signed(RuntimeCall::System(frame_system::Call::remark { remark: vec![1, 2, 3] }), signer, nonce)
}

/// Validation as the transaction pool does it.
pub fn validate(xt: UncheckedExtrinsic) -> Result<(), TransactionValidityError> {
	let parent = System::parent_hash();
	Executive::validate_transaction(TransactionSource::External, xt, parent).map(|_| ())
}
