//! # Identity registry
//!
//! Identity trust is the first gate of cross-space trust (SPEC §3). This pallet records:
//!
//! - **Spaces**: trusted data spaces, filed by a council member with their qualification reports
//!   and admitted (whitelisted) by a 2/3 council motion. Status `Filed → Active ↔ Suspended →
//!   Revoked`, and `Expired` as soon as a qualification's validity lapses by block time.
//! - **Participants**: organisations (validated USCC), natural persons (salted digest of the ID
//!   number only) and connectors, registered by the operators of their home space. Each has a
//!   deterministic identifier rendered as `did:tds:<space>:<hex>`, a verification source (third-
//!   party and self-built verification need compliance materials), roles granted in reviewed
//!   steps, linked accounts, and the status `Pending → Active ↔ Frozen → Revoked`, `Expired` when
//!   its verification lapses.
//! - **Cross-space recognition**: space B recognises identities verified by space A, optionally
//!   only from a minimum verification source; [`Pallet::verify_cross_space`] answers whether an
//!   identity may act in B with exactly the four-field minimal record.
//! - **History**: every status change, verification, role and key change with its actor, reason
//!   digest and block.
//!
//! Powers: the council admits, suspends, reinstates and revokes spaces and appoints regulators
//! and auditors; an operator manages only its own space's participants; a regulator freezes,
//! unfreezes and revokes any participant and suspends any space.
//!
//! Other pallets use [`IdentityInspect`] (implemented by this pallet) to refuse identities that
//! may not act, and observe changes through [`Config::OnStatusChanged`]. The transaction
//! admission extension of `pallet-admission` uses the same trait.

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

/// The account type of a runtime.
pub type AccountIdOf<T> = <T as frame::deps::frame_system::Config>::AccountId;
/// A space as stored by runtime `T`.
pub type SpaceOf<T> = Space<
	AccountIdOf<T>,
	frame::prelude::BlockNumberFor<T>,
	<T as Config>::MaxNameLength,
	<T as Config>::MaxOperators,
	<T as Config>::MaxQualifications,
>;
/// A participant as stored by runtime `T`.
pub type ParticipantOf<T> = Participant<
	AccountIdOf<T>,
	frame::prelude::BlockNumberFor<T>,
	<T as Config>::MaxNameLength,
	<T as Config>::MaxKeys,
>;
/// A qualification report in runtime `T`.
pub type QualificationOf<T> = Qualification<<T as Config>::MaxNameLength>;
/// A verification in runtime `T`.
pub type VerificationOf<T> = Verification<<T as Config>::MaxNameLength>;
/// The length of a call's list argument, for its weight (saturating: a longer list fails its
/// bound check anyway).
fn count<Item>(items: &[Item]) -> u32 {
	u32::try_from(items.len()).unwrap_or(u32::MAX)
}

/// A history entry in runtime `T`.
pub type HistoryEntryOf<T> = HistoryEntry<AccountIdOf<T>, frame::prelude::BlockNumberFor<T>>;

#[frame::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame::{prelude::*, traits::Time};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The consortium council (a 2/3 motion): admits, suspends and revokes spaces, appoints
		/// regulators and auditors.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Who may file a space for the council's review: a council member.
		type FilingOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = Self::AccountId>;
		/// Block time, for qualification and verification expiry.
		type Time: Time<Moment = Moment>;
		/// Observers of freezes, revocations and suspensions (catalog, agreements, notary).
		type OnStatusChanged: OnIdentityStatusChanged;
		/// Longest name (of a space, participant or verifier), in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;
		/// Most operator accounts per space.
		#[pallet::constant]
		type MaxOperators: Get<u32>;
		/// Most qualification reports per space.
		#[pallet::constant]
		type MaxQualifications: Get<u32>;
		/// Most linked accounts per participant.
		#[pallet::constant]
		type MaxKeys: Get<u32>;
		/// Largest page answered by the paged queries.
		#[pallet::constant]
		type MaxPageSize: Get<u32>;
		/// Weight information for the calls.
		type WeightInfo: WeightInfo;
	}

	/// The identifier the next filed space receives.
	#[pallet::storage]
	pub type NextSpaceId<T: Config> = StorageValue<_, SpaceId, ValueQuery>;

	/// Spaces by identifier.
	#[pallet::storage]
	pub type Spaces<T: Config> = StorageMap<_, Twox64Concat, SpaceId, SpaceOf<T>, OptionQuery>;

	/// The space each operator account operates (an account operates at most one space).
	#[pallet::storage]
	pub type OperatorOf<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, SpaceId, OptionQuery>;

	/// Participants by identifier.
	#[pallet::storage]
	pub type Participants<T: Config> =
		StorageMap<_, Identity, IdentityId, ParticipantOf<T>, OptionQuery>;

	/// The identity each linked account signs for.
	#[pallet::storage]
	pub type KeyOwner<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, IdentityId, OptionQuery>;

	/// Organisations by USCC: a code is registered once nationally.
	#[pallet::storage]
	pub type UsccIndex<T: Config> = StorageMap<_, Blake2_128Concat, Uscc, IdentityId, OptionQuery>;

	/// The participants of each space, for paging.
	#[pallet::storage]
	pub type SpaceMembers<T: Config> =
		StorageDoubleMap<_, Twox64Concat, SpaceId, Identity, IdentityId, (), OptionQuery>;

	/// `(B, A) → recognition`: space B recognises identities verified by space A.
	#[pallet::storage]
	pub type Recognitions<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		SpaceId,
		Twox64Concat,
		SpaceId,
		Recognition<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// History of each space and participant, numbered from 0.
	#[pallet::storage]
	pub type History<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		HistoryKey,
		Twox64Concat,
		u32,
		HistoryEntryOf<T>,
		OptionQuery,
	>;

	/// Number of history entries of each space and participant.
	#[pallet::storage]
	pub type HistoryLength<T: Config> =
		StorageMap<_, Blake2_128Concat, HistoryKey, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A space was filed for the council's review.
		SpaceFiled {
			/// The new space.
			space: SpaceId,
			/// The council member who filed it.
			by: T::AccountId,
		},
		/// A space's status changed.
		SpaceStatusChanged {
			/// The space.
			space: SpaceId,
			/// Effective status before.
			from: SpaceStatus,
			/// Status after.
			to: SpaceStatus,
			/// Who changed it.
			actor: Actor<T::AccountId>,
			/// Digest of the reason.
			reason: Digest,
		},
		/// A space's qualification reports were renewed.
		SpaceQualificationsRenewed {
			/// The space.
			space: SpaceId,
		},
		/// A space's level was raised or lowered.
		SpaceLevelChanged {
			/// The space.
			space: SpaceId,
			/// Level before.
			from: u8,
			/// Level after.
			to: u8,
		},
		/// A space's operators were replaced.
		SpaceOperatorsChanged {
			/// The space.
			space: SpaceId,
		},
		/// A participant was registered (pending verification, or active for a connector).
		ParticipantRegistered {
			/// Its identifier.
			id: IdentityId,
			/// Its home space.
			space: SpaceId,
			/// What it is.
			kind: ParticipantKind,
		},
		/// A participant was verified.
		ParticipantVerified {
			/// The participant.
			id: IdentityId,
			/// The verification source.
			source: VerificationSource,
		},
		/// A participant's status changed.
		ParticipantStatusChanged {
			/// The participant.
			id: IdentityId,
			/// Effective status before.
			from: ParticipantStatus,
			/// Status after.
			to: ParticipantStatus,
			/// Who changed it.
			actor: Actor<T::AccountId>,
			/// Digest of the reason.
			reason: Digest,
		},
		/// A participant applied for a role.
		RoleRequested {
			/// The participant.
			id: IdentityId,
			/// The role.
			role: Role,
		},
		/// A role was granted.
		RoleGranted {
			/// The participant.
			id: IdentityId,
			/// The role.
			role: Role,
			/// Who granted it.
			actor: Actor<T::AccountId>,
		},
		/// A role was revoked, or a request for it refused.
		RoleRevoked {
			/// The participant.
			id: IdentityId,
			/// The role.
			role: Role,
			/// Who revoked it.
			actor: Actor<T::AccountId>,
		},
		/// An account was linked to an identity.
		KeyAdded {
			/// The identity.
			id: IdentityId,
			/// The account.
			account: T::AccountId,
		},
		/// An account was unlinked from an identity: it can no longer sign for it.
		KeyRemoved {
			/// The identity.
			id: IdentityId,
			/// The account.
			account: T::AccountId,
		},
		/// A connector reported it is alive.
		ConnectorHeartbeat {
			/// The connector.
			id: IdentityId,
			/// Its metadata digest after the heartbeat.
			metadata: Digest,
		},
		/// Space `space` now recognises identities verified by `recognised`.
		SpaceRecognised {
			/// The recognising space (B).
			space: SpaceId,
			/// The recognised space (A).
			recognised: SpaceId,
			/// The weakest verification source accepted, if limited.
			minimum_source: Option<VerificationSource>,
		},
		/// Space `space` withdrew its recognition of `recognised`.
		RecognitionWithdrawn {
			/// The recognising space.
			space: SpaceId,
			/// The space no longer recognised.
			recognised: SpaceId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such space, participant, key, role or recognition.
		NotFound,
		/// The signer may not do this (not the operator of that space, not a regulator, not the
		/// identity itself).
		NotAuthorized,
		/// The identity (or USCC, or person) is registered already.
		AlreadyExists,
		/// The status does not allow this action.
		InvalidTransition,
		/// The unified social credit code is malformed (length, alphabet, division, check).
		InvalidUscc,
		/// The space is not active (filed, suspended, revoked or expired).
		SpaceNotActive,
		/// The identity may not act (pending, frozen, revoked, expired, or its space or owner
		/// may not act).
		IdentityNotActive,
		/// A name is longer than `MaxNameLength`.
		NameTooLong,
		/// More operators than `MaxOperators`.
		TooManyOperators,
		/// More qualification reports than `MaxQualifications`.
		TooManyQualifications,
		/// More linked accounts than `MaxKeys`.
		TooManyKeys,
		/// A space needs at least one operator and one qualification report.
		Empty,
		/// A qualification report failed, or its validity period is empty or already over.
		InvalidQualification,
		/// Third-party and self-built verification need the compliance materials.
		MissingComplianceMaterials,
		/// The verification's validity is already over.
		InvalidVerification,
		/// The account is already linked to an identity or operates a space.
		KeyInUse,
		/// This role cannot be granted this way (regulator and auditor are appointed by the
		/// council; the operator role is not a participant role to apply for).
		InvalidRole,
		/// The role was not applied for.
		NotRequested,
		/// A connector's owner must be an active organisation.
		InvalidOwner,
		/// The caller is not a connector.
		NotAConnector,
		/// A space cannot recognise itself.
		InvalidRecognition,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			// Registration links one key; a space needs an operator and a report; pages are
			// never empty.
			assert!(T::MaxKeys::get() >= 1, "MaxKeys must be at least 1");
			assert!(T::MaxOperators::get() >= 1, "MaxOperators must be at least 1");
			assert!(T::MaxQualifications::get() >= 1, "MaxQualifications must be at least 1");
			assert!(T::MaxPageSize::get() >= 1, "MaxPageSize must be at least 1");
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
		/// File a space for the council's review; it starts `Filed`.
		///
		/// - Origin: [`Config::FilingOrigin`] (a council member).
		/// - `name`: UTF-8, at most `MaxNameLength` bytes.
		/// - `space_type`: enterprise, industry, city, personal or cross-border.
		/// - `operators`: one to `MaxOperators` accounts, none already in use.
		/// - `qualifications`: one to `MaxQualifications` reports, none failed or lapsed.
		///
		/// Emits [`Event::SpaceFiled`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::file_space(count(operators), count(qualifications)))]
		pub fn file_space(
			origin: OriginFor<T>,
			name: Vec<u8>,
			space_type: SpaceType,
			operators: Vec<T::AccountId>,
			qualifications: Vec<QualificationOf<T>>,
		) -> DispatchResult {
			let by = T::FilingOrigin::ensure_origin(origin)?;
			let name = Self::bounded_name(name)?;
			let operators: BoundedVec<T::AccountId, T::MaxOperators> =
				operators.try_into().map_err(|_| Error::<T>::TooManyOperators)?;
			let qualifications = Self::check_qualifications(qualifications)?;
			ensure!(!operators.is_empty(), Error::<T>::Empty);
			for (position, operator) in operators.iter().enumerate() {
				ensure!(!Self::account_in_use(operator), Error::<T>::KeyInUse);
				ensure!(
					!operators.iter().skip(position.saturating_add(1)).any(|o| o == operator),
					Error::<T>::KeyInUse
				);
			}
			let space = NextSpaceId::<T>::get();
			let next = space.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			for operator in &operators {
				OperatorOf::<T>::insert(operator, space);
				Self::ensure_account_exists(operator);
			}
			Spaces::<T>::insert(
				space,
				Space {
					name,
					space_type,
					operators,
					level: 0,
					qualifications,
					status: SpaceStatus::Filed,
					filed_at: frame_system::Pallet::<T>::block_number(),
				},
			);
			NextSpaceId::<T>::put(next);
			Self::record(
				HistoryKey::Space(space),
				Change::SpaceStatus { from: SpaceStatus::Filed, to: SpaceStatus::Filed },
				Actor::Account(by.clone()),
				Digest::zero(),
			);
			Self::deposit_event(Event::SpaceFiled { space, by });
			Ok(())
		}

		/// Approve a filed space: it joins the whitelist and becomes `Active`.
		///
		/// - Origin: [`Config::AdminOrigin`] (a 2/3 council motion).
		/// - `space`: a filed space. `reason`: digest of the review decision.
		///
		/// Emits [`Event::SpaceStatusChanged`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::approve_space())]
		pub fn approve_space(
			origin: OriginFor<T>,
			space: SpaceId,
			reason: Digest,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::change_space_status(space, SpaceAction::Approve, Actor::Council, reason)
		}

		/// Suspend a space: its operators and participants can no longer act.
		///
		/// - Origin: [`Config::AdminOrigin`], or a signed regulator (the circuit breaker).
		/// - `space`: an active or expired space. `reason`: digest of the decision or report.
		///
		/// Emits [`Event::SpaceStatusChanged`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::suspend_space())]
		pub fn suspend_space(
			origin: OriginFor<T>,
			space: SpaceId,
			reason: Digest,
		) -> DispatchResult {
			let actor = Self::ensure_council_or_regulator(origin)?;
			Self::change_space_status(space, SpaceAction::Suspend, actor, reason)
		}

		/// Reinstate a suspended space.
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - `space`: a suspended space. `reason`: digest of the decision.
		///
		/// Emits [`Event::SpaceStatusChanged`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reinstate_space())]
		pub fn reinstate_space(
			origin: OriginFor<T>,
			space: SpaceId,
			reason: Digest,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::change_space_status(space, SpaceAction::Reinstate, Actor::Council, reason)
		}

		/// Revoke a space for good (or refuse a filing).
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - `space`: any space not revoked yet. `reason`: digest of the decision.
		///
		/// Emits [`Event::SpaceStatusChanged`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke_space())]
		pub fn revoke_space(
			origin: OriginFor<T>,
			space: SpaceId,
			reason: Digest,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::change_space_status(space, SpaceAction::Revoke, Actor::Council, reason)
		}

		/// Replace a space's qualification reports (renewal); an expired space becomes active.
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - `space`: a space not revoked. `qualifications`: one to `MaxQualifications` reports,
		///   none failed or lapsed. `reason`: digest of the review decision.
		///
		/// Emits [`Event::SpaceQualificationsRenewed`] and, if the status changes,
		/// [`Event::SpaceStatusChanged`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::renew_space_qualifications(count(qualifications)))]
		pub fn renew_space_qualifications(
			origin: OriginFor<T>,
			space: SpaceId,
			qualifications: Vec<QualificationOf<T>>,
			reason: Digest,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let qualifications = Self::check_qualifications(qualifications)?;
			let mut record = Spaces::<T>::get(space).ok_or(Error::<T>::NotFound)?;
			let from = record.effective_status(Self::now());
			let to = space_transition(from, SpaceAction::Renew)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			record.qualifications = qualifications;
			record.status = to;
			Spaces::<T>::insert(space, record);
			Self::record(
				HistoryKey::Space(space),
				Change::QualificationsRenewed,
				Actor::Council,
				reason,
			);
			Self::deposit_event(Event::SpaceQualificationsRenewed { space });
			if from != to {
				Self::space_status_changed(space, from, to, Actor::Council, reason);
			}
			Ok(())
		}

		/// Record an upgrade or downgrade of a space's level.
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - `space`: a space not revoked. `level`: the new level. `reason`: digest of the
		///   decision.
		///
		/// Emits [`Event::SpaceLevelChanged`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_space_level())]
		pub fn set_space_level(
			origin: OriginFor<T>,
			space: SpaceId,
			level: u8,
			reason: Digest,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let mut record = Spaces::<T>::get(space).ok_or(Error::<T>::NotFound)?;
			ensure!(record.status != SpaceStatus::Revoked, Error::<T>::InvalidTransition);
			let from = record.level;
			record.level = level;
			Spaces::<T>::insert(space, record);
			Self::record(
				HistoryKey::Space(space),
				Change::SpaceLevel { from, to: level },
				Actor::Council,
				reason,
			);
			Self::deposit_event(Event::SpaceLevelChanged { space, from, to: level });
			Ok(())
		}

		/// Replace a space's operator accounts (key rotation of an operator).
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - `space`: a space not revoked. `operators`: one to `MaxOperators` accounts, each
		///   either an operator of this space already or not in use.
		///
		/// Emits [`Event::SpaceOperatorsChanged`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_space_operators(count(operators)))]
		pub fn set_space_operators(
			origin: OriginFor<T>,
			space: SpaceId,
			operators: Vec<T::AccountId>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let operators: BoundedVec<T::AccountId, T::MaxOperators> =
				operators.try_into().map_err(|_| Error::<T>::TooManyOperators)?;
			ensure!(!operators.is_empty(), Error::<T>::Empty);
			let mut record = Spaces::<T>::get(space).ok_or(Error::<T>::NotFound)?;
			ensure!(record.status != SpaceStatus::Revoked, Error::<T>::InvalidTransition);
			for (position, operator) in operators.iter().enumerate() {
				let ours = OperatorOf::<T>::get(operator) == Some(space);
				ensure!(ours || !Self::account_in_use(operator), Error::<T>::KeyInUse);
				ensure!(
					!operators.iter().skip(position.saturating_add(1)).any(|o| o == operator),
					Error::<T>::KeyInUse
				);
			}
			for old in &record.operators {
				OperatorOf::<T>::remove(old);
			}
			for operator in &operators {
				OperatorOf::<T>::insert(operator, space);
				Self::ensure_account_exists(operator);
			}
			record.operators = operators;
			Spaces::<T>::insert(space, record);
			Self::record(
				HistoryKey::Space(space),
				Change::OperatorsChanged,
				Actor::Council,
				Digest::zero(),
			);
			Self::deposit_event(Event::SpaceOperatorsChanged { space });
			Ok(())
		}

		/// Appoint an active organisation as regulator, auditor or operator organisation of its
		/// home space.
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - `id`: an organisation that may act. `role`: [`Role::Regulator`], [`Role::Auditor`]
		///   or [`Role::Operator`].
		///
		/// Emits [`Event::RoleGranted`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::appoint())]
		pub fn appoint(origin: OriginFor<T>, id: IdentityId, role: Role) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(role.appointed_by_council(), Error::<T>::InvalidRole);
			let mut participant = Participants::<T>::get(id).ok_or(Error::<T>::NotFound)?;
			// Regulators, auditors and operators are authorities and firms, not persons or
			// connectors.
			ensure!(
				participant.subject.kind() == ParticipantKind::Organisation,
				Error::<T>::InvalidRole
			);
			ensure!(Self::standing_of(&participant).is_ok(), Error::<T>::IdentityNotActive);
			ensure!(!participant.roles.contains(role), Error::<T>::AlreadyExists);
			participant.roles = participant.roles.with(role);
			Participants::<T>::insert(id, participant);
			Self::record(
				HistoryKey::Participant(id),
				Change::RoleGranted { role },
				Actor::Council,
				Digest::zero(),
			);
			Self::deposit_event(Event::RoleGranted { id, role, actor: Actor::Council });
			Ok(())
		}

		/// Dismiss a regulator, auditor or operator organisation.
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - `id`: the identity. `role`: [`Role::Regulator`], [`Role::Auditor`] or
		///   [`Role::Operator`], held by it.
		///
		/// Emits [`Event::RoleRevoked`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::dismiss())]
		pub fn dismiss(origin: OriginFor<T>, id: IdentityId, role: Role) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(role.appointed_by_council(), Error::<T>::InvalidRole);
			let mut participant = Participants::<T>::get(id).ok_or(Error::<T>::NotFound)?;
			ensure!(participant.roles.contains(role), Error::<T>::NotFound);
			participant.roles = participant.roles.without(role);
			Participants::<T>::insert(id, participant);
			Self::record(
				HistoryKey::Participant(id),
				Change::RoleRevoked { role },
				Actor::Council,
				Digest::zero(),
			);
			Self::deposit_event(Event::RoleRevoked { id, role, actor: Actor::Council });
			Ok(())
		}

		/// Register an organisation or a natural person in the operator's space; it starts
		/// `Pending` until verified.
		///
		/// - Origin: a signed operator of `space`, which must be active.
		/// - `space`: the home space. `subject`: the organisation's USCC (validated per
		///   GB 32100-2015) or the person's salted ID digest. `name`: UTF-8, at most
		///   `MaxNameLength` bytes. `key`: an optional first linked account, not in use.
		///
		/// Emits [`Event::ParticipantRegistered`] (and [`Event::KeyAdded`] with a key).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::register_participant())]
		pub fn register_participant(
			origin: OriginFor<T>,
			space: SpaceId,
			subject: NewSubject,
			name: Vec<u8>,
			key: Option<T::AccountId>,
		) -> DispatchResult {
			let operator = Self::ensure_operator(origin, space)?;
			let name = Self::bounded_name(name)?;
			let (subject, identity_key) = match subject {
				NewSubject::Organisation { uscc } => {
					let uscc = Uscc::parse(&uscc).map_err(|_| Error::<T>::InvalidUscc)?;
					ensure!(!UsccIndex::<T>::contains_key(uscc), Error::<T>::AlreadyExists);
					(Subject::Organisation { uscc }, IdentityKey::Organisation(uscc))
				},
				NewSubject::Person { id_digest } => {
					(Subject::Person { id_digest }, IdentityKey::Person(id_digest))
				},
			};
			let id = identity_id(&identity_key);
			ensure!(!Participants::<T>::contains_key(id), Error::<T>::AlreadyExists);
			if let Some(key) = &key {
				ensure!(!Self::account_in_use(key), Error::<T>::KeyInUse);
			}
			if let Subject::Organisation { uscc } = subject {
				UsccIndex::<T>::insert(uscc, id);
			}
			Self::insert_participant(
				id,
				space,
				name,
				subject,
				ParticipantStatus::Pending,
				key,
				Actor::Account(operator),
			);
			Ok(())
		}

		/// Register a connector of an active organisation of the operator's space; after the
		/// operator's technical review it starts `Active`.
		///
		/// - Origin: a signed operator of the owner's home space, which must be active.
		/// - `owner`: an organisation that may act. `name`: UTF-8. `metadata`: digest of the
		///   connector's metadata (name, manufacturer number, version, endpoints). `key`: the
		///   connector's account, not in use.
		///
		/// Emits [`Event::ParticipantRegistered`] and [`Event::KeyAdded`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::register_connector())]
		pub fn register_connector(
			origin: OriginFor<T>,
			owner: IdentityId,
			name: Vec<u8>,
			metadata: Digest,
			key: T::AccountId,
		) -> DispatchResult {
			let owner_record = Participants::<T>::get(owner).ok_or(Error::<T>::NotFound)?;
			let operator = Self::ensure_operator(origin, owner_record.space)?;
			let name = Self::bounded_name(name)?;
			ensure!(
				owner_record.subject.kind() == ParticipantKind::Organisation
					&& Self::standing_of(&owner_record).is_ok(),
				Error::<T>::InvalidOwner
			);
			let id = identity_id(&IdentityKey::Connector { owner, metadata });
			ensure!(!Participants::<T>::contains_key(id), Error::<T>::AlreadyExists);
			ensure!(!Self::account_in_use(&key), Error::<T>::KeyInUse);
			Self::insert_participant(
				id,
				owner_record.space,
				name,
				Subject::Connector { owner, metadata, last_heartbeat: None },
				ParticipantStatus::Active,
				Some(key),
				Actor::Account(operator),
			);
			Ok(())
		}

		/// Record the verification of a participant of the operator's space: a pending or
		/// expired participant becomes `Active`; an active one is re-verified.
		///
		/// - Origin: a signed operator of the participant's space, which must be active.
		/// - `id`: the participant. `verification`: source, verifier, date, optional end of
		///   validity (in the future) and, for third-party and self-built sources, the
		///   compliance materials.
		///
		/// Emits [`Event::ParticipantVerified`] and, if the status changes,
		/// [`Event::ParticipantStatusChanged`].
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::verify_participant())]
		pub fn verify_participant(
			origin: OriginFor<T>,
			id: IdentityId,
			verification: VerificationOf<T>,
		) -> DispatchResult {
			let mut participant = Participants::<T>::get(id).ok_or(Error::<T>::NotFound)?;
			let operator = Self::ensure_operator(origin, participant.space)?;
			if verification.source.requires_compliance_materials() {
				ensure!(verification.materials.is_some(), Error::<T>::MissingComplianceMaterials);
			}
			let now = Self::now();
			if let Some(valid_until) = verification.valid_until {
				ensure!(valid_until > now, Error::<T>::InvalidVerification);
			}
			let from = participant.effective_status(now);
			let to = participant_transition(from, ParticipantAction::Verify)
				.map_err(|_| Error::<T>::InvalidTransition)?;
			let source = verification.source;
			participant.verification = Some(verification);
			participant.status = to;
			Participants::<T>::insert(id, participant);
			let actor = Actor::Account(operator);
			Self::record(
				HistoryKey::Participant(id),
				Change::Verified { source },
				actor.clone(),
				Digest::zero(),
			);
			Self::deposit_event(Event::ParticipantVerified { id, source });
			if from != to {
				Self::participant_status_changed(id, from, to, actor, Digest::zero());
			}
			Ok(())
		}

		/// Apply for a role (tiered admission: the operator reviews and grants it).
		///
		/// - Origin: a signed account linked to an organisation or person that may act.
		/// - `role`: a participant role (provider, user, a service role); not one held or
		///   already requested.
		///
		/// Emits [`Event::RoleRequested`].
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::request_role())]
		pub fn request_role(origin: OriginFor<T>, role: Role) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let id = KeyOwner::<T>::get(&who).ok_or(Error::<T>::NotAuthorized)?;
			let mut participant = Participants::<T>::get(id).ok_or(Error::<T>::NotFound)?;
			ensure!(Self::standing_of(&participant).is_ok(), Error::<T>::IdentityNotActive);
			// Roles belong to organisations and persons; a connector acts for its owner.
			ensure!(
				!role.appointed_by_council()
					&& role != Role::Operator
					&& participant.subject.kind() != ParticipantKind::Connector,
				Error::<T>::InvalidRole
			);
			ensure!(
				!participant.roles.contains(role) && !participant.requested_roles.contains(role),
				Error::<T>::AlreadyExists
			);
			participant.requested_roles = participant.requested_roles.with(role);
			Participants::<T>::insert(id, participant);
			Self::deposit_event(Event::RoleRequested { id, role });
			Ok(())
		}

		/// Grant a requested role to a participant of the operator's space.
		///
		/// - Origin: a signed operator of the participant's space, which must be active.
		/// - `id`: the participant, which must be able to act. `role`: a role it applied for.
		///
		/// Emits [`Event::RoleGranted`].
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::grant_role())]
		pub fn grant_role(origin: OriginFor<T>, id: IdentityId, role: Role) -> DispatchResult {
			let mut participant = Participants::<T>::get(id).ok_or(Error::<T>::NotFound)?;
			let operator = Self::ensure_operator(origin, participant.space)?;
			ensure!(participant.requested_roles.contains(role), Error::<T>::NotRequested);
			ensure!(Self::standing_of(&participant).is_ok(), Error::<T>::IdentityNotActive);
			participant.requested_roles = participant.requested_roles.without(role);
			participant.roles = participant.roles.with(role);
			Participants::<T>::insert(id, participant);
			let actor = Actor::Account(operator);
			Self::record(
				HistoryKey::Participant(id),
				Change::RoleGranted { role },
				actor.clone(),
				Digest::zero(),
			);
			Self::deposit_event(Event::RoleGranted { id, role, actor });
			Ok(())
		}

		/// Revoke a role of a participant of the operator's space, or refuse a request for it.
		///
		/// - Origin: a signed operator of the participant's space, which must be active.
		/// - `id`: the participant. `role`: a participant role it holds or applied for
		///   (regulators and auditors are dismissed by the council).
		///
		/// Emits [`Event::RoleRevoked`].
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::revoke_role())]
		pub fn revoke_role(origin: OriginFor<T>, id: IdentityId, role: Role) -> DispatchResult {
			let mut participant = Participants::<T>::get(id).ok_or(Error::<T>::NotFound)?;
			let operator = Self::ensure_operator(origin, participant.space)?;
			ensure!(!role.appointed_by_council(), Error::<T>::InvalidRole);
			ensure!(
				participant.roles.contains(role) || participant.requested_roles.contains(role),
				Error::<T>::NotFound
			);
			participant.roles = participant.roles.without(role);
			participant.requested_roles = participant.requested_roles.without(role);
			Participants::<T>::insert(id, participant);
			let actor = Actor::Account(operator);
			Self::record(
				HistoryKey::Participant(id),
				Change::RoleRevoked { role },
				actor.clone(),
				Digest::zero(),
			);
			Self::deposit_event(Event::RoleRevoked { id, role, actor });
			Ok(())
		}

		/// Freeze a participant: its accounts are refused at once.
		///
		/// - Origin: a signed operator of the participant's active space, or a regulator.
		/// - `id`: an active or expired participant. `reason`: digest of the violation report.
		///
		/// Emits [`Event::ParticipantStatusChanged`].
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::freeze_participant())]
		pub fn freeze_participant(
			origin: OriginFor<T>,
			id: IdentityId,
			reason: Digest,
		) -> DispatchResult {
			Self::sanction(origin, id, ParticipantAction::Freeze, reason)
		}

		/// Lift a participant's freeze.
		///
		/// - Origin: a signed operator of the participant's active space, or a regulator.
		/// - `id`: a frozen participant. `reason`: digest of the rectification.
		///
		/// Emits [`Event::ParticipantStatusChanged`].
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::unfreeze_participant())]
		pub fn unfreeze_participant(
			origin: OriginFor<T>,
			id: IdentityId,
			reason: Digest,
		) -> DispatchResult {
			Self::sanction(origin, id, ParticipantAction::Unfreeze, reason)
		}

		/// Revoke a participant for good. Its accounts stay linked, and refused, so they cannot
		/// be reused for another identity.
		///
		/// - Origin: a signed operator of the participant's active space, or a regulator.
		/// - `id`: a participant not revoked yet. `reason`: digest of the decision.
		///
		/// Emits [`Event::ParticipantStatusChanged`].
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::revoke_participant())]
		pub fn revoke_participant(
			origin: OriginFor<T>,
			id: IdentityId,
			reason: Digest,
		) -> DispatchResult {
			Self::sanction(origin, id, ParticipantAction::Revoke, reason)
		}

		/// Link another account to an identity.
		///
		/// - Origin: a signed account of the identity itself, or an operator of its active
		///   space.
		/// - `id`: a participant not revoked. `key`: an account not in use.
		///
		/// Emits [`Event::KeyAdded`].
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::add_key())]
		pub fn add_key(origin: OriginFor<T>, id: IdentityId, key: T::AccountId) -> DispatchResult {
			let (actor, mut participant) = Self::ensure_key_manager(origin, id)?;
			ensure!(!Self::account_in_use(&key), Error::<T>::KeyInUse);
			participant.keys.try_push(key.clone()).map_err(|_| Error::<T>::TooManyKeys)?;
			Participants::<T>::insert(id, participant);
			KeyOwner::<T>::insert(&key, id);
			Self::ensure_account_exists(&key);
			Self::record(
				HistoryKey::Participant(id),
				Change::KeyAdded { account: key.clone() },
				actor,
				Digest::zero(),
			);
			Self::deposit_event(Event::KeyAdded { id, account: key });
			Ok(())
		}

		/// Unlink an account from an identity: it stops signing for it at once.
		///
		/// - Origin: a signed account of the identity itself, or an operator of its active
		///   space.
		/// - `id`: a participant not revoked. `key`: one of its accounts.
		///
		/// Emits [`Event::KeyRemoved`].
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::remove_key())]
		pub fn remove_key(
			origin: OriginFor<T>,
			id: IdentityId,
			key: T::AccountId,
		) -> DispatchResult {
			let (actor, mut participant) = Self::ensure_key_manager(origin, id)?;
			let before = participant.keys.len();
			participant.keys.retain(|k| k != &key);
			ensure!(participant.keys.len() < before, Error::<T>::NotFound);
			Participants::<T>::insert(id, participant);
			KeyOwner::<T>::remove(&key);
			Self::record(
				HistoryKey::Participant(id),
				Change::KeyRemoved { account: key.clone() },
				actor,
				Digest::zero(),
			);
			Self::deposit_event(Event::KeyRemoved { id, account: key });
			Ok(())
		}

		/// Replace one linked account by another in one step: the identity is kept, the old
		/// account stops signing for it at once.
		///
		/// - Origin: a signed account of the identity itself (the old key may rotate itself
		///   away), or an operator of its active space.
		/// - `id`: a participant not revoked. `old`: one of its accounts. `new`: an account
		///   not in use.
		///
		/// Emits [`Event::KeyRemoved`] and [`Event::KeyAdded`].
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::rotate_key())]
		pub fn rotate_key(
			origin: OriginFor<T>,
			id: IdentityId,
			old: T::AccountId,
			new: T::AccountId,
		) -> DispatchResult {
			let (actor, mut participant) = Self::ensure_key_manager(origin, id)?;
			ensure!(!Self::account_in_use(&new), Error::<T>::KeyInUse);
			let slot =
				participant.keys.iter_mut().find(|k| **k == old).ok_or(Error::<T>::NotFound)?;
			*slot = new.clone();
			Participants::<T>::insert(id, participant);
			KeyOwner::<T>::remove(&old);
			KeyOwner::<T>::insert(&new, id);
			Self::ensure_account_exists(&new);
			let key = HistoryKey::Participant(id);
			Self::record(
				key,
				Change::KeyRemoved { account: old.clone() },
				actor.clone(),
				Digest::zero(),
			);
			Self::record(key, Change::KeyAdded { account: new.clone() }, actor, Digest::zero());
			Self::deposit_event(Event::KeyRemoved { id, account: old });
			Self::deposit_event(Event::KeyAdded { id, account: new });
			Ok(())
		}

		/// A connector reports that it is alive, optionally with new metadata (a new version
		/// or endpoint list).
		///
		/// - Origin: a signed account of a connector that may act.
		/// - `metadata`: the new metadata digest, if it changed.
		///
		/// Emits [`Event::ConnectorHeartbeat`].
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::connector_heartbeat())]
		pub fn connector_heartbeat(
			origin: OriginFor<T>,
			metadata: Option<Digest>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let id = KeyOwner::<T>::get(&who).ok_or(Error::<T>::NotAuthorized)?;
			let mut participant = Participants::<T>::get(id).ok_or(Error::<T>::NotFound)?;
			ensure!(Self::standing_of(&participant).is_ok(), Error::<T>::IdentityNotActive);
			let now = Self::now();
			let Subject::Connector { owner, metadata: current, .. } = participant.subject else {
				return Err(Error::<T>::NotAConnector.into());
			};
			let metadata = metadata.unwrap_or(current);
			participant.subject = Subject::Connector { owner, metadata, last_heartbeat: Some(now) };
			Participants::<T>::insert(id, participant);
			Self::deposit_event(Event::ConnectorHeartbeat { id, metadata });
			Ok(())
		}

		/// Recognise identities verified by another space (or change the minimum source).
		///
		/// - Origin: a signed operator of `space`, which must be active.
		/// - `space`: the recognising space (B). `recognised`: another existing space (A).
		///   `minimum_source`: the weakest verification source accepted, or `None` for any.
		///
		/// Emits [`Event::SpaceRecognised`].
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::recognise_space())]
		pub fn recognise_space(
			origin: OriginFor<T>,
			space: SpaceId,
			recognised: SpaceId,
			minimum_source: Option<VerificationSource>,
		) -> DispatchResult {
			Self::ensure_operator(origin, space)?;
			ensure!(space != recognised, Error::<T>::InvalidRecognition);
			ensure!(Spaces::<T>::contains_key(recognised), Error::<T>::NotFound);
			let since = frame_system::Pallet::<T>::block_number();
			Recognitions::<T>::insert(space, recognised, Recognition { minimum_source, since });
			Self::deposit_event(Event::SpaceRecognised { space, recognised, minimum_source });
			Ok(())
		}

		/// Withdraw a recognition.
		///
		/// - Origin: a signed operator of `space`, which must be active.
		/// - `space`: the recognising space. `recognised`: a space it recognises.
		///
		/// Emits [`Event::RecognitionWithdrawn`].
		#[pallet::call_index(24)]
		#[pallet::weight(T::WeightInfo::withdraw_recognition())]
		pub fn withdraw_recognition(
			origin: OriginFor<T>,
			space: SpaceId,
			recognised: SpaceId,
		) -> DispatchResult {
			Self::ensure_operator(origin, space)?;
			ensure!(Recognitions::<T>::contains_key(space, recognised), Error::<T>::NotFound);
			Recognitions::<T>::remove(space, recognised);
			Self::deposit_event(Event::RecognitionWithdrawn { space, recognised });
			Ok(())
		}
	}

	// Helpers used by the calls; queries and trait implementations are in `impls.rs`.
	impl<T: Config> Pallet<T> {
		/// Current block time, Unix milliseconds.
		pub fn now() -> Moment {
			T::Time::now()
		}

		pub(crate) fn bounded_name(
			name: Vec<u8>,
		) -> Result<BoundedVec<u8, T::MaxNameLength>, Error<T>> {
			name.try_into().map_err(|_| Error::<T>::NameTooLong)
		}

		fn check_qualifications(
			qualifications: Vec<QualificationOf<T>>,
		) -> Result<BoundedVec<QualificationOf<T>, T::MaxQualifications>, Error<T>> {
			let qualifications: BoundedVec<_, T::MaxQualifications> =
				qualifications.try_into().map_err(|_| Error::<T>::TooManyQualifications)?;
			ensure!(!qualifications.is_empty(), Error::<T>::Empty);
			let now = Self::now();
			for qualification in &qualifications {
				ensure!(
					qualification.is_well_formed() && qualification.valid_until > now,
					Error::<T>::InvalidQualification
				);
			}
			Ok(qualifications)
		}

		/// Lets a newly linked key or operator hold a nonce without a balance (the ledger has no
		/// token). The provider reference is never released, so an unlinked key keeps its nonce
		/// and its old transactions cannot be replayed should it be linked again.
		pub(crate) fn ensure_account_exists(who: &T::AccountId) {
			if !frame_system::Pallet::<T>::account_exists(who) {
				frame_system::Pallet::<T>::inc_providers(who);
			}
		}

		/// Whether `who` is linked to an identity or operates a space.
		pub fn account_in_use(who: &T::AccountId) -> bool {
			KeyOwner::<T>::contains_key(who) || OperatorOf::<T>::contains_key(who)
		}

		/// The signer, if it operates `space` and the space is active.
		fn ensure_operator(
			origin: OriginFor<T>,
			space: SpaceId,
		) -> Result<T::AccountId, DispatchError> {
			let who = ensure_signed(origin)?;
			let record = Spaces::<T>::get(space).ok_or(Error::<T>::NotFound)?;
			ensure!(record.operators.contains(&who), Error::<T>::NotAuthorized);
			ensure!(
				record.effective_status(Self::now()) == SpaceStatus::Active,
				Error::<T>::SpaceNotActive
			);
			Ok(who)
		}

		/// Whether `who` signs for an identity that holds the regulator role and may act.
		pub fn is_regulator(who: &T::AccountId) -> bool {
			KeyOwner::<T>::get(who)
				.and_then(Participants::<T>::get)
				.is_some_and(|p| p.roles.contains(Role::Regulator) && Self::standing_of(&p).is_ok())
		}

		fn ensure_council_or_regulator(
			origin: OriginFor<T>,
		) -> Result<Actor<T::AccountId>, DispatchError> {
			match T::AdminOrigin::try_origin(origin) {
				Ok(_) => Ok(Actor::Council),
				Err(origin) => {
					let who = ensure_signed(origin)?;
					ensure!(Self::is_regulator(&who), Error::<T>::NotAuthorized);
					Ok(Actor::Account(who))
				},
			}
		}

		/// A regulator, or an operator of the participant's active space.
		fn ensure_operator_or_regulator(
			origin: OriginFor<T>,
			space: SpaceId,
		) -> Result<Actor<T::AccountId>, DispatchError> {
			let who = ensure_signed(origin.clone())?;
			if Self::is_regulator(&who) {
				return Ok(Actor::Account(who));
			}
			Self::ensure_operator(origin, space).map(Actor::Account)
		}

		/// The identity itself (one of its accounts), or an operator of its active space; the
		/// participant must not be revoked.
		fn ensure_key_manager(
			origin: OriginFor<T>,
			id: IdentityId,
		) -> Result<(Actor<T::AccountId>, ParticipantOf<T>), DispatchError> {
			let participant = Participants::<T>::get(id).ok_or(Error::<T>::NotFound)?;
			let who = ensure_signed(origin.clone())?;
			let actor = if participant.keys.contains(&who) {
				ensure!(Self::standing_of(&participant).is_ok(), Error::<T>::IdentityNotActive);
				Actor::Account(who)
			} else {
				Actor::Account(Self::ensure_operator(origin, participant.space)?)
			};
			ensure!(
				participant.status != ParticipantStatus::Revoked,
				Error::<T>::InvalidTransition
			);
			Ok((actor, participant))
		}

		fn sanction(
			origin: OriginFor<T>,
			id: IdentityId,
			action: ParticipantAction,
			reason: Digest,
		) -> DispatchResult {
			let mut participant = Participants::<T>::get(id).ok_or(Error::<T>::NotFound)?;
			let actor = Self::ensure_operator_or_regulator(origin, participant.space)?;
			let from = participant.effective_status(Self::now());
			let to =
				participant_transition(from, action).map_err(|_| Error::<T>::InvalidTransition)?;
			participant.status = to;
			Participants::<T>::insert(id, participant);
			Self::participant_status_changed(id, from, to, actor, reason);
			Ok(())
		}

		fn insert_participant(
			id: IdentityId,
			space: SpaceId,
			name: BoundedVec<u8, T::MaxNameLength>,
			subject: Subject,
			status: ParticipantStatus,
			key: Option<T::AccountId>,
			actor: Actor<T::AccountId>,
		) {
			let kind = subject.kind();
			let keys = key.iter().cloned().collect::<Vec<_>>();
			// At most one key, and `MaxKeys` is at least one (checked by `integrity_test`).
			let keys = BoundedVec::truncate_from(keys);
			Participants::<T>::insert(
				id,
				Participant {
					space,
					name,
					subject,
					status,
					verification: None,
					roles: Roles::default(),
					requested_roles: Roles::default(),
					keys,
					registered_at: frame_system::Pallet::<T>::block_number(),
				},
			);
			SpaceMembers::<T>::insert(space, id, ());
			Self::record(
				HistoryKey::Participant(id),
				Change::ParticipantStatus { from: ParticipantStatus::Pending, to: status },
				actor,
				Digest::zero(),
			);
			Self::deposit_event(Event::ParticipantRegistered { id, space, kind });
			if let Some(key) = key {
				KeyOwner::<T>::insert(&key, id);
				Self::ensure_account_exists(&key);
				Self::deposit_event(Event::KeyAdded { id, account: key });
			}
		}

		fn change_space_status(
			space: SpaceId,
			action: SpaceAction,
			actor: Actor<T::AccountId>,
			reason: Digest,
		) -> DispatchResult {
			let mut record = Spaces::<T>::get(space).ok_or(Error::<T>::NotFound)?;
			let from = record.effective_status(Self::now());
			let to = space_transition(from, action).map_err(|_| Error::<T>::InvalidTransition)?;
			record.status = to;
			Spaces::<T>::insert(space, record);
			Self::space_status_changed(space, from, to, actor, reason);
			Ok(())
		}

		fn space_status_changed(
			space: SpaceId,
			from: SpaceStatus,
			to: SpaceStatus,
			actor: Actor<T::AccountId>,
			reason: Digest,
		) {
			Self::record(
				HistoryKey::Space(space),
				Change::SpaceStatus { from, to },
				actor.clone(),
				reason,
			);
			Self::deposit_event(Event::SpaceStatusChanged { space, from, to, actor, reason });
			T::OnStatusChanged::space_status_changed(space, from, to);
		}

		fn participant_status_changed(
			id: IdentityId,
			from: ParticipantStatus,
			to: ParticipantStatus,
			actor: Actor<T::AccountId>,
			reason: Digest,
		) {
			Self::record(
				HistoryKey::Participant(id),
				Change::ParticipantStatus { from, to },
				actor.clone(),
				reason,
			);
			Self::deposit_event(Event::ParticipantStatusChanged { id, from, to, actor, reason });
			T::OnStatusChanged::participant_status_changed(&id, from, to);
		}

		/// Append a history entry.
		fn record(
			key: HistoryKey,
			change: Change<T::AccountId>,
			actor: Actor<T::AccountId>,
			reason: Digest,
		) {
			let index = HistoryLength::<T>::get(key);
			let at = frame_system::Pallet::<T>::block_number();
			History::<T>::insert(key, index, HistoryEntry { change, actor, reason, at });
			HistoryLength::<T>::insert(key, index.saturating_add(1));
		}
	}
}
