//! Digital contracts: templates, agreements, usage policies, breaches and disputes.

use crate::{configs::AdminOrigin, weights, Catalog, IdentityRegistry, Runtime, Timestamp};
use frame_support::traits::ConstU32;

impl pallet_agreements::Config for Runtime {
	type Identities = IdentityRegistry;
	type Catalog = Catalog;
	type Time = Timestamp;
	/// The council appoints arbitrators.
	type ArbitrationOrigin = AdminOrigin;
	type MaxParties = ConstU32<8>;
	type MaxEntries = ConstU32<8>;
	type MaxPolicyItems = ConstU32<16>;
	type MaxEvidence = ConstU32<16>;
	type MaxPageSize = ConstU32<100>;
	/// One gateway round's reports for an agreement: users × scenarios × manners × windows.
	type MaxUsageReports = ConstU32<32>;
	type WeightInfo = weights::pallet_agreements::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = AgreementsBenchmarkHelper;
}

/// Identities and catalog entries for the agreements' benchmarks, written straight into the
/// registry and the catalog.
#[cfg(feature = "runtime-benchmarks")]
pub struct AgreementsBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_agreements::BenchmarkHelper<crate::AccountId> for AgreementsBenchmarkHelper {
	fn space(operator: &crate::AccountId) -> tds_primitives::identity::SpaceId {
		IdentityRegistry::benchmark_space(operator)
	}

	fn organisation(
		space: tds_primitives::identity::SpaceId,
		key: &crate::AccountId,
		role: tds_primitives::identity::Role,
		seed: u32,
	) -> tds_primitives::identity::IdentityId {
		use tds_primitives::identity::Roles;
		IdentityRegistry::benchmark_organisation(space, key, Roles::default().with(role), seed)
	}

	fn published_entry(
		provider_key: &crate::AccountId,
		seed: u32,
	) -> tds_primitives::catalog::CatalogId {
		Catalog::benchmark_published_entry(provider_key, seed)
	}
}
