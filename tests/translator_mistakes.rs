//! A translator's usual mistakes, each made in a copy of the shipped
//! examples: `check` gives one diagnostic per mistake, whose first line
//! names the root cause, at the file and line of the mistake, with the fix
//! as its hint. The last test snapshots the human output of all of them.

mod common;

use std::path::Path;

use common::{edit, examples, policyc, remove_message};
use serde_json::Value;

const DA: &str = "locales/da/privacy.ftl";

/// One mistake: a name and the edit that makes it in a workspace.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
type Mistake = (&'static str, fn(&Path));

fn replace(ws: &Path, file: &str, from: &str, to: &str) {
    edit(&ws.join(file), |s| {
        assert!(s.contains(from), "{file} has no {from:?}");
        s.replacen(from, to, 1)
    });
}

fn delete_section(ws: &Path) {
    edit(&ws.join(DA), |s| remove_message(&s, "legal-basis"));
}
fn delete_paragraph(ws: &Path) {
    edit(&ws.join(DA), |s| {
        let lines = s.lines().filter(|l| !l.starts_with("    .business = "));
        lines.collect::<Vec<_>>().join("\n") + "\n"
    });
}
fn misspell_id(ws: &Path) {
    replace(ws, DA, "\nlegal-basis = ", "\nlegal-bassis = ");
}
fn misspell_variable(ws: &Path) {
    replace(ws, DA, "{ $org-number }", "{ $org-nummer }");
}
fn link_starts_a_line(ws: &Path) {
    replace(ws, DA, "til [{ $email }]", "til\n        [{ $email }]");
}
fn bold_starts_a_line(ws: &Path) {
    replace(
        ws,
        DA,
        "Vi behandler dine personoplysninger enten",
        "Vi behandler\n        **dine personoplysninger** enten",
    );
}
fn dots_start_a_line(ws: &Path) {
    replace(
        ws,
        DA,
        "Vi behandler dine personoplysninger enten",
        "Vi behandler dine personoplysninger\n        ... enten",
    );
}
fn rename_term(ws: &Path) {
    replace(
        ws,
        "locales/da/_shared.ftl",
        "\n-brand = ",
        "\n-varemaerke = ",
    );
}
fn translate_term_name(ws: &Path) {
    replace(ws, DA, "{ -brand }", "{ -varemaerke }");
}
/// The English text of `.basis`, the paragraph of `legal-basis`.
fn english_basis(ws: &Path) -> String {
    let en = std::fs::read_to_string(ws.join("locales/en/privacy.ftl")).unwrap();
    let line = en.lines().find(|l| l.starts_with("    .basis = ")).unwrap();
    line.to_string()
}
fn set_danish_basis(ws: &Path, line: &str) {
    edit(&ws.join(DA), |s| {
        let lines = s.lines().map(|l| {
            if l.starts_with("    .basis = ") {
                line
            } else {
                l
            }
        });
        lines.collect::<Vec<_>>().join("\n") + "\n"
    });
}
fn copy_english(ws: &Path) {
    set_danish_basis(ws, &english_basis(ws));
}
fn reword_english(ws: &Path) {
    set_danish_basis(
        ws,
        "    .basis = We handle your personal information because you agreed to it, or because we have a legitimate interest in staying in touch with clients, possible clients and partners. When personal information goes to a country outside the EU/EEA, this happens with your agreement or under the standard contract clauses of the European Commission.",
    );
}
fn edit_reference(ws: &Path) {
    replace(
        ws,
        "locales/en/privacy.ftl",
        "    .basis = We process",
        "    .basis = We only process",
    );
}
fn add_message(ws: &Path) {
    edit(&ws.join(DA), |s| {
        s + "\nthanks = Tak, fordi du læste med.\n"
    });
}
fn break_toml(ws: &Path) {
    replace(
        ws,
        "policies/privacy.toml",
        "version = \"3.1\"",
        "version = \"3.1",
    );
}
/// A translation started in `locales/dk/` (the country, not the language).
fn unknown_locale_folder(ws: &Path) {
    common::copy_dir(&ws.join("locales/da"), &ws.join("locales/dk"));
}

#[cfg_attr(not(feature = "pdf"), allow(dead_code))] // for the human-output snapshot
const MISTAKES: &[Mistake] = &[
    ("delete a section", delete_section),
    ("delete a paragraph", delete_paragraph),
    ("misspell an id", misspell_id),
    ("misspell a variable", misspell_variable),
    ("a link starts a continuation line", link_starts_a_line),
    ("bold starts a continuation line", bold_starts_a_line),
    ("dots start a continuation line", dots_start_a_line),
    ("rename a term", rename_term),
    (
        "translate a term's name where it is used",
        translate_term_name,
    ),
    ("copy English", copy_english),
    ("reword English", reword_english),
    ("edit the reference", edit_reference),
    ("add an extra message", add_message),
    ("break the TOML", break_toml),
    ("an unknown locale", unknown_locale_folder),
];

/// The JSON diagnostics of `check` after `mistake`, and its exit code.
fn check_after(mistake: fn(&Path)) -> (i32, Vec<Value>) {
    let ws = examples();
    mistake(ws.path());
    let r = policyc(ws.path(), &["check", "--format", "json"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.all()));
    (r.code, v["diagnostics"].as_array().unwrap().clone())
}

/// The one diagnostic `mistake` gives: its code, file, line and hint.
fn the_one(mistake: fn(&Path)) -> (i32, String, String, u64, String) {
    let (code, diags) = check_after(mistake);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
    (
        code,
        s("code"),
        s("file"),
        d["line"].as_u64().unwrap_or(0),
        s("hint"),
    )
}

#[test]
fn a_deleted_section_is_missing_with_the_reference_text_to_translate() {
    let (code, c, file, _, hint) = the_one(delete_section);
    assert_eq!(
        (code, c.as_str(), file.as_str()),
        (1, "missing-section", DA)
    );
    assert!(hint.contains("legal-basis = Legal basis"), "{hint}");
}

#[test]
fn a_deleted_paragraph_is_missing_text_at_its_section() {
    let (code, c, file, line, hint) = the_one(delete_paragraph);
    assert_eq!(
        (code, c.as_str(), file.as_str(), line),
        (1, "missing-text", DA, 18)
    );
    assert!(hint.contains(".business = When we enter"), "{hint}");
}

#[test]
fn a_misspelled_id_is_one_rename_not_a_missing_and_an_unused_message() {
    let (code, c, file, line, hint) = the_one(misspell_id);
    assert_eq!(
        (code, c.as_str(), file.as_str(), line),
        (1, "renamed-id", DA, 30)
    );
    assert!(
        hint.starts_with("rename `legal-bassis` to `legal-basis`"),
        "{hint}"
    );
}

#[test]
fn a_misspelled_variable_is_unknown_with_the_fact_it_meant_and_nothing_else() {
    let (code, c, file, line, hint) = the_one(misspell_variable);
    assert_eq!(
        (code, c.as_str(), file.as_str(), line),
        (1, "unknown-variable", DA, 14)
    );
    assert!(hint.starts_with("did you mean `$org-number`?"), "{hint}");
}

#[test]
fn a_link_starting_a_continuation_line_is_one_syntax_error_in_plain_words() {
    let (code, c, file, line, hint) = the_one(link_starts_a_line);
    assert_eq!(
        (code, c.as_str(), file.as_str(), line),
        (1, "ftl-syntax", DA, 45)
    );
    assert!(
        hint.contains("Join this line to the previous one"),
        "{hint}"
    );
}

#[test]
fn bold_starting_a_continuation_line_is_one_syntax_error_naming_the_star() {
    let (code, c, file, line, hint) = the_one(bold_starts_a_line);
    assert_eq!(
        (code, c.as_str(), file.as_str(), line),
        (1, "ftl-syntax", DA, 32)
    );
    assert!(hint.contains("may not begin with `*`"), "{hint}");
}

#[test]
fn dots_starting_a_continuation_line_are_one_syntax_error_naming_the_dot() {
    let (code, c, file, line, hint) = the_one(dots_start_a_line);
    assert_eq!(
        (code, c.as_str(), file.as_str(), line),
        (1, "ftl-syntax", DA, 32)
    );
    assert!(hint.contains("may not begin with `.`"), "{hint}");
}

#[test]
fn a_renamed_term_is_one_rename_in_shared_ftl_not_an_error_at_every_use() {
    let (code, c, file, line, hint) = the_one(rename_term);
    let at = (code, c.as_str(), file.as_str(), line);
    assert_eq!(at, (1, "renamed-id", "locales/da/_shared.ftl", 6));
    assert!(
        hint.starts_with("rename `-varemaerke` to `-brand`"),
        "{hint}"
    );
}

#[test]
fn a_translated_term_name_is_an_unknown_term_with_the_reference_term_to_use() {
    let (code, c, file, line, hint) = the_one(translate_term_name);
    assert_eq!(
        (code, c.as_str(), file.as_str(), line),
        (1, "unknown-term", DA, 26)
    );
    assert!(
        hint.starts_with("rename `-varemaerke` to `-brand`"),
        "{hint}"
    );
}

#[test]
fn copied_english_over_a_signed_off_text_is_one_untranslated_error() {
    let (code, diags) = check_after(copy_english);
    assert_eq!(code, 1);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "untranslated");
    assert_eq!(diags[0]["severity"], "error");
    assert_eq!(diags[0]["line"], 31);
}

#[test]
fn reworded_english_is_one_wrong_language_error_not_missing_terms_and_a_changed_review() {
    let (code, c, file, line, hint) = the_one(reword_english);
    let at = (code, c.as_str(), file.as_str(), line);
    assert_eq!(at, (1, "wrong-language", DA, 31));
    assert!(
        hint.contains("restore the text that was signed off"),
        "{hint}"
    );
}

#[test]
fn an_edited_reference_makes_its_translation_stale_in_each_locale() {
    let (code, diags) = check_after(edit_reference);
    assert_eq!(code, 1);
    let locales: Vec<&str> = diags
        .iter()
        .inspect(|d| assert_eq!(d["code"], "stale", "{d:#}"))
        .map(|d| d["locale"].as_str().unwrap())
        .collect();
    assert_eq!(locales, ["da", "nb", "sv"]);
}

#[test]
fn an_extra_message_warns_the_translator_it_will_not_be_published() {
    let (code, c, file, line, hint) = the_one(add_message);
    assert_eq!(
        (code, c.as_str(), file.as_str(), line),
        (0, "unused-message", DA, 71)
    );
    assert!(
        hint.starts_with("this text will not be published"),
        "{hint}"
    );
    assert!(hint.contains("policies/privacy.toml"), "{hint}");
}

#[test]
fn broken_toml_is_one_input_error_at_the_open_string() {
    let (code, c, file, line, hint) = the_one(break_toml);
    let at = (code, c.as_str(), file.as_str(), line);
    assert_eq!(at, (2, "invalid-toml", "policies/privacy.toml", 8));
    assert!(hint.contains("closing `\"`"), "{hint}");
}

#[test]
fn a_folder_of_no_locale_is_a_warning_naming_the_locales() {
    let (code, c, file, _, hint) = the_one(unknown_locale_folder);
    assert_eq!(
        (code, c.as_str(), file.as_str()),
        (0, "unused-file", "locales/dk")
    );
    assert!(hint.contains("add `dk` to `locales`"), "{hint}");
}

#[test]
fn a_misspelled_review_key_is_refused_with_the_key_it_meant() {
    let ws = examples();
    let args = ["review", "--locale", "da", "--by", "T", "legal-bassis"];
    let r = policyc(ws.path(), &args);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error[unknown-key]"), "{}", r.stderr);
    assert!(
        r.stderr.contains("did you mean `legal-basis`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_label_with_a_variable_names_the_variable_not_a_missing_label() {
    let (code, c, file, line, hint) = the_one(|ws| {
        let shared = "locales/da/_shared.ftl";
        replace(
            ws,
            shared,
            "toc-label = På denne side",
            "toc-label = På { $side }",
        );
    });
    let at = (code, c.as_str(), file.as_str(), line);
    assert_eq!(at, (1, "unknown-variable", "locales/da/_shared.ftl", 10));
    assert!(hint.starts_with("remove `{ $side }`"), "{hint}");
}

#[test]
fn status_agrees_with_check_on_a_syntax_error() {
    let ws = examples();
    link_starts_a_line(ws.path());
    let r = policyc(
        ws.path(),
        &["status", "--policy", "privacy", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let p = &v["policies"][0];
    let da = p["locales"]
        .as_array()
        .unwrap()
        .iter()
        .position(|l| l == "da")
        .unwrap();
    let missing: Vec<&str> = p["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["cells"][da] == "missing")
        .map(|r| r["section"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["erasure"]);
    assert!(p["completeness"][da]["percent"].as_f64().unwrap() < 100.0);
}

#[test]
fn status_agrees_with_check_on_a_warning() {
    let ws = examples();
    edit(&ws.path().join("policyc.toml"), |s| {
        s + "\n[check]\nuntranslated = \"warning\"\nchanged-after-review = \"warning\"\n"
    });
    copy_english(ws.path());
    assert_eq!(policyc(ws.path(), &["check"]).code, 0);
    let r = policyc(ws.path(), &["status", "--policy", "privacy"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains("legal-basis       ok            warning"),
        "{}",
        r.stdout
    );
}

#[test]
fn status_markdown_lists_only_rows_that_are_not_ok_unless_all() {
    let ws = examples();
    delete_paragraph(ws.path());
    let r = policyc(
        ws.path(),
        &["status", "--policy", "privacy", "--format", "markdown"],
    );
    assert!(r.stdout.contains("| `collection` |"), "{}", r.stdout);
    assert!(!r.stdout.contains("| `storage` |"), "{}", r.stdout);
    let all = [
        "status", "--policy", "privacy", "--format", "markdown", "--all",
    ];
    let r = policyc(ws.path(), &all);
    assert!(r.stdout.contains("| `storage` |"), "{}", r.stdout);
}

#[cfg(feature = "pdf")] // `build` writes PDF by default
#[test]
fn build_counts_an_input_error_once() {
    let ws = examples();
    break_toml(ws.path());
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("build failed: 1 error, 0 warnings"),
        "{}",
        r.stderr
    );
}

/// The human output of every mistake, as a translator reads it.
#[cfg(feature = "pdf")] // the gate-only build adds a note that PDF is not checked
#[test]
fn twelve_translator_mistakes_human_output() {
    let mut out = String::new();
    for (name, mistake) in MISTAKES {
        let ws = examples();
        mistake(ws.path());
        let r = policyc(ws.path(), &["check"]);
        let root = ws.path().display().to_string();
        let text = r.stderr.replace(&root, "[WS]");
        out.push_str(&format!("## {name} (exit {})\n\n{text}\n", r.code));
    }
    insta::assert_snapshot!("translator_mistakes_human", out);
}
