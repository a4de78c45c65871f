//! The JSON form of a signed log entry (docs/log-schema.md), its conversion to the SCALE bytes
//! that are hashed into a log stream, and its ed25519 signature.

use crate::bundle::{Bytes, Bytes32};
use codec::Encode;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tds_primitives::{
	catalog::{catalog_identifier, parse_catalog_identifier},
	identity::Digest,
	log::{signing_payload, LogEntry, Outcome, SchemaError, SignedLogEntry, LOG_ENTRY_VERSION},
	notary::EventKind,
};

/// How the logged call ended, in JSON: `{"status": "success"}`, `{"status": "failed", "code":
/// 5}` or `{"status": "denied", "code": 3}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "camelCase", deny_unknown_fields)]
pub enum OutcomeJson {
	/// Succeeded.
	Success,
	/// Failed with the interface's error code.
	Failed {
		/// Error code.
		code: u32,
	},
	/// Refused with the interface's reason code.
	Denied {
		/// Reason code.
		code: u32,
	},
}

/// A signed log entry as connectors submit it and gateways return it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogEntryJson {
	/// Layout version, 1.
	#[serde(default = "default_version")]
	pub version: u8,
	/// The submitting identity (hex identifier).
	pub identity: Bytes32,
	/// The using subject (hex identifier).
	pub caller: Bytes32,
	/// Unix milliseconds.
	pub time: u64,
	/// The submitter's unique number for the entry.
	pub sequence: u64,
	/// Event kind name (`interfaceCall`, `developmentOperation`, …).
	pub kind: String,
	/// Interface or operation.
	pub interface: String,
	/// BLAKE3-256 of the request parameters.
	pub request_digest: Bytes32,
	/// Records returned.
	pub volume: u64,
	/// How it ended.
	pub outcome: OutcomeJson,
	/// Agreement number.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub agreement: Option<u64>,
	/// Catalog entry, `urn:tds:catalog:<space>:<number>`.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub catalog_entry: Option<String>,
	/// Business scenario code.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub scenario: Option<u32>,
	/// Free fields (kept in key order).
	#[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
	pub fields: BTreeMap<String, String>,
	/// ed25519 public key of the signer.
	pub signer: Bytes32,
	/// ed25519 signature (64 bytes) of the signing payload.
	pub signature: Bytes,
}

fn default_version() -> u8 {
	LOG_ENTRY_VERSION
}

/// Why a JSON entry cannot be turned into a signed entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryError {
	/// A field has a value the schema does not allow (named).
	BadField(&'static str),
	/// A documented limit is exceeded.
	Schema(SchemaError),
	/// The signature is not 64 bytes, or does not verify with the signer's key.
	BadSignature,
}

impl std::fmt::Display for EntryError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			EntryError::BadField(field) => write!(f, "invalid value of `{field}`"),
			EntryError::Schema(e) => f.write_str(e.describe()),
			EntryError::BadSignature => {
				f.write_str("the signature does not verify with the signer's key")
			},
		}
	}
}

impl LogEntryJson {
	/// The entry and signature it describes, limits checked; the signature is not verified.
	pub fn to_signed(&self) -> Result<SignedLogEntry, EntryError> {
		let kind = EventKind::from_name(&self.kind).ok_or(EntryError::BadField("kind"))?;
		let catalog_entry = match &self.catalog_entry {
			Some(text) => {
				Some(parse_catalog_identifier(text).ok_or(EntryError::BadField("catalogEntry"))?)
			},
			None => None,
		};
		let entry = LogEntry {
			version: self.version,
			identity: self.identity.0.into(),
			caller: self.caller.0.into(),
			time: self.time,
			sequence: self.sequence,
			kind,
			interface: self.interface.as_bytes().to_vec(),
			request_digest: Digest::from(self.request_digest.0),
			volume: self.volume,
			outcome: match self.outcome {
				OutcomeJson::Success => Outcome::Success,
				OutcomeJson::Failed { code } => Outcome::Failed { code },
				OutcomeJson::Denied { code } => Outcome::Denied { code },
			},
			agreement: self.agreement,
			catalog_entry,
			scenario: self.scenario,
			fields: self
				.fields
				.iter()
				.map(|(k, v)| (k.as_bytes().to_vec(), v.as_bytes().to_vec()))
				.collect(),
		};
		entry.validate().map_err(EntryError::Schema)?;
		let signature: [u8; 64] =
			self.signature.0.as_slice().try_into().map_err(|_| EntryError::BadSignature)?;
		let signed = SignedLogEntry { entry, signer: self.signer.0, signature };
		if signed.encoded_size() > tds_primitives::log::MAX_SIGNED_ENTRY_LEN {
			return Err(EntryError::Schema(SchemaError::TooLarge));
		}
		Ok(signed)
	}

	/// The JSON form of a signed entry; `None` if a text field is not UTF-8 (never for
	/// entries that passed [`LogEntry::validate`]).
	pub fn from_signed(signed: &SignedLogEntry) -> Option<Self> {
		let entry = &signed.entry;
		let text = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).ok();
		Some(LogEntryJson {
			version: entry.version,
			identity: entry.identity.into(),
			caller: entry.caller.into(),
			time: entry.time,
			sequence: entry.sequence,
			kind: entry.kind.name().to_owned(),
			interface: text(&entry.interface)?,
			request_digest: entry.request_digest.into(),
			volume: entry.volume,
			outcome: match entry.outcome {
				Outcome::Success => OutcomeJson::Success,
				Outcome::Failed { code } => OutcomeJson::Failed { code },
				Outcome::Denied { code } => OutcomeJson::Denied { code },
			},
			agreement: entry.agreement,
			catalog_entry: entry.catalog_entry.as_ref().map(catalog_identifier),
			scenario: entry.scenario,
			fields: entry
				.fields
				.iter()
				.map(|(k, v)| Some((text(k)?, text(v)?)))
				.collect::<Option<_>>()?,
			signer: Bytes32(signed.signer),
			signature: Bytes(signed.signature.to_vec()),
		})
	}
}

/// Whether `signed` carries a valid ed25519 signature (strict: canonical, not small-order) of
/// its entry on the ledger with `genesis_hash`.
pub fn verify_signature(genesis_hash: &[u8; 32], signed: &SignedLogEntry) -> bool {
	let Ok(key) = VerifyingKey::from_bytes(&signed.signer) else { return false };
	let signature = Signature::from_bytes(&signed.signature);
	key.verify_strict(&signing_payload(genesis_hash, &signed.entry), &signature)
		.is_ok()
}

/// Signs `entry` for the ledger with `genesis_hash`.
pub fn sign(key: &SigningKey, genesis_hash: &[u8; 32], entry: LogEntry) -> SignedLogEntry {
	let signature = key.sign(&signing_payload(genesis_hash, &entry)).to_bytes();
	SignedLogEntry { entry, signer: key.verifying_key().to_bytes(), signature }
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Decode;

	const GENESIS: [u8; 32] = [7; 32];

	fn json() -> serde_json::Value {
		serde_json::json!({
			"identity": format!("0x{}", "11".repeat(32)),
			"caller": format!("0x{}", "22".repeat(32)),
			"time": 1_700_000_000_000u64,
			"sequence": 1,
			"kind": "interfaceCall",
			"interface": "credit/score",
			"requestDigest": format!("0x{}", "33".repeat(32)),
			"volume": 10,
			"outcome": {"status": "failed", "code": 5},
			"agreement": 3,
			"catalogEntry": "urn:tds:catalog:1:2",
			"scenario": 4,
			"fields": {"b": "2", "a": "1"},
			"signer": format!("0x{}", "00".repeat(32)),
			"signature": format!("0x{}", "00".repeat(64)),
		})
	}

	#[test]
	fn json_round_trips_through_scale_and_a_signature_verifies() {
		let parsed: LogEntryJson = serde_json::from_value(json()).expect("parses");
		let unsigned = parsed.to_signed().expect("valid");
		assert_eq!(unsigned.entry.fields[0].0, b"a".to_vec(), "fields are in key order");
		let key = SigningKey::from_bytes(&[42; 32]);
		let signed = sign(&key, &GENESIS, unsigned.entry);
		assert!(verify_signature(&GENESIS, &signed));
		assert!(!verify_signature(&[8; 32], &signed), "bound to one ledger");
		let back = LogEntryJson::from_signed(&signed).expect("utf-8");
		assert_eq!(back.to_signed().expect("valid"), signed);
		let bytes = signed.encode();
		assert_eq!(SignedLogEntry::decode(&mut &bytes[..]).expect("decodes"), signed);
	}

	#[test]
	fn a_changed_field_breaks_the_signature() {
		let parsed: LogEntryJson = serde_json::from_value(json()).expect("parses");
		let key = SigningKey::from_bytes(&[42; 32]);
		let mut signed = sign(&key, &GENESIS, parsed.to_signed().expect("valid").entry);
		signed.entry.volume += 1;
		assert!(!verify_signature(&GENESIS, &signed));
	}

	#[test]
	fn malformed_entries_are_refused_by_field() {
		let cases: [(&str, serde_json::Value, EntryError); 4] = [
			("kind", serde_json::json!("nope"), EntryError::BadField("kind")),
			("catalogEntry", serde_json::json!("urn:x"), EntryError::BadField("catalogEntry")),
			("interface", serde_json::json!(""), EntryError::Schema(SchemaError::BadInterface)),
			("signature", serde_json::json!("0x00"), EntryError::BadSignature),
		];
		for (field, value, expected) in cases {
			let mut value_json = json();
			value_json[field] = value;
			let parsed: LogEntryJson = serde_json::from_value(value_json).expect("parses");
			assert_eq!(parsed.to_signed(), Err(expected), "{field}");
		}
		let mut unknown = json();
		unknown["extra"] = serde_json::json!(1);
		assert!(serde_json::from_value::<LogEntryJson>(unknown).is_err());
	}
}
