//! SCALE types of the agreements pallet and its pure state machine.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame::prelude::*;
pub use tds_primitives::{
	agreement::{
		evaluate, evaluate_report, report_digest, Activation, AgreementId, AgreementInspect,
		AgreementStatus, BreachResponse, BreachRule, ContractModel, DenyReason, DisputeOutcome,
		Frequency, Manner, Manners, PartsPerMillion, Party, PartyRole, PricingModel, ScenarioCode,
		StandingBans, TemplateId, UsageContext, UsageCounters, UsagePolicy, UsageReport, Verdict,
		EVALUATOR_VERSION, PARTS_PER_MILLION,
	},
	catalog::{CatalogId, CatalogInspect},
	identity::{Digest, IdentityId, IdentityInspect, Role, SpaceId},
	Moment,
};

/// The bound on every list of a call's input (parties, entries, shares, policy lists): what
/// decodes at all. Inputs are then checked against the runtime's own, smaller bounds, with a
/// typed error.
pub type InputBound = ConstU32<64>;

/// The terms of one version of an agreement: everything the parties sign.
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
#[scale_info(skip_type_params(MaxParties, MaxEntries, MaxItems))]
#[codec(mel_bound())]
pub struct Terms<MaxParties: Get<u32>, MaxEntries: Get<u32>, MaxItems: Get<u32>> {
	/// The catalog entries the agreement covers (its scope and target data).
	pub entries: BoundedVec<CatalogId, MaxEntries>,
	/// Digest of the full contract text.
	pub terms: Digest,
	/// Digest of the liability and dispute clause.
	pub liability: Digest,
	/// How use is priced.
	pub pricing: PricingModel,
	/// Revenue split, one share per party in the order of the parties; they sum to the whole.
	pub shares: BoundedVec<PartsPerMillion, MaxParties>,
	/// The usage policy.
	pub policy: UsagePolicy<MaxItems>,
	/// The graded response to breaches.
	pub breach_rule: BreachRule,
	/// Start of the term (milliseconds since the Unix epoch).
	pub start: Moment,
	/// End of the term: the agreement expires at this time.
	pub end: Moment,
	/// How it becomes active once filed.
	pub activation: Activation,
	/// Whether one party alone may terminate it (a unilateral termination clause).
	pub unilateral_termination: bool,
	/// The arbitrator named in the agreement, if any.
	pub arbitrator: Option<IdentityId>,
}

impl<P: Get<u32>, E: Get<u32>, I: Get<u32>> Terms<P, E, I> {
	/// The same terms under other bounds, or which bound is exceeded.
	pub fn rebound<P2: Get<u32>, E2: Get<u32>, I2: Get<u32>>(
		self,
	) -> Result<Terms<P2, E2, I2>, Oversized> {
		Ok(Terms {
			entries: self.entries.into_inner().try_into().map_err(|_| Oversized::Entries)?,
			terms: self.terms,
			liability: self.liability,
			pricing: self.pricing,
			shares: self.shares.into_inner().try_into().map_err(|_| Oversized::Parties)?,
			policy: self.policy.rebound().ok_or(Oversized::Policy)?,
			breach_rule: self.breach_rule,
			start: self.start,
			end: self.end,
			activation: self.activation,
			unilateral_termination: self.unilateral_termination,
			arbitrator: self.arbitrator,
		})
	}

	/// Whether an amendment from `self` to `other` changes the scope (entries or policy) and
	/// therefore needs the operator's approval too.
	pub fn scope_differs(&self, other: &Self) -> bool {
		self.entries != other.entries || self.policy != other.policy
	}
}

/// Which bound an input exceeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Oversized {
	/// Too many entries.
	Entries,
	/// Too many shares (parties).
	Parties,
	/// A policy list is too long.
	Policy,
}

/// A contract template: a model, its terms and a default policy, versioned.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxItems))]
#[codec(mel_bound())]
pub struct Template<MaxItems: Get<u32>> {
	/// Who publishes it: the operator of this space, or this provider.
	pub publisher: TemplatePublisher,
	/// The contract model.
	pub model: ContractModel,
	/// The current version, from 1.
	pub version: u32,
	/// Digest of the template's terms.
	pub terms: Digest,
	/// The policy agreements start from.
	pub default_policy: UsagePolicy<MaxItems>,
}

/// The publisher of a template.
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
pub enum TemplatePublisher {
	/// The operators of a space.
	Space(SpaceId),
	/// A provider identity.
	Provider(IdentityId),
}

/// A template version as it was published.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxItems))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
pub struct TemplateVersion<
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxItems: Get<u32>,
> {
	/// Digest of the terms.
	pub terms: Digest,
	/// The default policy.
	pub default_policy: UsagePolicy<MaxItems>,
	/// Block of publication.
	pub at: BlockNumber,
}

/// An agreement.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxParties, MaxEntries, MaxItems))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
pub struct Agreement<
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxParties: Get<u32>,
	MaxEntries: Get<u32>,
	MaxItems: Get<u32>,
> {
	/// The template it was created from, and that template's version.
	pub template: (TemplateId, u32),
	/// The contract model.
	pub model: ContractModel,
	/// The space it is filed in and supervised by: the home space of its first catalog entry,
	/// where the data is listed.
	pub space: SpaceId,
	/// The identity that created it.
	pub creator: IdentityId,
	/// The parties and their roles.
	pub parties: BoundedVec<Party, MaxParties>,
	/// The current version, from 1.
	pub version: u32,
	/// The current version's terms.
	pub terms: Terms<MaxParties, MaxEntries, MaxItems>,
	/// Digest of the current version (BLAKE2-256 of the SCALE-encoded terms): what the parties
	/// sign.
	pub digest: Digest,
	/// Parties that signed the current version.
	pub signed: BoundedVec<IdentityId, MaxParties>,
	/// Stored status (see `Pallet::effective_status` for what it reads as).
	pub status: AgreementStatus,
	/// The arbitrator appointed by the council, overriding the one named in the terms.
	pub appointed_arbitrator: Option<IdentityId>,
	/// Uses permitted so far.
	pub counters: UsageCounters,
	/// Denied uses (breaches) so far.
	pub breaches: u32,
	/// Decisions recorded so far (the next decision's number).
	pub decisions: u32,
	/// Block of creation.
	pub created_at: BlockNumber,
	/// Block of the last stored change.
	pub changed_at: BlockNumber,
}

impl<B, P, E, I> Agreement<B, P, E, I>
where
	B: Clone + PartialEq + Eq + core::fmt::Debug,
	P: Get<u32>,
	E: Get<u32>,
	I: Get<u32>,
{
	/// The party with `identity`, if any.
	pub fn party(&self, identity: &IdentityId) -> Option<&Party> {
		self.parties.iter().find(|party| party.identity == *identity)
	}

	/// Whether `identity` is a party that uses the data: in the user role, or the processor of
	/// an entrusted processing or fusion development.
	pub fn is_using_party(&self, identity: &IdentityId) -> bool {
		self.party(identity)
			.is_some_and(|party| matches!(party.role, PartyRole::User | PartyRole::Processor))
	}

	/// Who arbitrates: the council's appointee, else the arbitrator named in the terms.
	pub fn arbitrator(&self) -> Option<IdentityId> {
		self.appointed_arbitrator.or(self.terms.arbitrator)
	}
}

/// A version of an agreement, kept for its history.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxParties, MaxEntries, MaxItems))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
pub struct AgreementVersion<
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxParties: Get<u32>,
	MaxEntries: Get<u32>,
	MaxItems: Get<u32>,
> {
	/// The terms.
	pub terms: Terms<MaxParties, MaxEntries, MaxItems>,
	/// Their digest.
	pub digest: Digest,
	/// The party that proposed them (the creator for version 1).
	pub proposed_by: IdentityId,
	/// How this version came about.
	pub origin: VersionOrigin,
	/// Block at which it became the current version.
	pub at: BlockNumber,
}

/// How a version came about.
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
pub enum VersionOrigin {
	/// Creation.
	Created,
	/// An offer or counter-offer during negotiation.
	Offer,
	/// An approved change request.
	Amendment,
	/// A dispute resolution.
	Resolution,
}

/// A change an approved change request makes.
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
#[scale_info(skip_type_params(MaxParties, MaxEntries, MaxItems))]
#[codec(mel_bound())]
#[allow(
	clippy::large_enum_variant,
	reason = "stored once per agreement at most, and SCALE-encoded the same boxed or not"
)]
pub enum Change<MaxParties: Get<u32>, MaxEntries: Get<u32>, MaxItems: Get<u32>> {
	/// New terms (e.g. a temporary permission expansion): a new version.
	Amend(Terms<MaxParties, MaxEntries, MaxItems>),
	/// Suspension by agreement.
	Suspend,
	/// Resumption by agreement.
	Resume,
	/// Mutual termination.
	Terminate,
	/// Completion: performed in full.
	Complete,
}

impl<P: Get<u32>, E: Get<u32>, I: Get<u32>> Change<P, E, I> {
	/// The change under other bounds.
	pub fn rebound<P2: Get<u32>, E2: Get<u32>, I2: Get<u32>>(
		self,
	) -> Result<Change<P2, E2, I2>, Oversized> {
		Ok(match self {
			Change::Amend(terms) => Change::Amend(terms.rebound()?),
			Change::Suspend => Change::Suspend,
			Change::Resume => Change::Resume,
			Change::Terminate => Change::Terminate,
			Change::Complete => Change::Complete,
		})
	}

	/// The lifecycle action the change performs once approved.
	pub fn action(&self) -> AgreementAction {
		match self {
			Change::Amend(_) => AgreementAction::Amend,
			Change::Suspend => AgreementAction::Suspend,
			Change::Resume => AgreementAction::Resume,
			Change::Terminate => AgreementAction::Terminate,
			Change::Complete => AgreementAction::Complete,
		}
	}
}

/// A change request awaiting approvals.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxParties, MaxEntries, MaxItems))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
pub struct ChangeRequest<
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxParties: Get<u32>,
	MaxEntries: Get<u32>,
	MaxItems: Get<u32>,
> {
	/// The change.
	pub change: Change<MaxParties, MaxEntries, MaxItems>,
	/// The proposing party.
	pub proposed_by: IdentityId,
	/// The agreement version it applies to.
	pub version: u32,
	/// Parties that approved it (the proposer included).
	pub approvals: BoundedVec<IdentityId, MaxParties>,
	/// Whether the filing space's operator must approve too (a scope change), and whether it
	/// did.
	pub operator_approval: Option<bool>,
	/// Block of the request.
	pub at: BlockNumber,
}

/// A recorded usage decision: enough to replay it with [`evaluate`] (for a reported one, with
/// its [`UsageReport`] and [`evaluate_report`]) and get the same answer.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Decision<AccountId, BlockNumber> {
	/// The context as declared.
	pub context: UsageContext,
	/// BLAKE2-256 of the SCALE-encoded context.
	pub context_digest: Digest,
	/// BLAKE2-256 of the SCALE-encoded policy in force.
	pub policy_digest: Digest,
	/// The agreement version whose policy was applied.
	pub version: u32,
	/// [`EVALUATOR_VERSION`] at the time.
	pub evaluator_version: u16,
	/// Whether the user was a using party.
	pub using_party: bool,
	/// The counters before the use.
	pub counters_before: UsageCounters,
	/// The chain time used (milliseconds).
	pub now: Moment,
	/// The answer.
	pub verdict: Verdict,
	/// The graded response, for a denied use.
	pub response: Option<BreachResponse>,
	/// The signing account (a party's key or connector).
	pub by: AccountId,
	/// Block of the decision.
	pub at: BlockNumber,
}

/// A dispute.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxParties, MaxEvidence))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
pub struct Dispute<
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxParties: Get<u32>,
	MaxEvidence: Get<u32>,
> {
	/// The party that opened it.
	pub opened_by: IdentityId,
	/// Evidence digests (e.g. notarised records, log bundles).
	pub evidence: BoundedVec<Digest, MaxEvidence>,
	/// The status it was opened from.
	pub from: AgreementStatus,
	/// Block of opening.
	pub opened_at: BlockNumber,
	/// The resolution, once recorded.
	pub resolution: Option<Resolution<BlockNumber, MaxParties>>,
}

/// An arbitrator's resolution of a dispute.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxParties))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
pub struct Resolution<BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug, MaxParties: Get<u32>>
{
	/// The arbitrator.
	pub arbitrator: IdentityId,
	/// What happens to the agreement.
	pub outcome: DisputeOutcome,
	/// Liability shares, one per party in the order of the parties; they sum to the whole.
	pub liability: BoundedVec<PartsPerMillion, MaxParties>,
	/// The penalty amount (smallest currency unit), recorded for settlement.
	pub penalty: u128,
	/// Digest of the reasoned decision.
	pub reason: Digest,
	/// Block of the resolution.
	pub at: BlockNumber,
}

/// What a query returns about an agreement.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct AgreementInfo<Record, VersionRecord, DecisionRecord, DisputeRecord, Pending> {
	/// Its number.
	pub id: AgreementId,
	/// The stored record.
	pub record: Record,
	/// Effective status: lazy activation and expiry, and the cascade, applied.
	pub status: AgreementStatus,
	/// Every version, oldest first.
	pub versions: Vec<VersionRecord>,
	/// The latest decisions, oldest first (at most a page).
	pub decisions: Vec<(u32, DecisionRecord)>,
	/// The current or last dispute.
	pub dispute: Option<DisputeRecord>,
	/// The pending change request.
	pub pending_change: Option<Pending>,
}

/// The minimal cross-space contract record (000 §5.2).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct MinimalAgreementRecord {
	/// Unique contract id.
	pub id: AgreementId,
	/// Parties and roles.
	pub parties: Vec<Party>,
	/// Effective status.
	pub status: AgreementStatus,
	/// Effective conditions: how it activates.
	pub activation: Activation,
	/// Execution: uses permitted and breaches recorded.
	pub uses: u64,
	/// Breaches recorded.
	pub breaches: u32,
	/// Scope and target data.
	pub entries: Vec<CatalogId>,
	/// Term start.
	pub start: Moment,
	/// Term end.
	pub end: Moment,
	/// Current version.
	pub version: u32,
	/// Whether a change request is pending.
	pub change_pending: bool,
	/// Liability and dispute clause digest.
	pub liability: Digest,
	/// Digest of the current version.
	pub digest: Digest,
}

/// What a dry run of a use answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum DryRun {
	/// No such agreement.
	UnknownAgreement,
	/// The agreement does not read as active (its effective status): no use is permitted.
	NotActive(AgreementStatus),
	/// What the evaluator answers now.
	Verdict(Verdict),
}

/// A lifecycle action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgreementAction {
	/// An offer or counter-offer: a new version.
	Propose,
	/// A party signs the current version; `complete` when it is the last signature.
	Sign {
		/// Whether every party has now signed.
		complete: bool,
	},
	/// A party withdraws before everyone signed.
	Withdraw,
	/// The operator files it.
	File,
	/// It activates (at start, or on the condition).
	Activate,
	/// It is suspended (breach, regulator, operator, by agreement).
	Suspend,
	/// It resumes.
	Resume,
	/// An amendment takes effect.
	Amend,
	/// It is terminated (mutual, unilateral).
	Terminate,
	/// Its term ended.
	Expire,
	/// It was performed in full.
	Complete,
	/// A party opens a dispute.
	Dispute,
	/// The arbitrator resolves the dispute.
	Resolve(DisputeOutcome),
}

/// Why a state machine refused an action (shared by every pallet's `transition`).
pub use tds_primitives::InvalidTransition;

/// The lifecycle (SPEC §5): the status after `action` in status `from`.
pub fn transition(
	from: AgreementStatus,
	action: AgreementAction,
) -> Result<AgreementStatus, InvalidTransition> {
	use AgreementAction::*;
	use AgreementStatus::*;
	match (from, action) {
		(Draft | Negotiating, Propose) => Ok(Negotiating),
		(Draft | Negotiating, Sign { complete: false }) => Ok(from),
		(Draft | Negotiating, Sign { complete: true }) => Ok(Signed),
		(Draft | Negotiating, Withdraw) => Ok(Terminated),
		(Signed, File) => Ok(Filed),
		(Filed, Activate) => Ok(Active),
		(Active, Suspend) => Ok(Suspended),
		(Suspended, Resume) => Ok(Active),
		(Active | Suspended, Amend) => Ok(from),
		(Active | Suspended, Terminate) => Ok(Terminated),
		(Filed | Active | Suspended, Expire) => Ok(Expired),
		(Active, Complete) => Ok(Completed),
		(Active | Suspended, Dispute) => Ok(Disputed),
		(Disputed, Resolve(DisputeOutcome::Continue | DisputeOutcome::Amend)) => Ok(Active),
		(Disputed, Resolve(DisputeOutcome::Terminate)) => Ok(Terminated),
		_ => Err(InvalidTransition),
	}
}

#[cfg(test)]
mod tests {
	use super::{AgreementAction::*, AgreementStatus::*, *};

	const ALL_STATUSES: [AgreementStatus; 10] = [
		Draft,
		Negotiating,
		Signed,
		Filed,
		Active,
		Suspended,
		Disputed,
		Terminated,
		Expired,
		Completed,
	];

	const ALL_ACTIONS: [AgreementAction; 15] = [
		Propose,
		Sign { complete: false },
		Sign { complete: true },
		Withdraw,
		File,
		Activate,
		AgreementAction::Suspend,
		Resume,
		Amend,
		Terminate,
		Expire,
		Complete,
		AgreementAction::Dispute,
		Resolve(DisputeOutcome::Continue),
		Resolve(DisputeOutcome::Amend),
	];

	#[test]
	fn transition_table() {
		let partial = Sign { complete: false };
		let last = Sign { complete: true };
		let allowed = [
			(Draft, Propose, Negotiating),
			(Negotiating, Propose, Negotiating),
			(Draft, partial, Draft),
			(Negotiating, partial, Negotiating),
			(Draft, last, Signed),
			(Negotiating, last, Signed),
			(Draft, Withdraw, Terminated),
			(Negotiating, Withdraw, Terminated),
			(Signed, File, Filed),
			(Filed, Activate, Active),
			(Active, AgreementAction::Suspend, Suspended),
			(Suspended, Resume, Active),
			(Active, Amend, Active),
			(Suspended, Amend, Suspended),
			(Active, Terminate, Terminated),
			(Suspended, Terminate, Terminated),
			(Filed, Expire, Expired),
			(Active, Expire, Expired),
			(Suspended, Expire, Expired),
			(Active, Complete, Completed),
			(Active, AgreementAction::Dispute, Disputed),
			(Suspended, AgreementAction::Dispute, Disputed),
			(Disputed, Resolve(DisputeOutcome::Continue), Active),
			(Disputed, Resolve(DisputeOutcome::Amend), Active),
			(Disputed, Resolve(DisputeOutcome::Terminate), Terminated),
		];
		let mut actions = ALL_ACTIONS.to_vec();
		actions.push(Resolve(DisputeOutcome::Terminate));
		// Every (status, action) pair: allowed ones go where the table says, all others fail.
		for from in ALL_STATUSES {
			for action in actions.iter().copied() {
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
		for from in ALL_STATUSES.into_iter().filter(|status| status.is_terminal()) {
			for action in ALL_ACTIONS {
				assert_eq!(transition(from, action), Err(InvalidTransition), "{from:?} {action:?}");
			}
		}
	}

	#[test]
	fn a_dispute_leaves_only_through_a_resolution() {
		for action in ALL_ACTIONS {
			let to = transition(Disputed, action);
			assert_eq!(to.is_ok(), matches!(action, Resolve(_)), "{action:?}");
		}
	}
}
