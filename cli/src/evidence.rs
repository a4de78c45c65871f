//! Evidence commands: notarise a file, submit log entries to a gateway, fetch and verify
//! bundles.

use crate::{chain, keys, output, Global};
use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Subcommand};
use serde_json::{json, Value};
use std::{io::BufRead, path::PathBuf, process::ExitCode};
use subxt::utils::H256;
use tds_client::{api, KeyPair};
use tds_evidence::{
	bundle::{Bytes, Bytes32},
	export::{verify_export, Export, EXPORT_FORMAT},
	gateway::{sign_request, QueryRequest, SignedRequest},
	log::LogEntryJson,
	verify as verify_bundle, Bundle, Outcome, TrustedSets,
};
use tds_primitives::notary::EventKind;

/// Most entries per `notary_submitEntries` call (the gateway's limit).
const BATCH: usize = 1_000;

#[derive(Debug, Args)]
pub struct NotarizeArgs {
	/// The file: only its BLAKE3-256 digest leaves this machine.
	file: PathBuf,
	/// The signing key's name (a key of an active identity).
	#[arg(long)]
	signer: String,
	/// What the document is evidence of (`applicationMaterial`, `reviewRecord`,
	/// `interfaceCall`, …).
	#[arg(long, default_value = "applicationMaterial")]
	kind: String,
	/// The agreement it concerns.
	#[arg(long)]
	agreement: Option<u64>,
}

/// The filters of a drill-through query (SPEC §6); every given filter must match.
#[derive(Debug, Args)]
pub struct QueryFilters {
	/// Data item: `urn:tds:catalog:<space>:<number>`.
	#[arg(long)]
	catalog_entry: Option<String>,
	/// Entry time from, inclusive (Unix ms).
	#[arg(long)]
	from: Option<u64>,
	/// Entry time to, inclusive (Unix ms).
	#[arg(long)]
	to: Option<u64>,
	/// Using subject: the caller's identity (`0x…`).
	#[arg(long)]
	caller: Option<String>,
	/// Business scenario code.
	#[arg(long)]
	scenario: Option<u32>,
	/// Agreement number.
	#[arg(long)]
	agreement: Option<u64>,
	/// Submitting identity (`0x…`).
	#[arg(long)]
	identity: Option<String>,
	/// The ed25519 key of an active regulator or auditor (everything), or of an identity (its
	/// own entries), that signs the request.
	#[arg(long)]
	signer: String,
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
	/// Sign the entries of a JSONL file (one unsigned entry per line, docs/log-schema.md) and
	/// submit them to the node's gateway; prints each entry's leaf or refusal.
	Submit {
		/// The JSONL file.
		file: PathBuf,
		/// The ed25519 key that signs the entries (linked to their `identity`).
		#[arg(long)]
		signer: String,
	},
	/// A drill-through query of the node's gateway: a page of matching entries.
	Query {
		#[command(flatten)]
		filters: QueryFilters,
		/// Resume after the previous page (its `next`).
		#[arg(long)]
		cursor: Option<String>,
		/// Most entries on the page (at most 100).
		#[arg(long)]
		limit: Option<u32>,
		/// Include each entry's evidence bundle.
		#[arg(long)]
		bundles: bool,
	},
	/// Export a drill-through query's result (up to 1,000 entries) as one file signed by the
	/// gateway, which `tds verify` checks offline.
	Export {
		#[command(flatten)]
		filters: QueryFilters,
		/// Continue after a previous export (its `next`).
		#[arg(long)]
		cursor: Option<String>,
		/// Most entries in the file (at most 1,000); the rest is where `next` says.
		#[arg(long, default_value_t = 1_000)]
		limit: u32,
		/// Write it here.
		#[arg(long, short)]
		output: PathBuf,
	},
}

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
	/// Fetch the bundle of a gateway entry (by leaf index or `0x` leaf hash), or of a notarised
	/// document (`--digest`).
	Get {
		/// The entry's leaf index or leaf hash.
		entry: Option<String>,
		/// The digest of a notarised document instead.
		#[arg(long, conflicts_with = "entry")]
		digest: Option<String>,
		/// Write it to this file (else standard output).
		#[arg(long, short)]
		output: Option<PathBuf>,
		/// Also write the node's trusted validator set to this file, for `tds verify`.
		#[arg(long)]
		trusted_set: Option<PathBuf>,
	},
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
	/// The bundle or export (JSON).
	bundle: PathBuf,
	/// The trusted validator sets and genesis hash.
	#[arg(long, value_name = "FILE")]
	trusted_set: PathBuf,
	/// For a notarised document: the document itself.
	#[arg(long, value_name = "FILE")]
	document: Option<PathBuf>,
}

/// `tds notarize FILE`.
pub async fn notarize(global: &Global, args: NotarizeArgs) -> Result<()> {
	let bytes = std::fs::read(&args.file)
		.with_context(|| format!("cannot read {}", args.file.display()))?;
	let digest = *blake3::hash(&bytes).as_bytes();
	let kind = EventKind::from_name(&args.kind)
		.ok_or_else(|| anyhow!("{} is not an event kind", args.kind))?;
	let kind: api::runtime_types::tds_primitives::notary::EventKind =
		codec::Decode::decode(&mut &codec::Encode::encode(&kind)[..])?;
	let signer = keys::key_pair(global, &args.signer)?;
	let client = chain::client(global).await?;
	let call =
		api::transactions()
			.notary()
			.notarise(H256(digest), kind, None, args.agreement, None);
	let outcome = chain::submit(global, &client, &call, &signer).await?;
	if !global.json {
		println!("digest 0x{} ({} bytes, BLAKE3-256)", hex::encode(digest), bytes.len());
	}
	outcome.print(global, json!({ "digest": format!("0x{}", hex::encode(digest)) }));
	Ok(())
}

/// An unsigned JSONL line as the entry it describes, signed by `key` for `genesis`.
fn signed_line(line: &str, key: &ed25519_dalek::SigningKey, genesis: &[u8; 32]) -> Result<Value> {
	let mut value: Value = serde_json::from_str(line)?;
	let object = value.as_object_mut().ok_or_else(|| anyhow!("an entry is a JSON object"))?;
	object.insert("signer".into(), json!(format!("0x{}", hex::encode([0u8; 32]))));
	object.insert("signature".into(), json!(format!("0x{}", hex::encode([0u8; 64]))));
	let unsigned: LogEntryJson = serde_json::from_value(value)?;
	let entry = unsigned.to_signed().map_err(|e| anyhow!("{e}"))?.entry;
	let signed = tds_evidence::log::sign(key, genesis, entry);
	let json = LogEntryJson::from_signed(&signed).ok_or_else(|| anyhow!("not UTF-8"))?;
	Ok(serde_json::to_value(json)?)
}

/// `tds log …`.
pub async fn log(global: &Global, command: LogCommand) -> Result<()> {
	match command {
		LogCommand::Submit { file, signer } => submit_log(global, file, &signer).await,
		LogCommand::Query { filters, cursor, limit, bundles } => {
			let rpc = chain::rpc(global).await?;
			let signed = signed_query(global, &rpc, &filters, cursor, limit, bundles).await?;
			let page =
				chain::call(&rpc, "notary_query", vec![serde_json::to_value(signed)?]).await?;
			if global.json {
				println!("{}", serde_json::to_string_pretty(&page)?);
				return Ok(());
			}
			let rows: Vec<Vec<String>> = page["entries"]
				.as_array()
				.cloned()
				.unwrap_or_default()
				.iter()
				.map(|item| {
					let entry = &item["entry"];
					let text = output::cell;
					vec![
						text(&item["leafIndex"]),
						text(&entry["time"]),
						text(&entry["kind"]),
						text(&entry["interface"]),
						text(&entry["agreement"]),
						text(&entry["scenario"]),
						text(&entry["outcome"]["status"]),
						if item["bundle"].is_null() { "-".into() } else { "yes".into() },
					]
				})
				.collect();
			print!(
				"{}",
				output::table(
					&[
						"leaf",
						"time",
						"kind",
						"interface",
						"agreement",
						"scenario",
						"outcome",
						"bundle"
					],
					&rows
				)
			);
			if let Some(next) = page["next"].as_str() {
				println!("more: --cursor {next}");
			}
			Ok(())
		},
		LogCommand::Export { filters, cursor, limit, output } => {
			let rpc = chain::rpc(global).await?;
			let signed = signed_query(global, &rpc, &filters, cursor, Some(limit), false).await?;
			let export =
				chain::call(&rpc, "notary_export", vec![serde_json::to_value(signed)?]).await?;
			std::fs::write(&output, serde_json::to_vec_pretty(&export)?)
				.with_context(|| format!("cannot write {}", output.display()))?;
			// The payload is signed as text; read it back for the summary.
			let payload: Value = export["payload"]
				.as_str()
				.and_then(|text| serde_json::from_str(text).ok())
				.unwrap_or_default();
			let count = payload["bundles"].as_array().map_or(0, Vec::len);
			let next = payload["next"].as_str().map(String::from);
			if global.json {
				println!(
					"{}",
					json!({ "file": output.display().to_string(), "entries": count, "next": next })
				);
			} else {
				println!("{count} entries with their bundles exported to {}", output.display());
				if let Some(next) = next {
					println!("more match: --cursor {next} exports the next part");
				}
			}
			Ok(())
		},
	}
}

/// The ed25519 signing key named `name`.
fn ed25519_key(global: &Global, name: &str) -> Result<ed25519_dalek::SigningKey> {
	let KeyPair::Ed25519(pair) = keys::key_pair(global, name)? else {
		bail!("this is signed with an ed25519 key; {name} is sr25519");
	};
	Ok(ed25519_dalek::SigningKey::from_bytes(&pair.seed()))
}

/// The ledger's genesis hash, which signed entries and requests are bound to.
async fn genesis_hash(rpc: &jsonrpsee::ws_client::WsClient) -> Result<[u8; 32]> {
	let genesis = chain::call(rpc, "chain_getBlockHash", vec![json!(0)]).await?;
	hex::decode(genesis.as_str().unwrap_or_default().trim_start_matches("0x"))?
		.try_into()
		.map_err(|_| anyhow!("the genesis hash is 32 bytes"))
}

/// `0x…` as 32 bytes.
fn bytes32(text: &str) -> Result<Bytes32> {
	let bytes: [u8; 32] = hex::decode(text.trim_start_matches("0x"))
		.with_context(|| format!("{text} is not hex"))?
		.try_into()
		.map_err(|_| anyhow!("{text} is not 32 bytes"))?;
	Ok(Bytes32(bytes))
}

/// A fresh drill-through request with `filters`, signed by their signer.
async fn signed_query(
	global: &Global,
	rpc: &jsonrpsee::ws_client::WsClient,
	filters: &QueryFilters,
	cursor: Option<String>,
	limit: Option<u32>,
	bundles: bool,
) -> Result<SignedRequest> {
	let key = ed25519_key(global, &filters.signer)?;
	let genesis = genesis_hash(rpc).await?;
	let mut nonce = [0u8; 16];
	getrandom::getrandom(&mut nonce).map_err(|e| anyhow!("no randomness for the nonce: {e}"))?;
	let time = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
		.unwrap_or_default();
	let request = QueryRequest {
		time,
		nonce: Bytes(nonce.to_vec()),
		catalog_entry: filters.catalog_entry.clone(),
		from: filters.from,
		to: filters.to,
		caller: filters.caller.as_deref().map(bytes32).transpose()?,
		scenario: filters.scenario,
		agreement: filters.agreement,
		identity: filters.identity.as_deref().map(bytes32).transpose()?,
		cursor,
		limit,
		bundles,
	};
	Ok(sign_request(&key, &genesis, &request))
}

/// `tds log submit FILE`.
async fn submit_log(global: &Global, file: PathBuf, signer: &str) -> Result<()> {
	let key = ed25519_key(global, signer)?;
	let rpc = chain::rpc(global).await?;
	let genesis = genesis_hash(&rpc).await?;
	let reader = std::io::BufReader::new(
		std::fs::File::open(&file).with_context(|| format!("cannot read {}", file.display()))?,
	);
	let mut entries = Vec::new();
	for (number, line) in reader.lines().enumerate() {
		let line = line?;
		if line.trim().is_empty() {
			continue;
		}
		entries.push(
			signed_line(&line, &key, &genesis)
				.with_context(|| format!("{} line {}", file.display(), number + 1))?,
		);
	}
	let total = entries.len();
	let mut results = Vec::with_capacity(total);
	let mut accepted = 0usize;
	let progress = indicatif::ProgressBar::new(u64::try_from(total)?);
	progress.set_style(
		indicatif::ProgressStyle::with_template(
			"{bar:40} {pos}/{len} entries acknowledged ({per_sec}, {elapsed})",
		)
		.unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
	);
	for batch in entries.chunks(BATCH) {
		let answer =
			chain::call(&rpc, "notary_submitEntries", vec![Value::Array(batch.to_vec())]).await?;
		for result in answer.as_array().cloned().unwrap_or_default() {
			accepted += usize::from(result.get("accepted").is_some());
			results.push(result);
		}
		progress.inc(u64::try_from(batch.len())?);
	}
	progress.finish_and_clear();
	if global.json {
		println!(
			"{}",
			serde_json::to_string_pretty(&json!({ "accepted": accepted, "results": results }))?
		);
		return Ok(());
	}
	let rows: Vec<Vec<String>> = results
		.iter()
		.enumerate()
		.filter(|(_, result)| result.get("refused").is_some())
		.map(|(line, result)| {
			vec![
				(line + 1).to_string(),
				result["refused"]["code"].to_string(),
				result["refused"]["message"].as_str().unwrap_or_default().to_owned(),
			]
		})
		.collect();
	println!("{accepted} of {total} entries acknowledged (durably stored)");
	if !rows.is_empty() {
		print!("{}", output::table(&["line", "code", "refused because"], &rows));
	}
	if accepted < total {
		bail!("{} entries refused", total - accepted);
	}
	Ok(())
}

/// `tds bundle …`.
pub async fn bundle(global: &Global, command: BundleCommand) -> Result<()> {
	let BundleCommand::Get { entry, digest, output, trusted_set } = command;
	let rpc = chain::rpc(global).await?;
	let bundle = match (entry, digest) {
		(_, Some(digest)) => chain::call(&rpc, "notary_recordBundle", vec![json!(digest)]).await?,
		(Some(entry), None) => {
			let reference =
				entry.parse::<u64>().map(|index| json!(index)).unwrap_or_else(|_| json!(entry));
			chain::call(&rpc, "notary_getBundle", vec![reference, Value::Null]).await?
		},
		(None, None) => bail!("name an entry (leaf index or hash) or --digest"),
	};
	let text = serde_json::to_string_pretty(&bundle)?;
	match output {
		Some(path) => {
			std::fs::write(&path, &text)?;
			eprintln!("bundle written to {}", path.display());
		},
		None => println!("{text}"),
	}
	if let Some(path) = trusted_set {
		let trust = chain::call(&rpc, "notary_trustedSet", vec![]).await?;
		std::fs::write(&path, serde_json::to_string_pretty(&trust)?)?;
		eprintln!("trusted set written to {}", path.display());
	}
	Ok(())
}

fn read_json<T: serde::de::DeserializeOwned>(path: &PathBuf, what: &str) -> Result<T> {
	let bytes = std::fs::read(path)
		.with_context(|| format!("cannot read the {what} {}", path.display()))?;
	serde_json::from_slice(&bytes)
		.with_context(|| format!("the {what} {} is not valid", path.display()))
}

/// `tds hash FILE…`: each file's BLAKE3-256 digest, as `notarize` and the catalog anchor it.
pub fn hash(global: &Global, files: &[PathBuf]) -> Result<()> {
	let mut rows = Vec::new();
	let mut all = Vec::new();
	for file in files {
		let bytes =
			std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
		let digest = format!("0x{}", hex::encode(blake3::hash(&bytes).as_bytes()));
		all.push(
			json!({ "file": file.display().to_string(), "digest": digest, "bytes": bytes.len() }),
		);
		rows.push(vec![digest, file.display().to_string()]);
	}
	output::print(global.json, &Value::Array(all), &["digest", "file"], &rows);
	Ok(())
}

/// `tds verify`: exit 0 verified, 1 rejected, 2 unreadable input.
pub fn verify(global: &Global, args: VerifyArgs) -> ExitCode {
	let run = || -> Result<bool> {
		let raw: Value = read_json(&args.bundle, "bundle")?;
		let trust: TrustedSets = read_json(&args.trusted_set, "trusted set")?;
		let mut checks = Vec::new();
		let verified = if raw["format"] == EXPORT_FORMAT {
			let export: Export = serde_json::from_value(raw)?;
			let report = verify_export(&export, &trust);
			for (name, passed, detail) in &report.checks {
				checks.push((
					name.to_string(),
					if *passed { "ok" } else { "failed" },
					detail.clone(),
				));
			}
			for (leaf, failure) in &report.bundles {
				let leaf = leaf.map_or_else(|| "?".to_owned(), |l| l.to_string());
				let (state, detail) = match failure {
					None => ("ok", format!("entry {leaf}")),
					Some(why) => ("failed", format!("entry {leaf}: {why}")),
				};
				checks.push(("bundle".into(), state, detail));
			}
			report.verified()
		} else {
			let bundle: Bundle = serde_json::from_value(raw)?;
			let document = args
				.document
				.as_ref()
				.map(|path| {
					std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
				})
				.transpose()?;
			let report = verify_bundle(&bundle, &trust, document.as_deref());
			for check in &report.checks {
				let (state, detail) = match &check.outcome {
					Outcome::Passed(detail) => ("ok", detail.clone()),
					Outcome::Failed(why) => ("failed", why.clone()),
					Outcome::Skipped => ("skipped", "depends on a failed check".into()),
				};
				checks.push((check.name.to_string(), state, detail));
			}
			report.verified()
		};
		let value = json!({
			"verified": verified,
			"checks": checks.iter().map(|(name, state, detail)| json!({"check": name, "result": state, "detail": detail})).collect::<Vec<_>>(),
		});
		// An export's verified bundles are one row for people; each failed one its own row.
		let (verified_bundles, shown): (Vec<_>, Vec<_>) =
			checks.iter().partition(|(name, state, _)| name == "bundle" && *state == "ok");
		let bundle_count = verified_bundles.len();
		let mut rows: Vec<Vec<String>> = shown
			.into_iter()
			.map(|(name, state, detail)| vec![(*state).to_owned(), name.clone(), detail.clone()])
			.collect();
		if bundle_count > 0 {
			rows.push(vec![
				"ok".into(),
				"bundles".into(),
				format!(
					"{bundle_count} entries, each proven by its bundle against the trusted set"
				),
			]);
		}
		output::print(global.json, &value, &["result", "check", "detail"], &rows);
		if !global.json {
			println!("{}", if verified { "VERIFIED" } else { "REJECTED" });
		}
		Ok(verified)
	};
	match run() {
		Ok(true) => ExitCode::SUCCESS,
		Ok(false) => ExitCode::from(1),
		Err(e) => {
			eprintln!("tds: {e:#}");
			ExitCode::from(2)
		},
	}
}
