//! Diagnostics: what went wrong, where (file:line:col), for which locale,
//! policy and section, and what to do about it.
//!
//! Every stage collects [`Diagnostic`]s instead of returning on the first
//! problem, so one `check` run reports everything. Byte spans from TOML, FTL
//! and templates all go through one [`SourceMap`] to become line and column
//! numbers, and one renderer prints them for humans, machines or CI.

use crate::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use serde::Serialize;

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
    pub code: &'static str,
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
}

impl Diagnostic {
    fn new(
        severity: Severity,
        class: Class,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            class,
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
        }
    }

    /// An error in the translations (exit code 1).
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, Class::Finding, code, message)
    }

    /// An error in the invocation, configuration or policy source (exit code 2).
    pub fn input(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, Class::Input, code, message)
    }

    /// A warning.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, Class::Finding, code, message)
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
    diags.sort_by(|a, b| {
        (
            a.severity,
            &a.file,
            a.span.as_ref().map(|s| s.start),
            &a.locale,
            &a.policy,
            a.code,
            &a.message,
        )
            .cmp(&(
                b.severity,
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
    /// One JSON document (see README: "JSON diagnostics").
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
pub fn render_human(diags: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    use codespan_reporting::diagnostic::{Diagnostic as CsDiag, Label};
    use codespan_reporting::files::SimpleFiles;
    use codespan_reporting::term::{self, termcolor};

    let mut files = SimpleFiles::new();
    let mut ids: HashMap<PathBuf, usize> = HashMap::default();
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
        .with_code(d.code)
        .with_message(&d.message);
        let mut context = Vec::new();
        if let Some(l) = &d.locale {
            context.push(format!("locale {l}"));
        }
        if let Some(p) = &d.policy {
            context.push(format!("policy {p}"));
        }
        if let Some(s) = &d.section {
            context.push(format!("section {s}"));
        }
        let mut notes = Vec::new();
        match (&d.file, &d.span) {
            (Some(path), Some(span)) => {
                if let Some(src) = sources.get(path) {
                    let id = *ids.entry(path.clone()).or_insert_with(|| {
                        files.add(path.display().to_string(), Shared(src.text.clone()))
                    });
                    let span = clamp_span(&src.text, span.clone());
                    cs = cs.with_labels(vec![
                        Label::primary(id, span).with_message(context.join(", "))
                    ]);
                } else {
                    notes.push(format!("in {}", path.display()));
                    if !context.is_empty() {
                        notes.push(context.join(", "));
                    }
                }
            }
            (Some(path), None) => {
                let mut line = format!("in {}", path.display());
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
        notes.extend(d.notes.iter().map(|n| format!("note: {n}")));
        if let Some(h) = &d.hint {
            notes.push(format!("hint: {h}"));
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

/// Renders diagnostics as GitHub Actions workflow commands.
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

fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_escape_property(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
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
pub fn more_of(code: &str, more: usize, severity: Severity) -> Diagnostic {
    Diagnostic::new(
        severity,
        Class::Finding,
        "repeated",
        format!("… and {more} more `{code}` in this file"),
    )
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
    let mut counts: HashMap<(Severity, Option<&Path>, &'static str), (usize, usize)> =
        HashMap::default();
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
        let d = Diagnostic::error("x", "a\nb, c: d").in_file("p,q.ftl");
        let s = render_github(&[d], &SourceMap::default());
        assert_eq!(s, "::error file=p%2Cq.ftl,title=policyc x::a%0Ab, c: d\n");
    }
}
