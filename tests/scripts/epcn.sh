#!/usr/bin/env bash
# Golden runs of `pcnops import epcn`, `import cqc` and `history practice`
# (tests/data/epcn/cli/NAME.cmd against NAME.out and NAME.err, in name
# order on one store): the small registry of tests/data/registry, then the
# hand-made ODS sample (agreeing and disagreeing with those monthly files),
# again, refusals, the histories with ODS trusted, and CQC's .ods layout.
# UPDATE_GOLDEN=1 rewrites the files (review the diff!).
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
. tests/scripts/lib/store.sh
PCNOPS_DB=$(test_store "$tmp/epcn.db") || { echo "not ok - setup: no store"; exit 1; }
export PCNOPS_DB PCNOPS_TODAY=2026-11-23
R=tests/data/registry
store_import "registry $R/map-2021-01.csv" "registry $R/map-2023-07.csv"
. tests/scripts/lib/golden.sh
echo "1..$(golden_count tests/data/epcn/cli)"
i=0
golden_run tests/data/epcn/cli "epcn "
