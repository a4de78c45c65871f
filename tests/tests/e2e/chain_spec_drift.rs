//! `chain-spec/local-plain.json` and `chain-spec/local-raw.json` are what `tds-node` generates from
//! the runtime's `local_testnet` preset (`scripts/gen-chain-spec.sh`). This test regenerates both
//! and fails if the committed files drifted. The runtime code inside them is compared by version
//! (spec name, spec and transaction version), because a wasm build embeds the paths of the
//! machine that built it and so differs byte for byte between checkouts.

use serde_json::Value;
use std::process::Command;
use tds_e2e::{node_binary, workspace_root, Result};

const CODE_KEY: &str = "0x3a636f6465";

fn generate(raw: bool) -> Result<Value> {
	let mut cmd = Command::new(node_binary());
	cmd.args(["build-spec", "--chain", "local", "--disable-default-bootnode"]);
	if raw {
		cmd.arg("--raw");
	}
	let output = cmd.output()?;
	assert!(
		output.status.success(),
		"build-spec failed: {}",
		String::from_utf8_lossy(&output.stderr)
	);
	Ok(serde_json::from_slice(&output.stdout)?)
}

fn committed(name: &str) -> Result<Value> {
	let path = workspace_root().join("chain-spec").join(name);
	let text = std::fs::read_to_string(&path)
		.map_err(|e| anyhow::anyhow!("{}: {e} (run scripts/gen-chain-spec.sh)", path.display()))?;
	Ok(serde_json::from_str(&text)?)
}

/// The runtime version embedded in wasm code given as 0x-hex.
fn code_version(code: &Value) -> Result<(String, u32, u32)> {
	let hex = code.as_str().ok_or_else(|| anyhow::anyhow!("code is not a string"))?;
	let wasm = hex::decode(hex.trim_start_matches("0x"))?;
	let blob = sc_executor_common::runtime_blob::RuntimeBlob::uncompress_if_needed(&wasm)?;
	let version = sc_executor::read_embedded_version(&blob)?
		.ok_or_else(|| anyhow::anyhow!("the code has no embedded runtime version"))?;
	Ok((version.spec_name.to_string(), version.spec_version, version.transaction_version))
}

fn expected_version() -> (String, u32, u32) {
	let v = tds_runtime::VERSION;
	(v.spec_name.to_string(), v.spec_version, v.transaction_version)
}

#[test]
fn plain_spec_matches_the_presets() -> Result<()> {
	let mut generated = generate(false)?;
	let mut committed = committed("local-plain.json")?;
	let generated_code = generated["genesis"]["runtimeGenesis"]["code"].take();
	let committed_code = committed["genesis"]["runtimeGenesis"]["code"].take();
	assert_eq!(code_version(&generated_code)?, expected_version());
	assert_eq!(
		code_version(&committed_code)?,
		expected_version(),
		"chain-spec/local-plain.json carries an older runtime: run scripts/gen-chain-spec.sh"
	);
	assert!(
		generated == committed,
		"chain-spec/local-plain.json drifted from the presets: run scripts/gen-chain-spec.sh"
	);
	Ok(())
}

#[test]
fn raw_spec_matches_the_presets() -> Result<()> {
	let mut generated = generate(true)?;
	let mut committed = committed("local-raw.json")?;
	let top = "/genesis/raw/top";
	let generated_code = generated
		.pointer_mut(top)
		.and_then(|t| t.as_object_mut())
		.and_then(|t| t.remove(CODE_KEY));
	let committed_code = committed
		.pointer_mut(top)
		.and_then(|t| t.as_object_mut())
		.and_then(|t| t.remove(CODE_KEY));
	assert_eq!(code_version(&generated_code.unwrap_or_default())?, expected_version());
	assert_eq!(
		code_version(&committed_code.unwrap_or_default())?,
		expected_version(),
		"chain-spec/local-raw.json carries an older runtime: run scripts/gen-chain-spec.sh"
	);
	assert!(
		generated == committed,
		"chain-spec/local-raw.json drifted from the presets: run scripts/gen-chain-spec.sh"
	);
	Ok(())
}
