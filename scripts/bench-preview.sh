#!/usr/bin/env bash
# Times `policyc serve` from saving an .ftl file to the repainted page in
# Debian's Chromium (playwright-core), on a copy of the shipped examples:
# each run saves a changed Danish translation and waits until the open
# page shows it. Prints the median and the worst case as JSON.
# Needs scripts/install-html-tools.sh first.
# Usage: scripts/bench-preview.sh [POLICYC_BIN] [RUNS]
#        (defaults: target/release/policyc, 50)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="${1:-$here/../target/release/policyc}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
shots="$(mktemp -d)"
trap 'rm -rf "$shots"' EXIT
node "$here/html-check/preview.mjs" "$bin" "$(dirname "$here")" "$shots" "${2:-50}" --bench | grep -E '^\{|FAIL' 
