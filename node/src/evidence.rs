//! Assembles evidence bundles (docs/evidence-bundle.md) from the node's own database.
//!
//! Block B is always the target of GRANDPA's best justification, which the voter keeps for the
//! latest finalised block (in the database, so it survives restarts): a bundle can be assembled
//! as soon as the subject's block is final, and needs no ancestry headers. The justification is
//! signed by the set that finalised B; the bundle carries the validator-set changes from the set
//! the caller trusts (set 0 unless told) to that one, each the stored justification of the
//! change's block, which GRANDPA always keeps.

use codec::Encode;
use pallet_notary::{AnchorOf, RecordOf, StreamOf};
use pallet_notary_runtime_api::NotaryApi;
use sc_client_api::{AuxStore, BlockBackend, ProofProvider};
use sc_consensus_grandpa::{GrandpaJustification, SharedAuthoritySet};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Header as _;
use std::sync::Arc;
use tds_evidence::{
	bundle::{
		AnchorClaim, Bundle, Bytes, Bytes32, Chain, Finality, RecordClaim, SetChange, State,
		Subject, TrustedSet, TrustedSets, FORMAT, VERSION,
	},
	keys,
};
use tds_primitives::{
	identity::Digest, merkle, notary::StreamId, opaque::Block, BlockNumber, Hash,
};
use tds_runtime::Runtime;

/// Longest log entry a bundle is assembled for (1 MiB).
pub const MAX_ENTRY_BYTES: usize = 1 << 20;

/// Why a bundle cannot be assembled.
#[derive(Debug, PartialEq, Eq)]
pub enum BundleError {
	/// Nothing is finalised yet, or the subject is not in the finalised state yet.
	NotFinalised(String),
	/// No such anchor, stream or record in the finalised state.
	NotFound(String),
	/// The caller's inclusion proof does not lead to the anchored root.
	InvalidInclusionProof(String),
	/// The entry is larger than [`MAX_ENTRY_BYTES`].
	TooLarge(usize),
	/// Data the bundle needs is missing from this node's database.
	Unavailable(String),
	/// The assembled bundle did not verify (a bug, never expected).
	SelfCheck(String),
}

impl std::fmt::Display for BundleError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			BundleError::NotFinalised(why)
			| BundleError::NotFound(why)
			| BundleError::InvalidInclusionProof(why)
			| BundleError::Unavailable(why)
			| BundleError::SelfCheck(why) => write!(f, "{why}"),
			BundleError::TooLarge(len) => {
				write!(f, "the entry has {len} bytes; at most {MAX_ENTRY_BYTES} are accepted")
			},
		}
	}
}

/// What assembling bundles needs of a client: headers, justifications, read proofs, GRANDPA's
/// auxiliary data, and the runtime (whose API must include `NotaryApi`).
pub trait EvidenceClient:
	ProvideRuntimeApi<Block>
	+ HeaderBackend<Block>
	+ BlockBackend<Block>
	+ ProofProvider<Block>
	+ AuxStore
	+ Send
	+ Sync
	+ 'static
{
}

impl<C> EvidenceClient for C where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockBackend<Block>
		+ ProofProvider<Block>
		+ AuxStore
		+ Send
		+ Sync
		+ 'static
{
}

/// The finalised block bundles are proven at.
struct Point {
	hash: Hash,
	header: tds_primitives::Header,
	justification: Vec<u8>,
	set_id: u64,
}

/// Assembles bundles from a client's database.
pub struct BundleAssembler<C> {
	client: Arc<C>,
	authority_set: SharedAuthoritySet<Hash, BlockNumber>,
}

impl<C> Clone for BundleAssembler<C> {
	fn clone(&self) -> Self {
		Self { client: self.client.clone(), authority_set: self.authority_set.clone() }
	}
}

impl<C> BundleAssembler<C>
where
	C: EvidenceClient,
	C::Api: NotaryApi<Block, RecordOf<Runtime>, StreamOf<Runtime>, AnchorOf<Runtime>>,
{
	/// Assembles from `client`, following GRANDPA's `authority_set`.
	pub fn new(client: Arc<C>, authority_set: SharedAuthoritySet<Hash, BlockNumber>) -> Self {
		Self { client, authority_set }
	}

	fn unavailable(e: impl std::fmt::Display) -> BundleError {
		BundleError::Unavailable(format!("database: {e}"))
	}

	fn genesis_hash(&self) -> Hash {
		self.client.info().genesis_hash
	}

	/// The set that finalised block `number`: the first set whose last block is at or after
	/// it, else the current one.
	fn set_of(&self, number: BlockNumber) -> u64 {
		let changes = self.authority_set.authority_set_changes();
		changes
			.iter_from(0)
			.and_then(|mut changes| changes.find(|(_, last)| *last >= number).map(|(id, _)| *id))
			.unwrap_or_else(|| self.authority_set.set_id())
	}

	/// The latest finalised block with its justification.
	fn point(&self) -> Result<Point, BundleError> {
		let best = sc_consensus_grandpa::best_justification::<_, Block>(&*self.client)
			.map_err(Self::unavailable)?
			.ok_or_else(|| BundleError::NotFinalised("GRANDPA has finalised nothing yet".into()))?;
		let (number, hash) = best.target();
		let header = self
			.client
			.header(hash)
			.map_err(Self::unavailable)?
			.ok_or_else(|| BundleError::Unavailable(format!("no header of block #{number}")))?;
		let justification: GrandpaJustification<Block> = best;
		Ok(Point {
			hash,
			header,
			justification: justification.encode(),
			set_id: self.set_of(number),
		})
	}

	/// The validator-set changes from set `from` to set `to`.
	fn set_changes(&self, from: u64, to: u64) -> Result<Vec<SetChange>, BundleError> {
		let changes = self.authority_set.authority_set_changes();
		let known: Vec<(u64, BlockNumber)> = changes
			.iter_from(0)
			.map(|changes| changes.copied().collect())
			.unwrap_or_default();
		(from..to)
			.map(|set_id| {
				let (_, last) = known.iter().find(|(id, _)| *id == set_id).ok_or_else(|| {
					BundleError::Unavailable(format!("the last block of set {set_id} is unknown"))
				})?;
				let hash = self
					.client
					.hash(*last)
					.map_err(Self::unavailable)?
					.ok_or_else(|| BundleError::Unavailable(format!("no block #{last}")))?;
				let header = self
					.client
					.header(hash)
					.map_err(Self::unavailable)?
					.ok_or_else(|| BundleError::Unavailable(format!("no header of #{last}")))?;
				let justification = self
					.client
					.justifications(hash)
					.map_err(Self::unavailable)?
					.and_then(|j| j.into_justification(sp_consensus_grandpa::GRANDPA_ENGINE_ID))
					.ok_or_else(|| {
						BundleError::Unavailable(format!(
							"no justification of #{last}, the last block of set {set_id}"
						))
					})?;
				Ok(SetChange {
					set_id,
					header: Bytes(header.encode()),
					justification: Bytes(justification),
				})
			})
			.collect()
	}

	/// Reads `keys` at the point and wraps everything up.
	fn bundle(
		&self,
		point: &Point,
		subject: Subject,
		subject_key: Vec<u8>,
		trusted_set: Option<u64>,
	) -> Result<Bundle, BundleError> {
		let keys = [keys::genesis_hash_key(), subject_key];
		let proof = self
			.client
			.read_proof(point.hash, &mut keys.iter().map(Vec::as_slice))
			.map_err(Self::unavailable)?;
		let from = trusted_set.unwrap_or(0).min(point.set_id);
		let bundle = Bundle {
			format: FORMAT.into(),
			version: VERSION,
			subject,
			chain: Chain { genesis_hash: Bytes32(self.genesis_hash().0) },
			state: State {
				block_number: *point.header.number(),
				block_hash: Bytes32(point.hash.0),
				header: Bytes(point.header.encode()),
				proof: proof.into_iter_nodes().map(Bytes).collect(),
			},
			finality: Finality {
				set_id: point.set_id,
				justification: Bytes(point.justification.clone()),
				ancestry: Vec::new(),
				set_changes: self.set_changes(from, point.set_id)?,
			},
		};
		self.self_check(&bundle, point.set_id)?;
		Ok(bundle)
	}

	/// Verifies a bundle signed by the current set, as an auditor will, before handing it out.
	fn self_check(&self, bundle: &Bundle, set_id: u64) -> Result<(), BundleError> {
		let Some(trust) = self.trusted_set().sets.pop().filter(|set| set.set_id == set_id) else {
			return Ok(());
		};
		let trust = TrustedSets { genesis_hash: bundle.chain.genesis_hash, sets: vec![trust] };
		let report = tds_evidence::verify(bundle, &trust, None);
		match report.first_failure() {
			None => Ok(()),
			Some(check) => Err(BundleError::SelfCheck(format!("assembled bundle fails {check:?}"))),
		}
	}

	/// The current validator set as a trust root: what an auditor pins after checking it with
	/// the consortium.
	pub fn trusted_set(&self) -> TrustedSets {
		let voters = self.authority_set.current_authorities();
		let authorities = voters
			.iter()
			.filter_map(|(id, _)| <[u8; 32]>::try_from(id.as_ref()).ok().map(Bytes32))
			.collect();
		TrustedSets {
			genesis_hash: Bytes32(self.genesis_hash().0),
			sets: vec![TrustedSet { set_id: self.authority_set.set_id(), authorities }],
		}
	}

	/// A bundle for entry `leaf_index` of `stream`, included in the tree of `tree_size` entries
	/// by `inclusion_proof` (which this node checks against the anchored root).
	pub fn log_entry(
		&self,
		stream: StreamId,
		leaf_index: u64,
		tree_size: u64,
		entry: Vec<u8>,
		inclusion_proof: Vec<[u8; 32]>,
		trusted_set: Option<u64>,
	) -> Result<Bundle, BundleError> {
		let point = self.point()?;
		self.log_entry_at(
			&point,
			stream,
			leaf_index,
			tree_size,
			entry,
			inclusion_proof,
			trusted_set,
		)
	}

	/// A bundle for entry `leaf_index` of `stream` that this node's gateway stores: proven in the
	/// latest tree anchored in the finalised state, whose inclusion proof `prove(tree_size)`
	/// gives.
	pub fn stored_log_entry(
		&self,
		stream: StreamId,
		leaf_index: u64,
		entry: Vec<u8>,
		prove: impl FnOnce(u64) -> Result<Vec<[u8; 32]>, BundleError>,
		trusted_set: Option<u64>,
	) -> Result<Bundle, BundleError> {
		let point = self.point()?;
		let at = *point.header.number();
		let size = self
			.client
			.runtime_api()
			.stream(point.hash, stream)
			.map_err(|e| BundleError::Unavailable(format!("runtime API: {e}")))?
			.map_or(0, |head| head.size);
		if leaf_index >= size {
			return Err(BundleError::NotFinalised(format!(
				"entry {leaf_index} is not yet in a tree anchored in the finalised state (block \
				 #{at} has stream {stream} at {size} entries)"
			)));
		}
		let proof = prove(size)?;
		self.log_entry_at(&point, stream, leaf_index, size, entry, proof, trusted_set)
	}

	#[allow(clippy::too_many_arguments)]
	fn log_entry_at(
		&self,
		point: &Point,
		stream: StreamId,
		leaf_index: u64,
		tree_size: u64,
		entry: Vec<u8>,
		inclusion_proof: Vec<[u8; 32]>,
		trusted_set: Option<u64>,
	) -> Result<Bundle, BundleError> {
		if entry.len() > MAX_ENTRY_BYTES {
			return Err(BundleError::TooLarge(entry.len()));
		}
		let api = self.client.runtime_api();
		let at = *point.header.number();
		let anchor = api
			.anchor_at(point.hash, stream, tree_size)
			.map_err(|e| BundleError::Unavailable(format!("runtime API: {e}")))?
			.ok_or_else(|| {
				let known = api.stream(point.hash, stream).ok().flatten().is_some();
				if known {
					BundleError::NotFound(format!(
						"stream {stream} has no anchor of size {tree_size} in the finalised state \
						 (block #{at}); it may not be final yet"
					))
				} else {
					BundleError::NotFound(format!(
						"no stream {stream} in the finalised state (block #{at})"
					))
				}
			})?;
		let leaf = merkle::leaf_hash(&entry);
		merkle::verify_inclusion(leaf_index, tree_size, &leaf, &inclusion_proof, &anchor.root.0)
			.map_err(|e| {
				BundleError::InvalidInclusionProof(format!(
					"entry {leaf_index} with this proof does not lead to the root anchored for \
					 size {tree_size} of stream {stream}: {e:?}"
				))
			})?;
		let subject = Subject::LogEntry {
			stream,
			leaf_index,
			entry: Bytes(entry),
			inclusion_proof: inclusion_proof.into_iter().map(Bytes32).collect(),
			anchor: AnchorClaim::from(&anchor),
		};
		self.bundle(point, subject, keys::anchor_key(stream, tree_size), trusted_set)
	}

	/// A bundle for the notarised event with `digest`.
	pub fn notarised_event(
		&self,
		digest: Digest,
		trusted_set: Option<u64>,
	) -> Result<Bundle, BundleError> {
		let point = self.point()?;
		let record = self
			.client
			.runtime_api()
			.record(point.hash, digest)
			.map_err(|e| BundleError::Unavailable(format!("runtime API: {e}")))?
			.ok_or_else(|| {
				BundleError::NotFound(format!(
					"{digest:?} is not notarised in the finalised state (block #{}); it may not be \
					 final yet",
					point.header.number()
				))
			})?;
		let subject = Subject::NotarisedEvent {
			digest: Bytes32(digest.0),
			record: RecordClaim::from(&record),
		};
		self.bundle(&point, subject, keys::record_key(&digest.0), trusted_set)
	}
}

#[cfg(test)]
mod tests {
	use tds_evidence::keys;
	use tds_primitives::identity::Digest;
	use tds_runtime::Runtime;

	/// The keys the verifier derives from docs/evidence-bundle.md are the runtime's own.
	#[test]
	fn evidence_keys_are_the_runtime_storage_keys() {
		assert_eq!(
			keys::anchor_key(7, 1_000_000),
			pallet_notary::Anchors::<Runtime>::hashed_key_for(7, 1_000_000)
		);
		let digest = Digest::repeat_byte(0x5a);
		assert_eq!(
			keys::record_key(&digest.0),
			pallet_notary::Records::<Runtime>::hashed_key_for(digest)
		);
		assert_eq!(keys::genesis_hash_key(), frame_system::BlockHash::<Runtime>::hashed_key_for(0));
	}
}
