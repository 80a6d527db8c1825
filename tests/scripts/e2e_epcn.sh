#!/usr/bin/env bash
# End-to-end test of the pages issue 16 adds to (tests/e2e/epcn.mjs) in
# Debian's chromium with axe-core: the PCN and practice pages with ODS's
# membership dates (a disagreement with the monthly files, ODS trusted) and
# CQC's ratings as context, the requests register linking a
# performance-management request to its practice, and the import form with
# the two new kinds.  A throwaway store: the small registry of
# tests/data/registry with the hand-made ODS and CQC samples of
# tests/data/epcn, an admin, served on a free loopback port.  Skips (one
# "ok 1 - e2e epcn # SKIP reason" line) without chromium, node or the npm
# packages.  E2E_SCREENSHOTS=/tmp/shots keeps PNGs.
set -u
cd "$(dirname "$0")/../.." || exit 1
bin=build/pcnops
export CHROME="${CHROME:-/usr/bin/chromium}"

. tests/scripts/lib/e2e.sh
e2e_require "e2e epcn"

tmp=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
n=0
export PCNOPS_TODAY=2026-11-23

. tests/scripts/lib/store.sh
db=$(test_store "$tmp/epcn.db") || { echo "not ok 1 - store: no store"; echo "1..1"; exit 1; }
password="e2e harbour lantern quietly orbit plum"  # a test store's
R=tests/data/registry
E=tests/data/epcn
setup() {
    local step
    for step in "registry $R/map-2021-01.csv" "list-sizes $R/quin-2021-01.csv" \
                "registry $R/map-2023-07.csv" "list-sizes $R/all-2023-07.csv" \
                "epcn $E/epcn-sample-core-partner-details.csv" "cqc $E/cqc-latest-ratings-sample.ods"; do
        # shellcheck disable=SC2086
        "$bin" --db "$db" import $step >/dev/null 2>"$tmp/setup.err" || return 1
    done
    echo "$password" | "$bin" --db "$db" user add admin@example.org --role admin \
        --name "Ada Admin" >/dev/null 2>"$tmp/setup.err" || return 1
    "$bin" --db "$db" desk request add U10001 --from-name "Sam Lee" --org "NHS Alpha ICB" \
        --what "Take Vale Practice to task over its CQC rating" --received 2026-11-02 \
        --performance-management >/dev/null 2>"$tmp/setup.err"
}
if setup; then
    n=$((n + 1)); echo "ok $n - store: the test registry, ODS and CQC samples, an admin and a request"
else
    echo "not ok 1 - store: $(cat "$tmp/setup.err")"; echo "1..1"; exit 1
fi

port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
"$bin" --db "$db" serve --listen "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz" 2>/dev/null && break
    sleep 0.1
done
if ! curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz"; then
    echo "not ok 2 - pcnops serve did not start"; sed 's/^/# server: /' "$tmp/serve.log"; echo "1..2"; exit 1
fi
n=$((n + 1)); echo "ok $n - pcnops serve answers on 127.0.0.1:$port"

E2E_URL="http://127.0.0.1:$port" E2E_EMAIL=admin@example.org E2E_PASSWORD="$password" \
TAP_FIRST=$((n + 1)) TAP_NO_PLAN=1 timeout -k 5 120 node tests/e2e/epcn.mjs >"$tmp/tap" 2>"$tmp/node.err"
rc=$?
cat "$tmp/tap"
n=$((n + $(grep -cE '^(not )?ok ' "$tmp/tap")))
if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$tmp/tap"; then
    n=$((n + 1)); echo "not ok $n - node tests/e2e/epcn.mjs exited with status $rc"
    sed 's/^/# node: /' "$tmp/node.err" | tail -20
fi
echo "1..$n"
