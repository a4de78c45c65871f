//! The queries served by the runtime API, and expiry by block time without any call.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// The account Huawei signs with.
const HUAWEI_KEY: u64 = 100;

/// Registers person `n` (salted ID digest `digest(n)`) in `space`, pending; returns its id.
fn register_person(space: SpaceId, operator: u64, n: u8) -> IdentityId {
	assert_ok!(IdentityRegistry::register_participant(
		RuntimeOrigin::signed(operator),
		space,
		NewSubject::Person { id_digest: digest(n) },
		b"person".to_vec(),
		None,
	));
	identity_id(&IdentityKey::Person(digest(n)))
}

/// Registers organisation `uscc` in `space` without verifying it; returns its id.
fn register_org(space: SpaceId, operator: u64, uscc: &[u8]) -> IdentityId {
	assert_ok!(IdentityRegistry::register_participant(
		RuntimeOrigin::signed(operator),
		space,
		organisation(uscc),
		b"org".to_vec(),
		None,
	));
	org_id(uscc)
}

/// A history entry at block `at` with a zero reason.
fn entry(change: Change<u64>, actor: Actor<u64>, at: u64) -> HistoryEntryOf<Test> {
	HistoryEntry { change, actor, reason: Digest::zero(), at }
}

#[test]
fn participants_of_space_pages_through_every_member_once() {
	run(|| {
		let a = active_space(OPERATOR_A);
		let b = active_space(OPERATOR_B);
		let mut members = vec![
			active_org(a, OPERATOR_A, HUAWEI, HUAWEI_KEY),
			active_org(a, OPERATOR_A, TENCENT, 101),
			register_org(a, OPERATOR_A, ALIBABA),
			register_person(a, OPERATOR_A, 1),
			register_person(a, OPERATOR_A, 2),
		];
		// A member of another space must not show up.
		let outsider = register_person(b, OPERATOR_B, 3);

		let mut seen = Vec::new();
		let mut after = None;
		let mut pages = 0;
		// Bounded, so that a page repeating itself fails the test instead of looping.
		for _ in 0..10 {
			let page = IdentityRegistry::participants_of_space(a, after, u32::MAX);
			assert!(page.len() <= 2, "a page is at most MaxPageSize long");
			let Some(last) = page.last() else { break };
			after = Some(last.id);
			seen.extend(page.iter().map(|info| info.id));
			pages += 1;
		}
		assert_eq!(pages, 3);
		assert!(!seen.contains(&outsider));
		// Storage order is the identifiers' order: strictly increasing, so each appears once.
		assert!(seen.windows(2).all(|pair| pair[0] < pair[1]), "each member exactly once");
		members.sort();
		assert_eq!(seen, members);
		assert_eq!(
			IdentityRegistry::participants_of_space(b, None, 2)
				.into_iter()
				.map(|info| info.id)
				.collect::<Vec<_>>(),
			vec![outsider]
		);
	});
}

#[test]
fn participants_of_space_clamps_the_page() {
	run(|| {
		let a = active_space(OPERATOR_A);
		for n in 1..=3 {
			register_person(a, OPERATOR_A, n);
		}
		assert_eq!(IdentityRegistry::participants_of_space(a, None, 10).len(), 2);
		assert_eq!(IdentityRegistry::participants_of_space(a, None, 1).len(), 1);
		assert!(IdentityRegistry::participants_of_space(a, None, 0).is_empty());
		assert!(IdentityRegistry::participants_of_space(99, None, 2).is_empty());
	});
}

#[test]
fn participants_of_space_reports_status_and_standing() {
	run(|| {
		let a = active_space(OPERATOR_A);
		let huawei = active_org(a, OPERATOR_A, HUAWEI, HUAWEI_KEY);
		let person = register_person(a, OPERATOR_A, 1);
		let mut infos = IdentityRegistry::participants_of_space(a, None, 2);
		infos.sort_by_key(|info| info.id);
		let mut expected = vec![
			(huawei, ParticipantStatus::Active, Ok(())),
			(person, ParticipantStatus::Pending, Err(Inactive::Status(ParticipantStatus::Pending))),
		];
		expected.sort_by_key(|(id, _, _)| *id);
		assert_eq!(
			infos
				.into_iter()
				.map(|info| (info.id, info.status, info.standing))
				.collect::<Vec<_>>(),
			expected
		);
	});
}

#[test]
fn participant_by_uscc_finds_registered_organisations() {
	run(|| {
		let a = active_space(OPERATOR_A);
		let huawei = active_org(a, OPERATOR_A, HUAWEI, HUAWEI_KEY);
		let info = IdentityRegistry::participant_by_uscc(HUAWEI).expect("registered");
		assert_eq!(info.id, huawei);
		assert_eq!(info.status, ParticipantStatus::Active);
		assert_eq!(info.standing, Ok(()));
		assert_eq!(info.record.uscc(), Some(Uscc::parse(HUAWEI).unwrap()));
		assert_eq!(info.record.keys.to_vec(), vec![HUAWEI_KEY]);
		assert_eq!(info.record.space, a);

		// A pending organisation is found with its status.
		register_org(a, OPERATOR_A, ALIBABA);
		let info = IdentityRegistry::participant_by_uscc(ALIBABA).expect("registered");
		assert_eq!(info.status, ParticipantStatus::Pending);
		assert_eq!(info.standing, Err(Inactive::Status(ParticipantStatus::Pending)));

		// A valid code never registered.
		assert_eq!(IdentityRegistry::participant_by_uscc(TENCENT), None);
		// Malformed: wrong check character, too short, lower case.
		assert_eq!(IdentityRegistry::participant_by_uscc(b"914403001922038217"), None);
		assert_eq!(IdentityRegistry::participant_by_uscc(b"91440300192203821"), None);
		assert_eq!(IdentityRegistry::participant_by_uscc(b"9144030071526726xg"), None);
		assert_eq!(IdentityRegistry::participant_by_uscc(b""), None);
	});
}

#[test]
fn participant_by_account_follows_the_linked_keys() {
	run(|| {
		let a = active_space(OPERATOR_A);
		let huawei = active_org(a, OPERATOR_A, HUAWEI, HUAWEI_KEY);
		let info = IdentityRegistry::participant_by_account(&HUAWEI_KEY).expect("linked");
		assert_eq!(info.id, huawei);
		assert_eq!(info.standing, Ok(()));
		// Operators and strangers are no identity.
		assert_eq!(IdentityRegistry::participant_by_account(&OPERATOR_A), None);
		assert_eq!(IdentityRegistry::participant_by_account(&STRANGER), None);

		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			huawei,
			digest(3)
		));
		let info = IdentityRegistry::participant_by_account(&HUAWEI_KEY).expect("still linked");
		assert_eq!(info.status, ParticipantStatus::Frozen);
		assert_eq!(info.standing, Err(Inactive::Status(ParticipantStatus::Frozen)));

		assert_ok!(IdentityRegistry::rotate_key(
			RuntimeOrigin::signed(OPERATOR_A),
			huawei,
			HUAWEI_KEY,
			200
		));
		assert_eq!(IdentityRegistry::participant_by_account(&HUAWEI_KEY), None);
		assert_eq!(
			IdentityRegistry::participant_by_account(&200).map(|info| info.id),
			Some(huawei)
		);
	});
}

#[test]
fn space_info_reports_the_effective_status() {
	run(|| {
		let a = active_space(OPERATOR_A);
		let info = IdentityRegistry::space_info(a).expect("filed");
		assert_eq!(info.id, a);
		assert_eq!(info.status, SpaceStatus::Active);
		assert_eq!(info.record.name.to_vec(), b"space".to_vec());
		assert_eq!(info.record.space_type, SpaceType::Industry);
		assert_eq!(info.record.operators.to_vec(), vec![OPERATOR_A]);
		assert_eq!(info.record.level, 0);
		assert_eq!(info.record.filed_at, 1);

		let filed = NextSpaceId::<Test>::get();
		assert_ok!(IdentityRegistry::file_space(
			RuntimeOrigin::signed(COUNCIL_MEMBER),
			b"filed".to_vec(),
			SpaceType::City,
			vec![OPERATOR_B],
			vec![qualification(30)],
		));
		assert_eq!(
			IdentityRegistry::space_info(filed).map(|info| info.status),
			Some(SpaceStatus::Filed)
		);

		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), a, digest(2)));
		assert_eq!(
			IdentityRegistry::space_info(a).map(|info| info.status),
			Some(SpaceStatus::Suspended)
		);

		assert_eq!(IdentityRegistry::space_info(99), None);
	});
}

#[test]
fn history_pages_in_order() {
	use ParticipantStatus::*;
	run(|| {
		let a = active_space(OPERATOR_A);
		let huawei = active_org(a, OPERATOR_A, HUAWEI, HUAWEI_KEY);
		System::set_block_number(2);
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			huawei,
			digest(7)
		));
		System::set_block_number(3);
		assert_ok!(IdentityRegistry::unfreeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			huawei,
			digest(8)
		));

		let operator = Actor::Account(OPERATOR_A);
		let expected = vec![
			entry(Change::ParticipantStatus { from: Pending, to: Pending }, operator.clone(), 1),
			entry(Change::Verified { source: VerificationSource::Official }, operator.clone(), 1),
			entry(Change::ParticipantStatus { from: Pending, to: Active }, operator.clone(), 1),
			HistoryEntry {
				change: Change::ParticipantStatus { from: Active, to: Frozen },
				actor: operator.clone(),
				reason: digest(7),
				at: 2,
			},
			HistoryEntry {
				change: Change::ParticipantStatus { from: Frozen, to: Active },
				actor: operator,
				reason: digest(8),
				at: 3,
			},
		];
		let key = HistoryKey::Participant(huawei);
		assert_eq!(HistoryLength::<Test>::get(key), 5);
		// Pages are at most MaxPageSize (2) long, whatever the limit asked.
		assert_eq!(IdentityRegistry::history(key, 0, 10), expected[0..2].to_vec());
		assert_eq!(IdentityRegistry::history(key, 2, 2), expected[2..4].to_vec());
		assert_eq!(IdentityRegistry::history(key, 4, 2), expected[4..].to_vec());
		assert_eq!(IdentityRegistry::history(key, 3, 1), expected[3..4].to_vec());
		assert!(IdentityRegistry::history(key, 5, 2).is_empty());
		assert!(IdentityRegistry::history(key, 0, 0).is_empty());
		assert!(IdentityRegistry::history(key, u32::MAX, 2).is_empty());

		let mut all = Vec::new();
		let mut from = 0;
		loop {
			let page = IdentityRegistry::history(key, from, 2);
			if page.is_empty() {
				break;
			}
			from += page.len() as u32;
			all.extend(page);
		}
		assert_eq!(all, expected);

		assert_eq!(
			IdentityRegistry::history(HistoryKey::Space(a), 0, 2),
			vec![
				entry(
					Change::SpaceStatus { from: SpaceStatus::Filed, to: SpaceStatus::Filed },
					Actor::Account(COUNCIL_MEMBER),
					1
				),
				HistoryEntry {
					change: Change::SpaceStatus {
						from: SpaceStatus::Filed,
						to: SpaceStatus::Active
					},
					actor: Actor::Council,
					reason: digest(1),
					at: 1,
				},
			]
		);
		assert!(
			IdentityRegistry::history(HistoryKey::Participant(org_id(TENCENT)), 0, 2).is_empty()
		);
	});
}

#[test]
fn verification_expires_by_block_time_without_any_call() {
	run(|| {
		let a = active_space(OPERATOR_A);
		assert_ok!(IdentityRegistry::register_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			a,
			organisation(HUAWEI),
			b"org".to_vec(),
			Some(HUAWEI_KEY),
		));
		let id = org_id(HUAWEI);
		let one_day = Verification { valid_until: Some(NOW + DAY), ..official() };
		assert_ok!(IdentityRegistry::verify_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			one_day
		));
		assert_eq!(IdentityRegistry::status(&id), Some(ParticipantStatus::Active));
		assert_eq!(IdentityRegistry::standing(&id), Ok(()));

		set_time(NOW + DAY - 1);
		assert_eq!(IdentityRegistry::status(&id), Some(ParticipantStatus::Active));

		let events = System::events().len();
		let announcements = announced();
		set_time(NOW + 2 * DAY);
		assert_eq!(IdentityRegistry::status(&id), Some(ParticipantStatus::Expired));
		assert_eq!(
			IdentityRegistry::standing(&id),
			Err(Inactive::Status(ParticipantStatus::Expired))
		);
		let info = IdentityRegistry::participant_info(id).expect("registered");
		assert_eq!(info.status, ParticipantStatus::Expired);
		// Nothing was written, emitted or announced: expiry is read from block time.
		assert_eq!(info.record.status, ParticipantStatus::Active);
		assert_eq!(System::events().len(), events);
		assert_eq!(announced(), announcements);
		assert_noop!(
			IdentityRegistry::request_role(RuntimeOrigin::signed(HUAWEI_KEY), Role::Provider),
			Error::<Test>::IdentityNotActive
		);

		// Re-verification makes it active again.
		assert_ok!(IdentityRegistry::verify_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			id,
			Verification { valid_until: Some(NOW + 30 * DAY), ..official() }
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
		assert_eq!(IdentityRegistry::standing(&id), Ok(()));
	});
}

#[test]
fn space_expires_when_a_qualification_lapses() {
	run(|| {
		let space = NextSpaceId::<Test>::get();
		assert_ok!(IdentityRegistry::file_space(
			RuntimeOrigin::signed(COUNCIL_MEMBER),
			b"short-lived".to_vec(),
			SpaceType::City,
			vec![OPERATOR_A],
			vec![qualification(1)],
		));
		assert_ok!(IdentityRegistry::approve_space(RuntimeOrigin::root(), space, digest(1)));
		let id = active_org(space, OPERATOR_A, HUAWEI, HUAWEI_KEY);
		assert_eq!(IdentityRegistry::standing(&id), Ok(()));
		assert_eq!(IdentityRegistry::operated_space(&OPERATOR_A), Some(space));

		let announcements = announced();
		set_time(NOW + 2 * DAY);
		let info = IdentityRegistry::space_info(space).expect("filed");
		assert_eq!(info.status, SpaceStatus::Expired);
		assert_eq!(info.record.status, SpaceStatus::Active);
		assert_eq!(announced(), announcements);
		// Its participants keep their own status but may no longer act.
		assert_eq!(IdentityRegistry::status(&id), Some(ParticipantStatus::Active));
		assert_eq!(IdentityRegistry::standing(&id), Err(Inactive::SpaceNotActive));
		assert_eq!(IdentityRegistry::operated_space(&OPERATOR_A), None);
		assert!(matches!(
			IdentityRegistry::verify_cross_space(space, id),
			CrossSpaceVerdict::MayNotAct(_)
		));
		assert_noop!(
			IdentityRegistry::register_participant(
				RuntimeOrigin::signed(OPERATOR_A),
				space,
				organisation(TENCENT),
				b"org".to_vec(),
				None,
			),
			Error::<Test>::SpaceNotActive
		);

		assert_ok!(IdentityRegistry::renew_space_qualifications(
			RuntimeOrigin::root(),
			space,
			vec![qualification(365)],
			digest(9)
		));
		System::assert_has_event(Event::SpaceQualificationsRenewed { space }.into());
		assert_eq!(
			last_event(),
			Event::SpaceStatusChanged {
				space,
				from: SpaceStatus::Expired,
				to: SpaceStatus::Active,
				actor: Actor::Council,
				reason: digest(9),
			}
		);
		assert_eq!(
			announced().last(),
			Some(&Announcement::Space(space, SpaceStatus::Expired, SpaceStatus::Active))
		);
		assert_eq!(
			IdentityRegistry::space_info(space).map(|info| info.status),
			Some(SpaceStatus::Active)
		);
		assert_eq!(IdentityRegistry::standing(&id), Ok(()));
		assert_eq!(IdentityRegistry::operated_space(&OPERATOR_A), Some(space));
	});
}
