//! The workspace's glossary: the legal terms a policy uses and, per
//! locale, the forms a translation must use (several, for inflection) and
//! the variants it must never use. Read from `glossary.toml` at the
//! workspace root and from every TBX file in `glossary/` ([`tbx`]), once,
//! when the workspace loads.
//!
//! `check` reports `glossary-term` where a reference text uses a term and
//! its translation none of that locale's accepted forms, and
//! `forbidden-term` where any text uses a forbidden variant. Forms match
//! whole words, case and line breaks aside; a form ending in `*` matches
//! any word that starts with it.

pub mod tbx;

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, Input, MatchKind};
use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use crate::config::Config;
use crate::diag::{Code, Diagnostic, SourceMap};
use crate::prose::Prose;
use crate::source::{toml_error, SourceText, Tree};

/// The glossary file, at the workspace root.
pub const GLOSSARY_FILE: &str = "glossary.toml";
/// The folder whose `.tbx` files are read into the glossary.
pub const GLOSSARY_DIR: &str = "glossary";

/// Largest `glossary.toml` policyc reads: the TOML parser holds about 40
/// bytes per byte of input, and ten thousand terms fit in 2 MB.
const MAX_GLOSSARY_BYTES: usize = 4 * 1024 * 1024;

/// `glossary.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossarySrc {
    /// The terms, by id.
    #[serde(default)]
    terms: IndexMap<String, Spanned<TermSrc>>,
}

/// `[terms.<id>]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermSrc {
    /// For translators: what the term means, where it comes from.
    #[serde(default)]
    note: Option<String>,
    /// Per locale, the forms a text must use.
    #[serde(default)]
    accepted: IndexMap<String, Spanned<Vec<Spanned<String>>>>,
    /// Per locale, the variants a text must never use.
    #[serde(default)]
    forbidden: IndexMap<String, Spanned<Vec<Spanned<String>>>>,
}

/// One term of the glossary.
#[derive(Debug, Clone)]
pub struct Term {
    pub id: String,
    pub note: Option<String>,
    /// Where it is defined (`glossary.toml` or a TBX file): its span and
    /// line.
    pub file: PathBuf,
    pub span: Option<Range<usize>>,
    pub line: usize,
    /// Accepted forms per workspace locale tag, as written.
    pub accepted: IndexMap<String, Vec<String>>,
    /// Forbidden variants per workspace locale tag, as written.
    pub forbidden: IndexMap<String, Vec<String>>,
}

/// A form as the matcher looks for it.
#[derive(Debug)]
struct Form {
    term: usize,
    forbidden: bool,
    /// Written with a trailing `*`: any word that starts with it.
    prefix: bool,
}

/// Forms found in one pass over a text.
#[derive(Debug)]
struct Matcher {
    automaton: AhoCorasick,
    forms: Vec<Form>,
}

/// One locale's matchers.
#[derive(Debug)]
struct Matchers {
    /// Every form of every term.
    all: Matcher,
    /// The forbidden forms alone.
    only_forbidden: Forbidden,
}

/// How a text is searched for forbidden forms alone.
#[derive(Debug)]
enum Forbidden {
    /// The locale has none.
    None,
    /// With a matcher of them alone.
    Own(Matcher),
    /// With the full matcher: an accepted form contains a forbidden one.
    Full,
}

impl Matcher {
    fn new<'f>(forms: impl Iterator<Item = (&'f str, &'f Form)>) -> Matcher {
        let (keys, forms): (Vec<&str>, Vec<Form>) = forms
            .map(|(k, f)| {
                (
                    k,
                    Form {
                        term: f.term,
                        forbidden: f.forbidden,
                        prefix: f.prefix,
                    },
                )
            })
            .unzip();
        // Leftmost-longest: "personal data breach" is found as itself,
        // not as "personal data".
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(keys)
            .expect("glossary forms are short, non-empty strings");
        Matcher { automaton, forms }
    }

    /// The forms `text` uses as whole words, in order.
    fn scan(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut at = 0;
        while let Some(found) = self.automaton.find(Input::new(text).span(at..text.len())) {
            let form = &self.forms[found.pattern().as_usize()];
            let (start, mut end) = (found.start(), found.end());
            // Not a whole word: look again from the next character.
            at = start + text[start..].chars().next().map_or(1, char::len_utf8);
            if !boundary_before(text, start) {
                continue;
            }
            if form.prefix {
                end += text[end..]
                    .find(|c: char| !in_word(c))
                    .unwrap_or(text.len() - end);
            } else if !boundary_after(text, end) {
                continue;
            }
            hits.push(Hit {
                term: form.term,
                forbidden: form.forbidden,
                range: start..end,
            });
            at = end;
        }
        hits
    }
}

/// A form found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub term: usize,
    pub forbidden: bool,
    /// Where, in the text's [`Prose`].
    pub range: Range<usize>,
}

/// The loaded glossary.
#[derive(Debug, Default)]
pub struct Glossary {
    pub terms: Vec<Term>,
    /// Per locale tag.
    matchers: IndexMap<String, Matchers>,
}

impl Glossary {
    /// Loads `glossary.toml` and `glossary/*.tbx`. `Ok(None)` when the
    /// workspace has neither; the errors are input errors (exit 2).
    pub fn load(
        tree: Tree<'_>,
        config: &Config,
        sources: &SourceMap,
    ) -> Result<Option<Glossary>, Vec<Diagnostic>> {
        let mut terms = Vec::new();
        let mut diags = Vec::new();
        let mut found = false;
        match tree.read_optional(Path::new(GLOSSARY_FILE), sources) {
            Ok(Some(src)) => {
                found = true;
                match parse_toml(&src, config) {
                    Ok(t) => terms.extend(t),
                    Err(d) => diags.extend(d),
                }
            }
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
        for rel in tbx_files(tree, &mut diags) {
            found = true;
            match tree.read(&rel, sources) {
                Ok(src) => match tbx::parse(&src, config) {
                    Ok(t) => terms.extend(t),
                    Err(d) => diags.push(d),
                },
                Err(d) => diags.push(d),
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        if !found {
            return Ok(None);
        }
        Glossary::new(terms).map(Some)
    }

    /// A glossary of `terms` (locale tags already resolved): refuses a
    /// form that one term accepts and another (or the same) forbids in
    /// the same locale, which no text could satisfy.
    pub fn new(terms: Vec<Term>) -> Result<Glossary, Vec<Diagnostic>> {
        let mut by_locale: IndexMap<String, Vec<(String, Form)>> = IndexMap::new();
        for (index, t) in terms.iter().enumerate() {
            for (forbidden, map) in [(false, &t.accepted), (true, &t.forbidden)] {
                for (tag, forms) in map {
                    for f in forms {
                        let (key, prefix) = search_key(f);
                        by_locale.entry(tag.clone()).or_default().push((
                            key,
                            Form {
                                term: index,
                                forbidden,
                                prefix,
                            },
                        ));
                    }
                }
            }
        }
        let mut diags = Vec::new();
        let mut matchers = IndexMap::new();
        for (tag, forms) in by_locale {
            for (i, (key, a)) in forms.iter().enumerate() {
                let clash = forms[..i]
                    .iter()
                    .find(|(k, b)| k == key && a.forbidden != b.forbidden);
                if let Some((_, b)) = clash {
                    let (acc, forb) = if a.forbidden { (b, a) } else { (a, b) };
                    let (ta, tf) = (&terms[acc.term], &terms[forb.term]);
                    diags.push(
                        Diagnostic::new(
                            Code::BadGlossary,
                            format!(
                                "`{key}` is accepted for term `{}` and forbidden for term `{}` in `{tag}`",
                                ta.id, tf.id
                            ),
                        )
                        .at(&tf.file, tf.span.clone())
                        .hint("a text cannot both use and avoid a form: remove it from one of the two lists"),
                    );
                }
            }
            // A text whose reference uses no term needs only the forbidden
            // forms looked for, which is most texts; unless an accepted form
            // holds a forbidden one, which only the full search tells apart.
            let (forbidden, accepted): (Vec<_>, Vec<_>) =
                forms.iter().partition(|(_, f)| f.forbidden);
            let overlap = accepted
                .iter()
                .any(|(a, _)| forbidden.iter().any(|(f, _)| a.contains(f.as_str())));
            let only_forbidden = match (forbidden.is_empty(), overlap) {
                (true, _) => Forbidden::None,
                (false, true) => Forbidden::Full,
                (false, false) => {
                    Forbidden::Own(Matcher::new(forbidden.iter().map(|(k, f)| (k.as_str(), f))))
                }
            };
            let all = Matcher::new(forms.iter().map(|(k, f)| (k.as_str(), f)));
            matchers.insert(
                tag,
                Matchers {
                    all,
                    only_forbidden,
                },
            );
        }
        if diags.is_empty() {
            Ok(Glossary { terms, matchers })
        } else {
            Err(diags)
        }
    }

    /// The forms of `locale` the text uses, as whole words, in order: all
    /// of them, or (`all` false) at least the forbidden ones.
    pub fn scan(&self, locale: &str, prose: &Prose, all: bool) -> Vec<Hit> {
        let Some(m) = self.matchers.get(locale) else {
            return Vec::new();
        };
        match (&m.only_forbidden, all) {
            (_, true) | (Forbidden::Full, false) => m.all.scan(prose.text()),
            (Forbidden::Own(f), false) => f.scan(prose.text()),
            (Forbidden::None, false) => Vec::new(),
        }
    }

    /// The terms a text of `locale` uses in one of their accepted forms.
    pub fn terms_used(&self, locale: &str, prose: &Prose) -> BTreeSet<usize> {
        self.scan(locale, prose, true)
            .into_iter()
            .filter(|h| !h.forbidden)
            .map(|h| h.term)
            .collect()
    }

    /// The glossary's findings for one text of `locale` whose key is
    /// `key`: each forbidden variant it uses (with where, in `pattern`),
    /// and each term of `reference_terms` (the terms its reference text
    /// uses; `None` for a reference text) that it gives in none of the
    /// locale's accepted forms. A term whose forbidden variant is used is
    /// reported once, as that.
    pub fn findings(
        &self,
        key: &str,
        locale: &str,
        (pattern, prose): (&str, &Prose),
        reference: Option<(&str, &BTreeSet<usize>)>,
    ) -> Vec<(Diagnostic, Option<Range<usize>>)> {
        // The accepted forms matter only where the reference uses a term
        // this locale has forms for.
        let all = reference.is_some_and(|(_, used)| {
            used.iter()
                .any(|&t| self.terms[t].accepted.contains_key(locale))
        });
        let hits = self.scan(locale, prose, all);
        let mut out = Vec::new();
        let mut forbidden_terms = BTreeSet::new();
        for h in hits.iter().filter(|h| h.forbidden) {
            let term = &self.terms[h.term];
            let range = prose.source_range(pattern, h.range.clone());
            let written = &pattern[range.clone()];
            if !forbidden_terms.insert(h.term) {
                continue;
            }
            let hint = match term.accepted.get(locale) {
                Some(forms) if !forms.is_empty() => {
                    format!("write {} instead of `{written}`", either(forms))
                }
                _ => format!("rephrase without `{written}`"),
            };
            let d = Diagnostic::new(
                Code::ForbiddenTerm,
                format!("`{key}` uses `{written}`, which the glossary forbids in `{locale}`"),
            )
            .note(self.defined(term))
            .hint(hint);
            out.push((d, Some(range)));
        }
        let Some((ref_locale, used)) = reference else {
            return out;
        };
        let present: BTreeSet<usize> = hits
            .iter()
            .filter(|h| !h.forbidden)
            .map(|h| h.term)
            .collect();
        for &t in used {
            let term = &self.terms[t];
            let Some(forms) = term.accepted.get(locale).filter(|f| !f.is_empty()) else {
                continue;
            };
            if present.contains(&t) || forbidden_terms.contains(&t) {
                continue;
            }
            let name = term
                .accepted
                .get(ref_locale)
                .and_then(|f| f.first())
                .unwrap_or(&term.id);
            let d = Diagnostic::new(
                Code::GlossaryTerm,
                format!("`{key}` does not translate `{name}` with the glossary's term"),
            )
            .note(format!(
                "the reference ({ref_locale}) text uses `{name}`; {}",
                self.defined(term)
            ))
            .hint(format!("write {}", either(forms)));
            out.push((d, None));
        }
        out
    }

    /// Where a term is defined, and its note, for a finding.
    fn defined(&self, term: &Term) -> String {
        let note = term
            .note
            .as_deref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default();
        format!(
            "glossary term `{}` ({}:{}){note}",
            term.id,
            term.file.display(),
            term.line
        )
    }
}

/// `` `a` `` or `` `a` (or `b`, `c`) ``: the forms a hint asks for; a
/// form ending in `*` as the words it stands for.
fn either(forms: &[String]) -> String {
    let shown = |f: &String| match f.strip_suffix('*') {
        Some(stem) => format!("a word starting with `{stem}`"),
        None => format!("`{f}`"),
    };
    match forms {
        [] => String::new(),
        [one] => shown(one),
        [first, rest @ ..] => format!(
            "{} (or {})",
            shown(first),
            rest.iter().map(shown).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// What the matcher looks for: the form read as prose (lowercase, one
/// space between words), and whether it ends in `*`.
fn search_key(form: &str) -> (String, bool) {
    let trimmed = form.trim();
    let (stem, prefix) = match trimmed.strip_suffix('*') {
        Some(s) => (s, true),
        None => (trimmed, false),
    };
    (Prose::of(stem).text().to_string(), prefix)
}

/// Whether a character continues a word. A hyphen does: `sub-processor`
/// is not `processor`, and a Danish `EU-retten` is one word.
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

fn boundary_before(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| !in_word(c))
}

fn boundary_after(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_none_or(|c| !in_word(c))
}

/// The `.tbx` files in `glossary/`, sorted; none when it does not exist.
fn tbx_files(tree: Tree<'_>, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let dir = Path::new(GLOSSARY_DIR);
    match tree.check_folder(dir) {
        Ok(true) => {}
        Ok(false) => return Vec::new(),
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    }
    let mut files: Vec<PathBuf> = tree
        .list(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.name.into_string().ok())
        .filter(|n| n.ends_with(".tbx") && !n.starts_with('.'))
        .map(|n| dir.join(n))
        .collect();
    files.sort();
    files
}

/// `glossary.toml`'s terms, their locales resolved and forms checked.
fn parse_toml(src: &SourceText, config: &Config) -> Result<Vec<Term>, Vec<Diagnostic>> {
    if src.text.len() > MAX_GLOSSARY_BYTES {
        return Err(vec![Diagnostic::new(
            Code::TooLarge,
            format!(
                "`{}` is {} bytes; a glossary may have at most {MAX_GLOSSARY_BYTES} bytes",
                src.path.display(),
                src.text.len()
            ),
        )
        .in_file(&src.path)]);
    }
    let raw: GlossarySrc = toml::from_str(&src.text).map_err(|e| vec![toml_error(src, &e)])?;
    let mut diags = Vec::new();
    let mut terms = Vec::new();
    for (id, t) in raw.terms {
        let span = t.span();
        let t = t.into_inner();
        let mut term = Term {
            id: id.clone(),
            note: t.note,
            file: src.path.clone(),
            line: crate::diag::line_col(&src.text, span.start).0,
            span: Some(span.clone()),
            accepted: IndexMap::new(),
            forbidden: IndexMap::new(),
        };
        for (list, map) in [
            (t.accepted, &mut term.accepted),
            (t.forbidden, &mut term.forbidden),
        ] {
            for (tag, forms) in list {
                let Some(resolved) = config.resolve_locale(&tag) else {
                    diags.push(
                        Diagnostic::new(
                            Code::BadGlossary,
                            format!("term `{id}` names `{tag}`, which is not a workspace locale"),
                        )
                        .at(&src.path, Some(forms.span()))
                        .hint(format!(
                            "use one of the workspace locales ({})",
                            config.workspace.locales.join(", ")
                        )),
                    );
                    continue;
                };
                let mut kept = Vec::new();
                for f in forms.into_inner() {
                    match check_form(f.get_ref()) {
                        Ok(()) => kept.push(f.get_ref().trim().to_string()),
                        Err(why) => diags.push(
                            Diagnostic::new(
                                Code::BadGlossary,
                                format!("term `{id}` has a form that {why}"),
                            )
                            .at(&src.path, Some(f.span()))
                            .hint("write the word or words as a text would use them, optionally ending in `*` for any ending"),
                        ),
                    }
                }
                map.entry(resolved.to_string()).or_default().extend(kept);
            }
        }
        if term
            .accepted
            .values()
            .chain(term.forbidden.values())
            .all(Vec::is_empty)
        {
            diags.push(
                Diagnostic::new(Code::BadGlossary, format!("term `{id}` has no forms"))
                    .at(&src.path, Some(span))
                    .hint("give its forms per locale: `accepted.en = [\"personal data\"]`"),
            );
            continue;
        }
        terms.push(term);
    }
    if diags.is_empty() {
        Ok(terms)
    } else {
        Err(diags)
    }
}

/// Whether a form can be looked for: some letters or digits, a `*` only
/// at its end.
pub(crate) fn check_form(form: &str) -> Result<(), &'static str> {
    let f = form.trim();
    let stem = f.strip_suffix('*').unwrap_or(f);
    if !stem.chars().any(char::is_alphanumeric) {
        return Err("has no letters");
    }
    if stem.contains(['*', '{', '}']) {
        return Err("has `*` before its end, or braces");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(id: &str, accepted: &[(&str, &[&str])], forbidden: &[(&str, &[&str])]) -> Term {
        let map = |l: &[(&str, &[&str])]| {
            l.iter()
                .map(|(t, f)| (t.to_string(), f.iter().map(|s| s.to_string()).collect()))
                .collect()
        };
        Term {
            id: id.to_string(),
            note: None,
            file: PathBuf::from(GLOSSARY_FILE),
            span: None,
            line: 1,
            accepted: map(accepted),
            forbidden: map(forbidden),
        }
    }

    fn personal_data() -> Glossary {
        Glossary::new(vec![term(
            "personal-data",
            &[
                ("en", &["personal data"]),
                ("da", &["personoplysninger", "personoplysningerne"]),
            ],
            &[("da", &["persondata"])],
        )])
        .unwrap()
    }

    #[test]
    fn a_forbidden_variant_is_found_where_the_reference_uses_no_term() {
        let g = personal_data();
        let text = "Vi sletter persondata.";
        let none = BTreeSet::new();
        let found = g.findings("k", "da", (text, &Prose::of(text)), Some(("en", &none)));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0.code, Code::ForbiddenTerm);
        assert_eq!(&text[found[0].1.clone().unwrap()], "persondata");
    }

    #[test]
    fn a_form_matches_whole_words_only() {
        let g = personal_data();
        let hits = |t: &str| g.scan("da", &Prose::of(t), true).len();
        assert_eq!(hits("Vi behandler persondata."), 1);
        assert_eq!(hits("Persondataforordningen gælder."), 0);
        assert_eq!(hits("Alle personoplysningerne."), 1);
    }

    #[test]
    fn a_form_spans_a_line_break() {
        let g = personal_data();
        let p = Prose::of("We process your personal\n    data lawfully.");
        assert_eq!(g.terms_used("en", &p), BTreeSet::from([0]));
    }

    #[test]
    fn a_form_ending_in_a_star_matches_every_ending() {
        let g = Glossary::new(vec![term(
            "controller",
            &[("da", &["dataansvarlig*"])],
            &[],
        )])
        .unwrap();
        let p = Prose::of("Den dataansvarlige er os.");
        assert_eq!(g.scan("da", &p, true)[0].range, 4..18);
    }

    #[test]
    fn a_form_inside_a_longer_term_is_that_term() {
        let g = Glossary::new(vec![
            term("personal-data", &[("en", &["personal data"])], &[]),
            term("breach", &[("en", &["personal data breach*"])], &[]),
        ])
        .unwrap();
        let p = Prose::of("Report a personal data breach at once.");
        assert_eq!(g.terms_used("en", &p), BTreeSet::from([1]));
    }

    #[test]
    fn a_form_both_accepted_and_forbidden_is_refused() {
        let err = Glossary::new(vec![
            term("a", &[("da", &["data"])], &[]),
            term("b", &[], &[("da", &["Data"])]),
        ])
        .unwrap_err();
        assert_eq!(err[0].code, Code::BadGlossary);
    }
}
