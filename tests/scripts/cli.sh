#!/usr/bin/env bash
# CLI golden tests: each tests/data/cli/NAME.cmd holds the arguments of one
# pcnops run (first line) and optionally "exit N" (second line, default 0).
# Its stdout must equal NAME.out and its stderr NAME.err (empty if absent).
# The store is built from the small registry in tests/data/registry/.
# UPDATE_GOLDEN=1 rewrites the .out/.err files (review the diff!).
set -u
cd "$(dirname "$0")/../.."
bin=build/pcnops
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/scripts/lib/store.sh
PCNOPS_DB=$(test_store "$tmp/cli.db") || { echo "not ok - setup: no store"; exit 1; }
export PCNOPS_DB PCNOPS_TODAY=2026-11-23
R=tests/data/registry
for step in "registry $R/map-2021-01.csv" "list-sizes $R/quin-2021-01.csv" \
            "registry $R/map-2023-07.csv" "list-sizes $R/all-2023-07.csv"; do
    # shellcheck disable=SC2086
    "$bin" import $step >/dev/null 2>"$tmp/setup.err" || { echo "not ok - setup: $(cat "$tmp/setup.err")"; exit 1; }
done

. tests/scripts/lib/golden.sh
echo "1..$(golden_count tests/data/cli)"
i=0
golden_run tests/data/cli ""
