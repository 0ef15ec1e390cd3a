//! A redline as Markdown (for a pull-request comment) and as a standalone
//! HTML page (`<ins>`/`<del>` with a visible legend and words for screen
//! readers, so a change is never told by colour alone). Every label comes
//! from the locale's `_shared.ftl`; every text is escaped for its target.

use std::fmt::Write as _;

use super::compare::{BlockChange, Comparison, SectionChange, SectionKind};
use crate::diff::{Span, SpanKind};
use crate::status::{md_diff, md_text};

/// The `_shared.ftl` labels a redline needs, in every locale.
pub const LABELS: &[&str] = &[
    "redline-title",
    "redline-from",
    "redline-to",
    "redline-summary",
    "redline-details",
    "redline-legend",
    "redline-inserted",
    "redline-deleted",
    "redline-added",
    "redline-removed",
    "redline-moved",
    "redline-changed",
    "redline-renumbered",
    "redline-unchanged",
    "redline-no-changes",
    "redline-not-approved",
    "redline-fact",
    "label-title",
    "label-version",
    "label-date",
    "label-effective",
];

/// Everything a page needs besides the comparison.
pub struct Page<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    /// The translation was stale, unreviewed or changed after review at
    /// either end.
    pub not_approved: bool,
    pub labels: &'a std::collections::BTreeMap<String, String>,
}

impl Page<'_> {
    fn label(&self, key: &str) -> &str {
        self.labels.get(key).map_or("missing-label", String::as_str)
    }

    fn kind_label(&self, k: SectionKind) -> &str {
        self.label(match k {
            SectionKind::Unchanged => "redline-unchanged",
            SectionKind::Changed => "redline-changed",
            SectionKind::Added => "redline-added",
            SectionKind::Removed => "redline-removed",
            SectionKind::Moved => "redline-moved",
        })
    }

    /// The summary lines: label, count, sections.
    fn summary(&self, c: &Comparison) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        let changed: Vec<String> = c.changed().map(SectionChange::heading).collect();
        if !changed.is_empty() {
            out.push((self.label("redline-changed").to_string(), changed));
        }
        for k in [SectionKind::Added, SectionKind::Removed, SectionKind::Moved] {
            let v: Vec<String> = c.of(k).map(SectionChange::heading).collect();
            if !v.is_empty() {
                out.push((self.kind_label(k).to_string(), v));
            }
        }
        out
    }

    fn meta_name(&self, field: &str, fact: bool) -> String {
        if fact {
            format!("{} `{field}`", self.label("redline-fact"))
        } else {
            self.label(field).to_string()
        }
    }

    fn badge(&self, s: &SectionChange) -> String {
        let mut b = self.kind_label(s.kind).to_string();
        if s.text_changed {
            let _ = write!(b, ", {}", self.label("redline-changed").to_lowercase());
        }
        if s.renumbered() {
            let _ = write!(
                b,
                ", {} {} → {}",
                self.label("redline-renumbered").to_lowercase(),
                s.old_number.as_deref().unwrap_or(""),
                s.new_number.as_deref().unwrap_or("")
            );
        }
        b
    }
}

/// The redline in Markdown.
pub fn markdown(page: &Page<'_>, c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## {}: {}\n",
        md_text(page.label("redline-title")),
        md_text(page.title)
    );
    let _ = writeln!(
        out,
        "{}: {} → {}: {}\n",
        md_text(page.label("redline-from")),
        md_text(page.from),
        md_text(page.label("redline-to")),
        md_text(page.to)
    );
    if page.not_approved {
        let _ = writeln!(
            out,
            "> ⚠️ {}\n",
            md_text(page.label("redline-not-approved"))
        );
    }
    let _ = writeln!(out, "### {}\n", md_text(page.label("redline-summary")));
    let summary = page.summary(c);
    if summary.is_empty() && c.meta.is_empty() {
        let _ = writeln!(out, "{}\n", md_text(page.label("redline-no-changes")));
    }
    for (label, list) in &summary {
        let list: Vec<String> = list.iter().map(|s| md_text(s)).collect();
        let _ = writeln!(
            out,
            "- {} ({}): {}",
            md_text(label),
            list.len(),
            list.join(", ")
        );
    }
    if !summary.is_empty() {
        out.push('\n');
    }
    if !c.meta.is_empty() {
        let _ = writeln!(out, "### {}\n", md_text(page.label("redline-details")));
        let _ = writeln!(
            out,
            "| | {} | {} |\n|---|---|---|",
            md_text(page.label("redline-from")),
            md_text(page.label("redline-to"))
        );
        for m in &c.meta {
            let _ = writeln!(
                out,
                "| {} | <del>{}</del> | <ins>{}</ins> |",
                md_text(&page.meta_name(&m.field, m.fact)),
                md_text(m.old.as_deref().unwrap_or("–")),
                md_text(m.new.as_deref().unwrap_or("–"))
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{}: <ins>{}</ins> · <del>{}</del>\n",
        md_text(page.label("redline-legend")),
        md_text(page.label("redline-inserted")),
        md_text(page.label("redline-deleted"))
    );
    for s in &c.sections {
        let hashes = "#".repeat((s.depth + 2).min(6));
        let _ = writeln!(
            out,
            "{hashes} {} — {}\n",
            md_text(&s.heading()),
            md_text(&page.badge(s))
        );
        for b in &s.blocks {
            match b {
                BlockChange::Kept { text } => {
                    let _ = writeln!(out, "{}\n", md_text(text));
                }
                BlockChange::Removed { text } => {
                    let _ = writeln!(out, "<del>{}</del>\n", md_text(text));
                }
                BlockChange::Added { text } => {
                    let _ = writeln!(out, "<ins>{}</ins>\n", md_text(text));
                }
                BlockChange::Changed { diff } => {
                    let _ = writeln!(out, "{}\n", md_diff(diff));
                }
            }
        }
    }
    out
}

/// HTML text and attribute escaping.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}\
ins{background:#d9f2d9;color:#0b3d0b;text-decoration:underline;text-decoration-thickness:2px}\
del{background:#fbe0e0;color:#5c0b0b;text-decoration:line-through;text-decoration-thickness:2px}\
.visually-hidden{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}\
.badge{font-size:.8em;font-weight:normal;border:1px solid #555;border-radius:.3em;padding:0 .4em;margin-left:.5em;color:#1a1a1a}\
.legend{border:1px solid #555;padding:.5rem 1rem}\
.warning{border:2px solid #8a5a00;padding:.5rem 1rem;background:#fff6e0;color:#1a1a1a}\
table{border-collapse:collapse}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left}";

fn ins(page: &Page<'_>, text: &str) -> String {
    format!(
        "<ins><span class=\"visually-hidden\">{}: </span>{}</ins>",
        esc(page.label("redline-inserted")),
        esc(text)
    )
}

fn del(page: &Page<'_>, text: &str) -> String {
    format!(
        "<del><span class=\"visually-hidden\">{}: </span>{}</del>",
        esc(page.label("redline-deleted")),
        esc(text)
    )
}

fn html_diff(page: &Page<'_>, diff: &[Span]) -> String {
    let mut out = String::new();
    for s in diff {
        match s.kind {
            SpanKind::Kept => out.push_str(&esc(&s.text)),
            SpanKind::Removed => out.push_str(&del(page, &s.text)),
            SpanKind::Added => out.push_str(&ins(page, &s.text)),
        }
    }
    out
}

/// The redline as a standalone HTML page.
pub fn html(page: &Page<'_>, c: &Comparison) -> String {
    let title = format!("{}: {}", page.label("redline-title"), page.title);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        esc(page.lang),
        esc(&title),
        esc(&title)
    );
    let _ = writeln!(
        out,
        "<p>{}: <strong>{}</strong> → {}: <strong>{}</strong></p>",
        esc(page.label("redline-from")),
        esc(page.from),
        esc(page.label("redline-to")),
        esc(page.to)
    );
    if page.not_approved {
        let _ = writeln!(
            out,
            "<p class=\"warning\" role=\"note\"><strong>⚠</strong> {}</p>",
            esc(page.label("redline-not-approved"))
        );
    }
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">{}</h2>",
        esc(page.label("redline-summary"))
    );
    let summary = page.summary(c);
    if summary.is_empty() && c.meta.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", esc(page.label("redline-no-changes")));
    }
    if !summary.is_empty() {
        out.push_str("<ul>\n");
        for (label, list) in &summary {
            let _ = writeln!(
                out,
                "<li>{} ({}): {}</li>",
                esc(label),
                list.len(),
                esc(&list.join(", "))
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    if !c.meta.is_empty() {
        let _ = writeln!(
            out,
            "<section aria-labelledby=\"details\">\n<h2 id=\"details\">{}</h2>\n<table>\n\
             <thead><tr><td></td><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
            esc(page.label("redline-details")),
            esc(page.label("redline-from")),
            esc(page.label("redline-to"))
        );
        for m in &c.meta {
            let cell = |v: &Option<String>, f: fn(&Page<'_>, &str) -> String| {
                v.as_deref().map_or("–".to_string(), |v| f(page, v))
            };
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                esc(&page.meta_name(&m.field, m.fact).replace('`', "")),
                cell(&m.old, del),
                cell(&m.new, ins)
            );
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
    let _ = writeln!(
        out,
        "<section class=\"legend\" aria-labelledby=\"legend\">\n<h2 id=\"legend\">{}</h2>\n\
         <ul>\n<li><ins>{}</ins></li>\n<li><del>{}</del></li>\n</ul>\n</section>",
        esc(page.label("redline-legend")),
        esc(page.label("redline-inserted")),
        esc(page.label("redline-deleted"))
    );
    for s in &c.sections {
        let level = (s.depth + 1).min(6);
        let _ = writeln!(
            out,
            "<section id=\"section-{}\">\n<h{level}>{} <span class=\"badge\">{}</span></h{level}>",
            esc(&s.id),
            esc(&s.heading()),
            esc(&page.badge(s))
        );
        for b in &s.blocks {
            let inner = match b {
                BlockChange::Kept { text } => esc(text),
                BlockChange::Removed { text } => del(page, text),
                BlockChange::Added { text } => ins(page, text),
                BlockChange::Changed { diff } => html_diff(page, diff),
            };
            let _ = writeln!(out, "<p>{inner}</p>");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
