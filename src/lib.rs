//! policyc compiles one structured policy source plus one Fluent file per
//! locale into localized, publishable documents, and refuses to build a
//! locale that is incomplete.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! workspace (config, policy, l10n: load and parse)
//!   -> localize (policy x locale -> doc::Document)
//!   -> render (one backend per format)
//!   -> build (write atomically)      check = everything but the write
//! ```

// A `Diagnostic` is large (it carries everything a translator needs), and
// it only travels on the error path, once per problem: boxing it would cost
// clarity for no measurable gain.
#![allow(clippy::result_large_err)]

/// Hash maps and sets for policyc's own tables, keyed by ids from the
/// workspace: foldhash (seeded per map) instead of SipHash, which was a
/// few percent of a build spent hashing short keys.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// See [`HashMap`].
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

pub mod analyze;
pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod diag;
pub mod diff;
pub mod doc;
pub mod glossary;
pub mod init;
pub mod l10n;
pub mod language;
pub mod localize;
pub mod lock;
pub mod markup;
pub mod output;
pub mod plan;
pub mod policy;
pub mod progress;
pub mod prose;
pub mod publish;
pub mod redline;
pub mod render;
pub mod review;
pub mod serve;
pub mod source;
pub mod status;
pub mod watch;
pub mod workspace;
