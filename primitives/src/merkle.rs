//! Append-only Merkle logs: the RFC 9162 (Certificate Transparency v2) tree with BLAKE3-256 in
//! place of SHA-256 (SPEC §7, normative).
//!
//! - leaf hash = BLAKE3(`0x00` ‖ entry bytes); interior node = BLAKE3(`0x01` ‖ left ‖ right); the
//!   root of the empty tree is BLAKE3 of the empty string;
//! - the tree over `n > 1` leaves splits at `k`, the largest power of two smaller than `n`
//!   (RFC 9162 §2.1.1);
//! - inclusion and consistency proofs are generated and verified exactly as RFC 9162 §2.1.3 and
//!   §2.1.4 describe.
//!
//! [`Frontier`] keeps only the roots of the complete subtrees covering the log (at most 64
//! hashes) and gives the root after every append without rehashing; it is what a writer keeps.
//! [`MerkleTree`] keeps every complete subtree (two hashes per leaf) and generates proofs for any
//! earlier tree size in `O(log² n)` hashes; it is what a log server keeps. The verification
//! functions are what the runtime and offline verifiers run: they need nothing but the proof.
//!
//! Runtime code: no panics, no indexing, no unchecked arithmetic.

use alloc::vec::Vec;

/// A node of the tree: 32 bytes of BLAKE3-256.
pub type MerkleHash = [u8; 32];

/// Domain separation of leaf hashes (RFC 9162 §2.1.1).
pub const LEAF_PREFIX: u8 = 0x00;

/// Domain separation of interior nodes (RFC 9162 §2.1.1).
pub const NODE_PREFIX: u8 = 0x01;

/// Longest inclusion or consistency proof of a tree with fewer than 2^63 leaves: what a
/// verifier needs to accept (inclusion proofs have at most `⌈log₂ n⌉` hashes, consistency proofs
/// at most `⌈log₂ n⌉ + 1`).
pub const MAX_PROOF_LENGTH: u32 = 64;

/// Why a proof does not verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProofError {
	/// The leaf index is not below the tree size.
	IndexOutOfRange,
	/// The first tree is larger than the second.
	SizesOutOfOrder,
	/// The proof has more or fewer hashes than the sizes require.
	WrongLength,
	/// The recomputed root differs from the expected one.
	RootMismatch,
}

impl core::fmt::Display for ProofError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str(match self {
			ProofError::IndexOutOfRange => "the leaf index or tree size is out of range",
			ProofError::SizesOutOfOrder => "the first tree is larger than the second",
			ProofError::WrongLength => "the proof has the wrong number of hashes",
			ProofError::RootMismatch => "the proof leads to another root",
		})
	}
}

impl core::error::Error for ProofError {}

/// BLAKE3 of the empty string: the root of the tree with no leaves.
pub fn empty_root() -> MerkleHash {
	*blake3::hash(&[]).as_bytes()
}

/// BLAKE3(`0x00` ‖ `entry`).
pub fn leaf_hash(entry: &[u8]) -> MerkleHash {
	let mut hasher = blake3::Hasher::new();
	hasher.update(&[LEAF_PREFIX]);
	hasher.update(entry);
	*hasher.finalize().as_bytes()
}

/// BLAKE3(`0x01` ‖ `left` ‖ `right`).
pub fn node_hash(left: &MerkleHash, right: &MerkleHash) -> MerkleHash {
	let mut input = [0u8; 65];
	let (prefix, children) = input.split_at_mut(1);
	let (l, r) = children.split_at_mut(32);
	prefix.copy_from_slice(&[NODE_PREFIX]);
	l.copy_from_slice(left);
	r.copy_from_slice(right);
	*blake3::hash(&input).as_bytes()
}

/// The largest power of two smaller than `n`, for `n > 1` (RFC 9162's split point `k`).
pub fn split_point(n: u64) -> u64 {
	match n {
		0 | 1 => 0,
		// Above 2^63 the next power of two does not fit: the split is then 2^63 itself.
		n => n.checked_next_power_of_two().map_or(1 << 63, |power| power / 2),
	}
}

/// Number of hashes in the inclusion proof of leaf `index` in a tree of `size` leaves.
pub fn inclusion_proof_length(index: u64, size: u64) -> Result<u32, ProofError> {
	if index >= size {
		return Err(ProofError::IndexOutOfRange);
	}
	// One hash per level above the leaf: the levels where the path has a sibling.
	let (mut index, mut last, mut length) = (index, size.saturating_sub(1), 0u32);
	while last > 0 {
		if index % 2 == 1 || index < last {
			length = length.saturating_add(1);
		}
		index /= 2;
		last /= 2;
	}
	Ok(length)
}

/// Number of hashes in the consistency proof from a tree of `old` leaves to one of `new`.
pub fn consistency_proof_length(old: u64, new: u64) -> Result<u32, ProofError> {
	if old > new {
		return Err(ProofError::SizesOutOfOrder);
	}
	if old == 0 || old == new {
		return Ok(0);
	}
	// SUBPROOF(m, D[n], b): one hash per level of descent, plus MTH(D[m]) when the descent ends
	// on a subtree other than the old tree itself.
	let (mut m, mut n, mut complete, mut length) = (old, new, true, 0u32);
	while m != n {
		let k = split_point(n);
		if m <= k {
			n = k;
		} else {
			m = m.saturating_sub(k);
			n = n.saturating_sub(k);
			complete = false;
		}
		length = length.saturating_add(1);
	}
	if !complete {
		length = length.saturating_add(1);
	}
	Ok(length)
}

/// The root of the tree that an inclusion proof of `leaf` (a leaf hash) at `index` in a tree
/// of `size` leaves implies (RFC 9162 §2.1.3.2).
pub fn root_from_inclusion_proof(
	index: u64,
	size: u64,
	leaf: &MerkleHash,
	proof: &[MerkleHash],
) -> Result<MerkleHash, ProofError> {
	if index >= size {
		return Err(ProofError::IndexOutOfRange);
	}
	let (mut fnode, mut snode) = (index, size.saturating_sub(1));
	let mut r = *leaf;
	for p in proof {
		if snode == 0 {
			return Err(ProofError::WrongLength);
		}
		if fnode % 2 == 1 || fnode == snode {
			r = node_hash(p, &r);
			while fnode % 2 == 0 && fnode != 0 {
				fnode >>= 1;
				snode >>= 1;
			}
		} else {
			r = node_hash(&r, p);
		}
		fnode >>= 1;
		snode >>= 1;
	}
	if snode != 0 {
		return Err(ProofError::WrongLength);
	}
	Ok(r)
}

/// Verifies that `leaf` (a leaf hash) is at `index` in the tree of `size` leaves whose root is
/// `root` (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
	index: u64,
	size: u64,
	leaf: &MerkleHash,
	proof: &[MerkleHash],
	root: &MerkleHash,
) -> Result<(), ProofError> {
	let computed = root_from_inclusion_proof(index, size, leaf, proof)?;
	if &computed == root {
		Ok(())
	} else {
		Err(ProofError::RootMismatch)
	}
}

/// Verifies that the tree of `new` leaves with root `new_root` extends the tree of `old` leaves
/// with root `old_root` (RFC 9162 §2.1.4.2). Every tree extends the empty one and a tree extends
/// itself: for `old == 0`, and for `old == new` with equal roots, the proof must be empty.
pub fn verify_consistency(
	old: u64,
	new: u64,
	old_root: &MerkleHash,
	new_root: &MerkleHash,
	proof: &[MerkleHash],
) -> Result<(), ProofError> {
	if old > new {
		return Err(ProofError::SizesOutOfOrder);
	}
	if old == 0 || old == new {
		if !proof.is_empty() {
			return Err(ProofError::WrongLength);
		}
		if old == new && old_root != new_root {
			return Err(ProofError::RootMismatch);
		}
		return Ok(());
	}
	let (first, second) = roots_from_consistency_proof(old, new, old_root, proof)?;
	if &first != old_root || &second != new_root {
		return Err(ProofError::RootMismatch);
	}
	Ok(())
}

/// The two roots, of the tree of `old` leaves and of the tree of `new` leaves, that a
/// consistency proof implies (the iteration of RFC 9162 §2.1.4.2), for `0 < old < new`. When
/// `old` is a power of two the old tree is a complete subtree, which the proof leaves out: its
/// root is then taken from `old_root`, and returned unchanged.
pub fn roots_from_consistency_proof(
	old: u64,
	new: u64,
	old_root: &MerkleHash,
	proof: &[MerkleHash],
) -> Result<(MerkleHash, MerkleHash), ProofError> {
	if old == 0 || old >= new {
		return Err(ProofError::SizesOutOfOrder);
	}
	let (first, rest) = proof.split_first().ok_or(ProofError::WrongLength)?;
	let (seed, path) = if old.is_power_of_two() { (old_root, proof) } else { (first, rest) };
	let (mut fnode, mut snode) = (old.saturating_sub(1), new.saturating_sub(1));
	while fnode % 2 == 1 {
		fnode >>= 1;
		snode >>= 1;
	}
	let (mut fr, mut sr) = (*seed, *seed);
	for c in path {
		if snode == 0 {
			return Err(ProofError::WrongLength);
		}
		if fnode % 2 == 1 || fnode == snode {
			fr = node_hash(c, &fr);
			sr = node_hash(c, &sr);
			while fnode % 2 == 0 && fnode != 0 {
				fnode >>= 1;
				snode >>= 1;
			}
		} else {
			sr = node_hash(&sr, c);
		}
		fnode >>= 1;
		snode >>= 1;
	}
	if snode != 0 {
		return Err(ProofError::WrongLength);
	}
	Ok((fr, sr))
}

/// The roots of the complete subtrees that cover a log, largest first: enough to append and to
/// compute the root, in `O(log n)` memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frontier {
	size: u64,
	/// One root per set bit of `size`, from the most significant bit down.
	peaks: Vec<MerkleHash>,
}

impl Frontier {
	/// The frontier of the empty log.
	pub fn new() -> Self {
		Self::default()
	}

	/// Number of leaves.
	pub fn size(&self) -> u64 {
		self.size
	}

	/// The roots of the complete subtrees, largest first.
	pub fn peaks(&self) -> &[MerkleHash] {
		&self.peaks
	}

	/// Rebuilds a frontier from its size and peaks, if they match.
	pub fn from_parts(size: u64, peaks: Vec<MerkleHash>) -> Option<Self> {
		(usize::try_from(size.count_ones()).ok() == Some(peaks.len()))
			.then_some(Frontier { size, peaks })
	}

	/// Appends a leaf hash. Fails only when the log already has 2^64 - 1 leaves.
	pub fn push(&mut self, leaf: MerkleHash) -> Result<(), ProofError> {
		let size = self.size.checked_add(1).ok_or(ProofError::IndexOutOfRange)?;
		let mut node = leaf;
		// Every trailing one bit of the old size is a complete subtree that the new leaf
		// completes into one twice as large.
		for _ in 0..self.size.trailing_ones() {
			let left = self.peaks.pop().ok_or(ProofError::WrongLength)?;
			node = node_hash(&left, &node);
		}
		self.peaks.push(node);
		self.size = size;
		Ok(())
	}

	/// The root of the log.
	pub fn root(&self) -> MerkleHash {
		let mut peaks = self.peaks.iter().rev();
		let Some(last) = peaks.next() else { return empty_root() };
		peaks.fold(*last, |acc, peak| node_hash(peak, &acc))
	}
}

/// Where complete subtrees are kept: the in-memory [`MerkleTree`], or a log server's database.
/// Proof generation ([`inclusion_proof`], [`consistency_proof`], [`root_at`]) needs nothing
/// else.
pub trait Subtrees {
	/// Number of leaves.
	fn size(&self) -> u64;

	/// The root of the complete subtree over leaves `index·2^height .. (index+1)·2^height`, if
	/// the log has all of them.
	fn complete(&self, height: u32, index: u64) -> Option<MerkleHash>;
}

/// MTH(D[start .. start + len]) for a subtree that appears in RFC 9162's recursion (its
/// complete parts are aligned).
fn subtree_root<S: Subtrees + ?Sized>(store: &S, start: u64, len: u64) -> Option<MerkleHash> {
	if len == 0 {
		return Some(empty_root());
	}
	if len.is_power_of_two() {
		let height = len.trailing_zeros();
		return store.complete(height, start >> height);
	}
	let k = split_point(len);
	let left = subtree_root(store, start, k)?;
	let right = subtree_root(store, start.checked_add(k)?, len.saturating_sub(k))?;
	Some(node_hash(&left, &right))
}

/// The root of the log when it had `size` leaves.
pub fn root_at<S: Subtrees + ?Sized>(store: &S, size: u64) -> Option<MerkleHash> {
	(size <= store.size()).then(|| subtree_root(store, 0, size)).flatten()
}

/// The inclusion proof of leaf `index` in the tree of the first `size` leaves (RFC 9162
/// §2.1.3.1, PATH(m, D\[n\])).
pub fn inclusion_proof<S: Subtrees + ?Sized>(
	store: &S,
	index: u64,
	size: u64,
) -> Result<Vec<MerkleHash>, ProofError> {
	if index >= size || size > store.size() {
		return Err(ProofError::IndexOutOfRange);
	}
	let mut proof = Vec::new();
	let (mut m, mut start, mut n) = (index, 0u64, size);
	// Descend from the root, collecting the sibling subtree at every split; RFC 9162 lists
	// the siblings from the leaf up, so the collected hashes are reversed at the end.
	while n > 1 {
		let k = split_point(n);
		let sibling = if m < k {
			let right = subtree_root(store, start.saturating_add(k), n.saturating_sub(k));
			n = k;
			right
		} else {
			let left = subtree_root(store, start, k);
			m = m.saturating_sub(k);
			start = start.saturating_add(k);
			n = n.saturating_sub(k);
			left
		};
		proof.push(sibling.ok_or(ProofError::IndexOutOfRange)?);
	}
	proof.reverse();
	Ok(proof)
}

/// The consistency proof from the tree of the first `old` leaves to the tree of the first
/// `new` leaves (RFC 9162 §2.1.4.1, PROOF(m, D\[n\])). Empty for `old == 0` or `old == new`.
pub fn consistency_proof<S: Subtrees + ?Sized>(
	store: &S,
	old: u64,
	new: u64,
) -> Result<Vec<MerkleHash>, ProofError> {
	if old > new {
		return Err(ProofError::SizesOutOfOrder);
	}
	if new > store.size() {
		return Err(ProofError::IndexOutOfRange);
	}
	if old == 0 || old == new {
		return Ok(Vec::new());
	}
	let mut proof = Vec::new();
	let (mut m, mut start, mut n, mut complete) = (old, 0u64, new, true);
	while m != n {
		let k = split_point(n);
		let sibling = if m <= k {
			let right = subtree_root(store, start.saturating_add(k), n.saturating_sub(k));
			n = k;
			right
		} else {
			let left = subtree_root(store, start, k);
			m = m.saturating_sub(k);
			start = start.saturating_add(k);
			n = n.saturating_sub(k);
			complete = false;
			left
		};
		proof.push(sibling.ok_or(ProofError::IndexOutOfRange)?);
	}
	// SUBPROOF(m, D[m], false) = {MTH(D[m])}: the subtree the descent ended on.
	if !complete {
		proof.push(subtree_root(store, start, m).ok_or(ProofError::IndexOutOfRange)?);
	}
	proof.reverse();
	Ok(proof)
}

/// The complete subtrees that appending leaf number `size` (0-based) to a log of `size`
/// leaves closes, from the leaf itself up: `(height, index, root)`. `left(height, index)` gives
/// the existing left siblings. A log server stores exactly these after each append.
pub fn closed_by_append(
	size: u64,
	leaf: MerkleHash,
	mut left: impl FnMut(u32, u64) -> Option<MerkleHash>,
) -> Result<Vec<(u32, u64, MerkleHash)>, ProofError> {
	let mut closed = Vec::with_capacity(
		1usize.saturating_add(usize::try_from(size.trailing_ones()).unwrap_or(0)),
	);
	let (mut height, mut index, mut node) = (0u32, size, leaf);
	closed.push((height, index, node));
	// A node at an odd position completes a pair: its parent is complete too.
	while index % 2 == 1 {
		let sibling = left(height, index.saturating_sub(1)).ok_or(ProofError::IndexOutOfRange)?;
		node = node_hash(&sibling, &node);
		height = height.saturating_add(1);
		index /= 2;
		closed.push((height, index, node));
	}
	Ok(closed)
}

/// A log with every complete subtree kept in memory, so that inclusion and consistency proofs
/// can be generated for any tree size up to the current one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MerkleTree {
	/// `levels[h][i]` is the root of the complete subtree over leaves `i·2^h .. (i+1)·2^h`.
	levels: Vec<Vec<MerkleHash>>,
}

impl Subtrees for MerkleTree {
	fn size(&self) -> u64 {
		MerkleTree::size(self)
	}

	fn complete(&self, height: u32, index: u64) -> Option<MerkleHash> {
		let level = self.levels.get(usize::try_from(height).ok()?)?;
		level.get(usize::try_from(index).ok()?).copied()
	}
}

impl MerkleTree {
	/// The empty log.
	pub fn new() -> Self {
		Self::default()
	}

	/// A log of these leaf hashes.
	pub fn from_leaves(leaves: impl IntoIterator<Item = MerkleHash>) -> Self {
		let mut tree = Self::new();
		for leaf in leaves {
			tree.push(leaf);
		}
		tree
	}

	/// Number of leaves.
	pub fn size(&self) -> u64 {
		self.levels
			.first()
			.map_or(0, |leaves| u64::try_from(leaves.len()).unwrap_or(u64::MAX))
	}

	/// The leaf hash at `index`.
	pub fn leaf(&self, index: u64) -> Option<MerkleHash> {
		self.complete(0, index)
	}

	/// Appends a leaf hash, completing every subtree it closes.
	pub fn push(&mut self, leaf: MerkleHash) {
		let Ok(closed) = closed_by_append(self.size(), leaf, |h, i| self.complete(h, i)) else {
			return;
		};
		for (height, _, node) in closed {
			let Ok(height) = usize::try_from(height) else { return };
			if self.levels.len() <= height {
				self.levels.push(Vec::new());
			}
			if let Some(level) = self.levels.get_mut(height) {
				level.push(node);
			}
		}
	}

	/// The root of the log.
	pub fn root(&self) -> MerkleHash {
		self.root_at(self.size()).unwrap_or_else(empty_root)
	}

	/// The root of the log when it had `size` leaves.
	pub fn root_at(&self, size: u64) -> Option<MerkleHash> {
		root_at(self, size)
	}

	/// The inclusion proof of leaf `index` in the tree of the first `size` leaves.
	pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<MerkleHash>, ProofError> {
		inclusion_proof(self, index, size)
	}

	/// The consistency proof from the tree of the first `old` leaves to the first `new`.
	pub fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<MerkleHash>, ProofError> {
		consistency_proof(self, old, new)
	}
}

#[cfg(test)]
mod tests;
