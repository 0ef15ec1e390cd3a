#!/usr/bin/env bash
# Benchmark: the README's first command (`cargo run -- build`) on a fresh
# clone, from an empty target folder with the crate sources already
# downloaded (`cargo fetch`, not timed), then the README's second command
# (`cargo test`) right after it, and `cargo test` once more with everything
# built (the suite's own run time). Prints one Markdown table row per
# revision for BENCHMARKS.md.
#
#   scripts/bench-first-command.sh [--timings DIR] [REV...]   (default: HEAD)
#
# Each revision is cloned into its own temporary folder with its own
# CARGO_TARGET_DIR, so nothing is shared with the working copy's target/.
# Wall time depends on what else the machine runs; user+sys CPU much less
# so: both are printed, with the load average before and after.
# --timings DIR keeps cargo's per-crate timing report of the first command
# (DIR/REV-cargo-timing.html).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

timings=
if [ "${1:-}" = "--timings" ]; then
  timings=$(realpath "$2")
  shift 2
fi
revs=("$@")
[ ${#revs[@]} -gt 0 ] || revs=(HEAD)

tmp=$(mktemp -d "${BENCH_TMP:-/tmp}/first-command.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Wall, user and sys seconds of a command, its output to LOG.
timed() {
  local log=$1
  shift
  /usr/bin/time -o "$tmp/time" -f "%e %U %S" "$@" >"$log" 2>&1 || {
    echo "failed: $* (see below)" >&2
    tail -20 "$log" >&2
    exit 1
  }
  cat "$tmp/time"
}

# "8m41s" from seconds.
mmss() { awk -v s="$1" 'BEGIN { printf "%dm%02ds", s / 60, s % 60 }'; }

echo "| revision | cargo run -- build: wall | user+sys | cargo test after it: wall | user+sys | cargo test, all built: wall | load before, after |"
echo "|---|---|---|---|---|---|---|"
for rev in "${revs[@]}"; do
  src="$tmp/$rev/src"
  export CARGO_TARGET_DIR="$tmp/$rev/target"
  git clone -q "$repo" "$src"
  git -C "$src" checkout -q --detach "$(git rev-parse "$rev")"
  (cd "$src" && cargo fetch --locked -q)
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  extra=()
  [ -z "$timings" ] || extra=(--timings)
  read -r w1 u1 s1 < <(cd "$src" && timed "$tmp/run.log" cargo run --locked "${extra[@]}" -- build)
  [ -z "$timings" ] || cp "$CARGO_TARGET_DIR"/cargo-timings/cargo-timing.html "$timings/$rev-cargo-timing.html"
  read -r w2 u2 s2 < <(cd "$src" && timed "$tmp/test.log" cargo test --locked)
  read -r w3 _ _ < <(cd "$src" && timed "$tmp/test2.log" cargo test --locked)
  load_after=$(cut -d' ' -f1 /proc/loadavg)
  echo "| \`$(git rev-parse --short=7 "$rev")\` | $(mmss "$w1") | $(mmss "$(awk -v a="$u1" -v b="$s1" 'BEGIN{print a+b}')") | $(mmss "$w2") | $(mmss "$(awk -v a="$u2" -v b="$s2" 'BEGIN{print a+b}')") | ${w3} s | $load_before, $load_after |"
  rm -rf "${tmp:?}/$rev"
done
echo
echo "$(nproc) cores, $(rustc --version)."
