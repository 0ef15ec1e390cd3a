//! Terminology and language: the glossary (`glossary.toml`, TBX files in
//! `glossary/`) and text in the wrong language, through the CLI on a copy
//! of `tests/fixtures/terms` broken in one way each.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

fn check_json(ws: &Path) -> (i32, Value) {
    let r = policyc(ws, &["check", "--format", "json"]);
    let v = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.all()));
    (r.code, v)
}

/// The diagnostics of one code.
fn with_code<'a>(v: &'a Value, code: &str) -> Vec<&'a Value> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

fn codes(v: &Value) -> Vec<&str> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

/// Replaces `from` with `to` in a file of the workspace, which must hold it.
fn replace(ws: &Path, file: &str, from: &str, to: &str) {
    edit(&ws.join(file), |s| {
        assert!(s.contains(from), "{file} has no {from:?}");
        s.replacen(from, to, 1)
    });
}

const DA: &str = "locales/da/privacy.ftl";

#[test]
fn the_fixture_passes_the_gate_with_its_glossary() {
    let ws = fixture("terms");
    let r = policyc(ws.path(), &["check", "--deny", "warnings"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn the_shipped_examples_pass_with_their_glossary() {
    let ws = examples();
    let r = policyc(ws.path(), &["check", "--deny", "warnings"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn the_shipped_glossary_refuses_persondata_in_the_danish_notice() {
    let ws = examples();
    replace(
        ws.path(),
        DA,
        "Vi behandler dine personoplysninger",
        "Vi behandler dine persondata",
    );
    let (code, v) = check_json(ws.path());
    assert_eq!(code, 1);
    let found = with_code(&v, "forbidden-term");
    assert_eq!(found.len(), 1, "{v}");
    assert_eq!(found[0]["file"], DA);
}

#[test]
fn a_forbidden_variant_is_reported_at_the_word_with_the_accepted_form() {
    let ws = fixture("terms");
    replace(
        ws.path(),
        DA,
        "bruger kun dine personoplysninger",
        "bruger kun dine persondata",
    );
    let (code, v) = check_json(ws.path());
    assert_eq!(code, 1);
    assert_eq!(codes(&v), ["forbidden-term"], "{v}");
    let d = with_code(&v, "forbidden-term")[0];
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64()),
        (Some(DA), Some(5))
    );
    let line = "    .body = Vi opbevarer og bruger kun dine persondata";
    assert_eq!(
        d["column"].as_u64(),
        Some(line.find("persondata").unwrap() as u64 + 1)
    );
    assert_eq!(
        d["hint"],
        "write `personoplysninger` (or `personoplysningerne`) instead of `persondata`"
    );
}

#[test]
fn a_translation_without_an_accepted_form_of_the_references_term_is_reported() {
    let ws = fixture("terms");
    let sv = "locales/sv/privacy.ftl";
    replace(
        ws.path(),
        sv,
        "hos tillsynsmyndigheten",
        "hos Datainspektionen",
    );
    let (code, v) = check_json(ws.path());
    assert_eq!(code, 1);
    assert_eq!(codes(&v), ["glossary-term"], "{v}");
    let d = with_code(&v, "glossary-term")[0];
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64()),
        (Some(sv), Some(9))
    );
    assert_eq!(d["hint"], "write a word starting with `tillsynsmyndighet`");
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("`supervisory authority`"));
}

#[test]
fn an_accepted_inflection_satisfies_the_glossary() {
    let ws = fixture("terms");
    replace(
        ws.path(),
        DA,
        "dine personoplysninger",
        "personoplysningerne",
    );
    let (code, v) = check_json(ws.path());
    assert_eq!((code, codes(&v)), (0, vec![]), "{v}");
}

#[test]
fn glossary_severities_are_configurable() {
    let ws = fixture("terms");
    replace(
        ws.path(),
        DA,
        "bruger kun dine personoplysninger",
        "bruger kun dine persondata",
    );
    edit(&ws.path().join("policyc.toml"), |s| {
        s + "\n[check]\nforbidden-term = \"warning\"\n"
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.all().contains("warning[forbidden-term]"), "{}", r.all());
    edit(&ws.path().join("policyc.toml"), |s| {
        s.replace("forbidden-term = \"warning\"", "forbidden-term = \"off\"")
    });
    let (code, v) = check_json(ws.path());
    assert_eq!((code, codes(&v)), (0, vec![]), "{v}");
}

#[test]
fn broken_glossary_toml_is_an_input_error_at_its_line() {
    let ws = fixture("terms");
    replace(
        ws.path(),
        "glossary.toml",
        "note = \"GDPR art. 4(1)\"",
        "note = \"GDPR art. 4(1)",
    );
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.all().contains("error[invalid-toml]"), "{}", r.all());
    assert!(r.all().contains("glossary.toml:2:"), "{}", r.all());
}

#[test]
fn a_glossary_locale_the_workspace_lacks_is_an_input_error() {
    let ws = fixture("terms");
    replace(ws.path(), "glossary.toml", "accepted.nb =", "accepted.fi =");
    let (code, v) = check_json(ws.path());
    assert_eq!(code, 2);
    let d = with_code(&v, "bad-glossary")[0];
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64()),
        (Some("glossary.toml"), Some(6))
    );
    assert!(
        d["hint"].as_str().unwrap().contains("en, da, sv, nb"),
        "{d}"
    );
}

/// The reference's `basis.body`, reworded (not copied) into the Danish file.
const REWORDED: &str = "We only store and use your personal data when you have said yes to it, or when we need it to provide a service that you requested from us.";

#[test]
fn an_english_paragraph_reworded_into_the_danish_file_fails_the_gate() {
    let ws = fixture("terms");
    edit(&ws.path().join(DA), |s| {
        let old = s.lines().nth(4).unwrap().to_string();
        s.replace(&old, &format!("    .body = {REWORDED}"))
    });
    let (code, v) = check_json(ws.path());
    assert_eq!(code, 1);
    let d = with_code(&v, "wrong-language");
    assert_eq!(d.len(), 1, "{v}");
    assert_eq!(
        (d[0]["file"].as_str(), d[0]["line"].as_u64()),
        (Some(DA), Some(5))
    );
    assert_eq!(
        d[0]["message"],
        "`basis.body` reads as English (`en`), not Danish (`da`)"
    );
    assert_eq!(
        d[0]["hint"],
        "translate the text into Danish; it would be published as it is"
    );
}

#[test]
fn wrong_language_can_be_turned_off() {
    let ws = fixture("terms");
    edit(&ws.path().join(DA), |s| {
        let old = s.lines().nth(4).unwrap().to_string();
        s.replace(&old, &format!("    .body = {REWORDED}"))
    });
    edit(&ws.path().join("policyc.toml"), |s| {
        s + "\n[check]\nwrong-language = \"off\"\nglossary-term = \"off\"\n"
    });
    let (code, v) = check_json(ws.path());
    assert_eq!((code, codes(&v)), (0, vec![]), "{v}");
}

#[test]
fn english_copied_unchanged_is_only_untranslated() {
    let ws = fixture("terms");
    let en = std::fs::read_to_string(ws.path().join("locales/en/privacy.ftl")).unwrap();
    let body = en.lines().nth(4).unwrap().to_string();
    edit(&ws.path().join(DA), |s| {
        let old = s.lines().nth(4).unwrap().to_string();
        s.replace(&old, &body)
    });
    let (_, v) = check_json(ws.path());
    assert_eq!(codes(&v), ["untranslated"], "{v}");
}

#[test]
fn norwegian_text_in_the_danish_file_is_not_wrong_language() {
    let ws = fixture("terms");
    let nb = std::fs::read_to_string(ws.path().join("locales/nb/privacy.ftl")).unwrap();
    let body = nb.lines().nth(4).unwrap().to_string();
    edit(&ws.path().join(DA), |s| {
        let old = s.lines().nth(4).unwrap().to_string();
        s.replace(&old, &body)
    });
    let (_, v) = check_json(ws.path());
    assert!(!codes(&v).contains(&"wrong-language"), "{v}");
}

/// Replaces the fixture's `glossary.toml` by a TBX file of
/// `tests/fixtures/tbx`.
fn with_tbx(ws: &Path, name: &str) {
    std::fs::remove_file(ws.join("glossary.toml")).unwrap();
    std::fs::create_dir(ws.join("glossary")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/tbx").join(name),
        ws.join("glossary").join(name),
    )
    .unwrap();
}

#[test]
fn a_tbx_v3_termbase_gives_accepted_and_deprecated_terms() {
    let ws = fixture("terms");
    with_tbx(ws.path(), "legal-v3.tbx");
    assert_eq!(check_json(ws.path()).0, 0, "clean with the termbase");
    replace(
        ws.path(),
        DA,
        "til tilsynsmyndigheden",
        "til datamyndigheden",
    );
    let (code, v) = check_json(ws.path());
    assert_eq!(code, 1);
    assert_eq!(codes(&v), ["forbidden-term"], "{v}");
    let d = with_code(&v, "forbidden-term")[0];
    assert_eq!(
        d["hint"],
        "write `tilsynsmyndigheden` (or `tilsynsmyndighed`) instead of `datamyndigheden`"
    );
    assert!(
        d["notes"][0]
            .as_str()
            .unwrap()
            .contains("glossary/legal-v3.tbx:12"),
        "{d}"
    );
}

/// `personal-data-v2.tbx` was written by translate-toolkit 3.20.4
/// (`translate.storage.tbx`), the library Weblate stores glossaries with.
#[test]
fn a_tbx_file_written_by_translate_toolkit_is_read() {
    let ws = fixture("terms");
    with_tbx(ws.path(), "personal-data-v2.tbx");
    // The termbase has one Danish form: no inflection.
    replace(
        ws.path(),
        DA,
        "med personoplysningerne om",
        "med personoplysninger om",
    );
    assert_eq!(check_json(ws.path()).0, 0, "clean with the termbase");
    replace(
        ws.path(),
        DA,
        "bruger kun dine personoplysninger",
        "bruger kun dine oplysninger",
    );
    let (code, v) = check_json(ws.path());
    assert_eq!(code, 1);
    let d = with_code(&v, "glossary-term");
    assert_eq!(d.len(), 1, "{v}");
    assert_eq!(
        (d[0]["file"].as_str(), d[0]["line"].as_u64()),
        (Some(DA), Some(5))
    );
    assert_eq!(d[0]["hint"], "write `personoplysninger`");
}

#[test]
fn a_broken_tbx_file_is_an_input_error_at_its_line() {
    let ws = fixture("terms");
    with_tbx(ws.path(), "legal-v3.tbx");
    replace(
        ws.path(),
        "glossary/legal-v3.tbx",
        "</termSec>",
        "</termsec>",
    );
    let (code, v) = check_json(ws.path());
    assert_eq!(code, 2);
    let d = with_code(&v, "bad-glossary")[0];
    assert_eq!(d["file"], "glossary/legal-v3.tbx");
    assert_eq!(d["line"].as_u64(), Some(18));
}
