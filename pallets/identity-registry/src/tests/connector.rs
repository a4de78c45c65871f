//! `register_connector` and `connector_heartbeat`: technical identities owned by organisations.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// The account Huawei (the owner) signs with.
const HUAWEI_KEY: u64 = 100;
/// The connector's account.
const CONNECTOR_KEY: u64 = 500;

/// The connector's metadata digest at registration.
fn metadata() -> Digest {
	digest(0xc1)
}

/// The identifier of the connector of `owner` registered with `metadata`.
fn connector_id(owner: IdentityId, metadata: Digest) -> IdentityId {
	identity_id(&IdentityKey::Connector { owner, metadata })
}

/// Space A (operated by [`OPERATOR_A`]) with Huawei active; returns both.
fn setup() -> (SpaceId, IdentityId) {
	let space = active_space(OPERATOR_A);
	(space, active_org(space, OPERATOR_A, HUAWEI, HUAWEI_KEY))
}

/// [`setup`], plus a connector of Huawei with [`CONNECTOR_KEY`]; returns all three.
fn setup_with_connector() -> (SpaceId, IdentityId, IdentityId) {
	let (space, owner) = setup();
	assert_ok!(IdentityRegistry::register_connector(
		RuntimeOrigin::signed(OPERATOR_A),
		owner,
		b"edge connector".to_vec(),
		metadata(),
		CONNECTOR_KEY,
	));
	(space, owner, connector_id(owner, metadata()))
}

/// What participant `id` is.
fn subject(id: IdentityId) -> Subject {
	Participants::<Test>::get(id).expect("a participant").subject
}

/// The operator of space A registers a connector of `owner`.
fn register(owner: IdentityId, metadata: Digest, key: u64) -> DispatchResult {
	IdentityRegistry::register_connector(
		RuntimeOrigin::signed(OPERATOR_A),
		owner,
		b"connector".to_vec(),
		metadata,
		key,
	)
}

#[test]
fn operator_registers_an_active_connector() {
	run(|| {
		let (space, owner) = setup();
		assert_ok!(IdentityRegistry::register_connector(
			RuntimeOrigin::signed(OPERATOR_A),
			owner,
			b"edge connector".to_vec(),
			metadata(),
			CONNECTOR_KEY,
		));
		let id = connector_id(owner, metadata());
		System::assert_has_event(
			Event::ParticipantRegistered { id, space, kind: ParticipantKind::Connector }.into(),
		);
		assert_eq!(last_event(), Event::KeyAdded { id, account: CONNECTOR_KEY });
		let participant = Participants::<Test>::get(id).expect("registered");
		assert_eq!(participant.space, space);
		assert_eq!(participant.name.to_vec(), b"edge connector".to_vec());
		assert_eq!(participant.status, ParticipantStatus::Active);
		assert_eq!(
			participant.subject,
			Subject::Connector { owner, metadata: metadata(), last_heartbeat: None }
		);
		assert_eq!(participant.keys.to_vec(), vec![CONNECTOR_KEY]);
		assert_eq!(participant.verification, None);
		assert_eq!(IdentityRegistry::identity_of(&CONNECTOR_KEY), Some(id));
		assert_eq!(IdentityRegistry::standing(&id), Ok(()));
		assert!(SpaceMembers::<Test>::contains_key(space, id));
		assert_eq!(
			IdentityRegistry::history(HistoryKey::Participant(id), 0, 10),
			vec![HistoryEntry {
				change: Change::ParticipantStatus {
					from: ParticipantStatus::Pending,
					to: ParticipantStatus::Active,
				},
				actor: Actor::Account(OPERATOR_A),
				reason: Digest::zero(),
				at: 1,
			}]
		);
	});
}

#[test]
fn heartbeat_records_block_time() {
	run(|| {
		let (_, owner, id) = setup_with_connector();
		set_time(NOW + 1_000);
		assert_ok!(IdentityRegistry::connector_heartbeat(
			RuntimeOrigin::signed(CONNECTOR_KEY),
			None
		));
		assert_eq!(last_event(), Event::ConnectorHeartbeat { id, metadata: metadata() });
		assert_eq!(
			subject(id),
			Subject::Connector { owner, metadata: metadata(), last_heartbeat: Some(NOW + 1_000) }
		);
		set_time(NOW + 61_000);
		assert_ok!(IdentityRegistry::connector_heartbeat(
			RuntimeOrigin::signed(CONNECTOR_KEY),
			None
		));
		assert_eq!(
			subject(id),
			Subject::Connector { owner, metadata: metadata(), last_heartbeat: Some(NOW + 61_000) }
		);
	});
}

#[test]
fn heartbeat_updates_the_metadata_when_given() {
	run(|| {
		let (_, owner, id) = setup_with_connector();
		set_time(NOW + 5_000);
		assert_ok!(IdentityRegistry::connector_heartbeat(
			RuntimeOrigin::signed(CONNECTOR_KEY),
			Some(digest(0xc2))
		));
		assert_eq!(last_event(), Event::ConnectorHeartbeat { id, metadata: digest(0xc2) });
		assert_eq!(
			subject(id),
			Subject::Connector { owner, metadata: digest(0xc2), last_heartbeat: Some(NOW + 5_000) }
		);
		// The identifier derives from the metadata at registration: it does not change.
		assert_eq!(IdentityRegistry::identity_of(&CONNECTOR_KEY), Some(id));
		assert!(!Participants::<Test>::contains_key(connector_id(owner, digest(0xc2))));
		// A later heartbeat without metadata keeps the new metadata.
		assert_ok!(IdentityRegistry::connector_heartbeat(
			RuntimeOrigin::signed(CONNECTOR_KEY),
			None
		));
		assert_eq!(last_event(), Event::ConnectorHeartbeat { id, metadata: digest(0xc2) });
	});
}

#[test]
fn connector_of_a_frozen_owner_cannot_act() {
	run(|| {
		let (_, owner, id) = setup_with_connector();
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			owner,
			digest(3)
		));
		// Its own status is untouched; its standing follows its owner's.
		assert_eq!(IdentityRegistry::status(&id), Some(ParticipantStatus::Active));
		assert_eq!(IdentityRegistry::standing(&id), Err(Inactive::OwnerNotActive));
		assert_eq!(IdentityRegistry::active_identity_of(&CONNECTOR_KEY), None);
		assert_noop!(
			IdentityRegistry::connector_heartbeat(RuntimeOrigin::signed(CONNECTOR_KEY), None),
			Error::<Test>::IdentityNotActive
		);
		assert_ok!(IdentityRegistry::unfreeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			owner,
			digest(4)
		));
		assert_eq!(IdentityRegistry::standing(&id), Ok(()));
		assert_ok!(IdentityRegistry::connector_heartbeat(
			RuntimeOrigin::signed(CONNECTOR_KEY),
			None
		));
	});
}

#[test]
fn connector_of_a_suspended_space_cannot_act() {
	run(|| {
		let (space, _, id) = setup_with_connector();
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), space, digest(2)));
		assert_eq!(IdentityRegistry::standing(&id), Err(Inactive::SpaceNotActive));
		assert_noop!(
			IdentityRegistry::connector_heartbeat(RuntimeOrigin::signed(CONNECTOR_KEY), None),
			Error::<Test>::IdentityNotActive
		);
	});
}

#[test]
fn revoked_connector_cannot_send_heartbeats() {
	run(|| {
		let (_, _, id) = setup_with_connector();
		assert_ok!(IdentityRegistry::revoke_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			digest(5)
		));
		assert_eq!(
			IdentityRegistry::standing(&id),
			Err(Inactive::Status(ParticipantStatus::Revoked))
		);
		assert_noop!(
			IdentityRegistry::connector_heartbeat(RuntimeOrigin::signed(CONNECTOR_KEY), None),
			Error::<Test>::IdentityNotActive
		);
	});
}

#[test]
fn registering_a_connector_of_an_unknown_owner_fails() {
	run(|| {
		setup();
		assert_noop!(register(org_id(TENCENT), metadata(), CONNECTOR_KEY), Error::<Test>::NotFound);
	});
}

#[test]
fn owner_must_be_an_active_organisation() {
	run(|| {
		let (space, huawei) = setup();
		// Pending organisation.
		assert_ok!(IdentityRegistry::register_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			space,
			organisation(TENCENT),
			b"pending org".to_vec(),
			None,
		));
		assert_noop!(
			register(org_id(TENCENT), metadata(), CONNECTOR_KEY),
			Error::<Test>::InvalidOwner
		);
		// Active person.
		assert_ok!(IdentityRegistry::register_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			space,
			NewSubject::Person { id_digest: digest(1) },
			b"person".to_vec(),
			None,
		));
		let person = identity_id(&IdentityKey::Person(digest(1)));
		assert_ok!(IdentityRegistry::verify_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			person,
			official()
		));
		assert_eq!(IdentityRegistry::standing(&person), Ok(()));
		assert_noop!(register(person, metadata(), CONNECTOR_KEY), Error::<Test>::InvalidOwner);
		// A connector cannot own a connector.
		assert_ok!(register(huawei, metadata(), CONNECTOR_KEY));
		let connector = connector_id(huawei, metadata());
		assert_noop!(register(connector, metadata(), 501), Error::<Test>::InvalidOwner);
		// Frozen organisation.
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			huawei,
			digest(3)
		));
		assert_noop!(register(huawei, digest(0xc2), 501), Error::<Test>::InvalidOwner);
	});
}

#[test]
fn registering_the_same_connector_twice_fails() {
	run(|| {
		let (_, owner, _) = setup_with_connector();
		assert_noop!(register(owner, metadata(), 501), Error::<Test>::AlreadyExists);
		// Other metadata is another connector.
		assert_ok!(register(owner, digest(0xc2), 501));
		assert_eq!(IdentityRegistry::identity_of(&501), Some(connector_id(owner, digest(0xc2))));
	});
}

#[test]
fn connector_key_in_use_fails() {
	run(|| {
		let (space, owner) = setup();
		active_space(OPERATOR_B);
		assert_ok!(register(owner, metadata(), CONNECTOR_KEY));
		active_org(space, OPERATOR_A, TENCENT, 300);
		// The owner's key, another connector's key, another identity's key, an operator.
		for key in [HUAWEI_KEY, CONNECTOR_KEY, 300, OPERATOR_A, OPERATOR_B] {
			assert_noop!(register(owner, digest(0xc2), key), Error::<Test>::KeyInUse);
		}
	});
}

#[test]
fn connector_name_longer_than_max_fails() {
	run(|| {
		let (_, owner) = setup();
		assert_noop!(
			IdentityRegistry::register_connector(
				RuntimeOrigin::signed(OPERATOR_A),
				owner,
				vec![b'n'; 33],
				metadata(),
				CONNECTOR_KEY,
			),
			Error::<Test>::NameTooLong
		);
		assert_ok!(IdentityRegistry::register_connector(
			RuntimeOrigin::signed(OPERATOR_A),
			owner,
			vec![b'n'; 32],
			metadata(),
			CONNECTOR_KEY,
		));
	});
}

#[test]
fn only_an_operator_of_the_owner_space_registers_connectors() {
	run(|| {
		let (space, owner) = setup();
		active_space(OPERATOR_B);
		// The operator of another space, a stranger, the owner itself.
		for who in [OPERATOR_B, STRANGER, HUAWEI_KEY] {
			assert_noop!(
				IdentityRegistry::register_connector(
					RuntimeOrigin::signed(who),
					owner,
					b"connector".to_vec(),
					metadata(),
					CONNECTOR_KEY,
				),
				Error::<Test>::NotAuthorized
			);
		}
		assert_noop!(
			IdentityRegistry::register_connector(
				RuntimeOrigin::root(),
				owner,
				b"connector".to_vec(),
				metadata(),
				CONNECTOR_KEY,
			),
			BadOrigin
		);
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), space, digest(2)));
		assert_noop!(register(owner, metadata(), CONNECTOR_KEY), Error::<Test>::SpaceNotActive);
	});
}

#[test]
fn heartbeat_signed_by_an_organisation_fails() {
	run(|| {
		setup_with_connector();
		assert_noop!(
			IdentityRegistry::connector_heartbeat(RuntimeOrigin::signed(HUAWEI_KEY), None),
			Error::<Test>::NotAConnector
		);
	});
}

#[test]
fn heartbeat_by_an_unlinked_account_fails() {
	run(|| {
		setup_with_connector();
		for who in [STRANGER, OPERATOR_A] {
			assert_noop!(
				IdentityRegistry::connector_heartbeat(RuntimeOrigin::signed(who), None),
				Error::<Test>::NotAuthorized
			);
		}
		assert_noop!(IdentityRegistry::connector_heartbeat(RuntimeOrigin::none(), None), BadOrigin);
		assert_noop!(IdentityRegistry::connector_heartbeat(RuntimeOrigin::root(), None), BadOrigin);
	});
}
