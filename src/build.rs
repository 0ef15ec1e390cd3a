//! The pipeline: load → localize every policy × locale → render every
//! format in memory → write the output directory atomically.
//!
//! Nothing is written until everything is rendered, and the output
//! directory is replaced as a whole: a failed or interrupted build leaves
//! the previous output as it was, and files whose bytes did not change keep
//! their inode and modification time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::analyze::{analyze_policy, analyze_shared};
use crate::config::OnIncomplete;
use crate::diag::Code;
use crate::diag::{Class, Diagnostic};
use crate::doc::{Document, Translation};
use crate::localize::localize;
use crate::output::{LockError, OutputLock, Staged};
use crate::render::{renderer_for, RenderContext, Templates, FORMATS};
use crate::workspace::{PolicyFiles, Workspace};
use crate::HashMap;

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
    /// List the pages made ([`Plan::pages`], for `watch`'s index); a
    /// build or check does not need the list.
    pub list_pages: bool,
    /// Run each backend's checks without making what is expensive to make
    /// (`check`: the PDF's labels, glyphs and size are checked, the PDF is
    /// not typeset). See [`RenderContext::validate_only`].
    pub validate_only: bool,
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

/// Receives each rendered file as soon as it is made, from any thread. A
/// later file with the same site and path replaces the earlier one (a page
/// re-rendered because a locale it links to was refused afterwards). Files
/// of locales refused by the end of the plan must be dropped by the
/// receiver: [`Plan::refused`] names them.
pub trait Sink: Sync {
    fn put(&self, output: Output);
}

/// A [`Sink`] that keeps every file in memory, in path order.
#[derive(Default)]
pub struct Collect(Mutex<BTreeMap<(Option<String>, PathBuf), Output>>);

impl Sink for Collect {
    fn put(&self, o: Output) {
        lock(&self.0).insert((o.site.clone(), o.path.clone()), o);
    }
}

impl Collect {
    /// The files, in (site, path) order, leaving out those of `refused` locales.
    pub fn into_outputs(self, refused: &BTreeSet<String>) -> Vec<Output> {
        self.0
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_values()
            .filter(|o| !refused.contains(&o.locale))
            .collect()
    }
}

/// A page the plan localized without errors (in a locale not refused).
#[derive(Clone, Debug)]
pub struct Page {
    pub policy: String,
    pub translation: Translation,
}

/// What a plan found; the files went to its [`Sink`].
pub struct Plan {
    /// Every file, for [`plan`] (which collects them); empty for [`plan_into`].
    pub outputs: Vec<Output>,
    /// Every page made, when the selection asks for the list.
    pub pages: Vec<Page>,
    pub diags: Vec<Diagnostic>,
    /// Locales with at least one error (refused).
    pub refused: BTreeSet<String>,
    /// Wall time of each stage, for `POLICYC_TIMINGS=1`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Localizes and renders the selection in memory. Also the whole of
/// `check`: a check is a build that writes nothing.
pub fn plan(ws: &Workspace, sel: &Selection) -> Plan {
    let sink = Collect::default();
    let mut plan = plan_into(ws, sel, &sink);
    plan.outputs = sink.into_outputs(&plan.refused);
    plan
}

/// What localizing and rendering one policy in every locale left behind
/// (the documents themselves are gone: rendered files went to the sink).
struct PolicyRun {
    diags: Vec<Diagnostic>,
    /// Its cross-locale findings (reported after every policy's
    /// localization diagnostics, as they refuse locales everywhere).
    analysis: Vec<Diagnostic>,
    /// Locales in which the policy has errors.
    failed: Vec<String>,
    /// The locales it localized cleanly, in workspace order.
    summaries: Vec<Translation>,
    /// How many locales its pages linked to when last rendered (refusals
    /// only ever remove some); `None` when not rendered.
    linked: Option<usize>,
    /// Locales whose rendering failed, with the reason.
    render_errors: Vec<(String, Diagnostic)>,
}

/// Localizes and renders the selection, handing each file to `sink` as
/// soon as it is rendered: one policy's documents at a time per thread, so
/// memory does not grow with the number of policies.
///
/// A page links to the locales of its policy that localized cleanly. When
/// a locale is refused later (an error in another policy, a cross-locale
/// finding), the pages that linked to it are rendered again without the
/// link; this only happens on builds that have errors.
pub fn plan_into(ws: &Workspace, sel: &Selection, sink: &dyn Sink) -> Plan {
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
                    Diagnostic::input(Code::UnknownPolicy, format!("there is no policy `{id}`"))
                        .hint(format!(
                            "policies in this workspace: {}",
                            ws.policies
                                .iter()
                                .map(|p| p.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
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
                        Code::UnknownLocale,
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
                Diagnostic::input(Code::UnknownFormat, format!("unknown output format `{f}`"))
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
            pages: Vec::new(),
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
        validate_only: sel.validate_only,
    };
    lap("setup", &mut timings);

    // Two documents must never write the same file (e.g. equal slugs).
    type Owner = (String, String, String);
    let owners: Mutex<HashMap<(Option<String>, PathBuf), Owner>> = Mutex::default();
    let clashes: Mutex<Vec<Diagnostic>> = Mutex::default();
    let emit = |o: Output| {
        let owner = (o.policy.clone(), o.locale.clone(), o.format.clone());
        let key = (o.site.clone(), o.path.clone());
        // The file's previous owner, when another document wrote it.
        let clash = match lock(&owners).entry(key) {
            std::collections::hash_map::Entry::Occupied(mut e) if *e.get() != owner => {
                Some((e.insert(owner.clone()), owner))
            }
            std::collections::hash_map::Entry::Occupied(_) => None,
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(owner);
                None
            }
        };
        if let Some((other, owner)) = clash {
            lock(&clashes).push(
                Diagnostic::input(
                    Code::OutputClash,
                    format!(
                        "policies `{}` and `{}` both write `{}`",
                        (&other.0).min(&owner.0),
                        (&other.0).max(&owner.0),
                        o.path.display()
                    ),
                )
                .locale(&o.locale)
                .hint("give the policies different slugs for this locale"),
            );
        }
        sink.put(o);
    };
    // Renders one document in every format; the failures, by locale.
    let render = |doc: Document, linked: &[Translation]| -> Vec<(String, Diagnostic)> {
        let mut doc = doc;
        doc.translations = linked
            .iter()
            .filter(|t| t.tag != doc.locale.tag)
            .cloned()
            .collect();
        let doc = Arc::new(doc);
        let mut failures = Vec::new();
        for r in &renderers {
            match r.render(&doc, &cx) {
                Ok(bytes) => emit(Output {
                    path: r.path(&doc),
                    bytes,
                    policy: doc.policy.clone(),
                    locale: doc.locale.tag.clone(),
                    format: r.name().to_string(),
                    site: r.site().map(str::to_string),
                }),
                Err(d) => failures.push((doc.locale.tag.clone(), d)),
            }
        }
        failures
    };

    // Each policy: localize it in every locale, then render the documents
    // that localized cleanly, linked to each other. In parallel across
    // policies; the results keep the policy order, so diagnostics do not
    // depend on thread scheduling. `check` renders only the first policy
    // (enough to find template and label problems, which do not depend on
    // the policy).
    let known_refused = refused.clone();
    let locale_tags: Vec<&str> = locales.iter().map(|l| l.tag.as_str()).collect();
    let mut runs: Vec<PolicyRun> = policies
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            // The policy's files, parsed here and freed when it is done.
            let files = PolicyFiles::new(ws, p);
            let localized: Vec<_> = locales
                .par_iter()
                .map(|l| localize(ws, &files, p, l))
                .collect();
            let mut run = PolicyRun {
                analysis: analyze_policy(ws, &files, p, &locale_tags),
                diags: Vec::new(),
                failed: Vec::new(),
                summaries: Vec::new(),
                linked: None,
                render_errors: Vec::new(),
            };
            let mut docs = Vec::new();
            for (l, result) in locales.iter().zip(localized) {
                if result.diags.iter().any(Diagnostic::is_error) {
                    run.failed.push(l.tag.clone());
                } else if let Some(doc) = result.doc {
                    run.summaries.push(translation_of(&doc));
                    if !known_refused.contains(&l.tag) {
                        docs.push(doc);
                    }
                }
                run.diags.extend(result.diags);
            }
            if !sel.sample_render || i == 0 {
                let linked: Vec<Translation> = run
                    .summaries
                    .iter()
                    .filter(|t| !known_refused.contains(&t.tag))
                    .cloned()
                    .collect();
                run.linked = Some(linked.len());
                run.render_errors = docs
                    .into_par_iter()
                    .flat_map_iter(|doc| render(doc, &linked))
                    .collect();
            }
            run
        })
        .collect();
    let mut render_errors = Vec::new();
    for run in &mut runs {
        diags.append(&mut run.diags);
        refused.extend(run.failed.iter().cloned());
        render_errors.append(&mut run.render_errors);
    }
    lap("localize+render+analyze", &mut timings);

    // Cross-locale findings (stale, inconsistent) refuse a locale too.
    let analysis = runs
        .iter_mut()
        .flat_map(|run| std::mem::take(&mut run.analysis))
        .chain(analyze_shared(ws, &locale_tags));
    for d in analysis {
        if d.is_error() {
            if let Some(l) = &d.locale {
                refused.insert(l.clone());
            }
        }
        diags.push(d);
    }
    lap("shared analysis", &mut timings);

    // Pages that linked to a locale refused since are rendered again
    // without the link (until no rendering fails any more).
    loop {
        for (tag, d) in render_errors.drain(..) {
            refused.insert(tag);
            diags.push(d);
        }
        if sel.sample_render {
            break;
        }
        let mut jobs = Vec::new();
        for (p, run) in policies.iter().zip(&mut runs) {
            let Some(linked) = &mut run.linked else {
                continue;
            };
            let now: Vec<Translation> = run
                .summaries
                .iter()
                .filter(|t| !refused.contains(&t.tag))
                .cloned()
                .collect();
            if now.len() == *linked {
                continue;
            }
            *linked = now.len();
            let now = Arc::new(now);
            for t in now.iter() {
                jobs.push((*p, t.tag.clone(), Arc::clone(&now)));
            }
        }
        if jobs.is_empty() {
            break;
        }
        render_errors = jobs
            .par_iter()
            .flat_map_iter(|(p, tag, linked)| {
                let l = locales
                    .iter()
                    .find(|l| &l.tag == tag)
                    .expect("a summarized locale is selected");
                localize(ws, &PolicyFiles::new(ws, p), p, l)
                    .doc
                    .map(|doc| render(doc, linked))
                    .unwrap_or_default()
            })
            .collect();
    }
    let mut clashes = clashes.into_inner().unwrap_or_else(|e| e.into_inner());
    clashes.sort_by(|a, b| a.message.cmp(&b.message));
    clashes.dedup_by(|a, b| a.message == b.message);
    diags.extend(clashes);
    let mut pages = Vec::new();
    if sel.list_pages {
        for (p, run) in policies.iter().zip(runs) {
            pages.extend(
                run.summaries
                    .into_iter()
                    .filter(|t| !refused.contains(&t.tag))
                    .map(|translation| Page {
                        policy: p.id.clone(),
                        translation,
                    }),
            );
        }
    }
    lap("render", &mut timings);
    Plan {
        outputs: Vec::new(),
        pages,
        diags,
        refused,
        timings,
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
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
    /// Whether `build` may write anything, given the workspace's policy for
    /// incomplete locales (it then writes the locales not refused).
    pub fn may_write(&self, on_incomplete: OnIncomplete) -> bool {
        if self
            .diags
            .iter()
            .any(|d| d.is_error() && d.class == Class::Input)
        {
            return false;
        }
        !(on_incomplete == OnIncomplete::Fail && self.diags.iter().any(Diagnostic::is_error))
    }
}

/// Resolves the absolute output directory of a workspace (see
/// [`resolve_output`]).
pub fn output_dir(ws: &Workspace, override_dir: Option<&Path>) -> PathBuf {
    resolve_output(&ws.root, &ws.config.workspace.output, override_dir)
}

/// The absolute output folder: `--out` relative to the current folder, or
/// `output` relative to the workspace, with `.` and `..` folded, so that
/// one folder has one name however it is spelled (`out`, `./out`, `out/`).
pub fn resolve_output(root: &Path, configured: &str, override_dir: Option<&Path>) -> PathBuf {
    let path = match override_dir {
        Some(p) => p.to_path_buf(),
        None => root.join(configured),
    };
    let path = std::path::absolute(&path).unwrap_or(path);
    let mut folded = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                folded.pop();
            }
            std::path::Component::CurDir => {}
            c => folded.push(c),
        }
    }
    folded
}

/// `path` with its existing part resolved (symbolic links followed), the
/// rest appended: where writing there would really land.
fn real_path(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut existing = path;
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut real = real;
            real.extend(rest.iter().rev());
            return real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Why policyc may not write the output folder `out_dir` or a site's
/// content folder: a folder that is or holds the workspace, is or lies in
/// one of its inputs, or (for the configured `output`) leads out of the
/// workspace through a symbolic link; a site folder that overlaps the
/// output folder.
fn check_places(
    ws: &Workspace,
    sel: &Selection,
    override_dir: Option<&Path>,
    out_dir: &Path,
) -> Vec<Diagnostic> {
    let config_file = Path::new(crate::workspace::CONFIG_FILE);
    let mut diags = Vec::new();
    let root = real_path(&ws.root);
    let out = match (out_dir.parent(), out_dir.file_name()) {
        (Some(parent), Some(name)) => real_path(parent).join(name),
        _ => out_dir.to_path_buf(),
    };
    // What is wrong with a folder policyc would write or clean.
    let conflict = |dir: &Path| -> Option<String> {
        if dir.file_name().is_none() || root.starts_with(dir) {
            return Some(format!(
                "is or contains the workspace `{}`",
                ws.root.display()
            ));
        }
        crate::config::INPUTS.iter().find_map(|input| {
            let at = real_path(&ws.root.join(input));
            (dir.starts_with(&at) || dir.starts_with(root.join(input)))
                .then(|| format!("is or lies inside the workspace's input `{input}`"))
        })
    };
    let why = conflict(&out).or_else(|| {
        (override_dir.is_none() && !out.starts_with(&root)).then(|| {
            format!(
                "leads out of the workspace, to `{}` (through a symbolic link)",
                out.display()
            )
        })
    });
    if let Some(why) = why {
        let d = match override_dir {
            Some(p) => Diagnostic::input(
                Code::BadOutput,
                format!("the output folder `--out {}` {why}", p.display()),
            )
            .hint("write to a folder of its own, e.g. `--out out`; policyc replaces it as a whole"),
            None => Diagnostic::input(
                Code::BadOutput,
                format!("output folder `{}` {why}", ws.config.workspace.output),
            )
            .at(config_file, ws.config.workspace.output_span.clone())
            .hint("use a folder of its own inside the workspace, such as `out`"),
        };
        diags.push(d);
    }
    if !sel.no_sites {
        for (name, site) in &ws.config.sites {
            let content = real_path(&ws.root.join(&site.content));
            let why = conflict(&content).or_else(|| {
                (content.starts_with(&out) || out.starts_with(&content)).then(|| {
                    format!(
                        "overlaps the output folder `{}`, which every build replaces",
                        out_dir.display()
                    )
                })
            });
            if let Some(why) = why {
                diags.push(
                    Diagnostic::input(
                        Code::BadSitePath,
                        format!("site `{name}`: content folder `{}` {why}", site.content),
                    )
                    .in_file(config_file)
                    .hint("point `content` at the site's own content folder, e.g. `../website/content`"),
                );
            }
        }
    }
    diags
}

/// How long a build waits for another build of the same output folder to
/// finish: `POLICYC_LOCK_TIMEOUT` seconds, 30 by default.
fn lock_wait() -> std::time::Duration {
    let secs = std::env::var("POLICYC_LOCK_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .unwrap_or(30.0);
    std::time::Duration::from_secs_f64(secs.min(86_400.0))
}

/// Takes the output folder for this build: checks where it is, waits for
/// its lock, and checks that it is policyc's to write (see
/// [`Staged::new`]).
fn open_output(
    ws: &Workspace,
    sel: &Selection,
    override_dir: Option<&Path>,
    out_dir: &Path,
) -> Result<Staged, Vec<Diagnostic>> {
    let diags = check_places(ws, sel, override_dir, out_dir);
    if !diags.is_empty() {
        return Err(diags);
    }
    let wait = lock_wait();
    let lock = match OutputLock::acquire(out_dir, wait) {
        Ok(lock) => lock,
        Err(LockError::Held { holder, .. }) => {
            return Err(vec![Diagnostic::input(
                Code::OutputLocked,
                format!(
                    "`{}` is being written by {holder}; waited {} s",
                    out_dir.display(),
                    wait.as_secs_f64()
                ),
            )
            .hint("let that build finish, then build again; POLICYC_LOCK_TIMEOUT sets how many seconds to wait")])
        }
        Err(LockError::Io(e)) => {
            return Err(vec![Diagnostic::input(
                Code::WriteFailed,
                format!("cannot write `{}`: {e}", out_dir.display()),
            )
            .hint("nothing was written; check the output folder's path and permissions")])
        }
    };
    Staged::new(out_dir, lock).map_err(|d| vec![d])
}

/// Prints stage timings to stderr when `POLICYC_TIMINGS` is set.
pub fn print_timings(timings: &[(&'static str, std::time::Duration)]) {
    if std::env::var_os("POLICYC_TIMINGS").is_some() {
        let parts: Vec<String> = timings
            .iter()
            .map(|(n, d)| format!("{n} {:.1} ms", d.as_secs_f64() * 1000.0))
            .collect();
        // Resident memory so far: with freed memory kept (see main.rs),
        // it shows which stage touched new pages.
        let rss = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .map(|v| format!(" (resident {})", v.trim()))
            })
            .unwrap_or_default();
        eprintln!("timings: {}{rss}", parts.join(", "));
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
/// (see [`Plan::may_write`]).
pub fn build(ws: &Workspace, sel: &Selection, out: Option<&Path>, clean: bool) -> BuildReport {
    build_with_inputs(ws, sel, out, clean, None)
}

/// The options of a build that change its output, for
/// [`crate::output::fingerprint`]. Not the output folder: the fingerprint
/// is kept in that folder's manifest, which must not depend on how the
/// folder was named.
pub fn options_key(sel: &Selection, clean: bool) -> String {
    format!(
        "policies={:?} locales={:?} formats={:?} no_sites={} clean={clean}",
        sel.policies, sel.locales, sel.formats, sel.no_sites
    )
}

/// Where a build's files go while it runs: the output folder's files
/// straight into its staging copy (so a build holds only the documents it
/// is rendering, not every page), a site's files in memory (they are
/// written file by file once the build is known to be writable).
struct BuildSink<'a> {
    staged: &'a Staged,
    sites: Collect,
}

impl Sink for BuildSink<'_> {
    fn put(&self, o: Output) {
        if o.site.is_some() {
            self.sites.put(o);
        } else {
            self.staged.put(&o);
        }
    }
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
    let out_dir = output_dir(ws, out);
    let opening = std::time::Instant::now();
    let staged = match open_output(ws, sel, out, &out_dir) {
        Ok(staged) => staged,
        Err(diags) => {
            return BuildReport {
                diags,
                written: Vec::new(),
                refused: BTreeSet::new(),
                timings: Vec::new(),
            }
        }
    };
    let sink = BuildSink {
        staged: &staged,
        sites: Collect::default(),
    };
    let opened = opening.elapsed();
    let mut plan = plan_into(ws, sel, &sink);
    plan.timings.insert(0, ("open output", opened));
    let writing = std::time::Instant::now();
    let write = plan.may_write(ws.config.workspace.on_incomplete);
    let mut diags = std::mem::take(&mut plan.diags);
    let mut written = Vec::new();
    if !write {
        staged.abandon();
        return BuildReport {
            diags,
            written,
            refused: plan.refused,
            timings: plan.timings,
        };
    }
    let refused = &plan.refused;
    let site_outputs = sink.sites.into_outputs(refused);
    // Sites first: the output folder's manifest, written last, records
    // the fingerprint of a build that fully succeeded. Every site's pages
    // are prepared (written beside their place) before any is put in
    // place: a failure to prepare leaves every folder as it was.
    let mut failed = false;
    let mut sites = Vec::new();
    for (name, site) in &ws.config.sites {
        let mine: Vec<&Output> = site_outputs
            .iter()
            .filter(|o| o.site.as_deref() == Some(name))
            .collect();
        if mine.is_empty() {
            continue;
        }
        let dir = ws.root.join(&site.content);
        match crate::output::prepare_site(&dir, &mine, clean) {
            Ok(prepared) => sites.push((name, dir, mine.len(), prepared)),
            Err(e) => {
                diags.push(site_write_failed(name, &dir, &e));
                failed = true;
                break;
            }
        }
    }
    if failed {
        staged.abandon();
        plan.timings.push(("write", writing.elapsed()));
        return BuildReport {
            diags,
            written,
            refused: plan.refused,
            timings: plan.timings,
        };
    }
    for (name, dir, total, prepared) in sites {
        match prepared.commit() {
            Ok((stats, warnings)) => {
                diags.extend(warnings);
                written.push(Written {
                    dir,
                    site: Some(name.clone()),
                    total,
                    stats,
                });
            }
            Err(e) => {
                diags.push(site_write_failed(name, &dir, &e));
                failed = true;
            }
        }
    }
    if failed || staged.is_empty() {
        staged.abandon();
    } else {
        let complete = !diags.iter().any(Diagnostic::is_error);
        let inputs = inputs.filter(|_| complete);
        match staged.finish(|locale| !refused.contains(locale), clean, inputs) {
            Ok(done) => {
                diags.extend(done.warnings);
                written.push(Written {
                    dir: out_dir.clone(),
                    site: None,
                    total: done.total,
                    stats: done.stats,
                });
            }
            Err(e) => diags.push(
                Diagnostic::input(
                    Code::WriteFailed,
                    format!("cannot write `{}`: {e}", out_dir.display()),
                )
                .hint("the previous output was left as it was; check permissions and free space"),
            ),
        }
    }
    plan.timings.push(("write", writing.elapsed()));
    BuildReport {
        diags,
        written,
        refused: plan.refused,
        timings: plan.timings,
    }
}

fn site_write_failed(name: &str, dir: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::input(
        Code::WriteFailed,
        format!("cannot write site `{name}` in `{}`: {e}", dir.display()),
    )
    .hint("no page was changed; check the site's `content` folder in policyc.toml and its permissions")
}

/// The fast path of `policyc build`: the fingerprint of this build's inputs
/// and options, and `Some(files)` when the last complete build had the same
/// fingerprint and its files are all still there (nothing to do).
pub fn check_unchanged(
    root: &Path,
    sel: &Selection,
    out: Option<&Path>,
    clean: bool,
    sources: &crate::diag::SourceMap,
) -> (Option<String>, Option<usize>) {
    let Ok(src) = crate::source::read(
        root,
        Path::new(crate::workspace::CONFIG_FILE),
        &crate::diag::SourceMap::default(),
    ) else {
        return (None, None);
    };
    let Ok(config) = crate::config::Config::parse(&src) else {
        return (None, None);
    };
    let Ok(fp) = crate::output::fingerprint(root, &options_key(sel, clean), sources) else {
        return (None, None);
    };
    let out_dir = resolve_output(root, &config.workspace.output, out);
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
    if files.is_some() {
        // Nothing to write; but what an interrupted build left goes.
        crate::output::remove_leftovers(&out_dir);
    }
    (Some(fp), files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_folder_has_one_name_however_it_is_spelled() {
        let root = Path::new("/ws");
        let configured = resolve_output(root, "out", None);
        assert_eq!(configured, Path::new("/ws/out"));
        for spelled in ["/ws/out", "/ws/./out/", "/ws/out/.", "/ws/x/../out"] {
            assert_eq!(
                resolve_output(root, "ignored", Some(Path::new(spelled))),
                configured,
                "{spelled}"
            );
        }
        assert_eq!(resolve_output(root, "./out/", None), configured);
        assert_eq!(
            resolve_output(root, "x", Some(Path::new("/.."))),
            Path::new("/")
        );
    }

    #[test]
    fn the_options_key_does_not_name_the_output_folder() {
        let sel = Selection::default();
        assert_eq!(options_key(&sel, false), options_key(&sel.clone(), false));
        assert_ne!(options_key(&sel, false), options_key(&sel, true));
    }
}
