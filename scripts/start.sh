#!/usr/bin/env bash
# The main job: set up, build, and run the local TDS consortium on 127.0.0.1: four validators
# (member spaces alice, bob, charlie, dave; alice's node runs the evidence gateway) and one
# non-validating auditor node. On a new chain it then plays the scenario demo
# (scripts/demo.sh, SPEC §9 scenario 4) with the `tds` client, and keeps the network running.
# The data lives under ./.tds-local/; running this again continues the same chain from disk.
# Ctrl-C stops all.
#
#   ./scripts/start.sh              start (or resume) the network; play the demo on a new chain
#   ./scripts/start.sh --purge      delete the local chain first
#   ./scripts/start.sh --no-demo    do not play the demo
#   ./scripts/start.sh --demo-only  play the demo on a new chain (implies --purge), then stop
#
# Environment: TDS_LOCAL_DIR (data directory), TDS_PORT_OFFSET (added to every port: 30333…,
# 9944…, 9615…), TDS_SKIP_BUILD=1 (use the binaries already built in the target directory).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DATA="${TDS_LOCAL_DIR:-$ROOT/.tds-local}"
SPEC="$ROOT/chain-spec/local-raw.json"
OFFSET="${TDS_PORT_OFFSET:-0}"
port() { echo $(($1 + OFFSET)); } # a port of the table below, moved by the offset
purge=false demo=auto
for argument in "$@"; do
	case "$argument" in
	--purge) purge=true ;;
	--no-demo) demo=no ;;
	--demo-only) purge=true demo=only ;;
	*) echo "usage: $0 [--purge] [--no-demo | --demo-only]" >&2; exit 2 ;;
	esac
done
if $purge; then
	echo "[start] deleting $DATA"
	rm -rf "$DATA"
fi

if [ "${TDS_SKIP_BUILD:-}" != 1 ]; then
	"$ROOT/scripts/setup.sh"
	build_node
fi

mkdir -p "$DATA/logs"
pids=()
stop() {
	trap - EXIT
	if [ ${#pids[@]} -gt 0 ]; then
		echo
		echo "[start] stopping ${#pids[@]} nodes…"
		kill -INT "${pids[@]}" 2>/dev/null || true
		wait "${pids[@]}" 2>/dev/null || true
	fi
	echo "[start] stopped; the chain is kept in $DATA (./scripts/start.sh resumes it)"
}
trap stop EXIT
trap 'exit 130' INT TERM

# name  p2p   rpc   prometheus  role
NODES=(
	"alice   30333 9944 9615 validator"
	"bob     30334 9945 9616 validator"
	"charlie 30335 9946 9617 validator"
	"dave    30336 9947 9618 validator"
	"auditor 30337 9948 9619 archive"
)
BOOT="/ip4/127.0.0.1/tcp/$(port 30333)/p2p/${PEER_ID[alice]}"

for entry in "${NODES[@]}"; do
	read -r name p2p rpc prom role <<<"$entry"
	p2p=$(port "$p2p") rpc=$(port "$rpc") prom=$(port "$prom")
	args=(
		--chain "$SPEC" --base-path "$DATA/$name" --name "$name"
		--node-key "${NODE_KEY[$name]}"
		--listen-addr "/ip4/127.0.0.1/tcp/$p2p"
		--rpc-port "$rpc" --prometheus-port "$prom"
		--no-mdns --no-telemetry --allow-private-ip
	)
	if [ "$role" = validator ]; then
		args+=("--$name")
	else
		# The auditor keeps every historical state, for drill-through queries at any block.
		args+=(--state-pruning archive --blocks-pruning archive)
	fi
	if [ "$name" = alice ]; then
		# The medical space's evidence gateway. Its notary key is a development key given on
		# the command line; a real operator inserts it into the node's keystore instead
		# (docs/gateway.md). Short intervals, so that the demo's evidence is provable quickly.
		args+=(--gateway --gateway-notary-suri //MedicalSpaceGatewayNotary
			--gateway-anchor-interval-ms 2000 --gateway-usage-interval-ms 5000)
	else
		args+=(--bootnodes "$BOOT")
	fi
	"$NODE" "${args[@]}" >>"$DATA/logs/$name.log" 2>&1 &
	pids+=($!)
done

rpc() { # method [params-json] → result, from the auditor node
	curl -s -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$1\",\"params\":${2:-[]}}" \
		"http://127.0.0.1:$(port 9948)" |
		python3 -c 'import sys,json; print(json.dumps(json.load(sys.stdin)["result"]))' 2>/dev/null
}
height() { # header-json → block number
	python3 -c 'import sys,json; print(int(json.loads(sys.argv[1])["number"],16))' "$1" 2>/dev/null || echo "?"
}

for _ in $(seq 120); do
	for pid in "${pids[@]}"; do
		kill -0 "$pid" 2>/dev/null || { echo "[start] a node exited at start-up; see $DATA/logs/"; exit 1; }
	done
	rpc system_health >/dev/null && break
	sleep 0.5
done

cat <<INFO

TDS Ledger local consortium is running (chain spec: chain-spec/local-raw.json)

  node      role                       JSON-RPC (HTTP + WebSocket)  Prometheus
  alice     validator, member space,   ws://127.0.0.1:$(port 9944)          http://127.0.0.1:$(port 9615)/metrics
            evidence gateway
  bob       validator, member space    ws://127.0.0.1:$(port 9945)          http://127.0.0.1:$(port 9616)/metrics
  charlie   validator, member space    ws://127.0.0.1:$(port 9946)          http://127.0.0.1:$(port 9617)/metrics
  dave      validator, member space    ws://127.0.0.1:$(port 9947)          http://127.0.0.1:$(port 9618)/metrics
  auditor   archive node, not voting   ws://127.0.0.1:$(port 9948)          http://127.0.0.1:$(port 9619)/metrics

  logs: $DATA/logs/      data: $DATA/      Ctrl-C stops every node.
  client: $TARGET_DIR/release/tds --url ws://127.0.0.1:$(port 9944) status   (docs/cli.md)

INFO

if [ "$demo" != no ]; then
	echo "[start] playing the scenario demo (scripts/demo.sh; --no-demo skips it)"
	demo_status=0
	TDS_URL="ws://127.0.0.1:$(port 9944)" TDS_AUDITOR_URL="ws://127.0.0.1:$(port 9948)" \
		TDS_DEMO_DIR="$DATA/demo" "$ROOT/scripts/demo.sh" || demo_status=$?
	if [ "$demo" = only ]; then
		exit "$demo_status"
	fi
	if [ "$demo_status" != 0 ]; then
		echo "[start] the demo failed (exit $demo_status); the network keeps running"
	fi
fi

# Report the chain's progress once a minute until stopped.
while true; do
	for pid in "${pids[@]}"; do
		kill -0 "$pid" 2>/dev/null || { echo "[start] a node stopped unexpectedly; see $DATA/logs/"; exit 1; }
	done
	best=$(height "$(rpc chain_getHeader)")
	finalised=$(height "$(rpc chain_getHeader "[$(rpc chain_getFinalizedHead)]")")
	echo "[start] $(date +%H:%M:%S) best #$best, finalised #$finalised (seen by the auditor node)"
	sleep 60 &
	wait $! || true
done
