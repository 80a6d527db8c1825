#!/usr/bin/env bash
# A PCN with no member practices on the date its entitlements are worked
# out from (a PCN the registry does not list yet on 1 January): its ARRS sum
# is not known, and the ARRS page, the planner, the API and the CLI say so
# and why, rather than answering 500 or failing (the HTTP fuzzer found the
# planner's POST answering 500 here).  TAP output.
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
. tests/scripts/lib/store.sh
store_begin arrstest
store_import "registry tests/data/registry/map-2023-07.csv"
pass='a long password for tests'
echo "$pass" | "$bin" user add m@example.invalid --role pcn-manager --org U10001 >/dev/null ||
    { echo "not ok - setup: no account"; exit 1; }
# U10001's practices join on 1 June 2026: none on 1 January 2026.
store_sql "UPDATE membership SET valid_from = '2026-06-01' WHERE pcn_code = 'U10001'" >/dev/null
why="U10001 has no member practices in the registry on 1 January 2026"
echo "1..6"
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; [ -n "${3:-}" ] && sed 's/^/# /' "$3" | head -20; fi; }

"$bin" arrs forecast U10001 --year 2026/27 >"$tmp/o" 2>&1 &&
    grep -q "ARRS sum  *not known: $why" "$tmp/o"
ok $? "arrs forecast: the sum not known, and why" "$tmp/o"
"$bin" arrs forecast U10001 --year 2026/27 --json >"$tmp/o" 2>&1 &&
    jq -e ".sum_pence == null and (.sum_not_known_because | startswith(\"$why\"))" "$tmp/o" >/dev/null
ok $? "arrs forecast --json: sum null, and why" "$tmp/o"

. tests/scripts/lib/serve.sh
serve_start "$tmp/log" --threads 2
jar=$tmp/jar
serve_sign_in m@example.invalid "$pass" "$jar" >/dev/null
get() { curl -s -o "$tmp/body" -w '%{http_code}' -b "$jar" "$url$1"; }
[ "$(get "/pcn/U10001/arrs?year=2026-27")" = 200 ] && grep -q "Not known" "$tmp/body" &&
    grep -q "$why" "$tmp/body"
ok $? "the ARRS page: 200, the sum not known, and why" "$tmp/body"
[ "$(get "/api/v1/pcns/U10001/arrs/forecast?year=2026-27")" = 200 ] &&
    jq -e '.sum_pence == null and .sum_not_known_because != null' "$tmp/body" >/dev/null
ok $? "the ARRS API: 200, sum null, and why" "$tmp/body"
csrf=$(serve_csrf "$jar" "/pcn/U10001/arrs/plan?year=2026-27")
st=$(curl -s -o "$tmp/body" -w '%{http_code}' -b "$jar" --data-urlencode "csrf=$csrf" \
    --data-urlencode role_1=clinical_pharmacist --data-urlencode min_1=0.5 \
    --data-urlencode max_1=1.0 --data-urlencode weight_1=8 --data-urlencode earliest_1=2026-07 \
    --data-urlencode cost_1=70000 "$url/pcn/U10001/arrs/plan")
[ "$st" = 400 ] && grep -q "is not known ($why" "$tmp/body"
ok $? "the planner's POST: 400 saying the sum is not known and why, not 500 (status $st)" "$tmp/body"
! grep -q "pcnops: " "$tmp/log"
ok $? "the server logged no failure" "$tmp/log"
