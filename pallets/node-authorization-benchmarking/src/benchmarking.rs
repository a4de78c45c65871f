//! The benchmarks.

extern crate alloc;

use super::{Config, Pallet};
use alloc::{collections::BTreeSet, vec::Vec};
use codec::Encode;
use frame::{benchmarking::prelude::*, deps::sp_core::OpaquePeerId};
use pallet_node_authorization::{Pallet as NodeAuthorization, WellKnownNodes};

/// A distinct PeerId of the longest length the pallet accepts.
fn peer<T: Config>(seed: u32) -> OpaquePeerId {
	let len = T::MaxPeerIdLength::get().saturating_sub(1);
	let mut bytes = seed.encode();
	bytes.resize(usize::try_from(len).unwrap_or(usize::MAX), 0xab);
	OpaquePeerId(bytes)
}

/// Fill the well-known set with `count` nodes owned by distinct accounts; return them.
fn fill<T: Config>(count: u32) -> Vec<OpaquePeerId> {
	let nodes: Vec<(OpaquePeerId, T::AccountId)> =
		(0..count).map(|i| (peer::<T>(i), account("owner", i, 0))).collect();
	let set: BTreeSet<OpaquePeerId> = nodes.iter().map(|(node, _)| node.clone()).collect();
	for (node, owner) in &nodes {
		pallet_node_authorization::Owners::<T>::insert(node, owner);
	}
	WellKnownNodes::<T>::put(set);
	nodes.into_iter().map(|(node, _)| node).collect()
}

/// Give `node` a full set of additional connections; return them.
fn connect<T: Config>(node: &OpaquePeerId) -> Vec<OpaquePeerId> {
	let connections: Vec<OpaquePeerId> = (0..largest::<T>()).map(peer::<T>).collect();
	pallet_node_authorization::AdditionalConnections::<T>::insert(
		node,
		connections.iter().cloned().collect::<BTreeSet<_>>(),
	);
	connections
}

/// The largest set a call may leave behind: the pallet refuses to reach `MaxWellKnownNodes`.
fn largest<T: Config>() -> u32 {
	T::MaxWellKnownNodes::get().saturating_sub(1)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_well_known_node() -> Result<(), BenchmarkError> {
		let origin =
			T::AddOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		fill::<T>(largest::<T>().saturating_sub(1));
		let node = peer::<T>(u32::MAX);
		let owner: T::AccountId = account("new", 0, 0);

		#[block]
		{
			NodeAuthorization::<T>::add_well_known_node(
				origin,
				node.clone(),
				T::Lookup::unlookup(owner),
			)?;
		}

		assert!(WellKnownNodes::<T>::get().contains(&node));
		Ok(())
	}

	#[benchmark]
	fn remove_well_known_node() -> Result<(), BenchmarkError> {
		let origin =
			T::RemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let nodes = fill::<T>(largest::<T>());
		let node = nodes.last().cloned().ok_or(BenchmarkError::Weightless)?;

		#[block]
		{
			NodeAuthorization::<T>::remove_well_known_node(origin, node.clone())?;
		}

		assert!(!WellKnownNodes::<T>::get().contains(&node));
		Ok(())
	}

	#[benchmark]
	fn swap_well_known_node() -> Result<(), BenchmarkError> {
		let origin =
			T::SwapOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let nodes = fill::<T>(largest::<T>());
		let old = nodes.last().cloned().ok_or(BenchmarkError::Weightless)?;
		let new = peer::<T>(u32::MAX);

		#[block]
		{
			NodeAuthorization::<T>::swap_well_known_node(origin, old, new.clone())?;
		}

		assert!(WellKnownNodes::<T>::get().contains(&new));
		Ok(())
	}

	#[benchmark]
	fn reset_well_known_nodes() -> Result<(), BenchmarkError> {
		let origin =
			T::ResetOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		fill::<T>(largest::<T>());
		let replacement: Vec<(OpaquePeerId, T::AccountId)> = (0..largest::<T>().saturating_sub(1))
			.map(|i| (peer::<T>(i.saturating_add(1_000_000)), account("fresh", i, 0)))
			.collect();

		#[block]
		{
			NodeAuthorization::<T>::reset_well_known_nodes(origin, replacement)?;
		}

		assert_eq!(
			WellKnownNodes::<T>::get().len(),
			usize::try_from(largest::<T>().saturating_sub(1)).unwrap_or_default()
		);
		Ok(())
	}

	// The owner calls below are filtered out by the TDS runtime; they are measured so that the
	// pallet's weight trait is complete, with the connection lists at the size of a full set.

	#[benchmark]
	fn claim_node() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let node = peer::<T>(u32::MAX);

		#[block]
		{
			NodeAuthorization::<T>::claim_node(RawOrigin::Signed(caller).into(), node.clone())?;
		}

		assert!(pallet_node_authorization::Owners::<T>::contains_key(&node));
		Ok(())
	}

	#[benchmark]
	fn remove_claim() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let node = peer::<T>(u32::MAX);
		NodeAuthorization::<T>::claim_node(RawOrigin::Signed(caller.clone()).into(), node.clone())?;
		connect::<T>(&node);

		#[block]
		{
			NodeAuthorization::<T>::remove_claim(RawOrigin::Signed(caller).into(), node.clone())?;
		}

		assert!(!pallet_node_authorization::Owners::<T>::contains_key(&node));
		Ok(())
	}

	#[benchmark]
	fn transfer_node() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let node = peer::<T>(u32::MAX);
		NodeAuthorization::<T>::claim_node(RawOrigin::Signed(caller.clone()).into(), node.clone())?;
		let heir: T::AccountId = account("heir", 0, 0);

		#[block]
		{
			NodeAuthorization::<T>::transfer_node(
				RawOrigin::Signed(caller).into(),
				node.clone(),
				T::Lookup::unlookup(heir.clone()),
			)?;
		}

		assert_eq!(pallet_node_authorization::Owners::<T>::get(&node), Some(heir));
		Ok(())
	}

	#[benchmark]
	fn add_connections() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let node = peer::<T>(u32::MAX);
		NodeAuthorization::<T>::claim_node(RawOrigin::Signed(caller.clone()).into(), node.clone())?;
		let connections: Vec<OpaquePeerId> = (0..largest::<T>()).map(peer::<T>).collect();

		#[block]
		{
			NodeAuthorization::<T>::add_connections(
				RawOrigin::Signed(caller).into(),
				node.clone(),
				connections,
			)?;
		}

		assert!(!pallet_node_authorization::AdditionalConnections::<T>::get(&node).is_empty());
		Ok(())
	}

	#[benchmark]
	fn remove_connections() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let node = peer::<T>(u32::MAX);
		NodeAuthorization::<T>::claim_node(RawOrigin::Signed(caller.clone()).into(), node.clone())?;
		let connections = connect::<T>(&node);

		#[block]
		{
			NodeAuthorization::<T>::remove_connections(
				RawOrigin::Signed(caller).into(),
				node.clone(),
				connections,
			)?;
		}

		assert!(pallet_node_authorization::AdditionalConnections::<T>::get(&node).is_empty());
		Ok(())
	}
}
