#!/usr/bin/env bash
# Runs every test of Kund.sln against a private PostgreSQL and Chromium, then prints
#   tests: N passed, N failed, N skipped
# Arguments are passed to `dotnet test` (e.g. ./test.sh --filter "FullyQualifiedName~Audit").
set -euo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh

datadir=.kund/test-pgdata
results=.kund/test-results

if [[ -n "${KUND_TEST_CONNECTION:-}" ]]; then
  kund_log "using KUND_TEST_CONNECTION from the environment"
else
  # Tests create and drop their own databases; durability buys nothing here.
  KUND_PG_FSYNC=off kund_pg_ensure "$datadir" postgres 56432
  export KUND_TEST_CONNECTION="$KUND_PG_CONNECTION"
  if [[ "$KUND_PG_KIND" == local && -z "${KUND_KEEP_DB:-}" ]]; then
    trap 'kund_pg_stop "$datadir"' EXIT
  fi
fi

# Browser tests drive Debian's Chromium (never a downloaded browser).
export KUND_CHROMIUM=${KUND_CHROMIUM:-/usr/bin/chromium}
if [[ ! -x "$KUND_CHROMIUM" ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    kund_log "installing Chromium (apt-get install chromium)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    kund_die "Chromium is missing at $KUND_CHROMIUM; install Debian's 'chromium' package or set KUND_CHROMIUM"
  fi
fi

# The conformance suite's official AWS JavaScript clients (conformance/, pinned by its package-lock.json),
# installed into that folder; from npm's cache when it holds them. A failed install fails the run.
if [[ ! -f conformance/node_modules/.package-lock.json || conformance/package-lock.json -nt conformance/node_modules/.package-lock.json ]]; then
  kund_log "installing the conformance suite's AWS clients (npm ci in conformance/)"
  npm ci --prefix conformance --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null \
    || kund_die "npm ci in conformance/ failed; the conformance suite needs AWS's JavaScript clients from the npm registry"
fi

rm -rf "$results"
status=0
dotnet test Kund.sln --nologo --logger "trx;LogFilePrefix=kund" --results-directory "$results" "$@" || status=$?

# The benchmarks at tiny sizes (docs/benchmarks.md): the harness keeps working, on the same PostgreSQL.
# Skipped when arguments pick tests (./test.sh --filter …): that run is about those tests.
bench_status=0
if (( $# == 0 )); then
  dotnet run --project bench -c Release -- --smoke || bench_status=$?
  (( bench_status == 0 )) || kund_log "benchmark smoke run failed (exit $bench_status)"
fi

read -r passed failed skipped total < <(scripts/trx-summary.sh "$results")
(( failed == 0 )) || scripts/trx-failures.sh "$results"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if (( total == 0 )); then
  kund_log "no test ran"
  exit 1
fi
if (( failed > 0 || status != 0 || bench_status != 0 )); then exit 1; fi
