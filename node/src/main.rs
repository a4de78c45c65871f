//! `tds-node`: the TDS Ledger node.

// `sc_cli::Error` and `sc_service::Error` are upstream's error types, returned by the Substrate
// APIs this node implements; boxing them here would only move the allocation.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod consortium;
mod evidence;
mod gateway;
mod permissioning;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
