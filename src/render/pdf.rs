//! The PDF backend: the document tree is written as Typst code and typeset
//! in-process by the Typst compiler; typst-pdf writes a tagged PDF
//! (PDF/UA-1 by default, PDF/A selectable) with the fonts embedded.
//!
//! Every piece of translated text enters the Typst source as a string
//! literal inside code, never as Typst markup, so no translation can
//! inject markup or code. Fonts (Noto Sans, OFL) are compiled into the
//! binary; nothing depends on the fonts installed on the machine. Dates
//! come from the policy, never from the clock, so a rebuild gives the same
//! bytes.

use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use super::backend::{page_label_parts, Format, PagePart, RenderContext, Renderer, PRINTED_LABELS};
use crate::diag::{Code, Diagnostic};
use crate::doc::{Block, Document, Inline, Section};

/// Writes `<code>/<slug>.pdf`.
pub struct Pdf;

/// The embedded font family (regular, bold, italic, bold italic).
pub const FONT_FAMILY: &str = "Noto Sans";
const FONT_FILES: &[&[u8]] = &[
    include_bytes!("../../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../fonts/NotoSans-Italic.ttf"),
    include_bytes!("../../fonts/NotoSans-BoldItalic.ttf"),
];

/// The Typst standard library and the fonts, built once per process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .filter_map(|data| Font::new(Bytes::new(*data), 0))
            .collect();
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// One document's Typst world: the generated source and the shared fonts.
struct PolicyWorld {
    source: Source,
    today: Option<Datetime>,
}

impl World for PolicyWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.source.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.source.id() {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        // The generated source reads no files: no images, no includes.
        Err(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

impl Renderer for Pdf {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn labels(&self) -> Vec<&'static str> {
        [PRINTED_LABELS, &["contents-label"]].concat()
    }

    /// The limits and the fonts' coverage, before anything is typeset.
    fn check(&self, doc: &Document, _cx: &RenderContext) -> Result<(), Diagnostic> {
        let context = |d: Diagnostic| d.locale(&doc.locale.tag).policy(&doc.policy);
        check_size(doc).map_err(context)?;
        check_coverage(doc).map_err(context)?;
        let source = typst_source(doc).len();
        if source > MAX_PDF_SOURCE_BYTES {
            return Err(context(too_large(format!(
                "its text is {source} bytes of Typst source, more than {MAX_PDF_SOURCE_BYTES}"
            ))));
        }
        Ok(())
    }

    fn render(&self, doc: &Arc<Document>, cx: &RenderContext) -> Result<Vec<u8>, Diagnostic> {
        if cx.validate_only {
            return Ok(Vec::new());
        }
        // Checked when policyc.toml was loaded (`Config::parse`).
        let standards = cx.config.pdf.standards().unwrap_or_default();
        // Relative links would be dead in a file on disk.
        let doc = &super::links::absolute(doc, super::links::base_url(cx.config));
        typeset(
            typst_source(doc),
            &doc.published.iso,
            format!("{}-{}-{}", doc.policy, doc.locale.tag, doc.version),
            standards,
        )
        .map_err(|d| d.locale(&doc.locale.tag).policy(&doc.policy))
    }
}

/// Typesets Typst source (which reads no files) into PDF bytes. `date`
/// (`YYYY-MM-DD`) is the document's date and Typst's today, so the same
/// source gives the same bytes; `ident` names the document in the PDF's
/// identifier.
pub fn typeset(
    source: String,
    date: &str,
    ident: String,
    standards: typst_pdf::PdfStandards,
) -> Result<Vec<u8>, Diagnostic> {
    let (y, m, d) = date_parts(date);
    let date = Datetime::from_ymd(y, m, d);
    let world = PolicyWorld {
        source: Source::detached(source),
        today: date,
    };
    let failed = |what: &str, errors: &[typst::diag::SourceDiagnostic]| {
        Diagnostic::new(
            Code::PdfError,
            format!(
                "{what} failed: {}",
                errors
                    .iter()
                    .map(|e| e.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        )
    };
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| failed("typesetting", &errors))?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some("policyc".into())),
        timestamp: date.map(typst_pdf::Timestamp::new_utc),
        standards,
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| failed("PDF export", &errors))
}

/// The most sections (at any depth) one PDF may have. Typst lays out a
/// whole document in memory, about 120 KB per section, and every heading
/// enters the outline and the tag tree: 100,000 sections took 60 s and
/// 11.9 GB. The limits keep one PDF under 2 GB; real policies have tens.
pub const MAX_PDF_SECTIONS: usize = 2_000;
/// The most blocks one PDF may have, counting each paragraph (of a note
/// too), list item and table row: a single list or table can be as large
/// as many paragraphs.
pub const MAX_PDF_BLOCKS: usize = 10_000;
/// The most Typst source one PDF may be made from (all its text, escaped).
pub const MAX_PDF_SOURCE_BYTES: usize = 2 * 1024 * 1024;

fn too_large(what: String) -> Diagnostic {
    Diagnostic::new(Code::PdfTooLarge, format!("the PDF cannot be made: {what}"))
        .hint("split the policy into several policies, or leave `pdf` out of its formats; the other formats have no such limit")
}

/// Refuses a document past [`MAX_PDF_SECTIONS`] or [`MAX_PDF_BLOCKS`]
/// before anything is typeset.
fn check_size(doc: &Document) -> Result<(), Diagnostic> {
    let sections = doc.all_sections();
    if sections.len() > MAX_PDF_SECTIONS {
        return Err(too_large(format!(
            "it has {} sections, more than {MAX_PDF_SECTIONS}",
            sections.len()
        )));
    }
    let weight = |b: &Block| match b {
        Block::Paragraph { .. } | Block::Lead { .. } => 1,
        Block::Note { paragraphs, .. } => 1 + paragraphs.len(),
        Block::List { items, .. } => items.len().max(1),
        Block::Definitions { items, .. } => items.len().max(1),
        Block::Table { rows, .. } => 1 + rows.len(),
    };
    let blocks: usize = doc
        .preamble
        .iter()
        .chain(&doc.epilogue)
        .chain(sections.iter().flat_map(|s| &s.blocks))
        .map(weight)
        .sum();
    if blocks > MAX_PDF_BLOCKS {
        return Err(too_large(format!(
            "it has {blocks} blocks, more than {MAX_PDF_BLOCKS}"
        )));
    }
    Ok(())
}

fn date_parts(iso: &str) -> (i32, u8, u8) {
    let mut it = iso.split('-');
    let y = it.next().and_then(|v| v.parse().ok()).unwrap_or(1970);
    let m = it.next().and_then(|v| v.parse().ok()).unwrap_or(1);
    let d = it.next().and_then(|v| v.parse().ok()).unwrap_or(1);
    (y, m, d)
}

/// Refuses text the embedded fonts cannot show (a box glyph in a signed
/// PDF is a defect), naming the character and where it is.
fn check_coverage(doc: &Document) -> Result<(), Diagnostic> {
    let mut texts: Vec<(String, String)> = vec![
        ("title".into(), doc.title.clone()),
        ("intro".into(), doc.intro.clone()),
    ];
    for s in doc.all_sections() {
        texts.push((format!("section `{}`", s.id), s.title_text.clone()));
        for b in &s.blocks {
            texts.push((format!("section `{}`", s.id), block_text(b)));
        }
    }
    for b in doc.preamble.iter().chain(&doc.epilogue) {
        texts.push(("document".into(), block_text(b)));
    }
    for (place, text) in texts {
        if let Some(c) = first_uncovered(&text) {
            return Err(uncovered(c, &place));
        }
    }
    Ok(())
}

/// The first character of `text` the embedded fonts cannot show.
pub fn first_uncovered(text: &str) -> Option<char> {
    let fonts = &shared().fonts;
    text.chars().find(|&c| {
        !(c.is_whitespace()
            || c.is_control()
            || fonts.iter().any(|f| f.info().coverage.contains(c as u32)))
    })
}

/// The finding for a character the fonts cannot show, found in `place`.
pub fn uncovered(c: char, place: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UnsupportedCharacter,
        format!(
            "the PDF font ({FONT_FAMILY}) has no glyph for `{c}` (U+{:04X}) in {place}",
            c as u32
        ),
    )
    .hint("use a character the font covers, or publish this text in HTML only; policyc never prints a box in place of a letter")
}

fn block_text(b: &Block) -> String {
    let p = crate::doc::plain_text;
    match b {
        Block::Paragraph { content } | Block::Lead { content } => p(content),
        Block::Note {
            title_text,
            paragraphs,
            ..
        } => {
            let mut s = title_text.clone();
            for para in paragraphs {
                s.push_str(&p(para));
            }
            s
        }
        Block::List { items, .. } => items
            .iter()
            .map(|i| {
                format!(
                    "{}{}",
                    i.label.as_deref().map(p).unwrap_or_default(),
                    p(&i.content)
                )
            })
            .collect(),
        Block::Definitions { items, .. } => items
            .iter()
            .map(|d| format!("{}{}", p(&d.term), p(&d.definition)))
            .collect(),
        Block::Table { header, rows, .. } => header
            .iter()
            .chain(rows.iter().flatten())
            .map(|c| p(c))
            .collect(),
    }
}

/// A Typst string literal: the only way text enters Typst source.
pub fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Inline nodes as one Typst content expression (code mode).
fn inlines(nodes: &[Inline]) -> String {
    if nodes.is_empty() {
        return "[]".into();
    }
    let parts: Vec<String> = nodes.iter().map(inline).collect();
    format!("({})", parts.join(" + "))
}

fn inline(n: &Inline) -> String {
    match n {
        // Inside `[#"…"]` the string ends the embedded expression, so no
        // following text can continue it.
        Inline::Text { text } => format!("[#{}]", lit(text)),
        Inline::Emphasis { children } => format!("emph{}", inlines(children)),
        Inline::Strong { children } => format!("strong{}", inlines(children)),
        Inline::Code { text } => format!("raw({})", lit(text)),
        // Typst has no link title (a PDF link annotation has no tooltip in
        // Typst's model): the title is left out on paper.
        Inline::Link { href, children, .. } => match href.strip_prefix('#') {
            Some(id)
                if !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
            {
                format!("link(label({}), {})", lit(id), inlines(children))
            }
            // `\` as Markdown readers and policyc's HTML write it.
            _ => format!(
                "link({}, {})",
                lit(&href.replace('\\', "%5C")),
                inlines(children)
            ),
        },
        Inline::LineBreak => "linebreak()".into(),
        // Raw HTML (only when allowed) has no meaning on paper.
        Inline::Html { .. } => "[]".into(),
    }
}

fn block(b: &Block, out: &mut String) {
    match b {
        Block::Paragraph { content } => {
            let _ = writeln!(out, "  par({})", inlines(content));
        }
        Block::Lead { content } => {
            let _ = writeln!(out, "  par(text(size: 12pt, {}))", inlines(content));
        }
        Block::Note {
            title, paragraphs, ..
        } => {
            let body: Vec<String> = paragraphs
                .iter()
                .map(|p| format!("par({})", inlines(p)))
                .collect();
            let _ = writeln!(
                out,
                "  block(width: 100%, breakable: false, inset: 8pt, stroke: (left: 3pt + luma(60), rest: 0.6pt + luma(120)), {{ par(strong({})); {} }})",
                inlines(title),
                body.join("; ")
            );
        }
        Block::List { ordered, items } => {
            let items: Vec<String> = items
                .iter()
                .map(|i| match &i.label {
                    Some(l) => format!(
                        "(strong({} + [:]) + [ ] + {})",
                        inlines(l),
                        inlines(&i.content)
                    ),
                    None => inlines(&i.content),
                })
                .collect();
            let f = if *ordered { "enum" } else { "list" };
            let _ = writeln!(out, "  {f}({})", items.join(", "));
        }
        // Typst's term list: each term in bold, its definition beside it
        // and indented below it when it wraps (the text only as string
        // literals, through `inlines`).
        Block::Definitions { items, .. } => {
            let items: Vec<String> = items
                .iter()
                .map(|d| {
                    format!(
                        "terms.item({}, {})",
                        inlines(&d.term),
                        inlines(&d.definition)
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "  terms(hanging-indent: 1.5em, separator: [: ], {})",
                items.join(", ")
            );
        }
        Block::Table { header, rows, .. } => {
            let head: Vec<String> = header
                .iter()
                .map(|h| format!("strong({})", inlines(h)))
                .collect();
            let cells: Vec<String> = rows.iter().flatten().map(|c| inlines(c)).collect();
            let _ = writeln!(
                out,
                "  table(columns: {}, inset: 5pt, stroke: 0.5pt + luma(120), table.header({}), {})",
                header.len().max(1),
                head.join(", "),
                cells.join(", ")
            );
        }
    }
}

fn section(s: &Section, out: &mut String) {
    let number = match (&s.number, s.depth) {
        (Some(n), 1) => format!("[#{}] + ", lit(&format!("{n}. "))),
        (Some(n), _) => format!("[#{}] + ", lit(&format!("{n} "))),
        (None, _) => String::new(),
    };
    let _ = writeln!(
        out,
        "  [#heading(level: {}, {number}{})<{}>]",
        (s.depth + 1).min(6),
        inlines(&s.title),
        s.id
    );
    for b in &s.blocks {
        block(b, out);
    }
    for c in &s.sections {
        section(c, out);
    }
}

/// "Side {page} af {pages}" as Typst content with the page counters.
pub fn page_of(label: &str) -> String {
    let parts: Vec<String> = page_label_parts(label)
        .into_iter()
        .map(|p| match p {
            PagePart::Text(t) => lit(t),
            PagePart::Page => "str(counter(page).get().first())".to_string(),
            PagePart::Pages => "str(counter(page).final().first())".to_string(),
        })
        .collect();
    format!("({})", parts.join(" + "))
}

/// The whole document as Typst source.
pub fn typst_source(doc: &Document) -> String {
    let label = |k: &str| doc.labels.get(k).map(String::as_str).unwrap_or("");
    let (y, m, d) = date_parts(&doc.published.iso);
    let mut out = String::with_capacity(32 * 1024);
    let _ = writeln!(
        out,
        "#set document(title: {}, author: {}, date: datetime(year: {y}, month: {m}, day: {d}))",
        lit(&doc.title),
        lit(&doc.control.prepared_by)
    );
    let _ = writeln!(
        out,
        "#set text(font: {}, lang: {}, size: 10pt, hyphenate: true)",
        lit(FONT_FAMILY),
        lit(doc.locale.tag.split('-').next().unwrap_or("en"))
    );
    let _ = writeln!(out, "#set par(leading: 0.6em, spacing: 0.9em)");
    let _ = writeln!(out, "#show heading: set block(above: 1.4em, below: 0.7em)");
    let _ = writeln!(out, "#show link: underline");
    let _ = writeln!(
        out,
        "#set page(paper: \"a4\", margin: (x: 20mm, top: 24mm, bottom: 24mm),\n  header: context {{ if here().page() > 1 {{ align(center, text(size: 8pt, fill: luma(70), {})) }} }},\n  footer: context text(size: 8pt, fill: luma(70), {} + h(1fr) + {}))",
        lit(&doc.title),
        lit(&doc.control.document_id),
        page_of(label("page-of"))
    );
    // Cover page with the document control table.
    let row = |k: &str, v: &str| format!("strong({}), {}", lit(label(k)), lit(v));
    let mut rows = vec![
        row(
            "label-category",
            doc.control.category.as_deref().unwrap_or(""),
        ),
        row("label-title", &doc.title),
        row("label-intro", &doc.intro),
        row("label-version", &doc.version),
        row("label-document-id", &doc.control.document_id),
        row("label-prepared-by", &doc.control.prepared_by),
        row("label-approver", &doc.control.approver),
        row("label-date", &doc.published.text),
    ];
    if let Some(e) = &doc.effective {
        rows.push(row("label-effective", &e.text));
    }
    rows.push(row(
        "label-classification",
        doc.control.classification.as_deref().unwrap_or(""),
    ));
    let _ = writeln!(out, "#{{");
    let _ = writeln!(out, "  v(30mm)");
    let _ = writeln!(
        out,
        "  text(size: 9pt, tracking: 0.08em, upper({}))",
        lit(doc.control.category.as_deref().unwrap_or(""))
    );
    let _ = writeln!(
        out,
        "  heading(level: 1, outlined: false, text(size: 22pt, {}))",
        lit(&doc.title)
    );
    let _ = writeln!(out, "  par(text(size: 12pt, {}))", lit(&doc.intro));
    let _ = writeln!(out, "  v(8mm)");
    let _ = writeln!(
        out,
        "  table(columns: (35%, 1fr), inset: 6pt, stroke: 0.5pt + luma(120), fill: (x, _) => if x == 0 {{ luma(240) }}, {})",
        rows.join(", ")
    );
    let _ = writeln!(out, "  pagebreak()");
    for b in &doc.preamble {
        block(b, &mut out);
    }
    let _ = writeln!(
        out,
        "  outline(title: {}, depth: 3)",
        lit(label("contents-label"))
    );
    for s in &doc.sections {
        section(s, &mut out);
    }
    for b in &doc.epilogue {
        block(b, &mut out);
    }
    let _ = writeln!(out, "}}");
    out
}
