//! Benchmarks of `pallet-identity-registry` (frame-benchmarking v2).
//!
//! Every call is measured on its most expensive path:
//!
//! - names, verifier names and materials' verifier names at `MaxNameLength`;
//! - spaces filed through the calls with `MaxOperators` operators and `MaxQualifications`
//!   reports, the signing operator last in the list (the membership scan's worst case);
//! - participants sanctioned or rotating keys are verified connectors with full
//!   verification records (their standing also reads their owner); key calls are signed by the
//!   identity's own last key, which is also the key acted on;
//! - space suspensions and participant sanctions are signed by a regulator appointed through the
//!   calls (the signer's key, identity and space are read) rather than by the council;
//! - renewals and verifications change the status (and so announce it).
//!
//! Block time is whatever [`Config::Time`] answers (0 at genesis in the runtime, without any
//! dependency on `pallet-timestamp` here): reports and verifications are valid from 0 to
//! `FAR_FUTURE`.

use super::*;
use alloc::{format, vec, vec::Vec};
use frame::benchmarking::prelude::*;

/// End of validity of every report and verification: beyond any block time.
const FAR_FUTURE: Moment = Moment::MAX / 2;

// Seeds of the spaces of a benchmark: each gives its own operator accounts, and the USCC of the
// organisation registered in it.
/// The space (and organisation) acted on.
const TARGET: u32 = 1;
/// The regulator's space and organisation.
const REGULATOR: u32 = 2;
/// The other space (a recognised one).
const OTHER: u32 = 3;

fn assert_last_event<T: Config>(event: <T as frame_system::Config>::RuntimeEvent) {
	frame_system::Pallet::<T>::assert_last_event(event);
}

fn signed<T: Config>(who: &T::AccountId) -> T::RuntimeOrigin {
	RawOrigin::Signed(who.clone()).into()
}

/// The council's origin.
fn admin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// The filing origin and the council member it stands for.
fn filer<T: Config>() -> Result<(T::RuntimeOrigin, T::AccountId), BenchmarkError> {
	let origin =
		T::FilingOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
	let by = T::FilingOrigin::ensure_origin(origin.clone())
		.map_err(|_| BenchmarkError::Stop("the filing origin refuses its own successful origin"))?;
	Ok((origin, by))
}

/// A name of `MaxNameLength` bytes.
fn full_name<T: Config>() -> Vec<u8> {
	vec![b'n'; usize::try_from(T::MaxNameLength::get()).unwrap_or_default()]
}

fn full_bounded_name<T: Config>() -> BoundedVec<u8, T::MaxNameLength> {
	BoundedVec::truncate_from(full_name::<T>())
}

/// `count` distinct operator accounts for the space of `seed`.
fn operators<T: Config>(count: u32, seed: u32) -> Vec<T::AccountId> {
	(0..count).map(|index| account("operator", index, seed)).collect()
}

/// `count` passing reports valid from 0 to [`FAR_FUTURE`].
fn qualifications<T: Config>(count: u32) -> Vec<QualificationOf<T>> {
	(0..count)
		.map(|_| Qualification {
			report: Digest::repeat_byte(0xa1),
			verifier: full_bounded_name::<T>(),
			verdict: Verdict::ConditionalPass,
			valid_from: 0,
			valid_until: FAR_FUTURE,
			scenarios: Digest::repeat_byte(0xa2),
			restrictions: Digest::repeat_byte(0xa3),
			verified_on: 0,
		})
		.collect()
}

/// A self-built verification with its compliance materials (the largest record), valid until
/// [`FAR_FUTURE`].
fn verification<T: Config>() -> VerificationOf<T> {
	Verification {
		source: VerificationSource::SelfBuilt,
		verifier: full_bounded_name::<T>(),
		verified_on: 0,
		valid_until: Some(FAR_FUTURE),
		materials: Some(ComplianceMaterials {
			licence_copy: Digest::repeat_byte(0xb1),
			representative_id: Digest::repeat_byte(0xb2),
			commitment_letter: Digest::repeat_byte(0xb3),
			verifier: full_bounded_name::<T>(),
			verified_on: 0,
		}),
	}
}

/// A valid USCC (GB 32100-2015), distinct for each `index` below 10⁹: an enterprise of Shenzhen
/// (`91` `440300`), the index as its nine-character organisation code, and the check character.
fn uscc(index: u32) -> Result<Vec<u8>, BenchmarkError> {
	let number = index % 1_000_000_000;
	let mut code = format!("91440300{number:09}").into_bytes();
	let check = Uscc::check_character(&code)
		.ok_or(BenchmarkError::Stop("USCC prefix outside the alphabet"))?;
	code.push(check);
	Ok(code)
}

/// The organisation of USCC number `index`, as given at registration, and its identifier.
fn organisation(index: u32) -> Result<(NewSubject, IdentityId), BenchmarkError> {
	let code = uscc(index)?;
	let parsed = Uscc::parse(&code).map_err(|_| BenchmarkError::Stop("invalid USCC"))?;
	let uscc = BoundedVec::try_from(code).map_err(|_| BenchmarkError::Stop("USCC too long"))?;
	Ok((NewSubject::Organisation { uscc }, identity_id(&IdentityKey::Organisation(parsed))))
}

/// Files a space with `MaxOperators` operators and `MaxQualifications` reports; returns it and
/// its last operator.
fn filed_space<T: Config>(seed: u32) -> Result<(SpaceId, T::AccountId), BenchmarkError> {
	let (origin, _) = filer::<T>()?;
	let operators = operators::<T>(T::MaxOperators::get(), seed);
	let operator = operators.last().cloned().ok_or(BenchmarkError::Stop("no operator"))?;
	let space = NextSpaceId::<T>::get();
	Pallet::<T>::file_space(
		origin,
		full_name::<T>(),
		SpaceType::CrossBorder,
		operators,
		qualifications::<T>(T::MaxQualifications::get()),
	)?;
	Ok((space, operator))
}

/// Files and approves a full space; returns it and its last operator.
fn active_space<T: Config>(seed: u32) -> Result<(SpaceId, T::AccountId), BenchmarkError> {
	let (space, operator) = filed_space::<T>(seed)?;
	Pallet::<T>::approve_space(admin::<T>()?, space, Digest::zero())?;
	Ok((space, operator))
}

/// Registers organisation `index` in `space` and verifies it.
fn active_org<T: Config>(
	space: SpaceId,
	operator: &T::AccountId,
	index: u32,
	key: Option<T::AccountId>,
) -> Result<IdentityId, BenchmarkError> {
	let (subject, id) = organisation(index)?;
	Pallet::<T>::register_participant(
		signed::<T>(operator),
		space,
		subject,
		full_name::<T>(),
		key,
	)?;
	Pallet::<T>::verify_participant(signed::<T>(operator), id, verification::<T>())?;
	Ok(id)
}

/// Appoints a regulator through the calls (a full space, an organisation registered and
/// verified in it, appointed by the council); returns its signing key, the whitelisted caller.
fn regulator<T: Config>() -> Result<T::AccountId, BenchmarkError> {
	let (space, operator) = active_space::<T>(REGULATOR)?;
	let key: T::AccountId = whitelisted_caller();
	let id = active_org::<T>(space, &operator, REGULATOR, Some(key.clone()))?;
	Pallet::<T>::appoint(admin::<T>()?, id, Role::Regulator)?;
	Ok(key)
}

/// An active participant with linked accounts, in a full space of its own: a verified connector
/// of an active organisation (its standing reads its owner too) or, where roles are concerned,
/// the organisation itself.
struct Member<T: Config> {
	/// The last operator of its space.
	operator: T::AccountId,
	/// The connector.
	id: IdentityId,
	/// Its linked accounts, in order.
	keys: Vec<T::AccountId>,
}

impl<T: Config> Member<T> {
	/// An organisation with `keys` linked accounts (at least one), in the space of `seed`.
	fn organisation(seed: u32, keys: u32) -> Result<Self, BenchmarkError> {
		let (space, operator) = active_space::<T>(seed)?;
		let keys: Vec<T::AccountId> =
			(0..keys.max(1)).map(|index| account("member key", index, seed)).collect();
		let first = keys.first().cloned().ok_or(BenchmarkError::Stop("no key"))?;
		let id = active_org::<T>(space, &operator, seed, Some(first))?;
		for key in keys.iter().skip(1) {
			Pallet::<T>::add_key(signed::<T>(&operator), id, key.clone())?;
		}
		Ok(Self { operator, id, keys })
	}

	/// A connector with `keys` linked accounts (at least one), in the space of `seed`.
	fn new(seed: u32, keys: u32) -> Result<Self, BenchmarkError> {
		let (space, operator) = active_space::<T>(seed)?;
		let owner = active_org::<T>(space, &operator, seed, None)?;
		let keys: Vec<T::AccountId> =
			(0..keys.max(1)).map(|index| account("connector key", index, seed)).collect();
		let first = keys.first().cloned().ok_or(BenchmarkError::Stop("no key"))?;
		let metadata = Digest::repeat_byte(0xc1);
		Pallet::<T>::register_connector(
			signed::<T>(&operator),
			owner,
			full_name::<T>(),
			metadata,
			first,
		)?;
		let id = identity_id(&IdentityKey::Connector { owner, metadata });
		Pallet::<T>::verify_participant(signed::<T>(&operator), id, verification::<T>())?;
		for key in keys.iter().skip(1) {
			Pallet::<T>::add_key(signed::<T>(&operator), id, key.clone())?;
		}
		Ok(Self { operator, id, keys })
	}

	/// Its last linked account.
	fn last_key(&self) -> Result<T::AccountId, BenchmarkError> {
		self.keys.last().cloned().ok_or(BenchmarkError::Stop("no key"))
	}

	fn record(&self) -> Option<ParticipantOf<T>> {
		Participants::<T>::get(self.id)
	}
}

fn space_status<T: Config>(space: SpaceId) -> Option<SpaceStatus> {
	Spaces::<T>::get(space).map(|record| record.status)
}

fn participant_status<T: Config>(id: IdentityId) -> Option<ParticipantStatus> {
	Participants::<T>::get(id).map(|record| record.status)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn file_space(
		o: Linear<1, { T::MaxOperators::get() }>,
		q: Linear<1, { T::MaxQualifications::get() }>,
	) -> Result<(), BenchmarkError> {
		let (origin, by) = filer::<T>()?;
		let operators = operators::<T>(o, TARGET);
		let qualifications = qualifications::<T>(q);
		let space = NextSpaceId::<T>::get();

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			full_name::<T>(),
			SpaceType::CrossBorder,
			operators,
			qualifications,
		);

		assert_eq!(space_status::<T>(space), Some(SpaceStatus::Filed));
		assert_last_event::<T>(Event::<T>::SpaceFiled { space, by }.into());
		Ok(())
	}

	#[benchmark]
	fn approve_space() -> Result<(), BenchmarkError> {
		let (space, _) = filed_space::<T>(TARGET)?;
		let origin = admin::<T>()?;
		let reason = Digest::repeat_byte(0x01);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, space, reason);

		assert_eq!(space_status::<T>(space), Some(SpaceStatus::Active));
		assert_last_event::<T>(
			Event::<T>::SpaceStatusChanged {
				space,
				from: SpaceStatus::Filed,
				to: SpaceStatus::Active,
				actor: Actor::Council,
				reason,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn suspend_space() -> Result<(), BenchmarkError> {
		let regulator = regulator::<T>()?;
		let (space, _) = active_space::<T>(TARGET)?;
		let reason = Digest::repeat_byte(0x02);

		#[extrinsic_call]
		_(RawOrigin::Signed(regulator.clone()), space, reason);

		assert_eq!(space_status::<T>(space), Some(SpaceStatus::Suspended));
		assert_last_event::<T>(
			Event::<T>::SpaceStatusChanged {
				space,
				from: SpaceStatus::Active,
				to: SpaceStatus::Suspended,
				actor: Actor::Account(regulator),
				reason,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn reinstate_space() -> Result<(), BenchmarkError> {
		let (space, _) = active_space::<T>(TARGET)?;
		Pallet::<T>::suspend_space(admin::<T>()?, space, Digest::zero())?;
		let origin = admin::<T>()?;
		let reason = Digest::repeat_byte(0x03);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, space, reason);

		assert_eq!(space_status::<T>(space), Some(SpaceStatus::Active));
		assert_last_event::<T>(
			Event::<T>::SpaceStatusChanged {
				space,
				from: SpaceStatus::Suspended,
				to: SpaceStatus::Active,
				actor: Actor::Council,
				reason,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn revoke_space() -> Result<(), BenchmarkError> {
		let (space, _) = active_space::<T>(TARGET)?;
		let origin = admin::<T>()?;
		let reason = Digest::repeat_byte(0x04);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, space, reason);

		assert_eq!(space_status::<T>(space), Some(SpaceStatus::Revoked));
		assert_last_event::<T>(
			Event::<T>::SpaceStatusChanged {
				space,
				from: SpaceStatus::Active,
				to: SpaceStatus::Revoked,
				actor: Actor::Council,
				reason,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn renew_space_qualifications(
		q: Linear<1, { T::MaxQualifications::get() }>,
	) -> Result<(), BenchmarkError> {
		let (space, _) = active_space::<T>(TARGET)?;
		// One report lapses now: renewing an expired space also changes (and announces) its
		// status. Written directly, as no call stores a lapsed report.
		let mut record = Spaces::<T>::get(space).ok_or(BenchmarkError::Stop("no space"))?;
		if let Some(report) = record.qualifications.iter_mut().next_back() {
			report.valid_until = Pallet::<T>::now();
		}
		Spaces::<T>::insert(space, record);
		let qualifications = qualifications::<T>(q);
		let origin = admin::<T>()?;
		let reason = Digest::repeat_byte(0x05);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, space, qualifications, reason);

		assert_eq!(space_status::<T>(space), Some(SpaceStatus::Active));
		assert_last_event::<T>(
			Event::<T>::SpaceStatusChanged {
				space,
				from: SpaceStatus::Expired,
				to: SpaceStatus::Active,
				actor: Actor::Council,
				reason,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn set_space_level() -> Result<(), BenchmarkError> {
		let (space, _) = active_space::<T>(TARGET)?;
		let origin = admin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, space, u8::MAX, Digest::repeat_byte(0x06));

		assert_eq!(Spaces::<T>::get(space).map(|record| record.level), Some(u8::MAX));
		assert_last_event::<T>(
			Event::<T>::SpaceLevelChanged { space, from: 0, to: u8::MAX }.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn set_space_operators(o: Linear<1, { T::MaxOperators::get() }>) -> Result<(), BenchmarkError> {
		// `MaxOperators` operators are replaced by `o` accounts not in use yet.
		let (space, _) = active_space::<T>(TARGET)?;
		let operators: Vec<T::AccountId> =
			(0..o).map(|index| account("new operator", index, TARGET)).collect();
		let expected = operators.clone();
		let origin = admin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, space, operators);

		assert_eq!(
			Spaces::<T>::get(space).map(|record| record.operators.into_inner()),
			Some(expected)
		);
		assert_last_event::<T>(Event::<T>::SpaceOperatorsChanged { space }.into());
		Ok(())
	}

	#[benchmark]
	fn appoint() -> Result<(), BenchmarkError> {
		let connector = Member::<T>::organisation(TARGET, T::MaxKeys::get())?;
		let origin = admin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, connector.id, Role::Regulator);

		assert!(connector.record().is_some_and(|record| record.roles.contains(Role::Regulator)));
		assert_last_event::<T>(
			Event::<T>::RoleGranted {
				id: connector.id,
				role: Role::Regulator,
				actor: Actor::Council,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn dismiss() -> Result<(), BenchmarkError> {
		let connector = Member::<T>::organisation(TARGET, T::MaxKeys::get())?;
		Pallet::<T>::appoint(admin::<T>()?, connector.id, Role::Regulator)?;
		let origin = admin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, connector.id, Role::Regulator);

		assert!(connector.record().is_some_and(|record| !record.roles.contains(Role::Regulator)));
		assert_last_event::<T>(
			Event::<T>::RoleRevoked {
				id: connector.id,
				role: Role::Regulator,
				actor: Actor::Council,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn register_participant() -> Result<(), BenchmarkError> {
		// An organisation (its USCC is parsed and indexed) with a first key.
		let (space, operator) = active_space::<T>(TARGET)?;
		let (subject, id) = organisation(TARGET)?;
		let key: T::AccountId = account("key", 0, TARGET);

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), space, subject, full_name::<T>(), Some(key.clone()));

		assert_eq!(participant_status::<T>(id), Some(ParticipantStatus::Pending));
		assert_eq!(KeyOwner::<T>::get(&key), Some(id));
		assert_last_event::<T>(Event::<T>::KeyAdded { id, account: key }.into());
		Ok(())
	}

	#[benchmark]
	fn register_connector() -> Result<(), BenchmarkError> {
		let (space, operator) = active_space::<T>(TARGET)?;
		let owner = active_org::<T>(space, &operator, TARGET, None)?;
		let metadata = Digest::repeat_byte(0xc1);
		let key: T::AccountId = account("connector key", 0, TARGET);
		let id = identity_id(&IdentityKey::Connector { owner, metadata });

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), owner, full_name::<T>(), metadata, key.clone());

		assert_eq!(participant_status::<T>(id), Some(ParticipantStatus::Active));
		assert_eq!(KeyOwner::<T>::get(&key), Some(id));
		assert_last_event::<T>(Event::<T>::KeyAdded { id, account: key }.into());
		Ok(())
	}

	#[benchmark]
	fn verify_participant() -> Result<(), BenchmarkError> {
		// A pending organisation becomes active: the status change is recorded and announced.
		let (space, operator) = active_space::<T>(TARGET)?;
		let (subject, id) = organisation(TARGET)?;
		let key: T::AccountId = account("key", 0, TARGET);
		Pallet::<T>::register_participant(
			signed::<T>(&operator),
			space,
			subject,
			full_name::<T>(),
			Some(key),
		)?;
		let verification = verification::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), id, verification);

		assert_eq!(participant_status::<T>(id), Some(ParticipantStatus::Active));
		assert_last_event::<T>(
			Event::<T>::ParticipantStatusChanged {
				id,
				from: ParticipantStatus::Pending,
				to: ParticipantStatus::Active,
				actor: Actor::Account(operator),
				reason: Digest::zero(),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn request_role() -> Result<(), BenchmarkError> {
		let connector = Member::<T>::organisation(TARGET, T::MaxKeys::get())?;
		let caller = connector.last_key()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), Role::Provider);

		assert!(connector
			.record()
			.is_some_and(|record| record.requested_roles.contains(Role::Provider)));
		assert_last_event::<T>(
			Event::<T>::RoleRequested { id: connector.id, role: Role::Provider }.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn grant_role() -> Result<(), BenchmarkError> {
		let connector = Member::<T>::organisation(TARGET, T::MaxKeys::get())?;
		Pallet::<T>::request_role(signed::<T>(&connector.last_key()?), Role::Provider)?;
		let operator = connector.operator.clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), connector.id, Role::Provider);

		assert!(connector.record().is_some_and(|record| record.roles.contains(Role::Provider)));
		assert_last_event::<T>(
			Event::<T>::RoleGranted {
				id: connector.id,
				role: Role::Provider,
				actor: Actor::Account(operator),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn revoke_role() -> Result<(), BenchmarkError> {
		let connector = Member::<T>::organisation(TARGET, T::MaxKeys::get())?;
		Pallet::<T>::request_role(signed::<T>(&connector.last_key()?), Role::Provider)?;
		Pallet::<T>::grant_role(signed::<T>(&connector.operator), connector.id, Role::Provider)?;
		let operator = connector.operator.clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), connector.id, Role::Provider);

		assert!(connector.record().is_some_and(|record| !record.roles.contains(Role::Provider)));
		assert_last_event::<T>(
			Event::<T>::RoleRevoked {
				id: connector.id,
				role: Role::Provider,
				actor: Actor::Account(operator),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn freeze_participant() -> Result<(), BenchmarkError> {
		let regulator = regulator::<T>()?;
		let connector = Member::<T>::new(TARGET, T::MaxKeys::get())?;
		let reason = Digest::repeat_byte(0x07);

		#[extrinsic_call]
		_(RawOrigin::Signed(regulator.clone()), connector.id, reason);

		assert_eq!(participant_status::<T>(connector.id), Some(ParticipantStatus::Frozen));
		assert_last_event::<T>(
			Event::<T>::ParticipantStatusChanged {
				id: connector.id,
				from: ParticipantStatus::Active,
				to: ParticipantStatus::Frozen,
				actor: Actor::Account(regulator),
				reason,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn unfreeze_participant() -> Result<(), BenchmarkError> {
		let regulator = regulator::<T>()?;
		let connector = Member::<T>::new(TARGET, T::MaxKeys::get())?;
		Pallet::<T>::freeze_participant(signed::<T>(&regulator), connector.id, Digest::zero())?;
		let reason = Digest::repeat_byte(0x08);

		#[extrinsic_call]
		_(RawOrigin::Signed(regulator.clone()), connector.id, reason);

		assert_eq!(participant_status::<T>(connector.id), Some(ParticipantStatus::Active));
		assert_last_event::<T>(
			Event::<T>::ParticipantStatusChanged {
				id: connector.id,
				from: ParticipantStatus::Frozen,
				to: ParticipantStatus::Active,
				actor: Actor::Account(regulator),
				reason,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn revoke_participant() -> Result<(), BenchmarkError> {
		let regulator = regulator::<T>()?;
		let connector = Member::<T>::new(TARGET, T::MaxKeys::get())?;
		let reason = Digest::repeat_byte(0x09);

		#[extrinsic_call]
		_(RawOrigin::Signed(regulator.clone()), connector.id, reason);

		assert_eq!(participant_status::<T>(connector.id), Some(ParticipantStatus::Revoked));
		assert_last_event::<T>(
			Event::<T>::ParticipantStatusChanged {
				id: connector.id,
				from: ParticipantStatus::Active,
				to: ParticipantStatus::Revoked,
				actor: Actor::Account(regulator),
				reason,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn add_key() -> Result<(), BenchmarkError> {
		// `MaxKeys - 1` keys: the new one takes the last slot.
		let connector = Member::<T>::new(TARGET, T::MaxKeys::get().saturating_sub(1))?;
		let caller = connector.last_key()?;
		let key: T::AccountId = account("new key", 0, TARGET);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), connector.id, key.clone());

		assert_eq!(KeyOwner::<T>::get(&key), Some(connector.id));
		assert!(connector.record().is_some_and(|record| record.keys.is_full()));
		assert_last_event::<T>(Event::<T>::KeyAdded { id: connector.id, account: key }.into());
		Ok(())
	}

	#[benchmark]
	fn remove_key() -> Result<(), BenchmarkError> {
		// A full key list; the last key removes itself.
		let connector = Member::<T>::new(TARGET, T::MaxKeys::get())?;
		let key = connector.last_key()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(key.clone()), connector.id, key.clone());

		assert!(!KeyOwner::<T>::contains_key(&key));
		assert!(connector.record().is_some_and(|record| !record.keys.contains(&key)));
		assert_last_event::<T>(Event::<T>::KeyRemoved { id: connector.id, account: key }.into());
		Ok(())
	}

	#[benchmark]
	fn rotate_key() -> Result<(), BenchmarkError> {
		// A full key list; the last key rotates itself away.
		let connector = Member::<T>::new(TARGET, T::MaxKeys::get())?;
		let old = connector.last_key()?;
		let new: T::AccountId = account("new key", 0, TARGET);

		#[extrinsic_call]
		_(RawOrigin::Signed(old.clone()), connector.id, old.clone(), new.clone());

		assert!(!KeyOwner::<T>::contains_key(&old));
		assert_eq!(KeyOwner::<T>::get(&new), Some(connector.id));
		assert_last_event::<T>(Event::<T>::KeyAdded { id: connector.id, account: new }.into());
		Ok(())
	}

	#[benchmark]
	fn connector_heartbeat() -> Result<(), BenchmarkError> {
		let connector = Member::<T>::new(TARGET, T::MaxKeys::get())?;
		let caller = connector.last_key()?;
		let metadata = Digest::repeat_byte(0xc2);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), Some(metadata));

		assert!(matches!(
			connector.record().map(|record| record.subject),
			Some(Subject::Connector { metadata: current, last_heartbeat: Some(_), .. })
				if current == metadata
		));
		assert_last_event::<T>(
			Event::<T>::ConnectorHeartbeat { id: connector.id, metadata }.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn recognise_space() -> Result<(), BenchmarkError> {
		let (recognised, _) = active_space::<T>(OTHER)?;
		let (space, operator) = active_space::<T>(TARGET)?;
		let minimum_source = Some(VerificationSource::ThirdParty);

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), space, recognised, minimum_source);

		assert_eq!(
			Recognitions::<T>::get(space, recognised).map(|recognition| recognition.minimum_source),
			Some(minimum_source)
		);
		assert_last_event::<T>(
			Event::<T>::SpaceRecognised { space, recognised, minimum_source }.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn withdraw_recognition() -> Result<(), BenchmarkError> {
		let (recognised, _) = active_space::<T>(OTHER)?;
		let (space, operator) = active_space::<T>(TARGET)?;
		Pallet::<T>::recognise_space(
			signed::<T>(&operator),
			space,
			recognised,
			Some(VerificationSource::ThirdParty),
		)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), space, recognised);

		assert!(!Recognitions::<T>::contains_key(space, recognised));
		assert_last_event::<T>(Event::<T>::RecognitionWithdrawn { space, recognised }.into());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
