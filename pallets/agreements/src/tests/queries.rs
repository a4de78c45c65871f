//! The queries served by the runtime API: an agreement's information, the decision log, the
//! agreements of a party, of an entry and by status, the minimal cross-space record, dry runs
//! and templates.

use crate::{mock::*, *};
use frame::testing_prelude::*;
use tds_primitives::agreement::AgreementStatus::*;

/// A use of the agreement by [`USER`].
fn use_data(agreement: AgreementId) -> DispatchResult {
	Contracts::record_usage(RuntimeOrigin::signed(USER), agreement, context())
}

/// Creates an agreement on [`terms`] between Huawei as the provider and `user` as the user.
fn created_with(user: &[u8]) -> AgreementId {
	let template = template();
	let agreement = NextAgreementId::<Test>::get();
	let parties = vec![
		Party { identity: org(HUAWEI), role: PartyRole::Provider },
		Party { identity: org(user), role: PartyRole::User },
	];
	assert_ok!(Contracts::create(
		RuntimeOrigin::signed(PROVIDER),
		template,
		parties,
		Box::new(terms())
	));
	agreement
}

/// The identifiers of a page, sorted (the index order is the hashed keys').
fn sorted(page: Vec<(AgreementId, AgreementStatus)>) -> Vec<AgreementId> {
	let mut ids: Vec<_> = page.into_iter().map(|(id, _)| id).collect();
	ids.sort();
	ids
}

#[test]
fn the_information_of_an_agreement_has_its_whole_history() {
	run(|| {
		assert!(Contracts::agreement_info(0).is_none());
		let agreement = created();
		let even = TermsInput { shares: vec![500_000, 500_000].try_into().unwrap(), ..terms() };
		assert_ok!(Contracts::propose(RuntimeOrigin::signed(USER), agreement, Box::new(even)));
		sign_all(agreement);
		assert_ok!(Contracts::file(RuntimeOrigin::signed(OPERATOR_A), agreement, digest(0xf1)));
		assert_ok!(use_data(agreement));
		assert_ok!(use_data(agreement));
		let info = Contracts::agreement_info(agreement).unwrap();
		assert_eq!(info.id, agreement);
		assert_eq!(info.status, Active);
		assert_eq!(info.record, stored(agreement));
		assert_eq!(
			info.versions.iter().map(|version| version.origin).collect::<Vec<_>>(),
			vec![VersionOrigin::Created, VersionOrigin::Offer]
		);
		assert_eq!(info.versions[1].digest, info.record.digest);
		assert_eq!(
			info.decisions,
			vec![
				(0, Decisions::<Test>::get(agreement, 0u32).unwrap()),
				(1, Decisions::<Test>::get(agreement, 1u32).unwrap()),
			]
		);
		assert_eq!(info.decisions[1].1.counters_before.total, 1);
		assert_eq!(info.dispute, None);
		assert_eq!(info.pending_change, None);
	});
}

#[test]
fn the_information_shows_the_dispute_and_the_pending_change() {
	run(|| {
		let changing = active();
		assert_ok!(Contracts::request_change(
			RuntimeOrigin::signed(USER),
			changing,
			Box::new(Change::Terminate)
		));
		let info = Contracts::agreement_info(changing).unwrap();
		assert_eq!(info.pending_change, PendingChanges::<Test>::get(changing));
		assert!(info.pending_change.is_some());
		let disputed = active();
		assert_ok!(Contracts::open_dispute(
			RuntimeOrigin::signed(USER),
			disputed,
			vec![digest(0xe1)]
		));
		let info = Contracts::agreement_info(disputed).unwrap();
		assert_eq!(info.status, Disputed);
		assert_eq!(info.dispute, Disputes::<Test>::get(disputed));
		assert_eq!(info.dispute.map(|dispute| dispute.opened_by), Some(org(TENCENT)));
	});
}

#[test]
fn the_decision_log_is_paged() {
	run(|| {
		let agreement = active();
		// Twelve uses, three an hour.
		for n in 0..12u64 {
			set_time(NOW + n / 3 * HOUR);
			assert_ok!(use_data(agreement));
		}
		assert_eq!(stored(agreement).decisions, 12);
		// The information carries the latest page (`MaxPageSize` is 10).
		let numbers = |page: Vec<(u32, DecisionOf<Test>)>| {
			page.into_iter().map(|(number, _)| number).collect::<Vec<_>>()
		};
		let info = Contracts::agreement_info(agreement).unwrap();
		assert_eq!(numbers(info.decisions), (2..12).collect::<Vec<_>>());
		assert_eq!(numbers(Contracts::decisions(agreement, 0, 100)), (0..10).collect::<Vec<_>>());
		assert_eq!(numbers(Contracts::decisions(agreement, 3, 2)), vec![3, 4]);
		assert_eq!(numbers(Contracts::decisions(agreement, 10, 5)), vec![10, 11]);
		assert!(Contracts::decisions(agreement, 12, 5).is_empty());
		assert!(Contracts::decisions(99, 0, 5).is_empty());
		let (_, last) = Contracts::decisions(agreement, 11, 1).pop().unwrap();
		assert_eq!(last.counters_before.total, 11);
		assert_eq!(last.now, NOW + 3 * HOUR);
	});
}

#[test]
fn the_agreements_of_a_party_are_listed_with_their_status() {
	run(|| {
		let draft = created();
		let active = active();
		let with_alibaba = created_with(ALIBABA);
		assert_eq!(
			sorted(Contracts::agreements_of_party(org(TENCENT), None, 10)),
			vec![draft, active]
		);
		assert_eq!(
			Contracts::agreements_of_party(org(ALIBABA), None, 10),
			vec![(with_alibaba, Draft)]
		);
		assert_eq!(
			sorted(Contracts::agreements_of_party(org(HUAWEI), None, 10)),
			vec![draft, active, with_alibaba]
		);
		assert!(Contracts::agreements_of_party(org(TENCENT), None, 10).contains(&(active, Active)));
		assert!(Contracts::agreements_of_party(org(XIAOMI), None, 10).is_empty());
	});
}

#[test]
fn the_agreements_of_a_party_are_paged() {
	run(|| {
		let all: Vec<_> = (0..5).map(|_| created()).collect();
		let first = Contracts::agreements_of_party(org(HUAWEI), None, 2);
		assert_eq!(first.len(), 2);
		let rest = Contracts::agreements_of_party(org(HUAWEI), Some(first[1].0), 10);
		assert_eq!(rest.len(), 3);
		let mut both = first;
		both.extend(rest);
		assert_eq!(sorted(both), all);
		// No page is longer than `MaxPageSize` (10).
		for _ in 0..6 {
			created();
		}
		assert_eq!(Contracts::agreements_of_party(org(HUAWEI), None, 100).len(), 10);
	});
}

#[test]
fn the_agreements_of_an_entry_include_every_version_s_entries() {
	run(|| {
		let second = published_entry(digest(0x02));
		let on_both =
			create_with(TermsInput { entries: vec![ENTRY, second].try_into().unwrap(), ..terms() });
		let on_entry = created();
		assert_eq!(
			sorted(Contracts::agreements_of_entry(ENTRY, None, 10)),
			vec![on_both, on_entry]
		);
		assert_eq!(Contracts::agreements_of_entry(second, None, 10), vec![(on_both, Draft)]);
		// An offer dropping the second entry keeps the agreement listed under it.
		assert_ok!(Contracts::propose(RuntimeOrigin::signed(USER), on_both, Box::new(terms())));
		assert_eq!(Contracts::agreements_of_entry(second, None, 10), vec![(on_both, Negotiating)]);
		let first = Contracts::agreements_of_entry(ENTRY, None, 1);
		let rest = Contracts::agreements_of_entry(ENTRY, Some(first[0].0), 10);
		assert_eq!(first.len() + rest.len(), 2);
		assert_ne!(first[0].0, rest[0].0);
		let unknown = CatalogId { space: SPACE_B, number: 1 };
		assert!(Contracts::agreements_of_entry(unknown, None, 10).is_empty());
	});
}

#[test]
fn agreements_are_found_by_effective_status_in_pages() {
	run(|| {
		let first_draft = created();
		let signed = signed();
		let active = active();
		let second_draft = created();
		assert_eq!(
			Contracts::agreements_by_status(Draft, 0, 10),
			(vec![first_draft, second_draft], None)
		);
		assert_eq!(Contracts::agreements_by_status(Draft, 0, 1), (vec![first_draft], Some(1)));
		assert_eq!(Contracts::agreements_by_status(Draft, 1, 1), (vec![second_draft], None));
		assert_eq!(Contracts::agreements_by_status(Signed, 0, 10), (vec![signed], None));
		// Active by time, though stored `Filed`.
		assert_eq!(status(active), Filed);
		assert_eq!(Contracts::agreements_by_status(Active, 0, 10), (vec![active], None));
		assert_eq!(Contracts::agreements_by_status(Filed, 0, 10), (vec![], None));
		assert_eq!(Contracts::agreements_by_status(Draft, 4, 10), (vec![], None));
		set_time(NOW + 30 * DAY);
		assert_eq!(Contracts::agreements_by_status(Expired, 0, 10), (vec![active], None));
	});
}

#[test]
fn a_status_search_scans_a_bounded_range_per_call() {
	run(|| {
		for _ in 0..45 {
			created();
		}
		let signed = signed();
		// At most `MaxPageSize` × 4 = 40 agreements are scanned: continue from 40.
		assert_eq!(Contracts::agreements_by_status(Signed, 0, 10), (vec![], Some(40)));
		assert_eq!(Contracts::agreements_by_status(Signed, 40, 10), (vec![signed], None));
		// At most `MaxPageSize` are returned.
		let (page, next) = Contracts::agreements_by_status(Draft, 0, 100);
		assert_eq!(page, (0..10).collect::<Vec<_>>());
		assert_eq!(next, Some(10));
	});
}

#[test]
fn the_minimal_record_carries_what_crosses_a_space_boundary() {
	run(|| {
		assert!(Contracts::minimal_record(0).is_none());
		let agreement = active();
		assert_ok!(use_data(agreement));
		assert_ok!(use_data(agreement));
		assert_ok!(Contracts::record_usage(
			RuntimeOrigin::signed(USER),
			agreement,
			UsageContext { marketing: true, ..context() }
		));
		assert_ok!(Contracts::request_change(
			RuntimeOrigin::signed(PROVIDER),
			agreement,
			Box::new(Change::Complete)
		));
		let record = stored(agreement);
		assert_eq!(
			Contracts::minimal_record(agreement),
			Some(MinimalAgreementRecord {
				id: agreement,
				parties: parties(),
				status: Active,
				activation: Activation::AtStart,
				uses: 2,
				breaches: 1,
				entries: vec![ENTRY],
				start: NOW,
				end: NOW + 30 * DAY,
				version: 1,
				change_pending: true,
				liability: digest(0x72),
				digest: record.digest,
			})
		);
	});
}

#[test]
fn a_dry_run_answers_without_recording_anything() {
	run(|| {
		assert_eq!(Contracts::dry_run(99, context()), DryRun::UnknownAgreement);
		let draft = created();
		assert_eq!(Contracts::dry_run(draft, context()), DryRun::NotActive(Draft));
		let agreement = active();
		assert_ok!(use_data(agreement));
		let permit = DryRun::Verdict(Verdict::Permit(UsageCounters {
			total: 2,
			window: NOW / HOUR,
			in_window: 2,
		}));
		assert_storage_noop!(assert_eq!(Contracts::dry_run(agreement, context()), permit));
		let marketing = UsageContext { marketing: true, ..context() };
		let denied = DryRun::Verdict(Verdict::Deny(DenyReason::MarketingBanned));
		assert_storage_noop!(assert_eq!(Contracts::dry_run(agreement, marketing), denied));
		// What the dry run said is what recording decides.
		assert_ok!(use_data(agreement));
		let recorded = Decisions::<Test>::get(agreement, 1u32).unwrap();
		assert_eq!(DryRun::Verdict(recorded.verdict), permit);
		assert_ok!(Contracts::suspend(RuntimeOrigin::signed(REGULATOR), agreement, digest(0x51)));
		assert_eq!(Contracts::dry_run(agreement, context()), DryRun::NotActive(Suspended));
	});
}

#[test]
fn a_template_is_answered_with_every_version() {
	run(|| {
		assert!(Contracts::template(0).is_none());
		let template = template();
		assert_ok!(Contracts::revise_template(
			RuntimeOrigin::signed(OPERATOR_A),
			template,
			digest(0x7f),
			Box::new(policy())
		));
		let (current, versions) = Contracts::template(template).unwrap();
		assert_eq!(current.version, 2);
		assert_eq!(
			versions.iter().map(|version| version.terms).collect::<Vec<_>>(),
			vec![digest(0x7e), digest(0x7f)]
		);
	});
}

#[test]
fn other_pallets_see_agreements_and_their_parties() {
	run(|| {
		let agreement = created();
		assert!(<Contracts as AgreementInspect>::exists(agreement));
		assert!(!<Contracts as AgreementInspect>::exists(agreement + 1));
		assert!(<Contracts as AgreementInspect>::is_party(agreement, &org(TENCENT)));
		assert!(!<Contracts as AgreementInspect>::is_party(agreement, &org(XIAOMI)));
	});
}
