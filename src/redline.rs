//! `policyc redline`: what changed between two versions of the
//! workspace, for each policy in each locale, aligned by section id.
//!
//! Both ends are loaded as workspaces ([`Workspace::load`]) and localized
//! by the build's own pipeline ([`crate::localize::localize`]), so the
//! redline compares the documents readers get, not the source files. Each
//! (policy, locale) pair is compared ([`compare`]) and rendered as
//! Markdown, HTML and PDF ([`render`]); a translation (of the policy's
//! file, or the locale's `_shared.ftl`, whose labels every page shows)
//! that is stale, unreviewed or changed after review at either end is
//! marked as not approved.

pub mod compare;
pub mod render;
pub mod revision;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic, SourceMap};
use crate::doc::Document;
use crate::lock::TextHashes;
use crate::policy::Policy;
use crate::workspace::{ParsedPolicies, PolicyFiles, Workspace};
use revision::Checkout;

/// A redline's output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Pdf,
}

impl Format {
    /// A format by name (`md`, `html`, `pdf`); an input error for another
    /// name, or for `pdf` in a policyc built without its PDF backend.
    pub fn parse(s: &str) -> Result<Format, Diagnostic> {
        match s {
            "md" | "markdown" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            "pdf" if cfg!(feature = "pdf") => Ok(Format::Pdf),
            "pdf" => Err(Diagnostic::new(
                Code::UnavailableFormat,
                "this build of policyc has no PDF backend",
            )
            .hint(
                "use a policyc built with its default features, or leave `pdf` out of `--format`",
            )),
            _ => Err(Diagnostic::new(
                Code::UnknownFormat,
                format!("unknown redline format `{}`", crate::diag::visible_line(s)),
            )
            .hint("formats: md, html, pdf")),
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }
}

/// One end of the comparison: a loaded workspace and its name.
pub struct End<'a> {
    pub ws: &'a Workspace,
    /// The revision or folder it was read from (`v1.0`), or `working tree`.
    pub label: &'a str,
    /// It is the workspace as it is on disk.
    pub working_tree: bool,
}

impl End<'_> {
    /// How the page names this end ([`page_name`]).
    fn name(&self, policy: Option<&Policy>) -> String {
        let revision = (!self.working_tree).then_some(self.label);
        page_name(policy.map(|p| p.version.as_str()), revision)
    }
}

/// How a redline page names an end: the policy's `version` there, and
/// the `revision` (or folder) it was read from unless that is the version
/// (`3.1 (release-2024)`, `3.1` for `v3.1`). Never the words "working
/// tree", which are not the page's language: the working tree is its
/// version alone, or `—` when the policy is not there.
fn page_name(version: Option<&str>, revision: Option<&str>) -> String {
    match (version, revision) {
        (Some(v), Some(r)) if r == v || r.strip_prefix('v') == Some(v) => v.to_string(),
        (Some(v), Some(r)) => format!("{v} ({r})"),
        (Some(v), None) => v.to_string(),
        (None, Some(r)) => r.to_string(),
        (None, None) => "—".to_string(),
    }
}

/// What to compare and write.
pub struct Options<'a> {
    /// Policy ids (all when empty).
    pub policies: &'a [String],
    /// Locale tags of the newer end (all when empty).
    pub locales: &'a [String],
    pub formats: &'a [Format],
    /// The folder the files are written in.
    pub out: &'a Path,
}

/// What [`redline`] did: how many files it wrote, its findings, and the
/// first file that could not be written (no file is written after it).
pub struct Outcome {
    pub written: usize,
    pub diags: Vec<Diagnostic>,
    pub failed: Option<(PathBuf, std::io::Error)>,
}

/// A file of the redline: its path below the output folder, its bytes.
pub struct File {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// One end opened and loaded.
pub struct Opened {
    pub checkout: Checkout,
    pub ws: Option<Workspace>,
    pub diags: Vec<Diagnostic>,
}

/// Opens one end, `rev` ([`Checkout::open`]) or the working tree of
/// `workspace`, and loads it; a policy source the other end has too is
/// parsed once (`parsed`).
pub fn open(
    workspace: &Path,
    rev: Option<&str>,
    sources: &SourceMap,
    parsed: &ParsedPolicies,
) -> Result<Opened, Diagnostic> {
    let mut checkout = match rev {
        None => Checkout::working_tree(workspace),
        Some(r) => Checkout::open(workspace, r)?,
    };
    let (ws, diags) = Workspace::load_from(checkout.tree(), &checkout.root, sources, Some(parsed));
    // A revision's files are in the workspace now.
    checkout.release();
    Ok(Opened {
        checkout,
        ws,
        diags,
    })
}

/// Opens and loads both ends at once ([`open`]): reading a revision out
/// of git overlaps with loading the other end, and a policy source that
/// is the same at both ends is parsed once. Each end has its own sources
/// (diagnostics name files of either).
pub fn open_both(
    workspace: &Path,
    (from, from_sources): (&str, &SourceMap),
    (to, to_sources): (Option<&str>, &SourceMap),
) -> Result<(Opened, Opened), Diagnostic> {
    let parsed = ParsedPolicies::default();
    let (old, new) = rayon::join(
        || open(workspace, Some(from), from_sources, &parsed),
        || open(workspace, to, to_sources, &parsed),
    );
    Ok((old?, new?))
}

/// Writes `files` below `out`, in parallel, each through a temporary
/// file renamed into place. The error names the file that failed.
pub fn write(out: &Path, files: &[File]) -> Result<(), (PathBuf, std::io::Error)> {
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| out.join(&f.path).parent().map(Path::to_path_buf))
        .collect();
    folders.sort_unstable();
    folders.dedup();
    for d in &folders {
        std::fs::create_dir_all(d).map_err(|e| (d.clone(), e))?;
    }
    files.par_iter().try_for_each(|f| {
        let path = out.join(&f.path);
        // The whole name and a suffix: `privacy.md` and `privacy.html`,
        // written side by side, must not share a temporary file.
        let mut tmp = path.clone().into_os_string();
        tmp.push(".tmp-redline");
        let tmp = PathBuf::from(tmp);
        std::fs::write(&tmp, &f.bytes)
            .and_then(|()| std::fs::rename(&tmp, &path))
            .map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                (path, e)
            })
    })
}

/// One policy at one end: its source, its document in each locale, and
/// the locales whose translation is not approved there (stale, unreviewed
/// or changed after review, as `check` finds them: one analysis for all
/// locales).
struct PolicyEnd<'a> {
    policy: &'a Policy,
    /// Per locale of `tags`, in that order, when this end has it: the
    /// document, or how many errors kept it from being made.
    documents: Vec<Option<Result<Document, usize>>>,
    unapproved: Vec<String>,
}

/// The locales among `tags` with a text not signed off at this end
/// (stale, unreviewed or changed after review), as `analyze` finds them
/// in the translations (the reference needs no sign-off).
fn not_signed_off(
    ws: &Workspace,
    tags: &[&str],
    analyze: impl FnOnce(&[&str]) -> Vec<Diagnostic>,
) -> Vec<String> {
    let translations: Vec<&str> = tags
        .iter()
        .copied()
        .filter(|t| *t != ws.config.workspace.reference)
        .collect();
    if ws.lock.is_none() || translations.is_empty() {
        return Vec::new();
    }
    let mut locales: Vec<String> = analyze(&translations)
        .into_iter()
        .filter(|d| {
            matches!(
                d.code,
                Code::Stale | Code::Unreviewed | Code::ChangedAfterReview
            )
        })
        .filter_map(|d| d.locale)
        .collect();
    locales.sort_unstable();
    locales.dedup();
    locales
}

impl<'a> PolicyEnd<'a> {
    /// The policy `id` at this end; `shared` are the locales whose
    /// `_shared.ftl` is not signed off (its labels are on every page).
    ///
    /// The documents are made first: localizing parses each of the
    /// policy's files for its bundle and indexes it from that parse, and
    /// the sign-off analysis after it reads that index instead of parsing
    /// the file a second time. `hashes` are the texts' hashes, kept from
    /// the other end, which has mostly the same texts.
    fn new(
        ws: &'a Workspace,
        id: &str,
        tags: &[&str],
        shared: &[String],
        hashes: &mut TextHashes,
    ) -> Option<PolicyEnd<'a>> {
        let policy = ws.policies.iter().find(|p| p.id == id)?;
        let files = PolicyFiles::new(ws, policy);
        let documents = tags
            .iter()
            .map(|tag| {
                let locale = ws.locale(tag)?;
                let localized = crate::localize::localize(ws, &files, policy, locale);
                let errors = localized.diags.iter().filter(|d| d.is_error()).count();
                Some(localized.doc.ok_or(errors))
            })
            .collect();
        let mut unapproved = not_signed_off(ws, tags, |t| {
            crate::analyze::review_findings(ws, &files, policy, t, hashes)
        });
        unapproved.extend_from_slice(shared);
        Some(PolicyEnd {
            policy,
            documents,
            unapproved,
        })
    }

    /// The document in `tag`, the `index`th of the locales given to
    /// [`PolicyEnd::new`] (taken out of this end), and whether its
    /// translation was approved. `Err` holds how many errors kept it from
    /// being made.
    fn document(&mut self, index: usize, tag: &str) -> Option<(Result<Document, usize>, bool)> {
        let doc = self.documents.get_mut(index)?.take()?;
        let approved = !self.unapproved.iter().any(|t| t == tag);
        Some((doc, approved))
    }
}

/// The redline of every selected policy in every selected locale, written
/// below `opts.out` ([`write`]) one policy at a time, as soon as it is
/// made: a large workspace never holds all its redlines in memory.
pub fn redline(from: &End<'_>, to: &End<'_>, opts: &Options<'_>) -> Outcome {
    let mut ids: Vec<&str> = from
        .ws
        .policies
        .iter()
        .chain(&to.ws.policies)
        .map(|p| p.id.as_str())
        .filter(|id| opts.policies.is_empty() || opts.policies.iter().any(|p| p == id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut diags = Vec::new();
    // A locale whose `_shared.ftl` lacks a label gets one finding, and no
    // redline (never English).
    let tags: Vec<&str> = to
        .ws
        .config
        .workspace
        .locales
        .iter()
        .map(String::as_str)
        .filter(|t| opts.locales.is_empty() || opts.locales.iter().any(|l| l == t))
        .filter(|t| {
            let shared = to.ws.locale(t).and_then(|l| l.shared.as_ref());
            let missing: Vec<&str> = render::LABELS
                .iter()
                .copied()
                .filter(|l| !shared.is_some_and(|f| f.messages().contains_key(*l)))
                .collect();
            if !missing.is_empty() {
                diags.push(missing_labels(t, &missing, None));
            }
            missing.is_empty()
        })
        .collect();
    let shared = [from, to]
        .map(|end| not_signed_off(end.ws, &tags, |t| crate::analyze::analyze_shared(end.ws, t)));
    crate::progress::stage("comparing", ids.len());
    let failed = std::sync::Mutex::new(None);
    let first_failure = || failed.lock().unwrap_or_else(|e| e.into_inner());
    let results: Vec<(usize, Vec<Diagnostic>)> = ids
        .par_iter()
        .map(|id| {
            if first_failure().is_some() {
                return (0, Vec::new());
            }
            let (files, found) = redline_policy(from, to, id, &tags, &shared, opts.formats);
            let written = match write(opts.out, &files) {
                Ok(()) => files.len(),
                Err(e) => {
                    first_failure().get_or_insert(e);
                    0
                }
            };
            crate::progress::inc();
            (written, found)
        })
        .collect();
    let mut outcome = Outcome {
        written: 0,
        diags,
        failed: failed.into_inner().unwrap_or_else(|e| e.into_inner()),
    };
    for (n, d) in results {
        outcome.written += n;
        outcome.diags.extend(d);
    }
    outcome
}

fn redline_policy(
    from: &End<'_>,
    to: &End<'_>,
    id: &str,
    tags: &[&str],
    [old_shared, new_shared]: &[Vec<String>; 2],
    formats: &[Format],
) -> (Vec<File>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let mut hashes = TextHashes::default();
    let mut old_end = PolicyEnd::new(from.ws, id, tags, old_shared, &mut hashes);
    let mut new_end = PolicyEnd::new(to.ws, id, tags, new_shared, &mut hashes);
    let old_policy = old_end.as_ref().map(|e| e.policy);
    let new_policy = new_end.as_ref().map(|e| e.policy);
    // Whether any locale's document changed.
    let mut changed = false;
    for (index, tag) in tags.iter().enumerate() {
        let old = old_end.as_mut().and_then(|e| e.document(index, tag));
        let new = new_end.as_mut().and_then(|e| e.document(index, tag));
        let unmade = |end: &End<'_>, n: usize| {
            Diagnostic::new(
                Code::RedlineIncomplete,
                format!(
                    "policy `{id}` cannot be made in locale `{tag}` at `{}` ({n} error(s))",
                    end.label
                ),
            )
            .locale(*tag)
            .policy(id)
            .hint("run `policyc check` on that version; a redline compares complete documents only")
        };
        let (old_doc, new_doc, approved) = match (old, new) {
            (None, None) => continue,
            (Some((Err(n), _)), _) => {
                diags.push(unmade(from, n));
                continue;
            }
            (_, Some((Err(n), _))) => {
                diags.push(unmade(to, n));
                continue;
            }
            (Some((Ok(o), a)), Some((Ok(n), b))) => (Some(o), Some(n), a && b),
            (Some((Ok(o), a)), None) => (Some(o), None, a),
            (None, Some((Ok(n), b))) => (None, Some(n), b),
        };
        // A policy (or locale) on one end only: every section added or
        // removed, against the same document without sections.
        let emptied = |d: &Document| {
            let mut e = d.clone();
            e.preamble.clear();
            e.sections.clear();
            e.epilogue.clear();
            e
        };
        let (old_doc, new_doc) = match (old_doc, new_doc) {
            (Some(o), Some(n)) => (o, n),
            (Some(o), None) => (o.clone(), emptied(&o)),
            (None, Some(n)) => (emptied(&n), n),
            (None, None) => continue,
        };
        let (Some(op), Some(np)) = (old_policy.or(new_policy), new_policy.or(old_policy)) else {
            continue;
        };
        let comparison = compare::compare(&old_doc, &new_doc, op, np);
        changed |= !comparison.is_empty();
        let labels = &new_doc.labels;
        let missing: Vec<&str> = render::LABELS
            .iter()
            .copied()
            .filter(|l| !labels.contains_key(*l))
            .collect();
        if !missing.is_empty() {
            diags.push(missing_labels(tag, &missing, Some(id)));
            continue;
        }
        let (from_name, to_name) = (from.name(old_policy), to.name(new_policy));
        let page = render::Page {
            lang: &new_doc.locale.tag,
            title: &new_doc.title,
            from: &from_name,
            to: &to_name,
            date: &new_doc.published.iso,
            not_approved: !approved,
            labels,
        };
        for f in formats {
            let bytes = match f {
                Format::Markdown => render::markdown(&page, &comparison).into_bytes(),
                Format::Html => render::html(&page, &comparison).into_bytes(),
                Format::Pdf => match pdf(to, &page, &comparison) {
                    Ok(b) => b,
                    Err(d) => {
                        diags.push(d.locale(*tag).policy(id));
                        continue;
                    }
                },
            };
            files.push(File {
                path: PathBuf::from(&new_doc.locale.code).join(format!("{id}.{}", f.extension())),
                bytes,
            });
        }
    }
    if let (true, Some(o), Some(n)) = (changed, old_policy, new_policy) {
        if o.version == n.version {
            diags.push(unchanged_version(n, from.label));
        }
    }
    (files, diags)
}

/// The finding for a policy whose text changed since `from` while its
/// version did not: readers tell published versions apart by it.
fn unchanged_version(policy: &Policy, from: &str) -> Diagnostic {
    let file = policy.file.display();
    Diagnostic::new(
        Code::UnchangedVersion,
        format!(
            "policy `{}` changed since `{from}`, but its version is still `{}`",
            policy.id,
            crate::diag::visible_line(&policy.version)
        ),
    )
    .in_file(&policy.file)
    .policy(&policy.id)
    .hint(format!(
        "raise `version` in `{file}` (and `effective`, when the change takes effect on a new day) before publishing the new text"
    ))
}

/// The redline PDF, to the PDF standards of the newer end's configuration.
#[cfg(feature = "pdf")]
fn pdf(
    to: &End<'_>,
    page: &render::Page<'_>,
    c: &compare::Comparison,
) -> Result<Vec<u8>, Diagnostic> {
    // Checked when policyc.toml was loaded (`Config::parse`).
    let standards = to.ws.config.pdf.standards().unwrap_or_default();
    render::pdf(page, c, standards)
}

/// Without the PDF backend ([`Format::parse`] refuses `pdf` then).
#[cfg(not(feature = "pdf"))]
fn pdf(_: &End<'_>, _: &render::Page<'_>, _: &compare::Comparison) -> Result<Vec<u8>, Diagnostic> {
    Err(Diagnostic::new(
        Code::UnavailableFormat,
        "this build of policyc has no PDF backend",
    ))
}

/// The finding for a locale whose `_shared.ftl` lacks redline labels.
fn missing_labels(tag: &str, missing: &[&str], policy: Option<&str>) -> Diagnostic {
    let file = format!("locales/{tag}/_shared.ftl");
    let d = Diagnostic::new(
        Code::MissingLabel,
        format!(
            "the redline needs label(s) {} in locale `{tag}`",
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
    .in_file(&file)
    .locale(tag)
    .hint(format!(
        "add them to `{file}` (see the reference locale's file)"
    ));
    match policy {
        Some(p) => d.policy(p),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_end_is_named_by_the_policy_version_there() {
        assert_eq!(page_name(Some("3.1"), Some("v3.1")), "3.1");
        assert_eq!(page_name(Some("3.1"), Some("3.1")), "3.1");
        assert_eq!(
            page_name(Some("3.1"), Some("release-2024")),
            "3.1 (release-2024)"
        );
        assert_eq!(page_name(Some("3.2"), None), "3.2");
        assert_eq!(page_name(None, Some("v3.1")), "v3.1");
        assert_eq!(page_name(None, None), "—");
    }

    #[test]
    fn files_of_one_policy_in_several_formats_are_written_side_by_side() {
        let out = tempfile::tempdir().unwrap();
        let files: Vec<File> = (0..50)
            .flat_map(|i| {
                ["md", "html", "pdf"].map(|ext| File {
                    path: PathBuf::from(format!("da/p{i}.{ext}")),
                    bytes: format!("{i} {ext}").into_bytes(),
                })
            })
            .collect();
        for _ in 0..5 {
            write(out.path(), &files).unwrap();
        }
        for f in &files {
            assert_eq!(std::fs::read(out.path().join(&f.path)).unwrap(), f.bytes);
        }
        let names = std::fs::read_dir(out.path().join("da")).unwrap().count();
        assert_eq!(names, files.len(), "no temporary file is left");
    }
}
