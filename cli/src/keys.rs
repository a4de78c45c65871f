//! `tds key`: the local keystore.

use crate::{output, Global};
use anyhow::{bail, Result};
use clap::Subcommand;
use serde_json::json;
use tds_client::{
	keystore::{random_secret_uri, Keystore, StoredKey},
	KeyPair, Scheme,
};

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
	/// Generate a key with a random seed.
	Generate {
		/// Its name.
		name: String,
		/// `sr25519` (accounts of people and organisations) or `ed25519` (notary, connector
		/// and log-signing keys).
		#[arg(long, default_value = "sr25519")]
		scheme: Scheme,
		/// Seal its secret with a password (asked, or `--password`).
		#[arg(long)]
		protect: bool,
	},
	/// Import a key from its secret URI (a `0x` seed or a phrase, with any derivation path).
	Import {
		/// Its name.
		name: String,
		/// The secret URI; `-` reads it from standard input.
		#[arg(long)]
		suri: String,
		/// `sr25519` or `ed25519`.
		#[arg(long, default_value = "sr25519")]
		scheme: Scheme,
		/// Seal its secret with a password.
		#[arg(long)]
		protect: bool,
	},
	/// List the keys.
	List,
	/// Show a key's public key and address.
	Show {
		/// Its name.
		name: String,
		/// Print the secret URI too.
		#[arg(long)]
		secret: bool,
	},
}

/// The password for sealing or opening: `--password`, else asked on the terminal.
pub fn password(global: &Global, prompt: &str) -> Result<String> {
	if let Some(password) = &global.password {
		return Ok(password.clone());
	}
	Ok(rpassword::prompt_password(prompt)?)
}

/// The key pair called `name`, opened with the password if it is sealed.
pub fn key_pair(global: &Global, name: &str) -> Result<KeyPair> {
	let store = Keystore::open(&global.keystore_path())?;
	let key = store.get(name)?;
	let password = if key.is_sealed() {
		Some(password(global, &format!("password of {name}: "))?)
	} else {
		None
	};
	key.key_pair(password.as_deref())
}

fn describe(key: &StoredKey) -> serde_json::Value {
	let account = tds_client::signer::address_of(&key.public).unwrap_or_default();
	json!({
		"name": key.name,
		"scheme": key.scheme.to_string(),
		"public": key.public,
		"address": account,
		"protected": key.is_sealed(),
	})
}

fn add(global: &Global, name: &str, scheme: Scheme, uri: &str, protect: bool) -> Result<()> {
	let password = if protect {
		let first = password(global, "password: ")?;
		if global.password.is_none() && rpassword::prompt_password("again: ")? != first {
			bail!("the passwords differ");
		}
		Some(first)
	} else {
		None
	};
	let mut store = Keystore::open(&global.keystore_path())?;
	let key = store.add(name, scheme, uri, password.as_deref())?;
	let value = describe(key);
	output::fields(
		global.json,
		&value,
		&[
			("name", key.name.clone()),
			("scheme", key.scheme.to_string()),
			("public", key.public.clone()),
			("address", value["address"].as_str().unwrap_or_default().to_owned()),
			("keystore", store.path().display().to_string()),
		],
	);
	Ok(())
}

pub fn run(global: &Global, command: KeyCommand) -> Result<()> {
	match command {
		KeyCommand::Generate { name, scheme, protect } => {
			add(global, &name, scheme, &random_secret_uri()?, protect)
		},
		KeyCommand::Import { name, suri, scheme, protect } => {
			let suri = if suri == "-" {
				let mut line = String::new();
				std::io::stdin().read_line(&mut line)?;
				line.trim().to_owned()
			} else {
				suri
			};
			add(global, &name, scheme, &suri, protect)
		},
		KeyCommand::List => {
			let store = Keystore::open(&global.keystore_path())?;
			let keys: Vec<serde_json::Value> = store.keys().iter().map(describe).collect();
			let rows: Vec<Vec<String>> = keys
				.iter()
				.map(|key| {
					["name", "scheme", "address", "protected"]
						.iter()
						.map(|field| match &key[*field] {
							serde_json::Value::String(text) => text.clone(),
							other => other.to_string(),
						})
						.collect()
				})
				.collect();
			output::print(
				global.json,
				&json!(keys),
				&["name", "scheme", "address", "protected"],
				&rows,
			);
			Ok(())
		},
		KeyCommand::Show { name, secret } => {
			let store = Keystore::open(&global.keystore_path())?;
			let key = store.get(&name)?;
			let mut value = describe(key);
			let mut pairs = vec![
				("name", key.name.clone()),
				("scheme", key.scheme.to_string()),
				("public", key.public.clone()),
				("address", value["address"].as_str().unwrap_or_default().to_owned()),
			];
			if secret {
				let password = if key.is_sealed() {
					Some(password(global, &format!("password of {name}: "))?)
				} else {
					None
				};
				let uri = key.secret_uri(password.as_deref())?;
				value["secretUri"] = json!(uri);
				pairs.push(("secret URI", uri));
			}
			output::fields(global.json, &value, &pairs);
			Ok(())
		},
	}
}
