//! The redline in Markdown, for a pull-request comment: GitHub shows
//! `<ins>` and `<del>` as underlined and struck-through text.

use std::fmt::Write as _;

use super::{write, Heading, MetaRow, Page, Writer};
use crate::diff::Span;
use crate::redline::compare::Comparison;
use crate::status::{md_diff, md_text};

/// The redline in Markdown.
pub fn markdown(page: &Page<'_>, c: &Comparison) -> String {
    let mut w = Markdown(String::new());
    write(page, c, &mut w);
    w.0
}

struct Markdown(String);

impl Writer for Markdown {
    fn start(&mut self, page: &Page<'_>) {
        let _ = writeln!(
            self.0,
            "## {}: {}\n",
            md_text(page.label("redline-title")),
            md_text(page.title)
        );
    }

    fn ends(&mut self, [from, old]: [&str; 2], [to, new]: [&str; 2]) {
        let [from, old, to, new] = [from, old, to, new].map(md_text);
        let _ = writeln!(self.0, "{from}: {old} → {to}: {new}\n");
    }

    fn warning(&mut self, text: &str) {
        let _ = writeln!(self.0, "> ⚠️ {}\n", md_text(text));
    }

    fn open_part(&mut self, _id: &str, heading: &str) {
        let _ = writeln!(self.0, "### {}\n", md_text(heading));
    }

    fn close_part(&mut self) {}

    fn summary(&mut self, lines: &[(String, Vec<String>)]) {
        for (label, list) in lines {
            let list: Vec<String> = list.iter().map(|s| md_text(s)).collect();
            let _ = writeln!(
                self.0,
                "- {} ({}): {}",
                md_text(label),
                list.len(),
                list.join(", ")
            );
        }
        if !lines.is_empty() {
            self.0.push('\n');
        }
    }

    fn details(&mut self, [old, new]: [&str; 2], rows: &[MetaRow<'_>]) {
        let _ = writeln!(
            self.0,
            "| | {} | {} |\n|---|---|---|",
            md_text(old),
            md_text(new)
        );
        for r in rows {
            let name = match r.fact {
                Some(fact) => format!("{} `{fact}`", r.label),
                None => r.label.to_string(),
            };
            let _ = writeln!(
                self.0,
                "| {} | <del>{}</del> | <ins>{}</ins> |",
                md_text(&name),
                md_text(r.old.unwrap_or("–")),
                md_text(r.new.unwrap_or("–"))
            );
        }
        self.0.push('\n');
    }

    fn legend(&mut self, heading: &str, inserted: &str, deleted: &str) {
        let [heading, inserted, deleted] = [heading, inserted, deleted].map(md_text);
        let _ = writeln!(
            self.0,
            "{heading}: <ins>{inserted}</ins> · <del>{deleted}</del>\n"
        );
    }

    fn open_section(&mut self, h: &Heading) {
        let _ = writeln!(
            self.0,
            "{} {} — {}\n",
            "#".repeat((h.depth + 2).min(6)),
            md_text(&h.text),
            md_text(&h.badge)
        );
    }

    fn close_section(&mut self) {}

    fn paragraph(&mut self, spans: &[Span]) {
        let _ = writeln!(self.0, "{}\n", md_diff(spans));
    }
}
