//! `missing-plural-category`: where the reference selects on a number, a
//! text that lacks a plural category its locale uses. Fluent falls back to
//! the default variant without a word, so "1 måneder" would be published.
//! The categories come from CLDR through ICU4X ([`Plurals`]).

use std::path::Path;
use std::sync::OnceLock;

use crate::diag::{Code, Diagnostic};
use crate::l10n::plurals::Plurals;
use crate::l10n::{PatternInfo, Selection};
use crate::policy::{FactValue, Policy};

/// One text of one locale, for [`missing_categories`].
pub(super) struct Text<'a> {
    /// `message.attribute`.
    pub key: &'a str,
    pub locale: &'a str,
    pub lang: &'a unic_langid::LanguageIdentifier,
    pub file: &'a Path,
    pub pattern: &'a PatternInfo,
}

/// The variables a reference text selects on as numbers, as the
/// reference locale's facts have them (worked out once per text, for all
/// locales).
pub(super) fn numbers_selected(
    policy: &Policy,
    reference_locale: &str,
    reference: &PatternInfo,
) -> Vec<Box<str>> {
    let mut numbers: Vec<Box<str>> = reference
        .selections
        .iter()
        .filter(|s| selects_on_number(policy, reference_locale, s))
        .filter_map(|s| s.variable.clone())
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
}

/// The findings for `text`, given the variables its reference selects on
/// as numbers ([`numbers_selected`]). `rules` holds the locale's plural
/// rules once a reference selects on a number (most texts never need
/// them), for the whole run.
pub(super) fn missing_categories(
    numbers: &[Box<str>],
    text: &Text<'_>,
    rules: &OnceLock<Option<Plurals>>,
    tag: &dyn Fn(Diagnostic) -> Diagnostic,
) -> Vec<Diagnostic> {
    if numbers.is_empty() {
        return Vec::new();
    }
    let Some(plurals) = rules.get_or_init(|| Plurals::new(text.lang)) else {
        return Vec::new();
    };
    let categories = plurals.categories();
    let mut out = Vec::new();
    for variable in numbers.iter().map(|v| &**v) {
        let own: Vec<&Selection> = text
            .pattern
            .selections
            .iter()
            .filter(|s| s.variable.as_deref() == Some(variable))
            .collect();
        if own.is_empty() {
            if categories.len() > 1 {
                out.push(unselected(text, variable, &categories, plurals, tag));
            }
            continue;
        }
        for s in own {
            let missing: Vec<&str> = categories
                .iter()
                .copied()
                .filter(|c| !s.names.iter().any(|n| &**n == *c))
                .collect();
            if !missing.is_empty() {
                out.push(lacking(
                    text,
                    variable,
                    s,
                    &missing,
                    &categories,
                    plurals,
                    tag,
                ));
            }
        }
    }
    out
}

/// Whether a selection is on a number: `NUMBER(…)`, or a variable whose
/// fact (or table row field) holds a number.
fn selects_on_number(policy: &Policy, locale: &str, s: &Selection) -> bool {
    if s.number {
        return true;
    }
    let Some(name) = s.variable.as_deref() else {
        return false;
    };
    let number = |v: &FactValue| matches!(v, FactValue::Integer(_) | FactValue::Float(_));
    match policy.fact(name, locale) {
        Some(v) => number(v),
        None => policy.facts_in(locale).any(|(_, v)| match v {
            FactValue::Rows(rows) => rows.iter().any(|r| r.get(name).is_some_and(number)),
            _ => false,
        }),
    }
}

/// "one, other".
fn listed(categories: &[&str]) -> String {
    categories.join(", ")
}

/// `[one]` for numbers like 1, `[few]` for numbers like 2 …
fn variants_for(missing: &[&str], plurals: &Plurals) -> String {
    missing
        .iter()
        .map(|c| match plurals.example(c) {
            Some(n) => format!("`[{c}]` for numbers like {n}"),
            None => format!("`[{c}]`"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn lacking(
    text: &Text<'_>,
    variable: &str,
    s: &Selection,
    missing: &[&str],
    categories: &[&str],
    plurals: &Plurals,
    tag: &dyn Fn(Diagnostic) -> Diagnostic,
) -> Diagnostic {
    let (noun, shown, them) = match missing {
        [one] => ("category", format!("`{one}`"), "it"),
        _ => ("categories", format!("`{}`", missing.join("`, `")), "them"),
    };
    let d = Diagnostic::new(
        Code::MissingPluralCategory,
        format!(
            "`{}` selects on `${variable}` without the plural {noun} {shown}, which `{}` uses",
            text.key, text.locale
        ),
    )
    .note(format!(
        "`{}` numbers fall in the CLDR categories {}",
        text.locale,
        listed(categories)
    ))
    .hint(format!(
        "add {}: without {them} Fluent shows the default variant `*[{}]` there",
        variants_for(missing, plurals),
        s.default
    ));
    tag(d).at(text.file, Some(s.span.clone()))
}

fn unselected(
    text: &Text<'_>,
    variable: &str,
    categories: &[&str],
    plurals: &Plurals,
    tag: &dyn Fn(Diagnostic) -> Diagnostic,
) -> Diagnostic {
    let variants: String = categories
        .iter()
        .map(|c| {
            let star = if *c == "other" { "*" } else { "" };
            format!("{star}[{c}] …")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let d = Diagnostic::new(
        Code::MissingPluralCategory,
        format!(
            "`{}` does not select on `${variable}` as the reference does, and `{}` has the plural categories {}",
            text.key,
            text.locale,
            listed(categories)
        ),
    )
    .hint(format!(
        "write `{{ ${variable} -> {variants} }}`: `{}` uses {}",
        text.locale,
        variants_for(&categories[..categories.len() - 1], plurals)
    ));
    tag(d).at(text.file, Some(text.pattern.id_span.clone()))
}
