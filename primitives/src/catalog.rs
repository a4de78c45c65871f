//! Catalog types shared by the catalog pallet, the pallets that reference catalog entries
//! (agreements), the node's `catalog_*` JSON-RPC and clients (SPEC §4).

use crate::identity::SpaceId;
use alloc::string::String;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Internal number of a catalog entry, assigned at registration in order from 0.
pub type EntryId = u64;

/// The public, persistent identifier of an approved entry: its home space and the entry's
/// number among that space's approved entries (a namespace per space), assigned at approval
/// and never reused. Rendered by [`catalog_identifier`].
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct CatalogId {
	/// The home space.
	pub space: SpaceId,
	/// Order of approval within the space, from 1.
	pub number: u32,
}

/// `urn:tds:catalog:<space>:<number>`.
pub fn catalog_identifier(id: &CatalogId) -> String {
	alloc::format!("urn:tds:catalog:{}:{}", id.space, id.number)
}

/// Parses an identifier made by [`catalog_identifier`].
pub fn parse_catalog_identifier(text: &str) -> Option<CatalogId> {
	let rest = text.strip_prefix("urn:tds:catalog:")?;
	let (space, number) = rest.split_once(':')?;
	Some(CatalogId { space: space.parse().ok()?, number: number.parse().ok()? })
}

/// The form of a data product (004 §2.3.4.2.3).
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
pub enum ProductForm {
	/// An API (interface) product.
	Api,
	/// A dataset.
	Dataset,
	/// A file.
	File,
}

/// What an entry lists.
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
pub enum EntryKind {
	/// A data resource (raw data held by the provider).
	Resource,
	/// A data product in one of its forms.
	Product(ProductForm),
}

/// Where the data comes from (SPEC §4, "from where").
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
pub enum SourceClass {
	/// Public data (公共数据): needs a national registration certificate.
	Public,
	/// A product derived from public data: needs the certificate and, to be listed, a filing
	/// number (备案编号).
	PublicDerivative,
	/// Enterprise data.
	Enterprise,
	/// Personal data (with the data subjects' authorisation).
	Personal,
}

impl SourceClass {
	/// Whether the entry needs a public-data registration certificate before review.
	pub const fn needs_registration_certificate(self) -> bool {
		matches!(self, SourceClass::Public | SourceClass::PublicDerivative)
	}
}

/// How often the data is updated.
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
pub enum UpdateFrequency {
	/// Continuously (streams, live APIs).
	RealTime,
	/// Daily.
	Daily,
	/// Weekly.
	Weekly,
	/// Monthly.
	Monthly,
	/// Quarterly.
	Quarterly,
	/// Yearly.
	Yearly,
	/// Never: a one-off snapshot.
	Static,
}

/// On which terms the data may be used.
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
pub enum AuthorisationType {
	/// Open to any participant.
	Open,
	/// Under a contract (an agreement on the ledger).
	Contract,
	/// Only after the provider's case-by-case approval.
	CaseByCase,
}

/// Sensitivity level of the data (classification and grading).
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
pub enum SensitivityLevel {
	/// Public information.
	Public,
	/// General data.
	General,
	/// Sensitive (e.g. sensitive personal information, under PIPL's conditions).
	Sensitive,
	/// Important data (重要数据).
	Important,
}

/// The lifecycle of an entry (004 §2.3.4.2.2-3).
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
pub enum EntryStatus {
	/// Registered by its provider; may be updated, then submitted.
	Registered,
	/// Submitted with declaration and self-check; the operator reviews it.
	UnderReview,
	/// The review failed; the provider rectifies (updates) and resubmits.
	Rejected,
	/// Approved: the identifier is assigned; the provider may publish.
	Approved,
	/// Listed: visible everywhere and usable in agreements.
	Published,
	/// Suspended by the operator or a regulator; the operator may restore it. Also how an entry
	/// reads while its provider or space may not act.
	Suspended,
	/// Removed by the operator (terminal).
	Revoked,
	/// Withdrawn by its provider with destruction evidence (terminal).
	Deregistered,
}

/// The provider's negative-list self-check (000 §4.1): every category answered.
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
pub struct NegativeListCheck {
	/// Involves state secrets. Prohibited.
	pub state_secrets: bool,
	/// Endangers national security or social stability. Prohibited.
	pub national_security: bool,
	/// Other data bearing on national security, economic lifelines, key livelihoods or major
	/// public interests. Prohibited.
	pub lifelines_or_public_interest: bool,
	/// Infringes others' lawful rights and interests. Prohibited.
	pub infringes_rights: bool,
	/// Involves public-safety data: allowed only under the Data Security Law's conditions.
	pub public_safety: bool,
	/// Involves trade secrets: allowed only with the holder's authorisation.
	pub trade_secrets: bool,
	/// Involves sensitive personal information: allowed only under PIPL's conditions.
	pub sensitive_personal: bool,
}

impl NegativeListCheck {
	/// Whether any prohibited category was answered yes: such an entry can never be listed.
	pub const fn prohibited(&self) -> bool {
		self.state_secrets
			|| self.national_security
			|| self.lifelines_or_public_interest
			|| self.infringes_rights
	}

	/// Whether a conditional category was answered yes (the usage restrictions must then state
	/// the conditions; reviewed by the operator).
	pub const fn conditional(&self) -> bool {
		self.public_safety || self.trade_secrets || self.sensitive_personal
	}
}

/// What agreements ask of the catalog.
pub trait CatalogInspect {
	/// Whether the entry may be referenced by a new agreement now: published, and its provider
	/// and home space may act.
	fn is_usable(id: &CatalogId) -> bool;
	/// The provider identity of an approved entry.
	fn provider_of(id: &CatalogId) -> Option<crate::identity::IdentityId>;
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn identifiers_round_trip() {
		let id = CatalogId { space: 3, number: 41 };
		assert_eq!(catalog_identifier(&id), "urn:tds:catalog:3:41");
		assert_eq!(parse_catalog_identifier("urn:tds:catalog:3:41"), Some(id));
		assert_eq!(parse_catalog_identifier("urn:tds:catalog:3"), None);
		assert_eq!(parse_catalog_identifier("did:tds:3:41"), None);
	}

	#[test]
	fn any_prohibited_answer_prohibits() {
		let clean = NegativeListCheck {
			state_secrets: false,
			national_security: false,
			lifelines_or_public_interest: false,
			infringes_rights: false,
			public_safety: false,
			trade_secrets: false,
			sensitive_personal: false,
		};
		assert!(!clean.prohibited() && !clean.conditional());
		for flip in 0..4 {
			let mut check = clean;
			match flip {
				0 => check.state_secrets = true,
				1 => check.national_security = true,
				2 => check.lifelines_or_public_interest = true,
				_ => check.infringes_rights = true,
			}
			assert!(check.prohibited(), "{flip}");
		}
		let conditional = NegativeListCheck { sensitive_personal: true, ..clean };
		assert!(!conditional.prohibited() && conditional.conditional());
	}
}
