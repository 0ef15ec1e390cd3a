//! `redline`: what changed between two versions of the workspace, in
//! every locale, aligned by section id. The tests build real git
//! repositories from the shipped examples, tag a release, apply a legal
//! edit (a section added, one removed, two swapped, a paragraph reworded,
//! a fact and the version changed) and compare.

mod common;

use common::*;
use std::path::Path;

/// The examples in a git repository, committed and tagged `v3.1`.
fn repository() -> tempfile::TempDir {
    let ws = examples();
    let d = ws.path();
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["config", "user.name", "Ann Berg"]);
    git(d, &["config", "user.email", "ann@example.test"]);
    git(d, &["config", "commit.gpgsign", "false"]);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "release 3.1"]);
    git(d, &["tag", "v3.1"]);
    ws
}

const CHILDREN: &[(&str, &str)] = &[
    ("en", "children = Children\n    .age = Our services are not meant for children under 16, and we do not knowingly collect their personal data.\n"),
    ("da", "children = Børn\n    .age = Vores tjenester er ikke beregnet til børn under 16 år, og vi indsamler ikke bevidst deres personoplysninger.\n"),
    ("sv", "children = Barn\n    .age = Våra tjänster är inte avsedda för barn under 16 år, och vi samlar inte medvetet in deras personuppgifter.\n"),
    ("nb", "children = Barn\n    .age = Tjenestene våre er ikke ment for barn under 16 år, og vi samler ikke bevisst inn personopplysningene deres.\n"),
];

/// The legal edit, in the reference and every translation, signed off.
fn legal_edit(d: &Path) {
    edit(&d.join("policies/privacy.toml"), |s| {
        let erasure =
            "[[sections]]\nid = \"erasure\"\nblocks = [{ kind = \"text\", id = \"how\" }]\n\n";
        let third = "[[sections]]\nid = \"third-countries\"\nblocks = [{ kind = \"text\", id = \"transfers\" }]\n\n";
        let cookies =
            "[[sections]]\nid = \"cookies\"\nblocks = [{ kind = \"text\", id = \"pointer\" }]\n";
        assert!(s.contains(erasure) && s.contains(third) && s.contains(cookies));
        s.replace(&format!("{erasure}{third}"), &format!("{third}{erasure}"))
            .replace(
                cookies,
                "[[sections]]\nid = \"children\"\nblocks = [{ kind = \"text\", id = \"age\" }]\n",
            )
            .replace("version = \"3.1\"", "version = \"3.2\"")
            .replace("effective = 2024-02-01", "effective = 2025-03-01")
            .replace(
                "email = \"privacy@nordvikmoln.example\"",
                "email = \"dataprotection@nordvikmoln.example\"",
            )
    });
    for (tag, children) in CHILDREN {
        edit(&d.join(format!("locales/{tag}/privacy.ftl")), |s| {
            let s = remove_message(&s, "cookies");
            let s = match *tag {
                "en" => s.replace(".basis = We process", ".basis = We only process"),
                "da" => s.replace(".basis = Vi behandler", ".basis = Vi behandler kun"),
                "sv" => s.replace(".basis = Vi behandlar", ".basis = Vi behandlar endast"),
                _ => s.replace(".basis = Vi behandler", ".basis = Vi behandler kun"),
            };
            format!("{s}\n{children}")
        });
    }
}

fn sign_off(d: &Path) {
    let r = policyc_env(
        d,
        &[
            "review",
            "--all-locales",
            "--by",
            "Ann Berg <ann@example.test>",
        ],
        &[("SOURCE_DATE_EPOCH", "1735787045")],
    );
    assert_eq!(r.code, 0, "{}", r.all());
}

fn redline(d: &Path, args: &[&str]) -> Run {
    let mut all = vec!["redline"];
    all.extend_from_slice(args);
    policyc(d, &all)
}

fn read(d: &Path, rel: &str) -> String {
    std::fs::read_to_string(d.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_legal_edit_since_the_last_release_in_two_locales() {
    let ws = repository();
    let d = ws.path();
    legal_edit(d);
    assert_eq!(
        policyc(d, &["check"]).code,
        1,
        "translations changed: not yet signed off"
    );
    sign_off(d);
    assert_eq!(
        policyc(d, &["check"]).code,
        0,
        "{}",
        policyc(d, &["check"]).all()
    );
    let r = redline(d, &["--from", "v3.1", "--out", "rl", "--policy", "privacy"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stderr.contains("wrote 8 redline file(s) in rl"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("unchanged-version"),
        "the version was raised: {}",
        r.stderr
    );
    insta::assert_snapshot!("da_privacy_md", read(d, "rl/da/privacy.md"));
    insta::assert_snapshot!("sv_privacy_md", read(d, "rl/sv/privacy.md"));
    insta::assert_snapshot!("da_privacy_html", read(d, "rl/da/privacy.html"));
    insta::assert_snapshot!("sv_privacy_html", read(d, "rl/sv/privacy.html"));
    // The Norwegian output uses the site code.
    assert!(d.join("rl/no/privacy.md").is_file());
}

#[test]
fn the_summary_names_each_kind_of_change_in_the_locales_words() {
    let ws = repository();
    let d = ws.path();
    legal_edit(d);
    sign_off(d);
    let r = redline(
        d,
        &[
            "--from", "v3.1", "--out", "rl", "--format", "md", "--locale", "sv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let md = read(d, "rl/sv/privacy.md");
    assert!(md.contains("- Tillagt (1): "), "{md}");
    assert!(md.contains("- Borttaget (1): "), "{md}");
    assert!(md.contains("- Flyttat (1): "), "{md}");
    // The e-mail fact changed two sections' text.
    assert!(
        md.contains("- Ändrat (3): Rättslig grund, Hur får jag mina uppgifter raderade eller rättade?, Dina andra rättigheter"),
        "{md}"
    );
    // Metadata first: the fact changed in every locale.
    let details = md.find("### Dokumentuppgifter").unwrap();
    assert!(details < md.find("Så visas ändringarna").unwrap());
    assert!(md.contains("dataprotection\\@nordvikmoln.example"), "{md}");
    assert!(md.contains("endast"), "{md}");
    assert!(!md.contains("Changed"), "no English: {md}");
    // Only the selected locale, only Markdown.
    assert!(!d.join("rl/da").exists());
    assert!(!d.join("rl/sv/privacy.html").exists());
    // The unchanged policy says so.
    assert!(read(d, "rl/sv/dpa.md").contains("Inga ändringar."));
}

#[test]
fn a_translation_not_signed_off_is_marked_in_its_redline() {
    let ws = repository();
    let d = ws.path();
    legal_edit(d);
    sign_off(d);
    // After the sign-off, the Danish text is edited again.
    edit(&d.join("locales/da/privacy.ftl"), |s| {
        s.replace("Vi behandler kun", "Vi behandler udelukkende")
    });
    let r = redline(d, &["--from", "v3.1", "--out", "rl", "--format", "md,html"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let md = read(d, "rl/da/privacy.md");
    assert!(
        md.contains("> ⚠️ Denne oversættelse er ikke godkendt"),
        "{md}"
    );
    let html = read(d, "rl/da/privacy.html");
    assert!(
        html.contains("<p class=\"warning\" role=\"note\">"),
        "{html}"
    );
    assert!(!read(d, "rl/sv/privacy.md").contains("⚠️"));
}

#[test]
fn a_folder_can_be_either_end() {
    let ws = repository();
    let old = examples();
    let d = ws.path();
    legal_edit(d);
    sign_off(d);
    let from = old.path().to_str().unwrap();
    let r = redline(
        d,
        &[
            "--from", from, "--out", "rl", "--format", "md", "--locale", "da",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(read(d, "rl/da/privacy.md").contains("- Tilføjet (1): "));
    // And between two revisions: nothing changed.
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "3.2"]);
    let r = redline(
        d,
        &[
            "--from", "HEAD", "--to", "HEAD", "--out", "same", "--format", "md",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(read(d, "same/en/privacy.md").contains("No changes."));
}

#[test]
fn an_unknown_revision_is_an_input_error() {
    let ws = repository();
    let r = redline(ws.path(), &["--from", "v9.9", "--out", "rl"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error[unknown-revision]"), "{}", r.stderr);
    assert!(!ws.path().join("rl").exists(), "nothing written");
}

#[test]
fn a_revision_that_looks_like_an_option_is_refused() {
    let ws = repository();
    let r = redline(ws.path(), &["--from=--output=/tmp/x", "--out", "rl"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error[unknown-revision]"), "{}", r.stderr);
    assert!(!ws.path().join("rl").exists());
}

#[test]
fn a_missing_label_is_an_error_never_english() {
    let ws = repository();
    let d = ws.path();
    edit(&d.join("locales/sv/_shared.ftl"), |s| {
        s.replace("redline-moved = Flyttat\n", "")
    });
    let r = redline(d, &["--from", "v3.1", "--out", "rl", "--format", "md"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("error[missing-label]"), "{}", r.stderr);
    assert!(r.stderr.contains("`redline-moved`"), "{}", r.stderr);
    assert!(!d.join("rl/sv").exists(), "no Swedish redline");
    assert!(d.join("rl/da/privacy.md").is_file());
}

#[test]
fn text_from_translations_is_escaped_in_both_formats() {
    let ws = repository();
    let d = ws.path();
    edit(&d.join("locales/en/privacy.ftl"), |s| {
        s.replace(
            ".basis = We process",
            ".basis = <script>alert(1)</script> | ## x [a](javascript:b) We process",
        )
    });
    let r = redline(d, &["--from", "v3.1", "--out", "rl", "--locale", "en"]);
    assert_eq!(
        r.code,
        1,
        "the raw HTML is refused, so no document: {}",
        r.all()
    );
    assert!(
        r.stderr.contains("error[redline-incomplete]"),
        "{}",
        r.stderr
    );
    // With a harmless but markup-laden text.
    edit(&d.join("locales/en/privacy.ftl"), |s| {
        s.replace(
            "<script>alert(1)</script> | ## x [a](javascript:b)",
            "AT&T | ## x",
        )
    });
    let r = redline(d, &["--from", "v3.1", "--out", "rl", "--locale", "en"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let html = read(d, "rl/en/privacy.html");
    assert!(html.contains("AT&amp;T | ## x"), "{html}");
    let md = read(d, "rl/en/privacy.md");
    assert!(md.contains("AT\\&T \\| \\#\\# x"), "{md}");
}

#[test]
fn the_preamble_and_epilogue_are_compared_like_sections() {
    let ws = repository();
    let d = ws.path();
    // The lead reworded, the closing note dropped from the privacy notice.
    edit(&d.join("locales/en/privacy.ftl"), |s| {
        s.replace("_If you want to know", "_If you would like to know")
    });
    edit(&d.join("policies/privacy.toml"), |s| {
        let at = s
            .find("[[epilogue]]")
            .expect("the privacy notice has an epilogue");
        s[..at].to_string()
    });
    let r = redline(
        d,
        &[
            "--from", "v3.1", "--out", "rl", "--format", "md,html", "--locale", "en",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let md = read(d, "rl/en/privacy.md");
    assert!(md.contains("- Changed (1): Introductory text\n"), "{md}");
    assert!(md.contains("- Removed (1): Closing text\n"), "{md}");
    assert!(
        md.contains("### Introductory text — Changed\n\nIf you <del>want</del><ins>would like</ins> to know"),
        "{md}"
    );
    // Its old text is shown as deleted, after the last section.
    let closing = md.find("### Closing text — Removed").unwrap();
    assert!(closing > md.find("### Cookies").unwrap(), "{md}");
    assert!(
        md[closing..].contains("<del>Customers who would like a copy"),
        "{md}"
    );
    let html = read(d, "rl/en/privacy.html");
    assert!(html.contains("<section id=\"preamble\">"), "{html}");
    assert!(html.contains("<section id=\"epilogue\">"), "{html}");
    // The other policy's preamble did not change.
    assert!(read(d, "rl/en/dpa.md").contains("No changes."));
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn a_redline_pdf_shows_the_changed_words_and_the_legend() {
    let ws = repository();
    let d = ws.path();
    legal_edit(d);
    sign_off(d);
    let args = [
        "--from", "v3.1", "--format", "pdf", "--locale", "da", "--policy", "privacy",
    ];
    let r = redline(d, &[&args[..], &["--out", "rl"]].concat());
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!d.join("rl/da/privacy.md").exists(), "only the PDF");
    let text = pdf_text(&d.join("rl/da/privacy.pdf"));
    for expected in [
        "Ændringer: Behandling af personoplysninger",
        // The legend.
        "Sådan vises ændringerne • Indsat tekst • Slettet tekst",
        // The summary, in Danish.
        "Tilføjet (1): Børn",
        "Fjernet (1): Cookies",
        // Metadata first: the fact, old and new.
        "privacy@nordvikmoln.example",
        "dataprotection@nordvikmoln.example",
        // The inserted word, and a removed section's deleted text.
        "Vi behandler kun dine personoplysninger",
        "Hvordan vores websted bruger cookies",
        "Afsluttende tekst",
    ] {
        assert!(text.contains(expected), "`{expected}` not in: {text}");
    }
    assert!(!text.contains("Changed"), "no English: {text}");
    // The same inputs, the same bytes.
    let again = redline(d, &[&args[..], &["--out", "rl2"]].concat());
    assert_eq!(again.code, 0, "{}", again.all());
    assert_eq!(
        std::fs::read(d.join("rl/da/privacy.pdf")).unwrap(),
        std::fs::read(d.join("rl2/da/privacy.pdf")).unwrap()
    );
}

#[cfg(feature = "pdf")] // it writes or typesets PDF
#[test]
fn text_in_a_redline_pdf_is_never_typst_markup() {
    let ws = repository();
    let d = ws.path();
    let hostile = "#set page(paper: \"a5\") ] #panic(\"x\") $x^2$ @ref";
    edit(&d.join("locales/en/privacy.ftl"), |s| {
        s.replace(
            ".basis = We process",
            &format!(".basis = {hostile} We process"),
        )
    });
    edit(&d.join("locales/en/_shared.ftl"), |s| {
        s.replace(
            "redline-inserted = Inserted text",
            "redline-inserted = Inserted #text(\"x\")",
        )
    });
    let r = redline(
        d,
        &[
            "--from", "v3.1", "--out", "rl", "--format", "pdf", "--locale", "en",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let pdf = d.join("rl/en/privacy.pdf");
    let text = pdf_text(&pdf);
    assert!(text.contains(hostile), "`{hostile}` not in: {text}");
    assert!(text.contains("Inserted #text(\"x\")"), "{text}");
    // Still A4: the text set no page.
    let out = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&out.stdout);
    assert!(info.contains("(A4)"), "{info}");
}

#[test]
fn an_unknown_redline_format_is_an_input_error() {
    let ws = repository();
    let r = redline(ws.path(), &["--from", "v3.1", "--format", "md,docx"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error[unknown-format]"), "{}", r.stderr);
    assert!(r.stderr.contains("md, html, pdf"), "{}", r.stderr);
}

#[test]
fn a_revision_without_the_workspace_is_an_input_error() {
    let ws = repository();
    let d = ws.path();
    // An older commit holding other files only.
    git(d, &["checkout", "-q", "--orphan", "notes"]);
    git(d, &["rm", "-q", "-r", "--cached", "."]);
    std::fs::write(d.join("NOTES.md"), "notes\n").unwrap();
    git(d, &["add", "NOTES.md"]);
    git(d, &["commit", "-q", "-m", "notes only"]);
    git(d, &["tag", "notes-1"]);
    git(d, &["checkout", "-q", "-f", "main"]);
    let r = redline(d, &["--from", "notes-1", "--out", "rl"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error[unknown-revision]"), "{}", r.stderr);
    assert!(r.stderr.contains("has no policyc.toml"), "{}", r.stderr);
    assert!(!d.join("rl").exists());
}

#[test]
fn stale_and_unreviewed_translations_are_marked_in_their_redline() {
    let ws = repository();
    let d = ws.path();
    // The reference changed; no translation was reviewed against it.
    edit(&d.join("locales/en/privacy.ftl"), |s| {
        s.replace(".basis = We process", ".basis = We only process")
    });
    // And the lock forgets the Swedish sign-off of another message.
    edit(&d.join("policyc.lock"), |s| {
        let start = s.find("[translations.dpa.sv]\n").unwrap();
        let line = s[start..].find("\n\"breach.notify\"").unwrap() + start + 1;
        let end = s[line..].find('\n').unwrap() + line + 1;
        format!("{}{}", &s[..line], &s[end..])
    });
    let r = redline(d, &["--from", "v3.1", "--out", "rl", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let warned = |rel: &str| read(d, rel).contains("> ⚠️ ");
    for stale in ["rl/da/privacy.md", "rl/sv/privacy.md", "rl/no/privacy.md"] {
        assert!(warned(stale), "{stale} is stale");
    }
    assert!(
        !warned("rl/en/privacy.md"),
        "the reference needs no sign-off"
    );
    assert!(warned("rl/sv/dpa.md"), "unreviewed");
    assert!(!warned("rl/da/dpa.md"));
}

#[test]
fn a_shared_label_changed_after_sign_off_marks_the_locales_redlines() {
    let ws = repository();
    let d = ws.path();
    edit(&d.join("locales/da/_shared.ftl"), |s| {
        s.replace(
            "redline-title = Ændringer",
            "redline-title = Ændringer i teksten",
        )
    });
    let r = redline(d, &["--from", "v3.1", "--out", "rl", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.all());
    for policy in ["privacy", "dpa"] {
        let da = read(d, &format!("rl/da/{policy}.md"));
        assert!(da.contains("> ⚠️ "), "{da}");
        assert!(!read(d, &format!("rl/sv/{policy}.md")).contains("> ⚠️ "));
    }
}

#[test]
fn the_redline_shows_a_changed_definition() {
    let ws = repository();
    let d = ws.path();
    edit(&d.join("locales/en/dpa.ftl"), |s| {
        s.replace(
            "another company the Processor engages to carry out part of the processing.",
            "another company the Processor engages, with the Controller's consent, to carry out part of the processing.",
        )
    });
    let r = policyc(
        d,
        &[
            "redline", "--from", "HEAD", "--out", "rl", "--policy", "dpa", "--locale", "en",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let md = std::fs::read_to_string(d.join("rl/en/dpa.md")).unwrap();
    assert!(md.contains("- Changed (1): Definitions"), "{md}");
    let changed = md.lines().find(|l| l.starts_with("Sub-processor"));
    assert!(
        changed.is_some_and(|l| l.contains("<ins>engages, with the Controller's consent,</ins>")),
        "the changed definition, after its term: {md}"
    );
}

#[test]
fn an_output_folder_that_cannot_be_written_is_an_error_naming_it() {
    let ws = repository();
    let d = ws.path();
    legal_edit(d);
    sign_off(d);
    // A file where the output folder should be: nothing can go below it.
    std::fs::write(d.join("rl"), "not a folder").unwrap();
    let r = redline(d, &["--from", "v3.1", "--out", "rl", "--format", "md"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("error: cannot write rl/"), "{}", r.stderr);
    assert!(!r.stderr.contains("wrote "), "{}", r.stderr);
}

#[test]
fn a_revision_is_read_as_committed_whatever_its_export_attributes() {
    let ws = repository();
    let d = ws.path();
    // `git archive` would leave these out, and substitute `$Format$`.
    std::fs::write(
        d.join(".gitattributes"),
        "locales/** export-ignore\npolicies/** export-subst\n",
    )
    .unwrap();
    edit(&d.join("policies/privacy.toml"), |s| {
        format!("# $Format:%H$\n{s}")
    });
    // And a file that is no input, its name not UTF-8: never read.
    use std::os::unix::ffi::OsStrExt;
    std::fs::create_dir(d.join("notes")).unwrap();
    let odd = std::ffi::OsStr::from_bytes(b"m\xf8de.txt");
    std::fs::write(d.join("notes").join(odd), "minutes\n").unwrap();
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "attributes"]);
    let r = redline(d, &["--from", "HEAD", "--out", "rl", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.all());
    for (tag, code) in [("en", "en"), ("da", "da"), ("sv", "sv"), ("nb", "no")] {
        let md = read(d, &format!("rl/{code}/privacy.md"));
        let shared = read(d, &format!("locales/{tag}/_shared.ftl"));
        let warning = shared
            .lines()
            .find_map(|l| l.strip_prefix("redline-not-approved = "))
            .unwrap();
        assert!(!md.contains(&warning[..20]), "{code}: {md}");
    }
    assert!(read(d, "rl/en/privacy.md").contains("No changes."));
}

#[test]
fn a_link_in_a_revision_is_followed_inside_it_and_never_out() {
    let ws = repository();
    let d = ws.path();
    let elsewhere = tempfile::tempdir().unwrap();
    let secret = elsewhere.path().join("secret.ftl");
    std::fs::write(&secret, "privacy = TOP-SECRET-TEXT\n").unwrap();
    // A link inside the workspace is followed like on disk.
    std::fs::rename(
        d.join("locales/nb/privacy.ftl"),
        d.join("locales/nb/real.ftl"),
    )
    .unwrap();
    std::os::unix::fs::symlink("real.ftl", d.join("locales/nb/privacy.ftl")).unwrap();
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "a link inside"]);
    git(d, &["tag", "inside"]);
    std::fs::remove_file(d.join("locales/nb/privacy.ftl")).unwrap();
    std::os::unix::fs::symlink(&secret, d.join("locales/nb/privacy.ftl")).unwrap();
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "a link out"]);
    git(d, &["tag", "outside"]);
    // The working tree keeps the inside link; `real.ftl` is no policy.
    git(d, &["checkout", "-q", "inside"]);
    let r = redline(
        d,
        &[
            "--from", "inside", "--out", "rl", "--format", "md", "--locale", "nb",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(read(d, "rl/no/privacy.md").contains("Ingen endringer."));
    let r = redline(
        d,
        &[
            "--from", "outside", "--out", "out", "--format", "md", "--locale", "nb",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("outside-workspace"), "{}", r.stderr);
    assert!(!r.all().contains("TOP-SECRET"), "{}", r.all());
    assert!(!d.join("out").exists());
}

#[test]
fn a_text_changed_under_the_same_version_is_a_warning() {
    let ws = repository();
    let d = ws.path();
    for tag in ["en", "da", "sv", "nb"] {
        edit(&d.join(format!("locales/{tag}/privacy.ftl")), |s| {
            s.replacen(".basis = ", ".basis = Revised: ", 1)
        });
    }
    sign_off(d);
    let r = redline(d, &["--from", "v3.1", "--out", "rl"]);
    assert_eq!(r.code, 0, "a warning: the redline is written\n{}", r.all());
    assert_eq!(
        r.stderr.matches("warning[unchanged-version]").count(),
        1,
        "once for the policy that changed, not per locale, not for the DPA:\n{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("policy `privacy` changed since `v3.1`, but its version is still `3.1`"),
        "{}",
        r.stderr
    );
    assert!(r
        .stderr
        .contains("raise `version` in `policies/privacy.toml`"));
    assert!(read(d, "rl/da/privacy.md").contains("<ins>Revised\\:</ins>"));
    // Raised, it is quiet.
    edit(&d.join("policies/privacy.toml"), |s| {
        s.replace("version = \"3.1\"", "version = \"3.1.1\"")
    });
    let r = redline(d, &["--from", "v3.1", "--out", "rl"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.stderr.contains("unchanged-version"), "{}", r.stderr);
}
