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
        (
            "en",
            "https://nordvikmoln.example/policies/en/data-processing-agreement.html",
        ),
        (
            "da",
            "https://nordvikmoln.example/policies/da/databehandleraftale.html",
        ),
        (
            "sv",
            "https://nordvikmoln.example/policies/sv/personuppgiftsbitradesavtal.html",
        ),
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

#[test]
fn print_html_resolves_relative_links_against_the_base_url() {
    let ws = examples();
    build_all(ws.path());
    let print = std::fs::read_to_string(
        ws.path()
            .join("out/da/behandling-af-personoplysninger.print.html"),
    )
    .unwrap();
    let gdpr = "href=\"https:&#x2f;&#x2f;nordvikmoln.example&#x2f;gdpr\"";
    let resolved =
        print.contains(gdpr) || print.contains("href=\"https://nordvikmoln.example/gdpr\"");
    assert!(
        resolved,
        "the fact link `/gdpr` resolved against the base's origin"
    );
    assert!(
        !print.contains("href=\"/gdpr\""),
        "no relative link is left on paper"
    );
}

#[test]
fn standalone_html_keeps_relative_links_as_written() {
    let ws = examples();
    build_all(ws.path());
    let page = std::fs::read_to_string(
        ws.path()
            .join("out/da/behandling-af-personoplysninger.html"),
    )
    .unwrap();
    assert!(
        page.contains("href=\"/gdpr\""),
        "the site resolves `/gdpr` itself"
    );
}

#[test]
fn check_warns_about_relative_links_when_no_base_url_is_set() {
    let ws = examples();
    edit(&ws.path().join("policyc.toml"), |s| {
        s.replace("base-url = \"https://nordvikmoln.example/policies\"", "")
    });
    let r = policyc(ws.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON diagnostics");
    let found: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        // Swedish has its own value of the fact (`/gdpr/`): its own warning.
        .filter(|d| d["code"] == "relative-link" && d["policy"] == "privacy" && d["locale"] != "sv")
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one warning for the fact, not one per locale: {}",
        r.all()
    );
    let w = found[0];
    assert_eq!(w["severity"], "warning");
    assert_eq!(
        w["file"], "policies/privacy.toml",
        "points at the fact `gdpr-page`"
    );
    assert!(w["message"].as_str().unwrap().contains("`/gdpr`"), "{w}");
    assert_eq!(r.code, 0, "a warning alone passes: {}", r.all());
    let denied = policyc(ws.path(), &["check", "--deny", "warnings"]);
    assert_eq!(denied.code, 1, "{}", denied.all());
}

#[test]
fn a_site_base_url_serves_when_html_has_none() {
    let ws = examples();
    edit(&ws.path().join("policyc.toml"), |s| {
        let s = s.replace("base-url = \"https://nordvikmoln.example/policies\"", "");
        format!("{s}\n[sites.web]\ncontent = \"../site-content\"\nbase-url = \"https://www.nordvikmoln.example\"\n")
    });
    let r = policyc(ws.path(), &["build", "--format", "print"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.all().contains("relative-link"), "{}", r.all());
    let print = std::fs::read_to_string(
        ws.path()
            .join("out/da/behandling-af-personoplysninger.print.html"),
    )
    .unwrap();
    assert!(
        print.contains("www.nordvikmoln.example&#x2f;gdpr")
            || print.contains("www.nordvikmoln.example/gdpr")
    );
}

#[test]
fn markdown_for_hugo_keeps_relative_links_as_written() {
    let ws = examples();
    let r = policyc(ws.path(), &["build", "--format", "md", "--locale", "da"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let md = std::fs::read_to_string(ws.path().join("out/da/behandling-af-personoplysninger.md"))
        .unwrap();
    assert!(md.contains("](/gdpr)"), "{md}");
    assert!(!md.contains("nordvikmoln.example/gdpr"), "{md}");
}

#[test]
fn a_relative_link_written_in_a_translation_is_warned_at_its_line() {
    let ws = examples();
    edit(&ws.path().join("policyc.toml"), |s| {
        s.replace("base-url = \"https://nordvikmoln.example/policies\"", "")
    });
    edit(&ws.path().join("locales/en/dpa.ftl"), |s| {
        s.replace(
            "    .who = This agreement",
            "    .who = See [the main agreement](/terms). This agreement",
        )
    });
    let r = policyc(
        ws.path(),
        &[
            "check", "--policy", "dpa", "--locale", "en", "--format", "json",
        ],
    );
    assert_eq!(r.code, 0, "a warning alone passes: {}", r.all());
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON diagnostics");
    let found: Vec<&serde_json::Value> = (json["diagnostics"].as_array().unwrap().iter())
        .filter(|d| d["code"] == "relative-link")
        .collect();
    assert_eq!(found.len(), 1, "{}", r.all());
    assert_eq!(found[0]["file"], "locales/en/dpa.ftl", "{}", found[0]);
    assert_eq!(found[0]["line"], 22, "{}", found[0]);
    assert_eq!(found[0]["locale"], "en", "{}", found[0]);
    assert!(
        found[0]["message"].as_str().unwrap().contains("`/terms`"),
        "{}",
        found[0]
    );
}

#[test]
fn no_relative_link_warning_when_nothing_is_built_for_paper() {
    let ws = examples();
    edit(&ws.path().join("policyc.toml"), |s| {
        s.replace("base-url = \"https://nordvikmoln.example/policies\"", "")
    });
    let r = policyc(ws.path(), &["build", "--format", "md,html"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.all().contains("relative-link"), "{}", r.all());
    let paper = policyc(ws.path(), &["build", "--format", "print"]);
    assert!(paper.all().contains("relative-link"), "{}", paper.all());
}
