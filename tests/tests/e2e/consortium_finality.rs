//! End-to-end test 2: the four-validator local consortium finalises one chain on every node;
//! with one validator killed the other three keep finalising; the restarted validator catches up
//! to the same finalised hash; with two validators down finality stops, and it resumes when one
//! returns; no finalised block is ever lost. Also measures submission → in block → finalised
//! latency on the network (reported, not asserted) in `target/reports/finality-latency.json`.

use std::time::{Duration, Instant};
use subxt::transactions::TransactionStatus;
use tds_e2e::{api, dev_keypair, Result, TestNetwork, STARTUP};

const ALL: [&str; 4] = ["alice", "bob", "charlie", "dave"];
const PATIENCE: Duration = Duration::from_secs(120);

/// Every checkpoint must still be the canonical block at its height on every node in `names`.
async fn assert_checkpoints(
	net: &TestNetwork,
	names: &[&str],
	checkpoints: &[(u32, String)],
) -> Result<()> {
	for (number, hash) in checkpoints {
		assert_eq!(
			&net.agreed_hash(names, *number).await?,
			hash,
			"finalised block #{number} was lost"
		);
	}
	Ok(())
}

/// Submit `samples` remarks one after another through `node` and time each one.
async fn measure_latency(
	net: &TestNetwork,
	node: &str,
	samples: usize,
) -> Result<(Vec<f64>, Vec<f64>)> {
	let client = net.node(node).client().await?;
	let signer = dev_keypair("alice");
	let (mut in_block, mut finalised) = (Vec::new(), Vec::new());
	for i in 0..samples {
		let remark = api::transactions().system().remark(format!("latency-{i}").into_bytes());
		let at = client.at_current_block().await?;
		let started = Instant::now();
		let mut progress =
			at.transactions().sign_and_submit_then_watch_default(&remark, &signer).await?;
		while let Some(status) = progress.next().await {
			match status? {
				TransactionStatus::InBestBlock(_) if in_block.len() == i => {
					in_block.push(started.elapsed().as_secs_f64())
				},
				TransactionStatus::InFinalizedBlock(_) => {
					finalised.push(started.elapsed().as_secs_f64());
					break;
				},
				TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message }
				| TransactionStatus::Error { message } => anyhow::bail!("remark {i}: {message}"),
				_ => {},
			}
		}
	}
	Ok((in_block, finalised))
}

fn percentile(samples: &[f64], p: f64) -> f64 {
	let mut sorted = samples.to_vec();
	sorted.sort_by(f64::total_cmp);
	let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
	sorted.get(rank).copied().unwrap_or(f64::NAN)
}

#[tokio::test(flavor = "multi_thread")]
async fn consortium_finality_tolerates_one_fault_and_stalls_at_two() -> Result<()> {
	let mut net = TestNetwork::local_consortium("consortium_finality").await?;
	let mut checkpoints = Vec::new();

	// 1. One chain, finalised on every node.
	net.wait_finalized(&ALL, 4, PATIENCE).await?;
	let n = net.common_finalized(&ALL).await?;
	checkpoints.push((n, net.agreed_hash(&ALL, n).await?));

	// Latency on the healthy network, for the report.
	let (in_block, finalised) = measure_latency(&net, "bob", 10).await?;
	let report = serde_json::json!({
		"network": "4 validators on 127.0.0.1, 2 s slots",
		"samples": finalised.len(),
		"submission_to_in_block_s": { "p50": percentile(&in_block, 0.5), "p95": percentile(&in_block, 0.95), "all": in_block },
		"submission_to_finalised_s": { "p50": percentile(&finalised, 0.5), "p95": percentile(&finalised, 0.95), "all": finalised },
	});
	let reports = tds_e2e::workspace_root().join("target/reports");
	std::fs::create_dir_all(&reports)?;
	std::fs::write(reports.join("finality-latency.json"), serde_json::to_string_pretty(&report)?)?;
	println!("finality latency: {report}");

	// 2. Dave crashes: the other three keep finalising.
	net.node_mut("dave").kill();
	let three = ["alice", "bob", "charlie"];
	let before = net.common_finalized(&three).await?;
	net.wait_finalized(&three, before + 5, PATIENCE).await?;
	let n = net.common_finalized(&three).await?;
	checkpoints.push((n, net.agreed_hash(&three, n).await?));

	// 3. Dave restarts from his database and catches up to the same finalised hash.
	net.node_mut("dave").restart()?;
	net.node_mut("dave").wait_rpc_ready(STARTUP).await?;
	let target = net.common_finalized(&three).await?;
	net.wait_finalized(&["dave"], target, PATIENCE).await?;
	checkpoints.push((target, net.agreed_hash(&ALL, target).await?));
	assert_checkpoints(&net, &ALL, &checkpoints).await?;

	// 4. Charlie and Dave down: two of four votes cannot finalise; blocks are still authored.
	net.node_mut("charlie").kill();
	net.node_mut("dave").kill();
	let two = ["alice", "bob"];
	// Let rounds that already had their votes complete.
	tokio::time::sleep(Duration::from_secs(8)).await;
	let stalled = net.common_finalized(&two).await?;
	let best_before = net.node("alice").best_number().await?;
	tokio::time::sleep(Duration::from_secs(24)).await;
	for name in two {
		assert_eq!(
			net.node(name).finalized_number().await?,
			stalled,
			"{name} finalised without a two-thirds majority"
		);
	}
	let best_after = net.node("alice").best_number().await?;
	assert!(
		best_after >= best_before + 3,
		"Alice and Bob keep authoring ({best_before} → {best_after})"
	);

	// 5. Charlie returns: finality resumes past the stall and covers the blocks authored meanwhile.
	net.node_mut("charlie").restart()?;
	net.node_mut("charlie").wait_rpc_ready(STARTUP).await?;
	net.wait_finalized(&three, best_after + 1, PATIENCE).await?;

	// 6. Dave returns too; no finalised block was ever lost on any node.
	net.node_mut("dave").restart()?;
	net.node_mut("dave").wait_rpc_ready(STARTUP).await?;
	let target = net.common_finalized(&three).await?;
	net.wait_finalized(&["dave"], target, PATIENCE).await?;
	checkpoints.push((target, net.agreed_hash(&ALL, target).await?));
	assert_checkpoints(&net, &ALL, &checkpoints).await?;
	Ok(())
}
