//! Recording use: the policy evaluated on chain, permitted uses counted, denied ones recorded as
//! breaches with the breach rule's graded response, and every decision stored so that anyone can
//! replay it.

use crate::{mock::*, *};
use frame::testing_prelude::*;
use tds_primitives::agreement::AgreementStatus::*;

/// A use declared by `who`.
fn record_use(who: u64, agreement: AgreementId, context: UsageContext) -> DispatchResult {
	Contracts::record_usage(RuntimeOrigin::signed(who), agreement, context)
}

/// The counters after `total` uses, `in_window` of them in the hour starting at [`NOW`].
fn counted(total: u64, in_window: u32) -> UsageCounters {
	UsageCounters { total, window: NOW / HOUR, in_window }
}

/// An off-scenario use by the user: always denied by [`policy`].
fn off_scenario() -> UsageContext {
	UsageContext { scenario: SCENARIO + 1, ..context() }
}

/// Decision `number` of `agreement`.
fn decision(agreement: AgreementId, number: u32) -> DecisionOf<Test> {
	Decisions::<Test>::get(agreement, number).expect("a decision")
}

/// An agreement on [`terms`] with `policy`, reading as active.
fn under(policy: PolicyInput) -> AgreementId {
	active_with(TermsInput { policy, ..terms() })
}

/// The breach event of decision `decision` of `agreement`.
fn breach(
	agreement: AgreementId,
	decision: u32,
	reason: DenyReason,
	response: BreachResponse,
) -> Event<Test> {
	Event::BreachRecorded { agreement, decision, user: org(TENCENT), reason, response }
}

/// Asserts that decision `number` of `agreement` replays: the evaluator, given the stored
/// context, counters and time and the policy of the stored version, answers the stored verdict;
/// and the stored digests are those of the context and of that policy.
#[track_caller]
fn assert_replays(agreement: AgreementId, number: u32) {
	let recorded = decision(agreement, number);
	let version = Versions::<Test>::get(agreement, recorded.version).expect("its version");
	let policy = &version.terms.policy;
	let verdict = evaluate(
		policy,
		recorded.using_party,
		&recorded.counters_before,
		&recorded.context,
		recorded.now,
	);
	assert_eq!(verdict, recorded.verdict, "decision {number}");
	assert_eq!(recorded.context_digest, Digest::from(blake2_256(&recorded.context.encode())));
	assert_eq!(recorded.policy_digest, Digest::from(blake2_256(&policy.encode())));
	assert_eq!(recorded.evaluator_version, EVALUATOR_VERSION);
}

#[test]
fn a_permitted_use_is_counted_and_recorded() {
	run(|| {
		let agreement = active();
		System::reset_events();
		assert_ok!(record_use(USER, agreement, context()));
		assert_eq!(
			agreement_events(),
			vec![Event::UsagePermitted { agreement, decision: 0, user: org(TENCENT) }]
		);
		let record = stored(agreement);
		assert_eq!(record.status, Active);
		assert_eq!(record.counters, counted(1, 1));
		assert_eq!((record.decisions, record.breaches), (1, 0));
		let expected: DecisionOf<Test> = Decision {
			context: context(),
			context_digest: Digest::from(blake2_256(&context().encode())),
			policy_digest: Digest::from(blake2_256(&record.terms.policy.encode())),
			version: 1,
			evaluator_version: EVALUATOR_VERSION,
			using_party: true,
			counters_before: UsageCounters::default(),
			now: NOW,
			verdict: Verdict::Permit(counted(1, 1)),
			response: None,
			by: USER,
			at: 1,
		};
		assert_eq!(decision(agreement, 0), expected);
		assert_replays(agreement, 0);
	});
}

#[test]
fn uses_are_counted_per_frequency_window() {
	run(|| {
		let agreement = active();
		for n in 1..=3 {
			assert_ok!(record_use(USER, agreement, context()));
			assert_eq!(stored(agreement).counters, counted(n, n as u32));
		}
		// The fourth use of the hour is over the limit: a breach; nothing is counted.
		assert_ok!(record_use(USER, agreement, context()));
		assert_eq!(
			last_event(),
			breach(agreement, 3, DenyReason::FrequencyExceeded, BreachResponse::Warned)
		);
		let record = stored(agreement);
		assert_eq!(record.counters, counted(3, 3));
		assert_eq!((record.decisions, record.breaches), (4, 1));
		// The next hour is a new window.
		set_time(NOW + HOUR);
		assert_ok!(record_use(USER, agreement, context()));
		assert_eq!(
			last_event(),
			Event::UsagePermitted { agreement, decision: 4, user: org(TENCENT) }
		);
		assert_eq!(
			stored(agreement).counters,
			UsageCounters { total: 4, window: NOW / HOUR + 1, in_window: 1 }
		);
		for number in 0..5 {
			assert_replays(agreement, number);
		}
	});
}

/// A name, how the use departs from the permitted one, and the reason it is denied for.
type DeniedUse = (&'static str, fn(&mut UsageContext), DenyReason);

#[test]
fn every_denied_use_is_a_breach_with_its_reason() {
	run(|| {
		use DenyReason::*;
		let cases: [DeniedUse; 10] = [
			("the provider is no using party", |c| c.user = org(HUAWEI), UserNotAllowed),
			("not a party", |c| c.user = org(ALIBABA), UserNotAllowed),
			("off-scenario", |c| c.scenario = SCENARIO + 1, ScenarioNotAllowed),
			("marketing", |c| c.marketing = true, MarketingBanned),
			("download", |c| c.manner = Manner::Download, MannerNotAllowed),
			("unauthorised field", |c| c.fields = 0b1000, FieldNotPermitted),
			("bulk export", |c| c.volume = 1_001, VolumeExceeded),
			("onward transfer", |c| c.onward_transfer = true, OnwardTransferForbidden),
			("sub-licensing", |c| c.sublicensing = true, SublicensingBanned),
			("no evidence", |c| c.evidence = None, EvidenceMissing),
		];
		for (name, change, reason) in cases {
			let mut declared = context();
			change(&mut declared);
			let agreement = active();
			System::reset_events();
			assert_ok!(record_use(USER, agreement, declared.clone()));
			assert_eq!(
				agreement_events(),
				vec![Event::BreachRecorded {
					agreement,
					decision: 0,
					user: declared.user,
					reason,
					response: BreachResponse::Warned,
				}],
				"{name}"
			);
			let record = stored(agreement);
			assert_eq!(record.counters, UsageCounters::default(), "{name}");
			assert_eq!((record.decisions, record.breaches), (1, 1), "{name}");
			assert_eq!(effective(agreement), Active, "{name}");
			let recorded = decision(agreement, 0);
			assert_eq!(recorded.context, declared, "{name}");
			assert_eq!(recorded.verdict, Verdict::Deny(reason), "{name}");
			assert_eq!(recorded.response, Some(BreachResponse::Warned), "{name}");
			assert_replays(agreement, 0);
		}
	});
}

#[test]
fn the_policy_s_lists_validity_and_total_are_enforced() {
	run(|| {
		let only_a = under(PolicyInput { spaces: vec![SPACE_A].try_into().unwrap(), ..policy() });
		let only_alibaba =
			under(PolicyInput { users: vec![org(ALIBABA)].try_into().unwrap(), ..policy() });
		let later = under(PolicyInput { valid_from: Some(NOW + HOUR), ..policy() });
		let for_an_hour = under(PolicyInput { valid_until: Some(NOW + HOUR), ..policy() });
		let once = under(PolicyInput { max_total_uses: Some(1), ..policy() });
		assert_ok!(record_use(USER, once, context()));
		let denied = [
			(only_a, DenyReason::SpaceNotAllowed),
			(only_alibaba, DenyReason::UserNotAllowed),
			(later, DenyReason::NotYetValid),
			(once, DenyReason::TotalUsesExceeded),
		];
		for (agreement, reason) in denied {
			assert_ok!(record_use(USER, agreement, context()));
			let number = stored(agreement).decisions - 1;
			assert_eq!(decision(agreement, number).verdict, Verdict::Deny(reason));
			assert_replays(agreement, number);
		}
		// Within its validity, permitted; at its end, denied.
		assert_ok!(record_use(USER, for_an_hour, context()));
		set_time(NOW + HOUR);
		assert_ok!(record_use(USER, for_an_hour, context()));
		assert_eq!(
			last_event(),
			breach(for_an_hour, 1, DenyReason::ValidityEnded, BreachResponse::Warned)
		);
		// And the policy valid from then on permits.
		assert_ok!(record_use(USER, later, context()));
		assert_eq!(
			last_event(),
			Event::UsagePermitted { agreement: later, decision: 1, user: org(TENCENT) }
		);
	});
}

#[test]
fn the_second_breach_suspends_the_agreement() {
	run(|| {
		let agreement = active();
		assert_ok!(record_use(USER, agreement, off_scenario()));
		assert_eq!(
			last_event(),
			breach(agreement, 0, DenyReason::ScenarioNotAllowed, BreachResponse::Warned)
		);
		assert_eq!(status(agreement), Active);
		System::reset_events();
		assert_ok!(record_use(USER, agreement, off_scenario()));
		assert_eq!(
			agreement_events(),
			vec![
				breach(agreement, 1, DenyReason::ScenarioNotAllowed, BreachResponse::Suspended),
				Event::StatusChanged {
					agreement,
					from: Active,
					to: Suspended,
					by: None,
					reason: None,
				},
			]
		);
		let record = stored(agreement);
		assert_eq!(record.status, Suspended);
		assert_eq!((record.decisions, record.breaches), (2, 2));
		assert_eq!(decision(agreement, 1).response, Some(BreachResponse::Suspended));
		// Suspended, it permits nothing, and records nothing.
		assert_noop!(record_use(USER, agreement, context()), Error::<Test>::NotActive);
		// Resumed after review, any further breach suspends it again.
		assert_ok!(Contracts::resume(RuntimeOrigin::signed(OPERATOR_A), agreement, digest(0x52)));
		assert_ok!(record_use(USER, agreement, context()));
		assert_eq!(status(agreement), Active);
		assert_ok!(record_use(USER, agreement, off_scenario()));
		assert_eq!(
			last_event(),
			Event::StatusChanged { agreement, from: Active, to: Suspended, by: None, reason: None }
		);
		assert_eq!(stored(agreement).breaches, 3);
		for number in 0..4 {
			assert_replays(agreement, number);
		}
	});
}

#[test]
fn a_breach_rule_without_thresholds_only_records() {
	run(|| {
		let agreement = active_with(TermsInput { breach_rule: BreachRule::default(), ..terms() });
		for number in 0..3 {
			assert_ok!(record_use(USER, agreement, off_scenario()));
			assert_eq!(
				last_event(),
				breach(agreement, number, DenyReason::ScenarioNotAllowed, BreachResponse::Recorded)
			);
		}
		assert_eq!(effective(agreement), Active);
		assert_eq!(stored(agreement).breaches, 3);
		assert_ok!(record_use(USER, agreement, context()));
	});
}

#[test]
fn only_an_active_agreement_records_use() {
	run(|| {
		let draft = created();
		let signed = signed();
		let waiting = filed_with(on_condition());
		let suspended = active();
		assert_ok!(Contracts::suspend(RuntimeOrigin::signed(OPERATOR_A), suspended, digest(0x51)));
		let disputed = active();
		assert_ok!(Contracts::open_dispute(RuntimeOrigin::signed(PROVIDER), disputed, vec![]));
		let withdrawn = created();
		assert_ok!(Contracts::withdraw(RuntimeOrigin::signed(USER), withdrawn));
		for agreement in [draft, signed, waiting, suspended, disputed, withdrawn] {
			assert_noop!(record_use(USER, agreement, context()), Error::<Test>::NotActive);
		}
		assert_noop!(record_use(USER, 99, context()), Error::<Test>::NotFound);
	});
}

#[test]
fn only_a_party_or_its_connector_records_use() {
	run(|| {
		let agreement = active();
		for who in [OTHER_USER, ARBITRATOR, REGULATOR, OPERATOR_A, OPERATOR_B, STRANGER] {
			assert_noop!(record_use(who, agreement, context()), Error::<Test>::NotAParty);
		}
		assert_noop!(
			Contracts::record_usage(RuntimeOrigin::root(), agreement, context()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_frozen_party_may_not_record_use() {
	run(|| {
		let agreement = active();
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_B),
			org(TENCENT),
			digest(9)
		));
		assert_noop!(record_use(USER, agreement, context()), Error::<Test>::IdentityNotActive);
	});
}

#[test]
fn the_connector_of_a_party_records_its_use() {
	run(|| {
		let agreement = active();
		assert_ok!(record_use(CONNECTOR, agreement, context()));
		assert_eq!(
			last_event(),
			Event::UsagePermitted { agreement, decision: 0, user: org(TENCENT) }
		);
		assert_eq!(decision(agreement, 0).by, CONNECTOR);
		assert_eq!(stored(agreement).counters, counted(1, 1));
		// Declaring its own identity as the user: not a party, denied.
		let itself = UsageContext { user: connector(), ..context() };
		assert_ok!(record_use(CONNECTOR, agreement, itself));
		assert_eq!(decision(agreement, 1).verdict, Verdict::Deny(DenyReason::UserNotAllowed));
	});
}

#[test]
fn a_connector_may_not_act_while_it_or_its_owner_may_not() {
	run(|| {
		let agreement = active();
		let operator = || RuntimeOrigin::signed(OPERATOR_B);
		assert_ok!(IdentityRegistry::freeze_participant(operator(), connector(), digest(9)));
		assert_noop!(record_use(CONNECTOR, agreement, context()), Error::<Test>::IdentityNotActive);
		assert_ok!(IdentityRegistry::unfreeze_participant(operator(), connector(), digest(10)));
		assert_ok!(IdentityRegistry::freeze_participant(operator(), org(TENCENT), digest(9)));
		assert_noop!(record_use(CONNECTOR, agreement, context()), Error::<Test>::IdentityNotActive);
		assert_ok!(IdentityRegistry::unfreeze_participant(operator(), org(TENCENT), digest(10)));
		assert_ok!(record_use(CONNECTOR, agreement, context()));
	});
}
