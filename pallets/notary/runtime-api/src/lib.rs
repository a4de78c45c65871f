//! Runtime API of the notary: what the node's `notary_*` JSON-RPC methods ask the runtime.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_notary::RecordPage;
use tds_primitives::{
	identity::{Digest, IdentityId},
	notary::{RecordIndex, StreamId},
};

sp_api::decl_runtime_apis! {
	/// Queries of the notary.
	///
	/// `Record`, `Stream` and `Anchor` are the runtime's stored types (`RecordOf<Runtime>`,
	/// `StreamOf<Runtime>`, `AnchorOf<Runtime>`).
	pub trait NotaryApi<Record, Stream, Anchor>
	where
		Record: Codec,
		Stream: Codec,
		Anchor: Codec,
	{
		/// The record of a notarised digest.
		fn record(digest: Digest) -> Option<Record>;
		/// A page of records of an index (identity, catalog entry, agreement, kind), in
		/// notarisation order, after sequence number `start_after`.
		fn records(index: RecordIndex, start_after: Option<u64>, limit: u32) -> RecordPage<Record>;
		/// Number of notarised events.
		fn record_count() -> u64;
		/// A stream by number.
		fn stream(stream: StreamId) -> Option<Stream>;
		/// A page of an identity's streams, in opening order, after `start_after`.
		fn streams_of(owner: IdentityId, start_after: Option<StreamId>, limit: u32)
			-> Vec<(StreamId, Stream)>;
		/// A stream's anchors from position `from` of its history, oldest first.
		fn anchors(stream: StreamId, from: u32, limit: u32) -> Vec<Anchor>;
		/// The anchor of a stream at tree size `size`.
		fn anchor_at(stream: StreamId, size: u64) -> Option<Anchor>;
	}
}
