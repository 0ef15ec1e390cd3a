//! Translated text is inline Markdown. This module parses a resolved
//! message (pulldown-cmark) into the document tree's [`Inline`] nodes and
//! refuses what a translator must not bring in: structure (headings, lists,
//! tables belong to the policy source), raw HTML and unsafe link schemes.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::diag::Code;
use crate::doc::Inline;

/// What the content policy allows in translated text.
#[derive(Clone, Debug, Default)]
pub struct ContentPolicy {
    /// Let raw HTML through (it is written unescaped into every format).
    pub allow_raw_html: bool,
    /// Link schemes allowed besides http, https, mailto and tel.
    pub extra_schemes: Vec<String>,
}

/// A problem in a message's Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkupProblem {
    pub code: Code,
    pub message: String,
    pub hint: String,
}

/// How deep emphasis, strong and links may nest in translated text.
pub const MAX_NESTING: usize = 32;

/// Whether a message may hold several paragraphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Headings, list items, table cells, labels, titles: one paragraph.
    Inline,
    /// Body text, notes, lead: paragraphs separated by blank lines.
    Paragraphs,
}

/// Parses resolved message text into paragraphs of inline nodes.
pub fn parse(
    text: &str,
    mode: Mode,
    policy: &ContentPolicy,
) -> Result<Vec<Vec<Inline>>, Vec<MarkupProblem>> {
    parse_text(std::borrow::Cow::Borrowed(text), mode, policy)
}

/// [`parse`] of a text the caller no longer needs (a formatted message):
/// plain text becomes the text node without being copied.
pub fn parse_owned(
    text: String,
    mode: Mode,
    policy: &ContentPolicy,
) -> Result<Vec<Vec<Inline>>, Vec<MarkupProblem>> {
    parse_text(std::borrow::Cow::Owned(text), mode, policy)
}

fn parse_text(
    text: std::borrow::Cow<'_, str>,
    mode: Mode,
    policy: &ContentPolicy,
) -> Result<Vec<Vec<Inline>>, Vec<MarkupProblem>> {
    let mut problems = Vec::new();
    // Invisible control characters are never meant in published text, and
    // Markdown readers disagree about them: refuse them.
    // (Control characters are C0, DEL and C1; C1 is encoded as 0xC2 0x80..0x9F,
    // so a byte scan rules most text out before looking at characters.)
    // One pass over the bytes answers both questions asked of every text:
    // may it hold a control character, and may it be more than plain text.
    let classes = byte_classes(&text);
    let control = if classes & MAYBE_CONTROL != 0 {
        text.chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
    } else {
        None
    };
    if let Some(c) = control {
        problems.push(MarkupProblem {
            code: Code::ControlCharacter,
            message: format!(
                "translated text contains the invisible control character U+{:04X}",
                c as u32
            ),
            hint: "delete it (it often comes from copying text out of another program)".into(),
        });
        return Err(problems);
    }
    if classes & MARKUP == 0 && is_plain_paragraph(&text) {
        return Ok(if text.is_empty() {
            Vec::new()
        } else {
            vec![vec![Inline::Text {
                text: text.into_owned(),
            }]]
        });
    }
    match list_markers_as_text(&text) {
        Some(escaped) => parse_markdown(&escaped, mode, policy),
        None => parse_markdown(&text, mode, policy),
    }
}

/// The text with a backslash before the `.` or `)` of each line-starting
/// number that Markdown would read as an ordered list (`1. januar 2025
/// træder …`, a Danish date): a block's text has no structure, so such
/// a line can only be text. None when there is none (most texts).
fn list_markers_as_text(text: &str) -> Option<String> {
    let marker_at = |line: &str| -> Option<usize> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line.as_bytes()[indent..];
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let ends = matches!(rest.get(digits), Some(b'.' | b')'))
            && rest
                .get(digits + 1)
                .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        ((1..=9).contains(&digits) && indent < 4 && ends).then_some(indent + digits)
    };
    let first = text.as_bytes().first()?;
    if !(first.is_ascii_digit() || *first == b' ' || text.contains('\n')) {
        return None;
    }
    let mut result = String::new();
    let mut changed = false;
    for line in text.split_inclusive('\n') {
        match marker_at(line) {
            Some(at) => {
                result.push_str(&line[..at]);
                result.push('\\');
                result.push_str(&line[at..]);
                changed = true;
            }
            None => result.push_str(line),
        }
    }
    changed.then_some(result)
}

/// [`BYTE_CLASS`]: a byte of a control character (C0 other than line
/// ends and tabs, DEL, or the lead byte 0xC2 of C1 in UTF-8).
const MAYBE_CONTROL: u8 = 1;
/// [`BYTE_CLASS`]: a byte that may make text more than one plain
/// paragraph: inline syntax (emphasis, code, links, escapes, entities,
/// autolinks, raw HTML) and line structure (breaks, paragraphs).
const MARKUP: u8 = 2;

/// The [`BYTE_CLASS`]es of the bytes of a text, together.
fn byte_classes(text: &str) -> u8 {
    text.bytes()
        .fold(0u8, |acc, b| acc | BYTE_CLASS[usize::from(b)])
}

static BYTE_CLASS: [u8; 256] = byte_class(
    byte_class(
        [0; 256],
        // C0 but tab (09), line feed (0a) and carriage return (0d); DEL; C2.
        b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f\xc2",
        MAYBE_CONTROL,
    ),
    b"\\`*_[]<&\n\r\t",
    MARKUP,
);

/// Most translated text is one line of prose without a character Markdown
/// gives meaning to; its tree is one text node, found without starting a
/// Markdown parser (whose set-up costs more than scanning the text). False
/// whenever pulldown-cmark might read the text differently. The caller has
/// found no [`MARKUP`] byte in the text.
fn is_plain_paragraph(text: &str) -> bool {
    text.is_empty() || inline_edges(text)
}

/// Whether the first and last characters of one line of text leave it a
/// paragraph as it is: block structure can only start at the first
/// character (headings, lists, quotes, fences, indented code, setext
/// underlines, tables), and the parser trims space at either end.
fn inline_edges(text: &str) -> bool {
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().next_back()) else {
        return false;
    };
    !(first.is_whitespace()
        || last.is_whitespace()
        || first.is_ascii_digit()
        || matches!(first, '#' | '-' | '+' | '=' | '>' | '~' | '|' | ':'))
}

/// The Markdown events of a text: pulldown-cmark's, no extensions.
pub fn events(text: &str) -> Parser<'_> {
    Parser::new_ext(text, Options::empty())
}

/// The parse, with pulldown-cmark's events.
fn parse_markdown(
    text: &str,
    mode: Mode,
    policy: &ContentPolicy,
) -> Result<Vec<Vec<Inline>>, Vec<MarkupProblem>> {
    parse_events(events(text), mode, policy)
}

/// Paragraphs of inline nodes from Markdown events.
fn parse_events<'a>(
    parser: impl Iterator<Item = Event<'a>>,
    mode: Mode,
    policy: &ContentPolicy,
) -> Result<Vec<Vec<Inline>>, Vec<MarkupProblem>> {
    let mut problems = Vec::new();
    let mut paragraphs: Vec<Vec<Inline>> = Vec::new();
    // A stack of open inline containers: (kind, children).
    let mut stack: Vec<(Open, Vec<Inline>)> = Vec::new();
    let mut current: Vec<Inline> = Vec::new();
    let mut structure_reported = false;
    let mut structure = |problems: &mut Vec<MarkupProblem>, what: &str| {
        if !structure_reported {
            structure_reported = true;
            problems.push(MarkupProblem {
                code: Code::StructureInText,
                message: format!("translated text contains Markdown {what}"),
                hint: "headings, lists, quotes, code blocks and tables belong in the policy source, not in a \
                       translation; write plain sentences (a line starting with `#`, `-`, `*`, `>` or `1.` \
                       makes Markdown structure)"
                    .into(),
            });
        }
    };
    let mut too_deep = false;
    for event in parser {
        // Emphasis nested hundreds deep is never real text, and every later
        // stage walks the tree recursively: refuse it here.
        if stack.len() > MAX_NESTING {
            if !too_deep {
                too_deep = true;
                problems.push(MarkupProblem {
                    code: Code::TooDeep,
                    message: format!("translated text nests emphasis or links more than {MAX_NESTING} levels deep"),
                    hint: "simplify the Markdown".into(),
                });
            }
            stack.truncate(MAX_NESTING);
        }
        match event {
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => {
                paragraphs.push(std::mem::take(&mut current));
            }
            Event::Start(Tag::Emphasis) => stack.push((Open::Emphasis, Vec::new())),
            Event::Start(Tag::Strong) => stack.push((Open::Strong, Vec::new())),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                // An e-mail autolink (`<a@b.example>`) is a `mailto:` link
                // in every output, as in CommonMark's HTML.
                let dest_url = if link_type == pulldown_cmark::LinkType::Email
                    && !dest_url
                        .get(..7)
                        .is_some_and(|s| s.eq_ignore_ascii_case("mailto:"))
                {
                    format!("mailto:{dest_url}").into()
                } else {
                    dest_url
                };
                if let Err(p) = check_link(&dest_url, policy) {
                    problems.push(p);
                }
                // pulldown-cmark lets an autolink sit inside a link; no
                // format can nest links (HTML forbids `<a>` in `<a>`, and
                // Markdown reads the outer one as text): the inner link
                // keeps its text and loses its target.
                let open = if stack.iter().any(|(o, _)| matches!(o, Open::Link(..))) {
                    Open::Unlinked
                } else {
                    Open::Link(dest_url.to_string(), title.to_string())
                };
                stack.push((open, Vec::new()));
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link) => {
                if let Some((open, children)) = stack.pop() {
                    let node = match open {
                        Open::Emphasis => Inline::Emphasis { children },
                        Open::Strong => Inline::Strong { children },
                        Open::Link(href, title) => Inline::Link {
                            href,
                            title,
                            children,
                        },
                        Open::Unlinked => {
                            for child in children {
                                match child {
                                    Inline::Text { text } => {
                                        push_text(&mut stack, &mut current, &text)
                                    }
                                    other => push(&mut stack, &mut current, other),
                                }
                            }
                            continue;
                        }
                    };
                    push(&mut stack, &mut current, node);
                }
            }
            Event::Text(t) => push_text(&mut stack, &mut current, &t),
            Event::Code(c) => {
                if has_shortcode_opener(&c) {
                    problems.push(shortcode_problem("a code span", &c));
                }
                push(
                    &mut stack,
                    &mut current,
                    Inline::Code {
                        text: c.to_string(),
                    },
                )
            }
            Event::SoftBreak => push_text(&mut stack, &mut current, " "),
            Event::HardBreak => push(&mut stack, &mut current, Inline::LineBreak),
            Event::Html(h) | Event::InlineHtml(h) => {
                if policy.allow_raw_html {
                    if has_shortcode_opener(&h) {
                        problems.push(shortcode_problem("raw HTML", &h));
                    }
                    push(
                        &mut stack,
                        &mut current,
                        Inline::Html {
                            html: h.to_string(),
                        },
                    );
                } else {
                    problems.push(MarkupProblem {
                        code: Code::RawHtml,
                        message: format!("translated text contains raw HTML `{}`", h.trim()),
                        hint: "write plain text or Markdown; to show a literal `<`, write `\\<`. Raw HTML is only \
                               accepted with `allow-raw-html = true` under `[content]` in policyc.toml"
                            .into(),
                    });
                }
            }
            Event::Start(Tag::Image { .. }) => {
                problems.push(MarkupProblem {
                    code: Code::ImageInText,
                    message: "translated text contains an image".into(),
                    hint: "images belong in the templates, not in translations".into(),
                });
                stack.push((Open::Emphasis, Vec::new()));
            }
            Event::End(TagEnd::Image) => {
                stack.pop();
            }
            Event::Start(Tag::Heading { .. }) => structure(&mut problems, "heading"),
            Event::Start(Tag::List(_)) => structure(&mut problems, "list"),
            Event::Start(Tag::BlockQuote(_)) => structure(&mut problems, "block quote"),
            Event::Start(Tag::CodeBlock(_)) => structure(&mut problems, "code block"),
            Event::Rule => structure(&mut problems, "horizontal rule"),
            Event::Start(Tag::Table(_)) => structure(&mut problems, "table"),
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(_) | Event::End(_) => {}
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {
                structure(&mut problems, "extension")
            }
            Event::InlineMath(m) | Event::DisplayMath(m) => push_text(&mut stack, &mut current, &m),
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.retain(|p| !p.is_empty());
    if mode == Mode::Inline && paragraphs.len() > 1 {
        problems.push(MarkupProblem {
            code: Code::MultipleParagraphs,
            message: "this text must be a single paragraph, but it contains a blank line".into(),
            hint: "remove the blank line; headings, labels, list items and table cells are one paragraph each".into(),
        });
    }
    if problems.is_empty() {
        Ok(paragraphs)
    } else {
        Err(problems)
    }
}

/// Whether `s` holds what Hugo reads as the start of a shortcode (`{{<`
/// or `{{%`, anywhere in a page's source: Hugo finds shortcodes before
/// Markdown is read, so code spans and raw HTML do not hide them).
pub fn has_shortcode_opener(s: &str) -> bool {
    s.contains("{{<") || s.contains("{{%")
}

/// The finding for a shortcode opener in a place where Markdown has no
/// escape (a code span shows a backslash or an entity literally).
fn shortcode_problem(place: &str, text: &str) -> MarkupProblem {
    let opener = if text.contains("{{<") { "{{<" } else { "{{%" };
    MarkupProblem {
        code: Code::HugoShortcode,
        message: format!(
            "translated text has `{opener}` inside {place}: Hugo would run it as a shortcode on the web page, \
             and there is no way to escape it there"
        ),
        hint: "put a space between the braces (`{ {<`), or write the text outside the code span, where it is \
               escaped"
            .into(),
    }
}

/// The finding for a note title or list label that Hugo cannot be given
/// as a shortcode argument: one holding `"`, `\` and `` ` `` together
/// (a quoted argument with an escaped quote loses every backslash, and a
/// raw one cannot hold a backtick; see the Markdown backend).
pub fn shortcode_argument_problem(text: &str) -> Option<MarkupProblem> {
    if !(text.contains('"') && text.contains('\\') && text.contains('`')) {
        return None;
    }
    Some(MarkupProblem {
        code: Code::ShortcodeArgument,
        message: "this text is passed to a Hugo shortcode, which cannot hold `\"`, `\\` and a backtick together"
            .into(),
        hint: "leave out one of the three (for example write typographic quotes “…” instead of `\"`)".into(),
    })
}

enum Open {
    Emphasis,
    Strong,
    /// A link's destination and title.
    Link(String, String),
    /// A link inside a link: its content joins the outer link's.
    Unlinked,
}

fn push(stack: &mut [(Open, Vec<Inline>)], current: &mut Vec<Inline>, node: Inline) {
    match stack.last_mut() {
        Some((_, children)) => children.push(node),
        None => current.push(node),
    }
}

fn push_text(stack: &mut [(Open, Vec<Inline>)], current: &mut Vec<Inline>, t: &str) {
    let target = match stack.last_mut() {
        Some((_, children)) => children,
        None => current,
    };
    if let Some(Inline::Text { text }) = target.last_mut() {
        text.push_str(t);
    } else {
        target.push(Inline::Text {
            text: t.to_string(),
        });
    }
}

/// Allows http(s), mailto, tel, relative URLs and anchors; refuses every
/// other scheme (`javascript:`, `data:`, `vbscript:` …) unless configured.
pub fn check_link(url: &str, policy: &ContentPolicy) -> Result<(), MarkupProblem> {
    // Browsers ignore control characters and whitespace inside a scheme
    // (`java\tscript:`), so look at the URL the way they do: the scheme is
    // what comes before the first `:`, unless a `/`, `?` or `#` comes first
    // (then the link is relative). Only the scheme is copied (lower-case),
    // not the whole URL: every link of every message is checked.
    let mut scheme = String::new();
    let mut found = false;
    for c in url.chars() {
        if c.is_control() || c.is_whitespace() {
            continue;
        }
        match c {
            ':' => {
                found = true;
                break;
            }
            '/' | '?' | '#' => break,
            _ => scheme.push(c.to_ascii_lowercase()),
        }
    }
    if !found {
        return Ok(());
    }
    let scheme = scheme.as_str();
    let allowed = ["http", "https", "mailto", "tel"];
    if allowed.contains(&scheme)
        || policy
            .extra_schemes
            .iter()
            .any(|s| s.eq_ignore_ascii_case(scheme))
    {
        return Ok(());
    }
    Err(MarkupProblem {
        code: Code::UnsafeLink,
        message: format!("link to `{url}` uses the scheme `{scheme}:`, which is not allowed"),
        hint: "links may use http, https, mailto or tel, or be relative (`/page`, `#section`); other schemes need \
               `allow-link-schemes` under `[content]` in policyc.toml"
            .into(),
    })
}

/// Escapes literal text so that Markdown reads it back as the same text.
/// Used for facts placed into messages and for text written into `.md`
/// output.
///
/// Every `{` is written `\{` (a CommonMark escape that Goldmark and
/// pulldown-cmark read alike), so no `{{` reaches the page from text:
/// Hugo runs a shortcode wherever `{{<` or `{{%` appears in a page's
/// source, whatever the Markdown around it, and Goldmark reads `{…}` at
/// the end of a heading as attributes. Escaping each brace, rather than
/// only a pair, also holds where two texts meet (a text ending in `{`
/// next to one starting with `{`, once emphasis between them is dropped).
pub fn escape_markdown_text(s: &str) -> String {
    escape_markdown(s, true)
}

/// [`escape_markdown_text`], borrowing `s` when escaping leaves it as it
/// is (as it does for most facts and metadata).
pub fn escaped_markdown_text(s: &str) -> std::borrow::Cow<'_, str> {
    if !may_need_escaping(s, true) {
        return std::borrow::Cow::Borrowed(s);
    }
    // Escaped once: kept when it differs.
    let escaped = escape_markdown_text(s);
    if escaped == s {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(escaped)
    }
}

/// Like [`escape_markdown_text`]; `at_start` says whether the text opens
/// a block, where `#`, `-`, `+`, `=` and `1.` would start structure.
pub fn escape_markdown(s: &str, at_start: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_markdown_into(s, at_start, &mut out);
    out
}

/// [`escape_markdown`], appended to `out`.
pub fn escape_markdown_into(s: &str, at_start: bool, out: &mut String) {
    escape_into(s, at_start, Reader::CommonMark, out)
}

/// Which reader escaped text is written for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// A CommonMark reader (pulldown-cmark reads facts placed into
    /// messages).
    CommonMark,
    /// Hugo's Goldmark with its default extensions: besides CommonMark,
    /// Typographer (`"`, `'`, `--`, `...`), Linkify (`http:`, `https:`,
    /// `ftp:`, `www.`, e-mail addresses) and definition lists (`:` at the
    /// start of a line) act on text, so those are escaped too: the page
    /// shows the characters the translator typed, never new links.
    Page,
    /// [`Reader::Page`] inside a link's text, where Linkify does not act.
    LinkText,
}

/// Escapes literal text for a Markdown page that Hugo's Goldmark reads
/// (with its default extensions) and CommonMark readers read, both as the
/// same text: [`escape_markdown_text`] plus escapes for Goldmark's
/// Typographer, Linkify and definition lists. `at_start` says whether the
/// text starts a line.
pub fn escape_page_text_into(s: &str, at_start: bool, out: &mut String) {
    escape_into(s, at_start, Reader::Page, out)
}

/// [`escape_page_text_into`] for the text of a link, where Goldmark's
/// Linkify does not act (an address there needs no escape).
pub fn escape_link_text_into(s: &str, at_start: bool, out: &mut String) {
    escape_into(s, at_start, Reader::LinkText, out)
}

/// [`escape_page_text_into`] into a new string.
pub fn escape_page_text(s: &str, at_start: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_page_text_into(s, at_start, &mut out);
    out
}

fn escape_into(s: &str, at_start: bool, reader: Reader, out: &mut String) {
    let bytes = s.as_bytes();
    let table = match reader {
        Reader::CommonMark => &MARKDOWN_SPECIAL,
        Reader::Page | Reader::LinkText => &PAGE_SPECIAL,
    };
    // Every character that needs care is ASCII, so the text is scanned as
    // bytes and copied in runs between them.
    let mut i = 0;
    if at_start {
        // An ordered-list marker at the start of text: `1.` or `1)`.
        let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        if (1..=10).contains(&digits) && matches!(bytes.get(digits), Some(b'.' | b')')) {
            out.push_str(&s[..digits]);
            out.push('\\');
            i = digits;
        }
    }
    let mut run = i;
    // The first character of a line may need an escape of its own (`#`).
    if at_start && i == 0 && !bytes.is_empty() {
        if let Some((insert, keep)) = escape_at(bytes, 0, true, reader) {
            out.push_str(insert);
            run = usize::from(!keep);
        }
        i = 1;
    }
    // Then from one byte that may need care to the next (a tight scan).
    while let Some(skip) = bytes[i..].iter().position(|&b| table[usize::from(b)] != 0) {
        let at = i + skip;
        if let Some((insert, keep)) = escape_at(bytes, at, at_start, reader) {
            out.push_str(&s[run..at]);
            out.push_str(insert);
            run = if keep { at } else { at + 1 };
        }
        i = at + 1;
    }
    out.push_str(&s[run..]);
}

/// The first character of `escape_page_text(s, false)`, without building
/// it (the page writer needs it for every text node that follows another
/// node, to decide how emphasis delimiters flank).
pub fn escaped_first_char(s: &str) -> Option<char> {
    let first = s.chars().next()?;
    match escape_at(s.as_bytes(), 0, false, Reader::Page) {
        Some((insert, _)) => insert.chars().next(),
        None => Some(first),
    }
}

/// Checks that `s`, escaped for a page ([`escape_page_text`]), gives
/// Goldmark's default extensions nothing to act on: no unescaped quote or
/// `@`, no `--` or `..`, no `http:`, `https:`, `ftp:` or `www.`, no `:`
/// or tab opening a line. (A reading of the escaped text by Goldmark's
/// trigger rules, for tests and fuzzing.)
pub fn page_text_is_inert(s: &str) -> Result<(), String> {
    for at_start in [false, true] {
        let e = escape_page_text(s, at_start);
        let b = e.as_bytes();
        let escaped = |i: usize| b[..i].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1;
        for (i, &c) in b.iter().enumerate() {
            let bad = match c {
                b'"' | b'\'' | b'@' => !escaped(i),
                b'-' | b'.' => i > 0 && b[i - 1] == c && !escaped(i),
                b':' => {
                    ((i == 0 && at_start)
                        || [&b"http"[..], b"https", b"ftp"]
                            .iter()
                            .any(|w| b[..i].ends_with(w)))
                        && !escaped(i)
                }
                b'\t' => i == 0 && at_start,
                _ => false,
            } || (c == b'.' && b[..i].ends_with(b"www"));
            if bad {
                return Err(format!("{s:?} is written {e:?}: Goldmark acts on byte {i}"));
            }
        }
    }
    Ok(())
}

/// What [`escape_markdown`] writes before the byte at `i` of a text, and
/// whether that byte stays; `None` when it is copied as it is.
fn escape_at(
    bytes: &[u8],
    i: usize,
    at_start: bool,
    reader: Reader,
) -> Option<(&'static str, bool)> {
    let next = bytes.get(i + 1).copied();
    let page = reader != Reader::CommonMark;
    let linkify = reader == Reader::Page;
    let after = |word: &[u8]| bytes[..i].ends_with(word);
    Some(match bytes[i] {
        b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'|' | b'~' => ("\\", true),
        b'!' if next == Some(b'[') => ("\\", true),
        // Only an entity-like `&name;` needs escaping.
        b'&' if entity_follows(&bytes[i + 1..]) => ("\\", true),
        b'{' => ("\\", true),
        b'#' | b'+' | b'-' | b'=' if i == 0 && at_start => ("\\", true),
        b'\n' | b'\r' => (" ", false),
        // Goldmark's Typographer: quotes, `--`, `---`, `...`.
        b'"' | b'\'' if page => ("\\", true),
        b'-' if page && i > 0 && bytes[i - 1] == b'-' => ("\\", true),
        // `...`, and Linkify's `www.`.
        b'.' if page && i > 0 && (bytes[i - 1] == b'.' || (linkify && after(b"www"))) => {
            ("\\", true)
        }
        // Linkify's URLs, and a definition at the start of a line.
        b':' if page
            && ((i == 0 && at_start)
                || (linkify && (after(b"http") || after(b"https") || after(b"ftp")))) =>
        {
            ("\\", true)
        }
        // Linkify's e-mail addresses.
        b'@' if linkify => ("\\", true),
        // A tab that starts a line would start a code block.
        b'\t' if page && i == 0 && at_start => ("&#9;", false),
        _ => return None,
    })
}

/// Bytes [`escape_markdown`] may have to change anywhere in a text.
static MARKDOWN_SPECIAL: [u8; 256] = byte_class([0; 256], b"\\`*_[]<>|~!&{\n\r", 1);

/// Bytes [`escape_page_text`] may have to change anywhere in a text.
static PAGE_SPECIAL: [u8; 256] = byte_class(MARKDOWN_SPECIAL, b"\"'-.:@", 1);

/// `table` with `class` added to the entry of each of `bytes`: the byte
/// tables that scans look characters up in are built with it at compile
/// time.
pub(crate) const fn byte_class(mut table: [u8; 256], bytes: &[u8], class: u8) -> [u8; 256] {
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] |= class;
        i += 1;
    }
    table
}

/// Whether [`escape_markdown`] would return the text unchanged (without
/// building the escaped copy in the common case). The page writer asks
/// it about text beside emphasis: the escapes a page adds besides
/// (quotes, `--`, `...`, `http:`, `@`) put a backslash before
/// punctuation, which leaves emphasis pairing as it is.
pub fn escapes_to_itself(s: &str, at_start: bool) -> bool {
    !may_need_escaping(s, at_start) || escape_markdown(s, at_start) == s
}

/// Whether escaping could change `s` at all: it has a byte the escaping
/// may change, or (at the start of a block) a first character that could
/// open a heading or a list. False means `s` escapes to itself.
fn may_need_escaping(s: &str, at_start: bool) -> bool {
    let leading = at_start
        && s.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'#' | b'+' | b'-' | b'='));
    leading || s.bytes().any(|b| MARKDOWN_SPECIAL[usize::from(b)] != 0)
}

/// Whether `&` followed by `rest` reads as an entity (`&amp;`, `&#123;`):
/// up to 32 letters, digits or `#`, then `;`.
fn entity_follows(rest: &[u8]) -> bool {
    for (n, &b) in rest.iter().take(32).enumerate() {
        if b == b';' {
            return n > 0;
        }
        if !(b.is_ascii_alphanumeric() || b == b'#') {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(inlines: &[Inline]) -> String {
        inlines.iter().map(Inline::plain_text).collect()
    }

    #[test]
    fn escaped_text_reads_back_as_the_same_text() {
        for s in [
            "a *b* _c_ [d](e) <f> `g` \\ h | ~i~ ![j]",
            "# not a heading",
            "1. not a list",
            "- not a list",
            "&amp; stays literal & so does this",
            "{{< shortcode >}}",
            "559412-8830",
        ] {
            let escaped = escape_markdown_text(s);
            let parsed = parse(&escaped, Mode::Inline, &ContentPolicy::default()).unwrap();
            assert_eq!(parsed.len(), 1, "{escaped}");
            assert_eq!(plain(&parsed[0]), s, "escaped as {escaped}");
        }
        assert!(!escape_markdown_text("{{< x >}}").contains("{{"));
    }

    /// Every input of the fuzz corpus and of the fuzzer's findings, and
    /// each of their lines.
    fn corpus_texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for dir in [
            "fuzz/corpus/markdown_backends",
            "fuzz/regressions/markdown_backends",
        ] {
            for entry in std::fs::read_dir(root.join(dir)).expect(dir) {
                let bytes = std::fs::read(entry.expect("entry").path()).expect("readable");
                if let Ok(text) = String::from_utf8(bytes) {
                    out.extend(text.lines().map(str::to_string));
                    out.push(text);
                }
            }
        }
        out
    }

    /// The page writer's shortcuts give what escaping the whole text gives:
    /// appending to a page, and the first escaped character of a text.
    #[test]
    fn escaping_into_a_page_and_the_first_escaped_character_match_escaping() {
        let mut texts = corpus_texts();
        for s in [
            "",
            "a",
            "*a",
            "_",
            "\\x",
            "`c`",
            "[x]",
            "]",
            "<b>",
            ">",
            "|",
            "~",
            "![i](j)",
            "!x",
            "&amp; x",
            "&x",
            "&;",
            "&#123;",
            "{{x",
            "{x",
            "{",
            "x{",
            "# h",
            "+ i",
            "- i",
            "= e",
            "1. one",
            "1) one",
            "12345678901. x",
            "\nline",
            "\r\n",
            "é*",
            "æ&oslash;å;",
            " lead",
        ] {
            texts.push(s.to_string());
        }
        for s in &texts {
            for at_start in [false, true] {
                let mut page = String::from("before ");
                escape_markdown_into(s, at_start, &mut page);
                assert_eq!(
                    page,
                    format!("before {}", escape_markdown(s, at_start)),
                    "{s:?}"
                );
            }
            assert_eq!(
                escaped_first_char(s),
                escape_page_text(s, false).chars().next(),
                "{s:?}"
            );
        }
    }

    /// The shortcut for plain text gives exactly what pulldown-cmark gives,
    /// for every input of the Markdown fuzzing corpus and for text built
    /// from the characters the shortcut treats as plain.
    #[test]
    fn plain_text_shortcut_agrees_with_the_markdown_parser() {
        let p = ContentPolicy::default();
        let mut inputs: Vec<String> = [
            "Plain words.",
            "Vi behandler oplysninger (se afsnit 4) om kunder.",
            "a > b, c - d + e = f ~ g | h {i} $j ! k # l : m",
            "2024 is a year",
            "2024. is a list",
            "# heading",
            "- item",
            "> quote",
            "    indented",
            "trailing  ",
            "\u{a0}nbsp\u{a0}",
            "x\u{2003}",
            "~~~",
            "===",
            "|a|b|",
            "!not an image",
            "Ærø, Åland, Øst: 559412-8830",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every line of a corpus input, too: most are single lines.
        inputs.extend(corpus_texts());
        let mut shortcut = 0;
        for candidate in &inputs {
            if candidate
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
            {
                continue;
            }
            if byte_classes(candidate) & MARKUP != 0 {
                continue;
            }
            if is_plain_paragraph(candidate) {
                shortcut += 1;
                for mode in [Mode::Inline, Mode::Paragraphs] {
                    // pulldown-cmark itself, not the scanner.
                    let full = Parser::new_ext(candidate, Options::empty());
                    let expected = parse_events(full, mode, &p);
                    assert_eq!(parse(candidate, mode, &p), expected, "{candidate:?}");
                    assert_eq!(
                        parse_owned(candidate.clone(), mode, &p),
                        expected,
                        "{candidate:?}"
                    );
                }
            }
        }
        assert!(shortcut > 100, "only {shortcut} inputs took the shortcut");
    }

    /// The first, character-by-character version of [`escape_markdown`],
    /// kept as the oracle for the byte-scanning one.
    fn escape_markdown_char_by_char(s: &str, at_start: bool) -> String {
        let mut out = String::with_capacity(s.len() + 8);
        let mut chars = s.chars().peekable();
        let mut at_line_start = at_start;
        while let Some(c) = chars.next() {
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                '!' if chars.peek() == Some(&'[') => out.push_str("\\!"),
                '&' => {
                    // Only an entity-like `&name;` needs escaping.
                    let rest: String = chars.clone().take(32).collect();
                    let entity = rest.find(';').is_some_and(|i| {
                        i > 0
                            && rest[..i]
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '#')
                    });
                    if entity {
                        out.push('\\');
                    }
                    out.push('&');
                }
                '{' => out.push_str("\\{"),
                '#' | '+' | '-' | '=' if at_line_start => {
                    out.push('\\');
                    out.push(c);
                }
                '\n' | '\r' => {
                    out.push(' ');
                    at_line_start = false;
                    continue;
                }
                _ => out.push(c),
            }
            at_line_start = false;
            // An ordered-list marker at the start of text: `1.` or `1)`.
            if at_start
                && c.is_ascii_digit()
                && out.len() <= 10
                && out.chars().all(|c| c.is_ascii_digit())
            {
                if let Some(&n) = chars.peek() {
                    if n == '.' || n == ')' {
                        out.push('\\');
                    }
                }
            }
        }
        out
    }

    #[test]
    fn escaping_by_bytes_matches_escaping_by_characters() {
        let corpus =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/markdown_backends");
        let mut inputs: Vec<String> = [
            "",
            "1. x",
            "12) y",
            "12345678901. long",
            "1234567890. ten",
            "#x",
            "-",
            "&amp; &#12; &x y; &;",
            "{{ {{{ {",
            "{x} a{ }{ {",
            "{{< gist a 1 >}} {{% x %}}",
            "![a] !x",
            "a\r\nb",
            "Ærø & Øst & co; ~x~ | y",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for entry in std::fs::read_dir(&corpus).expect("fuzz/corpus/markdown_backends") {
            let bytes = std::fs::read(entry.expect("entry").path()).expect("readable");
            inputs.push(String::from_utf8_lossy(&bytes).into_owned());
        }
        for s in &inputs {
            for at_start in [true, false] {
                let escaped = escape_markdown_char_by_char(s, at_start);
                assert_eq!(
                    escape_markdown(s, at_start),
                    escaped,
                    "{s:?} at_start={at_start}"
                );
                assert_eq!(
                    escapes_to_itself(s, at_start),
                    escaped == *s,
                    "{s:?} at_start={at_start}"
                );
            }
            // Facts and metadata: the escaped text, borrowed exactly when
            // escaping leaves it as it is.
            let cow = escaped_markdown_text(s);
            assert_eq!(cow, escape_markdown_text(s), "{s:?}");
            assert_eq!(
                matches!(cow, std::borrow::Cow::Borrowed(_)),
                escape_markdown_text(s) == *s,
                "{s:?}"
            );
        }
    }

    #[test]
    fn refuses_javascript_links_even_when_obfuscated() {
        let p = ContentPolicy::default();
        for url in [
            "javascript:alert(1)",
            "JavaScript:x",
            "java\tscript:x",
            " data:text/html,x",
            "vbscript:x",
        ] {
            assert!(check_link(url, &p).is_err(), "{url}");
        }
        for url in [
            "https://a.example",
            "/dokument/cookies/",
            "#legal-basis",
            "mailto:a@b.example",
            "tel:+4612",
            "page?x=a:b",
        ] {
            assert!(check_link(url, &p).is_ok(), "{url}");
        }
    }

    /// `check_link` reads the scheme without copying the URL; it must say
    /// what the whole-URL reading (kept here as the oracle) says, for
    /// every short URL over the characters that matter.
    #[test]
    fn link_schemes_are_read_as_from_the_cleaned_url() {
        fn oracle(url: &str, extra: &[String]) -> Option<String> {
            let cleaned: String = url
                .chars()
                .filter(|c| !c.is_control() && !c.is_whitespace())
                .collect();
            let lower = cleaned.to_ascii_lowercase();
            let scheme = match (lower.find(':'), lower.find(['/', '?', '#'])) {
                (Some(c), Some(p)) if c < p => &lower[..c],
                (Some(c), None) => &lower[..c],
                _ => return None,
            };
            let allowed = ["http", "https", "mailto", "tel"].contains(&scheme)
                || extra.iter().any(|s| s.eq_ignore_ascii_case(scheme));
            (!allowed).then(|| scheme.to_string())
        }
        let policy = ContentPolicy {
            extra_schemes: vec!["Ab".into()],
            ..ContentPolicy::default()
        };
        let alphabet = [
            'a', 'B', ':', '/', '?', '#', '\t', ' ', '\u{0}', '\u{85}', 'é',
        ];
        let mut urls = vec![String::new()];
        let mut checked = 0;
        for _ in 0..5 {
            let mut longer = Vec::new();
            for u in &urls {
                for c in alphabet {
                    let mut v = u.clone();
                    v.push(c);
                    let got = check_link(&v, &policy).err().map(|e| e.message);
                    let want = oracle(&v, &policy.extra_schemes).map(|scheme| {
                        format!("link to `{v}` uses the scheme `{scheme}:`, which is not allowed")
                    });
                    assert_eq!(got, want, "{v:?}");
                    checked += 1;
                    longer.push(v);
                }
            }
            urls = longer;
        }
        assert!(checked > 150_000);
    }

    #[test]
    fn refuses_invisible_control_characters() {
        let e = parse("a\u{4}b", Mode::Inline, &ContentPolicy::default()).unwrap_err();
        assert_eq!(e[0].code, Code::ControlCharacter);
        assert!(e[0].message.contains("U+0004"));
        assert!(parse("tab\there", Mode::Inline, &ContentPolicy::default()).is_ok());
    }

    /// The byte classes find every control character (so none reaches the
    /// character test unseen) and exactly the characters the plain-text
    /// shortcut must leave to the parser.
    #[test]
    fn byte_classes_flag_every_control_character_and_markup_byte() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            if c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
                assert_ne!(byte_classes(&s) & MAYBE_CONTROL, 0, "{c:?}");
                assert_eq!(
                    parse(&s, Mode::Inline, &ContentPolicy::default()).unwrap_err()[0].code,
                    Code::ControlCharacter
                );
            }
            let markup = matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '&' | '\n' | '\r' | '\t'
            );
            assert_eq!(byte_classes(&s) & MARKUP != 0, markup, "{c:?}");
        }
    }

    /// Seventh fuzz finding: an autolink inside a link. Links never nest in
    /// the document tree; the inner one keeps its text.
    #[test]
    fn a_link_inside_a_link_keeps_its_text_and_loses_its_target() {
        let p = parse(
            "see [the <a@b.example> list](https://x.example) now",
            Mode::Inline,
            &ContentPolicy::default(),
        )
        .unwrap();
        assert_eq!(
            p[0],
            vec![
                Inline::Text {
                    text: "see ".into()
                },
                Inline::Link {
                    href: "https://x.example".into(),
                    title: String::new(),
                    children: vec![Inline::Text {
                        text: "the a@b.example list".into()
                    }],
                },
                Inline::Text {
                    text: " now".into()
                },
            ]
        );
    }

    #[test]
    fn refuses_a_hugo_shortcode_where_markdown_cannot_escape_it() {
        let p = ContentPolicy::default();
        for text in [
            "run `{{< gist a 1 >}}` now",
            "run `{{%x%}}` now",
            "[`{{<x>}}`](https://example.com)",
        ] {
            let e = parse(text, Mode::Inline, &p).unwrap_err();
            assert_eq!(e[0].code, Code::HugoShortcode, "{text}");
        }
        let html = ContentPolicy {
            allow_raw_html: true,
            ..ContentPolicy::default()
        };
        let e = parse("a <span title=\"{{< x >}}\">b</span>", Mode::Inline, &html).unwrap_err();
        assert_eq!(e[0].code, Code::HugoShortcode);
        // Elsewhere the text is escaped when written, and a code span
        // without a shortcode opener is fine.
        for text in [
            "a {{< x >}} b",
            "`{{ .Title }}` and `{ {<`",
            "[a](/{{<x>}})",
        ] {
            assert!(parse(text, Mode::Inline, &p).is_ok(), "{text}");
        }
    }

    /// Text escaped for a page gives Goldmark's extensions nothing to act
    /// on, for every corpus input and line and for generated text.
    #[test]
    fn page_text_gives_goldmark_extensions_nothing_to_act_on() {
        let mut texts = corpus_texts();
        let pieces = [
            "-", ".", "'", "\"", "@", ":", "http", "https", "ftp", "www", "\\", "\t", "a", " ",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push([a, b, c].concat());
                }
            }
        }
        for s in &texts {
            page_text_is_inert(s).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn an_e_mail_autolink_is_a_mailto_link() {
        let p = parse(
            "write <a@b.example>",
            Mode::Inline,
            &ContentPolicy::default(),
        )
        .unwrap();
        assert!(
            matches!(&p[0][1], Inline::Link { href, .. } if href == "mailto:a@b.example"),
            "{p:?}"
        );
    }

    /// Blocks allow no structure, so a line that starts like an ordered
    /// list (a Danish date) is text.
    #[test]
    fn a_date_at_the_start_of_a_line_is_text() {
        let p = ContentPolicy::default();
        for (text, plain_text) in [
            (
                "1. januar 2025 træder politikken i kraft.",
                "1. januar 2025 træder politikken i kraft.",
            ),
            ("25. maj 2018 …", "25. maj 2018 …"),
            ("Fra\n1. januar", "Fra 1. januar"),
            ("1) a", "1) a"),
        ] {
            let parsed =
                parse(text, Mode::Inline, &p).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
            assert_eq!(plain(&parsed[0]), plain_text);
        }
        assert_eq!(
            parse("- a list", Mode::Inline, &p).unwrap_err()[0].code,
            Code::StructureInText
        );
    }

    #[test]
    fn refuses_structure_and_raw_html() {
        let p = ContentPolicy::default();
        let e = parse("text\n\n- item", Mode::Paragraphs, &p).unwrap_err();
        assert_eq!(e[0].code, Code::StructureInText);
        let e = parse("a <script>alert(1)</script>", Mode::Inline, &p).unwrap_err();
        assert_eq!(e[0].code, Code::RawHtml);
        let e = parse("one\n\ntwo", Mode::Inline, &p).unwrap_err();
        assert_eq!(e[0].code, Code::MultipleParagraphs);
        assert_eq!(parse("one\n\ntwo", Mode::Paragraphs, &p).unwrap().len(), 2);
    }
}
