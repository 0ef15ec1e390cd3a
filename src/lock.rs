//! `policyc.lock`: which reference text each translation was made from.
//!
//! For every policy × locale × message (or attribute), the lock records a
//! hash of the reference locale's text at the time the translation was
//! reviewed. When the reference text changes, the hash no longer matches
//! and `check` reports the translation as stale until a translator updates
//! it and runs `policyc review`. The lock also keeps the reviewed reference
//! texts themselves, so `status` can show what changed (old -> new).
//!
//! The file is TOML, sorted, written atomically: it diffs well in review.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::source::{toml_error, SourceText};

/// The lock file's name, at the workspace root.
pub const LOCK_FILE: &str = "policyc.lock";

/// The parsed lock file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// Format version (1).
    pub version: u32,
    /// policy -> locale -> message key -> hash of the reference text.
    #[serde(default)]
    pub translations: BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>,
    /// hash -> reference text, for every hash still in use.
    #[serde(default)]
    pub texts: BTreeMap<String, String>,
}

/// A stable hash of a reference text: whitespace runs count as one space,
/// so re-wrapping a line does not make every translation stale.
pub fn text_hash(text: &str) -> String {
    let normalized = normalize(text);
    let digest = Sha256::digest(normalized.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Whitespace-normalized text, as hashed and stored.
pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Lock {
    /// Reads the lock; `Ok(None)` when the workspace has none.
    pub fn load(root: &Path, sources: &crate::diag::SourceMap) -> Result<Option<Lock>, Diagnostic> {
        let Some(src): Option<SourceText> =
            crate::source::read_optional(root, Path::new(LOCK_FILE), sources)?
        else {
            return Ok(None);
        };
        let lock: Lock = toml::from_str(&src.text).map_err(|e| {
            toml_error(&src, &e)
                .hint("the lock is written by `policyc review`; restore it from version control")
        })?;
        if lock.version != 1 {
            return Err(Diagnostic::input(
                Code::InvalidLock,
                format!("unsupported lock version {}", lock.version),
            )
            .in_file(LOCK_FILE)
            .hint("this policyc reads version 1"));
        }
        Ok(Some(lock))
    }

    /// The recorded hash for a translation.
    pub fn get(&self, policy: &str, locale: &str, key: &str) -> Option<&str> {
        self.translations
            .get(policy)?
            .get(locale)?
            .get(key)
            .map(String::as_str)
    }

    /// Records that `policy`/`locale`/`key` was translated from `text`.
    pub fn record(&mut self, policy: &str, locale: &str, key: &str, text: &str) {
        let hash = text_hash(text);
        self.texts
            .entry(hash.clone())
            .or_insert_with(|| normalize(text));
        self.translations
            .entry(policy.to_string())
            .or_default()
            .entry(locale.to_string())
            .or_default()
            .insert(key.to_string(), hash);
    }

    /// Drops texts no translation refers to any more.
    pub fn prune(&mut self) {
        let used: std::collections::HashSet<&String> = self
            .translations
            .values()
            .flat_map(|l| l.values())
            .flat_map(|m| m.values())
            .collect();
        self.texts.retain(|h, _| used.contains(h));
    }

    /// Serializes the lock (sorted, with a header comment).
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# policyc.lock: the reference text each translation was reviewed against.\n\
             # Written by `policyc review`; commit it. Do not edit by hand.\n{body}"
        )
    }

    /// Writes the lock atomically (temporary file + rename).
    pub fn save(&self, root: &Path) -> std::io::Result<()> {
        let path = root.join(LOCK_FILE);
        let tmp = root.join(format!(".{LOCK_FILE}.tmp-{}", std::process::id()));
        std::fs::write(&tmp, self.to_toml())?;
        std::fs::rename(&tmp, &path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrapping_keeps_the_hash_and_rewording_changes_it() {
        assert_eq!(text_hash("a  b\n   c"), text_hash("a b c"));
        assert_ne!(text_hash("a b c"), text_hash("a b d"));
    }

    #[test]
    fn round_trips_through_toml() {
        let mut l = Lock {
            version: 1,
            ..Default::default()
        };
        l.record("privacy", "da", "company.about", "We are a company.");
        let back: Lock = toml::from_str(&l.to_toml()).unwrap();
        assert_eq!(back, l);
        assert_eq!(
            back.get("privacy", "da", "company.about"),
            Some(text_hash("We are a company.").as_str())
        );
    }
}
