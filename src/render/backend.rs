//! What every backend shares: the [`Format`] list, the [`Renderer`] trait,
//! the `{code}/{slug}.{ext}` path convention and the missing-label check.
//! The backends depend on this module, never on each other.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::diag::{Code, Diagnostic, SourceMap};
use crate::doc::Document;

use super::templates::Templates;

/// An output format of the output folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Md,
    Html,
    Fragment,
    Print,
    Pdf,
    Json,
}

impl Format {
    /// Every format with its name (in `--format` and `policyc.toml`) and
    /// its files' extension: the one list of formats.
    pub const ALL: [(Format, &'static str, &'static str); 6] = [
        (Format::Md, "md", "md"),
        (Format::Html, "html", "html"),
        (Format::Fragment, "fragment", "fragment.html"),
        (Format::Print, "print", "print.html"),
        (Format::Pdf, "pdf", "pdf"),
        (Format::Json, "json", "json"),
    ];

    fn entry(self) -> (Format, &'static str, &'static str) {
        Format::ALL
            .into_iter()
            .find(|(f, _, _)| *f == self)
            .unwrap_or((self, "", ""))
    }

    /// The name used in `--format` and `policyc.toml` (`md`).
    pub fn name(self) -> &'static str {
        self.entry().1
    }

    /// The extension of its files, without the dot (`print.html`).
    pub fn extension(self) -> &'static str {
        self.entry().2
    }

    /// The format of a name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|(_, n, _)| *n == name)
            .map(|(f, _, _)| f)
    }

    /// Every format's name, in order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Format::ALL.into_iter().map(|(_, n, _)| n)
    }
}

/// The path of a document's file in the output folder:
/// `{code}/{slug}.{extension}`, the one place this convention is written
/// (the backends, the HTML pages' language links and `serve`'s index use it).
pub fn page_path(code: &str, slug: &str, format: Format) -> String {
    format!("{code}/{slug}.{}", format.extension())
}

/// Everything a backend may use besides the document.
pub struct RenderContext<'a> {
    pub config: &'a Config,
    pub templates: &'a Templates,
    /// For template errors at file:line.
    pub sources: &'a SourceMap,
    /// Check what would be made, without making what is expensive to make
    /// (the PDF backend does not typeset, and returns no bytes): what
    /// `check` needs.
    pub validate_only: bool,
}

/// One output format's backend.
///
/// A document is first checked ([`Renderer::check`], then
/// [`Renderer::labels`]) and only then rendered: the checks decide, before
/// any page is made, whether its locale can be published.
pub trait Renderer: Sync + Send {
    /// The format this backend writes.
    fn format(&self) -> Format;
    /// The name recorded in the manifest (the format's name; `site:<name>`
    /// for a site's pages).
    fn name(&self) -> &str {
        self.format().name()
    }
    /// The site whose content folder this writes into; `None` for the
    /// output folder.
    fn site(&self) -> Option<&str> {
        None
    }
    /// The labels (messages of `_shared.ftl`) every page of this format
    /// shows; a locale without one of them is refused.
    fn labels(&self) -> Vec<&'static str> {
        Vec::new()
    }
    /// Where the file goes, relative to the output directory.
    fn path(&self, doc: &Document) -> PathBuf {
        PathBuf::from(page_path(&doc.locale.code, &doc.slug, self.format()))
    }
    /// The backend's own checks of a document besides its labels (limits,
    /// characters it cannot show), made before any page is rendered.
    fn check(&self, _doc: &Document, _cx: &RenderContext) -> Result<(), Diagnostic> {
        Ok(())
    }
    /// The file's content.
    fn render(&self, doc: &Arc<Document>, cx: &RenderContext) -> Result<Vec<u8>, Diagnostic>;
}

/// Checks a document against what its renderer needs: its own checks
/// (limits first: a document too large to make is refused for that), then
/// the labels it declares.
pub fn check(r: &dyn Renderer, doc: &Document, cx: &RenderContext) -> Result<(), Diagnostic> {
    r.check(doc, cx)?;
    require_labels(doc, r.name(), &r.labels())
}

/// Refuses a document whose locale lacks one of `labels`, naming them all.
pub fn require_labels(doc: &Document, format: &str, labels: &[&str]) -> Result<(), Diagnostic> {
    let missing: Vec<String> = labels
        .iter()
        .filter(|l| !doc.labels.contains_key(**l))
        .map(|l| format!("`{l}`"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let file = format!("locales/{}/_shared.ftl", doc.locale.tag);
    Err(Diagnostic::new(
        Code::MissingLabel,
        format!(
            "the {format} output needs label(s) {} in locale `{}`",
            missing.join(", "),
            doc.locale.tag
        ),
    )
    .in_file(&file)
    .locale(&doc.locale.tag)
    .policy(&doc.policy)
    .keys(
        labels
            .iter()
            .filter(|l| !doc.labels.contains_key(**l))
            .map(|l| l.to_string())
            .collect(),
    )
    .hint(format!(
        "add them to `{file}` (see the reference locale's file)"
    )))
}

/// Labels every HTML page needs from `_shared.ftl`.
pub const PAGE_LABELS: &[&str] = &[
    "contents-label",
    "label-languages",
    "label-version",
    "label-effective",
    "language-name",
];

/// Labels of a printed document (print HTML, PDF): its document control
/// table and its page numbers.
pub const PRINTED_LABELS: &[&str] = &[
    "label-category",
    "label-title",
    "label-intro",
    "label-document-id",
    "label-prepared-by",
    "label-approver",
    "label-date",
    "label-classification",
    "page-of",
];

/// A piece of the localized "Page N of M" label (`page-of`, kept with
/// `{page}` and `{pages}` placeholders): text, or one of the two numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagePart<'a> {
    Text(&'a str),
    Page,
    Pages,
}

/// Splits "Side {page} af {pages}" into text and page-number parts, for
/// the backends that number pages (print CSS, PDF).
pub fn page_label_parts(label: &str) -> Vec<PagePart<'_>> {
    let mut parts = Vec::new();
    let mut rest = label;
    while !rest.is_empty() {
        let next = [("{page}", PagePart::Page), ("{pages}", PagePart::Pages)]
            .into_iter()
            .filter_map(|(k, part)| rest.find(k).map(|i| (i, k, part)))
            .min_by_key(|(i, _, _)| *i);
        match next {
            Some((i, key, part)) => {
                if i > 0 {
                    parts.push(PagePart::Text(&rest[..i]));
                }
                parts.push(part);
                rest = &rest[i + key.len()..];
            }
            None => {
                parts.push(PagePart::Text(rest));
                break;
            }
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_one_name_and_one_extension() {
        for (f, name, ext) in Format::ALL {
            assert_eq!(Format::from_name(name), Some(f));
            assert_eq!(f.name(), name);
            assert_eq!(f.extension(), ext);
        }
        assert_eq!(Format::from_name("docx"), None);
        assert_eq!(
            page_path("da", "privatliv", Format::Print),
            "da/privatliv.print.html"
        );
    }
}
