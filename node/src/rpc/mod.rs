//! The node's JSON-RPC extensions beyond Substrate's standard methods.
//!
//! Standard methods (`chain_*`, `state_*`, `author_*`, `system_*`, `rpc_methods`, the new
//! `chainHead_v1_*` family…) are installed by `sc-service`. This module adds
//! `system_accountNextIndex` and, as the ledger grows, one module per pallet (`identity_*`,
//! `catalog_*`, `agreements_*`, `notary_*`), each in its own file here.

use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use std::sync::Arc;
use tds_primitives::{opaque::Block, AccountId, Nonce};

/// What the RPC extensions need from the node.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// All RPC extensions of a full node.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;
	module.merge(System::new(client, pool).into_rpc())?;
	Ok(module)
}
