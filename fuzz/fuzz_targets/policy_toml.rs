//! The policy source loader: any bytes (or a deep nesting made from short
//! ones, see `expand`), valid TOML or not, give a policy or
//! diagnostics, never a panic; a valid policy's required texts are sound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policyc::diag::SourceMap;
use policyc::policy::Policy;
use std::path::Path;

#[path = "deep.rs"]
mod deep;
use deep::expand;

fuzz_target!(|data: &[u8]| {
    let sources = SourceMap::default();
    let Ok(src) = policyc::source::from_bytes(Path::new("policies/fuzz.toml"), expand(data).into_owned(), &sources) else {
        return;
    };
    match Policy::parse(&src, "fuzz") {
        Ok(policy) => {
            for r in policy.required_texts() {
                assert!(!r.message.is_empty());
                assert!(!r.what().is_empty());
            }
            let _ = policy.slug("en");
        }
        Err(diags) => {
            assert!(!diags.is_empty());
            // Every diagnostic renders at a valid position.
            let _ = policyc::diag::render_human(&diags, &sources, false);
        }
    }
});
