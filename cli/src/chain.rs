//! Acting on the chain: signing, submitting and following extrinsics; errors by name; raw
//! JSON-RPC calls for the node's query methods.

use crate::{output, Global, Wait};
use anyhow::{anyhow, bail, Context, Result};
use jsonrpsee::{
	core::client::ClientT,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::{json, Value};
use subxt::{transactions::Payload, tx::TransactionStatus};
use tds_client::{connect, Client, KeyPair};

/// Where an action ended up.
pub struct Outcome {
	/// The extrinsic's hash.
	pub extrinsic: String,
	/// The block that holds it (`None` with `--wait submitted`).
	pub block: Option<(u32, String)>,
	/// Its events, as `Pallet.Event` names with their fields (debug form).
	pub events: Vec<(String, String)>,
}

impl Outcome {
	/// The outcome as JSON.
	pub fn json(&self) -> Value {
		json!({
			"extrinsic": self.extrinsic,
			"block": self.block.as_ref().map(|(number, hash)| json!({"number": number, "hash": hash})),
			"events": self.events.iter().map(|(name, fields)| json!({"event": name, "fields": fields})).collect::<Vec<_>>(),
		})
	}

	/// Prints the outcome (and `extra` fields) for a person, or as JSON.
	pub fn print(&self, global: &Global, extra: Value) {
		let mut value = self.json();
		if let (Some(object), Value::Object(more)) = (value.as_object_mut(), extra) {
			object.extend(more);
		}
		if global.json {
			println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
			return;
		}
		match &self.block {
			Some((number, hash)) => println!(
				"{} in block #{number} ({hash})",
				match global.wait {
					Wait::Finalized => "finalised",
					_ => "included",
				}
			),
			None => println!("submitted: extrinsic {}", self.extrinsic),
		}
		for (name, fields) in &self.events {
			println!("  {name} {fields}");
		}
	}
}

/// Connects to the node of `global`.
pub async fn client(global: &Global) -> Result<Client> {
	connect(&global.url).await
}

/// A plain JSON-RPC connection to the node, for its query methods.
pub async fn rpc(global: &Global) -> Result<WsClient> {
	WsClientBuilder::default()
		.build(&global.url)
		.await
		.with_context(|| format!("cannot connect to the node at {}", global.url))
}

/// Calls JSON-RPC `method` with `params`; an error names the method and the node's message.
pub async fn call(rpc: &WsClient, method: &str, params: Vec<Value>) -> Result<Value> {
	rpc.request::<Value, _>(method, params)
		.await
		.map_err(|e| anyhow!("{method}: {e}"))
}

/// Signs `payload` with `signer`, submits it and follows it as `global.wait` says. A dispatch
/// error is reported by its pallet and name with its documentation; a refusal by the pool with
/// the node's reason (an `InvalidTransaction` code by name).
pub async fn submit<Call: Payload>(
	global: &Global,
	client: &Client,
	payload: &Call,
	signer: &KeyPair,
) -> Result<Outcome> {
	let at = client.at_current_block().await?;
	let mut progress = at
		.transactions()
		.sign_and_submit_then_watch_default(payload, signer)
		.await
		.map_err(|e| anyhow!("the node refused the transaction: {e}"))?;
	let extrinsic = format!("{:?}", progress.extrinsic_hash());
	if global.wait == Wait::Submitted {
		return Ok(Outcome { extrinsic, block: None, events: vec![] });
	}
	while let Some(status) = progress.next().await {
		let in_block = match status? {
			TransactionStatus::InFinalizedBlock(in_block) => in_block,
			TransactionStatus::InBestBlock(in_block) if global.wait == Wait::InBlock => in_block,
			TransactionStatus::Error { message } => {
				bail!("the node failed the transaction: {message}")
			},
			TransactionStatus::Invalid { message } => {
				bail!("the transaction is invalid: {message}")
			},
			TransactionStatus::Dropped { message } => {
				bail!("the transaction was dropped: {message}")
			},
			_ => continue,
		};
		let hash = in_block.block_hash();
		let events = in_block.wait_for_success().await.map_err(|e| anyhow!("{e}"))?;
		let number = client
			.at_block(hash)
			.await
			.map(|block| block.block_number())
			.unwrap_or_default();
		let names = events
			.iter()
			.filter_map(|event| event.ok())
			.map(|event| {
				let fields = event
					.decode_fields_unchecked_as::<subxt::ext::scale_value::Composite<()>>()
					.map(|fields| fields.to_string())
					.unwrap_or_default();
				(format!("{}.{}", event.pallet_name(), event.event_name()), fields)
			})
			.collect();
		return Ok(Outcome {
			extrinsic,
			block: Some((u32::try_from(number).unwrap_or(u32::MAX), format!("{hash:?}"))),
			events: names,
		});
	}
	bail!("the node stopped reporting on the transaction")
}

/// `tds status`: the chain's best and finalised blocks, and the node's gateway.
pub async fn status(global: &Global) -> Result<()> {
	let rpc = rpc(global).await?;
	let best: Value = call(&rpc, "chain_getHeader", vec![]).await?;
	let finalized_hash = call(&rpc, "chain_getFinalizedHead", vec![]).await?;
	let finalized: Value = call(&rpc, "chain_getHeader", vec![finalized_hash.clone()]).await?;
	let number = |header: &Value| {
		header["number"]
			.as_str()
			.and_then(|n| u64::from_str_radix(n.trim_start_matches("0x"), 16).ok())
			.unwrap_or_default()
	};
	let chain: Value = call(&rpc, "system_chain", vec![]).await?;
	let gateway = call(&rpc, "notary_gatewayStatus", vec![]).await.ok();
	let value = json!({
		"chain": chain,
		"best": number(&best),
		"finalized": number(&finalized),
		"finalizedHash": finalized_hash,
		"gateway": gateway,
	});
	let mut pairs = vec![
		("chain", chain.as_str().unwrap_or_default().to_owned()),
		("best block", number(&best).to_string()),
		("finalised block", number(&finalized).to_string()),
	];
	if let Some(gateway) = &value["gateway"].as_object() {
		pairs.push((
			"gateway",
			format!(
				"stream {} · {} entries · {} provable{}",
				gateway.get("stream").cloned().unwrap_or_default(),
				gateway.get("size").cloned().unwrap_or_default(),
				gateway.get("finalised").cloned().unwrap_or_default(),
				gateway
					.get("halted")
					.and_then(Value::as_str)
					.map(|why| format!(" · halted: {why}"))
					.unwrap_or_default()
			),
		));
	}
	output::fields(global.json, &value, &pairs);
	Ok(())
}
