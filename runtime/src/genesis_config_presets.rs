//! Genesis presets, and the one function that builds every genesis of a TDS consortium.
//!
//! `development`: one validator (Alice), a one-member council (Alice), the six dev accounts
//! admitted by governance, no node permissioning, no rate limit. `local_testnet`: the four validators Alice, Bob, Charlie and Dave, each a
//! council member, with their nodes and a fifth, non-validating auditor node authorised by
//! PeerId, and a rate limit. A real consortium's genesis is built by the node from a configuration file
//! (`tds-node consortium-spec`) through [`consortium_genesis`].

use crate::{
	configs::{MAX_COUNCIL_MEMBERS, MAX_VALIDATORS},
	AccountId, RuntimeGenesisConfig, SessionKeys,
};
use alloc::{vec, vec::Vec};
use frame_support::{build_struct_json_patch, traits::ConstU32, BoundedVec};
use hex_literal::hex;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::OpaquePeerId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// A validator of the first sessions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenesisValidator {
	/// The validator's account (its session-key owner).
	pub account: AccountId,
	/// Block-authoring key.
	pub aura: AuraId,
	/// Finality-voting key.
	pub grandpa: GrandpaId,
}

/// Everything that differs between consortia at genesis.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsortiumGenesis {
	/// The initial validators.
	pub validators: Vec<GenesisValidator>,
	/// The initial council: member-space operators and regulators.
	pub council: Vec<AccountId>,
	/// Accounts admitted by governance to sign any transaction. Validators and council members
	/// need not be listed: their duties (session keys, council business) are admitted anyway;
	/// participants are admitted through the identity registry.
	pub admitted: Vec<AccountId>,
	/// Per-identity rate limit, if any.
	pub rate_limit: Option<pallet_admission::RateLimit>,
	/// Nodes allowed to connect, by libp2p PeerId (its byte form), with the owning account.
	/// Empty: no permissioning (development only).
	pub nodes: Vec<(Vec<u8>, AccountId)>,
}

/// Why a consortium configuration cannot become a genesis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenesisError {
	/// No validator.
	NoValidators,
	/// More validators than the runtime allows.
	TooManyValidators,
	/// No council member.
	NoCouncil,
	/// More council members than the runtime allows.
	TooManyCouncilMembers,
	/// A PeerId longer than the runtime stores.
	PeerIdTooLong,
	/// A rate limit with a zero.
	InvalidRateLimit,
}

/// The genesis patch (a JSON object over `RuntimeGenesisConfig`) of a consortium.
pub fn consortium_genesis(config: &ConsortiumGenesis) -> Result<Value, GenesisError> {
	if config.validators.is_empty() {
		return Err(GenesisError::NoValidators);
	}
	if config.validators.len() > usize::try_from(MAX_VALIDATORS).unwrap_or(usize::MAX) {
		return Err(GenesisError::TooManyValidators);
	}
	if config.council.is_empty() {
		return Err(GenesisError::NoCouncil);
	}
	let council =
		BoundedVec::<AccountId, ConstU32<MAX_COUNCIL_MEMBERS>>::try_from(config.council.clone())
			.map_err(|_| GenesisError::TooManyCouncilMembers)?;
	if config.nodes.iter().any(|(peer, _)| peer.len() > 128) {
		return Err(GenesisError::PeerIdTooLong);
	}

	let validator_accounts: Vec<AccountId> =
		config.validators.iter().map(|v| v.account.clone()).collect();
	if config.rate_limit.is_some_and(|limit| !limit.is_valid()) {
		return Err(GenesisError::InvalidRateLimit);
	}
	let mut admitted: Vec<AccountId> = Vec::new();
	for who in &config.admitted {
		if !admitted.contains(who) {
			admitted.push(who.clone());
		}
	}
	let session_keys: Vec<(AccountId, AccountId, SessionKeys)> = config
		.validators
		.iter()
		.map(|v| {
			let keys = SessionKeys { aura: v.aura.clone(), grandpa: v.grandpa.clone() };
			(v.account.clone(), v.account.clone(), keys)
		})
		.collect();
	let nodes: Vec<(OpaquePeerId, AccountId)> = config
		.nodes
		.iter()
		.map(|(peer, owner)| (OpaquePeerId(peer.clone()), owner.clone()))
		.collect();

	Ok(build_struct_json_patch!(RuntimeGenesisConfig {
		validator_set: pallet_validator_set::GenesisConfig { validators: validator_accounts },
		session: pallet_session::GenesisConfig { keys: session_keys },
		council_membership: pallet_membership::GenesisConfig { members: council },
		node_authorization: pallet_node_authorization::GenesisConfig { nodes },
		admission: pallet_admission::GenesisConfig {
			accounts: admitted,
			rate_limit: config.rate_limit,
		},
	}))
}

/// A dev-keyring validator: its sr25519 account and Aura key, and its ed25519 GRANDPA key.
fn dev_validator((sr, ed): (Sr25519Keyring, Ed25519Keyring)) -> GenesisValidator {
	GenesisValidator {
		account: sr.to_account_id(),
		aura: sr.public().into(),
		grandpa: ed.public().into(),
	}
}

/// The libp2p PeerId bytes of an ed25519 node key: the identity multihash of the protobuf-encoded
/// public key (`0x00 0x24 0x08 0x01 0x12 0x20 ‖ key`).
pub fn ed25519_peer_id(public_key: [u8; 32]) -> Vec<u8> {
	let mut peer = vec![0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
	peer.extend_from_slice(&public_key);
	peer
}

/// Public node keys of the local testnet, whose secret keys are `0x00…01` to `0x00…05`
/// (`scripts/start.sh`, the end-to-end tests). Well known: for local networks only.
pub const LOCAL_TESTNET_NODE_KEYS: [(&str, [u8; 32]); 5] = [
	("alice", hex!("4cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29")),
	("bob", hex!("7422b9887598068e32c4448a949adb290d0f4e35b9e01b0ee5f1a1e600fe2674")),
	("charlie", hex!("f381626e41e7027ea431bfe3009e94bdd25a746beec468948d6c3c7c5dc9a54b")),
	("dave", hex!("fd50b8e3b144ea244fbf7737f550bc8dd0c2650bbc1aada833ca17ff8dbf329b")),
	("auditor", hex!("fde4fba030ad002f7c2f7d4c331f49d13fb0ec747eceebec634f1ff4cbca9def")),
];

/// The `development` preset.
pub fn development_genesis() -> ConsortiumGenesis {
	ConsortiumGenesis {
		validators: vec![dev_validator((Sr25519Keyring::Alice, Ed25519Keyring::Alice))],
		council: vec![Sr25519Keyring::Alice.to_account_id()],
		admitted: [
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
			Sr25519Keyring::Eve,
			Sr25519Keyring::Ferdie,
		]
		.into_iter()
		.map(|k| k.to_account_id())
		.collect(),
		nodes: vec![],
		rate_limit: None,
	}
}

/// The local testnet's rate limit: 600 transactions per identity per 10 blocks (20 s).
pub const LOCAL_TESTNET_RATE_LIMIT: pallet_admission::RateLimit =
	pallet_admission::RateLimit { max_transactions: 600, window_blocks: 10 };

/// The `local_testnet` preset.
pub fn local_testnet_genesis() -> ConsortiumGenesis {
	let members = [
		(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
	];
	let owners = [
		Sr25519Keyring::Alice,
		Sr25519Keyring::Bob,
		Sr25519Keyring::Charlie,
		Sr25519Keyring::Dave,
		Sr25519Keyring::Ferdie,
	];
	ConsortiumGenesis {
		validators: members.into_iter().map(dev_validator).collect(),
		council: members.into_iter().map(|(sr, _)| sr.to_account_id()).collect(),
		// The members' service accounts (their validator accounts, for the local testnet);
		// participants come in through the identity registry.
		admitted: members.into_iter().map(|(sr, _)| sr.to_account_id()).collect(),
		nodes: LOCAL_TESTNET_NODE_KEYS
			.iter()
			.zip(owners)
			.map(|((_, key), owner)| (ed25519_peer_id(*key), owner.to_account_id()))
			.collect(),
		rate_limit: Some(LOCAL_TESTNET_RATE_LIMIT),
	}
}

/// The JSON patch of a named preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let config = match id.as_ref() {
		DEV_RUNTIME_PRESET => development_genesis(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		_ => return None,
	};
	let patch = consortium_genesis(&config).ok()?;
	serde_json::to_vec(&patch).ok()
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
}
