//! Suspension and resumption by the operator of the agreement's space or by a regulator, and
//! unilateral termination under the agreement's clause.

use crate::{mock::*, *};
use frame::testing_prelude::*;
use tds_primitives::agreement::AgreementStatus::*;

/// Suspends `agreement`, signed by `who`.
fn suspend(who: u64, agreement: AgreementId) -> DispatchResult {
	Contracts::suspend(RuntimeOrigin::signed(who), agreement, digest(0x51))
}

/// Resumes `agreement`, signed by `who`.
fn resume(who: u64, agreement: AgreementId) -> DispatchResult {
	Contracts::resume(RuntimeOrigin::signed(who), agreement, digest(0x52))
}

/// Terminates `agreement` unilaterally, signed by `who`.
fn terminate(who: u64, agreement: AgreementId) -> DispatchResult {
	Contracts::terminate(RuntimeOrigin::signed(who), agreement, digest(0x7d))
}

/// A use of the agreement by [`USER`].
fn use_data(agreement: AgreementId) -> DispatchResult {
	Contracts::record_usage(RuntimeOrigin::signed(USER), agreement, context())
}

/// [`terms`] with a unilateral termination clause.
fn terminable() -> TermsInput {
	TermsInput { unilateral_termination: true, ..terms() }
}

/// The status change event of `agreement` from `from` to `to` by `who` for `reason`.
fn changed(
	agreement: AgreementId,
	from: AgreementStatus,
	to: AgreementStatus,
	who: u64,
	reason: u8,
) -> Event<Test> {
	Event::StatusChanged { agreement, from, to, by: Some(who), reason: Some(digest(reason)) }
}

#[test]
fn the_operator_suspends_and_resumes() {
	run(|| {
		let agreement = active();
		assert_ok!(suspend(OPERATOR_A, agreement));
		assert_eq!(last_event(), changed(agreement, Active, Suspended, OPERATOR_A, 0x51));
		assert_eq!(status(agreement), Suspended);
		assert_eq!(effective(agreement), Suspended);
		assert_noop!(use_data(agreement), Error::<Test>::NotActive);
		assert_ok!(resume(OPERATOR_A, agreement));
		assert_eq!(last_event(), changed(agreement, Suspended, Active, OPERATOR_A, 0x52));
		assert_eq!(status(agreement), Active);
		assert_ok!(use_data(agreement));
	});
}

#[test]
fn a_regulator_suspends_and_resumes_in_any_space() {
	run(|| {
		let agreement = active();
		assert_ok!(suspend(REGULATOR, agreement));
		assert_eq!(last_event(), changed(agreement, Active, Suspended, REGULATOR, 0x51));
		assert_ok!(resume(REGULATOR, agreement));
		assert_eq!(last_event(), changed(agreement, Suspended, Active, REGULATOR, 0x52));
		// One may suspend and the other resume.
		assert_ok!(suspend(REGULATOR, agreement));
		assert_ok!(resume(OPERATOR_A, agreement));
		assert_eq!(status(agreement), Active);
	});
}

#[test]
fn nobody_else_suspends_or_resumes() {
	run(|| {
		let agreement = active();
		let others = [PROVIDER, USER, CONNECTOR, OTHER_USER, ARBITRATOR, OPERATOR_B, STRANGER];
		for who in others {
			assert_noop!(suspend(who, agreement), Error::<Test>::NotAuthorized);
		}
		assert_noop!(
			Contracts::suspend(RuntimeOrigin::root(), agreement, digest(0x51)),
			DispatchError::BadOrigin
		);
		assert_ok!(suspend(OPERATOR_A, agreement));
		for who in others {
			assert_noop!(resume(who, agreement), Error::<Test>::NotAuthorized);
		}
		assert_noop!(
			Contracts::resume(RuntimeOrigin::root(), agreement, digest(0x52)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_frozen_regulator_may_not_suspend() {
	run(|| {
		let agreement = active();
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_C),
			org(AUTHORITY),
			digest(9)
		));
		assert!(!Contracts::is_regulator(&REGULATOR));
		assert_noop!(suspend(REGULATOR, agreement), Error::<Test>::NotAuthorized);
	});
}

#[test]
fn only_an_active_agreement_is_suspended_and_only_a_suspended_one_resumed() {
	run(|| {
		let draft = created();
		let signed = signed();
		let waiting = filed_with(on_condition());
		let active = active();
		for agreement in [draft, signed, waiting] {
			assert_noop!(suspend(OPERATOR_A, agreement), Error::<Test>::InvalidTransition);
			assert_noop!(resume(OPERATOR_A, agreement), Error::<Test>::InvalidTransition);
		}
		assert_noop!(resume(OPERATOR_A, active), Error::<Test>::InvalidTransition);
		assert_ok!(suspend(OPERATOR_A, active));
		assert_noop!(suspend(OPERATOR_A, active), Error::<Test>::InvalidTransition);
		assert_noop!(suspend(OPERATOR_A, 99), Error::<Test>::NotFound);
		assert_noop!(resume(OPERATOR_A, 99), Error::<Test>::NotFound);
	});
}

#[test]
fn termination_by_one_party_needs_the_clause() {
	run(|| {
		let agreement = active();
		for who in [PROVIDER, USER] {
			assert_noop!(terminate(who, agreement), Error::<Test>::UnilateralTerminationNotAllowed);
		}
	});
}

#[test]
fn a_party_terminates_under_the_clause() {
	run(|| {
		let agreement = active_with(terminable());
		System::reset_events();
		assert_ok!(terminate(USER, agreement));
		assert_eq!(agreement_events(), vec![changed(agreement, Active, Terminated, USER, 0x7d)]);
		assert_eq!(status(agreement), Terminated);
		// Terminal: nothing happens to it any more.
		assert_noop!(use_data(agreement), Error::<Test>::NotActive);
		assert_noop!(suspend(OPERATOR_A, agreement), Error::<Test>::InvalidTransition);
		assert_noop!(terminate(PROVIDER, agreement), Error::<Test>::InvalidTransition);
		// Its end passing changes nothing either.
		set_time(NOW + 30 * DAY);
		assert_eq!(effective(agreement), Terminated);
	});
}

#[test]
fn a_suspended_agreement_is_terminated_under_the_clause() {
	run(|| {
		let agreement = active_with(terminable());
		assert_ok!(suspend(REGULATOR, agreement));
		assert_ok!(terminate(PROVIDER, agreement));
		assert_eq!(last_event(), changed(agreement, Suspended, Terminated, PROVIDER, 0x7d));
	});
}

#[test]
fn only_an_active_or_suspended_agreement_is_terminated() {
	run(|| {
		let draft = create_with(terminable());
		let signed = signed_with(terminable());
		let waiting =
			filed_with(TermsInput { activation: Activation::OnCondition, ..terminable() });
		for agreement in [draft, signed, waiting] {
			assert_noop!(terminate(USER, agreement), Error::<Test>::InvalidTransition);
		}
		assert_noop!(terminate(USER, 99), Error::<Test>::NotFound);
	});
}

#[test]
fn only_a_party_that_may_act_terminates() {
	run(|| {
		let agreement = active_with(terminable());
		for who in [OPERATOR_A, REGULATOR, OTHER_USER, ARBITRATOR, CONNECTOR, STRANGER] {
			assert_noop!(terminate(who, agreement), Error::<Test>::NotAParty);
		}
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(9)
		));
		assert_noop!(terminate(PROVIDER, agreement), Error::<Test>::IdentityNotActive);
		// The other party still may.
		assert_ok!(terminate(USER, agreement));
	});
}
