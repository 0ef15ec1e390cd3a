#!/usr/bin/env python3
"""Check that policyc and Mozilla's compare-locales agree on what is missing
and obsolete in a workspace's translations.

    scripts/compare-locales-agreement.py WORKSPACE [--policyc BIN] [--compare-locales BIN]

Runs both tools on the same files. compare-locales compares every locale's
.ftl files against the reference locale's; policyc compares them against the
policy structure and the reference. Every missing entity/attribute that
compare-locales reports must be reported by policyc as missing
(missing-section, missing-text, missing-term), and every obsolete one as
unused (unused-message). policyc may report more. If the workspace has an
injected.json (scripts/gen-workspace.py --inject), every injected change
must be reported by both tools. Exit 1 on any disagreement.
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import tomllib

MISSING_CODES = {"missing-section", "missing-text", "missing-term", "missing-file"}
OBSOLETE_CODES = {"unused-message"}


def compare_locales(bin_, workspace, reference, locales):
    """{(locale, file, key)} missing and obsolete, as compare-locales sees them."""
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "l10n.toml")
        with open(config, "w", encoding="utf-8") as f:
            f.write(
                f'basepath = "{workspace}"\nlocales = {json.dumps(locales)}\n'
                '[env]\n    l = "{l10n_base}/{locale}/"\n'
                f'[[paths]]\n    reference = "locales/{reference}/*.ftl"\n    l10n = "{{l}}*.ftl"\n'
            )
        out = os.path.join(tmp, "out.json")
        subprocess.run([*shlex.split(bin_), "--return-zero", "--json", out, config, os.path.join(workspace, "locales"), *locales],
                       check=True, stdout=subprocess.DEVNULL)
        with open(out, encoding="utf-8") as f:
            data = json.load(f)
    missing, obsolete = set(), set()
    attr = re.compile(r"(Missing|Obsolete) attribute: (\S+) at line \d+, column \d+ for (\S+)")
    def leaves(node, prefix=""):
        # The details tree folds single-child folders into one key
        # ("da/privacy.ftl"); lists are the entries of one file.
        for name, child in node.items():
            path = f"{prefix}/{name}" if prefix else name
            if isinstance(child, list):
                yield path, child
            else:
                yield from leaves(child, path)

    for tree in data:
        for path, entries in leaves(tree.get("details", {})):
            locale, file = path.split("/")[0], os.path.basename(path)
            for e in entries:
                if "missingEntity" in e:
                    missing.add((locale, file, e["missingEntity"]))
                elif "obsoleteEntity" in e:
                    obsolete.add((locale, file, e["obsoleteEntity"]))
                else:
                    m = attr.match(e.get("error", "") or e.get("warning", ""))
                    if m:
                        target = missing if m.group(1) == "Missing" else obsolete
                        target.add((locale, file, f"{m.group(3)}.{m.group(2)}"))
    return missing, obsolete


def policyc(bin_, workspace):
    r = subprocess.run([bin_, "-C", workspace, "check", "--format", "json"], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(f"policyc failed ({r.returncode}):\n{r.stderr}{r.stdout}")
    data = json.loads(r.stdout)
    missing, obsolete = set(), set()
    for d in data["diagnostics"]:
        if "file" not in d or "locale" not in d:
            continue
        file = os.path.basename(d["file"])
        target = missing if d["code"] in MISSING_CODES else obsolete if d["code"] in OBSOLETE_CODES else None
        if target is None:
            continue
        for k in d.get("keys", []):
            target.add((d["locale"], file, k))
    return missing, obsolete


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workspace")
    ap.add_argument("--policyc", default="target/debug/policyc")
    ap.add_argument("--compare-locales", default="compare-locales")
    args = ap.parse_args()
    ws = os.path.abspath(args.workspace)
    with open(os.path.join(ws, "policyc.toml"), "rb") as f:
        config = tomllib.load(f)["workspace"]
    reference = config["reference"]
    locales = [l for l in config["locales"] if l != reference]

    cl_missing, cl_obsolete = compare_locales(args.compare_locales, ws, reference, locales)
    p_missing, p_obsolete = policyc(args.policyc, ws)
    problems = []
    for what, cl, p in (("missing", cl_missing, p_missing), ("obsolete", cl_obsolete, p_obsolete)):
        for item in sorted(cl - p):
            problems.append(f"compare-locales reports {what} {item}, policyc does not")
    injected_path = os.path.join(ws, "injected.json")
    injected = []
    if os.path.exists(injected_path):
        with open(injected_path, encoding="utf-8") as f:
            injected = json.load(f)
        for i in injected:
            item = (i["locale"], f'{i["policy"]}.ftl', i["key"])
            cl, p = (cl_missing, p_missing) if i["kind"] == "missing" else (cl_obsolete, p_obsolete)
            if item not in cl:
                problems.append(f"injected {i['kind']} {item} not reported by compare-locales")
            if item not in p:
                problems.append(f"injected {i['kind']} {item} not reported by policyc")
    print(f"{os.path.basename(ws)}: compare-locales {len(cl_missing)} missing, {len(cl_obsolete)} obsolete; "
          f"policyc {len(p_missing)} missing, {len(p_obsolete)} unused; injected {len(injected)}")
    for p in problems:
        print("DISAGREE:", p)
    if problems:
        sys.exit(1)
    print("agreement: every finding of compare-locales is reported by policyc")


if __name__ == "__main__":
    main()
