//! Harness for TDS Ledger's end-to-end tests.
//!
//! Every test starts real `tds-node` processes (the release binary, with the real wasm runtime)
//! on 127.0.0.1 ports picked free at run time, each with its own base path in a temporary
//! directory, and talks to them over JSON-RPC: raw methods through [`Node::rpc`], transactions
//! and storage through subxt with types generated from the runtime's metadata ([`api`]).
//!
//! A node process never outlives its test: [`Node`] kills it when dropped (pass or fail), and the
//! kernel kills it if the test process itself dies (`PR_SET_PDEATHSIG`). When a test fails, the
//! tail of every node's log is printed and the full logs are kept under `target/e2e-logs/`.

pub mod chain;
pub mod evidence;
pub mod network;
pub mod node;
pub mod world;

pub use chain::*;
pub use evidence::*;
pub use network::*;
pub use node::*;
pub use world::*;

/// Types and calls generated from the runtime's metadata (`tests/metadata/tds-runtime.scale`,
/// refreshed by `scripts/gen-metadata.sh`; the `metadata` test fails if it is stale).
#[subxt::subxt(
	runtime_metadata_path = "metadata/tds-runtime.scale",
	derive_for_all_types = "::subxt::ext::codec::Encode, ::subxt::ext::codec::Decode, Clone, PartialEq, Eq"
)]
pub mod api {}

/// The subxt configuration of TDS Ledger: Substrate's defaults (32-byte accounts, multi-signature,
/// BLAKE2-256 hashing, u32 block numbers encoded compactly) fit the runtime.
pub type TdsConfig = subxt::SubstrateConfig;

/// A subxt client connected to a node.
pub type Client = subxt::OnlineClient<TdsConfig>;

/// Errors of the harness.
pub type Result<T, E = anyhow::Error> = core::result::Result<T, E>;
