#!/usr/bin/env bash
# Hostile text against the real Hugo: runs tests/hostile_markdown.rs with
# Hugo required (each case builds a workspace with hostile text in one
# place into a copy of tests/hugo-site, builds the site with Hugo and
# checks the rendered page: no script, no shortcode run, no attribute from
# text), keeping every Markdown page the cases wrote; then reads the front
# matter of each page with a YAML 1.2 parser (ruamel.yaml): exactly one
# document, whose keys are all there.
#
#   scripts/check-hugo-hostile.sh
set -euo pipefail
cd "$(dirname "$0")/.."

command -v hugo >/dev/null || { echo "hugo is not installed (apt-get install hugo)"; exit 1; }
if ! python3 -c 'import ruamel.yaml' 2>/dev/null; then
  python3 -m pip install --quiet 'ruamel.yaml==0.18.10'
fi

pages=$(mktemp -d)
trap 'rm -rf "$pages"' EXIT
POLICYC_REQUIRE_HUGO=1 POLICYC_HOSTILE_PAGES="$pages" \
  cargo test --locked --quiet --test hostile_markdown

python3 - "$pages" <<'PY'
import os
import sys

from ruamel.yaml import YAML

pages = sys.argv[1]
yaml = YAML(typ="safe", pure=True)
yaml.version = (1, 2)
failures = []
names = sorted(os.listdir(pages))
for name in names:
    with open(os.path.join(pages, name), encoding="utf-8", newline="") as f:
        md = f.read()
    if not md.startswith("---\n") or "\n---\n" not in md[3:]:
        failures.append(f"{name}: no front matter")
        continue
    front = md[4 : md.index("\n---\n", 3) + 1]
    try:
        docs = list(yaml.load_all(front))
    except Exception as e:  # noqa: BLE001 - any parse error is the finding
        failures.append(f"{name}: not YAML 1.2: {e}")
        continue
    if len(docs) != 1 or not isinstance(docs[0], dict):
        failures.append(f"{name}: {len(docs)} documents")
        continue
    fm = docs[0]
    want = {"slug": "notice", "translationKey": "notice", "date": "2024-01-05"}
    for key, value in want.items():
        if str(fm.get(key)) != value:
            failures.append(f"{name}: {key} is {fm.get(key)!r}, expected {value!r}")
    if fm.get("aliases") != ["/old/notice/"]:
        failures.append(f"{name}: aliases are {fm.get('aliases')!r}")
    if not isinstance(fm.get("title"), str) or not fm["title"]:
        failures.append(f"{name}: no title")
for f in failures:
    print("FAIL:", f)
if failures:
    sys.exit(1)
if len(names) < 40:
    print(f"FAIL: only {len(names)} pages were kept")
    sys.exit(1)
print(f"hostile Markdown: {len(names)} pages built by Hugo, each front matter one YAML 1.2 document with its keys")
PY
