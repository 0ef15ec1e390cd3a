//! `policyc serve`: the local preview the legal team works in. The pages
//! are rendered in memory (never written) and rebuilt whenever an input
//! changes; each open page waits on a long poll and repaints in place.
//! The bar, the markers and the index are in [`page`], the review view and
//! the approve action in [`review`]; this module holds the HTTP server
//! (loopback only, `Host` checked, changes only with the run's token and a
//! matching `Origin`) and what it serves.

use std::collections::HashMap;
use std::hash::{BuildHasher as _, Hasher as _};
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::diag::{self, Diagnostic, SourceMap};
use crate::plan::{plan, Mode, Selection};
use crate::render::{page_path, Format};
use crate::watch::{stop_flag, InputWatcher};
use crate::workspace::Workspace;

mod page;
mod review;

/// A page of the preview: one policy in one locale, built or not.
pub struct PageInfo {
    pub policy: String,
    pub tag: String,
    pub code: String,
    pub slug: String,
    /// The localized title, or the policy id while it never built.
    pub title: String,
}

impl PageInfo {
    /// The page's files the preview has, as (label, path), the HTML page
    /// first; the PDF is made when asked for.
    fn formats(&self, p: &Preview) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for (format, label) in [
            (Format::Html, "page"),
            (Format::Print, "print"),
            (Format::Md, "markdown"),
            (Format::Fragment, "fragment"),
            (Format::Json, "json"),
            (Format::Pdf, "pdf"),
        ] {
            let path = page_path(&self.code, &self.slug, format);
            let has = p.files.contains_key(&path) || (format == Format::Pdf && p.pdf);
            if has || format == Format::Html {
                out.push((label, path));
            }
        }
        out
    }

    /// Where the review view of the page is.
    fn review_url(&self) -> String {
        format!("/__policyc/review/{}/{}", self.policy, self.tag)
    }
}

/// A file of the latest rendering, or the last good one of a page that
/// does not build now.
struct Served {
    bytes: Arc<Vec<u8>>,
    /// Index of its page in [`Preview::pages`].
    page: usize,
    last_good: bool,
}

/// What the preview serves: the latest rendering, in memory.
#[derive(Default)]
pub struct Preview {
    files: HashMap<String, Served>,
    pages: Vec<PageInfo>,
    diags: Vec<Diagnostic>,
    sources: SourceMap,
    /// The workspace the rendering came from, for the review view.
    ws: Option<Arc<Workspace>>,
    /// Whether the workspace builds PDFs (made on request: typesetting
    /// every page on every save would slow the repaint down).
    pdf: bool,
    version: u64,
}

/// The formats rendered on every change: the workspace's, and the HTML
/// and print pages the preview shows; the PDF only on request.
fn preview_formats(ws: &Workspace) -> Vec<String> {
    let mut formats: Vec<String> = vec![Format::Html.name().into(), Format::Print.name().into()];
    for f in &ws.config.workspace.formats {
        if f != Format::Pdf.name() && !formats.contains(f) {
            formats.push(f.clone());
        }
    }
    formats
}

/// Renders the workspace for the preview ([`Mode::Preview`]): every
/// page, those with errors as far as they can be built; for a page that
/// cannot be built at all (its file is gone), its last good files from
/// `previous`.
fn render_preview(root: &Path, version: u64, previous: Option<&Preview>) -> Preview {
    let sources = SourceMap::default();
    let (ws, mut diags) = Workspace::load(root, &sources);
    let mut preview = Preview {
        version,
        ..Default::default()
    };
    if let Some(ws) = &ws {
        let sel = Selection {
            formats: preview_formats(ws),
            no_sites: true,
            ..Default::default()
        };
        let plan = plan(ws, &sel, Mode::Preview);
        diags.extend(plan.diags.iter().cloned());
        let titles: HashMap<(&str, &str), &str> = plan
            .pages
            .iter()
            .map(|p| {
                (
                    (p.policy.as_str(), p.translation.tag.as_str()),
                    p.translation.title.as_str(),
                )
            })
            .collect();
        for policy in &ws.policies {
            for l in &ws.locales {
                let title = titles.get(&(policy.id.as_str(), l.tag.as_str()));
                let old = previous.and_then(|p| p.page(&policy.id, &l.tag));
                let title = title
                    .map(|t| t.to_string())
                    .or_else(|| old.map(|o| o.title.clone()));
                preview.pages.push(PageInfo {
                    policy: policy.id.clone(),
                    tag: l.tag.clone(),
                    code: l.code.clone(),
                    slug: policy.slug(&l.tag),
                    title: title.unwrap_or_else(|| policy.id.clone()),
                });
            }
        }
        for o in plan.outputs {
            let Some(page) = preview.page_index(&o.policy, &o.locale) else {
                continue;
            };
            let key = o.path.to_string_lossy().replace('\\', "/");
            let bytes = Arc::new(o.bytes);
            preview.files.insert(
                key,
                Served {
                    bytes,
                    page,
                    last_good: false,
                },
            );
        }
        if let Some(previous) = previous {
            preview.keep_last_good(previous);
        }
        preview.pdf = ws
            .config
            .workspace
            .formats
            .iter()
            .any(|f| f == Format::Pdf.name());
    }
    diag::normalize(&mut diags);
    preview.diags = diags;
    preview.sources = sources;
    preview.ws = ws.map(Arc::new);
    preview
}

impl Preview {
    fn page_index(&self, policy: &str, tag: &str) -> Option<usize> {
        self.pages
            .iter()
            .position(|p| p.policy == policy && p.tag == tag)
    }

    fn page(&self, policy: &str, tag: &str) -> Option<&PageInfo> {
        self.page_index(policy, tag).map(|i| &self.pages[i])
    }

    /// Keeps the previous files of every page that has none now (it
    /// could not be built at all), marked as the last good ones.
    fn keep_last_good(&mut self, previous: &Preview) {
        for (key, old) in &previous.files {
            let was = &previous.pages[old.page];
            let Some(page) = self.page_index(&was.policy, &was.tag) else {
                continue;
            };
            let built_now = self.files.values().any(|f| f.page == page && !f.last_good);
            if !built_now && !self.files.contains_key(key) {
                let bytes = old.bytes.clone();
                self.files.insert(
                    key.clone(),
                    Served {
                        bytes,
                        page,
                        last_good: true,
                    },
                );
            }
        }
    }

    /// The page a request path is the HTML page of, when it has no file
    /// (it never built): served as the findings under the bar.
    fn unbuilt_page(&self, key: &str) -> Option<&PageInfo> {
        self.pages
            .iter()
            .find(|p| page_path(&p.code, &p.slug, Format::Html) == key)
    }

    /// The PDF of a page, typeset on request: `None` for no such page;
    /// `Err` with why not for a page with errors (a PDF is sent on, so
    /// none is made of a page that is not complete).
    fn pdf(&self, key: &str) -> Option<Result<Vec<u8>, String>> {
        let page = self
            .pages
            .iter()
            .find(|p| page_path(&p.code, &p.slug, Format::Pdf) == key)?;
        if page::has_errors(self, page) {
            return Some(Err(format!(
                "{} in {} has errors: its PDF is made once they are fixed (see the page)",
                page.policy, page.tag
            )));
        }
        let ws = self.ws.as_ref()?;
        let sel = Selection {
            policies: vec![page.policy.clone()],
            locales: vec![page.tag.clone()],
            formats: vec![Format::Pdf.name().into()],
            no_sites: true,
        };
        let plan = plan(ws, &sel, Mode::Preview);
        Some(match plan.outputs.into_iter().next() {
            Some(o) => Ok(o.bytes),
            None => Err(plan
                .diags
                .iter()
                .find(|d| d.is_error())
                .map_or("the PDF could not be made".to_string(), |d| {
                    d.message.clone()
                })),
        })
    }
}

/// A page that never built: the bar and its findings, where the page
/// will appear once it builds.
fn unbuilt_html(p: &Preview, page: &PageInfo) -> String {
    let shell = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{} (not built yet)</title></head><body><main class=\"pc-main\"><h1>{}</h1><p>This page has not built yet in <span lang=\"{}\">{}</span>: the findings above say what stops it. It appears here as soon as it builds.</p></main></body></html>",
        page::esc(&page.title),
        page::esc(&page.title),
        page::esc(&page.tag),
        page::esc(&page.code),
    );
    page::annotate(p, page, &shell, false)
}

/// The shared state of a running preview.
struct Server {
    root: PathBuf,
    port: u16,
    /// Embedded in the review view; every state-changing request must
    /// carry it.
    token: String,
    state: RwLock<Preview>,
    /// The version, for the long poll of `/__policyc/version`.
    version: (Mutex<u64>, Condvar),
}

impl Server {
    fn publish(&self, preview: Preview) {
        let version = preview.version;
        if let Ok(mut p) = self.state.write() {
            *p = preview;
        }
        if let Ok(mut v) = self.version.0.lock() {
            *v = version;
        }
        self.version.1.notify_all();
    }

    /// Waits until the version is not `seen` (at most [`LONG_POLL`]).
    fn wait_for_change(&self, seen: u64) -> u64 {
        let Ok(guard) = self.version.0.lock() else {
            return seen;
        };
        match self
            .version
            .1
            .wait_timeout_while(guard, LONG_POLL, |v| *v == seen)
        {
            Ok((v, _)) => *v,
            Err(_) => seen,
        }
    }
}

/// How long a page's request for the next version is held open.
const LONG_POLL: Duration = Duration::from_secs(20);

/// A fresh random token: 128 bits from the standard library's randomly
/// seeded hasher (seeded from the operating system).
fn random_token() -> String {
    let half = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.finish()
    };
    format!("{:016x}{:016x}", half(), half())
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
    // Watching starts before the first rendering, so no save is missed.
    let watcher = match InputWatcher::new(root) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {}", diag::visible_line(&e));
            return 2;
        }
    };
    let server = Arc::new(Server {
        root: root.to_path_buf(),
        port: addr.port(),
        token: random_token(),
        state: RwLock::new(render_preview(root, 1, None)),
        version: (Mutex::new(1), Condvar::new()),
    });
    eprintln!("serving on http://{addr}/ (Ctrl-C to stop)");

    let (s2, stop2) = (server.clone(), stop.clone());
    let rebuilder = std::thread::spawn(move || {
        while !stop2.load(Ordering::SeqCst) {
            let changed = watcher.next(Duration::from_millis(200));
            if changed.is_empty() {
                continue;
            }
            let started = Instant::now();
            let preview = match s2.state.read() {
                Ok(p) => render_preview(&s2.root, p.version + 1, Some(&p)),
                Err(_) => continue,
            };
            let problems = preview.diags.len();
            s2.publish(preview);
            eprintln!(
                "[serve] rebuilt after {} change(s) in {} ms ({problems} problem(s))",
                changed.len(),
                started.elapsed().as_millis()
            );
        }
        // Answers the pages waiting for a change, so they stop waiting.
        s2.version.1.notify_all();
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
        let server = server.clone();
        // The thread runs detached; one that cannot start drops its slot
        // and its connection.
        let _ = std::thread::Builder::new()
            .name("serve-connection".into())
            .spawn(move || {
                let _slot = slot;
                connection(stream, &server);
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
fn connection(mut stream: TcpStream, server: &Server) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_write_timeout(Some(CONNECTION_TIMEOUT));
    let reply = match read_request(&mut stream) {
        Ok(request) => answer(&request, server),
        Err(HeadError::TooLarge) => response(
            431,
            "text/plain",
            format!("request headers larger than {MAX_HEAD} bytes\n").as_bytes(),
            false,
        ),
        Err(HeadError::BodyTooLarge) => response(
            413,
            "text/plain",
            format!("request body larger than {MAX_BODY} bytes\n").as_bytes(),
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
    BodyTooLarge,
    Malformed,
    /// The client went away or was too slow: nothing to answer.
    Closed,
}

/// The most bytes of a request body (a sign-off request is a few hundred).
pub const MAX_BODY: usize = 64 * 1024;

/// A request as read: method, target, headers and body.
struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    /// The value of a header that must appear at most once: `Err` when
    /// it appears twice.
    fn header(&self, name: &str) -> Result<Option<&str>, ()> {
        let mut found = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str());
        match (found.next(), found.next()) {
            (first, None) => Ok(first),
            _ => Err(()),
        }
    }
}

/// Reads a request's line and headers, at most [`MAX_HEAD`] bytes, and
/// its body (`Content-Length`, at most [`MAX_BODY`]), all within
/// [`CONNECTION_TIMEOUT`] (a client trickling bytes is cut off too).
fn read_request(stream: &mut TcpStream) -> Result<Request, HeadError> {
    let deadline = Instant::now() + CONNECTION_TIMEOUT;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let mut read_more = |buf: &mut Vec<u8>, want: usize| -> Result<(), HeadError> {
        let left = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or(HeadError::Closed)?;
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut chunk[..want.clamp(1, 4096)]) {
            Ok(0) | Err(_) => Err(HeadError::Closed),
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                Ok(())
            }
        }
    };
    let end = loop {
        // Look for the blank line from just before the new bytes.
        let from = buf.len().saturating_sub(3);
        let want = MAX_HEAD + 4 - buf.len().min(MAX_HEAD);
        read_more(&mut buf, want)?;
        if let Some(end) = buf[from..].windows(4).position(|w| w == b"\r\n\r\n") {
            break from + end;
        }
        if buf.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
    };
    if end > MAX_HEAD {
        return Err(HeadError::TooLarge);
    }
    let head = std::str::from_utf8(&buf[..end]).map_err(|_| HeadError::Malformed)?;
    let mut lines = head.split("\r\n");
    let mut line = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (line.next(), line.next(), line.next(), line.next())
    else {
        return Err(HeadError::Malformed);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(HeadError::Malformed);
    }
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').ok_or(HeadError::Malformed)?;
            Ok((n.trim().to_string(), v.trim().to_string()))
        })
        .collect::<Result<_, HeadError>>()?;
    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
        body: Vec::new(),
    };
    let length = match request.header("content-length") {
        Ok(None) => 0,
        Ok(Some(v)) => v.parse::<usize>().map_err(|_| HeadError::Malformed)?,
        Err(()) => return Err(HeadError::Malformed),
    };
    if length > MAX_BODY {
        return Err(HeadError::BodyTooLarge);
    }
    let mut body = buf.split_off(end + 4);
    while body.len() < length {
        let want = length - body.len();
        read_more(&mut body, want)?;
    }
    body.truncate(length);
    request.body = body;
    Ok(request)
}

const HTML: &str = "text/html; charset=utf-8";

/// The answer to one request.
fn answer(request: &Request, server: &Server) -> Vec<u8> {
    let host =
        match request.header("host") {
            Ok(Some(host)) if is_local_host(host, server.port) => host,
            _ => return response(
                403,
                "text/plain",
                b"forbidden: the preview answers only requests for localhost, 127.0.0.1 or [::1]\n",
                false,
            ),
        };
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    let path = percent_decode(path);
    let head_only = match request.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        "POST" => return post(request, host, &path, server),
        _ => return response(405, "text/plain", b"only GET, HEAD and POST\n", false),
    };
    if path == "/__policyc/version" {
        let seen = query
            .strip_prefix("after=")
            .and_then(|v| v.parse::<u64>().ok());
        let version = match seen {
            Some(seen) => server.wait_for_change(seen),
            None => server.state.read().map_or(0, |p| p.version),
        };
        return response(200, "text/plain", version.to_string().as_bytes(), head_only);
    }
    let Ok(preview) = server.state.read() else {
        return response(500, "text/plain", b"the preview failed\n", head_only);
    };
    if path == "/" || path == "/index.html" {
        return response(200, HTML, page::index_page(&preview).as_bytes(), head_only);
    }
    if let Some(rest) = path.strip_prefix("/__policyc/review/") {
        let (policy, tag) = rest.split_once('/').unwrap_or((rest, ""));
        return match preview.page(policy, tag) {
            Some(page) => {
                let html = review::view(&preview, page, &server.token, &server.root);
                response(200, HTML, html.as_bytes(), head_only)
            }
            None => not_found(&preview, head_only),
        };
    }
    let key = path.trim_start_matches('/');
    match preview.files.get(key) {
        Some(file) => file_response(&preview, key, file, head_only),
        None if key.ends_with(".pdf") => match preview.pdf(key) {
            Some(Ok(bytes)) => response(200, "application/pdf", &bytes, head_only),
            Some(Err(why)) => {
                let why = diag::visible_line(&why).into_owned() + "\n";
                response(409, "text/plain; charset=utf-8", why.as_bytes(), head_only)
            }
            None => not_found(&preview, head_only),
        },
        None => match preview.unbuilt_page(key) {
            Some(page) => response(
                200,
                HTML,
                unbuilt_html(&preview, page).as_bytes(),
                head_only,
            ),
            None => not_found(&preview, head_only),
        },
    }
}

fn not_found(preview: &Preview, head_only: bool) -> Vec<u8> {
    response(404, HTML, page::index_page(preview).as_bytes(), head_only)
}

/// A file of the output folder with its content type; an HTML page with
/// the bar and the markers.
fn file_response(preview: &Preview, key: &str, file: &Served, head_only: bool) -> Vec<u8> {
    let content_type = content_type(key);
    if content_type != HTML {
        return response(200, content_type, &file.bytes, head_only);
    }
    let html = String::from_utf8_lossy(&file.bytes);
    let page = &preview.pages[file.page];
    let annotated = page::annotate(preview, page, &html, file.last_good);
    response(200, HTML, annotated.as_bytes(), head_only)
}

/// The content type of an output file, by its extension.
fn content_type(key: &str) -> &'static str {
    match key.rsplit('.').next() {
        Some("html") => HTML,
        Some("pdf") => "application/pdf",
        Some("json") => "application/json",
        // Markdown shown as text in the browser, not downloaded.
        _ => "text/plain; charset=utf-8",
    }
}

/// A state-changing request: only from the preview's own pages, which
/// carry the run's token and send a matching `Origin`; 403 otherwise.
fn post(request: &Request, host: &str, path: &str, server: &Server) -> Vec<u8> {
    let origin_ok =
        matches!(request.header("origin"), Ok(Some(o)) if o == format!("http://{host}"));
    let token_ok =
        matches!(request.header("x-policyc-token"), Ok(Some(t)) if same(t, &server.token));
    if !origin_ok || !token_ok {
        return response(
            403,
            "text/plain",
            b"forbidden: a change needs the preview's token and its own Origin\n",
            false,
        );
    }
    match path {
        "/__policyc/approve" => {
            let (status, body) = review::approve(&server.root, &request.body);
            response(status, "application/json", body.as_bytes(), false)
        }
        _ => response(404, "text/plain", b"no such action\n", false),
    }
}

/// Compares two tokens in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
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
        409 => "Conflict",
        413 => "Content Too Large",
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
