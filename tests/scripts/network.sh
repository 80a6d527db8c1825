#!/usr/bin/env bash
# The network's decisions on the command line (src/cli/cli_network.c): golden
# tests run in order against one store built from the small registry in
# tests/data/registry/ (U10001 has A10001, 5,931 patients, and A10004,
# 5,457).  Each tests/data/network/cli/NAME.cmd holds the arguments (first
# line) and optionally "exit N"; stdout must equal NAME.out and stderr
# NAME.err.  UPDATE_GOLDEN=1 rewrites them (review the diff!).  Refused
# input writes nothing: the later listings show only what was saved; every
# change is in the audit log as the command line's.
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
. tests/scripts/lib/store.sh
PCNOPS_DB=$(test_store "$tmp/network.db") || { echo "not ok - setup: no store"; exit 1; }
export PCNOPS_DB PCNOPS_TODAY=2026-11-23 PCNOPS_RULES=rules USER=tester
store_registry

D=tests/data/network/cli
. tests/scripts/lib/golden.sh
echo "1..$(($(golden_count "$D") + 1))"
i=0
golden_run "$D" "network "

i=$((i + 1))
got=$(store_sql "SELECT action FROM audit_log WHERE action LIKE 'network-%' ORDER BY id" | tr '\n' ' ')
want="network-meeting-add network-decision-add network-vote network-vote "
if [ "$got" = "$want" ]; then
    echo "ok $i - network every change audited, the refused ones not"
else
    echo "not ok $i - network audit: '$got', expected '$want'"
fi
