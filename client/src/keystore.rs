//! The local keystore: one JSON file, readable by its owner only (mode 0600), of named sr25519
//! and ed25519 keys. A key's secret is its secret URI (a `0x` seed or a phrase, with any
//! derivation path), kept as is or sealed with a password: scrypt (log₂ N = 15, r = 8, p = 1)
//! derives a key that seals the URI with XChaCha20-Poly1305.

use crate::signer::{KeyPair, Scheme};
use anyhow::{anyhow, bail, Context, Result};
use chacha20poly1305::{
	aead::{Aead, KeyInit},
	XChaCha20Poly1305, XNonce,
};
use serde::{Deserialize, Serialize};
use std::{
	io::Write,
	path::{Path, PathBuf},
};

/// The file format's version.
const VERSION: u32 = 1;
/// scrypt cost: log₂ N.
const LOG_N: u8 = 15;

/// A sealed secret.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Sealed {
	/// scrypt's log₂ N (r = 8, p = 1).
	pub log_n: u8,
	/// scrypt salt, hex.
	pub salt: String,
	/// XChaCha20 nonce, hex.
	pub nonce: String,
	/// The sealed secret URI, hex.
	pub ciphertext: String,
}

/// How a secret is kept.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Secret {
	/// The secret URI as is (the file's mode protects it).
	Plain(String),
	/// Sealed with a password.
	Sealed(Sealed),
}

/// One key of the keystore.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct StoredKey {
	/// The name it is used by (`--signer NAME`).
	pub name: String,
	/// Its signature scheme.
	pub scheme: Scheme,
	/// The public key, `0x` hex (also the account).
	pub public: String,
	/// The secret.
	pub secret: Secret,
}

impl StoredKey {
	/// Whether a password is needed to use it.
	pub fn is_sealed(&self) -> bool {
		matches!(self.secret, Secret::Sealed(_))
	}

	/// The secret URI; `password` is needed if the key is sealed.
	pub fn secret_uri(&self, password: Option<&str>) -> Result<String> {
		match &self.secret {
			Secret::Plain(uri) => Ok(uri.clone()),
			Secret::Sealed(sealed) => {
				let password =
					password.ok_or_else(|| anyhow!("key {} is password-protected", self.name))?;
				open(sealed, password).with_context(|| format!("key {}", self.name))
			},
		}
	}

	/// The key pair; `password` is needed if the key is sealed.
	pub fn key_pair(&self, password: Option<&str>) -> Result<KeyPair> {
		let pair = KeyPair::from_uri(self.scheme, &self.secret_uri(password)?)?;
		if pair.public_hex() != self.public {
			bail!("key {}: the secret does not match the stored public key", self.name);
		}
		Ok(pair)
	}
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
	version: u32,
	keys: Vec<StoredKey>,
}

/// A keystore file.
pub struct Keystore {
	path: PathBuf,
	file: File,
}

fn scrypt_key(password: &str, salt: &[u8], log_n: u8) -> Result<[u8; 32]> {
	let params = scrypt::Params::new(log_n, 8, 1, 32).map_err(|e| anyhow!("scrypt: {e}"))?;
	let mut key = [0u8; 32];
	scrypt::scrypt(password.as_bytes(), salt, &params, &mut key)
		.map_err(|e| anyhow!("scrypt: {e}"))?;
	Ok(key)
}

/// Seals `secret` with `password`.
pub fn seal(secret: &str, password: &str) -> Result<Sealed> {
	let mut salt = [0u8; 16];
	let mut nonce = [0u8; 24];
	getrandom::getrandom(&mut salt).map_err(|e| anyhow!("no randomness: {e}"))?;
	getrandom::getrandom(&mut nonce).map_err(|e| anyhow!("no randomness: {e}"))?;
	let key = scrypt_key(password, &salt, LOG_N)?;
	let cipher = XChaCha20Poly1305::new((&key).into());
	let ciphertext = cipher
		.encrypt(&XNonce::from(nonce), secret.as_bytes())
		.map_err(|_| anyhow!("sealing failed"))?;
	Ok(Sealed {
		log_n: LOG_N,
		salt: hex::encode(salt),
		nonce: hex::encode(nonce),
		ciphertext: hex::encode(ciphertext),
	})
}

/// Opens a sealed secret.
pub fn open(sealed: &Sealed, password: &str) -> Result<String> {
	let salt = hex::decode(&sealed.salt)?;
	let nonce: [u8; 24] = hex::decode(&sealed.nonce)?
		.try_into()
		.map_err(|_| anyhow!("the sealed secret's nonce is not 24 bytes"))?;
	let key = scrypt_key(password, &salt, sealed.log_n)?;
	let cipher = XChaCha20Poly1305::new((&key).into());
	let plain = cipher
		.decrypt(&XNonce::from(nonce), hex::decode(&sealed.ciphertext)?.as_slice())
		.map_err(|_| anyhow!("wrong password"))?;
	String::from_utf8(plain).map_err(|_| anyhow!("the sealed secret is not text"))
}

impl Keystore {
	/// The default location: `$TDS_KEYSTORE`, else `$XDG_CONFIG_HOME/tds/keystore.json`, else
	/// `~/.config/tds/keystore.json`.
	pub fn default_path() -> PathBuf {
		if let Some(path) = std::env::var_os("TDS_KEYSTORE") {
			return PathBuf::from(path);
		}
		let config = std::env::var_os("XDG_CONFIG_HOME")
			.map(PathBuf::from)
			.or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))
			.unwrap_or_else(|| PathBuf::from("."));
		config.join("tds").join("keystore.json")
	}

	/// Opens the keystore at `path` (empty if there is no file yet). Refuses a file others
	/// may read.
	pub fn open(path: &Path) -> Result<Self> {
		let file = match std::fs::read(path) {
			Ok(bytes) => {
				#[cfg(unix)]
				{
					use std::os::unix::fs::PermissionsExt;
					let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
					if mode & 0o077 != 0 {
						bail!(
							"{} is readable by others (mode {mode:o}); run chmod 600 on it",
							path.display()
						);
					}
				}
				let file: File = serde_json::from_slice(&bytes)
					.with_context(|| format!("{} is not a keystore", path.display()))?;
				if file.version != VERSION {
					bail!("{}: keystore version {} is not supported", path.display(), file.version);
				}
				file
			},
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
				File { version: VERSION, keys: vec![] }
			},
			Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
		};
		Ok(Keystore { path: path.to_owned(), file })
	}

	/// Where it is.
	pub fn path(&self) -> &Path {
		&self.path
	}

	/// Every key, in the order added.
	pub fn keys(&self) -> &[StoredKey] {
		&self.file.keys
	}

	/// The key called `name`.
	pub fn get(&self, name: &str) -> Result<&StoredKey> {
		self.file
			.keys
			.iter()
			.find(|key| key.name == name)
			.ok_or_else(|| anyhow!("no key {name} in {}", self.path.display()))
	}

	/// Adds a key from its secret URI, sealed if `password` is given; returns it.
	pub fn add(
		&mut self,
		name: &str,
		scheme: Scheme,
		secret_uri: &str,
		password: Option<&str>,
	) -> Result<&StoredKey> {
		if name.is_empty() || name.chars().any(char::is_whitespace) {
			bail!("a key name is a non-empty word");
		}
		if self.file.keys.iter().any(|key| key.name == name) {
			bail!("a key named {name} already exists");
		}
		let pair = KeyPair::from_uri(scheme, secret_uri)?;
		let secret = match password {
			Some(password) => Secret::Sealed(seal(secret_uri, password)?),
			None => Secret::Plain(secret_uri.to_owned()),
		};
		self.file.keys.push(StoredKey {
			name: name.to_owned(),
			scheme,
			public: pair.public_hex(),
			secret,
		});
		self.save()?;
		self.get(name)
	}

	/// Writes the file with mode 0600 (atomically: a new file renamed over the old).
	fn save(&self) -> Result<()> {
		if let Some(dir) = self.path.parent() {
			std::fs::create_dir_all(dir)?;
		}
		let temporary = self.path.with_extension("json.new");
		let mut options = std::fs::OpenOptions::new();
		options.write(true).create(true).truncate(true);
		#[cfg(unix)]
		{
			use std::os::unix::fs::OpenOptionsExt;
			options.mode(0o600);
		}
		let mut file = options
			.open(&temporary)
			.with_context(|| format!("cannot write {}", temporary.display()))?;
		file.write_all(&serde_json::to_vec_pretty(&self.file)?)?;
		file.sync_all()?;
		std::fs::rename(&temporary, &self.path)?;
		Ok(())
	}
}

/// A new random secret URI: a `0x` seed of 32 random bytes.
pub fn random_secret_uri() -> Result<String> {
	let mut seed = [0u8; 32];
	getrandom::getrandom(&mut seed).map_err(|e| anyhow!("no randomness: {e}"))?;
	Ok(format!("0x{}", hex::encode(seed)))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn keys_are_kept_with_mode_0600_and_found_by_name() -> Result<()> {
		let dir = tempfile::tempdir()?;
		let path = dir.path().join("keys.json");
		let mut store = Keystore::open(&path)?;
		let alice = store.add("alice", Scheme::Sr25519, "//Alice", None)?.clone();
		store.add("notary", Scheme::Ed25519, &random_secret_uri()?, None)?;
		assert!(store.add("alice", Scheme::Ed25519, "//Bob", None).is_err(), "names are unique");
		assert!(store.add("two words", Scheme::Ed25519, "//Bob", None).is_err());
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			assert_eq!(std::fs::metadata(&path)?.permissions().mode() & 0o777, 0o600);
		}
		let reopened = Keystore::open(&path)?;
		assert_eq!(reopened.keys().len(), 2);
		assert_eq!(reopened.get("alice")?, &alice);
		// Alice's well-known sr25519 public key.
		assert_eq!(
			alice.public,
			"0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"
		);
		assert!(reopened.get("bob").is_err());
		Ok(())
	}

	#[test]
	fn a_readable_keystore_is_refused() -> Result<()> {
		let dir = tempfile::tempdir()?;
		let path = dir.path().join("keys.json");
		Keystore::open(&path)?.add("alice", Scheme::Sr25519, "//Alice", None)?;
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644))?;
			let refused = Keystore::open(&path).err().map(|e| e.to_string()).unwrap_or_default();
			assert!(refused.contains("readable by others"), "{refused}");
		}
		Ok(())
	}

	#[test]
	fn a_sealed_key_needs_its_password() -> Result<()> {
		let dir = tempfile::tempdir()?;
		let path = dir.path().join("keys.json");
		let mut store = Keystore::open(&path)?;
		let uri = random_secret_uri()?;
		let key = store.add("desk", Scheme::Ed25519, &uri, Some("correct horse"))?.clone();
		assert!(key.is_sealed());
		let text = std::fs::read_to_string(&path)?;
		assert!(!text.contains(&uri[2..]), "the secret is not in the file");
		assert_eq!(key.secret_uri(Some("correct horse"))?, uri);
		assert!(key.secret_uri(Some("wrong")).is_err());
		assert!(key.secret_uri(None).is_err());
		assert_eq!(key.key_pair(Some("correct horse"))?.public_hex(), key.public);
		Ok(())
	}
}
