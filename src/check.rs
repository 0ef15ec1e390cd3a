//! `policyc check`: load and resolve every policy in every locale, render
//! the workspace's formats in memory, and report every problem; write nothing.

use crate::build::{plan, Selection};
use crate::diag::{Class, Diagnostic, Severity};
use crate::workspace::Workspace;

/// Runs the whole pipeline except the write (rendering the workspace's
/// formats in memory) and returns every diagnostic.
pub fn check(ws: &Workspace, sel: &Selection) -> Vec<Diagnostic> {
    let sel = Selection {
        sample_render: true,
        ..sel.clone()
    };
    let plan = plan(ws, &sel);
    crate::build::print_timings(&plan.timings);
    plan.diags
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
