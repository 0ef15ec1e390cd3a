#!/usr/bin/env bash
# The Goldmark differential test against the real Hugo: every snippet of
# tests/goldmark/*.txt (the CommonMark spec's inline examples and policy
# text in four languages) placed in every kind of block, written as
# Markdown into a copy of tests/hugo-site and built by Hugo with the test
# site's settings and with Hugo's defaults, must show the same text, links
# and inline structure as policyc's standalone HTML. Fails when Hugo is
# missing; the full report of differences is written to the file given as
# the first argument (default: goldmark-report.txt in a temporary folder).
#
#   scripts/check-goldmark.sh [REPORT]
set -euo pipefail
cd "$(dirname "$0")/.."

command -v hugo >/dev/null || { echo "hugo is not installed (apt-get install hugo)"; exit 1; }
report=${1:-$(mktemp -d)/goldmark-report.txt}
if POLICYC_REQUIRE_HUGO=1 POLICYC_GOLDMARK_REPORT="$report" \
  cargo test --locked --quiet --test goldmark; then
  head -1 "$report"
else
  echo "Goldmark differences: see $report"
  exit 1
fi
