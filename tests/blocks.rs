//! Blocks real policies need: unnumbered sections (annexes, a preamble
//! section) in a numbered policy, tables mixing rows from facts with
//! translated rows, and definitions (terms and what they mean), through
//! the real binary. (The redline of a definition is in tests/redline.rs.)

mod common;

use common::*;

fn english_dpa_markdown(ws: &std::path::Path) -> String {
    let r = policyc(ws, &["build", "--format", "md", "--locale", "en"]);
    assert_eq!(r.code, 0, "{}", r.all());
    std::fs::read_to_string(ws.join("out/en/data-processing-agreement.md")).unwrap()
}

#[test]
fn an_unnumbered_annex_has_no_number_and_the_clauses_keep_theirs() {
    let ws = examples();
    let md = english_dpa_markdown(ws.path());
    assert!(md.contains("### 6. Termination {#termination}"), "{md}");
    assert!(md.contains("### Annex: Contact points {#contacts}"), "{md}");
}

#[test]
fn clauses_after_an_unnumbered_section_are_numbered_without_a_gap() {
    let ws = examples();
    edit(&ws.path().join("policies/dpa.toml"), |s| {
        s.replace(
            "id = \"obligations\"\n",
            "id = \"obligations\"\nnumbered = false\n",
        )
    });
    let md = english_dpa_markdown(ws.path());
    assert!(
        md.contains("### Obligations of the Processor {#obligations}"),
        "{md}"
    );
    assert!(
        md.contains("### 3. Sub-processors {#subprocessors}"),
        "{md}"
    );
    assert!(
        md.contains("#### 4.1 Personal data breaches {#breach}"),
        "{md}"
    );
}

#[test]
fn the_sub_sections_of_an_unnumbered_section_have_no_numbers() {
    let ws = examples();
    edit(&ws.path().join("policies/dpa.toml"), |s| {
        s.replace("id = \"scope\"\n", "id = \"scope\"\nnumbered = false\n")
    });
    let md = english_dpa_markdown(ws.path());
    assert!(md.contains("#### Duration {#duration}"), "{md}");
    assert!(
        md.contains("#### 4.1 Personal data breaches {#breach}"),
        "{md}"
    );
}

#[test]
fn a_cross_reference_to_an_unnumbered_section_shows_its_title() {
    let ws = examples();
    edit(&ws.path().join("locales/en/dpa.ftl"), |s| {
        s.replace(
            "(see { SECTION(\"subprocessors\") })",
            "(see { SECTION(\"contacts\") })",
        )
    });
    let md = english_dpa_markdown(ws.path());
    assert!(
        md.contains("(see [Annex: Contact points](#contacts))"),
        "{md}"
    );
}

#[test]
fn asking_for_the_number_of_an_unnumbered_section_is_a_finding() {
    let ws = examples();
    edit(&ws.path().join("locales/en/dpa.ftl"), |s| {
        s.replace(
            "(see { SECTION(\"subprocessors\") })",
            "(see { SECTION(\"contacts\", show: \"number\") })",
        )
    });
    let r = policyc(ws.path(), &["check", "--locale", "en", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stdout.contains("bad-function-call"), "{}", r.all());
    assert!(r.stdout.contains("numbered = false"), "{}", r.all());
}

#[test]
fn numbered_is_refused_when_it_is_not_a_boolean() {
    let ws = examples();
    edit(&ws.path().join("policies/dpa.toml"), |s| {
        s.replace("numbered = false\n", "numbered = \"no\"\n")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.all().contains("policies/dpa.toml:"), "{}", r.all());
}

#[test]
fn a_table_shows_the_rows_from_facts_then_the_translated_rows() {
    let ws = examples();
    let md = english_dpa_markdown(ws.path());
    let facts = md.find("| Postlåda Nord AB | E-mail delivery | Sweden |");
    let written = md.find("| Our subsidiary in Norway | Customer support | Norway |");
    assert!(facts.is_some() && written.is_some(), "{md}");
    assert!(facts < written, "fact rows come first: {md}");
}

#[test]
fn a_missing_cell_of_a_translated_row_in_a_table_with_fact_rows_is_missing_text() {
    let ws = examples();
    edit(&ws.path().join("locales/da/dpa.ftl"), |s| {
        s.replace("    .current-affiliate-country = Norge\n", "")
    });
    let r = policyc(ws.path(), &["check", "--locale", "da"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr.contains("error[missing-text]")
            && r.stderr
                .contains("`subprocessors.current-affiliate-country`")
            && r.stderr.contains("locales/da/dpa.ftl:"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_table_with_neither_rows_nor_rows_from_is_an_input_error() {
    let ws = examples();
    edit(&ws.path().join("policies/dpa.toml"), |s| {
        s.replace(
            "rows-from = \"subprocessors\", rows = [\"affiliate\"], ",
            "",
        )
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr
            .contains("a table needs `rows`, `rows-from`, or both"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("policies/dpa.toml:"), "{}", r.stderr);
}

#[test]
fn definitions_are_a_description_list_in_html() {
    let ws = examples();
    let r = policyc(ws.path(), &["build", "--format", "html", "--locale", "en"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let page =
        std::fs::read_to_string(ws.path().join("out/en/data-processing-agreement.html")).unwrap();
    assert!(
        page.contains("<dl class=\"definitions\">\n<dt>Controller</dt>\n<dd>the customer, who decides why and how personal data is processed.</dd>"),
        "{page}"
    );
}

#[test]
fn definitions_are_run_in_labels_in_markdown() {
    let ws = examples();
    let md = english_dpa_markdown(ws.path());
    assert!(
        md.contains("- **Controller:** the customer, who decides why and how personal data is processed.\n- **Processor:** Nordvik Moln AB,"),
        "{md}"
    );
}

#[test]
fn a_missing_term_of_a_definition_is_missing_text() {
    let ws = examples();
    edit(&ws.path().join("locales/sv/dpa.ftl"), |s| {
        s.replace("    .terms-processor-term = Personuppgiftsbiträde\n", "")
    });
    let r = policyc(ws.path(), &["check", "--locale", "sv"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr.contains("error[missing-text]")
            && r.stderr.contains("a term in definitions `terms`")
            && r.stderr.contains("`definitions.terms-processor-term`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_definitions_block_without_items_is_an_input_error() {
    let ws = examples();
    edit(&ws.path().join("policies/dpa.toml"), |s| {
        s.replace(
            ", items = [\"controller\", \"processor\", \"sub-processor\", \"breach\"]",
            "",
        )
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("a definitions block needs `items`"),
        "{}",
        r.stderr
    );
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn definitions_are_a_term_list_in_the_pdf() {
    let ws = examples();
    let r = policyc(
        ws.path(),
        &[
            "build", "--format", "pdf", "--locale", "da", "--policy", "dpa",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let text = pdf_text(&ws.path().join("out/da/databehandleraftale.pdf"));
    // The section between its heading and the first numbered clause, as
    // a reader of the PDF sees it (the cover page comes first).
    let start = text
        .find("Definitioner Dataansvarlig")
        .unwrap_or_else(|| panic!("{text}"));
    let end = start
        + text[start..]
            .find("1. Parter")
            .unwrap_or_else(|| panic!("{text}"));
    insta::assert_snapshot!(&text[start..end]);
}
