#!/usr/bin/env bash
# The clinical director's desk on the command line: golden tests run in order
# against one store built from the small registry in tests/data/registry/
# (PCN U10001 has 11,388 patients: 2.14 hours a week of funded time).
# Each tests/data/desk/cli/NAME.cmd holds the arguments (first line) and
# optionally "exit N" (second line); stdout must equal NAME.out and stderr
# NAME.err (empty if absent).  UPDATE_GOLDEN=1 rewrites them (review the diff!).
# Bad input must write nothing: the later listings show only what was saved.
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
. tests/scripts/lib/store.sh
PCNOPS_DB=$(test_store "$tmp/desk.db") || { echo "not ok - setup: no store"; exit 1; }
export PCNOPS_DB PCNOPS_TODAY=2026-11-23 PCNOPS_RULES=rules USER=tester
store_registry

D=tests/data/desk/cli
. tests/scripts/lib/golden.sh
echo "1..$(($(golden_count "$D") + 1))"
i=0
golden_run "$D" "desk "

# Every change made above is in the audit log, named as the command line's,
# and the chain is intact.
i=$((i + 1))
if "$bin" audit verify >/dev/null 2>"$tmp/err" &&
   [ "$(store_sql "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'desk-%' AND ip = 'command line' AND user_email = 'tester'")" -ge 14 ]; then
    echo "ok $i - desk changes are audited as the command line's"
else
    echo "not ok $i - desk changes are audited as the command line's: $(cat "$tmp/err")"
fi
