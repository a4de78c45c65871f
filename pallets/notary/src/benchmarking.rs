//! Benchmarks of `pallet-notary` (frame-benchmarking v2).
//!
//! Every call is measured on its most expensive path:
//!
//! - the signer is the key of a connector of an organisation in a space, from
//!   [`Config::BenchmarkHelper`]: the costliest standing to check (connector, owner, space);
//! - every notarised event is new (no shortcut for a known digest), references a catalog entry
//!   and an agreement (both looked up) and carries a metadata digest: its record is the largest,
//!   and it is written to all four indexes;
//! - `notarise_batch` records `n` such events, up to `MaxBatchSize`;
//! - `open_stream` has a name of `MaxNameLength` bytes;
//! - `anchor` verifies a consistency proof of `p` hashes, up to `MaxProofLength`, each of them
//!   hashed (the old tree is not a complete subtree from `p = 3`, so none is implicit); the
//!   proof is a valid one, built backwards: arbitrary hashes and the two roots they imply;
//! - `seal_stream` seals an anchored stream.

use super::*;
use alloc::{vec, vec::Vec};
use frame::{benchmarking::prelude::*, deps::sp_io::hashing::blake2_256};

fn assert_last_event<T: Config>(event: <T as frame_system::Config>::RuntimeEvent) {
	frame_system::Pallet::<T>::assert_last_event(event);
}

/// A distinct digest for each `n`.
fn digest_of(n: u32, salt: u8) -> Digest {
	let mut input = n.to_le_bytes().to_vec();
	input.push(salt);
	Digest::from(blake2_256(&input))
}

/// The largest event: both references and a metadata digest.
fn event<T: Config>(n: u32) -> Notarisation {
	Notarisation {
		digest: digest_of(n, 0),
		kind: EventKind::InterfaceCall,
		catalog_entry: Some(T::BenchmarkHelper::catalog_entry(1)),
		agreement: Some(T::BenchmarkHelper::agreement(1)),
		metadata: Some(digest_of(n, 1)),
	}
}

/// An old and a new tree size whose consistency proof has `p` hashes (`p` from 0 to 64).
fn sizes_with_proof_length(p: u32) -> Result<(u64, u64), BenchmarkError> {
	let sizes = match p {
		0 => (0, 1),
		1 => (1, 2),
		2 => (1, 3),
		3 => (3, 4),
		p => (3, 1u64.checked_shl(p.saturating_sub(2)).unwrap_or(1 << 63).saturating_add(1)),
	};
	let length = merkle::consistency_proof_length(sizes.0, sizes.1)
		.map_err(|_| BenchmarkError::Stop("sizes out of order"))?;
	if length != p {
		return Err(BenchmarkError::Stop("no sizes for this proof length"));
	}
	Ok(sizes)
}

/// Opens a stream of the caller's identity through the call; returns it.
fn open<T: Config>(caller: &T::AccountId) -> Result<StreamId, BenchmarkError> {
	let stream = NextStreamId::<T>::get();
	Pallet::<T>::open_stream(RawOrigin::Signed(caller.clone()).into(), b"connector".to_vec())?;
	Ok(stream)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn notarise() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let identity = T::BenchmarkHelper::active_identity(&caller);
		let Notarisation { digest, kind, catalog_entry, agreement, metadata } = event::<T>(0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), digest, kind, catalog_entry, agreement, metadata);

		assert_last_event::<T>(Event::Notarised { digest, identity, kind, sequence: 0 }.into());
		Ok(())
	}

	#[benchmark]
	fn notarise_batch(n: Linear<1, { T::MaxBatchSize::get() }>) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let identity = T::BenchmarkHelper::active_identity(&caller);
		let items: Vec<Notarisation> = (0..n).map(event::<T>).collect();
		let last = items.last().map(|item| item.digest).unwrap_or_default();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), items);

		assert_eq!(RecordCount::<T>::get(), u64::from(n));
		let sequence = u64::from(n.saturating_sub(1));
		let kind = EventKind::InterfaceCall;
		assert_last_event::<T>(Event::Notarised { digest: last, identity, kind, sequence }.into());
		Ok(())
	}

	#[benchmark]
	fn open_stream() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let owner = T::BenchmarkHelper::active_identity(&caller);
		let name = vec![b'n'; usize::try_from(T::MaxNameLength::get()).unwrap_or_default()];

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), name);

		assert_last_event::<T>(Event::StreamOpened { stream: 0, owner }.into());
		Ok(())
	}

	#[benchmark]
	fn anchor(p: Linear<0, { T::MaxProofLength::get() }>) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::active_identity(&caller);
		let stream = open::<T>(&caller)?;
		let (old, new) = sizes_with_proof_length(p)?;
		let proof: Vec<MerkleHash> = (0..p).map(|i| digest_of(i, 2).0).collect();
		let (old_root, new_root) = if old == 0 {
			(merkle::empty_root(), digest_of(0, 3).0)
		} else {
			merkle::roots_from_consistency_proof(old, new, &digest_of(0, 4).0, &proof)
				.map_err(|_| BenchmarkError::Stop("no roots for this proof"))?
		};
		if old > 0 {
			// The stream as an anchor of `old` entries would have left it.
			let mut record = Streams::<T>::get(stream).ok_or(BenchmarkError::Stop("no stream"))?;
			let block = frame_system::Pallet::<T>::block_number();
			let first = Anchor { index: 0, size: old, root: old_root.into(), block, timestamp: 0 };
			Anchors::<T>::insert(stream, old, first);
			AnchorHistory::<T>::insert(stream, 0, old);
			record.size = old;
			record.root = old_root.into();
			record.anchors = 1;
			Streams::<T>::insert(stream, record);
		}
		let root = Digest::from(new_root);
		let proof: Vec<Digest> = proof.into_iter().map(Digest::from).collect();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), stream, new, root, proof);

		let index = if old == 0 { 0 } else { 1 };
		assert_last_event::<T>(Event::StreamAnchored { stream, index, size: new, root }.into());
		Ok(())
	}

	#[benchmark]
	fn seal_stream() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::active_identity(&caller);
		let stream = open::<T>(&caller)?;
		let root = Digest::from(merkle::leaf_hash(b"entry"));
		Pallet::<T>::anchor(RawOrigin::Signed(caller.clone()).into(), stream, 1, root, vec![])?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), stream);

		assert_last_event::<T>(Event::StreamSealed { stream, size: 1, root }.into());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
