//! Codes of `InvalidTransaction::Custom` used by the runtime's transaction extensions.
//!
//! The transaction pool reports a rejected transaction as `InvalidTransaction::Custom(code)`;
//! clients map the code back to a name with [`RejectionCode::from_code`]. Codes are stable: a
//! code, once published, keeps its meaning.

use crate::identity::{Inactive, ParticipantStatus};
use sp_runtime::transaction_validity::InvalidTransaction;

/// Why the runtime refused to admit a transaction to the pool or a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectionCode {
	/// The signer is neither linked to an identity, nor admitted by governance, nor acting in
	/// a duty (council member, validator, space operator) that covers the call.
	AccountNotAdmitted,
	/// The signer's governance admission was revoked.
	AccountAdmissionRevoked,
	/// The signer's identity is registered but not verified yet.
	IdentityPending,
	/// The signer's identity is frozen.
	IdentityFrozen,
	/// The signer's identity is revoked.
	IdentityRevoked,
	/// The signer's identity's verification has expired.
	IdentityExpired,
	/// The home space of the signer's identity is not active.
	SpaceNotActive,
	/// The signer is a connector whose owning organisation may not act.
	OwnerNotActive,
	/// The signer's identity used up its transactions for the current rate-limit window.
	RateLimited,
}

impl RejectionCode {
	/// Every code, for clients that list them.
	pub const ALL: [RejectionCode; 9] = [
		RejectionCode::AccountNotAdmitted,
		RejectionCode::AccountAdmissionRevoked,
		RejectionCode::IdentityPending,
		RejectionCode::IdentityFrozen,
		RejectionCode::IdentityRevoked,
		RejectionCode::IdentityExpired,
		RejectionCode::SpaceNotActive,
		RejectionCode::OwnerNotActive,
		RejectionCode::RateLimited,
	];

	/// The numeric code carried by `InvalidTransaction::Custom`.
	pub const fn code(self) -> u8 {
		match self {
			RejectionCode::AccountNotAdmitted => 1,
			RejectionCode::AccountAdmissionRevoked => 2,
			RejectionCode::IdentityPending => 3,
			RejectionCode::IdentityFrozen => 4,
			RejectionCode::IdentityRevoked => 5,
			RejectionCode::IdentityExpired => 6,
			RejectionCode::SpaceNotActive => 7,
			RejectionCode::OwnerNotActive => 8,
			RejectionCode::RateLimited => 9,
		}
	}

	/// The rejection a numeric code stands for, if it is one of ours.
	pub fn from_code(code: u8) -> Option<Self> {
		Self::ALL.into_iter().find(|rejection| rejection.code() == code)
	}

	/// A human-readable name for error messages.
	pub const fn name(self) -> &'static str {
		match self {
			RejectionCode::AccountNotAdmitted => "AccountNotAdmitted",
			RejectionCode::AccountAdmissionRevoked => "AccountAdmissionRevoked",
			RejectionCode::IdentityPending => "IdentityPending",
			RejectionCode::IdentityFrozen => "IdentityFrozen",
			RejectionCode::IdentityRevoked => "IdentityRevoked",
			RejectionCode::IdentityExpired => "IdentityExpired",
			RejectionCode::SpaceNotActive => "SpaceNotActive",
			RejectionCode::OwnerNotActive => "OwnerNotActive",
			RejectionCode::RateLimited => "RateLimited",
		}
	}

	/// What the rejection means and what to do about it, for error messages.
	pub const fn description(self) -> &'static str {
		match self {
			RejectionCode::AccountNotAdmitted => {
				"the signer is neither linked to an identity, nor admitted by governance, nor \
				 acting in a duty (council member, validator, space operator) that covers the call"
			},
			RejectionCode::AccountAdmissionRevoked => {
				"the signer's governance admission was revoked"
			},
			RejectionCode::IdentityPending => {
				"the signer's identity is registered but not verified yet"
			},
			RejectionCode::IdentityFrozen => "the signer's identity is frozen",
			RejectionCode::IdentityRevoked => "the signer's identity is revoked",
			RejectionCode::IdentityExpired => "the signer's identity's verification has expired",
			RejectionCode::SpaceNotActive => {
				"the home space of the signer's identity is not active"
			},
			RejectionCode::OwnerNotActive => {
				"the signer is a connector whose owning organisation may not act"
			},
			RejectionCode::RateLimited => {
				"the signer's identity used up its transactions for the current rate-limit window"
			},
		}
	}

	/// The rejection for an identity that may not act.
	pub const fn for_inactive(inactive: Inactive) -> Self {
		match inactive {
			Inactive::Unknown => RejectionCode::AccountNotAdmitted,
			Inactive::Status(ParticipantStatus::Pending) => RejectionCode::IdentityPending,
			Inactive::Status(ParticipantStatus::Frozen) => RejectionCode::IdentityFrozen,
			Inactive::Status(ParticipantStatus::Revoked) => RejectionCode::IdentityRevoked,
			Inactive::Status(ParticipantStatus::Expired) => RejectionCode::IdentityExpired,
			// `Active` is not a reason to be inactive; treat a contradiction as "not admitted".
			Inactive::Status(ParticipantStatus::Active) => RejectionCode::AccountNotAdmitted,
			Inactive::SpaceNotActive => RejectionCode::SpaceNotActive,
			Inactive::OwnerNotActive => RejectionCode::OwnerNotActive,
		}
	}
}

impl From<RejectionCode> for InvalidTransaction {
	fn from(rejection: RejectionCode) -> Self {
		InvalidTransaction::Custom(rejection.code())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn codes_round_trip_and_are_distinct() {
		for rejection in RejectionCode::ALL {
			assert_eq!(RejectionCode::from_code(rejection.code()), Some(rejection));
		}
		assert_eq!(RejectionCode::from_code(0), None);
		for rejection in RejectionCode::ALL {
			assert!(!rejection.description().is_empty(), "{}", rejection.name());
		}
		assert_eq!(RejectionCode::from_code(10), None);
		assert_eq!(
			InvalidTransaction::from(RejectionCode::AccountNotAdmitted),
			InvalidTransaction::Custom(1)
		);
		assert_eq!(
			RejectionCode::for_inactive(Inactive::Status(ParticipantStatus::Frozen)).code(),
			4
		);
	}
}
