#!/usr/bin/env bash
# Regenerates runtime/src/weights/ from the runtime's frame-benchmarking v2 benchmarks, run on
# this machine. Builds tds-node with `--features runtime-benchmarks` (a second, longer build:
# about 35 minutes cold on 2 cores), then benchmarks each pallet on the development genesis with
# 50 steps over every `Linear<>` component and 20 repetitions.
#
#   ./scripts/gen-weights.sh                 every pallet
#   ./scripts/gen-weights.sh pallet_admission   one pallet
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PALLETS=(
	frame_system
	frame_system_extensions
	pallet_timestamp
	pallet_admission
	pallet_governance
	pallet_validator_set
	pallet_membership
	pallet_collective
)
if [ $# -gt 0 ]; then PALLETS=("$@"); fi

"$ROOT/scripts/setup.sh" >/dev/null
echo "[weights] cargo build --release --locked -p tds-node --features runtime-benchmarks"
(cd "$ROOT" && cargo build --release --locked -p tds-node --features runtime-benchmarks)

header="$ROOT/scripts/weights-header.txt"
for pallet in "${PALLETS[@]}"; do
	echo "[weights] $pallet"
	"$NODE" benchmark pallet \
		--chain dev \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps 50 \
		--repeat 20 \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--header "$header" \
		--output "$ROOT/runtime/src/weights/$pallet.rs"
done
echo "[weights] done; rebuild the normal node with: cargo build --release -p tds-node"
