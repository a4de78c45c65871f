//! # Catalog
//!
//! Data trust (SPEC §4): anyone in any space can check that a data resource or product was
//! registered by a verified provider, passed its space's review, is compliant, and is exactly
//! what was listed ("list once, visible everywhere").
//!
//! - A provider (an identity holding [`Role::Provider`] that may act) **registers** an entry: a
//!   resource or a product (API, dataset, file), the digest of its full metadata document (kept
//!   off chain) and the minimal fields (what, from where, what it is, availability).
//! - It **submits** it for review with its authenticity declaration and its negative-list
//!   self-check; an entry answering yes to a prohibited category can never be submitted, public
//!   data needs its registration certificate.
//! - The home space's operator **approves** it (only now its persistent identifier
//!   `urn:tds:catalog:<space>:<n>` is assigned) or **rejects** it with a reason (rectification,
//!   then resubmission). The provider **publishes** it (a public-data derivative product needs
//!   its filing number). The operator (or any regulator) **suspends**, the operator
//!   **restores** and **revokes**; the provider **deregisters** with destruction evidence.
//! - **Updates** create a new version (every digest kept); an approved or listed entry goes back
//!   to review unless only its availability fields changed.
//! - **Cascade**: a listed entry whose provider or home space may not act reads as `Suspended`
//!   and is not usable by new agreements, until the identity registry says otherwise.
//! - A **change feed** (a monotonically increasing sequence) lets other spaces mirror the catalog
//!   incrementally, filtered by space, kind and classification.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

/// Sets up identities for the benchmarks: the catalog reads them through [`IdentityInspect`].
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// An active space operated by `operator`, with an active identity holding the provider role
	/// linked to `provider`; returns the space.
	fn provider_in_new_space(operator: &AccountId, provider: &AccountId, seed: u32) -> SpaceId;
	/// Makes `who` the key of an active regulator, in a space of its own.
	fn regulator(who: &AccountId, seed: u32);
}

/// An entry as stored by runtime `T`.
pub type EntryOf<T> = Entry<
	<T as frame::deps::frame_system::Config>::AccountId,
	frame::prelude::BlockNumberFor<T>,
	<T as Config>::MaxTextLength,
>;
/// The minimal fields in runtime `T`.
pub type FieldsOf<T> = Fields<<T as Config>::MaxTextLength>;
/// A feed change in runtime `T`.
pub type FeedChangeOf<T> =
	FeedChange<frame::prelude::BlockNumberFor<T>, <T as Config>::MaxTextLength>;
/// A version record in runtime `T`.
pub type VersionOf<T> = Version<frame::prelude::BlockNumberFor<T>>;

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
		/// Who is who: providers, operators, regulators (the identity registry).
		type Identities: IdentityInspect<Self::AccountId>;
		/// Longest text field (name, type, format, classification, certificate), in bytes.
		#[pallet::constant]
		type MaxTextLength: Get<u32>;
		/// Largest page answered by the paged queries.
		#[pallet::constant]
		type MaxPageSize: Get<u32>;
		/// Weight information for the calls.
		type WeightInfo: WeightInfo;
		/// Sets up identities in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The number the next registered entry receives.
	#[pallet::storage]
	pub type NextEntryId<T: Config> = StorageValue<_, EntryId, ValueQuery>;

	/// Entries by number.
	#[pallet::storage]
	pub type Entries<T: Config> = StorageMap<_, Twox64Concat, EntryId, EntryOf<T>, OptionQuery>;

	/// Every version of every entry, from 1.
	#[pallet::storage]
	pub type Versions<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EntryId, Twox64Concat, u32, VersionOf<T>, OptionQuery>;

	/// Approved entries by public identifier.
	#[pallet::storage]
	pub type Identifiers<T: Config> =
		StorageMap<_, Blake2_128Concat, CatalogId, EntryId, OptionQuery>;

	/// Entries approved so far in each space (the last identifier number given).
	#[pallet::storage]
	pub type ApprovedInSpace<T: Config> = StorageMap<_, Twox64Concat, SpaceId, u32, ValueQuery>;

	/// Metadata digests used in each space (by any version of any entry): a digest is listed
	/// once per space.
	#[pallet::storage]
	pub type DigestIndex<T: Config> =
		StorageDoubleMap<_, Twox64Concat, SpaceId, Identity, Digest, EntryId, OptionQuery>;

	/// Entries by provider.
	#[pallet::storage]
	pub type ByProvider<T: Config> =
		StorageDoubleMap<_, Identity, IdentityId, Twox64Concat, EntryId, (), OptionQuery>;

	/// Entries by home space.
	#[pallet::storage]
	pub type BySpace<T: Config> =
		StorageDoubleMap<_, Twox64Concat, SpaceId, Twox64Concat, EntryId, (), OptionQuery>;

	/// Entries by classification code.
	#[pallet::storage]
	pub type ByClassification<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		BoundedVec<u8, T::MaxTextLength>,
		Twox64Concat,
		EntryId,
		(),
		OptionQuery,
	>;

	/// Length of the change feed: the cursor after the latest change.
	#[pallet::storage]
	pub type FeedLength<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// The change feed, numbered from 0.
	#[pallet::storage]
	pub type Feed<T: Config> = StorageMap<_, Twox64Concat, u64, FeedChangeOf<T>, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A provider registered an entry.
		EntryRegistered {
			/// The entry.
			entry: EntryId,
			/// The provider identity.
			provider: IdentityId,
			/// Its home space.
			space: SpaceId,
			/// What it lists.
			kind: EntryKind,
		},
		/// An entry's status changed.
		EntryStatusChanged {
			/// The entry.
			entry: EntryId,
			/// Status before.
			from: EntryStatus,
			/// Status after.
			to: EntryStatus,
			/// The signing account (provider key, operator or regulator).
			by: T::AccountId,
			/// Reason digest (rejection, suspension, revocation, destruction evidence).
			reason: Option<Digest>,
		},
		/// An approved entry received its public identifier.
		IdentifierAssigned {
			/// The entry.
			entry: EntryId,
			/// Its identifier.
			identifier: CatalogId,
		},
		/// A provider updated an entry's metadata: a new version.
		EntryUpdated {
			/// The entry.
			entry: EntryId,
			/// The new version.
			version: u32,
			/// Its metadata digest.
			metadata: Digest,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such entry.
		NotFound,
		/// The signer may not do this (not the provider's key, not the space's operator, not a
		/// regulator).
		NotAuthorized,
		/// The metadata digest is already used in this space.
		AlreadyExists,
		/// The entry's status does not allow this action.
		InvalidTransition,
		/// The provider (or its space) may not act.
		IdentityNotActive,
		/// The identity does not hold the provider role.
		NotAProvider,
		/// A text field is longer than `MaxTextLength`.
		TooLong,
		/// The authenticity declaration is required for review.
		MissingDeclaration,
		/// The negative-list self-check is required for review.
		MissingSelfCheck,
		/// A prohibited category was answered yes: the entry can never be listed.
		ProhibitedContent,
		/// Public data needs its registration certificate.
		MissingRegistrationCertificate,
		/// A public-data derivative product needs its filing number before listing.
		MissingFilingNumber,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxPageSize::get() >= 1, "MaxPageSize must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(
			_n: BlockNumberFor<T>,
		) -> Result<(), frame::deps::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register an entry; it starts `Registered`.
		///
		/// - Origin: a signed key of an identity that may act and holds the provider role.
		/// - `kind`: resource, or product and form. `fields`: the minimal fields (texts at most
		///   `MaxTextLength` bytes). `metadata`: BLAKE3 digest of the full metadata document,
		///   not yet used in the provider's space.
		///
		/// Emits [`Event::EntryRegistered`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register())]
		pub fn register(
			origin: OriginFor<T>,
			kind: EntryKind,
			fields: FieldsInput,
			metadata: Digest,
		) -> DispatchResult {
			let (who, provider, space) = Self::ensure_provider(origin)?;
			let fields = fields.bounded::<T::MaxTextLength>().ok_or(Error::<T>::TooLong)?;
			ensure!(!DigestIndex::<T>::contains_key(space, metadata), Error::<T>::AlreadyExists);
			let entry = NextEntryId::<T>::get();
			NextEntryId::<T>::put(entry.checked_add(1).ok_or(ArithmeticError::Overflow)?);
			let now = frame_system::Pallet::<T>::block_number();
			DigestIndex::<T>::insert(space, metadata, entry);
			ByProvider::<T>::insert(provider, entry, ());
			BySpace::<T>::insert(space, entry, ());
			ByClassification::<T>::insert(&fields.classification, entry, ());
			Versions::<T>::insert(entry, 1, Version { metadata, at: now });
			let record = Entry {
				provider,
				space,
				kind,
				status: EntryStatus::Registered,
				identifier: None,
				version: 1,
				fields,
				metadata,
				declaration: None,
				self_check: None,
				public_data: None,
				last_reason: None,
				registered_by: who,
				changed_at: now,
			};
			Self::append_feed(entry, &record);
			Entries::<T>::insert(entry, record);
			Self::deposit_event(Event::EntryRegistered { entry, provider, space, kind });
			Ok(())
		}

		/// Submit an entry for its space's review, with the authenticity declaration and the
		/// negative-list self-check.
		///
		/// - Origin: a signed key of the entry's provider, which may act and still
		///   holds the provider role.
		/// - `entry`: registered or rejected. `declaration`: digest of the authenticity
		///   declaration (required). `self_check`: every negative-list category answered
		///   (required; no prohibited category may be yes). `registration_certificate`: required
		///   for public data and its derivatives.
		///
		/// Emits [`Event::EntryStatusChanged`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::submit_for_review())]
		pub fn submit_for_review(
			origin: OriginFor<T>,
			entry: EntryId,
			declaration: Option<Digest>,
			self_check: Option<NegativeListCheck>,
			registration_certificate: Option<Vec<u8>>,
		) -> DispatchResult {
			let mut record = Entries::<T>::get(entry).ok_or(Error::<T>::NotFound)?;
			let who = Self::ensure_listing_provider_of(origin, &record)?;
			let declaration = declaration.ok_or(Error::<T>::MissingDeclaration)?;
			let self_check = self_check.ok_or(Error::<T>::MissingSelfCheck)?;
			ensure!(!self_check.prohibited(), Error::<T>::ProhibitedContent);
			let certificate = registration_certificate
				.map(BoundedVec::<u8, T::MaxTextLength>::try_from)
				.transpose()
				.map_err(|_| Error::<T>::TooLong)?;
			if record.fields.source.needs_registration_certificate() {
				ensure!(
					certificate.as_ref().is_some_and(|c| !c.is_empty()),
					Error::<T>::MissingRegistrationCertificate
				);
			}
			let to = transition(record.status, EntryAction::Submit)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			record.declaration = Some(declaration);
			record.self_check = Some(self_check);
			record.public_data = certificate.map(|registration_certificate| PublicDataReferences {
				registration_certificate,
				filing_number: None,
			});
			Self::set_status(entry, record, to, who, None);
			Ok(())
		}

		/// Approve an entry under review; at its first approval it receives its identifier.
		///
		/// - Origin: a signed operator of the entry's (active) home space.
		/// - `entry`: under review.
		///
		/// Emits [`Event::EntryStatusChanged`] and, the first time, [`Event::IdentifierAssigned`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::approve())]
		pub fn approve(origin: OriginFor<T>, entry: EntryId) -> DispatchResult {
			let mut record = Entries::<T>::get(entry).ok_or(Error::<T>::NotFound)?;
			let who = Self::ensure_operator(origin, record.space)?;
			let to = transition(record.status, EntryAction::Approve)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			if record.identifier.is_none() {
				let number = ApprovedInSpace::<T>::get(record.space)
					.checked_add(1)
					.ok_or(ArithmeticError::Overflow)?;
				let identifier = CatalogId { space: record.space, number };
				ApprovedInSpace::<T>::insert(record.space, number);
				Identifiers::<T>::insert(identifier, entry);
				record.identifier = Some(identifier);
				Self::deposit_event(Event::IdentifierAssigned { entry, identifier });
			}
			Self::set_status(entry, record, to, who, None);
			Ok(())
		}

		/// Reject an entry under review: it goes back to its provider for rectification.
		///
		/// - Origin: a signed operator of the entry's (active) home space.
		/// - `entry`: under review. `reason`: digest of the review findings.
		///
		/// Emits [`Event::EntryStatusChanged`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reject())]
		pub fn reject(origin: OriginFor<T>, entry: EntryId, reason: Digest) -> DispatchResult {
			let record = Entries::<T>::get(entry).ok_or(Error::<T>::NotFound)?;
			let who = Self::ensure_operator(origin, record.space)?;
			Self::act(entry, record, EntryAction::Reject, who, Some(reason))
		}

		/// List an approved entry: visible everywhere, usable in agreements.
		///
		/// - Origin: a signed key of the entry's provider, which may act and still
		///   holds the provider role.
		/// - `entry`: approved. `filing_number`: required for a public-data derivative product.
		///
		/// Emits [`Event::EntryStatusChanged`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::publish())]
		pub fn publish(
			origin: OriginFor<T>,
			entry: EntryId,
			filing_number: Option<Vec<u8>>,
		) -> DispatchResult {
			let mut record = Entries::<T>::get(entry).ok_or(Error::<T>::NotFound)?;
			let who = Self::ensure_listing_provider_of(origin, &record)?;
			let filing_number = filing_number
				.map(BoundedVec::<u8, T::MaxTextLength>::try_from)
				.transpose()
				.map_err(|_| Error::<T>::TooLong)?
				.filter(|number| !number.is_empty());
			let derivative = record.fields.source == SourceClass::PublicDerivative
				&& matches!(record.kind, EntryKind::Product(_));
			if derivative {
				ensure!(filing_number.is_some(), Error::<T>::MissingFilingNumber);
			}
			let to = transition(record.status, EntryAction::Publish)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			if let (Some(number), Some(public)) = (filing_number, record.public_data.as_mut()) {
				public.filing_number = Some(number);
			}
			Self::set_status(entry, record, to, who, None);
			Ok(())
		}

		/// Suspend a listed entry.
		///
		/// - Origin: a signed operator of the entry's (active) home space, or a regulator.
		/// - `entry`: published. `reason`: digest of the decision or alert.
		///
		/// Emits [`Event::EntryStatusChanged`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(origin: OriginFor<T>, entry: EntryId, reason: Digest) -> DispatchResult {
			let record = Entries::<T>::get(entry).ok_or(Error::<T>::NotFound)?;
			let who = Self::ensure_operator_or_regulator(origin, record.space)?;
			Self::act(entry, record, EntryAction::Suspend, who, Some(reason))
		}

		/// Restore a suspended entry.
		///
		/// - Origin: a signed operator of the entry's (active) home space.
		/// - `entry`: suspended. `reason`: digest of the rectification.
		///
		/// Emits [`Event::EntryStatusChanged`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::restore())]
		pub fn restore(origin: OriginFor<T>, entry: EntryId, reason: Digest) -> DispatchResult {
			let record = Entries::<T>::get(entry).ok_or(Error::<T>::NotFound)?;
			let who = Self::ensure_operator(origin, record.space)?;
			Self::act(entry, record, EntryAction::Restore, who, Some(reason))
		}

		/// Remove an entry for good (force removal).
		///
		/// - Origin: a signed operator of the entry's (active) home space.
		/// - `entry`: approved, published or suspended. `reason`: digest of the decision.
		///
		/// Emits [`Event::EntryStatusChanged`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(origin: OriginFor<T>, entry: EntryId, reason: Digest) -> DispatchResult {
			let record = Entries::<T>::get(entry).ok_or(Error::<T>::NotFound)?;
			let who = Self::ensure_operator(origin, record.space)?;
			Self::act(entry, record, EntryAction::Revoke, who, Some(reason))
		}

		/// Withdraw an entry, with evidence that the listed data was destroyed.
		///
		/// - Origin: a signed key of the entry's provider, which may act.
		/// - `entry`: not under review and not terminal. `destruction_evidence`: its digest.
		///
		/// Emits [`Event::EntryStatusChanged`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::deregister())]
		pub fn deregister(
			origin: OriginFor<T>,
			entry: EntryId,
			destruction_evidence: Digest,
		) -> DispatchResult {
			let record = Entries::<T>::get(entry).ok_or(Error::<T>::NotFound)?;
			let who = Self::ensure_provider_of(origin, &record)?;
			Self::act(entry, record, EntryAction::Deregister, who, Some(destruction_evidence))
		}

		/// Record a new version of an entry's metadata. An approved or listed entry goes back
		/// to review unless only its availability fields (update frequency, authorisation
		/// type, usage restrictions) changed; an entry under review stays under review.
		///
		/// - Origin: a signed key of the entry's provider, which may act and still
		///   holds the provider role.
		/// - `entry`: not suspended and not terminal. `fields`: the new minimal fields (a source
		///   of public data only if the certificate was given at submission). `metadata`: the
		///   new document's digest, not yet used in the space.
		///
		/// Emits [`Event::EntryUpdated`] and, if the status changes,
		/// [`Event::EntryStatusChanged`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::update())]
		pub fn update(
			origin: OriginFor<T>,
			entry: EntryId,
			fields: FieldsInput,
			metadata: Digest,
		) -> DispatchResult {
			let mut record = Entries::<T>::get(entry).ok_or(Error::<T>::NotFound)?;
			let who = Self::ensure_listing_provider_of(origin, &record)?;
			let fields = fields.bounded::<T::MaxTextLength>().ok_or(Error::<T>::TooLong)?;
			ensure!(
				!DigestIndex::<T>::contains_key(record.space, metadata),
				Error::<T>::AlreadyExists
			);
			// Becoming public data needs the registration certificate, recorded at submission.
			if fields.source.needs_registration_certificate() {
				ensure!(record.public_data.is_some(), Error::<T>::MissingRegistrationCertificate);
			}
			let availability_only = record.fields.same_except_availability(&fields);
			let to = transition(record.status, EntryAction::Update { availability_only })
				.map_err(|_| Error::<T>::InvalidTransition)?;
			let version = record.version.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			let now = frame_system::Pallet::<T>::block_number();
			DigestIndex::<T>::insert(record.space, metadata, entry);
			Versions::<T>::insert(entry, version, Version { metadata, at: now });
			if record.fields.classification != fields.classification {
				ByClassification::<T>::remove(&record.fields.classification, entry);
				ByClassification::<T>::insert(&fields.classification, entry, ());
			}
			record.fields = fields;
			record.metadata = metadata;
			record.version = version;
			Self::deposit_event(Event::EntryUpdated { entry, version, metadata });
			Self::set_status(entry, record, to, who, None);
			Ok(())
		}
	}
}
