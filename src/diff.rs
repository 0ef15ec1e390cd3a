//! Word-level change between two texts: the spans kept, removed and
//! added, for stale findings and inside a redline's changed blocks.

use serde::Serialize;

/// What happened to a span of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpanKind {
    Kept,
    Removed,
    Added,
}

/// A run of text that was kept, removed or added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub kind: SpanKind,
    pub text: String,
}

/// A text then and now, and the words that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextChange {
    pub old: String,
    pub new: String,
    pub diff: Vec<Span>,
}

impl TextChange {
    pub fn new(old: String, new: String) -> TextChange {
        let diff = word_diff(&old, &new);
        TextChange { old, new, diff }
    }

    /// The change in one line, as `git diff --word-diff` writes it:
    /// `[-removed-]{+added+}`.
    pub fn marked(&self) -> String {
        marked(&self.diff)
    }
}

/// Spans in one line, as `git diff --word-diff` writes them:
/// `[-removed-]{+added+}`.
pub fn marked(diff: &[Span]) -> String {
    let mut out = String::new();
    for s in diff {
        match s.kind {
            SpanKind::Kept => out.push_str(&s.text),
            SpanKind::Removed => {
                out.push_str("[-");
                out.push_str(&s.text);
                out.push_str("-]");
            }
            SpanKind::Added => {
                out.push_str("{+");
                out.push_str(&s.text);
                out.push_str("+}");
            }
        }
    }
    out
}

/// The word-level difference of two texts: spans in order, each change as
/// one removed span followed by one added span (white space between two
/// changed words belongs to the change, so "a b" -> "c d" is one
/// replacement, not two).
pub fn word_diff(old: &str, new: &str) -> Vec<Span> {
    let mut raw: Vec<Span> = Vec::new();
    let mut push = |kind: SpanKind, tokens: &[&str]| {
        for t in tokens {
            match raw.last_mut() {
                Some(last) if last.kind == kind => last.text.push_str(t),
                _ => raw.push(Span {
                    kind,
                    text: (*t).to_string(),
                }),
            }
        }
    };
    // Words and the white-space runs between them. The words the two
    // texts begin and end with alike are kept as they are, and only what
    // lies between is diffed: a changed block is mostly the same words,
    // and the diff's cost grows with every token it is given.
    use similar::DiffableStr;
    let (o, n) = (old.tokenize_words(), new.tokenize_words());
    let prefix = o.iter().zip(&n).take_while(|(a, b)| a == b).count();
    let mut suffix = o[prefix..]
        .iter()
        .rev()
        .zip(n[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    // The kept end starts with a word: the white space before it stays
    // with the change, so a word inserted reads "5. {+Revised:+} Section",
    // as the whole texts' diff has it, not "5.{+ Revised:+} Section".
    if suffix > 0 && o[o.len() - suffix].starts_with(char::is_whitespace) {
        suffix -= 1;
    }
    let (o_end, n_end) = (o.len() - suffix, n.len() - suffix);
    push(SpanKind::Kept, &o[..prefix]);
    let deadline = std::time::Instant::now().checked_add(std::time::Duration::from_millis(200));
    let ops = similar::capture_diff_deadline(
        similar::Algorithm::Patience,
        &o,
        prefix..o_end,
        &n,
        prefix..n_end,
        deadline,
    );
    for op in ops {
        let (_, old_range, new_range) = op.as_tag_tuple();
        match op {
            similar::DiffOp::Equal { .. } => push(SpanKind::Kept, &o[old_range]),
            _ => {
                push(SpanKind::Removed, &o[old_range]);
                push(SpanKind::Added, &n[new_range]);
            }
        }
    }
    push(SpanKind::Kept, &o[o_end..]);
    // Group each run of changes (with the white space inside it) into
    // one removed and one added span.
    let mut out: Vec<Span> = Vec::new();
    let mut removed = String::new();
    let mut added = String::new();
    let flush = |out: &mut Vec<Span>, removed: &mut String, added: &mut String| {
        // A side that is only the white space folded in holds no change.
        let (r, a) = (removed.trim().is_empty(), added.trim().is_empty());
        if r && !a {
            removed.clear();
        } else if a && !r {
            added.clear();
        }
        for (kind, text) in [(SpanKind::Removed, removed), (SpanKind::Added, added)] {
            if !text.is_empty() {
                out.push(Span {
                    kind,
                    text: std::mem::take(text),
                });
            }
        }
    };
    for (i, s) in raw.iter().enumerate() {
        let inside = s.kind == SpanKind::Kept
            && s.text.chars().all(char::is_whitespace)
            && i > 0
            && raw[i - 1].kind != SpanKind::Kept
            && raw.get(i + 1).is_some_and(|n| n.kind != SpanKind::Kept);
        match s.kind {
            SpanKind::Kept if inside => {
                removed.push_str(&s.text);
                added.push_str(&s.text);
            }
            SpanKind::Kept => {
                flush(&mut out, &mut removed, &mut added);
                out.push(s.clone());
            }
            SpanKind::Removed => removed.push_str(&s.text),
            SpanKind::Added => added.push_str(&s.text),
        }
    }
    flush(&mut out, &mut removed, &mut added);
    // "We {+only +}process" reads better as "We {+only+} process": white
    // space that ends every side of a change moves to the kept text after;
    // likewise "partners.{+ We also+}" reads as "partners. {+We also+}":
    // white space that starts every side moves to the kept text before.
    let mut i = 0;
    while i < out.len() {
        if out[i].kind == SpanKind::Kept {
            i += 1;
            continue;
        }
        let end = if out.get(i + 1).is_some_and(|s| s.kind == SpanKind::Added) {
            i + 2
        } else {
            i + 1
        };
        if out.get(end).is_some_and(|s| s.kind == SpanKind::Kept) {
            let tail = |t: &str| t.len() - t.trim_end().len();
            let n = tail(&out[i].text);
            let suffix = out[i].text[out[i].text.len() - n..].to_string();
            if n > 0
                && out[i..end]
                    .iter()
                    .all(|s| s.text.ends_with(&suffix) && s.text.len() > n)
            {
                for s in &mut out[i..end] {
                    s.text.truncate(s.text.len() - n);
                }
                out[end].text.insert_str(0, &suffix);
            }
        }
        if i > 0 && out[i - 1].kind == SpanKind::Kept {
            let head = |t: &str| t.len() - t.trim_start().len();
            let n = head(&out[i].text);
            let prefix = out[i].text[..n].to_string();
            if n > 0
                && out[i..end]
                    .iter()
                    .all(|s| s.text.starts_with(&prefix) && s.text.len() > n)
            {
                for s in &mut out[i..end] {
                    s.text.replace_range(..n, "");
                }
                out[i - 1].text.push_str(&prefix);
            }
        }
        i = end;
    }
    out
}

/// Like [`marked`], with long runs of kept text shortened to `context`
/// words on each side of a change (`…` for the words left out).
pub fn marked_compact(diff: &[Span], context: usize) -> String {
    let mut shortened = Vec::with_capacity(diff.len());
    for (i, s) in diff.iter().enumerate() {
        if s.kind != SpanKind::Kept {
            shortened.push(s.clone());
            continue;
        }
        let words: Vec<&str> = s.text.split_whitespace().collect();
        let (first, last) = (i == 0, i + 1 == diff.len());
        let keep_start = if first { 0 } else { context };
        let keep_end = if last { 0 } else { context };
        if words.len() <= keep_start + keep_end + 1 {
            shortened.push(s.clone());
            continue;
        }
        let mut text = String::new();
        if s.text.starts_with(char::is_whitespace) {
            text.push(' ');
        }
        for w in &words[..keep_start] {
            text.push_str(w);
            text.push(' ');
        }
        text.push('…');
        for w in &words[words.len() - keep_end..] {
            text.push(' ');
            text.push_str(w);
        }
        if s.text.ends_with(char::is_whitespace) {
            text.push(' ');
        }
        shortened.push(Span {
            kind: SpanKind::Kept,
            text,
        });
    }
    marked(&shortened)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(old: &str, new: &str) -> String {
        TextChange::new(old.into(), new.into()).marked()
    }

    #[test]
    fn words_inserted_removed_and_replaced() {
        assert_eq!(
            marked("We process your data", "We only process your data"),
            "We {+only+} process your data"
        );
        assert_eq!(
            marked("kept for three years", "kept for five years"),
            "kept for [-three-]{+five+} years"
        );
        assert_eq!(marked("a b c d", "a x y d"), "a [-b c-]{+x y+} d");
        assert_eq!(marked("same", "same"), "same");
        assert_eq!(
            marked("data is kept", "data is not kept"),
            "data is {+not+} kept"
        );
    }

    #[test]
    fn changes_at_both_ends_and_among_repeated_words() {
        // The same words before and after a change are kept as they are;
        // the white space next to an inserted word stays outside it.
        assert_eq!(
            marked(
                "Text. 5. Section 5.",
                "Revised: Text. 5. Revised: Section 5."
            ),
            "{+Revised:+} Text. 5. {+Revised:+} Section 5."
        );
        assert_eq!(marked("one two three", "two three"), "[-one-] two three");
        assert_eq!(marked("one two", "one two three"), "one two {+three+}");
        assert_eq!(marked("a a a", "a a a a"), "a a a {+a+}");
        assert_eq!(marked("one two three", "one two"), "one two [-three-]");
        assert_eq!(marked("Æ ø å", "Æ Ø å"), "Æ [-ø-]{+Ø+} å");
        assert_eq!(marked("", "new"), "{+new+}");
        assert_eq!(marked("old", ""), "[-old-]");
    }

    #[test]
    fn long_kept_text_is_shortened_around_the_change() {
        let old = "one two three four five six seven eight nine ten";
        let new = "one two three four five SIX seven eight nine ten";
        let d = word_diff(old, new);
        assert_eq!(
            marked_compact(&d, 2),
            "… four five [-six-]{+SIX+} seven eight …"
        );
    }
}
