//! Creation from a template: version 1 in `Draft`, and every check of parties and terms.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// Creates an agreement from `template` signed by `who`.
fn create(
	who: u64,
	template: TemplateId,
	parties: Vec<Party>,
	terms: TermsInput,
) -> DispatchResult {
	Contracts::create(RuntimeOrigin::signed(who), template, parties, Box::new(terms))
}

/// A party.
fn party(identity: IdentityId, role: PartyRole) -> Party {
	Party { identity, role }
}

/// [`terms`] with `shares`.
fn split(shares: Vec<PartsPerMillion>) -> TermsInput {
	TermsInput { shares: shares.try_into().unwrap(), ..terms() }
}

/// [`terms`] over `entries`.
fn over(entries: Vec<CatalogId>) -> TermsInput {
	TermsInput { entries: entries.try_into().unwrap(), ..terms() }
}

#[test]
fn a_party_creates_a_draft_from_a_template() {
	run(|| {
		let template = template();
		System::reset_events();
		assert_ok!(create(PROVIDER, template, parties(), terms()));
		let agreement: AgreementId = 0;
		assert_eq!(
			agreement_events(),
			vec![Event::AgreementCreated { agreement, template, creator: org(HUAWEI) }]
		);
		assert_eq!(NextAgreementId::<Test>::get(), 1);
		let record = stored(agreement);
		let expected: TermsOf<Test> = terms().rebound().unwrap();
		assert_eq!(record.status, AgreementStatus::Draft);
		assert_eq!(record.template, (template, 1));
		assert_eq!(record.model, ContractModel::Provision);
		assert_eq!(record.space, SPACE_A);
		assert_eq!(record.creator, org(HUAWEI));
		assert_eq!(record.parties.to_vec(), parties());
		assert_eq!(record.version, 1);
		assert_eq!(record.terms, expected);
		assert_eq!(record.digest, Contracts::digest_of(&expected));
		assert!(record.signed.is_empty());
		assert_eq!(record.appointed_arbitrator, None);
		assert_eq!(record.arbitrator(), Some(org(XIAOMI)));
		assert_eq!(record.counters, UsageCounters::default());
		assert_eq!((record.breaches, record.decisions), (0, 0));
		assert_eq!((record.created_at, record.changed_at), (1, 1));
		let version = Versions::<Test>::get(agreement, 1u32).unwrap();
		assert_eq!(version.terms, expected);
		assert_eq!(version.digest, record.digest);
		assert_eq!(version.proposed_by, org(HUAWEI));
		assert_eq!(version.origin, VersionOrigin::Created);
		assert_eq!(version.at, 1);
		assert!(ByParty::<Test>::contains_key(org(HUAWEI), agreement));
		assert!(ByParty::<Test>::contains_key(org(TENCENT), agreement));
		assert!(!ByParty::<Test>::contains_key(org(XIAOMI), agreement));
		assert!(ByEntry::<Test>::contains_key(ENTRY, agreement));
	});
}

#[test]
fn the_agreement_is_filed_where_its_first_entry_is_listed() {
	run(|| {
		let template = template();
		// Created by the user of space B over an entry of space A: space A files it.
		assert_ok!(create(USER, template, parties(), terms()));
		assert_eq!(stored(0).space, SPACE_A);
		assert_eq!(stored(0).creator, org(TENCENT));
	});
}

#[test]
fn a_processor_may_take_the_using_side() {
	run(|| {
		let template = template();
		let parties = vec![
			party(org(HUAWEI), PartyRole::Provider),
			party(org(TENCENT), PartyRole::Processor),
			party(org(ALIBABA), PartyRole::Intermediary),
		];
		let shares = split(vec![500_000, 400_000, 100_000]);
		assert_ok!(create(PROVIDER, template, parties.clone(), shares));
		assert_eq!(stored(0).parties.to_vec(), parties);
		assert!(stored(0).is_using_party(&org(TENCENT)));
		assert!(!stored(0).is_using_party(&org(ALIBABA)));
	});
}

#[test]
fn the_creator_must_be_one_of_the_parties() {
	run(|| {
		let template = template();
		assert_noop!(create(OTHER_USER, template, parties(), terms()), Error::<Test>::NotAParty);
		// Not even a key of one of the parties' connectors.
		assert_noop!(create(CONNECTOR, template, parties(), terms()), Error::<Test>::NotAParty);
	});
}

#[test]
fn the_creator_must_have_an_identity_that_may_act() {
	run(|| {
		let template = template();
		assert_noop!(create(STRANGER, template, parties(), terms()), Error::<Test>::NotAuthorized);
		assert_noop!(
			create(OPERATOR_A, template, parties(), terms()),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Contracts::create(RuntimeOrigin::root(), template, parties(), Box::new(terms())),
			DispatchError::BadOrigin
		);
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(9)
		));
		assert_noop!(
			create(PROVIDER, template, parties(), terms()),
			Error::<Test>::IdentityNotActive
		);
	});
}

#[test]
fn an_unknown_template_is_not_found() {
	run(|| {
		assert_noop!(create(PROVIDER, 7, parties(), terms()), Error::<Test>::NotFound);
	});
}

#[test]
fn every_party_must_be_able_to_act() {
	run(|| {
		let template = template();
		let unknown =
			vec![party(org(HUAWEI), PartyRole::Provider), party(digest(0x99), PartyRole::User)];
		assert_noop!(
			create(PROVIDER, template, unknown, terms()),
			Error::<Test>::IdentityNotActive
		);
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_B),
			org(TENCENT),
			digest(9)
		));
		assert_noop!(
			create(PROVIDER, template, parties(), terms()),
			Error::<Test>::IdentityNotActive
		);
	});
}

#[test]
fn parties_must_be_distinct_with_a_provider_and_a_using_party() {
	run(|| {
		let template = template();
		let huawei = |role| party(org(HUAWEI), role);
		let tencent = |role| party(org(TENCENT), role);
		use PartyRole::*;
		let cases = [
			// Fewer than two parties (one share for one party).
			(vec![huawei(Provider)], split(vec![1_000_000])),
			// A party twice.
			(vec![huawei(Provider), huawei(User)], terms()),
			// No using party.
			(vec![huawei(Provider), tencent(Intermediary)], terms()),
			// No provider.
			(vec![huawei(User), tencent(User)], terms()),
			// The entry's provider is a party, but not as the provider.
			(vec![tencent(Provider), huawei(User)], terms()),
			// The named arbitrator is a party.
			(
				vec![huawei(Provider), tencent(User)],
				TermsInput { arbitrator: Some(org(TENCENT)), ..terms() },
			),
		];
		for (parties, terms) in cases {
			assert_noop!(create(PROVIDER, template, parties, terms), Error::<Test>::InvalidParties);
		}
	});
}

#[test]
fn an_entry_of_a_provider_that_is_not_a_party_is_refused() {
	run(|| {
		let template = template();
		// Alibaba as the provider party: the entry is Huawei's, which takes the user side.
		let parties =
			vec![party(org(ALIBABA), PartyRole::Provider), party(org(HUAWEI), PartyRole::User)];
		assert_noop!(create(PROVIDER, template, parties, terms()), Error::<Test>::InvalidParties);
	});
}

#[test]
fn more_than_max_parties_is_refused() {
	run(|| {
		let template = template();
		let mut five = parties();
		five.extend((1..=3).map(|n| party(digest(n), PartyRole::User)));
		assert_eq!(five.len(), 5);
		assert_noop!(create(PROVIDER, template, five, terms()), Error::<Test>::TooManyParties);
		// More shares than `MaxParties` too.
		assert_noop!(
			create(PROVIDER, template, parties(), split(vec![200_000; 5])),
			Error::<Test>::TooManyParties
		);
	});
}

#[test]
fn the_split_is_one_share_per_party_summing_to_the_whole() {
	run(|| {
		let template = template();
		for shares in [
			vec![600_000, 300_000],
			vec![600_000, 500_000],
			vec![1_000_000],
			vec![500_000, 500_000, 0],
			vec![u32::MAX, 1],
			vec![],
		] {
			assert_noop!(
				create(PROVIDER, template, parties(), split(shares)),
				Error::<Test>::InvalidSplit
			);
		}
		// All to one party is a split too.
		assert_ok!(create(PROVIDER, template, parties(), split(vec![1_000_000, 0])));
	});
}

#[test]
fn the_term_must_not_be_empty_and_entries_not_repeated() {
	run(|| {
		let template = template();
		for terms in [
			TermsInput { end: NOW, ..terms() },
			TermsInput { start: NOW + DAY, end: NOW, ..terms() },
			over(vec![]),
			over(vec![ENTRY, ENTRY]),
		] {
			assert_noop!(create(PROVIDER, template, parties(), terms), Error::<Test>::InvalidTerms);
		}
		// A term in the past is not refused at creation: it simply never becomes active.
		assert_ok!(create(PROVIDER, template, parties(), TermsInput { end: NOW + 1, ..terms() }));
	});
}

#[test]
fn entries_must_be_published_and_usable() {
	run(|| {
		let template = template();
		let approved = approved_entry(digest(0x02));
		let suspended = published_entry(digest(0x03));
		assert_ok!(Catalog::suspend(
			RuntimeOrigin::signed(OPERATOR_A),
			entry_number(suspended),
			digest(0x51)
		));
		let unknown = CatalogId { space: SPACE_A, number: 9 };
		for entries in [vec![unknown], vec![approved], vec![suspended], vec![ENTRY, unknown]] {
			assert_noop!(
				create(PROVIDER, template, parties(), over(entries)),
				Error::<Test>::EntryNotUsable
			);
		}
		// Published, its entries are usable.
		assert_ok!(Catalog::publish(RuntimeOrigin::signed(PROVIDER), entry_number(approved), None));
		assert_ok!(create(PROVIDER, template, parties(), over(vec![ENTRY, approved])));
		assert!(ByEntry::<Test>::contains_key(approved, 0u64));
	});
}

#[test]
fn the_user_may_not_create_with_a_frozen_provider() {
	run(|| {
		let template = template();
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(9)
		));
		// The user creates: the provider party may not act, checked before the entries.
		assert_noop!(create(USER, template, parties(), terms()), Error::<Test>::IdentityNotActive);
	});
}

#[test]
fn more_than_max_entries_is_refused() {
	run(|| {
		let template = template();
		let entries = (1..=4).map(|number| CatalogId { space: SPACE_A, number }).collect();
		assert_noop!(
			create(PROVIDER, template, parties(), over(entries)),
			Error::<Test>::TooManyEntries
		);
	});
}

#[test]
fn an_oversized_policy_is_refused() {
	run(|| {
		let template = template();
		let policy = PolicyInput { scenarios: vec![1, 2, 3, 4, 5].try_into().unwrap(), ..policy() };
		assert_noop!(
			create(PROVIDER, template, parties(), TermsInput { policy, ..terms() }),
			Error::<Test>::TooManyPolicyItems
		);
	});
}
