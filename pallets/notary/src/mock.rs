//! The unit tests' runtime: `frame_system`, `pallet_timestamp`, the real identity registry (so
//! that the cascade is tested against it) and the notary. Catalog entries and agreements are a
//! fixed set of known references.

use crate::{self as pallet_notary, *};
use frame::{testing_prelude::*, traits::SortedMembers};
use pallet_identity_registry::{
	self as registry, NewSubject, Qualification, Verdict, Verification as IdentityVerification,
};
use tds_primitives::{
	identity::{identity_id, IdentityKey, SpaceId, SpaceType, Uscc, VerificationSource},
	merkle::{leaf_hash, MerkleTree},
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
	pub type Notary = pallet_notary;
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

/// The catalog entries that exist: `urn:tds:catalog:0:1` to `urn:tds:catalog:0:3`, Huawei's.
pub struct KnownEntries;
impl CatalogInspect for KnownEntries {
	fn is_usable(id: &CatalogId) -> bool {
		Self::provider_of(id).is_some()
	}
	fn provider_of(id: &CatalogId) -> Option<IdentityId> {
		(id.space == SPACE_A && (1..=3).contains(&id.number)).then(|| org(HUAWEI))
	}
}

/// The agreements that exist: 0 to 2.
pub struct KnownAgreements;
impl AgreementInspect for KnownAgreements {
	fn exists(id: AgreementId) -> bool {
		id <= 2
	}
	fn is_party(_: AgreementId, _: &IdentityId) -> bool {
		false
	}
}

/// Identities and references for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_notary::BenchmarkHelper<u64> for MockBenchmarkHelper {
	fn active_identity(who: &u64) -> IdentityId {
		IdentityRegistry::benchmark_active_identity(who);
		<IdentityRegistry as IdentityInspect<u64>>::identity_of(who).unwrap_or_default()
	}
	fn catalog_entry(_: u32) -> CatalogId {
		CatalogId { space: SPACE_A, number: 1 }
	}
	fn agreement(_: u32) -> AgreementId {
		1
	}
}

impl pallet_notary::Config for Test {
	type Identities = IdentityRegistry;
	type Catalog = KnownEntries;
	type Agreements = KnownAgreements;
	type Time = Timestamp;
	type MaxBatchSize = ConstU32<MAX_BATCH>;
	type MaxProofLength = ConstU32<MAX_PROOF>;
	type MaxNameLength = ConstU32<MAX_NAME>;
	type MaxPageSize = ConstU32<3>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// `MaxBatchSize` of the tests.
pub const MAX_BATCH: u32 = 8;
/// `MaxProofLength` of the tests.
pub const MAX_PROOF: u32 = 64;
/// `MaxNameLength` of the tests.
pub const MAX_NAME: u32 = 32;

/// Files spaces.
pub const COUNCIL_MEMBER: u64 = 1;
/// Operator of space A (0).
pub const OPERATOR_A: u64 = 10;
/// Operator of space B (1).
pub const OPERATOR_B: u64 = 20;
/// Key of Huawei, in space A.
pub const HUAWEI_KEY: u64 = 100;
/// Key of Huawei's connector.
pub const CONNECTOR_KEY: u64 = 110;
/// Key of Tencent, in space B.
pub const TENCENT_KEY: u64 = 200;
/// Key of a regulator (Xiaomi, in a space of its own).
pub const REGULATOR: u64 = 400;
/// Key of a registered organisation that was never verified (Alibaba, pending).
pub const PENDING_KEY: u64 = 300;
/// An account of nobody.
pub const STRANGER: u64 = 999;
/// Block time at the start of every test.
pub const NOW: Moment = 1_795_392_000_000;

/// Space A.
pub const SPACE_A: SpaceId = 0;
/// Space B.
pub const SPACE_B: SpaceId = 1;

/// Huawei.
pub const HUAWEI: &[u8] = b"914403001922038216";
/// Tencent.
pub const TENCENT: &[u8] = b"9144030071526726XG";
/// Alibaba: registered, never verified.
pub const ALIBABA: &[u8] = b"91330100799655058B";
/// Xiaomi: the regulator.
pub const XIAOMI: &[u8] = b"91110108551385082Q";

/// Metadata digest of Huawei's connector.
pub const CONNECTOR_METADATA: u8 = 0xcc;

/// A digest for tests.
pub fn digest(byte: u8) -> Digest {
	Digest::repeat_byte(byte)
}

/// The identity of an organisation.
pub fn org(uscc: &[u8]) -> IdentityId {
	identity_id(&IdentityKey::Organisation(Uscc::parse(uscc).unwrap()))
}

/// The identity of Huawei's connector.
pub fn connector() -> IdentityId {
	identity_id(&IdentityKey::Connector {
		owner: org(HUAWEI),
		metadata: digest(CONNECTOR_METADATA),
	})
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

fn register(space: SpaceId, operator: u64, uscc: &[u8], key: u64) {
	assert_ok!(IdentityRegistry::register_participant(
		RuntimeOrigin::signed(operator),
		space,
		NewSubject::Organisation { uscc: uscc.to_vec().try_into().unwrap() },
		b"org".to_vec(),
		Some(key),
	));
}

fn organisation(space: SpaceId, operator: u64, uscc: &[u8], key: u64) {
	register(space, operator, uscc, key);
	assert_ok!(IdentityRegistry::verify_participant(
		RuntimeOrigin::signed(operator),
		org(uscc),
		IdentityVerification {
			source: VerificationSource::Official,
			verifier: b"SAMR".to_vec().try_into().unwrap(),
			verified_on: NOW,
			valid_until: None,
			materials: None,
		},
	));
}

/// Freezes an identity, as its space's operator or a regulator would.
pub fn freeze(id: IdentityId) {
	assert_ok!(IdentityRegistry::freeze_participant(
		RuntimeOrigin::signed(REGULATOR),
		id,
		digest(0xf0)
	));
}

/// A notarisation of `digest` as an interface call, without references.
pub fn call_log(digest: Digest) -> Notarisation {
	Notarisation {
		digest,
		kind: EventKind::InterfaceCall,
		catalog_entry: None,
		agreement: None,
		metadata: None,
	}
}

/// Catalog entry `urn:tds:catalog:0:n` (known for `n` in 1..=3).
pub fn entry(number: u32) -> CatalogId {
	CatalogId { space: SPACE_A, number }
}

/// Log entry `i` of the tests' logs.
pub fn log_entry(i: u64) -> Vec<u8> {
	format!("{{\"call\":{i},\"interface\":\"/claims\"}}").into_bytes()
}

/// The log of the first `n` entries.
pub fn log(n: u64) -> MerkleTree {
	MerkleTree::from_leaves((0..n).map(|i| leaf_hash(&log_entry(i))))
}

/// The root of `tree` at `size`, as the chain takes it.
pub fn root(tree: &MerkleTree, size: u64) -> Digest {
	Digest::from(tree.root_at(size).unwrap())
}

/// The consistency proof from `old` to `new` entries of `tree`, as the chain takes it.
pub fn proof(tree: &MerkleTree, old: u64, new: u64) -> Vec<Digest> {
	tree.consistency_proof(old, new)
		.unwrap()
		.into_iter()
		.map(Digest::from)
		.collect()
}

/// Opens a stream owned by the identity of `key`; returns its number.
pub fn opened(key: u64) -> StreamId {
	let stream = NextStreamId::<Test>::get();
	assert_ok!(Notary::open_stream(RuntimeOrigin::signed(key), b"connector 7".to_vec()));
	stream
}

/// Anchors `tree` at `new` entries on `stream`, from its current size, signed by `key`.
pub fn anchored(key: u64, stream: StreamId, tree: &MerkleTree, new: u64) {
	let old = Streams::<Test>::get(stream).unwrap().size;
	assert_ok!(Notary::anchor(
		RuntimeOrigin::signed(key),
		stream,
		new,
		root(tree, new),
		proof(tree, old, new)
	));
}

/// The notary's events, oldest first.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Notary(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// The last event of the notary.
pub fn last_event() -> Event<Test> {
	events().pop().expect("a notary event")
}

/// Runs `test` with space A (operator [`OPERATOR_A`]; Huawei with key [`HUAWEI_KEY`] and its
/// connector with key [`CONNECTOR_KEY`]; Alibaba registered but pending, key [`PENDING_KEY`]),
/// space B (operator [`OPERATOR_B`], Tencent with key [`TENCENT_KEY`]) and a regulator (key
/// [`REGULATOR`]) at block 1, time [`NOW`]; then checks both pallets' storage invariants.
pub fn run(test: impl FnOnce()) {
	let storage = RuntimeGenesisConfig::default().build_storage().unwrap();
	let mut ext = TestState::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Test>::put(NOW);
		let a = space(OPERATOR_A);
		let b = space(OPERATOR_B);
		assert_eq!((a, b), (SPACE_A, SPACE_B));
		organisation(a, OPERATOR_A, HUAWEI, HUAWEI_KEY);
		assert_ok!(IdentityRegistry::register_connector(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			b"connector 7".to_vec(),
			digest(CONNECTOR_METADATA),
			CONNECTOR_KEY,
		));
		register(a, OPERATOR_A, ALIBABA, PENDING_KEY);
		organisation(b, OPERATOR_B, TENCENT, TENCENT_KEY);
		let regulator_space = space(30);
		organisation(regulator_space, 30, XIAOMI, REGULATOR);
		assert_ok!(IdentityRegistry::appoint(
			RuntimeOrigin::root(),
			org(XIAOMI),
			tds_primitives::identity::Role::Regulator
		));
		System::reset_events();
		test();
		Notary::do_try_state().expect("notary invariants hold");
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
