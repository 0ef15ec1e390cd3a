//! The registry of diagnostic codes: every code policyc reports, once, with
//! its kebab-case name (what JSON, GitHub and human output print), its
//! class (which exit code it maps to), its default severity and a one-line
//! description. `docs/check.md` lists the same table; a test keeps the two
//! equal.

use std::fmt;

use serde::{Serialize, Serializer};

use super::{Class, Severity};

macro_rules! codes {
    ($( $variant:ident $name:literal $class:ident $severity:ident $description:literal; )*) => {
        /// A diagnostic code. See the table in `docs/check.md`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $( #[doc = $description] $variant, )*
        }

        impl Code {
            /// Every code, in the order of the documentation's table.
            pub const ALL: &'static [Code] = &[$( Code::$variant, )*];

            /// The stable kebab-case name, e.g. `missing-section`.
            pub const fn name(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The class, hence the exit code: a finding (1) or an input error (2).
            pub const fn class(self) -> Class {
                match self { $( Code::$variant => Class::$class, )* }
            }

            /// The severity it has unless `[check]` in policyc.toml changes it.
            pub const fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// What it means, in one line.
            pub const fn description(self) -> &'static str {
                match self { $( Code::$variant => $description, )* }
            }
        }
    };
}

codes! {
    // A translation, checked against the policy's structure.
    MissingSection "missing-section" Finding Error "a locale lacks a section's message; the hint shows the reference text to translate";
    MissingText "missing-text" Finding Error "a block's attribute, the title or a text the reference defines is missing";
    MissingFile "missing-file" Finding Error "a locale has no `.ftl` file for a policy (or no `_shared.ftl` when the reference has one)";
    MissingLocale "missing-locale" Finding Error "a workspace locale has no `locales/<tag>/` folder";
    MissingLabel "missing-label" Finding Error "a label an output needs (`category-…`, a front matter message, the page labels) is missing";
    FtlSyntax "ftl-syntax" Finding Error "Fluent syntax error, with a hint for the continuation-line trap";
    DuplicateMessage "duplicate-message" Finding Error "a message, term or attribute is defined twice (or in both the file and `_shared.ftl`)";
    UnknownVariable "unknown-variable" Finding Error "a `$variable` that is neither a fact nor a built-in (\"did you mean …?\")";
    UnknownMessage "unknown-message" Finding Error "a reference to a message that does not exist";
    UnknownTerm "unknown-term" Finding Error "a reference to a `-term` that does not exist";
    UnknownFunction "unknown-function" Finding Error "a call to a function other than `SECTION`, `DATE` and `NUMBER`";
    UnknownSection "unknown-section" Finding Error "`SECTION(\"…\")` names no section of the policy";
    BadFunctionCall "bad-function-call" Finding Error "`SECTION()` or `DATE()` called with missing or invalid arguments";
    CyclicReference "cyclic-reference" Finding Error "a message that references itself through other messages";
    TooManyPlaceables "too-many-placeables" Finding Error "a message whose nested references expand to too many placeables";
    NoValue "no-value" Finding Error "a reference to a message that has attributes but no value";
    FluentError "fluent-error" Finding Error "any other error Fluent reports while formatting a message";
    EmptyText "empty-text" Finding Error "a message or attribute whose text is empty";
    StructureInText "structure-in-text" Finding Error "Markdown structure (a heading, a list, a quote) where only inline text belongs";
    MultipleParagraphs "multiple-paragraphs" Finding Error "several paragraphs where one line of text belongs";
    RawHtml "raw-html" Finding Error "raw HTML in a translation, unless `[content] allow-raw-html`";
    UnsafeLink "unsafe-link" Finding Error "a link scheme other than http(s), mailto and tel, unless `[content]` allows it";
    RelativeLink "relative-link" Finding Warning "a relative link (`/gdpr`) in a document built as PDF or print HTML while no base URL (`[html] base-url`, `[sites.<name>] base-url`) is set: it would be dead on paper";
    ImageInText "image-in-text" Finding Error "an image in a translation (images belong in the templates)";
    ControlCharacter "control-character" Finding Error "an invisible control character in a translation";
    TooDeep "too-deep" Finding Error "emphasis, links or Fluent placeables nested too deep (an input error, exit 2, in a policy's TOML)";
    HugoShortcode "hugo-shortcode" Finding Error "`{{<` or `{{%` in a translation, which Hugo would run as a shortcode";
    ShortcodeArgument "shortcode-argument" Finding Error "a note title or list label that a Hugo shortcode argument cannot hold";

    // A translation, compared with the reference locale (severities set by `[check]`).
    Stale "stale" Finding Error "the reference text changed since this translation was signed off (`policyc.lock`); shows the old and new reference text and the changed words";
    ChangedAfterReview "changed-after-review" Finding Error "the translation is not the text that was signed off: it was edited after its review";
    Unreviewed "unreviewed" Finding Warning "translations with no sign-off in the lock (only when a lock exists): one finding per policy (or `_shared.ftl`) and locale, with the count and the keys";
    MissingReference "missing-reference" Finding Error "the translation leaves out a variable, term or `SECTION()` link that the reference uses";
    MarkupDrift "markup-drift" Finding Error "different Markdown than the reference: paragraphs, links, emphasis, strong or code spans";
    LiteralFact "literal-fact" Finding Error "a fact typed out (the org. number, the e-mail) instead of `{ $fact }`";
    MissingPluralCategory "missing-plural-category" Finding Error "where the reference selects on a number, the translation lacks a CLDR plural category its locale uses (`[one]` in Danish), so Fluent would show the default variant";
    Untranslated "untranslated" Finding Warning "text identical to the reference (four words or more)";
    GlossaryTerm "glossary-term" Finding Error "the reference text uses a glossary term and the translation none of its locale's accepted forms; the hint names them";
    ForbiddenTerm "forbidden-term" Finding Error "a text uses a variant the glossary forbids in its locale; the hint names the accepted form";
    WrongLanguage "wrong-language" Finding Error "a translated text of eight words or more reads as another of the workspace's languages (never Danish, Norwegian and Swedish against each other)";
    MissingTerm "missing-term" Finding Warning "a term the reference file defines is missing";
    RenamedId "renamed-id" Finding Error "an id in a translation that is a misspelled or translated form of one it lacks (a message, attribute or term): the hint says which to rename it to";
    UnusedMessage "unused-message" Finding Warning "a message or attribute no section uses, or a `_shared.ftl` entry the reference lacks";
    UnusedFile "unused-file" Finding Warning "a `.ftl` file no policy uses";
    Repeated "repeated" Finding Warning "stands for the diagnostics of one code left out in one file, with their count and severity";

    // Making the outputs.
    UnsupportedCharacter "unsupported-character" Finding Error "the PDF font has no glyph for a character of the text";
    PdfError "pdf-error" Finding Error "typesetting the PDF failed";
    PdfTooLarge "pdf-too-large" Finding Error "a policy too large for one PDF (over 2,000 sections, 10,000 blocks or 2 MB of Typst source)";
    Json "json" Finding Error "the document tree could not be written as JSON";
    Yaml "yaml" Finding Error "the front matter could not be written as YAML";
    KeptChangedFile "kept-changed-file" Finding Warning "`--clean` kept an output file that was changed since policyc wrote it";
    RedlineIncomplete "redline-incomplete" Finding Error "`redline` cannot make a policy in a locale at one of the two revisions";
    UnchangedVersion "unchanged-version" Finding Warning "`redline` found a policy's text changed between the two versions while its `version` stayed the same";

    // The invocation, the configuration and the policy sources (exit 2).
    InvalidToml "invalid-toml" Input Error "TOML syntax error, or an unknown or missing field";
    InvalidUtf8 "invalid-utf8" Input Error "a source file is not valid UTF-8";
    NulByte "nul-byte" Input Error "a source file contains a NUL byte";
    Unreadable "unreadable" Input Error "a file or folder cannot be read, or is not a regular file";
    TooLarge "too-large" Input Error "a file past the size limit, or an `.ftl` file with too many messages";
    OutsideWorkspace "outside-workspace" Input Error "a path that leads outside the workspace (`..`, a symbolic link)";
    BadFileName "bad-file-name" Input Error "a policy or translation file name that is not UTF-8";
    NoPolicies "no-policies" Input Error "the workspace has no policies";
    NoSections "no-sections" Input Error "a policy has no sections";
    BadId "bad-id" Input Error "a policy, section, block or row id that is not a valid identifier";
    DuplicateId "duplicate-id" Input Error "an id used twice in one policy";
    ReservedId "reserved-id" Input Error "a section id that is reserved (`policy`)";
    IdMismatch "id-mismatch" Input Error "a policy id that does not match its file name";
    BadSlug "bad-slug" Input Error "a slug that cannot be a file name or URL path";
    BadAlias "bad-alias" Input Error "a locale alias to no workspace locale or unusable as a folder name, or a page alias that is not a site path";
    BadDate "bad-date" Input Error "a date that is not like 2024-01-05";
    BadField "bad-field" Input Error "a field that the block's kind does not take";
    BadBlock "bad-block" Input Error "a block that lacks what its kind needs (a list without items, a table without columns)";
    BadFact "bad-fact" Input Error "a fact whose value cannot be used, or a locale's own value of another kind than in `[facts]`";
    UnknownFact "unknown-fact" Input Error "a table that takes its rows from a fact that does not exist, or `[locales.<tag>.facts]` setting a fact `[facts]` lacks";
    BadLocale "bad-locale" Input Error "a locale that is not a valid BCP 47 tag";
    DuplicateLocale "duplicate-locale" Input Error "a locale listed twice";
    BadReference "bad-reference" Input Error "the reference locale is not one of the workspace locales";
    BadHeadingLevel "bad-heading-level" Input Error "`heading-level` outside 1 to 5";
    BadFrontMatter "bad-front-matter" Input Error "a front matter key that names an unknown field";
    BadPdfStandard "bad-pdf-standard" Input Error "a PDF standard Typst does not know";
    BadOutput "bad-output" Input Error "a folder that cannot be an output folder (the workspace, a source folder, `/`)";
    BadSitePath "bad-site-path" Input Error "a site's path pattern or content folder that is empty or not usable";
    InvalidLock "invalid-lock" Input Error "`policyc.lock` cannot be read (syntax or version)";
    BadGlossary "bad-glossary" Input Error "a glossary entry that cannot be used (a locale the workspace lacks, a form without letters, a form both accepted and forbidden), or a TBX file that does not parse";
    TemplateError "template-error" Input Error "a template does not parse or fails to render";
    UnknownLocale "unknown-locale" Input Error "`--locale` names no workspace locale";
    UnknownKey "unknown-key" Input Error "`review` names a text that no selected policy or `_shared.ftl` has (\"did you mean …?\")";
    UnknownPolicy "unknown-policy" Input Error "`--policy` names no policy";
    UnknownFormat "unknown-format" Input Error "an output format policyc does not have";
    UnavailableFormat "unavailable-format" Input Error "an output format this build of policyc was compiled without (`pdf`)";
    UnknownRevision "unknown-revision" Input Error "`redline` names neither a git revision of the workspace nor a folder holding a copy of it";
    NoReviewer "no-reviewer" Input Error "`review` without `--by` where git has no user.name or user.email";
    InvalidReviewer "invalid-reviewer" Input Error "a reviewer name that is empty or holds control characters";
    InvalidDate "invalid-date" Input Error "`SOURCE_DATE_EPOCH` is not a number of seconds";
    OutputClash "output-clash" Input Error "two policies would write the same file";
    OutputNotOwned "output-not-owned" Input Error "the output folder is not policyc's: not empty and without its manifest, not a folder, or a symbolic link";
    OutputLocked "output-locked" Input Error "another policyc is writing the output folder";
    WriteFailed "write-failed" Input Error "an output could not be written (a warning when only the old output could not be removed)";
    AlreadyExists "already-exists" Input Error "`init` or `new` would overwrite a file or folder that exists";
}

impl Code {
    /// The code named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// The documentation's table of codes, one row per code.
    pub fn markdown_table() -> String {
        let mut out = String::from(
            "| code | class (exit code) | default severity | meaning |\n|---|---|---|---|\n",
        );
        for c in Code::ALL {
            let class = match c.class() {
                Class::Finding => "finding (1)",
                Class::Input => "input (2)",
            };
            let severity = match c.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            out.push_str(&format!(
                "| `{}` | {class} | {severity} | {} |\n",
                c.name(),
                c.description().replace('|', "\\|")
            ));
        }
        out
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Diagnostics are sorted by code name, as they were when codes were
/// strings.
impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.name().cmp(other.name())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case() {
        let mut seen = crate::HashSet::default();
        for c in Code::ALL {
            let n = c.name();
            assert!(seen.insert(n), "`{n}` is registered twice");
            assert!(
                !n.is_empty()
                    && n.split('-').all(|w| !w.is_empty()
                        && w.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "`{n}` is not kebab-case"
            );
            assert_eq!(Code::from_name(n), Some(*c));
            assert!(!c.description().is_empty() && !c.description().contains('\n'));
        }
    }

    /// `docs/check.md` holds the table [`Code::markdown_table`] prints,
    /// between the `codes` markers: a code added to the registry, removed
    /// from it or described differently fails here, with the table to
    /// paste.
    #[test]
    fn docs_check_md_documents_every_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/check.md");
        let doc = std::fs::read_to_string(path).expect("docs/check.md");
        let rows: Vec<&str> = doc
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split_once("` |").map(|(code, _)| code))
            .collect();
        let registered: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        let undocumented: Vec<&&str> = registered.iter().filter(|c| !rows.contains(c)).collect();
        let unregistered: Vec<&&str> = rows.iter().filter(|c| !registered.contains(c)).collect();
        let expected = Code::markdown_table();
        assert!(
            undocumented.is_empty() && unregistered.is_empty(),
            "docs/check.md does not document {undocumented:?} and documents codes that do not exist: {unregistered:?}\nthe table:\n{expected}"
        );
        assert!(
            doc.contains(&expected),
            "the table of codes in docs/check.md differs from the registry (src/diag/code.rs); the table:\n{expected}"
        );
    }
}
