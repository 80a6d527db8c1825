#!/usr/bin/env bash
# End-to-end test of the home page of each role, search, the canonical
# addresses and accounts on the web (tests/e2e/home.mjs) in Debian's
# chromium with axe-core, on a throwaway store: the small registry of
# tests/data/registry on 1 December 2026, with a clinical director of
# U10001, a PCN manager of U10002, an ICB user of QAA, an admin, and an
# account that has never signed in; ARRS posts (one in a role whose 2026/27
# maximum the rules do not know), a claim submitted and not paid, a request
# awaiting a decision, an overdue follow-up, and supervision never logged.
# Skips (one "ok 1 - e2e home # SKIP reason" line) when chromium, node or
# the npm packages are missing.  E2E_SCREENSHOTS=/tmp/shots keeps PNGs;
# E2E_KEEP_SERVER=1 serves the store instead of running the browser (to look
# at the pages by hand; stop it with Ctrl+C).
set -u
cd "$(dirname "$0")/../.." || exit 1
bin=build/pcnops
export CHROME="${CHROME:-/usr/bin/chromium}"

. tests/scripts/lib/e2e.sh
e2e_require "e2e home"

tmp=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
n=0
export PCNOPS_TODAY=2026-12-01

. tests/scripts/lib/store.sh
db=$(test_store "$tmp/home.db") || { echo "not ok 1 - store: no store"; echo "1..1"; exit 1; }
password="e2e harbour lantern quietly orbit plum"  # a test store's; words the password check accepts every time
R=tests/data/registry
p() { "$bin" --db "$db" "$@" >/dev/null 2>"$tmp/setup.err"; }
setup() {
    local step
    for step in "registry $R/map-2021-01.csv" "list-sizes $R/quin-2021-01.csv" \
                "registry $R/map-2023-07.csv" "list-sizes $R/all-2023-07.csv"; do
        # shellcheck disable=SC2086
        p import $step || return 1
    done
    for u in "cd@example.org clinical-director U10001 Dr Casey Director" \
             "manager@example.org pcn-manager U10002 Morgan Manager" \
             "icb@example.org icb QAA Indira ICB" \
             "admin@example.org admin - Ada Admin" \
             "leaver@example.org practice A10003 Lee Leaver"; do
        set -- $u
        local org=(--org "$3"); [ "$3" = - ] && org=()
        echo "$password" | p user add "$1" --role "$2" "${org[@]}" --name "${*:4}" || return 1
    done
    # U10001: a social prescribing link worker and a care coordinator (no 2026/27 maximum)
    p staff add U10001 --name "Tom Green" --role social_prescribing_link_worker --wte 1 \
        --start 2025-06-01 --cost 30000 || return 1
    p staff add U10001 --name "Sam Carer" --role care_coordinator --wte 1 \
        --start 2026-04-01 --cost 28000 || return 1
    # U10002: a clinical pharmacist, October's claim submitted and not yet paid
    p staff add U10002 --name "Priya Shah" --role clinical_pharmacist --wte 1 \
        --start 2025-04-01 --cost 80000 || return 1
    p arrs claims U10002 --month 2026-10 --draft || return 1
    local pid_
    pid_=$("$bin" --db "$db" staff list U10002 --json | node -e \
        'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);const a=j.staff||j;console.log(a[0].id)})') || return 1
    p arrs claim "$pid_" --month 2026-10 --status submitted --on-date 2026-11-10 || return 1
    # the clinical director's desk: a request to decide and an overdue follow-up
    p desk request add U10001 --from-name "Jane Lead, ICB" --what "Lead the winter access plan" \
        --received 2026-11-25 --due 2026-12-05 || return 1
    p desk stakeholder add U10001 --name "Alex Place" --kind place --influence 4 --interest 3 || return 1
    p desk engagement add U10001 --date 2026-11-02 --stakeholder 1 --purpose "Estates bid" \
        --follow-up 2026-11-20 || return 1
    p desk request add U10002 --from-name "Practice manager" --what "Cover the flu clinic rota" \
        --received 2026-11-28 || return 1
}
if setup; then
    n=$((n + 1)); echo "ok $n - store: the test registry, four roles, posts, a claim, requests, a follow-up"
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

[ -n "${E2E_KEEP_SERVER:-}" ] && { echo "# serving $db on $port"; wait "$pid"; }
E2E_URL="http://127.0.0.1:$port" E2E_PASSWORD="$password" \
TAP_FIRST=$((n + 1)) TAP_NO_PLAN=1 timeout -k 5 200 node tests/e2e/home.mjs >"$tmp/tap" 2>"$tmp/node.err"
rc=$?
cat "$tmp/tap"
n=$((n + $(grep -cE '^(not )?ok ' "$tmp/tap")))
if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$tmp/tap"; then
    n=$((n + 1)); echo "not ok $n - node tests/e2e/home.mjs exited with status $rc"
    sed 's/^/# node: /' "$tmp/node.err" | tail -20
fi
echo "1..$n"
