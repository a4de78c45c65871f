//! Disputes: opened by a party with evidence, resolved by the arbitrator named in the terms or
//! appointed by the council, with liability shares and a penalty.

use crate::{mock::*, *};
use frame::testing_prelude::*;
use tds_primitives::agreement::AgreementStatus::*;

/// The penalty every resolution in these tests records.
const PENALTY: u128 = 5_000;

/// Opens a dispute on `agreement` with two evidence digests, signed by `who`.
fn open(who: u64, agreement: AgreementId) -> DispatchResult {
	Contracts::open_dispute(RuntimeOrigin::signed(who), agreement, vec![digest(0xe1), digest(0xe2)])
}

/// A resolution by `who` with `outcome`, `amendment` and `liability`, recording [`PENALTY`].
fn resolve(
	who: u64,
	agreement: AgreementId,
	outcome: DisputeOutcome,
	amendment: Option<TermsInput>,
	liability: Vec<PartsPerMillion>,
) -> DispatchResult {
	Contracts::resolve_dispute(
		RuntimeOrigin::signed(who),
		agreement,
		outcome,
		amendment.map(Box::new),
		liability,
		PENALTY,
		digest(0x9d),
	)
}

/// A resolution by `who` that the agreement continues, the user liable for 70%.
fn continued(who: u64, agreement: AgreementId) -> DispatchResult {
	resolve(who, agreement, DisputeOutcome::Continue, None, vec![300_000, 700_000])
}

/// An agreement reading as active, disputed by [`USER`].
fn disputed() -> AgreementId {
	let agreement = active();
	assert_ok!(open(USER, agreement));
	agreement
}

/// [`terms`] restricted to fields 0 and 1: what an arbitrator may impose.
fn narrowed() -> TermsInput {
	TermsInput { policy: PolicyInput { fields: Some(0b0011), ..policy() }, ..terms() }
}

/// The council appoints `arbitrator` for `agreement`.
fn appoint(agreement: AgreementId, arbitrator: IdentityId) -> DispatchResult {
	Contracts::appoint_arbitrator(RuntimeOrigin::root(), agreement, arbitrator)
}

#[test]
fn a_party_opens_a_dispute_on_an_active_agreement() {
	run(|| {
		let agreement = active();
		System::reset_events();
		assert_ok!(open(USER, agreement));
		assert_eq!(
			agreement_events(),
			vec![
				Event::DisputeOpened { agreement, by: org(TENCENT) },
				Event::StatusChanged {
					agreement,
					from: Active,
					to: Disputed,
					by: Some(USER),
					reason: None,
				},
			]
		);
		assert_eq!(status(agreement), Disputed);
		assert_eq!(effective(agreement), Disputed);
		let dispute = Disputes::<Test>::get(agreement).unwrap();
		assert_eq!(dispute.opened_by, org(TENCENT));
		assert_eq!(dispute.evidence.to_vec(), vec![digest(0xe1), digest(0xe2)]);
		assert_eq!(dispute.from, Active);
		assert_eq!(dispute.opened_at, 1);
		assert_eq!(dispute.resolution, None);
		// Under dispute, no use is permitted.
		assert_noop!(
			Contracts::record_usage(RuntimeOrigin::signed(USER), agreement, context()),
			Error::<Test>::NotActive
		);
	});
}

#[test]
fn a_suspended_agreement_may_be_disputed_and_resumes_on_resolution() {
	run(|| {
		let agreement = active();
		assert_ok!(Contracts::suspend(RuntimeOrigin::signed(OPERATOR_A), agreement, digest(0x51)));
		assert_ok!(open(PROVIDER, agreement));
		let dispute = Disputes::<Test>::get(agreement).unwrap();
		assert_eq!((dispute.from, dispute.opened_by), (Suspended, org(HUAWEI)));
		assert_ok!(continued(ARBITRATOR, agreement));
		assert_eq!(status(agreement), Active);
	});
}

#[test]
fn only_an_active_or_suspended_agreement_is_disputed() {
	run(|| {
		let draft = created();
		let signed = signed();
		let waiting = filed_with(on_condition());
		let disputed = disputed();
		let withdrawn = created();
		assert_ok!(Contracts::withdraw(RuntimeOrigin::signed(PROVIDER), withdrawn));
		for agreement in [draft, signed, waiting, disputed, withdrawn] {
			assert_noop!(open(USER, agreement), Error::<Test>::InvalidTransition);
		}
		assert_noop!(open(USER, 99), Error::<Test>::NotFound);
	});
}

#[test]
fn only_a_party_opens_a_dispute() {
	run(|| {
		let agreement = active();
		for who in [OTHER_USER, ARBITRATOR, REGULATOR, OPERATOR_A, CONNECTOR, STRANGER] {
			assert_noop!(open(who, agreement), Error::<Test>::NotAParty);
		}
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(9)
		));
		assert_noop!(open(PROVIDER, agreement), Error::<Test>::IdentityNotActive);
	});
}

#[test]
fn evidence_is_bounded() {
	run(|| {
		let agreement = active();
		let evidence = |count: u8| (1..=count).map(digest).collect::<Vec<_>>();
		assert_noop!(
			Contracts::open_dispute(RuntimeOrigin::signed(USER), agreement, evidence(5)),
			Error::<Test>::TooManyEvidence
		);
		assert_ok!(Contracts::open_dispute(RuntimeOrigin::signed(USER), agreement, evidence(4)));
		assert_eq!(Disputes::<Test>::get(agreement).unwrap().evidence.len(), 4);
	});
}

#[test]
fn the_named_arbitrator_lets_the_agreement_continue() {
	run(|| {
		let agreement = disputed();
		System::reset_events();
		assert_ok!(continued(ARBITRATOR, agreement));
		assert_eq!(
			agreement_events(),
			vec![
				Event::DisputeResolved {
					agreement,
					arbitrator: org(XIAOMI),
					outcome: DisputeOutcome::Continue,
					penalty: PENALTY,
				},
				Event::StatusChanged {
					agreement,
					from: Disputed,
					to: Active,
					by: Some(ARBITRATOR),
					reason: Some(digest(0x9d)),
				},
			]
		);
		let resolution = Disputes::<Test>::get(agreement).unwrap().resolution.unwrap();
		assert_eq!(resolution.arbitrator, org(XIAOMI));
		assert_eq!(resolution.outcome, DisputeOutcome::Continue);
		assert_eq!(resolution.liability.to_vec(), vec![300_000, 700_000]);
		assert_eq!(resolution.penalty, PENALTY);
		assert_eq!(resolution.reason, digest(0x9d));
		assert_eq!(resolution.at, 1);
		assert_eq!(stored(agreement).version, 1);
		assert_ok!(Contracts::record_usage(RuntimeOrigin::signed(USER), agreement, context()));
	});
}

#[test]
fn the_arbitrator_amends_the_agreement_as_a_new_version() {
	run(|| {
		let agreement = disputed();
		System::reset_events();
		assert_ok!(resolve(
			ARBITRATOR,
			agreement,
			DisputeOutcome::Amend,
			Some(narrowed()),
			vec![500_000, 500_000]
		));
		assert_eq!(
			agreement_events(),
			vec![
				Event::ChangeApplied { agreement, version: 2 },
				Event::DisputeResolved {
					agreement,
					arbitrator: org(XIAOMI),
					outcome: DisputeOutcome::Amend,
					penalty: PENALTY,
				},
				Event::StatusChanged {
					agreement,
					from: Disputed,
					to: Active,
					by: Some(ARBITRATOR),
					reason: Some(digest(0x9d)),
				},
			]
		);
		let record = stored(agreement);
		assert_eq!(record.version, 2);
		assert_eq!(record.terms.policy.fields, Some(0b0011));
		assert_eq!(record.digest, Contracts::digest_of(&record.terms));
		let version = Versions::<Test>::get(agreement, 2u32).unwrap();
		assert_eq!(version.origin, VersionOrigin::Resolution);
		assert_eq!(version.proposed_by, org(XIAOMI));
		// The new policy applies: field 2 is no longer permitted.
		let wider = UsageContext { fields: 0b0100, ..context() };
		assert_ok!(Contracts::record_usage(RuntimeOrigin::signed(USER), agreement, wider));
		let decision = Decisions::<Test>::get(agreement, 0u32).unwrap();
		assert_eq!(decision.version, 2);
		assert_eq!(decision.verdict, Verdict::Deny(DenyReason::FieldNotPermitted));
	});
}

#[test]
fn the_arbitrator_terminates_the_agreement() {
	run(|| {
		let agreement = disputed();
		assert_ok!(resolve(
			ARBITRATOR,
			agreement,
			DisputeOutcome::Terminate,
			None,
			vec![1_000_000, 0]
		));
		assert_eq!(
			last_event(),
			Event::StatusChanged {
				agreement,
				from: Disputed,
				to: Terminated,
				by: Some(ARBITRATOR),
				reason: Some(digest(0x9d)),
			}
		);
		assert_eq!(status(agreement), Terminated);
		assert_noop!(open(USER, agreement), Error::<Test>::InvalidTransition);
	});
}

#[test]
fn liability_is_one_share_per_party_summing_to_the_whole() {
	run(|| {
		let agreement = disputed();
		for liability in [
			vec![500_000, 400_000],
			vec![1_000_000],
			vec![500_000, 500_000, 0],
			vec![u32::MAX, 1],
			vec![],
		] {
			assert_noop!(
				resolve(ARBITRATOR, agreement, DisputeOutcome::Continue, None, liability),
				Error::<Test>::InvalidSplit
			);
		}
	});
}

#[test]
fn an_amendment_comes_with_the_amend_outcome_only() {
	run(|| {
		let agreement = disputed();
		let split = || vec![500_000, 500_000];
		assert_noop!(
			resolve(ARBITRATOR, agreement, DisputeOutcome::Amend, None, split()),
			Error::<Test>::AmendmentMismatch
		);
		for outcome in [DisputeOutcome::Continue, DisputeOutcome::Terminate] {
			assert_noop!(
				resolve(ARBITRATOR, agreement, outcome, Some(narrowed()), split()),
				Error::<Test>::AmendmentMismatch
			);
		}
	});
}

#[test]
fn an_imposed_amendment_is_checked_like_a_creation() {
	run(|| {
		let agreement = disputed();
		let amend = |terms: TermsInput| {
			resolve(ARBITRATOR, agreement, DisputeOutcome::Amend, Some(terms), vec![500_000; 2])
		};
		let oversized =
			PolicyInput { scenarios: vec![1, 2, 3, 4, 5].try_into().unwrap(), ..policy() };
		assert_noop!(
			amend(TermsInput { policy: oversized, ..terms() }),
			Error::<Test>::TooManyPolicyItems
		);
		assert_noop!(
			amend(TermsInput { shares: vec![1_000_000].try_into().unwrap(), ..terms() }),
			Error::<Test>::InvalidSplit
		);
		assert_noop!(amend(TermsInput { end: NOW, ..terms() }), Error::<Test>::InvalidTerms);
		// Nor may it name a party as the arbitrator.
		assert_noop!(
			amend(TermsInput { arbitrator: Some(org(TENCENT)), ..terms() }),
			Error::<Test>::InvalidParties
		);
	});
}

#[test]
fn only_the_arbitrator_resolves() {
	run(|| {
		let agreement = disputed();
		for who in [PROVIDER, USER, OTHER_USER, REGULATOR, OPERATOR_A, CONNECTOR, STRANGER] {
			assert_noop!(continued(who, agreement), Error::<Test>::NotArbitrator);
		}
		assert_noop!(
			Contracts::resolve_dispute(
				RuntimeOrigin::root(),
				agreement,
				DisputeOutcome::Continue,
				None,
				vec![300_000, 700_000],
				PENALTY,
				digest(0x9d)
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_frozen_arbitrator_may_not_resolve() {
	run(|| {
		let agreement = disputed();
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(XIAOMI),
			digest(9)
		));
		assert_noop!(continued(ARBITRATOR, agreement), Error::<Test>::IdentityNotActive);
	});
}

#[test]
fn only_an_open_dispute_is_resolved() {
	run(|| {
		// Never disputed: there is no dispute.
		let agreement = active();
		assert_noop!(continued(ARBITRATOR, agreement), Error::<Test>::NotFound);
		// Resolved already: the agreement is no longer disputed.
		assert_ok!(open(USER, agreement));
		assert_ok!(continued(ARBITRATOR, agreement));
		assert_noop!(continued(ARBITRATOR, agreement), Error::<Test>::InvalidTransition);
		assert_noop!(continued(ARBITRATOR, 99), Error::<Test>::NotFound);
	});
}

#[test]
fn a_resolved_agreement_may_be_disputed_again() {
	run(|| {
		let agreement = disputed();
		assert_ok!(continued(ARBITRATOR, agreement));
		assert_ok!(open(PROVIDER, agreement));
		let dispute = Disputes::<Test>::get(agreement).unwrap();
		assert_eq!(dispute.opened_by, org(HUAWEI));
		assert_eq!(dispute.resolution, None);
		assert_ok!(resolve(
			ARBITRATOR,
			agreement,
			DisputeOutcome::Terminate,
			None,
			vec![0, 1_000_000]
		));
		assert_eq!(status(agreement), Terminated);
	});
}

#[test]
fn the_council_appoints_an_arbitrator_over_the_named_one() {
	run(|| {
		let agreement = disputed();
		assert_ok!(appoint(agreement, org(ALIBABA)));
		assert_eq!(
			last_event(),
			Event::ArbitratorAppointed { agreement, arbitrator: org(ALIBABA) }
		);
		let record = stored(agreement);
		assert_eq!(record.appointed_arbitrator, Some(org(ALIBABA)));
		assert_eq!(record.arbitrator(), Some(org(ALIBABA)));
		assert_noop!(continued(ARBITRATOR, agreement), Error::<Test>::NotArbitrator);
		assert_ok!(continued(OTHER_USER, agreement));
		assert_eq!(
			Disputes::<Test>::get(agreement)
				.and_then(|d| d.resolution)
				.map(|r| r.arbitrator),
			Some(org(ALIBABA))
		);
	});
}

#[test]
fn an_agreement_without_an_arbitrator_waits_for_the_council() {
	run(|| {
		let agreement = active_with(TermsInput { arbitrator: None, ..terms() });
		assert_ok!(open(USER, agreement));
		assert_noop!(continued(ARBITRATOR, agreement), Error::<Test>::NotArbitrator);
		// The council may appoint before or during a dispute.
		assert_ok!(appoint(agreement, org(XIAOMI)));
		assert_ok!(continued(ARBITRATOR, agreement));
		assert_eq!(status(agreement), Active);
	});
}

#[test]
fn only_the_council_appoints_an_active_non_party_to_a_live_agreement() {
	run(|| {
		let agreement = active();
		assert_noop!(
			Contracts::appoint_arbitrator(
				RuntimeOrigin::signed(COUNCIL_MEMBER),
				agreement,
				org(ALIBABA)
			),
			DispatchError::BadOrigin
		);
		for party in [org(HUAWEI), org(TENCENT)] {
			assert_noop!(appoint(agreement, party), Error::<Test>::InvalidParties);
		}
		assert_noop!(appoint(agreement, digest(0x99)), Error::<Test>::IdentityNotActive);
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(ALIBABA),
			digest(9)
		));
		assert_noop!(appoint(agreement, org(ALIBABA)), Error::<Test>::IdentityNotActive);
		assert_noop!(appoint(99, org(XIAOMI)), Error::<Test>::NotFound);
		let withdrawn = created();
		assert_ok!(Contracts::withdraw(RuntimeOrigin::signed(USER), withdrawn));
		assert_noop!(appoint(withdrawn, org(XIAOMI)), Error::<Test>::InvalidTransition);
		// A live agreement in any other status may have one appointed.
		let draft = created();
		assert_ok!(appoint(draft, org(AUTHORITY)));
		assert_eq!(stored(draft).arbitrator(), Some(org(AUTHORITY)));
	});
}

#[test]
fn an_agreement_expired_by_time_gets_no_arbitrator() {
	run(|| {
		let agreement = active();
		set_time(terms().end);
		assert_eq!(effective(agreement), AgreementStatus::Expired);
		assert_noop!(appoint(agreement, org(XIAOMI)), Error::<Test>::InvalidTransition);
	});
}
