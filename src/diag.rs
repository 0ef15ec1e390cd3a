//! Diagnostics: what went wrong, where (file:line:col), for which locale,
//! policy and section, and what to do about it.
//!
//! Every stage collects [`Diagnostic`]s instead of returning on the first
//! problem, so one `check` run reports everything. Byte spans from TOML, FTL
//! and templates all go through one [`SourceMap`] to become line and column
//! numbers, and one renderer prints them for humans, machines or CI.

use crate::HashMap;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use serde::Serialize;

pub mod code;
pub mod follow;
pub mod suggest;
pub use code::Code;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails `check` and refuses to build the affected output.
    Error,
    /// Reported, but does not fail unless `--deny warnings` is given.
    Warning,
}

/// Which exit code an error maps to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// A problem in the translations or their consistency with the source:
    /// exit code 1.
    Finding,
    /// Invalid invocation or unreadable / invalid source or configuration:
    /// exit code 2.
    Input,
}

/// One problem, with everything a translator or editor needs to fix it.
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub class: Class,
    /// Stable machine-readable code, e.g. `missing-section`.
    pub code: Code,
    /// What failed, lower case, no trailing period.
    pub message: String,
    /// The file the problem is in, relative to the workspace where possible.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// Byte range in `file`.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// What to do about it, when a fix is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Extra context lines.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The message keys concerned (`section` or `section.attribute`), for
    /// tools that compare findings (missing and unused text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    /// For a stale translation: the reference text then and now, and the
    /// words that changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Box<crate::diff::TextChange>>,
}

impl Diagnostic {
    /// A diagnostic with its code's class and default severity, both from
    /// the registry ([`Code`]).
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity(),
            class: code.class(),
            code,
            message: message.into(),
            file: None,
            span: None,
            locale: None,
            policy: None,
            section: None,
            hint: None,
            notes: Vec::new(),
            keys: Vec::new(),
            change: None,
        }
    }

    /// Another severity than the code's default: one `[check]` configures,
    /// or a problem that cannot fail the run where it is found.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// An input error (exit code 2) whatever the code's usual class: in a
    /// policy's TOML every problem stops the run, so `too-deep` there is
    /// not the finding it is in a translation.
    pub fn input(mut self) -> Self {
        self.class = Class::Input;
        self
    }

    pub fn at(mut self, file: impl Into<PathBuf>, span: Option<Range<usize>>) -> Self {
        self.file = Some(file.into());
        self.span = span;
        self
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = Some(locale.into());
        self
    }

    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }

    pub fn section(mut self, section: impl Into<String>) -> Self {
        self.section = Some(section.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn keys(mut self, keys: Vec<String>) -> Self {
        self.keys = keys;
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The text of every file a diagnostic may point into, so that byte spans
/// can become line:column and source excerpts. Shared between threads.
#[derive(Clone, Default)]
pub struct SourceMap {
    files: Arc<RwLock<HashMap<PathBuf, Arc<SourceFile>>>>,
    /// File contents already read (by the build's fingerprint), by full
    /// path, waiting for [`crate::source::read`] to take them.
    preloaded: Arc<Mutex<HashMap<PathBuf, Vec<u8>>>>,
}

/// One file's text and the byte offset of each line start.
pub struct SourceFile {
    pub text: Arc<String>,
    /// Computed when a diagnostic first needs a line number: most files
    /// never get one.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    fn new(text: Arc<String>) -> Self {
        SourceFile {
            text,
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
            starts
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts().binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts()[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: usize) -> &str {
        let start = self
            .line_starts()
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts()
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

impl SourceMap {
    /// Remembers a file's text under the path diagnostics will use for it.
    pub fn add(&self, path: &Path, text: Arc<String>) {
        let file = Arc::new(SourceFile::new(text));
        self.files
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf(), file);
    }

    /// Forgets a file's text: for a large file whose reader cannot fail
    /// any more, so no diagnostic will quote it.
    pub fn forget(&self, path: &Path) {
        self.files
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(path);
    }

    /// Keeps a file's bytes, read for another purpose, for the one
    /// [`crate::source::read`] of that file (by its full path) to take.
    pub fn preload(&self, full: &Path, bytes: Vec<u8>) {
        self.preloaded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(full.to_path_buf(), bytes);
    }

    /// Takes a preloaded file's bytes (each is handed out once).
    pub fn take_preloaded(&self, full: &Path) -> Option<Vec<u8>> {
        let mut map = self.preloaded.lock().unwrap_or_else(|e| e.into_inner());
        if map.is_empty() {
            return None;
        }
        map.remove(full)
    }

    pub fn get(&self, path: &Path) -> Option<Arc<SourceFile>> {
        self.files
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .cloned()
    }

    /// The 1-based line and column a diagnostic points at, if it has a span
    /// in a known file.
    pub fn position(&self, diag: &Diagnostic) -> Option<(usize, usize)> {
        let file = self.get(diag.file.as_deref()?)?;
        let span = diag.span.as_ref()?;
        Some(file.line_col(span.start))
    }
}

/// Sorts diagnostics into a stable order (file, position, code) and removes
/// exact duplicates, so output does not depend on thread scheduling.
pub fn normalize(diags: &mut Vec<Diagnostic>) {
    // Syntax errors first: the findings after them may follow from them.
    let rank = |d: &Diagnostic| !matches!(d.code, Code::FtlSyntax | Code::InvalidToml);
    diags.sort_by(|a, b| {
        (
            a.severity,
            rank(a),
            &a.file,
            a.span.as_ref().map(|s| s.start),
            &a.locale,
            &a.policy,
            a.code,
            &a.message,
        )
            .cmp(&(
                b.severity,
                rank(b),
                &b.file,
                b.span.as_ref().map(|s| s.start),
                &b.locale,
                &b.policy,
                b.code,
                &b.message,
            ))
    });
    diags.dedup_by(|a, b| {
        a.code == b.code
            && a.message == b.message
            && a.file == b.file
            && a.span == b.span
            && a.locale == b.locale
    });
}

/// Output style for diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// rustc-like text with source excerpts; colour only on a terminal.
    #[default]
    Human,
    /// One JSON document (docs/check.md, "JSON diagnostics").
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`).
    Github,
}

/// A file's shared text, as codespan-reporting wants it.
struct Shared(Arc<String>);

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Renders diagnostics as rustc-like text. `color` adds ANSI colours.
///
/// Every text that came from an input file (messages, notes, hints, file
/// names, source excerpts) goes through [`visible_text`], [`visible_line`]
/// or [`Excerpt`] first: the output reaches terminals and CI logs, and
/// neither may receive a control character or a GitHub Actions command
/// that a translator wrote.
pub fn render_human(diags: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    use codespan_reporting::diagnostic::{Diagnostic as CsDiag, Label};
    use codespan_reporting::files::SimpleFiles;
    use codespan_reporting::term::{self, termcolor};

    let mut files = SimpleFiles::new();
    // Per file: its id among `files`, and how excerpt offsets moved.
    let mut ids: HashMap<PathBuf, (usize, Option<Shifts>)> = HashMap::default();
    let mut out = termcolor::Buffer::no_color();
    if color {
        out = termcolor::Buffer::ansi();
    }
    let config = term::Config::default();
    for d in diags {
        let mut cs = match d.severity {
            Severity::Error => CsDiag::error(),
            Severity::Warning => CsDiag::warning(),
        }
        .with_code(d.code.name())
        .with_message(visible_text(&d.message));
        let mut context = Vec::new();
        if let Some(l) = &d.locale {
            context.push(format!("locale {}", visible_line(l)));
        }
        if let Some(p) = &d.policy {
            context.push(format!("policy {}", visible_line(p)));
        }
        if let Some(s) = &d.section {
            context.push(format!("section {}", visible_line(s)));
        }
        let mut notes = Vec::new();
        let shown = |path: &Path| visible_line(&path.display().to_string()).into_owned();
        match (&d.file, &d.span) {
            (Some(path), Some(span)) => {
                if let Some(src) = sources.get(path) {
                    let (id, shifts) = ids.entry(path.clone()).or_insert_with(|| {
                        let (text, shifts) = match Excerpt::of(&src.text) {
                            Some(e) => (Arc::new(e.text), Some(e.shifts)),
                            None => (src.text.clone(), None),
                        };
                        (files.add(shown(path), Shared(text)), shifts)
                    });
                    let mut span = clamp_span(&src.text, span.clone());
                    if let Some(shifts) = shifts {
                        span = Excerpt::map(shifts, span.start)..Excerpt::map(shifts, span.end);
                    }
                    cs = cs.with_labels(vec![
                        Label::primary(*id, span).with_message(context.join(", "))
                    ]);
                } else {
                    notes.push(format!("in {}", shown(path)));
                    if !context.is_empty() {
                        notes.push(context.join(", "));
                    }
                }
            }
            (Some(path), None) => {
                let mut line = format!("in {}", shown(path));
                if !context.is_empty() {
                    let _ = write!(line, " ({})", context.join(", "));
                }
                notes.push(line);
            }
            (None, _) => {
                if !context.is_empty() {
                    notes.push(context.join(", "));
                }
            }
        }
        notes.extend(d.notes.iter().map(|n| format!("note: {}", visible_text(n))));
        if let Some(h) = &d.hint {
            notes.push(format!("hint: {}", visible_text(h)));
        }
        cs = cs.with_notes(notes);
        if let Err(e) = term::emit_to_write_style(&mut out, &config, &files, &cs) {
            use std::io::Write as _;
            let _ = writeln!(out, "error: could not render a diagnostic: {e}");
        }
    }
    String::from_utf8_lossy(out.as_slice()).into_owned()
}

/// A span cut to the file's length and to character boundaries.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The stable JSON schema of `--format json` (version 1).
#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiag<'a>>,
}

#[derive(Serialize)]
struct JsonDiag<'a> {
    #[serde(flatten)]
    diag: &'a Diagnostic,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

/// Renders diagnostics as one JSON document.
pub fn render_json(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let report = JsonReport {
        version: 1,
        errors: diags.iter().filter(|d| d.is_error()).count(),
        warnings: diags.iter().filter(|d| !d.is_error()).count(),
        diagnostics: diags
            .iter()
            .map(|d| {
                let pos = sources.position(d);
                JsonDiag {
                    diag: d,
                    line: pos.map(|p| p.0),
                    column: pos.map(|p| p.1),
                }
            })
            .collect(),
    };
    let mut s =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}

/// Renders diagnostics as GitHub Actions workflow commands, escaped by
/// GitHub's rules (data: `%`, CR, LF; properties also `:` and `,`), with
/// every other control character made visible.
pub fn render_github(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diags {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(f) = &d.file {
            props.push(format!(
                "file={}",
                gh_escape_property(&f.display().to_string())
            ));
            if let Some((line, col)) = sources.position(d) {
                props.push(format!("line={line}"));
                props.push(format!("col={col}"));
            }
        }
        props.push(format!(
            "title={}",
            gh_escape_property(&format!("policyc {}", d.code))
        ));
        let mut msg = d.message.clone();
        let mut ctx = Vec::new();
        if let Some(l) = &d.locale {
            ctx.push(format!("locale {l}"));
        }
        if let Some(p) = &d.policy {
            ctx.push(format!("policy {p}"));
        }
        if let Some(s) = &d.section {
            ctx.push(format!("section {s}"));
        }
        if !ctx.is_empty() {
            let _ = write!(msg, " ({})", ctx.join(", "));
        }
        for n in &d.notes {
            let _ = write!(msg, "\nnote: {n}");
        }
        if let Some(h) = &d.hint {
            let _ = write!(msg, "\nhint: {h}");
        }
        let _ = writeln!(
            out,
            "::{kind} {}::{}",
            props.join(","),
            gh_escape_data(&msg)
        );
    }
    out
}

/// A workflow command's data: `%`, CR and LF percent-encoded (GitHub's
/// rules), other control characters visible.
fn gh_escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            '\t' => out.push('\t'),
            c if is_hidden(c) => push_visible(c, &mut out),
            c => out.push(c),
        }
    }
    out
}

/// A workflow command's property value: as data, and `:` and `,` too.
fn gh_escape_property(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Whether a character must not reach a terminal or a CI log raw: control
/// characters (C0, DEL, C1; escape sequences start with them), the Unicode
/// line and paragraph separators, and the bidirectional controls (which
/// reorder what a reader sees).
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// The visible stand-in for a hidden character: its Control Pictures
/// symbol for C0 and DEL (`␛` for ESC), `\u{…}` for the others.
fn push_visible(c: char, out: &mut String) {
    match c {
        '\0'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
        '\u{7f}' => out.push('\u{2421}'),
        _ => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// Whether a line (the text after a newline) would be taken for a GitHub
/// Actions workflow command: the runner trims leading white space, then
/// looks for `::`.
fn starts_command(rest: &str) -> bool {
    rest.trim_start_matches(|c: char| c.is_whitespace() && !is_hidden(c))
        .starts_with("::")
}

/// The legacy GitHub Actions command prefix, honoured anywhere in a line.
const LEGACY_COMMAND: &str = "##[";

/// Text from an input file, safe to print as one line of a terminal or CI
/// log: every control character visible (newlines too, as `␊`), and `##[`
/// broken as `#＃[`.
pub fn visible_line(s: &str) -> Cow<'_, str> {
    neutralize(s, false)
}

/// Text from an input file, safe to print on several lines: as
/// [`visible_line`], but a newline stays a newline unless the next line
/// would start (after white space) with `::`; that one is shown as `␊` and
/// the text goes on on the same line.
pub fn visible_text(s: &str) -> Cow<'_, str> {
    neutralize(s, true)
}

fn neutralize(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let clean = !s.contains(LEGACY_COMMAND)
        && s.chars()
            .all(|c| c == '\t' || (c == '\n' && keep_newlines) || !is_hidden(c))
        && !(keep_newlines && s.split('\n').skip(1).any(starts_command));
    if clean {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        match c {
            '\t' => out.push(c),
            '\n' if keep_newlines && !starts_command(&s[i + 1..]) => out.push(c),
            c if is_hidden(c) => push_visible(c, &mut out),
            c => out.push(c),
        }
    }
    if out.contains(LEGACY_COMMAND) {
        out = out.replace(LEGACY_COMMAND, "#＃[");
    }
    Cow::Owned(out)
}

/// A source file's text as shown in an excerpt: each hidden character
/// replaced by one visible character (a Control Pictures symbol, or U+FFFD),
/// so that lines and columns stay as reported; tabs and line ends (LF, CRLF)
/// kept; `##[` broken as `#＃[`.
struct Excerpt {
    text: String,
    shifts: Shifts,
}

/// Where an excerpt's bytes moved: for each replaced character, where it
/// ended in the original text and how many bytes were added up to there.
type Shifts = Vec<(usize, usize)>;

impl Excerpt {
    /// The excerpt text, or `None` when the file can be shown as it is.
    fn of(text: &str) -> Option<Excerpt> {
        let replacement = |i: usize, c: char| -> Option<char> {
            match c {
                '\t' | '\n' => None,
                '\r' if text[i + 1..].starts_with('\n') => None,
                '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
                '\u{7f}' => Some('\u{2421}'),
                '#' if text[..i].ends_with('#') && text[i + 1..].starts_with('[') => Some('＃'),
                c if is_hidden(c) => Some('\u{fffd}'),
                _ => None,
            }
        };
        let first = text
            .char_indices()
            .find(|&(i, c)| replacement(i, c).is_some())?;
        let mut out = String::with_capacity(text.len() + 16);
        out.push_str(&text[..first.0]);
        let mut shifts = Vec::new();
        let mut added = 0;
        for (i, c) in text[first.0..]
            .char_indices()
            .map(|(i, c)| (i + first.0, c))
        {
            match replacement(i, c) {
                Some(r) => {
                    out.push(r);
                    added += r.len_utf8().saturating_sub(c.len_utf8());
                    shifts.push((i + c.len_utf8(), added));
                }
                None => out.push(c),
            }
        }
        Some(Excerpt { text: out, shifts })
    }

    /// Where a byte offset of the original text is in the excerpt.
    fn map(shifts: &[(usize, usize)], offset: usize) -> usize {
        let n = shifts.partition_point(|&(end, _)| end <= offset);
        offset + n.checked_sub(1).map_or(0, |i| shifts[i].1)
    }
}

#[cfg(test)]
mod visible_tests {
    use super::*;

    #[test]
    fn control_characters_become_pictures_and_escapes() {
        assert_eq!(visible_line("a\x1b[2Jb"), "a␛[2Jb");
        assert_eq!(
            visible_line("a\nb\rc\u{9b}d\u{202e}"),
            "a␊b␍c\\u{9b}d\\u{202e}"
        );
        assert_eq!(visible_line("x ##[error]y"), "x #＃[error]y");
        assert!(matches!(
            visible_line("plain, ordinary text"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_line_that_would_be_a_workflow_command_is_joined_to_the_one_before() {
        assert_eq!(visible_text("a\nb\n  c"), "a\nb\n  c");
        assert_eq!(
            visible_text("a\n::warning::x\n \u{a0}::stop-commands::y"),
            "a␊::warning::x␊ \u{a0}::stop-commands::y"
        );
        // A hidden character before `::` is shown, so the line no longer starts with it.
        assert_eq!(visible_text("a\n\x0b::x::y"), "a\n␋::x::y");
    }

    #[test]
    fn excerpts_keep_columns_and_map_offsets() {
        let text = "a = \x1b]0;t\x07 ok\r\nb = c\u{85}d\n";
        let e = Excerpt::of(text).unwrap();
        assert_eq!(e.text, "a = ␛]0;t␇ ok\r\nb = c\u{fffd}d\n");
        let d = text.find('d').unwrap();
        assert_eq!(&e.text[Excerpt::map(&e.shifts, d)..][..1], "d");
        assert_eq!(Excerpt::map(&e.shifts, 2), 2);
        assert!(Excerpt::of("a = b\r\n\tc\n").is_none());
    }
}

/// One line summarizing the counts, e.g. `2 errors, 1 warning`.
pub fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    format!(
        "{} {}, {} {}",
        errors,
        plural(errors, "error"),
        warnings,
        plural(warnings, "warning")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// The line that stands for `more` diagnostics of `code` left out (code
/// `repeated`, "… and K more `code` in this file"), in the file the caller
/// gives it.
pub fn more_of(code: Code, more: usize, severity: Severity) -> Diagnostic {
    Diagnostic::new(
        Code::Repeated,
        format!("… and {more} more `{code}` in this file"),
    )
    .severity(severity)
}

/// How many diagnostics of one code one file shows (see [`cap_repeated`]).
pub const SHOWN_PER_FILE_AND_CODE: usize = 20;

/// For display, after [`normalize`]: keeps the first `max` diagnostics of
/// each code (and severity) in each file, and after the last one kept puts
/// one line saying how many more there are. A file of a million unused
/// messages printed hundreds of megabytes; the counts ([`summary`]) and
/// the exit code come from the full list, so call them with that.
pub fn cap_repeated(diags: Vec<Diagnostic>, max: usize) -> Vec<Diagnostic> {
    // Per file, code and severity: how many there are, how many seen
    // (summaries of diagnostics left out where they were made count as
    // one of their own).
    let mut counts: HashMap<(Severity, Option<&Path>, Code), (usize, usize)> = HashMap::default();
    for d in &diags {
        counts
            .entry((d.severity, d.file.as_deref(), d.code))
            .or_default()
            .0 += 1;
    }
    if counts.values().all(|&(n, _)| n <= max) {
        return diags;
    }
    // For each diagnostic: shown or not, and how many more to announce
    // after it (after the last one shown of its kind).
    let fate: Vec<(bool, usize)> = diags
        .iter()
        .map(|d| {
            let (total, seen) = counts
                .get_mut(&(d.severity, d.file.as_deref(), d.code))
                .expect("counted above");
            *seen += 1;
            let more = if *seen == max { *total - max } else { 0 };
            (*seen <= max, more)
        })
        .collect();
    let mut out = Vec::new();
    for (d, (shown, more)) in diags.into_iter().zip(fate) {
        if !shown {
            continue;
        }
        let summary = (more > 0).then(|| {
            let mut s = more_of(d.code, more, d.severity);
            s.class = d.class;
            s.file = d.file.clone();
            s.locale = d.locale.clone();
            s.policy = d.policy.clone();
            s
        });
        out.push(d);
        out.extend(summary);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new(Arc::new("a = 1\nø = æ x\n".to_string()));
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(6), (2, 1));
        // "ø = æ " is 8 bytes, 6 characters: x is column 7.
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), (2, 7));
        assert_eq!(f.line(2), "ø = æ x");
    }

    #[test]
    fn github_annotations_escape_newlines_and_separators() {
        let d = Diagnostic::new(Code::Stale, "a\nb, c: d").in_file("p,q.ftl");
        let s = render_github(&[d], &SourceMap::default());
        assert_eq!(
            s,
            "::error file=p%2Cq.ftl,title=policyc stale::a%0Ab, c: d\n"
        );
    }
}
