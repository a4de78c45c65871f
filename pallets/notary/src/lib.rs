//! # Notary
//!
//! Evidence trust (SPEC §6-7): anyone can prove, years later and trusting no single operator,
//! that a logged event happened, when, by whom, unaltered.
//!
//! - **Notarised events.** An identity that may act records the BLAKE3-256 digest of a piece of
//!   evidence with its [`EventKind`], optional references to a catalog entry and an agreement,
//!   and a metadata digest. The chain adds the identity, the signing key, the block and its
//!   time. A digest is notarised once: notarising it again leaves the first record as it is and
//!   says so ([`Event::AlreadyNotarised`]). [`Pallet::notarise_batch`] records up to
//!   `MaxBatchSize` digests in one transaction, its weight linear in their number. Records are
//!   indexed by identity, catalog entry, agreement and kind, in notarisation order.
//! - **Log streams.** An identity opens a stream (say one per connector) and keeps an
//!   append-only Merkle log of its entries off chain (RFC 9162 with BLAKE3,
//!   [`tds_primitives::merkle`]). [`Pallet::anchor`] puts a new (size, root) on chain only if the
//!   size grows and a consistency proof from the last anchored root verifies on chain: a stream
//!   can be extended, never rewritten. Every anchor is kept, by (stream, size), with its block
//!   and time, so any entry can later be proven against any anchored root (evidence bundles,
//!   docs/evidence-bundle.md). The owner may seal a stream: its last anchor is then final.
//! - **Cascade.** Only identities that may act now (their own status, their space's and, for a
//!   connector, its owner's) notarise, open and anchor.

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

/// Sets up what the benchmarks reference: the notary reads identities, catalog entries and
/// agreements through [`IdentityInspect`], [`CatalogInspect`] and [`AgreementInspect`].
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `who` the key of an identity that may act, with the costliest standing to check
	/// (a connector of an organisation in a space); returns the identity.
	fn active_identity(who: &AccountId) -> IdentityId;
	/// A catalog entry with a public identifier.
	fn catalog_entry(seed: u32) -> CatalogId;
	/// An existing agreement.
	fn agreement(seed: u32) -> AgreementId;
}

/// A notarised event as stored by runtime `T`.
pub type RecordOf<T> =
	Record<<T as frame::deps::frame_system::Config>::AccountId, frame::prelude::BlockNumberFor<T>>;
/// A log stream as stored by runtime `T`.
pub type StreamOf<T> = Stream<
	<T as frame::deps::frame_system::Config>::AccountId,
	frame::prelude::BlockNumberFor<T>,
	<T as Config>::MaxNameLength,
>;
/// An anchor as stored by runtime `T`.
pub type AnchorOf<T> = Anchor<frame::prelude::BlockNumberFor<T>>;

#[frame::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame::{prelude::*, traits::Time};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who is who, and who may act (the identity registry).
		type Identities: IdentityInspect<Self::AccountId>;
		/// Catalog entries that records may reference.
		type Catalog: CatalogInspect;
		/// Agreements that records may reference.
		type Agreements: AgreementInspect;
		/// The chain's time: records and anchors carry it.
		type Time: Time<Moment = Moment>;
		/// Most events in one [`Pallet::notarise_batch`].
		#[pallet::constant]
		type MaxBatchSize: Get<u32>;
		/// Most hashes in a consistency proof (at most [`merkle::MAX_PROOF_LENGTH`], which
		/// covers trees of up to 2^63 entries).
		#[pallet::constant]
		type MaxProofLength: Get<u32>;
		/// Longest stream name, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;
		/// Largest page answered by the paged queries.
		#[pallet::constant]
		type MaxPageSize: Get<u32>;
		/// Weight information for the calls.
		type WeightInfo: WeightInfo;
		/// Sets up identities and references in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Notarised events by digest. Never overwritten.
	#[pallet::storage]
	pub type Records<T: Config> = StorageMap<_, Blake2_128Concat, Digest, RecordOf<T>, OptionQuery>;

	/// Number of notarised events: the next one's sequence number.
	#[pallet::storage]
	pub type RecordCount<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// The indexes of records (by identity, catalog entry, agreement, kind): the digest at each
	/// position, positions big-endian so that storage order is notarisation order.
	#[pallet::storage]
	pub type Index<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, RecordIndex, Identity, [u8; 8], Digest, OptionQuery>;

	/// The number the next opened stream receives.
	#[pallet::storage]
	pub type NextStreamId<T: Config> = StorageValue<_, StreamId, ValueQuery>;

	/// Log streams by number.
	#[pallet::storage]
	pub type Streams<T: Config> =
		StorageMap<_, Blake2_128Concat, StreamId, StreamOf<T>, OptionQuery>;

	/// The streams of each identity (stream numbers big-endian: opening order).
	#[pallet::storage]
	pub type StreamsOf<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, IdentityId, Identity, [u8; 8], (), OptionQuery>;

	/// Every anchor, by stream and tree size: what evidence bundles prove with a storage proof
	/// (docs/evidence-bundle.md gives the key).
	#[pallet::storage]
	pub type Anchors<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		StreamId,
		Blake2_128Concat,
		u64,
		AnchorOf<T>,
		OptionQuery,
	>;

	/// The tree size of each stream's anchors, by position in its history.
	#[pallet::storage]
	pub type AnchorHistory<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, StreamId, Twox64Concat, u32, u64, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An event was notarised.
		Notarised {
			/// Its digest.
			digest: Digest,
			/// The identity that notarised it.
			identity: IdentityId,
			/// What it is evidence of.
			kind: EventKind,
			/// Its sequence number among all notarised events.
			sequence: u64,
		},
		/// A digest that was already notarised was submitted again: its first record stands.
		AlreadyNotarised {
			/// The digest.
			digest: Digest,
			/// The identity of the first record.
			identity: IdentityId,
			/// The block of the first record.
			block: BlockNumberFor<T>,
		},
		/// A log stream was opened.
		StreamOpened {
			/// The stream.
			stream: StreamId,
			/// The identity that owns it.
			owner: IdentityId,
		},
		/// A stream's new size and root were anchored, consistent with the last ones.
		StreamAnchored {
			/// The stream.
			stream: StreamId,
			/// Position in the stream's anchor history.
			index: u32,
			/// The new tree size.
			size: u64,
			/// The new root.
			root: Digest,
		},
		/// A stream was sealed: its last anchor is final.
		StreamSealed {
			/// The stream.
			stream: StreamId,
			/// Its final size.
			size: u64,
			/// Its final root.
			root: Digest,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such stream.
		NotFound,
		/// The signer is not linked to an identity, or the stream belongs to another identity.
		NotAuthorized,
		/// The signer's identity (or its space, or its connector's owner) may not act.
		IdentityNotActive,
		/// The stream is sealed.
		InvalidTransition,
		/// An anchor must grow the stream.
		SizeNotGrowing,
		/// The consistency proof does not lead from the last anchored root to the new one.
		InvalidConsistencyProof,
		/// The consistency proof has more than `MaxProofLength` hashes.
		TooManyProofHashes,
		/// The batch has more than `MaxBatchSize` events.
		TooManyItems,
		/// The batch is empty.
		EmptyBatch,
		/// A digest (or metadata digest) is all zeros: not a BLAKE3 digest of anything.
		InvalidDigest,
		/// The referenced catalog entry has no public identifier.
		UnknownCatalogEntry,
		/// The referenced agreement does not exist.
		UnknownAgreement,
		/// The stream name is longer than `MaxNameLength`.
		TooLong,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxPageSize::get() >= 1, "MaxPageSize must be at least 1");
			assert!(T::MaxBatchSize::get() >= 1, "MaxBatchSize must be at least 1");
			assert!(
				T::MaxProofLength::get() <= merkle::MAX_PROOF_LENGTH,
				"MaxProofLength beyond any tree's proof"
			);
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
		/// Notarise one event.
		///
		/// - Origin: a signed key of an identity that may act.
		/// - `digest`: BLAKE3-256 of the evidence (not all zeros). `kind`: what it is evidence
		///   of. `catalog_entry`: a catalog identifier it concerns, if any (it must exist).
		///   `agreement`: an agreement it concerns, if any (it must exist). `metadata`: digest
		///   of further metadata kept off chain, if any (not all zeros).
		///
		/// Emits [`Event::Notarised`], or [`Event::AlreadyNotarised`] if the digest was
		/// notarised before (its record is left as it is).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::notarise())]
		pub fn notarise(
			origin: OriginFor<T>,
			digest: Digest,
			kind: EventKind,
			catalog_entry: Option<CatalogId>,
			agreement: Option<AgreementId>,
			metadata: Option<Digest>,
		) -> DispatchResult {
			let (who, identity) = Self::ensure_active(origin)?;
			let item = Notarisation { digest, kind, catalog_entry, agreement, metadata };
			Self::check(&item)?;
			let mut sequence = RecordCount::<T>::get();
			Self::record(&who, identity, item, &mut sequence)?;
			RecordCount::<T>::put(sequence);
			Ok(())
		}

		/// Notarise up to `MaxBatchSize` events in one transaction, all or none: if any item is
		/// malformed or references something unknown, nothing is recorded.
		///
		/// - Origin: a signed key of an identity that may act.
		/// - `items`: 1 to `MaxBatchSize` events, each as [`Self::notarise`] takes it. A digest
		///   that is already notarised, or repeated in the batch, keeps its first record.
		///
		/// Emits [`Event::Notarised`] or [`Event::AlreadyNotarised`] for each item, in order.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::notarise_batch(Pallet::<T>::batch_len(items)))]
		pub fn notarise_batch(origin: OriginFor<T>, items: Vec<Notarisation>) -> DispatchResult {
			let (who, identity) = Self::ensure_active(origin)?;
			ensure!(!items.is_empty(), Error::<T>::EmptyBatch);
			ensure!(
				u32::try_from(items.len()).is_ok_and(|n| n <= T::MaxBatchSize::get()),
				Error::<T>::TooManyItems
			);
			for item in &items {
				Self::check(item)?;
			}
			let mut sequence = RecordCount::<T>::get();
			for item in items {
				Self::record(&who, identity, item, &mut sequence)?;
			}
			RecordCount::<T>::put(sequence);
			Ok(())
		}

		/// Open a log stream owned by the signer's identity: empty, open.
		///
		/// - Origin: a signed key of an identity that may act.
		/// - `name`: what it logs, at most `MaxNameLength` bytes of UTF-8.
		///
		/// Emits [`Event::StreamOpened`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::open_stream())]
		pub fn open_stream(origin: OriginFor<T>, name: Vec<u8>) -> DispatchResult {
			let (who, owner) = Self::ensure_active(origin)?;
			let name = BoundedVec::<u8, T::MaxNameLength>::try_from(name)
				.map_err(|_| Error::<T>::TooLong)?;
			let stream = NextStreamId::<T>::get();
			NextStreamId::<T>::put(stream.checked_add(1).ok_or(ArithmeticError::Overflow)?);
			Streams::<T>::insert(
				stream,
				Stream {
					owner,
					opened_by: who,
					name,
					status: StreamStatus::Open,
					size: 0,
					root: Digest::from(merkle::empty_root()),
					anchors: 0,
					opened_at: frame_system::Pallet::<T>::block_number(),
				},
			);
			StreamsOf::<T>::insert(owner, position_key(stream), ());
			Self::deposit_event(Event::StreamOpened { stream, owner });
			Ok(())
		}

		/// Anchor a stream's new tree size and root, proven consistent with the last anchored
		/// ones on chain (RFC 9162 §2.1.4.2 with BLAKE3).
		///
		/// - Origin: a signed key of the stream's owner, which may act.
		/// - `stream`: an open stream. `size`: the new number of entries, larger than the last
		///   anchored. `root`: the root of the tree of the first `size` entries. `proof`: the
		///   consistency proof from the last anchored tree (empty for the first anchor), at most
		///   `MaxProofLength` hashes.
		///
		/// Emits [`Event::StreamAnchored`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::anchor(Pallet::<T>::proof_len(proof)))]
		pub fn anchor(
			origin: OriginFor<T>,
			stream: StreamId,
			size: u64,
			root: Digest,
			proof: Vec<Digest>,
		) -> DispatchResult {
			ensure!(
				u32::try_from(proof.len()).is_ok_and(|n| n <= T::MaxProofLength::get()),
				Error::<T>::TooManyProofHashes
			);
			let mut record = Streams::<T>::get(stream).ok_or(Error::<T>::NotFound)?;
			let (_, identity) = Self::ensure_active(origin)?;
			ensure!(record.owner == identity, Error::<T>::NotAuthorized);
			let to = transition(record.status, StreamAction::Anchor)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			ensure!(size > record.size, Error::<T>::SizeNotGrowing);
			let proof: Vec<MerkleHash> = proof.into_iter().map(|hash| hash.0).collect();
			merkle::verify_consistency(record.size, size, &record.root.0, &root.0, &proof)
				.map_err(|_| Error::<T>::InvalidConsistencyProof)?;
			let index = record.anchors;
			let anchor = Anchor {
				index,
				size,
				root,
				block: frame_system::Pallet::<T>::block_number(),
				timestamp: T::Time::now(),
			};
			Anchors::<T>::insert(stream, size, anchor);
			AnchorHistory::<T>::insert(stream, index, size);
			record.status = to;
			record.size = size;
			record.root = root;
			record.anchors = index.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			Streams::<T>::insert(stream, record);
			Self::deposit_event(Event::StreamAnchored { stream, index, size, root });
			Ok(())
		}

		/// Seal a stream: no anchor is accepted after this one, so its last anchor is its final
		/// size and root (e.g. when its connector is retired).
		///
		/// - Origin: a signed key of the stream's owner, which may act.
		/// - `stream`: an open stream.
		///
		/// Emits [`Event::StreamSealed`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::seal_stream())]
		pub fn seal_stream(origin: OriginFor<T>, stream: StreamId) -> DispatchResult {
			let mut record = Streams::<T>::get(stream).ok_or(Error::<T>::NotFound)?;
			let (_, identity) = Self::ensure_active(origin)?;
			ensure!(record.owner == identity, Error::<T>::NotAuthorized);
			record.status = transition(record.status, StreamAction::Seal)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			let (size, root) = (record.size, record.root);
			Streams::<T>::insert(stream, record);
			Self::deposit_event(Event::StreamSealed { stream, size, root });
			Ok(())
		}
	}
}
