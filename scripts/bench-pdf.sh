#!/usr/bin/env bash
# PDF speed: policyc's in-process PDF per document, side by side with
# headless Chromium printing the same documents' print HTML, on the shipped
# examples (8 documents, 4-5 A4 pages each). Prints a Markdown table.
#
#   scripts/bench-pdf.sh [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
BIN=$(realpath target/release/policyc)
cargo build --release --locked -q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$BIN" build --format print,pdf --no-sites --out "$work/ref" >/dev/null 2>&1
docs=$(find "$work/ref" -name '*.pdf' | wc -l)
pages=$(for f in "$work"/ref/*/*.pdf; do pdfinfo "$f" | awk '/^Pages:/ {print $2}'; done | paste -sd+ | bc)

best_policyc=999999
for i in $(seq "$RUNS"); do
  s=$(date +%s%N)
  "$BIN" build --format pdf --no-sites --out "$work/p$i" >/dev/null 2>&1
  e=$(( ($(date +%s%N) - s) / 1000000 ))
  (( e < best_policyc )) && best_policyc=$e
done

chrome() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile-$RANDOM" --no-pdf-header-footer --print-to-pdf="$2" "file://$1" >/dev/null 2>&1
}
best_chrome=999999
if command -v chromium >/dev/null; then
  for i in $(seq "$RUNS"); do
    s=$(date +%s%N)
    for f in "$work"/ref/*/*.print.html; do chrome "$f" "$work/c-$i-$(basename "$f").pdf"; done
    e=$(( ($(date +%s%N) - s) / 1000000 ))
    (( e < best_chrome )) && best_chrome=$e
  done
fi

per_p=$(awk -v t="$best_policyc" -v d="$docs" 'BEGIN { printf "%.0f", t / d }')
echo "| tool | documents ($pages pages) | total (best of $RUNS) | per document |"
echo "|---|---|---|---|"
echo "| policyc build --format pdf (one process, all documents) | $docs | ${best_policyc} ms | ${per_p} ms |"
if [ "$best_chrome" != 999999 ]; then
  per_c=$(awk -v t="$best_chrome" -v d="$docs" 'BEGIN { printf "%.0f", t / d }')
  echo "| chromium --headless --print-to-pdf (one process per document) | $docs | ${best_chrome} ms | ${per_c} ms |"
  echo
  echo "policyc is $(awk -v a="$per_c" -v b="$per_p" 'BEGIN { printf "%.0f", a / b }')x faster per document ($(nproc) cores)."
fi
