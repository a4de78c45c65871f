//! # Admission pallet
//!
//! TDS Ledger has no native token: nobody pays fees, so nobody may sign a transaction merely by
//! holding a key. The [`CheckAdmission`] transaction extension decides, at the pool and in
//! blocks, whether a signed transaction may enter, in this order:
//!
//! 1. a **duty**: a council member's council calls, a validator's session-key calls, a space
//!    operator's identity-registry calls ([`Config::Duties`], defined by the runtime);
//! 2. an **identity**: an account linked in the identity registry ([`Config::Identities`]) may
//!    transact only while its identity may act; otherwise the rejection names why (pending,
//!    frozen, revoked, expired, space not active, owner not active);
//! 3. a **governance admission**: accounts admitted by a 2/3 council motion or at genesis
//!    (service accounts, validator candidates, the development preset's accounts).
//!
//! Everything else is refused with `InvalidTransaction::Custom(1)`. Admitted transactions are
//! then counted against a **rate limit** set by governance ([`Pallet::set_rate_limit`]): per
//! identity (all its accounts share one budget) or per account, in aligned windows of blocks.
//! An over-limit transaction is refused by the pool (`Custom(9)`), and one that reached the pool
//! before the window filled up is dropped when a block would include it, never queued for the
//! next window. Codes: [`tds_primitives::transaction::RejectionCode`].
//!
//! An admitted account receives one provider reference from this pallet the first time it is
//! admitted, so it can hold a nonce and session keys without a balance. The reference is never
//! released: a revoked account keeps its nonce, which prevents the replay of its earlier
//! transactions should it be admitted again.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use extension::CheckAdmission;
pub use pallet::*;
pub use tds_primitives::identity::IdentityInspect;
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

/// The calls an account may make by virtue of its duty, whatever its identity: a council
/// member's council calls, a validator's session-key calls, a space operator's registry calls.
pub trait Duties<AccountId, Call> {
	/// Whether `who`'s duty covers `call`.
	fn covers(who: &AccountId, call: &Call) -> bool;
}

impl<AccountId, Call> Duties<AccountId, Call> for () {
	fn covers(_: &AccountId, _: &Call) -> bool {
		false
	}
}

/// Sets up, in benchmarks, an account linked to an identity that may act (the costliest path of
/// the admission check).
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Make `who` the linked account of an active identity.
	fn active_identity(who: &AccountId);
}

#[frame::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame::prelude::*;
	use tds_primitives::{identity::IdentityInspect, transaction::RejectionCode};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Origin allowed to admit and revoke accounts and to set the rate limit: the
		/// consortium council.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Who is who: the identity registry.
		type Identities: IdentityInspect<Self::AccountId>;
		/// Which calls an account may make by virtue of its duty (council, validator, operator).
		type Duties: Duties<Self::AccountId, <Self as frame_system::Config>::RuntimeCall>;
		/// Weight information for the calls and the transaction extension.
		type WeightInfo: WeightInfo;
		/// Sets up the worst case of the admission check in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The rate limit in force; `None` means unlimited.
	#[pallet::storage]
	pub type RateLimitInForce<T: Config> = StorageValue<_, RateLimit, OptionQuery>;

	/// Transactions counted per subject in its latest window.
	#[pallet::storage]
	pub type RateUsage<T: Config> =
		StorageMap<_, Blake2_128Concat, RateSubject<T::AccountId>, Usage, ValueQuery>;

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
		/// The rate limit from the first block, if any.
		pub rate_limit: Option<RateLimit>,
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
			if let Some(limit) = self.rate_limit {
				assert!(limit.is_valid(), "the genesis rate limit must have non-zero numbers");
				RateLimitInForce::<T>::put(limit);
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
		/// The rate limit changed.
		RateLimitSet {
			/// The new limit; `None` lifts it.
			limit: Option<RateLimit>,
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
		/// A rate limit needs a non-zero number of transactions and a non-zero window.
		InvalidRateLimit,
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

		/// Set or lift the rate limit: at most `max_transactions` signed transactions per
		/// identity (or per account without identity) in each window of `window_blocks` blocks.
		///
		/// - Origin: [`Config::AdminOrigin`] (a 2/3 council motion).
		/// - `limit`: the new limit, both numbers non-zero; `None` lifts the limit.
		///
		/// Emits [`Event::RateLimitSet`]. Fails with [`Error::InvalidRateLimit`] for a zero.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_rate_limit())]
		pub fn set_rate_limit(origin: OriginFor<T>, limit: Option<RateLimit>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			if let Some(limit) = limit {
				ensure!(limit.is_valid(), Error::<T>::InvalidRateLimit);
			}
			RateLimitInForce::<T>::set(limit);
			Self::deposit_event(Event::RateLimitSet { limit });
			Ok(())
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

		/// Whom a signed transaction of `who` calling `call` counts against, or why it is
		/// refused (see the module documentation for the order of the checks).
		pub fn subject_of(
			who: &T::AccountId,
			call: &<T as frame_system::Config>::RuntimeCall,
		) -> Result<RateSubject<T::AccountId>, RejectionCode> {
			if T::Duties::covers(who, call) {
				return Ok(RateSubject::Account(who.clone()));
			}
			if let Some(id) = T::Identities::identity_of(who) {
				return T::Identities::standing(&id)
					.map(|()| RateSubject::Identity(id))
					.map_err(RejectionCode::for_inactive);
			}
			match Accounts::<T>::get(who).map(|record| record.status) {
				Some(AdmissionStatus::Admitted) => Ok(RateSubject::Account(who.clone())),
				Some(AdmissionStatus::Revoked) => Err(RejectionCode::AccountAdmissionRevoked),
				None => Err(RejectionCode::AccountNotAdmitted),
			}
		}

		/// The current window and the subject's usage in it, if a rate limit is in force.
		fn current_usage(subject: &RateSubject<T::AccountId>) -> Option<(RateLimit, Usage)> {
			let limit = RateLimitInForce::<T>::get()?;
			let block: u32 = frame_system::Pallet::<T>::block_number().saturated_into();
			let window = limit.window_of(block);
			let usage = RateUsage::<T>::get(subject);
			let count = if usage.window == window { usage.count } else { 0 };
			Some((limit, Usage { window, count }))
		}

		/// Refuses the transaction if the subject used up its window.
		pub fn check_rate(subject: &RateSubject<T::AccountId>) -> Result<(), RejectionCode> {
			match Self::current_usage(subject) {
				Some((limit, usage)) if usage.count >= limit.max_transactions => {
					Err(RejectionCode::RateLimited)
				},
				_ => Ok(()),
			}
		}

		/// Counts an included transaction, refusing it if the window is used up.
		pub fn note_transaction(subject: &RateSubject<T::AccountId>) -> Result<(), RejectionCode> {
			if let Some((limit, usage)) = Self::current_usage(subject) {
				if usage.count >= limit.max_transactions {
					return Err(RejectionCode::RateLimited);
				}
				let count = usage.count.saturating_add(1);
				RateUsage::<T>::insert(subject, Usage { window: usage.window, count });
			}
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
