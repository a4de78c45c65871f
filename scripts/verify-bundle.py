#!/usr/bin/env python3
"""Independent verifier of TDS Ledger evidence bundles, version 1.

Written only from docs/evidence-bundle.md ("the document"); section numbers (§n) below refer to it.

    python3 scripts/verify-bundle.py BUNDLE.json --trusted-set TRUST.json [--document FILE]
    python3 scripts/verify-bundle.py --self-test

Prints one line per check of §10 (`ok <check> <detail>`, `FAILED <check> <reason>` or
`skipped <check> <reason>`), then VERIFIED (exit 0) or REJECTED (exit 1). Exit 2: unreadable input.

Requires Python 3.11 and the pip packages blake3, xxhash, cryptography.

The revised document settles what earlier versions of this script had to assume (hex in
either case, optional null fields, unknown and repeated names, integer ranges, canonical Compact,
Option and enum tags, the trie rules, strict Ed25519, GRANDPA counting, set-change rules). Where
it is still silent or ambiguous, this verifier assumes (labels are cited in the code):
  A1  Reporting of errors (§2, §11 say "is an error", not how): a bundle file that cannot be
      read, is not UTF-8 or is not JSON (NaN/Infinity, a BOM, an integer of more than 4300
      digits) exits 2; a JSON bundle that breaks §2 (missing, unknown or repeated field, wrong
      type, bad hex, wrong length) is `FAILED format`, exit 1. Any error in the trusted-set file
      exits 2. JSON string escapes are decoded before anything is compared.
  A2  Hex (§1): "either case" is taken to apply to the digits; the prefix must be "0x" ("0X" is
      rejected); one string may mix cases.
  A3  JSON integers (§1, §2): "-0" is rejected (it is written with a sign). Every integer field
      must fit the width of its binary encoding and is rejected under `format` otherwise: u32
      for anchor.index, anchor.block, record.block, state.blockNumber; u64 for everything else
      (stream, leafIndex, anchor.size, the timestamps, agreement, sequence, every setId). The
      document gives widths for stream and leafIndex only; the others follow §5, §6, §8, §9.
  A4  record.kind and record.catalogEntry (§2.1 "compared as a string") must be JSON strings (or
      null / absent for catalogEntry); their content is checked only by comparison with the
      proven value, so a malformed URN or unknown kind name fails `record`, not `format`. A left
      out nullable field reads as null, so leaving out a field the chain has fails `record`.
  A5  FRNK items (§9): later ScheduledChange items of a change header are not decoded (a
      malformed second one is ignored); the counted one must be consumed exactly (the document
      does not say "decodes" for consensus-log data); an item with no variant byte, or variant 0
      or 6 and above, is an error (§1 unknown enum index); a ForcedChange rejects wherever it
      stands in the header, without its fields being decoded. FRNK items are examined only in
      set-change headers, not in B's, ancestry or votesAncestries headers.
  A6  An announced set that is empty, or gives a key weight 0 (after "last weight wins"), is
      rejected. The total weight is computed exactly (no u64 overflow limit). Announced and
      trusted keys are not checked as curve points (a bad key simply cannot sign, §8 step 2).
  A7  Trie (§7): a branch with an empty bitmap (with or without a value), or with one child and
      no value, is accepted; proof items are decoded only when a lookup reaches them, so
      unused, repeated or malformed unreached items are tolerated; the partial-key length has no
      upper bound; a 32-byte child reference whose proof item is shorter than 32 bytes (it
      "should" have been embedded) is accepted.
  A8  Set changes (§10 step 7): each change justification must target the change header's
      number as well as its hash (step 7 names only the hash); change blocks must have strictly
      increasing numbers; entries with an id below the trusted set's are ignored wherever they
      appear in the list, not only as a leading run. Ignored entries must still satisfy §2 as
      JSON, but their bytes are not decoded. "The last change's block number" (step 8) is the
      last change header's number.
  A9  Trusted-set file (§11): a setId listed twice, a set with no authorities or with a key
      listed twice, and an empty `sets` list are errors.
  A10 Ed25519 (§8 step 2): RFC 8032 §5.1.7 allows the cofactored or the cofactorless group
      equation; this verifier uses OpenSSL's cofactorless check (as ed25519-dalek's strict
      verification does). Keys and R of mixed order (a torsion component, but not small order)
      are accepted, as the document only excludes small order.
  A11 Step 6 for a notarised event without --document prints `ok document not given` (the
      document says the check applies "if a document is given"; `skipped` would reject here);
      --document with a log-entry bundle is ignored with a note.
  A12 Step dependencies (§10 "skips a step whose inputs a failed step should have provided"):
      header, set-changes and inclusion/document need only format (inclusion uses the bundle's
      own anchor fields, which step 5 checks against the chain); state-proof needs header;
      chain and anchor/record need state-proof; finality needs header and set-changes. A
      skipped step counts as not passed (it only follows a failure, so the verdict is the same).
"""

import argparse
import hashlib
import json
import re
import sys

import blake3
import xxhash
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Fail(Exception):
    """A check failed; the message is the reason."""


class Unreadable(Exception):
    """Input that cannot be read at all (exit 2)."""


# ---------------------------------------------------------------------------------------------
# §1 Hash functions
# ---------------------------------------------------------------------------------------------

def blake3_256(data: bytes) -> bytes:
    return blake3.blake3(data).digest()  # 32-byte output by default


def blake2b_256(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


def blake2b_128(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def twox64(data: bytes) -> bytes:
    return xxhash.xxh64(data, seed=0).intdigest().to_bytes(8, "little")


def twox128(data: bytes) -> bytes:
    return twox64(data) + xxhash.xxh64(data, seed=1).intdigest().to_bytes(8, "little")


def u32le(n: int) -> bytes:
    return n.to_bytes(4, "little")


def u64le(n: int) -> bytes:
    return n.to_bytes(8, "little")


def hx(b: bytes) -> str:
    return "0x" + b.hex()


def short(b: bytes) -> str:
    return "0x" + b.hex()[:16] + "…"


# ---------------------------------------------------------------------------------------------
# §1 SCALE decoding
# ---------------------------------------------------------------------------------------------

class Reader:
    """Sequential SCALE reader over a byte string; every error raises Fail."""

    def __init__(self, data: bytes, what: str):
        self.data, self.pos, self.what = data, 0, what

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise Fail(f"{self.what}: truncated at byte {self.pos} (wanted {n} more)")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def u8(self) -> int:
        return self.take(1)[0]

    def uint(self, size: int) -> int:
        return int.from_bytes(self.take(size), "little")

    def u32(self) -> int:
        return self.uint(4)

    def u64(self) -> int:
        return self.uint(8)

    def compact(self, max_bits: int | None = None) -> int:
        """Compact(n), §1: decoding is strict, only the shortest form is accepted."""
        b0 = self.data[self.pos] if self.pos < len(self.data) else None
        if b0 is None:
            raise Fail(f"{self.what}: truncated compact integer at byte {self.pos}")
        mode = b0 & 0b11
        if mode == 0:
            n = self.u8() >> 2
        elif mode == 1:
            n = self.uint(2) >> 2
            if n < 1 << 6:
                raise Fail(f"{self.what}: non-canonical compact integer")
        elif mode == 2:
            n = self.uint(4) >> 2
            if n < 1 << 14:
                raise Fail(f"{self.what}: non-canonical compact integer")
        else:
            k = (self.u8() >> 2) + 4
            n = self.uint(k)
            if n < 1 << 30 or (k > 4 and n < 1 << (8 * (k - 1))):
                raise Fail(f"{self.what}: non-canonical compact integer")
        if max_bits is not None and n >= 1 << max_bits:
            raise Fail(f"{self.what}: compact integer {n} exceeds u{max_bits}")
        return n

    def length(self) -> int:
        """A Vec / byte-string length: Compact(length), a u32 (§1)."""
        return self.compact(32)

    def byte_string(self) -> bytes:
        return self.take(self.length())

    def option(self, read):
        """Option<T>, §1: 0x00 none, 0x01 then T; any other first byte is an error."""
        tag = self.u8()
        if tag == 0:
            return None
        if tag == 1:
            return read()
        raise Fail(f"{self.what}: invalid Option tag {tag}")

    def end(self):
        if self.pos != len(self.data):
            raise Fail(f"{self.what}: {len(self.data) - self.pos} trailing bytes (must be consumed exactly)")


# ---------------------------------------------------------------------------------------------
# §3 The Merkle log (RFC 9162 with BLAKE3)
# ---------------------------------------------------------------------------------------------

def leaf_hash(entry: bytes) -> bytes:
    return blake3_256(b"\x00" + entry)


def node_hash(left: bytes, right: bytes) -> bytes:
    return blake3_256(b"\x01" + left + right)


def split_point(n: int) -> int:
    """Largest power of two strictly smaller than n (n > 1)."""
    k = 1
    while k << 1 < n:
        k <<= 1
    return k


def merkle_root(leaf_hashes: list[bytes]) -> bytes:
    n = len(leaf_hashes)
    if n == 0:
        return blake3_256(b"")
    if n == 1:
        return leaf_hashes[0]
    k = split_point(n)
    return node_hash(merkle_root(leaf_hashes[:k]), merkle_root(leaf_hashes[k:]))


def merkle_path(m: int, leaf_hashes: list[bytes]) -> list[bytes]:
    """RFC 9162 §2.1.3.1 inclusion path, leaf side first (used by the self-test only)."""
    n = len(leaf_hashes)
    if n <= 1:
        return []
    k = split_point(n)
    if m < k:
        return merkle_path(m, leaf_hashes[:k]) + [merkle_root(leaf_hashes[k:])]
    return merkle_path(m - k, leaf_hashes[k:]) + [merkle_root(leaf_hashes[:k])]


def verify_inclusion(m: int, n: int, h: bytes, path: list[bytes], root: bytes) -> bool:
    """§3 steps 1-4 (RFC 9162 §2.1.3.2)."""
    if m >= n:
        return False
    fn, sn, r = m, n - 1, h
    for c in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(c, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def consistency_proof(m: int, leaf_hashes: list[bytes]) -> list[bytes]:
    """RFC 9162 §2.1.4.1 PROOF(m, D[n]) (not in the document; self-test only)."""
    def sub(m, d, b):
        n = len(d)
        if m == n:
            return [] if b else [merkle_root(d)]
        k = split_point(n)
        if m <= k:
            return sub(m, d[:k], b) + [merkle_root(d[k:])]
        return sub(m - k, d[k:], False) + [merkle_root(d[:k])]
    return sub(m, leaf_hashes, True)


def verify_consistency(first: int, second: int, first_hash: bytes, second_hash: bytes,
                       path: list[bytes]) -> bool:
    """RFC 9162 §2.1.4.2 (a bundle verifier does not need it; self-test only). §3 fixes the
    cases RFC 9162 leaves open: consistency with the empty tree, and of a tree with itself,
    only with an empty proof (and, for equal sizes, equal roots)."""
    if first > second:
        return False
    if first == 0:
        return not path
    if first == second:
        return not path and first_hash == second_hash
    if not path:
        return False
    if first & (first - 1) == 0:  # exact power of two
        path = [first_hash] + path
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0


# ---------------------------------------------------------------------------------------------
# §4 Storage keys
# ---------------------------------------------------------------------------------------------

def blake2_128_concat(encoded: bytes) -> bytes:
    return blake2b_128(encoded) + encoded


def twox64_concat(encoded: bytes) -> bytes:
    return twox64(encoded) + encoded


def genesis_hash_key() -> bytes:
    return twox128(b"System") + twox128(b"BlockHash") + twox64_concat(u32le(0))


def anchor_key(stream: int, size: int) -> bytes:
    return (twox128(b"Notary") + twox128(b"Anchors")
            + blake2_128_concat(u64le(stream)) + blake2_128_concat(u64le(size)))


def record_key(digest: bytes) -> bytes:
    return twox128(b"Notary") + twox128(b"Records") + blake2_128_concat(digest)


# ---------------------------------------------------------------------------------------------
# §5 Storage values
# ---------------------------------------------------------------------------------------------

EVENT_KINDS = [  # §5.3, by index
    "applicationMaterial", "reviewRecord", "interfaceCall", "tokenIssuance", "tokenUse",
    "developmentOperation", "productReview", "orderMatching", "transaction", "feeSplit",
    "catalogSync", "contractDelivery", "dataTransfer", "resultGeneration", "destruction", "other",
]


def decode_anchor(value: bytes) -> dict:
    """§5.1: exactly 56 bytes."""
    if len(value) != 56:
        raise Fail(f"anchor value is {len(value)} bytes, not 56")
    r = Reader(value, "anchor")
    return {"index": r.u32(), "size": r.u64(), "root": r.take(32), "block": r.u32(),
            "timestamp": r.u64()}


def decode_record(value: bytes) -> dict:
    """§5.2: consumed exactly; a kind index outside §5.3 is an unknown enum index (§1)."""
    r = Reader(value, "record")
    rec = {"identity": r.take(32), "account": r.take(32)}
    kind = r.u8()
    if kind >= len(EVENT_KINDS):
        raise Fail(f"record: unknown event kind index {kind}")
    rec["kind"] = EVENT_KINDS[kind]
    cat = r.option(lambda: (r.u32(), r.u32()))
    rec["catalogEntry"] = None if cat is None else f"urn:tds:catalog:{cat[0]}:{cat[1]}"
    rec["agreement"] = r.option(r.u64)
    rec["metadata"] = r.option(lambda: r.take(32))
    rec["block"], rec["timestamp"], rec["sequence"] = r.u32(), r.u64(), r.u64()
    r.end()
    return rec


# ---------------------------------------------------------------------------------------------
# §6 Headers
# ---------------------------------------------------------------------------------------------

DIGEST_ITEMS = {6: "PreRuntime", 4: "Consensus", 5: "Seal", 0: "Other",
                8: "RuntimeEnvironmentUpdated"}


def read_header(r: Reader) -> dict:
    """Decode one SCALE header from r (§6); sets 'hash' from the exact bytes consumed."""
    start = r.pos
    h = {"parentHash": r.take(32), "number": r.compact(32), "stateRoot": r.take(32),
         "extrinsicsRoot": r.take(32), "digest": []}
    for _ in range(r.length()):
        tag = r.u8()
        if tag in (6, 4, 5):
            h["digest"].append((DIGEST_ITEMS[tag], r.take(4), r.byte_string()))
        elif tag == 0:
            h["digest"].append(("Other", None, r.byte_string()))
        elif tag == 8:
            h["digest"].append(("RuntimeEnvironmentUpdated", None, b""))
        else:
            raise Fail(f"{r.what}: unknown digest item variant {tag}")  # §1: unknown enum index
    h["hash"] = blake2b_256(r.data[start:r.pos])
    return h


def decode_header(data: bytes, what: str) -> dict:
    r = Reader(data, what)
    h = read_header(r)
    r.end()
    return h


# ---------------------------------------------------------------------------------------------
# §7 State proofs (base-16 Patricia-Merkle trie, state version 1)
# ---------------------------------------------------------------------------------------------

def nibbles_of(key: bytes) -> list[int]:
    out = []
    for b in key:
        out += [b >> 4, b & 0x0F]
    return out


def decode_node(enc: bytes) -> dict:
    """Decode one trie node (§7 'Node encoding'). Nothing may follow the last child (or, for a
    leaf, the value); a child reference longer than 32 bytes is invalid (§7)."""
    r = Reader(enc, "trie node")
    first = r.u8()
    if first == 0:
        r.end()
        return {"type": "empty"}
    if first >> 6 == 0b01:
        kind, value_kind, bits = "leaf", "inline", 6
    elif first >> 6 == 0b10:
        kind, value_kind, bits = "branch", None, 6
    elif first >> 6 == 0b11:
        kind, value_kind, bits = "branch", "inline", 6
    elif first >> 5 == 0b001:
        kind, value_kind, bits = "leaf", "hashed", 5
    elif first >> 4 == 0b0001:
        kind, value_kind, bits = "branch", "hashed", 4
    else:
        raise Fail(f"trie node: invalid first byte {first:#04x}")
    mask = (1 << bits) - 1
    length = first & mask
    if length == mask:  # L = M, then add bytes while they are 255
        while True:
            v = r.u8()
            length += v
            if v != 255:
                break
    pk_bytes = r.take((length + 1) // 2)
    nib = nibbles_of(pk_bytes)
    if length % 2:
        if nib[0] != 0:
            raise Fail("trie node: non-zero padding nibble in partial key")
        nib = nib[1:]
    node = {"type": kind, "partial": nib, "value": None, "children": [None] * 16}
    bitmap = r.uint(2) if kind == "branch" else 0  # an empty bitmap is tolerated (A7)
    if value_kind == "inline":
        node["value"] = ("inline", r.byte_string())
    elif value_kind == "hashed":
        node["value"] = ("hashed", r.take(32))
    for i in range(16):
        if bitmap >> i & 1:
            n = r.length()
            if n == 32:
                node["children"][i] = ("hash", r.take(32))
            elif n < 32:
                node["children"][i] = ("inline", r.take(n))
            else:
                raise Fail(f"trie node: child reference of {n} bytes")
    r.end()
    return node


def read_proof_key(items: dict[bytes, bytes], root: bytes, key: bytes) -> bytes | None:
    """§7 'Reading a key': the value, None if proven absent; Fail if the proof is incomplete.

    The root node is always looked up by hash, whatever its length (§7). The empty node (0x00)
    appears only as a whole trie: as the root it holds no key; anywhere else it is invalid.
    Inline and hashed values are accepted wherever they appear, whatever their length (§7)."""
    def lookup(h: bytes, what: str) -> bytes:
        if h not in items:
            raise Fail(f"proof incomplete: {what} {short(h)} is not among the proof items")
        return items[h]

    rest = nibbles_of(key)
    enc, at_root = lookup(root, "root node"), True
    while True:
        node = decode_node(enc)
        if node["type"] == "empty":
            if at_root:
                return None  # §7: a state root whose node is 0x00 holds no key
            raise Fail("trie node: the empty node (0x00) below the root")
        at_root = False
        pk = node["partial"]
        if rest[:len(pk)] != pk:
            return None
        rest = rest[len(pk):]
        if node["type"] == "leaf" or not rest:
            if node["type"] == "leaf" and rest:
                return None
            v = node["value"]
            if v is None:
                return None
            return v[1] if v[0] == "inline" else lookup(v[1], "hashed value")
        child = node["children"][rest[0]]
        if child is None:
            return None
        rest = rest[1:]
        enc = child[1] if child[0] == "inline" else lookup(child[1], "trie node")


# ---------------------------------------------------------------------------------------------
# §8 GRANDPA justifications
# ---------------------------------------------------------------------------------------------

def decode_justification(data: bytes, what: str) -> dict:
    r = Reader(data, what)
    j = {"round": r.u64(), "targetHash": r.take(32), "targetNumber": r.u32(), "precommits": []}
    for _ in range(r.length()):
        j["precommits"].append({"targetHash": r.take(32), "targetNumber": r.u32(),
                                "signature": r.take(64), "id": r.take(32)})
    j["votesAncestries"] = [read_header(r) for _ in range(r.length())]
    r.end()
    return j


def threshold(total: int) -> int:
    return total - (total - 1) // 3


# Ed25519 (RFC 8032) on edwards25519: -x^2 + y^2 = 1 + d x^2 y^2 over GF(p).
ED_P = 2 ** 255 - 19
ED_L = 2 ** 252 + 27742317777372353535851937790883648493  # the group order
ED_D = -121665 * pow(121666, -1, ED_P) % ED_P
ED_SQRT_M1 = pow(2, (ED_P - 1) // 4, ED_P)


def ed25519_decode(enc: bytes) -> tuple[int, int] | None:
    """RFC 8032 §5.1.3 point decoding; None unless `enc` is the canonical encoding of a point
    (y < p, x recoverable, no sign bit set on x = 0)."""
    if len(enc) != 32:
        return None
    n = int.from_bytes(enc, "little")
    y, sign = n & ((1 << 255) - 1), n >> 255
    if y >= ED_P:
        return None
    u, v = (y * y - 1) % ED_P, (ED_D * y * y + 1) % ED_P
    x2 = u * pow(v, -1, ED_P) % ED_P
    x = pow(x2, (ED_P + 3) // 8, ED_P)
    if (x * x - x2) % ED_P:
        x = x * ED_SQRT_M1 % ED_P
        if (x * x - x2) % ED_P:
            return None
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = ED_P - x
    return x, y


def ed25519_add(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    """Affine addition on edwards25519 (complete: the denominators never vanish)."""
    (x1, y1), (x2, y2) = a, b
    t = ED_D * x1 * x2 * y1 * y2 % ED_P
    return ((x1 * y2 + y1 * x2) * pow(1 + t, -1, ED_P) % ED_P,
            (y1 * y2 + x1 * x2) * pow(1 - t, -1, ED_P) % ED_P)


def ed25519_small_order(pt: tuple[int, int]) -> bool:
    """True iff [8]pt is the identity (one of the 8 points of small order)."""
    for _ in range(3):
        pt = ed25519_add(pt, pt)
    return pt == (0, 1)


def ed25519_strict_reason(public: bytes, signature: bytes) -> str | None:
    """§8 step 2's strictness beyond OpenSSL: the public key and R must be canonical encodings of
    points not of small order, S below the group order. None if acceptable, else the reason."""
    if len(public) != 32 or len(signature) != 64:
        return "wrong length"
    for name, enc in (("public key", public), ("R", signature[:32])):
        pt = ed25519_decode(enc)
        if pt is None:
            return f"{name} is not the canonical encoding of a curve point"
        if ed25519_small_order(pt):
            return f"{name} is a point of small order"
    if int.from_bytes(signature[32:], "little") >= ED_L:
        return "S is not below the group order"
    return None


def verify_ed25519(public: bytes, signature: bytes, message: bytes) -> str | None:
    """§8 step 2: RFC 8032 §5.1.7, strict. None if valid, else the reason.

    The strictness checks are done here; the group equation is OpenSSL's (cofactorless:
    it recomputes R = [S]B - [k]A and compares encodings, assumption A10)."""
    reason = ed25519_strict_reason(public, signature)
    if reason:
        return reason
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
        return None
    except (InvalidSignature, ValueError):
        return "the group equation does not hold"


def verify_justification(j: dict, set_id: int, voters: dict[bytes, int]) -> str:
    """§8 steps 1-5 against the set (set_id, voters: public key -> weight). Returns a detail."""
    total = sum(voters.values())
    if total == 0:
        raise Fail(f"set {set_id} has no voting weight")
    need = threshold(total)
    ancestry = {h["hash"]: h for h in j["votesAncestries"]}  # a header given twice counts once
    used = set()
    signers = set()
    for i, pc in enumerate(j["precommits"]):
        # step 1: a voter of the set
        if pc["id"] not in voters:
            raise Fail(f"precommit {i}: key {short(pc['id'])} is not a voter of set {set_id}")
        # step 2: signature over 0x01 ‖ targetHash ‖ targetNumber ‖ round ‖ S (the precommit's own target)
        msg = (b"\x01" + pc["targetHash"] + u32le(pc["targetNumber"]) + u64le(j["round"])
               + u64le(set_id))
        bad = verify_ed25519(pc["id"], pc["signature"], msg)
        if bad:
            raise Fail(f"precommit {i}: invalid signature by {short(pc['id'])} "
                       f"(round {j['round']}, set {set_id}): {bad}")
        # step 3: the precommit's target is the commit target or a descendant
        h, n = pc["targetHash"], pc["targetNumber"]
        while h != j["targetHash"]:
            a = ancestry.get(h)
            if a is None or a["number"] != n or n <= j["targetNumber"]:
                raise Fail(f"precommit {i}: target {short(pc['targetHash'])} "
                           f"#{pc['targetNumber']} does not descend from the commit target")
            used.add(h)
            h, n = a["parentHash"], n - 1
        if n != j["targetNumber"]:
            raise Fail(f"precommit {i}: walk reaches the commit target hash with number {n}, "
                       f"not {j['targetNumber']}")
        signers.add(pc["id"])  # step 5: a voter with several valid precommits counts once
    # step 4: every votesAncestries header used
    if used != set(ancestry):
        raise Fail(f"{len(set(ancestry) - used)} votesAncestries header(s) unused")
    # step 5: at least one precommit; weight of the distinct signers
    if not j["precommits"]:
        raise Fail("the justification has no precommit")
    weight = sum(voters[s] for s in signers)
    if weight < need:
        raise Fail(f"signers weigh {weight}, threshold is {need} of {total} (set {set_id})")
    return f"{len(signers)} signers, weight {weight}/{total} (threshold {need}), set {set_id}, round {j['round']}"


# ---------------------------------------------------------------------------------------------
# §9 Validator-set changes
# ---------------------------------------------------------------------------------------------

FRNK = b"FRNK"


def scheduled_change(header: dict) -> dict[bytes, int]:
    """The next set announced by a change header (§9).

    Among the header's Consensus items with engine FRNK: the first ScheduledChange counts (later
    ones are not decoded, assumption A5); a ForcedChange anywhere rejects; OnDisabled, Pause and
    Resume are ignored; any other variant is an unknown enum index (§1). The counted change must
    have delay 0; a key listed twice keeps its last weight."""
    found = None
    for kind, engine, data in header["digest"]:
        if kind != "Consensus" or engine != FRNK:
            continue
        r = Reader(data, "FRNK consensus log")
        variant = r.u8()
        if variant == 1:
            if found is None:
                auths = [(r.take(32), r.u64()) for _ in range(r.length())]
                delay = r.u32()
                r.end()  # the item's data is the ConsensusLog exactly (assumption A5)
                found = (auths, delay)
        elif variant == 2:
            raise Fail("change header carries a forced change")
        elif variant in (3, 4, 5):
            continue  # OnDisabled / Pause / Resume: ignored (§9)
        else:
            raise Fail(f"unknown FRNK consensus log variant {variant}")
    if found is None:
        raise Fail(f"header #{header['number']} carries no FRNK scheduled change")
    auths, delay = found
    if delay != 0:
        raise Fail(f"scheduled change has delay {delay}, not 0")
    voters = {}
    for key, weight in auths:
        voters[key] = weight  # §9: a key listed twice keeps its last weight
    if not voters:
        raise Fail("scheduled change announces an empty set")  # assumption A6
    zero = [k for k, w in voters.items() if w == 0]
    if zero:
        raise Fail(f"scheduled change gives key {short(zero[0])} weight 0")  # assumption A6
    return voters


# ---------------------------------------------------------------------------------------------
# §2, §11 JSON documents
# ---------------------------------------------------------------------------------------------

HEX_RE = re.compile(r"0x(?:[0-9a-fA-F]{2})*")  # §1: digits in either case; the prefix is "0x" (A2)


class JObject(dict):
    """A JSON object, remembering names given more than once (an error, §2)."""
    duplicates: list


class JNumber:
    """A JSON number that is not a non-negative integer (a fraction, an exponent, a minus sign):
    kept as its text, neither an int nor a str, so that every integer and string field rejects
    it (§1; "-0" is rejected too, assumption A3)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self):
        return self.text


def json_object(pairs) -> JObject:
    d, dup = JObject(), []
    for k, v in pairs:
        if k in d:
            dup.append(k)
        d[k] = v
    d.duplicates = dup
    return d


def json_constant(name):
    raise ValueError(f"{name} is not JSON")


def parse_json_text(text: str):
    return json.loads(text, object_pairs_hook=json_object, parse_constant=json_constant,
                      parse_float=JNumber,
                      parse_int=lambda t: JNumber(t) if t.startswith("-") else int(t))


def load_json(path: str, what: str):
    """Unreadable (exit 2) if the file cannot be read or is not JSON (assumption A1)."""
    try:
        with open(path, "rb") as f:
            return parse_json_text(f.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise Unreadable(f"{what} {path}: {e}")


def j_obj(v, path: str, fields: list[str], nullable: tuple[str, ...] = ()) -> dict:
    """§2: an object with exactly these fields, each name once; every field is required except
    the `nullable` ones, which may be left out (read as null)."""
    if not isinstance(v, dict):
        raise Fail(f"{path}: not an object")
    dup = getattr(v, "duplicates", [])
    if dup:
        raise Fail(f"{path}: field name(s) given twice: {', '.join(sorted(set(dup)))}")
    unknown = sorted(set(v) - set(fields))
    if unknown:
        raise Fail(f"{path}: unknown field(s) {', '.join(unknown)}")
    missing = [f for f in fields if f not in v and f not in nullable]
    if missing:
        raise Fail(f"{path}: missing field(s) {', '.join(missing)}")
    return {f: v.get(f) for f in fields}


def j_uint(v, path: str, bits: int) -> int:
    """§1: a non-negative JSON integer (arbitrary size: u64 may exceed 2^53), within the width
    of its binary encoding (assumption A3)."""
    if type(v) is not int:
        raise Fail(f"{path}: {v!r} is not a non-negative JSON integer")
    if v >= 1 << bits:
        raise Fail(f"{path}: {v} does not fit in u{bits}")
    return v


def j_hex(v, path: str, size: int | None = None) -> bytes:
    """§1: '0x' + hex digits (either case), two digits per byte; '0x' alone is empty."""
    if not isinstance(v, str) or not HEX_RE.fullmatch(v):
        raise Fail(f"{path}: not a 0x-prefixed hex string of whole bytes")
    b = bytes.fromhex(v[2:])
    if size is not None and len(b) != size:
        raise Fail(f"{path}: {len(b)} bytes, expected {size}")
    return b


def j_list(v, path: str) -> list:
    if not isinstance(v, list):
        raise Fail(f"{path}: not an array")
    return v


def j_str(v, path: str) -> str:
    if not isinstance(v, str):
        raise Fail(f"{path}: not a string")
    return v


def parse_bundle(doc) -> dict:
    """§2: structure, types and encodings of every field. Raises Fail."""
    doc = j_obj(doc, "bundle", ["format", "version", "subject", "chain", "state", "finality"])
    if doc["format"] != "tds-evidence-bundle":
        raise Fail(f"format is {doc['format']!r}, not 'tds-evidence-bundle'")
    if type(doc["version"]) is not int or doc["version"] != 1:
        raise Fail(f"version is {doc['version']!r}, not 1")
    b = {}
    s = doc["subject"]
    if not isinstance(s, dict) or s.get("type") not in ("logEntry", "notarisedEvent"):
        raise Fail("subject.type is neither 'logEntry' nor 'notarisedEvent'")
    if s["type"] == "logEntry":
        s = j_obj(s, "subject", ["type", "stream", "leafIndex", "entry", "inclusionProof", "anchor"])
        a = j_obj(s["anchor"], "subject.anchor", ["index", "size", "root", "block", "timestamp"])
        b["subject"] = {
            "type": "logEntry",
            "stream": j_uint(s["stream"], "subject.stream", 64),
            "leafIndex": j_uint(s["leafIndex"], "subject.leafIndex", 64),
            "entry": j_hex(s["entry"], "subject.entry"),
            "inclusionProof": [j_hex(p, f"subject.inclusionProof[{i}]", 32)
                               for i, p in enumerate(j_list(s["inclusionProof"], "subject.inclusionProof"))],
            "anchor": {"index": j_uint(a["index"], "subject.anchor.index", 32),
                       "size": j_uint(a["size"], "subject.anchor.size", 64),
                       "root": j_hex(a["root"], "subject.anchor.root", 32),
                       "block": j_uint(a["block"], "subject.anchor.block", 32),
                       "timestamp": j_uint(a["timestamp"], "subject.anchor.timestamp", 64)},
        }
    else:
        s = j_obj(s, "subject", ["type", "digest", "record"])
        # the fields that may be null may also be left out (§2)
        rec = j_obj(s["record"], "subject.record",
                    ["identity", "account", "kind", "catalogEntry", "agreement", "metadata",
                     "block", "timestamp", "sequence"],
                    nullable=("catalogEntry", "agreement", "metadata"))
        # kind and catalogEntry are compared as strings with the proven value (step 5, A4)
        b["subject"] = {
            "type": "notarisedEvent",
            "digest": j_hex(s["digest"], "subject.digest", 32),
            "record": {
                "identity": j_hex(rec["identity"], "subject.record.identity", 32),
                "account": j_hex(rec["account"], "subject.record.account", 32),
                "kind": j_str(rec["kind"], "subject.record.kind"),
                "catalogEntry": None if rec["catalogEntry"] is None
                else j_str(rec["catalogEntry"], "subject.record.catalogEntry"),
                "agreement": None if rec["agreement"] is None
                else j_uint(rec["agreement"], "subject.record.agreement", 64),
                "metadata": None if rec["metadata"] is None
                else j_hex(rec["metadata"], "subject.record.metadata", 32),
                "block": j_uint(rec["block"], "subject.record.block", 32),
                "timestamp": j_uint(rec["timestamp"], "subject.record.timestamp", 64),
                "sequence": j_uint(rec["sequence"], "subject.record.sequence", 64),
            },
        }
    c = j_obj(doc["chain"], "chain", ["genesisHash"])
    b["genesisHash"] = j_hex(c["genesisHash"], "chain.genesisHash", 32)
    st = j_obj(doc["state"], "state", ["blockNumber", "blockHash", "header", "proof"])
    b["state"] = {"blockNumber": j_uint(st["blockNumber"], "state.blockNumber", 32),
                  "blockHash": j_hex(st["blockHash"], "state.blockHash", 32),
                  "header": j_hex(st["header"], "state.header"),
                  "proof": [j_hex(p, f"state.proof[{i}]")
                            for i, p in enumerate(j_list(st["proof"], "state.proof"))]}
    f = j_obj(doc["finality"], "finality", ["setId", "justification", "ancestry", "setChanges"])
    changes = []
    for i, ch in enumerate(j_list(f["setChanges"], "finality.setChanges")):
        p = f"finality.setChanges[{i}]"
        ch = j_obj(ch, p, ["setId", "header", "justification"])
        changes.append({"index": i, "setId": j_uint(ch["setId"], p + ".setId", 64),
                        "header": j_hex(ch["header"], p + ".header"),
                        "justification": j_hex(ch["justification"], p + ".justification")})
    b["finality"] = {"setId": j_uint(f["setId"], "finality.setId", 64),
                     "justification": j_hex(f["justification"], "finality.justification"),
                     "ancestry": [j_hex(h, f"finality.ancestry[{i}]")
                                  for i, h in enumerate(j_list(f["ancestry"], "finality.ancestry"))],
                     "setChanges": changes}
    return b


def parse_trusted_set(doc) -> dict:
    """§11: {genesisHash, sets: [{setId, authorities}]}; voters of weight 1. The same field rules
    as the bundle (§2); any error makes the file unreadable (exit 2, assumption A1)."""
    try:
        doc = j_obj(doc, "trusted set", ["genesisHash", "sets"])
        sets = {}
        for i, s in enumerate(j_list(doc["sets"], "sets")):
            s = j_obj(s, f"sets[{i}]", ["setId", "authorities"])
            sid = j_uint(s["setId"], f"sets[{i}].setId", 64)
            if sid in sets:
                raise Fail(f"set {sid} listed twice")  # assumption A9
            keys = [j_hex(k, f"sets[{i}].authorities[{n}]", 32)
                    for n, k in enumerate(j_list(s["authorities"], f"sets[{i}].authorities"))]
            if not keys or len(set(keys)) != len(keys):
                raise Fail(f"set {sid}: empty or duplicate authorities")  # assumption A9
            sets[sid] = {k: 1 for k in keys}
        if not sets:
            raise Fail("no sets")  # assumption A9
        return {"genesisHash": j_hex(doc["genesisHash"], "genesisHash", 32), "sets": sets}
    except Fail as e:
        raise Unreadable(f"trusted set: {e}")


# ---------------------------------------------------------------------------------------------
# §10 Verification, step by step
# ---------------------------------------------------------------------------------------------

def verify(doc, trust: dict, document: bytes | None, out=print) -> bool:
    results = []  # (status, check, text)

    def report(status, check, text):
        results.append(status)
        out(f"{status} {check} {text}")

    def run(check, fn, *needs):
        """Run fn if every prerequisite passed (the dependencies of A12); report
        ok/FAILED/skipped; return its value."""
        missing = [n for n in needs if n is None]
        if missing:
            report("skipped", check, "an earlier check failed")
            return None
        try:
            value, detail = fn()
            report("ok", check, detail)
            return value if value is not None else True
        except Fail as e:
            report("FAILED", check, str(e))
            return None

    # 1. format (and the structure of every field, §2; A1)
    def step_format():
        b = parse_bundle(doc)
        return b, f"tds-evidence-bundle version 1, subject {b['subject']['type']}"
    b = run("format", step_format)
    log = b is not None and b["subject"]["type"] == "logEntry"
    subj = b["subject"] if b else None

    # 2. header
    def step_header():
        h = decode_header(b["state"]["header"], "state.header")
        if h["hash"] != b["state"]["blockHash"]:
            raise Fail(f"header hashes to {hx(h['hash'])}, not state.blockHash {hx(b['state']['blockHash'])}")
        if h["number"] != b["state"]["blockNumber"]:
            raise Fail(f"header number {h['number']} is not state.blockNumber {b['state']['blockNumber']}")
        return h, f"block #{h['number']} {hx(h['hash'])}, state root {short(h['stateRoot'])}"
    header = run("header", step_header, b)

    # 3. state-proof
    def step_state():
        items = {blake2b_256(p): p for p in b["state"]["proof"]}  # any order; extras tolerated (A7)
        gkey = genesis_hash_key()
        if log:
            skey, sname = anchor_key(subj["stream"], subj["anchor"]["size"]), "anchor"
        else:
            skey, sname = record_key(subj["digest"]), "record"
        gval = read_proof_key(items, header["stateRoot"], gkey)
        sval = read_proof_key(items, header["stateRoot"], skey)
        if gval is None:
            raise Fail("the proof shows the genesis-hash key absent")
        if sval is None:
            raise Fail(f"the proof shows the {sname} key absent")
        return (gval, sval), f"genesis-hash and {sname} keys present ({len(items)} proof items)"
    values = run("state-proof", step_state, header)

    # 4. chain
    def step_chain():
        g = values[0]
        if len(g) != 32:
            raise Fail(f"genesis-hash value is {len(g)} bytes, not 32")
        if g != trust["genesisHash"]:
            raise Fail(f"state's genesis hash {hx(g)} is not the trusted {hx(trust['genesisHash'])}")
        if b["genesisHash"] != trust["genesisHash"]:
            raise Fail(f"chain.genesisHash {hx(b['genesisHash'])} is not the trusted one")
        return None, f"genesis {hx(g)}"
    run("chain", step_chain, values)

    # 5. anchor / record
    def compare(name, proven, declared):
        for k, v in proven.items():
            if declared[k] != v:
                show = (lambda x: hx(x) if isinstance(x, bytes) else repr(x))
                raise Fail(f"{name}.{k}: proven {show(v)}, bundle says {show(declared[k])}")

    def step_anchor():
        a = decode_anchor(values[1])
        compare("anchor", a, subj["anchor"])
        return None, (f"stream {subj['stream']} anchor {a['index']}: size {a['size']}, "
                      f"root {short(a['root'])}, block #{a['block']}, timestamp {a['timestamp']}")

    def step_record():
        r = decode_record(values[1])
        compare("record", r, subj["record"])
        return None, (f"kind {r['kind']}, block #{r['block']}, timestamp {r['timestamp']}, "
                      f"sequence {r['sequence']}")
    if b is None:
        report("skipped", "anchor/record", "an earlier check failed")
    elif log:
        run("anchor", step_anchor, values)
    else:
        run("record", step_record, values)

    # 6. inclusion / document (uses the bundle's own fields only)
    def step_inclusion():
        a = subj["anchor"]
        if not verify_inclusion(subj["leafIndex"], a["size"], leaf_hash(subj["entry"]),
                                subj["inclusionProof"], a["root"]):
            raise Fail(f"entry {subj['leafIndex']} with {len(subj['inclusionProof'])} proof hashes "
                       f"does not give the root of the tree of {a['size']} entries")
        return None, f"entry {subj['leafIndex']} of {a['size']} ({len(subj['inclusionProof'])} proof hashes)"

    def step_document():
        d = blake3_256(document)
        if d != subj["digest"]:
            raise Fail(f"BLAKE3(document) = {hx(d)}, not subject.digest")
        return None, f"BLAKE3(document) = {hx(d)}"
    if b is None:
        report("skipped", "inclusion/document", "an earlier check failed")
    elif log:
        run("inclusion", step_inclusion, b)
        if document is not None:
            out("# note: --document is ignored for a log-entry bundle")
    elif document is None:
        report("ok", "document", "not given: the bundle proves the digest only")  # A11
    else:
        run("document", step_document, b)

    # 7. set-changes
    def step_set_changes():
        target = b["finality"]["setId"]
        ids = [i for i in trust["sets"] if i <= target]
        if not ids:
            raise Fail(f"no trusted set has an id at or below finality.setId {target}")
        sid = max(ids)
        voters = trust["sets"][sid]
        start = sid
        # entries with a smaller id than the trusted set's are ignored, wherever they are (A8)
        entries = [e for e in b["finality"]["setChanges"] if e["setId"] >= start]
        pos = 0
        last_change = None
        while sid < target:
            if pos >= len(entries):
                raise Fail(f"no set change entry for set {sid}")
            e = entries[pos]
            where = f"setChanges[{e['index']}]"
            if e["setId"] != sid:
                raise Fail(f"{where} has setId {e['setId']}, expected {sid}")
            h = decode_header(e["header"], f"{where}.header")
            if last_change is not None and h["number"] <= last_change:
                raise Fail(f"{where}: block #{h['number']} is not after the previous change "
                           f"#{last_change}")  # assumption A8
            j = decode_justification(e["justification"], f"{where}.justification")
            try:
                verify_justification(j, sid, voters)
            except Fail as err:
                raise Fail(f"{where}: justification: {err}")
            if j["targetHash"] != h["hash"] or j["targetNumber"] != h["number"]:
                # §10 names the hash; the number is checked too (assumption A8)
                raise Fail(f"{where}: justification targets {short(j['targetHash'])} "
                           f"#{j['targetNumber']}, not the header {short(h['hash'])} #{h['number']}")
            try:
                voters = scheduled_change(h)
            except Fail as err:
                raise Fail(f"{where}: {err}")
            last_change = h["number"]
            sid += 1
            pos += 1
        # entries left over once the signing set is reached are ignored (§10 step 7)
        applied = sid - start
        ignored = len(b["finality"]["setChanges"]) - applied
        detail = (f"trusted set {start} → signing set {sid} ({len(voters)} voters, "
                  f"{applied} change(s) applied"
                  + (f", last at block #{last_change}" if applied else "")
                  + (f", {ignored} entr{'y' if ignored == 1 else 'ies'} ignored" if ignored else "")
                  + ")")
        return (sid, voters, last_change), detail
    signing = run("set-changes", step_set_changes, b)

    # 8. finality
    def step_finality():
        sid, voters, last_change = signing
        h, n = header["hash"], header["number"]
        for i, raw in enumerate(b["finality"]["ancestry"]):
            a = decode_header(raw, f"finality.ancestry[{i}]")
            if a["parentHash"] != h or a["number"] != n + 1:
                raise Fail(f"ancestry[{i}] (#{a['number']}) is not the child of {short(h)} #{n}")
            h, n = a["hash"], a["number"]
        j = decode_justification(b["finality"]["justification"], "finality.justification")
        if j["targetHash"] != h or j["targetNumber"] != n:
            raise Fail(f"justification targets {short(j['targetHash'])} #{j['targetNumber']}, "
                       f"not {short(h)} #{n}")
        detail = verify_justification(j, sid, voters)
        if last_change is not None and header["number"] <= last_change:
            raise Fail(f"block #{header['number']} is not after the last set change #{last_change}")
        via = "" if n == header["number"] else f" (justification of descendant #{n})"
        return None, f"block #{header['number']} final{via}: {detail}"
    run("finality", step_finality, header, signing)

    ok = all(s == "ok" for s in results)
    out("VERIFIED" if ok else "REJECTED")
    return ok


# ---------------------------------------------------------------------------------------------
# Self-test: merkle.json, §13 values, and a synthetic end-to-end bundle (self-consistency only)
# ---------------------------------------------------------------------------------------------

def enc_compact(n: int) -> bytes:
    if n < 1 << 6:
        return bytes([n << 2])
    if n < 1 << 14:
        return ((n << 2) | 1).to_bytes(2, "little")
    if n < 1 << 30:
        return ((n << 2) | 2).to_bytes(4, "little")
    k = max(4, (n.bit_length() + 7) // 8)
    return bytes([((k - 4) << 2) | 3]) + n.to_bytes(k, "little")


def enc_header(parent: bytes, number: int, state_root: bytes, digest: list[bytes]) -> bytes:
    return parent + enc_compact(number) + state_root + b"\x00" * 32 + enc_compact(len(digest)) + b"".join(digest)


def build_trie(pairs: dict[bytes, bytes]) -> tuple[bytes, list[bytes]]:
    """A minimal state-version-1 trie builder (values of 33+ bytes hashed), for the self-test."""
    db = []

    def header(kind: str, hashed: bool, length: int) -> bytes:
        prefix, bits = {("leaf", False): (0b01, 6), ("branch", False): (0b11, 6),
                        ("nobranch", False): (0b10, 6), ("leaf", True): (0b001, 5),
                        ("branch", True): (0b0001, 4)}[(kind, hashed)]
        mask = (1 << bits) - 1
        out = bytes([(prefix << bits) | min(length, mask)])
        if length >= mask:
            rest = length - mask
            while rest >= 255:
                out += b"\xff"
                rest -= 255
            out += bytes([rest])
        return out

    def pk_bytes(nib):
        nib = ([0] if len(nib) % 2 else []) + nib
        return bytes(nib[i] << 4 | nib[i + 1] for i in range(0, len(nib), 2))

    def value_part(v):
        if len(v) >= 33:
            db.append(v)
            return True, blake2b_256(v)
        return False, enc_compact(len(v)) + v

    def ref(enc):
        if len(enc) < 32:
            return enc_compact(len(enc)) + enc
        db.append(enc)
        return enc_compact(32) + blake2b_256(enc)

    def build(items):
        if len(items) == 1:
            nib, v = items[0]
            hashed, vp = value_part(v)
            return header("leaf", hashed, len(nib)) + pk_bytes(nib) + vp
        common = items[0][0]
        for nib, _ in items[1:]:
            i = 0
            while i < min(len(common), len(nib)) and common[i] == nib[i]:
                i += 1
            common = common[:i]
        rest = [(nib[len(common):], v) for nib, v in items]
        here = [v for nib, v in rest if not nib]
        bitmap, children = 0, b""
        for c in range(16):
            sub = [(nib[1:], v) for nib, v in rest if nib and nib[0] == c]
            if sub:
                bitmap |= 1 << c
                children += ref(build(sub))
        if here:
            hashed, vp = value_part(here[0])
            hd = header("branch", hashed, len(common))
        else:
            vp, hd = b"", header("nobranch", False, len(common))
        return hd + pk_bytes(common) + bitmap.to_bytes(2, "little") + vp + children

    root_enc = build(sorted((nibbles_of(k), v) for k, v in pairs.items()))
    db.append(root_enc)
    return blake2b_256(root_enc), db


def pub(sk) -> bytes:
    return sk.public_key().public_bytes_raw()


def sign_justification(signers, set_id: int, rnd: int, target: tuple[bytes, int],
                       pc_target=None, ancestries=(), sign_target=None) -> bytes:
    """A §8 justification: one precommit per key of `signers` (repeats allowed), each for
    `pc_target` (default: the commit target) and signed over `sign_target` (default: its own)."""
    pc_target = pc_target or target
    sign_target = sign_target or pc_target
    out = u64le(rnd) + target[0] + u32le(target[1]) + enc_compact(len(signers))
    for sk in signers:
        msg = b"\x01" + sign_target[0] + u32le(sign_target[1]) + u64le(rnd) + u64le(set_id)
        out += pc_target[0] + u32le(pc_target[1]) + sk.sign(msg) + pub(sk)
    return out + enc_compact(len(ancestries)) + b"".join(ancestries)


def test_keys():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    set0 = [Ed25519PrivateKey.from_private_bytes(bytes([i]) * 32) for i in range(1, 5)]
    set1 = [Ed25519PrivateKey.from_private_bytes(bytes([i]) * 32) for i in range(11, 15)]
    return set0, set1


GENESIS = blake2b_256(b"synthetic genesis")


def frnk_item(log: bytes) -> bytes:
    return b"\x04" + FRNK + enc_compact(len(log)) + log


def scheduled(keys_weights, delay=0) -> bytes:
    return (b"\x01" + enc_compact(len(keys_weights))
            + b"".join(k + u64le(w) for k, w in keys_weights) + u32le(delay))


def synthetic_bundle(change_logs=None, change_number=5, final_signers=None):
    """Set 0 (4 keys) hands over to set 1 (4 keys) at block `change_number` (the change header
    carries the FRNK items `change_logs`); B = block 10, justified at block 11 by `final_signers`
    (default: three keys of set 1)."""
    set0, set1 = test_keys()
    if change_logs is None:
        change_logs = [scheduled([(pub(k), 1) for k in set1])]
    if final_signers is None:
        final_signers = set1[:3]
    leaves = [leaf_hash(b"entry %d" % i) for i in range(1000)]
    root = merkle_root(leaves)
    anchor = u32le(3) + u64le(1000) + root + u32le(4) + u64le(1796000000000)
    state = {genesis_hash_key(): GENESIS, anchor_key(0, 1000): anchor,
             anchor_key(0, 999): b"\x01" * 56, anchor_key(1, 1000): b"\x02" * 56,
             twox128(b"System") + b"\x07": b"short", twox128(b"Notary"): b""}
    state_root, proof = build_trie(state)
    hc = enc_header(b"\x55" * 32, change_number, b"\x66" * 32, [frnk_item(x) for x in change_logs])
    h10 = enc_header(b"\x99" * 32, 10, state_root, [b"\x06BABE" + enc_compact(3) + b"abc"])
    h11 = enc_header(blake2b_256(h10), 11, b"\x77" * 32, [])
    return {
        "format": "tds-evidence-bundle", "version": 1,
        "subject": {"type": "logEntry", "stream": 0, "leafIndex": 999,
                    "entry": hx(b"entry 999"),
                    "inclusionProof": [hx(p) for p in merkle_path(999, leaves)],
                    "anchor": {"index": 3, "size": 1000, "root": hx(root), "block": 4,
                               "timestamp": 1796000000000}},
        "chain": {"genesisHash": hx(GENESIS)},
        "state": {"blockNumber": 10, "blockHash": hx(blake2b_256(h10)), "header": hx(h10),
                  "proof": [hx(p) for p in proof]},
        "finality": {"setId": 1,
                     "justification": hx(sign_justification(final_signers, 1, 7, (blake2b_256(h11), 11))),
                     "ancestry": [hx(h11)],
                     "setChanges": [{"setId": 0, "header": hx(hc), "justification": hx(
                         sign_justification(set0[:3], 0, 2, (blake2b_256(hc), change_number)))}]},
    }


def synthetic_trust(*sets):
    set0, set1 = test_keys()
    keys = {0: set0, 1: set1}
    return {"genesisHash": hx(GENESIS),
            "sets": [{"setId": i, "authorities": [hx(pub(k)) for k in keys[i]]} for i in sets or (0,)]}


RECORD_AGREEMENT = 2 ** 53 + 1  # a u64 that a double cannot hold (§1)


def synthetic_record_bundle(justification=None):
    """A notarised-event bundle on a single-set chain; B = block 41 (hash returned too)."""
    set0, _ = test_keys()
    digest = blake3_256(b"the evidence document")
    record = (b"\x11" * 32 + b"\x22" * 32 + bytes([11]) + b"\x01" + u32le(0) + u32le(1)
              + b"\x01" + u64le(RECORD_AGREEMENT) + b"\x00" + u32le(40) + u64le(1796000000000)
              + u64le(12))
    sroot, sproof = build_trie({genesis_hash_key(): GENESIS, record_key(digest): record})
    hb = enc_header(b"\x01" * 32, 41, sroot, [])
    if justification is None:
        justification = sign_justification(set0[:3], 0, 1, (blake2b_256(hb), 41))
    return {
        "format": "tds-evidence-bundle", "version": 1,
        "subject": {"type": "notarisedEvent", "digest": hx(digest),
                    "record": {"identity": hx(b"\x11" * 32), "account": hx(b"\x22" * 32),
                               "kind": "contractDelivery", "catalogEntry": "urn:tds:catalog:0:1",
                               "agreement": RECORD_AGREEMENT, "metadata": None, "block": 40,
                               "timestamp": 1796000000000, "sequence": 12}},
        "chain": {"genesisHash": hx(GENESIS)},
        "state": {"blockNumber": 41, "blockHash": hx(blake2b_256(hb)), "header": hx(hb),
                  "proof": [hx(p) for p in sproof]},
        "finality": {"setId": 0, "justification": hx(justification),
                     "ancestry": [], "setChanges": []},
    }, hb


def ed25519_encode(pt: tuple[int, int]) -> bytes:
    x, y = pt
    return (y | (x & 1) << 255).to_bytes(32, "little")


def ed25519_mul(k: int, pt: tuple[int, int]) -> tuple[int, int]:
    acc = (0, 1)
    while k:
        if k & 1:
            acc = ed25519_add(acc, pt)
        pt, k = ed25519_add(pt, pt), k >> 1
    return acc


def self_test(vectors_path: str) -> bool:
    import copy
    failures, counts = [], {}

    def check(name, cond, what=""):
        counts[name] = counts.get(name, 0) + 1
        if not cond:
            failures.append(f"{name}: {what}")

    v = load_json(vectors_path, "Merkle vectors")
    leaves = [bytes.fromhex(x) for x in v["leaves"]]
    hashes = [leaf_hash(x) for x in leaves]
    for i, (h, want) in enumerate(zip(hashes, v["leafHashes"])):
        check("leaf hashes", h.hex() == want, f"leaf {i}")
    roots = {}
    for r in v["roots"]:
        roots[r["size"]] = bytes.fromhex(r["root"])
        check("roots", merkle_root(hashes[:r["size"]]) == roots[r["size"]], f"size {r['size']}")
    for t in v["inclusion"]:
        m, n, proof = t["index"], t["size"], [bytes.fromhex(p) for p in t["proof"]]
        what = f"index {m} size {n}"
        check("inclusion proofs verify", verify_inclusion(m, n, hashes[m], proof, roots[n]), what)
        check("inclusion proofs match our paths", merkle_path(m, hashes[:n]) == proof, what)
        if proof:  # negative: a flipped proof byte, a wrong index, a truncated proof
            bad = [bytes([proof[0][0] ^ 1]) + proof[0][1:]] + proof[1:]
            check("inclusion negatives", not verify_inclusion(m, n, hashes[m], bad, roots[n]), what)
            check("inclusion negatives", not verify_inclusion(m, n, hashes[m], proof[:-1], roots[n]), what)
            check("inclusion negatives", not verify_inclusion(m ^ 1, n, hashes[m], proof, roots[n])
                  or m ^ 1 >= n, what)
        check("inclusion negatives", not verify_inclusion(m, n, hashes[m], proof + [roots[n]], roots[n]), what)
    for t in v["consistency"]:
        a, n, proof = t["old"], t["new"], [bytes.fromhex(p) for p in t["proof"]]
        what = f"old {a} new {n}"
        check("consistency proofs verify", verify_consistency(a, n, roots[a], roots[n], proof), what)
        check("consistency proofs match ours", consistency_proof(a, hashes[:n]) == proof, what)
        if a != n:
            check("consistency negatives", not verify_consistency(a, n, roots[a], roots[n - 1] if n - 1 != a else roots[0], proof), what)

    empty = blake3_256(b"")
    special = "consistency special cases"  # §3: with the empty tree and with itself, empty proof only
    for n in (0, 1, 5):
        rn = roots.get(n, empty)
        check(special, verify_consistency(0, n, empty, rn, []), f"0 → {n}")
        check(special, not verify_consistency(0, n, empty, rn, [empty]), f"0 → {n} with a proof")
    check(special, verify_consistency(5, 5, roots[5], roots[5], []), "5 → 5")
    check(special, not verify_consistency(5, 5, roots[5], roots[4], []), "5 → 5 roots differ")
    check(special, not verify_consistency(5, 5, roots[5], roots[5], [roots[5]]), "5 → 5 with a proof")

    # §13 and §4 values
    check("§13 empty root", blake3_256(b"").hex() == "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262")
    check("§13 genesis-hash key", genesis_hash_key().hex() ==
          "26aa394eea5630e07c48ae0c9558cef7a44704b568d21667356a5a050c118746b4def25cfda6ef3a00000000")
    check("§13 anchor key", anchor_key(0, 1000).hex() ==
          "bbc48622e87c90b97c3b65a570d9c73c2893c8b379803be566c94f4bfeab5cb2c804ce198ec337e3dc762bdd1a09aece"
          "0000000000000000646b8858c86fefefe34a7c69e60c9917e803000000000000")
    check("§13 record key", record_key(b"\x5a" * 32).hex() ==
          "bbc48622e87c90b97c3b65a570d9c73cbb8fcc88c3da5bf159c1e1a5f46fe4323ed1808eeb58eecb5b973f737fe55537"
          + "5a" * 32)
    for name, want in [(b"System", "26aa394eea5630e07c48ae0c9558cef7"),
                       (b"BlockHash", "a44704b568d21667356a5a050c118746"),
                       (b"Notary", "bbc48622e87c90b97c3b65a570d9c73c"),
                       (b"Anchors", "2893c8b379803be566c94f4bfeab5cb2"),
                       (b"Records", "bb8fcc88c3da5bf159c1e1a5f46fe432")]:
        check("§4 prefixes", twox128(name).hex() == want, name.decode())
    check("§4 prefixes", twox64(u32le(0)).hex() == "b4def25cfda6ef3a", "twox64(u32 0)")

    # SCALE compact round trips and rejections (§1)
    for n in [0, 1, 63, 64, 16383, 16384, (1 << 30) - 1, 1 << 30, (1 << 32) - 1, 1 << 32, (1 << 64) - 1]:
        r = Reader(enc_compact(n), "c")
        check("§1 compact", r.compact() == n and r.pos == len(r.data), str(n))
    for bad in [b"\x01\x00", b"\x02\x00\x00\x00", b"\x03\xff\xff\xff\x00", b"\x07" + (1 << 30).to_bytes(5, "little")]:
        try:
            Reader(bad, "c").compact()
            check("§1 compact rejects non-canonical", False, bad.hex())
        except Fail:
            check("§1 compact rejects non-canonical", True)
    check("§8 threshold", [threshold(w) for w in (1, 2, 3, 4, 7, 10)] == [1, 2, 3, 3, 5, 7])

    # Trie reader on a synthetic trie (long partial keys, hashed and inline values, embedded nodes)
    pairs = {b"\x12" * 40: b"v" * 40, b"\x12" * 40 + b"\x01": b"x", b"\x12" * 39 + b"\x13": b"y" * 33,
             b"\xab": b"", b"\xab\xcd": b"z" * 100, b"\xff" * 300: b"w"}
    root, db = build_trie(pairs)
    items = {blake2b_256(x): x for x in db}
    for k, val in pairs.items():
        check("§7 trie reads", read_proof_key(items, root, k) == val, k.hex()[:12])
    for k in [b"\x12" * 41, b"\xab\xce", b"", b"\x00", b"\xff" * 299]:
        check("§7 trie absences", read_proof_key(items, root, k) is None, k.hex()[:12])
    partial = {h: x for h, x in items.items() if x != b"z" * 100}
    try:
        read_proof_key(partial, root, b"\xab\xcd")
        check("§7 missing value fails", False)
    except Fail:
        check("§7 missing value fails", True)

    def fails(fn, *a):
        try:
            fn(*a)
            return False
        except Fail:
            return True

    # Trie rules of §7 on hand-made nodes
    one = lambda enc, key, extra=(): read_proof_key(
        {blake2b_256(x): x for x in (enc, *extra)}, blake2b_256(enc), key)
    check("§7 trie rules", one(b"\x42\xab" + enc_compact(3) + b"abc", b"\xab") == b"abc",
          "short root looked up by hash")
    check("§7 trie rules", one(b"\x42\xab" + enc_compact(40) + b"v" * 40, b"\xab") == b"v" * 40,
          "inline value of 40 bytes")
    check("§7 trie rules", one(b"\x22\xab" + blake2b_256(b"abc"), b"\xab", [b"abc"]) == b"abc",
          "hashed value of 3 bytes")
    check("§7 trie rules", one(b"\x00", b"\xab") is None, "empty trie holds no key")
    check("§7 trie rules", fails(one, b"\x80\x02\x00" + enc_compact(1) + b"\x00", b"\x10"),
          "embedded empty node")
    check("§7 trie rules", fails(one, b"\x80\x02\x00" + enc_compact(32) + blake2b_256(b"\x00"),
                                 b"\x10", [b"\x00"]), "hashed empty node below the root")
    check("§7 trie rules", fails(decode_node, b"\x42\xab" + enc_compact(3) + b"abc\x00"),
          "byte after the value")
    check("§7 trie rules", fails(decode_node, b"\x80\x02\x00" + enc_compact(1) + b"\x00\x00"),
          "byte after the last child")
    check("§7 trie rules", fails(decode_node, b"\x80\x02\x00" + enc_compact(33) + b"\x01" * 33),
          "child of 33 bytes")
    check("§7 trie rules", fails(decode_node, b"\x41\x1a" + enc_compact(0)), "padding nibble")
    check("§7 trie rules", all(fails(decode_node, bytes([b]) + b"\x00" * 40) for b in range(1, 16)),
          "first bytes 0x01-0x0f")
    check("§7 trie rules", fails(one, b"\x22\xab" + blake2b_256(b"abc"), b"\xab"),
          "missing hashed value")

    # SCALE strictness (§1, §5.2, §6)
    rec = (b"\x11" * 32 + b"\x22" * 32 + bytes([11]) + b"\x00\x00\x00" + u32le(40) + u64le(1)
           + u64le(12))
    check("§1 strict decoding", decode_record(rec)["catalogEntry"] is None, "valid record")
    check("§1 strict decoding", fails(decode_record, rec[:64] + bytes([16]) + rec[65:]), "kind 16")
    check("§1 strict decoding", fails(decode_record, rec[:65] + b"\x02" + rec[66:]), "Option tag 2")
    check("§1 strict decoding", fails(decode_record, rec + b"\x00"), "trailing byte")
    hdr = enc_header(b"\x00" * 32, 1, b"\x00" * 32, [b"\x08"])
    check("§1 strict decoding", decode_header(hdr, "h")["number"] == 1, "valid header")
    check("§1 strict decoding", fails(decode_header, hdr[:-1] + b"\x01", "h"), "digest variant 1")
    check("§1 strict decoding", fails(decode_header, hdr + b"\x00", "h"), "trailing byte")
    check("§1 strict decoding", fails(decode_header, b"\x00" * 32 + b"\x03\x00\x00\x00\x00\x01"
                                      + hdr[33:], "h"), "header number above u32")

    # Ed25519 strictness (§8 step 2)
    set0, set1 = test_keys()
    base = ed25519_decode(pub(set0[0]))
    check("§8 ed25519 strict", base is not None and not ed25519_small_order(base), "a real key")
    probe = ed25519_decode(bytes([3]) + b"\x00" * 31)  # some curve point (y = 3)
    torsion = ed25519_mul(ED_L, probe) if probe else None
    small = {ed25519_encode(ed25519_mul(i, torsion)) for i in range(8)} if torsion else set()
    check("§8 ed25519 strict", len(small) == 8, "8 small-order points found")
    check("§8 ed25519 strict", all(ed25519_small_order(ed25519_decode(e)) for e in small),
          "small-order points detected")
    mixed = ed25519_add(base, torsion) if torsion else base
    check("§8 ed25519 strict", not ed25519_small_order(mixed), "mixed-order point is not small")
    msg = b"message"
    sig = set0[0].sign(msg)
    check("§8 ed25519 strict", verify_ed25519(pub(set0[0]), sig, msg) is None, "valid signature")
    ident = bytes([1]) + b"\x00" * 31
    check("§8 ed25519 strict", verify_ed25519(ident, ident + b"\x00" * 32, msg) is not None,
          "identity key, identity R, S = 0")
    noncanon = (ED_P + 1).to_bytes(32, "little")  # y = p + 1, the identity again
    check("§8 ed25519 strict", verify_ed25519(noncanon, ident + b"\x00" * 32, msg) is not None,
          "non-canonical key encoding")
    check("§8 ed25519 strict", ed25519_decode((ED_P + 3).to_bytes(32, "little")) is None,
          "y >= p rejected")
    s_plus_l = (int.from_bytes(sig[32:], "little") + ED_L).to_bytes(32, "little")
    check("§8 ed25519 strict", verify_ed25519(pub(set0[0]), sig[:32] + s_plus_l, msg) is not None,
          "S + L")
    check("§8 ed25519 strict", all(verify_ed25519(pub(set0[0]), e + sig[32:], msg) is not None
                                   for e in small), "small-order R")

    # Synthetic end-to-end bundles, read back through JSON text: accepted, then mutated copies
    def via_json(d):
        return parse_json_text(json.dumps(d))
    bundle = synthetic_bundle()
    trust = parse_trusted_set(via_json(synthetic_trust(0)))
    rbundle, hb = synthetic_record_bundle()
    document = b"the evidence document"

    def accepts(d, t=trust, doc=None):
        quiet = []
        ok = verify(via_json(d) if not isinstance(d, str) else parse_json_text(d), t, doc, quiet.append)
        return ok, "\n".join(quiet)

    check("synthetic log-entry bundle verifies", *accepts(bundle))
    check("synthetic record bundle verifies", *accepts(rbundle))
    check("synthetic record bundle verifies with document", *accepts(rbundle, doc=document))

    def mutate(path, fn, base=bundle):
        m = copy.deepcopy(base)
        obj = m
        for p in path[:-1]:
            obj = obj[p]
        if fn is None:
            del obj[path[-1]]
        else:
            obj[path[-1]] = fn(obj[path[-1]])
        return m

    def flip(h, at=-1):
        b = bytearray(bytes.fromhex(h[2:]))
        b[at] ^= 1
        return hx(bytes(b))

    # descendant precommits for the record bundle (B = #41, precommits for its child #42)
    h42 = enc_header(blake2b_256(hb), 42, b"\x00" * 32, [])
    t41, t42 = (blake2b_256(hb), 41), (blake2b_256(h42), 42)

    def j_desc(anc, **kw):
        return synthetic_record_bundle(sign_justification(set0[:3], 0, 1, t41, pc_target=t42,
                                                          ancestries=anc, **kw))[0]

    # accepted variants (the document's settled points)
    no_meta = mutate(["subject", "record", "metadata"], None, rbundle)
    trust01 = parse_trusted_set(synthetic_trust(0, 1))
    trust1 = parse_trusted_set(synthetic_trust(1))
    variants = [
        ("upper-case hex", mutate(["state", "blockHash"], lambda h: "0x" + h[2:].upper()), trust),
        ("mixed-case hex", mutate(["subject", "entry"], lambda h: "0x" + h[2:].title()), trust),
        ("nullable field left out", no_meta, trust),
        ("leftover set-change entries ignored", mutate(["finality", "setChanges"], lambda c: c + [
            {"setId": 1, "header": "0x", "justification": "0x"}]), trust),
        ("trusted sets 0 and 1: set 1 taken, older entry ignored", bundle, trust01),
        ("entries below the trusted set ignored", mutate(["finality", "setChanges"], lambda c: [
            {"setId": 0, "header": "0x", "justification": "0x"}] + c), trust1),
        ("first ScheduledChange counts", synthetic_bundle(change_logs=[
            scheduled([(pub(k), 1) for k in set1]), scheduled([(pub(k), 1) for k in set0])]), trust),
        ("OnDisabled / Pause / Resume ignored", synthetic_bundle(change_logs=[
            b"\x03" + u64le(0), scheduled([(pub(k), 1) for k in set1]), b"\x04" + u32le(0),
            b"\x05" + u32le(0)]), trust),
        ("a key listed twice keeps its last weight", synthetic_bundle(
            change_logs=[scheduled([(pub(set1[0]), 5)] + [(pub(k), 1) for k in set1])],
            final_signers=set1[1:]), trust),
        ("a voter's repeated precommits count once", synthetic_bundle(
            final_signers=set1[:3] + [set1[0]]), trust),
        ("precommits for a descendant (votesAncestries)", j_desc([h42]), trust),
        ("a votesAncestries header given twice counts once", j_desc([h42, h42]), trust),
    ]
    for name, d, t in variants:
        ok, log = accepts(d, t)
        check("synthetic accepted variants", ok, name + "\n" + log)
    # leaving out fields that are non-null in the chain's record is a record mismatch, not a
    # format error
    out = []
    verify(via_json(mutate(["subject", "record", "agreement"], None, no_meta)), trust, None, out.append)
    check("synthetic accepted variants", any(l.startswith("ok format") for l in out)
          and any(l.startswith("FAILED record") for l in out), "agreement left out: record differs")

    dup_text = json.dumps(bundle).replace('"version": 1', '"version": 1, "version": 1', 1)
    dup_inner = json.dumps(bundle).replace('"stream": 0', '"stream": 0, "stream": 0', 1)
    mutations = [
        ("version", mutate(["version"], lambda x: 2)),
        ("version 1.0", mutate(["version"], lambda x: 1.0)),
        ("unknown field", mutate(["chain"], lambda c: {**c, "extra": 1})),
        ("unknown field in record", mutate(["subject", "record"], lambda c: {**c, "extra": None}, rbundle)),
        ("required field left out", mutate(["subject", "record", "sequence"], None, rbundle)),
        ("required field null", mutate(["subject", "record", "sequence"], lambda x: None, rbundle)),
        ("name given twice", dup_text),
        ("name given twice, nested", dup_inner),
        ("negative zero", json.dumps(bundle).replace('"stream": 0', '"stream": -0', 1)),
        ("exponent", json.dumps(bundle).replace('"leafIndex": 999', '"leafIndex": 9.99e2', 1)),
        ("hex prefix 0X", mutate(["state", "blockHash"], lambda h: "0X" + h[2:])),
        ("odd hex", mutate(["subject", "entry"], lambda h: h + "0")),
        ("block hash", mutate(["state", "blockHash"], flip)),
        ("block number", mutate(["state", "blockNumber"], lambda n: n + 1)),
        ("missing proof node", mutate(["state", "proof"], lambda p: p[1:])),
        ("genesis", mutate(["chain", "genesisHash"], flip)),
        ("anchor field", mutate(["subject", "anchor", "timestamp"], lambda t: t + 1)),
        ("anchor size", mutate(["subject", "anchor", "size"], lambda t: t - 1)),
        ("entry", mutate(["subject", "entry"], flip)),
        ("leaf index", mutate(["subject", "leafIndex"], lambda i: i - 1)),
        ("signature R", mutate(["finality", "justification"], lambda j: flip(j, 8 + 36 + 1 + 36 + 10))),
        ("signature S", mutate(["finality", "justification"], lambda j: flip(j, 8 + 36 + 1 + 36 + 32 + 5))),
        ("set id", mutate(["finality", "setId"], lambda s: 0)),
        ("ancestry missing", mutate(["finality", "ancestry"], lambda a: [])),
        ("set change missing", mutate(["finality", "setChanges"], lambda c: [])),
        ("set change justification", mutate(["finality", "setChanges"],
                                            lambda c: [{**c[0], "justification": flip(c[0]["justification"], 100)}])),
        ("record kind", mutate(["subject", "record", "kind"], lambda k: "other", rbundle)),
        ("record kind not a name", mutate(["subject", "record", "kind"], lambda k: "contract", rbundle)),
        ("record kind a number", json.dumps(rbundle).replace('"kind": "contractDelivery"', '"kind": -11', 1)),
        ("record catalog", mutate(["subject", "record", "catalogEntry"], lambda k: "urn:tds:catalog:0:01", rbundle)),
        ("record agreement as a double", mutate(["subject", "record", "agreement"],
                                                lambda a: float(a), rbundle)),
        ("record agreement off by one", mutate(["subject", "record", "agreement"], lambda a: a - 1, rbundle)),
        ("forced change", synthetic_bundle(change_logs=[
            scheduled([(pub(k), 1) for k in set1]), b"\x02" + u32le(0) + scheduled([])[1:-4]])),
        ("delay not 0", synthetic_bundle(change_logs=[scheduled([(pub(k), 1) for k in set1], delay=1)])),
        ("first ScheduledChange counts (wrong set first)", synthetic_bundle(change_logs=[
            scheduled([(pub(k), 1) for k in set0]), scheduled([(pub(k), 1) for k in set1])])),
        ("unknown FRNK variant", synthetic_bundle(change_logs=[
            b"\x06", scheduled([(pub(k), 1) for k in set1])])),
        ("no scheduled change", synthetic_bundle(change_logs=[b"\x04" + u32le(0)])),
        ("last weight (first weight would accept)", synthetic_bundle(
            change_logs=[scheduled([(pub(k), 1) for k in set1] + [(pub(set1[0]), 5)])],
            final_signers=set1[1:])),
        ("weight 0 (assumption A6)", synthetic_bundle(
            change_logs=[scheduled([(pub(k), 1) for k in set1] + [(pub(set1[3]), 0)])])),
        ("B not after the last change", synthetic_bundle(change_number=10)),
        ("repeated precommits below threshold", synthetic_bundle(final_signers=set1[:2] * 2)),
        ("key outside the set", synthetic_bundle(final_signers=set1[:2] + set0[:1])),
        ("unused votesAncestries header", j_desc([h42, enc_header(b"\x00" * 32, 43, b"\x00" * 32, [])])),
        ("missing votesAncestries header", j_desc([])),
        ("precommit signed over the commit target", j_desc([h42], sign_target=t41)),
        ("no precommit", synthetic_record_bundle(sign_justification([], 0, 1, t41))[0]),
    ]
    for name, m in mutations:
        check("synthetic mutations rejected", not accepts(m)[0], name)
    try:
        t2 = parse_trusted_set({"genesisHash": hx(GENESIS), "sets": [
            {"setId": 2, "authorities": [hx(pub(k)) for k in set1]}]})
        check("synthetic mutations rejected", not accepts(bundle, t2)[0], "no trusted set at or below setId")
    except Unreadable as e:
        check("synthetic mutations rejected", False, str(e))
    for name, bad in [("unknown field", {**synthetic_trust(0), "x": 1}),
                      ("name given twice", json.dumps(synthetic_trust(0)).replace(
                          '"setId": 0', '"setId": 0, "setId": 0'))]:
        try:
            parse_trusted_set(parse_json_text(bad) if isinstance(bad, str) else bad)
            check("trusted-set file errors", False, name)
        except Unreadable:
            check("trusted-set file errors", True)
    check("synthetic document mismatch rejected", not accepts(rbundle, doc=b"nope")[0])
    two = copy.deepcopy(rbundle)
    j = bytes.fromhex(two["finality"]["justification"][2:])
    # keep two of three precommits: rewrite the Vec length and drop the last 132-byte precommit
    j2 = j[:44] + enc_compact(2) + j[45:45 + 2 * 132] + j[45 + 3 * 132:]
    two["finality"]["justification"] = hx(j2)
    check("synthetic below-threshold rejected", not accepts(two)[0])

    for name, n in counts.items():
        bad = sum(1 for f in failures if f.startswith(name + ":"))
        print(f"{'ok' if not bad else 'FAILED'} {name}: {n - bad}/{n}")
    for f in failures[:20]:
        print("  failure:", f)
    print("SELF-TEST PASSED" if not failures else f"SELF-TEST FAILED ({len(failures)} failures)")
    return not failures


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Verify a TDS Ledger evidence bundle (docs/evidence-bundle.md).")
    ap.add_argument("bundle", nargs="?", help="the bundle (JSON)")
    ap.add_argument("--trusted-set", help="the trusted-set file (§11)")
    ap.add_argument("--document", help="the evidence document of a notarised event")
    ap.add_argument("--self-test", action="store_true", help="check the Merkle vectors and §13 values")
    ap.add_argument("--vectors", default=None, help="path of merkle.json for --self-test")
    args = ap.parse_args(argv)
    if args.self_test:
        import os
        path = args.vectors or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                            "primitives", "tests", "vectors", "merkle.json")
        try:
            return 0 if self_test(path) else 1
        except Unreadable as e:
            print(f"unreadable: {e}", file=sys.stderr)
            return 2
    if not args.bundle or not args.trusted_set:
        ap.error("BUNDLE and --trusted-set are required (or --self-test)")
    try:
        doc = load_json(args.bundle, "bundle")
        trust = parse_trusted_set(load_json(args.trusted_set, "trusted set"))
        document = None
        if args.document:
            try:
                with open(args.document, "rb") as f:
                    document = f.read()
            except OSError as e:
                raise Unreadable(f"document {args.document}: {e}")
    except Unreadable as e:
        print(f"unreadable: {e}", file=sys.stderr)
        return 2
    return 0 if verify(doc, trust, document) else 1


if __name__ == "__main__":
    sys.exit(main())
