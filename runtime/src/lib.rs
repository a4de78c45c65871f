//! # TDS Ledger runtime
//!
//! The state machine of the Trusted Data Spaces consortium chain: Aura block production and GRANDPA
//! finality over a validator set the consortium council governs, permissioned networking, and
//! admission of signers without any native token, resting on the identity registry, and the
//! catalog, the agreements and the notary.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` expands to large enums.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
mod weights;

use alloc::{borrow::Cow, vec::Vec};
use sp_runtime::{generic, impl_opaque_keys};
use sp_version::RuntimeVersion;

pub use tds_primitives::{AccountId, Address, BlockNumber, Hash, Header, Moment, Nonce, Signature};

/// Opaque types for the node, which does not need to know the runtime's extrinsic format.
pub use tds_primitives::opaque;

impl_opaque_keys! {
	/// The keys a validator registers with `Session::set_keys`.
	pub struct SessionKeys {
		/// Block authoring (sr25519).
		pub aura: Aura,
		/// Finality voting (ed25519).
		pub grandpa: Grandpa,
	}
}

/// The runtime's version. Bump `spec_version` with every change of the runtime's logic and
/// `transaction_version` with every change of a call's index or parameters.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("tds-ledger"),
	impl_name: Cow::Borrowed("tds-ledger"),
	authoring_version: 1,
	spec_version: 105,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 5,
	system_version: 1,
};

/// Time, in blocks and slots.
pub mod time {
	use super::BlockNumber;

	/// Target block time: one slot. Fixed for the life of a chain (changing it bricks block
	/// production), so it is a runtime constant rather than a parameter.
	pub const SLOT_DURATION_MS: u64 = 2_000;

	/// Blocks per minute, per hour, per day at one block per slot (checked against
	/// [`SLOT_DURATION_MS`] by a test).
	pub const MINUTES: BlockNumber = 30;
	pub const HOURS: BlockNumber = MINUTES * 60;
	pub const DAYS: BlockNumber = HOURS * 24;

	/// Length of a session in blocks (20 s). A validator-set change decided in session `n` is
	/// active from session `n + 2`, so within 40 s. Rotating sessions costs nothing on a chain
	/// without staking, and GRANDPA changes its authority set only when the set really changes.
	pub const SESSION_PERIOD: BlockNumber = 10;
}

/// A block of this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The checks every signed transaction passes, in order. `CheckAdmission` comes before
/// `CheckNonce` so that an unknown signer is refused as not admitted.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	pallet_admission::CheckAdmission<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// An extrinsic as submitted to the chain.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations of the runtime beyond the pallets' own, oldest first.
type Migrations = ();

/// Dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// Core.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	// Consensus. `ValidatorSet` precedes `Session`, which precedes `Aura` and `Grandpa`, so that
	// session rotation sees the governed set and the consensus pallets see the rotated keys.
	#[runtime::pallet_index(10)]
	pub type ValidatorSet = pallet_validator_set;
	#[runtime::pallet_index(11)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(12)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(13)]
	pub type Grandpa = pallet_grandpa;

	// Governance and permissioning.
	#[runtime::pallet_index(20)]
	pub type CouncilMembership = pallet_membership<Instance1>;
	#[runtime::pallet_index(21)]
	pub type Council = pallet_collective<Instance1>;
	#[runtime::pallet_index(22)]
	pub type Governance = pallet_governance;
	#[runtime::pallet_index(23)]
	pub type NodeAuthorization = pallet_node_authorization;
	#[runtime::pallet_index(24)]
	pub type Admission = pallet_admission;

	// The four pillars of cross-space trust.
	#[runtime::pallet_index(30)]
	pub type IdentityRegistry = pallet_identity_registry;
	#[runtime::pallet_index(31)]
	pub type Catalog = pallet_catalog;
	#[runtime::pallet_index(32)]
	pub type Agreements = pallet_agreements;
	#[runtime::pallet_index(33)]
	pub type Notary = pallet_notary;
}
