//! The pipeline: load → localize every policy × locale → render every
//! format in memory → write the output directory atomically.
//!
//! Nothing is written until everything is rendered, and the output
//! directory is replaced as a whole: a failed or interrupted build leaves
//! the previous output as it was, and files whose bytes did not change keep
//! their inode and modification time.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::analyze::analyze;
use crate::config::OnIncomplete;
use crate::diag::{Class, Diagnostic};
use crate::doc::{Document, Translation};
use crate::localize::localize;
use crate::render::{renderer_for, RenderContext, Templates, FORMATS};
use crate::workspace::Workspace;

/// What to build.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Policy ids; empty = all.
    pub policies: Vec<String>,
    /// Locale tags, site codes or more specific tags; empty = all.
    pub locales: Vec<String>,
    /// Format names; empty = the workspace's `formats`.
    pub formats: Vec<String>,
    /// Render only the first document of each locale in each format (what
    /// `check` does: enough to find template and label problems, which do
    /// not depend on the policy, without paying for every page).
    pub sample_render: bool,
    /// Leave out the `[sites.*]` targets.
    pub no_sites: bool,
}

/// One rendered file, not yet written.
#[derive(Clone, Debug)]
pub struct Output {
    /// Relative to the output directory.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub policy: String,
    pub locale: String,
    pub format: String,
    /// The site this goes to; `None` for the output folder.
    pub site: Option<String>,
}

/// Everything a build produced in memory.
pub struct Plan {
    pub outputs: Vec<Output>,
    pub documents: Vec<Arc<Document>>,
    pub diags: Vec<Diagnostic>,
    /// Locales with at least one error (refused).
    pub refused: BTreeSet<String>,
    /// Wall time of each stage, for `POLICYC_TIMINGS=1`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Localizes and renders the selection in memory. Also the whole of
/// `check`: a check is a build that writes nothing.
pub fn plan(ws: &Workspace, sel: &Selection) -> Plan {
    // Loading problems count: an input error stops everything, a finding
    // in a locale (no folder, a broken file) refuses that locale.
    let mut diags = ws.load_diags.clone();
    let mut refused: BTreeSet<String> = diags
        .iter()
        .filter(|d| d.is_error() && d.class == Class::Finding)
        .filter_map(|d| d.locale.clone())
        .collect();
    let mut timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<_>| {
        timings.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };

    let policies: Vec<_> = if sel.policies.is_empty() {
        ws.policies.iter().collect()
    } else {
        let mut v = Vec::new();
        for id in &sel.policies {
            match ws.policies.iter().find(|p| &p.id == id) {
                Some(p) => v.push(p),
                None => diags.push(
                    Diagnostic::input("unknown-policy", format!("there is no policy `{id}`")).hint(
                        format!(
                            "policies in this workspace: {}",
                            ws.policies
                                .iter()
                                .map(|p| p.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ),
                ),
            }
        }
        v
    };
    let locales: Vec<_> = if sel.locales.is_empty() {
        ws.locales.iter().collect()
    } else {
        let mut v = Vec::new();
        for wanted in &sel.locales {
            match ws.config.resolve_locale(wanted).and_then(|t| ws.locale(t)) {
                Some(l) => v.push(l),
                None => diags.push(
                    Diagnostic::input(
                        "unknown-locale",
                        format!("the workspace has no locale `{wanted}`"),
                    )
                    .hint(format!(
                        "locales: {}; add a locale to `locales` in policyc.toml",
                        ws.config.workspace.locales.join(", ")
                    )),
                ),
            }
        }
        v
    };
    let format_names: Vec<String> = if sel.formats.is_empty() {
        ws.config.workspace.formats.clone()
    } else {
        sel.formats.clone()
    };
    let mut renderers = Vec::new();
    for f in &format_names {
        match renderer_for(f) {
            Some(r) => renderers.push(r),
            None => diags.push(
                Diagnostic::input("unknown-format", format!("unknown output format `{f}`"))
                    .hint(format!("formats: {}", FORMATS.join(", "))),
            ),
        }
    }
    if !sel.no_sites {
        for (name, site) in &ws.config.sites {
            renderers.push(Box::new(crate::render::markdown::SiteMarkdown::new(
                name,
                site,
                &ws.config.markdown,
            )));
        }
    }
    let templates = match Templates::load(&ws.root, &ws.sources) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    if diags.iter().any(|d| d.class == Class::Input) {
        return Plan {
            outputs: Vec::new(),
            documents: Vec::new(),
            diags,
            refused,
            timings,
        };
    }
    let templates = templates.expect("no input errors");
    let cx = RenderContext {
        config: &ws.config,
        templates: &templates,
        sources: &ws.sources,
    };

    // Localize every policy in every locale, then link the translations
    // that exist, then render: a refused locale is never linked to.
    lap("setup", &mut timings);
    let pairs: Vec<_> = policies
        .iter()
        .flat_map(|p| locales.iter().map(move |l| (*p, *l)))
        .collect();
    // In parallel; the results keep the (policy, locale) order, so output
    // and diagnostics do not depend on thread scheduling. When only a
    // sample is rendered, every other document is reduced to the summary
    // its translations link to as soon as it is made.
    let localized: Vec<_> = pairs
        .par_iter()
        .enumerate()
        .map(|(i, (p, l))| {
            let result = localize(ws, p, l);
            let summary = result.doc.as_ref().map(translation_of);
            let keep = !sel.sample_render || i / locales.len().max(1) < 2;
            let doc = if keep { result.doc } else { None };
            (l.tag.clone(), summary, doc, result.diags)
        })
        .collect();
    let mut documents = Vec::new();
    let mut summaries: HashMap<&str, Vec<Translation>> = HashMap::new();
    for ((p, _), (tag, summary, doc, l_diags)) in pairs.iter().zip(localized) {
        let has_errors = l_diags.iter().any(Diagnostic::is_error);
        diags.extend(l_diags);
        if has_errors {
            refused.insert(tag);
            continue;
        }
        if let Some(t) = summary {
            summaries.entry(p.id.as_str()).or_default().push(t);
        }
        documents.extend(doc);
    }
    lap("localize", &mut timings);
    // Cross-locale findings (stale, inconsistent) refuse a locale too.
    let policy_ids: Vec<&str> = policies.iter().map(|p| p.id.as_str()).collect();
    let locale_tags: Vec<&str> = locales.iter().map(|l| l.tag.as_str()).collect();
    for d in analyze(ws, ws.lock.as_ref(), &policy_ids, &locale_tags) {
        if d.is_error() {
            if let Some(l) = &d.locale {
                refused.insert(l.clone());
            }
        }
        diags.push(d);
    }
    documents.retain(|d| !refused.contains(&d.locale.tag));
    for d in &mut documents {
        d.translations = summaries
            .get(d.policy.as_str())
            .into_iter()
            .flatten()
            .filter(|t| t.tag != d.locale.tag && !refused.contains(&t.tag))
            .cloned()
            .collect();
    }
    let documents: Vec<Arc<Document>> = documents.into_iter().map(Arc::new).collect();
    lap("analyze", &mut timings);
    let mut sampled = std::collections::HashSet::new();
    let jobs: Vec<_> = documents
        .iter()
        .filter(|d| !sel.sample_render || sampled.insert(d.locale.tag.clone()))
        .flat_map(|d| renderers.iter().map(move |r| (d, r)))
        .collect();
    let rendered: Vec<_> = jobs
        .par_iter()
        .map(|(doc, r)| (doc, r, r.render(doc, &cx)))
        .collect();
    let mut outputs = Vec::new();
    for (doc, r, result) in rendered {
        match result {
            Ok(bytes) => outputs.push(Output {
                path: r.path(doc),
                bytes,
                policy: doc.policy.clone(),
                locale: doc.locale.tag.clone(),
                format: r.name().to_string(),
                site: r.site().map(str::to_string),
            }),
            Err(d) => {
                refused.insert(doc.locale.tag.clone());
                diags.push(d);
            }
        }
    }
    lap("render", &mut timings);
    // Two documents must never write the same file (e.g. equal slugs).
    let mut seen = std::collections::HashMap::new();
    for o in &outputs {
        if let Some(other) = seen.insert((o.site.clone(), o.path.clone()), o.policy.clone()) {
            diags.push(
                Diagnostic::input(
                    "output-clash",
                    format!(
                        "policies `{other}` and `{}` both write `{}`",
                        o.policy,
                        o.path.display()
                    ),
                )
                .locale(&o.locale)
                .hint("give the policies different slugs for this locale"),
            );
        }
    }
    Plan {
        outputs,
        documents,
        diags,
        refused,
        timings,
    }
}

/// What other locales' pages need to link to a document.
fn translation_of(d: &Document) -> Translation {
    Translation {
        tag: d.locale.tag.clone(),
        code: d.locale.code.clone(),
        slug: d.slug.clone(),
        title: d.title.clone(),
        language: d
            .labels
            .get("language-name")
            .cloned()
            .unwrap_or_else(|| d.locale.tag.clone()),
    }
}

impl Plan {
    /// The outputs `build` may write, given the workspace's policy for
    /// incomplete locales. `None` when nothing may be written at all.
    pub fn writable(&self, on_incomplete: OnIncomplete) -> Option<Vec<&Output>> {
        if self
            .diags
            .iter()
            .any(|d| d.is_error() && d.class == Class::Input)
        {
            return None;
        }
        let has_errors = self.diags.iter().any(Diagnostic::is_error);
        match on_incomplete {
            OnIncomplete::Fail if has_errors => None,
            _ => Some(
                self.outputs
                    .iter()
                    .filter(|o| !self.refused.contains(&o.locale))
                    .collect(),
            ),
        }
    }
}

/// Resolves the absolute output directory of a workspace.
pub fn output_dir(ws: &Workspace, override_dir: Option<&Path>) -> PathBuf {
    match override_dir {
        Some(p) if p.is_absolute() => p.to_path_buf(),
        Some(p) => std::env::current_dir()
            .map(|c| c.join(p))
            .unwrap_or_else(|_| p.to_path_buf()),
        None => ws.root.join(&ws.config.workspace.output),
    }
}

/// Prints stage timings to stderr when `POLICYC_TIMINGS` is set.
pub fn print_timings(timings: &[(&'static str, std::time::Duration)]) {
    if std::env::var_os("POLICYC_TIMINGS").is_some() {
        let parts: Vec<String> = timings
            .iter()
            .map(|(n, d)| format!("{n} {:.1} ms", d.as_secs_f64() * 1000.0))
            .collect();
        eprintln!("timings: {}", parts.join(", "));
    }
}

/// Where a build wrote, and what it did there.
#[derive(Debug, Clone)]
pub struct Written {
    /// The output folder or a site's content folder.
    pub dir: PathBuf,
    /// `None` for the output folder.
    pub site: Option<String>,
    pub total: usize,
    pub stats: crate::output::WriteStats,
}

/// The outcome of `policyc build`.
pub struct BuildReport {
    pub diags: Vec<Diagnostic>,
    pub written: Vec<Written>,
    pub refused: BTreeSet<String>,
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Plans and writes: the output folder atomically, then each site's
/// content folder. Writes nothing when the plan may not be written
/// (see [`Plan::writable`]).
pub fn build(ws: &Workspace, sel: &Selection, out: Option<&Path>, clean: bool) -> BuildReport {
    build_with_inputs(ws, sel, out, clean, None)
}

/// The options of a build that change its output, for [`crate::output::fingerprint`].
pub fn options_key(sel: &Selection, out: Option<&Path>, clean: bool) -> String {
    format!(
        "policies={:?} locales={:?} formats={:?} no_sites={} out={:?} clean={clean}",
        sel.policies, sel.locales, sel.formats, sel.no_sites, out
    )
}

/// [`build`], recording `inputs` (a fingerprint) in the manifest when the
/// build is complete and error-free, so that the next identical build can
/// stop before loading anything (`policyc build` does this).
pub fn build_with_inputs(
    ws: &Workspace,
    sel: &Selection,
    out: Option<&Path>,
    clean: bool,
    inputs: Option<&str>,
) -> BuildReport {
    let plan = plan(ws, sel);
    let mut diags = plan.diags.clone();
    let mut written = Vec::new();
    let input_error = diags
        .iter()
        .any(|d| d.is_error() && d.class == Class::Input);
    let writable = if input_error {
        None
    } else {
        plan.writable(ws.config.workspace.on_incomplete)
    };
    if let Some(outputs) = writable {
        let out_dir = output_dir(ws, out);
        let (site_outputs, own): (Vec<&Output>, Vec<&Output>) =
            outputs.into_iter().partition(|o| o.site.is_some());
        // Sites first: the output folder's manifest, written last, records
        // the fingerprint of a build that fully succeeded.
        for (name, site) in &ws.config.sites {
            let mine: Vec<&Output> = site_outputs
                .iter()
                .copied()
                .filter(|o| o.site.as_deref() == Some(name))
                .collect();
            if mine.is_empty() {
                continue;
            }
            let dir = ws.root.join(&site.content);
            match crate::output::write_site(&dir, &mine, clean) {
                Ok(stats) => written.push(Written {
                    dir,
                    site: Some(name.clone()),
                    total: mine.len(),
                    stats,
                }),
                Err(e) => diags.push(
                    Diagnostic::input(
                        "write-failed",
                        format!("cannot write site `{name}` in `{}`: {e}", dir.display()),
                    )
                    .hint("check the site's `content` folder in policyc.toml and its permissions"),
                ),
            }
        }
        if !own.is_empty() {
            let complete = !diags.iter().any(Diagnostic::is_error);
            let inputs = inputs.filter(|_| complete);
            match crate::output::write_atomically(&out_dir, &own, clean, inputs) {
                Ok(stats) => written.push(Written {
                    dir: out_dir.clone(),
                    site: None,
                    total: own.len(),
                    stats,
                }),
                Err(e) => diags.push(
                    Diagnostic::input(
                        "write-failed",
                        format!("cannot write `{}`: {e}", out_dir.display()),
                    )
                    .hint(
                        "the previous output was left as it was; check permissions and free space",
                    ),
                ),
            }
        }
    }
    BuildReport {
        diags,
        written,
        refused: plan.refused,
        timings: plan.timings,
    }
}

/// The fast path of `policyc build`: the fingerprint of this build's inputs
/// and options, and `Some(files)` when the last complete build had the same
/// fingerprint and its files are all still there (nothing to do).
pub fn check_unchanged(
    root: &Path,
    sel: &Selection,
    out: Option<&Path>,
    clean: bool,
) -> (Option<String>, Option<usize>) {
    let sources = crate::diag::SourceMap::default();
    let Ok(src) = crate::source::read(root, Path::new(crate::workspace::CONFIG_FILE), &sources)
    else {
        return (None, None);
    };
    let Ok(config) = crate::config::Config::parse(&src) else {
        return (None, None);
    };
    let Ok(fp) = crate::output::fingerprint(root, &options_key(sel, out, clean)) else {
        return (None, None);
    };
    let out_dir = match out {
        Some(p) if p.is_absolute() => p.to_path_buf(),
        Some(p) => std::env::current_dir()
            .map(|c| c.join(p))
            .unwrap_or_else(|_| p.to_path_buf()),
        None => root.join(&config.workspace.output),
    };
    let sites: Vec<PathBuf> = if sel.no_sites {
        Vec::new()
    } else {
        config
            .sites
            .values()
            .map(|s| root.join(&s.content))
            .collect()
    };
    let files = crate::output::up_to_date(&out_dir, &sites, &fp);
    (Some(fp), files)
}
