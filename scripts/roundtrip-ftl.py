#!/usr/bin/env python3
"""Round-trip a workspace's Fluent files through the tools translators use,
and prove that policyc sees no change.

    scripts/roundtrip-ftl.py WORKSPACE [--policyc BIN] [--tool NAME]...

The tools, all from PyPI (pinned by .ci/run):
  fluent.syntax      parse and serialize (Pontoon and compare-locales use it);
  moz-l10n fix       Mozilla's formatter (sorts attributes, hoists selects);
  translate-toolkit  the Fluent storage of Weblate: parse, set every unit's
                     target again (as a save in Weblate does), serialize.

WORKSPACE (policyc.toml, policies/, locales/, templates/, policyc.lock) is
copied once and built: the originals. For each tool, a fresh copy gets
every locales/*/*.ftl re-serialized by that tool; then
`policyc check --deny warnings` must exit 0 and `policyc build` must write
every output file byte for byte as the original build did (no file more,
none less). The one exception is the `inputs` field of out/manifest.json:
a fingerprint of the input files' bytes, which tells `build` whether it can
skip work, so it must change when a tool rewrites them; the rest of the
manifest (every file, its hash and size) is compared. A tool that changes no file at all is a failure too (the run
would prove nothing). Exit 0 when all pass, 1 on a finding, 2 on bad usage.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COPIED = ["policyc.toml", "policyc.lock", "policies", "locales", "templates"]


def copy_workspace(src: Path, dst: Path) -> None:
    dst.mkdir(parents=True)
    for name in COPIED:
        p = src / name
        if p.is_dir():
            shutil.copytree(p, dst / name)
        elif p.is_file():
            shutil.copy2(p, dst / name)


def ftl_files(ws: Path) -> list[Path]:
    return sorted((ws / "locales").glob("*/*.ftl"))


def fluent_syntax(ws: Path) -> None:
    from fluent.syntax import FluentParser, FluentSerializer

    parser, serializer = FluentParser(), FluentSerializer(with_junk=True)
    for f in ftl_files(ws):
        f.write_text(serializer.serialize(parser.parse(f.read_text(encoding="utf-8"))), encoding="utf-8")


def moz_l10n_fix(ws: Path) -> None:
    # The command-line tool, as a translator runs it, through the interpreter
    # (no PATH entry for pip's scripts needed).
    cli = "import sys; from moz.l10n.bin import cli; sys.argv[0] = 'moz-l10n'; cli()"
    subprocess.run([sys.executable, "-c", cli, "fix", "--quiet", *map(str, ftl_files(ws))], check=True)


def translate_toolkit(ws: Path) -> None:
    from translate.storage.fluent import FluentFile

    for f in ftl_files(ws):
        store = FluentFile()
        store.parse(f.read_bytes())
        for unit in store.units:
            # Weblate writes each saved string back through this setter.
            if unit.getid() and unit.target is not None:
                unit.target = unit.target
        f.write_bytes(bytes(store))


TOOLS = [
    ("fluent.syntax", fluent_syntax),
    ("moz-l10n fix", moz_l10n_fix),
    ("translate-toolkit", translate_toolkit),
]


def run(policyc: str, ws: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([policyc, "-C", str(ws), *args], capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"})


def tree(root: Path) -> dict[str, bytes]:
    """Every file below root by relative path; the manifest without its
    fingerprint of the inputs."""
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    if "manifest.json" in files:
        manifest = json.loads(files["manifest.json"])
        if "inputs" not in manifest:
            raise SystemExit("roundtrip-ftl: out/manifest.json has no `inputs` field: update this script")
        del manifest["inputs"]
        files["manifest.json"] = json.dumps(manifest, indent=2, sort_keys=True).encode()
    return files


def first_difference(a: bytes, b: bytes) -> str:
    la, lb = a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines()
    for i, (x, y) in enumerate(zip(la, lb), 1):
        if x != y:
            return f"line {i}:\n      original: {x[:160]}\n      now:      {y[:160]}"
    return f"lengths {len(a)} and {len(b)} bytes"


def check_tool(name, rewrite, policyc: str, original: Path, expected: dict[str, bytes], scratch: Path) -> list[str]:
    ws = scratch / name.replace(" ", "-")
    copy_workspace(original, ws)
    before = {f: f.read_bytes() for f in ftl_files(ws)}
    started = time.monotonic()
    rewrite(ws)
    changed = sum(1 for f, b in before.items() if f.read_bytes() != b)
    problems = []
    if changed == 0:
        problems.append(f"{name}: changed none of the {len(before)} files: the round trip proves nothing")
    check = run(policyc, ws, "check", "--deny", "warnings")
    if check.returncode != 0:
        problems.append(f"{name}: `policyc check --deny warnings` exited {check.returncode}:\n{check.stderr[-4000:]}")
    build = run(policyc, ws, "build")
    if build.returncode != 0:
        problems.append(f"{name}: `policyc build` exited {build.returncode}:\n{build.stderr[-4000:]}")
    else:
        got = tree(ws / "out")
        for path in sorted(expected.keys() | got.keys()):
            if path not in got:
                problems.append(f"{name}: out/{path} is no longer written")
            elif path not in expected:
                problems.append(f"{name}: out/{path} is new")
            elif got[path] != expected[path]:
                problems.append(f"{name}: out/{path} differs at {first_difference(expected[path], got[path])}")
    status = "ok" if not problems else "FAILED"
    print(f"roundtrip-ftl: {name}: {changed}/{len(before)} files re-serialized, "
          f"check and build {status} ({time.monotonic() - started:.1f} s)")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("workspace", type=Path)
    ap.add_argument("--policyc", default="target/debug/policyc")
    ap.add_argument("--tool", action="append", choices=[name for name, _ in TOOLS],
                    help="only this tool (repeatable; default: every tool)")
    args = ap.parse_args()
    tools = [(name, rewrite) for name, rewrite in TOOLS if not args.tool or name in args.tool]
    if not (args.workspace / "policyc.toml").is_file():
        print(f"roundtrip-ftl: {args.workspace} has no policyc.toml", file=sys.stderr)
        return 2
    policyc = shutil.which(args.policyc) or os.path.abspath(args.policyc)
    if not os.access(policyc, os.X_OK):
        print(f"roundtrip-ftl: {args.policyc} is not an executable (cargo build first)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="policyc-roundtrip-") as tmp:
        scratch = Path(tmp)
        original = scratch / "original"
        copy_workspace(args.workspace, original)
        build = run(policyc, original, "build")
        if build.returncode != 0:
            print(f"roundtrip-ftl: the original workspace does not build:\n{build.stderr}", file=sys.stderr)
            return 1
        expected = tree(original / "out")
        shutil.rmtree(original / "out")
        problems = []
        for name, rewrite in tools:
            problems += check_tool(name, rewrite, policyc, original, expected, scratch)
    for p in problems:
        print(f"roundtrip-ftl: {p}", file=sys.stderr)
    print(f"roundtrip-ftl: {len(tools)} tool(s), {len(expected)} output files compared, "
          + ("all byte-identical" if not problems else f"{len(problems)} problem(s) -- FAILED"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
