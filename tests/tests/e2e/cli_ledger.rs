//! End-to-end: the ledger driven only through `tds`, against a real dev node.
//!
//! The council (Alice) adds Bob as a member with a one-vote motion; a space filed with `tds tx`
//! is admitted by a two-vote motion, proposed, listed, voted and closed with `tds council`. Its
//! operator registers and verifies an organisation, which applies for the provider role and
//! registers a catalog entry; every step is checked with the query commands. The main error
//! paths are shown by name with their documentation: a pending and a frozen identity refused
//! by the pool (`IdentityPending`, code 3; `IdentityFrozen`, code 4), a key of no authority
//! over the call (`NotAuthorized`), an invalid transition (`InvalidTransition`), a key missing
//! from the keystore, an argument that does not fit the call, and a lookup of nothing.

use serde_json::Value;
use std::path::Path;
use tds_e2e::{account_of, keypair, organisation_id, tds, tds_json, Result, TestNetwork};

const USCC: &str = "91330100799655058B";

/// A 32-byte digest of one repeated byte, as `0x` hex.
fn digest(byte: u8) -> String {
	format!("0x{}", hex::encode([byte; 32]))
}

/// `tds` against one node with one keystore.
struct Cli<'a> {
	keystore: &'a Path,
	url: String,
}

impl Cli<'_> {
	/// Runs `tds ARGS --json`; fails unless it succeeded.
	fn ok(&self, args: &[&str]) -> Result<Value> {
		tds_json(self.keystore, &self.url, args)
	}

	/// Runs `tds ARGS` and expects it to fail; returns its standard error.
	fn refused(&self, args: &[&str]) -> Result<String> {
		let (code, out, err) = tds(self.keystore, &self.url, args)?;
		anyhow::ensure!(code != 0, "tds {args:?} succeeded: {out}");
		Ok(err)
	}

	/// `tds tx PALLET CALL ARGS --signer SIGNER`, expected to succeed.
	fn tx(&self, signer: &str, call: &[&str]) -> Result<Value> {
		self.ok(&[&["tx"], call, &["--signer", signer]].concat())
	}

	/// `tds tx PALLET CALL ARGS --signer SIGNER`, expected to fail; its standard error.
	fn tx_refused(&self, signer: &str, call: &[&str]) -> Result<String> {
		self.refused(&[&["tx"], call, &["--signer", signer]].concat())
	}
}

/// The names of the events an action's JSON outcome lists.
fn events(outcome: &Value) -> Vec<String> {
	outcome["events"]
		.as_array()
		.map(|events| events.iter().filter_map(|e| e["event"].as_str().map(String::from)).collect())
		.unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_drives_governance_identity_and_catalog() -> Result<()> {
	let network = TestNetwork::dev("cli-ledger").await?;
	let node = network.node("dev");
	let work = tempfile::tempdir()?;
	let keystore = work.path().join("keystore.json");
	let cli = Cli { keystore: &keystore, url: node.ws_url() };
	for (name, suri) in
		[("alice", "//Alice"), ("bob", "//Bob"), ("operator", "//CliOperator"), ("org", "//CliOrg")]
	{
		cli.ok(&["key", "import", name, "--suri", suri])?;
	}
	let address = |uri: &str| -> Result<String> { Ok(account_of(&keypair(uri)?).to_string()) };
	let bob = address("//Bob")?;

	// The runtime's calls, with how to write their arguments.
	let calls = cli.ok(&["calls"])?;
	assert!(
		calls
			.as_array()
			.is_some_and(|calls| calls.iter().any(|c| c["call"] == "register_participant")),
		"{calls}"
	);
	let notarise = cli.ok(&["calls", "notary", "notarise"])?;
	assert_eq!(notarise["arguments"][0]["name"], "digest");
	assert_eq!(notarise["arguments"][0]["shape"], "0x… (32 bytes)");

	// A one-vote motion executes at once: Bob joins the council.
	let members = cli.ok(&["council", "members"])?;
	assert_eq!(members.as_array().map(Vec::len), Some(1), "{members}");
	let bob_id = format!("Id({bob})");
	let added = cli.ok(&[
		"council",
		"propose",
		"--threshold",
		"1",
		"CouncilMembership",
		"add_member",
		&bob_id,
		"--signer",
		"alice",
	])?;
	assert!(events(&added).contains(&"Council.Executed".to_owned()), "{added}");
	let members = cli.ok(&["council", "members"])?;
	assert!(members
		.as_array()
		.is_some_and(|m| m.len() == 2 && m.contains(&Value::from(bob.clone()))));

	// Alice files a space; the council (now two) admits it by proposal, votes and close.
	let now = tds_e2e::now_ms();
	let qualification = format!(
		"({{ report: {}, verifier: \"CESI\", verdict: Pass, valid_from: {}, valid_until: {}, \
		 scenarios: {}, restrictions: {}, verified_on: {} }})",
		digest(0xa1),
		now - tds_e2e::DAY_MS,
		now + 365 * tds_e2e::DAY_MS,
		digest(0xa2),
		digest(0xa3),
		now - tds_e2e::DAY_MS,
	);
	let operators = format!("({})", address("//CliOperator")?);
	let filed = cli.tx(
		"alice",
		&[
			"identity-registry",
			"file-space",
			"\"claims space\"",
			"Industry",
			&operators,
			&qualification,
		],
	)?;
	assert!(events(&filed).iter().any(|e| e.starts_with("IdentityRegistry.")), "{filed}");
	let space = cli.ok(&["identity", "space", "0"])?;
	assert_eq!(space["status"], "filed", "{space}");

	// Without --threshold, a motion needs two thirds of the members: both of them.
	let reason = digest(0);
	cli.ok(&[
		"council",
		"propose",
		"IdentityRegistry",
		"approve_space",
		"0",
		&reason,
		"--signer",
		"alice",
	])?;
	let motions = cli.ok(&["council", "motions"])?;
	let motion = &motions[0];
	assert_eq!(motion["threshold"], 2, "{motions}");
	assert!(motion["call"].as_str().is_some_and(|call| call.contains("approve_space")), "{motion}");
	let hash = motion["hash"].as_str().unwrap_or_default().to_owned();
	let index = motion["index"].to_string();
	// Closing before the votes are in leaves the motion open.
	let early = cli.refused(&["council", "close", &hash, &index, "--signer", "alice"])?;
	assert!(early.contains("Council::TooEarly"), "{early}");
	for member in ["alice", "bob"] {
		cli.ok(&["council", "vote", &hash, &index, "--signer", member])?;
	}
	let motions = cli.ok(&["council", "motions"])?;
	assert_eq!(motions[0]["ayes"].as_array().map(Vec::len), Some(2), "{motions}");
	let closed = cli.ok(&["council", "close", &hash, &index, "--signer", "bob"])?;
	assert!(events(&closed).contains(&"Council.Executed".to_owned()), "{closed}");
	assert_eq!(cli.ok(&["identity", "space", "0"])?["status"], "active");
	assert_eq!(cli.ok(&["council", "motions"])?, Value::Array(vec![]));

	// The operator registers and verifies an organisation linked to the org key.
	let org_address = address("//CliOrg")?;
	let subject = format!("Organisation {{ uscc: \"{USCC}\" }}");
	let org_key = format!("Some({org_address})");
	cli.tx(
		"operator",
		&[
			"IdentityRegistry",
			"register_participant",
			"0",
			&subject,
			"\"理赔数据服务有限公司\"",
			&org_key,
		],
	)?;
	let id = format!("{:?}", organisation_id(USCC)?);
	let pending = cli.ok(&["identity", "by-uscc", USCC])?;
	assert_eq!(pending["id"], id.as_str(), "{pending}");
	assert_eq!(pending["status"], "pending", "{pending}");
	let verification = format!(
		"{{ source: Official, verifier: \"SAMR\", verified_on: {now}, valid_until: None, materials: None }}"
	);
	let verify = ["IdentityRegistry", "verify_participant", &id, &verification];
	// A pending identity may not sign yet: the pool's refusal by name, with its meaning.
	let pending_key = cli.tx_refused("org", &verify)?;
	assert!(pending_key.contains("IdentityPending (code 3): "), "{pending_key}");
	cli.tx("operator", &verify)?;
	let active = cli.ok(&["identity", "by-account", &org_address])?;
	assert_eq!(active["status"], "active", "{active}");
	// The table form for people.
	let (code, table, _) = tds(&keystore, &cli.url, &["identity", "participant", &id])?;
	assert_eq!(code, 0);
	assert!(
		table
			.lines()
			.any(|l| l.starts_with("status") && l.trim_end().ends_with("active")),
		"{table}"
	);

	// It applies for the provider role; it may not grant it to itself (the pallet's error by
	// name, with its documentation); its operator grants it; it registers a catalog entry.
	cli.tx("org", &["IdentityRegistry", "request_role", "Provider"])?;
	let grant = ["IdentityRegistry", "grant_role", &id, "Provider"];
	let wrong_key = cli.tx_refused("org", &grant)?;
	assert!(wrong_key.contains("IdentityRegistry::NotAuthorized: "), "{wrong_key}");
	cli.tx("operator", &grant)?;
	let fields = format!(
		"{{ name: \"理赔明细\", data_type: \"structured\", format: \"CSV\", source: Enterprise, \
		 classification: \"J6851\", update_frequency: Monthly, authorisation: Contract, \
		 usage_restrictions: {}, sensitivity: Sensitive }}",
		digest(0xc1)
	);
	let metadata = digest(0xe1);
	let registered = cli.tx("org", &["Catalog", "register", "Resource", &fields, &metadata])?;
	assert!(events(&registered).iter().any(|e| e.starts_with("Catalog.")), "{registered}");
	let entry = cli.ok(&["catalog", "entry", "0"])?;
	assert_eq!(entry["provider"], id.as_str(), "{entry}");
	let of_provider = cli.ok(&["catalog", "of-provider", &id])?;
	assert_eq!(of_provider["items"].as_array().map(Vec::len), Some(1), "{of_provider}");

	// A frozen identity: the pool refuses its transactions, by name; unfreezing is not a verify.
	let freeze_reason = digest(0xf0);
	cli.tx("operator", &["IdentityRegistry", "freeze_participant", &id, &freeze_reason])?;
	let document = digest(0x01);
	let notarise = |kind: &'static str| -> [&str; 7] {
		["Notary", "notarise", &document, kind, "None", "None", "None"]
	};
	let frozen = cli.tx_refused("org", &notarise("ApplicationMaterial"))?;
	assert!(
		frozen.contains("IdentityFrozen (code 4): the signer's identity is frozen"),
		"{frozen}"
	);
	let transition = cli.tx_refused("operator", &verify)?;
	assert!(transition.contains("IdentityRegistry::InvalidTransition"), "{transition}");
	let history = cli.ok(&["identity", "history", &id])?;
	assert!(history.to_string().contains("frozen"), "{history}");

	// Local mistakes are caught before anything is signed.
	let ghost = cli.tx_refused("ghost", &notarise("ApplicationMaterial"))?;
	assert!(ghost.contains("ghost"), "{ghost}");
	let arity = cli.tx_refused("alice", &["Notary", "notarise", &document])?;
	assert!(arity.contains("takes 5 argument(s)"), "{arity}");
	let misfit = cli.tx_refused("alice", &notarise("NotAKind"))?;
	assert!(misfit.contains("does not fit"), "{misfit}");
	let unknown = cli.tx_refused("alice", &["Notary", "fly"])?;
	assert!(unknown.contains("its calls are"), "{unknown}");
	let nothing = cli.refused(&["identity", "space", "9"])?;
	assert!(nothing.contains("not found"), "{nothing}");

	// Utilities: local digests, raw JSON-RPC.
	let file = work.path().join("terms.txt");
	std::fs::write(&file, "条款 v1")?;
	let hashed = cli.ok(&["hash", &file.display().to_string()])?;
	assert_eq!(
		hashed[0]["digest"],
		format!("0x{}", hex::encode(blake3::hash("条款 v1".as_bytes()).as_bytes()))
	);
	assert_eq!(cli.ok(&["rpc", "system_chain"])?, "TDS Ledger Development");
	Ok(())
}
