//! Acting on the chain through subxt: transactions, council motions, storage reads.

use crate::{
	api::{self, runtime_types::tds_runtime::RuntimeCall},
	Client, Result, TdsConfig,
};
use anyhow::{anyhow, bail, Context};
use subxt::{events::Events, ext::codec::Encode, transactions::Payload, utils::AccountId32};
use subxt_signer::sr25519::Keypair;

/// The dev keyring account `name` (`alice` … `ferdie`).
pub fn dev_keypair(name: &str) -> Keypair {
	use subxt_signer::sr25519::dev;
	match name {
		"alice" => dev::alice(),
		"bob" => dev::bob(),
		"charlie" => dev::charlie(),
		"dave" => dev::dave(),
		"eve" => dev::eve(),
		"ferdie" => dev::ferdie(),
		other => panic!("no dev account {other}"),
	}
}

/// The account of a key pair.
pub fn account_of(keypair: &Keypair) -> AccountId32 {
	keypair.public_key().into()
}

/// Where a transaction ended up.
pub struct Included {
	/// Hash of the finalised block that contains it.
	pub block_hash: subxt::config::substrate::H256,
	/// The events it emitted.
	pub events: subxt::extrinsics::ExtrinsicEvents<TdsConfig>,
}

/// Sign `call` with `signer`, submit it, and wait until it is in a finalised block and succeeded.
pub async fn submit_finalized<Call: Payload>(
	client: &Client,
	call: &Call,
	signer: &Keypair,
) -> Result<Included> {
	let at = client.at_current_block().await?;
	let progress = at
		.transactions()
		.sign_and_submit_then_watch_default(call, signer)
		.await
		.context("submission refused")?;
	let in_block = progress.wait_for_finalized().await.context("not finalised")?;
	let block_hash = in_block.block_hash();
	let events = in_block.wait_for_success().await.context("dispatch failed")?;
	Ok(Included { block_hash, events })
}

/// Pass `call` through the council: the first of `members` proposes it, all of them vote aye, and
/// the motion is closed. With a one-member council the motion executes at once. Fails unless the
/// call was executed successfully.
pub async fn council_motion(client: &Client, call: RuntimeCall, members: &[Keypair]) -> Result<()> {
	let proposer = members.first().ok_or_else(|| anyhow!("no council members"))?;
	let threshold = u32::try_from(members.len())?;
	let length_bound = u32::try_from(call.encode().len())?;
	let proposed = submit_finalized(
		client,
		&api::transactions().council().propose(threshold, call, length_bound),
		proposer,
	)
	.await
	.context("council.propose")?;

	if threshold < 2 {
		let executed = proposed
			.events
			.find_first::<api::council::events::Executed>()
			.ok_or_else(|| anyhow!("a one-member motion did not execute"))??;
		return check_executed(executed.result);
	}

	let motion = proposed
		.events
		.find_first::<api::council::events::Proposed>()
		.ok_or_else(|| anyhow!("no Proposed event"))??;
	for member in members {
		submit_finalized(
			client,
			&api::transactions()
				.council()
				.vote(motion.proposal_hash, motion.proposal_index, true),
			member,
		)
		.await
		.context("council.vote")?;
	}
	let weight_bound = api::runtime_types::sp_weights::weight_v2::Weight {
		ref_time: 100_000_000_000,
		proof_size: 1_000_000,
	};
	let closed = submit_finalized(
		client,
		&api::transactions().council().close(
			motion.proposal_hash,
			motion.proposal_index,
			weight_bound,
			length_bound,
		),
		proposer,
	)
	.await
	.context("council.close")?;
	let executed = closed
		.events
		.find_first::<api::council::events::Executed>()
		.ok_or_else(|| anyhow!("the motion was closed without executing"))??;
	check_executed(executed.result)
}

fn check_executed(result: Result<(), api::runtime_types::sp_runtime::DispatchError>) -> Result<()> {
	match result {
		Ok(()) => Ok(()),
		Err(e) => bail!("the motion's call failed: {e:?}"),
	}
}

/// The events of the finalised block `hash`.
pub async fn block_events(
	client: &Client,
	hash: subxt::config::substrate::H256,
) -> Result<Events<TdsConfig>> {
	Ok(client.at_block(hash).await?.events().fetch().await?)
}

/// A key pair from a secret URI such as `//Operator`.
pub fn keypair(uri: &str) -> Result<Keypair> {
	use std::str::FromStr;
	Ok(Keypair::from_uri(&subxt_signer::SecretUri::from_str(uri)?)?)
}

/// Signs `call` with `signer` and submits it straight to `node`'s pool, expecting a refusal;
/// returns the `InvalidTransaction::Custom` code (see `tds_primitives::transaction`). Fails if
/// the pool accepts the transaction or refuses it for another reason.
pub async fn pool_refusal<Call: Payload>(
	node: &crate::Node,
	client: &Client,
	call: &Call,
	signer: &Keypair,
) -> Result<u8> {
	let at = client.at_current_block().await?;
	let signed = at.transactions().create_signed(call, signer, Default::default()).await?;
	let outcome = node
		.rpc::<serde_json::Value>(
			"author_submitExtrinsic",
			vec![format!("0x{}", hex::encode(signed.encoded())).into()],
		)
		.await;
	let Err(refusal) = outcome else { bail!("the pool accepted the transaction") };
	let Some(jsonrpsee::core::ClientError::Call(object)) =
		refusal.downcast_ref::<jsonrpsee::core::ClientError>()
	else {
		bail!("not a JSON-RPC call error: {refusal:?}")
	};
	if object.code() != 1010 {
		bail!("expected 1010 (invalid transaction), got {}: {}", object.code(), object.message());
	}
	let data = object.data().map(|d| d.get().to_string()).unwrap_or_default();
	let code = data
		.split("Custom error: ")
		.nth(1)
		.and_then(|rest| rest.trim_end_matches(['"', '}']).trim().parse::<u8>().ok())
		.ok_or_else(|| anyhow!("not a custom refusal: {data}"))?;
	Ok(code)
}

/// Re-encodes a value as the metadata-generated type with the same SCALE shape.
pub fn transcode<T: subxt::ext::codec::Decode>(value: &impl Encode) -> Result<T> {
	Ok(T::decode(&mut &value.encode()[..])?)
}
