//! The library against a naive reference that follows RFC 9162's recursive definitions word for
//! word (slices, recursion, no caching), on random logs; and tampering of every proof.

use super::*;
use alloc::vec;
use proptest::prelude::*;

/// The reference: RFC 9162 §2.1.1-2.1.4 as written.
mod reference {
	use super::*;

	fn k(n: usize) -> usize {
		let mut k = 1;
		while k * 2 < n {
			k *= 2;
		}
		k
	}

	/// MTH(D[n]).
	pub fn mth(d: &[Vec<u8>]) -> MerkleHash {
		match d.len() {
			0 => *blake3::hash(b"").as_bytes(),
			1 => {
				let mut input = vec![0x00];
				input.extend_from_slice(&d[0]);
				*blake3::hash(&input).as_bytes()
			},
			n => {
				let k = k(n);
				let mut input = vec![0x01];
				input.extend_from_slice(&mth(&d[..k]));
				input.extend_from_slice(&mth(&d[k..]));
				*blake3::hash(&input).as_bytes()
			},
		}
	}

	/// PATH(m, D[n]).
	pub fn path(m: usize, d: &[Vec<u8>]) -> Vec<MerkleHash> {
		let n = d.len();
		if n == 1 {
			return Vec::new();
		}
		let k = k(n);
		if m < k {
			let mut p = path(m, &d[..k]);
			p.push(mth(&d[k..]));
			p
		} else {
			let mut p = path(m - k, &d[k..]);
			p.push(mth(&d[..k]));
			p
		}
	}

	fn subproof(m: usize, d: &[Vec<u8>], b: bool) -> Vec<MerkleHash> {
		let n = d.len();
		if m == n {
			return if b { Vec::new() } else { vec![mth(d)] };
		}
		let k = k(n);
		if m <= k {
			let mut p = subproof(m, &d[..k], b);
			p.push(mth(&d[k..]));
			p
		} else {
			let mut p = subproof(m - k, &d[k..], false);
			p.push(mth(&d[..k]));
			p
		}
	}

	/// PROOF(m, D[n]), for 0 < m <= n.
	pub fn proof(m: usize, d: &[Vec<u8>]) -> Vec<MerkleHash> {
		subproof(m, d, true)
	}
}

fn entries(n: usize, salt: u8) -> Vec<Vec<u8>> {
	(0..n).map(|i| format!("entry {i} salt {salt}").into_bytes()).collect()
}

fn tree_of(d: &[Vec<u8>]) -> MerkleTree {
	MerkleTree::from_leaves(d.iter().map(|e| leaf_hash(e)))
}

fn flip(hash: &MerkleHash, bit: usize) -> MerkleHash {
	let mut changed = *hash;
	changed[(bit / 8) % 32] ^= 1 << (bit % 8);
	changed
}

#[test]
fn hashes_are_domain_separated_blake3() {
	assert_eq!(empty_root(), *blake3::hash(b"").as_bytes());
	assert_eq!(leaf_hash(b"abc"), *blake3::hash(b"\x00abc").as_bytes());
	let (l, r) = ([1u8; 32], [2u8; 32]);
	let mut input = vec![0x01];
	input.extend_from_slice(&l);
	input.extend_from_slice(&r);
	assert_eq!(node_hash(&l, &r), *blake3::hash(&input).as_bytes());
	// A leaf of 64 bytes never collides with an interior node over the same bytes.
	assert_ne!(leaf_hash(&input[1..]), node_hash(&l, &r));
}

#[test]
fn split_points_are_the_largest_power_of_two_below() {
	let cases =
		[(2, 1), (3, 2), (4, 2), (5, 4), (8, 4), (9, 8), (1 << 40, 1 << 39), (u64::MAX, 1 << 63)];
	for (n, k) in cases {
		assert_eq!(split_point(n), k, "n = {n}");
	}
}

#[test]
fn every_size_and_position_up_to_64_leaves_matches_the_reference() {
	let d = entries(64, 0);
	let tree = tree_of(&d);
	let mut frontier = Frontier::new();
	assert_eq!(frontier.root(), reference::mth(&[]));
	for n in 1..=d.len() {
		frontier.push(leaf_hash(&d[n - 1])).unwrap();
		let size = n as u64;
		let root = reference::mth(&d[..n]);
		assert_eq!(frontier.root(), root, "frontier root at {n}");
		assert_eq!(tree.root_at(size), Some(root), "tree root at {n}");
		for m in 0..n {
			let proof = tree.inclusion_proof(m as u64, size).unwrap();
			assert_eq!(proof, reference::path(m, &d[..n]), "PATH({m}, D[{n}])");
			assert_eq!(inclusion_proof_length(m as u64, size), Ok(proof.len() as u32));
			assert_eq!(verify_inclusion(m as u64, size, &leaf_hash(&d[m]), &proof, &root), Ok(()));
		}
		for m in 1..=n {
			let proof = tree.consistency_proof(m as u64, size).unwrap();
			assert_eq!(proof, reference::proof(m, &d[..n]), "PROOF({m}, D[{n}])");
			assert_eq!(consistency_proof_length(m as u64, size), Ok(proof.len() as u32));
			let old_root = reference::mth(&d[..m]);
			assert_eq!(verify_consistency(m as u64, size, &old_root, &root, &proof), Ok(()));
		}
	}
}

#[test]
fn degenerate_and_out_of_range_requests_are_refused() {
	let d = entries(5, 1);
	let tree = tree_of(&d);
	let root = tree.root();
	assert_eq!(tree.inclusion_proof(5, 5), Err(ProofError::IndexOutOfRange));
	assert_eq!(tree.inclusion_proof(0, 6), Err(ProofError::IndexOutOfRange));
	assert_eq!(tree.consistency_proof(4, 3), Err(ProofError::SizesOutOfOrder));
	assert_eq!(tree.consistency_proof(2, 6), Err(ProofError::IndexOutOfRange));
	assert_eq!(tree.root_at(6), None);
	assert_eq!(inclusion_proof_length(3, 3), Err(ProofError::IndexOutOfRange));
	assert_eq!(consistency_proof_length(3, 2), Err(ProofError::SizesOutOfOrder));
	// The empty tree is extended by every tree, with an empty proof only.
	assert_eq!(verify_consistency(0, 5, &empty_root(), &root, &[]), Ok(()));
	assert_eq!(
		verify_consistency(0, 5, &empty_root(), &root, &[root]),
		Err(ProofError::WrongLength)
	);
	// A tree is consistent with itself only with an empty proof and the same root.
	assert_eq!(verify_consistency(5, 5, &root, &root, &[]), Ok(()));
	assert_eq!(
		verify_consistency(5, 5, &root, &flip(&root, 0), &[]),
		Err(ProofError::RootMismatch)
	);
	assert_eq!(verify_consistency(5, 4, &root, &root, &[]), Err(ProofError::SizesOutOfOrder));
	// A non-empty consistency proof is needed between different non-empty trees.
	let old = tree.root_at(3).unwrap();
	assert_eq!(verify_consistency(3, 5, &old, &root, &[]), Err(ProofError::WrongLength));
	assert_eq!(
		verify_inclusion(5, 5, &leaf_hash(&d[0]), &[], &root),
		Err(ProofError::IndexOutOfRange)
	);
}

#[test]
fn frontier_round_trips_through_its_parts() {
	let d = entries(13, 2);
	let mut frontier = Frontier::new();
	for e in &d {
		frontier.push(leaf_hash(e)).unwrap();
	}
	assert_eq!(frontier.peaks().len(), 3); // 13 = 8 + 4 + 1
	let rebuilt = Frontier::from_parts(13, frontier.peaks().to_vec()).unwrap();
	assert_eq!(rebuilt, frontier);
	assert_eq!(Frontier::from_parts(12, frontier.peaks().to_vec()), None);
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]

	#[test]
	fn random_logs_match_the_reference(
		d in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 1..300),
		picks in prop::collection::vec(any::<(usize, usize)>(), 8),
	) {
		let tree = tree_of(&d);
		let mut frontier = Frontier::new();
		for e in &d {
			frontier.push(leaf_hash(e)).unwrap();
		}
		let n = d.len();
		prop_assert_eq!(frontier.root(), reference::mth(&d));
		prop_assert_eq!(tree.root(), reference::mth(&d));
		for (a, b) in picks {
			let size = 1 + b % n;
			let m = a % size;
			let root = reference::mth(&d[..size]);
			let path = tree.inclusion_proof(m as u64, size as u64).unwrap();
			prop_assert_eq!(&path, &reference::path(m, &d[..size]));
			prop_assert_eq!(
				verify_inclusion(m as u64, size as u64, &leaf_hash(&d[m]), &path, &root),
				Ok(())
			);
			let old = 1 + a % size;
			let proof = tree.consistency_proof(old as u64, size as u64).unwrap();
			prop_assert_eq!(&proof, &reference::proof(old, &d[..size]));
			prop_assert_eq!(
				verify_consistency(
					old as u64, size as u64, &reference::mth(&d[..old]), &root, &proof
				),
				Ok(())
			);
		}
	}

	#[test]
	fn any_tampering_of_an_inclusion_proof_fails(
		n in 2usize..200, a in any::<usize>(), bit in any::<usize>(), which in any::<usize>(),
	) {
		let d = entries(n, 3);
		let tree = tree_of(&d);
		let m = a % n;
		let root = tree.root();
		let leaf = leaf_hash(&d[m]);
		let proof = tree.inclusion_proof(m as u64, n as u64).unwrap();
		prop_assume!(!proof.is_empty());
		let mut changed = proof.clone();
		let i = which % changed.len();
		changed[i] = flip(&changed[i], bit);
		let size = n as u64;
		prop_assert!(verify_inclusion(m as u64, size, &leaf, &changed, &root).is_err());
		// Another entry, another root, another position, a missing or an extra step. (The size is
		// bound by the anchor, not by the proof: RFC 9162 proofs of some sizes coincide.)
		prop_assert!(verify_inclusion(m as u64, size, &flip(&leaf, bit), &proof, &root).is_err());
		prop_assert!(verify_inclusion(m as u64, size, &leaf, &proof, &flip(&root, bit)).is_err());
		let other = (m + 1 + which % (n - 1)) % n;
		prop_assert!(verify_inclusion(other as u64, size, &leaf, &proof, &root).is_err());
		prop_assert!(verify_inclusion(m as u64, size, &leaf, &proof[1..], &root).is_err());
		let mut longer = proof.clone();
		longer.push(root);
		prop_assert!(verify_inclusion(m as u64, size, &leaf, &longer, &root).is_err());
	}

	#[test]
	fn any_tampering_of_a_consistency_proof_fails(
		n in 2usize..200, a in any::<usize>(), bit in any::<usize>(), which in any::<usize>(),
	) {
		let d = entries(n, 4);
		let tree = tree_of(&d);
		let old = 1 + a % (n - 1);
		let (size, old_size) = (n as u64, old as u64);
		let (old_root, root) = (tree.root_at(old_size).unwrap(), tree.root());
		let proof = tree.consistency_proof(old_size, size).unwrap();
		let mut changed = proof.clone();
		let i = which % changed.len();
		changed[i] = flip(&changed[i], bit);
		prop_assert!(verify_consistency(old_size, size, &old_root, &root, &changed).is_err());
		prop_assert!(
			verify_consistency(old_size, size, &flip(&old_root, bit), &root, &proof).is_err()
		);
		prop_assert!(
			verify_consistency(old_size, size, &old_root, &flip(&root, bit), &proof).is_err()
		);
		prop_assert!(verify_consistency(old_size, size, &old_root, &root, &proof[1..]).is_err());
		// A log that rewrote any earlier entry cannot prove it extends the old root.
		let mut rewritten = d.clone();
		rewritten[which % old].push(0xff);
		let forged = tree_of(&rewritten);
		let forged_proof = forged.consistency_proof(old_size, size).unwrap();
		prop_assert!(
			verify_consistency(old_size, size, &old_root, &forged.root(), &forged_proof).is_err()
		);
	}
}
