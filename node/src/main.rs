//! `tds-node`: the TDS Ledger node.

mod chain_spec;
mod cli;
mod command;
mod consortium;
mod permissioning;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
