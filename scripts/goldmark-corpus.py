#!/usr/bin/env python3
"""Extracts the inline examples of the CommonMark spec into the corpus of
the Goldmark differential test (tests/goldmark.rs).

    python3 -m pip download --no-deps --no-binary :all: commonmark==0.9.1
    tar xzf commonmark-0.9.1.tar.gz commonmark-0.9.1/spec.txt
    scripts/goldmark-corpus.py commonmark-0.9.1/spec.txt > tests/goldmark/commonmark-inlines.txt

The spec file is the one the `commonmark` package (commonmark.py 0.9.1,
PyPI) ships: CommonMark spec 0.29. Every example of the chapter "Inlines"
becomes one record; `→` (the spec's tab) becomes a tab.
"""
import re
import sys

spec = open(sys.argv[1], encoding="utf-8").read()
version = re.search(r"^version: '?([0-9.]+)'?$", spec, re.M).group(1)
start = spec.index("\n# Inlines\n")
end = spec.index("\n<!-- END TESTS -->")
number = spec[:start].count("\n" + "`" * 32 + " example\n")
section = None
print(f"%% CommonMark spec {version}, chapter Inlines: every example's Markdown,")
print("%% extracted by scripts/goldmark-corpus.py from the spec.txt of the PyPI")
print("%% package commonmark 0.9.1. A record is the lines up to a `%%%%` line;")
print("%% `%%` lines are comments.")
for line_block in re.finditer(
    r"^## ([^\n]*)$|^`{32} example\n(.*?)^\.\n.*?^`{32}$", spec[start:end], re.M | re.S
):
    if line_block.group(1):
        section = line_block.group(1)
        continue
    number += 1
    md = line_block.group(2).replace("\u2192", "\t")
    print("%%%%")
    print(f"%% example {number} ({section})")
    sys.stdout.write(md)
