//! Hostile input against what policyc prints, and against `serve`.
//!
//! Diagnostics reach terminals (escape sequences), CI logs (GitHub Actions
//! runs any log line that starts with `::`, and `##[` anywhere) and
//! pull-request summaries (`status --format markdown`): each case puts a
//! payload into a translation, a file name or a forged `policyc.lock` and
//! asserts the exact exit code and diagnostic, and that the payload comes
//! out inert. The `serve` cases drive the real server over raw TCP.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use common::*;

// ---------------------------------------------------------------------------
// Helpers for the diagnostics cases.

fn ftl(dir: &Path, locale: &str) -> PathBuf {
    dir.join(format!("locales/{locale}/notice.ftl"))
}

fn replace_in(path: &Path, from: &str, to: &str) {
    edit(path, |s| {
        assert!(s.contains(from), "fixture lacks {from:?}");
        s.replace(from, to)
    });
}

/// No line of `text` would be run by GitHub Actions: none starts with
/// `::` after white space, none holds the legacy `##[` prefix.
fn assert_no_workflow_command(text: &str) {
    for line in text.split(['\n', '\r']) {
        assert!(
            !line.trim_start().starts_with("::"),
            "a line starts a workflow command: {line:?}\n{text}"
        );
        assert!(
            !line.contains("##["),
            "a line holds a legacy command: {line:?}\n{text}"
        );
    }
}

/// No control character other than a newline reaches the output.
fn assert_no_control(text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(bad.is_empty(), "raw control characters {bad:?} in\n{text}");
}

/// Human output is both: inert for CI and for terminals.
fn assert_inert(r: &Run) {
    let all = r.all();
    assert!(!all.contains("panicked"), "panic\n{all}");
    assert_no_workflow_command(&all);
    assert_no_control(&all);
}

/// The minimal fixture with the reference's `contact` section carrying an
/// extra continuation line, and the Danish file missing that section: the
/// `missing-section` hint quotes the reference text line by line.
fn missing_section_quoting(dir: &Path, line: &str) -> Run {
    replace_in(
        &ftl(dir, "en"),
        "    .ways-mail = By mail.",
        &format!("    .ways-mail = By mail.\n    {line}"),
    );
    edit(&ftl(dir, "da"), |s| remove_message(&s, "contact"));
    policyc(dir, &["check"])
}

/// A lock that records `intro.body` in Danish as translated from `old`,
/// which is not the reference text now: `check` reports it as stale and
/// `status` shows `old`.
fn forge_lock(dir: &Path, old: &str) {
    let hash = "00000000deadbeef";
    let text = toml_string(old);
    std::fs::write(
        dir.join("policyc.lock"),
        format!(
            "version = 1\n[translations.notice.da]\n\"intro.body\" = \"{hash}\"\n[texts]\n{hash} = {text}\n"
        ),
    )
    .unwrap();
}

/// A TOML basic string holding `s` exactly.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `status --format markdown` on a forged lock: exit 1 (a stale
/// translation), and the one `from:` line it printed.
fn status_markdown_from(dir: &Path) -> String {
    let r = policyc(dir, &["status", "--format", "markdown"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(!r.all().contains("panicked"), "{}", r.all());
    assert!(
        r.stdout.contains("| `intro` | ✅ ok | ⚠️ stale |"),
        "{}",
        r.stdout
    );
    let from: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("  - from: "))
        .collect();
    assert_eq!(from.len(), 1, "{}", r.stdout);
    // Every line is ours: headings, the table, the stale list.
    for line in r.stdout.lines() {
        let ours = line.is_empty()
            || line == "## Translation status"
            || line == "### `notice`"
            || line.starts_with("| ")
            || line.starts_with("|---|")
            || line.starts_with("- `da` `intro.body` is stale")
            || line.starts_with("  - from: ")
            || line.starts_with("  - to: ")
            || line.starts_with("  - change: ")
            || line == "#### Sign-off";
        assert!(
            ours,
            "a line the report did not write: {line:?}\n{}",
            r.stdout
        );
    }
    from[0].to_string()
}

/// Markdown shows `\x` as x for ASCII punctuation: what a reader sees.
fn unescape_markdown(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some(n)) if n.is_ascii_punctuation() => {
                out.push(n);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Asserts that `payload` comes out of the Markdown status as escaped
/// plain text: no markup character raw, and read back as written (line
/// breaks shown as `␊`).
fn assert_markdown_plain(payload: &str) {
    let ws = fixture("minimal");
    forge_lock(ws.path(), payload);
    let from = status_markdown_from(ws.path());
    let text = from.strip_prefix("  - from: ").unwrap();
    let mut prev = ' ';
    for c in text.chars() {
        if "<>[]|`*_#!&".contains(c) {
            assert_eq!(prev, '\\', "unescaped {c:?} in {text:?}");
        }
        prev = if prev == '\\' { ' ' } else { c };
    }
    assert_eq!(unescape_markdown(text), payload.replace('\n', "␊"));
}

// ---------------------------------------------------------------------------
// Human output: GitHub Actions commands.

#[test]
fn a_newline_and_warning_command_in_a_translation_never_starts_a_log_line() {
    let ws = fixture("minimal");
    let r = missing_section_quoting(ws.path(), "::warning file=x::pwned");
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("error[missing-section]"), "{}", r.stderr);
    assert!(r.stderr.contains("locales/da/notice.ftl"), "{}", r.stderr);
    // The text is still shown, joined to the line before.
    assert!(
        r.stderr.contains("By mail.␊    ::warning file=x::pwned"),
        "{}",
        r.stderr
    );
    assert_inert(&r);
}

#[test]
fn stop_commands_in_a_forged_lock_never_start_a_log_line() {
    let ws = fixture("minimal");
    forge_lock(
        ws.path(),
        "Old text\n::stop-commands::pwned\n\u{a0}::error::fake",
    );
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("error[stale]"), "{}", r.stderr);
    assert!(r.stderr.contains("locales/da/notice.ftl:"), "{}", r.stderr);
    assert!(r.stderr.contains("␊::stop-commands::pwned"), "{}", r.stderr);
    assert_inert(&r);
}

#[test]
fn a_legacy_command_in_a_source_excerpt_is_broken() {
    let ws = fixture("minimal");
    // An unknown variable: the excerpt shows the line, `##[error]` included.
    replace_in(
        &ftl(ws.path(), "da"),
        "intro = ",
        "intro = ##[error]pwned { $nope } ",
    );
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("error[unknown-variable]"), "{}", r.stderr);
    assert!(r.stderr.contains("locales/da/notice.ftl:"), "{}", r.stderr);
    assert!(r.stderr.contains("#＃[error]pwned"), "{}", r.stderr);
    assert_inert(&r);
}

// ---------------------------------------------------------------------------
// Human output: terminal escape sequences.

/// Puts `payload` into the Danish title, then checks: the
/// `control-character` finding at the right line, with the payload shown.
fn control_in_translation(payload: &str, shown: &str) {
    finding_in_title(payload, "control-character", shown)
}

/// Puts `payload` into the Danish title: `code` at line 1, `shown` in the
/// excerpt, and the real verdict.
fn finding_in_title(payload: &str, code: &str, shown: &str) {
    let ws = fixture("minimal");
    replace_in(
        &ftl(ws.path(), "da"),
        "policy = Meddelelse",
        &format!("policy = Meddelelse{payload}"),
    );
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains(&format!("error[{code}]")), "{}", r.stderr);
    assert!(
        r.stderr.contains("locales/da/notice.ftl:1:"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(shown), "{shown:?} not in\n{}", r.stderr);
    assert!(r.stderr.contains("check failed: 1 error"), "{}", r.stderr);
    assert_inert(&r);
}

#[test]
fn an_escape_that_clears_the_screen_is_shown_not_sent() {
    control_in_translation("\x1b[2J\x1b[H", "Meddelelse␛[2J␛[H");
}

#[test]
fn an_escape_that_sets_the_window_title_is_shown_not_sent() {
    control_in_translation("\x1b]0;pwned\x07", "Meddelelse␛]0;pwned␇");
}

#[test]
fn a_carriage_return_cannot_overwrite_the_verdict_with_a_fake_check_ok() {
    // A lone CR is allowed in text; the excerpt of another finding on the
    // same line shows it.
    finding_in_title(
        " { $nope }\rcheck ok: 0 errors, 0 warnings",
        "unknown-variable",
        "Meddelelse { $nope }␍check ok: 0 errors, 0 warnings",
    );
}

#[test]
fn a_c1_control_and_a_bidi_override_are_shown_not_sent() {
    // U+009B is a one-character CSI on some terminals; U+202E reverses text.
    let ws = fixture("minimal");
    replace_in(
        &ftl(ws.path(), "da"),
        "policy = Meddelelse",
        "policy = Meddelelse\u{9b}2J",
    );
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr.contains("error[control-character]"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("Meddelelse\u{fffd}2J"), "{}", r.stderr);
    assert_inert(&r);
}

/// A policy file named `name` that is not valid TOML: `invalid-toml` at
/// its line 1, column 5, naming the file.
fn broken_policy_named(name: &str) -> tempfile::TempDir {
    let ws = fixture("minimal");
    std::fs::write(ws.path().join(format!("policies/{name}.toml")), "x = y\n").unwrap();
    ws
}

#[test]
fn an_escape_in_a_file_name_is_shown_not_sent() {
    let ws = broken_policy_named("\x1b]0;pwned\x07\x1b[2J");
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error[invalid-toml]"), "{}", r.stderr);
    assert!(
        r.stderr.contains("policies/␛]0;pwned␇␛[2J.toml:1:5"),
        "{}",
        r.stderr
    );
    assert_inert(&r);
}

#[test]
fn a_newline_in_a_file_name_never_starts_a_log_line() {
    let ws = broken_policy_named("x\n::warning::pwned");
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error[invalid-toml]"), "{}", r.stderr);
    assert!(
        r.stderr.contains("policies/x␊::warning::pwned.toml:1:5"),
        "{}",
        r.stderr
    );
    assert_inert(&r);
}

#[test]
fn a_newline_in_a_message_quoting_a_file_name_never_starts_a_log_line() {
    let ws = fixture("minimal");
    let name = "locales/da/x\n::warning::pwned.ftl";
    std::fs::write(ws.path().join(name), "x = y\n").unwrap();
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stderr
            .contains("warning[unused-file]: `x␊::warning::pwned.ftl`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("in locales/da/x␊::warning::pwned.ftl"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("check ok: 0 errors, 1 warning\n"),
        "{}",
        r.stderr
    );
    assert_inert(&r);
}

#[test]
fn a_colored_report_carries_only_its_own_escapes() {
    let ws = fixture("minimal");
    replace_in(
        &ftl(ws.path(), "da"),
        "policy = Meddelelse",
        "policy = Meddelelse\x1b]0;pwned\x07",
    );
    let r = policyc(ws.path(), &["--color", "always", "check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("\x1b["), "colours are on: {:?}", r.stderr);
    assert!(!r.stderr.contains("\x1b]"), "{:?}", r.stderr);
    assert!(!r.stderr.contains('\x07'), "{:?}", r.stderr);
    assert!(r.stderr.contains("␛]0;pwned␇"), "{:?}", r.stderr);
}

// ---------------------------------------------------------------------------
// `--format github`.

/// `check --format github`: every stdout line is one workflow command
/// of ours.
fn github_lines(r: &Run) -> Vec<String> {
    assert!(!r.all().contains("panicked"), "{}", r.all());
    assert!(!r.stdout.contains('\r'), "{:?}", r.stdout);
    let lines: Vec<String> = r.stdout.lines().map(str::to_string).collect();
    for l in &lines {
        assert!(
            l.starts_with("::error ") || l.starts_with("::warning "),
            "{l:?}"
        );
        assert_no_control(l);
    }
    lines
}

#[test]
fn github_format_escapes_percent_in_a_message() {
    let ws = fixture("minimal");
    replace_in(
        &ws.path().join("policies/notice.toml"),
        "id = \"intro\"",
        "id = \"a%0A::error::x\"",
    );
    let r = policyc(ws.path(), &["check", "--format", "github"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let lines = github_lines(&r);
    let bad = lines
        .iter()
        .find(|l| l.contains("title=policyc bad-id"))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(
        bad.starts_with("::error file=policies/notice.toml,line=19,"),
        "{bad}"
    );
    assert!(bad.contains("`a%250A::error::x`"), "{bad}");
}

#[test]
fn github_format_escapes_line_breaks_in_a_quoted_translation() {
    let ws = fixture("minimal");
    let r = missing_section_quoting(ws.path(), "::warning::pwned\r");
    let r2 = policyc(ws.path(), &["check", "--format", "github"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r2.code, 1, "{}", r2.all());
    let lines = github_lines(&r2);
    let missing = lines
        .iter()
        .find(|l| l.contains("title=policyc missing-section"))
        .unwrap_or_else(|| panic!("{}", r2.stdout));
    assert!(
        missing.starts_with("::error file=locales/da/notice.ftl,title=policyc missing-section::"),
        "{missing}"
    );
    assert!(
        missing.contains("By mail.%0A    ::warning::pwned"),
        "{missing}"
    );
}

#[test]
fn github_format_escapes_commas_and_colons_in_a_file_name() {
    let ws = broken_policy_named("a,b:c%0A::x");
    let r = policyc(ws.path(), &["check", "--format", "github"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let lines = github_lines(&r);
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    assert!(
        lines[0].starts_with(
            "::error file=policies/a%2Cb%3Ac%250A%3A%3Ax.toml,line=1,col=5,title=policyc invalid-toml::"
        ),
        "{}",
        r.stdout
    );
}

// ---------------------------------------------------------------------------
// `status --format markdown` (and text) from a forged lock.

#[test]
fn status_markdown_escapes_a_heading_from_the_lock() {
    assert_markdown_plain("Old\n## Approved by legal\n# all good");
}

#[test]
fn status_markdown_escapes_a_table_pipe_from_the_lock() {
    assert_markdown_plain("a | b |\n|---|---|\n| forged | row |");
}

#[test]
fn status_markdown_escapes_an_image_from_the_lock() {
    assert_markdown_plain("<img src=\"https://evil.example/x.png\" onerror=\"alert(1)\">");
}

#[test]
fn status_markdown_escapes_a_link_from_the_lock() {
    assert_markdown_plain("[click](https://evil.example) ![i](https://evil.example/i.png) https://evil.example www.evil.example");
}

#[test]
fn status_markdown_escapes_an_html_comment_from_the_lock() {
    assert_markdown_plain("visible <!-- the rest of the report is hidden");
}

#[test]
fn status_markdown_escapes_code_and_emphasis_from_the_lock() {
    assert_markdown_plain("``` ` **bold** _em_ ~~strike~~ &amp; $x$ \\");
}

#[test]
fn status_text_shows_control_characters_from_the_lock() {
    let ws = fixture("minimal");
    forge_lock(ws.path(), "old\x1b[2J\n::warning::pwned");
    let r = policyc(ws.path(), &["status"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.contains("    was: old␛[2J␊::warning::pwned"),
        "{}",
        r.stdout
    );
    assert_inert(&r);
}

#[test]
fn status_json_carries_the_lock_text_escaped_by_json() {
    let ws = fixture("minimal");
    let payload = "old\x1b[2J\n::warning::pwned <img>";
    forge_lock(ws.path(), payload);
    let r = policyc(ws.path(), &["status", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_inert(&r);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["policies"][0]["stale"][0]["old"], payload);
}

// ---------------------------------------------------------------------------
// `serve`.

/// A running `policyc serve --port 0` on the minimal fixture.
struct Server {
    child: Child,
    addr: String,
    _lines: Receiver<String>,
    _ws: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let ws = fixture("minimal");
        let mut child = Command::new(env!("CARGO_BIN_EXE_policyc"))
            .current_dir(ws.path())
            .args(["serve", "--port", "0"])
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let until = Instant::now() + Duration::from_secs(20);
        let addr = loop {
            assert!(Instant::now() < until, "serve did not start");
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(100)) {
                if let Some(rest) = line.split("http://").nth(1) {
                    break rest.split('/').next().unwrap().to_string();
                }
            }
        };
        Server {
            child,
            addr,
            _lines: rx,
            _ws: ws,
        }
    }

    fn port(&self) -> &str {
        self.addr.rsplit(':').next().unwrap()
    }

    /// One raw request; the status code and the whole response.
    fn raw(&self, request: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let text = String::from_utf8_lossy(&buf).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (status, text)
    }

    fn get_with_host(&self, host: &str) -> (u16, String) {
        self.raw(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    }

    /// The highest resident memory the process had, in kB.
    fn peak_rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    /// SIGTERM; the exit code, or a panic after `within`.
    fn stop(mut self, within: Duration) -> i32 {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let until = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            if Instant::now() > until {
                let _ = self.child.kill();
                panic!("serve did not stop within {within:?} of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A client that pipelines many requests and never reads an answer.
fn pipelining_non_reader(addr: &str) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(2))).unwrap();
    let one = format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    let mut w = &s;
    for _ in 0..200 {
        if w.write_all(one.as_bytes()).is_err() {
            break;
        }
    }
    s
}

#[test]
fn serve_refuses_a_foreign_host_header() {
    let s = Server::start();
    let (status, body) = s.get_with_host("rebind.attacker.example");
    assert_eq!(status, 403, "{body}");
    assert!(!body.contains("Meddelelse"), "{body}");
    let (status, body) = s.get_with_host(&format!("rebind.attacker.example:{}", s.port()));
    assert_eq!(status, 403, "{body}");
    // A request without a Host header is refused too.
    let (status, _) = s.raw("GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 403);
    assert_eq!(s.stop(Duration::from_secs(5)), 0);
}

#[test]
fn serve_answers_for_localhost_and_loopback_names() {
    let s = Server::start();
    let port = s.port().to_string();
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "[::1]".to_string(),
    ] {
        let (status, body) = s.get_with_host(&host);
        assert_eq!(status, 200, "{host}: {body}");
        assert!(body.contains("policyc preview"), "{host}: {body}");
    }
    let (status, _) = s.get_with_host("localhost:1");
    assert_eq!(status, 403);
    assert_eq!(s.stop(Duration::from_secs(5)), 0);
}

#[test]
fn serve_cuts_off_huge_request_headers_early() {
    let s = Server::start();
    // Four clients, each trying to send a 300 MB header.
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let addr = s.addr.clone();
            std::thread::spawn(move || {
                let mut c = TcpStream::connect(&addr).unwrap();
                c.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
                c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                let started = Instant::now();
                let mut sent = 0usize;
                let _ =
                    c.write_all(format!("GET / HTTP/1.1\r\nHost: {addr}\r\nX-Big: ").as_bytes());
                let chunk = vec![b'a'; 1 << 20];
                while sent < 300 << 20 {
                    match c.write(&chunk) {
                        Ok(n) => sent += n,
                        Err(_) => break,
                    }
                }
                let mut answer = Vec::new();
                let _ = c.read_to_end(&mut answer);
                (sent, started.elapsed(), answer)
            })
        })
        .collect();
    for c in clients {
        let (sent, took, answer) = c.join().unwrap();
        assert!(sent < 300 << 20, "the server read all 300 MB");
        assert!(took < Duration::from_secs(15), "took {took:?}");
        // The 431 is sent; whether it arrives before the reset is up to the kernel.
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
            "{answer}"
        );
    }
    let peak = s.peak_rss_kb();
    assert!(peak < 200 * 1024, "peak RSS {peak} kB");
    // Still serving.
    let (status, _) = s.get_with_host(&s.addr.clone());
    assert_eq!(status, 200);
    assert_eq!(s.stop(Duration::from_secs(5)), 0);
}

#[test]
fn serve_keeps_answering_while_a_client_pipelines_and_never_reads() {
    let s = Server::start();
    let _hog = pipelining_non_reader(&s.addr);
    let started = Instant::now();
    let (status, body) = s.get_with_host(&s.addr.clone());
    assert_eq!(status, 200, "{body}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(s.stop(Duration::from_secs(5)), 0);
}

#[test]
fn serve_stops_on_sigterm_while_a_client_hangs() {
    let s = Server::start();
    let _hog = pipelining_non_reader(&s.addr);
    // And one that sends half a request and waits.
    let mut half = TcpStream::connect(&s.addr).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(s.stop(Duration::from_secs(3)), 0);
}

#[test]
fn serve_keeps_answering_while_clients_trickle_headers() {
    let s = Server::start();
    // Slow clients that never finish their request each hold one thread,
    // for a bounded time; the server goes on answering.
    let slow: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut c = TcpStream::connect(&s.addr).unwrap();
            c.write_all(b"GET / HTTP/1.1\r\nX: ").unwrap();
            c
        })
        .collect();
    let started = Instant::now();
    let (status, _) = s.get_with_host(&s.addr.clone());
    assert_eq!(status, 200);
    assert!(started.elapsed() < Duration::from_secs(3));
    drop(slow);
    assert_eq!(s.stop(Duration::from_secs(5)), 0);
}
