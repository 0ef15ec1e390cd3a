//! The review view of `serve`: one policy in one locale, the reference
//! and the translation side by side, text by text, aligned by section id,
//! each with its sign-off state; and the approve action, which records a
//! sign-off through [`crate::review::review`], as `policyc review` does.
//!
//! The states come from the check's own analysis
//! ([`analyze::review_findings`]) and the lock, never from a second
//! comparison of texts.

use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use crate::analyze::{self, pattern_text};
use crate::diag::{Code, Diagnostic, SourceMap};
use crate::lock::SHARED;
use crate::workspace::{PolicyFiles, Workspace};

use super::page::{diff_html, esc, repaint_script, STYLE};
use super::{PageInfo, Preview};

/// A text's sign-off state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Ok,
    Missing,
    Stale,
    ChangedAfterReview,
    Unreviewed,
}

impl State {
    fn class_and_word(self) -> (&'static str, &'static str) {
        match self {
            State::Ok => ("ok", "ok"),
            State::Missing => ("missing", "missing"),
            State::Stale => ("stale", "stale"),
            State::ChangedAfterReview => ("changed", "changed after review"),
            State::Unreviewed => ("unreviewed", "unreviewed"),
        }
    }
}

/// One row of the view.
struct Row {
    key: String,
    section: Option<String>,
    what: String,
    reference: String,
    translation: Option<String>,
    state: State,
    /// The reference's word change since sign-off, for a stale text.
    change: Option<String>,
    signed: Option<String>,
}

/// Every required text of the page's policy, with its state in the
/// page's locale.
fn rows(ws: &Workspace, page: &PageInfo) -> Vec<Row> {
    let (Some(policy), Some(reference)) = (
        ws.policies.iter().find(|p| p.id == page.policy),
        ws.reference(),
    ) else {
        return Vec::new();
    };
    let files = PolicyFiles::new(ws, policy);
    let findings = analyze::review_findings(
        ws,
        &files,
        policy,
        &[page.tag.as_str()],
        &mut crate::lock::TextHashes::default(),
    );
    let (ref_file, file) = (files.get(&reference.tag), files.get(&page.tag));
    let mut out = Vec::new();
    for r in files.required() {
        let attribute = r.attribute.as_deref();
        let Some((ref_file, rp)) =
            ref_file.and_then(|f| Some((f, f.pattern(r.message, attribute)?)))
        else {
            continue;
        };
        let translation = file.and_then(|f| {
            f.pattern(r.message, attribute)
                .map(|tp| pattern_text(f, tp))
        });
        let text = Text {
            owner: &page.policy,
            key: r.key(),
            reference: pattern_text(ref_file, rp),
            translation,
        };
        out.push(text.row(ws, &page.tag, &findings, r.section, r.what()));
    }
    // The locale's labels and terms: on every page, signed off with it.
    if let (Some(ref_shared), Some(shared)) = (
        &reference.shared,
        ws.locale(&page.tag).and_then(|l| l.shared.as_ref()),
    ) {
        let findings = analyze::analyze_shared(ws, &[page.tag.as_str()]);
        for (key, rp) in ref_shared.entries() {
            let translation = shared.entry(&key).map(|tp| pattern_text(shared, tp));
            let what = if key.starts_with('-') {
                "term"
            } else {
                "label"
            };
            let text = Text {
                owner: SHARED,
                key,
                reference: pattern_text(ref_shared, rp),
                translation,
            };
            out.push(text.row(ws, &page.tag, &findings, Some(SHARED), what.into()));
        }
    }
    out
}

/// One text to show: whose it is (a policy, or [`SHARED`]), its key and
/// both texts.
struct Text<'a> {
    owner: &'a str,
    key: String,
    reference: &'a str,
    translation: Option<&'a str>,
}

impl Text<'_> {
    /// The row: its state from the check's `findings` and the lock.
    fn row(
        self,
        ws: &Workspace,
        tag: &str,
        findings: &[Diagnostic],
        section: Option<&str>,
        what: String,
    ) -> Row {
        let finding = |code: Code| {
            findings
                .iter()
                .find(|d| d.code == code && d.keys.contains(&self.key))
        };
        let record = ws
            .lock
            .as_ref()
            .and_then(|l| l.get(self.owner, tag, &self.key));
        let stale = finding(Code::Stale);
        let state = if self.translation.is_none() {
            State::Missing
        } else if stale.is_some() {
            State::Stale
        } else if finding(Code::ChangedAfterReview).is_some() {
            State::ChangedAfterReview
        } else if record.and_then(|r| r.by.as_ref()).is_none() {
            State::Unreviewed
        } else {
            State::Ok
        };
        let signed = record.and_then(|r| {
            let by = r.by.as_deref()?;
            Some(format!(
                "{by}, {}",
                r.date.as_deref().unwrap_or("date unknown")
            ))
        });
        Row {
            state,
            change: stale
                .and_then(|d| d.change.as_ref())
                .map(|c| diff_html(&c.diff)),
            signed,
            section: section.map(str::to_string),
            what,
            reference: self.reference.to_string(),
            translation: self.translation.map(str::to_string),
            key: self.key,
        }
    }
}

/// An approve button for some keys (none: the whole page).
fn button(keys: &[&str], label: &str, what: &str) -> String {
    format!(
        "<button type=\"button\" class=\"pc-approve\" data-keys=\"{}\" aria-label=\"{} {}\">{}</button>",
        esc(&keys.join(" ")),
        esc(label),
        esc(what),
        esc(label)
    )
}

/// The review view of a page.
pub fn view(p: &Preview, page: &PageInfo, token: &str, root: &Path) -> String {
    let Some(ws) = p.ws.as_deref() else {
        return super::unbuilt_html(p, page);
    };
    let reference = ws.reference().map_or("", |r| r.tag.as_str());
    let git = crate::review::reviewer(root, None).ok();
    let mut body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"policyc-token\" content=\"{}\"><title>Review: {} ({})</title><style>{STYLE}</style></head><body>",
        esc(token),
        esc(&page.title),
        esc(&page.tag)
    );
    // The view has no section headings: every finding is in the list.
    body.push_str(&super::page::header(p, page, "", false).0);
    let _ = write!(
        body,
        "<main class=\"pc-main\"><h1>Review: <span lang=\"{}\">{}</span> in {} against the reference ({})</h1>",
        esc(&page.tag),
        esc(&page.title),
        esc(&page.code),
        esc(reference)
    );
    if page.tag == reference {
        body.push_str("<p>This is the reference locale: its texts are what the translations are reviewed against.</p>");
    } else {
        reviewer_form(&mut body, git.as_deref());
        table(&mut body, ws, page, reference);
    }
    body.push_str("</main>");
    body.push_str(APPROVE_SCRIPT);
    body.push_str(&repaint_script(p.version));
    body.push_str("</body></html>");
    body
}

fn reviewer_form(body: &mut String, git: Option<&str>) {
    let from_git = match git {
        Some(g) => format!("empty: git's <code>{}</code>", esc(g)),
        None => "git has no user.name: enter your name once".to_string(),
    };
    let _ = write!(
        body,
        "<p><label for=\"pc-by\">Reviewer</label> <input id=\"pc-by\" name=\"by\" autocomplete=\"name\" size=\"36\" placeholder=\"Name &lt;email&gt;\" aria-describedby=\"pc-by-note\"> <span id=\"pc-by-note\">({from_git}; remembered by this browser)</span></p>\
<p role=\"status\" aria-live=\"polite\" id=\"pc-status\"></p>"
    );
}

fn table(body: &mut String, ws: &Workspace, page: &PageInfo, reference: &str) {
    let rows = rows(ws, page);
    let open = rows
        .iter()
        .filter(|r| r.state != State::Ok && r.state != State::Missing);
    let keys: Vec<&str> = open.map(|r| r.key.as_str()).collect();
    let _ = write!(
        body,
        "<p>{} of {} text(s) need a sign-off. {} <small>(approving the page also signs off this locale's shared labels, as <code>policyc review</code> does)</small></p>",
        keys.len(),
        rows.len(),
        button(&[], "Approve the page", &page.title)
    );
    let mut sections: Vec<Option<&str>> = Vec::new();
    for r in &rows {
        if !sections.contains(&r.section.as_deref()) {
            sections.push(r.section.as_deref());
        }
    }
    for section in sections {
        let in_section: Vec<&Row> = rows
            .iter()
            .filter(|r| r.section.as_deref() == section)
            .collect();
        let (id, name) = match section {
            Some(SHARED) => (
                "review-shared".to_string(),
                "Shared labels and terms (_shared.ftl)".to_string(),
            ),
            // The section's heading as the reference has it, and its id.
            Some(s) => {
                let heading = in_section.iter().find(|r| r.key == s);
                let title = heading.map_or(s, |r| r.reference.as_str());
                (format!("review-{s}"), format!("{title} ({s})"))
            }
            None => (
                "review-document".to_string(),
                "Document title, introduction and closing".to_string(),
            ),
        };
        let _ = write!(
            body,
            "<section aria-labelledby=\"{id}\"><h2 id=\"{id}\" lang=\"{}\">{}</h2>",
            esc(reference),
            esc(&name)
        );
        match section {
            // Every label and term, by key (a section's key selects its texts).
            Some(SHARED) => {
                let keys: Vec<&str> = in_section.iter().map(|r| r.key.as_str()).collect();
                let _ = write!(
                    body,
                    "<p>{}</p>",
                    button(&keys, "Approve shared texts", "of this locale")
                );
            }
            Some(s) => {
                let _ = write!(body, "<p>{}</p>", button(&[s], "Approve section", s));
            }
            None => {}
        }
        let _ = write!(
            body,
            "<table class=\"pc-review\"><thead><tr><th scope=\"col\">text</th><th scope=\"col\" lang=\"{}\">reference ({})</th><th scope=\"col\" lang=\"{}\">translation ({})</th><th scope=\"col\">state</th><th scope=\"col\">signed off</th></tr></thead><tbody>",
            esc(reference),
            esc(reference),
            esc(&page.tag),
            esc(&page.tag)
        );
        for r in in_section {
            let (class, word) = r.state.class_and_word();
            let translation = r.translation.as_deref().map_or_else(
                || "<em>missing</em>".to_string(),
                |t| {
                    format!(
                        "<span class=\"pc-text\" lang=\"{}\">{}</span>",
                        esc(&page.tag),
                        esc(t)
                    )
                },
            );
            let mut state = format!("<span class=\"pc-state pc-state-{class}\">{word}</span>");
            if let Some(change) = &r.change {
                let _ = write!(
                    state,
                    "<br>reference change: <span class=\"pc-diff\" lang=\"{}\">{change}</span>",
                    esc(reference)
                );
            }
            if r.state != State::Ok && r.state != State::Missing {
                let _ = write!(state, "<br>{}", button(&[&r.key], "Approve", &r.key));
            }
            let _ = write!(
                body,
                "<tr id=\"row-{}\"><td data-label=\"text\"><code>{}</code><br>{}</td><td data-label=\"reference\" class=\"pc-text\" lang=\"{}\">{}</td><td data-label=\"translation\">{translation}</td><td data-label=\"state\">{state}</td><td data-label=\"signed off\">{}</td></tr>",
                esc(&match r.section.as_deref() {
                    Some(SHARED) => format!("shared-{}", r.key.replace('.', "-")),
                    _ => r.key.replace('.', "-"),
                }),
                esc(&r.key),
                esc(&r.what),
                esc(reference),
                esc(&r.reference),
                r.signed.as_deref().map_or_else(|| "—".to_string(), esc),
            );
        }
        body.push_str("</tbody></table></section>");
    }
}

/// The approve buttons' script: posts the sign-off with the run's token
/// (the browser adds the `Origin`), remembers the reviewer's name, and
/// asks before approving a stale translation that did not change.
const APPROVE_SCRIPT: &str = r#"<script>(function(){
function el(id){return document.getElementById(id)}
function fill(){var by=el('pc-by');if(by&&!by.value)by.value=localStorage.getItem('policyc-reviewer')||''}
var last='';
fill();document.addEventListener('policyc:repainted',function(){fill();say(last)});
var token=document.querySelector('meta[name=policyc-token]').content;
var path=location.pathname.split('/');var policy=decodeURIComponent(path[3]),locale=decodeURIComponent(path[4]);
function say(t){last=t;var s=el('pc-status');if(s)s.textContent=t}
function send(keys,unchanged){
  var by=el('pc-by'),name=by?by.value.trim():'';
  if(name)localStorage.setItem('policyc-reviewer',name);
  return fetch('/__policyc/approve',{method:'POST',headers:{'Content-Type':'application/json','X-Policyc-Token':token},
    body:JSON.stringify({policy:policy,locale:locale,keys:keys,by:name,unchanged:unchanged})})
  .then(function(r){return r.json().then(function(j){return [r.status,j]})})
  .then(function(a){var s=a[0],j=a[1];
    if(s===409&&!unchanged){
      if(confirm(j.message+'\n\n'+j.refused.join(', ')+'\n\nApprove them unchanged?'))return send(keys,true);
      say('nothing was recorded');return;}
    say(j.message+(j.hint?' ('+j.hint+')':''));
    if(s===400&&j.code==='no-reviewer'&&el('pc-by'))el('pc-by').focus();
  });
}
document.addEventListener('click',function(e){
  var b=e.target.closest&&e.target.closest('button.pc-approve');if(!b)return;
  var keys=b.getAttribute('data-keys');send(keys?keys.split(' '):[],false);
});
})();</script>"#;

/// A sign-off request from the review view.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Approve {
    policy: String,
    locale: String,
    /// `section` or `section.attribute`; empty: the whole page.
    #[serde(default)]
    keys: Vec<String>,
    /// The name the reviewer entered; empty: git's.
    #[serde(default)]
    by: String,
    #[serde(default)]
    unchanged: bool,
}

/// Records a sign-off as `policyc review` does (the same request, the
/// same [`crate::review::review`], the same lock file); answers with a
/// status and a JSON message. 409: stale translations that did not
/// change, nothing recorded (ask, then send `unchanged`).
pub fn approve(root: &Path, body: &[u8]) -> (u16, String) {
    let fail = |status: u16, code: &str, message: &str, hint: Option<&str>| {
        let j = serde_json::json!({ "code": code, "message": message, "hint": hint });
        (status, j.to_string())
    };
    let Ok(req) = serde_json::from_slice::<Approve>(body) else {
        return fail(400, "bad-request", "the request is not a sign-off", None);
    };
    let sources = SourceMap::default();
    let (Some(ws), _) = Workspace::load(root, &sources) else {
        return fail(
            400,
            "workspace",
            "the workspace does not load: see the findings",
            None,
        );
    };
    let given = Some(req.by.as_str()).filter(|b| !b.trim().is_empty());
    let who = crate::review::reviewer(root, given);
    let date = crate::review::today();
    let (who, date) = match (who, date) {
        (Ok(w), Ok(d)) => (w, d),
        (Err(d), _) | (_, Err(d)) => {
            return fail(400, d.code.name(), &d.message, d.hint.as_deref());
        }
    };
    let known = ws.policies.iter().any(|p| p.id == req.policy) && ws.locale(&req.locale).is_some();
    if !known {
        return fail(400, "unknown", "no such policy or locale", None);
    }
    let mut lock = ws.lock.clone().unwrap_or_default();
    let (policies, locales) = ([req.policy.as_str()], [req.locale.as_str()]);
    let request = crate::review::Request {
        policies: &policies,
        locales: &locales,
        keys: &req.keys,
        by: &who,
        date: &date,
        unchanged: req.unchanged,
    };
    let outcome = crate::review::review(&ws, &mut lock, &request);
    if !outcome.refused.is_empty() {
        let refused: Vec<&str> = outcome.refused.iter().map(|r| r.key.as_str()).collect();
        let j = serde_json::json!({
            "code": "unchanged",
            "message": "the reference changed, but these translations did not change since their sign-off; nothing was recorded",
            "refused": refused,
        });
        return (409, j.to_string());
    }
    if outcome.matched == 0 {
        return fail(
            400,
            "nothing",
            "nothing to approve: no translated text matched",
            None,
        );
    }
    if outcome.recorded > 0 || ws.lock.as_ref() != Some(&lock) {
        if let Err(e) = lock.save(&ws.root) {
            return fail(
                500,
                "write",
                &format!("cannot write policyc.lock: {e}"),
                None,
            );
        }
    }
    let message = format!(
        "approved {} text(s) as {who} on {date}; policyc.lock updated",
        outcome.recorded
    );
    (
        200,
        serde_json::json!({ "code": "ok", "message": message }).to_string(),
    )
}
