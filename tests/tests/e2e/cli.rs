//! End-to-end: the `tds` command-line client against a real dev node.
//!
//! Keys are imported into a fresh keystore (mode 0600; a secret is printed only when asked, and
//! a sealed key needs its password). An organisation's key notarises a file: the client hashes
//! it locally, follows the extrinsic to a finalised block and prints the block; the bundle is
//! fetched and verified offline by `tds verify`, against the document and a tampered copy. A key
//! of no identity is refused by the node with the reason; an unreachable endpoint is named.

use std::time::Duration;
use tds_e2e::{
	admitted_space, keypair, organisation, tds, tds_json, wait_for, Result, TestNetwork,
};

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_manages_keys_notarises_and_verifies() -> Result<()> {
	let network = TestNetwork::dev("cli").await?;
	let node = network.node("dev");
	let url = node.ws_url();
	let client = node.client().await?;
	let work = tempfile::tempdir()?;
	let keystore = work.path().join("keystore.json");

	// Keys: imported, listed, shown without the secret unless asked.
	let desk = tds_json(&keystore, &url, &["key", "import", "desk", "--suri", "//CliDesk"])?;
	assert_eq!(desk["scheme"], "sr25519");
	#[cfg(unix)]
	{
		use std::os::unix::fs::PermissionsExt;
		assert_eq!(std::fs::metadata(&keystore)?.permissions().mode() & 0o777, 0o600);
	}
	tds_json(&keystore, &url, &["key", "generate", "logger", "--scheme", "ed25519"])?;
	let listed = tds_json(&keystore, &url, &["key", "list"])?;
	assert_eq!(listed.as_array().map(Vec::len), Some(2));
	let shown = tds_json(&keystore, &url, &["key", "show", "desk"])?;
	assert!(shown.get("secretUri").is_none(), "no secret unless asked: {shown}");
	assert_eq!(shown["public"], desk["public"]);
	let secret = tds_json(&keystore, &url, &["key", "show", "desk", "--secret"])?;
	assert_eq!(secret["secretUri"], "//CliDesk");
	let (code, _, err) = tds(&keystore, &url, &["key", "import", "desk", "--suri", "//Other"])?;
	assert_ne!(code, 0);
	assert!(err.contains("already exists"), "{err}");
	// A sealed key: its password opens it, a wrong one does not.
	let (code, _, err) = tds(
		&keystore,
		&url,
		&["key", "import", "vault", "--suri", "//Vault", "--protect", "--password", "s3cret"],
	)?;
	assert_eq!(code, 0, "{err}");
	assert!(!std::fs::read_to_string(&keystore)?.contains("//Vault"));
	let (code, out, _) = tds(
		&keystore,
		&url,
		&["key", "show", "vault", "--secret", "--password", "s3cret", "--json"],
	)?;
	assert_eq!(code, 0);
	assert!(out.contains("//Vault"));
	let (code, _, err) =
		tds(&keystore, &url, &["key", "show", "vault", "--secret", "--password", "wrong"])?;
	assert_ne!(code, 0);
	assert!(err.contains("wrong password"), "{err}");

	// An organisation whose key is the desk notarises a file.
	let operator = keypair("//CliOperator")?;
	admitted_space(&client, &operator, 0).await?;
	organisation(&client, 0, &operator, "914403001922038216", &keypair("//CliDesk")?, None).await?;

	// The chain's head: past the blocks that admitted the space, finalised.
	let status = tds_json(&keystore, &url, &["status"])?;
	assert!(status["finalized"].as_u64().is_some_and(|n| n > 0), "{status}");
	assert!(status["best"].as_u64() >= status["finalized"].as_u64(), "{status}");
	let document = work.path().join("contract.pdf");
	std::fs::write(&document, "数据提供合同 v1".as_bytes())?;
	let digest = format!("0x{}", hex::encode(blake3::hash(&std::fs::read(&document)?).as_bytes()));
	let notarised = tds_json(
		&keystore,
		&url,
		&["notarize", &document.display().to_string(), "--signer", "desk"],
	)?;
	assert_eq!(notarised["digest"], digest);
	assert!(notarised["block"]["number"].as_u64().is_some_and(|n| n > 0), "{notarised}");
	let events: Vec<&str> = notarised["events"]
		.as_array()
		.map(|events| events.iter().filter_map(|e| e["event"].as_str()).collect())
		.unwrap_or_default();
	assert!(events.contains(&"Notary.Notarised"), "{events:?}");

	// Its bundle verifies offline, with the document; a tampered document does not.
	let bundle = work.path().join("bundle.json");
	let trust = work.path().join("trust.json");
	let bundle_path = bundle.display().to_string();
	let trust_path = trust.display().to_string();
	wait_for("the bundle", Duration::from_secs(60), || async {
		let (code, _, _) = tds(
			&keystore,
			&url,
			&[
				"bundle",
				"get",
				"--digest",
				&digest,
				"-o",
				&bundle_path,
				"--trusted-set",
				&trust_path,
			],
		)?;
		Ok((code == 0).then_some(()))
	})
	.await?;
	let document_path = document.display().to_string();
	let (code, out, err) = tds(
		&keystore,
		&url,
		&["verify", &bundle_path, "--trusted-set", &trust_path, "--document", &document_path],
	)?;
	assert_eq!(code, 0, "{out}{err}");
	assert!(out.contains("VERIFIED"), "{out}");
	let tampered = work.path().join("tampered.pdf");
	std::fs::write(&tampered, "数据提供合同 v2".as_bytes())?;
	let (code, out, _) = tds(
		&keystore,
		&url,
		&[
			"verify",
			&bundle_path,
			"--trusted-set",
			&trust_path,
			"--document",
			&tampered.display().to_string(),
		],
	)?;
	assert_eq!(code, 1, "{out}");
	assert!(out.contains("REJECTED"), "{out}");

	// A key of no identity is refused by the node, which says why.
	tds_json(&keystore, &url, &["key", "import", "nobody", "--suri", "//Nobody"])?;
	let (code, _, err) = tds(&keystore, &url, &["notarize", &document_path, "--signer", "nobody"])?;
	assert_ne!(code, 0);
	assert!(err.contains("refused") || err.contains("invalid"), "{err}");
	// An unreachable endpoint is named.
	let (code, _, err) = tds(&keystore, "ws://127.0.0.1:1", &["status"])?;
	assert_ne!(code, 0);
	assert!(err.contains("ws://127.0.0.1:1"), "{err}");
	Ok(())
}
