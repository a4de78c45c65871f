//! A minimal runtime for the unit tests: Root is the admin, between 1 and 4 validators, and a
//! stand-in for the session pallet's key registry.

use crate as pallet_validator_set;
use core::cell::RefCell;
use frame::{testing_prelude::*, traits::ValidatorRegistration};
use std::collections::BTreeSet;

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_construct_runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeTask,
		RuntimeHoldReason,
		RuntimeFreezeReason
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type ValidatorSet = pallet_validator_set;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	static REGISTERED: RefCell<BTreeSet<u64>> = const { RefCell::new(BTreeSet::new()) };
}

/// Stands in for `pallet-session`: the accounts that have session keys.
pub struct SessionKeys;

impl SessionKeys {
	pub fn register(who: u64) {
		REGISTERED.with(|r| r.borrow_mut().insert(who));
	}
}

impl ValidatorRegistration<u64> for SessionKeys {
	fn is_registered(who: &u64) -> bool {
		REGISTERED.with(|r| r.borrow().contains(who))
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for SessionKeys {
	fn register_session_keys(who: &u64) {
		SessionKeys::register(*who);
	}
}

parameter_types! {
	pub const MaxValidators: u32 = 4;
	pub const MinValidators: u32 = 1;
}

impl pallet_validator_set::Config for Test {
	type AdminOrigin = EnsureRoot<u64>;
	type ValidatorRegistration = SessionKeys;
	type MaxValidators = MaxValidators;
	type MinValidators = MinValidators;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SessionKeys;
}

/// Genesis validators.
pub const GENESIS: [u64; 2] = [1, 2];
/// An account with session keys that is not a validator.
pub const CANDIDATE: u64 = 3;
/// An account without session keys.
pub const KEYLESS: u64 = 9;

/// Validators 1 and 2 at genesis; 1, 2 and 3 have session keys.
pub fn new_test_ext() -> TestState {
	REGISTERED.with(|r| *r.borrow_mut() = [1, 2, CANDIDATE].into_iter().collect());
	let storage = RuntimeGenesisConfig {
		validator_set: pallet_validator_set::GenesisConfig { validators: GENESIS.to_vec() },
		..Default::default()
	}
	.build_storage()
	.unwrap();
	let mut ext = TestState::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
