//! # Admission pallet
//!
//! TDS Ledger has no native token: nobody pays fees, so nobody may sign a transaction merely by
//! holding a key. This pallet keeps the set of accounts **admitted** to sign transactions, and the
//! [`CheckAdmission`] transaction extension refuses, at the pool and in blocks, every signed
//! transaction whose signer is not admitted (`InvalidTransaction::Custom(1)`, or `(2)` for a
//! revoked account; see [`tds_primitives::transaction::RejectionCode`]).
//!
//! Admission is granted and revoked by the consortium's admin origin (a 2/3 council motion) and
//! at genesis. The identity registry will admit the accounts linked to active identities through
//! [`Pallet::do_admit`] and [`Pallet::do_revoke`].
//!
//! An admitted account receives one provider reference from this pallet the first time it is
//! admitted, so it can hold a nonce and session keys without a balance. The reference is never
//! released: a revoked account keeps its nonce, which prevents the replay of its earlier
//! transactions should it be admitted again.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use extension::CheckAdmission;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod extension;
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
	use frame::prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Origin allowed to admit and revoke accounts: the consortium council.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Weight information for the calls and the transaction extension.
		type WeightInfo: WeightInfo;
	}

	/// Every account ever admitted, with its current status.
	#[pallet::storage]
	pub type Accounts<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		AdmissionRecord<BlockNumberFor<T>>,
		OptionQuery,
	>;

	#[pallet::genesis_config]
	#[derive(DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Accounts admitted from the first block (council members, validators, operators).
		pub accounts: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for who in &self.accounts {
				// A duplicate in the list is admitted once.
				if !Pallet::<T>::is_admitted(who) {
					let _ = Pallet::<T>::do_admit(who);
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account was admitted and may sign transactions.
		AccountAdmitted {
			/// The admitted account.
			who: T::AccountId,
		},
		/// An account's admission was revoked: its transactions are refused from now on.
		AccountRevoked {
			/// The revoked account.
			who: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already admitted.
		AlreadyExists,
		/// The account was never admitted.
		NotFound,
		/// The account's admission is already revoked.
		InvalidTransition,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Admit `who` to sign transactions.
		///
		/// - Origin: [`Config::AdminOrigin`] (a 2/3 council motion).
		/// - `who`: the account to admit; it may be new or previously revoked.
		///
		/// Emits [`Event::AccountAdmitted`]. Fails with [`Error::AlreadyExists`] if `who` is
		/// admitted already.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::admit())]
		pub fn admit(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_admit(&who)
		}

		/// Revoke the admission of `who`: from the next block on its signed transactions are
		/// refused by the pool and by block import.
		///
		/// - Origin: [`Config::AdminOrigin`] (a 2/3 council motion).
		/// - `who`: an admitted account.
		///
		/// Emits [`Event::AccountRevoked`]. Fails with [`Error::NotFound`] if `who` was never
		/// admitted and [`Error::InvalidTransition`] if it is revoked already.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_revoke(&who)
		}
	}

	impl<T: Config> Pallet<T> {
		/// Whether `who` may sign transactions now.
		pub fn is_admitted(who: &T::AccountId) -> bool {
			Accounts::<T>::get(who).is_some_and(|r| r.status == AdmissionStatus::Admitted)
		}

		/// Admit `who` without an origin check: for genesis and for pallets that admit accounts
		/// on governance's behalf (the identity registry).
		pub fn do_admit(who: &T::AccountId) -> DispatchResult {
			Self::apply(who, AdmissionEvent::Admit)?;
			Self::deposit_event(Event::AccountAdmitted { who: who.clone() });
			Ok(())
		}

		/// Revoke `who` without an origin check (see [`Self::do_admit`]).
		pub fn do_revoke(who: &T::AccountId) -> DispatchResult {
			Self::apply(who, AdmissionEvent::Revoke)?;
			Self::deposit_event(Event::AccountRevoked { who: who.clone() });
			Ok(())
		}

		fn apply(who: &T::AccountId, event: AdmissionEvent) -> DispatchResult {
			let previous = Accounts::<T>::get(who);
			let status =
				transition(previous.map(|record| record.status), event).map_err(|e| match e {
					TransitionError::AlreadyAdmitted => Error::<T>::AlreadyExists,
					TransitionError::NeverAdmitted => Error::<T>::NotFound,
					TransitionError::AlreadyRevoked => Error::<T>::InvalidTransition,
				})?;
			if previous.is_none() {
				// First admission: let the account exist without a balance. Never released.
				frame_system::Pallet::<T>::inc_providers(who);
			}
			let changed_at = frame_system::Pallet::<T>::block_number();
			Accounts::<T>::insert(who, AdmissionRecord { status, changed_at });
			Ok(())
		}
	}
}
