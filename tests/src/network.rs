//! A set of nodes started together: a dev node, or the local four-validator consortium.

use crate::{wait_for, Node, NodeKey, NodeSpec, Result};
use anyhow::{anyhow, Context};
use std::{path::PathBuf, time::Duration};
use tempfile::TempDir;

/// How long a node may take to answer JSON-RPC after it was started.
pub const STARTUP: Duration = Duration::from_secs(60);

/// The validators of the `local` chain, their dev keys and well-known node keys.
pub const LOCAL_VALIDATORS: [(&str, u8); 4] =
	[("alice", 1), ("bob", 2), ("charlie", 3), ("dave", 4)];

/// The auditor node authorised in the `local` chain.
pub const LOCAL_AUDITOR_KEY: u8 = 5;

/// Nodes of one test, with their data in a temporary directory and their logs kept under
/// `target/e2e-logs/<test>/`.
pub struct TestNetwork {
	/// The nodes, in start order.
	pub nodes: Vec<Node>,
	/// Where the logs are.
	pub log_dir: PathBuf,
	data_dir: TempDir,
}

impl TestNetwork {
	/// An empty network for the test `test_name`.
	pub fn new(test_name: &str) -> Result<Self> {
		let log_dir = crate::workspace_root().join("target/e2e-logs").join(test_name);
		let _ = std::fs::remove_dir_all(&log_dir);
		std::fs::create_dir_all(&log_dir)?;
		Ok(TestNetwork { nodes: Vec::new(), log_dir, data_dir: tempfile::tempdir()? })
	}

	/// Start a node and wait until it answers JSON-RPC.
	pub async fn start(&mut self, spec: NodeSpec) -> Result<&mut Node> {
		let mut node = Node::start(spec, self.data_dir.path(), &self.log_dir)?;
		if let Err(e) = node.wait_rpc_ready(STARTUP).await {
			return Err(e.context(format!("log tail:\n{}", node.log_tail(20))));
		}
		self.nodes.push(node);
		self.nodes.last_mut().ok_or_else(|| anyhow!("no node"))
	}

	/// A single `--dev` node (validator Alice).
	pub async fn dev(test_name: &str) -> Result<Self> {
		let mut network = TestNetwork::new(test_name)?;
		let mut spec = NodeSpec::new("dev", "dev");
		spec.dev_key = Some("alice".into());
		network.start(spec).await?;
		Ok(network)
	}

	/// The four validators of the `local` chain, each connecting first to Alice.
	pub async fn local_consortium(test_name: &str) -> Result<Self> {
		let mut network = TestNetwork::new(test_name)?;
		let mut alice_addr = None;
		for (name, key) in LOCAL_VALIDATORS {
			let mut spec = NodeSpec::new(name, "local");
			spec.dev_key = Some(name.into());
			spec.node_key = Some(NodeKey::well_known(key));
			spec.bootnodes.extend(alice_addr.clone());
			let node = network.start(spec).await?;
			if alice_addr.is_none() {
				alice_addr = Some(node.multiaddr());
			}
		}
		Ok(network)
	}

	/// The multiaddress of the first node, for `--bootnodes`.
	pub fn first_addr(&self) -> Result<String> {
		self.nodes.first().map(Node::multiaddr).ok_or_else(|| anyhow!("no boot node"))
	}

	/// The node called `name`.
	pub fn node(&self, name: &str) -> &Node {
		self.nodes
			.iter()
			.find(|n| n.spec.name == name)
			.unwrap_or_else(|| panic!("no node called {name}"))
	}

	/// The node called `name`, mutably.
	pub fn node_mut(&mut self, name: &str) -> &mut Node {
		self.nodes
			.iter_mut()
			.find(|n| n.spec.name == name)
			.unwrap_or_else(|| panic!("no node called {name}"))
	}

	/// Wait until every running node named in `names` has finalised block `number`.
	pub async fn wait_finalized(
		&self,
		names: &[&str],
		number: u32,
		timeout: Duration,
	) -> Result<()> {
		for name in names {
			let node = self.node(name);
			wait_for(&format!("{name} to finalise #{number}"), timeout, || async {
				Ok((node.finalized_number().await? >= number).then_some(()))
			})
			.await
			.with_context(|| format!("see {}", node.log_path.display()))?;
		}
		Ok(())
	}

	/// The highest block every node in `names` has finalised.
	pub async fn common_finalized(&self, names: &[&str]) -> Result<u32> {
		let mut lowest = u32::MAX;
		for name in names {
			lowest = lowest.min(self.node(name).finalized_number().await?);
		}
		Ok(lowest)
	}

	/// The canonical hash of block `number` on each of `names`; fails unless they all agree.
	pub async fn agreed_hash(&self, names: &[&str], number: u32) -> Result<String> {
		let mut agreed: Option<String> = None;
		for name in names {
			let hash = self
				.node(name)
				.block_hash(number)
				.await?
				.ok_or_else(|| anyhow!("{name} has no block #{number}"))?;
			match &agreed {
				None => agreed = Some(hash),
				Some(h) if *h == hash => {},
				Some(h) => return Err(anyhow!("#{number}: {name} has {hash}, others {h}")),
			}
		}
		agreed.ok_or_else(|| anyhow!("no nodes"))
	}
}
