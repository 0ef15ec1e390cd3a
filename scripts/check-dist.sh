#!/usr/bin/env bash
# The release, proven on this machine: installs dist (pinned, idempotent),
# runs `dist plan` (which also refuses a .github/workflows/release.yml that
# dist-workspace.toml no longer generates), builds this host's archive with
# `dist build`, verifies its checksum, unpacks it into an empty folder and
# runs the binary from there on a copy of the shipped examples (its output
# must equal the debug build's in out/, if given), installs it once more
# through dist's shell installer from 127.0.0.1, then runs the GitHub
# Action against the same archive (scripts/test-action.py).
#
#   scripts/check-dist.sh [OUT_OF_DEBUG_BUILD]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
reference_out=${1:-}

version=$(sed -n 's/^cargo-dist-version = "\(.*\)"$/\1/p' dist-workspace.toml)
# dist's own release as a binary wheel on PyPI (Astral's build of the
# upstream tag): seconds to install, against minutes for `cargo install
# cargo-dist`, and the one registry of the two that this machine reaches.
if [ "$(python3 -c "import importlib.metadata as m; print(m.version('astral-dev-toolchain-cargo-dist'))" 2>/dev/null)" != "$version" ]; then
  python3 -m pip install --quiet "astral-dev-toolchain-cargo-dist==$version"
fi
dist="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/dist"
"$dist" --version

echo "-- dist plan"
"$dist" plan

host=$(rustc -vV | sed -n 's/^host: //p')
# dist writes its artifacts under the workspace's target/, even when
# CARGO_TARGET_DIR moves the compiled files elsewhere.
distrib="$root/target/distrib"
echo "-- dist build ($host, profile dist)"
start=$(date +%s)
"$dist" build --artifacts=all --target "$host"
echo "dist build: $(($(date +%s) - start)) s"

archive="policyc-$host.tar.xz"
cd "$distrib"
sha256sum --check --strict "$archive.sha256"
cd "$root"

tmp=$(mktemp -d)
server_pid=
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "-- the archive's binary, from an empty folder, on the shipped examples"
mkdir "$tmp/unpacked" "$tmp/ws"
tar -xJf "$distrib/$archive" -C "$tmp/unpacked"
ls -R "$tmp/unpacked"
bin="$tmp/unpacked/policyc-$host/policyc"
for name in policyc.toml policyc.lock glossary.toml glossary policies locales templates fonts; do
  [ ! -e "$name" ] || cp -R "$name" "$tmp/ws/"
done
(cd "$tmp" && "$bin" --version && "$bin" -C ws check --deny warnings && "$bin" -C ws build)
# Slugs are localized: every locale needs pages in every format.
for locale in en da sv no; do
  for ext in .md .html .print.html .pdf; do
    compgen -G "$tmp/ws/out/$locale/*$ext" >/dev/null ||
      { echo "check-dist: the archive's build wrote no out/$locale/*$ext" >&2; exit 1; }
  done
done
if [ -n "$reference_out" ]; then
  # Same input, same bytes: the release binary writes what the debug one did.
  diff -r "$reference_out" "$tmp/ws/out"
  echo "the archive's output equals $reference_out"
fi

echo "-- dist's shell installer, downloading from 127.0.0.1"
mkdir -p "$tmp/releases/v$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)"
cp "$distrib/$archive" "$tmp/releases"/v*/
port_file="$tmp/port"
python3 - "$tmp/releases" "$port_file" <<'EOF' &
import functools, http.server, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
handler.log_message = lambda *a: None
server = http.server.HTTPServer(("127.0.0.1", 0), handler)
open(sys.argv[2], "w").write(str(server.server_address[1]))
server.serve_forever()
EOF
server_pid=$!
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
POLICYC_DOWNLOAD_URL="http://127.0.0.1:$(cat "$port_file")/$(basename "$tmp"/releases/v*)" \
  POLICYC_UNMANAGED_INSTALL="$tmp/installed" \
  sh "$distrib/policyc-installer.sh"
"$tmp/installed/policyc" --version
kill "$server_pid"
server_pid=

echo "-- the GitHub Action (action.yml) against the same archive"
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet pyyaml==6.0.3
python3 scripts/test-action.py --distrib "$distrib" --examples "$root"
