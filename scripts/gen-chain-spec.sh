#!/usr/bin/env bash
# Chain specifications.
#
#   ./scripts/gen-chain-spec.sh
#       Regenerates chain-spec/local-plain.json and chain-spec/local-raw.json from the runtime's
#       `local_testnet` preset (the `chain_spec_drift` test fails when they are stale).
#
#   ./scripts/gen-chain-spec.sh CONFIG.toml OUT_DIR
#       Builds a real consortium's spec from a plain configuration file listing its member spaces,
#       validator session keys, council, regulators, auditors and node PeerIds (see
#       chain-spec/consortium.example.toml and docs/operators.md), writing OUT_DIR/<id>-plain.json
#       (to review) and OUT_DIR/<id>-raw.json (to start nodes with).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$ROOT/scripts/setup.sh" >/dev/null
build_node

if [ $# -eq 0 ]; then
	"$NODE" build-spec --chain local --disable-default-bootnode >"$ROOT/chain-spec/local-plain.json"
	"$NODE" build-spec --chain local --disable-default-bootnode --raw >"$ROOT/chain-spec/local-raw.json"
	echo "wrote chain-spec/local-plain.json and chain-spec/local-raw.json"
elif [ $# -eq 2 ]; then
	config="$1"
	out="$2"
	mkdir -p "$out"
	id=$(python3 -c 'import sys,tomllib; print(tomllib.load(open(sys.argv[1],"rb"))["id"])' "$config")
	"$NODE" consortium-spec --config "$config" --output "$out/$id-plain.json"
	# The raw spec is derived from the reviewed plain one, so both describe the same genesis.
	"$NODE" build-spec --chain "$out/$id-plain.json" --raw --disable-default-bootnode >"$out/$id-raw.json"
	echo "wrote $out/$id-plain.json and $out/$id-raw.json"
else
	echo "usage: $0 [CONFIG.toml OUT_DIR]" >&2
	exit 2
fi
