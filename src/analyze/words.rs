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

/// The word checks of one policy.
pub(super) struct Words<'a> {
    levels: &'a CheckConfig,
    reference: &'a str,
    glossary: Option<&'a Glossary>,
    languages: Option<Languages>,
    /// The glossary terms of each required text in the reference locale.
    ref_terms: Vec<BTreeSet<usize>>,
    /// The prose of each required text in the reference locale, read once
    /// for its terms and words and its own check.
    ref_prose: Vec<Prose>,
    /// Per locale tag, the words of the policy's texts in that locale, for
    /// the locales a checked locale could be mistaken for.
    vocabularies: Vec<(String, Vocabulary)>,
    /// Per checked locale, the words of all the locales it could be
    /// mistaken for.
    foreign: Vec<(String, Vocabulary)>,
    prose: Prose,
}

impl<'a> Words<'a> {
    /// The checks `[check]` leaves on, for the policy's texts in `locales`.
    /// Reads every text of the locales others are compared with once: the
    /// reference's for its terms, and for its words as the others'.
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
        let mut needed: Vec<String> = Vec::new();
        if let Some(langs) = &languages {
            for tag in locales.iter().filter(|t| **t != reference) {
                for foreign in langs.foreign(tag) {
                    if !needed.iter().any(|n| n == foreign) {
                        needed.push(foreign.to_string());
                    }
                }
            }
        }
        let mut words = Words {
            levels,
            reference,
            glossary,
            languages,
            ref_terms: Vec::new(),
            ref_prose: Vec::new(),
            vocabularies: Vec::new(),
            foreign: Vec::new(),
            prose: Prose::default(),
        };
        if glossary.is_some() && !needed.iter().any(|n| n == reference) {
            needed.push(reference.to_string());
        }
        for tag in &needed {
            words.read_locale(files, tag);
        }
        if let Some(langs) = &words.languages {
            for tag in locales.iter().filter(|t| **t != reference) {
                let mut all = Vocabulary::default();
                for f in langs.foreign(tag) {
                    if let Some((_, v)) = words.vocabularies.iter().find(|(t, _)| t == f) {
                        all.extend(v);
                    }
                }
                words.foreign.push((tag.to_string(), all));
            }
        }
        words
    }

    /// Reads the policy's texts in `tag`: their words into its vocabulary
    /// (when the language check is on), and for the reference locale
    /// their glossary terms.
    fn read_locale(&mut self, files: &PolicyFiles<'_>, tag: &str) {
        let with_terms = self.glossary.filter(|_| tag == self.reference);
        let mut v = Vocabulary::default();
        for r in files.required() {
            let text = files.get(tag).and_then(|f| text_of(f, r));
            let prose = Prose::of(text.unwrap_or(""));
            if let Some(g) = with_terms {
                self.ref_terms.push(g.terms_used(tag, &prose));
            }
            if self.languages.is_some() {
                v.add(&prose);
            }
            if tag == self.reference {
                self.ref_prose.push(prose);
            }
        }
        if self.languages.is_some() {
            self.vocabularies.push((tag.to_string(), v));
        }
    }

    /// Checks one text of `locale`, the `index`th required text:
    /// `reference` is the reference text for a translation, `None` for a
    /// text of the reference locale itself. `at` places a finding on the
    /// text's key; `span` turns a range of the text into one of its file.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn text(
        &mut self,
        key: &str,
        locale: &str,
        text: &str,
        index: usize,
        reference: Option<&str>,
        at: &dyn Fn(Diagnostic) -> Diagnostic,
        span: &dyn Fn(Range<usize>) -> Range<usize>,
        out: &mut Vec<Diagnostic>,
    ) {
        if self.glossary.is_none() && self.languages.is_none() {
            return;
        }
        let prose = match self.ref_prose.get(index).filter(|_| reference.is_none()) {
            Some(p) => p,
            None => {
                self.prose.read(text);
                &self.prose
            }
        };
        // A copy of the reference text is `untranslated`'s finding: its
        // terms and language are not reported again.
        let translated =
            reference.is_some_and(|r| !r.split_whitespace().eq(text.split_whitespace()));
        if let Some(g) = self.glossary {
            let used = reference
                .filter(|_| translated)
                .and_then(|_| self.ref_terms.get(index))
                .map(|u| (self.reference, u));
            let found = g.findings(key, locale, (text, prose), used);
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
            if let Some(d) = self.misread(key, locale, prose) {
                push(out, self.levels.wrong_language, at(d));
            }
        }
    }

    /// `wrong-language` for a translated text.
    fn misread(&self, key: &str, locale: &str, prose: &Prose) -> Option<Diagnostic> {
        let langs = self.languages.as_ref()?;
        let (_, foreign) = self.foreign.iter().find(|(t, _)| t == locale)?;
        let m = langs.misread(locale, prose, foreign)?;
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
