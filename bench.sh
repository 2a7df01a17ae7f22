#!/usr/bin/env bash
# Runs Kund's benchmarks (docs/benchmarks.md) against a private PostgreSQL, as test.sh starts it.
#   ./bench.sh                 every benchmark at full size
#   ./bench.sh --makespan      one of --makespan --change --many --fanout --audit --executor --dashboard --drift --webhooks --circuits (several may be given)
#   ./bench.sh --makespan --compare-terraform   also Terraform over the same graph (when terraform is on PATH)
#   ./bench.sh --fanout --compare-relay          also the per-watcher relay, side by side with the batched one
#   ./bench.sh --dashboard --envs 500 --approvals 200 [--verbose]   one team's pages at that size and a tenth of it; --verbose prints each page's SQL
#   ./bench.sh --smoke         every benchmark at tiny sizes (what test.sh runs)
# KUND_BENCH_CONNECTION points at another PostgreSQL server (databases are created and dropped there).
# KUND_KEEP_DB=1 leaves the private server running and each measurement's database in place, for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh

datadir=.kund/bench-pgdata

if [[ -n "${KUND_BENCH_CONNECTION:-}" ]]; then
  kund_log "using KUND_BENCH_CONNECTION from the environment"
else
  # Each measurement gets a fresh database; durability buys nothing for a benchmark.
  KUND_PG_FSYNC=off kund_pg_ensure "$datadir" postgres 56532
  export KUND_BENCH_CONNECTION="$KUND_PG_CONNECTION"
  if [[ "$KUND_PG_KIND" == local && -z "${KUND_KEEP_DB:-}" ]]; then
    trap 'kund_pg_stop "$datadir"' EXIT
  fi
fi

export KUND_CHROMIUM=${KUND_CHROMIUM:-/usr/bin/chromium}
(( $# > 0 )) || set -- --all
dotnet run --project bench -c Release -- "$@"
