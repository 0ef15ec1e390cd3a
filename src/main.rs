//! The `policyc` binary: parse arguments, call the library, print
//! diagnostics, return the exit code.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use policyc::build::{output_dir, plan, write_atomically, Selection};
use policyc::check::{check, exit_code};
use policyc::cli::{Cli, Color, Command, Deny};
use policyc::diag::{self, Diagnostic, Format, SourceMap};
use policyc::workspace::Workspace;

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
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    ExitCode::from(run(&cli, color))
}

fn run(cli: &Cli, color: bool) -> u8 {
    let sources = SourceMap::default();
    let (ws, mut diags) = Workspace::load(&cli.workspace, &sources);
    match &cli.command {
        Command::Check {
            policies,
            locales,
            format,
            deny,
        } => {
            if let Some(ws) = &ws {
                let sel = Selection {
                    policies: policies.clone(),
                    locales: locales.clone(),
                    formats: Vec::new(),
                };
                diags.extend(check(ws, &sel));
            }
            let deny_warnings = deny.contains(&Deny::Warnings);
            report(&diags, &sources, *format, color);
            let code = exit_code(&diags, deny_warnings);
            if *format == Format::Human {
                let verdict = if code == 0 { "ok" } else { "failed" };
                eprintln!("check {verdict}: {}", diag::summary(&diags));
            }
            code
        }
        Command::Build {
            policies,
            locales,
            formats,
            out,
            diagnostics,
        } => {
            let Some(ws) = ws else {
                report(&diags, &sources, *diagnostics, color);
                return exit_code(&diags, false);
            };
            let sel = Selection {
                policies: policies.clone(),
                locales: locales.clone(),
                formats: formats.clone(),
            };
            let plan = plan(&ws, &sel);
            diags.extend(plan.diags.iter().cloned());
            diag::normalize(&mut diags);
            let code = exit_code(&diags, false);
            let writable = if code == 2 {
                None
            } else {
                plan.writable(ws.config.workspace.on_incomplete)
            };
            let out_dir = output_dir(&ws, out.as_deref());
            let mut summary = None;
            if let Some(outputs) = writable {
                if !outputs.is_empty() {
                    match write_atomically(&out_dir, &outputs) {
                        Ok(stats) => summary = Some((stats, outputs.len())),
                        Err(e) => diags.push(
                            Diagnostic::input("write-failed", format!("cannot write `{}`: {e}", out_dir.display()))
                                .hint("the previous output was left as it was; check permissions and free space"),
                        ),
                    }
                }
            }
            report(&diags, &sources, *diagnostics, color);
            let code = exit_code(&diags, false);
            if *diagnostics == Format::Human {
                match summary {
                    Some((stats, total)) => eprintln!(
                        "built {total} file(s) in {}: {} written, {} unchanged",
                        out_dir.display(),
                        stats.written,
                        stats.unchanged
                    ),
                    None if code != 0 => {
                        eprintln!(
                            "build failed: {}; nothing was written",
                            diag::summary(&diags)
                        )
                    }
                    None => eprintln!("nothing to build"),
                }
                if !plan.refused.is_empty() && code != 0 {
                    let refused: Vec<&str> = plan.refused.iter().map(String::as_str).collect();
                    eprintln!("refused locale(s): {}", refused.join(", "));
                }
            }
            code
        }
    }
}

fn report(diags: &[Diagnostic], sources: &SourceMap, format: Format, color: bool) {
    let mut diags = diags.to_vec();
    diag::normalize(&mut diags);
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
