#!/usr/bin/env bash
# Funding golden tests: the rules commands, populations import, the inputs a
# user sets and entitlements with their working, run in order against one
# store built from tests/data/funding/ (a PCN whose bases are the worked
# example of rules-reference §4: R = 50,000, A = 52,000, W = 51,000).
# Each tests/data/funding/cli/NAME.cmd holds the arguments (first line) and
# optionally "exit N" (second line); stdout must equal NAME.out and stderr
# NAME.err (empty if absent).  UPDATE_GOLDEN=1 rewrites them (review the diff!).
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
. tests/scripts/lib/store.sh
PCNOPS_DB=$(test_store "$tmp/funding.db") || { echo "not ok - setup: no store"; exit 1; }
export PCNOPS_DB PCNOPS_TODAY=2026-11-23 PCNOPS_RULES=rules
D=tests/data/funding
store_import "registry $D/map-2024-01.csv" "registry $D/map-2025-01.csv" \
             "list-sizes $D/quin-2024-01.csv" "list-sizes $D/quin-2025-01.csv" \
             "populations $D/populations.csv"
"$bin" set beds U20001 --month 2024-04 --beds 40 >/dev/null || { echo "not ok - setup: set beds"; exit 1; }

. tests/scripts/lib/golden.sh
echo "1..$(golden_count "$D"/cli)"
i=0
golden_run "$D"/cli "funding "
