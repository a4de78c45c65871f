//! A minimal runtime for the unit tests: `frame_system` and this pallet, Root as the admin.

use crate as pallet_admission;
use frame::testing_prelude::*;

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
	pub type Admission = pallet_admission;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

impl pallet_admission::Config for Test {
	type AdminOrigin = EnsureRoot<u64>;
	type WeightInfo = ();
}

/// Account admitted at genesis.
pub const ALICE: u64 = 1;
/// Account never admitted.
pub const BOB: u64 = 2;

/// Test externalities with [`ALICE`] admitted at genesis, at block 1 (events are recorded).
pub fn new_test_ext() -> TestState {
	let storage = RuntimeGenesisConfig {
		admission: pallet_admission::GenesisConfig { accounts: vec![ALICE, ALICE] },
		..Default::default()
	}
	.build_storage()
	.unwrap();
	let mut ext = TestState::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
