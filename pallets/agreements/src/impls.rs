//! The pallet's helpers, queries and trait implementations.

use crate::*;
use alloc::vec::Vec;
use codec::Encode;
use frame::{deps::sp_io::hashing::blake2_256, prelude::*, traits::Time};

impl<T: Config> Pallet<T> {
	/// Current block time, Unix milliseconds.
	pub fn now() -> Moment {
		T::Time::now()
	}

	/// Digest of terms: BLAKE2-256 of their SCALE encoding (what the parties sign).
	pub fn digest_of(terms: &TermsOf<T>) -> Digest {
		Digest::from(blake2_256(&terms.encode()))
	}

	pub(crate) fn oversized(which: Oversized) -> DispatchError {
		match which {
			Oversized::Entries => Error::<T>::TooManyEntries,
			Oversized::Parties => Error::<T>::TooManyParties,
			Oversized::Policy => Error::<T>::TooManyPolicyItems,
		}
		.into()
	}

	/// The publisher the signer acts as: the space it operates, else its provider identity.
	pub(crate) fn ensure_template_publisher(
		origin: OriginFor<T>,
	) -> Result<TemplatePublisher, DispatchError> {
		let who = ensure_signed(origin)?;
		if let Some(space) = T::Identities::operated_space(&who) {
			return Ok(TemplatePublisher::Space(space));
		}
		let identity = T::Identities::identity_of(&who).ok_or(Error::<T>::NotAuthorized)?;
		ensure!(T::Identities::is_active(&identity), Error::<T>::IdentityNotActive);
		ensure!(T::Identities::has_role(&identity, Role::Provider), Error::<T>::NotAuthorized);
		Ok(TemplatePublisher::Provider(identity))
	}

	/// The party `who` is a key of; the party must be able to act.
	pub(crate) fn party_of(
		who: &T::AccountId,
		record: &AgreementOf<T>,
	) -> Result<IdentityId, DispatchError> {
		let identity = T::Identities::identity_of(who).ok_or(Error::<T>::NotAParty)?;
		ensure!(record.party(&identity).is_some(), Error::<T>::NotAParty);
		ensure!(T::Identities::is_active(&identity), Error::<T>::IdentityNotActive);
		Ok(identity)
	}

	/// The signer and the party it is a key of.
	pub(crate) fn ensure_party(
		origin: OriginFor<T>,
		record: &AgreementOf<T>,
	) -> Result<(T::AccountId, IdentityId), DispatchError> {
		let who = ensure_signed(origin)?;
		let party = Self::party_of(&who, record)?;
		Ok((who, party))
	}

	/// The party `who` acts for: its own identity, or the owner of the connector it is a key
	/// of. Party and connector must be able to act.
	pub(crate) fn acting_party(
		who: &T::AccountId,
		record: &AgreementOf<T>,
	) -> Result<IdentityId, DispatchError> {
		let identity = T::Identities::identity_of(who).ok_or(Error::<T>::NotAParty)?;
		let party = if record.party(&identity).is_some() {
			identity
		} else {
			T::Identities::owner_of(&identity)
				.filter(|owner| record.party(owner).is_some())
				.ok_or(Error::<T>::NotAParty)?
		};
		// A connector's standing includes its owner's.
		ensure!(T::Identities::is_active(&identity), Error::<T>::IdentityNotActive);
		Ok(party)
	}

	/// The signer, if it operates `space` (which must be active).
	pub(crate) fn ensure_operator(
		origin: OriginFor<T>,
		space: SpaceId,
	) -> Result<T::AccountId, DispatchError> {
		let who = ensure_signed(origin)?;
		ensure!(T::Identities::operated_space(&who) == Some(space), Error::<T>::NotAuthorized);
		Ok(who)
	}

	/// Whether `who` signs for an active regulator.
	pub fn is_regulator(who: &T::AccountId) -> bool {
		T::Identities::active_identity_of(who)
			.is_some_and(|identity| T::Identities::has_role(&identity, Role::Regulator))
	}

	/// The signer, if it operates `space` or signs for an active regulator.
	pub(crate) fn ensure_operator_or_regulator(
		origin: OriginFor<T>,
		space: SpaceId,
	) -> Result<T::AccountId, DispatchError> {
		let who = ensure_signed(origin)?;
		ensure!(
			T::Identities::operated_space(&who) == Some(space) || Self::is_regulator(&who),
			Error::<T>::NotAuthorized
		);
		Ok(who)
	}

	/// `shares` if they are one per party and sum to the whole.
	pub(crate) fn check_shares(
		parties: &BoundedVec<Party, T::MaxParties>,
		shares: Vec<PartsPerMillion>,
	) -> Result<BoundedVec<PartsPerMillion, T::MaxParties>, DispatchError> {
		ensure!(shares.len() == parties.len(), Error::<T>::InvalidSplit);
		let total = shares
			.iter()
			.try_fold(0u32, |sum, share| sum.checked_add(*share))
			.ok_or(Error::<T>::InvalidSplit)?;
		ensure!(total == PARTS_PER_MILLION, Error::<T>::InvalidSplit);
		Ok(shares.try_into().map_err(|_| Error::<T>::TooManyParties)?)
	}

	/// Checks parties and terms together and bounds the terms to the runtime's limits.
	pub(crate) fn check_terms<P: Get<u32>, E: Get<u32>, I: Get<u32>>(
		parties: &BoundedVec<Party, T::MaxParties>,
		terms: Terms<P, E, I>,
	) -> Result<TermsOf<T>, DispatchError> {
		let terms: TermsOf<T> = terms.rebound().map_err(Self::oversized)?;
		ensure!(parties.len() >= 2, Error::<T>::InvalidParties);
		for (index, party) in parties.iter().enumerate() {
			let duplicate = parties
				.iter()
				.skip(index.saturating_add(1))
				.any(|p| p.identity == party.identity);
			ensure!(!duplicate, Error::<T>::InvalidParties);
			ensure!(T::Identities::is_active(&party.identity), Error::<T>::IdentityNotActive);
		}
		ensure!(
			parties.iter().any(|party| party.role == PartyRole::Provider)
				&& parties
					.iter()
					.any(|party| matches!(party.role, PartyRole::User | PartyRole::Processor)),
			Error::<T>::InvalidParties
		);
		Self::check_shares(parties, terms.shares.to_vec())?;
		ensure!(terms.start < terms.end && !terms.entries.is_empty(), Error::<T>::InvalidTerms);
		for (index, entry) in terms.entries.iter().enumerate() {
			let duplicate = terms.entries.iter().skip(index.saturating_add(1)).any(|e| e == entry);
			ensure!(!duplicate, Error::<T>::InvalidTerms);
			ensure!(T::Catalog::is_usable(entry), Error::<T>::EntryNotUsable);
			let provider = T::Catalog::provider_of(entry).ok_or(Error::<T>::EntryNotUsable)?;
			ensure!(
				parties
					.iter()
					.any(|party| party.identity == provider && party.role == PartyRole::Provider),
				Error::<T>::InvalidParties
			);
		}
		if let Some(arbitrator) = terms.arbitrator {
			ensure!(
				parties.iter().all(|party| party.identity != arbitrator),
				Error::<T>::InvalidParties
			);
		}
		Ok(terms)
	}

	/// Makes `terms` the agreement's next version, void of signatures; returns the version.
	pub(crate) fn new_version(
		agreement: AgreementId,
		record: &mut AgreementOf<T>,
		terms: TermsOf<T>,
		by: IdentityId,
		origin: VersionOrigin,
	) -> Result<u32, DispatchError> {
		let version = record.version.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let digest = Self::digest_of(&terms);
		for entry in terms.entries.iter() {
			ByEntry::<T>::insert(entry, agreement, ());
		}
		Versions::<T>::insert(
			agreement,
			version,
			AgreementVersion {
				terms: terms.clone(),
				digest,
				proposed_by: by,
				origin,
				at: frame_system::Pallet::<T>::block_number(),
			},
		);
		record.version = version;
		record.terms = terms;
		record.digest = digest;
		record.signed = BoundedVec::new();
		Ok(version)
	}

	/// Stores `record` with status `to`, announcing a change of status; returns it as stored.
	pub(crate) fn set_status(
		agreement: AgreementId,
		mut record: AgreementOf<T>,
		to: AgreementStatus,
		by: Option<T::AccountId>,
		reason: Option<Digest>,
	) -> AgreementOf<T> {
		let from = record.status;
		record.status = to;
		record.changed_at = frame_system::Pallet::<T>::block_number();
		Agreements::<T>::insert(agreement, &record);
		if from != to {
			Self::deposit_event(Event::StatusChanged { agreement, from, to, by, reason });
		}
		record
	}

	/// The stored status with time applied: a filed agreement activating at its start is
	/// active from then on, and a filed, active or suspended one is expired from its end on.
	pub fn timed_status(record: &AgreementOf<T>) -> AgreementStatus {
		use AgreementStatus::*;
		let now = Self::now();
		match record.status {
			Filed | Active | Suspended if now >= record.terms.end => Expired,
			Filed
				if record.terms.activation == Activation::AtStart && now >= record.terms.start =>
			{
				Active
			},
			status => status,
		}
	}

	/// Applies [`Self::timed_status`] to the record (stored with the call's other changes).
	pub(crate) fn settle_lazy(record: &mut AgreementOf<T>) {
		record.status = Self::timed_status(record);
	}

	/// Whether nothing outside the agreement stops its use: every party may act and every
	/// entry is usable.
	pub fn cascade_clear(record: &AgreementOf<T>) -> bool {
		record.parties.iter().all(|party| T::Identities::is_active(&party.identity))
			&& record.terms.entries.iter().all(T::Catalog::is_usable)
	}

	/// What the agreement reads as: [`Self::timed_status`], and `Suspended` while active
	/// but the cascade is not clear.
	pub fn effective_status(record: &AgreementOf<T>) -> AgreementStatus {
		match Self::timed_status(record) {
			AgreementStatus::Active if !Self::cascade_clear(record) => AgreementStatus::Suspended,
			status => status,
		}
	}

	/// Evaluates, records and answers one use of an active agreement.
	pub(crate) fn decide(
		agreement: AgreementId,
		mut record: AgreementOf<T>,
		context: UsageContext,
		by: T::AccountId,
	) -> DispatchResult {
		let using_party = record.is_using_party(&context.user);
		let before = record.counters;
		let verdict = evaluate(&record.terms.policy, using_party, &before, &context, Self::now());
		if let Verdict::Permit(after) = verdict {
			record.counters = after;
		}
		let (_, to) = Self::record_decision(
			agreement,
			&mut record,
			context,
			verdict,
			using_party,
			before,
			by,
		)?;
		Self::set_status(agreement, record, to, None, None);
		Ok(())
	}

	/// Decides one usage report (see [`Pallet::report_usage`]), stores the decision, the
	/// report and the record, and returns the record for the next report.
	pub(crate) fn decide_report(
		agreement: AgreementId,
		mut record: AgreementOf<T>,
		report: UsageReport,
		by: T::AccountId,
	) -> Result<AgreementOf<T>, DispatchError> {
		let using_party = record.is_using_party(&report.context.user);
		let before = record.counters;
		let (verdict, after) = evaluate_report(&record.terms.policy, using_party, &before, &report);
		// Reported uses happened: counted whatever the verdict.
		record.counters = after;
		let context = report.context.clone();
		let (number, to) = Self::record_decision(
			agreement,
			&mut record,
			context,
			verdict,
			using_party,
			before,
			by,
		)?;
		UsageReports::<T>::insert(agreement, number, report);
		Ok(Self::set_status(agreement, record, to, None, None))
	}

	/// Numbers and stores a decision, counts a breach and applies the breach rule's response,
	/// and emits the decision's event. Returns the decision's number and the status the
	/// record must take (suspended by the rule, else unchanged); the caller stores the record.
	fn record_decision(
		agreement: AgreementId,
		record: &mut AgreementOf<T>,
		context: UsageContext,
		verdict: Verdict,
		using_party: bool,
		counters_before: UsageCounters,
		by: T::AccountId,
	) -> Result<(u32, AgreementStatus), DispatchError> {
		let number = record.decisions;
		record.decisions = number.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let user = context.user;
		let mut to = record.status;
		let response = match verdict {
			Verdict::Permit(_) => {
				Self::deposit_event(Event::UsagePermitted { agreement, decision: number, user });
				None
			},
			Verdict::Deny(reason) => {
				record.breaches = record.breaches.saturating_add(1);
				let response = record.terms.breach_rule.response(record.breaches);
				// An earlier report of the same call may have suspended it already.
				if response == BreachResponse::Suspended && to == AgreementStatus::Active {
					to = transition(record.status, AgreementAction::Suspend)
						.map_err(|_| Error::<T>::InvalidTransition)?;
				}
				Self::deposit_event(Event::BreachRecorded {
					agreement,
					decision: number,
					user,
					reason,
					response,
				});
				Some(response)
			},
		};
		Decisions::<T>::insert(
			agreement,
			number,
			Decision {
				context_digest: Digest::from(blake2_256(&context.encode())),
				policy_digest: Digest::from(blake2_256(&record.terms.policy.encode())),
				context,
				version: record.version,
				evaluator_version: EVALUATOR_VERSION,
				using_party,
				counters_before,
				now: Self::now(),
				verdict,
				response,
				by,
				at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Ok((number, to))
	}

	/// The identity `who` reports usage for: the party it acts for, or, for a key of an
	/// operator organisation of the agreement's filing space, that organisation.
	pub(crate) fn reporter_of(
		who: &T::AccountId,
		record: &AgreementOf<T>,
	) -> Result<IdentityId, DispatchError> {
		match Self::acting_party(who, record) {
			Err(error) if error == Error::<T>::NotAParty.into() => {
				let identity = T::Identities::identity_of(who).ok_or(Error::<T>::NotAuthorized)?;
				ensure!(
					T::Identities::has_role(&identity, Role::Operator)
						&& T::Identities::home_space(&identity) == Some(record.space),
					Error::<T>::NotAuthorized
				);
				ensure!(T::Identities::is_active(&identity), Error::<T>::IdentityNotActive);
				Ok(identity)
			},
			other => other,
		}
	}

	/// Applies the change if every approval is in, else keeps it pending; stores the record.
	pub(crate) fn store_or_apply_change(
		agreement: AgreementId,
		mut record: AgreementOf<T>,
		request: ChangeRequestOf<T>,
		who: T::AccountId,
	) -> DispatchResult {
		let parties_agree =
			record.parties.iter().all(|party| request.approvals.contains(&party.identity));
		if !parties_agree || request.operator_approval == Some(false) {
			PendingChanges::<T>::insert(agreement, request);
			Agreements::<T>::insert(agreement, record);
			return Ok(());
		}
		PendingChanges::<T>::remove(agreement);
		let to = transition(record.status, request.change.action())
			.map_err(|_| Error::<T>::InvalidTransition)?;
		if let Change::Amend(terms) = request.change {
			Self::new_version(
				agreement,
				&mut record,
				terms,
				request.proposed_by,
				VersionOrigin::Amendment,
			)?;
		}
		Self::deposit_event(Event::ChangeApplied { agreement, version: record.version });
		Self::set_status(agreement, record, to, Some(who), None);
		Ok(())
	}

	/// Everything about an agreement: the record, its effective status, every version, the
	/// latest `MaxPageSize` decisions, the dispute and the pending change.
	pub fn agreement_info(id: AgreementId) -> Option<AgreementInfoOf<T>> {
		let record = Agreements::<T>::get(id)?;
		let versions = (1..=record.version).filter_map(|v| Versions::<T>::get(id, v)).collect();
		let first = record.decisions.saturating_sub(T::MaxPageSize::get());
		let decisions = (first..record.decisions)
			.filter_map(|n| Decisions::<T>::get(id, n).map(|decision| (n, decision)))
			.collect();
		Some(AgreementInfo {
			id,
			status: Self::effective_status(&record),
			versions,
			decisions,
			dispute: Disputes::<T>::get(id),
			pending_change: PendingChanges::<T>::get(id),
			record,
		})
	}

	/// A page of the decision log from `start` (at most `MaxPageSize`).
	pub fn decisions(id: AgreementId, start: u32, limit: u32) -> Vec<(u32, DecisionOf<T>)> {
		let limit = limit.min(T::MaxPageSize::get());
		(start..start.saturating_add(limit))
			.map_while(|n| Decisions::<T>::get(id, n).map(|decision| (n, decision)))
			.collect()
	}

	/// The report behind a decision made by `report_usage`.
	pub fn usage_report(id: AgreementId, decision: u32) -> Option<UsageReport> {
		UsageReports::<T>::get(id, decision)
	}

	/// How far `reporter`'s log is reported for agreement `id`.
	pub fn reported_through(id: AgreementId, reporter: &T::AccountId) -> Option<u64> {
		ReportedThrough::<T>::get(id, reporter)
	}

	fn with_status(
		ids: impl Iterator<Item = AgreementId>,
		limit: u32,
	) -> Vec<(AgreementId, AgreementStatus)> {
		let limit = usize::try_from(limit.min(T::MaxPageSize::get())).unwrap_or(0);
		ids.take(limit)
			.filter_map(|id| Agreements::<T>::get(id).map(|r| (id, Self::effective_status(&r))))
			.collect()
	}

	/// A page of a party's agreements with their effective status, after `start_after`.
	pub fn agreements_of_party(
		party: IdentityId,
		start_after: Option<AgreementId>,
		limit: u32,
	) -> Vec<(AgreementId, AgreementStatus)> {
		let ids = match start_after {
			Some(after) => ByParty::<T>::iter_key_prefix_from(
				party,
				ByParty::<T>::hashed_key_for(party, after),
			),
			None => ByParty::<T>::iter_key_prefix(party),
		};
		Self::with_status(ids, limit)
	}

	/// A page of the agreements covering a catalog entry (in any version), after `start_after`.
	pub fn agreements_of_entry(
		entry: CatalogId,
		start_after: Option<AgreementId>,
		limit: u32,
	) -> Vec<(AgreementId, AgreementStatus)> {
		let ids = match start_after {
			Some(after) => ByEntry::<T>::iter_key_prefix_from(
				entry,
				ByEntry::<T>::hashed_key_for(entry, after),
			),
			None => ByEntry::<T>::iter_key_prefix(entry),
		};
		Self::with_status(ids, limit)
	}

	/// Up to `limit` agreements whose effective status is `status`, by number from `from`,
	/// and the number to continue from (`None` at the end). At most `MaxPageSize × 4`
	/// agreements are scanned per call.
	pub fn agreements_by_status(
		status: AgreementStatus,
		from: AgreementId,
		limit: u32,
	) -> (Vec<AgreementId>, Option<AgreementId>) {
		let limit = usize::try_from(limit.min(T::MaxPageSize::get())).unwrap_or(0);
		let scan = T::MaxPageSize::get().saturating_mul(4);
		let end = NextAgreementId::<T>::get();
		let stop = from.saturating_add(u64::from(scan)).min(end);
		let mut found = Vec::new();
		let mut next = from;
		while next < stop && found.len() < limit {
			if Agreements::<T>::get(next).is_some_and(|r| Self::effective_status(&r) == status) {
				found.push(next);
			}
			next = next.saturating_add(1);
		}
		(found, (next < end).then_some(next))
	}

	/// The minimal cross-space record (000 §5.2).
	pub fn minimal_record(id: AgreementId) -> Option<MinimalAgreementRecord> {
		let record = Agreements::<T>::get(id)?;
		Some(MinimalAgreementRecord {
			id,
			parties: record.parties.to_vec(),
			status: Self::effective_status(&record),
			activation: record.terms.activation,
			uses: record.counters.total,
			breaches: record.breaches,
			entries: record.terms.entries.to_vec(),
			start: record.terms.start,
			end: record.terms.end,
			version: record.version,
			change_pending: PendingChanges::<T>::contains_key(id),
			liability: record.terms.liability,
			digest: record.digest,
		})
	}

	/// What `record_usage` would decide now for `context`, without recording anything.
	pub fn dry_run(id: AgreementId, context: UsageContext) -> DryRun {
		let Some(record) = Agreements::<T>::get(id) else { return DryRun::UnknownAgreement };
		let status = Self::effective_status(&record);
		if status != AgreementStatus::Active {
			return DryRun::NotActive(status);
		}
		let using_party = record.is_using_party(&context.user);
		DryRun::Verdict(evaluate(
			&record.terms.policy,
			using_party,
			&record.counters,
			&context,
			Self::now(),
		))
	}

	/// A template and every version of it.
	pub fn template(id: TemplateId) -> Option<(TemplateOf<T>, Vec<TemplateVersionOf<T>>)> {
		let template = Templates::<T>::get(id)?;
		let versions = (1..=template.version)
			.filter_map(|v| TemplateVersions::<T>::get(id, v))
			.collect();
		Some((template, versions))
	}

	/// The storage invariants.
	pub fn do_try_state() -> Result<(), frame::deps::sp_runtime::TryRuntimeError> {
		let next = NextAgreementId::<T>::get();
		for (id, record) in Agreements::<T>::iter() {
			ensure!(id < next, "agreement at or above NextAgreementId");
			ensure!(record.version >= 1, "agreement without a version");
			for version in 1..=record.version {
				ensure!(Versions::<T>::contains_key(id, version), "version missing");
			}
			ensure!(
				Versions::<T>::get(id, record.version).map(|v| v.digest) == Some(record.digest),
				"current digest differs from its version's"
			);
			ensure!(record.digest == Self::digest_of(&record.terms), "digest of the terms");
			ensure!(record.parties.len() >= 2, "fewer than two parties");
			for party in record.parties.iter() {
				ensure!(ByParty::<T>::contains_key(party.identity, id), "party not indexed");
			}
			for entry in record.terms.entries.iter() {
				ensure!(ByEntry::<T>::contains_key(entry, id), "entry not indexed");
			}
			ensure!(
				record.signed.iter().all(|signer| record.party(signer).is_some()),
				"a signature of a non-party"
			);
			for n in 0..record.decisions {
				ensure!(Decisions::<T>::contains_key(id, n), "decision missing");
			}
			ensure!(!Decisions::<T>::contains_key(id, record.decisions), "decision beyond count");
			ensure!(
				u64::from(record.breaches) <= u64::from(record.decisions),
				"more breaches than decisions"
			);
			if record.status == AgreementStatus::Disputed {
				ensure!(
					Disputes::<T>::get(id).is_some_and(|d| d.resolution.is_none()),
					"disputed without an open dispute"
				);
			}
		}
		for (id, _) in PendingChanges::<T>::iter() {
			ensure!(Agreements::<T>::contains_key(id), "change of an unknown agreement");
		}
		let templates = NextTemplateId::<T>::get();
		for (id, template) in Templates::<T>::iter() {
			ensure!(id < templates, "template at or above NextTemplateId");
			for version in 1..=template.version {
				ensure!(
					TemplateVersions::<T>::contains_key(id, version),
					"template version missing"
				);
			}
		}
		Ok(())
	}
}

impl<T: Config> AgreementInspect for Pallet<T> {
	fn exists(id: AgreementId) -> bool {
		Agreements::<T>::contains_key(id)
	}

	fn is_party(id: AgreementId, identity: &IdentityId) -> bool {
		Agreements::<T>::get(id).is_some_and(|record| record.party(identity).is_some())
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// An active agreement, written straight into storage, for other pallets' benchmarks that
	/// only need one to exist. Returns its number.
	pub fn benchmark_agreement(seed: u32) -> AgreementId {
		let agreement = NextAgreementId::<T>::get();
		NextAgreementId::<T>::put(agreement.saturating_add(1));
		let now = frame_system::Pallet::<T>::block_number();
		let terms = Terms {
			entries: BoundedVec::default(),
			terms: Digest::from(blake2_256(&seed.to_le_bytes())),
			liability: Digest::zero(),
			pricing: PricingModel::PerCall { price: 0 },
			shares: BoundedVec::default(),
			policy: UsagePolicy::default(),
			breach_rule: BreachRule::default(),
			start: 0,
			end: Moment::MAX,
			activation: Activation::AtStart,
			unilateral_termination: false,
			arbitrator: None,
		};
		let digest = Self::digest_of(&terms);
		Agreements::<T>::insert(
			agreement,
			Agreement {
				template: (0, 1),
				model: ContractModel::Provision,
				space: 0,
				creator: IdentityId::zero(),
				parties: BoundedVec::default(),
				version: 1,
				terms,
				digest,
				signed: BoundedVec::default(),
				status: AgreementStatus::Active,
				appointed_arbitrator: None,
				counters: UsageCounters::default(),
				breaches: 0,
				decisions: 0,
				created_at: now,
				changed_at: now,
			},
		);
		agreement
	}
}
