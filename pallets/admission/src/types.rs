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
