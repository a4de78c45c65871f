//! Benchmarks of `pallet-governance` (frame-benchmarking v2): the overhead of dispatching a call
//! as Root, measured with the cheapest call (`System::remark` with an empty remark).

use super::*;
use alloc::{boxed::Box, vec};
use frame::benchmarking::prelude::*;

#[benchmarks(where <T as Config>::RuntimeCall: From<frame_system::Call<T>>)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn dispatch_as_root() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let call: <T as Config>::RuntimeCall =
			frame_system::Call::<T>::remark { remark: vec![] }.into();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Box::new(call));

		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
