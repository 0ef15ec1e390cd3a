//! Facts that differ per locale (`[locales.<tag>.facts]`): the value each
//! locale's pages get, how `literal-fact` recognises them as whole tokens,
//! the errors in the source, escaping, and the redline. Each test copies
//! `tests/fixtures/locale-facts` (en and sv, the Swedish site with its own
//! addresses) and changes one thing.

mod common;

use common::*;
use std::path::Path;

fn check_json(ws: &Path) -> serde_json::Value {
    let r = policyc(ws, &["check", "--format", "json"]);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.all()))
}

/// The diagnostics of one code.
fn with_code(v: &serde_json::Value, code: &str) -> Vec<serde_json::Value> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .cloned()
        .collect()
}

fn read(ws: &Path, rel: &str) -> String {
    std::fs::read_to_string(ws.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn edit_policy(ws: &Path, f: impl FnOnce(String) -> String) {
    edit(&ws.join("policies/notice.toml"), f);
}

#[test]
fn each_locale_links_its_own_addresses() {
    let ws = fixture("locale-facts");
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let sv = read(ws.path(), "out/sv/meddelande.md");
    assert!(sv.contains("[vår sida om dataskydd](/gdpr/)"), "{sv}");
    assert!(sv.contains("(https://moln.example/sv/integritet)"), "{sv}");
    let en = read(ws.path(), "out/en/notice.md");
    assert!(en.contains("[our page on data protection](/gdpr)"), "{en}");
    assert!(en.contains("(https://moln.example/en/privacy)"), "{en}");
}

#[test]
fn the_shipped_swedish_privacy_notice_keeps_its_own_gdpr_link() {
    let ws = examples();
    let r = policyc(ws.path(), &["build", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let sv = read(ws.path(), "out/sv/personuppgiftshantering.md");
    assert!(sv.contains("](/gdpr/)"), "{sv}");
    let da = read(ws.path(), "out/da/behandling-af-personoplysninger.md");
    assert!(da.contains("](/gdpr)"), "{da}");
}

#[test]
fn a_locale_fact_typed_out_is_a_literal_fact_in_that_locale() {
    let ws = fixture("locale-facts");
    edit(&ws.path().join("locales/sv/notice.ftl"), |s| {
        s.replace("({ $gdpr-page })", "(/gdpr/)")
    });
    let v = check_json(ws.path());
    let found = with_code(&v, "literal-fact");
    assert_eq!(found.len(), 1, "{v:#}");
    let d = &found[0];
    assert_eq!(d["file"], "locales/sv/notice.ftl");
    assert_eq!(d["line"], 5);
    assert_eq!(d["locale"], "sv");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("the fact `gdpr-page` (/gdpr/)"),
        "{d}"
    );
    assert_eq!(
        d["hint"],
        "write { $gdpr-page } so the text follows policies/notice.toml"
    );
}

#[test]
fn a_fact_inside_a_longer_path_is_not_typed_out() {
    // `/gdpr` is the English value; `/gdpr/` is another path.
    let ws = fixture("locale-facts");
    edit(&ws.path().join("locales/en/notice.ftl"), |s| {
        s.replace(").\n", "). Old links to /gdpr/ still work.\n")
    });
    let r = policyc(ws.path(), &["check", "--deny", "warnings"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn an_absolute_url_typed_out_is_one_literal_fact() {
    // `https://moln.example` (the fact `site`) starts the address, but
    // the address is the fact `privacy-page` only.
    let ws = fixture("locale-facts");
    edit(&ws.path().join("locales/en/notice.ftl"), |s| {
        s.replace("({ $privacy-page })", "(https://moln.example/en/privacy)")
    });
    let v = check_json(ws.path());
    let found = with_code(&v, "literal-fact");
    assert_eq!(found.len(), 1, "{v:#}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("the fact `privacy-page`"),
        "{v:#}"
    );
    assert_eq!(found[0]["file"], "locales/en/notice.ftl");
    assert_eq!(found[0]["line"], 5);
}

#[test]
fn a_locale_fact_with_no_value_in_facts_is_an_input_error() {
    let ws = fixture("locale-facts");
    edit_policy(ws.path(), |s| {
        s.replace(
            "gdpr-page = \"/gdpr/\"\n",
            "gdpr-page = \"/gdpr/\"\nphone = \"+46 8 123 45 67\"\n",
        )
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr
            .contains("error[unknown-fact]: `[locales.sv.facts]` sets `phone`, which `[facts]` does not define"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("policies/notice.toml:17:9"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("hint: add `phone = …` under `[facts]`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_locale_fact_of_another_kind_than_in_facts_is_an_input_error() {
    let ws = fixture("locale-facts");
    edit_policy(ws.path(), |s| {
        s.replace("gdpr-page = \"/gdpr/\"", "gdpr-page = 2018")
    });
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains(
            "error[bad-fact]: fact `gdpr-page` is a number in `[locales.sv.facts]` but text in `[facts]`"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("policies/notice.toml:16:13"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_locale_fact_is_escaped_exactly_like_a_fact_of_every_locale() {
    // The same hostile value as the Swedish company name, once from
    // `[locales.sv.facts]` and once from `[facts]`: the same bytes.
    let hostile = r#"<script>alert(1)</script> {{< canary >}} *AB* [x](javascript:alert(1))"#;
    let quoted = toml_string(hostile);
    let own = fixture("locale-facts");
    edit_policy(own.path(), |s| {
        s.replace(
            "[locales.sv.facts]\n",
            &format!("[locales.sv.facts]\ncompany = {quoted}\n"),
        )
    });
    let shared = fixture("locale-facts");
    edit_policy(shared.path(), |s| {
        s.replace(
            "company = \"Example Moln AB\"",
            &format!("company = {quoted}"),
        )
    });
    for ws in [&own, &shared] {
        // In the body too, not only in the front matter's description.
        edit(&ws.path().join("locales/sv/notice.ftl"), |s| {
            s.replace(".body = Läs", ".body = { $company }: läs")
        });
        let r = policyc(ws.path(), &["build"]);
        assert_eq!(r.code, 0, "{}", r.all());
    }
    for page in ["out/sv/meddelande.md", "out/sv/meddelande.html"] {
        assert_eq!(read(own.path(), page), read(shared.path(), page), "{page}");
    }
    let md = read(own.path(), "out/sv/meddelande.md");
    let body = md.rsplit("---\n").next().unwrap();
    assert!(body.contains("AB"), "{md}");
    assert!(!body.contains("{{<") && !body.contains("<script>"), "{md}");
    let html = read(own.path(), "out/sv/meddelande.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("href=\"javascript:"), "{html}");
    // The English page keeps the value of `[facts]`.
    assert!(read(own.path(), "out/en/notice.md").contains("Example Moln AB"));
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn a_changed_locale_fact_is_a_change_in_that_locale_only() {
    let ws = examples();
    let d = ws.path();
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["config", "user.name", "Ann Berg"]);
    git(d, &["config", "user.email", "ann@example.test"]);
    git(d, &["config", "commit.gpgsign", "false"]);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "release 3.1"]);
    git(d, &["tag", "v3.1"]);
    edit(&d.join("policies/privacy.toml"), |s| {
        s.replace("gdpr-page = \"/gdpr/\"", "gdpr-page = \"/sv/dataskydd/\"")
    });
    let r = policyc(
        d,
        &[
            "redline", "--from", "v3.1", "--out", "rl", "--format", "md", "--policy", "privacy",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let sv = read(d, "rl/sv/privacy.md");
    assert!(sv.contains("gdpr-page"), "{sv}");
    assert!(sv.contains("/sv/dataskydd/"), "{sv}");
    for other in ["rl/da/privacy.md", "rl/en/privacy.md", "rl/no/privacy.md"] {
        let text = read(d, other);
        assert!(!text.contains("gdpr-page"), "{other}: {text}");
    }
}

/// Two rows of sub-processors of the shipped DPA for Swedish only; the
/// second without `name` when `complete` is false.
fn swedish_rows(complete: bool) -> String {
    let name = if complete {
        "name = \"Fjellnett AS\"\n"
    } else {
        ""
    };
    format!(
        "\n[[locales.sv.facts.subprocessors]]\nname = \"Kallvik Datacenter AB\"\ncountry = \"SE\"\nservice = \"hosting\"\n\n[[locales.sv.facts.subprocessors]]\n{name}country = \"NO\"\nservice = \"network\"\n"
    )
}

#[test]
fn a_locale_can_have_its_own_table_rows() {
    let ws = examples();
    edit(&ws.path().join("policies/dpa.toml"), |s| {
        s + &swedish_rows(true)
    });
    let r = policyc(ws.path(), &["build", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let sv = read(ws.path(), "out/sv/personuppgiftsbitradesavtal.md");
    let da = read(ws.path(), "out/da/databehandleraftale.md");
    assert!(!sv.contains("Postlåda Nord AB"), "{sv}");
    assert!(sv.contains("Fjellnett AS"), "{sv}");
    assert!(da.contains("Postlåda Nord AB"), "{da}");
}

#[test]
fn a_locale_row_without_a_shown_field_is_an_input_error() {
    let ws = examples();
    let policy = ws.path().join("policies/dpa.toml");
    let before = std::fs::read_to_string(&policy).unwrap().lines().count();
    edit(&policy, |s| s + &swedish_rows(false));
    let r = policyc(ws.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("error[bad-field]: row 2 of fact `subprocessors` in `[locales.sv.facts]` has no field `name` (used by table `current`)"),
        "{}",
        r.stderr
    );
    // At the first of the locale's rows.
    let at = format!("policies/dpa.toml:{}:1", before + 2);
    assert!(r.stderr.contains(&at), "{at}: {}", r.stderr);
}
