//! Standing, queries (served by the runtime API) and the [`IdentityInspect`] implementation.

use crate::*;
use alloc::vec::Vec;
use frame::prelude::*;

impl<T: Config> Pallet<T> {
	/// Whether a participant may act now: its own effective status, its home space's and, for a
	/// connector, its owner's standing.
	pub fn standing_of(participant: &ParticipantOf<T>) -> Result<(), Inactive> {
		let now = Self::now();
		match participant.effective_status(now) {
			ParticipantStatus::Active => {},
			status => return Err(Inactive::Status(status)),
		}
		let space_active = Spaces::<T>::get(participant.space)
			.is_some_and(|space| space.effective_status(now) == SpaceStatus::Active);
		if !space_active {
			return Err(Inactive::SpaceNotActive);
		}
		if let Subject::Connector { owner, .. } = participant.subject {
			// An owner is an organisation, never a connector: no recursion beyond one level.
			let owner_ok = Participants::<T>::get(owner)
				.is_some_and(|owner| Self::standing_of(&owner).is_ok());
			if !owner_ok {
				return Err(Inactive::OwnerNotActive);
			}
		}
		Ok(())
	}

	/// A participant with its current status and standing.
	pub fn participant_info(id: IdentityId) -> Option<ParticipantInfo<ParticipantOf<T>>> {
		let record = Participants::<T>::get(id)?;
		let status = record.effective_status(Self::now());
		let standing = Self::standing_of(&record);
		Some(ParticipantInfo { id, record, status, standing })
	}

	/// The organisation registered under a USCC (given as its characters).
	pub fn participant_by_uscc(code: &[u8]) -> Option<ParticipantInfo<ParticipantOf<T>>> {
		let uscc = Uscc::parse(code).ok()?;
		UsccIndex::<T>::get(uscc).and_then(Self::participant_info)
	}

	/// The identity an account is linked to.
	pub fn participant_by_account(who: &T::AccountId) -> Option<ParticipantInfo<ParticipantOf<T>>> {
		KeyOwner::<T>::get(who).and_then(Self::participant_info)
	}

	/// A space with its current status.
	pub fn space_info(id: SpaceId) -> Option<SpaceInfo<SpaceOf<T>>> {
		let record = Spaces::<T>::get(id)?;
		let status = record.effective_status(Self::now());
		Some(SpaceInfo { id, record, status })
	}

	/// Up to `limit` (at most `MaxPageSize`) participants of `space`, in storage order,
	/// starting after `start_after` (the last identifier of the previous page).
	pub fn participants_of_space(
		space: SpaceId,
		start_after: Option<IdentityId>,
		limit: u32,
	) -> Vec<ParticipantInfo<ParticipantOf<T>>> {
		let limit = usize::try_from(limit.min(T::MaxPageSize::get())).unwrap_or(0);
		let ids: Vec<IdentityId> = match start_after {
			Some(after) => SpaceMembers::<T>::iter_key_prefix_from(
				space,
				SpaceMembers::<T>::hashed_key_for(space, after),
			)
			.take(limit)
			.collect(),
			None => SpaceMembers::<T>::iter_key_prefix(space).take(limit).collect(),
		};
		ids.into_iter().filter_map(Self::participant_info).collect()
	}

	/// Whether identity `id` may act in `space`, with exactly the four-field minimal record.
	pub fn verify_cross_space(space: SpaceId, id: IdentityId) -> CrossSpaceVerdict {
		let Some(participant) = Participants::<T>::get(id) else {
			return CrossSpaceVerdict::NotRecognised;
		};
		if !Spaces::<T>::contains_key(space) {
			return CrossSpaceVerdict::NotRecognised;
		}
		let minimum_source = if participant.space == space {
			None
		} else {
			match Recognitions::<T>::get(space, participant.space) {
				Some(recognition) => recognition.minimum_source,
				None => return CrossSpaceVerdict::NotRecognised,
			}
		};
		let record = MinimalRecord {
			name: participant.name.to_vec(),
			uscc: participant.uscc(),
			id,
			home_space: participant.space,
			status: participant.effective_status(Self::now()),
		};
		let source_ok = match (minimum_source, &participant.verification) {
			(None, _) => true,
			(Some(minimum), Some(verification)) => verification.source.at_least(minimum),
			// A connector is vouched for by its operator, not verified from a source.
			(Some(_), None) => false,
		};
		let space_active = Spaces::<T>::get(space)
			.is_some_and(|s| s.effective_status(Self::now()) == SpaceStatus::Active);
		if source_ok && space_active && Self::standing_of(&participant).is_ok() {
			CrossSpaceVerdict::MayAct(record)
		} else {
			CrossSpaceVerdict::MayNotAct(record)
		}
	}

	/// Up to `limit` (at most `MaxPageSize`) history entries of `key`, from entry `from`.
	pub fn history(key: HistoryKey, from: u32, limit: u32) -> Vec<HistoryEntryOf<T>> {
		let end = from.saturating_add(limit.min(T::MaxPageSize::get()));
		(from..end.min(HistoryLength::<T>::get(key)))
			.filter_map(|index| History::<T>::get(key, index))
			.collect()
	}

	/// Storage invariants: every index agrees with the records it points to.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), frame::deps::sp_runtime::TryRuntimeError> {
		let next = NextSpaceId::<T>::get();
		for (id, space) in Spaces::<T>::iter() {
			ensure!(id < next, "space id at or above NextSpaceId");
			ensure!(!space.operators.is_empty(), "space without operators");
			for operator in &space.operators {
				ensure!(OperatorOf::<T>::get(operator) == Some(id), "operator not indexed");
			}
		}
		for (operator, id) in OperatorOf::<T>::iter() {
			let space = Spaces::<T>::get(id).ok_or("operator of a missing space")?;
			ensure!(space.operators.contains(&operator), "stale operator index");
			ensure!(!KeyOwner::<T>::contains_key(&operator), "operator is also a linked key");
		}
		for (id, participant) in Participants::<T>::iter() {
			ensure!(Spaces::<T>::contains_key(participant.space), "participant of a missing space");
			ensure!(
				SpaceMembers::<T>::contains_key(participant.space, id),
				"participant not in its space's members"
			);
			for key in &participant.keys {
				ensure!(KeyOwner::<T>::get(key) == Some(id), "key not indexed");
			}
			if let Some(uscc) = participant.uscc() {
				ensure!(UsccIndex::<T>::get(uscc) == Some(id), "USCC not indexed");
			}
			if let Subject::Connector { owner, .. } = participant.subject {
				let owner = Participants::<T>::get(owner).ok_or("connector without owner")?;
				ensure!(owner.subject.kind() == ParticipantKind::Organisation, "owner kind");
			}
			ensure!(
				participant.roles.0 & participant.requested_roles.0 == 0,
				"role both held and requested"
			);
		}
		for (key, id) in KeyOwner::<T>::iter() {
			let participant = Participants::<T>::get(id).ok_or("key of a missing identity")?;
			ensure!(participant.keys.contains(&key), "stale key index");
		}
		for (uscc, id) in UsccIndex::<T>::iter() {
			let participant = Participants::<T>::get(id).ok_or("USCC of a missing identity")?;
			ensure!(participant.uscc() == Some(uscc), "stale USCC index");
		}
		for (space, id, ()) in SpaceMembers::<T>::iter() {
			let participant = Participants::<T>::get(id).ok_or("member of nothing")?;
			ensure!(participant.space == space, "member of the wrong space");
		}
		for (key, length) in HistoryLength::<T>::iter() {
			for index in 0..length {
				ensure!(History::<T>::contains_key(key, index), "history gap");
			}
			ensure!(!History::<T>::contains_key(key, length), "history beyond its length");
		}
		Ok(())
	}
}

impl<T: Config> IdentityInspect<T::AccountId> for Pallet<T> {
	fn identity_of(who: &T::AccountId) -> Option<IdentityId> {
		KeyOwner::<T>::get(who)
	}

	fn status(id: &IdentityId) -> Option<ParticipantStatus> {
		Participants::<T>::get(id).map(|participant| participant.effective_status(Self::now()))
	}

	fn standing(id: &IdentityId) -> Result<(), Inactive> {
		let participant = Participants::<T>::get(id).ok_or(Inactive::Unknown)?;
		Self::standing_of(&participant)
	}

	fn has_role(id: &IdentityId, role: Role) -> bool {
		Participants::<T>::get(id).is_some_and(|participant| participant.roles.contains(role))
	}

	fn home_space(id: &IdentityId) -> Option<SpaceId> {
		Participants::<T>::get(id).map(|participant| participant.space)
	}

	fn owner_of(id: &IdentityId) -> Option<IdentityId> {
		match Participants::<T>::get(id)?.subject {
			Subject::Connector { owner, .. } => Some(owner),
			_ => None,
		}
	}

	fn operated_space(who: &T::AccountId) -> Option<SpaceId> {
		let space = OperatorOf::<T>::get(who)?;
		let active = Spaces::<T>::get(space)
			.is_some_and(|record| record.effective_status(Self::now()) == SpaceStatus::Active);
		active.then_some(space)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// Makes `who` the key of an active connector of an active organisation in an active space:
	/// the costliest standing to check (connector, owner, space). For other pallets' benchmarks.
	pub fn benchmark_active_identity(who: &T::AccountId) {
		let space = NextSpaceId::<T>::get();
		NextSpaceId::<T>::put(space.saturating_add(1));
		let operator: T::AccountId = frame::benchmarking::prelude::account("operator", space, 0);
		OperatorOf::<T>::insert(&operator, space);
		let qualification = Qualification {
			report: Digest::zero(),
			verifier: BoundedVec::default(),
			verdict: Verdict::Pass,
			valid_from: 0,
			valid_until: Moment::MAX,
			scenarios: Digest::zero(),
			restrictions: Digest::zero(),
			verified_on: 0,
		};
		Spaces::<T>::insert(
			space,
			Space {
				name: BoundedVec::default(),
				space_type: SpaceType::Enterprise,
				operators: BoundedVec::truncate_from(alloc::vec![operator]),
				level: 0,
				qualifications: BoundedVec::truncate_from(alloc::vec![qualification]),
				status: SpaceStatus::Active,
				filed_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		let owner = IdentityId::repeat_byte(0xb0);
		let connector = identity_id(&IdentityKey::Connector { owner, metadata: Digest::zero() });
		let participant = |subject, keys: Vec<T::AccountId>| Participant {
			space,
			name: BoundedVec::default(),
			subject,
			status: ParticipantStatus::Active,
			verification: None,
			roles: Roles::default(),
			requested_roles: Roles::default(),
			keys: BoundedVec::truncate_from(keys),
			registered_at: frame_system::Pallet::<T>::block_number(),
		};
		// The owner's identifier is not derived from its USCC here: only the invariants of this
		// pallet's own tests relate the two, and other pallets' benchmarks need not.
		if let Ok(uscc) = Uscc::parse(b"914403001922038216") {
			Participants::<T>::insert(
				owner,
				participant(Subject::Organisation { uscc }, alloc::vec![]),
			);
			UsccIndex::<T>::insert(uscc, owner);
			SpaceMembers::<T>::insert(space, owner, ());
		}
		Participants::<T>::insert(
			connector,
			participant(
				Subject::Connector { owner, metadata: Digest::zero(), last_heartbeat: None },
				alloc::vec![who.clone()],
			),
		);
		SpaceMembers::<T>::insert(space, connector, ());
		KeyOwner::<T>::insert(who, connector);
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// An active space operated by `operator`, valid for ever. For other pallets' benchmarks.
	pub fn benchmark_space(operator: &T::AccountId) -> SpaceId {
		let space = NextSpaceId::<T>::get();
		NextSpaceId::<T>::put(space.saturating_add(1));
		OperatorOf::<T>::insert(operator, space);
		Self::ensure_account_exists(operator);
		let qualification = Qualification {
			report: Digest::zero(),
			verifier: BoundedVec::default(),
			verdict: Verdict::Pass,
			valid_from: 0,
			valid_until: Moment::MAX,
			scenarios: Digest::zero(),
			restrictions: Digest::zero(),
			verified_on: 0,
		};
		Spaces::<T>::insert(
			space,
			Space {
				name: BoundedVec::default(),
				space_type: SpaceType::Enterprise,
				operators: BoundedVec::truncate_from(alloc::vec![operator.clone()]),
				level: 0,
				qualifications: BoundedVec::truncate_from(alloc::vec![qualification]),
				status: SpaceStatus::Active,
				filed_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		space
	}

	/// An active organisation of `space` with `roles`, linked to `key`, its USCC derived from
	/// `seed`. For other pallets' benchmarks.
	pub fn benchmark_organisation(
		space: SpaceId,
		key: &T::AccountId,
		roles: Roles,
		seed: u32,
	) -> IdentityId {
		let mut code = alloc::format!("91440300{:09}", seed % 1_000_000_000).into_bytes();
		code.push(Uscc::check_character(&code).unwrap_or(b'0'));
		let Ok(uscc) = Uscc::parse(&code) else { return IdentityId::zero() };
		let id = identity_id(&IdentityKey::Organisation(uscc));
		Participants::<T>::insert(
			id,
			Participant {
				space,
				name: BoundedVec::default(),
				subject: Subject::Organisation { uscc },
				status: ParticipantStatus::Active,
				verification: None,
				roles,
				requested_roles: Roles::default(),
				keys: BoundedVec::truncate_from(alloc::vec![key.clone()]),
				registered_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		UsccIndex::<T>::insert(uscc, id);
		SpaceMembers::<T>::insert(space, id, ());
		KeyOwner::<T>::insert(key, id);
		Self::ensure_account_exists(key);
		id
	}
}
