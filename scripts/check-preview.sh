#!/usr/bin/env bash
# Browser tests of `policyc serve` in Debian's Chromium (playwright-core),
# on a copy of the shipped examples: repaint after a save (timed), markers,
# the review view's word diff, approving from the browser, 403 for forged
# requests, keyboard use, axe-core, screenshots at desktop and 390 px.
# Needs scripts/install-html-tools.sh first.
# Usage: scripts/check-preview.sh POLICYC_BIN SHOTS_DIR [RUNS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
mkdir -p "$2"
shots="$(cd "$2" && pwd)"
exec node "$here/html-check/preview.mjs" "$bin" "$(dirname "$here")" "$shots" "${3:-20}"
