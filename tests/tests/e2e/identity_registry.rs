//! End-to-end: identity-based admission on a real node. Through governance a space is admitted;
//! its operator (admitted only for that duty) registers and verifies an organisation, whose
//! account then transacts while an unregistered account is refused by the pool; the council
//! appoints a regulator, whose freeze makes the organisation's next transaction fail. The
//! `identity_*` JSON-RPC methods answer along the way.

use serde_json::Value;
use subxt::utils::H256;
use tds_e2e::{
	account_of,
	api::{
		self,
		runtime_types::{
			pallet_identity_registry::{
				pallet::Call as RegistryCall,
				types::{NewSubject, Qualification, Verdict, Verification},
			},
			tds_primitives::identity::{Role, SpaceType, VerificationSource},
			tds_runtime::RuntimeCall,
		},
	},
	bounded, council_motion, dev_keypair, keypair, now_ms, pool_refusal, submit_finalized, Result,
	TestNetwork, DAY_MS,
};
use tds_primitives::transaction::RejectionCode;

const HUAWEI: &str = "914403001922038216";
/// A government organ's code (category 11), valid per GB 32100-2015.
const REGULATOR_USCC: &str = "11100000000013127D";

/// The identifier in an `identity_*` answer.
fn id_of(answer: &Value) -> Result<H256> {
	let text = answer["id"].as_str().ok_or_else(|| anyhow::anyhow!("no id in {answer}"))?;
	Ok(H256::from_slice(&hex::decode(text.trim_start_matches("0x"))?))
}

fn official() -> Verification {
	Verification {
		source: VerificationSource::Official,
		verifier: bounded("国家企业信用信息公示系统".as_bytes()),
		verified_on: now_ms(),
		valid_until: Some(now_ms() + 365 * DAY_MS),
		materials: None,
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn governance_admits_a_space_whose_participants_transact_until_frozen() -> Result<()> {
	let network = TestNetwork::dev("identity_registry").await?;
	let node = network.node("dev");
	let client = node.client().await?;
	let alice = dev_keypair("alice");
	let operator = keypair("//SpaceOperator")?;
	let org_key = keypair("//HuaweiConnectorKey")?;
	let regulator_key = keypair("//Regulator")?;
	let stranger = keypair("//Stranger")?;
	let registry = api::transactions().identity_registry();
	let remark = api::transactions().system().remark(b"data delivered".to_vec());

	// The operator is nobody yet: refused.
	assert_eq!(
		pool_refusal(node, &client, &remark, &operator).await?,
		RejectionCode::AccountNotAdmitted.code()
	);

	// A council member files the space; the council admits it.
	let qualification = Qualification {
		report: H256::repeat_byte(0xa1),
		verifier: bounded("中国电子技术标准化研究院".as_bytes()),
		verdict: Verdict::Pass,
		valid_from: now_ms() - DAY_MS,
		valid_until: now_ms() + 365 * DAY_MS,
		scenarios: H256::repeat_byte(0xa2),
		restrictions: H256::repeat_byte(0xa3),
		verified_on: now_ms() - DAY_MS,
	};
	submit_finalized(
		&client,
		&registry.file_space(
			"医保数据空间".as_bytes().to_vec(),
			SpaceType::Industry,
			vec![account_of(&operator)],
			vec![qualification],
		),
		&alice,
	)
	.await?;
	let approve = RuntimeCall::IdentityRegistry(RegistryCall::approve_space {
		space: 0,
		reason: H256::repeat_byte(1),
	});
	council_motion(&client, approve, std::slice::from_ref(&alice)).await?;
	let space: Value = node.rpc("identity_space", vec![0.into()]).await?;
	assert_eq!(space["status"], "active");
	assert_eq!(space["operators"][0], account_of(&operator).to_string());

	// The operator, admitted for its duty only, registers and verifies an organisation and a
	// regulator's organisation.
	for (uscc, name, key) in
		[(HUAWEI, "华为技术有限公司", &org_key), (REGULATOR_USCC, "市场监督管理局", &regulator_key)]
	{
		submit_finalized(
			&client,
			&registry.register_participant(
				0,
				NewSubject::Organisation { uscc: bounded(uscc.as_bytes()) },
				name.as_bytes().to_vec(),
				Some(account_of(key)),
			),
			&operator,
		)
		.await?;
		let pending: Value = node.rpc("identity_participantByUscc", vec![uscc.into()]).await?;
		assert_eq!(pending["status"], "pending");
		let id = id_of(&pending)?;
		submit_finalized(&client, &registry.verify_participant(id, official()), &operator).await?;
	}
	// Its duty covers the registry, not other calls.
	assert_eq!(
		pool_refusal(node, &client, &remark, &operator).await?,
		RejectionCode::AccountNotAdmitted.code()
	);

	// The organisation's account transacts; an unregistered account is refused by the pool.
	submit_finalized(&client, &remark, &org_key).await?;
	assert_eq!(
		pool_refusal(node, &client, &remark, &stranger).await?,
		RejectionCode::AccountNotAdmitted.code()
	);
	let huawei: Value = node.rpc("identity_participantByUscc", vec![HUAWEI.into()]).await?;
	assert_eq!(huawei["status"], "active");
	assert_eq!(huawei["mayAct"], true);
	assert_eq!(huawei["kind"], "organisation");
	assert_eq!(huawei["name"], "华为技术有限公司");
	assert_eq!(huawei["keys"][0], account_of(&org_key).to_string());
	assert_eq!(huawei["verification"]["source"], "official");
	let did = huawei["did"].as_str().unwrap().to_owned();
	assert!(did.starts_with("did:tds:0:"), "{did}");
	let by_account: Value = node
		.rpc("identity_participantByAccount", vec![account_of(&org_key).to_string().into()])
		.await?;
	assert_eq!(by_account["did"], did.as_str());
	let verdict: Value = node
		.rpc("identity_verifyCrossSpace", vec![0.into(), did.clone().into()])
		.await?;
	assert_eq!(verdict["verdict"], "mayAct");
	let record = verdict["record"].as_object().unwrap();
	assert_eq!(record.len(), 4, "exactly the four minimal fields: {record:?}");
	assert_eq!(record["uscc"], HUAWEI);

	// The council appoints the regulator; the regulator freezes the organisation.
	let regulator: Value =
		node.rpc("identity_participantByUscc", vec![REGULATOR_USCC.into()]).await?;
	let regulator_id = id_of(&regulator)?;
	let appoint = RuntimeCall::IdentityRegistry(RegistryCall::appoint {
		id: regulator_id,
		role: Role::Regulator,
	});
	council_motion(&client, appoint, std::slice::from_ref(&alice)).await?;
	let huawei_id = id_of(&huawei)?;
	submit_finalized(
		&client,
		&registry.freeze_participant(huawei_id, H256::repeat_byte(0xfe)),
		&regulator_key,
	)
	.await?;

	// The organisation's next transaction fails, with the code naming the freeze.
	assert_eq!(
		pool_refusal(node, &client, &remark, &org_key).await?,
		RejectionCode::IdentityFrozen.code()
	);
	let frozen: Value = node.rpc("identity_participant", vec![did.clone().into()]).await?;
	assert_eq!(frozen["status"], "frozen");
	assert_eq!(frozen["mayAct"], false);
	let history: Vec<Value> = node.rpc("identity_history", vec![did.into()]).await?;
	let freeze = history.last().unwrap();
	assert_eq!(freeze["change"], "participantStatus");
	assert_eq!(freeze["details"]["to"], "frozen");
	assert_eq!(freeze["actor"], account_of(&regulator_key).to_string());
	assert_eq!(freeze["reason"], format!("0x{}", "fe".repeat(32)));

	// Bad input gets a typed JSON-RPC error.
	let bad_uscc = node
		.rpc::<Value>("identity_participantByUscc", vec!["914403001922038217".into()])
		.await
		.expect_err("a wrong check character is refused");
	assert!(format!("{bad_uscc:?}").contains("4002"), "{bad_uscc:?}");

	// Keep the answers as examples for docs/identity.md.
	let space: Value = node.rpc("identity_space", vec![0.into()]).await?;
	let examples = serde_json::json!({
		"identity_space": space,
		"identity_participant": frozen,
		"identity_verifyCrossSpace": verdict,
		"identity_history": history,
		"identity_participantByUscc (bad check character)": format!("{bad_uscc}"),
	});
	let reports = tds_e2e::workspace_root().join("target/reports");
	std::fs::create_dir_all(&reports)?;
	std::fs::write(reports.join("identity-rpc.json"), serde_json::to_string_pretty(&examples)?)?;
	Ok(())
}
