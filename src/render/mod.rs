//! Backends: each turns a localized [`Document`] into the bytes of one
//! output file. Adding a format means one file here and one line in
//! [`renderer_for`].

pub mod html;
pub mod markdown;
#[cfg(feature = "pdf")]
pub mod pdf;
mod templates;

pub use templates::{doc_value, Templates};

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::diag::{Diagnostic, SourceMap};
use crate::doc::Document;

/// Everything a backend may use besides the document.
pub struct RenderContext<'a> {
    pub config: &'a Config,
    pub templates: &'a Templates,
    /// For template errors at file:line.
    pub sources: &'a SourceMap,
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
            Diagnostic::error("json", format!("cannot write the document tree: {e}"))
        })?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
