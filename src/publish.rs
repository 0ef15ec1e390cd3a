//! Where a locale is refused: which locales are published and whether a
//! build may write at all, decided from what loading, localizing,
//! analysing, the renderers' checks and rendering found.
//!
//! Pure functions over the findings, so that the rule can be read and
//! tested on its own.

use std::collections::BTreeSet;

use crate::config::OnIncomplete;
use crate::diag::{Class, Diagnostic};

/// Which of the selected locales are published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The selected locales not refused, in selection order: their pages
    /// are written, and the pages link only to them.
    pub published: Vec<String>,
    /// Every locale named by an error (selected or not).
    pub refused: BTreeSet<String>,
}

impl Decision {
    /// Whether a locale's pages are published.
    pub fn publishes(&self, locale: &str) -> bool {
        !self.refused.contains(locale)
    }
}

/// Decides which of `locales` are published: a locale is refused when any
/// error names it (`failed`: the locale of every error found before
/// rendering, by loading, localizing, analysing or a renderer's checks).
/// One error refuses the locale everywhere, in every policy: a locale is
/// never published with a page missing.
pub fn published<'a>(locales: &[&str], failed: impl IntoIterator<Item = &'a str>) -> Decision {
    let refused: BTreeSet<String> = failed.into_iter().map(str::to_string).collect();
    let published = locales
        .iter()
        .filter(|l| !refused.contains(**l))
        .map(|l| l.to_string())
        .collect();
    Decision { published, refused }
}

/// The locales refused by loading problems: a finding in a locale (no
/// folder, a broken file) refuses it; input errors stop everything
/// anyway.
pub fn refused_at_load(load_diags: &[Diagnostic]) -> impl Iterator<Item = &str> {
    load_diags
        .iter()
        .filter(|d| d.is_error() && d.class == Class::Finding)
        .filter_map(|d| d.locale.as_deref())
}

/// Whether a build may write anything: not with an input error, nor with
/// a page that could not be made after its checks passed (`late`), nor,
/// when the workspace says `on-incomplete = "fail"`, with any error. It
/// then writes the published locales.
pub fn may_write<'a>(
    diags: impl IntoIterator<Item = &'a Diagnostic>,
    late: bool,
    on_incomplete: OnIncomplete,
) -> bool {
    let (mut input, mut any) = (false, false);
    for d in diags.into_iter().filter(|d| d.is_error()) {
        any = true;
        input |= d.class == Class::Input;
    }
    !(input || late || (on_incomplete == OnIncomplete::Fail && any))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    const ALL: &[&str] = &["en", "da", "sv", "nb"];

    #[test]
    fn a_clean_workspace_publishes_every_selected_locale_in_order() {
        let d = published(ALL, []);
        assert_eq!(d.published, ALL);
        assert!(d.refused.is_empty());
        assert!(d.publishes("sv"));
    }

    #[test]
    fn an_error_in_one_policy_refuses_its_locale_everywhere() {
        // The same locale failing in two policies and by a check.
        let d = published(ALL, ["da", "da", "sv"]);
        assert_eq!(d.published, ["en", "nb"]);
        assert_eq!(d.refused, BTreeSet::from(["da".into(), "sv".into()]));
        assert!(!d.publishes("da"));
    }

    #[test]
    fn a_refused_locale_outside_the_selection_is_still_reported() {
        let d = published(&["en"], ["da"]);
        assert_eq!(d.published, ["en"]);
        assert!(d.refused.contains("da"));
    }

    #[test]
    fn only_findings_at_load_refuse_a_locale() {
        let diags = vec![
            Diagnostic::new(Code::MissingLocale, "x").locale("da"),
            Diagnostic::new(Code::UnusedMessage, "x").locale("sv"),
            Diagnostic::new(Code::TooLarge, "x").locale("nb"),
            Diagnostic::new(Code::MissingLabel, "x"),
        ];
        assert_eq!(refused_at_load(&diags).collect::<Vec<_>>(), ["da"]);
    }

    #[test]
    fn skip_locale_writes_the_complete_locales_and_fail_writes_nothing() {
        let finding = vec![Diagnostic::new(Code::MissingText, "x").locale("da")];
        assert!(may_write(&finding, false, OnIncomplete::SkipLocale));
        assert!(!may_write(&finding, false, OnIncomplete::Fail));
        let warning = vec![Diagnostic::new(Code::Untranslated, "x").locale("da")];
        assert!(may_write(&warning, false, OnIncomplete::Fail));
    }

    #[test]
    fn an_input_error_or_a_late_failure_writes_nothing() {
        let input = vec![Diagnostic::new(Code::TemplateError, "x")];
        assert!(!may_write(&input, false, OnIncomplete::SkipLocale));
        assert!(!may_write(&[], true, OnIncomplete::SkipLocale));
        assert!(may_write(&[], false, OnIncomplete::Fail));
    }
}
