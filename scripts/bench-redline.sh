#!/usr/bin/env bash
# The redline of a large workspace against git's word diff of the same two
# revisions.
#
#   scripts/bench-redline.sh [POLICIES] [BINARY]
#
# Generates a workspace of POLICIES policies (default 1000) x 4 locales,
# commits and tags it `base`, changes every tenth message in every locale
# (a word inserted), signs the translations off, then times (median of 5):
#   policyc redline --from base   (all locales, md + html, git read included)
#   policyc redline --from OLD    (the same, OLD a folder holding base)
#   git diff --word-diff base -- locales policies   (the peer)
# the git ones first with base's objects loose (as a fresh commit leaves
# them), then packed (as a clone or `git gc` does), and prints one run's
# stages (POLICYC_TIMINGS).
# BINARY defaults to target/release/policyc (`cargo build --release`).
set -euo pipefail
N=${1:-1000}
BIN=$(realpath "${2:-target/release/policyc}")
# Files on a tmpfs when there is one (BENCH_TMP to choose), the revision
# policyc reads out of git too (TMPDIR): see scripts/bench.sh and
# BENCHMARKS.md on ext4's inode allocation on a long-lived disk.
tmp=${BENCH_TMP:-/dev/shm}
[ -d "$tmp" ] && [ -w "$tmp" ] || tmp=${TMPDIR:-/tmp}
export TMPDIR=$tmp
WS=$(mktemp -d -p "$tmp" policyc-redline-bench.XXXXXX)
trap 'rm -rf "$WS"' EXIT
REPO=$(realpath "$(dirname "$0")/..")
python3 "$REPO/scripts/gen-workspace.py" "$WS" --policies "$N" >/dev/null
# The redline's labels, from the shipped examples.
for l in en da sv nb; do
  grep '^redline-' "$REPO/locales/$l/_shared.ftl" >> "$WS/locales/$l/_shared.ftl"
done
cd "$WS"
export GIT_CONFIG_NOSYSTEM=1 SOURCE_DATE_EPOCH=1735787045
git init -q -b main
git config user.name bench; git config user.email bench@example.test; git config commit.gpgsign false
"$BIN" review --all-locales --by bench >/dev/null 2>&1
git add -A; git commit -q -m base; git tag base
# Every tenth message or attribute with plain text after `=`: one word in.
python3 - <<'PY'
import pathlib, re
n = 0
for f in sorted(pathlib.Path("locales").glob("*/*.ftl")):
    if f.name == "_shared.ftl":
        continue
    out = []
    for line in f.read_text().splitlines(keepends=True):
        m = re.match(r"^(\s*\.?[a-z][a-z0-9-]* = )([A-Za-zÀ-ÿ])", line)
        if m:
            n += 1
            if n % 10 == 0:
                line = m.group(1) + "Revised: " + line[len(m.group(1)):]
        out.append(line)
    f.write_text("".join(out))
PY
"$BIN" review --all-locales --by bench >/dev/null 2>&1
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_of() { # seconds of one run of "$@"
  local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
  echo "$e - $s" | bc
}
rl=$(for i in 1 2 3 4 5; do rm -rf rl; time_of "$BIN" redline --from base --out rl; done | median)
files=$(find rl -type f | wc -l)
mkdir "$WS.old"
trap 'rm -rf "$WS" "$WS.old"' EXIT
git archive base | tar -x -C "$WS.old"
fl=$(for i in 1 2 3 4 5; do rm -rf rl; time_of "$BIN" redline --from "$WS.old" --out rl; done | median)
gd=$(for i in 1 2 3 4 5; do time_of git diff --word-diff base -- locales policies; done | median)
# A fresh commit's objects are loose files, which git opens one by one; a
# clone, or a repository after `git gc`, has them in a pack.
git repack -a -d -q
pk=$(for i in 1 2 3 4 5; do rm -rf rl; time_of "$BIN" redline --from base --out rl; done | median)
pd=$(for i in 1 2 3 4 5; do time_of git diff --word-diff base -- locales policies; done | median)
echo "policies: $N, redline files: $files"
echo "policyc redline --from base (md+html, 4 locales): ${rl} s (loose objects), ${pk} s (packed)"
echo "policyc redline --from FOLDER (same):             ${fl} s"
echo "git diff --word-diff base (FTL + TOML):            ${gd} s (loose objects), ${pd} s (packed)"
rm -rf rl
POLICYC_TIMINGS=1 "$BIN" redline --from base --out rl 2>&1 | grep '^timings' || true
