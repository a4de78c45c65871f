//! Log entries: what connectors submit to a node's evidence gateway (docs/log-schema.md).
//!
//! An entry is a SCALE-encoded [`SignedLogEntry`]: the [`LogEntry`] fields, the ed25519 key
//! that signed them and the signature. Those bytes are the Merkle leaf (`BLAKE3(0x00 ‖
//! bytes)`, SPEC §7), so the signature travels with the entry into every evidence bundle and an
//! auditor can check who vouched for it without trusting the gateway. The layout is part of the
//! evidence format: field order and variant indices never change; a new layout gets a new
//! [`LOG_ENTRY_VERSION`].

use crate::{
	agreement::{AgreementId, ScenarioCode},
	catalog::CatalogId,
	identity::{Digest, IdentityId},
	notary::EventKind,
	Moment,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;

/// The layout version carried by every entry.
pub const LOG_ENTRY_VERSION: u8 = 1;

/// Prefix of the signed message (see [`signing_payload`]).
pub const LOG_ENTRY_SIGNING_CONTEXT: &[u8] = b"tds/log-entry/v1";

/// Longest interface name, in bytes.
pub const MAX_INTERFACE_LEN: usize = 256;
/// Most free fields per entry.
pub const MAX_FREE_FIELDS: usize = 32;
/// Longest free-field key, in bytes.
pub const MAX_FIELD_KEY_LEN: usize = 64;
/// Longest free-field value, in bytes.
pub const MAX_FIELD_VALUE_LEN: usize = 1024;
/// Largest encoded [`SignedLogEntry`], in bytes.
pub const MAX_SIGNED_ENTRY_LEN: usize = 48 * 1024;

/// How the logged call or operation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Outcome {
	/// It succeeded.
	#[codec(index = 0)]
	Success,
	/// It failed, with the interface's own error code.
	#[codec(index = 1)]
	Failed {
		/// The interface's error code.
		code: u32,
	},
	/// It was refused (authorisation, policy), with the interface's own reason code.
	#[codec(index = 2)]
	Denied {
		/// The interface's reason code.
		code: u32,
	},
}

/// One logged event (SPEC §6: caller, time, interface, request parameters, returned volume,
/// result), as its submitter vouches for it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct LogEntry {
	/// [`LOG_ENTRY_VERSION`].
	pub version: u8,
	/// The submitting identity (a connector or participant) whose key signs the entry.
	pub identity: IdentityId,
	/// The using subject: the identity that made the call or operation.
	pub caller: IdentityId,
	/// When it happened, Unix milliseconds (the submitter's clock).
	pub time: Moment,
	/// A number the submitter makes unique among its entries, so that two identical events
	/// are two entries.
	pub sequence: u64,
	/// What the entry is evidence of (usually [`EventKind::InterfaceCall`]).
	pub kind: EventKind,
	/// The interface or operation, UTF-8, at most [`MAX_INTERFACE_LEN`] bytes.
	pub interface: Vec<u8>,
	/// BLAKE3-256 of the request parameters (the parameters stay in the member's domain).
	pub request_digest: Digest,
	/// Records returned.
	pub volume: u64,
	/// How it ended.
	pub outcome: Outcome,
	/// The agreement the use falls under.
	pub agreement: Option<AgreementId>,
	/// The catalog entry (data item) used.
	pub catalog_entry: Option<CatalogId>,
	/// The business scenario.
	pub scenario: Option<ScenarioCode>,
	/// Free fields, keys unique and in ascending byte order, at most [`MAX_FREE_FIELDS`].
	pub fields: Vec<(Vec<u8>, Vec<u8>)>,
}

/// A log entry with its ed25519 signature: the bytes of the Merkle leaf.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct SignedLogEntry {
	/// The entry.
	pub entry: LogEntry,
	/// The ed25519 public key that signed it (also its account on the ledger).
	pub signer: [u8; 32],
	/// The ed25519 signature of [`signing_payload`].
	pub signature: [u8; 64],
}

/// Why an entry's fields are not acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaError {
	/// `version` is not [`LOG_ENTRY_VERSION`].
	UnsupportedVersion,
	/// The interface name is empty, too long, or not UTF-8.
	BadInterface,
	/// Too many free fields.
	TooManyFields,
	/// A free-field key is empty, too long, or not UTF-8; or a value is too long.
	BadField,
	/// Free-field keys are not unique and in ascending order.
	FieldsOutOfOrder,
	/// The encoded entry is larger than [`MAX_SIGNED_ENTRY_LEN`].
	TooLarge,
}

impl SchemaError {
	/// A short explanation.
	pub fn describe(&self) -> &'static str {
		match self {
			SchemaError::UnsupportedVersion => "unsupported entry version",
			SchemaError::BadInterface => "the interface name must be 1 to 256 bytes of UTF-8",
			SchemaError::TooManyFields => "at most 32 free fields",
			SchemaError::BadField => {
				"free-field keys must be 1 to 64 bytes of UTF-8 and values at most 1024 bytes"
			},
			SchemaError::FieldsOutOfOrder => {
				"free-field keys must be unique and in ascending order"
			},
			SchemaError::TooLarge => "the signed entry is larger than 48 KiB",
		}
	}
}

impl LogEntry {
	/// Checks the documented limits; the signature is checked separately.
	pub fn validate(&self) -> Result<(), SchemaError> {
		if self.version != LOG_ENTRY_VERSION {
			return Err(SchemaError::UnsupportedVersion);
		}
		if self.interface.is_empty()
			|| self.interface.len() > MAX_INTERFACE_LEN
			|| core::str::from_utf8(&self.interface).is_err()
		{
			return Err(SchemaError::BadInterface);
		}
		if self.fields.len() > MAX_FREE_FIELDS {
			return Err(SchemaError::TooManyFields);
		}
		for (key, value) in &self.fields {
			if key.is_empty()
				|| key.len() > MAX_FIELD_KEY_LEN
				|| core::str::from_utf8(key).is_err()
				|| value.len() > MAX_FIELD_VALUE_LEN
			{
				return Err(SchemaError::BadField);
			}
		}
		if self.fields.windows(2).any(|pair| match pair {
			[(a, _), (b, _)] => a >= b,
			_ => false,
		}) {
			return Err(SchemaError::FieldsOutOfOrder);
		}
		Ok(())
	}
}

/// The message an entry's signer signs: `"tds/log-entry/v1" ‖ genesis hash ‖ SCALE(entry)`.
/// The genesis hash binds the entry to one ledger.
pub fn signing_payload(genesis_hash: &[u8; 32], entry: &LogEntry) -> Vec<u8> {
	let mut payload = Vec::with_capacity(LOG_ENTRY_SIGNING_CONTEXT.len().saturating_add(160));
	payload.extend_from_slice(LOG_ENTRY_SIGNING_CONTEXT);
	payload.extend_from_slice(genesis_hash);
	entry.encode_to(&mut payload);
	payload
}

#[cfg(test)]
mod tests {
	use super::*;

	fn entry() -> LogEntry {
		LogEntry {
			version: LOG_ENTRY_VERSION,
			identity: IdentityId::repeat_byte(1),
			caller: IdentityId::repeat_byte(2),
			time: 1_700_000_000_000,
			sequence: 7,
			kind: EventKind::InterfaceCall,
			interface: b"credit/score".to_vec(),
			request_digest: Digest::repeat_byte(3),
			volume: 12,
			outcome: Outcome::Success,
			agreement: Some(4),
			catalog_entry: Some(CatalogId { space: 1, number: 2 }),
			scenario: Some(9),
			fields: vec![(b"a".to_vec(), b"1".to_vec()), (b"b".to_vec(), Vec::new())],
		}
	}

	#[test]
	fn a_well_formed_entry_validates() {
		assert_eq!(entry().validate(), Ok(()));
	}

	#[test]
	fn each_limit_is_enforced() {
		type Mutation = fn(&mut LogEntry);
		let cases: [(Mutation, SchemaError); 7] = [
			(|e| e.version = 2, SchemaError::UnsupportedVersion),
			(|e| e.interface.clear(), SchemaError::BadInterface),
			(|e| e.interface = vec![b'x'; MAX_INTERFACE_LEN + 1], SchemaError::BadInterface),
			(|e| e.interface = vec![0xff], SchemaError::BadInterface),
			(
				|e| e.fields = (0..=MAX_FREE_FIELDS).map(|i| (vec![b'k'; i + 1], vec![])).collect(),
				SchemaError::TooManyFields,
			),
			(|e| e.fields[1].1 = vec![0; MAX_FIELD_VALUE_LEN + 1], SchemaError::BadField),
			(|e| e.fields.swap(0, 1), SchemaError::FieldsOutOfOrder),
		];
		for (mutate, expected) in cases {
			let mut e = entry();
			mutate(&mut e);
			assert_eq!(e.validate(), Err(expected));
		}
	}

	/// The layout is part of the evidence format: a change here breaks every verifier.
	#[test]
	fn the_encoding_is_stable() {
		let encoded = entry().encode();
		assert_eq!(encoded.first(), Some(&LOG_ENTRY_VERSION));
		assert_eq!(encoded.len(), 1 + 32 + 32 + 8 + 8 + 1 + 13 + 32 + 8 + 1 + 9 + 9 + 5 + 8);
		assert_eq!(LogEntry::decode(&mut &encoded[..]), Ok(entry()));
		let payload = signing_payload(&[9; 32], &entry());
		assert!(payload.starts_with(b"tds/log-entry/v1"));
		assert_eq!(payload.len(), 16 + 32 + encoded.len());
	}
}
