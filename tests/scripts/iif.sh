#!/usr/bin/env bash
# IIF and CAIP golden tests: `pcnops import iif`, `pcnops iif` (the table,
# what-if, practices, JSON, the working), figures entered, the practices
# without a PCN, and the CAIP tracker feeding the entitlements, run in order
# against one store built from the small registry of tests/data/registry.
# Each tests/data/iif/cli/NAME.cmd holds the arguments (first line) and
# optionally "exit N" (second line); stdout must equal NAME.out and stderr
# NAME.err (empty if absent).  UPDATE_GOLDEN=1 rewrites them (review the diff!).
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
. tests/scripts/lib/store.sh
PCNOPS_DB=$(test_store "$tmp/iif.db") || { echo "not ok - setup: no store"; exit 1; }
export PCNOPS_DB PCNOPS_TODAY=2026-11-23 PCNOPS_RULES=rules
store_registry

D=tests/data/iif/cli
. tests/scripts/lib/golden.sh
echo "1..$(golden_count "$D")"
i=0
golden_run "$D" "iif "
