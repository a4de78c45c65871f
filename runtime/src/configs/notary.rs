//! The notary: notarised events and append-only Merkle log streams.

use crate::{weights, Agreements, Catalog, IdentityRegistry, Runtime, Timestamp};
use frame_support::traits::ConstU32;

impl pallet_notary::Config for Runtime {
	type Identities = IdentityRegistry;
	type Catalog = Catalog;
	type Agreements = Agreements;
	type Time = Timestamp;
	/// A full batch of 1,000 events is about 100 KiB of call data.
	type MaxBatchSize = ConstU32<1_000>;
	/// Covers every tree of up to 2^63 entries.
	type MaxProofLength = ConstU32<{ tds_primitives::merkle::MAX_PROOF_LENGTH }>;
	type MaxNameLength = ConstU32<64>;
	type MaxPageSize = ConstU32<100>;
	type WeightInfo = weights::pallet_notary::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = NotaryBenchmarkHelper;
}

/// Identities, catalog entries and agreements for the notary's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct NotaryBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_notary::BenchmarkHelper<crate::AccountId> for NotaryBenchmarkHelper {
	fn active_identity(who: &crate::AccountId) -> tds_primitives::identity::IdentityId {
		use tds_primitives::identity::IdentityInspect;
		IdentityRegistry::benchmark_active_identity(who);
		<IdentityRegistry as IdentityInspect<crate::AccountId>>::identity_of(who)
			.unwrap_or_default()
	}

	fn catalog_entry(seed: u32) -> tds_primitives::catalog::CatalogId {
		use tds_primitives::identity::{Role, Roles};
		let operator: crate::AccountId =
			frame_benchmarking::account("notary benchmark operator", seed, 0);
		let provider: crate::AccountId =
			frame_benchmarking::account("notary benchmark provider", seed, 0);
		let space = IdentityRegistry::benchmark_space(&operator);
		IdentityRegistry::benchmark_organisation(
			space,
			&provider,
			Roles::default().with(Role::Provider),
			seed.saturating_add(500),
		);
		Catalog::benchmark_published_entry(&provider, seed)
	}

	fn agreement(seed: u32) -> tds_primitives::agreement::AgreementId {
		Agreements::benchmark_agreement(seed)
	}
}
