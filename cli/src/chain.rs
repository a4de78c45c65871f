//! Acting on the chain: signing, submitting and following extrinsics; errors by name; raw
//! JSON-RPC calls for the node's query methods.

use crate::{output, Global, Wait};
use anyhow::{anyhow, bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use jsonrpsee::{
	core::client::ClientT,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::{json, Value};
use std::time::Duration;
use subxt::{
	error::{DispatchError, TransactionEventsError},
	ext::scale_value::{Composite, Value as Dynamic, ValueDef},
	metadata::Metadata,
	transactions::Payload,
	tx::TransactionStatus,
};
use tds_client::{connect, Client, KeyPair};
use tds_primitives::transaction::RejectionCode;

/// Where an action ended up.
pub struct Outcome {
	/// The extrinsic's hash.
	pub extrinsic: String,
	/// The block that holds it (`None` with `--wait submitted`).
	pub block: Option<(u32, String)>,
	/// Its events, as `Pallet.Event` names with their fields (debug form).
	pub events: Vec<(String, String)>,
	/// Calls its events report as failed (a motion's or governance's dispatched call), by name
	/// with their documentation.
	pub failures: Vec<String>,
}

impl Outcome {
	/// The outcome as JSON.
	pub fn json(&self) -> Value {
		json!({
			"extrinsic": self.extrinsic,
			"block": self.block.as_ref().map(|(number, hash)| json!({"number": number, "hash": hash})),
			"events": self.events.iter().map(|(name, fields)| json!({"event": name, "fields": fields})).collect::<Vec<_>>(),
			"failures": self.failures,
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
		for failure in &self.failures {
			println!("  failed: {failure}");
		}
	}

	/// An error if an event reports a dispatched call as failed.
	pub fn ensure_no_failures(&self) -> Result<()> {
		match self.failures.as_slice() {
			[] => Ok(()),
			failures => bail!("the dispatched call failed: {}", failures.join("; ")),
		}
	}
}

/// `Pallet::Error: documentation` of a pallet error, from the metadata.
fn module_error(metadata: &Metadata, pallet: u8, error: u8) -> String {
	metadata
		.pallet_by_error_index(pallet)
		.and_then(|p| p.error_variant_by_index(error).map(|v| (p.name(), v)))
		.map(|(pallet, variant)| {
			let docs = variant.docs.join(" ");
			if docs.is_empty() {
				format!("{pallet}::{}", variant.name)
			} else {
				format!("{pallet}::{}: {}", variant.name, docs.trim())
			}
		})
		.unwrap_or_else(|| format!("pallet {pallet} error {error}"))
}

/// A failed extrinsic's error by name with its documentation.
fn explain_failure(metadata: &Metadata, error: TransactionEventsError) -> anyhow::Error {
	match error {
		TransactionEventsError::ExtrinsicFailed(DispatchError::Module(module)) => {
			anyhow!(
				"the call failed: {}",
				module_error(metadata, module.pallet_index(), module.error_index())
			)
		},
		TransactionEventsError::ExtrinsicFailed(other) => anyhow!("the call failed: {other}"),
		other => anyhow!("{other}"),
	}
}

/// The node's message with every `Custom error: N` of ours replaced by its name and meaning.
pub fn explain_refusal(message: &str) -> String {
	// The node writes `Custom error: N` at submission and `custom error: N` in a watched
	// transaction's status.
	const MARK: &str = "custom error: ";
	let Some(at) = message.to_ascii_lowercase().find(MARK) else {
		return message.to_owned();
	};
	let (before, after) = (&message[..at], &message[at + MARK.len()..]);
	let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
	let rest = &after[digits.len()..];
	match digits.parse::<u8>().ok().and_then(RejectionCode::from_code) {
		Some(code) => {
			format!("{before}{} (code {}): {}{rest}", code.name(), code.code(), code.description())
		},
		None => message.to_owned(),
	}
}

/// Failures reported inside event fields: `Err(Module { index, error })` anywhere in them.
fn failures_in(metadata: &Metadata, value: &Dynamic<()>, found: &mut Vec<String>) {
	match &value.value {
		ValueDef::Variant(variant) if variant.name == "Err" => {
			let explained = variant
				.values
				.values()
				.next()
				.map(|inner| dispatch_error(metadata, inner))
				.unwrap_or_else(|| "an error".into());
			found.push(explained);
		},
		ValueDef::Variant(variant) => {
			variant.values.values().for_each(|v| failures_in(metadata, v, found))
		},
		ValueDef::Composite(composite) => {
			composite.values().for_each(|v| failures_in(metadata, v, found))
		},
		_ => {},
	}
}

/// A `DispatchError` value by name.
fn dispatch_error(metadata: &Metadata, value: &Dynamic<()>) -> String {
	let ValueDef::Variant(variant) = &value.value else { return crate::dynamic::display(value) };
	if variant.name != "Module" {
		return crate::dynamic::display(value);
	}
	// `Module(ModuleError { index, error })`: the fields are those of the variant's one value.
	let fields = match &variant.values {
		Composite::Unnamed(values) => match values.first().map(|v| &v.value) {
			Some(ValueDef::Composite(inner)) => inner,
			_ => &variant.values,
		},
		named => named,
	};
	let field = |name: &str| match fields {
		Composite::Named(fields) => fields.iter().find(|(n, _)| n == name).map(|(_, v)| v),
		Composite::Unnamed(_) => None,
	};
	let index = field("index").and_then(Dynamic::as_u128).and_then(|n| u8::try_from(n).ok());
	let error = field("error").and_then(|error| match &error.value {
		ValueDef::Composite(bytes) => bytes
			.values()
			.next()
			.and_then(Dynamic::as_u128)
			.and_then(|n| u8::try_from(n).ok()),
		_ => None,
	});
	match (index, error) {
		(Some(index), Some(error)) => module_error(metadata, index, error),
		_ => crate::dynamic::display(value),
	}
}

/// A spinner on standard error while waiting (hidden when it is not a terminal).
fn spinner(message: &str) -> ProgressBar {
	let bar = ProgressBar::new_spinner();
	bar.set_style(
		ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
			.unwrap_or_else(|_| ProgressStyle::default_spinner()),
	);
	bar.enable_steady_tick(Duration::from_millis(120));
	bar.set_message(message.to_owned());
	bar
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
	rpc.request::<Value, _>(method, params).await.map_err(|e| match e {
		jsonrpsee::core::ClientError::Call(error) => {
			anyhow!("{method}: {} (JSON-RPC error {})", error.message(), error.code())
		},
		other => anyhow!("{method}: {other}"),
	})
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
	// The nonce the node's pool expects next: it counts the signer's transactions that are in
	// the pool or in blocks not yet final (the state of the finalised block would not).
	let rpc = rpc(global).await?;
	let nonce = call(&rpc, "system_accountNextIndex", vec![json!(signer.account().to_string())])
		.await?
		.as_u64()
		.ok_or_else(|| anyhow!("system_accountNextIndex did not answer a number"))?;
	let params = subxt::config::DefaultExtrinsicParamsBuilder::<tds_client::TdsConfig>::new()
		.nonce(nonce)
		.build();
	let at = client.at_current_block().await?;
	let mut progress = at
		.transactions()
		.sign_and_submit_then_watch(payload, signer, params)
		.await
		.map_err(|e| {
			anyhow!(
				"the node at {} refused the transaction: {}",
				global.url,
				explain_refusal(&e.to_string())
			)
		})?;
	let extrinsic = format!("{:?}", progress.extrinsic_hash());
	if global.wait == Wait::Submitted {
		return Ok(Outcome { extrinsic, block: None, events: vec![], failures: vec![] });
	}
	let metadata = client.at_current_block().await?.metadata();
	let waiting =
		spinner(&format!("{}.{}: in the pool", payload.pallet_name(), payload.call_name()));
	while let Some(status) = progress.next().await {
		let in_block = match status? {
			TransactionStatus::InFinalizedBlock(in_block) => in_block,
			TransactionStatus::InBestBlock(in_block) if global.wait == Wait::InBlock => in_block,
			TransactionStatus::InBestBlock(in_block) => {
				waiting.set_message(format!(
					"{}.{}: in block {:?}, waiting for finality",
					payload.pallet_name(),
					payload.call_name(),
					in_block.block_hash()
				));
				continue;
			},
			TransactionStatus::Error { message } => {
				waiting.finish_and_clear();
				bail!("the node failed the transaction: {}", explain_refusal(&message))
			},
			TransactionStatus::Invalid { message } => {
				waiting.finish_and_clear();
				bail!("the transaction is invalid: {}", explain_refusal(&message))
			},
			TransactionStatus::Dropped { message } => {
				waiting.finish_and_clear();
				bail!("the transaction was dropped: {message}")
			},
			_ => continue,
		};
		waiting.finish_and_clear();
		let hash = in_block.block_hash();
		let events =
			in_block.wait_for_success().await.map_err(|e| explain_failure(&metadata, e))?;
		let number = client
			.at_block(hash)
			.await
			.map(|block| block.block_number())
			.unwrap_or_default();
		let mut failures = Vec::new();
		let names = events
			.iter()
			.filter_map(|event| event.ok())
			.map(|event| {
				let fields = event.decode_fields_unchecked_as::<Composite<()>>().ok();
				if let Some(fields) = &fields {
					let value = Dynamic { value: ValueDef::Composite(fields.clone()), context: () };
					failures_in(&metadata, &value, &mut failures);
				}
				let text = fields
					.map(|fields| {
						crate::dynamic::display(&Dynamic {
							value: ValueDef::Composite(fields),
							context: (),
						})
					})
					.unwrap_or_default();
				(format!("{}.{}", event.pallet_name(), event.event_name()), text)
			})
			.collect();
		return Ok(Outcome {
			extrinsic,
			block: Some((u32::try_from(number).unwrap_or(u32::MAX), format!("{hash:?}"))),
			events: names,
			failures,
		});
	}
	waiting.finish_and_clear();
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

#[cfg(test)]
mod tests {
	#[test]
	fn refusal_codes_are_named_with_their_meaning() {
		let explained =
			super::explain_refusal("Invalid Transaction (1010): {\"data\":\"Custom error: 4\"}");
		assert!(
			explained.contains("IdentityFrozen (code 4): the signer's identity is frozen"),
			"{explained}"
		);
		let watched = super::explain_refusal("Invalid transaction with custom error: 3");
		assert!(watched.contains("with IdentityPending (code 3): "), "{watched}");
		assert_eq!(super::explain_refusal("Custom error: 200"), "Custom error: 200");
		assert_eq!(super::explain_refusal("Bad proof"), "Bad proof");
	}

	#[test]
	fn pallet_errors_are_named_with_their_documentation() {
		let metadata = crate::dynamic::embedded().expect("embedded metadata");
		let registry = metadata.pallet_by_name("IdentityRegistry").expect("pallet");
		let index = registry.error_index();
		let not_found = registry
			.error_variants()
			.and_then(|variants| variants.iter().find(|v| v.name == "NotFound"))
			.expect("a NotFound error")
			.index;
		let text = super::module_error(&metadata, index, not_found);
		assert!(text.starts_with("IdentityRegistry::NotFound: "), "{text}");
		assert!(text.len() > "IdentityRegistry::NotFound: ".len(), "documented: {text}");
	}

	#[test]
	fn a_dispatched_motion_that_failed_is_explained_by_name() {
		use subxt::ext::scale_value::{Composite, Value};
		let metadata = crate::dynamic::embedded().expect("embedded metadata");
		let membership = metadata.pallet_by_name("CouncilMembership").expect("pallet");
		let not_member = membership
			.error_variants()
			.and_then(|variants| variants.iter().find(|v| v.name == "NotMember"))
			.expect("a NotMember error")
			.index;
		// `Council.Executed { result: Err(Module(ModuleError { index, error })) }`, as decoded.
		let module_error = Value::named_composite([
			("index", Value::u128(membership.error_index().into())),
			("error", Value::from_bytes([not_member, 0, 0, 0])),
		]);
		let result = Value::variant(
			"Err",
			Composite::Unnamed(vec![Value::variant(
				"Module",
				Composite::Unnamed(vec![module_error]),
			)]),
		);
		let event = Value::named_composite([
			("proposal_hash", Value::from_bytes([7; 32])),
			("result", result),
		]);
		let mut found = Vec::new();
		super::failures_in(&metadata, &event, &mut found);
		assert_eq!(found.len(), 1, "{found:?}");
		assert!(found[0].starts_with("CouncilMembership::NotMember"), "{found:?}");
	}
}
