//! Backends: each turns a localized [`Document`] into the bytes of one
//! output file. Adding a format means one file here and one line in
//! [`renderer_for`].

pub mod markdown;
mod templates;

pub use templates::Templates;

use std::path::PathBuf;

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
pub trait Renderer: Sync {
    /// The name used in `--format` and `policyc.toml` (`md`).
    fn name(&self) -> &'static str;
    /// Where the file goes, relative to the output directory.
    fn path(&self, doc: &Document) -> PathBuf;
    /// The file's content.
    fn render(&self, doc: &Document, cx: &RenderContext) -> Result<Vec<u8>, Diagnostic>;
}

/// Every format policyc can write.
pub const FORMATS: &[&str] = &["md"];

/// The backend for a format name.
pub fn renderer_for(name: &str) -> Option<Box<dyn Renderer>> {
    match name {
        "md" => Some(Box::new(markdown::Markdown)),
        _ => None,
    }
}
