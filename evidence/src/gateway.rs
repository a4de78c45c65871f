//! Requests to a node's evidence gateway that must be signed (docs/gateway.md): drill-through
//! queries and exports. The signer proves it holds a key of an identity; the gateway checks the
//! identity's standing and roles on chain.
//!
//! A signed request carries the request as JSON text (`request`) and an ed25519 signature of
//! `"tds/gateway-query/v1" ‖ genesis hash ‖ UTF-8 bytes of request`, so that no JSON
//! canonicalisation is needed: the gateway verifies the exact bytes, then parses them.

use crate::bundle::{Bytes, Bytes32};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// Prefix of a signed request's message.
pub const QUERY_SIGNING_CONTEXT: &[u8] = b"tds/gateway-query/v1";

/// How far a request's `time` may be from the gateway's clock, in milliseconds.
pub const FRESHNESS_MS: u64 = 60_000;

/// A request and its signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignedRequest {
	/// The request, JSON text of a [`QueryRequest`].
	pub request: String,
	/// ed25519 public key of the signer (its account on the ledger).
	pub signer: Bytes32,
	/// ed25519 signature (64 bytes).
	pub signature: Bytes,
}

/// A drill-through query (SPEC §6): every given filter must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QueryRequest {
	/// When the request was made, Unix milliseconds (within [`FRESHNESS_MS`] of the gateway).
	pub time: u64,
	/// 16 random bytes, never reused by the signer.
	pub nonce: Bytes,
	/// Data item: `urn:tds:catalog:<space>:<number>`.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub catalog_entry: Option<String>,
	/// Entry time from, inclusive (Unix ms).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub from: Option<u64>,
	/// Entry time to, inclusive (Unix ms).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub to: Option<u64>,
	/// Using subject (identity identifier).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub caller: Option<Bytes32>,
	/// Business scenario code.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub scenario: Option<u32>,
	/// Agreement number.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub agreement: Option<u64>,
	/// Submitting identity.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub identity: Option<Bytes32>,
	/// Where to resume, from the previous page's `next`.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub cursor: Option<String>,
	/// Most entries to return (at most 100, default 50).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub limit: Option<u32>,
	/// Include each entry's evidence bundle (entries not yet provable get none).
	#[serde(default)]
	pub bundles: bool,
}

/// The message a request's signer signs.
pub fn request_message(genesis_hash: &[u8; 32], request: &str) -> Vec<u8> {
	let mut message = Vec::with_capacity(QUERY_SIGNING_CONTEXT.len() + 32 + request.len());
	message.extend_from_slice(QUERY_SIGNING_CONTEXT);
	message.extend_from_slice(genesis_hash);
	message.extend_from_slice(request.as_bytes());
	message
}

/// Signs `request` for the ledger with `genesis_hash`.
pub fn sign_request(
	key: &SigningKey,
	genesis_hash: &[u8; 32],
	request: &QueryRequest,
) -> SignedRequest {
	let text = serde_json::to_string(request).unwrap_or_default();
	let signature = key.sign(&request_message(genesis_hash, &text)).to_bytes().to_vec();
	SignedRequest {
		request: text,
		signer: Bytes32(key.verifying_key().to_bytes()),
		signature: Bytes(signature),
	}
}

/// Whether the signature of `signed` verifies (strict ed25519).
pub fn verify_request(genesis_hash: &[u8; 32], signed: &SignedRequest) -> bool {
	let Ok(key) = VerifyingKey::from_bytes(&signed.signer.0) else { return false };
	let Ok(signature) = <[u8; 64]>::try_from(signed.signature.0.as_slice()) else { return false };
	key.verify_strict(
		&request_message(genesis_hash, &signed.request),
		&Signature::from_bytes(&signature),
	)
	.is_ok()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_signed_request_verifies_only_unchanged_and_on_its_ledger() {
		let key = SigningKey::from_bytes(&[5; 32]);
		let request = QueryRequest {
			time: 1,
			nonce: Bytes(vec![0; 16]),
			agreement: Some(3),
			..Default::default()
		};
		let signed = sign_request(&key, &[1; 32], &request);
		assert!(verify_request(&[1; 32], &signed));
		assert!(!verify_request(&[2; 32], &signed));
		let mut changed = signed.clone();
		changed.request = changed.request.replace("\"agreement\":3", "\"agreement\":4");
		assert_ne!(changed.request, signed.request);
		assert!(!verify_request(&[1; 32], &changed));
		let parsed: QueryRequest = serde_json::from_str(&signed.request).expect("parses");
		assert_eq!(parsed, request);
	}
}
