//! Freeze, unfreeze and revoke: by the participant's own operator or by a regulator.

use crate::{mock::*, *};
use frame::testing_prelude::*;

#[test]
fn the_operator_freezes_unfreezes_and_revokes_its_own_participant() {
	run(|| {
		let space = active_space(OPERATOR_A);
		let id = active_org(space, OPERATOR_A, HUAWEI, 100);
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			digest(1)
		));
		assert_eq!(
			last_event(),
			Event::ParticipantStatusChanged {
				id,
				from: ParticipantStatus::Active,
				to: ParticipantStatus::Frozen,
				actor: Actor::Account(OPERATOR_A),
				reason: digest(1),
			}
		);
		assert_eq!(<IdentityRegistry as IdentityInspect<u64>>::active_identity_of(&100), None);
		assert_noop!(
			IdentityRegistry::freeze_participant(RuntimeOrigin::signed(OPERATOR_A), id, digest(1)),
			Error::<Test>::InvalidTransition
		);
		assert_ok!(IdentityRegistry::unfreeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			digest(2)
		));
		assert_eq!(<IdentityRegistry as IdentityInspect<u64>>::active_identity_of(&100), Some(id));
		assert_noop!(
			IdentityRegistry::unfreeze_participant(
				RuntimeOrigin::signed(OPERATOR_A),
				id,
				digest(2)
			),
			Error::<Test>::InvalidTransition
		);
		assert_ok!(IdentityRegistry::revoke_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			digest(3)
		));
		// Revoked is terminal.
		for result in [
			IdentityRegistry::unfreeze_participant(
				RuntimeOrigin::signed(OPERATOR_A),
				id,
				digest(4),
			),
			IdentityRegistry::freeze_participant(RuntimeOrigin::signed(OPERATOR_A), id, digest(4)),
			IdentityRegistry::revoke_participant(RuntimeOrigin::signed(OPERATOR_A), id, digest(4)),
		] {
			assert_eq!(result, Err(Error::<Test>::InvalidTransition.into()));
		}
		// Its key stays linked, and refused.
		assert_eq!(KeyOwner::<Test>::get(100), Some(id));
		assert_eq!(
			<IdentityRegistry as IdentityInspect<u64>>::standing(&id),
			Err(Inactive::Status(ParticipantStatus::Revoked))
		);
		// The history holds every change with actor, reason and block.
		let history = full_history(HistoryKey::Participant(id));
		let statuses: Vec<_> = history
			.iter()
			.filter_map(|entry| match entry.change {
				Change::ParticipantStatus { from, to } => Some((from, to, entry.reason)),
				_ => None,
			})
			.collect();
		use ParticipantStatus::*;
		assert_eq!(
			statuses,
			vec![
				(Pending, Pending, Digest::zero()),
				(Pending, Active, Digest::zero()),
				(Active, Frozen, digest(1)),
				(Frozen, Active, digest(2)),
				(Active, Revoked, digest(3)),
			]
		);
		assert!(history.iter().all(|entry| entry.at == 1));
	});
}

#[test]
fn an_operator_cannot_act_outside_its_space() {
	run(|| {
		let a = active_space(OPERATOR_A);
		active_space(OPERATOR_B);
		let id = active_org(a, OPERATOR_A, HUAWEI, 100);
		for call in [
			IdentityRegistry::freeze_participant(RuntimeOrigin::signed(OPERATOR_B), id, digest(1)),
			IdentityRegistry::revoke_participant(RuntimeOrigin::signed(OPERATOR_B), id, digest(1)),
			IdentityRegistry::freeze_participant(RuntimeOrigin::signed(STRANGER), id, digest(1)),
			// The participant cannot freeze or revoke itself either.
			IdentityRegistry::revoke_participant(RuntimeOrigin::signed(100), id, digest(1)),
		] {
			assert_eq!(call, Err(Error::<Test>::NotAuthorized.into()));
		}
		assert_noop!(
			IdentityRegistry::freeze_participant(RuntimeOrigin::root(), id, digest(1)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			IdentityRegistry::freeze_participant(
				RuntimeOrigin::signed(OPERATOR_A),
				digest(7),
				digest(1)
			),
			Error::<Test>::NotFound
		);
		assert!(<IdentityRegistry as IdentityInspect<u64>>::is_active(&id));
	});
}

#[test]
fn a_regulator_freezes_unfreezes_and_revokes_any_participant() {
	run(|| {
		let a = active_space(OPERATOR_A);
		let id = active_org(a, OPERATOR_A, HUAWEI, 100);
		let regulator_key = 500;
		regulator(regulator_key);
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(regulator_key),
			id,
			digest(6)
		));
		assert_eq!(
			last_event(),
			Event::ParticipantStatusChanged {
				id,
				from: ParticipantStatus::Active,
				to: ParticipantStatus::Frozen,
				actor: Actor::Account(regulator_key),
				reason: digest(6),
			}
		);
		assert_ok!(IdentityRegistry::unfreeze_participant(
			RuntimeOrigin::signed(regulator_key),
			id,
			digest(7)
		));
		// A regulator acts even when the participant's space is suspended (its operator can't).
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), a, digest(8)));
		assert_noop!(
			IdentityRegistry::freeze_participant(RuntimeOrigin::signed(OPERATOR_A), id, digest(1)),
			Error::<Test>::SpaceNotActive
		);
		assert_ok!(IdentityRegistry::revoke_participant(
			RuntimeOrigin::signed(regulator_key),
			id,
			digest(9)
		));
		assert_eq!(
			<IdentityRegistry as IdentityInspect<u64>>::status(&id),
			Some(ParticipantStatus::Revoked)
		);
	});
}

#[test]
fn a_dismissed_or_frozen_regulator_loses_its_powers() {
	run(|| {
		let a = active_space(OPERATOR_A);
		let id = active_org(a, OPERATOR_A, HUAWEI, 100);
		let regulator_key = 500;
		let regulator_id = regulator(regulator_key);
		assert_ok!(IdentityRegistry::dismiss(RuntimeOrigin::root(), regulator_id, Role::Regulator));
		assert_noop!(
			IdentityRegistry::freeze_participant(
				RuntimeOrigin::signed(regulator_key),
				id,
				digest(1)
			),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(IdentityRegistry::appoint(RuntimeOrigin::root(), regulator_id, Role::Regulator));
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(regulator_key + 1000),
			regulator_id,
			digest(2)
		));
		assert_noop!(
			IdentityRegistry::freeze_participant(
				RuntimeOrigin::signed(regulator_key),
				id,
				digest(1)
			),
			Error::<Test>::NotAuthorized
		);
	});
}

#[test]
fn a_suspended_space_stops_its_participants_and_announces_it() {
	run(|| {
		let a = active_space(OPERATOR_A);
		let id = active_org(a, OPERATOR_A, HUAWEI, 100);
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), a, digest(1)));
		assert_eq!(
			<IdentityRegistry as IdentityInspect<u64>>::standing(&id),
			Err(Inactive::SpaceNotActive)
		);
		// Its own status is unchanged: reinstating the space restores it.
		assert_eq!(
			<IdentityRegistry as IdentityInspect<u64>>::status(&id),
			Some(ParticipantStatus::Active)
		);
		assert_eq!(
			announced().last(),
			Some(&Announcement::Space(a, SpaceStatus::Active, SpaceStatus::Suspended))
		);
		assert_ok!(IdentityRegistry::reinstate_space(RuntimeOrigin::root(), a, digest(2)));
		assert!(<IdentityRegistry as IdentityInspect<u64>>::is_active(&id));
	});
}
