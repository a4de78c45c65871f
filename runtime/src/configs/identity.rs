//! The identity registry, and the admission of signers that rests on it.

use crate::{
	configs::AdminOrigin, weights, AccountId, CouncilMembership, IdentityRegistry, Runtime,
	RuntimeCall, Timestamp,
};
use frame_support::traits::{ConstU32, SortedMembers};
use frame_system::EnsureSignedBy;
use tds_primitives::identity::IdentityInspect;

impl pallet_identity_registry::Config for Runtime {
	type AdminOrigin = AdminOrigin;
	/// Any council member may file a space; admitting it takes a 2/3 motion.
	type FilingOrigin = EnsureSignedBy<CouncilMembership, AccountId>;
	type Time = Timestamp;
	/// Catalog, agreements and notary will observe freezes and suspensions here.
	type OnStatusChanged = ();
	type MaxNameLength = ConstU32<128>;
	type MaxOperators = ConstU32<8>;
	type MaxQualifications = ConstU32<8>;
	type MaxKeys = ConstU32<8>;
	type MaxPageSize = ConstU32<100>;
	type WeightInfo = weights::pallet_identity_registry::WeightInfo<Runtime>;
}

/// The calls an account may sign by virtue of its duty, whatever its identity:
///
/// - a council member: council motions and votes, and filing a space for review;
/// - a current validator: its session keys;
/// - an operator of an active space: the identity registry's, the catalog's and the
///   agreements' calls (registering, verifying, sanctioning its participants, reviewing its
///   catalog entries, publishing templates, filing and supervising agreements; each call checks
///   that the space is the operator's own).
pub struct ConsortiumDuties;

impl pallet_admission::Duties<AccountId, RuntimeCall> for ConsortiumDuties {
	fn covers(who: &AccountId, call: &RuntimeCall) -> bool {
		use pallet_identity_registry::Call as Registry;
		match call {
			RuntimeCall::Council(_)
			| RuntimeCall::IdentityRegistry(Registry::file_space { .. }) => CouncilMembership::contains(who),
			RuntimeCall::Session(_) => {
				pallet_validator_set::Validators::<Runtime>::get().contains(who)
			},
			RuntimeCall::IdentityRegistry(_)
			| RuntimeCall::Catalog(_)
			| RuntimeCall::Agreements(_) => IdentityRegistry::operated_space(who).is_some(),
			_ => false,
		}
	}
}

/// Benchmarks of the admission check run against a connector identity (the costliest standing).
#[cfg(feature = "runtime-benchmarks")]
pub struct AdmissionBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_admission::BenchmarkHelper<AccountId> for AdmissionBenchmarkHelper {
	fn active_identity(who: &AccountId) {
		IdentityRegistry::benchmark_active_identity(who);
	}
}

impl pallet_admission::Config for Runtime {
	type AdminOrigin = AdminOrigin;
	type Identities = IdentityRegistry;
	type Duties = ConsortiumDuties;
	type WeightInfo = weights::pallet_admission::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = AdmissionBenchmarkHelper;
}
