//! The node's JSON-RPC extensions beyond Substrate's standard methods.
//!
//! Standard methods (`chain_*`, `state_*`, `author_*`, `system_*`, `rpc_methods`, the new
//! `chainHead_v1_*` family…) are installed by `sc-service`. This module adds
//! `system_accountNextIndex` and one module per pallet, each in its own file here:
//! [`identity`] (`identity_*`), [`catalog`] (`catalog_*`), [`agreements`] (`agreement_*`),
//! [`notary`] (`notary_*`: records, streams, evidence bundles), and with `--gateway` the
//! evidence gateway's [`gateway`] methods (`notary_submitEntries`, `notary_query`, …).

pub mod agreements;
pub mod catalog;
pub mod gateway;
pub mod identity;
pub mod notary;

use jsonrpsee::RpcModule;
use pallet_agreements::{AgreementInfoOf, DecisionOf, TemplateOf, TemplateVersionOf};
use pallet_agreements_runtime_api::AgreementsApi;
use pallet_catalog::{EntryOf, FeedChangeOf, VersionOf};
use pallet_catalog_runtime_api::CatalogApi;
use pallet_identity_registry::{HistoryEntryOf, ParticipantOf, SpaceOf};
use pallet_identity_registry_runtime_api::IdentityRegistryApi;
use pallet_notary::{AnchorOf, RecordOf, StreamOf};
use pallet_notary_runtime_api::NotaryApi;
use sc_client_api::{AuxStore, BlockBackend, ProofProvider};
use sc_consensus_grandpa::SharedAuthoritySet;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use std::sync::Arc;
use tds_primitives::{opaque::Block, AccountId, BlockNumber, Hash, Nonce};
use tds_runtime::Runtime;

/// What the RPC extensions need from the node.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// GRANDPA's view of the validator sets, for evidence bundles.
	pub authority_set: SharedAuthoritySet<Hash, BlockNumber>,
	/// The evidence gateway, with `--gateway`.
	pub gateway: Option<Arc<crate::gateway::Gateway<C>>>,
}

/// All RPC extensions of a full node.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: crate::gateway::GatewayClient
		+ ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ BlockBackend<Block>
		+ ProofProvider<Block>
		+ AuxStore
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: BlockBuilder<Block>,
	C::Api: IdentityRegistryApi<
		Block,
		AccountId,
		ParticipantOf<Runtime>,
		SpaceOf<Runtime>,
		HistoryEntryOf<Runtime>,
	>,
	C::Api: CatalogApi<Block, EntryOf<Runtime>, VersionOf<Runtime>, FeedChangeOf<Runtime>>,
	C::Api: AgreementsApi<
		Block,
		AgreementInfoOf<Runtime>,
		DecisionOf<Runtime>,
		TemplateOf<Runtime>,
		TemplateVersionOf<Runtime>,
	>,
	C::Api: NotaryApi<Block, RecordOf<Runtime>, StreamOf<Runtime>, AnchorOf<Runtime>>,
	P: TransactionPool + 'static,
{
	use agreements::{AgreementRpcServer, Agreements};
	use catalog::{Catalog, CatalogRpcServer};
	use identity::{Identity, IdentityApiServer};
	use notary::{Notary, NotaryRpcServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, authority_set, gateway } = deps;
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(Identity::new(client.clone()).into_rpc())?;
	module.merge(Catalog::new(client.clone()).into_rpc())?;
	module.merge(Agreements::new(client.clone()).into_rpc())?;
	let bundles = crate::evidence::BundleAssembler::new(client.clone(), authority_set);
	if let Some(gateway) = gateway {
		use gateway::{GatewayApi, GatewayRpcServer};
		module.merge(GatewayApi::new(gateway, bundles.clone()).into_rpc())?;
	}
	module.merge(Notary::new(client, bundles).into_rpc())?;
	Ok(module)
}
