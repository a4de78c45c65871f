// Bootstrap: replaced by the output of scripts/gen-weights.sh.
use frame_support::weights::Weight;
pub struct WeightInfo<T>(core::marker::PhantomData<T>);
impl<T: frame_system::Config> pallet_validator_set::WeightInfo for WeightInfo<T> {
	fn add_validator(v: u32) -> Weight {
		<() as pallet_validator_set::WeightInfo>::add_validator(v)
	}
	fn remove_validator(v: u32) -> Weight {
		<() as pallet_validator_set::WeightInfo>::remove_validator(v)
	}
}
