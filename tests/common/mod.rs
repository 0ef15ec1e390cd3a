//! Shared helpers: copy a workspace into a temporary folder, run the real
//! `policyc` binary in it, read back what it wrote.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout and stderr together, for assertions on diagnostics.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// A copy of `tests/fixtures/<name>` in a fresh temporary folder.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

/// A copy of the shipped example workspace (the repository root).
pub fn examples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for d in ["policies", "locales", "templates"] {
        copy_dir(&repo().join(d), &dir.path().join(d));
    }
    for f in ["policyc.toml", "policyc.lock", "glossary.toml"] {
        std::fs::copy(repo().join(f), dir.path().join(f)).unwrap();
    }
    dir
}

pub fn policyc(dir: &Path, args: &[&str]) -> Run {
    policyc_env(dir, args, &[])
}

pub fn policyc_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_policyc"));
    cmd.current_dir(dir).args(args).env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run policyc");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file below `dir`, by relative path (with `/`), with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let e = e.unwrap();
            let p = e.path();
            let ty = e.file_type().unwrap();
            if ty.is_symlink() {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, b"<symlink>".to_vec());
            } else if ty.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Every file anywhere below `dir` except under `out/` — to prove nothing
/// was written outside the output folder.
pub fn files_outside_out(dir: &Path) -> Vec<String> {
    read_tree(dir)
        .into_keys()
        .filter(|k| !k.starts_with("out/"))
        .collect()
}

pub fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let s = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, f(s)).unwrap();
}

/// Removes a whole message (its line and its indented attribute lines).
pub fn remove_message(ftl: &str, id: &str) -> String {
    let mut out = Vec::new();
    let mut skipping = false;
    for line in ftl.lines() {
        if line.starts_with(&format!("{id} =")) || line.starts_with(&format!("{id}=")) {
            skipping = true;
            continue;
        }
        if skipping && line.starts_with(" ") {
            continue;
        }
        skipping = false;
        out.push(line);
    }
    out.join("\n") + "\n"
}

/// Section ids of a policy source, in order (top level and nested).
pub fn section_ids(toml_src: &str) -> Vec<String> {
    toml_src
        .lines()
        .zip(toml_src.lines().skip(1))
        .filter(|(a, _)| a.trim() == "[[sections]]" || a.trim() == "[[sections.sections]]")
        .map(|(_, b)| {
            b.trim()
                .trim_start_matches("id = ")
                .trim_matches('"')
                .to_string()
        })
        .collect()
}

/// The text of a PDF as poppler's pdftotext reads it, hyphenation undone
/// and white space collapsed.
pub fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils; .ci/run installs it)");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8(out.stdout)
        .unwrap()
        .replace("\u{ad}\n", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs git in `dir` (no system configuration) and fails the test if it fails.
pub fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
