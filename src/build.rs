//! `policyc build`: runs the [plan](crate::plan) and writes what it
//! rendered: the output folder atomically, then each site's content folder.
//!
//! Nothing is put in place until everything is rendered, and the output
//! directory is replaced as a whole: a failed or interrupted build leaves
//! the previous output as it was, and files whose bytes did not change keep
//! their inode and modification time.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic};
use crate::output::{Collect, LockError, Output, OutputLock, Sink, Staged};
use crate::plan::{plan_into, Mode, Selection};
use crate::workspace::Workspace;

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
    let config_file = Path::new(crate::config::CONFIG_FILE);
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
            Some(p) => Diagnostic::new(
                Code::BadOutput,
                format!("the output folder `--out {}` {why}", p.display()),
            )
            .hint("write to a folder of its own, e.g. `--out out`; policyc replaces it as a whole"),
            None => Diagnostic::new(
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
                    Diagnostic::new(
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
            return Err(vec![Diagnostic::new(
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
            return Err(vec![Diagnostic::new(
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
/// (see [`crate::publish::may_write`]).
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

    fn withdraw(&self, site: Option<&str>, path: &Path) {
        if site.is_some() {
            self.sites.withdraw(site, path);
        } else {
            self.staged.withdraw(path);
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
    let mut plan = plan_into(ws, sel, Mode::Build, &sink);
    plan.timings.insert(0, ("open output", opened));
    let writing = std::time::Instant::now();
    let mut diags = std::mem::take(&mut plan.diags);
    let mut written = Vec::new();
    if !plan.may_write {
        staged.abandon();
        return BuildReport {
            diags,
            written,
            refused: plan.refused,
            timings: plan.timings,
        };
    }
    let site_outputs = sink.sites.into_outputs();
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
        match staged.finish(clean, inputs) {
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
                Diagnostic::new(
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
    Diagnostic::new(
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
        Path::new(crate::config::CONFIG_FILE),
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
