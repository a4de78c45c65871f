//! `tds`: the command-line client of TDS Ledger (docs/cli.md).
//!
//! Keys live in a local keystore file (mode 0600, secrets optionally sealed with a password).
//! Actions are extrinsics built from the runtime's metadata (subxt) and, by default, followed
//! until they are in a finalised block (`--wait finalized`), whose number and hash are printed.
//! Queries print a table, or JSON with `--json`. Evidence commands hash, sign and verify locally.

mod chain;
mod dynamic;
mod evidence;
mod keys;
mod output;
mod query;
mod tx;

use clap::{Parser, Subcommand};
use std::{path::PathBuf, process::ExitCode};

/// How far to follow an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Wait {
	/// Until it is in a finalised block (the default).
	Finalized,
	/// Until it is in a block of the best chain.
	InBlock,
	/// Only until the node's pool accepted it.
	Submitted,
}

/// Options every command takes.
#[derive(Clone, Debug, clap::Args)]
pub struct Global {
	/// The node's JSON-RPC endpoint.
	#[arg(long, global = true, env = "TDS_URL", default_value = "ws://127.0.0.1:9944")]
	pub url: String,
	/// The keystore file (default `$TDS_KEYSTORE` or `~/.config/tds/keystore.json`).
	#[arg(long, global = true, value_name = "FILE")]
	pub keystore: Option<PathBuf>,
	/// Machine-readable output: one JSON document.
	#[arg(long, global = true)]
	pub json: bool,
	/// How far to follow an action.
	#[arg(long, global = true, value_enum, default_value = "finalized")]
	pub wait: Wait,
	/// The password of a sealed key (else asked on the terminal; `TDS_PASSWORD` for scripts).
	#[arg(long, global = true, env = "TDS_PASSWORD", hide_env_values = true)]
	pub password: Option<String>,
}

impl Global {
	/// The keystore's path.
	pub fn keystore_path(&self) -> PathBuf {
		self.keystore
			.clone()
			.unwrap_or_else(tds_client::keystore::Keystore::default_path)
	}
}

#[derive(Debug, Parser)]
#[command(name = "tds", version, about = "The command-line client of TDS Ledger")]
struct Cli {
	#[command(flatten)]
	global: Global,
	#[command(subcommand)]
	command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
	/// Manage the local keystore.
	#[command(subcommand)]
	Key(keys::KeyCommand),
	/// Notarise a file: hash it with BLAKE3 locally and record the digest on chain.
	Notarize(evidence::NotarizeArgs),
	/// Log entries for an evidence gateway.
	#[command(subcommand)]
	Log(evidence::LogCommand),
	/// Evidence bundles.
	#[command(subcommand)]
	Bundle(evidence::BundleCommand),
	/// Verify an evidence bundle or export offline (the checks of `tds-verify`).
	Verify(evidence::VerifyArgs),
	/// The chain's head and the node's gateway, if it runs one.
	Status,
	/// Sign and submit any call of any pallet (`tds calls` lists them).
	Tx(tx::TxArgs),
	/// The calls of the runtime, their arguments and how to write them.
	Calls(tx::CallsArgs),
	/// Council motions: governance actions such as admitting a space.
	#[command(subcommand)]
	Council(tx::CouncilCommand),
	/// Identity registry queries: participants, spaces, recognition, history.
	#[command(subcommand)]
	Identity(query::IdentityQuery),
	/// Catalog queries: entries, the change feed, digest checks.
	#[command(subcommand)]
	Catalog(query::CatalogQuery),
	/// Agreement queries: agreements, decisions, templates, dry runs.
	#[command(subcommand)]
	Agreement(query::AgreementQuery),
	/// Notary queries: records, streams, anchors, the trusted set.
	#[command(subcommand, name = "notary")]
	Notary(query::NotaryQuery),
	/// Call any JSON-RPC method of the node.
	Rpc(query::RpcArgs),
	/// BLAKE3-256 digests of files, as the ledger anchors them.
	Hash {
		/// The files.
		#[arg(required = true)]
		files: Vec<PathBuf>,
	},
}

#[tokio::main]
async fn main() -> ExitCode {
	let cli = Cli::parse();
	let result = match cli.command {
		Command::Key(command) => keys::run(&cli.global, command),
		Command::Notarize(args) => evidence::notarize(&cli.global, args).await,
		Command::Log(command) => evidence::log(&cli.global, command).await,
		Command::Bundle(command) => evidence::bundle(&cli.global, command).await,
		Command::Verify(args) => return evidence::verify(&cli.global, args),
		Command::Status => chain::status(&cli.global).await,
		Command::Tx(args) => tx::tx(&cli.global, args).await,
		Command::Calls(args) => tx::calls(&cli.global, args).await,
		Command::Council(command) => tx::council(&cli.global, command).await,
		Command::Identity(query) => query::identity(&cli.global, query).await,
		Command::Catalog(query) => query::catalog(&cli.global, query).await,
		Command::Agreement(query) => query::agreement(&cli.global, query).await,
		Command::Notary(query) => query::notary(&cli.global, query).await,
		Command::Rpc(args) => query::rpc(&cli.global, args).await,
		Command::Hash { files } => evidence::hash(&cli.global, &files),
	};
	match result {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("tds: {e:#}");
			ExitCode::FAILURE
		},
	}
}
