//! `policyc status`: translation completeness at a glance. Per policy, a
//! section × locale matrix (ok / missing / stale / inconsistent) and a
//! completeness percentage per locale, derived from the same diagnostics
//! `check` reports; printed for a terminal, as JSON, or as Markdown for a
//! pull-request comment.

use std::fmt::Write as _;

use serde::Serialize;

use crate::diag::{visible_line, Code, Diagnostic};
use crate::workspace::Workspace;

/// The state of one section in one locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cell {
    Ok,
    Inconsistent,
    Stale,
    Missing,
}

impl Cell {
    fn word(self) -> &'static str {
        match self {
            Cell::Ok => "ok",
            Cell::Inconsistent => "inconsistent",
            Cell::Stale => "stale",
            Cell::Missing => "missing",
        }
    }
}

/// One row of the matrix: a section (or `policy`, the document-level text).
#[derive(Debug, Serialize)]
pub struct Row {
    pub section: String,
    pub cells: Vec<Cell>,
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
}

/// Status of one policy.
#[derive(Debug, Serialize)]
pub struct PolicyStatus {
    pub policy: String,
    pub locales: Vec<String>,
    pub rows: Vec<Row>,
    pub completeness: Vec<Completeness>,
    pub stale: Vec<StaleText>,
}

/// Status of the workspace.
#[derive(Debug, Serialize)]
pub struct Status {
    pub version: u32,
    pub reference: String,
    pub policies: Vec<PolicyStatus>,
}

fn classify(code: Code) -> Option<Cell> {
    use Code::*;
    Some(match code {
        MissingSection | MissingText | MissingFile | MissingLocale | FtlSyntax | EmptyText => {
            Cell::Missing
        }
        Stale => Cell::Stale,
        MissingReference | MarkupDrift | LiteralFact | Untranslated | UnknownVariable
        | UnknownMessage | UnknownTerm | UnknownFunction | UnknownSection | RawHtml
        | UnsafeLink | StructureInText | MultipleParagraphs | DuplicateMessage | Unreviewed => {
            Cell::Inconsistent
        }
        _ => return None,
    })
}

/// Builds the status from a workspace and the diagnostics of a check.
pub fn status(ws: &Workspace, diags: &[Diagnostic]) -> Status {
    let mut policies = Vec::new();
    for policy in &ws.policies {
        let locales: Vec<String> = ws.locales.iter().map(|l| l.tag.clone()).collect();
        let mut sections = vec!["policy".to_string()];
        sections.extend(policy.all_sections().iter().map(|s| s.id.clone()));
        let mut rows: Vec<Row> = sections
            .iter()
            .map(|s| Row {
                section: s.clone(),
                cells: vec![Cell::Ok; locales.len()],
            })
            .collect();
        for d in diags {
            let Some(cell) = classify(d.code) else {
                continue;
            };
            if d.policy.as_deref().is_some_and(|p| p != policy.id) {
                continue;
            }
            let Some(li) = d
                .locale
                .as_ref()
                .and_then(|l| locales.iter().position(|x| x == l))
            else {
                continue;
            };
            let whole_file = matches!(d.code, Code::MissingFile | Code::MissingLocale)
                || (d.code == Code::FtlSyntax && d.section.is_none());
            for row in rows.iter_mut() {
                let hit = whole_file || d.section.as_deref().unwrap_or("policy") == row.section;
                if hit && row.cells[li] < cell {
                    row.cells[li] = cell;
                }
            }
        }
        let required = policy.required_texts();
        let completeness = ws
            .locales
            .iter()
            .map(|l| {
                let translated = l.files.get(&policy.id).map_or(0, |f| {
                    required
                        .iter()
                        .filter(|r| {
                            f.messages()
                                .get(r.message)
                                .is_some_and(|m| match &r.attribute {
                                    Some(a) => m.attributes.contains_key(a),
                                    None => m.value.is_some(),
                                })
                        })
                        .count()
                });
                let percent = if required.is_empty() {
                    100.0
                } else {
                    (translated as f64 * 1000.0 / required.len() as f64).floor() / 10.0
                };
                Completeness {
                    locale: l.tag.clone(),
                    translated,
                    required: required.len(),
                    percent,
                }
            })
            .collect();
        let stale = diags
            .iter()
            .filter(|d| d.code == Code::Stale && d.policy.as_deref() == Some(&policy.id))
            .map(|d| {
                let note = |prefix: &str| {
                    d.notes
                        .iter()
                        .find_map(|n| n.strip_prefix(prefix).map(str::to_string))
                        .unwrap_or_default()
                };
                StaleText {
                    locale: d.locale.clone().unwrap_or_default(),
                    key: d.message.split('`').nth(1).unwrap_or_default().to_string(),
                    old: note("reference was: "),
                    new: note("reference now: "),
                }
            })
            .collect();
        policies.push(PolicyStatus {
            policy: policy.id.clone(),
            locales,
            rows,
            completeness,
            stale,
        });
    }
    Status {
        version: 1,
        reference: ws.config.workspace.reference.clone(),
        policies,
    }
}

impl Status {
    /// Whether every cell of every policy is ok.
    pub fn all_ok(&self) -> bool {
        self.policies.iter().all(|p| {
            p.rows
                .iter()
                .all(|r| r.cells.iter().all(|c| *c == Cell::Ok))
        })
    }

    /// A plain-text table for the terminal. Texts from the FTL files and
    /// the lock are shown with their control characters visible.
    pub fn to_text(&self) -> String {
        let line = |s: &str| visible_line(s).into_owned();
        let mut out = String::new();
        for p in &self.policies {
            let sections: Vec<String> = p.rows.iter().map(|r| line(&r.section)).collect();
            let width = sections
                .iter()
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(8)
                .max(8);
            let _ = writeln!(out, "policy {}", line(&p.policy));
            let _ = write!(out, "  {:width$}", "section");
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
            for s in &p.stale {
                let _ = writeln!(
                    out,
                    "  stale {} {}:\n    was: {}\n    now: {}",
                    line(&s.locale),
                    line(&s.key),
                    line(&s.old),
                    line(&s.new)
                );
            }
            out.push('\n');
        }
        out
    }

    /// A Markdown report to paste into a pull-request comment. Every text
    /// from the FTL files and the lock is escaped ([`md_text`], [`md_code`]):
    /// it stays one line of plain text in one table cell or list item.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("## Translation status\n\n");
        for p in &self.policies {
            let locales: Vec<String> = p.locales.iter().map(|l| md_text(l)).collect();
            let _ = writeln!(out, "### {}\n", md_code(&p.policy));
            let _ = writeln!(out, "| section | {} |", locales.join(" | "));
            let _ = writeln!(out, "|---|{}", "---|".repeat(p.locales.len()));
            for r in &p.rows {
                let cells: Vec<String> = r
                    .cells
                    .iter()
                    .map(|c| match c {
                        Cell::Ok => "✅ ok".to_string(),
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
            for s in &p.stale {
                let _ = writeln!(
                    out,
                    "- {} {} is stale: the reference changed\n  - from: {}\n  - to: {}",
                    md_code(&s.locale),
                    md_code(&s.key),
                    md_text(&s.old),
                    md_text(&s.new)
                );
            }
            if !p.stale.is_empty() {
                out.push('\n');
            }
        }
        out
    }
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
