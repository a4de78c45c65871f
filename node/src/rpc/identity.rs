//! `identity_*`: the identity registry over JSON-RPC, for operators, regulators and auditors.
//!
//! Every method takes an optional block hash (`at`, default: the best block) and answers from
//! that block's state through the runtime API `IdentityRegistryApi`. Identities are named by
//! DID (`did:tds:<space>:<hex>`) or by their 32-byte identifier in `0x` hex; accounts by SS58 or
//! `0x` hex. Statuses are effective at the block: expiry by block time is applied.
//!
//! Errors: `-32602`-style typed codes [`INVALID_IDENTIFIER`], [`INVALID_USCC`],
//! [`INVALID_ACCOUNT`], [`INVALID_SUBJECT`]; [`RUNTIME_ERROR`] if the runtime call fails.

use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
};
use pallet_identity_registry::{
	Actor, Change, HistoryEntryOf, HistoryKey, ParticipantInfo, ParticipantOf, SpaceInfo, SpaceOf,
	Subject,
};
use pallet_identity_registry_runtime_api::IdentityRegistryApi;
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::{AccountId32, Ss58Codec};
use std::sync::Arc;
use tds_primitives::{
	identity::{
		did, parse_did, CrossSpaceVerdict, IdentityId, Inactive, MinimalRecord, Uscc, UsccError,
	},
	opaque::Block,
	AccountId, Hash,
};
use tds_runtime::Runtime;

/// The identifier is neither a DID of this ledger nor 32 bytes of hex.
pub const INVALID_IDENTIFIER: i32 = 4001;
/// The USCC is malformed; the message says how (length, alphabet, division, check character).
pub const INVALID_USCC: i32 = 4002;
/// The account is neither SS58 nor 32 bytes of hex.
pub const INVALID_ACCOUNT: i32 = 4003;
/// A history subject is neither `space:<n>` nor an identity.
pub const INVALID_SUBJECT: i32 = 4004;
/// The runtime API call failed.
pub const RUNTIME_ERROR: i32 = 5001;

/// Largest page answered (the runtime caps it further at its `MaxPageSize`).
const DEFAULT_PAGE: u32 = 100;

/// A participant as answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantJson {
	/// The 32-byte identifier, `0x` hex.
	pub id: String,
	/// The DID.
	pub did: String,
	/// Home space.
	pub home_space: u32,
	/// `organisation`, `person` or `connector`.
	pub kind: String,
	/// Name (UTF-8; invalid bytes replaced).
	pub name: String,
	/// USCC, for organisations.
	pub uscc: Option<String>,
	/// Salted digest of the ID number, for persons.
	pub id_digest: Option<String>,
	/// Owner, metadata digest and last heartbeat, for connectors.
	pub connector: Option<ConnectorJson>,
	/// Effective status: `pending`, `active`, `frozen`, `revoked` or `expired`.
	pub status: String,
	/// Whether it may act now.
	pub may_act: bool,
	/// Why not, if it may not: `status`, `spaceNotActive`, `ownerNotActive`.
	pub inactive_reason: Option<String>,
	/// Roles held.
	pub roles: Vec<String>,
	/// Roles applied for.
	pub requested_roles: Vec<String>,
	/// Linked accounts, SS58.
	pub keys: Vec<String>,
	/// The latest verification.
	pub verification: Option<VerificationJson>,
	/// Block of registration.
	pub registered_at: u32,
}

/// A connector's details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorJson {
	/// The owning organisation's identifier.
	pub owner: String,
	/// Metadata digest.
	pub metadata: String,
	/// Last heartbeat, Unix milliseconds.
	pub last_heartbeat: Option<u64>,
}

/// A verification record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationJson {
	/// `official`, `authoritativeIssuer`, `thirdParty` or `selfBuilt`.
	pub source: String,
	/// Who verified.
	pub verifier: String,
	/// Unix milliseconds.
	pub verified_on: u64,
	/// Unix milliseconds.
	pub valid_until: Option<u64>,
	/// Compliance materials' digests.
	pub materials: Option<MaterialsJson>,
}

/// Compliance materials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MaterialsJson {
	/// Digest of the business licence copy.
	pub licence_copy: String,
	/// Digest of the representative's ID.
	pub representative_id: String,
	/// Digest of the sealed commitment letter.
	pub commitment_letter: String,
	/// Who verified the materials.
	pub verifier: String,
	/// Unix milliseconds.
	pub verified_on: u64,
}

/// A space as answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpaceJson {
	/// Identifier.
	pub id: u32,
	/// Name.
	pub name: String,
	/// `enterprise`, `industry`, `city`, `personal` or `crossBorder`.
	pub space_type: String,
	/// Operator accounts, SS58.
	pub operators: Vec<String>,
	/// Level.
	pub level: u8,
	/// Effective status: `filed`, `active`, `suspended`, `revoked` or `expired`.
	pub status: String,
	/// Qualification reports.
	pub qualifications: Vec<QualificationJson>,
	/// Block of filing.
	pub filed_at: u32,
}

/// A qualification report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QualificationJson {
	/// Report digest.
	pub report: String,
	/// Verifier.
	pub verifier: String,
	/// `pass`, `conditionalPass` or `fail`.
	pub verdict: String,
	/// Unix milliseconds.
	pub valid_from: u64,
	/// Unix milliseconds.
	pub valid_until: u64,
	/// Scenarios digest.
	pub scenarios: String,
	/// Restrictions digest.
	pub restrictions: String,
	/// Unix milliseconds.
	pub verified_on: u64,
}

/// A page of participants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantPage {
	/// The participants.
	pub items: Vec<ParticipantJson>,
	/// Pass as `startAfter` for the next page; absent on the last page.
	pub next: Option<String>,
}

/// The four-field minimal record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MinimalRecordJson {
	/// Name.
	pub name: String,
	/// USCC, for organisations.
	pub uscc: Option<String>,
	/// The DID (unique identifier).
	pub did: String,
	/// Its own status.
	pub status: String,
}

/// Whether an identity may act in a space.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrossSpaceJson {
	/// `mayAct`, `mayNotAct` or `notRecognised`.
	pub verdict: String,
	/// The minimal record; absent when not recognised.
	pub record: Option<MinimalRecordJson>,
}

/// A history entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryJson {
	/// Entry number.
	pub index: u32,
	/// What changed, e.g. `participantStatus`, `roleGranted`, `keyAdded`.
	pub change: String,
	/// The change's details (`from`/`to`, `role`, `account`, `source`).
	pub details: serde_json::Value,
	/// `council`, or the signing account (SS58).
	pub actor: String,
	/// Reason digest.
	pub reason: String,
	/// Block.
	pub at: u32,
}

/// The `identity_*` methods.
#[rpc(server, namespace = "identity")]
pub trait IdentityApi {
	/// A participant by DID or identifier.
	#[method(name = "participant")]
	fn participant(&self, id: String, at: Option<Hash>) -> RpcResult<Option<ParticipantJson>>;

	/// An organisation by USCC.
	#[method(name = "participantByUscc")]
	fn participant_by_uscc(
		&self,
		uscc: String,
		at: Option<Hash>,
	) -> RpcResult<Option<ParticipantJson>>;

	/// The identity an account is linked to.
	#[method(name = "participantByAccount")]
	fn participant_by_account(
		&self,
		account: String,
		at: Option<Hash>,
	) -> RpcResult<Option<ParticipantJson>>;

	/// A space.
	#[method(name = "space")]
	fn space(&self, space: u32, at: Option<Hash>) -> RpcResult<Option<SpaceJson>>;

	/// A page of a space's participants.
	#[method(name = "participantsOfSpace")]
	fn participants_of_space(
		&self,
		space: u32,
		start_after: Option<String>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<ParticipantPage>;

	/// Whether an identity may act in a space, with the four-field minimal record only.
	#[method(name = "verifyCrossSpace")]
	fn verify_cross_space(
		&self,
		space: u32,
		id: String,
		at: Option<Hash>,
	) -> RpcResult<CrossSpaceJson>;

	/// A page of the history of `space:<n>` or of an identity (DID or identifier).
	#[method(name = "history")]
	fn history(
		&self,
		subject: String,
		from: Option<u32>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<HistoryJson>>;
}

/// The `identity_*` implementation.
pub struct Identity<C> {
	client: Arc<C>,
}

impl<C> Identity<C> {
	/// Serves `identity_*` from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

pub(super) fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObject::owned(code, message.into(), None::<()>)
}

fn runtime_error(e: impl std::fmt::Debug) -> ErrorObjectOwned {
	error(RUNTIME_ERROR, format!("runtime API call failed: {e:?}"))
}

/// `Active` → `active`, `CrossBorder` → `crossBorder`.
pub(super) fn name_of(value: impl std::fmt::Debug) -> String {
	let text = format!("{value:?}");
	let mut chars = text.chars();
	match chars.next() {
		Some(first) => first.to_lowercase().chain(chars).collect(),
		None => text,
	}
}

pub(super) fn hex(bytes: impl AsRef<[u8]>) -> String {
	format!("0x{}", hex::encode(bytes))
}

pub(super) fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

fn ss58(account: &AccountId) -> String {
	account.to_ss58check()
}

/// A DID or `0x` hex identifier.
pub fn parse_identity(text: &str) -> Result<IdentityId, ErrorObjectOwned> {
	if let Some((_, id)) = parse_did(text) {
		return Ok(id);
	}
	let hex_part = text.strip_prefix("0x").unwrap_or(text);
	let bytes = hex::decode(hex_part).map_err(|_| {
		error(INVALID_IDENTIFIER, format!("not a DID or 32-byte hex identifier: {text}"))
	})?;
	let bytes: [u8; 32] = bytes
		.try_into()
		.map_err(|_| error(INVALID_IDENTIFIER, format!("an identifier has 32 bytes: {text}")))?;
	Ok(IdentityId::from(bytes))
}

fn parse_account(text: &str) -> Result<AccountId, ErrorObjectOwned> {
	if let Ok(account) = AccountId32::from_ss58check(text) {
		return Ok(account);
	}
	let bytes = hex::decode(text.strip_prefix("0x").unwrap_or(text)).ok();
	bytes
		.and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
		.map(AccountId32::from)
		.ok_or_else(|| {
			error(INVALID_ACCOUNT, format!("not an SS58 or 32-byte hex account: {text}"))
		})
}

fn uscc_error(reason: UsccError) -> String {
	match reason {
		UsccError::Length => "a USCC has 18 characters".into(),
		UsccError::Alphabet(position) => {
			format!("character {position} is outside 0-9 A-H J-N P-R T-U W-Y")
		},
		UsccError::AdministrativeDivision => "characters 3-8 must be digits".into(),
		UsccError::CheckCharacter => "the check character (18th) does not match".into(),
	}
}

fn participant_json(info: ParticipantInfo<ParticipantOf<Runtime>>) -> ParticipantJson {
	let record = info.record;
	let (uscc, id_digest, connector) = match record.subject {
		Subject::Organisation { uscc } => (Some(text(uscc.as_bytes())), None, None),
		Subject::Person { id_digest } => (None, Some(hex(id_digest)), None),
		Subject::Connector { owner, metadata, last_heartbeat } => (
			None,
			None,
			Some(ConnectorJson { owner: hex(owner), metadata: hex(metadata), last_heartbeat }),
		),
	};
	let inactive_reason = info.standing.err().map(|reason| match reason {
		Inactive::Status(status) => name_of(status),
		other => name_of(other),
	});
	ParticipantJson {
		id: hex(info.id),
		did: did(record.space, &info.id),
		home_space: record.space,
		kind: name_of(record.subject.kind()),
		name: text(&record.name),
		uscc,
		id_digest,
		connector,
		status: name_of(info.status),
		may_act: inactive_reason.is_none(),
		inactive_reason,
		roles: record.roles.iter().map(name_of).collect(),
		requested_roles: record.requested_roles.iter().map(name_of).collect(),
		keys: record.keys.iter().map(ss58).collect(),
		verification: record.verification.map(|v| VerificationJson {
			source: name_of(v.source),
			verifier: text(&v.verifier),
			verified_on: v.verified_on,
			valid_until: v.valid_until,
			materials: v.materials.map(|m| MaterialsJson {
				licence_copy: hex(m.licence_copy),
				representative_id: hex(m.representative_id),
				commitment_letter: hex(m.commitment_letter),
				verifier: text(&m.verifier),
				verified_on: m.verified_on,
			}),
		}),
		registered_at: record.registered_at,
	}
}

fn space_json(info: SpaceInfo<SpaceOf<Runtime>>) -> SpaceJson {
	let record = info.record;
	SpaceJson {
		id: info.id,
		name: text(&record.name),
		space_type: name_of(record.space_type),
		operators: record.operators.iter().map(ss58).collect(),
		level: record.level,
		status: name_of(info.status),
		qualifications: record
			.qualifications
			.iter()
			.map(|q| QualificationJson {
				report: hex(q.report),
				verifier: text(&q.verifier),
				verdict: name_of(q.verdict),
				valid_from: q.valid_from,
				valid_until: q.valid_until,
				scenarios: hex(q.scenarios),
				restrictions: hex(q.restrictions),
				verified_on: q.verified_on,
			})
			.collect(),
		filed_at: record.filed_at,
	}
}

fn minimal_json(record: MinimalRecord) -> MinimalRecordJson {
	MinimalRecordJson {
		name: text(&record.name),
		uscc: record.uscc.map(|uscc: Uscc| text(uscc.as_bytes())),
		did: did(record.home_space, &record.id),
		status: name_of(record.status),
	}
}

fn history_json(index: u32, entry: HistoryEntryOf<Runtime>) -> HistoryJson {
	use serde_json::json;
	let (change, details) = match entry.change {
		Change::SpaceStatus { from, to } => {
			("spaceStatus", json!({ "from": name_of(from), "to": name_of(to) }))
		},
		Change::SpaceLevel { from, to } => ("spaceLevel", json!({ "from": from, "to": to })),
		Change::QualificationsRenewed => ("qualificationsRenewed", json!({})),
		Change::OperatorsChanged => ("operatorsChanged", json!({})),
		Change::ParticipantStatus { from, to } => {
			("participantStatus", json!({ "from": name_of(from), "to": name_of(to) }))
		},
		Change::Verified { source } => ("verified", json!({ "source": name_of(source) })),
		Change::RoleGranted { role } => ("roleGranted", json!({ "role": name_of(role) })),
		Change::RoleRevoked { role } => ("roleRevoked", json!({ "role": name_of(role) })),
		Change::KeyAdded { account } => ("keyAdded", json!({ "account": ss58(&account) })),
		Change::KeyRemoved { account } => ("keyRemoved", json!({ "account": ss58(&account) })),
	};
	HistoryJson {
		index,
		change: change.into(),
		details,
		actor: match entry.actor {
			Actor::Council => "council".into(),
			Actor::Account(account) => ss58(&account),
		},
		reason: hex(entry.reason),
		at: entry.at,
	}
}

impl<C> Identity<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: IdentityRegistryApi<
		Block,
		AccountId,
		ParticipantOf<Runtime>,
		SpaceOf<Runtime>,
		HistoryEntryOf<Runtime>,
	>,
{
	fn query<R>(
		&self,
		at: Option<Hash>,
		call: impl FnOnce(&sp_api::ApiRef<'_, C::Api>, Hash) -> Result<R, sp_api::ApiError>,
	) -> Result<R, ErrorObjectOwned> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let api = self.client.runtime_api();
		call(&api, at).map_err(runtime_error)
	}
}

impl<C> IdentityApiServer for Identity<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: IdentityRegistryApi<
		Block,
		AccountId,
		ParticipantOf<Runtime>,
		SpaceOf<Runtime>,
		HistoryEntryOf<Runtime>,
	>,
{
	fn participant(&self, id: String, at: Option<Hash>) -> RpcResult<Option<ParticipantJson>> {
		let id = parse_identity(&id)?;
		Ok(self.query(at, |api, at| api.participant(at, id))?.map(participant_json))
	}

	fn participant_by_uscc(
		&self,
		uscc: String,
		at: Option<Hash>,
	) -> RpcResult<Option<ParticipantJson>> {
		Uscc::parse(uscc.as_bytes()).map_err(|e| error(INVALID_USCC, uscc_error(e)))?;
		let code = uscc.into_bytes();
		Ok(self
			.query(at, |api, at| api.participant_by_uscc(at, code))?
			.map(participant_json))
	}

	fn participant_by_account(
		&self,
		account: String,
		at: Option<Hash>,
	) -> RpcResult<Option<ParticipantJson>> {
		let account = parse_account(&account)?;
		Ok(self
			.query(at, |api, at| api.participant_by_account(at, account))?
			.map(participant_json))
	}

	fn space(&self, space: u32, at: Option<Hash>) -> RpcResult<Option<SpaceJson>> {
		Ok(self.query(at, |api, at| api.space(at, space))?.map(space_json))
	}

	fn participants_of_space(
		&self,
		space: u32,
		start_after: Option<String>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<ParticipantPage> {
		let start_after = start_after.as_deref().map(parse_identity).transpose()?;
		let limit = limit.unwrap_or(DEFAULT_PAGE).min(DEFAULT_PAGE);
		let items =
			self.query(at, |api, at| api.participants_of_space(at, space, start_after, limit))?;
		let full = u32::try_from(items.len()).is_ok_and(|n| n == limit && n > 0);
		let next = if full { items.last().map(|last| hex(last.id)) } else { None };
		Ok(ParticipantPage { items: items.into_iter().map(participant_json).collect(), next })
	}

	fn verify_cross_space(
		&self,
		space: u32,
		id: String,
		at: Option<Hash>,
	) -> RpcResult<CrossSpaceJson> {
		let id = parse_identity(&id)?;
		let verdict = self.query(at, |api, at| api.verify_cross_space(at, space, id))?;
		Ok(match verdict {
			CrossSpaceVerdict::MayAct(record) => {
				CrossSpaceJson { verdict: "mayAct".into(), record: Some(minimal_json(record)) }
			},
			CrossSpaceVerdict::MayNotAct(record) => {
				CrossSpaceJson { verdict: "mayNotAct".into(), record: Some(minimal_json(record)) }
			},
			CrossSpaceVerdict::NotRecognised => {
				CrossSpaceJson { verdict: "notRecognised".into(), record: None }
			},
		})
	}

	fn history(
		&self,
		subject: String,
		from: Option<u32>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<HistoryJson>> {
		let key = match subject.strip_prefix("space:") {
			Some(space) => HistoryKey::Space(space.parse().map_err(|_| {
				error(INVALID_SUBJECT, format!("`space:` must be followed by a number: {subject}"))
			})?),
			None => HistoryKey::Participant(parse_identity(&subject).map_err(|_| {
				error(
					INVALID_SUBJECT,
					format!("not `space:<n>`, a DID or an identifier: {subject}"),
				)
			})?),
		};
		let from = from.unwrap_or(0);
		let limit = limit.unwrap_or(DEFAULT_PAGE).min(DEFAULT_PAGE);
		let entries = self.query(at, |api, at| api.history(at, key, from, limit))?;
		Ok((from..).zip(entries).map(|(index, entry)| history_json(index, entry)).collect())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn identifiers_parse_from_dids_and_hex() {
		let id = IdentityId::repeat_byte(0xab);
		assert_eq!(parse_identity(&did(3, &id)).unwrap(), id);
		assert_eq!(parse_identity(&hex(id)).unwrap(), id);
		assert_eq!(parse_identity("0x1234").unwrap_err().code(), INVALID_IDENTIFIER);
		assert_eq!(parse_identity("did:web:x").unwrap_err().code(), INVALID_IDENTIFIER);
	}

	#[test]
	fn accounts_parse_from_ss58_and_hex() {
		let alice = sp_keyring::Sr25519Keyring::Alice.to_account_id();
		assert_eq!(parse_account(&alice.to_ss58check()).unwrap(), alice);
		assert_eq!(parse_account(&hex(AsRef::<[u8]>::as_ref(&alice))).unwrap(), alice);
		assert_eq!(parse_account("5xyz").unwrap_err().code(), INVALID_ACCOUNT);
	}

	#[test]
	fn enum_names_are_camel_case() {
		assert_eq!(name_of(tds_primitives::identity::SpaceType::CrossBorder), "crossBorder");
		assert_eq!(name_of(tds_primitives::identity::ParticipantStatus::Active), "active");
	}
}
