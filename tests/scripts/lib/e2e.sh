# What every browser test needs before it starts, sourced by the
# tests/scripts/e2e*.sh scripts (after bin and CHROME are set):
#   e2e_require LABEL [PACKAGE...]
# skips the whole script, as one TAP line "ok 1 - LABEL # SKIP why", when
# chromium, node or one of the npm packages (default: puppeteer-core,
# axe-core, nhsuk-frontend) is missing, and fails it when $bin is not built.
e2e_require() {
    local label=$1 p
    shift
    [ $# -gt 0 ] || set -- puppeteer-core axe-core nhsuk-frontend
    e2e_skip() { echo "ok 1 - $label # SKIP $*"; echo "1..1"; exit 0; }
    [ -x "$CHROME" ] || e2e_skip "no chromium at $CHROME (scripts/setup e2e installs it)"
    command -v node >/dev/null 2>&1 || e2e_skip "node is not installed (scripts/setup base)"
    for p in "$@"; do
        [ -f "node_modules/$p/package.json" ] || e2e_skip "node_modules/$p is missing (scripts/setup runs npm ci)"
    done
    if [ ! -x "$bin" ]; then echo "not ok 1 - $bin is not built (run make)"; echo "1..1"; exit 1; fi
}
