//! `policyc status`: translation completeness and sign-off at a glance.
//! Per policy, a section × locale matrix (ok / unreviewed / inconsistent /
//! changed after review / stale / missing), a completeness percentage per
//! locale, and who signed each section off in each locale and when (from
//! `policyc.lock`); derived from the same diagnostics `check` reports;
//! printed for a terminal, as JSON, or as Markdown for a pull-request
//! comment.

use std::fmt::Write as _;

use serde::Serialize;

use crate::diag::{visible_line, Code, Diagnostic};
use crate::lock::SHARED;
use crate::workspace::Workspace;

/// The state of one section in one locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cell {
    Ok,
    /// Translated, with no sign-off in the lock (only when a lock exists).
    Unreviewed,
    /// A warning `check` reports (text left in the reference language,
    /// say): `check` passes.
    Warning,
    Inconsistent,
    /// The translation is not the text that was signed off.
    #[serde(rename = "changed-after-review")]
    Changed,
    Stale,
    Missing,
}

impl Cell {
    fn word(self) -> &'static str {
        match self {
            Cell::Ok => "ok",
            Cell::Unreviewed => "unreviewed",
            Cell::Warning => "warning",
            Cell::Inconsistent => "inconsistent",
            Cell::Changed => "changed",
            Cell::Stale => "stale",
            Cell::Missing => "missing",
        }
    }
}

/// Who signed a section's messages off in one locale, from the lock.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct SignOff {
    /// The reviewers on record, each once, sorted.
    pub reviewers: Vec<smol_str::SmolStr>,
    /// Sign-offs with no reviewer on record (an old lock's).
    pub unknown: usize,
    /// The latest sign-off's date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<smol_str::SmolStr>,
    /// Messages of the section signed off, of `messages`.
    pub reviewed: usize,
    pub messages: usize,
}

impl SignOff {
    /// One line: `Ann <ann@example.com> 2025-01-02`, with the count when
    /// not every message is signed off.
    fn describe(&self) -> String {
        if self.reviewed == 0 {
            return "-".to_string();
        }
        let mut names: Vec<&str> = self.reviewers.iter().map(|r| r.as_str()).collect();
        if self.unknown > 0 {
            names.push("reviewer unknown");
        }
        let mut s = names.join("; ");
        if let Some(d) = &self.date {
            s.push(' ');
            s.push_str(d);
        }
        if self.reviewed < self.messages {
            s.push_str(&format!(" ({}/{})", self.reviewed, self.messages));
        }
        s
    }
}

/// One row of the matrix: a section (or `policy`, the document-level text).
#[derive(Debug, Serialize)]
pub struct Row {
    pub section: String,
    pub cells: Vec<Cell>,
    /// Per locale, who signed the section off (none for the reference
    /// locale, or without a lock).
    pub signoff: Vec<Option<SignOff>>,
}

/// A locale's completeness for one policy.
#[derive(Debug, Serialize)]
pub struct Completeness {
    pub locale: String,
    pub translated: usize,
    pub required: usize,
    pub percent: f64,
}

/// A stale translation: what the reference said then and says now.
#[derive(Debug, Serialize)]
pub struct StaleText {
    pub locale: String,
    pub key: String,
    pub old: String,
    pub new: String,
    /// The words kept, removed and added (empty when the old text is
    /// unknown).
    pub diff: Vec<crate::diff::Span>,
}

/// A translation edited after its sign-off.
#[derive(Debug, Serialize)]
pub struct ChangedText {
    pub locale: String,
    pub key: String,
}

/// Status of one policy.
#[derive(Debug, Serialize)]
pub struct PolicyStatus {
    pub policy: String,
    pub locales: Vec<String>,
    pub rows: Vec<Row>,
    pub completeness: Vec<Completeness>,
    pub stale: Vec<StaleText>,
    pub changed_after_review: Vec<ChangedText>,
}

/// Status of the workspace.
#[derive(Debug, Serialize)]
pub struct Status {
    pub version: u32,
    pub reference: String,
    /// Each policy's table; its last row, `_shared`, sums up the labels
    /// of `_shared.ftl` its pages show.
    pub policies: Vec<PolicyStatus>,
    /// `_shared.ftl`'s own table, a row per label, attribute and term
    /// (`policy` is `_shared`); absent when the reference has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared: Option<PolicyStatus>,
}

/// The state a diagnostic gives the rows it marks: an inconsistency
/// `check` only warns about is a warning, as `check` says.
fn classify(d: &Diagnostic) -> Option<Cell> {
    use Code::*;
    Some(match d.code {
        MissingSection | MissingText | MissingFile | MissingLocale | FtlSyntax | EmptyText
        | RenamedId => Cell::Missing,
        _ if !d.is_error() && classify_code(d.code) == Some(Cell::Inconsistent) => Cell::Warning,
        code => return classify_code(code),
    })
}

fn classify_code(code: Code) -> Option<Cell> {
    use Code::*;
    Some(match code {
        Stale => Cell::Stale,
        ChangedAfterReview => Cell::Changed,
        MissingReference
        | MarkupDrift
        | LiteralFact
        | Untranslated
        | UnknownVariable
        | UnknownMessage
        | UnknownTerm
        | UnknownFunction
        | UnknownSection
        | RawHtml
        | UnsafeLink
        | StructureInText
        | MultipleParagraphs
        | DuplicateMessage
        | GlossaryTerm
        | ForbiddenTerm
        | WrongLanguage
        | MissingPluralCategory => Cell::Inconsistent,
        _ => return None,
    })
}

/// Whether a diagnostic's key is about the text `key`: the same key, or
/// the message the text is part of.
fn covers(diag_key: &str, key: &str) -> bool {
    diag_key == key || key.split('.').next() == Some(diag_key)
}

/// The texts of one table: per text, its row, its key in the lock and
/// whether each of the table's locales has it.
struct Text {
    row: usize,
    key: String,
    translated: Vec<bool>,
}

/// Which diagnostics belong to a table, and which of its rows each marks.
trait Rows {
    fn owns(&self, d: &Diagnostic) -> bool;
    fn marks(&self, d: &Diagnostic, row: &str) -> bool;
}

/// A whole file is missing or unreadable: every row is.
fn whole_file(d: &Diagnostic) -> bool {
    matches!(d.code, Code::MissingFile | Code::MissingLocale)
        || (d.code == Code::FtlSyntax && d.section.is_none())
}

/// Whether a diagnostic is about its locale's `_shared.ftl`.
fn about_shared(ws: &Workspace, d: &Diagnostic) -> bool {
    let shared = |l: &String| ws.locale(l).map(|l| l.file_path(SHARED));
    d.file.is_some() && d.locale.as_ref().and_then(shared) == d.file
}

/// A policy's table: a row per section, `policy` for the document-level
/// texts, and `_shared` for the labels its pages show.
struct PolicyRows<'a> {
    ws: &'a Workspace,
    id: &'a str,
}

impl Rows for PolicyRows<'_> {
    fn owns(&self, d: &Diagnostic) -> bool {
        match d.policy.as_deref() {
            Some(p) => p == self.id,
            // The locale's `_shared.ftl` has a table of its own.
            None => !about_shared(self.ws, d),
        }
    }
    fn marks(&self, d: &Diagnostic, row: &str) -> bool {
        if about_shared(self.ws, d) {
            row == SHARED
        } else {
            (whole_file(d) && row != SHARED) || d.section.as_deref().unwrap_or("policy") == row
        }
    }
}

/// The `_shared.ftl` table: a row per label, attribute and term.
struct SharedRows<'a> {
    ws: &'a Workspace,
}

impl Rows for SharedRows<'_> {
    fn owns(&self, d: &Diagnostic) -> bool {
        d.policy.is_none() && (about_shared(self.ws, d) || d.code == Code::MissingLocale)
    }
    fn marks(&self, d: &Diagnostic, row: &str) -> bool {
        if whole_file(d) {
            return true;
        }
        if !d.keys.is_empty() {
            return d.keys.iter().any(|k| k == row);
        }
        // A problem found resolving a label: the row whose text holds it.
        let file = d
            .locale
            .as_ref()
            .and_then(|l| self.ws.locale(l)?.shared.as_ref());
        match (&d.span, file) {
            (Some(span), Some(f)) => f
                .entry(row)
                .is_some_and(|p| p.def_span.contains(&span.start)),
            _ => false,
        }
    }
}

/// Builds one table: the cells from the diagnostics `rows` owns, the
/// sign-off and unreviewed cells from the lock (records under `owner`),
/// completeness, and the stale and changed texts.
fn table(
    ws: &Workspace,
    diags: &[Diagnostic],
    (owner, rows): (&str, &dyn Rows),
    locales: Vec<String>,
    row_names: Vec<String>,
    texts: &[Text],
) -> PolicyStatus {
    let mut out: Vec<Row> = row_names
        .into_iter()
        .map(|section| Row {
            section,
            cells: vec![Cell::Ok; locales.len()],
            signoff: (0..locales.len()).map(|_| None).collect(),
        })
        .collect();
    let mine = |d: &&Diagnostic| rows.owns(d);
    for d in diags.iter().filter(mine) {
        let Some(cell) = classify(d) else {
            continue;
        };
        let Some(li) = d
            .locale
            .as_ref()
            .and_then(|l| locales.iter().position(|x| x == l))
        else {
            continue;
        };
        for row in out.iter_mut() {
            if rows.marks(d, &row.section) && row.cells[li] < cell {
                row.cells[li] = cell;
            }
        }
    }
    if let Some(lock) = &ws.lock {
        signoffs(ws, lock, owner, &locales, texts, &mut out);
    }
    // A text is translated when its locale has it and no error makes it
    // missing: a syntax error cuts a message short, a misnamed id is not
    // the text the policy asks for.
    let broken = |t: &Text, li: usize| {
        diags.iter().filter(mine).any(|d| {
            classify(d) == Some(Cell::Missing)
                && d.locale.as_ref() == Some(&locales[li])
                && rows.marks(d, &out[t.row].section)
                && (d.keys.is_empty() || d.keys.iter().any(|k| covers(k, &t.key)))
        })
    };
    let completeness = locales
        .iter()
        .enumerate()
        .map(|(li, l)| {
            let translated = texts
                .iter()
                .filter(|t| t.translated[li] && !broken(t, li))
                .count();
            let percent = if texts.is_empty() {
                100.0
            } else {
                (translated as f64 * 1000.0 / texts.len() as f64).floor() / 10.0
            };
            Completeness {
                locale: l.clone(),
                translated,
                required: texts.len(),
                percent,
            }
        })
        .collect();
    let listed =
        |d: &&Diagnostic| rows.owns(d) && d.locale.as_ref().is_some_and(|l| locales.contains(l));
    let key_of = |d: &Diagnostic| d.keys.first().cloned().unwrap_or_default();
    let changed_after_review = diags
        .iter()
        .filter(|d| d.code == Code::ChangedAfterReview)
        .filter(listed)
        .map(|d| ChangedText {
            locale: d.locale.clone().unwrap_or_default(),
            key: key_of(d),
        })
        .collect();
    let stale = diags
        .iter()
        .filter(|d| d.code == Code::Stale)
        .filter(listed)
        .map(|d| {
            let note = |prefix: &str| {
                d.notes
                    .iter()
                    .find_map(|n| n.strip_prefix(prefix).map(str::to_string))
                    .unwrap_or_default()
            };
            StaleText {
                locale: d.locale.clone().unwrap_or_default(),
                key: key_of(d),
                old: note("reference was: "),
                new: note("reference now: "),
                diff: d
                    .change
                    .as_ref()
                    .map(|c| c.diff.clone())
                    .unwrap_or_default(),
            }
        })
        .collect();
    PolicyStatus {
        policy: owner.to_string(),
        locales,
        rows: out,
        completeness,
        stale,
        changed_after_review,
    }
}

/// Builds the status from a workspace and the diagnostics of a check, for
/// the selected policies and locales (all when empty).
pub fn status(
    ws: &Workspace,
    diags: &[Diagnostic],
    policies: &[String],
    tags: &[String],
) -> Status {
    let locales: Vec<&crate::workspace::LocaleData> = ws
        .locales
        .iter()
        .filter(|l| tags.is_empty() || tags.contains(&l.tag))
        .collect();
    let tags: Vec<String> = locales.iter().map(|l| l.tag.clone()).collect();
    let reference = &ws.config.workspace.reference;
    let shared = ws.reference().and_then(|r| r.shared.as_ref()).map(|r| {
        let keys: Vec<String> = r.entries().into_iter().map(|(k, _)| k).collect();
        let texts: Vec<Text> = keys
            .iter()
            .enumerate()
            .map(|(row, key)| Text {
                row,
                key: key.clone(),
                translated: locales
                    .iter()
                    .map(|l| l.shared.as_ref().is_some_and(|f| f.entry(key).is_some()))
                    .collect(),
            })
            .collect();
        let rows = SharedRows { ws };
        table(ws, diags, (SHARED, &rows), tags.clone(), keys, &texts)
    });
    let mut out = Vec::new();
    for policy in ws
        .policies
        .iter()
        .filter(|p| policies.is_empty() || policies.contains(&p.id))
    {
        let mut sections = vec!["policy".to_string()];
        sections.extend(policy.all_sections().iter().map(|s| s.id.clone()));
        if shared.is_some() {
            sections.push(SHARED.to_string());
        }
        let texts: Vec<Text> = policy
            .required_texts()
            .iter()
            .map(|r| Text {
                row: sections
                    .iter()
                    .position(|s| s == r.section.unwrap_or("policy"))
                    .unwrap_or(0),
                key: r.key(),
                translated: locales
                    .iter()
                    .map(|l| {
                        l.files
                            .get(&policy.id)
                            .is_some_and(|f| f.pattern(r.message, r.attribute.as_deref()).is_some())
                    })
                    .collect(),
            })
            .collect();
        let rows = PolicyRows { ws, id: &policy.id };
        let mut p = table(
            ws,
            diags,
            (&policy.id, &rows),
            tags.clone(),
            sections,
            &texts,
        );
        if let (Some(shared), Some(row)) = (&shared, p.rows.last_mut()) {
            summarize(shared, row);
        }
        out.push(p);
    }
    Status {
        version: 2,
        reference: reference.clone(),
        policies: out,
        shared,
    }
}

/// A policy's `_shared` row: per locale, the worst state of the
/// `_shared.ftl` texts and everyone who signed them off.
fn summarize(shared: &PolicyStatus, row: &mut Row) {
    for r in &shared.rows {
        for (li, cell) in r.cells.iter().enumerate() {
            row.cells[li] = row.cells[li].max(*cell);
            let Some(s) = &r.signoff[li] else { continue };
            let sum = row.signoff[li].get_or_insert_with(SignOff::default);
            for b in &s.reviewers {
                if !sum.reviewers.contains(b) {
                    sum.reviewers.push(b.clone());
                }
            }
            sum.reviewers.sort();
            sum.unknown += s.unknown;
            sum.reviewed += s.reviewed;
            sum.messages += s.messages;
            if s.date > sum.date {
                sum.date.clone_from(&s.date);
            }
        }
    }
}

/// Fills each row's sign-off per locale from the lock (records under
/// `owner`), and marks a translated row with a text that has none as
/// unreviewed.
fn signoffs(
    ws: &Workspace,
    lock: &crate::lock::Lock,
    owner: &str,
    locales: &[String],
    texts: &[Text],
    rows: &mut [Row],
) {
    for (li, tag) in locales.iter().enumerate() {
        if *tag == ws.config.workspace.reference {
            continue;
        }
        for t in texts {
            let row = &mut rows[t.row];
            let s = row.signoff[li].get_or_insert_with(SignOff::default);
            s.messages += 1;
            match lock.get(owner, tag, &t.key) {
                Some(rec) => {
                    s.reviewed += 1;
                    match &rec.by {
                        Some(b) if !s.reviewers.contains(b) => s.reviewers.push(b.clone()),
                        Some(_) => {}
                        None => s.unknown += 1,
                    }
                    if rec.date.is_some() && rec.date > s.date {
                        s.date.clone_from(&rec.date);
                    }
                }
                None if t.translated[li] && row.cells[li] == Cell::Ok => {
                    row.cells[li] = Cell::Unreviewed
                }
                None => {}
            }
        }
        for row in rows.iter_mut() {
            if let Some(s) = &mut row.signoff[li] {
                s.reviewers.sort();
            }
        }
    }
}

impl Row {
    /// Whether the row is ok in every locale.
    fn is_ok(&self) -> bool {
        self.cells.iter().all(|c| *c == Cell::Ok)
    }
}

impl PolicyStatus {
    /// What a row is: a policy's section, or a label of `_shared.ftl`.
    fn row_kind(&self) -> &'static str {
        if self.policy == SHARED {
            "label"
        } else {
            "section"
        }
    }
}

impl Status {
    /// Every table: the policies', then `_shared.ftl`'s.
    fn tables(&self) -> impl Iterator<Item = &PolicyStatus> {
        self.policies.iter().chain(&self.shared)
    }

    /// A plain-text table for the terminal. Texts from the FTL files and
    /// the lock are shown with their control characters visible.
    pub fn to_text(&self) -> String {
        let line = |s: &str| visible_line(s).into_owned();
        let mut out = String::new();
        for p in self.tables() {
            let sections: Vec<String> = p.rows.iter().map(|r| line(&r.section)).collect();
            let width = sections
                .iter()
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(8)
                .max(8);
            if p.policy == SHARED {
                let _ = writeln!(out, "shared labels and terms ({SHARED}.ftl)");
            } else {
                let _ = writeln!(out, "policy {}", line(&p.policy));
            }
            let _ = write!(out, "  {:width$}", p.row_kind());
            for l in &p.locales {
                let _ = write!(out, "  {:<12}", line(l));
            }
            out.push('\n');
            for (r, section) in p.rows.iter().zip(&sections) {
                let _ = write!(out, "  {section:width$}");
                for c in &r.cells {
                    let _ = write!(out, "  {:<12}", c.word());
                }
                out.push('\n');
            }
            let _ = write!(out, "  {:width$}", "complete");
            for c in &p.completeness {
                let _ = write!(out, "  {:<12}", format!("{}%", c.percent));
            }
            out.push('\n');
            signoff_text(p, &mut out);
            for s in &p.stale {
                let _ = writeln!(
                    out,
                    "  stale {} {}:\n    was: {}\n    now: {}",
                    line(&s.locale),
                    line(&s.key),
                    line(&s.old),
                    line(&s.new)
                );
                if !s.diff.is_empty() {
                    let marked = crate::diff::marked(&s.diff);
                    let _ = writeln!(out, "    changed: {}", line(&marked));
                }
            }
            for c in &p.changed_after_review {
                let _ = writeln!(
                    out,
                    "  changed after review {} {}",
                    line(&c.locale),
                    line(&c.key)
                );
            }
            out.push('\n');
        }
        out
    }

    /// A Markdown report to paste into a pull-request comment. Every text
    /// from the FTL files and the lock is escaped ([`md_text`], [`md_code`]):
    /// it stays one line of plain text in one table cell or list item.
    ///
    /// Rows that are ok in every locale are left out unless `all`: a
    /// reviewer reads what needs work.
    pub fn to_markdown(&self, all: bool) -> String {
        let mut out = String::from("## Translation status\n\n");
        for p in self.tables() {
            let locales: Vec<String> = p.locales.iter().map(|l| md_text(l)).collect();
            if p.policy == SHARED {
                let _ = writeln!(out, "### Shared labels and terms (`{SHARED}.ftl`)\n");
            } else {
                let _ = writeln!(out, "### {}\n", md_code(&p.policy));
            }
            let shown: Vec<&Row> = p.rows.iter().filter(|r| all || !r.is_ok()).collect();
            let ok = p.rows.len() - shown.len();
            if shown.is_empty() {
                let _ = writeln!(out, "Every {} is ok in every locale.\n", p.row_kind());
            } else if ok > 0 {
                let _ = writeln!(
                    out,
                    "Not listed: {ok} {}(s) ok in every locale (`--all` lists them).\n",
                    p.row_kind()
                );
            }
            if !shown.is_empty() {
                let _ = writeln!(out, "| {} | {} |", p.row_kind(), locales.join(" | "));
                let _ = writeln!(out, "|---|{}", "---|".repeat(p.locales.len()));
            }
            for r in shown {
                let cells: Vec<String> = r
                    .cells
                    .iter()
                    .map(|c| match c {
                        Cell::Ok => "✅ ok".to_string(),
                        Cell::Unreviewed => "🔍 unreviewed".to_string(),
                        Cell::Warning => "💬 warning".to_string(),
                        Cell::Changed => "❌ changed after review".to_string(),
                        Cell::Missing => "❌ missing".to_string(),
                        Cell::Stale => "⚠️ stale".to_string(),
                        Cell::Inconsistent => "⚠️ inconsistent".to_string(),
                    })
                    .collect();
                let _ = writeln!(out, "| {} | {} |", md_code(&r.section), cells.join(" | "));
            }
            let pct: Vec<String> = p
                .completeness
                .iter()
                .map(|c| format!("**{}%**", c.percent))
                .collect();
            let _ = writeln!(out, "| complete | {} |\n", pct.join(" | "));
            signoff_markdown(p, all, &mut out);
            for s in &p.stale {
                let _ = writeln!(
                    out,
                    "- {} {} is stale: the reference changed\n  - from: {}\n  - to: {}",
                    md_code(&s.locale),
                    md_code(&s.key),
                    md_text(&s.old),
                    md_text(&s.new)
                );
                if !s.diff.is_empty() {
                    let _ = writeln!(out, "  - change: {}", md_diff(&s.diff));
                }
            }
            for c in &p.changed_after_review {
                let _ = writeln!(
                    out,
                    "- {} {} changed after review: it is not the text that was signed off",
                    md_code(&c.locale),
                    md_code(&c.key)
                );
            }
            if !p.stale.is_empty() || !p.changed_after_review.is_empty() {
                out.push('\n');
            }
        }
        out
    }
}

/// Whether any section of a policy has a sign-off column (a lock exists).
fn has_signoff(p: &PolicyStatus) -> bool {
    p.rows.iter().any(|r| r.signoff.iter().any(Option::is_some))
}

/// Sign-off for a terminal: per locale, who signed which sections off
/// and when (`-`: nobody), sections with the same sign-off on one line;
/// every text from the lock visible.
fn signoff_text(p: &PolicyStatus, out: &mut String) {
    if !has_signoff(p) {
        return;
    }
    let _ = writeln!(out, "  signed off");
    for (i, l) in p.locales.iter().enumerate() {
        // Sign-off -> sections, in document order of first appearance.
        let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
        for r in &p.rows {
            let Some(s) = &r.signoff[i] else { continue };
            let d = s.describe();
            match groups.iter_mut().find(|(g, _)| *g == d) {
                Some((_, v)) => v.push(&r.section),
                None => groups.push((d, vec![&r.section])),
            }
        }
        if groups.is_empty() {
            continue;
        }
        let all = groups.len() == 1;
        let parts: Vec<String> = groups
            .iter()
            .map(|(d, sections)| {
                let which = if all {
                    format!("every {}", p.row_kind())
                } else {
                    sections.join(", ")
                };
                format!("{}: {}", visible_line(d), visible_line(&which))
            })
            .collect();
        let _ = writeln!(out, "    {:<6} {}", visible_line(l), parts.join("; "));
    }
}

/// The sign-off table in Markdown, every text from the lock escaped: of
/// the rows that are not ok, unless `all`.
fn signoff_markdown(p: &PolicyStatus, all: bool, out: &mut String) {
    let shown: Vec<&Row> = p.rows.iter().filter(|r| all || !r.is_ok()).collect();
    if !has_signoff(p) || shown.is_empty() {
        return;
    }
    let locales: Vec<String> = p.locales.iter().map(|l| md_text(l)).collect();
    let _ = writeln!(out, "#### Sign-off\n");
    let _ = writeln!(out, "| {} | {} |", p.row_kind(), locales.join(" | "));
    let _ = writeln!(out, "|---|{}", "---|".repeat(p.locales.len()));
    for r in shown {
        let cells: Vec<String> = r
            .signoff
            .iter()
            .map(|s| {
                s.as_ref()
                    .map_or("reference".to_string(), |s| md_text(&s.describe()))
            })
            .collect();
        let _ = writeln!(out, "| {} | {} |", md_code(&r.section), cells.join(" | "));
    }
    out.push('\n');
}

/// A word-level change in Markdown: removed words in `<del>`, added in
/// `<ins>` (GitHub renders both), every word escaped.
pub fn md_diff(diff: &[crate::diff::Span]) -> String {
    use crate::diff::SpanKind;
    let mut out = String::new();
    for s in diff {
        let t = md_text(&s.text);
        match s.kind {
            SpanKind::Kept => out.push_str(&t),
            SpanKind::Removed => {
                let _ = write!(out, "<del>{t}</del>");
            }
            SpanKind::Added => {
                let _ = write!(out, "<ins>{t}</ins>");
            }
        }
    }
    out
}

/// Text as one line of plain Markdown (GitHub Flavored), safe inside a
/// table cell or a list item: every character that can start markup,
/// a link, an autolink, an entity, HTML or a table cell is
/// backslash-escaped (CommonMark shows an escaped ASCII punctuation
/// character as itself; `-`, `+`, `=` and digits matter only at the start
/// of a line, where this text never is); line breaks and other control characters become
/// visible (`␊`), so the text cannot start a line of its own.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in visible_line(s).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '#' | '!' | '~' | '$'
            | ':' | '@' => {
                out.push('\\');
                out.push(c);
            }
            // `www.` starts an autolink even without a scheme.
            '.' if out
                .get(out.len().saturating_sub(3)..)
                .is_some_and(|w| w.eq_ignore_ascii_case("www")) =>
            {
                out.push_str("\\.")
            }
            c => out.push(c),
        }
    }
    out
}

/// An id in a code span when it is a plain identifier (as policy and
/// section ids and locale tags are), else as [`md_text`]: a backtick
/// cannot be escaped inside a code span.
pub fn md_code(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        format!("`{s}`")
    } else {
        md_text(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_cannot_make_markup_or_a_new_line() {
        assert_eq!(
            md_text("<img src=x> [a](b) | c\n## d"),
            "\\<img src=x\\> \\[a\\](b) \\| c␊\\#\\# d"
        );
        assert_eq!(md_text("see www.example.test"), "see www\\.example.test");
        assert_eq!(md_code("intro"), "`intro`");
        assert_eq!(md_code("a`b"), "a\\`b");
    }
}
