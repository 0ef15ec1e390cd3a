//! The index of one parsed `.ftl` file: its messages and terms in file
//! order, each value and attribute with the byte spans of its identifier,
//! its definition and every reference it makes (variables, messages, terms,
//! functions). Diagnostics point into the file through these spans; the
//! static reference checks and the translation status read them instead of
//! the syntax tree, which is not kept.

use std::ops::Range;
use std::path::Path;

use fluent_bundle::FluentResource;
use fluent_syntax::ast;
use indexmap::IndexMap;

use crate::diag::{Code, Diagnostic};

/// What a placeable refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefKind {
    Variable,
    Message,
    Term,
    Function,
}

/// A reference inside a pattern, with its span in the file.
#[derive(Clone, Debug)]
pub struct Reference {
    pub kind: RefKind,
    pub id: Box<str>,
    pub span: Range<usize>,
    /// For `SECTION("id")`: the first string argument and its span.
    pub first_string_arg: Option<(Box<str>, Range<usize>)>,
}

/// One message value or attribute: where it is and what it references.
#[derive(Clone, Debug, Default)]
pub struct PatternInfo {
    /// Span of the identifier (`company` or `.about`).
    pub id_span: Range<usize>,
    /// Span from the identifier to the end of the pattern.
    pub def_span: Range<usize>,
    pub refs: Vec<Reference>,
    /// Its selections (`{ $n -> … }`), nested ones included, in order.
    pub selections: Vec<Selection>,
}

/// A selection in a pattern: `{ $n -> [one] … *[other] … }`.
#[derive(Clone, Debug)]
pub struct Selection {
    /// The variable selected on, directly or through a function
    /// (`NUMBER($n)`).
    pub variable: Option<Box<str>>,
    /// Whether the selector is `NUMBER(…)`: a number, whatever it holds.
    pub number: bool,
    /// The keys of the variants written as names (`one`, `other`); keys
    /// written as numbers (`[0]`) are left out.
    pub names: Box<[Box<str>]>,
    /// The key of the default variant (`*[other]`).
    pub default: Box<str>,
    /// Span of the selector (`$n`, or the function's name).
    pub span: Range<usize>,
}

/// The message index's map: file order, and a fast (randomly seeded)
/// hash, as it is built for every file and looked up for every text.
pub type Map<V> = IndexMap<String, V, foldhash::fast::RandomState>;

fn map_with_capacity<V>(n: usize) -> Map<V> {
    IndexMap::with_capacity_and_hasher(n, foldhash::fast::RandomState::default())
}

/// A message's attributes in file order. A second definition of the same
/// name replaces the value in the first one's position.
#[derive(Clone, Debug, Default)]
pub struct Attributes(Map<PatternInfo>);

impl Attributes {
    fn with_capacity(n: usize) -> Attributes {
        Attributes(map_with_capacity(n))
    }

    /// Adds an attribute, or replaces the value of one already there (in
    /// its first position). Returns whether it was already there.
    fn insert(&mut self, name: &str, pattern: PatternInfo) -> bool {
        match self.0.get_mut(name) {
            Some(p) => {
                *p = pattern;
                true
            }
            None => {
                self.0.insert(name.to_string(), pattern);
                false
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<&PatternInfo> {
        self.0.get(name)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Names and values, in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &PatternInfo)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn values(&self) -> impl Iterator<Item = &PatternInfo> {
        self.0.values()
    }
}

impl<'a> IntoIterator for &'a Attributes {
    type Item = (&'a str, &'a PatternInfo);
    type IntoIter = std::iter::Map<
        indexmap::map::Iter<'a, String, PatternInfo>,
        fn((&'a String, &'a PatternInfo)) -> (&'a str, &'a PatternInfo),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// One message (or term) of a file.
#[derive(Clone, Debug, Default)]
pub struct MessageInfo {
    pub id_span: Range<usize>,
    pub value: Option<PatternInfo>,
    pub attributes: Attributes,
}

/// The messages and terms of a file, and the problems its parse found.
pub struct FtlIndex {
    pub messages: Map<MessageInfo>,
    pub terms: Map<MessageInfo>,
    /// Syntax errors and duplicate definitions.
    pub diags: Vec<Diagnostic>,
}

impl FtlIndex {
    /// Indexes a parsed file. `diags` holds the problems found so far
    /// (syntax errors, entries left out); duplicate definitions are added
    /// to them, in file order.
    pub(super) fn build(
        path: &Path,
        resource: &FluentResource,
        mut diags: Vec<Diagnostic>,
    ) -> FtlIndex {
        let text = resource.source();
        let mut scratch = Vec::new();
        let mut messages: Map<MessageInfo> = map_with_capacity(resource.entries().count());
        let mut terms: Map<MessageInfo> = map_with_capacity(0);
        for entry in resource.entries() {
            let (id, value, attributes, is_term) = match entry {
                ast::Entry::Message(m) => (&m.id, m.value.as_ref(), &m.attributes, false),
                ast::Entry::Term(t) => (&t.id, Some(&t.value), &t.attributes, true),
                _ => continue,
            };
            let id_span = span_in(text, id.name);
            let mut info = MessageInfo {
                id_span: id_span.clone(),
                value: value.map(|p| pattern_info(text, id_span.clone(), p, &mut scratch)),
                attributes: Attributes::with_capacity(attributes.len()),
            };
            for a in attributes {
                let a_span = span_in(text, a.id.name);
                // Include the leading `.` in the identifier span.
                let a_span = a_span.start.saturating_sub(1)..a_span.end;
                if info.attributes.insert(
                    a.id.name,
                    pattern_info(text, a_span.clone(), &a.value, &mut scratch),
                ) {
                    diags.push(
                        Diagnostic::new(
                            Code::DuplicateMessage,
                            format!(
                                "attribute `.{}` is defined twice in `{}`",
                                a.id.name, id.name
                            ),
                        )
                        .at(path, Some(a_span.clone()))
                        .hint("remove one of them; only the last would be used"),
                    );
                }
            }
            let map = if is_term { &mut terms } else { &mut messages };
            let shown = if is_term {
                format!("-{}", id.name)
            } else {
                id.name.to_string()
            };
            if let Some(first) = map.get(id.name) {
                let (line, _) = crate::diag::line_col(text, first.id_span.start);
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateMessage,
                        format!("`{shown}` is defined twice"),
                    )
                    .at(path, Some(id_span))
                    .note(format!("first defined on line {line}"))
                    .hint("remove or rename one of them"),
                );
                continue;
            }
            map.insert(id.name.to_string(), info);
        }
        FtlIndex {
            messages,
            terms,
            diags,
        }
    }
}

fn offset_in(src: &str, s: &str) -> usize {
    let start = src.as_ptr() as usize;
    let p = s.as_ptr() as usize;
    if p >= start && p <= start + src.len() {
        p - start
    } else {
        0
    }
}

fn span_in(src: &str, s: &str) -> Range<usize> {
    let o = offset_in(src, s);
    o..o + s.len()
}

/// `scratch` collects the references, which are then copied into a vector
/// of the exact size: the index is kept for every message of every file.
fn pattern_info(
    text: &str,
    id_span: Range<usize>,
    p: &ast::Pattern<&str>,
    scratch: &mut Vec<Reference>,
) -> PatternInfo {
    let mut end = id_span.end;
    for el in &p.elements {
        walk_element(text, el, scratch, &mut end);
    }
    let mut refs = Vec::with_capacity(scratch.len());
    refs.append(scratch);
    let mut selections = Vec::new();
    selections_in(text, &p.elements, &mut selections);
    PatternInfo {
        def_span: id_span.start..end.max(id_span.end),
        id_span,
        refs,
        selections,
    }
}

/// The selections among `elements`, and inside their variants.
fn selections_in(text: &str, elements: &[ast::PatternElement<&str>], out: &mut Vec<Selection>) {
    for el in elements {
        let ast::PatternElement::Placeable { expression } = el else {
            continue;
        };
        let mut e = expression;
        // `{ { $n -> … } }`: a select inside a placeable.
        while let ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) = e {
            e = expression;
        }
        let ast::Expression::Select { selector, variants } = e else {
            continue;
        };
        let (variable, number, span) = match selector {
            ast::InlineExpression::VariableReference { id } => {
                let s = span_in(text, id.name);
                (Some(id.name), false, s.start.saturating_sub(1)..s.end)
            }
            ast::InlineExpression::FunctionReference { id, arguments } => {
                let variable = arguments.positional.first().and_then(|a| match a {
                    ast::InlineExpression::VariableReference { id } => Some(id.name),
                    _ => None,
                });
                (variable, id.name == "NUMBER", span_in(text, id.name))
            }
            _ => (None, false, 0..0),
        };
        let key = |k: &ast::VariantKey<&str>| -> Box<str> {
            match k {
                ast::VariantKey::Identifier { name } => (*name).into(),
                ast::VariantKey::NumberLiteral { value } => (*value).into(),
            }
        };
        out.push(Selection {
            variable: variable.map(Into::into),
            number,
            names: variants
                .iter()
                .filter(|v| matches!(v.key, ast::VariantKey::Identifier { .. }))
                .map(|v| key(&v.key))
                .collect(),
            default: variants
                .iter()
                .find(|v| v.default)
                .map(|v| key(&v.key))
                .unwrap_or_default(),
            span,
        });
        for v in variants {
            selections_in(text, &v.value.elements, out);
        }
    }
}

fn walk_element(
    text: &str,
    el: &ast::PatternElement<&str>,
    refs: &mut Vec<Reference>,
    end: &mut usize,
) {
    match el {
        ast::PatternElement::TextElement { value } => {
            *end = (*end).max(span_in(text, value).end);
        }
        ast::PatternElement::Placeable { expression } => {
            walk_expression(text, expression, refs, end)
        }
    }
}

fn walk_expression(
    text: &str,
    e: &ast::Expression<&str>,
    refs: &mut Vec<Reference>,
    end: &mut usize,
) {
    match e {
        ast::Expression::Inline(i) => walk_inline(text, i, refs, end),
        ast::Expression::Select { selector, variants } => {
            walk_inline(text, selector, refs, end);
            for v in variants {
                for el in &v.value.elements {
                    walk_element(text, el, refs, end);
                }
            }
            // The closing brace of a select sits after its last variant.
            if let Some(close) = text.get(*end..).and_then(|s| s.find('}')) {
                *end += close + 1;
            }
        }
    }
}

fn walk_inline(
    text: &str,
    e: &ast::InlineExpression<&str>,
    refs: &mut Vec<Reference>,
    end: &mut usize,
) {
    let mut push = |kind, id: &str, span: Range<usize>, arg| {
        refs.push(Reference {
            kind,
            id: id.into(),
            span,
            first_string_arg: arg,
        })
    };
    match e {
        ast::InlineExpression::StringLiteral { value }
        | ast::InlineExpression::NumberLiteral { value } => {
            *end = (*end).max(span_in(text, value).end + 1);
        }
        ast::InlineExpression::VariableReference { id } => {
            let s = span_in(text, id.name);
            *end = (*end).max(s.end + 2);
            push(
                RefKind::Variable,
                id.name,
                s.start.saturating_sub(1)..s.end,
                None,
            );
        }
        ast::InlineExpression::MessageReference { id, attribute } => {
            let s = span_in(text, id.name);
            let stop = attribute
                .as_ref()
                .map_or(s.end, |a| span_in(text, a.name).end);
            *end = (*end).max(stop + 2);
            push(RefKind::Message, id.name, s.start..stop, None);
        }
        ast::InlineExpression::TermReference { id, arguments, .. } => {
            let s = span_in(text, id.name);
            *end = (*end).max(s.end + 2);
            push(
                RefKind::Term,
                id.name,
                s.start.saturating_sub(1)..s.end,
                None,
            );
            if let Some(args) = arguments {
                walk_args(text, args, refs, end);
            }
        }
        ast::InlineExpression::FunctionReference { id, arguments } => {
            let s = span_in(text, id.name);
            *end = (*end).max(s.end + 2);
            let arg = arguments.positional.first().and_then(|a| match a {
                ast::InlineExpression::StringLiteral { value } => {
                    Some(((*value).into(), span_in(text, value)))
                }
                _ => None,
            });
            push(RefKind::Function, id.name, s, arg);
            walk_args(text, arguments, refs, end);
        }
        ast::InlineExpression::Placeable { expression } => {
            walk_expression(text, expression, refs, end)
        }
    }
}

fn walk_args(
    text: &str,
    args: &ast::CallArguments<&str>,
    refs: &mut Vec<Reference>,
    end: &mut usize,
) {
    for a in &args.positional {
        walk_inline(text, a, refs, end);
    }
    for n in &args.named {
        walk_inline(text, &n.value, refs, end);
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use crate::diag::Code;
    use crate::l10n::parse_ftl;
    use crate::source::SourceText;

    /// Messages with few and with many attributes (past the linear scan):
    /// every attribute is found, in file order, and a duplicate is reported
    /// once with the later value kept in the first position.
    #[test]
    fn attributes_are_found_however_many_a_message_has() {
        for n in [3usize, 12, 13, 40] {
            let mut ftl = String::from("m = Title\n");
            // Names out of alphabetical order, so the sorted index matters.
            for i in (0..n).rev() {
                ftl.push_str(&format!("    .a{i:02} = Text {i}\n"));
            }
            ftl.push_str("    .a00 = Again\n");
            let src = SourceText {
                path: PathBuf::from("locales/en/p.ftl"),
                text: Arc::new(ftl.clone()),
            };
            let (file, diags) = parse_ftl(&src, false);
            let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
            assert_eq!(codes, [Code::DuplicateMessage], "n={n}");
            let m = &file.messages()["m"];
            assert_eq!(m.attributes.len(), n);
            let names: Vec<&str> = m.attributes.iter().map(|(k, _)| k).collect();
            let expected: Vec<String> = (0..n).rev().map(|i| format!("a{i:02}")).collect();
            assert_eq!(names, expected, "n={n}");
            for i in 0..n {
                let name = format!("a{i:02}");
                let p = m
                    .attributes
                    .get(&name)
                    .unwrap_or_else(|| panic!("{name} (n={n})"));
                let shown = if i == 0 { "Again" } else { "Text" };
                assert!(
                    src.text[p.def_span.clone()].contains(shown),
                    "{name} (n={n})"
                );
            }
            assert!(m.attributes.get("a99").is_none());
            assert!(!m.attributes.contains_key("b"));
        }
    }
}
