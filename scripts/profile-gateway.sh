#!/usr/bin/env bash
# Profiles the evidence gateway under the load of `tds-bench gateway` (docs/benchmarks.md, "What
# limits each figure"): perf samples the node's threads while entries are being submitted, and
# scripts/profile-report.py sorts the samples by thread and by kind of work.
#
#   scripts/profile-gateway.sh [ENTRIES]      (default 600,000; the load must outlast the sample)
#
# Writes target/bench/profile-gateway.md and .json (BENCH_OUT overrides the directory). Needs
# perf (Debian's linux-perf, installed here if missing) and a build (scripts/bench.sh makes it).
# The sampling itself costs throughput: the acknowledgement rate printed under the profiler is
# lower than the unprofiled figure of scripts/bench.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ENTRIES="${1:-600000}"
SECONDS_SAMPLED=8
FREQUENCY=300
OUT="${BENCH_OUT:-$TARGET_DIR/bench}"
BIN="$TARGET_DIR/release"
export TDS_NODE="$NODE"

if ! command -v perf >/dev/null 2>&1; then
	SUDO=""
	if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends linux-perf
fi
[ -x "$BIN/tds-bench" ] || { echo "no $BIN/tds-bench: run scripts/bench.sh --quick first" >&2; exit 1; }

mkdir -p "$OUT"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="$work/bench.log"
"$BIN/tds-bench" gateway --runs 1 --entries "$ENTRIES" --queries 5 --bundles 100 \
	--out "$work/gateway.json" 2>"$log" &
bench=$!

# tds-bench prints the node's pid when it starts submitting (after the entries are signed).
pid=""
for _ in $(seq 1 600); do
	pid="$(sed -n 's/.*submitting .* to node pid \([0-9]*\).*/\1/p' "$log" | head -1)"
	[ -n "$pid" ] && break
	kill -0 "$bench" 2>/dev/null || break
	sleep 0.5
done
if [ -z "$pid" ]; then
	cat "$log" >&2
	echo "tds-bench did not start submitting" >&2
	exit 1
fi
# Skip the first second: connections open and the first batches are still being parsed.
sleep 1
echo "[profile] sampling node pid $pid for ${SECONDS_SAMPLED} s at ${FREQUENCY} Hz"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
bench_before="$(cpu_ticks "$bench")"
perf record -q -F "$FREQUENCY" --call-graph dwarf,16384 -p "$pid" -o "$work/perf.data" \
	-- sleep "$SECONDS_SAMPLED"
bench_ticks=$(( $(cpu_ticks "$bench") - bench_before ))
wait "$bench"
cat "$log"

perf report -i "$work/perf.data" --no-children --sort comm,dso,sym -g none --stdio 2>/dev/null \
	>"$work/report.txt"
python3 "$ROOT/scripts/profile-report.py" --seconds "$SECONDS_SAMPLED" \
	--load-generator-cores "$(python3 -c "print($bench_ticks / $(getconf CLK_TCK) / $SECONDS_SAMPLED)")" \
	--bench-log "$log" --command "scripts/profile-gateway.sh $ENTRIES" \
	--out "$OUT/profile-gateway" "$work/report.txt"
