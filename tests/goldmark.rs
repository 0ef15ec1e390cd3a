//! What the website shows is what the translator wrote: a differential
//! test of policyc's Markdown, rendered by the real Hugo (Goldmark),
//! against policyc's own standalone HTML of the same text.
//!
//! The corpus (`tests/goldmark/*.txt`) is the inline examples of the
//! CommonMark spec plus realistic policy text in Danish, Swedish,
//! Norwegian and English, and every fuzz finding
//! (`fuzz/regressions/markdown_backends`). Every snippet policyc accepts is placed in every
//! kind of block (text, lead, list item with and without a label, table
//! cell, note title, note body, section title, definition) of one page per snippet;
//! one policyc build writes the pages as Markdown into a copy of
//! `tests/hugo-site` and as standalone HTML, and Hugo builds the site
//! twice: with the test site's settings and with Hugo's defaults (plus
//! `markup.goldmark.renderer.unsafe`, which a `{{% %}}` shortcode's HTML
//! needs; docs/hugo.md). Per block, the visible text and the inline
//! structure (emphasis, strong, code, links with their targets and titles,
//! line breaks) must be the same. Each difference is reported with the
//! snippet, both renderings and the Markdown written.
//!
//! Without `hugo` on PATH the test says so and passes, unless
//! POLICYC_REQUIRE_HUGO is set (scripts/check-goldmark.sh sets it).
//! POLICYC_GOLDMARK_REPORT=<file> writes the full report there.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use common::*;
use policyc::markup::{parse, shortcode_argument_problem, ContentPolicy, Mode};

/// The kinds of block a snippet is placed in, in page order; a marker
/// paragraph `ZQMARK<n>` stands before each and after the last.
const PLACES: &[&str] = &[
    "lead",
    "section title",
    "text",
    "list item with label",
    "list item",
    "table cell",
    "note title",
    "note body",
    "definition",
];

const CONFIG: &str = r#"[workspace]
locales = ["en"]
reference = "en"
formats = ["html"]

[markdown]
heading-level = 2
heading-ids = true
lead = "shortcode"

[markdown.shortcodes]
note = "note"
lead = "ingress"
label = "inline"

[markdown.front-matter]
title = "title"
date = "published"
slug = "slug"
translationKey = "translation-key"

[sites.hugo]
content = "site/content"
path = "{lang}/dokument/{slug}.md"
"#;

const POLICY: &str = r#"[policy]
id = "@ID@"
version = "1.0"
published = 2024-01-05
numbered = false

[locales.en]
slug = "@ID@"

[[preamble]]
kind = "text"
id = "m0"

[[preamble]]
kind = "lead"
id = "lead"

[[preamble]]
kind = "text"
id = "m1"

[[sections]]
id = "s"
blocks = [
  { kind = "text", id = "m2" },
  { kind = "text", id = "body" },
  { kind = "text", id = "m3" },
  { kind = "list", id = "labelled", labels = true, items = ["i"] },
  { kind = "text", id = "m4" },
  { kind = "list", id = "plain", items = ["i"] },
  { kind = "text", id = "m5" },
  { kind = "table", id = "tab", columns = ["a"], rows = ["r"] },
  { kind = "text", id = "m6" },
  { kind = "note", id = "titled" },
  { kind = "text", id = "m7" },
  { kind = "note", id = "bodied" },
  { kind = "text", id = "m8" },
  { kind = "definitions", id = "defs", items = ["i"] },
  { kind = "text", id = "m9" },
]
"#;

const SHARED: &str = "contents-label = Contents
label-languages = Languages
label-version = Version
label-effective = Effective
language-name = English
";

/// The Hugo configuration with Hugo's default Goldmark settings, but for
/// raw HTML, which the note shortcode's `{{% %}}` output needs.
const HUGO_DEFAULTS: &str = r#"baseURL = "https://nordvikmoln.example/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
"#;

/// One snippet of the corpus.
struct Snippet {
    /// `file:record`, with the record's comment (the spec example number).
    origin: String,
    text: String,
}

fn corpus() -> Vec<Snippet> {
    let mut out = Vec::new();
    let dir = repo().join("tests/goldmark");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/goldmark")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("corpus file");
        let mut comment = String::new();
        let mut body = String::new();
        let mut n = 0;
        let mut flush = |comment: &mut String, body: &mut String, n: &mut usize| {
            if !body.is_empty() {
                *n += 1;
                let text = body.strip_suffix('\n').unwrap_or(body).to_string();
                out.push(Snippet {
                    origin: format!("{name} #{n} {}", comment.trim()),
                    text,
                });
            }
            body.clear();
            comment.clear();
        };
        for line in text.split_inclusive('\n') {
            if line.trim_end_matches('\n') == "%%%%" {
                flush(&mut comment, &mut body, &mut n);
            } else if let Some(c) = line.strip_prefix("%%") {
                if body.is_empty() {
                    comment.push_str(c.trim_end());
                    comment.push(' ');
                }
            } else {
                body.push_str(line);
            }
        }
        flush(&mut comment, &mut body, &mut n);
    }
    // Every input the markdown_backends fuzz target failed on.
    let dir = repo().join("fuzz/regressions/markdown_backends");
    let mut found: Vec<_> = std::fs::read_dir(&dir)
        .expect("fuzz/regressions/markdown_backends")
        .map(|e| e.expect("entry").path())
        .collect();
    found.sort();
    for path in found {
        if let Ok(text) = std::fs::read_to_string(&path) {
            out.push(Snippet {
                origin: format!(
                    "fuzz finding {}",
                    path.file_name().unwrap().to_string_lossy()
                ),
                text,
            });
        }
    }
    out
}

/// The text as a Fluent message resolves it: every line's leading blanks
/// go (Fluent strips the indentation of continuation lines), and so do
/// blanks at either end.
fn as_resolved(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_start_matches([' ', '\t']))
        .collect();
    lines.join("\n").trim_end().to_string()
}

/// A Fluent pattern that resolves to `text`: braces and the characters a
/// continuation line cannot start with are string literals.
fn ftl_pattern(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("\n    ");
        }
        for (j, c) in line.chars().enumerate() {
            match c {
                '{' | '}' => write!(out, "{{\"{c}\"}}").unwrap(),
                '\\' if j == 0 && i == 0 => out.push('\\'),
                '[' | '*' | '.' if j == 0 && i > 0 => write!(out, "{{\"{c}\"}}").unwrap(),
                // Trailing blanks of a line are kept as literals (a hard
                // break of two spaces).
                ' ' | '\t'
                    if line[line.char_indices().nth(j).unwrap().0..]
                        .trim()
                        .is_empty() =>
                {
                    write!(out, "{{\"{}\"}}", if c == ' ' { " " } else { "\\t" }).unwrap()
                }
                c => out.push(c),
            }
        }
    }
    out
}

/// Whether policyc accepts `text` in every place (the test is about what
/// `check` accepts).
fn accepted(text: &str) -> bool {
    let policy = ContentPolicy::default();
    match parse(text, Mode::Inline, &policy) {
        Ok(p) if p.len() == 1 => {
            let plain = policyc::doc::plain_text(&p[0]);
            shortcode_argument_problem(&plain).is_none() && !plain.trim().is_empty()
        }
        _ => false,
    }
}

fn ftl(text: &str) -> String {
    let t = ftl_pattern(text);
    let mut out = String::from("policy = Snippet\n    .intro = A snippet.\n");
    for i in 0..=1 {
        writeln!(out, "    .m{i} = ZQMARK{i}").unwrap();
    }
    writeln!(out, "    .lead = {t}").unwrap();
    writeln!(out, "\ns = {t}").unwrap();
    for i in 2..=9 {
        writeln!(out, "    .m{i} = ZQMARK{i}").unwrap();
    }
    writeln!(out, "    .body = {t}").unwrap();
    writeln!(out, "    .labelled-i-label = Label").unwrap();
    writeln!(out, "    .labelled-i = {t}").unwrap();
    writeln!(out, "    .plain-i = {t}").unwrap();
    writeln!(out, "    .tab-a = Head").unwrap();
    writeln!(out, "    .tab-r-a = {t}").unwrap();
    writeln!(out, "    .titled-title = {t}").unwrap();
    writeln!(out, "    .titled = Body").unwrap();
    writeln!(out, "    .bodied-title = Title").unwrap();
    writeln!(out, "    .bodied = {t}").unwrap();
    writeln!(out, "    .defs-i-term = Term").unwrap();
    writeln!(out, "    .defs-i = {t}").unwrap();
    out
}

/// An HTML token: text (references decoded) or a tag.
#[derive(Debug)]
enum Token {
    Text(String),
    Tag {
        name: String,
        close: bool,
        attrs: String,
    },
}

fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(n) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                u32::from_str_radix(n, 16).ok().and_then(char::from_u32)
            } else if let Some(n) = name.strip_prefix('#') {
                n.parse().ok().and_then(char::from_u32)
            } else {
                Some(match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    "nbsp" => '\u{a0}',
                    "ldquo" => '“',
                    "rdquo" => '”',
                    "lsquo" => '‘',
                    "rsquo" => '’',
                    "laquo" => '«',
                    "raquo" => '»',
                    "ndash" => '–',
                    "mdash" => '—',
                    "hellip" => '…',
                    _ => return None,
                })
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn tokens(html: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        if i > 0 {
            out.push(Token::Text(decode(&rest[..i])));
        }
        let after = &rest[i..];
        if after.starts_with("<!--") {
            let end = after.find("-->").map_or(after.len(), |e| e + 3);
            out.push(Token::Text(after[..end].to_string()));
            rest = &after[end..];
            continue;
        }
        let end = after.find('>').map_or(after.len(), |e| e + 1);
        let inner = after[1..end.saturating_sub(1)].trim_end_matches('/');
        let close = inner.starts_with('/');
        let inner = inner.trim_start_matches('/');
        let (name, attrs) = inner.split_once([' ', '\n']).unwrap_or((inner, ""));
        out.push(Token::Tag {
            name: name.to_ascii_lowercase(),
            close,
            attrs: attrs.to_string(),
        });
        rest = &after[end..];
    }
    if !rest.is_empty() {
        out.push(Token::Text(decode(rest)));
    }
    out
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let at = attrs.find(&format!("{name}=\""))?;
    let v = &attrs[at + name.len() + 2..];
    Some(decode(&v[..v.find('"')?]))
}

/// A link target as browsers take it: percent-escapes of anything but a
/// backslash read (a raw `\` is a `/` to a browser, `%5C` is not).
fn href(h: &str) -> String {
    let b = h.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() && h.is_char_boundary(i + 3) {
            if let Ok(v) = u8::from_str_radix(&h[i + 1..i + 3], 16) {
                if v != b'\\' {
                    out.push(v);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The blocks of a page body, split at the marker paragraphs: for each
/// place, the visible text and inline structure, normalized.
fn blocks(html: &str, label_class: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut skip_depth = 0usize;
    // Inside policyc's `<dt>`: the term, which the site shows as a run-in
    // label (skipped there through `label_class`).
    let mut in_term = false;
    let mut started = false;
    for t in tokens(html) {
        match t {
            Token::Text(text) => {
                if skip_depth > 0 || in_term {
                    continue;
                }
                if let Some(n) = text.trim().strip_prefix("ZQMARK") {
                    if n.parse::<usize>().is_ok() {
                        if started {
                            parts.push(normalize(&cur));
                        }
                        started = true;
                        cur.clear();
                        continue;
                    }
                }
                cur.push_str(&text);
            }
            Token::Tag { name, close, attrs } => {
                if name == "dt" {
                    in_term = !close;
                    continue;
                }
                if in_term {
                    continue;
                }
                // The run-in label and the table's header row are the
                // site's or policyc's, not the snippet's.
                if name == "strong" && !close && attrs.contains(label_class) {
                    skip_depth += 1;
                    continue;
                }
                if skip_depth > 0 {
                    if name == "strong" {
                        if close {
                            skip_depth -= 1;
                        } else {
                            skip_depth += 1;
                        }
                    }
                    continue;
                }
                match (name.as_str(), close) {
                    ("em" | "strong" | "code" | "del", _) => {
                        write!(cur, "<{}{name}>", if close { "/" } else { "" }).unwrap()
                    }
                    ("br", _) => cur.push_str("<br>"),
                    ("a", true) => cur.push_str("</a>"),
                    ("a", false) => {
                        write!(
                            cur,
                            "<a href={:?}{}>",
                            href(&attr(&attrs, "href").unwrap_or_default()),
                            attr(&attrs, "title")
                                .map(|t| format!(" title={t:?}"))
                                .unwrap_or_default()
                        )
                        .unwrap();
                    }
                    ("img" | "input" | "hr", _) => write!(cur, "<{name}>").unwrap(),
                    _ => cur.push(' '),
                }
            }
        }
    }
    parts
}

fn normalize(s: &str) -> String {
    let mut out = s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (from, to) in [(" <br>", "<br>"), ("<br> ", "<br>")] {
        while out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out
}

fn hugo_available() -> bool {
    if Command::new("hugo").arg("version").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("POLICYC_REQUIRE_HUGO").is_none(),
        "hugo is not on PATH"
    );
    eprintln!("notice: hugo is not on PATH; the Goldmark differential test is skipped");
    false
}

/// Builds the site with `config` into `public`; pages Hugo cannot build
/// are removed one by one (and returned with Hugo's message), so the rest
/// is still compared.
fn hugo(root: &Path, config: &Path, public: &str) -> BTreeMap<String, String> {
    let mut failed = BTreeMap::new();
    for _ in 0..50 {
        let out = Command::new("hugo")
            .arg("--source")
            .arg(root.join("site"))
            .arg("--config")
            .arg(config)
            .arg("--destination")
            .arg(root.join(public))
            .arg("--quiet")
            .output()
            .expect("run hugo");
        if out.status.success() {
            return failed;
        }
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let page = err
            .find("/dokument/")
            .and_then(|i| {
                let rest = &err[i + "/dokument/".len()..];
                rest.find(".md").map(|e| rest[..e].to_string())
            })
            .unwrap_or_else(|| panic!("hugo failed without naming a page: {err}"));
        let md = root
            .join("site/content/en/dokument")
            .join(format!("{page}.md"));
        assert!(
            md.exists(),
            "hugo failed on {page}, which is not there: {err}"
        );
        std::fs::remove_file(&md).unwrap();
        failed.insert(page, err.trim().to_string());
    }
    panic!("hugo failed on more than 50 pages");
}

/// The body of a Markdown page (after the front matter).
fn md_body(md: &str) -> &str {
    md.strip_prefix("---\n")
        .and_then(|r| r.find("\n---\n").map(|e| &r[e + 5..]))
        .unwrap_or(md)
}

#[test]
fn hugo_shows_every_snippet_as_the_standalone_page_does() {
    if !hugo_available() {
        return;
    }
    let all = corpus();
    assert!(all.len() >= 400, "only {} snippets", all.len());
    let snippets: Vec<(usize, &Snippet, String)> = all
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let text = as_resolved(&s.text);
            accepted(&text).then_some((i, s, text))
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("policies")).unwrap();
    std::fs::create_dir_all(root.join("locales/en")).unwrap();
    std::fs::write(root.join("policyc.toml"), CONFIG).unwrap();
    std::fs::write(root.join("locales/en/_shared.ftl"), SHARED).unwrap();
    for (i, _, text) in &snippets {
        let id = format!("s{i:04}");
        std::fs::write(
            root.join("policies").join(format!("{id}.toml")),
            POLICY.replace("@ID@", &id),
        )
        .unwrap();
        std::fs::write(root.join("locales/en").join(format!("{id}.ftl")), ftl(text)).unwrap();
    }
    copy_dir(&repo().join("tests/hugo-site"), &root.join("site"));
    // The page is its content alone.
    std::fs::write(
        root.join("site/layouts/_default/single.html"),
        "<main>{{ .Content }}</main>\n",
    )
    .unwrap();
    std::fs::write(root.join("hugo-defaults.toml"), HUGO_DEFAULTS).unwrap();
    let r = policyc(root, &["build", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let markdown: BTreeMap<String, String> = snippets
        .iter()
        .map(|(i, _, _)| {
            let id = format!("s{i:04}");
            let md = std::fs::read_to_string(
                root.join("site/content/en/dokument")
                    .join(format!("{id}.md")),
            )
            .unwrap_or_else(|e| panic!("{id}.md: {e}"));
            (id, md)
        })
        .collect();
    let runs = [
        (
            "the test site's settings",
            root.join("site/hugo.toml"),
            "public-site",
        ),
        (
            "Hugo's defaults",
            root.join("hugo-defaults.toml"),
            "public-defaults",
        ),
    ];
    let mut report = String::new();
    let mut differences = 0;
    let mut compared = 0;
    for (settings, config, public) in &runs {
        // Each run starts from every page.
        for (id, md) in &markdown {
            std::fs::write(
                root.join("site/content/en/dokument")
                    .join(format!("{id}.md")),
                md,
            )
            .unwrap();
        }
        let failed = hugo(root, config, public);
        for (i, s, text) in &snippets {
            let id = format!("s{i:04}");
            let md = md_body(&markdown[&id]);
            let mut diff = |what: String| {
                differences += 1;
                writeln!(
                    report,
                    "--- {} ({settings}), {}\nsnippet:   {text:?}\n{what}\nMarkdown written:\n{md}\n",
                    s.origin, id
                )
                .unwrap();
            };
            if let Some(err) = failed.get(&id) {
                diff(format!("Hugo cannot build the page: {err}"));
                continue;
            }
            let ours = std::fs::read_to_string(root.join("out/en").join(format!("{id}.html")))
                .unwrap_or_else(|e| panic!("{id}.html: {e}"));
            let body = ours
                .split_once("</header>")
                .and_then(|(_, b)| b.split_once("</article>"))
                .map(|(b, _)| b)
                .unwrap_or(&ours);
            // The table of contents repeats the section title.
            let body = match (body.find("<nav class=\"toc\""), body.find("</nav>")) {
                (Some(a), Some(b)) => format!("{}{}", &body[..a], &body[b + 6..]),
                _ => body.to_string(),
            };
            let site = std::fs::read_to_string(
                root.join(public)
                    .join("en/dokument")
                    .join(&id)
                    .join("index.html"),
            )
            .unwrap_or_else(|e| panic!("{public}/en/dokument/{id}: {e}"));
            let ours = blocks(&body, "class=\"label\"");
            let theirs = blocks(&site, "class=\"inline\"");
            for (k, place) in PLACES.iter().enumerate() {
                compared += 1;
                let (a, b) = (ours.get(k), theirs.get(k));
                if a != b {
                    diff(format!(
                        "in the {place}:\n  policyc: {}\n  Hugo:    {}",
                        a.map_or("(missing)", String::as_str),
                        b.map_or("(missing)", String::as_str)
                    ));
                }
            }
        }
    }
    let summary = format!(
        "{} snippets in the corpus, {} accepted by policyc, {} placements compared \
         ({} kinds of block, {} Hugo settings): {differences} differences",
        all.len(),
        snippets.len(),
        compared,
        PLACES.len(),
        runs.len()
    );
    eprintln!("{summary}");
    if let Some(path) = std::env::var_os("POLICYC_GOLDMARK_REPORT") {
        std::fs::write(path, format!("{summary}\n\n{report}")).unwrap();
    }
    assert!(
        snippets.len() >= 300,
        "only {} snippets accepted",
        snippets.len()
    );
    assert_eq!(differences, 0, "{summary}\n\n{report}");
}
