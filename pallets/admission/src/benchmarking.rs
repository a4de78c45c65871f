//! Benchmarks of `pallet-admission` (frame-benchmarking v2).

use super::*;
use crate::Pallet as Admission;
use alloc::vec;
use frame::{
	benchmarking::prelude::*,
	deps::{
		frame_support::dispatch::DispatchInfo, sp_runtime::transaction_validity::TransactionSource,
	},
	traits::DispatchTransaction,
};

#[benchmarks(where
	T: Send + Sync,
	<T as frame_system::Config>::RuntimeCall:
		From<frame_system::Call<T>> + Dispatchable<Info = DispatchInfo>,
)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn admit() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who: T::AccountId = account("who", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Admission::<T>::is_admitted(&who));
		Ok(())
	}

	#[benchmark]
	fn revoke() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who: T::AccountId = account("who", 0, 0);
		Admission::<T>::do_admit(&who)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Admission::<T>::is_admitted(&who));
		Ok(())
	}

	#[benchmark]
	fn check_admission() -> Result<(), BenchmarkError> {
		let who: T::AccountId = account("who", 0, 0);
		Admission::<T>::do_admit(&who)?;
		let call: T::RuntimeCall = frame_system::Call::<T>::remark { remark: vec![] }.into();
		let info = DispatchInfo::default();
		let extension = CheckAdmission::<T>::new();

		#[block]
		{
			extension
				.validate_only(
					RawOrigin::Signed(who).into(),
					&call,
					&info,
					0,
					TransactionSource::External,
					0,
				)
				.map_err(|_| BenchmarkError::Stop("admitted account refused"))?;
		}

		Ok(())
	}

	impl_benchmark_test_suite!(Admission, crate::mock::new_test_ext(), crate::mock::Test);
}
