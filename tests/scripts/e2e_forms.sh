#!/usr/bin/env bash
# Every form with bad input in Debian's chromium (tests/e2e/forms.mjs), with
# axe-core: each shows every mistake at once in the NHS error summary, each
# link of the summary lands on its field, and what was typed is kept.  On a
# throwaway store: the small registry of tests/data/registry, a PCN manager
# of U10001 with one ARRS post, and an administrator, served on a free
# loopback port.  Offline: no browser is downloaded.  Skips (one "ok 1 -
# e2e forms # SKIP reason" line) when chromium, node or the npm packages are
# missing.   E2E_SCREENSHOTS=/tmp/shots keeps PNGs of a few forms.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/scripts/lib/e2e.sh
e2e_require "e2e forms"

e2e_begin
export PCNOPS_TODAY=2026-11-23

. tests/scripts/lib/store.sh
e2e_store forms
setup() {
    e2e_registry || return 1
    e2e_user manager@example.org pcn-manager U10001 "Alex Manager" || return 1
    e2e_user admin@example.org admin - "Ada Admin" || return 1
    e2e_run staff add U10001 --name "Tom Green" --role social_prescribing_link_worker \
        --wte 1 --start 2025-06-01 --cost 30000
}
e2e_setup setup "the test registry, a PCN manager, an administrator and an ARRS post"
e2e_serve

E2E_URL="http://127.0.0.1:$port" E2E_EMAIL=manager@example.org E2E_ADMIN=admin@example.org \
E2E_PASSWORD="$password" E2E_PCN=U10001 \
    e2e_node forms 240
echo "1..$n"
