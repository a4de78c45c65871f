#!/usr/bin/env bash
# Sets up, builds, and runs every test: pallet and primitives unit tests, runtime tests, node
# tests, and the end-to-end tests that start real tds-node processes on 127.0.0.1.
#
# One build serves everything: the workspace is compiled once, in release mode (the e2e tests
# need the release node with its wasm runtime), and the node binary and the test binaries come
# from the same feature resolution, so nothing is compiled twice. To iterate on one pallet
# without the wasm build: SKIP_WASM_BUILD=1 cargo test -p pallet-admission.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$ROOT/scripts/setup.sh"
cd "$ROOT"

echo "[test] cargo fmt --check"
cargo fmt --all -- --check

start=$(date +%s)
echo "[test] building the workspace (node, runtime with wasm, all test binaries)"
cargo build --release --locked --workspace --all-targets
echo "[test] build took $(( $(date +%s) - start )) s"

export TDS_NODE="$NODE"
# The nextest configuration (.config/nextest.toml) runs end-to-end tests one at a time: each
# starts up to six nodes on this two-core machine.
if cargo nextest --version >/dev/null 2>&1; then
	exec cargo nextest run --release --locked --workspace --no-fail-fast
else
	exec cargo test --release --locked --workspace --no-fail-fast -- --test-threads=1
fi
