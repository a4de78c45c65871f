//! Origin checks, the record write path, queries (served by the runtime API) and the storage
//! invariants.

use crate::*;
use alloc::vec::Vec;
use frame::{prelude::*, traits::Time};

impl<T: Config> Pallet<T> {
	/// The signer and its identity, which must be able to act now.
	pub(crate) fn ensure_active(
		origin: OriginFor<T>,
	) -> Result<(T::AccountId, IdentityId), DispatchError> {
		let who = ensure_signed(origin)?;
		let identity = T::Identities::identity_of(&who).ok_or(Error::<T>::NotAuthorized)?;
		ensure!(T::Identities::is_active(&identity), Error::<T>::IdentityNotActive);
		Ok((who, identity))
	}

	/// Checks an event before anything is recorded: well-formed digests, known references.
	pub(crate) fn check(item: &Notarisation) -> DispatchResult {
		ensure!(!item.digest.is_zero(), Error::<T>::InvalidDigest);
		ensure!(!item.metadata.is_some_and(|m| m.is_zero()), Error::<T>::InvalidDigest);
		if let Some(entry) = &item.catalog_entry {
			ensure!(T::Catalog::provider_of(entry).is_some(), Error::<T>::UnknownCatalogEntry);
		}
		if let Some(agreement) = item.agreement {
			ensure!(T::Agreements::exists(agreement), Error::<T>::UnknownAgreement);
		}
		Ok(())
	}

	/// Records a checked event with sequence number `*sequence` (then advanced), indexes it and
	/// announces it; a digest notarised before keeps its record and is announced as such.
	pub(crate) fn record(
		who: &T::AccountId,
		identity: IdentityId,
		item: Notarisation,
		sequence: &mut u64,
	) -> DispatchResult {
		let Notarisation { digest, kind, catalog_entry, agreement, metadata } = item;
		if let Some(first) = Records::<T>::get(digest) {
			Self::deposit_event(Event::AlreadyNotarised {
				digest,
				identity: first.identity,
				block: first.block,
			});
			return Ok(());
		}
		let number = *sequence;
		Records::<T>::insert(
			digest,
			Record {
				identity,
				account: who.clone(),
				kind,
				catalog_entry,
				agreement,
				metadata,
				block: frame_system::Pallet::<T>::block_number(),
				timestamp: T::Time::now(),
				sequence: number,
			},
		);
		let position = position_key(number);
		Index::<T>::insert(RecordIndex::Identity(identity), position, digest);
		Index::<T>::insert(RecordIndex::Kind(kind), position, digest);
		if let Some(entry) = catalog_entry {
			Index::<T>::insert(RecordIndex::CatalogEntry(entry), position, digest);
		}
		if let Some(agreement) = agreement {
			Index::<T>::insert(RecordIndex::Agreement(agreement), position, digest);
		}
		*sequence = number.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		Self::deposit_event(Event::Notarised { digest, identity, kind, sequence: number });
		Ok(())
	}

	/// The batch size a batch's weight is computed for: beyond `MaxBatchSize` the call fails
	/// before recording anything, so it is charged as the largest batch.
	pub fn batch_len(items: &[Notarisation]) -> u32 {
		u32::try_from(items.len()).unwrap_or(u32::MAX).min(T::MaxBatchSize::get())
	}

	/// The proof length an anchor's weight is computed for (see [`Self::batch_len`]).
	pub fn proof_len(proof: &[Digest]) -> u32 {
		u32::try_from(proof.len()).unwrap_or(u32::MAX).min(T::MaxProofLength::get())
	}

	fn page_limit(limit: u32) -> usize {
		usize::try_from(limit.clamp(1, T::MaxPageSize::get())).unwrap_or(1)
	}

	/// The record of a notarised digest.
	pub fn record_of(digest: Digest) -> Option<RecordOf<T>> {
		Records::<T>::get(digest)
	}

	/// A page of an index, in notarisation order, after the record with sequence number
	/// `start_after`.
	pub fn records(
		index: RecordIndex,
		start_after: Option<u64>,
		limit: u32,
	) -> RecordPage<RecordOf<T>> {
		let limit = Self::page_limit(limit);
		let entries: Vec<([u8; 8], Digest)> = match start_after {
			Some(after) => Index::<T>::iter_prefix_from(
				index,
				Index::<T>::hashed_key_for(index, position_key(after)),
			)
			.take(limit.saturating_add(1))
			.collect(),
			None => Index::<T>::iter_prefix(index).take(limit.saturating_add(1)).collect(),
		};
		let more = entries.len() > limit;
		let items = entries
			.into_iter()
			.take(limit)
			.filter_map(|(position, digest)| {
				Records::<T>::get(digest).map(|record| (position_of(position), digest, record))
			})
			.collect();
		RecordPage { items, more }
	}

	/// A stream by number.
	pub fn stream(stream: StreamId) -> Option<StreamOf<T>> {
		Streams::<T>::get(stream)
	}

	/// A page of an identity's streams, in opening order, after `start_after`.
	pub fn streams_of(
		owner: IdentityId,
		start_after: Option<StreamId>,
		limit: u32,
	) -> Vec<(StreamId, StreamOf<T>)> {
		let limit = Self::page_limit(limit);
		let ids: Vec<[u8; 8]> = match start_after {
			Some(after) => StreamsOf::<T>::iter_key_prefix_from(
				owner,
				StreamsOf::<T>::hashed_key_for(owner, position_key(after)),
			)
			.take(limit)
			.collect(),
			None => StreamsOf::<T>::iter_key_prefix(owner).take(limit).collect(),
		};
		ids.into_iter()
			.map(position_of)
			.filter_map(|id| Streams::<T>::get(id).map(|stream| (id, stream)))
			.collect()
	}

	/// A stream's anchors from position `from` in its history, oldest first.
	pub fn anchors(stream: StreamId, from: u32, limit: u32) -> Vec<AnchorOf<T>> {
		let limit = u32::try_from(Self::page_limit(limit)).unwrap_or(1);
		(from..from.saturating_add(limit))
			.map_while(|index| AnchorHistory::<T>::get(stream, index))
			.filter_map(|size| Anchors::<T>::get(stream, size))
			.collect()
	}

	/// The anchor of a stream at tree size `size`: when (block, time) that size was anchored.
	pub fn anchor_at(stream: StreamId, size: u64) -> Option<AnchorOf<T>> {
		Anchors::<T>::get(stream, size)
	}

	/// The storage invariants: records and indexes agree, every stream's history is complete,
	/// strictly growing and ends at the stream's current size and root.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), frame::deps::sp_runtime::TryRuntimeError> {
		let count = RecordCount::<T>::get();
		let mut records = 0u64;
		for (digest, record) in Records::<T>::iter() {
			ensure!(record.sequence < count, "record beyond the count");
			let position = position_key(record.sequence);
			ensure!(
				Index::<T>::get(RecordIndex::Identity(record.identity), position) == Some(digest),
				"record missing from its identity's index"
			);
			ensure!(
				Index::<T>::get(RecordIndex::Kind(record.kind), position) == Some(digest),
				"record missing from its kind's index"
			);
			if let Some(entry) = record.catalog_entry {
				ensure!(
					Index::<T>::get(RecordIndex::CatalogEntry(entry), position) == Some(digest),
					"record missing from its entry's index"
				);
			}
			if let Some(agreement) = record.agreement {
				ensure!(
					Index::<T>::get(RecordIndex::Agreement(agreement), position) == Some(digest),
					"record missing from its agreement's index"
				);
			}
			records = records.saturating_add(1);
		}
		ensure!(records == count, "record count differs from the records");
		for (index, position, digest) in Index::<T>::iter() {
			let record = Records::<T>::get(digest).ok_or("index of no record")?;
			ensure!(position_of(position) == record.sequence, "index at a wrong position");
			let matches = match index {
				RecordIndex::Identity(identity) => record.identity == identity,
				RecordIndex::Kind(kind) => record.kind == kind,
				RecordIndex::CatalogEntry(entry) => record.catalog_entry == Some(entry),
				RecordIndex::Agreement(agreement) => record.agreement == Some(agreement),
			};
			ensure!(matches, "record in a wrong index");
		}
		let next = NextStreamId::<T>::get();
		for (id, stream) in Streams::<T>::iter() {
			ensure!(id < next, "stream beyond the next number");
			ensure!(StreamsOf::<T>::contains_key(stream.owner, position_key(id)), "unlisted");
			let mut last = (0u64, Digest::from(merkle::empty_root()));
			for index in 0..stream.anchors {
				let size = AnchorHistory::<T>::get(id, index).ok_or("anchor history gap")?;
				let anchor = Anchors::<T>::get(id, size).ok_or("history of no anchor")?;
				ensure!(anchor.index == index && anchor.size == size, "anchor misfiled");
				ensure!(size > last.0, "anchor history not growing");
				last = (size, anchor.root);
			}
			ensure!(AnchorHistory::<T>::get(id, stream.anchors).is_none(), "history too long");
			ensure!((stream.size, stream.root) == last, "stream head is not its last anchor");
			ensure!(
				u64::try_from(Anchors::<T>::iter_prefix(id).count()).ok()
					== Some(u64::from(stream.anchors)),
				"anchors outside the history"
			);
		}
		for (owner, key, ()) in StreamsOf::<T>::iter() {
			let stream = Streams::<T>::get(position_of(key)).ok_or("listed stream missing")?;
			ensure!(stream.owner == owner, "stream listed under another identity");
		}
		Ok(())
	}
}
