//! Node permissioning from the first moment.
//!
//! `pallet-node-authorization`'s offchain worker restricts the node's peers to the authorised set
//! on every new best block. Until the node imports its first block after a start, however, no
//! worker has run and the node would accept anyone. This module reads the authorised set from
//! the best block's state at start-up and applies it before the network does anything, with the
//! same rule as the pallet: a well-known (authorised) node may talk to every other well-known
//! node and to its own additional connections.

use crate::service::FullClient;
use codec::Decode;
use sc_client_api::{HeaderBackend, StorageProvider};
use sc_network::{service::traits::NetworkService, PeerId};
use sp_core::{storage::StorageKey, OpaquePeerId};
use std::collections::{BTreeSet, HashSet};
use tds_runtime::Runtime;

type WellKnownNodes = pallet_node_authorization::WellKnownNodes<Runtime>;
type AdditionalConnections = pallet_node_authorization::AdditionalConnections<Runtime>;

fn read<T: Decode + Default>(client: &FullClient, key: Vec<u8>) -> Result<T, String> {
	let best = client.info().best_hash;
	match client.storage(best, &StorageKey(key)).map_err(|e| e.to_string())? {
		Some(data) => T::decode(&mut &data.0[..]).map_err(|e| e.to_string()),
		None => Ok(T::default()),
	}
}

/// The peers `local` may talk to according to the best block's state, if `local` itself is a
/// well-known node there. A node the council authorised after the block the node last imported
/// (a new node starting from genesis, say) is not: it stays open until it has synced, and the
/// offchain worker restricts it then; the authorised nodes refuse everyone else meanwhile.
pub fn authorised_peers(
	client: &FullClient,
	local: &PeerId,
) -> Result<Option<HashSet<PeerId>>, String> {
	let local = OpaquePeerId(local.to_bytes());
	let well_known: BTreeSet<OpaquePeerId> = read(client, WellKnownNodes::hashed_key().to_vec())?;
	if !well_known.contains(&local) {
		return Ok(None);
	}
	let mut allowed: BTreeSet<OpaquePeerId> =
		read(client, AdditionalConnections::hashed_key_for(&local))?;
	allowed.extend(well_known.into_iter().filter(|peer| *peer != local));
	Ok(Some(allowed.iter().filter_map(|peer| PeerId::from_bytes(&peer.0).ok()).collect()))
}

/// Restrict `network` to the authorised peers now, if this node is authorised in its state.
pub fn apply(client: &FullClient, network: &dyn NetworkService) {
	match authorised_peers(client, &network.local_peer_id()) {
		Ok(None) => log::info!(
			target: "tds-node",
			"🔓 this node is not authorised in its latest state; peers are restricted once it syncs"
		),
		Ok(Some(peers)) => {
			log::info!(
				target: "tds-node",
				"🔐 accepting only the {} peers authorised on chain (pallet-node-authorization)",
				peers.len()
			);
			network.set_authorized_peers(peers);
			network.set_authorized_only(true);
		},
		Err(e) => log::warn!(target: "tds-node", "cannot read the authorised nodes: {e}"),
	}
}
