//! `policyc init` and `policyc new` in empty temporary folders, and the
//! command-line conventions: completions, the manual page, `--version`,
//! `--quiet`.

mod common;

use common::*;

fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    read_tree(dir)
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn init_in_an_empty_folder_makes_a_workspace_that_checks_clean_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let r = policyc(dir.path(), &["init", "ws"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let ws = dir.path().join("ws");
    let check = policyc(&ws, &["check", "--deny", "warnings"]);
    assert_eq!(check.code, 0, "{}", check.all());
    assert!(check.stderr.contains("check ok: 0 errors, 0 warnings"));
    let build = policyc(&ws, &["build"]);
    assert_eq!(build.code, 0, "{}", build.all());
    let out = tree(&ws.join("out"));
    for locale in ["en", "da", "sv", "nb"] {
        for ext in ["md", "html", "print.html", "pdf"] {
            let page = format!("{locale}/privacy.{ext}");
            assert!(out.contains_key(&page), "{page} in {:?}", out.keys());
        }
    }
    let da = String::from_utf8(out["da/privacy.md"].clone()).unwrap();
    assert!(da.contains("## Hvem vi er {#who-we-are}"), "{da}");
}

#[test]
fn init_comments_every_key_of_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(policyc(dir.path(), &["init"]).code, 0);
    let config = std::fs::read_to_string(dir.path().join("policyc.toml")).unwrap();
    for key in [
        "locales",
        "reference",
        "output",
        "formats",
        "on-incomplete",
        "[locale-aliases]",
        "stale",
        "unreviewed",
        "changed-after-review",
        "inconsistent",
        "untranslated",
        "allow-raw-html",
        "allow-link-schemes",
        "base-url",
        "heading-level",
        "heading-ids",
        "lead",
        "note",
        "label",
        "[markdown.front-matter]",
        "standards",
        "[sites.website]",
    ] {
        assert!(config.contains(key), "`{key}` missing from\n{config}");
    }
}

#[test]
fn init_refuses_a_folder_holding_a_workspace_and_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policyc.toml"), "# mine\n").unwrap();
    std::fs::create_dir(dir.path().join("locales")).unwrap();
    let before = tree(dir.path());
    let r = policyc(dir.path(), &["init"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr
            .contains("error[already-exists]: `policyc.toml` exists"),
        "{}",
        r.stderr
    );
    assert_eq!(tree(dir.path()), before);
    assert!(!dir.path().join("policies").exists());
}

#[test]
fn init_keeps_unrelated_files_of_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "# our policies\n").unwrap();
    assert_eq!(policyc(dir.path(), &["init"]).code, 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("README.md")).unwrap(),
        "# our policies\n"
    );
}

#[test]
fn init_refuses_an_invalid_locale_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let r = policyc(dir.path(), &["init", "--locales", "en,../x"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error[bad-locale]"), "{}", r.stderr);
    assert!(tree(dir.path()).is_empty());
}

#[test]
fn a_locale_without_shipped_text_is_a_copy_marked_untranslated() {
    let dir = tempfile::tempdir().unwrap();
    let r = policyc(dir.path(), &["init", "--locales", "en,fi"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stderr.contains("policyc has no text in `fi`"),
        "{}",
        r.stderr
    );
    let fi = std::fs::read_to_string(dir.path().join("locales/fi/privacy.ftl")).unwrap();
    assert!(fi.starts_with("### Untranslated"), "{fi}");
    let shared = std::fs::read_to_string(dir.path().join("locales/fi/_shared.ftl")).unwrap();
    assert!(shared.contains("\nlanguage-name = fi\n"), "{shared}");
    // Honest, not clean: the copy is reported until it is translated.
    let lax = policyc(dir.path(), &["check"]);
    assert_eq!(lax.code, 0, "{}", lax.all());
    let strict = policyc(dir.path(), &["check", "--deny", "warnings"]);
    assert_eq!(strict.code, 1, "{}", strict.all());
    assert!(strict.stderr.contains("warning[untranslated]"));
    assert_eq!(policyc(dir.path(), &["build"]).code, 0);
}

#[test]
fn new_adds_the_reference_text_and_check_lists_what_translators_must_add() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(policyc(dir.path(), &["init"]).code, 0);
    let r = policyc(dir.path(), &["new", "data-retention"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let ftl = std::fs::read_to_string(dir.path().join("locales/en/data-retention.ftl")).unwrap();
    assert!(ftl.contains("policy = Data retention"), "{ftl}");
    for locale in ["da", "sv", "nb"] {
        assert!(!dir
            .path()
            .join(format!("locales/{locale}/data-retention.ftl"))
            .exists());
    }
    let check = policyc(dir.path(), &["check"]);
    assert_eq!(check.code, 1, "{}", check.all());
    for locale in ["da", "sv", "nb"] {
        let hint = format!(
            "create `locales/{locale}/data-retention.ftl`: copy `locales/en/data-retention.ftl`"
        );
        assert!(check.stderr.contains(&hint), "{hint}\n{}", check.stderr);
    }
    let en = policyc(dir.path(), &["build", "--locale", "en"]);
    assert_eq!(en.code, 0, "{}", en.all());
    assert!(dir.path().join("out/en/data-retention.md").exists());
}

#[test]
fn new_refuses_an_existing_policy_and_an_invalid_id() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(policyc(dir.path(), &["init"]).code, 0);
    let before = tree(dir.path());
    let again = policyc(dir.path(), &["new", "privacy"]);
    assert_eq!(again.code, 2, "{}", again.all());
    assert!(
        again.stderr.contains("`policies/privacy.toml` exists"),
        "{}",
        again.stderr
    );
    for bad in ["Bad id", "../x", "con", "_shared"] {
        let r = policyc(dir.path(), &["new", bad]);
        assert_eq!(r.code, 2, "{bad}: {}", r.all());
        assert!(r.stderr.contains("error[bad-id]"), "{bad}: {}", r.stderr);
    }
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn new_outside_a_workspace_says_where_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let r = policyc(dir.path(), &["new", "cookies"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("policyc init"), "{}", r.stderr);
}

#[test]
fn completions_are_made_for_every_shell_and_bash_parses_them() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = policyc(dir.path(), &["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.all());
        assert!(r.stdout.contains("redline"), "{shell}: {}", r.stdout);
    }
    let script = dir.path().join("policyc.bash");
    std::fs::write(
        &script,
        policyc(dir.path(), &["completions", "bash"]).stdout,
    )
    .unwrap();
    let bash = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash");
    assert!(
        bash.status.success(),
        "{}",
        String::from_utf8_lossy(&bash.stderr)
    );
}

#[test]
fn the_manual_page_has_a_title_and_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let r = policyc(dir.path(), &["man"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("\n.TH policyc 1 "), "{}", r.stdout);
    for command in [
        "build",
        "check",
        "status",
        "watch",
        "serve",
        "review",
        "redline",
        "init",
        "new",
        "completions",
        "man",
    ] {
        assert!(
            r.stdout.contains(&format!("policyc\\-{command}")),
            "{command} missing"
        );
    }
    let pages = dir.path().join("man1");
    assert_eq!(
        policyc(dir.path(), &["man", "--out", pages.to_str().unwrap()]).code,
        0
    );
    let page = std::fs::read_to_string(pages.join("policyc-init.1")).unwrap();
    assert!(page.contains(".TH policyc-init 1"), "{page}");
}

#[test]
fn version_names_the_commit_when_built_in_git() {
    let r = policyc(&repo(), &["--version"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let head = std::process::Command::new("git")
        .args(["-C", env!("CARGO_MANIFEST_DIR"), "rev-parse", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let expected = format!("policyc {}", env!("CARGO_PKG_VERSION"));
    assert!(r.stdout.starts_with(&expected), "{}", r.stdout);
    match head {
        // Built in this checkout: the commit, as of the build (a commit
        // made since shows until the next build, which cargo test does).
        Some(head) => assert!(
            r.stdout.contains(&format!(" ({} ", &head[..12])),
            "{} lacks {head}",
            r.stdout
        ),
        None => assert_eq!(r.stdout.trim(), expected),
    }
}

#[test]
fn quiet_prints_nothing_on_success_and_still_prints_errors() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["init", "--quiet"][..],
        &["-q", "check"],
        &["-q", "build"],
        &["-q", "build"],
        &["new", "cookies", "-q"],
    ] {
        let r = policyc(dir.path(), args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.all());
        assert_eq!(r.all(), "", "{args:?}");
    }
    let r = policyc(dir.path(), &["-q", "check"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("error[missing-file]"), "{}", r.stderr);
}

#[test]
fn color_always_colours_even_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    // Not a terminal: `auto` never colours; `always` does, NO_COLOR or not.
    let r = policyc_env(dir.path(), &["--color", "always", "check"], &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains('\x1b'), "{}", r.stderr);
    let r = policyc(dir.path(), &["check"]);
    assert!(!r.stderr.contains('\x1b'), "{}", r.stderr);
}
