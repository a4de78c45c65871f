//! Storage types and the admission state machine.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Whether an account may currently sign transactions.
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
pub enum AdmissionStatus {
	/// The account may sign transactions.
	Admitted,
	/// The account was admitted once and may no longer sign transactions. The record is kept so
	/// the account is never reaped and its nonce never restarts at zero (no replay of its old
	/// transactions after a re-admission).
	Revoked,
}

/// What the ledger keeps about an account that was ever admitted.
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
pub struct AdmissionRecord<BlockNumber> {
	/// Current status.
	pub status: AdmissionStatus,
	/// Block of the last status change.
	pub changed_at: BlockNumber,
}

/// The per-identity rate limit: at most `max_transactions` signed transactions in each window
/// of `window_blocks` blocks (windows are aligned: block `n` is in window `n / window_blocks`).
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct RateLimit {
	/// Most signed transactions per window and subject.
	pub max_transactions: u32,
	/// Length of a window in blocks.
	pub window_blocks: u32,
}

impl RateLimit {
	/// Whether the limit can ever be met: both numbers non-zero.
	pub fn is_valid(&self) -> bool {
		self.max_transactions > 0 && self.window_blocks > 0
	}

	/// The window block `block` falls in.
	pub fn window_of(&self, block: u32) -> u32 {
		block.checked_div(self.window_blocks).unwrap_or(0)
	}
}

/// Whom a transaction is counted against for the rate limit: the identity an account signs
/// for (all its linked accounts share one budget), or the account itself.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum RateSubject<AccountId> {
	/// A registered identity.
	Identity(tds_primitives::identity::IdentityId),
	/// An account acting in a duty (council member, validator, space operator) or admitted by
	/// governance.
	Account(AccountId),
}

/// Transactions counted for a subject in its current window.
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
pub struct Usage {
	/// The window counted.
	pub window: u32,
	/// Transactions included in that window.
	pub count: u32,
}

/// What happens to an account's admission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdmissionEvent {
	/// Governance (or a pallet acting for it) admits the account.
	Admit,
	/// Governance revokes the admission.
	Revoke,
}

/// Why a transition is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransitionError {
	/// Admitting an account that is already admitted.
	AlreadyAdmitted,
	/// Revoking an account that was never admitted.
	NeverAdmitted,
	/// Revoking an account whose admission is already revoked.
	AlreadyRevoked,
}

/// The admission state machine. `None` is an account that was never admitted.
///
/// ```text
/// None ──Admit──▶ Admitted ──Revoke──▶ Revoked ──Admit──▶ Admitted
/// ```
pub fn transition(
	from: Option<AdmissionStatus>,
	event: AdmissionEvent,
) -> Result<AdmissionStatus, TransitionError> {
	use AdmissionEvent::*;
	use AdmissionStatus::*;
	match (from, event) {
		(None | Some(Revoked), Admit) => Ok(Admitted),
		(Some(Admitted), Admit) => Err(TransitionError::AlreadyAdmitted),
		(Some(Admitted), Revoke) => Ok(Revoked),
		(None, Revoke) => Err(TransitionError::NeverAdmitted),
		(Some(Revoked), Revoke) => Err(TransitionError::AlreadyRevoked),
	}
}

#[cfg(test)]
mod tests {
	use super::{AdmissionEvent::*, AdmissionStatus::*, TransitionError::*, *};

	#[test]
	fn transition_table() {
		let table = [
			(None, Admit, Ok(Admitted)),
			(None, Revoke, Err(NeverAdmitted)),
			(Some(Admitted), Admit, Err(AlreadyAdmitted)),
			(Some(Admitted), Revoke, Ok(Revoked)),
			(Some(Revoked), Admit, Ok(Admitted)),
			(Some(Revoked), Revoke, Err(AlreadyRevoked)),
		];
		for (from, event, expected) in table {
			assert_eq!(transition(from, event), expected, "{from:?} --{event:?}-->");
		}
	}
}
