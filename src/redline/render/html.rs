//! The redline as a standalone HTML page: `<ins>`/`<del>` with a visible
//! legend, and words for screen readers ("Inserted text: …").

use std::fmt::Write as _;

use super::{write, Heading, MetaRow, Page, Writer};
use crate::diff::{Span, SpanKind};
use crate::redline::compare::Comparison;
use crate::render::html::escape_html;

/// The redline as a standalone HTML page.
pub fn html(page: &Page<'_>, c: &Comparison) -> String {
    let mut w = Html {
        out: String::new(),
        inserted: esc(page.label("redline-inserted")),
        deleted: esc(page.label("redline-deleted")),
    };
    write(page, c, &mut w);
    w.out.push_str("</main>\n</body>\n</html>\n");
    w.out
}

/// Text escaped for HTML content and attributes; a control character
/// (say, from the name of a folder given as `--from`) becomes U+FFFD.
fn esc(s: &str) -> String {
    let visible = |c: char| {
        if c.is_control() && c != '\n' && c != '\t' {
            '\u{fffd}'
        } else {
            c
        }
    };
    let mut out = String::with_capacity(s.len());
    escape_html(&s.chars().map(visible).collect::<String>(), &mut out);
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

struct Html {
    out: String,
    /// The words a screen reader says before inserted and deleted text,
    /// escaped.
    inserted: String,
    deleted: String,
}

impl Html {
    /// Text kept, removed or added; a change with its hidden words.
    fn marked(&self, kind: SpanKind, text: &str) -> String {
        let (tag, words) = match kind {
            SpanKind::Kept => return esc(text),
            SpanKind::Removed => ("del", &self.deleted),
            SpanKind::Added => ("ins", &self.inserted),
        };
        format!(
            "<{tag}><span class=\"visually-hidden\">{words}: </span>{}</{tag}>",
            esc(text)
        )
    }
}

impl Writer for Html {
    fn start(&mut self, page: &Page<'_>) {
        let title = esc(&page.heading());
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n",
            esc(page.lang),
        );
    }

    fn ends(&mut self, [from, old]: [&str; 2], [to, new]: [&str; 2]) {
        let [from, old, to, new] = [from, old, to, new].map(esc);
        let _ = writeln!(
            self.out,
            "<p>{from}: <strong>{old}</strong> → {to}: <strong>{new}</strong></p>"
        );
    }

    fn warning(&mut self, text: &str) {
        let _ = writeln!(
            self.out,
            "<p class=\"warning\" role=\"note\"><strong>⚠</strong> {}</p>",
            esc(text)
        );
    }

    fn open_part(&mut self, id: &str, heading: &str) {
        let _ = writeln!(
            self.out,
            "<section aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>",
            esc(heading)
        );
    }

    fn close_part(&mut self) {
        self.out.push_str("</section>\n");
    }

    fn summary(&mut self, lines: &[(String, Vec<String>)]) {
        if lines.is_empty() {
            return;
        }
        self.out.push_str("<ul>\n");
        for (label, list) in lines {
            let _ = writeln!(
                self.out,
                "<li>{} ({}): {}</li>",
                esc(label),
                list.len(),
                esc(&list.join(", "))
            );
        }
        self.out.push_str("</ul>\n");
    }

    fn details(&mut self, [old, new]: [&str; 2], rows: &[MetaRow<'_>]) {
        let _ = writeln!(
            self.out,
            "<table>\n<thead><tr><td></td><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
            esc(old),
            esc(new)
        );
        for r in rows {
            let name = match r.fact {
                Some(fact) => format!("{} {fact}", r.label),
                None => r.label.to_string(),
            };
            let cell =
                |v: Option<&str>, kind| v.map_or("–".to_string(), |v| self.marked(kind, v));
            let row = format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>\n",
                esc(&name),
                cell(r.old, SpanKind::Removed),
                cell(r.new, SpanKind::Added)
            );
            self.out.push_str(&row);
        }
        self.out.push_str("</tbody>\n</table>\n");
    }

    fn legend(&mut self, heading: &str, inserted: &str, deleted: &str) {
        let [heading, inserted, deleted] = [heading, inserted, deleted].map(esc);
        let _ = writeln!(
            self.out,
            "<section class=\"legend\" aria-labelledby=\"legend\">\n<h2 id=\"legend\">{heading}</h2>\n\
             <ul>\n<li><ins>{inserted}</ins></li>\n<li><del>{deleted}</del></li>\n</ul>\n</section>"
        );
    }

    fn open_section(&mut self, h: &Heading) {
        let level = (h.depth + 1).min(6);
        let _ = writeln!(
            self.out,
            "<section id=\"{}\">\n<h{level}>{} <span class=\"badge\">{}</span></h{level}>",
            esc(&h.anchor),
            esc(&h.text),
            esc(&h.badge)
        );
    }

    fn close_section(&mut self) {
        self.out.push_str("</section>\n");
    }

    fn paragraph(&mut self, spans: &[Span]) {
        let inner: String = spans.iter().map(|s| self.marked(s.kind, &s.text)).collect();
        let _ = writeln!(self.out, "<p>{inner}</p>");
    }
}
