#!/usr/bin/env bash
# make lint inside make test: cppcheck finds nothing in src/ and tests/, and
# every include runs with the layers' order (scripts/lint).  TAP output.
set -u
cd "$(dirname "$0")/../.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "1..2"
if scripts/lint >"$out" 2>&1; then
    echo "ok 1 - make lint: $(grep -c '' "$out") lines, no findings"
else
    echo "not ok 1 - make lint"
    sed 's/^/# /' "$out" | head -60
fi

# The formatter check fails on a file that is not formatted, naming it: on a
# copy of the tree's C files with one line put out of shape.
d=$(mktemp -d)
trap 'rm -f "$out"; rm -rf "$d"' EXIT
mkdir -p "$d/scripts" "$d/src/base"
cp scripts/lint "$d/scripts/"
cp .clang-format "$d/"
cp src/base/money.c "$d/src/base/"
printf 'int lint_probe(void) { return 1+2; }\n' >>"$d/src/base/money.c"
if (cd "$d" && scripts/lint) >"$out" 2>&1; then
    echo "not ok 2 - the formatter check fails on a misformatted file"
    sed 's/^/# /' "$out" | head -20
elif grep -q 'src/base/money.c is not as clang-format writes it' "$out"; then
    echo "ok 2 - the formatter check fails on a misformatted file, naming it"
else
    echo "not ok 2 - the formatter check fails on a misformatted file, naming it"
    sed 's/^/# /' "$out" | head -20
fi
