//! The bundle for one policy in one locale (`_shared.ftl` then the
//! policy's file, with the functions registered), facts as Fluent
//! arguments, and formatting one message value or attribute, with the
//! errors Fluent reports kept beside the text.

use std::borrow::Cow;
use std::sync::Arc;

use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use super::dates::{DateStyle, FluentDate};
use super::ftl::FtlFile;
use super::functions::{self, FunctionContext};
use crate::policy::FactValue;

/// The bundle type: thread-safe, so documents can be resolved in parallel.
pub type Bundle = fluent_bundle::bundle::FluentBundle<
    Arc<FluentResource>,
    intl_memoizer::concurrent::IntlLangMemoizer,
>;

/// Builds the bundle for one policy in one locale: `_shared.ftl` (if any)
/// then the policy's file, isolation marks off, `SECTION` and `DATE`
/// registered. Returns the names defined in both files.
pub fn build_bundle(
    lang: &LanguageIdentifier,
    shared: Option<&FtlFile>,
    file: &FtlFile,
    ctx: Arc<FunctionContext>,
) -> (Bundle, Vec<String>) {
    let mut bundle = Bundle::new_concurrent(vec![lang.clone()]);
    bundle.set_use_isolating(false);
    let mut overridden = Vec::new();
    for f in shared.into_iter().chain(std::iter::once(file)) {
        if let Err(errors) = bundle.add_resource(f.resource()) {
            for e in errors {
                if let FluentError::Overriding { id, .. } = e {
                    overridden.push(id);
                }
            }
        }
    }
    functions::register(&mut bundle, ctx);
    (bundle, overridden)
}

/// Turns a fact into a Fluent value. Text is escaped for Markdown, because
/// resolved messages are parsed as Markdown and a fact is literal text.
/// The value borrows the fact's text when escaping leaves it as it is.
pub fn fact_value(v: &FactValue) -> Option<FluentValue<'_>> {
    Some(match v {
        FactValue::Text(s) => FluentValue::String(crate::markup::escaped_markdown_text(s)),
        FactValue::Integer(i) => FluentValue::from(*i),
        FactValue::Float(f) => FluentValue::from(*f),
        FactValue::Bool(b) => FluentValue::String(Cow::Borrowed(if *b { "true" } else { "false" })),
        FactValue::Date(d) => FluentValue::Custom(Box::new(FluentDate {
            date: *d,
            style: DateStyle::Long,
        })),
        FactValue::Rows(_) => return None,
    })
}

/// One formatted message: its text and the errors Fluent reported.
pub struct Formatted {
    pub text: String,
    pub errors: Vec<FluentError>,
}

/// Formats a message value or attribute. `None` if it does not exist.
pub fn format(
    bundle: &Bundle,
    message: &str,
    attribute: Option<&str>,
    args: &FluentArgs,
) -> Option<Formatted> {
    let msg = bundle.get_message(message)?;
    let pattern = match attribute {
        Some(a) => msg.get_attribute(a)?.value(),
        None => msg.value()?,
    };
    let mut errors = Vec::new();
    let text = bundle
        .format_pattern(pattern, Some(args), &mut errors)
        .into_owned();
    Some(Formatted { text, errors })
}

/// Does the bundle define this message value / attribute?
pub fn has(bundle: &Bundle, message: &str, attribute: Option<&str>) -> bool {
    match bundle.get_message(message) {
        None => false,
        Some(m) => match attribute {
            Some(a) => m.get_attribute(a).is_some(),
            None => m.value().is_some(),
        },
    }
}
