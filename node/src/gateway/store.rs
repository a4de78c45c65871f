//! The gateway's durable store: an embedded redb database under the node's base path
//! (docs/gateway.md explains the choice).
//!
//! One write transaction per group of submissions: entries, their leaf hashes and every
//! complete Merkle subtree they close, and the drill-through index rows are written together and
//! made durable (fsync) before any of them is acknowledged, so an acknowledged entry survives a
//! crash and a crash never leaves a gap or a half-written leaf. Nothing is ever updated or
//! deleted except replay-protection nonces past their expiry.

use codec::{Decode, Encode};
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use std::path::Path;
use tds_primitives::{
	log::SignedLogEntry,
	merkle::{self, MerkleHash, Subtrees},
};

/// Entry bytes (SCALE [`SignedLogEntry`]) by leaf index.
const ENTRIES: TableDefinition<u64, &[u8]> = TableDefinition::new("entries");
/// When the gateway stored each entry (Unix ms), by leaf index.
const RECEIVED: TableDefinition<u64, u64> = TableDefinition::new("received");
/// Leaf index by leaf hash: duplicates are answered with the original.
const BY_HASH: TableDefinition<[u8; 32], u64> = TableDefinition::new("by_hash");
/// Complete subtree roots by (height, index); height 0 holds the leaf hashes.
const NODES: TableDefinition<(u32, u64), [u8; 32]> = TableDefinition::new("nodes");
/// Drill-through index rows: `tag ‖ value ‖ time (BE) ‖ leaf (BE)`, see [`IndexKey`].
const INDEX: TableDefinition<&[u8], ()> = TableDefinition::new("index");
/// Counters and settings: `size`, `stream`.
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// Query nonces already used, with their expiry (Unix ms).
const NONCES: TableDefinition<([u8; 32], [u8; 16]), u64> = TableDefinition::new("nonces");

/// An error of the database.
#[derive(Debug)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "gateway store: {}", self.0)
	}
}

impl std::error::Error for StoreError {}

impl<E: Into<redb::Error>> From<E> for StoreError {
	fn from(e: E) -> Self {
		StoreError(e.into().to_string())
	}
}

/// A checked entry ready to be stored.
#[derive(Clone, Debug)]
pub struct Prepared {
	/// The decoded entry.
	pub signed: SignedLogEntry,
	/// Its SCALE bytes (the Merkle leaf's preimage).
	pub bytes: Vec<u8>,
	/// `BLAKE3(0x00 ‖ bytes)`.
	pub leaf_hash: MerkleHash,
}

impl Prepared {
	/// Prepares `signed` for storage.
	pub fn new(signed: SignedLogEntry) -> Self {
		let bytes = signed.encode();
		let leaf_hash = merkle::leaf_hash(&bytes);
		Prepared { signed, bytes, leaf_hash }
	}
}

/// Where a stored entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stored {
	/// Its leaf index in the gateway's stream.
	pub leaf_index: u64,
	/// Its leaf hash.
	pub leaf_hash: MerkleHash,
	/// It had been stored before (this submission changed nothing).
	pub duplicate: bool,
}

/// A stored entry.
#[derive(Clone, Debug)]
pub struct StoredEntry {
	/// Leaf index.
	pub leaf_index: u64,
	/// SCALE bytes.
	pub bytes: Vec<u8>,
	/// Decoded.
	pub signed: SignedLogEntry,
	/// When the gateway stored it (Unix ms).
	pub received: u64,
}

/// The drill-through filters (SPEC §6): every given criterion must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
	/// Data item.
	pub catalog_entry: Option<tds_primitives::catalog::CatalogId>,
	/// Entry time from (inclusive, Unix ms).
	pub from: Option<u64>,
	/// Entry time to (inclusive, Unix ms).
	pub to: Option<u64>,
	/// Using subject.
	pub caller: Option<[u8; 32]>,
	/// Business scenario.
	pub scenario: Option<u32>,
	/// Agreement.
	pub agreement: Option<u64>,
	/// Submitting identity.
	pub identity: Option<[u8; 32]>,
}

impl Filter {
	fn matches(&self, entry: &tds_primitives::log::LogEntry) -> bool {
		self.from.is_none_or(|from| entry.time >= from)
			&& self.to.is_none_or(|to| entry.time <= to)
			&& self.catalog_entry.is_none_or(|c| entry.catalog_entry == Some(c))
			&& self.caller.is_none_or(|c| entry.caller.0 == c)
			&& self.scenario.is_none_or(|s| entry.scenario == Some(s))
			&& self.agreement.is_none_or(|a| entry.agreement == Some(a))
			&& self.identity.is_none_or(|i| entry.identity.0 == i)
	}

	/// The index that narrows the scan most: the most selective criterion given.
	fn index_prefix(&self) -> Vec<u8> {
		if let Some(agreement) = self.agreement {
			IndexKey::Agreement(agreement).prefix()
		} else if let Some(catalog) = self.catalog_entry {
			IndexKey::Catalog(catalog.space, catalog.number).prefix()
		} else if let Some(caller) = self.caller {
			IndexKey::Caller(caller).prefix()
		} else if let Some(identity) = self.identity {
			IndexKey::Identity(identity).prefix()
		} else if let Some(scenario) = self.scenario {
			IndexKey::Scenario(scenario).prefix()
		} else {
			IndexKey::Time.prefix()
		}
	}
}

/// One of the drill-through indexes.
enum IndexKey {
	Time,
	Caller([u8; 32]),
	Identity([u8; 32]),
	Catalog(u32, u32),
	Scenario(u32),
	Agreement(u64),
}

impl IndexKey {
	fn prefix(&self) -> Vec<u8> {
		let mut key = Vec::with_capacity(1 + 32 + 16);
		match self {
			IndexKey::Time => key.push(1),
			IndexKey::Caller(id) => {
				key.push(2);
				key.extend_from_slice(id);
			},
			IndexKey::Identity(id) => {
				key.push(3);
				key.extend_from_slice(id);
			},
			IndexKey::Catalog(space, number) => {
				key.push(4);
				key.extend_from_slice(&space.to_be_bytes());
				key.extend_from_slice(&number.to_be_bytes());
			},
			IndexKey::Scenario(scenario) => {
				key.push(5);
				key.extend_from_slice(&scenario.to_be_bytes());
			},
			IndexKey::Agreement(agreement) => {
				key.push(6);
				key.extend_from_slice(&agreement.to_be_bytes());
			},
		}
		key
	}

	fn keys_of(entry: &tds_primitives::log::LogEntry) -> Vec<Vec<u8>> {
		let mut keys = vec![
			IndexKey::Time.prefix(),
			IndexKey::Caller(entry.caller.0).prefix(),
			IndexKey::Identity(entry.identity.0).prefix(),
		];
		if let Some(c) = entry.catalog_entry {
			keys.push(IndexKey::Catalog(c.space, c.number).prefix());
		}
		if let Some(s) = entry.scenario {
			keys.push(IndexKey::Scenario(s).prefix());
		}
		if let Some(a) = entry.agreement {
			keys.push(IndexKey::Agreement(a).prefix());
		}
		keys
	}
}

fn with_position(mut prefix: Vec<u8>, time: u64, leaf: u64) -> Vec<u8> {
	prefix.extend_from_slice(&time.to_be_bytes());
	prefix.extend_from_slice(&leaf.to_be_bytes());
	prefix
}

/// Where a drill-through scan resumes: the position after the last one scanned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
	/// Entry time.
	pub time: u64,
	/// Leaf index.
	pub leaf: u64,
}

/// A page of drill-through results.
#[derive(Debug)]
pub struct Page {
	/// Matching entries in (time, leaf) order.
	pub entries: Vec<StoredEntry>,
	/// Where to resume, if the scan stopped before the end of the range.
	pub next: Option<Cursor>,
}

/// The gateway's database.
pub struct Store {
	db: Database,
}

impl Store {
	/// Opens (or creates) the store at `path`, recovering from any interrupted transaction.
	pub fn open(path: &Path) -> Result<Self, StoreError> {
		if let Some(parent) = path.parent() {
			std::fs::create_dir_all(parent).map_err(|e| StoreError(e.to_string()))?;
		}
		let db = Database::create(path)?;
		// Create every table so that readers never meet a missing one.
		let txn = db.begin_write()?;
		txn.open_table(ENTRIES)?;
		txn.open_table(RECEIVED)?;
		txn.open_table(BY_HASH)?;
		txn.open_table(NODES)?;
		txn.open_table(INDEX)?;
		txn.open_table(META)?;
		txn.open_table(NONCES)?;
		txn.commit()?;
		Ok(Store { db })
	}

	fn meta(&self, key: &str) -> Result<Option<u64>, StoreError> {
		let txn = self.db.begin_read()?;
		let table = txn.open_table(META)?;
		Ok(table.get(key)?.map(|v| v.value()))
	}

	/// Number of entries (the size of the gateway's Merkle log).
	pub fn size(&self) -> Result<u64, StoreError> {
		Ok(self.meta("size")?.unwrap_or(0))
	}

	/// The gateway's stream on chain, once known.
	pub fn stream(&self) -> Result<Option<u64>, StoreError> {
		self.meta("stream")
	}

	/// Records the gateway's stream.
	pub fn set_stream(&self, stream: u64) -> Result<(), StoreError> {
		let txn = self.db.begin_write()?;
		txn.open_table(META)?.insert("stream", stream)?;
		txn.commit()?;
		Ok(())
	}

	/// The usage reporter's progress: leaves below the first value are reported; the second
	/// is the end of the round in progress.
	pub fn usage_progress(&self) -> Result<(u64, Option<u64>), StoreError> {
		Ok((self.meta("usage_cursor")?.unwrap_or(0), self.meta("usage_round_end")?))
	}

	/// Starts a usage round ending at `end` (durably, before anything of it is submitted).
	pub fn begin_usage_round(&self, end: u64) -> Result<(), StoreError> {
		let txn = self.db.begin_write()?;
		txn.open_table(META)?.insert("usage_round_end", end)?;
		txn.commit()?;
		Ok(())
	}

	/// Closes the usage round ending at `end`: leaves below it are reported.
	pub fn finish_usage_round(&self, end: u64) -> Result<(), StoreError> {
		let txn = self.db.begin_write()?;
		{
			let mut meta = txn.open_table(META)?;
			meta.insert("usage_cursor", end)?;
			meta.remove("usage_round_end")?;
		}
		txn.commit()?;
		Ok(())
	}

	/// Calls `f` with each stored entry of leaf index in `[from, to)`, in order: its index,
	/// bytes and decoded form.
	pub fn for_each_entry(
		&self,
		from: u64,
		to: u64,
		mut f: impl FnMut(u64, &[u8], SignedLogEntry),
	) -> Result<(), StoreError> {
		let txn = self.db.begin_read()?;
		let bodies = txn.open_table(ENTRIES)?;
		for row in bodies.range(from..to)? {
			let (index, bytes) = row?;
			let (index, bytes) = (index.value(), bytes.value());
			let signed = SignedLogEntry::decode(&mut &bytes[..])
				.map_err(|e| StoreError(format!("entry {index} does not decode: {e}")))?;
			f(index, bytes, signed);
		}
		Ok(())
	}

	/// Stores `entries` in one durable transaction, in order, skipping those stored before.
	/// Returns where each one is. When this returns, every entry is on disk.
	pub fn append(&self, entries: &[Prepared], now: u64) -> Result<Vec<Stored>, StoreError> {
		let txn = self.db.begin_write()?;
		let mut stored = Vec::with_capacity(entries.len());
		{
			let mut meta = txn.open_table(META)?;
			let mut size = meta.get("size")?.map(|v| v.value()).unwrap_or(0);
			let mut bodies = txn.open_table(ENTRIES)?;
			let mut received = txn.open_table(RECEIVED)?;
			let mut by_hash = txn.open_table(BY_HASH)?;
			let mut nodes = txn.open_table(NODES)?;
			let mut index = txn.open_table(INDEX)?;
			for prepared in entries {
				if let Some(existing) = by_hash.get(prepared.leaf_hash)? {
					stored.push(Stored {
						leaf_index: existing.value(),
						leaf_hash: prepared.leaf_hash,
						duplicate: true,
					});
					continue;
				}
				let leaf_index = size;
				let closed = {
					let mut missing = None;
					let closed = merkle::closed_by_append(
						leaf_index,
						prepared.leaf_hash,
						|h, i| match nodes.get((h, i)) {
							Ok(node) => node.map(|n| n.value()),
							Err(e) => {
								missing = Some(e);
								None
							},
						},
					);
					if let Some(e) = missing {
						return Err(e.into());
					}
					closed.map_err(|e| StoreError(format!("log corrupt: {e}")))?
				};
				for (height, position, node) in closed {
					nodes.insert((height, position), node)?;
				}
				bodies.insert(leaf_index, prepared.bytes.as_slice())?;
				received.insert(leaf_index, now)?;
				by_hash.insert(prepared.leaf_hash, leaf_index)?;
				let time = prepared.signed.entry.time;
				for prefix in IndexKey::keys_of(&prepared.signed.entry) {
					index.insert(with_position(prefix, time, leaf_index).as_slice(), ())?;
				}
				size = size.saturating_add(1);
				stored.push(Stored { leaf_index, leaf_hash: prepared.leaf_hash, duplicate: false });
			}
			meta.insert("size", size)?;
		}
		txn.commit()?;
		Ok(stored)
	}

	/// The entry at `leaf_index`.
	pub fn entry(&self, leaf_index: u64) -> Result<Option<StoredEntry>, StoreError> {
		let txn = self.db.begin_read()?;
		let bodies = txn.open_table(ENTRIES)?;
		let received = txn.open_table(RECEIVED)?;
		Self::read_entry(&bodies, &received, leaf_index)
	}

	fn read_entry(
		bodies: &impl ReadableTable<u64, &'static [u8]>,
		received: &impl ReadableTable<u64, u64>,
		leaf_index: u64,
	) -> Result<Option<StoredEntry>, StoreError> {
		let Some(bytes) = bodies.get(leaf_index)? else { return Ok(None) };
		let bytes = bytes.value().to_vec();
		let signed = SignedLogEntry::decode(&mut bytes.as_slice())
			.map_err(|e| StoreError(format!("entry {leaf_index} does not decode: {e}")))?;
		let received = received.get(leaf_index)?.map(|v| v.value()).unwrap_or(0);
		Ok(Some(StoredEntry { leaf_index, bytes, signed, received }))
	}

	/// The leaf index of the entry with `leaf_hash`.
	pub fn index_of(&self, leaf_hash: &MerkleHash) -> Result<Option<u64>, StoreError> {
		let txn = self.db.begin_read()?;
		let table = txn.open_table(BY_HASH)?;
		Ok(table.get(*leaf_hash)?.map(|v| v.value()))
	}

	/// A consistent view of the Merkle log for proofs.
	pub fn tree(&self) -> Result<TreeView, StoreError> {
		let txn = self.db.begin_read()?;
		let size = txn.open_table(META)?.get("size")?.map(|v| v.value()).unwrap_or(0);
		Ok(TreeView { nodes: txn.open_table(NODES)?, size })
	}

	/// Drill-through: entries matching `filter` in (time, leaf) order, resuming after `cursor`,
	/// at most `limit` of them, scanning at most `max_scan` index rows.
	pub fn query(
		&self,
		filter: &Filter,
		cursor: Option<Cursor>,
		limit: usize,
		max_scan: usize,
	) -> Result<Page, StoreError> {
		let txn = self.db.begin_read()?;
		let index = txn.open_table(INDEX)?;
		let bodies = txn.open_table(ENTRIES)?;
		let received = txn.open_table(RECEIVED)?;
		let prefix = filter.index_prefix();
		let from = filter.from.unwrap_or(0);
		let start = match cursor {
			Some(c) if c.time >= from => with_position(prefix.clone(), c.time, c.leaf),
			_ => with_position(prefix.clone(), from, 0),
		};
		let end = with_position(prefix.clone(), filter.to.unwrap_or(u64::MAX), u64::MAX);
		let mut entries = Vec::new();
		let mut scanned = 0usize;
		for row in index.range(start.as_slice()..=end.as_slice())? {
			let (key, _) = row?;
			let key = key.value();
			let position = key.get(prefix.len()..).unwrap_or_default();
			let (Some(time), Some(leaf)) = (
				position.get(..8).and_then(|b| b.try_into().ok()).map(u64::from_be_bytes),
				position.get(8..16).and_then(|b| b.try_into().ok()).map(u64::from_be_bytes),
			) else {
				continue;
			};
			if scanned >= max_scan || entries.len() >= limit {
				return Ok(Page { entries, next: Some(Cursor { time, leaf }) });
			}
			scanned = scanned.saturating_add(1);
			let Some(entry) = Self::read_entry(&bodies, &received, leaf)? else { continue };
			if filter.matches(&entry.signed.entry) {
				entries.push(entry);
			}
		}
		Ok(Page { entries, next: None })
	}

	/// Records that `signer` used `nonce` until `expires`; `false` if it was used before.
	/// Expired nonces are dropped on the way.
	pub fn use_nonce(
		&self,
		signer: [u8; 32],
		nonce: [u8; 16],
		expires: u64,
		now: u64,
	) -> Result<bool, StoreError> {
		let txn = self.db.begin_write()?;
		let fresh = {
			let mut nonces = txn.open_table(NONCES)?;
			nonces.retain(|_, expiry| expiry > now)?;
			if nonces.get((signer, nonce))?.is_some() {
				false
			} else {
				nonces.insert((signer, nonce), expires)?;
				true
			}
		};
		txn.commit()?;
		Ok(fresh)
	}
}

/// A read-only snapshot of the gateway's Merkle log.
pub struct TreeView {
	nodes: redb::ReadOnlyTable<(u32, u64), [u8; 32]>,
	size: u64,
}

impl Subtrees for TreeView {
	fn size(&self) -> u64 {
		self.size
	}

	fn complete(&self, height: u32, index: u64) -> Option<MerkleHash> {
		match self.nodes.get((height, index)) {
			Ok(node) => node.map(|n| n.value()),
			Err(e) => {
				log::error!(target: "gateway", "reading the Merkle log: {e}");
				None
			},
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use tds_primitives::{
		catalog::CatalogId,
		identity::{Digest, IdentityId},
		log::{LogEntry, Outcome, LOG_ENTRY_VERSION},
		merkle::MerkleTree,
		notary::EventKind,
	};

	fn entry(n: u64) -> Prepared {
		Prepared::new(SignedLogEntry {
			entry: LogEntry {
				version: LOG_ENTRY_VERSION,
				identity: IdentityId::repeat_byte(u8::try_from(n % 2).unwrap_or(0)),
				caller: IdentityId::repeat_byte(u8::try_from(n % 3).unwrap_or(0)),
				time: 1_000 + n / 2,
				sequence: n,
				kind: EventKind::InterfaceCall,
				interface: b"credit/score".to_vec(),
				request_digest: Digest::zero(),
				volume: n,
				outcome: Outcome::Success,
				agreement: n.is_multiple_of(4).then_some(9),
				catalog_entry: Some(CatalogId {
					space: 1,
					number: u32::try_from(n % 5).unwrap_or(0),
				}),
				scenario: Some(3),
				fields: Vec::new(),
			},
			signer: [0; 32],
			signature: [0; 64],
		})
	}

	fn store() -> (tempfile::TempDir, Store) {
		let dir = tempfile::tempdir().expect("temp dir");
		let store = Store::open(&dir.path().join("gateway.redb")).expect("opens");
		(dir, store)
	}

	#[test]
	fn appended_entries_form_the_rfc_9162_tree_and_duplicates_keep_their_place() {
		let (_dir, store) = store();
		let batch: Vec<_> = (0..37).map(entry).collect();
		let stored = store.append(&batch[..20], 5).expect("append");
		assert_eq!(
			stored.iter().map(|s| s.leaf_index).collect::<Vec<_>>(),
			(0..20).collect::<Vec<_>>()
		);
		let again = store.append(&batch[10..], 6).expect("append");
		assert!(again[..10].iter().all(|s| s.duplicate));
		assert_eq!(again[10].leaf_index, 20);
		assert_eq!(store.size().expect("size"), 37);

		let reference = MerkleTree::from_leaves(batch.iter().map(|p| p.leaf_hash));
		let view = store.tree().expect("view");
		for size in [1, 2, 5, 16, 20, 37] {
			assert_eq!(merkle::root_at(&view, size), reference.root_at(size));
			for index in [0, size / 2, size - 1] {
				assert_eq!(
					merkle::inclusion_proof(&view, index, size),
					reference.inclusion_proof(index, size)
				);
			}
			assert_eq!(
				merkle::consistency_proof(&view, size / 3, size),
				reference.consistency_proof(size / 3, size)
			);
		}
		let stored = store.entry(20).expect("read").expect("present");
		assert_eq!(stored.bytes, batch[20].bytes);
		assert_eq!(stored.received, 6);
		assert_eq!(store.index_of(&batch[20].leaf_hash).expect("read"), Some(20));
	}

	#[test]
	fn the_store_survives_reopening() {
		let dir = tempfile::tempdir().expect("temp dir");
		let path = dir.path().join("gateway.redb");
		{
			let store = Store::open(&path).expect("opens");
			store.append(&(0..5).map(entry).collect::<Vec<_>>(), 1).expect("append");
			store.set_stream(3).expect("stream");
		}
		let store = Store::open(&path).expect("reopens");
		assert_eq!(store.size().expect("size"), 5);
		assert_eq!(store.stream().expect("stream"), Some(3));
		let stored = store.append(&[entry(5)], 2).expect("append");
		assert_eq!(stored[0].leaf_index, 5);
	}

	#[test]
	fn drill_through_filters_and_pages() {
		let (_dir, store) = store();
		let batch: Vec<_> = (0..100).map(entry).collect();
		store.append(&batch, 1).expect("append");
		let expected = |filter: &Filter| -> Vec<u64> {
			batch
				.iter()
				.enumerate()
				.filter(|(_, p)| filter.matches(&p.signed.entry))
				.map(|(i, _)| u64::try_from(i).unwrap_or(0))
				.collect()
		};
		let filters = [
			Filter::default(),
			Filter { agreement: Some(9), ..Default::default() },
			Filter { catalog_entry: Some(CatalogId { space: 1, number: 2 }), ..Default::default() },
			Filter {
				caller: Some([1; 32]),
				from: Some(1_010),
				to: Some(1_030),
				..Default::default()
			},
			Filter { scenario: Some(3), identity: Some([0; 32]), ..Default::default() },
			Filter { scenario: Some(4), ..Default::default() },
		];
		for filter in filters {
			// Page through with small pages and a small scan budget.
			let mut got = Vec::new();
			let mut cursor = None;
			for _ in 0..1_000 {
				let page = store.query(&filter, cursor, 7, 11).expect("query");
				got.extend(page.entries.iter().map(|e| e.leaf_index));
				match page.next {
					Some(next) => cursor = Some(next),
					None => break,
				}
			}
			assert_eq!(got, expected(&filter), "{filter:?}");
		}
	}

	#[test]
	fn a_nonce_is_used_once_until_it_expires() {
		let (_dir, store) = store();
		assert!(store.use_nonce([1; 32], [2; 16], 100, 10).expect("nonce"));
		assert!(!store.use_nonce([1; 32], [2; 16], 100, 50).expect("nonce"));
		assert!(store.use_nonce([9; 32], [2; 16], 100, 50).expect("nonce"), "per signer");
		assert!(store.use_nonce([1; 32], [2; 16], 300, 200).expect("nonce"), "expired");
	}
}
