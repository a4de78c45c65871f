//! Listing by the provider: an approved entry becomes usable; a public-data derivative product
//! needs its filing number.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// A text as stored (`MaxTextLength` is 32 in the mock).
fn text(bytes: &[u8]) -> BoundedVec<u8, ConstU32<32>> {
	bytes.to_vec().try_into().unwrap()
}

/// A registration certificate number.
const CERTIFICATE: &[u8] = b"GD-DJ-2025-000123";
/// A filing number.
const FILING: &[u8] = b"BA-440300-2025-0042";

fn publish(who: u64, entry: EntryId, filing_number: Option<Vec<u8>>) -> DispatchResult {
	Catalog::publish(RuntimeOrigin::signed(who), entry, filing_number)
}

/// Registers an entry of [`PROVIDER`] with `kind` and `source`, submits it with a registration
/// certificate and has it approved.
fn approved_from(kind: EntryKind, source: SourceClass, metadata: Digest) -> EntryId {
	let entry = NextEntryId::<Test>::get();
	assert_ok!(Catalog::register(
		RuntimeOrigin::signed(PROVIDER),
		kind,
		FieldsInput { source, ..fields() },
		metadata
	));
	assert_ok!(Catalog::submit_for_review(
		RuntimeOrigin::signed(PROVIDER),
		entry,
		Some(digest(0xd1)),
		Some(clean_check()),
		Some(CERTIFICATE.to_vec())
	));
	assert_ok!(Catalog::approve(RuntimeOrigin::signed(OPERATOR_A), entry));
	entry
}

fn usable(id: CatalogId) -> bool {
	<Catalog as CatalogInspect>::is_usable(&id)
}

#[test]
fn the_provider_lists_an_approved_entry() {
	run(|| {
		let entry = approved(digest(1));
		let id = CatalogId { space: SPACE_A, number: 1 };
		assert!(!usable(id));
		assert_ok!(publish(PROVIDER, entry, None));
		assert_eq!(status(entry), EntryStatus::Published);
		assert_eq!(
			last_event(),
			Event::EntryStatusChanged {
				entry,
				from: EntryStatus::Approved,
				to: EntryStatus::Published,
				by: PROVIDER,
				reason: None,
			}
		);
		assert!(usable(id));
		assert_eq!(<Catalog as CatalogInspect>::provider_of(&id), Some(org(HUAWEI)));
		assert_eq!(
			Catalog::entry_by_identifier(id).map(|info| info.status),
			Some(EntryStatus::Published)
		);
		// Nothing else is usable.
		assert!(!usable(CatalogId { space: SPACE_A, number: 2 }));
		assert!(!usable(CatalogId { space: SPACE_B, number: 1 }));
		// The feed change (register, submit, approve, publish).
		assert_eq!(FeedLength::<Test>::get(), 4);
		assert_eq!(
			Feed::<Test>::get(3u64).map(|change| (change.status, change.identifier)),
			Some((EntryStatus::Published, Some(id)))
		);
	});
}

#[test]
fn a_public_data_derivative_product_needs_its_filing_number() {
	run(|| {
		let kind = EntryKind::Product(ProductForm::Api);
		let entry = approved_from(kind, SourceClass::PublicDerivative, digest(1));
		assert_noop!(publish(PROVIDER, entry, None), Error::<Test>::MissingFilingNumber);
		assert_noop!(
			publish(PROVIDER, entry, Some(Vec::new())),
			Error::<Test>::MissingFilingNumber
		);
		assert_ok!(publish(PROVIDER, entry, Some(FILING.to_vec())));
		assert_eq!(status(entry), EntryStatus::Published);
		assert_eq!(
			Entries::<Test>::get(entry).unwrap().public_data,
			Some(PublicDataReferences {
				registration_certificate: text(CERTIFICATE),
				filing_number: Some(text(FILING)),
			})
		);
		assert!(usable(CatalogId { space: SPACE_A, number: 1 }));
	});
}

#[test]
fn every_form_of_derivative_product_needs_the_filing_number() {
	run(|| {
		for (byte, form) in [(1, ProductForm::Dataset), (2, ProductForm::File)] {
			let kind = EntryKind::Product(form);
			let entry = approved_from(kind, SourceClass::PublicDerivative, digest(byte));
			assert_noop!(publish(PROVIDER, entry, None), Error::<Test>::MissingFilingNumber);
			assert_ok!(publish(PROVIDER, entry, Some(FILING.to_vec())));
		}
	});
}

#[test]
fn a_derivative_resource_or_a_public_product_needs_no_filing_number() {
	run(|| {
		let resource = approved_from(EntryKind::Resource, SourceClass::PublicDerivative, digest(1));
		assert_ok!(publish(PROVIDER, resource, None));
		assert_eq!(status(resource), EntryStatus::Published);
		assert_eq!(
			Entries::<Test>::get(resource).unwrap().public_data,
			Some(PublicDataReferences {
				registration_certificate: text(CERTIFICATE),
				filing_number: None,
			})
		);
		let product =
			approved_from(EntryKind::Product(ProductForm::Api), SourceClass::Public, digest(2));
		assert_ok!(publish(PROVIDER, product, None));
		assert_eq!(status(product), EntryStatus::Published);
	});
}

#[test]
fn the_filing_number_is_bounded() {
	run(|| {
		let kind = EntryKind::Product(ProductForm::Api);
		let entry = approved_from(kind, SourceClass::PublicDerivative, digest(1));
		assert_noop!(publish(PROVIDER, entry, Some(vec![b'f'; 33])), Error::<Test>::TooLong);
		// Also for an entry that needs no filing number.
		let enterprise = approved(digest(2));
		assert_noop!(publish(PROVIDER, enterprise, Some(vec![b'f'; 33])), Error::<Test>::TooLong);
		// Exactly `MaxTextLength` bytes fit.
		assert_ok!(publish(PROVIDER, entry, Some(vec![b'f'; 32])));
		let public = Entries::<Test>::get(entry).unwrap().public_data.unwrap();
		assert_eq!(public.filing_number, Some(text(&[b'f'; 32])));
	});
}

#[test]
fn only_an_approved_entry_is_listed() {
	run(|| {
		let fresh = registered(digest(1));
		let reviewed = under_review(digest(2));
		let listed = published(digest(3));
		let suspended = published(digest(4));
		assert_ok!(Catalog::suspend(RuntimeOrigin::signed(OPERATOR_A), suspended, digest(0xe2)));
		let refused = under_review(digest(5));
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR_A), refused, digest(0xe1)));
		for entry in [fresh, reviewed, listed, suspended, refused] {
			assert_noop!(publish(PROVIDER, entry, None), Error::<Test>::InvalidTransition);
		}
		assert_eq!(status(fresh), EntryStatus::Registered);
		assert_eq!(status(reviewed), EntryStatus::UnderReview);
		assert_eq!(status(suspended), EntryStatus::Suspended);
	});
}

#[test]
fn only_a_key_of_the_entrys_provider_may_list() {
	run(|| {
		let entry = approved(digest(1));
		// The operator that approved it, another provider, a stranger, a regulator.
		for who in [OPERATOR_A, PROVIDER_B, NOT_A_PROVIDER, STRANGER, REGULATOR] {
			assert_noop!(publish(who, entry, None), Error::<Test>::NotAuthorized);
		}
		for origin in [RuntimeOrigin::root(), RuntimeOrigin::none()] {
			assert_noop!(Catalog::publish(origin, entry, None), DispatchError::BadOrigin);
		}
		assert_ok!(publish(PROVIDER, entry, None));
	});
}

#[test]
fn a_provider_that_may_not_act_may_not_list() {
	run(|| {
		let entry = approved(digest(1));
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(9)
		));
		assert_noop!(publish(PROVIDER, entry, None), Error::<Test>::IdentityNotActive);
		assert_ok!(IdentityRegistry::unfreeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(10)
		));
		// Its space suspended, it may not either.
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), SPACE_A, digest(11)));
		assert_noop!(publish(PROVIDER, entry, None), Error::<Test>::IdentityNotActive);
		assert_ok!(IdentityRegistry::reinstate_space(RuntimeOrigin::root(), SPACE_A, digest(12)));
		assert_ok!(publish(PROVIDER, entry, None));
		assert_eq!(status(entry), EntryStatus::Published);
	});
}

#[test]
fn an_unknown_entry_is_not_found() {
	run(|| {
		assert_noop!(publish(PROVIDER, 7, None), Error::<Test>::NotFound);
	});
}
