//! Queries of each pallet through the node's JSON-RPC methods (docs/rpc.md): a table for
//! people, the node's JSON with `--json`. A lookup of something that does not exist says so and
//! exits non-zero.

use crate::{chain, output, Global};
use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use serde_json::{json, Value};

/// Paging of list queries.
#[derive(Clone, Debug, Args)]
pub struct Page {
	/// Continue after this key (the `next` of the previous page).
	#[arg(long)]
	after: Option<String>,
	/// Most items on the page.
	#[arg(long)]
	limit: Option<u32>,
}

impl Page {
	fn after_number(&self) -> Result<Value> {
		Ok(match &self.after {
			Some(text) => json!(text.parse::<u64>()?),
			None => Value::Null,
		})
	}
	fn after_text(&self) -> Value {
		self.after.clone().map(Value::String).unwrap_or(Value::Null)
	}
}

#[derive(Debug, Subcommand)]
pub enum IdentityQuery {
	/// A participant by identifier (`0x…`).
	Participant { id: String },
	/// An organisation by its unified social credit code.
	ByUscc { uscc: String },
	/// The participant an account (SS58 or `0x…`) is linked to.
	ByAccount { account: String },
	/// A data space by number.
	Space { space: u32 },
	/// A page of a space's participants.
	Participants {
		space: u32,
		#[command(flatten)]
		page: Page,
	},
	/// Whether space SPACE recognises participant ID (cross-space verification).
	Recognised { space: u32, id: String },
	/// The status history of a participant or space.
	History {
		/// A participant's `0x…` identifier or `space:N`.
		subject: String,
		#[arg(long)]
		from: Option<u32>,
		#[arg(long)]
		limit: Option<u32>,
	},
}

#[derive(Debug, Subcommand)]
pub enum CatalogQuery {
	/// A catalog entry by identifier.
	Entry { id: String },
	/// A page of a provider's entries.
	OfProvider {
		provider: String,
		#[command(flatten)]
		page: Page,
	},
	/// A page of a space's entries.
	OfSpace {
		space: u32,
		#[command(flatten)]
		page: Page,
	},
	/// A page of entries by classification code.
	ByClassification {
		classification: String,
		#[command(flatten)]
		page: Page,
	},
	/// Changes to the catalog after a cursor (the cross-space feed).
	Changes {
		#[arg(default_value = "0")]
		cursor: u64,
		#[arg(long)]
		limit: Option<u32>,
	},
	/// Whether a digest (or a document, hashed locally) matches an entry's anchored digest.
	Verify {
		id: String,
		#[arg(long, conflicts_with = "document")]
		digest: Option<String>,
		/// The document itself; only its BLAKE3 digest is sent.
		#[arg(long)]
		document: Option<std::path::PathBuf>,
	},
}

#[derive(Debug, Subcommand)]
pub enum AgreementQuery {
	/// An agreement by identifier.
	Show { id: String },
	/// A page of an agreement's usage decisions.
	Decisions {
		id: String,
		#[arg(long)]
		start: Option<u32>,
		#[arg(long)]
		limit: Option<u32>,
	},
	/// A page of a party's agreements.
	OfParty {
		party: String,
		#[command(flatten)]
		page: Page,
	},
	/// A page of the agreements over a catalog entry.
	OfEntry {
		entry: String,
		#[command(flatten)]
		page: Page,
	},
	/// A page of agreements in a status (`active`, `suspended`, …).
	ByStatus {
		status: String,
		#[command(flatten)]
		page: Page,
	},
	/// The minimal record of an agreement (the filing summary).
	Record { id: String },
	/// What the policy would decide for a use, without recording it (a JSON usage context).
	DryRun { id: String, usage: String },
	/// A contract template by number.
	Template { id: u32 },
}

#[derive(Debug, Subcommand)]
pub enum NotaryQuery {
	/// A notarised record by digest.
	Record { digest: String },
	/// How many records are notarised.
	Count,
	/// A log stream by number.
	Stream { stream: u64 },
	/// A page of an identity's streams.
	StreamsOf {
		identity: String,
		#[command(flatten)]
		page: Page,
	},
	/// A page of a stream's anchors.
	Anchors {
		stream: u64,
		#[arg(long)]
		from: Option<u32>,
		#[arg(long)]
		limit: Option<u32>,
	},
	/// The trusted validator set the node attests bundles against.
	TrustedSet,
}

/// `tds rpc METHOD [PARAM…]`: any JSON-RPC method; each parameter is JSON (bare words are
/// taken as strings).
#[derive(Debug, Args)]
pub struct RpcArgs {
	method: String,
	#[arg(allow_hyphen_values = true)]
	params: Vec<String>,
}

fn param(text: &str) -> Value {
	serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// Calls `method` and prints the answer.
async fn show(global: &Global, method: &str, params: Vec<Value>) -> Result<()> {
	let rpc = chain::rpc(global).await?;
	let value = chain::call(&rpc, method, params).await?;
	if value.is_null() {
		bail!("not found");
	}
	output::value(global.json, &value);
	Ok(())
}

pub async fn identity(global: &Global, query: IdentityQuery) -> Result<()> {
	use IdentityQuery::*;
	match query {
		Participant { id } => show(global, "identity_participant", vec![json!(id)]).await,
		ByUscc { uscc } => show(global, "identity_participantByUscc", vec![json!(uscc)]).await,
		ByAccount { account } => {
			show(global, "identity_participantByAccount", vec![json!(account)]).await
		},
		Space { space } => show(global, "identity_space", vec![json!(space)]).await,
		Participants { space, page } => {
			show(
				global,
				"identity_participantsOfSpace",
				vec![json!(space), page.after_text(), json!(page.limit)],
			)
			.await
		},
		Recognised { space, id } => {
			show(global, "identity_verifyCrossSpace", vec![json!(space), json!(id)]).await
		},
		History { subject, from, limit } => {
			show(global, "identity_history", vec![json!(subject), json!(from), json!(limit)]).await
		},
	}
}

pub async fn catalog(global: &Global, query: CatalogQuery) -> Result<()> {
	use CatalogQuery::*;
	match query {
		Entry { id } => show(global, "catalog_entry", vec![json!(id)]).await,
		OfProvider { provider, page } => {
			show(
				global,
				"catalog_entriesOfProvider",
				vec![json!(provider), page.after_number()?, json!(page.limit)],
			)
			.await
		},
		OfSpace { space, page } => {
			show(
				global,
				"catalog_entriesOfSpace",
				vec![json!(space), page.after_number()?, json!(page.limit)],
			)
			.await
		},
		ByClassification { classification, page } => {
			show(
				global,
				"catalog_entriesByClassification",
				vec![json!(classification), page.after_number()?, json!(page.limit)],
			)
			.await
		},
		Changes { cursor, limit } => {
			show(global, "catalog_changesSince", vec![json!(cursor), Value::Null, json!(limit)])
				.await
		},
		Verify { id, digest, document } => {
			let digest = match (digest, document) {
				(Some(digest), _) => Some(digest),
				(None, Some(path)) => Some(format!(
					"0x{}",
					hex::encode(blake3::hash(&std::fs::read(&path)?).as_bytes())
				)),
				(None, None) => bail!("give --digest or --document"),
			};
			show(global, "catalog_verify", vec![json!(id), json!(digest), Value::Null]).await
		},
	}
}

pub async fn agreement(global: &Global, query: AgreementQuery) -> Result<()> {
	use AgreementQuery::*;
	match query {
		Show { id } => show(global, "agreement_get", vec![json!(id)]).await,
		Decisions { id, start, limit } => {
			let rpc = chain::rpc(global).await?;
			let params = vec![json!(id), json!(start), json!(limit)];
			let decisions = chain::call(&rpc, "agreement_decisions", params).await?;
			if decisions.is_null() {
				bail!("not found");
			}
			let rows: Vec<Vec<String>> = decisions
				.as_array()
				.map(Vec::as_slice)
				.unwrap_or_default()
				.iter()
				.map(decision_row)
				.collect();
			output::print(
				global.json,
				&decisions,
				&["decision", "block", "version", "uses", "volume", "verdict", "response", "by"],
				&rows,
			);
			Ok(())
		},
		OfParty { party, page } => {
			show(
				global,
				"agreement_ofParty",
				vec![json!(party), page.after_number()?, json!(page.limit)],
			)
			.await
		},
		OfEntry { entry, page } => {
			show(
				global,
				"agreement_ofEntry",
				vec![json!(entry), page.after_number()?, json!(page.limit)],
			)
			.await
		},
		ByStatus { status, page } => {
			show(
				global,
				"agreement_byStatus",
				vec![json!(status), page.after_number()?, json!(page.limit)],
			)
			.await
		},
		Record { id } => show(global, "agreement_minimalRecord", vec![json!(id)]).await,
		DryRun { id, usage } => {
			show(global, "agreement_dryRun", vec![json!(id), serde_json::from_str(&usage)?]).await
		},
		Template { id } => show(global, "agreement_template", vec![json!(id)]).await,
	}
}

pub async fn notary(global: &Global, query: NotaryQuery) -> Result<()> {
	use NotaryQuery::*;
	match query {
		Record { digest } => show(global, "notary_record", vec![json!(digest)]).await,
		Count => show(global, "notary_recordCount", vec![]).await,
		Stream { stream } => show(global, "notary_stream", vec![json!(stream)]).await,
		StreamsOf { identity, page } => {
			show(
				global,
				"notary_streamsOf",
				vec![json!(identity), page.after_number()?, json!(page.limit)],
			)
			.await
		},
		Anchors { stream, from, limit } => {
			show(global, "notary_anchors", vec![json!(stream), json!(from), json!(limit)]).await
		},
		TrustedSet => show(global, "notary_trustedSet", vec![]).await,
	}
}

pub async fn rpc(global: &Global, args: RpcArgs) -> Result<()> {
	let rpc = chain::rpc(global).await?;
	let value =
		chain::call(&rpc, &args.method, args.params.iter().map(|p| param(p)).collect()).await?;
	output::value(global.json, &value);
	Ok(())
}

/// One usage decision for people: a gateway's report counts many uses, a declared use one.
fn decision_row(decision: &Value) -> Vec<String> {
	let text = output::cell;
	let report = &decision["report"];
	let (uses, volume) = if report.is_object() {
		(text(&report["uses"]), text(&report["totalVolume"]))
	} else {
		("1".to_owned(), text(&decision["context"]["volume"]))
	};
	let verdict = match (decision["verdict"]["result"].as_str(), &decision["verdict"]["reason"]) {
		(Some("deny"), Value::String(reason)) => format!("deny: {reason}"),
		(Some(result), _) => result.to_owned(),
		(None, _) => "-".to_owned(),
	};
	vec![
		text(&decision["decision"]),
		text(&decision["at"]),
		text(&decision["version"]),
		uses,
		volume,
		verdict,
		text(&decision["response"]),
		text(&decision["by"]),
	]
}

#[cfg(test)]
mod tests {
	#[test]
	fn parameters_are_json_or_text() {
		assert_eq!(super::param("3"), serde_json::json!(3));
		assert_eq!(super::param("{\"a\":1}"), serde_json::json!({"a": 1}));
		assert_eq!(super::param("0xab"), serde_json::json!("0xab"));
	}

	#[test]
	fn a_decision_reads_as_its_uses_and_verdict() {
		use serde_json::json;
		let reported = json!({
			"decision": 2, "at": 169, "version": 2, "by": "5Ct…",
			"verdict": { "result": "deny", "reason": "frequencyExceeded" },
			"response": "suspended",
			"report": { "uses": 2000, "totalVolume": 6000 },
			"context": { "volume": 3 },
		});
		assert_eq!(
			super::decision_row(&reported),
			["2", "169", "2", "2000", "6000", "deny: frequencyExceeded", "suspended", "5Ct…"]
		);
		let declared = json!({
			"decision": 0, "at": 9, "version": 1, "by": "5Gr…",
			"verdict": { "result": "permit", "counters": {} },
			"response": null, "report": null, "context": { "volume": 20 },
		});
		assert_eq!(
			super::decision_row(&declared),
			["0", "9", "1", "1", "20", "permit", "-", "5Gr…"]
		);
	}
}
