//! `policyc redline`: what changed between two versions of the
//! workspace, for each policy in each locale, aligned by section id.
//!
//! Both ends are loaded as workspaces ([`Workspace::load`]) and localized
//! by the build's own pipeline ([`crate::localize::localize`]), so the
//! redline compares the documents readers get, not the source files. Each
//! (policy, locale) pair is compared ([`compare`]) and rendered as
//! Markdown, HTML and PDF ([`render`]); a translation that is stale,
//! unreviewed or changed after review at either end is marked as not
//! approved.

pub mod compare;
pub mod render;
pub mod revision;

use std::path::PathBuf;

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic};
use crate::doc::Document;
use crate::policy::Policy;
use crate::workspace::{PolicyFiles, Workspace};

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
    pub label: &'a str,
}

/// What to compare and write.
pub struct Options<'a> {
    /// Policy ids (all when empty).
    pub policies: &'a [String],
    /// Locale tags of the newer end (all when empty).
    pub locales: &'a [String],
    pub formats: &'a [Format],
}

/// A file of the redline: its path below the output folder, its bytes.
pub struct File {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// The document of a policy in a locale at one end, and whether its
/// translation was approved there (not stale, unreviewed or changed
/// after review). `Err` holds why it could not be made.
fn document(
    ws: &Workspace,
    policy: &Policy,
    files: &PolicyFiles<'_>,
    tag: &str,
) -> Option<(Result<Document, usize>, bool)> {
    let locale = ws.locale(tag)?;
    let localized = crate::localize::localize(ws, files, policy, locale);
    let errors = localized.diags.iter().filter(|d| d.is_error()).count();
    let approved = ws.lock.is_none()
        || tag == ws.config.workspace.reference
        || !crate::analyze::analyze_policy(ws, files, policy, &[tag])
            .iter()
            .any(|d| {
                matches!(
                    d.code,
                    Code::Stale | Code::Unreviewed | Code::ChangedAfterReview
                )
            });
    Some((localized.doc.ok_or(errors), approved))
}

/// The redline of every selected policy in every selected locale.
pub fn redline(from: &End<'_>, to: &End<'_>, opts: &Options<'_>) -> (Vec<File>, Vec<Diagnostic>) {
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
    let results: Vec<(Vec<File>, Vec<Diagnostic>)> = ids
        .par_iter()
        .map(|id| redline_policy(from, to, id, &tags, opts.formats))
        .collect();
    let mut files = Vec::new();
    for (f, d) in results {
        files.extend(f);
        diags.extend(d);
    }
    (files, diags)
}

fn redline_policy(
    from: &End<'_>,
    to: &End<'_>,
    id: &str,
    tags: &[&str],
    formats: &[Format],
) -> (Vec<File>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let old_policy = from.ws.policies.iter().find(|p| p.id == id);
    let new_policy = to.ws.policies.iter().find(|p| p.id == id);
    let old_files = old_policy.map(|p| PolicyFiles::new(from.ws, p));
    let new_files = new_policy.map(|p| PolicyFiles::new(to.ws, p));
    for tag in tags {
        let old = old_policy
            .zip(old_files.as_ref())
            .and_then(|(p, f)| document(from.ws, p, f, tag));
        let new = new_policy
            .zip(new_files.as_ref())
            .and_then(|(p, f)| document(to.ws, p, f, tag));
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
        let page = render::Page {
            lang: &new_doc.locale.tag,
            title: &new_doc.title,
            from: from.label,
            to: to.label,
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
    (files, diags)
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
