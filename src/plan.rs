//! The pipeline from a selection to rendered files, in stages:
//!
//! ```text
//! select     Targets::select      which policies, locales and formats
//! load       Workspace::load      (done by the caller)
//! localize   Stages::policy       each policy in every locale, analysed,
//!                                 each document checked by every renderer
//! render     Stages::document     and rendered while it is in cache, linked
//!                                 to the policy's clean translations, into
//!                                 a Sink; in parallel across policies
//! decide     publish::published   which locales are published
//! correct    Stages::withdraw     a locale refused by another policy or the
//!                                 analysis: its pages are withdrawn, the
//!                                 pages linking to it rendered again
//! ```
//!
//! Rendering comes before the decision so that no build holds every
//! document in memory (on 1,000 policies that was 160 MB, and a third of
//! the build's time went to the fresh memory). The correction runs only in
//! a build that may write with a locale refused: with no error, and in any
//! build that may not write, each page is rendered once.
//!
//! Writing is [`crate::build`]'s: a check is a plan that writes nothing.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::analyze::{analyze_policy, analyze_shared};
use crate::diag::{Class, Code, Diagnostic};
use crate::doc::{Document, Translation};
use crate::localize::localize;
use crate::output::{Collect, Output, Sink};
use crate::policy::Policy;
use crate::publish::{self, Decision};
use crate::render::{self, Format, RenderContext, Renderer};
use crate::workspace::{LocaleData, PolicyFiles, Workspace};
use crate::HashMap;

/// What to build (how far to go is the [`Mode`]).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Policy ids; empty = all.
    pub policies: Vec<String>,
    /// Locale tags, site codes or more specific tags; empty = all.
    pub locales: Vec<String>,
    /// Format names; empty = the workspace's `formats`.
    pub formats: Vec<String>,
    /// Leave out the `[sites.*]` targets.
    pub no_sites: bool,
}

/// How far a plan goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Every page, in every format.
    #[default]
    Build,
    /// `check`: every policy is localized and analysed, but only the first
    /// policy's documents are checked and rendered (template and label
    /// problems do not depend on the policy), and the PDF is typeset only
    /// with `typeset_pdf` (its checks always run).
    Check { typeset_pdf: bool },
    /// `serve`: as [`Mode::Build`], but the documents of refused locales
    /// are handed to the sink too, so that one policy's error never hides
    /// another policy's page in the preview, and a document with errors
    /// goes as far as it was built ([`crate::localize::Localized::partial`]).
    Preview,
}

/// What a selection resolves to in a workspace.
pub struct Targets<'w> {
    pub policies: Vec<&'w Arc<Policy>>,
    pub locales: Vec<&'w LocaleData>,
    /// The output folder's formats, then each site's Markdown.
    pub renderers: Vec<Box<dyn Renderer>>,
}

impl<'w> Targets<'w> {
    /// Resolves a selection; what it names that does not exist is an
    /// input error.
    pub fn select(ws: &'w Workspace, sel: &Selection, diags: &mut Vec<Diagnostic>) -> Self {
        Targets {
            policies: select_policies(ws, &sel.policies, diags),
            locales: select_locales(ws, &sel.locales, diags),
            renderers: select_renderers(ws, sel, diags),
        }
    }

    /// Whether a format for paper (PDF, print HTML) is built, where
    /// relative links need a base URL.
    fn on_paper(&self) -> bool {
        (self.renderers.iter()).any(|r| matches!(r.format(), Format::Pdf | Format::Print))
    }

    fn locale_tags(&self) -> Vec<&'w str> {
        self.locales.iter().map(|l| l.tag.as_str()).collect()
    }
}

fn select_policies<'w>(
    ws: &'w Workspace,
    ids: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Vec<&'w Arc<Policy>> {
    if ids.is_empty() {
        return ws.policies.iter().collect();
    }
    let known = || {
        let ids: Vec<&str> = ws.policies.iter().map(|p| p.id.as_str()).collect();
        format!("policies in this workspace: {}", ids.join(", "))
    };
    let mut found = Vec::new();
    for id in ids {
        match ws.policies.iter().find(|p| &p.id == id) {
            Some(p) => found.push(p),
            None => diags.push(
                Diagnostic::new(Code::UnknownPolicy, format!("there is no policy `{id}`"))
                    .hint(known()),
            ),
        }
    }
    found
}

fn select_locales<'w>(
    ws: &'w Workspace,
    wanted: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Vec<&'w LocaleData> {
    if wanted.is_empty() {
        return ws.locales.iter().collect();
    }
    let mut found = Vec::new();
    for w in wanted {
        match ws.config.resolve_locale(w).and_then(|t| ws.locale(t)) {
            Some(l) => found.push(l),
            None => diags.push(
                Diagnostic::new(
                    Code::UnknownLocale,
                    format!("the workspace has no locale `{w}`"),
                )
                .hint(format!(
                    "locales: {}; add a locale to `locales` in policyc.toml",
                    ws.config.workspace.locales.join(", ")
                )),
            ),
        }
    }
    found
}

fn select_renderers(
    ws: &Workspace,
    sel: &Selection,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Box<dyn Renderer>> {
    let names = if sel.formats.is_empty() {
        &ws.config.workspace.formats
    } else {
        &sel.formats
    };
    let mut renderers = Vec::new();
    for name in names {
        let Some(format) = Format::from_name(name) else {
            let formats: Vec<&str> = Format::names().collect();
            diags.push(
                Diagnostic::new(
                    Code::UnknownFormat,
                    format!("unknown output format `{name}`"),
                )
                .hint(format!("formats: {}", formats.join(", "))),
            );
            continue;
        };
        match render::renderer(format) {
            Ok(r) => renderers.push(r),
            Err(d) => diags.push(d),
        }
    }
    if !sel.no_sites {
        for (name, site) in &ws.config.sites {
            renderers.push(Box::new(render::markdown::SiteMarkdown::new(
                name,
                site,
                &ws.config.markdown,
            )));
        }
    }
    renderers
}

/// A page of a published locale.
#[derive(Clone, Debug)]
pub struct Page {
    pub policy: String,
    pub translation: Translation,
}

/// What a plan found; the files went to its [`Sink`].
pub struct Plan {
    /// Every file, for [`plan`] (which collects them); empty for [`plan_into`].
    pub outputs: Vec<Output>,
    /// Every page of a published locale.
    pub pages: Vec<Page>,
    pub diags: Vec<Diagnostic>,
    /// Locales with at least one error (refused).
    pub refused: std::collections::BTreeSet<String>,
    /// Whether a build may write what it rendered ([`publish::may_write`]).
    pub may_write: bool,
    /// Wall time of each stage, for `POLICYC_TIMINGS=1`.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Plan {
    fn stopped(diags: Vec<Diagnostic>, timings: Vec<(&'static str, Duration)>) -> Plan {
        Plan {
            outputs: Vec::new(),
            pages: Vec::new(),
            refused: publish::refused_at_load(&diags)
                .map(str::to_string)
                .collect(),
            diags,
            may_write: false,
            timings,
        }
    }
}

/// Plans in memory, keeping every file: what `check` and `serve` use.
pub fn plan(ws: &Workspace, sel: &Selection, mode: Mode) -> Plan {
    let sink = Collect::default();
    let mut plan = plan_into(ws, sel, mode, &sink);
    plan.outputs = sink.into_outputs();
    plan
}

/// Runs the stages, handing each file to `sink` as soon as it is
/// rendered. When the plan may write, the sink ends up holding exactly the
/// pages of the published locales, each linked only to published
/// translations.
pub fn plan_into(ws: &Workspace, sel: &Selection, mode: Mode, sink: &dyn Sink) -> Plan {
    let mut clock = Lap::default();
    let mut diags = ws.load_diags.clone();
    let targets = Targets::select(ws, sel, &mut diags);
    let templates = render::load_templates(&ws.root, &ws.sources)
        .map_err(|d| diags.extend(d))
        .ok();
    let Some(templates) = templates.filter(|_| !diags.iter().any(|d| d.class == Class::Input))
    else {
        return Plan::stopped(diags, clock.done("setup"));
    };
    let cx = RenderContext {
        config: &ws.config,
        templates: &templates,
        sources: &ws.sources,
        validate_only: mode == Mode::Check { typeset_pdf: false },
    };
    let tags = targets.locale_tags();
    let stages = Stages {
        ws,
        targets: &targets,
        cx: &cx,
        mode,
        owners: Owners::default(),
        sink,
    };
    clock.lap("setup");

    let at_load: BTreeSet<String> = publish::refused_at_load(&ws.load_diags)
        .map(str::to_string)
        .collect();
    let verb = match mode {
        Mode::Check { .. } => "checking",
        _ => "building",
    };
    crate::progress::stage(verb, targets.policies.len());
    let mut runs: Vec<Run> = targets
        .policies
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let run = stages.policy(i, p, &at_load);
            crate::progress::inc();
            run
        })
        .collect();
    let shared = analyze_shared(ws, &tags);
    clock.lap("localize+analyze+render");

    let decision = decide(&tags, &at_load, &runs, &shared);
    let late = runs.iter().any(|r| !r.late.is_empty());
    let clashes = stages.owners.clashes();
    let found = runs.iter().flat_map(Run::findings).chain(&shared);
    let errors = diags.iter().chain(found).chain(&clashes);
    let may_write = publish::may_write(errors, late, ws.config.workspace.on_incomplete);
    clock.lap("decide");

    // Pages are rendered optimistically, linked to every locale their
    // policy localized cleanly in. A locale refused by another policy or
    // by the analysis is corrected for when the plan may write: its pages
    // are withdrawn and the policies that linked to it are rendered again.
    // A clean build (and every build that may not write) renders each page
    // once. The preview shows every locale, refused or not.
    if may_write && mode != Mode::Preview {
        let stale: Vec<usize> = (0..runs.len())
            .filter(|&i| runs[i].links_any(&decision.refused))
            .collect();
        let redone: Vec<(usize, Run)> = stale
            .par_iter()
            .map(|&i| {
                stages.withdraw(&runs[i], &decision.refused);
                (i, stages.policy(i, targets.policies[i], &decision.refused))
            })
            .collect();
        for (i, run) in redone {
            runs[i] = run;
        }
        clock.lap("render again");
    }

    for run in &mut runs {
        diags.append(&mut run.diags);
    }
    for run in &mut runs {
        diags.append(&mut run.analysis);
    }
    diags.extend(shared);
    for run in &mut runs {
        diags.extend(run.late.drain(..).map(|(_, d)| d));
    }
    diags.extend(clashes);
    crate::diag::follow::drop_follow_ups(&mut diags);
    let pages = targets
        .policies
        .iter()
        .zip(&runs)
        .flat_map(|(p, run)| {
            let published = run.translations.iter();
            published
                .filter(|t| mode == Mode::Preview || decision.publishes(&t.tag))
                .map(|t| Page {
                    policy: p.id.clone(),
                    translation: t.clone(),
                })
        })
        .collect();
    Plan {
        outputs: Vec::new(),
        pages,
        may_write,
        diags,
        refused: decision.refused,
        timings: clock.done("collect"),
    }
}

/// The decide stage: a locale is refused by an error at load, in any
/// policy's localization, renderer checks or rendering, or in the
/// analysis.
fn decide(
    tags: &[&str],
    at_load: &BTreeSet<String>,
    runs: &[Run],
    shared: &[Diagnostic],
) -> Decision {
    let failed = runs.iter().flat_map(|r| {
        let late = r.late.iter().map(|(tag, _)| tag);
        r.failed.iter().chain(late).map(String::as_str)
    });
    let analysis = runs.iter().flat_map(|r| &r.analysis).chain(shared);
    let refusing = analysis
        .filter(|d| d.is_error())
        .filter_map(|d| d.locale.as_deref());
    let found = at_load
        .iter()
        .map(String::as_str)
        .chain(failed)
        .chain(refusing);
    publish::published(tags, found)
}

/// One policy, localized in every selected locale, analysed and rendered.
struct Run {
    /// Every locale it localized cleanly in, in workspace order.
    translations: Vec<Translation>,
    /// The locales its rendered pages link to (empty when none was
    /// rendered).
    linked: Vec<String>,
    /// The files it gave the sink, with their locale.
    put: Vec<(FileKey, String)>,
    /// Locales in which it has errors (localizing, a renderer's checks).
    failed: Vec<String>,
    /// Renderings that failed after their checks passed, by locale.
    late: Vec<(String, Diagnostic)>,
    diags: Vec<Diagnostic>,
    /// Its cross-locale findings (stale, inconsistent).
    analysis: Vec<Diagnostic>,
}

impl Run {
    /// Whether its pages link to (or are of) one of `locales`.
    fn links_any(&self, locales: &BTreeSet<String>) -> bool {
        self.linked.iter().any(|t| locales.contains(t))
    }

    /// Everything it found.
    fn findings(&self) -> impl Iterator<Item = &Diagnostic> {
        let late = self.late.iter().map(|(_, d)| d);
        self.diags.iter().chain(&self.analysis).chain(late)
    }
}

/// What every policy's run shares.
struct Stages<'a> {
    ws: &'a Workspace,
    targets: &'a Targets<'a>,
    cx: &'a RenderContext<'a>,
    mode: Mode,
    owners: Owners,
    sink: &'a dyn Sink,
}

impl Stages<'_> {
    /// Localizes one policy in every selected locale (in parallel),
    /// analyses it across locales, checks each clean document with every
    /// renderer and renders it, linked to the policy's clean translations
    /// outside `refused`. The policy's files are parsed here and freed when
    /// it is done, and its pages go to the sink while they are in cache.
    /// Documents of a `refused` locale are not rendered: their pages would
    /// not be written, and their errors are reported already.
    fn policy(&self, i: usize, p: &Policy, refused: &BTreeSet<String>) -> Run {
        let (ws, targets) = (self.ws, self.targets);
        let files = PolicyFiles::new(ws, p);
        let localized: Vec<_> = targets
            .locales
            .par_iter()
            .map(|l| localize(ws, &files, p, l))
            .collect();
        let mut run = Run {
            translations: Vec::new(),
            linked: Vec::new(),
            put: Vec::new(),
            failed: Vec::new(),
            late: Vec::new(),
            diags: Vec::new(),
            analysis: analyze_policy(ws, &files, p, &targets.locale_tags()),
        };
        // `check` renders only the first policy: template and label
        // problems do not depend on the policy.
        let renders = !matches!(self.mode, Mode::Check { .. }) || i == 0;
        let mut docs = Vec::new();
        for (l, result) in targets.locales.iter().zip(localized) {
            if result.diags.iter().any(Diagnostic::is_error) {
                run.failed.push(l.tag.clone());
            }
            run.diags.extend(result.diags);
            // The preview shows a page with errors as far as it was built.
            let partial = result.partial.filter(|_| self.mode == Mode::Preview);
            let Some(doc) = result
                .doc
                .filter(|_| !run.failed.contains(&l.tag))
                .or(partial)
            else {
                continue;
            };
            run.translations.push(translation_of(&doc));
            if self.targets.on_paper() && render::links::base_url(&ws.config).is_none() {
                if let Some(d) =
                    render::links::unresolved(&doc, p, &l.file_path(&p.id), &ws.sources)
                {
                    render::links::add_once(&mut run.diags, d);
                }
            }
            if !renders || refused.contains(&l.tag) {
                continue;
            }
            let mut passed = Vec::new();
            for (r, renderer) in targets.renderers.iter().enumerate() {
                match render::check(renderer.as_ref(), &doc, self.cx) {
                    Ok(()) => passed.push(r),
                    Err(d) => {
                        run.failed.push(l.tag.clone());
                        run.diags.push(d);
                    }
                }
            }
            docs.push((doc, passed));
        }
        if docs.is_empty() {
            return run;
        }
        let links: Vec<Translation> = run
            .translations
            .iter()
            .filter(|t| !refused.contains(&t.tag))
            .cloned()
            .collect();
        run.linked = links.iter().map(|t| t.tag.clone()).collect();
        for (doc, passed) in docs {
            let publish = self.mode == Mode::Preview || !run.failed.contains(&doc.locale.tag);
            self.document(doc, &passed, &links, publish, &mut run);
        }
        run
    }

    /// Renders one document, linked to `links`, in the formats whose
    /// checks it `passed`; with `publish`, its files go to the sink.
    fn document(
        &self,
        mut doc: Document,
        passed: &[usize],
        links: &[Translation],
        publish: bool,
        run: &mut Run,
    ) {
        doc.translations = links
            .iter()
            .filter(|t| t.tag != doc.locale.tag)
            .cloned()
            .collect();
        let doc = Arc::new(doc);
        for r in passed.iter().map(|&i| &self.targets.renderers[i]) {
            match r.render(&doc, self.cx) {
                Ok(bytes) => {
                    let o = Output {
                        path: r.path(&doc),
                        bytes,
                        policy: doc.policy.clone(),
                        locale: doc.locale.tag.clone(),
                        format: r.name().to_string(),
                        site: r.site().map(str::to_string),
                    };
                    self.owners.claim(&o);
                    if publish {
                        run.put
                            .push(((o.site.clone(), o.path.clone()), o.locale.clone()));
                        self.sink.put(o);
                    }
                }
                Err(d) => run.late.push((doc.locale.tag.clone(), d)),
            }
        }
    }

    /// Takes back the files of a run's `refused` locales from the sink.
    fn withdraw(&self, run: &Run, refused: &BTreeSet<String>) {
        for ((site, path), locale) in &run.put {
            if refused.contains(locale) {
                self.sink.withdraw(site.as_deref(), path);
            }
        }
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

/// A file: its site (`None` for the output folder) and its path there.
type FileKey = (Option<String>, PathBuf);
/// The document that wrote a file: policy, locale and format.
type Owner = (String, String, String);

/// Which document wrote each file: two must never write the same one
/// (equal slugs, say).
#[derive(Default)]
struct Owners {
    files: Mutex<HashMap<FileKey, Owner>>,
    clashes: Mutex<Vec<Diagnostic>>,
}

impl Owners {
    fn claim(&self, o: &Output) {
        let owner = (o.policy.clone(), o.locale.clone(), o.format.clone());
        let key = (o.site.clone(), o.path.clone());
        let other = match lock(&self.files).insert(key, owner.clone()) {
            Some(other) if other != owner => other,
            _ => return,
        };
        let (a, b) = if other.0 <= owner.0 {
            (&other.0, &owner.0)
        } else {
            (&owner.0, &other.0)
        };
        lock(&self.clashes).push(
            Diagnostic::new(
                Code::OutputClash,
                format!("policies `{a}` and `{b}` both write `{}`", o.path.display()),
            )
            .locale(&o.locale)
            .hint("give the policies different slugs for this locale"),
        );
    }

    /// One diagnostic per clash, in a stable order.
    fn clashes(&self) -> Vec<Diagnostic> {
        let mut clashes = std::mem::take(&mut *lock(&self.clashes));
        clashes.sort_by(|a, b| a.message.cmp(&b.message));
        clashes.dedup_by(|a, b| a.message == b.message);
        clashes
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The wall time of each stage.
struct Lap {
    since: Instant,
    timings: Vec<(&'static str, Duration)>,
}

impl Default for Lap {
    fn default() -> Self {
        Lap {
            since: Instant::now(),
            timings: Vec::new(),
        }
    }
}

impl Lap {
    fn lap(&mut self, stage: &'static str) {
        self.timings.push((stage, self.since.elapsed()));
        self.since = Instant::now();
    }

    fn done(mut self, stage: &'static str) -> Vec<(&'static str, Duration)> {
        self.lap(stage);
        self.timings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;

    /// Counts what reaches the sink, by (site, path): how often it was put,
    /// and the file (`None` once withdrawn).
    #[derive(Default)]
    struct Count(Mutex<HashMap<FileKey, (usize, Option<Output>)>>);

    impl Sink for Count {
        fn put(&self, o: Output) {
            let mut files = lock(&self.0);
            let entry = files.entry((o.site.clone(), o.path.clone()));
            let (n, file) = entry.or_insert((0, None));
            *n += 1;
            *file = Some(o);
        }

        fn withdraw(&self, site: Option<&str>, path: &Path) {
            let mut files = lock(&self.0);
            if let Some((_, file)) = files.get_mut(&(site.map(str::to_string), path.into())) {
                *file = None;
            }
        }
    }

    impl Count {
        /// The files the sink holds in the end, with how often each was put.
        fn held(self) -> Vec<(usize, Output)> {
            let files = self.0.into_inner().expect("the files");
            let held = files.into_values().filter_map(|(n, o)| Some((n, o?)));
            held.collect()
        }

        fn puts(&self) -> usize {
            lock(&self.0).values().map(|(n, _)| n).sum()
        }
    }

    /// The shipped examples in a temporary folder, with `da` broken in one
    /// policy only (an unknown variable in `dpa.ftl`) and, with
    /// `skip_locale`, `on-incomplete = "skip-locale"`.
    fn examples_with_da_broken_in_dpa(skip_locale: bool) -> tempfile::TempDir {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("a temporary folder");
        let copy = |rel: &str| {
            let (from, to) = (root.join(rel), dir.path().join(rel));
            std::fs::create_dir_all(to.parent().expect("a parent")).expect("a folder");
            std::fs::copy(from, to).expect("a copy");
        };
        copy("policyc.toml");
        copy("policyc.lock");
        for folder in [
            "policies",
            "locales/en",
            "locales/da",
            "locales/sv",
            "locales/nb",
        ] {
            for e in std::fs::read_dir(root.join(folder)).expect("the examples") {
                let name = e.expect("an entry").file_name();
                copy(&format!("{folder}/{}", name.to_string_lossy()));
            }
        }
        let dpa = dir.path().join("locales/da/dpa.ftl");
        let text = std::fs::read_to_string(&dpa).expect("dpa.ftl");
        let broken = text.replacen("\npolicy = ", "\npolicy = { $no-such-fact } ", 1);
        assert_ne!(broken, text, "the examples' dpa.ftl has a `policy` message");
        std::fs::write(&dpa, broken).expect("a write");
        if skip_locale {
            let config = dir.path().join("policyc.toml");
            let text = std::fs::read_to_string(&config).expect("policyc.toml");
            let skip = text.replacen(
                "on-incomplete = \"fail\"",
                "on-incomplete = \"skip-locale\"",
                1,
            );
            assert_ne!(skip, text, "the examples' policyc.toml sets on-incomplete");
            std::fs::write(&config, skip).expect("a write");
        }
        dir
    }

    use std::path::Path;

    fn html_only() -> Selection {
        Selection {
            formats: vec!["html".into()],
            no_sites: true,
            ..Selection::default()
        }
    }

    fn load(dir: &Path) -> (Workspace, SourceMap) {
        let sources = SourceMap::default();
        let (ws, _) = Workspace::load(dir, &sources);
        (ws.expect("the examples load"), sources)
    }

    #[test]
    fn a_locale_refused_by_one_policy_gets_no_page_and_no_link_in_any_policy() {
        let dir = examples_with_da_broken_in_dpa(true);
        let (ws, _sources) = load(dir.path());
        let sink = Count::default();
        let plan = plan_into(&ws, &html_only(), Mode::Build, &sink);
        assert_eq!(plan.refused, ["da".to_string()].into());
        assert!(
            plan.may_write,
            "on-incomplete = skip-locale writes the rest"
        );
        let files = sink.held();
        // Both policies in en, sv and nb; none in da, the privacy notice
        // included, though it localized cleanly in da.
        assert_eq!(files.len(), 6);
        for (_, o) in &files {
            assert_ne!(o.locale, "da");
            let page = String::from_utf8_lossy(&o.bytes);
            assert!(!page.contains("hreflang=\"da\""), "{}", o.path.display());
            assert!(page.contains("hreflang=\"sv\"") || o.locale == "sv");
        }
        assert!(plan.pages.iter().all(|p| p.translation.tag != "da"));
        assert_eq!(plan.pages.len(), 6);
    }

    #[test]
    fn a_build_that_may_not_write_renders_each_page_once() {
        let dir = examples_with_da_broken_in_dpa(false);
        let (ws, _sources) = load(dir.path());
        let sink = Count::default();
        let plan = plan_into(&ws, &html_only(), Mode::Build, &sink);
        assert_eq!(plan.refused, ["da".to_string()].into());
        assert!(!plan.may_write, "on-incomplete = fail writes nothing");
        // Both policies in en, sv and nb, and the privacy notice in da.
        assert_eq!(sink.puts(), 7);
        assert!(sink.held().iter().all(|(n, _)| *n == 1));
        assert!(plan.pages.iter().all(|p| p.translation.tag != "da"));
    }

    #[test]
    fn a_clean_build_renders_each_page_once() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (ws, _sources) = load(root);
        let sink = Count::default();
        let plan = plan_into(&ws, &html_only(), Mode::Build, &sink);
        assert!(plan.may_write && plan.refused.is_empty());
        let files = sink.held();
        assert_eq!(files.len(), plan.pages.len());
        assert!(files.iter().all(|(n, _)| *n == 1));
    }

    #[test]
    fn a_selection_naming_what_does_not_exist_stops_before_localizing() {
        let sources = SourceMap::default();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (ws, _) = Workspace::load(root, &sources);
        let ws = ws.expect("the examples load");
        let sel = Selection {
            policies: vec!["nope".into()],
            formats: vec!["docx".into()],
            ..Selection::default()
        };
        let plan = plan(&ws, &sel, Mode::Build);
        let codes: Vec<Code> = plan.diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::UnknownPolicy, Code::UnknownFormat]);
        assert!(plan.outputs.is_empty() && !plan.may_write);
    }
}
