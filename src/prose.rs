//! The prose of a Fluent pattern as the text checks read it (the glossary
//! and `wrong-language`): placeables and Markdown link targets left out,
//! letters lowercased, every run of white space one space, and for each
//! byte the offset in the pattern it came from, so that a finding can
//! point at the word in the file.
//!
//! One reader for both checks: a term found by the glossary and a word
//! counted by the language check are the same word.

use std::ops::Range;

/// A pattern's prose. The buffers are kept between texts: `check` reads
/// every text of every policy, and a fresh allocation per text was most
/// of the cost.
#[derive(Default, Debug)]
pub struct Prose {
    text: String,
    /// Where the text came from: `(offset in text, offset in pattern)` at
    /// the start of each run copied as it is; a run maps byte for byte.
    marks: Vec<(u32, u32)>,
}

/// Bytes that end a run of plain ASCII text: white space, the starts of
/// placeables and link targets, and the first byte of every non-ASCII
/// character (which is lowercased on its own).
static SPECIAL: [u8; 256] = {
    let mut t = crate::markup::byte_class([0; 256], b" \t\n\r{]", 1);
    let mut b = 0x80;
    while b < 256 {
        t[b] = 1;
        b += 1;
    }
    t
};

impl Prose {
    /// The prose of `pattern` (a pattern's source text, after its `=`).
    pub fn of(pattern: &str) -> Prose {
        let mut p = Prose::default();
        p.read(pattern);
        p
    }

    /// Reads `pattern` into these buffers.
    pub fn read(&mut self, pattern: &str) {
        self.text.clear();
        self.marks.clear();
        let bytes = pattern.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // A run of plain ASCII (single spaces between words included),
            // copied and lowercased at once.
            if SPECIAL[usize::from(b)] == 0 {
                let start = i;
                while i < bytes.len()
                    && (SPECIAL[usize::from(bytes[i])] == 0
                        || (bytes[i] == b' '
                            && bytes[i - 1] != b' '
                            && bytes
                                .get(i + 1)
                                .is_some_and(|&n| SPECIAL[usize::from(n)] == 0)))
                {
                    i += 1;
                }
                self.mark(start);
                let from = self.text.len();
                self.text.push_str(&pattern[start..i]);
                self.text[from..].make_ascii_lowercase();
                continue;
            }
            match b {
                // A placeable is not prose: a variable, a term, a selector
                // with its variants (each a text of its own in the output,
                // but not this text's words).
                b'{' => {
                    i = skip_placeable(bytes, i + 1);
                    self.space(i);
                }
                // `](target)`: the link's text is prose, its target is not.
                b']' if bytes.get(i + 1) == Some(&b'(') => {
                    i = skip_link_target(bytes, i + 2);
                    self.space(i);
                }
                b']' => {
                    self.mark(i);
                    self.text.push(']');
                    i += 1;
                }
                b' ' | b'\t' | b'\n' | b'\r' => {
                    self.space(i);
                    i += 1;
                }
                _ => {
                    let c = pattern[i..].chars().next().unwrap_or(' ');
                    if c.is_whitespace() {
                        self.space(i);
                    } else {
                        self.mark(i);
                        self.text.extend(c.to_lowercase());
                    }
                    i += c.len_utf8();
                }
            }
        }
        if self.text.ends_with(' ') {
            self.text.pop();
        }
    }

    fn mark(&mut self, at: usize) {
        let pos = (
            u32::try_from(self.text.len()).unwrap_or(u32::MAX),
            u32::try_from(at).unwrap_or(u32::MAX),
        );
        self.marks.push(pos);
    }

    /// One space for any run of white space (and for what was left out).
    fn space(&mut self, at: usize) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.mark(at);
            self.text.push(' ');
        }
    }

    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Its words: runs of letters.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
    }

    /// Where `range` of the normalized text is in `pattern` (the text it
    /// was read from): from its first character to the end of its last.
    pub fn source_range(&self, pattern: &str, range: Range<usize>) -> Range<usize> {
        let origin = |at: usize| {
            let m = self.marks.partition_point(|&(t, _)| t as usize <= at);
            let (t, p) = m.checked_sub(1).map_or((0, 0), |k| self.marks[k]);
            let mut o = (p as usize + (at - t as usize)).min(pattern.len());
            // Past the start of a character lowercased to more bytes.
            while !pattern.is_char_boundary(o) {
                o -= 1;
            }
            o
        };
        let start = origin(range.start);
        let last = origin(range.end.saturating_sub(1).max(range.start));
        let end = last + pattern[last..].chars().next().map_or(0, char::len_utf8);
        start..end.max(start)
    }
}

/// The offset after the `}` that closes a placeable whose `{` ends just
/// before `i`: placeables nest, and a string literal's braces are text.
fn skip_placeable(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 1usize;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'\n') {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// The offset after a link target whose `(` ends just before `i`, to its
/// closing `)` (parentheses inside it balanced, as Markdown reads them;
/// placeables skipped whole; a line break ends it).
fn skip_link_target(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 1usize;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                i = skip_placeable(bytes, i + 1);
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b'\n' => return i,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeables_and_link_targets_are_not_prose() {
        let p = Prose::of("Skriv til [{ $email }](mailto:{ $email }) om { $n ->\n [one] en\n *[other] flere\n } Persondata.");
        assert_eq!(p.text(), "skriv til [ om persondata.");
    }

    #[test]
    fn white_space_runs_are_one_space_and_letters_lowercase() {
        let p = Prose::of("Personal\n    Data  ÆØÅ");
        assert_eq!(p.text(), "personal data æøå");
        assert_eq!(p.words().collect::<Vec<_>>(), ["personal", "data", "æøå"]);
    }

    #[test]
    fn a_range_of_the_prose_maps_back_to_the_pattern() {
        let pattern = "Vi { $x } må ikke kalde det Persondata her.";
        let p = Prose::of(pattern);
        let at = p.text().find("persondata").unwrap();
        let r = p.source_range(pattern, at..at + "persondata".len());
        assert_eq!(&pattern[r], "Persondata");
        let at = p.text().find("må").unwrap();
        let r = p.source_range(pattern, at..at + "må".len());
        assert_eq!(&pattern[r], "må");
    }

    #[test]
    fn a_range_after_a_lowercased_non_ascii_letter_maps_back() {
        let pattern = "ÆNDRING af Persondata";
        let p = Prose::of(pattern);
        assert_eq!(p.text(), "ændring af persondata");
        let at = p.text().find("persondata").unwrap();
        let r = p.source_range(pattern, at..at + "persondata".len());
        assert_eq!(&pattern[r], "Persondata");
        let r = p.source_range(pattern, 0.."ændring".len());
        assert_eq!(&pattern[r], "ÆNDRING");
    }

    #[test]
    fn a_string_literal_brace_does_not_end_a_placeable() {
        assert_eq!(Prose::of(r#"a { "}" } b"#).text(), "a b");
    }
}
