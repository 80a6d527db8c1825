#!/usr/bin/env bash
# make lint inside make test: cppcheck finds nothing in src/ and tests/, and
# every include runs with the layers' order (scripts/lint).  TAP output.
set -u
cd "$(dirname "$0")/../.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "1..1"
if scripts/lint >"$out" 2>&1; then
    echo "ok 1 - make lint: $(grep -c '' "$out") lines, no findings"
else
    echo "not ok 1 - make lint"
    sed 's/^/# /' "$out" | head -60
fi
