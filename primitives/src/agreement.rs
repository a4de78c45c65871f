//! Agreement types shared by the agreements pallet, the pallets that reference agreements
//! (notary), the node's `agreement_*` JSON-RPC and clients (SPEC §5), and the usage-policy
//! evaluator: one pure function, run on chain by `record_usage` and by the dry-run RPC, and by
//! anyone replaying a recorded decision.

use crate::{
	identity::{IdentityId, SpaceId},
	Moment,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::Get;
use sp_runtime::BoundedVec;

/// Number of an agreement, assigned at creation in order from 0. Rendered by
/// [`agreement_identifier`].
pub type AgreementId = u64;

/// Number of a contract template, assigned at publication in order from 0.
pub type TemplateId = u32;

/// A business scenario (purpose of use) by its code in the consortium's scenario list, e.g.
/// insurance claims, credit scoring. Codes, not text, so that policies stay small and
/// comparisons exact.
pub type ScenarioCode = u32;

/// Parts per million: revenue-split ratios and liability shares, which must sum to
/// [`PARTS_PER_MILLION`].
pub type PartsPerMillion = u32;

/// The whole, in [`PartsPerMillion`].
pub const PARTS_PER_MILLION: PartsPerMillion = 1_000_000;

/// Version of [`evaluate`]: recorded with every decision, raised whenever the function's
/// answer for some input changes, so that a decision is replayed with the rules it was made by.
pub const EVALUATOR_VERSION: u16 = 1;

/// `urn:tds:agreement:<number>`.
pub fn agreement_identifier(id: AgreementId) -> alloc::string::String {
	alloc::format!("urn:tds:agreement:{id}")
}

/// Parses an identifier made by [`agreement_identifier`], or a bare number.
pub fn parse_agreement_identifier(text: &str) -> Option<AgreementId> {
	text.strip_prefix("urn:tds:agreement:").unwrap_or(text).parse().ok()
}

macro_rules! plain_enum {
	($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident,)* }) => {
		$(#[$meta])*
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
		pub enum $name { $($(#[$vmeta])* $variant,)* }
	};
}

plain_enum! {
	/// The four national contract models (000 §5.1).
	pub enum ContractModel {
		/// Data provision (数据提供).
		Provision,
		/// Entrusted processing (委托处理).
		EntrustedProcessing,
		/// Fusion development (融合开发).
		FusionDevelopment,
		/// Intermediary service (中介服务).
		Intermediary,
	}
}

plain_enum! {
	/// A party's role in an agreement.
	pub enum PartyRole {
		/// Supplies the data.
		Provider,
		/// Uses the data under the policy.
		User,
		/// Processes or develops on behalf of another party.
		Processor,
		/// Brokers the agreement.
		Intermediary,
	}
}

/// A party to an agreement.
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
pub struct Party {
	/// Its identity.
	pub identity: IdentityId,
	/// Its role.
	pub role: PartyRole,
}

/// How the use of the data is priced (004 §2.2.2.3). Amounts are in the currency unit's
/// smallest subdivision (fen); the ledger records them for settlement, it moves no money.
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
pub enum PricingModel {
	/// A price per permitted use.
	PerCall {
		/// Price of one use.
		price: u128,
	},
	/// A price per record returned.
	PerVolume {
		/// Price of one record.
		unit_price: u128,
	},
	/// A fee per period.
	Subscription {
		/// Fee per period.
		fee: u128,
		/// Period in milliseconds.
		period: Moment,
	},
	/// A base authorisation fee plus a share of the revenue from use.
	BaseFeePlusShare {
		/// The base fee.
		base: u128,
		/// The revenue share.
		share: PartsPerMillion,
	},
}

plain_enum! {
	/// Where an agreement is in its life (SPEC §5).
	pub enum AgreementStatus {
		/// Created, not yet negotiated.
		Draft,
		/// Offers and counter-offers are being exchanged.
		Negotiating,
		/// Every party signed the same version.
		Signed,
		/// The space operator recorded it (备案).
		Filed,
		/// In force: usage is evaluated against its policy.
		Active,
		/// Paused: no usage is permitted.
		Suspended,
		/// Under dispute: leaves only through a resolution.
		Disputed,
		/// Ended early: mutually, unilaterally per clause, by arbitration, or withdrawn before
		/// signature.
		Terminated,
		/// Its term ended.
		Expired,
		/// Performed in full, by the parties' agreement.
		Completed,
	}
}

impl AgreementStatus {
	/// Whether nothing can happen to the agreement any more.
	pub const fn is_terminal(self) -> bool {
		matches!(self, Self::Terminated | Self::Expired | Self::Completed)
	}
}

plain_enum! {
	/// How an agreement becomes active once filed.
	pub enum Activation {
		/// By itself at its start time.
		AtStart,
		/// When a party declares the activation condition met (with evidence), not before the
		/// start time.
		OnCondition,
	}
}

plain_enum! {
	/// Manner of use of the data.
	pub enum Manner {
		/// Computation only, the data never leaves the provider's environment (可用不可见).
		ComputeOnly,
		/// Reading results or records.
		Read,
		/// Downloading a copy.
		Download,
	}
}

impl Manner {
	/// Every manner, in bit order.
	pub const ALL: [Manner; 3] = [Manner::ComputeOnly, Manner::Read, Manner::Download];

	/// The manner's bit in a [`Manners`] set.
	pub const fn bit(self) -> u8 {
		match self {
			Manner::ComputeOnly => 1,
			Manner::Read => 2,
			Manner::Download => 4,
		}
	}
}

/// A set of [`Manner`]s.
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
pub struct Manners(pub u8);

impl Manners {
	/// Whether `manner` is in the set.
	pub const fn contains(self, manner: Manner) -> bool {
		self.0 & manner.bit() != 0
	}

	/// The set with `manner` added.
	pub const fn with(self, manner: Manner) -> Self {
		Manners(self.0 | manner.bit())
	}
}

/// The standing bans of SPEC §5 (public data): each one set is a prohibition of the policy.
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
pub struct StandingBans {
	/// No marketing use.
	pub marketing: bool,
	/// No sub-licensing to anyone outside the agreement.
	pub sublicensing: bool,
	/// No use outside the listed scenarios: an empty scenario list then permits nothing.
	pub unlisted_scenarios: bool,
}

impl StandingBans {
	/// All three bans, as public data requires.
	pub const PUBLIC_DATA: Self =
		Self { marketing: true, sublicensing: true, unlisted_scenarios: true };
}

/// A frequency limit: at most `max_uses` uses in each window of `window` milliseconds, windows
/// counted from time 0 (window `n` is `[n * window, (n + 1) * window)`).
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
pub struct Frequency {
	/// Uses permitted per window.
	pub max_uses: u32,
	/// Window length in milliseconds (at least 1).
	pub window: Moment,
}

/// A usage policy (ODRL-shaped): what is permitted, under which constraints, what is
/// prohibited and what is obliged. An empty list constrains nothing, except as
/// [`StandingBans::unlisted_scenarios`] says.
///
/// `Clone`, `PartialEq`, `Eq` and `Debug` are implemented below without bounds on `MaxItems`
/// (a bound is a type-level constant, not a value).
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxItems))]
#[codec(mel_bound())]
pub struct UsagePolicy<MaxItems: Get<u32>> {
	/// Permitted scenarios (purposes).
	pub scenarios: BoundedVec<ScenarioCode, MaxItems>,
	/// Identities permitted to use the data (beyond being a party in the user role).
	pub users: BoundedVec<IdentityId, MaxItems>,
	/// Spaces the use may happen in.
	pub spaces: BoundedVec<SpaceId, MaxItems>,
	/// Permitted manners of use; the empty set permits none.
	pub manners: Manners,
	/// Most uses over the agreement's life.
	pub max_total_uses: Option<u64>,
	/// Most uses per time window.
	pub frequency: Option<Frequency>,
	/// Most records (volume) returned by one use.
	pub max_volume_per_use: Option<u64>,
	/// Not before (milliseconds since the Unix epoch).
	pub valid_from: Option<Moment>,
	/// Not at or after.
	pub valid_until: Option<Moment>,
	/// Permitted fields of the data, one bit per field of the entry's schema; `None` permits
	/// every field.
	pub fields: Option<u128>,
	/// Prohibition: no onward transfer of the data or results.
	pub onward_transfer_forbidden: bool,
	/// Prohibitions: the standing bans.
	pub bans: StandingBans,
	/// Obligation: every use carries the digest of its log entry (evidence).
	pub evidence_required: bool,
}

impl<MaxItems: Get<u32>> Clone for UsagePolicy<MaxItems> {
	fn clone(&self) -> Self {
		Self {
			scenarios: self.scenarios.clone(),
			users: self.users.clone(),
			spaces: self.spaces.clone(),
			..*self
		}
	}
}

impl<MaxItems: Get<u32>> PartialEq for UsagePolicy<MaxItems> {
	fn eq(&self, other: &Self) -> bool {
		self.encode() == other.encode()
	}
}

impl<MaxItems: Get<u32>> Eq for UsagePolicy<MaxItems> {}

impl<MaxItems: Get<u32>> core::fmt::Debug for UsagePolicy<MaxItems> {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_struct("UsagePolicy")
			.field("scenarios", &self.scenarios.as_slice())
			.field("users", &self.users.as_slice())
			.field("spaces", &self.spaces.as_slice())
			.field("manners", &self.manners)
			.field("max_total_uses", &self.max_total_uses)
			.field("frequency", &self.frequency)
			.field("max_volume_per_use", &self.max_volume_per_use)
			.field("valid_from", &self.valid_from)
			.field("valid_until", &self.valid_until)
			.field("fields", &self.fields)
			.field("onward_transfer_forbidden", &self.onward_transfer_forbidden)
			.field("bans", &self.bans)
			.field("evidence_required", &self.evidence_required)
			.finish()
	}
}

impl<MaxItems: Get<u32>> Default for UsagePolicy<MaxItems> {
	fn default() -> Self {
		Self {
			scenarios: BoundedVec::new(),
			users: BoundedVec::new(),
			spaces: BoundedVec::new(),
			manners: Manners::default(),
			max_total_uses: None,
			frequency: None,
			max_volume_per_use: None,
			valid_from: None,
			valid_until: None,
			fields: None,
			onward_transfer_forbidden: false,
			bans: StandingBans::default(),
			evidence_required: false,
		}
	}
}

impl<MaxItems: Get<u32>> UsagePolicy<MaxItems> {
	/// The same policy under another bound, `None` if a list is longer than it allows.
	pub fn rebound<Other: Get<u32>>(self) -> Option<UsagePolicy<Other>> {
		Some(UsagePolicy {
			scenarios: self.scenarios.into_inner().try_into().ok()?,
			users: self.users.into_inner().try_into().ok()?,
			spaces: self.spaces.into_inner().try_into().ok()?,
			manners: self.manners,
			max_total_uses: self.max_total_uses,
			frequency: self.frequency,
			max_volume_per_use: self.max_volume_per_use,
			valid_from: self.valid_from,
			valid_until: self.valid_until,
			fields: self.fields,
			onward_transfer_forbidden: self.onward_transfer_forbidden,
			bans: self.bans,
			evidence_required: self.evidence_required,
		})
	}
}

/// One use of the data, as the using party declares it.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct UsageContext {
	/// The using identity.
	pub user: IdentityId,
	/// The space it uses the data in.
	pub space: SpaceId,
	/// The scenario (purpose).
	pub scenario: ScenarioCode,
	/// How.
	pub manner: Manner,
	/// The fields used, one bit per field.
	pub fields: u128,
	/// Records returned.
	pub volume: u64,
	/// The use passes data or results on to someone outside the agreement.
	pub onward_transfer: bool,
	/// The use is marketing.
	pub marketing: bool,
	/// The use sub-licenses the data.
	pub sublicensing: bool,
	/// Digest of the use's log entry.
	pub evidence: Option<crate::identity::Digest>,
}

/// Uses counted so far under an agreement.
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
pub struct UsageCounters {
	/// Permitted uses over the agreement's life.
	pub total: u64,
	/// The frequency window of the last permitted use.
	pub window: u64,
	/// Permitted uses in that window.
	pub in_window: u32,
}

plain_enum! {
	/// Why a use is denied: the first failed rule, in the order [`evaluate`] checks them.
	pub enum DenyReason {
		/// Before the policy's validity window.
		NotYetValid,
		/// At or after the end of the validity window.
		ValidityEnded,
		/// The user is not a party in the user role, or not in the policy's user list.
		UserNotAllowed,
		/// The space is not permitted.
		SpaceNotAllowed,
		/// The scenario is not permitted (off-scenario use).
		ScenarioNotAllowed,
		/// Marketing use is banned.
		MarketingBanned,
		/// The manner of use is not permitted (e.g. a download under compute-only).
		MannerNotAllowed,
		/// A field outside the permitted ones was used (unauthorised field).
		FieldNotPermitted,
		/// More records than one use may return (bulk export).
		VolumeExceeded,
		/// Onward transfer is forbidden.
		OnwardTransferForbidden,
		/// Sub-licensing is banned.
		SublicensingBanned,
		/// The evidence obligation is not met: no log-entry digest.
		EvidenceMissing,
		/// The total number of uses is reached.
		TotalUsesExceeded,
		/// The uses of this window are exhausted (frequency over limit).
		FrequencyExceeded,
	}
}

/// The answer of [`evaluate`].
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
	/// The use is permitted; the counters after counting it.
	Permit(UsageCounters),
	/// The use is denied; counters are unchanged.
	Deny(DenyReason),
}

/// Evaluates one use against a policy: a pure, total, deterministic function of its inputs.
///
/// `is_user_party` says whether the context's user is a party in the [`PartyRole::User`] role
/// (or, for an entrusted processing, the processor); `now` is the chain's time; `counters` are
/// the uses counted so far. Rules are checked in the order of [`DenyReason`]; the first that
/// fails is the answer.
pub fn evaluate<MaxItems: Get<u32>>(
	policy: &UsagePolicy<MaxItems>,
	is_user_party: bool,
	counters: &UsageCounters,
	context: &UsageContext,
	now: Moment,
) -> Verdict {
	use DenyReason::*;
	let deny = Verdict::Deny;
	if policy.valid_from.is_some_and(|from| now < from) {
		return deny(NotYetValid);
	}
	if policy.valid_until.is_some_and(|until| now >= until) {
		return deny(ValidityEnded);
	}
	if let Err(reason) = check_use(policy, is_user_party, context) {
		return deny(reason);
	}
	if policy.max_total_uses.is_some_and(|max| counters.total >= max) {
		return deny(TotalUsesExceeded);
	}
	let total = counters.total.saturating_add(1);
	let Some(frequency) = policy.frequency else {
		return Verdict::Permit(UsageCounters { total, ..*counters });
	};
	let window = now.checked_div(frequency.window).unwrap_or(0);
	let used = if window == counters.window { counters.in_window } else { 0 };
	if used >= frequency.max_uses {
		return deny(FrequencyExceeded);
	}
	Verdict::Permit(UsageCounters { total, window, in_window: used.saturating_add(1) })
}

/// The rules about the use itself (who, where, what for, how, how much), from
/// [`DenyReason::UserNotAllowed`] to [`DenyReason::EvidenceMissing`], in that order.
fn check_use<MaxItems: Get<u32>>(
	policy: &UsagePolicy<MaxItems>,
	is_user_party: bool,
	context: &UsageContext,
) -> Result<(), DenyReason> {
	use DenyReason::*;
	if !is_user_party || (!policy.users.is_empty() && !policy.users.contains(&context.user)) {
		return Err(UserNotAllowed);
	}
	if !policy.spaces.is_empty() && !policy.spaces.contains(&context.space) {
		return Err(SpaceNotAllowed);
	}
	let scenario_listed = policy.scenarios.contains(&context.scenario);
	if (policy.bans.unlisted_scenarios || !policy.scenarios.is_empty()) && !scenario_listed {
		return Err(ScenarioNotAllowed);
	}
	if policy.bans.marketing && context.marketing {
		return Err(MarketingBanned);
	}
	if !policy.manners.contains(context.manner) {
		return Err(MannerNotAllowed);
	}
	if policy.fields.is_some_and(|permitted| context.fields & !permitted != 0) {
		return Err(FieldNotPermitted);
	}
	if policy.max_volume_per_use.is_some_and(|max| context.volume > max) {
		return Err(VolumeExceeded);
	}
	if policy.onward_transfer_forbidden && context.onward_transfer {
		return Err(OnwardTransferForbidden);
	}
	if policy.bans.sublicensing && context.sublicensing {
		return Err(SublicensingBanned);
	}
	if policy.evidence_required && context.evidence.is_none() {
		return Err(EvidenceMissing);
	}
	Ok(())
}

/// Uses that already happened, reported together after the fact: by an evidence gateway from
/// the signed log entries it holds, or by a party. Every use shares the context's user, space,
/// scenario and manner.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct UsageReport {
	/// What the uses share. `fields` is the union of the fields used, `volume` the largest
	/// volume of one use, each flag is set if any use set it, and `evidence` is the digest of
	/// the log entries reported (for a gateway, [`report_digest`] of their leaf hashes).
	pub context: UsageContext,
	/// How many uses (at least 1).
	pub uses: u32,
	/// Records returned by all of them together.
	pub total_volume: u64,
	/// When the first use happened (Unix milliseconds).
	pub first: Moment,
	/// When the last use happened: not before `first`, and in the same frequency window when
	/// the policy limits frequency.
	pub last: Moment,
}

impl UsageReport {
	/// Whether the report is consistent in itself and with `policy`: at least one use, `first`
	/// not after `last`, volumes that fit together (the largest use at most the total, the
	/// total at most `uses` times the largest), and, under a frequency limit, one window.
	pub fn is_well_formed<MaxItems: Get<u32>>(&self, policy: &UsagePolicy<MaxItems>) -> bool {
		let one_window = policy.frequency.is_none_or(|frequency| {
			self.first.checked_div(frequency.window) == self.last.checked_div(frequency.window)
		});
		let volumes_fit = self.context.volume <= self.total_volume
			&& self
				.context
				.volume
				.checked_mul(u64::from(self.uses))
				.is_none_or(|most| self.total_volume <= most);
		self.uses > 0 && self.first <= self.last && one_window && volumes_fit
	}
}

/// The digest a gateway puts in a [`UsageReport`]'s evidence: BLAKE3-256 of
/// `"tds/usage-report/v1"` followed by the leaf hashes of the reported entries in log order.
/// An auditor recomputes it from a drill-through query of the agreement.
pub fn report_digest<'a>(leaf_hashes: impl IntoIterator<Item = &'a [u8; 32]>) -> [u8; 32] {
	let mut hasher = blake3::Hasher::new();
	hasher.update(REPORT_DIGEST_DOMAIN);
	for leaf in leaf_hashes {
		hasher.update(leaf);
	}
	*hasher.finalize().as_bytes()
}

/// The domain separator of [`report_digest`].
pub const REPORT_DIGEST_DOMAIN: &[u8] = b"tds/usage-report/v1";

/// Evaluates a [`UsageReport`] (checked with [`UsageReport::is_well_formed`]) against a
/// policy: one decision for all its uses. Validity is checked at the uses' own times (`first`
/// and `last`), the rules about the use as for [`evaluate`], then the limits with every
/// reported use counted: the report is denied if the total or the window's uses go over.
///
/// Reported uses happened, so the counters after the report count them whether it is
/// permitted or not (the second value). A report for a window older than the last one counted
/// is checked against its own uses only, since the counters keep the latest window alone.
pub fn evaluate_report<MaxItems: Get<u32>>(
	policy: &UsagePolicy<MaxItems>,
	is_user_party: bool,
	counters: &UsageCounters,
	report: &UsageReport,
) -> (Verdict, UsageCounters) {
	use DenyReason::*;
	let total = counters.total.saturating_add(u64::from(report.uses));
	let (after, used) = match policy.frequency {
		None => (UsageCounters { total, ..*counters }, report.uses),
		Some(frequency) => {
			let window = report.last.checked_div(frequency.window).unwrap_or(0);
			if window > counters.window {
				(UsageCounters { total, window, in_window: report.uses }, report.uses)
			} else if window == counters.window {
				let used = counters.in_window.saturating_add(report.uses);
				(UsageCounters { total, window, in_window: used }, used)
			} else {
				(UsageCounters { total, ..*counters }, report.uses)
			}
		},
	};
	let verdict = if policy.valid_from.is_some_and(|from| report.first < from) {
		Err(NotYetValid)
	} else if policy.valid_until.is_some_and(|until| report.last >= until) {
		Err(ValidityEnded)
	} else {
		check_use(policy, is_user_party, &report.context).and_then(|()| {
			if policy.max_total_uses.is_some_and(|max| total > max) {
				Err(TotalUsesExceeded)
			} else if policy.frequency.is_some_and(|frequency| used > frequency.max_uses) {
				Err(FrequencyExceeded)
			} else {
				Ok(())
			}
		})
	};
	(verdict.map_or_else(Verdict::Deny, |()| Verdict::Permit(after)), after)
}

/// What an agreement's breach rule does after a denied use, given how many breaches were
/// recorded (this one included).
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
pub struct BreachRule {
	/// Warn the parties from this many breaches on (0: never).
	pub warn_after: u32,
	/// Suspend the agreement automatically from this many breaches on (0: never).
	pub suspend_after: u32,
}

plain_enum! {
	/// The graded response to a breach.
	pub enum BreachResponse {
		/// Recorded only.
		Recorded,
		/// Recorded, and the parties are warned.
		Warned,
		/// Recorded, and the agreement is suspended.
		Suspended,
	}
}

impl BreachRule {
	/// The response to the `count`-th breach.
	pub const fn response(&self, count: u32) -> BreachResponse {
		if self.suspend_after != 0 && count >= self.suspend_after {
			BreachResponse::Suspended
		} else if self.warn_after != 0 && count >= self.warn_after {
			BreachResponse::Warned
		} else {
			BreachResponse::Recorded
		}
	}
}

plain_enum! {
	/// How a dispute is resolved.
	pub enum DisputeOutcome {
		/// The agreement continues as it is (back to active).
		Continue,
		/// The agreement continues under the amendment pending with the dispute (a new version).
		Amend,
		/// The agreement ends.
		Terminate,
	}
}

/// What other pallets need to know about agreements.
pub trait AgreementInspect {
	/// Whether the agreement exists.
	fn exists(id: AgreementId) -> bool;
	/// Whether `identity` is one of its parties.
	fn is_party(id: AgreementId, identity: &IdentityId) -> bool;
}

impl AgreementInspect for () {
	fn exists(_: AgreementId) -> bool {
		false
	}

	fn is_party(_: AgreementId, _: &IdentityId) -> bool {
		false
	}
}

#[cfg(test)]
mod tests {
	use super::{DenyReason::*, *};
	use sp_core::ConstU32;

	type Policy = UsagePolicy<ConstU32<4>>;

	const USER: IdentityId = IdentityId::repeat_byte(7);
	const HOUR: Moment = 3_600_000;
	const NOW: Moment = 1_795_392_000_000;

	fn policy() -> Policy {
		Policy {
			scenarios: vec![11, 12].try_into().unwrap(),
			users: vec![USER].try_into().unwrap(),
			spaces: vec![0, 1].try_into().unwrap(),
			manners: Manners::default().with(Manner::ComputeOnly).with(Manner::Read),
			max_total_uses: Some(100),
			frequency: Some(Frequency { max_uses: 2, window: HOUR }),
			max_volume_per_use: Some(1_000),
			valid_from: Some(NOW - HOUR),
			valid_until: Some(NOW + HOUR),
			fields: Some(0b0111),
			onward_transfer_forbidden: true,
			bans: StandingBans::PUBLIC_DATA,
			evidence_required: true,
		}
	}

	fn context() -> UsageContext {
		UsageContext {
			user: USER,
			space: 1,
			scenario: 12,
			manner: Manner::Read,
			fields: 0b0011,
			volume: 1_000,
			onward_transfer: false,
			marketing: false,
			sublicensing: false,
			evidence: Some(crate::identity::Digest::repeat_byte(1)),
		}
	}

	fn permit(total: u64, in_window: u32) -> Verdict {
		Verdict::Permit(UsageCounters { total, window: NOW / HOUR, in_window })
	}

	#[test]
	fn every_constraint_permits_and_denies() {
		let fresh = UsageCounters::default();
		let used = |total, in_window| UsageCounters { total, window: NOW / HOUR, in_window };
		let cases: Vec<(&str, Policy, bool, UsageCounters, UsageContext, Moment, Verdict)> = vec![
			("within every limit", policy(), true, fresh, context(), NOW, permit(1, 1)),
			("second use of the window", policy(), true, used(1, 1), context(), NOW, permit(2, 2)),
			(
				"before the window",
				policy(),
				true,
				fresh,
				context(),
				NOW - 2 * HOUR,
				Verdict::Deny(NotYetValid),
			),
			(
				"at the end of the window",
				policy(),
				true,
				fresh,
				context(),
				NOW + HOUR,
				Verdict::Deny(ValidityEnded),
			),
			(
				"not a user party",
				policy(),
				false,
				fresh,
				context(),
				NOW,
				Verdict::Deny(UserNotAllowed),
			),
			(
				"not a listed user",
				policy(),
				true,
				fresh,
				UsageContext { user: IdentityId::repeat_byte(8), ..context() },
				NOW,
				Verdict::Deny(UserNotAllowed),
			),
			(
				"any user when none listed",
				Policy { users: Default::default(), ..policy() },
				true,
				fresh,
				UsageContext { user: IdentityId::repeat_byte(8), ..context() },
				NOW,
				permit(1, 1),
			),
			(
				"another space",
				policy(),
				true,
				fresh,
				UsageContext { space: 9, ..context() },
				NOW,
				Verdict::Deny(SpaceNotAllowed),
			),
			(
				"any space when none listed",
				Policy { spaces: Default::default(), ..policy() },
				true,
				fresh,
				UsageContext { space: 9, ..context() },
				NOW,
				permit(1, 1),
			),
			(
				"off-scenario",
				policy(),
				true,
				fresh,
				UsageContext { scenario: 13, ..context() },
				NOW,
				Verdict::Deny(ScenarioNotAllowed),
			),
			(
				"no scenario list under the ban",
				Policy { scenarios: Default::default(), ..policy() },
				true,
				fresh,
				context(),
				NOW,
				Verdict::Deny(ScenarioNotAllowed),
			),
			(
				"no scenario list, no ban",
				Policy { scenarios: Default::default(), bans: StandingBans::default(), ..policy() },
				true,
				fresh,
				UsageContext { scenario: 99, ..context() },
				NOW,
				permit(1, 1),
			),
			(
				"marketing under the ban",
				policy(),
				true,
				fresh,
				UsageContext { marketing: true, ..context() },
				NOW,
				Verdict::Deny(MarketingBanned),
			),
			(
				"marketing without the ban",
				Policy {
					bans: StandingBans { marketing: false, ..StandingBans::PUBLIC_DATA },
					..policy()
				},
				true,
				fresh,
				UsageContext { marketing: true, ..context() },
				NOW,
				permit(1, 1),
			),
			(
				"download under compute-and-read",
				policy(),
				true,
				fresh,
				UsageContext { manner: Manner::Download, ..context() },
				NOW,
				Verdict::Deny(MannerNotAllowed),
			),
			(
				"no manner permitted",
				Policy { manners: Manners::default(), ..policy() },
				true,
				fresh,
				context(),
				NOW,
				Verdict::Deny(MannerNotAllowed),
			),
			(
				"unauthorised field",
				policy(),
				true,
				fresh,
				UsageContext { fields: 0b1001, ..context() },
				NOW,
				Verdict::Deny(FieldNotPermitted),
			),
			(
				"every field when unrestricted",
				Policy { fields: None, ..policy() },
				true,
				fresh,
				UsageContext { fields: u128::MAX, ..context() },
				NOW,
				permit(1, 1),
			),
			(
				"bulk export",
				policy(),
				true,
				fresh,
				UsageContext { volume: 1_001, ..context() },
				NOW,
				Verdict::Deny(VolumeExceeded),
			),
			(
				"onward transfer",
				policy(),
				true,
				fresh,
				UsageContext { onward_transfer: true, ..context() },
				NOW,
				Verdict::Deny(OnwardTransferForbidden),
			),
			(
				"onward transfer allowed",
				Policy { onward_transfer_forbidden: false, ..policy() },
				true,
				fresh,
				UsageContext { onward_transfer: true, ..context() },
				NOW,
				permit(1, 1),
			),
			(
				"sub-licensing",
				policy(),
				true,
				fresh,
				UsageContext { sublicensing: true, ..context() },
				NOW,
				Verdict::Deny(SublicensingBanned),
			),
			(
				"no evidence",
				policy(),
				true,
				fresh,
				UsageContext { evidence: None, ..context() },
				NOW,
				Verdict::Deny(EvidenceMissing),
			),
			(
				"no evidence, not obliged",
				Policy { evidence_required: false, ..policy() },
				true,
				fresh,
				UsageContext { evidence: None, ..context() },
				NOW,
				permit(1, 1),
			),
			(
				"total reached",
				policy(),
				true,
				used(100, 0),
				context(),
				NOW + HOUR / 2,
				Verdict::Deny(TotalUsesExceeded),
			),
			(
				"frequency over limit",
				policy(),
				true,
				used(2, 2),
				context(),
				NOW,
				Verdict::Deny(FrequencyExceeded),
			),
			(
				"a new window resets the frequency",
				policy(),
				true,
				UsageCounters { total: 2, window: NOW / HOUR - 1, in_window: 2 },
				context(),
				NOW,
				permit(3, 1),
			),
			(
				"no limits at all",
				Policy { max_total_uses: None, frequency: None, ..policy() },
				true,
				used(1_000_000, 9),
				context(),
				NOW,
				Verdict::Permit(UsageCounters { total: 1_000_001, ..used(0, 9) }),
			),
		];
		for (name, policy, party, counters, context, now, expected) in cases {
			assert_eq!(evaluate(&policy, party, &counters, &context, now), expected, "{name}");
		}
	}

	#[test]
	fn the_first_failed_rule_is_the_answer() {
		let everything_wrong = UsageContext {
			space: 9,
			scenario: 13,
			marketing: true,
			manner: Manner::Download,
			fields: u128::MAX,
			..context()
		};
		let verdict = evaluate(&policy(), true, &UsageCounters::default(), &everything_wrong, NOW);
		assert_eq!(verdict, Verdict::Deny(SpaceNotAllowed));
	}

	#[test]
	fn a_zero_window_does_not_panic() {
		let policy = Policy { frequency: Some(Frequency { max_uses: 1, window: 0 }), ..policy() };
		let verdict = evaluate(&policy, true, &UsageCounters::default(), &context(), NOW);
		assert_eq!(verdict, Verdict::Permit(UsageCounters { total: 1, window: 0, in_window: 1 }));
	}

	/// `uses` uses by the user, 10 records each, in the minutes from `first` to `last` after
	/// [`NOW`].
	fn report(uses: u32, first: i64, last: i64) -> UsageReport {
		UsageReport {
			context: UsageContext { volume: 10, ..context() },
			uses,
			total_volume: u64::from(uses) * 10,
			first: NOW.checked_add_signed(first * 60_000).unwrap(),
			last: NOW.checked_add_signed(last * 60_000).unwrap(),
		}
	}

	#[test]
	fn reports_count_every_use_and_are_denied_over_a_limit() {
		let policy = Policy {
			frequency: Some(Frequency { max_uses: 100, window: HOUR }),
			max_total_uses: Some(250),
			..policy()
		};
		let window = NOW / HOUR;
		let at = |total, in_window| UsageCounters { total, window, in_window };
		let fresh = UsageCounters::default();
		let cases: Vec<(&str, UsageCounters, UsageReport, Verdict, UsageCounters)> = vec![
			(
				"within the window's limit",
				fresh,
				report(60, 0, 5),
				Verdict::Permit(at(60, 60)),
				at(60, 60),
			),
			(
				"up to the limit",
				at(60, 60),
				report(40, 6, 9),
				Verdict::Permit(at(100, 100)),
				at(100, 100),
			),
			(
				"over the window's limit: denied, and counted",
				at(60, 60),
				report(41, 6, 9),
				Verdict::Deny(FrequencyExceeded),
				at(101, 101),
			),
			(
				"a later window starts from zero",
				UsageCounters { total: 100, window: window - 1, in_window: 100 },
				report(100, 0, 1),
				Verdict::Permit(at(200, 100)),
				at(200, 100),
			),
			(
				"an older window: its own uses only, the latest window kept",
				UsageCounters { total: 10, window: window + 1, in_window: 7 },
				report(100, 0, 1),
				Verdict::Permit(UsageCounters { total: 110, window: window + 1, in_window: 7 }),
				UsageCounters { total: 110, window: window + 1, in_window: 7 },
			),
			(
				"over the total",
				UsageCounters { total: 200, window: window - 1, in_window: 3 },
				report(51, 0, 1),
				Verdict::Deny(TotalUsesExceeded),
				at(251, 51),
			),
			(
				"a use after the validity window",
				fresh,
				report(1, 61, 61),
				Verdict::Deny(ValidityEnded),
				UsageCounters { total: 1, window: window + 1, in_window: 1 },
			),
			(
				"a use before it",
				fresh,
				report(1, -61, -61),
				Verdict::Deny(NotYetValid),
				UsageCounters { total: 1, window: window - 2, in_window: 1 },
			),
			(
				"the largest use over the volume limit",
				fresh,
				UsageReport {
					context: UsageContext { volume: 1_001, ..context() },
					total_volume: 1_001,
					..report(1, 0, 0)
				},
				Verdict::Deny(VolumeExceeded),
				at(1, 1),
			),
		];
		for (name, counters, report, verdict, after) in cases {
			assert!(report.is_well_formed(&policy), "{name}: well formed");
			assert_eq!(
				evaluate_report(&policy, true, &counters, &report),
				(verdict, after),
				"{name}"
			);
		}
	}

	#[test]
	fn reports_check_the_same_use_rules_as_single_uses() {
		let report = |context: UsageContext| UsageReport { context, ..report(1, 0, 0) };
		let single = UsageContext { volume: 10, ..context() };
		for context in [
			UsageContext { space: 9, ..single.clone() },
			UsageContext { scenario: 13, ..single.clone() },
			UsageContext { manner: Manner::Download, ..single.clone() },
			UsageContext { fields: 0b1000, ..single.clone() },
			UsageContext { onward_transfer: true, ..single.clone() },
			UsageContext { evidence: None, ..single.clone() },
			single.clone(),
		] {
			let fresh = UsageCounters::default();
			let one = evaluate(&policy(), true, &fresh, &context, NOW);
			let (reported, _) = evaluate_report(&policy(), true, &fresh, &report(context));
			assert_eq!(reported, one);
		}
		let (not_a_party, _) =
			evaluate_report(&policy(), false, &UsageCounters::default(), &report(single));
		assert_eq!(not_a_party, Verdict::Deny(UserNotAllowed));
	}

	#[test]
	fn malformed_reports_are_recognised() {
		let policy = policy();
		assert!(report(2, 0, 59).is_well_formed(&policy));
		assert!(!report(0, 0, 0).is_well_formed(&policy), "no use");
		assert!(!report(2, 5, 4).is_well_formed(&policy), "first after last");
		assert!(!report(2, 0, 61).is_well_formed(&policy), "two windows");
		let unlimited = Policy { frequency: None, ..policy.clone() };
		assert!(report(2, 0, 61).is_well_formed(&unlimited), "no windows without a limit");
		let largest_over_total = UsageReport { total_volume: 5, ..report(2, 0, 0) };
		assert!(!largest_over_total.is_well_formed(&policy));
		let total_over_uses = UsageReport { total_volume: 21, ..report(2, 0, 0) };
		assert!(!total_over_uses.is_well_formed(&policy));
	}

	#[test]
	fn the_report_digest_covers_every_leaf_in_order() {
		let (a, b) = ([1u8; 32], [2u8; 32]);
		let digest = report_digest([&a, &b]);
		assert_ne!(digest, report_digest([&b, &a]));
		assert_ne!(digest, report_digest([&a]));
		let mut expected = blake3::Hasher::new();
		expected.update(b"tds/usage-report/v1").update(&a).update(&b);
		assert_eq!(digest, *expected.finalize().as_bytes());
	}

	#[test]
	fn breach_rules_grade_the_response() {
		let rule = BreachRule { warn_after: 1, suspend_after: 3 };
		assert_eq!(rule.response(1), BreachResponse::Warned);
		assert_eq!(rule.response(2), BreachResponse::Warned);
		assert_eq!(rule.response(3), BreachResponse::Suspended);
		assert_eq!(BreachRule::default().response(100), BreachResponse::Recorded);
		let immediate = BreachRule { warn_after: 0, suspend_after: 1 };
		assert_eq!(immediate.response(1), BreachResponse::Suspended);
	}

	#[test]
	fn identifiers_round_trip() {
		assert_eq!(agreement_identifier(42), "urn:tds:agreement:42");
		assert_eq!(parse_agreement_identifier("urn:tds:agreement:42"), Some(42));
		assert_eq!(parse_agreement_identifier("42"), Some(42));
		assert_eq!(parse_agreement_identifier("urn:tds:catalog:0:1"), None);
	}
}
