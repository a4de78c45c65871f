//! The benchmarks compiled into the runtime with `--features runtime-benchmarks`.

pub use frame_system_benchmarking::{
	extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
};
pub use pallet_node_authorization_benchmarking::Pallet as NodeAuthorizationBench;

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_timestamp, Timestamp]
	[pallet_admission, Admission]
	[pallet_governance, Governance]
	[pallet_validator_set, ValidatorSet]
	[pallet_membership, CouncilMembership]
	[pallet_collective, Council]
	[pallet_node_authorization, NodeAuthorizationBench::<Runtime>]
	[pallet_identity_registry, IdentityRegistry]
	[pallet_catalog, Catalog]
	[pallet_agreements, Agreements]
	[pallet_notary, Notary]
);
