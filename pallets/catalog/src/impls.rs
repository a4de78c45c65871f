//! Origin checks, the status write path, the change feed, queries (served by the runtime API)
//! and [`CatalogInspect`].

use crate::*;
use alloc::vec::Vec;
use frame::prelude::*;

impl<T: Config> Pallet<T> {
	/// The signer, its provider identity and home space: it must be linked to an identity that
	/// may act and holds the provider role.
	pub(crate) fn ensure_provider(
		origin: OriginFor<T>,
	) -> Result<(T::AccountId, IdentityId, SpaceId), DispatchError> {
		let who = ensure_signed(origin)?;
		let provider = T::Identities::identity_of(&who).ok_or(Error::<T>::NotAuthorized)?;
		ensure!(T::Identities::is_active(&provider), Error::<T>::IdentityNotActive);
		ensure!(T::Identities::has_role(&provider, Role::Provider), Error::<T>::NotAProvider);
		let space = T::Identities::home_space(&provider).ok_or(Error::<T>::NotAuthorized)?;
		Ok((who, provider, space))
	}

	/// The signer, if it is a key of the entry's provider and the provider may act.
	pub(crate) fn ensure_provider_of(
		origin: OriginFor<T>,
		record: &EntryOf<T>,
	) -> Result<T::AccountId, DispatchError> {
		let who = ensure_signed(origin)?;
		ensure!(
			T::Identities::identity_of(&who) == Some(record.provider),
			Error::<T>::NotAuthorized
		);
		ensure!(T::Identities::is_active(&record.provider), Error::<T>::IdentityNotActive);
		Ok(who)
	}

	/// The signer, if it may move `record` towards listing: a key of its provider, which may act
	/// and still holds the provider role. Deregistration needs only
	/// [`Self::ensure_provider_of`], so a former provider can still withdraw its entries.
	pub(crate) fn ensure_listing_provider_of(
		origin: OriginFor<T>,
		record: &EntryOf<T>,
	) -> Result<T::AccountId, DispatchError> {
		let who = Self::ensure_provider_of(origin, record)?;
		ensure!(
			T::Identities::has_role(&record.provider, Role::Provider),
			Error::<T>::NotAProvider
		);
		Ok(who)
	}

	/// The signer, if it operates `space` and the space is active.
	pub(crate) fn ensure_operator(
		origin: OriginFor<T>,
		space: SpaceId,
	) -> Result<T::AccountId, DispatchError> {
		let who = ensure_signed(origin)?;
		ensure!(T::Identities::operated_space(&who) == Some(space), Error::<T>::NotAuthorized);
		Ok(who)
	}

	/// Whether `who` signs for an active regulator.
	pub fn is_regulator(who: &T::AccountId) -> bool {
		T::Identities::active_identity_of(who)
			.is_some_and(|id| T::Identities::has_role(&id, Role::Regulator))
	}

	/// An operator of `space`, or any regulator.
	pub(crate) fn ensure_operator_or_regulator(
		origin: OriginFor<T>,
		space: SpaceId,
	) -> Result<T::AccountId, DispatchError> {
		let who = ensure_signed(origin.clone())?;
		if Self::is_regulator(&who) {
			return Ok(who);
		}
		Self::ensure_operator(origin, space)
	}

	/// Applies `action` to the entry and stores the result.
	pub(crate) fn act(
		entry: EntryId,
		record: EntryOf<T>,
		action: EntryAction,
		by: T::AccountId,
		reason: Option<Digest>,
	) -> DispatchResult {
		let to = transition(record.status, action).map_err(|_| Error::<T>::InvalidTransition)?;
		Self::set_status(entry, record, to, by, reason);
		Ok(())
	}

	/// Stores `record` with status `to`, appends the change to the feed and announces a status
	/// change.
	pub(crate) fn set_status(
		entry: EntryId,
		mut record: EntryOf<T>,
		to: EntryStatus,
		by: T::AccountId,
		reason: Option<Digest>,
	) {
		let from = record.status;
		record.status = to;
		record.changed_at = frame_system::Pallet::<T>::block_number();
		if reason.is_some() {
			record.last_reason = reason;
		}
		Self::append_feed(entry, &record);
		Entries::<T>::insert(entry, record);
		if from != to {
			Self::deposit_event(Event::EntryStatusChanged { entry, from, to, by, reason });
		}
	}

	/// Appends the entry's current state to the change feed.
	pub(crate) fn append_feed(entry: EntryId, record: &EntryOf<T>) {
		let position = FeedLength::<T>::get();
		Feed::<T>::insert(
			position,
			FeedChange {
				entry,
				identifier: record.identifier,
				space: record.space,
				kind: record.kind,
				classification: record.fields.classification.clone(),
				status: record.status,
				version: record.version,
				metadata: record.metadata,
				at: frame_system::Pallet::<T>::block_number(),
			},
		);
		FeedLength::<T>::put(position.saturating_add(1));
	}

	/// The status as users see it: a listed entry whose provider or home space may not act
	/// reads as suspended (and is not usable) until they may act again.
	pub fn effective_status(record: &EntryOf<T>) -> EntryStatus {
		match record.status {
			EntryStatus::Published if !T::Identities::is_active(&record.provider) => {
				EntryStatus::Suspended
			},
			status => status,
		}
	}

	/// An entry with its effective status and every version.
	pub fn entry_info(entry: EntryId) -> Option<EntryInfo<EntryOf<T>, VersionOf<T>>> {
		let record = Entries::<T>::get(entry)?;
		let status = Self::effective_status(&record);
		let versions = (1..=record.version).filter_map(|v| Versions::<T>::get(entry, v)).collect();
		Some(EntryInfo { entry, record, status, versions })
	}

	/// An approved entry by public identifier.
	pub fn entry_by_identifier(id: CatalogId) -> Option<EntryInfo<EntryOf<T>, VersionOf<T>>> {
		Identifiers::<T>::get(id).and_then(Self::entry_info)
	}

	fn page(
		ids: impl Iterator<Item = EntryId>,
		limit: u32,
	) -> Vec<EntryInfo<EntryOf<T>, VersionOf<T>>> {
		let limit = usize::try_from(limit.min(T::MaxPageSize::get())).unwrap_or(0);
		ids.take(limit).filter_map(Self::entry_info).collect()
	}

	/// A page of a provider's entries, in storage order, after `start_after`.
	pub fn entries_of_provider(
		provider: IdentityId,
		start_after: Option<EntryId>,
		limit: u32,
	) -> Vec<EntryInfo<EntryOf<T>, VersionOf<T>>> {
		let ids = match start_after {
			Some(after) => ByProvider::<T>::iter_key_prefix_from(
				provider,
				ByProvider::<T>::hashed_key_for(provider, after),
			),
			None => ByProvider::<T>::iter_key_prefix(provider),
		};
		Self::page(ids, limit)
	}

	/// A page of a space's entries, in storage order, after `start_after`.
	pub fn entries_of_space(
		space: SpaceId,
		start_after: Option<EntryId>,
		limit: u32,
	) -> Vec<EntryInfo<EntryOf<T>, VersionOf<T>>> {
		let ids = match start_after {
			Some(after) => BySpace::<T>::iter_key_prefix_from(
				space,
				BySpace::<T>::hashed_key_for(space, after),
			),
			None => BySpace::<T>::iter_key_prefix(space),
		};
		Self::page(ids, limit)
	}

	/// A page of the entries with a classification code, in storage order, after `start_after`.
	pub fn entries_by_classification(
		classification: Vec<u8>,
		start_after: Option<EntryId>,
		limit: u32,
	) -> Vec<EntryInfo<EntryOf<T>, VersionOf<T>>> {
		let Ok(code) = BoundedVec::<u8, T::MaxTextLength>::try_from(classification) else {
			return Vec::new();
		};
		let ids = match start_after {
			Some(after) => ByClassification::<T>::iter_key_prefix_from(
				&code,
				ByClassification::<T>::hashed_key_for(&code, after),
			),
			None => ByClassification::<T>::iter_key_prefix(&code),
		};
		Self::page(ids, limit)
	}

	/// Up to `limit` (at most `MaxPageSize`) feed changes at positions `cursor..` matching
	/// `filter`, with their positions, and the cursor to continue from. At most
	/// `MaxPageSize × 4` positions are scanned per call, so a narrow filter may return fewer
	/// changes with a cursor that still advanced.
	pub fn changes_since(
		cursor: u64,
		filter: &FeedFilter,
		limit: u32,
	) -> (Vec<(u64, FeedChangeOf<T>)>, u64) {
		let limit = usize::try_from(limit.min(T::MaxPageSize::get())).unwrap_or(0);
		let scan = u64::from(T::MaxPageSize::get()).saturating_mul(4);
		let end = FeedLength::<T>::get().min(cursor.saturating_add(scan));
		let mut changes = Vec::new();
		let mut next = cursor;
		for position in cursor..end {
			if changes.len() >= limit {
				break;
			}
			next = position.saturating_add(1);
			let Some(change) = Feed::<T>::get(position) else { continue };
			let wanted = filter.space.is_none_or(|space| change.space == space)
				&& filter.kind.is_none_or(|kind| change.kind == kind)
				&& filter
					.classification
					.as_ref()
					.is_none_or(|code| change.classification.as_slice() == code.as_slice());
			if wanted {
				changes.push((position, change));
			}
		}
		(changes, next.max(cursor))
	}

	/// Whether `metadata` is the digest of the listed version of `id`, of an earlier one, or of
	/// none.
	pub fn verify(id: CatalogId, metadata: Digest) -> Verification {
		let Some(entry) = Identifiers::<T>::get(id) else {
			return Verification::UnknownIdentifier;
		};
		let Some(record) = Entries::<T>::get(entry) else {
			return Verification::UnknownIdentifier;
		};
		if record.metadata == metadata {
			return Verification::Current { version: record.version };
		}
		(1..record.version)
			.rev()
			.find(|v| {
				Versions::<T>::get(entry, v).is_some_and(|version| version.metadata == metadata)
			})
			.map_or(Verification::NoMatch, |version| Verification::Superseded {
				version,
				current: record.version,
			})
	}

	/// Storage invariants.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), frame::deps::sp_runtime::TryRuntimeError> {
		let next = NextEntryId::<T>::get();
		for (entry, record) in Entries::<T>::iter() {
			ensure!(entry < next, "entry at or above NextEntryId");
			ensure!(record.version >= 1, "entry without a version");
			for version in 1..=record.version {
				let v = Versions::<T>::get(entry, version).ok_or("version missing")?;
				ensure!(
					DigestIndex::<T>::get(record.space, v.metadata) == Some(entry),
					"version digest not indexed"
				);
			}
			ensure!(
				Versions::<T>::get(entry, record.version).map(|v| v.metadata)
					== Some(record.metadata),
				"current digest is not the last version's"
			);
			ensure!(ByProvider::<T>::contains_key(record.provider, entry), "provider index");
			ensure!(BySpace::<T>::contains_key(record.space, entry), "space index");
			ensure!(
				ByClassification::<T>::contains_key(&record.fields.classification, entry),
				"classification index"
			);
			match record.identifier {
				Some(id) => {
					ensure!(Identifiers::<T>::get(id) == Some(entry), "identifier index");
					ensure!(id.space == record.space, "identifier outside its space");
					ensure!(id.number <= ApprovedInSpace::<T>::get(id.space), "identifier number");
				},
				None => ensure!(
					matches!(
						record.status,
						EntryStatus::Registered
							| EntryStatus::UnderReview
							| EntryStatus::Rejected
							| EntryStatus::Deregistered
					),
					"approved entry without identifier"
				),
			}
		}
		for (_, entry) in Identifiers::<T>::iter() {
			ensure!(Entries::<T>::contains_key(entry), "identifier of nothing");
		}
		for (_, entry, ()) in ByClassification::<T>::iter() {
			ensure!(Entries::<T>::contains_key(entry), "classified nothing");
		}
		let length = FeedLength::<T>::get();
		ensure!(Feed::<T>::iter_keys().all(|position| position < length), "feed beyond length");
		ensure!(u64::try_from(Feed::<T>::iter_keys().count()).ok() == Some(length), "feed gap");
		Ok(())
	}
}

impl<T: Config> CatalogInspect for Pallet<T> {
	fn is_usable(id: &CatalogId) -> bool {
		Identifiers::<T>::get(id)
			.and_then(Entries::<T>::get)
			.is_some_and(|record| Self::effective_status(&record) == EntryStatus::Published)
	}

	fn provider_of(id: &CatalogId) -> Option<IdentityId> {
		Identifiers::<T>::get(id)
			.and_then(Entries::<T>::get)
			.map(|record| record.provider)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// A published resource of the provider whose key is `provider_key` (an active identity
	/// holding the provider role), registered through the real call and then listed directly,
	/// for other pallets' benchmarks. Returns its identifier.
	pub fn benchmark_published_entry(provider_key: &T::AccountId, seed: u32) -> CatalogId {
		let entry = NextEntryId::<T>::get();
		let fields = FieldsInput {
			name: b"benchmark resource".to_vec(),
			data_type: b"structured".to_vec(),
			format: b"CSV".to_vec(),
			source: SourceClass::Enterprise,
			classification: b"J6851".to_vec(),
			update_frequency: UpdateFrequency::Daily,
			authorisation: AuthorisationType::Contract,
			usage_restrictions: Digest::zero(),
			sensitivity: SensitivityLevel::General,
		};
		let metadata = Digest::from(frame::deps::sp_io::hashing::blake2_256(&seed.to_le_bytes()));
		let origin = frame_system::RawOrigin::Signed(provider_key.clone()).into();
		let registered = Self::register(origin, EntryKind::Resource, fields, metadata);
		let Some(mut record) = Entries::<T>::get(entry).filter(|_| registered.is_ok()) else {
			return CatalogId { space: 0, number: 0 };
		};
		let number = ApprovedInSpace::<T>::get(record.space).saturating_add(1);
		let identifier = CatalogId { space: record.space, number };
		ApprovedInSpace::<T>::insert(record.space, number);
		Identifiers::<T>::insert(identifier, entry);
		record.identifier = Some(identifier);
		record.status = EntryStatus::Published;
		Entries::<T>::insert(entry, record);
		identifier
	}
}
