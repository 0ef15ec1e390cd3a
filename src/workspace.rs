//! Loading a workspace: `policyc.toml`, every `policies/*.toml`, and every
//! locale's `.ftl` files, read once and shared by all later stages (a
//! policy's `.ftl` file is parsed where its pages are made: see `FtlFile`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use unic_langid::LanguageIdentifier;

use crate::config::Config;
use crate::config::CONFIG_FILE;
use crate::diag::{Code, Diagnostic, SourceMap};
use crate::l10n::{parse_ftl, FtlFile};
use crate::policy::Policy;
use crate::source::Tree;

/// The per-locale file with messages every policy may use.
pub const SHARED_FTL: &str = "_shared.ftl";

/// One locale's translations.
pub struct LocaleData {
    /// BCP 47 tag from the config (`nb`).
    pub tag: String,
    /// Site code (`no` when aliased), used for output paths.
    pub code: String,
    pub lang: LanguageIdentifier,
    /// `locales/<tag>/_shared.ftl`, if present.
    pub shared: Option<Arc<FtlFile>>,
    /// `locales/<tag>/<policy>.ftl` by policy id (present files only).
    pub files: BTreeMap<String, Arc<FtlFile>>,
    /// Whether `locales/<tag>/` exists at all.
    pub has_folder: bool,
    /// The resolved `_shared.ftl` labels, once the first document has
    /// needed them.
    pub labels: std::sync::OnceLock<Arc<std::collections::BTreeMap<String, String>>>,
    /// The locale's CLDR plural rules, once a check needs them.
    pub plurals: std::sync::OnceLock<Option<crate::l10n::plurals::Plurals>>,
}

impl LocaleData {
    /// Where this locale's file for a policy is (or should be).
    pub fn file_path(&self, policy: &str) -> PathBuf {
        Path::new("locales")
            .join(&self.tag)
            .join(format!("{policy}.ftl"))
    }
}

/// One policy's translation files in every locale, each with an index of
/// its own (see [`FtlFile::detached`]). A build localizes and analyses a
/// policy with these and drops them when the policy is done, so the
/// message indexes of a thousand policies are never in memory at once:
/// kept in the workspace, they were half of a build's peak memory, and
/// every new page of memory costs the kernel a page to zero.
pub struct PolicyFiles<'a> {
    /// Locale tag and file, for the locales that have one.
    files: Vec<(&'a str, FtlFile)>,
    /// The texts every locale must provide ([`Policy::required_texts`]).
    required: Vec<crate::policy::RequiredText<'a>>,
}

impl<'a> PolicyFiles<'a> {
    pub fn new(ws: &'a Workspace, policy: &'a Policy) -> PolicyFiles<'a> {
        PolicyFiles {
            files: ws
                .locales
                .iter()
                .filter_map(|l| Some((l.tag.as_str(), l.files.get(&policy.id)?.detached())))
                .collect(),
            required: policy.required_texts(),
        }
    }

    /// The texts every locale must provide, in document order.
    pub fn required(&self) -> &[crate::policy::RequiredText<'a>] {
        &self.required
    }

    /// The policy's file in a locale.
    pub fn get(&self, tag: &str) -> Option<&FtlFile> {
        self.files.iter().find(|(t, _)| *t == tag).map(|(_, f)| f)
    }
}

/// A loaded workspace.
pub struct Workspace {
    pub root: PathBuf,
    pub config: Config,
    pub sources: SourceMap,
    /// Valid policies, sorted by id.
    pub policies: Vec<Arc<Policy>>,
    /// Locales in config order.
    pub locales: Vec<LocaleData>,
    /// `policyc.lock`, when the workspace has one.
    pub lock: Option<crate::lock::Lock>,
    /// `glossary.toml` and `glossary/*.tbx`, when the workspace has them.
    pub glossary: Option<crate::glossary::Glossary>,
    /// Problems found while loading (also returned by [`Workspace::load`]):
    /// a build refuses the locales they concern, or everything for input
    /// errors.
    pub load_diags: Vec<Diagnostic>,
}

impl Workspace {
    /// Loads everything. Returns `None` only when the configuration itself
    /// cannot be read; otherwise every problem found is in the diagnostics.
    pub fn load(root: &Path, sources: &SourceMap) -> (Option<Workspace>, Vec<Diagnostic>) {
        Workspace::load_from(Tree::Disk(root), root, sources, None)
    }

    /// [`Workspace::load`] from the files of `tree`; `root` is the folder
    /// the workspace is at (for a git revision in memory, the folder of
    /// the working tree it was read from). With `known`, a policy source
    /// with the same path and text as one another load parsed is taken
    /// from there instead of being parsed again, and every source parsed
    /// is added to it.
    pub fn load_from(
        tree: Tree<'_>,
        root: &Path,
        sources: &SourceMap,
        known: Option<&ParsedPolicies>,
    ) -> (Option<Workspace>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let config_src = match tree.read(Path::new(CONFIG_FILE), sources) {
            Ok(s) => s,
            Err(mut d) => {
                if !tree.exists(Path::new(CONFIG_FILE)) {
                    d = d.hint(format!(
                        "run policyc in a workspace folder (one with {CONFIG_FILE}), or pass `--workspace DIR`"
                    ));
                }
                return (None, vec![d]);
            }
        };
        let config = match Config::parse(&config_src) {
            Ok(c) => c,
            Err(d) => return (None, d),
        };

        // The lock (20 MB at 1,000 policies) is read while the policies and
        // translations are.
        let (lock, (glossary, policies, locales, found)) = rayon::join(
            || crate::lock::Lock::load(tree, sources),
            || {
                let mut found = Vec::new();
                let glossary = match crate::glossary::Glossary::load(tree, &config, sources) {
                    Ok(g) => g,
                    Err(d) => {
                        found.extend(d);
                        None
                    }
                };
                let (policies, stems) = load_policies(tree, sources, &config, known, &mut found);
                // Each locale on its own thread (they read and list a folder
                // each); their diagnostics in config order.
                let loaded: Vec<(LocaleData, Vec<Diagnostic>)> = config
                    .workspace
                    .locales
                    .par_iter()
                    .map(|tag| {
                        let mut found = Vec::new();
                        let data =
                            load_locale(tree, sources, &config, tag, &policies, &stems, &mut found);
                        (data, found)
                    })
                    .collect();
                let mut locales = Vec::new();
                for (data, more) in loaded {
                    locales.push(data);
                    found.extend(more);
                }
                (glossary, policies, locales, found)
            },
        );
        let lock = match lock {
            Ok(l) => l,
            Err(d) => {
                diags.push(d);
                None
            }
        };
        diags.extend(found);
        stray_locale_folders(tree, &config, &mut diags);
        (
            Some(Workspace {
                root: root.to_path_buf(),
                config,
                sources: sources.clone(),
                policies,
                locales,
                lock,
                glossary,
                load_diags: diags.clone(),
            }),
            diags,
        )
    }

    pub fn locale(&self, tag: &str) -> Option<&LocaleData> {
        self.locales.iter().find(|l| l.tag == tag)
    }

    /// The reference locale's data.
    pub fn reference(&self) -> Option<&LocaleData> {
        self.locale(&self.config.workspace.reference)
    }
}

/// A warning for each folder in `locales/` that is no workspace locale
/// (`locales/dk/` for `da`): its translations are never checked or
/// published, and whoever made it meant one of the locales.
fn stray_locale_folders(tree: Tree<'_>, config: &Config, diags: &mut Vec<Diagnostic>) {
    let Ok(entries) = tree.list(Path::new("locales")) else {
        return;
    };
    let tags = &config.workspace.locales;
    let mut stray: Vec<String> = entries
        .into_iter()
        .filter(|e| e.is_dir)
        .filter_map(|e| e.name.to_str().map(str::to_string))
        .filter(|name| !name.starts_with('.') && !tags.contains(name))
        .collect();
    stray.sort();
    for name in stray {
        let meant = config
            .resolve_locale(&name)
            .map(|t| format!("`{name}` stands for `{t}`, whose folder is `locales/{t}/`: move its files there"))
            .unwrap_or_else(|| {
                format!(
                    "move its files to the folder of the locale they translate ({}), or add `{name}` to `locales` in {CONFIG_FILE}",
                    tags.join(", ")
                )
            });
        diags.push(
            Diagnostic::new(
                Code::UnusedFile,
                format!("`locales/{name}/` is the folder of no workspace locale"),
            )
            .in_file(Path::new("locales").join(&name))
            .hint(format!("nothing in it is checked or published: {meant}")),
        );
    }
}

/// Policy sources parsed by one workspace load, for another to take
/// ([`Workspace::load_from`]): the two ends of a redline mostly have the
/// same policy sources, and a source is parsed once. Keyed by the file's
/// path and text: a policy is what its source says.
#[derive(Default)]
pub struct ParsedPolicies(std::sync::Mutex<crate::HashMap<PathBuf, ParsedSource>>);

/// A policy source's text and the policy parsed from it.
type ParsedSource = (Arc<String>, Arc<Policy>);

impl ParsedPolicies {
    /// The policy parsed from `rel` with this `text`, if there is one.
    fn get(&self, rel: &Path, text: &Arc<String>) -> Option<Arc<Policy>> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let (t, p) = map.get(rel)?;
        (Arc::ptr_eq(t, text) || t == text).then(|| p.clone())
    }

    fn put(&self, rel: &Path, text: &Arc<String>, policy: &Arc<Policy>) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.insert(rel.to_path_buf(), (text.clone(), policy.clone()));
    }
}

/// Loads every policy; also returns the stems of all policy files, valid
/// or not, so their translations are not reported as stray files.
fn load_policies(
    tree: Tree<'_>,
    sources: &SourceMap,
    config: &Config,
    known: Option<&ParsedPolicies>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Arc<Policy>>, Vec<String>) {
    let dir = Path::new("policies");
    if let Err(d) = tree.check_folder(dir) {
        diags.push(d);
        return (Vec::new(), Vec::new());
    }
    let entries = match tree.list(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(
                Diagnostic::new(
                    Code::Unreadable,
                    format!("cannot read the `policies/` folder: {e}"),
                )
                .in_file(dir)
                .hint("create `policies/` with one `<id>.toml` per policy"),
            );
            return (Vec::new(), Vec::new());
        }
    };
    let mut names: Vec<String> = entries
        .into_iter()
        .filter_map(|e| utf8_name(e.name, ".toml", dir, diags))
        .filter(|n| n.ends_with(".toml") && !n.starts_with('.'))
        .collect();
    names.sort();
    let stems: Vec<String> = names
        .iter()
        .map(|n| n.trim_end_matches(".toml").to_string())
        .collect();
    let mut policies = Vec::with_capacity(names.len());
    // Read and validate in parallel; collect in file-name order.
    type Parsed = Result<Arc<Policy>, Vec<Diagnostic>>;
    let parsed: Vec<(PathBuf, Parsed)> = names
        .par_iter()
        .map(|name| {
            let rel = dir.join(name);
            let result = tree
                .read(&rel, sources)
                .map_err(|d| vec![d])
                .and_then(|src| {
                    if let Some(p) = known.and_then(|k| k.get(&rel, &src.text)) {
                        return Ok(p);
                    }
                    let p = Arc::new(Policy::parse(&src, name.trim_end_matches(".toml"))?);
                    if let Some(k) = known {
                        k.put(&rel, &src.text, &p);
                    }
                    Ok(p)
                });
            (rel, result)
        })
        .collect();
    for (rel, result) in parsed {
        match result {
            Ok(p) => {
                for tag in p.locales.keys() {
                    if config.resolve_locale(tag) != Some(tag.as_str()) {
                        let span = p.locales.get(tag).and_then(|m| m.span.clone());
                        diags.push(
                            Diagnostic::new(Code::UnknownLocale, format!("`[locales.{tag}]` names a locale the workspace does not have"))
                                .at(&rel, span)
                                .policy(&p.id)
                                .hint(format!(
                                    "use one of the workspace locales ({}), or add `{tag}` to `locales` in {CONFIG_FILE}",
                                    config.workspace.locales.join(", ")
                                )),
                        );
                    }
                }
                policies.push(p);
            }
            Err(d) => diags.extend(d),
        }
    }
    if policies.is_empty() && diags.is_empty() {
        diags.push(
            Diagnostic::new(Code::NoPolicies, "the workspace has no policies")
                .in_file(dir)
                .hint("add a `policies/<id>.toml` file"),
        );
    }
    (policies, stems)
}

fn load_locale(
    tree: Tree<'_>,
    sources: &SourceMap,
    config: &Config,
    tag: &str,
    policies: &[Arc<Policy>],
    stems: &[String],
    diags: &mut Vec<Diagnostic>,
) -> LocaleData {
    let code = config.site_code(tag).to_string();
    let lang: LanguageIdentifier = tag.parse().unwrap_or_default();
    let dir = Path::new("locales").join(tag);
    let mut data = LocaleData {
        tag: tag.to_string(),
        code,
        lang,
        shared: None,
        files: BTreeMap::new(),
        has_folder: false,
        labels: std::sync::OnceLock::new(),
        plurals: std::sync::OnceLock::new(),
    };
    // A locale folder (or a link to one) must stay inside the workspace,
    // and so must `locales/` itself; a link to nothing is no folder.
    match tree.check_folder(&dir) {
        Err(d) => {
            diags.push(d.locale(tag));
            return data;
        }
        Ok(false) => {
            diags.push(
                Diagnostic::new(Code::MissingLocale, format!("locale `{tag}` has no folder `{}`", dir.display()))
                    .in_file(&dir)
                    .locale(tag)
                    .hint(format!(
                        "create `{}` with one `.ftl` file per policy (copy the reference locale's files as a start)",
                        dir.display()
                    )),
            );
            return data;
        }
        Ok(true) => {}
    }
    data.has_folder = true;
    let shared_rel = dir.join(crate::workspace::SHARED_FTL);
    match tree.read_optional(&shared_rel, sources) {
        Ok(Some(src)) => {
            let (file, d) = parse_ftl(&src, true);
            diags.extend(d.into_iter().map(|d| d.locale(tag)));
            data.shared = Some(Arc::new(file));
        }
        Ok(None) => {}
        Err(d) => diags.push(d.locale(tag)),
    }
    // One small slot per policy, in a list allocated once (a list of
    // files and diagnostics grown as they come was megabytes of memory
    // copied and faulted in, at N = 1,000).
    let parsed: Vec<Option<Result<Arc<FtlFile>, Box<Diagnostic>>>> = policies
        .par_iter()
        .map(|p| {
            // Parsed where its pages are made (see `FtlFile`); its syntax
            // errors are reported there. An absent file is a finding of
            // the analysis (every message missing), not a read error.
            match tree.read_optional(&data.file_path(&p.id), sources) {
                Ok(None) => None,
                Ok(Some(src)) => Some(Ok(Arc::new(FtlFile::unparsed(&src)))),
                Err(d) => Some(Err(Box::new(d))),
            }
        })
        .collect();
    for (p, result) in policies.iter().zip(parsed) {
        match result {
            None => {}
            Some(Ok(file)) => {
                data.files.insert(p.id.clone(), file);
            }
            Some(Err(d)) => diags.push(d.locale(tag).policy(&p.id)),
        }
    }
    // FTL files that belong to no policy are probably a renamed policy.
    let stems: std::collections::HashSet<&str> = stems.iter().map(String::as_str).collect();
    if let Ok(entries) = tree.list(&dir) {
        let mut stray: Vec<String> = entries
            .into_iter()
            .filter_map(|e| utf8_name(e.name, ".ftl", &dir, diags))
            .filter(|n| n.ends_with(".ftl") && n != SHARED_FTL)
            .filter(|n| n.strip_suffix(".ftl").is_none_or(|s| !stems.contains(s)))
            .collect();
        stray.sort();
        for n in stray {
            diags.push(
                Diagnostic::new(Code::UnusedFile, format!("`{n}` belongs to no policy"))
                    .in_file(dir.join(&n))
                    .locale(tag)
                    .hint("each `.ftl` file is named after a policy id in `policies/`; rename or remove it"),
            );
        }
    }
    data
}

/// A folder entry's name as text. A name that is not UTF-8 and ends in
/// `ext` (an input policyc would otherwise skip without a word) is an
/// input error, the name shown escaped; others are not inputs.
fn utf8_name(
    name: std::ffi::OsString,
    ext: &str,
    dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let name = match name.into_string() {
        Ok(n) => return Some(n),
        Err(n) => n,
    };
    let bytes = name.as_encoded_bytes();
    if bytes.ends_with(ext.as_bytes()) {
        let shown = escape_bytes(bytes);
        diags.push(
            Diagnostic::new(
                Code::BadFileName,
                format!(
                    "the file name `{shown}` in `{}/` is not UTF-8",
                    dir.display()
                ),
            )
            .in_file(dir.join(&shown))
            .hint("rename the file; input names are ids and slugs, which must be UTF-8 text"),
        );
    }
    None
}

/// Bytes as text: valid UTF-8 as itself (control characters escaped),
/// every other byte as `\xNN`.
fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.extend(chunk.valid().chars().flat_map(char::escape_debug));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(root: &Path, parsed: &ParsedPolicies) -> Workspace {
        let (ws, diags) =
            Workspace::load_from(Tree::Disk(root), root, &SourceMap::default(), Some(parsed));
        assert!(diags.is_empty(), "{diags:?}");
        ws.unwrap()
    }

    #[test]
    fn a_policy_source_another_load_parsed_is_parsed_once() {
        let dir = tempfile::tempdir().unwrap();
        let locales = ["en".to_string(), "da".to_string()];
        crate::init::init(dir.path(), &locales, None, "2026-01-01").unwrap();
        let parsed = ParsedPolicies::default();
        let first = load(dir.path(), &parsed);
        let again = load(dir.path(), &parsed);
        assert!(!first.policies.is_empty());
        for (a, b) in first.policies.iter().zip(&again.policies) {
            assert!(Arc::ptr_eq(a, b), "`{}` is taken, not parsed again", a.id);
        }
        // A source that changed is parsed: its policy is what it says now.
        let file = dir.path().join(&first.policies[0].file);
        let text = std::fs::read_to_string(&file).unwrap();
        let changed = text.replacen("version = \"", "version = \"9", 1);
        assert_ne!(text, changed);
        std::fs::write(&file, changed).unwrap();
        let edited = load(dir.path(), &parsed);
        let (old, new) = (&first.policies[0], &edited.policies[0]);
        assert!(!Arc::ptr_eq(old, new));
        assert_eq!(new.version, format!("9{}", old.version));
    }
}
