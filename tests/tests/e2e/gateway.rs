//! End-to-end: the evidence gateway of a real node.
//!
//! A member's node runs with `--gateway`; its notary key is linked to the operator
//! organisation, and the gateway opens its stream by itself. A connector of another
//! organisation submits signed interface-call entries: valid ones are acknowledged with their
//! leaf, each bad one is refused with its code while the rest of the batch is accepted. The
//! gateway anchors the log; bundles of stored entries verify offline with `tds-verify`. A
//! regulator's signed drill-through query returns exactly the entries the filter names; the
//! connector sees only its own; an unregistered key, a replayed and a stale request are
//! refused. The node is killed with SIGKILL right after an acknowledgement and restarted: every
//! acknowledged entry is there, anchored once, and provable.

use ed25519_dalek::SigningKey;
use serde_json::{json, Value};
use sp_core::Pair as _;
use std::time::{Duration, Instant};
use subxt::utils::{AccountId32, H256};
use tds_e2e::{
	admitted_space,
	api::{
		self,
		runtime_types::{
			pallet_identity_registry::pallet::Call as RegistryCall, tds_primitives::identity::Role,
			tds_runtime::RuntimeCall,
		},
	},
	council_motion, dev_keypair, ed25519_key, gateway_status, genesis_hash, keypair, organisation,
	request_nonce, rpc_error_code, signed_entry_json, submit_finalized, tds_verify, wait_for,
	workspace_root, Client, Node, NodeSpec, Result, TestNetwork,
};
use tds_evidence::gateway::{sign_request, QueryRequest, SignedRequest};
use tds_primitives::{
	catalog::CatalogId,
	identity::{Digest, IdentityId},
	log::{LogEntry, Outcome, LOG_ENTRY_VERSION},
	notary::EventKind,
};

const OPERATOR_ORG: &str = "9144030071526726XG";
const CONNECTOR_ORG: &str = "914403001922038216";
const REGULATOR_ORG: &str = "11100000000013127D";
/// Entries in the first batch.
const ENTRIES: u64 = 300;

fn account(key: &SigningKey) -> AccountId32 {
	AccountId32(key.verifying_key().to_bytes())
}

/// Entry `i` of the connector: agreement 1 for even `i`, catalog entry 0:(i % 3), scenario
/// 7 or 8, one second apart.
fn entry(identity: H256, i: u64) -> LogEntry {
	LogEntry {
		version: LOG_ENTRY_VERSION,
		identity: IdentityId::from(identity.0),
		caller: IdentityId::repeat_byte(u8::try_from(i % 2).unwrap_or(0) + 0xc0),
		time: 1_795_392_000_000 + i * 1_000,
		sequence: i,
		kind: EventKind::InterfaceCall,
		interface: b"/claims/query".to_vec(),
		request_digest: Digest::from(*blake3::hash(&i.to_le_bytes()).as_bytes()),
		volume: 200,
		outcome: if i % 10 == 9 { Outcome::Failed { code: 503 } } else { Outcome::Success },
		agreement: i.is_multiple_of(2).then_some(1),
		catalog_entry: Some(CatalogId { space: 0, number: u32::try_from(i % 3).unwrap_or(0) }),
		scenario: Some(7 + u32::try_from(i % 2).unwrap_or(0)),
		fields: vec![(b"desk".to_vec(), b"claims-7".to_vec())],
	}
}

async fn query(node: &Node, signed: &SignedRequest) -> Result<Value> {
	node.rpc("notary_query", vec![serde_json::to_value(signed)?]).await
}

/// All pages of a query by `key`: the leaf indexes, and the access granted.
async fn query_all(
	node: &Node,
	key: &SigningKey,
	genesis: &[u8; 32],
	mut request: QueryRequest,
) -> Result<(Vec<u64>, String)> {
	let mut leaves = Vec::new();
	let mut access;
	for page in 0..100u64 {
		request.time = tds_e2e::now_ms();
		request.nonce = request_nonce(page + 1_000 * request.limit.map_or(0, u64::from));
		let answer = query(node, &sign_request(key, genesis, &request)).await?;
		access = answer["access"].as_str().unwrap_or_default().to_owned();
		for entry in answer["entries"].as_array().ok_or_else(|| anyhow::anyhow!("entries"))? {
			leaves.push(entry["leafIndex"].as_u64().ok_or_else(|| anyhow::anyhow!("leafIndex"))?);
		}
		match answer["next"].as_str() {
			Some(next) => request.cursor = Some(next.to_owned()),
			None => return Ok((leaves, access)),
		}
	}
	anyhow::bail!("more than 100 pages")
}

/// The JSON-RPC error code of a call that should have failed.
fn rpc_code(result: Result<Value>) -> Option<i32> {
	result.err().as_ref().and_then(rpc_error_code)
}

async fn add_key(
	client: &Client,
	id: H256,
	key: &SigningKey,
	by: &subxt_signer::sr25519::Keypair,
) -> Result<()> {
	let call = api::transactions().identity_registry().add_key(id, account(key));
	submit_finalized(client, &call, by).await?;
	Ok(())
}

/// Whether `tds-verify` accepts `evidence` against the node's current validator set.
async fn verify_offline(
	node: &Node,
	dir: &std::path::Path,
	name: &str,
	evidence: &Value,
) -> Result<bool> {
	let trust: Value = node.rpc("notary_trustedSet", vec![]).await?;
	Ok(tds_verify(dir, name, evidence, &trust, &[])?.0)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_gateway_ingests_anchors_proves_and_answers_regulators() -> Result<()> {
	let mut network = TestNetwork::new("gateway")?;
	let mut spec = NodeSpec::new("dev", "dev");
	spec.dev_key = Some("alice".into());
	spec.extra_args = [
		"--gateway",
		"--gateway-notary-suri",
		"//GatewayNotary",
		"--gateway-anchor-interval-ms",
		"1000",
		"-lgateway=debug,txpool=info",
	]
	.map(String::from)
	.to_vec();
	network.start(spec).await?;
	let work = tempfile::tempdir()?;
	let node = network.node("dev");
	let client = node.client().await?;
	let genesis = genesis_hash(node).await?;
	let alice = dev_keypair("alice");

	// The member space, the operator organisation (whose node runs the gateway), a connector's
	// organisation and a regulator appointed by the council.
	let operator = keypair("//SpaceOperator")?;
	admitted_space(&client, &operator, 0).await?;
	let operator_key = keypair("//TencentDesk")?;
	let operator_org =
		organisation(&client, 0, &operator, OPERATOR_ORG, &operator_key, None).await?;
	let connector_key = keypair("//HuaweiDesk")?;
	let connector_org =
		organisation(&client, 0, &operator, CONNECTOR_ORG, &connector_key, None).await?;
	let regulator_key = keypair("//Regulator")?;
	let regulator_org =
		organisation(&client, 0, &operator, REGULATOR_ORG, &regulator_key, None).await?;
	let appoint = RuntimeCall::IdentityRegistry(RegistryCall::appoint {
		id: regulator_org,
		role: Role::Regulator,
	});
	council_motion(&client, appoint, std::slice::from_ref(&alice)).await?;

	// Before the notary key is linked the gateway cannot act, and says so.
	let before = gateway_status(node).await?;
	assert!(before["stream"].is_null(), "{before}");
	let notary = sp_core::ed25519::Pair::from_string("//GatewayNotary", None)
		.map_err(|e| anyhow::anyhow!("{e:?}"))?;
	let notary_key = SigningKey::from_bytes(&notary.seed());
	add_key(&client, operator_org, &notary_key, &operator_key).await?;
	let connector_signer = ed25519_key(0x51);
	add_key(&client, connector_org, &connector_signer, &connector_key).await?;
	let regulator_signer = ed25519_key(0x52);
	add_key(&client, regulator_org, &regulator_signer, &regulator_key).await?;
	let stranger = ed25519_key(0x53);

	let stream = wait_for("the gateway's stream", Duration::from_secs(60), || async {
		Ok(gateway_status(node).await?["stream"].as_u64())
	})
	.await?;

	// A batch of valid entries and one of each kind of bad entry.
	let mut batch: Vec<Value> = (0..ENTRIES)
		.map(|i| signed_entry_json(&connector_signer, &genesis, entry(connector_org, i)))
		.collect::<Result<_>>()?;
	let mut bad_signature =
		signed_entry_json(&connector_signer, &genesis, entry(connector_org, 10_000))?;
	bad_signature["volume"] = json!(201);
	let unknown = signed_entry_json(&stranger, &genesis, entry(connector_org, 10_001))?;
	let wrong_identity =
		signed_entry_json(&connector_signer, &genesis, entry(regulator_org, 10_002))?;
	let mut malformed =
		signed_entry_json(&connector_signer, &genesis, entry(connector_org, 10_003))?;
	malformed["kind"] = json!("notAKind");
	let wrong_ledger =
		signed_entry_json(&connector_signer, &[0; 32], entry(connector_org, 10_004))?;
	for (position, bad) in [
		(5, bad_signature),
		(50, unknown),
		(100, wrong_identity),
		(150, malformed),
		(200, wrong_ledger),
	] {
		batch.insert(position, bad);
	}
	let submitted = Instant::now();
	let results: Vec<Value> = node.rpc("notary_submitEntries", vec![Value::Array(batch)]).await?;
	let acknowledged = submitted.elapsed();
	assert_eq!(results.len(), usize::try_from(ENTRIES)? + 5);
	let refused: Vec<(usize, u64)> = results
		.iter()
		.enumerate()
		.filter_map(|(i, r)| Some((i, r["refused"]["code"].as_u64()?)))
		.collect();
	assert_eq!(refused, vec![(5, 2), (50, 3), (100, 5), (150, 1), (200, 2)], "{results:?}");
	let accepted: Vec<u64> =
		results.iter().filter_map(|r| r["accepted"]["leafIndex"].as_u64()).collect();
	assert_eq!(accepted, (0..ENTRIES).collect::<Vec<_>>(), "in order, no gaps");
	assert!(results
		.iter()
		.filter_map(|r| r["accepted"]["stream"].as_u64())
		.all(|s| s == stream));

	// Resubmitting an entry returns the original; an oversized batch is refused whole.
	let again: Vec<Value> = node
		.rpc(
			"notary_submitEntries",
			vec![json!([signed_entry_json(&connector_signer, &genesis, entry(connector_org, 7))?])],
		)
		.await?;
	assert_eq!(again[0]["accepted"]["leafIndex"], 7);
	assert_eq!(again[0]["accepted"]["duplicate"], true);
	let oversized = vec![json!({}); 1_001];
	assert_eq!(
		rpc_code(node.rpc("notary_submitEntries", vec![json!(oversized)]).await),
		Some(4310)
	);

	// The gateway anchors; bundles of stored entries verify offline.
	wait_for("entries anchored and final", Duration::from_secs(90), || async {
		let status = gateway_status(node).await?;
		if status["finalised"].as_u64() == Some(ENTRIES) {
			return Ok(Some(()));
		}
		anyhow::ensure!(status["halted"].is_null(), "anchoring halted: {status}");
		Ok(None)
	})
	.await?;
	let provable = submitted.elapsed();
	let bundle_bytes = serde_json::to_vec(
		&node
			.rpc::<Value>("notary_getBundle", vec![json!(ENTRIES - 1), Value::Null])
			.await?,
	)?
	.len();
	let report = json!({
		"entries": ENTRIES + 5,
		"acknowledged_ms": acknowledged.as_millis(),
		"acknowledged_per_second": f64::from(u32::try_from(ENTRIES + 5)?) / acknowledged.as_secs_f64(),
		"submission_to_provable_ms": provable.as_millis(),
		"bundle_bytes": bundle_bytes,
		"note": "one 305-entry RPC submission to a dev node (one fsync); provable = anchored in a finalised block",
	});
	eprintln!("gateway figures: {report}");
	let reports = workspace_root().join("target/reports");
	std::fs::create_dir_all(&reports)?;
	std::fs::write(reports.join("gateway.json"), serde_json::to_vec_pretty(&report)?)?;
	for leaf in [0, ENTRIES / 2, ENTRIES - 1] {
		let bundle: Value = node.rpc("notary_getBundle", vec![json!(leaf), Value::Null]).await?;
		assert_eq!(bundle["subject"]["leafIndex"], leaf);
		assert!(verify_offline(node, work.path(), &format!("leaf-{leaf}"), &bundle).await?);
		let mut tampered = bundle.clone();
		let bytes = tampered["subject"]["entry"]
			.as_str()
			.ok_or_else(|| anyhow::anyhow!("entry"))?
			.to_owned();
		let last = if bytes.ends_with('0') { '1' } else { '0' };
		tampered["subject"]["entry"] = json!(format!("{}{last}", &bytes[..bytes.len() - 1]));
		assert!(!verify_offline(node, work.path(), &format!("tampered-{leaf}"), &tampered).await?);
	}
	let by_hash: Value = node
		.rpc("notary_getBundle", vec![results[1]["accepted"]["leafHash"].clone(), Value::Null])
		.await?;
	assert_eq!(by_hash["subject"]["leafIndex"], 1);
	assert_eq!(
		rpc_code(node.rpc("notary_getBundle", vec![json!(ENTRIES + 5), Value::Null]).await),
		Some(4303)
	);

	// Drill-through: the regulator sees exactly what each filter names.
	let expected =
		|keep: &dyn Fn(u64) -> bool| (0..ENTRIES).filter(|i| keep(*i)).collect::<Vec<_>>();
	let base = QueryRequest { limit: Some(40), ..Default::default() };
	let cases: Vec<(QueryRequest, Vec<u64>)> = vec![
		(QueryRequest { agreement: Some(1), ..base.clone() }, expected(&|i| i % 2 == 0)),
		(
			QueryRequest { catalog_entry: Some("urn:tds:catalog:0:2".into()), ..base.clone() },
			expected(&|i| i % 3 == 2),
		),
		(
			QueryRequest {
				from: Some(1_795_392_000_000 + 100_000),
				to: Some(1_795_392_000_000 + 149_000),
				scenario: Some(8),
				..base.clone()
			},
			expected(&|i| (100..150).contains(&i) && i % 2 == 1),
		),
		(
			QueryRequest { caller: Some([0xc1; 32].into()), ..base.clone() },
			expected(&|i| i % 2 == 1),
		),
	];
	for (request, want) in cases {
		let (got, access) = query_all(node, &regulator_signer, &genesis, request.clone()).await?;
		assert_eq!(access, "all");
		assert_eq!(got, want, "{request:?}");
	}
	// With bundles: each verifies.
	let with_bundles = QueryRequest {
		time: tds_e2e::now_ms(),
		nonce: request_nonce(1),
		agreement: Some(1),
		limit: Some(2),
		bundles: true,
		..Default::default()
	};
	let page = query(node, &sign_request(&regulator_signer, &genesis, &with_bundles)).await?;
	let first = &page["entries"][0];
	assert_eq!(first["entry"]["agreement"], 1);
	assert!(verify_offline(node, work.path(), "queried", &first["bundle"]).await?);

	// An export: one signed file of bundles that tds-verify checks offline.
	let export_request = QueryRequest {
		time: tds_e2e::now_ms(),
		nonce: request_nonce(7),
		scenario: Some(8),
		from: Some(1_795_392_000_000 + 200_000),
		limit: Some(1_000),
		..Default::default()
	};
	let export: Value = node
		.rpc(
			"notary_export",
			vec![serde_json::to_value(sign_request(&regulator_signer, &genesis, &export_request))?],
		)
		.await?;
	let payload: Value = serde_json::from_str(
		export["payload"].as_str().ok_or_else(|| anyhow::anyhow!("payload"))?,
	)?;
	assert_eq!(payload["bundles"].as_array().map(Vec::len), Some(50), "odd entries 201..299");
	assert!(verify_offline(node, work.path(), "export", &export).await?);
	let mut altered = export.clone();
	altered["payload"] = json!(export["payload"].as_str().unwrap_or_default().replacen(
		"\"created\":",
		"\"created\":1",
		1
	));
	assert!(!verify_offline(node, work.path(), "export-altered", &altered).await?);

	// The connector sees its own entries, not someone else's; a stranger sees nothing.
	let (own, access) = query_all(node, &connector_signer, &genesis, base.clone()).await?;
	assert_eq!((own.len(), access.as_str()), (usize::try_from(ENTRIES)?, "own"));
	let others = QueryRequest {
		time: tds_e2e::now_ms(),
		nonce: request_nonce(2),
		identity: Some(regulator_org.0.into()),
		..Default::default()
	};
	assert_eq!(
		rpc_code(query(node, &sign_request(&connector_signer, &genesis, &others)).await),
		Some(4320)
	);
	let stranger_request =
		QueryRequest { time: tds_e2e::now_ms(), nonce: request_nonce(3), ..Default::default() };
	assert_eq!(
		rpc_code(query(node, &sign_request(&stranger, &genesis, &stranger_request)).await),
		Some(4320)
	);
	// Replayed, stale, forged.
	let once = sign_request(
		&regulator_signer,
		&genesis,
		&QueryRequest { time: tds_e2e::now_ms(), nonce: request_nonce(4), ..Default::default() },
	);
	query(node, &once).await?;
	assert_eq!(rpc_code(query(node, &once).await), Some(4323));
	let stale = QueryRequest {
		time: tds_e2e::now_ms() - 120_000,
		nonce: request_nonce(5),
		..Default::default()
	};
	assert_eq!(
		rpc_code(query(node, &sign_request(&regulator_signer, &genesis, &stale)).await),
		Some(4322)
	);
	let mut forged = sign_request(
		&stranger,
		&genesis,
		&QueryRequest { time: tds_e2e::now_ms(), nonce: request_nonce(6), ..Default::default() },
	);
	forged.signer = regulator_signer.verifying_key().to_bytes().into();
	assert_eq!(rpc_code(query(node, &forged).await), Some(4321));

	// Crash right after an acknowledgement: SIGKILL, restart; nothing acknowledged is lost.
	let more: Vec<Value> = (ENTRIES..ENTRIES + 50)
		.map(|i| signed_entry_json(&connector_signer, &genesis, entry(connector_org, i)))
		.collect::<Result<_>>()?;
	let acks: Vec<Value> = node.rpc("notary_submitEntries", vec![Value::Array(more)]).await?;
	let node = network.node_mut("dev");
	node.kill();
	node.restart()?;
	node.wait_rpc_ready(Duration::from_secs(60)).await?;
	let node = network.node("dev");
	assert_eq!(
		gateway_status(node).await?["size"],
		ENTRIES + 50,
		"every acknowledged entry survived"
	);
	wait_for(
		"the acknowledged entries anchored after the restart",
		Duration::from_secs(90),
		|| async {
			Ok((gateway_status(node).await?["finalised"].as_u64() == Some(ENTRIES + 50))
				.then_some(()))
		},
	)
	.await?;
	for ack in [&acks[0], &acks[49]] {
		let leaf = ack["accepted"]["leafIndex"]
			.as_u64()
			.ok_or_else(|| anyhow::anyhow!("leafIndex"))?;
		let bundle: Value = node.rpc("notary_getBundle", vec![json!(leaf), Value::Null]).await?;
		assert!(
			verify_offline(node, work.path(), &format!("after-restart-{leaf}"), &bundle).await?
		);
	}
	// Anchored exactly once: the stream's size is the store's, each anchor larger than the last.
	let anchors: Value = node
		.rpc("notary_anchors", vec![json!(stream), Value::Null, Value::Null])
		.await?;
	let sizes: Vec<u64> = anchors
		.as_array()
		.ok_or_else(|| anyhow::anyhow!("anchors"))?
		.iter()
		.filter_map(|a| a["size"].as_u64())
		.collect();
	assert_eq!(sizes.last(), Some(&(ENTRIES + 50)));
	assert!(sizes.windows(2).all(|w| w[0] < w[1]), "{sizes:?}");
	Ok(())
}
