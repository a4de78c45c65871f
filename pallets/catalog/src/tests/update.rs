//! Updates: each is a new version; an approved or listed entry goes back to review unless only
//! its availability fields changed.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// [`PROVIDER`] updates `entry` to `fields` and metadata digest `metadata`.
fn provider_updates(entry: EntryId, fields: FieldsInput, metadata: Digest) -> DispatchResult {
	Catalog::update(RuntimeOrigin::signed(PROVIDER), entry, fields, metadata)
}

/// The minimal fields with every availability field changed, and nothing else.
fn availability_changed() -> FieldsInput {
	FieldsInput {
		update_frequency: UpdateFrequency::Daily,
		authorisation: AuthorisationType::Open,
		usage_restrictions: digest(0xc2),
		..fields()
	}
}

/// The minimal fields with the name changed.
fn renamed() -> FieldsInput {
	FieldsInput { name: b"renamed".to_vec(), ..fields() }
}

/// One change of each field outside availability, named.
fn other_changes() -> [(&'static str, FieldsInput); 6] {
	[
		("name", renamed()),
		("data type", FieldsInput { data_type: b"time-series".to_vec(), ..fields() }),
		("format", FieldsInput { format: b"JSON".to_vec(), ..fields() }),
		("source", FieldsInput { source: SourceClass::Personal, ..fields() }),
		("classification", FieldsInput { classification: b"NEW".to_vec(), ..fields() }),
		("sensitivity", FieldsInput { sensitivity: SensitivityLevel::Important, ..fields() }),
	]
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

/// The identifier of an approved entry.
fn identifier(entry: EntryId) -> CatalogId {
	Entries::<Test>::get(entry).unwrap().identifier.unwrap()
}

#[test]
fn each_update_is_a_new_version_and_every_digest_is_kept() {
	run(|| {
		let entry = registered(digest(1));
		System::set_block_number(2);
		assert_ok!(provider_updates(entry, fields(), digest(2)));
		assert_eq!(last_event(), Event::EntryUpdated { entry, version: 2, metadata: digest(2) });
		System::set_block_number(3);
		assert_ok!(provider_updates(entry, availability_changed(), digest(3)));
		assert_eq!(last_event(), Event::EntryUpdated { entry, version: 3, metadata: digest(3) });
		let record = Entries::<Test>::get(entry).unwrap();
		assert_eq!((record.version, record.metadata), (3, digest(3)));
		assert_eq!(record.fields.update_frequency, UpdateFrequency::Daily);
		assert_eq!(record.changed_at, 3);
		assert_eq!(record.status, EntryStatus::Registered);
		for (version, metadata, at) in [(1u32, digest(1), 1), (2, digest(2), 2), (3, digest(3), 3)]
		{
			let stored = Versions::<Test>::get(entry, version).unwrap();
			assert_eq!((stored.metadata, stored.at), (metadata, at), "version {version}");
			assert_eq!(DigestIndex::<Test>::get(SPACE_A, metadata), Some(entry));
		}
		assert_eq!(Versions::<Test>::get(entry, 4u32), None);
		let info = Catalog::entry_info(entry).unwrap();
		assert_eq!(
			info.versions.iter().map(|v| (v.metadata, v.at)).collect::<Vec<_>>(),
			vec![(digest(1), 1), (digest(2), 2), (digest(3), 3)]
		);
	});
}

#[test]
fn an_availability_only_update_keeps_an_approved_or_listed_entry_as_it_is() {
	run(|| {
		use EntryStatus::*;
		let listed = published(digest(1));
		let accepted = approved(digest(2));
		for (entry, kept, metadata) in
			[(listed, Published, digest(3)), (accepted, Approved, digest(4))]
		{
			System::reset_events();
			assert_ok!(provider_updates(entry, availability_changed(), metadata));
			// A new version, and no status change.
			assert_eq!(catalog_events(), vec![Event::EntryUpdated { entry, version: 2, metadata }]);
			let record = Entries::<Test>::get(entry).unwrap();
			assert_eq!((record.status, record.version, record.metadata), (kept, 2, metadata));
			assert_eq!(record.fields.authorisation, AuthorisationType::Open);
			assert_eq!(record.fields.usage_restrictions, digest(0xc2));
		}
		assert!(Catalog::is_usable(&identifier(listed)));
	});
}

#[test]
fn any_other_change_sends_an_approved_or_listed_entry_back_to_review() {
	run(|| {
		use EntryStatus::*;
		let mut used = 0u8;
		let mut fresh = || {
			used += 1;
			digest(used)
		};
		for (what, changed) in other_changes() {
			for from in [Approved, Published] {
				let entry = if from == Approved { approved(fresh()) } else { published(fresh()) };
				let id = identifier(entry);
				let metadata = fresh();
				System::reset_events();
				assert_ok!(provider_updates(entry, changed.clone(), metadata));
				assert_eq!(
					catalog_events(),
					vec![
						Event::EntryUpdated { entry, version: 2, metadata },
						Event::EntryStatusChanged {
							entry,
							from,
							to: UnderReview,
							by: PROVIDER,
							reason: None
						},
					],
					"{what} of a {from:?} entry"
				);
				assert_eq!(status(entry), UnderReview, "{what} of a {from:?} entry");
				// It keeps its identifier, but is not usable until listed again.
				assert_eq!(Entries::<Test>::get(entry).unwrap().identifier, Some(id));
				assert_eq!(Identifiers::<Test>::get(id), Some(entry));
				assert!(!Catalog::is_usable(&id));
			}
		}
	});
}

#[test]
fn a_re_reviewed_entry_keeps_its_identifier() {
	run(|| {
		use EntryStatus::*;
		let entry = published(digest(1));
		let id = identifier(entry);
		assert_ok!(provider_updates(entry, renamed(), digest(2)));
		System::reset_events();
		assert_ok!(Catalog::approve(RuntimeOrigin::signed(OPERATOR_A), entry));
		// No second identifier.
		assert_eq!(
			catalog_events(),
			vec![Event::EntryStatusChanged {
				entry,
				from: UnderReview,
				to: Approved,
				by: OPERATOR_A,
				reason: None
			}]
		);
		assert_eq!(identifier(entry), id);
		assert_eq!(ApprovedInSpace::<Test>::get(SPACE_A), 1);
		assert_ok!(Catalog::publish(RuntimeOrigin::signed(PROVIDER), entry, None));
		assert!(Catalog::is_usable(&id));
		assert_eq!(Catalog::verify(id, digest(2)), Verification::Current { version: 2 });
	});
}

#[test]
fn an_entry_not_yet_approved_keeps_its_status() {
	run(|| {
		use EntryStatus::*;
		let draft = registered(digest(1));
		let reviewed = under_review(digest(2));
		let rejected = under_review(digest(3));
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR_A), rejected, digest(0x31)));
		for (entry, kept, metadata) in [
			(draft, Registered, digest(4)),
			(reviewed, UnderReview, digest(5)),
			(rejected, Rejected, digest(6)),
		] {
			System::reset_events();
			assert_ok!(provider_updates(entry, renamed(), metadata));
			assert_eq!(catalog_events(), vec![Event::EntryUpdated { entry, version: 2, metadata }]);
			let record = Entries::<Test>::get(entry).unwrap();
			assert_eq!(record.status, kept);
			assert_eq!(record.fields.name.to_vec(), b"renamed".to_vec());
		}
		// The rejection reason is kept; rectified, the entry is resubmitted.
		assert_eq!(Entries::<Test>::get(rejected).unwrap().last_reason, Some(digest(0x31)));
		assert_ok!(Catalog::submit_for_review(
			RuntimeOrigin::signed(PROVIDER),
			rejected,
			Some(digest(0xd1)),
			Some(clean_check()),
			None
		));
		assert_eq!(status(rejected), UnderReview);
	});
}

#[test]
fn a_classification_change_moves_the_entry_in_the_index() {
	run(|| {
		let moved = published(digest(1));
		let stays = registered(digest(2));
		let listed = |code: &[u8]| {
			let mut entries = Catalog::entries_by_classification(code.to_vec(), None, 10)
				.into_iter()
				.map(|info| info.entry)
				.collect::<Vec<_>>();
			entries.sort();
			entries
		};
		assert_eq!(listed(b"J6851"), vec![moved, stays]);
		assert!(listed(b"NEW").is_empty());
		let reclassified = FieldsInput { classification: b"NEW".to_vec(), ..fields() };
		assert_ok!(provider_updates(moved, reclassified, digest(3)));
		assert_eq!(listed(b"NEW"), vec![moved]);
		assert_eq!(listed(b"J6851"), vec![stays]);
		let record = Entries::<Test>::get(moved).unwrap();
		assert_eq!(record.fields.classification.to_vec(), b"NEW".to_vec());
		assert_eq!(record.status, EntryStatus::UnderReview);
		// An update keeping the code leaves the index alone.
		assert_ok!(provider_updates(stays, renamed(), digest(4)));
		assert_eq!(listed(b"J6851"), vec![stays]);
	});
}

#[test]
fn a_digest_is_used_once_per_space() {
	run(|| {
		let entry = registered(digest(1));
		let other = registered(digest(2));
		// Another entry's digest, the entry's own current one, then its own earlier one.
		assert_noop!(provider_updates(entry, fields(), digest(2)), Error::<Test>::AlreadyExists);
		assert_noop!(provider_updates(entry, fields(), digest(1)), Error::<Test>::AlreadyExists);
		assert_ok!(provider_updates(entry, fields(), digest(3)));
		assert_noop!(provider_updates(entry, fields(), digest(1)), Error::<Test>::AlreadyExists);
		assert_noop!(provider_updates(entry, fields(), digest(3)), Error::<Test>::AlreadyExists);
		assert_noop!(provider_updates(other, fields(), digest(1)), Error::<Test>::AlreadyExists);
		// A digest used in another space is not in the way.
		assert_ok!(Catalog::register(
			RuntimeOrigin::signed(PROVIDER_B),
			EntryKind::Resource,
			fields(),
			digest(9)
		));
		assert_ok!(provider_updates(entry, fields(), digest(9)));
		let record = Entries::<Test>::get(entry).unwrap();
		assert_eq!((record.version, record.metadata), (3, digest(9)));
	});
}

#[test]
fn oversized_fields_are_refused() {
	run(|| {
		let entry = registered(digest(1));
		let long = vec![b'x'; 33];
		for oversized in [
			FieldsInput { name: long.clone(), ..fields() },
			FieldsInput { data_type: long.clone(), ..fields() },
			FieldsInput { format: long.clone(), ..fields() },
			FieldsInput { classification: long.clone(), ..fields() },
		] {
			assert_noop!(provider_updates(entry, oversized, digest(2)), Error::<Test>::TooLong);
		}
		// 32 bytes fit.
		assert_ok!(provider_updates(
			entry,
			FieldsInput { name: vec![b'x'; 32], ..fields() },
			digest(2)
		));
		assert_eq!(Entries::<Test>::get(entry).unwrap().fields.name.len(), 32);
	});
}

#[test]
fn only_the_provider_updates_its_entry() {
	run(|| {
		let entry = published(digest(1));
		for who in [OPERATOR_A, OPERATOR_B, PROVIDER_B, NOT_A_PROVIDER, REGULATOR, STRANGER] {
			assert_noop!(
				Catalog::update(RuntimeOrigin::signed(who), entry, fields(), digest(2)),
				Error::<Test>::NotAuthorized
			);
		}
		assert_noop!(
			Catalog::update(RuntimeOrigin::root(), entry, fields(), digest(2)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			provider_updates(NextEntryId::<Test>::get(), fields(), digest(2)),
			Error::<Test>::NotFound
		);
		assert_eq!(Entries::<Test>::get(entry).unwrap().version, 1);
	});
}

#[test]
fn a_suspended_or_terminal_entry_cannot_be_updated() {
	run(|| {
		let suspended = published(digest(1));
		assert_ok!(Catalog::suspend(RuntimeOrigin::signed(OPERATOR_A), suspended, digest(0x51)));
		let revoked = published(digest(2));
		assert_ok!(Catalog::revoke(RuntimeOrigin::signed(OPERATOR_A), revoked, digest(0x52)));
		let withdrawn = published(digest(3));
		assert_ok!(Catalog::deregister(RuntimeOrigin::signed(PROVIDER), withdrawn, digest(0x53)));
		for entry in [suspended, revoked, withdrawn] {
			for changed in [fields(), availability_changed(), renamed()] {
				assert_noop!(
					provider_updates(entry, changed, digest(4)),
					Error::<Test>::InvalidTransition
				);
			}
		}
		// Restored, the suspended entry can be updated again.
		assert_ok!(Catalog::restore(RuntimeOrigin::signed(OPERATOR_A), suspended, digest(0x54)));
		assert_ok!(provider_updates(suspended, availability_changed(), digest(4)));
		assert_eq!(status(suspended), EntryStatus::Published);
	});
}

#[test]
fn a_frozen_provider_cannot_update() {
	run(|| {
		let entry = published(digest(1));
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(9)
		));
		assert_noop!(
			provider_updates(entry, availability_changed(), digest(2)),
			Error::<Test>::IdentityNotActive
		);
		assert_ok!(IdentityRegistry::unfreeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(10)
		));
		assert_ok!(provider_updates(entry, availability_changed(), digest(2)));
		assert_eq!(Entries::<Test>::get(entry).unwrap().version, 2);
	});
}

#[test]
fn becoming_public_data_needs_the_certificate_given_at_submission() {
	run(|| {
		let entry = published(digest(1));
		let mut public = fields();
		public.source = SourceClass::Public;
		assert_noop!(
			Catalog::update(RuntimeOrigin::signed(PROVIDER), entry, public, digest(2)),
			Error::<Test>::MissingRegistrationCertificate
		);
	});
}
