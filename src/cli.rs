//! Command-line interface (clap derive). The `///` comments are the
//! `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::Format;

/// The version `--version` prints: the package version and, when built
/// from a git checkout, the commit and its date (`0.1.0 (2fc47fb1a2b3
/// 2025-06-01)`; see build.rs).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), env!("POLICYC_COMMIT"));

/// Compile one policy source plus Fluent translations into localized,
/// publishable documents; refuse incomplete translations.
#[derive(Debug, Parser)]
#[command(name = "policyc", version = VERSION, about, long_about = None)]
pub struct Cli {
    /// The workspace folder (the one with policyc.toml).
    #[arg(
        short = 'C',
        long,
        global = true,
        default_value = ".",
        value_name = "DIR"
    )]
    pub workspace: PathBuf,
    /// When to colour diagnostics: `auto` colours a terminal unless the
    /// environment sets `NO_COLOR`.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Print only errors and warnings: no summaries, no lists of files
    /// written. A run that succeeds without warnings prints nothing.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build every policy × locale × format into the output folder.
    ///
    /// Writes nothing unless every selected locale is complete (see
    /// `on-incomplete` in policyc.toml). Exit 0 on success, 1 when a locale
    /// has errors, 2 on invalid input.
    Build {
        /// Only this policy (repeatable).
        #[arg(long = "policy", value_name = "ID")]
        policies: Vec<String>,
        /// Only this locale: a tag, a site code (`no`) or a more specific
        /// tag (`nb-NO`) (repeatable).
        #[arg(long = "locale", value_name = "LOCALE")]
        locales: Vec<String>,
        /// Output formats, comma-separated (default: `formats` in policyc.toml).
        #[arg(long = "format", value_name = "FORMAT", value_delimiter = ',')]
        formats: Vec<String>,
        /// Write here instead of the configured output folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Remove files an earlier build produced that this build does not
        /// (only files listed in the manifest; nothing else is touched).
        #[arg(long)]
        clean: bool,
        /// Do not write the `[sites.*]` targets.
        #[arg(long)]
        no_sites: bool,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        diagnostics: Format,
    },
    /// Check every policy in every locale; write nothing.
    ///
    /// Exit 0 when clean, 1 on findings, 2 on invalid input.
    Check {
        /// Only this policy (repeatable).
        #[arg(long = "policy", value_name = "ID")]
        policies: Vec<String>,
        /// Only this locale (repeatable).
        #[arg(long = "locale", value_name = "LOCALE")]
        locales: Vec<String>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat these as errors (`warnings`).
        #[arg(long, value_enum, value_name = "WHAT")]
        deny: Vec<Deny>,
        /// Also typeset the PDF of the first policy in each locale (slow).
        /// Without it, check validates the PDF's labels, glyphs and size
        /// but runs no Typst layout.
        #[arg(long)]
        typeset_pdf: bool,
    },
    /// Show translation completeness and sign-off: a section × locale
    /// matrix per policy, and who reviewed each section in each locale.
    ///
    /// Exit 0 when `check` would pass (warnings and unreviewed texts
    /// included), 1 when it finds an error.
    Status {
        /// Output style.
        #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
        format: StatusFormat,
        /// With `--format markdown`: every row, not only the ones that are
        /// not ok.
        #[arg(long)]
        all: bool,
        /// Only this policy (repeatable).
        #[arg(long = "policy", value_name = "ID")]
        policies: Vec<String>,
        /// Only this locale (repeatable).
        #[arg(long = "locale", value_name = "LOCALE")]
        locales: Vec<String>,
    },
    /// Build, then rebuild on every save, printing diagnostics instead of
    /// stopping on them. Ctrl-C stops.
    Watch {
        /// Write here instead of the configured output folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Preview every page on http://127.0.0.1:PORT/ with live reload, a
    /// locale switcher and the check's findings on the page. Ctrl-C stops.
    Serve {
        /// Port on 127.0.0.1 (0 picks a free one; the URL is printed).
        #[arg(long, default_value_t = 4747)]
        port: u16,
    },
    /// Sign translations off: record who approved which translation of
    /// which reference text, and when.
    ///
    /// Records, in policyc.lock, per policy, locale and message, the
    /// reference text and the translation text approved, the reviewer and
    /// the date (today in UTC, or SOURCE_DATE_EPOCH). `check` reports a
    /// translation as stale when its reference text changes afterwards,
    /// and as changed-after-review when its own text does.
    ///
    /// The labels and terms of each locale's _shared.ftl ("Page N of M",
    /// the table of contents label, category names, -brand) are on every
    /// page, so they are signed off with every policy's review; `--shared`
    /// signs off only them. Exit 0 when recorded, 1 when a stale
    /// translation was refused (nothing is recorded then), 2 on invalid
    /// input.
    Review {
        /// Locales to mark (repeatable); `--all-locales` for every one.
        #[arg(
            long = "locale",
            value_name = "LOCALE",
            required_unless_present = "all_locales"
        )]
        locales: Vec<String>,
        /// Mark every locale (e.g. to create the lock for the first time).
        #[arg(long)]
        all_locales: bool,
        /// Only this policy (repeatable), with the shared labels.
        #[arg(long = "policy", value_name = "ID")]
        policies: Vec<String>,
        /// Only the labels and terms of _shared.ftl, no policy's messages.
        #[arg(long, conflicts_with = "policies")]
        shared: bool,
        /// Only these texts: `section` or `section.attribute`; in
        /// _shared.ftl, `label` or `-term` (after `--`: `-- -brand`).
        #[arg(value_name = "KEY")]
        keys: Vec<String>,
        /// The reviewer, `"Name <email>"` (default: git's user.name and
        /// user.email).
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
        /// Sign off stale translations whose text did not change: the
        /// reference change needs no change in the translation.
        #[arg(long)]
        unchanged: bool,
    },
    /// Write what changed between two versions, for each policy in each
    /// locale: a redline aligned by section id (added, removed, moved,
    /// changed, with the words removed and added), metadata first, with a
    /// localized summary; Markdown for a pull-request comment, HTML and PDF.
    ///
    /// Exit 0 when written, 1 when a document could not be made at either
    /// end or a label is missing, 2 on invalid input.
    Redline(RedlineArgs),
    /// Create a workspace that `check` and `build` accept at once: a
    /// commented policyc.toml, `_shared.ftl` with every label in each
    /// locale, and a short example policy in every locale.
    ///
    /// Refuses (exit 2, writing nothing) when DIR already holds a
    /// policyc.toml, `policies/` or `locales/`. Text ships in en, da, sv and
    /// nb; any other locale gets a copy of the reference locale's text,
    /// marked untranslated.
    Init {
        /// The folder to create the workspace in (created when absent;
        /// default: the `-C` folder).
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// The workspace's locales, comma-separated BCP 47 tags.
        #[arg(
            long,
            value_name = "TAGS",
            value_delimiter = ',',
            default_value = "en,da,sv,nb"
        )]
        locales: Vec<String>,
        /// The locale translations are made from (default: the first of
        /// `--locales`).
        #[arg(long, value_name = "TAG")]
        reference: Option<String>,
    },
    /// Add a policy: `policies/<ID>.toml` with a first section and the
    /// reference locale's `<ID>.ftl` with its messages. The other locales
    /// get nothing: `check` then lists what translators must add.
    ///
    /// Refuses (exit 2, writing nothing) when either file exists.
    New {
        /// The policy id: a letter, then letters, digits, `-` and `_`. It
        /// names the files and is the page's default file name.
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Print a shell completion script to standard output.
    ///
    /// bash: `policyc completions bash > ~/.local/share/bash-completion/completions/policyc`;
    /// zsh: into a folder of your `$fpath` as `_policyc`; fish:
    /// `~/.config/fish/completions/policyc.fish`; PowerShell: add
    /// `policyc completions powershell | Out-String | Invoke-Expression` to
    /// your profile.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output, or write one page
    /// per command into a folder.
    ///
    /// `policyc man | man -l -` reads it; `policyc man --out DIR` writes
    /// `policyc.1`, `policyc-build.1`, … for `MANPATH`.
    Man {
        /// Write `policyc.1` and a page per command into this folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// Arguments of `policyc redline`.
#[derive(Debug, clap::Args)]
pub struct RedlineArgs {
    /// The older version: a git revision of the workspace's repository
    /// (tag, branch, commit) or a folder holding a copy of the workspace.
    #[arg(long, value_name = "REV")]
    pub from: String,
    /// The newer version (default: the workspace as it is on disk).
    #[arg(long, value_name = "REV")]
    pub to: Option<String>,
    /// Only this policy (repeatable).
    #[arg(long = "policy", value_name = "ID")]
    pub policies: Vec<String>,
    /// Only this locale (repeatable).
    #[arg(long = "locale", value_name = "LOCALE")]
    pub locales: Vec<String>,
    /// Output formats, comma-separated: `md`, `html`, `pdf`.
    #[arg(
        long = "format",
        value_name = "FORMAT",
        value_delimiter = ',',
        default_value = "md,html"
    )]
    pub formats: Vec<String>,
    /// Write here: `<locale>/<policy>.md`, `.html` and `.pdf`.
    #[arg(long, value_name = "DIR", default_value = "redline")]
    pub out: PathBuf,
}

/// Output style of `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// A table for the terminal.
    Text,
    /// The documented JSON schema (see docs/check.md).
    Json,
    /// Markdown to paste into a pull-request comment.
    Markdown,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// What `--deny` can make fatal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}
