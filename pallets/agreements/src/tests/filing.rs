//! Filing by the operator of the agreement's space, activation (at the start time by itself, or
//! on a party's declaration) and expiry at the end of the term, applied lazily.

use crate::{mock::*, *};
use frame::testing_prelude::*;
use tds_primitives::agreement::AgreementStatus::*;

/// Files `agreement`, signed by `who`.
fn file(who: u64, agreement: AgreementId) -> DispatchResult {
	Contracts::file(RuntimeOrigin::signed(who), agreement, digest(0xf1))
}

/// Declares the activation condition of `agreement` met, signed by `who`.
fn activate(who: u64, agreement: AgreementId) -> DispatchResult {
	Contracts::activate(RuntimeOrigin::signed(who), agreement, digest(0xac))
}

/// A use of the agreement by [`USER`].
fn use_data(agreement: AgreementId) -> DispatchResult {
	Contracts::record_usage(RuntimeOrigin::signed(USER), agreement, context())
}

/// [`terms`] starting in a day.
fn tomorrow() -> TermsInput {
	TermsInput { start: NOW + DAY, ..terms() }
}

#[test]
fn the_operator_files_a_signed_agreement() {
	run(|| {
		let agreement = signed();
		System::reset_events();
		assert_ok!(file(OPERATOR_A, agreement));
		assert_eq!(
			agreement_events(),
			vec![Event::StatusChanged {
				agreement,
				from: Signed,
				to: Filed,
				by: Some(OPERATOR_A),
				reason: Some(digest(0xf1)),
			}]
		);
		assert_eq!(status(agreement), Filed);
		// It starts now and activates by itself.
		assert_eq!(effective(agreement), Active);
	});
}

#[test]
fn only_the_operator_of_the_agreement_s_space_files() {
	run(|| {
		let agreement = signed();
		for who in [OPERATOR_B, OPERATOR_C, PROVIDER, USER, REGULATOR, STRANGER] {
			assert_noop!(file(who, agreement), Error::<Test>::NotAuthorized);
		}
		assert_noop!(
			Contracts::file(RuntimeOrigin::root(), agreement, digest(0xf1)),
			DispatchError::BadOrigin
		);
		// An agreement created by the user of space B is still filed where its entry is listed.
		let template = template();
		let in_b = NextAgreementId::<Test>::get();
		assert_ok!(Contracts::create(
			RuntimeOrigin::signed(USER),
			template,
			parties(),
			Box::new(terms())
		));
		sign_all(in_b);
		assert_noop!(file(OPERATOR_B, in_b), Error::<Test>::NotAuthorized);
		assert_ok!(file(OPERATOR_A, in_b));
	});
}

#[test]
fn the_operator_of_a_suspended_space_may_not_file() {
	run(|| {
		let agreement = signed();
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), SPACE_A, digest(9)));
		assert_noop!(file(OPERATOR_A, agreement), Error::<Test>::NotAuthorized);
		assert_ok!(IdentityRegistry::reinstate_space(RuntimeOrigin::root(), SPACE_A, digest(10)));
		assert_ok!(file(OPERATOR_A, agreement));
	});
}

#[test]
fn only_a_signed_agreement_is_filed() {
	run(|| {
		let draft = created();
		assert_noop!(file(OPERATOR_A, draft), Error::<Test>::InvalidTransition);
		let negotiating = created();
		assert_ok!(Contracts::propose(
			RuntimeOrigin::signed(USER),
			negotiating,
			Box::new(on_condition())
		));
		assert_noop!(file(OPERATOR_A, negotiating), Error::<Test>::InvalidTransition);
		let filed = filed();
		assert_noop!(file(OPERATOR_A, filed), Error::<Test>::InvalidTransition);
		assert_noop!(file(OPERATOR_A, 99), Error::<Test>::NotFound);
	});
}

#[test]
fn an_agreement_activating_at_its_start_reads_active_from_then() {
	run(|| {
		let agreement = filed_with(tomorrow());
		assert_eq!(effective(agreement), Filed);
		assert_noop!(use_data(agreement), Error::<Test>::NotActive);
		set_time(NOW + DAY - 1);
		assert_eq!(effective(agreement), Filed);
		set_time(NOW + DAY);
		assert_eq!(effective(agreement), Active);
		// Nothing was written: the stored status is applied time when read.
		assert_eq!(status(agreement), Filed);
		assert_eq!(Contracts::agreement_info(agreement).unwrap().status, Active);
		assert_eq!(Contracts::minimal_record(agreement).unwrap().status, Active);
	});
}

#[test]
fn the_first_call_after_the_start_stores_the_activation() {
	run(|| {
		let agreement = filed_with(tomorrow());
		set_time(NOW + DAY);
		assert_ok!(use_data(agreement));
		assert_eq!(status(agreement), Active);
		assert_eq!(stored(agreement).counters.total, 1);
	});
}

#[test]
fn a_party_declares_the_activation_condition_met() {
	run(|| {
		let agreement = filed_with(on_condition());
		// Its start has come, but it waits for the declaration.
		set_time(NOW + DAY);
		assert_eq!(effective(agreement), Filed);
		assert_noop!(use_data(agreement), Error::<Test>::NotActive);
		System::reset_events();
		assert_ok!(activate(USER, agreement));
		assert_eq!(
			agreement_events(),
			vec![Event::StatusChanged {
				agreement,
				from: Filed,
				to: Active,
				by: Some(USER),
				reason: Some(digest(0xac)),
			}]
		);
		assert_eq!(status(agreement), Active);
		assert_ok!(use_data(agreement));
	});
}

#[test]
fn the_condition_is_not_declared_before_the_start() {
	run(|| {
		let agreement =
			filed_with(TermsInput { activation: Activation::OnCondition, ..tomorrow() });
		assert_noop!(activate(PROVIDER, agreement), Error::<Test>::NotStarted);
		set_time(NOW + DAY);
		assert_ok!(activate(PROVIDER, agreement));
		assert_eq!(status(agreement), Active);
	});
}

#[test]
fn an_agreement_activating_at_its_start_has_no_condition_to_declare() {
	run(|| {
		let agreement = filed_with(tomorrow());
		assert_noop!(activate(USER, agreement), Error::<Test>::NotConditional);
		// From its start it is active already.
		set_time(NOW + DAY);
		assert_noop!(activate(USER, agreement), Error::<Test>::InvalidTransition);
	});
}

#[test]
fn only_a_filed_agreement_is_activated() {
	run(|| {
		let draft = create_with(on_condition());
		let signed = signed_with(on_condition());
		let active = filed_with(on_condition());
		assert_ok!(activate(USER, active));
		for agreement in [draft, signed, active] {
			assert_noop!(activate(USER, agreement), Error::<Test>::InvalidTransition);
		}
		assert_noop!(activate(USER, 99), Error::<Test>::NotFound);
	});
}

#[test]
fn only_a_party_declares_the_condition() {
	run(|| {
		let agreement = filed_with(on_condition());
		for who in [OPERATOR_A, REGULATOR, OTHER_USER, ARBITRATOR, CONNECTOR, STRANGER] {
			assert_noop!(activate(who, agreement), Error::<Test>::NotAParty);
		}
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_B),
			org(TENCENT),
			digest(9)
		));
		assert_noop!(activate(USER, agreement), Error::<Test>::IdentityNotActive);
	});
}

#[test]
fn an_agreement_expires_at_the_end_of_its_term() {
	run(|| {
		let agreement = active();
		assert_ok!(use_data(agreement));
		set_time(NOW + 30 * DAY - 1);
		assert_eq!(effective(agreement), Active);
		set_time(NOW + 30 * DAY);
		assert_eq!(effective(agreement), Expired);
		assert_eq!(status(agreement), Active);
		assert_eq!(Contracts::dry_run(agreement, context()), DryRun::NotActive(Expired));
		assert_noop!(use_data(agreement), Error::<Test>::NotActive);
		let reason = digest(0x51);
		assert_noop!(
			Contracts::suspend(RuntimeOrigin::signed(OPERATOR_A), agreement, reason),
			Error::<Test>::InvalidTransition
		);
		assert_noop!(
			Contracts::open_dispute(RuntimeOrigin::signed(USER), agreement, vec![digest(0xe1)]),
			Error::<Test>::InvalidTransition
		);
	});
}

#[test]
fn filed_and_suspended_agreements_expire_too() {
	run(|| {
		let waiting = filed_with(on_condition());
		let suspended = active();
		assert_ok!(Contracts::suspend(RuntimeOrigin::signed(OPERATOR_A), suspended, digest(0x51)));
		let draft = created();
		set_time(NOW + 30 * DAY);
		assert_eq!(effective(waiting), Expired);
		assert_eq!(effective(suspended), Expired);
		// Only a filed agreement runs its term.
		assert_eq!(effective(draft), Draft);
		assert_noop!(activate(USER, waiting), Error::<Test>::InvalidTransition);
		assert_noop!(
			Contracts::resume(RuntimeOrigin::signed(OPERATOR_A), suspended, digest(0x52)),
			Error::<Test>::InvalidTransition
		);
		assert_eq!(
			Contracts::agreements_by_status(Expired, 0, 10),
			(vec![waiting, suspended], None)
		);
	});
}
