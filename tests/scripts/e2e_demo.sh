#!/usr/bin/env bash
# End-to-end test of `make run`'s demo (scripts/run-demo, tests/e2e/demo.mjs)
# in Debian's chromium with axe-core: run-demo makes a new store from the
# bundled data with its demo accounts and the demo PCN's demo data, and
# serves it on a free loopback port; as the demo clinical director, the
# demo PCN's ARRS register, claims and desk are populated and tagged "Demo
# data"; the demo ICB account reaches its ICB.  A second run-demo on the
# same store changes nothing.  Skips (one "ok 1 - e2e demo # SKIP reason"
# line) when chromium, node or the npm packages are missing.
# E2E_SCREENSHOTS=/tmp/shots keeps the PNGs.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/scripts/lib/e2e.sh
e2e_require "e2e demo"

tmp=$(mktemp -d)
pid=""
stop() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
    pid=""
}
trap 'stop; rm -rf "$tmp"' EXIT
export PCNOPS_TODAY=2026-12-01 PCNOPS_DB="$tmp/demo.db"
n=0
port=$(e2e_free_port)
serve() { # LOG
    PCNOPS_LISTEN="127.0.0.1:$port" scripts/run-demo >"$1" 2>&1 &
    pid=$!
    for _ in $(seq 600); do
        curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
if serve "$tmp/run1.log" && grep -q "Demo data for U18986, marked as such" "$tmp/run1.log"; then
    n=$((n + 1)); echo "ok $n - run-demo: a new store, the demo PCN's demo data, served on 127.0.0.1:$port"
else
    echo "not ok 1 - run-demo did not start"; sed 's/^/# /' "$tmp/run1.log" | tail -20; echo "1..1"; exit 1
fi

E2E_URL="http://127.0.0.1:$port" E2E_PASSWORD=pcnops-demo-2026 E2E_PCN=U18986 E2E_ICB=QRL \
E2E_MONTH=2026-11 e2e_node demo 150

stop
rows() { sqlite3 "$PCNOPS_DB" "SELECT (SELECT COUNT(*) FROM arrs_staff) || ' ' || (SELECT COUNT(*) FROM arrs_claim)
    || ' ' || (SELECT COUNT(*) FROM desk_activity) || ' ' || (SELECT COUNT(*) FROM app_user)
    || ' ' || (SELECT COUNT(*) FROM audit_log)"; }
before=$(rows)
n=$((n + 1))
if serve "$tmp/run2.log" && grep -q "already has its demo data" "$tmp/run2.log" && [ "$(rows)" = "$before" ]; then
    echo "ok $n - a second run-demo changes nothing ($before)"
else
    echo "not ok $n - a second run-demo: $(rows), before $before"; sed 's/^/# /' "$tmp/run2.log" | head -5
fi
stop
echo "1..$n"
