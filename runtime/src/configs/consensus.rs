//! Block production (Aura), finality (GRANDPA), sessions and the governed validator set.

use super::{AdminOrigin, NoTokens};
use crate::{
	time::SESSION_PERIOD, weights, AccountId, Runtime, RuntimeEvent, SessionKeys, ValidatorSet,
};
use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32, ConstU64},
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::traits::{ConvertInto, OpaqueKeys};

/// The largest validator set (Aura and GRANDPA authorities).
pub const MAX_VALIDATORS: u32 = 100;

parameter_types! {
	pub const SessionPeriod: crate::BlockNumber = SESSION_PERIOD;
	pub const SessionOffset: crate::BlockNumber = 0;
	/// Session keys are free: there is no token to deposit.
	pub const KeyDeposit: u128 = 0;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// Upstream's benchmark-derived defaults (`pallet_grandpa::default_weights`): the pallet's
	// benchmarks do not match its weight trait, and its only callable calls here are Root's
	// `note_stalled` and `report_equivocation`, which cannot succeed (`KeyOwnerProof = Void`).
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	// Equivocations are not reported on chain: there is no stake to slash, and a consortium
	// member that equivocates is removed by the council.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = ValidatorSet;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	// Upstream's benchmarked weights: the session benchmarks need `pallet-session`'s historical
	// module, which a chain without staking does not run.
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = NoTokens;
	type KeyDeposit = KeyDeposit;
}

impl pallet_validator_set::Config for Runtime {
	type AdminOrigin = AdminOrigin;
	type ValidatorRegistration = crate::Session;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	/// GRANDPA tolerates no fault with fewer than four validators; one is the floor for a chain
	/// that must keep producing blocks.
	type MinValidators = ConstU32<1>;
	type WeightInfo = weights::pallet_validator_set::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::SessionKeysHelper;
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use crate::{AccountId, Runtime, SessionKeys};
	use sp_core::{ed25519, sr25519};

	/// Registers distinct session keys for benchmark accounts. Writing `NextKeys` directly is
	/// what `Session::set_keys` leaves behind, without the ownership proof a benchmark cannot
	/// produce for arbitrary accounts.
	pub struct SessionKeysHelper;

	impl pallet_validator_set::BenchmarkHelper<AccountId> for SessionKeysHelper {
		fn register_session_keys(who: &AccountId) {
			let raw: [u8; 32] = *who.as_ref();
			let keys = SessionKeys {
				aura: sr25519::Public::from_raw(raw).into(),
				grandpa: ed25519::Public::from_raw(raw).into(),
			};
			pallet_session::NextKeys::<Runtime>::insert(who, keys);
		}
	}
}
