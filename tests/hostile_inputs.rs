//! Hostile inputs: files that lead out of the workspace, files that are not
//! files, input nested or repeated to exhaust the machine, and names that
//! cannot be files or look like other names. Each case runs the real binary
//! on a copy of the minimal fixture that was built once (so there is a
//! previous output) and asserts the exact exit code, the diagnostic code
//! and where it points, no panic, nothing written outside `out/`, the
//! previous output intact, and, for files outside the workspace, that not
//! one byte of them reaches stdout, stderr or `out/`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// In every file placed outside the workspace: it must never be shown.
const SECRET: &str = "SECRET-7f3a9c-MARKER";

/// A built copy of the minimal fixture.
struct Ws {
    dir: tempfile::TempDir,
    /// A folder outside the workspace, for link targets.
    outside: tempfile::TempDir,
    /// `out/` after the first build.
    before: BTreeMap<String, Vec<u8>>,
}

impl Ws {
    fn new() -> Ws {
        let dir = fixture("minimal");
        let first = policyc(dir.path(), &["build", "--format", "md"]);
        assert_eq!(first.code, 0, "baseline: {}", first.all());
        let before = read_tree(&dir.path().join("out"));
        assert!(!before.is_empty());
        Ws {
            dir,
            outside: tempfile::tempdir().unwrap(),
            before,
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file outside the workspace (containing [`SECRET`]).
    fn outside_file(&self, name: &str, text: &str) -> std::path::PathBuf {
        assert!(text.contains(SECRET));
        let p = self.outside.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Replaces the workspace's `rel` with a link to `target`.
    fn link(&self, rel: &str, target: &Path) {
        let at = self.path().join(rel);
        if at.is_dir() && !at.is_symlink() {
            std::fs::remove_dir_all(&at).unwrap();
        } else if at.symlink_metadata().is_ok() {
            std::fs::remove_file(&at).unwrap();
        }
        std::os::unix::fs::symlink(target, &at).unwrap();
    }

    /// Runs `policyc args` (with a time limit: nothing may block) and
    /// checks what every case shares.
    fn run(&self, args: &[&str]) -> Run {
        let inputs = listing(self.path());
        let r = run_with_limit(self.path(), args, Duration::from_secs(60));
        let all = r.all();
        assert!(!all.contains("panicked"), "panic\n{all}");
        assert_eq!(listing(self.path()), inputs, "files written outside out/");
        r
    }

    /// The refusal every case but the successful ones expects: exit code,
    /// diagnostic code, where it points (`file:line` or `file`), the
    /// previous output intact, and no secret anywhere.
    fn refused(&self, args: &[&str], code: i32, diag: &str, at: &str) -> Run {
        let r = self.run(args);
        let all = r.all();
        assert_eq!(r.code, code, "exit code\n{all}");
        let shown = if args.contains(&"json") {
            format!("\"code\": \"{diag}\"")
        } else {
            format!("[{diag}]")
        };
        assert!(all.contains(&shown), "expected {shown}\n{all}");
        assert!(all.contains(at), "expected the position {at}\n{all}");
        self.assert_out_intact();
        self.assert_no_secret(&r);
        r
    }

    fn assert_out_intact(&self) {
        assert!(
            read_tree(&self.path().join("out")) == self.before,
            "the previous output changed"
        );
    }

    fn assert_no_secret(&self, r: &Run) {
        assert!(
            !r.all().contains(SECRET),
            "the secret was shown\n{}",
            r.all()
        );
        for (path, bytes) in read_tree(&self.path().join("out")) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(SECRET),
                "the secret reached out/{path}"
            );
        }
    }

    /// Build and check both refuse the same way.
    fn refused_by_build_and_check(&self, code: i32, diag: &str, at: &str) {
        self.refused(&["build", "--format", "md"], code, diag, at);
        self.refused(&["check"], code, diag, at);
        self.refused(&["check", "--format", "json"], code, diag, "");
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        edit(&self.path().join(rel), |s| {
            assert!(s.contains(from), "{rel} lacks {from:?}");
            s.replacen(from, to, 1)
        });
    }
}

/// Every path below `dir` outside `out/`, with what it is: a regular
/// file's bytes, or the kind of anything else (never read: a FIFO would
/// block).
fn listing(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            if rel == "out" {
                continue;
            }
            let meta = p.symlink_metadata().unwrap();
            let what = if meta.is_symlink() {
                b"<link>".to_vec()
            } else if meta.is_dir() {
                walk(base, &p, out);
                b"<dir>".to_vec()
            } else if meta.is_file() {
                std::fs::read(&p).unwrap()
            } else {
                b"<special>".to_vec()
            };
            out.insert(rel, what);
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Runs the binary and kills it after `limit` (a FIFO read would block).
fn run_with_limit(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_policyc"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run policyc");
    let started = Instant::now();
    let out = std::thread::scope(|s| {
        let mut stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let o = s.spawn(move || {
            let mut v = Vec::new();
            std::io::Read::read_to_end(&mut stdout, &mut v).ok();
            v
        });
        let e = s.spawn(move || {
            let mut v = Vec::new();
            std::io::Read::read_to_end(&mut stderr, &mut v).ok();
            v
        });
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                break (status, o.join().unwrap(), e.join().unwrap());
            }
            if started.elapsed() > limit {
                child.kill().unwrap();
                panic!("policyc {args:?} did not finish within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    Run {
        code: out.0.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.1).into_owned(),
        stderr: String::from_utf8_lossy(&out.2).into_owned(),
    }
}

/// A copy of a workspace file with the secret on its first line and in its
/// text, so that reading it would show or publish the secret.
fn secret_copy(ws: &Ws, rel: &str, comment: &str) -> std::path::PathBuf {
    let text = ws.read(rel);
    let text = format!("{comment} {SECRET}\n{}", text.replace("Notice", SECRET));
    ws.outside_file(rel, &text)
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success());
}

// --- Every input must be a file inside the workspace -------------------

#[test]
fn a_linked_config_pointing_outside_is_refused() {
    let ws = Ws::new();
    let target = secret_copy(&ws, "policyc.toml", "#");
    ws.link("policyc.toml", &target);
    ws.refused_by_build_and_check(2, "outside-workspace", "policyc.toml");
}

#[test]
fn a_linked_lock_pointing_outside_is_refused() {
    let ws = Ws::new();
    // Not TOML: a parse error would print the line.
    let target = ws.outside_file("policyc.lock", &format!("{SECRET}=[\n"));
    ws.link("policyc.lock", &target);
    ws.refused_by_build_and_check(2, "outside-workspace", "policyc.lock");
}

#[test]
fn a_linked_policy_file_pointing_outside_is_refused() {
    let ws = Ws::new();
    let target = secret_copy(&ws, "policies/notice.toml", "#");
    ws.link("policies/notice.toml", &target);
    ws.refused_by_build_and_check(2, "outside-workspace", "policies/notice.toml");
}

#[test]
fn a_linked_policies_folder_pointing_outside_is_refused() {
    let ws = Ws::new();
    secret_copy(&ws, "policies/notice.toml", "#");
    ws.link("policies", &ws.outside.path().join("policies"));
    ws.refused_by_build_and_check(2, "outside-workspace", "policies");
}

#[test]
fn a_linked_translation_pointing_outside_is_refused() {
    let ws = Ws::new();
    let target = secret_copy(&ws, "locales/da/notice.ftl", "#");
    ws.link("locales/da/notice.ftl", &target);
    ws.refused_by_build_and_check(2, "outside-workspace", "locales/da/notice.ftl");
}

#[test]
fn a_linked_shared_file_pointing_outside_is_refused() {
    let ws = Ws::new();
    // A `.env` file is valid FTL: its values would be published as labels.
    let target = ws.outside_file(
        ".env",
        &format!("API_KEY = {SECRET}\nlanguage-name = {SECRET}\n"),
    );
    ws.link("locales/da/_shared.ftl", &target);
    ws.refused_by_build_and_check(2, "outside-workspace", "locales/da/_shared.ftl");
}

#[test]
fn a_linked_locales_folder_pointing_outside_is_refused() {
    let ws = Ws::new();
    secret_copy(&ws, "locales/da/notice.ftl", "#");
    secret_copy(&ws, "locales/en/notice.ftl", "#");
    ws.link("locales", &ws.outside.path().join("locales"));
    ws.refused_by_build_and_check(2, "outside-workspace", "locales/en");
}

#[test]
fn a_linked_template_pointing_outside_is_refused() {
    let ws = Ws::new();
    let target = ws.outside_file("page.md.jinja", &format!("{SECRET} {{{{ title }}}}\n"));
    std::fs::create_dir_all(ws.path().join("templates")).unwrap();
    ws.link("templates/page.md.jinja", &target);
    ws.refused(
        &["build", "--format", "md"],
        2,
        "outside-workspace",
        "templates/page.md.jinja",
    );
    ws.refused(
        &["check"],
        2,
        "outside-workspace",
        "templates/page.md.jinja",
    );
}

#[test]
fn a_linked_templates_folder_pointing_outside_is_refused() {
    let ws = Ws::new();
    ws.outside_file(
        "templates/page.md.jinja",
        &format!("{SECRET} {{{{ title }}}}\n"),
    );
    ws.link("templates", &ws.outside.path().join("templates"));
    ws.refused(
        &["build", "--format", "md"],
        2,
        "outside-workspace",
        "templates",
    );
    ws.refused(&["check"], 2, "outside-workspace", "templates");
}

#[test]
fn a_link_that_stays_inside_the_workspace_still_works() {
    let ws = Ws::new();
    let text = ws.read("locales/da/notice.ftl");
    ws.write("shared-texts/notice-da.ftl", &text);
    ws.link(
        "locales/da/notice.ftl",
        Path::new("../../shared-texts/notice-da.ftl"),
    );
    let r = ws.run(&["build", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.all().contains("outside-workspace"), "{}", r.all());
}

#[test]
fn a_fifo_as_the_lock_is_refused_without_blocking() {
    let ws = Ws::new();
    mkfifo(&ws.path().join("policyc.lock"));
    ws.refused(
        &["build", "--format", "md"],
        2,
        "unreadable",
        "policyc.lock",
    );
    ws.refused(&["check"], 2, "unreadable", "policyc.lock");
}

#[test]
fn a_fifo_as_a_policy_file_is_refused_without_blocking() {
    let ws = Ws::new();
    mkfifo(&ws.path().join("policies/other.toml"));
    ws.refused(
        &["build", "--format", "md"],
        2,
        "unreadable",
        "policies/other.toml",
    );
}

#[test]
fn a_fifo_as_a_translation_is_refused_without_blocking() {
    let ws = Ws::new();
    std::fs::remove_file(ws.path().join("locales/da/notice.ftl")).unwrap();
    mkfifo(&ws.path().join("locales/da/notice.ftl"));
    ws.refused(
        &["build", "--format", "md"],
        2,
        "unreadable",
        "locales/da/notice.ftl",
    );
}

#[test]
fn a_fifo_as_a_template_is_refused_without_blocking() {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.path().join("templates")).unwrap();
    mkfifo(&ws.path().join("templates/page.md.jinja"));
    ws.refused(
        &["build", "--format", "md"],
        2,
        "unreadable",
        "templates/page.md.jinja",
    );
}

#[test]
fn a_device_as_a_translation_is_refused_without_blocking() {
    let ws = Ws::new();
    ws.link("locales/da/notice.ftl", Path::new("/dev/zero"));
    // A link to a device outside the workspace: refused before any read.
    ws.refused(
        &["build", "--format", "md"],
        2,
        "outside-workspace",
        "locales/da/notice.ftl",
    );
}

// --- Depth and size ------------------------------------------------------

/// The line of `needle` in a workspace file (1-based).
fn line_of(ws: &Ws, rel: &str, needle: &str) -> usize {
    ws.read(rel)
        .lines()
        .position(|l| l.contains(needle))
        .expect("needle in file")
        + 1
}

#[test]
fn placeables_nested_thousands_deep_are_too_deep_not_a_crash() {
    let ws = Ws::new();
    let deep = format!("{}$x{}", "{ ".repeat(3000), " }".repeat(3000));
    let f = "locales/da/notice.ftl";
    ws.write(f, &format!("{}unused-deep = {deep}\n", ws.read(f)));
    let line = line_of(&ws, f, "unused-deep");
    ws.refused(
        &["build", "--format", "md"],
        1,
        "too-deep",
        &format!("{f}:{line}:"),
    );
    ws.refused(&["check"], 1, "too-deep", &format!("{f}:{line}:"));
}

#[test]
fn selects_nested_ten_thousand_deep_are_too_deep_not_a_crash() {
    let ws = Ws::new();
    let mut deep = String::from("deep-select =\n");
    for i in 0..10_000 {
        deep.push_str(&format!(
            "{}{{ $n ->\n{}*[other]\n",
            " ".repeat(4),
            " ".repeat(4)
        ));
        let _ = i;
    }
    deep.push_str("    x\n");
    deep.push_str(&"    }\n".repeat(10_000));
    let f = "locales/en/notice.ftl";
    ws.write(f, &format!("{}{deep}", ws.read(f)));
    let line = line_of(&ws, f, "deep-select") + 1;
    ws.refused(
        &["build", "--format", "md"],
        1,
        "too-deep",
        &format!("{f}:"),
    );
    let r = ws.refused(&["check"], 1, "too-deep", &format!("{f}:"));
    assert!(r.stderr.contains(&format!("{f}:")), "{}", r.stderr);
    let _ = line;
}

#[test]
fn function_calls_nested_thousands_deep_are_too_deep_not_a_crash() {
    let ws = Ws::new();
    let deep = format!("{{ {}1{} }}", "NUMBER(".repeat(3000), ")".repeat(3000));
    let f = "locales/da/notice.ftl";
    ws.write(f, &format!("{}calls = {deep}\n", ws.read(f)));
    let line = line_of(&ws, f, "calls =");
    ws.refused(&["check"], 1, "too-deep", &format!("{f}:{line}:"));
}

#[test]
fn a_deep_entry_is_left_out_and_the_rest_of_the_file_still_counts() {
    let ws = Ws::new();
    let f = "locales/da/notice.ftl";
    let deep = format!("{}$x{}", "{".repeat(500), "}".repeat(500));
    // Placed before the messages the policy needs: they must still be found.
    ws.write(f, &format!("deep = {deep}\n{}", ws.read(f)));
    let r = ws.refused(&["check"], 1, "too-deep", &format!("{f}:1:"));
    assert!(!r.all().contains("missing-"), "{}", r.all());
}

#[test]
fn a_toml_header_nested_a_thousand_deep_is_too_deep_at_its_line() {
    let ws = Ws::new();
    let f = "policies/notice.toml";
    let header = format!("[{}]\n", vec!["a"; 1000].join("."));
    ws.write(f, &format!("{}\n{header}x = 1\n", ws.read(f)));
    let line = line_of(&ws, f, "[a.a.a");
    ws.refused_by_build_and_check(2, "too-deep", &format!("{f}:{line}:"));
}

#[test]
fn a_toml_array_nested_a_thousand_deep_is_too_deep_at_its_line() {
    let ws = Ws::new();
    let f = "policies/notice.toml";
    let deep = format!("deep = {}1{}\n", "[".repeat(1000), "]".repeat(1000));
    // A key of the root table, before the first header.
    ws.write(f, &format!("{deep}{}", ws.read(f)));
    ws.refused_by_build_and_check(2, "too-deep", &format!("{f}:1:"));
}

#[test]
fn a_toml_inline_table_nested_a_thousand_deep_is_too_deep_at_its_line() {
    let ws = Ws::new();
    let f = "policyc.toml";
    let deep = format!("deep = {}1{}\n", "{a = ".repeat(1000), "}".repeat(1000));
    ws.write(f, &format!("{deep}{}", ws.read(f)));
    ws.refused_by_build_and_check(2, "too-deep", &format!("{f}:1:"));
}

#[test]
fn unused_messages_past_twenty_are_counted_not_listed() {
    let ws = Ws::new();
    let f = "locales/da/notice.ftl";
    let mut extra = String::new();
    for i in 0..500 {
        extra.push_str(&format!("unused-{i} = x\n"));
    }
    ws.write(f, &format!("{}{extra}", ws.read(f)));
    let r = ws.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(
        r.stderr.matches("warning[unused-message]").count(),
        20,
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("warning[repeated]: … and 480 more `unused-message` in this file"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(f), "{}", r.stderr);
    // Machines get the same: twenty and the count.
    let json = ws.run(&["check", "--format", "json"]);
    assert_eq!(
        json.stdout.matches("\"code\": \"unused-message\"").count(),
        20
    );
    assert!(json.stdout.contains("480 more"), "{}", json.stdout);
}

#[test]
fn repeated_errors_are_shown_twenty_per_file_and_code_and_all_counted() {
    let ws = Ws::new();
    let f = "locales/da/notice.ftl";
    let mut extra = String::new();
    for _ in 0..31 {
        extra.push_str("intro = Twice\n    .body = x\n");
    }
    ws.write(f, &format!("{}{extra}", ws.read(f)));
    let r = ws.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(
        r.stderr.matches("error[duplicate-message]").count(),
        20,
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("… and 11 more `duplicate-message` in this file"),
        "{}",
        r.stderr
    );
    // The summary and the JSON count every one.
    assert!(r.stderr.contains("check failed: 31 errors"), "{}", r.stderr);
    let json = ws.run(&["check", "--format", "json"]);
    assert_eq!(
        json.stdout
            .matches("\"code\": \"duplicate-message\"")
            .count(),
        31
    );
}

#[test]
fn a_translation_of_a_million_messages_is_refused_quickly() {
    let ws = Ws::new();
    let f = "locales/da/notice.ftl";
    let mut text = ws.read(f);
    text.reserve(12 * 1_000_000);
    for i in 0..1_000_000 {
        text.push_str(&format!("m{i}=x\n"));
    }
    ws.write(f, &text);
    // The entry past the limit of 100,000.
    let line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .nth(100_000)
        .unwrap()
        .0
        + 1;
    let started = Instant::now();
    ws.refused(&["check"], 2, "too-large", &format!("{f}:{line}:"));
    assert!(started.elapsed() < Duration::from_secs(20));
}

/// A policy of `n` sections, each with its text in both locales.
fn many_sections(ws: &Ws, n: usize) {
    let mut toml = ws.read("policies/notice.toml");
    let mut en = ws.read("locales/en/notice.ftl");
    let mut da = ws.read("locales/da/notice.ftl");
    for i in 0..n {
        toml.push_str(&format!(
            "\n[[sections]]\nid = \"s{i}\"\nblocks = [{{ kind = \"text\", id = \"body\" }}]\n"
        ));
        en.push_str(&format!("s{i} = Section {i}\n    .body = Text {i}.\n"));
        da.push_str(&format!("s{i} = Afsnit {i}\n    .body = Tekst {i}.\n"));
    }
    // The epilogue comes after the sections in the file: move it to the end.
    let epilogue = "\n[[epilogue]]\nkind = \"note\"\nid = \"more\"\n";
    assert!(toml.contains(epilogue));
    toml = toml.replacen(epilogue, "\n", 1) + epilogue;
    ws.write("policies/notice.toml", &toml);
    ws.write("locales/en/notice.ftl", &en);
    ws.write("locales/da/notice.ftl", &da);
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn a_pdf_past_the_size_limit_is_refused_before_typesetting() {
    let ws = Ws::new();
    many_sections(&ws, 2_001);
    let started = Instant::now();
    ws.refused(
        &["build", "--format", "pdf"],
        1,
        "pdf-too-large",
        "2003 sections",
    );
    // Refused before layout: typesetting 2,000 sections takes far longer.
    assert!(started.elapsed() < Duration::from_secs(30));
    // check validates the same limit without typesetting.
    ws.edit(
        "policyc.toml",
        "[workspace]",
        "[workspace]\nformats = [\"md\", \"pdf\"]",
    );
    let started = Instant::now();
    ws.refused(&["check"], 1, "pdf-too-large", "2003 sections");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn a_pdf_with_a_list_past_the_block_limit_is_refused() {
    let ws = Ws::new();
    let items: Vec<String> = (0..10_001).map(|i| format!("\"i{i}\"")).collect();
    ws.edit(
        "policies/notice.toml",
        "items = [\"mail\", \"phone\"]",
        &format!("items = [{}]", items.join(", ")),
    );
    for l in ["en", "da"] {
        let f = format!("locales/{l}/notice.ftl");
        let mut text = ws.read(&f).replace("    .ways-mail = By mail.\n", "");
        text = text.replace("    .ways-phone = By phone.\n", "");
        let mut extra = String::new();
        for i in 0..10_001 {
            extra.push_str(&format!("    .ways-i{i} = Item {i}.\n"));
        }
        let at = text.find("contact = ").unwrap();
        let end = text[at..].find("\n").unwrap() + at + 1;
        text.insert_str(end, &extra);
        ws.write(&f, &text);
    }
    ws.refused(
        &["build", "--format", "pdf"],
        1,
        "pdf-too-large",
        "blocks, more than 10000",
    );
}

// --- Names ---------------------------------------------------------------

#[test]
fn a_policy_id_of_245_characters_is_refused_at_its_line() {
    let ws = Ws::new();
    let f = "policies/notice.toml";
    ws.edit(
        f,
        "id = \"notice\"",
        &format!("id = \"{}\"", "n".repeat(245)),
    );
    let line = line_of(&ws, f, "id = \"nnn");
    ws.refused_by_build_and_check(2, "bad-id", &format!("{f}:{line}:"));
}

#[test]
fn a_policy_file_name_that_is_not_utf8_is_reported() {
    use std::os::unix::ffi::OsStrExt;
    let ws = Ws::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.toml");
    std::fs::write(ws.path().join("policies").join(name), "").unwrap();
    let r = ws.refused(
        &["build", "--format", "md"],
        2,
        "bad-file-name",
        "caf\\xe9.toml",
    );
    assert!(r.stderr.contains("not UTF-8"), "{}", r.stderr);
    ws.refused(&["check"], 2, "bad-file-name", "caf\\xe9.toml");
}

/// Sets the Danish slug; expects `bad-slug` at its line.
fn refuses_slug(slug: &str) {
    let ws = Ws::new();
    let f = "policies/notice.toml";
    ws.edit(f, "slug = \"meddelelse\"", &format!("slug = \"{slug}\""));
    let line = line_of(&ws, f, "slug = ");
    let r = ws.refused(
        &["build", "--format", "md"],
        2,
        "bad-slug",
        &format!("{f}:{line}:"),
    );
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
}

/// Adds a Danish alias; expects `bad-alias` at its line.
fn refuses_alias(alias: &str) {
    let ws = Ws::new();
    let f = "policies/notice.toml";
    ws.edit(
        f,
        "slug = \"meddelelse\"",
        &format!("slug = \"meddelelse\"\naliases = [\"{alias}\"]"),
    );
    let line = line_of(&ws, f, "aliases = ");
    let r = ws.refused(
        &["build", "--format", "md"],
        2,
        "bad-alias",
        &format!("{f}:{line}:"),
    );
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
}

#[test]
fn a_slug_con_is_refused() {
    refuses_slug("CON");
}

#[test]
fn a_slug_nul_with_an_extension_is_refused() {
    refuses_slug("nul.txt");
}

#[test]
fn a_slug_aux_in_lower_case_is_refused() {
    refuses_slug("aux");
}

#[test]
fn a_slug_prn_is_refused() {
    refuses_slug("Prn");
}

#[test]
fn a_slug_com_port_is_refused() {
    refuses_slug("com7");
}

#[test]
fn a_slug_lpt_port_with_an_extension_is_refused() {
    refuses_slug("LPT1.md");
}

#[test]
fn an_alias_with_a_reserved_segment_is_refused() {
    refuses_alias("/old/con/");
}

#[test]
fn an_alias_with_a_reserved_file_name_is_refused() {
    refuses_alias("/old/lpt3.html");
}

#[test]
fn a_policy_id_that_is_a_device_name_is_refused() {
    let ws = Ws::new();
    std::fs::rename(
        ws.path().join("policies/notice.toml"),
        ws.path().join("policies/nul.toml"),
    )
    .unwrap();
    let f = "policies/nul.toml";
    ws.edit(f, "id = \"notice\"", "id = \"nul\"");
    let line = line_of(&ws, f, "id = ");
    ws.refused(&["check"], 2, "bad-id", &format!("{f}:{line}:"));
}

#[test]
fn a_slug_mixing_latin_and_cyrillic_is_refused() {
    // `nоtice` with a Cyrillic о (U+043E).
    refuses_slug("n\u{43e}tice");
}

#[test]
fn a_slug_mixing_latin_and_greek_is_refused() {
    // `nοtice` with a Greek ο (U+03BF).
    refuses_slug("n\u{3bf}tice");
}

#[test]
fn an_alias_mixing_scripts_is_refused() {
    refuses_alias("/\u{43e}ld/notice/");
}

#[test]
fn a_locale_alias_mixing_scripts_is_refused() {
    let ws = Ws::new();
    let f = "policyc.toml";
    ws.write(
        f,
        &format!("{}\n[locale-aliases]\n\"d\u{430}\" = \"da\"\n", ws.read(f)),
    );
    let line = line_of(&ws, f, "\"d\u{430}\"");
    ws.refused(&["check"], 2, "bad-alias", &format!("{f}:{line}:"));
}

#[test]
fn a_slug_in_one_script_other_than_latin_is_fine() {
    let ws = Ws::new();
    ws.edit(
        "policies/notice.toml",
        "slug = \"meddelelse\"",
        "slug = \"уведомление\"",
    );
    let r = ws.run(&["build", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn a_slug_of_101_bytes_is_refused() {
    refuses_slug(&"m".repeat(101));
}
