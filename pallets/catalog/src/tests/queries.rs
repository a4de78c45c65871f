//! Queries served by the runtime API: the change feed other spaces mirror the catalog from, the
//! paged lists, lookup by identifier and verification of a metadata document.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// What a mirror keeps: the latest change of each entry.
type Mirror = alloc::collections::BTreeMap<EntryId, FeedChangeOf<Test>>;

/// A page of entries, as the paged queries answer.
type Page = Vec<EntryInfo<EntryOf<Test>, VersionOf<Test>>>;

/// Registers a resource of [`PROVIDER_B`] (space B) classified `classification`.
fn registered_b(metadata: Digest, classification: &[u8]) -> EntryId {
	let entry = NextEntryId::<Test>::get();
	assert_ok!(Catalog::register(
		RuntimeOrigin::signed(PROVIDER_B),
		EntryKind::Resource,
		FieldsInput { classification: classification.to_vec(), ..fields() },
		metadata
	));
	entry
}

/// Registers, submits, approves and publishes a resource of [`PROVIDER_B`] (space B).
fn published_b(metadata: Digest, classification: &[u8]) -> EntryId {
	let entry = registered_b(metadata, classification);
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

/// The identifier of an approved entry.
fn identifier(entry: EntryId) -> CatalogId {
	Entries::<Test>::get(entry).unwrap().identifier.unwrap()
}

/// Every change in the feed, with its position, read straight from storage.
fn whole_feed() -> Vec<(u64, FeedChangeOf<Test>)> {
	(0..FeedLength::<Test>::get())
		.map(|position| (position, Feed::<Test>::get(position).unwrap()))
		.collect()
}

/// Follows the feed from `cursor` with `filter`, call after call, until it is read to the end;
/// returns the changes and the cursor to continue from later.
fn sync(mut cursor: u64, filter: &FeedFilter) -> (Vec<(u64, FeedChangeOf<Test>)>, u64) {
	let mut changes = Vec::new();
	// Bounded, so that a cursor that stops short fails the test instead of looping.
	for _ in 0..100 {
		let (page, next) = Catalog::changes_since(cursor, filter, u32::MAX);
		assert!(page.len() <= 2, "at most MaxPageSize changes per call");
		assert!(page.iter().all(|(position, _)| (cursor..next).contains(position)));
		if next == cursor {
			assert!(page.is_empty());
			assert_eq!(cursor, FeedLength::<Test>::get(), "the feed was read to its end");
			return (changes, cursor);
		}
		changes.extend(page);
		cursor = next;
	}
	panic!("the feed was not read to its end");
}

/// Applies feed changes to a mirror: the latest change of each entry wins.
fn apply(mirror: &mut Mirror, changes: Vec<(u64, FeedChangeOf<Test>)>) {
	for (_, change) in changes {
		mirror.insert(change.entry, change);
	}
}

/// Asserts that `mirror` holds exactly the stored entries selected by `wanted`, as stored.
#[track_caller]
fn assert_mirrors(mirror: &Mirror, wanted: impl Fn(&EntryOf<Test>) -> bool) {
	let mut expected: Vec<_> = Entries::<Test>::iter()
		.filter(|(_, record)| wanted(record))
		.map(|(entry, r)| {
			(entry, r.identifier, r.status, r.version, r.metadata, r.fields.classification.to_vec())
		})
		.collect();
	expected.sort_by_key(|row| row.0);
	let mirrored: Vec<_> = mirror
		.values()
		.map(|c| {
			(c.entry, c.identifier, c.status, c.version, c.metadata, c.classification.to_vec())
		})
		.collect();
	assert!(!expected.is_empty());
	assert_eq!(mirrored, expected);
}

/// Every entry a paged query lists, following `start_after` page by page.
fn all_pages(query: impl Fn(Option<EntryId>) -> Page) -> Vec<EntryId> {
	let mut seen = Vec::new();
	let mut after = None;
	for _ in 0..20 {
		let page = query(after);
		assert!(page.len() <= 2, "a page is at most MaxPageSize long");
		let Some(last) = page.last() else { return seen };
		after = Some(last.entry);
		seen.extend(page.iter().map(|info| info.entry));
	}
	panic!("paging did not end");
}

/// `entries` sorted, after checking that none was listed twice.
fn each_once(mut entries: Vec<EntryId>) -> Vec<EntryId> {
	let count = entries.len();
	entries.sort();
	entries.dedup();
	assert_eq!(entries.len(), count, "an entry was listed twice");
	entries
}

#[test]
fn every_change_is_appended_to_the_feed() {
	run(|| {
		use EntryStatus::*;
		assert_eq!(FeedLength::<Test>::get(), 0);
		let entry = published(digest(1));
		System::set_block_number(2);
		let availability = FieldsInput { update_frequency: UpdateFrequency::Daily, ..fields() };
		assert_ok!(Catalog::update(
			RuntimeOrigin::signed(PROVIDER),
			entry,
			availability,
			digest(2)
		));
		assert_ok!(Catalog::suspend(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0x51)));
		assert_ok!(Catalog::restore(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0x52)));
		let renamed = FieldsInput { name: b"renamed".to_vec(), ..fields() };
		assert_ok!(Catalog::update(RuntimeOrigin::signed(PROVIDER), entry, renamed, digest(3)));
		let other = registered_b(digest(1), b"K7000");
		assert_ok!(Catalog::deregister(RuntimeOrigin::signed(PROVIDER_B), other, digest(0xe1)));
		// A refused call appends nothing.
		assert_noop!(
			Catalog::suspend(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0x53)),
			Error::<Test>::InvalidTransition
		);
		assert_eq!(FeedLength::<Test>::get(), 10);
		let id = Some(CatalogId { space: SPACE_A, number: 1 });
		assert_eq!(
			whole_feed()
				.into_iter()
				.map(|(_, c)| (c.entry, c.status, c.version, c.metadata, c.identifier))
				.collect::<Vec<_>>(),
			vec![
				(entry, Registered, 1, digest(1), None),
				(entry, UnderReview, 1, digest(1), None),
				(entry, Approved, 1, digest(1), id),
				(entry, Published, 1, digest(1), id),
				(entry, Published, 2, digest(2), id),
				(entry, Suspended, 2, digest(2), id),
				(entry, Published, 2, digest(2), id),
				(entry, UnderReview, 3, digest(3), id),
				(other, Registered, 1, digest(1), None),
				(other, Deregistered, 1, digest(1), None),
			]
		);
		// Each change carries the entry's space, kind, classification and block.
		let first = Feed::<Test>::get(0u64).unwrap();
		assert_eq!(
			(first.space, first.kind, first.classification.to_vec(), first.at),
			(SPACE_A, EntryKind::Product(ProductForm::Dataset), b"J6851".to_vec(), 1)
		);
		let last = Feed::<Test>::get(9u64).unwrap();
		assert_eq!(
			(last.space, last.kind, last.classification.to_vec(), last.at),
			(SPACE_B, EntryKind::Resource, b"K7000".to_vec(), 2)
		);
	});
}

#[test]
fn changes_since_pages_through_every_change_once_in_order() {
	run(|| {
		for n in 1..=3 {
			published(digest(n));
		}
		registered_b(digest(1), b"K7000");
		let length = FeedLength::<Test>::get();
		assert_eq!(length, 13);
		let mut cursor = 0;
		let mut seen = Vec::new();
		let mut calls = 0;
		for _ in 0..100 {
			let (page, next) = Catalog::changes_since(cursor, &FeedFilter::default(), 10);
			calls += 1;
			if page.is_empty() {
				assert_eq!(next, cursor);
				break;
			}
			assert!(page.len() <= 2, "at most MaxPageSize changes per call");
			// The cursor continues right after the last change returned.
			assert_eq!(next, page.last().unwrap().0 + 1);
			for (position, change) in &page {
				assert_eq!(Feed::<Test>::get(position).as_ref(), Some(change));
			}
			seen.extend(page.into_iter().map(|(position, _)| position));
			cursor = next;
		}
		assert_eq!(seen, (0..length).collect::<Vec<_>>());
		// Six full pages, the last change, then the empty answer at the end.
		assert_eq!(calls, 8);
		// A smaller limit is honoured; a zero limit returns nothing and keeps the cursor.
		let (page, next) = Catalog::changes_since(3, &FeedFilter::default(), 1);
		assert_eq!(
			(page.iter().map(|(position, _)| *position).collect::<Vec<_>>(), next),
			(vec![3], 4)
		);
		let (page, next) = Catalog::changes_since(3, &FeedFilter::default(), 0);
		assert!(page.is_empty());
		assert_eq!(next, 3);
	});
}

#[test]
fn the_feed_filters_by_space_kind_and_classification() {
	run(|| {
		published(digest(1));
		registered(digest(2));
		published_b(digest(1), b"K7000");
		registered_b(digest(2), b"J6851");
		// Last: the only resource of space A classified K7000.
		assert_ok!(Catalog::register(
			RuntimeOrigin::signed(PROVIDER),
			EntryKind::Resource,
			FieldsInput { classification: b"K7000".to_vec(), ..fields() },
			digest(3)
		));
		let everything = whole_feed();
		assert_eq!(everything.len(), 11);
		let check = |filter: FeedFilter, wanted: &dyn Fn(&FeedChangeOf<Test>) -> bool| {
			let (changes, _) = sync(0, &filter);
			let expected: Vec<_> =
				everything.iter().filter(|(_, change)| wanted(change)).cloned().collect();
			assert!(!expected.is_empty() && expected.len() < everything.len(), "{filter:?}");
			assert_eq!(changes, expected, "{filter:?}");
		};
		let k7000 = || Some(b"K7000".to_vec());
		check(FeedFilter { space: Some(SPACE_B), ..Default::default() }, &|c| c.space == SPACE_B);
		check(FeedFilter { kind: Some(EntryKind::Resource), ..Default::default() }, &|c| {
			c.kind == EntryKind::Resource
		});
		check(FeedFilter { classification: k7000(), ..Default::default() }, &|c| {
			c.classification.as_slice() == b"K7000"
		});
		let narrow = FeedFilter {
			space: Some(SPACE_A),
			kind: Some(EntryKind::Resource),
			classification: k7000(),
		};
		check(narrow.clone(), &|c| {
			c.space == SPACE_A
				&& c.kind == EntryKind::Resource
				&& c.classification.as_slice() == b"K7000"
		});
		// A call scans at most MaxPageSize × 4 positions: nothing found, but the cursor moved.
		let (page, next) = Catalog::changes_since(0, &narrow, 2);
		assert!(page.is_empty());
		assert_eq!(next, 8);
		// A filter nothing matches reads to the end with no change.
		let nothing = FeedFilter { classification: Some(b"NONE".to_vec()), ..Default::default() };
		assert!(sync(0, &nothing).0.is_empty());
	});
}

#[test]
fn another_space_mirrors_the_catalog_incrementally_from_the_feed() {
	run(|| {
		let listed = published(digest(1));
		let rejected = under_review(digest(2));
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR_A), rejected, digest(0x31)));
		let draft = registered(digest(3));
		let remote = published_b(digest(1), b"K7000");
		let space_a = || FeedFilter { space: Some(SPACE_A), ..Default::default() };
		let mut everything = Mirror::new();
		let mut ours = Mirror::new();
		let (changes, cursor) = sync(0, &FeedFilter::default());
		apply(&mut everything, changes);
		let (changes, cursor_a) = sync(0, &space_a());
		apply(&mut ours, changes);
		assert_mirrors(&everything, |_| true);
		assert_mirrors(&ours, |record| record.space == SPACE_A);

		// More activity; the mirrors catch up from their cursors.
		System::set_block_number(2);
		let availability = FieldsInput { update_frequency: UpdateFrequency::Daily, ..fields() };
		assert_ok!(Catalog::update(
			RuntimeOrigin::signed(PROVIDER),
			listed,
			availability,
			digest(4)
		));
		let reclassified = FieldsInput { classification: b"NEW".to_vec(), ..fields() };
		assert_ok!(Catalog::update(
			RuntimeOrigin::signed(PROVIDER),
			listed,
			reclassified,
			digest(5)
		));
		assert_ok!(Catalog::suspend(RuntimeOrigin::signed(REGULATOR), remote, digest(0x61)));
		assert_ok!(Catalog::deregister(RuntimeOrigin::signed(PROVIDER), draft, digest(0xe1)));
		assert_ok!(Catalog::submit_for_review(
			RuntimeOrigin::signed(PROVIDER),
			rejected,
			Some(digest(0xd2)),
			Some(clean_check()),
			None
		));
		registered(digest(6));
		let (changes, cursor) = sync(cursor, &FeedFilter::default());
		assert_eq!(changes.len(), 6);
		apply(&mut everything, changes);
		let (changes, _) = sync(cursor_a, &space_a());
		assert_eq!(changes.len(), 5);
		apply(&mut ours, changes);
		assert_mirrors(&everything, |_| true);
		assert_mirrors(&ours, |record| record.space == SPACE_A);
		assert_eq!(everything[&listed].version, 3);
		assert_eq!(everything[&remote].status, EntryStatus::Suspended);
		// Nothing new: following the cursor again changes nothing.
		let (changes, again) = sync(cursor, &FeedFilter::default());
		assert!(changes.is_empty());
		assert_eq!(again, cursor);
	});
}

#[test]
fn entries_of_space_provider_and_classification_page_with_start_after() {
	run(|| {
		let ours: Vec<EntryId> = (1..=5).map(|n| registered(digest(n))).collect();
		let theirs = vec![registered_b(digest(1), b"K7000"), registered_b(digest(2), b"J6851")];
		let by_space = |space| all_pages(|after| Catalog::entries_of_space(space, after, 10));
		assert_eq!(each_once(by_space(SPACE_A)), ours);
		assert_eq!(each_once(by_space(SPACE_B)), theirs);
		let by_provider =
			|provider| all_pages(|after| Catalog::entries_of_provider(provider, after, 10));
		assert_eq!(each_once(by_provider(org(HUAWEI))), ours);
		assert_eq!(each_once(by_provider(org(TENCENT))), theirs);
		let by_code = |code: &[u8]| {
			all_pages(|after| Catalog::entries_by_classification(code.to_vec(), after, 10))
		};
		let mut j6851 = ours.clone();
		j6851.push(theirs[1]);
		assert_eq!(each_once(by_code(b"J6851")), j6851);
		assert_eq!(each_once(by_code(b"K7000")), vec![theirs[0]]);
		// Each answer is the entry as stored.
		for info in Catalog::entries_of_space(SPACE_B, None, 2) {
			assert_eq!(Some(info.record), Entries::<Test>::get(info.entry));
			assert_eq!(info.status, EntryStatus::Registered);
		}
		// Pages are clamped to MaxPageSize.
		assert_eq!(Catalog::entries_of_space(SPACE_A, None, 10).len(), 2);
		assert_eq!(Catalog::entries_of_provider(org(HUAWEI), None, 1).len(), 1);
		assert!(Catalog::entries_by_classification(b"J6851".to_vec(), None, 0).is_empty());
		// Nothing for an unknown space, a provider without entries, an unknown or oversized code.
		assert!(Catalog::entries_of_space(9, None, 2).is_empty());
		assert!(Catalog::entries_of_provider(org(ALIBABA), None, 2).is_empty());
		assert!(Catalog::entries_by_classification(b"NONE".to_vec(), None, 2).is_empty());
		assert!(Catalog::entries_by_classification(vec![b'x'; 33], None, 2).is_empty());
	});
}

#[test]
fn entry_by_identifier_finds_approved_entries_in_each_space() {
	run(|| {
		let draft = registered(digest(1));
		let first = published(digest(2));
		let second = approved(digest(3));
		let remote = published_b(digest(1), b"K7000");
		let lookup = |text: &str| {
			Catalog::entry_by_identifier(parse_catalog_identifier(text).unwrap())
				.map(|info| info.entry)
		};
		assert_eq!(lookup("urn:tds:catalog:0:1"), Some(first));
		assert_eq!(lookup("urn:tds:catalog:0:2"), Some(second));
		assert_eq!(lookup("urn:tds:catalog:1:1"), Some(remote));
		assert_eq!(lookup("urn:tds:catalog:0:3"), None);
		assert_eq!(lookup("urn:tds:catalog:1:2"), None);
		assert_eq!(Entries::<Test>::get(draft).unwrap().identifier, None);
		let info = Catalog::entry_by_identifier(identifier(first)).unwrap();
		assert_eq!(catalog_identifier(&info.record.identifier.unwrap()), "urn:tds:catalog:0:1");
		assert_eq!(info.status, EntryStatus::Published);
		assert_eq!(info.versions.iter().map(|v| v.metadata).collect::<Vec<_>>(), vec![digest(2)]);
		// The answer carries the effective status.
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(9)
		));
		let info = Catalog::entry_by_identifier(identifier(first)).unwrap();
		assert_eq!(
			(info.record.status, info.status),
			(EntryStatus::Published, EntryStatus::Suspended)
		);
	});
}

#[test]
fn verify_tells_current_superseded_and_unknown_documents_apart() {
	run(|| {
		let entry = published(digest(1));
		let id = identifier(entry);
		// Another entry's document.
		registered(digest(9));
		for metadata in [digest(2), digest(3)] {
			let availability = FieldsInput { usage_restrictions: metadata, ..fields() };
			assert_ok!(Catalog::update(
				RuntimeOrigin::signed(PROVIDER),
				entry,
				availability,
				metadata
			));
		}
		assert_eq!(Catalog::verify(id, digest(3)), Verification::Current { version: 3 });
		assert_eq!(
			Catalog::verify(id, digest(2)),
			Verification::Superseded { version: 2, current: 3 }
		);
		assert_eq!(
			Catalog::verify(id, digest(1)),
			Verification::Superseded { version: 1, current: 3 }
		);
		assert_eq!(Catalog::verify(id, digest(4)), Verification::NoMatch);
		assert_eq!(Catalog::verify(id, digest(9)), Verification::NoMatch);
		let unknown = CatalogId { space: SPACE_A, number: 2 };
		assert_eq!(Catalog::verify(unknown, digest(3)), Verification::UnknownIdentifier);
		let other_space = CatalogId { space: SPACE_B, number: 1 };
		assert_eq!(Catalog::verify(other_space, digest(3)), Verification::UnknownIdentifier);
		assert_eq!(status(entry), EntryStatus::Published);
	});
}
