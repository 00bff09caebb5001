# shellcheck shell=bash disable=SC2034  # variables are used by the sourcing scripts
# PostgreSQL for scripts/test and scripts/demo (sourced after common.sh).
# pg_setup uses the server at PGHOST:PGPORT when one answers; otherwise it starts
# (creating it the first time) a private cluster in .cache/pg on port 54329.
# PostgreSQL refuses to run as root, so as root the cluster runs as the system
# user revo-pg.

: "${PGHOST:=127.0.0.1}" "${PGPORT:=5432}" "${PGUSER:=odoo}"
export PGHOST PGPORT PGUSER
PRIVATE_PG_DIR=${REVO_PG_DIR:-$CACHE/pg}
PRIVATE_PG_PORT=${REVO_PG_PORT:-54329}
PRIVATE_PG_OSUSER=revo-pg
PG_STARTED_HERE=

# Server binaries (initdb, pg_ctl) are off PATH on Debian.
pg_bindir() {
    local d
    for d in "$(pg_config --bindir 2>/dev/null)" \
        $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV) \
        "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")"; do
        [[ -x $d/initdb && -x $d/pg_ctl ]] && { echo "$d"; return 0; }
    done
    return 1
}

pg_answers() { pg_isready -q -h "$1" -p "$2" -t 3; }

pg_as_owner() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u "$PRIVATE_PG_OSUSER" -- "$@"
    else
        "$@"
    fi
}

pg_start_private() {
    local bindir dir=$PRIVATE_PG_DIR locale=C
    if ! bindir=$(pg_bindir); then
        ensure_debian_packages "PostgreSQL's server binaries (initdb, pg_ctl) for a private cluster, since no server answers; or set PGHOST/PGPORT to a running one" postgresql
        bindir=$(pg_bindir) || die "no PostgreSQL server binaries (initdb, pg_ctl) found after installing postgresql"
    fi
    mkdir -p "$dir/run"
    if [[ $EUID -eq 0 ]]; then
        id -u "$PRIVATE_PG_OSUSER" >/dev/null 2>&1 ||
            useradd --system --user-group --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$PRIVATE_PG_OSUSER" ||
            die "cannot create the system user $PRIVATE_PG_OSUSER for the private PostgreSQL cluster"
        chown -R "$PRIVATE_PG_OSUSER:" "$dir"
    fi
    pg_as_owner test -w "$dir/run" ||
        die "the private cluster's folder $dir is not writable by $(pg_as_owner id -un) (is a parent folder closed to that user?): set REVO_PG_DIR to a folder it can reach"
    locale -a 2>/dev/null | grep -qix 'c.utf-\?8' && locale=C.UTF-8
    if [[ ! -f $dir/data/PG_VERSION ]]; then
        say "creating a private PostgreSQL cluster in $dir/data"
        pg_as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust \
            --encoding=UTF8 --locale="$locale" >"$dir/initdb.log" 2>&1 ||
            die "initdb failed, see $dir/initdb.log"
    fi
    say "starting the private PostgreSQL cluster on 127.0.0.1:$PRIVATE_PG_PORT (log $dir/server.log)"
    pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $PRIVATE_PG_PORT -k $dir/run -c listen_addresses=127.0.0.1" start >/dev/null ||
        die "the private PostgreSQL cluster did not start, see $dir/server.log"
    PG_STARTED_HERE=$bindir
}

pg_stop_private() {
    [[ -n $PG_STARTED_HERE ]] || return 0
    say "stopping the private PostgreSQL cluster"
    pg_as_owner "$PG_STARTED_HERE/pg_ctl" -D "$PRIVATE_PG_DIR/data" -m fast -w stop >/dev/null || true
    PG_STARTED_HERE=
}

pg_psql() { psql -X -q -v ON_ERROR_STOP=1 -tA -d postgres "$@"; }

pg_ensure_role() {
    [[ $PGUSER != postgres ]] ||
        die "Odoo refuses the PostgreSQL role 'postgres': set PGUSER to another role (default: odoo)"
    local can
    can=$(pg_psql -c "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user" 2>/dev/null) || can=
    [[ $can == t ]] && return 0
    if pg_psql -U postgres -c "SELECT 1" >/dev/null 2>&1; then
        say "creating PostgreSQL role $PGUSER (LOGIN CREATEDB) on $PGHOST:$PGPORT"
        pg_psql -U postgres -v role="$PGUSER" <<'EOF' || die "could not create the role $PGUSER"
SELECT format('CREATE ROLE %I LOGIN CREATEDB', :'role')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB', :'role') \gexec
EOF
        return 0
    fi
    die "PostgreSQL at $PGHOST:$PGPORT: cannot connect as role '$PGUSER' with CREATEDB, and cannot connect as 'postgres' to create it. As the database superuser run: createuser --createdb $PGUSER (and allow it in pg_hba.conf), or set PGUSER/PGPASSWORD to a role that may create databases."
}

# Point PGHOST/PGPORT at a usable server and make sure PGUSER may create databases.
pg_setup() {
    if ! command -v pg_isready >/dev/null || ! command -v psql >/dev/null; then
        local bindir
        bindir=$(pg_bindir) && PATH=$PATH:$bindir
        if ! command -v psql >/dev/null || ! command -v pg_isready >/dev/null; then
            ensure_debian_packages "PostgreSQL's psql and pg_isready" postgresql-client
        fi
    fi
    if ! pg_answers "$PGHOST" "$PGPORT"; then
        say "no PostgreSQL answers at $PGHOST:$PGPORT; using the private cluster"
        PGHOST=127.0.0.1 PGPORT=$PRIVATE_PG_PORT
        pg_answers "$PGHOST" "$PGPORT" || pg_start_private
    fi
    pg_ensure_role
    say "PostgreSQL: $PGUSER@$PGHOST:$PGPORT"
}

pg_db_exists() {
    [[ $(pg_psql -v db="$1" <<<"SELECT 1 FROM pg_database WHERE datname = :'db'") == 1 ]]
}

pg_drop_db() {
    pg_psql -v db="$1" <<'EOF' || warn "could not drop database $1"
SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', :'db') \gexec
EOF
    rm -rf "$ODOO_DATA_DIR/filestore/$1"
}
