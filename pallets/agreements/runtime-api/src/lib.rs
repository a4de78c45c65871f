//! Runtime API of the agreements: what the node's `agreement_*` JSON-RPC methods ask the
//! runtime. Statuses in the answers are effective at the queried block: lazy activation and
//! expiry applied, and an active agreement whose party may not act or whose entry is not usable
//! reads as suspended.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_agreements::{AgreementInfo, DryRun, MinimalAgreementRecord};
use tds_primitives::{
	agreement::{AgreementId, AgreementStatus, TemplateId, UsageContext, UsageReport},
	catalog::CatalogId,
	identity::IdentityId,
	AccountId,
};

sp_api::decl_runtime_apis! {
	/// Queries of the agreements.
	///
	/// `Info` is `AgreementInfoOf<Runtime>`, `Decision` is `DecisionOf<Runtime>`, `Template`
	/// and `TemplateVersion` are `TemplateOf<Runtime>` and `TemplateVersionOf<Runtime>`.
	pub trait AgreementsApi<Info, Decision, Template, TemplateVersion>
	where
		Info: Codec,
		Decision: Codec,
		Template: Codec,
		TemplateVersion: Codec,
	{
		/// An agreement with its effective status, every version, the latest decisions, its
		/// dispute and its pending change.
		fn agreement(id: AgreementId) -> Option<Info>;
		/// A page of an agreement's decision log from `start`.
		fn decisions(id: AgreementId, start: u32, limit: u32) -> Vec<(u32, Decision)>;
		/// A page of a party's agreements after `start_after`, with effective statuses.
		fn agreements_of_party(
			party: IdentityId,
			start_after: Option<AgreementId>,
			limit: u32,
		) -> Vec<(AgreementId, AgreementStatus)>;
		/// A page of the agreements covering an entry after `start_after`.
		fn agreements_of_entry(
			entry: CatalogId,
			start_after: Option<AgreementId>,
			limit: u32,
		) -> Vec<(AgreementId, AgreementStatus)>;
		/// Agreements whose effective status is `status`, by number from `from`, and where to
		/// continue.
		fn agreements_by_status(
			status: AgreementStatus,
			from: AgreementId,
			limit: u32,
		) -> (Vec<AgreementId>, Option<AgreementId>);
		/// The minimal cross-space record.
		fn minimal_record(id: AgreementId) -> Option<MinimalAgreementRecord>;
		/// What recording `context` would decide now, without recording it.
		fn dry_run(id: AgreementId, context: UsageContext) -> DryRun;
		/// A template and its versions.
		fn template(id: TemplateId) -> Option<(Template, Vec<TemplateVersion>)>;
		/// The report behind decision `decision` of an agreement, if `report_usage` made it.
		fn usage_report(id: AgreementId, decision: u32) -> Option<UsageReport>;
		/// How far `reporter`'s log is reported for an agreement (`report_usage`'s `through`).
		fn reported_through(id: AgreementId, reporter: AccountId) -> Option<u64>;
	}
}
