#!/usr/bin/env python3
"""Check policyc's PDFs with real tools (poppler-utils, qpdf).

    scripts/check-pdf.py POLICYC_BIN WORKSPACE [SHOTS_DIR]

Builds `--format pdf,json` twice into two fresh folders and, for every PDF:
- the two builds are byte-identical;
- `qpdf --check` passes;
- `pdfinfo` reports Tagged: yes, the document title, the language's page
  size (A4) and at least 2 pages;
- `pdftotext` holds every section heading, every paragraph and every
  definition ("term: definition") of that locale (from the JSON document
  tree), in document order;
- the localized "Page 1 of N" footer appears.
With SHOTS_DIR, pages 1 and 2 of one PDF per locale become PNGs.
Exit 1 with the failures listed.
"""

import json
import os
import re
import subprocess
import sys
import tempfile


def norm(s):
    # A soft hyphen at a line end is a hyphenation point: join the word.
    # pdftotext also drops a hard hyphen that ends a line ("sub-\nprocessor"
    # comes out as "subprocessor"), so hyphens are left out of the comparison.
    s = re.sub("\u00ad\\s*\n", "", s).replace("\u00ad", "")
    s = re.sub(r"-\s*\n", "", s).replace("-", "")
    # Lines also break after "/" and similar; compare without whitespace.
    return re.sub(r"\s+", "", s)


def plain(inlines):
    out = []
    for n in inlines:
        k = n["kind"]
        if k in ("text", "code"):
            out.append(n["text"])
        elif k in ("emphasis", "strong", "link"):
            out.append(plain(n["children"]))
        elif k == "line-break":
            out.append(" ")
    return "".join(out)


def expected_texts(doc):
    """Headings, paragraphs and definitions in reading order."""
    texts = []
    for b in doc["preamble"]:
        if b["kind"] in ("paragraph", "lead"):
            texts.append(plain(b["content"]))

    def section(s):
        number = s.get("number")
        title = s["title_text"]
        texts.append(title)
        for b in s["blocks"]:
            if b["kind"] == "paragraph":
                texts.append(plain(b["content"]))
            elif b["kind"] == "definitions":
                # A term list: the term, a colon, its definition.
                texts.extend(plain(d["term"]) + ": " + plain(d["definition"]) for d in b["items"])
        for c in s["sections"]:
            section(c)

    for s in doc["sections"]:
        section(s)
    return [t for t in texts if t.strip()]


def main():
    binary, workspace = sys.argv[1], sys.argv[2]
    shots = sys.argv[3] if len(sys.argv) > 3 else None
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        outs = []
        for run in ("a", "b"):
            out = os.path.join(tmp, run)
            r = subprocess.run([binary, "-C", workspace, "build", "--format", "pdf,json", "--no-sites", "--out", out],
                               capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"policyc build failed:\n{r.stderr}")
            outs.append(out)
        pdfs = sorted(os.path.relpath(os.path.join(d, f), outs[0])
                      for d, _, files in os.walk(outs[0]) for f in files if f.endswith(".pdf"))
        shot_locales = set()
        for rel in pdfs:
            a, b = os.path.join(outs[0], rel), os.path.join(outs[1], rel)
            with open(a, "rb") as f1, open(b, "rb") as f2:
                if f1.read() != f2.read():
                    failures.append(f"{rel}: two builds differ")
            q = subprocess.run(["qpdf", "--check", a], capture_output=True, text=True)
            if q.returncode != 0:
                failures.append(f"{rel}: qpdf --check: {q.stdout.strip().splitlines()[-1:]}{q.stderr.strip()}")
            outline = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", a],
                                                capture_output=True, text=True).stdout or "{}").get("outlines", [])
            marks = []

            def walk(items):
                for o in items:
                    marks.append(o.get("title", ""))
                    walk(o.get("kids", []))

            walk(outline)
            info = subprocess.run(["pdfinfo", a], capture_output=True, text=True).stdout
            fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
            fields = {k.strip(): v.strip() for k, v in fields.items()}
            with open(a[:-4] + ".json", encoding="utf-8") as f:
                doc = json.load(f)
            for s_ in doc["sections"]:
                if not any(s_["title_text"] in m for m in marks):
                    failures.append(f"{rel}: no bookmark for section {s_['id']!r}")
            if fields.get("Tagged") != "yes":
                failures.append(f"{rel}: not tagged (pdfinfo Tagged: {fields.get('Tagged')})")
            if fields.get("Title") != doc["title"]:
                failures.append(f"{rel}: title {fields.get('Title')!r}, expected {doc['title']!r}")
            if not fields.get("Page size", "").startswith("595.") or "842" not in fields.get("Page size", "") and "841" not in fields.get("Page size", ""):
                failures.append(f"{rel}: page size {fields.get('Page size')}, expected A4")
            pages = int(fields.get("Pages", "0"))
            if pages < 2:
                failures.append(f"{rel}: {pages} page(s)")
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", a, "-"], capture_output=True, text=True).stdout
            # Running header (title) and footer (document id, page numbers)
            # interrupt paragraphs that cross a page: leave them out.
            footer_re = re.compile("^" + re.escape(doc["labels"]["page-of"]).replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+") + "$")
            running = {doc["title"], doc["control"]["document_id"]}
            body_lines = [l for l in text.replace("\f", "\n").splitlines()
                          if l.strip() not in running and not footer_re.match(l.strip())]
            flat = norm("\n".join(body_lines))
            pos = 0
            for t in expected_texts(doc):
                want = norm(t)
                i = flat.find(want, pos)
                if i < 0:
                    where = "anywhere" if flat.find(want) < 0 else "in order"
                    failures.append(f"{rel}: text not found {where}: {want[:70]!r}")
                else:
                    pos = i
            footer = doc["labels"]["page-of"].replace("{page}", "1").replace("{pages}", str(pages))
            if norm(footer) not in norm(text):
                failures.append(f"{rel}: footer {footer!r} not found")
            locale = rel.split(os.sep)[0]
            if shots and locale not in shot_locales:
                shot_locales.add(locale)
                os.makedirs(shots, exist_ok=True)
                prefix = os.path.join(shots, rel.replace(os.sep, "-")[:-4] + "-pdf")
                subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", a, prefix], check=True)
    for f in failures:
        print("FAIL:", f)
    if failures:
        print(f"pdf: {len(pdfs)} checked, {len(failures)} problem(s)")
        sys.exit(1)
    print(f"pdf: {len(pdfs)} PDFs: byte-identical rebuild, qpdf ok, tagged, A4, titled, bookmarks for every section, all headings, paragraphs and definitions in order, localized page footer")


if __name__ == "__main__":
    main()
