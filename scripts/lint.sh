#!/usr/bin/env bash
# Lints: formatting, clippy on the host for every target, and clippy for the wasm32 target on
# runtime code with the no-panic, no-indexing, no-`as`, checked-arithmetic rules of
# .cargo/config.toml.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$ROOT/scripts/setup.sh" >/dev/null
cd "$ROOT"

cargo fmt --all -- --check
cargo clippy --release --locked --workspace --all-targets -- -D warnings
SKIP_WASM_BUILD=1 cargo clippy --release --locked --target wasm32v1-none --no-default-features \
	-p tds-primitives -p pallet-admission -p pallet-governance -p pallet-validator-set -p tds-runtime \
	-- -D warnings
echo "[lint] clean"
