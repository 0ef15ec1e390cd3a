//! Hostile text in every place translated text or a fact lands in the
//! Markdown of a Hugo site: paragraphs, headings, code spans, link text
//! and destinations, table cells, list items and labels, shortcode
//! arguments (note title, label) and bodies (lead, note), front matter.
//!
//! Each case builds a one-locale workspace with policyc into a copy of
//! `tests/hugo-site` (a site target) and checks the Markdown written:
//! every front matter is one YAML document with its keys, and no
//! shortcode opener from text is left outside policyc's own shortcodes.
//! When `hugo` is on PATH (CI installs Debian's), the site is built and
//! the rendered page is checked: no `<script`, no shortcode ran (Hugo's
//! `gist` writes a script, the copy's `canary` shortcode a marker), no
//! attribute came from text, and the text is shown as written. Without
//! Hugo those checks are skipped with a notice.
//!
//! Text Markdown cannot escape (a shortcode opener in a code span, a
//! shortcode argument Hugo has no spelling for) is refused: `check` exits
//! 1 naming the file and line, and a build leaves the output as it was.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

const CONFIG: &str = r#"[workspace]
locales = ["en"]
reference = "en"
formats = ["md"]

[markdown]
heading-level = 2
heading-ids = @IDS@
lead = "shortcode"

[markdown.shortcodes]
note = "note"
lead = "ingress"
label = "inline"

[markdown.front-matter]
title = "title"
approver = "approver"
description = "intro"
date = "published"
slug = "slug"
aliases = "aliases"
translationKey = "translation-key"

[sites.hugo]
content = "site/content"
path = "{lang}/dokument/{slug}.md"
"#;

const POLICY: &str = r#"[policy]
id = "notice"
version = "1.0"
published = 2024-01-05
numbered = true

[control]
approver = "@APPROVER@"

[facts]
company = "@COMPANY@"
site = "@SITE@"

[locales.en]
slug = "notice"
aliases = ["/old/notice/"]

[[preamble]]
kind = "lead"
id = "lead"

[[sections]]
id = "intro"
blocks = [
  { kind = "text", id = "body" },
  { kind = "list", id = "ways", labels = true, items = ["mail"] },
  { kind = "table", id = "tab", columns = ["a", "b"], rows = ["r"] },
]

[[epilogue]]
kind = "note"
id = "more"
"#;

const FTL: &str = "policy = @TITLE@
    .intro = @INTRO@
    .lead = @LEAD@
    .more-title = @NOTE_TITLE@
    .more = @NOTE_BODY@

intro = @HEADING@
    .body = @TEXT@
    .ways-mail-label = @LABEL@
    .ways-mail = @ITEM@
    .tab-a = @HEADER@
    .tab-b = Second
    .tab-r-a = @CELL@
    .tab-r-b = Plain cell
";

const DEFAULTS: &[(&str, &str)] = &[
    ("IDS", "true"),
    ("APPROVER", "Ingrid Halvorsen"),
    ("COMPANY", "Example AB"),
    ("SITE", "https://example.com/"),
    ("TITLE", "Notice"),
    ("INTRO", "A short notice."),
    ("LEAD", "Read this first."),
    ("NOTE_TITLE", "More"),
    ("NOTE_BODY", "See the contact page."),
    ("HEADING", "Introduction"),
    ("TEXT", "This is { $company }, see [the site]({ $site })."),
    ("LABEL", "By mail"),
    ("ITEM", "Write to us."),
    ("HEADER", "First"),
    ("CELL", "Cell"),
];

/// Where the page of the workspace lands in the site's content folder and
/// in the built site.
const PAGE_MD: &str = "site/content/en/dokument/notice.md";
const PAGE_HTML: &str = "public/en/dokument/notice/index.html";

/// The template with its places filled: the case's text where it gives
/// one, else the default. In the FTL, braces are Fluent syntax: a brace
/// of the text is written as a string literal (`{"{"}`), which Fluent
/// resolves to the brace itself; `{ $name }` stays a variable.
fn fill(template: &str, over: &[(&str, &str)], ftl: bool) -> String {
    let mut s = template.to_string();
    for (key, default) in DEFAULTS {
        let value = over
            .iter()
            .find(|(k, _)| k == key)
            .map_or(*default, |(_, v)| *v);
        let value = if ftl {
            ftl_text(value)
        } else {
            value.to_string()
        };
        s = s.replace(&format!("@{key}@"), &value);
    }
    s
}

fn ftl_text(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("{ $") {
            let end = rest.find('}').expect("a closed variable") + 1;
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        match c {
            '{' => out.push_str("{\"{\"}"),
            '}' => out.push_str("{\"}\"}"),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The workspace with the given places replaced, and a copy of the test
/// site with a `canary` shortcode that marks the page when it runs.
fn workspace(over: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("policies")).unwrap();
    std::fs::create_dir_all(root.join("locales/en")).unwrap();
    std::fs::write(root.join("policyc.toml"), fill(CONFIG, over, false)).unwrap();
    std::fs::write(root.join("policies/notice.toml"), fill(POLICY, over, false)).unwrap();
    std::fs::write(root.join("locales/en/notice.ftl"), fill(FTL, over, true)).unwrap();
    copy_dir(&repo().join("tests/hugo-site"), &root.join("site"));
    std::fs::write(
        root.join("site/layouts/shortcodes/canary.html"),
        "<b class=\"canary\">CANARY-RAN</b>",
    )
    .unwrap();
    dir
}

/// The line of the FTL on which `place` (a key of [`DEFAULTS`]) stands.
fn line_of(place: &str) -> usize {
    FTL.lines()
        .position(|l| l.contains(&format!("@{place}@")))
        .expect("a place of the FTL")
        + 1
}

fn front_matter_and_body(md: &str) -> (&str, &str) {
    let rest = md
        .strip_prefix("---\n")
        .expect("front matter opens the page");
    let end = rest.find("\n---\n").expect("front matter is closed");
    (&rest[..end + 1], &rest[end + 5..])
}

/// The front matter is exactly one YAML document (read by a YAML 1.2
/// parser) that keeps every key with its value.
fn assert_one_document(md: &str, title: &str) {
    let (front, _) = front_matter_and_body(md);
    let docs = yaml_rust2::YamlLoader::load_from_str(front)
        .unwrap_or_else(|e| panic!("front matter is not YAML ({e}):\n{front}"));
    assert_eq!(docs.len(), 1, "{front}");
    let fm = &docs[0];
    assert_eq!(fm["title"].as_str(), Some(title), "{front}");
    assert_eq!(fm["slug"].as_str(), Some("notice"), "{front}");
    assert_eq!(fm["date"].as_str(), Some("2024-01-05"), "{front}");
    assert_eq!(fm["translationKey"].as_str(), Some("notice"), "{front}");
    assert_eq!(fm["aliases"][0].as_str(), Some("/old/notice/"), "{front}");
    assert_eq!(
        fm.as_hash().map(|h| h.len()),
        Some(7),
        "keys of the front matter: {front}"
    );
}

/// No shortcode opener outside policyc's own shortcode lines: what text
/// holds is escaped (`\{`, `%7B`). The lines that call shortcodes carry
/// text only as quoted arguments; Hugo's build checks those.
fn assert_no_opener_from_text(md: &str) {
    let (_, body) = front_matter_and_body(md);
    for line in body.lines() {
        let own = ["{{< ingress >}}", "{{< /ingress >}}", "{{% /note %}}"].contains(&line)
            || line.starts_with("{{% note ")
            || line.starts_with("1. {{< inline ")
            || line.starts_with("- {{< inline ");
        if own {
            continue;
        }
        assert!(
            !line.contains("{{<") && !line.contains("{{%"),
            "a shortcode opener from text: {line:?}\n{md}"
        );
    }
}

/// Builds the site with Hugo and returns the page, or None (with a
/// notice) when Hugo is not installed.
fn hugo(root: &Path) -> Option<String> {
    if Command::new("hugo").arg("version").output().is_err() {
        // scripts/check-hugo-hostile.sh sets this: there the check is the
        // point.
        assert!(
            std::env::var_os("POLICYC_REQUIRE_HUGO").is_none(),
            "hugo is not on PATH"
        );
        eprintln!("notice: hugo is not on PATH; the rendered page is not checked");
        return None;
    }
    let out = Command::new("hugo")
        .arg("--source")
        .arg(root.join("site"))
        .arg("--destination")
        .arg(root.join("public"))
        .arg("--quiet")
        .output()
        .expect("run hugo");
    assert!(
        out.status.success(),
        "hugo failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(root.join(PAGE_MD)).unwrap_or_default()
    );
    Some(std::fs::read_to_string(root.join(PAGE_HTML)).expect("the page at its slug"))
}

/// Every tag of an HTML page (text is escaped, so `<` starts a tag).
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        out.push(&rest[i..end]);
        rest = &rest[end..];
    }
    out
}

/// The page's text as a reader sees it: tags removed, references read,
/// Goldmark's typographic quotes and dashes read back as typed (issue 18
/// is about those), white space collapsed.
fn visible(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        text.push_str(&rest[..i]);
        text.push(' ');
        rest = rest[i..].find('>').map_or("", |e| &rest[i + e + 1..]);
    }
    text.push_str(rest);
    for (entity, c) in [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#34;", "\""),
        ("&#39;", "'"),
        ("&#123;", "{"),
        ("&#125;", "}"),
        ("&ldquo;", "\""),
        ("&rdquo;", "\""),
        ("&lsquo;", "'"),
        ("&rsquo;", "'"),
        ("&laquo;", "<<"),
        ("&raquo;", ">>"),
        ("&ndash;", "--"),
        ("&mdash;", "---"),
        ("&hellip;", "..."),
        ("&amp;", "&"),
    ] {
        text = text.replace(entity, c);
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Nothing on the rendered page came from text as code or markup.
fn assert_page_safe(html: &str, md: &str) {
    assert!(
        !html.contains("<script"),
        "a script on the page:\n{html}\n\n{md}"
    );
    assert!(
        !html.contains("CANARY-RAN"),
        "a shortcode ran on the page:\n{html}\n\n{md}"
    );
    // (Goldmark makes a heading's id from its text when it has none, so
    // `evil` may be part of an id, never the whole of one.)
    for tag in tags(html) {
        let t = tag.to_ascii_lowercase();
        for bad in [
            " onclick=",
            " style=",
            "class=\"evil",
            "id=\"evil\"",
            " evil",
        ] {
            assert!(
                !t.contains(bad),
                "an attribute from text: {tag}\n{html}\n\n{md}"
            );
        }
    }
}

/// A case whose hostile text is escaped: the build succeeds, the Markdown
/// holds no opener from text and one front matter document, and Hugo
/// shows `shows` (each a piece of the visible page text) with nothing run.
fn escaped(name: &str, over: &[(&str, &str)], title: &str, shows: &[&str]) {
    let ws = workspace(over);
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.all().contains("panicked"), "{}", r.all());
    let md = std::fs::read_to_string(ws.path().join(PAGE_MD)).expect("the site page");
    // scripts/check-hugo-hostile.sh reads every page's front matter with
    // a second YAML parser.
    if let Some(dir) = std::env::var_os("POLICYC_HOSTILE_PAGES") {
        std::fs::write(Path::new(&dir).join(format!("{name}.md")), &md).unwrap();
    }
    assert_one_document(&md, title);
    assert_no_opener_from_text(&md);
    // The Markdown output (not a site) is written the same way.
    let out_md = std::fs::read_to_string(ws.path().join("out/en/notice.md")).unwrap();
    assert_no_opener_from_text(&out_md);
    if let Some(html) = hugo(ws.path()) {
        assert_page_safe(&html, &md);
        let seen = visible(&html);
        for s in shows {
            assert!(
                seen.contains(s),
                "{s:?} is not shown on the page:\n{seen}\n\n{md}"
            );
        }
        assert_front_matter_survives(ws.path(), &html);
    }
}

/// Hugo kept the keys after the text: the page is at its slug (it was
/// read), with its date and translation key, and the alias redirects.
fn assert_front_matter_survives(root: &Path, html: &str) {
    assert!(
        html.contains(r#"<meta name="date" content="2024-01-05">"#),
        "date lost:\n{html}"
    );
    assert!(
        html.contains(r#"<meta name="translation-key" content="page/notice">"#),
        "translationKey lost:\n{html}"
    );
    let alias = [
        "public/old/notice/index.html",
        "public/en/old/notice/index.html",
    ]
    .iter()
    .map(|p| root.join(p))
    .find(|p| p.exists())
    .expect("a redirect page for the alias");
    let redirect = std::fs::read_to_string(alias).unwrap();
    assert!(redirect.contains("/en/dokument/notice/"), "{redirect}");
}

/// A case whose text cannot be written safely: `check` reports `code` at
/// the place's line (exit 1), and a build over an earlier good output
/// exits 1 and changes nothing, inside or outside the output.
fn refused(over: &[(&str, &str)], place: &str, code: &str) {
    let ws = workspace(&[]);
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let before = read_tree(ws.path());
    std::fs::write(
        ws.path().join("locales/en/notice.ftl"),
        fill(FTL, over, true),
    )
    .unwrap();
    std::fs::write(
        ws.path().join("policies/notice.toml"),
        fill(POLICY, over, false),
    )
    .unwrap();
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(!r.all().contains("panicked"), "{}", r.all());
    assert!(r.stderr.contains(&format!("error[{code}]")), "{}", r.stderr);
    let at = format!("locales/en/notice.ftl:{}:", line_of(place));
    assert!(r.stderr.contains(&at), "expected {at}: {}", r.stderr);
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains(&format!("error[{code}]")), "{}", r.stderr);
    let mut after = read_tree(ws.path());
    let mut before = before;
    for t in [&mut before, &mut after] {
        t.remove("locales/en/notice.ftl");
        t.remove("policies/notice.toml");
    }
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert!(before == after, "a refused build changed files");
}

macro_rules! escaped_cases {
    ($($name:ident: { $($place:literal => $text:expr),* } shows [$($shows:expr),*];)*) => {$(
        #[test]
        fn $name() {
            let over: &[(&str, &str)] = &[$(($place, $text)),*];
            let title = over.iter().find(|(k, _)| *k == "TITLE").map_or("Notice", |(_, v)| *v);
            escaped(stringify!($name), over, title, &[$($shows),*]);
        }
    )*};
}

macro_rules! refused_cases {
    ($($name:ident: { $($place:literal => $text:expr),* } at $at:literal, $code:literal;)*) => {$(
        #[test]
        fn $name() {
            refused(&[$(($place, $text)),*], $at, $code);
        }
    )*};
}

escaped_cases! {
    // Paragraph text.
    shortcode_in_text_is_shown_not_run: { "TEXT" => "Hi {{< gist alice 123 >}} there" }
        shows ["Hi {{< gist alice 123 >}} there"];
    markup_shortcode_in_text_is_shown_not_run: { "TEXT" => "Hi {{% canary %}} there" }
        shows ["Hi {{% canary %}} there"];
    spaced_shortcode_in_text_is_shown: { "TEXT" => "Hi {{ < canary >}} and {{ % canary %}}" }
        shows ["Hi {{ < canary >}} and {{ % canary %}}"];
    shortcode_comment_in_text_is_shown_as_typed: { "TEXT" => "Hi {{</* canary */>}} there" }
        shows ["Hi {{</* canary */>}} there"];
    escaped_braces_in_text_stay_text: { "TEXT" => r"Hi \{\{< canary >}} there" }
        shows ["Hi {{< canary >}} there"];
    brace_references_in_text_stay_text: { "TEXT" => "Hi &#123;&#123;% canary %&#125;&#125; there" }
        shows ["Hi {{% canary %}} there"];
    shortcode_split_by_emphasis_is_not_joined: { "TEXT" => "Hi {*{< canary >}}* and {**{% canary %}}**" }
        shows ["canary"];
    shortcode_split_by_nested_emphasis_is_not_joined: { "TEXT" => "a{***{< canary >}}*** b{_*{% canary %}}*_" }
        shows ["canary"];
    closing_note_in_note_body_is_text: { "NOTE_BODY" => "{{% /note %}} {{< canary >}}" }
        shows ["{{% /note %}} {{< canary >}}"];
    closing_ingress_in_lead_is_text: { "LEAD" => "{{< /ingress >}} {{< canary >}}" }
        shows ["{{< /ingress >}} {{< canary >}}"];
    html_in_lead_is_escaped_through_markdownify: { "LEAD" => "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b onclick=evil&gt;x&lt;/b&gt;" }
        shows ["<script>alert(1)</script> <b onclick=evil>x</b>"];
    // Headings: Goldmark's attribute syntax, with and without section ids.
    heading_class_is_text_with_ids: { "HEADING" => "Intro {.evil}" }
        shows ["Intro {.evil}"];
    heading_class_is_text_without_ids: { "IDS" => "false", "HEADING" => "Intro {.evil}" }
        shows ["Intro {.evil}"];
    heading_style_is_text_without_ids: { "IDS" => "false", "HEADING" => "Intro {style=\"color:red\"}" }
        shows ["Intro {style=\"color:red\"}"];
    heading_onclick_is_text_without_ids: { "IDS" => "false", "HEADING" => "Intro {onclick=alert(1) #evil}" }
        shows ["Intro {onclick=alert(1) #evil}"];
    heading_id_is_text_without_ids: { "IDS" => "false", "HEADING" => "Intro {#evil}" }
        shows ["Intro {#evil}"];
    heading_attributes_in_emphasis_are_text: { "IDS" => "false", "HEADING" => "Intro *{.evil}*" }
        shows ["Intro {.evil}"];
    shortcode_in_heading_is_text: { "HEADING" => "Intro {{< canary >}}" }
        shows ["Intro {{< canary >}}"];
    // Links: text, destination (from the translation and from a fact),
    // autolinks.
    shortcode_in_link_text_is_text: { "TEXT" => "[{{< canary >}}](https://example.org/)" }
        shows ["{{< canary >}}"];
    shortcode_in_link_destination_is_encoded: { "TEXT" => "[x](/{{%canary%}})" }
        shows ["x"];
    param_shortcode_in_link_destination_is_encoded: { "TEXT" => "[x](</{{% param \"title\" %}}/{{< gist a 1 >}}>)" }
        shows ["x"];
    shortcode_in_autolink_is_encoded: { "TEXT" => "<https://example.org/{{%canary%}}>" }
        shows ["https://example.org/{{%canary%}}"];
    shortcode_in_fact_destination_is_encoded: { "SITE" => "/{{< canary >}}/" }
        shows ["the site"];
    shortcode_in_fact_text_is_text: { "COMPANY" => "{{< canary >}} AB" }
        shows ["This is {{< canary >}} AB"];
    shortcode_in_fact_in_code_span_is_not_run: { "COMPANY" => "{{% canary %}}", "TEXT" => "Code `{ $company }` and [x]({ $site })." }
        shows ["Code"];
    // Tables and lists.
    shortcode_in_table_cell_is_text: { "CELL" => "{{< canary >}} | {.evil}" }
        shows ["{{< canary >}} | {.evil}"];
    shortcode_in_table_header_is_text: { "HEADER" => "{{% canary %}}" }
        shows ["{{% canary %}}"];
    shortcode_in_list_item_is_text: { "ITEM" => "{{< canary >}}" }
        shows ["{{< canary >}}"];
    // Shortcode arguments: list label and note title.
    shortcode_in_label_is_an_argument: { "LABEL" => "{{< canary >}} >}} %}}" }
        shows ["{{< canary >}} >}} %}}"];
    quotes_and_backslashes_in_label_are_kept: { "LABEL" => r#"Say "hi" \\o/"# }
        shows [r#"Say "hi" \o/"#];
    last_backslash_in_label_is_kept: { "LABEL" => r"Folder C:\\" }
        shows [r"Folder C:\"];
    last_backslash_and_backtick_in_label_are_kept: { "LABEL" => r"Tick \` C:\\" }
        shows [r"Tick ` C:\"];
    quotes_and_backtick_in_note_title_are_kept: { "NOTE_TITLE" => r#"A "quoted" \` title"# }
        shows [r#"A "quoted" ` title"#];
    html_in_label_is_escaped: { "LABEL" => "&lt;b onclick=evil&gt;x&lt;/b&gt;" }
        shows ["<b onclick=evil>x</b>"];
    shortcode_in_note_title_is_an_argument: { "NOTE_TITLE" => "{{< canary >}} %}} >}}" }
        shows ["{{< canary >}} %}} >}}"];
    html_in_note_title_is_escaped: { "NOTE_TITLE" => r"&lt;script&gt;alert(1)&lt;/script&gt; \[x\](javascript:alert(1))" }
        shows ["<script>alert(1)</script> [x](javascript:alert(1))"];
    // Front matter: one document, whatever line break the text holds.
    shortcode_in_title_is_not_run: { "TITLE" => "{{< canary >}} {{% canary %}}" }
        shows ["{{< canary >}} {{% canary %}}"];
    shortcode_in_intro_is_not_run: { "INTRO" => "{{% canary %}}" }
        shows [];
    line_separator_in_title_stays_in_the_title: { "TITLE" => "Notice\u{2028}---\u{2028}slug: evil" }
        shows [];
    paragraph_separator_in_title_stays_in_the_title: { "TITLE" => "Notice\u{2029}---\u{2029}slug: evil" }
        shows [];
    byte_order_mark_in_title_stays_in_the_title: { "TITLE" => "Notice\u{feff} x" }
        shows [];
    document_markers_in_title_stay_in_the_title: { "TITLE" => "Notice: --- ... #x" }
        shows [];
    next_line_in_a_control_field_stays_in_its_value: { "APPROVER" => "Ingrid\\u0085---\\u0085slug: evil" }
        shows [];
    line_separator_in_intro_stays_in_the_intro: { "INTRO" => "A\u{2028}---\u{2028}date: 1999-01-01" }
        shows [];
}

refused_cases! {
    shortcode_in_code_span_is_refused: { "TEXT" => "Run `{{< gist alice 123 >}}` now" }
        at "TEXT", "hugo-shortcode";
    markup_shortcode_in_code_span_is_refused: { "TEXT" => "Run `{{% canary %}}` now" }
        at "TEXT", "hugo-shortcode";
    shortcode_in_code_span_in_heading_is_refused: { "HEADING" => "Intro `{{<canary>}}`" }
        at "HEADING", "hugo-shortcode";
    shortcode_in_code_span_in_table_cell_is_refused: { "CELL" => "`{{% canary %}}`" }
        at "CELL", "hugo-shortcode";
    shortcode_in_code_span_in_list_item_is_refused: { "ITEM" => "``{{< canary >}}``" }
        at "ITEM", "hugo-shortcode";
    shortcode_in_code_span_in_lead_is_refused: { "LEAD" => "`{{< canary >}}`" }
        at "LEAD", "hugo-shortcode";
    shortcode_in_code_span_in_note_body_is_refused: { "NOTE_BODY" => "`{{< canary >}}`" }
        at "NOTE_BODY", "hugo-shortcode";
    shortcode_in_code_span_in_link_text_is_refused: { "TEXT" => "[`{{< canary >}}`](https://example.com/)" }
        at "TEXT", "hugo-shortcode";
    note_title_hugo_cannot_spell_is_refused: { "NOTE_TITLE" => r#"A "b" \\ \` c"# }
        at "NOTE_TITLE", "shortcode-argument";
    label_hugo_cannot_spell_is_refused: { "LABEL" => r#"A "b" \\ \` c"# }
        at "LABEL", "shortcode-argument";
}
