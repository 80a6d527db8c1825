#!/usr/bin/env bash
# CLI golden tests: each tests/data/cli/NAME.cmd holds the arguments of one
# pcnops run (first line) and optionally "exit N" (second line, default 0).
# Its stdout must equal NAME.out and its stderr NAME.err (empty if absent).
# The store is built from the small registry in tests/data/registry/.
# UPDATE_GOLDEN=1 rewrites the .out/.err files (review the diff!).
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
. tests/scripts/lib/store.sh
PCNOPS_DB=$(test_store "$tmp/cli.db") || { echo "not ok - setup: no store"; exit 1; }
export PCNOPS_DB PCNOPS_TODAY=2026-11-23
store_registry

. tests/scripts/lib/golden.sh
echo "1..$(golden_count tests/data/cli)"
i=0
golden_run tests/data/cli ""
