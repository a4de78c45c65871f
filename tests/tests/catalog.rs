//! End-to-end: "list once, visible everywhere" on a real node. A provider of one space registers
//! a dataset, submits it with its declaration and self-check, its operator approves it (the
//! identifier is assigned), the provider lists it; another space mirrors it from the change
//! feed alone and verifies the metadata document against the listing over `catalog_*`.

use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};
use subxt::utils::H256;
use subxt_signer::sr25519::Keypair;
use tds_e2e::{
	account_of,
	api::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_catalog::types::FieldsInput,
			pallet_identity_registry::{
				pallet::Call as RegistryCall,
				types::{NewSubject, Qualification, Verdict, Verification},
			},
			tds_primitives::{
				catalog::{
					AuthorisationType, EntryKind, NegativeListCheck, ProductForm, SensitivityLevel,
					SourceClass, UpdateFrequency,
				},
				identity::{Role, SpaceType, VerificationSource},
			},
			tds_runtime::RuntimeCall,
		},
	},
	council_motion, dev_keypair, keypair, submit_finalized, Client, Result, TestNetwork,
};

const DAY_MS: u64 = 86_400_000;

fn now_ms() -> u64 {
	SystemTime::now()
		.duration_since(UNIX_EPOCH)
		.map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn bounded(bytes: &[u8]) -> BoundedVec<u8> {
	BoundedVec(bytes.to_vec())
}

/// Alice files a space operated by `operator`; the council (Alice) admits it.
async fn admitted_space(client: &Client, operator: &Keypair, space: u32) -> Result<()> {
	let alice = dev_keypair("alice");
	let qualification = Qualification {
		report: H256::repeat_byte(0xa1),
		verifier: bounded(b"CESI"),
		verdict: Verdict::Pass,
		valid_from: now_ms() - DAY_MS,
		valid_until: now_ms() + 365 * DAY_MS,
		scenarios: H256::repeat_byte(0xa2),
		restrictions: H256::repeat_byte(0xa3),
		verified_on: now_ms() - DAY_MS,
	};
	let file = api::transactions().identity_registry().file_space(
		format!("space {space}").into_bytes(),
		SpaceType::Industry,
		vec![account_of(operator)],
		vec![qualification],
	);
	submit_finalized(client, &file, &alice).await?;
	let approve =
		RuntimeCall::IdentityRegistry(RegistryCall::approve_space { space, reason: H256::zero() });
	council_motion(client, approve, std::slice::from_ref(&alice)).await
}

/// The operator registers and verifies an organisation linked to `key`; with `role`, the
/// organisation applies for it and the operator grants it.
async fn organisation(
	client: &Client,
	space: u32,
	operator: &Keypair,
	uscc: &str,
	key: &Keypair,
	role: Option<Role>,
) -> Result<()> {
	let registry = api::transactions().identity_registry();
	let register = registry.register_participant(
		space,
		NewSubject::Organisation { uscc: bounded(uscc.as_bytes()) },
		uscc.as_bytes().to_vec(),
		Some(account_of(key)),
	);
	submit_finalized(client, &register, operator).await?;
	let id = tds_primitives::identity::identity_id(
		&tds_primitives::identity::IdentityKey::Organisation(
			tds_primitives::identity::Uscc::parse(uscc.as_bytes())
				.map_err(|e| anyhow::anyhow!("{e:?}"))?,
		),
	);
	let id = H256(id.0);
	let verification = Verification {
		source: VerificationSource::Official,
		verifier: bounded(b"SAMR"),
		verified_on: now_ms(),
		valid_until: None,
		materials: None,
	};
	submit_finalized(client, &registry.verify_participant(id, verification), operator).await?;
	if let Some(role) = role {
		submit_finalized(client, &registry.request_role(role.clone()), key).await?;
		submit_finalized(client, &registry.grant_role(id, role), operator).await?;
	}
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_listed_product_is_visible_to_another_space_through_the_feed() -> Result<()> {
	let network = TestNetwork::dev("catalog").await?;
	let node = network.node("dev");
	let client = node.client().await?;
	let operator_a = keypair("//OperatorA")?;
	let operator_b = keypair("//OperatorB")?;
	let provider = keypair("//HuaweiDataDesk")?;
	let user = keypair("//TencentDataDesk")?;
	admitted_space(&client, &operator_a, 0).await?;
	admitted_space(&client, &operator_b, 1).await?;
	organisation(&client, 0, &operator_a, "914403001922038216", &provider, Some(Role::Provider))
		.await?;
	organisation(&client, 1, &operator_b, "9144030071526726XG", &user, Some(Role::User)).await?;
	// The user of space 1 is a verified participant there; what it sees of space 0's catalog is
	// what any node answers from the feed.
	let user_record: Value = node
		.rpc("identity_participantByAccount", vec![account_of(&user).to_string().into()])
		.await?;
	assert_eq!(user_record["homeSpace"], 1);
	assert_eq!(user_record["roles"][0], "user");

	// The provider registers a dataset: the full metadata document stays off chain, its BLAKE3
	// digest is anchored with the minimal fields.
	let document = "{\"name\":\"医保理赔数据\",\"provider\":\"华为\",\"columns\":42}".as_bytes();
	let metadata = H256(*blake3::hash(document).as_bytes());
	let catalog = api::transactions().catalog();
	let fields = FieldsInput {
		name: "医保理赔数据".as_bytes().to_vec(),
		data_type: b"structured".to_vec(),
		format: b"CSV".to_vec(),
		source: SourceClass::Enterprise,
		classification: b"J6851".to_vec(),
		update_frequency: UpdateFrequency::Monthly,
		authorisation: AuthorisationType::Contract,
		usage_restrictions: H256::repeat_byte(0xc1),
		sensitivity: SensitivityLevel::Sensitive,
	};
	let kind = EntryKind::Product(ProductForm::Dataset);
	submit_finalized(&client, &catalog.register(kind, fields, metadata), &provider).await?;
	let self_check = NegativeListCheck {
		state_secrets: false,
		national_security: false,
		lifelines_or_public_interest: false,
		infringes_rights: false,
		public_safety: false,
		trade_secrets: false,
		sensitive_personal: true,
	};
	let submit =
		catalog.submit_for_review(0, Some(H256::repeat_byte(0xd1)), Some(self_check), None);
	submit_finalized(&client, &submit, &provider).await?;
	// Before approval there is no identifier and nothing is usable.
	let pending: Value = node.rpc("catalog_entry", vec!["0".into()]).await?;
	assert_eq!(pending["status"], "underReview");
	assert_eq!(pending["identifier"], Value::Null);

	// The operator approves; the provider lists.
	submit_finalized(&client, &catalog.approve(0), &operator_a).await?;
	submit_finalized(&client, &catalog.publish(0, None), &provider).await?;

	// Another space mirrors the catalog from the feed alone, page by page.
	let mut cursor = 0u64;
	let mut mirror = std::collections::BTreeMap::<u64, Value>::new();
	for _ in 0..20 {
		let page: Value = node
			.rpc(
				"catalog_changesSince",
				vec![cursor.into(), serde_json::json!({ "space": 0 }), 2.into()],
			)
			.await?;
		for change in page["changes"].as_array().unwrap() {
			mirror.insert(change["entry"].as_u64().unwrap(), change.clone());
		}
		let next = page["next"].as_u64().unwrap();
		if next == cursor {
			break;
		}
		cursor = next;
	}
	let listed = &mirror[&0];
	assert_eq!(listed["status"], "published");
	assert_eq!(listed["identifier"], "urn:tds:catalog:0:1");
	assert_eq!(listed["metadata"], format!("0x{}", hex::encode(metadata.0)));
	assert_eq!(listed["kind"], "product/dataset");
	// Nothing from space 1 leaks through the space filter; space 1 has no entries anyway.
	let other: Value = node
		.rpc("catalog_changesSince", vec![0.into(), serde_json::json!({ "space": 1 })])
		.await?;
	assert_eq!(other["changes"].as_array().unwrap().len(), 0);

	// The entry, by identifier, with its version history; and the document verifies.
	let entry: Value = node.rpc("catalog_entry", vec!["urn:tds:catalog:0:1".into()]).await?;
	assert_eq!(entry["status"], "published");
	assert_eq!(entry["fields"]["name"], "医保理赔数据");
	assert_eq!(entry["versions"].as_array().unwrap().len(), 1);
	assert_eq!(entry["selfCheck"]["sensitivePersonal"], true);
	let verified: Value = node
		.rpc(
			"catalog_verify",
			vec![
				"urn:tds:catalog:0:1".into(),
				Value::Null,
				format!("0x{}", hex::encode(document)).into(),
			],
		)
		.await?;
	assert_eq!(verified["result"], "current");
	assert_eq!(verified["status"], "published");
	assert_eq!(verified["listed"], true);
	let tampered: Value = node
		.rpc(
			"catalog_verify",
			vec![
				"urn:tds:catalog:0:1".into(),
				Value::Null,
				format!("0x{}", hex::encode(b"{\"columns\":41}")).into(),
			],
		)
		.await?;
	assert_eq!(tampered["result"], "noMatch");
	let by_class: Value = node.rpc("catalog_entriesByClassification", vec!["J6851".into()]).await?;
	assert_eq!(by_class["items"][0]["identifier"], "urn:tds:catalog:0:1");

	let reports = tds_e2e::workspace_root().join("target/reports");
	std::fs::create_dir_all(&reports)?;
	let examples = serde_json::json!({ "catalog_entry": entry, "catalog_change": listed,
		"catalog_verify": verified });
	std::fs::write(reports.join("catalog-rpc.json"), serde_json::to_string_pretty(&examples)?)?;
	Ok(())
}
