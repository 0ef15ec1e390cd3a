//! `policyc review`: sign translations off in `policyc.lock`: per policy,
//! locale and message, the reference text and the translation text that
//! were approved, by whom (`--by`, else git's `user.name` and
//! `user.email`) and on which day (today in UTC, or `SOURCE_DATE_EPOCH`).
//!
//! A sign-off whose texts are both unchanged is kept as it is (the first
//! reviewer stays on record). A stale translation whose text did not
//! change since its sign-off is refused unless `--unchanged` says the
//! reference change needs no change in the translation.
//!
//! A locale's `_shared.ftl` (labels and terms) is signed off with every
//! review of that locale, since every page of every policy shows it; alone
//! with `--shared`. Its records are kept under [`SHARED`].

use std::path::Path;
use std::process::Command;

use crate::analyze::pattern_text;
use crate::diag::{visible_line, Code, Diagnostic};
use crate::lock::{text_hash, Lock, SHARED};
use crate::workspace::Workspace;

/// What to sign off, and as whom.
pub struct Request<'a> {
    /// The policies whose messages to sign off. The selected locales'
    /// `_shared.ftl` texts are signed off with them, and alone when this
    /// is empty.
    pub policies: &'a [&'a str],
    pub locales: &'a [&'a str],
    /// Only these texts (`section` or `section.attribute`; in
    /// `_shared.ftl`, `label`, `label.attribute` or `-term`); all if empty.
    pub keys: &'a [String],
    pub by: &'a str,
    pub date: &'a str,
    /// Accept stale translations whose text did not change.
    pub unchanged: bool,
}

/// A message that was not signed off, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The policy, or [`SHARED`] for a text of `_shared.ftl`.
    pub policy: String,
    pub locale: String,
    pub key: String,
}

/// What a review did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Translated messages the request selected.
    pub matched: usize,
    /// Sign-offs written (new or renewed).
    pub recorded: usize,
    /// Stale translations whose text did not change (without `--unchanged`):
    /// when there are any, nothing is recorded.
    pub refused: Vec<Refused>,
    /// Requested keys that name no text of the selected policies or of
    /// `_shared.ftl`, each with the closest key there is: when there are
    /// any, nothing is recorded.
    pub unknown: Vec<(String, Option<String>)>,
}

/// The requested keys that name no text among `known`, with the closest
/// known key ("did you mean").
fn unknown_keys(requested: &[String], known: &[String]) -> Vec<(String, Option<String>)> {
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    requested
        .iter()
        .filter(|k| !known.contains(&k.as_str()))
        .map(|k| {
            let near = crate::diag::suggest::closest(k, &known);
            (k.clone(), near.map(str::to_string))
        })
        .collect()
}

/// The reviewer: `--by`, else git's `user.name` and `user.email` in the
/// workspace's repository (or the user's git configuration).
pub fn reviewer(root: &Path, by: Option<&str>) -> Result<String, Diagnostic> {
    let name = match by {
        Some(b) => b.trim().to_string(),
        None => {
            let git = |key: &str| -> Option<String> {
                let out = Command::new("git")
                    .arg("-C")
                    .arg(root)
                    .args(["config", "--get", key])
                    .output()
                    .ok()?;
                let v = String::from_utf8_lossy(&out.stdout).trim().to_string();
                (out.status.success() && !v.is_empty()).then_some(v)
            };
            match (git("user.name"), git("user.email")) {
                (Some(n), Some(e)) => format!("{n} <{e}>"),
                (Some(n), None) => n,
                (None, Some(e)) => format!("<{e}>"),
                (None, None) => {
                    return Err(Diagnostic::new(
                        Code::NoReviewer,
                        "who is reviewing? neither `--by` nor git's user.name or user.email is set",
                    )
                    .hint("pass `--by \"Name <email>\"`, or run `git config user.name \"Your Name\"` and `git config user.email you@example.com`"))
                }
            }
        }
    };
    if name.is_empty() || visible_line(&name) != name.as_str() {
        return Err(Diagnostic::new(
            Code::InvalidReviewer,
            format!(
                "the reviewer `{}` is empty or holds control characters",
                visible_line(&name)
            ),
        )
        .hint("give the reviewer as one line of text, `Name <email>`"));
    }
    Ok(name)
}

/// Today's date in UTC as `YYYY-MM-DD`, or the day of `SOURCE_DATE_EPOCH`
/// (seconds since 1970) when it is set, for reproducible records.
pub fn today() -> Result<String, Diagnostic> {
    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v.trim().parse::<i64>().map_err(|_| {
            Diagnostic::new(
                Code::InvalidDate,
                format!(
                    "SOURCE_DATE_EPOCH is not a number of seconds: `{}`",
                    visible_line(&v)
                ),
            )
            .hint("set it to a Unix time such as 1735689600, or unset it")
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Brings a format-1 lock to the current format with the workspace's
/// current reference texts (see [`Lock::migrate`]).
pub fn migrate(ws: &Workspace, lock: &mut Lock) {
    let Some(reference) = ws.reference() else {
        return;
    };
    lock.migrate(|policy, key| {
        let file = match policy {
            SHARED => reference.shared.as_ref()?,
            _ => reference.files.get(policy)?,
        };
        Some(pattern_text(file, file.entry(key)?))
    });
}

/// Whether a request's keys select `key` (`section.attribute` is selected
/// by its own key and by `section`).
fn selected(keys: &[String], key: &str) -> bool {
    let message = key.split_once('.').map_or(key, |(m, _)| m);
    keys.is_empty() || keys.iter().any(|k| k == key || k == message)
}

/// The sign-offs a review is about to write, and what it found.
struct Plan<'l, 't> {
    lock: &'l Lock,
    unchanged: bool,
    outcome: Outcome,
    /// (owner, locale, key), reference text, translation text.
    records: Vec<((String, String, String), &'t str, &'t str)>,
}

impl<'t> Plan<'_, 't> {
    /// Plans the sign-off of one translation: kept as it is when both
    /// texts are the signed-off ones, refused when it is stale but did
    /// not change (without `--unchanged`).
    fn add(
        &mut self,
        (owner, locale, key): (&str, &str, String),
        r_text: &'t str,
        t_text: &'t str,
    ) {
        self.outcome.matched += 1;
        if let Some(rec) = self.lock.get(owner, locale, &key) {
            let reference_same = rec.reference == text_hash(r_text);
            let translation_same = rec.translation.as_deref() == Some(text_hash(t_text).as_str());
            if reference_same && translation_same && rec.by.is_some() {
                return;
            }
            if !reference_same && translation_same && !self.unchanged {
                self.outcome.refused.push(Refused {
                    policy: owner.to_string(),
                    locale: locale.to_string(),
                    key,
                });
                return;
            }
        }
        self.records
            .push(((owner.to_string(), locale.to_string(), key), r_text, t_text));
    }
}

/// Signs off the selected translations against the current reference
/// text: the messages of the selected policies, and the labels and terms
/// of the selected locales' `_shared.ftl` (every page of every policy
/// shows them, so they are part of each policy's review). Records
/// nothing when a stale translation is refused.
pub fn review(ws: &Workspace, lock: &mut Lock, req: &Request<'_>) -> Outcome {
    let Some(reference) = ws.reference() else {
        return Outcome::default();
    };
    migrate(ws, lock);
    let locales: Vec<_> = ws
        .locales
        .iter()
        .filter(|l| req.locales.contains(&l.tag.as_str()) && l.tag != reference.tag)
        .collect();
    let mut plan = Plan {
        lock,
        unchanged: req.unchanged,
        outcome: Outcome::default(),
        records: Vec::new(),
    };
    // Every key the request could name: texts and their messages.
    let mut known: Vec<String> = Vec::new();
    for policy in ws
        .policies
        .iter()
        .filter(|p| req.policies.contains(&p.id.as_str()))
    {
        let Some(ref_file) = reference.files.get(&policy.id) else {
            continue;
        };
        let required = policy.required_texts();
        for locale in &locales {
            let Some(file) = locale.files.get(&policy.id) else {
                continue;
            };
            for r in &required {
                let key = r.key();
                known.extend([key.clone(), r.message.to_string()]);
                if !selected(req.keys, &key) {
                    continue;
                }
                let (Some(rp), Some(tp)) = (
                    ref_file.pattern(r.message, r.attribute.as_deref()),
                    file.pattern(r.message, r.attribute.as_deref()),
                ) else {
                    continue;
                };
                let texts = (pattern_text(ref_file, rp), pattern_text(file, tp));
                plan.add((&policy.id, &locale.tag, key), texts.0, texts.1);
            }
        }
    }
    if let Some(ref_shared) = &reference.shared {
        let entries = ref_shared.entries();
        for locale in &locales {
            let Some(shared) = &locale.shared else {
                continue;
            };
            for (key, rp) in &entries {
                let message = key.split_once('.').map_or(key.as_str(), |(m, _)| m);
                known.extend([key.clone(), message.to_string()]);
                let Some(tp) = shared.entry(key).filter(|_| selected(req.keys, key)) else {
                    continue;
                };
                let texts = (pattern_text(ref_shared, rp), pattern_text(shared, tp));
                plan.add((SHARED, &locale.tag, key.clone()), texts.0, texts.1);
            }
        }
    }
    let Plan {
        mut outcome,
        records,
        ..
    } = plan;
    known.sort_unstable();
    known.dedup();
    outcome.unknown = unknown_keys(req.keys, &known);
    if !outcome.refused.is_empty() || !outcome.unknown.is_empty() {
        return outcome;
    }
    for ((owner, locale, key), r_text, t_text) in records {
        lock.record((&owner, &locale, &key), r_text, t_text, req.by, req.date);
        outcome.recorded += 1;
    }
    lock.prune();
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelled_review_key_is_unknown_with_the_key_it_meant() {
        let known = ["legal-basis".to_string(), "legal-basis.basis".to_string()];
        let asked = ["legal-bassis".to_string(), "legal-basis".to_string()];
        assert_eq!(
            unknown_keys(&asked, &known),
            [("legal-bassis".to_string(), Some("legal-basis".to_string()))]
        );
    }

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_089), (2025, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
