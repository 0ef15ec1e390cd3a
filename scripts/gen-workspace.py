#!/usr/bin/env python3
"""Generate a synthetic policyc workspace for benchmarks and agreement tests.

    scripts/gen-workspace.py OUT_DIR --policies N [--inject SEED] [--sections 12]

Each policy has ~12 sections (text, lists, a table from facts, a table with
translated cells, a note, cross-references, facts) in four locales (en, da,
sv, nb), about 40 messages and attributes per file. The text is generated,
not real translation, but has the shape of real policy text: inline
Markdown, links, variables, plural selectors. A `glossary.toml` is written
too, so that `check` runs the glossary and language checks.

With --inject SEED, a deterministic set of omissions (deleted messages and
attributes) and additions (extra messages and attributes) is applied to the
non-reference locales, and written to OUT_DIR/injected.json so a test can
compare what each tool reports.
"""

import argparse
import json
import os
import random

LOCALES = ["en", "da", "sv", "nb"]
WORDS = {
    "en": "we process data about customers and partners for the purposes described here under the applicable law".split(),
    "da": "vi behandler oplysninger om kunder og partnere til de formål der er beskrevet her efter gældende ret".split(),
    "sv": "vi behandlar uppgifter om kunder och partner för de ändamål som beskrivs här enligt gällande rätt".split(),
    "nb": "vi behandler opplysninger om kunder og partnere for formålene som er beskrevet her etter gjeldende rett".split(),
}
HEADINGS = {
    "en": "Section",
    "da": "Afsnit",
    "sv": "Avsnitt",
    "nb": "Avsnitt",
}


def sentence(rng, locale, n=14):
    words = [rng.choice(WORDS[locale]) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def policy_toml(pid, sections):
    out = [
        f'[policy]\nid = "{pid}"\nversion = "1.0"\npublished = 2024-01-05\neffective = 2024-02-01\nnumbered = true\n',
        f'[control]\ndocument-id = "GEN-{pid.upper()}"\ncategory = "compliance"\nclassification = "public"\nprepared-by = "Bench AB"\napprover = "A. Person"\n',
        '[facts]\ncompany = "Bench Moln AB"\norg-number = "556000-0000"\nemail = "privacy@bench.example"\nmonths = 24\n',
        '[[facts.vendors]]\nname = "Vendor One AB"\ncountry = "SE"\n\n[[facts.vendors]]\nname = "Vendor Two AS"\ncountry = "NO"\n',
    ]
    for loc in LOCALES:
        out.append(f'[locales.{loc}]\nslug = "{pid}-{loc}"\n')
    out.append('[[preamble]]\nkind = "lead"\nid = "lead"\n')
    for i in range(sections):
        sid = f"s{i + 1}"
        if i % 4 == 0:
            blocks = '[{ kind = "text", id = "a" }, { kind = "list", id = "l", items = ["x", "y", "z"] }]'
        elif i % 4 == 1:
            blocks = '[{ kind = "text", id = "a" }, { kind = "text", id = "b" }]'
        elif i % 4 == 2:
            blocks = ('[{ kind = "text", id = "a" }, { kind = "table", id = "t", rows-from = "vendors", '
                      'columns = [{ id = "name", field = "name" }, { id = "country" }] }]')
        else:
            blocks = '[{ kind = "text", id = "a" }, { kind = "note", id = "n" }]'
        out.append(f'[[sections]]\nid = "{sid}"\nblocks = {blocks}\n')
    return "\n".join(out)


def policy_ftl(rng, locale, sections):
    out = [f"### Generated policy ({locale})\n"]
    out.append(f"policy = {HEADINGS[locale]} policy\n    .intro = {sentence(rng, locale, 10)}\n"
               f"    .lead = {sentence(rng, locale, 8)} {{ $company }} ({{ $org-number }}).\n")
    for i in range(sections):
        sid = f"s{i + 1}"
        lines = [f"{sid} = {HEADINGS[locale]} {i + 1}"]
        ref = f"s{(i + 3) % sections + 1}"
        lines.append(f"    .a = {sentence(rng, locale)} [{{ $email }}](mailto:{{ $email }}) _{rng.choice(WORDS[locale])}_, "
                     f"{{ SECTION(\"{ref}\") }}.")
        if i % 4 == 0:
            for item in "xyz":
                lines.append(f"    .l-{item} = {sentence(rng, locale, 8)}")
        elif i % 4 == 1:
            lines.append(f"    .b = {sentence(rng, locale)} {{ $months ->\n        [one] {{ $months }} m\n       *[other] {{ $months }} mm\n    }}.")
        elif i % 4 == 2:
            lines.append(f"    .t-name = {rng.choice(WORDS[locale]).capitalize()}")
            lines.append(f"    .t-country = {rng.choice(WORDS[locale]).capitalize()}")
            lines.append("    .t-country-cell = { $country ->\n        [SE] SE\n       *[other] { $country }\n    }")
        else:
            lines.append(f"    .n-title = {rng.choice(WORDS[locale])}")
            lines.append(f"    .n = {sentence(rng, locale, 10)}")
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


SHARED = {
    "en": ("On this page", "Contents", "English", "Other languages", "Page { $page } of { $pages }"),
    "da": ("På denne side", "Indhold", "Dansk", "Andre sprog", "Side { $page } af { $pages }"),
    "sv": ("På denna sida", "Innehåll", "Svenska", "Andra språk", "Sida { $page } av { $pages }"),
    "nb": ("På denne siden", "Innhold", "Norsk bokmål", "Andre språk", "Side { $page } av { $pages }"),
}


def shared_ftl(locale):
    toc, contents, name, langs, page = SHARED[locale]
    labels = ["category", "title", "intro", "version", "document-id", "prepared-by", "approver", "date",
              "effective", "classification"]
    body = [f"toc-label = {toc}", f"contents-label = {contents}", f"language-name = {name}",
            f"label-languages = {langs}", f"page-of = {page}", "category-compliance = Compliance",
            "classification-public = Public"]
    body += [f"label-{l} = {l.replace('-', ' ').capitalize()}" for l in labels]
    return "\n".join(body) + "\n"


CONFIG = """[workspace]
locales = ["en", "da", "sv", "nb"]
reference = "en"
formats = ["md", "html"]
on-incomplete = "skip-locale"

[locale-aliases]
no = "nb"

[check]
untranslated = "off"
"""


# The glossary every generated policy is checked against: the section
# heading's word in every locale (each heading uses it), and the GDPR terms
# of the shipped example glossary, which the generated text never uses
# (they cost a search all the same).
GLOSSARY = """[terms.section]
accepted.en = ["section"]
accepted.da = ["afsnit"]
accepted.sv = ["avsnitt"]
accepted.nb = ["avsnitt"]
forbidden.da = ["paragraf"]

[terms.personal-data]
accepted.en = ["personal data"]
accepted.da = ["personoplysninger", "personoplysningerne"]
accepted.sv = ["personuppgifter", "personuppgifterna"]
accepted.nb = ["personopplysninger", "personopplysningene"]
forbidden.da = ["persondata"]
forbidden.sv = ["persondata"]
forbidden.nb = ["persondata"]

[terms.controller]
accepted.en = ["controller", "controllers"]
accepted.da = ["dataansvarlig*"]
accepted.sv = ["personuppgiftsansvarig*"]
accepted.nb = ["behandlingsansvarlig*"]

[terms.processor]
accepted.en = ["processor", "processors"]
accepted.da = ["databehandler*"]
accepted.sv = ["personuppgiftsbiträde*", "biträde*"]
accepted.nb = ["databehandler*"]

[terms.supervisory-authority]
accepted.en = ["supervisory authority"]
accepted.da = ["tilsynsmyndighed*"]
accepted.sv = ["tillsynsmyndighet*"]
accepted.nb = ["tilsynsmyndighet*"]

[terms.third-country]
accepted.en = ["third country", "third countries"]
accepted.da = ["tredjeland*"]
accepted.sv = ["tredjeland*"]
accepted.nb = ["tredjeland*"]
"""


def inject(rng, out_dir, policies):
    """Delete and add messages/attributes in non-reference locales."""
    injected = []
    for pid in policies:
        for locale in LOCALES[1:]:
            if rng.random() > 0.3:
                continue
            path = os.path.join(out_dir, "locales", locale, f"{pid}.ftl")
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            action = rng.choice(["drop-message", "drop-attribute", "add-message", "add-attribute"])
            if action == "drop-message":
                starts = [i for i, l in enumerate(lines) if l.startswith("s")]
                i = rng.choice(starts)
                mid = lines[i].split(" =")[0]
                j = i + 1
                while j < len(lines) and lines[j].startswith(" "):
                    j += 1
                del lines[i:j]
                injected.append({"policy": pid, "locale": locale, "kind": "missing", "key": mid})
            elif action == "drop-attribute":
                candidates = [i for i, l in enumerate(lines) if l.startswith("    .a = ")]
                i = rng.choice(candidates)
                k = i - 1
                while lines[k].startswith(" "):
                    k -= 1
                mid = lines[k].split(" =")[0]
                del lines[i]
                injected.append({"policy": pid, "locale": locale, "kind": "missing", "key": f"{mid}.a"})
            elif action == "add-message":
                lines.append(f"extra-{rng.randrange(1000)} = Extra")
                injected.append({"policy": pid, "locale": locale, "kind": "obsolete", "key": lines[-1].split(" =")[0]})
            else:
                starts = [i for i, l in enumerate(lines) if l.startswith("s")]
                i = rng.choice(starts)
                mid = lines[i].split(" =")[0]
                lines.insert(i + 1, "    .extra = Extra text")
                injected.append({"policy": pid, "locale": locale, "kind": "obsolete", "key": f"{mid}.extra"})
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
    with open(os.path.join(out_dir, "injected.json"), "w", encoding="utf-8") as f:
        json.dump(injected, f, indent=1)
    return injected


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--policies", type=int, default=100)
    ap.add_argument("--sections", type=int, default=12)
    ap.add_argument("--inject", type=int, default=None, metavar="SEED")
    args = ap.parse_args()
    rng = random.Random(42)
    os.makedirs(os.path.join(args.out, "policies"), exist_ok=True)
    with open(os.path.join(args.out, "policyc.toml"), "w", encoding="utf-8") as f:
        f.write(CONFIG)
    with open(os.path.join(args.out, "glossary.toml"), "w", encoding="utf-8") as f:
        f.write(GLOSSARY)
    for loc in LOCALES:
        os.makedirs(os.path.join(args.out, "locales", loc), exist_ok=True)
        with open(os.path.join(args.out, "locales", loc, "_shared.ftl"), "w", encoding="utf-8") as f:
            f.write(shared_ftl(loc))
    ids = [f"p{i:05d}" for i in range(args.policies)]
    for pid in ids:
        with open(os.path.join(args.out, "policies", f"{pid}.toml"), "w", encoding="utf-8") as f:
            f.write(policy_toml(pid, args.sections))
        for loc in LOCALES:
            with open(os.path.join(args.out, "locales", loc, f"{pid}.ftl"), "w", encoding="utf-8") as f:
                f.write(policy_ftl(rng, loc, args.sections))
    if args.inject is not None:
        n = inject(random.Random(args.inject), args.out, ids)
        print(f"injected {len(n)} changes")
    print(f"wrote {args.policies} policies x {len(LOCALES)} locales to {args.out}")


if __name__ == "__main__":
    main()
