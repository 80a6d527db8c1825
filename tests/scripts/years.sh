#!/usr/bin/env bash
# The year by the clock (issue 10): on 1 December 2026, for a PCN with a
# post in every ARRS role, every page, API route and command that takes a
# year or a month, over every month from April 2023 to March 2028: none
# answers 5xx or exits with an error, and the defaults show 2026/27.  Then
# the layers: the PCN's own figure and its ICB's variation each change a
# claim and an entitlement, the working names the layer, the audit log holds
# each change with its before and after, and a PCN of another ICB is
# unchanged.  TAP output.
set -u
cd "$(dirname "$0")/../.."
bin=build/pcnops
tmp=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
export PCNOPS_DB="$tmp/y.db" PCNOPS_TODAY=2026-12-01 PCNOPS_RULES=rules USER=tester
R=tests/data/registry
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/# /' | head -20; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1: got '$3', expected '$2'"; fi; }

echo "1..18"
for f in "registry $R/map-2021-01.csv" "registry $R/map-2023-07.csv" "list-sizes $R/quin-2021-01.csv" \
         "list-sizes $R/all-2023-07.csv"; do
    # shellcheck disable=SC2086
    "$bin" import $f >/dev/null 2>"$tmp/err" || { echo "Bail out! setup: import $f: $(cat "$tmp/err")"; exit 1; }
done
pcn=U10002 other=U20001

# A post in every ARRS role the rules name, each from the first year that
# has the role, with a cost so that only the maximum decides the claim.
roles_err=""
for fy in 2023/24 2024/25 2025/26 2026/27; do
    "$bin" rules show "$fy" --json >"$tmp/rules.json" 2>/dev/null || continue
    for role in $(python3 -c 'import json,sys; print(" ".join(r["role"] for r in json.load(open(sys.argv[1]))["arrs_roles"]))' "$tmp/rules.json"); do
        grep -qx "$role" "$tmp/roles" 2>/dev/null && continue
        start="${fy%%/*}-04-01"
        if "$bin" staff add $pcn --name "Post $role" --role "$role" --wte 1.0 --start "$start" \
            --cost 50000 >/dev/null 2>>"$tmp/staff.err"; then
            echo "$role" >>"$tmp/roles"
        else
            roles_err="$roles_err $role"
        fi
    done
done
nroles=$(wc -l <"$tmp/roles")
if [ -z "$roles_err" ] && [ "$nroles" -ge 20 ]; then ok "a post in every ARRS role ($nroles roles)"
else notok "a post in every ARRS role: refused:$roles_err" "$(cat "$tmp/staff.err" 2>/dev/null)"; fi

# ---- the command line --------------------------------------------------------
months=$(python3 -c '
for y in range(2023, 2028):
    for m in range(1, 13):
        if (y, m) >= (2023, 4) and (y, m) <= (2028, 3): print("%d-%02d" % (y, m))')
years="2023/24 2024/25 2025/26 2026/27 2027/28"
bad=""
for mo in $months; do
    "$bin" arrs claims $pcn --month "$mo" >/dev/null 2>>"$tmp/cli.err" || bad="$bad claims:$mo"
    "$bin" arrs claims $pcn --month "$mo" --json >/dev/null 2>>"$tmp/cli.err" || bad="$bad claims-json:$mo"
done
for fy in $years; do
    for cmd in "entitlements $pcn --year $fy" "entitlements $pcn --year $fy --json" \
               "entitlements --icb QAA --year $fy --csv" "arrs forecast $pcn --year $fy" \
               "arrs forecast $pcn --year $fy --json" "iif $pcn --year $fy" "rules show $fy"; do
        # shellcheck disable=SC2086
        "$bin" $cmd >/dev/null 2>>"$tmp/cli.err" || bad="$bad [$cmd]"
    done
done
if [ -z "$bad" ]; then ok "every command for every month and year from April 2023 to March 2028 exits 0"
else notok "commands that failed:$bad" "$(tail -5 "$tmp/cli.err")"; fi
def=$("$bin" arrs forecast $pcn | head -1)
check "the command line's default year is 2026/27" "ARRS 2026/27 for $pcn" "$def"
def=$("$bin" entitlements $pcn | head -1)
case "$def" in *"entitlements for 2026/27"*) ok "entitlements default to 2026/27" ;;
    *) notok "entitlements default to 2026/27: $def" ;; esac
"$bin" rules check >"$tmp/check.out" 2>"$tmp/check.err"
check "rules check exits 0" 0 $?

# ---- the web -----------------------------------------------------------------
echo 'a long password for tests' | "$bin" user add mgr@test.invalid --role pcn-manager --org $pcn >/dev/null
echo 'a long password for tests' | "$bin" user add icb@test.invalid --role icb --org QAA >/dev/null
"$bin" serve --listen "127.0.0.1:$port" --threads 2 >"$tmp/log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -s -o /dev/null "$base/healthz" && break; sleep 0.1; done
sign_in() { # email jar
    local tok
    tok=$(curl -s -c "$2" -b "$2" "$base/sign-in" | grep -o 'name="signin" value="[^"]*"' | sed 's/.*value="//;s/"//')
    curl -s -o /dev/null -w '%{http_code}' -c "$2" -b "$2" --data-urlencode "email=$1" \
        --data-urlencode "password=a long password for tests" --data-urlencode "signin=$tok" "$base/sign-in"
}
check "the manager signs in" 303 "$(sign_in mgr@test.invalid "$tmp/mgr")"
check "the ICB user signs in" 303 "$(sign_in icb@test.invalid "$tmp/icb")"
get() { curl -s -o "$tmp/page" -w '%{http_code}' -b "$tmp/$1" "$base$2"; }
bad=""
for mo in $months; do
    for u in "/pcn/$pcn/arrs/claims?month=$mo" "/pcn/$pcn/arrs/claims.csv?month=$mo" \
             "/pcn/$pcn/arrs/claims.xlsx?month=$mo" "/api/v1/pcns/$pcn/arrs/claims?month=$mo"; do
        s=$(get mgr "$u"); [ "$s" -ge 500 ] || [ "$s" = 000 ] && bad="$bad $s:$u"
    done
done
for fy in 2023-24 2024-25 2025-26 2026-27 2027-28; do
    for u in "/pcn/$pcn/funding?year=$fy" "/pcn/$pcn/funding.csv?year=$fy" "/pcn/$pcn/funding.xlsx?year=$fy" \
             "/pcn/$pcn/funding/inputs?year=$fy" "/pcn/$pcn/funding/practices?year=$fy" \
             "/pcn/$pcn/arrs?year=$fy" "/pcn/$pcn/arrs/staff/1?year=$fy" "/pcn/$pcn/iif?year=$fy" \
             "/pcn/$pcn/caip?year=$fy" "/api/v1/pcns/$pcn/entitlements?year=$fy" \
             "/api/v1/pcns/$pcn/arrs/forecast?year=$fy" "/api/v1/pcns/$pcn/iif?year=$fy" \
             "/api/v1/pcns/$pcn/caip?year=$fy"; do
        s=$(get mgr "$u"); [ "$s" -ge 500 ] || [ "$s" = 000 ] && bad="$bad $s:$u"
    done
    for u in "/icb/QAA/funding?year=$fy" "/icb/QAA/funding.csv?year=$fy" "/api/v1/icbs/QAA/entitlements?year=$fy"; do
        s=$(get icb "$u"); [ "$s" -ge 500 ] || [ "$s" = 000 ] && bad="$bad $s:$u"
    done
done
for u in "/pcn/$pcn/arrs/plan" "/pcn/$pcn/rules" "/pcn/$pcn/arrs/staff" "/pcn/$pcn/desk"; do
    s=$(get mgr "$u"); [ "$s" -ge 500 ] || [ "$s" = 000 ] && bad="$bad $s:$u"
done
if [ -z "$bad" ]; then ok "no page or API route answers 5xx for any month or year from April 2023 to March 2028"
else notok "5xx:$bad" "$(tail -5 "$tmp/log")"; fi
get mgr "/pcn/$pcn/funding" >/dev/null
d1=$(grep -c 'Funding 2026/27</h1>' "$tmp/page")
get mgr "/pcn/$pcn/arrs" >/dev/null
d2=$(grep -c 'Scheme (ARRS) 2026/27</h1>' "$tmp/page")
get mgr "/pcn/$pcn/arrs/claims" >/dev/null
d3=$(grep -c '<h1>Claims for November 2026</h1>' "$tmp/page")
check "the pages open on 2026/27 and the claims on November 2026" "1 1 1" "$d1 $d2 $d3"

# ---- layers ------------------------------------------------------------------
claim() { "$bin" arrs claims "$1" --month 2026-11 --json | python3 -c '
import json,sys
d=json.load(sys.stdin)
print(" ".join("%s=%s" % (l["role"], l["claim_pence"]) for l in d["lines"] if l["role"] == sys.argv[1]))' "$2"; }
ea() { "$bin" entitlements "$1" --year 2026/27 --json | python3 -c '
import json,sys
d=json.load(sys.stdin)
print(sum(s["annual_pence"] for s in d["streams"] if s["id"] == "enhanced_access"))'; }
other_before=$(ea $other)
"$bin" rules override --pcn $pcn --file arrs_maxima --row care_coordinator/national --value 24000 \
    --from 2026-04-01 --source "Claim statement for October 2026" --source-date 2026-10-05 >/dev/null 2>"$tmp/err"
c1=$(claim $pcn care_coordinator)
check "the PCN's statement figure sets the care coordinator's claim (£24,000 ÷ 12 = £2,000)" \
    "care_coordinator=200000" "$c1"
"$bin" arrs claims $pcn --month 2026-11 --explain --json >"$tmp/claims.json"
grep -q "the PCN's own figure ($pcn): Claim statement for October 2026, of 5 October 2026" "$tmp/claims.json"
check "the claim's working names the PCN's claim statement" 0 $?
ea_before=$(ea $pcn)
"$bin" rules override --icb QAA --file stream_rates --row enhanced_access/adjusted_population \
    --value 20.00 --from 2026-04-01 --source "Local variation agreement, clause 3" \
    --agreement "QAA LVA 2026" >/dev/null 2>"$tmp/err"
ea_after=$(ea $pcn)
other_after=$(ea $other)
if [ "$ea_after" != "$ea_before" ] && [ "$other_after" = "$other_before" ]; then
    ok "the ICB's variation changes its PCN's Enhanced Access ($ea_before to $ea_after pence) and not a PCN of another ICB"
else notok "the ICB's variation: $pcn $ea_before -> $ea_after, $other $other_before -> $other_after"; fi
"$bin" entitlements $pcn --year 2026/27 --explain | grep -q "the ICB's local variation (QAA, QAA LVA 2026)"
check "the entitlement's working names the ICB's variation" 0 $?
# The other way round: the PCN's own rate changes an entitlement, the
# ICB's maximum a claim (dietitian: £30,000 ÷ 12 = £2,500).
core_before=$("$bin" entitlements $pcn --year 2026/27 --json | python3 -c '
import json,sys; print([s["annual_pence"] for s in json.load(sys.stdin)["streams"] if s["id"] == "core"][0])')
"$bin" rules override --pcn $pcn --file stream_rates --row core/registered_list --value 3.00 \
    --from 2026-04-01 --source "Claim statement for April 2026" >/dev/null 2>"$tmp/err"
core_after=$("$bin" entitlements $pcn --year 2026/27 --json | python3 -c '
import json,sys; print([s["annual_pence"] for s in json.load(sys.stdin)["streams"] if s["id"] == "core"][0])')
if [ "$core_after" -gt "$core_before" ]; then ok "the PCN's own rate changes its core payment ($core_before to $core_after pence)"
else notok "the PCN's own rate: core $core_before -> $core_after"; fi
"$bin" rules override --icb QAA --file arrs_maxima --row dietitian/national --value 30000 \
    --from 2026-04-01 --source "Local variation agreement, schedule 2" --agreement "QAA LVA 2026" >/dev/null 2>"$tmp/err"
check "the ICB's maximum sets its PCN's dietitian claim" "dietitian=250000" "$(claim $pcn dietitian)"
other_claim=$("$bin" rules overrides --icb QBB | grep -c dietitian)
check "a PCN of another ICB has no such figure" 0 "$other_claim"
# Ending a figure is audited with its before and after.
id=$("$bin" rules overrides --pcn $pcn --json | python3 -c '
import json,sys; print([o["id"] for o in json.load(sys.stdin) if o["row"] == "care_coordinator/national"][0])')
"$bin" rules override-end --pcn $pcn "$id" --to 2026-10-31 >/dev/null
c2=$(claim $pcn care_coordinator)
check "after the PCN's figure ends (31 October), November's care coordinator claim is not known again" \
    "care_coordinator=None" "$c2"
sqlite3 "$PCNOPS_DB" "SELECT detail FROM audit_log WHERE action = 'rules-override-add' ORDER BY id" >"$tmp/audit"
a1=$(grep -c '"before":null,"after":{' "$tmp/audit")
check "the audit log holds every figure added with its after (and before: none)" 4 "$a1"
sqlite3 "$PCNOPS_DB" "SELECT detail FROM audit_log WHERE action = 'rules-override-end'" >"$tmp/audit2"
grep -q '"before":{[^}]*"to":null' "$tmp/audit2" && grep -q '"after":{[^}]*"to":"2026-10-31"' "$tmp/audit2"
check "ending it is audited with the figure before (open) and after (to 31 October 2026)" 0 $?
kill $pid 2>/dev/null
wait $pid 2>/dev/null
pid=
[ "$failed" -eq 0 ]
