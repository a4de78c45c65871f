// Bootstrap: replaced by the output of scripts/gen-weights.sh.
use frame_support::weights::Weight;
pub struct WeightInfo<T>(core::marker::PhantomData<T>);
impl<T: frame_system::Config> pallet_admission::WeightInfo for WeightInfo<T> {
	fn admit() -> Weight {
		<() as pallet_admission::WeightInfo>::admit()
	}
	fn revoke() -> Weight {
		<() as pallet_admission::WeightInfo>::revoke()
	}
	fn check_admission() -> Weight {
		<() as pallet_admission::WeightInfo>::check_admission()
	}
}
