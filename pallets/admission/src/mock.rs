//! A minimal runtime for the unit tests: `frame_system` and this pallet, Root as the admin, a
//! table of identities standing in for the identity registry, and one duty (remarks by
//! [`COUNCILLOR`]).

use crate as pallet_admission;
use core::cell::RefCell;
use frame::testing_prelude::*;
use std::collections::BTreeMap;
use tds_primitives::identity::{IdentityId, IdentityInspect, Inactive, Role, SpaceId};

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

/// An identity and whether it may act.
type Linked = (IdentityId, Result<(), Inactive>);

thread_local! {
	/// account → the identity it is linked to
	static IDENTITIES: RefCell<BTreeMap<u64, Linked>> = const { RefCell::new(BTreeMap::new()) };
}

/// Links `who` to identity `id` with the given standing.
pub fn set_identity(who: u64, id: IdentityId, standing: Result<(), Inactive>) {
	IDENTITIES.with(|table| table.borrow_mut().insert(who, (id, standing)));
}

/// The identity registry, as a table.
pub struct TableIdentities;
impl IdentityInspect<u64> for TableIdentities {
	fn identity_of(who: &u64) -> Option<IdentityId> {
		IDENTITIES.with(|table| table.borrow().get(who).map(|(id, _)| *id))
	}
	fn status(_: &IdentityId) -> Option<tds_primitives::identity::ParticipantStatus> {
		None
	}
	fn standing(id: &IdentityId) -> Result<(), Inactive> {
		IDENTITIES.with(|table| {
			table
				.borrow()
				.values()
				.find(|(known, _)| known == id)
				.map(|(_, standing)| *standing)
				.unwrap_or(Err(Inactive::Unknown))
		})
	}
	fn has_role(_: &IdentityId, _: Role) -> bool {
		false
	}
	fn home_space(_: &IdentityId) -> Option<SpaceId> {
		None
	}
	fn operated_space(_: &u64) -> Option<SpaceId> {
		None
	}
	fn owner_of(_: &IdentityId) -> Option<IdentityId> {
		None
	}
}

/// A council member whose duty covers `System::remark_with_event` only.
pub const COUNCILLOR: u64 = 7;

/// The mock's duties: [`COUNCILLOR`]'s `remark_with_event`.
pub struct MockDuties;
impl pallet_admission::Duties<u64, RuntimeCall> for MockDuties {
	fn covers(who: &u64, call: &RuntimeCall) -> bool {
		*who == COUNCILLOR
			&& matches!(call, RuntimeCall::System(frame_system::Call::remark_with_event { .. }))
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_admission::BenchmarkHelper<u64> for TableIdentities {
	fn active_identity(who: &u64) {
		set_identity(*who, IdentityId::repeat_byte(0xbe), Ok(()));
	}
}

impl pallet_admission::Config for Test {
	type AdminOrigin = EnsureRoot<u64>;
	type Identities = TableIdentities;
	type Duties = MockDuties;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TableIdentities;
}

/// Account admitted at genesis.
pub const ALICE: u64 = 1;
/// Account never admitted.
pub const BOB: u64 = 2;

/// Test externalities with [`ALICE`] admitted at genesis, at block 1 (events are recorded).
pub fn new_test_ext() -> TestState {
	let storage = RuntimeGenesisConfig {
		admission: pallet_admission::GenesisConfig {
			accounts: vec![ALICE, ALICE],
			rate_limit: None,
		},
		..Default::default()
	}
	.build_storage()
	.unwrap();
	let mut ext = TestState::new(storage);
	ext.execute_with(|| {
		IDENTITIES.with(|table| table.borrow_mut().clear());
		System::set_block_number(1);
	});
	ext
}
