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

/// Deep nesting from a short input: `0xFF n1 n0 HEAD 0x00 PREFIX 0x00
/// MIDDLE 0x00 SUFFIX` stands for HEAD, PREFIX repeated n times (n = n1 *
/// 256 + n0, up to 65,535), MIDDLE, and SUFFIX repeated n times. The fuzzer finds short
/// openers (`{ `, `{ $n ->\n *[a] `, `F(`, `[`, `a = {`) and closers, and this
/// nests them thousands deep, where a recursive parser would overflow the
/// stack; any other input is used as it is.
fn expand(data: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let [0xFF, n1, n0, rest @ ..] = data else {
        return std::borrow::Cow::Borrowed(data);
    };
    let n = usize::from(*n1) * 256 + usize::from(*n0);
    let mut parts = rest.splitn(4, |&b| b == 0);
    let mut part = || parts.next().unwrap_or_default();
    let (head, prefix, middle, suffix) = (part(), part(), part(), part());
    let len = (prefix.len() + suffix.len()) * n + head.len() + middle.len();
    // The reader refuses a file larger than this (too-large) before any
    // parse, so such an input never reaches the code under test.
    if len as u64 > policyc::source::MAX_FILE_BYTES {
        return std::borrow::Cow::Borrowed(&[]);
    }
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(head);
    for _ in 0..n {
        out.extend_from_slice(prefix);
    }
    out.extend_from_slice(middle);
    for _ in 0..n {
        out.extend_from_slice(suffix);
    }
    std::borrow::Cow::Owned(out)
}

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
