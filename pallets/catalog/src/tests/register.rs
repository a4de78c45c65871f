//! Registration: who may register, what is stored and indexed, the bounds and the digest's
//! uniqueness within a space.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// A text as stored (`MaxTextLength` is 32 in the mock).
fn text(bytes: &[u8]) -> BoundedVec<u8, ConstU32<32>> {
	bytes.to_vec().try_into().unwrap()
}

/// Registers a resource signed by `who`.
fn register_as(who: u64, input: FieldsInput, metadata: Digest) -> DispatchResult {
	Catalog::register(RuntimeOrigin::signed(who), EntryKind::Resource, input, metadata)
}

#[test]
fn a_provider_registers_an_entry_that_starts_registered() {
	run(|| {
		let entry: EntryId = 0;
		assert_eq!(NextEntryId::<Test>::get(), entry);
		assert_ok!(register_as(PROVIDER, fields(), digest(1)));
		assert_eq!(
			last_event(),
			Event::EntryRegistered {
				entry,
				provider: org(HUAWEI),
				space: SPACE_A,
				kind: EntryKind::Resource,
			}
		);
		assert_eq!(NextEntryId::<Test>::get(), 1);
		// The record: provider, home space, the minimal fields as given, version 1, no review
		// material and no identifier yet.
		let expected: EntryOf<Test> = crate::Entry {
			provider: org(HUAWEI),
			space: SPACE_A,
			kind: EntryKind::Resource,
			status: EntryStatus::Registered,
			identifier: None,
			version: 1,
			fields: fields().bounded().unwrap(),
			metadata: digest(1),
			declaration: None,
			self_check: None,
			public_data: None,
			last_reason: None,
			registered_by: PROVIDER,
			changed_at: 1,
		};
		assert_eq!(Entries::<Test>::get(entry), Some(expected));
		let stored = Entries::<Test>::get(entry).unwrap().fields;
		assert_eq!(stored.name.to_vec(), "医保理赔数据".as_bytes().to_vec());
		assert_eq!(stored.data_type, text(b"structured"));
		assert_eq!(stored.format, text(b"CSV"));
		assert_eq!(stored.source, SourceClass::Enterprise);
		assert_eq!(stored.classification, text(b"J6851"));
		assert_eq!(stored.update_frequency, UpdateFrequency::Monthly);
		assert_eq!(stored.authorisation, AuthorisationType::Contract);
		assert_eq!(stored.usage_restrictions, digest(0xc1));
		assert_eq!(stored.sensitivity, SensitivityLevel::Sensitive);
		// Version 1 and the digest, in the provider's space only.
		assert_eq!(
			Versions::<Test>::get(entry, 1u32),
			Some(crate::Version { metadata: digest(1), at: 1 })
		);
		assert_eq!(Versions::<Test>::get(entry, 2u32), None);
		assert_eq!(DigestIndex::<Test>::get(SPACE_A, digest(1)), Some(entry));
		assert_eq!(DigestIndex::<Test>::get(SPACE_B, digest(1)), None);
		// The indexes.
		assert!(ByProvider::<Test>::contains_key(org(HUAWEI), entry));
		assert!(!ByProvider::<Test>::contains_key(org(TENCENT), entry));
		assert!(BySpace::<Test>::contains_key(SPACE_A, entry));
		assert!(!BySpace::<Test>::contains_key(SPACE_B, entry));
		assert!(ByClassification::<Test>::contains_key(text(b"J6851"), entry));
		// One change in the feed.
		assert_eq!(FeedLength::<Test>::get(), 1);
		let change: FeedChangeOf<Test> = crate::FeedChange {
			entry,
			identifier: None,
			space: SPACE_A,
			kind: EntryKind::Resource,
			classification: text(b"J6851"),
			status: EntryStatus::Registered,
			version: 1,
			metadata: digest(1),
			at: 1,
		};
		assert_eq!(Feed::<Test>::get(0u64), Some(change));
	});
}

#[test]
fn entries_are_numbered_in_registration_order() {
	run(|| {
		assert_ok!(register_as(PROVIDER, fields(), digest(1)));
		assert_ok!(Catalog::register(
			RuntimeOrigin::signed(PROVIDER_B),
			EntryKind::Product(ProductForm::Api),
			FieldsInput { classification: b"I6450".to_vec(), ..fields() },
			digest(2)
		));
		assert_eq!(
			last_event(),
			Event::EntryRegistered {
				entry: 1,
				provider: org(TENCENT),
				space: SPACE_B,
				kind: EntryKind::Product(ProductForm::Api),
			}
		);
		assert_eq!(NextEntryId::<Test>::get(), 2);
		let second = Entries::<Test>::get(1u64).unwrap();
		assert_eq!((second.provider, second.space), (org(TENCENT), SPACE_B));
		assert_eq!(second.registered_by, PROVIDER_B);
		assert!(ByProvider::<Test>::contains_key(org(TENCENT), 1u64));
		assert!(BySpace::<Test>::contains_key(SPACE_B, 1u64));
		assert!(ByClassification::<Test>::contains_key(text(b"I6450"), 1u64));
		assert!(!ByClassification::<Test>::contains_key(text(b"J6851"), 1u64));
		assert_eq!(FeedLength::<Test>::get(), 2);
		assert_eq!(
			Feed::<Test>::get(1u64).map(|change| (change.entry, change.space)),
			Some((1, SPACE_B))
		);
	});
}

#[test]
fn only_signed_origins_may_register() {
	run(|| {
		for origin in [RuntimeOrigin::root(), RuntimeOrigin::none()] {
			assert_noop!(
				Catalog::register(origin, EntryKind::Resource, fields(), digest(1)),
				DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn an_account_without_an_identity_may_not_register() {
	run(|| {
		// A stranger, and operators: an operator account is not linked to an identity.
		for who in [STRANGER, OPERATOR_A, OPERATOR_B] {
			assert_noop!(register_as(who, fields(), digest(1)), Error::<Test>::NotAuthorized);
		}
	});
}

#[test]
fn an_active_identity_without_the_provider_role_may_not_register() {
	run(|| {
		// Alibaba may act, but holds only the user role; the regulator holds no provider role.
		assert!(<IdentityRegistry as IdentityInspect<u64>>::is_active(&org(ALIBABA)));
		assert!(<IdentityRegistry as IdentityInspect<u64>>::has_role(&org(ALIBABA), Role::User));
		for who in [NOT_A_PROVIDER, REGULATOR] {
			assert_noop!(register_as(who, fields(), digest(1)), Error::<Test>::NotAProvider);
		}
	});
}

#[test]
fn a_frozen_provider_may_not_register() {
	run(|| {
		assert_ok!(pallet_identity_registry::Pallet::<Test>::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(9)
		));
		assert_noop!(register_as(PROVIDER, fields(), digest(1)), Error::<Test>::IdentityNotActive);
		// Unfrozen, it registers again.
		assert_ok!(IdentityRegistry::unfreeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(10)
		));
		assert_ok!(register_as(PROVIDER, fields(), digest(1)));
	});
}

#[test]
fn a_provider_of_a_suspended_space_may_not_register() {
	run(|| {
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), SPACE_A, digest(9)));
		assert_noop!(register_as(PROVIDER, fields(), digest(1)), Error::<Test>::IdentityNotActive);
		// Other spaces are unaffected.
		assert_ok!(register_as(PROVIDER_B, fields(), digest(1)));
		// Reinstated, space A's provider registers again.
		assert_ok!(IdentityRegistry::reinstate_space(RuntimeOrigin::root(), SPACE_A, digest(10)));
		assert_ok!(register_as(PROVIDER, fields(), digest(1)));
	});
}

#[test]
fn each_text_field_is_bounded() {
	run(|| {
		let long = vec![b'x'; 33];
		for input in [
			FieldsInput { name: long.clone(), ..fields() },
			FieldsInput { data_type: long.clone(), ..fields() },
			FieldsInput { format: long.clone(), ..fields() },
			FieldsInput { classification: long.clone(), ..fields() },
		] {
			assert_noop!(register_as(PROVIDER, input, digest(1)), Error::<Test>::TooLong);
		}
		// Exactly `MaxTextLength` bytes fit.
		let full = vec![b'x'; 32];
		assert_ok!(register_as(
			PROVIDER,
			FieldsInput {
				name: full.clone(),
				data_type: full.clone(),
				format: full.clone(),
				classification: full.clone(),
				..fields()
			},
			digest(1)
		));
		let stored = Entries::<Test>::get(0u64).unwrap().fields;
		assert_eq!(stored.name, text(&full));
		assert_eq!(stored.data_type, text(&full));
		assert_eq!(stored.format, text(&full));
		assert_eq!(stored.classification, text(&full));
	});
}

#[test]
fn a_metadata_digest_is_registered_once_per_space() {
	run(|| {
		assert_ok!(register_as(PROVIDER, fields(), digest(1)));
		// Same digest in the same space: refused, whatever the kind or the fields.
		assert_noop!(register_as(PROVIDER, fields(), digest(1)), Error::<Test>::AlreadyExists);
		assert_noop!(
			Catalog::register(
				RuntimeOrigin::signed(PROVIDER),
				EntryKind::Product(ProductForm::File),
				FieldsInput { name: b"other".to_vec(), ..fields() },
				digest(1)
			),
			Error::<Test>::AlreadyExists
		);
		// The same digest is accepted in another space.
		assert_ok!(register_as(PROVIDER_B, fields(), digest(1)));
		assert_eq!(DigestIndex::<Test>::get(SPACE_A, digest(1)), Some(0));
		assert_eq!(DigestIndex::<Test>::get(SPACE_B, digest(1)), Some(1));
		assert_eq!(Entries::<Test>::get(1u64).unwrap().space, SPACE_B);
		// And is then taken there too.
		assert_noop!(register_as(PROVIDER_B, fields(), digest(1)), Error::<Test>::AlreadyExists);
		// A digest stays taken after its entry moved on to a new version.
		assert_ok!(Catalog::update(RuntimeOrigin::signed(PROVIDER), 0, fields(), digest(2)));
		assert_eq!(Entries::<Test>::get(0u64).unwrap().metadata, digest(2));
		assert_noop!(register_as(PROVIDER, fields(), digest(1)), Error::<Test>::AlreadyExists);
		assert_noop!(register_as(PROVIDER, fields(), digest(2)), Error::<Test>::AlreadyExists);
		assert_ok!(register_as(PROVIDER, fields(), digest(3)));
	});
}
