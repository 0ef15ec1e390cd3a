//! Suggestions: the name a misspelled one most likely meant ("did you
//! mean"), and which id a translation left unused stands for an id it
//! lacks (a misspelled or translated id). Edit distance from `strsim`.
//!
//! A misnamed id makes two findings that tell the legal team the wrong
//! story: the text the policy needs is missing, and a text nobody uses is
//! there. [`fold_renames`] makes them the one finding a translator can act
//! on: rename this id to that one.

use super::{Code, Diagnostic};

/// Whether `a` and `b` differ by few enough edits to be one misspelled as
/// the other: at most three, and at most a third of the longer one (so
/// `why` is not `who`'s misspelling, but `legal-bassis` is `legal-basis`'s).
fn close(a: &str, b: &str) -> Option<usize> {
    let d = strsim::damerau_levenshtein(a, b);
    let longest = a.chars().count().max(b.chars().count());
    (d <= 3 && d * 3 < longest).then_some(d)
}

/// The candidate closest to `word`, if one is close enough to be what was
/// meant; on a tie, the first in sorted order.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .filter_map(|c| close(word, c).map(|d| (d, *c)))
        .min()
        .map(|(_, c)| c)
}

/// What kind of name a key is: a term (`-brand`), an attribute of a
/// message (`company.about`), or a message (`legal-basis`). Only names of
/// one kind (and attributes of one message) rename each other.
fn kind(key: &str) -> (bool, Option<&str>) {
    let term = key.starts_with('-');
    let message = key.split_once('.').map(|(m, _)| m);
    (term, message)
}

/// Pairs unused keys with the missing keys they most likely rename: the
/// closest pairs first, each key once. Terms also pair when exactly one
/// term is missing and one is unused: a translator translates a term's
/// name (`-varemaerke` for `-brand`) more often than misspelling it.
/// Returns (unused index, missing index).
pub fn renames(unused: &[&str], missing: &[&str]) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
    for (u, uk) in unused.iter().enumerate() {
        for (m, mk) in missing.iter().enumerate() {
            if kind(uk) == kind(mk) {
                if let Some(d) = close(uk, mk) {
                    candidates.push((d, u, m));
                }
            }
        }
    }
    candidates.sort_unstable();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (_, u, m) in candidates {
        if !pairs.iter().any(|&(pu, pm)| pu == u || pm == m) {
            pairs.push((u, m));
        }
    }
    let left = |keys: &[&str], taken: &dyn Fn(usize) -> bool| -> Vec<usize> {
        (0..keys.len())
            .filter(|&i| keys[i].starts_with('-') && !taken(i))
            .collect()
    };
    let terms_unused = left(unused, &|i| pairs.iter().any(|p| p.0 == i));
    let terms_missing = left(missing, &|i| pairs.iter().any(|p| p.1 == i));
    if let ([u], [m]) = (&terms_unused[..], &terms_missing[..]) {
        pairs.push((*u, *m));
    }
    pairs
}

/// Where [`fold_renames`] works: the finding's words for the owner of the
/// ids and the reference locale, and the id each missing finding stands
/// for.
pub struct Renames<'a> {
    /// Whose ids these are, for the message: "policy `privacy`", or "the
    /// reference `locales/en/_shared.ftl`".
    pub owner: &'a str,
    /// The reference locale's tag.
    pub reference: &'a str,
    /// The id a missing finding stands for: its message, when the whole
    /// message is missing, else its key.
    pub missing_id: &'a dyn Fn(&Diagnostic) -> String,
}

/// Replaces each unused-text finding in `diags[start..]` that renames a
/// missing one (see [`renames`]) by one `renamed-id` finding at the unused
/// id, with the section and locale of the missing one; the findings of
/// the two messages' attributes, which follow from the rename, go too.
pub fn fold_renames(diags: &mut Vec<Diagnostic>, start: usize, cx: &Renames<'_>) {
    let has_key = |d: &Diagnostic| !d.keys.is_empty();
    let missing: Vec<usize> = (start..diags.len())
        .filter(|&i| {
            matches!(diags[i].code, Code::MissingSection | Code::MissingText) && has_key(&diags[i])
        })
        .collect();
    let unused: Vec<usize> = (start..diags.len())
        .filter(|&i| diags[i].code == Code::UnusedMessage && has_key(&diags[i]))
        .collect();
    let missing_ids: Vec<String> = missing
        .iter()
        .map(|&i| (cx.missing_id)(&diags[i]))
        .collect();
    let unused_ids: Vec<&str> = unused.iter().map(|&i| diags[i].keys[0].as_str()).collect();
    let missing_refs: Vec<&str> = missing_ids.iter().map(String::as_str).collect();
    let pairs = renames(&unused_ids, &missing_refs);
    if pairs.is_empty() {
        return;
    }
    let mut folded = Vec::new();
    let mut renamed: Vec<(String, String)> = Vec::new();
    for (u, m) in pairs {
        let (from, to) = (unused_ids[u].to_string(), missing_ids[m].clone());
        let (gone, there) = (&diags[missing[m]], &diags[unused[u]]);
        let mut d = Diagnostic::new(
            Code::RenamedId,
            format!(
                "`{from}` is not an id of {}: it looks like `{to}`, which is missing",
                cx.owner
            ),
        )
        .keys(vec![from.clone(), to.clone()])
        .hint(format!(
            "rename `{from}` to `{to}`: ids stay as the reference ({}) writes them; only the text after `=` is translated",
            cx.reference
        ));
        d.file.clone_from(&there.file);
        d.span.clone_from(&there.span);
        d.locale.clone_from(&gone.locale);
        d.policy.clone_from(&gone.policy);
        d.section.clone_from(&gone.section);
        folded.push(d);
        renamed.push((from, to));
    }
    // The findings the renames explain: the pairs themselves, and the
    // attributes of a renamed message (missing under the id it should
    // have, unused under the one it has).
    let explained = |d: &Diagnostic| {
        let key = d.keys.first().map(String::as_str).unwrap_or_default();
        let message = key.split('.').next().unwrap_or_default();
        match d.code {
            Code::MissingSection | Code::MissingText => {
                renamed.iter().any(|(_, to)| to == key || to == message)
            }
            Code::UnusedMessage => renamed
                .iter()
                .any(|(from, _)| from == key || from == message),
            _ => false,
        }
    };
    let mut i = start;
    while i < diags.len() {
        if explained(&diags[i]) {
            diags.remove(i);
        } else {
            i += 1;
        }
    }
    diags.extend(folded);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelled_message_id_renames_the_missing_one() {
        assert_eq!(
            renames(&["legal-bassis"], &["storage", "legal-basis"]),
            [(0, 1)]
        );
    }

    #[test]
    fn an_unrelated_message_renames_nothing() {
        assert!(renames(&["thanks"], &["legal-basis"]).is_empty());
    }

    #[test]
    fn the_one_translated_term_name_renames_the_one_missing_term() {
        assert_eq!(renames(&["-varemaerke"], &["-brand"]), [(0, 0)]);
    }

    #[test]
    fn a_message_never_renames_a_term() {
        assert!(renames(&["brand"], &["-brand"]).is_empty());
    }

    #[test]
    fn an_attribute_renames_only_an_attribute_of_its_message() {
        assert!(renames(&["company.abot"], &["storage.about"]).is_empty());
        assert_eq!(renames(&["company.abot"], &["company.about"]), [(0, 0)]);
    }

    #[test]
    fn closest_names_a_typo_and_not_a_different_word() {
        assert_eq!(
            closest("org-nummer", &["city", "org-number"]),
            Some("org-number")
        );
        assert_eq!(closest("who", &["why"]), None);
    }
}
