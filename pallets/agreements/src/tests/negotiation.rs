//! Negotiation: offers and counter-offers as new versions, signatures on the current version,
//! withdrawal before everyone signed.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// An offer of `terms` by `who`.
fn propose(who: u64, agreement: AgreementId, terms: TermsInput) -> DispatchResult {
	Contracts::propose(RuntimeOrigin::signed(who), agreement, Box::new(terms))
}

/// A signature by `who` of `version` with `digest`.
fn sign(who: u64, agreement: AgreementId, version: u32, digest: Digest) -> DispatchResult {
	Contracts::sign(RuntimeOrigin::signed(who), agreement, version, digest)
}

/// A signature by `who` of the current version.
fn sign_current(who: u64, agreement: AgreementId) -> DispatchResult {
	let record = stored(agreement);
	sign(who, agreement, record.version, record.digest)
}

/// Withdraws from `agreement`, signed by `who`.
fn withdraw(who: u64, agreement: AgreementId) -> DispatchResult {
	Contracts::withdraw(RuntimeOrigin::signed(who), agreement)
}

/// A counter-offer: an even split.
fn even() -> TermsInput {
	TermsInput { shares: vec![500_000, 500_000].try_into().unwrap(), ..terms() }
}

/// An identifier in space A that was never assigned.
fn unassigned(number: u32) -> CatalogId {
	CatalogId { space: SPACE_A, number: 100 + number }
}

#[test]
fn a_first_signature_leaves_the_draft_a_draft() {
	run(|| {
		let agreement = created();
		System::reset_events();
		assert_ok!(sign_current(PROVIDER, agreement));
		assert_eq!(
			agreement_events(),
			vec![Event::AgreementSigned { agreement, version: 1, by: org(HUAWEI) }]
		);
		let record = stored(agreement);
		assert_eq!(record.status, AgreementStatus::Draft);
		assert_eq!(record.signed.to_vec(), vec![org(HUAWEI)]);
	});
}

#[test]
fn the_last_signature_makes_it_signed() {
	run(|| {
		let agreement = created();
		assert_ok!(sign_current(PROVIDER, agreement));
		System::reset_events();
		assert_ok!(sign_current(USER, agreement));
		assert_eq!(
			agreement_events(),
			vec![
				Event::AgreementSigned { agreement, version: 1, by: org(TENCENT) },
				Event::StatusChanged {
					agreement,
					from: AgreementStatus::Draft,
					to: AgreementStatus::Signed,
					by: Some(USER),
					reason: None,
				},
			]
		);
		let record = stored(agreement);
		assert_eq!(record.status, AgreementStatus::Signed);
		assert_eq!(record.signed.to_vec(), vec![org(HUAWEI), org(TENCENT)]);
		assert_eq!(record.version, 1);
	});
}

#[test]
fn a_counter_offer_is_a_new_version_and_voids_the_signatures() {
	run(|| {
		let agreement = created();
		assert_ok!(sign_current(PROVIDER, agreement));
		let first = stored(agreement).digest;
		System::reset_events();
		assert_ok!(propose(USER, agreement, even()));
		let record = stored(agreement);
		assert_ne!(record.digest, first);
		assert_eq!(record.digest, Contracts::digest_of(&record.terms));
		assert_eq!(
			agreement_events(),
			vec![
				Event::OfferMade { agreement, version: 2, digest: record.digest, by: org(TENCENT) },
				Event::StatusChanged {
					agreement,
					from: AgreementStatus::Draft,
					to: AgreementStatus::Negotiating,
					by: Some(USER),
					reason: None,
				},
			]
		);
		assert_eq!(record.status, AgreementStatus::Negotiating);
		assert_eq!(record.version, 2);
		assert!(record.signed.is_empty());
		assert_eq!(record.terms.shares.to_vec(), vec![500_000, 500_000]);
		let offer = Versions::<Test>::get(agreement, 2u32).unwrap();
		assert_eq!(offer.origin, VersionOrigin::Offer);
		assert_eq!(offer.proposed_by, org(TENCENT));
		assert_eq!(offer.digest, record.digest);
		// The first version is kept as it was.
		let original = Versions::<Test>::get(agreement, 1u32).unwrap();
		assert_eq!(original.origin, VersionOrigin::Created);
		assert_eq!(original.digest, first);
	});
}

#[test]
fn a_further_offer_changes_no_status() {
	run(|| {
		let agreement = created();
		assert_ok!(propose(USER, agreement, even()));
		System::reset_events();
		assert_ok!(propose(PROVIDER, agreement, terms()));
		let record = stored(agreement);
		assert_eq!(
			agreement_events(),
			vec![Event::OfferMade {
				agreement,
				version: 3,
				digest: record.digest,
				by: org(HUAWEI)
			}]
		);
		assert_eq!(record.status, AgreementStatus::Negotiating);
		// Back to the first terms: the same digest as version 1, as a new version.
		assert_eq!(Some(record.digest), Versions::<Test>::get(agreement, 1u32).map(|v| v.digest));
		// Both sign version 3.
		assert_ok!(sign_current(PROVIDER, agreement));
		assert_ok!(sign_current(USER, agreement));
		assert_eq!(status(agreement), AgreementStatus::Signed);
	});
}

#[test]
fn a_stale_version_or_digest_is_refused() {
	run(|| {
		let agreement = created();
		let first = stored(agreement).digest;
		assert_ok!(propose(USER, agreement, even()));
		let current = stored(agreement).digest;
		assert_noop!(sign(PROVIDER, agreement, 1, first), Error::<Test>::StaleVersion);
		assert_noop!(sign(PROVIDER, agreement, 2, first), Error::<Test>::StaleVersion);
		assert_noop!(sign(PROVIDER, agreement, 1, current), Error::<Test>::StaleVersion);
		assert_noop!(sign(PROVIDER, agreement, 3, current), Error::<Test>::StaleVersion);
		assert_ok!(sign(PROVIDER, agreement, 2, current));
	});
}

#[test]
fn a_signature_before_a_counter_offer_does_not_count_for_it() {
	run(|| {
		let agreement = created();
		assert_ok!(sign_current(PROVIDER, agreement));
		assert_ok!(propose(USER, agreement, even()));
		// The user's signature alone does not complete the new version.
		assert_ok!(sign_current(USER, agreement));
		assert_eq!(status(agreement), AgreementStatus::Negotiating);
		assert_ok!(sign_current(PROVIDER, agreement));
		assert_eq!(status(agreement), AgreementStatus::Signed);
	});
}

#[test]
fn a_party_signs_a_version_once() {
	run(|| {
		let agreement = created();
		assert_ok!(sign_current(PROVIDER, agreement));
		assert_noop!(sign_current(PROVIDER, agreement), Error::<Test>::AlreadyExists);
		assert_ok!(sign_current(USER, agreement));
		// Signed: every party has signed this version already.
		for who in [PROVIDER, USER] {
			assert_noop!(sign_current(who, agreement), Error::<Test>::AlreadyExists);
		}
	});
}

#[test]
fn only_parties_negotiate() {
	run(|| {
		let agreement = created();
		for who in [OTHER_USER, ARBITRATOR, OPERATOR_A, REGULATOR, STRANGER] {
			assert_noop!(propose(who, agreement, even()), Error::<Test>::NotAParty);
			assert_noop!(sign_current(who, agreement), Error::<Test>::NotAParty);
			assert_noop!(withdraw(who, agreement), Error::<Test>::NotAParty);
		}
		assert_noop!(
			Contracts::withdraw(RuntimeOrigin::root(), agreement),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_frozen_party_may_not_negotiate() {
	run(|| {
		let agreement = created();
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_B),
			org(TENCENT),
			digest(9)
		));
		assert_noop!(propose(USER, agreement, even()), Error::<Test>::IdentityNotActive);
		assert_noop!(sign_current(USER, agreement), Error::<Test>::IdentityNotActive);
		assert_noop!(withdraw(USER, agreement), Error::<Test>::IdentityNotActive);
		// Nor may the other party make an offer involving it.
		assert_noop!(propose(PROVIDER, agreement, even()), Error::<Test>::IdentityNotActive);
	});
}

#[test]
fn an_offer_is_checked_like_a_creation() {
	run(|| {
		let agreement = created();
		let approved = approved_entry(digest(0x02));
		let cases = [
			(
				TermsInput { shares: vec![500_000, 400_000].try_into().unwrap(), ..terms() },
				Error::<Test>::InvalidSplit,
			),
			(TermsInput { end: NOW, ..terms() }, Error::<Test>::InvalidTerms),
			(
				TermsInput { entries: vec![approved].try_into().unwrap(), ..terms() },
				Error::<Test>::EntryNotUsable,
			),
			(
				TermsInput { arbitrator: Some(org(HUAWEI)), ..terms() },
				Error::<Test>::InvalidParties,
			),
			(
				TermsInput {
					policy: PolicyInput {
						spaces: vec![0, 1, 2, 3, 4].try_into().unwrap(),
						..policy()
					},
					..terms()
				},
				Error::<Test>::TooManyPolicyItems,
			),
			(
				TermsInput {
					entries: vec![ENTRY, approved, unassigned(3), unassigned(4)]
						.try_into()
						.unwrap(),
					..terms()
				},
				Error::<Test>::TooManyEntries,
			),
		];
		for (terms, error) in cases {
			assert_noop!(propose(USER, agreement, terms), error);
		}
	});
}

#[test]
fn a_party_withdraws_before_everyone_signed() {
	run(|| {
		let agreement = created();
		assert_ok!(sign_current(PROVIDER, agreement));
		System::reset_events();
		assert_ok!(withdraw(USER, agreement));
		assert_eq!(
			agreement_events(),
			vec![Event::StatusChanged {
				agreement,
				from: AgreementStatus::Draft,
				to: AgreementStatus::Terminated,
				by: Some(USER),
				reason: None,
			}]
		);
		assert_eq!(status(agreement), AgreementStatus::Terminated);
		// Nothing happens to it any more.
		assert_noop!(sign_current(USER, agreement), Error::<Test>::InvalidTransition);
		assert_noop!(propose(PROVIDER, agreement, even()), Error::<Test>::InvalidTransition);
		assert_noop!(withdraw(PROVIDER, agreement), Error::<Test>::InvalidTransition);
	});
}

#[test]
fn a_party_withdraws_while_negotiating() {
	run(|| {
		let agreement = created();
		assert_ok!(propose(USER, agreement, even()));
		assert_ok!(withdraw(PROVIDER, agreement));
		assert_eq!(
			last_event(),
			Event::StatusChanged {
				agreement,
				from: AgreementStatus::Negotiating,
				to: AgreementStatus::Terminated,
				by: Some(PROVIDER),
				reason: None,
			}
		);
	});
}

#[test]
fn nothing_is_negotiated_once_signed() {
	run(|| {
		let agreement = signed();
		assert_noop!(propose(USER, agreement, even()), Error::<Test>::InvalidTransition);
		assert_noop!(withdraw(USER, agreement), Error::<Test>::InvalidTransition);
		let filed = filed();
		assert_noop!(propose(USER, filed, even()), Error::<Test>::InvalidTransition);
		assert_noop!(withdraw(PROVIDER, filed), Error::<Test>::InvalidTransition);
	});
}

#[test]
fn an_unknown_agreement_is_not_found() {
	run(|| {
		assert_noop!(propose(USER, 7, even()), Error::<Test>::NotFound);
		assert_noop!(sign(USER, 7, 1, digest(1)), Error::<Test>::NotFound);
		assert_noop!(withdraw(USER, 7), Error::<Test>::NotFound);
	});
}
