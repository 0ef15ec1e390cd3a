//! Relative links on paper: a link such as `/gdpr` works on the website,
//! where the browser resolves it against the page, but is dead in a PDF
//! and in print HTML opened from disk. Those formats get every relative
//! link resolved against the site's base URL (`[html] base-url`, else the
//! first `[sites.<name>] base-url`); without a base, `check` and `build`
//! warn (`relative-link`). Markdown for Hugo keeps links as written.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::diag::{Code, Diagnostic, Severity, SourceMap};
use crate::doc::{Block, Document, Inline};
use crate::policy::{FactValue, Policy};

/// The base URL relative links resolve against, if the workspace has one.
pub fn base_url(config: &Config) -> Option<&str> {
    config
        .html
        .base_url
        .as_deref()
        .or_else(|| config.sites.values().find_map(|s| s.base_url.as_deref()))
        .filter(|b| !b.trim().is_empty())
}

/// Whether a link target is relative to the page it is on: no scheme, not
/// an anchor within the document (`#scope` works on paper too).
fn is_relative(href: &str) -> bool {
    if href.is_empty() || href.starts_with('#') {
        return false;
    }
    // A scheme is what comes before the first `:`, unless `/`, `?` or `#`
    // comes first (RFC 3986, section 4.2).
    match href.find([':', '/', '?', '#']) {
        Some(i) => href.as_bytes()[i] != b':' || i == 0,
        None => true,
    }
}

/// `href` resolved against `base` (RFC 3986 section 5.2, without
/// removing `.` and `..` segments, which every PDF viewer's browser does):
/// `//host/x` takes the base's scheme, `/x` its origin, and any other
/// relative reference is read from the base as a folder.
pub fn resolve<'a>(href: &'a str, base: &str) -> Cow<'a, str> {
    if !is_relative(href) {
        return Cow::Borrowed(href);
    }
    let base = base.trim();
    let (scheme, rest) = match base.find("://") {
        Some(i) => (&base[..i], &base[i + 3..]),
        None => ("https", base),
    };
    if href.starts_with("//") {
        return Cow::Owned(format!("{scheme}:{href}"));
    }
    let host = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if href.starts_with('/') {
        return Cow::Owned(format!("{scheme}://{host}{href}"));
    }
    // The base's path without its query or fragment, as a folder.
    let path = &rest[host.len()..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let path = path.trim_end_matches('/');
    Cow::Owned(format!("{scheme}://{host}{path}/{href}"))
}

/// Calls `f` on every link target of the document.
fn each_href(doc: &mut Document, f: &mut dyn FnMut(&mut String)) {
    fn inlines(nodes: &mut [Inline], f: &mut dyn FnMut(&mut String)) {
        for n in nodes {
            match n {
                Inline::Link { href, children, .. } => {
                    f(href);
                    inlines(children, f);
                }
                Inline::Emphasis { children } | Inline::Strong { children } => inlines(children, f),
                Inline::Text { .. }
                | Inline::Code { .. }
                | Inline::LineBreak
                | Inline::Html { .. } => {}
            }
        }
    }
    fn block(b: &mut Block, f: &mut dyn FnMut(&mut String)) {
        match b {
            Block::Paragraph { content } | Block::Lead { content } => inlines(content, f),
            Block::Note {
                title, paragraphs, ..
            } => {
                inlines(title, f);
                paragraphs.iter_mut().for_each(|p| inlines(p, f));
            }
            Block::List { items, .. } => {
                for item in items {
                    item.label.iter_mut().for_each(|l| inlines(l, f));
                    inlines(&mut item.content, f);
                }
            }
            Block::Definitions { items, .. } => {
                for d in items {
                    inlines(&mut d.term, f);
                    inlines(&mut d.definition, f);
                }
            }
            Block::Table { header, rows, .. } => {
                header.iter_mut().for_each(|c| inlines(c, f));
                rows.iter_mut().flatten().for_each(|c| inlines(c, f));
            }
        }
    }
    fn section(s: &mut crate::doc::Section, f: &mut dyn FnMut(&mut String)) {
        inlines(&mut s.title, f);
        s.blocks.iter_mut().for_each(|b| block(b, f));
        s.sections.iter_mut().for_each(|c| section(c, f));
    }
    doc.preamble.iter_mut().for_each(|b| block(b, f));
    doc.sections.iter_mut().for_each(|s| section(s, f));
    doc.epilogue.iter_mut().for_each(|b| block(b, f));
}

/// The document with its relative links resolved against `base`; the same
/// document (not a copy) when it has none, as most policies do not.
pub fn absolute(doc: &Arc<Document>, base: Option<&str>) -> Arc<Document> {
    let Some(base) = base else {
        return doc.clone();
    };
    let mut copy = (**doc).clone();
    let mut changed = false;
    each_href(&mut copy, &mut |href| {
        if let Cow::Owned(abs) = resolve(href, base) {
            *href = abs;
            changed = true;
        }
    });
    if changed {
        Arc::new(copy)
    } else {
        doc.clone()
    }
}

/// The document's relative link targets, each once, in order of appearance.
pub fn relative_links(doc: &Document) -> Vec<String> {
    let mut found = Vec::new();
    // The walk takes the document mutably (one walk for reading and
    // resolving); reading leaves every target as it was.
    let mut copy = doc.clone();
    each_href(&mut copy, &mut |href| {
        if is_relative(href) && !found.contains(href) {
            found.push(href.clone());
        }
    });
    found
}

/// The `relative-link` warning for a document rendered for paper in a
/// workspace without a base URL, or `None` when it has no relative links.
/// It points at the first link: in the translation when it is written
/// there, else at the fact it comes from.
pub fn unresolved(
    doc: &Document,
    policy: &Policy,
    ftl: &Path,
    sources: &SourceMap,
) -> Option<Diagnostic> {
    let links = relative_links(doc);
    let first = links.first()?;
    let listed: Vec<String> = links.iter().take(5).map(|l| format!("`{l}`")).collect();
    let more = match links.len() - listed.len() {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let plural = if links.len() == 1 { "" } else { "s" };
    let msg = format!(
        "{} relative link{plural} ({}{more}) will be dead in the PDF and print HTML: no base URL is set",
        links.len(),
        listed.join(", "),
    );
    let in_text = sources.get(ftl).and_then(|f| {
        f.text
            .find(&format!("]({first}"))
            .map(|at| at + 2..at + 2 + first.len())
    });
    // The locale's own value of the fact (`[locales.<tag>.facts]`, at
    // that table) or the one of `[facts]`, at its line.
    let tag = doc.locale.tag.as_str();
    let in_fact = || {
        let (name, _) = policy
            .facts_in(tag)
            .find(|(_, v)| matches!(v, FactValue::Text(t) if t == first))?;
        let own = policy
            .locales
            .get(tag)
            .filter(|m| m.facts.contains_key(name));
        Some(match own {
            Some(m) => m.span.clone(),
            None => policy.fact_spans.get(name).cloned(),
        })
    };
    let d = Diagnostic::new(Code::RelativeLink, msg);
    let d = match in_text {
        Some(span) => d.at(ftl, Some(span)),
        None => match in_fact() {
            Some(span) => d.at(&policy.file, span),
            None => d.in_file(ftl),
        },
    };
    Some(
        d.severity(Severity::Warning)
            .policy(doc.policy.clone())
            .locale(doc.locale.tag.clone())
            .hint(format!(
                "set `base-url` under `[html]` in policyc.toml (e.g. `base-url = \"https://example.com\"`) so that \
                 `{first}` is printed as a full address, or write the link as one"
            )),
    )
}

/// Adds a `relative-link` warning to `diags` unless one at the same place
/// says the same already (a fact's link is the same in every locale): then
/// that one stops naming a locale.
pub fn add_once(diags: &mut Vec<Diagnostic>, d: Diagnostic) {
    let same = diags.iter_mut().find(|e| {
        e.code == d.code && e.file == d.file && e.span == d.span && e.message == d.message
    });
    match same {
        Some(e) => e.locale = None,
        None => diags.push(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_relative_link_resolves_against_the_origin_of_the_base() {
        assert_eq!(
            resolve("/gdpr", "https://example.com/policies/"),
            "https://example.com/gdpr"
        );
    }

    #[test]
    fn a_path_relative_link_resolves_inside_the_base_folder() {
        assert_eq!(
            resolve("terms/", "https://example.com/policies"),
            "https://example.com/policies/terms/"
        );
    }

    #[test]
    fn a_scheme_relative_link_takes_the_scheme_of_the_base() {
        assert_eq!(
            resolve("//cdn.example.com/a", "http://example.com"),
            "http://cdn.example.com/a"
        );
    }

    #[test]
    fn absolute_links_and_anchors_stay_as_written() {
        for href in [
            "https://x.example/a",
            "mailto:a@b.example",
            "#scope",
            "tel:+4512",
        ] {
            assert_eq!(resolve(href, "https://example.com"), href);
        }
    }

    #[test]
    fn a_colon_after_a_slash_does_not_make_a_scheme() {
        assert_eq!(
            resolve("/a:b", "https://example.com"),
            "https://example.com/a:b"
        );
    }
}
