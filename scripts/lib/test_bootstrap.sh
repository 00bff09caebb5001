#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR disable=SC2317,SC2016  # checks run through check(); bash -c code is single-quoted
# The test of the Odoo set-up of scripts/demo and scripts/test (odoo_bootstrap.sh),
# run by scripts/test. It works in .cache/bootstrap-test, with ODOO_GIT_URL and
# ODOO_GIT_REF as given, and ignores any other Odoo of the machine. The first
# time, scripts/test sets Odoo up there and runs a test class with it; later runs
# reuse that set-up and check reuse, --refresh-odoo, that an Odoo found is used
# as it is, and the failure paths. Exit status: 0 passed, 1 failed, 77 skipped
# (ODOO_GIT_URL does not answer).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

TEST_DIR=$CACHE/bootstrap-test
HOME_UNDER_TEST=$TEST_DIR/odoo19
# A home that must stay without a set-up.
NO_HOME=$TEST_DIR/no-home
E2E_TAGS=/revo_helpdesk:TestStages
# Written when the first-run check passed: later runs reuse its set-up.
FIRST_RUN_PASSED=$TEST_DIR/first-run.passed
export REVO_ODOO_HOME=$HOME_UNDER_TEST REVO_ODOO_FROM_CACHE=1 ODOO_GIT_URL ODOO_GIT_REF
unset ODOO_SRC REVO_FORCE_NO_ODOO
ODOO_HOME=$HOME_UNDER_TEST

PASSED=0 FAILED=0
check() { # name command...
    local name=$1
    shift
    say "bootstrap: $name"
    if "$@"; then
        PASSED=$((PASSED + 1))
    else
        FAILED=$((FAILED + 1))
        printf 'FAILED: %s\n' "$name"
    fi
}

expect() { # what command...: the command must succeed
    "${@:2}" && return 0
    echo "  expected: $1"
    return 1
}

# Run one of the commands (or a library function through bash -c), output in $OUT.
OUT=
run() { # log command...
    local log=$TEST_DIR/$1 rc=0
    shift
    "$@" </dev/null >"$log" 2>&1 || rc=$?
    OUT=$(cat "$log")
    return "$rc"
}

lib() { # bash code run with common.sh sourced
    bash -c 'set -euo pipefail; source "$0"; eval "$1"' "$REPO/scripts/lib/common.sh" "$1"
}

has() { grep -qF -- "$1" <<<"$OUT"; }
lacks() { ! grep -qE -- "$1" <<<"$OUT"; }

# scripts/demo stops at its port check, after finding (or setting up) Odoo and
# before PostgreSQL: a port held busy makes it a quick check of that part.
demo_until_port_check() { # log demo-options...
    local log=$1 holder port rc=0
    shift
    rm -f "$TEST_DIR/port"
    "$PYTHON" -c 'import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen()
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
time.sleep(600)' "$TEST_DIR/port" &
    holder=$!
    while [[ ! -s $TEST_DIR/port ]]; do sleep 0.2; done
    port=$(cat "$TEST_DIR/port")
    PORT=$port run "$log" bash "$REPO/scripts/demo" "$@" || rc=$?
    kill "$holder" 2>/dev/null || true
    wait "$holder" 2>/dev/null || true
    expect "scripts/demo stopped at its port check" has "port $port on 127.0.0.1 is taken" || {
        tail -20 "$TEST_DIR/$log"
        return 1
    }
    ((rc != 0))
}

first_run() {
    local log=$TEST_DIR/first-run.log rc=0
    rm -rf "$HOME_UNDER_TEST" "$FIRST_RUN_PASSED"
    say "scripts/test --odoo-only --no-helpdesk-mgmt --tags $E2E_TAGS, with no Odoo but ODOO_GIT_URL (log $log)"
    bash "$REPO/scripts/test" --odoo-only --no-helpdesk-mgmt --tags "$E2E_TAGS" </dev/null 2>&1 |
        tee "$log" | sed 's/^/    /' || rc=${PIPESTATUS[0]}
    OUT=$(cat "$log")
    expect "scripts/test passed" test "$rc" -eq 0 &&
        expect "the first-run notice" has "First run: setting up Odoo $ODOO_GIT_REF in $HOME_UNDER_TEST" &&
        expect "a clone" has "cloning Odoo $ODOO_GIT_REF from $ODOO_GIT_URL" &&
        expect "Odoo from the set-up in use" has "Odoo 19: $HOME_UNDER_TEST/src (set up by these scripts" &&
        expect "a set-up marked complete" odoo_cache_ready &&
        touch "$FIRST_RUN_PASSED"
}

reuse() {
    demo_until_port_check demo-reuse.log || return 1
    expect "Odoo from the set-up in use" has "Odoo 19: $HOME_UNDER_TEST/src (set up by these scripts" &&
        expect "no clone, fetch or pip" lacks "cloning|fetching|pip: |First run"
}

venv_is_complete() {
    local py=$HOME_UNDER_TEST/venv/bin/python src
    src=$("$py" -c 'import os, odoo.release as r
print(os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))') || return 1
    expect "odoo imported from the clone, not $src" test "$src" = "$HOME_UNDER_TEST/src" &&
        expect "a Python that release.py allows" "$py" -c 'import sys
ns = {}
exec(open(sys.argv[1]).read(), ns)
sys.exit(not ns["MIN_PY_VERSION"] <= sys.version_info[:2] <= ns["MAX_PY_VERSION"])' "$src/odoo/release.py" &&
        expect "helpdesk_mgmt 19.0 installed" "$py" -c 'import sys
from importlib.metadata import version
sys.exit(not version("odoo-addon-helpdesk-mgmt").startswith("19.0."))' &&
        expect "no broken requirements (pip check)" "$py" -m pip check >/dev/null &&
        expect "the marker names the clone's commit" \
            test "$(odoo_cache_field commit)" = "$(git -C "$HOME_UNDER_TEST/src" rev-parse HEAD)"
}

snapshot_repaired() {
    local manifest n=0 links
    while IFS= read -r manifest; do
        n=$((n + 1))
        expect "$(dirname "$manifest")/views/res_config_settings_views.xml exists" \
            test -e "$(dirname "$manifest")/views/res_config_settings_views.xml" || return 1
    done < <(grep -l 'views/res_config_settings_views\.xml' "$HOME_UNDER_TEST"/src/addons/*/__manifest__.py)
    links=$(git -C "$HOME_UNDER_TEST/src" ls-files --others --exclude-standard | wc -l)
    echo "  $n manifest(s) list views/res_config_settings_views.xml, all present; $(find "$HOME_UNDER_TEST/src/addons" -type l -name res_config_settings_views.xml | wc -l) repaired by a link"
    expect "the links leave git status clean" test "$links" -eq 0
}

refresh() {
    local src=$HOME_UNDER_TEST/src remote
    remote=$(odoo_git_remote_commit) || return 1
    git -C "$src" -c user.name=test -c user.email=test@localhost commit --quiet --allow-empty \
        -m "stale (test_bootstrap.sh)"
    expect "a stale clone to start from" test "$(git -C "$src" rev-parse HEAD)" != "$remote" || return 1
    demo_until_port_check demo-refresh.log --refresh-odoo || return 1
    expect "a fetch" has "--refresh-odoo: fetching $ODOO_GIT_REF from $ODOO_GIT_URL" &&
        expect "the clone at $ODOO_GIT_REF's commit" test "$(git -C "$src" rev-parse HEAD)" = "$remote" &&
        expect "the marker updated" test "$(odoo_cache_field commit)" = "$remote" &&
        expect "a complete set-up" odoo_cache_ready
}

found_odoo_wins() {
    rm -rf "$NO_HOME"
    # An Odoo 19 source tree in ODOO_SRC, then an importable odoo (the set-up's
    # interpreter imports one): either is used, nothing is set up.
    run found-src.log env -u REVO_ODOO_FROM_CACHE REVO_ODOO_HOME="$NO_HOME" \
        ODOO_SRC="$HOME_UNDER_TEST/src" PYTHON="$HOME_UNDER_TEST/venv/bin/python" \
        bash -c 'source "$0"; find_or_bootstrap_odoo && echo "found: $ODOO_SRC_FOUND"' \
        "$REPO/scripts/lib/common.sh" || return 1
    expect "ODOO_SRC used" has "found: $HOME_UNDER_TEST/src" || return 1
    run found-import.log env -u REVO_ODOO_FROM_CACHE REVO_ODOO_HOME="$NO_HOME" \
        PYTHON="$HOME_UNDER_TEST/venv/bin/python" \
        bash -c 'source "$0"; find_or_bootstrap_odoo && echo "found: $ODOO_SRC_FOUND"' \
        "$REPO/scripts/lib/common.sh" || return 1
    expect "the importable odoo used" has "found: $HOME_UNDER_TEST/src" &&
        expect "nothing set up" test ! -e "$NO_HOME"
}

unreachable_source() {
    rm -rf "$NO_HOME"
    run unreachable.log env REVO_ODOO_HOME="$NO_HOME" ODOO_GIT_URL="$TEST_DIR/no-such-repository" \
        bash "$REPO/scripts/test" --odoo-only && return 1
    expect "the reason, naming ODOO_GIT_URL" has "no answer from $TEST_DIR/no-such-repository" &&
        expect "--odoo-only stops" has "--odoo-only cannot run" &&
        expect "nothing set up" test ! -e "$NO_HOME"
}

missing_packages_named() {
    local code='ensure_debian_packages "a test" revo-no-such-package'
    if [[ $EUID -eq 0 ]]; then
        # As root apt-get would run: check the message a user gets.
        if ! id -u nobody >/dev/null 2>&1 || ! command -v runuser >/dev/null; then
            echo "  (no user 'nobody' or no runuser: not checked)"
            return 0
        fi
        run packages.log runuser -u nobody -- bash -c 'source "$0"; eval "$1"' \
            "$REPO/scripts/lib/common.sh" "$code" && return 1
    else
        run packages.log lib "$code" && return 1
    fi
    expect "the exact command" has "missing revo-no-such-package (a test). Install with: sudo apt-get install -y revo-no-such-package"
}

mkdir -p "$TEST_DIR"
say "bootstrap: asking $ODOO_GIT_URL for $ODOO_GIT_REF (at most ${ODOO_GIT_TIMEOUT}s)"
if ! odoo_git_remote_commit >/dev/null; then
    echo "SKIPPED: no Odoo git source reachable: ODOO_GIT_URL=$ODOO_GIT_URL gave no $ODOO_GIT_REF (no answer within ${ODOO_GIT_TIMEOUT}s, or no such branch); set ODOO_GIT_URL to a reachable clone of Odoo (a local path works) to run it"
    exit 77
fi
if odoo_cache_ready && [[ -f $FIRST_RUN_PASSED ]]; then
    say "bootstrap: reusing the set-up of an earlier run in $HOME_UNDER_TEST (remove $TEST_DIR to check a first run again)"
else
    check "scripts/test sets Odoo 19 up from ODOO_GIT_URL and runs $E2E_TAGS with it" first_run
fi
check "scripts/demo reuses the set-up (no clone, no pip)" reuse
check "the virtual environment: odoo from the clone, a Python Odoo allows, our requirements" venv_is_complete
check "the snapshot's known defect (res_config_settings_views.xml) is repaired" snapshot_repaired
check "scripts/demo --refresh-odoo brings the clone to ODOO_GIT_REF's commit" refresh
check "an Odoo 19 found (ODOO_SRC, importable) is used: no set-up" found_odoo_wins
check "an unreachable ODOO_GIT_URL: the reason, nothing set up" unreachable_source
check "missing system packages are named with the command that installs them" missing_packages_named
rm -rf "$NO_HOME"
echo "bootstrap: $PASSED passed, $FAILED failed"
((FAILED == 0))
