#!/usr/bin/env bash
# Benchmark: `policyc check` against Mozilla's compare-locales on the same
# generated workspace (N policies x 4 locales, ~45 messages per file),
# side by side in one run. Prints a Markdown table for BENCHMARKS.md.
# The workspace has a glossary, so the glossary and language checks run;
# the script fails if either reports anything on the generated text (the
# Danish, Norwegian and Swedish texts must never read as each other).
#
#   scripts/bench-check.sh [N=1000] [RUNS=5]     (BIN=path/to/policyc to time another build)
#
# Needs: a release build (cargo build --release), python3, compare-locales
# (pip install compare-locales==9.0.5; .ci/run installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-1000}
RUNS=${2:-5}
BIN=${BIN:-target/release/policyc}
CL=${COMPARE_LOCALES:-compare-locales}
[ -x "$BIN" ] || cargo build --release --locked -q

WS=$(mktemp -d)
trap 'rm -rf "$WS"' EXIT
python3 scripts/gen-workspace.py "$WS" --policies "$N" >/dev/null
messages=$(cat "$WS"/locales/*/p*.ftl | grep -cE '^[a-z0-9-]+ =|^    \.[a-z0-9-]+ =')
cat >"$WS/l10n.toml" <<EOF
basepath = "$WS"
locales = ["da", "sv", "nb"]
[env]
    l = "{l10n_base}/{locale}/"
[[paths]]
    reference = "locales/en/*.ftl"
    l10n = "{l}*.ftl"
EOF

# Median wall time (s) and max RSS (MB) of RUNS runs of a command.
measure() {
  local times=() rss=0 out t m tf
  tf=$(mktemp)
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -o "$tf" -f "%e %M" "$@" >/dev/null 2>&1 || true
    out=$(tail -1 "$tf")
    t=${out% *}; m=${out#* }
    times+=("$t")
    (( m > rss )) && rss=$m
  done
  rm -f "$tf"
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $((rss / 1024))"
}

# The generated text is clean: any finding of the word checks is a false
# positive.
findings=$("$BIN" -C "$WS" check --format json | python3 -c '
import collections, json, sys
v = json.load(sys.stdin)
c = collections.Counter(d["code"] for d in v["diagnostics"])
print(" ".join(f"{k}={c[k]}" for k in ("glossary-term", "forbidden-term", "wrong-language")))
if any(c[k] for k in ("glossary-term", "forbidden-term", "wrong-language")):
    sys.exit(1)
') || { echo "word checks report findings on generated text: $findings" >&2; exit 1; }
read -r p_time p_rss < <(measure "$BIN" -C "$WS" check)
# compare-locales is slow: one run is enough to see the ratio.
read -r c_time c_rss < <(RUNS=1 measure "$CL" --return-zero "$WS/l10n.toml" "$WS/locales" da sv nb)
ratio=$(awk -v a="$c_time" -v b="$p_time" 'BEGIN { printf "%.0f", a / b }')

echo "| tool | workspace | messages | wall time (median) | peak RSS |"
echo "|---|---|---|---|---|"
echo "| policyc check | $N policies x 4 locales | $messages | ${p_time} s | ${p_rss} MB |"
echo "| compare-locales 9.0.5 | same files (3 locales vs en) | $messages | ${c_time} s | ${c_rss} MB |"
echo
echo "policyc check is ${ratio}x faster than compare-locales on the same files ($(nproc) cores)."
echo "Glossary and language findings on the generated text: $findings."
