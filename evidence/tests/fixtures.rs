//! The committed example bundles (`tests/fixtures/`, taken from the end-to-end test on the
//! four-validator network: a log entry, a notarised event, a log entry after a validator-set
//! change) keep verifying: the format is stable. Each is also verified, with tampered copies, by
//! the independent Python verifier written from docs/evidence-bundle.md alone
//! (`scripts/verify-bundle.py`), which must reach the same verdict as this crate's.

use serde_json::Value;
use std::{path::PathBuf, process::Command};
use tds_evidence::{verify, Bundle, TrustedSets};

fn fixture(name: &str) -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn read<T: serde::de::DeserializeOwned>(name: &str) -> T {
	let text = std::fs::read_to_string(fixture(name)).expect("the fixtures are committed");
	serde_json::from_str(&text).expect("a fixture parses")
}

/// Every fixture with the trusted sets it verifies against.
const CASES: [(&str, &[&str]); 3] = [
	("log-entry-bundle.json", &["trusted-set-0.json"]),
	("notarised-event-bundle.json", &["trusted-set-0.json"]),
	("log-entry-after-set-change-bundle.json", &["trusted-set-0.json", "trusted-set-1.json"]),
];

#[test]
fn the_committed_bundles_verify() {
	for (bundle, trusts) in CASES {
		let parsed: Bundle = read(bundle);
		for trust in trusts {
			let report = verify(&parsed, &read::<TrustedSets>(trust), None);
			assert!(report.verified(), "{bundle} against {trust}: {report:#?}");
		}
	}
}

/// Tampered copies of a bundle: (what, JSON pointer to a hex field, byte to flip).
const TAMPERINGS: [(&str, &str, usize); 5] = [
	("an entry byte", "/subject/entry", 40),
	("a proof step", "/subject/inclusionProof/2", 0),
	("a header byte", "/state/header", 50),
	("a signature byte", "/finality/justification", 60),
	("a state-proof byte", "/state/proof/0", 3),
];

fn flipped(bundle: &Value, pointer: &str, at: usize) -> Value {
	let mut copy = bundle.clone();
	let field = copy.pointer_mut(pointer).expect("the field exists");
	let text = field.as_str().expect("a hex field");
	let mut bytes = hex::decode(&text[2..]).expect("hex");
	let position = at % bytes.len();
	bytes[position] ^= 1;
	*field = Value::String(format!("0x{}", hex::encode(bytes)));
	copy
}

/// Runs the Python verifier; `true` if it verified.
fn python_verifies(bundle: &Value, trust: &str) -> bool {
	let dir = tempfile::tempdir().expect("a temporary directory");
	let path = dir.path().join("bundle.json");
	std::fs::write(&path, serde_json::to_vec(bundle).expect("JSON")).expect("write");
	let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/verify-bundle.py");
	let output = Command::new("python3")
		.arg(script)
		.arg(&path)
		.arg("--trusted-set")
		.arg(fixture(trust))
		.output()
		.expect("python3 runs (scripts/setup.sh installs its packages)");
	let stdout = String::from_utf8_lossy(&output.stdout);
	let code = output.status.code();
	assert!(
		matches!(code, Some(0 | 1)),
		"the Python verifier failed to run ({code:?}): {stdout}{}",
		String::from_utf8_lossy(&output.stderr)
	);
	code == Some(0)
}

#[test]
fn an_independent_verifier_reaches_the_same_verdicts() {
	for (name, trusts) in CASES {
		let bundle: Value = read(name);
		for trust in trusts {
			assert!(python_verifies(&bundle, trust), "{name} against {trust}");
		}
		let trust = trusts[0];
		for (what, pointer, at) in TAMPERINGS {
			if bundle.pointer(pointer).is_none() {
				continue;
			}
			let tampered = flipped(&bundle, pointer, at);
			let ours = verify(
				&serde_json::from_value(tampered.clone()).expect("still a bundle"),
				&read(trust),
				None,
			)
			.verified();
			assert!(!ours, "{name} with {what} changed verified");
			assert_eq!(python_verifies(&tampered, trust), ours, "{name} with {what} changed");
		}
	}
}
