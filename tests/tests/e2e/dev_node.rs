//! End-to-end test 1: a `--dev` node produces and finalises blocks, includes and finalises a
//! signed extrinsic, serves `system_accountNextIndex`, and refuses a signer that was not admitted
//! with the typed `InvalidTransaction::Custom` code.

use serde_json::Value;
use std::time::Duration;
use tds_e2e::{
	account_of, api, dev_keypair, keypair, pool_refusal, submit_finalized, wait_for, Result,
	TestNetwork,
};
use tds_primitives::transaction::RejectionCode;

#[tokio::test(flavor = "multi_thread")]
async fn dev_node_finalises_blocks_and_signed_extrinsics() -> Result<()> {
	let network = TestNetwork::dev("dev_node").await?;
	let node = network.node("dev");

	// Blocks are produced and finalised.
	wait_for("the dev node to finalise block #3", Duration::from_secs(60), || async {
		Ok((node.finalized_number().await? >= 3).then_some(()))
	})
	.await?;

	// A signed extrinsic from an admitted account is included and finalised.
	let client = node.client().await?;
	let alice = dev_keypair("alice");
	let remark = api::transactions().system().remark_with_event(b"tds-e2e".to_vec());
	let included = submit_finalized(&client, &remark, &alice).await?;
	let remarked = included
		.events
		.find_first::<api::system::events::Remarked>()
		.expect("the remark emitted Remarked")?;
	assert_eq!(remarked.sender, account_of(&alice));

	let block_hash = format!("{:?}", included.block_hash);
	let header: Value = node.rpc("chain_getHeader", vec![block_hash.clone().into()]).await?;
	let number =
		u32::from_str_radix(header["number"].as_str().unwrap().trim_start_matches("0x"), 16)?;
	assert_eq!(node.block_hash(number).await?, Some(block_hash), "the block is canonical");
	assert!(node.finalized_number().await? >= number, "the block is finalised");

	// The nonce RPC sees the transaction.
	let alice_ss58 = account_of(&alice).to_string();
	let next_index: u64 = node.rpc("system_accountNextIndex", vec![alice_ss58.into()]).await?;
	assert_eq!(next_index, 1);

	// A stranger's transaction is refused by the pool with the admission code.
	// (`pool_refusal` fails unless the pool answers 1010, invalid transaction, with a custom code.)
	let stranger = keypair("//Stranger")?;
	assert_eq!(
		pool_refusal(node, &client, &remark, &stranger).await?,
		RejectionCode::AccountNotAdmitted.code()
	);
	Ok(())
}
