//! Exports: a signed file of bundles verifies offline; a changed payload, a bundle of another
//! stream, another ledger and a tampered bundle are each caught.

use ed25519_dalek::SigningKey;
use std::path::PathBuf;
use tds_evidence::{
	bundle::Bytes32,
	export::{sign_export, verify_export, ExportPayload},
	Bundle, TrustedSets,
};

fn read<T: serde::de::DeserializeOwned>(name: &str) -> T {
	let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
	let text = std::fs::read_to_string(path).expect("the fixtures are committed");
	serde_json::from_str(&text).expect("a fixture parses")
}

fn payload(trust: &TrustedSets) -> ExportPayload {
	ExportPayload {
		genesis_hash: trust.genesis_hash,
		stream: 0,
		requester: Bytes32([9; 32]),
		request: r#"{"time":1,"nonce":"0x00000000000000000000000000000000"}"#.into(),
		created: 2,
		bundles: vec![read::<Bundle>("log-entry-bundle.json")],
		next: None,
	}
}

#[test]
fn a_signed_export_verifies() {
	let trust: TrustedSets = read("trusted-set-0.json");
	let key = SigningKey::from_bytes(&[3; 32]);
	let export = sign_export(&key, &payload(&trust)).expect("signs");
	let report = verify_export(&export, &trust);
	assert!(report.verified(), "{report:#?}");
	assert_eq!(report.bundles.len(), 1);
}

#[test]
fn every_alteration_is_caught() {
	let trust: TrustedSets = read("trusted-set-0.json");
	let key = SigningKey::from_bytes(&[3; 32]);

	let mut changed = sign_export(&key, &payload(&trust)).expect("signs");
	changed.payload = changed.payload.replace("\"created\":2", "\"created\":3");
	let report = verify_export(&changed, &trust);
	assert!(!report.verified());
	assert!(report.checks.iter().any(|(name, passed, _)| name == "signature" && !passed));

	let other_stream =
		sign_export(&key, &ExportPayload { stream: 5, ..payload(&trust) }).expect("signs");
	let report = verify_export(&other_stream, &trust);
	assert!(!report.verified());
	assert!(report.bundles[0].1.as_deref().is_some_and(|why| why.contains("stream 5")));

	let other_chain = TrustedSets { genesis_hash: Bytes32([1; 32]), ..trust.clone() };
	assert!(!verify_export(&sign_export(&key, &payload(&trust)).expect("signs"), &other_chain)
		.verified());

	let mut tampered = payload(&trust);
	if let tds_evidence::bundle::Subject::LogEntry { entry, .. } = &mut tampered.bundles[0].subject
	{
		entry.0[3] ^= 1;
	}
	let report = verify_export(&sign_export(&key, &tampered).expect("signs"), &trust);
	assert!(report.checks.iter().all(|(_, passed, _)| *passed), "the file is as signed");
	assert!(!report.verified(), "but its bundle fails");
}
