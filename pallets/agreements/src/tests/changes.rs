//! Change requests: amendments (with the operator's approval when the scope changes),
//! suspension, resumption, termination and completion by agreement, and rejection.

use crate::{mock::*, *};
use frame::testing_prelude::*;
use tds_primitives::agreement::AgreementStatus::*;

/// Requests `change` of `agreement`, signed by `who`.
fn request(who: u64, agreement: AgreementId, change: ChangeInput) -> DispatchResult {
	Contracts::request_change(RuntimeOrigin::signed(who), agreement, Box::new(change))
}

/// Approves the pending change of `agreement`, signed by `who`.
fn approve(who: u64, agreement: AgreementId) -> DispatchResult {
	Contracts::approve_change(RuntimeOrigin::signed(who), agreement)
}

/// Rejects the pending change of `agreement`, signed by `who`.
fn reject(who: u64, agreement: AgreementId) -> DispatchResult {
	Contracts::reject_change(RuntimeOrigin::signed(who), agreement)
}

/// An amendment outside the scope: the term extended by 30 days.
fn extended() -> ChangeInput {
	Change::Amend(TermsInput { end: NOW + 60 * DAY, ..terms() })
}

/// An amendment of the scope: a temporary permission expansion to downloads.
fn expanded() -> ChangeInput {
	let policy = PolicyInput { manners: policy().manners.with(Manner::Download), ..policy() };
	Change::Amend(TermsInput { policy, ..terms() })
}

/// The pending change request of `agreement`.
fn pending(agreement: AgreementId) -> ChangeRequestOf<Test> {
	PendingChanges::<Test>::get(agreement).expect("a pending change")
}

#[test]
fn an_amendment_outside_the_scope_takes_effect_once_every_party_approved() {
	run(|| {
		let agreement = active();
		System::reset_events();
		assert_ok!(request(PROVIDER, agreement, extended()));
		assert_eq!(
			agreement_events(),
			vec![Event::ChangeRequested { agreement, by: org(HUAWEI), needs_operator: false }]
		);
		let change = pending(agreement);
		let expected: ChangeOf<Test> = extended().rebound().unwrap();
		assert_eq!(change.change, expected);
		assert_eq!(change.proposed_by, org(HUAWEI));
		assert_eq!(change.version, 1);
		assert_eq!(change.approvals.to_vec(), vec![org(HUAWEI)]);
		assert_eq!(change.operator_approval, None);
		assert_eq!(change.at, 1);
		assert_eq!(stored(agreement).version, 1);
		assert!(Contracts::minimal_record(agreement).unwrap().change_pending);
		System::reset_events();
		assert_ok!(approve(USER, agreement));
		assert_eq!(
			agreement_events(),
			vec![
				Event::ChangeApproved { agreement, by: USER },
				Event::ChangeApplied { agreement, version: 2 },
			]
		);
		assert!(!PendingChanges::<Test>::contains_key(agreement));
		let record = stored(agreement);
		assert_eq!(record.version, 2);
		assert_eq!(record.terms.end, NOW + 60 * DAY);
		assert_eq!(record.digest, Contracts::digest_of(&record.terms));
		assert_eq!(record.status, Active);
		let version = Versions::<Test>::get(agreement, 2u32).unwrap();
		assert_eq!(version.origin, VersionOrigin::Amendment);
		assert_eq!(version.proposed_by, org(HUAWEI));
		assert_eq!(version.digest, record.digest);
	});
}

#[test]
fn an_amendment_of_the_policy_needs_the_operator_too() {
	run(|| {
		let agreement = active();
		assert_ok!(request(USER, agreement, expanded()));
		assert_eq!(
			last_event(),
			Event::ChangeRequested { agreement, by: org(TENCENT), needs_operator: true }
		);
		assert_eq!(pending(agreement).operator_approval, Some(false));
		// Every party agrees: still pending, for the operator.
		assert_ok!(approve(PROVIDER, agreement));
		assert_eq!(pending(agreement).approvals.to_vec(), vec![org(TENCENT), org(HUAWEI)]);
		assert_eq!(stored(agreement).version, 1);
		// Another space's operator is nobody here.
		assert_noop!(approve(OPERATOR_B, agreement), Error::<Test>::NotAParty);
		System::reset_events();
		assert_ok!(approve(OPERATOR_A, agreement));
		assert_eq!(
			agreement_events(),
			vec![
				Event::ChangeApproved { agreement, by: OPERATOR_A },
				Event::ChangeApplied { agreement, version: 2 },
			]
		);
		assert!(stored(agreement).terms.policy.manners.contains(Manner::Download));
		assert_eq!(
			Versions::<Test>::get(agreement, 2u32).map(|version| version.origin),
			Some(VersionOrigin::Amendment)
		);
		// The permission expansion is in force.
		let download = UsageContext { manner: Manner::Download, ..context() };
		assert_ok!(Contracts::record_usage(RuntimeOrigin::signed(USER), agreement, download));
		assert_eq!(stored(agreement).counters.total, 1);
	});
}

#[test]
fn the_operator_may_approve_before_the_parties() {
	run(|| {
		let agreement = active();
		assert_ok!(request(PROVIDER, agreement, expanded()));
		assert_ok!(approve(OPERATOR_A, agreement));
		assert_eq!(pending(agreement).operator_approval, Some(true));
		// The operator approves once.
		assert_noop!(approve(OPERATOR_A, agreement), Error::<Test>::AlreadyExists);
		assert_ok!(approve(USER, agreement));
		assert_eq!(last_event(), Event::ChangeApplied { agreement, version: 2 });
		assert_eq!(stored(agreement).version, 2);
	});
}

#[test]
fn an_amendment_of_the_entries_needs_the_operator_and_indexes_them() {
	run(|| {
		let agreement = active();
		let second = published_entry(digest(0x02));
		let change = Change::Amend(TermsInput {
			entries: vec![ENTRY, second].try_into().unwrap(),
			..terms()
		});
		assert_ok!(request(PROVIDER, agreement, change));
		assert_eq!(pending(agreement).operator_approval, Some(false));
		assert_ok!(approve(USER, agreement));
		assert!(!ByEntry::<Test>::contains_key(second, agreement));
		assert_ok!(approve(OPERATOR_A, agreement));
		assert_eq!(stored(agreement).terms.entries.to_vec(), vec![ENTRY, second]);
		assert!(ByEntry::<Test>::contains_key(second, agreement));
		assert_eq!(Contracts::agreements_of_entry(second, None, 10), vec![(agreement, Active)]);
	});
}

#[test]
fn the_operator_is_not_asked_when_the_scope_is_unchanged() {
	run(|| {
		let agreement = active();
		assert_ok!(request(PROVIDER, agreement, extended()));
		assert_noop!(approve(OPERATOR_A, agreement), Error::<Test>::NotAParty);
		assert_noop!(reject(OPERATOR_A, agreement), Error::<Test>::NotAParty);
	});
}

#[test]
fn the_parties_suspend_and_resume_by_agreement() {
	run(|| {
		let agreement = active();
		assert_ok!(request(PROVIDER, agreement, Change::Suspend));
		assert_eq!(
			last_event(),
			Event::ChangeRequested { agreement, by: org(HUAWEI), needs_operator: false }
		);
		System::reset_events();
		assert_ok!(approve(USER, agreement));
		assert_eq!(
			agreement_events(),
			vec![
				Event::ChangeApproved { agreement, by: USER },
				Event::ChangeApplied { agreement, version: 1 },
				Event::StatusChanged {
					agreement,
					from: Active,
					to: Suspended,
					by: Some(USER),
					reason: None,
				},
			]
		);
		assert_eq!(status(agreement), Suspended);
		assert_ok!(request(USER, agreement, Change::Resume));
		assert_ok!(approve(PROVIDER, agreement));
		assert_eq!(
			last_event(),
			Event::StatusChanged {
				agreement,
				from: Suspended,
				to: Active,
				by: Some(PROVIDER),
				reason: None,
			}
		);
		assert_eq!(stored(agreement).version, 1);
	});
}

#[test]
fn the_parties_terminate_by_agreement() {
	run(|| {
		let agreement = active();
		assert_ok!(request(USER, agreement, Change::Terminate));
		assert_ok!(approve(PROVIDER, agreement));
		assert_eq!(status(agreement), Terminated);
		assert_eq!(
			last_event(),
			Event::StatusChanged {
				agreement,
				from: Active,
				to: Terminated,
				by: Some(PROVIDER),
				reason: None,
			}
		);
	});
}

#[test]
fn the_parties_declare_the_agreement_performed() {
	run(|| {
		let agreement = active();
		assert_ok!(request(PROVIDER, agreement, Change::Complete));
		assert_ok!(approve(USER, agreement));
		assert_eq!(status(agreement), Completed);
		assert_noop!(
			Contracts::record_usage(RuntimeOrigin::signed(USER), agreement, context()),
			Error::<Test>::NotActive
		);
		assert_noop!(request(USER, agreement, Change::Resume), Error::<Test>::InvalidTransition);
		assert_noop!(request(USER, agreement, extended()), Error::<Test>::InvalidTransition);
	});
}

#[test]
fn a_change_must_fit_the_status() {
	run(|| {
		let draft = created();
		let waiting = filed_with(on_condition());
		for agreement in [draft, waiting] {
			for change in [Change::Suspend, Change::Resume, Change::Terminate, Change::Complete] {
				assert_noop!(request(USER, agreement, change), Error::<Test>::InvalidTransition);
			}
			assert_noop!(request(USER, agreement, extended()), Error::<Test>::InvalidTransition);
		}
		let active = active();
		assert_noop!(request(USER, active, Change::Resume), Error::<Test>::InvalidTransition);
		assert_ok!(Contracts::suspend(RuntimeOrigin::signed(OPERATOR_A), active, digest(0x51)));
		assert_noop!(request(USER, active, Change::Suspend), Error::<Test>::InvalidTransition);
		assert_noop!(request(USER, active, Change::Complete), Error::<Test>::InvalidTransition);
		// A suspended agreement may still be amended.
		assert_ok!(request(USER, active, extended()));
	});
}

#[test]
fn a_change_that_no_longer_fits_fails_at_the_last_approval() {
	run(|| {
		let agreement = active();
		assert_ok!(request(PROVIDER, agreement, Change::Complete));
		assert_ok!(Contracts::suspend(RuntimeOrigin::signed(REGULATOR), agreement, digest(0x51)));
		assert_noop!(approve(USER, agreement), Error::<Test>::InvalidTransition);
		// It can still be dropped.
		assert_ok!(reject(USER, agreement));
		assert!(!PendingChanges::<Test>::contains_key(agreement));
	});
}

#[test]
fn one_change_is_pending_at_a_time() {
	run(|| {
		let agreement = active();
		assert_ok!(request(PROVIDER, agreement, extended()));
		assert_noop!(request(USER, agreement, Change::Suspend), Error::<Test>::AlreadyExists);
		assert_noop!(request(PROVIDER, agreement, expanded()), Error::<Test>::AlreadyExists);
		// The proposer's approval is counted already.
		assert_noop!(approve(PROVIDER, agreement), Error::<Test>::AlreadyExists);
	});
}

#[test]
fn a_party_rejects_the_change_and_it_is_dropped() {
	run(|| {
		let agreement = active();
		assert_ok!(request(PROVIDER, agreement, extended()));
		System::reset_events();
		assert_ok!(reject(USER, agreement));
		assert_eq!(agreement_events(), vec![Event::ChangeRejected { agreement, by: USER }]);
		assert!(!PendingChanges::<Test>::contains_key(agreement));
		assert_eq!(stored(agreement).version, 1);
		assert_eq!(stored(agreement).terms.end, NOW + 30 * DAY);
		assert!(!Contracts::minimal_record(agreement).unwrap().change_pending);
		// A new request may follow; its proposer may withdraw it by rejecting it.
		assert_ok!(request(USER, agreement, Change::Suspend));
		assert_ok!(reject(USER, agreement));
		assert_eq!(last_event(), Event::ChangeRejected { agreement, by: USER });
	});
}

#[test]
fn the_operator_rejects_a_change_of_the_scope() {
	run(|| {
		let agreement = active();
		assert_ok!(request(PROVIDER, agreement, expanded()));
		assert_ok!(approve(USER, agreement));
		// Not the operator of another space.
		assert_noop!(reject(OPERATOR_B, agreement), Error::<Test>::NotAParty);
		assert_ok!(reject(OPERATOR_A, agreement));
		assert_eq!(last_event(), Event::ChangeRejected { agreement, by: OPERATOR_A });
		assert!(!stored(agreement).terms.policy.manners.contains(Manner::Download));
		assert_eq!(stored(agreement).version, 1);
	});
}

#[test]
fn only_parties_request_approve_and_reject() {
	run(|| {
		let agreement = active();
		for who in [OTHER_USER, ARBITRATOR, REGULATOR, OPERATOR_A, CONNECTOR, STRANGER] {
			assert_noop!(request(who, agreement, Change::Suspend), Error::<Test>::NotAParty);
		}
		assert_ok!(request(PROVIDER, agreement, Change::Suspend));
		for who in [OTHER_USER, ARBITRATOR, REGULATOR, OPERATOR_A, CONNECTOR, STRANGER] {
			assert_noop!(approve(who, agreement), Error::<Test>::NotAParty);
			assert_noop!(reject(who, agreement), Error::<Test>::NotAParty);
		}
		assert_noop!(
			Contracts::approve_change(RuntimeOrigin::root(), agreement),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_frozen_party_may_not_request_or_approve() {
	run(|| {
		let agreement = active();
		assert_ok!(request(PROVIDER, agreement, Change::Terminate));
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_B),
			org(TENCENT),
			digest(9)
		));
		assert_noop!(approve(USER, agreement), Error::<Test>::IdentityNotActive);
		assert_noop!(reject(USER, agreement), Error::<Test>::IdentityNotActive);
		assert_ok!(reject(PROVIDER, agreement));
		assert_noop!(request(USER, agreement, Change::Terminate), Error::<Test>::IdentityNotActive);
	});
}

#[test]
fn without_a_pending_change_there_is_nothing_to_approve_or_reject() {
	run(|| {
		let agreement = active();
		assert_noop!(approve(USER, agreement), Error::<Test>::NotFound);
		assert_noop!(reject(USER, agreement), Error::<Test>::NotFound);
		assert_noop!(approve(USER, 99), Error::<Test>::NotFound);
		assert_noop!(request(USER, 99, Change::Suspend), Error::<Test>::NotFound);
	});
}

#[test]
fn an_amendment_is_checked_like_a_creation() {
	run(|| {
		let agreement = active();
		let approved = approved_entry(digest(0x02));
		let amend = |terms: TermsInput| -> ChangeInput { Change::Amend(terms) };
		let oversized = PolicyInput { users: vec![digest(1); 5].try_into().unwrap(), ..policy() };
		let cases = [
			(
				TermsInput { shares: vec![1_000_000].try_into().unwrap(), ..terms() },
				Error::<Test>::InvalidSplit,
			),
			(TermsInput { start: NOW + 30 * DAY, ..terms() }, Error::<Test>::InvalidTerms),
			(
				TermsInput { entries: vec![approved].try_into().unwrap(), ..terms() },
				Error::<Test>::EntryNotUsable,
			),
			(
				TermsInput { arbitrator: Some(org(TENCENT)), ..terms() },
				Error::<Test>::InvalidParties,
			),
			(TermsInput { policy: oversized, ..terms() }, Error::<Test>::TooManyPolicyItems),
			(
				TermsInput {
					entries: (1..=4)
						.map(|number| CatalogId { space: SPACE_A, number })
						.collect::<Vec<_>>()
						.try_into()
						.unwrap(),
					..terms()
				},
				Error::<Test>::TooManyEntries,
			),
		];
		for (terms, error) in cases {
			assert_noop!(request(USER, agreement, amend(terms)), error);
		}
	});
}
