# shellcheck shell=bash disable=SC2034  # variables are used by the sourcing scripts
# The Odoo 19 that scripts/demo and scripts/test set up when none is found
# (sourced by common.sh): a shallow clone of ODOO_GIT_URL at ODOO_GIT_REF in
# $ODOO_HOME/src and a virtual environment with Odoo's requirements and ours in
# $ODOO_HOME/venv. $ODOO_HOME/ready, written last, marks a complete set-up;
# an interrupted one is resumed by the next run.

ODOO_GIT_URL=${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}
ODOO_GIT_REF=${ODOO_GIT_REF:-19.0}
ODOO_HOME=${REVO_ODOO_HOME:-$CACHE/odoo19}
# The Python versions Odoo 19 runs on; read again from the clone's release.py.
ODOO_PY_MIN=3.10 ODOO_PY_MAX=3.13
# Seconds git may take to answer whether ODOO_GIT_URL has ODOO_GIT_REF.
ODOO_GIT_TIMEOUT=${REVO_ODOO_GIT_TIMEOUT:-30}

odoo_cache_ready() {
    [[ -f $ODOO_HOME/ready && -x $ODOO_HOME/venv/bin/python && -f $ODOO_HOME/src/odoo-bin ]]
}

# One line on the Odoo in use, for the scripts' output.
odoo_describe() {
    if [[ -n ${ODOO_FROM_CACHE:-} ]]; then
        printf '%s (set up by these scripts from %s %s, commit %.10s; --refresh-odoo updates it)\n' \
            "$ODOO_SRC_FOUND" "$(odoo_cache_field url)" "$(odoo_cache_field ref)" "$(odoo_cache_field commit)"
    else
        printf '%s\n' "$ODOO_SRC_FOUND"
    fi
}

odoo_cache_field() { sed -n "s/^$1=//p" "$ODOO_HOME/ready" 2>/dev/null; }

# git reads a local folder as a full local clone and ignores --depth; a file://
# address keeps the clone shallow.
odoo_git_address() {
    if [[ -d $ODOO_GIT_URL ]]; then
        printf 'file://%s\n' "$(cd "$ODOO_GIT_URL" && pwd)"
    else
        printf '%s\n' "$ODOO_GIT_URL"
    fi
}

# The commit ODOO_GIT_REF names at ODOO_GIT_URL; fails when git gets no answer
# within ODOO_GIT_TIMEOUT seconds (no network, wrong address, no such ref).
odoo_git_remote_commit() {
    local limit=()
    command -v timeout >/dev/null && limit=(timeout "$ODOO_GIT_TIMEOUT")
    GIT_TERMINAL_PROMPT=0 GIT_SSH_COMMAND='ssh -o BatchMode=yes -o ConnectTimeout=10' \
        "${limit[@]}" git ls-remote --exit-code "$(odoo_git_address)" \
        "refs/heads/$ODOO_GIT_REF" "refs/tags/$ODOO_GIT_REF" 2>/dev/null | awk 'NR == 1 { print $1 }' |
        grep .
}

python_version() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null; }

python_fits() { # python: is it a version Odoo 19 runs on?
    "$1" - "$ODOO_PY_MIN" "$ODOO_PY_MAX" 2>/dev/null <<'EOF'
import sys

low, high = (tuple(int(p) for p in v.split(".")) for v in sys.argv[1:])
sys.exit(not low <= sys.version_info[:2] <= high)
EOF
}

# Choose the interpreter of the virtual environment: PYTHON when given, else
# the first of python3, python3.13 ... python3.10 that Odoo 19 runs on.
bootstrap_choose_python() {
    local candidate candidates=("$PYTHON_GIVEN") found=()
    [[ -n $PYTHON_GIVEN ]] || candidates=(python3 python3.13 python3.12 python3.11 python3.10)
    for candidate in "${candidates[@]}"; do
        command -v "$candidate" >/dev/null || continue
        if python_fits "$candidate"; then
            BOOT_PY=$("$candidate" -c 'import sys; print(sys.executable)')
            BOOT_PY_VERSION=$(python_version "$candidate")
            return 0
        fi
        found+=("$candidate is $(python_version "$candidate")")
    done
    ((${#found[@]})) || found=("none of ${candidates[*]} is installed")
    die "Odoo 19 needs Python $ODOO_PY_MIN to $ODOO_PY_MAX ($(IFS=,; echo "${found[*]}")): install one (Debian: apt-get install -y python3) and set PYTHON to it"
}

has_c_header() {
    if command -v cc >/dev/null; then
        printf '#include <%s>\n' "$1" | cc -E -x c - -o /dev/null >/dev/null 2>&1
    else
        [[ -e /usr/include/$1 || -e /usr/local/include/$1 ]]
    fi
}

# What building the virtual environment needs from the system: git, Python's
# venv module, and what psycopg2 and python-ldap (no wheels on PyPI) compile
# against; lxml 5.2.1, Odoo's pin for Python 3.12+, has no wheel for 3.13.
bootstrap_system_packages() {
    local missing=() v=$BOOT_PY_VERSION
    command -v git >/dev/null || missing+=(git)
    "$BOOT_PY" -c 'import ensurepip, venv' 2>/dev/null || missing+=("python$v-venv")
    command -v cc >/dev/null || command -v gcc >/dev/null || missing+=(build-essential)
    "$BOOT_PY" -c 'import os, sys, sysconfig
sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' ||
        missing+=("python$v-dev")
    command -v pg_config >/dev/null || missing+=(libpq-dev)
    has_c_header ldap.h || missing+=("$(debian_package libldap2-dev libldap-dev)")
    has_c_header sasl/sasl.h || missing+=(libsasl2-dev)
    if [[ $v == 3.13 ]]; then
        command -v xml2-config >/dev/null || missing+=(libxml2-dev)
        command -v xslt-config >/dev/null || missing+=(libxslt1-dev)
    fi
    ensure_debian_packages "to set up Odoo 19: git clones it, the Python packages psycopg2 and python-ldap are compiled against them" "${missing[@]}"
}

bootstrap_clone() { # refresh?
    local src=$ODOO_HOME/src partial=$ODOO_HOME/src.partial progress=()
    [[ -t 2 ]] && progress=(--progress)
    if [[ -d $src/.git ]]; then
        if [[ -z $1 ]]; then
            say "reusing the clone in $src"
            return 0
        fi
        say "--refresh-odoo: fetching $ODOO_GIT_REF from $ODOO_GIT_URL into $src"
        if ! git -C "$src" remote set-url origin "$(odoo_git_address)" ||
            ! git -C "$src" fetch --depth 1 "${progress[@]}" origin "$ODOO_GIT_REF" ||
            ! git -C "$src" reset --quiet --hard FETCH_HEAD; then
            die "git could not update $src from $ODOO_GIT_URL $ODOO_GIT_REF"
        fi
        return 0
    fi
    rm -rf "$partial"
    say "cloning Odoo $ODOO_GIT_REF from $ODOO_GIT_URL into $src (shallow: the newest commit only)"
    [[ -t 2 ]] || say "(git shows no progress when its output is not a terminal)"
    git clone --quiet --depth 1 --single-branch --branch "$ODOO_GIT_REF" "${progress[@]}" \
        "$(odoo_git_address)" "$partial" ||
        die "git could not clone $ODOO_GIT_URL $ODOO_GIT_REF (the partial clone is in $partial)"
    mv "$partial" "$src"
}

# Check the clone is Odoo 19 and that the chosen Python is one its release.py
# allows.
bootstrap_check_clone() {
    local src=$ODOO_HOME/src bounds major
    major=$(odoo_major "$src") || die "$src has no readable odoo/release.py: is $ODOO_GIT_URL Odoo's repository?"
    [[ $major == 19 ]] ||
        die "$ODOO_GIT_URL $ODOO_GIT_REF is Odoo $major, not 19: set ODOO_GIT_REF to 19.0 and run with --refresh-odoo"
    bounds=$("$BOOT_PY" -c 'import sys
ns = {}
exec(open(sys.argv[1]).read(), ns)
print(*(".".join(map(str, ns[k])) for k in ("MIN_PY_VERSION", "MAX_PY_VERSION")))' "$src/odoo/release.py" 2>/dev/null) &&
        read -r ODOO_PY_MIN ODOO_PY_MAX <<<"$bounds"
    python_fits "$BOOT_PY" ||
        die "this Odoo runs on Python $ODOO_PY_MIN to $ODOO_PY_MAX, $BOOT_PY is $BOOT_PY_VERSION: set PYTHON to another interpreter"
}

# A 19.0 snapshot in circulation lists views/res_config_settings_views.xml in
# the manifests of five addons while the file is views/res_config_settings.xml;
# a link under the listed name lets those addons install. Upstream's tree does
# not need it, and git ignores the links.
bootstrap_repair_snapshot() {
    local src=$ODOO_HOME/src manifest views
    while IFS= read -r manifest; do
        views=$(dirname "$manifest")/views
        [[ ! -e $views/res_config_settings_views.xml && -f $views/res_config_settings.xml ]] || continue
        ln -s res_config_settings.xml "$views/res_config_settings_views.xml"
        printf '/%s\n' "${views#"$src"/}/res_config_settings_views.xml" >>"$src/.git/info/exclude"
        say "repaired a known defect of this snapshot: $(basename "$(dirname "$manifest")")'s manifest lists views/res_config_settings_views.xml, now a link to views/res_config_settings.xml"
    done < <(grep -l 'views/res_config_settings_views\.xml' "$src"/addons/*/__manifest__.py \
        "$src"/odoo/addons/*/__manifest__.py 2>/dev/null)
}

bootstrap_pip() { # what pip-install-arguments...: shows what pip fetches and builds
    local what=$1 log=$ODOO_HOME/pip.log rc=0
    shift
    say "pip: installing $what (log $log)"
    "$ODOO_HOME/venv/bin/python" -m pip install --disable-pip-version-check "$@" </dev/null 2>&1 |
        tee -a "$log" | awk '/^(Collecting|Building wheel for) / { print "    " $0; fflush() }' ||
        rc=${PIPESTATUS[0]}
    ((rc == 0)) || {
        tail -25 "$log" >&2
        die "pip could not install $what, see $log (a missing system library? the lines above name it)"
    }
}

bootstrap_venv() {
    local venv=$ODOO_HOME/venv src=$ODOO_HOME/src
    if [[ -e $venv ]] && [[ $(python_version "$venv/bin/python") != "$BOOT_PY_VERSION" ]]; then
        say "the virtual environment in $venv is not Python $BOOT_PY_VERSION (or is broken): creating it again"
        rm -rf "$venv"
    fi
    if [[ ! -x $venv/bin/python ]]; then
        say "creating a virtual environment (Python $BOOT_PY_VERSION, $BOOT_PY) in $venv"
        "$BOOT_PY" -m venv "$venv" || die "$BOOT_PY could not create a virtual environment in $venv"
    fi
    : >"$ODOO_HOME/pip.log"
    bootstrap_pip "Odoo's requirements ($src/requirements.txt)" -r "$src/requirements.txt"
    # Installed as a package, Odoo satisfies the odoo==19.0.* that the
    # helpdesk_mgmt wheel requires; "compat" keeps it importable from the clone.
    bootstrap_pip "Odoo from $src (editable)" --no-deps -e "$src" --config-settings editable_mode=compat
    # Odoo's pins stay: without them a dependency of the odoo package
    # (lxml_html_clean) would upgrade lxml past the version Odoo pins.
    bootstrap_pip "revo_helpdesk's requirements (requirements.txt)" -r "$REPO/requirements.txt" -c "$src/requirements.txt"
    "$venv/bin/python" -c 'import odoo.release' 2>/dev/null ||
        die "odoo is not importable in $venv after the install, see $ODOO_HOME/pip.log"
}

# Set up, resume, or with "refresh" update, the Odoo in $ODOO_HOME. Dies with
# what to do when it cannot; a caller that must go on runs it in a subshell.
bootstrap_odoo() { # [refresh]
    local refresh=${1:-} start=$SECONDS commit elapsed
    bootstrap_choose_python
    if [[ -n $refresh || ! -d $ODOO_HOME/src/.git ]]; then
        say "asking $ODOO_GIT_URL for $ODOO_GIT_REF (at most ${ODOO_GIT_TIMEOUT}s)"
        command -v git >/dev/null || ensure_debian_packages "to clone Odoo" git
        odoo_git_remote_commit >/dev/null ||
            die "no answer from $ODOO_GIT_URL for the branch or tag $ODOO_GIT_REF within ${ODOO_GIT_TIMEOUT}s (no network?): set ODOO_GIT_URL to a reachable copy of Odoo's repository (a local clone works) or ODOO_SRC to an Odoo 19 source tree"
    fi
    if [[ -n $refresh ]]; then
        say "--refresh-odoo: updating the Odoo in $ODOO_HOME from $ODOO_GIT_URL $ODOO_GIT_REF"
    elif [[ -d $ODOO_HOME/src/.git ]]; then
        say "resuming the unfinished set-up of Odoo in $ODOO_HOME"
    else
        cat <<EOF
==> First run: setting up Odoo $ODOO_GIT_REF in $ODOO_HOME (git-ignored), once:
      - a shallow clone of $ODOO_GIT_URL (from github: about 400 MB to download, 1.5 GB on disk)
      - a virtual environment with Odoo's Python requirements and ours, from PyPI
        (about 150 MB to download, 300 MB on disk; psycopg2 and python-ldap are compiled)
    This takes 5 to 15 minutes depending on the network. Later runs reuse it;
    --refresh-odoo updates it. ODOO_SRC (an Odoo 19 source tree) avoids it.
EOF
    fi
    bootstrap_system_packages
    mkdir -p "$ODOO_HOME"
    # From here on the set-up is incomplete until its end; a refresh that
    # failed before this point left the working one as it was.
    rm -f "$ODOO_HOME/ready"
    bootstrap_clone "$refresh"
    bootstrap_check_clone
    bootstrap_repair_snapshot
    bootstrap_venv
    commit=$(git -C "$ODOO_HOME/src" rev-parse HEAD)
    printf 'url=%s\nref=%s\ncommit=%s\npython=%s\ndate=%s\n' "$ODOO_GIT_URL" "$ODOO_GIT_REF" \
        "$commit" "$BOOT_PY_VERSION" "$(date -u +%FT%TZ)" >"$ODOO_HOME/ready"
    elapsed=$((SECONDS - start))
    say "Odoo $ODOO_GIT_REF (commit ${commit:0:10}) ready in $ODOO_HOME, in $((elapsed / 60)) min $((elapsed % 60)) s"
}

# Find Odoo 19, else set it up in the cache (scripts/demo, scripts/test); with
# "refresh", update the cache's first. Returns 1 with the reason in
# ODOO_MISSING when there is no Odoo 19 and none could be set up.
find_or_bootstrap_odoo() { # [refresh]
    local errfile
    ODOO_MISSING=
    if find_odoo; then
        [[ -n ${1:-} ]] || return 0
        if [[ -z $ODOO_FROM_CACHE ]]; then
            warn "--refresh-odoo: the Odoo 19 in use ($ODOO_SRC_FOUND) was not set up by these scripts: left as it is"
            return 0
        fi
    elif [[ -n ${REVO_FORCE_NO_ODOO:-} ]]; then
        ODOO_MISSING="Odoo 19 not found (REVO_FORCE_NO_ODOO is set)"
        return 1
    elif [[ -n ${ODOO_SRC:-} && -z ${REVO_ODOO_FROM_CACHE:-} ]]; then
        ODOO_MISSING="ODOO_SRC=$ODOO_SRC is not Odoo 19 (unset it to let these scripts set Odoo 19 up)"
        return 1
    elif [[ -n ${REVO_ODOO_FROM_CACHE:-} ]]; then
        say "REVO_ODOO_FROM_CACHE is set: ODOO_SRC and an importable odoo are ignored, these scripts set Odoo 19 up"
    else
        say "no Odoo 19 found (ODOO_SRC is not set, $PYTHON cannot import odoo 19): these scripts set one up"
    fi
    errfile=$(mktemp)
    if (REVO_ERROR_FILE=$errfile bootstrap_odoo "${ODOO_FROM_CACHE:+refresh}"); then
        rm -f "$errfile"
        find_odoo && [[ -n $ODOO_FROM_CACHE ]] && return 0
        ODOO_MISSING="the Odoo set up in $ODOO_HOME is not usable: remove $ODOO_HOME and run again"
        return 1
    fi
    ODOO_MISSING=$(cat "$errfile")
    rm -f "$errfile"
    # Asked for explicitly, a refresh that fails stops the command.
    [[ -z $ODOO_FROM_CACHE ]] || die "--refresh-odoo: $ODOO_MISSING"
    ODOO_MISSING="Odoo 19 not found and not set up: $ODOO_MISSING"
    return 1
}
