//! The HTML backends: a standalone web page, a body-only fragment for
//! embedding in an existing site, and a print-ready page (CSS paged media,
//! A4) that a browser prints to a correct PDF.
//!
//! All three render minijinja templates (`page.html.jinja`,
//! `fragment.html.jinja`, `print.html.jinja`) with HTML auto-escaping; the
//! only pre-rendered HTML is inline text, produced here from the document
//! tree with every piece of translated text escaped.

use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use super::backend::{page_path, Format, RenderContext, Renderer, PAGE_LABELS, PRINTED_LABELS};
use super::templates::{doc_value, labels_value};
use crate::diag::Diagnostic;
use crate::doc::{Block, Document, Inline, Section};

/// Which of the HTML outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Page,
    Fragment,
    Print,
}

/// An HTML backend.
pub struct Html(pub Kind);

#[derive(Serialize)]
struct Alternate<'a> {
    tag: &'a str,
    href: String,
    title: &'a str,
    language: &'a str,
}

#[derive(Serialize)]
struct PageContext<'a> {
    doc: minijinja::Value,
    labels: minijinja::Value,
    /// Preamble, table of contents, sections and epilogue, as HTML.
    body: minijinja::Value,
    /// The table of contents alone.
    toc: minijinja::Value,
    canonical: Option<String>,
    alternates: Vec<Alternate<'a>>,
    /// The localized "Page N of M" as a CSS `content` value.
    page_of_css: String,
    /// The title and document id as CSS strings (running header/footer).
    title_css: String,
    document_id_css: String,
}

impl Html {
    fn template(&self) -> &'static str {
        match self.0 {
            Kind::Page => "page.html.jinja",
            Kind::Fragment => "fragment.html.jinja",
            Kind::Print => "print.html.jinja",
        }
    }
}

impl Renderer for Html {
    fn format(&self) -> Format {
        match self.0 {
            Kind::Page => Format::Html,
            Kind::Fragment => Format::Fragment,
            Kind::Print => Format::Print,
        }
    }

    fn labels(&self) -> Vec<&'static str> {
        match self.0 {
            Kind::Print => [PAGE_LABELS, PRINTED_LABELS].concat(),
            Kind::Page | Kind::Fragment => PAGE_LABELS.to_vec(),
        }
    }

    fn render(&self, doc: &Arc<Document>, cx: &RenderContext) -> Result<Vec<u8>, Diagnostic> {
        let html = &cx.config.html;
        let own = self.path(doc);
        let href = |code: &str, slug: &str| -> String {
            let rel = page_path(code, slug, self.format());
            match &html.base_url {
                Some(base) => format!("{}/{rel}", base.trim_end_matches('/')),
                None => format!("../{rel}"),
            }
        };
        let canonical = html
            .base_url
            .as_ref()
            .map(|b| format!("{}/{}", b.trim_end_matches('/'), own.to_string_lossy()));
        let alternates: Vec<Alternate> = doc
            .translations
            .iter()
            .map(|t| Alternate {
                tag: &t.tag,
                href: href(&t.code, &t.slug),
                title: &t.title,
                language: &t.language,
            })
            .collect();
        let page_of = doc.labels.get("page-of").cloned().unwrap_or_default();
        let toc = toc_html(doc);
        let mut body = String::with_capacity(16 * 1024);
        body_html(doc, &toc, &mut body);
        // The page: the body, the style sheet and the head.
        let size = body.len() + 12 * 1024;
        let context = PageContext {
            doc: doc_value(doc),
            labels: labels_value(&doc.labels),
            body: minijinja::Value::from_safe_string(body),
            toc: minijinja::Value::from_safe_string(toc),
            canonical,
            alternates,
            page_of_css: page_of_css(&page_of),
            title_css: css_string(&doc.title),
            document_id_css: css_string(&doc.control.document_id),
        };
        cx.templates
            .render(self.template(), context, cx.sources, size)
    }
}

/// The page body: preamble, table of contents, sections and epilogue.
fn body_html(doc: &Document, toc: &str, out: &mut String) {
    for b in &doc.preamble {
        block_html(b, out);
    }
    out.push_str(toc);
    for s in &doc.sections {
        section_html(s, out);
    }
    for b in &doc.epilogue {
        block_html(b, out);
    }
}

/// The table of contents: a nested list of links to the section anchors.
pub fn toc_html(doc: &Document) -> String {
    fn list(sections: &[Section], out: &mut String) {
        out.push_str("<ol>\n");
        for s in sections {
            out.push_str("<li><a href=\"#");
            out.push_str(&s.id);
            out.push_str("\">");
            number_html(s, out);
            escape_html(&s.title_text, out);
            out.push_str("</a>");
            if !s.sections.is_empty() {
                out.push('\n');
                list(&s.sections, out);
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
    }
    let mut out =
        String::from("<nav class=\"toc\" aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">");
    escape_html(
        doc.labels.get("contents-label").map_or("", String::as_str),
        &mut out,
    );
    out.push_str("</h2>\n");
    list(&doc.sections, &mut out);
    out.push_str("</nav>\n");
    out
}

fn number_html(s: &Section, out: &mut String) {
    if let Some(n) = &s.number {
        out.push_str("<span class=\"num\">");
        out.push_str(n);
        out.push_str(if s.depth == 1 {
            ".</span> "
        } else {
            "</span> "
        });
    }
}

/// A section and its sub-sections; the heading level follows the depth
/// (the document title is the only `h1`).
pub fn section_html(s: &Section, out: &mut String) {
    // Pages are assembled from string pieces (`push_str`, `extend`):
    // `write!` and a string per block were a tenth of rendering.
    let level = ["1", "2", "3", "4", "5", "6"][(s.depth + 1).clamp(1, 6) - 1];
    out.extend([
        "<section id=\"",
        &s.id,
        "\" aria-labelledby=\"",
        &s.id,
        "-title\">\n<h",
        level,
        " id=\"",
        &s.id,
        "-title\">",
    ]);
    number_html(s, out);
    push_inlines(&s.title, out);
    out.extend(["</h", level, ">\n"]);
    for b in &s.blocks {
        block_html(b, out);
    }
    for c in &s.sections {
        section_html(c, out);
    }
    out.push_str("</section>\n");
}

/// One block as HTML.
pub fn block_html(b: &Block, out: &mut String) {
    match b {
        Block::Paragraph { content } => {
            out.push_str("<p>");
            push_inlines(content, out);
            out.push_str("</p>\n");
        }
        Block::Lead { content } => {
            out.push_str("<p class=\"lead\">");
            push_inlines(content, out);
            out.push_str("</p>\n");
        }
        Block::Note {
            id,
            title,
            paragraphs,
            ..
        } => {
            out.extend([
                "<div class=\"note\" role=\"note\" aria-labelledby=\"note-",
                id,
                "\">\n<p class=\"note-title\" id=\"note-",
                id,
                "\">",
            ]);
            push_inlines(title, out);
            out.push_str("</p>\n");
            for p in paragraphs {
                out.push_str("<p>");
                push_inlines(p, out);
                out.push_str("</p>\n");
            }
            out.push_str("</div>\n");
        }
        Block::List { ordered, items } => {
            out.push_str(if *ordered { "<ol>\n" } else { "<ul>\n" });
            for item in items {
                out.push_str("<li>");
                if let Some(label) = &item.label {
                    out.push_str("<strong class=\"label\">");
                    push_inlines(label, out);
                    out.push_str(":</strong> ");
                }
                push_inlines(&item.content, out);
                out.push_str("</li>\n");
            }
            out.push_str(if *ordered { "</ol>\n" } else { "</ul>\n" });
        }
        Block::Table { header, rows, .. } => {
            out.push_str("<div class=\"table-wrap\">\n<table>\n<thead>\n<tr>");
            for h in header {
                out.push_str("<th scope=\"col\">");
                push_inlines(h, out);
                out.push_str("</th>");
            }
            out.push_str("</tr>\n</thead>\n<tbody>\n");
            // Each cell names its column, for the stacked layout on phones.
            let labels: Vec<String> = header
                .iter()
                .map(|h| {
                    let mut label = String::new();
                    escape_html(&crate::doc::plain_text(h), &mut label);
                    label
                })
                .collect();
            for r in rows {
                out.push_str("<tr>");
                for (i, c) in r.iter().enumerate() {
                    match labels.get(i) {
                        Some(l) => out.extend(["<td data-label=\"", l.as_str(), "\">"]),
                        None => out.push_str("<td>"),
                    }
                    push_inlines(c, out);
                    out.push_str("</td>");
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n</div>\n");
        }
    }
}

/// A CSS string literal: quoted, with quotes, backslashes, newlines and
/// `<` escaped (it sits inside a `<style>` element).
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => {
                let _ = write!(out, "\\{:x} ", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\{:x} ", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// "Side {page} af {pages}" → `"Side " counter(page) " af " counter(pages)`.
pub fn page_of_css(label: &str) -> String {
    let parts: Vec<String> = super::backend::page_label_parts(label)
        .into_iter()
        .map(|p| match p {
            super::backend::PagePart::Text(t) => css_string(t),
            super::backend::PagePart::Page => "counter(page)".to_string(),
            super::backend::PagePart::Pages => "counter(pages)".to_string(),
        })
        .collect();
    parts.join(" ")
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str, out: &mut String) {
    // Copies the runs between the five special (ASCII) bytes in one go,
    // found by a tight scan over a table.
    static SPECIAL: [u8; 256] = crate::markup::byte_class([0; 256], b"&<>\"'", 1);
    let bytes = s.as_bytes();
    let mut run = 0;
    while let Some(skip) = bytes[run..]
        .iter()
        .position(|&b| SPECIAL[usize::from(b)] != 0)
    {
        let at = run + skip;
        out.push_str(&s[run..at]);
        out.push_str(match bytes[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        run = at + 1;
    }
    out.push_str(&s[run..]);
}

/// Inline nodes to HTML. Text is escaped; link targets were checked for
/// their scheme when the translation was parsed.
pub fn inlines_to_html(nodes: &[Inline]) -> String {
    let mut out = String::new();
    push_inlines(nodes, &mut out);
    out
}

/// Inline content as HTML, appended to `out`.
fn push_inlines(nodes: &[Inline], out: &mut String) {
    for n in nodes {
        inline(n, out);
    }
}

fn inline(n: &Inline, out: &mut String) {
    match n {
        Inline::Text { text } => escape_html(text, out),
        Inline::Emphasis { children } => wrap("em", children, out),
        Inline::Strong { children } => wrap("strong", children, out),
        Inline::Code { text } => {
            out.push_str("<code>");
            escape_html(text, out);
            out.push_str("</code>");
        }
        Inline::Link {
            href,
            title,
            children,
        } => {
            out.push_str("<a href=\"");
            // A browser reads `\` in a URL as `/`; Markdown readers write
            // it as `%5C`, the character the translator typed.
            if href.contains('\\') {
                escape_html(&href.replace('\\', "%5C"), out);
            } else {
                escape_html(href, out);
            }
            if !title.is_empty() {
                out.push_str("\" title=\"");
                escape_html(title, out);
            }
            out.push_str("\">");
            children.iter().for_each(|c| inline(c, out));
            out.push_str("</a>");
        }
        Inline::LineBreak => out.push_str("<br>"),
        Inline::Html { html } => out.push_str(html),
    }
}

fn wrap(tag: &str, children: &[Inline], out: &mut String) {
    out.extend(["<", tag, ">"]);
    children.iter().for_each(|c| inline(c, out));
    out.extend(["</", tag, ">"]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translated_text_cannot_open_tags_or_attributes() {
        let nodes = vec![
            Inline::Text {
                text: "<script>alert('x')</script> & \"q\"".into(),
            },
            Inline::Link {
                href: "/a\"onmouseover=\"x".into(),
                title: String::new(),
                children: vec![Inline::Text { text: "l".into() }],
            },
        ];
        assert_eq!(
            inlines_to_html(&nodes),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;<a href=\"/a&quot;onmouseover=&quot;x\">l</a>"
        );
    }

    #[test]
    fn a_link_keeps_its_title_and_a_backslash_is_percent_encoded() {
        let nodes = vec![Inline::Link {
            href: r"C:\data".into(),
            title: "The \"file\"".into(),
            children: vec![Inline::Text { text: "f".into() }],
        }];
        assert_eq!(
            inlines_to_html(&nodes),
            "<a href=\"C:%5Cdata\" title=\"The &quot;file&quot;\">f</a>"
        );
    }

    #[test]
    fn escaping_by_table_scan_matches_escaping_by_characters() {
        let oracle = |s: &str| {
            let mut out = String::new();
            for c in s.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&#39;"),
                    c => out.push(c),
                }
            }
            out
        };
        let pieces = [
            "&",
            "<",
            ">",
            "\"",
            "'",
            "a",
            "ø",
            " ",
            "&amp;",
            "\u{1F600}",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = [a, b, c].concat();
                    let mut out = String::from("kept:");
                    escape_html(&s, &mut out);
                    assert_eq!(out, format!("kept:{}", oracle(&s)), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn page_label_becomes_css_counters() {
        assert_eq!(
            page_of_css("Side {page} af {pages}"),
            "\"Side \" counter(page) \" af \" counter(pages)"
        );
        assert_eq!(
            page_of_css("{page}/{pages}"),
            "counter(page) \"/\" counter(pages)"
        );
        assert_eq!(css_string("a\"b</style>"), "\"a\\22 b\\3c /style\\3e \"");
    }
}
