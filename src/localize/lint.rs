//! Lints of one policy's translation in one locale, run before anything
//! is resolved: the file's own problems, names defined twice, texts the
//! structure asks for and the file lacks, references (variables, messages,
//! terms, functions, sections) checked statically with exact spans, and
//! messages nothing uses. Resolution ([`super`]) then reports only what
//! formatting finds.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::suggest::closest;
use crate::diag::{Code, Diagnostic};
use crate::l10n::{self, Bundle, FtlFile, PatternInfo, RefKind, FUNCTIONS};
use crate::policy::{message_key, FactValue, Policy, RequiredText, BUILTIN_VARIABLES};
use crate::workspace::{LocaleData, PolicyFiles, Workspace};
use crate::HashSet;

use super::{locate_in, tagged};

/// What the lints found.
pub(super) struct Findings {
    pub diags: Vec<Diagnostic>,
    /// Messages missing entirely: their sections are not resolved.
    pub missing: HashSet<String>,
}

struct Lint<'a> {
    ws: &'a Workspace,
    policy: &'a Policy,
    locale: &'a LocaleData,
    file: &'a FtlFile,
    /// The reference locale's file, for hints (not for the reference locale).
    reference: Option<&'a FtlFile>,
    bundle: &'a Bundle,
    diags: Vec<Diagnostic>,
    /// Variables a pattern may use: facts and built-ins.
    known_vars: HashSet<&'a str>,
    /// Every section id of the policy (looked up per reference).
    section_ids: HashSet<&'a str>,
}

/// Lints the translation `file` of `policy` in `locale`. `overridden` are
/// the names the bundle found defined in both `_shared.ftl` and the file.
pub(super) fn lint<'a>(
    ws: &'a Workspace,
    files: &'a PolicyFiles<'_>,
    policy: &'a Policy,
    locale: &'a LocaleData,
    file: &'a FtlFile,
    bundle: &'a Bundle,
    overridden: Vec<String>,
) -> Findings {
    let required = files.required();
    let reference = ws
        .reference()
        .filter(|r| r.tag != locale.tag)
        .and_then(|r| files.get(&r.tag));
    let mut known_vars: HashSet<&str> = policy
        .facts
        .iter()
        .filter(|(_, v)| !matches!(v, FactValue::Rows(_)))
        .map(|(k, _)| k.as_str())
        .collect();
    known_vars.extend(BUILTIN_VARIABLES.iter().copied());
    let mut cx = Lint {
        ws,
        policy,
        locale,
        file,
        reference,
        bundle,
        diags: Vec::new(),
        known_vars,
        section_ids: policy
            .all_sections()
            .into_iter()
            .map(|s| s.id.as_str())
            .collect(),
    };

    // The file's syntax errors and duplicate definitions (its index was
    // built by the parse for the bundle).
    for d in file.problems() {
        // A syntax error breaks the message it is in: that section's row.
        let section = d
            .keys
            .first()
            .filter(|k| cx.section_ids.contains(k.as_str()));
        cx.push(d.clone(), section.map(String::as_str));
    }

    for id in overridden {
        let span = file.messages().get(&id).map(|m| m.id_span.clone());
        if span.is_some()
            && locale
                .shared
                .as_ref()
                .is_some_and(|s| s.messages().contains_key(&id))
        {
            cx.push(
                Diagnostic::new(Code::DuplicateMessage, format!("`{id}` is defined both here and in `_shared.ftl`"))
                    .at(&file.path, span)
                    .hint("rename one of them: messages of `_shared.ftl` and a policy's file share one namespace"),
                None,
            );
        }
    }

    // 1. Completeness: every text the structure asks for (and, from
    // here, the findings a misnamed id makes twice).
    let first_missing = cx.diags.len();
    let missing = cx.report_missing(required);

    // 2. References, statically, in every required pattern.
    for r in required {
        let extra: Vec<&str> = row_fields(policy, &locale.tag, r);
        cx.check_refs(r.message, r.attribute.as_deref(), r.section, &extra);
    }
    cx.report_unused(required);
    let owner = format!("policy `{}`", policy.id);
    let missing_id = |d: &Diagnostic| {
        let key = &d.keys[0];
        let message = key.split('.').next().unwrap_or(key);
        if missing.contains(message) {
            message
        } else {
            key
        }
        .to_string()
    };
    let renames = crate::diag::suggest::Renames {
        owner: &owner,
        reference: &ws.config.workspace.reference,
        missing_id: &missing_id,
    };
    crate::diag::suggest::fold_renames(&mut cx.diags, first_missing, &renames);
    Findings {
        diags: cx.diags,
        missing,
    }
}

impl<'a> Lint<'a> {
    fn push(&mut self, d: Diagnostic, section: Option<&str>) {
        let d = tagged(d, self.locale, self.policy, section);
        self.diags.push(d);
    }

    /// Which file defines a message, and its pattern info.
    fn locate(
        &self,
        message: &str,
        attribute: Option<&str>,
    ) -> Option<(&'a Path, &'a PatternInfo)> {
        locate_in(self.file, self.locale.shared.as_deref(), message, attribute)
    }

    /// Statically checks the references of one pattern.
    fn check_refs(
        &mut self,
        message: &str,
        attribute: Option<&str>,
        section: Option<&str>,
        extra_vars: &[&str],
    ) {
        let Some((path, info)) = self.locate(message, attribute) else {
            return;
        };
        for r in &info.refs {
            let problem = match r.kind {
                RefKind::Variable => {
                    if self.known_vars.contains(&*r.id) || extra_vars.contains(&&*r.id) {
                        None
                    } else {
                        let mut known: Vec<&str> = self.known_vars.iter().copied().collect();
                        known.extend_from_slice(extra_vars);
                        known.sort_unstable();
                        let suggestion = closest(&r.id, &known)
                            .map(|s| format!("did you mean `${s}`? "))
                            .unwrap_or_default();
                        Some(
                            Diagnostic::new(Code::UnknownVariable, format!("unknown variable `${}`", r.id)).hint(format!(
                                "{suggestion}the variables are the facts in `{}` and the built-ins: {}",
                                self.policy.file.display(),
                                known.iter().map(|v| format!("${v}")).collect::<Vec<_>>().join(" ")
                            )),
                        )
                    }
                }
                RefKind::Message => {
                    if self.bundle.get_message(&r.id).is_some() {
                        None
                    } else {
                        Some(
                            Diagnostic::new(
                                Code::UnknownMessage,
                                format!("reference to unknown message `{}`", r.id),
                            )
                            .hint("define the message in this file or in `_shared.ftl`"),
                        )
                    }
                }
                RefKind::Term => self.term_problem(&r.id, info, (message, attribute)),
                RefKind::Function => {
                    if !FUNCTIONS.contains(&&*r.id) {
                        Some(
                            Diagnostic::new(
                                Code::UnknownFunction,
                                format!("unknown function `{}()`", r.id),
                            )
                            .hint(format!("available functions: {}", FUNCTIONS.join(", "))),
                        )
                    } else if &*r.id == "SECTION" {
                        match &r.first_string_arg {
                            Some((id, span)) if !self.section_ids.contains(&**id) => {
                                let ids: Vec<&str> = self
                                    .policy
                                    .all_sections()
                                    .iter()
                                    .map(|s| s.id.as_str())
                                    .collect();
                                let suggestion = closest(id, &ids)
                                    .map(|s| format!("did you mean `{s}`? "))
                                    .unwrap_or_default();
                                self.push(
                                    Diagnostic::new(Code::UnknownSection, format!("`SECTION(\"{id}\")` refers to no section of this policy"))
                                        .at(path, Some(span.clone()))
                                        .hint(format!("{suggestion}section ids: {}", ids.join(", "))),
                                    section,
                                );
                                None
                            }
                            None => Some(
                                Diagnostic::new(
                                    Code::BadFunctionCall,
                                    "`SECTION()` needs a section id in quotes",
                                )
                                .hint("write `{ SECTION(\"legal-basis\") }`"),
                            ),
                            _ => None,
                        }
                    } else {
                        None
                    }
                }
            };
            if let Some(d) = problem {
                let key = message_key(message, attribute);
                self.push(d.at(path, Some(r.span.clone())).keys(vec![key]), section);
            }
        }
    }

    /// The problem with a reference to the term `id` in the pattern `info`
    /// of `key`, if it is defined nowhere this locale looks. None when the
    /// reference locale's `_shared.ftl` defines it and this locale's lacks
    /// it: the shared analysis reports that once, not at every use. The
    /// hint names the term the reference uses here (a translator may
    /// translate a term's name) or one close to it.
    fn term_problem(
        &self,
        id: &str,
        info: &PatternInfo,
        (message, attribute): (&str, Option<&str>),
    ) -> Option<Diagnostic> {
        let defines = |f: Option<&FtlFile>| f.is_some_and(|f| f.terms().contains_key(id));
        let shared = self.locale.shared.as_deref();
        if defines(Some(self.file)) || defines(shared) {
            return None;
        }
        let reference_shared = self.ws.reference().and_then(|r| r.shared.as_deref());
        if self.reference.is_some() && shared.is_some() && defines(reference_shared) {
            return None;
        }
        fn terms(p: &PatternInfo) -> Vec<&str> {
            let refs = p.refs.iter().filter(|r| r.kind == RefKind::Term);
            refs.map(|r| &*r.id).collect()
        }
        let used_here = terms(info);
        let reference = self.reference.and_then(|r| r.pattern(message, attribute));
        let left_out: Vec<&str> = reference
            .map(terms)
            .unwrap_or_default()
            .into_iter()
            .filter(|t| !used_here.contains(t) && *t != id)
            .collect();
        let mut defined: Vec<&str> = self.file.terms().keys().map(String::as_str).collect();
        defined.extend(
            shared
                .iter()
                .flat_map(|s| s.terms().keys().map(String::as_str)),
        );
        defined.sort_unstable();
        let hint = match (&left_out[..], closest(id, &defined)) {
            ([only], _) => format!(
                "rename `-{id}` to `-{only}`, the term the reference uses here: term names are not translated, their values are"
            ),
            (_, Some(near)) => format!("did you mean `-{near}`?"),
            _ => "define the term (`-name = …`) in this file or in `_shared.ftl`".to_string(),
        };
        Some(
            Diagnostic::new(
                Code::UnknownTerm,
                format!("reference to unknown term `-{id}`"),
            )
            .hint(hint),
        )
    }

    /// Reports every missing message or attribute; returns the ids of
    /// messages missing entirely.
    fn report_missing(&mut self, required: &[RequiredText]) -> HashSet<String> {
        let mut absent: BTreeMap<&str, Vec<&RequiredText>> = BTreeMap::new();
        let mut missing_messages = HashSet::default();
        for r in required {
            if l10n::has(self.bundle, r.message, r.attribute.as_deref()) {
                continue;
            }
            if self.bundle.get_message(r.message).is_none() {
                absent.entry(r.message).or_default().push(r);
                continue;
            }
            // The message exists; one of its parts is missing.
            let span = self.file.span_of(r.message, None);
            let hint = self.reference_hint(r.message, r.attribute.as_deref());
            let d = Diagnostic::new(
                Code::MissingText,
                format!(
                    "locale `{}` is missing {} (`{}`)",
                    self.locale.tag,
                    r.what(),
                    r.key()
                ),
            )
            .at(&self.file.path, span)
            .hint(hint)
            .keys(vec![r.key()]);
            self.push(d, r.section);
        }
        // Messages missing entirely: one diagnostic each, in document order.
        let mut order: Vec<(&&str, &Vec<&RequiredText>)> = absent.iter().collect();
        order.sort_by_key(|(m, _)| required.iter().position(|r| r.message == **m));
        for (message, parts) in order {
            missing_messages.insert(message.to_string());
            let first = parts[0];
            let (code, what) = match &first.section {
                Some(s) => (Code::MissingSection, format!("section `{s}`")),
                None => (
                    Code::MissingText,
                    "the document title and introduction (message `policy`)".to_string(),
                ),
            };
            let keys: Vec<String> = parts.iter().map(|r| r.key()).collect();
            let mut hint = self.reference_hint(message, None);
            if parts.len() > 1 {
                hint = format!("{hint}\n(needs: {})", keys.join(", "));
            }
            let d = Diagnostic::new(
                code,
                format!(
                    "locale `{}` is missing {what} of policy `{}`",
                    self.locale.tag, self.policy.id
                ),
            )
            .in_file(&self.file.path)
            .note(format!(
                "the structure asks for it in {}",
                self.policy.file.display()
            ))
            .hint(hint)
            .keys(keys);
            self.push(d, first.section);
        }
        missing_messages
    }

    /// "add … to <file>; the reference reads: …"
    fn reference_hint(&self, message: &str, attribute: Option<&str>) -> String {
        let target = self.file.path.display();
        let Some(reference) = self.reference else {
            return format!("add it to `{target}`");
        };
        let text = match attribute {
            Some(a) => reference
                .definition_text(message, Some(a))
                .map(|t| format!("{message} = …\n    {t}")),
            None => {
                // The whole message, with its attributes.
                reference.messages().get(message).and_then(|m| {
                    let end = m
                        .attributes
                        .values()
                        .map(|p| p.def_span.end)
                        .chain(m.value.iter().map(|p| p.def_span.end))
                        .max()?;
                    reference.text.get(m.id_span.start..end).map(str::to_string)
                })
            }
        };
        match text {
            Some(t) => format!(
                "add it to `{target}`, translated from the reference ({}):\n{}",
                self.ws.config.workspace.reference,
                t.trim_end()
            ),
            None => format!("add it to `{target}`"),
        }
    }

    /// Warns about messages and attributes no section uses.
    fn report_unused(&mut self, required: &[RequiredText]) {
        let wanted: HashSet<(&str, Option<&str>)> = required
            .iter()
            .map(|r| (r.message, r.attribute.as_deref()))
            .collect();
        let wanted_messages: HashSet<&str> = required.iter().map(|r| r.message).collect();
        // Messages referenced from other messages are used too.
        let mut referenced: HashSet<&str> = HashSet::default();
        for m in self.file.messages().values() {
            for p in m.value.iter().chain(m.attributes.values()) {
                for r in &p.refs {
                    if r.kind == RefKind::Message {
                        referenced.insert(&*r.id);
                    }
                }
            }
        }
        // A file of a million unused messages made a million diagnostics
        // (gigabytes, and hundreds of megabytes printed): the first ones,
        // then one line with the count.
        let shown = crate::diag::SHOWN_PER_FILE_AND_CODE;
        let mut found = Vec::new();
        let mut more = 0;
        let mut unused = |id: &String, span: &std::ops::Range<usize>, attr: Option<&str>| {
            if found.len() < shown {
                found.push((id.clone(), span.clone(), attr.map(str::to_string)));
            } else {
                more += 1;
            }
        };
        for (id, m) in self.file.messages() {
            if !wanted_messages.contains(id.as_str()) {
                if !referenced.contains(id.as_str()) {
                    unused(id, &m.id_span, None);
                }
                continue;
            }
            for (a, p) in &m.attributes {
                if !wanted.contains(&(id.as_str(), Some(a))) {
                    unused(id, &p.id_span, Some(a));
                }
            }
        }
        if more > 0 {
            self.push(
                crate::diag::more_of(Code::UnusedMessage, more, crate::diag::Severity::Warning)
                    .in_file(&self.file.path),
                None,
            );
        }
        for (id, span, attr) in found {
            let key = message_key(&id, attr.as_deref());
            let section = self.section_ids.contains(id.as_str()).then(|| id.clone());
            self.push(
                Diagnostic::new(
                    Code::UnusedMessage,
                    format!("`{key}` is not used by policy `{}`", self.policy.id),
                )
                .at(&self.file.path, Some(span))
                .keys(vec![key.clone()])
                .hint(format!(
                    "this text will not be published: no section or block of the policy uses `{key}`. \
                     A translation cannot add text; the structure lives in `{}`. \
                     Remove it, or ask whoever edits that file to add what it belongs to",
                    self.policy.file.display()
                )),
                section.as_deref(),
            );
        }
    }
}

/// Row fields a table cell pattern may use as variables.
fn row_fields<'p>(policy: &'p Policy, locale: &str, r: &RequiredText) -> Vec<&'p str> {
    let Some(attr) = r.attribute.as_deref() else {
        return Vec::new();
    };
    if !attr.ends_with("-cell") {
        return Vec::new();
    }
    let mut fields = Vec::new();
    for (_, v) in policy.facts_in(locale) {
        if let FactValue::Rows(rows) = v {
            for row in rows {
                fields.extend(row.keys().map(String::as_str));
            }
        }
    }
    fields.sort_unstable();
    fields.dedup();
    fields
}
