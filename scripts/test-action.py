#!/usr/bin/env python3
"""Runs the repository's GitHub Action (action.yml) as a runner would, here.

The action's install step downloads the release archive that `dist build`
made (target/distrib) from an HTTP server on 127.0.0.1, then its check and
build steps run on a copy of the shipped examples:

  1. clean examples: every step passes, the summary gets the status table,
     and install + gate take under 30 s;
  2. a section removed from the Danish privacy notice: the check step fails
     with `::error` lines, the build step does not run, the summary is
     still written;
  3. a wrong sha256: the install step fails and installs nothing;
  4. a mirror without sha256: refused before any download.

A composite action is a list of bash steps; this runner gives each the
environment GitHub's runner gives it (RUNNER_*, GITHUB_PATH, GITHUB_OUTPUT,
GITHUB_STEP_SUMMARY), evaluates the `${{ inputs.x }}` and `${{ github.x }}`
of its `env:`, and stops at the first failing step. Anything else in the
action (an `if:`, a `uses:`, an expression inside `run:`) is refused rather
than ignored, so what passes here is what the action says.

  scripts/test-action.py [--distrib target/distrib] [--examples .]
"""

import argparse
import functools
import hashlib
import http.server
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STEP_KEYS = {"id", "name", "shell", "env", "run"}
EXPR = re.compile(r"^\$\{\{\s*(inputs|github)\.([A-Za-z0-9_-]+)\s*\}\}$")
# The inputs of the examples copied into each workspace.
EXAMPLE_FILES = ["policyc.toml", "policyc.lock", "glossary.toml", "policies", "locales", "templates", "fonts"]


def load_action(path):
    with open(path, encoding="utf-8") as f:
        action = yaml.safe_load(f)
    runs = action["runs"]
    assert runs["using"] == "composite", "action.yml: not a composite action"
    for step in runs["steps"]:
        extra = set(step) - STEP_KEYS
        assert not extra, f"action.yml step {step.get('name')}: {sorted(extra)} not supported here"
        assert step["shell"] == "bash", f"step {step['name']}: shell must be bash"
        assert "${{" not in step["run"], f"step {step['name']}: an expression inside run:"
    return action


def step_env(step, inputs, github):
    env = {}
    for key, value in (step.get("env") or {}).items():
        m = EXPR.match(str(value))
        assert m, f"step {step['name']}: env {key} must be one ${{{{ inputs.x }}}} or ${{{{ github.x }}}}"
        scope, name = m.groups()
        source = inputs if scope == "inputs" else github
        assert name in source, f"step {step['name']}: unknown {scope}.{name}"
        env[key] = source[name]
    return env


def run_action(action, given, tmp, github):
    """Runs every step in order; returns (failed step name or None, output, seconds per step)."""
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    unknown = set(given) - set(inputs)
    assert not unknown, f"inputs not declared in action.yml: {sorted(unknown)}"
    inputs.update(given)
    runner_temp = tempfile.mkdtemp(dir=tmp, prefix="runner-temp-")
    files = {k: os.path.join(tmp, k.lower()) for k in ("GITHUB_PATH", "GITHUB_STEP_SUMMARY")}
    for f in files.values():
        open(f, "w").close()
    # The runner's PATH without any policyc on it: only the action installs one.
    path = os.pathsep.join(
        d for d in os.environ["PATH"].split(os.pathsep) if not os.path.exists(os.path.join(d, "policyc"))
    )
    output, times = [], []
    for step in action["runs"]["steps"]:
        outputs_file = os.path.join(tmp, "github_output")
        open(outputs_file, "w").close()
        with open(files["GITHUB_PATH"], encoding="utf-8") as f:
            added = [line.strip() for line in f if line.strip()]
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))},
            **files,
            "PATH": os.pathsep.join(list(reversed(added)) + [path]),
            "GITHUB_OUTPUT": outputs_file,
            "GITHUB_ACTION_PATH": ROOT,
            "GITHUB_SERVER_URL": "https://github.com",
            "RUNNER_OS": {"Linux": "Linux", "Darwin": "macOS"}[platform.system()],
            "RUNNER_ARCH": {"x86_64": "X64", "aarch64": "ARM64", "arm64": "ARM64"}[platform.machine()],
            "RUNNER_TEMP": runner_temp,
            **step_env(step, inputs, github),
        }
        start = time.monotonic()
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]],
            env=env,
            cwd=tmp,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        times.append((step["name"], time.monotonic() - start))
        output.append(proc.stdout)
        if proc.returncode != 0:
            return step["name"], "".join(output), times
    return None, "".join(output), times


def serve(folder):
    handler = functools.partial(QuietHandler, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def examples_copy(examples, dest):
    os.makedirs(dest)
    for name in EXAMPLE_FILES:
        src = os.path.join(examples, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, name))
        elif os.path.isfile(src):
            shutil.copy2(src, dest)
    return dest


def remove_message(ftl_path, message_id):
    """Deletes one message with its attributes and continuation lines."""
    with open(ftl_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{message_id} ="))
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or lines[end] == ""):
        end += 1
    with open(ftl_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines[:start] + lines[end:]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--distrib", default=os.path.join(ROOT, "target", "distrib"))
    ap.add_argument("--examples", default=ROOT)
    args = ap.parse_args()

    with open(os.path.join(ROOT, "Cargo.toml"), "rb") as f:
        version = tomllib.load(f)["package"]["version"]
    target = {"x86_64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64"}[platform.machine()]
    target += {"Linux": "-unknown-linux-gnu", "Darwin": "-apple-darwin"}[platform.system()]
    archive = f"policyc-{target}.tar.xz"
    action = load_action(os.path.join(ROOT, "action.yml"))

    results = []

    def case(name, ok, detail):
        results.append(ok)
        print(f"{'ok  ' if ok else 'FAIL'} {name}" + ("" if ok else f"\n{detail}"))

    with tempfile.TemporaryDirectory(prefix="policyc-action-") as tmp:
        # The release layout: <base>/v<version>/<archive>.
        release = os.path.join(tmp, "releases", f"v{version}")
        os.makedirs(release)
        for name in (archive, archive + ".sha256"):
            shutil.copy2(os.path.join(args.distrib, name), release)
        with open(os.path.join(release, archive), "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        server = serve(os.path.join(tmp, "releases"))
        base = f"http://127.0.0.1:{server.server_address[1]}"
        github = {"action_ref": "", "action_repository": ""}
        pinned = {"version": version, "download-url": base, "sha256": digest}

        def run(label, inputs, edit=None):
            case_dir = os.path.join(tmp, label)
            os.makedirs(case_dir)
            ws = examples_copy(args.examples, os.path.join(case_dir, "ws"))
            if edit:
                edit(ws)
            failed, out, times = run_action(action, {**inputs, "workspace": ws}, case_dir, github)
            with open(os.path.join(case_dir, "github_step_summary"), encoding="utf-8") as f:
                summary = f.read()
            return failed, out, times, summary, ws

        failed, out, times, summary, ws = run("clean", {**pinned, "deny-warnings": "true", "build": "true"})
        gate = sum(t for name, t in times[:2])
        case("clean examples: every step passes", failed is None, out)
        case("clean examples: the job summary has the status table", "|" in summary and "privacy" in summary, summary)
        # Slugs are localized: any PDF in the Danish folder.
        da = os.path.join(ws, "out", "da")
        pdfs = [f for f in os.listdir(da) if f.endswith(".pdf")] if os.path.isdir(da) else []
        case("clean examples: the build step wrote the PDFs", bool(pdfs), out)
        case(f"install + gate under 30 s ({gate:.1f} s)", gate < 30, times)
        for name, t in times:
            print(f"     {t:6.2f} s  {name}")

        def drop_section(ws):
            remove_message(os.path.join(ws, "locales", "da", "privacy.ftl"), "legal-basis")

        failed, out, times, summary, ws = run("missing", {**pinned, "build": "true"}, drop_section)
        errors = [line for line in out.splitlines() if line.startswith("::error")]
        case("missing section: the check step fails", failed == "Translation gate (policyc check)", out)
        case("missing section: ::error lines name the section", any("legal-basis" in e for e in errors), out)
        case("missing section: the build step does not run", not os.path.exists(os.path.join(ws, "out")), out)
        case("missing section: the job summary is still written", "privacy" in summary, summary)

        failed, out, *_ = run("bad-checksum", {**pinned, "sha256": "0" * 64})
        case("wrong sha256: the install step fails", failed == "Install policyc" and "checksum mismatch" in out, out)
        installed = [d for d, _, files in os.walk(os.path.join(tmp, "bad-checksum")) if "policyc" in files]
        case("wrong sha256: no policyc is installed", not installed, installed)

        failed, out, *_ = run("mirror-unpinned", {"version": version, "download-url": base})
        case("mirror without sha256: refused", failed == "Install policyc" and "needs 'sha256'" in out, out)
        server.shutdown()

    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
