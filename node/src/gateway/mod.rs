//! The evidence gateway (docs/gateway.md): connectors submit signed log entries over JSON-RPC;
//! the gateway checks each against the chain's identity registry, stores it durably, appends it
//! to the gateway's Merkle log stream, anchors the stream's roots on chain, and serves evidence
//! bundles and authenticated drill-through queries.
//!
//! - [`store`]: the crash-safe database (entries, Merkle subtrees, drill-through indexes);
//! - [`anchor`]: the background task that anchors the stream;
//! - [`auth`]: signed, fresh, replay-protected query requests;
//! - this module: configuration, ingestion, and what the RPC (`crate::rpc::gateway`) calls.

pub mod anchor;
pub mod auth;
pub mod store;
pub mod usage;

use crate::evidence::EvidenceClient;
use futures::channel::oneshot;
use pallet_agreements::{AgreementInfoOf, DecisionOf, TemplateOf, TemplateVersionOf};
use pallet_agreements_runtime_api::AgreementsApi;
use pallet_identity_registry::{HistoryEntryOf, ParticipantOf, SpaceOf};
use pallet_identity_registry_runtime_api::IdentityRegistryApi;
use pallet_notary::{AnchorOf, RecordOf, StreamOf};
use pallet_notary_runtime_api::NotaryApi;
use std::{
	collections::HashMap,
	path::PathBuf,
	sync::{mpsc, Arc, Mutex},
	time::{Duration, SystemTime, UNIX_EPOCH},
};
use store::{Prepared, Store, StoreError, Stored};
use substrate_frame_rpc_system::AccountNonceApi;
use tds_evidence::log::{verify_signature, EntryError, LogEntryJson};
use tds_primitives::{opaque::Block, AccountId, Nonce};
use tds_runtime::Runtime;

/// Most entries in one submission.
pub const MAX_BATCH: usize = 1_000;

/// Submissions merged into one durable transaction at most (group commit).
const MAX_GROUP: usize = 64;

/// The gateway's settings (`--gateway*` flags).
#[derive(Clone, Debug)]
pub struct Config {
	/// Where the store lives (under the node's base path).
	pub path: PathBuf,
	/// The name of the gateway's stream on chain.
	pub stream_name: String,
	/// Anchor at least this often while entries are waiting.
	pub anchor_interval: Duration,
	/// Anchor as soon as this many entries are waiting.
	pub anchor_size: u64,
	/// A secret URI for the notary key, for development; otherwise the keystore's `tdsg` key.
	pub notary_suri: Option<String>,
	/// Report usage under agreements at least this often while entries are waiting.
	pub usage_interval: Duration,
}

/// The `--gateway*` command-line flags.
#[derive(Clone, Debug, clap::Args)]
pub struct GatewayParams {
	/// Run the evidence gateway: accept signed log entries (`notary_submitEntries`), store
	/// them under the base path, anchor them on chain, serve bundles and drill-through queries.
	#[arg(long)]
	pub gateway: bool,

	/// Name of the gateway's log stream on chain (opened on first start).
	#[arg(long, value_name = "NAME", default_value = "gateway")]
	pub gateway_stream: String,

	/// Anchor waiting entries at least every this many milliseconds.
	#[arg(long, value_name = "MS", default_value_t = 6_000)]
	pub gateway_anchor_interval_ms: u64,

	/// Anchor as soon as this many entries are waiting.
	#[arg(long, value_name = "N", default_value_t = 100_000)]
	pub gateway_anchor_size: u64,

	/// Secret URI of the gateway's notary key (ed25519), for development and tests. Without
	/// it the key is the keystore's ed25519 key of type `tdsg` (`tds-node key insert
	/// --key-type tdsg --scheme ed25519`). Its account must be linked to the operator identity.
	#[arg(long, value_name = "SURI")]
	pub gateway_notary_suri: Option<String>,

	/// Report the uses that anchored, finalised entries record under agreements
	/// (`report_usage`) at most every this many milliseconds.
	#[arg(long, value_name = "MS", default_value_t = 60_000)]
	pub gateway_usage_interval_ms: u64,
}

impl GatewayParams {
	/// The gateway's configuration for a node with `base_path`, if enabled.
	pub fn config(&self, base_path: &std::path::Path) -> Option<Config> {
		self.gateway.then(|| Config {
			path: base_path.join("gateway").join("entries.redb"),
			stream_name: self.gateway_stream.clone(),
			anchor_interval: Duration::from_millis(self.gateway_anchor_interval_ms.max(500)),
			anchor_size: self.gateway_anchor_size.max(1),
			notary_suri: self.gateway_notary_suri.clone(),
			usage_interval: Duration::from_millis(self.gateway_usage_interval_ms.max(500)),
		})
	}
}

/// Unix milliseconds now.
pub fn now_ms() -> u64 {
	SystemTime::now()
		.duration_since(UNIX_EPOCH)
		.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
		.unwrap_or(0)
}

/// Why one entry of a submission was refused; its code is part of the RPC reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
	/// 1: the entry does not follow the schema (the message names the field or limit).
	Malformed(String),
	/// 2: the signature is missing or does not verify.
	BadSignature,
	/// 3: the signer's key is not linked to any identity.
	UnknownSigner,
	/// 4: the signer's identity may not act (not active, frozen, revoked, expired…).
	InactiveSigner(String),
	/// 5: the entry names an identity other than the signer's.
	WrongIdentity,
}

impl Rejection {
	/// The per-entry error code.
	pub fn code(&self) -> u32 {
		match self {
			Rejection::Malformed(_) => 1,
			Rejection::BadSignature => 2,
			Rejection::UnknownSigner => 3,
			Rejection::InactiveSigner(_) => 4,
			Rejection::WrongIdentity => 5,
		}
	}

	/// A short name.
	pub fn name(&self) -> &'static str {
		match self {
			Rejection::Malformed(_) => "malformed",
			Rejection::BadSignature => "badSignature",
			Rejection::UnknownSigner => "unknownSigner",
			Rejection::InactiveSigner(_) => "inactiveSigner",
			Rejection::WrongIdentity => "wrongIdentity",
		}
	}

	/// What to tell the submitter.
	pub fn message(&self) -> String {
		match self {
			Rejection::Malformed(why) => format!("malformed entry: {why}"),
			Rejection::BadSignature => {
				"the signature does not verify with the signer's key for this ledger".into()
			},
			Rejection::UnknownSigner => "the signer's key is not linked to any identity".into(),
			Rejection::InactiveSigner(why) => format!("the signer's identity may not act: {why}"),
			Rejection::WrongIdentity => {
				"the entry's identity is not the one the signer's key is linked to".into()
			},
		}
	}
}

/// Why a submission as a whole was refused.
#[derive(Debug)]
pub enum SubmitError {
	/// More than [`MAX_BATCH`] entries, or none.
	BadBatchSize(usize),
	/// The gateway has no stream yet (it is starting).
	NotReady,
	/// The store failed; nothing was acknowledged.
	Store(StoreError),
}

/// What the gateway is doing, for `notary_gatewayStatus` and the anchoring task.
#[derive(Clone, Debug, Default)]
pub struct Status {
	/// The gateway's stream, once opened or found.
	pub stream: Option<u64>,
	/// Size of the tree last anchored in the best chain.
	pub anchored: u64,
	/// Size of the tree last anchored in the finalised chain.
	pub finalised: u64,
	/// Size of the tree of the anchor in flight.
	pub pending: Option<u64>,
	/// Why anchoring is stopped, if it is.
	pub halted: Option<String>,
	/// The notary account.
	pub notary: Option<AccountId>,
	/// The usage reporter's progress.
	pub usage: usage::UsageStatus,
}

struct WriteRequest {
	entries: Vec<Prepared>,
	reply: oneshot::Sender<Result<Vec<Stored>, StoreError>>,
}

/// The gateway, shared by the RPC and the anchoring task.
pub struct Gateway<C> {
	store: Arc<Store>,
	client: Arc<C>,
	genesis: [u8; 32],
	writer: mpsc::SyncSender<WriteRequest>,
	status: Arc<Mutex<Status>>,
	key: Arc<anchor::NotaryKey>,
}

/// What the gateway needs of a client: what bundles need, and the runtime APIs of the
/// identity registry, the agreements, the notary, account nonces and the runtime version.
pub trait GatewayClient:
	EvidenceClient<
	Api: IdentityRegistryApi<
		Block,
		AccountId,
		ParticipantOf<Runtime>,
		SpaceOf<Runtime>,
		HistoryEntryOf<Runtime>,
	> + AgreementsApi<
		Block,
		AgreementInfoOf<Runtime>,
		DecisionOf<Runtime>,
		TemplateOf<Runtime>,
		TemplateVersionOf<Runtime>,
	> + NotaryApi<Block, RecordOf<Runtime>, StreamOf<Runtime>, AnchorOf<Runtime>>
	         + AccountNonceApi<Block, AccountId, Nonce>
	         + sp_api::Core<Block>,
>
{
}

impl<C> GatewayClient for C where
	C: EvidenceClient<
		Api: IdentityRegistryApi<
			Block,
			AccountId,
			ParticipantOf<Runtime>,
			SpaceOf<Runtime>,
			HistoryEntryOf<Runtime>,
		> + AgreementsApi<
			Block,
			AgreementInfoOf<Runtime>,
			DecisionOf<Runtime>,
			TemplateOf<Runtime>,
			TemplateVersionOf<Runtime>,
		> + NotaryApi<Block, RecordOf<Runtime>, StreamOf<Runtime>, AnchorOf<Runtime>>
		         + AccountNonceApi<Block, AccountId, Nonce>
		         + sp_api::Core<Block>,
	>
{
}

/// Who a signer's key belongs to, at the best block.
pub(crate) struct Signer {
	pub id: tds_primitives::identity::IdentityId,
	pub roles: tds_primitives::identity::Roles,
	pub standing: Result<(), String>,
}

pub(crate) fn signer_of<C: GatewayClient>(
	client: &C,
	key: [u8; 32],
) -> Result<Option<Signer>, String> {
	let best = client.info().best_hash;
	let info = client
		.runtime_api()
		.participant_by_account(best, AccountId::from(key))
		.map_err(|e| format!("runtime API: {e}"))?;
	Ok(info.map(|info| Signer {
		id: info.id,
		roles: info.record.roles,
		standing: info.standing.map_err(|why| format!("{why:?}")),
	}))
}

impl<C: GatewayClient> Gateway<C> {
	/// Opens the store and starts its writer thread.
	pub fn open(
		config: &Config,
		client: Arc<C>,
		key: anchor::NotaryKey,
	) -> Result<Arc<Self>, StoreError> {
		let store = Arc::new(Store::open(&config.path)?);
		let genesis = client.info().genesis_hash.0;
		let (writer, requests) = mpsc::sync_channel::<WriteRequest>(MAX_GROUP);
		let writer_store = store.clone();
		std::thread::Builder::new()
			.name("gateway-writer".into())
			.spawn(move || write_loop(&writer_store, &requests))
			.map_err(|e| StoreError(format!("cannot start the writer: {e}")))?;
		let status =
			Status { stream: store.stream()?, notary: Some(key.account()), ..Default::default() };
		Ok(Arc::new(Gateway {
			store,
			client,
			genesis,
			writer,
			status: Arc::new(Mutex::new(status)),
			key: Arc::new(key),
		}))
	}

	/// The store.
	pub fn store(&self) -> &Arc<Store> {
		&self.store
	}

	/// The client.
	pub fn client(&self) -> &Arc<C> {
		&self.client
	}

	/// The notary key.
	pub fn key(&self) -> &Arc<anchor::NotaryKey> {
		&self.key
	}

	/// The genesis hash entries are bound to.
	pub fn genesis(&self) -> [u8; 32] {
		self.genesis
	}

	/// A copy of the current status.
	pub fn status(&self) -> Status {
		self.status.lock().map(|s| s.clone()).unwrap_or_default()
	}

	pub(crate) fn update_status(&self, update: impl FnOnce(&mut Status)) {
		if let Ok(mut status) = self.status.lock() {
			update(&mut status);
		}
	}

	/// Checks every entry, stores the valid ones durably and says, per entry, where it is or
	/// why it was refused. Returns only once the accepted entries are on disk.
	pub async fn submit(
		&self,
		entries: Vec<LogEntryJson>,
	) -> Result<(u64, Vec<Result<Stored, Rejection>>), SubmitError> {
		if entries.is_empty() || entries.len() > MAX_BATCH {
			return Err(SubmitError::BadBatchSize(entries.len()));
		}
		let stream = self.status().stream.ok_or(SubmitError::NotReady)?;
		let mut signers: HashMap<[u8; 32], Result<Option<Signer>, String>> = HashMap::new();
		// Accepted entries move to the writer; each position keeps only its refusal, if any.
		let mut accepted: Vec<Prepared> = Vec::with_capacity(entries.len());
		let mut refusals: Vec<Option<Rejection>> = Vec::with_capacity(entries.len());
		for json in &entries {
			match self.check(json, &mut signers) {
				Ok(prepared) => {
					accepted.push(prepared);
					refusals.push(None);
				},
				Err(rejection) => refusals.push(Some(rejection)),
			}
		}
		let mut stored = if accepted.is_empty() {
			Vec::new().into_iter()
		} else {
			let (reply, answer) = oneshot::channel();
			self.writer
				.send(WriteRequest { entries: accepted, reply })
				.map_err(|_| SubmitError::Store(StoreError("the writer has stopped".into())))?;
			answer
				.await
				.map_err(|_| SubmitError::Store(StoreError("the writer has stopped".into())))?
				.map_err(SubmitError::Store)?
				.into_iter()
		};
		let results = refusals
			.into_iter()
			.map(|refusal| match refusal {
				None => stored
					.next()
					.ok_or_else(|| Rejection::Malformed("internal: no store result".into())),
				Some(rejection) => Err(rejection),
			})
			.collect();
		Ok((stream, results))
	}

	fn check(
		&self,
		json: &LogEntryJson,
		signers: &mut HashMap<[u8; 32], Result<Option<Signer>, String>>,
	) -> Result<Prepared, Rejection> {
		let signed = json.to_signed().map_err(|e| match e {
			EntryError::BadSignature => Rejection::BadSignature,
			other => Rejection::Malformed(other.to_string()),
		})?;
		if !verify_signature(&self.genesis, &signed) {
			return Err(Rejection::BadSignature);
		}
		let signer = signers
			.entry(signed.signer)
			.or_insert_with(|| signer_of(&*self.client, signed.signer));
		match signer {
			Err(e) => Err(Rejection::InactiveSigner(format!("cannot read the registry: {e}"))),
			Ok(None) => Err(Rejection::UnknownSigner),
			Ok(Some(signer)) => {
				if let Err(why) = &signer.standing {
					return Err(Rejection::InactiveSigner(why.clone()));
				}
				if signer.id != signed.entry.identity {
					return Err(Rejection::WrongIdentity);
				}
				Ok(Prepared::new(signed))
			},
		}
	}
}

/// The writer thread: merges waiting submissions into one durable transaction (one fsync for
/// all of them), then answers each.
fn write_loop(store: &Store, requests: &mpsc::Receiver<WriteRequest>) {
	while let Ok(first) = requests.recv() {
		let mut group = vec![first];
		while group.len() < MAX_GROUP {
			match requests.try_recv() {
				Ok(next) => group.push(next),
				Err(_) => break,
			}
		}
		let counts: Vec<usize> = group.iter().map(|request| request.entries.len()).collect();
		let entries: Vec<Prepared> = group
			.iter_mut()
			.flat_map(|request| std::mem::take(&mut request.entries))
			.collect();
		match store.append(&entries, now_ms()) {
			Ok(stored) => {
				let mut stored = stored.into_iter();
				for (request, count) in group.into_iter().zip(counts) {
					let mine: Vec<Stored> = stored.by_ref().take(count).collect();
					let _ = request.reply.send(Ok(mine));
				}
			},
			Err(e) => {
				log::error!(target: "gateway", "storing {} entries failed: {e}", entries.len());
				for request in group {
					let _ = request.reply.send(Err(StoreError(e.0.clone())));
				}
			},
		}
	}
}
