#!/usr/bin/env bash
# Installs what scripts/check-html.sh needs, idempotently and without asking:
#   - Debian's chromium (headless browser for axe-core and printing to PDF),
#   - poppler-utils (pdftotext, pdfinfo, pdftoppm),
#   - a Java runtime >= 11 (for the W3C Nu HTML checker, vnu.jar),
#   - a font (DejaVu) so text renders in headless Chromium,
#   - the pinned npm packages of scripts/html-check (npm ci from the lock).
# Safe to run repeatedly: apt is only touched when something is missing, and
# npm ci only runs when package-lock.json changed since the last install.
# Usage: scripts/install-html-tools.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DEBIAN_FRONTEND=noninteractive

java_major() {
  # Prints the major version of `java` on PATH, or 0.
  local v
  v="$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\)\(\.[0-9]*\)*.*/\1/p' | sed -n 1p)"
  # Java 8 and older report 1.x.
  if [[ "$v" == 1 ]]; then v=8; fi
  echo "${v:-0}"
}

pkgs=()
command -v chromium >/dev/null 2>&1 || pkgs+=(chromium)
{ command -v pdftotext && command -v pdfinfo && command -v pdftoppm; } >/dev/null 2>&1 \
  || pkgs+=(poppler-utils)
if ! command -v java >/dev/null 2>&1 || (( $(java_major) < 11 )); then
  pkgs+=(default-jre-headless)
fi
if ! command -v fc-list >/dev/null 2>&1 || [[ -z "$(fc-list 2>/dev/null | sed -n 1p)" ]]; then
  pkgs+=(fontconfig fonts-dejavu-core)
fi

if (( ${#pkgs[@]} > 0 )); then
  sudo=()
  if [[ "$(id -u)" != 0 ]]; then sudo=(sudo -E); fi
  echo "install-html-tools: apt-get install ${pkgs[*]}"
  "${sudo[@]}" apt-get -q -o DPkg::Lock::Timeout=300 update
  "${sudo[@]}" apt-get -q -y -o DPkg::Lock::Timeout=300 install --no-install-recommends "${pkgs[@]}"
else
  echo "install-html-tools: chromium, poppler-utils, java, fonts already present"
fi

for tool in chromium pdftotext pdfinfo pdftoppm java; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-html-tools: $tool still missing after install" >&2; exit 1; }
done
if (( $(java_major) < 11 )); then
  echo "install-html-tools: 'java' on PATH ($(command -v java)) is Java $(java_major); vnu.jar needs 11 or later" >&2
  exit 1
fi

# npm: exact versions from package-lock.json. --ignore-scripts: no package here
# needs an install script, and vnu-jar's would try to download a Java runtime
# from outside the npm registry when no system Java is found.
cd "$here/html-check"
stamp=node_modules/.policyc-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -f node_modules/vnu-jar/build/dist/vnu.jar ]]; then
  echo "install-html-tools: node_modules up to date"
else
  echo "install-html-tools: npm ci in scripts/html-check"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# playwright-core is pinned to the release built for Debian's Chromium of
# the day; a Chromium major far from it may misbehave, so say so.
have="$(chromium --version 2>/dev/null | grep -oE '[0-9]+' | sed -n 1p)"
built="$(node -p "require('./node_modules/playwright-core/browsers.json').browsers.find(b => b.name === 'chromium').browserVersion.split('.')[0]")"
if [[ "$have" != "$built" ]]; then
  echo "install-html-tools: note: Chromium $have, playwright-core $(node -p "require('./node_modules/playwright-core/package.json').version") was built for Chromium $built" >&2
fi

echo "install-html-tools: $(chromium --version 2>/dev/null | sed -n 1p); java $(java_major); $(pdftotext -v 2>&1 | sed -n 1p)"
