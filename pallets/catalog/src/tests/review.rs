//! Review by the home space's operator: approval (and the identifier it assigns, once, numbered
//! per space) and rejection.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// The catalog's events, oldest first.
fn catalog_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Catalog(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// Registers and submits a resource of [`PROVIDER_B`], in space B.
fn under_review_in_b(metadata: Digest) -> EntryId {
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
	entry
}

/// The stored identifier of an entry.
fn identifier(entry: EntryId) -> Option<CatalogId> {
	Entries::<Test>::get(entry).unwrap().identifier
}

fn approve(who: u64, entry: EntryId) -> DispatchResult {
	Catalog::approve(RuntimeOrigin::signed(who), entry)
}

fn reject(who: u64, entry: EntryId) -> DispatchResult {
	Catalog::reject(RuntimeOrigin::signed(who), entry, digest(0xe1))
}

#[test]
fn approval_assigns_the_first_identifier_of_the_space() {
	run(|| {
		let entry = under_review(digest(1));
		assert_eq!(identifier(entry), None);
		System::reset_events();
		assert_ok!(approve(OPERATOR_A, entry));
		let id = CatalogId { space: SPACE_A, number: 1 };
		assert_eq!(status(entry), EntryStatus::Approved);
		assert_eq!(identifier(entry), Some(id));
		assert_eq!(Identifiers::<Test>::get(id), Some(entry));
		assert_eq!(ApprovedInSpace::<Test>::get(SPACE_A), 1);
		assert_eq!(catalog_identifier(&id), "urn:tds:catalog:0:1");
		assert_eq!(
			catalog_events(),
			vec![
				Event::IdentifierAssigned { entry, identifier: id },
				Event::EntryStatusChanged {
					entry,
					from: EntryStatus::UnderReview,
					to: EntryStatus::Approved,
					by: OPERATOR_A,
					reason: None,
				},
			]
		);
		// The feed change (register, submit, approve) carries the identifier.
		assert_eq!(
			Feed::<Test>::get(2u64).map(|change| (change.status, change.identifier)),
			Some((EntryStatus::Approved, Some(id)))
		);
		assert_eq!(Catalog::entry_by_identifier(id).map(|info| info.entry), Some(entry));
	});
}

#[test]
fn identifiers_are_numbered_per_space_in_approval_order() {
	run(|| {
		let a1 = under_review(digest(1));
		let b1 = under_review_in_b(digest(2));
		let rejected = under_review(digest(3));
		let a2 = under_review(digest(4));
		assert_ok!(approve(OPERATOR_A, a1));
		assert_ok!(approve(OPERATOR_B, b1));
		// A rejected entry takes no number.
		assert_ok!(reject(OPERATOR_A, rejected));
		assert_ok!(approve(OPERATOR_A, a2));
		assert_eq!(
			last_event(),
			Event::EntryStatusChanged {
				entry: a2,
				from: EntryStatus::UnderReview,
				to: EntryStatus::Approved,
				by: OPERATOR_A,
				reason: None,
			}
		);
		assert!(catalog_events().contains(&Event::IdentifierAssigned {
			entry: a2,
			identifier: CatalogId { space: SPACE_A, number: 2 },
		}));
		assert_eq!(identifier(a1), Some(CatalogId { space: SPACE_A, number: 1 }));
		assert_eq!(identifier(a2), Some(CatalogId { space: SPACE_A, number: 2 }));
		assert_eq!(identifier(b1), Some(CatalogId { space: SPACE_B, number: 1 }));
		assert_eq!(identifier(rejected), None);
		assert_eq!(ApprovedInSpace::<Test>::get(SPACE_A), 2);
		assert_eq!(ApprovedInSpace::<Test>::get(SPACE_B), 1);
		assert_eq!(Identifiers::<Test>::get(CatalogId { space: SPACE_A, number: 1 }), Some(a1));
		assert_eq!(Identifiers::<Test>::get(CatalogId { space: SPACE_A, number: 2 }), Some(a2));
		assert_eq!(Identifiers::<Test>::get(CatalogId { space: SPACE_B, number: 1 }), Some(b1));
		assert_eq!(Identifiers::<Test>::get(CatalogId { space: SPACE_B, number: 2 }), None);
		assert_eq!(Identifiers::<Test>::get(CatalogId { space: SPACE_A, number: 3 }), None);
	});
}

#[test]
fn reapproval_after_an_update_keeps_the_identifier() {
	run(|| {
		let entry = published(digest(1));
		let id = CatalogId { space: SPACE_A, number: 1 };
		assert_eq!(identifier(entry), Some(id));
		// A change beyond availability sends it back to review, identifier kept.
		assert_ok!(Catalog::update(
			RuntimeOrigin::signed(PROVIDER),
			entry,
			FieldsInput { name: b"renamed".to_vec(), ..fields() },
			digest(2)
		));
		assert_eq!(status(entry), EntryStatus::UnderReview);
		assert_eq!(identifier(entry), Some(id));
		System::reset_events();
		assert_ok!(approve(OPERATOR_A, entry));
		assert_eq!(status(entry), EntryStatus::Approved);
		assert_eq!(identifier(entry), Some(id));
		assert_eq!(Identifiers::<Test>::get(id), Some(entry));
		assert_eq!(ApprovedInSpace::<Test>::get(SPACE_A), 1);
		// No second `IdentifierAssigned`.
		assert_eq!(
			catalog_events(),
			vec![Event::EntryStatusChanged {
				entry,
				from: EntryStatus::UnderReview,
				to: EntryStatus::Approved,
				by: OPERATOR_A,
				reason: None,
			}]
		);
		// The next new entry of the space gets the next number.
		let next = under_review(digest(3));
		assert_ok!(approve(OPERATOR_A, next));
		assert_eq!(identifier(next), Some(CatalogId { space: SPACE_A, number: 2 }));
	});
}

#[test]
fn rejection_sends_the_entry_back_with_the_reason() {
	run(|| {
		let entry = under_review(digest(1));
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0xe7)));
		assert_eq!(status(entry), EntryStatus::Rejected);
		assert_eq!(
			last_event(),
			Event::EntryStatusChanged {
				entry,
				from: EntryStatus::UnderReview,
				to: EntryStatus::Rejected,
				by: OPERATOR_A,
				reason: Some(digest(0xe7)),
			}
		);
		let record = Entries::<Test>::get(entry).unwrap();
		assert_eq!(record.last_reason, Some(digest(0xe7)));
		assert_eq!(record.identifier, None);
		assert_eq!(ApprovedInSpace::<Test>::get(SPACE_A), 0);
		assert_eq!(
			Feed::<Test>::get(2u64).map(|change| change.status),
			Some(EntryStatus::Rejected)
		);
	});
}

#[test]
fn another_spaces_operator_may_not_review() {
	run(|| {
		let entry = under_review(digest(1));
		assert_noop!(approve(OPERATOR_B, entry), Error::<Test>::NotAuthorized);
		assert_noop!(reject(OPERATOR_B, entry), Error::<Test>::NotAuthorized);
		// And conversely.
		let in_b = under_review_in_b(digest(2));
		assert_noop!(approve(OPERATOR_A, in_b), Error::<Test>::NotAuthorized);
		assert_ok!(approve(OPERATOR_B, in_b));
	});
}

#[test]
fn the_provider_may_not_review_its_own_entry() {
	run(|| {
		let entry = under_review(digest(1));
		for who in [PROVIDER, NOT_A_PROVIDER, STRANGER] {
			assert_noop!(approve(who, entry), Error::<Test>::NotAuthorized);
			assert_noop!(reject(who, entry), Error::<Test>::NotAuthorized);
		}
		for origin in [RuntimeOrigin::root(), RuntimeOrigin::none()] {
			assert_noop!(Catalog::approve(origin.clone(), entry), DispatchError::BadOrigin);
			assert_noop!(Catalog::reject(origin, entry, digest(0xe1)), DispatchError::BadOrigin);
		}
	});
}

#[test]
fn a_regulator_may_not_review_but_may_suspend() {
	run(|| {
		let entry = under_review(digest(1));
		assert!(Catalog::is_regulator(&REGULATOR));
		assert_noop!(approve(REGULATOR, entry), Error::<Test>::NotAuthorized);
		assert_noop!(reject(REGULATOR, entry), Error::<Test>::NotAuthorized);
		assert_ok!(approve(OPERATOR_A, entry));
		assert_ok!(Catalog::publish(RuntimeOrigin::signed(PROVIDER), entry, None));
		assert_ok!(Catalog::suspend(RuntimeOrigin::signed(REGULATOR), entry, digest(0xe2)));
		assert_eq!(status(entry), EntryStatus::Suspended);
	});
}

#[test]
fn only_an_entry_under_review_is_approved_or_rejected() {
	run(|| {
		let fresh = registered(digest(1));
		let accepted = approved(digest(2));
		let listed = published(digest(3));
		let refused = under_review(digest(4));
		assert_ok!(reject(OPERATOR_A, refused));
		for entry in [fresh, accepted, listed, refused] {
			assert_noop!(approve(OPERATOR_A, entry), Error::<Test>::InvalidTransition);
			assert_noop!(reject(OPERATOR_A, entry), Error::<Test>::InvalidTransition);
		}
		assert_eq!(status(fresh), EntryStatus::Registered);
		assert_eq!(status(accepted), EntryStatus::Approved);
		assert_eq!(status(listed), EntryStatus::Published);
		assert_eq!(status(refused), EntryStatus::Rejected);
		assert_eq!(ApprovedInSpace::<Test>::get(SPACE_A), 2);
	});
}

#[test]
fn an_unknown_entry_is_not_found() {
	run(|| {
		assert_noop!(approve(OPERATOR_A, 7), Error::<Test>::NotFound);
		assert_noop!(reject(OPERATOR_A, 7), Error::<Test>::NotFound);
		under_review(digest(1));
		assert_noop!(approve(OPERATOR_A, 1), Error::<Test>::NotFound);
	});
}

#[test]
fn the_operator_of_a_suspended_space_may_not_review() {
	run(|| {
		let entry = under_review(digest(1));
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), SPACE_A, digest(9)));
		assert_noop!(approve(OPERATOR_A, entry), Error::<Test>::NotAuthorized);
		assert_noop!(reject(OPERATOR_A, entry), Error::<Test>::NotAuthorized);
		// Reinstated, its operator reviews again.
		assert_ok!(IdentityRegistry::reinstate_space(RuntimeOrigin::root(), SPACE_A, digest(10)));
		assert_ok!(approve(OPERATOR_A, entry));
		assert_eq!(identifier(entry), Some(CatalogId { space: SPACE_A, number: 1 }));
	});
}
