// Bootstrap: replaced by the output of scripts/gen-weights.sh.
use frame_support::weights::Weight;
pub struct WeightInfo<T>(core::marker::PhantomData<T>);
impl<T: frame_system::Config> pallet_governance::WeightInfo for WeightInfo<T> {
	fn dispatch_as_root() -> Weight {
		<() as pallet_governance::WeightInfo>::dispatch_as_root()
	}
}
