#!/usr/bin/env bash
# SPEC §9 scenario 4, played end to end with the `tds` client on a running local consortium
# (./scripts/start.sh plays it on a new chain): a product used on the user's side under field
# and frequency limits; a deviation pauses the agreement; it is rectified and reviewed.
#
#   medical space (0)   Provincial Hospital Data Co. (provider), its gateway operator (which
#                       runs the evidence gateway of node alice), the provincial data bureau
#                       (regulator), the Shenzhen Court of International Arbitration
#   claims space (1)    Pearl River Insurance (user), whose claims connector calls the API
#
# Every step prints what it does, the command's output, and what the chain now says. The
# demo refuses to run twice on one chain (its identities would already exist): restart the
# consortium with ./scripts/start.sh --purge to play it again.
#
# Environment: TDS_URL (default ws://127.0.0.1:9944, a node running the gateway),
# TDS_AUDITOR_URL (default ws://127.0.0.1:9948, where the auditor reads the chain),
# TDS_BIN (default the workspace's release tds), TDS_DEMO_DIR (keystore and files).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

URL="${TDS_URL:-ws://127.0.0.1:9944}"
AUDITOR_URL="${TDS_AUDITOR_URL:-ws://127.0.0.1:9948}"
TDS_BIN="${TDS_BIN:-$TARGET_DIR/release/tds}"
WORK="${TDS_DEMO_DIR:-$ROOT/.tds-local/demo}"
KEYSTORE="$WORK/keystore.json"
DAY_MS=86400000

mkdir -p "$WORK"
export TDS_KEYSTORE="$KEYSTORE"

tds() { "$TDS_BIN" --url "$URL" "$@"; }
# A query as one JSON document.
query() { "$TDS_BIN" --url "$URL" --json "$@"; }
step_number=0
step() {
	step_number=$((step_number + 1))
	printf '\n\033[1m%2d. %s\033[0m\n' "$step_number" "$*"
}
# Shows a command, then runs it.
run() {
	printf '\033[2m$ tds %s\033[0m\n' "$*"
	tds "$@"
}
# `field PATH` reads a value out of the JSON document on standard input (a.b.0.c); None
# when it is null or absent.
field() {
	python3 -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    if isinstance(value, list) and key.isdigit():
        value = value[int(key)] if int(key) < len(value) else None
    elif isinstance(value, dict):
        value = value.get(key)
    else:
        value = None
print(json.dumps(value) if isinstance(value, (dict, list)) else value)' "$1"
}
# `wait_until WHAT SECONDS COMMAND…`: polls COMMAND (every second) until it succeeds.
wait_until() {
	local what=$1 seconds=$2
	shift 2
	printf '   waiting for %s' "$what"
	for _ in $(seq "$seconds"); do
		if "$@" >/dev/null 2>&1; then
			echo " ✓"
			return 0
		fi
		printf '.'
		sleep 1
	done
	echo
	echo "[demo] gave up waiting for $what after $seconds s" >&2
	return 1
}
digest_of() { query hash "$1" | field 0.digest; }
now_ms() { python3 -c 'import time; print(int(time.time() * 1000))'; }
identity_of() { query identity by-uscc "$1" | field id; }
status_of_agreement() { query agreement show 0 | field status; }
agreement_is() { [ "$(status_of_agreement)" = "$1" ]; }
gateway() { query rpc notary_gatewayStatus; }

# `motion PALLET CALL ARGS…`: Alice proposes it, Alice, Bob and Charlie vote (3 of the 4
# members: the two-thirds the council's governance origin requires), Charlie closes it.
motion() {
	run council propose "$@" --signer alice
	local motions hash index
	motions=$(query council motions)
	hash=$(field 0.hash <<<"$motions")
	index=$(field 0.index <<<"$motions")
	for member in alice bob charlie; do
		run --wait in-block council vote "$hash" "$index" --signer "$member"
	done
	run council close "$hash" "$index" --signer charlie
}

[ -x "$TDS_BIN" ] || { echo "[demo] $TDS_BIN is missing: cargo build --release -p tds-cli" >&2; exit 1; }
finalising() { [ "$(query status | field finalized)" -gt 0 ]; }
wait_until "the first finalised block at $URL" 120 finalising
if query identity space 0 >/dev/null 2>&1; then
	echo "[demo] this chain already has space 0: the demo was played on it."
	echo "[demo] ./scripts/start.sh --purge starts a new chain on which it plays again."
	exit 0
fi

step "Keys: the council members, the operators, the organisations, the connector"
rm -f "$KEYSTORE"
for key in alice:Alice bob:Bob charlie:Charlie medical-operator:MedicalSpaceOperator \
	claims-operator:ClaimsSpaceOperator hospital:ProvincialHospitalData \
	insurer:PearlRiverInsurance gateway-operator:MedicalSpaceGateway \
	arbitrator:ShenzhenArbitration; do
	tds key import "${key%%:*}" --suri "//${key#*:}" >/dev/null
done
# ed25519 keys: the regulator's request-signing key and the insurer's claims connector.
tds key import regulator --suri //ProvincialDataBureau --scheme ed25519 >/dev/null
tds key import connector --suri //PearlRiverClaimsConnector --scheme ed25519 >/dev/null
tds key generate outsider --scheme ed25519 >/dev/null
run key list
address() { query key show "$1" | field address; }

NOW=$(now_ms)
qualification() {
	echo "({ report: $(digest_of "$1"), verifier: \"CESI\", verdict: Pass, \
valid_from: $((NOW - DAY_MS)), valid_until: $((NOW + 365 * DAY_MS)), \
scenarios: 0x$(printf 'a2%.0s' {1..32}), restrictions: 0x$(printf 'a3%.0s' {1..32}), \
verified_on: $((NOW - DAY_MS)) })"
}
cat >"$WORK/medical-space-assessment.txt" <<'EOF'
医疗健康数据空间 — 可信数据空间能力评估报告（CESI）: 通过
EOF
cat >"$WORK/claims-space-assessment.txt" <<'EOF'
保险理赔数据空间 — 可信数据空间能力评估报告（CESI）: 通过
EOF

step "Two council members file a data space each"
run tx IdentityRegistry file_space '"医疗健康数据空间"' Industry \
	"($(address medical-operator))" "$(qualification "$WORK/medical-space-assessment.txt")" \
	--signer alice
run tx IdentityRegistry file_space '"保险理赔数据空间"' Industry \
	"($(address claims-operator))" "$(qualification "$WORK/claims-space-assessment.txt")" \
	--signer bob

step "The council admits both spaces (motions: 3 of 4 members vote aye)"
motion IdentityRegistry approve_space 0 "$(digest_of "$WORK/medical-space-assessment.txt")"
motion IdentityRegistry approve_space 1 "$(digest_of "$WORK/claims-space-assessment.txt")"
run identity space 0
run identity space 1

VERIFICATION="{ source: Official, verifier: \"SAMR\", verified_on: $NOW, valid_until: None, materials: None }"
# `organisation OPERATOR SPACE USCC NAME KEY`: registered by the space's operator, verified.
organisation() {
	run tx IdentityRegistry register_participant "$2" "Organisation { uscc: \"$3\" }" \
		"\"$4\"" "Some($(address "$5"))" --signer "$1"
	run tx IdentityRegistry verify_participant "$(identity_of "$3")" "$VERIFICATION" \
		--signer "$1"
}
HOSPITAL_USCC=914403001922038216
INSURER_USCC=9144030071526726XG
GATEWAY_USCC=91310000MA1FL0000N
REGULATOR_USCC=91110108551385082Q
ARBITRATOR_USCC=91330100799655058B

step "The provider and the user are registered, verified (SAMR) and given their roles"
organisation medical-operator 0 "$HOSPITAL_USCC" "省医院数据服务有限公司" hospital
run tx IdentityRegistry request_role Provider --signer hospital
HOSPITAL=$(identity_of "$HOSPITAL_USCC")
run tx IdentityRegistry grant_role "$HOSPITAL" Provider --signer medical-operator
organisation claims-operator 1 "$INSURER_USCC" "珠江保险股份有限公司" insurer
run tx IdentityRegistry request_role User --signer insurer
INSURER=$(identity_of "$INSURER_USCC")
run tx IdentityRegistry grant_role "$INSURER" User --signer claims-operator
run identity participant "$HOSPITAL"
run identity participant "$INSURER"

step "The medical space's gateway operator and the regulator, appointed by the council"
organisation medical-operator 0 "$GATEWAY_USCC" "医疗健康数据空间运营有限公司" gateway-operator
GATEWAY_ORG=$(identity_of "$GATEWAY_USCC")
organisation medical-operator 0 "$REGULATOR_USCC" "省数据局" regulator
REGULATOR=$(identity_of "$REGULATOR_USCC")
organisation medical-operator 0 "$ARBITRATOR_USCC" "深圳国际仲裁院" arbitrator
ARBITRATOR=$(identity_of "$ARBITRATOR_USCC")
motion IdentityRegistry appoint "$GATEWAY_ORG" Operator
motion IdentityRegistry appoint "$REGULATOR" Regulator
# The gateway of node alice signs its anchors and usage reports with its notary key: linking
# the key to the operator organisation lets it open its log stream.
NOTARY=$(gateway | field notary)
run tx IdentityRegistry add_key "$GATEWAY_ORG" "$NOTARY" --signer gateway-operator
# The insurer's claims connector signs its interface-call logs with its own key.
run tx IdentityRegistry add_key "$INSURER" "$(address connector)" --signer insurer
stream_open() { [ "$(gateway | field stream)" != None ]; }
wait_until "the gateway's log stream" 120 stream_open

step "A catalog product: registered by the provider, reviewed by its operator, published"
cat >"$WORK/claims-api.json" <<'EOF'
{"name":"住院理赔核验API","description":"按理赔单号返回住院记录核验结果，不返回原始病历","fields":["claim_id","admitted","discharged","diagnosis_group","verified"]}
EOF
cat >"$WORK/authenticity-declaration.txt" <<'EOF'
数据来源合法、真实性声明：省医院数据服务有限公司
EOF
FIELDS="{ name: \"住院理赔核验API\", data_type: \"structured\", format: \"JSON\", source: Enterprise, \
classification: \"Q8411\", update_frequency: RealTime, authorisation: Contract, \
usage_restrictions: $(digest_of "$WORK/claims-api.json"), sensitivity: Sensitive }"
run tx Catalog register "Product(Api)" "$FIELDS" "$(digest_of "$WORK/claims-api.json")" \
	--signer hospital
SELF_CHECK="{ state_secrets: false, national_security: false, lifelines_or_public_interest: false, \
infringes_rights: false, public_safety: false, trade_secrets: false, sensitive_personal: true }"
run tx Catalog submit_for_review 0 "Some($(digest_of "$WORK/authenticity-declaration.txt"))" \
	"Some($SELF_CHECK)" None --signer hospital
run tx Catalog approve 0 --signer medical-operator
run tx Catalog publish 0 None --signer hospital
run catalog entry 0
# Its identifier across spaces, assigned at publication: urn:tds:catalog:<space>:<number>.
ENTRY=$(query catalog entry 0 | field identifier)
ENTRY_NUMBER=${ENTRY##*:}
ENTRY_SPACE=${ENTRY%:*}
ENTRY_SPACE=${ENTRY_SPACE##*:}

step "An agreement: template, offer, counter-offer, signatures, filing, activation"
# Claims verification (scenario 11) only, reading, at most 5,000 calls per 30 days and 1,000
# records a call; no marketing, no sub-licensing, no onward transfer; suspended on the first
# breach; the arbitration court named.
LIMIT=5000
SCENARIO=11
POLICY="{ scenarios: ($SCENARIO), users: (), spaces: (), manners: (2), max_total_uses: None, \
frequency: Some({ max_uses: $LIMIT, window: $((30 * DAY_MS)) }), max_volume_per_use: Some(1000), \
valid_from: None, valid_until: None, fields: None, onward_transfer_forbidden: true, \
bans: { marketing: true, sublicensing: true, unlisted_scenarios: true }, evidence_required: false }"
cat >"$WORK/contract.txt" <<'EOF'
住院理赔核验数据产品使用合同（数据提供型）v1：使用方仅可在理赔核验场景调用，每30日不超过5000次。
EOF
cat >"$WORK/liability.txt" <<'EOF'
违约责任与争议解决条款：违反频次限制的，暂停服务并整改；争议提交深圳国际仲裁院仲裁。
EOF
terms() { # price
	cat >"$WORK/terms-$1.txt" <<EOF
{ entries: ({ space: $ENTRY_SPACE, number: $ENTRY_NUMBER }), terms: $(digest_of "$WORK/contract.txt"),
  liability: $(digest_of "$WORK/liability.txt"), pricing: PerCall { price: $1 },
  shares: (700000, 300000), policy: $POLICY, breach_rule: { warn_after: 0, suspend_after: 1 },
  start: $((NOW - 60000)), end: $((NOW + 365 * DAY_MS)), activation: OnCondition,
  unilateral_termination: false, arbitrator: Some($ARBITRATOR) }
EOF
	echo "@$WORK/terms-$1.txt"
}
run tx Agreements publish_template Provision "$(digest_of "$WORK/contract.txt")" "$POLICY" \
	--signer medical-operator
PARTIES="({ identity: $HOSPITAL, role: Provider }, { identity: $INSURER, role: User })"
run tx Agreements create 0 "$PARTIES" "$(terms 150)" --signer insurer
# The provider answers with a counter-offer at its list price: version 2.
run tx Agreements propose 0 "$(terms 200)" --signer hospital
VERSION=$(query agreement show 0 | field version)
DIGEST=$(query agreement show 0 | field digest)
for party in insurer hospital; do
	run tx Agreements sign 0 "$VERSION" "$DIGEST" --signer "$party"
done
cat >"$WORK/filing-record.txt" <<'EOF'
合同备案记录：医疗健康数据空间运营者
EOF
run tx Agreements file 0 "$(digest_of "$WORK/filing-record.txt")" --signer medical-operator
cat >"$WORK/delivery-receipt.txt" <<'EOF'
接口凭证已交付珠江保险理赔连接器
EOF
run tx Agreements activate 0 "$(digest_of "$WORK/delivery-receipt.txt")" --signer insurer
run agreement show 0

# `calls FILE FIRST COUNT AGE`: COUNT claims verification calls of the insurer's connector,
# numbered from FIRST, one a millisecond from AGE milliseconds ago.
calls() {
	python3 - "$1" "$2" "$3" "$4" "$INSURER" "$ENTRY_SPACE" "$ENTRY_NUMBER" "$SCENARIO" <<'EOF'
import hashlib, json, sys, time
path, first, count, age, insurer, space, number, scenario = sys.argv[1:]
first, count = int(first), int(count)
start = int(time.time() * 1000) - int(age)
with open(path, "w") as out:
    for i in range(first, first + count):
        out.write(json.dumps({
            "identity": insurer, "caller": insurer, "time": start + i - first, "sequence": i,
            "kind": "interfaceCall", "interface": "/claims/inpatient/verify",
            # A digest of the request's parameters, which stay with the insurer (any 32 bytes
            # are valid; the standard library has no BLAKE3).
            "requestDigest": "0x" + hashlib.blake2s(f"claim-{i}".encode()).hexdigest(),
            "volume": 3, "outcome": {"status": "success"}, "agreement": 0,
            "catalogEntry": f"urn:tds:catalog:{space}:{number}", "scenario": int(scenario),
            "fields": {"claimant_region": "440300"},
        }) + "\n")
EOF
}
counted() { [ "$(query agreement show 0 | field counters.total)" -ge "$1" ]; }
# Whether COUNT entries are anchored in the finalised state.
provable() {
	local finalised
	finalised=$(gateway | field finalised)
	[ "$finalised" != None ] && [ "$finalised" -ge "$1" ]
}

step "Use within the limits: 100 claims verification calls, logged through the gateway"
# Two hundred seconds ago, so that they precede the next batch whatever the pace.
calls "$WORK/calls-1.jsonl" 0 100 200000
run log submit "$WORK/calls-1.jsonl" --signer connector
wait_until "the gateway to anchor them and report the use on chain" 300 counted 100
run agreement decisions 0

step "10,000 interface-call log entries: signed by the connector, acknowledged by the gateway"
calls "$WORK/calls-2.jsonl" 100 10000 100000
query log submit "$WORK/calls-2.jsonl" --signer connector >"$WORK/calls-2.acks.json"
echo "   $(field accepted <"$WORK/calls-2.acks.json") of 10000 entries acknowledged (durably stored)"
LEAF=$(field results.4999.accepted.leafIndex <"$WORK/calls-2.acks.json")
wait_until "all 10,100 entries anchored and final" 300 provable 10100
run rpc notary_gatewayStatus

step "An auditor verifies the bundle of call 5,100 offline"
run bundle get "$LEAF" -o "$WORK/bundle.json" --trusted-set "$WORK/trusted-set.json"
run verify "$WORK/bundle.json" --trusted-set "$WORK/trusted-set.json"

step "The frequency breach: 10,100 calls in 30 days against 5,000; the agreement is suspended"
wait_until "the breach decision" 300 agreement_is suspended
run agreement decisions 0
"$TDS_BIN" --url "$AUDITOR_URL" agreement show 0

step "The regulator's drill-through query: the insurer's calls under agreement 0"
run log query --agreement 0 --caller "$INSURER" --scenario "$SCENARIO" --limit 5 --signer regulator
echo "   a key of no regulator, auditor or owner is refused:"
if tds log query --agreement 0 --signer outsider; then
	echo "[demo] the outsider's query was answered" >&2
	exit 1
fi
FIRST_TIME=$(head -1 "$WORK/calls-2.jsonl" | field time)
run log export --agreement 0 --from "$FIRST_TIME" --to "$((FIRST_TIME + 999))" \
	--signer regulator -o "$WORK/breach-export.json"
run verify "$WORK/breach-export.json" --trusted-set "$WORK/trusted-set.json"

step "Rectification and the dispute: the insurer rectifies, the provider claims, the court rules"
cat >"$WORK/rectification.txt" <<'EOF'
整改报告：理赔连接器重试逻辑导致重复调用，已增加调用配额控制与幂等缓存。
EOF
run notarize "$WORK/rectification.txt" --signer insurer --agreement 0 --kind reviewRecord
run tx Agreements open_dispute 0 \
	"($(digest_of "$WORK/breach-export.json"), $(digest_of "$WORK/rectification.txt"))" \
	--signer hospital
cat >"$WORK/award.txt" <<'EOF'
裁决书：使用方承担全部责任，支付违约金5万元；整改已复核，合同继续履行。
EOF
run tx Agreements resolve_dispute 0 Continue None "(0, 1000000)" 50000 \
	"$(digest_of "$WORK/award.txt")" --signer arbitrator
run agreement show 0
agreement_is active

printf '\n\033[1mScenario 4 played: every step above is final on chain; files are in %s\033[0m\n' "$WORK"
