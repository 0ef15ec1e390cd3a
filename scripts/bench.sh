#!/usr/bin/env bash
# Scaling benchmark of policyc, side by side with pandoc and Hugo on the
# same generated pages. Prints Markdown tables for BENCHMARKS.md.
#
#   scripts/bench.sh [SIZES="100 1000 10000"] [RUNS=3]
#   POLICYC_BIN=path/to/policyc scripts/bench.sh ...   (another build)
#
# For each N: a generated workspace of N policies x 4 locales
# (scripts/gen-workspace.py), then
#   build     policyc build, md + html, into an empty out/ (median of RUNS)
#   no-op     the same build again with nothing changed
#   check     policyc check
# with wall time and peak RSS (GNU time). Then, when installed (Debian's
# pandoc and hugo):
#   pandoc    one pandoc process per page, Markdown -> HTML, on the N=100 pages
#   hugo      Hugo building the same Markdown pages (the site target writes
#             them into tests/hugo-site's layout), in rounds that alternate
#             Hugo, policyc's full build and its HTML pages alone (in a
#             different order each round)
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${1:-"100 1000 10000"}
RUNS=${2:-3}
# POLICYC_BIN: a binary to measure instead of this tree's release build.
if [ -n "${POLICYC_BIN:-}" ]; then
  BIN=$(realpath "$POLICYC_BIN")
else
  cargo build --release --locked -q
  BIN=$(realpath target/release/policyc)
fi
# Workspaces and outputs go to a tmpfs when there is one (BENCH_TMP to
# choose): on a long-lived ext4 that has created and deleted millions of
# files, allocating inodes (ext4's recently_deleted scan) took half the
# CPU time of writing 8,000 pages, for policyc and Hugo alike, and varied
# threefold from run to run. A tmpfs measures the tools, not the disk.
tmp=${BENCH_TMP:-/dev/shm}
[ -d "$tmp" ] && [ -w "$tmp" ] || tmp=${TMPDIR:-/tmp}
root=$(mktemp -d -p "$tmp")
trap 'rm -rf "$root"' EXIT

# median NUMBERS...: the middle one (the lower middle of an even count).
median() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# measure CMD...: prints "seconds peak_MB" (median time of RUNS runs, max RSS).
measure() {
  local tf times=() rss=0 line t m
  tf=$(mktemp)
  for _ in $(seq "$RUNS"); do
    [ -n "${BEFORE:-}" ] && eval "$BEFORE"
    if ! /usr/bin/time -o "$tf" -f "%e %M" "$@" >/dev/null 2>&1; then
      echo "bench: failed: $*" >&2
      exit 1
    fi
    line=$(tail -1 "$tf"); t=${line% *}; m=${line#* }
    times+=("$t"); (( m > rss )) && rss=$m
  done
  rm -f "$tf"
  printf '%s %s\n' "$(median "${times[@]}")" "$((rss / 1024))"
}

echo "files in: $(df -T "$root" | awk 'NR==2 {print $2}') ($tmp)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "| N policies | documents | build md+html | peak RSS | per document | no-op rebuild | check | check RSS |"
echo "|---|---|---|---|---|---|---|---|"
declare -A per_doc
for n in $SIZES; do
  ws="$root/ws$n"
  python3 scripts/gen-workspace.py "$ws" --policies "$n" >/dev/null
  docs=$((n * 4))
  # Each timed build writes into a new folder: deleting thousands of files
  # right before creating as many makes ext4 scan for recently freed inodes,
  # which would measure the file system, not policyc. The folders are
  # removed after the timed runs, so that the tmpfs does not hold gigabytes
  # of old pages (three N = 10,000 builds) while the next tool is timed.
  read -r b_t b_m < <(measure bash -c "exec '$BIN' -C '$ws' build --no-sites --out \"$ws/fresh-\$RANDOM\$RANDOM\"")
  rm -rf "$ws"/fresh-*
  "$BIN" -C "$ws" build --no-sites >/dev/null 2>&1
  read -r n_t _ < <(measure "$BIN" -C "$ws" build --no-sites)
  read -r c_t c_m < <(measure "$BIN" -C "$ws" check)
  pd=$(awk -v t="$b_t" -v d="$docs" 'BEGIN { printf "%.3f", t * 1000 / d }')
  per_doc[$n]=$pd
  echo "| $n | $docs | ${b_t} s | ${b_m} MB | ${pd} ms | ${n_t} s | ${c_t} s | ${c_m} MB |"
done
first=$(echo "$SIZES" | awk '{print $1}'); last=$(echo "$SIZES" | awk '{print $NF}')
echo
echo "time per document at N=$last vs N=$first: $(awk -v a="${per_doc[$last]}" -v b="${per_doc[$first]}" 'BEGIN { printf "%.2fx", a / b }')"

small="$root/ws$first"
if command -v pandoc >/dev/null; then
  mapfile -t pages < <(find "$small/out" -name '*.md' | sort)
  start=$(date +%s.%N)
  for p in "${pages[@]}"; do pandoc -f markdown -t html "$p" -o /dev/null; done
  end=$(date +%s.%N)
  pandoc_per=$(awk -v s="$start" -v e="$end" -v n="${#pages[@]}" 'BEGIN { printf "%.1f", (e - s) * 1000 / n }')
  echo
  echo "pandoc $(pandoc --version | sed -n 1p | awk '{print $2}'): ${#pages[@]} pages, one process per page, Markdown -> HTML: ${pandoc_per} ms per page;"
  echo "policyc at N=$first: ${per_doc[$first]} ms per document for Markdown and HTML from the sources: $(awk -v a="$pandoc_per" -v b="${per_doc[$first]}" 'BEGIN { printf "%.0fx", a / b }') faster"
fi

if command -v hugo >/dev/null; then
  echo
  # policyc is timed twice: the full build (Markdown and HTML, 2 files per
  # page) and the HTML pages alone (--format html), the same pages Hugo
  # writes.
  echo "| N policies | Hugo pages | hugo build | Hugo pages/s | Hugo peak RSS | policyc build md+html | ratio | policyc build html only | ratio |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for n in $SIZES; do
    [ "$n" -gt 1000 ] && continue
    ws="$root/ws$n"
    rm -rf "$ws/site" && cp -r tests/hugo-site "$ws/site"
    printf '\n[sites.hugo]\ncontent = "site/content"\npath = "{lang}/dokument/{slug}.md"\n' >>"$ws/policyc.toml"
    "$BIN" -C "$ws" build >/dev/null 2>&1
    pages=$(find "$ws/site/content" -name '*.md' | wc -l)
    # The three commands take turns in every round, so that a change of
    # the machine's speed during the run (common on shared VMs) hits them
    # alike; medians of RUNS rounds. Their order changes from round to
    # round (the six orders in turn): a command run right after Hugo
    # (which frees ~0.8 GB at N = 1,000) took 12% longer on this VM than
    # the same command run after policyc, and a fixed order gave that
    # cost to whichever command came after Hugo.
    orders=("0 1 2" "0 2 1" "1 0 2" "1 2 0" "2 0 1" "2 1 0")
    h_times=(); p_times=(); h1_times=(); h_m=0
    for round in $(seq "$RUNS"); do
      for k in ${orders[$(( (round - 1) % 6 ))]}; do
        case $k in
          0)
            read -r t m < <(RUNS=1 measure bash -c "exec hugo --source '$ws/site' --destination \"$ws/public-\$RANDOM\$RANDOM\" --quiet")
            h_times+=("$t"); (( m > h_m )) && h_m=$m
            rm -rf "$ws"/public-* ;;
          1)
            read -r t _ < <(RUNS=1 measure bash -c "exec '$BIN' -C '$ws' build --no-sites --out \"$ws/fresh-\$RANDOM\$RANDOM\"")
            p_times+=("$t")
            rm -rf "$ws"/fresh-* ;;
          2)
            read -r t _ < <(RUNS=1 measure bash -c "exec '$BIN' -C '$ws' build --no-sites --format html --out \"$ws/fresh-\$RANDOM\$RANDOM\"")
            h1_times+=("$t")
            rm -rf "$ws"/fresh-* ;;
        esac
      done
    done
    h_t=$(median "${h_times[@]}"); p_t=$(median "${p_times[@]}"); h1_t=$(median "${h1_times[@]}")
    echo "| $n | $pages | ${h_t} s | $(awk -v p="$pages" -v t="$h_t" 'BEGIN { printf "%.0f", p / t }') | ${h_m} MB | ${p_t} s | $(awk -v a="$h_t" -v b="$p_t" 'BEGIN { printf "%.1fx", a / b }') | ${h1_t} s | $(awk -v a="$h_t" -v b="$h1_t" 'BEGIN { printf "%.1fx", a / b }') |"
  done
fi
