//! TBX (TermBase eXchange, ISO 30042), the terminology format translation
//! tools export, read into glossary terms. Both versions are read: TBX v3
//! (2019: `conceptEntry` > `langSec` > `termSec`) and TBX v2 (2008, the
//! `martif` files of Weblate, translate-toolkit and most CAT tools:
//! `termEntry` > `langSet` > `tig` or `ntig`).
//!
//! A concept becomes a term; its terms in each workspace locale become
//! accepted forms, or forbidden ones when their administrative status
//! (`<termNote type="administrativeStatus">`) says deprecated, superseded,
//! forbidden or obsolete. Languages the workspace does not publish are
//! left out: an export usually holds more languages than one site.

use indexmap::IndexMap;
use roxmltree::{Document, Node, ParsingOptions};

use super::{check_form, Term};
use crate::config::Config;
use crate::diag::{Code, Diagnostic};
use crate::source::SourceText;

/// The `xml:lang` attribute's namespace.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The terms of one TBX file.
pub fn parse(src: &SourceText, config: &Config) -> Result<Vec<Term>, Diagnostic> {
    // TBX v2 files declare their DTD (translate-toolkit writes one), so a
    // DTD is allowed; roxmltree never fetches an external entity and stops
    // entities that expand without end, and the node limit bounds memory.
    let options = ParsingOptions {
        allow_dtd: true,
        nodes_limit: 4_000_000,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(&src.text, options).map_err(|e| {
        let pos = e.pos();
        let offset = offset_of(&src.text, pos.row as usize, pos.col as usize);
        Diagnostic::new(Code::BadGlossary, format!("not a readable TBX file: {e}"))
            .at(&src.path, Some(offset..offset))
            .hint("export the termbase again as TBX; policyc reads TBX v2 (martif) and v3")
    })?;
    let root = doc.root_element();
    if !matches!(root.tag_name().name(), "tbx" | "martif") {
        return Err(Diagnostic::new(
            Code::BadGlossary,
            format!(
                "`{}` is not a TBX file: its root element is <{}>",
                src.path.display(),
                root.tag_name().name()
            ),
        )
        .at(&src.path, Some(root.range()))
        .hint("policyc reads TBX v3 (<tbx>) and v2 (<martif>) files in glossary/"));
    }
    let mut terms = Vec::new();
    let concepts = root
        .descendants()
        .filter(|n| matches!(n.tag_name().name(), "conceptEntry" | "termEntry"));
    for (i, concept) in concepts.enumerate() {
        if let Some(t) = concept_term(src, config, concept, i)? {
            terms.push(t);
        }
    }
    Ok(terms)
}

/// One concept as a term; `None` when it has no term in a workspace locale.
fn concept_term(
    src: &SourceText,
    config: &Config,
    concept: Node<'_, '_>,
    index: usize,
) -> Result<Option<Term>, Diagnostic> {
    let mut term = Term {
        id: concept
            .attribute("id")
            .map_or_else(|| format!("concept-{}", index + 1), str::to_string),
        note: None,
        file: src.path.clone(),
        line: crate::diag::line_col(&src.text, concept.range().start).0,
        span: Some(concept.range()),
        accepted: IndexMap::new(),
        forbidden: IndexMap::new(),
    };
    let sections = concept
        .children()
        .filter(|n| matches!(n.tag_name().name(), "langSec" | "langSet"));
    for section in sections {
        let lang = section
            .attribute((XML_NS, "lang"))
            .or_else(|| section.attribute("lang"))
            .unwrap_or("");
        let Some(tag) = config.resolve_locale(lang) else {
            continue;
        };
        for t in section
            .descendants()
            .filter(|n| n.tag_name().name() == "term")
        {
            let text: String = t
                .descendants()
                .filter(Node::is_text)
                .filter_map(|n| n.text())
                .collect();
            if let Err(why) = check_form(&text) {
                return Err(Diagnostic::new(
                    Code::BadGlossary,
                    format!("concept `{}` has a term that {why}", term.id),
                )
                .at(&src.path, Some(t.range()))
                .hint("fix or remove the term in the termbase, and export it again"));
            }
            let map = if forbidden(t) {
                &mut term.forbidden
            } else {
                &mut term.accepted
            };
            map.entry(tag.to_string())
                .or_default()
                .push(text.trim().to_string());
        }
    }
    if term.accepted.is_empty() && term.forbidden.is_empty() {
        return Ok(None);
    }
    term.note = concept
        .descendants()
        .find(|n| n.tag_name().name() == "descrip")
        .and_then(|n| n.text())
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty());
    Ok(Some(term))
}

/// Whether a `<term>`'s administrative status (a `termNote` beside it, in
/// its `termSec`, `tig` or `ntig`) forbids it.
fn forbidden(term: Node<'_, '_>) -> bool {
    let group = term
        .ancestors()
        .skip(1)
        .find(|n| matches!(n.tag_name().name(), "termSec" | "tig" | "ntig"))
        .unwrap_or(term);
    group
        .descendants()
        .filter(|n| n.tag_name().name() == "termNote")
        .filter(|n| {
            matches!(
                n.attribute("type"),
                Some("administrativeStatus" | "normativeAuthorization")
            )
        })
        .filter_map(|n| n.text())
        .any(|status| {
            let s = status.trim();
            let s = s.strip_suffix("-admn-sts").unwrap_or(s);
            matches!(
                s,
                "deprecatedTerm" | "supersededTerm" | "forbidden" | "obsolete"
            )
        })
}

/// The byte offset of a 1-based row and column (in characters).
fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(row.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = &text[line_start.min(text.len())..];
    line_start
        + line
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
}
