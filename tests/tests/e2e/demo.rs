//! End-to-end: the README's main command plays the scenario demo.
//!
//! `scripts/start.sh --demo-only` starts the local consortium (four validators, alice's node
//! running the evidence gateway, an auditor node) on loopback ports of its own, plays SPEC §9
//! scenario 4 with `tds` (`scripts/demo.sh`), and stops. The demo checks each step itself and
//! exits non-zero at the first that fails; this test also reads its transcript for the facts
//! the story turns on.

use std::{
	io::Read as _,
	net::TcpListener,
	os::unix::process::CommandExt as _,
	process::{Command, Stdio},
};
use tds_e2e::{cli_binary, node_binary, workspace_root, Result};

/// The ports `scripts/start.sh` uses at offset 0.
const PORTS: [u16; 15] =
	[30333, 30334, 30335, 30336, 30337, 9944, 9945, 9946, 9947, 9948, 9615, 9616, 9617, 9618, 9619];

/// An offset at which every port of the consortium is free on 127.0.0.1.
fn free_offset() -> Result<u16> {
	(1..30u16)
		.map(|step| step * 1_000)
		.find(|offset| {
			PORTS.iter().all(|port| TcpListener::bind(("127.0.0.1", port + offset)).is_ok())
		})
		.ok_or_else(|| anyhow::anyhow!("no offset with 15 free loopback ports"))
}

/// Kills the script's whole process group (its nodes too) if the test ends early.
struct Group(u32);

impl Drop for Group {
	fn drop(&mut self) {
		let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.0)]).status();
	}
}

#[test]
fn the_main_command_plays_scenario_four_end_to_end() -> Result<()> {
	let data = tempfile::tempdir()?;
	let offset = free_offset()?;
	let mut child = Command::new(workspace_root().join("scripts/start.sh"))
		.arg("--demo-only")
		.env("TDS_SKIP_BUILD", "1")
		.env("TDS_NODE", node_binary())
		.env("TDS_BIN", cli_binary())
		.env("TDS_LOCAL_DIR", data.path())
		.env("TDS_PORT_OFFSET", offset.to_string())
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.process_group(0)
		.spawn()?;
	let _group = Group(child.id());
	let mut transcript = String::new();
	let mut errors = String::new();
	if let Some(mut out) = child.stdout.take() {
		out.read_to_string(&mut transcript)?;
	}
	if let Some(mut err) = child.stderr.take() {
		err.read_to_string(&mut errors)?;
	}
	let status = child.wait()?;
	let logs = std::fs::read_to_string(data.path().join("logs/alice.log")).unwrap_or_default();
	let tail: String = logs.lines().rev().take(40).collect::<Vec<_>>().join("\n");
	anyhow::ensure!(
		status.success(),
		"the demo failed ({status}):\n{transcript}\n{errors}\nalice's log, last lines reversed:\n{tail}"
	);
	for fact in [
		// Both spaces admitted by council motions.
		"Council.Executed",
		"IdentityRegistry.SpaceStatusChanged",
		// The agreement's life, to filing and activation.
		"Agreements.OfferMade",
		"Agreements.AgreementSigned",
		// 10,000 entries acknowledged by the gateway.
		"10000 of 10000 entries acknowledged",
		// The breach: denied for frequency, answered by suspension.
		"frequencyExceeded",
		"suspended",
		// The dispute resolved.
		"Agreements.DisputeResolved",
		"Scenario 4 played",
	] {
		assert!(transcript.contains(fact), "the transcript lacks {fact:?}:\n{transcript}");
	}
	// The auditor's offline checks passed twice (the bundle and the regulator's export), and
	// the outsider's query was refused with the gateway's authorisation error.
	assert!(transcript.matches("VERIFIED").count() >= 2, "{transcript}");
	assert!(errors.contains("not authorised"), "{errors}");
	Ok(())
}
