//! The JSON backend: the localized document tree, for tools that want the
//! resolved content without parsing Markdown or HTML.

use std::sync::Arc;

use super::backend::{Format, RenderContext, Renderer};
use crate::diag::{Code, Diagnostic};
use crate::doc::Document;

/// Writes `<code>/<slug>.json`.
pub struct Json;

impl Renderer for Json {
    fn format(&self) -> Format {
        Format::Json
    }

    fn render(&self, doc: &Arc<Document>, _cx: &RenderContext) -> Result<Vec<u8>, Diagnostic> {
        let mut bytes = serde_json::to_vec_pretty(doc.as_ref()).map_err(|e| {
            Diagnostic::new(Code::Json, format!("cannot write the document tree: {e}"))
        })?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
