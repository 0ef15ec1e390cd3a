//! `policyc serve`: a local preview for the legal team, with live reload
//! and the check's findings on the page. The pages are rendered in memory
//! (never written) and rebuilt whenever an input changes.

use std::collections::HashMap;
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::diag::{self, SourceMap};
use crate::plan::{plan, Mode, Selection};
use crate::render::html::escape_html;
use crate::render::{page_path, Format};
use crate::watch::{stop_flag, InputWatcher};
use crate::workspace::Workspace;

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
            formats: vec![Format::Html.name().into(), Format::Print.name().into()],
            no_sites: true,
            ..Default::default()
        };
        let plan = plan(ws, &sel, Mode::Build);
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
                    let page = page_path(code, &slug, Format::Html);
                    let print = page_path(code, &slug, Format::Print);
                    body.push_str(&format!(
                        "<li>{code}: <a href=\"/{page}\">{t}</a> (<a href=\"/{print}\">print</a>)</li>"
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
