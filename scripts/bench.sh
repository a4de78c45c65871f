#!/usr/bin/env bash
# Runs the benchmarks of issue 9 and writes one report (docs/benchmarks.md explains each figure):
#   target/bench/report.md and target/bench/report.json, from the result files beside them.
#
# Everything runs on 127.0.0.1 with bounded load: each benchmark starts its own tds-node
# processes (tests/src/bin/tds-bench.rs) and stops them when it ends.
#
#   scripts/bench.sh [--quick]
#
# --quick uses fewer runs and a smaller store (for a check that the benchmarks work; the
# drill-through figure then covers fewer than the 10^6 entries the target is stated for).
# Environment: BENCH_RUNS (runs per figure, default 3), BENCH_ENTRIES (gateway entries,
# default 1,000,000), BENCH_OUT (default target/bench).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

RUNS="${BENCH_RUNS:-3}"
ENTRIES="${BENCH_ENTRIES:-1000000}"
TXS=24000
if [[ "${1:-}" == "--quick" ]]; then
	RUNS="${BENCH_RUNS:-1}"
	ENTRIES="${BENCH_ENTRIES:-100000}"
	TXS=6000
fi
OUT="${BENCH_OUT:-$TARGET_DIR/bench}"

"$ROOT/scripts/setup.sh"
cd "$ROOT"
echo "[bench] building the workspace (the same build as scripts/test.sh)"
cargo build --release --locked --workspace --all-targets
export TDS_NODE="$NODE"
BIN="$TARGET_DIR/release"
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/report.md

echo "[bench] 2, 4, 5, 6: evidence gateway ($ENTRIES entries, $RUNS runs)"
"$BIN/tds-bench" gateway --runs "$RUNS" --entries "$ENTRIES" --out "$OUT/gateway.json"
echo "[bench] 3: latency on four validators (keeps a four-validator bundle for tds-verify)"
"$BIN/tds-bench" latency --samples 30 --keep-bundle "$OUT/sample" --out "$OUT/latency.json"
echo "[bench] machine ceilings (ed25519, BLAKE3, bundle verification, proof sizes)"
"$BIN/tds-bench-ceilings" --runs "$(( RUNS < 3 ? 3 : RUNS ))" \
	--bundle "$OUT/sample/bundle.json" --trusted-set "$OUT/sample/trusted-set.json" \
	--out "$OUT/ceilings.json"
echo "[bench] 1, 5, 6: on-chain notarisation against system.remark"
"$BIN/tds-bench" chain --runs "$RUNS" --txs "$TXS" --out "$OUT/chain.json"
echo "[bench] 7: weights"
python3 "$ROOT/scripts/bench-weights.py" --json "$OUT/weights.json"
python3 "$ROOT/scripts/bench-report.py" --out-dir "$OUT" --weights "$OUT/weights.json" \
	"$OUT/gateway.json" "$OUT/ceilings.json" "$OUT/chain.json" "$OUT/latency.json"
echo "[bench] report: $OUT/report.md and $OUT/report.json"
