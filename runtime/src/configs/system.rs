//! `frame_system` and `pallet_timestamp`.

use crate::{
	time::SLOT_DURATION_MS, weights, AccountId, Aura, Block, Hash, Moment, Nonce, PalletInfo,
	Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, RuntimeTask, VERSION,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstU32, ConstU64, Contains},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
};
use frame_system::limits::{BlockLength, BlockWeights};
use sp_runtime::Perbill;
use sp_version::RuntimeVersion;

/// Share of a block available to normal (non-operational) extrinsics.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	pub const Version: RuntimeVersion = VERSION;
	/// One second of compute per 2-second block: the other half is for import and propagation.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	/// 5 MiB per block, of which normal extrinsics may use 75%.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO.mul_floor(*max)
		})
		.build();
	/// Generic Substrate address format.
	pub const SS58Prefix: u8 = 42;
}

/// Calls no signed or council origin may dispatch (Root, through `Governance::dispatch_as_root`,
/// still can).
///
/// `pallet-node-authorization` lets a node's owner claim nodes and add unbounded sets of
/// "additional connections" to them. A consortium authorises every node by governance alone
/// (well-known nodes, each connected to all others), so those owner calls are switched off: they
/// would let any admitted account grow storage without bound.
pub struct ConsortiumCallFilter;

impl Contains<RuntimeCall> for ConsortiumCallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		use pallet_node_authorization::Call as NodeCall;
		!matches!(
			call,
			RuntimeCall::NodeAuthorization(
				NodeCall::claim_node { .. }
					| NodeCall::remove_claim { .. }
					| NodeCall::transfer_node { .. }
					| NodeCall::add_connections { .. }
					| NodeCall::remove_connections { .. }
			)
		)
	}
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type BaseCallFilter = ConsortiumCallFilter;
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	/// Mortal transactions may reference any of the last 2400 blocks (80 minutes).
	type BlockHashCount = ConstU32<2400>;
	/// The chain's database is ParityDB.
	type DbWeight = frame_support::weights::constants::ParityDbWeight;
	type Version = Version;
	/// No balances: accounts exist through references held by the admission pallet.
	type AccountData = ();
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	type SystemWeightInfo = weights::frame_system::WeightInfo<Runtime>;
	type ExtensionsWeightInfo = weights::frame_system_extensions::WeightInfo<Runtime>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = Moment;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION_MS / 2 }>;
	type WeightInfo = weights::pallet_timestamp::WeightInfo<Runtime>;
}
