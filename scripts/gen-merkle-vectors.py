#!/usr/bin/env python3
"""Writes the Merkle log test vectors (primitives/tests/vectors/merkle.json).

An implementation independent of the Rust library: RFC 9162 §2.1 (MTH, PATH, PROOF) with
BLAKE3-256 and the 0x00 / 0x01 prefixes of SPEC §7, in Python, straight from the RFC's text.
The Rust tests check the library against the file; regenerate only if the format itself changes
(it is normative: a change breaks every proof ever issued).

    pip install blake3 && python3 scripts/gen-merkle-vectors.py
"""

import json
import os
import sys

from blake3 import blake3


def h(data: bytes) -> bytes:
    return blake3(data).digest()


def k_of(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d):
    if len(d) == 0:
        return h(b"")
    if len(d) == 1:
        return h(b"\x00" + d[0])
    k = k_of(len(d))
    return h(b"\x01" + mth(d[:k]) + mth(d[k:]))


def path(m, d):
    if len(d) == 1:
        return []
    k = k_of(len(d))
    if m < k:
        return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m, d, b):
    n = len(d)
    if m == n:
        return [] if b else [mth(d)]
    k = k_of(n)
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


def proof(m, d):
    return subproof(m, d, True)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(root, "primitives", "tests", "vectors", "merkle.json")
    # The eight leaves of the Certificate Transparency test suite, then generated ones of
    # growing length (some longer than a BLAKE3 chunk of 1024 bytes).
    leaves = [bytes.fromhex(x) for x in [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]]
    for i in range(8, 70):
        leaves.append(bytes((i * 7 + j) % 256 for j in range(i if i % 10 else 1100 + i)))
    small = range(1, 17)
    large = [33, 64, 70]
    vectors = {
        "description": "RFC 9162 Merkle tree with BLAKE3-256: leaf = BLAKE3(0x00 || entry), "
        "node = BLAKE3(0x01 || left || right), empty tree = BLAKE3(''). Hex strings.",
        "generator": "scripts/gen-merkle-vectors.py",
        "leaves": [x.hex() for x in leaves],
        "leafHashes": [h(b"\x00" + x).hex() for x in leaves],
        "roots": [{"size": n, "root": mth(leaves[:n]).hex()} for n in range(0, len(leaves) + 1)],
        "inclusion": [
            {"index": m, "size": n, "proof": [x.hex() for x in path(m, leaves[:n])]}
            for n in list(small) + large for m in range(n) if n in small or m % 7 in (0, 6)
        ],
        "consistency": [
            {"old": m, "new": n, "proof": [x.hex() for x in proof(m, leaves[:n])]}
            for n in list(small) + large for m in range(1, n + 1) if n in small or m % 7 in (0, 1)
        ],
    }
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        # One vector per line: readable diffs, small file.
        f.write("{\n")
        items = list(vectors.items())
        for i, (key, value) in enumerate(items):
            sep = "," if i + 1 < len(items) else ""
            if isinstance(value, list) and value and isinstance(value[0], dict):
                f.write(f' "{key}": [\n')
                f.write(",\n".join("  " + json.dumps(v) for v in value))
                f.write(f"\n ]{sep}\n")
            else:
                f.write(f" {json.dumps(key)}: {json.dumps(value)}{sep}\n")
        f.write("}\n")
    print(f"wrote {out}: {len(vectors['inclusion'])} inclusion, "
          f"{len(vectors['consistency'])} consistency proofs", file=sys.stderr)


if __name__ == "__main__":
    main()
