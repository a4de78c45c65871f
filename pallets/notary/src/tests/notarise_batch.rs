//! `notarise_batch`: up to `MaxBatchSize` events in one transaction, all or none.

use crate::{mock::*, *};
use frame::testing_prelude::*;

fn batch(from: u8, n: u8) -> Vec<Notarisation> {
	(from..from + n).map(|byte| call_log(digest(byte))).collect()
}

#[test]
fn a_full_batch_is_recorded_in_order() {
	run(|| {
		let max = MAX_BATCH as u8;
		let mut items = batch(0x10, max);
		items[1].catalog_entry = Some(entry(3));
		items[2].agreement = Some(0);
		assert_ok!(Notary::notarise_batch(RuntimeOrigin::signed(CONNECTOR_KEY), items.clone()));
		assert_eq!(RecordCount::<Test>::get(), u64::from(max));
		for (sequence, item) in items.iter().enumerate() {
			let record = Records::<Test>::get(item.digest).unwrap();
			assert_eq!(record.sequence, sequence as u64);
			assert_eq!(record.identity, connector());
			assert_eq!(record.account, CONNECTOR_KEY);
			assert_eq!(
				(record.catalog_entry, record.agreement),
				(item.catalog_entry, item.agreement)
			);
		}
		let expected: Vec<_> = items
			.iter()
			.enumerate()
			.map(|(sequence, item)| Event::Notarised {
				digest: item.digest,
				identity: connector(),
				kind: EventKind::InterfaceCall,
				sequence: sequence as u64,
			})
			.collect();
		assert_eq!(events(), expected);
	});
}

#[test]
fn repeated_and_known_digests_keep_their_first_record() {
	run(|| {
		assert_ok!(Notary::notarise_batch(RuntimeOrigin::signed(HUAWEI_KEY), batch(0x10, 1)));
		System::reset_events();
		let items = vec![call_log(digest(0x20)), call_log(digest(0x10)), call_log(digest(0x20))];
		assert_ok!(Notary::notarise_batch(RuntimeOrigin::signed(TENCENT_KEY), items));
		assert_eq!(RecordCount::<Test>::get(), 2);
		assert_eq!(Records::<Test>::get(digest(0x10)).unwrap().identity, org(HUAWEI));
		assert_eq!(Records::<Test>::get(digest(0x20)).unwrap().sequence, 1);
		assert_eq!(
			events(),
			vec![
				Event::Notarised {
					digest: digest(0x20),
					identity: org(TENCENT),
					kind: EventKind::InterfaceCall,
					sequence: 1,
				},
				Event::AlreadyNotarised { digest: digest(0x10), identity: org(HUAWEI), block: 1 },
				Event::AlreadyNotarised { digest: digest(0x20), identity: org(TENCENT), block: 1 },
			]
		);
	});
}

#[test]
fn oversized_and_empty_batches_are_refused() {
	run(|| {
		let max = MAX_BATCH as u8;
		assert_noop!(
			Notary::notarise_batch(RuntimeOrigin::signed(HUAWEI_KEY), batch(0x10, max + 1)),
			Error::<Test>::TooManyItems
		);
		assert_noop!(
			Notary::notarise_batch(RuntimeOrigin::signed(HUAWEI_KEY), Vec::new()),
			Error::<Test>::EmptyBatch
		);
	});
}

#[test]
fn one_bad_item_records_nothing() {
	run(|| {
		let origin = || RuntimeOrigin::signed(HUAWEI_KEY);
		let mut items = batch(0x10, 4);
		items[3].digest = Digest::zero();
		assert_noop!(Notary::notarise_batch(origin(), items), Error::<Test>::InvalidDigest);
		let mut items = batch(0x10, 4);
		items[2].catalog_entry = Some(entry(9));
		assert_noop!(Notary::notarise_batch(origin(), items), Error::<Test>::UnknownCatalogEntry);
		let mut items = batch(0x10, 4);
		items[0].agreement = Some(77);
		assert_noop!(Notary::notarise_batch(origin(), items), Error::<Test>::UnknownAgreement);
		let mut items = batch(0x10, 4);
		items[1].metadata = Some(Digest::zero());
		assert_noop!(Notary::notarise_batch(origin(), items), Error::<Test>::InvalidDigest);
	});
}

#[test]
fn only_identities_that_may_act_notarise_batches() {
	run(|| {
		assert_noop!(
			Notary::notarise_batch(RuntimeOrigin::signed(STRANGER), batch(0x10, 2)),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Notary::notarise_batch(RuntimeOrigin::signed(PENDING_KEY), batch(0x10, 2)),
			Error::<Test>::IdentityNotActive
		);
	});
}

#[test]
fn the_weight_is_linear_in_the_batch_and_capped_at_the_maximum() {
	let max = MAX_BATCH;
	let items = |n: u32| vec![call_log(digest(1)); n as usize];
	assert_eq!(Notary::batch_len(&items(3)), 3);
	assert_eq!(Notary::batch_len(&items(max)), max);
	assert_eq!(Notary::batch_len(&items(max + 5)), max);
	let weight = |n| <() as WeightInfo>::notarise_batch(n);
	assert!(weight(2).all_gt(weight(1)));
	assert_eq!(weight(3).saturating_sub(weight(2)), weight(2).saturating_sub(weight(1)), "linear");
}
