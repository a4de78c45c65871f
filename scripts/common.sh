# Shared by the scripts: paths and the node build.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
# The runtime's wasm is built by substrate-wasm-builder in a nested cargo project under the
# target directory; point it at this workspace so that it finds Cargo.lock (and builds with the
# locked versions) even when the target directory is outside the clone.
export WASM_BUILD_WORKSPACE_HINT="$ROOT"
NODE="${TDS_NODE:-$TARGET_DIR/release/tds-node}"

# The local testnet's well-known node keys (secret ed25519 seeds): for loopback networks only.
# They match the PeerIds authorised in the runtime's `local_testnet` preset.
declare -A NODE_KEY=(
	[alice]=0000000000000000000000000000000000000000000000000000000000000001
	[bob]=0000000000000000000000000000000000000000000000000000000000000002
	[charlie]=0000000000000000000000000000000000000000000000000000000000000003
	[dave]=0000000000000000000000000000000000000000000000000000000000000004
	[auditor]=0000000000000000000000000000000000000000000000000000000000000005
)
declare -A PEER_ID=(
	[alice]=12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp
	[bob]=12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD
	[charlie]=12D3KooWSCufgHzV4fCwRijfH2k3abrpAJxTKxEvN1FDuRXA2U9x
	[dave]=12D3KooWSsChzF81YDUKpe9Uk5AHV5oqAaXAcWNSPYgoLauUk4st
	[auditor]=12D3KooWSuTq6MG9gPt7qZqLFKkYrfxMewTZhj9nmRHJkPwzWDG2
)

build_node() {
	echo "[build] cargo build --release -p tds-node -p tds-cli (a cold build takes up to an hour on 2 cores)"
	(cd "$ROOT" && cargo build --release --locked -p tds-node -p tds-cli)
}
