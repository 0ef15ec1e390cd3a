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
    /// For each byte of `text`, the offset of the character it came from.
    origin: Vec<u32>,
}

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
        self.origin.clear();
        let mut chars = pattern.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                // A placeable is not prose: a variable, a term, a selector
                // with its variants (each a text of its own in the output,
                // but not this text's words).
                '{' => {
                    skip_placeable(&mut chars);
                    self.space(i);
                }
                // `](target)`: the link's text is prose, its target is not.
                ']' if chars.peek().is_some_and(|&(_, n)| n == '(') => {
                    chars.next();
                    skip_link_target(&mut chars);
                    self.space(i);
                }
                c if c.is_whitespace() => self.space(i),
                c if c.is_ascii() => self.push(c.to_ascii_lowercase(), i),
                c => {
                    for l in c.to_lowercase() {
                        self.push(l, i);
                    }
                }
            }
        }
        if self.text.ends_with(' ') {
            self.text.pop();
            self.origin.pop();
        }
    }

    fn push(&mut self, c: char, at: usize) {
        self.text.push(c);
        let at = u32::try_from(at).unwrap_or(u32::MAX);
        self.origin.resize(self.text.len(), at);
    }

    /// One space for any run of white space (and for what was left out).
    fn space(&mut self, at: usize) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.push(' ', at);
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
        let start = self.origin.get(range.start).map_or(0, |&o| o as usize);
        let last = range
            .end
            .checked_sub(1)
            .and_then(|i| self.origin.get(i))
            .map_or(start, |&o| o as usize);
        let end = last
            + pattern[last.min(pattern.len())..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        start..end.max(start)
    }
}

type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

/// Skips to the `}` that closes a placeable whose `{` was just read:
/// placeables nest, and a string literal's braces are text.
fn skip_placeable(chars: &mut Chars<'_>) {
    let mut depth = 1usize;
    while let Some((_, c)) = chars.next() {
        match c {
            '"' => {
                while let Some((_, q)) = chars.next() {
                    match q {
                        '\\' => {
                            chars.next();
                        }
                        '"' | '\n' => break,
                        _ => {}
                    }
                }
            }
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// Skips a link target whose `(` was just read, to its closing `)`
/// (parentheses inside it balanced, as Markdown reads them; placeables
/// skipped whole).
fn skip_link_target(chars: &mut Chars<'_>) {
    let mut depth = 1usize;
    while let Some((_, c)) = chars.next() {
        match c {
            '{' => skip_placeable(chars),
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            '\n' => return,
            _ => {}
        }
    }
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
    fn a_string_literal_brace_does_not_end_a_placeable() {
        assert_eq!(Prose::of(r#"a { "}" } b"#).text(), "a b");
    }
}
