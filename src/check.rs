//! `policyc check`: the [plan](crate::plan) in [`Mode::Check`]: load,
//! localize and analyse every policy in every locale, check and render a
//! sample of the pages in memory, and report every problem; write nothing.

use crate::diag::{Class, Code, Diagnostic, Severity};
use crate::plan::{plan, Mode, Selection};
use crate::render::Format;
use crate::workspace::Workspace;

/// Runs the whole pipeline except the write (rendering the workspace's
/// formats in memory) and returns every diagnostic. The PDF is checked
/// (labels, glyphs, size) but typeset only with `typeset_pdf`: Typst's
/// layout is most of a PDF's cost, and a gate needs its checks.
pub fn check(ws: &Workspace, sel: &Selection, typeset_pdf: bool) -> Vec<Diagnostic> {
    if typeset_pdf && !cfg!(feature = "pdf") {
        return vec![Diagnostic::new(
            Code::UnavailableFormat,
            "this build of policyc has no PDF backend to typeset with",
        )
        .hint("use a policyc built with its default features, or leave out `--typeset-pdf`")];
    }
    let skipped = skipped_formats(ws, sel);
    let formats: Vec<String> = format_names(ws, sel)
        .iter()
        .filter(|f| !skipped.contains(f))
        .cloned()
        .collect();
    // With nothing left to check, the plan reports the missing backend.
    let sel = if skipped.is_empty() || formats.is_empty() {
        sel.clone()
    } else {
        Selection {
            formats,
            ..sel.clone()
        }
    };
    let plan = plan(ws, &sel, Mode::Check { typeset_pdf });
    crate::build::print_timings(&plan.timings);
    plan.diags
}

/// The formats that `check` leaves out because this build of policyc has
/// no backend for them: a build without the PDF backend (the gate-only
/// `--no-default-features`) checks a workspace that also publishes PDF in
/// every other format, instead of failing as `build` does, so the gate
/// runs anywhere.
pub fn skipped_formats(ws: &Workspace, sel: &Selection) -> Vec<String> {
    format_names(ws, sel)
        .iter()
        .filter(|n| Format::from_name(n).is_some_and(|f| crate::render::renderer(f).is_err()))
        .cloned()
        .collect()
}

/// The selection's formats; none selected means the workspace's.
fn format_names<'a>(ws: &'a Workspace, sel: &'a Selection) -> &'a [String] {
    if sel.formats.is_empty() {
        &ws.config.workspace.formats
    } else {
        &sel.formats
    }
}

/// The exit code for a set of diagnostics: 2 for input errors, 1 for
/// findings (and for warnings when `deny_warnings`), else 0.
pub fn exit_code(diags: &[Diagnostic], deny_warnings: bool) -> u8 {
    if diags
        .iter()
        .any(|d| d.is_error() && d.class == Class::Input)
    {
        2
    } else if diags.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    }) {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, SourceMap};

    /// The memory property of the pipeline: each policy's files are parsed
    /// and indexed by that policy's own work, which frees them, so after a
    /// full check no policy file of the workspace holds an index (they were
    /// a third of a build's memory when they stayed).
    #[test]
    fn checking_leaves_no_message_index_in_the_workspace() {
        let sources = SourceMap::default();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (ws, load_diags) = Workspace::load(root, &sources);
        let ws = ws.expect("the shipped examples load");
        assert!(load_diags.iter().all(|d| !d.is_error()), "{load_diags:?}");
        let files = || ws.locales.iter().flat_map(|l| l.files.values());
        assert!(
            files().count() >= 8,
            "the examples have 2 policies x 4 locales"
        );
        let diags = check(&ws, &Selection::default(), false);
        assert_eq!(exit_code(&diags, false), 0, "{diags:?}");
        assert!(files().all(|f| !f.is_indexed()));
        // The same files, indexed on demand (as `status` does), keep it.
        let f = files().next().expect("a file");
        assert!(!f.messages().is_empty());
        assert!(f.is_indexed());
    }

    #[test]
    fn repeated_diagnostics_are_shown_up_to_the_cap_then_counted() {
        let d = |file: &str, code| Diagnostic::new(code, "x").in_file(file);
        let mut diags: Vec<Diagnostic> = (0..25).map(|_| d("a.ftl", Code::UnusedMessage)).collect();
        diags.push(d("a.ftl", Code::UnusedFile));
        diags.extend((0..3).map(|_| d("b.ftl", Code::UnusedMessage)));
        let capped = crate::diag::cap_repeated(diags, 20);
        assert_eq!(capped.len(), 20 + 1 + 1 + 3);
        assert_eq!(
            capped[20].message,
            "… and 5 more `unused-message` in this file"
        );
        assert_eq!(
            capped[20].file.as_deref(),
            Some(std::path::Path::new("a.ftl"))
        );
        assert_eq!(capped[21].code, Code::UnusedFile);
        // Under the cap: the list as it was.
        let few: Vec<Diagnostic> = (0..3).map(|_| d("b.ftl", Code::UnusedFile)).collect();
        assert_eq!(crate::diag::cap_repeated(few, 20).len(), 3);
    }
}
