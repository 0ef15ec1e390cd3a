//! Backends: each turns a localized [`Document`](crate::doc::Document) into
//! the bytes of one output file.
//!
//! [`backend`] holds what they share: the [`Format`] list, the
//! [`Renderer`] trait (a backend declares its format, and so its
//! extension, and the labels it needs), the `{code}/{slug}.{ext}` path
//! convention and the missing-label check. Each backend is one file;
//! this file registers them.
//!
//! Adding a format touches one new file, the backend, and one
//! registration: its line in [`Format::ALL`] (name and extension, with
//! its variant) and its arm in [`renderer`].

mod backend;
pub mod html;
pub mod json;
pub mod links;
pub mod markdown;
#[cfg(feature = "pdf")]
pub mod pdf;
mod templates;

pub use backend::{
    check, page_label_parts, page_path, require_labels, Format, PagePart, RenderContext, Renderer,
    PAGE_LABELS, PRINTED_LABELS,
};
pub use templates::{doc_value, InlineWriters, Templates, PAGE_CSS};

use std::path::Path;

use crate::diag::{Diagnostic, SourceMap};

/// The backend of a format; an error when this build of policyc has none.
pub fn renderer(format: Format) -> Result<Box<dyn Renderer>, Diagnostic> {
    Ok(match format {
        Format::Md => Box::new(markdown::Markdown),
        Format::Html => Box::new(html::Html(html::Kind::Page)),
        Format::Fragment => Box::new(html::Html(html::Kind::Fragment)),
        Format::Print => Box::new(html::Html(html::Kind::Print)),
        #[cfg(feature = "pdf")]
        Format::Pdf => Box::new(pdf::Pdf),
        #[cfg(not(feature = "pdf"))]
        Format::Pdf => {
            return Err(Diagnostic::new(
                crate::diag::Code::UnavailableFormat,
                "this build of policyc has no PDF backend",
            )
            .hint(
                "use a policyc built with its default features, or leave `pdf` out of the formats",
            ))
        }
        Format::Json => Box::new(json::Json),
    })
}

/// The backend for a format name, when the format exists and this build
/// has its backend.
pub fn renderer_for(name: &str) -> Option<Box<dyn Renderer>> {
    renderer(Format::from_name(name)?).ok()
}

/// The workspace's templates, with the filters that write inline nodes as
/// the HTML and Markdown backends do.
pub fn load_templates(root: &Path, sources: &SourceMap) -> Result<Templates, Vec<Diagnostic>> {
    let inlines = InlineWriters {
        html: html::inlines_to_html,
        markdown: markdown::inlines,
    };
    Templates::load(root, sources, inlines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_a_backend_or_says_why_not() {
        for (format, name, _) in Format::ALL {
            match renderer(format) {
                Ok(r) => {
                    assert_ne!((format, cfg!(feature = "pdf")), (Format::Pdf, false));
                    assert_eq!(r.format(), format);
                    assert_eq!(r.name(), name);
                }
                Err(d) => {
                    assert_eq!(
                        (format, d.code),
                        (Format::Pdf, crate::diag::Code::UnavailableFormat)
                    );
                    assert!(renderer_for(name).is_none());
                }
            }
        }
    }
}
