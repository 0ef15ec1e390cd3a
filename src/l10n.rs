//! Fluent: loading and indexing `.ftl` files, building one bundle per
//! policy and locale, and formatting messages with facts as variables.
//!
//! Parsing is recoverable (`FluentResource::try_new` returns the resource
//! and its errors), so a file with one broken message still yields every
//! other message and every syntax error at once. The AST borrows from the
//! file's text, which gives every identifier and reference an exact byte
//! span for diagnostics.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use fluent_syntax::ast;
use indexmap::IndexMap;
use unic_langid::LanguageIdentifier;

use crate::diag::Diagnostic;
use crate::markup::escape_markdown_text;
use crate::policy::{Date, FactValue};
use crate::source::SourceText;

/// The bundle type: thread-safe, so documents can be resolved in parallel.
pub type Bundle = fluent_bundle::bundle::FluentBundle<
    Arc<FluentResource>,
    intl_memoizer::concurrent::IntlLangMemoizer,
>;

/// What a placeable refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefKind {
    Variable,
    Message,
    Term,
    Function,
}

/// A reference inside a pattern, with its span in the file.
#[derive(Clone, Debug)]
pub struct Reference {
    pub kind: RefKind,
    pub id: Box<str>,
    pub span: Range<usize>,
    /// For `SECTION("id")`: the first string argument and its span.
    pub first_string_arg: Option<(Box<str>, Range<usize>)>,
}

/// One message value or attribute: where it is and what it references.
#[derive(Clone, Debug, Default)]
pub struct PatternInfo {
    /// Span of the identifier (`company` or `.about`).
    pub id_span: Range<usize>,
    /// Span from the identifier to the end of the pattern.
    pub def_span: Range<usize>,
    pub refs: Vec<Reference>,
}

/// The message index's map: file order, and a fast (randomly seeded)
/// hash, as it is built for every file and looked up for every text.
pub type Map<V> = IndexMap<String, V, foldhash::fast::RandomState>;

fn map_with_capacity<V>(n: usize) -> Map<V> {
    IndexMap::with_capacity_and_hasher(n, foldhash::fast::RandomState::default())
}

/// A message's attributes in file order. Most messages have a handful,
/// found fastest by a linear scan; past [`Attributes::LINEAR`] a sorted
/// index keeps lookups logarithmic.
#[derive(Clone, Debug, Default)]
pub struct Attributes {
    entries: Vec<(Box<str>, PatternInfo)>,
    /// Entry positions sorted by name (only past `LINEAR` entries).
    sorted: Vec<u32>,
}

type AttributeIter<'a> = std::iter::Map<
    std::slice::Iter<'a, (Box<str>, PatternInfo)>,
    fn(&'a (Box<str>, PatternInfo)) -> (&'a str, &'a PatternInfo),
>;

impl Attributes {
    const LINEAR: usize = 12;

    fn with_capacity(n: usize) -> Attributes {
        Attributes {
            entries: Vec::with_capacity(n),
            sorted: Vec::new(),
        }
    }

    fn position(&self, name: &str) -> Option<usize> {
        if self.sorted.is_empty() {
            self.entries.iter().position(|(k, _)| &**k == name)
        } else {
            self.sorted
                .binary_search_by(|&i| (*self.entries[i as usize].0).cmp(name))
                .ok()
                .map(|j| self.sorted[j] as usize)
        }
    }

    /// Adds an attribute, or replaces the value of one already there (in
    /// its first position). Returns whether it was already there.
    fn insert(&mut self, name: &str, pattern: PatternInfo) -> bool {
        if let Some(i) = self.position(name) {
            self.entries[i].1 = pattern;
            return true;
        }
        self.entries.push((name.into(), pattern));
        let n = self.entries.len();
        if n > Self::LINEAR {
            if self.sorted.is_empty() {
                self.sorted = (0..n as u32).collect();
                let entries = &self.entries;
                self.sorted
                    .sort_by(|&a, &b| entries[a as usize].0.cmp(&entries[b as usize].0));
            } else {
                let at = self
                    .sorted
                    .partition_point(|&i| *self.entries[i as usize].0 < *name);
                self.sorted.insert(at, (n - 1) as u32);
            }
        }
        false
    }

    pub fn get(&self, name: &str) -> Option<&PatternInfo> {
        self.position(name).map(|i| &self.entries[i].1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> AttributeIter<'_> {
        self.entries.iter().map(|(k, v)| (&**k, v))
    }

    pub fn values(&self) -> impl Iterator<Item = &PatternInfo> {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl<'a> IntoIterator for &'a Attributes {
    type Item = (&'a str, &'a PatternInfo);
    type IntoIter = AttributeIter<'a>;
    fn into_iter(self) -> AttributeIter<'a> {
        self.iter()
    }
}

/// One message (or term) of a file.
#[derive(Clone, Debug, Default)]
pub struct MessageInfo {
    pub id_span: Range<usize>,
    pub value: Option<PatternInfo>,
    pub attributes: Attributes,
}

/// An `.ftl` file: its text, and the index of its messages, built from
/// the file's first parse.
///
/// A policy's file is parsed where its pages are made ([`FtlFile::resource`]
/// for the bundle), and that one parse also builds the index; nothing
/// parses it at load time. Its syntax tree is not kept: it is several
/// times the size of the text, and a workspace holds thousands of files.
/// A file every page uses (`_shared.ftl`) is parsed at load and kept.
pub struct FtlFile {
    pub path: PathBuf,
    /// The file's text (shared with the [`crate::diag::SourceMap`]).
    pub text: Arc<String>,
    /// The parsed file, when kept (see [`parse_ftl`]).
    kept: Option<Arc<FluentResource>>,
    index: OnceLock<FtlIndex>,
}

/// The messages and terms of a file, and the problems its parse found.
pub struct FtlIndex {
    pub messages: Map<MessageInfo>,
    pub terms: Map<MessageInfo>,
    /// Syntax errors and duplicate definitions.
    pub diags: Vec<Diagnostic>,
}

impl FtlFile {
    /// A file read but not parsed yet.
    pub fn unparsed(src: &SourceText) -> FtlFile {
        FtlFile {
            path: src.path.clone(),
            text: Arc::clone(&src.text),
            kept: None,
            index: OnceLock::new(),
        }
    }

    /// The same file with an index of its own, not parsed yet. The work on
    /// one policy uses these (see [`crate::workspace::PolicyFiles`]) so
    /// that its indexes are freed with it instead of staying in the
    /// workspace.
    pub fn detached(&self) -> FtlFile {
        FtlFile {
            path: self.path.clone(),
            text: Arc::clone(&self.text),
            kept: self.kept.clone(),
            index: OnceLock::new(),
        }
    }

    /// The index, from the file's first parse (parsing it now if nothing
    /// has yet).
    pub fn index(&self) -> &FtlIndex {
        self.index
            .get_or_init(|| index_of(&self.path, &parse_resource(&self.path, &self.text)))
    }

    /// Whether the index has been built (and is held by this file).
    pub fn is_indexed(&self) -> bool {
        self.index.get().is_some()
    }

    pub fn messages(&self) -> &Map<MessageInfo> {
        &self.index().messages
    }

    pub fn terms(&self) -> &Map<MessageInfo> {
        &self.index().terms
    }

    /// The syntax errors and duplicate definitions of the file.
    pub fn problems(&self) -> &[Diagnostic] {
        &self.index().diags
    }

    /// The file parsed for a bundle: the kept parse, or a new one (which
    /// builds the index too, the first time).
    pub fn resource(&self) -> Arc<FluentResource> {
        if let Some(r) = &self.kept {
            return Arc::clone(r);
        }
        let parsed = parse_resource(&self.path, &self.text);
        if self.index.get().is_none() {
            // Another thread may have built it meanwhile: same result.
            let _ = self.index.set(index_of(&self.path, &parsed));
        }
        Arc::new(parsed.0)
    }

    /// A message's value (or one of its attributes), if the file defines it.
    pub fn pattern(&self, message: &str, attribute: Option<&str>) -> Option<&PatternInfo> {
        let m = self.messages().get(message)?;
        match attribute {
            Some(a) => m.attributes.get(a),
            None => m.value.as_ref(),
        }
    }

    /// The source text of a message or attribute definition, for hints.
    pub fn definition_text(&self, message: &str, attribute: Option<&str>) -> Option<&str> {
        let p = self.pattern(message, attribute)?;
        self.text.get(p.def_span.clone())
    }

    /// The span of a message or attribute identifier.
    pub fn span_of(&self, message: &str, attribute: Option<&str>) -> Option<Range<usize>> {
        let m = self.messages().get(message)?;
        match attribute {
            Some(a) => m.attributes.get(a).map(|p| p.id_span.clone()),
            None => Some(m.id_span.clone()),
        }
    }
}

fn offset_in(src: &str, s: &str) -> usize {
    let start = src.as_ptr() as usize;
    let p = s.as_ptr() as usize;
    if p >= start && p <= start + src.len() {
        p - start
    } else {
        0
    }
}

fn span_in(src: &str, s: &str) -> Range<usize> {
    let o = offset_in(src, s);
    o..o + s.len()
}

/// Parses an FTL file now, returning the file (with every valid entry) and
/// one diagnostic per syntax error or duplicate message. With `keep`, the
/// parsed file is kept for [`FtlFile::resource`] (worth it for a file
/// every page uses, like `_shared.ftl`).
pub fn parse_ftl(src: &SourceText, keep: bool) -> (FtlFile, Vec<Diagnostic>) {
    let parsed = parse_resource(&src.path, &src.text);
    let index = index_of(&src.path, &parsed);
    let resource = parsed.0;
    let diags = index.diags.clone();
    (
        FtlFile {
            path: src.path.clone(),
            text: Arc::clone(&src.text),
            kept: keep.then(|| Arc::new(resource)),
            index: OnceLock::from(index),
        },
        diags,
    )
}

/// A parse: the resource, the parser's errors, and the entries left out
/// because they nest too deep (see [`MAX_FTL_NESTING`]).
type Parsed = (
    FluentResource,
    Vec<fluent_syntax::parser::ParserError>,
    Vec<Diagnostic>,
);

/// Parses FTL text, recovering from errors: every valid entry is kept.
/// Entries that nest deeper than [`MAX_FTL_NESTING`] are blanked out (as
/// comment lines of the same length, so every offset stays) before the
/// parser, which recurses, could overflow the stack on them.
fn parse_resource(path: &Path, text: &str) -> Parsed {
    if let Some(at) = past_entry_limit(text) {
        let d = Diagnostic::input(
            "too-large",
            format!("the file has more than {MAX_FTL_ENTRIES} messages and terms"),
        )
        .at(path, Some(at..at + 1))
        .hint("a policy's file has one message per section; policyc does not read a file this large (each message costs about a kilobyte of memory while it is checked)");
        let empty = FluentResource::try_new(String::new()).unwrap_or_else(|(r, _)| r);
        return (empty, Vec::new(), vec![d]);
    }
    let deep = too_deep_entries(text);
    let mut owned = text.to_string();
    let mut diags = Vec::new();
    for (entry, at) in &deep {
        blank_out(&mut owned, entry.clone());
        diags.push(
            Diagnostic::error(
                "too-deep",
                format!("placeables and calls are nested more than {MAX_FTL_NESTING} deep"),
            )
            .at(path, Some(*at..*at + 1))
            .hint("flatten the message (a select inside a select inside a select is already hard to translate); policyc leaves this entry out"),
        );
    }
    match FluentResource::try_new(owned) {
        Ok(r) => (r, Vec::new(), diags),
        Err((r, errors)) => (r, errors, diags),
    }
}

/// The most messages and terms one FTL file may have. Parsed, indexed and
/// put in a bundle, each costs about a kilobyte whatever its length, so a
/// file of short messages (`a1=x`) within the byte limit could need
/// gigabytes; real files have hundreds.
pub const MAX_FTL_ENTRIES: usize = 100_000;

/// Where the entry past [`MAX_FTL_ENTRIES`] starts, if the file has that
/// many lines that start an entry (a letter or `-` at the start of a line;
/// a few such lines may be broken entries, which does not matter at this
/// scale). One memchr pass over the text.
fn past_entry_limit(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    if b.len() < MAX_FTL_ENTRIES * 4 {
        // Every entry takes at least `a=x` and a line break.
        return None;
    }
    let starts = |i: usize| {
        b.get(i)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'-')
    };
    let mut n = usize::from(starts(0));
    for nl in memchr::memchr_iter(b'\n', b) {
        if starts(nl + 1) {
            n += 1;
            if n > MAX_FTL_ENTRIES {
                return Some(nl + 1);
            }
        }
    }
    None
}

/// The deepest nesting of placeables (`{`) and call arguments (`(`) an FTL
/// entry may have. Real messages nest two or three deep; the parser
/// recurses once per level, and a few thousand levels overflow a thread's
/// stack.
pub const MAX_FTL_NESTING: usize = 100;

/// What an open bracket of the scan is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// A placeable; `true` once inside a select variant's text.
    Placeable(bool),
    /// Call arguments.
    Call,
}

/// The entries of an FTL text that nest deeper than [`MAX_FTL_NESTING`]:
/// each entry's span (from its first line to the next entry) and where
/// the limit is crossed. A scan of the bytes, not a parse: it never counts
/// less than the parser would nest (string literals, variant keys and
/// variant text are told apart), and text outside placeables is skipped
/// at memchr speed, so it costs little next to the parse.
pub fn too_deep_entries(text: &str) -> Vec<(Range<usize>, usize)> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    // Where the last entry found too deep ended: no entry starts before it.
    let mut floor = 0;
    while i < b.len() {
        if stack.is_empty() {
            match memchr::memchr(b'{', &b[i..]) {
                Some(n) => i += n,
                None => break,
            }
        }
        let c = b[i];
        let in_text = matches!(stack.last(), Some(Open::Placeable(true)));
        match c {
            b'{' => {
                stack.push(Open::Placeable(false));
                if stack.len() > MAX_FTL_NESTING {
                    let start = entry_start(b, i, floor);
                    let end = next_entry(b, i);
                    found.push((start..end, i));
                    stack.clear();
                    floor = end;
                    i = end;
                    continue;
                }
            }
            b'}' => {
                // Closes the innermost placeable (and any call left open).
                while let Some(o) = stack.pop() {
                    if matches!(o, Open::Placeable(_)) {
                        break;
                    }
                }
            }
            b'(' if !in_text => {
                stack.push(Open::Call);
                if stack.len() > MAX_FTL_NESTING {
                    let start = entry_start(b, i, floor);
                    let end = next_entry(b, i);
                    found.push((start..end, i));
                    stack.clear();
                    floor = end;
                    i = end;
                    continue;
                }
            }
            b')' if !in_text && stack.last() == Some(&Open::Call) => {
                stack.pop();
            }
            b'"' if !in_text => {
                // A string literal: to its closing quote or the line's end.
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                if i < b.len() && b[i] == b'\n' {
                    continue;
                }
            }
            b'[' if !in_text => {
                // A variant key, then the variant's text.
                i = skip_key(b, i);
                if let Some(Open::Placeable(t)) = stack.last_mut() {
                    *t = true;
                }
                continue;
            }
            b'\n' => {
                let line = i + 1;
                if is_entry_line(&b[line..]) {
                    // The parser ends the entry here, whatever was open.
                    stack.clear();
                } else if in_text {
                    // A line starting with `[` or `*[` is the next variant.
                    let rest = &b[line..];
                    let first = rest
                        .iter()
                        .position(|&c| c != b' ' && c != b'\t' && c != b'\r');
                    if let Some(f) = first {
                        if matches!(rest[f], b'[' | b'*') {
                            i = skip_key(b, line + f);
                            continue;
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Past a variant key (`[key]` or `*[key]`) starting at `i`: after its `]`,
/// or at the end of the line when it has none.
fn skip_key(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] != b'\n' {
        i += 1;
        if b[i - 1] == b']' {
            break;
        }
    }
    i
}

/// Whether a line defines a message or term (`id =`, `-id =`): inside a
/// placeable the parser can never accept such a line, so it ends the
/// entry before it, however deep the entry was.
fn is_entry_line(line: &[u8]) -> bool {
    let line = line.strip_prefix(b"-").unwrap_or(line);
    if !line.first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let rest = line
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_')))
        .map_or(&[][..], |n| &line[n..]);
    let rest = rest
        .iter()
        .position(|&c| c != b' ')
        .map_or(&[][..], |n| &rest[n..]);
    rest.first() == Some(&b'=')
}

/// The start of the entry that contains offset `at`: the last entry line
/// at or before it (not before `floor`).
fn entry_start(b: &[u8], at: usize, floor: usize) -> usize {
    let mut line = b[..at]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |n| n + 1);
    while line > floor {
        if is_entry_line(&b[line..]) {
            return line;
        }
        line = b[..line - 1]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |n| n + 1);
    }
    floor.max(line)
}

/// The start of the next entry line after offset `at`, or the end.
fn next_entry(b: &[u8], at: usize) -> usize {
    let mut i = at;
    while let Some(n) = memchr::memchr(b'\n', &b[i..]) {
        i += n + 1;
        if is_entry_line(&b[i..]) {
            return i;
        }
    }
    b.len()
}

/// Turns a span of lines into comment lines of the same length (`#` and
/// spaces), so the parser skips them and every other offset stays.
fn blank_out(text: &mut String, span: Range<usize>) {
    let mut bytes = std::mem::take(text).into_bytes();
    let mut line_start = true;
    for c in &mut bytes[span] {
        if *c == b'\n' {
            line_start = true;
            continue;
        }
        *c = if line_start { b'#' } else { b' ' };
        line_start = false;
    }
    *text = String::from_utf8(bytes).expect("only ASCII bytes were written over whole lines");
}

/// The index of a parsed file, with one diagnostic per syntax error or
/// duplicate definition (and the entries left out for their depth).
fn index_of(path: &Path, parsed: &Parsed) -> FtlIndex {
    let (resource, errors, deep) = parsed;
    let text = resource.source();
    let mut diags: Vec<Diagnostic> = errors
        .iter()
        .map(|e| syntax_diagnostic(path, text, e))
        .collect();
    diags.extend(deep.iter().cloned());
    let mut scratch = Vec::new();
    let mut messages: Map<MessageInfo> = map_with_capacity(resource.entries().count());
    let mut terms: Map<MessageInfo> = map_with_capacity(0);
    for entry in resource.entries() {
        let (id, value, attributes, is_term) = match entry {
            ast::Entry::Message(m) => (&m.id, m.value.as_ref(), &m.attributes, false),
            ast::Entry::Term(t) => (&t.id, Some(&t.value), &t.attributes, true),
            _ => continue,
        };
        let id_span = span_in(text, id.name);
        let mut info = MessageInfo {
            id_span: id_span.clone(),
            value: value.map(|p| pattern_info(text, id_span.clone(), p, &mut scratch)),
            attributes: Attributes::with_capacity(attributes.len()),
        };
        for a in attributes {
            let a_span = span_in(text, a.id.name);
            // Include the leading `.` in the identifier span.
            let a_span = a_span.start.saturating_sub(1)..a_span.end;
            if info.attributes.insert(
                a.id.name,
                pattern_info(text, a_span.clone(), &a.value, &mut scratch),
            ) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-message",
                        format!(
                            "attribute `.{}` is defined twice in `{}`",
                            a.id.name, id.name
                        ),
                    )
                    .at(path, Some(a_span.clone()))
                    .hint("remove one of them; only the last would be used"),
                );
            }
        }
        let map = if is_term { &mut terms } else { &mut messages };
        let shown = if is_term {
            format!("-{}", id.name)
        } else {
            id.name.to_string()
        };
        if let Some(first) = map.get(id.name) {
            let (line, _) = crate::diag::line_col(text, first.id_span.start);
            diags.push(
                Diagnostic::error("duplicate-message", format!("`{shown}` is defined twice"))
                    .at(path, Some(id_span))
                    .note(format!("first defined on line {line}"))
                    .hint("remove or rename one of them"),
            );
            continue;
        }
        map.insert(id.name.to_string(), info);
    }
    FtlIndex {
        messages,
        terms,
        diags,
    }
}

fn syntax_diagnostic(
    path: &Path,
    text: &str,
    e: &fluent_syntax::parser::ParserError,
) -> Diagnostic {
    let pos = e.pos.start.min(text.len());
    let mut d = Diagnostic::error(
        "ftl-syntax",
        format!("Fluent syntax error: {}", lower_first(&e.kind.to_string())),
    )
    .at(
        path,
        Some(pos..e.pos.end.max(pos + 1).min(text.len().max(pos))),
    );
    // The continuation-line trap: an indented line starting with `[`, `*`
    // or `.` ends the value (or starts a variant / attribute).
    let region = e.slice.clone().unwrap_or(e.pos.clone());
    let region = region.start.min(text.len())..region.end.min(text.len());
    let trap = text.get(region.clone()).and_then(|s| {
        let mut offset = region.start;
        for l in s.split_inclusive('\n') {
            let t = l.trim_start();
            let indent = l.len() - t.len();
            let found = t.chars().next().filter(|c| {
                // `.name = …` is a well-formed attribute, not the trap.
                let attribute = *c == '.'
                    && t.contains('=')
                    && t[1..]
                        .split('=')
                        .next()
                        .is_some_and(|n| crate::policy::is_identifier(n.trim()));
                indent > 0 && matches!(c, '[' | '*' | '.') && !attribute
            });
            if let Some(c) = found {
                return Some((c, offset + indent));
            }
            offset += l.len();
        }
        None
    });
    if let Some((c, at)) = trap {
        d.span = Some(at..at + 1);
        d = d.hint(format!(
            "a continuation line of a multi-line value may not begin with `{c}` (Fluent reads it as a variant or attribute): \
             keep the text on one line after `=`, or start that line with {{\"{c}\"}}"
        ));
    } else {
        d = d.hint("see the Fluent syntax guide: https://projectfluent.org/fluent/guide/");
    }
    d
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `scratch` collects the references, which are then copied into a vector
/// of the exact size: the index is kept for every message of every file.
fn pattern_info(
    text: &str,
    id_span: Range<usize>,
    p: &ast::Pattern<&str>,
    scratch: &mut Vec<Reference>,
) -> PatternInfo {
    let mut end = id_span.end;
    for el in &p.elements {
        walk_element(text, el, scratch, &mut end);
    }
    let mut refs = Vec::with_capacity(scratch.len());
    refs.append(scratch);
    PatternInfo {
        def_span: id_span.start..end.max(id_span.end),
        id_span,
        refs,
    }
}

fn walk_element(
    text: &str,
    el: &ast::PatternElement<&str>,
    refs: &mut Vec<Reference>,
    end: &mut usize,
) {
    match el {
        ast::PatternElement::TextElement { value } => {
            *end = (*end).max(span_in(text, value).end);
        }
        ast::PatternElement::Placeable { expression } => {
            walk_expression(text, expression, refs, end)
        }
    }
}

fn walk_expression(
    text: &str,
    e: &ast::Expression<&str>,
    refs: &mut Vec<Reference>,
    end: &mut usize,
) {
    match e {
        ast::Expression::Inline(i) => walk_inline(text, i, refs, end),
        ast::Expression::Select { selector, variants } => {
            walk_inline(text, selector, refs, end);
            for v in variants {
                for el in &v.value.elements {
                    walk_element(text, el, refs, end);
                }
            }
            // The closing brace of a select sits after its last variant.
            if let Some(close) = text.get(*end..).and_then(|s| s.find('}')) {
                *end += close + 1;
            }
        }
    }
}

fn walk_inline(
    text: &str,
    e: &ast::InlineExpression<&str>,
    refs: &mut Vec<Reference>,
    end: &mut usize,
) {
    let mut push = |kind, id: &str, span: Range<usize>, arg| {
        refs.push(Reference {
            kind,
            id: id.into(),
            span,
            first_string_arg: arg,
        })
    };
    match e {
        ast::InlineExpression::StringLiteral { value }
        | ast::InlineExpression::NumberLiteral { value } => {
            *end = (*end).max(span_in(text, value).end + 1);
        }
        ast::InlineExpression::VariableReference { id } => {
            let s = span_in(text, id.name);
            *end = (*end).max(s.end + 2);
            push(
                RefKind::Variable,
                id.name,
                s.start.saturating_sub(1)..s.end,
                None,
            );
        }
        ast::InlineExpression::MessageReference { id, attribute } => {
            let s = span_in(text, id.name);
            let stop = attribute
                .as_ref()
                .map_or(s.end, |a| span_in(text, a.name).end);
            *end = (*end).max(stop + 2);
            push(RefKind::Message, id.name, s.start..stop, None);
        }
        ast::InlineExpression::TermReference { id, arguments, .. } => {
            let s = span_in(text, id.name);
            *end = (*end).max(s.end + 2);
            push(
                RefKind::Term,
                id.name,
                s.start.saturating_sub(1)..s.end,
                None,
            );
            if let Some(args) = arguments {
                walk_args(text, args, refs, end);
            }
        }
        ast::InlineExpression::FunctionReference { id, arguments } => {
            let s = span_in(text, id.name);
            *end = (*end).max(s.end + 2);
            let arg = arguments.positional.first().and_then(|a| match a {
                ast::InlineExpression::StringLiteral { value } => {
                    Some(((*value).into(), span_in(text, value)))
                }
                _ => None,
            });
            push(RefKind::Function, id.name, s, arg);
            walk_args(text, arguments, refs, end);
        }
        ast::InlineExpression::Placeable { expression } => {
            walk_expression(text, expression, refs, end)
        }
    }
}

fn walk_args(
    text: &str,
    args: &ast::CallArguments<&str>,
    refs: &mut Vec<Reference>,
    end: &mut usize,
) {
    for a in &args.positional {
        walk_inline(text, a, refs, end);
    }
    for n in &args.named {
        walk_inline(text, &n.value, refs, end);
    }
}

// ---------------------------------------------------------------------------
// Dates

/// How a date is written: `DATE($d, style: "short")`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateStyle {
    Long,
    Medium,
    Short,
    Iso,
}

/// Formats a date for a locale from CLDR data (ICU4X), e.g. da
/// "5. januar 2024", sv "5 januari 2024", en "January 5, 2024".
pub fn format_date(locale: &LanguageIdentifier, date: Date, style: DateStyle) -> String {
    if style == DateStyle::Iso {
        return date.iso();
    }
    cached_formatter(locale, style).format(date)
}

/// One ICU4X formatter per locale and style for the whole process:
/// building one costs far more than formatting a date with it.
fn cached_formatter(locale: &LanguageIdentifier, style: DateStyle) -> Arc<DateFormatter> {
    type Cache = Mutex<HashMap<(String, DateStyle), Arc<DateFormatter>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = (locale.to_string(), style);
    let cache = CACHE.get_or_init(Default::default);
    if let Some(f) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return f.clone();
    }
    let f = Arc::new(DateFormatter::construct(locale.clone(), style));
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(key)
        .or_insert(f)
        .clone()
}

/// A memoizable ICU4X date formatter for one locale and style.
pub struct DateFormatter {
    inner: Option<
        icu_datetime::FixedCalendarDateTimeFormatter<
            icu_calendar::Gregorian,
            icu_datetime::fieldsets::YMD,
        >,
    >,
}

impl DateFormatter {
    fn construct(lang: LanguageIdentifier, style: DateStyle) -> Self {
        use icu_datetime::fieldsets::YMD;
        let locale: Option<icu_locale_core::Locale> = lang.to_string().parse().ok();
        let fields = match style {
            DateStyle::Long | DateStyle::Iso => YMD::long(),
            DateStyle::Medium => YMD::medium(),
            DateStyle::Short => YMD::short(),
        };
        let inner = locale.and_then(|l| {
            icu_datetime::FixedCalendarDateTimeFormatter::try_new(l.into(), fields).ok()
        });
        DateFormatter { inner }
    }

    fn format(&self, date: Date) -> String {
        let Some(f) = &self.inner else {
            return date.iso();
        };
        match icu_calendar::Date::try_new_gregorian(date.year, date.month, date.day) {
            Ok(d) => f.format(&d).to_string(),
            Err(_) => date.iso(),
        }
    }
}

/// What a bundle's memoizer keeps: a handle to the process-wide formatter.
pub struct SharedDateFormatter(Arc<DateFormatter>);

impl intl_memoizer::Memoizable for SharedDateFormatter {
    type Args = (DateStyleKey,);
    type Error = std::convert::Infallible;
    fn construct(lang: LanguageIdentifier, args: Self::Args) -> Result<Self, Self::Error> {
        Ok(SharedDateFormatter(cached_formatter(&lang, args.0 .0)))
    }
}

/// Hashable wrapper so the style can be a memoizer key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateStyleKey(pub DateStyle);

/// A date as a Fluent value: formatted for the bundle's locale when placed.
#[derive(Clone, Debug, PartialEq)]
pub struct FluentDate {
    pub date: Date,
    pub style: DateStyle,
}

impl fluent_bundle::types::FluentType for FluentDate {
    fn duplicate(&self) -> Box<dyn fluent_bundle::types::FluentType + Send> {
        Box::new(self.clone())
    }

    fn as_string(&self, intls: &intl_memoizer::IntlLangMemoizer) -> Cow<'static, str> {
        let r = intls.with_try_get::<SharedDateFormatter, _, _>((DateStyleKey(self.style),), |f| {
            f.0.format(self.date)
        });
        Cow::Owned(r.unwrap_or_else(|_| self.date.iso()))
    }

    fn as_string_threadsafe(
        &self,
        intls: &intl_memoizer::concurrent::IntlLangMemoizer,
    ) -> Cow<'static, str> {
        if self.style == DateStyle::Iso {
            return Cow::Owned(self.date.iso());
        }
        let r = intls.with_try_get::<SharedDateFormatter, _, _>((DateStyleKey(self.style),), |f| {
            f.0.format(self.date)
        });
        Cow::Owned(r.unwrap_or_else(|_| self.date.iso()))
    }
}

fn parse_iso_date(s: &str) -> Option<Date> {
    let mut it = s.trim().splitn(3, '-');
    let year = it.next()?.parse().ok()?;
    let month = it.next()?.parse().ok()?;
    let day = it.next()?.parse().ok()?;
    icu_calendar::Date::try_new_gregorian(year, month, day).ok()?;
    Some(Date { year, month, day })
}

// ---------------------------------------------------------------------------
// Bundles and formatting

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
    pub problems: Mutex<Vec<String>>,
}

impl FunctionContext {
    fn problem(&self, p: String) {
        self.problems
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(p);
    }

    /// Takes the problems collected since the last call.
    pub fn take_problems(&self) -> Vec<String> {
        std::mem::take(&mut *self.problems.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

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
    let c = ctx.clone();
    let _ = bundle.add_function("SECTION", move |pos, named| {
        section_function(&c, pos, named)
    });
    let c = ctx;
    let _ = bundle.add_function("DATE", move |pos, named| date_function(&c, pos, named));
    let _ = bundle.add_function("NUMBER", fluent_bundle::builtins::NUMBER);
    (bundle, overridden)
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
        ctx.problem(format!(
            "SECTION(\"{id}\") refers to a section that does not exist (known: {})",
            known
                .into_iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        ));
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
                "SECTION(\"{id}\", show: \"number\"): the policy is not numbered"
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_from_cldr_per_locale() {
        let d = Date {
            year: 2024,
            month: 1,
            day: 5,
        };
        let f = |l: &str| format_date(&l.parse().unwrap(), d, DateStyle::Long);
        assert_eq!(f("da"), "5. januar 2024");
        assert_eq!(f("sv"), "5 januari 2024");
        assert_eq!(f("nb"), "5. januar 2024");
        assert_eq!(f("en"), "January 5, 2024");
    }

    /// Messages with few and with many attributes (past the linear scan):
    /// every attribute is found, in file order, and a duplicate is reported
    /// once with the later value kept in the first position.
    #[test]
    fn attributes_are_found_however_many_a_message_has() {
        for n in [3usize, 12, 13, 40] {
            let mut ftl = String::from("m = Title\n");
            // Names out of alphabetical order, so the sorted index matters.
            for i in (0..n).rev() {
                ftl.push_str(&format!("    .a{i:02} = Text {i}\n"));
            }
            ftl.push_str("    .a00 = Again\n");
            let src = SourceText {
                path: PathBuf::from("locales/en/p.ftl"),
                text: Arc::new(ftl.clone()),
            };
            let (file, diags) = parse_ftl(&src, false);
            let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
            assert_eq!(codes, ["duplicate-message"], "n={n}");
            let m = &file.messages()["m"];
            assert_eq!(m.attributes.len(), n);
            let names: Vec<&str> = m.attributes.iter().map(|(k, _)| k).collect();
            let expected: Vec<String> = (0..n).rev().map(|i| format!("a{i:02}")).collect();
            assert_eq!(names, expected, "n={n}");
            for i in 0..n {
                let name = format!("a{i:02}");
                let p = m
                    .attributes
                    .get(&name)
                    .unwrap_or_else(|| panic!("{name} (n={n})"));
                let shown = if i == 0 { "Again" } else { "Text" };
                assert!(
                    src.text[p.def_span.clone()].contains(shown),
                    "{name} (n={n})"
                );
            }
            assert!(m.attributes.get("a99").is_none());
            assert!(!m.attributes.contains_key("b"));
        }
    }

    fn deep(text: &str) -> Vec<(Range<usize>, usize)> {
        too_deep_entries(text)
    }

    #[test]
    fn ordinary_messages_are_never_too_deep() {
        let ftl = "a = { $n ->\n    [one] { $n } item (one)\n   *[other] { NUMBER($n, minimumFractionDigits: 1) } items \" {\n}\nb = { \"{\" } and { \"}\" } { -term(case: \"x\") }\n-term = T\n    .attr = { a }\n";
        assert!(deep(ftl).is_empty());
        // Unbalanced braces in many broken entries do not add up.
        let broken = "x = { \n".repeat(500);
        assert!(deep(&broken).is_empty());
    }

    #[test]
    fn placeables_past_the_limit_are_found_with_their_entry() {
        let n = MAX_FTL_NESTING + 1;
        let ftl = format!(
            "a = ok\ndeep = {}$x{}\n    .attr = x\nb = ok\n",
            "{".repeat(n),
            "}".repeat(n)
        );
        let found = deep(&ftl);
        assert_eq!(found.len(), 1);
        let (entry, at) = found[0].clone();
        assert_eq!(&ftl[entry.clone()], &ftl[7..ftl.find("b = ok").unwrap()]);
        assert_eq!(at, 7 + "deep = ".len() + MAX_FTL_NESTING);
        // Exactly at the limit: fine.
        let m = MAX_FTL_NESTING;
        assert!(deep(&format!("a = {}$x{}\n", "{".repeat(m), "}".repeat(m))).is_empty());
    }

    #[test]
    fn text_in_variants_cannot_hide_nesting() {
        // `)` and `"` in a variant's text are text: they neither close a
        // call nor open a string the scan would skip.
        let level = "{ $x ->\n *[a] )) \" ";
        let ftl = format!("a = {}x{}\n", level.repeat(150), "}".repeat(150));
        assert_eq!(deep(&ftl).len(), 1);
        let calls = format!("a = {{ {}1{} }}\n", "F(".repeat(150), ")".repeat(150));
        assert_eq!(deep(&calls).len(), 1);
    }

    #[test]
    fn a_deep_entry_is_left_out_and_the_others_are_parsed() {
        let n = 3000;
        let text = format!("a = A\nb = {}$x{}\nc = C\n", "{ ".repeat(n), " }".repeat(n));
        let src = crate::source::SourceText {
            path: PathBuf::from("locales/da/x.ftl"),
            text: Arc::new(text),
        };
        let (file, diags) = parse_ftl(&src, false);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, "too-deep");
        assert!(file.messages().contains_key("a"));
        assert!(file.messages().contains_key("c"));
        assert!(!file.messages().contains_key("b"));
        assert_eq!(
            file.messages()["c"].id_span.start,
            src.text.find("c = ").unwrap()
        );
    }
}
