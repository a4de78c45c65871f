//! The anchoring task: finds or opens the gateway's stream, then anchors the store's Merkle log
//! on chain with a consistency proof from the last anchored tree, signed by the node's notary
//! key.
//!
//! The chain is the record of what is anchored: the task keeps no anchoring state of its own
//! on disk, so a restart, a crash between submitting and recording, a dropped or rejected
//! extrinsic all come down to the same step: read the stream's head, check that the store
//! agrees with it (same root at the anchored size), and anchor what lies beyond. If the store
//! and the chain disagree the task stops anchoring and says why (`notary_gatewayStatus`):
//! the stream can only be extended, so no later anchor could repair it.

use super::{now_ms, signer_of, Config, Gateway, GatewayClient};
use codec::Encode;
use pallet_notary::StreamStatus;
use pallet_notary_runtime_api::NotaryApi;
use sc_transaction_pool_api::{TransactionPool, TransactionSource};
use sp_api::Core;
use sp_core::{crypto::Pair as _, ed25519};
use sp_keystore::KeystorePtr;
use sp_runtime::{generic::Era, MultiSignature, OpaqueExtrinsic};
use std::{sync::Arc, time::Instant};
use substrate_frame_rpc_system::AccountNonceApi;
use tds_primitives::{identity::Digest, merkle, opaque::Block, AccountId};
use tds_runtime::{Runtime, RuntimeCall};

/// The keystore key type of the gateway's notary key.
pub const KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"tdsg");

/// Blocks an extrinsic stays valid; an anchor not seen on chain after that is submitted again.
pub const MORTALITY: u64 = 32;

/// The key that signs the gateway's extrinsics and exports.
#[derive(Clone)]
pub enum NotaryKey {
	/// A key given on the command line (development and tests).
	Pair(Box<ed25519::Pair>),
	/// A key in the node's keystore.
	Keystore(KeystorePtr, ed25519::Public),
}

impl NotaryKey {
	/// The key from `--gateway-notary-suri`, else the keystore's first `tdsg` ed25519 key.
	pub fn load(config: &Config, keystore: KeystorePtr) -> Result<Self, String> {
		if let Some(suri) = &config.notary_suri {
			return ed25519::Pair::from_string(suri, None)
				.map(|pair| NotaryKey::Pair(Box::new(pair)))
				.map_err(|e| format!("--gateway-notary-suri: {e:?}"));
		}
		let public =
			keystore.ed25519_public_keys(KEY_TYPE).into_iter().next().ok_or_else(|| {
				"the gateway needs a notary key: insert an ed25519 key of type `tdsg` into the \
			 keystore (tds-node key insert --key-type tdsg --scheme ed25519), or pass \
			 --gateway-notary-suri"
					.to_owned()
			})?;
		Ok(NotaryKey::Keystore(keystore, public))
	}

	/// The public key (its account is the notary account).
	pub fn public(&self) -> ed25519::Public {
		match self {
			NotaryKey::Pair(pair) => pair.public(),
			NotaryKey::Keystore(_, public) => *public,
		}
	}

	fn sign(&self, message: &[u8]) -> Result<ed25519::Signature, String> {
		match self {
			NotaryKey::Pair(pair) => Ok(pair.sign(message)),
			NotaryKey::Keystore(keystore, public) => keystore
				.ed25519_sign(KEY_TYPE, public, message)
				.map_err(|e| format!("keystore: {e}"))?
				.ok_or_else(|| "the notary key left the keystore".to_owned()),
		}
	}

	/// Signs `message` (64 bytes of ed25519 signature).
	pub fn sign_bytes(&self, message: &[u8]) -> Result<[u8; 64], String> {
		self.sign(message).map(|signature| signature.0)
	}

	/// The notary account.
	pub fn account(&self) -> AccountId {
		AccountId::from(self.public().0)
	}
}

/// The notary account's next nonces: the task has several extrinsics in flight (an anchor and
/// usage reports), so it counts past the chain's nonce itself.
#[derive(Default)]
pub struct Nonces {
	next: Option<u32>,
}

impl Nonces {
	/// Forgets the local count (an extrinsic was dropped): the next one takes the chain's nonce
	/// and fills the gap.
	pub fn reset(&mut self) {
		self.next = None;
	}
}

/// `call`, signed by `key` for the best block, as the pool takes it, with its nonce.
fn signed_extrinsic<C: GatewayClient>(
	client: &C,
	key: &NotaryKey,
	call: RuntimeCall,
	nonces: &Nonces,
) -> Result<(OpaqueExtrinsic, u32), String> {
	let info = client.info();
	let api = client.runtime_api();
	let account = key.account();
	let nonce = api
		.account_nonce(info.best_hash, account.clone())
		.map_err(|e| format!("runtime API: {e}"))?
		.max(nonces.next.unwrap_or(0));
	let version = api.version(info.best_hash).map_err(|e| format!("runtime API: {e}"))?;
	let era = Era::mortal(MORTALITY, u64::from(info.best_number));
	let extension: tds_runtime::TxExtension = (
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(era),
		pallet_admission::CheckAdmission::<Runtime>::new(),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		frame_system::WeightReclaim::<Runtime>::new(),
	);
	let implicit = (
		(),
		version.spec_version,
		version.transaction_version,
		info.genesis_hash,
		info.best_hash,
		(),
		(),
		(),
		(),
	);
	let payload = tds_runtime::SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| key.sign(bytes))?;
	let extrinsic = tds_runtime::UncheckedExtrinsic::new_signed(
		call,
		account.into(),
		MultiSignature::Ed25519(signature),
		extension,
	);
	let opaque = OpaqueExtrinsic::try_from_encoded_extrinsic(&extrinsic.encode())
		.map_err(|e| format!("encoding the extrinsic: {e}"))?;
	Ok((opaque, nonce))
}

/// What the task has in flight.
#[derive(Default)]
struct InFlight {
	/// An `open_stream` or `anchor` submitted at this best block, for this tree size (0 for
	/// `open_stream`).
	submitted: Option<(u64, u64)>,
	/// When the last anchor was submitted.
	last_anchor: Option<Instant>,
}

/// Runs the task until the node stops.
pub async fn run<C, P>(gateway: Arc<Gateway<C>>, pool: Arc<P>, config: Config)
where
	C: GatewayClient,
	P: TransactionPool<Block = Block> + 'static,
{
	let mut in_flight = InFlight::default();
	let mut nonces = Nonces::default();
	let mut reporter = super::usage::Reporter::default();
	let key = gateway.key().clone();
	loop {
		match step(&gateway, &*pool, &key, &config, &mut in_flight, &mut nonces).await {
			Err(why) => {
				// Say it once, not twice a second.
				if gateway.status().halted.as_ref() != Some(&why) {
					log::warn!(target: "gateway", "anchoring: {why}");
				}
				gateway.update_status(|s| s.halted = Some(why));
			},
			// Usage is reported from what the chain holds, only while the store agrees with it.
			Ok(()) => {
				if let Err(why) =
					reporter.step(&gateway, &*pool, &mut nonces, config.usage_interval).await
				{
					log::warn!(target: "gateway", "usage reports: {why}");
				}
			},
		}
		tokio::time::sleep(std::time::Duration::from_millis(500)).await;
	}
}

/// Signs `call` with the next nonce and hands it to the pool.
pub async fn submit<C: GatewayClient, P: TransactionPool<Block = Block>>(
	gateway: &Gateway<C>,
	pool: &P,
	key: &NotaryKey,
	call: RuntimeCall,
	nonces: &mut Nonces,
) -> Result<(), String> {
	let client = gateway.client();
	let (extrinsic, nonce) = signed_extrinsic(&**client, key, call, nonces)?;
	match pool
		.submit_one(client.info().best_hash, TransactionSource::Local, extrinsic)
		.await
	{
		Ok(_) => {
			nonces.next = Some(nonce.saturating_add(1));
			Ok(())
		},
		Err(e) => {
			nonces.reset();
			Err(format!("the pool refused the extrinsic: {e}"))
		},
	}
}

async fn step<C: GatewayClient, P: TransactionPool<Block = Block>>(
	gateway: &Gateway<C>,
	pool: &P,
	key: &NotaryKey,
	config: &Config,
	in_flight: &mut InFlight,
	nonces: &mut Nonces,
) -> Result<(), String> {
	let client = gateway.client();
	let info = client.info();
	let best_number = u64::from(info.best_number);
	// Forget a submission the chain has not taken within its mortality: it was dropped.
	if let Some((at, _)) = in_flight.submitted {
		if best_number > at.saturating_add(MORTALITY) {
			log::warn!(target: "gateway", "an extrinsic submitted at #{at} was not included; retrying");
			in_flight.submitted = None;
			nonces.reset();
		}
	}
	let api = client.runtime_api();
	let owner = signer_of(&**client, key.public().0)?
		.ok_or_else(|| format!("the notary key {} is not linked to any identity", key.account()))?;
	owner
		.standing
		.as_ref()
		.map_err(|why| format!("the notary identity may not act: {why}"))?;

	let Some(stream) = gateway.status().stream else {
		// Find the stream (opened by an earlier run whose record was lost), or open it.
		let streams = api
			.streams_of(info.best_hash, owner.id, None, 100)
			.map_err(|e| format!("runtime API: {e}"))?;
		let found = streams.into_iter().find(|(_, s)| {
			s.name.as_slice() == config.stream_name.as_bytes() && s.status == StreamStatus::Open
		});
		if let Some((id, _)) = found {
			gateway.store().set_stream(id).map_err(|e| e.to_string())?;
			gateway.update_status(|s| {
				s.stream = Some(id);
				s.halted = None;
			});
			in_flight.submitted = None;
			log::info!(target: "gateway", "log stream {id} ({})", config.stream_name);
		} else if in_flight.submitted.is_none() {
			let call = RuntimeCall::Notary(pallet_notary::Call::open_stream {
				name: config.stream_name.as_bytes().to_vec(),
			});
			submit(gateway, pool, key, call, nonces).await?;
			in_flight.submitted = Some((best_number, 0));
		}
		return Ok(());
	};

	let head = api
		.stream(info.best_hash, stream)
		.map_err(|e| format!("runtime API: {e}"))?
		.ok_or_else(|| format!("stream {stream} is not on chain"))?;
	if head.owner != owner.id {
		return Err(format!("stream {stream} belongs to another identity"));
	}
	// A runtime API instance serves one block: the finalised state needs its own.
	let finalised = client
		.runtime_api()
		.stream(info.finalized_hash, stream)
		.ok()
		.flatten()
		.map_or(0, |f| f.size);
	let size = gateway.store().size().map_err(|e| e.to_string())?;
	let view = gateway.store().tree().map_err(|e| e.to_string())?;
	if head.size > size {
		return Err(format!(
			"the chain has {} entries of stream {stream} anchored but the store holds {size}: \
			 the store is behind the chain (restored from an old copy?); anchoring stopped",
			head.size
		));
	}
	if merkle::root_at(&view, head.size).map(Digest::from) != Some(head.root) {
		return Err(format!(
			"the store's root at size {} differs from the root anchored for stream {stream}; \
			 anchoring stopped",
			head.size
		));
	}
	if let Some((_, pending)) = in_flight.submitted {
		if head.size >= pending {
			in_flight.submitted = None;
		}
	}
	gateway.update_status(|s| {
		s.anchored = head.size;
		s.finalised = finalised;
		s.pending = in_flight.submitted.map(|(_, size)| size);
		s.halted = None;
	});
	if head.status != StreamStatus::Open {
		return Err(format!("stream {stream} is sealed; nothing more can be anchored"));
	}
	let waiting = size.saturating_sub(head.size);
	let due = in_flight.last_anchor.is_none_or(|at| at.elapsed() >= config.anchor_interval);
	if waiting == 0 || in_flight.submitted.is_some() || !(due || waiting >= config.anchor_size) {
		return Ok(());
	}
	let root = merkle::root_at(&view, size).ok_or("the store's tree is incomplete")?;
	let proof = merkle::consistency_proof(&view, head.size, size).map_err(|e| e.to_string())?;
	let call = RuntimeCall::Notary(pallet_notary::Call::anchor {
		stream,
		size,
		root: Digest::from(root),
		proof: proof.into_iter().map(Digest::from).collect(),
	});
	submit(gateway, pool, key, call, nonces).await?;
	log::debug!(target: "gateway", "anchoring stream {stream} at {size} entries ({waiting} new) at {}", now_ms());
	in_flight.submitted = Some((best_number, size));
	in_flight.last_anchor = Some(Instant::now());
	gateway.update_status(|s| s.pending = Some(size));
	Ok(())
}
