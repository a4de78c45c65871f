//! Running `tds-verify`, the offline verifier, on what the nodes hand out.

use crate::{node_binary, Result};
use serde_json::Value;
use std::{
	path::{Path, PathBuf},
	process::Command,
};

/// The `tds-verify` binary next to the node under test.
pub fn tds_verify_binary() -> PathBuf {
	node_binary().with_file_name("tds-verify")
}

/// Runs `tds-verify` on `evidence` (a bundle or an export) against `trust`, written under `dir`
/// as `name.json`; returns whether it verified and what it printed. Fails if the exit status
/// and the printed verdict disagree, or if it could not run.
pub fn tds_verify(
	dir: &Path,
	name: &str,
	evidence: &Value,
	trust: &Value,
	extra: &[&str],
) -> Result<(bool, String)> {
	let evidence_path = dir.join(format!("{name}.json"));
	let trust_path = dir.join(format!("{name}.trust.json"));
	std::fs::write(&evidence_path, serde_json::to_vec_pretty(evidence)?)?;
	std::fs::write(&trust_path, serde_json::to_vec_pretty(trust)?)?;
	let output = Command::new(tds_verify_binary())
		.arg(&evidence_path)
		.arg("--trusted-set")
		.arg(&trust_path)
		.args(extra)
		.output()?;
	let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
	let verified = output.status.success();
	anyhow::ensure!(
		verified == stdout.contains("\nVERIFIED"),
		"exit status and verdict disagree: {stdout}"
	);
	anyhow::ensure!(
		verified || output.status.code() == Some(1),
		"tds-verify failed to run: {stdout}{}",
		String::from_utf8_lossy(&output.stderr)
	);
	Ok((verified, stdout))
}

/// A test ed25519 key: the seed is `seed` repeated.
pub fn ed25519_key(seed: u8) -> ed25519_dalek::SigningKey {
	ed25519_dalek::SigningKey::from_bytes(&[seed; 32])
}

/// `entry` signed by `key` for the ledger of `genesis`, in the JSON form the gateway takes.
pub fn signed_entry_json(
	key: &ed25519_dalek::SigningKey,
	genesis: &[u8; 32],
	entry: tds_primitives::log::LogEntry,
) -> Result<Value> {
	let signed = tds_evidence::log::sign(key, genesis, entry);
	Ok(serde_json::to_value(
		tds_evidence::log::LogEntryJson::from_signed(&signed)
			.ok_or_else(|| anyhow::anyhow!("utf-8"))?,
	)?)
}

/// The node's genesis hash: what signed entries and requests are bound to.
pub async fn genesis_hash(node: &crate::Node) -> Result<[u8; 32]> {
	let hash: String = node.rpc("chain_getBlockHash", vec![0.into()]).await?;
	let bytes = hex::decode(hash.trim_start_matches("0x"))?;
	bytes.try_into().map_err(|_| anyhow::anyhow!("genesis hash is 32 bytes"))
}

/// The node's `notary_gatewayStatus`.
pub async fn gateway_status(node: &crate::Node) -> Result<Value> {
	node.rpc("notary_gatewayStatus", vec![]).await
}

/// A nonce for a signed gateway request: `n`, then the time, so that it is never reused.
pub fn request_nonce(n: u64) -> tds_evidence::bundle::Bytes {
	let mut nonce = [0u8; 16];
	nonce[..8].copy_from_slice(&n.to_le_bytes());
	nonce[8..].copy_from_slice(&crate::now_ms().to_le_bytes());
	tds_evidence::bundle::Bytes(nonce.to_vec())
}
