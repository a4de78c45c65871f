//! `notary_*`: notarised events, log streams and evidence bundles over JSON-RPC.
//!
//! Queries take an optional block hash (`at`, default: the best block). Bundles are always
//! proven at the latest finalised block (see [`crate::evidence`]). Digests, roots and entries
//! are `0x` hex; identities are DIDs or `0x` identifiers; catalog entries
//! `urn:tds:catalog:<space>:<n>`; kinds camelCase (`interfaceCall`, …).
//!
//! Errors: [`INVALID_DIGEST`], [`INVALID_INDEX`], [`NOT_FOUND`], [`INVALID_INCLUSION_PROOF`],
//! [`NOT_FINALISED`], [`UNAVAILABLE`], [`TOO_LARGE`], [`SELF_CHECK_FAILED`], the identity
//! module's [`super::identity::INVALID_IDENTIFIER`] and [`super::identity::RUNTIME_ERROR`].

use super::identity::{error, hex, parse_identity, text, RUNTIME_ERROR};
use crate::evidence::{BundleAssembler, BundleError, EvidenceClient};
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use pallet_notary::{AnchorOf, RecordOf, StreamOf};
use pallet_notary_runtime_api::NotaryApi;
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;
use std::sync::Arc;
use tds_evidence::{Bundle, TrustedSets};
use tds_primitives::{
	catalog::{catalog_identifier, parse_catalog_identifier},
	identity::Digest,
	notary::{EventKind, RecordIndex, StreamId},
	opaque::Block,
	Hash,
};
use tds_runtime::Runtime;

/// A digest, root or hash is not 32 bytes of `0x` hex; or an entry is not hex.
pub const INVALID_DIGEST: i32 = 4301;
/// An index is not one of `identity`, `catalogEntry`, `agreement`, `kind` with a valid value.
pub const INVALID_INDEX: i32 = 4302;
/// No such record, stream or anchor in the finalised state.
pub const NOT_FOUND: i32 = 4303;
/// The inclusion proof does not lead from the entry to the anchored root.
pub const INVALID_INCLUSION_PROOF: i32 = 4304;
/// Nothing is finalised yet.
pub const NOT_FINALISED: i32 = 4305;
/// Data the bundle needs is missing from this node's database.
pub const UNAVAILABLE: i32 = 4306;
/// The entry is larger than a bundle takes.
pub const TOO_LARGE: i32 = 4307;
/// The assembled bundle failed its own verification (a bug).
pub const SELF_CHECK_FAILED: i32 = 5002;

const DEFAULT_PAGE: u32 = 100;

/// A notarised event as answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordJson {
	/// The notarised digest.
	pub digest: String,
	/// The identity that notarised it (`0x`).
	pub identity: String,
	/// The signing key, SS58.
	pub account: String,
	/// Its kind.
	pub kind: String,
	/// The catalog entry it concerns.
	pub catalog_entry: Option<String>,
	/// The agreement it concerns.
	pub agreement: Option<u64>,
	/// Metadata digest.
	pub metadata: Option<String>,
	/// Block of notarisation.
	pub block: u32,
	/// That block's time, Unix milliseconds.
	pub timestamp: u64,
	/// Sequence number among all notarised events.
	pub sequence: u64,
}

/// A page of records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordPageJson {
	/// The records, in notarisation order.
	pub items: Vec<RecordJson>,
	/// Pass as `startAfter` for the next page; absent on the last page.
	pub next: Option<u64>,
}

/// A log stream as answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamJson {
	/// Its number.
	pub stream: u64,
	/// The owning identity (`0x`).
	pub owner: String,
	/// The key that opened it, SS58.
	pub opened_by: String,
	/// Its name.
	pub name: String,
	/// `open` or `sealed`.
	pub status: String,
	/// Entries in the latest anchored tree.
	pub size: u64,
	/// Its root.
	pub root: String,
	/// Number of anchors.
	pub anchors: u32,
	/// Block of opening.
	pub opened_at: u32,
}

/// An anchor as answered: when a (stream, size) was anchored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnchorJson {
	/// Position in the stream's history.
	pub index: u32,
	/// Tree size.
	pub size: u64,
	/// Tree root.
	pub root: String,
	/// The block it was anchored in.
	pub block: u32,
	/// That block's time, Unix milliseconds.
	pub timestamp: u64,
}

/// Which index to page through: exactly one field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IndexJson {
	/// Records of an identity (DID or `0x`).
	pub identity: Option<String>,
	/// Records concerning a catalog entry (`urn:tds:catalog:<space>:<n>`).
	pub catalog_entry: Option<String>,
	/// Records concerning an agreement.
	pub agreement: Option<u64>,
	/// Records of a kind.
	pub kind: Option<String>,
}

/// The `notary_*` methods.
#[rpc(server, namespace = "notary")]
pub trait NotaryRpc {
	/// The record of a notarised digest.
	#[method(name = "record")]
	fn record(&self, digest: String, at: Option<Hash>) -> RpcResult<Option<RecordJson>>;

	/// A page of records of an identity, catalog entry, agreement or kind, in notarisation
	/// order, after sequence number `startAfter`.
	#[method(name = "records")]
	fn records(
		&self,
		index: IndexJson,
		start_after: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<RecordPageJson>;

	/// Number of notarised events.
	#[method(name = "recordCount")]
	fn record_count(&self, at: Option<Hash>) -> RpcResult<u64>;

	/// A stream's head: size, root, status, number of anchors.
	#[method(name = "stream")]
	fn stream(&self, stream: StreamId, at: Option<Hash>) -> RpcResult<Option<StreamJson>>;

	/// A page of an identity's streams, in opening order.
	#[method(name = "streamsOf")]
	fn streams_of(
		&self,
		identity: String,
		start_after: Option<StreamId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<StreamJson>>;

	/// A stream's anchor history from position `from`, oldest first.
	#[method(name = "anchors")]
	fn anchors(
		&self,
		stream: StreamId,
		from: Option<u32>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<AnchorJson>>;

	/// The anchor of a stream at tree size `size`: the block and time it was anchored.
	#[method(name = "anchorAt")]
	fn anchor_at(
		&self,
		stream: StreamId,
		size: u64,
		at: Option<Hash>,
	) -> RpcResult<Option<AnchorJson>>;

	/// An evidence bundle for a log entry: its bytes, its position, the anchored tree size it
	/// is proven in, and its RFC 9162 inclusion proof in that tree (checked here). Set changes
	/// start from `trustedSetId` (default 0).
	#[method(name = "logEntryBundle")]
	fn log_entry_bundle(
		&self,
		stream: StreamId,
		leaf_index: u64,
		tree_size: u64,
		entry: String,
		inclusion_proof: Vec<String>,
		trusted_set_id: Option<u64>,
	) -> RpcResult<Bundle>;

	/// An evidence bundle for a notarised event. Set changes start from `trustedSetId`
	/// (default 0).
	#[method(name = "recordBundle")]
	fn record_bundle(&self, digest: String, trusted_set_id: Option<u64>) -> RpcResult<Bundle>;

	/// This node's view of the trust root: the genesis hash and the current validator set, in
	/// the format `tds-verify --trusted-set` reads. Trusting it means trusting this node; an
	/// auditor checks it with the consortium before pinning it.
	#[method(name = "trustedSet")]
	fn trusted_set(&self) -> RpcResult<TrustedSets>;
}

/// The `notary_*` implementation.
pub struct Notary<C> {
	client: Arc<C>,
	bundles: BundleAssembler<C>,
}

impl<C> Notary<C> {
	/// Serves `notary_*` from `client`, assembling bundles with `bundles`.
	pub fn new(client: Arc<C>, bundles: BundleAssembler<C>) -> Self {
		Self { client, bundles }
	}
}

fn bytes32(text: &str, what: &str) -> Result<[u8; 32], ErrorObjectOwned> {
	let bytes = hex::decode(text.strip_prefix("0x").unwrap_or(text))
		.map_err(|_| error(INVALID_DIGEST, format!("{what} is not hex: {text}")))?;
	bytes
		.try_into()
		.map_err(|_| error(INVALID_DIGEST, format!("{what} must have 32 bytes: {text}")))
}

fn parse_index(index: IndexJson) -> Result<RecordIndex, ErrorObjectOwned> {
	let IndexJson { identity, catalog_entry, agreement, kind } = index;
	let given = [identity.is_some(), catalog_entry.is_some(), agreement.is_some(), kind.is_some()];
	if given.iter().filter(|g| **g).count() != 1 {
		return Err(error(
			INVALID_INDEX,
			"give exactly one of identity, catalogEntry, agreement, kind",
		));
	}
	if let Some(identity) = identity {
		return Ok(RecordIndex::Identity(parse_identity(&identity)?));
	}
	if let Some(entry) = catalog_entry {
		return parse_catalog_identifier(&entry).map(RecordIndex::CatalogEntry).ok_or_else(|| {
			error(INVALID_INDEX, format!("not urn:tds:catalog:<space>:<n>: {entry}"))
		});
	}
	if let Some(agreement) = agreement {
		return Ok(RecordIndex::Agreement(agreement));
	}
	let kind = kind.unwrap_or_default();
	EventKind::from_name(&kind)
		.map(RecordIndex::Kind)
		.ok_or_else(|| error(INVALID_INDEX, format!("unknown kind: {kind}")))
}

fn record_json(digest: Digest, record: RecordOf<Runtime>) -> RecordJson {
	RecordJson {
		digest: hex(digest),
		identity: hex(record.identity),
		account: record.account.to_ss58check(),
		kind: record.kind.name().into(),
		catalog_entry: record.catalog_entry.as_ref().map(catalog_identifier),
		agreement: record.agreement,
		metadata: record.metadata.map(hex),
		block: record.block,
		timestamp: record.timestamp,
		sequence: record.sequence,
	}
}

fn stream_json(stream: StreamId, record: StreamOf<Runtime>) -> StreamJson {
	StreamJson {
		stream,
		owner: hex(record.owner),
		opened_by: record.opened_by.to_ss58check(),
		name: text(&record.name),
		status: super::identity::name_of(record.status),
		size: record.size,
		root: hex(record.root),
		anchors: record.anchors,
		opened_at: record.opened_at,
	}
}

fn anchor_json(anchor: AnchorOf<Runtime>) -> AnchorJson {
	AnchorJson {
		index: anchor.index,
		size: anchor.size,
		root: hex(anchor.root),
		block: anchor.block,
		timestamp: anchor.timestamp,
	}
}

/// The JSON-RPC error of a bundle that cannot be assembled.
pub(crate) fn bundle_error(e: BundleError) -> ErrorObjectOwned {
	let code = match e {
		BundleError::NotFinalised(_) => NOT_FINALISED,
		BundleError::NotFound(_) => NOT_FOUND,
		BundleError::InvalidInclusionProof(_) => INVALID_INCLUSION_PROOF,
		BundleError::TooLarge(_) => TOO_LARGE,
		BundleError::Unavailable(_) => UNAVAILABLE,
		BundleError::SelfCheck(_) => SELF_CHECK_FAILED,
	};
	error(code, e.to_string())
}

impl<C> Notary<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: NotaryApi<Block, RecordOf<Runtime>, StreamOf<Runtime>, AnchorOf<Runtime>>,
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

impl<C> NotaryRpcServer for Notary<C>
where
	C: EvidenceClient,
	C::Api: NotaryApi<Block, RecordOf<Runtime>, StreamOf<Runtime>, AnchorOf<Runtime>>,
{
	fn record(&self, digest: String, at: Option<Hash>) -> RpcResult<Option<RecordJson>> {
		let digest = Digest::from(bytes32(&digest, "the digest")?);
		let record = self.query(at, |api, at| api.record(at, digest))?;
		Ok(record.map(|record| record_json(digest, record)))
	}

	fn records(
		&self,
		index: IndexJson,
		start_after: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<RecordPageJson> {
		let index = parse_index(index)?;
		let limit = limit.unwrap_or(DEFAULT_PAGE);
		let page = self.query(at, |api, at| api.records(at, index, start_after, limit))?;
		let next =
			if page.more { page.items.last().map(|(position, _, _)| *position) } else { None };
		let items = page.items.into_iter().map(|(_, digest, record)| record_json(digest, record));
		Ok(RecordPageJson { items: items.collect(), next })
	}

	fn record_count(&self, at: Option<Hash>) -> RpcResult<u64> {
		self.query(at, |api, at| api.record_count(at))
	}

	fn stream(&self, stream: StreamId, at: Option<Hash>) -> RpcResult<Option<StreamJson>> {
		let record = self.query(at, |api, at| api.stream(at, stream))?;
		Ok(record.map(|record| stream_json(stream, record)))
	}

	fn streams_of(
		&self,
		identity: String,
		start_after: Option<StreamId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<StreamJson>> {
		let owner = parse_identity(&identity)?;
		let limit = limit.unwrap_or(DEFAULT_PAGE);
		let streams = self.query(at, |api, at| api.streams_of(at, owner, start_after, limit))?;
		Ok(streams.into_iter().map(|(id, record)| stream_json(id, record)).collect())
	}

	fn anchors(
		&self,
		stream: StreamId,
		from: Option<u32>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<AnchorJson>> {
		let (from, limit) = (from.unwrap_or(0), limit.unwrap_or(DEFAULT_PAGE));
		let anchors = self.query(at, |api, at| api.anchors(at, stream, from, limit))?;
		Ok(anchors.into_iter().map(anchor_json).collect())
	}

	fn anchor_at(
		&self,
		stream: StreamId,
		size: u64,
		at: Option<Hash>,
	) -> RpcResult<Option<AnchorJson>> {
		Ok(self.query(at, |api, at| api.anchor_at(at, stream, size))?.map(anchor_json))
	}

	fn log_entry_bundle(
		&self,
		stream: StreamId,
		leaf_index: u64,
		tree_size: u64,
		entry: String,
		inclusion_proof: Vec<String>,
		trusted_set_id: Option<u64>,
	) -> RpcResult<Bundle> {
		let entry = hex::decode(entry.strip_prefix("0x").unwrap_or(&entry))
			.map_err(|_| error(INVALID_DIGEST, "the entry is not hex"))?;
		let proof = inclusion_proof
			.iter()
			.map(|hash| bytes32(hash, "an inclusion proof hash"))
			.collect::<Result<Vec<_>, _>>()?;
		self.bundles
			.log_entry(stream, leaf_index, tree_size, entry, proof, trusted_set_id)
			.map_err(bundle_error)
	}

	fn record_bundle(&self, digest: String, trusted_set_id: Option<u64>) -> RpcResult<Bundle> {
		let digest = Digest::from(bytes32(&digest, "the digest")?);
		self.bundles.notarised_event(digest, trusted_set_id).map_err(bundle_error)
	}

	fn trusted_set(&self) -> RpcResult<TrustedSets> {
		Ok(self.bundles.trusted_set())
	}
}
