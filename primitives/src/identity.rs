//! Identity types shared by the identity registry, the pallets that depend on it, the node's
//! `identity_*` JSON-RPC and clients (SPEC §3).

use alloc::{string::String, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::traits::{BlakeTwo256, Hash};

/// A 32-byte digest of off-chain material (a report, a document, a salted ID number).
///
/// Digests of documents are computed off chain with BLAKE3-256 (SPEC §7); the chain stores them
/// as given and never sees the documents.
pub type Digest = H256;

/// A trusted data space, numbered by the registry in filing order from 0.
pub type SpaceId = u32;

/// The on-chain identifier of a participant, derived deterministically from what identifies it
/// (see [`identity_id`]). Rendered as a DID by [`did`].
pub type IdentityId = H256;

/// The kind of a trusted data space (001).
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
pub enum SpaceType {
	/// Operated by one enterprise around its supply chain.
	Enterprise,
	/// Serving one industry.
	Industry,
	/// Serving a city.
	City,
	/// Personal data spaces.
	Personal,
	/// Cross-border data flows.
	CrossBorder,
}

/// The lifecycle of a space (SPEC §3: filing → review → whitelist; suspension, revocation, expiry).
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
pub enum SpaceStatus {
	/// Filed with its qualifications, awaiting the council's review.
	Filed,
	/// Admitted: on the whitelist, its operators and participants may act.
	Active,
	/// Suspended by the council or a regulator; may be reinstated.
	Suspended,
	/// Revoked for good (terminal).
	Revoked,
	/// A qualification's validity lapsed; renewal by the council makes it active again.
	Expired,
}

/// The lifecycle of a participant (SPEC §3).
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
pub enum ParticipantStatus {
	/// Registered, not yet verified.
	Pending,
	/// Verified: may act.
	Active,
	/// Frozen by its operator or a regulator; may be unfrozen.
	Frozen,
	/// Revoked for good (terminal).
	Revoked,
	/// Its verification's validity lapsed; re-verification makes it active again.
	Expired,
}

/// What kind of party an identity is.
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
pub enum ParticipantKind {
	/// A legal person or other organisation, identified by its USCC.
	Organisation,
	/// A natural person, identified by a salted digest of the ID number.
	Person,
	/// A connector (a technical identity owned by an organisation).
	Connector,
}

/// Where an identity's verification comes from (000 §3.1), strongest first.
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
pub enum VerificationSource {
	/// An official national source (market-regulation credit system, police ID system, …).
	Official,
	/// An authoritative digital-identity issuer (electronic business licence, eID, …).
	AuthoritativeIssuer,
	/// A third-party identity service: needs compliance materials.
	ThirdParty,
	/// The space's own verification: needs compliance materials.
	SelfBuilt,
}

impl VerificationSource {
	/// Strength rank: 0 is the strongest source.
	pub const fn rank(self) -> u8 {
		match self {
			VerificationSource::Official => 0,
			VerificationSource::AuthoritativeIssuer => 1,
			VerificationSource::ThirdParty => 2,
			VerificationSource::SelfBuilt => 3,
		}
	}

	/// Whether this source is at least as strong as `minimum`.
	pub const fn at_least(self, minimum: VerificationSource) -> bool {
		self.rank() <= minimum.rank()
	}

	/// Whether a verification from this source is trusted only with the extra compliance
	/// materials (licence copy, legal representative's ID, sealed commitment letter).
	pub const fn requires_compliance_materials(self) -> bool {
		matches!(self, VerificationSource::ThirdParty | VerificationSource::SelfBuilt)
	}
}

/// A role a participant may hold (SPEC §2). Each is granted in its own reviewed step.
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
pub enum Role {
	/// Data provider (提供方).
	Provider,
	/// Data user (使用方).
	User,
	/// Service provider: development.
	ServiceDevelopment,
	/// Service provider: brokerage.
	ServiceBrokerage,
	/// Service provider: custody and hosting.
	ServiceCustody,
	/// Service provider: audit and clearing.
	ServiceAuditClearing,
	/// Service provider: compliance review.
	ServiceCompliance,
	/// Space operator (运营者) as a participant: the organisation that runs its home space's
	/// node and evidence gateway; appointed by the council.
	Operator,
	/// Regulator (监管方): appointed by the council.
	Regulator,
	/// Independent third-party auditor: appointed by the council.
	Auditor,
}

impl Role {
	/// Every role, in bit order.
	pub const ALL: [Role; 10] = [
		Role::Provider,
		Role::User,
		Role::ServiceDevelopment,
		Role::ServiceBrokerage,
		Role::ServiceCustody,
		Role::ServiceAuditClearing,
		Role::ServiceCompliance,
		Role::Operator,
		Role::Regulator,
		Role::Auditor,
	];

	/// The role's bit in [`Roles`].
	pub const fn bit(self) -> u16 {
		match self {
			Role::Provider => 1,
			Role::User => 1 << 1,
			Role::ServiceDevelopment => 1 << 2,
			Role::ServiceBrokerage => 1 << 3,
			Role::ServiceCustody => 1 << 4,
			Role::ServiceAuditClearing => 1 << 5,
			Role::ServiceCompliance => 1 << 6,
			Role::Operator => 1 << 7,
			Role::Regulator => 1 << 8,
			Role::Auditor => 1 << 9,
		}
	}

	/// Whether only the council may grant this role (rather than the space operator).
	pub const fn appointed_by_council(self) -> bool {
		matches!(self, Role::Regulator | Role::Auditor | Role::Operator)
	}
}

/// A set of roles.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Roles(pub u16);

impl Roles {
	/// Whether `role` is in the set.
	pub const fn contains(self, role: Role) -> bool {
		self.0 & role.bit() != 0
	}

	/// The set with `role` added.
	pub const fn with(self, role: Role) -> Self {
		Roles(self.0 | role.bit())
	}

	/// The set with `role` removed.
	pub const fn without(self, role: Role) -> Self {
		Roles(self.0 & !role.bit())
	}

	/// The roles in the set.
	pub fn iter(self) -> impl Iterator<Item = Role> {
		Role::ALL.into_iter().filter(move |role| self.contains(*role))
	}
}

/// A unified social credit code (统一社会信用代码), validated per GB 32100-2015.
///
/// Only [`Uscc::parse`] builds one, so every value held is well formed. Calls take the code as
/// bytes and parse it, so that a malformed code is a typed error; `Decode` is for storage only.
#[derive(
	Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Encode, Decode, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Uscc([u8; 18]);

/// Why a string is not a valid USCC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsccError {
	/// Not exactly 18 characters.
	Length,
	/// A character outside `0-9 A-H J-N P-R T-U W-Y` (1-based position).
	Alphabet(u8),
	/// Positions 3-8 (administrative division code) are not all digits.
	AdministrativeDivision,
	/// The 18th character does not match the check character computed from the first 17.
	CheckCharacter,
}

impl Uscc {
	/// The 31-character alphabet, in value order (no I, O, S, V, Z).
	pub const ALPHABET: &'static [u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
	/// Weights of positions 1-17.
	pub const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

	fn value(character: u8) -> Option<u32> {
		Self::ALPHABET
			.iter()
			.zip(0u32..)
			.find(|(c, _)| **c == character)
			.map(|(_, v)| v)
	}

	/// The check character for the first 17 characters, if they are all in the alphabet.
	pub fn check_character(first17: &[u8]) -> Option<u8> {
		if first17.len() != 17 {
			return None;
		}
		let mut sum: u32 = 0;
		for (character, weight) in first17.iter().zip(Self::WEIGHTS) {
			sum = sum.checked_add(Self::value(*character)?.checked_mul(weight)?)?;
		}
		let check = 31u32.checked_sub(sum.checked_rem(31)?)?.checked_rem(31)?;
		Self::ALPHABET.iter().zip(0u32..).find(|(_, v)| *v == check).map(|(c, _)| *c)
	}

	/// Validates `code`: length, alphabet, administrative division digits, check character.
	/// Lower-case letters are not accepted: the code is printed in upper case on the licence.
	pub fn parse(code: &[u8]) -> Result<Self, UsccError> {
		let bytes: [u8; 18] = code.try_into().map_err(|_| UsccError::Length)?;
		for (position, character) in (1u8..).zip(bytes.iter()) {
			if Self::value(*character).is_none() {
				return Err(UsccError::Alphabet(position));
			}
		}
		if !bytes.get(2..8).is_some_and(|division| division.iter().all(u8::is_ascii_digit)) {
			return Err(UsccError::AdministrativeDivision);
		}
		let (first17, check) = bytes.split_at(17);
		if Self::check_character(first17) != check.first().copied() {
			return Err(UsccError::CheckCharacter);
		}
		Ok(Uscc(bytes))
	}

	/// The code's 18 ASCII characters.
	pub fn as_bytes(&self) -> &[u8; 18] {
		&self.0
	}
}

/// What identifies a participant, from which its [`IdentityId`] is derived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub enum IdentityKey {
	/// An organisation, by its USCC (unique nationally).
	Organisation(Uscc),
	/// A natural person, by the salted digest of the ID number.
	Person(Digest),
	/// A connector, by its owner and the digest of its metadata at registration.
	Connector {
		/// The owning organisation.
		owner: IdentityId,
		/// Metadata digest (name, manufacturer number, version, endpoints) at registration.
		metadata: Digest,
	},
}

/// The deterministic identifier of a participant: BLAKE2-256 of `"tds/identity" ‖ SCALE(key)`.
/// The home space is not part of it, so an organisation keeps one identifier across spaces.
pub fn identity_id(key: &IdentityKey) -> IdentityId {
	let mut preimage = b"tds/identity".to_vec();
	key.encode_to(&mut preimage);
	<BlakeTwo256 as Hash>::hash(&preimage)
}

/// The DID of an identity: `did:tds:<home space>:<identifier in lower-case hex>`.
pub fn did(space: SpaceId, id: &IdentityId) -> String {
	let mut out = alloc::format!("did:tds:{space}:");
	for byte in id.as_bytes() {
		out.push_str(&alloc::format!("{byte:02x}"));
	}
	out
}

/// Parses a DID made by [`did`] into its home space and identifier.
pub fn parse_did(text: &str) -> Option<(SpaceId, IdentityId)> {
	let rest = text.strip_prefix("did:tds:")?;
	let (space, hex) = rest.split_once(':')?;
	if hex.len() != 64 {
		return None;
	}
	let mut id = [0u8; 32];
	for (slot, pair) in id.iter_mut().zip(hex.as_bytes().chunks(2)) {
		let pair = core::str::from_utf8(pair).ok()?;
		*slot = u8::from_str_radix(pair, 16).ok()?;
	}
	Some((space.parse().ok()?, H256(id)))
}

/// The four-field minimal identity set that crosses a space boundary (000 §3.2), and nothing
/// more: name, USCC (organisations only), unique identifier, status.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct MinimalRecord {
	/// Organisation (or person, or connector) name, UTF-8.
	pub name: Vec<u8>,
	/// Unified social credit code; `None` for persons and connectors.
	pub uscc: Option<Uscc>,
	/// The unique identifier (render with [`did`] and `home_space`).
	pub id: IdentityId,
	/// The identity's home space (part of the identifier's DID form).
	pub home_space: SpaceId,
	/// The identity's own current status (expiry included).
	pub status: ParticipantStatus,
}

/// The answer to "may identity X act in space B?".
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum CrossSpaceVerdict {
	/// Recognised and active: it may act. Carries the minimal record.
	MayAct(MinimalRecord),
	/// Recognised, but it may not act: its status (in the record), its home space or owner is
	/// not active, or it was verified by a weaker source than space B accepts.
	MayNotAct(MinimalRecord),
	/// Space B does not recognise the identity's home space (or either is unknown): nothing is
	/// disclosed.
	NotRecognised,
}

/// Why an identity may not act now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Inactive {
	/// No such identity.
	Unknown,
	/// The identity's own effective status is not `Active` (pending, frozen, revoked, expired).
	Status(ParticipantStatus),
	/// Its home space is not active (filed, suspended, revoked or expired).
	SpaceNotActive,
	/// It is a connector whose owning organisation may not act.
	OwnerNotActive,
}

/// What other pallets ask of the identity registry (the cascade of SPEC §3: catalog, agreements
/// and notary refuse identities that may not act).
pub trait IdentityInspect<AccountId> {
	/// The identity an account is linked to, whatever its status.
	fn identity_of(who: &AccountId) -> Option<IdentityId>;
	/// The identity's own effective status (expiry included), `None` if unknown.
	fn status(id: &IdentityId) -> Option<ParticipantStatus>;
	/// Whether the identity may act now: its own status, its home space's and, for a connector,
	/// its owner's standing.
	fn standing(id: &IdentityId) -> Result<(), Inactive>;
	/// Whether the identity holds `role`.
	fn has_role(id: &IdentityId, role: Role) -> bool;
	/// The identity's home space.
	fn home_space(id: &IdentityId) -> Option<SpaceId>;
	/// The active space that `who` operates, if any.
	fn operated_space(who: &AccountId) -> Option<SpaceId>;
	/// The organisation owning a connector; `None` for any other identity.
	fn owner_of(id: &IdentityId) -> Option<IdentityId>;

	/// Whether the identity may act now.
	fn is_active(id: &IdentityId) -> bool {
		Self::standing(id).is_ok()
	}

	/// The identity `who` acts for, if it may act now.
	fn active_identity_of(who: &AccountId) -> Option<IdentityId> {
		Self::identity_of(who).filter(Self::is_active)
	}
}

/// Observers of identity and space status changes (freezes, revocations, suspensions). Called
/// after the change is stored. Expiry is evaluated when read and is not announced here.
#[impl_trait_for_tuples::impl_for_tuples(8)]
pub trait OnIdentityStatusChanged {
	/// A participant's stored status changed.
	fn participant_status_changed(id: &IdentityId, from: ParticipantStatus, to: ParticipantStatus);
	/// A space's stored status changed.
	fn space_status_changed(space: SpaceId, from: SpaceStatus, to: SpaceStatus);
}

#[cfg(test)]
mod tests {
	use super::*;

	// Codes of real organisations, as printed on their business licences.
	const REAL_USCCS: [&str; 4] = [
		"914403001922038216", // Huawei Technologies Co., Ltd.
		"9144030071526726XG", // Shenzhen Tencent Computer Systems Co., Ltd.
		"91330100799655058B", // Alibaba (China) Co., Ltd.
		"91110108551385082Q", // Beijing Xiaomi Technology Co., Ltd.
	];

	#[test]
	fn real_codes_validate() {
		for code in REAL_USCCS {
			assert!(Uscc::parse(code.as_bytes()).is_ok(), "{code}");
		}
	}

	#[test]
	fn every_single_character_change_of_the_check_is_caught() {
		for code in REAL_USCCS {
			let mut bytes = code.as_bytes().to_vec();
			let original = bytes[17];
			for replacement in Uscc::ALPHABET.iter().copied().filter(|c| *c != original) {
				bytes[17] = replacement;
				assert_eq!(Uscc::parse(&bytes), Err(UsccError::CheckCharacter), "{code}");
			}
		}
	}

	#[test]
	fn malformed_codes_are_refused_with_the_reason() {
		assert_eq!(Uscc::parse(b"91440300192203821"), Err(UsccError::Length));
		assert_eq!(Uscc::parse(b"9144030019220382161"), Err(UsccError::Length));
		assert_eq!(Uscc::parse(b""), Err(UsccError::Length));
		// I, O, S, V, Z and lower case are outside the alphabet.
		assert_eq!(Uscc::parse(b"9144030019220382I6"), Err(UsccError::Alphabet(17)));
		assert_eq!(Uscc::parse(b"O14403001922038216"), Err(UsccError::Alphabet(1)));
		assert_eq!(Uscc::parse(b"9144030071526726Xg"), Err(UsccError::Alphabet(18)));
		assert_eq!(Uscc::parse(b"914403001922038S16"), Err(UsccError::Alphabet(16)));
		assert_eq!(Uscc::parse("91440300192203821Ä".as_bytes()), Err(UsccError::Length));
		assert_eq!(Uscc::parse(b"91A403001922038216"), Err(UsccError::AdministrativeDivision));
	}

	#[test]
	fn check_character_31_maps_to_zero() {
		// Any prefix whose weighted sum is 0 mod 31 has check character '0'.
		assert_eq!(Uscc::check_character(b"00000000000000000"), Some(b'0'));
	}

	#[test]
	fn dids_round_trip() {
		let id = identity_id(&IdentityKey::Person(H256::repeat_byte(7)));
		let text = did(42, &id);
		assert!(text.starts_with("did:tds:42:"));
		assert_eq!(parse_did(&text), Some((42, id)));
		assert_eq!(parse_did("did:tds:42:zz"), None);
		assert_eq!(parse_did("did:web:example.com"), None);
	}

	#[test]
	fn identifiers_differ_by_kind_and_key() {
		let digest = H256::repeat_byte(1);
		let person = identity_id(&IdentityKey::Person(digest));
		let connector =
			identity_id(&IdentityKey::Connector { owner: H256::zero(), metadata: digest });
		assert_ne!(person, connector);
		assert_eq!(person, identity_id(&IdentityKey::Person(digest)));
	}

	#[test]
	fn role_bits_are_distinct() {
		let all = Role::ALL.iter().fold(0u16, |bits, role| {
			assert_eq!(bits & role.bit(), 0, "{role:?}");
			bits | role.bit()
		});
		assert_eq!(all.count_ones(), 10);
	}

	#[test]
	fn roles_set_operations() {
		let roles = Roles::default().with(Role::Provider).with(Role::Auditor);
		assert!(roles.contains(Role::Provider) && roles.contains(Role::Auditor));
		assert!(!roles.contains(Role::User));
		assert_eq!(roles.without(Role::Provider).iter().collect::<Vec<_>>(), [Role::Auditor]);
		assert!(VerificationSource::Official.at_least(VerificationSource::ThirdParty));
		assert!(!VerificationSource::SelfBuilt.at_least(VerificationSource::ThirdParty));
	}
}
