//! One `tds-node` process.

use anyhow::{anyhow, bail, Context};
use jsonrpsee::{
	core::client::ClientT,
	http_client::{HttpClient, HttpClientBuilder},
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::{
	fs::File,
	io::{BufRead, BufReader},
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

use crate::Result;

/// The `tds-node` binary under test: `$TDS_NODE`, or the workspace's release build.
pub fn node_binary() -> PathBuf {
	if let Some(path) = std::env::var_os("TDS_NODE") {
		return PathBuf::from(path);
	}
	workspace_root().join("target/release/tds-node")
}

/// The `tds` command-line client: `TDS_CLI`, else next to the node binary.
pub fn cli_binary() -> PathBuf {
	if let Some(path) = std::env::var_os("TDS_CLI") {
		return PathBuf::from(path);
	}
	node_binary().with_file_name("tds")
}

/// The workspace's root directory.
pub fn workspace_root() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR"))
		.parent()
		.map(Path::to_path_buf)
		.unwrap_or_default()
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|listener| listener.local_addr())
		.map(|addr| addr.port())
		.unwrap_or_else(|e| panic!("no free loopback port: {e}"))
}

/// A deterministic ed25519 node key (libp2p identity) and the PeerId it yields.
#[derive(Clone, Copy, Debug)]
pub struct NodeKey(pub [u8; 32]);

impl NodeKey {
	/// The `n`-th well-known local key: `0x00…0n` (1 = alice … 5 = auditor, see the runtime's
	/// `LOCAL_TESTNET_NODE_KEYS`).
	pub const fn well_known(n: u8) -> Self {
		let mut key = [0u8; 32];
		key[31] = n;
		NodeKey(key)
	}

	/// The key as `--node-key` takes it.
	pub fn hex(&self) -> String {
		hex::encode(self.0)
	}

	/// The libp2p PeerId, base58.
	pub fn peer_id(&self) -> String {
		use sp_core::Pair;
		let public = sp_core::ed25519::Pair::from_seed(&self.0).public();
		bs58::encode(tds_runtime::genesis_config_presets::ed25519_peer_id(public.0)).into_string()
	}
}

/// How to start a node.
#[derive(Clone, Debug)]
pub struct NodeSpec {
	/// Name in logs and in `system_name`.
	pub name: String,
	/// `--chain` argument (`dev`, `local`, or a spec file).
	pub chain: String,
	/// Dev keyring account whose session keys the node holds (`--alice` …): makes it a
	/// validator.
	pub dev_key: Option<String>,
	/// Run as a validator without dev keys (keys come from `author_rotateKeys`).
	pub validator: bool,
	/// libp2p identity; derived from the name if absent.
	pub node_key: Option<NodeKey>,
	/// Other nodes' multiaddresses to connect to first.
	pub bootnodes: Vec<String>,
	/// Further arguments.
	pub extra_args: Vec<String>,
}

impl NodeSpec {
	/// A node of chain `chain` called `name`, not a validator, with a random identity.
	pub fn new(name: &str, chain: &str) -> Self {
		NodeSpec {
			name: name.into(),
			chain: chain.into(),
			dev_key: None,
			validator: false,
			node_key: None,
			bootnodes: Vec::new(),
			extra_args: Vec::new(),
		}
	}
}

/// A running (or stopped) `tds-node` process with a persistent base path.
pub struct Node {
	/// How it is started.
	pub spec: NodeSpec,
	/// Its database and keystore.
	pub base_path: PathBuf,
	/// Where its output goes.
	pub log_path: PathBuf,
	/// JSON-RPC port on 127.0.0.1.
	pub rpc_port: u16,
	/// libp2p port on 127.0.0.1.
	pub p2p_port: u16,
	/// Prometheus port on 127.0.0.1.
	pub prometheus_port: u16,
	child: Option<Child>,
	rpc: HttpClient,
}

impl Node {
	/// Start a node with its base path at `data_dir/<name>` and its log at `log_dir/<name>.log`.
	pub fn start(spec: NodeSpec, data_dir: &Path, log_dir: &Path) -> Result<Self> {
		let base_path = data_dir.join(&spec.name);
		std::fs::create_dir_all(&base_path)?;
		std::fs::create_dir_all(log_dir)?;
		let log_path = log_dir.join(format!("{}.log", spec.name));
		let rpc_port = free_port();
		let rpc = HttpClientBuilder::default()
			.request_timeout(Duration::from_secs(30))
			.build(format!("http://127.0.0.1:{rpc_port}"))?;
		let mut node = Node {
			spec,
			base_path,
			log_path,
			rpc_port,
			p2p_port: free_port(),
			prometheus_port: free_port(),
			child: None,
			rpc,
		};
		node.restart()?;
		Ok(node)
	}

	/// (Re)start the process on the same base path and ports.
	pub fn restart(&mut self) -> Result<()> {
		if self.child.is_some() {
			bail!("{} is already running", self.spec.name);
		}
		let mut cmd = Command::new(node_binary());
		cmd.arg("--chain")
			.arg(&self.spec.chain)
			.arg("--base-path")
			.arg(&self.base_path)
			.arg("--name")
			.arg(&self.spec.name)
			.arg("--rpc-port")
			.arg(self.rpc_port.to_string())
			.arg("--listen-addr")
			.arg(format!("/ip4/127.0.0.1/tcp/{}", self.p2p_port))
			.arg("--prometheus-port")
			.arg(self.prometheus_port.to_string())
			.args(["--no-mdns", "--no-telemetry"])
			.args(["--rpc-cors", "all", "--allow-private-ip"])
			.args(["-lerror,tds-node=info,sync=info,grandpa=info,runtime=debug,offchain=warn"]);
		if let Some(key) = &self.spec.dev_key {
			cmd.arg(format!("--{key}"));
		}
		if self.spec.validator {
			cmd.arg("--validator");
		}
		cmd.arg("--node-key").arg(self.node_key().hex());
		for bootnode in &self.spec.bootnodes {
			cmd.arg("--bootnodes").arg(bootnode);
		}
		cmd.args(&self.spec.extra_args);
		let log = File::options().create(true).append(true).open(&self.log_path)?;
		cmd.stdout(Stdio::from(log.try_clone()?))
			.stderr(Stdio::from(log))
			.stdin(Stdio::null());
		die_with_parent(&mut cmd);
		let child = cmd
			.spawn()
			.with_context(|| format!("cannot start {}", node_binary().display()))?;
		self.child = Some(child);
		Ok(())
	}

	/// Kill the process at once (SIGKILL), as a crash would.
	pub fn kill(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	/// The process id, while it runs.
	pub fn pid(&self) -> Option<u32> {
		self.child.as_ref().map(Child::id)
	}

	/// Whether the process is still running.
	pub fn is_running(&mut self) -> bool {
		match &mut self.child {
			Some(child) => matches!(child.try_wait(), Ok(None)),
			None => false,
		}
	}

	/// The node's libp2p identity: the spec's, or one derived from its name.
	pub fn node_key(&self) -> NodeKey {
		self.spec.node_key.unwrap_or_else(|| {
			use sp_runtime::traits::{BlakeTwo256, Hash};
			NodeKey(BlakeTwo256::hash(format!("tds-e2e node {}", self.spec.name).as_bytes()).0)
		})
	}

	/// This node's multiaddress, for other nodes' `--bootnodes`.
	pub fn multiaddr(&self) -> String {
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", self.p2p_port, self.node_key().peer_id())
	}

	/// The WebSocket/HTTP JSON-RPC endpoint.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// A raw JSON-RPC call.
	pub async fn rpc<T: DeserializeOwned>(&self, method: &str, params: Vec<Value>) -> Result<T> {
		let mut array = jsonrpsee::core::params::ArrayParams::new();
		for param in params {
			array.insert(param)?;
		}
		self.rpc
			.request(method, array)
			.await
			.with_context(|| format!("{}: {method}", self.spec.name))
	}

	/// Wait until the node answers JSON-RPC.
	pub async fn wait_rpc_ready(&mut self, timeout: Duration) -> Result<()> {
		let deadline = Instant::now() + timeout;
		loop {
			if !self.is_running() {
				bail!("{} exited during start-up; see {}", self.spec.name, self.log_path.display());
			}
			if self.rpc::<Value>("system_health", vec![]).await.is_ok() {
				return Ok(());
			}
			if Instant::now() > deadline {
				bail!("{} did not answer JSON-RPC within {timeout:?}", self.spec.name);
			}
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
	}

	/// Height of the best block.
	pub async fn best_number(&self) -> Result<u32> {
		let header: Value = self.rpc("chain_getHeader", vec![]).await?;
		header_number(&header)
	}

	/// Hash of the last finalised block.
	pub async fn finalized_hash(&self) -> Result<String> {
		self.rpc("chain_getFinalizedHead", vec![]).await
	}

	/// Height of the last finalised block.
	pub async fn finalized_number(&self) -> Result<u32> {
		let hash = self.finalized_hash().await?;
		let header: Value = self.rpc("chain_getHeader", vec![Value::String(hash)]).await?;
		header_number(&header)
	}

	/// Hash of the canonical block at `number`, if known.
	pub async fn block_hash(&self, number: u32) -> Result<Option<String>> {
		self.rpc("chain_getBlockHash", vec![number.into()]).await
	}

	/// Number of connected peers.
	pub async fn peers(&self) -> Result<u64> {
		let health: Value = self.rpc("system_health", vec![]).await?;
		health["peers"]
			.as_u64()
			.ok_or_else(|| anyhow!("system_health without peers: {health}"))
	}

	/// A subxt client for this node.
	pub async fn client(&self) -> Result<crate::Client> {
		Ok(crate::Client::from_insecure_url(self.ws_url()).await?)
	}

	/// The last `lines` lines of the log.
	pub fn log_tail(&self, lines: usize) -> String {
		let Ok(file) = File::open(&self.log_path) else { return String::new() };
		let all: Vec<String> = BufReader::new(file).lines().map_while(|l| l.ok()).collect();
		all[all.len().saturating_sub(lines)..].join("\n")
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		self.kill();
		if std::thread::panicking() {
			eprintln!(
				"----- last lines of {} ({}) -----\n{}\n-----",
				self.spec.name,
				self.log_path.display(),
				self.log_tail(40)
			);
		}
	}
}

fn header_number(header: &Value) -> Result<u32> {
	let hex = header["number"].as_str().ok_or_else(|| anyhow!("header without number"))?;
	Ok(u32::from_str_radix(hex.trim_start_matches("0x"), 16)?)
}

/// Ask the kernel to kill the child when the test process dies, so that no node outlives a test
/// even when the test binary itself is killed.
fn die_with_parent(cmd: &mut Command) {
	use std::os::unix::process::CommandExt;
	// SAFETY: `prctl` is async-signal-safe and touches no memory of the parent.
	#[allow(unsafe_code)]
	unsafe {
		cmd.pre_exec(|| {
			if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
				return Err(std::io::Error::last_os_error());
			}
			Ok(())
		});
	}
}

/// Poll `check` every half second until it returns `Some`, or fail after `timeout` with `what`.
pub async fn wait_for<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> Result<T>
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = Result<Option<T>>>,
{
	let deadline = Instant::now() + timeout;
	let mut last_error = None;
	loop {
		match check().await {
			Ok(Some(value)) => return Ok(value),
			Ok(None) => {},
			Err(e) => last_error = Some(e),
		}
		if Instant::now() > deadline {
			bail!("timed out after {timeout:?} waiting for {what} (last error: {last_error:?})");
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// The JSON-RPC error code of a failed call, if it failed with one.
pub fn rpc_error_code(error: &anyhow::Error) -> Option<i32> {
	match error.downcast_ref::<jsonrpsee::core::ClientError>() {
		Some(jsonrpsee::core::ClientError::Call(object)) => Some(object.code()),
		_ => None,
	}
}

/// Runs `tds ARGS` against `url` with the keystore at `keystore`; returns (exit code, stdout,
/// stderr).
pub fn tds(keystore: &std::path::Path, url: &str, args: &[&str]) -> Result<(i32, String, String)> {
	let output = std::process::Command::new(cli_binary())
		.args(["--keystore", &keystore.display().to_string(), "--url", url])
		.args(args)
		.env_remove("TDS_PASSWORD")
		.output()?;
	Ok((
		output.status.code().unwrap_or(-1),
		String::from_utf8_lossy(&output.stdout).into_owned(),
		String::from_utf8_lossy(&output.stderr).into_owned(),
	))
}

/// Runs `tds ARGS --json` and parses its output; fails unless it exited 0.
pub fn tds_json(keystore: &std::path::Path, url: &str, args: &[&str]) -> Result<serde_json::Value> {
	let mut all = args.to_vec();
	all.push("--json");
	let (code, out, err) = tds(keystore, url, &all)?;
	anyhow::ensure!(code == 0, "tds {args:?} exited {code}: {err}{out}");
	Ok(serde_json::from_str(&out)?)
}
