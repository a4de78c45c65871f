//! What the runtime API answers: records by digest and by index in notarisation order, paged;
//! streams of an identity; anchor history; the anchor of a size.

use crate::{mock::*, *};
use frame::testing_prelude::*;

fn notarise(key: u64, byte: u8, kind: EventKind, entry_number: Option<u32>) {
	assert_ok!(Notary::notarise(
		RuntimeOrigin::signed(key),
		digest(byte),
		kind,
		entry_number.map(entry),
		None,
		None
	));
}

fn digests(page: &RecordPage<RecordOf<Test>>) -> Vec<Digest> {
	page.items.iter().map(|(_, digest, _)| *digest).collect()
}

#[test]
fn records_page_in_notarisation_order() {
	run(|| {
		// More than 256 records, so that positions need more than one byte.
		for n in 0u16..300 {
			let kind = if n % 2 == 0 { EventKind::InterfaceCall } else { EventKind::DataTransfer };
			let item = Notarisation {
				digest: Digest::from_low_u64_be(u64::from(n) + 1),
				kind,
				catalog_entry: None,
				agreement: (n % 3 == 0).then_some(1),
				metadata: None,
			};
			assert_ok!(Notary::notarise_batch(RuntimeOrigin::signed(HUAWEI_KEY), vec![item]));
		}
		let index = RecordIndex::Agreement(1);
		let mut seen = Vec::new();
		let mut after = None;
		loop {
			let page = Notary::records(index, after, 100);
			assert!(page.items.len() <= 3, "pages are capped at MaxPageSize");
			seen.extend(page.items.iter().map(|(position, _, record)| {
				assert_eq!(*position, record.sequence);
				record.sequence
			}));
			after = page.items.last().map(|(position, _, _)| *position);
			if !page.more {
				break;
			}
		}
		let expected: Vec<u64> = (0..300).filter(|n| n % 3 == 0).collect();
		assert_eq!(seen, expected);
		let page = Notary::records(RecordIndex::Kind(EventKind::DataTransfer), Some(250), 2);
		let positions: Vec<u64> = page.items.iter().map(|(p, _, _)| *p).collect();
		assert_eq!((positions, page.more), (vec![251, 253], true));
	});
}

#[test]
fn records_are_found_by_digest_identity_entry_and_kind() {
	run(|| {
		notarise(HUAWEI_KEY, 0x01, EventKind::CatalogSync, Some(1));
		notarise(TENCENT_KEY, 0x02, EventKind::CatalogSync, Some(1));
		notarise(HUAWEI_KEY, 0x03, EventKind::Destruction, Some(2));
		assert_eq!(Notary::record_of(digest(0x02)).unwrap().identity, org(TENCENT));
		assert_eq!(Notary::record_of(digest(0x04)), None);
		let page = Notary::records(RecordIndex::Identity(org(HUAWEI)), None, 10);
		assert_eq!((digests(&page), page.more), (vec![digest(0x01), digest(0x03)], false));
		let page = Notary::records(RecordIndex::CatalogEntry(entry(1)), None, 10);
		assert_eq!(digests(&page), vec![digest(0x01), digest(0x02)]);
		let page = Notary::records(RecordIndex::Kind(EventKind::Destruction), None, 10);
		assert_eq!(digests(&page), vec![digest(0x03)]);
		let page = Notary::records(RecordIndex::Kind(EventKind::Other), None, 10);
		assert_eq!((page.items.len(), page.more), (0, false));
		let page = Notary::records(RecordIndex::Identity(org(HUAWEI)), Some(0), 10);
		assert_eq!(digests(&page), vec![digest(0x03)]);
	});
}

#[test]
fn streams_and_anchors_are_listed() {
	run(|| {
		for _ in 0..5 {
			opened(HUAWEI_KEY);
		}
		opened(TENCENT_KEY);
		let ids = |after| {
			Notary::streams_of(org(HUAWEI), after, 10)
				.into_iter()
				.map(|(id, _)| id)
				.collect::<Vec<_>>()
		};
		assert_eq!(ids(None), vec![0, 1, 2]);
		assert_eq!(ids(Some(2)), vec![3, 4]);
		assert_eq!(ids(Some(4)), Vec::<StreamId>::new());
		let tree = log(64);
		for size in [4, 16, 17, 40, 64] {
			anchored(HUAWEI_KEY, 3, &tree, size);
		}
		let sizes = |from| Notary::anchors(3, from, 10).iter().map(|a| a.size).collect::<Vec<_>>();
		assert_eq!(sizes(0), vec![4, 16, 17]);
		assert_eq!(sizes(3), vec![40, 64]);
		assert_eq!(sizes(5), Vec::<u64>::new());
		assert_eq!(Notary::anchor_at(3, 17).map(|a| (a.index, a.root)), Some((2, root(&tree, 17))));
		assert_eq!(Notary::anchor_at(3, 18), None);
		assert_eq!(Notary::stream(3).unwrap().size, 64);
		assert_eq!(Notary::stream(6), None);
	});
}
