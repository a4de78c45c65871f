//! The storage keys a bundle's read proof covers, derived exactly as docs/evidence-bundle.md
//! specifies (FRAME's layout: `twox128(pallet) ‖ twox128(item) ‖ hashed keys`).

use codec::Encode;
use sp_crypto_hashing::{blake2_128, twox_128, twox_64};

/// `twox128(pallet) ‖ twox128(item)`.
pub fn storage_prefix(pallet: &str, item: &str) -> Vec<u8> {
	let mut key = twox_128(pallet.as_bytes()).to_vec();
	key.extend_from_slice(&twox_128(item.as_bytes()));
	key
}

/// `blake2_128(encoded) ‖ encoded` (FRAME's `Blake2_128Concat`).
fn blake2_128_concat(encoded: &[u8]) -> Vec<u8> {
	let mut part = blake2_128(encoded).to_vec();
	part.extend_from_slice(encoded);
	part
}

/// `twox64(encoded) ‖ encoded` (FRAME's `Twox64Concat`).
fn twox_64_concat(encoded: &[u8]) -> Vec<u8> {
	let mut part = twox_64(encoded).to_vec();
	part.extend_from_slice(encoded);
	part
}

/// `System::BlockHash(0)`: the genesis hash, kept in state for ever.
pub fn genesis_hash_key() -> Vec<u8> {
	let mut key = storage_prefix("System", "BlockHash");
	key.extend(twox_64_concat(&0u32.encode()));
	key
}

/// `Notary::Anchors(stream, size)`.
pub fn anchor_key(stream: u64, size: u64) -> Vec<u8> {
	let mut key = storage_prefix("Notary", "Anchors");
	key.extend(blake2_128_concat(&stream.encode()));
	key.extend(blake2_128_concat(&size.encode()));
	key
}

/// `Notary::Records(digest)`.
pub fn record_key(digest: &[u8; 32]) -> Vec<u8> {
	let mut key = storage_prefix("Notary", "Records");
	key.extend(blake2_128_concat(digest));
	key
}
