//! Storage and call types of the notary, and the stream state machine.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame::prelude::*;
use scale_info::TypeInfo;
pub use tds_primitives::{
	agreement::{AgreementId, AgreementInspect},
	catalog::{CatalogId, CatalogInspect},
	identity::{Digest, IdentityId, IdentityInspect, Inactive},
	merkle::{self, MerkleHash},
	notary::{Anchor, EventKind, Notarisation, Record, RecordIndex, StreamId},
	InvalidTransition, Moment,
};

/// Whether a log stream still takes anchors.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum StreamStatus {
	/// It grows with every anchor.
	Open,
	/// Its owner closed it for good: its last anchor is its final size and root.
	Sealed,
}

/// What can happen to a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamAction {
	/// A new size and root, proven consistent with the last ones.
	Anchor,
	/// The owner closes the stream.
	Seal,
}

/// The stream state machine:
///
/// ```text
/// Open --Anchor--> Open --Seal--> Sealed
/// ```
pub fn transition(
	from: StreamStatus,
	action: StreamAction,
) -> Result<StreamStatus, InvalidTransition> {
	use StreamAction::*;
	use StreamStatus::*;
	match (from, action) {
		(Open, Anchor) => Ok(Open),
		(Open, Seal) => Ok(Sealed),
		(Sealed, _) => Err(InvalidTransition),
	}
}

/// An append-only Merkle log stream (RFC 9162 with BLAKE3, SPEC §7) of one identity: the chain
/// keeps its latest size and root, and every anchored one in [`Anchor`]s.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(NameLength))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Stream<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	NameLength: Get<u32>,
> {
	/// The identity that owns it: only its keys anchor.
	pub owner: IdentityId,
	/// The key that opened it.
	pub opened_by: AccountId,
	/// What it logs, UTF-8 (e.g. `connector 7: interface calls`).
	pub name: BoundedVec<u8, NameLength>,
	/// Open or sealed.
	pub status: StreamStatus,
	/// Entries in the latest anchored tree (0 before the first anchor).
	pub size: u64,
	/// Root of the latest anchored tree (the empty tree's before the first anchor).
	pub root: Digest,
	/// Anchors so far: the next anchor's index.
	pub anchors: u32,
	/// The block it was opened in.
	pub opened_at: BlockNumber,
}

/// What a page of records answers: each record with its position in the index (pass the last
/// as `start_after` for the next page) and its digest.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct RecordPage<Record> {
	/// `(position, digest, record)`, in notarisation order.
	pub items: alloc::vec::Vec<(u64, Digest, Record)>,
	/// Whether records follow the last one.
	pub more: bool,
}

/// The key of a position in an index: big-endian, so that storage order is notarisation order
/// (the key is stored as is: positions are assigned by the chain, never chosen by a caller).
pub fn position_key(position: u64) -> [u8; 8] {
	position.to_be_bytes()
}

/// The position a key stands for.
pub fn position_of(key: [u8; 8]) -> u64 {
	u64::from_be_bytes(key)
}

#[cfg(test)]
mod tests {
	use super::{StreamAction::*, StreamStatus::*, *};

	#[test]
	fn transition_table() {
		let allowed = [(Open, Anchor, Open), (Open, Seal, Sealed)];
		// Every (status, action) pair: allowed ones go where the table says, all others fail.
		for from in [Open, Sealed] {
			for action in [Anchor, Seal] {
				let expected = allowed
					.iter()
					.find(|(f, a, _)| *f == from && *a == action)
					.map(|(_, _, to)| *to)
					.ok_or(InvalidTransition);
				assert_eq!(transition(from, action), expected, "{from:?} --{action:?}-->");
			}
		}
	}

	#[test]
	fn position_keys_sort_like_positions() {
		let positions = [0u64, 1, 255, 256, 65_535, 1 << 32, u64::MAX];
		for pair in positions.windows(2) {
			assert!(position_key(pair[0]) < position_key(pair[1]));
		}
		for p in positions {
			assert_eq!(position_of(position_key(p)), p);
		}
	}
}
