//! The workspace configuration, `policyc.toml`: which locales exist, which
//! one is the reference, how site codes map to Fluent/CLDR locales, where
//! output goes, and how the Markdown for the website looks.
//!
//! Every field is documented here and in the README; unknown fields are
//! errors so that a typo never silently falls back to a default.

use indexmap::IndexMap;
use serde::Deserialize;
use unic_langid::LanguageIdentifier;

use crate::diag::{Code, Diagnostic};
use crate::source::{toml_error, SourceText};

/// The name of the workspace configuration file.
pub const CONFIG_FILE: &str = "policyc.toml";

/// The parsed `policyc.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Locales, reference locale, output and formats.
    pub workspace: WorkspaceConfig,
    /// Site codes mapped to the BCP 47 tag used for Fluent and CLDR data,
    /// e.g. `no = "nb"`: the site calls Norwegian `no`, the data calls it
    /// `nb`. The site code names output folders and the `language` key.
    #[serde(default)]
    pub locale_aliases: IndexMap<String, String>,
    /// How Markdown pages for the website are written.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// What translated text may contain.
    #[serde(default)]
    pub content: ContentConfig,
    /// The HTML and print HTML backends.
    #[serde(default)]
    pub html: HtmlConfig,
    /// Severity of the CI gate's cross-locale findings.
    #[serde(default)]
    pub check: CheckConfig,
    /// The PDF backend.
    #[serde(default)]
    pub pdf: PdfConfig,
    /// Websites whose content folder receives Markdown pages directly,
    /// in the site's own layout (`[sites.<name>]`).
    #[serde(default)]
    pub sites: IndexMap<String, SiteConfig>,
}

/// `[sites.<name>]`: a Hugo (or similar) site that consumes the pages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SiteConfig {
    /// The site's content folder, relative to the workspace (it may lie
    /// outside it, e.g. `../website/content`). policyc writes only the
    /// files of its pages there and remembers them in
    /// `.policyc-manifest.json`.
    pub content: String,
    /// Where a page goes inside `content`. Placeholders: `{lang}` (site
    /// code, e.g. `no`), `{locale}` (BCP 47 tag, `nb`), `{slug}`,
    /// `{policy}`. Default `{lang}/{slug}.md`; Hugo's translation-by-file-name
    /// layout is `dokument/{slug}.{lang}.md`.
    #[serde(default = "default_site_path")]
    pub path: String,
    /// Front matter keys for this site, replacing `[markdown.front-matter]`.
    #[serde(default)]
    pub front_matter: Option<IndexMap<String, FrontMatterValue>>,
    /// Static keys appended to the front matter of every page.
    #[serde(default)]
    pub extra: IndexMap<String, toml::Value>,
    /// Shortcode names for this site, replacing `[markdown.shortcodes]`.
    #[serde(default)]
    pub shortcodes: Option<Shortcodes>,
    /// Lead style for this site, replacing `[markdown] lead`.
    #[serde(default)]
    pub lead: Option<LeadStyle>,
    /// Heading level for this site, replacing `[markdown] heading-level`.
    #[serde(default)]
    pub heading_level: Option<u8>,
    /// Where the site is published, e.g. `https://example.com`: relative
    /// links (`/gdpr`) in the PDF and print HTML resolve against it when
    /// `[html] base-url` is not set. The site's own Markdown keeps them.
    #[serde(default)]
    pub base_url: Option<String>,
}

fn default_site_path() -> String {
    "{lang}/{slug}.md".to_string()
}

/// Placeholders a site path may use.
pub const SITE_PLACEHOLDERS: &[&str] = &["{lang}", "{locale}", "{slug}", "{policy}"];

impl SiteConfig {
    /// The Markdown settings for this site: the workspace's, with the
    /// site's overrides.
    pub fn markdown(&self, base: &MarkdownConfig) -> MarkdownConfig {
        let mut md = base.clone();
        if let Some(f) = &self.front_matter {
            md.front_matter = f.clone();
        }
        for (k, v) in &self.extra {
            md.front_matter
                .insert(k.clone(), FrontMatterValue::Value { value: v.clone() });
        }
        if let Some(s) = &self.shortcodes {
            md.shortcodes = s.clone();
        }
        if let Some(l) = self.lead {
            md.lead = l;
        }
        if let Some(h) = self.heading_level {
            md.heading_level = h;
        }
        md
    }
}

/// How seriously `check` takes a kind of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Fails the check (exit 1) and refuses the locale in `build`.
    Error,
    /// Reported; fails only with `--deny warnings`.
    Warning,
    /// Not reported.
    Off,
}

/// `[check]`: severity of the cross-locale findings. Missing text, syntax
/// errors and unknown references are always errors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckConfig {
    /// A translation made from an older reference text (`policyc.lock`).
    /// Default `error`.
    #[serde(default = "level_error")]
    pub stale: Level,
    /// A translation with no review record in `policyc.lock` (only when a
    /// lock exists). Default `warning`.
    #[serde(default = "level_warning")]
    pub unreviewed: Level,
    /// A translation whose text is not the text that was signed off
    /// (`policyc.lock`). Default `error`.
    #[serde(default = "level_error")]
    pub changed_after_review: Level,
    /// Variables, terms or section references left out, different Markdown
    /// structure, or a fact typed out literally. Default `error`.
    #[serde(default = "level_error")]
    pub inconsistent: Level,
    /// A translation identical to the reference text. Default `warning`.
    #[serde(default = "level_warning")]
    pub untranslated: Level,
    /// A translation that gives a glossary term in none of its locale's
    /// accepted forms (`glossary.toml`). Default `error`.
    #[serde(default = "level_error")]
    pub glossary_term: Level,
    /// A text that uses a variant the glossary forbids. Default `error`.
    #[serde(default = "level_error")]
    pub forbidden_term: Level,
    /// A translated text that reads as another of the workspace's
    /// languages. Default `error`.
    #[serde(default = "level_error")]
    pub wrong_language: Level,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            stale: Level::Error,
            unreviewed: Level::Warning,
            changed_after_review: Level::Error,
            inconsistent: Level::Error,
            untranslated: Level::Warning,
            glossary_term: Level::Error,
            forbidden_term: Level::Error,
            wrong_language: Level::Error,
        }
    }
}

fn level_error() -> Level {
    Level::Error
}

fn level_warning() -> Level {
    Level::Warning
}

/// `[pdf]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PdfConfig {
    /// PDF standards the output conforms to (checked by the PDF writer):
    /// `ua-1` (accessible, tagged; the default), and optionally one of
    /// `a-2a`, `a-2b`, `a-2u`, `a-3a`, `a-3b`, `a-3u`, `a-4` for archiving.
    #[serde(default = "default_pdf_standards")]
    pub standards: Vec<String>,
}

impl Default for PdfConfig {
    fn default() -> Self {
        PdfConfig {
            standards: default_pdf_standards(),
        }
    }
}

fn default_pdf_standards() -> Vec<String> {
    vec!["ua-1".to_string()]
}

#[cfg(feature = "pdf")]
impl PdfConfig {
    /// The standards as typst-pdf takes them.
    pub fn standards(&self) -> Result<typst_pdf::PdfStandards, String> {
        use typst_pdf::PdfStandard as S;
        let mut list = Vec::new();
        for s in &self.standards {
            list.push(match s.as_str() {
                "ua-1" => S::Ua_1,
                "a-2a" => S::A_2a,
                "a-2b" => S::A_2b,
                "a-2u" => S::A_2u,
                "a-3a" => S::A_3a,
                "a-3b" => S::A_3b,
                "a-3u" => S::A_3u,
                "a-4" => S::A_4,
                other => {
                    return Err(format!(
                        "unknown PDF standard `{other}` in [pdf] standards (use ua-1, a-2a, a-2b, a-2u, a-3a, a-3b, a-3u or a-4)"
                    ))
                }
            });
        }
        typst_pdf::PdfStandards::new(&list).map_err(|e| format!("[pdf] standards: {}", e.message()))
    }
}

/// `[html]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HtmlConfig {
    /// Where the HTML output is published, e.g.
    /// `https://example.com/policies`. Gives pages a canonical URL and
    /// absolute `hreflang` links; without it, language links are relative.
    /// Relative links in the PDF and print HTML resolve against it.
    #[serde(default)]
    pub base_url: Option<String>,
}

/// `[content]`: what translators may put into text. Translations are
/// untrusted input: by default raw HTML and links with schemes other than
/// http, https, mailto and tel are refused.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContentConfig {
    /// Accept raw HTML in translations (written unescaped). Default false.
    #[serde(default)]
    pub allow_raw_html: bool,
    /// Extra link schemes to accept, e.g. `["ftp"]`. Default none.
    #[serde(default)]
    pub allow_link_schemes: Vec<String>,
}

/// `[workspace]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WorkspaceConfig {
    /// Every locale the policies are published in, as BCP 47 tags. Each
    /// needs a folder `locales/<tag>/` with one `.ftl` file per policy.
    pub locales: Vec<String>,
    /// The locale translations are made from. Its text is shown as the hint
    /// when a translation is missing.
    pub reference: String,
    /// Output directory, relative to the workspace. Default `out`.
    #[serde(default = "default_output")]
    pub output: String,
    /// Where `output` is written in policyc.toml (for diagnostics about
    /// the folder found when building).
    #[serde(skip)]
    pub output_span: Option<std::ops::Range<usize>>,
    /// Formats `build` writes when `--format` is not given. Default `["md"]`.
    #[serde(default = "default_formats")]
    pub formats: Vec<String>,
    /// What `build` does when a locale has errors: `fail` (default) writes
    /// nothing at all; `skip-locale` writes the complete locales and leaves
    /// the broken ones' previous output untouched. Either way the exit code
    /// is 1 and no page is ever filled from another language.
    #[serde(default)]
    pub on_incomplete: OnIncomplete,
}

fn default_output() -> String {
    "out".to_string()
}

fn default_formats() -> Vec<String> {
    vec!["md".to_string()]
}

/// See [`WorkspaceConfig::on_incomplete`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnIncomplete {
    #[default]
    Fail,
    SkipLocale,
}

/// `[markdown]`: the Hugo-ready Markdown backend.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MarkdownConfig {
    /// Heading level of top-level sections (sub-sections go one deeper).
    /// Default 2; the seed site uses 3.
    #[serde(default = "default_heading_level")]
    pub heading_level: u8,
    /// Append `{#section-id}` to headings so anchors are the same stable id
    /// in every locale (Hugo/Goldmark and pandoc understand it). Default true.
    #[serde(default = "yes")]
    pub heading_ids: bool,
    /// How the lead paragraph is written: `shortcode` (default, the
    /// `shortcodes.lead` shortcode) or `emphasis` (an italic paragraph).
    #[serde(default)]
    pub lead: LeadStyle,
    /// Shortcode names.
    #[serde(default)]
    pub shortcodes: Shortcodes,
    /// Front matter keys, in order. A string value names a document field
    /// (see README); `{ value = … }` is written as is; `{ message = "id" }`
    /// is a message from the locale's `_shared.ftl`.
    #[serde(default = "default_front_matter")]
    pub front_matter: IndexMap<String, FrontMatterValue>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            heading_level: default_heading_level(),
            heading_ids: true,
            lead: LeadStyle::default(),
            shortcodes: Shortcodes::default(),
            front_matter: default_front_matter(),
        }
    }
}

fn default_heading_level() -> u8 {
    2
}

fn yes() -> bool {
    true
}

fn default_front_matter() -> IndexMap<String, FrontMatterValue> {
    let mut m = IndexMap::new();
    for (k, v) in [
        ("title", "title"),
        ("description", "intro"),
        ("date", "published"),
        ("language", "lang"),
        ("slug", "slug"),
        ("aliases", "aliases"),
    ] {
        m.insert(k.to_string(), FrontMatterValue::Field(v.to_string()));
    }
    m
}

/// See [`MarkdownConfig::lead`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeadStyle {
    #[default]
    Shortcode,
    Emphasis,
}

/// `[markdown.shortcodes]`: names of the site's shortcodes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Shortcodes {
    /// Call-out box with a title: `{{% note "TITLE" %}}…{{% /note %}}`.
    #[serde(default = "default_note")]
    pub note: String,
    /// Lead paragraph: `{{< ingress >}}…{{< /ingress >}}`.
    #[serde(default = "default_lead")]
    pub lead: String,
    /// Run-in label of a list item: `{{< inline "LABEL" >}}`. Empty (the
    /// default) writes `**LABEL:**` instead.
    #[serde(default)]
    pub label: String,
}

impl Default for Shortcodes {
    fn default() -> Self {
        Shortcodes {
            note: default_note(),
            lead: default_lead(),
            label: String::new(),
        }
    }
}

fn default_note() -> String {
    "note".to_string()
}

fn default_lead() -> String {
    "ingress".to_string()
}

/// A front matter value: a document field, a literal value, or a message.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum FrontMatterValue {
    /// A document field name, e.g. `"title"`.
    Field(String),
    /// A literal written as is.
    Value { value: toml::Value },
    /// A message id from the locale's `_shared.ftl`.
    Message { message: String },
}

/// The document fields a front matter key may name.
pub const FRONT_MATTER_FIELDS: &[&str] = &[
    "title",
    "intro",
    "lang",
    "locale",
    "slug",
    "aliases",
    "published",
    "effective",
    "version",
    "document-id",
    "category",
    "classification",
    "prepared-by",
    "approver",
    "policy",
    "translation-key",
];

impl Config {
    /// Parses and validates `policyc.toml`.
    pub fn parse(src: &SourceText) -> Result<Config, Vec<Diagnostic>> {
        let config: Config = toml::from_str(&src.text).map_err(|e| vec![toml_error(src, &e)])?;
        let mut diags = Vec::new();
        let span_of = |needle: &str| src.text.find(needle).map(|i| i..i + needle.len());
        let mut seen = std::collections::HashSet::new();
        for tag in &config.workspace.locales {
            if let Err(e) = tag.parse::<LanguageIdentifier>() {
                diags.push(
                    Diagnostic::new(
                        Code::BadLocale,
                        format!("`{tag}` is not a valid BCP 47 locale tag: {e}"),
                    )
                    .at(&src.path, span_of(&format!("\"{tag}\"")))
                    .hint("use a tag such as `da`, `sv`, `nb` or `en-GB`"),
                );
            } else if !is_safe_segment(tag) {
                diags.push(
                    Diagnostic::new(
                        Code::BadLocale,
                        format!("locale tag `{tag}` cannot be used as a folder name"),
                    )
                    .at(&src.path, span_of(&format!("\"{tag}\""))),
                );
            }
            if !seen.insert(tag.as_str()) {
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateLocale,
                        format!("locale `{tag}` is listed twice"),
                    )
                    .at(&src.path, span_of("locales")),
                );
            }
        }
        if !config
            .workspace
            .locales
            .contains(&config.workspace.reference)
        {
            diags.push(
                Diagnostic::new(
                    Code::BadReference,
                    format!(
                        "the reference locale `{}` is not one of the workspace locales",
                        config.workspace.reference
                    ),
                )
                .at(&src.path, span_of("reference"))
                .hint(format!(
                    "add it to `locales` or pick one of: {}",
                    config.workspace.locales.join(", ")
                )),
            );
        }
        for (alias, target) in &config.locale_aliases {
            if !config.workspace.locales.contains(target) {
                diags.push(
                    Diagnostic::new(
                        Code::BadAlias,
                        format!("locale alias `{alias}` points at `{target}`, which is not a workspace locale"),
                    )
                    .at(&src.path, span_of(&format!("{alias} =")))
                    .hint(format!("use one of: {}", config.workspace.locales.join(", "))),
                );
            }
            if let Some(problem) = segment_problem(alias) {
                diags.push(
                    Diagnostic::new(
                        Code::BadAlias,
                        format!(
                            "locale alias `{}` cannot be used as a folder name: it {}",
                            alias.escape_debug(),
                            problem.what()
                        ),
                    )
                    .at(&src.path, span_of(alias))
                    .hint(problem.hint()),
                );
            } else if alias.eq_ignore_ascii_case(crate::output::MANIFEST) {
                // The alias names a folder of the output, next to the
                // manifest: the two would be the same path.
                diags.push(
                    Diagnostic::new(
                        Code::BadAlias,
                        format!(
                            "locale alias `{alias}` is the name of the output folder's manifest"
                        ),
                    )
                    .at(
                        &src.path,
                        span_of(&format!("\"{alias}\"")).or_else(|| span_of(&format!("{alias} ="))),
                    )
                    .hint("pick another site code for this locale"),
                );
            }
        }
        let output_span = key_value_span(&src.text, "output");
        if let Err(why) = check_output(&config.workspace.output) {
            diags.push(
                Diagnostic::new(
                    Code::BadOutput,
                    format!("output folder `{}` {why}", config.workspace.output),
                )
                .at(&src.path, output_span.clone().or_else(|| span_of("output")))
                .hint("use a folder of its own inside the workspace, such as `out`"),
            );
        }
        if !(1..=5).contains(&config.markdown.heading_level) {
            diags.push(
                Diagnostic::new(
                    Code::BadHeadingLevel,
                    "`heading-level` must be between 1 and 5",
                )
                .at(&src.path, span_of("heading-level")),
            );
        }
        for (key, value) in &config.markdown.front_matter {
            if let FrontMatterValue::Field(f) = value {
                if !FRONT_MATTER_FIELDS.contains(&f.as_str()) {
                    diags.push(
                        Diagnostic::new(
                            Code::BadFrontMatter,
                            format!("front matter key `{key}` names unknown field `{f}`"),
                        )
                        .at(&src.path, span_of(&format!("\"{f}\"")))
                        .hint(format!(
                            "known fields: {}; or write `{{ value = … }}` for a literal",
                            FRONT_MATTER_FIELDS.join(", ")
                        )),
                    );
                }
            }
        }
        for (name, site) in &config.sites {
            let mut rest = site.path.clone();
            for p in SITE_PLACEHOLDERS {
                rest = rest.replace(p, "x");
            }
            if !is_relative_inside(&site.path)
                || rest.contains(['{', '}'])
                || !site.path.contains("{slug}")
            {
                diags.push(
                    Diagnostic::new(
                        Code::BadSitePath,
                        format!(
                            "site `{name}`: path `{}` is not a usable pattern",
                            site.path
                        ),
                    )
                    .at(&src.path, span_of(&format!("\"{}\"", site.path)))
                    .hint(format!(
                        "a relative path inside the content folder with {{slug}}, using only {}",
                        SITE_PLACEHOLDERS.join(", ")
                    )),
                );
            }
            if site.content.trim().is_empty() {
                diags.push(
                    Diagnostic::new(
                        Code::BadSitePath,
                        format!("site `{name}`: `content` is empty"),
                    )
                    .at(&src.path, span_of("content")),
                );
            } else if let Err(why) = check_site_content(&site.content, &config.workspace.output) {
                diags.push(
                    Diagnostic::new(
                        Code::BadSitePath,
                        format!("site `{name}`: content folder `{}` {why}", site.content),
                    )
                    .at(
                        &src.path,
                        span_of(&format!("\"{}\"", site.content)).or_else(|| span_of("content")),
                    )
                    .hint("point `content` at the site's own content folder, e.g. `../website/content`"),
                );
            }
        }
        #[cfg(feature = "pdf")]
        if let Err(e) = config.pdf.standards() {
            let at = span_of("standards");
            diags.push(Diagnostic::new(Code::BadPdfStandard, e).at(&src.path, at));
        }
        if diags.is_empty() {
            let mut config = config;
            config.workspace.output_span = output_span;
            Ok(config)
        } else {
            Err(diags)
        }
    }

    /// The code a site uses for a locale (the alias pointing at it, if any).
    pub fn site_code<'a>(&'a self, tag: &'a str) -> &'a str {
        self.locale_aliases
            .iter()
            .find(|(_, t)| t.as_str() == tag)
            .map(|(a, _)| a.as_str())
            .unwrap_or(tag)
    }

    /// Resolves a user-supplied locale (a tag, a site alias, or a more
    /// specific tag such as `nb-NO`) to a workspace locale.
    pub fn resolve_locale(&self, wanted: &str) -> Option<&str> {
        if let Some(t) = self
            .workspace
            .locales
            .iter()
            .find(|t| t.eq_ignore_ascii_case(wanted))
        {
            return Some(t);
        }
        if let Some((_, t)) = self
            .locale_aliases
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(wanted))
        {
            return Some(t);
        }
        let requested: LanguageIdentifier = wanted.parse().ok()?;
        let available: Vec<LanguageIdentifier> = self
            .workspace
            .locales
            .iter()
            .filter_map(|t| t.parse().ok())
            .collect();
        let found = fluent_langneg::negotiate_languages(
            &[requested],
            &available,
            None,
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        let first = found.first()?.to_string();
        self.workspace
            .locales
            .iter()
            .map(String::as_str)
            .find(|t| *t == first)
    }
}

/// The longest slug or path segment, in bytes (file systems allow 255,
/// and a segment is joined with a locale code and an extension).
pub const MAX_SEGMENT_BYTES: usize = 100;

/// Why a name cannot be a path segment of the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentProblem {
    /// Empty, a separator, `..`, a leading dot, or another character.
    Unsafe,
    /// Longer than [`MAX_SEGMENT_BYTES`].
    TooLong,
    /// A device name on Windows (`CON`, `NUL`, `COM1`…), with or without
    /// an extension: such a file cannot be created or checked out there.
    Reserved,
    /// Letters of two of the Latin, Greek and Cyrillic scripts (`nоtice`
    /// with a Cyrillic `о`): a look-alike of another name.
    MixedScript,
}

impl SegmentProblem {
    /// What is wrong, after the name (`slug `x` …`).
    pub fn what(self) -> String {
        match self {
            SegmentProblem::Unsafe => "is not a safe file name".into(),
            SegmentProblem::TooLong => format!("is longer than {MAX_SEGMENT_BYTES} bytes"),
            SegmentProblem::Reserved => "is a reserved device name on Windows".into(),
            SegmentProblem::MixedScript => {
                "mixes letters of the Latin, Greek and Cyrillic scripts (a look-alike)".into()
            }
        }
    }

    /// What to do about it.
    pub fn hint(self) -> &'static str {
        match self {
            SegmentProblem::Unsafe => {
                "use letters, digits, `-` and `_` only: no `/`, no `..`, no leading dot"
            }
            SegmentProblem::TooLong => "shorten it to 100 bytes at most",
            SegmentProblem::Reserved => {
                "`CON`, `PRN`, `AUX`, `NUL`, `COM1`-`COM9` and `LPT1`-`LPT9` (any case, with any extension) cannot be file names on Windows; add a word"
            }
            SegmentProblem::MixedScript => {
                "write every letter in one script: a Cyrillic `о` or Greek `ο` among Latin letters looks like another page's name"
            }
        }
    }
}

/// A path segment that is safe to join onto a directory: no separators, no
/// `..`, no leading dot, not empty, printable, and none of the other
/// problems of [`name_problem`].
pub fn segment_problem(s: &str) -> Option<SegmentProblem> {
    let chars_ok = !s.is_empty()
        && !s.starts_with('.')
        && !s.contains("..")
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !chars_ok {
        return Some(SegmentProblem::Unsafe);
    }
    name_problem(s)
}

/// Problems of a name used as a file or folder name whatever its
/// characters: too long, a Windows device name, mixed scripts.
pub fn name_problem(s: &str) -> Option<SegmentProblem> {
    if s.len() > MAX_SEGMENT_BYTES {
        return Some(SegmentProblem::TooLong);
    }
    if is_windows_device(s) {
        return Some(SegmentProblem::Reserved);
    }
    if mixes_scripts(s) {
        return Some(SegmentProblem::MixedScript);
    }
    None
}

/// See [`segment_problem`].
pub fn is_safe_segment(s: &str) -> bool {
    segment_problem(s).is_none()
}

/// `CON`, `PRN`, `AUX`, `NUL`, `COM1`-`COM9`, `LPT1`-`LPT9`, in any case,
/// alone or before an extension (Windows ignores the extension, and
/// trailing dots and spaces).
fn is_windows_device(s: &str) -> bool {
    let base = s.split('.').next().unwrap_or(s).trim_end_matches(' ');
    let upper = base.to_ascii_uppercase();
    match upper.as_bytes() {
        b"CON" | b"PRN" | b"AUX" | b"NUL" => true,
        [b'C', b'O', b'M', d] | [b'L', b'P', b'T', d] => (b'1'..=b'9').contains(d),
        _ => false,
    }
}

/// Whether the letters of `s` come from more than one of the Latin, Greek
/// and Cyrillic scripts, whose letters look alike. (Other mixes, such as
/// Japanese kana with kanji or Latin, are ordinary writing.)
fn mixes_scripts(s: &str) -> bool {
    use unicode_script::{Script, UnicodeScript};
    if s.is_ascii() {
        return false;
    }
    let mut seen: Option<Script> = None;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        let script = c.script();
        if !matches!(script, Script::Latin | Script::Greek | Script::Cyrillic) {
            continue;
        }
        match seen {
            None => seen = Some(script),
            Some(first) if first != script => return true,
            Some(_) => {}
        }
    }
    false
}

/// The input folders and files of a workspace: no output may be one of
/// them or lie inside one.
pub const INPUTS: &[&str] = &[
    "policies",
    "locales",
    "templates",
    CONFIG_FILE,
    crate::lock::LOCK_FILE,
];

/// Why `output` (relative to the workspace) cannot be the output folder:
/// it must be a folder of its own, not the workspace, nor an input.
fn check_output(output: &str) -> Result<(), String> {
    if !is_relative_inside(output) {
        return Err("must be a relative path inside the workspace".into());
    }
    let parts = normal_parts(output).unwrap_or_default();
    match parts.first() {
        None => Err("is the workspace itself: building would replace the inputs".into()),
        Some(first) if INPUTS.contains(&first.as_str()) => {
            Err(format!("would replace or lie inside the input `{first}`"))
        }
        Some(_) => Ok(()),
    }
}

/// Why a site's content folder (relative to the workspace, possibly
/// outside it) cannot receive pages: it must not be or hold the workspace,
/// an input, or the output folder (which every build replaces).
fn check_site_content(content: &str, output: &str) -> Result<(), String> {
    if std::path::Path::new(content).is_absolute() {
        return Ok(());
    }
    let Some(parts) = normal_parts(content) else {
        return Err("is not a usable folder".into());
    };
    if parts.iter().all(|p| p == "..") {
        return Err("is or contains the workspace".into());
    }
    if parts[0] != ".." {
        if INPUTS.contains(&parts[0].as_str()) {
            return Err(format!("would lie inside the input `{}`", parts[0]));
        }
        if let Some(out) = normal_parts(output) {
            let common = parts.iter().zip(&out).take_while(|(a, b)| a == b).count();
            if common == parts.len().min(out.len()) {
                return Err(format!(
                    "overlaps the output folder `{output}`, which every build replaces"
                ));
            }
        }
    }
    Ok(())
}

/// A relative path's components with `.` dropped and `a/..` folded
/// (leading `..` kept); `None` for an absolute path.
fn normal_parts(p: &str) -> Option<Vec<String>> {
    let mut parts: Vec<String> = Vec::new();
    for c in std::path::Path::new(p).components() {
        match c {
            std::path::Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if parts.last().is_some_and(|l| l != "..") {
                    parts.pop();
                } else {
                    parts.push("..".into());
                }
            }
            std::path::Component::RootDir | std::path::Component::Prefix(_) => return None,
        }
    }
    Some(parts)
}

/// The span of a key's value on the first line that assigns it
/// (`key = value`), so a diagnostic points at `output = ...`, not at the
/// word in a comment or another key.
fn key_value_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                let start = offset + (line.len() - trimmed.len());
                let end = offset + line.trim_end().len();
                return Some(start..end);
            }
        }
        offset += line.len();
    }
    None
}

/// A relative path without `..` components or a root.
pub fn is_relative_inside(p: &str) -> bool {
    let path = std::path::Path::new(p);
    !p.is_empty()
        && path.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_folder_must_be_a_folder_of_its_own() {
        for ok in ["out", "./out/", "build/site", "outputs"] {
            assert_eq!(check_output(ok), Ok(()), "{ok}");
        }
        for bad in [
            ".",
            "./",
            "out/..",
            "locales",
            "./locales/",
            "policies/x",
            "templates",
            "policyc.toml",
            "policyc.lock",
            "..",
            "../x",
            "/tmp/out",
            "",
        ] {
            assert!(check_output(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn windows_device_names_are_refused_in_any_case_and_with_any_extension() {
        for name in [
            "CON",
            "con",
            "Nul.txt",
            "aux",
            "PRN.md",
            "com1",
            "LPT9.html",
            "con.",
        ] {
            assert_eq!(
                segment_problem(name),
                Some(SegmentProblem::Reserved),
                "{name}"
            );
        }
        for name in ["console", "com0", "com10", "lpt", "nullable", "icon"] {
            assert_eq!(segment_problem(name), None, "{name}");
        }
    }

    #[test]
    fn a_site_content_folder_must_not_overlap_the_workspace_inputs_or_output() {
        for ok in [
            "../website/content",
            "web/content",
            "site",
            "/srv/site/content",
        ] {
            assert_eq!(check_site_content(ok, "out"), Ok(()), "{ok}");
        }
        for bad in [
            ".",
            "..",
            "../..",
            "locales/x",
            "out",
            "out/content",
            "./out",
        ] {
            assert!(check_site_content(bad, "out").is_err(), "{bad}");
        }
        // The output folder inside the site's folder.
        assert!(check_site_content("web", "web/out").is_err());
    }

    #[test]
    fn the_span_of_a_key_is_its_assignment_not_a_word_in_a_comment() {
        let text = "# the output goes\n[workspace]\n  output = \"x\"  \noutputs = 1\n";
        let span = key_value_span(text, "output").unwrap();
        assert_eq!(&text[span], "output = \"x\"");
        assert_eq!(key_value_span("outputs = 1\n", "output"), None);
    }

    #[test]
    fn names_mixing_latin_with_cyrillic_or_greek_are_look_alikes() {
        assert_eq!(
            segment_problem("n\u{43e}tice"),
            Some(SegmentProblem::MixedScript)
        );
        assert_eq!(
            segment_problem("n\u{3bf}tice"),
            Some(SegmentProblem::MixedScript)
        );
        // One script, whichever: fine. Digits and `-` belong to none.
        for name in [
            "notice",
            "уведомление-2",
            "ειδοποίηση",
            "café",
            "通知-notice",
        ] {
            assert_eq!(segment_problem(name), None, "{name}");
        }
    }

    #[test]
    fn names_are_limited_to_100_bytes() {
        assert_eq!(segment_problem(&"a".repeat(100)), None);
        assert_eq!(
            segment_problem(&"a".repeat(101)),
            Some(SegmentProblem::TooLong)
        );
    }
}
