//! A redline as Markdown (for a pull-request comment), as a standalone
//! HTML page and as a PDF (through the Typst backend). One walk
//! ([`write`]) puts the page together; each format is a [`Writer`] that
//! writes the pieces: `<ins>`/`<del>` with a visible legend and words for
//! screen readers in HTML, underline and strike-through with the legend in
//! the PDF, so a change is never told by colour alone. Every label comes
//! from the locale's `_shared.ftl`; every text is escaped for its target.

mod html;
mod markdown;
#[cfg(feature = "pdf")]
mod pdf;

pub use html::html;
pub use markdown::markdown;
#[cfg(feature = "pdf")]
pub use pdf::pdf;

use std::fmt::Write as _;

use super::compare::{BlockChange, Comparison, Part, SectionChange, SectionKind};
use crate::diff::{Span, SpanKind};

/// The `_shared.ftl` labels a redline needs, in every locale.
pub const LABELS: &[&str] = &[
    "redline-title",
    "redline-from",
    "redline-to",
    "redline-summary",
    "redline-details",
    "redline-legend",
    "redline-inserted",
    "redline-deleted",
    "redline-added",
    "redline-removed",
    "redline-moved",
    "redline-changed",
    "redline-renumbered",
    "redline-unchanged",
    "redline-no-changes",
    "redline-not-approved",
    "redline-fact",
    "redline-preamble",
    "redline-epilogue",
    "label-title",
    "label-version",
    "label-date",
    "label-effective",
];

/// Everything a page needs besides the comparison.
pub struct Page<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    /// How each end is named (`3.1`, `3.1 (release-2024)`).
    pub from: &'a str,
    pub to: &'a str,
    /// The newer end's publication date, `YYYY-MM-DD` (the PDF's date).
    pub date: &'a str,
    /// The translation was stale, unreviewed or changed after review at
    /// either end.
    pub not_approved: bool,
    pub labels: &'a std::collections::BTreeMap<String, String>,
}

impl Page<'_> {
    fn label(&self, key: &str) -> &str {
        self.labels.get(key).map_or("missing-label", String::as_str)
    }

    /// `Changes: Privacy notice`.
    fn heading(&self) -> String {
        format!("{}: {}", self.label("redline-title"), self.title)
    }

    fn kind_label(&self, k: SectionKind) -> &str {
        self.label(match k {
            SectionKind::Unchanged => "redline-unchanged",
            SectionKind::Changed => "redline-changed",
            SectionKind::Added => "redline-added",
            SectionKind::Removed => "redline-removed",
            SectionKind::Moved => "redline-moved",
        })
    }

    /// `3. Legal basis`, or the label of the preamble or epilogue.
    fn section_heading(&self, s: &SectionChange) -> String {
        match s.part {
            Part::Preamble => self.label("redline-preamble").to_string(),
            Part::Epilogue => self.label("redline-epilogue").to_string(),
            Part::Section => s.heading(),
        }
    }

    /// The summary lines: label, sections.
    fn summary(&self, c: &Comparison) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        let changed: Vec<String> = c.changed().map(|s| self.section_heading(s)).collect();
        if !changed.is_empty() {
            out.push((self.label("redline-changed").to_string(), changed));
        }
        for k in [SectionKind::Added, SectionKind::Removed, SectionKind::Moved] {
            let v: Vec<String> = c.of(k).map(|s| self.section_heading(s)).collect();
            if !v.is_empty() {
                out.push((self.kind_label(k).to_string(), v));
            }
        }
        out
    }

    fn badge(&self, s: &SectionChange) -> String {
        let mut b = self.kind_label(s.kind).to_string();
        if s.text_changed {
            let _ = write!(b, ", {}", self.label("redline-changed").to_lowercase());
        }
        if s.renumbered() {
            let _ = write!(
                b,
                ", {} {} → {}",
                self.label("redline-renumbered").to_lowercase(),
                s.old_number.as_deref().unwrap_or(""),
                s.new_number.as_deref().unwrap_or("")
            );
        }
        b
    }
}

/// A block as the spans a reader sees.
fn spans(b: &BlockChange) -> Vec<Span> {
    let one = |kind, text: &String| {
        vec![Span {
            kind,
            text: text.clone(),
        }]
    };
    match b {
        BlockChange::Kept { text } => one(SpanKind::Kept, text),
        BlockChange::Removed { text } => one(SpanKind::Removed, text),
        BlockChange::Added { text } => one(SpanKind::Added, text),
        BlockChange::Changed { diff } => diff.clone(),
    }
}

/// A section as [`write`] hands it to a [`Writer`].
struct Heading {
    /// Its HTML id.
    anchor: String,
    depth: usize,
    text: String,
    /// What happened to it: `Moved, renumbered 7 → 8`.
    badge: String,
}

/// A metadata row as [`write`] hands it to a [`Writer`].
struct MetaRow<'a> {
    /// The field's label (`Version`, `Fact`).
    label: &'a str,
    /// The fact's name, for a fact.
    fact: Option<&'a str>,
    old: Option<&'a str>,
    new: Option<&'a str>,
}

/// One redline format: the pieces of the page, in the order [`write`]
/// asks for them, every label already looked up.
trait Writer {
    /// Starts the page (its heading is [`Page::heading`]).
    fn start(&mut self, page: &Page<'_>);
    /// `Previous version: 3.1 → This version: 3.2`: the label and the
    /// name of each end.
    fn ends(&mut self, from: [&str; 2], to: [&str; 2]);
    /// The translation was not approved.
    fn warning(&mut self, text: &str);
    /// Opens a part of the page (`summary`, `details`) under a heading.
    fn open_part(&mut self, id: &str, heading: &str);
    fn close_part(&mut self);
    /// The summary's lines: label, the sections it names.
    fn summary(&mut self, lines: &[(String, Vec<String>)]);
    /// The metadata that changed: the old and new columns' headings, a
    /// row each.
    fn details(&mut self, columns: [&str; 2], rows: &[MetaRow<'_>]);
    /// How insertions and deletions look.
    fn legend(&mut self, heading: &str, inserted: &str, deleted: &str);
    fn open_section(&mut self, h: &Heading);
    fn close_section(&mut self);
    /// A paragraph: text kept, removed and added.
    fn paragraph(&mut self, spans: &[Span]);
}

/// The redline of `c` through `w`.
fn write(page: &Page<'_>, c: &Comparison, w: &mut impl Writer) {
    let (from, to) = (page.label("redline-from"), page.label("redline-to"));
    w.start(page);
    w.ends([from, page.from], [to, page.to]);
    if page.not_approved {
        w.warning(page.label("redline-not-approved"));
    }
    w.open_part("summary", page.label("redline-summary"));
    let summary = page.summary(c);
    if summary.is_empty() && c.meta.is_empty() {
        let none = Span {
            kind: SpanKind::Kept,
            text: page.label("redline-no-changes").to_string(),
        };
        w.paragraph(&[none]);
    }
    w.summary(&summary);
    w.close_part();
    if !c.meta.is_empty() {
        w.open_part("details", page.label("redline-details"));
        let rows: Vec<MetaRow<'_>> = c
            .meta
            .iter()
            .map(|m| MetaRow {
                label: page.label(if m.fact { "redline-fact" } else { &m.field }),
                fact: m.fact.then_some(m.field.as_str()),
                old: m.old.as_deref(),
                new: m.new.as_deref(),
            })
            .collect();
        w.details([from, to], &rows);
        w.close_part();
    }
    w.legend(
        page.label("redline-legend"),
        page.label("redline-inserted"),
        page.label("redline-deleted"),
    );
    for s in &c.sections {
        w.open_section(&Heading {
            anchor: s.anchor(),
            depth: s.depth,
            text: page.section_heading(s),
            badge: page.badge(s),
        });
        for b in &s.blocks {
            w.paragraph(&spans(b));
        }
        w.close_section();
    }
}
