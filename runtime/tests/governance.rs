//! Consortium governance on the real runtime: a 2/3 council motion adds and removes validators
//! (effective from the second session boundary), authorises nodes and admits signers; nobody else
//! can, not even Root.

mod common;

use common::{account, council_motion, new_ext, register_session_keys, run_sessions};
use frame_support::{assert_noop, assert_ok};
use sp_keyring::Sr25519Keyring::*;
use sp_runtime::{traits::BadOrigin, DispatchError};
use tds_runtime::{
	Admission, NodeAuthorization, Runtime, RuntimeCall, RuntimeOrigin, Session, ValidatorSet,
};

fn add_validator(who: sp_keyring::Sr25519Keyring) -> RuntimeCall {
	RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator { who: account(who) })
}

fn remove_validator(who: sp_keyring::Sr25519Keyring) -> RuntimeCall {
	RuntimeCall::ValidatorSet(pallet_validator_set::Call::remove_validator { who: account(who) })
}

fn aura_keys() -> Vec<sp_consensus_aura::sr25519::AuthorityId> {
	pallet_aura::Authorities::<Runtime>::get().into_inner()
}

#[test]
fn council_adds_a_validator_effective_two_sessions_later() {
	new_ext("local_testnet").execute_with(|| {
		assert_ok!(Admission::admit(
			pallet_collective::RawOrigin::<_, pallet_collective::Instance1>::Members(3, 4).into(),
			account(Eve)
		));
		let keys = register_session_keys(Eve);

		assert_eq!(council_motion(add_validator(Eve), 3, &[Alice, Bob, Charlie]), Some(Ok(())));
		assert!(pallet_validator_set::Validators::<Runtime>::get().contains(&account(Eve)));
		assert!(!Session::validators().contains(&account(Eve)));

		run_sessions(1);
		assert!(!Session::validators().contains(&account(Eve)), "queued, not yet active");
		run_sessions(1);
		assert!(Session::validators().contains(&account(Eve)));
		assert!(aura_keys().contains(&keys.aura));
		assert_eq!(
			pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(),
			4,
			"GRANDPA enacts the change when its signal block is finalised"
		);
	});
}

#[test]
fn council_removes_a_validator_effective_two_sessions_later() {
	new_ext("local_testnet").execute_with(|| {
		assert_eq!(council_motion(remove_validator(Dave), 3, &[Alice, Bob, Charlie]), Some(Ok(())));
		run_sessions(2);
		assert_eq!(Session::validators(), vec![account(Alice), account(Bob), account(Charlie)]);
		assert_eq!(aura_keys().len(), 3);
	});
}

#[test]
fn a_validator_without_session_keys_cannot_be_added() {
	new_ext("local_testnet").execute_with(|| {
		assert_eq!(
			council_motion(add_validator(Eve), 3, &[Alice, Bob, Charlie]),
			Some(Err(pallet_validator_set::Error::<Runtime>::NoSessionKeys.into()))
		);
	});
}

#[test]
fn no_one_but_a_two_thirds_council_changes_the_validator_set() {
	new_ext("local_testnet").execute_with(|| {
		// A single member, even a validator.
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(account(Alice)), account(Dave)),
			BadOrigin
		);
		// Root: there is no sudo, and Root is not the admin origin.
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), account(Dave)),
			BadOrigin
		);
		// Half of the council is not two thirds: the motion executes but its call is refused.
		assert_eq!(
			council_motion(remove_validator(Dave), 2, &[Alice, Bob]),
			Some(Err(DispatchError::BadOrigin))
		);
		assert!(pallet_validator_set::Validators::<Runtime>::get().contains(&account(Dave)));
	});
}

#[test]
fn node_authorisation_changes_only_through_governance() {
	new_ext("local_testnet").execute_with(|| {
		let node = sp_core::OpaquePeerId(vec![7; 38]);
		let add = || {
			RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_well_known_node {
				node: node.clone(),
				owner: account(Eve).into(),
			})
		};
		assert_noop!(
			NodeAuthorization::add_well_known_node(
				RuntimeOrigin::signed(account(Alice)),
				node.clone(),
				account(Eve).into()
			),
			BadOrigin
		);
		assert_noop!(
			NodeAuthorization::add_well_known_node(
				RuntimeOrigin::root(),
				node.clone(),
				account(Eve).into()
			),
			BadOrigin
		);
		assert_eq!(council_motion(add(), 2, &[Alice, Bob]), Some(Err(DispatchError::BadOrigin)));
		assert!(!pallet_node_authorization::WellKnownNodes::<Runtime>::get().contains(&node));

		assert_eq!(council_motion(add(), 3, &[Alice, Bob, Charlie]), Some(Ok(())));
		assert!(pallet_node_authorization::WellKnownNodes::<Runtime>::get().contains(&node));
	});
}

#[test]
fn the_council_upgrades_through_dispatch_as_root() {
	new_ext("local_testnet").execute_with(|| {
		let set_storage = RuntimeCall::System(frame_system::Call::set_storage {
			items: vec![(b":tds:flag".to_vec(), b"on".to_vec())],
		});
		let as_root = RuntimeCall::Governance(pallet_governance::Call::dispatch_as_root {
			call: Box::new(set_storage),
		});
		assert_eq!(council_motion(as_root, 3, &[Alice, Bob, Charlie]), Some(Ok(())));
		assert_eq!(sp_io::storage::get(b":tds:flag").map(|v| v.to_vec()), Some(b"on".to_vec()));
	});
}

#[test]
fn node_owners_cannot_grow_connection_sets() {
	new_ext("local_testnet").execute_with(|| {
		let alice_node =
			sp_core::OpaquePeerId(tds_runtime::genesis_config_presets::ed25519_peer_id(
				tds_runtime::genesis_config_presets::LOCAL_TESTNET_NODE_KEYS[0].1,
			));
		let add_connections =
			RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_connections {
				node: alice_node,
				connections: vec![sp_core::OpaquePeerId(vec![9; 38])],
			});
		// Alice owns her node, yet the call is filtered out.
		use sp_runtime::traits::Dispatchable;
		let result = add_connections.dispatch(RuntimeOrigin::signed(account(Alice)));
		assert_eq!(
			result.map_err(|e| e.error),
			Err(frame_system::Error::<Runtime>::CallFiltered.into())
		);
	});
}
