#!/usr/bin/env python3
"""Sorts a `perf report --no-children --sort comm,dso,sym -g none --stdio` listing of the node
by thread and by kind of work, and writes OUT.md and OUT.json (scripts/profile-gateway.sh).

The kinds are matched on symbol names (first match wins); a symbol that matches none is
"other". `--self-test` checks the parser and the classifier on a small listing.
"""
import argparse
import json
import re
import sys

# (kind, substrings of the symbol or shared object): first match wins.
KINDS = [
    ("ed25519 verification (curve25519, SHA-512)", ["curve25519", "sha512", "ed25519", "subtle::"]),
    ("redb (B-tree, page cache)", ["redb::"]),
    ("BLAKE3 (leaf hashes, subtrees)", ["blake3"]),
    ("JSON and hex decoding", ["serde_json", "serde_core", "decode_hex", "LogEntryJson", "hex::"]),
    ("SCALE encoding", ["parity_scale_codec"]),
    ("WebSocket and RPC server", ["soketto", "jsonrpsee", "hyper", "tokio::"]),
    ("allocation and copying (libc)", ["malloc", "free", "_int_", "unlink_chunk", "memmove",
                                       "memcpy", "memcmp", "memset", "realloc"]),
    ("kernel (syscalls, writes, fsync, scheduling)", ["[k]"]),
]

LINE = re.compile(r"^\s*([\d.]+)%\s+(\S+)\s+(\S+)\s+(.*)$")
EVENTS = re.compile(r"^# Event count \(approx\.\):\s*(\d+)")


def kind_of(dso, symbol):
    text = f"{dso} {symbol}"
    for kind, needles in KINDS:
        if any(needle in text for needle in needles):
            return kind
    return "other"


def parse(lines):
    """Returns (event count, [(percent, thread, kind, symbol)])."""
    events, rows = None, []
    for line in lines:
        match = EVENTS.match(line)
        if match:
            events = int(match.group(1))
            continue
        if line.startswith("#"):
            continue
        match = LINE.match(line)
        if match:
            percent, thread, dso, symbol = match.groups()
            rows.append((float(percent), thread, kind_of(dso, symbol), symbol.strip()))
    return events, rows


def summarise(events, rows, seconds, node_cores=None):
    threads = {}
    for percent, thread, kind, symbol in rows:
        entry = threads.setdefault(thread, {"percent": 0.0, "kinds": {}, "top": []})
        entry["percent"] += percent
        entry["kinds"][kind] = entry["kinds"].get(kind, 0.0) + percent
        if len(entry["top"]) < 5:
            entry["top"].append({"percent": percent, "symbol": symbol[:120]})
    # cpu-clock counts nanoseconds of CPU time: over the sampled wall time, the cores the node
    # had while profiled. The unprofiled figure, when given, is the one that splits by thread.
    profiled = events / 1e9 / seconds if events and seconds else None
    cores = node_cores if node_cores is not None else profiled
    out = {"coresUsedByNode": cores, "coresUsedByNodeProfiled": profiled,
           "sampledSeconds": seconds, "threads": []}
    for thread, entry in sorted(threads.items(), key=lambda item: -item[1]["percent"]):
        share = entry["percent"]
        out["threads"].append({
            "thread": thread,
            "percentOfNode": round(share, 1),
            "cores": round(cores * share / 100, 2) if cores else None,
            "kinds": [
                {"kind": kind, "percentOfThread": round(100 * value / share, 1)}
                for kind, value in sorted(entry["kinds"].items(), key=lambda kv: -kv[1])
                if share > 0
            ],
            "topSymbols": entry["top"],
        })
    return out


def markdown(summary, command, bench_line):
    lines = ["# Gateway profile", "", f"`{command}`", ""]
    if bench_line:
        lines += [f"Under the profiler: {bench_line}", ""]
    cores = summary["coresUsedByNode"]
    if cores is not None:
        generator = summary.get("loadGeneratorCores")
        generator = f"{generator:.2f} cores" if generator is not None else "the rest"
        profiled = summary.get("coresUsedByNodeProfiled")
        profiled = f"{profiled:.2f}" if profiled is not None else "—"
        lines += [f"The node used {cores:.2f} cores (under the profiler {profiled}: perf's "
                  f"unwinding takes CPU too); the load generator (tds-bench) on the same "
                  f"machine {generator}. Threads' cores are the node's cores split by their "
                  "share of the samples.", ""]
    lines += ["| thread | share of the node | cores | work (share of the thread) |",
              "|---|--:|--:|---|"]
    for thread in summary["threads"]:
        if thread["percentOfNode"] < 1:
            continue
        kinds = "; ".join(f"{k['kind']} {k['percentOfThread']:.0f}%"
                          for k in thread["kinds"] if k["percentOfThread"] >= 2)
        cores_text = f"{thread['cores']:.2f}" if thread["cores"] is not None else "—"
        lines.append(f"| {thread['thread']} | {thread['percentOfNode']:.1f}% | {cores_text} "
                     f"| {kinds} |")
    return "\n".join(lines) + "\n"


def self_test():
    listing = [
        "# Event count (approx.): 2000000000",
        "    50.00%  rpc   tds-node   [.] curve25519_dalek::field::mul",
        "    20.00%  rpc   libc.so.6  [.] _int_malloc",
        "    25.00%  gateway-writer  tds-node  [.] redb::tree_store::insert",
        "     5.00%  gateway-writer  [kernel.kallsyms]  [k] ext4_sync_file",
    ]
    events, rows = parse(listing)
    assert events == 2_000_000_000, events
    assert [r[2] for r in rows] == [KINDS[0][0], KINDS[6][0], KINDS[1][0], KINDS[7][0]], rows
    summary = summarise(events, rows, 1.0)
    assert summary["coresUsedByNode"] == 2.0
    rpc = summary["threads"][0]
    assert rpc["thread"] == "rpc" and rpc["percentOfNode"] == 70.0 and rpc["cores"] == 1.4
    assert rpc["kinds"][0] == {"kind": KINDS[0][0], "percentOfThread": 71.4}, rpc["kinds"]
    text = markdown(summary, "cmd", None)
    assert "| rpc | 70.0% | 1.40 |" in text, text
    print("profile-report self-test: ok")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("listing", nargs="?")
    parser.add_argument("--seconds", type=float, default=8.0, help="wall time sampled")
    parser.add_argument("--node-cores", type=float,
                        help="cores the node used in an unprofiled window of the same load")
    parser.add_argument("--load-generator-cores", type=float,
                        help="cores tds-bench used in that window")
    parser.add_argument("--bench-log", help="tds-bench's output, for its rate line")
    parser.add_argument("--command", default="scripts/profile-gateway.sh")
    parser.add_argument("--out", help="path without extension for .md and .json")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        self_test()
        return
    if not args.listing or not args.out:
        parser.error("a listing and --out are required")
    with open(args.listing, encoding="utf-8", errors="replace") as listing:
        events, rows = parse(listing)
    if not rows:
        sys.exit(f"no samples in {args.listing}")
    bench_line = None
    if args.bench_log:
        with open(args.bench_log, encoding="utf-8") as log:
            found = [line.strip() for line in log if "acknowledged in" in line]
        bench_line = found[-1] if found else None
    summary = summarise(events, rows, args.seconds, args.node_cores)
    summary["command"] = args.command
    summary["benchLine"] = bench_line
    summary["loadGeneratorCores"] = args.load_generator_cores
    with open(args.out + ".json", "w", encoding="utf-8") as out:
        json.dump(summary, out, indent=1)
    text = markdown(summary, args.command, bench_line)
    with open(args.out + ".md", "w", encoding="utf-8") as out:
        out.write(text)
    print(text)


if __name__ == "__main__":
    main()
