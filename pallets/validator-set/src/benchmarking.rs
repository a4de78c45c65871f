//! Benchmarks of `pallet-validator-set` (frame-benchmarking v2). The cost grows with the set's
//! size (the membership check scans it), so every call is measured up to a full set.

use super::*;
use alloc::vec::Vec;
use frame::benchmarking::prelude::*;

fn fill_set<T: Config>(size: u32) -> Result<Vec<T::AccountId>, BenchmarkError> {
	let set: Vec<T::AccountId> = (0..size).map(|i| account("validator", i, 0)).collect();
	for who in &set {
		T::BenchmarkHelper::register_session_keys(who);
	}
	let bounded = BoundedVec::try_from(set.clone()).map_err(|_| BenchmarkError::Weightless)?;
	Validators::<T>::put(bounded);
	Ok(set)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_validator(
		v: Linear<1, { T::MaxValidators::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		fill_set::<T>(v)?;
		let who: T::AccountId = account("candidate", 0, 0);
		T::BenchmarkHelper::register_session_keys(&who);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Validators::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn remove_validator(
		v: Linear<{ T::MinValidators::get().saturating_add(1) }, { T::MaxValidators::get() }>,
	) -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let set = fill_set::<T>(v)?;
		// The last one is the worst case for the scan.
		let who = set.last().cloned().ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
