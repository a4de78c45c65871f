//! Submission for review: the authenticity declaration, the negative-list self-check, the
//! public-data registration certificate, who may submit and from which statuses.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// A text as stored (`MaxTextLength` is 32 in the mock).
fn text(bytes: &[u8]) -> BoundedVec<u8, ConstU32<32>> {
	bytes.to_vec().try_into().unwrap()
}

/// A registration certificate number.
const CERTIFICATE: &[u8] = b"GD-DJ-2025-000123";

/// Submits `entry` signed by `who` with a declaration and a clean self-check.
fn submit(who: u64, entry: EntryId, certificate: Option<Vec<u8>>) -> DispatchResult {
	Catalog::submit_for_review(
		RuntimeOrigin::signed(who),
		entry,
		Some(digest(0xd1)),
		Some(clean_check()),
		certificate,
	)
}

/// Submits `entry` signed by [`PROVIDER`] with a declaration and `check`.
fn submit_checked(entry: EntryId, check: NegativeListCheck) -> DispatchResult {
	Catalog::submit_for_review(
		RuntimeOrigin::signed(PROVIDER),
		entry,
		Some(digest(0xd1)),
		Some(check),
		None,
	)
}

/// The stored registration certificate of an entry.
fn certificate(entry: EntryId) -> Option<BoundedVec<u8, ConstU32<32>>> {
	Entries::<Test>::get(entry)?
		.public_data
		.map(|public| public.registration_certificate)
}

/// Registers an entry of [`PROVIDER`] with `kind` and `source`.
fn registered_from(kind: EntryKind, source: SourceClass, metadata: Digest) -> EntryId {
	let entry = NextEntryId::<Test>::get();
	assert_ok!(Catalog::register(
		RuntimeOrigin::signed(PROVIDER),
		kind,
		FieldsInput { source, ..fields() },
		metadata
	));
	entry
}

#[test]
fn the_provider_submits_a_registered_entry() {
	run(|| {
		let entry = registered(digest(1));
		let check = NegativeListCheck { trade_secrets: true, ..clean_check() };
		assert_ok!(Catalog::submit_for_review(
			RuntimeOrigin::signed(PROVIDER),
			entry,
			Some(digest(0xd2)),
			Some(check),
			None
		));
		assert_eq!(status(entry), EntryStatus::UnderReview);
		assert_eq!(
			last_event(),
			Event::EntryStatusChanged {
				entry,
				from: EntryStatus::Registered,
				to: EntryStatus::UnderReview,
				by: PROVIDER,
				reason: None,
			}
		);
		let record = Entries::<Test>::get(entry).unwrap();
		assert_eq!(record.declaration, Some(digest(0xd2)));
		assert_eq!(record.self_check, Some(check));
		// Enterprise data: no public-data references, and no identifier before approval.
		assert_eq!(record.public_data, None);
		assert_eq!(record.identifier, None);
		assert_eq!(record.version, 1);
		// The change is in the feed.
		assert_eq!(FeedLength::<Test>::get(), 2);
		assert_eq!(
			Feed::<Test>::get(1u64).map(|change| (change.entry, change.status)),
			Some((entry, EntryStatus::UnderReview))
		);
	});
}

#[test]
fn a_rejected_entry_is_rectified_and_resubmitted() {
	run(|| {
		let entry = under_review(digest(1));
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR_A), entry, digest(0xe1)));
		// Rectification: a new version; the entry stays rejected.
		assert_ok!(Catalog::update(
			RuntimeOrigin::signed(PROVIDER),
			entry,
			FieldsInput { name: b"rectified".to_vec(), ..fields() },
			digest(2)
		));
		assert_eq!(status(entry), EntryStatus::Rejected);
		assert_ok!(Catalog::submit_for_review(
			RuntimeOrigin::signed(PROVIDER),
			entry,
			Some(digest(0xd2)),
			Some(clean_check()),
			None
		));
		assert_eq!(status(entry), EntryStatus::UnderReview);
		assert_eq!(
			last_event(),
			Event::EntryStatusChanged {
				entry,
				from: EntryStatus::Rejected,
				to: EntryStatus::UnderReview,
				by: PROVIDER,
				reason: None,
			}
		);
		let record = Entries::<Test>::get(entry).unwrap();
		// The new declaration replaces the old one; the rejection's reason is kept.
		assert_eq!(record.declaration, Some(digest(0xd2)));
		assert_eq!(record.version, 2);
		assert_eq!(record.last_reason, Some(digest(0xe1)));
		// The operator can now approve it.
		assert_ok!(Catalog::approve(RuntimeOrigin::signed(OPERATOR_A), entry));
		assert_eq!(status(entry), EntryStatus::Approved);
	});
}

#[test]
fn the_declaration_and_the_self_check_are_required() {
	run(|| {
		let entry = registered(digest(1));
		assert_noop!(
			Catalog::submit_for_review(
				RuntimeOrigin::signed(PROVIDER),
				entry,
				None,
				Some(clean_check()),
				None
			),
			Error::<Test>::MissingDeclaration
		);
		assert_noop!(
			Catalog::submit_for_review(
				RuntimeOrigin::signed(PROVIDER),
				entry,
				Some(digest(0xd1)),
				None,
				None
			),
			Error::<Test>::MissingSelfCheck
		);
		assert_eq!(status(entry), EntryStatus::Registered);
	});
}

#[test]
fn any_prohibited_answer_refuses_the_submission() {
	run(|| {
		let entry = registered(digest(1));
		let clean = clean_check();
		for check in [
			NegativeListCheck { state_secrets: true, ..clean },
			NegativeListCheck { national_security: true, ..clean },
			NegativeListCheck { lifelines_or_public_interest: true, ..clean },
			NegativeListCheck { infringes_rights: true, ..clean },
		] {
			assert_noop!(submit_checked(entry, check), Error::<Test>::ProhibitedContent);
		}
		// A conditional answer alongside a prohibited one does not help.
		let mixed = NegativeListCheck { state_secrets: true, sensitive_personal: true, ..clean };
		assert_noop!(submit_checked(entry, mixed), Error::<Test>::ProhibitedContent);
		// A rejected entry cannot get through with a prohibited answer either.
		let rejected = under_review(digest(2));
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR_A), rejected, digest(0xe1)));
		let prohibited = NegativeListCheck { infringes_rights: true, ..clean };
		assert_noop!(submit_checked(rejected, prohibited), Error::<Test>::ProhibitedContent);
	});
}

#[test]
fn conditional_answers_are_accepted_for_review() {
	run(|| {
		let clean = clean_check();
		let checks = [
			NegativeListCheck { sensitive_personal: true, ..clean },
			NegativeListCheck { public_safety: true, ..clean },
			NegativeListCheck { trade_secrets: true, ..clean },
			NegativeListCheck {
				public_safety: true,
				trade_secrets: true,
				sensitive_personal: true,
				..clean
			},
		];
		for (byte, check) in (1u8..).zip(checks) {
			let entry = registered(digest(byte));
			assert_ok!(submit_checked(entry, check));
			assert_eq!(status(entry), EntryStatus::UnderReview);
			assert_eq!(Entries::<Test>::get(entry).unwrap().self_check, Some(check));
		}
	});
}

#[test]
fn public_data_needs_its_registration_certificate() {
	run(|| {
		let entry = registered_from(EntryKind::Resource, SourceClass::Public, digest(1));
		assert_noop!(submit(PROVIDER, entry, None), Error::<Test>::MissingRegistrationCertificate);
		assert_noop!(
			submit(PROVIDER, entry, Some(Vec::new())),
			Error::<Test>::MissingRegistrationCertificate
		);
		assert_ok!(submit(PROVIDER, entry, Some(CERTIFICATE.to_vec())));
		assert_eq!(status(entry), EntryStatus::UnderReview);
		assert_eq!(
			Entries::<Test>::get(entry).unwrap().public_data,
			Some(PublicDataReferences {
				registration_certificate: text(CERTIFICATE),
				filing_number: None,
			})
		);
	});
}

#[test]
fn a_public_data_derivative_needs_the_certificate_too() {
	run(|| {
		let kind = EntryKind::Product(ProductForm::Api);
		let entry = registered_from(kind, SourceClass::PublicDerivative, digest(1));
		assert_noop!(submit(PROVIDER, entry, None), Error::<Test>::MissingRegistrationCertificate);
		assert_ok!(submit(PROVIDER, entry, Some(CERTIFICATE.to_vec())));
		assert_eq!(certificate(entry), Some(text(CERTIFICATE)));
		// Enterprise and personal data need none.
		let enterprise = registered_from(EntryKind::Resource, SourceClass::Enterprise, digest(2));
		assert_ok!(submit(PROVIDER, enterprise, None));
		let personal = registered_from(EntryKind::Resource, SourceClass::Personal, digest(3));
		assert_ok!(submit(PROVIDER, personal, None));
	});
}

#[test]
fn the_certificate_is_bounded() {
	run(|| {
		let entry = registered_from(EntryKind::Resource, SourceClass::Public, digest(1));
		assert_noop!(submit(PROVIDER, entry, Some(vec![b'c'; 33])), Error::<Test>::TooLong);
		// Also for an entry that needs no certificate.
		let enterprise = registered(digest(2));
		assert_noop!(submit(PROVIDER, enterprise, Some(vec![b'c'; 33])), Error::<Test>::TooLong);
		// Exactly `MaxTextLength` bytes fit.
		assert_ok!(submit(PROVIDER, entry, Some(vec![b'c'; 32])));
		assert_eq!(certificate(entry), Some(text(&[b'c'; 32])));
	});
}

#[test]
fn only_a_key_of_the_entrys_provider_may_submit() {
	run(|| {
		let entry = registered(digest(1));
		// Another provider, a stranger, another identity of the same space, the operator.
		for who in [PROVIDER_B, STRANGER, NOT_A_PROVIDER, OPERATOR_A, REGULATOR] {
			assert_noop!(submit(who, entry, None), Error::<Test>::NotAuthorized);
		}
		for origin in [RuntimeOrigin::root(), RuntimeOrigin::none()] {
			assert_noop!(
				Catalog::submit_for_review(
					origin,
					entry,
					Some(digest(0xd1)),
					Some(clean_check()),
					None
				),
				DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn a_provider_that_may_not_act_may_not_submit() {
	run(|| {
		let entry = registered(digest(1));
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(9)
		));
		assert_noop!(submit(PROVIDER, entry, None), Error::<Test>::IdentityNotActive);
		assert_ok!(IdentityRegistry::unfreeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(10)
		));
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), SPACE_A, digest(11)));
		assert_noop!(submit(PROVIDER, entry, None), Error::<Test>::IdentityNotActive);
	});
}

#[test]
fn an_unknown_entry_is_not_found() {
	run(|| {
		assert_noop!(submit(PROVIDER, 7, None), Error::<Test>::NotFound);
		registered(digest(1));
		assert_noop!(submit(PROVIDER, 1, None), Error::<Test>::NotFound);
	});
}

#[test]
fn only_a_registered_or_rejected_entry_may_be_submitted() {
	run(|| {
		let reviewed = under_review(digest(1));
		let accepted = approved(digest(2));
		let listed = published(digest(3));
		for entry in [reviewed, accepted, listed] {
			assert_noop!(submit(PROVIDER, entry, None), Error::<Test>::InvalidTransition);
		}
		assert_eq!(status(reviewed), EntryStatus::UnderReview);
		assert_eq!(status(accepted), EntryStatus::Approved);
		assert_eq!(status(listed), EntryStatus::Published);
	});
}
