//! `missing-plural-category`: where the reference selects on a number, a
//! translation must have a variant for every CLDR plural category of its
//! locale (ICU4X's rules). Each test copies `tests/fixtures/plurals` (en,
//! da: one, other; pl: one, few, many, other) and changes one thing.

mod common;

use common::*;
use std::path::Path;

fn check_json(ws: &Path) -> serde_json::Value {
    let r = policyc(ws, &["check", "--format", "json"]);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.all()))
}

/// The diagnostics of `missing-plural-category`.
fn plural_findings(ws: &Path) -> Vec<serde_json::Value> {
    let v = check_json(ws);
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "missing-plural-category")
        .cloned()
        .collect()
}

fn edit_ftl(ws: &Path, tag: &str, f: impl FnOnce(String) -> String) {
    edit(&ws.join(format!("locales/{tag}/retention.ftl")), f);
}

#[test]
fn every_category_of_every_locale_is_clean() {
    let ws = fixture("plurals");
    let r = policyc(ws.path(), &["check", "--deny", "warnings"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn a_danish_selection_without_one_is_reported_at_its_selector() {
    let ws = fixture("plurals");
    edit_ftl(ws.path(), "da", |s| {
        s.replace("        [one] { $months } måned\n", "")
    });
    let found = plural_findings(ws.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "locales/da/retention.ftl");
    assert_eq!(d["line"], 5);
    assert_eq!(d["column"], 39, "the `$months` of the selector");
    assert_eq!(d["locale"], "da");
    assert_eq!(d["section"], "storage");
    assert_eq!(
        d["message"],
        "`storage.period` selects on `$months` without the plural category `one`, which `da` uses"
    );
    assert_eq!(
        d["hint"],
        "add `[one]` for numbers like 1: without it Fluent shows the default variant `*[other]` there"
    );
}

#[test]
fn a_polish_selection_with_the_english_categories_lacks_few_and_many() {
    let ws = fixture("plurals");
    edit_ftl(ws.path(), "pl", |s| {
        s.replace("        [few] { $months } miesiące\n", "")
            .replace("        [many] { $months } miesięcy\n", "")
    });
    let found = plural_findings(ws.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["file"], "locales/pl/retention.ftl");
    assert_eq!(
        found[0]["message"],
        "`storage.period` selects on `$months` without the plural categories `few`, `many`, which `pl` uses"
    );
    assert_eq!(
        found[0]["hint"],
        "add `[few]` for numbers like 2, `[many]` for numbers like 0: without them Fluent shows the default variant `*[other]` there"
    );
}

#[test]
fn a_translation_that_does_not_select_on_the_number_is_reported() {
    let ws = fixture("plurals");
    edit_ftl(ws.path(), "da", |s| {
        s.replace(
            "{ $months ->\n        [one] { $months } måned\n       *[other] { $months } måneder\n    }",
            "{ $months } måneder",
        )
    });
    let found = plural_findings(ws.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["line"], 5);
    assert_eq!(found[0]["column"], 5, "the attribute");
    assert_eq!(
        found[0]["hint"],
        "write `{ $months -> [one] … *[other] … }`: `da` uses `[one]` for numbers like 1"
    );
}

#[test]
fn a_selection_on_text_needs_no_plural_categories() {
    // `$plan` holds text: its variants are codes, not plural forms.
    let ws = fixture("plurals");
    edit_ftl(ws.path(), "pl", |s| {
        s.replace("        [business] Dotyczy to kont firmowych.\n", "")
    });
    assert!(plural_findings(ws.path()).is_empty());
}

#[test]
fn the_severity_follows_check_inconsistent() {
    let ws = fixture("plurals");
    edit(&ws.path().join("policyc.toml"), |s| {
        format!("{s}\n[check]\ninconsistent = \"warning\"\n")
    });
    edit_ftl(ws.path(), "da", |s| {
        s.replace("        [one] { $months } måned\n", "")
    });
    let found = plural_findings(ws.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(policyc(ws.path(), &["check"]).code, 0);
}

#[test]
fn status_shows_a_missing_plural_category_as_inconsistent() {
    let ws = fixture("plurals");
    edit_ftl(ws.path(), "da", |s| {
        s.replace("        [one] { $months } måned\n", "")
    });
    let r = policyc(ws.path(), &["status", "--format", "json"]);
    let status: serde_json::Value =
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.all()));
    let row = status["policies"][0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["section"] == "storage")
        .cloned()
        .unwrap();
    assert_eq!(
        row["cells"],
        serde_json::json!(["ok", "inconsistent", "ok"]),
        "{row}"
    );
}
