//! `verify_participant`: verification sources, compliance materials, expiry and re-verification.

use crate::{mock::*, *};
use frame::testing_prelude::*;

fn pending_org(space: SpaceId, uscc: &[u8], key: u64) -> IdentityId {
	assert_ok!(IdentityRegistry::register_participant(
		RuntimeOrigin::signed(OPERATOR_A),
		space,
		organisation(uscc),
		b"org".to_vec(),
		Some(key),
	));
	org_id(uscc)
}

#[test]
fn official_verification_activates() {
	run(|| {
		let space = active_space(OPERATOR_A);
		let id = pending_org(space, HUAWEI, 100);
		assert_ok!(IdentityRegistry::verify_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			official()
		));
		System::assert_has_event(
			Event::ParticipantVerified { id, source: VerificationSource::Official }.into(),
		);
		assert_eq!(
			last_event(),
			Event::ParticipantStatusChanged {
				id,
				from: ParticipantStatus::Pending,
				to: ParticipantStatus::Active,
				actor: Actor::Account(OPERATOR_A),
				reason: Digest::zero(),
			}
		);
		assert_eq!(<IdentityRegistry as IdentityInspect<u64>>::active_identity_of(&100), Some(id));
		assert_eq!(
			announced().last(),
			Some(&Announcement::Participant(
				id,
				ParticipantStatus::Pending,
				ParticipantStatus::Active
			))
		);
	});
}

#[test]
fn third_party_and_self_built_need_compliance_materials() {
	run(|| {
		let space = active_space(OPERATOR_A);
		let id = pending_org(space, HUAWEI, 100);
		for source in [VerificationSource::ThirdParty, VerificationSource::SelfBuilt] {
			let mut verification = self_built_with_materials();
			verification.source = source;
			verification.materials = None;
			assert_noop!(
				IdentityRegistry::verify_participant(
					RuntimeOrigin::signed(OPERATOR_A),
					id,
					verification
				),
				Error::<Test>::MissingComplianceMaterials
			);
		}
		assert_ok!(IdentityRegistry::verify_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			self_built_with_materials()
		));
		let record = Participants::<Test>::get(id).unwrap();
		let materials = record.verification.unwrap().materials.unwrap();
		assert_eq!(materials.commitment_letter, digest(0xb3));
		// An authoritative issuer needs no materials.
		let other = pending_org(space, TENCENT, 101);
		let mut verification = official();
		verification.source = VerificationSource::AuthoritativeIssuer;
		assert_ok!(IdentityRegistry::verify_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			other,
			verification
		));
	});
}

#[test]
fn verification_must_not_have_lapsed_and_follows_the_state_machine() {
	run(|| {
		let space = active_space(OPERATOR_A);
		let id = pending_org(space, HUAWEI, 100);
		let mut lapsed = official();
		lapsed.valid_until = Some(NOW);
		assert_noop!(
			IdentityRegistry::verify_participant(RuntimeOrigin::signed(OPERATOR_A), id, lapsed),
			Error::<Test>::InvalidVerification
		);
		assert_noop!(
			IdentityRegistry::verify_participant(
				RuntimeOrigin::signed(OPERATOR_A),
				digest(9),
				official()
			),
			Error::<Test>::NotFound
		);
		assert_noop!(
			IdentityRegistry::verify_participant(RuntimeOrigin::signed(OPERATOR_B), id, official()),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(IdentityRegistry::verify_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			official()
		));
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			digest(1)
		));
		// A frozen participant is unfrozen, not re-verified.
		assert_noop!(
			IdentityRegistry::verify_participant(RuntimeOrigin::signed(OPERATOR_A), id, official()),
			Error::<Test>::InvalidTransition
		);
		assert_ok!(IdentityRegistry::revoke_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			digest(2)
		));
		assert_noop!(
			IdentityRegistry::verify_participant(RuntimeOrigin::signed(OPERATOR_A), id, official()),
			Error::<Test>::InvalidTransition
		);
	});
}

#[test]
fn a_lapsed_verification_expires_the_identity_until_re_verified() {
	run(|| {
		let space = active_space(OPERATOR_A);
		let id = pending_org(space, HUAWEI, 100);
		let mut short = official();
		short.valid_until = Some(NOW + DAY);
		assert_ok!(IdentityRegistry::verify_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			short
		));
		assert!(<IdentityRegistry as IdentityInspect<u64>>::is_active(&id));
		set_time(NOW + DAY);
		assert_eq!(
			<IdentityRegistry as IdentityInspect<u64>>::status(&id),
			Some(ParticipantStatus::Expired)
		);
		assert_eq!(
			<IdentityRegistry as IdentityInspect<u64>>::standing(&id),
			Err(Inactive::Status(ParticipantStatus::Expired))
		);
		let mut renewed = official();
		renewed.valid_until = Some(NOW + 400 * DAY);
		assert_ok!(IdentityRegistry::verify_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			renewed
		));
		assert_eq!(
			last_event(),
			Event::ParticipantStatusChanged {
				id,
				from: ParticipantStatus::Expired,
				to: ParticipantStatus::Active,
				actor: Actor::Account(OPERATOR_A),
				reason: Digest::zero(),
			}
		);
		assert!(<IdentityRegistry as IdentityInspect<u64>>::is_active(&id));
	});
}
