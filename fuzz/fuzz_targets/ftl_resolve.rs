//! FTL loading and resolution: any text (or a deep nesting made from a
//! short one, see `expand`) is parsed (with errors), indexed,
//! put in a bundle with policyc's functions, and every message and
//! attribute is formatted and parsed as Markdown. Never a panic.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use fluent_bundle::FluentArgs;
use libfuzzer_sys::fuzz_target;
use policyc::diag::SourceMap;
use policyc::l10n::{build_bundle, format, parse_ftl, FunctionContext};
use policyc::markup::{parse, ContentPolicy, Mode};

#[path = "deep.rs"]
mod deep;
use deep::expand;

fuzz_target!(|data: &[u8]| {
    let sources = SourceMap::default();
    let Ok(src) = policyc::source::from_bytes(Path::new("locales/da/fuzz.ftl"), expand(data).into_owned(), &sources) else {
        return;
    };
    let (file, diags) = parse_ftl(&src, false);
    let _ = policyc::diag::render_human(&diags, &sources, false);
    let lang: unic_langid::LanguageIdentifier = "da".parse().unwrap();
    let ctx = Arc::new(FunctionContext::default());
    let (bundle, _) = build_bundle(&lang, None, &file, ctx.clone());
    let mut args = FluentArgs::new();
    args.set("company", "Nordvik *Moln* AB");
    args.set("n", 3);
    for (id, m) in file.messages() {
        let mut keys: Vec<Option<&str>> = m.attributes.iter().map(|(a, _)| Some(a)).collect();
        keys.push(None);
        for attr in keys {
            let _ = file.definition_text(id, attr);
            if let Some(f) = format(&bundle, id, attr, &args) {
                let _ = parse(&f.text, Mode::Paragraphs, &ContentPolicy::default());
            }
            let _ = ctx.take_problems();
        }
    }
});
