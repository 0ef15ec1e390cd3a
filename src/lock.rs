//! `policyc.lock`: the sign-off records. For every policy × locale ×
//! message (or attribute), which reference text the translation was made
//! from, which translation text was approved, who approved it and when.
//!
//! `check` compares the records with the files: a reference text that
//! changed since the sign-off makes the translation `stale`; a translation
//! text that changed since makes it `changed-after-review`. The lock also
//! keeps the reviewed reference texts themselves, so a stale finding can
//! show what changed, word by word.
//!
//! Both hashes are of what the text means, not how it is spaced
//! ([`canonical`]): re-wrapping a line, or a tool writing `{$company}` as
//! `{ $company }`, changes neither.
//!
//! The file is TOML, sorted, one line per record, written atomically: it
//! diffs well in review. Format 1 (a bare hash of the whitespace-collapsed
//! reference text per message, no reviewer) is still read: its records are
//! "reviewed, reviewer unknown", and `policyc review` rewrites the lock in
//! format 2 ([`Lock::migrate`]).
//!
//! A locale's `_shared.ftl` (labels and terms every page shows) is signed
//! off like a policy's file, under the name [`SHARED`] in place of a
//! policy id: `[translations._shared.da]`, keyed by label (`page-of`),
//! attribute (`label.attr`) or term (`-brand`). A lock without them (an
//! older one) reads as "not reviewed yet" for those texts.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use smol_str::SmolStr;

use crate::diag::{Code, Diagnostic};
use crate::source::{toml_error, SourceText};

/// The lock file's name, at the workspace root.
pub const LOCK_FILE: &str = "policyc.lock";

/// The name `_shared.ftl`'s records are kept under, in place of a policy
/// id. Policy ids start with a letter, so no policy can have it.
pub const SHARED: &str = "_shared";

/// The format `policyc review` writes.
pub const VERSION: u32 = 2;

/// One sign-off: the reference text a translation was made from and the
/// translation text that was approved, as [`text_hash`]es, by whom and
/// when. A record migrated from format 1 has a reference hash only.
///
/// The fields are [`SmolStr`]s: a hash, a date and a name of up to 23
/// bytes are held inline, with no allocation, and a workspace's lock has
/// one record per policy, locale and message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Hash of the reference text.
    pub reference: SmolStr,
    /// Hash of the approved translation text (absent in migrated records).
    #[serde(default)]
    pub translation: Option<SmolStr>,
    /// The reviewer, `Name <email>` (absent: reviewer unknown).
    #[serde(default)]
    pub by: Option<SmolStr>,
    /// The day of the sign-off, `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<SmolStr>,
}

/// A record as the file has it: a bare hash (format 1) or a table.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawRecord {
    Hash(SmolStr),
    Record(Record),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLock {
    #[serde(default = "one")]
    version: u32,
    #[serde(default)]
    translations: BTreeMap<String, BTreeMap<String, BTreeMap<SmolStr, RawRecord>>>,
    #[serde(default)]
    texts: BTreeMap<String, String>,
}

fn one() -> u32 {
    1
}

/// message key -> record: the sign-offs of one policy in one locale.
pub type Table = BTreeMap<SmolStr, Record>;

/// policy (or [`SHARED`]) -> locale -> message key -> record.
pub type Records = BTreeMap<String, BTreeMap<String, Table>>;

/// The parsed lock file (empty, in the current format, by default).
#[derive(Debug, Clone, PartialEq)]
pub struct Lock {
    /// Format version: 1 (hashes of whitespace-collapsed text, no
    /// reviewer) or 2.
    pub version: u32,
    /// policy (or [`SHARED`]) -> locale -> message key -> sign-off.
    pub translations: Records,
    /// hash -> reference text, for every reference hash still in use.
    pub texts: BTreeMap<String, String>,
}

/// The hash of a text's meaning: of [`canonical`], so spacing does not
/// count. 16 hex digits.
pub fn text_hash(text: &str) -> String {
    hex(&Sha256::digest(canonical(text).as_bytes()))
}

/// [`text_hash`]es of the texts met so far, for work that meets the same
/// texts again: the two ends of a redline are mostly the same text, and
/// hashing what a text means is most of what their sign-off analysis
/// costs.
#[derive(Default)]
pub struct TextHashes(crate::HashMap<Box<str>, SmolStr>);

impl TextHashes {
    /// [`text_hash`] of `text`, worked out once.
    pub fn get(&mut self, text: &str) -> SmolStr {
        if let Some(h) = self.0.get(text) {
            return h.clone();
        }
        let h = SmolStr::new(text_hash(text));
        self.0.insert(text.into(), h.clone());
        h
    }
}

/// The hash format 1 used: of the text with every white-space run as one
/// space. Only for reading old records.
pub fn legacy_hash(text: &str) -> String {
    hex(&Sha256::digest(normalize(text).as_bytes()))
}

fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(16);
    for b in digest.iter().take(8) {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Whitespace-collapsed text, as stored for display.
pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Fluent pattern (the text after `=`) as what it means. A pattern with
/// a select expression is the list of its variant paths, each the
/// selectors' keys and the text a reader gets ([`canonical_variants`]),
/// so a tool that moves the text around a select into every variant
/// (`moz-l10n fix` does) changes nothing; any other pattern is
/// [`canonical_text`].
pub fn canonical(text: &str) -> Cow<'_, str> {
    if text.contains("->") {
        if let Some(c) = canonical_variants(text) {
            return Cow::Owned(c);
        }
    }
    canonical_text(text)
}

/// The most variant paths a pattern is expanded to (the product of its
/// selects' variant counts); past it, a pattern is hashed as written.
/// Real patterns have a handful; the cap keeps a hostile one cheap.
const MAX_PATHS: usize = 256;

/// One way through a pattern's selects: `selector=key` per select, and
/// the pattern elements a reader gets.
type VariantPath<'s> = (
    Vec<String>,
    Vec<fluent_syntax::ast::PatternElement<&'s str>>,
);

/// A pattern with selects as its variant paths, one per line, sorted:
/// `[{$n}=one] …text…`. `None` when it has no select, does not parse as
/// a pattern, or has more than [`MAX_PATHS`] paths.
fn canonical_variants(text: &str) -> Option<String> {
    use fluent_syntax::ast::{Entry, Expression, PatternElement};
    let source = format!("k = {text}\n");
    let resource = fluent_syntax::parser::parse(source.as_str()).ok()?;
    let [Entry::Message(message)] = resource.body.as_slice() else {
        return None;
    };
    let elements = &message.value.as_ref()?.elements;
    let has_select = elements.iter().any(|e| {
        matches!(
            e,
            PatternElement::Placeable {
                expression: Expression::Select { .. }
            }
        )
    });
    if !has_select {
        return None;
    }
    let paths = expand(elements, vec![(Vec::new(), Vec::new())])?;
    let mut lines: Vec<String> = paths
        .into_iter()
        .map(|(mut keys, elements)| {
            keys.sort_unstable();
            format!("[{}] {}", keys.join(" "), serialized(elements))
        })
        .collect();
    lines.sort_unstable();
    Some(lines.join("\n"))
}

/// Every path through `elements`, continuing each of `paths`.
fn expand<'s>(
    elements: &[fluent_syntax::ast::PatternElement<&'s str>],
    mut paths: Vec<VariantPath<'s>>,
) -> Option<Vec<VariantPath<'s>>> {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    for e in elements {
        match e {
            PatternElement::Placeable {
                expression: Expression::Select { selector, variants },
            } => {
                let selector = serialized(vec![PatternElement::Placeable {
                    expression: Expression::Inline(selector.clone()),
                }]);
                let mut next = Vec::new();
                for path in &paths {
                    for v in variants {
                        let key = match &v.key {
                            fluent_syntax::ast::VariantKey::Identifier { name } => name,
                            fluent_syntax::ast::VariantKey::NumberLiteral { value } => value,
                        };
                        let mut p = path.clone();
                        let default = if v.default { "*" } else { "" };
                        p.0.push(format!("{selector}={default}{key}"));
                        next.extend(expand(&v.value.elements, vec![p])?);
                        if next.len() > MAX_PATHS {
                            return None;
                        }
                    }
                }
                paths = next;
            }
            // `{ { … } }` means what its inner expression means.
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::Placeable { expression }),
            } => {
                let inner = PatternElement::Placeable {
                    expression: (**expression).clone(),
                };
                paths = expand(std::slice::from_ref(&inner), paths)?;
            }
            other => paths.iter_mut().for_each(|p| p.1.push(other.clone())),
        }
    }
    Some(paths)
}

/// Pattern elements as [`canonical_text`] of their Fluent serialization.
fn serialized(elements: Vec<fluent_syntax::ast::PatternElement<&str>>) -> String {
    use fluent_syntax::ast::{Entry, Identifier, Message, Pattern, Resource};
    let resource = Resource {
        body: vec![Entry::Message(Message {
            id: Identifier { name: "k" },
            value: Some(Pattern { elements }),
            attributes: Vec::new(),
            comment: None,
        })],
    };
    let text = fluent_syntax::serializer::serialize(&resource);
    canonical_text(text.split_once('=').map_or("", |(_, v)| v)).into_owned()
}

/// A pattern's text as what it means: outside
/// placeables, a white-space run is one space, or a blank line when it
/// holds one (a paragraph break in Markdown); inside a placeable, white
/// space between tokens is no part of the meaning and is dropped
/// (`{ $company }` and `{$company}` are one text), string literals are
/// kept as written, and a select's variants are text again (their
/// indentation and line breaks do not count).
///
/// One pass over the text, no parse: this runs for every message of
/// every locale in `check`. (It assumes text the Fluent parser accepted.)
fn canonical_text(text: &str) -> Cow<'_, str> {
    if !text.as_bytes().contains(&b'{') {
        return collapse(text);
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        /// Inside `{ … }`: tokens, no white space.
        Expr,
        /// A select variant's value: text.
        Variant,
    }
    let mut out = String::with_capacity(text.len());
    let mut stack: Vec<Mode> = Vec::new();
    let mut chars = text.char_indices().peekable();
    // After a variant key: its value's leading white space does not count.
    let mut skip_ws = false;
    while let Some((i, c)) = chars.next() {
        if skip_ws {
            if c.is_whitespace() {
                continue;
            }
            skip_ws = false;
        }
        match (stack.last().copied(), c) {
            (Some(Mode::Expr), '"') => {
                out.push('"');
                while let Some((_, c)) = chars.next() {
                    out.push(c);
                    match c {
                        '\\' => {
                            if let Some((_, e)) = chars.next() {
                                out.push(e);
                            }
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            (Some(Mode::Expr), '[') => {
                out.push('[');
                for (_, c) in chars.by_ref() {
                    if !c.is_whitespace() {
                        out.push(c);
                    }
                    if c == ']' {
                        break;
                    }
                }
                stack.push(Mode::Variant);
                out.push(' ');
                skip_ws = true;
            }
            (Some(Mode::Expr), '}') => {
                stack.pop();
                out.push('}');
            }
            (Some(Mode::Expr), c) if c.is_whitespace() => {}
            (Some(Mode::Variant), '\n') => {
                // The value ends where a line starts with the next
                // variant or the select's closing brace.
                let next = text[i + 1..].trim_start().chars().next();
                if matches!(next, Some('[' | '*' | '}')) {
                    stack.pop();
                }
                out.push('\n');
            }
            (Some(Mode::Variant), '}') => {
                stack.pop();
                stack.pop();
                out.push('\n');
                out.push('}');
            }
            (_, '{') => {
                stack.push(Mode::Expr);
                out.push('{');
            }
            (_, c) => out.push(c),
        }
    }
    match collapse(&out) {
        Cow::Borrowed(_) => Cow::Owned(out),
        Cow::Owned(collapsed) => Cow::Owned(collapsed),
    }
}

/// The text trimmed, each white-space run in it one space, or a blank
/// line when the run holds two line breaks. Most texts already are: they
/// are returned as they are.
fn collapse(text: &str) -> Cow<'_, str> {
    if is_collapsed(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(collapse_runs(text))
    }
}

fn collapse_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text.trim();
    while let Some(start) = rest.find(char::is_whitespace) {
        out.push_str(&rest[..start]);
        let after = rest[start..].trim_start();
        let run = &rest[start..rest.len() - after.len()];
        out.push_str(if run.matches('\n').count() >= 2 {
            "\n\n"
        } else {
            " "
        });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Whether [`collapse`] would return `text` unchanged.
fn is_collapsed(text: &str) -> bool {
    let mut run = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            run.get_or_insert(i);
        } else if let Some(start) = run.take() {
            if start == 0 || !matches!(&text[start..i], " " | "\n\n") {
                return false;
            }
        }
    }
    run.is_none()
}

impl Default for Lock {
    fn default() -> Lock {
        Lock {
            version: VERSION,
            translations: Records::new(),
            texts: BTreeMap::new(),
        }
    }
}

impl Lock {
    /// An empty lock in the current format.
    pub fn new() -> Lock {
        Lock::default()
    }

    /// Reads the lock; `Ok(None)` when the workspace has none.
    pub fn load(
        tree: crate::source::Tree<'_>,
        sources: &crate::diag::SourceMap,
    ) -> Result<Option<Lock>, Diagnostic> {
        let Some(src): Option<SourceText> = tree.read_optional(Path::new(LOCK_FILE), sources)?
        else {
            return Ok(None);
        };
        let lock = Lock::parse(&src)?;
        // The records are copied out, and no finding quotes the lock's
        // lines: its text (22 MB at 1,000 policies) need not stay.
        sources.forget(&src.path);
        Ok(Some(lock))
    }

    /// Parses a lock's text (either format). The file `review` writes is
    /// read line by line ([`parse_written`]); anything else, or any line
    /// that reader does not expect, goes through the TOML parser (which
    /// also gives the diagnostics). At 1,000 policies the lock is 20 MB,
    /// and the TOML parser took 0.4 s of a check to read it.
    pub fn parse(src: &SourceText) -> Result<Lock, Diagnostic> {
        if let Some(lock) = parse_written(&src.text) {
            return Ok(lock);
        }
        let raw: RawLock = toml::from_str(&src.text).map_err(|e| {
            toml_error(src, &e)
                .hint("the lock is written by `policyc review`; restore it from version control")
        })?;
        if raw.version != 1 && raw.version != VERSION {
            return Err(Diagnostic::new(
                Code::InvalidLock,
                format!("unsupported lock version {}", raw.version),
            )
            .in_file(LOCK_FILE)
            .hint("this policyc reads versions 1 and 2"));
        }
        let translations = raw
            .translations
            .into_iter()
            .map(|(p, locales)| {
                let locales = locales
                    .into_iter()
                    .map(|(l, keys)| {
                        let keys = keys
                            .into_iter()
                            .map(|(k, r)| {
                                let r = match r {
                                    RawRecord::Hash(h) => Record {
                                        reference: h,
                                        ..Default::default()
                                    },
                                    RawRecord::Record(r) => r,
                                };
                                (k, r)
                            })
                            .collect();
                        (l, keys)
                    })
                    .collect();
                (p, locales)
            })
            .collect();
        Ok(Lock {
            version: raw.version,
            translations,
            texts: raw.texts,
        })
    }

    /// The sign-off record of a translation.
    pub fn get(&self, policy: &str, locale: &str, key: &str) -> Option<&Record> {
        self.table(policy, locale)?.get(key)
    }

    /// The sign-off records of a policy (or [`SHARED`]) in a locale.
    pub fn table(&self, policy: &str, locale: &str) -> Option<&Table> {
        self.translations.get(policy)?.get(locale)
    }

    /// Whether a record was made from `reference` (the current reference
    /// text), by the hash of the record's format.
    pub fn reference_matches(&self, record: &Record, current_hash: &str, reference: &str) -> bool {
        if self.version < VERSION {
            record.reference == legacy_hash(reference)
        } else {
            record.reference == current_hash
        }
    }

    /// Records a sign-off of `translation`, made from `reference`.
    pub fn record(
        &mut self,
        (policy, locale, key): (&str, &str, &str),
        reference: &str,
        translation: &str,
        by: &str,
        date: &str,
    ) {
        let hash = text_hash(reference);
        self.texts
            .entry(hash.clone())
            .or_insert_with(|| normalize(reference));
        self.translations
            .entry(policy.to_string())
            .or_default()
            .entry(locale.to_string())
            .or_default()
            .insert(
                key.into(),
                Record {
                    reference: hash.into(),
                    translation: Some(text_hash(translation).into()),
                    by: Some(by.into()),
                    date: Some(date.into()),
                },
            );
    }

    /// Brings a format-1 lock to format 2. `reference` gives the current
    /// reference text of a policy's message. A record made from the current
    /// text gets that text's new hash; a stale one, the new hash of the old
    /// text it kept (or its old hash, which matches nothing, when the lock
    /// lost the text). Reviewers stay unknown.
    pub fn migrate<'a>(&mut self, reference: impl Fn(&str, &str) -> Option<&'a str>) {
        if self.version >= VERSION {
            return;
        }
        let mut texts = BTreeMap::new();
        for (policy, locales) in &mut self.translations {
            for keys in locales.values_mut() {
                for (key, r) in keys.iter_mut() {
                    let current = reference(policy, key);
                    let text = match current {
                        Some(t) if legacy_hash(t) == r.reference => Some(normalize(t)),
                        _ => self.texts.get(r.reference.as_str()).cloned(),
                    };
                    let Some(text) = text else {
                        continue;
                    };
                    let hash = match current {
                        Some(t) if legacy_hash(t) == r.reference => text_hash(t),
                        _ => text_hash(&text),
                    };
                    texts.insert(hash.clone(), text);
                    r.reference = hash.into();
                }
            }
        }
        self.texts = texts;
        self.version = VERSION;
    }

    /// Drops texts no record refers to any more.
    pub fn prune(&mut self) {
        let used: std::collections::HashSet<&str> = self
            .translations
            .values()
            .flat_map(|l| l.values())
            .flat_map(|m| m.values())
            .map(|r| r.reference.as_str())
            .collect();
        self.texts.retain(|h, _| used.contains(h.as_str()));
    }

    /// Serializes the lock: sorted, one line per record.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(
            "# policyc.lock: who approved which translation of which reference text.\n\
             # Written by `policyc review`; commit it. Do not edit by hand.\n",
        );
        let _ = writeln!(out, "version = {}", self.version);
        for (policy, locales) in &self.translations {
            for (locale, keys) in locales {
                if keys.is_empty() {
                    continue;
                }
                let _ = writeln!(out, "\n[translations.{}.{}]", key(policy), key(locale));
                for (k, r) in keys {
                    if self.version < VERSION {
                        let _ = writeln!(out, "{} = {}", key(k), string(&r.reference));
                        continue;
                    }
                    let _ = write!(out, "{} = {{ reference = {}", key(k), string(&r.reference));
                    if let Some(t) = &r.translation {
                        let _ = write!(out, ", translation = {}", string(t));
                    }
                    if let Some(b) = &r.by {
                        let _ = write!(out, ", by = {}", string(b));
                    }
                    if let Some(d) = &r.date {
                        let _ = write!(out, ", date = {}", string(d));
                    }
                    out.push_str(" }\n");
                }
            }
        }
        if !self.texts.is_empty() {
            out.push_str("\n[texts]\n");
            for (h, t) in &self.texts {
                let _ = writeln!(out, "{} = {}", key(h), string(t));
            }
        }
        out
    }

    /// Writes the lock atomically (temporary file + rename).
    pub fn save(&self, root: &Path) -> std::io::Result<()> {
        let path = root.join(LOCK_FILE);
        let tmp = root.join(format!(".{LOCK_FILE}.tmp-{}", std::process::id()));
        std::fs::write(&tmp, self.to_toml())?;
        std::fs::rename(&tmp, &path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

/// Reads the lock as [`Lock::to_toml`] writes it: comments, `version`,
/// `[translations.P.L]` tables of one-line records (or of bare hashes, in
/// format 1) and `[texts]`. `None` for anything else (keys or strings
/// with escapes, a duplicate key, a line of another shape): the TOML
/// parser reads those.
fn parse_written(text: &str) -> Option<Lock> {
    /// A bare key or a quoted one without escapes, and the rest of the line.
    fn key(s: &str) -> Option<(&str, &str)> {
        if let Some(rest) = s.strip_prefix('"') {
            let end = rest.find('"')?;
            let k = &rest[..end];
            (!k.contains('\\')).then_some((k, &rest[end + 1..]))
        } else {
            let end = s
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(s.len());
            (end > 0).then_some((&s[..end], &s[end..]))
        }
    }
    /// A basic string on one line (TOML's escapes), and the rest: the
    /// line's own text when it has no escape (hashes, dates and names
    /// have none), else one allocation.
    fn string(s: &str) -> Option<(Cow<'_, str>, &str)> {
        let rest = s.strip_prefix('"')?;
        let end = rest.find(|c: char| c == '"' || c == '\\' || (c.is_control() && c != '\t'))?;
        match rest.as_bytes()[end] {
            b'"' => return Some((Cow::Borrowed(&rest[..end]), &rest[end + 1..])),
            b'\\' => {}
            _ => return None,
        }
        // The string is no longer than the rest of the line.
        let mut out = String::with_capacity(rest.len());
        let mut chars = rest.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return Some((Cow::Owned(out), &rest[i + 1..])),
                '\\' => {
                    let (_, e) = chars.next()?;
                    match e {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'u' | 'U' => {
                            let n = if e == 'u' { 4 } else { 8 };
                            let start = i + 2;
                            let hex = rest.get(start..start + n)?;
                            out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                            for _ in 0..n {
                                chars.next();
                            }
                        }
                        _ => return None,
                    }
                }
                c if c.is_control() && c != '\t' => return None,
                c => out.push(c),
            }
        }
        None
    }
    let mut lock = Lock {
        version: 0,
        translations: Records::new(),
        texts: BTreeMap::new(),
    };
    enum Table<'a> {
        Top,
        Translations(&'a str, &'a str),
        Texts,
    }
    let mut table = Table::Top;
    let mut seen_tables = std::collections::HashSet::new();
    // The rows of the table being read, in the file's order, which is
    // sorted: a map is built from them at once, not a row at a time.
    let mut records: Vec<(SmolStr, Record)> = Vec::new();
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut last_by: Option<SmolStr> = None;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            let header = header.strip_suffix(']')?;
            if let Table::Translations(p, l) = table {
                add_table(&mut lock.translations, (p, l), &mut records)?;
            }
            if header == "texts" {
                table = Table::Texts;
            } else {
                let rest = header.strip_prefix("translations.")?;
                let (p, rest) = key(rest)?;
                let (l, rest) = key(rest.strip_prefix('.')?)?;
                if !rest.is_empty() {
                    return None;
                }
                table = Table::Translations(p, l);
            }
            if !seen_tables.insert(header) {
                return None;
            }
            continue;
        }
        let (k, rest) = key(line)?;
        let rest = rest.strip_prefix(" = ")?;
        match table {
            Table::Top => {
                if k != "version" || lock.version != 0 {
                    return None;
                }
                lock.version = rest.parse().ok()?;
            }
            Table::Texts => {
                let (v, tail) = string(rest)?;
                if !tail.is_empty() || texts.last().is_some_and(|(last, _)| last.as_str() >= k) {
                    return None;
                }
                texts.push((k.into(), v.into_owned()));
            }
            Table::Translations(..) => {
                let record = if rest.starts_with('"') {
                    let (h, tail) = string(rest)?;
                    if !tail.is_empty() {
                        return None;
                    }
                    Record {
                        reference: SmolStr::new(h),
                        ..Default::default()
                    }
                } else {
                    let mut body = rest.strip_prefix("{ ")?.strip_suffix(" }")?;
                    let mut r = Record::default();
                    let mut first = true;
                    while !body.is_empty() {
                        if !first {
                            body = body.strip_prefix(", ")?;
                        }
                        first = false;
                        let (name, after) = key(body)?;
                        let (v, after) = string(after.strip_prefix(" = ")?)?;
                        let (slot, value) = match name {
                            "reference" if r.reference.is_empty() => {
                                r.reference = SmolStr::new(&v);
                                body = after;
                                continue;
                            }
                            "translation" => (&mut r.translation, SmolStr::new(&v)),
                            // One reviewer signs many records off: their
                            // name is stored once, not once per record.
                            "by" => {
                                let by = match &last_by {
                                    Some(b) if *b == *v => b.clone(),
                                    _ => SmolStr::new(&v),
                                };
                                last_by = Some(by.clone());
                                (&mut r.by, by)
                            }
                            "date" => (&mut r.date, SmolStr::new(&v)),
                            _ => return None,
                        };
                        if slot.replace(value).is_some() {
                            return None;
                        }
                        body = after;
                    }
                    if r.reference.is_empty() {
                        return None;
                    }
                    r
                };
                if records.last().is_some_and(|(last, _)| last.as_str() >= k) {
                    return None;
                }
                records.push((k.into(), record));
            }
        }
    }
    if let Table::Translations(p, l) = table {
        add_table(&mut lock.translations, (p, l), &mut records)?;
    }
    lock.texts = texts.into_iter().collect();
    match lock.version {
        0 | 1 => lock.version = 1,
        VERSION => {}
        _ => return None,
    }
    Some(lock)
}

/// Adds the rows of one `[translations.P.L]` table, sorted and without
/// duplicates ([`parse_written`] checks), as a map built in one pass.
/// `None` when the table was already filled (under another spelling of
/// its header): the TOML parser decides about that file.
fn add_table(
    translations: &mut Records,
    (policy, locale): (&str, &str),
    records: &mut Vec<(SmolStr, Record)>,
) -> Option<()> {
    if records.is_empty() {
        return Some(());
    }
    let locales = translations.entry(policy.to_string()).or_default();
    if locales.contains_key(locale) {
        return None;
    }
    locales.insert(
        locale.to_string(),
        std::mem::take(records).into_iter().collect(),
    );
    Some(())
}

/// A TOML key: bare when it can be, else a basic string.
fn key(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        s.to_string()
    } else {
        string(s)
    }
}

/// A TOML basic string on one line: quotes, backslashes and every
/// control character escaped.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Lock {
        let src = SourceText {
            path: LOCK_FILE.into(),
            text: std::sync::Arc::new(text.to_string()),
        };
        Lock::parse(&src).unwrap()
    }

    #[test]
    fn rewrapping_keeps_the_hash_and_rewording_changes_it() {
        assert_eq!(text_hash("a  b\n   c"), text_hash("a b c"));
        assert_ne!(text_hash("a b c"), text_hash("a b d"));
    }

    #[test]
    fn placeable_spacing_is_no_change() {
        assert_eq!(
            text_hash("Hello {$company}!"),
            text_hash("Hello { $company }!")
        );
        assert_eq!(
            text_hash("{ NUMBER($n, minimumFractionDigits: 2) } kr"),
            text_hash("{NUMBER($n,minimumFractionDigits:2)} kr")
        );
        assert_eq!(
            text_hash("{ $n ->\n    [one] one day\n   *[other] { $n } days\n}"),
            text_hash("{$n ->\n [one] one\n   day\n *[other] {$n} days\n }")
        );
        assert_eq!(text_hash("a {\"{\"} b"), text_hash("a { \"{\" }   b"));
        assert_eq!(
            text_hash("{ SECTION(\"legal-basis\") } and { -brand }"),
            text_hash("{SECTION( \"legal-basis\" )} and {-brand}")
        );
        assert_ne!(text_hash("{ \"a b\" }"), text_hash("{ \"ab\" }"));
        assert_eq!(
            text_hash("{ $n ->\n    [one] one\n   *[other] { $n } days\n}"),
            text_hash("{ $n ->\n [one]    one\n *[other]\n    {$n}\n    days\n    }")
        );
        assert_ne!(
            text_hash("{ $n ->\n    [one] one\n   *[other] many\n}"),
            text_hash("{ $n ->\n    [one] one\n   *[many] many\n}")
        );
        assert_ne!(text_hash("a {\"x\"} b"), text_hash("a {\"y\"} b"));
        assert_ne!(text_hash("Hello {$company}"), text_hash("Hello {$name}"));
    }

    #[test]
    fn text_moved_into_every_variant_is_no_change() {
        // What `moz-l10n fix` writes: the select hoisted to the top, the
        // text around it repeated in each variant.
        let written = "Kept for { $n ->\n    [one] { $n } month\n   *[other] { $n } months\n} after\n    your last visit.";
        let hoisted = "\n    { $n ->\n        [one] Kept for { $n } month after your last visit.\n       *[other] Kept for { $n } months after your last visit.\n    }";
        assert_eq!(text_hash(written), text_hash(hoisted.trim()));
        // Two selects, hoisted into nested ones.
        assert_eq!(
            text_hash("{ $a ->\n [x] A\n *[y] B\n} and { $b ->\n [p] P\n *[q] Q\n}"),
            text_hash("{ $a ->\n [x] { $b ->\n   [p] A and P\n  *[q] A and Q\n  }\n *[y] { $b ->\n   [p] B and P\n  *[q] B and Q\n  }\n}")
        );
        // A word changed in one variant, a key, the default or the selector
        // is a change.
        let other = hoisted.replace("months after", "months before");
        assert_ne!(text_hash(written), text_hash(other.trim()));
        assert_ne!(
            text_hash(written),
            text_hash(&written.replace("[one]", "[few]"))
        );
        assert_ne!(
            text_hash(written),
            text_hash(
                &written
                    .replace("    [one]", "   *[one]")
                    .replace("*[other]", " [other]")
            )
        );
        assert_ne!(
            text_hash(written),
            text_hash(&written.replace("{ $n ->", "{ $m ->"))
        );
        // Text with an arrow but no select is hashed as text.
        assert_eq!(canonical("a -> b"), "a -> b");
    }

    #[test]
    fn a_pattern_with_too_many_variant_paths_is_hashed_as_written() {
        let select = "{ $n ->\n [a] a\n [b] b\n [c] c\n *[d] d\n}";
        // 4^5 = 1,024 paths: past the cap.
        let many = [select; 5].join(" ");
        assert_eq!(canonical(&many), canonical_text(&many));
        let few = [select; 3].join(" ");
        assert_eq!(canonical(&few).lines().count(), 64);
    }

    #[test]
    fn a_text_is_taken_as_it_is_exactly_when_collapsing_keeps_it() {
        let samples = [
            "",
            "a",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\nb",
            "a\n\nb",
            "a\n\n\nb",
            "a \n\nb",
            "a\tb",
            "a\u{a0}b",
            "a\r\n\r\nb",
            "æ ø\n\nå",
            "\n\n",
            " ",
        ];
        for s in samples {
            assert_eq!(is_collapsed(s), collapse_runs(s) == s, "{s:?}");
            assert_eq!(collapse(s), collapse_runs(s), "{s:?}");
        }
    }

    #[test]
    fn a_paragraph_break_is_a_change() {
        assert_ne!(text_hash("a\n\n    b"), text_hash("a b"));
        assert_eq!(text_hash("a\n\n    b"), text_hash("a\n   \n\n b"));
    }

    #[test]
    fn round_trips_through_toml() {
        let mut l = Lock::new();
        l.record(
            ("privacy", "da", "company.about"),
            "We are {$company}.",
            "Vi er { $company }.",
            "Ann \"A\" <ann@example.test>",
            "2025-01-02",
        );
        let back = parse(&l.to_toml());
        assert_eq!(back, l);
        let r = back.get("privacy", "da", "company.about").unwrap();
        assert_eq!(r.reference, text_hash("We are { $company }."));
        assert_eq!(
            r.translation.as_deref(),
            Some(text_hash("Vi er {$company}.").as_str())
        );
    }

    #[test]
    fn the_line_reader_reads_what_the_toml_parser_reads() {
        let mut l = Lock::new();
        for (i, key) in ["a", "b.c", "d-e_f"].iter().enumerate() {
            l.record(
                ("p", if i == 1 { "nb" } else { "da" }, key),
                &format!("Reference {i} {{ $x }}"),
                &format!("Oversat {i}"),
                "Ann <ann@example.test>",
                "2025-01-02",
            );
        }
        l.translations
            .entry("q".into())
            .or_default()
            .entry("sv".into())
            .or_default()
            .insert(
                "old".into(),
                Record {
                    reference: "0011".into(),
                    ..Default::default()
                },
            );
        let text = l.to_toml();
        let fast = parse_written(&text).expect("the written form");
        let raw: RawLock = toml::from_str(&text).unwrap();
        assert_eq!(fast, l);
        assert_eq!(fast.texts, raw.texts);
        assert_eq!(parse(&text), l);
        // Escapes read as TOML reads them.
        let escaped = text.replace("Ann <ann", "Ann \\\"A\\\" \\u00e9\\\\ <ann");
        let fast = parse_written(&escaped).unwrap();
        let by = fast.get("p", "da", "a").unwrap().by.clone();
        assert_eq!(by.as_deref(), Some("Ann \"A\" é\\ <ann@example.test>"));
        let raw: RawLock = toml::from_str(&escaped).unwrap();
        let RawRecord::Record(r) = &raw.translations["p"]["da"]["a"] else {
            panic!("a record")
        };
        assert_eq!(r.by, by);
        // A duplicate key or another layout: the TOML parser.
        let dup = format!("{text}\n[texts]\n");
        assert!(parse_written(&dup).is_none());
        assert!(parse_written(
            "version = 2\n[translations.p.da]\na = { reference = \"x\", extra = \"y\" }\n"
        )
        .is_none());
        assert!(
            parse_written("version = 2\n[translations.p.da]\na={ reference = \"x\" }\n").is_none()
        );
        assert_eq!(
            parse_written("[translations.p.da]\na = \"h\"\n")
                .unwrap()
                .version,
            1
        );
        // Rows out of order (a hand edit), repeated, or a table under a
        // second spelling of its header: the TOML parser, which reads the
        // first as the same lock and refuses the others.
        let head = "version = 2\n[translations.p.da]\n";
        let (a, b) = ("a = { reference = \"1\" }\n", "b = { reference = \"2\" }\n");
        let sorted = parse_written(&format!("{head}{a}{b}")).unwrap();
        assert!(parse_written(&format!("{head}{b}{a}")).is_none());
        assert_eq!(parse(&format!("{head}{b}{a}")), sorted);
        let twice = format!("{head}{a}{a}");
        assert!(parse_written(&twice).is_none());
        let src = SourceText {
            path: LOCK_FILE.into(),
            text: std::sync::Arc::new(twice),
        };
        assert!(Lock::parse(&src).is_err());
        let respelled = format!("{head}{a}[translations.\"p\".da]\n{b}");
        assert!(parse_written(&respelled).is_none());
        assert!(parse_written(&format!("{head}a = {{ reference = \"1\u{7}\" }}\n")).is_none());
    }

    #[test]
    fn shared_records_are_a_table_of_their_own_that_toml_reads() {
        let mut l = Lock::new();
        let by = "Ann <ann@example.test>";
        l.record(
            (SHARED, "da", "-brand"),
            "Nordvik",
            "Nordvik",
            by,
            "2025-01-02",
        );
        l.record(
            (SHARED, "da", "page-of"),
            "Page { $page } of { $pages }",
            "Side {$page} af {$pages}",
            by,
            "2025-01-02",
        );
        l.record(("privacy", "da", "company"), "We", "Vi", by, "2025-01-02");
        let text = l.to_toml();
        assert!(
            text.contains("\n[translations._shared.da]\n-brand = { reference = \""),
            "{text}"
        );
        let raw: RawLock = toml::from_str(&text).unwrap();
        assert!(raw.translations[SHARED]["da"].contains_key("-brand"));
        assert_eq!(parse_written(&text).unwrap(), l);
        assert_eq!(parse(&text), l);
        assert!(l.get("privacy", "da", "-brand").is_none());
        assert!(l.get(SHARED, "da", "company").is_none());
    }

    #[test]
    fn a_format_1_lock_reads_as_reviewer_unknown_and_migrates() {
        let old = format!(
            "version = 1\n[translations.p.da]\na = \"{}\"\nb = \"{}\"\n[texts]\n\"{}\" = \"Old text\"\n",
            legacy_hash("Current  text { $x }"),
            legacy_hash("Old text"),
            legacy_hash("Old text"),
        );
        let mut l = parse(&old);
        let a = l.get("p", "da", "a").unwrap().clone();
        assert_eq!((a.by.as_deref(), a.translation.as_deref()), (None, None));
        assert!(l.reference_matches(&a, "", "Current\n    text { $x }"));
        l.migrate(|_, k| match k {
            "a" => Some("Current text { $x }"),
            _ => Some("New text"),
        });
        assert_eq!(l.version, 2);
        let a = l.get("p", "da", "a").unwrap();
        assert_eq!(a.reference, text_hash("Current text {$x}"));
        let b = l.get("p", "da", "b").unwrap();
        assert_eq!(b.reference, text_hash("Old text"));
        assert_eq!(l.texts.get(b.reference.as_str()).unwrap(), "Old text");
        // No version at all is format 1 too.
        assert_eq!(parse("[translations.p.da]\na = \"x\"\n").version, 1);
    }
}
