//! The functions a translation may call (`SECTION`, `DATE`, `NUMBER`):
//! what each does with its arguments, and the problems it reports back to
//! the resolver through a [`FunctionContext`].

use std::borrow::Cow;
use std::sync::{Arc, Mutex, OnceLock};

use fluent_bundle::{FluentArgs, FluentValue};

use super::dates::{parse_iso_date, DateStyle, FluentDate};
use crate::diag::Code;
use crate::markup::escape_markdown_text;

/// Functions a translation may call.
pub const FUNCTIONS: &[&str] = &["SECTION", "DATE", "NUMBER"];

/// A section's number and localized title, for `SECTION()`.
#[derive(Clone, Debug)]
pub struct SectionRef {
    pub number: Option<String>,
    pub title: String,
}

/// State shared with the functions registered on a bundle.
#[derive(Default)]
pub struct FunctionContext {
    /// Filled once every section title is resolved.
    pub sections: OnceLock<crate::HashMap<String, SectionRef>>,
    /// Problems found inside function calls (unknown section, bad date).
    pub problems: Mutex<Vec<CallProblem>>,
}

/// A problem a function found in its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallProblem {
    /// `unknown-section` for `SECTION()` of a section that does not
    /// exist (which the lints also report, at the call), else
    /// `bad-function-call`.
    pub code: Code,
    pub message: String,
}

impl FunctionContext {
    fn problem(&self, message: String) {
        self.problem_of(Code::BadFunctionCall, message);
    }

    fn problem_of(&self, code: Code, message: String) {
        self.problems
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(CallProblem { code, message });
    }

    /// Takes the problems collected since the last call.
    pub fn take_problems(&self) -> Vec<CallProblem> {
        std::mem::take(&mut *self.problems.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Registers every function of [`FUNCTIONS`] on a bundle (of any kind:
/// the functions do not depend on how the bundle holds its resources).
pub(super) fn register<R, M>(
    bundle: &mut fluent_bundle::bundle::FluentBundle<R, M>,
    ctx: Arc<FunctionContext>,
) {
    let c = ctx.clone();
    let _ = bundle.add_function("SECTION", move |pos, named| {
        section_function(&c, pos, named)
    });
    let c = ctx;
    let _ = bundle.add_function("DATE", move |pos, named| date_function(&c, pos, named));
    let _ = bundle.add_function("NUMBER", fluent_bundle::builtins::NUMBER);
}

fn section_function<'a>(
    ctx: &FunctionContext,
    pos: &[FluentValue<'a>],
    named: &FluentArgs,
) -> FluentValue<'a> {
    let Some(FluentValue::String(id)) = pos.first() else {
        ctx.problem("SECTION() needs a section id in quotes, e.g. SECTION(\"legal-basis\")".into());
        return FluentValue::Error;
    };
    let Some(table) = ctx.sections.get() else {
        ctx.problem("SECTION() cannot be used in a section heading".into());
        return FluentValue::Error;
    };
    let Some(r) = table.get(id.as_ref()) else {
        let mut known: Vec<&String> = table.keys().collect();
        known.sort();
        ctx.problem_of(
            Code::UnknownSection,
            format!(
                "SECTION(\"{id}\") refers to a section that does not exist (known: {})",
                known
                    .into_iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        return FluentValue::Error;
    };
    let show = match named.get("show") {
        None => "both",
        Some(FluentValue::String(s)) => match s.as_ref() {
            "number" | "title" | "both" => s.as_ref(),
            other => {
                ctx.problem(format!(
                    "SECTION(show: \"{other}\") must be \"number\", \"title\" or \"both\""
                ));
                "both"
            }
        },
        Some(_) => "both",
    };
    let title = escape_markdown_text(&r.title);
    let label = match (show, &r.number) {
        ("number", Some(n)) => n.clone(),
        ("number", None) => {
            ctx.problem(format!(
                "SECTION(\"{id}\", show: \"number\"): that section has no number (the policy is not numbered, or the section is `numbered = false`)"
            ));
            title
        }
        // Top-level clauses read "4. Title", sub-clauses "4.2 Title", as in headings.
        ("both", Some(n)) if n.contains('.') => [n, " ", &title].concat(),
        ("both", Some(n)) => [n, ". ", &title].concat(),
        _ => title,
    };
    // `concat`, not `format!`: SECTION() runs for every cross-reference
    // of every document.
    FluentValue::String(Cow::Owned(["[", &label, "](#", id, ")"].concat()))
}

fn date_function<'a>(
    ctx: &FunctionContext,
    pos: &[FluentValue<'a>],
    named: &FluentArgs,
) -> FluentValue<'a> {
    let style = match named.get("style") {
        None => DateStyle::Long,
        Some(FluentValue::String(s)) => {
            match s.as_ref() {
                "long" => DateStyle::Long,
                "medium" => DateStyle::Medium,
                "short" => DateStyle::Short,
                "iso" => DateStyle::Iso,
                other => {
                    ctx.problem(format!("DATE(style: \"{other}\") must be \"long\", \"medium\", \"short\" or \"iso\""));
                    DateStyle::Long
                }
            }
        }
        Some(_) => DateStyle::Long,
    };
    let date = match pos.first() {
        Some(FluentValue::Custom(c)) => c.as_any().downcast_ref::<FluentDate>().map(|d| d.date),
        Some(FluentValue::String(s)) => parse_iso_date(s),
        _ => None,
    };
    match date {
        Some(date) => FluentValue::Custom(Box::new(FluentDate { date, style })),
        None => {
            ctx.problem("DATE() needs a date variable or a date like \"2024-01-05\"".into());
            FluentValue::Error
        }
    }
}
