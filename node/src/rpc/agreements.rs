//! `agreement_*`: digital contracts over JSON-RPC: an agreement with its version history,
//! decision log, dispute and pending change; pages by party, by catalog entry and by status;
//! the minimal cross-space record; templates; and a dry run of a use against the policy in
//! force, so that a connector can check before it uses data.
//!
//! Every method takes an optional block hash (`at`, default: the best block). Agreements are
//! named `urn:tds:agreement:<n>` or by number; parties by DID or `0x` identifier; catalog
//! entries by identifier. Statuses are effective: activation at the start time and expiry at
//! the end apply by themselves, and an active agreement whose party may not act or whose entry
//! is not usable reads `suspended`.
//!
//! Errors: [`INVALID_AGREEMENT`], [`INVALID_STATUS`], [`INVALID_CONTEXT`], the identity
//! module's [`super::identity::INVALID_IDENTIFIER`], the catalog module's
//! [`super::catalog::INVALID_ENTRY`], and [`super::identity::RUNTIME_ERROR`].

use super::{
	catalog::INVALID_ENTRY,
	identity::{error, hex, name_of, parse_identity, RUNTIME_ERROR},
};
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use pallet_agreements::{
	AgreementInfoOf, DecisionOf, DryRun, PolicyOf, TemplateOf, TemplatePublisher,
	TemplateVersionOf, TermsOf,
};
use pallet_agreements_runtime_api::AgreementsApi;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;
use tds_primitives::{
	agreement::{
		agreement_identifier, parse_agreement_identifier, AgreementId, AgreementStatus, Manner,
		PricingModel, UsageContext, UsageCounters, Verdict,
	},
	catalog::{catalog_identifier, parse_catalog_identifier},
	identity::Digest,
	opaque::Block,
	Hash,
};
use tds_runtime::Runtime;

/// Neither an agreement identifier nor a number.
pub const INVALID_AGREEMENT: i32 = 4201;
/// Not one of the statuses.
pub const INVALID_STATUS: i32 = 4202;
/// A usage context is malformed (unknown manner, bad identity, digest or field bitmap).
pub const INVALID_CONTEXT: i32 = 4203;

const MAX_PAGE: u32 = 100;

/// A use as a connector declares it (`agreement_dryRun`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContextJson {
	/// The using identity (DID or `0x`).
	pub user: String,
	/// The space of use.
	pub space: u32,
	/// The scenario code.
	pub scenario: u32,
	/// `computeOnly`, `read` or `download`.
	pub manner: String,
	/// Fields used: a bitmap, as a number or a `0x` hex string.
	#[serde(default)]
	pub fields: Value,
	/// Records returned.
	#[serde(default)]
	pub volume: u64,
	/// Passes data or results on.
	#[serde(default)]
	pub onward_transfer: bool,
	/// Marketing use.
	#[serde(default)]
	pub marketing: bool,
	/// Sub-licensing.
	#[serde(default)]
	pub sublicensing: bool,
	/// Digest of the use's log entry (`0x`, 32 bytes).
	pub evidence: Option<String>,
}

/// The `agreement_*` methods.
#[rpc(server, namespace = "agreement")]
pub trait AgreementRpc {
	/// An agreement: record, effective status, versions, latest decisions, dispute, pending
	/// change; `null` if unknown.
	#[method(name = "get")]
	fn get(&self, id: String, at: Option<Hash>) -> RpcResult<Option<Value>>;

	/// A page of an agreement's decision log from `start`.
	#[method(name = "decisions")]
	fn decisions(
		&self,
		id: String,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<Value>>;

	/// A page of a party's agreements: `{ items: [{ id, identifier, status }], next }`.
	#[method(name = "ofParty")]
	fn of_party(
		&self,
		party: String,
		start_after: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value>;

	/// A page of the agreements covering a catalog entry.
	#[method(name = "ofEntry")]
	fn of_entry(
		&self,
		entry: String,
		start_after: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value>;

	/// Agreements whose effective status is `status`, by number from `from`:
	/// `{ items, next }` (`next` absent at the end; a page may be short before the end).
	#[method(name = "byStatus")]
	fn by_status(
		&self,
		status: String,
		from: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value>;

	/// The minimal cross-space record (000 §5.2); `null` if unknown.
	#[method(name = "minimalRecord")]
	fn minimal_record(&self, id: String, at: Option<Hash>) -> RpcResult<Option<Value>>;

	/// What recording the use would decide now, without recording it:
	/// `{ result: permit | deny | notActive | unknownAgreement, reason?, status?, counters? }`.
	#[method(name = "dryRun")]
	fn dry_run(&self, id: String, usage: ContextJson, at: Option<Hash>) -> RpcResult<Value>;

	/// A template and its versions; `null` if unknown.
	#[method(name = "template")]
	fn template(&self, id: u32, at: Option<Hash>) -> RpcResult<Option<Value>>;
}

/// The `agreement_*` implementation.
pub struct Agreements<C> {
	client: Arc<C>,
}

impl<C> Agreements<C> {
	/// Serves `agreement_*` from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

fn parse_agreement(text: &str) -> Result<AgreementId, ErrorObjectOwned> {
	parse_agreement_identifier(text).ok_or_else(|| {
		error(INVALID_AGREEMENT, format!("not an agreement identifier or number: {text}"))
	})
}

fn parse_status(text: &str) -> Result<AgreementStatus, ErrorObjectOwned> {
	use AgreementStatus::*;
	[Draft, Negotiating, Signed, Filed, Active, Suspended, Disputed, Terminated, Expired, Completed]
		.into_iter()
		.find(|status| name_of(status) == text)
		.ok_or_else(|| error(INVALID_STATUS, format!("unknown status: {text}")))
}

fn parse_context(context: ContextJson) -> Result<UsageContext, ErrorObjectOwned> {
	let invalid = |what: String| error(INVALID_CONTEXT, what);
	let manner = Manner::ALL
		.into_iter()
		.find(|manner| name_of(manner) == context.manner)
		.ok_or_else(|| invalid(format!("unknown manner: {}", context.manner)))?;
	let fields = match &context.fields {
		Value::Null => 0,
		Value::Number(n) => n.as_u64().map(u128::from).ok_or_else(|| invalid("fields".into()))?,
		Value::String(s) => u128::from_str_radix(s.trim_start_matches("0x"), 16)
			.map_err(|_| invalid(format!("fields must be a number or 0x hex: {s}")))?,
		other => return Err(invalid(format!("fields must be a number or 0x hex: {other}"))),
	};
	let evidence = context
		.evidence
		.map(|text| {
			let bytes = hex::decode(text.trim_start_matches("0x")).ok();
			bytes
				.and_then(|b| <[u8; 32]>::try_from(b).ok())
				.map(Digest::from)
				.ok_or_else(|| invalid(format!("evidence must be a 32-byte 0x digest: {text}")))
		})
		.transpose()?;
	Ok(UsageContext {
		user: parse_identity(&context.user)?,
		space: context.space,
		scenario: context.scenario,
		manner,
		fields,
		volume: context.volume,
		onward_transfer: context.onward_transfer,
		marketing: context.marketing,
		sublicensing: context.sublicensing,
		evidence,
	})
}

fn counters_json(counters: &UsageCounters) -> Value {
	json!({ "total": counters.total, "window": counters.window, "inWindow": counters.in_window })
}

fn policy_json(policy: &PolicyOf<Runtime>) -> Value {
	let manners: Vec<String> = Manner::ALL
		.into_iter()
		.filter(|manner| policy.manners.contains(*manner))
		.map(name_of)
		.collect();
	json!({
		"permissions": {
			"scenarios": policy.scenarios.to_vec(),
			"users": policy.users.iter().map(hex).collect::<Vec<_>>(),
			"spaces": policy.spaces.to_vec(),
			"manners": manners,
			"maxTotalUses": policy.max_total_uses,
			"frequency": policy.frequency.map(|f| json!({ "maxUses": f.max_uses, "windowMs": f.window })),
			"maxVolumePerUse": policy.max_volume_per_use,
			"validFrom": policy.valid_from,
			"validUntil": policy.valid_until,
			"fields": policy.fields.map(|f| format!("0x{f:x}")),
		},
		"prohibitions": {
			"onwardTransfer": policy.onward_transfer_forbidden,
			"marketing": policy.bans.marketing,
			"sublicensing": policy.bans.sublicensing,
			"unlistedScenarios": policy.bans.unlisted_scenarios,
		},
		"obligations": { "evidencePerUse": policy.evidence_required },
	})
}

fn pricing_json(pricing: &PricingModel) -> Value {
	// Amounts are u128: strings, so that no JSON reader loses precision.
	match pricing {
		PricingModel::PerCall { price } => {
			json!({ "model": "perCall", "price": price.to_string() })
		},
		PricingModel::PerVolume { unit_price } => {
			json!({ "model": "perVolume", "unitPrice": unit_price.to_string() })
		},
		PricingModel::Subscription { fee, period } => {
			json!({ "model": "subscription", "fee": fee.to_string(), "periodMs": period })
		},
		PricingModel::BaseFeePlusShare { base, share } => {
			json!({ "model": "baseFeePlusShare", "base": base.to_string(), "share": share })
		},
	}
}

fn terms_json(terms: &TermsOf<Runtime>) -> Value {
	json!({
		"entries": terms.entries.iter().map(catalog_identifier).collect::<Vec<_>>(),
		"terms": hex(terms.terms),
		"liability": hex(terms.liability),
		"pricing": pricing_json(&terms.pricing),
		"shares": terms.shares.to_vec(),
		"policy": policy_json(&terms.policy),
		"breachRule": { "warnAfter": terms.breach_rule.warn_after, "suspendAfter": terms.breach_rule.suspend_after },
		"start": terms.start,
		"end": terms.end,
		"activation": name_of(terms.activation),
		"unilateralTermination": terms.unilateral_termination,
		"arbitrator": terms.arbitrator.map(hex),
	})
}

fn verdict_json(verdict: &Verdict) -> Value {
	match verdict {
		Verdict::Permit(after) => json!({ "result": "permit", "counters": counters_json(after) }),
		Verdict::Deny(reason) => json!({ "result": "deny", "reason": name_of(reason) }),
	}
}

fn decision_json(number: u32, decision: &DecisionOf<Runtime>) -> Value {
	let context = &decision.context;
	json!({
		"decision": number,
		"verdict": verdict_json(&decision.verdict),
		"response": decision.response.map(name_of),
		"context": {
			"user": hex(context.user),
			"space": context.space,
			"scenario": context.scenario,
			"manner": name_of(context.manner),
			"fields": format!("0x{:x}", context.fields),
			"volume": context.volume,
			"onwardTransfer": context.onward_transfer,
			"marketing": context.marketing,
			"sublicensing": context.sublicensing,
			"evidence": context.evidence.map(hex),
		},
		"contextDigest": hex(decision.context_digest),
		"policyDigest": hex(decision.policy_digest),
		"version": decision.version,
		"evaluatorVersion": decision.evaluator_version,
		"usingParty": decision.using_party,
		"countersBefore": counters_json(&decision.counters_before),
		"now": decision.now,
		"by": decision.by.to_string(),
		"at": decision.at,
	})
}

fn agreement_json(info: AgreementInfoOf<Runtime>) -> Value {
	let record = &info.record;
	json!({
		"id": info.id,
		"identifier": agreement_identifier(info.id),
		"template": { "id": record.template.0, "version": record.template.1 },
		"model": name_of(record.model),
		"space": record.space,
		"creator": hex(record.creator),
		"parties": record.parties.iter().map(|p| json!({ "identity": hex(p.identity), "role": name_of(p.role) })).collect::<Vec<_>>(),
		"status": name_of(info.status),
		"storedStatus": name_of(record.status),
		"version": record.version,
		"digest": hex(record.digest),
		"terms": terms_json(&record.terms),
		"signed": record.signed.iter().map(hex).collect::<Vec<_>>(),
		"arbitrator": record.arbitrator().map(hex),
		"counters": counters_json(&record.counters),
		"breaches": record.breaches,
		"decisionCount": record.decisions,
		"createdAt": record.created_at,
		"changedAt": record.changed_at,
		"versions": info.versions.iter().enumerate().map(|(index, v)| json!({
			"version": index.saturating_add(1),
			"digest": hex(v.digest),
			"proposedBy": hex(v.proposed_by),
			"origin": name_of(v.origin),
			"at": v.at,
		})).collect::<Vec<_>>(),
		"decisions": info.decisions.iter().map(|(n, d)| decision_json(*n, d)).collect::<Vec<_>>(),
		"dispute": info.dispute.map(|d| json!({
			"openedBy": hex(d.opened_by),
			"evidence": d.evidence.iter().map(hex).collect::<Vec<_>>(),
			"from": name_of(d.from),
			"openedAt": d.opened_at,
			"resolution": d.resolution.map(|r| json!({
				"arbitrator": hex(r.arbitrator),
				"outcome": name_of(r.outcome),
				"liability": r.liability.to_vec(),
				"penalty": r.penalty.to_string(),
				"reason": hex(r.reason),
				"at": r.at,
			})),
		})),
		"pendingChange": info.pending_change.map(|c| json!({
			"change": match &c.change {
				pallet_agreements::Change::Amend(terms) => json!({ "amend": terms_json(terms) }),
				other => json!(name_of(other.action())),
			},
			"proposedBy": hex(c.proposed_by),
			"version": c.version,
			"approvals": c.approvals.iter().map(hex).collect::<Vec<_>>(),
			"operatorApproval": c.operator_approval,
			"at": c.at,
		})),
	})
}

fn template_json(
	template: TemplateOf<Runtime>,
	versions: Vec<TemplateVersionOf<Runtime>>,
) -> Value {
	json!({
		"publisher": match template.publisher {
			TemplatePublisher::Space(space) => json!({ "space": space }),
			TemplatePublisher::Provider(provider) => json!({ "provider": hex(provider) }),
		},
		"model": name_of(template.model),
		"version": template.version,
		"terms": hex(template.terms),
		"defaultPolicy": policy_json(&template.default_policy),
		"versions": versions.iter().map(|v| json!({ "terms": hex(v.terms), "at": v.at })).collect::<Vec<_>>(),
	})
}

fn list_json(items: Vec<(AgreementId, AgreementStatus)>, limit: u32) -> Value {
	let full = u32::try_from(items.len()).is_ok_and(|n| n == limit && n > 0);
	let next = if full { items.last().map(|(id, _)| *id) } else { None };
	json!({
		"items": items.into_iter().map(|(id, status)| json!({
			"id": id, "identifier": agreement_identifier(id), "status": name_of(status)
		})).collect::<Vec<_>>(),
		"next": next,
	})
}

impl<C> Agreements<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: AgreementsApi<
		Block,
		AgreementInfoOf<Runtime>,
		DecisionOf<Runtime>,
		TemplateOf<Runtime>,
		TemplateVersionOf<Runtime>,
	>,
{
	fn query<R>(
		&self,
		at: Option<Hash>,
		call: impl FnOnce(&sp_api::ApiRef<'_, C::Api>, Hash) -> Result<R, sp_api::ApiError>,
	) -> Result<R, ErrorObjectOwned> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let api = self.client.runtime_api();
		call(&api, at).map_err(|e| error(RUNTIME_ERROR, format!("runtime API call failed: {e:?}")))
	}
}

impl<C> AgreementRpcServer for Agreements<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: AgreementsApi<
		Block,
		AgreementInfoOf<Runtime>,
		DecisionOf<Runtime>,
		TemplateOf<Runtime>,
		TemplateVersionOf<Runtime>,
	>,
{
	fn get(&self, id: String, at: Option<Hash>) -> RpcResult<Option<Value>> {
		let id = parse_agreement(&id)?;
		Ok(self.query(at, |api, at| api.agreement(at, id))?.map(agreement_json))
	}

	fn decisions(
		&self,
		id: String,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<Value>> {
		let id = parse_agreement(&id)?;
		let limit = limit.unwrap_or(MAX_PAGE).min(MAX_PAGE);
		let page = self.query(at, |api, at| api.decisions(at, id, start.unwrap_or(0), limit))?;
		page.iter()
			.map(|(n, d)| {
				let mut decision = decision_json(*n, d);
				// A decision made by `report_usage` shows the report it replays from.
				if let Some(report) = self.query(at, |api, at| api.usage_report(at, id, *n))? {
					decision["report"] = json!({
						"uses": report.uses,
						"totalVolume": report.total_volume,
						"first": report.first,
						"last": report.last,
					});
				}
				Ok(decision)
			})
			.collect()
	}

	fn of_party(
		&self,
		party: String,
		start_after: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value> {
		let party = parse_identity(&party)?;
		let limit = limit.unwrap_or(MAX_PAGE).min(MAX_PAGE);
		let items =
			self.query(at, |api, at| api.agreements_of_party(at, party, start_after, limit))?;
		Ok(list_json(items, limit))
	}

	fn of_entry(
		&self,
		entry: String,
		start_after: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value> {
		let entry = parse_catalog_identifier(&entry)
			.ok_or_else(|| error(INVALID_ENTRY, format!("not a catalog identifier: {entry}")))?;
		let limit = limit.unwrap_or(MAX_PAGE).min(MAX_PAGE);
		let items =
			self.query(at, |api, at| api.agreements_of_entry(at, entry, start_after, limit))?;
		Ok(list_json(items, limit))
	}

	fn by_status(
		&self,
		status: String,
		from: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value> {
		let status = parse_status(&status)?;
		let limit = limit.unwrap_or(MAX_PAGE).min(MAX_PAGE);
		let (ids, next) = self
			.query(at, |api, at| api.agreements_by_status(at, status, from.unwrap_or(0), limit))?;
		Ok(json!({
			"items": ids.into_iter().map(|id| json!({ "id": id, "identifier": agreement_identifier(id) })).collect::<Vec<_>>(),
			"next": next,
		}))
	}

	fn minimal_record(&self, id: String, at: Option<Hash>) -> RpcResult<Option<Value>> {
		let id = parse_agreement(&id)?;
		let record = self.query(at, |api, at| api.minimal_record(at, id))?;
		Ok(record.map(|r| {
			json!({
				"id": r.id,
				"identifier": agreement_identifier(r.id),
				"parties": r.parties.iter().map(|p| json!({ "identity": hex(p.identity), "role": name_of(p.role) })).collect::<Vec<_>>(),
				"status": name_of(r.status),
				"activation": name_of(r.activation),
				"execution": { "uses": r.uses, "breaches": r.breaches },
				"entries": r.entries.iter().map(catalog_identifier).collect::<Vec<_>>(),
				"term": { "start": r.start, "end": r.end },
				"version": r.version,
				"changePending": r.change_pending,
				"liability": hex(r.liability),
				"digest": hex(r.digest),
			})
		}))
	}

	fn dry_run(&self, id: String, usage: ContextJson, at: Option<Hash>) -> RpcResult<Value> {
		let id = parse_agreement(&id)?;
		let context = parse_context(usage)?;
		Ok(match self.query(at, |api, at| api.dry_run(at, id, context))? {
			DryRun::UnknownAgreement => json!({ "result": "unknownAgreement" }),
			DryRun::NotActive(status) => {
				json!({ "result": "notActive", "status": name_of(status) })
			},
			DryRun::Verdict(verdict) => verdict_json(&verdict),
		})
	}

	fn template(&self, id: u32, at: Option<Hash>) -> RpcResult<Option<Value>> {
		let answer = self.query(at, |api, at| api.template(at, id))?;
		Ok(answer.map(|(template, versions)| template_json(template, versions)))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn contexts_parse_and_malformed_ones_are_refused() {
		let context = ContextJson {
			user: format!("0x{}", "07".repeat(32)),
			space: 1,
			scenario: 11,
			manner: "read".into(),
			fields: json!("0x3"),
			evidence: Some(format!("0x{}", "01".repeat(32))),
			..Default::default()
		};
		let parsed = parse_context(context.clone()).unwrap();
		assert_eq!(parsed.fields, 3);
		assert_eq!(parsed.manner, Manner::Read);
		let bad_manner = ContextJson { manner: "copy".into(), ..context.clone() };
		assert_eq!(parse_context(bad_manner).unwrap_err().code(), INVALID_CONTEXT);
		let bad_evidence = ContextJson { evidence: Some("0x12".into()), ..context };
		assert_eq!(parse_context(bad_evidence).unwrap_err().code(), INVALID_CONTEXT);
		assert_eq!(parse_status("active").unwrap(), AgreementStatus::Active);
		assert_eq!(parse_status("live").unwrap_err().code(), INVALID_STATUS);
		assert_eq!(parse_agreement("urn:tds:agreement:5").unwrap(), 5);
		assert_eq!(parse_agreement("x").unwrap_err().code(), INVALID_AGREEMENT);
	}
}
