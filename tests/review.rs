//! Sign-off records: `review` records who approved which translation of
//! which reference text and when; `check` catches a translation edited
//! after its sign-off; an old lock keeps working and is migrated; `status`
//! shows the sign-off. Each case through the real binary.

mod common;

use common::*;
use std::path::Path;

/// Labels, their attributes and terms in each shipped `_shared.ftl`: each
/// is a text of its own in the gate and in the lock.
const SHARED_TEXTS: usize = 39;

const ANN: &str = "Ann Berg <ann@example.test>";
/// 2025-01-02T03:04:05Z.
const EPOCH: &str = "1735787045";

fn review(ws: &Path, args: &[&str]) -> Run {
    let mut all = vec!["review"];
    all.extend_from_slice(args);
    policyc_env(ws, &all, &[("SOURCE_DATE_EPOCH", EPOCH)])
}

fn check_json(ws: &Path) -> serde_json::Value {
    let r = policyc(ws, &["check", "--format", "json"]);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.all()))
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn lock(ws: &Path) -> String {
    std::fs::read_to_string(ws.join("policyc.lock")).unwrap()
}

/// The Swedish `legal-basis.basis` line of the examples' lock.
fn sv_basis_record(ws: &Path) -> String {
    let text = lock(ws);
    let start = text.find("[translations.privacy.sv]").unwrap();
    text[start..]
        .lines()
        .find(|l| l.starts_with("\"legal-basis.basis\" = "))
        .unwrap()
        .to_string()
}

fn change_reference(ws: &Path) {
    edit(&ws.join("locales/en/privacy.ftl"), |s| {
        s.replace(
            ".basis = We process your personal data on",
            ".basis = We only process your personal data on",
        )
    });
}

#[test]
fn review_records_reviewer_date_and_both_hashes() {
    let ws = examples();
    change_reference(ws.path());
    edit(&ws.path().join("locales/sv/privacy.ftl"), |s| {
        s.replace(".basis = Vi behandlar", ".basis = Vi behandlar endast")
    });
    let r = review(
        ws.path(),
        &["--locale", "sv", "--policy", "privacy", "--by", ANN],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stderr
            .contains("reviewed 1 message(s) as Ann Berg <ann@example.test> on 2025-01-02"),
        "{}",
        r.stderr
    );
    let line = sv_basis_record(ws.path());
    assert!(
        line.contains("by = \"Ann Berg <ann@example.test>\", date = \"2025-01-02\""),
        "{line}"
    );
    assert!(line.contains("reference = \"") && line.contains("translation = \""));
    assert!(lock(ws.path()).starts_with("# policyc.lock"));
    assert!(lock(ws.path()).contains("\nversion = 2\n"));
    // The other messages keep their first sign-off.
    assert!(lock(ws.path()).contains("by = \"Example Legal Team <legal@example.com>\""));
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn a_translation_edited_after_sign_off_fails_the_gate() {
    let ws = examples();
    edit(&ws.path().join("locales/sv/privacy.ftl"), |s| {
        s.replace(".basis = Vi behandlar", ".basis = We process")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr.contains("error[changed-after-review]"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("locales/sv/privacy.ftl:31:5"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("is not the text Example Legal Team <legal@example.com> signed off on"),
        "{}",
        r.stderr
    );
    assert_eq!(codes(&check_json(ws.path())), ["changed-after-review"]);
    // A build refuses the locale.
    assert_eq!(policyc(ws.path(), &["build"]).code, 1);
    // Signing the new text off clears it.
    assert_eq!(review(ws.path(), &["--locale", "sv", "--by", ANN]).code, 0);
    assert_eq!(policyc(ws.path(), &["check"]).code, 0);
}

#[test]
fn changed_after_review_is_configurable() {
    let ws = examples();
    edit(&ws.path().join("locales/sv/privacy.ftl"), |s| {
        s.replace(".basis = Vi behandlar", ".basis = Vi hanterar")
    });
    edit(&ws.path().join("policyc.toml"), |s| {
        format!("{s}\n[check]\nchanged-after-review = \"warning\"\n")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stderr.contains("warning[changed-after-review]"),
        "{}",
        r.stderr
    );
}

#[test]
fn respacing_a_translation_is_not_a_change_after_review() {
    let ws = examples();
    edit(&ws.path().join("locales/da/privacy.ftl"), |s| {
        s.replace("{ $company }", "{$company}")
            .replace(".basis = ", ".basis =\n        ")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn respacing_the_reference_placeables_makes_nothing_stale() {
    let ws = examples();
    for f in ["privacy", "dpa"] {
        edit(&ws.path().join(format!("locales/en/{f}.ftl")), |s| {
            s.replace("{ $", "{$").replace(" }", "}")
        });
    }
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn reviewing_a_stale_unchanged_translation_needs_unchanged() {
    let ws = examples();
    change_reference(ws.path());
    let before = lock(ws.path());
    let r = review(ws.path(), &["--locale", "da", "--by", ANN]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr
            .contains("1 stale translation(s) did not change since they were signed off; nothing was recorded"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("privacy da legal-basis.basis"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--unchanged"), "{}", r.stderr);
    assert_eq!(lock(ws.path()), before, "nothing written");
    let r = review(ws.path(), &["--locale", "da", "--by", ANN, "--unchanged"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(codes(&check_json(ws.path())), ["stale", "stale"]);
}

#[test]
fn no_reviewer_is_an_input_error_with_a_hint() {
    let ws = examples();
    let before = lock(ws.path());
    let empty = tempfile::tempdir().unwrap();
    let cfg = empty.path().join("gitconfig");
    std::fs::write(&cfg, "").unwrap();
    let r = policyc_env(
        ws.path(),
        &["review", "--all-locales"],
        &[
            ("GIT_CONFIG_GLOBAL", cfg.to_str().unwrap()),
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("HOME", empty.path().to_str().unwrap()),
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error[no-reviewer]"), "{}", r.stderr);
    assert!(r.stderr.contains("hint: pass `--by"), "{}", r.stderr);
    assert_eq!(lock(ws.path()), before);
}

#[test]
fn the_reviewer_defaults_to_git_user_name_and_email() {
    let ws = examples();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .current_dir(ws.path())
            .args(args)
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["config", "user.name", "Bo Lund"]);
    git(&["config", "user.email", "bo@example.test"]);
    edit(&ws.path().join("locales/nb/privacy.ftl"), |s| {
        s.replace(".basis = ", ".basis = Kort sagt: ")
    });
    let r = review(ws.path(), &["--locale", "no"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(lock(ws.path()).contains("by = \"Bo Lund <bo@example.test>\", date = \"2025-01-02\""));
}

#[test]
fn a_reviewer_with_control_characters_is_refused() {
    let ws = examples();
    let r = review(ws.path(), &["--all-locales", "--by", "Eve\n::warning::x"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error[invalid-reviewer]"), "{}", r.stderr);
    assert!(!r.stderr.contains("\n::warning"), "{}", r.stderr);
}

#[test]
fn a_bad_source_date_epoch_is_an_input_error() {
    let ws = examples();
    let r = policyc_env(
        ws.path(),
        &["review", "--all-locales", "--by", ANN],
        &[("SOURCE_DATE_EPOCH", "yesterday")],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error[invalid-date]"), "{}", r.stderr);
}

#[test]
fn source_date_epoch_sets_the_date() {
    let ws = examples();
    edit(&ws.path().join("locales/da/privacy.ftl"), |s| {
        s.replace(".basis = ", ".basis = Kort sagt: ")
    });
    let r = policyc_env(
        ws.path(),
        &["review", "--locale", "da", "--by", ANN],
        &[("SOURCE_DATE_EPOCH", "951782400")],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(lock(ws.path()).contains("date = \"2000-02-29\""));
}

#[test]
fn reviewing_again_keeps_the_first_sign_off() {
    let ws = examples();
    let before = lock(ws.path());
    let r = review(ws.path(), &["--all-locales", "--by", ANN]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("nothing to record"), "{}", r.stderr);
    assert_eq!(lock(ws.path()), before);
}

/// The lock as `policyc` 0.1 wrote it: a hash of the whitespace-collapsed
/// reference text per message, no reviewer, no translation hash.
fn old_lock(ws: &Path) {
    // Rebuild it from the shipped lock's keys and the current reference text.
    use policyc::diag::SourceMap;
    let (w, _) = policyc::workspace::Workspace::load(ws, &SourceMap::default());
    let w = w.unwrap();
    let reference = w.reference().unwrap();
    let mut out = String::from("version = 1\n");
    let mut texts = std::collections::BTreeMap::new();
    for p in &w.policies {
        let rf = reference.files.get(&p.id).unwrap();
        for l in ["da", "nb", "sv"] {
            out.push_str(&format!("\n[translations.{}.{l}]\n", p.id));
            for r in p.required_texts() {
                let Some(pat) = rf.pattern(r.message, r.attribute.as_deref()) else {
                    continue;
                };
                let text = policyc::analyze::pattern_text(rf, pat);
                let h = policyc::lock::legacy_hash(text);
                texts.insert(h.clone(), policyc::lock::normalize(text));
                out.push_str(&format!("\"{}\" = \"{h}\"\n", r.key()));
            }
        }
    }
    out.push_str("\n[texts]\n");
    for (h, t) in texts {
        out.push_str(&format!("\"{h}\" = {:?}\n", t));
    }
    std::fs::write(ws.join("policyc.lock"), out).unwrap();
}

#[test]
fn an_old_lock_keeps_working_and_reads_as_reviewer_unknown() {
    let ws = examples();
    old_lock(ws.path());
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    // `_shared.ftl` was outside the gate then: its texts read as
    // unreviewed, one warning per locale.
    let summary = format!("warning[unreviewed]: {SHARED_TEXTS} labels or terms of `_shared.ftl`");
    assert_eq!(r.stderr.matches(&summary).count(), 3, "{}", r.stderr);
    let s = policyc(ws.path(), &["status"]);
    // As `check` says: unreviewed texts are warnings.
    assert_eq!(s.code, 0, "{}", s.all());
    assert!(
        s.stdout
            .contains("    da     reviewer unknown: policy, company, "),
        "{}",
        s.stdout
    );
    assert!(s.stdout.contains(", cookies; -: _shared\n"), "{}", s.stdout);
    // Still stale after a reference change, with the old text shown.
    change_reference(ws.path());
    let v = check_json(ws.path());
    assert_eq!(
        codes(&v),
        [
            "stale",
            "stale",
            "stale",
            "unreviewed",
            "unreviewed",
            "unreviewed"
        ]
    );
    assert_eq!(
        v["diagnostics"][0]["change"]["diff"][1],
        serde_json::json!({"kind": "added", "text": "only"})
    );
}

#[test]
fn review_migrates_an_old_lock_to_the_new_format() {
    let ws = examples();
    old_lock(ws.path());
    change_reference(ws.path());
    // Format 1 has no translation hash: a stale record can be signed off.
    let r = review(
        ws.path(),
        &[
            "--locale",
            "da",
            "--policy",
            "privacy",
            "legal-basis",
            "--by",
            ANN,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let text = lock(ws.path());
    assert!(text.contains("\nversion = 2\n"), "{text}");
    // The reviewed message has a reviewer; the others stay unknown.
    assert!(text.contains("by = \"Ann Berg"), "{text}");
    assert!(text.contains("\nbreach = { reference = \""), "{text}");
    let v = check_json(ws.path());
    // `_shared.ftl` is not among the keys reviewed: still unreviewed.
    assert_eq!(
        codes(&v),
        ["stale", "stale", "unreviewed", "unreviewed", "unreviewed"],
        "{v}"
    );
    // Still stale elsewhere, and the migrated records still show the old text.
    assert!(v["diagnostics"][0]["notes"][0]
        .as_str()
        .unwrap()
        .starts_with("reference was: We process"));
}

#[test]
fn unreviewed_is_one_line_per_policy_and_locale() {
    let ws = examples();
    // Drop the Danish records of one policy.
    let text = lock(ws.path());
    let start = text.find("[translations.privacy.da]").unwrap();
    let end = start + text[start..].find("\n\n").unwrap();
    std::fs::write(
        ws.path().join("policyc.lock"),
        format!("{}{}", &text[..start], &text[end + 2..]),
    )
    .unwrap();
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(
        r.stderr.matches("warning[unreviewed]").count(),
        1,
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("messages of policy `privacy` in `da` have no review record"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("run `policyc review --locale da --policy privacy`"),
        "{}",
        r.stderr
    );
    let s = policyc(
        ws.path(),
        &["status", "--format", "json", "--policy", "privacy"],
    );
    let v: serde_json::Value = serde_json::from_str(&s.stdout).unwrap();
    assert_eq!(v["policies"].as_array().unwrap().len(), 1);
    assert_eq!(v["policies"][0]["rows"][0]["cells"][1], "unreviewed");
}

#[test]
fn github_format_carries_the_changed_words() {
    let ws = examples();
    change_reference(ws.path());
    let r = policyc(ws.path(), &["check", "--format", "github"]);
    assert_eq!(r.code, 1);
    let line = r.stdout.lines().next().unwrap();
    assert!(line.starts_with("::error file=locales/"), "{line}");
    assert!(
        line.contains("%0Anote: changed: We {+only+} process"),
        "{line}"
    );
    assert!(
        line.contains("%0Anote: reference was: We process"),
        "{line}"
    );
}

#[test]
fn status_shows_who_signed_off_and_what_changed() {
    let ws = examples();
    change_reference(ws.path());
    edit(&ws.path().join("locales/sv/privacy.ftl"), |s| {
        s.replace("policy = ", "policy = Ny ")
    });
    let r = policyc(
        ws.path(),
        &[
            "status", "--format", "markdown", "--policy", "privacy", "--locale", "sv",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stdout.contains("| section | sv |"), "{}", r.stdout);
    assert!(
        r.stdout.contains("| `policy` | ❌ changed after review |"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("#### Sign-off"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("Example Legal Team \\<legal\\@example.com\\>"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("  - change: We <ins>only</ins> process"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("### `dpa`"));
    let t = policyc(ws.path(), &["status", "--locale", "sv"]);
    assert!(
        t.stdout.contains("    changed: We {+only+} process"),
        "{}",
        t.stdout
    );
    assert!(
        t.stdout.contains("  changed after review sv policy"),
        "{}",
        t.stdout
    );
}

#[test]
fn status_refuses_an_unknown_locale() {
    let ws = examples();
    let r = policyc(ws.path(), &["status", "--locale", "fr"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error[unknown-locale]"), "{}", r.stderr);
}

/// The diagnostics of one code in a `check --format json` document.
fn findings<'a>(v: &'a serde_json::Value, code: &str) -> Vec<&'a serde_json::Value> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

fn status_json(ws: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["status", "--format", "json"];
    all.extend_from_slice(args);
    let r = policyc(ws, &all);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.all()))
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn changing_the_english_brand_term_makes_it_stale_in_every_other_locale() {
    let ws = examples();
    edit(&ws.path().join("locales/en/_shared.ftl"), |s| {
        s.replace("-brand = Nordvik Moln", "-brand = Nordvik Cloud")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    for l in ["da", "nb", "sv"] {
        assert!(
            r.stderr.contains(&format!("locales/{l}/_shared.ftl:6:1")),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains(&format!(
                "hint: update the translation, then run `policyc review --locale {l} --shared -- -brand`"
            )),
            "{}",
            r.stderr
        );
    }
    assert!(
        r.stderr
            .contains("note: changed: Nordvik [-Moln-]{+Cloud+}"),
        "{}",
        r.stderr
    );
    let v = check_json(ws.path());
    assert_eq!(codes(&v), ["stale", "stale", "stale"], "{v}");
    let stale = &findings(&v, "stale")[0];
    assert_eq!(stale["keys"], serde_json::json!(["-brand"]));
    assert_eq!(
        stale["change"]["diff"],
        serde_json::json!([
            {"kind": "kept", "text": "Nordvik "},
            {"kind": "removed", "text": "Moln"},
            {"kind": "added", "text": "Cloud"}
        ])
    );
    // The build refuses the locales: every page shows the brand.
    assert_eq!(policyc(ws.path(), &["build"]).code, 1);
    // The brand stays as it is in Danish: that needs `--unchanged`.
    let r = review(ws.path(), &["--locale", "da", "--shared", "--by", ANN]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("  _shared da -brand\n"), "{}", r.stderr);
    let r = review(
        ws.path(),
        &["--locale", "da", "--shared", "--by", ANN, "--unchanged"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("reviewed 1 message(s)"), "{}", r.stderr);
    assert_eq!(codes(&check_json(ws.path())), ["stale", "stale"]);
}

#[test]
fn dropping_page_from_the_danish_page_label_is_a_parity_error() {
    let ws = examples();
    edit(&ws.path().join("locales/da/_shared.ftl"), |s| {
        s.replace("page-of = Side { $page } af", "page-of = Side af")
    });
    let v = check_json(ws.path());
    assert_eq!(
        codes(&v),
        ["changed-after-review", "missing-reference"],
        "{v}"
    );
    // A sign-off does not make it right.
    assert_eq!(review(ws.path(), &["--locale", "da", "--by", ANN]).code, 0);
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr.contains(
            "error[missing-reference]: `page-of` leaves out `$page` that the reference uses"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("┌─ locales/da/_shared.ftl:35:1"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("note: reference (en): Page { $page } of { $pages }"),
        "{}",
        r.stderr
    );
    assert_eq!(codes(&check_json(ws.path())), ["missing-reference"]);
}

#[test]
fn a_shared_label_edited_after_review_is_changed_after_review() {
    let ws = examples();
    edit(&ws.path().join("locales/sv/_shared.ftl"), |s| {
        s.replace("toc-label = På denna sida", "toc-label = Innehåll")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr.contains(
            "error[changed-after-review]: `toc-label` is not the text Example Legal Team <legal@example.com> signed off on"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("┌─ locales/sv/_shared.ftl:10:1"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("run `policyc review --locale sv --shared toc-label`"),
        "{}",
        r.stderr
    );
    // Status: the label's own row, and the `_shared` row of every policy
    // (the front matter's `TOC` of each page is this label).
    let s = status_json(ws.path(), &["--locale", "sv"]);
    let shared = &s["shared"];
    assert_eq!(shared["policy"], "_shared");
    let row = shared["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["section"] == "toc-label")
        .unwrap();
    assert_eq!(row["cells"], serde_json::json!(["changed-after-review"]));
    assert_eq!(
        shared["changed_after_review"],
        serde_json::json!([{"locale": "sv", "key": "toc-label"}])
    );
    for p in s["policies"].as_array().unwrap() {
        let last = p["rows"].as_array().unwrap().last().unwrap();
        assert_eq!(last["section"], "_shared", "{p}");
        assert_eq!(last["cells"], serde_json::json!(["changed-after-review"]));
        assert_eq!(p["changed_after_review"], serde_json::json!([]));
    }
    let md = policyc(ws.path(), &["status", "--format", "markdown"]);
    assert_eq!(md.code, 1);
    assert!(
        md.stdout
            .contains("### Shared labels and terms (`_shared.ftl`)"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout
            .contains("- `sv` `toc-label` changed after review"),
        "{}",
        md.stdout
    );
    // The shared labels are part of a policy's review.
    let r = review(
        ws.path(),
        &["--locale", "sv", "--policy", "privacy", "--by", ANN],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(policyc(ws.path(), &["check"]).code, 0);
    let text = lock(ws.path());
    let start = text.find("[translations._shared.sv]").unwrap();
    let line = text[start..]
        .lines()
        .find(|l| l.starts_with("toc-label = "))
        .unwrap();
    assert!(
        line.contains("by = \"Ann Berg <ann@example.test>\""),
        "{line}"
    );
}

/// The shipped lock without its `_shared.ftl` records, as a lock written
/// before they were kept.
fn drop_shared_records(ws: &Path) {
    let text = lock(ws);
    let kept: Vec<&str> = text
        .split("\n\n")
        .filter(|table| !table.starts_with("[translations._shared."))
        .collect();
    std::fs::write(ws.join("policyc.lock"), kept.join("\n\n")).unwrap();
}

#[test]
fn a_lock_without_shared_records_reads_them_as_unreviewed() {
    let ws = examples();
    drop_shared_records(ws.path());
    assert!(!lock(ws.path()).contains("_shared"));
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stderr.contains(&format!(
            "warning[unreviewed]: {SHARED_TEXTS} labels or terms of `_shared.ftl` in `da` have no review record in policyc.lock"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "hint: after checking the translations, run `policyc review --locale da --shared`"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(codes(&check_json(ws.path())), ["unreviewed"; 3]);
    assert_eq!(policyc(ws.path(), &["check", "--deny", "warnings"]).code, 1);
    let s = status_json(ws.path(), &["--locale", "nb"]);
    assert_eq!(
        s["shared"]["rows"][0]["cells"],
        serde_json::json!(["unreviewed"])
    );
    assert_eq!(
        s["policies"][0]["rows"].as_array().unwrap().last().unwrap()["cells"],
        serde_json::json!(["unreviewed"])
    );
}

#[test]
fn review_of_shared_labels_writes_records() {
    let ws = examples();
    drop_shared_records(ws.path());
    // One term.
    let r = review(
        ws.path(),
        &["--locale", "sv", "--shared", "--by", ANN, "--", "-brand"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("reviewed 1 message(s)"), "{}", r.stderr);
    let text = lock(ws.path());
    assert!(
        text.contains("\n[translations._shared.sv]\n-brand = { reference = \""),
        "{text}"
    );
    // Every label of a locale, and nothing of its policies.
    let before = lock(ws.path());
    let r = review(ws.path(), &["--locale", "da", "--shared", "--by", ANN]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stderr
            .contains(&format!("reviewed {SHARED_TEXTS} message(s)")),
        "{}",
        r.stderr
    );
    let text = lock(ws.path());
    let start = text.find("[translations._shared.da]").unwrap();
    let table = &text[start..start + text[start..].find("\n\n").unwrap()];
    assert_eq!(table.lines().count(), 1 + SHARED_TEXTS, "{table}");
    assert!(table
        .lines()
        .skip(1)
        .all(|l| l.ends_with("by = \"Ann Berg <ann@example.test>\", date = \"2025-01-02\" }")));
    let policies = |t: &str| -> Vec<String> {
        t.split("\n\n")
            .filter(|x| x.starts_with("[translations.") && !x.starts_with("[translations._shared."))
            .map(String::from)
            .collect()
    };
    assert_eq!(policies(&text).len(), 6);
    assert_eq!(policies(&text), policies(&before));
    // `--shared` is not for a policy.
    let r = review(
        ws.path(),
        &["--locale", "da", "--shared", "--policy", "dpa", "--by", ANN],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    // The rest, with the policies' reviews; then the gate is clean.
    assert_eq!(review(ws.path(), &["--all-locales", "--by", ANN]).code, 0);
    let r = policyc(ws.path(), &["check", "--deny", "warnings"]);
    assert_eq!(r.code, 0, "{}", r.all());
}
