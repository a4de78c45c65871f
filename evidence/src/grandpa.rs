//! GRANDPA justifications and validator-set changes, verified against a known set.

use codec::{Decode, DecodeAll, Encode};
use ed25519_dalek::{Signature, VerifyingKey};
use sp_consensus_grandpa::{ConsensusLog, GrandpaJustification, Message, GRANDPA_ENGINE_ID};
use sp_runtime::{generic::DigestItem, traits::Header as _};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use tds_primitives::{BlockNumber, Header};

/// A validator set: its id and its voters' ed25519 keys with their weights.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoterSet {
	/// The set id.
	pub set_id: u64,
	/// Public key → weight.
	pub voters: BTreeMap<[u8; 32], u64>,
}

impl VoterSet {
	/// Total weight.
	pub fn total(&self) -> u64 {
		self.voters.values().fold(0u64, |sum, w| sum.saturating_add(*w))
	}

	/// The weight a commit needs: more than two thirds (GRANDPA's `total - (total - 1) / 3`).
	pub fn threshold(&self) -> u64 {
		let total = self.total();
		total.saturating_sub(total.saturating_sub(1) / 3)
	}
}

/// What a verified justification proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finalised {
	/// The finalised block (the commit target).
	pub hash: [u8; 32],
	/// Its number.
	pub number: BlockNumber,
	/// Distinct voters with a valid precommit for it (or a descendant).
	pub signers: usize,
	/// Their total weight.
	pub weight: u64,
}

/// Why a justification or a set change does not verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GrandpaError {
	/// The bytes are not a justification (or have trailing bytes).
	Malformed(String),
	/// A precommit is signed by a key outside the set.
	SignerOutsideSet([u8; 32]),
	/// A signature does not verify (wrong key, message, round or set id).
	BadSignature([u8; 32]),
	/// A precommit is for a block that is not the target or a descendant shown by the
	/// ancestry headers.
	NotADescendant([u8; 32]),
	/// Ancestry headers that no precommit needs.
	UnusedAncestry,
	/// Not enough weight signed.
	BelowThreshold {
		/// Weight of valid precommits.
		signed: u64,
		/// Weight needed.
		threshold: u64,
		/// Weight of the set.
		total: u64,
	},
	/// A set-change header announces no change, a forced one, or one with a delay.
	NoScheduledChange(String),
}

impl std::fmt::Display for GrandpaError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			GrandpaError::Malformed(why) => write!(f, "not a GRANDPA justification: {why}"),
			GrandpaError::SignerOutsideSet(key) => {
				write!(
					f,
					"a precommit is signed by 0x{}, which is not in the set",
					hex::encode(key)
				)
			},
			GrandpaError::BadSignature(key) => {
				write!(f, "the precommit signature of 0x{} does not verify", hex::encode(key))
			},
			GrandpaError::NotADescendant(hash) => write!(
				f,
				"a precommit for 0x{} is not for the target or a proven descendant",
				hex::encode(hash)
			),
			GrandpaError::UnusedAncestry => write!(f, "ancestry headers that no vote needs"),
			GrandpaError::BelowThreshold { signed, threshold, total } => write!(
				f,
				"valid precommits weigh {signed} of {total}; more than two thirds ({threshold}) \
				 are needed"
			),
			GrandpaError::NoScheduledChange(why) => write!(f, "{why}"),
		}
	}
}

/// BLAKE2-256 of a SCALE-encoded header: the block hash.
pub fn header_hash(header: &Header) -> [u8; 32] {
	sp_crypto_hashing::blake2_256(&header.encode())
}

/// Decodes a SCALE-encoded header, refusing trailing bytes.
pub fn decode_header(bytes: &[u8]) -> Result<Header, String> {
	Header::decode_all(&mut &bytes[..]).map_err(|e| e.to_string())
}

/// The bytes a voter signs for a precommit: SCALE of `(Message::Precommit(precommit), round,
/// set_id)`, i.e. `0x01 ‖ target hash ‖ target number (u32 LE) ‖ round (u64 LE) ‖ set id (u64
/// LE)`.
pub fn precommit_payload(
	precommit: &sp_consensus_grandpa::Precommit<Header>,
	round: u64,
	set_id: u64,
) -> Vec<u8> {
	sp_consensus_grandpa::localized_payload(
		round,
		set_id,
		&Message::<Header>::Precommit(precommit.clone()),
	)
}

/// The block a SCALE-encoded justification claims to finalise (its commit target), before any
/// signature is checked.
pub fn justification_target(encoded: &[u8]) -> Result<([u8; 32], BlockNumber), GrandpaError> {
	let justification = GrandpaJustification::<Header>::decode_all(&mut &encoded[..])
		.map_err(|e| GrandpaError::Malformed(e.to_string()))?;
	Ok((justification.commit.target_hash.0, justification.commit.target_number))
}

/// Verifies a SCALE-encoded justification against `set`: every precommit signed by a member
/// over the set's id, for the commit target or a descendant shown by the vote ancestries, and
/// more than two thirds of the set's weight signing.
pub fn verify_justification(encoded: &[u8], set: &VoterSet) -> Result<Finalised, GrandpaError> {
	let justification = GrandpaJustification::<Header>::decode_all(&mut &encoded[..])
		.map_err(|e| GrandpaError::Malformed(e.to_string()))?;
	let commit = &justification.commit;
	let target: [u8; 32] = commit.target_hash.0;
	let ancestry: HashMap<[u8; 32], &Header> =
		justification.votes_ancestries.iter().map(|h| (header_hash(h), h)).collect();
	let mut visited = HashSet::new();
	let mut signers = BTreeSet::new();
	for signed in &commit.precommits {
		let id: &[u8] = signed.id.as_ref();
		let key: [u8; 32] = id
			.try_into()
			.map_err(|_| GrandpaError::Malformed("an authority id is not 32 bytes".into()))?;
		if !set.voters.contains_key(&key) {
			return Err(GrandpaError::SignerOutsideSet(key));
		}
		let verifying =
			VerifyingKey::from_bytes(&key).map_err(|_| GrandpaError::BadSignature(key))?;
		let signature: &[u8] = signed.signature.as_ref();
		let signature_bytes: [u8; 64] = signature
			.try_into()
			.map_err(|_| GrandpaError::Malformed("a signature is not 64 bytes".into()))?;
		let payload = precommit_payload(&signed.precommit, justification.round, set.set_id);
		verifying
			.verify_strict(&payload, &Signature::from_bytes(&signature_bytes))
			.map_err(|_| GrandpaError::BadSignature(key))?;
		// Walk from the vote back to the target through the ancestry headers.
		let vote: [u8; 32] = signed.precommit.target_hash.0;
		let mut current = vote;
		let mut number = signed.precommit.target_number;
		while current != target {
			let header = ancestry.get(&current).ok_or(GrandpaError::NotADescendant(vote))?;
			if *header.number() != number || number <= commit.target_number {
				return Err(GrandpaError::NotADescendant(vote));
			}
			visited.insert(current);
			current = header.parent_hash().0;
			number = number.saturating_sub(1);
		}
		if number != commit.target_number {
			return Err(GrandpaError::NotADescendant(vote));
		}
		signers.insert(key);
	}
	if visited.len() != ancestry.len() {
		return Err(GrandpaError::UnusedAncestry);
	}
	let weight = signers
		.iter()
		.filter_map(|key| set.voters.get(key))
		.fold(0u64, |sum, w| sum.saturating_add(*w));
	let threshold = set.threshold();
	if signers.is_empty() || weight < threshold {
		return Err(GrandpaError::BelowThreshold { signed: weight, threshold, total: set.total() });
	}
	Ok(Finalised { hash: target, number: commit.target_number, signers: signers.len(), weight })
}

/// The next validator set that `header` announces: a GRANDPA `ScheduledChange` with no delay
/// (how the runtime's session changes announce it). Forced changes are not accepted.
pub fn scheduled_change(header: &Header, set_id: u64) -> Result<VoterSet, GrandpaError> {
	let mut change = None;
	for item in header.digest().logs() {
		let DigestItem::Consensus(engine, data) = item else { continue };
		if *engine != GRANDPA_ENGINE_ID {
			continue;
		}
		match ConsensusLog::<BlockNumber>::decode(&mut &data[..]) {
			Ok(ConsensusLog::ScheduledChange(scheduled)) if change.is_none() => {
				change = Some(scheduled)
			},
			Ok(ConsensusLog::ForcedChange(..)) => {
				return Err(GrandpaError::NoScheduledChange(
					"the header carries a forced change, which bundles do not accept".into(),
				))
			},
			_ => {},
		}
	}
	let change = change.ok_or_else(|| {
		GrandpaError::NoScheduledChange("the header announces no validator-set change".into())
	})?;
	if change.delay != 0 {
		return Err(GrandpaError::NoScheduledChange(format!(
			"the change takes effect {} blocks later; only immediate changes are accepted",
			change.delay
		)));
	}
	let mut voters = BTreeMap::new();
	for (id, weight) in change.next_authorities {
		let id: &[u8] = id.as_ref();
		let key: [u8; 32] = id
			.try_into()
			.map_err(|_| GrandpaError::Malformed("an authority id is not 32 bytes".into()))?;
		voters.insert(key, weight);
	}
	Ok(VoterSet { set_id: set_id.saturating_add(1), voters })
}
