//! Types shared by the TDS Ledger runtime, node and clients.
//!
//! Every type that crosses the boundary between the runtime, the node and off-chain clients is
//! defined here exactly once.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use sp_runtime::{
	generic,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};

pub mod agreement;
pub mod catalog;
pub mod identity;
pub mod log;
pub mod merkle;
pub mod notary;
pub mod transaction;

/// Signature of a transaction: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;

/// The public key behind an account.
pub type AccountPublic = <Signature as Verify>::Signer;

/// An account on the ledger: the 32-byte public key of its signing scheme.
pub type AccountId = <AccountPublic as IdentifyAccount>::AccountId;

/// Address format of extrinsics.
pub type Address = MultiAddress<AccountId, ()>;

/// Block height.
pub type BlockNumber = u32;

/// Per-account transaction counter.
pub type Nonce = u32;

/// Hash of a block or of on-chain storage (Substrate's default, BLAKE2-256).
pub type Hash = sp_core::H256;

/// Unix time in milliseconds, as kept by `pallet-timestamp`.
pub type Moment = u64;

/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Why a pallet's state machine (its `transition(from, action)`) refused an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidTransition;

/// Types the node uses without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
}
