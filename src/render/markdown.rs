//! The Markdown backend: CommonMark + GFM tables, YAML front matter with
//! site-configured keys, and Hugo shortcodes for notes, the lead and
//! run-in labels.
//!
//! Every piece of translated text is written through
//! [`escape_markdown_text`], so what a translator typed comes out as the
//! same text, never as new Markdown, HTML or a Hugo shortcode.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use yaml_rust2::yaml::{Hash, Yaml};
use yaml_rust2::YamlEmitter;

use super::backend::{Format, RenderContext, Renderer};
use super::templates::doc_value;
use crate::config::{FrontMatterValue, LeadStyle, MarkdownConfig};
use crate::diag::{Code, Diagnostic};
use crate::doc::{Block, Document, Inline, Section};

/// Writes `<code>/<slug>.md` into the output folder.
pub struct Markdown;

/// Writes pages into a site's content folder, with the site's layout and
/// Markdown settings.
pub struct SiteMarkdown {
    /// The site's name in `[sites.<name>]`.
    pub site: String,
    pub md: MarkdownConfig,
    pub pattern: String,
    format: String,
}

impl SiteMarkdown {
    pub fn new(
        name: &str,
        site: &crate::config::SiteConfig,
        base: &MarkdownConfig,
    ) -> SiteMarkdown {
        SiteMarkdown {
            site: name.to_string(),
            md: site.markdown(base),
            pattern: site.path.clone(),
            format: format!("site:{name}"),
        }
    }
}

impl Renderer for SiteMarkdown {
    fn format(&self) -> Format {
        Format::Md
    }

    fn name(&self) -> &str {
        &self.format
    }

    fn site(&self) -> Option<&str> {
        Some(&self.site)
    }

    fn path(&self, doc: &Document) -> PathBuf {
        let p = self
            .pattern
            .replace("{lang}", &doc.locale.code)
            .replace("{locale}", &doc.locale.tag)
            .replace("{slug}", &doc.slug)
            .replace("{policy}", &doc.policy);
        PathBuf::from(p)
    }

    fn check(&self, doc: &Document, _cx: &RenderContext) -> Result<(), Diagnostic> {
        front_matter_messages(doc, &self.md)
    }

    fn render(&self, doc: &Arc<Document>, cx: &RenderContext) -> Result<Vec<u8>, Diagnostic> {
        page(doc, &self.md, cx)
    }
}

fn page(
    doc: &Arc<Document>,
    md: &MarkdownConfig,
    cx: &RenderContext,
) -> Result<Vec<u8>, Diagnostic> {
    let front_matter = front_matter(doc, md)?;
    let body = body(doc, md);
    let size = front_matter.len() + body.len() + 256;
    cx.templates.render(
        "page.md.jinja",
        PageContext {
            front_matter,
            body,
            doc: doc_value(doc),
        },
        cx.sources,
        size,
    )
}

#[derive(Serialize)]
struct PageContext {
    front_matter: String,
    body: String,
    doc: minijinja::Value,
}

impl Renderer for Markdown {
    fn format(&self) -> Format {
        Format::Md
    }

    fn check(&self, doc: &Document, cx: &RenderContext) -> Result<(), Diagnostic> {
        front_matter_messages(doc, &cx.config.markdown)
    }

    fn render(&self, doc: &Arc<Document>, cx: &RenderContext) -> Result<Vec<u8>, Diagnostic> {
        page(doc, &cx.config.markdown, cx)
    }
}

/// The YAML front matter (without the `---` fences), written by a YAML
/// emitter that quotes whatever a YAML 1.1 or 1.2 reader could take for
/// something else (`no`, `yes`, `on`, `12:30`, `---`, newlines).
///
/// The emitter writes some characters raw that YAML reads as line breaks
/// (U+0085, U+2028, U+2029: Hugo then fails on the closing `---`, or
/// silently drops the keys after them) or does not allow unescaped (other
/// control characters, U+FEFF). A string holding one is given to the
/// emitter as a placeholder and written here as a double-quoted scalar
/// with every such character escaped, so the front matter is always one
/// document with the same keys and values.
pub fn front_matter(doc: &Document, md: &MarkdownConfig) -> Result<String, Diagnostic> {
    let mut map = Hash::new();
    let mut held = Vec::new();
    for (key, source) in &md.front_matter {
        let value = match source {
            FrontMatterValue::Field(field) => field_value(doc, field),
            FrontMatterValue::Value { value } => toml_to_yaml(value),
            FrontMatterValue::Message { message } => match doc.labels.get(message) {
                Some(text) => Yaml::String(text.clone()),
                None => return Err(missing_message(doc, key, message)),
            },
        };
        if value.is_null() {
            continue;
        }
        map.insert(
            hold_unsafe(Yaml::String(key.clone()), &mut held),
            hold_unsafe(value, &mut held),
        );
    }
    emit_yaml(map, &held)
}

/// Refuses a document whose locale lacks a message the front matter
/// shows (checked before any page is rendered).
fn front_matter_messages(doc: &Document, md: &MarkdownConfig) -> Result<(), Diagnostic> {
    for (key, source) in &md.front_matter {
        if let FrontMatterValue::Message { message } = source {
            if !doc.labels.contains_key(message) {
                return Err(missing_message(doc, key, message));
            }
        }
    }
    Ok(())
}

fn missing_message(doc: &Document, key: &str, message: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MissingLabel,
        format!(
            "front matter key `{key}` needs message `{message}`, which locale `{}` lacks",
            doc.locale.tag
        ),
    )
    .in_file(format!("locales/{}/_shared.ftl", doc.locale.tag))
    .locale(&doc.locale.tag)
    .policy(&doc.policy)
    .keys(vec![message.to_string()])
    .hint(format!(
        "add `{message} = …` (a message without variables) to the locale's `_shared.ftl`"
    ))
}

/// The YAML of a front matter whose strings [`hold_unsafe`] put in `held`.
fn emit_yaml(map: Hash, held: &[String]) -> Result<String, Diagnostic> {
    let mut out = String::new();
    YamlEmitter::new(&mut out)
        .dump(&Yaml::Hash(map))
        .map_err(|e| Diagnostic::new(Code::Yaml, format!("cannot write front matter: {e}")))?;
    for (i, s) in held.iter().enumerate() {
        // The emitter writes the placeholder `\0<i>\0` as this.
        out = out.replacen(&format!("\"\\u0000{i}\\u0000\""), &yaml_quoted(s), 1);
    }
    // The emitter starts a document with `---`; the template writes the fences.
    let body = out
        .strip_prefix("---")
        .unwrap_or(&out)
        .trim_start_matches('\n');
    Ok(format!("{body}\n"))
}

/// Whether YAML needs `c` escaped in a double-quoted scalar while the
/// emitter would write it raw: YAML's line breaks besides LF and CR, and
/// every character YAML does not allow as it is (control characters
/// other than tab, LF and CR; the byte order mark; U+FFFE and U+FFFF).
fn yaml_unsafe(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// `y` with each string that holds a [`yaml_unsafe`] character replaced
/// by the placeholder `\0<n>\0` (n its index in `held`, where the string
/// goes). No other string holds a NUL, so the emitted placeholder
/// (`"\u0000<n>\u0000"`) stands for that string alone.
fn hold_unsafe(y: Yaml, held: &mut Vec<String>) -> Yaml {
    match y {
        Yaml::String(s) if s.chars().any(yaml_unsafe) => {
            let placeholder = format!("\0{}\0", held.len());
            held.push(s);
            Yaml::String(placeholder)
        }
        Yaml::Array(a) => Yaml::Array(a.into_iter().map(|v| hold_unsafe(v, held)).collect()),
        Yaml::Hash(h) => Yaml::Hash(
            h.into_iter()
                .map(|(k, v)| (hold_unsafe(k, held), hold_unsafe(v, held)))
                .collect(),
        ),
        other => other,
    }
}

/// A YAML double-quoted scalar that reads back as `s` (YAML 1.1 and 1.2
/// escapes: `\N`, `\L`, `\P` for the line breaks the emitter misses).
fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if yaml_unsafe(c) => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn field_value(doc: &Document, field: &str) -> Yaml {
    let s = |v: &str| Yaml::String(v.to_string());
    match field {
        "title" => s(&doc.title),
        "intro" => s(&doc.intro),
        "lang" => s(&doc.locale.code),
        "locale" => s(&doc.locale.tag),
        "slug" => s(&doc.slug),
        "aliases" => {
            if doc.aliases.is_empty() {
                Yaml::Null
            } else {
                Yaml::Array(doc.aliases.iter().map(|a| s(a)).collect())
            }
        }
        "published" => s(&doc.published.iso),
        "effective" => doc.effective.as_ref().map_or(Yaml::Null, |d| s(&d.iso)),
        "version" => s(&doc.version),
        "document-id" => s(&doc.control.document_id),
        "category" => doc.control.category.as_deref().map_or(Yaml::Null, s),
        "classification" => doc.control.classification.as_deref().map_or(Yaml::Null, s),
        "prepared-by" => s(&doc.control.prepared_by),
        "approver" => s(&doc.control.approver),
        "policy" | "translation-key" => s(&doc.policy),
        _ => Yaml::Null,
    }
}

fn toml_to_yaml(v: &toml::Value) -> Yaml {
    match v {
        toml::Value::String(s) => Yaml::String(s.clone()),
        toml::Value::Integer(i) => Yaml::Integer(*i),
        toml::Value::Float(f) => Yaml::Real(f.to_string()),
        toml::Value::Boolean(b) => Yaml::Boolean(*b),
        toml::Value::Datetime(d) => Yaml::String(d.to_string()),
        toml::Value::Array(a) => Yaml::Array(a.iter().map(toml_to_yaml).collect()),
        toml::Value::Table(t) => {
            let mut m = Hash::new();
            for (k, v) in t {
                m.insert(Yaml::String(k.clone()), toml_to_yaml(v));
            }
            Yaml::Hash(m)
        }
    }
}

/// The page body: preamble, sections, epilogue, separated by blank lines.
/// Everything is written into one buffer (a page has dozens of blocks;
/// a string per block, joined at the end, cost a third of the time of
/// writing the page).
pub fn body(doc: &Document, md: &MarkdownConfig) -> String {
    let mut out = String::with_capacity(4096);
    for b in &doc.preamble {
        separate(&mut out);
        block(b, md, &mut out);
    }
    for s in &doc.sections {
        section(s, md, &mut out);
    }
    for b in &doc.epilogue {
        separate(&mut out);
        block(b, md, &mut out);
    }
    out.push('\n');
    out
}

/// The blank line between two parts of the body (none before the first).
fn separate(out: &mut String) {
    if !out.is_empty() {
        out.push_str("\n\n");
    }
}

fn section(s: &Section, md: &MarkdownConfig, out: &mut String) {
    separate(out);
    let level = (usize::from(md.heading_level) + s.depth - 1).min(6);
    for _ in 0..level {
        out.push('#');
    }
    out.push(' ');
    if let Some(n) = &s.number {
        out.push_str(n);
        out.push_str(if s.depth == 1 { ". " } else { " " });
    }
    inlines_in(&s.title, Place::Heading, out);
    if md.heading_ids {
        out.extend([" {#", &s.id, "}"]);
    }
    for b in &s.blocks {
        separate(out);
        block(b, md, out);
    }
    for c in &s.sections {
        section(c, md, out);
    }
}

fn block(b: &Block, md: &MarkdownConfig, out: &mut String) {
    match b {
        Block::Paragraph { content } => inlines_into(content, out),
        Block::Lead { content } => match md.lead {
            LeadStyle::Shortcode => {
                let name = &md.shortcodes.lead;
                out.extend(["{{< ", name, " >}}\n"]);
                inlines_into(content, out);
                out.extend(["\n{{< /", name, " >}}"]);
            }
            LeadStyle::Emphasis => {
                // A lead the translator already set in italics stays single-italic.
                let inner = match content.as_slice() {
                    [Inline::Emphasis { children }] => children.as_slice(),
                    other => other,
                };
                out.push('_');
                inlines_into(inner, out);
                out.push('_');
            }
        },
        Block::Note {
            title, paragraphs, ..
        } => {
            let name = &md.shortcodes.note;
            out.extend(["{{% ", name, " "]);
            out.push_str(&note_title(title));
            out.push_str(" %}}\n");
            for (i, p) in paragraphs.iter().enumerate() {
                if i > 0 {
                    out.push_str("\n\n");
                }
                inlines_into(p, out);
            }
            out.extend(["\n{{% /", name, " %}}"]);
        }
        Block::List { ordered, items } => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                if *ordered {
                    let _ = write!(out, "{}. ", i + 1);
                } else {
                    out.push_str("- ");
                }
                list_item(item.label.as_deref(), &item.content, md, out);
            }
        }
        // Goldmark makes `<dl>` only with its definition-list extension
        // (Hugo's default, but a site may turn it off, and then `: text`
        // runs into the term's paragraph): a term is written as the site
        // writes a run-in list label, which shows each term before its
        // definition, as the standalone page does, with the extension on
        // or off.
        Block::Definitions { items, .. } => {
            for (i, d) in items.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str("- ");
                list_item(Some(&d.term), &d.definition, md, out);
            }
        }
        Block::Table { header, rows, .. } => {
            let cells = |row: &[Vec<Inline>], out: &mut String| {
                out.push_str("| ");
                for (i, c) in row.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" | ");
                    }
                    inlines_in(c, Place::TableCell, out);
                }
                out.push_str(" |");
            };
            cells(header, out);
            out.push_str("\n|");
            for i in 0..header.len() {
                if i > 0 {
                    out.push('|');
                }
                out.push_str(" --- ");
            }
            out.push('|');
            for r in rows {
                out.push('\n');
                cells(r, out);
            }
        }
    }
}

fn list_item(label: Option<&[Inline]>, content: &[Inline], md: &MarkdownConfig, out: &mut String) {
    match label {
        None => {}
        Some(label) if md.shortcodes.label.is_empty() => {
            out.push_str("**");
            inlines_into(label, out);
            out.push_str(":** ");
        }
        Some(label) => {
            let text = crate::doc::plain_text(label);
            out.extend(["{{< ", &md.shortcodes.label, " "]);
            out.push_str(&shortcode_string(&text));
            out.push_str(" >}} ");
        }
    }
    inlines_into(content, out);
}

/// A string argument of a Hugo shortcode, with its quotes, that Hugo
/// reads back as exactly `s` (line breaks become spaces: Hugo ends a
/// quoted argument at a line end). Inside the quotes Hugo runs nothing:
/// `{{<`, `>}}` and HTML are the argument's text, and the site's template
/// escapes it for HTML.
///
/// Hugo's rules (its shortcode lexer): in `"…"`, `\"` is a quote and any
/// other backslash is itself, but once the argument holds an escaped
/// quote every backslash in it is dropped, and a backslash just before
/// the closing quote escapes it; `` `…` `` is raw, with no escapes and no
/// backtick. So: plain quotes when they serve, else backticks, else
/// escaped quotes (or, for a last backslash, a space before the quote). Text with `"`, `\` and `` ` `` together has no
/// spelling; it is refused when it is read
/// ([`crate::markup::shortcode_argument_problem`]), and
/// here loses its backslashes rather than breaking the page.
fn shortcode_string(s: &str) -> String {
    let s = if s.contains(['\n', '\r']) {
        std::borrow::Cow::Owned(s.replace(['\n', '\r'], " "))
    } else {
        std::borrow::Cow::Borrowed(s)
    };
    if !s.contains('"') && !s.ends_with('\\') {
        format!("\"{s}\"")
    } else if !s.contains('`') {
        format!("`{s}`")
    } else if !s.contains('"') {
        // A last backslash kept off the closing quote by a space, which
        // HTML does not show.
        format!("\"{s} \"")
    } else if !s.contains('\\') {
        format!("\"{}\"", s.replace('"', "\\\""))
    } else {
        format!("\"{}\"", s.replace('\\', "").replace('"', "\\\""))
    }
}

/// Where inline Markdown is written. A table cell and a heading are one
/// line (a hard break would end them), and a cell ends at a `|` even in a
/// code span; a shortcode argument is one line too, and is written for
/// Hugo's argument reader (see [`note_title`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Block,
    TableCell,
    Heading,
    Argument,
}

/// A note's title as the note shortcode's argument: inline Markdown, so
/// emphasis, links and code are kept (the site's shortcode renders it
/// with `markdownify`; docs/hugo.md), written without a `"` (text quotes
/// are references, link titles use `'`), so Hugo reads the argument
/// back exactly (see [`shortcode_string`] for its rules). A code span
/// holding a quote is written as HTML.
fn note_title(title: &[Inline]) -> String {
    let mut md = String::new();
    inlines_in(title, Place::Argument, &mut md);
    if !md.contains('"') {
        // A last backslash is kept off the closing quote by a space,
        // which `markdownify` trims.
        let pad = if md.ends_with('\\') { " " } else { "" };
        format!("\"{md}{pad}\"")
    } else {
        // Only raw HTML (allowed by the workspace) writes a quote here.
        shortcode_string(&md)
    }
}

/// Inline nodes back to Markdown; the first node opens a block.
///
/// CommonMark pairs emphasis delimiters by flanking and run-length rules
/// that nesting alone cannot always satisfy (the fuzzer keeps finding
/// corners). Nested emphasis alternates `*` and `_` (Goldmark and
/// pulldown-cmark both read `_**x**_`); text with emphasis is read back
/// with the same parser, and where it would not read as the same text, it
/// is written without the emphasis: a reader may lose an italic, never a
/// word.
pub fn inlines(nodes: &[Inline]) -> String {
    let mut out = String::new();
    inlines_into(nodes, &mut out);
    out
}

/// [`inlines`], appended to `out`: the nodes open a block where `out`
/// ends now.
fn inlines_into(nodes: &[Inline], out: &mut String) {
    inlines_in(nodes, Place::Block, out)
}

/// [`inlines_into`] for a place that may need more than a block.
fn inlines_in(nodes: &[Inline], place: Place, out: &mut String) {
    let start = out.len();
    let html = std::cell::Cell::new(0);
    let w = Writer {
        start,
        place: Place::Block,
        html: &html,
        in_link: false,
        html_emphasis: false,
    };
    w.run(nodes, out, None, None);
    let stripped;
    let mut chosen = nodes;
    let mut w = w;
    if has_emphasis(nodes) && !plain_emphasis(nodes) && !reads_back(&out[start..], nodes) {
        // Delimiters that pair differently when read (nesting the
        // flanking rules cannot express): every emphasis as HTML.
        out.truncate(start);
        w.html_emphasis = true;
        w.run(chosen, out, None, None);
        if !reads_back(&out[start..], nodes) {
            out.truncate(start);
            w.html_emphasis = false;
            stripped = without_emphasis(nodes);
            chosen = &stripped;
            w.run(chosen, out, None, None);
        }
    }
    // What the place needs besides (`<br>`, `\|` in code) is written
    // once the emphasis is decided: the read-back knows no table.
    if place != Place::Block && needs_place(chosen, place) {
        out.truncate(start);
        Writer { place, ..w }.run(chosen, out, None, None);
    }
}

/// Whether `nodes` hold something written differently in `place`.
fn needs_place(nodes: &[Inline], place: Place) -> bool {
    nodes.iter().any(|n| match n {
        Inline::LineBreak => true,
        Inline::Code { text } => {
            (place == Place::TableCell && text.contains('|'))
                || (place == Place::Argument
                    && (text.contains('"') || text.contains("\\`") || text.ends_with('\\')))
        }
        Inline::Text { text } => place == Place::Argument && text.contains(['"', '`']),
        Inline::Link {
            title, children, ..
        } => (place == Place::Argument && !title.is_empty()) || needs_place(children, place),
        Inline::Emphasis { children } | Inline::Strong { children } => needs_place(children, place),
        Inline::Html { .. } => false,
    })
}

fn has_emphasis(nodes: &[Inline]) -> bool {
    nodes.iter().any(|n| match n {
        Inline::Emphasis { .. } | Inline::Strong { .. } => true,
        Inline::Link { children, .. } => has_emphasis(children),
        _ => false,
    })
}

/// Emphasis that cannot pair differently: not nested, around and beside
/// text that needs no escaping (no delimiter characters anywhere in the
/// run). Most translated text is like this; it skips the read-back.
fn plain_emphasis(nodes: &[Inline]) -> bool {
    fn simple(nodes: &[Inline], depth: usize) -> bool {
        nodes.iter().all(|n| match n {
            Inline::Text { text } => {
                crate::markup::escapes_to_itself(text, false) && !symbol_edge(text)
            }
            Inline::Emphasis { children }
            | Inline::Strong { children }
            | Inline::Link { children, .. } => depth == 0 && simple(children, depth + 1),
            Inline::Code { .. } | Inline::LineBreak | Inline::Html { .. } => false,
        })
    }
    simple(nodes, 0)
}

/// Whether text starts or ends with a [`symbol`] (written as a reference
/// next to a delimiter).
fn symbol_edge(text: &str) -> bool {
    text.chars().next().is_some_and(symbol) || text.chars().next_back().is_some_and(symbol)
}

/// Whether `md` reads back as the text of `nodes`.
fn reads_back(md: &str, nodes: &[Inline]) -> bool {
    fn schemes(nodes: &[Inline], out: &mut Vec<String>) {
        for n in nodes {
            match n {
                Inline::Link { href, children, .. } => {
                    if let Some((scheme, _)) = href.split_once(':') {
                        out.push(scheme.to_ascii_lowercase());
                    }
                    schemes(children, out);
                }
                Inline::Emphasis { children } | Inline::Strong { children } => {
                    schemes(children, out)
                }
                _ => {}
            }
        }
    }
    // What was written was accepted once: read it back as permissively.
    let mut policy = crate::markup::ContentPolicy {
        allow_raw_html: true,
        extra_schemes: Vec::new(),
    };
    schemes(nodes, &mut policy.extra_schemes);
    match crate::markup::parse(md, crate::markup::Mode::Paragraphs, &policy) {
        Ok(paragraphs) => {
            let back: Vec<String> = paragraphs
                .iter()
                .map(|p| crate::doc::plain_text(p))
                .collect();
            back.join(" ").trim() == crate::doc::plain_text(nodes).trim()
        }
        Err(_) => false,
    }
}

/// The same nodes with emphasis and strong replaced by their content.
fn without_emphasis(nodes: &[Inline]) -> Vec<Inline> {
    let mut out = Vec::new();
    for n in nodes {
        match n {
            Inline::Emphasis { children } | Inline::Strong { children } => {
                out.extend(without_emphasis(children))
            }
            Inline::Link {
                href,
                title,
                children,
            } => out.push(Inline::Link {
                href: href.clone(),
                title: title.clone(),
                children: without_emphasis(children),
            }),
            other => out.push(other.clone()),
        }
    }
    out
}

/// The first character a node writes (for delimiter flanking).
fn first_char(n: &Inline) -> Option<char> {
    match n {
        Inline::Text { text } => crate::markup::escaped_first_char(text),
        // Either delimiter: punctuation all the same.
        Inline::Emphasis { .. } | Inline::Strong { .. } => Some('*'),
        Inline::Code { text } if crate::markup::has_shortcode_opener(text) => {
            crate::markup::escaped_first_char(text)
        }
        Inline::Code { .. } => Some('`'),
        Inline::Link { .. } => Some('['),
        Inline::LineBreak => Some('\\'),
        Inline::Html { html } => html.chars().next(),
    }
}

/// A character CommonMark 0.31 counts as punctuation for emphasis and
/// 0.30 does not: a Unicode symbol (currency, degree, trade mark …).
/// pulldown-cmark reads by 0.31, Hugo's Goldmark by 0.30; next to a
/// delimiter such a character is written as a numeric reference, whose
/// `&` both count as punctuation, so both pair the delimiters alike. (Any
/// non-ASCII character that is neither a letter, a digit nor a space is
/// taken: Unicode punctuation is punctuation to both, and a reference
/// changes nothing for it.)
fn symbol(c: char) -> bool {
    !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace()
}

fn push_reference(c: char, out: &mut String) {
    let _ = write!(out, "&#{};", u32::from(c));
}

/// Writes inline nodes into a block that began at byte `start` of the
/// output, for a place.
#[derive(Clone, Copy)]
struct Writer<'a> {
    start: usize,
    place: Place,
    /// How many emphasis nodes were written as HTML.
    html: &'a std::cell::Cell<usize>,
    /// Inside a link's text.
    in_link: bool,
    /// Every emphasis as HTML (see `inlines_in`).
    html_emphasis: bool,
}

impl Writer<'_> {
    /// Writes a run of inline nodes; `after` is the character that
    /// follows the run (None at the end of the block), `parent` the
    /// delimiter of the emphasis around it.
    fn run(self, nodes: &[Inline], out: &mut String, after: Option<char>, parent: Option<char>) {
        // Two code spans side by side cannot be written side by side:
        // their fences would form one run of backticks. They read the
        // same as one.
        let merged;
        let nodes = if nodes
            .windows(2)
            .any(|w| matches!(w, [Inline::Code { .. }, Inline::Code { .. }]))
        {
            merged = merge_code_spans(nodes);
            &merged[..]
        } else {
            nodes
        };
        let mut closed = false;
        let mut line_start = false;
        for (i, n) in nodes.iter().enumerate() {
            let next = nodes.get(i + 1).and_then(first_char).or(after);
            // After a hard break the text starts a line: `1.`, `#`, `-`
            // there would start a list or a heading.
            let at_start = out.len() == self.start || line_start;
            closed = match n {
                // A symbol just after closing delimiters (see `symbol`).
                Inline::Text { text } if closed && text.chars().next().is_some_and(symbol) => {
                    let c = text.chars().next().unwrap_or_default();
                    push_reference(c, out);
                    self.text(&text[c.len_utf8()..], out, false);
                    false
                }
                _ => self.inline(n, out, at_start, next, parent),
            };
            // `!` just before a link would make it an image.
            if matches!(nodes.get(i + 1), Some(Inline::Link { .. })) && out.ends_with('!') {
                out.pop();
                out.push_str("\\!");
            }
            line_start = matches!(n, Inline::LineBreak) && self.place == Place::Block;
        }
    }

    fn text(self, text: &str, out: &mut String, at_start: bool) {
        let escape = if self.in_link {
            crate::markup::escape_link_text_into
        } else {
            crate::markup::escape_page_text_into
        };
        if self.place == Place::Argument && text.contains(['"', '`']) {
            // A quote in a shortcode argument is a reference: Hugo's
            // argument reader would take it, or its escape, for its own;
            // so is a backtick (Hugo refuses `\``).
            let mut first = true;
            for part in text.split_inclusive(['"', '`']) {
                let (body, mark) = match part.strip_suffix(['"', '`']) {
                    Some(b) => (b, part[b.len()..].chars().next()),
                    None => (part, None),
                };
                escape(body, at_start && first, out);
                match mark {
                    Some('"') => out.push_str("&quot;"),
                    Some(_) => out.push_str("&#96;"),
                    None => {}
                }
                first = false;
            }
        } else {
            escape(text, at_start, out)
        }
    }

    /// Emphasis or strong: whitespace at the edges goes outside the
    /// delimiters, which are `*` or `_` (the other one than the enclosing
    /// emphasis uses, where that works: Goldmark reads `_**x**_` as
    /// pulldown-cmark does). Where neither can take effect (`foo***bar***`:
    /// flanking rules allow no delimiter between letters and punctuation),
    /// the emphasis is written as HTML (`<em>`), which Hugo's site
    /// config must allow anyway (docs/hugo.md). Returns whether it ended
    /// with closing delimiters.
    fn delimited(
        self,
        strong: bool,
        children: &[Inline],
        out: &mut String,
        next: Option<char>,
        parent: Option<char>,
    ) -> bool {
        let order = if parent == Some('*') {
            ['_', '*']
        } else {
            ['*', '_']
        };
        // The character before, within the block.
        let mut best: Option<(usize, char, String)> = None;
        for delim in order.into_iter().filter(|_| !self.html_emphasis) {
            let before = self.html.get();
            let mut inner = String::new();
            Writer { start: 0, ..self }.run(children, &mut inner, Some(delim), Some(delim));
            let cost = self.html.get() - before;
            self.html.set(before);
            let core = inner.trim();
            let lead = &inner[..inner.len() - inner.trim_start().len()];
            let trail = &inner[inner.trim_end().len()..];
            let prev = out[self.start..]
                .chars()
                .last()
                .filter(|_| lead.is_empty())
                .or(lead.chars().last());
            let next = if trail.is_empty() {
                next
            } else {
                trail.chars().next()
            };
            if core.is_empty() || can_delimit(core, prev, next, delim) {
                if cost == 0 || core.is_empty() {
                    best = Some((cost, delim, inner));
                    break;
                }
                if best.as_ref().is_none_or(|(c, _, _)| cost < *c) {
                    best = Some((cost, delim, inner));
                }
            }
        }
        let best = if self.html_emphasis { None } else { best };
        let Some((cost, delim, inner)) = best else {
            // No delimiter pairs here: HTML.
            self.html.set(self.html.get() + 1);
            let tag = if strong { "strong" } else { "em" };
            out.extend(["<", tag, ">"]);
            self.run(children, out, Some('<'), None);
            out.extend(["</", tag, ">"]);
            return false;
        };
        self.html.set(self.html.get() + cost);
        let core = inner.trim();
        if core.is_empty() {
            out.push_str(&inner);
            return false;
        }
        let lead = &inner[..inner.len() - inner.trim_start().len()];
        let trail = &inner[inner.trim_end().len()..];
        out.push_str(lead);
        if lead.is_empty() {
            if let Some(p) = out[self.start..].chars().last().filter(|&p| symbol(p)) {
                out.truncate(out.len() - p.len_utf8());
                push_reference(p, out);
            }
        }
        let delims = if strong { 2 } else { 1 };
        (0..delims).for_each(|_| out.push(delim));
        let mut core = core;
        if let Some(c) = core.chars().next().filter(|&c| symbol(c)) {
            push_reference(c, out);
            core = &core[c.len_utf8()..];
        }
        match core.chars().next_back().filter(|&c| symbol(c)) {
            Some(c) => {
                out.push_str(&core[..core.len() - c.len_utf8()]);
                push_reference(c, out);
            }
            None => out.push_str(core),
        }
        (0..delims).for_each(|_| out.push(delim));
        out.push_str(trail);
        trail.is_empty()
    }

    /// Writes one node; returns whether it ended with closing emphasis
    /// delimiters.
    fn inline(
        self,
        n: &Inline,
        out: &mut String,
        at_start: bool,
        next: Option<char>,
        parent: Option<char>,
    ) -> bool {
        match n {
            Inline::Text { text } => self.text(text, out, at_start),
            Inline::Emphasis { children } => {
                return self.delimited(false, children, out, next, parent)
            }
            Inline::Strong { children } => {
                return self.delimited(true, children, out, next, parent)
            }
            // Translated text with a shortcode opener in a code span is
            // refused when it is read (`hugo-shortcode`); one made here
            // (two code spans written as one) is written as text, which
            // escapes every brace: it loses its code style, never a word,
            // and Hugo never runs it.
            Inline::Code { text } if crate::markup::has_shortcode_opener(text) => {
                self.text(text, out, at_start)
            }
            // A shortcode argument cannot hold a `"`, nor `\`` (see
            // `note_title`), and a code span shows references as written:
            // there the code is HTML around escaped text.
            Inline::Code { text }
                if self.place == Place::Argument
                    && (text.contains('"') || text.contains("\\`")) =>
            {
                out.push_str("<code>");
                self.text(text, out, false);
                out.push_str("</code>");
            }
            Inline::Code { text } => {
                let mut ticks = 1;
                while text.contains(&"`".repeat(ticks)) {
                    ticks += 1;
                }
                let fence = "`".repeat(ticks);
                // CommonMark strips one space from each end when both
                // ends have one (and the code is not all spaces): pad to
                // keep them.
                let spaced =
                    text.starts_with(' ') && text.ends_with(' ') && text.chars().any(|c| c != ' ');
                // In a shortcode argument, a last backslash must not meet
                // the fence (Hugo refuses `\``).
                let argument_end = self.place == Place::Argument && text.ends_with('\\');
                let pad = if text.starts_with('`') || text.ends_with('`') || spaced || argument_end
                {
                    " "
                } else {
                    ""
                };
                // In a table cell, `|` ends the cell even in a code span;
                // GFM reads `\|` there as the bar.
                let text = if self.place == Place::TableCell && text.contains('|') {
                    std::borrow::Cow::Owned(text.replace('|', "\\|"))
                } else {
                    std::borrow::Cow::Borrowed(text.as_str())
                };
                let _ = write!(out, "{fence}{pad}{text}{pad}{fence}");
            }
            Inline::Link {
                href,
                title,
                children,
            } => {
                out.push('[');
                Writer {
                    in_link: true,
                    ..self
                }
                .run(children, out, Some(']'), parent);
                out.push_str("](");
                out.push_str(&link_destination(href));
                if !title.is_empty() {
                    // In a shortcode argument no `"` may appear.
                    let quote = if self.place == Place::Argument {
                        '\''
                    } else {
                        '"'
                    };
                    out.push(' ');
                    out.push(quote);
                    link_title(title, quote, out);
                    out.push(quote);
                }
                out.push(')');
            }
            // A table cell, a heading and a shortcode argument end at a
            // line end: there the break is the HTML element (the site
            // needs raw HTML for its shortcodes anyway: docs/hugo.md).
            Inline::LineBreak if self.place == Place::Block => out.push_str("\\\n"),
            Inline::LineBreak => out.push_str("<br>"),
            // Raw HTML (allowed by the workspace) with a shortcode opener
            // is refused when it is read; here too its braces become
            // references.
            Inline::Html { html } if crate::markup::has_shortcode_opener(html) => {
                out.push_str(&html.replace('{', "&#123;"))
            }
            Inline::Html { html } => out.push_str(html),
        }
        false
    }
}

fn merge_code_spans(nodes: &[Inline]) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(nodes.len());
    for n in nodes {
        match (out.last_mut(), n) {
            (Some(Inline::Code { text }), Inline::Code { text: more }) => text.push_str(more),
            _ => out.push(n.clone()),
        }
    }
    out
}

/// Whether delimiters `c` (`*` or `_`) around `core` (CommonMark flanking
/// rules) open after `prev` and close before `next`.
fn can_delimit(core: &str, prev: Option<char>, next: Option<char>, c: char) -> bool {
    let loose = |c: Option<char>| {
        c.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation() || !c.is_alphanumeric())
    };
    let (Some(first), Some(last)) = (core.chars().next(), core.chars().last()) else {
        return false;
    };
    // Delimiters directly against the same delimiters (`***`, `____`)
    // pair up by CommonMark's run-length rules, not by nesting: keep them
    // apart.
    if first == c || last == c || prev == Some(c) || next == Some(c) {
        return false;
    }
    let mut opens = !first.is_whitespace() && (!is_punct(first) || loose(prev));
    let mut closes = !last.is_whitespace() && (!is_punct(last) || loose(next));
    // `_` does not open or close inside a word.
    if c == '_' {
        opens &= loose(prev);
        closes &= loose(next);
    }
    opens && closes
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace())
}

/// A link title inside `quote`s: the quote and backslashes escaped (a
/// `"` as a reference), line ends as spaces.
fn link_title(title: &str, quote: char, out: &mut String) {
    for c in title.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\'' if quote == '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            // Hugo would read `{{<` or `{{%` here as a shortcode.
            '{' => out.push_str("&#123;"),
            c => out.push(c),
        }
    }
}

/// A link destination that CommonMark reads back unchanged.
fn link_destination(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            '"' => out.push_str("%22"),
            // Hugo would read `{{<` or `{{%` here as a shortcode.
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::ListItem;
    use crate::markup::{parse, ContentPolicy, Mode};

    fn t(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    /// The text Markdown readers read from what is written for `nodes`
    /// (emphasis no delimiter can pair is written as HTML).
    fn round_trip(nodes: &[Inline]) -> String {
        let md = inlines(nodes);
        let html = ContentPolicy {
            allow_raw_html: true,
            ..ContentPolicy::default()
        };
        let back = parse(&md, Mode::Paragraphs, &html).unwrap();
        back.iter().map(|p| crate::doc::plain_text(p)).collect()
    }

    // The body is written into one buffer. Each part of a block (a cell, a
    // label, an item, a heading, a paragraph) must come out exactly as it
    // does written on its own, whatever comes before it in the page: the
    // same escapes at its start, the same emphasis pairing.
    #[test]
    fn a_part_written_into_the_page_reads_as_the_part_written_alone() {
        let em = |c: Vec<Inline>| Inline::Emphasis { children: c };
        let strong = |c: Vec<Inline>| Inline::Strong { children: c };
        let parts: Vec<Vec<Inline>> = vec![
            vec![t("plain")],
            vec![em(vec![t("first")]), t(" then text")],
            vec![strong(vec![t("Important:")]), t(" read")],
            vec![t("1. looks like a list")],
            vec![t("# looks like a heading")],
            vec![t("- dash"), em(vec![t("x")])],
            vec![em(vec![t("\"quoted\"")]), t("b")],
            vec![strong(vec![em(vec![strong(vec![t("a")])])]), t("x")],
            vec![Inline::Link {
                href: "https://example.com/a b".into(),
                title: String::new(),
                children: vec![em(vec![t("link")])],
            }],
            vec![
                Inline::Code {
                    text: "`tick`".into(),
                },
                t("*"),
            ],
        ];
        let mut md = MarkdownConfig::default();
        for labels in ["", "inline"] {
            md.shortcodes.label = labels.into();
            for lead in [LeadStyle::Shortcode, LeadStyle::Emphasis] {
                md.lead = lead;
                for a in &parts {
                    for b in &parts {
                        let alone = |p: &[Inline]| inlines(p);
                        let written = |block: &Block| {
                            let mut out = String::from("text before *");
                            let start = out.len();
                            super::block(block, &md, &mut out);
                            out[start..].to_string()
                        };
                        let para = Block::Paragraph { content: a.clone() };
                        assert_eq!(written(&para), alone(a));
                        let lead_block = Block::Lead { content: a.clone() };
                        let lead_expected = match md.lead {
                            LeadStyle::Shortcode => format!(
                                "{{{{< {0} >}}}}\n{1}\n{{{{< /{0} >}}}}",
                                md.shortcodes.lead,
                                alone(a)
                            ),
                            LeadStyle::Emphasis => format!("_{}_", alone(a)),
                        };
                        assert_eq!(written(&lead_block), lead_expected);
                        let list = Block::List {
                            ordered: true,
                            items: vec![
                                ListItem {
                                    label: Some(a.clone()),
                                    content: b.clone(),
                                },
                                ListItem {
                                    label: None,
                                    content: a.clone(),
                                },
                            ],
                        };
                        let label = if labels.is_empty() {
                            format!("**{}:** ", alone(a))
                        } else {
                            format!(
                                "{{{{< inline {} >}}}} ",
                                shortcode_string(&crate::doc::plain_text(a))
                            )
                        };
                        assert_eq!(
                            written(&list),
                            format!("1. {label}{}\n2. {}", alone(b), alone(a))
                        );
                        let table = Block::Table {
                            id: "t".into(),
                            header: vec![a.clone(), b.clone()],
                            rows: vec![vec![b.clone(), a.clone()]],
                        };
                        assert_eq!(
                            written(&table),
                            format!(
                                "| {} | {} |\n| --- | --- |\n| {} | {} |",
                                alone(a),
                                alone(b),
                                alone(b),
                                alone(a)
                            )
                        );
                        let note = Block::Note {
                            id: "n".into(),
                            title: vec![t("Title")],
                            title_text: "Title".into(),
                            paragraphs: vec![a.clone(), b.clone()],
                        };
                        assert_eq!(
                            written(&note),
                            format!(
                                "{{{{% {} \"Title\" %}}}}\n{}\n\n{}\n{{{{% /{} %}}}}",
                                md.shortcodes.note,
                                alone(a),
                                alone(b),
                                md.shortcodes.note
                            )
                        );
                    }
                }
            }
        }
    }

    /// What Hugo's shortcode lexer reads from an argument (its rules,
    /// checked against Hugo 0.111 by tests/hostile_markdown.rs): `"…"`
    /// with `\"` for a quote, every backslash dropped once there is one;
    /// `` `…` `` raw.
    fn hugo_reads(arg: &str) -> Option<String> {
        if let Some(raw) = arg.strip_prefix('`') {
            let raw = raw.strip_suffix('`')?;
            return (!raw.contains('`')).then(|| raw.to_string());
        }
        let inner = arg.strip_prefix('"')?.strip_suffix('"')?;
        let b = inner.as_bytes();
        let mut escaped_quote = false;
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\\' if b.get(i + 1) == Some(&b'"') => {
                    escaped_quote = true;
                    i += 2;
                }
                // The quote that ends the argument, or a backslash that
                // would escape the closing one.
                b'"' => return None,
                b'\\' if i + 1 == b.len() => return None,
                _ => i += 1,
            }
        }
        Some(if escaped_quote {
            inner.replace('\\', "")
        } else {
            inner.to_string()
        })
    }

    #[test]
    fn shortcode_arguments_read_back_as_the_text() {
        for (text, written) in [
            (
                "Reporting security incidents",
                "\"Reporting security incidents\"",
            ),
            ("{{< gist a 1 >}} >}} %}}", "\"{{< gist a 1 >}} >}} %}}\""),
            (r"C:\dir", r#""C:\dir""#),
            (r"C:\", r"`C:\`"),
            (r#"say "hi" \o/"#, r#"`say "hi" \o/`"#),
            (r#"say "hi" `x`"#, r#""say \"hi\" `x`""#),
            (r"tick ` C:\", r#""tick ` C:\ ""#),
            ("two\nlines\r", "\"two lines \""),
        ] {
            let arg = shortcode_string(text);
            assert_eq!(arg, written, "{text:?}");
            let read = hugo_reads(&arg).unwrap_or_else(|| panic!("Hugo cannot read {arg}"));
            let expected = text.replace(['\n', '\r'], " ");
            assert_eq!(read.trim_end(), expected.trim_end(), "{text:?}");
        }
        // The one text Hugo has no spelling for is refused when read;
        // written anyway, it is still one argument.
        let arg = shortcode_string(r#"a "b" \ `c`"#);
        assert!(hugo_reads(&arg).is_some(), "{arg}");
        assert!(crate::markup::shortcode_argument_problem(r#"a "b" \ `c`"#).is_some());
    }

    /// The Markdown written for a translation (parsed as policyc parses
    /// it), in a paragraph, a table cell, a heading and a note title.
    fn written(text: &str) -> [String; 4] {
        let nodes = &parse(text, Mode::Inline, &ContentPolicy::default()).expect("parses")[0];
        let mut cell = String::new();
        inlines_in(nodes, Place::TableCell, &mut cell);
        let mut heading = String::new();
        inlines_in(nodes, Place::Heading, &mut heading);
        [inlines(nodes), cell, heading, note_title(nodes)]
    }

    #[test]
    fn nested_emphasis_alternates_its_delimiters() {
        for (text, md) in [
            ("***Vigtigt:*** læs", "*__Vigtigt:__* læs"),
            ("***foo** bar*", "*__foo__ bar*"),
            ("*foo **bar***", "*foo __bar__*"),
            ("*foo**bar***", "_foo**bar**_"),
            ("**_Nested_** x", "**_Nested_** x"),
            ("****foo****", "**__foo__**"),
        ] {
            assert_eq!(written(text)[0], md, "{text:?}");
        }
        // No delimiter can pair between a letter and punctuation: HTML.
        assert_eq!(written("foo***bar***baz")[0], "foo<em>**bar**</em>baz");
    }

    #[test]
    fn a_symbol_next_to_a_delimiter_is_a_reference() {
        assert_eq!(written("**Pris:**€ 500")[0], "**Pris:**&#8364; 500");
        assert_eq!(written("20 °*(C)*")[0], "20 &#176;*(C)*");
        assert_eq!(written("Nordvik™*(r)*")[0], "Nordvik&#8482;*(r)*");
        // Away from delimiters symbols stay as they are.
        assert_eq!(written("€ 500 *a* °C")[0], "€ 500 *a* °C");
    }

    #[test]
    fn a_line_after_a_hard_break_is_escaped_as_a_line_start() {
        for (text, md) in [
            ("Gælder fra:\\\n1\\. januar", "Gælder fra:\\\n1\\. januar"),
            ("a\\\n\\# b", "a\\\n\\# b"),
            ("a\\\n\\- b", "a\\\n\\- b"),
            ("a\\\n\\+ b", "a\\\n\\+ b"),
            ("a\\\n1\\) b", "a\\\n1\\) b"),
            ("a\\\n\\=== b", "a\\\n\\=== b"),
            ("a\\\n\\: b", "a\\\n\\: b"),
        ] {
            assert_eq!(written(text)[0], md, "{text:?}");
        }
    }

    #[test]
    fn a_hard_break_in_a_cell_a_heading_or_a_title_is_html() {
        let [block, cell, heading, title] = written("a\\\nb");
        assert_eq!(block, "a\\\nb");
        assert_eq!(cell, "a<br>b");
        assert_eq!(heading, "a<br>b");
        assert_eq!(title, "\"a<br>b\"");
    }

    #[test]
    fn a_bar_in_a_code_span_in_a_cell_is_escaped() {
        let [block, cell, ..] = written("use `a|b` here");
        assert_eq!(block, "use `a|b` here");
        assert_eq!(cell, "use `a\\|b` here");
    }

    #[test]
    fn goldmark_extensions_do_not_act_on_text() {
        for (text, md) in [
            // Typographer.
            (
                r#"say "hi", don't -- wait... --- x"#,
                r#"say \"hi\", don\'t -\- wait.\.\. -\-\- x"#,
            ),
            // Linkify: URLs, www, e-mail; not in a link's text.
            (
                "see https://a.example/b_c and www.a.example, mail a@b.example",
                r"see https\://a.example/b\_c and www\.a.example, mail a\@b.example",
            ),
            (
                "[a@b.example](mailto:a@b.example)",
                "[a@b.example](mailto:a@b.example)",
            ),
            // Definition lists, and a tab that would start code.
            (": not a definition", r"\: not a definition"),
            ("&#9;foo", "&#9;foo"),
        ] {
            assert_eq!(written(text)[0], md, "{text:?}");
            assert_eq!(
                round_trip(&parse(text, Mode::Inline, &ContentPolicy::default()).unwrap()[0]),
                crate::doc::plain_text(
                    &parse(text, Mode::Inline, &ContentPolicy::default()).unwrap()[0]
                )
            );
        }
    }

    #[test]
    fn a_note_title_is_markdown_hugo_reads_back() {
        for (text, arg) in [
            ("Plain title", "\"Plain title\""),
            (
                "*Vigtigt* om [cookies](https://a.example/c \"t\") og `x`",
                "\"*Vigtigt* om [cookies](https://a.example/c 't') og `x`\"",
            ),
            (r#"A "quoted" title"#, "\"A &quot;quoted&quot; title\""),
            (r"C:\\", "\"C:\\\\ \""),
            // (A backslash in a code span is not an escape: the span is
            // `a\`, then a backtick as text.)
            (r"tick \` and `a\` b`", "\"tick &#96; and ` a\\ ` b&#96;\""),
            (
                r#"code `say "hi"`"#,
                "\"code <code>say &quot;hi&quot;</code>\"",
            ),
        ] {
            assert_eq!(written(text)[3], arg, "{text:?}");
        }
    }

    #[test]
    fn link_titles_are_kept() {
        assert_eq!(
            written(r#"[a](/b "The \"title\"")"#)[0],
            "[a](/b \"The &quot;title&quot;\")"
        );
        let nodes = &parse("[a](/b 't')", Mode::Inline, &ContentPolicy::default()).unwrap()[0];
        assert!(matches!(&nodes[0], Inline::Link { title, .. } if title == "t"));
    }

    #[test]
    fn a_code_span_hugo_would_run_is_written_as_text() {
        // Two code spans side by side are written as one (see `run`).
        let nodes = [
            Inline::Code { text: "{".into() },
            Inline::Code {
                text: "{< gist a 1 >}}".into(),
            },
        ];
        let md = inlines(&nodes);
        assert!(!md.contains("{{"), "{md}");
        assert_eq!(round_trip(&nodes), "{{< gist a 1 >}}");
        // A code span with only `{{` (no shortcode) stays one.
        assert_eq!(
            inlines(&[Inline::Code {
                text: "{{ .Title }}".into()
            }]),
            "`{{ .Title }}`"
        );
    }

    #[test]
    fn link_destinations_never_hold_a_brace() {
        let nodes = [Inline::Link {
            href: "/{{% param title %}}/{{<x>}}".into(),
            title: String::new(),
            children: vec![t("x")],
        }];
        assert_eq!(
            inlines(&nodes),
            "[x](/%7B%7B%%20param%20title%20%%7D%7D/%7B%7B%3Cx%3E%7D%7D)"
        );
    }

    #[test]
    fn braces_in_text_are_escaped_where_texts_meet() {
        // Emphasis that cannot be written is dropped; the braces on either
        // side of it must not meet.
        let nodes = vec![
            t("a{"),
            Inline::Strong {
                children: vec![Inline::Emphasis {
                    children: vec![t("{< gist a 1 >}}")],
                }],
            },
        ];
        let md = inlines(&nodes);
        assert!(!md.contains("{{"), "{md}");
        assert_eq!(round_trip(&nodes), "a{{< gist a 1 >}}");
        let nodes = without_emphasis(&nodes);
        assert!(!inlines(&nodes).contains("{{"));
    }

    #[test]
    fn front_matter_is_one_document_whatever_line_breaks_its_strings_hold() {
        let hostile = [
            "Notice\u{2028}---\u{2028}slug: evil",
            "Notice\u{2029}slug: evil",
            "A\u{85}date: 1999-01-01",
            "bom\u{feff} and \u{fffe}\u{ffff}",
            "bell\u{7} tab\t vt\u{b} ff\u{c} esc\u{1b} del\u{7f} c1\u{9b}",
            "quote \" and \\ and \u{0}",
            "two\nlines\r\n---\n",
            "plain",
            "no",
            "--- x",
        ];
        let mut held = Vec::new();
        let mut map = Hash::new();
        for (i, s) in hostile.iter().enumerate() {
            map.insert(
                hold_unsafe(Yaml::String(format!("k{i}")), &mut held),
                hold_unsafe(Yaml::String(s.to_string()), &mut held),
            );
        }
        map.insert(
            hold_unsafe(Yaml::String("key\u{2028}x".into()), &mut held),
            hold_unsafe(
                Yaml::Array(vec![Yaml::String("/a\u{2029}b/".into())]),
                &mut held,
            ),
        );
        map.insert(Yaml::String("slug".into()), Yaml::String("notice".into()));
        let yaml = emit_yaml(map, &held).unwrap();
        assert!(
            !yaml.contains(['\u{85}', '\u{2028}', '\u{2029}', '\u{feff}', '\0']),
            "{yaml:?}"
        );
        let docs = yaml_rust2::YamlLoader::load_from_str(&yaml).unwrap();
        assert_eq!(docs.len(), 1, "{yaml}");
        for (i, s) in hostile.iter().enumerate() {
            assert_eq!(
                docs[0][format!("k{i}").as_str()].as_str(),
                Some(*s),
                "{yaml}"
            );
        }
        assert_eq!(docs[0]["key\u{2028}x"][0].as_str(), Some("/a\u{2029}b/"));
        assert_eq!(docs[0]["slug"].as_str(), Some("notice"), "{yaml}");
        // Strings the emitter writes well are written by it, as before.
        assert!(yaml.contains("k7: plain\n"), "{yaml}");
        assert!(yaml.contains("k8: \"no\"\n"), "{yaml}");
    }

    // Found by the markdown_backends fuzz target: emphasis whose text
    // starts or ends with a space or punctuation next to a letter came back
    // as literal asterisks.
    #[test]
    fn emphasis_always_reads_back_as_the_same_text() {
        let cases = vec![
            vec![
                t("a"),
                Inline::Strong {
                    children: vec![t(" spaced ")],
                },
                t("b"),
            ],
            vec![
                t("a"),
                Inline::Emphasis {
                    children: vec![t("\"quoted\"")],
                },
                t("b"),
            ],
            vec![
                Inline::Strong {
                    children: vec![t("Important:")],
                },
                t(" read this"),
            ],
            vec![t("x"), Inline::Emphasis { children: vec![] }, t("y")],
            vec![
                t("dat"),
                Inline::Strong {
                    children: vec![Inline::Emphasis {
                        children: vec![Inline::Strong {
                            children: vec![t("a")],
                        }],
                    }],
                },
                t("x"),
            ],
            vec![
                t("dat**:***"),
                Inline::Emphasis {
                    children: vec![t("a")],
                },
                t("liases!"),
            ],
        ];
        for nodes in cases {
            let plain: String = nodes.iter().map(Inline::plain_text).collect();
            assert_eq!(round_trip(&nodes), plain, "{}", inlines(&nodes));
        }
        assert_eq!(
            inlines(&[
                Inline::Strong {
                    children: vec![t("Important:")]
                },
                t(" read")
            ]),
            "**Important:** read"
        );
    }

    // Fifth fuzz finding (fuzz/regressions/markdown_backends): nested
    // emphasis whose delimiters CommonMark pairs differently when written
    // back. Whatever the input, the written Markdown reads back as the
    // same text.
    #[test]
    fn parsed_markdown_reads_back_as_the_same_text() {
        // Emphasis no delimiter can pair is written as HTML.
        let written_html = ContentPolicy {
            allow_raw_html: true,
            ..ContentPolicy::default()
        };
        for input in [
            "**o*C*{l*,*",
            "a *b **c** d* e",
            "***x*** and _y_ and __z__",
            "**Controller*&*), and *x*",
            // Sixth: two code spans side by side.
            "`a` `b`",
            "a ``` `` ``` b",
            "x `  a  ` y",
        ] {
            let policy = ContentPolicy::default();
            let paragraphs = parse(input, Mode::Paragraphs, &policy).expect("parses");
            let nodes = &paragraphs[0];
            let md = inlines(nodes);
            let back = parse(&md, Mode::Paragraphs, &written_html).expect("reads back");
            assert_eq!(
                crate::doc::plain_text(&back[0]),
                crate::doc::plain_text(nodes),
                "{input:?} was written as {md:?}"
            );
        }
        // Every input the fuzzer ever failed on.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/regressions/markdown_backends");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("fuzz/regressions/markdown_backends") {
            let bytes = std::fs::read(entry.expect("entry").path()).expect("readable");
            let Ok(text) = std::str::from_utf8(&bytes) else {
                continue;
            };
            let policy = ContentPolicy::default();
            let Ok(paragraphs) = parse(text, Mode::Paragraphs, &policy) else {
                continue;
            };
            let Some(nodes) = paragraphs.first() else {
                continue;
            };
            seen += 1;
            let md = inlines(nodes);
            let back = parse(&md, Mode::Paragraphs, &written_html).expect("reads back");
            let back: Vec<String> = back.iter().map(|p| crate::doc::plain_text(p)).collect();
            assert_eq!(
                back.join(" ").trim(),
                crate::doc::plain_text(nodes).trim(),
                "{text:?} was written as {md:?}"
            );
        }
        assert!(seen >= 3, "regression inputs read: {seen}");
        // Plain emphasis keeps its delimiters.
        let nodes = &parse("a *b* **c**", Mode::Paragraphs, &ContentPolicy::default()).unwrap()[0];
        assert_eq!(inlines(nodes), "a *b* **c**");
    }
}
