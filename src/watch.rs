//! `policyc watch` and `policyc serve`: rebuild on save, and a local
//! preview for the legal team with live reload and the check's findings on
//! the page.
//!
//! Both watch the workspace's inputs (policyc.toml, policyc.lock,
//! policies/, locales/, templates/) and, on a change, reload the workspace
//! and rebuild only the policies and locales the changed file affects.

use std::collections::HashMap;
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};

use crate::build::{build, plan, Selection};
use crate::check::exit_code;
use crate::diag::{self, Diagnostic, SourceMap};
use crate::render::html::escape_html;
use crate::workspace::{Workspace, CONFIG_FILE};

/// How long to wait for more events after the first one: an editor's save
/// is often several events (write, rename, chmod).
const DEBOUNCE: Duration = Duration::from_millis(25);

/// What a changed file affects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Affected {
    /// Configuration, lock or template: everything.
    All,
    /// One policy in every locale.
    Policy(String),
    /// One policy in one locale.
    PolicyLocale(String, String),
    /// Every policy in one locale (`_shared.ftl`).
    Locale(String),
    /// Not an input.
    Nothing,
}

/// Classifies a changed path (relative to the workspace).
pub fn affected(rel: &Path, reference: &str) -> Affected {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match parts.as_slice() {
        [CONFIG_FILE] | [crate::lock::LOCK_FILE] => Affected::All,
        ["templates", ..] => Affected::All,
        ["policies", file] if file.ends_with(".toml") => {
            Affected::Policy(file.trim_end_matches(".toml").to_string())
        }
        ["locales", tag, file] if file.ends_with(".ftl") => {
            let stem = file.trim_end_matches(".ftl");
            // The reference text feeds every locale's stale and consistency checks.
            match (stem == "_shared", *tag == reference) {
                (true, true) => Affected::All,
                (true, false) => Affected::Locale(tag.to_string()),
                (false, true) => Affected::Policy(stem.to_string()),
                (false, false) => Affected::PolicyLocale(stem.to_string(), tag.to_string()),
            }
        }
        _ => Affected::Nothing,
    }
}

/// The selection that rebuilds what a set of changes affects.
pub fn selection_for(changes: &[Affected]) -> Option<Selection> {
    let relevant: Vec<&Affected> = changes
        .iter()
        .filter(|a| **a != Affected::Nothing)
        .collect();
    if relevant.is_empty() {
        return None;
    }
    if relevant.iter().any(|a| **a == Affected::All) {
        return Some(Selection::default());
    }
    let mut policies = Vec::new();
    let mut locales = Vec::new();
    let mut all_policies = false;
    let mut all_locales = false;
    for a in relevant {
        match a {
            Affected::Policy(p) => {
                policies.push(p.clone());
                all_locales = true;
            }
            Affected::PolicyLocale(p, l) => {
                policies.push(p.clone());
                locales.push(l.clone());
            }
            Affected::Locale(l) => {
                locales.push(l.clone());
                all_policies = true;
            }
            Affected::All | Affected::Nothing => {}
        }
    }
    policies.sort();
    policies.dedup();
    locales.sort();
    locales.dedup();
    Some(Selection {
        policies: if all_policies { Vec::new() } else { policies },
        locales: if all_locales { Vec::new() } else { locales },
        ..Default::default()
    })
}

/// Watches a workspace's inputs; yields changed paths relative to it.
pub struct InputWatcher {
    _watcher: notify::RecommendedWatcher,
    rx: Receiver<PathBuf>,
    root: PathBuf,
}

impl InputWatcher {
    pub fn new(root: &Path) -> Result<InputWatcher, String> {
        let root = root
            .canonicalize()
            .map_err(|e| format!("cannot watch `{}`: {e}", root.display()))?;
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Ok(event) = res {
                if matches!(event.kind, notify::EventKind::Access(_)) {
                    return;
                }
                for p in event.paths {
                    let _ = tx.send(p);
                }
            }
        })
        .map_err(|e| format!("cannot watch files: {e}"))?;
        for (path, mode) in [
            (root.clone(), RecursiveMode::NonRecursive),
            (root.join("policies"), RecursiveMode::Recursive),
            (root.join("locales"), RecursiveMode::Recursive),
            (root.join("templates"), RecursiveMode::Recursive),
        ] {
            if path.exists() {
                watcher
                    .watch(&path, mode)
                    .map_err(|e| format!("cannot watch `{}`: {e}", path.display()))?;
            }
        }
        Ok(InputWatcher {
            _watcher: watcher,
            rx,
            root,
        })
    }

    /// Waits up to `timeout` for changes; returns them (relative), or an
    /// empty list on timeout.
    pub fn next(&self, timeout: Duration) -> Vec<PathBuf> {
        let first = match self.rx.recv_timeout(timeout) {
            Ok(p) => p,
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                return Vec::new()
            }
        };
        let mut paths = vec![first];
        let until = Instant::now() + DEBOUNCE;
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match self.rx.recv_timeout(left) {
                Ok(p) => paths.push(p),
                Err(_) => break,
            }
        }
        let mut rel: Vec<PathBuf> = paths
            .into_iter()
            .filter_map(|p| p.strip_prefix(&self.root).ok().map(Path::to_path_buf))
            .filter(|p| {
                !p.to_string_lossy().contains(".policyc-") && !p.to_string_lossy().ends_with('~')
            })
            .collect();
        rel.sort();
        rel.dedup();
        rel
    }
}

/// Installs a Ctrl-C / SIGTERM handler; the flag turns true on a signal.
pub fn stop_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = flag.clone();
    let _ = ctrlc::set_handler(move || f.store(true, Ordering::SeqCst));
    flag
}

/// `policyc watch`: build, then rebuild on every change until stopped.
/// Diagnostics are printed, never fatal.
pub fn watch(root: &Path, out: Option<&Path>, print: &dyn Fn(&[Diagnostic], &SourceMap)) -> u8 {
    let stop = stop_flag();
    let watcher = match InputWatcher::new(root) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {}", diag::visible_line(&e));
            return 2;
        }
    };
    let rebuild = |sel: &Selection, why: &str| {
        let started = Instant::now();
        let sources = SourceMap::default();
        let (ws, mut diags) = Workspace::load(root, &sources);
        let mut written = 0;
        if let Some(ws) = &ws {
            let report = build(ws, sel, out, false);
            diags.extend(report.diags);
            written = report.written.iter().map(|w| w.stats.written).sum();
        }
        diag::normalize(&mut diags);
        print(&diags, &sources);
        let status = match exit_code(&diags, false) {
            0 => "ok".to_string(),
            _ => diag::summary(&diags),
        };
        eprintln!(
            "[watch] {why}: {written} file(s) written in {} ms ({status})",
            started.elapsed().as_millis()
        );
    };
    rebuild(&Selection::default(), "initial build");
    eprintln!(
        "[watch] watching {} (Ctrl-C to stop)",
        diag::visible_line(&root.display().to_string())
    );
    let reference = Workspace::load(root, &SourceMap::default())
        .0
        .map(|w| w.config.workspace.reference.clone())
        .unwrap_or_default();
    while !stop.load(Ordering::SeqCst) {
        let changed = watcher.next(Duration::from_millis(200));
        let affected: Vec<Affected> = changed.iter().map(|p| affected(p, &reference)).collect();
        if let Some(sel) = selection_for(&affected) {
            // File names are shown with their control characters visible.
            let names: Vec<String> = changed
                .iter()
                .map(|p| diag::visible_line(&p.display().to_string()).into_owned())
                .collect();
            rebuild(&sel, &names.join(", "));
        }
    }
    eprintln!("[watch] stopped");
    0
}

/// What the preview serves: the latest rendering, in memory.
#[derive(Default)]
struct Preview {
    files: HashMap<String, Vec<u8>>,
    /// (locale tag, code, policy, slug, title) of every built page.
    pages: Vec<(String, String, String, String, String)>,
    locales: Vec<(String, String)>,
    problems_html: String,
    problems: usize,
    version: u64,
}

fn render_preview(root: &Path, version: u64) -> Preview {
    let sources = SourceMap::default();
    let (ws, mut diags) = Workspace::load(root, &sources);
    let mut preview = Preview {
        version,
        ..Default::default()
    };
    if let Some(ws) = &ws {
        let sel = Selection {
            formats: vec!["html".into(), "print".into()],
            no_sites: true,
            list_pages: true,
            ..Default::default()
        };
        let plan = plan(ws, &sel);
        diags.extend(plan.diags.iter().cloned());
        for o in &plan.outputs {
            let key = o.path.to_string_lossy().replace('\\', "/");
            preview.files.insert(key, o.bytes.clone());
        }
        for p in &plan.pages {
            let t = &p.translation;
            preview.pages.push((
                t.tag.clone(),
                t.code.clone(),
                p.policy.clone(),
                t.slug.clone(),
                t.title.clone(),
            ));
        }
        preview.locales = ws
            .locales
            .iter()
            .map(|l| (l.tag.clone(), l.code.clone()))
            .collect();
    }
    diag::normalize(&mut diags);
    preview.problems = diags.len();
    if !diags.is_empty() {
        let mut text = String::new();
        escape_html(&diag::render_human(&diags, &sources, false), &mut text);
        preview.problems_html = text;
    }
    preview
}

const BAR_STYLE: &str =
    "position:sticky;top:0;z-index:9;margin:0;padding:.5rem 1rem;background:#102a43;color:#fff;\
font:14px/1.4 system-ui,sans-serif;display:flex;gap:1rem;flex-wrap:wrap;align-items:center";

/// The preview bar, the findings and the live-reload script, injected
/// into every served page.
fn overlay(p: &Preview, current: Option<&str>) -> String {
    let mut s = format!("<div style=\"{BAR_STYLE}\" role=\"region\" aria-label=\"policyc preview\"><strong>policyc preview</strong> <a style=\"color:#fff\" href=\"/\">all pages</a>");
    for (tag, code) in &p.locales {
        let here = current == Some(code.as_str());
        let weight = if here {
            "font-weight:700;text-decoration:underline"
        } else {
            ""
        };
        s.push_str(&format!(
            " <a style=\"color:#fff;{weight}\" href=\"/?locale={code}\" lang=\"{tag}\">{code}</a>"
        ));
    }
    if p.problems > 0 {
        s.push_str(&format!(" <span style=\"background:#b00020;padding:0 .5rem;border-radius:3px\">{} problem(s): the page may be missing or out of date</span>", p.problems));
    } else {
        s.push_str(
            " <span style=\"background:#1e7b34;padding:0 .5rem;border-radius:3px\">check ok</span>",
        );
    }
    s.push_str("</div>");
    if p.problems > 0 {
        s.push_str(&format!(
            "<details open style=\"margin:0;padding:.5rem 1rem;background:#fff4f4;border-bottom:2px solid #b00020\"><summary>check findings</summary><pre style=\"white-space:pre-wrap;font-size:13px\">{}</pre></details>",
            p.problems_html
        ));
    }
    s.push_str(&format!(
        "<script>(function(){{var v={};setInterval(function(){{fetch('/__policyc/version').then(function(r){{return r.text()}}).then(function(t){{if(+t!==v)location.reload()}}).catch(function(){{}})}},400)}})();</script>",
        p.version
    ));
    s
}

fn index_page(p: &Preview, locale: Option<&str>) -> String {
    let mut body = String::from("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>policyc preview</title></head><body>");
    body.push_str(&overlay(p, locale));
    body.push_str("<main style=\"font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:1rem auto;padding:0 1rem\"><h1>Policies</h1>");
    let mut policies: Vec<&str> = p.pages.iter().map(|x| x.2.as_str()).collect();
    policies.sort();
    policies.dedup();
    // Ids and slugs are checked when the workspace loads; escaped here
    // all the same, as the title is.
    let esc = |s: &str| {
        let mut out = String::new();
        escape_html(s, &mut out);
        out
    };
    for policy in policies {
        body.push_str(&format!("<h2>{}</h2><ul>", esc(policy)));
        for (tag, code) in &p.locales {
            if locale.is_some_and(|l| l != code) {
                continue;
            }
            match p.pages.iter().find(|x| x.2 == policy && x.0 == *tag) {
                Some((_, _, _, slug, title)) => {
                    let (slug, t) = (esc(slug), esc(title));
                    body.push_str(&format!(
                        "<li>{code}: <a href=\"/{code}/{slug}.html\">{t}</a> (<a href=\"/{code}/{slug}.print.html\">print</a>)</li>"
                    ));
                }
                None => body.push_str(&format!(
                    "<li>{code}: <strong>not built</strong>: see the check findings above</li>"
                )),
            }
        }
        body.push_str("</ul>");
    }
    body.push_str("</main></body></html>");
    body
}

/// `policyc serve`: a local preview on 127.0.0.1 with live reload.
/// Prints the URL (`serving on http://127.0.0.1:PORT/`) and serves until
/// stopped with Ctrl-C or SIGTERM.
///
/// The preview shows drafts, so it stays local: it answers only requests
/// addressed to this machine by name (the `Host` header; a page on another
/// site could otherwise read drafts through DNS rebinding), reads at most
/// [`MAX_HEAD`] bytes of a request, serves each connection on its own
/// thread with time limits (at most [`MAX_CONNECTIONS`] at once), and stops
/// on the signal whatever the clients do.
pub fn serve(root: &Path, port: u16) -> u8 {
    let stop = stop_flag();
    let listener = match TcpListener::bind(("127.0.0.1", port))
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
    {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return 2;
        }
    };
    let Ok(addr) = listener.local_addr() else {
        eprintln!("error: cannot listen on 127.0.0.1:{port}: no local address");
        return 2;
    };
    let state = Arc::new(RwLock::new(render_preview(root, 1)));
    eprintln!("serving on http://{addr}/ (Ctrl-C to stop)");

    // Rebuild on changes in a background thread.
    let watcher = match InputWatcher::new(root) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {}", diag::visible_line(&e));
            return 2;
        }
    };
    let (s2, stop2, root2) = (state.clone(), stop.clone(), root.to_path_buf());
    let rebuilder = std::thread::spawn(move || {
        while !stop2.load(Ordering::SeqCst) {
            let changed = watcher.next(Duration::from_millis(200));
            if changed.is_empty() {
                continue;
            }
            let version = s2.read().map(|p| p.version).unwrap_or(0) + 1;
            let started = Instant::now();
            let preview = render_preview(&root2, version);
            let problems = preview.problems;
            if let Ok(mut p) = s2.write() {
                *p = preview;
            }
            eprintln!(
                "[serve] rebuilt after {} change(s) in {} ms ({problems} problem(s))",
                changed.len(),
                started.elapsed().as_millis()
            );
        }
    });

    let active = Arc::new(AtomicUsize::new(0));
    while !stop.load(Ordering::SeqCst) {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(ACCEPT_POLL);
                continue;
            }
            // Out of file descriptors, a connection reset before it was
            // accepted: wait a moment, go on serving.
            Err(_) => {
                std::thread::sleep(ACCEPT_POLL);
                continue;
            }
        };
        if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            // Never blocks: a full socket buffer just loses the notice.
            let _ = stream.set_nonblocking(true);
            let _ = (&stream).write_all(&response(
                503,
                "text/plain",
                b"busy: too many connections\n",
                false,
            ));
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        let slot = Slot(active.clone());
        let state = state.clone();
        // The thread runs detached; one that cannot start drops its slot
        // and its connection.
        let _ = std::thread::Builder::new()
            .name("serve-connection".into())
            .spawn(move || {
                let _slot = slot;
                connection(stream, addr.port(), &state);
            });
    }
    let _ = rebuilder.join();
    eprintln!("[serve] stopped");
    0
}

/// The most bytes of a request line plus headers `serve` reads; a longer
/// request gets 431 and the connection is closed.
pub const MAX_HEAD: usize = 16 * 1024;
/// Connections served at once; more get 503.
pub const MAX_CONNECTIONS: usize = 32;
/// How long a connection may take to send its request, and each write of
/// the answer may wait for the client.
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);
/// How often the accept loop looks at the stop flag when idle.
const ACCEPT_POLL: Duration = Duration::from_millis(20);

/// One connection's place in the count; freed when its thread ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Serves one request on a connection, then closes it.
fn connection(mut stream: TcpStream, port: u16, state: &RwLock<Preview>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_write_timeout(Some(CONNECTION_TIMEOUT));
    let reply = match read_head(&mut stream) {
        Ok(head) => answer(&head, port, state),
        Err(HeadError::TooLarge) => response(
            431,
            "text/plain",
            format!("request headers larger than {MAX_HEAD} bytes\n").as_bytes(),
            false,
        ),
        Err(HeadError::Malformed) => response(400, "text/plain", b"bad request\n", false),
        Err(HeadError::Closed) => return,
    };
    let _ = stream.write_all(&reply);
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

enum HeadError {
    TooLarge,
    Malformed,
    /// The client went away or was too slow: nothing to answer.
    Closed,
}

/// Reads a request's line and headers, at most [`MAX_HEAD`] bytes within
/// [`CONNECTION_TIMEOUT`] in all (a client trickling bytes is cut off too).
fn read_head(stream: &mut TcpStream) -> Result<String, HeadError> {
    let deadline = Instant::now() + CONNECTION_TIMEOUT;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let left = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or(HeadError::Closed)?;
        let _ = stream.set_read_timeout(Some(left));
        let want = chunk.len().min(MAX_HEAD + 4 - head.len());
        let n = match stream.read(&mut chunk[..want]) {
            Ok(0) | Err(_) => return Err(HeadError::Closed),
            Ok(n) => n,
        };
        // Look for the blank line from just before the new bytes.
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..n]);
        if let Some(end) = head[from..].windows(4).position(|w| w == b"\r\n\r\n") {
            head.truncate(from + end);
            return String::from_utf8(head).map_err(|_| HeadError::Malformed);
        }
        if head.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
    }
}

/// The answer to one request (its head, as read).
fn answer(head: &str, port: u16, state: &RwLock<Preview>) -> Vec<u8> {
    let mut lines = head.split("\r\n");
    let mut request = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target), Some(version), None) = (
        request.next(),
        request.next(),
        request.next(),
        request.next(),
    ) else {
        return response(400, "text/plain", b"bad request\n", false);
    };
    if !version.starts_with("HTTP/1.") {
        return response(400, "text/plain", b"bad request\n", false);
    }
    let mut hosts = lines.filter_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("host")
            .then(|| value.trim())
    });
    match (hosts.next(), hosts.next()) {
        (Some(host), None) if is_local_host(host, port) => {}
        _ => {
            return response(
                403,
                "text/plain",
                b"forbidden: the preview answers only requests for localhost, 127.0.0.1 or [::1]\n",
                false,
            )
        }
    }
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return response(405, "text/plain", b"only GET and HEAD\n", false),
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = percent_decode(path);
    let locale = query.strip_prefix("locale=");
    let Ok(preview) = state.read() else {
        return response(500, "text/plain", b"the preview failed\n", head_only);
    };
    const HTML: &str = "text/html; charset=utf-8";
    if path == "/__policyc/version" {
        response(
            200,
            "text/plain",
            preview.version.to_string().as_bytes(),
            head_only,
        )
    } else if path == "/" || path == "/index.html" {
        response(
            200,
            HTML,
            index_page(&preview, locale).as_bytes(),
            head_only,
        )
    } else {
        let key = path.trim_start_matches('/');
        match preview.files.get(key) {
            Some(bytes) => {
                let page = String::from_utf8_lossy(bytes);
                let code = key.split('/').next();
                let injected = match page.rfind("</body>") {
                    Some(i) => {
                        format!("{}{}{}", &page[..i], overlay(&preview, code), &page[i..])
                    }
                    None => page.into_owned(),
                };
                response(200, HTML, injected.as_bytes(), head_only)
            }
            None => response(404, HTML, index_page(&preview, None).as_bytes(), head_only),
        }
    }
}

/// Whether a `Host` header names this machine: `localhost`, `127.0.0.1`
/// or `[::1]`, with no port or the served one.
fn is_local_host(host: &str, port: u16) -> bool {
    let (name, given) = match host.rfind(':') {
        // `[::1]` alone has colons, but inside the brackets.
        Some(i) if !host[i..].contains(']') => (&host[..i], Some(&host[i + 1..])),
        _ => (host, None),
    };
    let local = name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1" || name == "[::1]";
    let port = port.to_string();
    local && given.is_none_or(|p| p == port)
}

/// A request path with its `%XX` escapes decoded (a slug may be non-ASCII);
/// as it came when the result is not UTF-8.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

/// A whole HTTP/1.1 response; the connection closes after it.
fn response(status: u16, content_type: &str, body: &[u8], head_only: bool) -> Vec<u8> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    if !head_only {
        out.extend_from_slice(body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_rebuilds_only_what_it_affects() {
        let a = |p: &str| affected(Path::new(p), "en");
        assert_eq!(
            a("locales/da/privacy.ftl"),
            Affected::PolicyLocale("privacy".into(), "da".into())
        );
        assert_eq!(
            a("locales/en/privacy.ftl"),
            Affected::Policy("privacy".into())
        );
        assert_eq!(a("locales/da/_shared.ftl"), Affected::Locale("da".into()));
        assert_eq!(a("policies/dpa.toml"), Affected::Policy("dpa".into()));
        assert_eq!(a("templates/page.css"), Affected::All);
        assert_eq!(a("policyc.toml"), Affected::All);
        assert_eq!(a("out/da/x.md"), Affected::Nothing);
        let sel =
            selection_for(&[a("locales/da/privacy.ftl"), a("locales/sv/privacy.ftl")]).unwrap();
        assert_eq!(sel.policies, ["privacy"]);
        assert_eq!(sel.locales, ["da", "sv"]);
        assert!(selection_for(&[a("README.md")]).is_none());
    }

    #[test]
    fn the_preview_answers_only_for_this_machine() {
        for host in [
            "localhost",
            "LocalHost:4747",
            "127.0.0.1",
            "127.0.0.1:4747",
            "[::1]",
            "[::1]:4747",
        ] {
            assert!(is_local_host(host, 4747), "{host}");
        }
        for host in [
            "rebind.attacker.example",
            "localhost:80",
            "127.0.0.1:",
            "[::1]:1",
            "localhost.",
            "127.0.0.2",
            "",
            "localhost:+4747",
        ] {
            assert!(!is_local_host(host, 4747), "{host}");
        }
        assert_eq!(percent_decode("/da/%C3%A6%2"), "/da/æ%2");
    }
}
