//! End-to-end: "list once, visible everywhere" on a real node. A provider of one space registers
//! a dataset, submits it with its declaration and self-check, its operator approves it (the
//! identifier is assigned), the provider lists it; another space mirrors it from the change
//! feed alone and verifies the metadata document against the listing over `catalog_*`.

use serde_json::Value;
use subxt::utils::H256;
use tds_e2e::{
	account_of, admitted_space,
	api::{
		self,
		runtime_types::tds_primitives::{
			catalog::{EntryKind, ProductForm},
			identity::Role,
		},
	},
	dataset_fields, keypair, organisation, self_check, submit_finalized, Result, TestNetwork,
};

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
	let fields = dataset_fields("医保理赔数据");
	let kind = EntryKind::Product(ProductForm::Dataset);
	submit_finalized(&client, &catalog.register(kind, fields, metadata), &provider).await?;
	let submit =
		catalog.submit_for_review(0, Some(H256::repeat_byte(0xd1)), Some(self_check()), None);
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
