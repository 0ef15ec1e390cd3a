//! A progress bar on the terminal for long work: a build, check or redline
//! of many policies (the 10,000-policy workspace, a large PDF batch) shows
//! how far it is once it has run for a second.
//!
//! Off unless the binary turns it on ([`enable`]), which it does only when
//! stderr is a terminal, `CI` is not set and `--quiet` is not given: no CI
//! log, pipe or test ever receives a bar's bytes. The pipeline reports its
//! units of work here ([`stage`], [`inc`]) instead of taking a bar as a
//! parameter, so stages that run with no bar pay one atomic load per unit.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a command runs before its bar appears: a quick one never
/// flashes a bar. `POLICYC_PROGRESS_DELAY_MS` changes it (docs/commands.md).
const DELAY: Duration = Duration::from_secs(1);

static BAR: OnceLock<ProgressBar> = OnceLock::new();
/// Set by [`finish`]: the bar is never shown after it.
static FINISHED: Mutex<bool> = Mutex::new(false);
static ON: AtomicBool = AtomicBool::new(false);

/// Turns the bar on for this process, hidden until the delay has passed.
/// `color`: the `--color`/`NO_COLOR` decision for stderr.
pub fn enable(color: bool) {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    let template = if color {
        "{msg:>12.cyan.bold} [{bar:30.cyan/blue}] {pos}/{len} {elapsed}"
    } else {
        "{msg:>12} [{bar:30}] {pos}/{len} {elapsed}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    if BAR.set(bar).is_err() {
        return;
    }
    ON.store(true, Ordering::Relaxed);
    let delay = std::env::var("POLICYC_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(DELAY, Duration::from_millis);
    std::thread::spawn(move || {
        std::thread::sleep(delay);
        let finished = FINISHED.lock().unwrap_or_else(|e| e.into_inner());
        if let (false, Some(bar)) = (*finished, BAR.get()) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(100));
            bar.tick();
        }
    });
}

/// Starts a stage of `len` units (policies, documents), named by a verb.
pub fn stage(what: &'static str, len: usize) {
    if let Some(bar) = bar() {
        bar.set_message(what);
        bar.set_length(len as u64);
        bar.set_position(0);
    }
}

/// One unit of the current stage is done.
pub fn inc() {
    if let Some(bar) = bar() {
        bar.inc(1);
    }
}

/// Clears the bar for good, before the command prints its report.
pub fn finish() {
    let mut finished = FINISHED.lock().unwrap_or_else(|e| e.into_inner());
    *finished = true;
    if let Some(bar) = bar() {
        bar.finish_and_clear();
    }
}

fn bar() -> Option<&'static ProgressBar> {
    ON.load(Ordering::Relaxed).then(|| BAR.get()).flatten()
}
