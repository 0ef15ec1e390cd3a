//! The policy source (`policies/<id>.toml`): structure, metadata and facts,
//! written once for every locale.
//!
//! Parsing happens in two steps: serde reads the TOML into `*Src` structs
//! that keep byte spans, then [`Policy::parse`] validates them into the
//! [`Policy`] model (ids, numbering, the messages every locale must provide),
//! collecting every problem with its file:line:col.

use crate::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::config::segment_problem;
use crate::diag::{Code, Diagnostic};
use crate::source::{toml_error, SourceText};

/// The message that holds the document title, its intro, and the
/// preamble/epilogue blocks. No section may use this id.
pub const POLICY_MESSAGE: &str = "policy";

/// Variables every policy provides besides its facts.
pub const BUILTIN_VARIABLES: &[&str] = &["version", "published", "effective", "document-id"];

// ---------------------------------------------------------------------------
// Source structs (serde)

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PolicySrc {
    policy: MetaSrc,
    #[serde(default)]
    control: ControlSrc,
    #[serde(default)]
    facts: IndexMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    locales: IndexMap<String, Spanned<LocaleSrc>>,
    #[serde(default)]
    preamble: Vec<BlockSrc>,
    #[serde(default)]
    sections: Vec<SectionSrc>,
    #[serde(default)]
    epilogue: Vec<BlockSrc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct MetaSrc {
    id: Spanned<String>,
    version: String,
    published: Spanned<toml::value::Datetime>,
    #[serde(default)]
    effective: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    numbered: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ControlSrc {
    #[serde(default)]
    document_id: String,
    #[serde(default)]
    category: Option<Spanned<String>>,
    #[serde(default)]
    classification: Option<Spanned<String>>,
    #[serde(default)]
    prepared_by: String,
    #[serde(default)]
    approver: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct LocaleSrc {
    #[serde(default)]
    slug: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    /// This locale's own values of facts in `[facts]`.
    #[serde(default)]
    facts: IndexMap<String, Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SectionSrc {
    id: Spanned<String>,
    /// `false` leaves this section (an annex, a preamble section) and its
    /// sub-sections without a number in a numbered policy; the others are
    /// numbered as if it were not there.
    #[serde(default)]
    numbered: Option<bool>,
    #[serde(default)]
    blocks: Vec<BlockSrc>,
    #[serde(default)]
    sections: Vec<SectionSrc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BlockSrc {
    kind: Spanned<KindSrc>,
    id: Spanned<String>,
    #[serde(default)]
    items: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    ordered: Option<Spanned<bool>>,
    #[serde(default)]
    labels: Option<Spanned<bool>>,
    #[serde(default)]
    columns: Option<Spanned<Vec<ColumnSrc>>>,
    #[serde(default)]
    rows: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    rows_from: Option<Spanned<String>>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "kebab-case")]
enum KindSrc {
    Text,
    Lead,
    Note,
    List,
    Table,
    Definitions,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ColumnSrc {
    Id(String),
    Full(ColumnFullSrc),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnFullSrc {
    id: String,
    #[serde(default)]
    field: Option<String>,
}

// ---------------------------------------------------------------------------
// The validated model

/// A calendar date (the policy's dates and date facts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A fact: written once in the source, passed to every locale's messages.
#[derive(Clone, Debug)]
pub enum FactValue {
    Text(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    Date(Date),
    /// An array of tables: rows for a table block.
    Rows(Vec<IndexMap<String, FactValue>>),
}

/// Document-control metadata (cover page, print header, front matter).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Control {
    pub document_id: String,
    /// A code, localized through `category-<code>` in `_shared.ftl`.
    pub category: Option<String>,
    /// A code, localized through `classification-<code>` in `_shared.ftl`.
    pub classification: Option<String>,
    pub prepared_by: String,
    pub approver: String,
}

/// Per-locale publishing metadata and facts.
#[derive(Clone, Debug, Default)]
pub struct LocaleMeta {
    pub slug: Option<String>,
    pub aliases: Vec<String>,
    pub span: Option<Range<usize>>,
    /// `[locales.<tag>.facts]`: values that replace those of `[facts]` in
    /// this locale (each name is a fact of `[facts]`, of the same kind).
    pub facts: IndexMap<String, FactValue>,
}

/// One section of the structure.
#[derive(Clone, Debug)]
pub struct SectionDef {
    pub id: String,
    pub span: Range<usize>,
    /// Clause number (`4`, `4.2`) when the policy is numbered.
    pub number: Option<String>,
    /// 1 for top-level sections.
    pub depth: usize,
    pub blocks: Vec<BlockDef>,
    pub sections: Vec<SectionDef>,
}

/// One block in a section, the preamble or the epilogue.
#[derive(Clone, Debug)]
pub struct BlockDef {
    pub id: String,
    pub span: Range<usize>,
    pub kind: BlockKind,
}

#[derive(Clone, Debug)]
pub enum BlockKind {
    /// Body text: one or more paragraphs of inline Markdown.
    Text,
    /// The lead paragraph.
    Lead,
    /// A call-out with a title.
    Note,
    List {
        items: Vec<String>,
        ordered: bool,
        /// Each item has a run-in label (`<list>-<item>-label`).
        labels: bool,
    },
    Table {
        columns: Vec<Column>,
        rows: TableRows,
    },
    /// Terms and their definitions (`<dl>`): per item a term
    /// (`<block>-<item>-term`) and its definition (`<block>-<item>`).
    Definitions { items: Vec<String> },
}

#[derive(Clone, Debug)]
pub struct Column {
    pub id: String,
    /// With rows from facts: the row field shown verbatim in this column.
    pub field: Option<String>,
}

/// A table's rows: those of a facts array first, then the translated
/// rows, so a table of sub-processors from facts can end with a row the
/// translators write ("Our own staff").
#[derive(Clone, Debug)]
pub struct TableRows {
    /// The name of a fact holding an array of tables (`rows-from`).
    pub fact: Option<String>,
    /// Row ids (`rows`); every cell is a message attribute
    /// `<table>-<row>-<column>`, also in columns with a `field`.
    pub ids: Vec<String>,
}

/// One message or attribute a locale must provide. It borrows the ids
/// from its policy: a build lists these for every policy.
#[derive(Clone, Debug)]
pub struct RequiredText<'p> {
    /// Message id (a section id or `policy`).
    pub message: &'p str,
    /// Attribute, or `None` for the message value.
    pub attribute: Option<String>,
    /// The section it belongs to (`None` for document-level text).
    pub section: Option<&'p str>,
    /// Where the structure asks for it.
    pub span: Range<usize>,
    /// What the text is, for [`RequiredText::what`].
    part: Part<'p>,
}

/// What a required text is in the document.
#[derive(Clone, Copy, Debug)]
enum Part<'p> {
    Title,
    Intro,
    Heading,
    Block(&'p BlockDef),
}

impl RequiredText<'_> {
    /// `message` or `message.attribute`, as written in FTL tooling.
    pub fn key(&self) -> String {
        message_key(self.message, self.attribute.as_deref())
    }

    /// Human description, e.g. "the heading of section `company`" (for
    /// diagnostics only, so written out only when one needs it).
    pub fn what(&self) -> String {
        match self.part {
            Part::Title => "the document title".into(),
            Part::Intro => "the one-sentence introduction".into(),
            Part::Heading => format!("the heading of section `{}`", self.message),
            Part::Block(b) => describe(b, self.attribute.as_deref().unwrap_or_default()),
        }
    }
}

/// `message` or `message.attribute`, as written in FTL tooling.
pub fn message_key(message: &str, attribute: Option<&str>) -> String {
    match attribute {
        Some(a) => [message, ".", a].concat(),
        None => message.to_string(),
    }
}

/// The names of the attributes a block's parts are translated in: one
/// scheme for the texts every locale must provide ([`attribute_names`])
/// and for localizing them. (`concat`, not `format!`: they are built for
/// every block of every document.)
pub mod attr {
    /// A note's title: `{block}-title`.
    pub fn note_title(block: &str) -> String {
        [block, "-title"].concat()
    }
    /// A list item: `{block}-{item}`.
    pub fn item(block: &str, item: &str) -> String {
        [block, "-", item].concat()
    }
    /// A defined term: `{block}-{item}-term` (its definition is
    /// [`item`]).
    pub fn term(block: &str, item: &str) -> String {
        [block, "-", item, "-term"].concat()
    }
    /// A list item's label: `{block}-{item}-label`.
    pub fn item_label(block: &str, item: &str) -> String {
        [block, "-", item, "-label"].concat()
    }
    /// A table column's heading: `{block}-{column}`.
    pub fn column(block: &str, column: &str) -> String {
        [block, "-", column].concat()
    }
    /// A cell of a table with named rows: `{block}-{row}-{column}`.
    pub fn cell(block: &str, row: &str, column: &str) -> String {
        [block, "-", row, "-", column].concat()
    }
    /// The cell pattern of a column in a table whose rows come from a fact:
    /// `{block}-{column}-cell`.
    pub fn fact_cell(block: &str, column: &str) -> String {
        [block, "-", column, "-cell"].concat()
    }
}

/// A validated policy source.
#[derive(Clone, Debug)]
pub struct Policy {
    pub id: String,
    pub file: PathBuf,
    pub version: String,
    pub published: Date,
    pub effective: Option<Date>,
    pub numbered: bool,
    pub control: Control,
    /// `[facts]`: the values of every locale that has none of its own
    /// ([`Policy::fact`], [`Policy::facts_in`] give a locale's).
    pub facts: IndexMap<String, FactValue>,
    /// Where each fact is defined.
    pub fact_spans: HashMap<String, Range<usize>>,
    pub locales: IndexMap<String, LocaleMeta>,
    pub preamble: Vec<BlockDef>,
    pub sections: Vec<SectionDef>,
    pub epilogue: Vec<BlockDef>,
}

/// The longest id (policy, section, block, column, fact) in bytes. Ids
/// become file names, anchors and Fluent message names; a file name of a
/// few hundred bytes fails on most file systems, far from any line number.
pub const MAX_ID_BYTES: usize = 100;

/// Is `s` a valid Fluent identifier (`[a-zA-Z][a-zA-Z0-9_-]*`), at most
/// [`MAX_ID_BYTES`] long?
pub fn is_identifier(s: &str) -> bool {
    let mut c = s.chars();
    s.len() <= MAX_ID_BYTES
        && c.next().is_some_and(|f| f.is_ascii_alphabetic())
        && c.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

struct Validator<'a> {
    src: &'a SourceText,
    diags: Vec<Diagnostic>,
    section_ids: HashMap<String, Range<usize>>,
}

impl Validator<'_> {
    /// A problem in the policy source: an input error whatever its code.
    fn err(&mut self, code: Code, msg: String, span: Range<usize>) -> &mut Diagnostic {
        self.diags.push(
            Diagnostic::new(code, msg)
                .input()
                .at(&self.src.path, Some(span)),
        );
        self.diags.last_mut().expect("just pushed")
    }

    fn check_id(&mut self, id: &Spanned<String>, what: &str) -> bool {
        let s = id.get_ref();
        if is_identifier(s) {
            return true;
        }
        let (problem, hint) = if s.len() > MAX_ID_BYTES {
            (
                format!("is {} bytes long, more than {MAX_ID_BYTES}", s.len()),
                format!("shorten it to {MAX_ID_BYTES} bytes at most (ids become file names, anchors and Fluent message names)"),
            )
        } else {
            (
                "is not a valid identifier".to_string(),
                "ids start with a letter and use only a-z, A-Z, 0-9, `-` and `_` (they become Fluent message names and URL anchors)".to_string(),
            )
        };
        let shown: String = s.chars().take(MAX_ID_BYTES).collect();
        let more = if shown.len() < s.len() { "…" } else { "" };
        self.err(
            Code::BadId,
            format!("{what} id `{}{more}` {problem}", shown.escape_debug()),
            id.span(),
        )
        .hint = Some(hint);
        false
    }

    /// `[locales.<tag>.facts]`: each must name a fact of `[facts]` (the
    /// value every other locale gets) and be of the same kind, so that a
    /// text formats and selects the same way in every locale.
    fn locale_facts(
        &mut self,
        tag: &str,
        own: &IndexMap<String, Spanned<toml::Value>>,
        raw_base: &IndexMap<String, Spanned<toml::Value>>,
        base: &IndexMap<String, FactValue>,
    ) -> IndexMap<String, FactValue> {
        let mut out = IndexMap::new();
        for (name, value) in own {
            let shown = name.escape_debug();
            if !raw_base.contains_key(name) {
                self.err(
                    Code::UnknownFact,
                    format!("`[locales.{tag}.facts]` sets `{shown}`, which `[facts]` does not define"),
                    value.span(),
                )
                .hint = Some(format!(
                    "add `{shown} = …` under `[facts]`: the value the other locales use (a locale's facts replace facts, they add none)"
                ));
                continue;
            }
            // A base fact that failed validation was reported already.
            let Some(expected) = base.get(name) else {
                continue;
            };
            match convert_fact(value.get_ref()) {
                Ok(f) if fact_kind(&f) == fact_kind(expected) => {
                    out.insert(name.clone(), f);
                }
                Ok(f) => {
                    self.err(
                        Code::BadFact,
                        format!(
                            "fact `{name}` is {} in `[locales.{tag}.facts]` but {} in `[facts]`",
                            fact_kind(&f),
                            fact_kind(expected)
                        ),
                        value.span(),
                    )
                    .hint = Some("give it the same kind of value in both places: texts format and select on it the same way in every locale".into());
                }
                Err(e) => {
                    self.err(
                        Code::BadFact,
                        format!("fact `{name}` in `[locales.{tag}.facts]`: {e}"),
                        value.span(),
                    );
                }
            }
        }
        out
    }

    fn date(&mut self, d: &Spanned<toml::value::Datetime>, what: &str) -> Option<Date> {
        let dt = d.get_ref();
        match (&dt.date, &dt.time) {
            (Some(date), None) => Some(Date {
                year: i32::from(date.year),
                month: date.month,
                day: date.day,
            }),
            _ => {
                self.err(
                    Code::BadDate,
                    format!("{what} must be a date like 2024-01-05, without a time"),
                    d.span(),
                );
                None
            }
        }
    }

    fn section(
        &mut self,
        s: SectionSrc,
        depth: usize,
        number: Option<String>,
    ) -> Option<SectionDef> {
        let ok = self.check_id(&s.id, "section");
        let id = s.id.get_ref().clone();
        if ok {
            if id == POLICY_MESSAGE {
                self.err(
                    Code::ReservedId,
                    format!("section id `{POLICY_MESSAGE}` is reserved for the document title"),
                    s.id.span(),
                );
            } else if let Some(first) = self.section_ids.get(&id).cloned() {
                let (line, _) = crate::diag::line_col(&self.src.text, first.start);
                self.err(
                    Code::DuplicateId,
                    format!("section id `{id}` is used twice"),
                    s.id.span(),
                )
                .notes
                .push(format!("first used on line {line}"));
            } else {
                self.section_ids.insert(id.clone(), s.id.span());
            }
        }
        if depth > 6 {
            self.err(
                Code::TooDeep,
                "sections may nest at most 6 levels deep".into(),
                s.id.span(),
            );
            return None;
        }
        let blocks = self.blocks(s.blocks, &id);
        let mut sections = Vec::with_capacity(s.sections.len());
        let numbers = clause_numbers(&s.sections, number.is_some());
        for (child, n) in s.sections.into_iter().zip(numbers) {
            let n = n.and_then(|i| number.as_ref().map(|p| format!("{p}.{i}")));
            if let Some(c) = self.section(child, depth + 1, n) {
                sections.push(c);
            }
        }
        Some(SectionDef {
            id,
            span: s.id.span(),
            number,
            depth,
            blocks,
            sections,
        })
    }

    fn blocks(&mut self, blocks: Vec<BlockSrc>, owner: &str) -> Vec<BlockDef> {
        // Exactly as many as the source has (most sections have two or
        // three blocks; a growing vector would reserve four).
        let mut out = Vec::with_capacity(blocks.len());
        // Attribute names each block will use; two blocks must never share one.
        let mut keys: HashMap<String, String> = HashMap::default();
        for b in blocks {
            if let Some(def) = self.block(b) {
                for key in attribute_names(&def) {
                    if let Some(other) = keys.insert(key.clone(), def.id.clone()) {
                        let msg = if other == def.id {
                            format!("block id `{}` is used twice in `{owner}`", def.id)
                        } else {
                            format!("blocks `{other}` and `{}` in `{owner}` both need the message attribute `.{key}`", def.id)
                        };
                        self.err(Code::DuplicateId, msg, def.span.clone()).hint =
                            Some("give the blocks distinct ids".into());
                        break;
                    }
                }
                out.push(def);
            }
        }
        out
    }

    /// The item ids of a list or definitions block (`what`), each valid
    /// and listed once.
    fn items(
        &mut self,
        items: Option<Spanned<Vec<Spanned<String>>>>,
        what: &str,
        span: Range<usize>,
    ) -> Option<Vec<String>> {
        let Some(items) = items else {
            self.err(
                Code::BadBlock,
                format!("a {what} block needs `items`"),
                span,
            )
            .hint = Some("add `items = [\"first\", \"second\"]`: one id per item".into());
            return None;
        };
        if items.get_ref().is_empty() {
            self.err(
                Code::BadBlock,
                format!("a {what} block needs at least one item"),
                items.span(),
            );
        }
        let mut seen = HashSet::default();
        let mut ids = Vec::new();
        for item in items.into_inner() {
            if self.check_id(&item, &format!("{what} item")) && !seen.insert(item.get_ref().clone())
            {
                self.err(
                    Code::DuplicateId,
                    format!("{what} item `{}` is listed twice", item.get_ref()),
                    item.span(),
                );
            }
            ids.push(item.into_inner());
        }
        Some(ids)
    }

    fn block(&mut self, b: BlockSrc) -> Option<BlockDef> {
        let kind = *b.kind.get_ref();
        let ok = self.check_id(&b.id, "block");
        let only = |v: &mut Self, present: bool, field: &str, allowed: &str, span: Range<usize>| {
            if present {
                v.err(
                    Code::BadField,
                    format!(
                        "`{field}` is only allowed on {allowed} blocks, not on a {} block",
                        kind_name(kind)
                    ),
                    span,
                );
            }
        };
        let span = b.id.span();
        if kind != KindSrc::List && kind != KindSrc::Definitions {
            only(
                self,
                b.items.is_some(),
                "items",
                "list or definitions",
                span.clone(),
            );
        }
        if kind != KindSrc::List {
            only(self, b.ordered.is_some(), "ordered", "list", span.clone());
            only(self, b.labels.is_some(), "labels", "list", span.clone());
        }
        if kind != KindSrc::Table {
            only(self, b.columns.is_some(), "columns", "table", span.clone());
            only(self, b.rows.is_some(), "rows", "table", span.clone());
            only(
                self,
                b.rows_from.is_some(),
                "rows-from",
                "table",
                span.clone(),
            );
        }
        let kind = match kind {
            KindSrc::Text => BlockKind::Text,
            KindSrc::Lead => BlockKind::Lead,
            KindSrc::Note => BlockKind::Note,
            KindSrc::List => {
                let ids = self.items(b.items, "list", span)?;
                BlockKind::List {
                    items: ids,
                    ordered: b.ordered.is_some_and(|o| o.into_inner()),
                    labels: b.labels.is_some_and(|o| o.into_inner()),
                }
            }
            KindSrc::Definitions => BlockKind::Definitions {
                items: self.items(b.items, "definitions", span)?,
            },
            KindSrc::Table => {
                let Some(columns) = b.columns else {
                    self.err(Code::BadBlock, "a table block needs `columns`".into(), span);
                    return None;
                };
                let cspan = columns.span();
                let columns: Vec<Column> = columns
                    .into_inner()
                    .into_iter()
                    .map(|c| match c {
                        ColumnSrc::Id(id) => Column { id, field: None },
                        ColumnSrc::Full(f) => Column {
                            id: f.id,
                            field: f.field,
                        },
                    })
                    .collect();
                let mut seen = HashSet::default();
                for c in &columns {
                    if !is_identifier(&c.id) {
                        self.err(
                            Code::BadId,
                            format!(
                                "column id `{}` is not a valid identifier",
                                c.id.escape_debug()
                            ),
                            cspan.clone(),
                        );
                    } else if !seen.insert(c.id.clone()) {
                        self.err(
                            Code::DuplicateId,
                            format!("column `{}` is listed twice", c.id),
                            cspan.clone(),
                        );
                    }
                }
                if columns.is_empty() {
                    self.err(
                        Code::BadBlock,
                        "a table needs at least one column".into(),
                        cspan.clone(),
                    );
                }
                if b.rows.is_none() && b.rows_from.is_none() {
                    self.err(Code::BadBlock, "a table needs `rows`, `rows-from`, or both".into(), span).hint =
                        Some("`rows = [\"a\", \"b\"]` for translated cells, `rows-from = \"fact\"` for rows from facts (both: the fact's rows come first)".into());
                    return None;
                }
                let mut ids = Vec::new();
                if let Some(rows) = b.rows {
                    let mut seen = HashSet::default();
                    for r in rows.into_inner() {
                        if self.check_id(&r, "row") && !seen.insert(r.get_ref().clone()) {
                            self.err(
                                Code::DuplicateId,
                                format!("row `{}` is listed twice", r.get_ref()),
                                r.span(),
                            );
                        }
                        ids.push(r.into_inner());
                    }
                }
                if b.rows_from.is_none() {
                    for c in columns.iter().filter(|c| c.field.is_some()) {
                        self.err(
                            Code::BadField,
                            format!("column `{}` has a `field`, which needs `rows-from`", c.id),
                            cspan.clone(),
                        );
                    }
                }
                let rows = TableRows {
                    fact: b.rows_from.map(Spanned::into_inner),
                    ids,
                };
                BlockKind::Table { columns, rows }
            }
        };
        if !ok {
            return None;
        }
        Some(BlockDef {
            id: b.id.get_ref().clone(),
            span: b.id.span(),
            kind,
        })
    }
}

/// The position of each sibling among the numbered ones (1, 2 …), `None`
/// for a section marked `numbered = false` or when its parent (or the
/// policy) has no number.
fn clause_numbers(siblings: &[SectionSrc], numbered: bool) -> Vec<Option<usize>> {
    let mut next = 0;
    (siblings.iter())
        .map(|s| {
            (numbered && s.numbered != Some(false)).then(|| {
                next += 1;
                next
            })
        })
        .collect()
}

fn kind_name(k: KindSrc) -> &'static str {
    match k {
        KindSrc::Text => "text",
        KindSrc::Lead => "lead",
        KindSrc::Note => "note",
        KindSrc::List => "list",
        KindSrc::Table => "table",
        KindSrc::Definitions => "definitions",
    }
}

/// The message attributes a block needs, without per-row table cells from
/// facts (those are one attribute per column).
pub fn attribute_names(b: &BlockDef) -> Vec<String> {
    let id = &b.id;
    match &b.kind {
        BlockKind::Text | BlockKind::Lead => vec![id.clone()],
        BlockKind::Note => vec![attr::note_title(id), id.clone()],
        BlockKind::List { items, labels, .. } => {
            let mut v = Vec::new();
            for item in items {
                if *labels {
                    v.push(attr::item_label(id, item));
                }
                v.push(attr::item(id, item));
            }
            v
        }
        BlockKind::Definitions { items } => items
            .iter()
            .flat_map(|item| [attr::term(id, item), attr::item(id, item)])
            .collect(),
        BlockKind::Table { columns, rows } => {
            let mut v: Vec<String> = columns.iter().map(|c| attr::column(id, &c.id)).collect();
            if rows.fact.is_some() {
                for c in columns.iter().filter(|c| c.field.is_none()) {
                    v.push(attr::fact_cell(id, &c.id));
                }
            }
            for r in &rows.ids {
                for c in columns {
                    v.push(attr::cell(id, r, &c.id));
                }
            }
            v
        }
    }
}

fn describe(b: &BlockDef, attr: &str) -> String {
    match &b.kind {
        BlockKind::Text => format!("text block `{}`", b.id),
        BlockKind::Lead => "the lead paragraph".to_string(),
        BlockKind::Note if attr.ends_with("-title") => format!("the title of note `{}`", b.id),
        BlockKind::Note => format!("the text of note `{}`", b.id),
        BlockKind::List { .. } if attr.ends_with("-label") => format!("a label in list `{}`", b.id),
        BlockKind::List { .. } => format!("an item of list `{}`", b.id),
        BlockKind::Table { .. } => format!("a heading or cell of table `{}`", b.id),
        BlockKind::Definitions { .. } if attr.ends_with("-term") => {
            format!("a term in definitions `{}`", b.id)
        }
        BlockKind::Definitions { .. } => format!("a definition in definitions `{}`", b.id),
    }
}

/// What kind of value a fact holds, as a diagnostic names it.
fn fact_kind(f: &FactValue) -> &'static str {
    match f {
        FactValue::Text(_) => "text",
        FactValue::Integer(_) | FactValue::Float(_) => "a number",
        FactValue::Bool(_) => "a boolean",
        FactValue::Date(_) => "a date",
        FactValue::Rows(_) => "rows",
    }
}

fn convert_fact(v: &toml::Value) -> Result<FactValue, String> {
    Ok(match v {
        toml::Value::String(s) => FactValue::Text(s.clone()),
        toml::Value::Integer(i) => FactValue::Integer(*i),
        toml::Value::Float(f) => FactValue::Float(*f),
        toml::Value::Boolean(b) => FactValue::Bool(*b),
        toml::Value::Datetime(dt) => match (&dt.date, &dt.time) {
            (Some(d), None) => FactValue::Date(Date {
                year: i32::from(d.year),
                month: d.month,
                day: d.day,
            }),
            _ => return Err("date facts must be plain dates like 2024-01-05".into()),
        },
        toml::Value::Array(rows) => {
            let mut out = Vec::new();
            for row in rows {
                let toml::Value::Table(t) = row else {
                    return Err("array facts must be arrays of tables (`[[facts.name]]`), used as table rows".into());
                };
                let mut r = IndexMap::new();
                for (k, v) in t {
                    if !is_identifier(k) {
                        return Err(format!("row field `{k}` is not a valid identifier"));
                    }
                    match convert_fact(v)? {
                        FactValue::Rows(_) => return Err("row fields cannot hold rows".into()),
                        f => {
                            r.insert(k.clone(), f);
                        }
                    }
                }
                out.push(r);
            }
            FactValue::Rows(out)
        }
        toml::Value::Table(_) => {
            return Err(
                "a fact cannot be a table; use `[[facts.name]]` rows or separate facts".into(),
            );
        }
    })
}

/// The largest policy source policyc parses (4 MiB).
pub const MAX_POLICY_BYTES: usize = 4 * 1024 * 1024;

impl Policy {
    /// Parses and validates a policy source. `file_stem` is the file name
    /// without `.toml`, which must equal `policy.id`.
    pub fn parse(src: &SourceText, file_stem: &str) -> Result<Policy, Vec<Diagnostic>> {
        // The TOML parser holds about 40 bytes per byte of input: a 50 MB
        // file took 13 s and over 2 GB (found by fuzzing). A policy source
        // holds structure and facts, never its text, so it stays small.
        if src.text.len() > MAX_POLICY_BYTES {
            return Err(vec![Diagnostic::new(
                Code::TooLarge,
                format!(
                    "`{}` is {} bytes; a policy source may have at most {MAX_POLICY_BYTES} bytes",
                    src.path.display(),
                    src.text.len()
                ),
            )
            .in_file(&src.path)
            .hint(
                "a policy source holds structure and facts; its text belongs in the .ftl files",
            )]);
        }
        let raw: PolicySrc = toml::from_str(&src.text).map_err(|e| vec![toml_error(src, &e)])?;
        let mut v = Validator {
            src,
            diags: Vec::new(),
            section_ids: HashMap::default(),
        };
        let id = raw.policy.id.get_ref().clone();
        let valid = v.check_id(&raw.policy.id, "policy");
        // The id is the default slug: a file name in every locale.
        if let Some(problem) = crate::config::name_problem(&id).filter(|_| valid) {
            v.err(
                Code::BadId,
                format!("policy id `{id}` {}", problem.what()),
                raw.policy.id.span(),
            )
            .hint = Some(format!(
                "{} (the id is the page's file name unless each locale sets a `slug`)",
                problem.hint()
            ));
        }
        if valid && id != file_stem {
            v.err(
                Code::IdMismatch,
                format!("policy id `{id}` does not match the file name `{file_stem}.toml`"),
                raw.policy.id.span(),
            )
            .hint = Some(format!(
                "rename the file to `{id}.toml` or set `id = \"{file_stem}\"`"
            ));
        }
        let published = v.date(&raw.policy.published, "`published`");
        let effective = raw
            .policy
            .effective
            .as_ref()
            .and_then(|d| v.date(d, "`effective`"));

        let mut facts = IndexMap::new();
        let mut fact_spans = HashMap::default();
        for (name, value) in &raw.facts {
            if !is_identifier(name) {
                v.err(
                    Code::BadId,
                    format!(
                        "fact name `{}` is not a valid identifier",
                        name.escape_debug()
                    ),
                    value.span(),
                )
                .hint =
                    Some("fact names become Fluent variables: letters, digits, `-` and `_`".into());
                continue;
            }
            if BUILTIN_VARIABLES.contains(&name.as_str()) {
                v.err(
                    Code::ReservedId,
                    format!("fact `{name}` would hide the built-in variable `${name}`"),
                    value.span(),
                );
                continue;
            }
            match convert_fact(value.get_ref()) {
                Ok(f) => {
                    facts.insert(name.clone(), f);
                    fact_spans.insert(name.clone(), value.span());
                }
                Err(e) => {
                    v.err(Code::BadFact, format!("fact `{name}`: {e}"), value.span());
                }
            }
        }

        let mut locales = IndexMap::new();
        // Where each locale's own facts are defined, for the table checks.
        let mut own_spans: HashMap<(String, String), Range<usize>> = HashMap::default();
        for (tag, meta) in raw.locales {
            let span = meta.span();
            let meta = meta.into_inner();
            if let Some(slug) = &meta.slug {
                if let Some(problem) = segment_problem(slug.get_ref()) {
                    v.err(
                        Code::BadSlug,
                        format!(
                            "slug `{}` for locale `{tag}` {}",
                            slug.get_ref().escape_debug(),
                            problem.what()
                        ),
                        slug.span(),
                    )
                    .hint = Some(problem.hint().into());
                }
            }
            for a in &meta.aliases {
                let s = a.get_ref();
                if !s.starts_with('/')
                    || s.contains("..")
                    || s.chars().any(|c| c.is_control() || c.is_whitespace())
                {
                    v.err(
                        Code::BadAlias,
                        format!(
                            "alias `{}` must be a site path starting with `/`",
                            s.escape_debug()
                        ),
                        a.span(),
                    );
                } else if let Some(problem) = s
                    .split('/')
                    .filter(|seg| !seg.is_empty())
                    .find_map(crate::config::name_problem)
                {
                    v.err(
                        Code::BadAlias,
                        format!("alias `{}` {}", s.escape_debug(), problem.what()),
                        a.span(),
                    )
                    .hint = Some(problem.hint().into());
                }
            }
            let own_facts = v.locale_facts(&tag, &meta.facts, &raw.facts, &facts);
            for (name, value) in &meta.facts {
                own_spans.insert((tag.clone(), name.clone()), value.span());
            }
            locales.insert(
                tag,
                LocaleMeta {
                    slug: meta.slug.map(Spanned::into_inner),
                    aliases: meta.aliases.into_iter().map(Spanned::into_inner).collect(),
                    span: Some(span),
                    facts: own_facts,
                },
            );
        }

        let preamble = v.blocks(raw.preamble, POLICY_MESSAGE);
        let mut epilogue = v.blocks(raw.epilogue, POLICY_MESSAGE);
        // Preamble and epilogue share the `policy` message: their attribute
        // names must not collide either.
        let mut seen: HashMap<String, String> = preamble
            .iter()
            .flat_map(|b| attribute_names(b).into_iter().map(|k| (k, b.id.clone())))
            .collect();
        seen.insert("intro".into(), "intro".into());
        epilogue.retain(|b| {
            for k in attribute_names(b) {
                if seen.contains_key(&k) {
                    v.diags.push(
                        Diagnostic::new(Code::DuplicateId, format!("block `{}` in the epilogue reuses the name `{k}`", b.id))
                            .at(&src.path, Some(b.span.clone()))
                            .hint("preamble and epilogue blocks share the `policy` message (with `.intro`): give them distinct ids"),
                    );
                    return false;
                }
                seen.insert(k, b.id.clone());
            }
            true
        });

        let mut sections = Vec::with_capacity(raw.sections.len());
        let numbers = clause_numbers(&raw.sections, raw.policy.numbered);
        for (s, n) in raw.sections.into_iter().zip(numbers) {
            if let Some(s) = v.section(s, 1, n.map(|i| i.to_string())) {
                sections.push(s);
            }
        }
        if sections.is_empty() && v.diags.is_empty() {
            v.diags.push(
                Diagnostic::new(Code::NoSections, format!("policy `{id}` has no sections"))
                    .at(&src.path, Some(raw.policy.id.span()))
                    .hint("add at least one `[[sections]]` table with an `id`"),
            );
        }

        // Tables with rows from facts must name an existing rows fact, and
        // every `field` must exist in every row.
        let mut table_checks = Vec::new();
        visit_blocks(&preamble, &sections, &epilogue, &mut |b| {
            if let BlockKind::Table {
                columns,
                rows: TableRows {
                    fact: Some(name), ..
                },
            } = &b.kind
            {
                table_checks.push((b.span.clone(), b.id.clone(), columns.clone(), name.clone()));
            }
        });
        for (span, table, columns, name) in table_checks {
            match facts.get(&name) {
                Some(FactValue::Rows(_)) => {
                    // The rows of `[facts]`, then each locale's own.
                    let own = locales.iter().filter_map(|(tag, m)| {
                        let at = own_spans.get(&(tag.clone(), name.clone()))?.clone();
                        Some((
                            format!(" in `[locales.{tag}.facts]`"),
                            at,
                            m.facts.get(&name)?,
                        ))
                    });
                    let base = (
                        String::new(),
                        fact_spans.get(&name).cloned().unwrap_or(span.clone()),
                        &facts[&name],
                    );
                    for (place, at, value) in std::iter::once(base).chain(own) {
                        let FactValue::Rows(rows) = value else {
                            continue;
                        };
                        for (i, row) in rows.iter().enumerate() {
                            for c in columns.iter().filter_map(|c| c.field.as_ref()) {
                                if !row.contains_key(c) {
                                    v.err(
                                        Code::BadField,
                                        format!("row {} of fact `{name}`{place} has no field `{c}` (used by table `{table}`)", i + 1),
                                        at.clone(),
                                    );
                                }
                            }
                        }
                    }
                }
                Some(_) => {
                    v.err(
                        Code::BadField,
                        format!("table `{table}`: fact `{name}` is not an array of tables"),
                        span,
                    );
                }
                None => {
                    v.err(Code::UnknownFact, format!("table `{table}` takes its rows from fact `{name}`, which does not exist"), span)
                        .hint = Some(format!("define the rows as `[[facts.{name}]]` tables"));
                }
            }
        }

        if !v.diags.is_empty() {
            return Err(v.diags);
        }
        Ok(Policy {
            id,
            file: src.path.clone(),
            version: raw.policy.version,
            published: published.expect("checked above"),
            effective,
            numbered: raw.policy.numbered,
            control: Control {
                document_id: raw.control.document_id,
                category: raw.control.category.map(Spanned::into_inner),
                classification: raw.control.classification.map(Spanned::into_inner),
                prepared_by: raw.control.prepared_by,
                approver: raw.control.approver,
            },
            facts,
            fact_spans,
            locales,
            preamble,
            sections,
            epilogue,
        })
    }

    /// Every message and attribute a locale must provide for this policy,
    /// in document order. A build lists them once per policy, in its
    /// [`crate::workspace::PolicyFiles`], and frees them with it: kept in
    /// the policy for the whole run, they were a fifth of a 1,000-policy
    /// build's heap.
    pub fn required_texts(&self) -> Vec<RequiredText<'_>> {
        let mut out = Vec::new();
        let title_span = 0..0;
        out.push(RequiredText {
            message: POLICY_MESSAGE,
            attribute: None,
            section: None,
            span: title_span.clone(),
            part: Part::Title,
        });
        out.push(RequiredText {
            message: POLICY_MESSAGE,
            attribute: Some("intro".into()),
            section: None,
            span: title_span,
            part: Part::Intro,
        });
        for b in &self.preamble {
            push_block(&mut out, POLICY_MESSAGE, None, b);
        }
        fn walk<'p>(out: &mut Vec<RequiredText<'p>>, s: &'p SectionDef) {
            out.push(RequiredText {
                message: &s.id,
                attribute: None,
                section: Some(&s.id),
                span: s.span.clone(),
                part: Part::Heading,
            });
            for b in &s.blocks {
                push_block(out, &s.id, Some(&s.id), b);
            }
            for c in &s.sections {
                walk(out, c);
            }
        }
        for s in &self.sections {
            walk(&mut out, s);
        }
        for b in &self.epilogue {
            push_block(&mut out, POLICY_MESSAGE, None, b);
        }
        out
    }

    /// Every section, depth first, in document order.
    pub fn all_sections(&self) -> Vec<&SectionDef> {
        fn walk<'a>(out: &mut Vec<&'a SectionDef>, s: &'a SectionDef) {
            out.push(s);
            for c in &s.sections {
                walk(out, c);
            }
        }
        let mut out = Vec::new();
        for s in &self.sections {
            walk(&mut out, s);
        }
        out
    }

    /// The value of fact `name` in `locale`: the locale's own
    /// (`[locales.<tag>.facts]`), or the one of `[facts]`.
    pub fn fact(&self, name: &str, locale: &str) -> Option<&FactValue> {
        self.locales
            .get(locale)
            .and_then(|m| m.facts.get(name))
            .or_else(|| self.facts.get(name))
    }

    /// Every fact with its value in `locale`, in the order of `[facts]`.
    pub fn facts_in<'a>(
        &'a self,
        locale: &str,
    ) -> impl Iterator<Item = (&'a str, &'a FactValue)> + 'a {
        let own = self.locales.get(locale).map(|m| &m.facts);
        self.facts.iter().map(move |(name, value)| {
            let value = own.and_then(|o| o.get(name)).unwrap_or(value);
            (name.as_str(), value)
        })
    }

    /// The slug for a locale: configured, or the policy id.
    pub fn slug(&self, locale: &str) -> String {
        self.locales
            .get(locale)
            .and_then(|m| m.slug.clone())
            .unwrap_or_else(|| self.id.clone())
    }
}

fn push_block<'p>(
    out: &mut Vec<RequiredText<'p>>,
    message: &'p str,
    section: Option<&'p str>,
    b: &'p BlockDef,
) {
    for attr in attribute_names(b) {
        out.push(RequiredText {
            message,
            attribute: Some(attr),
            section,
            span: b.span.clone(),
            part: Part::Block(b),
        });
    }
}

fn visit_blocks(
    preamble: &[BlockDef],
    sections: &[SectionDef],
    epilogue: &[BlockDef],
    f: &mut dyn FnMut(&BlockDef),
) {
    fn walk(s: &SectionDef, f: &mut dyn FnMut(&BlockDef)) {
        s.blocks.iter().for_each(&mut *f);
        for c in &s.sections {
            walk(c, f);
        }
    }
    preamble.iter().for_each(&mut *f);
    for s in sections {
        walk(s, f);
    }
    epilogue.iter().for_each(f);
}
