//! Runtime API of the catalog: what the node's `catalog_*` JSON-RPC methods ask the runtime.
//! Statuses in the answers are effective at the queried block: a listed entry whose provider or
//! home space may not act reads as suspended.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_catalog::{EntryInfo, FeedFilter, Verification};
use tds_primitives::{
	catalog::{CatalogId, EntryId},
	identity::{Digest, IdentityId, SpaceId},
};

sp_api::decl_runtime_apis! {
	/// Queries of the catalog.
	///
	/// `Entry`, `Version` and `Change` are the runtime's stored record types (`EntryOf<Runtime>`,
	/// `VersionOf<Runtime>`, `FeedChangeOf<Runtime>`).
	pub trait CatalogApi<Entry, Version, Change>
	where
		Entry: Codec,
		Version: Codec,
		Change: Codec,
	{
		/// An entry by internal number, with every version.
		fn entry(entry: EntryId) -> Option<EntryInfo<Entry, Version>>;
		/// An approved entry by public identifier, with every version.
		fn entry_by_identifier(id: CatalogId) -> Option<EntryInfo<Entry, Version>>;
		/// A page of a provider's entries after `start_after`.
		fn entries_of_provider(
			provider: IdentityId,
			start_after: Option<EntryId>,
			limit: u32,
		) -> Vec<EntryInfo<Entry, Version>>;
		/// A page of a space's entries after `start_after`.
		fn entries_of_space(
			space: SpaceId,
			start_after: Option<EntryId>,
			limit: u32,
		) -> Vec<EntryInfo<Entry, Version>>;
		/// A page of the entries with a classification code after `start_after`.
		fn entries_by_classification(
			classification: Vec<u8>,
			start_after: Option<EntryId>,
			limit: u32,
		) -> Vec<EntryInfo<Entry, Version>>;
		/// Feed changes from `cursor` matching `filter`, with positions, and the next cursor.
		fn changes_since(cursor: u64, filter: FeedFilter, limit: u32) -> (Vec<(u64, Change)>, u64);
		/// Whether `metadata` is the listed version's digest of `id`.
		fn verify(id: CatalogId, metadata: Digest) -> Verification;
	}
}
