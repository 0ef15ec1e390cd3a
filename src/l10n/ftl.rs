//! Loading `.ftl` files: the text as read, its recoverable parse (every
//! valid entry is kept beside every syntax error), the limits that keep a
//! hostile file from exhausting memory or the stack, and the file's index
//! (see [`super::index`]), built from its first parse.
//!
//! The syntax tree borrows from the file's text, which gives every
//! identifier and reference an exact byte span for diagnostics.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use fluent_bundle::FluentResource;

use super::depth::{blank_out, too_deep_entries, MAX_FTL_NESTING};
use super::index::{FtlIndex, Map, MessageInfo, PatternInfo};
use crate::diag::{Code, Diagnostic};
use crate::source::SourceText;

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

    /// Every text of the file, in file order, by its key: a message's
    /// value (`id`), each of its attributes (`id.attr`) and each term's
    /// value (`-id`). A term's attributes are the translation's own
    /// grammar (a gender, say) and no text of their own: not listed.
    /// These are the keys `policyc.lock` records `_shared.ftl` under.
    pub fn entries(&self) -> Vec<(String, &PatternInfo)> {
        let mut out = Vec::new();
        for (id, m) in self.messages() {
            if let Some(v) = &m.value {
                out.push((id.clone(), v));
            }
            for (a, p) in m.attributes.iter() {
                out.push((crate::policy::message_key(id, Some(a)), p));
            }
        }
        for (id, t) in self.terms() {
            if let Some(v) = &t.value {
                out.push((format!("-{id}"), v));
            }
        }
        out
    }

    /// The text of an [`FtlFile::entries`] key, if the file defines it.
    pub fn entry(&self, key: &str) -> Option<&PatternInfo> {
        if let Some(term) = key.strip_prefix('-') {
            return self.terms().get(term)?.value.as_ref();
        }
        match key.split_once('.') {
            Some((m, a)) => self.pattern(m, Some(a)),
            None => self.pattern(key, None),
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
        let d = Diagnostic::new(
            Code::TooLarge,
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
            Diagnostic::new(
                Code::TooDeep,
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
    FtlIndex::build(path, resource, diags)
}

fn syntax_diagnostic(
    path: &Path,
    text: &str,
    e: &fluent_syntax::parser::ParserError,
) -> Diagnostic {
    let pos = e.pos.start.min(text.len());
    let mut d = Diagnostic::new(
        Code::FtlSyntax,
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
    if let Some(id) = owning_entry(text, pos) {
        d = d.keys(vec![id.to_string()]);
    }
    if let Some((c, at)) = trap {
        d.span = Some(at..at + 1);
        let reads_as = match c {
            '[' => "a variant of a selection",
            '*' => "the default variant of a selection",
            _ => "an attribute (`.name = …`)",
        };
        d = d.hint(format!(
            "a line that continues a text may not begin with `{c}`: Fluent reads it as {reads_as}, and the text ends on the line before. \
             Join this line to the previous one, or begin it with a word. \
             To begin a line with `{c}` anyway, write {{ \"{c}\" }} in its place (Fluent prints the character between the quotes)"
        ));
    } else {
        d = d.hint("see the Fluent syntax guide: https://projectfluent.org/fluent/guide/");
    }
    d
}

/// The id of the message or term a syntax error at `pos` breaks: the
/// entry whose first line is the last line at or before `pos` that starts
/// at column 0 with a name (the lines between are its continuation lines,
/// or blank). None when a comment, or nothing, comes first.
fn owning_entry(text: &str, pos: usize) -> Option<&str> {
    let mut end = pos.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let start_of_line = text[..end].rfind('\n').map_or(0, |i| i + 1);
    let lines = text[..start_of_line].lines().rev();
    let current = text[start_of_line..].lines().next().unwrap_or_default();
    for line in std::iter::once(current).chain(lines) {
        match line.chars().next() {
            Some(c) if c.is_ascii_alphabetic() || c == '-' => {
                let name = line
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                    .next()?;
                return (!name.is_empty() && name != "-").then_some(name);
            }
            None | Some(' ' | '\t' | '\r') => continue,
            Some(_) => return None,
        }
    }
    None
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(diags[0].code, crate::diag::Code::TooDeep);
        assert!(file.messages().contains_key("a"));
        assert!(file.messages().contains_key("c"));
        assert!(!file.messages().contains_key("b"));
        assert_eq!(
            file.messages()["c"].id_span.start,
            src.text.find("c = ").unwrap()
        );
    }

    #[test]
    fn a_syntax_error_belongs_to_the_entry_it_continues() {
        let text = "# c\nabout = A\n    .how = B\n\n    [x](y) z\nnext = N\n";
        let at = text.find("[x]").unwrap();
        assert_eq!(owning_entry(text, at), Some("about"));
        assert_eq!(owning_entry(text, text.find("# c").unwrap()), None);
        assert_eq!(owning_entry("-brand = B\n  *x\n", 13), Some("-brand"));
    }

    #[test]
    fn entries_are_values_attributes_and_terms_by_key() {
        let text = "-brand = Nordvik\n    .gender = f\nlabel = L\n    .short = S\nonly-attrs =\n    .a = A\n";
        let src = crate::source::SourceText {
            path: PathBuf::from("locales/da/_shared.ftl"),
            text: Arc::new(text.to_string()),
        };
        let (file, _) = parse_ftl(&src, false);
        let keys: Vec<String> = file.entries().into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["label", "label.short", "only-attrs.a", "-brand"]);
        for key in &keys {
            let p = file.entry(key).unwrap();
            // (An attribute's span takes in its `.`.)
            let id = file.text[p.id_span.clone()].trim_start_matches('.');
            assert_eq!(id, key.rsplit(['.', '-']).next().unwrap());
        }
        assert!(file.entry("only-attrs").is_none());
        assert!(file.entry("-brand.gender").is_none());
        assert!(file.entry("-label").is_none());
    }
}
