# shellcheck shell=bash
# PostgreSQL bootstrap shared by run.sh and test.sh. Source it, then call kund_pg_ensure.
#
# Order of preference:
#   1. a connection string the caller gives (run.sh: ConnectionStrings__Kund);
#   2. a running Docker engine: `docker compose up -d db`;
#   3. the machine's PostgreSQL server binaries (installed with apt when missing and we are root),
#      running a private cluster under a data directory of ours on a free loopback port, started
#      with pg_ctl (never as a system service) and reused on the next run.
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user.

kund_log() { printf '\033[1;34mkund:\033[0m %s\n' "$*" >&2; }
kund_die() { printf '\033[1;31mkund:\033[0m %s\n' "$*" >&2; exit 1; }

# Prints the bin directory of the newest installed PostgreSQL server, or nothing.
kund_pg_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/pg_ctl" && -x "$dir/initdb" ]]; then echo "$dir"; return 0; fi
  done
  return 1
}

kund_pg_install() {
  [[ $(id -u) -eq 0 ]] || kund_die "PostgreSQL server binaries are missing. Install Debian's 'postgresql' package, start Docker, or set ConnectionStrings__Kund."
  command -v apt-get >/dev/null || kund_die "PostgreSQL server binaries are missing and apt-get is not available. Set ConnectionStrings__Kund."
  kund_log "installing PostgreSQL (apt-get install postgresql)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

# Runs a command as the cluster's owner: ourselves, or `postgres` when we are root.
kund_pg_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

kund_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

kund_free_port() {
  local port
  for port in $(seq "$1" $(( $1 + 200 ))); do
    if kund_port_free "$port"; then echo "$port"; return 0; fi
  done
  kund_die "no free TCP port between $1 and $(( $1 + 200 ))"
}

# The directory the cluster really lives in. As root the cluster belongs to `postgres`, which may
# not be allowed to reach a checkout under a private home; then the data lives under /var/lib/kund
# and DATADIR is a symbolic link to it.
kund_pg_real_datadir() {
  local datadir=$1 abs
  abs=$(cd "$(dirname "$datadir")" && pwd)/$(basename "$datadir")
  if [[ -L "$abs" ]]; then readlink -f "$abs"; return 0; fi
  if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$(dirname "$abs")" 2>/dev/null; then
    local real
    real="/var/lib/kund/$(printf '%s' "$abs" | sha256sum | cut -c1-16)-$(basename "$abs")"
    mkdir -p "$real"
    ln -sfn "$real" "$abs"
    echo "$real"
    return 0
  fi
  echo "$abs"
}

# The two roles Kund runs with (README "Database roles"): kund_owner owns the schema and runs the
# migrations; kund_app is what the application connects as: no superuser, owns nothing, so it cannot
# alter tables, disable the audit triggers or set session_replication_role; Kund's migrator grants it
# data access, with only INSERT and SELECT on the audit tables. Idempotent.
# kund_pg_roles PSQL_ARGS... (a superuser's connection)
kund_pg_roles() {
  psql "$@" -v ON_ERROR_STOP=1 -qtA >/dev/null <<'SQL'
do $$ begin
  if not exists (select from pg_roles where rolname = 'kund_owner') then
    create role kund_owner login nosuperuser nocreatedb nocreaterole password 'kund_owner';
  end if;
  if not exists (select from pg_roles where rolname = 'kund_app') then
    create role kund_app login nosuperuser nocreatedb nocreaterole noinherit password 'kund_app';
  end if;
end $$;
SQL
}

# kund_pg_own_database PSQL_ARGS... — gives DATABASE (the connection's) and the tables an older Kund
# created in it as a superuser to kund_owner.
kund_pg_own_database() {
  psql "$@" -v ON_ERROR_STOP=1 -qtA >/dev/null <<'SQL'
do $$
declare object record;
begin
  execute format('alter database %I owner to kund_owner', current_database());
  for object in select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind in ('r', 'p') and pg_get_userbyid(c.relowner) <> 'kund_owner' loop
    execute format('alter table public.%I owner to kund_owner', object.relname);
  end loop;
  for object in select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                where n.nspname = 'public' and p.proname like 'kund_%' and pg_get_userbyid(p.proowner) <> 'kund_owner' loop
    execute format('alter function public.%I() owner to kund_owner', object.proname);
  end loop;
end $$;
SQL
}

# kund_pg_ensure DATADIR DATABASE BASEPORT
# Exports KUND_PG_CONNECTION (an Npgsql connection string to DATABASE as a superuser, for tests that
# create databases), KUND_PG_APP_CONNECTION and KUND_PG_OWNER_CONNECTION (the two roles above) and KUND_PG_KIND.
kund_pg_ensure() {
  local datadir=$1 database=$2 baseport=$3
  if docker info >/dev/null 2>&1 && [[ -z "${KUND_NO_DOCKER:-}" ]]; then
    kund_log "using Docker: docker compose up -d db"
    docker compose up -d --wait db >/dev/null
    export KUND_PG_KIND=docker
    local host="Host=127.0.0.1;Port=${KUND_DB_PORT:-5432};Database=$database"
    export KUND_PG_CONNECTION="$host;Username=kund;Password=kund"
    # The compose file's init script made the roles; a volume from before it did not.
    PGPASSWORD=kund kund_pg_roles -h 127.0.0.1 -p "${KUND_DB_PORT:-5432}" -U kund -d postgres
    [[ "$database" == postgres ]] || PGPASSWORD=kund kund_pg_own_database -h 127.0.0.1 -p "${KUND_DB_PORT:-5432}" -U kund -d "$database"
    export KUND_PG_APP_CONNECTION="$host;Username=kund_app;Password=kund_app"
    export KUND_PG_OWNER_CONNECTION="$host;Username=kund_owner;Password=kund_owner"
    return 0
  fi

  local bindir
  bindir=$(kund_pg_bindir) || { kund_pg_install; bindir=$(kund_pg_bindir) || kund_die "PostgreSQL installation did not provide pg_ctl"; }

  mkdir -p "$(dirname "$datadir")"
  local portfile
  portfile=$(cd "$(dirname "$datadir")" && pwd)/$(basename "$datadir").port
  local abs_datadir
  abs_datadir=$(kund_pg_real_datadir "$datadir")

  if [[ ! -f "$abs_datadir/PG_VERSION" ]]; then
    kund_log "creating a private PostgreSQL cluster in $datadir"
    mkdir -p "$abs_datadir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$abs_datadir"
    chmod 700 "$abs_datadir"
    kund_pg_as_owner "$bindir/initdb" -D "$abs_datadir" -U kund --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null \
      || kund_die "initdb failed for $datadir"
    {
      echo "listen_addresses = '127.0.0.1'"
      echo "unix_socket_directories = ''"
      echo "max_connections = 300"
      echo "fsync = ${KUND_PG_FSYNC:-on}"
    } >> "$abs_datadir/postgresql.conf"
  fi

  local port
  if kund_pg_as_owner "$bindir/pg_ctl" -D "$abs_datadir" status >/dev/null 2>&1; then
    port=$(cat "$portfile")
  else
    port=$(cat "$portfile" 2>/dev/null || true)
    if [[ -z "$port" ]] || ! kund_port_free "$port"; then port=$(kund_free_port "$baseport"); fi
    echo "$port" > "$portfile"
    kund_log "starting PostgreSQL on 127.0.0.1:$port"
    kund_pg_as_owner "$bindir/pg_ctl" -D "$abs_datadir" -o "-p $port" -l "$abs_datadir/server.log" -w -t 60 start >/dev/null \
      || { tail -n 20 "$abs_datadir/server.log" >&2; kund_die "PostgreSQL did not start; the log is $datadir/server.log"; }
  fi
  kund_pg_roles -h 127.0.0.1 -p "$port" -U kund -d postgres || kund_die "could not create the roles kund_owner and kund_app"
  if [[ "$database" != postgres ]]; then
    if ! psql -h 127.0.0.1 -p "$port" -U kund -d postgres -tAc "select 1 from pg_database where datname = '$database'" | grep -q 1; then
      psql -h 127.0.0.1 -p "$port" -U kund -d postgres -qc "create database \"$database\" owner kund_owner" >/dev/null || kund_die "could not create database $database"
    fi
    kund_pg_own_database -h 127.0.0.1 -p "$port" -U kund -d "$database" || kund_die "could not give database $database to kund_owner"
  fi
  export KUND_PG_KIND=local
  export KUND_PG_DATADIR="$abs_datadir"
  export KUND_PG_CONNECTION="Host=127.0.0.1;Port=$port;Database=$database;Username=kund"
  export KUND_PG_APP_CONNECTION="Host=127.0.0.1;Port=$port;Database=$database;Username=kund_app"
  export KUND_PG_OWNER_CONNECTION="Host=127.0.0.1;Port=$port;Database=$database;Username=kund_owner"
}

# kund_pg_stop DATADIR — stops a private cluster if it runs.
kund_pg_stop() {
  local datadir=$1 bindir
  bindir=$(kund_pg_bindir) || return 0
  [[ -e "$datadir" ]] || return 0
  local abs_datadir
  abs_datadir=$(kund_pg_real_datadir "$datadir")
  [[ -f "$abs_datadir/PG_VERSION" ]] || return 0
  if kund_pg_as_owner "$bindir/pg_ctl" -D "$abs_datadir" status >/dev/null 2>&1; then
    kund_pg_as_owner "$bindir/pg_ctl" -D "$abs_datadir" -m fast -w stop >/dev/null
    kund_log "stopped PostgreSQL ($datadir)"
  fi
}
