//! Offline verification of a bundle against trusted validator sets: no network, no node.
//!
//! The checks, in order (docs/evidence-bundle.md §Verification):
//!
//! 1. `format`: a version-1 bundle;
//! 2. `header`: B's header decodes and hashes (BLAKE2-256) to the declared block hash and number;
//! 3. `state-proof`: the proof's trie nodes lead from B's state root to every storage item read;
//! 4. `chain`: the genesis hash in B's state (`System::BlockHash(0)`) is the trusted one;
//! 5. `anchor` / `record`: the subject's storage value decodes to exactly what the bundle
//!    claims;
//! 6. `inclusion` (log entries): the entry's leaf hash and inclusion proof lead to the anchored
//!    root; `document` (notarised events, if a document is given): its BLAKE3 is the digest;
//! 7. `set-changes`: from a trusted set to the signing set, each change justified by the
//!    outgoing set;
//! 8. `finality`: the justification is signed by more than two thirds of the signing set and
//!    finalises B or a descendant linked to B by the ancestry headers.

use crate::{
	bundle::{AnchorClaim, Bundle, RecordClaim, Subject, TrustedSets, FORMAT, VERSION},
	grandpa::{
		decode_header, header_hash, justification_target, scheduled_change, verify_justification,
		VoterSet,
	},
	keys,
};
use codec::DecodeAll;
use sp_runtime::traits::{BlakeTwo256, Header as _};
use std::collections::BTreeMap;
use tds_primitives::{merkle, notary::Anchor, AccountId, BlockNumber};

/// The outcome of one check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
	/// It holds; what was established.
	Passed(String),
	/// It does not hold; why.
	Failed(String),
	/// Not run: a check it depends on failed.
	Skipped,
}

/// One named check and its outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
	/// The check's name (`format`, `header`, `state-proof`, …).
	pub name: &'static str,
	/// Its outcome.
	pub outcome: Outcome,
}

/// Every check of a verification.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
	/// The checks, in order.
	pub checks: Vec<Check>,
}

impl Report {
	/// Whether every check passed.
	pub fn verified(&self) -> bool {
		!self.checks.is_empty()
			&& self.checks.iter().all(|c| matches!(c.outcome, Outcome::Passed(_)))
	}

	/// The first failed check, if any.
	pub fn first_failure(&self) -> Option<&Check> {
		self.checks.iter().find(|c| matches!(c.outcome, Outcome::Failed(_)))
	}

	fn record<T>(
		&mut self,
		name: &'static str,
		result: Option<Result<(T, String), String>>,
	) -> Option<T> {
		match result {
			None => {
				self.checks.push(Check { name, outcome: Outcome::Skipped });
				None
			},
			Some(Ok((value, detail))) => {
				self.checks.push(Check { name, outcome: Outcome::Passed(detail) });
				Some(value)
			},
			Some(Err(why)) => {
				self.checks.push(Check { name, outcome: Outcome::Failed(why) });
				None
			},
		}
	}
}

fn short(bytes: &[u8; 32]) -> String {
	format!("0x{}…", hex::encode(&bytes[..4]))
}

/// Reads `key` from the state whose root is `root`, through the proof's nodes only.
fn read(
	db: &sp_trie::MemoryDB<BlakeTwo256>,
	root: &sp_core::H256,
	key: &[u8],
) -> Result<Option<Vec<u8>>, String> {
	sp_trie::read_trie_value::<sp_trie::LayoutV1<BlakeTwo256>, _>(db, root, key, None, None)
		.map_err(|e| format!("the proof does not lead from the state root to the key: {e}"))
}

/// The storage item a subject is proven by.
fn subject_key(subject: &Subject) -> Vec<u8> {
	match subject {
		Subject::LogEntry { stream, anchor, .. } => keys::anchor_key(*stream, anchor.size),
		Subject::NotarisedEvent { digest, .. } => keys::record_key(&digest.0),
	}
}

fn check_anchor(
	value: &[u8],
	claim: &AnchorClaim,
) -> Result<(Anchor<BlockNumber>, String), String> {
	let anchor = Anchor::<BlockNumber>::decode_all(&mut &value[..])
		.map_err(|e| format!("the anchor's storage value does not decode: {e}"))?;
	let proven = AnchorClaim::from(&anchor);
	if &proven != claim {
		return Err(format!("the bundle claims {claim:?} but the chain anchored {proven:?}"));
	}
	let detail = format!(
		"size {} with root {} anchored at block #{} (time {} ms), anchor #{} of the stream",
		anchor.size,
		short(&anchor.root.0),
		anchor.block,
		anchor.timestamp,
		anchor.index
	);
	Ok((anchor, detail))
}

fn check_record(value: &[u8], claim: &RecordClaim) -> Result<((), String), String> {
	let record =
		tds_primitives::notary::Record::<AccountId, BlockNumber>::decode_all(&mut &value[..])
			.map_err(|e| format!("the record's storage value does not decode: {e}"))?;
	let proven = RecordClaim::from(&record);
	if &proven != claim {
		return Err(format!("the bundle claims {claim:?} but the chain recorded {proven:?}"));
	}
	Ok((
		(),
		format!(
			"{} notarised by identity {} at block #{} (time {} ms), event #{}",
			proven.kind,
			short(&proven.identity.0),
			record.block,
			record.timestamp,
			record.sequence
		),
	))
}

/// The signing set, established from the trusted sets and the bundle's set changes; and the
/// number of the last change's block (blocks after it are the signing set's).
fn signing_set(
	bundle: &Bundle,
	trust: &TrustedSets,
) -> Result<((VoterSet, Option<BlockNumber>), String), String> {
	let wanted = bundle.finality.set_id;
	let trusted = trust
		.sets
		.iter()
		.filter(|set| set.set_id <= wanted)
		.max_by_key(|set| set.set_id)
		.ok_or_else(|| {
			format!("no trusted validator set at or before set {wanted}, which signed the bundle")
		})?;
	let mut set = VoterSet {
		set_id: trusted.set_id,
		voters: trusted.authorities.iter().map(|key| (key.0, 1u64)).collect::<BTreeMap<_, _>>(),
	};
	let mut last_change = None;
	let mut applied = 0usize;
	for change in bundle.finality.set_changes.iter().filter(|c| c.set_id >= trusted.set_id) {
		if set.set_id == wanted {
			break;
		}
		if change.set_id != set.set_id {
			return Err(format!(
				"set change of set {} where set {} was expected",
				change.set_id, set.set_id
			));
		}
		let header = decode_header(&change.header.0).map_err(|e| {
			format!("set change {}: the header does not decode: {e}", change.set_id)
		})?;
		let finalised = verify_justification(&change.justification.0, &set)
			.map_err(|e| format!("set change {}: {e}", change.set_id))?;
		if finalised.hash != header_hash(&header) {
			return Err(format!(
				"set change {}: the justification is not for the change's header",
				change.set_id
			));
		}
		last_change = Some(*header.number());
		set = scheduled_change(&header, set.set_id)
			.map_err(|e| format!("set change {}: {e}", change.set_id))?;
		applied = applied.saturating_add(1);
	}
	if set.set_id != wanted {
		return Err(format!(
			"the bundle is signed by set {wanted}, but the changes lead from trusted set {} only \
			 to set {}",
			trusted.set_id, set.set_id
		));
	}
	let detail = if applied == 0 {
		format!("the bundle is signed by trusted set {wanted} ({} validators)", set.voters.len())
	} else {
		format!(
			"{applied} change(s) lead from trusted set {} to set {wanted} ({} validators), each \
			 signed by the outgoing set",
			trusted.set_id,
			set.voters.len()
		)
	};
	Ok(((set, last_change), detail))
}

/// Verifies `bundle` against `trust`; `document`, if given, must hash (BLAKE3) to a notarised
/// event's digest.
pub fn verify(bundle: &Bundle, trust: &TrustedSets, document: Option<&[u8]>) -> Report {
	let mut report = Report::default();

	let format = (bundle.format == FORMAT && bundle.version == VERSION)
		.then(|| ((), format!("{FORMAT} version {VERSION}")))
		.ok_or_else(|| {
			format!("expected {FORMAT} version {VERSION}, got {} {}", bundle.format, bundle.version)
		});
	let format = report.record("format", Some(format));

	let header = format.and_then(|()| {
		report.record(
			"header",
			Some((|| {
				let header = decode_header(&bundle.state.header.0)
					.map_err(|e| format!("block B's header does not decode: {e}"))?;
				let hash = header_hash(&header);
				if hash != bundle.state.block_hash.0 {
					return Err(format!(
						"the header hashes to 0x{}, not to the declared block hash {}",
						hex::encode(hash),
						bundle.state.block_hash
					));
				}
				if *header.number() != bundle.state.block_number {
					return Err(format!(
						"the header is of block #{}, not of the declared #{}",
						header.number(),
						bundle.state.block_number
					));
				}
				let detail = format!(
					"block #{} {} decodes and hashes to its declared hash",
					header.number(),
					short(&hash)
				);
				Ok((header, detail))
			})()),
		)
	});

	let values = report.record(
		"state-proof",
		header.as_ref().map(|header| {
			let db = sp_trie::StorageProof::new(bundle.state.proof.iter().map(|n| n.0.clone()))
				.into_memory_db::<BlakeTwo256>();
			let root = header.state_root();
			let genesis = read(&db, root, &keys::genesis_hash_key())?
				.ok_or("the state holds no genesis hash")?;
			let subject = read(&db, root, &subject_key(&bundle.subject))?
				.ok_or("the subject's storage item is not in B's state")?;
			let detail = format!(
				"{} trie nodes prove 2 items under state root {}",
				bundle.state.proof.len(),
				short(&root.0)
			);
			Ok(((genesis, subject), detail))
		}),
	);

	let chain = report.record(
		"chain",
		values.as_ref().map(|(genesis, _)| {
			if genesis[..] != trust.genesis_hash.0[..] {
				return Err(format!(
					"the chain's genesis hash is 0x{}, not the trusted {}",
					hex::encode(genesis),
					trust.genesis_hash
				));
			}
			if bundle.chain.genesis_hash != trust.genesis_hash {
				return Err(format!(
					"the bundle declares genesis {}, not the trusted {}",
					bundle.chain.genesis_hash, trust.genesis_hash
				));
			}
			Ok(((), format!("genesis hash {} as trusted", trust.genesis_hash)))
		}),
	);
	let _ = chain;

	match &bundle.subject {
		Subject::LogEntry { leaf_index, entry, inclusion_proof, anchor: claim, stream } => {
			let anchor = report
				.record("anchor", values.as_ref().map(|(_, value)| check_anchor(value, claim)));
			report.record(
				"inclusion",
				anchor.map(|anchor| {
					let leaf = merkle::leaf_hash(&entry.0);
					let proof: Vec<merkle::MerkleHash> =
						inclusion_proof.iter().map(|h| h.0).collect();
					merkle::verify_inclusion(
						*leaf_index,
						anchor.size,
						&leaf,
						&proof,
						&anchor.root.0,
					)
					.map_err(|e| {
						format!(
							"entry {leaf_index} ({} bytes) with this inclusion proof does not \
								 lead to the anchored root: {e:?}",
							entry.0.len()
						)
					})?;
					Ok((
						(),
						format!(
						"entry {leaf_index} of stream {stream} ({} bytes, leaf {}) is in the tree \
						 of {} entries ({} proof hashes)",
						entry.0.len(),
						short(&leaf),
						anchor.size,
						proof.len()
					),
					))
				}),
			);
		},
		Subject::NotarisedEvent { digest, record: claim } => {
			report.record("record", values.as_ref().map(|(_, value)| check_record(value, claim)));
			if let Some(document) = document {
				// BLAKE3-256, as every notarised digest (SPEC §7).
				let hash: [u8; 32] = blake3::hash(document).into();
				let outcome = if hash == digest.0 {
					Ok(((), format!("the document's BLAKE3-256 is the notarised digest {digest}")))
				} else {
					Err(format!(
						"the document's BLAKE3-256 is 0x{}, not the notarised digest {digest}",
						hex::encode(hash)
					))
				};
				report.record("document", Some(outcome));
			}
		},
	}

	let set = report.record("set-changes", format.map(|()| signing_set(bundle, trust)));

	report.record(
		"finality",
		header.as_ref().zip(set).map(|(header, (set, last_change))| {
			let target = justification_target(&bundle.finality.justification.0)
				.map_err(|e| e.to_string())?;
			let block = header_hash(header);
			// B, then each ancestry header a child of the one before, up to the target.
			let mut tip = (block, *header.number());
			for (position, bytes) in bundle.finality.ancestry.iter().enumerate() {
				let next = decode_header(&bytes.0)
					.map_err(|e| format!("ancestry header {position} does not decode: {e}"))?;
				if next.parent_hash().0 != tip.0 || *next.number() != tip.1.saturating_add(1) {
					return Err(format!(
						"ancestry header {position} is not a child of the one before"
					));
				}
				tip = (header_hash(&next), *next.number());
			}
			if tip != target {
				return Err(format!(
					"the justification finalises #{} 0x{}, which is not block B or a descendant \
					 shown by the ancestry (another block, or another chain)",
					target.1,
					hex::encode(target.0)
				));
			}
			let finalised = verify_justification(&bundle.finality.justification.0, &set)
				.map_err(|e| e.to_string())?;
			if let Some(change) = last_change {
				if *header.number() <= change {
					return Err(format!(
						"block #{} precedes the signing set, which took over after #{change}",
						header.number()
					));
				}
			}
			Ok((
				(),
				format!(
					"{} of {} validators of set {} (weight {} of {}, {} needed) finalised #{}{}",
					finalised.signers,
					set.voters.len(),
					set.set_id,
					finalised.weight,
					set.total(),
					set.threshold(),
					finalised.number,
					if finalised.number == *header.number() {
						" = B".to_string()
					} else {
						format!(", a descendant of B by {} headers", bundle.finality.ancestry.len())
					}
				),
			))
		}),
	);
	report
}
