#!/usr/bin/env bash
# Runs Kund in Sandbox mode on http://localhost:5080 (KUND_PORT overrides).
#   ./run.sh        make sure a PostgreSQL is reachable, build, run (Ctrl+C stops Kund)
#   ./run.sh stop   stop the private PostgreSQL cluster of ./run.sh
#   ./run.sh token create --user alice@kund.dev [--name ci] [--expires-in-days 30]
#                   print an API token for the HTTP API and the hub (same database as ./run.sh)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh

datadir=.kund/pgdata

if [[ "${1:-}" == "stop" ]]; then
  kund_pg_stop "$datadir"
  exit 0
fi

if [[ -n "${ConnectionStrings__Kund:-}" ]]; then
  kund_log "using ConnectionStrings__Kund from the environment"
else
  kund_pg_ensure "$datadir" kund 55432
  # Kund runs as kund_app; its migrations run as kund_owner (scripts/postgres.sh, README "Database roles").
  export ConnectionStrings__Kund="$KUND_PG_APP_CONNECTION"
  export ConnectionStrings__KundMigrations="$KUND_PG_OWNER_CONNECTION"
fi

build() {
  kund_log "building Kund.Web"
  dotnet publish Kund.Web/Kund.Web.csproj -c Release -o .kund/app --nologo -v quiet >/dev/null \
    || dotnet publish Kund.Web/Kund.Web.csproj -c Release -o .kund/app --nologo
}

export Kund__Mode=${Kund__Mode:-Sandbox}
# The seed environment's slowest resource (the EKS cluster, ~10 min in AWS) takes ~40 s at this scale.
export Kund__Blueprints__Path=${Kund__Blueprints__Path:-$PWD/blueprints}
export Kund__Sandbox__TimeScale=${Kund__Sandbox__TimeScale:-15}
export Kund__Sandbox__StatePath=${Kund__Sandbox__StatePath:-$PWD/.kund/sandbox-state.json}
export DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Production}

if [[ "${1:-}" == "token" ]]; then
  [[ -f .kund/app/Kund.Web.dll ]] || build >&2
  cd .kund/app
  exec dotnet Kund.Web.dll "$@"
fi

port=${KUND_PORT:-5080}
kund_port_free "$port" || kund_die "port $port is in use; set KUND_PORT to another port"
export ASPNETCORE_URLS="http://localhost:$port"
build

first_start_marker=.kund/started-once
if [[ ! -f "$first_start_marker" ]]; then
  cat >&2 <<MSG

  Kund is starting at http://localhost:$port
  Sign in by picking a demo user on the sign-in page:
    alice@kund.dev (team-a requester), bob@kund.dev (team-b requester),
    carol@kund.dev (approver), dave@kund.dev (auditor), admin@kund.dev (admin)
  Ctrl+C stops Kund; './run.sh stop' stops its PostgreSQL.

MSG
  touch "$first_start_marker"
else
  kund_log "Kund is starting at http://localhost:$port"
fi

cd .kund/app
exec dotnet Kund.Web.dll
