//! Suspend, restore and revoke: by the home space's operator; suspension also by any regulator.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// The account operating the regulator's own space (see [`run`]).
const REGULATOR_SPACE_OPERATOR: u64 = 30;

/// The status-change event of `entry`, signed by `by` for `reason`.
fn changed(entry: EntryId, from: EntryStatus, to: EntryStatus, by: u64, reason: u8) -> Event<Test> {
	Event::EntryStatusChanged { entry, from, to, by, reason: Some(digest(reason)) }
}

/// The identifier of an approved entry.
fn identifier(entry: EntryId) -> CatalogId {
	Entries::<Test>::get(entry).unwrap().identifier.unwrap()
}

/// The reason digest stored with an entry.
fn last_reason(entry: EntryId) -> Option<Digest> {
	Entries::<Test>::get(entry).unwrap().last_reason
}

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

#[test]
fn the_operator_suspends_and_restores_a_published_entry() {
	run(|| {
		use EntryStatus::*;
		let entry = published(digest(1));
		let id = identifier(entry);
		assert!(Catalog::is_usable(&id));
		System::set_block_number(5);
		assert_ok!(Catalog::suspend(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0x51)));
		assert_eq!(last_event(), changed(entry, Published, Suspended, OPERATOR_A, 0x51));
		let record = Entries::<Test>::get(entry).unwrap();
		assert_eq!(record.status, Suspended);
		assert_eq!(record.last_reason, Some(digest(0x51)));
		assert_eq!(record.changed_at, 5);
		// Still identified, but no longer usable by new agreements.
		assert_eq!(record.identifier, Some(id));
		assert_eq!(Catalog::entry_info(entry).unwrap().status, Suspended);
		assert!(!Catalog::is_usable(&id));

		assert_ok!(Catalog::restore(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0x52)));
		assert_eq!(last_event(), changed(entry, Suspended, Published, OPERATOR_A, 0x52));
		assert_eq!(status(entry), Published);
		assert_eq!(last_reason(entry), Some(digest(0x52)));
		assert!(Catalog::is_usable(&id));
	});
}

#[test]
fn a_regulator_suspends_entries_of_any_space_but_only_the_operator_restores() {
	run(|| {
		use EntryStatus::*;
		let ours = published(digest(1));
		let theirs = published_b(digest(2));
		for entry in [ours, theirs] {
			assert_ok!(Catalog::suspend(RuntimeOrigin::signed(REGULATOR), entry, digest(0x61)));
			assert_eq!(last_event(), changed(entry, Published, Suspended, REGULATOR, 0x61));
			assert_eq!(status(entry), Suspended);
			assert_eq!(last_reason(entry), Some(digest(0x61)));
			assert!(!Catalog::is_usable(&identifier(entry)));
		}
		// Restoring (and revoking) is the home operator's alone.
		assert_noop!(
			Catalog::restore(RuntimeOrigin::signed(REGULATOR), ours, digest(0x62)),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Catalog::revoke(RuntimeOrigin::signed(REGULATOR), ours, digest(0x62)),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Catalog::restore(RuntimeOrigin::signed(OPERATOR_B), ours, digest(0x62)),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Catalog::restore(RuntimeOrigin::signed(OPERATOR_A), theirs, digest(0x62)),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(Catalog::restore(RuntimeOrigin::signed(OPERATOR_A), ours, digest(0x63)));
		assert_eq!(last_event(), changed(ours, Suspended, Published, OPERATOR_A, 0x63));
		assert_ok!(Catalog::restore(RuntimeOrigin::signed(OPERATOR_B), theirs, digest(0x64)));
		assert_eq!(last_event(), changed(theirs, Suspended, Published, OPERATOR_B, 0x64));
		assert!(Catalog::is_usable(&identifier(ours)));
		assert!(Catalog::is_usable(&identifier(theirs)));
	});
}

#[test]
fn a_regulator_suspends_while_the_home_space_is_suspended_and_its_operator_cannot() {
	run(|| {
		use EntryStatus::*;
		let entry = published(digest(1));
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), SPACE_A, digest(9)));
		assert_noop!(
			Catalog::suspend(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0x71)),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(Catalog::suspend(RuntimeOrigin::signed(REGULATOR), entry, digest(0x71)));
		assert_eq!(status(entry), Suspended);
		// Reinstating the space does not lift the entry's own suspension.
		assert_ok!(IdentityRegistry::reinstate_space(RuntimeOrigin::root(), SPACE_A, digest(10)));
		assert_eq!(Catalog::entry_info(entry).unwrap().status, Suspended);
		assert!(!Catalog::is_usable(&identifier(entry)));
		assert_ok!(Catalog::restore(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0x72)));
		assert!(Catalog::is_usable(&identifier(entry)));
	});
}

#[test]
fn a_frozen_regulator_cannot_suspend() {
	run(|| {
		let entry = published(digest(1));
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(REGULATOR_SPACE_OPERATOR),
			org(XIAOMI),
			digest(9)
		));
		assert_noop!(
			Catalog::suspend(RuntimeOrigin::signed(REGULATOR), entry, digest(0x81)),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(IdentityRegistry::unfreeze_participant(
			RuntimeOrigin::signed(REGULATOR_SPACE_OPERATOR),
			org(XIAOMI),
			digest(10)
		));
		assert_ok!(Catalog::suspend(RuntimeOrigin::signed(REGULATOR), entry, digest(0x81)));
		assert_eq!(status(entry), EntryStatus::Suspended);
	});
}

#[test]
fn the_operator_revokes_approved_published_and_suspended_entries() {
	run(|| {
		use EntryStatus::*;
		let accepted = approved(digest(1));
		let listed = published(digest(2));
		let suspended = published(digest(3));
		assert_ok!(Catalog::suspend(RuntimeOrigin::signed(REGULATOR), suspended, digest(0x90)));
		for (entry, from, reason) in
			[(accepted, Approved, 0x91), (listed, Published, 0x92), (suspended, Suspended, 0x93)]
		{
			let id = identifier(entry);
			assert_ok!(Catalog::revoke(RuntimeOrigin::signed(OPERATOR_A), entry, digest(reason)));
			assert_eq!(last_event(), changed(entry, from, Revoked, OPERATOR_A, reason));
			assert_eq!(status(entry), Revoked);
			assert_eq!(last_reason(entry), Some(digest(reason)));
			// The identifier stays with the revoked entry, which is not usable.
			assert_eq!(Identifiers::<Test>::get(id), Some(entry));
			assert_eq!(Catalog::entry_by_identifier(id).unwrap().status, Revoked);
			assert!(!Catalog::is_usable(&id));
		}
	});
}

#[test]
fn a_revoked_entry_accepts_nothing_more() {
	run(|| {
		let entry = published(digest(1));
		assert_ok!(Catalog::revoke(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0xa0)));
		let before = Entries::<Test>::get(entry).unwrap();
		let feed = FeedLength::<Test>::get();
		let operator = || RuntimeOrigin::signed(OPERATOR_A);
		let provider = || RuntimeOrigin::signed(PROVIDER);
		// Each call fails before writing anything (checked below).
		let attempts = [
			("suspend", Catalog::suspend(operator(), entry, digest(0xa1))),
			("regulator", Catalog::suspend(RuntimeOrigin::signed(REGULATOR), entry, digest(0xa1))),
			("restore", Catalog::restore(operator(), entry, digest(0xa1))),
			("revoke", Catalog::revoke(operator(), entry, digest(0xa1))),
			("approve", Catalog::approve(operator(), entry)),
			("reject", Catalog::reject(operator(), entry, digest(0xa1))),
			(
				"submit",
				Catalog::submit_for_review(
					provider(),
					entry,
					Some(digest(0xd1)),
					Some(clean_check()),
					None,
				),
			),
			("publish", Catalog::publish(provider(), entry, None)),
			("update", Catalog::update(provider(), entry, fields(), digest(2))),
			("deregister", Catalog::deregister(provider(), entry, digest(0xa1))),
		];
		for (name, result) in attempts {
			assert_eq!(result, Err(Error::<Test>::InvalidTransition.into()), "{name}");
		}
		assert_eq!(Entries::<Test>::get(entry).unwrap(), before);
		assert_eq!(FeedLength::<Test>::get(), feed);
	});
}

#[test]
fn only_the_home_operator_or_a_regulator_may_sanction() {
	run(|| {
		let listed = published(digest(1));
		let suspended = published(digest(2));
		assert_ok!(Catalog::suspend(RuntimeOrigin::signed(OPERATOR_A), suspended, digest(0xb0)));
		for who in [OPERATOR_B, PROVIDER, PROVIDER_B, NOT_A_PROVIDER, STRANGER] {
			assert_noop!(
				Catalog::suspend(RuntimeOrigin::signed(who), listed, digest(0xb1)),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				Catalog::restore(RuntimeOrigin::signed(who), suspended, digest(0xb1)),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				Catalog::revoke(RuntimeOrigin::signed(who), listed, digest(0xb1)),
				Error::<Test>::NotAuthorized
			);
		}
		// Not even the council: these are signed calls.
		assert_noop!(
			Catalog::suspend(RuntimeOrigin::root(), listed, digest(0xb1)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Catalog::restore(RuntimeOrigin::root(), suspended, digest(0xb1)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Catalog::revoke(RuntimeOrigin::root(), listed, digest(0xb1)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Catalog::suspend(RuntimeOrigin::none(), listed, digest(0xb1)),
			DispatchError::BadOrigin
		);
		let unknown = NextEntryId::<Test>::get();
		assert_noop!(
			Catalog::suspend(RuntimeOrigin::signed(OPERATOR_A), unknown, digest(0xb1)),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Catalog::restore(RuntimeOrigin::signed(OPERATOR_A), unknown, digest(0xb1)),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Catalog::revoke(RuntimeOrigin::signed(OPERATOR_A), unknown, digest(0xb1)),
			Error::<Test>::NotFound
		);
		assert_eq!(status(listed), EntryStatus::Published);
		assert_eq!(status(suspended), EntryStatus::Suspended);
	});
}

#[test]
fn sanctions_follow_the_state_machine() {
	run(|| {
		use EntryStatus::*;
		let draft = registered(digest(1));
		let reviewed = under_review(digest(2));
		let rejected = under_review(digest(3));
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR_A), rejected, digest(0xc0)));
		let accepted = approved(digest(4));
		let listed = published(digest(5));
		let suspended = published(digest(6));
		assert_ok!(Catalog::suspend(RuntimeOrigin::signed(OPERATOR_A), suspended, digest(0xc2)));
		let invalid: DispatchResult = Err(Error::<Test>::InvalidTransition.into());
		// Only a listed entry can be suspended, by its operator or by a regulator.
		for entry in [draft, reviewed, rejected, accepted, suspended] {
			for who in [OPERATOR_A, REGULATOR] {
				let result = Catalog::suspend(RuntimeOrigin::signed(who), entry, digest(0xc3));
				assert_eq!(result, invalid, "suspend {:?} by {who}", status(entry));
			}
		}
		// Only a suspended entry can be restored.
		for entry in [draft, reviewed, rejected, accepted, listed] {
			let result = Catalog::restore(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0xc3));
			assert_eq!(result, invalid, "restore {:?}", status(entry));
		}
		// Nothing is revoked before its approval.
		for entry in [draft, reviewed, rejected] {
			let result = Catalog::revoke(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0xc3));
			assert_eq!(result, invalid, "revoke {:?}", status(entry));
		}
		assert_eq!(
			[draft, reviewed, rejected, accepted, listed, suspended].map(status),
			[Registered, UnderReview, Rejected, Approved, Published, Suspended]
		);
		assert_eq!(last_reason(rejected), Some(digest(0xc0)));
		assert_eq!(last_reason(suspended), Some(digest(0xc2)));
	});
}
