//! The verifier against bundles built here from first principles: a state trie holding an
//! anchor, a record and the genesis hash, headers over it, and GRANDPA justifications signed
//! with ed25519 keys; then every kind of tampering, each caught by the check it breaks.

use codec::Encode;
use sp_consensus_grandpa::{
	AuthorityId, AuthoritySignature, ConsensusLog, GrandpaJustification, ScheduledChange,
	GRANDPA_ENGINE_ID,
};
use sp_core::{ed25519, Pair, H256};
use sp_runtime::{generic::Digest as HeaderDigest, traits::BlakeTwo256, DigestItem};
use sp_trie::{LayoutV1, MemoryDB, TrieDBMutBuilder, TrieMut};
use tds_evidence::{
	bundle::{
		AnchorClaim, Bundle, Bytes, Bytes32, Chain, Finality, RecordClaim, SetChange, State,
		Subject, TrustedSet, TrustedSets,
	},
	grandpa::{header_hash, precommit_payload},
	keys, verify, Outcome, Report,
};
use tds_primitives::{
	catalog::CatalogId,
	merkle::{leaf_hash, MerkleTree},
	notary::{Anchor, EventKind, Record},
	AccountId, Header,
};

const GENESIS: [u8; 32] = [0x99; 32];
const STREAM: u64 = 4;
const ENTRIES: u64 = 77;

fn entry(i: u64) -> Vec<u8> {
	format!("entry {i}").into_bytes()
}

fn tree() -> MerkleTree {
	MerkleTree::from_leaves((0..ENTRIES).map(|i| leaf_hash(&entry(i))))
}

fn pair(seed: &str) -> ed25519::Pair {
	ed25519::Pair::from_string(&format!("//{seed}"), None).expect("a seed")
}

fn genesis_set() -> Vec<ed25519::Pair> {
	["Alice", "Bob", "Charlie", "Dave"].into_iter().map(pair).collect()
}

fn next_set() -> Vec<ed25519::Pair> {
	["Alice", "Bob", "Charlie"].into_iter().map(pair).collect()
}

fn anchor() -> Anchor<u32> {
	Anchor { index: 1, size: ENTRIES, root: tree().root().into(), block: 3, timestamp: 1_000 }
}

fn digest() -> [u8; 32] {
	*blake3::hash(b"the delivered contract").as_bytes()
}

fn record() -> Record<AccountId, u32> {
	Record {
		identity: H256::repeat_byte(0x1d),
		account: AccountId::from([0xac; 32]),
		kind: EventKind::ContractDelivery,
		catalog_entry: Some(CatalogId { space: 0, number: 1 }),
		agreement: Some(7),
		metadata: None,
		block: 3,
		timestamp: 1_000,
		sequence: 12,
	}
}

/// A state trie with the genesis hash, the anchor and the record (and some other items), and
/// every node of it as the proof.
fn state(anchor: &Anchor<u32>) -> (H256, Vec<Bytes>) {
	let mut db = MemoryDB::<BlakeTwo256>::default();
	let mut root = H256::default();
	{
		let mut trie = TrieDBMutBuilder::<LayoutV1<BlakeTwo256>>::new(&mut db, &mut root).build();
		trie.insert(&keys::genesis_hash_key(), &GENESIS).expect("insert");
		trie.insert(&keys::anchor_key(STREAM, anchor.size), &anchor.encode())
			.expect("insert");
		trie.insert(&keys::record_key(&digest()), &record().encode()).expect("insert");
		for i in 0..50u32 {
			trie.insert(&keys::anchor_key(u64::from(i), 5), &i.encode()).expect("insert");
		}
	}
	let nodes = db.drain().into_values().filter(|(_, rc)| *rc > 0).map(|(node, _)| Bytes(node));
	(root, nodes.collect())
}

fn header(number: u32, parent: [u8; 32], state_root: H256, logs: Vec<DigestItem>) -> Header {
	Header {
		parent_hash: parent.into(),
		number,
		state_root,
		extrinsics_root: H256::repeat_byte(0xee),
		digest: HeaderDigest { logs },
	}
}

/// A justification of `target` by `signers`, as set `set_id`.
fn justification(target: &Header, signers: &[ed25519::Pair], set_id: u64) -> Vec<u8> {
	let precommit = sp_consensus_grandpa::Precommit::<Header> {
		target_hash: header_hash(target).into(),
		target_number: target.number,
	};
	let round = 9;
	let payload = precommit_payload(&precommit, round, set_id);
	let precommits = signers
		.iter()
		.map(|pair| finality_grandpa::SignedPrecommit {
			precommit: precommit.clone(),
			signature: AuthoritySignature::from(pair.sign(&payload)),
			id: AuthorityId::from(pair.public()),
		})
		.collect();
	GrandpaJustification::<Header> {
		round,
		commit: finality_grandpa::Commit {
			target_hash: precommit.target_hash,
			target_number: precommit.target_number,
			precommits,
		},
		votes_ancestries: Vec::new(),
	}
	.encode()
}

fn trust(set_id: u64, set: &[ed25519::Pair]) -> TrustedSets {
	TrustedSets {
		genesis_hash: Bytes32(GENESIS),
		sets: vec![TrustedSet {
			set_id,
			authorities: set.iter().map(|p| Bytes32(p.public().0)).collect(),
		}],
	}
}

fn log_subject(index: u64) -> Subject {
	let anchor = anchor();
	Subject::LogEntry {
		stream: STREAM,
		leaf_index: index,
		entry: Bytes(entry(index)),
		inclusion_proof: tree()
			.inclusion_proof(index, ENTRIES)
			.expect("a proof")
			.into_iter()
			.map(Bytes32)
			.collect(),
		anchor: AnchorClaim {
			index: anchor.index,
			size: anchor.size,
			root: Bytes32(anchor.root.0),
			block: anchor.block,
			timestamp: anchor.timestamp,
		},
	}
}

fn bundle_with(subject: Subject, header: &Header, proof: Vec<Bytes>, finality: Finality) -> Bundle {
	Bundle {
		format: "tds-evidence-bundle".into(),
		version: 1,
		subject,
		chain: Chain { genesis_hash: Bytes32(GENESIS) },
		state: State {
			block_number: header.number,
			block_hash: Bytes32(header_hash(header)),
			header: Bytes(header.encode()),
			proof,
		},
		finality,
	}
}

/// A log-entry bundle at block #5 finalised by the genesis set.
fn bundle() -> Bundle {
	let (root, proof) = state(&anchor());
	let b = header(5, [4; 32], root, Vec::new());
	let finality = Finality {
		set_id: 0,
		justification: Bytes(justification(&b, &genesis_set(), 0)),
		ancestry: Vec::new(),
		set_changes: Vec::new(),
	};
	bundle_with(log_subject(60), &b, proof, finality)
}

/// A bundle at block #5 finalised by set 1, which block #3 announced (signed by set 0).
fn bundle_after_change(delay: u32, forced: bool) -> Bundle {
	let next: Vec<_> = next_set().iter().map(|p| (AuthorityId::from(p.public()), 1u64)).collect();
	let change = ScheduledChange { next_authorities: next, delay };
	let log = if forced {
		ConsensusLog::<u32>::ForcedChange(0, change)
	} else {
		ConsensusLog::<u32>::ScheduledChange(change)
	};
	let e = header(
		3,
		[2; 32],
		H256::repeat_byte(3),
		vec![DigestItem::Consensus(GRANDPA_ENGINE_ID, log.encode())],
	);
	let (root, proof) = state(&anchor());
	let b = header(5, [4; 32], root, Vec::new());
	let finality = Finality {
		set_id: 1,
		justification: Bytes(justification(&b, &next_set(), 1)),
		ancestry: Vec::new(),
		set_changes: vec![SetChange {
			set_id: 0,
			header: Bytes(e.encode()),
			justification: Bytes(justification(&e, &genesis_set()[..3], 0)),
		}],
	};
	bundle_with(log_subject(5), &b, proof, finality)
}

fn first_failure(report: &Report) -> (&'static str, String) {
	match report.first_failure() {
		Some(check) => match &check.outcome {
			Outcome::Failed(why) => (check.name, why.clone()),
			_ => unreachable!(),
		},
		None => ("none", String::new()),
	}
}

fn assert_rejected_by(bundle: &Bundle, trust: &TrustedSets, check: &str, because: &str) {
	let report = verify(bundle, trust, None);
	assert!(!report.verified(), "verified: {report:#?}");
	let (name, why) = first_failure(&report);
	assert_eq!(name, check, "{why}");
	assert!(why.contains(because), "{check}: {why}");
}

#[test]
fn a_sound_bundle_passes_every_check() {
	let report = verify(&bundle(), &trust(0, &genesis_set()), None);
	assert!(report.verified(), "{report:#?}");
	let names: Vec<_> = report.checks.iter().map(|c| c.name).collect();
	assert_eq!(
		names,
		[
			"format",
			"header",
			"state-proof",
			"chain",
			"anchor",
			"inclusion",
			"set-changes",
			"finality"
		]
	);
}

#[test]
fn the_bundle_round_trips_through_json() {
	let bundle = bundle();
	let json = serde_json::to_string(&bundle).expect("serialise");
	assert!(json.contains(r#""type":"logEntry""#) && json.contains(r#""leafIndex":60"#));
	let back: Bundle = serde_json::from_str(&json).expect("parse");
	assert_eq!(back, bundle);
	let mut value: serde_json::Value = serde_json::from_str(&json).expect("json");
	value["surprise"] = 1.into();
	assert!(serde_json::from_value::<Bundle>(value).is_err(), "unknown fields are refused");
}

#[test]
fn a_changed_entry_or_proof_step_breaks_inclusion() {
	let trust = trust(0, &genesis_set());
	let mut tampered = bundle();
	if let Subject::LogEntry { entry, .. } = &mut tampered.subject {
		entry.0[2] ^= 1;
	}
	assert_rejected_by(&tampered, &trust, "inclusion", "does not lead to the anchored root");
	let mut tampered = bundle();
	if let Subject::LogEntry { inclusion_proof, .. } = &mut tampered.subject {
		inclusion_proof[1].0[0] ^= 1;
	}
	assert_rejected_by(&tampered, &trust, "inclusion", "does not lead to the anchored root");
	let mut tampered = bundle();
	if let Subject::LogEntry { leaf_index, .. } = &mut tampered.subject {
		*leaf_index = 61;
	}
	assert_rejected_by(&tampered, &trust, "inclusion", "does not lead to the anchored root");
}

#[test]
fn a_root_that_is_not_the_anchored_one_is_refused() {
	let mut tampered = bundle();
	if let Subject::LogEntry { anchor, .. } = &mut tampered.subject {
		anchor.root = Bytes32(tree().root_at(ENTRIES - 1).unwrap_or_default());
	}
	assert_rejected_by(&tampered, &trust(0, &genesis_set()), "anchor", "the chain anchored");
}

#[test]
fn headers_and_state_proofs_must_match() {
	let trust = trust(0, &genesis_set());
	let mut tampered = bundle();
	tampered.state.header.0[40] ^= 1;
	assert_rejected_by(&tampered, &trust, "header", "not to the declared block hash");
	let mut tampered = bundle();
	tampered.state.block_number = 6;
	assert_rejected_by(&tampered, &trust, "header", "not of the declared");
	// A proof of another state (another anchor stored).
	let other = Anchor { timestamp: 2_000, ..anchor() };
	let mut tampered = bundle();
	tampered.state.proof = state(&other).1;
	assert_rejected_by(&tampered, &trust, "state-proof", "does not lead from the state root");
	// A proof missing a node on the path.
	let mut tampered = bundle();
	tampered.state.proof.retain(|node| node.0.len() < 60);
	assert_rejected_by(&tampered, &trust, "state-proof", "");
}

#[test]
fn another_chain_is_refused() {
	let mut other_genesis = trust(0, &genesis_set());
	other_genesis.genesis_hash = Bytes32([0x98; 32]);
	assert_rejected_by(&bundle(), &other_genesis, "chain", "not the trusted");
	// A justification of another block (of this chain or of another one).
	let mut tampered = bundle();
	let other = header(5, [7; 32], H256::repeat_byte(1), Vec::new());
	tampered.finality.justification = Bytes(justification(&other, &genesis_set(), 0));
	assert_rejected_by(&tampered, &trust(0, &genesis_set()), "finality", "not block B");
}

#[test]
fn signatures_must_come_from_more_than_two_thirds_of_the_set() {
	let trust = trust(0, &genesis_set());
	let (root, proof) = state(&anchor());
	let b = header(5, [4; 32], root, Vec::new());
	let with = |signers: &[ed25519::Pair], set_id| {
		let mut bundle = bundle();
		bundle.finality.justification = Bytes(justification(&b, signers, set_id));
		bundle.state.proof = proof.clone();
		bundle
	};
	assert!(verify(&with(&genesis_set()[..3], 0), &trust, None).verified(), "3 of 4 suffice");
	assert_rejected_by(&with(&genesis_set()[..2], 0), &trust, "finality", "weigh 2 of 4");
	assert_rejected_by(&with(&[], 0), &trust, "finality", "weigh 0 of 4");
	let mut outsiders = genesis_set();
	outsiders[3] = pair("Mallory");
	assert_rejected_by(&with(&outsiders, 0), &trust, "finality", "not in the set");
	// Signed for another set id: every signature fails.
	assert_rejected_by(&with(&genesis_set(), 1), &trust, "finality", "does not verify");
	// The same voter twice counts once.
	let twice = [pair("Alice"), pair("Alice"), pair("Bob")];
	assert_rejected_by(&with(&twice, 0), &trust, "finality", "weigh 2 of 4");
}

#[test]
fn a_descendant_can_be_justified_through_ancestry_headers() {
	let trust = trust(0, &genesis_set());
	let mut linked = bundle();
	let b = header(5, [4; 32], state(&anchor()).0, Vec::new());
	let child = header(6, header_hash(&b), H256::repeat_byte(6), Vec::new());
	let grandchild = header(7, header_hash(&child), H256::repeat_byte(7), Vec::new());
	linked.finality.ancestry = vec![Bytes(child.encode()), Bytes(grandchild.encode())];
	linked.finality.justification = Bytes(justification(&grandchild, &genesis_set(), 0));
	assert!(verify(&linked, &trust, None).verified());
	let mut broken = linked.clone();
	broken.finality.ancestry.remove(0);
	assert_rejected_by(&broken, &trust, "finality", "not a child");
}

#[test]
fn set_changes_link_the_trusted_set_to_the_signing_set() {
	let genesis = trust(0, &genesis_set());
	let latest = trust(1, &next_set());
	let bundle = bundle_after_change(0, false);
	let report = verify(&bundle, &genesis, None);
	assert!(report.verified(), "{report:#?}");
	assert!(verify(&bundle, &latest, None).verified(), "the newer set is trusted directly");
	let mut missing = bundle.clone();
	missing.finality.set_changes.clear();
	assert_rejected_by(&missing, &genesis, "set-changes", "only to set 0");
	let mut forged = bundle.clone();
	forged.finality.set_changes[0].justification.0[60] ^= 1;
	assert_rejected_by(&forged, &genesis, "set-changes", "does not verify");
	assert_rejected_by(&bundle_after_change(5, false), &genesis, "set-changes", "5 blocks later");
	assert_rejected_by(&bundle_after_change(0, true), &genesis, "set-changes", "forced change");
	// A trust file from set 1 on cannot check a justification by set 0.
	let mut old_signers = bundle.clone();
	old_signers.finality.set_id = 0;
	assert_rejected_by(&old_signers, &latest, "set-changes", "no trusted validator set");
}

#[test]
fn notarised_events_are_proven_by_their_record() {
	let (root, proof) = state(&anchor());
	let b = header(5, [4; 32], root, Vec::new());
	let record = record();
	let claim = RecordClaim {
		identity: Bytes32(record.identity.0),
		account: Bytes32([0xac; 32]),
		kind: "contractDelivery".into(),
		catalog_entry: Some("urn:tds:catalog:0:1".into()),
		agreement: Some(7),
		metadata: None,
		block: 3,
		timestamp: 1_000,
		sequence: 12,
	};
	let finality = Finality {
		set_id: 0,
		justification: Bytes(justification(&b, &genesis_set(), 0)),
		ancestry: Vec::new(),
		set_changes: Vec::new(),
	};
	let subject = Subject::NotarisedEvent { digest: Bytes32(digest()), record: claim };
	let bundle = bundle_with(subject, &b, proof, finality);
	let trust = trust(0, &genesis_set());
	let report = verify(&bundle, &trust, Some(b"the delivered contract"));
	assert!(report.verified(), "{report:#?}");
	assert!(report.checks.iter().any(|c| c.name == "document"));
	let report = verify(&bundle, &trust, Some(b"another contract"));
	assert_eq!(first_failure(&report).0, "document");
	let mut tampered = bundle.clone();
	if let Subject::NotarisedEvent { record, .. } = &mut tampered.subject {
		record.kind = "destruction".into();
	}
	assert_rejected_by(&tampered, &trust, "record", "the chain recorded");
}

#[test]
fn the_keys_are_the_documented_ones() {
	assert_eq!(
		hex::encode(keys::genesis_hash_key()),
		"26aa394eea5630e07c48ae0c9558cef7a44704b568d21667356a5a050c118746b4def25cfda6ef3a00000000"
	);
	assert_eq!(
		hex::encode(keys::anchor_key(0, 1000)),
		"bbc48622e87c90b97c3b65a570d9c73c2893c8b379803be566c94f4bfeab5cb2c804ce198ec337e3dc762bdd\
		 1a09aece0000000000000000646b8858c86fefefe34a7c69e60c9917e803000000000000"
	);
	assert_eq!(
		hex::encode(keys::record_key(&[0x5a; 32])),
		"bbc48622e87c90b97c3b65a570d9c73cbb8fcc88c3da5bf159c1e1a5f46fe4323ed1808eeb58eecb5b973f73\
		 7fe555375a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"
	);
}
