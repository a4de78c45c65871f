//! The genesis presets build, decode, and describe the consortium they promise.

mod common;

use common::{account, new_ext, preset_config};
use sp_keyring::Sr25519Keyring::{self, *};
use tds_runtime::{
	genesis_config_presets::{
		consortium_genesis, development_genesis, local_testnet_genesis, preset_names, GenesisError,
		LOCAL_TESTNET_NODE_KEYS,
	},
	time::{MINUTES, SLOT_DURATION_MS},
	Admission, Runtime, Session,
};

fn accounts(keys: &[Sr25519Keyring]) -> Vec<tds_runtime::AccountId> {
	keys.iter().map(|k| account(*k)).collect()
}

#[test]
fn every_preset_builds_and_decodes() {
	let names: Vec<String> = preset_names()
		.into_iter()
		.map(|id| String::from_utf8(id.into()).unwrap())
		.collect();
	assert_eq!(names, ["development", "local_testnet"]);
	for name in names {
		let config = preset_config(&name);
		// Round trip through JSON, as a chain spec does.
		let json = serde_json::to_string(&config).unwrap();
		let _: tds_runtime::RuntimeGenesisConfig = serde_json::from_str(&json).unwrap();
		new_ext(&name);
	}
	assert!(tds_runtime::genesis_config_presets::get_preset(&"mainnet".into()).is_none());
}

#[test]
fn development_is_alice_alone_with_dev_accounts_admitted() {
	new_ext("development").execute_with(|| {
		assert_eq!(Session::validators(), accounts(&[Alice]));
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(
			pallet_membership::Members::<Runtime, pallet_membership::Instance1>::get().into_inner(),
			accounts(&[Alice])
		);
		for who in [Alice, Bob, Charlie, Dave, Eve, Ferdie] {
			assert!(Admission::is_admitted(&account(who)), "{who:?} admitted");
		}
		assert!(pallet_node_authorization::WellKnownNodes::<Runtime>::get().is_empty());
	});
}

#[test]
fn local_testnet_is_four_validators_on_the_council_with_five_nodes() {
	let members = [Alice, Bob, Charlie, Dave];
	new_ext("local_testnet").execute_with(|| {
		assert_eq!(Session::validators(), accounts(&members));
		assert_eq!(
			pallet_validator_set::Validators::<Runtime>::get().into_inner(),
			accounts(&members)
		);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 4);
		// The collective keeps its members sorted.
		let mut council = accounts(&members);
		council.sort();
		assert_eq!(
			pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get(),
			council
		);
		for who in members {
			assert!(Admission::is_admitted(&account(who)));
		}
		assert!(!Admission::is_admitted(&account(Eve)));
		let nodes = pallet_node_authorization::WellKnownNodes::<Runtime>::get();
		assert_eq!(nodes.len(), LOCAL_TESTNET_NODE_KEYS.len());
		// The auditor node belongs to Ferdie.
		let auditor =
			tds_runtime::genesis_config_presets::ed25519_peer_id(LOCAL_TESTNET_NODE_KEYS[4].1);
		assert_eq!(
			pallet_node_authorization::Owners::<Runtime>::get(sp_core::OpaquePeerId(auditor)),
			Some(account(Ferdie))
		);
	});
}

#[test]
fn consortium_genesis_refuses_what_cannot_run() {
	let mut no_validators = local_testnet_genesis();
	no_validators.validators.clear();
	assert_eq!(consortium_genesis(&no_validators), Err(GenesisError::NoValidators));

	let mut no_council = development_genesis();
	no_council.council.clear();
	assert_eq!(consortium_genesis(&no_council), Err(GenesisError::NoCouncil));

	let mut long_peer = local_testnet_genesis();
	long_peer.nodes.push((vec![0; 129], account(Eve)));
	assert_eq!(consortium_genesis(&long_peer), Err(GenesisError::PeerIdTooLong));

	let mut big_council = development_genesis();
	big_council.council = (0..=100u8).map(|i| tds_runtime::AccountId::new([i; 32])).collect();
	assert_eq!(consortium_genesis(&big_council), Err(GenesisError::TooManyCouncilMembers));
}

#[test]
fn block_time_constants_agree() {
	assert_eq!(u64::from(MINUTES) * SLOT_DURATION_MS, 60_000);
	assert_eq!(<Runtime as pallet_aura::Config>::SlotDuration::get(), SLOT_DURATION_MS);
}

use frame_support::traits::Get as _;
