#!/usr/bin/env bash
# Lints: formatting, clippy on the host for every target, and clippy for the wasm32 target on
# runtime code with the no-panic, no-indexing, no-`as`, checked-arithmetic rules of
# .cargo/config.toml.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$ROOT/scripts/setup.sh" >/dev/null
cd "$ROOT"

cargo fmt --all -- --check
cargo clippy --release --locked --keep-going --workspace --all-targets -- -D warnings
# Runtime code for wasm32 with the rules of .cargo/config.toml; findings inside macro expansions
# (FRAME, SCALE derives) are not ours and are filtered out by clippy-own-code.py.
SKIP_WASM_BUILD=1 cargo clippy --release --locked --keep-going --target wasm32v1-none \
	--no-default-features --message-format=json \
	-p tds-primitives -p pallet-admission -p pallet-governance -p pallet-validator-set \
	-p pallet-identity-registry -p pallet-identity-registry-runtime-api -p pallet-catalog \
	-p pallet-catalog-runtime-api -p pallet-agreements -p pallet-agreements-runtime-api \
	-p pallet-notary -p pallet-notary-runtime-api \
	-p tds-runtime \
	| python3 "$ROOT/scripts/clippy-own-code.py"
echo "[lint] clean"
