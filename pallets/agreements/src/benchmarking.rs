//! Benchmarks of `pallet-agreements` (frame-benchmarking v2).
//!
//! Every call is measured on its most expensive path:
//!
//! - identities and entries come from [`Config::BenchmarkHelper`]: an active space, `p` active
//!   organisations each with its own key (the first a provider, the others users), `e`
//!   published entries of the provider, and an active arbitrator named in the terms (so that
//!   the terms' arbitrator check runs);
//! - every agreement's terms are as large as the components allow: `p` shares, `e` entries, a
//!   subscription price and a policy with every option set, whose lists (scenarios, users,
//!   spaces) hold `MaxPolicyItems` items (`i` for `record_usage`), the one a use declares
//!   always last, so that every `contains` scan runs to the end;
//! - agreements run from 0 to `Moment::MAX / 2`, activating at their start: a filed agreement
//!   reads as active whatever the chain's time, and is made active lazily by the call itself;
//! - they are taken through their lifecycle by the calls themselves (create, sign, file,
//!   suspend, request and approve changes, open a dispute), so every record is one the pallet
//!   would store; the signer of a party call is the last party (the longest party scans),
//!   and calls without components act on `MaxParties` parties and `MaxEntries` entries;
//! - `publish_template` and `revise_template` are signed by a provider: the operator check
//!   fails first, then the provider's identity, standing and role are read;
//! - `propose` and `withdraw` act on a draft that every party but the last has signed (the
//!   largest draft record; `propose` voids the signatures and moves it to `Negotiating`);
//! - `sign` is the last signature: the agreement becomes `Signed`;
//! - `suspend` and `resume` are signed by a regulator of another space: the operator check is
//!   read and fails before the regulator check (identity, standing, role);
//! - `request_change` is an amendment with full terms changing the policy only (the entries
//!   compare equal, so both policies are encoded to find that the operator must approve);
//! - `approve_change` is the last party's approval of such an amendment, the operator having
//!   approved first: the change is applied (a new version, every entry indexed again);
//! - `reject_change` is a party's rejection of a change awaiting the operator: the operator
//!   check is read and fails before the party check;
//! - `record_usage` is a denied use that suspends the agreement (breach rule `suspend_after:
//!   1`): a decision, the record with its new status and two events, more than any permitted
//!   use writes. It is signed by the using party's own key (the last party). The use passes
//!   every rule of the evaluator but the last: the window's only use was taken by a permitted
//!   use in the setup, so it is denied for its frequency, after the validity, user, space and
//!   scenario lists, bans, manner, fields, volume, transfer, evidence and total checks all
//!   ran;
//! - `report_usage` carries `r` reports, each a denied use (the window's only use was taken in
//!   the setup): the first suspends, every one is a decision with its stored report. It is
//!   signed by the space's operator organisation, so the party check is read and fails first;
//! - `open_dispute` carries `v` evidence digests; `resolve_dispute` amends the agreement with
//!   full terms (a new version) and liability shares for every party, on a dispute carrying
//!   `MaxEvidence` digests;
//! - `appoint_arbitrator` appoints an identity that is not a party: every party is compared.

use super::*;
use alloc::{boxed::Box, vec, vec::Vec};
use core::iter::once;
use frame::benchmarking::prelude::*;
use frame::deps::sp_io::hashing::blake2_256;

/// Seed of every account of a benchmark.
const SEED: u32 = 0;
/// Registry seed of the first party; party `k` has `FIRST_PARTY + k`.
const FIRST_PARTY: u32 = 1;
/// Registry seed of the arbitrator named in the terms (above any party's).
const ARBITRATOR: u32 = 100;
/// Registry seed of the arbitrator appointed by the council.
const APPOINTEE: u32 = 101;
/// Registry seed of the regulator.
const REGULATOR: u32 = 102;
/// Registry seed of the operator organisation reporting usage.
const GATEWAY: u32 = 103;
/// The fewest parties an agreement has (the lower bound of `p`).
const MIN_PARTIES: u32 = 2;

/// The model of every template.
const MODEL: ContractModel = ContractModel::Provision;
/// The scenario every use declares: the last one a policy lists.
const SCENARIO: ScenarioCode = 7;
/// Frequency window of every policy: a day.
const WINDOW: Moment = 86_400_000;
/// Uses permitted per window: one, taken by the setup of `record_usage`.
const USES_PER_WINDOW: u32 = 1;
/// Records returned by a use: exactly the policy's maximum.
const VOLUME: u64 = 1_000_000;
/// Fields used by a use, and permitted by the policy.
const FIELDS: u128 = u128::MAX;
/// End of every term: any chain time is within it.
const END: Moment = Moment::MAX / 2;

fn assert_last_event<T: Config>(event: <T as frame_system::Config>::RuntimeEvent) {
	frame_system::Pallet::<T>::assert_last_event(event);
}

fn assert_has_event<T: Config>(event: <T as frame_system::Config>::RuntimeEvent) {
	frame_system::Pallet::<T>::assert_has_event(event);
}

fn signed<T: Config>(who: &T::AccountId) -> T::RuntimeOrigin {
	RawOrigin::Signed(who.clone()).into()
}

/// The stored record of `agreement`.
fn record<T: Config>(agreement: AgreementId) -> Result<AgreementOf<T>, BenchmarkError> {
	Agreements::<T>::get(agreement).ok_or(BenchmarkError::Stop("no such agreement"))
}

/// `parties` shares summing to the whole, the remainder to the first.
fn shares(parties: u32) -> Result<Vec<PartsPerMillion>, BenchmarkError> {
	let each = PARTS_PER_MILLION
		.checked_div(parties)
		.ok_or(BenchmarkError::Stop("no parties"))?;
	let first = PARTS_PER_MILLION.saturating_sub(each.saturating_mul(parties.saturating_sub(1)));
	let len = usize::try_from(parties).map_err(|_| BenchmarkError::Stop("too many parties"))?;
	let mut shares = vec![each; len];
	if let Some(share) = shares.first_mut() {
		*share = first;
	}
	Ok(shares)
}

/// A policy with every option set and lists of `items` items, of which the last is what
/// [`usage`] declares (`user`, `space`, [`SCENARIO`]): every `contains` scan runs to the end.
/// Frequency: [`USES_PER_WINDOW`] per [`WINDOW`].
fn policy(items: u32, user: IdentityId, space: SpaceId) -> Result<PolicyInput, BenchmarkError> {
	let len = usize::try_from(items).map_err(|_| BenchmarkError::Stop("too many items"))?;
	let scenarios: Vec<ScenarioCode> = (1..items)
		.map(|k| SCENARIO.wrapping_add(k))
		.chain(once(SCENARIO))
		.take(len)
		.collect();
	let users: Vec<IdentityId> = (1..items)
		.map(|k| IdentityId::from(blake2_256(&k.to_le_bytes())))
		.chain(once(user))
		.take(len)
		.collect();
	let spaces: Vec<SpaceId> =
		(1..items).map(|k| space.wrapping_add(k)).chain(once(space)).take(len).collect();
	// The standing bans of public data; without a scenario list, the one on unlisted scenarios
	// would deny every use.
	let listed = !scenarios.is_empty();
	Ok(PolicyInput {
		scenarios: scenarios.try_into().map_err(|_| BenchmarkError::Stop("too many scenarios"))?,
		users: users.try_into().map_err(|_| BenchmarkError::Stop("too many users"))?,
		spaces: spaces.try_into().map_err(|_| BenchmarkError::Stop("too many spaces"))?,
		manners: Manners::default().with(Manner::ComputeOnly).with(Manner::Read),
		max_total_uses: Some(u64::MAX),
		frequency: Some(Frequency { max_uses: USES_PER_WINDOW, window: WINDOW }),
		max_volume_per_use: Some(VOLUME),
		valid_from: Some(0),
		valid_until: Some(END),
		fields: Some(FIELDS),
		onward_transfer_forbidden: true,
		bans: StandingBans { marketing: true, sublicensing: true, unlisted_scenarios: listed },
		evidence_required: true,
	})
}

/// `policy` with a larger volume per use (a temporary permission expansion): a change of
/// scope.
fn expanded(mut policy: PolicyInput) -> PolicyInput {
	policy.max_volume_per_use = Some(VOLUME.saturating_mul(2));
	policy
}

/// A use by `user` in `space` that [`policy`] permits while its window has uses left.
fn usage(user: IdentityId, space: SpaceId) -> UsageContext {
	UsageContext {
		user,
		space,
		scenario: SCENARIO,
		manner: Manner::Read,
		fields: FIELDS,
		volume: VOLUME,
		onward_transfer: false,
		marketing: false,
		sublicensing: false,
		evidence: Some(Digest::repeat_byte(0xe0)),
	}
}

/// Makes an active regulator, in a space of its own; returns its key.
fn regulator<T: Config>() -> T::AccountId {
	let operator: T::AccountId = account("regulator operator", 0, SEED);
	let space = T::BenchmarkHelper::space(&operator);
	let who: T::AccountId = account("regulator", 0, SEED);
	T::BenchmarkHelper::organisation(space, &who, Role::Regulator, REGULATOR);
	who
}

/// An active space, its operator, the parties with their keys, the provider's entries and an
/// arbitrator; agreements among them are set up through the calls.
struct Setup<T: Config> {
	/// The operator of the space.
	operator: T::AccountId,
	/// The space (every party's home, and so every agreement's).
	space: SpaceId,
	/// The parties' keys, in the order of the parties.
	keys: Vec<T::AccountId>,
	/// The parties: the first a provider, the others users.
	parties: Vec<Party>,
	/// The published entries of the provider.
	entries: Vec<CatalogId>,
	/// The key of the arbitrator named in the terms.
	arbitrator_key: T::AccountId,
	/// The arbitrator named in the terms: active, not a party.
	arbitrator: IdentityId,
}

impl<T: Config> Setup<T> {
	/// A new space with `parties` parties and `entries` published entries of the first.
	fn new(parties: u32, entries: u32) -> Result<Self, BenchmarkError> {
		let operator: T::AccountId = account("operator", 0, SEED);
		let space = T::BenchmarkHelper::space(&operator);
		let mut keys = Vec::new();
		let mut members = Vec::new();
		for index in 0..parties {
			let key: T::AccountId = account("party", index, SEED);
			let (role, party_role) = if index == 0 {
				(Role::Provider, PartyRole::Provider)
			} else {
				(Role::User, PartyRole::User)
			};
			let seed = FIRST_PARTY.saturating_add(index);
			let identity = T::BenchmarkHelper::organisation(space, &key, role, seed);
			keys.push(key);
			members.push(Party { identity, role: party_role });
		}
		let provider = keys.first().ok_or(BenchmarkError::Stop("no provider"))?;
		let entries = (0..entries)
			.map(|seed| T::BenchmarkHelper::published_entry(provider, seed))
			.collect();
		let arbitrator_key: T::AccountId = account("arbitrator", 0, SEED);
		let arbitrator =
			T::BenchmarkHelper::organisation(space, &arbitrator_key, Role::Auditor, ARBITRATOR);
		Ok(Self { operator, space, keys, parties: members, entries, arbitrator_key, arbitrator })
	}

	/// The provider's key (the first party's).
	fn provider_key(&self) -> Result<&T::AccountId, BenchmarkError> {
		self.keys.first().ok_or(BenchmarkError::Stop("no provider"))
	}

	/// The provider (the first party).
	fn provider(&self) -> Result<IdentityId, BenchmarkError> {
		self.parties
			.first()
			.map(|party| party.identity)
			.ok_or(BenchmarkError::Stop("no provider"))
	}

	/// The last party's key: the signer of party calls.
	fn last_key(&self) -> Result<&T::AccountId, BenchmarkError> {
		self.keys.last().ok_or(BenchmarkError::Stop("no parties"))
	}

	/// The last party (a user): the longest scans of the parties find it last.
	fn last_party(&self) -> Result<IdentityId, BenchmarkError> {
		self.parties
			.last()
			.map(|party| party.identity)
			.ok_or(BenchmarkError::Stop("no parties"))
	}

	/// A policy with lists of `MaxPolicyItems` items.
	fn full_policy(&self) -> Result<PolicyInput, BenchmarkError> {
		policy(T::MaxPolicyItems::get(), self.last_party()?, self.space)
	}

	/// Terms over every entry with a share for every party, the arbitrator named, from 0 to
	/// [`END`]; digests of `fill`.
	fn terms(
		&self,
		policy: PolicyInput,
		fill: u8,
		activation: Activation,
	) -> Result<TermsInput, BenchmarkError> {
		let parties = u32::try_from(self.parties.len())
			.map_err(|_| BenchmarkError::Stop("too many parties"))?;
		Ok(TermsInput {
			entries: self
				.entries
				.clone()
				.try_into()
				.map_err(|_| BenchmarkError::Stop("too many entries"))?,
			terms: Digest::repeat_byte(fill),
			liability: Digest::repeat_byte(fill),
			pricing: PricingModel::Subscription { fee: u128::MAX, period: WINDOW },
			shares: shares(parties)?
				.try_into()
				.map_err(|_| BenchmarkError::Stop("too many shares"))?,
			policy,
			breach_rule: BreachRule { warn_after: 1, suspend_after: 1 },
			start: 0,
			end: END,
			activation,
			unilateral_termination: true,
			arbitrator: Some(self.arbitrator),
		})
	}

	/// The full terms activating at their start, digests of `fill`.
	fn full_terms(&self, fill: u8) -> Result<TermsInput, BenchmarkError> {
		self.terms(self.full_policy()?, fill, Activation::AtStart)
	}

	/// The full terms with the expanded policy (a change of scope), digests of `fill`.
	fn amended_terms(&self, fill: u8) -> Result<TermsInput, BenchmarkError> {
		self.terms(expanded(self.full_policy()?), fill, Activation::AtStart)
	}

	/// A template of the provider with the full policy; returns it.
	fn template(&self) -> Result<TemplateId, BenchmarkError> {
		let template = NextTemplateId::<T>::get();
		Pallet::<T>::publish_template(
			signed::<T>(self.provider_key()?),
			MODEL,
			Digest::repeat_byte(0x70),
			Box::new(self.full_policy()?),
		)?;
		Ok(template)
	}

	/// An agreement on `terms` created by the last party: `Draft`, version 1.
	fn created(&self, terms: TermsInput) -> Result<AgreementId, BenchmarkError> {
		let template = self.template()?;
		let agreement = NextAgreementId::<T>::get();
		Pallet::<T>::create(
			signed::<T>(self.last_key()?),
			template,
			self.parties.clone(),
			Box::new(terms),
		)?;
		Ok(agreement)
	}

	/// Every party but the last signs the current version of `agreement`.
	fn sign_all_but_last(&self, agreement: AgreementId) -> Result<(), BenchmarkError> {
		let current = record::<T>(agreement)?;
		let (_, others) = self.keys.split_last().ok_or(BenchmarkError::Stop("no parties"))?;
		for key in others {
			Pallet::<T>::sign(signed::<T>(key), agreement, current.version, current.digest)?;
		}
		Ok(())
	}

	/// An agreement on `terms` that every party signed: `Signed`.
	fn fully_signed(&self, terms: TermsInput) -> Result<AgreementId, BenchmarkError> {
		let agreement = self.created(terms)?;
		self.sign_all_but_last(agreement)?;
		let current = record::<T>(agreement)?;
		Pallet::<T>::sign(
			signed::<T>(self.last_key()?),
			agreement,
			current.version,
			current.digest,
		)?;
		Ok(agreement)
	}

	/// A signed agreement on `terms`, filed by the operator: `Filed`, and active from its start
	/// (0) if it activates at its start.
	fn filed(&self, terms: TermsInput) -> Result<AgreementId, BenchmarkError> {
		let agreement = self.fully_signed(terms)?;
		Pallet::<T>::file(signed::<T>(&self.operator), agreement, Digest::repeat_byte(0xf1))?;
		Ok(agreement)
	}

	/// A filed agreement on the full terms, suspended by the operator.
	fn suspended(&self) -> Result<AgreementId, BenchmarkError> {
		let agreement = self.filed(self.full_terms(0x01)?)?;
		Pallet::<T>::suspend(signed::<T>(&self.operator), agreement, Digest::repeat_byte(0x5a))?;
		Ok(agreement)
	}

	/// A filed agreement on the full terms with an amendment of its policy requested by the
	/// provider, awaiting every other party and the operator.
	fn change_requested(&self) -> Result<AgreementId, BenchmarkError> {
		let agreement = self.filed(self.full_terms(0x01)?)?;
		Pallet::<T>::request_change(
			signed::<T>(self.provider_key()?),
			agreement,
			Box::new(Change::Amend(self.amended_terms(0x02)?)),
		)?;
		Ok(agreement)
	}

	/// A filed agreement on the full terms under dispute, opened by the provider with
	/// `MaxEvidence` digests.
	fn disputed(&self) -> Result<AgreementId, BenchmarkError> {
		let agreement = self.filed(self.full_terms(0x01)?)?;
		let evidence = usize::try_from(T::MaxEvidence::get())
			.map_err(|_| BenchmarkError::Stop("too much evidence"))?;
		Pallet::<T>::open_dispute(
			signed::<T>(self.provider_key()?),
			agreement,
			vec![Digest::repeat_byte(0xd0); evidence],
		)?;
		Ok(agreement)
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn publish_template() -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(MIN_PARTIES, 0)?;
		let key = setup.provider_key()?.clone();
		let provider = setup.provider()?;
		let template = NextTemplateId::<T>::get();
		let terms = Digest::repeat_byte(0x71);
		let policy = setup.full_policy()?;
		let items = policy.scenarios.len();

		#[extrinsic_call]
		_(RawOrigin::Signed(key), MODEL, terms, Box::new(policy));

		let stored = Templates::<T>::get(template).ok_or(BenchmarkError::Stop("no template"))?;
		assert_eq!(stored.publisher, TemplatePublisher::Provider(provider));
		assert_eq!(stored.version, 1);
		assert_eq!(stored.terms, terms);
		assert_eq!(stored.default_policy.scenarios.len(), items);
		assert!(TemplateVersions::<T>::contains_key(template, 1));
		assert_last_event::<T>(
			Event::<T>::TemplatePublished {
				template,
				publisher: TemplatePublisher::Provider(provider),
				model: MODEL,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn revise_template() -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(MIN_PARTIES, 0)?;
		let key = setup.provider_key()?.clone();
		let template = setup.template()?;
		let terms = Digest::repeat_byte(0x72);
		let policy = expanded(setup.full_policy()?);

		#[extrinsic_call]
		_(RawOrigin::Signed(key), template, terms, Box::new(policy));

		let stored = Templates::<T>::get(template).ok_or(BenchmarkError::Stop("no template"))?;
		assert_eq!(stored.version, 2);
		assert_eq!(stored.terms, terms);
		assert_eq!(
			TemplateVersions::<T>::get(template, 2).map(|version| version.terms),
			Some(terms)
		);
		assert_last_event::<T>(Event::<T>::TemplateRevised { template, version: 2 }.into());
		Ok(())
	}

	#[benchmark]
	fn create(
		p: Linear<2, { T::MaxParties::get() }>,
		e: Linear<1, { T::MaxEntries::get() }>,
	) -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(p, e)?;
		let key = setup.last_key()?.clone();
		let creator = setup.last_party()?;
		let template = setup.template()?;
		let terms = setup.full_terms(0x01)?;
		let agreement = NextAgreementId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(key), template, setup.parties.clone(), Box::new(terms));

		let stored = record::<T>(agreement)?;
		assert_eq!(stored.status, AgreementStatus::Draft);
		assert_eq!(stored.version, 1);
		assert_eq!(stored.space, setup.space);
		assert_eq!(stored.parties.to_vec(), setup.parties);
		assert_eq!(stored.terms.entries.to_vec(), setup.entries);
		assert!(Versions::<T>::contains_key(agreement, 1));
		assert!(setup
			.parties
			.iter()
			.all(|party| ByParty::<T>::contains_key(party.identity, agreement)));
		assert!(setup.entries.iter().all(|entry| ByEntry::<T>::contains_key(entry, agreement)));
		assert_last_event::<T>(
			Event::<T>::AgreementCreated { agreement, template, creator }.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn propose(
		p: Linear<2, { T::MaxParties::get() }>,
		e: Linear<1, { T::MaxEntries::get() }>,
	) -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(p, e)?;
		let agreement = setup.created(setup.full_terms(0x01)?)?;
		setup.sign_all_but_last(agreement)?;
		let key = setup.last_key()?.clone();
		let by = setup.last_party()?;
		let terms = setup.amended_terms(0x02)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(key.clone()), agreement, Box::new(terms));

		let stored = record::<T>(agreement)?;
		assert_eq!(stored.status, AgreementStatus::Negotiating);
		assert_eq!(stored.version, 2);
		assert!(stored.signed.is_empty());
		assert_eq!(
			Versions::<T>::get(agreement, 2).map(|version| version.digest),
			Some(stored.digest)
		);
		assert_has_event::<T>(
			Event::<T>::OfferMade { agreement, version: 2, digest: stored.digest, by }.into(),
		);
		assert_last_event::<T>(
			Event::<T>::StatusChanged {
				agreement,
				from: AgreementStatus::Draft,
				to: AgreementStatus::Negotiating,
				by: Some(key),
				reason: None,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn sign(p: Linear<2, { T::MaxParties::get() }>) -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(p, T::MaxEntries::get())?;
		let agreement = setup.created(setup.full_terms(0x01)?)?;
		setup.sign_all_but_last(agreement)?;
		let current = record::<T>(agreement)?;
		let key = setup.last_key()?.clone();
		let by = setup.last_party()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(key.clone()), agreement, current.version, current.digest);

		let stored = record::<T>(agreement)?;
		assert_eq!(stored.status, AgreementStatus::Signed);
		assert_eq!(stored.signed.len(), setup.parties.len());
		assert_has_event::<T>(
			Event::<T>::AgreementSigned { agreement, version: current.version, by }.into(),
		);
		assert_last_event::<T>(
			Event::<T>::StatusChanged {
				agreement,
				from: AgreementStatus::Draft,
				to: AgreementStatus::Signed,
				by: Some(key),
				reason: None,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn withdraw() -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(T::MaxParties::get(), T::MaxEntries::get())?;
		let agreement = setup.created(setup.full_terms(0x01)?)?;
		setup.sign_all_but_last(agreement)?;
		let key = setup.last_key()?.clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(key.clone()), agreement);

		assert_eq!(record::<T>(agreement)?.status, AgreementStatus::Terminated);
		assert_last_event::<T>(
			Event::<T>::StatusChanged {
				agreement,
				from: AgreementStatus::Draft,
				to: AgreementStatus::Terminated,
				by: Some(key),
				reason: None,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn file() -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(T::MaxParties::get(), T::MaxEntries::get())?;
		let agreement = setup.fully_signed(setup.full_terms(0x01)?)?;
		let filing = Digest::repeat_byte(0xf2);

		#[extrinsic_call]
		_(RawOrigin::Signed(setup.operator.clone()), agreement, filing);

		assert_eq!(record::<T>(agreement)?.status, AgreementStatus::Filed);
		assert_last_event::<T>(
			Event::<T>::StatusChanged {
				agreement,
				from: AgreementStatus::Signed,
				to: AgreementStatus::Filed,
				by: Some(setup.operator.clone()),
				reason: Some(filing),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn activate() -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(T::MaxParties::get(), T::MaxEntries::get())?;
		let terms = setup.terms(setup.full_policy()?, 0x01, Activation::OnCondition)?;
		let agreement = setup.filed(terms)?;
		let key = setup.last_key()?.clone();
		let evidence = Digest::repeat_byte(0xac);

		#[extrinsic_call]
		_(RawOrigin::Signed(key.clone()), agreement, evidence);

		assert_eq!(record::<T>(agreement)?.status, AgreementStatus::Active);
		assert_last_event::<T>(
			Event::<T>::StatusChanged {
				agreement,
				from: AgreementStatus::Filed,
				to: AgreementStatus::Active,
				by: Some(key),
				reason: Some(evidence),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn suspend() -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(T::MaxParties::get(), T::MaxEntries::get())?;
		let regulator = regulator::<T>();
		// Filed, activating at its start: active, made so by the call.
		let agreement = setup.filed(setup.full_terms(0x01)?)?;
		let reason = Digest::repeat_byte(0x5b);

		#[extrinsic_call]
		_(RawOrigin::Signed(regulator.clone()), agreement, reason);

		assert_eq!(record::<T>(agreement)?.status, AgreementStatus::Suspended);
		assert_last_event::<T>(
			Event::<T>::StatusChanged {
				agreement,
				from: AgreementStatus::Active,
				to: AgreementStatus::Suspended,
				by: Some(regulator),
				reason: Some(reason),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn resume() -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(T::MaxParties::get(), T::MaxEntries::get())?;
		let regulator = regulator::<T>();
		let agreement = setup.suspended()?;
		let reason = Digest::repeat_byte(0x5c);

		#[extrinsic_call]
		_(RawOrigin::Signed(regulator.clone()), agreement, reason);

		assert_eq!(record::<T>(agreement)?.status, AgreementStatus::Active);
		assert_last_event::<T>(
			Event::<T>::StatusChanged {
				agreement,
				from: AgreementStatus::Suspended,
				to: AgreementStatus::Active,
				by: Some(regulator),
				reason: Some(reason),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn terminate() -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(T::MaxParties::get(), T::MaxEntries::get())?;
		let agreement = setup.filed(setup.full_terms(0x01)?)?;
		let key = setup.last_key()?.clone();
		let reason = Digest::repeat_byte(0x7e);

		#[extrinsic_call]
		_(RawOrigin::Signed(key.clone()), agreement, reason);

		assert_eq!(record::<T>(agreement)?.status, AgreementStatus::Terminated);
		assert_last_event::<T>(
			Event::<T>::StatusChanged {
				agreement,
				from: AgreementStatus::Active,
				to: AgreementStatus::Terminated,
				by: Some(key),
				reason: Some(reason),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn request_change(
		p: Linear<2, { T::MaxParties::get() }>,
		e: Linear<1, { T::MaxEntries::get() }>,
	) -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(p, e)?;
		let agreement = setup.filed(setup.full_terms(0x01)?)?;
		let key = setup.last_key()?.clone();
		let by = setup.last_party()?;
		let change: ChangeInput = Change::Amend(setup.amended_terms(0x02)?);

		#[extrinsic_call]
		_(RawOrigin::Signed(key), agreement, Box::new(change));

		let request =
			PendingChanges::<T>::get(agreement).ok_or(BenchmarkError::Stop("no change"))?;
		assert_eq!(request.proposed_by, by);
		assert_eq!(request.approvals.as_slice(), [by].as_slice());
		assert_eq!(request.operator_approval, Some(false));
		assert!(matches!(request.change, Change::Amend(_)));
		assert_eq!(record::<T>(agreement)?.version, 1);
		assert_last_event::<T>(
			Event::<T>::ChangeRequested { agreement, by, needs_operator: true }.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn approve_change(p: Linear<2, { T::MaxParties::get() }>) -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(p, T::MaxEntries::get())?;
		// Requested by the provider (the first party).
		let agreement = setup.change_requested()?;
		let (last, others) = setup.keys.split_last().ok_or(BenchmarkError::Stop("no parties"))?;
		// Every party between the first and the last approves, then the operator.
		for key in others.iter().skip(1) {
			Pallet::<T>::approve_change(signed::<T>(key), agreement)?;
		}
		Pallet::<T>::approve_change(signed::<T>(&setup.operator), agreement)?;
		let key = last.clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(key.clone()), agreement);

		let stored = record::<T>(agreement)?;
		assert_eq!(stored.version, 2);
		assert_eq!(stored.status, AgreementStatus::Active);
		assert_eq!(stored.terms.policy.max_volume_per_use, Some(VOLUME.saturating_mul(2)));
		assert!(!PendingChanges::<T>::contains_key(agreement));
		assert_eq!(
			Versions::<T>::get(agreement, 2).map(|version| version.origin),
			Some(VersionOrigin::Amendment)
		);
		assert_has_event::<T>(Event::<T>::ChangeApproved { agreement, by: key }.into());
		assert_last_event::<T>(Event::<T>::ChangeApplied { agreement, version: 2 }.into());
		Ok(())
	}

	#[benchmark]
	fn reject_change() -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(T::MaxParties::get(), T::MaxEntries::get())?;
		let agreement = setup.change_requested()?;
		let key = setup.last_key()?.clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(key.clone()), agreement);

		assert!(!PendingChanges::<T>::contains_key(agreement));
		assert_eq!(record::<T>(agreement)?.version, 1);
		assert_last_event::<T>(Event::<T>::ChangeRejected { agreement, by: key }.into());
		Ok(())
	}

	#[benchmark]
	fn record_usage(
		p: Linear<2, { T::MaxParties::get() }>,
		e: Linear<1, { T::MaxEntries::get() }>,
		i: Linear<0, { T::MaxPolicyItems::get() }>,
	) -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(p, e)?;
		let user = setup.last_party()?;
		let key = setup.last_key()?.clone();
		let terms = setup.terms(policy(i, user, setup.space)?, 0x01, Activation::AtStart)?;
		let agreement = setup.filed(terms)?;
		let context = usage(user, setup.space);
		// A permitted use takes the window's only use: the benchmarked one passes every other
		// rule and is denied for its frequency.
		Pallet::<T>::record_usage(signed::<T>(&key), agreement, context.clone())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(key.clone()), agreement, context);

		let stored = record::<T>(agreement)?;
		assert_eq!(stored.status, AgreementStatus::Suspended);
		assert_eq!(stored.decisions, 2);
		assert_eq!(stored.breaches, 1);
		assert_eq!(stored.counters.total, u64::from(USES_PER_WINDOW));
		let decision =
			Decisions::<T>::get(agreement, 1).ok_or(BenchmarkError::Stop("no decision"))?;
		assert_eq!(decision.verdict, Verdict::Deny(DenyReason::FrequencyExceeded));
		assert_eq!(decision.response, Some(BreachResponse::Suspended));
		assert_eq!(decision.by, key);
		assert_has_event::<T>(
			Event::<T>::BreachRecorded {
				agreement,
				decision: 1,
				user,
				reason: DenyReason::FrequencyExceeded,
				response: BreachResponse::Suspended,
			}
			.into(),
		);
		assert_last_event::<T>(
			Event::<T>::StatusChanged {
				agreement,
				from: AgreementStatus::Active,
				to: AgreementStatus::Suspended,
				by: None,
				reason: None,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn report_usage(
		p: Linear<2, { T::MaxParties::get() }>,
		e: Linear<1, { T::MaxEntries::get() }>,
		i: Linear<0, { T::MaxPolicyItems::get() }>,
		r: Linear<1, { T::MaxUsageReports::get() }>,
	) -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(p, e)?;
		let user = setup.last_party()?;
		let terms = setup.terms(policy(i, user, setup.space)?, 0x01, Activation::AtStart)?;
		let agreement = setup.filed(terms)?;
		let context = usage(user, setup.space);
		Pallet::<T>::record_usage(signed::<T>(setup.last_key()?), agreement, context.clone())?;
		let gateway: T::AccountId = account("gateway", 0, SEED);
		let reporter =
			T::BenchmarkHelper::organisation(setup.space, &gateway, Role::Operator, GATEWAY);
		let now = Pallet::<T>::now();
		let report = UsageReport { context, uses: 1, total_volume: VOLUME, first: now, last: now };
		let len = usize::try_from(r).map_err(|_| BenchmarkError::Stop("too many reports"))?;
		let reports = vec![report; len];

		#[extrinsic_call]
		_(RawOrigin::Signed(gateway.clone()), agreement, u64::MAX, reports);

		let stored = record::<T>(agreement)?;
		assert_eq!(stored.status, AgreementStatus::Suspended);
		assert_eq!(stored.decisions, r.saturating_add(1));
		assert_eq!(stored.breaches, r);
		assert_eq!(stored.counters.in_window, r.saturating_add(USES_PER_WINDOW));
		assert_eq!(ReportedThrough::<T>::get(agreement, &gateway), Some(u64::MAX));
		assert!(UsageReports::<T>::contains_key(agreement, r));
		assert_last_event::<T>(
			Event::<T>::UsageReported {
				agreement,
				by: reporter,
				through: u64::MAX,
				uses: u64::from(r),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn open_dispute(v: Linear<0, { T::MaxEvidence::get() }>) -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(T::MaxParties::get(), T::MaxEntries::get())?;
		let agreement = setup.filed(setup.full_terms(0x01)?)?;
		let key = setup.last_key()?.clone();
		let by = setup.last_party()?;
		let evidence: Vec<Digest> =
			(0..v).map(|k| Digest::from(blake2_256(&k.to_le_bytes()))).collect();

		#[extrinsic_call]
		_(RawOrigin::Signed(key.clone()), agreement, evidence.clone());

		assert_eq!(record::<T>(agreement)?.status, AgreementStatus::Disputed);
		let dispute = Disputes::<T>::get(agreement).ok_or(BenchmarkError::Stop("no dispute"))?;
		assert_eq!(dispute.opened_by, by);
		assert_eq!(dispute.evidence.to_vec(), evidence);
		assert_eq!(dispute.from, AgreementStatus::Active);
		assert!(dispute.resolution.is_none());
		assert_has_event::<T>(Event::<T>::DisputeOpened { agreement, by }.into());
		assert_last_event::<T>(
			Event::<T>::StatusChanged {
				agreement,
				from: AgreementStatus::Active,
				to: AgreementStatus::Disputed,
				by: Some(key),
				reason: None,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn resolve_dispute(
		p: Linear<2, { T::MaxParties::get() }>,
		e: Linear<1, { T::MaxEntries::get() }>,
	) -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(p, e)?;
		let agreement = setup.disputed()?;
		let amendment = setup.amended_terms(0x02)?;
		let liability = shares(p)?;
		let penalty = u128::MAX;
		let reason = Digest::repeat_byte(0xa5);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(setup.arbitrator_key.clone()),
			agreement,
			DisputeOutcome::Amend,
			Some(Box::new(amendment)),
			liability.clone(),
			penalty,
			reason,
		);

		let stored = record::<T>(agreement)?;
		assert_eq!(stored.status, AgreementStatus::Active);
		assert_eq!(stored.version, 2);
		assert_eq!(
			Versions::<T>::get(agreement, 2).map(|version| version.origin),
			Some(VersionOrigin::Resolution)
		);
		let resolution = Disputes::<T>::get(agreement)
			.and_then(|dispute| dispute.resolution)
			.ok_or(BenchmarkError::Stop("no resolution"))?;
		assert_eq!(resolution.arbitrator, setup.arbitrator);
		assert_eq!(resolution.outcome, DisputeOutcome::Amend);
		assert_eq!(resolution.liability.to_vec(), liability);
		assert_has_event::<T>(Event::<T>::ChangeApplied { agreement, version: 2 }.into());
		assert_has_event::<T>(
			Event::<T>::DisputeResolved {
				agreement,
				arbitrator: setup.arbitrator,
				outcome: DisputeOutcome::Amend,
				penalty,
			}
			.into(),
		);
		assert_last_event::<T>(
			Event::<T>::StatusChanged {
				agreement,
				from: AgreementStatus::Disputed,
				to: AgreementStatus::Active,
				by: Some(setup.arbitrator_key.clone()),
				reason: Some(reason),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn appoint_arbitrator() -> Result<(), BenchmarkError> {
		let setup = Setup::<T>::new(T::MaxParties::get(), T::MaxEntries::get())?;
		let agreement = setup.filed(setup.full_terms(0x01)?)?;
		let appointee_key: T::AccountId = account("appointee", 0, SEED);
		let appointee =
			T::BenchmarkHelper::organisation(setup.space, &appointee_key, Role::Auditor, APPOINTEE);
		let origin = T::ArbitrationOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin, agreement, appointee);

		assert_eq!(record::<T>(agreement)?.appointed_arbitrator, Some(appointee));
		assert_last_event::<T>(
			Event::<T>::ArbitratorAppointed { agreement, arbitrator: appointee }.into(),
		);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
