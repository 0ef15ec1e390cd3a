//! The progress bar of long work: drawn on a terminal (a real pty, through
//! util-linux `script`), never into a pipe, a CI log or with `--quiet`.
//! `POLICYC_PROGRESS_DELAY_MS=0` shows it at once instead of after a
//! second, so a small workspace is enough.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

/// The examples plus `n` copies of the privacy notice under other ids:
/// enough policies that the bar is drawn while they are checked.
fn workspace(n: usize) -> tempfile::TempDir {
    let dir = common::examples();
    let root = dir.path();
    let source = std::fs::read_to_string(root.join("policies/privacy.toml")).unwrap();
    let locales: Vec<_> = std::fs::read_dir(root.join("locales"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for i in 1..=n {
        let copy = source
            .replace("id = \"privacy\"", &format!("id = \"privacy{i}\""))
            .replace("NVM-POL-007", &format!("NVM-POL-007-{i}"));
        std::fs::write(root.join(format!("policies/privacy{i}.toml")), copy).unwrap();
        for l in &locales {
            std::fs::copy(l.join("privacy.ftl"), l.join(format!("privacy{i}.ftl"))).unwrap();
        }
    }
    dir
}

/// Runs policyc with `args` on a pseudo-terminal; returns what the
/// terminal received (stdout and stderr together).
fn on_terminal(dir: &Path, args: &str, env: &[(&str, &str)]) -> String {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_policyc"));
    let mut cmd = Command::new("script");
    cmd.args(["--quiet", "--return", "--command", &command, "/dev/null"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("CI")
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .env("POLICYC_PROGRESS_DELAY_MS", "0");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .output()
        .expect("util-linux `script` runs the command on a pty");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The bar's own text: its stage name and its bar brackets.
fn has_bar(text: &str) -> bool {
    text.contains("checking [")
}

#[test]
fn a_check_on_a_terminal_shows_a_progress_bar() {
    let ws = workspace(40);
    let out = on_terminal(ws.path(), "--color never check", &[]);
    assert!(has_bar(&out), "{out}");
}

#[test]
fn a_build_on_a_terminal_shows_a_progress_bar() {
    let ws = workspace(40);
    let out = on_terminal(ws.path(), "--color never build --format md", &[]);
    assert!(out.contains("building ["), "{out}");
}

#[test]
fn the_bar_is_cleared_before_the_report() {
    let ws = workspace(40);
    let out = on_terminal(ws.path(), "--color never check", &[]);
    let verdict = out.rfind("check ").expect("the verdict line");
    let last_bar = out.rfind("checking [").expect("a bar");
    assert!(last_bar < verdict, "{out}");
    // The line the bar was on is erased (ESC [2K) before the report.
    assert!(out[last_bar..verdict].contains("\x1b[2K"), "{out:?}");
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let ws = workspace(40);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_policyc"));
    let out = cmd
        .arg("check")
        .current_dir(ws.path())
        .env_remove("CI")
        .env("POLICYC_PROGRESS_DELAY_MS", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!has_bar(&stderr), "{stderr}");
    assert!(
        !stderr.contains('\r') && !stderr.contains('\x1b'),
        "{stderr:?}"
    );
}

#[test]
fn no_progress_bar_in_ci() {
    let ws = workspace(40);
    let out = on_terminal(ws.path(), "check", &[("CI", "true")]);
    assert!(!has_bar(&out), "{out}");
}

#[test]
fn no_progress_bar_with_quiet() {
    let ws = workspace(40);
    let out = on_terminal(ws.path(), "--quiet check", &[]);
    assert!(!has_bar(&out), "{out}");
}

#[test]
fn the_bar_has_no_colour_with_no_color_set() {
    let ws = workspace(40);
    let out = on_terminal(ws.path(), "check", &[("NO_COLOR", "1")]);
    assert!(has_bar(&out), "{out}");
    // SGR colour and bold sequences, as `--color always` gives the bar.
    assert!(
        !out.contains("\x1b[36") && !out.contains("\x1b[1m"),
        "{out:?}"
    );
}

#[test]
fn the_bar_is_coloured_on_a_colour_terminal() {
    let ws = workspace(40);
    let out = on_terminal(ws.path(), "--color always check", &[]);
    assert!(out.contains("\x1b[36"), "{out:?}");
}

#[test]
fn a_redline_on_a_terminal_shows_its_progress() {
    let ws = workspace(20);
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .current_dir(ws.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "v1"]);
    let out = on_terminal(
        ws.path(),
        "--color never redline --from HEAD --format md",
        &[],
    );
    assert!(out.contains("comparing ["), "{out}");
}
