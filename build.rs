//! Records the commit policyc is built from, for `policyc --version`.
//!
//! Sets `POLICYC_COMMIT` to ` (<commit> <date>)` when the crate is built
//! from its own git checkout, and to nothing otherwise: without git, without
//! `.git` (`cargo install` from a registry), or inside someone else's
//! repository (a vendored copy). It never fails the build.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let commit = commit(&dir).map(|c| format!(" ({c})")).unwrap_or_default();
    println!("cargo:rustc-env=POLICYC_COMMIT={commit}");
}

/// `<12-digit hash> <commit date>` of HEAD, when `dir` is the top of a git
/// work tree; and asks cargo to run this again when HEAD moves.
fn commit(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    // HEAD names the branch; the branch's ref file (or packed-refs) moves
    // with each commit. A path that does not exist is left out: cargo
    // would run this script on every build.
    let branch = git(dir, &["rev-parse", "--symbolic-full-name", "HEAD"]);
    for name in ["HEAD", "packed-refs"]
        .into_iter()
        .chain(branch.as_deref().filter(|b| b.starts_with("refs/")))
    {
        if let Some(p) = git(dir, &["rev-parse", "--git-path", name]) {
            let p = dir.join(p);
            if p.exists() {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
    }
    git(dir, &["log", "-1", "--abbrev=12", "--format=%h %cs"])
}

/// The trimmed standard output of a git command that succeeded.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}
