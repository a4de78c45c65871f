//! # Agreements
//!
//! Performance trust (SPEC §5): one digital contract, executable across spaces, whose state
//! every party and every regulator reads the same way, whose usage rules the chain itself
//! enforces, and whose disputes are settled on evidence.
//!
//! - **Templates**: a space operator or a provider publishes contract templates (the four
//!   national models), each with a terms digest and a default usage policy; revisions are new
//!   versions.
//! - **Agreements** are created from a template by a party, over published catalog entries,
//!   with parties and roles, terms, pricing, a revenue split summing to the whole and a usage
//!   policy. Offers and counter-offers are new versions; every party signs the same version's
//!   digest; the filing space's operator files it (备案); it becomes active at its start time
//!   (or when a party declares its activation condition met) and expires at its end, by itself.
//! - **Change requests** (amendments such as a temporary permission expansion, suspension or
//!   resumption by agreement, mutual termination, completion) take effect once every party
//!   approved, and the operator too when the scope (entries, policy) changes.
//! - **Usage**: `record_usage` evaluates a declared use against the policy with the one
//!   evaluator ([`tds_primitives::agreement::evaluate`]); a permitted use is counted, a denied
//!   one is a breach whose graded response (record, warn, suspend) the agreement's breach rule
//!   decides. Every decision is stored with what is needed to replay it. `report_usage` records
//!   uses that already happened in aggregate (an evidence gateway's count of its log entries),
//!   one decision per report with [`tds_primitives::agreement::evaluate_report`], each log
//!   position counted once.
//! - **Disputes**: a party opens one with evidence; the arbitrator named in the agreement (or
//!   appointed by the council) resolves it: continue, amend or terminate, with liability shares
//!   and a penalty.
//! - **Cascade**: an active agreement one of whose parties may not act, or one of whose entries
//!   is not usable, reads as suspended and permits no use, until the cause clears.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

/// Sets up identities and catalog entries for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// An active space operated by `operator`; returns it.
	fn space(operator: &AccountId) -> SpaceId;
	/// An active organisation of `space` with `role`, linked to `key`; returns its identity.
	fn organisation(space: SpaceId, key: &AccountId, role: Role, seed: u32) -> IdentityId;
	/// A published catalog entry of `provider` (an identity set up by [`Self::organisation`]
	/// with the provider role, whose key is `provider_key`).
	fn published_entry(provider_key: &AccountId, seed: u32) -> CatalogId;
}

/// Terms in runtime `T`.
pub type TermsOf<T> =
	Terms<<T as Config>::MaxParties, <T as Config>::MaxEntries, <T as Config>::MaxPolicyItems>;
/// Terms as calls take them, before the runtime's bounds are checked.
pub type TermsInput = Terms<InputBound, InputBound, InputBound>;
/// A usage policy in runtime `T`.
pub type PolicyOf<T> = UsagePolicy<<T as Config>::MaxPolicyItems>;
/// A usage policy as calls take it.
pub type PolicyInput = UsagePolicy<InputBound>;
/// A change as calls take it.
pub type ChangeInput = Change<InputBound, InputBound, InputBound>;
/// A change in runtime `T`.
pub type ChangeOf<T> =
	Change<<T as Config>::MaxParties, <T as Config>::MaxEntries, <T as Config>::MaxPolicyItems>;
/// An agreement in runtime `T`.
pub type AgreementOf<T> = Agreement<
	frame::prelude::BlockNumberFor<T>,
	<T as Config>::MaxParties,
	<T as Config>::MaxEntries,
	<T as Config>::MaxPolicyItems,
>;
/// A version record in runtime `T`.
pub type VersionOf<T> = AgreementVersion<
	frame::prelude::BlockNumberFor<T>,
	<T as Config>::MaxParties,
	<T as Config>::MaxEntries,
	<T as Config>::MaxPolicyItems,
>;
/// A change request in runtime `T`.
pub type ChangeRequestOf<T> = ChangeRequest<
	frame::prelude::BlockNumberFor<T>,
	<T as Config>::MaxParties,
	<T as Config>::MaxEntries,
	<T as Config>::MaxPolicyItems,
>;
/// A decision in runtime `T`.
pub type DecisionOf<T> = Decision<
	<T as frame::deps::frame_system::Config>::AccountId,
	frame::prelude::BlockNumberFor<T>,
>;
/// A dispute in runtime `T`.
pub type DisputeOf<T> = Dispute<
	frame::prelude::BlockNumberFor<T>,
	<T as Config>::MaxParties,
	<T as Config>::MaxEvidence,
>;
/// A template in runtime `T`.
pub type TemplateOf<T> = Template<<T as Config>::MaxPolicyItems>;
/// A template version in runtime `T`.
pub type TemplateVersionOf<T> =
	TemplateVersion<frame::prelude::BlockNumberFor<T>, <T as Config>::MaxPolicyItems>;
/// What the queries return about an agreement in runtime `T`.
pub type AgreementInfoOf<T> =
	AgreementInfo<AgreementOf<T>, VersionOf<T>, DecisionOf<T>, DisputeOf<T>, ChangeRequestOf<T>>;

#[frame::pallet]
pub mod pallet {
	use super::*;
	use alloc::{boxed::Box, vec::Vec};
	use frame::{prelude::*, traits::Time};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who is who: parties, operators, regulators (the identity registry).
		type Identities: IdentityInspect<Self::AccountId>;
		/// Whether catalog entries are usable, and their providers.
		type Catalog: CatalogInspect;
		/// Block time, for terms and usage windows.
		type Time: Time<Moment = Moment>;
		/// Who appoints arbitrators: the council.
		type ArbitrationOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Most parties of one agreement.
		#[pallet::constant]
		type MaxParties: Get<u32>;
		/// Most catalog entries one agreement covers.
		#[pallet::constant]
		type MaxEntries: Get<u32>;
		/// Longest list (scenarios, users, spaces) of a usage policy.
		#[pallet::constant]
		type MaxPolicyItems: Get<u32>;
		/// Most evidence digests of a dispute.
		#[pallet::constant]
		type MaxEvidence: Get<u32>;
		/// Largest page answered by the paged queries.
		#[pallet::constant]
		type MaxPageSize: Get<u32>;
		/// Most usage reports one `report_usage` call carries.
		#[pallet::constant]
		type MaxUsageReports: Get<u32>;
		/// Weight information for the calls.
		type WeightInfo: WeightInfo;
		/// Sets up identities and entries in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The number the next template receives.
	#[pallet::storage]
	pub type NextTemplateId<T: Config> = StorageValue<_, TemplateId, ValueQuery>;

	/// Templates, current version.
	#[pallet::storage]
	pub type Templates<T: Config> =
		StorageMap<_, Twox64Concat, TemplateId, TemplateOf<T>, OptionQuery>;

	/// Every version of every template, from 1.
	#[pallet::storage]
	pub type TemplateVersions<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		TemplateId,
		Twox64Concat,
		u32,
		TemplateVersionOf<T>,
		OptionQuery,
	>;

	/// The number the next agreement receives.
	#[pallet::storage]
	pub type NextAgreementId<T: Config> = StorageValue<_, AgreementId, ValueQuery>;

	/// Agreements.
	#[pallet::storage]
	pub type Agreements<T: Config> =
		StorageMap<_, Twox64Concat, AgreementId, AgreementOf<T>, OptionQuery>;

	/// Every version of every agreement, from 1.
	#[pallet::storage]
	pub type Versions<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		AgreementId,
		Twox64Concat,
		u32,
		VersionOf<T>,
		OptionQuery,
	>;

	/// The pending change request of an agreement (at most one).
	#[pallet::storage]
	pub type PendingChanges<T: Config> =
		StorageMap<_, Twox64Concat, AgreementId, ChangeRequestOf<T>, OptionQuery>;

	/// The decision log: every usage decision of every agreement, numbered from 0.
	#[pallet::storage]
	pub type Decisions<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		AgreementId,
		Twox64Concat,
		u32,
		DecisionOf<T>,
		OptionQuery,
	>;

	/// The report behind a decision made by `report_usage`: how many uses, their volume and
	/// time span, so that the decision replays with [`evaluate_report`].
	#[pallet::storage]
	pub type UsageReports<T: Config> =
		StorageDoubleMap<_, Twox64Concat, AgreementId, Twox64Concat, u32, UsageReport, OptionQuery>;

	/// How far each reporter's log has been reported for an agreement: the `through` position
	/// of its last `report_usage`. A report must go beyond it, so no use is counted twice.
	#[pallet::storage]
	pub type ReportedThrough<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		AgreementId,
		Blake2_128Concat,
		T::AccountId,
		u64,
		OptionQuery,
	>;

	/// The current or last dispute of an agreement.
	#[pallet::storage]
	pub type Disputes<T: Config> =
		StorageMap<_, Twox64Concat, AgreementId, DisputeOf<T>, OptionQuery>;

	/// Agreements by party.
	#[pallet::storage]
	pub type ByParty<T: Config> =
		StorageDoubleMap<_, Identity, IdentityId, Twox64Concat, AgreementId, (), OptionQuery>;

	/// Agreements by catalog entry (any version's).
	#[pallet::storage]
	pub type ByEntry<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		CatalogId,
		Twox64Concat,
		AgreementId,
		(),
		OptionQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A template was published.
		TemplatePublished {
			/// The template.
			template: TemplateId,
			/// Its publisher.
			publisher: TemplatePublisher,
			/// Its model.
			model: ContractModel,
		},
		/// A template was revised: a new version.
		TemplateRevised {
			/// The template.
			template: TemplateId,
			/// The new version.
			version: u32,
		},
		/// An agreement was created from a template (version 1, `Draft`).
		AgreementCreated {
			/// The agreement.
			agreement: AgreementId,
			/// The template.
			template: TemplateId,
			/// The creating party.
			creator: IdentityId,
		},
		/// A party made an offer or counter-offer: a new version.
		OfferMade {
			/// The agreement.
			agreement: AgreementId,
			/// The new version.
			version: u32,
			/// Its digest, to be signed.
			digest: Digest,
			/// The offering party.
			by: IdentityId,
		},
		/// A party signed a version.
		AgreementSigned {
			/// The agreement.
			agreement: AgreementId,
			/// The signed version.
			version: u32,
			/// The signing party.
			by: IdentityId,
		},
		/// An agreement's stored status changed.
		StatusChanged {
			/// The agreement.
			agreement: AgreementId,
			/// Status before.
			from: AgreementStatus,
			/// Status after.
			to: AgreementStatus,
			/// The signing account, `None` when a breach rule acted.
			by: Option<T::AccountId>,
			/// Reason or evidence digest, if any.
			reason: Option<Digest>,
		},
		/// A party requested a change.
		ChangeRequested {
			/// The agreement.
			agreement: AgreementId,
			/// The proposing party.
			by: IdentityId,
			/// Whether the operator must approve too.
			needs_operator: bool,
		},
		/// A party or the operator approved the pending change.
		ChangeApproved {
			/// The agreement.
			agreement: AgreementId,
			/// The approving account.
			by: T::AccountId,
		},
		/// A party or the operator rejected the pending change; it is dropped.
		ChangeRejected {
			/// The agreement.
			agreement: AgreementId,
			/// The rejecting account.
			by: T::AccountId,
		},
		/// The pending change took effect.
		ChangeApplied {
			/// The agreement.
			agreement: AgreementId,
			/// The agreement's version after it.
			version: u32,
		},
		/// A use was permitted and counted.
		UsagePermitted {
			/// The agreement.
			agreement: AgreementId,
			/// The decision's number in the agreement's log.
			decision: u32,
			/// The using identity.
			user: IdentityId,
		},
		/// A use was denied: a breach, with the breach rule's response.
		BreachRecorded {
			/// The agreement.
			agreement: AgreementId,
			/// The decision's number in the agreement's log.
			decision: u32,
			/// The using identity.
			user: IdentityId,
			/// The first failed rule.
			reason: DenyReason,
			/// The graded response.
			response: BreachResponse,
		},
		/// Uses that happened were reported; each report is also a decision
		/// ([`Event::UsagePermitted`] or [`Event::BreachRecorded`]).
		UsageReported {
			/// The agreement.
			agreement: AgreementId,
			/// The reporting identity (a party, or the filing space's operator organisation).
			by: IdentityId,
			/// The reporter's log is reported up to this position.
			through: u64,
			/// Uses in all the reports.
			uses: u64,
		},
		/// A party opened a dispute.
		DisputeOpened {
			/// The agreement.
			agreement: AgreementId,
			/// The party.
			by: IdentityId,
		},
		/// The arbitrator resolved the dispute.
		DisputeResolved {
			/// The agreement.
			agreement: AgreementId,
			/// The arbitrator.
			arbitrator: IdentityId,
			/// The outcome.
			outcome: DisputeOutcome,
			/// The penalty recorded.
			penalty: u128,
		},
		/// The council appointed an arbitrator.
		ArbitratorAppointed {
			/// The agreement.
			agreement: AgreementId,
			/// The arbitrator.
			arbitrator: IdentityId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such agreement, template, pending change or dispute.
		NotFound,
		/// The signer may not do this.
		NotAuthorized,
		/// The signer's identity is not a party to the agreement.
		NotAParty,
		/// A change request is already pending, or the party already signed or approved.
		AlreadyExists,
		/// The agreement's status does not allow this action.
		InvalidTransition,
		/// The signer's identity, a party or the arbitrator may not act.
		IdentityNotActive,
		/// More parties than `MaxParties`.
		TooManyParties,
		/// More entries than `MaxEntries`.
		TooManyEntries,
		/// A policy list is longer than `MaxPolicyItems`.
		TooManyPolicyItems,
		/// More evidence digests than `MaxEvidence`.
		TooManyEvidence,
		/// The parties are not valid: fewer than two, a duplicate, no provider or no using
		/// party, or an entry's provider is not a provider party.
		InvalidParties,
		/// Shares (revenue split or liability) are not one per party summing to the whole.
		InvalidSplit,
		/// The term is empty (start not before end), or no entry is given.
		InvalidTerms,
		/// A catalog entry is unknown or not usable (not published, or its provider or space
		/// may not act).
		EntryNotUsable,
		/// The version or digest signed is not the current one.
		StaleVersion,
		/// The agreement is not active (or reads as suspended by the cascade).
		NotActive,
		/// The start time has not come.
		NotStarted,
		/// The agreement activates by itself at its start time.
		NotConditional,
		/// The agreement has no unilateral termination clause.
		UnilateralTerminationNotAllowed,
		/// The signer is not the agreement's arbitrator.
		NotArbitrator,
		/// An amendment needs new terms, and only an amendment takes them.
		AmendmentMismatch,
		/// A usage report is malformed (no use, its first use after its last, volumes that do
		/// not fit together, or uses in two frequency windows of the policy), or none is given.
		InvalidReport,
		/// More usage reports than `MaxUsageReports`.
		TooManyReports,
		/// The reporter's log was already reported up to this position or beyond.
		AlreadyReported,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxParties::get() >= 2, "an agreement needs room for two parties");
			assert!(T::MaxEntries::get() >= 1, "an agreement needs room for an entry");
			assert!(T::MaxPageSize::get() >= 1, "MaxPageSize must be at least 1");
			assert!(T::MaxUsageReports::get() >= 1, "MaxUsageReports must be at least 1");
			assert!(
				T::MaxParties::get() <= <InputBound as Get<u32>>::get(),
				"inputs must fit MaxParties"
			);
			assert!(
				T::MaxEntries::get() <= <InputBound as Get<u32>>::get(),
				"inputs must fit MaxEntries"
			);
			assert!(
				T::MaxPolicyItems::get() <= <InputBound as Get<u32>>::get(),
				"inputs must fit policies"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(
			_n: BlockNumberFor<T>,
		) -> Result<(), frame::deps::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Publish a contract template, version 1.
		///
		/// - Origin: a signed operator of an active space (the template is the space's), or a
		///   key of an active identity holding the provider role (the template is its own).
		/// - `model`: the contract model. `terms`: digest of the template's terms.
		///   `default_policy`: the policy agreements start from (lists within
		///   `MaxPolicyItems`).
		///
		/// Emits [`Event::TemplatePublished`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::publish_template())]
		pub fn publish_template(
			origin: OriginFor<T>,
			model: ContractModel,
			terms: Digest,
			default_policy: Box<PolicyInput>,
		) -> DispatchResult {
			let publisher = Self::ensure_template_publisher(origin)?;
			let policy = default_policy.rebound().ok_or(Error::<T>::TooManyPolicyItems)?;
			let template = NextTemplateId::<T>::get();
			let next = template.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			TemplateVersions::<T>::insert(
				template,
				1,
				TemplateVersion {
					terms,
					default_policy: policy.clone(),
					at: frame_system::Pallet::<T>::block_number(),
				},
			);
			Templates::<T>::insert(
				template,
				Template { publisher, model, version: 1, terms, default_policy: policy },
			);
			NextTemplateId::<T>::put(next);
			Self::deposit_event(Event::TemplatePublished { template, publisher, model });
			Ok(())
		}

		/// Revise a template: a new version; agreements keep the version they were made from.
		///
		/// - Origin: its publisher (an operator of the space, or a key of the provider).
		/// - `template`: the template. `terms`, `default_policy`: the new version's.
		///
		/// Emits [`Event::TemplateRevised`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revise_template())]
		pub fn revise_template(
			origin: OriginFor<T>,
			template: TemplateId,
			terms: Digest,
			default_policy: Box<PolicyInput>,
		) -> DispatchResult {
			let mut record = Templates::<T>::get(template).ok_or(Error::<T>::NotFound)?;
			let publisher = Self::ensure_template_publisher(origin)?;
			ensure!(publisher == record.publisher, Error::<T>::NotAuthorized);
			let policy = default_policy.rebound().ok_or(Error::<T>::TooManyPolicyItems)?;
			let version = record.version.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			TemplateVersions::<T>::insert(
				template,
				version,
				TemplateVersion {
					terms,
					default_policy: policy.clone(),
					at: frame_system::Pallet::<T>::block_number(),
				},
			);
			record.version = version;
			record.terms = terms;
			record.default_policy = policy;
			Templates::<T>::insert(template, record);
			Self::deposit_event(Event::TemplateRevised { template, version });
			Ok(())
		}

		/// Create an agreement from a template's current version: version 1, `Draft`. The
		/// creator signs nothing yet.
		///
		/// - Origin: a key of an active identity that is one of `parties`.
		/// - `template`: an existing template. `parties`: 2 to `MaxParties` distinct active
		///   identities with their roles, at least one provider and one user or processor.
		///   `terms`: published, usable entries whose providers are provider parties, one share
		///   per party summing to 1,000,000, start before end, policy within bounds.
		///
		/// Emits [`Event::AgreementCreated`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::create(T::MaxParties::get(), T::MaxEntries::get()))]
		pub fn create(
			origin: OriginFor<T>,
			template: TemplateId,
			parties: Vec<Party>,
			terms: Box<TermsInput>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let creator = T::Identities::identity_of(&who).ok_or(Error::<T>::NotAuthorized)?;
			ensure!(T::Identities::is_active(&creator), Error::<T>::IdentityNotActive);
			let source = Templates::<T>::get(template).ok_or(Error::<T>::NotFound)?;
			let parties: BoundedVec<Party, T::MaxParties> =
				parties.try_into().map_err(|_| Error::<T>::TooManyParties)?;
			ensure!(parties.iter().any(|party| party.identity == creator), Error::<T>::NotAParty);
			let terms = Self::check_terms(&parties, *terms)?;
			// Filed where the data is listed: the home space of its first entry.
			let space =
				terms.entries.first().map(|entry| entry.space).ok_or(Error::<T>::InvalidTerms)?;
			let agreement = NextAgreementId::<T>::get();
			let next = agreement.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			let now = frame_system::Pallet::<T>::block_number();
			let digest = Self::digest_of(&terms);
			for party in parties.iter() {
				ByParty::<T>::insert(party.identity, agreement, ());
			}
			for entry in terms.entries.iter() {
				ByEntry::<T>::insert(entry, agreement, ());
			}
			Versions::<T>::insert(
				agreement,
				1,
				AgreementVersion {
					terms: terms.clone(),
					digest,
					proposed_by: creator,
					origin: VersionOrigin::Created,
					at: now,
				},
			);
			Agreements::<T>::insert(
				agreement,
				Agreement {
					template: (template, source.version),
					model: source.model,
					space,
					creator,
					parties,
					version: 1,
					terms,
					digest,
					signed: BoundedVec::new(),
					status: AgreementStatus::Draft,
					appointed_arbitrator: None,
					counters: UsageCounters::default(),
					breaches: 0,
					decisions: 0,
					created_at: now,
					changed_at: now,
				},
			);
			NextAgreementId::<T>::put(next);
			Self::deposit_event(Event::AgreementCreated { agreement, template, creator });
			Ok(())
		}

		/// Make an offer or counter-offer: new terms as a new version; every signature so far
		/// is void.
		///
		/// - Origin: a key of an active party.
		/// - `agreement`: in `Draft` or `Negotiating`. `terms`: as for [`Pallet::create`].
		///
		/// Emits [`Event::OfferMade`] and, from `Draft`, [`Event::StatusChanged`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::propose(T::MaxParties::get(), T::MaxEntries::get()))]
		pub fn propose(
			origin: OriginFor<T>,
			agreement: AgreementId,
			terms: Box<TermsInput>,
		) -> DispatchResult {
			let mut record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let (who, party) = Self::ensure_party(origin, &record)?;
			let to = transition(record.status, AgreementAction::Propose)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			let terms = Self::check_terms(&record.parties, *terms)?;
			let version =
				Self::new_version(agreement, &mut record, terms, party, VersionOrigin::Offer)?;
			Self::deposit_event(Event::OfferMade {
				agreement,
				version,
				digest: record.digest,
				by: party,
			});
			Self::set_status(agreement, record, to, Some(who), None);
			Ok(())
		}

		/// Sign the current version. When every party has signed, the agreement is `Signed`.
		///
		/// - Origin: a key of an active party that has not signed this version.
		/// - `agreement`: in `Draft` or `Negotiating`. `version`, `digest`: the current
		///   version and its digest (a stale one is refused).
		///
		/// Emits [`Event::AgreementSigned`] and, with the last signature,
		/// [`Event::StatusChanged`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::sign(T::MaxParties::get()))]
		pub fn sign(
			origin: OriginFor<T>,
			agreement: AgreementId,
			version: u32,
			digest: Digest,
		) -> DispatchResult {
			let mut record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let (who, party) = Self::ensure_party(origin, &record)?;
			ensure!(version == record.version && digest == record.digest, Error::<T>::StaleVersion);
			ensure!(!record.signed.contains(&party), Error::<T>::AlreadyExists);
			let complete = record.signed.len().saturating_add(1) >= record.parties.len();
			let to = transition(record.status, AgreementAction::Sign { complete })
				.map_err(|_| Error::<T>::InvalidTransition)?;
			record.signed.try_push(party).map_err(|_| Error::<T>::TooManyParties)?;
			Self::deposit_event(Event::AgreementSigned { agreement, version, by: party });
			Self::set_status(agreement, record, to, Some(who), None);
			Ok(())
		}

		/// Withdraw from an agreement before everyone signed: it ends `Terminated`.
		///
		/// - Origin: a key of a party.
		/// - `agreement`: in `Draft` or `Negotiating`.
		///
		/// Emits [`Event::StatusChanged`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			let record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let (who, _) = Self::ensure_party(origin, &record)?;
			let to = transition(record.status, AgreementAction::Withdraw)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			Self::set_status(agreement, record, to, Some(who), None);
			Ok(())
		}

		/// File a signed agreement (备案).
		///
		/// - Origin: a signed operator of the agreement's (active) space.
		/// - `agreement`: `Signed`. `record`: digest of the filing record.
		///
		/// Emits [`Event::StatusChanged`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::file())]
		pub fn file(
			origin: OriginFor<T>,
			agreement: AgreementId,
			record: Digest,
		) -> DispatchResult {
			let stored = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let who = Self::ensure_operator(origin, stored.space)?;
			let to = transition(stored.status, AgreementAction::File)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			Self::set_status(agreement, stored, to, Some(who), Some(record));
			Ok(())
		}

		/// Declare the activation condition of a filed agreement met.
		///
		/// - Origin: a key of an active party.
		/// - `agreement`: `Filed`, activating on a condition, its start time come.
		///   `evidence`: digest of the evidence that the condition is met.
		///
		/// Emits [`Event::StatusChanged`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::activate())]
		pub fn activate(
			origin: OriginFor<T>,
			agreement: AgreementId,
			evidence: Digest,
		) -> DispatchResult {
			let mut record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let (who, _) = Self::ensure_party(origin, &record)?;
			Self::settle_lazy(&mut record);
			let to = transition(record.status, AgreementAction::Activate)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			ensure!(record.terms.activation == Activation::OnCondition, Error::<T>::NotConditional);
			ensure!(Self::now() >= record.terms.start, Error::<T>::NotStarted);
			Self::set_status(agreement, record, to, Some(who), Some(evidence));
			Ok(())
		}

		/// Suspend an active agreement.
		///
		/// - Origin: a signed operator of the agreement's space, or a key of an active
		///   regulator.
		/// - `agreement`: `Active` (after lazy activation). `reason`: digest of the reason.
		///
		/// Emits [`Event::StatusChanged`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(
			origin: OriginFor<T>,
			agreement: AgreementId,
			reason: Digest,
		) -> DispatchResult {
			let mut record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let who = Self::ensure_operator_or_regulator(origin, record.space)?;
			Self::settle_lazy(&mut record);
			let to = transition(record.status, AgreementAction::Suspend)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			Self::set_status(agreement, record, to, Some(who), Some(reason));
			Ok(())
		}

		/// Resume a suspended agreement after rectification and review.
		///
		/// - Origin: a signed operator of the agreement's space, or a key of an active
		///   regulator.
		/// - `agreement`: `Suspended`. `reason`: digest of the review.
		///
		/// Emits [`Event::StatusChanged`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::resume())]
		pub fn resume(
			origin: OriginFor<T>,
			agreement: AgreementId,
			reason: Digest,
		) -> DispatchResult {
			let mut record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let who = Self::ensure_operator_or_regulator(origin, record.space)?;
			Self::settle_lazy(&mut record);
			let to = transition(record.status, AgreementAction::Resume)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			Self::set_status(agreement, record, to, Some(who), Some(reason));
			Ok(())
		}

		/// Terminate an agreement unilaterally, under its unilateral termination clause.
		/// Mutual termination is a change request ([`Change::Terminate`]).
		///
		/// - Origin: a key of an active party.
		/// - `agreement`: `Active` or `Suspended`, with the clause. `reason`: digest of the
		///   notice.
		///
		/// Emits [`Event::StatusChanged`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::terminate())]
		pub fn terminate(
			origin: OriginFor<T>,
			agreement: AgreementId,
			reason: Digest,
		) -> DispatchResult {
			let mut record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let (who, _) = Self::ensure_party(origin, &record)?;
			Self::settle_lazy(&mut record);
			let to = transition(record.status, AgreementAction::Terminate)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			ensure!(
				record.terms.unilateral_termination,
				Error::<T>::UnilateralTerminationNotAllowed
			);
			Self::set_status(agreement, record, to, Some(who), Some(reason));
			Ok(())
		}

		/// Request a change; the proposer's approval is counted.
		///
		/// - Origin: a key of an active party.
		/// - `agreement`: `Active` or `Suspended` (as the change allows), no change pending.
		///   `change`: an amendment's terms are checked as for [`Pallet::create`]; an
		///   amendment of the entries or the policy needs the operator's approval too.
		///
		/// Emits [`Event::ChangeRequested`], and what applying it emits if the proposer's
		/// approval is the last one needed.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::request_change(
			T::MaxParties::get(),
			T::MaxEntries::get()
		))]
		pub fn request_change(
			origin: OriginFor<T>,
			agreement: AgreementId,
			change: Box<ChangeInput>,
		) -> DispatchResult {
			let mut record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let (who, party) = Self::ensure_party(origin, &record)?;
			ensure!(!PendingChanges::<T>::contains_key(agreement), Error::<T>::AlreadyExists);
			Self::settle_lazy(&mut record);
			let change: ChangeOf<T> = match *change {
				Change::Amend(terms) => Change::Amend(Self::check_terms(&record.parties, terms)?),
				other => other.rebound().map_err(Self::oversized)?,
			};
			transition(record.status, change.action())
				.map_err(|_| Error::<T>::InvalidTransition)?;
			let needs_operator = match &change {
				Change::Amend(terms) => terms.scope_differs(&record.terms),
				_ => false,
			};
			let mut approvals = BoundedVec::new();
			approvals.try_push(party).map_err(|_| Error::<T>::TooManyParties)?;
			let request = ChangeRequest {
				change,
				proposed_by: party,
				version: record.version,
				approvals,
				operator_approval: needs_operator.then_some(false),
				at: frame_system::Pallet::<T>::block_number(),
			};
			Self::deposit_event(Event::ChangeRequested { agreement, by: party, needs_operator });
			Self::store_or_apply_change(agreement, record, request, who)
		}

		/// Approve the pending change, as a party or as the operator of the agreement's space.
		///
		/// - Origin: a key of an active party that has not approved it, or a signed operator
		///   of the agreement's space when its approval is required.
		/// - `agreement`: with a pending change.
		///
		/// Emits [`Event::ChangeApproved`], and what applying the change emits once every
		/// approval is in.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::approve_change(T::MaxParties::get()))]
		pub fn approve_change(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			let mut record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let mut request = PendingChanges::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let who = ensure_signed(origin)?;
			let operates = request.operator_approval.is_some()
				&& T::Identities::operated_space(&who) == Some(record.space);
			if operates && request.operator_approval == Some(false) {
				request.operator_approval = Some(true);
			} else {
				// The operator approving again is told so, rather than that it is no party.
				let party = Self::party_of(&who, &record).map_err(|e| {
					if operates {
						Error::<T>::AlreadyExists.into()
					} else {
						e
					}
				})?;
				ensure!(!request.approvals.contains(&party), Error::<T>::AlreadyExists);
				request.approvals.try_push(party).map_err(|_| Error::<T>::TooManyParties)?;
			}
			Self::settle_lazy(&mut record);
			Self::deposit_event(Event::ChangeApproved { agreement, by: who.clone() });
			Self::store_or_apply_change(agreement, record, request, who)
		}

		/// Reject the pending change: it is dropped.
		///
		/// - Origin: a key of an active party, or a signed operator of the agreement's space
		///   when its approval is required.
		/// - `agreement`: with a pending change.
		///
		/// Emits [`Event::ChangeRejected`].
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::reject_change())]
		pub fn reject_change(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			let record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let request = PendingChanges::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let who = ensure_signed(origin)?;
			let operator = request.operator_approval.is_some()
				&& T::Identities::operated_space(&who) == Some(record.space);
			if !operator {
				Self::party_of(&who, &record)?;
			}
			PendingChanges::<T>::remove(agreement);
			Self::deposit_event(Event::ChangeRejected { agreement, by: who });
			Ok(())
		}

		/// Record one use of the data: evaluated against the policy in force. A permitted use
		/// is counted; a denied one is a breach, which the breach rule answers (record, warn,
		/// or suspend the agreement). The call succeeds either way: the decision is the record.
		///
		/// - Origin: a key of an active party, or of an active connector owned by one.
		/// - `agreement`: active (after lazy activation and expiry, and not suspended by the
		///   cascade). `context`: the use as declared.
		///
		/// Emits [`Event::UsagePermitted`] or [`Event::BreachRecorded`] (and
		/// [`Event::StatusChanged`] on an automatic suspension).
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::record_usage(
			T::MaxParties::get(),
			T::MaxEntries::get(),
			T::MaxPolicyItems::get()
		))]
		pub fn record_usage(
			origin: OriginFor<T>,
			agreement: AgreementId,
			context: UsageContext,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			Self::acting_party(&who, &record)?;
			Self::settle_lazy(&mut record);
			ensure!(
				record.status == AgreementStatus::Active && Self::cascade_clear(&record),
				Error::<T>::NotActive
			);
			Self::decide(agreement, record, context, who)
		}

		/// Open a dispute.
		///
		/// - Origin: a key of an active party.
		/// - `agreement`: `Active` or `Suspended`. `evidence`: up to `MaxEvidence` digests.
		///
		/// Emits [`Event::DisputeOpened`] and [`Event::StatusChanged`].
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::open_dispute(T::MaxEvidence::get()))]
		pub fn open_dispute(
			origin: OriginFor<T>,
			agreement: AgreementId,
			evidence: Vec<Digest>,
		) -> DispatchResult {
			let mut record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let (who, party) = Self::ensure_party(origin, &record)?;
			let evidence: BoundedVec<Digest, T::MaxEvidence> =
				evidence.try_into().map_err(|_| Error::<T>::TooManyEvidence)?;
			Self::settle_lazy(&mut record);
			let to = transition(record.status, AgreementAction::Dispute)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			Disputes::<T>::insert(
				agreement,
				Dispute {
					opened_by: party,
					evidence,
					from: record.status,
					opened_at: frame_system::Pallet::<T>::block_number(),
					resolution: None,
				},
			);
			Self::deposit_event(Event::DisputeOpened { agreement, by: party });
			Self::set_status(agreement, record, to, Some(who), None);
			Ok(())
		}

		/// Resolve the open dispute.
		///
		/// - Origin: a key of the agreement's arbitrator (appointed by the council, else named
		///   in the terms), which must be active.
		/// - `agreement`: `Disputed`. `outcome`: continue, amend (with `amendment`, checked as
		///   for [`Pallet::create`]: a new version) or terminate. `liability`: one share per
		///   party summing to 1,000,000. `penalty`: amount recorded for settlement. `reason`:
		///   digest of the reasoned decision.
		///
		/// Emits [`Event::DisputeResolved`], [`Event::StatusChanged`] and, for an amendment,
		/// [`Event::ChangeApplied`].
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::resolve_dispute(
			T::MaxParties::get(),
			T::MaxEntries::get()
		))]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			agreement: AgreementId,
			outcome: DisputeOutcome,
			amendment: Option<Box<TermsInput>>,
			liability: Vec<PartsPerMillion>,
			penalty: u128,
			reason: Digest,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let arbitrator = T::Identities::identity_of(&who).ok_or(Error::<T>::NotArbitrator)?;
			ensure!(record.arbitrator() == Some(arbitrator), Error::<T>::NotArbitrator);
			ensure!(T::Identities::is_active(&arbitrator), Error::<T>::IdentityNotActive);
			let mut dispute = Disputes::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let to = transition(record.status, AgreementAction::Resolve(outcome))
				.map_err(|_| Error::<T>::InvalidTransition)?;
			let liability = Self::check_shares(&record.parties, liability)?;
			let amended = match (outcome, amendment) {
				(DisputeOutcome::Amend, Some(terms)) => {
					Some(Self::check_terms(&record.parties, *terms)?)
				},
				(DisputeOutcome::Amend, None) | (_, Some(_)) => {
					return Err(Error::<T>::AmendmentMismatch.into())
				},
				(_, None) => None,
			};
			if let Some(terms) = amended {
				let version = Self::new_version(
					agreement,
					&mut record,
					terms,
					arbitrator,
					VersionOrigin::Resolution,
				)?;
				Self::deposit_event(Event::ChangeApplied { agreement, version });
			}
			dispute.resolution = Some(Resolution {
				arbitrator,
				outcome,
				liability,
				penalty,
				reason,
				at: frame_system::Pallet::<T>::block_number(),
			});
			Disputes::<T>::insert(agreement, dispute);
			Self::deposit_event(Event::DisputeResolved { agreement, arbitrator, outcome, penalty });
			Self::set_status(agreement, record, to, Some(who), Some(reason));
			Ok(())
		}

		/// Appoint the arbitrator of an agreement (overriding the one named in its terms).
		///
		/// - Origin: [`Config::ArbitrationOrigin`] (the council).
		/// - `agreement`: not terminal. `arbitrator`: an active identity that is not a party.
		///
		/// Emits [`Event::ArbitratorAppointed`].
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::appoint_arbitrator())]
		pub fn appoint_arbitrator(
			origin: OriginFor<T>,
			agreement: AgreementId,
			arbitrator: IdentityId,
		) -> DispatchResult {
			T::ArbitrationOrigin::ensure_origin(origin)?;
			let mut record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			ensure!(!Self::timed_status(&record).is_terminal(), Error::<T>::InvalidTransition);
			ensure!(T::Identities::is_active(&arbitrator), Error::<T>::IdentityNotActive);
			ensure!(record.party(&arbitrator).is_none(), Error::<T>::InvalidParties);
			record.appointed_arbitrator = Some(arbitrator);
			Agreements::<T>::insert(agreement, record);
			Self::deposit_event(Event::ArbitratorAppointed { agreement, arbitrator });
			Ok(())
		}

		/// Report uses that already happened, in aggregate: how an evidence gateway tells the
		/// chain what its signed log entries show, so that policy enforcement sees actual use.
		/// Each report is one decision, evaluated in order with [`evaluate_report`]: its uses
		/// are counted, and a report over a limit is a breach that the breach rule answers
		/// (a suspension stops no later report of the call: they too describe past uses).
		///
		/// - Origin: a key of an active party (or of an active connector owned by one), or of an
		///   active identity with the operator role whose home space filed the agreement (the
		///   space's gateway).
		/// - `agreement`: active (after lazy activation and expiry, and not suspended by the
		///   cascade). `through`: the position in the reporter's log up to which this call
		///   reports; beyond the last one reported for this agreement by this account.
		///   `reports`: 1 to `MaxUsageReports`, each well formed
		///   ([`UsageReport::is_well_formed`]).
		///
		/// Emits [`Event::UsagePermitted`] or [`Event::BreachRecorded`] per report (and
		/// [`Event::StatusChanged`] on an automatic suspension), then [`Event::UsageReported`].
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::report_usage(
			T::MaxParties::get(),
			T::MaxEntries::get(),
			T::MaxPolicyItems::get(),
			T::MaxUsageReports::get()
		))]
		pub fn report_usage(
			origin: OriginFor<T>,
			agreement: AgreementId,
			through: u64,
			reports: Vec<UsageReport>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let reports: BoundedVec<UsageReport, T::MaxUsageReports> =
				reports.try_into().map_err(|_| Error::<T>::TooManyReports)?;
			ensure!(!reports.is_empty(), Error::<T>::InvalidReport);
			let mut record = Agreements::<T>::get(agreement).ok_or(Error::<T>::NotFound)?;
			let reporter = Self::reporter_of(&who, &record)?;
			Self::settle_lazy(&mut record);
			ensure!(
				record.status == AgreementStatus::Active && Self::cascade_clear(&record),
				Error::<T>::NotActive
			);
			ensure!(
				ReportedThrough::<T>::get(agreement, &who)
					.is_none_or(|reported| through > reported),
				Error::<T>::AlreadyReported
			);
			ensure!(
				reports.iter().all(|report| report.is_well_formed(&record.terms.policy)),
				Error::<T>::InvalidReport
			);
			let uses = reports
				.iter()
				.fold(0u64, |sum, report| sum.saturating_add(u64::from(report.uses)));
			ReportedThrough::<T>::insert(agreement, &who, through);
			for report in reports {
				record = Self::decide_report(agreement, record, report, who.clone())?;
			}
			Self::deposit_event(Event::UsageReported { agreement, by: reporter, through, uses });
			Ok(())
		}
	}
}
