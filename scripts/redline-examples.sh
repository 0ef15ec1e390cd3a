#!/usr/bin/env bash
# A redline of the shipped examples after a realistic legal edit, in every
# locale and format, for CI to check like `build`'s output:
#
#   scripts/redline-examples.sh OUT_DIR [BINARY]
#
# Copies the workspace twice (policies/, locales/, templates/, policyc.toml,
# policyc.lock) and edits the newer copy the way a legal team would:
#   privacy: a section added (children) and one removed (cookies), two
#            swapped (erasure, third-countries), a paragraph reworded and
#            the lead reworded in every locale, the e-mail fact, version and
#            effective date changed;
#   dpa:     clauses 3 and 4 swapped (renumbered), a sub-processor added,
#            the breach-notice fact and the version changed;
# signs the translations off, then edits the Norwegian privacy notice once
# more (so one redline carries the "not approved" warning), and writes
#   policyc redline --from OLD --format md,html,pdf --out OUT_DIR
# (OUT_DIR must not exist). It then requires every file (2 policies x 4
# locales x 3 formats), `qpdf --check` to pass on every PDF, and each PDF's
# text (pdftotext) to hold its locale's legend and the Norwegian warning.
# HTML checks: scripts/check-html.sh --pages-only OUT_DIR.
# BINARY defaults to target/debug/policyc.
# Exit: 0 written and checked, 1 a check failed, 2 bad usage.
set -euo pipefail

die() { echo "redline-examples: $*" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || die "usage: scripts/redline-examples.sh OUT_DIR [BINARY]"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "$1")"
bin="$(realpath "${2:-$repo/target/debug/policyc}")"
[[ -x "$bin" ]] || die "$bin is not an executable (cargo build first)"
[[ ! -e "$out" ]] || die "$out exists; give a new folder"
for tool in qpdf pdftotext python3; do
  command -v "$tool" >/dev/null || die "'$tool' not found"
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for end in old new; do
  mkdir "$tmp/$end"
  cp -r "$repo"/{policies,locales,templates,policyc.toml,policyc.lock} "$tmp/$end/"
done

python3 - "$tmp/new" <<'PY'
import pathlib, sys

ws = pathlib.Path(sys.argv[1])

def edit(rel, *pairs):
    p = ws / rel
    s = p.read_text(encoding="utf-8")
    for old, new in pairs:
        if old not in s:
            sys.exit(f"redline-examples: `{old[:60]}` not in {rel}: update the edit to the examples")
        s = s.replace(old, new, 1)
    p.write_text(s, encoding="utf-8")

def section(id, text_id):
    return f'[[sections]]\nid = "{id}"\nblocks = [{{ kind = "text", id = "{text_id}" }}]\n'

edit("policies/privacy.toml",
     (section("erasure", "how") + "\n" + section("third-countries", "transfers"),
      section("third-countries", "transfers") + "\n" + section("erasure", "how")),
     (section("cookies", "pointer"), section("children", "age")),
     ('version = "3.1"', 'version = "3.2"'),
     ("effective = 2024-02-01", "effective = 2025-03-01"),
     ('email = "privacy@nordvikmoln.example"', 'email = "dataprotection@nordvikmoln.example"'))

dpa = (ws / "policies/dpa.toml").read_text(encoding="utf-8")
subprocessors = dpa[dpa.index('[[sections]]\nid = "subprocessors"'):dpa.index('[[sections]]\nid = "security"')]
security = dpa[dpa.index('[[sections]]\nid = "security"'):dpa.index('[[sections]]\nid = "termination"')]
edit("policies/dpa.toml",
     (subprocessors + security, security + subprocessors),
     ('version = "2.0"', 'version = "2.1"'),
     ("breach-notice-hours = 36", "breach-notice-hours = 24"),
     ('[[facts.subprocessors]]\nname = "Postlåda Nord AB"',
      '[[facts.subprocessors]]\nname = "Nordlys Drift AS"\ncountry = "NO"\nservice = "hosting"\n\n'
      '[[facts.subprocessors]]\nname = "Postlåda Nord AB"'))

# locale: (children section, words inserted into the legal basis, the lead reworded)
text = {
    "en": ("children = Children\n    .age = Our services are not meant for children under 16, and we do not knowingly collect their personal data.\n",
           (".basis = We process", ".basis = We only process"),
           ("_If you want to know", "_If you would like to know")),
    "da": ("children = Børn\n    .age = Vores tjenester er ikke beregnet til børn under 16 år, og vi indsamler ikke bevidst deres personoplysninger.\n",
           (".basis = Vi behandler", ".basis = Vi behandler kun"),
           ("_Vil du vide", "_Ønsker du at vide")),
    "sv": ("children = Barn\n    .age = Våra tjänster är inte avsedda för barn under 16 år, och vi samlar inte medvetet in deras personuppgifter.\n",
           (".basis = Vi behandlar", ".basis = Vi behandlar endast"),
           ("_Vill du veta", "_Vill du läsa om")),
    "nb": ("children = Barn\n    .age = Tjenestene våre er ikke ment for barn under 16 år, og vi samler ikke bevisst inn personopplysningene deres.\n",
           (".basis = Vi behandler", ".basis = Vi behandler kun"),
           ("_Ønsker du å vite", "_Vil du vite")),
}
for tag, (children, basis, lead) in text.items():
    rel = f"locales/{tag}/privacy.ftl"
    s = (ws / rel).read_text(encoding="utf-8")
    start = s.index("\ncookies = ") + 1
    end = s.find("\n\n", start)
    (ws / rel).write_text(s[:start] + s[end + 2 if end >= 0 else len(s):], encoding="utf-8")
    edit(rel, basis, lead)
    with open(ws / rel, "a", encoding="utf-8") as f:
        f.write("\n" + children)
PY

export SOURCE_DATE_EPOCH=1735787045
"$bin" -C "$tmp/new" review --all-locales --unchanged --by "CI <ci@example.invalid>" >/dev/null
"$bin" -C "$tmp/new" check --deny warnings >/dev/null || { "$bin" -C "$tmp/new" check; die "the edited workspace does not pass check"; }
# Edited after the sign-off: its redline must say it is not approved.
python3 - "$tmp/new/locales/nb/privacy.ftl" <<'PY'
import pathlib, sys
p = pathlib.Path(sys.argv[1])
s = p.read_text(encoding="utf-8")
assert "Vi behandler kun" in s
p.write_text(s.replace("Vi behandler kun", "Vi behandler utelukkende", 1), encoding="utf-8")
PY

"$bin" -C "$tmp/new" redline --from "$tmp/old" --format md,html,pdf --out "$out"

failed=0
fail() { echo "redline-examples: $*" >&2; failed=1; }
label() { # label LOCALE KEY: the value of KEY in the locale's _shared.ftl
  sed -n "s/^$2 = //p" "$repo/locales/$1/_shared.ftl"
}
pdfs=0
for tag in en da sv nb; do
  code=$tag; [[ $tag == nb ]] && code=no
  for policy in privacy dpa; do
    for ext in md html pdf; do
      [[ -s "$out/$code/$policy.$ext" ]] || fail "$code/$policy.$ext was not written"
    done
    pdf="$out/$code/$policy.pdf"
    [[ -s "$pdf" ]] || continue
    pdfs=$((pdfs + 1))
    qpdf --check "$pdf" >/dev/null 2>&1 || fail "qpdf --check $code/$policy.pdf failed"
    text="$(pdftotext -enc UTF-8 "$pdf" - | tr -s ' \n' '  ')"
    for key in redline-legend redline-inserted redline-deleted; do
      want="$(label "$tag" "$key")"
      [[ "$text" == *"$want"* ]] || fail "$code/$policy.pdf lacks its $key label '$want'"
    done
  done
done
warning="$(label nb redline-not-approved | cut -c1-40)"
[[ "$(pdftotext -enc UTF-8 "$out/no/privacy.pdf" - | tr -s ' \n' '  ')" == *"$warning"* ]] \
  || fail "no/privacy.pdf lacks the not-approved warning"
grep -q 'class="warning"' "$out/no/privacy.html" || fail "no/privacy.html lacks the not-approved warning"
if grep -q 'class="warning"' "$out/da/privacy.html"; then fail "da/privacy.html is marked not approved"; fi

if (( failed )); then exit 1; fi
echo "redline-examples: $(find "$out" -type f | wc -l) files in $out; $pdfs PDFs pass qpdf and show their legend"
