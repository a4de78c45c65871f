//! End-to-end: scenario 4 of SPEC §9 on a real node. A product is built on the user's side
//! under field and frequency limits: a catalog entry of one space, a contract template, an
//! agreement created by a user of another space, negotiated (a counter-offer makes a new version;
//! a signature of the old one is refused), signed by both, filed by the operator and active at
//! its start. Uses within the limits are permitted and counted; a dry run shows an unauthorised
//! field would be denied; the use over the frequency limit is a breach that suspends the
//! agreement by itself; the user disputes and the arbitrator named in the agreement resolves it.
//! Every decision is replayed offline with the same evaluator and matches.

use codec::Encode;
use serde_json::{json, Value};
use sp_runtime::traits::{BlakeTwo256, Hash as _};
use subxt::utils::H256;
use tds_e2e::{
	admitted_space,
	api::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			tds_primitives::{
				agreement::{
					Activation, BreachRule, ContractModel, DisputeOutcome, Party, PartyRole,
					PricingModel, UsageContext as ContextType, UsagePolicy as PolicyType,
				},
				catalog::{CatalogId, EntryKind, ProductForm},
				identity::Role,
			},
		},
	},
	dataset_fields, keypair, listed_entry, now_ms, organisation, submit_finalized, transcode,
	Client, Result, TestNetwork, DAY_MS,
};
use tds_primitives::agreement::{
	evaluate, DenyReason, Frequency, Manner, Manners, StandingBans, UsageContext, UsageCounters,
	UsagePolicy, Verdict,
};

type Policy = UsagePolicy<sp_core::ConstU32<64>>;

/// Insurance claims (scenario code 11), reading or computing on fields 0-2, three uses per 30
/// days, every use evidenced, the standing bans of public data.
fn policy() -> Result<Policy> {
	Ok(Policy {
		scenarios: vec![11].try_into().map_err(|_| anyhow::anyhow!("scenarios"))?,
		manners: Manners::default().with(Manner::Read).with(Manner::ComputeOnly),
		frequency: Some(Frequency { max_uses: 3, window: 30 * DAY_MS }),
		max_total_uses: Some(1_000),
		fields: Some(0b0111),
		onward_transfer_forbidden: true,
		bans: StandingBans::PUBLIC_DATA,
		evidence_required: true,
		..Default::default()
	})
}

fn use_of(user: H256, fields: u128, n: u8) -> UsageContext {
	UsageContext {
		user: tds_primitives::identity::IdentityId::from(user.0),
		space: 1,
		scenario: 11,
		manner: Manner::Read,
		fields,
		volume: 200,
		onward_transfer: false,
		marketing: false,
		sublicensing: false,
		evidence: Some(tds_primitives::identity::Digest::from(
			*blake3::hash(format!("interface call {n}").as_bytes()).as_bytes(),
		)),
	}
}

fn context_json(context: &UsageContext) -> Value {
	json!({
		"user": format!("0x{}", hex::encode(context.user.0)),
		"space": context.space,
		"scenario": context.scenario,
		"manner": "read",
		"fields": format!("0x{:x}", context.fields),
		"volume": context.volume,
		"evidence": context.evidence.map(|e| format!("0x{}", hex::encode(e.0))),
	})
}

fn h256(value: &Value) -> Result<H256> {
	let text = value.as_str().ok_or_else(|| anyhow::anyhow!("not a string: {value}"))?;
	let bytes: [u8; 32] = hex::decode(text.trim_start_matches("0x"))?
		.try_into()
		.map_err(|_| anyhow::anyhow!("not 32 bytes: {text}"))?;
	Ok(H256(bytes))
}

async fn record(
	client: &Client,
	context: &UsageContext,
	user: &subxt_signer::sr25519::Keypair,
) -> Result<tds_e2e::Included> {
	let call = api::transactions()
		.agreements()
		.record_usage(0, transcode::<ContextType>(context)?);
	submit_finalized(client, &call, user).await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agreement_is_negotiated_enforced_breached_suspended_and_resolved() -> Result<()> {
	let network = TestNetwork::dev("agreements").await?;
	let node = network.node("dev");
	let client = node.client().await?;
	let operator_a = keypair("//OperatorA")?;
	let operator_b = keypair("//OperatorB")?;
	let provider = keypair("//HuaweiDataDesk")?;
	let user = keypair("//TencentDataDesk")?;
	let arbitrator = keypair("//ArbitrationCommission")?;
	admitted_space(&client, &operator_a, 0).await?;
	admitted_space(&client, &operator_b, 1).await?;
	let provider_id = organisation(
		&client,
		0,
		&operator_a,
		"914403001922038216",
		&provider,
		Some(Role::Provider),
	)
	.await?;
	let user_id =
		organisation(&client, 1, &operator_b, "9144030071526726XG", &user, Some(Role::User))
			.await?;
	let arbitrator_id =
		organisation(&client, 0, &operator_a, "91330100799655058B", &arbitrator, None).await?;
	let metadata = H256(*blake3::hash(b"{\"name\":\"medical insurance claims\"}").as_bytes());
	let kind = EntryKind::Product(ProductForm::Api);
	listed_entry(&client, &provider, &operator_a, 0, kind, dataset_fields("医保理赔API"), metadata)
		.await?;

	// The space operator publishes a provision template with a default policy.
	let agreements = api::transactions().agreements();
	let template_terms = H256(*blake3::hash("数据提供合同示范文本".as_bytes()).as_bytes());
	let publish = agreements.publish_template(
		ContractModel::Provision,
		template_terms,
		transcode::<PolicyType>(&policy()?)?,
	);
	submit_finalized(&client, &publish, &operator_a).await?;
	let template: Value = node.rpc("agreement_template", vec![0.into()]).await?;
	assert_eq!(template["model"], "provision");
	assert_eq!(template["publisher"], json!({ "space": 0 }));
	assert_eq!(template["defaultPolicy"]["permissions"]["frequency"]["maxUses"], 3);

	// The user creates an agreement from it; the provider counter-offers another split.
	let terms = |shares: Vec<u32>| -> Result<api::agreements::calls::create::Terms> {
		Ok(api::agreements::calls::create::Terms {
			entries: BoundedVec(vec![CatalogId { space: 0, number: 1 }]),
			terms: H256::repeat_byte(0x7e),
			liability: H256::repeat_byte(0x1b),
			pricing: PricingModel::BaseFeePlusShare { base: 5_000_000, share: 100_000 },
			shares: BoundedVec(shares),
			policy: transcode(&policy()?)?,
			breach_rule: BreachRule { warn_after: 0, suspend_after: 1 },
			start: now_ms() - 60_000,
			end: now_ms() + 30 * DAY_MS,
			activation: Activation::AtStart,
			unilateral_termination: false,
			arbitrator: Some(arbitrator_id),
		})
	};
	let parties = vec![
		Party { identity: provider_id, role: PartyRole::Provider },
		Party { identity: user_id, role: PartyRole::User },
	];
	submit_finalized(
		&client,
		&agreements.create(0, parties, terms(vec![700_000, 300_000])?),
		&user,
	)
	.await?;
	let draft: Value = node.rpc("agreement_get", vec!["urn:tds:agreement:0".into()]).await?;
	assert_eq!(draft["status"], "draft");
	let first_digest = h256(&draft["digest"])?;
	submit_finalized(&client, &agreements.propose(0, terms(vec![600_000, 400_000])?), &provider)
		.await?;
	let offer: Value = node.rpc("agreement_get", vec!["0".into()]).await?;
	assert_eq!(offer["status"], "negotiating");
	assert_eq!(offer["version"], 2);
	assert_eq!(offer["versions"][1]["origin"], "offer");
	let digest = h256(&offer["digest"])?;
	assert_ne!(digest, first_digest);

	// Signing the superseded version is refused; both sign the current one.
	let stale = submit_finalized(&client, &agreements.sign(0, 1, first_digest), &user).await;
	let refusal =
		format!("{:#}", stale.err().ok_or_else(|| anyhow::anyhow!("stale signature accepted"))?);
	assert!(refusal.contains("StaleVersion"), "{refusal}");
	submit_finalized(&client, &agreements.sign(0, 2, digest), &user).await?;
	submit_finalized(&client, &agreements.sign(0, 2, digest), &provider).await?;
	let signed: Value = node.rpc("agreement_get", vec!["0".into()]).await?;
	assert_eq!(signed["status"], "signed");

	// The operator files it; its start has come, so it is active without another call.
	submit_finalized(&client, &agreements.file(0, H256::repeat_byte(0xf1)), &operator_a).await?;
	let active: Value = node.rpc("agreement_get", vec!["0".into()]).await?;
	assert_eq!(active["storedStatus"], "filed");
	assert_eq!(active["status"], "active");

	// A connector checks before it uses data: an unauthorised field would be denied.
	let unauthorised = use_of(user_id, 0b1001, 0);
	let dry: Value = node
		.rpc("agreement_dryRun", vec!["0".into(), context_json(&unauthorised)])
		.await?;
	assert_eq!(dry, json!({ "result": "deny", "reason": "fieldNotPermitted" }));

	// Three uses within the limits are permitted and counted.
	for n in 1..=3u8 {
		let included = record(&client, &use_of(user_id, 0b0011, n), &user).await?;
		assert!(included
			.events
			.find_first::<api::agreements::events::UsagePermitted>()
			.transpose()?
			.is_some());
	}
	// The fourth in the window is over the frequency limit: a breach, and the breach rule
	// suspends the agreement by itself.
	let over = use_of(user_id, 0b0011, 4);
	let included = record(&client, &over, &user).await?;
	let breach = included
		.events
		.find_first::<api::agreements::events::BreachRecorded>()
		.transpose()?
		.ok_or_else(|| anyhow::anyhow!("no breach recorded"))?;
	assert_eq!(format!("{:?}", breach.reason), "FrequencyExceeded");
	assert_eq!(format!("{:?}", breach.response), "Suspended");
	let suspended: Value = node.rpc("agreement_get", vec!["0".into()]).await?;
	assert_eq!(suspended["status"], "suspended");
	assert_eq!(suspended["counters"]["total"], 3);
	assert_eq!(suspended["breaches"], 1);
	let dry: Value = node.rpc("agreement_dryRun", vec!["0".into(), context_json(&over)]).await?;
	assert_eq!(dry, json!({ "result": "notActive", "status": "suspended" }));

	// Anyone replays every decision offline with the same evaluator and gets the same answer.
	let decisions: Value = node.rpc("agreement_decisions", vec!["0".into()]).await?;
	let decisions = decisions.as_array().ok_or_else(|| anyhow::anyhow!("no decisions"))?;
	assert_eq!(decisions.len(), 4);
	let policy = policy()?;
	let policy_digest = format!("0x{}", hex::encode(BlakeTwo256::hash(&policy.encode())));
	for (n, decision) in decisions.iter().enumerate() {
		let context = use_of(user_id, 0b0011, u8::try_from(n)? + 1);
		assert_eq!(
			decision["contextDigest"],
			format!("0x{}", hex::encode(BlakeTwo256::hash(&context.encode())))
		);
		assert_eq!(decision["policyDigest"], policy_digest);
		let before = &decision["countersBefore"];
		let counters = UsageCounters {
			total: before["total"].as_u64().unwrap_or(u64::MAX),
			window: before["window"].as_u64().unwrap_or(u64::MAX),
			in_window: before["inWindow"]
				.as_u64()
				.and_then(|v| u32::try_from(v).ok())
				.unwrap_or(u32::MAX),
		};
		let now = decision["now"].as_u64().unwrap_or(0);
		let replayed = evaluate(&policy, decision["usingParty"] == true, &counters, &context, now);
		let expected = if n < 3 {
			assert_eq!(decision["verdict"]["result"], "permit");
			Verdict::Permit(UsageCounters {
				total: counters.total + 1,
				window: now / (30 * DAY_MS),
				in_window: counters.in_window + 1,
			})
		} else {
			assert_eq!(
				decision["verdict"],
				json!({ "result": "deny", "reason": "frequencyExceeded" })
			);
			Verdict::Deny(DenyReason::FrequencyExceeded)
		};
		assert_eq!(replayed, expected, "decision {n}");
	}

	// The user disputes with evidence; the arbitrator named in the agreement resolves it: the
	// agreement continues, the user bears the liability and a penalty is recorded.
	let evidence = vec![H256(*blake3::hash(b"log bundle of interface calls").as_bytes())];
	submit_finalized(&client, &agreements.open_dispute(0, evidence), &user).await?;
	let disputed: Value = node.rpc("agreement_get", vec!["0".into()]).await?;
	assert_eq!(disputed["status"], "disputed");
	let resolve = agreements.resolve_dispute(
		0,
		DisputeOutcome::Continue,
		None,
		vec![0, 1_000_000],
		50_000,
		H256::repeat_byte(0xab),
	);
	submit_finalized(&client, &resolve, &arbitrator).await?;
	let resolved: Value = node.rpc("agreement_get", vec!["0".into()]).await?;
	assert_eq!(resolved["status"], "active");
	assert_eq!(resolved["dispute"]["resolution"]["outcome"], "continue");
	assert_eq!(resolved["dispute"]["resolution"]["penalty"], "50000");
	assert_eq!(
		resolved["terms"]["pricing"],
		json!({ "model": "baseFeePlusShare", "base": "5000000", "share": 100_000 })
	);
	assert_eq!(resolved["terms"]["shares"], json!([600_000, 400_000]));

	// Every party, every entry and every regulator reads the same record.
	let minimal: Value = node.rpc("agreement_minimalRecord", vec!["0".into()]).await?;
	assert_eq!(minimal["execution"], json!({ "uses": 3, "breaches": 1 }));
	assert_eq!(minimal["entries"], json!(["urn:tds:catalog:0:1"]));
	let of_party: Value = node
		.rpc("agreement_ofParty", vec![format!("0x{}", hex::encode(user_id.0)).into()])
		.await?;
	assert_eq!(of_party["items"][0]["status"], "active");
	let of_entry: Value = node.rpc("agreement_ofEntry", vec!["urn:tds:catalog:0:1".into()]).await?;
	assert_eq!(of_entry["items"][0]["identifier"], "urn:tds:agreement:0");
	let by_status: Value = node.rpc("agreement_byStatus", vec!["active".into()]).await?;
	assert_eq!(by_status["items"][0]["id"], 0);

	let reports = tds_e2e::workspace_root().join("target/reports");
	std::fs::create_dir_all(&reports)?;
	let examples = json!({
		"agreement_get": resolved,
		"agreement_minimalRecord": minimal,
		"agreement_dryRun": dry,
		"agreement_decision": decisions.last(),
	});
	std::fs::write(reports.join("agreements-rpc.json"), serde_json::to_string_pretty(&examples)?)?;
	Ok(())
}
