#!/usr/bin/env bash
# Sums the counters of every TRX file under a directory: prints "passed failed skipped total".
set -euo pipefail
shopt -s nullglob globstar
passed=0 failed=0 skipped=0 total=0
for trx in "$1"/**/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total=$(( total + $(attr total) ))
  passed=$(( passed + $(attr passed) ))
  failed=$(( failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted) ))
  # xUnit's skipped tests are counted as not executed: total minus executed.
  skipped=$(( skipped + $(attr total) - $(attr executed) ))
done
echo "$passed $failed $skipped $total"
