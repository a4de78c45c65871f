//! Spaces: filing, the council's decisions, the regulator's suspension, renewal, level and
//! operators.

use crate::{mock::*, *};
use frame::testing_prelude::*;

fn file(operators: Vec<u64>) -> SpaceId {
	let space = NextSpaceId::<Test>::get();
	assert_ok!(IdentityRegistry::file_space(
		RuntimeOrigin::signed(COUNCIL_MEMBER),
		b"Medical insurance data space".to_vec(),
		SpaceType::Industry,
		operators,
		vec![qualification(365)],
	));
	space
}

#[test]
fn a_council_member_files_a_space_that_starts_filed() {
	run(|| {
		let space = file(vec![OPERATOR_A, OPERATOR_B]);
		assert_eq!(space, 0);
		assert_eq!(last_event(), Event::SpaceFiled { space, by: COUNCIL_MEMBER });
		let record = Spaces::<Test>::get(space).unwrap();
		assert_eq!(record.status, SpaceStatus::Filed);
		assert_eq!(record.operators.to_vec(), vec![OPERATOR_A, OPERATOR_B]);
		assert_eq!(record.space_type, SpaceType::Industry);
		assert_eq!(OperatorOf::<Test>::get(OPERATOR_B), Some(space));
		assert_eq!(NextSpaceId::<Test>::get(), 1);
		// A filed space's operators may not act yet.
		assert_eq!(<IdentityRegistry as IdentityInspect<u64>>::operated_space(&OPERATOR_A), None);
	});
}

#[test]
fn filing_refuses_bad_input_and_changes_nothing() {
	run(|| {
		let name = b"space".to_vec();
		let file = |origin, name: Vec<u8>, operators: Vec<u64>, qualifications| {
			IdentityRegistry::file_space(origin, name, SpaceType::City, operators, qualifications)
		};
		let q = || vec![qualification(365)];
		assert_noop!(
			file(RuntimeOrigin::signed(STRANGER), name.clone(), vec![OPERATOR_A], q()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			file(RuntimeOrigin::root(), name.clone(), vec![OPERATOR_A], q()),
			DispatchError::BadOrigin
		);
		let signed = || RuntimeOrigin::signed(COUNCIL_MEMBER);
		assert_noop!(
			file(signed(), vec![b'x'; 33], vec![OPERATOR_A], q()),
			Error::<Test>::NameTooLong
		);
		assert_noop!(file(signed(), name.clone(), vec![], q()), Error::<Test>::Empty);
		assert_noop!(
			file(signed(), name.clone(), vec![1, 2, 3, 4], q()),
			Error::<Test>::TooManyOperators
		);
		assert_noop!(
			file(signed(), name.clone(), vec![OPERATOR_A, OPERATOR_A], q()),
			Error::<Test>::KeyInUse
		);
		assert_noop!(file(signed(), name.clone(), vec![OPERATOR_A], vec![]), Error::<Test>::Empty);
		assert_noop!(
			file(signed(), name.clone(), vec![OPERATOR_A], vec![qualification(1); 4]),
			Error::<Test>::TooManyQualifications
		);
		let mut failed = qualification(365);
		failed.verdict = Verdict::Fail;
		assert_noop!(
			file(signed(), name.clone(), vec![OPERATOR_A], vec![failed]),
			Error::<Test>::InvalidQualification
		);
		let mut lapsed = qualification(365);
		lapsed.valid_until = NOW;
		assert_noop!(
			file(signed(), name.clone(), vec![OPERATOR_A], vec![lapsed]),
			Error::<Test>::InvalidQualification
		);
		let mut empty_period = qualification(365);
		empty_period.valid_from = empty_period.valid_until;
		assert_noop!(
			file(signed(), name.clone(), vec![OPERATOR_A], vec![empty_period]),
			Error::<Test>::InvalidQualification
		);
		// An operator of one space cannot operate another, nor can a linked key.
		file_ok(OPERATOR_A);
		assert_noop!(file(signed(), name.clone(), vec![OPERATOR_A], q()), Error::<Test>::KeyInUse);
	});
}

fn file_ok(operator: u64) -> SpaceId {
	file(vec![operator])
}

#[test]
fn the_council_approves_suspends_reinstates_and_revokes() {
	run(|| {
		let space = file_ok(OPERATOR_A);
		assert_noop!(
			IdentityRegistry::approve_space(
				RuntimeOrigin::signed(COUNCIL_MEMBER),
				space,
				digest(1)
			),
			DispatchError::BadOrigin
		);
		assert_ok!(IdentityRegistry::approve_space(RuntimeOrigin::root(), space, digest(1)));
		assert_eq!(
			last_event(),
			Event::SpaceStatusChanged {
				space,
				from: SpaceStatus::Filed,
				to: SpaceStatus::Active,
				actor: Actor::Council,
				reason: digest(1),
			}
		);
		assert_eq!(
			<IdentityRegistry as IdentityInspect<u64>>::operated_space(&OPERATOR_A),
			Some(space)
		);
		assert_noop!(
			IdentityRegistry::approve_space(RuntimeOrigin::root(), space, digest(1)),
			Error::<Test>::InvalidTransition
		);
		assert_noop!(
			IdentityRegistry::reinstate_space(RuntimeOrigin::root(), space, digest(2)),
			Error::<Test>::InvalidTransition
		);
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), space, digest(2)));
		assert_eq!(Spaces::<Test>::get(space).unwrap().status, SpaceStatus::Suspended);
		assert_eq!(<IdentityRegistry as IdentityInspect<u64>>::operated_space(&OPERATOR_A), None);
		assert_noop!(
			IdentityRegistry::suspend_space(RuntimeOrigin::root(), space, digest(2)),
			Error::<Test>::InvalidTransition
		);
		assert_noop!(
			IdentityRegistry::reinstate_space(RuntimeOrigin::signed(OPERATOR_A), space, digest(3)),
			DispatchError::BadOrigin
		);
		assert_ok!(IdentityRegistry::reinstate_space(RuntimeOrigin::root(), space, digest(3)));
		assert_ok!(IdentityRegistry::revoke_space(RuntimeOrigin::root(), space, digest(4)));
		assert_noop!(
			IdentityRegistry::revoke_space(RuntimeOrigin::root(), space, digest(4)),
			Error::<Test>::InvalidTransition
		);
		assert_noop!(
			IdentityRegistry::approve_space(RuntimeOrigin::root(), 7, digest(1)),
			Error::<Test>::NotFound
		);
		// Every change is in the space's history, with its actor and reason, and was announced.
		let history = full_history(HistoryKey::Space(space));
		let changes: Vec<_> = history.iter().map(|entry| entry.change.clone()).collect();
		use SpaceStatus::*;
		assert_eq!(
			changes,
			vec![
				Change::SpaceStatus { from: Filed, to: Filed },
				Change::SpaceStatus { from: Filed, to: Active },
				Change::SpaceStatus { from: Active, to: Suspended },
				Change::SpaceStatus { from: Suspended, to: Active },
				Change::SpaceStatus { from: Active, to: Revoked },
			]
		);
		assert_eq!(history[0].actor, Actor::Account(COUNCIL_MEMBER));
		assert_eq!(history[4].reason, digest(4));
		assert_eq!(
			announced(),
			vec![
				Announcement::Space(space, Filed, Active),
				Announcement::Space(space, Active, Suspended),
				Announcement::Space(space, Suspended, Active),
				Announcement::Space(space, Active, Revoked),
			]
		);
	});
}

#[test]
fn a_regulator_suspends_any_space_but_others_cannot() {
	run(|| {
		let space = active_space(OPERATOR_A);
		let regulator_key = 500;
		regulator(regulator_key);
		assert_noop!(
			IdentityRegistry::suspend_space(RuntimeOrigin::signed(OPERATOR_A), space, digest(9)),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			IdentityRegistry::suspend_space(RuntimeOrigin::signed(STRANGER), space, digest(9)),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			IdentityRegistry::suspend_space(RuntimeOrigin::none(), space, digest(9)),
			DispatchError::BadOrigin
		);
		assert_ok!(IdentityRegistry::suspend_space(
			RuntimeOrigin::signed(regulator_key),
			space,
			digest(9)
		));
		assert_eq!(
			last_event(),
			Event::SpaceStatusChanged {
				space,
				from: SpaceStatus::Active,
				to: SpaceStatus::Suspended,
				actor: Actor::Account(regulator_key),
				reason: digest(9),
			}
		);
		// A regulator cannot reinstate: only the council can.
		assert_noop!(
			IdentityRegistry::reinstate_space(
				RuntimeOrigin::signed(regulator_key),
				space,
				digest(9)
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_lapsed_qualification_expires_the_space_and_renewal_restores_it() {
	run(|| {
		let space = NextSpaceId::<Test>::get();
		assert_ok!(IdentityRegistry::file_space(
			RuntimeOrigin::signed(COUNCIL_MEMBER),
			b"city".to_vec(),
			SpaceType::City,
			vec![OPERATOR_A],
			vec![qualification(365), qualification(1)],
		));
		assert_ok!(IdentityRegistry::approve_space(RuntimeOrigin::root(), space, digest(1)));
		assert_eq!(IdentityRegistry::space_info(space).unwrap().status, SpaceStatus::Active);
		// Nobody calls anything: time passes the shorter validity.
		set_time(NOW + 2 * DAY);
		assert_eq!(IdentityRegistry::space_info(space).unwrap().status, SpaceStatus::Expired);
		assert_eq!(<IdentityRegistry as IdentityInspect<u64>>::operated_space(&OPERATOR_A), None);
		// The operator of an expired space cannot act.
		assert_noop!(
			IdentityRegistry::register_participant(
				RuntimeOrigin::signed(OPERATOR_A),
				space,
				organisation(HUAWEI),
				b"Huawei".to_vec(),
				None,
			),
			Error::<Test>::SpaceNotActive
		);
		assert_noop!(
			IdentityRegistry::renew_space_qualifications(
				RuntimeOrigin::signed(COUNCIL_MEMBER),
				space,
				vec![qualification(365)],
				digest(5)
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			IdentityRegistry::renew_space_qualifications(
				RuntimeOrigin::root(),
				space,
				vec![],
				digest(5)
			),
			Error::<Test>::Empty
		);
		assert_noop!(
			IdentityRegistry::renew_space_qualifications(
				RuntimeOrigin::root(),
				9,
				vec![qualification(365)],
				digest(5)
			),
			Error::<Test>::NotFound
		);
		assert_ok!(IdentityRegistry::renew_space_qualifications(
			RuntimeOrigin::root(),
			space,
			vec![qualification(365)],
			digest(5)
		));
		assert_eq!(
			last_event(),
			Event::SpaceStatusChanged {
				space,
				from: SpaceStatus::Expired,
				to: SpaceStatus::Active,
				actor: Actor::Council,
				reason: digest(5),
			}
		);
		assert_eq!(IdentityRegistry::space_info(space).unwrap().status, SpaceStatus::Active);
		// A revoked space cannot be renewed.
		assert_ok!(IdentityRegistry::revoke_space(RuntimeOrigin::root(), space, digest(6)));
		assert_noop!(
			IdentityRegistry::renew_space_qualifications(
				RuntimeOrigin::root(),
				space,
				vec![qualification(365)],
				digest(5)
			),
			Error::<Test>::InvalidTransition
		);
	});
}

#[test]
fn level_changes_are_recorded() {
	run(|| {
		let space = active_space(OPERATOR_A);
		assert_noop!(
			IdentityRegistry::set_space_level(
				RuntimeOrigin::signed(OPERATOR_A),
				space,
				2,
				digest(1)
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			IdentityRegistry::set_space_level(RuntimeOrigin::root(), 5, 2, digest(1)),
			Error::<Test>::NotFound
		);
		assert_ok!(IdentityRegistry::set_space_level(RuntimeOrigin::root(), space, 3, digest(7)));
		assert_eq!(last_event(), Event::SpaceLevelChanged { space, from: 0, to: 3 });
		assert_ok!(IdentityRegistry::set_space_level(RuntimeOrigin::root(), space, 2, digest(8)));
		assert_eq!(last_event(), Event::SpaceLevelChanged { space, from: 3, to: 2 });
		let history = full_history(HistoryKey::Space(space))[2..].to_vec();
		assert_eq!(history[0].change, Change::SpaceLevel { from: 0, to: 3 });
		assert_eq!(history[1].change, Change::SpaceLevel { from: 3, to: 2 });
		assert_eq!(history[1].reason, digest(8));
		assert_ok!(IdentityRegistry::revoke_space(RuntimeOrigin::root(), space, digest(6)));
		assert_noop!(
			IdentityRegistry::set_space_level(RuntimeOrigin::root(), space, 1, digest(1)),
			Error::<Test>::InvalidTransition
		);
	});
}

#[test]
fn the_council_replaces_operators() {
	run(|| {
		let space = active_space(OPERATOR_A);
		let other = active_space(OPERATOR_B);
		assert_noop!(
			IdentityRegistry::set_space_operators(
				RuntimeOrigin::signed(OPERATOR_A),
				space,
				vec![11]
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			IdentityRegistry::set_space_operators(RuntimeOrigin::root(), space, vec![]),
			Error::<Test>::Empty
		);
		assert_noop!(
			IdentityRegistry::set_space_operators(
				RuntimeOrigin::root(),
				space,
				vec![11, 12, 13, 14]
			),
			Error::<Test>::TooManyOperators
		);
		assert_noop!(
			IdentityRegistry::set_space_operators(RuntimeOrigin::root(), space, vec![OPERATOR_B]),
			Error::<Test>::KeyInUse
		);
		assert_noop!(
			IdentityRegistry::set_space_operators(RuntimeOrigin::root(), 9, vec![11]),
			Error::<Test>::NotFound
		);
		assert_ok!(IdentityRegistry::set_space_operators(
			RuntimeOrigin::root(),
			space,
			vec![OPERATOR_A, 11]
		));
		assert_eq!(last_event(), Event::SpaceOperatorsChanged { space });
		assert_ok!(IdentityRegistry::set_space_operators(RuntimeOrigin::root(), space, vec![11]));
		assert_eq!(OperatorOf::<Test>::get(OPERATOR_A), None);
		assert_eq!(OperatorOf::<Test>::get(11), Some(space));
		assert_eq!(OperatorOf::<Test>::get(OPERATOR_B), Some(other));
		// The old operator lost its powers at once.
		assert_noop!(
			IdentityRegistry::register_participant(
				RuntimeOrigin::signed(OPERATOR_A),
				space,
				organisation(HUAWEI),
				b"Huawei".to_vec(),
				None,
			),
			Error::<Test>::NotAuthorized
		);
	});
}

#[test]
fn the_council_appoints_and_dismisses_regulators_and_auditors() {
	run(|| {
		let space = active_space(OPERATOR_A);
		let id = active_org(space, OPERATOR_A, HUAWEI, 100);
		assert_noop!(
			IdentityRegistry::appoint(RuntimeOrigin::signed(OPERATOR_A), id, Role::Auditor),
			DispatchError::BadOrigin
		);
		assert_noop!(
			IdentityRegistry::appoint(RuntimeOrigin::root(), id, Role::Provider),
			Error::<Test>::InvalidRole
		);
		assert_noop!(
			IdentityRegistry::appoint(RuntimeOrigin::root(), digest(3), Role::Auditor),
			Error::<Test>::NotFound
		);
		assert_ok!(IdentityRegistry::appoint(RuntimeOrigin::root(), id, Role::Auditor));
		assert_eq!(
			last_event(),
			Event::RoleGranted { id, role: Role::Auditor, actor: Actor::Council }
		);
		assert!(<IdentityRegistry as IdentityInspect<u64>>::has_role(&id, Role::Auditor));
		assert_noop!(
			IdentityRegistry::appoint(RuntimeOrigin::root(), id, Role::Auditor),
			Error::<Test>::AlreadyExists
		);
		assert_noop!(
			IdentityRegistry::dismiss(RuntimeOrigin::root(), id, Role::Regulator),
			Error::<Test>::NotFound
		);
		assert_noop!(
			IdentityRegistry::dismiss(RuntimeOrigin::root(), id, Role::User),
			Error::<Test>::InvalidRole
		);
		assert_ok!(IdentityRegistry::dismiss(RuntimeOrigin::root(), id, Role::Auditor));
		assert_eq!(
			last_event(),
			Event::RoleRevoked { id, role: Role::Auditor, actor: Actor::Council }
		);
		assert!(!<IdentityRegistry as IdentityInspect<u64>>::has_role(&id, Role::Auditor));
		// Only an identity that may act can be appointed.
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			digest(1)
		));
		assert_noop!(
			IdentityRegistry::appoint(RuntimeOrigin::root(), id, Role::Regulator),
			Error::<Test>::IdentityNotActive
		);
	});
}
