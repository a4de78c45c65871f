// Bootstrap: replaced by the output of scripts/gen-weights.sh.
use frame_support::weights::Weight;
pub struct WeightInfo<T>(core::marker::PhantomData<T>);
impl<T: frame_system::Config> pallet_node_authorization::WeightInfo for WeightInfo<T> {
	fn add_well_known_node() -> Weight {
		<() as pallet_node_authorization::WeightInfo>::add_well_known_node()
	}
	fn remove_well_known_node() -> Weight {
		<() as pallet_node_authorization::WeightInfo>::remove_well_known_node()
	}
	fn swap_well_known_node() -> Weight {
		<() as pallet_node_authorization::WeightInfo>::swap_well_known_node()
	}
	fn reset_well_known_nodes() -> Weight {
		<() as pallet_node_authorization::WeightInfo>::reset_well_known_nodes()
	}
	fn claim_node() -> Weight {
		<() as pallet_node_authorization::WeightInfo>::claim_node()
	}
	fn remove_claim() -> Weight {
		<() as pallet_node_authorization::WeightInfo>::remove_claim()
	}
	fn transfer_node() -> Weight {
		<() as pallet_node_authorization::WeightInfo>::transfer_node()
	}
	fn add_connections() -> Weight {
		<() as pallet_node_authorization::WeightInfo>::add_connections()
	}
	fn remove_connections() -> Weight {
		<() as pallet_node_authorization::WeightInfo>::remove_connections()
	}
}
