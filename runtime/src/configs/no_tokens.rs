//! A currency for pallets that require one, on a chain that has none.

use crate::{AccountId, RuntimeHoldReason};
use frame_support::traits::tokens::{
	fungible::{self, hold, Dust},
	DepositConsequence, Fortitude, Preservation, Provenance, WithdrawConsequence,
};
use sp_runtime::{DispatchError, TokenError};

/// Every balance is zero and stays zero: crediting or holding a non-zero amount fails with
/// `TokenError::Unsupported`. `pallet-session` takes its key deposit from this currency with a
/// deposit of zero, so setting and purging keys costs nothing.
pub struct NoTokens;

/// The balance type of [`NoTokens`].
pub type Balance = u128;

impl fungible::Inspect<AccountId> for NoTokens {
	type Balance = Balance;

	fn total_issuance() -> Balance {
		0
	}
	fn minimum_balance() -> Balance {
		0
	}
	fn total_balance(_who: &AccountId) -> Balance {
		0
	}
	fn balance(_who: &AccountId) -> Balance {
		0
	}
	fn reducible_balance(_who: &AccountId, _: Preservation, _: Fortitude) -> Balance {
		0
	}
	fn can_deposit(_who: &AccountId, amount: Balance, _: Provenance) -> DepositConsequence {
		if amount == 0 {
			DepositConsequence::Success
		} else {
			DepositConsequence::UnknownAsset
		}
	}
	fn can_withdraw(_who: &AccountId, amount: Balance) -> WithdrawConsequence<Balance> {
		if amount == 0 {
			WithdrawConsequence::Success
		} else {
			WithdrawConsequence::BalanceLow
		}
	}
}

impl fungible::Unbalanced<AccountId> for NoTokens {
	fn handle_dust(_dust: Dust<AccountId, Self>) {}
	fn write_balance(_who: &AccountId, amount: Balance) -> Result<Option<Balance>, DispatchError> {
		if amount == 0 {
			Ok(None)
		} else {
			Err(TokenError::Unsupported.into())
		}
	}
	fn set_total_issuance(_amount: Balance) {}
}

impl fungible::Mutate<AccountId> for NoTokens {}

impl hold::Inspect<AccountId> for NoTokens {
	type Reason = RuntimeHoldReason;

	fn total_balance_on_hold(_who: &AccountId) -> Balance {
		0
	}
	fn balance_on_hold(_reason: &Self::Reason, _who: &AccountId) -> Balance {
		0
	}
}

impl hold::Unbalanced<AccountId> for NoTokens {
	fn set_balance_on_hold(
		_reason: &Self::Reason,
		_who: &AccountId,
		amount: Balance,
	) -> Result<(), DispatchError> {
		if amount == 0 {
			Ok(())
		} else {
			Err(TokenError::Unsupported.into())
		}
	}
}

impl hold::Mutate<AccountId> for NoTokens {}

#[cfg(test)]
mod tests {
	use super::*;
	use fungible::{Inspect, Mutate as _};
	use hold::Mutate as _;
	use sp_runtime::traits::Zero;

	fn reason() -> RuntimeHoldReason {
		pallet_session::HoldReason::Keys.into()
	}

	#[test]
	fn nothing_can_be_minted_or_held() {
		sp_io::TestExternalities::default().execute_with(|| {
			let who = AccountId::new([7; 32]);
			assert!(NoTokens::mint_into(&who, 1).is_err());
			assert!(NoTokens::hold(&reason(), &who, 1).is_err());
			assert!(NoTokens::balance(&who).is_zero());
		});
	}

	#[test]
	fn zero_amounts_are_accepted() {
		sp_io::TestExternalities::default().execute_with(|| {
			let who = AccountId::new([7; 32]);
			assert_eq!(
				NoTokens::release_all(
					&reason(),
					&who,
					frame_support::traits::tokens::Precision::BestEffort
				),
				Ok(0)
			);
			assert!(NoTokens::hold(&reason(), &who, 0).is_ok());
		});
	}
}
