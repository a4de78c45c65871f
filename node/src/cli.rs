//! Command-line interface: Substrate's standard node CLI plus the consortium-spec generator.

use sc_cli::RunCmd;
use std::path::PathBuf;

#[derive(Debug, clap::Parser)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: RunCmd,

	#[clap(flatten)]
	pub gateway: crate::gateway::GatewayParams,
}

#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate and inspect account, session and node keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification from a built-in chain (`dev`, `local`) or a spec file.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Build a consortium's chain specification from a TOML configuration file listing its member
	/// spaces, validators, council, regulators, auditors and authorised nodes.
	ConsortiumSpec(ConsortiumSpecCmd),

	/// Write the runtime's metadata (SCALE-encoded, as `state_getMetadata` returns it) for
	/// code generators such as subxt.
	ExportMetadata(ExportMetadataCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Database meta-column information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Benchmark the runtime (built with `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}

/// `tds-node consortium-spec`.
#[derive(Debug, clap::Parser)]
pub struct ConsortiumSpecCmd {
	/// The consortium configuration (see `chain-spec/consortium.example.toml`).
	#[arg(long, value_name = "FILE")]
	pub config: PathBuf,

	/// Write the raw (storage-level) spec that nodes start from, instead of the readable one.
	#[arg(long)]
	pub raw: bool,

	/// Where to write the spec; standard output if absent.
	#[arg(long, value_name = "FILE")]
	pub output: Option<PathBuf>,
}

/// `tds-node export-metadata`.
#[derive(Debug, clap::Parser)]
pub struct ExportMetadataCmd {
	/// Metadata format version.
	#[arg(long, default_value_t = 16)]
	pub metadata_version: u32,

	/// Where to write it; standard output if absent.
	#[arg(long, value_name = "FILE")]
	pub output: Option<PathBuf>,
}
