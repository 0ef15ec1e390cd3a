//! Backends: each turns a localized [`Document`] into the bytes of one
//! output file. Adding a format means one file here and one line in
//! [`renderer_for`].

pub mod html;
pub mod markdown;
#[cfg(feature = "pdf")]
pub mod pdf;
mod templates;

pub use templates::{doc_value, Templates, PAGE_CSS};

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::diag::Code;
use crate::diag::{Diagnostic, SourceMap};
use crate::doc::Document;

/// Everything a backend may use besides the document.
pub struct RenderContext<'a> {
    pub config: &'a Config,
    pub templates: &'a Templates,
    /// For template errors at file:line.
    pub sources: &'a SourceMap,
    /// Check what would be made, without making what is expensive to make
    /// (the PDF backend checks labels, glyphs and size but does not
    /// typeset, and returns no bytes): what `check` needs.
    pub validate_only: bool,
}

/// One output format.
pub trait Renderer: Sync + Send {
    /// The name used in `--format` and `policyc.toml` (`md`).
    fn name(&self) -> &str;
    /// The site whose content folder this writes into; `None` for the
    /// output folder.
    fn site(&self) -> Option<&str> {
        None
    }
    /// Where the file goes, relative to the output directory.
    fn path(&self, doc: &Document) -> PathBuf;
    /// The file's content.
    fn render(&self, doc: &Arc<Document>, cx: &RenderContext) -> Result<Vec<u8>, Diagnostic>;
}

/// Every format policyc can write.
pub const FORMATS: &[&str] = &["md", "html", "fragment", "print", "pdf", "json"];

/// The backend for a format name.
pub fn renderer_for(name: &str) -> Option<Box<dyn Renderer>> {
    match name {
        "md" => Some(Box::new(markdown::Markdown)),
        "html" => Some(Box::new(html::Html(html::Kind::Page))),
        "fragment" => Some(Box::new(html::Html(html::Kind::Fragment))),
        "print" => Some(Box::new(html::Html(html::Kind::Print))),
        #[cfg(feature = "pdf")]
        "pdf" => Some(Box::new(pdf::Pdf)),
        "json" => Some(Box::new(Json)),
        _ => None,
    }
}

/// The localized document tree as JSON, for tools that want the resolved
/// content without parsing Markdown or HTML.
pub struct Json;

impl Renderer for Json {
    fn name(&self) -> &str {
        "json"
    }

    fn path(&self, doc: &Document) -> PathBuf {
        PathBuf::from(&doc.locale.code).join(format!("{}.json", doc.slug))
    }

    fn render(&self, doc: &Arc<Document>, _cx: &RenderContext) -> Result<Vec<u8>, Diagnostic> {
        let mut bytes = serde_json::to_vec_pretty(doc.as_ref()).map_err(|e| {
            Diagnostic::error(Code::Json, format!("cannot write the document tree: {e}"))
        })?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

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
