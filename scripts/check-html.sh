#!/usr/bin/env bash
# Verifies the HTML that `policyc build --format md,html,print` writes:
#   vnu    the W3C Nu HTML checker on every *.html under OUT_DIR (fragments
#          are checked wrapped in a minimal document): zero errors;
#   axe    axe-core (default rules) in Debian's Chromium on every standalone
#          page, *.html and *.print.html: zero violations;
#   print  every *.print.html printed to PDF by Chromium: A4 pages, every
#          heading in the PDF text, the localized "Page i of M" on each page;
#   shots  (only with SHOTS_DIR) desktop and phone PNGs of one policy per
#          locale and PNGs of pages 1-2 of its print version.
# Everything runs offline on file:// URLs, each file bounded to about 60 s.
# With --pages-only, only vnu and axe run (for standalone pages without a
# print version, such as a redline).
# Needs scripts/install-html-tools.sh to have run.
# Usage: scripts/check-html.sh [--pages-only] OUT_DIR [SHOTS_DIR]
# Exit: 0 all checks passed, 1 a check failed, 2 bad usage or missing tools.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tools="$here/html-check"
vnu_jar="$tools/node_modules/vnu-jar/build/dist/vnu.jar"

die() { echo "check-html: $*" >&2; exit 2; }

pages_only=""
if [[ "${1:-}" == --pages-only ]]; then pages_only=1; shift; fi
[[ $# -ge 1 && $# -le 2 ]] || die "usage: scripts/check-html.sh [--pages-only] OUT_DIR [SHOTS_DIR]"
[[ -d "$1" ]] || die "OUT_DIR '$1' is not a directory (run 'policyc build --format md,html,print' first)"
out="$(cd "$1" && pwd)"
shots=""
if [[ $# -eq 2 ]]; then
  mkdir -p "$2" || die "cannot create SHOTS_DIR '$2'"
  shots="$(cd "$2" && pwd)"
fi

for tool in node java chromium pdftotext pdfinfo pdftoppm timeout; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found: run scripts/install-html-tools.sh"
done
[[ -f "$vnu_jar" && -d "$tools/node_modules/playwright-core" && -d "$tools/node_modules/axe-core" ]] \
  || die "npm packages missing in scripts/html-check: run scripts/install-html-tools.sh"

mapfile -t pages < <(find "$out" -type f -name '*.html' ! -name '*.fragment.html' | LC_ALL=C sort)
mapfile -t frags < <(find "$out" -type f -name '*.fragment.html' | LC_ALL=C sort)
mapfile -t prints < <(find "$out" -type f -name '*.print.html' | LC_ALL=C sort)
(( ${#pages[@]} > 0 )) || die "no *.html files under $out"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

summary=()
failed=()
# record NAME RC SUMMARY_LINE: remembers the outcome of one check.
record() {
  local name="$1" rc="$2" line="$3"
  if [[ "$rc" == 124 ]]; then line="$name: timed out -- FAILED"; fi
  [[ -n "$line" ]] || line="$name: exited with status $rc -- FAILED"
  summary+=("$line")
  if [[ "$rc" != 0 ]]; then failed+=("$name"); fi
}

echo "== vnu (W3C Nu HTML checker): ${#pages[@]} pages, ${#frags[@]} fragments"
# A fragment is validated inside a minimal document; the prefix has no line
# break, so line numbers in messages are the fragment's own.
wrapped=()
for f in "${frags[@]}"; do
  rel="${f#"$out"/}"
  code="${rel%%/*}"; [[ "$code" == "$rel" ]] && code=en
  w="$tmp/fragments/$rel"
  mkdir -p "$(dirname "$w")"
  { printf '<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"><title>fragment</title></head><body>' "$code"
    cat "$f"
    printf '</body></html>\n'; } > "$w"
  wrapped+=("$w")
done
n=$(( ${#pages[@]} + ${#wrapped[@]} ))
timeout $(( 60 + 10 * n )) java -Xss4m -jar "$vnu_jar" --errors-only --format gnu \
  "${pages[@]}" "${wrapped[@]}" > "$tmp/vnu.txt" 2>&1
rc=$?
errors=$(grep -cE ': (error|fatal|non-document-error)' "$tmp/vnu.txt")
# Messages name files relative to OUT_DIR (fragments with a marker).
grep -v '^Document checking completed' "$tmp/vnu.txt" \
  | sed -e "s#\"file:$tmp/fragments/\\([^\"]*\\)\"#\\1 (wrapped fragment)#" -e "s#\"file:$out/\\([^\"]*\\)\"#\\1#" >&2
if [[ "$rc" == 0 ]]; then
  line="vnu: $n files, 0 errors"
elif [[ "$rc" == 124 ]]; then
  line=""
elif [[ "$errors" == 0 ]]; then
  line="vnu: $n files, exited with status $rc (see its output above) -- FAILED"
else
  line="vnu: $n files, $errors errors -- FAILED"
fi
record vnu "$rc" "$line"

echo "== axe (axe-core in Chromium): ${#pages[@]} pages"
line="$(timeout $(( 60 * (${#pages[@]} + 1) )) node "$tools/axe.mjs" "$out")"
record axe "$?" "$line"

echo "== print (Chromium to PDF, pdftotext): ${#prints[@]} print pages"
if [[ -n "$pages_only" ]]; then
  echo "(skipped: --pages-only)"
elif (( ${#prints[@]} == 0 )); then
  record print 1 "print: no *.print.html under $out -- FAILED"
else
  line="$(timeout $(( 60 * (${#prints[@]} + 1) )) node "$tools/print.mjs" "$out")"
  record print "$?" "$line"
fi

if [[ -n "$shots" && -z "$pages_only" ]]; then
  echo "== shots into $shots"
  line="$(timeout 600 node "$tools/shots.mjs" "$out" "$shots")"
  record shots "$?" "$line"
fi

echo "== summary"
printf '%s\n' "${summary[@]}"
total=${#summary[@]}
if (( ${#failed[@]} > 0 )); then
  echo "check-html: FAILED: ${failed[*]} (details above)" >&2
  echo "check-html: $(( total - ${#failed[@]} )) passed, ${#failed[@]} failed"
  exit 1
fi
echo "check-html: $total passed, 0 failed"
