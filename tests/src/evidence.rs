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
