//! Storage and call types of the identity registry, and its two pure state machines.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame::prelude::*;
use scale_info::TypeInfo;
pub use tds_primitives::{
	identity::{
		did, identity_id, parse_did, CrossSpaceVerdict, Digest, IdentityId, IdentityInspect,
		IdentityKey, Inactive, MinimalRecord, OnIdentityStatusChanged, ParticipantKind,
		ParticipantStatus, Role, Roles, SpaceId, SpaceStatus, SpaceType, Uscc, UsccError,
		VerificationSource,
	},
	Moment,
};

/// The verdict of a qualification report.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Verdict {
	/// Passed.
	Pass,
	/// Passed with conditions (recorded in the restrictions).
	ConditionalPass,
	/// Failed: such a report cannot qualify a space.
	Fail,
}

/// A qualification report of a space (004 §2.2.1.2): ISO 27701, MLPS level 2+, DSMC, …
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(NameLength))]
pub struct Qualification<NameLength: Get<u32>> {
	/// Digest of the report document.
	pub report: Digest,
	/// Who verified it (the certification or review body), UTF-8.
	pub verifier: BoundedVec<u8, NameLength>,
	/// The report's verdict.
	pub verdict: Verdict,
	/// Start of validity, Unix milliseconds.
	pub valid_from: Moment,
	/// End of validity, Unix milliseconds: the space expires when it passes.
	pub valid_until: Moment,
	/// Digest of the applicable scenarios.
	pub scenarios: Digest,
	/// Digest of the restrictions.
	pub restrictions: Digest,
	/// Date of verification, Unix milliseconds.
	pub verified_on: Moment,
}

impl<NameLength: Get<u32>> Qualification<NameLength> {
	/// Whether the report can qualify a space: not failed, and a non-empty validity period.
	pub fn is_well_formed(&self) -> bool {
		self.verdict != Verdict::Fail && self.valid_from < self.valid_until
	}
}

/// A trusted data space.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(NameLength, MaxOperators, MaxQualifications))]
pub struct Space<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	NameLength: Get<u32>,
	MaxOperators: Get<u32>,
	MaxQualifications: Get<u32>,
> {
	/// Name of the space, UTF-8.
	pub name: BoundedVec<u8, NameLength>,
	/// Kind of space.
	pub space_type: SpaceType,
	/// Accounts that operate the space: they register and manage its participants.
	pub operators: BoundedVec<AccountId, MaxOperators>,
	/// Qualification level, raised or lowered by the council.
	pub level: u8,
	/// Current qualification reports; the space expires when any of them lapses.
	pub qualifications: BoundedVec<Qualification<NameLength>, MaxQualifications>,
	/// Stored status; see [`Space::effective_status`].
	pub status: SpaceStatus,
	/// Block at which it was filed.
	pub filed_at: BlockNumber,
}

impl<
		AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
		BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
		NameLength: Get<u32>,
		MaxOperators: Get<u32>,
		MaxQualifications: Get<u32>,
	> Space<AccountId, BlockNumber, NameLength, MaxOperators, MaxQualifications>
{
	/// The status at time `now`: an active space whose qualification lapsed is expired.
	pub fn effective_status(&self, now: Moment) -> SpaceStatus {
		let lapsed = self.qualifications.iter().any(|q| q.valid_until <= now);
		match self.status {
			SpaceStatus::Active if lapsed => SpaceStatus::Expired,
			status => status,
		}
	}
}

/// Extra compliance materials, required for third-party and self-built verification (000 §3.1).
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(NameLength))]
pub struct ComplianceMaterials<NameLength: Get<u32>> {
	/// Digest of the manually verified copy of the business licence.
	pub licence_copy: Digest,
	/// Digest of the legal representative's or authorised agent's ID document.
	pub representative_id: Digest,
	/// Digest of the compliance commitment letter bearing the company seal.
	pub commitment_letter: Digest,
	/// Who verified the materials, UTF-8.
	pub verifier: BoundedVec<u8, NameLength>,
	/// Date of verification, Unix milliseconds.
	pub verified_on: Moment,
}

/// How an identity was verified.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(NameLength))]
pub struct Verification<NameLength: Get<u32>> {
	/// The verification source.
	pub source: VerificationSource,
	/// Who verified (the source's name), UTF-8.
	pub verifier: BoundedVec<u8, NameLength>,
	/// Date of verification, Unix milliseconds.
	pub verified_on: Moment,
	/// End of validity, Unix milliseconds; the identity expires when it passes.
	pub valid_until: Option<Moment>,
	/// Compliance materials (mandatory for third-party and self-built sources).
	pub materials: Option<ComplianceMaterials<NameLength>>,
}

/// What a participant is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub enum Subject {
	/// An organisation and its USCC.
	Organisation {
		/// Unified social credit code.
		uscc: Uscc,
	},
	/// A natural person: only a salted digest of the ID number is kept.
	Person {
		/// Salted digest of the ID number.
		id_digest: Digest,
	},
	/// A connector of an organisation.
	Connector {
		/// The owning organisation.
		owner: IdentityId,
		/// Current metadata digest (name, manufacturer number, version, endpoints).
		metadata: Digest,
		/// Time of the last heartbeat, Unix milliseconds.
		last_heartbeat: Option<Moment>,
	},
}

impl Subject {
	/// The participant kind.
	pub fn kind(&self) -> ParticipantKind {
		match self {
			Subject::Organisation { .. } => ParticipantKind::Organisation,
			Subject::Person { .. } => ParticipantKind::Person,
			Subject::Connector { .. } => ParticipantKind::Connector,
		}
	}
}

/// How an operator identifies a new organisation or person at registration.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum NewSubject {
	/// An organisation with its USCC as printed (18 ASCII characters; validated on chain).
	Organisation {
		/// The USCC's characters.
		uscc: BoundedVec<u8, ConstU32<32>>,
	},
	/// A natural person, by the salted digest of the ID number (the number never goes on chain).
	Person {
		/// Salted digest of the ID number.
		id_digest: Digest,
	},
}

/// A registered participant.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(NameLength, MaxKeys))]
pub struct Participant<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	NameLength: Get<u32>,
	MaxKeys: Get<u32>,
> {
	/// Home space: its operator registered the participant.
	pub space: SpaceId,
	/// Name, UTF-8.
	pub name: BoundedVec<u8, NameLength>,
	/// What the participant is.
	pub subject: Subject,
	/// Stored status; see [`Participant::effective_status`].
	pub status: ParticipantStatus,
	/// The latest verification.
	pub verification: Option<Verification<NameLength>>,
	/// Roles held.
	pub roles: Roles,
	/// Roles applied for and awaiting the operator's review.
	pub requested_roles: Roles,
	/// Linked accounts: each may sign for the identity.
	pub keys: BoundedVec<AccountId, MaxKeys>,
	/// Block of registration.
	pub registered_at: BlockNumber,
}

impl<
		AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
		BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
		NameLength: Get<u32>,
		MaxKeys: Get<u32>,
	> Participant<AccountId, BlockNumber, NameLength, MaxKeys>
{
	/// The status at time `now`: an active participant whose verification lapsed is expired.
	pub fn effective_status(&self, now: Moment) -> ParticipantStatus {
		let lapsed = self
			.verification
			.as_ref()
			.and_then(|verification| verification.valid_until)
			.is_some_and(|valid_until| valid_until <= now);
		match self.status {
			ParticipantStatus::Active if lapsed => ParticipantStatus::Expired,
			status => status,
		}
	}

	/// The USCC, for organisations.
	pub fn uscc(&self) -> Option<Uscc> {
		match self.subject {
			Subject::Organisation { uscc } => Some(uscc),
			_ => None,
		}
	}
}

/// One space's recognition of identities verified by another space.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Recognition<BlockNumber> {
	/// Only identities verified by this source or a stronger one are recognised; `None` accepts
	/// any source.
	pub minimum_source: Option<VerificationSource>,
	/// Block at which the recognition was recorded.
	pub since: BlockNumber,
}

/// Who made a change.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum Actor<AccountId> {
	/// The consortium council (a 2/3 motion).
	Council,
	/// A signed account: an operator, a regulator, a council member or the identity itself.
	Account(AccountId),
}

/// What changed, in a history entry.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum Change<AccountId> {
	/// A space's status changed.
	SpaceStatus {
		/// Status before (effective).
		from: SpaceStatus,
		/// Status after.
		to: SpaceStatus,
	},
	/// A space's level was raised or lowered.
	SpaceLevel {
		/// Level before.
		from: u8,
		/// Level after.
		to: u8,
	},
	/// A space's qualification reports were renewed.
	QualificationsRenewed,
	/// A space's operators were replaced.
	OperatorsChanged,
	/// A participant's status changed.
	ParticipantStatus {
		/// Status before (effective).
		from: ParticipantStatus,
		/// Status after.
		to: ParticipantStatus,
	},
	/// A participant was verified.
	Verified {
		/// The verification source.
		source: VerificationSource,
	},
	/// A role was granted.
	RoleGranted {
		/// The role.
		role: Role,
	},
	/// A role was revoked or a request for it refused.
	RoleRevoked {
		/// The role.
		role: Role,
	},
	/// An account was linked.
	KeyAdded {
		/// The account.
		account: AccountId,
	},
	/// An account was unlinked.
	KeyRemoved {
		/// The account.
		account: AccountId,
	},
}

/// Whose history an entry belongs to.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum HistoryKey {
	/// A space.
	Space(SpaceId),
	/// A participant.
	Participant(IdentityId),
}

/// One entry of a space's or participant's history.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct HistoryEntry<AccountId, BlockNumber> {
	/// What changed.
	pub change: Change<AccountId>,
	/// Who changed it.
	pub actor: Actor<AccountId>,
	/// Digest of the reason (a decision, a violation report); zero when none applies.
	pub reason: Digest,
	/// Block of the change.
	pub at: BlockNumber,
}

/// A participant with its identifier and current standing, as answered by queries.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ParticipantInfo<Record> {
	/// Identifier.
	pub id: IdentityId,
	/// The stored record.
	pub record: Record,
	/// Its own effective status (expiry included).
	pub status: ParticipantStatus,
	/// Whether it may act now, and if not why.
	pub standing: Result<(), Inactive>,
}

/// A space with its identifier and current status, as answered by queries.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct SpaceInfo<Record> {
	/// Identifier.
	pub id: SpaceId,
	/// The stored record.
	pub record: Record,
	/// Its effective status (expiry included).
	pub status: SpaceStatus,
}

/// Why a state machine refused an action (shared by every pallet's `transition`).
pub use tds_primitives::InvalidTransition;

/// What can happen to a space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpaceAction {
	/// The council approves a filed space: it joins the whitelist.
	Approve,
	/// The council or a regulator suspends it.
	Suspend,
	/// The council reinstates a suspended space.
	Reinstate,
	/// The council revokes it for good (a filed space: the filing is refused).
	Revoke,
	/// The council records renewed qualifications: an expired space becomes active again.
	Renew,
}

/// The space state machine, from the effective status.
pub fn space_transition(
	from: SpaceStatus,
	action: SpaceAction,
) -> Result<SpaceStatus, InvalidTransition> {
	use SpaceAction::*;
	use SpaceStatus::*;
	match (from, action) {
		(Filed, Approve) => Ok(Active),
		(Active | Expired, Suspend) => Ok(Suspended),
		(Suspended, Reinstate) => Ok(Active),
		(Filed | Active | Suspended | Expired, Revoke) => Ok(Revoked),
		(Active | Expired, Renew) => Ok(Active),
		(Filed, Renew) => Ok(Filed),
		(Suspended, Renew) => Ok(Suspended),
		_ => Err(InvalidTransition),
	}
}

/// What can happen to a participant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParticipantAction {
	/// The operator records a (re-)verification: pending or expired becomes active.
	Verify,
	/// The operator or a regulator freezes it.
	Freeze,
	/// The operator or a regulator lifts a freeze.
	Unfreeze,
	/// The operator or a regulator revokes it for good.
	Revoke,
}

/// The participant state machine, from the effective status.
pub fn participant_transition(
	from: ParticipantStatus,
	action: ParticipantAction,
) -> Result<ParticipantStatus, InvalidTransition> {
	use ParticipantAction::*;
	use ParticipantStatus::*;
	match (from, action) {
		(Pending | Active | Expired, Verify) => Ok(Active),
		(Active | Expired, Freeze) => Ok(Frozen),
		(Frozen, Unfreeze) => Ok(Active),
		(Pending | Active | Frozen | Expired, Revoke) => Ok(Revoked),
		_ => Err(InvalidTransition),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn space_transition_table() {
		use SpaceAction::*;
		use SpaceStatus::*;
		let table = [
			(Filed, Approve, Ok(Active)),
			(Filed, Suspend, Err(InvalidTransition)),
			(Filed, Reinstate, Err(InvalidTransition)),
			(Filed, Revoke, Ok(Revoked)),
			(Filed, Renew, Ok(Filed)),
			(Active, Approve, Err(InvalidTransition)),
			(Active, Suspend, Ok(Suspended)),
			(Active, Reinstate, Err(InvalidTransition)),
			(Active, Revoke, Ok(Revoked)),
			(Active, Renew, Ok(Active)),
			(Suspended, Approve, Err(InvalidTransition)),
			(Suspended, Suspend, Err(InvalidTransition)),
			(Suspended, Reinstate, Ok(Active)),
			(Suspended, Revoke, Ok(Revoked)),
			(Suspended, Renew, Ok(Suspended)),
			(Expired, Approve, Err(InvalidTransition)),
			(Expired, Suspend, Ok(Suspended)),
			(Expired, Reinstate, Err(InvalidTransition)),
			(Expired, Revoke, Ok(Revoked)),
			(Expired, Renew, Ok(Active)),
			(Revoked, Approve, Err(InvalidTransition)),
			(Revoked, Suspend, Err(InvalidTransition)),
			(Revoked, Reinstate, Err(InvalidTransition)),
			(Revoked, Revoke, Err(InvalidTransition)),
			(Revoked, Renew, Err(InvalidTransition)),
		];
		for (from, action, expected) in table {
			assert_eq!(space_transition(from, action), expected, "{from:?} {action:?}");
		}
	}

	#[test]
	fn participant_transition_table() {
		use ParticipantAction::*;
		use ParticipantStatus::*;
		let table = [
			(Pending, Verify, Ok(Active)),
			(Pending, Freeze, Err(InvalidTransition)),
			(Pending, Unfreeze, Err(InvalidTransition)),
			(Pending, Revoke, Ok(Revoked)),
			(Active, Verify, Ok(Active)),
			(Active, Freeze, Ok(Frozen)),
			(Active, Unfreeze, Err(InvalidTransition)),
			(Active, Revoke, Ok(Revoked)),
			(Frozen, Verify, Err(InvalidTransition)),
			(Frozen, Freeze, Err(InvalidTransition)),
			(Frozen, Unfreeze, Ok(Active)),
			(Frozen, Revoke, Ok(Revoked)),
			(Expired, Verify, Ok(Active)),
			(Expired, Freeze, Ok(Frozen)),
			(Expired, Unfreeze, Err(InvalidTransition)),
			(Expired, Revoke, Ok(Revoked)),
			(Revoked, Verify, Err(InvalidTransition)),
			(Revoked, Freeze, Err(InvalidTransition)),
			(Revoked, Unfreeze, Err(InvalidTransition)),
			(Revoked, Revoke, Err(InvalidTransition)),
		];
		for (from, action, expected) in table {
			assert_eq!(participant_transition(from, action), expected, "{from:?} {action:?}");
		}
	}
}
