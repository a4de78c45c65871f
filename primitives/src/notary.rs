//! Evidence types shared by the notary pallet, the node's `notary_*` JSON-RPC and evidence
//! bundles, and offline verifiers (SPEC §6-7).
//!
//! The SCALE encodings of [`Record`] and [`Anchor`] are part of the evidence format
//! (docs/evidence-bundle.md): a verifier decodes them from storage proofs. Their field order and
//! the variant indices of [`EventKind`] never change.

use crate::{
	agreement::AgreementId,
	catalog::CatalogId,
	identity::{Digest, IdentityId},
	Moment,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A log stream, numbered by the notary in opening order from 0.
pub type StreamId = u64;

/// What a notarised event is evidence of (SPEC §6). The SCALE index of each kind is fixed.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum EventKind {
	/// Application materials (filing, registration, qualification).
	#[codec(index = 0)]
	ApplicationMaterial,
	/// A review record (identity, space or catalog review).
	#[codec(index = 1)]
	ReviewRecord,
	/// An interface call: caller, time, interface, request parameters, returned volume, result.
	#[codec(index = 2)]
	InterfaceCall,
	/// Issuance of an authorisation token.
	#[codec(index = 3)]
	TokenIssuance,
	/// Use of an authorisation token.
	#[codec(index = 4)]
	TokenUse,
	/// A development operation: operator, time, operation, processing result.
	#[codec(index = 5)]
	DevelopmentOperation,
	/// Product review materials.
	#[codec(index = 6)]
	ProductReview,
	/// Order matching.
	#[codec(index = 7)]
	OrderMatching,
	/// Transaction details.
	#[codec(index = 8)]
	Transaction,
	/// A fee split or transfer.
	#[codec(index = 9)]
	FeeSplit,
	/// A catalog synchronisation.
	#[codec(index = 10)]
	CatalogSync,
	/// Delivery of a contract to a party's connector.
	#[codec(index = 11)]
	ContractDelivery,
	/// A data transfer.
	#[codec(index = 12)]
	DataTransfer,
	/// Generation of a result (a fused or computed product).
	#[codec(index = 13)]
	ResultGeneration,
	/// Destruction of data (at deregistration or at the end of an agreement).
	#[codec(index = 14)]
	Destruction,
	/// Anything else.
	#[codec(index = 15)]
	Other,
}

impl EventKind {
	/// Every kind, in index order.
	pub const ALL: [EventKind; 16] = [
		EventKind::ApplicationMaterial,
		EventKind::ReviewRecord,
		EventKind::InterfaceCall,
		EventKind::TokenIssuance,
		EventKind::TokenUse,
		EventKind::DevelopmentOperation,
		EventKind::ProductReview,
		EventKind::OrderMatching,
		EventKind::Transaction,
		EventKind::FeeSplit,
		EventKind::CatalogSync,
		EventKind::ContractDelivery,
		EventKind::DataTransfer,
		EventKind::ResultGeneration,
		EventKind::Destruction,
		EventKind::Other,
	];

	/// The kind's name in JSON (`interfaceCall`, …).
	pub fn name(&self) -> &'static str {
		match self {
			EventKind::ApplicationMaterial => "applicationMaterial",
			EventKind::ReviewRecord => "reviewRecord",
			EventKind::InterfaceCall => "interfaceCall",
			EventKind::TokenIssuance => "tokenIssuance",
			EventKind::TokenUse => "tokenUse",
			EventKind::DevelopmentOperation => "developmentOperation",
			EventKind::ProductReview => "productReview",
			EventKind::OrderMatching => "orderMatching",
			EventKind::Transaction => "transaction",
			EventKind::FeeSplit => "feeSplit",
			EventKind::CatalogSync => "catalogSync",
			EventKind::ContractDelivery => "contractDelivery",
			EventKind::DataTransfer => "dataTransfer",
			EventKind::ResultGeneration => "resultGeneration",
			EventKind::Destruction => "destruction",
			EventKind::Other => "other",
		}
	}

	/// The kind named `name` (see [`Self::name`]).
	pub fn from_name(name: &str) -> Option<Self> {
		Self::ALL.into_iter().find(|kind| kind.name() == name)
	}
}

/// One event to notarise: what a connector submits.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Notarisation {
	/// BLAKE3-256 digest of the evidence (the document, the log line, the file).
	pub digest: Digest,
	/// What it is evidence of.
	pub kind: EventKind,
	/// The catalog entry it concerns, if any.
	pub catalog_entry: Option<CatalogId>,
	/// The agreement it concerns, if any.
	pub agreement: Option<AgreementId>,
	/// Digest of further metadata kept off chain (e.g. the structured log fields).
	pub metadata: Option<Digest>,
}

/// A notarised event as stored, keyed by its digest. Never overwritten.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Record<AccountId, BlockNumber> {
	/// The identity that notarised it.
	pub identity: IdentityId,
	/// The key that signed the transaction.
	pub account: AccountId,
	/// What it is evidence of.
	pub kind: EventKind,
	/// The catalog entry it concerns, if any.
	pub catalog_entry: Option<CatalogId>,
	/// The agreement it concerns, if any.
	pub agreement: Option<AgreementId>,
	/// Digest of further metadata kept off chain.
	pub metadata: Option<Digest>,
	/// The block it was notarised in.
	pub block: BlockNumber,
	/// That block's time (Unix milliseconds).
	pub timestamp: Moment,
	/// Position among all notarised events, from 0.
	pub sequence: u64,
}

/// One anchored state of a log stream: the tree of the first `size` entries has root `root`.
/// Kept for ever, keyed by (stream, size).
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
pub struct Anchor<BlockNumber> {
	/// Position in the stream's anchor history, from 0.
	pub index: u32,
	/// Tree size: number of entries.
	pub size: u64,
	/// The RFC 9162 root (BLAKE3) of the tree of the first `size` entries.
	pub root: Digest,
	/// The block it was anchored in.
	pub block: BlockNumber,
	/// That block's time (Unix milliseconds).
	pub timestamp: Moment,
}

/// The lists that notarised events are indexed in, each in notarisation order.
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
pub enum RecordIndex {
	/// Events notarised by an identity.
	Identity(IdentityId),
	/// Events concerning a catalog entry.
	CatalogEntry(CatalogId),
	/// Events concerning an agreement.
	Agreement(AgreementId),
	/// Events of one kind.
	Kind(EventKind),
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn kinds_have_fixed_indices_and_unique_names() {
		for (index, kind) in EventKind::ALL.iter().enumerate() {
			assert_eq!(kind.encode(), vec![index as u8], "{kind:?}");
			assert_eq!(EventKind::from_name(kind.name()), Some(*kind));
		}
		assert_eq!(EventKind::from_name("interface_call"), None);
	}

	#[test]
	fn anchor_encoding_is_the_documented_layout() {
		let anchor = Anchor::<u32> {
			index: 2,
			size: 1000,
			root: Digest::repeat_byte(0xab),
			block: 77,
			timestamp: 1_700_000_000_000,
		};
		let mut expected = Vec::new();
		expected.extend_from_slice(&2u32.to_le_bytes());
		expected.extend_from_slice(&1000u64.to_le_bytes());
		expected.extend_from_slice(&[0xab; 32]);
		expected.extend_from_slice(&77u32.to_le_bytes());
		expected.extend_from_slice(&1_700_000_000_000u64.to_le_bytes());
		assert_eq!(anchor.encode(), expected);
	}
}
