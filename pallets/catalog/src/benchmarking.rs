//! Benchmarks of `pallet-catalog` (frame-benchmarking v2).
//!
//! Every call is measured on its most expensive path:
//!
//! - identities come from [`Config::BenchmarkHelper`]: an active space with an active provider
//!   organisation (seed 1) and, for `suspend`, an active regulator in a space of its own (seed
//!   2);
//! - every entry is an API product derived from public data ([`SourceClass::PublicDerivative`],
//!   `EntryKind::Product(ProductForm::Api)`): its submission needs the registration certificate
//!   and its listing the filing number, both at `MaxTextLength`, as is every text field (name,
//!   type, format, classification) given at registration or update: the largest records, keys
//!   and feed changes;
//! - entries are set up through the calls themselves, so every record is one the pallet would
//!   store;
//! - `submit_for_review` is a resubmission of a rejected entry (its record already carries the
//!   declaration, self-check, certificate and rejection reason);
//! - `approve` is an entry's first approval: its identifier is assigned (the space's counter and
//!   the identifier index are written and announced);
//! - `suspend` is signed by a regulator: the regulator check (the signer's identity, its
//!   standing and roles) is read before, and instead of, the operator check;
//! - `revoke` and `deregister` act on a suspended entry (identifier, filing number and the
//!   suspension reason: the largest record);
//! - `update` changes the classification (the classification index moves) and other
//!   non-availability fields of a published entry, which goes back to review (a new version, a
//!   status change and two events).

use super::*;
use alloc::{vec, vec::Vec};
use frame::benchmarking::prelude::*;

// Seeds of the identities of a benchmark: each gives its own accounts and organisation.
/// The provider's organisation and its space.
const PROVIDER: u32 = 1;
/// The regulator's organisation and its space.
const REGULATOR: u32 = 2;

/// What every benchmarked entry lists: a product, so that a public-data derivative needs its
/// filing number to be listed.
const KIND: EntryKind = EntryKind::Product(ProductForm::Api);

/// Fill byte of the text fields given at registration.
const REGISTERED_TEXT: u8 = b'r';
/// Fill byte of the text fields given at update: every text differs from the registered one.
const UPDATED_TEXT: u8 = b'u';

fn assert_last_event<T: Config>(event: <T as frame_system::Config>::RuntimeEvent) {
	frame_system::Pallet::<T>::assert_last_event(event);
}

fn assert_has_event<T: Config>(event: <T as frame_system::Config>::RuntimeEvent) {
	frame_system::Pallet::<T>::assert_has_event(event);
}

fn signed<T: Config>(who: &T::AccountId) -> T::RuntimeOrigin {
	RawOrigin::Signed(who.clone()).into()
}

/// A text of `MaxTextLength` bytes, all `fill`.
fn text<T: Config>(fill: u8) -> Vec<u8> {
	vec![fill; usize::try_from(T::MaxTextLength::get()).unwrap_or_default()]
}

/// Minimal fields with every text at `MaxTextLength` bytes of `fill`, of public-data derivative
/// source.
fn fields<T: Config>(fill: u8) -> FieldsInput {
	FieldsInput {
		name: text::<T>(fill),
		data_type: text::<T>(fill),
		format: text::<T>(fill),
		source: SourceClass::PublicDerivative,
		classification: text::<T>(fill),
		update_frequency: UpdateFrequency::RealTime,
		authorisation: AuthorisationType::CaseByCase,
		usage_restrictions: Digest::repeat_byte(fill),
		sensitivity: SensitivityLevel::Important,
	}
}

/// A self-check with no prohibited category answered yes.
fn self_check() -> NegativeListCheck {
	NegativeListCheck {
		state_secrets: false,
		national_security: false,
		lifelines_or_public_interest: false,
		infringes_rights: false,
		public_safety: false,
		trade_secrets: false,
		sensitive_personal: false,
	}
}

/// The full-length registration certificate.
fn certificate<T: Config>() -> Vec<u8> {
	text::<T>(b'c')
}

/// The full-length filing number.
fn filing_number<T: Config>() -> Vec<u8> {
	text::<T>(b'f')
}

/// The stored record of `entry`.
fn record<T: Config>(entry: EntryId) -> Result<EntryOf<T>, BenchmarkError> {
	Entries::<T>::get(entry).ok_or(BenchmarkError::Stop("no such entry"))
}

/// Makes an active regulator (seed [`REGULATOR`]); returns its signing key.
fn regulator<T: Config>() -> T::AccountId {
	let who: T::AccountId = account("regulator", 0, REGULATOR);
	T::BenchmarkHelper::regulator(&who, REGULATOR);
	who
}

/// An active space, its operator and the key of an active provider of it, with entries set up
/// through the calls.
struct Actors<T: Config> {
	/// The operator of the space.
	operator: T::AccountId,
	/// The provider's key.
	provider: T::AccountId,
	/// The space.
	space: SpaceId,
}

impl<T: Config> Actors<T> {
	/// A new space and its provider (seed [`PROVIDER`]).
	fn new() -> Self {
		let operator: T::AccountId = account("operator", 0, PROVIDER);
		let provider: T::AccountId = account("provider", 0, PROVIDER);
		let space = T::BenchmarkHelper::provider_in_new_space(&operator, &provider, PROVIDER);
		Self { operator, provider, space }
	}

	/// The provider's identity.
	fn provider_id(&self) -> Result<IdentityId, BenchmarkError> {
		T::Identities::identity_of(&self.provider).ok_or(BenchmarkError::Stop("no provider"))
	}

	/// A registered entry, metadata `0x01…`; returns it.
	fn registered(&self) -> Result<EntryId, BenchmarkError> {
		let entry = NextEntryId::<T>::get();
		Pallet::<T>::register(
			signed::<T>(&self.provider),
			KIND,
			fields::<T>(REGISTERED_TEXT),
			Digest::repeat_byte(0x01),
		)?;
		Ok(entry)
	}

	/// A registered entry, submitted with its certificate.
	fn under_review(&self) -> Result<EntryId, BenchmarkError> {
		let entry = self.registered()?;
		Pallet::<T>::submit_for_review(
			signed::<T>(&self.provider),
			entry,
			Some(Digest::repeat_byte(0xd1)),
			Some(self_check()),
			Some(certificate::<T>()),
		)?;
		Ok(entry)
	}

	/// An entry under review, rejected.
	fn rejected(&self) -> Result<EntryId, BenchmarkError> {
		let entry = self.under_review()?;
		Pallet::<T>::reject(signed::<T>(&self.operator), entry, Digest::repeat_byte(0xe1))?;
		Ok(entry)
	}

	/// An entry under review, approved (its identifier assigned).
	fn approved(&self) -> Result<EntryId, BenchmarkError> {
		let entry = self.under_review()?;
		Pallet::<T>::approve(signed::<T>(&self.operator), entry)?;
		Ok(entry)
	}

	/// An approved entry, listed with its filing number.
	fn published(&self) -> Result<EntryId, BenchmarkError> {
		let entry = self.approved()?;
		Pallet::<T>::publish(signed::<T>(&self.provider), entry, Some(filing_number::<T>()))?;
		Ok(entry)
	}

	/// A listed entry, suspended by the operator.
	fn suspended(&self) -> Result<EntryId, BenchmarkError> {
		let entry = self.published()?;
		Pallet::<T>::suspend(signed::<T>(&self.operator), entry, Digest::repeat_byte(0xe2))?;
		Ok(entry)
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register() -> Result<(), BenchmarkError> {
		let actors = Actors::<T>::new();
		let provider = actors.provider_id()?;
		let entry = NextEntryId::<T>::get();
		let metadata = Digest::repeat_byte(0x01);

		#[extrinsic_call]
		_(RawOrigin::Signed(actors.provider.clone()), KIND, fields::<T>(REGISTERED_TEXT), metadata);

		let record = record::<T>(entry)?;
		assert_eq!(record.status, EntryStatus::Registered);
		assert_eq!(record.version, 1);
		assert_eq!(DigestIndex::<T>::get(actors.space, metadata), Some(entry));
		assert_last_event::<T>(
			Event::<T>::EntryRegistered { entry, provider, space: actors.space, kind: KIND }.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn submit_for_review() -> Result<(), BenchmarkError> {
		let actors = Actors::<T>::new();
		let entry = actors.rejected()?;
		let declaration = Digest::repeat_byte(0xd2);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(actors.provider.clone()),
			entry,
			Some(declaration),
			Some(self_check()),
			Some(certificate::<T>()),
		);

		let record = record::<T>(entry)?;
		assert_eq!(record.status, EntryStatus::UnderReview);
		assert_eq!(record.declaration, Some(declaration));
		assert_eq!(
			record.public_data.map(|public| public.registration_certificate.into_inner()),
			Some(certificate::<T>())
		);
		assert_last_event::<T>(
			Event::<T>::EntryStatusChanged {
				entry,
				from: EntryStatus::Rejected,
				to: EntryStatus::UnderReview,
				by: actors.provider,
				reason: None,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn approve() -> Result<(), BenchmarkError> {
		let actors = Actors::<T>::new();
		let entry = actors.under_review()?;
		let number = ApprovedInSpace::<T>::get(actors.space).saturating_add(1);
		let identifier = CatalogId { space: actors.space, number };

		#[extrinsic_call]
		_(RawOrigin::Signed(actors.operator.clone()), entry);

		let record = record::<T>(entry)?;
		assert_eq!(record.status, EntryStatus::Approved);
		assert_eq!(record.identifier, Some(identifier));
		assert_eq!(Identifiers::<T>::get(identifier), Some(entry));
		assert_eq!(ApprovedInSpace::<T>::get(actors.space), number);
		assert_has_event::<T>(Event::<T>::IdentifierAssigned { entry, identifier }.into());
		assert_last_event::<T>(
			Event::<T>::EntryStatusChanged {
				entry,
				from: EntryStatus::UnderReview,
				to: EntryStatus::Approved,
				by: actors.operator,
				reason: None,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn reject() -> Result<(), BenchmarkError> {
		let actors = Actors::<T>::new();
		let entry = actors.under_review()?;
		let reason = Digest::repeat_byte(0x03);

		#[extrinsic_call]
		_(RawOrigin::Signed(actors.operator.clone()), entry, reason);

		let record = record::<T>(entry)?;
		assert_eq!(record.status, EntryStatus::Rejected);
		assert_eq!(record.last_reason, Some(reason));
		assert_last_event::<T>(
			Event::<T>::EntryStatusChanged {
				entry,
				from: EntryStatus::UnderReview,
				to: EntryStatus::Rejected,
				by: actors.operator,
				reason: Some(reason),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn publish() -> Result<(), BenchmarkError> {
		let actors = Actors::<T>::new();
		let entry = actors.approved()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(actors.provider.clone()), entry, Some(filing_number::<T>()));

		let record = record::<T>(entry)?;
		assert_eq!(record.status, EntryStatus::Published);
		assert_eq!(
			record
				.public_data
				.and_then(|public| public.filing_number)
				.map(|number| number.into_inner()),
			Some(filing_number::<T>())
		);
		assert_last_event::<T>(
			Event::<T>::EntryStatusChanged {
				entry,
				from: EntryStatus::Approved,
				to: EntryStatus::Published,
				by: actors.provider,
				reason: None,
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn suspend() -> Result<(), BenchmarkError> {
		let actors = Actors::<T>::new();
		let regulator = regulator::<T>();
		let entry = actors.published()?;
		let reason = Digest::repeat_byte(0x04);

		#[extrinsic_call]
		_(RawOrigin::Signed(regulator.clone()), entry, reason);

		let record = record::<T>(entry)?;
		assert_eq!(record.status, EntryStatus::Suspended);
		assert_eq!(record.last_reason, Some(reason));
		assert_last_event::<T>(
			Event::<T>::EntryStatusChanged {
				entry,
				from: EntryStatus::Published,
				to: EntryStatus::Suspended,
				by: regulator,
				reason: Some(reason),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn restore() -> Result<(), BenchmarkError> {
		let actors = Actors::<T>::new();
		let entry = actors.suspended()?;
		let reason = Digest::repeat_byte(0x05);

		#[extrinsic_call]
		_(RawOrigin::Signed(actors.operator.clone()), entry, reason);

		let record = record::<T>(entry)?;
		assert_eq!(record.status, EntryStatus::Published);
		assert_eq!(record.last_reason, Some(reason));
		assert_last_event::<T>(
			Event::<T>::EntryStatusChanged {
				entry,
				from: EntryStatus::Suspended,
				to: EntryStatus::Published,
				by: actors.operator,
				reason: Some(reason),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn revoke() -> Result<(), BenchmarkError> {
		let actors = Actors::<T>::new();
		let entry = actors.suspended()?;
		let reason = Digest::repeat_byte(0x06);

		#[extrinsic_call]
		_(RawOrigin::Signed(actors.operator.clone()), entry, reason);

		let record = record::<T>(entry)?;
		assert_eq!(record.status, EntryStatus::Revoked);
		assert_eq!(record.last_reason, Some(reason));
		assert_last_event::<T>(
			Event::<T>::EntryStatusChanged {
				entry,
				from: EntryStatus::Suspended,
				to: EntryStatus::Revoked,
				by: actors.operator,
				reason: Some(reason),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn deregister() -> Result<(), BenchmarkError> {
		let actors = Actors::<T>::new();
		let entry = actors.suspended()?;
		let evidence = Digest::repeat_byte(0x07);

		#[extrinsic_call]
		_(RawOrigin::Signed(actors.provider.clone()), entry, evidence);

		let record = record::<T>(entry)?;
		assert_eq!(record.status, EntryStatus::Deregistered);
		assert_eq!(record.last_reason, Some(evidence));
		assert_last_event::<T>(
			Event::<T>::EntryStatusChanged {
				entry,
				from: EntryStatus::Suspended,
				to: EntryStatus::Deregistered,
				by: actors.provider,
				reason: Some(evidence),
			}
			.into(),
		);
		Ok(())
	}

	#[benchmark]
	fn update() -> Result<(), BenchmarkError> {
		let actors = Actors::<T>::new();
		let entry = actors.published()?;
		let previous = record::<T>(entry)?.fields.classification;
		let metadata = Digest::repeat_byte(0x08);

		#[extrinsic_call]
		_(RawOrigin::Signed(actors.provider.clone()), entry, fields::<T>(UPDATED_TEXT), metadata);

		let record = record::<T>(entry)?;
		assert_eq!(record.status, EntryStatus::UnderReview);
		assert_eq!(record.version, 2);
		assert_eq!(record.metadata, metadata);
		assert_eq!(record.fields.classification.clone().into_inner(), text::<T>(UPDATED_TEXT));
		assert_eq!(Versions::<T>::get(entry, 2).map(|version| version.metadata), Some(metadata));
		assert_eq!(DigestIndex::<T>::get(actors.space, metadata), Some(entry));
		assert!(ByClassification::<T>::contains_key(&record.fields.classification, entry));
		assert!(!ByClassification::<T>::contains_key(&previous, entry));
		assert_has_event::<T>(Event::<T>::EntryUpdated { entry, version: 2, metadata }.into());
		assert_last_event::<T>(
			Event::<T>::EntryStatusChanged {
				entry,
				from: EntryStatus::Published,
				to: EntryStatus::UnderReview,
				by: actors.provider,
				reason: None,
			}
			.into(),
		);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
