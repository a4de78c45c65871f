//! Built-in chain specifications.

use sc_service::ChainType;
use serde_json::json;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use tds_runtime::WASM_BINARY;

/// The chain specification type of TDS Ledger.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The runtime code compiled into this node.
pub fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"this tds-node was built without the wasm runtime (SKIP_WASM_BUILD was set)".to_string()
	})
}

/// Chain properties shown by wallets and explorers. There is no token: no symbol, no decimals.
pub fn properties() -> sc_chain_spec::Properties {
	let mut properties = sc_chain_spec::Properties::new();
	properties.insert("ss58Format".into(), json!(42));
	properties
}

/// `--dev`: one validator, Alice; Alice alone is the council.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("TDS Ledger Development")
		.with_id("tds_dev")
		.with_protocol_id("tds-dev")
		.with_chain_type(ChainType::Development)
		.with_properties(properties())
		.with_genesis_config_preset_name(DEV_RUNTIME_PRESET)
		.build())
}

/// `--chain local`: four validators (Alice, Bob, Charlie, Dave) forming the council, their nodes
/// and one auditor node authorised.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("TDS Ledger Local Consortium")
		.with_id("tds_local")
		.with_protocol_id("tds-local")
		.with_chain_type(ChainType::Local)
		.with_properties(properties())
		.with_genesis_config_preset_name(LOCAL_TESTNET_RUNTIME_PRESET)
		.build())
}
