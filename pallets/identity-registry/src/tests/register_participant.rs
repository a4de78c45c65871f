//! `register_participant`: organisations with a validated USCC, persons by salted digest.

use crate::{mock::*, *};
use frame::testing_prelude::*;

fn register(
	operator: u64,
	space: SpaceId,
	subject: NewSubject,
	key: Option<u64>,
) -> DispatchResult {
	IdentityRegistry::register_participant(
		RuntimeOrigin::signed(operator),
		space,
		subject,
		b"Huawei Technologies Co., Ltd.".to_vec(),
		key,
	)
}

#[test]
fn an_operator_registers_an_organisation_pending_verification() {
	run(|| {
		let space = active_space(OPERATOR_A);
		assert_ok!(register(OPERATOR_A, space, organisation(HUAWEI), Some(100)));
		let id = org_id(HUAWEI);
		System::assert_has_event(
			Event::ParticipantRegistered { id, space, kind: ParticipantKind::Organisation }.into(),
		);
		assert_eq!(last_event(), Event::KeyAdded { id, account: 100 });
		let record = Participants::<Test>::get(id).unwrap();
		assert_eq!(record.status, ParticipantStatus::Pending);
		assert_eq!(record.uscc().unwrap().as_bytes(), HUAWEI);
		assert_eq!(record.keys.to_vec(), vec![100]);
		assert_eq!(UsccIndex::<Test>::get(Uscc::parse(HUAWEI).unwrap()), Some(id));
		assert_eq!(KeyOwner::<Test>::get(100), Some(id));
		// Without a token, the key holds its nonce through a provider reference; so does the
		// operator.
		assert!(System::account_exists(&100));
		assert!(System::account_exists(&OPERATOR_A));
		// Deterministic DID-style identifier.
		assert_eq!(
			did(space, &id),
			did(space, &identity_id(&IdentityKey::Organisation(Uscc::parse(HUAWEI).unwrap())))
		);
		// Pending: linked, but may not act.
		assert_eq!(
			<IdentityRegistry as IdentityInspect<u64>>::standing(&id),
			Err(Inactive::Status(ParticipantStatus::Pending))
		);
	});
}

#[test]
fn a_person_is_kept_only_as_a_salted_digest() {
	run(|| {
		let space = active_space(OPERATOR_A);
		let id_digest = digest(0x42);
		assert_ok!(register(OPERATOR_A, space, NewSubject::Person { id_digest }, None));
		let id = identity_id(&IdentityKey::Person(id_digest));
		let record = Participants::<Test>::get(id).unwrap();
		assert_eq!(record.subject, Subject::Person { id_digest });
		assert_eq!(record.uscc(), None);
		assert!(record.keys.is_empty());
		assert_noop!(
			register(OPERATOR_A, space, NewSubject::Person { id_digest }, None),
			Error::<Test>::AlreadyExists
		);
	});
}

#[test]
fn invalid_codes_are_refused() {
	run(|| {
		let space = active_space(OPERATOR_A);
		let bad: [&[u8]; 6] = [
			b"91440300192203821",   // 17 characters
			b"9144030019220382160", // 19 characters
			b"91440300192203821I",  // I is not in the alphabet
			b"9144030019220382Z6",  // nor is Z
			b"91A403001922038216",  // division code must be digits
			b"914403001922038217",  // wrong check character
		];
		for code in bad {
			assert_noop!(
				register(OPERATOR_A, space, organisation(code), None),
				Error::<Test>::InvalidUscc
			);
		}
	});
}

#[test]
fn a_code_is_registered_once_across_all_spaces() {
	run(|| {
		let a = active_space(OPERATOR_A);
		let b = active_space(OPERATOR_B);
		assert_ok!(register(OPERATOR_A, a, organisation(TENCENT), None));
		assert_noop!(
			register(OPERATOR_A, a, organisation(TENCENT), None),
			Error::<Test>::AlreadyExists
		);
		assert_noop!(
			register(OPERATOR_B, b, organisation(TENCENT), None),
			Error::<Test>::AlreadyExists
		);
	});
}

#[test]
fn only_the_operator_of_an_active_space_registers() {
	run(|| {
		let a = active_space(OPERATOR_A);
		let b = active_space(OPERATOR_B);
		assert_noop!(
			register(OPERATOR_B, a, organisation(ALIBABA), None),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			register(STRANGER, a, organisation(ALIBABA), None),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			IdentityRegistry::register_participant(
				RuntimeOrigin::root(),
				a,
				organisation(ALIBABA),
				b"x".to_vec(),
				None
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			register(OPERATOR_A, 42, organisation(ALIBABA), None),
			Error::<Test>::NotFound
		);
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), b, digest(1)));
		assert_noop!(
			register(OPERATOR_B, b, organisation(ALIBABA), None),
			Error::<Test>::SpaceNotActive
		);
		// A filed space (not yet approved) cannot register either.
		assert_ok!(IdentityRegistry::file_space(
			RuntimeOrigin::signed(COUNCIL_MEMBER),
			b"filed".to_vec(),
			SpaceType::Personal,
			vec![30],
			vec![qualification(30)],
		));
		assert_noop!(register(30, 2, organisation(ALIBABA), None), Error::<Test>::SpaceNotActive);
	});
}

#[test]
fn oversized_names_and_keys_in_use_are_refused() {
	run(|| {
		let space = active_space(OPERATOR_A);
		assert_noop!(
			IdentityRegistry::register_participant(
				RuntimeOrigin::signed(OPERATOR_A),
				space,
				organisation(ALIBABA),
				vec![b'n'; 33],
				None
			),
			Error::<Test>::NameTooLong
		);
		assert_ok!(register(OPERATOR_A, space, organisation(HUAWEI), Some(100)));
		assert_noop!(
			register(OPERATOR_A, space, organisation(ALIBABA), Some(100)),
			Error::<Test>::KeyInUse
		);
		// An operator account cannot double as a participant's key.
		assert_noop!(
			register(OPERATOR_A, space, organisation(ALIBABA), Some(OPERATOR_A)),
			Error::<Test>::KeyInUse
		);
	});
}
