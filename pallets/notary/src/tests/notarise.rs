//! `notarise`: one event, its record and indexes; a digest is notarised once; references must
//! exist; malformed digests and signers that may not act are refused with nothing changed.

use crate::{mock::*, *};
use frame::testing_prelude::*;

#[test]
fn an_event_is_recorded_with_who_when_and_what() {
	run(|| {
		System::set_block_number(7);
		pallet_timestamp::Now::<Test>::put(NOW + 14_000);
		assert_ok!(Notary::notarise(
			RuntimeOrigin::signed(HUAWEI_KEY),
			digest(0x11),
			EventKind::ContractDelivery,
			Some(entry(1)),
			Some(2),
			Some(digest(0x12)),
		));
		let record = Records::<Test>::get(digest(0x11)).unwrap();
		assert_eq!(
			record,
			Record {
				identity: org(HUAWEI),
				account: HUAWEI_KEY,
				kind: EventKind::ContractDelivery,
				catalog_entry: Some(entry(1)),
				agreement: Some(2),
				metadata: Some(digest(0x12)),
				block: 7,
				timestamp: NOW + 14_000,
				sequence: 0,
			}
		);
		assert_eq!(RecordCount::<Test>::get(), 1);
		for index in [
			RecordIndex::Identity(org(HUAWEI)),
			RecordIndex::Kind(EventKind::ContractDelivery),
			RecordIndex::CatalogEntry(entry(1)),
			RecordIndex::Agreement(2),
		] {
			assert_eq!(Index::<Test>::get(index, position_key(0)), Some(digest(0x11)), "{index:?}");
		}
		assert_eq!(
			last_event(),
			Event::Notarised {
				digest: digest(0x11),
				identity: org(HUAWEI),
				kind: EventKind::ContractDelivery,
				sequence: 0,
			}
		);
	});
}

#[test]
fn records_without_references_are_indexed_by_identity_and_kind_only() {
	run(|| {
		assert_ok!(Notary::notarise(
			RuntimeOrigin::signed(TENCENT_KEY),
			digest(0x21),
			EventKind::Other,
			None,
			None,
			None
		));
		assert_eq!(Index::<Test>::iter().count(), 2);
		assert_eq!(Records::<Test>::get(digest(0x21)).unwrap().identity, org(TENCENT));
	});
}

#[test]
fn a_digest_notarised_again_keeps_its_first_record() {
	run(|| {
		assert_ok!(Notary::notarise(
			RuntimeOrigin::signed(HUAWEI_KEY),
			digest(0x31),
			EventKind::InterfaceCall,
			None,
			None,
			None
		));
		let first = Records::<Test>::get(digest(0x31)).unwrap();
		System::set_block_number(9);
		// By another identity, with another kind and references: nothing is overwritten.
		assert_ok!(Notary::notarise(
			RuntimeOrigin::signed(TENCENT_KEY),
			digest(0x31),
			EventKind::Destruction,
			Some(entry(2)),
			Some(1),
			Some(digest(0x32)),
		));
		assert_eq!(Records::<Test>::get(digest(0x31)), Some(first));
		assert_eq!(RecordCount::<Test>::get(), 1);
		assert_eq!(Index::<Test>::iter().count(), 2);
		assert_eq!(
			last_event(),
			Event::AlreadyNotarised { digest: digest(0x31), identity: org(HUAWEI), block: 1 }
		);
	});
}

#[test]
fn malformed_digests_are_refused() {
	run(|| {
		let origin = || RuntimeOrigin::signed(HUAWEI_KEY);
		assert_noop!(
			Notary::notarise(origin(), Digest::zero(), EventKind::Other, None, None, None),
			Error::<Test>::InvalidDigest
		);
		assert_noop!(
			Notary::notarise(
				origin(),
				digest(0x41),
				EventKind::Other,
				None,
				None,
				Some(Digest::zero())
			),
			Error::<Test>::InvalidDigest
		);
	});
}

#[test]
fn references_must_exist() {
	run(|| {
		let origin = || RuntimeOrigin::signed(HUAWEI_KEY);
		assert_noop!(
			Notary::notarise(origin(), digest(0x51), EventKind::Other, Some(entry(4)), None, None),
			Error::<Test>::UnknownCatalogEntry
		);
		let other_space = CatalogId { space: SPACE_B, number: 1 };
		assert_noop!(
			Notary::notarise(
				origin(),
				digest(0x51),
				EventKind::Other,
				Some(other_space),
				None,
				None
			),
			Error::<Test>::UnknownCatalogEntry
		);
		assert_noop!(
			Notary::notarise(origin(), digest(0x51), EventKind::Other, None, Some(3), None),
			Error::<Test>::UnknownAgreement
		);
	});
}

#[test]
fn only_identities_that_may_act_notarise() {
	run(|| {
		let call = |key| {
			Notary::notarise(
				RuntimeOrigin::signed(key),
				digest(0x61),
				EventKind::Other,
				None,
				None,
				None,
			)
		};
		assert_noop!(call(STRANGER), Error::<Test>::NotAuthorized);
		assert_noop!(call(PENDING_KEY), Error::<Test>::IdentityNotActive);
		assert_noop!(
			Notary::notarise(
				RuntimeOrigin::none(),
				digest(0x61),
				EventKind::Other,
				None,
				None,
				None
			),
			DispatchError::BadOrigin
		);
		freeze(org(TENCENT));
		assert_noop!(call(TENCENT_KEY), Error::<Test>::IdentityNotActive);
		// An operator's account is not an identity's key.
		assert_noop!(call(OPERATOR_A), Error::<Test>::NotAuthorized);
	});
}
