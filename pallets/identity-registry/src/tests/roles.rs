//! `request_role`, `grant_role` and `revoke_role`: tiered admission to participant roles.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// The account Huawei signs with.
const HUAWEI_KEY: u64 = 100;
/// The account a person signs with.
const PERSON_KEY: u64 = 101;

/// Space A (operated by [`OPERATOR_A`]) with Huawei active; returns both.
fn setup() -> (SpaceId, IdentityId) {
	let space = active_space(OPERATOR_A);
	(space, active_org(space, OPERATOR_A, HUAWEI, HUAWEI_KEY))
}

/// The latest history entry of participant `id`.
fn last_entry(id: IdentityId) -> HistoryEntryOf<Test> {
	let key = HistoryKey::Participant(id);
	let length = HistoryLength::<Test>::get(key);
	IdentityRegistry::history(key, length - 1, 1).pop().expect("a history entry")
}

/// Huawei applies for `role`.
fn request(role: Role) -> DispatchResult {
	IdentityRegistry::request_role(RuntimeOrigin::signed(HUAWEI_KEY), role)
}

/// The roles `id` holds and has requested.
fn roles(id: IdentityId) -> (Roles, Roles) {
	let participant = Participants::<Test>::get(id).expect("a participant");
	(participant.roles, participant.requested_roles)
}

/// The operator of space A freezes `id`.
fn freeze(id: IdentityId) {
	assert_ok!(IdentityRegistry::freeze_participant(
		RuntimeOrigin::signed(OPERATOR_A),
		id,
		digest(3)
	));
}

/// The council suspends `space`.
fn suspend(space: SpaceId) {
	assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), space, digest(2)));
}

#[test]
fn participant_requests_a_role() {
	run(|| {
		let (_, id) = setup();
		let length = HistoryLength::<Test>::get(HistoryKey::Participant(id));
		assert_ok!(request(Role::Provider));
		assert_eq!(last_event(), Event::RoleRequested { id, role: Role::Provider });
		assert_eq!(roles(id), (Roles::default(), Roles::default().with(Role::Provider)));
		assert!(!IdentityRegistry::has_role(&id, Role::Provider));
		// A request is not a change of role: the history records the grant or refusal.
		assert_eq!(HistoryLength::<Test>::get(HistoryKey::Participant(id)), length);
	});
}

#[test]
fn active_person_requests_service_roles() {
	run(|| {
		let (space, _) = setup();
		assert_ok!(IdentityRegistry::register_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			space,
			NewSubject::Person { id_digest: digest(1) },
			b"person".to_vec(),
			Some(PERSON_KEY),
		));
		let person = identity_id(&IdentityKey::Person(digest(1)));
		assert_ok!(IdentityRegistry::verify_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			person,
			official()
		));
		assert_ok!(IdentityRegistry::request_role(
			RuntimeOrigin::signed(PERSON_KEY),
			Role::ServiceCompliance
		));
		assert_ok!(IdentityRegistry::request_role(RuntimeOrigin::signed(PERSON_KEY), Role::User));
		let requested = Roles::default().with(Role::ServiceCompliance).with(Role::User);
		assert_eq!(roles(person), (Roles::default(), requested));
	});
}

#[test]
fn operator_grants_a_requested_role() {
	run(|| {
		let (_, id) = setup();
		assert_ok!(request(Role::Provider));
		System::set_block_number(5);
		assert_ok!(IdentityRegistry::grant_role(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			Role::Provider
		));
		assert_eq!(
			last_event(),
			Event::RoleGranted { id, role: Role::Provider, actor: Actor::Account(OPERATOR_A) }
		);
		assert_eq!(roles(id), (Roles::default().with(Role::Provider), Roles::default()));
		assert!(IdentityRegistry::has_role(&id, Role::Provider));
		assert_eq!(
			last_entry(id),
			HistoryEntry {
				change: Change::RoleGranted { role: Role::Provider },
				actor: Actor::Account(OPERATOR_A),
				reason: Digest::zero(),
				at: 5,
			}
		);
	});
}

#[test]
fn roles_are_granted_one_at_a_time() {
	run(|| {
		let (_, id) = setup();
		let signer = RuntimeOrigin::signed(HUAWEI_KEY);
		assert_ok!(IdentityRegistry::request_role(signer.clone(), Role::Provider));
		assert_ok!(IdentityRegistry::request_role(signer, Role::User));
		assert_ok!(IdentityRegistry::grant_role(RuntimeOrigin::signed(OPERATOR_A), id, Role::User));
		assert_eq!(
			roles(id),
			(Roles::default().with(Role::User), Roles::default().with(Role::Provider))
		);
		assert!(IdentityRegistry::has_role(&id, Role::User));
		assert!(!IdentityRegistry::has_role(&id, Role::Provider));
	});
}

#[test]
fn operator_revokes_a_held_role() {
	run(|| {
		let (_, id) = setup();
		assert_ok!(request(Role::Provider));
		assert_ok!(IdentityRegistry::grant_role(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			Role::Provider
		));
		assert_ok!(IdentityRegistry::revoke_role(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			Role::Provider
		));
		assert_eq!(
			last_event(),
			Event::RoleRevoked { id, role: Role::Provider, actor: Actor::Account(OPERATOR_A) }
		);
		assert_eq!(roles(id), (Roles::default(), Roles::default()));
		assert!(!IdentityRegistry::has_role(&id, Role::Provider));
		assert_eq!(
			last_entry(id),
			HistoryEntry {
				change: Change::RoleRevoked { role: Role::Provider },
				actor: Actor::Account(OPERATOR_A),
				reason: Digest::zero(),
				at: 1,
			}
		);
		// It may apply again.
		assert_ok!(request(Role::Provider));
	});
}

#[test]
fn operator_refuses_a_requested_role() {
	run(|| {
		let (_, id) = setup();
		assert_ok!(request(Role::User));
		assert_ok!(IdentityRegistry::revoke_role(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			Role::User
		));
		assert_eq!(
			last_event(),
			Event::RoleRevoked { id, role: Role::User, actor: Actor::Account(OPERATOR_A) }
		);
		assert_eq!(roles(id), (Roles::default(), Roles::default()));
		assert_eq!(last_entry(id).change, Change::RoleRevoked { role: Role::User });
		// The refused request is gone: granting it now fails.
		assert_noop!(
			IdentityRegistry::grant_role(RuntimeOrigin::signed(OPERATOR_A), id, Role::User),
			Error::<Test>::NotRequested
		);
	});
}

#[test]
fn operator_revokes_a_role_of_a_frozen_participant() {
	run(|| {
		let (_, id) = setup();
		assert_ok!(request(Role::Provider));
		assert_ok!(IdentityRegistry::grant_role(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			Role::Provider
		));
		freeze(id);
		assert_ok!(IdentityRegistry::revoke_role(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			Role::Provider
		));
		assert!(!IdentityRegistry::has_role(&id, Role::Provider));
	});
}

#[test]
fn request_role_by_an_unlinked_signer_fails() {
	run(|| {
		setup();
		for who in [STRANGER, OPERATOR_A] {
			assert_noop!(
				IdentityRegistry::request_role(RuntimeOrigin::signed(who), Role::Provider),
				Error::<Test>::NotAuthorized
			);
		}
	});
}

#[test]
fn request_role_needs_a_signed_origin() {
	run(|| {
		setup();
		assert_noop!(IdentityRegistry::request_role(RuntimeOrigin::root(), Role::User), BadOrigin);
		assert_noop!(IdentityRegistry::request_role(RuntimeOrigin::none(), Role::User), BadOrigin);
	});
}

#[test]
fn pending_identity_cannot_request_a_role() {
	run(|| {
		let (space, _) = setup();
		assert_ok!(IdentityRegistry::register_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			space,
			NewSubject::Person { id_digest: digest(1) },
			b"person".to_vec(),
			Some(PERSON_KEY),
		));
		assert_noop!(
			IdentityRegistry::request_role(RuntimeOrigin::signed(PERSON_KEY), Role::User),
			Error::<Test>::IdentityNotActive
		);
	});
}

#[test]
fn frozen_identity_cannot_request_a_role() {
	run(|| {
		let (_, id) = setup();
		freeze(id);
		assert_noop!(request(Role::Provider), Error::<Test>::IdentityNotActive);
		assert_ok!(IdentityRegistry::unfreeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			digest(4)
		));
		assert_ok!(request(Role::Provider));
	});
}

#[test]
fn identity_of_a_suspended_space_cannot_request_a_role() {
	run(|| {
		let (space, _) = setup();
		suspend(space);
		assert_noop!(request(Role::Provider), Error::<Test>::IdentityNotActive);
	});
}

#[test]
fn council_and_operator_roles_cannot_be_requested() {
	run(|| {
		setup();
		for role in [Role::Regulator, Role::Auditor, Role::Operator] {
			assert_noop!(request(role), Error::<Test>::InvalidRole);
		}
	});
}

#[test]
fn requesting_a_role_requested_or_held_fails() {
	run(|| {
		let (_, id) = setup();
		let signer = RuntimeOrigin::signed(HUAWEI_KEY);
		assert_ok!(IdentityRegistry::request_role(signer.clone(), Role::Provider));
		assert_noop!(
			IdentityRegistry::request_role(signer.clone(), Role::Provider),
			Error::<Test>::AlreadyExists
		);
		assert_ok!(IdentityRegistry::grant_role(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			Role::Provider
		));
		assert_noop!(
			IdentityRegistry::request_role(signer, Role::Provider),
			Error::<Test>::AlreadyExists
		);
	});
}

#[test]
fn granting_a_role_not_requested_fails() {
	run(|| {
		let (_, id) = setup();
		let operator = RuntimeOrigin::signed(OPERATOR_A);
		assert_noop!(
			IdentityRegistry::grant_role(operator.clone(), id, Role::Provider),
			Error::<Test>::NotRequested
		);
		// Council roles are never requested, so an operator cannot grant them either.
		assert_noop!(
			IdentityRegistry::grant_role(operator, id, Role::Regulator),
			Error::<Test>::NotRequested
		);
		// Granting twice: the first grant consumed the request.
		assert_ok!(request(Role::User));
		assert_ok!(IdentityRegistry::grant_role(RuntimeOrigin::signed(OPERATOR_A), id, Role::User));
		assert_noop!(
			IdentityRegistry::grant_role(RuntimeOrigin::signed(OPERATOR_A), id, Role::User),
			Error::<Test>::NotRequested
		);
	});
}

#[test]
fn granting_a_role_to_an_unknown_identity_fails() {
	run(|| {
		setup();
		assert_noop!(
			IdentityRegistry::grant_role(
				RuntimeOrigin::signed(OPERATOR_A),
				org_id(TENCENT),
				Role::Provider
			),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn granting_a_role_to_a_frozen_identity_fails() {
	run(|| {
		let (_, id) = setup();
		assert_ok!(request(Role::Provider));
		freeze(id);
		assert_noop!(
			IdentityRegistry::grant_role(RuntimeOrigin::signed(OPERATOR_A), id, Role::Provider),
			Error::<Test>::IdentityNotActive
		);
	});
}

#[test]
fn only_an_operator_of_the_home_space_grants_roles() {
	run(|| {
		let (_, id) = setup();
		active_space(OPERATOR_B);
		assert_ok!(request(Role::Provider));
		for who in [OPERATOR_B, STRANGER, HUAWEI_KEY] {
			assert_noop!(
				IdentityRegistry::grant_role(RuntimeOrigin::signed(who), id, Role::Provider),
				Error::<Test>::NotAuthorized
			);
		}
		assert_noop!(
			IdentityRegistry::grant_role(RuntimeOrigin::root(), id, Role::Provider),
			BadOrigin
		);
		assert_noop!(
			IdentityRegistry::grant_role(RuntimeOrigin::none(), id, Role::Provider),
			BadOrigin
		);
	});
}

#[test]
fn operator_of_a_suspended_space_cannot_grant_roles() {
	run(|| {
		let (space, id) = setup();
		assert_ok!(request(Role::Provider));
		suspend(space);
		assert_noop!(
			IdentityRegistry::grant_role(RuntimeOrigin::signed(OPERATOR_A), id, Role::Provider),
			Error::<Test>::SpaceNotActive
		);
	});
}

#[test]
fn council_roles_cannot_be_revoked_by_an_operator() {
	run(|| {
		let regulator_id = regulator(50);
		// `regulator` files a space operated by its key plus 1000.
		let operator = RuntimeOrigin::signed(1050);
		assert_noop!(
			IdentityRegistry::revoke_role(operator.clone(), regulator_id, Role::Regulator),
			Error::<Test>::InvalidRole
		);
		assert_noop!(
			IdentityRegistry::revoke_role(operator, regulator_id, Role::Auditor),
			Error::<Test>::InvalidRole
		);
		assert!(IdentityRegistry::has_role(&regulator_id, Role::Regulator));
	});
}

#[test]
fn revoking_a_role_neither_held_nor_requested_fails() {
	run(|| {
		let (_, id) = setup();
		assert_ok!(request(Role::User));
		assert_noop!(
			IdentityRegistry::revoke_role(RuntimeOrigin::signed(OPERATOR_A), id, Role::Provider),
			Error::<Test>::NotFound
		);
		assert_noop!(
			IdentityRegistry::revoke_role(
				RuntimeOrigin::signed(OPERATOR_A),
				id,
				Role::ServiceCustody
			),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn revoking_a_role_of_an_unknown_identity_fails() {
	run(|| {
		setup();
		assert_noop!(
			IdentityRegistry::revoke_role(
				RuntimeOrigin::signed(OPERATOR_A),
				org_id(TENCENT),
				Role::Provider
			),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn only_an_operator_of_the_active_home_space_revokes_roles() {
	run(|| {
		let (space, id) = setup();
		active_space(OPERATOR_B);
		assert_ok!(request(Role::Provider));
		assert_ok!(IdentityRegistry::grant_role(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			Role::Provider
		));
		for who in [OPERATOR_B, STRANGER, HUAWEI_KEY] {
			assert_noop!(
				IdentityRegistry::revoke_role(RuntimeOrigin::signed(who), id, Role::Provider),
				Error::<Test>::NotAuthorized
			);
		}
		assert_noop!(
			IdentityRegistry::revoke_role(RuntimeOrigin::root(), id, Role::Provider),
			BadOrigin
		);
		suspend(space);
		assert_noop!(
			IdentityRegistry::revoke_role(RuntimeOrigin::signed(OPERATOR_A), id, Role::Provider),
			Error::<Test>::SpaceNotActive
		);
		assert!(IdentityRegistry::has_role(&id, Role::Provider));
	});
}

#[test]
fn connectors_hold_no_roles_and_only_organisations_are_appointed() {
	run(|| {
		let (space, owner) = setup();
		let connector_key = 400;
		assert_ok!(IdentityRegistry::register_connector(
			RuntimeOrigin::signed(OPERATOR_A),
			owner,
			b"connector".to_vec(),
			digest(0xc1),
			connector_key,
		));
		let connector = identity_id(&IdentityKey::Connector { owner, metadata: digest(0xc1) });
		// A connector acts for its owner: it applies for no role and is appointed to none.
		assert_noop!(
			IdentityRegistry::request_role(RuntimeOrigin::signed(connector_key), Role::Provider),
			Error::<Test>::InvalidRole
		);
		assert_noop!(
			IdentityRegistry::appoint(RuntimeOrigin::root(), connector, Role::Auditor),
			Error::<Test>::InvalidRole
		);
		// Nor is a person appointed regulator.
		assert_ok!(IdentityRegistry::register_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			space,
			NewSubject::Person { id_digest: digest(0x77) },
			b"person".to_vec(),
			None,
		));
		let person = identity_id(&IdentityKey::Person(digest(0x77)));
		assert_ok!(IdentityRegistry::verify_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			person,
			official()
		));
		assert_noop!(
			IdentityRegistry::appoint(RuntimeOrigin::root(), person, Role::Regulator),
			Error::<Test>::InvalidRole
		);
	});
}

#[test]
fn the_council_appoints_and_dismisses_an_operator_organisation() {
	run(|| {
		let (_, id) = setup();
		// Nobody applies for it, so the space operator has nothing to grant: only the council.
		assert_noop!(request(Role::Operator), Error::<Test>::InvalidRole);
		assert_noop!(
			IdentityRegistry::grant_role(RuntimeOrigin::signed(OPERATOR_A), id, Role::Operator),
			Error::<Test>::NotRequested
		);
		assert_ok!(IdentityRegistry::appoint(RuntimeOrigin::root(), id, Role::Operator));
		assert!(IdentityRegistry::has_role(&id, Role::Operator));
		assert_noop!(
			IdentityRegistry::appoint(RuntimeOrigin::root(), id, Role::Operator),
			Error::<Test>::AlreadyExists
		);
		// Nor revoke it.
		assert_noop!(
			IdentityRegistry::revoke_role(RuntimeOrigin::signed(OPERATOR_A), id, Role::Operator),
			Error::<Test>::InvalidRole
		);
		assert_ok!(IdentityRegistry::dismiss(RuntimeOrigin::root(), id, Role::Operator));
		assert!(!IdentityRegistry::has_role(&id, Role::Operator));
	});
}
