//! # Governance pallet
//!
//! A production TDS Ledger chain has no sudo key (SPEC §2). Some calls can only be dispatched by
//! Root, above all `System::set_code` (runtime upgrades) and `System::set_storage`. This pallet
//! lets the consortium's admin origin, a 2/3 council motion, dispatch such a call as Root. It is
//! sudo whose key is a council vote.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

#[frame::pallet]
pub mod pallet {
	use super::*;
	use alloc::boxed::Box;
	use frame::{prelude::*, traits::UnfilteredDispatchable};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// A call of the runtime.
		type RuntimeCall: Parameter
			+ UnfilteredDispatchable<RuntimeOrigin = Self::RuntimeOrigin>
			+ GetDispatchInfo;
		/// Origin allowed to dispatch as Root: the consortium council.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Weight information for the calls.
		type WeightInfo: WeightInfo;
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A call approved by the admin origin was dispatched as Root.
		RootCallDispatched {
			/// The outcome of the dispatched call.
			result: DispatchResult,
		},
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Dispatch `call` with Root origin.
		///
		/// - Origin: [`Config::AdminOrigin`] (a 2/3 council motion).
		/// - `call`: any runtime call; typically `System::set_code` for a runtime upgrade.
		///
		/// Emits [`Event::RootCallDispatched`] with the call's own result: this call succeeds
		/// even when the dispatched call fails, so the motion is recorded as executed.
		#[pallet::call_index(0)]
		#[pallet::weight({
			let info = call.get_dispatch_info();
			(T::WeightInfo::dispatch_as_root().saturating_add(info.call_weight), info.class)
		})]
		pub fn dispatch_as_root(
			origin: OriginFor<T>,
			call: Box<<T as Config>::RuntimeCall>,
		) -> DispatchResultWithPostInfo {
			T::AdminOrigin::ensure_origin(origin)?;
			let result = call.dispatch_bypass_filter(frame_system::RawOrigin::Root.into());
			let actual_weight = result
				.map_or_else(|e| e.post_info.actual_weight, |info| info.actual_weight)
				.map(|weight| T::WeightInfo::dispatch_as_root().saturating_add(weight));
			Self::deposit_event(Event::RootCallDispatched {
				result: result.map(|_| ()).map_err(|e| e.error),
			});
			Ok(PostDispatchInfo { actual_weight, pays_fee: Pays::No })
		}
	}
}
