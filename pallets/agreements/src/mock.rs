//! The unit tests' runtime: `frame_system`, `pallet_timestamp`, the real identity registry and
//! the real catalog (so that parties, operators, regulators, entries and the cascade are tested
//! against them) and the agreements pallet.
//!
//! The agreements pallet is named `Contracts` in this runtime: `Agreements` is the name of its
//! storage map of agreements.

use crate::{self as pallet_agreements, *};
use frame::{testing_prelude::*, traits::SortedMembers};
use pallet_catalog::{
	AuthorisationType, EntryKind, FieldsInput, NegativeListCheck, ProductForm, SensitivityLevel,
	SourceClass, UpdateFrequency,
};
use pallet_identity_registry::{
	self as registry, NewSubject, Qualification, Verification as IdentityVerification,
};
use tds_primitives::{
	catalog::EntryId,
	identity::{identity_id, IdentityKey, SpaceType, Uscc, VerificationSource},
};

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

	#[runtime::pallet_index(4)]
	pub type Contracts = pallet_agreements;
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

/// Identities for the catalog's benchmarks, written straight into the registry.
#[cfg(feature = "runtime-benchmarks")]
pub struct CatalogBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_catalog::BenchmarkHelper<u64> for CatalogBenchmarkHelper {
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
	type BenchmarkHelper = CatalogBenchmarkHelper;
}

/// Spaces and organisations written straight into the registry, and entries listed through the
/// catalog's own calls, for the agreements' benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct AgreementsBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_agreements::BenchmarkHelper<u64> for AgreementsBenchmarkHelper {
	fn space(operator: &u64) -> SpaceId {
		IdentityRegistry::benchmark_space(operator)
	}

	fn organisation(space: SpaceId, key: &u64, role: Role, seed: u32) -> IdentityId {
		let roles = tds_primitives::identity::Roles::default().with(role);
		IdentityRegistry::benchmark_organisation(space, key, roles, seed)
	}

	fn published_entry(provider_key: &u64, seed: u32) -> CatalogId {
		let entry = pallet_catalog::NextEntryId::<Test>::get();
		let provider = RuntimeOrigin::signed(*provider_key);
		let metadata = Digest::from_low_u64_be(u64::from(seed).saturating_add(1));
		assert_ok!(Catalog::register(provider.clone(), EntryKind::Resource, fields(), metadata));
		assert_ok!(Catalog::submit_for_review(
			provider.clone(),
			entry,
			Some(digest(0xd1)),
			Some(clean_check()),
			None
		));
		let space = pallet_catalog::Entries::<Test>::get(entry).expect("a registered entry").space;
		let operator = registry::Spaces::<Test>::get(space)
			.and_then(|record| record.operators.first().copied())
			.expect("an operated space");
		assert_ok!(Catalog::approve(RuntimeOrigin::signed(operator), entry));
		assert_ok!(Catalog::publish(provider, entry, None));
		pallet_catalog::Entries::<Test>::get(entry)
			.and_then(|record| record.identifier)
			.expect("an approved entry")
	}
}

impl pallet_agreements::Config for Test {
	type Identities = IdentityRegistry;
	type Catalog = Catalog;
	type Time = Timestamp;
	type ArbitrationOrigin = EnsureRoot<u64>;
	type MaxParties = ConstU32<4>;
	type MaxEntries = ConstU32<3>;
	type MaxPolicyItems = ConstU32<4>;
	type MaxEvidence = ConstU32<4>;
	type MaxPageSize = ConstU32<10>;
	type MaxUsageReports = ConstU32<3>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = AgreementsBenchmarkHelper;
}

/// Files spaces.
pub const COUNCIL_MEMBER: u64 = 1;
/// Operator of space A (0), where agreements created by [`PROVIDER`] are filed.
pub const OPERATOR_A: u64 = 10;
/// Operator of space B (1), the user's home space.
pub const OPERATOR_B: u64 = 20;
/// Operator of space C (2), the regulator's home space.
pub const OPERATOR_C: u64 = 30;
/// Key of the provider (Huawei, space A).
pub const PROVIDER: u64 = 100;
/// Key of the user (Tencent, space B).
pub const USER: u64 = 200;
/// Key of a connector owned by the user's organisation.
pub const CONNECTOR: u64 = 210;
/// Key of another organisation with the user role (Alibaba, space A), a party in no default
/// agreement.
pub const OTHER_USER: u64 = 300;
/// Key of a regulator (a government organ, space C).
pub const REGULATOR: u64 = 400;
/// Key of the arbitrator named in the default terms (Xiaomi, space A, no role), never a party.
pub const ARBITRATOR: u64 = 500;
/// Key of the operator organisation of space A whose node runs the space's evidence gateway
/// (operator role), never a party.
pub const GATEWAY: u64 = 600;
/// An account of nobody.
pub const STRANGER: u64 = 999;

/// Space A.
pub const SPACE_A: SpaceId = 0;
/// Space B.
pub const SPACE_B: SpaceId = 1;
/// Space C.
pub const SPACE_C: SpaceId = 2;

/// Block time at the start of every test (a whole number of hours).
pub const NOW: tds_primitives::Moment = 1_795_392_000_000;
/// An hour in milliseconds.
pub const HOUR: tds_primitives::Moment = 3_600_000;
/// A day in milliseconds.
pub const DAY: tds_primitives::Moment = 86_400_000;

/// The scenario the default policy permits.
pub const SCENARIO: ScenarioCode = 11;

/// Huawei: the provider.
pub const HUAWEI: &[u8] = b"914403001922038216";
/// Tencent: the user.
pub const TENCENT: &[u8] = b"9144030071526726XG";
/// Alibaba: another user, not a party.
pub const ALIBABA: &[u8] = b"91330100799655058B";
/// Xiaomi: the arbitrator.
pub const XIAOMI: &[u8] = b"91110108551385082Q";
/// The operator organisation of space A.
pub const OPERATOR_ORG: &[u8] = b"91310000MA1FL0000N";
/// A government organ (category 11): the regulator.
pub const AUTHORITY: &[u8] = b"11100000000013127D";

/// The entry published by [`PROVIDER`] in every test: the first approved in space A.
pub const ENTRY: CatalogId = CatalogId { space: SPACE_A, number: 1 };

/// A digest for tests.
pub fn digest(byte: u8) -> Digest {
	Digest::repeat_byte(byte)
}

/// The identity of an organisation.
pub fn org(uscc: &[u8]) -> IdentityId {
	identity_id(&IdentityKey::Organisation(Uscc::parse(uscc).unwrap()))
}

/// The identity of the user's connector (key [`CONNECTOR`]).
pub fn connector() -> IdentityId {
	identity_id(&IdentityKey::Connector { owner: org(TENCENT), metadata: digest(0xc0) })
}

/// Sets the block time (Unix milliseconds).
pub fn set_time(ms: tds_primitives::Moment) {
	pallet_timestamp::Now::<Test>::put(ms);
}

/// Files a space operated by `operator` and has the council admit it; returns it.
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
			verdict: registry::Verdict::Pass,
			valid_from: 0,
			valid_until: NOW + 365 * DAY,
			scenarios: digest(0xa2),
			restrictions: digest(0xa3),
			verified_on: 0,
		}],
	));
	assert_ok!(IdentityRegistry::approve_space(RuntimeOrigin::root(), space, digest(1)));
	space
}

/// Registers organisation `uscc` in `space` with key `key`, verifies it (official source) and
/// gives it `role`: requested and granted, or appointed by the council.
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

/// Minimal catalog fields of a medical-insurance claims dataset.
fn fields() -> FieldsInput {
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

/// A negative-list self-check with every category answered no.
fn clean_check() -> NegativeListCheck {
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

/// Registers, submits and approves (by [`OPERATOR_A`]) a dataset of [`PROVIDER`] with metadata
/// digest `metadata` (not used before in space A), without publishing it; returns its
/// identifier.
pub fn approved_entry(metadata: Digest) -> CatalogId {
	let entry = pallet_catalog::NextEntryId::<Test>::get();
	assert_ok!(Catalog::register(
		RuntimeOrigin::signed(PROVIDER),
		EntryKind::Product(ProductForm::Dataset),
		fields(),
		metadata
	));
	assert_ok!(Catalog::submit_for_review(
		RuntimeOrigin::signed(PROVIDER),
		entry,
		Some(digest(0xd1)),
		Some(clean_check()),
		None
	));
	assert_ok!(Catalog::approve(RuntimeOrigin::signed(OPERATOR_A), entry));
	pallet_catalog::Entries::<Test>::get(entry)
		.and_then(|record| record.identifier)
		.expect("an approved entry")
}

/// Like [`approved_entry`], and published by [`PROVIDER`]: usable in agreements.
pub fn published_entry(metadata: Digest) -> CatalogId {
	let id = approved_entry(metadata);
	assert_ok!(Catalog::publish(RuntimeOrigin::signed(PROVIDER), entry_number(id), None));
	id
}

/// The catalog's internal number of an approved entry (what its calls take).
pub fn entry_number(id: CatalogId) -> EntryId {
	pallet_catalog::Identifiers::<Test>::get(id).expect("an approved entry")
}

/// A realistic usage policy: scenario [`SCENARIO`] only, any party in the user role, any
/// space, reading or computing only, 3 uses an hour and 100 in all, at most 1,000 records a
/// use, fields 0 to 2, no onward transfer, the public-data bans, evidence required.
pub fn policy() -> PolicyInput {
	PolicyInput {
		scenarios: vec![SCENARIO].try_into().unwrap(),
		users: Default::default(),
		spaces: Default::default(),
		manners: Manners::default().with(Manner::Read).with(Manner::ComputeOnly),
		max_total_uses: Some(100),
		frequency: Some(Frequency { max_uses: 3, window: HOUR }),
		max_volume_per_use: Some(1_000),
		valid_from: None,
		valid_until: None,
		fields: Some(0b0111),
		onward_transfer_forbidden: true,
		bans: StandingBans::PUBLIC_DATA,
		evidence_required: true,
	}
}

/// Publishes a data-provision template as [`OPERATOR_A`] with [`policy`] as its default
/// policy; returns it.
pub fn template() -> TemplateId {
	let template = NextTemplateId::<Test>::get();
	assert_ok!(Contracts::publish_template(
		RuntimeOrigin::signed(OPERATOR_A),
		ContractModel::Provision,
		digest(0x7e),
		Box::new(policy())
	));
	template
}

/// The default parties: Huawei ([`PROVIDER`]) as provider, Tencent ([`USER`]) as user.
pub fn parties() -> Vec<Party> {
	vec![
		Party { identity: org(HUAWEI), role: PartyRole::Provider },
		Party { identity: org(TENCENT), role: PartyRole::User },
	]
}

/// The default terms: [`ENTRY`], a 60/40 split, base fee plus share, [`policy`], a warning at
/// the first breach and a suspension at the second, a 30-day term from [`NOW`] starting by
/// itself, no unilateral termination, Xiaomi ([`ARBITRATOR`]) as arbitrator.
pub fn terms() -> TermsInput {
	TermsInput {
		entries: vec![ENTRY].try_into().unwrap(),
		terms: digest(0x71),
		liability: digest(0x72),
		pricing: PricingModel::BaseFeePlusShare { base: 100_000, share: 50_000 },
		shares: vec![600_000, 400_000].try_into().unwrap(),
		policy: policy(),
		breach_rule: BreachRule { warn_after: 1, suspend_after: 2 },
		start: NOW,
		end: NOW + 30 * DAY,
		activation: Activation::AtStart,
		unilateral_termination: false,
		arbitrator: Some(org(XIAOMI)),
	}
}

/// [`terms`] activating only when a party declares the condition met.
pub fn on_condition() -> TermsInput {
	TermsInput { activation: Activation::OnCondition, ..terms() }
}

/// A use the default policy permits: Tencent reading fields 0 and 1 (10 records) in space B
/// for [`SCENARIO`], with evidence.
pub fn context() -> UsageContext {
	UsageContext {
		user: org(TENCENT),
		space: SPACE_B,
		scenario: SCENARIO,
		manner: Manner::Read,
		fields: 0b0011,
		volume: 10,
		onward_transfer: false,
		marketing: false,
		sublicensing: false,
		evidence: Some(digest(0xe0)),
	}
}

/// Creates an agreement between [`parties`] on `terms`, from a fresh [`template`], signed by
/// [`PROVIDER`] (so filed in space A); returns it.
pub fn create_with(terms: TermsInput) -> AgreementId {
	let template = template();
	let agreement = NextAgreementId::<Test>::get();
	assert_ok!(Contracts::create(
		RuntimeOrigin::signed(PROVIDER),
		template,
		parties(),
		Box::new(terms)
	));
	agreement
}

/// A `Draft` agreement on [`terms`].
pub fn created() -> AgreementId {
	create_with(terms())
}

/// Every default party ([`PROVIDER`], then [`USER`]) signs the current version.
pub fn sign_all(agreement: AgreementId) {
	let record = stored(agreement);
	for key in [PROVIDER, USER] {
		assert_ok!(Contracts::sign(
			RuntimeOrigin::signed(key),
			agreement,
			record.version,
			record.digest
		));
	}
}

/// A `Signed` agreement on `terms`.
pub fn signed_with(terms: TermsInput) -> AgreementId {
	let agreement = create_with(terms);
	sign_all(agreement);
	agreement
}

/// A `Signed` agreement on [`terms`].
pub fn signed() -> AgreementId {
	signed_with(terms())
}

/// An agreement on `terms` filed by [`OPERATOR_A`].
pub fn filed_with(terms: TermsInput) -> AgreementId {
	let agreement = signed_with(terms);
	assert_ok!(Contracts::file(RuntimeOrigin::signed(OPERATOR_A), agreement, digest(0xf1)));
	agreement
}

/// An agreement on [`terms`] filed by [`OPERATOR_A`]: it starts now, so it reads as active.
pub fn filed() -> AgreementId {
	filed_with(terms())
}

/// A filed agreement on `terms` that reads as active (stored `Filed` until a call settles it).
pub fn active_with(terms: TermsInput) -> AgreementId {
	let agreement = filed_with(terms);
	assert_eq!(effective(agreement), AgreementStatus::Active);
	agreement
}

/// A filed agreement on [`terms`] that reads as active.
pub fn active() -> AgreementId {
	active_with(terms())
}

/// The stored agreement.
pub fn stored(agreement: AgreementId) -> AgreementOf<Test> {
	Agreements::<Test>::get(agreement).expect("an agreement")
}

/// The stored status of an agreement.
pub fn status(agreement: AgreementId) -> AgreementStatus {
	stored(agreement).status
}

/// What an agreement reads as: time and the cascade applied.
pub fn effective(agreement: AgreementId) -> AgreementStatus {
	Contracts::effective_status(&stored(agreement))
}

/// The agreements pallet's events, oldest first.
pub fn agreement_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Contracts(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// The last event of the agreements pallet.
pub fn last_event() -> Event<Test> {
	agreement_events().pop().expect("an agreements event")
}

/// Runs `test` with space A (operator [`OPERATOR_A`]: Huawei the provider, key [`PROVIDER`];
/// Alibaba a user, key [`OTHER_USER`]; Xiaomi without a role, key [`ARBITRATOR`]; the operator
/// organisation, key [`GATEWAY`]), space B
/// (operator [`OPERATOR_B`]: Tencent the user, key [`USER`], and its connector, key
/// [`CONNECTOR`]), space C (operator [`OPERATOR_C`]: a regulator, key [`REGULATOR`]) and
/// [`ENTRY`] published; then checks the three pallets' storage invariants.
pub fn run(test: impl FnOnce()) {
	let storage = RuntimeGenesisConfig::default().build_storage().unwrap();
	let mut ext = TestState::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		set_time(NOW);
		let a = space(OPERATOR_A);
		let b = space(OPERATOR_B);
		let c = space(OPERATOR_C);
		assert_eq!((a, b, c), (SPACE_A, SPACE_B, SPACE_C));
		organisation(a, OPERATOR_A, HUAWEI, PROVIDER, Some(Role::Provider));
		organisation(b, OPERATOR_B, TENCENT, USER, Some(Role::User));
		organisation(a, OPERATOR_A, ALIBABA, OTHER_USER, Some(Role::User));
		organisation(c, OPERATOR_C, AUTHORITY, REGULATOR, Some(Role::Regulator));
		organisation(a, OPERATOR_A, XIAOMI, ARBITRATOR, None);
		organisation(a, OPERATOR_A, OPERATOR_ORG, GATEWAY, Some(Role::Operator));
		assert_ok!(IdentityRegistry::register_connector(
			RuntimeOrigin::signed(OPERATOR_B),
			org(TENCENT),
			b"connector".to_vec(),
			digest(0xc0),
			CONNECTOR
		));
		assert_eq!(published_entry(digest(0x01)), ENTRY);
		System::reset_events();
		test();
		Contracts::do_try_state().expect("agreements invariants hold");
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
		set_time(NOW);
	});
	ext.commit_all().unwrap();
	ext
}
