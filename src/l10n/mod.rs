//! Fluent, from `.ftl` text to formatted messages:
//!
//! - [`ftl`]: loading a file, its recoverable parse and its limits;
//! - [`depth`]: the pre-scan that leaves out entries nested too deep;
//! - [`index`]: the messages, terms and references of a parsed file, with
//!   the byte spans diagnostics point at;
//! - [`bundle`]: one bundle per policy and locale, facts as arguments,
//!   formatting a message;
//! - [`functions`]: `SECTION()`, `DATE()` and `NUMBER()`;
//! - [`dates`]: CLDR date formatting per locale;
//! - [`plurals`]: the CLDR plural categories each locale uses.
//!
//! Parsing is recoverable (`FluentResource::try_new` returns the resource
//! and its errors), so a file with one broken message still yields every
//! other message and every syntax error at once.

pub mod bundle;
pub mod dates;
pub mod depth;
pub mod ftl;
pub mod functions;
pub mod index;
pub mod plurals;

pub use bundle::{build_bundle, fact_value, format, has, Bundle, Formatted};
pub use dates::{
    format_date, DateFormatter, DateStyle, DateStyleKey, FluentDate, SharedDateFormatter,
};
pub use depth::{too_deep_entries, MAX_FTL_NESTING};
pub use ftl::{parse_ftl, FtlFile, MAX_FTL_ENTRIES};
pub use functions::{CallProblem, FunctionContext, SectionRef, FUNCTIONS};
pub use index::{
    Attributes, FtlIndex, Map, MessageInfo, PatternInfo, RefKind, Reference, Selection,
};
