//! The client side of TDS Ledger, shared by the `tds` command-line client and the end-to-end
//! tests: the types and calls generated from the runtime's metadata ([`api`], subxt), the
//! connection, signers of both schemes ([`signer`]) and the local keystore ([`keystore`]).

pub mod keystore;
pub mod signer;

pub use signer::{KeyPair, Scheme};

/// Types and calls generated from the runtime's metadata (`tests/metadata/tds-runtime.scale`,
/// refreshed by `scripts/gen-metadata.sh`; the `metadata` test fails if it is stale).
#[subxt::subxt(
	runtime_metadata_path = "../tests/metadata/tds-runtime.scale",
	derive_for_all_types = "::subxt::ext::codec::Encode, ::subxt::ext::codec::Decode, Clone, PartialEq, Eq"
)]
pub mod api {}

/// The subxt configuration of TDS Ledger: Substrate's defaults (32-byte accounts, multi-signature,
/// BLAKE2-256 hashing, u32 block numbers encoded compactly) fit the runtime.
pub type TdsConfig = subxt::SubstrateConfig;

/// A subxt client connected to a node.
pub type Client = subxt::OnlineClient<TdsConfig>;

/// Connects to the node at `url` (`ws://` or `wss://`), saying which endpoint failed. Plain
/// `ws://` is accepted: nodes expose RPC on loopback or behind the operator's TLS proxy.
pub async fn connect(url: &str) -> anyhow::Result<Client> {
	use anyhow::Context;
	Client::from_insecure_url(url)
		.await
		.with_context(|| format!("cannot connect to the node at {url}"))
}
