//! Dispatches the command line.

use crate::{
	chain_spec,
	cli::{Cli, ConsortiumSpecCmd, ExportMetadataCmd, Subcommand},
	consortium::ConsortiumConfig,
	service,
};
use sc_cli::{OffchainWorkerEnabled, SubstrateCli};
use sc_service::PartialComponents;
use std::io::Write;

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"TDS Ledger Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://github.com/tds-ledger/tds-ledger/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		Ok(match id {
			"dev" => Box::new(chain_spec::development_chain_spec()?),
			"" | "local" => Box::new(chain_spec::local_chain_spec()?),
			path => {
				Box::new(chain_spec::ChainSpec::from_json_file(std::path::PathBuf::from(path))?)
			},
		})
	}
}

fn consortium_spec(cmd: &ConsortiumSpecCmd) -> sc_cli::Result<()> {
	let spec = ConsortiumConfig::load(&cmd.config)?.chain_spec()?;
	let json = spec.as_json(cmd.raw)?;
	match &cmd.output {
		Some(path) => std::fs::write(path, json)?,
		None => std::io::stdout().write_all(json.as_bytes())?,
	}
	Ok(())
}

fn export_metadata(cmd: &ExportMetadataCmd) -> sc_cli::Result<()> {
	let metadata = tds_runtime::Runtime::metadata_at_version(cmd.metadata_version)
		.ok_or_else(|| format!("the runtime has no metadata version {}", cmd.metadata_version))?;
	match &cmd.output {
		Some(path) => std::fs::write(path, &*metadata)?,
		None => std::io::stdout().write_all(&metadata)?,
	}
	Ok(())
}

/// Parse and run the command line.
pub fn run() -> sc_cli::Result<()> {
	let mut cli = Cli::from_args();

	// Node permissioning is enforced by an offchain worker (pallet-node-authorization), so every
	// node runs offchain workers unless the operator explicitly passes `--offchain-worker never`;
	// Substrate's default would run them on validators only.
	if matches!(cli.run.offchain_worker_params.enabled, OffchainWorkerEnabled::WhenAuthority) {
		cli.run.offchain_worker_params.enabled = OffchainWorkerEnabled::Always;
	}

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ConsortiumSpec(cmd)) => consortium_spec(cmd),
		Some(Subcommand::ExportMetadata(cmd)) => export_metadata(cmd),
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<tds_primitives::opaque::Block>(&config))
		},
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => benchmark(cmd),
		None => {
			let runner = cli.create_runner(&cli.run)?;
			let gateway = cli.gateway.clone();
			runner.run_node_until_exit(|config| async move {
				let gateway = gateway.config(config.base_path.path());
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<
							tds_primitives::opaque::Block,
							tds_primitives::Hash,
						>,
					>(config, gateway)
					.map_err(sc_cli::Error::Service),
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config, gateway)
							.map_err(sc_cli::Error::Service)
					},
				}
			})
		},
	}
}

/// `tds-node benchmark pallet --runtime <wasm>`: runs the runtime's benchmarks against a runtime
/// blob built with `--features runtime-benchmarks` (scripts/gen-weights.sh), so that this binary
/// needs no embedded runtime and no chain spec.
#[cfg(feature = "runtime-benchmarks")]
fn benchmark(cmd: &frame_benchmarking_cli::BenchmarkCmd) -> sc_cli::Result<()> {
	use frame_benchmarking_cli::BenchmarkCmd;
	match cmd {
		BenchmarkCmd::Pallet(cmd) => cmd.run_with_spec::<sp_runtime::traits::HashingFor<
			tds_primitives::opaque::Block,
		>, ()>(None),
		_ => Err("only `benchmark pallet --runtime <wasm>` is supported".into()),
	}
}
