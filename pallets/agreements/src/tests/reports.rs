//! Reporting uses that happened, in aggregate (`report_usage`): how the evidence gateway tells
//! the chain what its log shows. Each report is one decision over all its uses, counted whether
//! permitted or not; a report over a limit is a breach; reporters are parties, their
//! connectors, or the filing space's operator organisation; a log position is reported once.

use crate::{mock::*, *};
use frame::testing_prelude::*;
use tds_primitives::agreement::AgreementStatus::*;

/// `uses` permitted-shaped uses (10 records each) by the user in the hour of [`NOW`], from
/// minute `first` to minute `last`.
fn report(uses: u32, first: u64, last: u64) -> UsageReport {
	UsageReport {
		context: context(),
		uses,
		total_volume: u64::from(uses) * 10,
		first: NOW + first * 60_000,
		last: NOW + last * 60_000,
	}
}

fn report_use(
	who: u64,
	agreement: AgreementId,
	through: u64,
	reports: Vec<UsageReport>,
) -> DispatchResult {
	Contracts::report_usage(RuntimeOrigin::signed(who), agreement, through, reports)
}

/// An agreement on [`terms`] allowing 100 uses an hour and 250 in all, reading as active.
fn generous() -> AgreementId {
	active_with(TermsInput {
		policy: PolicyInput {
			frequency: Some(Frequency { max_uses: 100, window: HOUR }),
			max_total_uses: Some(250),
			..policy()
		},
		..terms()
	})
}

/// Asserts that decision `number` of `agreement` replays from its stored report.
#[track_caller]
fn assert_replays(agreement: AgreementId, number: u32) {
	let recorded = Decisions::<Test>::get(agreement, number).expect("a decision");
	let report = UsageReports::<Test>::get(agreement, number).expect("its report");
	let version = Versions::<Test>::get(agreement, recorded.version).expect("its version");
	let (verdict, _) = evaluate_report(
		&version.terms.policy,
		recorded.using_party,
		&recorded.counters_before,
		&report,
	);
	assert_eq!(verdict, recorded.verdict, "decision {number}");
	assert_eq!(recorded.context, report.context);
}

#[test]
fn the_gateway_reports_uses_and_they_are_counted() {
	run(|| {
		let agreement = generous();
		System::reset_events();
		assert_ok!(report_use(GATEWAY, agreement, 500, vec![report(60, 0, 30)]));
		assert_eq!(
			agreement_events(),
			vec![
				Event::UsagePermitted { agreement, decision: 0, user: org(TENCENT) },
				Event::UsageReported { agreement, by: org(OPERATOR_ORG), through: 500, uses: 60 },
			]
		);
		let record = stored(agreement);
		assert_eq!(record.counters, UsageCounters { total: 60, window: NOW / HOUR, in_window: 60 });
		assert_eq!((record.decisions, record.breaches), (1, 0));
		assert_eq!(ReportedThrough::<Test>::get(agreement, GATEWAY), Some(500));
		assert_eq!(UsageReports::<Test>::get(agreement, 0), Some(report(60, 0, 30)));
		assert_eq!(Decisions::<Test>::get(agreement, 0).map(|d| d.by), Some(GATEWAY));
		assert_replays(agreement, 0);
	});
}

#[test]
fn a_frequency_breach_in_a_report_suspends_under_the_breach_rule() {
	run(|| {
		let agreement = generous();
		// 60 + 41 in the hour: the second report goes over; the first breach warns.
		assert_ok!(report_use(GATEWAY, agreement, 1, vec![report(60, 0, 10)]));
		System::reset_events();
		assert_ok!(report_use(GATEWAY, agreement, 2, vec![report(41, 11, 20)]));
		assert_eq!(
			agreement_events(),
			vec![
				Event::BreachRecorded {
					agreement,
					decision: 1,
					user: org(TENCENT),
					reason: DenyReason::FrequencyExceeded,
					response: BreachResponse::Warned,
				},
				Event::UsageReported { agreement, by: org(OPERATOR_ORG), through: 2, uses: 41 },
			]
		);
		// The uses happened: counted although denied.
		assert_eq!(stored(agreement).counters.in_window, 101);
		// Two more over-limit reports in one call: the first suspends, the second is still
		// recorded.
		System::reset_events();
		assert_ok!(report_use(GATEWAY, agreement, 3, vec![report(1, 21, 21), report(2, 22, 23)]));
		let record = stored(agreement);
		assert_eq!(record.status, Suspended);
		assert_eq!((record.decisions, record.breaches), (4, 3));
		assert_eq!(record.counters.in_window, 104);
		let suspensions = agreement_events()
			.into_iter()
			.filter(|event| matches!(event, Event::StatusChanged { to: Suspended, .. }))
			.count();
		assert_eq!(suspensions, 1);
		for number in 0..4 {
			assert_replays(agreement, number);
		}
		// Suspended: nothing more is reported.
		assert_noop!(
			report_use(GATEWAY, agreement, 4, vec![report(1, 30, 30)]),
			Error::<Test>::NotActive
		);
	});
}

#[test]
fn a_report_is_checked_against_the_policy_s_use_rules() {
	run(|| {
		let agreement = generous();
		let off_scenario = UsageReport {
			context: UsageContext { scenario: SCENARIO + 1, ..context() },
			..report(5, 0, 1)
		};
		assert_ok!(report_use(GATEWAY, agreement, 1, vec![report(5, 0, 1), off_scenario]));
		let record = stored(agreement);
		assert_eq!((record.decisions, record.breaches), (2, 1));
		assert_eq!(
			Decisions::<Test>::get(agreement, 1).map(|d| d.verdict),
			Some(Verdict::Deny(DenyReason::ScenarioNotAllowed))
		);
		assert_eq!(record.counters.total, 10);
	});
}

#[test]
fn parties_and_their_connectors_report_too() {
	run(|| {
		let agreement = generous();
		assert_ok!(report_use(USER, agreement, 1, vec![report(1, 0, 0)]));
		assert_ok!(report_use(CONNECTOR, agreement, 1, vec![report(1, 1, 1)]));
		assert_ok!(report_use(PROVIDER, agreement, 1, vec![report(1, 2, 2)]));
		assert_eq!(stored(agreement).counters.total, 3);
		// Each reporter has its own position.
		assert_eq!(ReportedThrough::<Test>::get(agreement, CONNECTOR), Some(1));
	});
}

#[test]
fn a_log_position_is_reported_once() {
	run(|| {
		let agreement = generous();
		assert_ok!(report_use(GATEWAY, agreement, 10, vec![report(1, 0, 0)]));
		for through in [10, 9, 0] {
			assert_noop!(
				report_use(GATEWAY, agreement, through, vec![report(1, 1, 1)]),
				Error::<Test>::AlreadyReported
			);
		}
		assert_ok!(report_use(GATEWAY, agreement, 11, vec![report(1, 1, 1)]));
	});
}

#[test]
fn only_parties_their_connectors_and_the_filing_space_s_operator_organisation_report() {
	run(|| {
		let agreement = generous();
		for who in [OTHER_USER, ARBITRATOR, REGULATOR, OPERATOR_A, OPERATOR_B, STRANGER] {
			assert_noop!(
				report_use(who, agreement, 1, vec![report(1, 0, 0)]),
				Error::<Test>::NotAuthorized
			);
		}
		assert_noop!(
			Contracts::report_usage(RuntimeOrigin::root(), agreement, 1, vec![report(1, 0, 0)]),
			DispatchError::BadOrigin
		);
		// A frozen operator organisation may not.
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(OPERATOR_ORG),
			digest(9)
		));
		assert_noop!(
			report_use(GATEWAY, agreement, 1, vec![report(1, 0, 0)]),
			Error::<Test>::IdentityNotActive
		);
	});
}

#[test]
fn malformed_or_too_many_reports_change_nothing() {
	run(|| {
		let agreement = generous();
		let bad = [
			(vec![], Error::<Test>::InvalidReport),
			(vec![report(0, 0, 0)], Error::<Test>::InvalidReport),
			(vec![report(2, 5, 4)], Error::<Test>::InvalidReport),
			(vec![report(2, 0, 61)], Error::<Test>::InvalidReport),
			(
				vec![report(1, 0, 0), UsageReport { total_volume: 1, ..report(2, 0, 0) }],
				Error::<Test>::InvalidReport,
			),
			(vec![report(1, 0, 0); 4], Error::<Test>::TooManyReports),
		];
		for (reports, error) in bad {
			assert_noop!(report_use(GATEWAY, agreement, 1, reports), error);
		}
		assert_noop!(report_use(GATEWAY, 99, 1, vec![report(1, 0, 0)]), Error::<Test>::NotFound);
		let filed = filed_with(TermsInput { start: NOW + HOUR, ..terms() });
		assert_noop!(
			report_use(GATEWAY, filed, 1, vec![report(1, 0, 0)]),
			Error::<Test>::NotActive
		);
	});
}
