//! A minimal runtime for the unit tests: Root is not the admin; account 1 is.

use crate as pallet_governance;
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
	pub type Governance = pallet_governance;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The account standing in for a council motion.
pub const COUNCIL: u64 = 1;
/// Any other account.
pub const OUTSIDER: u64 = 2;

ord_parameter_types! {
	pub const Council: u64 = COUNCIL;
}

impl pallet_governance::Config for Test {
	type RuntimeCall = RuntimeCall;
	type AdminOrigin = EnsureSignedBy<Council, u64>;
	type WeightInfo = ();
}

pub fn new_test_ext() -> TestState {
	let mut ext =
		TestState::new(frame_system::GenesisConfig::<Test>::default().build_storage().unwrap());
	ext.execute_with(|| System::set_block_number(1));
	ext
}
