#!/usr/bin/env bash
# The README's first command on a fresh clone: `cargo run -- build` from an
# empty target folder, crate sources already downloaded (issue 23 item 4,
# BENCHMARKS.md "First command").
#
#   scripts/bench-first-command.sh [--rev REV] [--tests] [--keep]
#
# Clones this repository into a temporary folder (HEAD plus the work tree's
# uncommitted changes, or REV alone with --rev, e.g. `--rev main` for the
# profile before a change), runs `cargo fetch`, then times with
# /usr/bin/time, in a fresh CARGO_TARGET_DIR (never this checkout's target/):
#   first command   cargo run -- build, from empty (wall, user, sys)
#   edit main.rs    touch src/main.rs; cargo build (what each edit costs)
#   edit lib.rs     touch src/lib.rs; cargo build
# and with --tests, in the same target after the build:
#   test compile+run  cargo test
#   test run          cargo test again, nothing left to rebuild
# The load average before and after is printed beside the figures: the
# wall times mean little on a busy machine, the CPU times (user+sys) much
# more. Run it with `nice` on a shared machine; CPU time is unaffected.
# --timings writes cargo's per-crate report of the first command into
# the clone's target (kept with --keep) for finding the long poles.
set -euo pipefail
rev="" tests=0 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rev) rev=$2; shift 2 ;;
    --tests) tests=1; shift ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--rev REV] [--tests] [--keep]" >&2; exit 2 ;;
  esac
done
REPO=$(realpath "$(dirname "$0")/..")
# On disk, not a tmpfs: a fresh machine compiles onto its disk, and the
# target folder of a full build is several GB.
WORK=$(mktemp -d -p "${TMPDIR:-/tmp}" policyc-first-command.XXXXXX)
if [ "$keep" = 0 ]; then trap 'rm -rf "$WORK"' EXIT; fi
git clone -q --no-checkout "$REPO" "$WORK/src"
if [ -n "$rev" ]; then
  git -C "$WORK/src" checkout -q --detach "$(git -C "$REPO" rev-parse "$rev")"
else
  git -C "$WORK/src" checkout -q --detach "$(git -C "$REPO" rev-parse HEAD)"
  git -C "$REPO" diff HEAD --binary | git -C "$WORK/src" apply --allow-empty
fi
cd "$WORK/src"
export CARGO_TARGET_DIR="$WORK/target" CARGO_TERM_COLOR=never
unset RUSTFLAGS CARGO_INCREMENTAL CARGO_BUILD_JOBS
echo "== $(git log -1 --format='%h %s' | cut -c1-72)$([ -n "$rev" ] || git -C "$REPO" diff --quiet HEAD || echo ' + work tree')"
echo "== profile: $(sed -n '/^\[profile.dev/,/^$/p' Cargo.toml | grep -v '^#' | tr '\n' ' ')"
cargo fetch --locked -q

# NAME COMMAND...: runs COMMAND, logs its output to $WORK/NAME.log, prints
# one row: wall, CPU (user+sys) and the load average before and after.
timed() {
  local name=$1; shift
  local before; before=$(cut -d' ' -f1-3 /proc/loadavg)
  if ! /usr/bin/time -f '%e %U %S' -o "$WORK/time" "$@" >"$WORK/$name.log" 2>&1; then
    echo "$name failed; its output:" >&2; tail -40 "$WORK/$name.log" >&2; exit 1
  fi
  read -r wall user sys <"$WORK/time"
  printf '%-18s wall %8.1f s   cpu %8.1f s (user %.1f + sys %.1f)   load %s -> %s\n' \
    "$name" "$wall" "$(echo "$user + $sys" | bc)" "$user" "$sys" "$before" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

timed "first command" cargo run --locked --timings -- build
timed "edit main.rs" sh -c 'touch src/main.rs && cargo build --locked'
timed "edit lib.rs" sh -c 'touch src/lib.rs && cargo build --locked'
if [ "$tests" = 1 ]; then
  timed "test compile+run" cargo test --locked
  timed "test run" cargo test --locked
fi
[ "$keep" = 0 ] || echo "kept: $WORK (timings: $WORK/target/cargo-timings/)"
