# What a scripted test begins with (one that starts a server, or not),
# sourced after `cd` to the checkout:
#   test_begin [SIGNAL]   sets bin (build/pcnops, by its full path), tmp (a
#                         new folder) and pid (empty: the server's once the
#                         script starts one), and on exit sends the server
#                         SIGNAL (TERM unless given) and removes tmp
# shellcheck disable=SC2034 # bin and pid are the sourcing script's
test_begin() { # [SIGNAL]
    bin=$PWD/build/pcnops
    tmp=$(mktemp -d)
    pid=""
    # shellcheck disable=SC2064 # the signal now, pid and tmp on exit
    trap "[ -n \"\$pid\" ] && kill -${1:-TERM} \$pid 2>/dev/null; rm -rf \"\$tmp\"" EXIT
}
