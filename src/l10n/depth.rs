//! The depth pre-scan: finds the `.ftl` entries that nest placeables and
//! calls deeper than [`MAX_FTL_NESTING`], so they can be left out before
//! the Fluent parser, which recurses once per level, overflows the stack.

use std::ops::Range;

/// The deepest nesting of placeables (`{`) and call arguments (`(`) an FTL
/// entry may have. Real messages nest two or three deep; the parser
/// recurses once per level, and a few thousand levels overflow a thread's
/// stack.
pub const MAX_FTL_NESTING: usize = 100;

/// What an open bracket of the scan is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// A placeable; `true` once inside a select variant's text.
    Placeable(bool),
    /// Call arguments.
    Call,
}

/// The entries of an FTL text that nest deeper than [`MAX_FTL_NESTING`]:
/// each entry's span (from its first line to the next entry) and where
/// the limit is crossed. A scan of the bytes, not a parse: it never counts
/// less than the parser would nest (string literals, variant keys and
/// variant text are told apart), and text outside placeables is skipped
/// at memchr speed, so it costs little next to the parse.
pub fn too_deep_entries(text: &str) -> Vec<(Range<usize>, usize)> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    // Nesting grows only at `{` and `(`: a file with no more of them than
    // the limit has no entry past it (most files; a vectorised count costs
    // a tenth of the scan).
    if memchr::memchr2_iter(b'{', b'(', b).count() <= MAX_FTL_NESTING {
        return found;
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    // Where the last entry found too deep ended: no entry starts before it.
    let mut floor = 0;
    while i < b.len() {
        if stack.is_empty() {
            match memchr::memchr(b'{', &b[i..]) {
                Some(n) => i += n,
                None => break,
            }
        }
        let c = b[i];
        let in_text = matches!(stack.last(), Some(Open::Placeable(true)));
        let opens = match c {
            b'{' => Some(Open::Placeable(false)),
            b'(' if !in_text => Some(Open::Call),
            _ => None,
        };
        if let Some(open) = opens {
            stack.push(open);
            if stack.len() > MAX_FTL_NESTING {
                // Too deep: note the entry and resume after it.
                let start = entry_start(b, i, floor);
                let end = next_entry(b, i);
                found.push((start..end, i));
                stack.clear();
                floor = end;
                i = end;
                continue;
            }
            i += 1;
            continue;
        }
        match c {
            b'}' => {
                // Closes the innermost placeable (and any call left open).
                while let Some(o) = stack.pop() {
                    if matches!(o, Open::Placeable(_)) {
                        break;
                    }
                }
            }
            b')' if !in_text && stack.last() == Some(&Open::Call) => {
                stack.pop();
            }
            b'"' if !in_text => {
                // A string literal: to its closing quote or the line's end.
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                if i < b.len() && b[i] == b'\n' {
                    continue;
                }
            }
            b'[' if !in_text => {
                // A variant key, then the variant's text.
                i = skip_key(b, i);
                if let Some(Open::Placeable(t)) = stack.last_mut() {
                    *t = true;
                }
                continue;
            }
            b'\n' => {
                let line = i + 1;
                if is_entry_line(&b[line..]) {
                    // The parser ends the entry here, whatever was open.
                    stack.clear();
                } else if in_text {
                    // A line starting with `[` or `*[` is the next variant.
                    let rest = &b[line..];
                    let first = rest
                        .iter()
                        .position(|&c| c != b' ' && c != b'\t' && c != b'\r');
                    if let Some(f) = first {
                        if matches!(rest[f], b'[' | b'*') {
                            i = skip_key(b, line + f);
                            continue;
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Past a variant key (`[key]` or `*[key]`) starting at `i`: after its `]`,
/// or at the end of the line when it has none.
fn skip_key(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] != b'\n' {
        i += 1;
        if b[i - 1] == b']' {
            break;
        }
    }
    i
}

/// Whether a line defines a message or term (`id =`, `-id =`): inside a
/// placeable the parser can never accept such a line, so it ends the
/// entry before it, however deep the entry was.
fn is_entry_line(line: &[u8]) -> bool {
    let line = line.strip_prefix(b"-").unwrap_or(line);
    if !line.first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let rest = line
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_')))
        .map_or(&[][..], |n| &line[n..]);
    let rest = rest
        .iter()
        .position(|&c| c != b' ')
        .map_or(&[][..], |n| &rest[n..]);
    rest.first() == Some(&b'=')
}

/// The start of the entry that contains offset `at`: the last entry line
/// at or before it (not before `floor`).
fn entry_start(b: &[u8], at: usize, floor: usize) -> usize {
    let mut line = b[..at]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |n| n + 1);
    while line > floor {
        if is_entry_line(&b[line..]) {
            return line;
        }
        line = b[..line - 1]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |n| n + 1);
    }
    floor.max(line)
}

/// The start of the next entry line after offset `at`, or the end.
fn next_entry(b: &[u8], at: usize) -> usize {
    let mut i = at;
    while let Some(n) = memchr::memchr(b'\n', &b[i..]) {
        i += n + 1;
        if is_entry_line(&b[i..]) {
            return i;
        }
    }
    b.len()
}

/// Turns a span of lines into comment lines of the same length (`#` and
/// spaces), so the parser skips them and every other offset stays.
pub(super) fn blank_out(text: &mut String, span: Range<usize>) {
    let mut bytes = std::mem::take(text).into_bytes();
    let mut line_start = true;
    for c in &mut bytes[span] {
        if *c == b'\n' {
            line_start = true;
            continue;
        }
        *c = if line_start { b'#' } else { b' ' };
        line_start = false;
    }
    *text = String::from_utf8(bytes).expect("only ASCII bytes were written over whole lines");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(text: &str) -> Vec<(Range<usize>, usize)> {
        too_deep_entries(text)
    }

    #[test]
    fn ordinary_messages_are_never_too_deep() {
        let ftl = "a = { $n ->\n    [one] { $n } item (one)\n   *[other] { NUMBER($n, minimumFractionDigits: 1) } items \" {\n}\nb = { \"{\" } and { \"}\" } { -term(case: \"x\") }\n-term = T\n    .attr = { a }\n";
        assert!(deep(ftl).is_empty());
        // Unbalanced braces in many broken entries do not add up.
        let broken = "x = { \n".repeat(500);
        assert!(deep(&broken).is_empty());
    }

    #[test]
    fn placeables_past_the_limit_are_found_with_their_entry() {
        let n = MAX_FTL_NESTING + 1;
        let ftl = format!(
            "a = ok\ndeep = {}$x{}\n    .attr = x\nb = ok\n",
            "{".repeat(n),
            "}".repeat(n)
        );
        let found = deep(&ftl);
        assert_eq!(found.len(), 1);
        let (entry, at) = found[0].clone();
        assert_eq!(&ftl[entry.clone()], &ftl[7..ftl.find("b = ok").unwrap()]);
        assert_eq!(at, 7 + "deep = ".len() + MAX_FTL_NESTING);
        // Exactly at the limit: fine.
        let m = MAX_FTL_NESTING;
        assert!(deep(&format!("a = {}$x{}\n", "{".repeat(m), "}".repeat(m))).is_empty());
    }

    #[test]
    fn text_in_variants_cannot_hide_nesting() {
        // `)` and `"` in a variant's text are text: they neither close a
        // call nor open a string the scan would skip.
        let level = "{ $x ->\n *[a] )) \" ";
        let ftl = format!("a = {}x{}\n", level.repeat(150), "}".repeat(150));
        assert_eq!(deep(&ftl).len(), 1);
        let calls = format!("a = {{ {}1{} }}\n", "F(".repeat(150), ")".repeat(150));
        assert_eq!(deep(&calls).len(), 1);
    }
}
