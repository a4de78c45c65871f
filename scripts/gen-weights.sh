#!/usr/bin/env bash
# Regenerates runtime/src/weights/ from the runtime's frame-benchmarking v2 benchmarks, run on
# this machine. Builds the runtime's wasm with `--features runtime-benchmarks`, and tds-node with
# its `benchmark` subcommand (a second, longer build: about 35 minutes cold on 2 cores), then
# benchmarks each pallet on the development preset with 50 steps over every `Linear<>` component
# and 20 repetitions, every benchmark's own verification on.
#
# The benchmarking node is built with SKIP_WASM_BUILD: frame-benchmarking-cli depends on a test
# runtime that substrate-wasm-builder cannot build from crates.io, and the node needs no embedded
# runtime here since it benchmarks the blob given with --runtime.
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
	pallet_node_authorization
	pallet_identity_registry
	pallet_catalog
	pallet_agreements
	pallet_notary
)
if [ $# -gt 0 ]; then PALLETS=("$@"); fi

"$ROOT/scripts/setup.sh" >/dev/null
cd "$ROOT"
echo "[weights] the runtime with benchmarks (wasm)"
cargo build --release --locked -p tds-runtime --features runtime-benchmarks
WASM="$TARGET_DIR/release/wbuild/tds-runtime/tds_runtime.compact.compressed.wasm"
echo "[weights] the benchmarking node"
SKIP_WASM_BUILD=1 cargo build --release --locked -p tds-node --features runtime-benchmarks

header="$ROOT/scripts/weights-header.txt"
for pallet in "${PALLETS[@]}"; do
	echo "[weights] $pallet"
	"$NODE" benchmark pallet \
		--runtime "$WASM" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps 50 \
		--repeat 20 \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--header "$header" \
		--output "$ROOT/runtime/src/weights/$pallet.rs"
	# Record the command with paths relative to the repository.
	sed -i "s#$TARGET_DIR/#target/#g; s#$ROOT/##g" "$ROOT/runtime/src/weights/$pallet.rs"
done
echo "[weights] done; rebuilding the normal node"
cargo build --release --locked -p tds-node
