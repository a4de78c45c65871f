//! End-to-end: the notary and evidence bundles on the four-validator consortium.
//!
//! A connector desk of an admitted, verified organisation opens a log stream and anchors a log
//! of 1,000 interface-call entries in four steps, each with an RFC 9162 consistency proof that
//! the chain verifies; a rewritten log is refused. It notarises a contract-delivery document.
//! Bundles for an early and a late entry and for the notarised event are assembled by the nodes
//! and verified offline by `tds-verify` against the validator set; every kind of tampering is
//! rejected by the check it breaks. A validator restarts and still assembles bundles. The
//! council then removes a validator (GRANDPA set 0 → 1): bundles carry the set change and
//! verify against the genesis set and against the new set.
//!
//! Figures (bundle and proof sizes, verification time) go to `target/reports/notary-bundles.json`.

use codec::{Decode, Encode};
use serde_json::{json, Value};
use sp_core::Pair;
use std::{
	path::Path,
	process::Command,
	time::{Duration, Instant},
};
use subxt::utils::H256;
use tds_e2e::{
	account_of, admitted_space, admitted_space_by,
	api::{
		self,
		runtime_types::{
			pallet_validator_set::pallet::Call as ValidatorSetCall,
			tds_primitives::notary::EventKind, tds_runtime::RuntimeCall,
		},
	},
	council_motion, dev_keypair, keypair, organisation, rpc_error_code, submit_finalized,
	tds_verify, tds_verify_binary, wait_for, workspace_root, Client, Node, NodeSpec, Result,
	TestNetwork,
};
use tds_primitives::merkle::{leaf_hash, MerkleHash, MerkleTree};

/// Entries in the log.
const ENTRIES: u64 = 1_000;
/// Anchored tree sizes, in order.
const STEPS: [u64; 4] = [10, 100, 513, 1_000];
/// Huawei's USCC.
const HUAWEI: &str = "914403001922038216";

/// Interface-call log entry `i` (SPEC §6: caller, time, interface, parameters, volume, result).
fn log_entry(i: u64) -> Vec<u8> {
	format!(
		r#"{{"caller":"did:tds:0:tencent","time":{},"interface":"/claims/query","params":"{:064x}","volume":200,"result":"ok"}}"#,
		1_795_392_000_000 + i * 1_000,
		i
	)
	.into_bytes()
}

fn hex32(hash: &MerkleHash) -> String {
	format!("0x{}", hex::encode(hash))
}

fn h256(hash: &MerkleHash) -> H256 {
	H256(*hash)
}

fn expect_verified(dir: &Path, name: &str, bundle: &Value, trust: &Value) -> Result<String> {
	let (verified, out) = tds_verify(dir, name, bundle, trust, &[])?;
	assert!(verified, "{name} did not verify:\n{out}");
	Ok(out)
}

/// `tds-verify` rejects the bundle, and the first failed check is `check`.
fn expect_rejected(
	dir: &Path,
	name: &str,
	bundle: &Value,
	trust: &Value,
	check: &str,
) -> Result<String> {
	let (verified, out) = tds_verify(dir, name, bundle, trust, &[])?;
	assert!(!verified, "tampered bundle {name} verified:\n{out}");
	let first = out.lines().find(|line| line.starts_with("FAILED")).unwrap_or_default();
	assert!(
		first.starts_with(&format!("FAILED  {check} ")),
		"{name}: expected the {check} check to fail first:\n{out}"
	);
	Ok(first.to_string())
}

fn bytes_of(value: &Value) -> Result<Vec<u8>> {
	let text = value.as_str().ok_or_else(|| anyhow::anyhow!("not a string: {value}"))?;
	Ok(hex::decode(text.trim_start_matches("0x"))?)
}

fn hex_of(bytes: &[u8]) -> Value {
	Value::String(format!("0x{}", hex::encode(bytes)))
}

/// Flips the lowest bit of byte `at` of a hex field.
fn flip(value: &mut Value, at: usize) -> Result<()> {
	let mut bytes = bytes_of(value)?;
	let len = bytes.len();
	bytes[at % len] ^= 1;
	*value = hex_of(&bytes);
	Ok(())
}

type Justification = sp_consensus_grandpa::GrandpaJustification<tds_primitives::Header>;

async fn bundle_of_entry(
	node: &Node,
	tree: &MerkleTree,
	index: u64,
	size: u64,
	trusted: Option<u64>,
) -> Result<Value> {
	let proof: Vec<Value> = tree
		.inclusion_proof(index, size)?
		.iter()
		.map(|h| Value::String(hex32(h)))
		.collect();
	node.rpc(
		"notary_logEntryBundle",
		vec![
			0.into(),
			index.into(),
			size.into(),
			hex_of(&log_entry(index)),
			Value::Array(proof),
			trusted.map_or(Value::Null, Value::from),
		],
	)
	.await
}

async fn anchor(
	client: &Client,
	tree: &MerkleTree,
	from: u64,
	to: u64,
	key: &subxt_signer::sr25519::Keypair,
) -> Result<tds_e2e::Included> {
	let proof = tree.consistency_proof(from, to)?.iter().map(h256).collect();
	let root = h256(&tree.root_at(to).ok_or_else(|| anyhow::anyhow!("no root at {to}"))?);
	submit_finalized(client, &api::transactions().notary().anchor(0, to, root, proof), key).await
}

#[tokio::test(flavor = "multi_thread")]
async fn log_streams_are_anchored_proven_and_verified_offline() -> Result<()> {
	let mut net = TestNetwork::local_consortium("notary").await?;
	let validators = ["alice", "bob", "charlie", "dave"];
	net.wait_finalized(&validators, 2, Duration::from_secs(120)).await?;
	let council: Vec<_> = ["alice", "bob", "charlie"].into_iter().map(dev_keypair).collect();
	let client = net.node("alice").client().await?;
	let operator = keypair("//NotaryOperator")?;
	let desk = keypair("//HuaweiConnectorDesk")?;
	admitted_space_by(&client, &operator, 0, &council).await?;
	let huawei = organisation(&client, 0, &operator, HUAWEI, &desk, None).await?;
	let notary = api::transactions().notary();

	// The stream, anchored in four steps, each proven consistent with the last on chain.
	submit_finalized(&client, &notary.open_stream(b"connector 7: interface calls".to_vec()), &desk)
		.await?;
	let tree = MerkleTree::from_leaves((0..ENTRIES).map(|i| leaf_hash(&log_entry(i))));
	let mut anchored = 0;
	for size in STEPS {
		let included = anchor(&client, &tree, anchored, size, &desk).await?;
		let event = included
			.events
			.find_first::<api::notary::events::StreamAnchored>()
			.ok_or_else(|| anyhow::anyhow!("no StreamAnchored event"))??;
		assert_eq!((event.stream, event.size), (0, size));
		anchored = size;
	}
	let alice = net.node("alice");
	let stream: Value = alice.rpc("notary_stream", vec![0.into()]).await?;
	assert_eq!(stream["size"], ENTRIES);
	assert_eq!(stream["anchors"], 4);
	assert_eq!(stream["root"], hex32(&tree.root()));
	assert_eq!(stream["owner"], format!("0x{}", hex::encode(huawei.0)));
	let history: Vec<Value> = alice.rpc("notary_anchors", vec![0.into()]).await?;
	let sizes: Vec<u64> = history.iter().filter_map(|a| a["size"].as_u64()).collect();
	assert_eq!(sizes, STEPS);
	let at_513: Value = alice.rpc("notary_anchorAt", vec![0.into(), 513.into()]).await?;
	assert_eq!(at_513["index"], 2);
	assert!(at_513["block"].as_u64().unwrap_or(0) > 0);
	let missing: Value = alice.rpc("notary_anchorAt", vec![0.into(), 514.into()]).await?;
	assert!(missing.is_null());

	// A log with entry 3 rewritten cannot be anchored: its proof does not extend the chain's root.
	let mut leaves: Vec<MerkleHash> = (0..1_200).map(|i| leaf_hash(&log_entry(i))).collect();
	leaves[3] = leaf_hash(b"rewritten entry");
	let forged = MerkleTree::from_leaves(leaves);
	let refused = anchor(&client, &forged, ENTRIES, 1_200, &desk).await;
	let refusal =
		format!("{:#}", refused.err().ok_or_else(|| anyhow::anyhow!("forged anchor accepted"))?);
	assert!(refusal.contains("InvalidConsistencyProof"), "{refusal}");

	// A notarised contract delivery; notarising it again keeps the first record.
	let document = "合同交付回执: agreement 7 delivered to connector 7".as_bytes();
	let digest = H256(*blake3::hash(document).as_bytes());
	let call = notary.notarise(digest, EventKind::ContractDelivery, None, None, None);
	submit_finalized(&client, &call, &desk).await?;
	let again = submit_finalized(&client, &call, &desk).await?;
	assert!(again.events.find_first::<api::notary::events::AlreadyNotarised>().is_some());
	let record: Value = alice.rpc("notary_record", vec![hex32(&digest.0).into()]).await?;
	assert_eq!(record["kind"], "contractDelivery");
	assert_eq!(record["identity"], format!("0x{}", hex::encode(huawei.0)));
	let page: Value =
		alice.rpc("notary_records", vec![json!({ "kind": "contractDelivery" })]).await?;
	assert_eq!(page["items"].as_array().map(Vec::len), Some(1));

	// The trust root an auditor pins: the genesis hash and the genesis validators' GRANDPA keys.
	let genesis = alice.block_hash(0).await?.ok_or_else(|| anyhow::anyhow!("no genesis"))?;
	let genesis_keys: Vec<Value> = ["Alice", "Bob", "Charlie", "Dave"]
		.iter()
		.map(|name| {
			let pair =
				sp_core::ed25519::Pair::from_string(&format!("//{name}"), None).expect("dev seed");
			hex_of(&pair.public().0)
		})
		.collect();
	let trust0 =
		json!({ "genesisHash": genesis, "sets": [{ "setId": 0, "authorities": genesis_keys }] });
	let told: Value = alice.rpc("notary_trustedSet", vec![]).await?;
	assert_eq!(told["genesisHash"], trust0["genesisHash"]);
	let mut told_keys: Vec<String> =
		serde_json::from_value(told["sets"][0]["authorities"].clone())?;
	let mut our_keys: Vec<String> =
		serde_json::from_value(trust0["sets"][0]["authorities"].clone())?;
	told_keys.sort();
	our_keys.sort();
	assert_eq!(told_keys, our_keys, "the node's view of the validator set");

	// Bundles for an early entry (in the first anchor), a late one, and the notarised event.
	let dir = tempfile::tempdir()?;
	let early = bundle_of_entry(alice, &tree, 3, 10, None).await?;
	let late = bundle_of_entry(alice, &tree, 999, 1_000, None).await?;
	let early_latest = bundle_of_entry(alice, &tree, 3, 1_000, None).await?;
	let event_bundle: Value =
		alice.rpc("notary_recordBundle", vec![hex32(&digest.0).into()]).await?;
	expect_verified(dir.path(), "early", &early, &trust0)?;
	let late_report = expect_verified(dir.path(), "late", &late, &trust0)?;
	expect_verified(dir.path(), "early-latest", &early_latest, &trust0)?;
	expect_verified(dir.path(), "event", &event_bundle, &trust0)?;
	assert_eq!(early["subject"]["anchor"]["size"], 10);
	assert_eq!(early["finality"]["setChanges"].as_array().map(Vec::len), Some(0));
	let document_path = dir.path().join("delivery.txt");
	std::fs::write(&document_path, document)?;
	let with_document = ["--document", document_path.to_str().unwrap_or_default()];
	let (ok, out) =
		tds_verify(dir.path(), "event-document", &event_bundle, &trust0, &with_document)?;
	assert!(ok && out.contains("ok      document"), "{out}");
	std::fs::write(&document_path, b"another document")?;
	let (ok, out) =
		tds_verify(dir.path(), "event-wrong-document", &event_bundle, &trust0, &with_document)?;
	assert!(!ok && out.contains("FAILED  document"), "{out}");

	// The node refuses what cannot be proven, with typed errors.
	let mut wrong = tree.inclusion_proof(5, 10)?;
	wrong[0][0] ^= 1;
	let wrong: Vec<Value> = wrong.iter().map(|h| Value::String(hex32(h))).collect();
	let refused = alice
		.rpc::<Value>(
			"notary_logEntryBundle",
			vec![0.into(), 5.into(), 10.into(), hex_of(&log_entry(5)), Value::Array(wrong)],
		)
		.await
		.expect_err("a wrong inclusion proof");
	assert_eq!(rpc_error_code(&refused), Some(4304), "{refused:#}");
	let refused = bundle_of_entry(alice, &tree, 3, 11, None).await.expect_err("no anchor of 11");
	assert_eq!(rpc_error_code(&refused), Some(4303), "{refused:#}");
	let refused = alice
		.rpc::<Value>("notary_recordBundle", vec![hex32(&[7; 32]).into()])
		.await
		.expect_err("not notarised");
	assert_eq!(rpc_error_code(&refused), Some(4303), "{refused:#}");
	let refused = alice
		.rpc::<Value>("notary_record", vec!["0x1234".into()])
		.await
		.expect_err("a short digest");
	assert_eq!(rpc_error_code(&refused), Some(4301), "{refused:#}");

	// Every kind of tampering is rejected by the check it breaks.
	let mut rejections = serde_json::Map::new();
	let mut reject = |name: &str, bundle: &Value, trust: &Value, check: &str| -> Result<()> {
		let line = expect_rejected(dir.path(), name, bundle, trust, check)?;
		rejections.insert(name.into(), line.into());
		Ok(())
	};
	let mut tampered = late.clone();
	flip(&mut tampered["subject"]["entry"], 40)?;
	reject("changed-entry-byte", &tampered, &trust0, "inclusion")?;
	let mut tampered = late.clone();
	flip(&mut tampered["subject"]["inclusionProof"][2], 0)?;
	reject("wrong-proof-step", &tampered, &trust0, "inclusion")?;
	let mut tampered = late.clone();
	tampered["subject"]["anchor"]["root"] =
		Value::String(hex32(&tree.root_at(999).unwrap_or_default()));
	reject("root-not-anchored", &tampered, &trust0, "anchor")?;
	// Claiming another anchor points to a storage item the proof does not cover.
	let mut tampered = late.clone();
	tampered["subject"]["anchor"]["size"] = 513.into();
	reject("claims-another-anchor", &tampered, &trust0, "state-proof")?;
	let mut tampered = late.clone();
	let header_len = bytes_of(&tampered["state"]["header"])?.len();
	flip(&mut tampered["state"]["header"], header_len / 2)?;
	reject("header-hash", &tampered, &trust0, "header")?;
	let mut tampered = late.clone();
	tampered["state"]["proof"] = early["state"]["proof"].clone();
	if early["state"]["blockHash"] == late["state"]["blockHash"] {
		// Both were proven at the same block: take a proof of a later one.
		tokio::time::sleep(Duration::from_secs(5)).await;
		let later = bundle_of_entry(alice, &tree, 999, 1_000, None).await?;
		tampered["state"]["proof"] = later["state"]["proof"].clone();
		assert_ne!(later["state"]["blockHash"], late["state"]["blockHash"]);
	}
	reject("proof-of-another-state", &tampered, &trust0, "state-proof")?;
	// A justification signed by two of the four validators only.
	let mut tampered = late.clone();
	let mut justification =
		Justification::decode(&mut &bytes_of(&late["finality"]["justification"])?[..])?;
	let target = justification.commit.target_hash;
	justification.commit.precommits.retain(|p| p.precommit.target_hash == target);
	justification.commit.precommits.truncate(2);
	justification.votes_ancestries.clear();
	tampered["finality"]["justification"] = hex_of(&justification.encode());
	reject("two-of-four-signatures", &tampered, &trust0, "finality")?;
	// A precommit signed, correctly, by a key outside the set.
	let mut tampered = late.clone();
	let mut justification =
		Justification::decode(&mut &bytes_of(&late["finality"]["justification"])?[..])?;
	let outsider = sp_core::ed25519::Pair::from_string("//Mallory", None).expect("seed");
	let set_id = late["finality"]["setId"].as_u64().unwrap_or(0);
	if let Some(signed) = justification.commit.precommits.first_mut() {
		let payload = tds_evidence::grandpa::precommit_payload(
			&signed.precommit,
			justification.round,
			set_id,
		);
		signed.id = outsider.public().into();
		signed.signature = outsider.sign(&payload).into();
	}
	tampered["finality"]["justification"] = hex_of(&justification.encode());
	reject("signer-outside-set", &tampered, &trust0, "finality")?;
	// A trust file with another validator set.
	let mut other_set = trust0.clone();
	other_set["sets"][0]["authorities"] = ["//Mallory", "//Trent", "//Peggy", "//Victor"]
		.iter()
		.map(|seed| {
			let pair = sp_core::ed25519::Pair::from_string(seed, None).expect("seed");
			hex_of(&pair.public().0)
		})
		.collect();
	reject("untrusted-set", &late, &other_set, "finality")?;
	// A finality proof of another chain: a development chain's, from a bundle of its own.
	let mut other = NodeSpec::new("other-chain", "dev");
	other.dev_key = Some("alice".into());
	let other = net.start(other).await?;
	let other_client = other.client().await?;
	let other_desk = keypair("//OtherChainDesk")?;
	admitted_space(&other_client, &operator, 0).await?;
	organisation(&other_client, 0, &operator, HUAWEI, &other_desk, None).await?;
	submit_finalized(&other_client, &call, &other_desk).await?;
	let foreign: Value =
		wait_for("a bundle on the other chain", Duration::from_secs(60), || async {
			Ok(other
				.rpc::<Value>("notary_recordBundle", vec![hex32(&digest.0).into()])
				.await
				.ok())
		})
		.await?;
	assert_ne!(foreign["chain"]["genesisHash"], late["chain"]["genesisHash"]);
	let mut tampered = late.clone();
	tampered["finality"]["justification"] = foreign["finality"]["justification"].clone();
	reject("finality-of-another-chain", &tampered, &trust0, "finality")?;
	// The other chain's whole bundle, against this chain's trust root.
	reject("bundle-of-another-chain", &foreign, &trust0, "chain")?;
	let mut other_genesis = trust0.clone();
	other_genesis["genesisHash"] = other.block_hash(0).await?.into();
	reject("another-genesis", &late, &other_genesis, "chain")?;

	// A validator restarts; it assembles bundles from its own database, and they verify.
	let bob = net.node_mut("bob");
	bob.kill();
	bob.restart()?;
	bob.wait_rpc_ready(Duration::from_secs(60)).await?;
	let target = net.common_finalized(&["alice"]).await?;
	net.wait_finalized(&["bob"], target + 2, Duration::from_secs(120)).await?;
	let from_bob = bundle_of_entry(net.node("bob"), &tree, 999, 1_000, None).await?;
	expect_verified(dir.path(), "after-restart", &from_bob, &trust0)?;

	// The council removes Dave: GRANDPA moves to set 1, three validators.
	council_motion(
		&client,
		RuntimeCall::ValidatorSet(ValidatorSetCall::remove_validator {
			who: account_of(&dev_keypair("dave")),
		}),
		&council,
	)
	.await?;
	let trust1: Value = wait_for("GRANDPA set 1", Duration::from_secs(180), || async {
		let told: Value = net.node("alice").rpc("notary_trustedSet", vec![]).await?;
		Ok((told["sets"][0]["setId"] == 1).then_some(told))
	})
	.await?;
	assert_eq!(trust1["sets"][0]["authorities"].as_array().map(Vec::len), Some(3));
	let tree = MerkleTree::from_leaves((0..1_500).map(|i| leaf_hash(&log_entry(i))));
	let alice = net.node("alice");
	wait_for("finality in set 1", Duration::from_secs(120), || async {
		let bundle = bundle_of_entry(alice, &tree, 3, 10, None).await?;
		Ok((bundle["finality"]["setId"] == 1).then_some(()))
	})
	.await?;
	anchor(&client, &tree, ENTRIES, 1_500, &desk).await?;
	let newest = bundle_of_entry(alice, &tree, 1_234, 1_500, None).await?;
	let early_now = bundle_of_entry(alice, &tree, 3, 10, None).await?;
	assert_eq!(newest["finality"]["setChanges"].as_array().map(Vec::len), Some(1));
	expect_verified(dir.path(), "newest-from-genesis-set", &newest, &trust0)?;
	expect_verified(dir.path(), "newest-from-set-1", &newest, &trust1)?;
	expect_verified(dir.path(), "early-after-change", &early_now, &trust0)?;
	let from_set_1 = bundle_of_entry(alice, &tree, 1_234, 1_500, Some(1)).await?;
	assert_eq!(from_set_1["finality"]["setChanges"].as_array().map(Vec::len), Some(0));
	expect_verified(dir.path(), "short-from-set-1", &from_set_1, &trust1)?;
	reject("no-link-to-the-trusted-set", &from_set_1, &trust0, "set-changes")?;
	let mut tampered = newest.clone();
	flip(&mut tampered["finality"]["setChanges"][0]["justification"], 120)?;
	reject("tampered-set-change", &tampered, &trust0, "set-changes")?;

	// Figures: sizes, and the verifier's speed on one core.
	let timing_path = dir.path().join("late.json");
	let trust_path = dir.path().join("late.trust.json");
	let output = Command::new(tds_verify_binary())
		.arg(&timing_path)
		.arg("--trusted-set")
		.arg(&trust_path)
		.args(["--repeat", "500"])
		.output()?;
	let timing = String::from_utf8_lossy(&output.stdout).into_owned();
	assert!(output.status.success(), "{timing}");
	let timing_line = timing.lines().find(|l| l.starts_with("timing")).unwrap_or_default();
	let size = |bundle: &Value| serde_json::to_vec(bundle).map(|b| b.len()).unwrap_or(0);
	let proof_nodes = |bundle: &Value| bundle["state"]["proof"].as_array().map_or(0, Vec::len);
	let started = Instant::now();
	let _ = bundle_of_entry(alice, &tree, 999, 1_500, None).await?;
	let assembly_ms = started.elapsed().as_secs_f64() * 1000.0;
	let report = json!({
		"entries": 1_500,
		"anchoredSizes": [10, 100, 513, 1_000, 1_500],
		"bundleBytes": {
			"earlyEntry (tree of 10)": size(&early),
			"lateEntry (tree of 1000)": size(&late),
			"notarisedEvent": size(&event_bundle),
			"afterSetChange (tree of 1500, one set change)": size(&newest),
		},
		"inclusionProofHashes": {
			"tree of 10": early["subject"]["inclusionProof"].as_array().map_or(0, Vec::len),
			"tree of 1000": late["subject"]["inclusionProof"].as_array().map_or(0, Vec::len),
		},
		"stateProofNodes": { "lateEntry": proof_nodes(&late), "notarisedEvent": proof_nodes(&event_bundle) },
		"justificationBytes": bytes_of(&late["finality"]["justification"])?.len(),
		"verification": timing_line,
		"assemblyMillisecondsOverRpc": assembly_ms,
		"lateEntryReport": late_report,
		"rejections": rejections,
	});
	let reports = workspace_root().join("target/reports");
	std::fs::create_dir_all(&reports)?;
	std::fs::write(reports.join("notary-bundles.json"), serde_json::to_vec_pretty(&report)?)?;
	// The example bundles of docs/evidence-bundle.md §13 (and evidence/tests/fixtures/).
	for (name, value) in [
		("notary-bundle-example.json", &late),
		("notary-event-bundle-example.json", &event_bundle),
		("notary-bundle-after-set-change-example.json", &newest),
		("notary-trusted-set-0.json", &trust0),
		("notary-trusted-set-1.json", &trust1),
	] {
		std::fs::write(reports.join(name), serde_json::to_vec_pretty(value)?)?;
	}
	println!("{}", serde_json::to_string_pretty(&report)?);
	Ok(())
}
