#!/usr/bin/env bash
# End-to-end proof of the site target: policyc writes the shipped example
# policies straight into the content folder of the small multilingual Hugo
# site in tests/hugo-site, Hugo (Debian's package) builds it, and
# scripts/check-hugo-site.py asserts on the generated site.
#
#   scripts/check-hugo.sh [POLICYC_BIN]
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${1:-target/debug/policyc}
BIN=$(realpath "$BIN")
command -v hugo >/dev/null || { echo "hugo is not installed (apt-get install hugo)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r policies locales templates policyc.toml policyc.lock "$work/"
cp -r tests/hugo-site "$work/site"
cat >>"$work/policyc.toml" <<'EOF'

# The Hugo site: pages go to content/<lang>/dokument/<slug>.md, shaped like
# the existing pages of the reference site (lead as an ingress shortcode here).
[sites.hugo]
content = "site/content"
path = "{lang}/dokument/{slug}.md"
lead = "shortcode"
extra = { outputs = ["HTML"] }
EOF

"$BIN" -C "$work" build --no-sites >/dev/null 2>&1 || true
"$BIN" -C "$work" build
# A user file in the content folder must survive --clean.
echo -e "---\ntitle: Kept\n---\nnot policyc's" > "$work/site/content/en/kept.md"
"$BIN" -C "$work" build --clean

# An unchanged rebuild touches no file.
before=$(find "$work/site/content" -type f -printf '%p %T@\n' | sort)
out=$("$BIN" -C "$work" build 2>&1)
after=$(find "$work/site/content" -type f -printf '%p %T@\n' | sort)
if [ "$before" != "$after" ]; then
  echo "unchanged rebuild modified the site:"; diff <(echo "$before") <(echo "$after") || true; exit 1
fi
echo "$out" | grep -q "site \`hugo\`.*0 written" || { echo "expected no writes: $out"; exit 1; }

hugo --source "$work/site" --destination "$work/public" --quiet
python3 scripts/check-hugo-site.py "$work/public" "$work/site/content" "$work/out"
