//! minijinja templates: the defaults are embedded in the binary; a
//! workspace's own `templates/` folder overrides any of them by file name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::doc::Document;

use minijinja::Environment;

use crate::diag::{Code, Diagnostic, SourceMap};
use crate::source;

/// The web page's built-in style sheet.
pub const PAGE_CSS: &str = include_str!("../../templates/page.css");

/// The default templates, embedded at compile time.
const DEFAULTS: &[(&str, &str)] = &[
    (
        "page.md.jinja",
        include_str!("../../templates/page.md.jinja"),
    ),
    (
        "page.html.jinja",
        include_str!("../../templates/page.html.jinja"),
    ),
    (
        "fragment.html.jinja",
        include_str!("../../templates/fragment.html.jinja"),
    ),
    (
        "print.html.jinja",
        include_str!("../../templates/print.html.jinja"),
    ),
    ("page.css", PAGE_CSS),
    ("print.css", include_str!("../../templates/print.css")),
];

/// How inline nodes of the document tree are written by the `inline`
/// (HTML) and `markdown` filters: given by the backends that own those
/// syntaxes (see [`super::load_templates`]), so that this module depends on
/// none of them.
#[derive(Clone, Copy)]
pub struct InlineWriters {
    pub html: fn(&[crate::doc::Inline]) -> String,
    pub markdown: fn(&[crate::doc::Inline]) -> String,
}

/// The template environment of a workspace.
pub struct Templates {
    env: Environment<'static>,
    /// Where each template came from (for error messages).
    origins: Vec<(String, PathBuf)>,
}

impl Templates {
    /// Loads the defaults, then the workspace's overrides from `templates/`.
    pub fn load(
        root: &Path,
        sources: &SourceMap,
        inlines: InlineWriters,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_keep_trailing_newline(true);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        // Inline nodes of the document tree as escaped HTML.
        env.add_filter(
            "inline",
            move |v: minijinja::Value| -> Result<minijinja::Value, minijinja::Error> {
                let nodes: Vec<crate::doc::Inline> =
                    serde::Deserialize::deserialize(v).map_err(|e| {
                        minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string())
                    })?;
                Ok(minijinja::Value::from_safe_string((inlines.html)(&nodes)))
            },
        );
        // Text of the document tree as Markdown that Hugo and Markdown
        // readers show as written (a string is escaped; inline nodes are
        // written as the Markdown page writes them). A Markdown template
        // that writes `doc` text itself must pass it through this filter:
        // Markdown templates are not escaped automatically.
        env.add_filter(
            "markdown",
            move |v: minijinja::Value| -> Result<minijinja::Value, minijinja::Error> {
                if let Some(s) = v.as_str() {
                    return Ok(minijinja::Value::from_safe_string(
                        crate::markup::escape_page_text(s, true),
                    ));
                }
                let nodes: Vec<crate::doc::Inline> =
                    serde::Deserialize::deserialize(v).map_err(|e| {
                        minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string())
                    })?;
                Ok(minijinja::Value::from_safe_string((inlines.markdown)(
                    &nodes,
                )))
            },
        );
        let mut origins = Vec::new();
        let mut diags = Vec::new();
        // A linked `templates/` must stay inside the workspace; each
        // template is then read like any input (a link out of the
        // workspace, a FIFO or a device is refused, not skipped).
        let folder = Path::new("templates");
        let has_folder = source::check_folder(root, folder).map_err(|d| vec![d])?;
        for (name, default) in DEFAULTS {
            let rel = folder.join(name);
            let read = if has_folder {
                source::read_optional(root, &rel, sources)
            } else {
                Ok(None)
            };
            let (text, origin) = match read {
                Ok(Some(s)) => (s.text.to_string(), rel.clone()),
                Err(d) => {
                    diags.push(d);
                    continue;
                }
                Ok(None) => {
                    let origin = PathBuf::from(format!("<built-in>/{name}"));
                    sources.add(&origin, Arc::new((*default).to_string()));
                    ((*default).to_string(), origin)
                }
            };
            if let Err(e) = env.add_template_owned(name.to_string(), text) {
                diags.push(template_error(&e, &origin, sources));
                continue;
            }
            origins.push((name.to_string(), origin));
        }
        if diags.is_empty() {
            Ok(Templates { env, origins })
        } else {
            Err(diags)
        }
    }

    /// Renders a template with a serializable context, into a buffer of
    /// `size_hint` bytes (the page's expected size, so it is not regrown).
    pub fn render<S: serde::Serialize>(
        &self,
        name: &str,
        ctx: S,
        sources: &SourceMap,
        size_hint: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let error = |e: &minijinja::Error| {
            let origin = self
                .origins
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, p)| p.clone())
                .unwrap_or_else(|| PathBuf::from(name));
            template_error(e, &origin, sources)
        };
        let t = self.env.get_template(name).map_err(|e| error(&e))?;
        let mut out = Vec::with_capacity(size_hint);
        t.render_captured_to(ctx, &mut out).map_err(|e| error(&e))?;
        Ok(out)
    }
}

/// A minijinja error as a diagnostic at the template's line.
fn template_error(e: &minijinja::Error, origin: &Path, sources: &SourceMap) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::TemplateError,
        format!(
            "template error: {}",
            e.detail().unwrap_or(&e.kind().to_string())
        ),
    );
    let span = match (sources.get(origin), e.line()) {
        (Some(file), Some(line)) => {
            let start: usize = file
                .text
                .split_inclusive('\n')
                .take(line.saturating_sub(1))
                .map(str::len)
                .sum();
            let len = file.line(line).len();
            Some(start..start + len)
        }
        _ => None,
    };
    d = d.at(origin, span);
    if origin.starts_with("<built-in>") {
        d = d.hint("this is a bug in a built-in template; please report it");
    } else {
        d = d.hint("fix the template, or delete it to use the built-in default");
    }
    d
}

/// The document as a template value. Fields are converted when a template
/// reads them, not up front: a page template that only reads the title does
/// not pay for serializing every section.
pub fn doc_value(doc: &Arc<Document>) -> minijinja::Value {
    minijinja::Value::from_object(DocObject {
        doc: doc.clone(),
        converted: Default::default(),
    })
}

/// A locale's labels as a template map. A template reads two or three of
/// them; they are looked up when read, not copied into a new map for
/// every page.
pub fn labels_value(labels: &Arc<BTreeMap<String, String>>) -> minijinja::Value {
    minijinja::Value::from_object(Labels(labels.clone()))
}

#[derive(Debug)]
struct Labels(Arc<BTreeMap<String, String>>);

impl minijinja::value::Object for Labels {
    fn get_value(self: &Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        self.0
            .get(key.as_str()?)
            .map(|v| minijinja::Value::from(v.as_str()))
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        use minijinja::value::ObjectExt;
        self.mapped_enumerator(|this| {
            Box::new(this.0.keys().map(|k| minijinja::Value::from(k.as_str())))
        })
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.0.len())
    }
}

#[derive(Debug)]
struct DocObject {
    doc: Arc<Document>,
    /// The structured fields converted so far: a page template reads
    /// `doc.locale`, `doc.control` or a date more than once, and each
    /// conversion builds a new map.
    converted: std::sync::Mutex<Vec<(&'static str, minijinja::Value)>>,
}

impl DocObject {
    fn converted(
        &self,
        name: &'static str,
        convert: impl FnOnce(&Document) -> minijinja::Value,
    ) -> minijinja::Value {
        let lock = || self.converted.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, v)) = lock().iter().find(|(n, _)| *n == name) {
            return v.clone();
        }
        let v = convert(&self.doc);
        lock().push((name, v.clone()));
        v
    }
}

impl minijinja::value::Object for DocObject {
    fn get_value(self: &Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        use minijinja::Value as V;
        let d = &self.doc;
        Some(match key.as_str()? {
            "policy" => V::from(d.policy.as_str()),
            "locale" => self.converted("locale", |d| V::from_serialize(&d.locale)),
            "title" => V::from(d.title.as_str()),
            "intro" => V::from(d.intro.as_str()),
            "slug" => V::from(d.slug.as_str()),
            "aliases" => self.converted("aliases", |d| V::from_serialize(&d.aliases)),
            "version" => V::from(d.version.as_str()),
            "published" => self.converted("published", |d| V::from_serialize(&d.published)),
            "effective" => self.converted("effective", |d| V::from_serialize(&d.effective)),
            "control" => self.converted("control", |d| V::from_serialize(&d.control)),
            "numbered" => V::from(d.numbered),
            "preamble" => self.converted("preamble", |d| V::from_serialize(&d.preamble)),
            "sections" => self.converted("sections", |d| V::from_serialize(&d.sections)),
            "epilogue" => self.converted("epilogue", |d| V::from_serialize(&d.epilogue)),
            "translations" => {
                self.converted("translations", |d| V::from_serialize(&d.translations))
            }
            "labels" => labels_value(&d.labels),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Str(&[
            "policy",
            "locale",
            "title",
            "intro",
            "slug",
            "aliases",
            "version",
            "published",
            "effective",
            "control",
            "numbered",
            "preamble",
            "sections",
            "epilogue",
            "translations",
            "labels",
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markdown_filter_escapes_text_and_writes_inline_nodes() {
        let sources = SourceMap::default();
        let dir = tempfile::tempdir().unwrap();
        let t = crate::render::load_templates(dir.path(), &sources).unwrap();
        let out = t
            .env
            .render_str(
                "{{ s | markdown }} / {{ nodes | markdown }}",
                minijinja::context! {
                    s => "{{< gist a 1 >}} *x*",
                    nodes => vec![
                        crate::doc::Inline::Text { text: "{{% x %}} ".into() },
                        crate::doc::Inline::Emphasis {
                            children: vec![crate::doc::Inline::Text { text: "em".into() }],
                        },
                    ],
                },
            )
            .unwrap();
        assert_eq!(out, r"\{\{\< gist a 1 \>}} \*x\* / \{\{% x %}} *em*");
    }

    /// Labels read lazily behave in a template as the map they were
    /// serialized into before: lookup, a missing key, length, iteration.
    #[test]
    fn labels_read_like_a_map() {
        let labels: Arc<BTreeMap<String, String>> = Arc::new(
            [("b-label", "Bee"), ("a-label", "A & B")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        let mut env = Environment::new();
        env.add_template(
            "t.html",
            "{{ labels['a-label'] }}|{{ labels['none'] is undefined }}|{{ labels|length }}|\
             {% for k in labels %}{{ k }},{% endfor %}|\
             {% for k, v in labels|items %}{{ k }}={{ v }};{% endfor %}|{{ labels }}",
        )
        .unwrap();
        let lazy = env
            .get_template("t.html")
            .unwrap()
            .render(minijinja::context! { labels => labels_value(&labels) })
            .unwrap();
        let copied = env
            .get_template("t.html")
            .unwrap()
            .render(minijinja::context! { labels => &*labels })
            .unwrap();
        assert_eq!(lazy, copied);
        assert_eq!(
            lazy,
            "A &amp; B|True|2|a-label,b-label,|a-label=A &amp; B;b-label=Bee;|\
             {&quot;a-label&quot;: &quot;A &amp; B&quot;, &quot;b-label&quot;: &quot;Bee&quot;}"
        );
    }
}
