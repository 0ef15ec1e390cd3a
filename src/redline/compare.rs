//! The comparison of one policy in one locale at two versions: metadata
//! first, then the preamble, every section aligned by its id (added,
//! removed, moved, renumbered, changed) and the epilogue, with the words
//! removed and added inside each changed block.

use serde::Serialize;

use crate::diff::{word_diff, Span};
use crate::doc::{plain_text, Block, Document, Section};
use crate::policy::{FactValue, Policy};

/// A metadata field that differs: version, dates, title, a fact.
#[derive(Clone, Debug, Serialize)]
pub struct MetaChange {
    /// A label key of `_shared.ftl` (`label-version`), or a fact name.
    pub field: String,
    /// Whether `field` is a fact name (shown as is) or a label key.
    pub fact: bool,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// What happened to a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    Unchanged,
    Changed,
    Added,
    Removed,
    /// At another place among the sections (its text may have changed too).
    Moved,
}

/// Where a compared part is in the document: the blocks before the first
/// section, a section, or the blocks after the last one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Preamble,
    Section,
    Epilogue,
}

/// What happened to one block of a section.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum BlockChange {
    Kept { text: String },
    Removed { text: String },
    Added { text: String },
    Changed { diff: Vec<Span> },
}

/// One section in the redline, or the preamble or epilogue (compared like
/// a section: added, removed, changed or unchanged, never moved).
#[derive(Clone, Debug, Serialize)]
pub struct SectionChange {
    pub id: String,
    pub part: Part,
    pub kind: SectionKind,
    /// Whether a moved section's text changed too.
    pub text_changed: bool,
    pub depth: usize,
    pub old_number: Option<String>,
    pub new_number: Option<String>,
    pub old_title: Option<String>,
    pub new_title: Option<String>,
    pub blocks: Vec<BlockChange>,
}

impl SectionChange {
    /// `3. Legal basis`, from the newer end when there is one.
    pub fn heading(&self) -> String {
        let (n, t) = match self.kind {
            SectionKind::Removed => (&self.old_number, &self.old_title),
            _ => (&self.new_number, &self.new_title),
        };
        let t = t.as_deref().unwrap_or(&self.id);
        match n {
            Some(n) => format!("{n}. {t}"),
            None => t.to_string(),
        }
    }

    /// The HTML id of its heading: the preamble and epilogue have their
    /// own, which no section's (`section-…`) can equal.
    pub fn anchor(&self) -> String {
        match self.part {
            Part::Section => format!("section-{}", self.id),
            _ => self.id.clone(),
        }
    }

    /// Whether the number differs between the two ends.
    pub fn renumbered(&self) -> bool {
        self.old_number.is_some() && self.new_number.is_some() && self.old_number != self.new_number
    }
}

/// The comparison of one policy in one locale.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub meta: Vec<MetaChange>,
    /// Sections in the newer end's order, each removed one after the
    /// section it followed.
    pub sections: Vec<SectionChange>,
}

impl Comparison {
    /// Sections of one kind.
    pub fn of(&self, kind: SectionKind) -> impl Iterator<Item = &SectionChange> {
        self.sections.iter().filter(move |s| s.kind == kind)
    }

    /// Sections whose text changed (changed, or moved and changed).
    pub fn changed(&self) -> impl Iterator<Item = &SectionChange> {
        self.sections
            .iter()
            .filter(|s| s.kind == SectionKind::Changed || s.text_changed)
    }

    pub fn is_empty(&self) -> bool {
        self.meta.is_empty()
            && self
                .sections
                .iter()
                .all(|s| s.kind == SectionKind::Unchanged)
    }
}

/// The texts of a block a reader sees, one string per paragraph-like unit.
fn block_texts(b: &Block, out: &mut Vec<String>) {
    match b {
        Block::Paragraph { content } | Block::Lead { content } => out.push(plain_text(content)),
        Block::Note {
            title_text,
            paragraphs,
            ..
        } => {
            out.push(title_text.clone());
            out.extend(paragraphs.iter().map(|p| plain_text(p)));
        }
        Block::List { items, .. } => {
            for i in items {
                let text = plain_text(&i.content);
                out.push(match &i.label {
                    Some(l) => format!("{}: {text}", plain_text(l)),
                    None => format!("• {text}"),
                });
            }
        }
        Block::Definitions { items, .. } => {
            let texts = items
                .iter()
                .map(|d| (plain_text(&d.term), plain_text(&d.definition)));
            out.extend(texts.map(|(term, definition)| format!("{term}: {definition}")));
        }
        Block::Table { header, rows, .. } => {
            let row = |cells: &[Vec<crate::doc::Inline>]| {
                cells
                    .iter()
                    .map(|c| plain_text(c))
                    .collect::<Vec<_>>()
                    .join(" | ")
            };
            out.push(row(header));
            out.extend(rows.iter().map(|r| row(r)));
        }
    }
}

fn blocks_texts(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    for b in blocks {
        block_texts(b, &mut out);
    }
    out
}

fn section_texts(s: &Section) -> Vec<String> {
    blocks_texts(&s.blocks)
}

/// The preamble or epilogue compared like a section; `None` when neither
/// end has one.
fn part_change(part: Part, old: &[Block], new: &[Block]) -> Option<SectionChange> {
    let (ot, nt) = (blocks_texts(old), blocks_texts(new));
    let kind = match (ot.is_empty(), nt.is_empty()) {
        (true, true) => return None,
        (true, false) => SectionKind::Added,
        (false, true) => SectionKind::Removed,
        _ if ot == nt => SectionKind::Unchanged,
        _ => SectionKind::Changed,
    };
    Some(SectionChange {
        id: match part {
            Part::Preamble => "preamble",
            _ => "epilogue",
        }
        .to_string(),
        part,
        kind,
        text_changed: false,
        depth: 1,
        old_number: None,
        new_number: None,
        old_title: None,
        new_title: None,
        blocks: if kind == SectionKind::Unchanged {
            Vec::new()
        } else {
            diff_blocks(&ot, &nt)
        },
    })
}

/// Block-level alignment, then words inside each replaced block.
fn diff_blocks(old: &[String], new: &[String]) -> Vec<BlockChange> {
    use similar::DiffOp;
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Patience, old, new) {
        match op {
            DiffOp::Equal { old_index, len, .. } => out.extend(
                old[old_index..old_index + len]
                    .iter()
                    .map(|t| BlockChange::Kept { text: t.clone() }),
            ),
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.extend(
                old[old_index..old_index + old_len]
                    .iter()
                    .map(|t| BlockChange::Removed { text: t.clone() }),
            ),
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.extend(
                new[new_index..new_index + new_len]
                    .iter()
                    .map(|t| BlockChange::Added { text: t.clone() }),
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let pairs = old_len.min(new_len);
                for k in 0..pairs {
                    out.push(BlockChange::Changed {
                        diff: word_diff(&old[old_index + k], &new[new_index + k]),
                    });
                }
                out.extend(
                    old[old_index + pairs..old_index + old_len]
                        .iter()
                        .map(|t| BlockChange::Removed { text: t.clone() }),
                );
                out.extend(
                    new[new_index + pairs..new_index + new_len]
                        .iter()
                        .map(|t| BlockChange::Added { text: t.clone() }),
                );
            }
        }
    }
    out
}

fn date_text(d: &Option<crate::doc::LocalDate>) -> Option<String> {
    d.as_ref().map(|d| d.text.clone())
}

fn fact_text(v: &FactValue) -> String {
    match v {
        FactValue::Text(s) => s.clone(),
        FactValue::Integer(i) => i.to_string(),
        FactValue::Float(f) => f.to_string(),
        FactValue::Bool(b) => b.to_string(),
        FactValue::Date(d) => d.iso(),
        FactValue::Rows(rows) => rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|(k, v)| format!("{k}: {}", fact_text(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// Compares two ends of one policy in one locale. `old_policy` and
/// `new_policy` give the facts (with the locale's own values).
pub fn compare(
    old: &Document,
    new: &Document,
    old_policy: &Policy,
    new_policy: &Policy,
) -> Comparison {
    let mut meta = Vec::new();
    let mut field = |key: &str, o: Option<String>, n: Option<String>| {
        if o != n {
            meta.push(MetaChange {
                field: key.to_string(),
                fact: false,
                old: o,
                new: n,
            });
        }
    };
    field(
        "label-title",
        Some(old.title.clone()),
        Some(new.title.clone()),
    );
    field(
        "label-version",
        Some(old.version.clone()),
        Some(new.version.clone()),
    );
    field(
        "label-date",
        Some(old.published.text.clone()),
        Some(new.published.text.clone()),
    );
    field(
        "label-effective",
        date_text(&old.effective),
        date_text(&new.effective),
    );
    // The facts as this locale has them: a change to one locale's own
    // value is a change in that locale only.
    let locale = new.locale.tag.as_str();
    let mut names: Vec<&String> = old_policy
        .facts
        .keys()
        .chain(new_policy.facts.keys())
        .collect();
    names.sort();
    names.dedup();
    for name in names {
        let o = old_policy.fact(name, locale).map(fact_text);
        let n = new_policy.fact(name, locale).map(fact_text);
        if o != n {
            meta.push(MetaChange {
                field: name.clone(),
                fact: true,
                old: o,
                new: n,
            });
        }
    }

    let olds = old.all_sections();
    let news = new.all_sections();
    let old_ids: Vec<&str> = olds.iter().map(|s| s.id.as_str()).collect();
    let new_ids: Vec<&str> = news.iter().map(|s| s.id.as_str()).collect();
    // Moved: a section in both whose place among the common sections
    // changed (not in the longest common order).
    let common_old: Vec<&str> = old_ids
        .iter()
        .copied()
        .filter(|i| new_ids.contains(i))
        .collect();
    let common_new: Vec<&str> = new_ids
        .iter()
        .copied()
        .filter(|i| old_ids.contains(i))
        .collect();
    let mut in_place: Vec<&str> = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &common_old, &common_new) {
        if let similar::DiffOp::Equal { old_index, len, .. } = op {
            in_place.extend(&common_old[old_index..old_index + len]);
        }
    }

    let mut sections: Vec<SectionChange> =
        part_change(Part::Preamble, &old.preamble, &new.preamble)
            .into_iter()
            .collect();
    let removed_after = |prev: Option<&str>| -> Vec<&Section> {
        // Removed sections that followed `prev` in the old order (or came
        // first, for `None`), up to the next section still present.
        let start = match prev {
            None => 0,
            Some(p) => match old_ids.iter().position(|i| *i == p) {
                Some(i) => i + 1,
                None => return Vec::new(),
            },
        };
        olds[start..]
            .iter()
            .take_while(|s| !new_ids.contains(&s.id.as_str()))
            .copied()
            .collect()
    };
    let removed = |s: &Section| SectionChange {
        id: s.id.clone(),
        part: Part::Section,
        kind: SectionKind::Removed,
        text_changed: false,
        depth: s.depth,
        old_number: s.number.clone(),
        new_number: None,
        old_title: Some(s.title_text.clone()),
        new_title: None,
        blocks: section_texts(s)
            .into_iter()
            .map(|text| BlockChange::Removed { text })
            .collect(),
    };
    sections.extend(removed_after(None).into_iter().map(removed));
    for s in &news {
        match olds.iter().find(|o| o.id == s.id) {
            None => sections.push(SectionChange {
                id: s.id.clone(),
                part: Part::Section,
                kind: SectionKind::Added,
                text_changed: false,
                depth: s.depth,
                old_number: None,
                new_number: s.number.clone(),
                old_title: None,
                new_title: Some(s.title_text.clone()),
                blocks: section_texts(s)
                    .into_iter()
                    .map(|text| BlockChange::Added { text })
                    .collect(),
            }),
            Some(o) => {
                let (ot, nt) = (section_texts(o), section_texts(s));
                let text_changed = ot != nt || o.title_text != s.title_text;
                let moved = !in_place.contains(&s.id.as_str());
                let kind = if moved {
                    SectionKind::Moved
                } else if text_changed {
                    SectionKind::Changed
                } else {
                    SectionKind::Unchanged
                };
                sections.push(SectionChange {
                    id: s.id.clone(),
                    part: Part::Section,
                    kind,
                    text_changed: moved && text_changed,
                    depth: s.depth,
                    old_number: o.number.clone(),
                    new_number: s.number.clone(),
                    old_title: Some(o.title_text.clone()),
                    new_title: Some(s.title_text.clone()),
                    blocks: if text_changed {
                        let mut b = diff_blocks(&ot, &nt);
                        if o.title_text != s.title_text {
                            b.insert(
                                0,
                                BlockChange::Changed {
                                    diff: word_diff(&o.title_text, &s.title_text),
                                },
                            );
                        }
                        b
                    } else {
                        Vec::new()
                    },
                });
                sections.extend(removed_after(Some(&s.id)).into_iter().map(removed));
            }
        }
    }
    sections.extend(part_change(Part::Epilogue, &old.epilogue, &new.epilogue));
    Comparison { meta, sections }
}
