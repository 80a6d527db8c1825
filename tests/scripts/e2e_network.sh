#!/usr/bin/env bash
# End-to-end test of the network's decisions and the neighbourhood team
# (tests/e2e/network.mjs) in
# Debian's chromium with axe-core, on a throwaway store: the small registry
# of tests/data/registry, a clinical director of U10001, a user of its
# member practice A10001 and of its ICB QAA, served on a free loopback port.  Offline: no browser is downloaded.
# Skips (one "ok 1 - e2e network # SKIP reason" line) when chromium, node or
# the npm packages are missing.   E2E_SCREENSHOTS=/tmp/shots keeps PNGs and
# the brief's PDF.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/scripts/lib/e2e.sh
e2e_require "e2e network"

e2e_begin
export PCNOPS_TODAY=2026-11-23

. tests/scripts/lib/store.sh
e2e_store network
setup() {
    e2e_registry || return 1
    e2e_user cd@example.org clinical-director U10001 "Dr Casey Director" || return 1
    e2e_user practice@example.org practice A10001 "Pat Practice" || return 1
    e2e_user icb@example.org icb QAA "Ivy Icb"
}
e2e_setup setup "the test registry, a clinical director, a practice and an ICB user"
e2e_serve

E2E_URL="http://127.0.0.1:$port" E2E_EMAIL=cd@example.org E2E_PASSWORD="$password" E2E_PCN=U10001 \
E2E_PRACTICE_EMAIL=practice@example.org E2E_ICB_EMAIL=icb@example.org \
    e2e_node network 150
echo "1..$n"
