//! The PDF backend through the CLI: reproducible bytes, PDF/UA and PDF/A
//! metadata, language, and a clear error for text the font cannot show.
//! (qpdf, pdfinfo and pdftotext checks of the examples run in CI through
//! scripts/check-pdf.py.)
#![cfg(feature = "pdf")] // every test here typesets PDF

mod common;

use common::*;

fn pdf(ws: &std::path::Path, rel: &str) -> Vec<u8> {
    std::fs::read(ws.join("out").join(rel)).unwrap()
}

/// Every page's `/MediaBox` as written, e.g. `0 0 595.2756 841.8898`.
fn media_boxes(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.match_indices("/MediaBox")
        .filter_map(|(i, _)| {
            let rest = text[i + "/MediaBox".len()..].trim_start();
            let rest = rest.strip_prefix('[')?;
            Some(rest[..rest.find(']')?].trim().to_string())
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn every_example_pdf_is_tagged_ua_and_reproducible() {
    let a = examples();
    let b = examples();
    assert_eq!(policyc(a.path(), &["build", "--format", "pdf"]).code, 0);
    let r = policyc_env(
        b.path(),
        &["build", "--format", "pdf"],
        &[("TZ", "Asia/Tokyo"), ("SOURCE_DATE_EPOCH", "1")],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let tree = read_tree(&a.path().join("out"));
    let pdfs: Vec<&String> = tree.keys().filter(|k| k.ends_with(".pdf")).collect();
    assert_eq!(pdfs.len(), 8);
    for rel in pdfs {
        let bytes = pdf(a.path(), rel);
        assert!(bytes.starts_with(b"%PDF-"), "{rel}");
        assert_eq!(bytes, pdf(b.path(), rel), "{rel}: two builds differ");
        assert!(
            contains(&bytes, "<pdfuaid:part>1</pdfuaid:part>"),
            "{rel}: PDF/UA-1 identification"
        );
        let code = rel.split('/').next().unwrap();
        let lang = if code == "no" { "nb" } else { code };
        // The catalog's /Lang sits in a compressed object stream; the XMP
        // metadata carries the same language in the clear.
        assert!(
            contains(
                &bytes,
                &format!("<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li>")
            ),
            "{rel}: language {lang}"
        );
    }
}

#[test]
fn pdf_a_can_be_selected_and_a_bad_standard_is_an_input_error() {
    let ws = examples();
    edit(&ws.path().join("policyc.toml"), |s| {
        format!("{s}\n[pdf]\nstandards = [\"ua-1\", \"a-2a\"]\n")
    });
    let r = policyc(ws.path(), &["build", "--format", "pdf", "--locale", "sv"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let bytes = pdf(ws.path(), "sv/personuppgiftshantering.pdf");
    assert!(contains(&bytes, "<pdfaid:part>2</pdfaid:part>"));
    assert!(contains(&bytes, "<pdfuaid:part>1</pdfuaid:part>"));
    edit(&ws.path().join("policyc.toml"), |s| {
        s.replace("\"a-2a\"", "\"a-9z\"")
    });
    let r = policyc(ws.path(), &["build", "--format", "pdf"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("unknown PDF standard `a-9z`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_character_the_font_lacks_is_an_error_not_a_box() {
    let ws = examples();
    edit(&ws.path().join("locales/da/privacy.ftl"), |s| {
        s.replace("company = Om os", "company = Om os 🙂")
    });
    // Signed off, or the edit would be changed-after-review.
    let r = policyc(ws.path(), &["review", "--locale", "da", "--by", "Test"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let r = policyc(ws.path(), &["build", "--format", "pdf"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr.contains("error[unsupported-character]"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("U+1F642"), "{}", r.stderr);
    assert!(r.stderr.contains("section `company`"), "{}", r.stderr);
    assert!(!ws.path().join("out").exists(), "nothing written");
    // HTML has no such limit.
    assert_eq!(policyc(ws.path(), &["build", "--format", "html"]).code, 0);
}

#[test]
fn translated_text_cannot_inject_typst_code() {
    let ws = examples();
    edit(&ws.path().join("locales/en/privacy.ftl"), |s| {
        s.replace(
            "company = Who we are",
            "company = Who we are #panic(\"x\") ] #set page(paper: \"a5\")",
        )
    });
    let r = policyc(
        ws.path(),
        &[
            "build", "--format", "pdf", "--locale", "en", "--policy", "privacy",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let bytes = pdf(ws.path(), "en/privacy-notice.pdf");
    // Still A4 on every page: the text stayed text. (typst-pdf writes each
    // page's box as `/MediaBox[0 0 W H]`; A5 would be 419.5 x 595.3.)
    let boxes = media_boxes(&bytes);
    assert!(!boxes.is_empty(), "no page box found");
    for b in &boxes {
        assert_eq!(b, "0 0 595.2756 841.8898", "a page that is not A4");
    }
}

#[test]
fn a_relative_link_in_the_pdf_points_at_the_site() {
    let ws = examples();
    let r = policyc(
        ws.path(),
        &[
            "build", "--format", "pdf", "--locale", "da", "--policy", "privacy",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let bytes = pdf(ws.path(), "da/behandling-af-personoplysninger.pdf");
    // typst-pdf writes a link annotation's action uncompressed:
    // `/URI(<target>)`. The fact `gdpr-page` is `/gdpr`; the base URL is
    // `https://nordvikmoln.example/policies`, whose origin it takes.
    assert!(
        contains(&bytes, "URI(https://nordvikmoln.example/gdpr)"),
        "the link resolved against the base URL"
    );
    assert!(!contains(&bytes, "URI(/gdpr)"), "no relative link is left");
}
