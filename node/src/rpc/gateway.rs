//! `notary_*` methods of the evidence gateway (docs/gateway.md), installed with `--gateway`:
//! submitting signed log entries, the gateway's status, bundles of stored entries, and
//! authenticated drill-through queries.
//!
//! Errors: [`BAD_BATCH`], [`NOT_READY`], [`STORE_FAILED`], [`NOT_AUTHORISED`],
//! [`BAD_REQUEST_SIGNATURE`], [`STALE_REQUEST`], [`REPLAYED_REQUEST`], [`BAD_REQUEST`], and
//! for bundles those of [`super::notary`] ([`super::notary::NOT_FOUND`],
//! [`super::notary::NOT_FINALISED`], …). A refused entry of a submission is not an error: its
//! result carries a per-entry code (docs/gateway.md).

use super::{
	identity::error,
	notary::{bundle_error, NOT_FOUND},
};
use crate::{
	evidence::{BundleAssembler, BundleError},
	gateway::{
		auth::{authorise, format_cursor, Access, AuthError, MAX_EXPORT, MAX_LIMIT},
		now_ms,
		usage::AgreementState,
		Gateway, GatewayClient, Rejection, SubmitError, MAX_BATCH,
	},
};
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tds_evidence::{
	bundle::{Bytes, Bytes32},
	export::{export_with, Export, ExportPayload},
	gateway::SignedRequest,
	log::LogEntryJson,
	Bundle,
};
use tds_primitives::merkle;

/// The submission is empty or has more than [`MAX_BATCH`] entries.
pub const BAD_BATCH: i32 = 4310;
/// The gateway has not found or opened its stream yet.
pub const NOT_READY: i32 = 4311;
/// The gateway's store failed: nothing was acknowledged.
pub const STORE_FAILED: i32 = 5010;
/// The signer's key is unknown, its identity may not act, or may not see what it asks for.
pub const NOT_AUTHORISED: i32 = 4320;
/// The request's signature does not verify.
pub const BAD_REQUEST_SIGNATURE: i32 = 4321;
/// The request's time is more than a minute from the gateway's clock.
pub const STALE_REQUEST: i32 = 4322;
/// The request's nonce was used before.
pub const REPLAYED_REQUEST: i32 = 4323;
/// The request does not parse or has a bad value.
pub const BAD_REQUEST: i32 = 4324;

/// Where an accepted entry is.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Accepted {
	/// The gateway's stream.
	pub stream: u64,
	/// The entry's leaf index in it.
	pub leaf_index: u64,
	/// `BLAKE3(0x00 ‖ entry bytes)`.
	pub leaf_hash: Bytes32,
	/// It had been submitted before; this is the original.
	pub duplicate: bool,
}

/// Why an entry was refused.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Refused {
	/// Per-entry code (1 malformed, 2 bad signature, 3 unknown signer, 4 inactive signer,
	/// 5 wrong identity).
	pub code: u32,
	/// The code's name.
	pub reason: String,
	/// Explanation.
	pub message: String,
}

/// The result of one entry: exactly one of the two is present.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryResult {
	/// Stored durably.
	#[serde(skip_serializing_if = "Option::is_none", default)]
	pub accepted: Option<Accepted>,
	/// Refused.
	#[serde(skip_serializing_if = "Option::is_none", default)]
	pub refused: Option<Refused>,
}

/// The gateway's state.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayStatus {
	/// The gateway's stream, once opened.
	pub stream: Option<u64>,
	/// Entries stored.
	pub size: u64,
	/// Entries anchored in the best chain.
	pub anchored: u64,
	/// Entries anchored in the finalised chain (provable).
	pub finalised: u64,
	/// Size of the anchor in flight.
	pub pending: Option<u64>,
	/// Why anchoring is stopped, if it is.
	pub halted: Option<String>,
	/// The notary account (SS58).
	pub notary: Option<String>,
	/// Usage reports (`report_usage`) of the uses the log records under agreements.
	pub usage: UsageView,
}

/// The usage reporter's progress.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageView {
	/// Leaves below this are reported.
	pub cursor: u64,
	/// End of the round in progress.
	pub round_end: Option<u64>,
	/// Uses counted on chain by this node's reports since it started.
	pub uses_reported: u64,
	/// The agreements of the round in progress, or of the last one.
	pub agreements: Vec<AgreementUsageView>,
}

/// One agreement of a usage round.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreementUsageView {
	/// The agreement.
	pub agreement: u64,
	/// Uses in the round.
	pub uses: u64,
	/// Reports (decisions) they make.
	pub reports: usize,
	/// `pending`, `reported` or `skipped`.
	pub state: String,
	/// Why it was skipped.
	pub reason: Option<String>,
}

/// A stored entry, as queries return it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryView {
	/// Leaf index.
	pub leaf_index: u64,
	/// Leaf hash.
	pub leaf_hash: Bytes32,
	/// When the gateway stored it (Unix ms).
	pub received: u64,
	/// The entry's bytes (the Merkle leaf's preimage).
	pub bytes: Bytes,
	/// The entry.
	pub entry: Option<LogEntryJson>,
	/// Its bundle, if asked for and the entry is provable.
	#[serde(skip_serializing_if = "Option::is_none", default)]
	pub bundle: Option<Bundle>,
}

/// A page of a drill-through query.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryPage {
	/// `all` (regulator, auditor) or `own` (the caller's own entries only).
	pub access: String,
	/// The gateway's stream.
	pub stream: Option<u64>,
	/// Matching entries, in (time, leaf) order.
	pub entries: Vec<EntryView>,
	/// Pass as `cursor` for the next page; absent at the end.
	pub next: Option<String>,
}

/// Which stored entry: its leaf index, or its leaf hash.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EntryRef {
	/// Leaf index.
	Index(u64),
	/// Leaf hash.
	Hash(Bytes32),
}

/// The gateway's JSON-RPC methods.
#[rpc(client, server)]
pub trait GatewayRpc {
	/// Submit up to 1,000 signed log entries. Each is checked (schema, signature, the signer's
	/// identity on chain) and either stored durably (acknowledged after fsync) or refused with
	/// a per-entry code; the others are unaffected.
	#[method(name = "notary_submitEntries")]
	async fn submit_entries(&self, entries: Vec<serde_json::Value>) -> RpcResult<Vec<EntryResult>>;

	/// The gateway's stream, sizes stored / anchored / finalised, and anchoring state.
	#[method(name = "notary_gatewayStatus")]
	fn gateway_status(&self) -> RpcResult<GatewayStatus>;

	/// The evidence bundle of a stored entry, once it is in a tree anchored in the finalised
	/// state; `trustedSet` as for `notary_logEntryBundle`.
	#[method(name = "notary_getBundle")]
	fn get_bundle(&self, entry: EntryRef, trusted_set: Option<u64>) -> RpcResult<Bundle>;

	/// Drill-through (SPEC §6): entries by data item, time range, using subject, business
	/// scenario, agreement; signed by a key of an active regulator or auditor (everything) or of
	/// any active identity (its own entries).
	#[method(name = "notary_query")]
	fn query(&self, request: SignedRequest) -> RpcResult<QueryPage>;

	/// The result of a drill-through query (authorised as `notary_query`, up to 1,000 entries)
	/// as one file: every entry's bundle, signed by the gateway's notary key; `tds-verify`
	/// checks it offline. Every matching entry must be provable (else `NOT_FINALISED`).
	#[method(name = "notary_export")]
	fn export(&self, request: SignedRequest) -> RpcResult<Export>;
}

/// The gateway RPC.
pub struct GatewayApi<C> {
	gateway: Arc<Gateway<C>>,
	bundles: BundleAssembler<C>,
}

impl<C> GatewayApi<C> {
	/// Serves `gateway`, proving with `bundles`.
	pub fn new(gateway: Arc<Gateway<C>>, bundles: BundleAssembler<C>) -> Self {
		Self { gateway, bundles }
	}
}

fn auth_error(e: AuthError) -> ErrorObjectOwned {
	match e {
		AuthError::BadSignature => error(
			BAD_REQUEST_SIGNATURE,
			"the request's signature does not verify with its signer's key for this ledger",
		),
		AuthError::Stale => {
			error(STALE_REQUEST, "the request's time is not within a minute of now")
		},
		AuthError::Replayed => error(REPLAYED_REQUEST, "the request's nonce was used before"),
		AuthError::NotAuthorised(why) => error(NOT_AUTHORISED, format!("not authorised: {why}")),
		AuthError::BadRequest(why) => error(BAD_REQUEST, why),
		AuthError::Unavailable(why) => error(STORE_FAILED, why),
	}
}

impl<C: GatewayClient> GatewayApi<C> {
	fn bundle_of(
		&self,
		leaf_index: u64,
		bytes: Vec<u8>,
		trusted_set: Option<u64>,
	) -> Result<Bundle, BundleError> {
		let stream = self
			.gateway
			.status()
			.stream
			.ok_or_else(|| BundleError::NotFound("the gateway has no stream yet".into()))?;
		let store = self.gateway.store().clone();
		self.bundles.stored_log_entry(
			stream,
			leaf_index,
			bytes,
			|size| {
				let view = store.tree().map_err(|e| BundleError::Unavailable(e.to_string()))?;
				merkle::inclusion_proof(&view, leaf_index, size)
					.map_err(|e| BundleError::Unavailable(format!("gateway log: {e}")))
			},
			trusted_set,
		)
	}
}

#[jsonrpsee::core::async_trait]
impl<C: GatewayClient> GatewayRpcServer for GatewayApi<C> {
	async fn submit_entries(&self, entries: Vec<serde_json::Value>) -> RpcResult<Vec<EntryResult>> {
		if entries.is_empty() || entries.len() > MAX_BATCH {
			return Err(error(
				BAD_BATCH,
				format!("a submission has 1 to {MAX_BATCH} entries, not {}", entries.len()),
			));
		}
		// Each entry parses on its own: one malformed entry must not refuse the others. Parsed
		// entries move on to the gateway; each position keeps only its parse error, if any.
		let mut well_formed: Vec<LogEntryJson> = Vec::with_capacity(entries.len());
		let mut parse_errors: Vec<Option<String>> = Vec::with_capacity(entries.len());
		for value in entries {
			match serde_json::from_value(value) {
				Ok(entry) => {
					well_formed.push(entry);
					parse_errors.push(None);
				},
				Err(e) => parse_errors.push(Some(e.to_string())),
			}
		}
		let (stream, mut checked) = if well_formed.is_empty() {
			(0, Vec::new().into_iter())
		} else {
			let (stream, results) =
				self.gateway.submit(well_formed).await.map_err(|e| match e {
					SubmitError::BadBatchSize(n) => error(
						BAD_BATCH,
						format!("a submission has 1 to {MAX_BATCH} entries, not {n}"),
					),
					SubmitError::NotReady => error(
						NOT_READY,
						"the gateway has not opened its stream yet; retry in a few seconds",
					),
					SubmitError::Store(e) => error(STORE_FAILED, e.to_string()),
				})?;
			(stream, results.into_iter())
		};
		let refused = |rejection: Rejection| EntryResult {
			accepted: None,
			refused: Some(Refused {
				code: rejection.code(),
				reason: rejection.name().into(),
				message: rejection.message(),
			}),
		};
		Ok(parse_errors
			.into_iter()
			.map(|parse_error| match parse_error {
				Some(why) => refused(Rejection::Malformed(why)),
				None => match checked.next() {
					Some(Ok(stored)) => EntryResult {
						accepted: Some(Accepted {
							stream,
							leaf_index: stored.leaf_index,
							leaf_hash: Bytes32(stored.leaf_hash),
							duplicate: stored.duplicate,
						}),
						refused: None,
					},
					Some(Err(rejection)) => refused(rejection),
					None => EntryResult { accepted: None, refused: None },
				},
			})
			.collect())
	}

	fn gateway_status(&self) -> RpcResult<GatewayStatus> {
		use sp_core::crypto::Ss58Codec;
		let status = self.gateway.status();
		let size = self.gateway.store().size().map_err(|e| error(STORE_FAILED, e.to_string()))?;
		Ok(GatewayStatus {
			stream: status.stream,
			size,
			anchored: status.anchored,
			finalised: status.finalised,
			pending: status.pending,
			halted: status.halted,
			notary: status.notary.map(|a| a.to_ss58check()),
			usage: UsageView {
				cursor: status.usage.cursor,
				round_end: status.usage.round_end,
				uses_reported: status.usage.uses_reported,
				agreements: status
					.usage
					.agreements
					.into_iter()
					.map(|a| {
						let (state, reason) = match a.state {
							AgreementState::Pending => ("pending", None),
							AgreementState::Reported => ("reported", None),
							AgreementState::Skipped(why) => ("skipped", Some(why)),
						};
						AgreementUsageView {
							agreement: a.agreement,
							uses: a.uses,
							reports: a.reports,
							state: state.into(),
							reason,
						}
					})
					.collect(),
			},
		})
	}

	fn get_bundle(&self, entry: EntryRef, trusted_set: Option<u64>) -> RpcResult<Bundle> {
		let store = self.gateway.store();
		let leaf_index = match entry {
			EntryRef::Index(index) => index,
			EntryRef::Hash(hash) => store
				.index_of(&hash.0)
				.map_err(|e| error(STORE_FAILED, e.to_string()))?
				.ok_or_else(|| error(NOT_FOUND, format!("no stored entry has leaf hash {hash}")))?,
		};
		let stored = store
			.entry(leaf_index)
			.map_err(|e| error(STORE_FAILED, e.to_string()))?
			.ok_or_else(|| error(NOT_FOUND, format!("no stored entry {leaf_index}")))?;
		self.bundle_of(leaf_index, stored.bytes, trusted_set).map_err(bundle_error)
	}

	fn query(&self, request: SignedRequest) -> RpcResult<QueryPage> {
		let authorised = authorise(&self.gateway, &request, MAX_LIMIT).map_err(auth_error)?;
		// Each bundle costs a read proof; pages with bundles stay small.
		let max_scan = 10_000;
		let page = self
			.gateway
			.store()
			.query(&authorised.filter, authorised.cursor, authorised.limit, max_scan)
			.map_err(|e| error(STORE_FAILED, e.to_string()))?;
		let entries = page
			.entries
			.into_iter()
			.map(|stored| {
				let bundle = if authorised.request.bundles {
					self.bundle_of(stored.leaf_index, stored.bytes.clone(), None).ok()
				} else {
					None
				};
				EntryView {
					leaf_index: stored.leaf_index,
					leaf_hash: Bytes32(merkle::leaf_hash(&stored.bytes)),
					received: stored.received,
					entry: LogEntryJson::from_signed(&stored.signed),
					bytes: Bytes(stored.bytes),
					bundle,
				}
			})
			.collect();
		Ok(QueryPage {
			access: match authorised.access {
				Access::All => "all".into(),
				Access::Own(_) => "own".into(),
			},
			stream: self.gateway.status().stream,
			entries,
			next: page.next.as_ref().map(format_cursor),
		})
	}

	fn export(&self, request: SignedRequest) -> RpcResult<Export> {
		let authorised = authorise(&self.gateway, &request, MAX_EXPORT).map_err(auth_error)?;
		let stream = self
			.gateway
			.status()
			.stream
			.ok_or_else(|| error(NOT_READY, "the gateway has no stream yet"))?;
		let page = self
			.gateway
			.store()
			.query(&authorised.filter, authorised.cursor, authorised.limit, 100_000)
			.map_err(|e| error(STORE_FAILED, e.to_string()))?;
		let bundles = page
			.entries
			.into_iter()
			.map(|stored| self.bundle_of(stored.leaf_index, stored.bytes, None))
			.collect::<Result<Vec<_>, _>>()
			.map_err(bundle_error)?;
		let payload = ExportPayload {
			genesis_hash: Bytes32(self.gateway.genesis()),
			stream,
			requester: request.signer,
			request: request.request.clone(),
			created: now_ms(),
			bundles,
			next: page.next.as_ref().map(format_cursor),
		};
		let key = self.gateway.key();
		export_with(key.public().0, &payload, |message| key.sign_bytes(message))
			.map_err(|e| error(STORE_FAILED, format!("signing the export: {e}")))
	}
}
