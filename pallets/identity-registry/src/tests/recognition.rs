//! `recognise_space`, `withdraw_recognition` and `verify_cross_space`: cross-space trust.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// The account Huawei signs with.
const HUAWEI_KEY: u64 = 100;

/// Space A (operated by [`OPERATOR_A`]) with Huawei active, and space B (operated by
/// [`OPERATOR_B`]); returns A, B and Huawei.
fn setup() -> (SpaceId, SpaceId, IdentityId) {
	let a = active_space(OPERATOR_A);
	let b = active_space(OPERATOR_B);
	(a, b, active_org(a, OPERATOR_A, HUAWEI, HUAWEI_KEY))
}

/// The minimal record of an organisation registered by the mock helpers in `home`.
fn record(uscc: &[u8], home: SpaceId, status: ParticipantStatus) -> MinimalRecord {
	MinimalRecord {
		name: b"org".to_vec(),
		uscc: Some(Uscc::parse(uscc).expect("a valid USCC")),
		id: org_id(uscc),
		home_space: home,
		status,
	}
}

/// The operator of `b` recognises space `a`.
fn recognise(b: SpaceId, a: SpaceId, minimum_source: Option<VerificationSource>) {
	assert_ok!(IdentityRegistry::recognise_space(
		RuntimeOrigin::signed(OPERATOR_B),
		b,
		a,
		minimum_source
	));
}

#[test]
fn identity_may_act_in_its_own_space() {
	run(|| {
		let (a, _, huawei) = setup();
		assert_eq!(
			IdentityRegistry::verify_cross_space(a, huawei),
			CrossSpaceVerdict::MayAct(MinimalRecord {
				name: b"org".to_vec(),
				uscc: Some(Uscc::parse(HUAWEI).unwrap()),
				id: huawei,
				home_space: a,
				status: ParticipantStatus::Active,
			})
		);
	});
}

#[test]
fn person_crosses_without_a_uscc() {
	run(|| {
		let (a, b, _) = setup();
		assert_ok!(IdentityRegistry::register_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			a,
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
		recognise(b, a, None);
		assert_eq!(
			IdentityRegistry::verify_cross_space(b, person),
			CrossSpaceVerdict::MayAct(MinimalRecord {
				name: b"person".to_vec(),
				uscc: None,
				id: person,
				home_space: a,
				status: ParticipantStatus::Active,
			})
		);
	});
}

#[test]
fn unrecognised_home_space_discloses_nothing() {
	run(|| {
		let (a, b, huawei) = setup();
		assert_eq!(
			IdentityRegistry::verify_cross_space(b, huawei),
			CrossSpaceVerdict::NotRecognised
		);
		// Unknown spaces and identities disclose nothing either.
		assert_eq!(
			IdentityRegistry::verify_cross_space(99, huawei),
			CrossSpaceVerdict::NotRecognised
		);
		assert_eq!(
			IdentityRegistry::verify_cross_space(a, org_id(TENCENT)),
			CrossSpaceVerdict::NotRecognised
		);
	});
}

#[test]
fn recognised_space_lets_its_identities_act() {
	run(|| {
		let (a, b, huawei) = setup();
		System::set_block_number(4);
		recognise(b, a, None);
		assert_eq!(
			last_event(),
			Event::SpaceRecognised { space: b, recognised: a, minimum_source: None }
		);
		assert_eq!(
			Recognitions::<Test>::get(b, a),
			Some(Recognition { minimum_source: None, since: 4 })
		);
		assert_eq!(
			IdentityRegistry::verify_cross_space(b, huawei),
			CrossSpaceVerdict::MayAct(record(HUAWEI, a, ParticipantStatus::Active))
		);
		// Recognition is one way: A does not recognise B.
		let tencent = active_org(b, OPERATOR_B, TENCENT, 300);
		assert_eq!(
			IdentityRegistry::verify_cross_space(a, tencent),
			CrossSpaceVerdict::NotRecognised
		);
		assert_eq!(Recognitions::<Test>::get(a, b), None);
	});
}

#[test]
fn frozen_identity_may_not_act_in_a_recognising_space() {
	run(|| {
		let (a, b, huawei) = setup();
		recognise(b, a, None);
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			huawei,
			digest(3)
		));
		let frozen = record(HUAWEI, a, ParticipantStatus::Frozen);
		assert_eq!(
			IdentityRegistry::verify_cross_space(b, huawei),
			CrossSpaceVerdict::MayNotAct(frozen.clone())
		);
		assert_eq!(
			IdentityRegistry::verify_cross_space(a, huawei),
			CrossSpaceVerdict::MayNotAct(frozen)
		);
	});
}

#[test]
fn identity_of_a_suspended_home_space_may_not_act() {
	run(|| {
		let (a, b, huawei) = setup();
		recognise(b, a, None);
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), a, digest(2)));
		// Its own status is still active: the home space is what stops it.
		assert_eq!(
			IdentityRegistry::verify_cross_space(b, huawei),
			CrossSpaceVerdict::MayNotAct(record(HUAWEI, a, ParticipantStatus::Active))
		);
	});
}

#[test]
fn nobody_may_act_in_a_suspended_recognising_space() {
	run(|| {
		let (a, b, huawei) = setup();
		recognise(b, a, None);
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), b, digest(2)));
		assert_eq!(
			IdentityRegistry::verify_cross_space(b, huawei),
			CrossSpaceVerdict::MayNotAct(record(HUAWEI, a, ParticipantStatus::Active))
		);
		// Its home space is unaffected.
		assert_eq!(
			IdentityRegistry::verify_cross_space(a, huawei),
			CrossSpaceVerdict::MayAct(record(HUAWEI, a, ParticipantStatus::Active))
		);
	});
}

#[test]
fn minimum_source_is_enforced() {
	run(|| {
		let (a, b, huawei) = setup();
		assert_ok!(IdentityRegistry::register_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			a,
			organisation(TENCENT),
			b"org".to_vec(),
			Some(300),
		));
		let tencent = org_id(TENCENT);
		assert_ok!(IdentityRegistry::verify_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			tencent,
			self_built_with_materials()
		));
		let active = record(TENCENT, a, ParticipantStatus::Active);

		recognise(b, a, Some(VerificationSource::AuthoritativeIssuer));
		assert_eq!(
			Recognitions::<Test>::get(b, a).map(|r| r.minimum_source),
			Some(Some(VerificationSource::AuthoritativeIssuer))
		);
		assert_eq!(
			IdentityRegistry::verify_cross_space(b, tencent),
			CrossSpaceVerdict::MayNotAct(active.clone())
		);
		// An official verification is stronger than the minimum.
		assert_eq!(
			IdentityRegistry::verify_cross_space(b, huawei),
			CrossSpaceVerdict::MayAct(record(HUAWEI, a, ParticipantStatus::Active))
		);
		// The minimum does not apply in the home space.
		assert_eq!(
			IdentityRegistry::verify_cross_space(a, tencent),
			CrossSpaceVerdict::MayAct(active.clone())
		);

		// Recognising again changes the minimum: any source.
		recognise(b, a, None);
		assert_eq!(
			last_event(),
			Event::SpaceRecognised { space: b, recognised: a, minimum_source: None }
		);
		assert_eq!(
			IdentityRegistry::verify_cross_space(b, tencent),
			CrossSpaceVerdict::MayAct(active.clone())
		);

		// The weakest source as minimum accepts it too.
		recognise(b, a, Some(VerificationSource::SelfBuilt));
		assert_eq!(
			IdentityRegistry::verify_cross_space(b, tencent),
			CrossSpaceVerdict::MayAct(active)
		);
	});
}

#[test]
fn withdrawn_recognition_discloses_nothing() {
	run(|| {
		let (a, b, huawei) = setup();
		recognise(b, a, None);
		assert_ok!(IdentityRegistry::withdraw_recognition(RuntimeOrigin::signed(OPERATOR_B), b, a));
		assert_eq!(last_event(), Event::RecognitionWithdrawn { space: b, recognised: a });
		assert_eq!(Recognitions::<Test>::get(b, a), None);
		assert_eq!(
			IdentityRegistry::verify_cross_space(b, huawei),
			CrossSpaceVerdict::NotRecognised
		);
		// Withdrawing twice finds nothing.
		assert_noop!(
			IdentityRegistry::withdraw_recognition(RuntimeOrigin::signed(OPERATOR_B), b, a),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn space_cannot_recognise_itself() {
	run(|| {
		let (a, _, _) = setup();
		assert_noop!(
			IdentityRegistry::recognise_space(RuntimeOrigin::signed(OPERATOR_A), a, a, None),
			Error::<Test>::InvalidRecognition
		);
	});
}

#[test]
fn recognising_an_unknown_space_fails() {
	run(|| {
		let (a, b, _) = setup();
		assert_noop!(
			IdentityRegistry::recognise_space(RuntimeOrigin::signed(OPERATOR_B), b, 99, None),
			Error::<Test>::NotFound
		);
		// An unknown recognising space has no operator either.
		assert_noop!(
			IdentityRegistry::recognise_space(RuntimeOrigin::signed(OPERATOR_B), 99, a, None),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn withdrawing_a_recognition_that_does_not_exist_fails() {
	run(|| {
		let (a, b, _) = setup();
		assert_noop!(
			IdentityRegistry::withdraw_recognition(RuntimeOrigin::signed(OPERATOR_B), b, a),
			Error::<Test>::NotFound
		);
		// Only the direction recorded can be withdrawn.
		recognise(b, a, None);
		assert_noop!(
			IdentityRegistry::withdraw_recognition(RuntimeOrigin::signed(OPERATOR_A), a, b),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn only_an_operator_of_the_recognising_space_recognises() {
	run(|| {
		let (a, b, _) = setup();
		// The operator of the recognised space, a stranger, a participant of A.
		for who in [OPERATOR_A, STRANGER, HUAWEI_KEY] {
			assert_noop!(
				IdentityRegistry::recognise_space(RuntimeOrigin::signed(who), b, a, None),
				Error::<Test>::NotAuthorized
			);
		}
		assert_noop!(
			IdentityRegistry::recognise_space(RuntimeOrigin::root(), b, a, None),
			BadOrigin
		);
		recognise(b, a, None);
		for who in [OPERATOR_A, STRANGER, HUAWEI_KEY] {
			assert_noop!(
				IdentityRegistry::withdraw_recognition(RuntimeOrigin::signed(who), b, a),
				Error::<Test>::NotAuthorized
			);
		}
		assert_noop!(
			IdentityRegistry::withdraw_recognition(RuntimeOrigin::root(), b, a),
			BadOrigin
		);
		assert!(Recognitions::<Test>::contains_key(b, a));
	});
}

#[test]
fn suspended_space_cannot_recognise_or_withdraw() {
	run(|| {
		let (a, b, _) = setup();
		recognise(b, a, None);
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), b, digest(2)));
		assert_noop!(
			IdentityRegistry::recognise_space(
				RuntimeOrigin::signed(OPERATOR_B),
				b,
				a,
				Some(VerificationSource::Official)
			),
			Error::<Test>::SpaceNotActive
		);
		assert_noop!(
			IdentityRegistry::withdraw_recognition(RuntimeOrigin::signed(OPERATOR_B), b, a),
			Error::<Test>::SpaceNotActive
		);
	});
}
