//! The checks of what a policy's texts say, word by word: the glossary's
//! terms (`glossary-term`, `forbidden-term`) and the language a
//! translation is written in (`wrong-language`). Each text is read into
//! its [`Prose`] once for both.

use std::collections::BTreeSet;
use std::ops::Range;

use super::{pattern_range, push};
use crate::config::{CheckConfig, Level};
use crate::diag::{Code, Diagnostic};
use crate::glossary::Glossary;
use crate::l10n::FtlFile;
use crate::language::{Languages, Vocabulary};
use crate::policy::RequiredText;
use crate::prose::Prose;
use crate::workspace::{PolicyFiles, Workspace};

/// What a reference text is found to use, worked out once for every
/// locale.
#[derive(Clone, Default)]
pub(super) struct RefWords {
    terms: Option<BTreeSet<usize>>,
}

/// The word checks of one policy.
pub(super) struct Words<'a> {
    levels: &'a CheckConfig,
    reference: &'a str,
    glossary: Option<&'a Glossary>,
    languages: Option<Languages>,
    /// Per locale tag, the words of the policy's texts in that locale, for
    /// the locales a checked locale could be mistaken for.
    vocabularies: Vec<(String, Vocabulary)>,
    prose: Prose,
    ref_prose: Prose,
}

impl<'a> Words<'a> {
    /// The checks `[check]` leaves on, for the policy's texts in `locales`.
    pub(super) fn new(
        ws: &'a Workspace,
        files: &PolicyFiles<'_>,
        reference: &'a str,
        locales: &[&str],
    ) -> Words<'a> {
        let levels = &ws.config.check;
        let glossary = ws
            .glossary
            .as_ref()
            .filter(|_| levels.glossary_term != Level::Off || levels.forbidden_term != Level::Off);
        let languages = (levels.wrong_language != Level::Off)
            .then(|| Languages::new(&ws.config.workspace.locales));
        let mut prose = Prose::default();
        let mut vocabularies: Vec<(String, Vocabulary)> = Vec::new();
        if let Some(langs) = &languages {
            for tag in locales.iter().filter(|t| **t != reference) {
                for foreign in langs.foreign(tag) {
                    if vocabularies.iter().any(|(t, _)| t == foreign) {
                        continue;
                    }
                    let mut v = Vocabulary::default();
                    if let Some(file) = files.get(foreign) {
                        for r in files.required() {
                            if let Some(text) = text_of(file, r) {
                                prose.read(text);
                                v.add(&prose);
                            }
                        }
                    }
                    vocabularies.push((foreign.to_string(), v));
                }
            }
        }
        Words {
            levels,
            reference,
            glossary,
            languages,
            vocabularies,
            prose,
            ref_prose: Prose::default(),
        }
    }

    /// Checks one text of `locale`: `reference` is the reference text
    /// (with what is known of it) for a translation, `None` for a text of
    /// the reference locale itself. `at` places a finding on the text's
    /// key; `span` turns a range of the text into one of its file.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn text(
        &mut self,
        key: &str,
        locale: &str,
        text: &str,
        reference: Option<(&str, &mut RefWords)>,
        at: &dyn Fn(Diagnostic) -> Diagnostic,
        span: &dyn Fn(Range<usize>) -> Range<usize>,
        out: &mut Vec<Diagnostic>,
    ) {
        if self.glossary.is_none() && self.languages.is_none() {
            return;
        }
        self.prose.read(text);
        // A copy of the reference text is `untranslated`'s finding.
        let translated = reference
            .as_ref()
            .is_some_and(|(r, _)| !r.split_whitespace().eq(text.split_whitespace()));
        if let Some(g) = self.glossary {
            let used = reference.map(|(r_text, cache)| {
                &*cache.terms.get_or_insert_with(|| {
                    self.ref_prose.read(r_text);
                    g.terms_used(self.reference, &self.ref_prose)
                })
            });
            let found = g.findings(
                key,
                locale,
                (text, &self.prose),
                used.map(|u| (self.reference, u)),
            );
            for (d, range) in found {
                let level = match d.code {
                    Code::ForbiddenTerm => self.levels.forbidden_term,
                    _ => self.levels.glossary_term,
                };
                let mut d = at(d);
                if let Some(r) = range {
                    d.span = Some(span(r));
                }
                push(out, level, d);
            }
        }
        if translated {
            if let Some(d) = self.misread(key, locale) {
                push(out, self.levels.wrong_language, at(d));
            }
        }
    }

    /// `wrong-language` for a translated text (read into `self.prose`).
    fn misread(&self, key: &str, locale: &str) -> Option<Diagnostic> {
        let langs = self.languages.as_ref()?;
        let foreign: Vec<&Vocabulary> = langs
            .foreign(locale)
            .iter()
            .filter_map(|t| self.vocabularies.iter().find(|(v, _)| v == t))
            .map(|(_, v)| v)
            .collect();
        let m = langs.misread(locale, &self.prose, &foreign)?;
        let own = langs.of(locale)?;
        let tag = langs
            .tag_of(m.lang)
            .map(|t| format!(" (`{t}`)"))
            .unwrap_or_default();
        Some(
            Diagnostic::new(
                Code::WrongLanguage,
                format!(
                    "`{key}` reads as {}{tag}, not {} (`{locale}`)",
                    m.lang.eng_name(),
                    own.eng_name()
                ),
            )
            .note(format!(
                "identified by whatlang from {} words, confidence {:.2}",
                m.words, m.confidence
            ))
            .hint(format!(
                "translate the text into {}; it would be published as it is",
                own.eng_name()
            )),
        )
    }
}

/// The text of a required message in a file.
fn text_of<'f>(file: &'f FtlFile, r: &RequiredText<'_>) -> Option<&'f str> {
    let p = file.pattern(r.message, r.attribute.as_deref())?;
    file.text.get(pattern_range(file, p))
}
