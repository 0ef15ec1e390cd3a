//! Starting from nothing: `policyc init` writes a workspace that `check`
//! and `build` accept at once, and `policyc new` adds a policy to one.
//!
//! Both write only files that do not exist (and check that before writing
//! any), and validate what they write with the parsers that will read it
//! ([`Config::parse`], [`Policy::parse`]): an id or a locale that those
//! refuse is refused here with the same words, before anything is written.
//!
//! Text ships in English, Danish, Swedish and Norwegian Bokmål (the files
//! under `src/init/`). Any other locale gets the reference locale's text,
//! marked untranslated at the top of each file, and its own tag as its
//! language name: policyc does not know the name of every language in
//! itself.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use unic_langid::LanguageIdentifier;

use crate::config::{Config, CONFIG_FILE};
use crate::diag::{Code, Diagnostic, SourceMap};
use crate::policy::Policy;
use crate::source::SourceText;

/// The id of the example policy `init` writes.
pub const EXAMPLE_POLICY: &str = "privacy";

/// The text policyc ships for one language.
struct Texts {
    /// The language subtag it serves (`nb` also serves `no`).
    language: &'static str,
    shared: &'static str,
    example: &'static str,
    /// The reference text of a policy made by `new` (`{title}` is replaced).
    new: &'static str,
}

const SHIPPED: &[Texts] = &[
    Texts {
        language: "en",
        shared: include_str!("init/en/_shared.ftl"),
        example: include_str!("init/en/privacy.ftl"),
        new: include_str!("init/en/new.ftl"),
    },
    Texts {
        language: "da",
        shared: include_str!("init/da/_shared.ftl"),
        example: include_str!("init/da/privacy.ftl"),
        new: include_str!("init/da/new.ftl"),
    },
    Texts {
        language: "sv",
        shared: include_str!("init/sv/_shared.ftl"),
        example: include_str!("init/sv/privacy.ftl"),
        new: include_str!("init/sv/new.ftl"),
    },
    Texts {
        language: "nb",
        shared: include_str!("init/nb/_shared.ftl"),
        example: include_str!("init/nb/privacy.ftl"),
        new: include_str!("init/nb/new.ftl"),
    },
];

const CONFIG_TEMPLATE: &str = include_str!("init/policyc.toml");
const EXAMPLE_SOURCE: &str = include_str!("init/privacy.toml");
const NEW_SOURCE: &str = include_str!("init/new.toml");

/// The shipped text for a locale tag, matched on its language (`da-DK`
/// gets Danish; `no`, Norwegian, gets Bokmål).
fn shipped(tag: &str) -> Option<&'static Texts> {
    let id: LanguageIdentifier = tag.parse().ok()?;
    let language = match id.language.as_str() {
        "no" => "nb",
        l => l,
    };
    SHIPPED.iter().find(|t| t.language == language)
}

/// What `init` or `new` wrote, relative to the workspace, and what the
/// user should know about it.
#[derive(Debug, Default)]
pub struct Created {
    pub files: Vec<PathBuf>,
    /// Locales whose text is a copy of another locale's, with a sentence
    /// saying so.
    pub notes: Vec<String>,
}

/// `policyc init`: a workspace in `dir` with `locales`, translated from
/// `reference` (default: the first locale). `published` is the example
/// policy's date (`YYYY-MM-DD`).
pub fn init(
    dir: &Path,
    locales: &[String],
    reference: Option<&str>,
    published: &str,
) -> Result<Created, Vec<Diagnostic>> {
    let reference = reference
        .or(locales.first().map(String::as_str))
        .unwrap_or("en");
    let config = CONFIG_TEMPLATE
        .replace("{locales}", &toml_value(locales.to_vec()))
        .replace("{reference}", &toml_value(reference))
        .replace("{formats}", &toml_value(formats()));
    // The parser that will read this file decides which tags are valid.
    Config::parse(&generated(CONFIG_FILE, &config)).map_err(detached)?;

    let mut files = vec![
        (PathBuf::from(CONFIG_FILE), config),
        (
            Path::new("policies").join(format!("{EXAMPLE_POLICY}.toml")),
            EXAMPLE_SOURCE.replace("{published}", published),
        ),
    ];
    let mut notes = Vec::new();
    // A locale without shipped text gets the reference's; a reference
    // without shipped text gets English.
    let (source, source_tag) = match shipped(reference) {
        Some(t) => (t, reference),
        None => (&SHIPPED[0], "en"),
    };
    for tag in locales {
        let folder = Path::new("locales").join(tag);
        let (texts, header) = match shipped(tag) {
            Some(t) => (t, String::new()),
            None if tag == reference => {
                notes.push(format!(
                    "policyc has no text in `{tag}`: the reference locale's files hold the English example, to be rewritten in `{tag}`"
                ));
                (source, format!("### policyc has no text in `{tag}`: this is the English example,\n### to be rewritten in `{tag}`. Keep the ids.\n\n"))
            }
            None => {
                notes.push(format!(
                    "policyc has no text in `{tag}`: its files are copies of the `{source_tag}` text, marked untranslated; `check` reports each long text that still equals the reference"
                ));
                (source, format!("### Untranslated: policyc has no text in `{tag}`, so this is a copy of\n### the `{source_tag}` text. Translate every message; keep the ids.\n\n"))
            }
        };
        let mut shared = texts.shared.to_string();
        if shipped(tag).is_none() {
            shared = name_language(&shared, tag);
        }
        files.push((folder.join("_shared.ftl"), format!("{header}{shared}")));
        files.push((
            folder.join(format!("{EXAMPLE_POLICY}.ftl")),
            format!("{header}{}", texts.example),
        ));
    }
    for top in [CONFIG_FILE, "policies", "locales"] {
        refuse_existing(dir, Path::new(top))?;
    }
    write_all(dir, &files)?;
    Ok(Created {
        files: files.into_iter().map(|(p, _)| p).collect(),
        notes,
    })
}

/// `policyc new`: `policies/<id>.toml` and the reference locale's
/// `<id>.ftl` in the workspace at `root`, whose configuration `sources`
/// receives (for diagnostics that point into it).
pub fn new_policy(
    root: &Path,
    id: &str,
    published: &str,
    sources: &SourceMap,
) -> Result<Created, Vec<Diagnostic>> {
    let text = crate::source::read(root, Path::new(CONFIG_FILE), sources).map_err(|d| {
        vec![d
            .hint("run `policyc new` in a workspace (`-C DIR`), or create one with `policyc init`")]
    })?;
    let config = Config::parse(&text)?;
    let reference = &config.workspace.reference;
    let source = NEW_SOURCE
        .replace("{id}", &toml_value(id))
        .replace("{published}", published);
    // The parser that reads policies decides which ids are valid.
    let path = Path::new("policies").join(format!("{id}.toml"));
    Policy::parse(&generated(&path.to_string_lossy(), &source), id).map_err(detached)?;
    let (texts, header) = match shipped(reference) {
        Some(t) => (t, String::new()),
        None => (
            &SHIPPED[0],
            format!("### policyc has no text in `{reference}`: rewrite this English text in `{reference}`.\n\n"),
        ),
    };
    let ftl = Path::new("locales")
        .join(reference)
        .join(format!("{id}.ftl"));
    let files = vec![
        (path, source),
        (
            ftl,
            format!("{header}{}", texts.new.replace("{title}", &title(id))),
        ),
    ];
    for (p, _) in &files {
        refuse_existing(root, p)?;
    }
    write_all(root, &files)?;
    let mut notes = Vec::new();
    let others: Vec<String> = config
        .workspace
        .locales
        .iter()
        .filter(|t| *t != reference)
        .map(|t| format!("locales/{t}/{id}.ftl"))
        .collect();
    if !others.is_empty() {
        notes.push(format!(
            "translators must add {} (`policyc check` lists each)",
            others.join(", ")
        ));
    }
    Ok(Created {
        files: files.into_iter().map(|(p, _)| p).collect(),
        notes,
    })
}

/// Every format this build of policyc can write (a build without the PDF
/// backend would refuse its own workspace otherwise).
fn formats() -> Vec<String> {
    let mut f = vec!["md".to_string(), "html".into(), "print".into()];
    if cfg!(feature = "pdf") {
        f.push("pdf".into());
    }
    f
}

/// A TOML value as it is written in a file: quoted and escaped.
fn toml_value<T: Into<toml::Value> + Clone>(v: T) -> String {
    v.into().to_string()
}

/// Text policyc made, as the parsers take it.
fn generated(path: &str, text: &str) -> SourceText {
    SourceText {
        path: PathBuf::from(path),
        text: Arc::new(text.to_string()),
    }
}

/// Diagnostics about a file not yet written: their message and hint hold
/// what is wrong; a position in the unwritten file would only confuse.
fn detached(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .map(|mut d| {
            d.file = None;
            d.span = None;
            d
        })
        .collect()
}

/// `_shared.ftl` with the language named by its tag: the copied name would
/// be the other language's.
fn name_language(shared: &str, tag: &str) -> String {
    shared
        .lines()
        .map(|l| {
            if l.starts_with("language-name =") {
                format!("language-name = {tag}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

/// A policy id as a title: `data-retention` -> `Data retention`.
fn title(id: &str) -> String {
    let words = id.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// An `already-exists` error when `root/rel` exists (a link to nothing
/// included).
fn refuse_existing(root: &Path, rel: &Path) -> Result<(), Vec<Diagnostic>> {
    if std::fs::symlink_metadata(root.join(rel)).is_err() {
        return Ok(());
    }
    Err(vec![Diagnostic::new(
        Code::AlreadyExists,
        format!(
            "`{}` exists in `{}`; nothing was written",
            rel.display(),
            root.display()
        ),
    )
    .in_file(rel)
    .hint(
        "policyc never overwrites: pick another folder (or id), or move it away first",
    )])
}

/// Writes every file, each only if it does not exist yet. On a failure,
/// removes what this call wrote and reports the file that failed.
fn write_all(root: &Path, files: &[(PathBuf, String)]) -> Result<(), Vec<Diagnostic>> {
    use std::io::Write;
    let mut written: Vec<PathBuf> = Vec::new();
    for (rel, text) in files {
        let full = root.join(rel);
        let result = full
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| {
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&full)
            })
            .and_then(|mut f| {
                written.push(full.clone());
                f.write_all(text.as_bytes())
            });
        if let Err(e) = result {
            for w in written.iter().rev() {
                let _ = std::fs::remove_file(w);
            }
            let code = if e.kind() == std::io::ErrorKind::AlreadyExists {
                Code::AlreadyExists
            } else {
                Code::WriteFailed
            };
            return Err(vec![Diagnostic::new(
                code,
                format!("cannot write `{}`: {e}", full.display()),
            )
            .in_file(rel)]);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_shared_file_has_every_label_the_outputs_need() {
        let needed = [
            crate::render::PAGE_LABELS,
            crate::render::PRINTED_LABELS,
            crate::redline::render::LABELS,
            &[
                "contents-label",
                "category-compliance",
                "classification-public",
            ],
        ]
        .concat();
        for t in SHIPPED {
            for label in &needed {
                assert!(
                    t.shared
                        .lines()
                        .any(|l| l.starts_with(&format!("{label} ="))),
                    "{}: `{label}` missing",
                    t.language
                );
            }
        }
    }

    #[test]
    fn locales_get_the_text_of_their_language() {
        assert_eq!(shipped("da-DK").map(|t| t.language), Some("da"));
        assert_eq!(shipped("no").map(|t| t.language), Some("nb"));
        assert_eq!(shipped("nn").map(|t| t.language), None);
        assert_eq!(shipped("fi").map(|t| t.language), None);
    }

    #[test]
    fn a_copied_shared_file_names_its_own_language() {
        let fi = name_language(SHIPPED[0].shared, "fi");
        assert!(fi.contains("\nlanguage-name = fi\n"), "{fi}");
        assert!(!fi.contains("English"));
    }

    #[test]
    fn titles_come_from_ids() {
        assert_eq!(title("data-retention"), "Data retention");
        assert_eq!(title("cookies"), "Cookies");
        assert_eq!(title("acceptable_use"), "Acceptable use");
    }
}
