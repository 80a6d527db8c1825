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

. tests/scripts/lib/e2e.sh
e2e_require "e2e epcn"

e2e_begin
export PCNOPS_TODAY=2026-11-23

. tests/scripts/lib/store.sh
e2e_store epcn
E=tests/data/epcn
setup() {
    e2e_registry "epcn $E/epcn-sample-core-partner-details.csv" "cqc $E/cqc-latest-ratings-sample.ods" || return 1
    e2e_user admin@example.org admin - "Ada Admin" || return 1
    e2e_run desk request add U10001 --from-name "Sam Lee" --org "NHS Alpha ICB" \
        --what "Take Vale Practice to task over its CQC rating" --received 2026-11-02 \
        --performance-management
}
e2e_setup setup "the test registry, ODS and CQC samples, an admin and a request"
e2e_serve

E2E_URL="http://127.0.0.1:$port" E2E_EMAIL=admin@example.org E2E_PASSWORD="$password" \
    e2e_node epcn 120
echo "1..$n"
