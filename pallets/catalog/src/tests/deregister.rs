//! Deregistration: the provider withdraws its entry with evidence that the data was destroyed.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// [`PROVIDER`] deregisters `entry` with destruction evidence `digest(evidence)`.
fn withdraw(entry: EntryId, evidence: u8) -> DispatchResult {
	Catalog::deregister(RuntimeOrigin::signed(PROVIDER), entry, digest(evidence))
}

#[test]
fn the_provider_deregisters_from_every_status_outside_review() {
	run(|| {
		use EntryStatus::*;
		let draft = registered(digest(1));
		let rejected = under_review(digest(2));
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR_A), rejected, digest(0x31)));
		let accepted = approved(digest(3));
		let listed = published(digest(4));
		let suspended = published(digest(5));
		assert_ok!(Catalog::suspend(RuntimeOrigin::signed(OPERATOR_A), suspended, digest(0x32)));
		let cases = [
			(draft, Registered, 0xe1),
			(rejected, Rejected, 0xe2),
			(accepted, Approved, 0xe3),
			(listed, Published, 0xe4),
			(suspended, Suspended, 0xe5),
		];
		for (entry, from, evidence) in cases {
			assert_eq!(status(entry), from);
			assert_ok!(withdraw(entry, evidence));
			assert_eq!(
				last_event(),
				Event::EntryStatusChanged {
					entry,
					from,
					to: Deregistered,
					by: PROVIDER,
					reason: Some(digest(evidence)),
				}
			);
			let record = Entries::<Test>::get(entry).unwrap();
			assert_eq!(record.status, Deregistered, "from {from:?}");
			// The evidence replaces any earlier rejection or suspension reason.
			assert_eq!(record.last_reason, Some(digest(evidence)), "from {from:?}");
			assert_eq!(Catalog::entry_info(entry).unwrap().status, Deregistered);
		}
		// A withdrawn listing is no longer usable; an entry never approved has no identifier.
		let id = Entries::<Test>::get(listed).unwrap().identifier.unwrap();
		assert!(!Catalog::is_usable(&id));
		assert_eq!(Entries::<Test>::get(draft).unwrap().identifier, None);
	});
}

#[test]
fn deregistration_is_refused_under_review_and_once_terminal() {
	run(|| {
		let reviewed = under_review(digest(1));
		let revoked = approved(digest(2));
		assert_ok!(Catalog::revoke(RuntimeOrigin::signed(OPERATOR_A), revoked, digest(0x41)));
		let withdrawn = registered(digest(3));
		assert_ok!(withdraw(withdrawn, 0xe1));
		for entry in [reviewed, revoked, withdrawn] {
			assert_noop!(withdraw(entry, 0xe2), Error::<Test>::InvalidTransition);
		}
		assert_eq!(status(reviewed), EntryStatus::UnderReview);
		assert_eq!(status(revoked), EntryStatus::Revoked);
		// The first decision and evidence are kept.
		assert_eq!(Entries::<Test>::get(revoked).unwrap().last_reason, Some(digest(0x41)));
		assert_eq!(Entries::<Test>::get(withdrawn).unwrap().last_reason, Some(digest(0xe1)));
		// A deregistered entry cannot come back either.
		assert_noop!(
			Catalog::submit_for_review(
				RuntimeOrigin::signed(PROVIDER),
				withdrawn,
				Some(digest(0xd1)),
				Some(clean_check()),
				None
			),
			Error::<Test>::InvalidTransition
		);
		assert_noop!(
			Catalog::update(RuntimeOrigin::signed(PROVIDER), withdrawn, fields(), digest(4)),
			Error::<Test>::InvalidTransition
		);
		// Once the review is over, the provider may withdraw.
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR_A), reviewed, digest(0x42)));
		assert_ok!(withdraw(reviewed, 0xe3));
		assert_eq!(status(reviewed), EntryStatus::Deregistered);
	});
}

#[test]
fn only_the_entry_s_provider_deregisters() {
	run(|| {
		let entry = published(digest(1));
		for who in [OPERATOR_A, OPERATOR_B, PROVIDER_B, NOT_A_PROVIDER, REGULATOR, STRANGER] {
			assert_noop!(
				Catalog::deregister(RuntimeOrigin::signed(who), entry, digest(0xe1)),
				Error::<Test>::NotAuthorized
			);
		}
		assert_noop!(
			Catalog::deregister(RuntimeOrigin::root(), entry, digest(0xe1)),
			DispatchError::BadOrigin
		);
		assert_noop!(withdraw(NextEntryId::<Test>::get(), 0xe1), Error::<Test>::NotFound);
		// A frozen provider may not act.
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(9)
		));
		assert_noop!(withdraw(entry, 0xe1), Error::<Test>::IdentityNotActive);
		assert_ok!(IdentityRegistry::unfreeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(10)
		));
		assert_eq!(status(entry), EntryStatus::Published);
		assert_ok!(withdraw(entry, 0xe1));
		assert_eq!(status(entry), EntryStatus::Deregistered);
	});
}

#[test]
fn the_identifier_of_a_deregistered_entry_stays_reserved() {
	run(|| {
		let entry = approved(digest(1));
		let id = Entries::<Test>::get(entry).unwrap().identifier.unwrap();
		assert_eq!(id, CatalogId { space: SPACE_A, number: 1 });
		assert_ok!(withdraw(entry, 0xe1));
		assert_eq!(Identifiers::<Test>::get(id), Some(entry));
		assert_eq!(Entries::<Test>::get(entry).unwrap().identifier, Some(id));
		assert!(!Catalog::is_usable(&id));
		assert_eq!(Catalog::provider_of(&id), Some(org(HUAWEI)));
		let info = Catalog::entry_by_identifier(id).unwrap();
		assert_eq!((info.entry, info.status), (entry, EntryStatus::Deregistered));
		// The number is never given again.
		let next = approved(digest(2));
		assert_eq!(
			Entries::<Test>::get(next).unwrap().identifier,
			Some(CatalogId { space: SPACE_A, number: 2 })
		);
		assert_eq!(ApprovedInSpace::<Test>::get(SPACE_A), 2);
		assert_eq!(Identifiers::<Test>::get(id), Some(entry));
		// Nor is its metadata digest: it stays used in the space.
		assert_noop!(
			Catalog::register(
				RuntimeOrigin::signed(PROVIDER),
				EntryKind::Product(ProductForm::Dataset),
				fields(),
				digest(1)
			),
			Error::<Test>::AlreadyExists
		);
	});
}
