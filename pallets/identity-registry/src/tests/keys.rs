//! `add_key`, `remove_key` and `rotate_key`: the accounts that sign for an identity.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// The account Huawei registers with.
const HUAWEI_KEY: u64 = 100;
/// The account Tencent registers with.
const TENCENT_KEY: u64 = 300;

/// Space A (operated by [`OPERATOR_A`]) with Huawei active; returns both.
fn setup() -> (SpaceId, IdentityId) {
	let space = active_space(OPERATOR_A);
	(space, active_org(space, OPERATOR_A, HUAWEI, HUAWEI_KEY))
}

/// The latest `count` history entries of participant `id`, oldest first.
fn last_entries(id: IdentityId, count: u32) -> Vec<HistoryEntryOf<Test>> {
	let key = HistoryKey::Participant(id);
	let length = HistoryLength::<Test>::get(key);
	IdentityRegistry::history(key, length - count, count)
}

/// The accounts linked to `id`, in order.
fn keys(id: IdentityId) -> Vec<u64> {
	Participants::<Test>::get(id).expect("a participant").keys.into_inner()
}

/// The operator of space A freezes `id`.
fn freeze(id: IdentityId) {
	assert_ok!(IdentityRegistry::freeze_participant(
		RuntimeOrigin::signed(OPERATOR_A),
		id,
		digest(3)
	));
}

#[test]
fn identity_links_another_key_itself() {
	run(|| {
		let (_, id) = setup();
		assert_ok!(IdentityRegistry::add_key(RuntimeOrigin::signed(HUAWEI_KEY), id, 101));
		assert_eq!(last_event(), Event::KeyAdded { id, account: 101 });
		assert_eq!(keys(id), vec![HUAWEI_KEY, 101]);
		assert_eq!(IdentityRegistry::identity_of(&101), Some(id));
		assert_eq!(
			last_entries(id, 1),
			vec![HistoryEntry {
				change: Change::KeyAdded { account: 101 },
				actor: Actor::Account(HUAWEI_KEY),
				reason: Digest::zero(),
				at: 1,
			}]
		);
		// The new key signs for the identity at once.
		assert_ok!(IdentityRegistry::request_role(RuntimeOrigin::signed(101), Role::Provider));
	});
}

#[test]
fn operator_links_a_key() {
	run(|| {
		let (_, id) = setup();
		assert_ok!(IdentityRegistry::add_key(RuntimeOrigin::signed(OPERATOR_A), id, 101));
		assert_eq!(last_event(), Event::KeyAdded { id, account: 101 });
		assert_eq!(keys(id), vec![HUAWEI_KEY, 101]);
		assert_eq!(IdentityRegistry::identity_of(&101), Some(id));
		assert_eq!(last_entries(id, 1)[0].actor, Actor::Account(OPERATOR_A));
	});
}

#[test]
fn operator_links_the_first_key_of_a_pending_participant() {
	run(|| {
		let (space, _) = setup();
		assert_ok!(IdentityRegistry::register_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			space,
			NewSubject::Person { id_digest: digest(1) },
			b"person".to_vec(),
			None,
		));
		let person = identity_id(&IdentityKey::Person(digest(1)));
		assert!(keys(person).is_empty());
		assert_ok!(IdentityRegistry::add_key(RuntimeOrigin::signed(OPERATOR_A), person, 102));
		assert_eq!(keys(person), vec![102]);
		assert_eq!(IdentityRegistry::identity_of(&102), Some(person));
		// Its own key cannot manage keys while it is pending.
		assert_noop!(
			IdentityRegistry::add_key(RuntimeOrigin::signed(102), person, 103),
			Error::<Test>::IdentityNotActive
		);
	});
}

#[test]
fn identity_unlinks_a_key() {
	run(|| {
		let (_, id) = setup();
		assert_ok!(IdentityRegistry::add_key(RuntimeOrigin::signed(HUAWEI_KEY), id, 101));
		assert_ok!(IdentityRegistry::remove_key(RuntimeOrigin::signed(HUAWEI_KEY), id, 101));
		assert_eq!(last_event(), Event::KeyRemoved { id, account: 101 });
		assert_eq!(keys(id), vec![HUAWEI_KEY]);
		assert_eq!(IdentityRegistry::identity_of(&101), None);
		assert_eq!(
			last_entries(id, 1),
			vec![HistoryEntry {
				change: Change::KeyRemoved { account: 101 },
				actor: Actor::Account(HUAWEI_KEY),
				reason: Digest::zero(),
				at: 1,
			}]
		);
		// The removed key stops signing at once.
		assert_noop!(
			IdentityRegistry::request_role(RuntimeOrigin::signed(101), Role::Provider),
			Error::<Test>::NotAuthorized
		);
		// And it is free to be linked again.
		assert_ok!(IdentityRegistry::add_key(RuntimeOrigin::signed(OPERATOR_A), id, 101));
	});
}

#[test]
fn identity_unlinks_the_key_it_signs_with() {
	run(|| {
		let (_, id) = setup();
		assert_ok!(IdentityRegistry::add_key(RuntimeOrigin::signed(HUAWEI_KEY), id, 101));
		assert_ok!(IdentityRegistry::remove_key(RuntimeOrigin::signed(HUAWEI_KEY), id, HUAWEI_KEY));
		assert_eq!(keys(id), vec![101]);
		assert_noop!(
			IdentityRegistry::add_key(RuntimeOrigin::signed(HUAWEI_KEY), id, 102),
			Error::<Test>::NotAuthorized
		);
	});
}

#[test]
fn operator_unlinks_a_key_of_a_frozen_identity() {
	run(|| {
		let (_, id) = setup();
		freeze(id);
		assert_ok!(IdentityRegistry::remove_key(RuntimeOrigin::signed(OPERATOR_A), id, HUAWEI_KEY));
		assert_eq!(last_event(), Event::KeyRemoved { id, account: HUAWEI_KEY });
		assert!(keys(id).is_empty());
		assert_eq!(IdentityRegistry::identity_of(&HUAWEI_KEY), None);
		assert_eq!(last_entries(id, 1)[0].actor, Actor::Account(OPERATOR_A));
	});
}

#[test]
fn identity_rotates_its_own_key_away() {
	run(|| {
		let (_, id) = setup();
		assert_ok!(IdentityRegistry::rotate_key(
			RuntimeOrigin::signed(HUAWEI_KEY),
			id,
			HUAWEI_KEY,
			200
		));
		System::assert_has_event(Event::KeyRemoved { id, account: HUAWEI_KEY }.into());
		assert_eq!(last_event(), Event::KeyAdded { id, account: 200 });
		assert_eq!(keys(id), vec![200]);
		assert_eq!(
			last_entries(id, 2),
			vec![
				HistoryEntry {
					change: Change::KeyRemoved { account: HUAWEI_KEY },
					actor: Actor::Account(HUAWEI_KEY),
					reason: Digest::zero(),
					at: 1,
				},
				HistoryEntry {
					change: Change::KeyAdded { account: 200 },
					actor: Actor::Account(HUAWEI_KEY),
					reason: Digest::zero(),
					at: 1,
				},
			]
		);
		// The old key stops working at once; the new one signs for the same identity.
		assert_eq!(IdentityRegistry::identity_of(&HUAWEI_KEY), None);
		assert_eq!(IdentityRegistry::identity_of(&200), Some(id));
		assert_noop!(
			IdentityRegistry::request_role(RuntimeOrigin::signed(HUAWEI_KEY), Role::Provider),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			IdentityRegistry::rotate_key(RuntimeOrigin::signed(HUAWEI_KEY), id, 200, HUAWEI_KEY),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(IdentityRegistry::request_role(RuntimeOrigin::signed(200), Role::Provider));
	});
}

#[test]
fn operator_rotates_a_key_in_place() {
	run(|| {
		let (_, id) = setup();
		assert_ok!(IdentityRegistry::add_key(RuntimeOrigin::signed(OPERATOR_A), id, 101));
		assert_ok!(IdentityRegistry::rotate_key(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			HUAWEI_KEY,
			200
		));
		assert_eq!(keys(id), vec![200, 101]);
		assert_eq!(IdentityRegistry::identity_of(&HUAWEI_KEY), None);
		assert_eq!(IdentityRegistry::identity_of(&200), Some(id));
		assert_eq!(IdentityRegistry::identity_of(&101), Some(id));
		let entries = last_entries(id, 2);
		assert!(entries.iter().all(|entry| entry.actor == Actor::Account(OPERATOR_A)));
		assert_noop!(
			IdentityRegistry::request_role(RuntimeOrigin::signed(HUAWEI_KEY), Role::User),
			Error::<Test>::NotAuthorized
		);
	});
}

#[test]
fn linking_a_key_in_use_fails() {
	run(|| {
		let (space, id) = setup();
		active_space(OPERATOR_B);
		active_org(space, OPERATOR_A, TENCENT, TENCENT_KEY);
		// Linked to another identity, linked to this one already, or operating a space.
		for key in [TENCENT_KEY, HUAWEI_KEY, OPERATOR_A, OPERATOR_B] {
			assert_noop!(
				IdentityRegistry::add_key(RuntimeOrigin::signed(HUAWEI_KEY), id, key),
				Error::<Test>::KeyInUse
			);
		}
		assert_eq!(IdentityRegistry::identity_of(&TENCENT_KEY), Some(org_id(TENCENT)));
	});
}

#[test]
fn rotating_to_a_key_in_use_fails() {
	run(|| {
		let (space, id) = setup();
		active_space(OPERATOR_B);
		active_org(space, OPERATOR_A, TENCENT, TENCENT_KEY);
		assert_ok!(IdentityRegistry::add_key(RuntimeOrigin::signed(HUAWEI_KEY), id, 101));
		for new in [TENCENT_KEY, 101, OPERATOR_A, OPERATOR_B] {
			assert_noop!(
				IdentityRegistry::rotate_key(
					RuntimeOrigin::signed(OPERATOR_A),
					id,
					HUAWEI_KEY,
					new
				),
				Error::<Test>::KeyInUse
			);
		}
	});
}

#[test]
fn linking_more_than_max_keys_fails() {
	run(|| {
		let (_, id) = setup();
		assert_ok!(IdentityRegistry::add_key(RuntimeOrigin::signed(HUAWEI_KEY), id, 101));
		assert_ok!(IdentityRegistry::add_key(RuntimeOrigin::signed(HUAWEI_KEY), id, 102));
		assert_eq!(keys(id).len(), 3);
		assert_noop!(
			IdentityRegistry::add_key(RuntimeOrigin::signed(HUAWEI_KEY), id, 103),
			Error::<Test>::TooManyKeys
		);
		assert_noop!(
			IdentityRegistry::add_key(RuntimeOrigin::signed(OPERATOR_A), id, 103),
			Error::<Test>::TooManyKeys
		);
		// Rotating keeps the count, so it still works with all slots taken.
		assert_ok!(IdentityRegistry::rotate_key(RuntimeOrigin::signed(HUAWEI_KEY), id, 102, 103));
		assert_eq!(keys(id), vec![HUAWEI_KEY, 101, 103]);
	});
}

#[test]
fn managing_keys_of_an_unknown_identity_fails() {
	run(|| {
		setup();
		let unknown = org_id(TENCENT);
		let operator = RuntimeOrigin::signed(OPERATOR_A);
		assert_noop!(
			IdentityRegistry::add_key(operator.clone(), unknown, 101),
			Error::<Test>::NotFound
		);
		assert_noop!(
			IdentityRegistry::remove_key(operator.clone(), unknown, HUAWEI_KEY),
			Error::<Test>::NotFound
		);
		assert_noop!(
			IdentityRegistry::rotate_key(operator, unknown, HUAWEI_KEY, 101),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn removing_or_rotating_a_key_not_linked_fails() {
	run(|| {
		let (space, id) = setup();
		active_org(space, OPERATOR_A, TENCENT, TENCENT_KEY);
		let signer = RuntimeOrigin::signed(HUAWEI_KEY);
		// Another identity's key, and nobody's key.
		for key in [TENCENT_KEY, 555] {
			assert_noop!(
				IdentityRegistry::remove_key(signer.clone(), id, key),
				Error::<Test>::NotFound
			);
		}
		assert_noop!(
			IdentityRegistry::rotate_key(signer.clone(), id, 555, 556),
			Error::<Test>::NotFound
		);
		assert_noop!(
			IdentityRegistry::rotate_key(signer, id, TENCENT_KEY, 556),
			Error::<Test>::NotFound
		);
		assert_eq!(IdentityRegistry::identity_of(&TENCENT_KEY), Some(org_id(TENCENT)));
	});
}

#[test]
fn strangers_and_other_operators_cannot_manage_keys() {
	run(|| {
		let (space, id) = setup();
		active_space(OPERATOR_B);
		active_org(space, OPERATOR_A, TENCENT, TENCENT_KEY);
		// A stranger, the operator of another space, and a key of another identity.
		for who in [STRANGER, OPERATOR_B, TENCENT_KEY] {
			let origin = RuntimeOrigin::signed(who);
			assert_noop!(
				IdentityRegistry::add_key(origin.clone(), id, 101),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				IdentityRegistry::remove_key(origin.clone(), id, HUAWEI_KEY),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				IdentityRegistry::rotate_key(origin, id, HUAWEI_KEY, 101),
				Error::<Test>::NotAuthorized
			);
		}
		for origin in [RuntimeOrigin::root(), RuntimeOrigin::none()] {
			assert_noop!(IdentityRegistry::add_key(origin, id, 101), BadOrigin);
		}
	});
}

#[test]
fn keys_of_a_revoked_participant_stay_linked_and_cannot_change() {
	run(|| {
		let (_, id) = setup();
		assert_ok!(IdentityRegistry::revoke_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			digest(5)
		));
		let operator = RuntimeOrigin::signed(OPERATOR_A);
		assert_noop!(
			IdentityRegistry::add_key(operator.clone(), id, 101),
			Error::<Test>::InvalidTransition
		);
		assert_noop!(
			IdentityRegistry::remove_key(operator.clone(), id, HUAWEI_KEY),
			Error::<Test>::InvalidTransition
		);
		assert_noop!(
			IdentityRegistry::rotate_key(operator, id, HUAWEI_KEY, 101),
			Error::<Test>::InvalidTransition
		);
		// Its own key may not act at all.
		assert_noop!(
			IdentityRegistry::add_key(RuntimeOrigin::signed(HUAWEI_KEY), id, 101),
			Error::<Test>::IdentityNotActive
		);
		// The key stays linked, so it cannot be reused for another identity.
		assert_eq!(IdentityRegistry::identity_of(&HUAWEI_KEY), Some(id));
		assert!(!IdentityRegistry::is_active(&id));
	});
}

#[test]
fn own_key_of_a_frozen_identity_cannot_manage_keys() {
	run(|| {
		let (_, id) = setup();
		freeze(id);
		let signer = RuntimeOrigin::signed(HUAWEI_KEY);
		assert_noop!(
			IdentityRegistry::add_key(signer.clone(), id, 101),
			Error::<Test>::IdentityNotActive
		);
		assert_noop!(
			IdentityRegistry::remove_key(signer.clone(), id, HUAWEI_KEY),
			Error::<Test>::IdentityNotActive
		);
		assert_noop!(
			IdentityRegistry::rotate_key(signer, id, HUAWEI_KEY, 101),
			Error::<Test>::IdentityNotActive
		);
		// Its operator still can.
		assert_ok!(IdentityRegistry::add_key(RuntimeOrigin::signed(OPERATOR_A), id, 101));
	});
}

#[test]
fn keys_cannot_change_while_the_space_is_suspended() {
	run(|| {
		let (space, id) = setup();
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), space, digest(2)));
		assert_noop!(
			IdentityRegistry::add_key(RuntimeOrigin::signed(OPERATOR_A), id, 101),
			Error::<Test>::SpaceNotActive
		);
		assert_noop!(
			IdentityRegistry::rotate_key(RuntimeOrigin::signed(OPERATOR_A), id, HUAWEI_KEY, 101),
			Error::<Test>::SpaceNotActive
		);
		assert_noop!(
			IdentityRegistry::add_key(RuntimeOrigin::signed(HUAWEI_KEY), id, 101),
			Error::<Test>::IdentityNotActive
		);
	});
}
