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
# The pages as they stand on 1 December 2026, in the 2026/27 year.
export PCNOPS_TODAY=2026-12-01

. tests/scripts/lib/e2e.sh
e2e_require "e2e charts" puppeteer-core

e2e_begin

db="$tmp/charts.db"
setup() {
    e2e_registry || return 1
    e2e_user admin@example.org admin - "Ada Admin" || return 1
    e2e_user cd@example.org clinical-director U10001 "Dr Casey Director" || return 1
    e2e_run staff add U10002 --name "Priya Shah" --role clinical_pharmacist \
        --wte 1 --start 2025-04-01 --cost 80000 || return 1
    e2e_run staff add U10001 --name "Tom Green" --role social_prescribing_link_worker \
        --wte 1 --start 2025-06-01 --cost 30000 || return 1
    # Tom Green's claims for April to October 2026: submitted; April to
    # August paid two months after the month (the cash flow's lag)
    local mo pm
    for mo in 04 05 06 07 08 09 10; do
        e2e_run arrs claims U10001 --month "2026-$mo" --draft &&
        e2e_run arrs claim 2 --month "2026-$mo" --status submitted --on-date "2026-$mo-28" || return 1
        [ "$mo" -le 08 ] || continue
        pm=$(printf %02d $((10#$mo + 2)))
        e2e_run arrs claim 2 --month "2026-$mo" --status approved --on-date "2026-$mo-28" \
            --amount 2500 &&
        e2e_run arrs claim 2 --month "2026-$mo" --status paid --on-date "2026-$pm-15" \
            --amount 2500 || return 1
    done
    # the desk: two responsibilities, one 60% delegated from June; five weeks of time
    local d
    e2e_run desk delegation add U10001 --area arrs_recruitment &&
    e2e_run desk delegation add U10001 --area iif &&
    e2e_run desk delegation set U10001 1 --from 2026-06-01 --cd-share 40 \
        --lead "Sam Manager" --lead-role "PCN manager" || return 1
    for d in 2026-10-27 2026-11-03 2026-11-10 2026-11-17 2026-11-24; do
        e2e_run time add U10001 --date "$d" --hours 3 --category practices \
            --title "Practice visit" || return 1
        e2e_run time add U10001 --date "$d" --hours 2.5 --category system_meetings \
            --title "ICB board" || return 1
    done
}
e2e_setup setup "the test registry, an admin, a clinical director and two ARRS posts"
e2e_serve

E2E_URL="http://127.0.0.1:$port" E2E_ADMIN=admin@example.org E2E_CD=cd@example.org \
E2E_CD_PCN=U10001 E2E_PASSWORD="$password" \
    e2e_node charts 120
echo "1..$n"
