//! The CI gate: stale, inconsistent and untranslated text, `status` and
//! `review`, each finding through the CLI with its clean counterpart.

mod common;

use common::*;

fn check(ws: &std::path::Path) -> Run {
    policyc(ws, &["check"])
}

fn check_json(ws: &std::path::Path) -> serde_json::Value {
    let r = policyc(ws, &["check", "--format", "json"]);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.all()))
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn a_changed_reference_makes_every_translation_of_it_stale() {
    let ws = examples();
    assert_eq!(check(ws.path()).code, 0, "clean with the shipped lock");
    edit(&ws.path().join("locales/en/privacy.ftl"), |s| {
        s.replace(
            ".basis = We process your personal data on",
            ".basis = We only process your personal data on",
        )
    });
    let r = check(ws.path());
    assert_eq!(r.code, 1, "{}", r.all());
    for tag in ["da", "sv", "nb"] {
        assert!(
            r.stderr.contains(&format!("locales/{tag}/privacy.ftl:")),
            "{tag}"
        );
        assert!(r.stderr.contains(&format!(
            "run `policyc review --locale {tag} --policy privacy legal-basis.basis`"
        )));
    }
    assert!(r
        .stderr
        .contains("reference was: We process your personal data on"));
    assert!(r
        .stderr
        .contains("reference now: We only process your personal data on"));
    let v = check_json(ws.path());
    assert_eq!(codes(&v), ["stale", "stale", "stale"]);
    assert_eq!(v["diagnostics"][0]["section"], "legal-basis");

    // status shows the change; build refuses the stale locales.
    let s = policyc(ws.path(), &["status", "--format", "json"]);
    assert_eq!(s.code, 1);
    let status: serde_json::Value = serde_json::from_str(&s.stdout).unwrap();
    let privacy = status["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["policy"] == "privacy")
        .unwrap();
    let row = privacy["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["section"] == "legal-basis")
        .unwrap();
    assert_eq!(
        row["cells"],
        serde_json::json!(["ok", "stale", "stale", "stale"])
    );
    assert_eq!(
        privacy["stale"][0]["old"]
            .as_str()
            .unwrap()
            .split(' ')
            .nth(1),
        Some("process")
    );
    assert_eq!(policyc(ws.path(), &["build"]).code, 1);

    // Reviewing one locale clears it there only (the translation needs
    // no change: `--unchanged` says so).
    let r = policyc(
        ws.path(),
        &[
            "review",
            "--locale",
            "da",
            "--policy",
            "privacy",
            "legal-basis.basis",
            "--by",
            "Ann <ann@example.test>",
            "--unchanged",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("reviewed 1 message(s)"));
    assert_eq!(codes(&check_json(ws.path())), ["stale", "stale"]);
    let r = policyc(
        ws.path(),
        &["review", "--all-locales", "--by", "Ann", "--unchanged"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(check(ws.path()).code, 0);
}

#[test]
fn rewrapping_the_reference_is_not_a_change() {
    let ws = examples();
    edit(&ws.path().join("locales/en/privacy.ftl"), |s| {
        s.replace(
            ".basis = We process your personal data on the basis",
            ".basis =\n        We process your personal data\n        on the basis",
        )
    });
    assert_eq!(check(ws.path()).code, 0, "{}", check(ws.path()).all());
}

#[test]
fn a_new_translation_without_review_is_unreviewed_and_a_new_reference_message_is_missing() {
    let ws = examples();
    // A new section in the structure and the reference: missing elsewhere, not stale.
    edit(&ws.path().join("policies/privacy.toml"), |s| {
        s.replace("[[epilogue]]", "[[sections]]\nid = \"children\"\nblocks = [{ kind = \"text\", id = \"age\" }]\n\n[[epilogue]]")
    });
    edit(&ws.path().join("locales/en/privacy.ftl"), |s| {
        format!("{s}\nchildren = Children\n    .age = Our services are not meant for children.\n")
    });
    let v = check_json(ws.path());
    assert_eq!(
        codes(&v),
        ["missing-section", "missing-section", "missing-section"],
        "{v}"
    );
    // Translating it without review: a warning, not an error.
    edit(&ws.path().join("locales/da/privacy.ftl"), |s| {
        format!("{s}\nchildren = Børn\n    .age = Vores tjenester er ikke beregnet til børn.\n")
    });
    let v = check_json(ws.path());
    let da: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["locale"] == "da")
        .collect();
    // One summary per policy and locale, naming both messages.
    assert_eq!(da.len(), 1, "{v}");
    assert_eq!(da[0]["code"], "unreviewed");
    assert_eq!(da[0]["severity"], "warning");
    assert_eq!(
        da[0]["keys"],
        serde_json::json!(["children", "children.age"])
    );
}

#[test]
fn translations_must_use_the_references_variables_and_section_links() {
    let ws = fixture("minimal");
    assert_eq!(check(ws.path()).code, 0);
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        s.replace(
            "[{ $email }](mailto:{ $email })",
            "[os](mailto:hej@example.test)",
        )
        .replace("Se { SECTION(\"contact\") }.", "Se kontaktafsnittet.")
    });
    let r = check(ws.path());
    assert_eq!(r.code, 1, "{}", r.all());
    insta::assert_snapshot!("missing_reference_stderr", r.stderr);
    let v = check_json(ws.path());
    assert_eq!(codes(&v), ["missing-reference", "missing-reference"]);
    assert!(v["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("`SECTION(\"contact\")`"));
    assert!(v["diagnostics"][1]["message"]
        .as_str()
        .unwrap()
        .contains("`$email`"));
}

#[test]
fn markdown_structure_must_match_the_reference() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        s.replace("Med post.", "Med **post**.")
    });
    let r = check(ws.path());
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains(
        "error[markup-drift]: `contact.ways-mail` has different Markdown than the reference"
    ));
    assert!(r
        .stderr
        .contains("reference: 1 paragraph(s), 0 link(s), 0 emphasis, 0 strong, 0 code"));
    assert!(r
        .stderr
        .contains("translation: 1 paragraph(s), 0 link(s), 0 emphasis, 1 strong, 0 code"));
}

#[test]
fn text_identical_to_the_reference_is_flagged_as_untranslated() {
    let ws = fixture("minimal");
    let sentence = "This is the notice of { $company }, version { $version }.";
    edit(&ws.path().join("locales/en/notice.ftl"), |s| {
        s.replace("This is { $company }, version { $version }.", sentence)
    });
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        s.replace("Dette er { $company }, version { $version }.", sentence)
            .replace("Med post.", "By mail.")
    });
    let r = check(ws.path());
    assert_eq!(r.code, 0, "a warning by default: {}", r.all());
    let v = check_json(ws.path());
    // "By mail." is too short to judge; the four-word sentence is flagged.
    assert_eq!(codes(&v), ["untranslated"]);
    assert_eq!(
        v["diagnostics"][0]["message"],
        "`intro.body` is identical to the reference (en) text"
    );
    assert_eq!(policyc(ws.path(), &["check", "--deny", "warnings"]).code, 1);
    // A finding that is a warning by default is an error when `[check]` says so.
    edit(&ws.path().join("policyc.toml"), |s| {
        format!("{s}\n[check]\nuntranslated = \"error\"\n")
    });
    let r = check(ws.path());
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("error[untranslated]"), "{}", r.stderr);
}

#[test]
fn facts_typed_out_literally_are_flagged_in_every_locale() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/en/notice.ftl"), |s| {
        s.replace("[{ $email }](mailto:{ $email })", "hello@example.test")
    });
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        s.replace("Dette er { $company }", "Dette er Example *Co* AB")
    });
    let v = check_json(ws.path());
    let found: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "literal-fact")
        .map(|d| {
            (
                d["locale"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("da".to_string(), "`intro.body` types the fact `company` (Example *Co* AB) out instead of using the variable".to_string()),
            ("en".to_string(), "`contact.body` types the fact `email` (hello@example.test) out instead of using the variable".to_string()),
        ],
        "{v}"
    );
}

#[test]
fn severities_are_configurable() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        s.replace("Med post.", "Med **post**.")
    });
    edit(&ws.path().join("policyc.toml"), |s| {
        format!("{s}\n[check]\ninconsistent = \"warning\"\n")
    });
    let r = check(ws.path());
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("warning[markup-drift]"));
    edit(&ws.path().join("policyc.toml"), |s| {
        s.replace("inconsistent = \"warning\"", "inconsistent = \"off\"")
    });
    let r = check(ws.path());
    assert!(r.stderr.contains("0 errors, 0 warnings"), "{}", r.stderr);
}

#[test]
fn status_prints_a_matrix_and_markdown_for_pull_requests() {
    let ws = fixture("minimal");
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        remove_message(&s, "contact")
    });
    let r = policyc(ws.path(), &["status"]);
    assert_eq!(r.code, 1, "{}", r.all());
    insta::assert_snapshot!("status_text", r.stdout);
    let r = policyc(ws.path(), &["status", "--format", "markdown"]);
    insta::assert_snapshot!("status_markdown", r.stdout);
    let r = policyc(ws.path(), &["status", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["policies"][0]["completeness"][1]["locale"], "da");
    assert_eq!(v["policies"][0]["completeness"][1]["translated"], 7);
    assert_eq!(v["policies"][0]["completeness"][1]["required"], 11);
    assert_eq!(v["policies"][0]["completeness"][1]["percent"], 63.6);
    let clean = fixture("minimal");
    assert_eq!(policyc(clean.path(), &["status"]).code, 0);
}

#[test]
fn review_refuses_unknown_locales_and_a_broken_lock_is_an_input_error() {
    let ws = examples();
    let r = policyc(ws.path(), &["review", "--locale", "fr"]);
    assert_eq!(r.code, 2, "{}", r.all());
    std::fs::write(
        ws.path().join("policyc.lock"),
        "version = 1\n[translations\n",
    )
    .unwrap();
    let r = check(ws.path());
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("policyc.lock:2:"), "{}", r.stderr);
}

// The snapshot is the full build's report; the gate-only build adds its
// "not checked as pdf" note (tests/gate_only.rs).
#[cfg(feature = "pdf")]
#[test]
fn every_finding_kind_in_one_run_human_and_json() {
    let ws = examples();
    let clean = policyc(ws.path(), &["check", "--format", "json"]);
    assert_eq!(clean.code, 0);
    insta::assert_snapshot!("clean_json", clean.stdout);
    // stale: the reference changes.
    edit(&ws.path().join("locales/en/privacy.ftl"), |s| {
        s.replace(
            ".basis = We process your personal data on",
            ".basis = We only process your personal data on",
        )
    });
    edit(&ws.path().join("locales/da/privacy.ftl"), |s| {
        s
            // missing-reference: the e-mail variable dropped.
            .replace("Send en e-mail til [{ $email }](mailto:{ $email })", "Send en e-mail til [os](/kontakt)")
            // markup-drift: emphasis added.
            .replace("Vi sælger aldrig", "Vi sælger _aldrig_")
            // literal-fact: the org. number typed out.
            .replace("(org.nr. { $org-number })", "(org.nr. 559412-8830)")
            // unused-message.
            + "\nold-section = Gammelt afsnit\n"
    });
    // untranslated: Swedish copies the English sentence.
    let en_sharing = std::fs::read_to_string(ws.path().join("locales/en/privacy.ftl"))
        .unwrap()
        .lines()
        .find(|l| l.starts_with("    .policy = "))
        .unwrap()
        .to_string();
    edit(&ws.path().join("locales/sv/privacy.ftl"), |s| {
        let line = s
            .lines()
            .find(|l| l.starts_with("    .policy = "))
            .unwrap()
            .to_string();
        s.replace(&line, &en_sharing)
    });
    let human = policyc(ws.path(), &["check"]);
    assert_eq!(human.code, 1);
    insta::assert_snapshot!("every_finding_human", human.stderr);
    let json = policyc(ws.path(), &["check", "--format", "json"]);
    insta::assert_snapshot!("every_finding_json", json.stdout);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let mut kinds = codes(&v);
    kinds.sort();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            "changed-after-review",
            "literal-fact",
            "markup-drift",
            "missing-reference",
            "stale",
            "untranslated",
            "unused-message"
        ]
    );
    let github = policyc(ws.path(), &["check", "--format", "github"]);
    for line in github.stdout.lines() {
        assert!(
            line.starts_with("::error file=locales/")
                || line.starts_with("::warning file=locales/"),
            "{line}"
        );
        assert!(
            line.contains(",line=") && line.contains(",col=") && line.contains("::"),
            "{line}"
        );
    }
    assert_eq!(
        github.stdout.lines().count(),
        v["diagnostics"].as_array().unwrap().len()
    );
}

#[test]
fn a_continuation_line_escaped_as_the_hint_says_keeps_the_references_markdown() {
    // `{ "[" }vores kontaktside](…)`: the fixture's Danish notes.body.
    let ws = fixture("weblate");
    let r = policyc(ws.path(), &["check", "--deny", "warnings"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn a_translation_saved_by_weblate_passes_the_gate_and_builds_the_same_page() {
    let ws = fixture("weblate");
    let build = |ws: &std::path::Path| {
        let r = policyc(ws, &["build"]);
        assert_eq!(r.code, 0, "{}", r.all());
        let mut out = read_tree(&ws.join("out"));
        out.remove("manifest.json");
        out
    };
    let before = build(ws.path());
    // translate-toolkit writes a value that starts with `[` or `*` so.
    edit(&ws.path().join("locales/da/contact.ftl"), |s| {
        s.replace(".body = [Skriv", r#".body = { "[" }Skriv"#)
            .replace(".urgent = **Hastende", r#".urgent = { "*" }*Hastende"#)
    });
    let r = policyc(ws.path(), &["check", "--deny", "warnings"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(build(ws.path()), before);
}
