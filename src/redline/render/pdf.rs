//! The redline as a PDF, typeset by the PDF backend's Typst
//! ([`crate::render::pdf::typeset`]): inserted text underlined, deleted
//! text struck through (and coloured, but never by colour alone), with the
//! legend near the top. Every text, labels included, enters the Typst
//! source as a string literal ([`lit`]), never as markup.

use std::fmt::Write as _;

use super::{write, Heading, MetaRow, Page, Writer};
use crate::diag::{Code, Diagnostic};
use crate::diff::{Span, SpanKind};
use crate::redline::compare::Comparison;
use crate::render::pdf::{
    first_uncovered, lit, page_of, typeset, uncovered, FONT_FAMILY, MAX_PDF_SECTIONS,
    MAX_PDF_SOURCE_BYTES,
};

/// The redline as PDF bytes, conforming to `standards`.
pub fn pdf(
    page: &Page<'_>,
    c: &Comparison,
    standards: typst_pdf::PdfStandards,
) -> Result<Vec<u8>, Diagnostic> {
    let too_large = |what: String| {
        Diagnostic::new(
            Code::PdfTooLarge,
            format!("the redline PDF cannot be made: {what}"),
        )
        .hint("leave `pdf` out of `--format`; the Markdown and HTML redlines have no such limit")
    };
    if c.sections.len() > MAX_PDF_SECTIONS {
        return Err(too_large(format!(
            "it has {} sections, more than {MAX_PDF_SECTIONS}",
            c.sections.len()
        )));
    }
    let source = typst_source(page, c);
    if source.len() > MAX_PDF_SOURCE_BYTES {
        return Err(too_large(format!(
            "its text is {} bytes of Typst source, more than {MAX_PDF_SOURCE_BYTES}",
            source.len()
        )));
    }
    if let Some(ch) = first_uncovered(&source) {
        return Err(uncovered(ch, "the redline"));
    }
    let ident = format!(
        "redline-{}-{}-{}-{}",
        page.lang, page.title, page.from, page.to
    );
    typeset(source, page.date, ident, standards)
}

/// The redline as Typst source.
fn typst_source(page: &Page<'_>, c: &Comparison) -> String {
    let mut w = Typst(String::with_capacity(16 * 1024));
    write(page, c, &mut w);
    w.0.push_str("}\n");
    w.0
}

/// Text as Typst content. The embedded font has no arrows: `→` (from
/// the labels' `7 → 8` or from any text) is drawn.
fn text(s: &str) -> String {
    let parts: Vec<String> = s.split('→').map(|p| format!("[#{}]", lit(p))).collect();
    parts.join(" + arrow + ")
}

/// Spans as one Typst content expression.
fn spans(spans: &[Span]) -> String {
    if spans.is_empty() {
        return "[]".into();
    }
    let mut parts: Vec<String> = Vec::with_capacity(spans.len());
    for (i, s) in spans.iter().enumerate() {
        parts.push(match s.kind {
            SpanKind::Kept => text(&s.text),
            SpanKind::Removed => format!("del({})", text(&s.text)),
            // Apart from the words it replaces, or the two run together.
            SpanKind::Added if i > 0 && spans[i - 1].kind == SpanKind::Removed => {
                format!("h(0.25em) + ins({})", text(&s.text))
            }
            SpanKind::Added => format!("ins({})", text(&s.text)),
        });
    }
    parts.join(" + ")
}

struct Typst(String);

impl Writer for Typst {
    fn start(&mut self, page: &Page<'_>) {
        let title = page.heading();
        let date: Vec<u32> = page
            .date
            .splitn(3, '-')
            .map(|v| v.parse().unwrap_or(1))
            .collect();
        let page_of = page.labels.get("page-of").map_or(
            "(str(counter(page).get().first()) + \" / \" + str(counter(page).final().first()))"
                .to_string(),
            |l| page_of(l),
        );
        let out = &mut self.0;
        let _ = writeln!(
            out,
            "#set document(title: {}, date: datetime(year: {}, month: {}, day: {}))",
            lit(&title),
            date.first().unwrap_or(&1970),
            date.get(1).unwrap_or(&1),
            date.get(2).unwrap_or(&1)
        );
        let _ = writeln!(
            out,
            "#set text(font: {}, lang: {}, size: 10pt, hyphenate: true)",
            lit(FONT_FAMILY),
            lit(page.lang.split('-').next().unwrap_or("en"))
        );
        let _ = writeln!(out, "#set par(leading: 0.6em, spacing: 0.9em)");
        let _ = writeln!(out, "#show heading: set block(above: 1.4em, below: 0.7em)");
        let _ = writeln!(
            out,
            "#set page(paper: \"a4\", margin: (x: 20mm, top: 20mm, bottom: 24mm),\n  footer: context text(size: 8pt, fill: luma(70), {} + h(1fr) + {}))",
            lit(&title),
            page_of
        );
        // Underline and strike-through carry the meaning; the colours
        // only help.
        let _ = writeln!(
            out,
            "#let ins(body) = underline(stroke: 1.2pt + rgb(\"#0b5d1e\"), offset: 2pt, evade: false, text(fill: rgb(\"#0b4d1a\"), body))"
        );
        let _ = writeln!(
            out,
            "#let del(body) = strike(stroke: 1.2pt + rgb(\"#8b1a1a\"), text(fill: rgb(\"#6e1414\"), body))"
        );
        let _ = writeln!(
            out,
            "#let arrow = box(width: 1em, height: 0.6em, {{ place(horizon + left, line(length: 0.7em, stroke: 0.08em)); place(horizon + right, polygon(fill: black, (0em, 0em), (0.32em, 0.18em), (0em, 0.36em))) }})"
        );
        let _ = writeln!(out, "#{{");
        let _ = writeln!(out, "  heading(level: 1, {})", text(&title));
    }

    fn ends(&mut self, [from, old]: [&str; 2], [to, new]: [&str; 2]) {
        let [from, old, to, new] = [from, old, to, new].map(text);
        let _ = writeln!(
            self.0,
            "  par({from} + [: ] + strong({old}) + [ ] + arrow + [ ] + {to} + [: ] + strong({new}))"
        );
    }

    fn warning(&mut self, warning: &str) {
        let _ = writeln!(
            self.0,
            "  block(width: 100%, inset: 8pt, stroke: 2pt + rgb(\"#8a5a00\"), fill: rgb(\"#fff6e0\"), strong({}))",
            text(warning)
        );
    }

    fn open_part(&mut self, _id: &str, heading: &str) {
        let _ = writeln!(self.0, "  heading(level: 2, {})", text(heading));
    }

    fn close_part(&mut self) {}

    fn summary(&mut self, lines: &[(String, Vec<String>)]) {
        if lines.is_empty() {
            return;
        }
        let items: Vec<String> = lines
            .iter()
            .map(|(label, list)| text(&format!("{label} ({}): {}", list.len(), list.join(", "))))
            .collect();
        let _ = writeln!(self.0, "  list({})", items.join(", "));
    }

    fn details(&mut self, [old, new]: [&str; 2], rows: &[MetaRow<'_>]) {
        let mut cells = Vec::new();
        for r in rows {
            cells.push(match r.fact {
                Some(fact) => format!("{} + [ ] + emph({})", text(r.label), text(fact)),
                None => text(r.label),
            });
            for (v, f) in [(r.old, "del"), (r.new, "ins")] {
                cells.push(v.map_or(text("–"), |v| format!("{f}({})", text(v))));
            }
        }
        let _ = writeln!(
            self.0,
            "  table(columns: (30%, 1fr, 1fr), inset: 5pt, stroke: 0.5pt + luma(120), table.header([], strong({}), strong({})), {})",
            text(old),
            text(new),
            cells.join(", ")
        );
    }

    fn legend(&mut self, heading: &str, inserted: &str, deleted: &str) {
        let [heading, inserted, deleted] = [heading, inserted, deleted].map(text);
        let _ = writeln!(
            self.0,
            "  block(width: 100%, inset: 8pt, stroke: 0.8pt + luma(80), {{ heading(level: 2, {heading}); list(ins({inserted}), del({deleted})) }})"
        );
    }

    fn open_section(&mut self, h: &Heading) {
        let _ = writeln!(
            self.0,
            "  heading(level: {}, {})",
            (h.depth + 1).min(6),
            text(&h.text)
        );
        let _ = writeln!(
            self.0,
            "  par(text(size: 9pt, style: \"italic\", fill: luma(60), {}))",
            text(&h.badge)
        );
    }

    fn close_section(&mut self) {}

    fn paragraph(&mut self, s: &[Span]) {
        let _ = writeln!(self.0, "  par({})", spans(s));
    }
}
