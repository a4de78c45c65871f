//! The end-to-end suite: real `tds-node` processes on 127.0.0.1, driven over JSON-RPC.
//!
//! One test binary with a module per scenario, so the client stack (subxt, the runtime's
//! types, jsonrpsee) is compiled and linked once, not once per scenario. Run one scenario with
//! `cargo test --release -p tds-e2e --test e2e notary::` (or `cargo nextest run -E
//! 'test(/^notary::/)'`).

mod agreements;
mod bench_scripts;
mod catalog;
mod chain_spec_drift;
mod cli;
mod cli_ledger;
mod consortium_finality;
mod demo;
mod dev_node;
mod gateway;
mod identity_registry;
mod metadata;
mod notary;
mod permissioned_network;
mod usage_link;
mod validator_rotation;
