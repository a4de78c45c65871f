//! Key pairs that sign extrinsics: sr25519 (people's and organisations' keys) and ed25519
//! (notary and connector keys, which also sign log entries and gateway requests).

use crate::TdsConfig;
use anyhow::{anyhow, Result};
use serde::{Deserialize, Serialize};
use sp_core::{crypto::Pair as _, ed25519};
use subxt::utils::{AccountId32, MultiSignature};

/// A signature scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
	/// Schnorrkel on Ristretto (Substrate's default).
	Sr25519,
	/// Ed25519.
	Ed25519,
}

impl std::fmt::Display for Scheme {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str(match self {
			Scheme::Sr25519 => "sr25519",
			Scheme::Ed25519 => "ed25519",
		})
	}
}

impl std::str::FromStr for Scheme {
	type Err = anyhow::Error;

	fn from_str(text: &str) -> Result<Self> {
		match text {
			"sr25519" => Ok(Scheme::Sr25519),
			"ed25519" => Ok(Scheme::Ed25519),
			other => Err(anyhow!("{other} is not a scheme: sr25519 or ed25519")),
		}
	}
}

/// The SS58 address (generic prefix 42) of a `0x` hex public key.
pub fn address_of(public_hex: &str) -> Result<String> {
	let bytes: [u8; 32] = hex::decode(public_hex.trim_start_matches("0x"))?
		.try_into()
		.map_err(|_| anyhow!("a public key is 32 bytes"))?;
	Ok(AccountId32(bytes).to_string())
}

/// A key pair of either scheme.
#[derive(Clone)]
pub enum KeyPair {
	/// sr25519 (boxed, as is the other: the pairs keep expanded secrets of different sizes).
	Sr25519(Box<subxt_signer::sr25519::Keypair>),
	/// ed25519.
	Ed25519(Box<ed25519::Pair>),
}

impl KeyPair {
	/// The pair of secret URI `uri` (`0x` seed or phrase, with any `//hard` or `/soft` path;
	/// ed25519 takes hard derivations only).
	pub fn from_uri(scheme: Scheme, uri: &str) -> Result<Self> {
		match scheme {
			Scheme::Sr25519 => {
				let uri: subxt_signer::SecretUri =
					uri.parse().map_err(|e| anyhow!("not a secret URI: {e}"))?;
				Ok(KeyPair::Sr25519(Box::new(
					subxt_signer::sr25519::Keypair::from_uri(&uri)
						.map_err(|e| anyhow!("not an sr25519 secret: {e}"))?,
				)))
			},
			Scheme::Ed25519 => Ok(KeyPair::Ed25519(Box::new(
				ed25519::Pair::from_string(uri, None)
					.map_err(|e| anyhow!("not an ed25519 secret: {e:?}"))?,
			))),
		}
	}

	/// Its scheme.
	pub fn scheme(&self) -> Scheme {
		match self {
			KeyPair::Sr25519(_) => Scheme::Sr25519,
			KeyPair::Ed25519(_) => Scheme::Ed25519,
		}
	}

	/// The public key (also the account's 32 bytes).
	pub fn public(&self) -> [u8; 32] {
		match self {
			KeyPair::Sr25519(pair) => pair.public_key().0,
			KeyPair::Ed25519(pair) => pair.public().0,
		}
	}

	/// The public key, `0x` hex.
	pub fn public_hex(&self) -> String {
		format!("0x{}", hex::encode(self.public()))
	}

	/// The account.
	pub fn account(&self) -> AccountId32 {
		AccountId32(self.public())
	}

	/// Signs `message`.
	pub fn sign_bytes(&self, message: &[u8]) -> [u8; 64] {
		match self {
			KeyPair::Sr25519(pair) => pair.sign(message).0,
			KeyPair::Ed25519(pair) => pair.sign(message).0,
		}
	}
}

impl subxt::tx::Signer<TdsConfig> for KeyPair {
	fn account_id(&self) -> AccountId32 {
		self.account()
	}

	fn sign(&self, payload: &[u8]) -> MultiSignature {
		match self {
			KeyPair::Sr25519(pair) => MultiSignature::Sr25519(pair.sign(payload).0),
			KeyPair::Ed25519(pair) => MultiSignature::Ed25519(pair.sign(payload).0),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn well_known_keys_derive_as_substrate_does() -> Result<()> {
		let alice = KeyPair::from_uri(Scheme::Sr25519, "//Alice")?;
		assert_eq!(
			alice.public_hex(),
			"0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"
		);
		let ed = KeyPair::from_uri(Scheme::Ed25519, "//Alice")?;
		assert_eq!(
			ed.public_hex(),
			"0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee"
		);
		assert!(KeyPair::from_uri(Scheme::Sr25519, "not a uri at all!").is_err());
		Ok(())
	}

	#[test]
	fn signatures_verify() -> Result<()> {
		let ed = KeyPair::from_uri(Scheme::Ed25519, "//Notary")?;
		let signature = ed.sign_bytes(b"message");
		let public = ed25519::Public::from_raw(ed.public());
		assert!(ed25519::Pair::verify(
			&ed25519::Signature::from_raw(signature),
			b"message",
			&public
		));
		Ok(())
	}
}
