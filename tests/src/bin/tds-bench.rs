//! Benchmarks of real `tds-node` processes on loopback (issue 9; run by `scripts/bench.sh`,
//! described in docs/benchmarks.md). Each subcommand starts its own nodes, builds the world it
//! needs through finalised extrinsics, applies a bounded load, and writes one result file
//! (`--out FILE`, JSON, read by `scripts/bench-report.py`):
//!
//! - `chain`: notarisations reaching finalised blocks on one node, single and batch calls,
//!   against `system.remark` in the same run; block weight and chain state per event; node
//!   memory; RPC lookups per second (figures 1, 5 and 6).
//! - `gateway`: signed log entries acknowledged durably, and anchored and provable; bundle
//!   assembly; drill-through queries over the whole store (≥ 10^6 entries by default); disk
//!   bytes per entry, state bytes per anchor, memory (figures 2, 4, 5 and 6).
//! - `latency`: the four-validator network: submission → in block → finalised, and entry →
//!   verifiable bundle, p50 and p95 (figure 3).

use anyhow::{anyhow, bail, Context};
use ed25519_dalek::SigningKey;
use futures::{stream, StreamExt};
use jsonrpsee::{
	core::client::ClientT,
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::{json, value::RawValue, Value};
use sp_core::Pair as _;
use std::{
	collections::BTreeMap,
	sync::Arc,
	time::{Duration, Instant},
};
use subxt::utils::{AccountId32, H256};
use subxt_signer::sr25519::Keypair;
use tds_e2e::{
	account_of, admitted_space, admitted_space_by,
	api::{
		self,
		runtime_types::{
			pallet_identity_registry::pallet::Call as RegistryCall,
			tds_primitives::{identity::Role, notary::Notarisation},
			tds_runtime::RuntimeCall,
		},
	},
	bench::{
		at_least, at_most, dir_bytes, median_min_max, ms, percentile, resident_memory, sorted,
		write_section, Figure, Section,
	},
	council_motion, dev_keypair, gateway_status, genesis_hash, keypair, now_ms, organisation,
	request_nonce, submit_finalized, tds_verify, wait_for, Client, Node, NodeSpec, Result,
	TestNetwork,
};
use tds_evidence::{
	bundle::Bytes,
	gateway::{sign_request, QueryRequest},
};
use tds_primitives::{
	catalog::CatalogId,
	identity::{Digest, IdentityId},
	log::{LogEntry, Outcome, LOG_ENTRY_VERSION},
	notary::EventKind,
};

/// Valid unified social credit codes for the organisations the benchmarks register.
const USCCS: [&str; 4] =
	["914403001922038216", "9144030071526726XG", "91330100799655058B", "91110108551385082Q"];
/// The regulator's code (a government body's USCC).
const REGULATOR_USCC: &str = "11100000000013127D";
/// Keys an identity may hold (the runtime's `MaxKeys`).
const KEYS_PER_IDENTITY: usize = 8;
/// The gateway's notary key (given on the command line, as on a test network).
const NOTARY_URI: &str = "//BenchGatewayNotary";
/// Largest gateway submission (docs/gateway.md).
const GATEWAY_BATCH: usize = 1_000;
/// Pool and RPC limits raised so that the load is limited by the node, not by its defaults.
const LOAD_ARGS: [&str; 8] = [
	"--pool-limit",
	"300000",
	"--pool-kbytes",
	"4000000",
	"--rpc-max-connections",
	"2000",
	"--rpc-max-request-size",
	"64",
];

struct Options {
	command: String,
	out: Option<String>,
	runs: usize,
	values: BTreeMap<String, String>,
}

impl Options {
	fn parse() -> Result<Self> {
		let mut args = std::env::args().skip(1);
		let command = args.next().context("usage: tds-bench chain|gateway|latency [options]")?;
		let mut options = Options { command, out: None, runs: 3, values: BTreeMap::new() };
		while let Some(arg) = args.next() {
			let value = args.next().with_context(|| format!("{arg} needs a value"))?;
			match arg.as_str() {
				"--out" => options.out = Some(value),
				"--runs" => options.runs = value.parse()?,
				other => {
					let name = other.strip_prefix("--").with_context(|| format!("{other}?"))?;
					options.values.insert(name.to_owned(), value);
				},
			}
		}
		anyhow::ensure!(options.runs > 0, "--runs must be positive");
		Ok(options)
	}

	/// A numeric option, or its default.
	fn number(&self, name: &str, default: u64) -> Result<u64> {
		self.values
			.get(name)
			.map_or(Ok(default), |v| v.parse().with_context(|| format!("--{name} {v}")))
	}
}

#[tokio::main]
async fn main() -> Result<()> {
	let options = Options::parse()?;
	let section = match options.command.as_str() {
		"chain" => chain(&options).await?,
		"gateway" => gateway(&options).await?,
		"latency" => latency(&options).await?,
		other => bail!("unknown benchmark {other}: chain, gateway or latency"),
	};
	write_section(&section, options.out.as_deref())
}

// ---------------------------------------------------------------------------------------------
// Shared: clients, hashes, blocks.

/// `count` WebSocket connections to `node`, for spreading a load over them.
async fn open_connections(node: &Node, count: usize) -> Result<Vec<Arc<WsClient>>> {
	let mut clients = Vec::with_capacity(count);
	for _ in 0..count {
		clients.push(Arc::new(ws(node).await?));
	}
	Ok(clients)
}

async fn ws(node: &Node) -> Result<WsClient> {
	Ok(WsClientBuilder::default()
		.max_concurrent_requests(4_096)
		.max_request_size(64 * 1024 * 1024)
		.max_response_size(64 * 1024 * 1024)
		.request_timeout(Duration::from_secs(120))
		.build(node.ws_url())
		.await?)
}

fn h256(text: &str) -> Result<H256> {
	let bytes = hex::decode(text.trim_start_matches("0x"))?;
	Ok(H256(bytes.try_into().map_err(|_| anyhow!("not 32 bytes: {text}"))?))
}

/// What one finalised block holds of a workload.
struct BlockStat {
	timestamp_ms: u64,
	items: u64,
	normal_ref_time: u64,
	bytes: u64,
}

/// Counts the workload's items in block `number`: `remark` extrinsics, or `Notarised` events.
async fn block_stat(client: &Client, node: &Node, number: u32, remarks: bool) -> Result<BlockStat> {
	let hash = node.block_hash(number).await?.with_context(|| format!("no block #{number}"))?;
	let at = client.at_block(h256(&hash)?).await?;
	let timestamp_ms = at
		.storage()
		.entry(api::storage().timestamp().now())?
		.fetch(())
		.await?
		.decode()?;
	let weight = at
		.storage()
		.entry(api::storage().system().block_weight())?
		.fetch(())
		.await?
		.decode()?;
	let fetched = at.extrinsics().fetch().await?;
	let extrinsics: Vec<_> = fetched.iter().filter_map(Result::ok).collect();
	let bytes = extrinsics.iter().map(|x| x.bytes().len() as u64).sum();
	let items = if remarks {
		extrinsics
			.iter()
			.filter(|x| x.pallet_name() == "System" && x.call_name() == "remark")
			.count() as u64
	} else {
		let events = at.events().fetch().await?;
		events
			.iter()
			.filter_map(Result::ok)
			.filter(|e| e.pallet_name() == "Notary" && e.event_name() == "Notarised")
			.count() as u64
	};
	Ok(BlockStat { timestamp_ms, items, normal_ref_time: weight.normal.ref_time, bytes })
}

/// Hex strings, submitted over `connections` WebSocket connections with up to `in_flight`
/// outstanding each. Returns the refusals by message.
async fn submit_extrinsics(
	node: &Node,
	extrinsics: Vec<String>,
	connections: usize,
	in_flight: usize,
) -> Result<BTreeMap<String, u64>> {
	let clients = open_connections(node, connections).await?;
	let results: Vec<Option<String>> = stream::iter(extrinsics.into_iter().enumerate())
		.map(|(i, hex)| {
			let client = clients[i % clients.len()].clone();
			async move {
				client
					.request::<Value, _>("author_submitExtrinsic", rpc_params![hex])
					.await
					.err()
					.map(|e| e.to_string())
			}
		})
		.buffer_unordered(connections * in_flight)
		.collect()
		.await;
	let mut refusals = BTreeMap::new();
	for why in results.into_iter().flatten() {
		*refusals.entry(why.chars().take(120).collect()).or_insert(0) += 1;
	}
	Ok(refusals)
}

/// The sum of key and value bytes of every storage item under `prefix` at block `hash`.
async fn state_bytes(rpc: &WsClient, prefix: &str, hash: &str) -> Result<(u64, u64)> {
	let mut keys: Vec<String> = Vec::new();
	loop {
		let page: Vec<String> = rpc
			.request("state_getKeysPaged", rpc_params![prefix, 1_000, keys.last(), hash])
			.await?;
		let done = page.len() < 1_000;
		keys.extend(page);
		if done || keys.len() >= 2_000_000 {
			break;
		}
	}
	let sizes: Vec<Result<u64>> = stream::iter(keys.iter())
		.map(|key| async move {
			let size: Option<u64> =
				rpc.request("state_getStorageSize", rpc_params![key, hash]).await?;
			Ok(size.unwrap_or_default() + (key.len() as u64 - 2) / 2)
		})
		.buffer_unordered(256)
		.collect()
		.await;
	let bytes = sizes.into_iter().sum::<Result<u64>>()?;
	Ok((keys.len() as u64, bytes))
}

/// The twox128 prefix of a pallet's storage, as hex.
fn pallet_prefix(pallet: &str) -> String {
	format!("0x{}", hex::encode(sp_crypto_hashing::twox_128(pallet.as_bytes())))
}

fn memory_figure(id: &str, title: &str, peaks: Vec<f64>) -> Figure {
	Figure::new(id, title, "MiB", peaks)
		.limit("sampled from /proc/PID/status (VmHWM) after each run")
}

fn peak_mib(node: &Node) -> f64 {
	node.pid()
		.and_then(resident_memory)
		.map_or(0.0, |(_, peak)| peak as f64 / 1_048_576.0)
}

// ---------------------------------------------------------------------------------------------
// 1. On-chain notarisation against system.remark, on one node.

/// The identities whose keys sign the load: organisations with every key slot used.
async fn signing_accounts(client: &Client, operator: &Keypair) -> Result<Vec<Keypair>> {
	let mut organisations = Vec::new();
	for (i, uscc) in USCCS.iter().enumerate() {
		let primary = keypair(&format!("//BenchOrg{i}"))?;
		let id = organisation(client, 0, operator, uscc, &primary, None).await?;
		organisations.push((i, id, primary));
	}
	let added = organisations.iter().map(|(i, id, primary)| async move {
		let mut keys = vec![primary.clone()];
		for k in 1..KEYS_PER_IDENTITY {
			let key = keypair(&format!("//BenchOrg{i}/{k}"))?;
			let call = api::transactions().identity_registry().add_key(*id, account_of(&key));
			submit_finalized(client, &call, primary).await?;
			keys.push(key);
		}
		Ok::<_, anyhow::Error>(keys)
	});
	Ok(futures::future::try_join_all(added).await?.into_iter().flatten().collect())
}

#[derive(Clone, Copy, PartialEq)]
enum Workload {
	Remark,
	Single,
	Batch,
}

impl Workload {
	fn name(self) -> &'static str {
		match self {
			Workload::Remark => "system.remark",
			Workload::Single => "notary.notarise",
			Workload::Batch => "notary.notarise_batch",
		}
	}
}

/// Notarisation `i` of `workload` in run `run`: a digest no other workload or run uses.
fn notarisation(workload: &str, run: usize, i: u64) -> Notarisation {
	let digest = blake3::hash(format!("bench {workload} {run} {i}").as_bytes());
	Notarisation {
		digest: H256(*digest.as_bytes()),
		kind: api::runtime_types::tds_primitives::notary::EventKind::InterfaceCall,
		catalog_entry: None,
		agreement: None,
		metadata: None,
	}
}

/// Signs `count` transactions of `workload` round-robin over `signers` (nonce level by nonce
/// level, so each is ready when it arrives), with nonces from the node and counted locally.
async fn presign(
	client: &Client,
	rpc: &WsClient,
	signers: &[Keypair],
	workload: Workload,
	count: u64,
	batch_size: u64,
	run: usize,
) -> Result<Vec<String>> {
	let mut nonces = Vec::new();
	for signer in signers {
		let nonce: u64 = rpc
			.request("system_accountNextIndex", rpc_params![account_of(signer).to_string()])
			.await?;
		nonces.push(nonce);
	}
	let at = client.at_current_block().await?;
	let transactions = at.transactions();
	let mut signed = Vec::new();
	for i in 0..count {
		let who = usize::try_from(i)? % signers.len();
		let params = subxt::config::DefaultExtrinsicParamsBuilder::<tds_e2e::TdsConfig>::new()
			.nonce(nonces[who])
			.build();
		nonces[who] += 1;
		let bytes = match workload {
			Workload::Remark => {
				let call = api::transactions().system().remark(i.to_le_bytes().to_vec());
				transactions.create_signable_offline(&call, params)?.sign(&signers[who])?
			},
			Workload::Single => {
				let n = notarisation("single", run, i);
				let call =
					api::transactions().notary().notarise(n.digest, n.kind, None, None, None);
				transactions.create_signable_offline(&call, params)?.sign(&signers[who])?
			},
			Workload::Batch => {
				let items = (0..batch_size)
					.map(|k| notarisation("batch", run, i * batch_size + k))
					.collect();
				let call = api::transactions().notary().notarise_batch(items);
				transactions.create_signable_offline(&call, params)?.sign(&signers[who])?
			},
		}
		.into_encoded();
		signed.push(format!("0x{}", hex::encode(bytes)));
	}
	Ok(signed)
}

/// One run of one workload: submits, then reads the finalised blocks until every item is in
/// one (or nothing more arrives for 20 blocks). Returns items per second over the block
/// timestamps and the blocks.
async fn run_workload(
	client: &Client,
	node: &Node,
	extrinsics: Vec<String>,
	expected: u64,
	remarks: bool,
) -> Result<(f64, Vec<BlockStat>, BTreeMap<String, u64>)> {
	let start = node.finalized_number().await?;
	// Every submission is answered once the pool has validated it; the blocks tell the rate.
	let refusals = submit_extrinsics(node, extrinsics, 8, 64).await?;
	// The block before the load gives the span's start; its items belong to earlier work.
	let mut before = block_stat(client, node, start, remarks).await?;
	before.items = 0;
	let mut blocks: Vec<BlockStat> = vec![before];
	let mut next = start + 1;
	let mut idle = 0;
	let mut counted = 0;
	while counted < expected && idle < 20 {
		let finalised = node.finalized_number().await?;
		if finalised < next {
			tokio::time::sleep(Duration::from_millis(500)).await;
			continue;
		}
		let stat = block_stat(client, node, next, remarks).await?;
		counted += stat.items;
		idle = if stat.items == 0 && counted > 0 { idle + 1 } else { 0 };
		blocks.push(stat);
		next += 1;
		anyhow::ensure!(next < start + 2_000, "the workload did not finish within 2,000 blocks");
	}
	let first = blocks.iter().position(|b| b.items > 0).context("no item reached a block")?;
	let last = blocks.iter().rposition(|b| b.items > 0).unwrap_or(first);
	// The span starts at the timestamp of the block before the first that holds items.
	let since = blocks[first.saturating_sub(1)].timestamp_ms;
	let span_ms = blocks[last].timestamp_ms.saturating_sub(since).max(1);
	let items: u64 = blocks[first..=last].iter().map(|b| b.items).sum();
	let rate = items as f64 * 1_000.0 / span_ms as f64;
	Ok((rate, blocks, refusals))
}

async fn chain(options: &Options) -> Result<Section> {
	let txs = options.number("txs", 24_000)?;
	let batches = options.number("batches", 60)?;
	let batch_size = options.number("batch-size", 1_000)?;
	let lookups = options.number("lookups", 20_000)?;
	let mut network = TestNetwork::new("bench-chain")?;
	let mut spec = NodeSpec::new("dev", "dev");
	spec.dev_key = Some("alice".into());
	spec.extra_args = LOAD_ARGS.map(String::from).to_vec();
	// The fork-aware pool moves at most 7,000 transactions from its mempool into the view of
	// a new block (sc-transaction-pool 48, MEMPOOL_TO_VIEW_BATCH_SIZE): under a burst of
	// 24,000 it left 13,000 stranded for 20 blocks and the next workload's nonces collided
	// with them. The single-state pool takes the whole burst, so the blocks show the chain.
	spec.extra_args.extend(["--pool-type", "single-state"].map(String::from));
	network.start(spec).await?;
	let node = network.node("dev");
	let client = node.client().await?;
	let rpc = ws(node).await?;
	let operator = keypair("//BenchOperator")?;
	admitted_space(&client, &operator, 0).await?;
	let signers = signing_accounts(&client, &operator).await?;
	eprintln!("chain: {} signing accounts of {} identities", signers.len(), USCCS.len());

	// State per notarised event, from a small sample before the load.
	let prefix = pallet_prefix("Notary");
	let before = state_bytes(&rpc, &prefix, &node.finalized_hash().await?).await?;
	let sample = 1_000;
	let signed = presign(&client, &rpc, &signers, Workload::Single, sample, 1, usize::MAX).await?;
	run_workload(&client, node, signed, sample, false).await?;
	let after = state_bytes(&rpc, &prefix, &node.finalized_hash().await?).await?;
	let state_per_event = (after.1 - before.1) as f64 / sample as f64;
	let keys_per_event = (after.0 - before.0) as f64 / sample as f64;

	let mut rates: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
	let mut weights: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
	let mut per_block: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
	let mut refused: BTreeMap<String, u64> = BTreeMap::new();
	let mut ratios = Vec::new();
	let mut peaks = Vec::new();
	for run in 0..options.runs {
		let mut remark_rate = 0.0;
		for workload in [Workload::Remark, Workload::Single, Workload::Batch] {
			let (count, expected) = match workload {
				Workload::Batch => (batches, batches * batch_size),
				_ => (txs, txs),
			};
			let signed = presign(&client, &rpc, &signers, workload, count, batch_size, run).await?;
			let (rate, blocks, refusals) =
				run_workload(&client, node, signed, expected, workload == Workload::Remark).await?;
			let loaded: Vec<&BlockStat> = blocks.iter().filter(|b| b.items > 0).collect();
			let items: u64 = loaded.iter().map(|b| b.items).sum();
			let weight: u64 = loaded.iter().map(|b| b.normal_ref_time).sum();
			let most = loaded.iter().map(|b| b.items).max().unwrap_or_default();
			eprintln!(
				"chain run {run}: {}: {rate:.0}/s, {items} of {expected} in {} blocks (most {most}), \
				 {} refused, {} bytes",
				workload.name(),
				loaded.len(),
				refusals.values().sum::<u64>(),
				loaded.iter().map(|b| b.bytes).sum::<u64>(),
			);
			rates.entry(workload.name()).or_default().push(rate);
			weights
				.entry(workload.name())
				.or_default()
				.push(weight as f64 / items.max(1) as f64 / 1_000_000.0);
			per_block.entry(workload.name()).or_default().push(most as f64);
			for (why, n) in refusals {
				*refused.entry(format!("{}: {why}", workload.name())).or_insert(0) += n;
			}
			match workload {
				Workload::Remark => remark_rate = rate,
				Workload::Single => ratios.push(100.0 * rate / remark_rate.max(1.0)),
				Workload::Batch => {},
			}
		}
		peaks.push(peak_mib(node));
	}

	// RPC lookups per second on the registry, the catalog and the agreements.
	let identity = format!("0x{}", hex::encode(tds_e2e::organisation_id(USCCS[0])?.0));
	let mut lookup_rates: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
	for _ in 0..options.runs {
		for (name, method, param) in [
			("identity_participant", "identity_participant", json!(identity)),
			("identity_participantByAccount", "identity_participantByAccount", {
				json!(account_of(&signers[1]).to_string())
			}),
			("catalog_entry", "catalog_entry", json!("urn:tds:catalog:0:0")),
			("agreement_get", "agreement_get", json!("1")),
			("notary_record", "notary_record", {
				json!(format!("0x{}", hex::encode(notarisation("single", 0, 7).digest.0)))
			}),
		] {
			let started = Instant::now();
			let answers: Vec<bool> = stream::iter(0..lookups)
				.map(|_| {
					let (rpc, param) = (&rpc, param.clone());
					async move { rpc.request::<Value, _>(method, rpc_params![param]).await.is_ok() }
				})
				.buffer_unordered(64)
				.collect()
				.await;
			anyhow::ensure!(answers.iter().all(|ok| *ok), "{method} failed");
			lookup_rates
				.entry(name)
				.or_default()
				.push(lookups as f64 / started.elapsed().as_secs_f64());
		}
	}

	let mut section = Section::new("1. On-chain notarisation, one node");
	let remark = rates.get("system.remark").cloned().unwrap_or_default();
	section.figures.push(
		Figure::new(
			"chain.remark",
			"system.remark reaching finality (the chain's own ceiling)",
			"tx/s",
			remark,
		)
		.detail(json!({"mostPerBlock": per_block.get("system.remark")})),
	);
	section.figures.push(
		Figure::new(
			"chain.notarise.single",
			"single notarisations reaching finality",
			"events/s",
			rates.get("notary.notarise").cloned().unwrap_or_default(),
		)
		.target(at_least(2_000.0, "≥ 2,000/s"))
		.detail(json!({"mostPerBlock": per_block.get("notary.notarise")})),
	);
	section.figures.push(
		Figure::new(
			"chain.notarise.ratio",
			"single notarisations as a share of remark",
			"%",
			ratios,
		)
		.target(at_least(90.0, "≥ 90% of remark")),
	);
	section.figures.push(
		Figure::new(
			"chain.notarise.batch",
			format!("batched notarisations ({batch_size} a call) reaching finality").as_str(),
			"events/s",
			rates.get("notary.notarise_batch").cloned().unwrap_or_default(),
		)
		// Issue 9 states this target for unsigned digests anchored by batch notarisation; the
		// batch call is the ledger's only path for digests that carry no entry signature.
		.target(at_least(1_000_000.0, "≥ 1,000,000 digests/s provable"))
		.detail(json!({"mostPerBlock": per_block.get("notary.notarise_batch")})),
	);
	for (name, values) in &weights {
		section.figures.push(Figure::new(
			&format!("cost.blockWeight.{name}"),
			&format!("block weight (normal class) per item, {name}"),
			"µs",
			values.clone(),
		));
	}
	section.figures.push(
		Figure::new(
			"cost.state.notarisedEvent",
			"chain state per notarised event (key + value bytes under Notary)",
			"bytes",
			vec![state_per_event],
		)
		.detail(json!({"keysPerEvent": keys_per_event, "sample": sample})),
	);
	section.figures.push(memory_figure(
		"cost.memory.chain",
		"node peak resident memory under the on-chain load",
		peaks,
	));
	for (name, values) in lookup_rates {
		section.figures.push(Figure::new(
			&format!("rpc.{name}"),
			&format!("{name} lookups (64 in flight, one connection)"),
			"queries/s",
			values,
		));
	}
	section.notes.push(format!(
		"{} signing accounts ({} identities × {} keys); {txs} transactions per single/remark run, \
		 {batches} × {batch_size} per batch run; submitted over 8 WebSocket connections, 64 in \
		 flight each; counted in finalised blocks (items over block timestamps).",
		signers.len(),
		USCCS.len(),
		KEYS_PER_IDENTITY
	));
	section.notes.push(
		"catalog_entry and agreement_get look up identifiers that do not exist on the bench \
		 chain: the runtime API call and its storage reads are made, the answer is null."
			.into(),
	);
	if !refused.is_empty() {
		section.notes.push(format!("refused at submission: {refused:?}"));
	}
	Ok(section)
}

// ---------------------------------------------------------------------------------------------
// 2, 4, 5, 6. The evidence gateway.

fn log_entry(identity: IdentityId, i: u64, base_time: u64) -> LogEntry {
	LogEntry {
		version: LOG_ENTRY_VERSION,
		identity,
		caller: IdentityId::repeat_byte(u8::try_from(i % 200).unwrap_or(0)),
		time: base_time + i,
		sequence: i,
		kind: EventKind::InterfaceCall,
		interface: b"/claims/query".to_vec(),
		request_digest: Digest::from(*blake3::hash(&i.to_le_bytes()).as_bytes()),
		volume: 200,
		outcome: if i % 50 == 49 { Outcome::Failed { code: 503 } } else { Outcome::Success },
		agreement: Some(1_000 + i % 100),
		catalog_entry: Some(CatalogId { space: 0, number: u32::try_from(i % 1_000).unwrap_or(0) }),
		scenario: Some(u32::try_from(i % 20).unwrap_or(0)),
		fields: vec![(b"desk".to_vec(), b"claims-7".to_vec())],
	}
}

/// Batches of signed entries as JSON text, signed on every core.
fn signed_batches(
	keys: &[SigningKey],
	genesis: &[u8; 32],
	identity: IdentityId,
	from: u64,
	count: u64,
	base_time: u64,
) -> Result<Vec<Box<RawValue>>> {
	let batches: Vec<(u64, u64)> = (from..from + count)
		.step_by(GATEWAY_BATCH)
		.map(|start| (start, (start + GATEWAY_BATCH as u64).min(from + count)))
		.collect();
	let cores = std::thread::available_parallelism().map_or(1, usize::from);
	let chunks: Vec<&[(u64, u64)]> = batches.chunks(batches.len().div_ceil(cores).max(1)).collect();
	std::thread::scope(|scope| {
		let handles: Vec<_> = chunks
			.iter()
			.map(|chunk| {
				scope.spawn(move || {
					chunk
						.iter()
						.map(|(start, end)| {
							let entries: Vec<Value> = (*start..*end)
								.map(|i| {
									let key = &keys[usize::try_from(i).unwrap_or(0) % keys.len()];
									tds_e2e::signed_entry_json(
										key,
										genesis,
										log_entry(identity, i, base_time),
									)
								})
								.collect::<Result<_>>()?;
							Ok(RawValue::from_string(serde_json::to_string(&entries)?)?)
						})
						.collect::<Result<Vec<_>>>()
				})
			})
			.collect();
		let mut all = Vec::new();
		for handle in handles {
			all.extend(handle.join().map_err(|_| anyhow!("a signing thread panicked"))??);
		}
		Ok(all)
	})
}

/// Submits the batches over `connections` connections, `in_flight` each. Returns the seconds
/// until the last acknowledgement and each submission's latency in ms.
async fn ingest(
	node: &Node,
	batches: Vec<Box<RawValue>>,
	connections: usize,
	in_flight: usize,
) -> Result<(f64, Vec<f64>, u64)> {
	let clients = open_connections(node, connections).await?;
	let started = Instant::now();
	let answers: Vec<Result<(f64, u64)>> = stream::iter(batches.into_iter().enumerate())
		.map(|(i, batch)| {
			let client = clients[i % clients.len()].clone();
			async move {
				let sent = Instant::now();
				let results: Vec<Value> =
					client.request("notary_submitEntries", rpc_params![batch]).await?;
				let accepted =
					results.iter().filter(|r| r["accepted"]["leafIndex"].is_u64()).count();
				Ok((ms(sent.elapsed()), accepted as u64))
			}
		})
		.buffer_unordered(connections * in_flight)
		.collect()
		.await;
	let seconds = started.elapsed().as_secs_f64();
	let mut latencies = Vec::new();
	let mut accepted = 0;
	for answer in answers {
		let (latency, n) = answer?;
		latencies.push(latency);
		accepted += n;
	}
	Ok((seconds, latencies, accepted))
}

/// Links the ed25519 `key` to identity `id`, signed by `by` (a key of the identity).
async fn link_key(client: &Client, id: H256, key: &SigningKey, by: &Keypair) -> Result<()> {
	let call = api::transactions()
		.identity_registry()
		.add_key(id, AccountId32(key.verifying_key().to_bytes()));
	submit_finalized(client, &call, by).await?;
	Ok(())
}

/// The gateway's parties in space 0 (admitted by the caller): the operator organisation,
/// whose node holds the notary key `notary_uri`, and a connector's organisation with `keys`
/// signing keys. Returns the connector's identity and keys.
async fn gateway_parties(
	client: &Client,
	operator: &Keypair,
	notary_uri: &str,
	keys: usize,
) -> Result<(IdentityId, Vec<SigningKey>)> {
	let operator_key = keypair("//BenchGatewayOperator")?;
	let operator_org = organisation(client, 0, operator, USCCS[1], &operator_key, None).await?;
	let connector_key = keypair("//BenchConnector")?;
	let connector_org = organisation(client, 0, operator, USCCS[0], &connector_key, None).await?;
	let notary = sp_core::ed25519::Pair::from_string(notary_uri, None)
		.map_err(|e| anyhow!("{notary_uri}: {e:?}"))?;
	link_key(client, operator_org, &SigningKey::from_bytes(&notary.seed()), &operator_key).await?;
	let connector_keys: Vec<SigningKey> = (0x60..)
		.take(keys)
		.map(|seed: u8| SigningKey::from_bytes(&[seed; 32]))
		.collect();
	for key in &connector_keys {
		link_key(client, connector_org, key, &connector_key).await?;
	}
	Ok((IdentityId::from(connector_org.0), connector_keys))
}

/// A regulator appointed by the council (Alice), with an ed25519 key for signed queries.
async fn regulator(client: &Client, operator: &Keypair) -> Result<SigningKey> {
	let account = keypair("//BenchRegulator")?;
	let id = organisation(client, 0, operator, REGULATOR_USCC, &account, None).await?;
	let appoint =
		RuntimeCall::IdentityRegistry(RegistryCall::appoint { id, role: Role::Regulator });
	council_motion(client, appoint, &[dev_keypair("alice")]).await?;
	let key = SigningKey::from_bytes(&[0x52; 32]);
	link_key(client, id, &key, &account).await?;
	Ok(key)
}

async fn gateway(options: &Options) -> Result<Section> {
	let total = options.number("entries", 1_000_000)?;
	let connections = usize::try_from(options.number("connections", 4)?)?;
	let in_flight = usize::try_from(options.number("in-flight", 2)?)?;
	let queries = options.number("queries", 50)?;
	let bundle_requests = options.number("bundles", 2_000)?;
	let mut network = TestNetwork::new("bench-gateway")?;
	let mut spec = NodeSpec::new("dev", "dev");
	spec.dev_key = Some("alice".into());
	spec.extra_args = LOAD_ARGS.map(String::from).to_vec();
	spec.extra_args.extend(
		["--gateway", "--gateway-notary-suri", NOTARY_URI, "--gateway-anchor-interval-ms", "2000"]
			.map(String::from),
	);
	network.start(spec).await?;
	let node = network.node("dev");
	let client = node.client().await?;
	let rpc = ws(node).await?;
	let genesis = genesis_hash(node).await?;
	let operator = keypair("//BenchOperator")?;
	admitted_space(&client, &operator, 0).await?;
	let (connector, connector_keys) = gateway_parties(&client, &operator, NOTARY_URI, 4).await?;
	let regulator_key = regulator(&client, &operator).await?;
	wait_for("the gateway's stream", Duration::from_secs(60), || async {
		Ok(gateway_status(node).await?["stream"].as_u64())
	})
	.await?;
	let prefix = pallet_prefix("Notary");
	let state_before = state_bytes(&rpc, &prefix, &node.finalized_hash().await?).await?;
	let anchors_before = anchors(node).await?;

	let base_time = now_ms() - total;
	let per_run = total.div_ceil(options.runs as u64);
	let (mut acked, mut provable, mut latencies, mut peaks) = (vec![], vec![], vec![], vec![]);
	let mut provable_latency = Vec::new();
	for run in 0..options.runs as u64 {
		let from = run * per_run;
		let count = per_run.min(total - from);
		let batches = signed_batches(&connector_keys, &genesis, connector, from, count, base_time)?;
		// scripts/profile-gateway.sh waits for this line to attach the profiler to the node.
		eprintln!(
			"gateway run {run}: submitting {count} entries to node pid {}",
			node.pid().unwrap_or_default()
		);
		let started = Instant::now();
		let (seconds, run_latencies, accepted) =
			ingest(node, batches, connections, in_flight).await?;
		anyhow::ensure!(accepted == count, "{accepted} of {count} entries acknowledged");
		let target = from + count;
		wait_for("entries anchored and final", Duration::from_secs(600), || async {
			let status = gateway_status(node).await?;
			anyhow::ensure!(status["halted"].is_null(), "anchoring halted: {status}");
			Ok((status["finalised"].as_u64().unwrap_or_default() >= target).then_some(()))
		})
		.await?;
		let until_provable = started.elapsed().as_secs_f64();
		acked.push(count as f64 / seconds);
		provable.push(count as f64 / until_provable);
		provable_latency.push((until_provable - seconds) * 1_000.0);
		latencies.extend(run_latencies);
		peaks.push(peak_mib(node));
		eprintln!(
			"gateway run {run}: {count} entries acknowledged in {seconds:.1} s ({:.0}/s), provable after {until_provable:.1} s",
			count as f64 / seconds
		);
	}
	let status = gateway_status(node).await?;
	let size = status["size"].as_u64().unwrap_or_default();
	let store_bytes = dir_bytes(&node.base_path.join("chains"));
	let gateway_bytes = dir_bytes(&gateway_dir(node)?);
	let state_after = state_bytes(&rpc, &prefix, &node.finalized_hash().await?).await?;
	let anchors_after = anchors(node).await?;
	let anchors_made = anchors_after.saturating_sub(anchors_before).max(1);

	// Bundle assembly: random leaves, 8 in flight.
	let mut assembly = Vec::new();
	let mut bundle_bytes = 0;
	for run in 0..options.runs as u64 {
		let started = Instant::now();
		let sizes: Vec<Result<usize>> = stream::iter(0..bundle_requests)
			.map(|i| {
				let rpc = &rpc;
				let leaf = (i * 7_919 + run * 104_729) % size;
				async move {
					let bundle: Value =
						rpc.request("notary_getBundle", rpc_params![leaf, Value::Null]).await?;
					Ok(bundle.to_string().len())
				}
			})
			.buffer_unordered(8)
			.collect()
			.await;
		let sizes = sizes.into_iter().collect::<Result<Vec<_>>>()?;
		assembly.push(bundle_requests as f64 / started.elapsed().as_secs_f64());
		bundle_bytes = sizes.iter().sum::<usize>() / sizes.len().max(1);
	}
	let sample_bundle: Value =
		rpc.request("notary_getBundle", rpc_params![size - 1, Value::Null]).await?;
	let trust: Value = node.rpc("notary_trustedSet", vec![]).await?;
	let work = tempfile::tempdir()?;
	let (verified, report) = tds_verify(work.path(), "bundle", &sample_bundle, &trust, &[])?;
	anyhow::ensure!(verified, "the last entry's bundle does not verify: {report}");

	// Drill-through: a regulator's signed queries, one at a time, over the whole store.
	let mut query_ms: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
	let mut counter = 0;
	for q in 0..queries {
		let filters: [(&str, QueryRequest); 4] = [
			("agreement", QueryRequest { agreement: Some(1_000 + q % 100), ..blank() }),
			(
				"dataItem",
				QueryRequest {
					catalog_entry: Some(format!("urn:tds:catalog:0:{}", q * 37 % 1_000)),
					..blank()
				},
			),
			(
				"callerAndTime",
				QueryRequest {
					caller: Some(tds_evidence::bundle::Bytes32([u8::try_from(q % 200)?; 32])),
					from: Some(base_time + (q * 10_000) % total),
					to: Some(base_time + (q * 10_000) % total + 600_000),
					..blank()
				},
			),
			(
				"scenarioAndAgreement",
				QueryRequest {
					scenario: Some(u32::try_from(q % 20)?),
					agreement: Some(1_000 + (q % 20) + 20 * (q % 5)),
					..blank()
				},
			),
		];
		for (name, mut request) in filters {
			counter += 1;
			request.time = now_ms();
			request.nonce = request_nonce(counter);
			let signed = sign_request(&regulator_key, &genesis, &request);
			let sent = Instant::now();
			let page: Value = rpc.request("notary_query", rpc_params![signed]).await?;
			query_ms.entry(name).or_default().push(ms(sent.elapsed()));
			anyhow::ensure!(
				page["entries"].as_array().is_some_and(|e| !e.is_empty()),
				"{name} query found nothing: {page}"
			);
		}
	}
	let all_queries: Vec<f64> = query_ms.values().flatten().copied().collect();

	let mut section = Section::new("2. Evidence gateway");
	let limit = "see docs/benchmarks.md, \"What limits each figure\"";
	section.figures.push(
		Figure::new(
			"gateway.acknowledged",
			"signed log entries acknowledged durably",
			"entries/s",
			acked,
		)
		.target(at_least(100_000.0, "≥ 100,000/s"))
		.limit(limit)
		.detail(json!({
			"connections": connections,
			"inFlightPerConnection": in_flight,
			"batch": GATEWAY_BATCH,
			"submissionMsP50": percentile(&sorted(&latencies), 50.0),
			"submissionMsP99": percentile(&sorted(&latencies), 99.0),
		})),
	);
	section.figures.push(Figure::new(
		"gateway.provable",
		"signed log entries anchored, finalised and provable (from first submission)",
		"entries/s",
		provable,
	));
	section.figures.push(Figure::new(
		"gateway.provableAfterAck",
		"last acknowledgement → everything provable",
		"ms",
		provable_latency,
	));
	section.figures.push(
		Figure::new(
			"proofs.assembly",
			"bundle assembly at the gateway (8 in flight)",
			"bundles/s",
			assembly,
		)
		.detail(json!({"bundleBytes": bundle_bytes, "leaves": size})),
	);
	for (name, values) in &query_ms {
		let sorted_values = sorted(values);
		section.figures.push(
			Figure::new(
				&format!("query.{name}.p99"),
				&format!(
					"drill-through by {name}, p99 over {} queries, {size} entries",
					values.len()
				),
				"ms",
				vec![percentile(&sorted_values, 99.0)],
			)
			.detail(json!({"p50": percentile(&sorted_values, 50.0)})),
		);
	}
	let all_sorted = sorted(&all_queries);
	section.figures.push(Figure::new(
		"query.all.p50",
		&format!("drill-through, p50 of all {} queries, {size} entries", all_queries.len()),
		"ms",
		vec![percentile(&all_sorted, 50.0)],
	));
	section.figures.push(
		Figure::new(
			"query.all.p99",
			&format!("drill-through, p99 of all {} queries, {size} entries", all_queries.len()),
			"ms",
			vec![percentile(&all_sorted, 99.0)],
		)
		.target(at_most(50.0, "≤ 50 ms")),
	);
	section.figures.push(
		Figure::new(
			"cost.disk.gatewayEntry",
			"gateway store bytes per entry (redb file / entries)",
			"bytes",
			vec![gateway_bytes as f64 / size.max(1) as f64],
		)
		.detail(
			json!({"storeBytes": gateway_bytes, "chainDatabaseBytes": store_bytes, "entries": size}),
		),
	);
	section.figures.push(
		Figure::new(
			"cost.state.anchor",
			"chain state per anchor (key + value bytes under Notary)",
			"bytes",
			vec![(state_after.1.saturating_sub(state_before.1)) as f64 / anchors_made as f64],
		)
		.detail(json!({"anchors": anchors_made})),
	);
	section.figures.push(memory_figure(
		"cost.memory.gateway",
		"node peak resident memory under gateway load",
		peaks,
	));
	let (median_ack, _, _) = median_min_max(&section.figures[0].values);
	section.notes.push(format!(
		"{total} entries in {} runs, batches of {GATEWAY_BATCH} over {connections} WebSocket \
		 connections with {in_flight} in flight each; entries signed with 4 keys of one \
		 connector identity; anchor interval 2 s; median acknowledgement rate {median_ack:.0}/s.",
		options.runs
	));
	Ok(section)
}

fn blank() -> QueryRequest {
	QueryRequest {
		time: 0,
		nonce: Bytes(vec![]),
		catalog_entry: None,
		from: None,
		to: None,
		caller: None,
		scenario: None,
		agreement: None,
		identity: None,
		cursor: None,
		limit: Some(50),
		bundles: false,
	}
}

/// The gateway's store directory under the node's base path.
fn gateway_dir(node: &Node) -> Result<std::path::PathBuf> {
	let direct = node.base_path.join("gateway");
	if direct.is_dir() {
		return Ok(direct);
	}
	let chains = node.base_path.join("chains");
	for entry in std::fs::read_dir(&chains)? {
		let dir = entry?.path().join("gateway");
		if dir.is_dir() {
			return Ok(dir);
		}
	}
	bail!("no gateway directory under {}", chains.display())
}

/// Anchors of the gateway's stream on chain so far.
async fn anchors(node: &Node) -> Result<u64> {
	let status = gateway_status(node).await?;
	let stream = status["stream"].as_u64().context("no stream")?;
	let mut count = 0u64;
	// Pages of 100 (the RPC's largest), bounded.
	for _ in 0..10_000 {
		let page: Value = node
			.rpc("notary_anchors", vec![json!(stream), json!(count), json!(100)])
			.await?;
		let n = page.as_array().map_or(0, |a| a.len() as u64);
		count += n;
		if n < 100 {
			break;
		}
	}
	Ok(count)
}

// ---------------------------------------------------------------------------------------------
// 3. Latency on the four-validator network.

async fn latency(options: &Options) -> Result<Section> {
	let samples = options.number("samples", 30)?;
	let mut network = TestNetwork::new("bench-latency")?;
	let mut alice_addr = None;
	for (name, key) in tds_e2e::LOCAL_VALIDATORS {
		let mut spec = NodeSpec::new(name, "local");
		spec.dev_key = Some(name.into());
		spec.node_key = Some(tds_e2e::NodeKey::well_known(key));
		spec.bootnodes.extend(alice_addr.clone());
		if name == "alice" {
			spec.extra_args = [
				"--gateway",
				"--gateway-notary-suri",
				NOTARY_URI,
				"--gateway-anchor-interval-ms",
				"2000",
			]
			.map(String::from)
			.to_vec();
		}
		let node = network.start(spec).await?;
		alice_addr.get_or_insert_with(|| node.multiaddr());
	}
	let node = network.node("alice");
	let client = node.client().await?;
	let council: Vec<Keypair> =
		["alice", "bob", "charlie", "dave"].into_iter().map(dev_keypair).collect();
	let operator = keypair("//BenchOperator")?;
	admitted_space_by(&client, &operator, 0, &council).await?;
	let signer = keypair("//BenchOrg3")?;
	organisation(&client, 0, &operator, USCCS[3], &signer, None).await?;

	// Submission → in block → finalised, one transaction at a time, watched through subxt.
	let (mut in_block, mut finalised) = (Vec::new(), Vec::new());
	for i in 0..samples {
		let n = notarisation("latency", 0, i);
		let call = api::transactions().notary().notarise(n.digest, n.kind, None, None, None);
		let sent = Instant::now();
		let mut progress = client
			.at_current_block()
			.await?
			.transactions()
			.sign_and_submit_then_watch_default(&call, &signer)
			.await?;
		let mut block_at = None;
		while let Some(status) = progress.next().await {
			match status? {
				subxt::transactions::TransactionStatus::InBestBlock(_) => {
					block_at.get_or_insert(sent.elapsed());
				},
				subxt::transactions::TransactionStatus::InFinalizedBlock(_) => {
					in_block.push(ms(block_at.unwrap_or_else(|| sent.elapsed())));
					finalised.push(ms(sent.elapsed()));
					break;
				},
				subxt::transactions::TransactionStatus::Invalid { message }
				| subxt::transactions::TransactionStatus::Dropped { message }
				| subxt::transactions::TransactionStatus::Error { message } => {
					bail!("notarisation {i} failed: {message}")
				},
				_ => {},
			}
		}
		// Spread submissions over the slot so that they do not all meet the same phase.
		tokio::time::sleep(Duration::from_millis(700 + 311 * (i % 5))).await;
	}

	// Entry → verifiable bundle at alice's gateway.
	let (connector, connector_keys) = gateway_parties(&client, &operator, NOTARY_URI, 1).await?;
	wait_for("the gateway's stream", Duration::from_secs(90), || async {
		Ok(gateway_status(node).await?["stream"].as_u64())
	})
	.await?;
	let genesis = genesis_hash(node).await?;
	let work = tempfile::tempdir()?;
	let mut to_bundle = Vec::new();
	for i in 0..samples.min(20) {
		let entry = tds_e2e::signed_entry_json(
			&connector_keys[0],
			&genesis,
			log_entry(connector, i, now_ms()),
		)?;
		let sent = Instant::now();
		let results: Vec<Value> = node.rpc("notary_submitEntries", vec![json!([entry])]).await?;
		let leaf = results[0]["accepted"]["leafIndex"].as_u64().context("not accepted")?;
		let bundle: Value = wait_for("a bundle", Duration::from_secs(60), || async {
			Ok(node.rpc::<Value>("notary_getBundle", vec![json!(leaf), Value::Null]).await.ok())
		})
		.await?;
		let elapsed = sent.elapsed();
		let trust: Value = node.rpc("notary_trustedSet", vec![]).await?;
		let (verified, report) = tds_verify(work.path(), "latency", &bundle, &trust, &[])?;
		anyhow::ensure!(verified, "bundle of leaf {leaf} does not verify: {report}");
		to_bundle.push(ms(elapsed));
		if let Some(dir) = options.values.get("keep-bundle") {
			std::fs::create_dir_all(dir)?;
			std::fs::write(format!("{dir}/bundle.json"), bundle.to_string())?;
			std::fs::write(format!("{dir}/trusted-set.json"), trust.to_string())?;
		}
		tokio::time::sleep(Duration::from_millis(900 + 277 * (i % 5))).await;
	}

	let mut section = Section::new("3. Latency, four validators");
	let p = |values: &[f64], q: f64| percentile(&sorted(values), q);
	for (id, title, values, target) in [
		("latency.inBlock", "submission → in a best block", &in_block, None),
		(
			"latency.finalised",
			"submission → finalised",
			&finalised,
			Some(at_most(4_000.0, "≤ 4 s")),
		),
		(
			"latency.bundle",
			"entry submission → verifiable bundle",
			&to_bundle,
			Some(at_most(6_000.0, "≤ 6 s")),
		),
	] {
		let mut p50 = Figure::new(
			&format!("{id}.p50"),
			&format!("{title}, p50"),
			"ms",
			vec![p(values, 50.0)],
		)
		.detail(json!({"samples": values.len()}));
		if let Some(target) = target {
			p50 = p50.target(target);
		}
		section.figures.push(p50);
		section.figures.push(Figure::new(
			&format!("{id}.p95"),
			&format!("{title}, p95"),
			"ms",
			vec![p(values, 95.0)],
		));
	}
	section.notes.push(format!(
		"2 s slots, GRANDPA on four validators on loopback; {samples} notarisations one at a time; \
		 {} entries one at a time, each bundle fetched as soon as it is served (polled every \
		 250 ms) and checked with tds-verify.",
		to_bundle.len()
	));
	Ok(section)
}
