//! The cascade, against the real identity registry: a listed entry whose provider or home space
//! may not act reads as suspended and is not usable until the registry says otherwise, while its
//! stored status never changes.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// A day in milliseconds.
const DAY: tds_primitives::Moment = 86_400_000;

/// Registers, submits, approves and publishes a resource of [`PROVIDER_B`] in space B.
fn published_b(metadata: Digest) -> EntryId {
	let entry = NextEntryId::<Test>::get();
	assert_ok!(Catalog::register(
		RuntimeOrigin::signed(PROVIDER_B),
		EntryKind::Resource,
		fields(),
		metadata
	));
	assert_ok!(Catalog::submit_for_review(
		RuntimeOrigin::signed(PROVIDER_B),
		entry,
		Some(digest(0xd1)),
		Some(clean_check()),
		None
	));
	assert_ok!(Catalog::approve(RuntimeOrigin::signed(OPERATOR_B), entry));
	assert_ok!(Catalog::publish(RuntimeOrigin::signed(PROVIDER_B), entry, None));
	entry
}

/// The catalog's events since the last reset.
fn catalog_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Catalog(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// Asserts that the stored-`Published` entry reads as `expected` everywhere (entry info, lookup
/// by identifier, [`Pallet::effective_status`]) and is usable exactly when `Published`.
#[track_caller]
fn assert_reads(entry: EntryId, expected: EntryStatus) {
	let record = Entries::<Test>::get(entry).unwrap();
	assert_eq!(record.status, EntryStatus::Published, "the stored status");
	assert_eq!(Catalog::effective_status(&record), expected);
	assert_eq!(Catalog::entry_info(entry).unwrap().status, expected);
	let id = record.identifier.unwrap();
	assert_eq!(Catalog::entry_by_identifier(id).unwrap().status, expected);
	assert_eq!(Catalog::is_usable(&id), expected == EntryStatus::Published);
}

/// Freezes (`true`) or unfreezes Huawei, the provider of space A, by its operator.
fn set_huawei_frozen(frozen: bool) {
	let origin = RuntimeOrigin::signed(OPERATOR_A);
	if frozen {
		assert_ok!(IdentityRegistry::freeze_participant(origin, org(HUAWEI), digest(9)));
	} else {
		assert_ok!(IdentityRegistry::unfreeze_participant(origin, org(HUAWEI), digest(10)));
	}
}

#[test]
fn a_frozen_provider_s_listed_entries_read_as_suspended_until_unfrozen() {
	run(|| {
		use EntryStatus::*;
		let entry = published(digest(1));
		let elsewhere = published_b(digest(2));
		let feed = FeedLength::<Test>::get();
		System::reset_events();
		set_huawei_frozen(true);
		assert_reads(entry, Suspended);
		assert_reads(elsewhere, Published);
		assert_eq!(
			Catalog::entries_of_provider(org(HUAWEI), None, 2)
				.into_iter()
				.map(|info| (info.entry, info.status))
				.collect::<Vec<_>>(),
			vec![(entry, Suspended)]
		);
		// The cascade is lifted by the registry only: there is no stored suspension to restore.
		assert_noop!(
			Catalog::restore(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0x51)),
			Error::<Test>::InvalidTransition
		);
		set_huawei_frozen(false);
		assert_reads(entry, Published);
		// Nothing was written to the catalog meanwhile.
		assert!(catalog_events().is_empty());
		assert_eq!(FeedLength::<Test>::get(), feed);
	});
}

#[test]
fn a_suspended_home_space_suspends_its_listed_entries_until_reinstated() {
	run(|| {
		use EntryStatus::*;
		let entry = published(digest(1));
		let elsewhere = published_b(digest(2));
		let feed = FeedLength::<Test>::get();
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), SPACE_A, digest(9)));
		assert_reads(entry, Suspended);
		assert_reads(elsewhere, Published);
		// Meanwhile neither the provider nor the space's operator may act on it.
		assert_noop!(
			Catalog::update(RuntimeOrigin::signed(PROVIDER), entry, fields(), digest(3)),
			Error::<Test>::IdentityNotActive
		);
		assert_noop!(
			Catalog::suspend(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0x51)),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(IdentityRegistry::reinstate_space(RuntimeOrigin::root(), SPACE_A, digest(10)));
		assert_reads(entry, Published);
		assert_reads(elsewhere, Published);
		assert_eq!(FeedLength::<Test>::get(), feed);
	});
}

#[test]
fn a_lapsed_space_qualification_suspends_listed_entries_without_any_call() {
	run(|| {
		let entry = published(digest(1));
		// The mock's qualifications are valid for 365 days.
		let later = NOW + 366 * DAY;
		pallet_timestamp::Now::<Test>::put(later);
		assert_reads(entry, EntryStatus::Suspended);
		assert_ok!(IdentityRegistry::renew_space_qualifications(
			RuntimeOrigin::root(),
			SPACE_A,
			vec![pallet_identity_registry::Qualification {
				report: digest(0xa1),
				verifier: b"CESI".to_vec().try_into().unwrap(),
				verdict: pallet_identity_registry::Verdict::Pass,
				valid_from: 0,
				valid_until: later + 365 * DAY,
				scenarios: digest(0xa2),
				restrictions: digest(0xa3),
				verified_on: later,
			}],
			digest(10)
		));
		assert_reads(entry, EntryStatus::Published);
	});
}

#[test]
fn a_revoked_provider_s_entries_stay_unusable() {
	run(|| {
		let entry = published(digest(1));
		assert_ok!(IdentityRegistry::revoke_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(9)
		));
		assert_reads(entry, EntryStatus::Suspended);
		// Revocation is final in the registry.
		assert_noop!(
			IdentityRegistry::unfreeze_participant(
				RuntimeOrigin::signed(OPERATOR_A),
				org(HUAWEI),
				digest(10)
			),
			pallet_identity_registry::Error::<Test>::InvalidTransition
		);
		assert_reads(entry, EntryStatus::Suspended);
		// The provider cannot withdraw it; the operator can still remove it for good.
		assert_noop!(
			Catalog::deregister(RuntimeOrigin::signed(PROVIDER), entry, digest(0xe1)),
			Error::<Test>::IdentityNotActive
		);
		assert_ok!(Catalog::revoke(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0x71)));
		let info = Catalog::entry_info(entry).unwrap();
		assert_eq!((info.record.status, info.status), (EntryStatus::Revoked, EntryStatus::Revoked));
		assert!(!Catalog::is_usable(&info.record.identifier.unwrap()));
	});
}

#[test]
fn a_frozen_provider_cannot_act_until_unfrozen() {
	run(|| {
		let draft = registered(digest(1));
		let accepted = approved(digest(2));
		let listed = published(digest(3));
		set_huawei_frozen(true);
		let provider = || RuntimeOrigin::signed(PROVIDER);
		assert_noop!(
			Catalog::register(provider(), EntryKind::Resource, fields(), digest(4)),
			Error::<Test>::IdentityNotActive
		);
		assert_noop!(
			Catalog::submit_for_review(
				provider(),
				draft,
				Some(digest(0xd1)),
				Some(clean_check()),
				None
			),
			Error::<Test>::IdentityNotActive
		);
		assert_noop!(
			Catalog::publish(provider(), accepted, None),
			Error::<Test>::IdentityNotActive
		);
		assert_noop!(
			Catalog::update(provider(), listed, fields(), digest(4)),
			Error::<Test>::IdentityNotActive
		);
		assert_noop!(
			Catalog::deregister(provider(), listed, digest(0xe1)),
			Error::<Test>::IdentityNotActive
		);
		set_huawei_frozen(false);
		assert_ok!(Catalog::publish(provider(), accepted, None));
		assert_reads(accepted, EntryStatus::Published);
		assert_ok!(Catalog::update(provider(), listed, fields(), digest(4)));
		assert_eq!(Entries::<Test>::get(listed).unwrap().version, 2);
	});
}

#[test]
fn an_entry_suspended_during_a_freeze_stays_suspended_after_it() {
	run(|| {
		let entry = published(digest(1));
		let id = Entries::<Test>::get(entry).unwrap().identifier.unwrap();
		set_huawei_frozen(true);
		// The operator may still sanction the entry of a frozen provider.
		assert_ok!(Catalog::suspend(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0x51)));
		set_huawei_frozen(false);
		assert_eq!(status(entry), EntryStatus::Suspended);
		assert_eq!(Catalog::entry_info(entry).unwrap().status, EntryStatus::Suspended);
		assert!(!Catalog::is_usable(&id));
		assert_ok!(Catalog::restore(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0x52)));
		assert!(Catalog::is_usable(&id));
	});
}

#[test]
fn a_provider_that_lost_its_role_may_withdraw_but_not_advance_entries() {
	run(|| {
		let registered = registered(digest(1));
		let approved = approved(digest(2));
		let listed = published(digest(3));
		assert_ok!(IdentityRegistry::revoke_role(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			Role::Provider
		));
		assert_noop!(
			Catalog::submit_for_review(
				RuntimeOrigin::signed(PROVIDER),
				registered,
				Some(digest(0xd1)),
				Some(clean_check()),
				None
			),
			Error::<Test>::NotAProvider
		);
		assert_noop!(
			Catalog::publish(RuntimeOrigin::signed(PROVIDER), approved, None),
			Error::<Test>::NotAProvider
		);
		assert_noop!(
			Catalog::update(RuntimeOrigin::signed(PROVIDER), listed, fields(), digest(4)),
			Error::<Test>::NotAProvider
		);
		// Withdrawing stays possible, with destruction evidence.
		assert_ok!(Catalog::deregister(RuntimeOrigin::signed(PROVIDER), listed, digest(0xde)));
		assert_eq!(status(listed), EntryStatus::Deregistered);
	});
}
