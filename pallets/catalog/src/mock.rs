//! The unit tests' runtime: `frame_system`, `pallet_timestamp`, the real identity registry (so
//! that the cascade is tested against it) and the catalog.

use crate::{self as pallet_catalog, *};
use frame::{testing_prelude::*, traits::SortedMembers};
use pallet_identity_registry::{
	self as registry, NewSubject, Qualification, Verdict, Verification as IdentityVerification,
};
use tds_primitives::identity::{identity_id, IdentityKey, SpaceType, Uscc, VerificationSource};

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_construct_runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeTask,
		RuntimeHoldReason,
		RuntimeFreezeReason
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type IdentityRegistry = pallet_identity_registry;

	#[runtime::pallet_index(3)]
	pub type Catalog = pallet_catalog;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

/// The council: [`COUNCIL_MEMBER`] alone.
pub struct CouncilMembers;
impl SortedMembers<u64> for CouncilMembers {
	fn sorted_members() -> Vec<u64> {
		vec![COUNCIL_MEMBER]
	}
}

impl pallet_identity_registry::Config for Test {
	type AdminOrigin = EnsureRoot<u64>;
	type FilingOrigin = EnsureSignedBy<CouncilMembers, u64>;
	type Time = Timestamp;
	type OnStatusChanged = ();
	type MaxNameLength = ConstU32<64>;
	type MaxOperators = ConstU32<3>;
	type MaxQualifications = ConstU32<3>;
	type MaxKeys = ConstU32<3>;
	type MaxPageSize = ConstU32<10>;
	type WeightInfo = ();
}

/// Identities for the benchmarks, written straight into the registry.
#[cfg(feature = "runtime-benchmarks")]
pub struct RegistryBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_catalog::BenchmarkHelper<u64> for RegistryBenchmarkHelper {
	fn provider_in_new_space(operator: &u64, provider: &u64, seed: u32) -> SpaceId {
		let space = IdentityRegistry::benchmark_space(operator);
		let roles = tds_primitives::identity::Roles::default().with(Role::Provider);
		IdentityRegistry::benchmark_organisation(space, provider, roles, seed);
		space
	}
	fn regulator(who: &u64, seed: u32) {
		let space = IdentityRegistry::benchmark_space(&(u64::from(seed) + 1_000_000));
		let roles = tds_primitives::identity::Roles::default().with(Role::Regulator);
		IdentityRegistry::benchmark_organisation(space, who, roles, seed);
	}
}

impl pallet_catalog::Config for Test {
	type Identities = IdentityRegistry;
	type MaxTextLength = ConstU32<32>;
	type MaxPageSize = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RegistryBenchmarkHelper;
}

/// Files spaces.
pub const COUNCIL_MEMBER: u64 = 1;
/// Operator of space A (0).
pub const OPERATOR_A: u64 = 10;
/// Operator of space B (1).
pub const OPERATOR_B: u64 = 20;
/// Key of the provider in space A (Huawei).
pub const PROVIDER: u64 = 100;
/// Key of a second provider, in space B (Tencent).
pub const PROVIDER_B: u64 = 200;
/// Key of an active organisation of space A without the provider role (Alibaba).
pub const NOT_A_PROVIDER: u64 = 300;
/// Key of a regulator (Xiaomi's code, in a space of its own).
pub const REGULATOR: u64 = 400;
/// An account of nobody.
pub const STRANGER: u64 = 999;
/// Block time at the start of every test.
pub const NOW: tds_primitives::Moment = 1_795_392_000_000;

/// Space A.
pub const SPACE_A: SpaceId = 0;
/// Space B.
pub const SPACE_B: SpaceId = 1;

/// A digest for tests.
pub fn digest(byte: u8) -> Digest {
	Digest::repeat_byte(byte)
}

fn space(operator: u64) -> SpaceId {
	let space = registry::NextSpaceId::<Test>::get();
	assert_ok!(IdentityRegistry::file_space(
		RuntimeOrigin::signed(COUNCIL_MEMBER),
		b"space".to_vec(),
		SpaceType::Industry,
		vec![operator],
		vec![Qualification {
			report: digest(0xa1),
			verifier: b"CESI".to_vec().try_into().unwrap(),
			verdict: Verdict::Pass,
			valid_from: 0,
			valid_until: NOW + 365 * 86_400_000,
			scenarios: digest(0xa2),
			restrictions: digest(0xa3),
			verified_on: 0,
		}],
	));
	assert_ok!(IdentityRegistry::approve_space(RuntimeOrigin::root(), space, digest(1)));
	space
}

/// The identity of an organisation.
pub fn org(uscc: &[u8]) -> IdentityId {
	identity_id(&IdentityKey::Organisation(Uscc::parse(uscc).unwrap()))
}

fn organisation(space: SpaceId, operator: u64, uscc: &[u8], key: u64, role: Option<Role>) {
	assert_ok!(IdentityRegistry::register_participant(
		RuntimeOrigin::signed(operator),
		space,
		NewSubject::Organisation { uscc: uscc.to_vec().try_into().unwrap() },
		b"org".to_vec(),
		Some(key),
	));
	let id = org(uscc);
	assert_ok!(IdentityRegistry::verify_participant(
		RuntimeOrigin::signed(operator),
		id,
		IdentityVerification {
			source: VerificationSource::Official,
			verifier: b"SAMR".to_vec().try_into().unwrap(),
			verified_on: NOW,
			valid_until: None,
			materials: None,
		},
	));
	if let Some(role) = role {
		if role.appointed_by_council() {
			assert_ok!(IdentityRegistry::appoint(RuntimeOrigin::root(), id, role));
		} else {
			assert_ok!(IdentityRegistry::request_role(RuntimeOrigin::signed(key), role));
			assert_ok!(IdentityRegistry::grant_role(RuntimeOrigin::signed(operator), id, role));
		}
	}
}

/// Huawei, the provider of space A.
pub const HUAWEI: &[u8] = b"914403001922038216";
/// Tencent, the provider of space B.
pub const TENCENT: &[u8] = b"9144030071526726XG";
/// Alibaba: active in space A, not a provider.
pub const ALIBABA: &[u8] = b"91330100799655058B";
/// Xiaomi: the regulator.
pub const XIAOMI: &[u8] = b"91110108551385082Q";

/// Minimal fields of a medical-insurance claims dataset.
pub fn fields() -> FieldsInput {
	FieldsInput {
		name: "医保理赔数据".as_bytes().to_vec(),
		data_type: b"structured".to_vec(),
		format: b"CSV".to_vec(),
		source: SourceClass::Enterprise,
		classification: b"J6851".to_vec(),
		update_frequency: UpdateFrequency::Monthly,
		authorisation: AuthorisationType::Contract,
		usage_restrictions: digest(0xc1),
		sensitivity: SensitivityLevel::Sensitive,
	}
}

/// A self-check with every category answered no.
pub fn clean_check() -> NegativeListCheck {
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

/// Registers a dataset of [`PROVIDER`] with metadata digest `metadata`; returns its number.
pub fn registered(metadata: Digest) -> EntryId {
	let entry = NextEntryId::<Test>::get();
	assert_ok!(Catalog::register(
		RuntimeOrigin::signed(PROVIDER),
		EntryKind::Product(ProductForm::Dataset),
		fields(),
		metadata
	));
	entry
}

/// Registers and submits an entry.
pub fn under_review(metadata: Digest) -> EntryId {
	let entry = registered(metadata);
	assert_ok!(Catalog::submit_for_review(
		RuntimeOrigin::signed(PROVIDER),
		entry,
		Some(digest(0xd1)),
		Some(clean_check()),
		None
	));
	entry
}

/// Registers, submits and approves an entry.
pub fn approved(metadata: Digest) -> EntryId {
	let entry = under_review(metadata);
	assert_ok!(Catalog::approve(RuntimeOrigin::signed(OPERATOR_A), entry));
	entry
}

/// Registers, submits, approves and publishes an entry.
pub fn published(metadata: Digest) -> EntryId {
	let entry = approved(metadata);
	assert_ok!(Catalog::publish(RuntimeOrigin::signed(PROVIDER), entry, None));
	entry
}

/// The status of an entry as stored.
pub fn status(entry: EntryId) -> EntryStatus {
	Entries::<Test>::get(entry).unwrap().status
}

/// The last event of the catalog.
pub fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Catalog(event) => Some(event),
			_ => None,
		})
		.next_back()
		.expect("a catalog event")
}

/// Runs `test` with space A (operator [`OPERATOR_A`], provider Huawei with key [`PROVIDER`],
/// Alibaba without the provider role), space B (operator [`OPERATOR_B`], provider Tencent with
/// key [`PROVIDER_B`]) and a regulator (key [`REGULATOR`]); then checks both pallets'
/// storage invariants.
pub fn run(test: impl FnOnce()) {
	let storage = RuntimeGenesisConfig::default().build_storage().unwrap();
	let mut ext = TestState::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Test>::put(NOW);
		let a = space(OPERATOR_A);
		let b = space(OPERATOR_B);
		assert_eq!((a, b), (SPACE_A, SPACE_B));
		organisation(a, OPERATOR_A, HUAWEI, PROVIDER, Some(Role::Provider));
		organisation(b, OPERATOR_B, TENCENT, PROVIDER_B, Some(Role::Provider));
		organisation(a, OPERATOR_A, ALIBABA, NOT_A_PROVIDER, Some(Role::User));
		let regulator_space = space(30);
		organisation(regulator_space, 30, XIAOMI, REGULATOR, Some(Role::Regulator));
		System::reset_events();
		test();
		Catalog::do_try_state().expect("catalog invariants hold");
		IdentityRegistry::do_try_state().expect("registry invariants hold");
	});
}

/// Externalities for the benchmark tests: block 1, time [`NOW`].
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> TestState {
	let storage = RuntimeGenesisConfig::default().build_storage().unwrap();
	let mut ext = TestState::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Test>::put(NOW);
	});
	ext.commit_all().unwrap();
	ext
}
