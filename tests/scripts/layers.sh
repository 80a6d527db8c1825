#!/usr/bin/env bash
# scripts/layers, made to fail: on a copy of src/ it passes, then fails on
# a deliberate header cycle, a module cycle inside one layer, an include
# against the layers' order and a module in no layer, naming the file or the
# modules each time.  TAP output.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..5"
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; [ -n "${3:-}" ] && sed 's/^/# /' "$3"; fi; }
fresh() { rm -rf "$tmp/src"; mkdir "$tmp/src"; cp -r src/* "$tmp/src/"; rm -rf "$tmp/src/store/sql"; }

fresh
scripts/layers "$tmp/src" >"$tmp/o" 2>&1
ok $? "the tree as it is passes" "$tmp/o"

fresh   # buf.h and arena.h include each other: a cycle in the base layer
printf '#include "arena.h"\n' >>"$tmp/src/base/buf.h"
printf '#include "buf.h"\n' >>"$tmp/src/base/arena.h"
! scripts/layers "$tmp/src" >"$tmp/o" 2>&1 && grep -q 'round a cycle' "$tmp/o" && grep -q 'arena' "$tmp/o"
ok $? "a deliberate header cycle fails, naming its headers" "$tmp/o"

fresh   # web.c and ui.c use each other: the same layer, so only the module check sees it
printf '#include "ui.h"\n' >>"$tmp/src/web/web.c"
! scripts/layers "$tmp/src" >"$tmp/o" 2>&1 && grep -q 'modules include each other round a cycle' "$tmp/o" &&
    grep -qw 'ui' "$tmp/o" && grep -qw 'web' "$tmp/o"
ok $? "a deliberate module cycle inside one layer fails, naming its modules" "$tmp/o"

fresh   # the store reaching up into the web
printf '#include "web.h"\n' >>"$tmp/src/store/audit.c"
! scripts/layers "$tmp/src" >"$tmp/o" 2>&1 && grep -q '^store/audit.c: includes web.h (web/, layer web) from the lower layer store' "$tmp/o"
ok $? "an include against the order fails, naming the file and both layers" "$tmp/o"

fresh
printf '#include "common.h"\n' >"$tmp/src/newthing.c"
! scripts/layers "$tmp/src" >"$tmp/o" 2>&1 && grep -q '^newthing.c: is in no folder of' "$tmp/o"
ok $? "a file in no folder of the layers fails" "$tmp/o"
