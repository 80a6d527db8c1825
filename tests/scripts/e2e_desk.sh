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

. tests/scripts/lib/e2e.sh
e2e_require "e2e desk"

e2e_begin
export PCNOPS_TODAY=2026-11-23

. tests/scripts/lib/store.sh
e2e_store desk
setup() {
    e2e_registry || return 1
    e2e_user cd@example.org clinical-director U10001 "Dr Casey Director" || return 1
    e2e_run staff add U10001 --name "Tom Green" --role social_prescribing_link_worker \
        --wte 1 --start 2025-06-01 --cost 30000
}
e2e_setup setup "the test registry, a clinical director and an ARRS post"
e2e_serve

E2E_URL="http://127.0.0.1:$port" E2E_EMAIL=cd@example.org E2E_PASSWORD="$password" E2E_PCN=U10001 \
    e2e_node desk 150
echo "1..$n"
