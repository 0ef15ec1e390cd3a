//! The localized document tree: one policy in one locale, fully resolved.
//!
//! This is the one value every backend renders (Markdown, HTML, print
//! HTML, PDF) and every analysis reads. It holds no Fluent and no TOML:
//! text is already translated, facts substituted, dates formatted, numbers
//! assigned, and inline Markdown parsed into [`Inline`] nodes, so a backend
//! only decides how to write each node. It serializes (serde) as the
//! context of the templates.

use serde::Serialize;

/// One policy in one locale.
#[derive(Clone, Debug, Serialize)]
pub struct Document {
    /// Policy id (`privacy`), the same in every locale.
    pub policy: String,
    pub locale: LocaleInfo,
    /// Plain-text title.
    pub title: String,
    /// Plain-text one-sentence introduction.
    pub intro: String,
    pub slug: String,
    pub aliases: Vec<String>,
    pub version: String,
    pub published: LocalDate,
    pub effective: Option<LocalDate>,
    pub control: ControlInfo,
    /// Whether sections carry clause numbers.
    pub numbered: bool,
    /// Blocks before the first section (the lead, usually).
    pub preamble: Vec<Block>,
    pub sections: Vec<Section>,
    /// Blocks after the last section (a closing note, usually).
    pub epilogue: Vec<Block>,
    /// The same policy in the other locales, for language links.
    pub translations: Vec<Translation>,
    /// Messages of the locale's `_shared.ftl` without variables: UI labels.
    /// `page-of` keeps `{page}` and `{pages}` as placeholders.
    pub labels: std::sync::Arc<std::collections::BTreeMap<String, String>>,
}

/// The locale of a document.
#[derive(Clone, Debug, Serialize)]
pub struct LocaleInfo {
    /// BCP 47 tag used for Fluent and CLDR data (`nb`); also `<html lang>`.
    pub tag: String,
    /// The code the site uses (`no`): output folder and `language` key.
    pub code: String,
}

/// A date with its localized rendering.
#[derive(Clone, Debug, Serialize)]
pub struct LocalDate {
    /// `YYYY-MM-DD`.
    pub iso: String,
    /// Long localized form, e.g. "5. januar 2024".
    pub text: String,
}

/// Document control, localized where it is a code.
#[derive(Clone, Debug, Serialize)]
pub struct ControlInfo {
    pub document_id: String,
    pub category: Option<String>,
    pub classification: Option<String>,
    pub prepared_by: String,
    pub approver: String,
}

/// A link to the same policy in another locale (only complete locales).
#[derive(Clone, Debug, Serialize)]
pub struct Translation {
    pub tag: String,
    pub code: String,
    pub slug: String,
    /// The document title in that locale.
    pub title: String,
    /// That locale's name for itself (`language-name`), e.g. "Dansk".
    pub language: String,
}

/// One section, with its stable id (the anchor in every locale).
#[derive(Clone, Debug, Serialize)]
pub struct Section {
    pub id: String,
    /// `4` or `4.2` when the policy is numbered.
    pub number: Option<String>,
    /// 1 for top-level sections.
    pub depth: usize,
    pub title: Vec<Inline>,
    /// The title as plain text (for tables of contents and bookmarks).
    pub title_text: String,
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
}

/// A block of content.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    Paragraph {
        content: Vec<Inline>,
    },
    Lead {
        content: Vec<Inline>,
    },
    Note {
        id: String,
        title: Vec<Inline>,
        title_text: String,
        paragraphs: Vec<Vec<Inline>>,
    },
    List {
        ordered: bool,
        items: Vec<ListItem>,
    },
    Table {
        id: String,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// Terms and their definitions, in source order.
    Definitions {
        id: String,
        items: Vec<Definition>,
    },
}

/// A defined term and its definition.
#[derive(Clone, Debug, Serialize)]
pub struct Definition {
    pub term: Vec<Inline>,
    pub definition: Vec<Inline>,
}

/// One list item, optionally with a run-in label.
#[derive(Clone, Debug, Serialize)]
pub struct ListItem {
    pub label: Option<Vec<Inline>>,
    pub content: Vec<Inline>,
}

/// Inline content, parsed from the translation's Markdown.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Inline {
    Text {
        text: String,
    },
    Emphasis {
        children: Vec<Inline>,
    },
    Strong {
        children: Vec<Inline>,
    },
    Code {
        text: String,
    },
    Link {
        href: String,
        /// The link's title (`[text](href "title")`), shown on hover;
        /// empty when it has none.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
        children: Vec<Inline>,
    },
    LineBreak,
    /// Raw HTML, only when the workspace allows it.
    Html {
        html: String,
    },
}

impl Inline {
    /// The text a reader sees, without markup.
    pub fn plain_text(&self) -> String {
        let mut s = String::new();
        self.write_plain(&mut s);
        s
    }

    fn write_plain(&self, out: &mut String) {
        match self {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Emphasis { children }
            | Inline::Strong { children }
            | Inline::Link { children, .. } => children.iter().for_each(|c| c.write_plain(out)),
            Inline::LineBreak => out.push(' '),
            Inline::Html { .. } => {}
        }
    }
}

/// Plain text of a run of inlines.
pub fn plain_text(inlines: &[Inline]) -> String {
    inlines.iter().map(Inline::plain_text).collect()
}

impl Document {
    /// Every section, depth first.
    pub fn all_sections(&self) -> Vec<&Section> {
        fn walk<'a>(out: &mut Vec<&'a Section>, s: &'a Section) {
            out.push(s);
            s.sections.iter().for_each(|c| walk(out, c));
        }
        let mut out = Vec::new();
        self.sections.iter().for_each(|s| walk(&mut out, s));
        out
    }
}
