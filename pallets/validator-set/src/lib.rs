//! # Validator-set pallet
//!
//! The member spaces' validators, as decided by the consortium council. The set is stored here and
//! handed to `pallet-session` as its `SessionManager`: a change made during session `n` is queued
//! at the start of session `n + 1` and the new validators author blocks and vote in GRANDPA from
//! session `n + 2` (session keys must be queued one session ahead so that every node knows the
//! next authorities before they act).
//!
//! A validator must have registered session keys (`Session::set_keys`) before it can be added;
//! otherwise the session pallet would silently leave it out.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

#[frame::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame::{prelude::*, traits::ValidatorRegistration};
	/// Index of a session, as counted by `pallet-session`.
	pub type SessionIndex = u32;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Origin allowed to add and remove validators: the consortium council.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Tells whether an account has registered session keys (`pallet-session`).
		type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;
		/// The largest validator set.
		#[pallet::constant]
		type MaxValidators: Get<u32>;
		/// The smallest validator set: removals below it are refused.
		#[pallet::constant]
		type MinValidators: Get<u32>;
		/// Weight information for the calls.
		type WeightInfo: WeightInfo;
		/// Prepares accounts for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The validator set decided by governance. It becomes the session's validator set as
	/// described in the pallet documentation.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Whether [`Validators`] changed since it was last handed to the session pallet.
	#[pallet::storage]
	pub type PendingChange<T: Config> = StorageValue<_, bool, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The validators of the first sessions. They must be the accounts given session keys in
		/// `pallet-session`'s genesis.
		pub validators: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let mut set = Vec::new();
			for who in &self.validators {
				if !set.contains(who) {
					set.push(who.clone());
				}
			}
			// An oversized genesis set is an invalid chain spec: refusing to build it is right.
			#[allow(clippy::panic)]
			let set = BoundedVec::<T::AccountId, T::MaxValidators>::try_from(set)
				.unwrap_or_else(|_| panic!("genesis validators exceed MaxValidators"));
			Validators::<T>::put(set);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A validator was added; it starts validating two session boundaries from now.
		ValidatorAdded {
			/// The new validator.
			who: T::AccountId,
		},
		/// A validator was removed; it stops validating two session boundaries from now.
		ValidatorRemoved {
			/// The removed validator.
			who: T::AccountId,
		},
		/// The changed set was handed to the session pallet; it is active from `session` on.
		ValidatorSetQueued {
			/// The session from which the set validates.
			session: SessionIndex,
			/// The queued set.
			validators: BoundedVec<T::AccountId, T::MaxValidators>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is a validator already.
		AlreadyExists,
		/// The account is not a validator.
		NotFound,
		/// The validator set is full ([`Config::MaxValidators`]).
		TooManyValidators,
		/// The removal would leave fewer than [`Config::MinValidators`] validators.
		TooFewValidators,
		/// The account has not registered session keys (`Session::set_keys`).
		NoSessionKeys,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Add `who` to the validator set.
		///
		/// - Origin: [`Config::AdminOrigin`] (a 2/3 council motion).
		/// - `who`: an account with registered session keys.
		///
		/// Emits [`Event::ValidatorAdded`]; the set is queued at the next session boundary
		/// ([`Event::ValidatorSetQueued`]).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator(T::MaxValidators::get()))]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(T::ValidatorRegistration::is_registered(&who), Error::<T>::NoSessionKeys);
			Self::change(SetChange::Add(who.clone()))?;
			Self::deposit_event(Event::ValidatorAdded { who });
			Ok(())
		}

		/// Remove `who` from the validator set.
		///
		/// - Origin: [`Config::AdminOrigin`] (a 2/3 council motion).
		/// - `who`: a current validator.
		///
		/// Emits [`Event::ValidatorRemoved`]; the set is queued at the next session boundary.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator(T::MaxValidators::get()))]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::change(SetChange::Remove(who.clone()))?;
			Self::deposit_event(Event::ValidatorRemoved { who });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		fn change(change: SetChange<T::AccountId>) -> DispatchResult {
			let set = apply_change(
				Validators::<T>::get().into_inner(),
				change,
				T::MinValidators::get(),
				T::MaxValidators::get(),
			)
			.map_err(|e| match e {
				ChangeError::AlreadyValidator => Error::<T>::AlreadyExists,
				ChangeError::NotValidator => Error::<T>::NotFound,
				ChangeError::TooManyValidators => Error::<T>::TooManyValidators,
				ChangeError::TooFewValidators => Error::<T>::TooFewValidators,
			})?;
			let set = BoundedVec::try_from(set).map_err(|_| Error::<T>::TooManyValidators)?;
			Validators::<T>::put(set);
			PendingChange::<T>::put(true);
			Ok(())
		}
	}

	/// Benchmark set-up the pallet cannot do by itself.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Give `who` session keys, so that it may be added as a validator.
		fn register_session_keys(who: &AccountId);
	}

	impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
		fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
			if !PendingChange::<T>::take() {
				return None;
			}
			let validators = Validators::<T>::get();
			Self::deposit_event(Event::ValidatorSetQueued {
				session: new_index,
				validators: validators.clone(),
			});
			Some(validators.into_inner())
		}

		fn end_session(_end_index: SessionIndex) {}

		fn start_session(_start_index: SessionIndex) {}
	}
}
