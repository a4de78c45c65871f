#!/usr/bin/env python3
"""Worst-case throughput of the runtime's calls, from its benchmarked weights.

Parses the frame-benchmarking v2 output in runtime/src/weights/*.rs and reads every constant the
weights are spent against from its source: `DbWeight` (runtime/src/configs/system.rs, else
frame-system's `SolochainDefaultConfig`; values in frame-support's src/weights/), the
`ExtrinsicBaseWeight` and `BlockExecutionWeight` (frame-support), the normal class's `max_total`
and `max_extrinsic` (`BlockWeights::with_sensible_defaults` in frame-system's src/limits.rs,
applied to system.rs's block weight and ratio), the weight of the runtime's `TxExtension`
(runtime/src/lib.rs, each element mapped to its benchmarked function in `EXTENSIONS`) and
`SLOT_DURATION_MS`. The crates are read from cargo's registry at their Cargo.lock versions.

A call's weight is what its function returns (ref time including the DbWeight of its reads and
writes), with every component at the top of its range (worst) or the bottom (best). As in
`CheckWeight`, a call fits a block if call + extensions <= max_extrinsic, and a block holds
floor(max_total / (call + extensions + extrinsic base)) of them.

    scripts/bench-weights.py [--json PATH] [--markdown PATH] [--repo DIR] [--self-test]
"""

import argparse
import glob
import json
import os
import re
import sys
from pathlib import Path

PERBILL = 1_000_000_000
#: `TxExtension` element -> (weights file, function) of the weight it claims. `CheckEra` claims
#: the mortal transaction's weight, the heavier of the two and what wallets send.
EXTENSIONS = {
    "CheckNonZeroSender": ("frame_system_extensions", "check_non_zero_sender"),
    "CheckSpecVersion": ("frame_system_extensions", "check_spec_version"),
    "CheckTxVersion": ("frame_system_extensions", "check_tx_version"),
    "CheckGenesis": ("frame_system_extensions", "check_genesis"),
    "CheckEra": ("frame_system_extensions", "check_mortality_mortal_transaction"),
    "CheckMortality": ("frame_system_extensions", "check_mortality_mortal_transaction"),
    "CheckNonce": ("frame_system_extensions", "check_nonce"),
    "CheckWeight": ("frame_system_extensions", "check_weight"),
    "WeightReclaim": ("frame_system_extensions", "weight_reclaim"),
    "CheckAdmission": ("pallet_admission", "check_admission"),
}
FN_RE = re.compile(r"^\s*fn (\w+)\(([^)]*)\)\s*->\s*Weight\s*\{\s*$")
RANGE_RE = re.compile(r"The range of component `(\w+)` is `\[(\d+), (\d+)\]`")
NUM = r"([\d_]+?)(?:_u64)?"
TERM_RE = re.compile(
    rf"Weight::from_parts\(\s*{NUM}\s*,\s*{NUM}\s*\)"
    rf"(?:\s*\.saturating_mul\(\s*(\w+)\.into\(\)\s*\))?"
    rf"|T::DbWeight::get\(\)\.(reads|writes)\(\s*(?:\(\s*{NUM}\s*\)\s*\.saturating_mul\("
    rf"\s*(\w+)\.into\(\)\s*\)|{NUM})\s*\)")
SAMPLE = """
	/// Storage: `Notary::Records` (r:999 w:999)
	/// The range of component `n` is `[1, 1000]`.
	fn sample(n: u32, ) -> Weight {
		// Minimum execution time: 144_551_000 picoseconds.
		Weight::from_parts(163_676_000, 0)
			.saturating_add(Weight::from_parts(0, 7720))
			// Standard Error: 624_323
			.saturating_add(Weight::from_parts(91_749_702, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1))
			.saturating_add(T::DbWeight::get().writes((5_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 4125).saturating_mul(n.into()))
	}
"""


def num(text):
    return int(text.replace("_", ""))


def parse_fn(name, params, docs, body):
    """One weight function as linear forms {component or "": coefficient} of its parts."""
    ranges = {m[1]: [int(m[2]), int(m[3])] for m in RANGE_RE.finditer("\n".join(docs))}
    comps = [p.split(":")[0].strip().lstrip("_") for p in params.split(",") if p.strip()]
    missing = [c for c in comps if c not in ranges]
    if missing:
        raise ValueError(f"{name}: no range for component(s) {missing}")
    code = "\n".join(line.split("//")[0] for line in body)
    forms = {"ref": {}, "proof": {}, "reads": {}, "writes": {}}

    def add(part, comp, value):
        if comp and comp not in comps:
            raise ValueError(f"{name}: unknown component {comp}")
        forms[part][comp or ""] = forms[part].get(comp or "", 0) + value

    terms = list(TERM_RE.finditer(code))
    if len(terms) != code.count("saturating_add(") + 1:
        raise ValueError(f"{name}: unrecognised terms in\n{code}")
    for t in terms:
        if t[1] is not None:
            add("ref", t[3], num(t[1]))
            add("proof", t[3], num(t[2]))
        else:
            add(t[4], t[6], num(t[5] if t[5] is not None else t[7]))
    return {"call": name, "components": {c: ranges[c] for c in comps}, **forms}


def parse_weights(text):
    """Every weight function of a generated file, in file order."""
    lines, calls = text.splitlines(), []
    for i, line in enumerate(lines):
        m = FN_RE.match(line)
        if not m:
            continue
        docs, j = [], i - 1
        while j >= 0 and lines[j].strip().startswith(("///", "#[")):
            docs.insert(0, lines[j].strip())
            j -= 1
        end = next(k for k in range(i + 1, len(lines)) if lines[k].strip() == "}")
        calls.append(parse_fn(m[1], m[2], docs, lines[i + 1:end]))
    return calls


def evaluate(form, values):
    return sum(coef * (values[c] if c else 1) for c, coef in form.items())


def weigh(fn, db, which):
    """(ref time incl. db, reads, writes, proof size) of `fn` with components at `which` end."""
    values = {c: r[which] for c, r in fn["components"].items()}
    reads, writes = evaluate(fn["reads"], values), evaluate(fn["writes"], values)
    ref = evaluate(fn["ref"], values) + reads * db["readPs"] + writes * db["writePs"]
    return ref, reads, writes, evaluate(fn["proof"], values)


def perbill_mul(parts, value):
    """`Perbill * u64` as sp-arithmetic rounds it (to nearest, ties down)."""
    quotient, rest = divmod(value * parts, PERBILL)
    return quotient + (1 if 2 * rest > PERBILL else 0)


def find(pattern, text, where):
    m = re.search(pattern, text, re.S)
    if not m:
        raise SystemExit(f"bench-weights: {pattern!r} not found in {where}")
    return m


def crate_dir(repo, name):
    """The crate's source in cargo's registry, at the version in Cargo.lock."""
    lock = (repo / "Cargo.lock").read_text()
    versions = sorted(set(re.findall(rf'name = "{name}"\nversion = "([^"]+)"', lock)))
    if len(versions) != 1:
        raise SystemExit(f"bench-weights: {name} has versions {versions} in Cargo.lock")
    home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    dirs = glob.glob(f"{home}/registry/src/*/{name}-{versions[0]}")
    if not dirs:
        raise SystemExit(f"bench-weights: {name} {versions[0]} not in {home}/registry/src")
    return Path(dirs[0])


def rust_expr(expr, consts, where):
    """Value of a constant integer expression such as `8_000 * WEIGHT_REF_TIME_PER_NANOS`."""
    expr = re.sub(r"\b(?:\w+::)*(WEIGHT_REF_TIME_PER_\w+)", lambda m: str(consts[m[1]]), expr)
    expr = expr.replace("_", "").replace(".saturatingmul(", "*(").replace("/", "//")
    if not re.fullmatch(r"[\d\s*+()/-]+", expr):
        raise SystemExit(f"bench-weights: cannot evaluate {expr!r} from {where}")
    return eval(expr)  # only digits and arithmetic, checked above


def short(path, repo):
    """`path` relative to the repository, or to cargo's registry."""
    return re.sub(r"^.*/registry/src/[^/]+/", "", str(path).replace(f"{repo}/", ""))


def db_weight(repo, config_path, units):
    """The runtime's `DbWeight`: name, read and write ref time, and where they come from."""
    src = config_path
    db = re.search(r"type DbWeight = ([^;]+);", config_path.read_text())
    if not db:  # not overridden: frame-system's prelude decides
        src = crate_dir(repo, "frame-system") / "src/lib.rs"
        prelude = find(r"impl DefaultConfig for SolochainDefaultConfig \{(.*?)\n\t\t\}",
                       src.read_text(), src)[1]
        db = find(r"type DbWeight = ([^;]+);", prelude, src)
    name = db[1].strip().split("::")[-1]
    if name == "()":
        return {"name": name, "readPs": 0, "writePs": 0}, short(src, repo)
    files = (crate_dir(repo, "frame-support") / "src/weights").glob("*_weights.rs")
    file = next(f for f in files if f"pub const {name}:" in f.read_text())
    m = find(rf"pub const {name}: RuntimeDbWeight = RuntimeDbWeight \{{\s*read: ([^,]+),"
             r"\s*write: ([^,]+),", file.read_text(), file)
    weight = {"readPs": rust_expr(m[1], units, file), "writePs": rust_expr(m[2], units, file)}
    return {"name": name, **weight}, f"{short(src, repo)}; {short(file, repo)}"


def base_weight(repo, name, file, units):
    """`ExtrinsicBaseWeight` or `BlockExecutionWeight` from frame-support."""
    path = crate_dir(repo, "frame-support") / "src/weights" / file
    expr = find(rf"pub const {name}: Weight =\s*Weight::from_parts\(\s*(.+?),\s*0\s*\);",
                path.read_text(), path)[1]
    return rust_expr(expr, units, path)


def normal_limits(repo, config_path, units, base_extrinsic):
    """(block, ratio %, init %, normal max_total, normal max_extrinsic) as frame-system builds
    them in `BlockWeights::with_sensible_defaults`."""
    config = config_path.read_text()
    expr = find(r"with_sensible_defaults\(\s*Weight::from_parts\(\s*([^,]+),", config, config_path)
    block = rust_expr(expr[1], units, config_path)
    ratio = int(find(r"NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent\((\d+)\)",
                     config, config_path)[1])
    path = crate_dir(repo, "frame-system") / "src/limits.rs"
    body = find(r"pub fn with_sensible_defaults\((.*?)\n\t\}", path.read_text(), path)[1]
    for line in ("weights.max_total = normal_weight.into();",
                 "weights.max_total = expected_block_weight.into();"):
        find(re.escape(line), body, path)  # normal gets the ratio, operational all of it
    init = int(find(r"avg_block_initialization\(Perbill::from_percent\((\d+)\)\)", body, path)[1])
    normal_total = perbill_mul(ratio * PERBILL // 100, block)
    max_block = max(normal_total, block)  # the largest class max_total
    init_weight = perbill_mul(init * PERBILL // 100, max_block)
    return block, ratio, init, normal_total, max(0, normal_total - init_weight - base_extrinsic)


def extension_weights(lib, lib_path, weights, db):
    """Each element of the runtime's `TxExtension` tuple and the ref time it claims."""
    items = re.sub(r"<[^>]*>", "", find(r"pub type TxExtension = \((.*?)\);", lib, lib_path)[1])
    extensions = []
    for item in filter(None, (s.strip() for s in items.split(","))):
        key = item.split("::")[-1]
        if key not in EXTENSIONS:
            raise SystemExit(f"bench-weights: no weight known for {item}; add it to EXTENSIONS")
        file, fn_name = EXTENSIONS[key]
        fn = next(f for f in weights[file] if f["call"] == fn_name)
        extensions.append({"extension": key, "weight": f"{file}::{fn_name}",
                           "ps": weigh(fn, db, 1)[0]})
    return extensions


def load_constants(repo, weights):
    """The constants the weights are spent against, with the files they come from."""
    sp_weights = crate_dir(repo, "sp-weights") / "src/lib.rs"
    units = {k: num(v) for k, v in re.findall(
        r"pub const (WEIGHT_REF_TIME_PER_\w+): u64 = ([\d_]+);", sp_weights.read_text())}
    config_path, lib_path = repo / "runtime/src/configs/system.rs", repo / "runtime/src/lib.rs"
    if re.search(r"base_extrinsic|base_block|ExtrinsicBaseWeight|BlockExecutionWeight",
                 config_path.read_text()):
        raise SystemExit("bench-weights: system.rs overrides base weights; teach this script")
    lib = lib_path.read_text()
    db, db_src = db_weight(repo, config_path, units)
    extrinsic_base = base_weight(repo, "ExtrinsicBaseWeight", "extrinsic_weights.rs", units)
    block, ratio, init, total, max_extrinsic = normal_limits(repo, config_path, units,
                                                             extrinsic_base)
    extensions = extension_weights(lib, lib_path, weights, db)
    support = crate_dir(repo, "frame-support") / "src/weights"
    limits = crate_dir(repo, "frame-system") / "src/limits.rs"
    return {
        "dbWeight": db, "extrinsicBasePs": extrinsic_base,
        "blockExecutionPs": base_weight(repo, "BlockExecutionWeight", "block_weights.rs", units),
        "transactionExtensionsPs": sum(e["ps"] for e in extensions), "extensions": extensions,
        "slotMs": num(find(r"SLOT_DURATION_MS: u64 = ([\d_]+);", lib, lib_path)[1]),
        "maxBlockPs": block, "normalDispatchPercent": ratio, "avgBlockInitialisationPercent": init,
        "normalMaxTotalPs": total, "normalMaxExtrinsicPs": max_extrinsic,
        "sources": {"dbWeight": db_src,
                    "baseWeights": short(support / "{extrinsic,block}_weights.rs", repo),
                    "blockWeights": f"{short(config_path, repo)}; {short(limits, repo)}",
                    "extensions": f"TxExtension in {short(lib_path, repo)}; runtime/src/weights/",
                    "slot": short(lib_path, repo)},
    }


def call_row(pallet, fn, consts):
    """One call's entry of the report."""
    best, worst = weigh(fn, consts["dbWeight"], 0), weigh(fn, consts["dbWeight"], 1)
    overhead = consts["transactionExtensionsPs"] + consts["extrinsicBasePs"]

    def per_block(ref):
        fits = ref + consts["transactionExtensionsPs"] <= consts["normalMaxExtrinsicPs"]
        return consts["normalMaxTotalPs"] // (ref + overhead) if fits else 0

    comps = fn["components"]
    items = comps["n"][1] if list(comps) == ["n"] else 1
    per_second = round(per_block(worst[0]) * 1000 / consts["slotMs"], 3)
    return {"pallet": pallet, "call": fn["call"], "components": comps,
            "refTimePsBest": best[0], "refTimePsWorst": worst[0], "readsWorst": worst[1],
            "writesWorst": worst[2], "proofSizeWorst": worst[3],
            "perExtrinsicPs": worst[0] + overhead, "maxPerBlock": per_block(worst[0]),
            "maxPerSecond": per_second, "itemsPerExtrinsic": items,
            "maxItemsPerSecond": round(per_second * items, 3),
            "perExtrinsicPsBest": best[0] + overhead,
            "maxPerSecondBest": round(per_block(best[0]) * 1000 / consts["slotMs"], 3)}


def build_report(repo):
    files = sorted(p for p in (repo / "runtime/src/weights").glob("*.rs") if p.name != "mod.rs")
    weights = {p.stem: parse_weights(p.read_text()) for p in files}
    consts = load_constants(repo, weights)
    claimed = set(EXTENSIONS.values())
    calls = [call_row(pallet, fn, consts) for pallet, fns in weights.items()
             if pallet != "frame_system_extensions"
             for fn in fns if (pallet, fn["call"]) not in claimed]
    return {**consts, "calls": sorted(calls, key=lambda c: (c["pallet"], c["call"]))}


def us(ps):
    return f"{ps / 1e6:,.1f}"


def render_intro(report):
    db, src = report["dbWeight"], report["sources"]
    ext = ", ".join(f"{e['extension']} {us(e['ps'])}" for e in report["extensions"])
    return (
        f"Constants: DbWeight `{db['name']}`, read {us(db['readPs'])} µs, write "
        f"{us(db['writePs'])} µs ({src['dbWeight']}); ExtrinsicBaseWeight "
        f"{us(report['extrinsicBasePs'])} µs, BlockExecutionWeight "
        f"{us(report['blockExecutionPs'])} µs ({src['baseWeights']}); block "
        f"{us(report['maxBlockPs'])} µs of ref time, normal class "
        f"{report['normalDispatchPercent']}%: max_total {us(report['normalMaxTotalPs'])} µs, "
        f"max_extrinsic {us(report['normalMaxExtrinsicPs'])} µs (with_sensible_defaults sets "
        f"{report['avgBlockInitialisationPercent']}% of the block aside for initialisation and "
        f"the base; {src['blockWeights']}); transaction extensions "
        f"{us(report['transactionExtensionsPs'])} µs per signed transaction ({ext}; "
        f"{src['extensions']}); slot {report['slotMs']:,} ms ({src['slot']}). Weights are worst "
        "case (every component at the top of its benchmarked range) and include the DbWeight of "
        "the reads and writes; a call heavier than max_extrinsic fits no block (0).\n")


def render_table(report):
    rows = ["| pallet | call | worst-case components | weight (µs, worst) | reads / writes | "
            "per extrinsic incl. base and extensions (µs) | max per block | max per second | "
            "max items per second |", "|---|---|---|--:|--:|--:|--:|--:|--:|"]
    for c in report["calls"]:
        comps = ", ".join(f"{k}={hi:,} ({lo:,}–{hi:,})"
                          for k, (lo, hi) in c["components"].items()) or "—"
        rows.append(f"| {c['pallet']} | {c['call']} | {comps} | {us(c['refTimePsWorst'])} | "
                    f"{c['readsWorst']:,} / {c['writesWorst']:,} | {us(c['perExtrinsicPs'])} | "
                    f"{c['maxPerBlock']:,} | {c['maxPerSecond']:,g} | "
                    f"{c['maxItemsPerSecond']:,g} |")
    return "\n".join(rows) + "\n"


def render_markdown(report):
    return render_intro(report) + "\n" + render_table(report)


def self_test():
    calls = parse_weights(SAMPLE)
    expect = [{"call": "sample", "components": {"n": [1, 1000]},
               "ref": {"": 163_676_000, "n": 91_749_702}, "proof": {"": 7720, "n": 4125},
               "reads": {"": 6, "n": 4}, "writes": {"": 1, "n": 5}}]
    db = {"readPs": 8_000_000, "writePs": 50_000_000}
    checks = [(calls, expect),
              (weigh(calls[0], db, 1), (374_011_378_000, 4006, 5001, 4_132_720)),
              (weigh(calls[0], db, 0), (635_425_702, 10, 6, 11_845)),
              (perbill_mul(750_000_000, 10**12), 750 * 10**9), (perbill_mul(1, 500_000_000), 0)]
    failed = [(got, want) for got, want in checks if got != want]
    for got, want in failed:
        print(f"self-test: got {got}, want {want}", file=sys.stderr)
    print("self-test: " + ("FAILED" if failed else "ok"))
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", help="write the figures as JSON here")
    parser.add_argument("--markdown", help="write the markdown table here")
    parser.add_argument("--repo", default=Path(__file__).resolve().parent.parent, type=Path)
    parser.add_argument("--self-test", action="store_true", help="check the parser and exit")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    report = build_report(args.repo.resolve())
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if args.markdown:
        Path(args.markdown).write_text(render_markdown(report))
    if not (args.json or args.markdown):
        print(render_markdown(report), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
