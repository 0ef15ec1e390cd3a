//! What `serve` adds to a rendered page: the preview bar at the top
//! (locale switcher, format links, counts of findings by kind), each
//! finding as a marker under the heading of the section it concerns, the
//! repaint script; and the index of every page and file.
//!
//! The page itself is the HTML renderer's output, untouched but for these
//! insertions: markers find their place through the section anchors the
//! renderer writes (`id="{section}-title"` on each heading).

use std::fmt::Write as _;

use crate::diag::{visible_text, Diagnostic, Severity, SourceMap};
use crate::render::html::escape_html;
use crate::render::{page_path, Format};

use super::{PageInfo, Preview};

/// Text escaped for HTML content and attribute values, with control
/// characters shown visibly (text from translators and the lock).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_html(&visible_text(s), &mut out);
    out
}

/// The preview's own style: the bar, the markers, the index and the
/// review view. Colours keep WCAG AA contrast (axe-core checks them).
pub const STYLE: &str = "\
.pc-bar{position:sticky;top:0;z-index:50;margin:0;padding:.4rem 1rem;background:#102a43;color:#fff;font:14px/1.5 system-ui,sans-serif;display:flex;gap:.4rem 1rem;flex-wrap:wrap;align-items:center}\
.pc-bar a{color:#fff}.pc-bar a[aria-current]{font-weight:700}\
.pc-bar ul{display:inline-flex;flex-wrap:wrap;gap:.2rem .6rem;list-style:none;margin:0;padding:0}\
.pc-bar a:focus-visible,.pc-marker a:focus-visible,.pc-main a:focus-visible,.pc-main button:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}\
.pc-ok{background:#1e7b34;padding:0 .5rem;border-radius:3px}\
.pc-err{background:#b00020;padding:0 .5rem;border-radius:3px}\
.pc-warn{background:#7a4a00;padding:0 .5rem;border-radius:3px}\
.pc-findings{margin:0;padding:.4rem 1rem;background:#f4f6f8;border-bottom:1px solid #9aa5b1;font:14px/1.5 system-ui,sans-serif;color:#1a1a1a}\
.pc-findings a{color:#0b4a8b}\
.pc-marker{margin:.5rem 0;padding:.4rem .75rem;border-left:5px solid #b00020;background:#fff0f0;color:#1a1a1a;font:14px/1.45 system-ui,sans-serif;overflow-wrap:break-word}\
.pc-marker.pc-warning{border-left-color:#7a4a00;background:#fff6e0}\
.pc-marker p{margin:.15rem 0}.pc-marker .pc-where{color:#3e4c59;font-size:13px}\
.pc-lastgood{margin:0;padding:.4rem 1rem;background:#fff6e0;color:#1a1a1a;border-bottom:2px solid #7a4a00;font:14px/1.5 system-ui,sans-serif}\
.pc-main{font:16px/1.5 system-ui,sans-serif;max-width:72rem;margin:1rem auto;padding:0 1rem;color:#1a1a1a}\
.pc-main a{color:#0b4a8b}\
.pc-main table{border-collapse:collapse;width:100%}\
.pc-main th,.pc-main td{border:1px solid #9aa5b1;padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word;hyphens:auto}\
.pc-state{font-weight:700;white-space:nowrap}\
.pc-state-ok{color:#1e6b30}.pc-state-missing,.pc-state-stale,.pc-state-changed{color:#a0001c}.pc-state-unreviewed{color:#6b4100}\
.pc-main ins{background:#d9f2d9;color:#0b3d0b}.pc-main del{background:#fbe0e0;color:#5c0b0b}\
.pc-main button{font:inherit;padding:.2rem .7rem;cursor:pointer}\
.pc-text{white-space:pre-wrap}.pc-missing{color:#a0001c;font-style:italic}\
@media (max-width:40rem){.pc-review thead{position:absolute;left:-9999px}.pc-review tr,.pc-review td{display:block}.pc-review td{border-top:0}.pc-review tr{border-top:2px solid #52606d;margin-top:.5rem}.pc-review td::before{content:attr(data-label);display:block;font-weight:700;font-size:13px}}\
.pc-visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap}";

/// Where a finding is shown on its page: under the heading of a section,
/// or in the list under the bar.
fn section_of(d: &Diagnostic, sources: &SourceMap, page: &str) -> Option<String> {
    let has = |id: &str| page.contains(&format!(" id=\"{id}-title\""));
    if let Some(s) = d.section.as_deref().filter(|s| has(s)) {
        return Some(s.to_string());
    }
    for key in &d.keys {
        let message = key.split('.').next().unwrap_or(key);
        if has(message) {
            return Some(message.to_string());
        }
    }
    // A syntax error has a position only: the message it breaks is the
    // entry starting on the nearest line above at column 0.
    let file = sources.get(d.file.as_deref()?)?;
    let (line, _) = sources.position(d)?;
    (1..=line).rev().find_map(|n| {
        let text = file.line(n);
        let id = text.split_once('=')?.0.trim_end();
        let starts = text.starts_with(|c: char| c.is_ascii_alphabetic());
        let ident = id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        (starts && ident && has(id)).then(|| id.to_string())
    })
}

/// `file:line:col` of a finding, when it has a file.
fn location(d: &Diagnostic, sources: &SourceMap) -> Option<String> {
    let file = d.file.as_ref()?.display().to_string();
    Some(match sources.position(d) {
        Some((line, col)) => format!("{file}:{line}:{col}"),
        None => file,
    })
}

/// One finding as a marker: severity, code, message, hint, where.
fn marker(n: usize, d: &Diagnostic, sources: &SourceMap) -> String {
    let (class, word) = match d.severity {
        Severity::Error => ("pc-error", "error"),
        Severity::Warning => ("pc-warning", "warning"),
    };
    let mut s = format!(
        "<aside class=\"pc-marker {class}\" id=\"pc-finding-{n}\" aria-label=\"{word}: {}\"><p><strong>{word} [{}]</strong> {}</p>",
        esc(d.code.name()),
        esc(d.code.name()),
        esc(&d.message)
    );
    if let Some(change) = &d.change {
        let _ = write!(s, "<p>reference change: {}</p>", diff_html(&change.diff));
    }
    if let Some(h) = &d.hint {
        let _ = write!(s, "<p class=\"pc-text\">hint: {}</p>", esc(h));
    }
    if let Some(at) = location(d, sources) {
        let _ = write!(s, "<p class=\"pc-where\">{}</p>", esc(&at));
    }
    s.push_str("</aside>");
    s
}

/// A word diff as `<del>`/`<ins>`, with words for screen readers.
pub fn diff_html(diff: &[crate::diff::Span]) -> String {
    use crate::diff::SpanKind;
    diff.iter()
        .map(|span| {
            let tag = match span.kind {
                SpanKind::Kept => return esc(&span.text),
                SpanKind::Removed => "del",
                SpanKind::Added => "ins",
            };
            let word = if tag == "del" { "removed" } else { "added" };
            format!(
                "<{tag}><span class=\"pc-visually-hidden\">{word}: </span>{}</{tag}>",
                esc(&span.text)
            )
        })
        .collect()
}

/// Whether a finding concerns a page: its policy and locale (a finding
/// of the locale's `_shared.ftl` concerns every page of the locale).
fn concerns(d: &Diagnostic, page: &PageInfo) -> bool {
    let locale = d.locale.as_deref() == Some(page.tag.as_str());
    match d.policy.as_deref() {
        Some(p) => locale && p == page.policy,
        None => locale || d.locale.is_none(),
    }
}

/// Whether an error concerns a page.
pub fn has_errors(p: &Preview, page: &PageInfo) -> bool {
    p.diags.iter().any(|d| d.is_error() && concerns(d, page))
}

/// The bar: where you are, the other locales, this page's formats and
/// review view, and the counts of findings by kind.
fn bar(p: &Preview, page: Option<&PageInfo>, counts: &[(String, usize, usize)]) -> String {
    let mut s = String::from("<nav class=\"pc-bar\" aria-label=\"policyc preview\"><strong>policyc preview</strong><a href=\"/\">all pages</a>");
    if let Some(page) = page {
        s.push_str("<ul aria-label=\"locales\">");
        for other in p.pages.iter().filter(|o| o.policy == page.policy) {
            let current = if other.tag == page.tag {
                " aria-current=\"page\""
            } else {
                ""
            };
            let _ = write!(
                s,
                "<li><a href=\"/{}\" lang=\"{}\" hreflang=\"{}\"{current}>{}</a></li>",
                esc(&page_path(&other.code, &other.slug, Format::Html)),
                esc(&other.tag),
                esc(&other.tag),
                esc(&other.code)
            );
        }
        s.push_str("</ul><ul aria-label=\"formats\">");
        for (label, path) in page.formats(p) {
            let _ = write!(s, "<li><a href=\"/{}\">{label}</a></li>", esc(&path));
        }
        let _ = write!(
            s,
            "<li><a href=\"{}\">review</a></li></ul>",
            esc(&page.review_url())
        );
    }
    let (errors, warnings) = counts
        .iter()
        .fold((0, 0), |(e, w), (_, ce, cw)| (e + ce, w + cw));
    if errors + warnings == 0 {
        s.push_str("<span class=\"pc-ok\">check ok</span>");
    } else {
        let class = if errors > 0 { "pc-err" } else { "pc-warn" };
        let _ = write!(
            s,
            "<span class=\"{class}\">{errors} error(s), {warnings} warning(s)</span>"
        );
    }
    s.push_str("</nav>");
    s
}

/// The list under the bar: each kind with its count, and every finding
/// linked to its marker (or shown there when it has no place on the page).
fn findings_list(items: &[(usize, String, Option<String>)], elsewhere: usize) -> String {
    if items.is_empty() && elsewhere == 0 {
        return String::new();
    }
    let mut s = String::from(
        "<details class=\"pc-findings\" open><summary>findings on this page</summary><ul>",
    );
    for (n, summary, inline) in items {
        match inline {
            None => {
                let _ = write!(s, "<li><a href=\"#pc-finding-{n}\">{summary}</a></li>");
            }
            Some(marker) => {
                let _ = write!(s, "<li>{marker}</li>");
            }
        }
    }
    if elsewhere > 0 {
        let _ = write!(
            s,
            "<li><a href=\"/\">{elsewhere} finding(s) on other pages</a></li>"
        );
    }
    s.push_str("</ul></details>");
    s
}

/// Counts by kind: (code, errors, warnings), in order of first appearance.
fn count_by_kind<'d>(diags: impl Iterator<Item = &'d Diagnostic>) -> Vec<(String, usize, usize)> {
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    for d in diags {
        let code = d.code.name().to_string();
        let i = match counts.iter().position(|c| c.0 == code) {
            Some(i) => i,
            None => {
                counts.push((code, 0, 0));
                counts.len() - 1
            }
        };
        match d.severity {
            Severity::Error => counts[i].1 += 1,
            Severity::Warning => counts[i].2 += 1,
        }
    }
    counts
}

/// A served page with the bar, the findings and the repaint script.
pub fn annotate(p: &Preview, page: &PageInfo, html: &str, last_good: bool) -> String {
    let (top, placed) = header(p, page, html, last_good);
    inject(html, &top, &placed, p.version)
}

/// The bar and the findings list of a page, and the markers that go
/// under the headings of `html` as (section, marker).
pub fn header(
    p: &Preview,
    page: &PageInfo,
    html: &str,
    last_good: bool,
) -> (String, Vec<(String, String)>) {
    let mine: Vec<&Diagnostic> = p.diags.iter().filter(|d| concerns(d, page)).collect();
    let elsewhere = p.diags.len() - mine.len();
    let counts = count_by_kind(mine.iter().copied());
    let mut placed: Vec<(String, String)> = Vec::new();
    let mut items = Vec::new();
    for (n, d) in mine.iter().enumerate() {
        let m = marker(n, d, &p.sources);
        let summary = format!(
            "{} [{}]: {}",
            severity_word(d),
            esc(d.code.name()),
            esc(&d.message)
        );
        match section_of(d, &p.sources, html) {
            Some(section) => {
                placed.push((section, m));
                items.push((n, summary, None));
            }
            None => items.push((n, summary, Some(m))),
        }
    }
    let mut top = bar(p, Some(page), &counts);
    // One landmark for the findings, so that everything on the page is in one.
    top.push_str("<section class=\"pc-region\" aria-label=\"check findings\">");
    if last_good {
        top.push_str("<p class=\"pc-lastgood\" role=\"status\">this page has errors: you see its last good version, with the findings marked where they are</p>");
    } else if has_errors(p, page) {
        top.push_str("<p class=\"pc-lastgood\" role=\"status\">this page has errors: it is built as far as it can be, what is missing is marked where it belongs</p>");
    }
    if !counts.is_empty() {
        top.push_str("<p class=\"pc-findings\">by kind: ");
        for (code, e, w) in &counts {
            let first = items
                .iter()
                .zip(&mine)
                .find(|(_, d)| d.code.name() == code)
                .map_or(0, |((n, _, _), _)| *n);
            let _ = write!(
                top,
                "<a href=\"#pc-finding-{first}\">{} ({})</a> ",
                esc(code),
                e + w
            );
        }
        top.push_str("</p>");
    }
    top.push_str(&findings_list(&items, elsewhere));
    top.push_str("</section>");
    (top, placed)
}

fn severity_word(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A page built as far as it could be has empty headings (and empty
/// table-of-contents links) where a section's title is missing: they say
/// so.
fn mark_missing_headings(html: &str) -> std::borrow::Cow<'_, str> {
    /// What ends an empty element, and what starts the section id
    /// before it: a heading's `id`, a contents link's target.
    const EMPTY: [(&str, &str); 2] = [("-title\"></h", " id=\""), ("\"></a>", " href=\"#")];
    if !EMPTY.iter().any(|(end, _)| html.contains(end)) {
        return html.into();
    }
    let mut out = html.to_string();
    for (end, start) in EMPTY {
        let mut marked = String::with_capacity(out.len() + 256);
        let mut rest = out.as_str();
        while let Some(i) = rest.find(end) {
            // The element's content starts after `">`.
            let content = i + end.find('<').unwrap_or(0);
            marked.push_str(&rest[..content]);
            let id = rest[..i].rfind(start).map(|s| &rest[s + start.len()..i]);
            if let Some(id) = id.filter(|id| !id.contains(['"', '<', '>'])) {
                let _ = write!(
                    marked,
                    "<span class=\"pc-missing\">[missing: {}]</span>",
                    esc(id)
                );
            }
            rest = &rest[content..];
        }
        marked.push_str(rest);
        out = marked;
    }
    out.into()
}

/// Puts the style in the head, the bar first in the body, each marker
/// after its section's heading and the script last.
fn inject(html: &str, top: &str, placed: &[(String, String)], version: u64) -> String {
    let html = mark_missing_headings(html);
    let html = html.as_ref();
    let mut out = String::with_capacity(html.len() + top.len() + 4096);
    let mut rest = html;
    if let Some(i) = rest.find("</head>") {
        out.push_str(&rest[..i]);
        let _ = write!(out, "<style>{STYLE}</style>");
        rest = &rest[i..];
    }
    if let Some(i) = rest
        .find("<body")
        .and_then(|b| rest[b..].find('>').map(|e| b + e + 1))
    {
        out.push_str(&rest[..i]);
        out.push_str(top);
        rest = &rest[i..];
    }
    // Markers in document order of their sections' headings.
    let mut at: Vec<(usize, &str)> = placed
        .iter()
        .filter_map(|(section, m)| {
            let h = rest.find(&format!(" id=\"{section}-title\""))?;
            let end = rest[h..]
                .find("</h")
                .and_then(|c| rest[h + c..].find('>').map(|e| h + c + e + 1))?;
            Some((end, m.as_str()))
        })
        .collect();
    at.sort_by_key(|(i, _)| *i);
    let mut from = 0;
    for (i, m) in at {
        out.push_str(&rest[from..i]);
        out.push_str(m);
        from = i;
    }
    rest = &rest[from..];
    match rest.rfind("</body>") {
        Some(i) => {
            out.push_str(&rest[..i]);
            out.push_str(&repaint_script(version));
            out.push_str(&rest[i..]);
        }
        None => out.push_str(rest),
    }
    out
}

/// Live repaint: waits on the server for the next version (a long poll),
/// then swaps the new page's body in place, keeping the scroll position
/// and the element with focus; a page that vanished is reloaded.
pub fn repaint_script(version: u64) -> String {
    format!(
        "<script>(function(){{var v={version};function go(){{fetch('/__policyc/version?after='+v).then(function(r){{return r.text()}}).then(function(t){{var n=+t;if(n===v){{go();return}}v=n;return fetch(location.href,{{cache:'no-store'}}).then(function(r){{if(!r.ok){{location.reload();return}}return r.text().then(function(h){{var d=new DOMParser().parseFromString(h,'text/html');var y=scrollY,f=document.activeElement&&document.activeElement.id;document.body.innerHTML=d.body.innerHTML;scrollTo(0,y);if(f&&document.getElementById(f))document.getElementById(f).focus();document.dispatchEvent(new CustomEvent('policyc:repainted',{{detail:v}}));go()}})}})}}).catch(function(){{setTimeout(go,1000)}})}}go()}})();</script>"
    )
}

/// The index: every policy in every locale, each format linked, with the
/// count of findings of each page.
pub fn index_page(p: &Preview) -> String {
    let mut body = format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>policyc preview</title><style>{STYLE}</style></head><body>");
    body.push_str(&bar(p, None, &count_by_kind(p.diags.iter())));
    body.push_str("<main class=\"pc-main\"><h1>Policies</h1>");
    let mut policies: Vec<&str> = p.pages.iter().map(|x| x.policy.as_str()).collect();
    policies.dedup();
    for policy in policies {
        let _ = write!(body, "<h2>{}</h2><ul>", esc(policy));
        for page in p.pages.iter().filter(|x| x.policy == policy) {
            let n = p.diags.iter().filter(|d| concerns(d, page)).count();
            let _ = write!(
                body,
                "<li><span lang=\"{}\">{}: <a href=\"/{}\">{}</a></span>",
                esc(&page.tag),
                esc(&page.code),
                esc(&page_path(&page.code, &page.slug, Format::Html)),
                esc(&page.title)
            );
            for (label, path) in page.formats(p).into_iter().skip(1) {
                let _ = write!(body, " · <a href=\"/{}\">{label}</a>", esc(&path));
            }
            let _ = write!(
                body,
                " · <a href=\"{}\">review</a>",
                esc(&page.review_url())
            );
            if n > 0 {
                let _ = write!(body, " — {n} finding(s)");
            }
            body.push_str("</li>");
        }
        body.push_str("</ul>");
    }
    let unplaced: Vec<&Diagnostic> = p
        .diags
        .iter()
        .filter(|d| !p.pages.iter().any(|page| concerns(d, page)))
        .collect();
    if !unplaced.is_empty() {
        body.push_str("<h2>Other findings</h2>");
        for (n, d) in unplaced.iter().enumerate() {
            body.push_str(&marker(n, d, &p.sources));
        }
    }
    body.push_str("</main>");
    body.push_str(&repaint_script(p.version));
    body.push_str("</body></html>");
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head></head><body>\n<section id=\"a\" aria-labelledby=\"a-title\">\n<h2 id=\"a-title\">A</h2>\n<p>one</p>\n</section>\n<section id=\"b\" aria-labelledby=\"b-title\">\n<h2 id=\"b-title\">B</h2>\n<p>two</p>\n</section>\n</body></html>";

    #[test]
    fn a_marker_goes_right_after_its_sections_heading() {
        let placed = [("b".to_string(), "<aside>M</aside>".to_string())];
        let out = inject(PAGE, "<nav>bar</nav>", &placed, 3);
        assert!(
            out.contains("<h2 id=\"b-title\">B</h2><aside>M</aside>\n<p>two</p>"),
            "{out}"
        );
        assert!(
            out.contains("<body><nav>bar</nav>\n<section id=\"a\""),
            "{out}"
        );
        assert!(out.contains("<style>") && out.contains("var v=3;"));
    }

    #[test]
    fn an_empty_heading_of_a_partial_page_says_what_is_missing() {
        let page =
            "<a href=\"#cookies\"></a><h2 id=\"cookies-title\"></h2><h2 id=\"b-title\">B</h2>";
        assert_eq!(
            mark_missing_headings(page),
            "<a href=\"#cookies\"><span class=\"pc-missing\">[missing: cookies]</span></a><h2 id=\"cookies-title\"><span class=\"pc-missing\">[missing: cookies]</span></h2><h2 id=\"b-title\">B</h2>"
        );
    }

    #[test]
    fn a_syntax_error_is_placed_in_the_section_of_the_message_it_breaks() {
        let sources = SourceMap::default();
        let path = std::path::Path::new("locales/da/x.ftl");
        let text = "a = A\n    .body = one\nb = B\n    .body = { two\n";
        sources.add(path, std::sync::Arc::new(text.to_string()));
        let at = text.find("{ two").unwrap();
        let d = Diagnostic::new(crate::diag::Code::FtlSyntax, "syntax").at(path, Some(at..at + 1));
        assert_eq!(section_of(&d, &sources, PAGE).as_deref(), Some("b"));
    }

    #[test]
    fn a_finding_of_another_locale_does_not_concern_the_page() {
        let page = PageInfo {
            policy: "privacy".into(),
            tag: "da".into(),
            code: "da".into(),
            slug: "s".into(),
            title: "T".into(),
        };
        let d = |l: &str| Diagnostic::new(crate::diag::Code::Stale, "x").locale(l);
        assert!(concerns(&d("da").policy("privacy"), &page));
        assert!(
            concerns(&d("da"), &page),
            "a _shared.ftl finding of the locale"
        );
        assert!(!concerns(&d("sv").policy("privacy"), &page));
        assert!(!concerns(&d("da").policy("dpa"), &page));
    }
}
