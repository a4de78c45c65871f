//! `tds tx`, `tds calls` and `tds council`: any call of any pallet, signed by a key of the
//! keystore, and council motions that carry a call to governance.

use crate::{chain, dynamic, keys, output, Global};
use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Subcommand};
use serde_json::{json, Value as Json};
use subxt::{
	dynamic::Value,
	ext::scale_value::{Composite, ValueDef},
};

/// A call by name with its arguments, as `tds tx` and `tds council propose` take it.
#[derive(Debug, Args)]
pub struct CallByName {
	/// The pallet (`IdentityRegistry`, `identity-registry`, …; `tds calls` lists them).
	pallet: String,
	/// The call (`register_participant`, `registerParticipant`, …).
	call: String,
	/// The call's arguments in order, in `scale-value` syntax (`tds calls PALLET CALL` shows
	/// how to write each); `@FILE` reads an argument from a file. Options such as `--signer`
	/// may come before or after them; a negative number is an argument.
	#[arg(allow_negative_numbers = true)]
	args: Vec<String>,
}

#[derive(Debug, Args)]
pub struct TxArgs {
	#[command(flatten)]
	call: CallByName,
	/// The name of the signing key in the keystore.
	#[arg(long)]
	signer: String,
}

#[derive(Debug, Args)]
pub struct CallsArgs {
	/// Only this pallet's calls.
	pallet: Option<String>,
	/// Only this call, with its documentation and how to write each argument.
	call: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CouncilCommand {
	/// Propose a motion that dispatches PALLET CALL ARGS as governance; with a threshold of
	/// one it executes at once, else prints the motion's hash and index for the votes.
	Propose {
		/// Ayes needed for the motion to pass (default: two thirds of the members, rounded
		/// up: the least that the council's governance origin accepts).
		#[arg(long)]
		threshold: Option<u32>,
		/// The proposed call.
		#[command(flatten)]
		call: CallByName,
		/// The proposing member's key.
		#[arg(long)]
		signer: String,
	},
	/// Vote on a motion.
	Vote {
		/// The motion's hash.
		hash: String,
		/// The motion's index.
		index: u32,
		/// Vote against (the default is for).
		#[arg(long)]
		nay: bool,
		/// The voting member's key.
		#[arg(long)]
		signer: String,
	},
	/// Close a motion that has its votes: it executes if approved.
	Close {
		/// The motion's hash.
		hash: String,
		/// The motion's index.
		index: u32,
		/// The closing member's key.
		#[arg(long)]
		signer: String,
	},
	/// The open motions, their calls and votes.
	Motions,
	/// The council's members.
	Members,
}

/// `tds tx PALLET CALL ARGS… --signer KEY`.
pub async fn tx(global: &Global, args: TxArgs) -> Result<()> {
	let signer = keys::key_pair(global, &args.signer)?;
	let client = chain::client(global).await?;
	let metadata = client.at_current_block().await?.metadata();
	let pallet = dynamic::pallet(&metadata, &args.call.pallet)?;
	let call = dynamic::call(&pallet, &args.call.call)?;
	let values = dynamic::arguments(&metadata, &pallet, call, &args.call.args)?;
	// Encoding first turns a value that does not fit into a clear error before signing.
	dynamic::encode_runtime_call(
		&metadata,
		&dynamic::runtime_call(&pallet, &call.name, values.clone()),
	)?;
	let payload = subxt::dynamic::tx(pallet.name(), call.name.as_str(), Composite::unnamed(values));
	let outcome = chain::submit(global, &client, &payload, &signer).await?;
	outcome.print(global, json!({ "call": format!("{}.{}", pallet.name(), call.name) }));
	outcome.ensure_no_failures()
}

/// `tds calls [PALLET [CALL]]`: from the node's metadata if it answers, else from the metadata
/// this client was built with.
pub async fn calls(global: &Global, args: CallsArgs) -> Result<()> {
	let metadata = match chain::client(global).await {
		Ok(client) => client.at_current_block().await?.metadata(),
		Err(_) => dynamic::embedded()?.arc(),
	};
	let pallets: Vec<_> = match &args.pallet {
		Some(name) => vec![dynamic::pallet(&metadata, name)?],
		None => metadata.pallets().filter(|p| p.call_variants().is_some()).collect(),
	};
	if let (Some(name), [pallet]) = (&args.call, pallets.as_slice()) {
		let call = dynamic::call(pallet, name)?;
		if global.json {
			let value = json!({
				"pallet": pallet.name(),
				"call": call.name,
				"docs": call.docs,
				"arguments": call.fields.iter().map(|f| json!({
					"name": f.name,
					"type": f.type_name,
					"shape": dynamic::shape(metadata.types(), f.ty.id, 3),
				})).collect::<Vec<_>>(),
			});
			println!("{}", serde_json::to_string_pretty(&value)?);
		} else {
			print!("{}", dynamic::describe_call(&metadata, pallet.name(), call));
		}
		return Ok(());
	}
	let mut rows = Vec::new();
	let mut all = Vec::new();
	for pallet in &pallets {
		for call in pallet.call_variants().unwrap_or_default() {
			let summary = call.docs.first().cloned().unwrap_or_default();
			all.push(json!({
				"pallet": pallet.name(),
				"call": call.name,
				"signature": dynamic::signature(&metadata, call),
				"summary": summary,
			}));
			rows.push(vec![pallet.name().to_owned(), dynamic::signature(&metadata, call), summary]);
		}
	}
	output::print(global.json, &Json::Array(all), &["pallet", "call", "summary"], &rows);
	Ok(())
}

/// `tds council …`.
pub async fn council(global: &Global, command: CouncilCommand) -> Result<()> {
	let client = chain::client(global).await?;
	match command {
		CouncilCommand::Propose { threshold, call: CallByName { pallet, call, args }, signer } => {
			let signer = keys::key_pair(global, &signer)?;
			let metadata = client.at_current_block().await?.metadata();
			let pallet = dynamic::pallet(&metadata, &pallet)?;
			let call = dynamic::call(&pallet, &call)?;
			let values = dynamic::arguments(&metadata, &pallet, call, &args)?;
			let proposal = dynamic::runtime_call(&pallet, &call.name, values);
			let length = u32::try_from(dynamic::encode_runtime_call(&metadata, &proposal)?.len())?;
			let threshold = match threshold {
				Some(threshold) => threshold,
				None => two_thirds(u32::try_from(members(&client).await?.len())?),
			};
			let payload = subxt::dynamic::tx(
				"Council",
				"propose",
				vec![Value::u128(threshold.into()), proposal, Value::u128(length.into())],
			);
			let outcome = chain::submit(global, &client, &payload, &signer).await?;
			let motion = outcome
				.events
				.iter()
				.find(|(name, _)| name == "Council.Proposed")
				.map(|(_, fields)| fields.clone());
			outcome.print(
				global,
				json!({
					"call": format!("{}.{}", pallet.name(), call.name),
					"threshold": threshold,
					"motion": motion,
				}),
			);
			outcome.ensure_no_failures()
		},
		CouncilCommand::Vote { hash, index, nay, signer } => {
			let signer = keys::key_pair(global, &signer)?;
			let payload = subxt::dynamic::tx(
				"Council",
				"vote",
				vec![hash_value(&hash)?, Value::u128(index.into()), Value::bool(!nay)],
			);
			chain::submit(global, &client, &payload, &signer)
				.await?
				.print(global, json!({}));
			Ok(())
		},
		CouncilCommand::Close { hash, index, signer } => {
			let signer = keys::key_pair(global, &signer)?;
			let at = client.at_current_block().await?;
			let address = subxt::dynamic::storage::<Vec<Value>, Value>("Council", "ProposalOf");
			let proposal = at
				.storage()
				.entry(address)?
				.try_fetch(vec![hash_value(&hash)?])
				.await?
				.ok_or_else(|| anyhow!("no open motion {hash}"))?;
			let length = u32::try_from(proposal.bytes().len())?;
			// The bound only caps what the close may cost; the runtime charges the actual weight.
			let weight = Value::named_composite([
				("ref_time", Value::u128(100_000_000_000)),
				("proof_size", Value::u128(1_000_000)),
			]);
			let payload = subxt::dynamic::tx(
				"Council",
				"close",
				vec![
					hash_value(&hash)?,
					Value::u128(index.into()),
					weight,
					Value::u128(length.into()),
				],
			);
			let outcome = chain::submit(global, &client, &payload, &signer).await?;
			outcome.print(global, json!({}));
			outcome.ensure_no_failures()?;
			if outcome.events.iter().any(|(name, _)| name == "Council.Disapproved") {
				bail!("the motion was disapproved");
			}
			Ok(())
		},
		CouncilCommand::Motions => motions(global, &client).await,
		CouncilCommand::Members => {
			let members = members(&client).await?;
			let rows: Vec<Vec<String>> = members.iter().map(|m| vec![m.clone()]).collect();
			output::print(global.json, &json!(members), &["member"], &rows);
			Ok(())
		},
	}
}

/// The fewest ayes of `members` that make a two-thirds majority (the governance origin).
fn two_thirds(members: u32) -> u32 {
	members.saturating_mul(2).div_ceil(3)
}

/// `0x…` as the 32-byte hash value a collective call and its storage take.
fn hash_value(hash: &str) -> Result<Value> {
	let bytes = hex::decode(hash.trim_start_matches("0x")).context("a motion hash is 0x-hex")?;
	let bytes: [u8; 32] = bytes.try_into().map_err(|_| anyhow!("a motion hash is 32 bytes"))?;
	Ok(h256(bytes))
}

/// `H256` as a value: a composite of one `[u8; 32]` field.
fn h256(bytes: [u8; 32]) -> Value {
	Value::unnamed_composite([Value::from_bytes(bytes)])
}

/// The council's members as SS58 addresses.
async fn members(client: &tds_client::Client) -> Result<Vec<String>> {
	let at = client.at_current_block().await?;
	let address = subxt::dynamic::storage::<(), Value>("Council", "Members");
	let value = at.storage().entry(address)?.fetch(()).await?.decode()?;
	Ok(accounts(&value))
}

/// Every 32-byte account in `value`, as SS58.
fn accounts(value: &Value) -> Vec<String> {
	words(value)
		.into_iter()
		.map(|bytes| subxt::utils::AccountId32(bytes).to_string())
		.collect()
}

/// Every 32-byte array in `value` (accounts, hashes), in order, however deeply wrapped.
fn words(value: &Value) -> Vec<[u8; 32]> {
	let mut found = Vec::new();
	collect_words(value, &mut found);
	found
}

fn collect_words(value: &Value, found: &mut Vec<[u8; 32]>) {
	if let ValueDef::Composite(composite) = &value.value {
		let bytes: Option<Vec<u8>> = composite
			.values()
			.map(|v| v.as_u128().and_then(|n| u8::try_from(n).ok()))
			.collect();
		match bytes.and_then(|bytes| <[u8; 32]>::try_from(bytes).ok()) {
			Some(word) => found.push(word),
			None => composite.values().for_each(|v| collect_words(v, found)),
		}
	}
}

/// `tds council motions`.
async fn motions(global: &Global, client: &tds_client::Client) -> Result<()> {
	let at = client.at_current_block().await?;
	let hashes = at
		.storage()
		.entry(subxt::dynamic::storage::<(), Value>("Council", "Proposals"))?
		.fetch(())
		.await?
		.decode()?;
	let mut rows = Vec::new();
	let mut all = Vec::new();
	let hashes = words(&hashes);
	for hash in hashes {
		let key = vec![h256(hash)];
		let call = at
			.storage()
			.entry(subxt::dynamic::storage::<Vec<Value>, Value>("Council", "ProposalOf"))?
			.try_fetch(key.clone())
			.await?
			.map(|v| v.decode().map(|v| dynamic::display(&v)))
			.transpose()?
			.unwrap_or_default();
		let voting = at
			.storage()
			.entry(subxt::dynamic::storage::<Vec<Value>, Value>("Council", "Voting"))?
			.try_fetch(key)
			.await?
			.map(|v| v.decode())
			.transpose()?;
		let field = |name: &str| -> Option<Value> {
			match &voting.as_ref()?.value {
				ValueDef::Composite(Composite::Named(fields)) => {
					fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
				},
				_ => None,
			}
		};
		let number = |name: &str| field(name).and_then(|v| v.as_u128()).unwrap_or_default();
		let ayes = field("ayes").map(|v| accounts(&v)).unwrap_or_default();
		let nays = field("nays").map(|v| accounts(&v)).unwrap_or_default();
		let hash_hex = format!("0x{}", hex::encode(hash));
		rows.push(vec![
			hash_hex.clone(),
			number("index").to_string(),
			format!("{}/{}", ayes.len(), number("threshold")),
			nays.len().to_string(),
			call.clone(),
		]);
		all.push(json!({
			"hash": hash_hex,
			"index": number("index"),
			"threshold": number("threshold"),
			"ayes": ayes,
			"nays": nays,
			"end": number("end"),
			"call": call,
		}));
	}
	output::print(
		global.json,
		&Json::Array(all),
		&["hash", "index", "ayes", "nays", "call"],
		&rows,
	);
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::{two_thirds, CouncilCommand, TxArgs};
	use clap::Parser;

	#[derive(Debug, Parser)]
	struct Tx {
		#[command(flatten)]
		args: TxArgs,
	}

	#[derive(Debug, Parser)]
	struct Council {
		#[command(subcommand)]
		command: CouncilCommand,
	}

	#[test]
	fn options_may_follow_the_call_arguments_and_negative_numbers_are_arguments(
	) -> Result<(), clap::Error> {
		let parsed =
			Tx::try_parse_from(["tx", "Agreements", "suspend", "0", "-1", "--signer", "a"])?;
		assert_eq!(parsed.args.signer, "a");
		assert_eq!(parsed.args.call.args, ["0", "-1"]);
		let parsed = Tx::try_parse_from(["tx", "--signer", "b", "Notary", "seal_stream", "3"])?;
		assert_eq!((parsed.args.signer.as_str(), parsed.args.call.args.len()), ("b", 1));
		let parsed = Council::try_parse_from([
			"council",
			"propose",
			"IdentityRegistry",
			"approve_space",
			"0",
			"0x00",
			"--signer",
			"c",
		])?;
		let CouncilCommand::Propose { threshold, call, signer } = parsed.command else {
			panic!("not a proposal: {parsed:?}");
		};
		assert_eq!((threshold, signer.as_str(), call.args.len()), (None, "c", 2));
		Ok(())
	}

	#[test]
	fn hashes_and_accounts_are_found_however_wrapped() {
		use subxt::ext::scale_value::Value;
		let word = |byte: u8| Value::unnamed_composite([Value::from_bytes([byte; 32])]);
		// `Proposals`: a bounded vector (one wrapping field) of H256 (another).
		let proposals =
			|hashes: Vec<Value>| Value::unnamed_composite([Value::unnamed_composite(hashes)]);
		assert_eq!(super::words(&proposals(vec![])), Vec::<[u8; 32]>::new());
		assert_eq!(super::words(&proposals(vec![word(1)])), vec![[1; 32]]);
		assert_eq!(super::words(&proposals(vec![word(1), word(2)])), vec![[1; 32], [2; 32]]);
	}

	#[test]
	fn the_default_threshold_is_the_least_two_thirds_majority() {
		for (members, threshold) in [(1, 1), (2, 2), (3, 2), (4, 3), (5, 4), (6, 4), (7, 5)] {
			assert_eq!(two_thirds(members), threshold, "{members} members");
			// The governance origin accepts `threshold` ayes of `members`, and not one fewer.
			assert!(threshold * 3 >= members * 2);
			assert!((threshold - 1) * 3 < members * 2);
		}
	}
}
