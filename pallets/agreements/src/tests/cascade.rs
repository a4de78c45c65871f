//! The cascade, against the real identity registry and catalog: an active agreement one of whose
//! parties may not act, or one of whose entries is not usable, reads as suspended and permits no
//! use until the cause clears, while its stored status never changes.

use crate::{mock::*, *};
use frame::testing_prelude::*;
use tds_primitives::agreement::AgreementStatus::*;

/// A use of the agreement declared by `who`.
fn use_data(who: u64, agreement: AgreementId) -> DispatchResult {
	Contracts::record_usage(RuntimeOrigin::signed(who), agreement, context())
}

/// An agreement reading as active whose activation is stored (one use recorded).
fn in_force() -> AgreementId {
	let agreement = active();
	assert_ok!(use_data(USER, agreement));
	assert_eq!(status(agreement), Active);
	agreement
}

/// Asserts that `agreement`, stored `Active`, reads as `expected` everywhere (its effective
/// status, its information, its minimal record, the status index, a dry run) and permits use
/// exactly when it reads as active.
#[track_caller]
fn assert_reads(agreement: AgreementId, expected: AgreementStatus) {
	assert_eq!(status(agreement), Active, "the stored status");
	assert_eq!(effective(agreement), expected);
	assert_eq!(Contracts::agreement_info(agreement).unwrap().status, expected);
	assert_eq!(Contracts::minimal_record(agreement).unwrap().status, expected);
	assert!(Contracts::agreements_by_status(expected, 0, 10).0.contains(&agreement));
	assert!(Contracts::agreements_of_party(org(HUAWEI), None, 10).contains(&(agreement, expected)));
	let dry_run = Contracts::dry_run(agreement, context());
	if expected == Active {
		assert!(matches!(dry_run, DryRun::Verdict(Verdict::Permit(_))));
	} else {
		assert_eq!(dry_run, DryRun::NotActive(expected));
	}
}

/// Freezes `identity` by `operator`, the operator of its home space.
fn freeze(operator: u64, identity: IdentityId) {
	assert_ok!(IdentityRegistry::freeze_participant(
		RuntimeOrigin::signed(operator),
		identity,
		digest(9)
	));
}

/// Lifts the freeze of `identity` by `operator`.
fn unfreeze(operator: u64, identity: IdentityId) {
	assert_ok!(IdentityRegistry::unfreeze_participant(
		RuntimeOrigin::signed(operator),
		identity,
		digest(10)
	));
}

#[test]
fn a_frozen_user_suspends_the_agreement_until_unfrozen() {
	run(|| {
		let agreement = in_force();
		System::reset_events();
		freeze(OPERATOR_B, org(TENCENT));
		assert_reads(agreement, Suspended);
		// The frozen user itself may not act; the provider finds the agreement suspended.
		assert_noop!(use_data(USER, agreement), Error::<Test>::IdentityNotActive);
		assert_noop!(use_data(PROVIDER, agreement), Error::<Test>::NotActive);
		unfreeze(OPERATOR_B, org(TENCENT));
		assert_reads(agreement, Active);
		// Nothing was written to the agreement meanwhile.
		assert!(agreement_events().is_empty());
		assert_ok!(use_data(USER, agreement));
		assert_eq!(stored(agreement).counters.total, 2);
	});
}

#[test]
fn a_frozen_provider_suspends_the_agreement_until_unfrozen() {
	run(|| {
		let agreement = in_force();
		freeze(OPERATOR_A, org(HUAWEI));
		assert_reads(agreement, Suspended);
		assert_noop!(use_data(USER, agreement), Error::<Test>::NotActive);
		assert_noop!(use_data(CONNECTOR, agreement), Error::<Test>::NotActive);
		unfreeze(OPERATOR_A, org(HUAWEI));
		assert_reads(agreement, Active);
		assert_ok!(use_data(USER, agreement));
	});
}

#[test]
fn a_suspended_entry_suspends_the_agreement_until_restored() {
	run(|| {
		let agreement = in_force();
		let entry = entry_number(ENTRY);
		assert_ok!(Catalog::suspend(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0x51)));
		assert_reads(agreement, Suspended);
		assert_noop!(use_data(USER, agreement), Error::<Test>::NotActive);
		assert_ok!(Catalog::restore(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0x52)));
		assert_reads(agreement, Active);
		assert_ok!(use_data(USER, agreement));
	});
}

#[test]
fn a_suspended_home_space_of_a_party_suspends_the_agreement() {
	run(|| {
		let agreement = in_force();
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), SPACE_B, digest(9)));
		assert_reads(agreement, Suspended);
		assert_noop!(use_data(PROVIDER, agreement), Error::<Test>::NotActive);
		assert_ok!(IdentityRegistry::reinstate_space(RuntimeOrigin::root(), SPACE_B, digest(10)));
		assert_reads(agreement, Active);
	});
}

#[test]
fn the_cascade_affects_only_the_agreements_of_the_cause() {
	run(|| {
		let with_tencent = in_force();
		let template = template();
		let with_alibaba = NextAgreementId::<Test>::get();
		let parties = vec![
			Party { identity: org(HUAWEI), role: PartyRole::Provider },
			Party { identity: org(ALIBABA), role: PartyRole::User },
		];
		assert_ok!(Contracts::create(
			RuntimeOrigin::signed(PROVIDER),
			template,
			parties,
			Box::new(terms())
		));
		freeze(OPERATOR_B, org(TENCENT));
		assert_eq!(effective(with_tencent), Suspended);
		assert_eq!(effective(with_alibaba), Draft);
		// The draft with Alibaba is still negotiated and signed.
		let record = stored(with_alibaba);
		for key in [PROVIDER, OTHER_USER] {
			assert_ok!(Contracts::sign(
				RuntimeOrigin::signed(key),
				with_alibaba,
				record.version,
				record.digest
			));
		}
		assert_ok!(Contracts::file(RuntimeOrigin::signed(OPERATOR_A), with_alibaba, digest(0xf1)));
		assert_eq!(effective(with_alibaba), Active);
	});
}

#[test]
fn a_stored_suspension_outlasts_the_cascade() {
	run(|| {
		let agreement = in_force();
		freeze(OPERATOR_B, org(TENCENT));
		// The stored status is still active: the operator may suspend it for its own reason.
		assert_ok!(Contracts::suspend(RuntimeOrigin::signed(OPERATOR_A), agreement, digest(0x51)));
		unfreeze(OPERATOR_B, org(TENCENT));
		assert_eq!(status(agreement), Suspended);
		assert_eq!(effective(agreement), Suspended);
		assert_noop!(use_data(USER, agreement), Error::<Test>::NotActive);
		assert_ok!(Contracts::resume(RuntimeOrigin::signed(OPERATOR_A), agreement, digest(0x52)));
		assert_eq!(effective(agreement), Active);
	});
}

#[test]
fn a_cascade_suspension_reads_the_same_before_the_activation_is_stored() {
	run(|| {
		// Filed and active by time only: the stored status is `Filed`.
		let agreement = active();
		freeze(OPERATOR_A, org(HUAWEI));
		assert_eq!(status(agreement), Filed);
		assert_eq!(effective(agreement), Suspended);
		assert_noop!(use_data(USER, agreement), Error::<Test>::NotActive);
		unfreeze(OPERATOR_A, org(HUAWEI));
		assert_eq!(effective(agreement), Active);
	});
}

#[test]
fn an_expired_agreement_reads_expired_whatever_the_cascade() {
	run(|| {
		let agreement = in_force();
		freeze(OPERATOR_B, org(TENCENT));
		set_time(NOW + 30 * DAY);
		assert_eq!(effective(agreement), Expired);
		assert_eq!(Contracts::dry_run(agreement, context()), DryRun::NotActive(Expired));
	});
}
