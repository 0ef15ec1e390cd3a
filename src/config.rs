//! The workspace configuration, `policyc.toml`: which locales exist, which
//! one is the reference, how site codes map to Fluent/CLDR locales, where
//! output goes, and how the Markdown for the website looks.
//!
//! Every field is documented here and in the README; unknown fields are
//! errors so that a typo never silently falls back to a default.

use indexmap::IndexMap;
use serde::Deserialize;
use unic_langid::LanguageIdentifier;

use crate::diag::Diagnostic;
use crate::source::{toml_error, SourceText};

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
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            stale: Level::Error,
            unreviewed: Level::Warning,
            changed_after_review: Level::Error,
            inconsistent: Level::Error,
            untranslated: Level::Warning,
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
                    Diagnostic::input(
                        "bad-locale",
                        format!("`{tag}` is not a valid BCP 47 locale tag: {e}"),
                    )
                    .at(&src.path, span_of(&format!("\"{tag}\"")))
                    .hint("use a tag such as `da`, `sv`, `nb` or `en-GB`"),
                );
            } else if !is_safe_segment(tag) {
                diags.push(
                    Diagnostic::input(
                        "bad-locale",
                        format!("locale tag `{tag}` cannot be used as a folder name"),
                    )
                    .at(&src.path, span_of(&format!("\"{tag}\""))),
                );
            }
            if !seen.insert(tag.as_str()) {
                diags.push(
                    Diagnostic::input(
                        "duplicate-locale",
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
                Diagnostic::input(
                    "bad-reference",
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
                    Diagnostic::input(
                        "bad-alias",
                        format!("locale alias `{alias}` points at `{target}`, which is not a workspace locale"),
                    )
                    .at(&src.path, span_of(&format!("{alias} =")))
                    .hint(format!("use one of: {}", config.workspace.locales.join(", "))),
                );
            }
            if !is_safe_segment(alias) {
                diags.push(
                    Diagnostic::input(
                        "bad-alias",
                        format!("locale alias `{alias}` cannot be used as a folder name"),
                    )
                    .at(&src.path, span_of(alias)),
                );
            }
        }
        if !is_relative_inside(&config.workspace.output) {
            diags.push(
                Diagnostic::input(
                    "bad-output",
                    format!(
                        "output directory `{}` must be a relative path inside the workspace",
                        config.workspace.output
                    ),
                )
                .at(&src.path, span_of("output")),
            );
        }
        if !(1..=5).contains(&config.markdown.heading_level) {
            diags.push(
                Diagnostic::input(
                    "bad-heading-level",
                    "`heading-level` must be between 1 and 5",
                )
                .at(&src.path, span_of("heading-level")),
            );
        }
        for (key, value) in &config.markdown.front_matter {
            if let FrontMatterValue::Field(f) = value {
                if !FRONT_MATTER_FIELDS.contains(&f.as_str()) {
                    diags.push(
                        Diagnostic::input(
                            "bad-front-matter",
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
                    Diagnostic::input(
                        "bad-site-path",
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
                    Diagnostic::input(
                        "bad-site-path",
                        format!("site `{name}`: `content` is empty"),
                    )
                    .at(&src.path, span_of("content")),
                );
            }
        }
        if diags.is_empty() {
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

/// A path segment that is safe to join onto a directory: no separators, no
/// `..`, no leading dot, not empty, printable.
pub fn is_safe_segment(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && !s.starts_with('.')
        && !s.contains("..")
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
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
