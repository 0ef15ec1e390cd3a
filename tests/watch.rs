//! `watch` and `serve` end to end: start the real binary, edit a file, see
//! the change, stop it cleanly with SIGTERM.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use common::*;

/// A running policyc with its stderr lines on a channel.
struct Running {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Running {
    fn start(dir: &std::path::Path, args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_policyc"))
            .current_dir(dir)
            .args(args)
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
        Running {
            child,
            lines: rx,
            seen: Vec::new(),
        }
    }

    /// Waits (up to 20 s) for a stderr line containing `needle`.
    fn wait_for(&mut self, needle: &str) -> String {
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(100)) {
                self.seen.push(line.clone());
                if line.contains(needle) {
                    return line;
                }
            }
        }
        panic!("no line with {needle:?}; saw:\n{}", self.seen.join("\n"));
    }

    /// SIGTERM, then the exit code.
    fn stop(mut self) -> i32 {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < until, "did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A test that fails before `stop` leaves no server running.
impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn poll(until: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !until() {
        assert!(Instant::now() < deadline, "condition not met within 20 s");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `serve --port 0` in `dir`, and the address it serves on.
fn serve_on_a_free_port(dir: &std::path::Path) -> (Running, String) {
    let mut s = Running::start(dir, &["serve", "--port", "0"]);
    let line = s.wait_for("serving on http://127.0.0.1:");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|a| a.split('/').next());
    let addr = addr.expect("the address").to_string();
    (s, addr)
}

/// A request with headers and a body; the status and the body of the answer.
fn send(addr: &str, request: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok());
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string());
    (status.unwrap_or(0), body.unwrap_or_default())
}

/// `serve` on a copy of the examples whose English cookies pointer
/// changed (the other locales' translations of it are stale); its
/// address and the token of its review view.
fn serve_with_a_stale_text() -> (tempfile::TempDir, Running, String, String) {
    let ws = examples();
    edit(&ws.path().join("locales/en/privacy.ftl"), |s| {
        s.replace(
            "How our website uses cookies",
            "How our own website uses cookies",
        )
    });
    let (s, addr) = serve_on_a_free_port(ws.path());
    let (_, view) = get(&addr, "/__policyc/review/privacy/da");
    let token = view
        .split("name=\"policyc-token\" content=\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .expect("the review view embeds the token")
        .to_string();
    (ws, s, addr, token)
}

/// An approval of the Danish cookies pointer, with extra headers.
fn approve(addr: &str, headers: &str, unchanged: bool) -> (u16, String) {
    let body = format!(
        "{{\"policy\":\"privacy\",\"locale\":\"da\",\"keys\":[\"cookies.pointer\"],\"by\":\"Browser Reviewer <b@example.invalid>\",\"unchanged\":{unchanged}}}"
    );
    send(
        addr,
        &format!(
            "POST /__policyc/approve HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

/// Sends each approval (its extra headers): every one is 403 and the lock
/// stays as it was.
fn assert_refused(ws: &tempfile::TempDir, s: Running, addr: &str, headers: &[String]) {
    let lock = std::fs::read_to_string(ws.path().join("policyc.lock")).unwrap();
    for h in headers {
        assert_eq!(approve(addr, h, true).0, 403, "{h:?}");
    }
    let after = std::fs::read_to_string(ws.path().join("policyc.lock")).unwrap();
    assert_eq!(after, lock);
    assert_eq!(s.stop(), 0);
}

#[test]
fn serve_refuses_an_approval_without_the_token() {
    let (ws, s, addr, _) = serve_with_a_stale_text();
    let origin = format!("Origin: http://{addr}\r\n");
    let wrong = format!("{origin}X-Policyc-Token: 0000\r\n");
    assert_refused(&ws, s, &addr, &[origin, wrong]);
}

#[test]
fn serve_refuses_an_approval_from_another_origin() {
    let (ws, s, addr, token) = serve_with_a_stale_text();
    let token = format!("X-Policyc-Token: {token}\r\n");
    let foreign = format!("Origin: http://evil.example\r\n{token}");
    assert_refused(&ws, s, &addr, &[foreign, token]);
}

#[test]
fn serve_records_an_approval_in_the_lock_as_review_does() {
    let (ws, s, addr, token) = serve_with_a_stale_text();
    let headers = format!("Origin: http://{addr}\r\nX-Policyc-Token: {token}\r\n");
    // Stale but unchanged: refused until confirmed, as without --unchanged.
    let (status, body) = approve(&addr, &headers, false);
    assert_eq!(status, 409, "{body}");
    let (status, body) = approve(&addr, &headers, true);
    assert_eq!(status, 200, "{body}");
    let lock = std::fs::read_to_string(ws.path().join("policyc.lock")).unwrap();
    let da = lock.split("[translations.privacy.da]").nth(1).unwrap();
    let record = da
        .lines()
        .find(|l| l.starts_with("\"cookies.pointer\""))
        .unwrap();
    assert!(
        record.contains("by = \"Browser Reviewer <b@example.invalid>\""),
        "{record}"
    );
    assert_eq!(s.stop(), 0);
}

#[test]
fn serve_previews_live_reloads_shows_findings_and_stops_cleanly() {
    let ws = examples();
    // A translator previews an edit before it is signed off.
    edit(&ws.path().join("policyc.toml"), |s| {
        format!("{s}\n[check]\nchanged-after-review = \"warning\"\n")
    });
    let (s, addr) = serve_on_a_free_port(ws.path());

    let (status, index) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(index.contains("<a href=\"/da/behandling-af-personoplysninger.html\">Behandling af personoplysninger</a>"), "{index}");
    assert!(index.contains("check ok"));
    let (status, page) = get(&addr, "/da/behandling-af-personoplysninger.html");
    assert_eq!(status, 200);
    assert!(
        page.contains("<html lang=\"da\">") && page.contains("/__policyc/version"),
        "live reload script"
    );
    let (_, v1) = get(&addr, "/__policyc/version");

    // Edit a translation: the page changes without a restart.
    edit(&ws.path().join("locales/da/privacy.ftl"), |s| {
        s.replace("company = Om os", "company = Om virksomheden")
    });
    poll(|| get(&addr, "/__policyc/version").1 != v1);
    let (_, page) = get(&addr, "/da/behandling-af-personoplysninger.html");
    assert!(page.contains("Om virksomheden"), "{page}");

    // Break the locale: the page stays, built as far as it can be, with
    // the finding marked on it; the other policy of the locale still shows.
    edit(&ws.path().join("locales/da/privacy.ftl"), |s| {
        remove_message(&s, "cookies")
    });
    let page_path = "/da/behandling-af-personoplysninger.html";
    poll(|| get(&addr, page_path).1.contains("is missing section"));
    let (status, page) = get(&addr, page_path);
    assert_eq!(status, 200);
    assert!(
        page.contains("built as far as it can be") && page.contains("Om virksomheden"),
        "{page}"
    );
    let (_, index) = get(&addr, "/");
    assert!(!index.contains("not built"), "{index}");
    let (status, other) = get(&addr, "/da/databehandleraftale.html");
    assert_eq!(status, 200, "{other}");

    assert_eq!(s.stop(), 0);
}

#[test]
fn watch_rebuilds_on_save_reports_errors_and_keeps_running() {
    let ws = fixture("minimal");
    let mut w = Running::start(ws.path(), &["watch"]);
    w.wait_for("[watch] watching");
    let page = ws.path().join("out/da/meddelelse.md");
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("title: Meddelelse"));

    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        s.replace("policy = Meddelelse", "policy = Ny meddelelse")
    });
    let line = w.wait_for("locales/da/notice.ftl");
    assert!(line.contains("file(s) written"), "{line}");
    poll(|| {
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("title: Ny meddelelse")
    });

    // An error is printed; watch goes on, and the old page stays.
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        remove_message(&s, "contact")
    });
    w.wait_for("locale `da` is missing section `contact` of policy `notice`");
    w.wait_for("1 error");
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("title: Ny meddelelse"));
    edit(&ws.path().join("locales/da/notice.ftl"), |s| {
        format!("{s}\ncontact = Kontakt\n    .body = Skriv til [{{ $email }}](mailto:{{ $email }}).\n    .ways-mail = Med post.\n    .ways-phone = Med telefon.\n")
    });
    w.wait_for("(ok)");
    assert_eq!(w.stop(), 0);
}

#[test]
fn serve_shows_markup_from_a_translation_as_text_in_the_review_view() {
    let ws = examples();
    edit(&ws.path().join("locales/da/privacy.ftl"), |s| {
        s.replace(
            "cookies = Cookies",
            "cookies = Cookies <img src=x onerror=alert(1)>",
        )
    });
    let (s, addr) = serve_on_a_free_port(ws.path());
    let (status, view) = get(&addr, "/__policyc/review/privacy/da");
    assert_eq!(status, 200);
    assert!(
        view.contains("Cookies &lt;img src=x onerror=alert(1)&gt;"),
        "{view}"
    );
    assert!(!view.contains("<img"), "{view}");
    let (_, page) = get(&addr, "/da/behandling-af-personoplysninger.html");
    assert!(
        !page.contains("<img"),
        "a finding quoting the text is escaped too"
    );
    assert_eq!(s.stop(), 0);
}

#[test]
fn serve_keeps_the_last_good_page_when_its_translation_file_is_removed() {
    let ws = examples();
    let (s, addr) = serve_on_a_free_port(ws.path());
    let page_path = "/da/behandling-af-personoplysninger.html";
    let (_, before) = get(&addr, page_path);
    assert!(before.contains("Om os"), "{before}");
    std::fs::remove_file(ws.path().join("locales/da/privacy.ftl")).unwrap();
    poll(|| {
        get(&addr, page_path)
            .1
            .contains("has no translation of policy")
    });
    let (status, page) = get(&addr, page_path);
    assert_eq!(status, 200);
    assert!(
        page.contains("its last good version") && page.contains("Om os"),
        "{page}"
    );
    assert_eq!(s.stop(), 0);
}

#[test]
fn serve_review_view_shows_a_stale_shared_label_with_its_word_diff() {
    let ws = examples();
    edit(&ws.path().join("locales/en/_shared.ftl"), |s| {
        s.replace("toc-label = On this page", "toc-label = On this web page")
    });
    let (s, addr) = serve_on_a_free_port(ws.path());
    let (_, view) = get(&addr, "/__policyc/review/privacy/da");
    let row = view
        .split("<tr id=\"row-shared-toc-label\">")
        .nth(1)
        .expect("the label's row");
    let row = row.split("</tr>").next().unwrap();
    assert!(row.contains("pc-state-stale"), "{row}");
    assert!(
        row.contains("<ins><span class=\"pc-visually-hidden\">added: </span>web</ins>"),
        "{row}"
    );
    assert_eq!(s.stop(), 0);
}

#[test]
fn serve_makes_no_pdf_of_a_page_with_errors() {
    let ws = examples();
    edit(&ws.path().join("locales/da/privacy.ftl"), |s| {
        remove_message(&s, "cookies")
    });
    let (s, addr) = serve_on_a_free_port(ws.path());
    let (status, body) = get(&addr, "/da/behandling-af-personoplysninger.pdf");
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("privacy in da has errors"), "{body}");
    assert_eq!(s.stop(), 0);
}
