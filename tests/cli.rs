//! End-to-end tests of the `policyc` binary on the shipped examples and on
//! fixture workspaces, each copied into a temporary folder.

mod common;

use common::*;

const ALL_FORMATS: &str = "md,html,print,fragment,pdf,json";

const LOCALES: &[(&str, &str)] = &[("en", "en"), ("da", "da"), ("sv", "sv"), ("nb", "no")];

#[test]
fn check_is_clean_on_the_shipped_examples() {
    let ws = examples();
    let r = policyc(ws.path(), &["check", "--deny", "warnings"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stderr.contains("check ok: 0 errors, 0 warnings"),
        "{}",
        r.stderr
    );
}

#[test]
fn markdown_of_every_example_locale_matches_its_snapshot() {
    let ws = examples();
    let r = policyc(ws.path(), &["build", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let mut tree = read_tree(&ws.path().join("out"));
    assert!(tree.remove("manifest.json").is_some(), "out/manifest.json");
    assert_eq!(
        tree.len(),
        8,
        "two policies in four locales: {:?}",
        tree.keys()
    );
    for (path, bytes) in tree {
        let text = String::from_utf8(bytes).unwrap();
        let name = path.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, text);
    }
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn danish_privacy_page_has_the_shape_of_the_seed_page() {
    let ws = examples();
    assert_eq!(
        policyc(
            ws.path(),
            &["build", "--locale", "da", "--policy", "privacy"]
        )
        .code,
        0
    );
    let page = std::fs::read_to_string(ws.path().join("out/da/behandling-af-personoplysninger.md"))
        .unwrap();
    let rest = page.strip_prefix("---\n").expect("front matter first");
    let (front, body) = rest.split_once("\n---\n").expect("closing fence");
    let yaml = &yaml_rust2::YamlLoader::load_from_str(front).unwrap()[0];
    let keys: Vec<&str> = yaml
        .as_hash()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap())
        .collect();
    // The seed page's keys, in its order (translationKey links translations).
    assert_eq!(
        keys,
        [
            "ai",
            "language",
            "title",
            "date",
            "draft",
            "intro",
            "dokumentbild",
            "general",
            "TOC",
            "aliases",
            "slug",
            "translationKey"
        ]
    );
    assert_eq!(yaml["language"].as_str(), Some("da"));
    assert_eq!(yaml["date"].as_str(), Some("2024-01-05"));
    assert_eq!(yaml["draft"].as_bool(), Some(false));
    assert_eq!(
        yaml["general"].as_str(),
        Some("yes"),
        "quoted, not a YAML 1.1 boolean"
    );
    assert_eq!(yaml["TOC"].as_str(), Some("På denne side"));
    let body = body.trim_start();
    assert!(
        body.starts_with("_Vil du vide"),
        "italic lead line first: {body}"
    );
    let headings: Vec<&str> = body.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(headings.len(), 10, "ten sections: {headings:?}");
    assert!(headings
        .iter()
        .all(|h| h.starts_with("### ") && !h.starts_with("#### ")));
    assert!(headings[3].contains("Retsgrundlag") && headings[3].ends_with("{#legal-basis}"));
    assert!(
        body.trim_end().ends_with("{{% /note %}}"),
        "note block at the end"
    );
    assert!(body.contains("{{% note \"databehandleraftale\" %}}"));
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn norwegian_is_published_under_the_site_code_and_stays_a_string() {
    let ws = examples();
    let r = policyc(ws.path(), &["build", "--locale", "no"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let page = std::fs::read_to_string(ws.path().join("out/no/personvernerklaering.md")).unwrap();
    assert!(
        page.contains("language: \"no\""),
        "YAML 1.1 would read a bare no as false"
    );
    assert!(
        !ws.path().join("out/en").exists(),
        "--locale selects one locale"
    );
    // Dates come from CLDR data for nb.
    let dpa = std::fs::read_to_string(ws.path().join("out/no/databehandleravtale.md")).unwrap();
    assert!(dpa.contains("1. april 2025"), "{dpa}");
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn no_output_contains_unicode_isolation_marks() {
    let ws = examples();
    assert_eq!(policyc(ws.path(), &["build"]).code, 0);
    for (path, bytes) in read_tree(&ws.path().join("out")) {
        if path.ends_with(".pdf") {
            // PDF text is compressed; its text is checked in CI with
            // pdftotext (scripts/check-pdf.py compares it with the tree).
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains(['\u{2068}', '\u{2069}']), "{path}");
    }
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn deleting_any_section_from_any_locale_fails_check_and_build() {
    let ws = examples();
    let before = {
        assert_eq!(policyc(ws.path(), &["build"]).code, 0);
        read_tree(&ws.path().join("out"))
    };
    for policy in ["privacy", "dpa"] {
        let source =
            std::fs::read_to_string(ws.path().join(format!("policies/{policy}.toml"))).unwrap();
        let sections = section_ids(&source);
        assert!(sections.len() >= 7, "{sections:?}");
        for (tag, _) in LOCALES {
            let file = ws.path().join(format!("locales/{tag}/{policy}.ftl"));
            let original = std::fs::read_to_string(&file).unwrap();
            for section in &sections {
                std::fs::write(&file, remove_message(&original, section)).unwrap();
                let check = policyc(ws.path(), &["check"]);
                assert_eq!(
                    check.code,
                    1,
                    "{tag}/{policy} without {section}: {}",
                    check.all()
                );
                let expected =
                    format!("locale `{tag}` is missing section `{section}` of policy `{policy}`");
                assert!(
                    check.stderr.contains(&expected),
                    "{expected}\n{}",
                    check.stderr
                );
                assert!(check
                    .stderr
                    .contains(&format!("locales/{tag}/{policy}.ftl")));
                let build = policyc(ws.path(), &["build"]);
                assert_eq!(build.code, 1, "{}", build.all());
                assert!(build.stderr.contains(&expected));
                assert!(build.stderr.contains("nothing was written"));
            }
            std::fs::write(&file, &original).unwrap();
        }
    }
    assert_eq!(
        read_tree(&ws.path().join("out")),
        before,
        "failed builds left out/ as it was"
    );
}

// The snapshot is the full build's report; the gate-only build adds its
// "not checked as pdf" note (tests/gate_only.rs).
#[cfg(feature = "pdf")]
#[test]
fn missing_section_diagnostic_shows_the_reference_text() {
    let ws = examples();
    edit(&ws.path().join("locales/sv/privacy.ftl"), |s| {
        remove_message(&s, "legal-basis")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("missing_section_stderr", r.stderr);
}

/// The examples with `on-incomplete = "skip-locale"`.
fn examples_skipping_incomplete_locales() -> tempfile::TempDir {
    let ws = examples();
    edit(&ws.path().join("policyc.toml"), |s| {
        s.replace(
            "on-incomplete = \"fail\"",
            "on-incomplete = \"skip-locale\"",
        )
    });
    ws
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn skip_locale_writes_only_complete_locales() {
    let ws = examples_skipping_incomplete_locales();
    edit(&ws.path().join("locales/sv/dpa.ftl"), |s| {
        remove_message(&s, "security")
    });
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let mut tree = read_tree(&ws.path().join("out"));
    assert!(tree.remove("manifest.json").is_some(), "out/manifest.json");
    assert!(
        tree.keys().all(|k| !k.starts_with("sv/")),
        "sv refused: {:?}",
        tree.keys()
    );
    assert_eq!(tree.len(), 24, "four formats x 6 pages: {:?}", tree.keys());
    assert!(r.stderr.contains("refused locale(s): sv"));
    let again = policyc(ws.path(), &["build"]);
    assert_eq!(
        again.code,
        1,
        "a refused build is never 'up to date': {}",
        again.all()
    );
    let da = String::from_utf8(tree["da/databehandleraftale.html"].clone()).unwrap();
    assert!(
        !da.contains("hreflang=\"sv\""),
        "no link to a refused locale"
    );
    assert!(da.contains("hreflang=\"en\""));
}

#[test]
fn a_locale_refused_by_one_policy_keeps_its_pages_and_loses_its_links_everywhere() {
    let ws = examples_skipping_incomplete_locales();
    let first = policyc(ws.path(), &["build", "--format", "md,html"]);
    assert_eq!(first.code, 0, "{}", first.all());
    let before = read_tree(&ws.path().join("out"));
    // sv: a changed privacy text (a new page, were sv publishable) and a
    // section missing from the other policy (which refuses sv).
    edit(&ws.path().join("locales/sv/privacy.ftl"), |s| {
        s.replace("company = Om oss", "company = Om oss och vår verksamhet")
    });
    edit(&ws.path().join("locales/sv/dpa.ftl"), |s| {
        remove_message(&s, "security")
    });
    let r = policyc(ws.path(), &["build", "--format", "md,html"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("refused locale(s): sv"), "{}", r.stderr);
    let after = read_tree(&ws.path().join("out"));
    let sv: Vec<&String> = before.keys().filter(|k| k.starts_with("sv/")).collect();
    assert_eq!(sv.len(), 4, "{sv:?}");
    for k in sv {
        assert_eq!(
            after[k], before[k],
            "{k} stays as the last good build left it"
        );
    }
    let mut relinked = 0;
    for (k, v) in &after {
        if k.ends_with(".html") && !k.starts_with("sv/") {
            let page = String::from_utf8_lossy(v);
            assert!(!page.contains("hreflang=\"sv\""), "{k} links to refused sv");
            assert!(
                page.contains("hreflang=\"en\"") || k.starts_with("en/"),
                "{k}"
            );
            relinked += usize::from(before[k] != *v);
        }
    }
    assert_eq!(relinked, 6, "every other page lost its sv link");
    let leftovers: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("policyc-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn missing_attribute_is_reported_at_the_message() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        s.replace("    .ways-phone = Med telefon.\n", "")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("locale `da` is missing an item of list `ways` (`contact.ways-phone`)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("locales/da/notice.ftl:10:1"),
        "{}",
        r.stderr
    );
}

#[test]
fn facts_are_literal_text_and_sections_are_cross_referenced() {
    let ws = fixture("minimal");
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let en = std::fs::read_to_string(ws.path().join("out/en/notice.md")).unwrap();
    assert!(
        en.contains("This is Example \\*Co\\* AB, version 1.0."),
        "{en}"
    );
    assert!(en.contains("See [2. Contact](#contact)."), "{en}");
    assert!(
        en.contains("{{< ingress >}}\nPublished on January 5, 2024.\n{{< /ingress >}}"),
        "{en}"
    );
    assert!(
        en.contains("### 2. Contact {#contact}") || en.contains("## 2. Contact {#contact}"),
        "{en}"
    );
    let da = std::fs::read_to_string(ws.path().join("out/da/meddelelse.md")).unwrap();
    assert!(da.contains("Offentliggjort den 5. januar 2024."), "{da}");
    assert!(da.contains("Se [2. Kontakt](#contact)."), "{da}");
}

#[test]
fn broken_toml_is_an_input_error_with_line_and_column() {
    let ws = fixture("minimal");
    edit(&ws.path().join("policies/notice.toml"), |s| {
        s.replace("version = \"1.0\"", "version = \"1.0")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error[invalid-toml]"), "{}", r.stderr);
    assert!(r.stderr.contains("policies/notice.toml:3:"), "{}", r.stderr);
}

#[test]
fn unknown_field_in_the_policy_is_an_input_error() {
    let ws = fixture("minimal");
    edit(&ws.path().join("policies/notice.toml"), |s| {
        s.replace("numbered = true", "numberd = true")
    });
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("unknown field `numberd`"), "{}", r.stderr);
    assert!(
        r.stderr.contains("policies/notice.toml:5:1"),
        "{}",
        r.stderr
    );
    assert!(!ws.path().join("out").exists());
}

#[test]
fn broken_ftl_is_a_finding_with_line_column_and_trap_hint() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        s.replace(
            "    .body = Dette er { $company }, version { $version }.",
            "    .body =\n        Dette er\n        **fed** tekst.",
        )
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("error[ftl-syntax]"), "{}", r.stderr);
    assert!(
        r.stderr.contains("locales/da/notice.ftl:10:9"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("may not begin with `*`"), "{}", r.stderr);
}

/// A policy's Fluent file is parsed where its pages are made: its syntax
/// error is reported once, refuses its locale in a full build, and does
/// not stop a build of another policy.
#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn a_syntax_error_is_reported_once_and_only_stops_the_policy_that_has_it() {
    let ws = examples();
    edit(&ws.path().join("locales/da/dpa.ftl"), |s| {
        format!("{s}\nbroken = {{ $company\n")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(
        r.stderr.matches("error[ftl-syntax]").count(),
        1,
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("locales/da/dpa.ftl:"), "{}", r.stderr);

    let all = policyc(ws.path(), &["build", "--out", "all"]);
    assert_eq!(all.code, 1, "{}", all.all());
    assert!(!ws.path().join("all").exists(), "{}", all.all());

    let privacy = policyc(
        ws.path(),
        &["build", "--policy", "privacy", "--out", "privacy"],
    );
    assert_eq!(privacy.code, 0, "{}", privacy.all());
    let tree = read_tree(&ws.path().join("privacy"));
    assert!(
        tree.keys().any(|k| k.starts_with("da/")),
        "the Danish privacy notice is built: {:?}",
        tree.keys()
    );
}

/// A FIFO among the inputs is never read (a read would wait for a writer
/// forever): the build's fingerprint skips it and loading reports it.
#[cfg(unix)]
#[test]
fn a_fifo_among_the_translations_does_not_hang_the_build() {
    let ws = examples();
    let fifo = ws.path().join("locales/da/stray.ftl");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let r = policyc(ws.path(), &["build", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("warning[unused-file]"), "{}", r.stderr);
    assert!(ws.path().join("out/da").is_dir(), "{}", r.all());
}

#[test]
fn unknown_locale_on_the_command_line_is_an_invocation_error() {
    let ws = fixture("minimal");
    let r = policyc(ws.path(), &["build", "--locale", "fr"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("the workspace has no locale `fr`"),
        "{}",
        r.stderr
    );
    assert!(!ws.path().join("out").exists());
}

#[test]
fn unknown_locale_in_a_policy_is_an_input_error() {
    let ws = fixture("minimal");
    edit(&ws.path().join("policies/notice.toml"), |s| {
        s.replace("[locales.da]", "[locales.fr]")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr
            .contains("`[locales.fr]` names a locale the workspace does not have"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("policies/notice.toml:11:1"),
        "{}",
        r.stderr
    );
}

#[test]
fn invalid_locale_tag_in_the_config_is_an_input_error() {
    let ws = fixture("minimal");
    edit(&ws.path().join("policyc.toml"), |s| {
        s.replace("[\"en\", \"da\"]", "[\"en\", \"da\", \"not a tag\"]")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr
            .contains("`not a tag` is not a valid BCP 47 locale tag"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("policyc.toml:3:"), "{}", r.stderr);
}

#[test]
fn missing_ftl_file_is_a_finding_naming_the_file_to_create() {
    let ws = fixture("minimal");
    std::fs::remove_file(ws.path().join("locales/da/notice.ftl")).unwrap();
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr
            .contains("locale `da` has no translation of policy `notice`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("copy `locales/en/notice.ftl`"),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_config_is_an_input_error_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let r = policyc(dir.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("`policyc.toml` does not exist"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--workspace"), "{}", r.stderr);
}

#[test]
fn duplicate_section_id_is_an_input_error_at_the_second_use() {
    let ws = fixture("minimal");
    edit(&ws.path().join("policies/notice.toml"), |s| {
        s.replace("id = \"contact\"", "id = \"intro\"")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("section id `intro` is used twice"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("policies/notice.toml:23:6"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("first used on line 19"), "{}", r.stderr);
    assert!(!r.stderr.contains("unused-file"), "{}", r.stderr);
}

#[test]
fn duplicate_message_in_ftl_is_a_finding() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        format!("{s}\nintro = Igen\n    .body = Igen.\n")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr.contains("`intro` is defined twice"),
        "{}",
        r.stderr
    );
}

#[test]
fn slugs_that_could_leave_the_output_folder_are_refused() {
    for slug in ["../evil", "a/b", "..", ".hidden", "a\\\\b"] {
        let ws = fixture("minimal");
        edit(&ws.path().join("policies/notice.toml"), |s| {
            s.replace("slug = \"meddelelse\"", &format!("slug = \"{slug}\""))
        });
        let r = policyc(ws.path(), &["build"]);
        assert_eq!(r.code, 2, "{slug}: {}", r.all());
        assert!(
            r.stderr.contains("is not a safe file name"),
            "{slug}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains("policies/notice.toml:12:8"),
            "{slug}: {}",
            r.stderr
        );
        assert!(!ws.path().join("out").exists(), "{slug}");
        assert!(files_outside_out(ws.path())
            .iter()
            .all(|f| !f.contains("evil")));
    }
}

#[test]
fn two_policies_writing_the_same_file_stop_the_build_and_keep_the_output() {
    let ws = examples();
    let first = policyc(ws.path(), &["build", "--format", "md"]);
    assert_eq!(first.code, 0, "{}", first.all());
    let before = read_tree(&ws.path().join("out"));
    edit(&ws.path().join("policies/dpa.toml"), |s| {
        s.replace(
            "slug = \"databehandleraftale\"",
            "slug = \"behandling-af-personoplysninger\"",
        )
    });
    let r = policyc(ws.path(), &["build", "--format", "md"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains(
            "policies `dpa` and `privacy` both write `da/behandling-af-personoplysninger.md`"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(read_tree(&ws.path().join("out")), before, "out/ as it was");
}

#[test]
fn a_title_with_yaml_fences_and_colons_stays_one_string() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/en/notice.ftl"), |s| {
        s.replace(
            "policy = Notice",
            "policy = Notice --- draft: true\\n\"quoted\" # not a comment",
        )
    });
    let r = policyc(ws.path(), &["build", "--locale", "en"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let page = std::fs::read_to_string(ws.path().join("out/en/notice.md")).unwrap();
    let front = page
        .strip_prefix("---\n")
        .unwrap()
        .split_once("\n---\n")
        .unwrap()
        .0;
    let yaml = &yaml_rust2::YamlLoader::load_from_str(front).unwrap()[0];
    assert_eq!(
        yaml["title"].as_str(),
        Some("Notice --- draft: true\\n\"quoted\" # not a comment")
    );
    assert!(yaml["draft"].is_badvalue(), "no key was injected: {front}");
}

#[test]
fn a_title_spanning_lines_with_a_fence_is_refused() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/en/notice.ftl"), |s| {
        s.replace(
            "policy = Notice",
            "policy =\n    Notice\n    ---\n    draft: true",
        )
    });
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr.contains("error[structure-in-text]"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("locales/en/notice.ftl:1:1"),
        "{}",
        r.stderr
    );
    assert!(!ws.path().join("out").exists());
}

#[test]
fn hostile_markup_in_translations_is_refused() {
    for (text, code) in [
        ("<script>alert(1)</script>", "raw-html"),
        ("<img src=x onerror=alert(1)>", "raw-html"),
        ("[click](javascript:alert(1))", "unsafe-link"),
        ("[click](JAVASCRIPT:alert(1))", "unsafe-link"),
        ("[click](data:text/html;base64,PHNjcmlwdD4=)", "unsafe-link"),
        ("![x](/y.png)", "image-in-text"),
    ] {
        let ws = fixture("minimal");
        edit(&ws.path().join("locales/da/notice.ftl"), |s| {
            s.replace("Med post.", text)
        });
        let r = policyc(ws.path(), &["build"]);
        assert_eq!(r.code, 1, "{text}: {}", r.all());
        assert!(
            r.stderr.contains(&format!("error[{code}]")),
            "{text}: {}",
            r.stderr
        );
        assert!(!ws.path().join("out").exists(), "{text}");
    }
}

#[test]
fn hugo_shortcodes_in_translations_are_neutralised() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/en/notice.ftl"), |s| {
        s.replace(
            "By mail.",
            "{\"{{\"}< evil >{\"}}\"} and {\"{{\"}% x %{\"}}\"}",
        )
    });
    let r = policyc(ws.path(), &["build", "--locale", "en"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let page = std::fs::read_to_string(ws.path().join("out/en/notice.md")).unwrap();
    assert!(
        page.contains("- \\{\\{\\< evil \\>}} and \\{\\{% x %}}"),
        "{page}"
    );
    let line = page.lines().find(|l| l.contains("evil")).unwrap();
    assert!(!line.contains("{{<") && !line.contains("{{%"), "{line}");
}

#[test]
fn unknown_variable_and_section_get_suggestions() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        s.replace("{ $email }]", "{ $emial }]")
            .replace("SECTION(\"contact\")", "SECTION(\"contakt\")")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr.contains("unknown variable `$emial`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("did you mean `$email`?"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("`SECTION(\"contakt\")` refers to no section"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("did you mean `contact`?"), "{}", r.stderr);
}

#[test]
fn unused_messages_are_warnings_and_deny_warnings_fails() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        format!("{s}\nold-section = Gammel\n")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stderr
            .contains("warning[unused-message]: `old-section` is not used"),
        "{}",
        r.stderr
    );
    let r = policyc(ws.path(), &["check", "--deny", "warnings"]);
    assert_eq!(r.code, 1, "{}", r.all());
}

#[test]
fn json_diagnostics_follow_the_documented_schema() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        remove_message(&s, "contact")
    });
    let r = policyc(ws.path(), &["check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["errors"], 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "missing-section");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["class"], "finding");
    assert_eq!(d["locale"], "da");
    assert_eq!(d["policy"], "notice");
    assert_eq!(d["section"], "contact");
    assert_eq!(d["file"], "locales/da/notice.ftl");
    assert!(d["hint"].as_str().unwrap().contains("contact = Contact"));
}

#[test]
fn github_format_emits_workflow_annotations() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        s.replace("{ $email }]", "{ $mail }]")
    });
    let r = policyc(ws.path(), &["check", "--format", "github"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .starts_with("::error file=locales/da/notice.ftl,line=11,col="),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("title=policyc unknown-variable::unknown variable `$mail`"),
        "{}",
        r.stdout
    );
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn an_unchanged_rebuild_touches_no_file() {
    let ws = examples();
    assert_eq!(policyc(ws.path(), &["build"]).code, 0);
    let file = ws.path().join("out/da/behandling-af-personoplysninger.md");
    let before = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let r = policyc(ws.path(), &["build"]);
    assert!(
        r.stderr
            .contains("up to date: no input changed since the last build (32 file(s))"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        before
    );
    // Touching an input without changing it still writes nothing: every
    // output keeps its modification time.
    let mtimes = |dir: &std::path::Path| -> Vec<(String, std::time::SystemTime)> {
        read_tree(dir)
            .into_keys()
            .map(|k| {
                let t = std::fs::metadata(dir.join(&k)).unwrap().modified().unwrap();
                (k, t)
            })
            .collect()
    };
    let out = ws.path().join("out");
    let before_all = mtimes(&out);
    assert_eq!(before_all.len(), 33, "32 pages and the manifest");
    edit(&ws.path().join("locales/da/privacy.ftl"), |s| s);
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        mtimes(&out),
        before_all,
        "an unchanged input rewrote a file"
    );
    // A deleted output is noticed and written again.
    std::fs::remove_file(&file).unwrap();
    let r = policyc(ws.path(), &["build"]);
    assert!(r.stderr.contains("1 written, 31 unchanged"), "{}", r.stderr);
    let before = std::fs::metadata(&file).unwrap().modified().unwrap();
    // A change to one locale rewrites only that locale's page.
    edit(&ws.path().join("locales/sv/privacy.ftl"), |s| {
        s.replace("policy = ", "policy = Ny ")
    });
    // (Signed off, or the edit would be changed-after-review.)
    let r = policyc(ws.path(), &["review", "--locale", "sv", "--by", "Ann"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = policyc(ws.path(), &["build"]);
    // Only that page, in each of the three formats.
    assert!(r.stderr.contains("written, "), "{}", r.stderr);
    let written: usize = r
        .stderr
        .split("file(s) in")
        .nth(1)
        .unwrap()
        .split(": ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(written, 4, "{}", r.stderr);
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        before
    );
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn output_is_identical_across_folders_time_zones_and_locales() {
    let a = examples();
    let b = examples();
    assert_eq!(
        policyc_env(
            a.path(),
            &["build", "--format", ALL_FORMATS],
            &[("TZ", "UTC"), ("LANG", "C")]
        )
        .code,
        0
    );
    assert_eq!(
        policyc_env(
            b.path(),
            &["build", "--format", ALL_FORMATS],
            &[
                ("TZ", "Pacific/Kiritimati"),
                ("LANG", "da_DK.UTF-8"),
                ("LC_ALL", "sv_SE.UTF-8")
            ]
        )
        .code,
        0
    );
    assert_eq!(
        read_tree(&a.path().join("out")),
        read_tree(&b.path().join("out"))
    );
}
