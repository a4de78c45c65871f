//! The consortium council, its admin origin and permissioned networking.

use crate::{
	time::DAYS, weights, AccountId, BlockNumber, Council, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin,
};
use frame_support::{parameter_types, traits::ConstU32, weights::Weight};
use frame_system::EnsureRoot;

/// The council's collective instance.
pub type CouncilCollective = pallet_collective::Instance1;

/// The largest council.
pub const MAX_COUNCIL_MEMBERS: u32 = 100;

/// The consortium's admin origin: a motion approved by at least two thirds of the council.
///
/// It admits and suspends members' validators and nodes, admits signers, changes the council,
/// and (through `Governance::dispatch_as_root`) upgrades the runtime. There is no sudo key.
pub type AdminOrigin =
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>;

parameter_types! {
	/// A motion not decided within three days expires.
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	pub const CouncilMaxProposals: u32 = 100;
	/// A motion may dispatch up to half a block.
	pub MaxProposalWeight: Weight = super::RuntimeBlockWeights::get().max_block.saturating_div(2);
}

impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = AdminOrigin;
	type RemoveOrigin = AdminOrigin;
	type SwapOrigin = AdminOrigin;
	type ResetOrigin = AdminOrigin;
	type PrimeOrigin = AdminOrigin;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = ConstU32<MAX_COUNCIL_MEMBERS>;
	type WeightInfo = weights::pallet_membership::WeightInfo<Runtime>;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = ConstU32<MAX_COUNCIL_MEMBERS>;
	/// An absent member counts as a vote against: approval needs explicit ayes.
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = weights::pallet_collective::WeightInfo<Runtime>;
	/// Membership is managed by `CouncilMembership`, itself governed by the council.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = AdminOrigin;
	type KillOrigin = AdminOrigin;
	/// No deposit for proposals: there is no token, and only council members may propose.
	type Consideration = ();
}

impl pallet_governance::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type AdminOrigin = AdminOrigin;
	type WeightInfo = weights::pallet_governance::WeightInfo<Runtime>;
}

impl pallet_node_authorization::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type MaxWellKnownNodes = ConstU32<256>;
	type MaxPeerIdLength = ConstU32<128>;
	type AddOrigin = AdminOrigin;
	type RemoveOrigin = AdminOrigin;
	type SwapOrigin = AdminOrigin;
	type ResetOrigin = AdminOrigin;
	type WeightInfo = weights::pallet_node_authorization::WeightInfo<Runtime>;
}
