#!/usr/bin/env bash
# End-to-end test of the clinical director's desk (tests/e2e/desk.mjs) in
# Debian's chromium with axe-core, on a throwaway store: the small registry
# of tests/data/registry, a clinical director of U10001 and one ARRS post
# there, served on a free loopback port.  Offline: no browser is downloaded.
# Skips (one "ok 1 - e2e desk # SKIP reason" line) when chromium, node or
# the npm packages are missing.   E2E_SCREENSHOTS=/tmp/shots keeps PNGs and
# the brief's PDF.
set -u
cd "$(dirname "$0")/../.." || exit 1
bin=build/pcnops
export CHROME="${CHROME:-/usr/bin/chromium}"

. tests/scripts/lib/e2e.sh
e2e_require "e2e desk"

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
db=$(test_store "$tmp/desk.db") || { echo "not ok 1 - store: no store"; echo "1..1"; exit 1; }
password="e2e harbour lantern quietly orbit plum"  # a test store's; words the password check accepts every time
R=tests/data/registry
setup() {
    local step
    for step in "registry $R/map-2021-01.csv" "list-sizes $R/quin-2021-01.csv" \
                "registry $R/map-2023-07.csv" "list-sizes $R/all-2023-07.csv"; do
        # shellcheck disable=SC2086
        "$bin" --db "$db" import $step >/dev/null 2>"$tmp/setup.err" || return 1
    done
    echo "$password" | "$bin" --db "$db" user add cd@example.org --role clinical-director \
        --org U10001 --name "Dr Casey Director" >/dev/null 2>"$tmp/setup.err" || return 1
    "$bin" --db "$db" staff add U10001 --name "Tom Green" --role social_prescribing_link_worker \
        --wte 1 --start 2025-06-01 --cost 30000 >/dev/null 2>"$tmp/setup.err"
}
if setup; then
    n=$((n + 1)); echo "ok $n - store: the test registry, a clinical director and an ARRS post"
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

E2E_URL="http://127.0.0.1:$port" E2E_EMAIL=cd@example.org E2E_PASSWORD="$password" E2E_PCN=U10001 \
TAP_FIRST=$((n + 1)) TAP_NO_PLAN=1 timeout -k 5 150 node tests/e2e/desk.mjs >"$tmp/tap" 2>"$tmp/node.err"
rc=$?
cat "$tmp/tap"
n=$((n + $(grep -cE '^(not )?ok ' "$tmp/tap")))
if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$tmp/tap"; then
    n=$((n + 1)); echo "not ok $n - node tests/e2e/desk.mjs exited with status $rc"
    sed 's/^/# node: /' "$tmp/node.err" | tail -20
fi
echo "1..$n"
