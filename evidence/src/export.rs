//! An export: the result of a drill-through query as one file, every entry with its evidence
//! bundle, signed by the gateway that produced it (docs/gateway.md). `tds-verify` checks the
//! gateway's signature and every bundle offline.
//!
//! The bundles prove each entry against the validator set on their own; the gateway's
//! signature adds who answered which request, and that the file is unaltered as a whole.

use crate::{
	bundle::{Bundle, Bytes, Bytes32, Subject},
	verify::verify,
	TrustedSets,
};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The `format` of every export.
pub const EXPORT_FORMAT: &str = "tds-evidence-export";

/// The version this crate writes and verifies.
pub const EXPORT_VERSION: u32 = 1;

/// Prefix of the signed message.
pub const EXPORT_SIGNING_CONTEXT: &[u8] = b"tds/evidence-export/v1";

/// An export file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Export {
	/// [`EXPORT_FORMAT`].
	pub format: String,
	/// [`EXPORT_VERSION`].
	pub version: u32,
	/// JSON text of the [`ExportPayload`], signed as is.
	pub payload: String,
	/// The gateway's notary key (ed25519).
	pub notary: Bytes32,
	/// ed25519 signature of `"tds/evidence-export/v1" ‖ genesis hash ‖ payload`.
	pub signature: Bytes,
}

/// What an export holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportPayload {
	/// The ledger.
	pub genesis_hash: Bytes32,
	/// The gateway's stream.
	pub stream: u64,
	/// Who asked (ed25519 key).
	pub requester: Bytes32,
	/// The signed request's JSON text, as the requester signed it.
	pub request: String,
	/// When the gateway wrote the export (Unix ms).
	pub created: u64,
	/// One bundle per matching entry, in (time, leaf) order.
	pub bundles: Vec<Bundle>,
	/// Where the query continues, if the result did not fit.
	pub next: Option<String>,
}

fn message(genesis_hash: &[u8; 32], payload: &str) -> Vec<u8> {
	let mut message = Vec::with_capacity(EXPORT_SIGNING_CONTEXT.len() + 32 + payload.len());
	message.extend_from_slice(EXPORT_SIGNING_CONTEXT);
	message.extend_from_slice(genesis_hash);
	message.extend_from_slice(payload.as_bytes());
	message
}

/// Writes and signs an export with a key in memory.
pub fn sign_export(key: &SigningKey, payload: &ExportPayload) -> Result<Export, String> {
	let text = serde_json::to_string(payload).map_err(|e| e.to_string())?;
	let signature = key.sign(&message(&payload.genesis_hash.0, &text)).to_bytes().to_vec();
	Ok(Export {
		format: EXPORT_FORMAT.into(),
		version: EXPORT_VERSION,
		payload: text,
		notary: Bytes32(key.verifying_key().to_bytes()),
		signature: Bytes(signature),
	})
}

/// Writes an export signed by `sign` (for keys held elsewhere, such as a keystore).
pub fn export_with(
	notary: [u8; 32],
	payload: &ExportPayload,
	sign: impl FnOnce(&[u8]) -> Result<[u8; 64], String>,
) -> Result<Export, String> {
	let text = serde_json::to_string(payload).map_err(|e| e.to_string())?;
	let signature = sign(&message(&payload.genesis_hash.0, &text))?;
	Ok(Export {
		format: EXPORT_FORMAT.into(),
		version: EXPORT_VERSION,
		payload: text,
		notary: Bytes32(notary),
		signature: Bytes(signature.to_vec()),
	})
}

/// The result of checking an export.
#[derive(Debug, Default)]
pub struct ExportReport {
	/// Checks of the file itself, in order: (name, passed, detail).
	pub checks: Vec<(String, bool, String)>,
	/// Per bundle: its leaf index and the first failed check, if any.
	pub bundles: Vec<(Option<u64>, Option<String>)>,
}

impl ExportReport {
	/// Whether the file and every bundle verified.
	pub fn verified(&self) -> bool {
		!self.checks.is_empty()
			&& self.checks.iter().all(|(_, passed, _)| *passed)
			&& self.bundles.iter().all(|(_, failure)| failure.is_none())
	}
}

/// Checks an export offline: its format, the gateway's signature, that it is for the trusted
/// ledger, and every bundle (against `trust`, each of the export's stream).
pub fn verify_export(export: &Export, trust: &TrustedSets) -> ExportReport {
	let mut report = ExportReport::default();
	let format_ok = export.format == EXPORT_FORMAT && export.version == EXPORT_VERSION;
	report.checks.push((
		"format".into(),
		format_ok,
		format!("{} version {}", export.format, export.version),
	));
	if !format_ok {
		return report;
	}
	let payload: ExportPayload = match serde_json::from_str(&export.payload) {
		Ok(payload) => payload,
		Err(e) => {
			report.checks.push(("payload".into(), false, format!("does not parse: {e}")));
			return report;
		},
	};
	let chain_ok = payload.genesis_hash == trust.genesis_hash;
	report.checks.push((
		"chain".into(),
		chain_ok,
		format!("genesis {} (trusted {})", payload.genesis_hash, trust.genesis_hash),
	));
	let signature_ok = VerifyingKey::from_bytes(&export.notary.0)
		.ok()
		.zip(<[u8; 64]>::try_from(export.signature.0.as_slice()).ok())
		.is_some_and(|(key, signature)| {
			key.verify_strict(
				&message(&payload.genesis_hash.0, &export.payload),
				&Signature::from_bytes(&signature),
			)
			.is_ok()
		});
	report.checks.push((
		"signature".into(),
		signature_ok,
		format!("by gateway notary key {}", export.notary),
	));
	for bundle in &payload.bundles {
		let (leaf, stream) = match &bundle.subject {
			Subject::LogEntry { stream, leaf_index, .. } => (Some(*leaf_index), Some(*stream)),
			_ => (None, None),
		};
		let failure = if stream != Some(payload.stream) {
			Some(format!("not an entry of stream {}", payload.stream))
		} else {
			verify(bundle, trust, None).first_failure().map(|check| format!("{check:?}"))
		};
		report.bundles.push((leaf, failure));
	}
	report
}
