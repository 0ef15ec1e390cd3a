//! The output folder under attack: links, foreign folders, two writers at
//! once, and writes the system refuses. Each case runs the real binary on
//! a real workspace and checks the exit code, the diagnostic code (and
//! file:line where there is one), that nothing was written elsewhere, that
//! the previous output is intact, and that no staging folder is left.

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The minimal fixture, built once (`out/` holds two pages).
fn built() -> tempfile::TempDir {
    let ws = fixture("minimal");
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 0, "baseline: {}", r.all());
    ws
}

/// Asserts a refusal: the exit code, `[code]` in the diagnostics, and no
/// panic.
fn assert_refused(r: &Run, code: i32, diag: &str) {
    let all = r.all();
    assert!(!all.contains("panicked"), "panic:\n{all}");
    assert_eq!(r.code, code, "exit code:\n{all}");
    assert!(
        all.contains(&format!("[{diag}]")),
        "expected [{diag}]:\n{all}"
    );
}

/// What policyc left beside its output in `dir`: staging folders and lock
/// files (none may remain once a build has ended).
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains(".policyc-"))
                .collect()
        })
        .unwrap_or_default()
}

/// Every entry below `dir` with its kind, target or bytes, and mode: to
/// prove a folder policyc refused was not touched in any way.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            let mode = meta.permissions().mode();
            let ty = meta.file_type();
            let what = if ty.is_symlink() {
                format!("link {}", std::fs::read_link(&p).unwrap().display())
            } else if ty.is_dir() {
                walk(base, &p, out);
                "dir".to_string()
            } else if ty.is_file() {
                format!(
                    "file {}",
                    policyc::output::sha256(&std::fs::read(&p).unwrap())
                )
            } else {
                "special".to_string()
            };
            out.insert(rel, format!("{what} {mode:o}"));
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Checks that `out/` holds exactly the files its manifest lists, with the
/// listed hashes.
fn assert_matches_manifest(out: &Path) {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let listed: BTreeMap<String, String> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut found: BTreeMap<String, String> = read_tree(out)
        .into_iter()
        .map(|(k, v)| (k, policyc::output::sha256(&v)))
        .collect();
    assert!(found.remove("manifest.json").is_some());
    if found != listed {
        let missing: Vec<&String> = listed.keys().filter(|k| !found.contains_key(*k)).collect();
        let extra: Vec<&String> = found.keys().filter(|k| !listed.contains_key(*k)).collect();
        let changed: Vec<&String> = listed
            .iter()
            .filter(|(k, v)| found.get(*k).is_some_and(|f| f != *v))
            .map(|(k, _)| k)
            .collect();
        panic!(
            "out/ differs from its manifest: {} missing {:?}, {} extra {:?}, {} changed {:?}",
            missing.len(),
            missing.iter().take(5).collect::<Vec<_>>(),
            extra.len(),
            extra.iter().take(5).collect::<Vec<_>>(),
            changed.len(),
            changed.iter().take(5).collect::<Vec<_>>()
        );
    }
}

/// Sets a line into `[workspace]` of the workspace's policyc.toml, right
/// after `reference`; returns its line number.
fn set_workspace_key(ws: &Path, line: &str) -> usize {
    let path = ws.join("policyc.toml");
    edit(&path, |s| {
        s.replace(
            "reference = \"en\"\n",
            &format!("reference = \"en\"\n{line}\n"),
        )
    });
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines().position(|l| l == line).unwrap() + 1
}

/// Makes the next build write something (a new slug for the Danish page).
fn change_an_input(ws: &Path) {
    edit(&ws.join("policies/notice.toml"), |s| {
        s.replace("slug = \"meddelelse\"", "slug = \"besked\"")
    });
}

/// A folder made immutable (`chattr +i`): even root cannot write in it,
/// rename or remove it. Undone on drop. `None` where the file system does
/// not support it (the test then says so and checks nothing).
struct Immutable(PathBuf);

impl Immutable {
    fn set(path: &Path) -> Option<Immutable> {
        let ok = Command::new("chattr")
            .arg("+i")
            .arg(path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("chattr +i is not available here: case not exercised");
        }
        ok.then(|| Immutable(path.to_path_buf()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

// ---- 3. The output folder belongs to policyc alone ----

#[test]
fn an_output_folder_that_is_a_symlink_to_another_folder_is_refused() {
    let ws = fixture("minimal");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("id_rsa"), "PRIVATE KEY").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), ws.path().join("out")).unwrap();
    let before = snapshot(elsewhere.path());
    let r = policyc(ws.path(), &["build"]);
    assert_refused(&r, 2, "output-not-owned");
    assert!(r.stderr.contains("is a symbolic link"), "{}", r.stderr);
    assert_eq!(snapshot(elsewhere.path()), before, "the linked folder");
    assert!(std::fs::symlink_metadata(ws.path().join("out"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(leftovers(ws.path()), Vec::<String>::new());
    assert!(!r.all().contains("PRIVATE KEY"));
}

#[test]
fn an_existing_folder_policyc_did_not_create_is_left_untouched() {
    let ws = fixture("minimal");
    let theirs = tempfile::tempdir().unwrap();
    let dir = theirs.path().join("site");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("index.html"), "theirs").unwrap();
    std::os::unix::fs::symlink("/etc/hostname", dir.join("link")).unwrap();
    let fifo = dir.join("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let sock = std::os::unix::net::UnixListener::bind(dir.join("sock")).unwrap();
    std::fs::set_permissions(dir.join("sub"), std::fs::Permissions::from_mode(0o700)).unwrap();
    let before = snapshot(&dir);
    let r = policyc(ws.path(), &["build", "--out", dir.to_str().unwrap()]);
    assert_refused(&r, 2, "output-not-owned");
    assert!(
        r.stderr.contains("policyc did not create it"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
    assert_eq!(snapshot(&dir), before);
    assert_eq!(leftovers(theirs.path()), Vec::<String>::new());
    drop(sock);
}

#[test]
fn an_empty_folder_is_written_and_keeps_its_mode() {
    let ws = fixture("minimal");
    let dir = ws.path().join("private-out");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let r = policyc(ws.path(), &["build", "--out", "private-out"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(dir.join("da/meddelelse.md").is_file());
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    assert_matches_manifest(&dir);
}

#[test]
fn output_dot_is_refused_when_the_configuration_loads() {
    let ws = fixture("minimal");
    let line = set_workspace_key(ws.path(), "output = \".\"");
    let before = snapshot(ws.path());
    let r = policyc(ws.path(), &["build"]);
    assert_refused(&r, 2, "bad-output");
    assert!(
        r.stderr.contains(&format!("policyc.toml:{line}:1")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("is the workspace itself"), "{}", r.stderr);
    assert_eq!(snapshot(ws.path()), before);
    // `check` loads the same configuration.
    assert_refused(&policyc(ws.path(), &["check"]), 2, "bad-output");
}

#[test]
fn output_equal_to_the_locales_folder_is_refused_when_the_configuration_loads() {
    let ws = fixture("minimal");
    let line = set_workspace_key(ws.path(), "output = \"./locales/\"");
    let before = snapshot(ws.path());
    let r = policyc(ws.path(), &["build"]);
    assert_refused(&r, 2, "bad-output");
    assert!(
        r.stderr.contains(&format!("policyc.toml:{line}:1")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("input `locales`"), "{}", r.stderr);
    assert_eq!(snapshot(ws.path()), before);
}

#[test]
fn output_inside_the_policies_folder_is_refused_when_the_configuration_loads() {
    let ws = fixture("minimal");
    let line = set_workspace_key(ws.path(), "output = \"policies/out\"");
    let r = policyc(ws.path(), &["build"]);
    assert_refused(&r, 2, "bad-output");
    assert!(
        r.stderr.contains(&format!("policyc.toml:{line}:1")),
        "{}",
        r.stderr
    );
    assert!(!ws.path().join("policies/out").exists());
}

#[test]
fn output_leading_out_of_the_workspace_through_a_symlink_is_refused() {
    let ws = fixture("minimal");
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), ws.path().join("gen")).unwrap();
    let line = set_workspace_key(ws.path(), "output = \"gen/out\"");
    let r = policyc(ws.path(), &["build"]);
    assert_refused(&r, 2, "bad-output");
    assert!(
        r.stderr.contains(&format!("policyc.toml:{line}:1")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("leads out of the workspace"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(elsewhere.path()), BTreeMap::new());
}

#[test]
fn out_flag_naming_the_workspace_is_refused() {
    let ws = built();
    let before = snapshot(ws.path());
    let r = policyc(ws.path(), &["build", "--out", "."]);
    assert_refused(&r, 2, "bad-output");
    assert!(r.stderr.contains("`--out .`"), "{}", r.stderr);
    assert!(r.stderr.contains("contains the workspace"), "{}", r.stderr);
    assert_eq!(snapshot(ws.path()), before);
}

#[test]
fn out_flag_naming_a_folder_that_contains_the_workspace_is_refused() {
    let ws = built();
    let before = snapshot(ws.path());
    let r = policyc(ws.path(), &["build", "--out", ".."]);
    assert_refused(&r, 2, "bad-output");
    assert!(r.stderr.contains("contains the workspace"), "{}", r.stderr);
    assert_eq!(snapshot(ws.path()), before);
    assert_eq!(leftovers(ws.path().parent().unwrap()), Vec::<String>::new());
}

#[test]
fn out_flag_naming_an_input_folder_is_refused() {
    let ws = built();
    let before = snapshot(ws.path());
    let r = policyc(ws.path(), &["build", "--out", "locales/"]);
    assert_refused(&r, 2, "bad-output");
    assert!(r.stderr.contains("input `locales`"), "{}", r.stderr);
    assert_eq!(snapshot(ws.path()), before);
}

#[test]
fn out_flag_naming_the_root_folder_is_refused() {
    let ws = built();
    let before = snapshot(ws.path());
    let r = policyc(ws.path(), &["build", "--out", "/"]);
    assert_refused(&r, 2, "bad-output");
    assert!(!r.stderr.contains("nothing to build"), "{}", r.stderr);
    assert_eq!(snapshot(ws.path()), before);
    assert_eq!(leftovers(Path::new("/")), Vec::<String>::new());
}

#[test]
fn a_locale_alias_named_like_the_manifest_is_refused() {
    let ws = fixture("minimal");
    edit(&ws.path().join("policyc.toml"), |s| {
        format!("{s}\n[locale-aliases]\n\"manifest.json\" = \"da\"\n")
    });
    let line = std::fs::read_to_string(ws.path().join("policyc.toml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("\"manifest.json\""))
        .unwrap()
        + 1;
    let r = policyc(ws.path(), &["build"]);
    assert_refused(&r, 2, "bad-alias");
    assert!(
        r.stderr.contains(&format!("policyc.toml:{line}:")),
        "{}",
        r.stderr
    );
    assert!(!ws.path().join("out").exists());
}

#[test]
fn a_site_content_folder_that_is_the_workspace_is_refused() {
    let ws = fixture("minimal");
    edit(&ws.path().join("policyc.toml"), |s| {
        format!("{s}\n[sites.web]\ncontent = \".\"\n")
    });
    let line = std::fs::read_to_string(ws.path().join("policyc.toml"))
        .unwrap()
        .lines()
        .position(|l| l == "content = \".\"")
        .unwrap()
        + 1;
    let before = snapshot(ws.path());
    let r = policyc(ws.path(), &["build"]);
    assert_refused(&r, 2, "bad-site-path");
    assert!(
        r.stderr.contains(&format!("policyc.toml:{line}:")),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(ws.path()), before);
}

#[test]
fn clean_never_removes_a_file_through_a_symlink() {
    let ws = built();
    // The folder of a page policyc wrote is now a link elsewhere, to a
    // file with the very bytes the manifest lists.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::rename(ws.path().join("out/da"), elsewhere.path().join("da")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("da"), ws.path().join("out/da")).unwrap();
    let before = snapshot(elsewhere.path());
    change_an_input(ws.path());
    let r = policyc(ws.path(), &["build", "--clean"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(
        snapshot(elsewhere.path()),
        before,
        "nothing removed through the link"
    );
    assert!(ws.path().join("out/da/besked.md").is_file());
    assert!(!std::fs::symlink_metadata(ws.path().join("out/da"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_matches_manifest(&ws.path().join("out"));
}

#[test]
fn clean_keeps_a_file_changed_since_it_was_written_with_a_warning() {
    let ws = built();
    let page = ws.path().join("out/da/meddelelse.md");
    std::fs::write(&page, "edited by hand\n").unwrap();
    change_an_input(ws.path());
    let r = policyc(ws.path(), &["build", "--clean"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.all().contains("[kept-changed-file]"), "{}", r.all());
    assert!(r.all().contains("meddelelse.md"), "{}", r.all());
    assert_eq!(std::fs::read_to_string(&page).unwrap(), "edited by hand\n");
    assert!(r.stderr.contains("0 removed") || !r.stderr.contains("removed"));
}

/// The minimal fixture with a site `web` writing into `site/content`.
fn with_site(path: &str) -> tempfile::TempDir {
    let ws = fixture("minimal");
    edit(&ws.path().join("policyc.toml"), |s| {
        format!("{s}\n[sites.web]\ncontent = \"site/content\"\npath = \"{path}\"\n")
    });
    ws
}

#[test]
fn site_pages_are_never_written_through_a_symlink() {
    let ws = with_site("{lang}/{slug}.md");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(ws.path().join("site/content")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), ws.path().join("site/content/da")).unwrap();
    let r = policyc(ws.path(), &["build"]);
    assert_refused(&r, 2, "write-failed");
    assert!(r.stderr.contains("is a symbolic link"), "{}", r.stderr);
    assert_eq!(snapshot(elsewhere.path()), BTreeMap::new());
    assert!(
        !ws.path().join("out").exists(),
        "no output after a failed site write"
    );
    assert_eq!(
        leftovers(&ws.path().join("site/content")),
        Vec::<String>::new()
    );
    assert_eq!(leftovers(ws.path()), Vec::<String>::new());
}

#[test]
fn a_forged_site_manifest_cannot_make_clean_remove_files_outside() {
    let ws = with_site("{lang}/{slug}.md");
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let secret = ws.path().join("site/secret.txt");
    std::fs::write(&secret, "keep me").unwrap();
    let manifest_path = ws.path().join("site/content/.policyc-manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    m["files"].as_array_mut().unwrap().push(serde_json::json!({
        "path": "../secret.txt", "policy": "notice", "locale": "da", "format": "md",
        "sha256": policyc::output::sha256(b"keep me"), "size": 7
    }));
    std::fs::write(&manifest_path, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    let r = policyc(ws.path(), &["build", "--clean"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), "keep me");
}

// ---- 4. One writer at a time ----

/// Two builds of a 1,000-policy workspace started together, 20 times:
/// every build exits 0 (the second waits for the first), and `out/` then
/// holds exactly the files of its manifest.
#[test]
fn two_concurrent_builds_leave_exactly_the_files_of_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let status = Command::new("python3")
        .arg(repo().join("scripts/gen-workspace.py"))
        .arg(&ws)
        .args(["--policies", "1000"])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let rounds: usize = std::env::var("POLICYC_TEST_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let ftl = ws.join("locales/en/p00000.ftl");
    for round in 0..rounds {
        // A different input each round, and the two builds differ in
        // their options: both always write.
        edit(&ftl, |s| format!("{s}\n# round {round}\n"));
        let spawn = |extra: &[&str]| {
            Command::new(env!("CARGO_BIN_EXE_policyc"))
                .current_dir(&ws)
                .args(["build", "--format", "md,html"])
                .args(extra)
                .env("NO_COLOR", "1")
                .env("POLICYC_LOCK_TIMEOUT", "120")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let a = spawn(&[]);
        let b = spawn(&["--clean"]);
        for (name, child) in [("a", a), ("b", b)] {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                !stderr.contains("panicked"),
                "round {round} {name}: {stderr}"
            );
            assert_eq!(out.status.code(), Some(0), "round {round} {name}: {stderr}");
        }
        assert_matches_manifest(&ws.join("out"));
        assert_eq!(leftovers(&ws), Vec::<String>::new(), "round {round}");
    }
}

#[test]
fn a_second_writer_gives_up_after_the_timeout_and_names_the_holder() {
    let ws = built();
    let out = ws.path().join("out");
    let before = snapshot(&out);
    let lock = policyc::output::OutputLock::acquire(&out, Duration::ZERO).unwrap();
    change_an_input(ws.path());
    let started = Instant::now();
    let r = policyc_env(ws.path(), &["build"], &[("POLICYC_LOCK_TIMEOUT", "0.5")]);
    assert_refused(&r, 2, "output-locked");
    assert!(started.elapsed() >= Duration::from_millis(500));
    assert!(
        r.stderr
            .contains(&format!("being written by process {}", std::process::id())),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&out), before);
    drop(lock);
    assert_eq!(leftovers(ws.path()), Vec::<String>::new());
    // Once the lock is free the same build goes through.
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn a_writer_waits_for_the_lock_and_then_builds() {
    let ws = built();
    let out = ws.path().join("out");
    let lock = policyc::output::OutputLock::acquire(&out, Duration::ZERO).unwrap();
    change_an_input(ws.path());
    let child = Command::new(env!("CARGO_BIN_EXE_policyc"))
        .current_dir(ws.path())
        .arg("build")
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    assert!(!out.join("da/besked.md").exists(), "wrote while locked");
    drop(lock);
    let done = child.wait_with_output().unwrap();
    assert_eq!(
        done.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(out.join("da/besked.md").is_file());
    assert_matches_manifest(&out);
}

#[test]
fn a_staging_folder_of_a_live_build_is_not_removed() {
    let ws = built();
    let out = ws.path().join("out");
    let lock = policyc::output::OutputLock::acquire(&out, Duration::ZERO).unwrap();
    let live = ws.path().join(".out.policyc-new-4242");
    std::fs::create_dir(&live).unwrap();
    std::fs::write(live.join("page.md"), "being written").unwrap();
    // The no-change path and a full build both leave it alone.
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("up to date"), "{}", r.stderr);
    assert!(live.join("page.md").is_file());
    change_an_input(ws.path());
    let r = policyc_env(ws.path(), &["build"], &[("POLICYC_LOCK_TIMEOUT", "0.2")]);
    assert_refused(&r, 2, "output-locked");
    assert!(live.join("page.md").is_file());
    drop(lock);
    std::fs::remove_dir_all(&live).unwrap();
}

#[test]
fn a_build_killed_during_clean_up_leaves_nothing_behind_for_good() {
    let ws = built();
    // What a kill during the removal of the previous copy, and one
    // during rendering, leave behind.
    for name in [".out.policyc-old-999999", ".out.policyc-new-999998"] {
        let d = ws.path().join(name).join("da");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("half.md"), "x").unwrap();
    }
    // Even a build with nothing to do removes them.
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("up to date"), "{}", r.stderr);
    assert_eq!(leftovers(ws.path()), Vec::<String>::new());
    assert_matches_manifest(&ws.path().join("out"));
}

#[test]
fn a_build_killed_between_its_two_renames_gets_the_output_back() {
    let ws = built();
    let before = read_tree(&ws.path().join("out"));
    std::fs::rename(
        ws.path().join("out"),
        ws.path().join(".out.policyc-old-999999"),
    )
    .unwrap();
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(read_tree(&ws.path().join("out")), before);
    assert_eq!(leftovers(ws.path()), Vec::<String>::new());
}

#[test]
fn watch_and_build_take_turns_on_the_same_output() {
    let ws = fixture("minimal");
    let mut watch = Command::new(env!("CARGO_BIN_EXE_policyc"))
        .current_dir(ws.path())
        .arg("watch")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = watch.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead as _;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let until = Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    while !seen.iter().any(|l: &String| l.contains("[watch] watching")) {
        assert!(Instant::now() < until, "watch did not start: {seen:?}");
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(100)) {
            seen.push(l);
        }
    }
    let ftl = ws.path().join("locales/da/notice.ftl");
    for round in 0..10 {
        // Each edit makes watch rebuild while the build runs.
        edit(&ftl, |s| format!("{s}\n# round {round}\n"));
        let flag: &[&str] = if round % 2 == 0 { &[] } else { &["--clean"] };
        let r = policyc(ws.path(), &[&["build"], flag].concat());
        assert!(!r.all().contains("panicked"), "{}", r.all());
        assert_eq!(r.code, 0, "round {round}: {}", r.all());
    }
    // Let watch's last rebuilds end, then stop it.
    std::thread::sleep(Duration::from_millis(800));
    Command::new("kill")
        .args(["-TERM", &watch.id().to_string()])
        .status()
        .unwrap();
    let status = watch.wait().unwrap();
    while let Ok(l) = rx.try_recv() {
        seen.push(l);
    }
    assert_eq!(status.code(), Some(0), "{seen:?}");
    assert!(
        !seen
            .iter()
            .any(|l| l.contains("panicked") || l.contains("write-failed")),
        "{seen:?}"
    );
    assert_matches_manifest(&ws.path().join("out"));
    assert_eq!(leftovers(ws.path()), Vec::<String>::new());
}

// ---- 5. Write errors are failures, stated truthfully ----

#[test]
fn an_output_path_through_a_regular_file_fails_with_the_os_error() {
    let ws = fixture("minimal");
    std::fs::write(ws.path().join("notes.txt"), "a file").unwrap();
    let r = policyc(ws.path(), &["build", "--out", "notes.txt/out"]);
    assert_refused(&r, 2, "write-failed");
    assert!(r.stderr.contains("notes.txt"), "{}", r.stderr);
    // The OS says EEXIST or ENOTDIR, depending on the call that meets it.
    assert!(
        r.stderr.contains("File exists (os error 17)")
            || r.stderr.contains("Not a directory (os error 20)"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("nothing to build"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(ws.path().join("notes.txt")).unwrap(),
        "a file"
    );
    assert_eq!(leftovers(ws.path()), Vec::<String>::new());
}

#[test]
fn a_first_build_into_an_unwritable_folder_fails() {
    let ws = fixture("minimal");
    let sealed = ws.path().join("sealed");
    std::fs::create_dir(&sealed).unwrap();
    let Some(guard) = Immutable::set(&sealed) else {
        return;
    };
    let r = policyc(ws.path(), &["build", "--out", "sealed/out"]);
    drop(guard);
    assert_refused(&r, 2, "write-failed");
    assert!(r.stderr.contains("sealed"), "{}", r.stderr);
    assert!(r.stderr.contains("Operation not permitted"), "{}", r.stderr);
    assert!(!r.stderr.contains("nothing to build"), "{}", r.stderr);
    assert_eq!(snapshot(&sealed), BTreeMap::new());
}

#[test]
fn a_read_only_output_folder_fails_and_is_not_replaced() {
    let ws = built();
    let out = ws.path().join("out");
    let before = snapshot(&out);
    change_an_input(ws.path());
    let Some(guard) = Immutable::set(&out) else {
        return;
    };
    let r = policyc(ws.path(), &["build"]);
    drop(guard);
    assert_refused(&r, 2, "write-failed");
    assert!(r.stderr.contains("Operation not permitted"), "{}", r.stderr);
    assert!(
        r.stderr.contains("previous output was left as it was"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("nothing was written") || r.code == 2);
    assert_eq!(snapshot(&out), before);
    assert_eq!(leftovers(ws.path()), Vec::<String>::new());
}

#[test]
fn a_write_that_runs_out_of_room_fails_and_leaves_no_staging_folder() {
    // A file size limit (with SIGXFSZ ignored) makes the writes of the
    // larger pages fail the way a full disk does, midway through.
    let ws = examples();
    let r = policyc(ws.path(), &["build", "--format", "md,html"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let before = snapshot(&ws.path().join("out"));
    edit(&ws.path().join("locales/sv/privacy.ftl"), |s| {
        s.replace("policy = ", "policy = Ny ")
    });
    // The edited translation is signed off, so that only the write can fail.
    let r = policyc(
        ws.path(),
        &["review", "--locale", "sv", "--by", "Test <test@example.com>"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let out = Command::new("sh")
        .current_dir(ws.path())
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 2; exec '{}' build --format md,html",
            env!("CARGO_BIN_EXE_policyc")
        ))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("[write-failed]"), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert!(
        stderr.contains("sv/personuppgiftshantering."),
        "names the file: {stderr}"
    );
    assert_eq!(snapshot(&ws.path().join("out")), before);
    assert_eq!(leftovers(ws.path()), Vec::<String>::new());
}

#[test]
fn an_output_name_too_long_for_the_system_fails_and_leaves_nothing() {
    let ws = fixture("minimal");
    let name = "o".repeat(300);
    let r = policyc(ws.path(), &["build", "--out", &name]);
    assert_refused(&r, 2, "write-failed");
    assert!(r.stderr.contains("File name too long"), "{}", r.stderr);
    assert_eq!(leftovers(ws.path()), Vec::<String>::new());
    assert!(!ws.path().join(&name).exists());
}

#[test]
fn a_long_output_name_within_the_limit_is_written() {
    let ws = fixture("minimal");
    let name = "o".repeat(250);
    let r = policyc(ws.path(), &["build", "--out", &name]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_matches_manifest(&ws.path().join(&name));
    assert_eq!(leftovers(ws.path()), Vec::<String>::new());
}

#[test]
fn a_site_page_name_too_long_fails_and_changes_no_file() {
    let ws = with_site("{lang}/{slug}.md");
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let content = ws.path().join("site/content");
    let site_before = snapshot(&content);
    let out_before = snapshot(&ws.path().join("out"));
    edit(&ws.path().join("policyc.toml"), |s| {
        s.replace(
            "path = \"{lang}/{slug}.md\"",
            &format!("path = \"{{lang}}/{}{{slug}}.md\"", "x".repeat(250)),
        )
    });
    let r = policyc(ws.path(), &["build"]);
    assert_refused(&r, 2, "write-failed");
    assert!(r.stderr.contains("File name too long"), "{}", r.stderr);
    assert_eq!(snapshot(&content), site_before);
    assert_eq!(snapshot(&ws.path().join("out")), out_before);
    assert_eq!(leftovers(ws.path()), Vec::<String>::new());
}

#[test]
fn a_folder_where_a_site_page_goes_fails_and_changes_no_file() {
    let ws = with_site("{lang}/{slug}.md");
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let content = ws.path().join("site/content");
    change_an_input(ws.path());
    std::fs::create_dir_all(content.join("da/besked.md")).unwrap();
    let site_before = snapshot(&content);
    let r = policyc(ws.path(), &["build"]);
    assert_refused(&r, 2, "write-failed");
    assert!(r.stderr.contains("besked.md"), "{}", r.stderr);
    assert_eq!(snapshot(&content), site_before);
}

// ---- 10. The manifest depends on the inputs and the version only ----

#[test]
fn the_manifest_is_the_same_however_out_is_spelled() {
    let ws = fixture("minimal");
    let abs = ws.path().join("out");
    let spellings = ["out", "./out", "out/", abs.to_str().unwrap(), "out/../out"];
    let r = policyc(ws.path(), &["build", "--out", spellings[0]]);
    assert_eq!(r.code, 0, "{}", r.all());
    let first = std::fs::read(abs.join("manifest.json")).unwrap();
    for s in spellings {
        let r = policyc(ws.path(), &["build", "--out", s]);
        assert_eq!(r.code, 0, "{s}: {}", r.all());
        assert!(r.stderr.contains("up to date"), "{s}: {}", r.stderr);
        assert_eq!(
            std::fs::read(abs.join("manifest.json")).unwrap(),
            first,
            "{s}"
        );
    }
    // And without `--out` (the configured `out`).
    let r = policyc(ws.path(), &["build"]);
    assert!(r.stderr.contains("up to date"), "{}", r.stderr);
}

#[test]
fn the_manifest_does_not_change_with_the_binary_modification_time() {
    let ws = fixture("minimal");
    let bin_dir = tempfile::tempdir().unwrap();
    let bin = bin_dir.path().join("policyc");
    std::fs::copy(env!("CARGO_BIN_EXE_policyc"), &bin).unwrap();
    let run = || {
        Command::new(&bin)
            .current_dir(ws.path())
            .arg("build")
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    assert_eq!(run().status.code(), Some(0));
    let first = std::fs::read(ws.path().join("out/manifest.json")).unwrap();
    let later = std::time::SystemTime::now() + Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&bin)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let again = run();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("up to date"), "{stderr}");
    assert_eq!(
        std::fs::read(ws.path().join("out/manifest.json")).unwrap(),
        first
    );
    // And a workspace built by another copy of the binary records the same.
    let other = fixture("minimal");
    assert_eq!(policyc(other.path(), &["build"]).code, 0);
    assert_eq!(
        std::fs::read(other.path().join("out/manifest.json")).unwrap(),
        first
    );
}
