#!/usr/bin/env python3
"""Merges benchmark result files into the TDS Ledger benchmark report.

Each RESULT.json is one section as the Rust benchmark binaries write it (tests/src/bench.rs):
`machine`, `command`, `section` (a title starting with its number), `figures` (id, title, unit,
median, min, max, runs, values, target {op, value, text} or null, limit, detail) and `notes`.
Writes DIR/report.json and DIR/report.md: the sections in the order of their numbers, every
figure judged against its target (`met`, and `gap`, the median's relative distance from the
target: "-38%" is a shortfall for `>=`, "+20%" an overshoot for `<=`), the weights from
bench-weights.py --json if given (rendered by bench-weights.py itself) and a summary of targets.

    scripts/bench-report.py --out-dir DIR [--weights WEIGHTS.json] RESULT.json...
"""

import argparse
import importlib.util
import json
import math
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

TITLE = "# TDS Ledger benchmark report"
FIGURE_COLUMNS = ["figure", "median", "min", "max", "runs", "unit", "target", "met", "gap",
                  "limited by"]
TARGET_COLUMNS = ["figure", "target", "measured median", "met", "gap"]


def load_bench_weights():
    """bench-weights.py from this directory, as a module (its name has a dash)."""
    path = Path(__file__).resolve().with_name("bench-weights.py")
    spec = importlib.util.spec_from_file_location("bench_weights", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def judge(figure):
    """The figure with `met` and `gap` against its target (both null without one)."""
    target, median = figure.get("target"), figure.get("median")
    met = gap = None
    if target and median is not None:
        value = target["value"]
        if target["op"] == ">=":
            met = median >= value
        elif target["op"] == "<=":
            met = median <= value
        else:
            raise ValueError(f"{figure['id']}: unknown target op {target['op']!r}")
        if value:
            gap = f"{(median - value) / abs(value) * 100:+.0f}%"
    return {**figure, "met": met, "gap": gap}


def section_number(title):
    m = re.match(r"\s*(\d+)", title)
    return int(m[1]) if m else math.inf


def load_results(paths):
    """(machine of the first file, sections merged by title and sorted by number)."""
    machine, sections = None, {}
    for path in paths:
        try:
            result = json.loads(Path(path).read_text())
            title, figures = result["section"], result["figures"]
        except (OSError, ValueError, KeyError) as err:
            raise SystemExit(f"bench-report: {path}: {err!r}")
        if machine is None:
            machine = result.get("machine")
        elif result.get("machine") != machine:
            print(f"bench-report: warning: {path} ran on another machine: "
                  f"{result.get('machine')}", file=sys.stderr)
        section = sections.setdefault(title, {"title": title, "command": None,
                                              "figures": [], "notes": []})
        command = result.get("command")
        if command and command not in (section["command"] or "").split("\n"):
            section["command"] = "\n".join(filter(None, [section["command"], command]))
        section["figures"] += [judge(f) for f in figures]
        section["notes"] += result.get("notes") or []
    ordered = sorted(sections.values(), key=lambda s: (section_number(s["title"]), s["title"]))
    return machine, ordered


def fmt(value):
    """Thousands separators; integers from 100 up, else three significant digits."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if value == 0:
        return "0"
    if abs(value) >= 99.95:
        return f"{round(value):,}"
    decimals = max(0, 2 - math.floor(math.log10(abs(value))))
    return f"{value:,.{decimals}f}"


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(columns, rows):
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def met_text(met):
    return {True: "yes", False: "**no**", None: "—"}[met]


def target_text(target):
    if not target:
        return "—"
    return target.get("text") or f"{target['op']} {fmt(target['value'])}"


def figure_name(figure):
    return f"{figure['title']} (`{figure['id']}`)"


def machine_text(machine):
    if not machine:
        return "unknown"
    parts = [f"{machine.get('cores', '?')} cores", machine.get("cpu", "unknown CPU"),
             f"{fmt(machine.get('memoryGiB'))} GiB memory", f"kernel {machine.get('kernel', '?')}"]
    return ", ".join(str(p) for p in parts)


def render_section(section):
    out = [f"## {section['title']}\n"]
    if section["command"]:
        out.append(f"```\n{section['command']}\n```\n")
    rows = [[figure_name(f), fmt(f.get("median")), fmt(f.get("min")), fmt(f.get("max")),
             f.get("runs", "—"), f.get("unit", ""), target_text(f.get("target")),
             met_text(f["met"]), f["gap"] or "—", f.get("limit") or "—"]
            for f in section["figures"]]
    out.append(table(FIGURE_COLUMNS, rows))
    if section["notes"]:
        out.append("\n".join(f"- {note}" for note in section["notes"]) + "\n")
    return "\n".join(out)


def render_markdown(report):
    out = [f"{TITLE}\n", f"Generated {report['generated']} on {machine_text(report['machine'])}.\n"]
    out += [render_section(s) for s in report["sections"]]
    if report["weights"] is not None:
        out.append("## 7. Weights\n\n" + load_bench_weights().render_markdown(report["weights"]))
    targets = [[figure_name(f), target_text(f["target"]),
                f"{fmt(f.get('median'))} {f.get('unit', '')}".strip(), met_text(f["met"]),
                f["gap"] or "—"]
               for s in report["sections"] for f in s["figures"] if f.get("target")]
    out.append("## Targets\n\n" + (table(TARGET_COLUMNS, targets) if targets
                                   else "No figure has a target.\n"))
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out-dir", required=True, type=Path, help="where report.{json,md} go")
    parser.add_argument("--weights", type=Path, help="JSON written by bench-weights.py --json")
    parser.add_argument("results", nargs="+", help="result files of the benchmark binaries")
    args = parser.parse_args()
    machine, sections = load_results(args.results)
    report = {
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine,
        "sections": sections,
        "weights": json.loads(args.weights.read_text()) if args.weights else None,
    }
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "report.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    (args.out_dir / "report.md").write_text(render_markdown(report))
    print(f"bench-report: wrote {args.out_dir / 'report.json'} and {args.out_dir / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
