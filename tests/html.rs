//! The HTML, fragment and print HTML backends, through the real binary.

mod common;

use common::*;

fn build_all(ws: &std::path::Path) {
    let r = policyc(ws, &["build", "--format", "html,print,fragment"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn html_and_print_of_every_example_match_their_snapshots() {
    let ws = examples();
    build_all(ws.path());
    let mut tree = read_tree(&ws.path().join("out"));
    assert!(tree.remove("manifest.json").is_some(), "out/manifest.json");
    assert_eq!(tree.len(), 24, "{:?}", tree.keys());
    for (path, bytes) in tree {
        if path.ends_with(".fragment.html") {
            continue;
        }
        let name = path.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, String::from_utf8(bytes).unwrap());
    }
}

#[test]
fn pages_link_their_translations_and_every_section() {
    let ws = examples();
    build_all(ws.path());
    let page = std::fs::read_to_string(ws.path().join("out/no/databehandleravtale.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"nb\">"));
    assert!(page.contains("<title>Databehandleravtale</title>"));
    for (tag, href) in [
        ("en", "../en/data-processing-agreement.html"),
        ("da", "../da/databehandleraftale.html"),
        ("sv", "../sv/personuppgiftsbitradesavtal.html"),
    ] {
        let href = href.replace('/', "&#x2f;");
        assert!(
            page.contains(&format!(
                "<link rel=\"alternate\" hreflang=\"{tag}\" href=\"{href}\">"
            )),
            "{tag}"
        );
        assert!(
            page.contains(&format!(
                "<a href=\"{href}\" hreflang=\"{tag}\" lang=\"{tag}\">"
            )),
            "{tag}"
        );
    }
    let source = std::fs::read_to_string(ws.path().join("policies/dpa.toml")).unwrap();
    for id in section_ids(&source) {
        assert!(
            page.contains(&format!("<section id=\"{id}\"")),
            "anchor {id}"
        );
        assert!(
            page.contains(&format!("<li><a href=\"#{id}\">")),
            "toc entry {id}"
        );
    }
    assert!(
        page.contains("<th scope=\"col\">"),
        "tables have header cells"
    );
    assert!(
        page.contains("<div class=\"note\" role=\"note\""),
        "notes are call-outs"
    );
    assert!(page.contains("<h2 id=\"toc-title\">Innholdsfortegnelse</h2>"));
}

#[test]
fn base_url_gives_a_canonical_url_and_absolute_alternates() {
    let ws = examples();
    edit(&ws.path().join("policyc.toml"), |s| {
        s.replace("# base-url = ", "base-url = ")
    });
    build_all(ws.path());
    let page = std::fs::read_to_string(ws.path().join("out/en/privacy-notice.html")).unwrap();
    let slash = "&#x2f;";
    let base = format!("https:{slash}{slash}nordvikmoln.example{slash}policies");
    assert!(
        page.contains(&format!(
            "<link rel=\"canonical\" href=\"{base}{slash}en{slash}privacy-notice.html\">"
        )),
        "{page}"
    );
    assert!(page.contains(&format!(
        "hreflang=\"da\" href=\"{base}{slash}da{slash}behandling-af-personoplysninger.html\""
    )));
}

#[test]
fn print_page_has_cover_running_header_and_localized_page_numbers() {
    let ws = examples();
    build_all(ws.path());
    let da =
        std::fs::read_to_string(ws.path().join("out/da/databehandleraftale.print.html")).unwrap();
    assert!(
        da.contains("@bottom-right { content: \"Side \" counter(page) \" af \" counter(pages); }"),
        "{da}"
    );
    assert!(da.contains("@top-center { content: \"Databehandleraftale\"; }"));
    assert!(da.contains("@bottom-left { content: \"NVM-AGR-002\"; }"));
    assert!(da.contains("size: A4;"));
    for label in [
        "Kategori",
        "Titel",
        "Version",
        "Dokument-id",
        "Udarbejdet af",
        "Godkendt af",
        "Dato",
        "Klassificering",
    ] {
        assert!(
            da.contains(&format!("<th scope=\"row\">{label}</th>")),
            "cover label {label}"
        );
    }
    let sv = std::fs::read_to_string(ws.path().join("out/sv/personuppgiftshantering.print.html"))
        .unwrap();
    assert!(sv.contains("content: \"Sida \" counter(page) \" av \" counter(pages);"));
}

#[test]
fn fragment_is_the_body_only() {
    let ws = examples();
    build_all(ws.path());
    let f = std::fs::read_to_string(ws.path().join("out/en/privacy-notice.fragment.html")).unwrap();
    assert!(
        f.starts_with("<article class=\"policy\" lang=\"en\">"),
        "{f}"
    );
    assert!(!f.contains("<html") && !f.contains("<style") && !f.contains("<head"));
    assert!(f.contains("<section id=\"legal-basis\""));
}

#[test]
fn translated_text_is_escaped_in_html() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/en/notice.ftl"), |s| {
        s.replace("By mail.", "Use \\<b onclick=\"x\"> & \"quotes\" 'here'.")
            .replace("policy = Notice", "policy = Notice \\</title>\\<script>")
    });
    let r = policyc(
        ws.path(),
        &["build", "--format", "html,print", "--locale", "en"],
    );
    assert_eq!(r.code, 1, "the minimal fixture has no labels: {}", r.all());
    // Provide the labels the HTML outputs need, then build again.
    std::fs::write(
        ws.path().join("locales/en/_shared.ftl"),
        "contents-label = Contents\nlabel-languages = Languages\nlabel-version = Version\nlabel-effective = Effective\nlanguage-name = English\n",
    )
    .unwrap();
    let r = policyc(ws.path(), &["build", "--format", "html", "--locale", "en"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let page = std::fs::read_to_string(ws.path().join("out/en/notice.html")).unwrap();
    assert!(
        page.contains(
            "<li>Use &lt;b onclick=&quot;x&quot;&gt; &amp; &quot;quotes&quot; &#39;here&#39;.</li>"
        ),
        "{page}"
    );
    assert!(
        page.contains("<title>Notice &lt;&#x2f;title&gt;&lt;script&gt;</title>"),
        "{page}"
    );
    assert!(!page.contains("<script"));
}

#[test]
fn missing_labels_for_print_are_reported_per_locale() {
    let ws = examples();
    edit(&ws.path().join("locales/sv/_shared.ftl"), |s| {
        remove_message(&s, "page-of")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr
            .contains("locale `sv` is missing `page-of`, which the reference defines"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("locales/sv/_shared.ftl"));
}

#[test]
fn a_workspace_template_overrides_the_built_in_one() {
    let ws = fixture("minimal");
    std::fs::create_dir_all(ws.path().join("templates")).unwrap();
    std::fs::write(
        ws.path().join("templates/page.md.jinja"),
        "# {{ doc.title }} ({{ doc.locale.code }})\n{{ body }}",
    )
    .unwrap();
    let r = policyc(ws.path(), &["build", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let page = std::fs::read_to_string(ws.path().join("out/da/meddelelse.md")).unwrap();
    assert!(page.starts_with("# Meddelelse (da)\n"), "{page}");
}

#[test]
fn template_errors_name_the_file_and_line() {
    let ws = fixture("minimal");
    std::fs::create_dir_all(ws.path().join("templates")).unwrap();
    std::fs::write(
        ws.path().join("templates/page.md.jinja"),
        "line one\n{{ doc.title }\n",
    )
    .unwrap();
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error[template-error]"), "{}", r.stderr);
    assert!(
        r.stderr.contains("templates/page.md.jinja:2:1"),
        "{}",
        r.stderr
    );
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 2, "check renders too: {}", r.all());
}

#[test]
fn json_output_is_the_document_tree() {
    let ws = fixture("minimal");
    let r = policyc(ws.path(), &["build", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(ws.path().join("out/da/meddelelse.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(v["title"], "Meddelelse");
    assert_eq!(v["locale"]["tag"], "da");
    assert_eq!(v["sections"][1]["id"], "contact");
    assert_eq!(v["sections"][1]["number"], "2");
    assert_eq!(v["translations"][0]["tag"], "en");
}

/// Without a `templates/` folder, the web page and the Markdown page are
/// written by code that mirrors the built-in templates (it is faster than
/// the template engine); with copies of the built-in templates in
/// `templates/`, the template engine writes them. Both must give the same
/// bytes: with and without a base URL, with and without language links,
/// without an effective date, and for text the engine escapes.
#[test]
fn built_in_pages_are_the_templates_output() {
    let engine = examples();
    let direct = examples();
    std::fs::remove_dir_all(direct.path().join("templates")).unwrap();
    let edit = |ws: &std::path::Path, file: &str, from: &str, to: &str| {
        let path = ws.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    for ws in [engine.path(), direct.path()] {
        // Danish, not English: a change to the reference locale would
        // make the others wait for review.
        let (privacy, shared) = ("locales/da/privacy.ftl", "locales/da/_shared.ftl");
        let title = "policy = Behandling af personoplysninger";
        edit(
            ws,
            privacy,
            title,
            "policy = Behandling / af's \"R&D\" > 'x'",
        );
        edit(
            ws,
            shared,
            "language-name = Dansk",
            "language-name = Dan/sk's \"&\"",
        );
        edit(
            ws,
            shared,
            "label-version = Version",
            "label-version = Ver/sion <'v'>",
        );
        edit(ws, "policies/dpa.toml", "effective = 2025-04-01\n", "");
        // Signed off, or the edited title would be changed-after-review.
        let r = policyc(ws, &["review", "--locale", "da", "--by", "Test"]);
        assert_eq!(r.code, 0, "{}", r.all());
    }
    let build = |ws: &std::path::Path, args: &[&str], out: &str| {
        let mut all = vec!["build", "--no-sites", "--format", "md,html", "--out", out];
        all.extend_from_slice(args);
        let r = policyc(ws, &all);
        assert_eq!(r.code, 0, "{}", r.all());
        let mut tree = read_tree(&ws.join(out));
        tree.remove("manifest.json");
        tree
    };
    let mut compared = 0;
    for (args, out) in [(&[][..], "all"), (&["--locale", "da"][..], "one")] {
        let by_engine = build(engine.path(), args, out);
        let written = build(direct.path(), args, out);
        assert_eq!(
            by_engine.keys().collect::<Vec<_>>(),
            written.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &by_engine {
            assert_eq!(
                String::from_utf8_lossy(&written[path]),
                String::from_utf8_lossy(bytes),
                "{out}/{path}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 16 + 4);
    // A base URL: canonical links and absolute language links.
    for ws in [engine.path(), direct.path()] {
        edit(
            ws,
            "policyc.toml",
            "# base-url = \"https://nordvikmoln.example/policies\"",
            "base-url = \"https://nordvikmoln.example/a&b/it's\"",
        );
    }
    let by_engine = build(engine.path(), &[], "base");
    let written = build(direct.path(), &[], "base");
    assert_eq!(by_engine, written);
    let page = &written["da/behandling-af-personoplysninger.html"];
    let page = String::from_utf8_lossy(page);
    for expected in [
        "<link rel=\"canonical\" href=\"https:&#x2f;&#x2f;nordvikmoln.example&#x2f;a&amp;b&#x2f;it&#x27;s&#x2f;da&#x2f;behandling-af-personoplysninger.html\">",
        "<title>Behandling &#x2f; af&#x27;s &quot;R&amp;D&quot; &gt; &#x27;x&#x27;</title>",
        "lang=\"da\">Dan&#x2f;sk&#x27;s &quot;&amp;&quot;</span>",
        "<p class=\"meta\">Ver&#x2f;sion &lt;&#x27;v&#x27;&gt; 3.1",
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
}
