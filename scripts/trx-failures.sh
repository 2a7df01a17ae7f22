#!/usr/bin/env bash
# Names every failed test in the TRX files under a directory, each with the first lines of its message,
# so a run's log says which test failed and why without opening the results.
set -euo pipefail
shopt -s nullglob globstar
for trx in "$1"/**/*.trx; do
  awk '
    /<UnitTestResult / {
      failed = ($0 ~ /outcome="Failed"/)
      if (failed && match($0, /testName="[^"]*"/)) {
        print "FAILED " substr($0, RSTART + 10, RLENGTH - 11)
        shown = 0
      }
    }
    failed && /<Message>/ { inmsg = 1; sub(/.*<Message>/, "") }
    failed && inmsg {
      line = $0; done = sub(/<\/Message>.*/, "", line)
      if (shown < 8) { print "    " line; shown++ }
      if (done) { inmsg = 0; failed = 0 }
    }
  ' "$trx"
done | sed -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&amp;/\&/g'
