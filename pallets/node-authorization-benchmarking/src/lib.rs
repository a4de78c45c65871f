//! Benchmarks of `pallet-node-authorization`, which ships without any.
//!
//! Only the calls a TDS consortium allows are measured: the governance calls that manage the
//! well-known (authorised) nodes. The runtime filters out the owner calls (`claim_node`,
//! `add_connections`, …), so they keep the pallet's flat default weights. Every benchmark runs at
//! the worst case: a full set of well-known nodes with PeerIds of the maximum length, since the
//! pallet stores the set as one value that every call reads and writes whole.
//!
//! As for `pallet-session-benchmarking`, the benchmarks live in this wrapper crate because they
//! cannot be added to the upstream pallet.

#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

/// The benchmarked pallet, wrapped.
pub struct Pallet<T: Config>(pallet_node_authorization::Pallet<T>);

/// Nothing beyond the node-authorization pallet's own configuration.
pub trait Config: pallet_node_authorization::Config {}
