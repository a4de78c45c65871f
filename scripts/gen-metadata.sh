#!/usr/bin/env bash
# Regenerates tests/metadata/tds-runtime.scale, the runtime metadata that clients' types are
# generated from (subxt). The `metadata` test fails when it is stale.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$ROOT/scripts/setup.sh" >/dev/null
build_node
"$NODE" export-metadata --output "$ROOT/tests/metadata/tds-runtime.scale"
echo "wrote tests/metadata/tds-runtime.scale"
