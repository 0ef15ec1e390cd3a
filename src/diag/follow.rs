//! Root causes first: findings that follow from another finding about the
//! same text are left out, so a translator reads the one thing to fix.
//!
//! A continuation line that breaks a message (`ftl-syntax`) cuts its text
//! short, and every comparison of the rest with the reference (missing
//! references, Markdown, the signed-off text) describes the cut, not the
//! translation. A misspelled variable or term (`unknown-variable`,
//! `unknown-term`) also leaves out the one the reference uses and changes
//! the signed-off text. Fixing the root fixes the rest, so only the root
//! is reported; the gate fails on it all the same.

use super::{Class, Code, Diagnostic};

/// The message part of a key (`erasure` of `erasure.how`).
fn message_of(key: &str) -> &str {
    key.split('.').next().unwrap_or(key)
}

/// Whether `d` follows from `root`: both about the same file, `root` a
/// syntax error in the message `d` is about, or a misspelled reference in
/// the text `d` compares with the reference.
fn follows(d: &Diagnostic, root: &Diagnostic) -> bool {
    if d.file != root.file || d.locale != root.locale || d.class != Class::Finding {
        return false;
    }
    let Some(root_key) = root.keys.first() else {
        return false;
    };
    match root.code {
        Code::FtlSyntax => {
            d.code != Code::FtlSyntax && d.keys.iter().any(|k| message_of(k) == root_key)
        }
        Code::UnknownVariable | Code::UnknownTerm | Code::UnknownMessage => {
            matches!(d.code, Code::MissingReference | Code::ChangedAfterReview)
                && d.keys.first() == Some(root_key)
        }
        // A text in another language has none of this locale's terms.
        Code::WrongLanguage => {
            matches!(d.code, Code::GlossaryTerm | Code::ForbiddenTerm)
                && d.keys.first() == Some(root_key)
        }
        _ => false,
    }
}

/// Whether `d` is a label missing from a page because of `root`, a
/// variable the label may not have (the page's finding is in the same
/// file and locale but has no position in it).
fn leaves_out_label(d: &Diagnostic, root: &Diagnostic) -> bool {
    root.code == Code::UnknownVariable
        && d.code == Code::MissingLabel
        && d.locale == root.locale
        && root.keys.first().is_some_and(|k| d.keys.contains(k))
}

/// Whether `d` follows from `root` in any of the ways above.
fn explained(d: &Diagnostic, root: &Diagnostic) -> bool {
    follows(d, root) || leaves_out_label(d, root)
}

/// Text copied from the reference (or written in another language) over a
/// signed-off translation is one mistake: the `untranslated` (or
/// `wrong-language`) finding stays, as severe as the `changed-after-review`
/// it stands for (so the gate fails as it did), and says what was signed
/// off.
fn fold_copied(diags: &mut Vec<Diagnostic>) {
    let copied: Vec<(Option<String>, String)> = diags
        .iter()
        .filter(|d| is_not_translated(d))
        .filter_map(|d| Some((d.locale.clone(), d.keys.first()?.clone())))
        .collect();
    let same = |d: &Diagnostic, (locale, key): &(Option<String>, String)| {
        d.locale == *locale && d.keys.first() == Some(key)
    };
    let mut changed = Vec::new();
    diags.retain(|d| {
        let folded = d.code == Code::ChangedAfterReview && copied.iter().any(|c| same(d, c));
        if folded {
            changed.push(d.clone());
        }
        !folded
    });
    for c in changed {
        if let Some(u) = diags
            .iter_mut()
            .find(|u| is_not_translated(u) && u.locale == c.locale && u.keys == c.keys)
        {
            u.severity = u.severity.min(c.severity);
            u.notes.push(c.message);
            u.hint = Some("translate it, or restore the text that was signed off".to_string());
        }
    }
}

/// A text that is not a translation into its locale at all.
fn is_not_translated(d: &Diagnostic) -> bool {
    matches!(d.code, Code::Untranslated | Code::WrongLanguage)
}

/// Leaves out of `diags` every finding that follows from another one.
pub fn drop_follow_ups(diags: &mut Vec<Diagnostic>) {
    fold_copied(diags);
    let is_root = |d: &Diagnostic| {
        matches!(
            d.code,
            Code::FtlSyntax
                | Code::UnknownVariable
                | Code::UnknownTerm
                | Code::UnknownMessage
                | Code::WrongLanguage
        ) && !d.keys.is_empty()
    };
    // By file: a finding follows only from a root in its own file (a
    // page's missing label is placed in the `_shared.ftl` it is missing
    // from), and a broken workspace has many of both.
    let mut roots: crate::HashMap<Option<std::path::PathBuf>, Vec<Diagnostic>> =
        crate::HashMap::default();
    for d in diags.iter().filter(|d| is_root(d)) {
        roots.entry(d.file.clone()).or_default().push(d.clone());
    }
    if roots.is_empty() {
        return;
    }
    diags.retain(|d| {
        let mine = roots.get(&d.file).map(Vec::as_slice).unwrap_or_default();
        !mine.iter().any(|r| explained(d, r))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(code: Code, key: &str) -> Diagnostic {
        Diagnostic::new(code, "x")
            .in_file("locales/da/privacy.ftl")
            .locale("da")
            .keys(vec![key.to_string()])
    }

    #[test]
    fn a_syntax_error_drops_the_findings_about_its_message() {
        let mut diags = vec![
            at(Code::FtlSyntax, "erasure"),
            at(Code::MarkupDrift, "erasure.how"),
            at(Code::MissingReference, "erasure.how"),
            at(Code::MarkupDrift, "storage.where"),
        ];
        drop_follow_ups(&mut diags);
        let left: Vec<_> = diags.iter().map(|d| (d.code, d.keys[0].as_str())).collect();
        assert_eq!(
            left,
            [
                (Code::FtlSyntax, "erasure"),
                (Code::MarkupDrift, "storage.where")
            ]
        );
    }

    #[test]
    fn a_misspelled_variable_drops_the_reference_it_leaves_out() {
        let mut diags = vec![
            at(Code::UnknownVariable, "company.about"),
            at(Code::MissingReference, "company.about"),
            at(Code::ChangedAfterReview, "company.about"),
        ];
        drop_follow_ups(&mut diags);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::UnknownVariable);
    }

    #[test]
    fn copied_reference_text_is_one_finding_as_severe_as_the_changed_review() {
        let mut diags = vec![
            at(Code::ChangedAfterReview, "legal-basis.basis"),
            at(Code::Untranslated, "legal-basis.basis"),
        ];
        drop_follow_ups(&mut diags);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::Untranslated);
        assert!(diags[0].is_error());
    }

    #[test]
    fn a_finding_in_another_locale_stays() {
        let mut diags = vec![
            at(Code::UnknownVariable, "company.about"),
            at(Code::MissingReference, "company.about").locale("sv"),
        ];
        drop_follow_ups(&mut diags);
        assert_eq!(diags.len(), 2);
    }
}
