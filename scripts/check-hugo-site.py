#!/usr/bin/env python3
"""Assertions on the Hugo site built from policyc's site target.

    scripts/check-hugo-site.py PUBLIC_DIR CONTENT_DIR [OUT_DIR]

For every page policyc wrote into CONTENT_DIR (its .policyc-manifest.json):
the page exists in PUBLIC_DIR, with the right <html lang>, every section
heading of the Markdown as an <h3> with the stable section id, the note
shortcode rendered, links to the other three translations, and a redirect
page for each alias. With OUT_DIR (policyc's output folder, built with the
`html` format), every term and definition of the standalone page's <dl>
must be shown on the Hugo page too, the term before its definition.
Exit 1 with a list of failures.
"""

import html
import json
import os
import re
import sys

HTML_LANG = {"en": "en", "da": "da", "sv": "sv", "nb": "nb"}


def hugo_argument(arg):
    """A shortcode argument as Hugo reads it: raw in backticks; in quotes,
    with every backslash dropped once the argument holds an escaped quote."""
    if arg.startswith("`"):
        return arg[1:-1]
    inner = arg[1:-1]
    return inner.replace("\\", "") if '\\"' in inner else inner


def seen_text(fragment):
    """What a reader sees of an HTML fragment: no tags, one space for each
    run of white space."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def definitions_shown(standalone_path, page):
    """The standalone page's definitions that the Hugo page does not show
    as the term, a colon, then its definition."""
    with open(standalone_path, encoding="utf-8") as f:
        standalone = f.read()
    shown = seen_text(page)
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", standalone, re.S)
    missing = [t for t, d in pairs if f"{seen_text(t)}: {seen_text(d)}" not in shown]
    return len(pairs), missing


def main():
    public, content = sys.argv[1], sys.argv[2]
    out_dir = sys.argv[3] if len(sys.argv) > 3 else None
    definitions = 0
    with open(os.path.join(content, ".policyc-manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    failures = []
    pages = 0
    by_policy = {}
    for entry in manifest["files"]:
        md_path = os.path.join(content, entry["path"])
        with open(md_path, encoding="utf-8") as f:
            md = f.read()
        front, body = md.split("\n---\n", 1)
        lang_dir, _, name = entry["path"].partition("/")
        slug = os.path.splitext(os.path.basename(name))[0]
        out = os.path.join(public, lang_dir, "dokument", slug, "index.html")
        if not os.path.exists(out):
            failures.append(f"{entry['path']}: no page at {out}")
            continue
        pages += 1
        with open(out, encoding="utf-8") as f:
            page = f.read()
        by_policy.setdefault(entry["policy"], []).append((entry["locale"], page))
        want_lang = HTML_LANG[entry["locale"]]
        if f'<html lang="{want_lang}">' not in page:
            failures.append(f"{entry['path']}: <html lang> is not {want_lang}")
        for line in body.splitlines():
            m = re.match(r"^(#{2,6}) (.*) \{#([a-z0-9-]+)\}$", line)
            if not m:
                continue
            level, _, anchor = len(m.group(1)), m.group(2), m.group(3)
            if not re.search(rf'<h{level} id="{anchor}">', page):
                failures.append(f"{entry['path']}: heading #{anchor} missing as <h{level}>")
        for m in re.finditer(r'^\{\{% note ("(?:[^"\\]|\\.)*"|`[^`]*`) %\}\}$', body, re.M):
            # The title is inline Markdown, rendered by the shortcode's
            # markdownify: compare what a reader sees.
            title = hugo_argument(m.group(1))
            seen = re.sub(r"(?<!\\)[*_`]|<[^>]+>", "", title)
            seen = html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", seen))
            shown = [
                html.unescape(re.sub(r"<[^>]+>", "", t))
                for t in re.findall(r'<p class="note-title">(.*?)</p>', page, re.S)
            ]
            if seen not in shown:
                failures.append(f"{entry['path']}: note '{title}' not rendered (shown: {shown})")
        if out_dir:
            standalone = os.path.join(out_dir, lang_dir, f"{slug}.html")
            found, missing = definitions_shown(standalone, page)
            definitions += found
            for term in missing:
                failures.append(f"{entry['path']}: definition of '{seen_text(term)}' not shown as on {standalone}")
        if "{{< ingress >}}" in body and '<div class="ingress">' not in page:
            failures.append(f"{entry['path']}: ingress not rendered")
        if "{{" in re.sub(r"<[^>]+>", "", page):
            failures.append(f"{entry['path']}: an unrendered shortcode leaked into the page")
        translations = re.findall(r'<a class="translation" hreflang="([^"]+)"', page)
        if len(translations) != 3:
            failures.append(f"{entry['path']}: links to {len(translations)} translations, expected 3")
        for alias in re.findall(r"^  - (/\S+)$", front, re.M):
            alias_page = os.path.join(public, alias.strip("/"), "index.html")
            alt = os.path.join(public, lang_dir, alias.strip("/"), "index.html")
            found = [p for p in (alias_page, alt) if os.path.exists(p)]
            if not found:
                failures.append(f"{entry['path']}: no redirect page for alias {alias}")
                continue
            with open(found[0], encoding="utf-8") as f:
                redirect = f.read()
            if f"/{lang_dir}/dokument/{slug}/" not in redirect:
                failures.append(f"{entry['path']}: alias {alias} does not redirect to the page")
    for policy, versions in by_policy.items():
        if sorted(l for l, _ in versions) != sorted(HTML_LANG):
            failures.append(f"{policy}: built in {sorted(l for l, _ in versions)}, expected all four locales")
    if not os.path.exists(os.path.join(content, "en", "kept.md")):
        failures.append("--clean removed a file policyc did not write")
    if out_dir and definitions == 0:
        failures.append("no definitions in the standalone pages: the comparison proved nothing")
    for f in failures:
        print("FAIL:", f)
    if failures:
        sys.exit(1)
    print(f"hugo: {pages} pages in {len(by_policy)} policies x 4 languages: lang, headings, notes, "
          f"translation links, alias redirects and {definitions} definitions ok")


if __name__ == "__main__":
    main()
