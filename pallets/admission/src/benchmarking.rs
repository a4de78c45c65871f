//! Benchmarks of `pallet-admission` (frame-benchmarking v2).

use super::*;
use crate::Pallet as Admission;
use alloc::vec;
use frame::{
	benchmarking::prelude::*,
	deps::frame_support::dispatch::{DispatchInfo, PostDispatchInfo},
	traits::DispatchTransaction,
};

#[benchmarks(where
	T: Send + Sync,
	<T as frame_system::Config>::RuntimeCall:
		From<frame_system::Call<T>> + Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
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
	fn set_rate_limit() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let limit = RateLimit { max_transactions: 100, window_blocks: 10 };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Some(limit));

		assert_eq!(RateLimitInForce::<T>::get(), Some(limit));
		Ok(())
	}

	/// The costliest path: a signer linked to an identity (the identity's standing reads its
	/// record, its space and, for a connector, its owner), under a rate limit that is counted
	/// when the transaction is included.
	#[benchmark]
	fn check_admission() -> Result<(), BenchmarkError> {
		let who: T::AccountId = account("who", 0, 0);
		T::BenchmarkHelper::active_identity(&who);
		RateLimitInForce::<T>::put(RateLimit { max_transactions: 1_000, window_blocks: 10 });
		let call: T::RuntimeCall = frame_system::Call::<T>::remark { remark: vec![] }.into();
		let info = DispatchInfo::default();
		let extension = CheckAdmission::<T>::new();

		#[block]
		{
			extension
				.test_run(RawOrigin::Signed(who.clone()).into(), &call, &info, 0, 0, |_| {
					Ok(Default::default())
				})
				.map_err(|_| BenchmarkError::Stop("identity refused"))?
				.map_err(|_| BenchmarkError::Stop("call failed"))?;
		}

		let id = T::Identities::identity_of(&who).ok_or(BenchmarkError::Stop("no identity"))?;
		assert_eq!(RateUsage::<T>::get(RateSubject::Identity(id)).count, 1);
		Ok(())
	}

	impl_benchmark_test_suite!(Admission, crate::mock::new_test_ext(), crate::mock::Test);
}
