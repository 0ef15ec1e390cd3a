#!/usr/bin/env bash
# Interleaved comparison of two or more policyc binaries on one generated
# workspace: every round runs each binary once, in turn, so that a change
# of the machine's speed during the run (common on shared VMs) hits all of
# them alike. Prints the median CPU time (user + system) and wall time of
# each binary.
#
#   scripts/compare-binaries.sh [-n POLICIES] [-r ROUNDS] [-c build|check] BIN...
#
# Example, before and after a change:
#   cp target/release/policyc /tmp/before
#   (change, cargo build --release)
#   scripts/compare-binaries.sh -n 1000 -r 10 /tmp/before target/release/policyc
set -euo pipefail
cd "$(dirname "$0")/.."

n=1000
rounds=10
command=build
while getopts "n:r:c:" opt; do
  case $opt in
    n) n=$OPTARG ;;
    r) rounds=$OPTARG ;;
    c) command=$OPTARG ;;
    *) echo "usage: $0 [-n POLICIES] [-r ROUNDS] [-c build|check] BIN..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -lt 1 ] || { [ "$command" != build ] && [ "$command" != check ]; }; then
  echo "usage: $0 [-n POLICIES] [-r ROUNDS] [-c build|check] BIN..." >&2
  exit 2
fi
bins=()
for b in "$@"; do
  [ -x "$b" ] || { echo "compare-binaries: not an executable: $b" >&2; exit 2; }
  bins+=("$(realpath "$b")")
done

tmp=${BENCH_TMP:-/dev/shm}
[ -d "$tmp" ] && [ -w "$tmp" ] || tmp=${TMPDIR:-/tmp}
root=$(mktemp -d -p "$tmp")
trap 'rm -rf "$root"' EXIT
python3 scripts/gen-workspace.py "$root/ws" --policies "$n" >/dev/null

results="$root/results"
for _ in $(seq "$rounds"); do
  for i in "${!bins[@]}"; do
    args=(check)
    [ "$command" = build ] && args=(build --no-sites --out "$root/out")
    rm -rf "$root/out"
    /usr/bin/time -o "$root/time" -f "%U %S %e" "${bins[$i]}" -C "$root/ws" "${args[@]}" >/dev/null 2>&1 || {
      echo "compare-binaries: ${bins[$i]} $command failed" >&2
      exit 1
    }
    echo "$i $(tail -1 "$root/time")" >>"$results"
  done
done

echo "$command, N = $n policies x 4 locales, $rounds interleaved rounds (medians):"
for i in "${!bins[@]}"; do
  awk -v i="$i" -v name="${bins[$i]}" '
    $1 == i { cpu[++k] = $2 + $3; wall[k] = $4 }
    function median(a, k,    j, t, m, n) {
      n = k
      for (m = 1; m <= n; m++) for (j = m + 1; j <= n; j++) if (a[j] < a[m]) { t = a[m]; a[m] = a[j]; a[j] = t }
      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END { printf "  %s: CPU %.0f ms, wall %.2f s\n", name, median(cpu, k) * 1000, median(wall, k) }
  ' "$results"
done
