//! A minimal runtime for the unit tests: `frame_system`, `pallet_timestamp` and this pallet; Root
//! is the council, [`COUNCIL_MEMBER`] may file spaces.

use crate::{self as pallet_identity_registry, *};
use core::cell::RefCell;
use frame::{testing_prelude::*, traits::SortedMembers};

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
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

/// The council's members: [`COUNCIL_MEMBER`], and in benchmark builds whoever
/// `SortedMembers::add` added (never anyone in the unit tests).
pub struct CouncilMembers;
impl SortedMembers<u64> for CouncilMembers {
	fn sorted_members() -> Vec<u64> {
		let mut members = ADDED_COUNCIL_MEMBERS.with(|added| added.borrow().clone());
		members.push(COUNCIL_MEMBER);
		members.sort_unstable();
		members.dedup();
		members
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add(who: &u64) {
		ADDED_COUNCIL_MEMBERS.with(|added| added.borrow_mut().push(*who));
	}
}

thread_local! {
	/// Council members added by `SortedMembers::add` (benchmarks only).
	pub static ADDED_COUNCIL_MEMBERS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
	/// Status changes announced to observers, in order.
	pub static ANNOUNCED: RefCell<Vec<Announcement>> = const { RefCell::new(Vec::new()) };
}

/// A status change seen by the mock observer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Announcement {
	/// A participant changed status.
	Participant(IdentityId, ParticipantStatus, ParticipantStatus),
	/// A space changed status.
	Space(SpaceId, SpaceStatus, SpaceStatus),
}

/// Records announcements in [`ANNOUNCED`].
pub struct RecordingObserver;
impl OnIdentityStatusChanged for RecordingObserver {
	fn participant_status_changed(id: &IdentityId, from: ParticipantStatus, to: ParticipantStatus) {
		ANNOUNCED.with(|a| a.borrow_mut().push(Announcement::Participant(*id, from, to)));
	}
	fn space_status_changed(space: SpaceId, from: SpaceStatus, to: SpaceStatus) {
		ANNOUNCED.with(|a| a.borrow_mut().push(Announcement::Space(space, from, to)));
	}
}

/// The announcements so far.
pub fn announced() -> Vec<Announcement> {
	ANNOUNCED.with(|a| a.borrow().clone())
}

impl pallet_identity_registry::Config for Test {
	type AdminOrigin = EnsureRoot<u64>;
	type FilingOrigin = EnsureSignedBy<CouncilMembers, u64>;
	type Time = Timestamp;
	type OnStatusChanged = RecordingObserver;
	type MaxNameLength = ConstU32<32>;
	type MaxOperators = ConstU32<3>;
	type MaxQualifications = ConstU32<3>;
	type MaxKeys = ConstU32<3>;
	type MaxPageSize = ConstU32<2>;
	type WeightInfo = ();
}

/// A council member: files spaces.
pub const COUNCIL_MEMBER: u64 = 1;
/// Operator of space A (the first filed space).
pub const OPERATOR_A: u64 = 10;
/// Operator of space B.
pub const OPERATOR_B: u64 = 20;
/// An account of nobody.
pub const STRANGER: u64 = 99;
/// Block time at the start of every test: 2026-11-23T00:00:00Z.
pub const NOW: Moment = 1_795_392_000_000;
/// One day in milliseconds.
pub const DAY: Moment = 86_400_000;

/// Real USCCs (Huawei, Tencent, Alibaba, Xiaomi).
pub const HUAWEI: &[u8] = b"914403001922038216";
/// Shenzhen Tencent Computer Systems Co., Ltd.
pub const TENCENT: &[u8] = b"9144030071526726XG";
/// Alibaba (China) Co., Ltd.
pub const ALIBABA: &[u8] = b"91330100799655058B";
/// Beijing Xiaomi Technology Co., Ltd.
pub const XIAOMI: &[u8] = b"91110108551385082Q";

/// A digest for tests.
pub fn digest(byte: u8) -> Digest {
	Digest::repeat_byte(byte)
}

/// A passing qualification report valid for `days` from [`NOW`].
pub fn qualification(days: u64) -> QualificationOf<Test> {
	Qualification {
		report: digest(0xa1),
		verifier: b"CESI".to_vec().try_into().unwrap(),
		verdict: Verdict::Pass,
		valid_from: NOW - DAY,
		valid_until: NOW + days * DAY,
		scenarios: digest(0xa2),
		restrictions: digest(0xa3),
		verified_on: NOW - DAY,
	}
}

/// An official-source verification, valid for a year.
pub fn official() -> VerificationOf<Test> {
	Verification {
		source: VerificationSource::Official,
		verifier: b"SAMR credit system".to_vec().try_into().unwrap(),
		verified_on: NOW,
		valid_until: Some(NOW + 365 * DAY),
		materials: None,
	}
}

/// A self-built verification with the compliance materials.
pub fn self_built_with_materials() -> VerificationOf<Test> {
	Verification {
		source: VerificationSource::SelfBuilt,
		verifier: b"space A".to_vec().try_into().unwrap(),
		verified_on: NOW,
		valid_until: None,
		materials: Some(ComplianceMaterials {
			licence_copy: digest(0xb1),
			representative_id: digest(0xb2),
			commitment_letter: digest(0xb3),
			verifier: b"space A compliance".to_vec().try_into().unwrap(),
			verified_on: NOW,
		}),
	}
}

/// The organisation subject for a USCC.
pub fn organisation(uscc: &[u8]) -> NewSubject {
	NewSubject::Organisation { uscc: uscc.to_vec().try_into().unwrap() }
}

/// The identifier an organisation receives.
pub fn org_id(uscc: &[u8]) -> IdentityId {
	identity_id(&IdentityKey::Organisation(Uscc::parse(uscc).unwrap()))
}

/// Files and approves a space operated by `operator`; returns its id.
pub fn active_space(operator: u64) -> SpaceId {
	let space = NextSpaceId::<Test>::get();
	assert_ok!(IdentityRegistry::file_space(
		RuntimeOrigin::signed(COUNCIL_MEMBER),
		b"space".to_vec(),
		SpaceType::Industry,
		vec![operator],
		vec![qualification(365)],
	));
	assert_ok!(IdentityRegistry::approve_space(RuntimeOrigin::root(), space, digest(1)));
	space
}

/// Registers organisation `uscc` in `space` with `key` and verifies it (official source).
pub fn active_org(space: SpaceId, operator: u64, uscc: &[u8], key: u64) -> IdentityId {
	assert_ok!(IdentityRegistry::register_participant(
		RuntimeOrigin::signed(operator),
		space,
		organisation(uscc),
		b"org".to_vec(),
		Some(key),
	));
	let id = org_id(uscc);
	assert_ok!(IdentityRegistry::verify_participant(
		RuntimeOrigin::signed(operator),
		id,
		official()
	));
	id
}

/// Appoints a regulator: an organisation (Xiaomi's code) in a space of its own, key `key`.
pub fn regulator(key: u64) -> IdentityId {
	let space = active_space(key + 1000);
	let id = active_org(space, key + 1000, XIAOMI, key);
	assert_ok!(IdentityRegistry::appoint(RuntimeOrigin::root(), id, Role::Regulator));
	id
}

/// The last event of this pallet.
pub fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::IdentityRegistry(event) => Some(event),
			_ => None,
		})
		.next_back()
		.expect("an identity registry event")
}

/// The whole history of `key`, read page by page.
pub fn full_history(key: HistoryKey) -> Vec<HistoryEntryOf<Test>> {
	let mut entries = Vec::new();
	loop {
		let page = IdentityRegistry::history(key, entries.len() as u32, 100);
		if page.is_empty() {
			return entries;
		}
		entries.extend(page);
	}
}

/// Moves block time to `moment` (the next block).
pub fn set_time(moment: Moment) {
	System::set_block_number(System::block_number() + 1);
	pallet_timestamp::Now::<Test>::put(moment);
}

/// Runs `test` at block 1 and time [`NOW`], then checks the storage invariants.
pub fn run(test: impl FnOnce()) {
	let storage = RuntimeGenesisConfig::default().build_storage().unwrap();
	let mut ext = TestState::new(storage);
	ext.execute_with(|| {
		ANNOUNCED.with(|a| a.borrow_mut().clear());
		System::set_block_number(1);
		pallet_timestamp::Now::<Test>::put(NOW);
		test();
		IdentityRegistry::do_try_state().expect("storage invariants hold");
	});
}

/// Externalities for the benchmark tests: the default genesis, at block 1 and time [`NOW`].
/// Committed to the backend, so that they survive the reset of the overlay after each benchmark.
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
