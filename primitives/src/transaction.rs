//! Codes of `InvalidTransaction::Custom` used by the runtime's transaction extensions.
//!
//! The transaction pool reports a rejected transaction as `InvalidTransaction::Custom(code)`;
//! clients map the code back to a name with [`RejectionCode::from_code`].

use sp_runtime::transaction_validity::InvalidTransaction;

/// Why the runtime refused to admit a transaction to the pool or a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectionCode {
	/// The signer is not an admitted account: without token economics, only accounts admitted by
	/// governance (and, later, accounts linked to an active identity) may sign transactions.
	AccountNotAdmitted,
	/// The signer's admission was revoked.
	AccountAdmissionRevoked,
}

impl RejectionCode {
	/// Every code, for clients that list them.
	pub const ALL: [RejectionCode; 2] =
		[RejectionCode::AccountNotAdmitted, RejectionCode::AccountAdmissionRevoked];

	/// The numeric code carried by `InvalidTransaction::Custom`.
	pub const fn code(self) -> u8 {
		match self {
			RejectionCode::AccountNotAdmitted => 1,
			RejectionCode::AccountAdmissionRevoked => 2,
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
		assert_eq!(
			InvalidTransaction::from(RejectionCode::AccountNotAdmitted),
			InvalidTransaction::Custom(1)
		);
	}
}
