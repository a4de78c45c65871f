//! Pure rules for changing the validator set.

/// A requested change of the validator set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetChange<AccountId> {
	/// Add a validator.
	Add(AccountId),
	/// Remove a validator.
	Remove(AccountId),
}

/// Why a change is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeError {
	/// The validator to add is in the set already.
	AlreadyValidator,
	/// The validator to remove is not in the set.
	NotValidator,
	/// The set would exceed its maximum size.
	TooManyValidators,
	/// The set would fall below its minimum size.
	TooFewValidators,
}

/// The validator set after `change`, given the set's size bounds. The order of the set is kept;
/// a new validator is appended.
pub fn apply_change<AccountId: PartialEq>(
	mut set: alloc::vec::Vec<AccountId>,
	change: SetChange<AccountId>,
	min: u32,
	max: u32,
) -> Result<alloc::vec::Vec<AccountId>, ChangeError> {
	let len = u32::try_from(set.len()).map_err(|_| ChangeError::TooManyValidators)?;
	match change {
		SetChange::Add(who) => {
			if set.contains(&who) {
				return Err(ChangeError::AlreadyValidator);
			}
			if len >= max {
				return Err(ChangeError::TooManyValidators);
			}
			set.push(who);
		},
		SetChange::Remove(who) => {
			let position = set.iter().position(|v| *v == who).ok_or(ChangeError::NotValidator)?;
			if len <= min {
				return Err(ChangeError::TooFewValidators);
			}
			set.remove(position);
		},
	}
	Ok(set)
}

#[cfg(test)]
mod tests {
	use super::{ChangeError::*, SetChange::*, *};
	use alloc::vec;

	#[test]
	fn change_table() {
		let table = [
			(vec![1, 2], Add(3), Ok(vec![1, 2, 3])),
			(vec![1, 2], Add(2), Err(AlreadyValidator)),
			(vec![1, 2, 3], Add(4), Err(TooManyValidators)),
			(vec![1, 2, 3], Remove(2), Ok(vec![1, 3])),
			(vec![1, 2], Remove(9), Err(NotValidator)),
			(vec![1], Remove(1), Err(TooFewValidators)),
		];
		for (set, change, expected) in table {
			assert_eq!(apply_change(set.clone(), change, 1, 3), expected, "{set:?} {change:?}");
		}
	}
}
