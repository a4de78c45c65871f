//! Storage and call types of the catalog, and the entry state machine.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame::prelude::*;
use scale_info::TypeInfo;
pub use tds_primitives::{
	catalog::{
		catalog_identifier, parse_catalog_identifier, AuthorisationType, CatalogId, CatalogInspect,
		EntryId, EntryKind, EntryStatus, NegativeListCheck, ProductForm, SensitivityLevel,
		SourceClass, UpdateFrequency,
	},
	identity::{Digest, IdentityId, IdentityInspect, Inactive, Role, SpaceId},
};

/// The minimal catalog fields of SPEC §4 kept on chain; the full metadata document (national
/// catalog description standard) stays off chain, anchored by its digest.
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
#[scale_info(skip_type_params(TextLength))]
pub struct Fields<TextLength: Get<u32>> {
	/// What: the data's name, UTF-8.
	pub name: BoundedVec<u8, TextLength>,
	/// What: its type, e.g. `structured`, `time-series`, `imagery`.
	pub data_type: BoundedVec<u8, TextLength>,
	/// What: its format, e.g. `CSV`, `JSON`, `REST API`.
	pub format: BoundedVec<u8, TextLength>,
	/// From where: the source classification.
	pub source: SourceClass,
	/// What it is: the classification or industry code (e.g. GB/T 4754 `J6851`).
	pub classification: BoundedVec<u8, TextLength>,
	/// Availability: update frequency.
	pub update_frequency: UpdateFrequency,
	/// Availability: authorisation type.
	pub authorisation: AuthorisationType,
	/// Availability: digest of the usage restrictions.
	pub usage_restrictions: Digest,
	/// Availability: sensitivity level.
	pub sensitivity: SensitivityLevel,
}

impl<TextLength: Get<u32>> Fields<TextLength> {
	/// Whether `other` differs from `self` only in the availability fields (update frequency,
	/// authorisation type, usage restrictions): such an update of a listed entry stays listed.
	pub fn same_except_availability(&self, other: &Self) -> bool {
		self.name == other.name
			&& self.data_type == other.data_type
			&& self.format == other.format
			&& self.source == other.source
			&& self.classification == other.classification
			&& self.sensitivity == other.sensitivity
	}
}

/// The minimal fields as a provider gives them: text as plain bytes, bounded when stored (an
/// oversized field is refused with `TooLong`).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct FieldsInput {
	/// See [`Fields::name`].
	pub name: alloc::vec::Vec<u8>,
	/// See [`Fields::data_type`].
	pub data_type: alloc::vec::Vec<u8>,
	/// See [`Fields::format`].
	pub format: alloc::vec::Vec<u8>,
	/// See [`Fields::source`].
	pub source: SourceClass,
	/// See [`Fields::classification`].
	pub classification: alloc::vec::Vec<u8>,
	/// See [`Fields::update_frequency`].
	pub update_frequency: UpdateFrequency,
	/// See [`Fields::authorisation`].
	pub authorisation: AuthorisationType,
	/// See [`Fields::usage_restrictions`].
	pub usage_restrictions: Digest,
	/// See [`Fields::sensitivity`].
	pub sensitivity: SensitivityLevel,
}

impl FieldsInput {
	/// The stored form, if every text fits in `TextLength`.
	pub fn bounded<TextLength: Get<u32>>(self) -> Option<Fields<TextLength>> {
		Some(Fields {
			name: self.name.try_into().ok()?,
			data_type: self.data_type.try_into().ok()?,
			format: self.format.try_into().ok()?,
			source: self.source,
			classification: self.classification.try_into().ok()?,
			update_frequency: self.update_frequency,
			authorisation: self.authorisation,
			usage_restrictions: self.usage_restrictions,
			sensitivity: self.sensitivity,
		})
	}
}

/// Public-data references: the national registration certificate (登记凭证) and, for a
/// derivative product, the filing number (备案编号).
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
#[scale_info(skip_type_params(TextLength))]
pub struct PublicDataReferences<TextLength: Get<u32>> {
	/// Registration certificate number.
	pub registration_certificate: BoundedVec<u8, TextLength>,
	/// Filing number, required before a derivative product is listed.
	pub filing_number: Option<BoundedVec<u8, TextLength>>,
}

/// A catalog entry.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(TextLength))]
pub struct Entry<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	TextLength: Get<u32>,
> {
	/// The provider identity.
	pub provider: IdentityId,
	/// The provider's home space, where the entry is reviewed.
	pub space: SpaceId,
	/// Resource, or product and its form.
	pub kind: EntryKind,
	/// Stored status (see [`crate::Pallet::effective_status`] for the cascade).
	pub status: EntryStatus,
	/// The public identifier, from approval on.
	pub identifier: Option<CatalogId>,
	/// Current version, from 1.
	pub version: u32,
	/// Current minimal fields.
	pub fields: Fields<TextLength>,
	/// Digest of the current full metadata document.
	pub metadata: Digest,
	/// Digest of the provider's authenticity declaration, from submission on.
	pub declaration: Option<Digest>,
	/// The provider's negative-list self-check, from submission on.
	pub self_check: Option<NegativeListCheck>,
	/// Public-data references.
	pub public_data: Option<PublicDataReferences<TextLength>>,
	/// Reason digest of the last rejection, suspension, revocation or the destruction evidence.
	pub last_reason: Option<Digest>,
	/// The account that registered it.
	pub registered_by: AccountId,
	/// Block of the last change.
	pub changed_at: BlockNumber,
}

/// One version of an entry's metadata.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Version<BlockNumber> {
	/// Digest of the full metadata document of this version.
	pub metadata: Digest,
	/// Block at which it was recorded.
	pub at: BlockNumber,
}

/// One change in the synchronisation feed.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(TextLength))]
pub struct FeedChange<BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug, TextLength: Get<u32>>
{
	/// The entry.
	pub entry: EntryId,
	/// Its identifier, once approved.
	pub identifier: Option<CatalogId>,
	/// Its home space.
	pub space: SpaceId,
	/// Its kind.
	pub kind: EntryKind,
	/// Its classification code at the change.
	pub classification: BoundedVec<u8, TextLength>,
	/// Its stored status after the change.
	pub status: EntryStatus,
	/// Its version after the change.
	pub version: u32,
	/// Its metadata digest after the change.
	pub metadata: Digest,
	/// Block of the change.
	pub at: BlockNumber,
}

/// Which changes a feed query wants.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct FeedFilter {
	/// Only this home space.
	pub space: Option<SpaceId>,
	/// Only this kind.
	pub kind: Option<EntryKind>,
	/// Only this classification code (exact match).
	pub classification: Option<alloc::vec::Vec<u8>>,
}

/// An entry with its identifier and effective status, as answered by queries.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct EntryInfo<Record, VersionRecord> {
	/// Internal number.
	pub entry: EntryId,
	/// The stored record.
	pub record: Record,
	/// Effective status: `Suspended` while the provider or its space may not act.
	pub status: EntryStatus,
	/// Every version, oldest first.
	pub versions: alloc::vec::Vec<VersionRecord>,
}

/// The answer of a verification of a metadata document against the catalog.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Verification {
	/// The digest is the listed (current) version's.
	Current {
		/// The version.
		version: u32,
	},
	/// The digest is an earlier version's, superseded since.
	Superseded {
		/// The version it matches.
		version: u32,
		/// The current version.
		current: u32,
	},
	/// The digest matches no version of the entry.
	NoMatch,
	/// No such identifier.
	UnknownIdentifier,
}

/// Why a state machine refused an action (shared by every pallet's `transition`).
pub use tds_primitives::InvalidTransition;

/// What can happen to an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryAction {
	/// The provider submits it for review (with declaration and self-check).
	Submit,
	/// The operator approves it (the identifier is assigned).
	Approve,
	/// The operator rejects it (rectification).
	Reject,
	/// The provider lists it.
	Publish,
	/// The operator or a regulator suspends it.
	Suspend,
	/// The operator restores it.
	Restore,
	/// The operator removes it for good.
	Revoke,
	/// The provider withdraws it with destruction evidence.
	Deregister,
	/// The provider updates its metadata; `availability_only` if only the availability fields
	/// changed.
	Update {
		/// Only update frequency, authorisation type or usage restrictions changed.
		availability_only: bool,
	},
}

/// The entry state machine.
///
/// ```text
/// Registered ─Submit─▶ UnderReview ─Approve─▶ Approved ─Publish─▶ Published ◀─Restore─ Suspended
///      ▲                 │    ▲                                      │ └────Suspend────▶ │
///      │           Reject▼    │Submit                               Revoke (operator) / Deregister
///      └─Update── Rejected ───┘                                     (provider) from Approved,
///                                                                   Published, Suspended
/// ```
///
/// Updates: a registered or rejected entry stays as it is; an entry under review, approved or
/// listed goes (back) to review unless only availability fields changed.
pub fn transition(
	from: EntryStatus,
	action: EntryAction,
) -> Result<EntryStatus, InvalidTransition> {
	use EntryAction::*;
	use EntryStatus::*;
	match (from, action) {
		(Registered | Rejected, Submit) => Ok(UnderReview),
		(UnderReview, Approve) => Ok(Approved),
		(UnderReview, Reject) => Ok(Rejected),
		(Approved, Publish) => Ok(Published),
		(Published, Suspend) => Ok(Suspended),
		(Suspended, Restore) => Ok(Published),
		(Approved | Published | Suspended, Revoke) => Ok(Revoked),
		(Registered | Rejected | Approved | Published | Suspended, Deregister) => Ok(Deregistered),
		(Registered, Update { .. }) => Ok(Registered),
		(Rejected, Update { .. }) => Ok(Rejected),
		(UnderReview, Update { .. }) => Ok(UnderReview),
		(Approved, Update { availability_only: true }) => Ok(Approved),
		(Published, Update { availability_only: true }) => Ok(Published),
		(Approved | Published, Update { availability_only: false }) => Ok(UnderReview),
		_ => Err(InvalidTransition),
	}
}

#[cfg(test)]
mod tests {
	use super::{EntryAction::*, EntryStatus::*, *};

	const ALL_STATUSES: [EntryStatus; 8] =
		[Registered, UnderReview, Rejected, Approved, Published, Suspended, Revoked, Deregistered];

	#[test]
	fn transition_table() {
		let minor = Update { availability_only: true };
		let major = Update { availability_only: false };
		let allowed = [
			(Registered, Submit, UnderReview),
			(Rejected, Submit, UnderReview),
			(UnderReview, Approve, Approved),
			(UnderReview, Reject, Rejected),
			(Approved, Publish, Published),
			(Published, Suspend, Suspended),
			(Suspended, Restore, Published),
			(Approved, Revoke, Revoked),
			(Published, Revoke, Revoked),
			(Suspended, Revoke, Revoked),
			(Registered, Deregister, Deregistered),
			(Rejected, Deregister, Deregistered),
			(Approved, Deregister, Deregistered),
			(Published, Deregister, Deregistered),
			(Suspended, Deregister, Deregistered),
			(Registered, minor, Registered),
			(Registered, major, Registered),
			(Rejected, minor, Rejected),
			(Rejected, major, Rejected),
			(UnderReview, minor, UnderReview),
			(UnderReview, major, UnderReview),
			(Approved, minor, Approved),
			(Approved, major, UnderReview),
			(Published, minor, Published),
			(Published, major, UnderReview),
		];
		let actions =
			[Submit, Approve, Reject, Publish, Suspend, Restore, Revoke, Deregister, minor, major];
		// Every (status, action) pair: allowed ones go where the table says, all others fail.
		for from in ALL_STATUSES {
			for action in actions {
				let expected = allowed
					.iter()
					.find(|(f, a, _)| *f == from && *a == action)
					.map(|(_, _, to)| *to)
					.ok_or(InvalidTransition);
				assert_eq!(transition(from, action), expected, "{from:?} --{action:?}-->");
			}
		}
	}

	#[test]
	fn terminal_statuses_accept_nothing() {
		for action in [Submit, Approve, Publish, Restore, Revoke, Deregister] {
			assert_eq!(transition(Revoked, action), Err(InvalidTransition));
			assert_eq!(transition(Deregistered, action), Err(InvalidTransition));
		}
	}
}
