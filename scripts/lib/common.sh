# shellcheck shell=bash source-path=SCRIPTDIR disable=SC2034  # variables are used by the sourcing scripts
# Helpers shared by scripts/test and scripts/demo (sourced, not executed).

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PYTHON_GIVEN=${PYTHON:-}
PYTHON=${PYTHON:-python3}
CACHE=$REPO/.cache
# Odoo's filestore and sessions stay in the git-ignored cache, not in ~/.local.
ODOO_DATA_DIR=$CACHE/odoo-data

say() { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
# With REVO_ERROR_FILE set, the message goes to that file instead (a caller
# that runs a step in a subshell reports its failure itself).
die() {
    if [[ -n ${REVO_ERROR_FILE:-} ]]; then
        printf '%s\n' "$*" >"$REVO_ERROR_FILE"
    else
        printf 'ERROR: %s\n' "$*" >&2
    fi
    exit 1
}

# Make sure the Debian packages named in "$@" are installed: as root where
# apt-get exists they are installed, otherwise the command stops with the exact
# command to run. The caller decides what is missing; "why" says what needs them.
APT_UPDATED=
ensure_debian_packages() { # why package...
    local why=$1 cmd log=$CACHE/apt-get.log
    shift
    (($#)) || return 0
    cmd="apt-get install -y $*"
    if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
        say "installing $* ($why): $cmd (log $log)"
        mkdir -p "$CACHE"
        if [[ -z $APT_UPDATED ]]; then
            apt-get update -q >"$log" 2>&1 || warn "apt-get update failed, see $log; trying the install anyway"
            APT_UPDATED=1
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$log" 2>&1 ||
            die "apt-get could not install $* ($why), see $log"
        return 0
    fi
    [[ $EUID -eq 0 ]] || cmd="sudo $cmd"
    command -v apt-get >/dev/null || cmd="$cmd (Debian/Ubuntu names: install your system's equivalent)"
    die "missing $* ($why). Install with: $cmd"
}

# The first of the Debian package names given that apt knows (names vary across
# releases), else the first one.
debian_package() {
    local name
    for name in "$@"; do
        apt-cache show "$name" >/dev/null 2>&1 && { echo "$name"; return 0; }
    done
    echo "$1"
}

# Install the requirements.txt entries named in "$@" that are missing or do not
# match their pin, so that requirements.txt stays the single place of versions.
ensure_requirements() {
    local unmet
    unmet=$("$PYTHON" - "$REPO/requirements.txt" "$@" <<'EOF'
import re
import sys
from importlib.metadata import PackageNotFoundError, version

try:
    from packaging.requirements import Requirement
except ImportError:
    from pip._vendor.packaging.requirements import Requirement


def canon(name):
    return re.sub(r"[-_.]+", "-", name).lower()


path, wanted = sys.argv[1], {canon(n) for n in sys.argv[2:]}
for line in open(path, encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    req = Requirement(line)
    if canon(req.name) not in wanted:
        continue
    try:
        ok = req.specifier.contains(version(req.name), prereleases=True)
    except PackageNotFoundError:
        ok = False
    if not ok:
        print(line)
EOF
    ) || die "cannot read $REPO/requirements.txt with $PYTHON"
    [[ -z $unmet ]] && return 0
    say "installing from requirements.txt: $(echo "$unmet" | tr '\n' ' ')"
    # shellcheck disable=SC2086  # one requirement per word
    "$PYTHON" -m pip install --quiet --disable-pip-version-check $unmet ||
        die "pip could not install: $(echo "$unmet" | tr '\n' ' ')"
}

# Find Odoo 19: $ODOO_SRC (a source tree with odoo-bin) wins, else the importable
# `odoo` package, else the one these scripts set up in the cache (see
# odoo_bootstrap.sh). Sets ODOO_CMD (array), ODOO_ADDONS_PATH, ODOO_SRC_FOUND,
# ODOO_FROM_CACHE and, for the cache's, PYTHON; returns 1 if absent.
# REVO_FORCE_NO_ODOO=1 pretends Odoo is missing and cannot be set up (to check
# the SKIPPED path); REVO_ODOO_FROM_CACHE=1 ignores ODOO_SRC and an importable
# odoo (to check the bootstrap on a machine that has Odoo).
find_odoo() {
    local src
    ODOO_FROM_CACHE=
    [[ -n ${REVO_FORCE_NO_ODOO:-} ]] && return 1
    if [[ -z ${REVO_ODOO_FROM_CACHE:-} ]]; then
        if [[ -n ${ODOO_SRC:-} ]]; then
            [[ -f $ODOO_SRC/odoo-bin && -f $ODOO_SRC/odoo/release.py ]] ||
                die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo-bin or odoo/release.py)"
            src=$(cd "$ODOO_SRC" && pwd)
            use_odoo "$PYTHON" "$src"
            return
        fi
        if src=$("$PYTHON" -c 'import os, odoo.release as r
print(os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))' 2>/dev/null) &&
            use_odoo "$PYTHON" "$src"; then
            return 0
        fi
    fi
    odoo_cache_ready && use_odoo "$ODOO_HOME/venv/bin/python" "$ODOO_HOME/src" || return 1
    ODOO_FROM_CACHE=1
}

# The major version of the Odoo source tree $1 (release.py has no imports, so
# reading it works without a usable install).
odoo_major() {
    "$PYTHON" -c 'import sys
ns = {}
exec(open(sys.argv[1]).read(), ns)
print(ns["version_info"][0])' "$1/odoo/release.py" 2>/dev/null
}

use_odoo() { # python source-tree: run that Odoo with that Python if it is Odoo 19
    local python=$1 src=$2 major
    major=$(odoo_major "$src") || return 1
    if [[ $major != 19 ]]; then
        warn "Odoo found in $src is version $major, not 19"
        return 1
    fi
    PYTHON=$python
    if [[ -f $src/odoo-bin ]]; then
        ODOO_CMD=("$PYTHON" "$src/odoo-bin")
    else
        ODOO_CMD=("$PYTHON" -m odoo)
    fi
    ODOO_ADDONS_PATH=$REPO
    [[ -d $src/addons ]] && ODOO_ADDONS_PATH+=",$src/addons"
    ODOO_SRC_FOUND=$src
    return 0
}

free_port() {
    "$PYTHON" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# shellcheck source=odoo_bootstrap.sh
source "$REPO/scripts/lib/odoo_bootstrap.sh"
