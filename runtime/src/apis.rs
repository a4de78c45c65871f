//! The runtime APIs the node and clients call.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, ExtrinsicInclusionMode,
};
use sp_version::RuntimeVersion;

use crate::{
	AccountId, Agreements, Aura, Block, Catalog, Executive, Grandpa, IdentityRegistry,
	InherentDataExt, Nonce, Notary, Runtime, RuntimeCall, RuntimeGenesisConfig, SessionKeys,
	System, VERSION,
};
use pallet_agreements::{
	AgreementInfoOf, DecisionOf, DryRun, MinimalAgreementRecord, TemplateOf, TemplateVersionOf,
};
use pallet_catalog::{
	EntryInfo, EntryOf, FeedChangeOf, FeedFilter, Verification as CatalogVerification, VersionOf,
};
use pallet_identity_registry::{
	HistoryEntryOf, HistoryKey, ParticipantInfo, ParticipantOf, SpaceInfo, SpaceOf,
};
use pallet_notary::{AnchorOf, RecordOf, RecordPage, StreamOf};
use tds_primitives::{
	agreement::{AgreementId, AgreementStatus, TemplateId, UsageContext, UsageReport},
	catalog::{CatalogId, EntryId},
	identity::{CrossSpaceVerdict, Digest, IdentityId, SpaceId},
	notary::{RecordIndex, StreamId},
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocations are handled by governance, not reported on chain.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			// The key-owner proof type is uninhabited (`sp_core::Void`).
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_identity_registry_runtime_api::IdentityRegistryApi<
		Block,
		AccountId,
		ParticipantOf<Runtime>,
		SpaceOf<Runtime>,
		HistoryEntryOf<Runtime>,
	> for Runtime {
		fn participant(id: IdentityId) -> Option<ParticipantInfo<ParticipantOf<Runtime>>> {
			IdentityRegistry::participant_info(id)
		}

		fn participant_by_uscc(uscc: Vec<u8>) -> Option<ParticipantInfo<ParticipantOf<Runtime>>> {
			IdentityRegistry::participant_by_uscc(&uscc)
		}

		fn participant_by_account(
			account: AccountId,
		) -> Option<ParticipantInfo<ParticipantOf<Runtime>>> {
			IdentityRegistry::participant_by_account(&account)
		}

		fn space(id: SpaceId) -> Option<SpaceInfo<SpaceOf<Runtime>>> {
			IdentityRegistry::space_info(id)
		}

		fn participants_of_space(
			space: SpaceId,
			start_after: Option<IdentityId>,
			limit: u32,
		) -> Vec<ParticipantInfo<ParticipantOf<Runtime>>> {
			IdentityRegistry::participants_of_space(space, start_after, limit)
		}

		fn verify_cross_space(space: SpaceId, id: IdentityId) -> CrossSpaceVerdict {
			IdentityRegistry::verify_cross_space(space, id)
		}

		fn history(key: HistoryKey, from: u32, limit: u32) -> Vec<HistoryEntryOf<Runtime>> {
			IdentityRegistry::history(key, from, limit)
		}
	}

	impl pallet_catalog_runtime_api::CatalogApi<
		Block,
		EntryOf<Runtime>,
		VersionOf<Runtime>,
		FeedChangeOf<Runtime>,
	> for Runtime {
		fn entry(entry: EntryId) -> Option<EntryInfo<EntryOf<Runtime>, VersionOf<Runtime>>> {
			Catalog::entry_info(entry)
		}

		fn entry_by_identifier(
			id: CatalogId,
		) -> Option<EntryInfo<EntryOf<Runtime>, VersionOf<Runtime>>> {
			Catalog::entry_by_identifier(id)
		}

		fn entries_of_provider(
			provider: IdentityId,
			start_after: Option<EntryId>,
			limit: u32,
		) -> Vec<EntryInfo<EntryOf<Runtime>, VersionOf<Runtime>>> {
			Catalog::entries_of_provider(provider, start_after, limit)
		}

		fn entries_of_space(
			space: SpaceId,
			start_after: Option<EntryId>,
			limit: u32,
		) -> Vec<EntryInfo<EntryOf<Runtime>, VersionOf<Runtime>>> {
			Catalog::entries_of_space(space, start_after, limit)
		}

		fn entries_by_classification(
			classification: Vec<u8>,
			start_after: Option<EntryId>,
			limit: u32,
		) -> Vec<EntryInfo<EntryOf<Runtime>, VersionOf<Runtime>>> {
			Catalog::entries_by_classification(classification, start_after, limit)
		}

		fn changes_since(
			cursor: u64,
			filter: FeedFilter,
			limit: u32,
		) -> (Vec<(u64, FeedChangeOf<Runtime>)>, u64) {
			Catalog::changes_since(cursor, &filter, limit)
		}

		fn verify(id: CatalogId, metadata: Digest) -> CatalogVerification {
			Catalog::verify(id, metadata)
		}
	}

	impl pallet_agreements_runtime_api::AgreementsApi<
		Block,
		AgreementInfoOf<Runtime>,
		DecisionOf<Runtime>,
		TemplateOf<Runtime>,
		TemplateVersionOf<Runtime>,
	> for Runtime {
		fn agreement(id: AgreementId) -> Option<AgreementInfoOf<Runtime>> {
			Agreements::agreement_info(id)
		}

		fn decisions(id: AgreementId, start: u32, limit: u32) -> Vec<(u32, DecisionOf<Runtime>)> {
			Agreements::decisions(id, start, limit)
		}

		fn agreements_of_party(
			party: IdentityId,
			start_after: Option<AgreementId>,
			limit: u32,
		) -> Vec<(AgreementId, AgreementStatus)> {
			Agreements::agreements_of_party(party, start_after, limit)
		}

		fn agreements_of_entry(
			entry: CatalogId,
			start_after: Option<AgreementId>,
			limit: u32,
		) -> Vec<(AgreementId, AgreementStatus)> {
			Agreements::agreements_of_entry(entry, start_after, limit)
		}

		fn agreements_by_status(
			status: AgreementStatus,
			from: AgreementId,
			limit: u32,
		) -> (Vec<AgreementId>, Option<AgreementId>) {
			Agreements::agreements_by_status(status, from, limit)
		}

		fn minimal_record(id: AgreementId) -> Option<MinimalAgreementRecord> {
			Agreements::minimal_record(id)
		}

		fn dry_run(id: AgreementId, context: UsageContext) -> DryRun {
			Agreements::dry_run(id, context)
		}

		fn template(
			id: TemplateId,
		) -> Option<(TemplateOf<Runtime>, Vec<TemplateVersionOf<Runtime>>)> {
			Agreements::template(id)
		}

		fn usage_report(id: AgreementId, decision: u32) -> Option<UsageReport> {
			Agreements::usage_report(id, decision)
		}

		fn reported_through(id: AgreementId, reporter: AccountId) -> Option<u64> {
			Agreements::reported_through(id, &reporter)
		}
	}

	impl pallet_notary_runtime_api::NotaryApi<
		Block,
		RecordOf<Runtime>,
		StreamOf<Runtime>,
		AnchorOf<Runtime>,
	> for Runtime {
		fn record(digest: Digest) -> Option<RecordOf<Runtime>> {
			Notary::record_of(digest)
		}

		fn records(
			index: RecordIndex,
			start_after: Option<u64>,
			limit: u32,
		) -> RecordPage<RecordOf<Runtime>> {
			Notary::records(index, start_after, limit)
		}

		fn record_count() -> u64 {
			pallet_notary::RecordCount::<Runtime>::get()
		}

		fn stream(stream: StreamId) -> Option<StreamOf<Runtime>> {
			Notary::stream(stream)
		}

		fn streams_of(
			owner: IdentityId,
			start_after: Option<StreamId>,
			limit: u32,
		) -> Vec<(StreamId, StreamOf<Runtime>)> {
			Notary::streams_of(owner, start_after, limit)
		}

		fn anchors(stream: StreamId, from: u32, limit: u32) -> Vec<AnchorOf<Runtime>> {
			Notary::anchors(stream, from, limit)
		}

		fn anchor_at(stream: StreamId, size: u64) -> Option<AnchorOf<Runtime>> {
			Notary::anchor_at(stream, size)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use crate::{benchmarks::*, *};

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			let storage_info = crate::AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::WhitelistedStorageKeys;
			use sp_storage::TrackedStorageKey;
			use crate::{benchmarks::*, *};

			impl frame_system_benchmarking::Config for Runtime {}
			impl pallet_node_authorization_benchmarking::Config for Runtime {}

			let whitelist: Vec<TrackedStorageKey> =
				crate::AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// try-runtime is an off-chain tool: a failed check must stop it loudly.
			#[allow(clippy::unwrap_used)]
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			#[allow(clippy::expect_used)]
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("execute-block failed")
		}
	}
}

/// Silence the unused-import lint when benchmarking and try-runtime are off.
#[allow(dead_code)]
fn _uses(_: RuntimeCall, _: Weight) {}
