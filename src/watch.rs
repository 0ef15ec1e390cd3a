//! `policyc watch`: rebuild on save. It watches the workspace's inputs
//! (policyc.toml, policyc.lock, glossary.toml and glossary/, policies/,
//! locales/, templates/) and, on a
//! change, reloads the workspace and rebuilds only the policies and
//! locales the changed file affects. `serve` ([`crate::serve`]) watches
//! the same inputs.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};

use crate::build::build;
use crate::check::exit_code;
use crate::config::CONFIG_FILE;
use crate::diag::{self, Diagnostic, SourceMap};
use crate::plan::Selection;
use crate::workspace::Workspace;

/// How long to wait for more events after the first one: an editor's save
/// is often several events (write, rename, chmod).
const DEBOUNCE: Duration = Duration::from_millis(25);

/// What a changed file affects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Affected {
    /// Configuration, lock or template: everything.
    All,
    /// One policy in every locale.
    Policy(String),
    /// One policy in one locale.
    PolicyLocale(String, String),
    /// Every policy in one locale (`_shared.ftl`).
    Locale(String),
    /// Not an input.
    Nothing,
}

/// Classifies a changed path (relative to the workspace).
pub fn affected(rel: &Path, reference: &str) -> Affected {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match parts.as_slice() {
        [CONFIG_FILE] | [crate::lock::LOCK_FILE] => Affected::All,
        ["templates", ..] => Affected::All,
        // The glossary's terms apply to every policy in every locale.
        [crate::glossary::GLOSSARY_FILE] | [crate::glossary::GLOSSARY_DIR, ..] => Affected::All,
        ["policies", file] if file.ends_with(".toml") => {
            Affected::Policy(file.trim_end_matches(".toml").to_string())
        }
        ["locales", tag, file] if file.ends_with(".ftl") => {
            let stem = file.trim_end_matches(".ftl");
            // The reference text feeds every locale's stale and consistency checks.
            match (stem == "_shared", *tag == reference) {
                (true, true) => Affected::All,
                (true, false) => Affected::Locale(tag.to_string()),
                (false, true) => Affected::Policy(stem.to_string()),
                (false, false) => Affected::PolicyLocale(stem.to_string(), tag.to_string()),
            }
        }
        _ => Affected::Nothing,
    }
}

/// The selection that rebuilds what a set of changes affects.
pub fn selection_for(changes: &[Affected]) -> Option<Selection> {
    let relevant: Vec<&Affected> = changes
        .iter()
        .filter(|a| **a != Affected::Nothing)
        .collect();
    if relevant.is_empty() {
        return None;
    }
    if relevant.iter().any(|a| **a == Affected::All) {
        return Some(Selection::default());
    }
    let mut policies = Vec::new();
    let mut locales = Vec::new();
    let mut all_policies = false;
    let mut all_locales = false;
    for a in relevant {
        match a {
            Affected::Policy(p) => {
                policies.push(p.clone());
                all_locales = true;
            }
            Affected::PolicyLocale(p, l) => {
                policies.push(p.clone());
                locales.push(l.clone());
            }
            Affected::Locale(l) => {
                locales.push(l.clone());
                all_policies = true;
            }
            Affected::All | Affected::Nothing => {}
        }
    }
    policies.sort();
    policies.dedup();
    locales.sort();
    locales.dedup();
    Some(Selection {
        policies: if all_policies { Vec::new() } else { policies },
        locales: if all_locales { Vec::new() } else { locales },
        ..Default::default()
    })
}

/// Watches a workspace's inputs; yields changed paths relative to it.
pub struct InputWatcher {
    _watcher: notify::RecommendedWatcher,
    rx: Receiver<PathBuf>,
    root: PathBuf,
}

impl InputWatcher {
    pub fn new(root: &Path) -> Result<InputWatcher, String> {
        let root = root
            .canonicalize()
            .map_err(|e| format!("cannot watch `{}`: {e}", root.display()))?;
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Ok(event) = res {
                if matches!(event.kind, notify::EventKind::Access(_)) {
                    return;
                }
                for p in event.paths {
                    let _ = tx.send(p);
                }
            }
        })
        .map_err(|e| format!("cannot watch files: {e}"))?;
        for (path, mode) in [
            (root.clone(), RecursiveMode::NonRecursive),
            (root.join("policies"), RecursiveMode::Recursive),
            (root.join("locales"), RecursiveMode::Recursive),
            (root.join("templates"), RecursiveMode::Recursive),
            (
                root.join(crate::glossary::GLOSSARY_DIR),
                RecursiveMode::Recursive,
            ),
        ] {
            if path.exists() {
                watcher
                    .watch(&path, mode)
                    .map_err(|e| format!("cannot watch `{}`: {e}", path.display()))?;
            }
        }
        Ok(InputWatcher {
            _watcher: watcher,
            rx,
            root,
        })
    }

    /// Waits up to `timeout` for changes; returns them (relative), or an
    /// empty list on timeout.
    pub fn next(&self, timeout: Duration) -> Vec<PathBuf> {
        let first = match self.rx.recv_timeout(timeout) {
            Ok(p) => p,
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                return Vec::new()
            }
        };
        let mut paths = vec![first];
        let until = Instant::now() + DEBOUNCE;
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match self.rx.recv_timeout(left) {
                Ok(p) => paths.push(p),
                Err(_) => break,
            }
        }
        let mut rel: Vec<PathBuf> = paths
            .into_iter()
            .filter_map(|p| p.strip_prefix(&self.root).ok().map(Path::to_path_buf))
            .filter(|p| {
                !p.to_string_lossy().contains(".policyc-") && !p.to_string_lossy().ends_with('~')
            })
            .collect();
        rel.sort();
        rel.dedup();
        rel
    }
}

/// Installs a Ctrl-C / SIGTERM handler; the flag turns true on a signal.
pub fn stop_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = flag.clone();
    let _ = ctrlc::set_handler(move || f.store(true, Ordering::SeqCst));
    flag
}

/// `policyc watch`: build, then rebuild on every change until stopped.
/// Diagnostics are printed, never fatal.
pub fn watch(root: &Path, out: Option<&Path>, print: &dyn Fn(&[Diagnostic], &SourceMap)) -> u8 {
    let stop = stop_flag();
    let watcher = match InputWatcher::new(root) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {}", diag::visible_line(&e));
            return 2;
        }
    };
    let rebuild = |sel: &Selection, why: &str| {
        let started = Instant::now();
        let sources = SourceMap::default();
        let (ws, mut diags) = Workspace::load(root, &sources);
        let mut written = 0;
        if let Some(ws) = &ws {
            let report = build(ws, sel, out, false);
            diags.extend(report.diags);
            written = report.written.iter().map(|w| w.stats.written).sum();
        }
        diag::normalize(&mut diags);
        print(&diags, &sources);
        let status = match exit_code(&diags, false) {
            0 => "ok".to_string(),
            _ => diag::summary(&diags),
        };
        eprintln!(
            "[watch] {why}: {written} file(s) written in {} ms ({status})",
            started.elapsed().as_millis()
        );
    };
    rebuild(&Selection::default(), "initial build");
    eprintln!(
        "[watch] watching {} (Ctrl-C to stop)",
        diag::visible_line(&root.display().to_string())
    );
    let reference = Workspace::load(root, &SourceMap::default())
        .0
        .map(|w| w.config.workspace.reference.clone())
        .unwrap_or_default();
    while !stop.load(Ordering::SeqCst) {
        let changed = watcher.next(Duration::from_millis(200));
        let affected: Vec<Affected> = changed.iter().map(|p| affected(p, &reference)).collect();
        if let Some(sel) = selection_for(&affected) {
            // File names are shown with their control characters visible.
            let names: Vec<String> = changed
                .iter()
                .map(|p| diag::visible_line(&p.display().to_string()).into_owned())
                .collect();
            rebuild(&sel, &names.join(", "));
        }
    }
    eprintln!("[watch] stopped");
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_rebuilds_only_what_it_affects() {
        let a = |p: &str| affected(Path::new(p), "en");
        assert_eq!(
            a("locales/da/privacy.ftl"),
            Affected::PolicyLocale("privacy".into(), "da".into())
        );
        assert_eq!(
            a("locales/en/privacy.ftl"),
            Affected::Policy("privacy".into())
        );
        assert_eq!(a("locales/da/_shared.ftl"), Affected::Locale("da".into()));
        assert_eq!(a("policies/dpa.toml"), Affected::Policy("dpa".into()));
        assert_eq!(a("templates/page.css"), Affected::All);
        assert_eq!(a("policyc.toml"), Affected::All);
        assert_eq!(a("out/da/x.md"), Affected::Nothing);
        let sel =
            selection_for(&[a("locales/da/privacy.ftl"), a("locales/sv/privacy.ftl")]).unwrap();
        assert_eq!(sel.policies, ["privacy"]);
        assert_eq!(sel.locales, ["da", "sv"]);
        assert!(selection_for(&[a("README.md")]).is_none());
    }
}
