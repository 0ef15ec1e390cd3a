//! The events of one line of simple inline Markdown, without starting
//! pulldown-cmark (whose set-up allocates ~16 KB per parse, which made it
//! the largest cost of localizing and of the markup-drift check).
//!
//! "Simple" is a subset chosen so that the result can be stated exactly:
//! one line of text with backslash escapes, `*` / `_` emphasis and strong
//! that nest properly, and inline links `[text](destination)` whose
//! destination has no spaces or parentheses. Anything else — a run of
//! three delimiters, a delimiter that could both open and close, one that
//! is never closed, a bracket that is not such a link, code spans, HTML,
//! entities, images, a character pulldown-cmark might classify
//! differently — gives `None`, and the caller uses pulldown-cmark.
//!
//! Within the subset the events are pulldown-cmark's own (adjacent text
//! events may be split differently, which no consumer sees); the tests
//! compare the two on the fuzzing corpus and on generated text, and the
//! `markdown_backends` fuzz target compares them on every input.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// Bytes that are text whatever comes before or after them.
const PLAIN: u8 = 0;
/// The class of each byte: [`PLAIN`] or not (UTF-8 continuation and lead
/// bytes are plain: only ASCII has Markdown meaning here).
static CLASS: [u8; 256] = {
    let mut t = [PLAIN; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = 1;
        c += 1;
    }
    t[0x7f] = 1;
    let special = b"\\*_[]!`<&";
    let mut i = 0;
    while i < special.len() {
        t[special[i] as usize] = 1;
        i += 1;
    }
    t
};

/// What is next to a run of `*` or `_` (for the flanking rules).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Space, or the start or end of the text.
    Space,
    /// ASCII punctuation.
    Punct,
    /// A letter or digit.
    Word,
}

fn side(c: Option<char>) -> Option<Side> {
    match c {
        None | Some(' ') => Some(Side::Space),
        Some(c) if c.is_ascii_punctuation() => Some(Side::Punct),
        Some(c) if c.is_alphanumeric() => Some(Side::Word),
        // Other spaces, symbols and punctuation outside ASCII: the
        // Markdown readers' Unicode tables decide; leave them to the parser.
        Some(_) => None,
    }
}

enum Open {
    /// A delimiter run: its character and length (1 emphasis, 2 strong).
    Delim(u8, usize),
    /// A link: where its `]` is, and where its `)` is.
    Link { close: usize, end: usize },
}

/// Pulldown-cmark's events for `text` (with no options), when the text is
/// in the simple subset.
pub fn events<'a>(text: &'a str) -> Option<Vec<Event<'a>>> {
    let b = text.as_bytes();
    if !super::inline_edges(text) {
        return None;
    }
    let first = text.chars().next()?;
    // `* x` is a list item and `***` or `_ _ _` a rule.
    if matches!(first, '*' | '_')
        && !text
            .trim_start_matches(first)
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let mut out = Vec::with_capacity(8);
    out.push(Event::Start(Tag::Paragraph));
    let mut stack: Vec<Open> = Vec::new();
    let mut run = 0;
    let mut i = 0;
    let flush = |out: &mut Vec<Event<'a>>, from: usize, to: usize| {
        if from < to {
            out.push(Event::Text(CowStr::Borrowed(&text[from..to])));
        }
    };
    while i < b.len() {
        if CLASS[b[i] as usize] == PLAIN {
            i += 1;
            continue;
        }
        match b[i] {
            b'\\' => {
                if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
                    // The escaped character is text: it starts the next run.
                    flush(&mut out, run, i);
                    run = i + 1;
                    i += 2;
                } else {
                    i += 1;
                }
            }
            c @ (b'*' | b'_') => {
                let mut j = i;
                while b.get(j) == Some(&c) {
                    j += 1;
                }
                let len = j - i;
                // Next to an escape or a backslash: leave it to the parser.
                if len > 2 || (i >= 2 && b[i - 2] == b'\\') || b.get(j) == Some(&b'\\') {
                    return None;
                }
                let before = side(text[..i].chars().next_back())?;
                let after = side(text[j..].chars().next())?;
                let left = after != Side::Space && (after != Side::Punct || before != Side::Word);
                let right = before != Side::Space && (before != Side::Punct || after != Side::Word);
                match (left, right) {
                    (true, true) => return None,
                    (false, false) => {}
                    (true, false) => {
                        flush(&mut out, run, i);
                        out.push(Event::Start(if len == 1 {
                            Tag::Emphasis
                        } else {
                            Tag::Strong
                        }));
                        stack.push(Open::Delim(c, len));
                        run = j;
                    }
                    (false, true) => {
                        match stack.last() {
                            Some(Open::Delim(o, n)) if *o == c && *n == len => {}
                            _ => return None,
                        }
                        stack.pop();
                        flush(&mut out, run, i);
                        out.push(Event::End(if len == 1 {
                            TagEnd::Emphasis
                        } else {
                            TagEnd::Strong
                        }));
                        run = j;
                    }
                }
                i = j;
            }
            b'[' => {
                let (close, end, dest) = link_at(text, i)?;
                flush(&mut out, run, i);
                out.push(Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: dest,
                    title: CowStr::Borrowed(""),
                    id: CowStr::Borrowed(""),
                }));
                stack.push(Open::Link { close, end });
                i += 1;
                run = i;
            }
            b']' => {
                let end = match stack.last() {
                    Some(Open::Link { close, end, .. }) if *close == i => *end,
                    _ => return None,
                };
                stack.pop();
                flush(&mut out, run, i);
                out.push(Event::End(TagEnd::Link));
                i = end + 1;
                run = i;
            }
            b'!' if b.get(i + 1) != Some(&b'[') => i += 1,
            // Line structure, code spans, HTML, autolinks, entities,
            // images, control characters.
            _ => return None,
        }
    }
    if !stack.is_empty() {
        return None;
    }
    flush(&mut out, run, b.len());
    out.push(Event::End(TagEnd::Paragraph));
    Some(out)
}

/// The link starting at `[` at `open`: the positions of its `]` and `)`
/// and its destination. `None` unless it is `[text](destination)` with
/// non-empty text free of brackets and a non-empty destination free of
/// spaces, control characters, parentheses, quotes, `<` and `&`.
fn link_at(text: &str, open: usize) -> Option<(usize, usize, CowStr<'_>)> {
    let b = text.as_bytes();
    let mut i = open + 1;
    let close = loop {
        match *b.get(i)? {
            b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 2,
            b'[' => return None,
            b']' => break i,
            _ => i += 1,
        }
    };
    if close == open + 1 || b.get(close + 1) != Some(&b'(') {
        return None;
    }
    let start = close + 2;
    let mut i = start;
    let mut escaped = false;
    let end = loop {
        match *b.get(i)? {
            b')' => break i,
            b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                escaped = true;
                i += 2;
            }
            // Spaces, parentheses, quotes; control characters (a tab or
            // a form feed ends a destination too); `<` (a destination in
            // angle brackets) and `&` (entities are decoded there).
            b' ' | b'(' | b'"' | b'\'' | b'\\' | b'<' | b'&' | 0x00..=0x1f | 0x7f => return None,
            _ => i += 1,
        }
    };
    if end == start {
        return None;
    }
    let raw = &text[start..end];
    let dest = if escaped {
        let mut s = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                // Every backslash here escapes punctuation (checked above).
                s.extend(chars.next());
            } else {
                s.push(c);
            }
        }
        CowStr::from(s)
    } else {
        CowStr::Borrowed(raw)
    };
    Some((close, end, dest))
}

/// Events with adjacent text joined, owned: what a consumer sees.
fn joined<'a>(events: impl IntoIterator<Item = Event<'a>>) -> Vec<Event<'static>> {
    let mut out: Vec<Event<'static>> = Vec::new();
    for e in events {
        if let (Event::Text(t), Some(Event::Text(prev))) = (&e, out.last_mut()) {
            *prev = CowStr::from(format!("{prev}{t}"));
            continue;
        }
        out.push(e.into_static());
    }
    out
}

/// For tests and fuzzing: `Ok(false)` when the scanner does not apply to
/// `text`, `Ok(true)` when it gives what pulldown-cmark gives, and the two
/// event lists when they differ.
pub fn compare_with_parser(text: &str) -> Result<bool, String> {
    let Some(simple) = events(text) else {
        return Ok(false);
    };
    let (simple, full) = (
        joined(simple),
        joined(pulldown_cmark::Parser::new_ext(
            text,
            pulldown_cmark::Options::empty(),
        )),
    );
    if simple == full {
        Ok(true)
    } else {
        let show = |events: &[Event]| {
            events
                .iter()
                .map(|e| match e {
                    Event::Text(t) => format!("Text({:?})", &**t),
                    other => format!("{other:?}"),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        Err(format!(
            "{text:?}\n  scanner: {}\n  pulldown-cmark: {}",
            show(&simple),
            show(&full)
        ))
    }
}
