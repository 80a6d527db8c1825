# Golden command-line tests, shared by tests/scripts/{cli,funding,iif,desk}.sh.
# Source it, set $bin, $tmp and the store's environment, then call
#     golden_run DIR LABEL
# which runs every DIR/NAME.cmd in name order against that one store and
# prints a TAP line for each (numbering from $i + 1; $i is left at the last).
# NAME.cmd holds the arguments (first line, shell words) and optionally
# "exit N" (second line); stdout must equal NAME.out and stderr NAME.err
# (empty if absent).  UPDATE_GOLDEN=1 rewrites them: review the diff!
# golden_count DIR gives the number of cases, for the TAP plan.

golden_count() {
    local c n=0
    for c in "$1"/*.cmd; do [ -f "$c" ] && n=$((n + 1)); done
    echo "$n"
}

golden_run() { # DIR LABEL
    local dir=$1 label=$2 c name args want_exit got_exit exp_out exp_err problem
    for c in "$dir"/*.cmd; do
        [ -f "$c" ] || continue
        i=$((i + 1))
        name=$(basename "$c" .cmd)
        args=$(sed -n 1p "$c")
        want_exit=$(sed -n 2p "$c" | sed -n 's/^exit //p')
        want_exit=${want_exit:-0}
        eval "set -- $args"
        "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
        got_exit=$?
        exp_out="$dir/$name.out" exp_err="$dir/$name.err"
        if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
            cp "$tmp/out" "$exp_out"
            if [ -s "$tmp/err" ]; then cp "$tmp/err" "$exp_err"; else rm -f "$exp_err"; fi
        fi
        problem=""
        [ "$got_exit" = "$want_exit" ] || problem="exit status $got_exit, expected $want_exit"
        diff -u "$exp_out" "$tmp/out" >"$tmp/diff" 2>&1 || problem="$problem; stdout differs"
        if [ -f "$exp_err" ]; then
            diff -u "$exp_err" "$tmp/err" >>"$tmp/diff" 2>&1 || problem="$problem; stderr differs"
        elif [ -s "$tmp/err" ]; then
            problem="$problem; unexpected stderr"
            cat "$tmp/err" >>"$tmp/diff"
        fi
        if [ -z "$problem" ]; then
            echo "ok $i - $label$name"
        else
            echo "not ok $i - $label$name: $problem"
            sed 's/^/# /' "$tmp/diff" | head -40
        fi
    done
}
