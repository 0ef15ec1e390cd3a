//! Cross-locale analysis for the CI gate: stale translations (the lock),
//! and consistency of each translation with the reference text: the
//! variables, terms and section references it uses, its Markdown
//! structure, text left untranslated, and facts typed out literally.
//!
//! Works on the parsed FTL files only; completeness and reference errors
//! come from [`crate::localize`]. The glossary and language checks, which
//! read a text's words, are in [`words`].

mod words;

use std::collections::BTreeSet;

use pulldown_cmark::{Event, Tag};

use std::path::Path;

use crate::config::{CheckConfig, Level};
use crate::diag::{Code, Diagnostic, Severity};
use crate::l10n::{FtlFile, PatternInfo, RefKind};
use crate::lock::{normalize, text_hash, Lock, Record, TextHashes};
use crate::policy::{FactValue, Policy};
use crate::workspace::{PolicyFiles, Workspace};
use smol_str::SmolStr;

mod plurals;

/// The text of a pattern after its `=`, from the file's source.
pub fn pattern_text<'a>(file: &'a FtlFile, p: &PatternInfo) -> &'a str {
    file.text.get(pattern_range(file, p)).unwrap_or("")
}

/// Where the text of a pattern after its `=` is in the file.
fn pattern_range(file: &FtlFile, p: &PatternInfo) -> std::ops::Range<usize> {
    let def = file.text.get(p.def_span.clone()).unwrap_or("");
    let after = def.find('=').map_or(0, |i| i + 1);
    let value = &def[after..];
    let start = p.def_span.start + after + (value.len() - value.trim_start().len());
    start..start + value.trim().len()
}

/// What a pattern refers to: `$var`, `-term`, `SECTION("id")`.
fn references(p: &PatternInfo) -> BTreeSet<String> {
    p.refs
        .iter()
        .filter_map(|r| match r.kind {
            RefKind::Variable => Some(format!("${}", r.id)),
            RefKind::Term => Some(format!("-{}", r.id)),
            RefKind::Function if &*r.id == "SECTION" => r
                .first_string_arg
                .as_ref()
                .map(|(id, _)| format!("SECTION(\"{id}\")")),
            _ => None,
        })
        .collect()
}

/// Whether two patterns refer to the same variables, terms and sections
/// (the common case, checked without allocating).
fn same_references(a: &PatternInfo, b: &PatternInfo) -> bool {
    // Most translations keep the reference's placeables in the same order.
    let same = |x: &crate::l10n::Reference, y: &crate::l10n::Reference| {
        x.kind == y.kind
            && x.id == y.id
            && x.first_string_arg.as_ref().map(|(s, _)| s)
                == y.first_string_arg.as_ref().map(|(s, _)| s)
    };
    if a.refs.len() == b.refs.len() && a.refs.iter().zip(&b.refs).all(|(x, y)| same(x, y)) {
        return true;
    }
    fn relevant(p: &PatternInfo) -> Vec<(RefKind, &str, Option<&str>)> {
        let mut v: Vec<(RefKind, &str, Option<&str>)> = p
            .refs
            .iter()
            .filter(|r| r.kind != RefKind::Message)
            .map(|r| {
                (
                    r.kind,
                    &*r.id,
                    r.first_string_arg.as_ref().map(|(s, _)| &**s),
                )
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
    relevant(a) == relevant(b)
}

/// What the Markdown comparison needs to know of a pattern's text, found
/// in one pass over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Traits {
    /// It has a selector (`->`): its variants need not share a structure.
    selector: bool,
    /// It could contain Markdown beyond one plain paragraph.
    markup: bool,
}

impl Traits {
    fn of(s: &str) -> Traits {
        // Which of the bytes that matter occur at all, in one tight pass;
        // the two-byte sequences are searched for only when they can occur.
        const MARKUP: u8 = 1;
        const GREATER: u8 = 2;
        const NEWLINE: u8 = 4;
        use crate::markup::byte_class;
        static CLASS: [u8; 256] = byte_class(
            byte_class(byte_class([0; 256], b"[*_`<!\\", MARKUP), b">", GREATER),
            b"\n",
            NEWLINE,
        );
        let b = s.as_bytes();
        let found = b.iter().fold(0u8, |acc, &c| acc | CLASS[usize::from(c)]);
        Traits {
            selector: found & GREATER != 0 && memchr::memmem::find(b, b"->").is_some(),
            markup: found & MARKUP != 0
                || (found & NEWLINE != 0 && memchr::memmem::find(b, b"\n\n").is_some()),
        }
    }
}

/// Paragraphs, links, emphasis, strong and code spans in a text.
#[derive(Debug, Default, PartialEq, Eq, Clone, Copy)]
pub struct Shape {
    pub paragraphs: usize,
    pub links: usize,
    pub emphasis: usize,
    pub strong: usize,
    pub code: usize,
}

impl Shape {
    pub fn of(text: &str) -> Shape {
        let mut s = Shape::default();
        for e in crate::markup::events(text) {
            match e {
                Event::Start(Tag::Paragraph) => s.paragraphs += 1,
                Event::Start(Tag::Link { .. }) => s.links += 1,
                Event::Start(Tag::Emphasis) => s.emphasis += 1,
                Event::Start(Tag::Strong) => s.strong += 1,
                Event::Code(_) => s.code += 1,
                _ => {}
            }
        }
        s
    }

    fn describe(&self) -> String {
        format!(
            "{} paragraph(s), {} link(s), {} emphasis, {} strong, {} code",
            self.paragraphs, self.links, self.emphasis, self.strong, self.code
        )
    }
}

/// Text outside `{ … }` placeables.
fn literal_text(s: &str) -> String {
    replace_placeables(s, "")
}

/// The text with each top-level placeable replaced by `with`, except a
/// placeable that is one string literal (`{ "[" }`): that is the text it
/// stands for, as Fluent formats it. translate-toolkit (Weblate's Fluent
/// storage) saves every value that starts with `[`, `*` or `.` that way,
/// and the link or emphasis it starts is still there. (Braces are ASCII,
/// so the text between placeables is copied a run of bytes at a time.)
fn replace_placeables(s: &str, with: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(s.len());
    let mut run = 0;
    let mut opened = 0;
    let mut bytes = s.bytes().enumerate();
    while let Some((i, b)) = bytes.next() {
        match b {
            // A string literal inside a placeable: its braces are text.
            b'"' if depth > 0 => {
                while let Some((_, c)) = bytes.next() {
                    match c {
                        b'\\' => {
                            bytes.next();
                        }
                        b'"' | b'\n' => break,
                        _ => {}
                    }
                }
            }
            b'{' => {
                if depth == 0 {
                    out.push_str(&s[run..i]);
                    opened = i;
                }
                depth += 1;
            }
            b'}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    match string_literal(&s[opened + 1..i]) {
                        Some(text) => out.push_str(&text),
                        None => out.push_str(with),
                    }
                }
                run = i + 1;
            }
            // A `}` outside any placeable is dropped, as it always was.
            b'}' => {
                out.push_str(&s[run..i]);
                run = i + 1;
            }
            _ => {}
        }
    }
    if depth == 0 {
        out.push_str(&s[run..]);
    } else {
        // An unclosed placeable: replaced like the others.
        out.push_str(with);
    }
    out
}

/// The text of a placeable's expression when it is one string literal
/// (`"["`, `"\u00A0"`), unescaped as Fluent formats it.
fn string_literal(expression: &str) -> Option<std::borrow::Cow<'_, str>> {
    let quoted = expression.trim_matches(|c| c == ' ' || c == '\n' || c == '\r' || c == '\t');
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
    // The closing quote is the one at the end: no unescaped quote inside.
    let mut escaped = false;
    for b in inner.bytes() {
        match b {
            b'"' if !escaped => return None,
            b'\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    (!escaped).then(|| fluent_syntax::unicode::unescape_unicode_to_string(inner))
}

/// Facts worth recognising when typed out in one locale's texts, with
/// their values in that locale: strings of 5+ characters and numbers of 4+
/// digits (short values such as "24" occur naturally). One searcher per
/// fact, built once for all the policy's texts: a policy has a handful of
/// facts, and a vectorised search per fact costs less than building an
/// automaton for all of them (which took 150,000 instructions per policy)
/// or a `str::contains` per fact and text (which sets up a new searcher
/// each time).
struct LiteralFacts<'p> {
    facts: Vec<(&'p str, String, memchr::memmem::Finder<'static>)>,
}

impl<'p> LiteralFacts<'p> {
    fn new(facts: impl Iterator<Item = (&'p str, &'p FactValue)>) -> Self {
        let facts = facts
            .filter_map(|(name, v)| match v {
                FactValue::Text(s) if s.chars().count() >= 5 => Some((name, s.clone())),
                FactValue::Integer(i) if i.unsigned_abs() >= 1000 => Some((name, i.to_string())),
                _ => None,
            })
            .map(|(name, value)| {
                let finder = memchr::memmem::Finder::new(value.as_bytes()).into_owned();
                (name, value, finder)
            })
            .collect();
        LiteralFacts { facts }
    }

    /// The facts `text` types out, as whole tokens.
    fn found_in<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (&'p str, &'a str)> + 'a {
        let mut literal = None;
        self.facts.iter().filter_map(move |(name, value, finder)| {
            // The cheap test on the raw text first; placeables removed only
            // when it finds something.
            finder.find(text.as_bytes())?;
            let literal: &String = literal.get_or_insert_with(|| literal_text(text));
            finder
                .find_iter(literal.as_bytes())
                .any(|at| is_whole_token(literal, at..at + value.len()))
                .then_some((*name, value.as_str()))
        })
    }
}

/// Characters that continue a word, number, path, address or URL on
/// either side of them.
const TOKEN_PUNCTUATION: &str = "/-_@#&=%+~";

/// Whether `text[span]` stands alone rather than as part of a longer
/// word, number, path or address: `/gdpr` is not in `/gdpr/`, nor
/// `https://example.com` in `https://example.com/gdpr`. Sentence
/// punctuation ends a token unless more of it follows (`/gdpr.` at the
/// end of a sentence, but not `/gdpr.html`); `mailto:` and `tel:` before
/// an address do not make it part of something longer.
fn is_whole_token(text: &str, span: std::ops::Range<usize>) -> bool {
    let joins = |c: char| c.is_alphanumeric() || TOKEN_PUNCTUATION.contains(c);
    let before = &text[..span.start];
    let joined_before = match before.chars().next_back() {
        None => false,
        Some(':') => !(before.ends_with("mailto:") || before.ends_with("tel:")),
        Some(c) => joins(c) || c == '.',
    };
    let mut after = text[span.end..].chars();
    let joined_after = match after.next() {
        None => false,
        Some(c) if ".,:;!?".contains(c) => after.next().is_some_and(joins),
        Some(c) => joins(c),
    };
    !joined_before && !joined_after
}

/// Reports `d` at the severity `[check]` gives its kind of finding.
fn push(out: &mut Vec<Diagnostic>, level: Level, d: Diagnostic) {
    let severity = match level {
        Level::Off => return,
        Level::Warning => Severity::Warning,
        Level::Error => Severity::Error,
    };
    out.push(d.severity(severity));
}

/// Whose texts are compared: one policy's file, or a locale's
/// `_shared.ftl`, whose labels every page shows and whose terms every
/// policy's texts may use.
#[derive(Clone, Copy)]
enum Owner<'a> {
    Policy(&'a str),
    Shared,
}

impl<'a> Owner<'a> {
    /// The name the lock keeps the records under.
    fn lock_id(self) -> &'a str {
        match self {
            Owner::Policy(id) => id,
            Owner::Shared => crate::lock::SHARED,
        }
    }

    /// `n` texts of this owner, for a summary.
    fn count(self, n: usize) -> String {
        let s = if n == 1 { "" } else { "s" };
        match self {
            Owner::Policy(id) => format!("{n} message{s} of policy `{id}`"),
            Owner::Shared => format!("{n} label{s} or term{s} of `_shared.ftl`"),
        }
    }

    /// The `policyc review` command that signs `key` (or every text) off
    /// in `locale`. A term's key starts with `-`, so it goes after `--`.
    fn review_command(self, locale: &str, key: Option<&str>) -> String {
        let scope = match self {
            Owner::Policy(id) => format!("--policy {id}"),
            Owner::Shared => "--shared".to_string(),
        };
        match key {
            Some(k) if k.starts_with('-') => {
                format!("policyc review --locale {locale} {scope} -- {k}")
            }
            Some(k) => format!("policyc review --locale {locale} {scope} {k}"),
            None => format!("policyc review --locale {locale} {scope}"),
        }
    }
}

/// What is worked out once per reference text, for every locale.
#[derive(Clone, Default)]
struct RefText {
    hash: Option<SmolStr>,
    traits: Option<Traits>,
    shape: Option<Shape>,
    /// The variables it selects on as numbers (`missing-plural-category`).
    numbers: Option<Vec<Box<str>>>,
}

/// Comparing the texts of one owner in one locale with the reference's.
struct Compare<'a> {
    levels: &'a CheckConfig,
    lock: Option<&'a Lock>,
    /// The lock's records of this owner in this locale, looked up once.
    records: Option<&'a crate::lock::Table>,
    /// The reference locale's tag.
    reference: &'a str,
    locale: &'a str,
    owner: Owner<'a>,
    /// Keys of the texts the lock has no record of (with a lock).
    unreviewed: Vec<String>,
    /// Only the sign-off findings ([`review_findings`]).
    review_only: bool,
    /// The hashes of texts met before, when the caller keeps them.
    hashes: Option<&'a mut TextHashes>,
}

impl<'a> Compare<'a> {
    fn new(ws: &'a Workspace, reference: &'a str, locale: &'a str, owner: Owner<'a>) -> Self {
        Compare {
            levels: &ws.config.check,
            lock: ws.lock.as_ref(),
            records: ws
                .lock
                .as_ref()
                .and_then(|l| l.table(owner.lock_id(), locale)),
            reference,
            locale,
            owner,
            unreviewed: Vec::new(),
            review_only: false,
            hashes: None,
        }
    }

    /// [`text_hash`] of `text`, from the kept hashes when there are.
    fn hash(&mut self, text: &str) -> SmolStr {
        match &mut self.hashes {
            Some(h) => h.get(text),
            None => SmolStr::new(text_hash(text)),
        }
    }

    /// Compares a translated text with its reference text: stale or
    /// changed after review (with a lock), the same variables, terms and
    /// section references, the same Markdown, and text left in the
    /// reference language. `at` places a finding on the translation.
    fn text(
        &mut self,
        key: &str,
        (rp, r_text): (&PatternInfo, &str),
        (tp, t_text): (&PatternInfo, &str),
        cache: &mut RefText,
        at: &dyn Fn(Diagnostic) -> Diagnostic,
        out: &mut Vec<Diagnostic>,
    ) {
        let levels = self.levels;
        // Stale: the reference changed since this translation was signed
        // off; changed after review: the translation did.
        if let Some(lock) = self.lock {
            match self.records.and_then(|r| r.get(key)) {
                None => self.unreviewed.push(key.to_string()),
                Some(rec) => {
                    let current = cache.hash.get_or_insert_with(|| self.hash(r_text));
                    if !lock.reference_matches(rec, current, r_text) {
                        push(out, levels.stale, at(self.stale(lock, rec, key, r_text)));
                    } else if rec
                        .translation
                        .as_ref()
                        .is_some_and(|h| *h != self.hash(t_text))
                    {
                        let who = rec.by.as_deref().unwrap_or("an unknown reviewer");
                        let when = rec
                            .date
                            .as_deref()
                            .map(|d| format!(" on {d}"))
                            .unwrap_or_default();
                        push(
                            out,
                            levels.changed_after_review,
                            at(Diagnostic::new(
                                Code::ChangedAfterReview,
                                format!("`{key}` is not the text {who} signed off{when}"),
                            ))
                            .keys(vec![key.to_string()])
                            .hint(format!(
                                "have the new text reviewed, then run `{}`; or restore the approved text",
                                self.owner.review_command(self.locale, Some(key))
                            )),
                        );
                    }
                }
            }
        }

        if self.review_only {
            return;
        }
        // The same variables, terms and section references.
        let omitted = if same_references(rp, tp) {
            Vec::new()
        } else {
            let (rr, tr) = (references(rp), references(tp));
            rr.difference(&tr).cloned().collect()
        };
        if levels.inconsistent != Level::Off && !omitted.is_empty() {
            push(
                out,
                levels.inconsistent,
                at(Diagnostic::new(
                    Code::MissingReference,
                    format!(
                        "`{key}` leaves out {} that the reference uses",
                        omitted
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ))
                .note(format!(
                    "reference ({}): {}",
                    self.reference,
                    normalize(r_text)
                ))
                .hint("use the same variables, terms and section references as the reference text"),
            );
        }

        // A label of `_shared.ftl` is shown with no variables but the
        // ones its reference has (`page-of`): another one leaves the
        // label out of every page, so it is named here.
        if matches!(self.owner, Owner::Shared) {
            self.added_variables(key, rp, tp, at, out);
        }

        // The same Markdown structure (not meaningful across selectors).
        // (Worked out only when the level is not off.)
        let mut comparable = || {
            let rt = *cache.traits.get_or_insert_with(|| Traits::of(r_text));
            let tt = Traits::of(t_text);
            !rt.selector && !tt.selector && (rt.markup || tt.markup)
        };
        if levels.inconsistent != Level::Off && comparable() {
            // Placeables become a word, so `[{ $email }](mailto:{ $email })`
            // reads as the link it will be.
            let rs = *cache
                .shape
                .get_or_insert_with(|| Shape::of(&replace_placeables(r_text, "x")));
            let ts = Shape::of(&replace_placeables(t_text, "x"));
            if rs != ts {
                push(
                    out,
                    levels.inconsistent,
                    at(Diagnostic::new(
                        Code::MarkupDrift,
                        format!("`{key}` has different Markdown than the reference"),
                    ))
                    .note(format!("reference: {}", rs.describe()))
                    .note(format!("translation: {}", ts.describe()))
                    .hint("keep the same links, emphasis and paragraphs as the reference text"),
                );
            }
        }

        // Left in the reference language.
        if levels.untranslated != Level::Off
            && r_text.split_whitespace().eq(t_text.split_whitespace())
            && literal_text(r_text)
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count()
                >= 4
        {
            push(
                out,
                levels.untranslated,
                at(Diagnostic::new(
                    Code::Untranslated,
                    format!(
                        "`{key}` is identical to the reference ({}) text",
                        self.reference
                    ),
                ))
                .hint("translate it; identical text usually means a copied, untranslated message"),
            );
        }
    }

    /// `unknown-variable` for each variable of a `_shared.ftl` text that
    /// its reference text does not use.
    fn added_variables(
        &self,
        key: &str,
        rp: &PatternInfo,
        tp: &PatternInfo,
        at: &dyn Fn(Diagnostic) -> Diagnostic,
        out: &mut Vec<Diagnostic>,
    ) {
        let variables = |p: &PatternInfo| -> Vec<String> {
            let vars = p.refs.iter().filter(|r| r.kind == RefKind::Variable);
            vars.map(|r| r.id.to_string()).collect()
        };
        let known = variables(rp);
        for r in tp.refs.iter().filter(|r| r.kind == RefKind::Variable) {
            if known.iter().any(|k| **k == *r.id) {
                continue;
            }
            let allowed = if known.is_empty() {
                "none".to_string()
            } else {
                known
                    .iter()
                    .map(|k| format!("`${k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut d = at(Diagnostic::new(
                Code::UnknownVariable,
                format!("`{key}` uses the variable `${}`, which the reference ({}) text does not have", r.id, self.reference),
            ))
            .hint(format!(
                "remove `{{ ${} }}`: a label is shown with only the variables of the reference's (here: {allowed}), so no page can show this one",
                r.id
            ));
            d.span = Some(r.span.clone());
            out.push(d);
        }
    }

    /// The texts with no review record: one finding for all of them, in
    /// `file`, not one per text.
    fn unreviewed(self, file: &Path, out: &mut Vec<Diagnostic>) {
        let n = self.unreviewed.len();
        if n == 0 {
            return;
        }
        let mut d = Diagnostic::new(
            Code::Unreviewed,
            format!(
                "{} in `{}` {} no review record in policyc.lock",
                self.owner.count(n),
                self.locale,
                if n == 1 { "has" } else { "have" },
            ),
        )
        .in_file(file)
        .locale(self.locale)
        .hint(format!(
            "after checking the translation{}, run `{}`",
            if n == 1 { "" } else { "s" },
            self.owner.review_command(self.locale, None)
        ));
        if let Owner::Policy(id) = self.owner {
            d = d.policy(id);
        }
        push(out, self.levels.unreviewed, d.keys(self.unreviewed));
    }

    /// The finding for a translation made from an older reference text,
    /// with the reference text then and now and the words that changed.
    fn stale(&self, lock: &Lock, rec: &Record, key: &str, r_text: &str) -> Diagnostic {
        let now = normalize(r_text);
        let mut d = Diagnostic::new(
            Code::Stale,
            format!(
                "`{key}` was translated from an older reference ({}) text",
                self.reference
            ),
        )
        .keys(vec![key.to_string()]);
        match lock.texts.get(rec.reference.as_str()) {
            Some(old) => {
                let change = crate::diff::TextChange::new(old.clone(), now.clone());
                d = d
                    .note(format!("reference was: {old}"))
                    .note(format!("reference now: {now}"))
                    .note(format!(
                        "changed: {}",
                        crate::diff::marked_compact(&change.diff, 6)
                    ));
                d.change = Some(Box::new(change));
            }
            None => {
                d = d
                    .note("reference was: (unknown)")
                    .note(format!("reference now: {now}"));
            }
        }
        if let Some(by) = &rec.by {
            d = d.note(format!(
                "signed off by {by}{}",
                rec.date
                    .as_deref()
                    .map(|x| format!(" on {x}"))
                    .unwrap_or_default()
            ));
        }
        d.hint(format!(
            "update the translation, then run `{}` (add `--unchanged` when the translation needs no change)",
            self.owner.review_command(self.locale, Some(key))
        ))
    }
}

/// Compares every locale's `_shared.ftl` with the reference's: every
/// label and term present, and each text, like a policy's (stale, changed
/// after review, unreviewed, references, Markdown, untranslated). (Each
/// policy's files are analysed by [`analyze_policy`], where the build
/// works on that policy.)
pub fn analyze_shared(ws: &Workspace, locales: &[&str]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(reference) = ws.reference() else {
        return out;
    };
    let Some(r) = &reference.shared else {
        return out;
    };
    let entries = r.entries();
    let mut ref_texts = vec![RefText::default(); entries.len()];
    for locale in ws
        .locales
        .iter()
        .filter(|l| locales.contains(&l.tag.as_str()) && l.tag != reference.tag)
    {
        let Some(t) = &locale.shared else {
            if locale.has_folder {
                out.push(
                    Diagnostic::new(
                        Code::MissingFile,
                        format!("locale `{}` has no `_shared.ftl`", locale.tag),
                    )
                    .in_file(locale.file_path("_shared"))
                    .locale(&locale.tag)
                    .hint(format!("copy `{}` and translate it", r.path.display())),
                );
            }
            continue;
        };
        // Every label and term of the reference, in every locale.
        compare_entries(r, t, true, &locale.tag, &mut out);
        let mut cx = Compare::new(ws, &reference.tag, &locale.tag, Owner::Shared);
        for ((key, rp), cache) in entries.iter().zip(&mut ref_texts) {
            let Some(tp) = t.entry(key) else {
                continue;
            };
            // A term's span takes in its `-`.
            let dash = usize::from(key.starts_with('-'));
            let span = tp.id_span.start.saturating_sub(dash)..tp.id_span.end;
            let at = |d: Diagnostic| {
                d.at(&t.path, Some(span.clone()))
                    .locale(&locale.tag)
                    .keys(vec![key.clone()])
            };
            let texts = ((*rp, pattern_text(r, rp)), (tp, pattern_text(t, tp)));
            cx.text(key, texts.0, texts.1, cache, &at, &mut out);
        }
        cx.unreviewed(&t.path, &mut out);
    }
    out
}

/// Messages, attributes and terms of `reference` missing from `file` (and,
/// with `messages`, extra ones in `file`). Policy files compare terms only:
/// their messages are checked against the policy's structure.
fn compare_entries(
    reference: &FtlFile,
    file: &FtlFile,
    messages: bool,
    locale: &str,
    out: &mut Vec<Diagnostic>,
) {
    let keys = |f: &FtlFile| -> Vec<(String, std::ops::Range<usize>)> {
        let mut v = Vec::new();
        if messages {
            for (id, m) in f.messages() {
                if m.value.is_some() {
                    v.push((id.clone(), m.id_span.clone()));
                }
                for (a, p) in &m.attributes {
                    v.push((crate::policy::message_key(id, Some(a)), p.id_span.clone()));
                }
            }
        }
        for (id, t) in f.terms() {
            v.push((format!("-{id}"), t.id_span.clone()));
        }
        v
    };
    let (rk, tk) = (keys(reference), keys(file));
    let before = out.len();
    let tset: crate::HashSet<&str> = tk.iter().map(|(k, _)| k.as_str()).collect();
    let rset: crate::HashSet<&str> = rk.iter().map(|(k, _)| k.as_str()).collect();
    for (k, _) in rk.iter().filter(|(k, _)| !tset.contains(k.as_str())) {
        out.push(
            Diagnostic::new(
                Code::MissingText,
                format!("locale `{locale}` is missing `{k}`, which the reference defines"),
            )
            .in_file(&file.path)
            .locale(locale)
            .keys(vec![k.clone()])
            .hint(format!(
                "add `{k}` to `{}` (see `{}`)",
                file.path.display(),
                reference.path.display()
            )),
        );
    }
    if messages {
        for (k, span) in tk.iter().filter(|(k, _)| !rset.contains(k.as_str())) {
            out.push(
                Diagnostic::new(
                    Code::UnusedMessage,
                    format!(
                        "`{k}` is not in the reference `{}`",
                        reference.path.display()
                    ),
                )
                .at(&file.path, Some(span.clone()))
                .locale(locale)
                .keys(vec![k.clone()])
                .hint("this text will not be published: no page shows a label the reference lacks. Remove it, or ask the legal team to add it to the reference first"),
            );
        }
        let path = reference.path.display().to_string();
        let renames = crate::diag::suggest::Renames {
            owner: &format!("the reference `{path}`"),
            reference: &path,
            missing_id: &|d: &Diagnostic| d.keys[0].clone(),
        };
        crate::diag::suggest::fold_renames(out, before, &renames);
    }
}

/// Runs every cross-locale analysis of one policy in the selected locales,
/// with the policy's files (see [`PolicyFiles`]): facts typed out, stale
/// and unreviewed translations (with the lock), references, Markdown and
/// text that differ from the reference, and terms missing.
pub fn analyze_policy(
    ws: &Workspace,
    files: &PolicyFiles<'_>,
    policy: &Policy,
    locales: &[&str],
) -> Vec<Diagnostic> {
    analyze(ws, files, policy, locales, None)
}

/// Only the sign-off findings of [`analyze_policy`] (`stale`,
/// `changed-after-review`, `unreviewed`): whether each translation of the
/// policy's own file is approved, for the redline. `hashes` keeps the
/// texts' hashes for the next call (the redline's other end).
pub fn review_findings(
    ws: &Workspace,
    files: &PolicyFiles<'_>,
    policy: &Policy,
    locales: &[&str],
    hashes: &mut TextHashes,
) -> Vec<Diagnostic> {
    analyze(ws, files, policy, locales, Some(hashes))
}

/// The findings of [`analyze_policy`]; with `review` (the kept hashes),
/// only those of [`review_findings`].
fn analyze(
    ws: &Workspace,
    files: &PolicyFiles<'_>,
    policy: &Policy,
    locales: &[&str],
    mut review: Option<&mut TextHashes>,
) -> Vec<Diagnostic> {
    let review_only = review.is_some();
    let levels = &ws.config.check;
    let mut out = Vec::new();
    let Some(reference) = ws.reference() else {
        return out;
    };
    let Some(ref_file) = files.get(&reference.tag) else {
        return out;
    };
    // The facts of `[facts]`; a locale with its own values gets its own
    // searchers.
    let shared_facts = LiteralFacts::new(policy.facts.iter().map(|(k, v)| (k.as_str(), v)));
    let required = files.required();
    let keys: Vec<String> = required.iter().map(|r| r.key()).collect();
    // What is worked out once per reference text, for all locales.
    let mut ref_texts = vec![RefText::default(); required.len()];
    let mut words = (!review_only).then(|| words::Words::new(ws, files, &reference.tag, locales));
    for locale in ws
        .locales
        .iter()
        .filter(|l| locales.contains(&l.tag.as_str()))
    {
        let Some(file) = files.get(&locale.tag) else {
            continue;
        };
        let is_reference = locale.tag == reference.tag;
        let own_facts;
        let facts = match policy.locales.get(&locale.tag) {
            Some(m) if !m.facts.is_empty() => {
                own_facts = LiteralFacts::new(policy.facts_in(&locale.tag));
                &own_facts
            }
            _ => &shared_facts,
        };
        let mut cx = Compare::new(ws, &reference.tag, &locale.tag, Owner::Policy(&policy.id));
        cx.review_only = review_only;
        cx.hashes = review.as_deref_mut();
        if !is_reference && !review_only {
            let before = out.len();
            compare_entries(ref_file, file, false, &locale.tag, &mut out);
            for d in &mut out[before..] {
                d.policy = Some(policy.id.clone());
                d.severity = Severity::Warning;
                d.code = Code::MissingTerm;
            }
        }
        for (index, r) in required.iter().enumerate() {
            let key = &keys[index];
            let Some(tp) = file.pattern(r.message, r.attribute.as_deref()) else {
                continue;
            };
            let t_text = pattern_text(file, tp);
            let at = |d: Diagnostic| {
                let d = d
                    .at(&file.path, Some(tp.id_span.clone()))
                    .keys(vec![key.clone()])
                    .locale(&locale.tag)
                    .policy(&policy.id);
                match r.section {
                    Some(s) => d.section(s),
                    None => d,
                }
            };
            // Facts typed literally, in any locale (the cheap test first).
            // (Not searched for when only the sign-off is asked.)
            if !review_only {
                for (name, value) in facts.found_in(t_text) {
                    push(
                        &mut out,
                        levels.inconsistent,
                        at(Diagnostic::new(
                            Code::LiteralFact,
                            format!("`{key}` types the fact `{name}` ({value}) out instead of using the variable"),
                        )
                        .hint(format!("write {{ ${name} }} so the text follows {}", policy.file.display()))),
                    );
                }
            }
            let Some(rp) = ref_file.pattern(r.message, r.attribute.as_deref()) else {
                continue;
            };
            if !review_only {
                let text = plurals::Text {
                    key,
                    locale: &locale.tag,
                    lang: &locale.lang,
                    file: &file.path,
                    pattern: tp,
                };
                let numbers = ref_texts[index]
                    .numbers
                    .get_or_insert_with(|| plurals::numbers_selected(policy, &reference.tag, rp));
                for d in plurals::missing_categories(numbers, &text, &locale.plurals, &at) {
                    push(&mut out, levels.inconsistent, d);
                }
            }
            let base = pattern_range(file, tp).start;
            let span = |r: std::ops::Range<usize>| base + r.start..base + r.end;
            if is_reference {
                if let Some(w) = &mut words {
                    w.text(key, &locale.tag, t_text, index, None, &at, &span, &mut out);
                }
                continue;
            }
            let r_text = pattern_text(ref_file, rp);
            if let Some(w) = &mut words {
                w.text(
                    key,
                    &locale.tag,
                    t_text,
                    index,
                    Some(r_text),
                    &at,
                    &span,
                    &mut out,
                );
            }
            cx.text(
                key,
                (rp, r_text),
                (tp, t_text),
                &mut ref_texts[index],
                &at,
                &mut out,
            );
        }
        // Unreviewed: one line per policy and locale, not one per message.
        cx.unreviewed(&file.path, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `fact` occurs in `text` as a whole token.
    fn typed_out(text: &str, fact: &str) -> bool {
        text.match_indices(fact)
            .any(|(at, _)| is_whole_token(text, at..at + fact.len()))
    }

    #[test]
    fn a_path_is_not_found_inside_a_longer_path() {
        assert!(!typed_out("[x](/gdpr/)", "/gdpr"));
        assert!(!typed_out("see /gdpr.html", "/gdpr"));
        assert!(typed_out("[x](/gdpr)", "/gdpr"));
    }

    #[test]
    fn a_site_address_is_not_found_inside_a_longer_url() {
        let url = "https://moln.example/en/privacy";
        assert!(!typed_out(url, "https://moln.example"));
        assert!(!typed_out(url, "/en/privacy"));
        assert!(typed_out(url, url));
    }

    #[test]
    fn sentence_punctuation_ends_a_token() {
        assert!(typed_out(
            "Write to privacy@moln.example.",
            "privacy@moln.example"
        ));
        assert!(typed_out("Org. no. 559412-8830, Stockholm", "559412-8830"));
        assert!(!typed_out("no. 559412-88301", "559412-8830"));
    }

    #[test]
    fn mailto_does_not_join_an_address() {
        assert!(typed_out(
            "[us](mailto:privacy@moln.example)",
            "privacy@moln.example"
        ));
        assert!(!typed_out(
            "dpo.privacy@moln.example",
            "privacy@moln.example"
        ));
    }

    #[test]
    fn a_name_is_found_between_words_but_not_inside_one() {
        assert!(typed_out("Example Moln AB's customers", "Example Moln AB"));
        assert!(!typed_out("Example Moln ABC", "Example Moln AB"));
    }

    /// The first, character-by-character version, kept as the oracle.
    fn replace_placeables_by_char(s: &str, with: &str) -> String {
        let mut depth = 0usize;
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '{' => {
                    if depth == 0 {
                        out.push_str(with);
                    }
                    depth += 1;
                }
                '}' => depth = depth.saturating_sub(1),
                c if depth == 0 => out.push(c),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn placeables_are_replaced_as_character_by_character() {
        let pieces = ["{", "}", "{ $x }", "ø", "a", " ", "{ -t }", "}}", "{{", "é"];
        let mut seed: u64 = 7;
        for _ in 0..20_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 60) as usize;
            let mut s = String::new();
            for k in 0..len {
                s.push_str(pieces[((seed >> (4 * k % 56)) as usize) % pieces.len()]);
            }
            for with in ["", "x"] {
                assert_eq!(
                    replace_placeables(&s, with),
                    replace_placeables_by_char(&s, with),
                    "{s:?}"
                );
            }
        }
        assert_eq!(
            replace_placeables("Write [{ $email }](mailto:{ $email }) now", "x"),
            "Write [x](mailto:x) now"
        );
    }

    #[test]
    fn a_string_literal_placeable_is_the_text_it_stands_for() {
        // As translate-toolkit (Weblate) saves a value starting with `[`.
        assert_eq!(
            replace_placeables(r#"{ "[" }Skriv til os](mailto:{ $email })."#, "x"),
            "[Skriv til os](mailto:x)."
        );
        assert_eq!(
            replace_placeables(r#"{ "*" }*Vigtigt:** læs"#, "x"),
            "**Vigtigt:** læs"
        );
        // Escapes are read as Fluent reads them; braces in a literal are text.
        assert_eq!(replace_placeables(r#"a{"\u0041\""}b"#, "x"), "aA\"b");
        assert_eq!(replace_placeables(r#"{ "}" } and { "{" }"#, "x"), "} and {");
        // Anything more than one literal is a placeable like any other.
        assert_eq!(replace_placeables(r#"{ FN("[") }{ "a" "b" }"#, "x"), "xx");
        assert_eq!(replace_placeables(r#"{ "unclosed"#, "x"), "x");
    }

    #[test]
    fn a_translation_saved_by_weblate_has_the_markdown_of_the_reference() {
        let shape = |s: &str| Shape::of(&replace_placeables(s, "x"));
        assert_eq!(
            shape(r#"{ "[" }Write to us](mailto:{ $email }) and **now**."#),
            shape("[Write to us](mailto:{ $email }) and **now**."),
        );
        assert_eq!(shape(r#"{ "*" }*Bold** text"#), shape("**Bold** text"));
    }

    #[test]
    fn traits_are_the_substring_tests_they_replace() {
        // The earlier tests, kept as the oracle.
        let oracle = |s: &str| Traits {
            selector: s.contains("->"),
            markup: s
                .bytes()
                .any(|b| matches!(b, b'[' | b'*' | b'_' | b'`' | b'<' | b'!' | b'\\'))
                || s.contains("\n\n"),
        };
        let pieces = [
            "-", ">", "\n", "[", "*", "_", "`", "<", "!", "\\", "a", "ø", " ", "{",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = [a, b, c].concat();
                    assert_eq!(Traits::of(&s), oracle(&s), "{s:?}");
                }
            }
        }
        let plain = Traits::of("A plain sentence with { $company } in it.");
        assert_eq!((plain.selector, plain.markup), (false, false));
        let select = Traits::of("{ $n ->\n [one] one\n *[other] many\n}");
        assert_eq!((select.selector, select.markup), (true, true));
    }
}
