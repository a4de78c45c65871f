//! `anchor`: a stream grows only through consistency proofs verified on chain; every anchor is
//! kept by (stream, size).

use crate::{mock::*, *};
use frame::testing_prelude::*;
use tds_primitives::merkle::MerkleTree;

#[test]
fn a_stream_is_anchored_in_steps_and_keeps_every_anchor() {
	run(|| {
		let stream = opened(HUAWEI_KEY);
		let tree = log(1000);
		for (step, size) in [1u64, 2, 3, 8, 100, 513, 1000].into_iter().enumerate() {
			System::set_block_number(10 + step as u64);
			pallet_timestamp::Now::<Test>::put(NOW + step as u64);
			anchored(HUAWEI_KEY, stream, &tree, size);
			assert_eq!(
				last_event(),
				Event::StreamAnchored { stream, index: step as u32, size, root: root(&tree, size) }
			);
			assert_eq!(
				Anchors::<Test>::get(stream, size),
				Some(Anchor {
					index: step as u32,
					size,
					root: root(&tree, size),
					block: 10 + step as u64,
					timestamp: NOW + step as u64,
				})
			);
		}
		let head = Streams::<Test>::get(stream).unwrap();
		assert_eq!((head.size, head.root, head.anchors), (1000, root(&tree, 1000), 7));
		assert_eq!(AnchorHistory::<Test>::get(stream, 4), Some(100));
	});
}

#[test]
fn a_connector_anchors_its_own_stream() {
	run(|| {
		let stream = opened(CONNECTOR_KEY);
		let tree = log(5);
		anchored(CONNECTOR_KEY, stream, &tree, 5);
		// Its owner organisation is another identity.
		assert_noop!(
			Notary::anchor(RuntimeOrigin::signed(HUAWEI_KEY), stream, 5, root(&tree, 5), vec![]),
			Error::<Test>::NotAuthorized
		);
	});
}

#[test]
fn the_size_must_grow() {
	run(|| {
		let stream = opened(HUAWEI_KEY);
		let tree = log(10);
		anchored(HUAWEI_KEY, stream, &tree, 6);
		let anchor = |size| {
			Notary::anchor(
				RuntimeOrigin::signed(HUAWEI_KEY),
				stream,
				size,
				root(&tree, size),
				vec![],
			)
		};
		assert_noop!(anchor(6), Error::<Test>::SizeNotGrowing);
		assert_noop!(anchor(3), Error::<Test>::SizeNotGrowing);
		assert_noop!(
			Notary::anchor(RuntimeOrigin::signed(HUAWEI_KEY), stream, 0, root(&tree, 0), vec![]),
			Error::<Test>::SizeNotGrowing
		);
	});
}

#[test]
fn a_stream_cannot_be_rewritten() {
	run(|| {
		let stream = opened(HUAWEI_KEY);
		let tree = log(20);
		anchored(HUAWEI_KEY, stream, &tree, 7);
		// The log with entry 3 changed: its proof does not start from the anchored root.
		let mut leaves: Vec<_> = (0..20).map(|i| merkle::leaf_hash(&log_entry(i))).collect();
		leaves[3] = merkle::leaf_hash(b"tampered");
		let forged = MerkleTree::from_leaves(leaves);
		assert_noop!(
			Notary::anchor(
				RuntimeOrigin::signed(HUAWEI_KEY),
				stream,
				20,
				root(&forged, 20),
				proof(&forged, 7, 20)
			),
			Error::<Test>::InvalidConsistencyProof
		);
		// The honest proof with a root it does not lead to.
		assert_noop!(
			Notary::anchor(
				RuntimeOrigin::signed(HUAWEI_KEY),
				stream,
				20,
				root(&forged, 20),
				proof(&tree, 7, 20)
			),
			Error::<Test>::InvalidConsistencyProof
		);
	});
}

#[test]
fn wrong_proofs_are_refused() {
	run(|| {
		let stream = opened(HUAWEI_KEY);
		let tree = log(50);
		let anchor = |size, proof| {
			Notary::anchor(
				RuntimeOrigin::signed(HUAWEI_KEY),
				stream,
				size,
				root(&tree, size),
				proof,
			)
		};
		// The first anchor extends the empty tree: its proof is empty.
		assert_noop!(anchor(5, vec![digest(1)]), Error::<Test>::InvalidConsistencyProof);
		anchored(HUAWEI_KEY, stream, &tree, 5);
		let good = proof(&tree, 5, 50);
		for step in 0..good.len() {
			let mut changed = good.clone();
			changed[step].0[0] ^= 1;
			assert_noop!(anchor(50, changed), Error::<Test>::InvalidConsistencyProof);
		}
		assert_noop!(anchor(50, good[1..].to_vec()), Error::<Test>::InvalidConsistencyProof);
		let mut longer = good.clone();
		longer.push(digest(2));
		assert_noop!(anchor(50, longer), Error::<Test>::InvalidConsistencyProof);
		assert_noop!(anchor(50, Vec::new()), Error::<Test>::InvalidConsistencyProof);
		// A proof for other sizes.
		assert_noop!(anchor(50, proof(&tree, 6, 50)), Error::<Test>::InvalidConsistencyProof);
		let max = MAX_PROOF as usize;
		assert_noop!(anchor(50, vec![digest(3); max + 1]), Error::<Test>::TooManyProofHashes);
		assert_ok!(anchor(50, good));
	});
}

#[test]
fn only_the_owner_that_may_act_anchors_an_open_stream() {
	run(|| {
		let stream = opened(HUAWEI_KEY);
		let tree = log(4);
		let anchor = |key, stream| {
			Notary::anchor(RuntimeOrigin::signed(key), stream, 4, root(&tree, 4), vec![])
		};
		assert_noop!(anchor(HUAWEI_KEY, 9), Error::<Test>::NotFound);
		assert_noop!(anchor(TENCENT_KEY, stream), Error::<Test>::NotAuthorized);
		assert_noop!(anchor(STRANGER, stream), Error::<Test>::NotAuthorized);
		freeze(org(HUAWEI));
		assert_noop!(anchor(HUAWEI_KEY, stream), Error::<Test>::IdentityNotActive);
	});
}
