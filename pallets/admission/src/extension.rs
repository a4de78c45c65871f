//! The `CheckAdmission` transaction extension.

use crate::{weights::WeightInfo, Config, Pallet, RateSubject};
use codec::{Decode, DecodeWithMemTracking, Encode};
use core::{fmt, marker::PhantomData};
use frame::{
	prelude::*,
	traits::{OriginTrait, TransactionExtension},
};

/// Refuses signed transactions whose signer may not transact (see the crate documentation), and
/// enforces the rate limit.
///
/// Unsigned transactions and inherents pass through: they are checked by the calls they carry.
/// Place it before `CheckNonce` so that an unknown signer is reported as
/// `Custom(AccountNotAdmitted)` rather than as an account that cannot pay.
#[derive(Encode, Decode, DecodeWithMemTracking, DefaultNoBound, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CheckAdmission<T>(PhantomData<T>);

impl<T: Config + Send + Sync> CheckAdmission<T> {
	/// The extension, as put into a transaction.
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T> fmt::Debug for CheckAdmission<T> {
	fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
		write!(f, "CheckAdmission")
	}
}

impl<T: Config + Send + Sync> TransactionExtension<T::RuntimeCall> for CheckAdmission<T> {
	const IDENTIFIER: &'static str = "CheckAdmission";
	type Implicit = ();
	/// The rate-limit subject of a signed transaction.
	type Val = Option<RateSubject<T::AccountId>>;
	type Pre = ();

	fn weight(&self, _call: &T::RuntimeCall) -> Weight {
		T::WeightInfo::check_admission()
	}

	fn validate(
		&self,
		origin: T::RuntimeOrigin,
		call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		let Some(who) = origin.as_signer() else {
			return Ok((ValidTransaction::default(), None, origin));
		};
		let subject = Pallet::<T>::subject_of(who, call).map_err(InvalidTransaction::from)?;
		Pallet::<T>::check_rate(&subject).map_err(InvalidTransaction::from)?;
		Ok((ValidTransaction::default(), Some(subject), origin))
	}

	fn prepare(
		self,
		val: Self::Val,
		_origin: &T::RuntimeOrigin,
		_call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		// Count the transaction now that it is being included; a transaction that passed the
		// pool before its window filled up is refused here, and dropped from the pool.
		if let Some(subject) = val {
			Pallet::<T>::note_transaction(&subject).map_err(InvalidTransaction::from)?;
		}
		Ok(())
	}
}
