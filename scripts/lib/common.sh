# shellcheck shell=bash disable=SC2034  # variables are used by the sourcing scripts
# Helpers shared by scripts/test and scripts/demo (sourced, not executed).

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PYTHON=${PYTHON:-python3}
CACHE=$REPO/.cache
# Odoo's filestore and sessions stay in the git-ignored cache, not in ~/.local.
ODOO_DATA_DIR=$CACHE/odoo-data

say() { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
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
# `odoo` package. Sets ODOO_CMD (array) and ODOO_ADDONS_PATH; returns 1 if absent.
# REVO_FORCE_NO_ODOO=1 pretends Odoo is missing (to check the SKIPPED path).
find_odoo() {
    local src major
    [[ -n ${REVO_FORCE_NO_ODOO:-} ]] && return 1
    if [[ -n ${ODOO_SRC:-} ]]; then
        [[ -f $ODOO_SRC/odoo-bin && -f $ODOO_SRC/odoo/release.py ]] ||
            die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo-bin or odoo/release.py)"
        src=$(cd "$ODOO_SRC" && pwd)
    else
        src=$("$PYTHON" -c 'import os, odoo.release as r
print(os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))' 2>/dev/null) || return 1
    fi
    # release.py has no imports, so reading it works without a usable install.
    major=$("$PYTHON" -c 'import sys
ns = {}
exec(open(sys.argv[1]).read(), ns)
print(ns["version_info"][0])' "$src/odoo/release.py" 2>/dev/null) || return 1
    if [[ $major != 19 ]]; then
        warn "Odoo found in $src is version $major, not 19"
        return 1
    fi
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
