#!/usr/bin/env python3
"""Measure how long `policyc watch` takes from saving a file to the rebuilt
page on disk, on a copy of the shipped examples.

    scripts/bench-watch.py [POLICYC_BIN] [RUNS]

Each run edits one translation (locales/da/privacy.ftl) and waits until the
Danish page in out/ has the new text; prints the median and the worst case.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/policyc"))
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with tempfile.TemporaryDirectory() as ws:
        for d in ("policies", "locales", "templates"):
            shutil.copytree(os.path.join(ROOT, d), os.path.join(ws, d))
        for f in ("policyc.toml", "policyc.lock"):
            shutil.copy(os.path.join(ROOT, f), ws)
        proc = subprocess.Popen([binary, "-C", ws, "watch"], stderr=subprocess.PIPE, text=True)
        for line in proc.stderr:
            if "[watch] watching" in line:
                break
        ftl = os.path.join(ws, "locales/da/privacy.ftl")
        page = os.path.join(ws, "out/da/behandling-af-personoplysninger.md")
        with open(ftl, encoding="utf-8") as f:
            original = f.read()
        times = []
        try:
            for i in range(runs):
                marker = f"Om os {i}"
                start = time.perf_counter()
                with open(ftl, "w", encoding="utf-8") as f:
                    f.write(original.replace("company = Om os", f"company = {marker}"))
                while True:
                    try:
                        with open(page, encoding="utf-8") as f:
                            if marker in f.read():
                                break
                    except FileNotFoundError:
                        pass
                    if time.perf_counter() - start > 10:
                        sys.exit("no rebuild within 10 s")
                    time.sleep(0.002)
                times.append((time.perf_counter() - start) * 1000)
                time.sleep(0.15)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"watch: save -> rebuilt page on disk, {runs} runs: median {statistics.median(times):.0f} ms, "
          f"worst {max(times):.0f} ms (examples: 2 policies x 4 locales, md + html + print)")


if __name__ == "__main__":
    main()
