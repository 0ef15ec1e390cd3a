//! Policy × locale → localized [`Document`]: resolves every message the
//! structure asks for and parses the translated Markdown, after the lints
//! of [`lint`] (completeness, references, unused messages). Never falls
//! back to another language: a missing text is a diagnostic and no
//! document.

mod lint;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use fluent_bundle::resolver::errors::{ReferenceKind, ResolverError};
use fluent_bundle::{FluentArgs, FluentError, FluentValue};

use crate::diag::{Code, Diagnostic};
use crate::doc::{
    self, Block, ControlInfo, Document, Inline, ListItem, LocalDate, LocaleInfo, Section,
};
use crate::l10n::{
    self, build_bundle, fact_value, Bundle, FtlFile, FunctionContext, PatternInfo, RefKind,
    SectionRef,
};
use crate::markup::{self, ContentPolicy, Mode};
use crate::policy::{
    attr, message_key, BlockDef, BlockKind, FactValue, Policy, SectionDef, TableRows,
    POLICY_MESSAGE,
};
use crate::workspace::{LocaleData, PolicyFiles, Workspace};

// Localizing builds several hash maps per document.
use crate::HashMap;

/// Functions a translation may call.
pub use crate::l10n::FUNCTIONS;

/// The outcome of localizing one policy in one locale.
pub struct Localized {
    /// `None` when the locale has errors: it never gets a partial page.
    pub doc: Option<Document>,
    /// With errors, the document as far as it was built (what failed is
    /// left out): only the preview shows it, with the findings marked.
    pub partial: Option<Document>,
    pub diags: Vec<Diagnostic>,
}

struct Ctx<'a> {
    policy: &'a Policy,
    locale: &'a LocaleData,
    file: &'a FtlFile,
    bundle: Bundle,
    fctx: Arc<FunctionContext>,
    args: FluentArgs<'a>,
    content: ContentPolicy,
    diags: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    fn push(&mut self, d: Diagnostic, section: Option<&str>) {
        let d = tagged(d, self.locale, self.policy, section);
        self.diags.push(d);
    }

    /// Formats one message value or attribute into paragraphs of inlines.
    fn resolve(
        &mut self,
        message: &str,
        attribute: Option<&str>,
        section: Option<&str>,
        mode: Mode,
        args: Option<&FluentArgs>,
    ) -> Option<Vec<Vec<Inline>>> {
        let args = args.unwrap_or(&self.args);
        let formatted = l10n::format(&self.bundle, message, attribute, args)?;
        // Where the message is, looked up only for a diagnostic.
        let (file, shared) = (self.file, self.locale.shared.as_deref());
        let at = |d: Diagnostic| match locate_in(file, shared, message, attribute) {
            Some((p, info)) => d.at(p, Some(info.id_span.clone())),
            None => d.in_file(&file.path),
        };
        let key = || message_key(message, attribute);
        let mut ok = true;
        for e in &formatted.errors {
            let d = match e {
                // References are checked statically, with exact spans.
                FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Variable {
                    ..
                }))
                | FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Message {
                    ..
                }))
                | FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Term {
                    ..
                }))
                | FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Function {
                    ..
                })) => {
                    ok = false;
                    continue;
                }
                FluentError::ResolverError(ResolverError::Cyclic) => Diagnostic::new(
                    Code::CyclicReference,
                    format!(
                        "`{}` refers to itself through a chain of message references",
                        key()
                    ),
                )
                .hint("break the cycle: a message may not (indirectly) reference itself"),
                FluentError::ResolverError(ResolverError::TooManyPlaceables) => Diagnostic::new(
                    Code::TooManyPlaceables,
                    format!("`{}` expands to too many placeables", key()),
                )
                .hint("simplify the message; nested references multiply"),
                FluentError::ResolverError(ResolverError::NoValue(id)) => Diagnostic::new(
                    Code::NoValue,
                    format!("`{}` references `{id}`, which has no value", key()),
                ),
                other => Diagnostic::new(Code::FluentError, format!("`{}`: {other}", key())),
            };
            ok = false;
            self.push(at(d), section);
        }
        for p in self.fctx.take_problems() {
            ok = false;
            // Unknown sections are reported statically with a precise span.
            if p.code == Code::UnknownSection {
                continue;
            }
            self.push(at(Diagnostic::new(p.code, p.message)), section);
        }
        match markup::parse_owned(formatted.text, mode, &self.content) {
            Ok(paragraphs) if ok => {
                if paragraphs.is_empty() {
                    self.push(
                        at(Diagnostic::new(
                            Code::EmptyText,
                            format!("`{}` is empty", key()),
                        ))
                        .hint("write the text; an empty message would publish an empty block"),
                        section,
                    );
                    return None;
                }
                Some(paragraphs)
            }
            Ok(_) => None,
            Err(problems) => {
                for p in problems {
                    self.push(at(Diagnostic::new(p.code, p.message)).hint(p.hint), section);
                }
                None
            }
        }
    }

    fn inline(
        &mut self,
        message: &str,
        attribute: Option<&str>,
        section: Option<&str>,
    ) -> Option<Vec<Inline>> {
        self.resolve(message, attribute, section, Mode::Inline, None)
            .map(|mut p| p.pop().unwrap_or_default())
    }

    fn inline_with(
        &mut self,
        message: &str,
        attribute: &str,
        section: Option<&str>,
        args: &FluentArgs,
    ) -> Option<Vec<Inline>> {
        self.resolve(message, Some(attribute), section, Mode::Inline, Some(args))
            .map(|mut p| p.pop().unwrap_or_default())
    }

    /// Whether `text` (a note title or a list label, which the Markdown
    /// page passes to a Hugo shortcode) can be written as a shortcode
    /// argument; reports it at the message when it cannot.
    fn shortcode_argument(
        &mut self,
        text: &str,
        message: &str,
        attribute: &str,
        section: Option<&str>,
    ) -> bool {
        let Some(p) = markup::shortcode_argument_problem(text) else {
            return true;
        };
        let d = Diagnostic::new(p.code, p.message).hint(p.hint);
        let d = match locate_in(
            self.file,
            self.locale.shared.as_deref(),
            message,
            Some(attribute),
        ) {
            Some((path, info)) => d.at(path, Some(info.id_span.clone())),
            None => d.in_file(&self.file.path),
        };
        self.push(d, section);
        false
    }

    fn blocks(&mut self, message: &str, section: Option<&str>, defs: &[BlockDef]) -> Vec<Block> {
        let mut out = Vec::new();
        for b in defs {
            let id = &b.id;
            match &b.kind {
                BlockKind::Text => {
                    if let Some(ps) =
                        self.resolve(message, Some(id), section, Mode::Paragraphs, None)
                    {
                        out.extend(ps.into_iter().map(|content| Block::Paragraph { content }));
                    }
                }
                BlockKind::Lead => {
                    if let Some(ps) =
                        self.resolve(message, Some(id), section, Mode::Paragraphs, None)
                    {
                        out.extend(ps.into_iter().map(|content| Block::Lead { content }));
                    }
                }
                BlockKind::Note => {
                    let title_attr = attr::note_title(id);
                    let title = self.inline(message, Some(&title_attr), section);
                    let body = self.resolve(message, Some(id), section, Mode::Paragraphs, None);
                    if let (Some(title), Some(paragraphs)) = (title, body) {
                        let title_text = doc::plain_text(&title);
                        if !self.shortcode_argument(&title_text, message, &title_attr, section) {
                            continue;
                        }
                        out.push(Block::Note {
                            id: id.clone(),
                            title_text,
                            title,
                            paragraphs,
                        });
                    }
                }
                BlockKind::List {
                    items,
                    ordered,
                    labels,
                } => {
                    let mut list = Vec::new();
                    for item in items {
                        let label = if *labels {
                            let label_attr = attr::item_label(id, item);
                            self.inline(message, Some(&label_attr), section)
                                .filter(|l| {
                                    let text = doc::plain_text(l);
                                    self.shortcode_argument(&text, message, &label_attr, section)
                                })
                        } else {
                            None
                        };
                        if let Some(content) =
                            self.inline(message, Some(&attr::item(id, item)), section)
                        {
                            list.push(ListItem { label, content });
                        }
                    }
                    out.push(Block::List {
                        ordered: *ordered,
                        items: list,
                    });
                }
                BlockKind::Table { columns, rows } => {
                    let header: Vec<Vec<Inline>> = columns
                        .iter()
                        .map(|c| {
                            self.inline(message, Some(&attr::column(id, &c.id)), section)
                                .unwrap_or_default()
                        })
                        .collect();
                    let mut body = Vec::new();
                    match rows {
                        TableRows::Ids(row_ids) => {
                            for r in row_ids {
                                let row = columns
                                    .iter()
                                    .map(|c| {
                                        self.inline(
                                            message,
                                            Some(&attr::cell(id, r, &c.id)),
                                            section,
                                        )
                                        .unwrap_or_default()
                                    })
                                    .collect();
                                body.push(row);
                            }
                        }
                        TableRows::Fact(fact) => {
                            let policy = self.policy;
                            let rows = match policy.facts.get(fact) {
                                Some(FactValue::Rows(r)) => r.as_slice(),
                                _ => &[],
                            };
                            for row in rows {
                                // The policy's arguments (borrowed from
                                // the policy, as `self.args` are) and the
                                // row's fields.
                                let mut args = base_args(policy);
                                for (k, v) in row {
                                    if let Some(v) = fact_value(v) {
                                        args.set(k.as_str(), v);
                                    }
                                }
                                let mut cells = Vec::new();
                                for c in columns {
                                    let cell = match &c.field {
                                        Some(f) => vec![Inline::Text {
                                            text: fact_text(row.get(f), &self.locale.lang),
                                        }],
                                        None => self
                                            .inline_with(
                                                message,
                                                &attr::fact_cell(id, &c.id),
                                                section,
                                                &args,
                                            )
                                            .unwrap_or_default(),
                                    };
                                    cells.push(cell);
                                }
                                body.push(cells);
                            }
                        }
                    }
                    out.push(Block::Table {
                        id: id.clone(),
                        header,
                        rows: body,
                    });
                }
            }
        }
        out
    }

    fn section(
        &mut self,
        s: &SectionDef,
        titles: &HashMap<String, (Vec<Inline>, String)>,
    ) -> Section {
        let (title, title_text) = titles.get(&s.id).cloned().unwrap_or_default();
        let blocks = self.blocks(&s.id, Some(&s.id), &s.blocks);
        let sections = s.sections.iter().map(|c| self.section(c, titles)).collect();
        Section {
            id: s.id.clone(),
            number: s.number.clone(),
            depth: s.depth,
            title,
            title_text,
            blocks,
            sections,
        }
    }
}

fn fact_text(v: Option<&FactValue>, lang: &unic_langid::LanguageIdentifier) -> String {
    match v {
        Some(FactValue::Text(s)) => s.clone(),
        Some(FactValue::Integer(i)) => i.to_string(),
        Some(FactValue::Float(f)) => f.to_string(),
        Some(FactValue::Bool(b)) => b.to_string(),
        Some(FactValue::Date(d)) => l10n::format_date(lang, *d, l10n::DateStyle::Long),
        Some(FactValue::Rows(_)) | None => String::new(),
    }
}

/// Facts and built-in variables as Fluent arguments.
pub fn base_args(policy: &Policy) -> FluentArgs<'_> {
    let mut args = FluentArgs::new();
    for (name, value) in &policy.facts {
        if let Some(v) = fact_value(value) {
            args.set(name.as_str(), v);
        }
    }
    args.set(
        "version",
        FluentValue::String(markup::escaped_markdown_text(&policy.version)),
    );
    args.set(
        "document-id",
        FluentValue::String(markup::escaped_markdown_text(&policy.control.document_id)),
    );
    args.set(
        "published",
        FluentValue::Custom(Box::new(l10n::FluentDate {
            date: policy.published,
            style: l10n::DateStyle::Long,
        })),
    );
    let effective = policy.effective.unwrap_or(policy.published);
    args.set(
        "effective",
        FluentValue::Custom(Box::new(l10n::FluentDate {
            date: effective,
            style: l10n::DateStyle::Long,
        })),
    );
    args
}

/// A diagnostic of `policy` in `locale` (and in `section`, if any).
fn tagged(
    d: Diagnostic,
    locale: &LocaleData,
    policy: &Policy,
    section: Option<&str>,
) -> Diagnostic {
    let d = d.locale(&locale.tag).policy(&policy.id);
    match section {
        Some(s) => d.section(s),
        None => d,
    }
}

/// Where a message (or attribute) is defined: the policy's file, else
/// `_shared.ftl`.
fn locate_in<'f>(
    file: &'f FtlFile,
    shared: Option<&'f FtlFile>,
    message: &str,
    attribute: Option<&str>,
) -> Option<(&'f Path, &'f PatternInfo)> {
    std::iter::once(file)
        .chain(shared)
        .find_map(|f| Some((f.path.as_path(), f.pattern(message, attribute)?)))
}

/// Localizes one policy in one locale, with the policy's files (see
/// [`PolicyFiles`]).
pub fn localize(
    ws: &Workspace,
    files: &PolicyFiles<'_>,
    policy: &Policy,
    locale: &LocaleData,
) -> Localized {
    let Some(file) = files.get(&locale.tag) else {
        let mut diags = Vec::new();
        if locale.has_folder {
            let path = locale.file_path(&policy.id);
            let reference = ws.reference().map(|r| r.file_path(&policy.id));
            let mut d = Diagnostic::new(
                Code::MissingFile,
                format!(
                    "locale `{}` has no translation of policy `{}`",
                    locale.tag, policy.id
                ),
            )
            .in_file(&path)
            .locale(&locale.tag)
            .policy(&policy.id);
            d = match reference {
                Some(r) if r != path => d.hint(format!(
                    "create `{}`: copy `{}` and translate every message",
                    path.display(),
                    r.display()
                )),
                _ => d.hint(format!(
                    "create `{}` with one message per section",
                    path.display()
                )),
            };
            diags.push(d);
        }
        return Localized {
            doc: None,
            partial: None,
            diags,
        };
    };
    let fctx = Arc::new(FunctionContext::default());
    let (bundle, overridden) =
        build_bundle(&locale.lang, locale.shared.as_deref(), file, fctx.clone());
    // 1. Lints: completeness, references, unused messages.
    let lint::Findings { diags, missing } =
        lint::lint(ws, files, policy, locale, file, &bundle, overridden);
    let content = ContentPolicy {
        allow_raw_html: ws.config.content.allow_raw_html,
        extra_schemes: ws.config.content.allow_link_schemes.clone(),
    };
    let mut cx = Ctx {
        policy,
        locale,
        file,
        bundle,
        fctx: fctx.clone(),
        args: base_args(policy),
        content,
        diags,
    };

    // 2. Resolve: titles first, so SECTION() can show them.
    let mut titles = HashMap::default();
    let mut table = HashMap::default();
    for s in policy.all_sections() {
        if missing.contains(&s.id) {
            continue;
        }
        if let Some(t) = cx.inline(&s.id, None, Some(&s.id)) {
            let text = doc::plain_text(&t);
            table.insert(
                s.id.clone(),
                SectionRef {
                    number: s.number.clone(),
                    title: text.clone(),
                },
            );
            titles.insert(s.id.clone(), (t, text));
        }
    }
    let _ = fctx.sections.set(table);
    let title = cx.inline(POLICY_MESSAGE, None, None).unwrap_or_default();
    let intro = cx
        .inline(POLICY_MESSAGE, Some("intro"), None)
        .unwrap_or_default();
    let preamble = cx.blocks(POLICY_MESSAGE, None, &policy.preamble);
    let sections: Vec<Section> = policy
        .sections
        .iter()
        .map(|s| cx.section(s, &titles))
        .collect();
    let epilogue = cx.blocks(POLICY_MESSAGE, None, &policy.epilogue);
    let control = cx.control();
    let labels = cx.labels();

    let Ctx { diags, .. } = cx;
    let failed = diags.iter().any(Diagnostic::is_error);
    let lang = &locale.lang;
    let date = |d: crate::policy::Date| LocalDate {
        iso: d.iso(),
        text: l10n::format_date(lang, d, l10n::DateStyle::Long),
    };
    let meta = policy.locales.get(&locale.tag);
    // Filled by the build once every locale is localized: only complete
    // locales are linked.
    let translations = Vec::new();
    let doc = Document {
        policy: policy.id.clone(),
        locale: LocaleInfo {
            tag: locale.tag.clone(),
            code: locale.code.clone(),
        },
        title: doc::plain_text(&title),
        intro: doc::plain_text(&intro),
        slug: policy.slug(&locale.tag),
        aliases: meta.map(|m| m.aliases.clone()).unwrap_or_default(),
        version: policy.version.clone(),
        published: date(policy.published),
        effective: policy.effective.map(date),
        control,
        numbered: policy.numbered,
        preamble,
        sections,
        epilogue,
        translations,
        labels,
    };
    let (doc, partial) = if failed {
        (None, Some(doc))
    } else {
        (Some(doc), None)
    };
    Localized {
        doc,
        partial,
        diags,
    }
}

impl Ctx<'_> {
    fn control(&mut self) -> ControlInfo {
        let c = &self.policy.control;
        let mut code_label = |prefix: &str, code: &Option<String>| -> Option<String> {
            let code = code.as_ref()?;
            let id = format!("{prefix}-{code}");
            if self.bundle.get_message(&id).is_none() {
                let shared = self
                    .locale
                    .file_path(crate::workspace::SHARED_FTL.trim_end_matches(".ftl"));
                self.push(
                    Diagnostic::new(
                        Code::MissingLabel,
                        format!("locale `{}` has no label `{id}`", self.locale.tag),
                    )
                    .in_file(&shared)
                    .hint(format!("add `{id} = …` to `{}`", shared.display())),
                    None,
                );
                return Some(code.clone());
            }
            self.inline(&id, None, None).map(|i| doc::plain_text(&i))
        };
        let category = code_label("category", &c.category);
        let classification = code_label("classification", &c.classification);
        ControlInfo {
            document_id: c.document_id.clone(),
            category,
            classification,
            prepared_by: c.prepared_by.clone(),
            approver: c.approver.clone(),
        }
    }

    /// Every message of `_shared.ftl` that needs no variables, as plain
    /// text. The same for every policy of a locale: resolved once, by the
    /// first document that needs it, and shared.
    fn labels(&mut self) -> Arc<BTreeMap<String, String>> {
        if let Some(l) = self.locale.labels.get() {
            return l.clone();
        }
        let before = self.diags.len();
        let labels = Arc::new(self.resolve_labels());
        // Problems in `_shared.ftl` belong to the locale, not to this policy.
        for d in &mut self.diags[before..] {
            d.policy = None;
        }
        self.locale.labels.get_or_init(|| labels).clone()
    }

    fn resolve_labels(&mut self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let Some(shared) = self.locale.shared.clone() else {
            return out;
        };
        // `page-of` keeps its numbers as placeholders for the print CSS.
        let mut page_args = FluentArgs::new();
        page_args.set("page", FluentValue::String("{page}".into()));
        page_args.set("pages", FluentValue::String("{pages}".into()));
        for (id, m) in shared.messages() {
            let Some(v) = &m.value else { continue };
            let vars: Vec<&str> = v
                .refs
                .iter()
                .filter(|r| r.kind == RefKind::Variable)
                .map(|r| &*r.id)
                .collect();
            let args = if vars.is_empty() {
                None
            } else if vars.iter().all(|v| *v == "page" || *v == "pages") {
                Some(&page_args)
            } else {
                continue;
            };
            if let Some(mut p) = self.resolve(id, None, None, Mode::Inline, args) {
                out.insert(id.clone(), doc::plain_text(&p.pop().unwrap_or_default()));
            }
        }
        out
    }
}
