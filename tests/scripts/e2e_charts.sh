#!/usr/bin/env bash
# End-to-end test of the charts (tests/e2e/charts.mjs) in Debian's chromium
# at 1,280 pixels: on the funding page, the ARRS position, the cash flow
# (and its what-if), the PCN and practice pages and the desk's delegation
# and time pages, every chart
# starts at zero or shows its labelled break, draws its values where its
# ticks say, and has its table beside it; one list-size date is a sentence.
# A throwaway store: the small registry of tests/data/registry, an admin, a
# clinical director of U10001 with two responsibilities (one delegated)
# and five weeks of time, and an ARRS post in each of U10001 and U10002
# (U10001's with claims for April to October 2026, five of them paid),
# served on a free loopback port.  Offline: no browser is
# downloaded.  Skips (one "ok 1 - e2e charts # SKIP reason" line) when
# chromium, node or the npm packages are missing.
#   E2E_SCREENSHOTS=/tmp/shots      keeps full-page PNGs of each page
set -u
cd "$(dirname "$0")/../.." || exit 1
bin=build/pcnops
export CHROME="${CHROME:-/usr/bin/chromium}"
# The pages as they stand on 1 December 2026, in the 2026/27 year.
export PCNOPS_TODAY=2026-12-01

. tests/scripts/lib/e2e.sh
e2e_require "e2e charts" puppeteer-core

tmp=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
n=0

db="$tmp/charts.db"
password="e2e harbour lantern quietly orbit plum"  # a test store's; words the password check accepts every time
R=tests/data/registry
setup() {
    local step
    for step in "registry $R/map-2021-01.csv" "list-sizes $R/quin-2021-01.csv" \
                "registry $R/map-2023-07.csv" "list-sizes $R/all-2023-07.csv"; do
        # shellcheck disable=SC2086
        "$bin" --db "$db" import $step >/dev/null 2>"$tmp/setup.err" || return 1
    done
    echo "$password" | "$bin" --db "$db" user add admin@example.org --role admin \
        --name "Ada Admin" >/dev/null 2>"$tmp/setup.err" || return 1
    echo "$password" | "$bin" --db "$db" user add cd@example.org --role clinical-director \
        --org U10001 --name "Dr Casey Director" >/dev/null 2>"$tmp/setup.err" || return 1
    "$bin" --db "$db" staff add U10002 --name "Priya Shah" --role clinical_pharmacist \
        --wte 1 --start 2025-04-01 --cost 80000 >/dev/null 2>"$tmp/setup.err" || return 1
    "$bin" --db "$db" staff add U10001 --name "Tom Green" --role social_prescribing_link_worker \
        --wte 1 --start 2025-06-01 --cost 30000 >/dev/null 2>"$tmp/setup.err" || return 1
    # Tom Green's claims for April to October 2026: submitted; April to
    # August paid two months after the month (the cash flow's lag)
    local mo pm
    for mo in 04 05 06 07 08 09 10; do
        "$bin" --db "$db" arrs claims U10001 --month "2026-$mo" --draft >/dev/null 2>"$tmp/setup.err" &&
        "$bin" --db "$db" arrs claim 2 --month "2026-$mo" --status submitted --on-date "2026-$mo-28" \
            >/dev/null 2>"$tmp/setup.err" || return 1
        [ "$mo" -le 08 ] || continue
        pm=$(printf %02d $((10#$mo + 2)))
        "$bin" --db "$db" arrs claim 2 --month "2026-$mo" --status approved --on-date "2026-$mo-28" \
            --amount 2500 >/dev/null 2>"$tmp/setup.err" &&
        "$bin" --db "$db" arrs claim 2 --month "2026-$mo" --status paid --on-date "2026-$pm-15" \
            --amount 2500 >/dev/null 2>"$tmp/setup.err" || return 1
    done
    # the desk: two responsibilities, one 60% delegated from June; five weeks of time
    local d
    {
        "$bin" --db "$db" desk delegation add U10001 --area arrs_recruitment &&
        "$bin" --db "$db" desk delegation add U10001 --area iif &&
        "$bin" --db "$db" desk delegation set U10001 1 --from 2026-06-01 --cd-share 40 \
            --lead "Sam Manager" --lead-role "PCN manager"
    } >/dev/null 2>"$tmp/setup.err" || return 1
    for d in 2026-10-27 2026-11-03 2026-11-10 2026-11-17 2026-11-24; do
        "$bin" --db "$db" time add U10001 --date "$d" --hours 3 --category practices \
            --title "Practice visit" >/dev/null 2>"$tmp/setup.err" || return 1
        "$bin" --db "$db" time add U10001 --date "$d" --hours 2.5 --category system_meetings \
            --title "ICB board" >/dev/null 2>"$tmp/setup.err" || return 1
    done
}
if setup; then
    n=$((n + 1)); echo "ok $n - store: the test registry, an admin, a clinical director and two ARRS posts"
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

E2E_URL="http://127.0.0.1:$port" E2E_ADMIN=admin@example.org E2E_CD=cd@example.org \
E2E_CD_PCN=U10001 E2E_PASSWORD="$password" TAP_FIRST=$((n + 1)) TAP_NO_PLAN=1 \
    timeout -k 5 120 node tests/e2e/charts.mjs >"$tmp/tap" 2>"$tmp/node.err"
rc=$?
cat "$tmp/tap"
n=$((n + $(grep -cE '^(not )?ok ' "$tmp/tap")))
if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$tmp/tap"; then
    n=$((n + 1)); echo "not ok $n - node tests/e2e/charts.mjs exited with status $rc"
    sed 's/^/# node: /' "$tmp/node.err" | tail -20
fi
echo "1..$n"
