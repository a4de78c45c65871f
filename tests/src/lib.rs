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

pub mod bench;
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

/// Types and calls generated from the runtime's metadata, the subxt configuration and client:
/// the same as the `tds` command-line client's.
pub use tds_client::{api, Client, TdsConfig};

/// Errors of the harness.
pub type Result<T, E = anyhow::Error> = core::result::Result<T, E>;
