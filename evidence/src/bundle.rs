//! The evidence bundle, version 1, and the trusted-set file: JSON with `0x` hex byte strings
//! (docs/evidence-bundle.md is the normative description).

use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};
use tds_primitives::{
	catalog::catalog_identifier,
	notary::{Anchor, Record},
	AccountId, BlockNumber,
};

/// The `format` of every bundle.
pub const FORMAT: &str = "tds-evidence-bundle";

/// The version this crate writes and verifies.
pub const VERSION: u32 = 1;

/// Bytes, written as `0x` followed by lower-case hex.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Bytes(pub Vec<u8>);

/// Exactly 32 bytes (a hash, a digest, a public key), written as `0x` and 64 hex digits.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bytes32(pub [u8; 32]);

impl std::fmt::Debug for Bytes {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "0x{}", hex::encode(&self.0))
	}
}

impl std::fmt::Debug for Bytes32 {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "0x{}", hex::encode(self.0))
	}
}

fn decode_hex(text: &str) -> Result<Vec<u8>, String> {
	let digits = text.strip_prefix("0x").ok_or_else(|| format!("not 0x-prefixed hex: {text}"))?;
	hex::decode(digits).map_err(|e| format!("bad hex ({e}): {text}"))
}

impl Serialize for Bytes {
	fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(&format!("0x{}", hex::encode(&self.0)))
	}
}

impl<'de> Deserialize<'de> for Bytes {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		let text = String::deserialize(deserializer)?;
		decode_hex(&text).map(Bytes).map_err(D::Error::custom)
	}
}

impl Serialize for Bytes32 {
	fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(&format!("0x{}", hex::encode(self.0)))
	}
}

impl<'de> Deserialize<'de> for Bytes32 {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		let text = String::deserialize(deserializer)?;
		let bytes = decode_hex(&text).map_err(D::Error::custom)?;
		let array: [u8; 32] = bytes
			.try_into()
			.map_err(|_| D::Error::custom(format!("expected 32 bytes: {text}")))?;
		Ok(Bytes32(array))
	}
}

impl std::fmt::Display for Bytes32 {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "0x{}", hex::encode(self.0))
	}
}

impl From<[u8; 32]> for Bytes32 {
	fn from(bytes: [u8; 32]) -> Self {
		Bytes32(bytes)
	}
}

impl From<sp_core::H256> for Bytes32 {
	fn from(hash: sp_core::H256) -> Self {
		Bytes32(hash.0)
	}
}

/// A bundle: one piece of evidence and everything needed to verify it offline against the
/// consortium's validator set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Bundle {
	/// Always [`FORMAT`].
	pub format: String,
	/// [`VERSION`].
	pub version: u32,
	/// What is proven.
	pub subject: Subject,
	/// Which chain: its genesis hash, proven from state.
	pub chain: Chain,
	/// The chain state at block B that holds the subject's storage item.
	pub state: State,
	/// GRANDPA finality of block B, and the validator-set changes leading to its signers.
	pub finality: Finality,
}

/// What a bundle proves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Subject {
	/// An entry of a log stream: its bytes are included in an anchored tree.
	#[serde(rename_all = "camelCase")]
	LogEntry {
		/// The stream.
		stream: u64,
		/// The entry's position in the stream, from 0.
		leaf_index: u64,
		/// The entry's bytes.
		entry: Bytes,
		/// RFC 9162 inclusion proof of the entry in the anchored tree, leaf side first.
		inclusion_proof: Vec<Bytes32>,
		/// The anchor, as stored on chain (`Notary::Anchors(stream, size)`).
		anchor: AnchorClaim,
	},
	/// A notarised event: its record is in chain state (`Notary::Records(digest)`).
	#[serde(rename_all = "camelCase")]
	NotarisedEvent {
		/// The notarised digest (BLAKE3-256 of the evidence).
		digest: Bytes32,
		/// The record, as stored on chain.
		record: RecordClaim,
	},
}

/// An anchor, as its storage value says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnchorClaim {
	/// Position in the stream's anchor history.
	pub index: u32,
	/// Tree size.
	pub size: u64,
	/// Tree root.
	pub root: Bytes32,
	/// The block the anchor was made in.
	pub block: u32,
	/// That block's time, Unix milliseconds.
	pub timestamp: u64,
}

impl From<&Anchor<BlockNumber>> for AnchorClaim {
	fn from(anchor: &Anchor<BlockNumber>) -> Self {
		AnchorClaim {
			index: anchor.index,
			size: anchor.size,
			root: Bytes32(anchor.root.0),
			block: anchor.block,
			timestamp: anchor.timestamp,
		}
	}
}

/// A notarised event's record, as its storage value says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordClaim {
	/// The identity that notarised it.
	pub identity: Bytes32,
	/// The account that signed the transaction.
	pub account: Bytes32,
	/// Its kind (`interfaceCall`, …).
	pub kind: String,
	/// The catalog entry it concerns: `urn:tds:catalog:<space>:<n>`.
	pub catalog_entry: Option<String>,
	/// The agreement it concerns.
	pub agreement: Option<u64>,
	/// Metadata digest.
	pub metadata: Option<Bytes32>,
	/// The block it was notarised in.
	pub block: u32,
	/// That block's time, Unix milliseconds.
	pub timestamp: u64,
	/// Its sequence number among notarised events.
	pub sequence: u64,
}

impl From<&Record<AccountId, BlockNumber>> for RecordClaim {
	fn from(record: &Record<AccountId, BlockNumber>) -> Self {
		let account: &[u8; 32] = record.account.as_ref();
		RecordClaim {
			identity: Bytes32(record.identity.0),
			account: Bytes32(*account),
			kind: record.kind.name().into(),
			catalog_entry: record.catalog_entry.as_ref().map(catalog_identifier),
			agreement: record.agreement,
			metadata: record.metadata.map(|m| Bytes32(m.0)),
			block: record.block,
			timestamp: record.timestamp,
			sequence: record.sequence,
		}
	}
}

/// The chain a bundle is from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Chain {
	/// Hash of block 0.
	pub genesis_hash: Bytes32,
}

/// Block B and a proof of storage items in its state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct State {
	/// B's number.
	pub block_number: u32,
	/// B's hash: BLAKE2-256 of `header`.
	pub block_hash: Bytes32,
	/// B's SCALE-encoded header.
	pub header: Bytes,
	/// The trie nodes of the read proof (`state_getReadProof`), in any order.
	pub proof: Vec<Bytes>,
}

/// GRANDPA finality of B.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Finality {
	/// The id of the validator set that signed `justification`.
	pub set_id: u64,
	/// SCALE-encoded GRANDPA justification of B or of a descendant of B.
	pub justification: Bytes,
	/// SCALE-encoded headers from B's child up to the justification's target, in order; empty
	/// when the justification targets B itself.
	pub ancestry: Vec<Bytes>,
	/// The validator-set changes from the set the assembler was asked to start from up to the
	/// signing set, oldest first.
	pub set_changes: Vec<SetChange>,
}

/// A validator-set change: the last block of set `set_id`, finalised by that set, whose header
/// announces the next set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetChange {
	/// The outgoing set.
	pub set_id: u64,
	/// SCALE-encoded header carrying the GRANDPA `ScheduledChange` digest.
	pub header: Bytes,
	/// SCALE-encoded justification of that header, signed by the outgoing set.
	pub justification: Bytes,
}

/// The verifier's trust root: the chain, and validator sets it trusts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrustedSets {
	/// Hash of the chain's block 0.
	pub genesis_hash: Bytes32,
	/// Validator sets, each trusted for the blocks it finalised.
	pub sets: Vec<TrustedSet>,
}

/// A trusted GRANDPA validator set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrustedSet {
	/// Its id (0 at genesis, one more at every change).
	pub set_id: u64,
	/// Its validators' ed25519 public keys, each of weight 1.
	pub authorities: Vec<Bytes32>,
}
