//! The `CheckAdmission` transaction extension.

use crate::{weights::WeightInfo, Accounts, AdmissionStatus, Config};
use codec::{Decode, DecodeWithMemTracking, Encode};
use core::{fmt, marker::PhantomData};
use frame::{
	prelude::*,
	traits::{OriginTrait, TransactionExtension},
};
use tds_primitives::transaction::RejectionCode;

/// Refuses signed transactions whose signer is not an admitted account.
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
	type Val = ();
	type Pre = ();

	fn weight(&self, _call: &T::RuntimeCall) -> Weight {
		T::WeightInfo::check_admission()
	}

	fn validate(
		&self,
		origin: T::RuntimeOrigin,
		_call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		if let Some(who) = origin.as_signer() {
			match Accounts::<T>::get(who).map(|record| record.status) {
				Some(AdmissionStatus::Admitted) => {},
				Some(AdmissionStatus::Revoked) => {
					return Err(
						InvalidTransaction::from(RejectionCode::AccountAdmissionRevoked).into()
					)
				},
				None => {
					return Err(InvalidTransaction::from(RejectionCode::AccountNotAdmitted).into())
				},
			}
		}
		Ok((ValidTransaction::default(), (), origin))
	}

	impl_tx_ext_default!(T::RuntimeCall; prepare);
}
