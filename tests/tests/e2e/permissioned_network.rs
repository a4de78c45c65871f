//! End-to-end test 3: only nodes whose PeerId governance authorised get blocks. The auditor node
//! authorised in the `local` genesis syncs the consortium's finalised chain; a node with any other
//! identity, pointed at the same boot node, gets nothing.

use std::time::Duration;
use tds_e2e::{wait_for, NodeKey, NodeSpec, Result, TestNetwork, LOCAL_AUDITOR_KEY};

#[tokio::test(flavor = "multi_thread")]
async fn only_authorised_nodes_get_blocks() -> Result<()> {
	let mut net = TestNetwork::local_consortium("permissioned_network").await?;
	let validators = ["alice", "bob", "charlie", "dave"];
	net.wait_finalized(&validators, 3, Duration::from_secs(120)).await?;
	let boot = net.first_addr()?;

	// The authorised auditor (a non-validating full node) syncs and follows finality.
	let mut auditor = NodeSpec::new("auditor", "local");
	auditor.node_key = Some(NodeKey::well_known(LOCAL_AUDITOR_KEY));
	auditor.bootnodes.push(boot.clone());
	net.start(auditor).await?;
	let target = net.common_finalized(&validators).await?;
	net.wait_finalized(&["auditor"], target, Duration::from_secs(120)).await?;
	net.agreed_hash(&["alice", "auditor"], target).await?;

	// An unknown node, pointed at the same boot node, never gets a block.
	let mut outsider = NodeSpec::new("outsider", "local");
	outsider.node_key = Some(NodeKey::well_known(7));
	outsider.bootnodes.push(boot);
	net.start(outsider).await?;
	let goal = net.node("alice").finalized_number().await? + 10;
	wait_for("the consortium to finalise ten more blocks", Duration::from_secs(120), || async {
		Ok((net.node("alice").finalized_number().await? >= goal).then_some(()))
	})
	.await?;
	let outsider = net.node("outsider");
	assert_eq!(outsider.best_number().await?, 0, "the unauthorised node imported blocks");
	assert_eq!(outsider.finalized_number().await?, 0);
	assert!(net.node_mut("outsider").is_running(), "the outsider ran throughout");
	Ok(())
}
