//! `catalog_*`: the catalog over JSON-RPC: lookups with version history, pages by provider,
//! space and classification, the change feed for cross-space synchronisation, and verification
//! of a metadata document against the listed version.
//!
//! Every method takes an optional block hash (`at`, default: the best block). Entries are named
//! by public identifier (`urn:tds:catalog:<space>:<n>`) or internal number; providers by DID or
//! `0x` identifier. Kinds are `resource`, `product/api`, `product/dataset`, `product/file`.
//! Statuses are effective: a listed entry whose provider or space may not act reads
//! `suspended`.
//!
//! Errors: [`INVALID_ENTRY`], [`INVALID_KIND`], [`INVALID_DIGEST`], the identity module's
//! [`super::identity::INVALID_IDENTIFIER`], and [`super::identity::RUNTIME_ERROR`].

use super::identity::{error, hex, name_of, parse_identity, text, RUNTIME_ERROR};
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use pallet_catalog::{EntryInfo, EntryOf, FeedChangeOf, FeedFilter, Verification, VersionOf};
use pallet_catalog_runtime_api::CatalogApi;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;
use tds_primitives::{
	catalog::{
		catalog_identifier, parse_catalog_identifier, CatalogId, EntryKind, EntryStatus,
		ProductForm,
	},
	identity::{did, Digest},
	opaque::Block,
	Hash,
};
use tds_runtime::Runtime;

/// Neither a catalog identifier nor an entry number.
pub const INVALID_ENTRY: i32 = 4101;
/// Not one of the kinds.
pub const INVALID_KIND: i32 = 4102;
/// A digest is not 32 bytes of hex, or a document is not hex.
pub const INVALID_DIGEST: i32 = 4103;

const MAX_PAGE: u32 = 100;

/// A catalog entry as answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryJson {
	/// Internal number.
	pub entry: u64,
	/// Public identifier, once approved.
	pub identifier: Option<String>,
	/// Provider identity (`0x`).
	pub provider: String,
	/// Provider DID.
	pub provider_did: String,
	/// Home space.
	pub space: u32,
	/// `resource` or `product/<form>`.
	pub kind: String,
	/// Effective status.
	pub status: String,
	/// Stored status.
	pub stored_status: String,
	/// Current version.
	pub version: u32,
	/// Current metadata digest.
	pub metadata: String,
	/// The minimal fields.
	pub fields: Value,
	/// Authenticity declaration digest.
	pub declaration: Option<String>,
	/// The negative-list self-check.
	pub self_check: Option<Value>,
	/// Registration certificate and filing number.
	pub public_data: Option<Value>,
	/// Last reason digest (rejection, suspension, revocation, destruction evidence).
	pub last_reason: Option<String>,
	/// Block of the last change.
	pub changed_at: u32,
	/// Every version, oldest first: `{ version, metadata, at }`.
	pub versions: Vec<Value>,
}

/// A page of entries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryPage {
	/// The entries.
	pub items: Vec<EntryJson>,
	/// Pass as `startAfter` for the next page; absent on the last page.
	pub next: Option<u64>,
}

/// A page of the change feed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedPage {
	/// Matching changes, in feed order.
	pub changes: Vec<Value>,
	/// The cursor to pass next time.
	pub next: u64,
}

/// Which changes to return (all fields optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterJson {
	/// Only this home space.
	pub space: Option<u32>,
	/// Only this kind.
	pub kind: Option<String>,
	/// Only this classification code.
	pub classification: Option<String>,
}

/// The `catalog_*` methods.
#[rpc(server, namespace = "catalog")]
pub trait CatalogRpc {
	/// An entry by identifier or number, with every version.
	#[method(name = "entry")]
	fn entry(&self, id: String, at: Option<Hash>) -> RpcResult<Option<EntryJson>>;

	/// A page of a provider's entries.
	#[method(name = "entriesOfProvider")]
	fn entries_of_provider(
		&self,
		provider: String,
		start_after: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<EntryPage>;

	/// A page of a space's entries.
	#[method(name = "entriesOfSpace")]
	fn entries_of_space(
		&self,
		space: u32,
		start_after: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<EntryPage>;

	/// A page of the entries with a classification code.
	#[method(name = "entriesByClassification")]
	fn entries_by_classification(
		&self,
		classification: String,
		start_after: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<EntryPage>;

	/// Changes after `cursor` matching `filter`, and the next cursor.
	#[method(name = "changesSince")]
	fn changes_since(
		&self,
		cursor: u64,
		filter: Option<FilterJson>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<FeedPage>;

	/// Whether a metadata document (hex bytes, hashed here with BLAKE3) or its digest is the
	/// listed version of entry `id`.
	#[method(name = "verify")]
	fn verify(
		&self,
		id: String,
		digest: Option<String>,
		document: Option<String>,
		at: Option<Hash>,
	) -> RpcResult<Value>;
}

/// The `catalog_*` implementation.
pub struct Catalog<C> {
	client: Arc<C>,
}

impl<C> Catalog<C> {
	/// Serves `catalog_*` from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

fn kind_name(kind: EntryKind) -> String {
	match kind {
		EntryKind::Resource => "resource".into(),
		EntryKind::Product(form) => format!("product/{}", name_of(form)),
	}
}

fn parse_kind(text: &str) -> Result<EntryKind, ErrorObjectOwned> {
	Ok(match text {
		"resource" => EntryKind::Resource,
		"product/api" => EntryKind::Product(ProductForm::Api),
		"product/dataset" => EntryKind::Product(ProductForm::Dataset),
		"product/file" => EntryKind::Product(ProductForm::File),
		other => return Err(error(INVALID_KIND, format!("unknown kind: {other}"))),
	})
}

fn parse_digest(text: &str) -> Result<Digest, ErrorObjectOwned> {
	let bytes = hex::decode(text.trim_start_matches("0x"))
		.map_err(|_| error(INVALID_DIGEST, format!("not hex: {text}")))?;
	let bytes: [u8; 32] = bytes
		.try_into()
		.map_err(|_| error(INVALID_DIGEST, format!("a digest has 32 bytes: {text}")))?;
	Ok(Digest::from(bytes))
}

/// An entry by public identifier, or by internal number.
enum EntryRef {
	Identifier(CatalogId),
	Number(u64),
}

fn parse_entry(text: &str) -> Result<EntryRef, ErrorObjectOwned> {
	if let Some(id) = parse_catalog_identifier(text) {
		return Ok(EntryRef::Identifier(id));
	}
	text.parse().map(EntryRef::Number).map_err(|_| {
		error(INVALID_ENTRY, format!("not urn:tds:catalog:<space>:<n> or a number: {text}"))
	})
}

fn entry_json(info: EntryInfo<EntryOf<Runtime>, VersionOf<Runtime>>) -> EntryJson {
	use serde_json::json;
	let record = info.record;
	let fields = &record.fields;
	EntryJson {
		entry: info.entry,
		identifier: record.identifier.as_ref().map(catalog_identifier),
		provider: hex(record.provider),
		provider_did: did(record.space, &record.provider),
		space: record.space,
		kind: kind_name(record.kind),
		status: name_of(info.status),
		stored_status: name_of(record.status),
		version: record.version,
		metadata: hex(record.metadata),
		fields: json!({
			"name": text(&fields.name),
			"dataType": text(&fields.data_type),
			"format": text(&fields.format),
			"source": name_of(fields.source),
			"classification": text(&fields.classification),
			"updateFrequency": name_of(fields.update_frequency),
			"authorisation": name_of(fields.authorisation),
			"usageRestrictions": hex(fields.usage_restrictions),
			"sensitivity": name_of(fields.sensitivity),
		}),
		declaration: record.declaration.map(hex),
		self_check: record.self_check.map(|c| {
			json!({
				"stateSecrets": c.state_secrets,
				"nationalSecurity": c.national_security,
				"lifelinesOrPublicInterest": c.lifelines_or_public_interest,
				"infringesRights": c.infringes_rights,
				"publicSafety": c.public_safety,
				"tradeSecrets": c.trade_secrets,
				"sensitivePersonal": c.sensitive_personal,
			})
		}),
		public_data: record.public_data.map(|p| {
			json!({
				"registrationCertificate": text(&p.registration_certificate),
				"filingNumber": p.filing_number.map(|n| text(&n)),
			})
		}),
		last_reason: record.last_reason.map(hex),
		changed_at: record.changed_at,
		versions: (1u32..)
			.zip(info.versions)
			.map(
				|(version, v)| json!({ "version": version, "metadata": hex(v.metadata), "at": v.at }),
			)
			.collect(),
	}
}

fn change_json(position: u64, change: FeedChangeOf<Runtime>) -> Value {
	serde_json::json!({
		"position": position,
		"entry": change.entry,
		"identifier": change.identifier.as_ref().map(catalog_identifier),
		"space": change.space,
		"kind": kind_name(change.kind),
		"classification": text(&change.classification),
		"status": name_of(change.status),
		"version": change.version,
		"metadata": hex(change.metadata),
		"at": change.at,
	})
}

impl<C> Catalog<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: CatalogApi<Block, EntryOf<Runtime>, VersionOf<Runtime>, FeedChangeOf<Runtime>>,
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

	fn page(items: Vec<EntryInfo<EntryOf<Runtime>, VersionOf<Runtime>>>, limit: u32) -> EntryPage {
		let full = u32::try_from(items.len()).is_ok_and(|n| n == limit && n > 0);
		let next = if full { items.last().map(|last| last.entry) } else { None };
		EntryPage { items: items.into_iter().map(entry_json).collect(), next }
	}
}

impl<C> CatalogRpcServer for Catalog<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: CatalogApi<Block, EntryOf<Runtime>, VersionOf<Runtime>, FeedChangeOf<Runtime>>,
{
	fn entry(&self, id: String, at: Option<Hash>) -> RpcResult<Option<EntryJson>> {
		let info = match parse_entry(&id)? {
			EntryRef::Identifier(id) => {
				self.query(at, |api, at| api.entry_by_identifier(at, id))?
			},
			EntryRef::Number(n) => self.query(at, |api, at| api.entry(at, n))?,
		};
		Ok(info.map(entry_json))
	}

	fn entries_of_provider(
		&self,
		provider: String,
		start_after: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<EntryPage> {
		let provider = parse_identity(&provider)?;
		let limit = limit.unwrap_or(MAX_PAGE).min(MAX_PAGE);
		let items =
			self.query(at, |api, at| api.entries_of_provider(at, provider, start_after, limit))?;
		Ok(Self::page(items, limit))
	}

	fn entries_of_space(
		&self,
		space: u32,
		start_after: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<EntryPage> {
		let limit = limit.unwrap_or(MAX_PAGE).min(MAX_PAGE);
		let items =
			self.query(at, |api, at| api.entries_of_space(at, space, start_after, limit))?;
		Ok(Self::page(items, limit))
	}

	fn entries_by_classification(
		&self,
		classification: String,
		start_after: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<EntryPage> {
		let limit = limit.unwrap_or(MAX_PAGE).min(MAX_PAGE);
		let code = classification.into_bytes();
		let items =
			self.query(at, |api, at| api.entries_by_classification(at, code, start_after, limit))?;
		Ok(Self::page(items, limit))
	}

	fn changes_since(
		&self,
		cursor: u64,
		filter: Option<FilterJson>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<FeedPage> {
		let filter = filter.unwrap_or_default();
		let filter = FeedFilter {
			space: filter.space,
			kind: filter.kind.as_deref().map(parse_kind).transpose()?,
			classification: filter.classification.map(String::into_bytes),
		};
		let limit = limit.unwrap_or(MAX_PAGE).min(MAX_PAGE);
		let (changes, next) =
			self.query(at, |api, at| api.changes_since(at, cursor, filter, limit))?;
		Ok(FeedPage {
			changes: changes.into_iter().map(|(position, c)| change_json(position, c)).collect(),
			next,
		})
	}

	fn verify(
		&self,
		id: String,
		digest: Option<String>,
		document: Option<String>,
		at: Option<Hash>,
	) -> RpcResult<Value> {
		let EntryRef::Identifier(id) = parse_entry(&id)? else {
			return Err(error(INVALID_ENTRY, "verify takes a public identifier"));
		};
		let digest = match (digest, document) {
			(Some(digest), None) => parse_digest(&digest)?,
			(None, Some(document)) => {
				let bytes = hex::decode(document.trim_start_matches("0x"))
					.map_err(|_| error(INVALID_DIGEST, "the document must be hex"))?;
				Digest::from(*blake3::hash(&bytes).as_bytes())
			},
			_ => return Err(error(INVALID_DIGEST, "give exactly one of digest, document")),
		};
		let answer = self.query(at, |api, at| api.verify(at, id, digest))?;
		// A matching document is only worth relying on while the entry is listed, so the
		// answer carries the effective status (cascade included) next to the match.
		let status = self
			.query(at, |api, at| api.entry_by_identifier(at, id))?
			.map(|info| (name_of(info.status), info.status == EntryStatus::Published));
		let mut answer = match answer {
			Verification::Current { version } => {
				serde_json::json!({ "result": "current", "version": version, "digest": hex(digest) })
			},
			Verification::Superseded { version, current } => serde_json::json!({
				"result": "superseded", "version": version, "current": current, "digest": hex(digest)
			}),
			Verification::NoMatch => {
				serde_json::json!({ "result": "noMatch", "digest": hex(digest) })
			},
			Verification::UnknownIdentifier => {
				serde_json::json!({ "result": "unknownIdentifier", "digest": hex(digest) })
			},
		};
		if let (Some((status, listed)), Some(object)) = (status, answer.as_object_mut()) {
			object.insert("status".into(), status.into());
			object.insert("listed".into(), listed.into());
		}
		Ok(answer)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn kinds_and_entries_parse() {
		for kind in ["resource", "product/api", "product/dataset", "product/file"] {
			assert_eq!(kind_name(parse_kind(kind).unwrap()), kind);
		}
		assert_eq!(parse_kind("service").unwrap_err().code(), INVALID_KIND);
		assert!(matches!(
			parse_entry("urn:tds:catalog:2:7").unwrap(),
			EntryRef::Identifier(CatalogId { space: 2, number: 7 })
		));
		assert!(matches!(parse_entry("12").unwrap(), EntryRef::Number(12)));
		assert_eq!(parse_entry("x").err().map(|e| e.code()), Some(INVALID_ENTRY));
		assert_eq!(parse_digest("0x12").unwrap_err().code(), INVALID_DIGEST);
	}
}
