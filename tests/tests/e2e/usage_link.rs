//! End-to-end: the gateway's usage link, and its crash safety, on a real node.
//!
//! The operator organisation of space 0 (appointed by the council) runs the evidence gateway.
//! An agreement filed in space 0 lets the user of space 1 make 100 calls per 30 days and
//! suspends on the first breach. The user's connector submits signed interface-call entries;
//! the gateway counts those under the agreement and reports them with `report_usage` once they
//! are anchored and final: 60 calls are one permitted decision whose evidence digest is that of
//! the 60 leaves; 50 more are over the limit, a breach, and the agreement is suspended. Failed
//! calls and calls under no agreement are not counted.
//!
//! Crashes: the node is killed with SIGKILL while an anchor is in flight and while a usage round
//! is in progress; after each restart every acknowledged entry is anchored once, and every use
//! is counted once. A store restored from an old copy (behind the chain) halts anchoring with
//! the reason; the current store resumes it.

use ed25519_dalek::SigningKey;
use serde_json::{json, Value};
use sp_core::Pair as _;
use std::time::Duration;
use subxt::utils::{AccountId32, H256};
use tds_e2e::{
	admitted_space,
	api::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_identity_registry::pallet::Call as RegistryCall,
			tds_primitives::{
				agreement::{
					Activation, BreachRule, ContractModel, Party, PartyRole, PricingModel,
					UsagePolicy as PolicyType,
				},
				catalog::{CatalogId as CatalogIdType, EntryKind, ProductForm},
				identity::Role,
			},
			tds_runtime::RuntimeCall,
		},
	},
	council_motion, dataset_fields, dev_keypair, ed25519_key, gateway_status, genesis_hash,
	keypair, listed_entry, now_ms, organisation, signed_entry_json, submit_finalized, transcode,
	wait_for, Client, Node, NodeSpec, Result, TestNetwork, DAY_MS,
};
use tds_primitives::{
	agreement::{report_digest, Frequency, Manner, Manners, StandingBans, UsagePolicy},
	identity::{Digest, IdentityId},
	log::{LogEntry, Outcome, LOG_ENTRY_VERSION},
	notary::EventKind,
};

const OPERATOR_ORG: &str = "91310000MA1FL0000N";
const PROVIDER_ORG: &str = "914403001922038216";
const USER_ORG: &str = "9144030071526726XG";
/// Calls the policy permits per window.
const LIMIT: u64 = 100;
/// The claims scenario.
const SCENARIO: u32 = 11;

/// Claims queries by the user: at most [`LIMIT`] per 30 days, reading.
fn policy() -> Result<UsagePolicy<sp_core::ConstU32<64>>> {
	Ok(UsagePolicy {
		scenarios: vec![SCENARIO].try_into().map_err(|_| anyhow::anyhow!("scenarios"))?,
		manners: Manners::default().with(Manner::Read),
		frequency: Some(Frequency { max_uses: u32::try_from(LIMIT)?, window: 30 * DAY_MS }),
		max_volume_per_use: Some(1_000),
		bans: StandingBans::PUBLIC_DATA,
		..Default::default()
	})
}

/// Call `i` of the user's connector: under agreement 0 unless `agreement` is false.
fn call(identity: H256, user: H256, i: u64, agreement: bool, ok: bool) -> LogEntry {
	LogEntry {
		version: LOG_ENTRY_VERSION,
		identity: IdentityId::from(identity.0),
		caller: IdentityId::from(user.0),
		time: now_ms() + i,
		sequence: i,
		kind: EventKind::InterfaceCall,
		interface: b"/claims/query".to_vec(),
		request_digest: Digest::from(*blake3::hash(&i.to_le_bytes()).as_bytes()),
		volume: 20,
		outcome: if ok { Outcome::Success } else { Outcome::Failed { code: 503 } },
		agreement: agreement.then_some(0),
		catalog_entry: None,
		scenario: Some(SCENARIO),
		fields: vec![],
	}
}

/// Submits `entries` signed by `key`; returns the acknowledged leaf hashes, in order.
async fn submit(
	node: &Node,
	key: &SigningKey,
	genesis: &[u8; 32],
	entries: Vec<LogEntry>,
) -> Result<Vec<[u8; 32]>> {
	let batch: Vec<Value> = entries
		.into_iter()
		.map(|entry| signed_entry_json(key, genesis, entry))
		.collect::<Result<_>>()?;
	let count = batch.len();
	let results: Vec<Value> = node.rpc("notary_submitEntries", vec![Value::Array(batch)]).await?;
	let hashes: Vec<[u8; 32]> = results
		.iter()
		.filter_map(|r| r["accepted"]["leafHash"].as_str())
		.map(|h| -> Result<[u8; 32]> {
			hex::decode(h.trim_start_matches("0x"))?
				.try_into()
				.map_err(|_| anyhow::anyhow!("32 bytes"))
		})
		.collect::<Result<_>>()?;
	anyhow::ensure!(hashes.len() == count, "every entry accepted: {results:?}");
	Ok(hashes)
}

async fn agreement(node: &Node) -> Result<Value> {
	node.rpc("agreement_get", vec!["0".into()]).await
}

async fn decisions(node: &Node) -> Result<Vec<Value>> {
	node.rpc("agreement_decisions", vec!["0".into()]).await
}

/// Waits until the gateway has anchored `size` entries in the finalised state.
async fn provable(node: &Node, size: u64) -> Result<()> {
	wait_for("entries anchored and final", Duration::from_secs(120), || async {
		let status = gateway_status(node).await?;
		anyhow::ensure!(status["halted"].is_null(), "anchoring halted: {status}");
		Ok((status["finalised"].as_u64() == Some(size)).then_some(()))
	})
	.await
}

async fn restart(network: &mut TestNetwork) -> Result<()> {
	let node = network.node_mut("dev");
	node.kill();
	node.restart()?;
	node.wait_rpc_ready(Duration::from_secs(60)).await
}

fn bytes32(hash: &str) -> Result<[u8; 32]> {
	hex::decode(hash.trim_start_matches("0x"))?
		.try_into()
		.map_err(|_| anyhow::anyhow!("not 32 bytes: {hash}"))
}

/// The space, organisations, entry, template and the active agreement 0; returns the user.
async fn world(client: &Client, node: &Node, notary: &SigningKey) -> Result<H256> {
	let alice = dev_keypair("alice");
	let operator_a = keypair("//OperatorA")?;
	let operator_b = keypair("//OperatorB")?;
	admitted_space(client, &operator_a, 0).await?;
	admitted_space(client, &operator_b, 1).await?;
	let provider_key = keypair("//HuaweiDataDesk")?;
	let provider =
		organisation(client, 0, &operator_a, PROVIDER_ORG, &provider_key, Some(Role::Provider))
			.await?;
	let user_key = keypair("//TencentDataDesk")?;
	let user = organisation(client, 1, &operator_b, USER_ORG, &user_key, Some(Role::User)).await?;
	// The operator organisation of space 0: appointed by the council, the notary key its own.
	let operator_key = keypair("//GatewayOperator")?;
	let operator_org =
		organisation(client, 0, &operator_a, OPERATOR_ORG, &operator_key, None).await?;
	let appoint = RuntimeCall::IdentityRegistry(RegistryCall::appoint {
		id: operator_org,
		role: Role::Operator,
	});
	council_motion(client, appoint, std::slice::from_ref(&alice)).await?;
	let registry = api::transactions().identity_registry();
	let link = registry.add_key(operator_org, AccountId32(notary.verifying_key().to_bytes()));
	submit_finalized(client, &link, &operator_key).await?;

	let metadata = H256(*blake3::hash(b"{\"name\":\"claims API\"}").as_bytes());
	let kind = EntryKind::Product(ProductForm::Api);
	listed_entry(client, &provider_key, &operator_a, 0, kind, dataset_fields("理赔API"), metadata)
		.await?;
	let agreements = api::transactions().agreements();
	let publish = agreements.publish_template(
		ContractModel::Provision,
		H256::repeat_byte(0x7e),
		transcode::<PolicyType>(&policy()?)?,
	);
	submit_finalized(client, &publish, &operator_a).await?;
	let terms = api::agreements::calls::create::Terms {
		entries: BoundedVec(vec![CatalogIdType { space: 0, number: 1 }]),
		terms: H256::repeat_byte(0x7e),
		liability: H256::repeat_byte(0x1b),
		pricing: PricingModel::BaseFeePlusShare { base: 5_000_000, share: 100_000 },
		shares: BoundedVec(vec![600_000, 400_000]),
		policy: transcode(&policy()?)?,
		breach_rule: BreachRule { warn_after: 0, suspend_after: 1 },
		start: now_ms() - 60_000,
		end: now_ms() + 30 * DAY_MS,
		activation: Activation::AtStart,
		unilateral_termination: false,
		arbitrator: None,
	};
	let parties = vec![
		Party { identity: provider, role: PartyRole::Provider },
		Party { identity: user, role: PartyRole::User },
	];
	submit_finalized(client, &agreements.create(0, parties, terms), &user_key).await?;
	let digest: Value = agreement(node).await?;
	let digest = bytes32(digest["digest"].as_str().unwrap_or_default())?;
	for key in [&user_key, &provider_key] {
		submit_finalized(client, &agreements.sign(0, 1, H256(digest)), key).await?;
	}
	submit_finalized(client, &agreements.file(0, H256::repeat_byte(0xf1)), &operator_a).await?;
	anyhow::ensure!(agreement(node).await?["status"] == "active");
	// The user's connector signs entries with its own ed25519 key.
	let connector = ed25519_key(0x61);
	let link = registry.add_key(user, AccountId32(connector.verifying_key().to_bytes()));
	submit_finalized(client, &link, &user_key).await?;
	Ok(user)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_gateway_reports_usage_once_and_survives_crashes() -> Result<()> {
	let mut network = TestNetwork::new("usage-link")?;
	let mut spec = NodeSpec::new("dev", "dev");
	spec.dev_key = Some("alice".into());
	spec.extra_args = [
		"--gateway",
		"--gateway-notary-suri",
		"//UsageNotary",
		"--gateway-anchor-interval-ms",
		"1000",
		"--gateway-usage-interval-ms",
		"1000",
		"-lgateway=debug",
	]
	.map(String::from)
	.to_vec();
	network.start(spec).await?;
	let node = network.node("dev");
	let client = node.client().await?;
	let genesis = genesis_hash(node).await?;
	let notary = sp_core::ed25519::Pair::from_string("//UsageNotary", None)
		.map_err(|e| anyhow::anyhow!("{e:?}"))?;
	let notary_key = SigningKey::from_bytes(&notary.seed());
	let user = world(&client, node, &notary_key).await?;
	let connector = ed25519_key(0x61);
	wait_for("the gateway's stream", Duration::from_secs(60), || async {
		Ok(gateway_status(node).await?["stream"].as_u64())
	})
	.await?;

	// 60 calls under the agreement, 5 failed ones, 5 under none.
	let mut first: Vec<LogEntry> = (0..60).map(|i| call(user, user, i, true, true)).collect();
	first.extend((60..65).map(|i| call(user, user, i, true, false)));
	first.extend((65..70).map(|i| call(user, user, i, false, true)));
	let hashes = submit(node, &connector, &genesis, first).await?;

	// Crash while the anchor is in flight.
	wait_for("an anchor in flight", Duration::from_secs(30), || async {
		let status = gateway_status(node).await?;
		Ok((status["pending"].as_u64().is_some() || status["anchored"].as_u64() == Some(70))
			.then_some(()))
	})
	.await?;
	let store = network.node("dev").base_path.join("gateway/entries.redb");
	let old_copy = store.with_extension("old");
	network.node_mut("dev").kill();
	std::fs::copy(&store, &old_copy)?;
	restart(&mut network).await?;
	let node = network.node("dev");
	assert_eq!(gateway_status(node).await?["size"], 70, "every acknowledged entry survived");
	provable(node, 70).await?;

	// One permitted decision for the 60 successful calls, evidenced by their leaves.
	wait_for("the first report counted", Duration::from_secs(120), || async {
		Ok((agreement(node).await?["counters"]["total"].as_u64() == Some(60)).then_some(()))
	})
	.await?;
	let made = decisions(node).await?;
	assert_eq!(made.len(), 1, "{made:?}");
	assert_eq!(made[0]["verdict"]["result"], "permit");
	assert_eq!(made[0]["report"]["uses"], 60);
	assert_eq!(made[0]["report"]["totalVolume"], 1_200);
	let evidence = report_digest(hashes[..60].iter());
	assert_eq!(made[0]["context"]["evidence"], format!("0x{}", hex::encode(evidence)));
	assert_eq!(made[0]["context"]["user"], format!("0x{}", hex::encode(user.0)));
	assert_eq!(made[0]["context"]["space"], 1);

	// 50 more: over the limit. Crash while the round is in progress.
	let second: Vec<LogEntry> = (70..120).map(|i| call(user, user, i, true, true)).collect();
	submit(node, &connector, &genesis, second).await?;
	wait_for("the second usage round", Duration::from_secs(120), || async {
		let usage = &gateway_status(node).await?["usage"];
		Ok((usage["roundEnd"].as_u64() == Some(120) || usage["cursor"].as_u64() == Some(120))
			.then_some(()))
	})
	.await?;
	restart(&mut network).await?;
	let node = network.node("dev");
	wait_for("the agreement suspended", Duration::from_secs(180), || async {
		Ok((agreement(node).await?["status"] == "suspended").then_some(()))
	})
	.await?;
	wait_for("the round closed", Duration::from_secs(60), || async {
		Ok((gateway_status(node).await?["usage"]["cursor"].as_u64() == Some(120)).then_some(()))
	})
	.await?;
	let made = decisions(node).await?;
	assert_eq!(made.len(), 2, "counted once: {made:?}");
	assert_eq!(made[1]["verdict"], json!({ "result": "deny", "reason": "frequencyExceeded" }));
	assert_eq!(made[1]["response"], "suspended");
	assert_eq!(made[1]["report"]["uses"], 50);
	let record = agreement(node).await?;
	assert_eq!(record["counters"]["total"], 110);
	assert_eq!(record["breaches"], 1);

	// Anchored once: each anchor larger than the last, the last the store's size.
	let stream = gateway_status(node).await?["stream"].clone();
	let anchors: Value = node.rpc("notary_anchors", vec![stream, Value::Null, Value::Null]).await?;
	let sizes: Vec<u64> = anchors
		.as_array()
		.ok_or_else(|| anyhow::anyhow!("anchors"))?
		.iter()
		.filter_map(|a| a["size"].as_u64())
		.collect();
	assert_eq!(sizes.last(), Some(&120));
	assert!(sizes.windows(2).all(|w| w[0] < w[1]), "{sizes:?}");

	// A store restored from the old copy is behind the chain: anchoring halts, and says why.
	let current = store.with_extension("current");
	network.node_mut("dev").kill();
	std::fs::rename(&store, &current)?;
	std::fs::copy(&old_copy, &store)?;
	restart(&mut network).await?;
	let node = network.node("dev");
	let halted = wait_for("anchoring halted", Duration::from_secs(60), || async {
		Ok(gateway_status(node).await?["halted"].as_str().map(str::to_owned))
	})
	.await?;
	assert!(halted.contains("behind the chain"), "{halted}");
	// Nothing was reported from the old store.
	assert_eq!(decisions(node).await?.len(), 2);
	network.node_mut("dev").kill();
	std::fs::rename(&current, &store)?;
	restart(&mut network).await?;
	let node = network.node("dev");
	wait_for("anchoring resumed", Duration::from_secs(60), || async {
		let status = gateway_status(node).await?;
		Ok((status["halted"].is_null() && status["finalised"].as_u64() == Some(120)).then_some(()))
	})
	.await?;
	assert_eq!(decisions(node).await?.len(), 2);
	Ok(())
}
