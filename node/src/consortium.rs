//! A consortium's chain specification from a plain configuration file.
//!
//! The file lists the member spaces (each with its operator, who sits on the council, optionally
//! a validator with its session keys, and its nodes' PeerIds), the regulators (council members,
//! possibly with nodes) and the auditors (admitted, with nodes, not on the council). The genesis is
//! built by the runtime's own [`consortium_genesis`], the function behind the built-in presets, so
//! a hand-written genesis can never disagree with the runtime's types.

use crate::chain_spec::{properties, wasm_binary, ChainSpec};
use sc_network::{Multiaddr, PeerId};
use sc_service::ChainType;
use serde::Deserialize;
use sp_core::{crypto::Ss58Codec, ed25519, sr25519};
use std::{path::Path, str::FromStr};
use tds_runtime::{
	genesis_config_presets::{consortium_genesis, ConsortiumGenesis, GenesisValidator},
	AccountId,
};

/// The configuration file (TOML).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsortiumConfig {
	/// Human-readable chain name.
	pub name: String,
	/// Chain identifier: lower case, no spaces; it names the node's database directory.
	pub id: String,
	/// libp2p protocol identifier; distinct consortia must use distinct ones.
	pub protocol_id: String,
	/// Multiaddresses of nodes a new node first connects to.
	#[serde(default)]
	pub boot_nodes: Vec<String>,
	/// Member spaces.
	#[serde(default, rename = "member")]
	pub members: Vec<MemberSpace>,
	/// Regulators: council members, optionally running nodes.
	#[serde(default, rename = "regulator")]
	pub regulators: Vec<Participant>,
	/// Independent auditors: admitted accounts running nodes, not on the council.
	#[serde(default, rename = "auditor")]
	pub auditors: Vec<Participant>,
}

/// A member space.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberSpace {
	/// The space's name (documentation only).
	pub name: String,
	/// The operator's account (SS58): a council member and the owner of the space's nodes.
	pub operator: String,
	/// The space's validator, if it runs one from genesis.
	pub validator: Option<ValidatorKeys>,
	/// PeerIds of the space's nodes.
	#[serde(default)]
	pub nodes: Vec<String>,
}

/// A validator's account and session keys.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidatorKeys {
	/// The validator's account (SS58); defaults to the operator.
	pub account: Option<String>,
	/// Aura key: sr25519 public key, SS58 or 0x-hex.
	pub aura: String,
	/// GRANDPA key: ed25519 public key, SS58 or 0x-hex.
	pub grandpa: String,
}

/// A regulator or an auditor.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
	/// Name (documentation only).
	pub name: String,
	/// Account (SS58).
	pub account: String,
	/// PeerIds of its nodes.
	#[serde(default)]
	pub nodes: Vec<String>,
}

fn account(field: &str, value: &str) -> Result<AccountId, String> {
	AccountId::from_ss58check(value)
		.map_err(|e| format!("{field}: `{value}` is not an SS58 account ({e:?})"))
}

fn public_key<P: Ss58Codec + From<[u8; 32]>>(field: &str, value: &str) -> Result<P, String> {
	if let Some(hex) = value.strip_prefix("0x") {
		let bytes: [u8; 32] = sp_core::bytes::from_hex(hex)
			.ok()
			.and_then(|b| b.try_into().ok())
			.ok_or_else(|| format!("{field}: `{value}` is not a 32-byte hex key"))?;
		Ok(P::from(bytes))
	} else {
		P::from_ss58check(value).map_err(|e| format!("{field}: `{value}` is not a key ({e:?})"))
	}
}

fn peer_id(field: &str, value: &str) -> Result<Vec<u8>, String> {
	PeerId::from_str(value)
		.map(|peer| peer.to_bytes())
		.map_err(|e| format!("{field}: `{value}` is not a PeerId ({e})"))
}

impl ConsortiumConfig {
	/// Read and parse a configuration file.
	pub fn load(path: &Path) -> Result<Self, String> {
		let text = std::fs::read_to_string(path)
			.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
		toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
	}

	/// The genesis this configuration describes.
	pub fn genesis(&self) -> Result<ConsortiumGenesis, String> {
		let mut genesis = ConsortiumGenesis::default();
		for (i, member) in self.members.iter().enumerate() {
			let at = format!("member[{i}] ({})", member.name);
			let operator = account(&format!("{at}.operator"), &member.operator)?;
			if let Some(keys) = &member.validator {
				let account = match &keys.account {
					Some(a) => account(&format!("{at}.validator.account"), a)?,
					None => operator.clone(),
				};
				genesis.validators.push(GenesisValidator {
					account,
					aura: public_key::<sr25519::Public>(
						&format!("{at}.validator.aura"),
						&keys.aura,
					)?
					.into(),
					grandpa: public_key::<ed25519::Public>(
						&format!("{at}.validator.grandpa"),
						&keys.grandpa,
					)?
					.into(),
				});
			}
			for node in &member.nodes {
				genesis.nodes.push((peer_id(&format!("{at}.nodes"), node)?, operator.clone()));
			}
			genesis.council.push(operator);
		}
		for (i, regulator) in self.regulators.iter().enumerate() {
			let at = format!("regulator[{i}] ({})", regulator.name);
			let who = account(&format!("{at}.account"), &regulator.account)?;
			for node in &regulator.nodes {
				genesis.nodes.push((peer_id(&format!("{at}.nodes"), node)?, who.clone()));
			}
			genesis.council.push(who);
		}
		for (i, auditor) in self.auditors.iter().enumerate() {
			let at = format!("auditor[{i}] ({})", auditor.name);
			let who = account(&format!("{at}.account"), &auditor.account)?;
			for node in &auditor.nodes {
				genesis.nodes.push((peer_id(&format!("{at}.nodes"), node)?, who.clone()));
			}
			genesis.admitted.push(who);
		}
		let mut seen = std::collections::BTreeSet::new();
		for (peer, _) in &genesis.nodes {
			if !seen.insert(peer.clone()) {
				return Err(format!(
					"PeerId {} is listed twice",
					PeerId::from_bytes(peer).map(|p| p.to_string()).unwrap_or_default()
				));
			}
		}
		Ok(genesis)
	}

	/// The chain specification.
	pub fn chain_spec(&self) -> Result<ChainSpec, String> {
		for addr in &self.boot_nodes {
			Multiaddr::from_str(addr).map_err(|e| format!("boot_nodes: `{addr}`: {e}"))?;
		}
		let patch = consortium_genesis(&self.genesis()?)
			.map_err(|e| format!("the consortium cannot form a genesis: {e:?}"))?;
		let boot_nodes = self
			.boot_nodes
			.iter()
			.map(|a| a.parse().map_err(|e| format!("boot_nodes: `{a}`: {e}")))
			.collect::<Result<Vec<_>, String>>()?;
		Ok(ChainSpec::builder(wasm_binary()?, None)
			.with_name(&self.name)
			.with_id(&self.id)
			.with_protocol_id(&self.protocol_id)
			.with_chain_type(ChainType::Live)
			.with_boot_nodes(boot_nodes)
			.with_properties(properties())
			.with_genesis_config_patch(patch)
			.build())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const EXAMPLE: &str = include_str!("../../chain-spec/consortium.example.toml");

	#[test]
	fn the_example_configuration_forms_a_genesis() {
		let config: ConsortiumConfig = toml::from_str(EXAMPLE).unwrap();
		let genesis = config.genesis().unwrap();
		assert_eq!(genesis.validators.len(), 3);
		assert_eq!(genesis.council.len(), 4);
		assert_eq!(genesis.admitted.len(), 1);
		assert_eq!(genesis.nodes.len(), 5);
		assert!(consortium_genesis(&genesis).is_ok());
	}

	#[test]
	fn bad_entries_are_named() {
		let config: ConsortiumConfig = toml::from_str(
			r#"
			name = "x"
			id = "x"
			protocol_id = "x"
			[[member]]
			name = "Broken Space"
			operator = "not-an-account"
			"#,
		)
		.unwrap();
		let error = config.genesis().unwrap_err();
		assert!(error.contains("member[0] (Broken Space).operator"), "{error}");
	}

	#[test]
	fn a_duplicated_peer_id_is_refused() {
		let config: ConsortiumConfig = toml::from_str(
			r#"
			name = "x"
			id = "x"
			protocol_id = "x"
			[[member]]
			name = "A"
			operator = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
			nodes = ["12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp"]
			[[auditor]]
			name = "B"
			account = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
			nodes = ["12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp"]
			"#,
		)
		.unwrap();
		assert!(config.genesis().unwrap_err().contains("listed twice"));
	}
}
