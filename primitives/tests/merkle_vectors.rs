//! The Merkle log library against the committed test vectors (`tests/vectors/merkle.json`),
//! written by an independent implementation (`scripts/gen-merkle-vectors.py`, Python, from
//! RFC 9162's text). The vectors are normative: a failure here means proofs already issued
//! would no longer verify.

use serde_json::Value;
use tds_primitives::merkle::{
	consistency_proof_length, inclusion_proof_length, leaf_hash, verify_consistency,
	verify_inclusion, Frontier, MerkleHash, MerkleTree,
};

fn vectors() -> Value {
	let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/merkle.json");
	let text = std::fs::read_to_string(path).expect("the vectors are committed");
	serde_json::from_str(&text).expect("the vectors are JSON")
}

fn bytes(value: &Value) -> Vec<u8> {
	hex::decode(value.as_str().expect("a hex string")).expect("hex")
}

fn hash(value: &Value) -> MerkleHash {
	bytes(value).try_into().expect("32 bytes")
}

fn hashes(value: &Value) -> Vec<MerkleHash> {
	value.as_array().expect("an array").iter().map(hash).collect()
}

fn number(value: &Value) -> u64 {
	value.as_u64().expect("a number")
}

fn tree_and_roots() -> (Value, MerkleTree, Vec<MerkleHash>) {
	let v = vectors();
	let leaves: Vec<Vec<u8>> = v["leaves"].as_array().unwrap().iter().map(bytes).collect();
	for (entry, expected) in leaves.iter().zip(v["leafHashes"].as_array().unwrap()) {
		assert_eq!(leaf_hash(entry), hash(expected), "leaf hash of {}", hex::encode(entry));
	}
	let tree = MerkleTree::from_leaves(leaves.iter().map(|e| leaf_hash(e)));
	let roots = v["roots"].as_array().unwrap().iter().map(|r| hash(&r["root"])).collect();
	(v, tree, roots)
}

#[test]
fn roots_of_every_size_match_incrementally() {
	let (v, tree, roots) = tree_and_roots();
	assert_eq!(roots.len(), v["leaves"].as_array().unwrap().len() + 1);
	let mut frontier = Frontier::new();
	for (size, expected) in roots.iter().enumerate() {
		let size = size as u64;
		if size > 0 {
			frontier.push(tree.leaf(size - 1).unwrap()).unwrap();
		}
		assert_eq!(&frontier.root(), expected, "frontier root of {size} leaves");
		assert_eq!(tree.root_at(size).as_ref(), Some(expected), "tree root of {size} leaves");
	}
}

#[test]
fn inclusion_proofs_match_and_verify() {
	let (v, tree, roots) = tree_and_roots();
	let cases = v["inclusion"].as_array().unwrap();
	assert!(cases.len() > 100);
	for case in cases {
		let (index, size) = (number(&case["index"]), number(&case["size"]));
		let expected = hashes(&case["proof"]);
		assert_eq!(tree.inclusion_proof(index, size).unwrap(), expected, "PATH({index}, {size})");
		assert_eq!(inclusion_proof_length(index, size), Ok(expected.len() as u32));
		let root = &roots[size as usize];
		let leaf = tree.leaf(index).unwrap();
		assert_eq!(verify_inclusion(index, size, &leaf, &expected, root), Ok(()));
	}
}

#[test]
fn consistency_proofs_match_and_verify() {
	let (v, tree, roots) = tree_and_roots();
	let cases = v["consistency"].as_array().unwrap();
	assert!(cases.len() > 100);
	for case in cases {
		let (old, new) = (number(&case["old"]), number(&case["new"]));
		let expected = hashes(&case["proof"]);
		assert_eq!(tree.consistency_proof(old, new).unwrap(), expected, "PROOF({old}, {new})");
		assert_eq!(consistency_proof_length(old, new), Ok(expected.len() as u32));
		let (old_root, new_root) = (&roots[old as usize], &roots[new as usize]);
		assert_eq!(verify_consistency(old, new, old_root, new_root, &expected), Ok(()));
	}
}
