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

. tests/scripts/lib/e2e.sh
e2e_require "e2e home"

e2e_begin
export PCNOPS_TODAY=2026-12-01

. tests/scripts/lib/store.sh
e2e_store home
setup() {
    e2e_registry || return 1
    for u in "cd@example.org clinical-director U10001 Dr Casey Director" \
             "manager@example.org pcn-manager U10002 Morgan Manager" \
             "icb@example.org icb QAA Indira ICB" \
             "admin@example.org admin - Ada Admin" \
             "leaver@example.org practice A10003 Lee Leaver"; do
        # shellcheck disable=SC2086
        e2e_user $u || return 1
    done
    # U10001: a social prescribing link worker and a care coordinator (no 2026/27 maximum)
    e2e_run staff add U10001 --name "Tom Green" --role social_prescribing_link_worker --wte 1 \
        --start 2025-06-01 --cost 30000 || return 1
    e2e_run staff add U10001 --name "Sam Carer" --role care_coordinator --wte 1 \
        --start 2026-04-01 --cost 28000 || return 1
    # U10002: a clinical pharmacist, October's claim submitted and not yet paid
    e2e_run staff add U10002 --name "Priya Shah" --role clinical_pharmacist --wte 1 \
        --start 2025-04-01 --cost 80000 || return 1
    e2e_run arrs claims U10002 --month 2026-10 --draft || return 1
    local pid_
    pid_=$("$bin" --db "$db" staff list U10002 --json | node -e \
        'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);const a=j.staff||j;console.log(a[0].id)})') || return 1
    e2e_run arrs claim "$pid_" --month 2026-10 --status submitted --on-date 2026-11-10 || return 1
    # the clinical director's desk: a request to decide and an overdue follow-up
    e2e_run desk request add U10001 --from-name "Jane Lead, ICB" --what "Lead the winter access plan" \
        --received 2026-11-25 --due 2026-12-05 || return 1
    e2e_run desk stakeholder add U10001 --name "Alex Place" --kind place --influence 4 --interest 3 || return 1
    e2e_run desk engagement add U10001 --date 2026-11-02 --stakeholder 1 --purpose "Estates bid" \
        --follow-up 2026-11-20 || return 1
    e2e_run desk request add U10002 --from-name "Practice manager" --what "Cover the flu clinic rota" \
        --received 2026-11-28 || return 1
}
e2e_setup setup "the test registry, four roles, posts, a claim, requests, a follow-up"
e2e_serve

[ -n "${E2E_KEEP_SERVER:-}" ] && { echo "# serving $db on $port"; wait "$pid"; }
E2E_URL="http://127.0.0.1:$port" E2E_PASSWORD="$password" \
    e2e_node home 200
echo "1..$n"
