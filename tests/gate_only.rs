//! The gate-only build (`cargo install --no-default-features`, README
//! "Install"): every command but PDF output works on the shipped examples,
//! which publish PDF too; PDF itself is a clear `unavailable-format` error.
//! These tests exist only in that build; the full build's PDF tests are
//! gated on the `pdf` feature.
#![cfg(not(feature = "pdf"))]

mod common;

use common::*;

#[test]
fn check_passes_on_the_examples_and_says_pdf_was_not_checked() {
    let ws = examples();
    let r = policyc(ws.path(), &["check", "--deny", "warnings"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stderr
            .contains("note: not checked as pdf: this policyc was built without that backend"),
        "{}",
        r.stderr
    );
}

#[test]
fn check_finds_a_missing_section_without_the_pdf_backend() {
    let ws = examples();
    let ftl = ws.path().join("locales/da/privacy.ftl");
    edit(&ftl, |s| remove_message(&s, "legal-basis"));
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("error[missing-section]"), "{}", r.stderr);
}

#[test]
fn quiet_check_leaves_out_the_note() {
    let ws = examples();
    let r = policyc(ws.path(), &["--quiet", "check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.stderr.contains("not checked as pdf"), "{}", r.stderr);
}

#[test]
fn typeset_pdf_is_an_unavailable_format_error() {
    let ws = examples();
    let r = policyc(ws.path(), &["check", "--typeset-pdf"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("error[unavailable-format]"),
        "{}",
        r.stderr
    );
}

#[test]
fn building_pdf_is_an_unavailable_format_error_that_writes_nothing() {
    let ws = examples();
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("error[unavailable-format]"),
        "{}",
        r.stderr
    );
    assert!(!ws.path().join("out").exists(), "{}", r.all());
}

#[test]
fn every_other_format_builds() {
    let ws = examples();
    let r = policyc(ws.path(), &["build", "--format", "md,html,print"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let out = read_tree(&ws.path().join("out"));
    // Slugs are localized: count each locale's pages per format.
    for locale in ["en", "da", "sv", "no"] {
        let count = |ext: &str| {
            out.keys()
                .filter(|k| k.starts_with(&format!("{locale}/")) && k.ends_with(ext))
                .count()
        };
        let (md, print) = (count(".md"), count(".print.html"));
        assert!(md > 0, "{locale}: {:?}", out.keys());
        assert_eq!(
            (print, count(".html")),
            (md, 2 * md),
            "{locale}: {:?}",
            out.keys()
        );
    }
    assert!(!out.keys().any(|k| k.ends_with(".pdf")), "{:?}", out.keys());
}
