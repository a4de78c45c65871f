#!/usr/bin/env bash
# Profiles the evidence gateway under the load of `tds-bench gateway` (docs/benchmarks.md, "What
# limits each figure"): perf samples the node's threads while entries are being submitted, and
# scripts/profile-report.py sorts the samples by thread and by kind of work.
#
#   scripts/profile-gateway.sh [ENTRIES]   (default 600,000; the load must outlast both windows)
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
# First an unprofiled window for the CPU each process uses (perf's unwinding takes CPU itself),
# then the profiled window for how the node's threads spend theirs.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
node_before="$(cpu_ticks "$pid")"
bench_before="$(cpu_ticks "$bench")"
sleep "$SECONDS_SAMPLED"
cores() { python3 -c "print(round($1 / $(getconf CLK_TCK) / $SECONDS_SAMPLED, 2))"; }
node_cores="$(cores $(( $(cpu_ticks "$pid") - node_before )))"
bench_cores="$(cores $(( $(cpu_ticks "$bench") - bench_before )))"
echo "[profile] unprofiled: node $node_cores cores, load generator $bench_cores cores"
echo "[profile] sampling node pid $pid for ${SECONDS_SAMPLED} s at ${FREQUENCY} Hz"
perf record -q -F "$FREQUENCY" --call-graph dwarf,16384 -p "$pid" -o "$work/perf.data" \
	-- sleep "$SECONDS_SAMPLED"
wait "$bench"
cat "$log"

perf report -i "$work/perf.data" --no-children --sort comm,dso,sym -g none --stdio 2>/dev/null \
	>"$work/report.txt"
python3 "$ROOT/scripts/profile-report.py" --seconds "$SECONDS_SAMPLED" \
	--node-cores "$node_cores" --load-generator-cores "$bench_cores" \
	--bench-log "$log" --command "scripts/profile-gateway.sh $ENTRIES" \
	--out "$OUT/profile-gateway" "$work/report.txt"
