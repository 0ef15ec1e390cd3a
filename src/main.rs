//! The `policyc` binary: parse arguments, call the library, print
//! diagnostics, return the exit code.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use policyc::check::{check, exit_code};
use policyc::cli::{Cli, Color, Command, Deny, RedlineArgs, StatusFormat};
use policyc::diag::{self, Code, Diagnostic, Format, SourceMap};
use policyc::output::WriteStats;
use policyc::plan::Selection;
use policyc::workspace::Workspace;

// Resolving thousands of documents allocates many small strings on several
// threads; mimalloc handles that markedly better than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `--quiet`: set once, before any command runs.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// A line of information on stderr (a summary, what was written): left
/// out with `--quiet`. Errors and warnings are printed regardless.
macro_rules! info {
    ($($arg:tt)*) => {
        policyc::progress::finish();
        if !QUIET.load(std::sync::atomic::Ordering::Relaxed) {
            eprintln!($($arg)*);
        }
    };
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        // https://no-color.org: set and not empty.
        Color::Auto => {
            std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    QUIET.store(cli.quiet, std::sync::atomic::Ordering::Relaxed);
    let long_work = matches!(
        cli.command,
        Command::Build { .. } | Command::Check { .. } | Command::Redline(_)
    );
    // A bar only for a person watching a terminal: never in a CI log (CI
    // systems set `CI`), a pipe or a file, nor with --quiet.
    if long_work
        && !cli.quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
    {
        policyc::progress::enable(color);
    }
    let started = std::time::Instant::now();
    // A build or check runs on the thread pool, not the main thread: its
    // serial steps (loading, writing the manifest) then allocate from
    // memory the pool's threads have freed, instead of faulting in fresh
    // pages for a third heap. `watch` and `serve` run for hours and stay on
    // the main thread, leaving the pool to their rebuilds.
    let code = if long_work {
        rayon::scope(|_| run(&cli, color))
    } else {
        run(&cli, color)
    };
    policyc::progress::finish();
    policyc::build::print_timings(&[("total", started.elapsed())]);
    ExitCode::from(code)
}

/// Leaves a loaded workspace's memory to the operating system: the process
/// exits right after, and freeing its several hundred thousand allocations
/// one by one took ~1% of a check's CPU time, on one thread, at the end.
fn free_at_exit<T>(value: T) {
    std::mem::forget(value);
}

fn run(cli: &Cli, color: bool) -> u8 {
    let sources = SourceMap::default();
    let load = || {
        let started = std::time::Instant::now();
        let loaded = Workspace::load(&cli.workspace, &sources);
        policyc::build::print_timings(&[("load", started.elapsed())]);
        loaded
    };
    match &cli.command {
        Command::Check {
            policies,
            locales,
            format,
            deny,
            typeset_pdf,
        } => {
            let (ws, mut diags) = load();
            let mut skipped = Vec::new();
            if let Some(ws) = &ws {
                let sel = Selection {
                    policies: policies.clone(),
                    locales: locales.clone(),
                    ..Default::default()
                };
                diags.extend(check(ws, &sel, *typeset_pdf));
                skipped = policyc::check::skipped_formats(ws, &sel);
            }
            // The verdict counts what the report shows (a finding found
            // twice is shown once).
            diag::normalize(&mut diags);
            let deny_warnings = deny.contains(&Deny::Warnings);
            report(&diags, &sources, *format, color);
            let code = exit_code(&diags, deny_warnings);
            if *format == Format::Human {
                if !skipped.is_empty() {
                    info!(
                        "note: not checked as {}: this policyc was built without that backend (--no-default-features)",
                        skipped.join(", ")
                    );
                }
                let verdict = if code == 0 { "ok" } else { "failed" };
                info!("check {verdict}: {}", diag::summary(&diags));
            }
            free_at_exit(ws);
            code
        }
        Command::Status {
            format,
            all,
            policies,
            locales,
        } => {
            let (ws, mut diags) = load();
            let Some(ws) = ws else {
                report(&diags, &sources, Format::Human, color);
                return exit_code(&diags, false);
            };
            let tags = locale_tags(&ws.config, locales, &mut diags);
            for p in policies {
                if !ws.policies.iter().any(|x| &x.id == p) {
                    diags.push(Diagnostic::new(
                        Code::UnknownPolicy,
                        format!("there is no policy `{p}`"),
                    ));
                }
            }
            if exit_code(&diags, false) == 2 {
                report(&diags, &sources, Format::Human, color);
                return 2;
            }
            let sel = Selection {
                policies: policies.clone(),
                ..Default::default()
            };
            diags.extend(check(&ws, &sel, false));
            if exit_code(&diags, false) == 2 {
                report(&diags, &sources, Format::Human, color);
                return 2;
            }
            let status = policyc::status::status(&ws, &diags, policies, &tags);
            let text = match format {
                StatusFormat::Text => status.to_text(),
                StatusFormat::Markdown => status.to_markdown(*all),
                StatusFormat::Json => {
                    serde_json::to_string_pretty(&status).unwrap_or_default() + "\n"
                }
            };
            let _ = std::io::stdout().write_all(text.as_bytes());
            // The verdict is `check`'s: an error in a shown locale fails.
            let shown = |d: &&Diagnostic| {
                tags.is_empty() || d.locale.as_ref().is_none_or(|l| tags.contains(l))
            };
            u8::from(diags.iter().filter(shown).any(Diagnostic::is_error))
        }
        Command::Review {
            locales,
            all_locales,
            policies,
            shared,
            keys,
            by,
            unchanged,
        } => {
            let (ws, diags) = load();
            let Some(ws) = ws else {
                report(&diags, &sources, Format::Human, color);
                return exit_code(&diags, false);
            };
            review(
                &ws,
                diags,
                &sources,
                color,
                (locales, *all_locales, policies, *shared, keys),
                by.as_deref(),
                *unchanged,
            )
        }
        Command::Redline(args) => redline(cli, args, &sources, color),
        Command::Watch { out } => {
            let print = |d: &[Diagnostic], s: &SourceMap| report(d, s, Format::Human, color);
            policyc::watch::watch(&cli.workspace, out.as_deref(), &print)
        }
        Command::Serve { port } => policyc::serve::serve(&cli.workspace, *port),
        Command::Init {
            dir,
            locales,
            reference,
        } => {
            let dir = match dir {
                Some(d) if cli.workspace != std::path::Path::new(".") => cli.workspace.join(d),
                Some(d) => d.clone(),
                None => cli.workspace.clone(),
            };
            let made = policyc::review::today()
                .map_err(|d| vec![d])
                .and_then(|date| policyc::init::init(&dir, locales, reference.as_deref(), &date));
            created(made, &dir, "a workspace", &sources, color)
        }
        Command::New { id } => {
            let made = policyc::review::today()
                .map_err(|d| vec![d])
                .and_then(|date| policyc::init::new_policy(&cli.workspace, id, &date, &sources));
            created(
                made,
                &cli.workspace,
                &format!("policy `{id}`"),
                &sources,
                color,
            )
        }
        Command::Completions { shell } => {
            let mut out = std::io::stdout();
            clap_complete::generate(*shell, &mut Cli::command(), "policyc", &mut out);
            0
        }
        Command::Man { out } => man(out.as_deref()),
        Command::Build {
            policies,
            locales,
            formats,
            out,
            diagnostics,
            clean,
            no_sites,
        } => {
            // Stop early when no input changed since the last complete build.
            let sel = build_selection(policies, locales, formats, *no_sites);
            let started = std::time::Instant::now();
            let (fingerprint, unchanged) = policyc::build::check_unchanged(
                &cli.workspace,
                &sel,
                out.as_deref(),
                *clean,
                &sources,
            );
            policyc::build::print_timings(&[("fingerprint", started.elapsed())]);
            if let Some(files) = unchanged {
                if *diagnostics == Format::Human {
                    info!(
                        "up to date: no input changed since the last build ({files} file(s)); nothing to do"
                    );
                }
                return 0;
            }
            let (ws, mut diags) = load();
            let Some(ws) = ws else {
                report(&diags, &sources, *diagnostics, color);
                return exit_code(&diags, false);
            };
            let report_ = policyc::build::build_with_inputs(
                &ws,
                &sel,
                out.as_deref(),
                *clean,
                fingerprint.as_deref(),
            );
            policyc::build::print_timings(&report_.timings);
            diags.extend(report_.diags);
            // The plan reports the load's diagnostics again: the summary
            // counts what the report shows, each once.
            diag::normalize(&mut diags);
            report(&diags, &sources, *diagnostics, color);
            let code = exit_code(&diags, false);
            if *diagnostics == Format::Human {
                for w in &report_.written {
                    let WriteStats {
                        written,
                        unchanged,
                        removed,
                    } = w.stats;
                    // Site names and folders come from policyc.toml: shown
                    // with their control characters visible.
                    let dir = w.dir.display().to_string();
                    let dir = diag::visible_line(&dir);
                    let what = match &w.site {
                        Some(s) => format!("site `{}` in {dir}", diag::visible_line(s)),
                        None => dir.into_owned(),
                    };
                    let removed = if removed > 0 {
                        format!(", {removed} removed")
                    } else {
                        String::new()
                    };
                    info!("built {} file(s) in {what}: {written} written, {unchanged} unchanged{removed}", w.total);
                }
                if report_.written.is_empty() {
                    if code != 0 {
                        eprintln!(
                            "build failed: {}; nothing was written",
                            diag::summary(&diags)
                        );
                    } else {
                        info!("nothing to build");
                    }
                }
                if !report_.refused.is_empty() && code != 0 {
                    let refused: Vec<_> = report_
                        .refused
                        .iter()
                        .map(|l| diag::visible_line(l))
                        .collect();
                    eprintln!("refused locale(s): {}", refused.join(", "));
                }
            }
            free_at_exit(ws);
            code
        }
    }
}

/// `policyc review`: resolve the selection and the reviewer, sign off,
/// write the lock.
fn review(
    ws: &Workspace,
    mut diags: Vec<Diagnostic>,
    sources: &SourceMap,
    color: bool,
    (locales, all_locales, policies, shared, keys): (&[String], bool, &[String], bool, &[String]),
    by: Option<&str>,
    unchanged: bool,
) -> u8 {
    let mut tags = if all_locales {
        ws.config.workspace.locales.clone()
    } else {
        Vec::new()
    };
    tags.extend(locale_tags(&ws.config, locales, &mut diags));
    let ids: Vec<String> = if shared {
        Vec::new()
    } else if policies.is_empty() {
        ws.policies.iter().map(|p| p.id.clone()).collect()
    } else {
        policies.to_vec()
    };
    for p in &ids {
        if !ws.policies.iter().any(|x| &x.id == p) {
            diags.push(Diagnostic::new(
                Code::UnknownPolicy,
                format!("there is no policy `{p}`"),
            ));
        }
    }
    let who = policyc::review::reviewer(&ws.root, by).map_err(|d| diags.push(d));
    let date = policyc::review::today().map_err(|d| diags.push(d));
    let (Ok(who), Ok(date)) = (who, date) else {
        report(&diags, sources, Format::Human, color);
        return 2;
    };
    if exit_code(&diags, false) == 2 {
        report(&diags, sources, Format::Human, color);
        return 2;
    }
    let mut lock = ws.lock.clone().unwrap_or_default();
    let tag_refs: Vec<&str> = tags.iter().map(String::as_str).collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let request = policyc::review::Request {
        policies: &id_refs,
        locales: &tag_refs,
        keys,
        by: &who,
        date: &date,
        unchanged,
    };
    let outcome = policyc::review::review(ws, &mut lock, &request);
    if !outcome.unknown.is_empty() {
        let unknown: Vec<Diagnostic> = outcome
            .unknown
            .iter()
            .map(|(key, near)| {
                let hint = match near {
                    Some(n) => format!("did you mean `{n}`? nothing was recorded"),
                    None => "keys are section ids (`legal-basis`), `section.block` (`legal-basis.basis`), or a label or `-term` of `_shared.ftl`; `policyc status` lists them. Nothing was recorded".to_string(),
                };
                Diagnostic::new(
                    Code::UnknownKey,
                    format!("`{key}` names no text of the policies or `_shared.ftl` to review"),
                )
                .hint(hint)
            })
            .collect();
        report(&unknown, sources, Format::Human, color);
        return 2;
    }
    if !outcome.refused.is_empty() {
        eprintln!(
            "error: {} stale translation(s) did not change since they were signed off; nothing was recorded:",
            outcome.refused.len()
        );
        for r in &outcome.refused {
            eprintln!(
                "  {} {} {}",
                diag::visible_line(&r.policy),
                diag::visible_line(&r.locale),
                diag::visible_line(&r.key)
            );
        }
        eprintln!("hint: update the translations first; or, when the reference change needs no change in them, run the same command with `--unchanged`");
        return 1;
    }
    if outcome.matched == 0 {
        eprintln!("nothing to review: no translated message matched");
        return 1;
    }
    if outcome.recorded == 0 && ws.lock.as_ref() == Some(&lock) {
        info!(
            "nothing to record: the {} message(s) are signed off as they are",
            outcome.matched
        );
        return 0;
    }
    if let Err(e) = lock.save(&ws.root) {
        eprintln!("error: cannot write policyc.lock: {e}");
        return 2;
    }
    info!(
        "reviewed {} message(s) as {} on {date}; policyc.lock updated",
        outcome.recorded,
        diag::visible_line(&who)
    );
    0
}

/// `policyc redline`: open both ends, load them as workspaces, compare,
/// write the files.
fn redline(cli: &Cli, args: &RedlineArgs, sources: &SourceMap, color: bool) -> u8 {
    use policyc::redline;
    let mut formats = Vec::new();
    for f in &args.formats {
        match redline::Format::parse(f) {
            Ok(x) => formats.push(x),
            Err(d) => {
                report(&[d], sources, Format::Human, color);
                return 2;
            }
        }
    }
    let from_sources = SourceMap::default();
    let started = std::time::Instant::now();
    let opened = redline::open_both(
        &cli.workspace,
        (&args.from, &from_sources),
        (args.to.as_deref(), sources),
    );
    let (from, to) = match opened {
        Ok(ends) => ends,
        Err(d) => {
            report(&[d], sources, Format::Human, color);
            return 2;
        }
    };
    policyc::build::print_timings(&[("open and load both ends", started.elapsed())]);
    let (old_diags, mut new_diags) = (from.diags, to.diags);
    let (Some(old), Some(new)) = (from.ws, to.ws) else {
        report(&old_diags, &from_sources, Format::Human, color);
        report(&new_diags, sources, Format::Human, color);
        return 2;
    };
    if exit_code(&old_diags, false) == 2 || exit_code(&new_diags, false) == 2 {
        report(&old_diags, &from_sources, Format::Human, color);
        report(&new_diags, sources, Format::Human, color);
        return 2;
    }
    let tags = locale_tags(&new.config, &args.locales, &mut new_diags);
    for p in &args.policies {
        if !new.policies.iter().chain(&old.policies).any(|x| &x.id == p) {
            new_diags.push(Diagnostic::new(
                Code::UnknownPolicy,
                format!("there is no policy `{p}` at either end"),
            ));
        }
    }
    if exit_code(&new_diags, false) == 2 {
        report(&new_diags, sources, Format::Human, color);
        return 2;
    }
    let opts = redline::Options {
        policies: &args.policies,
        locales: &tags,
        formats: &formats,
        out: &args.out,
    };
    let started = std::time::Instant::now();
    let outcome = redline::redline(
        &redline::End {
            ws: &old,
            label: &from.checkout.label,
            working_tree: from.checkout.working_tree,
        },
        &redline::End {
            ws: &new,
            label: &to.checkout.label,
            working_tree: to.checkout.working_tree,
        },
        &opts,
    );
    policyc::build::print_timings(&[("compare, render and write", started.elapsed())]);
    let diags = outcome.diags;
    report(&diags, sources, Format::Human, color);
    if let Some((path, e)) = outcome.failed {
        eprintln!(
            "error: cannot write {}: {e}",
            diag::visible_line(&path.display().to_string())
        );
        return 2;
    }
    info!(
        "wrote {} redline file(s) in {}",
        outcome.written,
        diag::visible_line(&args.out.display().to_string())
    );
    free_at_exit((old, new));
    exit_code(&diags, false)
}

/// Reports what `init` or `new` made, or why it made nothing.
fn created(
    made: Result<policyc::init::Created, Vec<Diagnostic>>,
    dir: &std::path::Path,
    what: &str,
    sources: &SourceMap,
    color: bool,
) -> u8 {
    match made {
        Ok(c) => {
            let dir = dir.display().to_string();
            info!("created {what} in {}:", diag::visible_line(&dir));
            for f in &c.files {
                info!("  {}", f.display());
            }
            for n in &c.notes {
                info!("note: {n}");
            }
            let c = if dir == "." {
                String::new()
            } else {
                format!(" -C {}", diag::visible_line(&dir))
            };
            info!("next: `policyc{c} check`, then `policyc{c} build`");
            0
        }
        Err(diags) => {
            report(&diags, sources, Format::Human, color);
            exit_code(&diags, false)
        }
    }
}

/// `policyc man`: the page on stdout, or every command's page in a folder.
fn man(out: Option<&std::path::Path>) -> u8 {
    let written = match out {
        None => clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()),
        Some(dir) => std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(Cli::command(), dir)),
    };
    match written {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: cannot write the manual page: {e}");
            2
        }
    }
}

fn build_selection(
    policies: &[String],
    locales: &[String],
    formats: &[String],
    no_sites: bool,
) -> Selection {
    Selection {
        policies: policies.to_vec(),
        locales: locales.to_vec(),
        formats: formats.to_vec(),
        no_sites,
    }
}

fn report(diags: &[Diagnostic], sources: &SourceMap, format: Format, color: bool) {
    policyc::progress::finish();
    let mut diags = diags.to_vec();
    diag::normalize(&mut diags);
    // People read the first few of a kind; machines get every one.
    if format != Format::Json {
        diags = diag::cap_repeated(diags, diag::SHOWN_PER_FILE_AND_CODE);
    }
    match format {
        Format::Human => {
            let text = diag::render_human(&diags, sources, color);
            let _ = std::io::stderr().write_all(text.as_bytes());
        }
        Format::Json => {
            let _ = std::io::stdout().write_all(diag::render_json(&diags, sources).as_bytes());
        }
        Format::Github => {
            let _ = std::io::stdout().write_all(diag::render_github(&diags, sources).as_bytes());
        }
    }
}

/// The workspace tags of locales named on the command line (tags, site
/// codes or more specific tags); an unknown one is an `unknown-locale`.
fn locale_tags<'a>(
    config: &policyc::config::Config,
    wanted: impl IntoIterator<Item = &'a String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut tags = Vec::new();
    for l in wanted {
        match config.resolve_locale(l) {
            Some(t) => tags.push(t.to_string()),
            None => diags.push(
                Diagnostic::new(
                    Code::UnknownLocale,
                    format!("the workspace has no locale `{l}`"),
                )
                .hint(format!("locales: {}", config.workspace.locales.join(", "))),
            ),
        }
    }
    tags
}
