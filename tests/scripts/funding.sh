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
bin=build/pcnops
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PCNOPS_DB="$tmp/funding.db" PCNOPS_TODAY=2026-11-23 PCNOPS_RULES=rules
D=tests/data/funding
for step in "registry $D/map-2024-01.csv" "registry $D/map-2025-01.csv" \
            "list-sizes $D/quin-2024-01.csv" "list-sizes $D/quin-2025-01.csv" \
            "populations $D/populations.csv"; do
    # shellcheck disable=SC2086
    "$bin" import $step >/dev/null 2>"$tmp/setup.err" || { echo "not ok - setup: $(cat "$tmp/setup.err")"; exit 1; }
done
"$bin" set beds U20001 --month 2024-04 --beds 40 >/dev/null || { echo "not ok - setup: set beds"; exit 1; }

cases=("$D"/cli/*.cmd)
echo "1..${#cases[@]}"
i=0
for c in "${cases[@]}"; do
    i=$((i + 1))
    name=$(basename "$c" .cmd)
    args=$(sed -n 1p "$c")
    want_exit=$(sed -n 2p "$c" | sed -n 's/^exit //p')
    want_exit=${want_exit:-0}
    # shellcheck disable=SC2086
    eval "set -- $args"
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    got_exit=$?
    exp_out="$D/cli/$name.out" exp_err="$D/cli/$name.err"
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$tmp/out" "$exp_out"
        if [ -s "$tmp/err" ]; then cp "$tmp/err" "$exp_err"; else rm -f "$exp_err"; fi
    fi
    problem=""
    [ "$got_exit" = "$want_exit" ] || problem="exit status $got_exit, expected $want_exit"
    if ! diff -u "$exp_out" "$tmp/out" >"$tmp/diff" 2>&1; then problem="$problem; stdout differs"; fi
    if [ -f "$exp_err" ]; then
        diff -u "$exp_err" "$tmp/err" >>"$tmp/diff" 2>&1 || problem="$problem; stderr differs"
    elif [ -s "$tmp/err" ]; then
        problem="$problem; unexpected stderr"; cat "$tmp/err" >>"$tmp/diff"
    fi
    if [ -z "$problem" ]; then
        echo "ok $i - funding $name"
    else
        echo "not ok $i - funding $name: $problem"
        sed 's/^/# /' "$tmp/diff" | head -40
    fi
done
