//! The catalog of data resources and products.

use crate::{weights, IdentityRegistry, Runtime};
use frame_support::traits::ConstU32;

impl pallet_catalog::Config for Runtime {
	type Identities = IdentityRegistry;
	type MaxTextLength = ConstU32<128>;
	type MaxPageSize = ConstU32<100>;
	type WeightInfo = weights::pallet_catalog::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = CatalogBenchmarkHelper;
}

/// Identities for the catalog's benchmarks, written straight into the registry.
#[cfg(feature = "runtime-benchmarks")]
pub struct CatalogBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_catalog::BenchmarkHelper<crate::AccountId> for CatalogBenchmarkHelper {
	fn provider_in_new_space(
		operator: &crate::AccountId,
		provider: &crate::AccountId,
		seed: u32,
	) -> tds_primitives::identity::SpaceId {
		use tds_primitives::identity::{Role, Roles};
		let space = IdentityRegistry::benchmark_space(operator);
		IdentityRegistry::benchmark_organisation(
			space,
			provider,
			Roles::default().with(Role::Provider),
			seed,
		);
		space
	}

	fn regulator(who: &crate::AccountId, seed: u32) {
		use tds_primitives::identity::{Role, Roles};
		let operator: crate::AccountId =
			frame_benchmarking::account("regulator space operator", seed, 0);
		let space = IdentityRegistry::benchmark_space(&operator);
		IdentityRegistry::benchmark_organisation(
			space,
			who,
			Roles::default().with(Role::Regulator),
			seed,
		);
	}
}
