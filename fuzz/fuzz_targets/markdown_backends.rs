//! Markdown in messages through every backend: any text that parses is put
//! into a document (title, lead, a section, a list, a table, a note) and
//! rendered as Markdown, HTML, print HTML and JSON. The Markdown output must
//! parse back to the same inline text. Never a panic.
#![no_main]

use std::collections::BTreeMap;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use policyc::config::Config;
use policyc::diag::SourceMap;
use policyc::doc::*;
use policyc::markup::{parse, ContentPolicy, Mode};
use policyc::render::{renderer_for, RenderContext};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // policyc refuses a NUL byte when it reads a file (nul-byte), so no
    // translated text ever holds one.
    if text.contains('\0') {
        return;
    }
    // Text escaped for a Hugo page gives Goldmark's default extensions
    // (Typographer, Linkify, definition lists) nothing to act on.
    if let Err(e) = policyc::markup::page_text_is_inert(text) {
        panic!("{e}");
    }
    let Ok(paragraphs) = parse(text, Mode::Paragraphs, &ContentPolicy::default()) else {
        return;
    };
    let Some(first) = paragraphs.first().cloned() else { return };
    let sources = SourceMap::default();
    let config_src = policyc::source::from_bytes(
        std::path::Path::new("policyc.toml"),
        b"[workspace]\nlocales = [\"en\"]\nreference = \"en\"\n".to_vec(),
        &sources,
    )
    .unwrap();
    let config = Config::parse(&config_src).unwrap();
    let templates = policyc::render::load_templates(std::path::Path::new("/nonexistent-policyc-fuzz"), &sources).unwrap();
    let mut labels = BTreeMap::new();
    for l in ["contents-label", "label-languages", "label-version", "label-effective", "language-name", "label-category",
        "label-title", "label-intro", "label-document-id", "label-prepared-by", "label-approver", "label-date",
        "label-classification"] {
        labels.insert(l.to_string(), text.chars().take(40).collect());
    }
    labels.insert("page-of".into(), "{page}/{pages}".into());
    let plain = plain_text(&first);
    let doc = Arc::new(Document {
        policy: "fuzz".into(),
        locale: LocaleInfo { tag: "en".into(), code: "en".into() },
        title: plain.clone(),
        intro: plain.clone(),
        slug: "fuzz".into(),
        aliases: vec![],
        version: text.chars().take(12).collect(),
        published: LocalDate { iso: "2024-01-05".into(), text: "January 5, 2024".into() },
        effective: None,
        control: ControlInfo {
            document_id: plain.clone(),
            category: None,
            classification: None,
            prepared_by: String::new(),
            approver: String::new(),
        },
        numbered: true,
        preamble: vec![Block::Lead { content: first.clone() }],
        sections: vec![Section {
            id: "s".into(),
            number: Some("1".into()),
            depth: 1,
            title: first.clone(),
            title_text: plain.clone(),
            blocks: paragraphs
                .iter()
                .map(|p| Block::Paragraph { content: p.clone() })
                .chain([
                    Block::List { ordered: true, items: vec![ListItem { label: Some(first.clone()), content: first.clone() }] },
                    Block::Table { id: "t".into(), header: vec![first.clone()], rows: vec![vec![first.clone()]] },
                ])
                .collect(),
            sections: vec![],
        }],
        epilogue: vec![Block::Note { id: "n".into(), title: first.clone(), title_text: plain.clone(), paragraphs: paragraphs.clone() }],
        translations: vec![Translation {
            tag: "da".into(),
            code: "da".into(),
            slug: text.chars().take(20).collect(),
            title: plain.clone(),
            language: plain.clone(),
        }],
        labels: Arc::new(labels),
    });
    let cx = RenderContext { config: &config, templates: &templates, sources: &sources, validate_only: false };
    for format in ["md", "html", "print", "fragment", "json"] {
        let r = renderer_for(format).unwrap();
        let _ = r.render(&doc, &cx);
    }
    // Markdown written for a paragraph reads back as the same text
    // (emphasis no delimiter can pair is written as HTML).
    let md = policyc::render::markdown::inlines(&first);
    let html = ContentPolicy { allow_raw_html: true, ..ContentPolicy::default() };
    if let Ok(back) = parse(&md, Mode::Paragraphs, &html) {
        let again: String = back.iter().map(|p| plain_text(p)).collect::<Vec<_>>().join(" ");
        assert_eq!(plain_text(&first).trim(), again.trim(), "markdown {md:?}");
    }
});
