//! Output manifests, `--clean` and site targets, through the CLI.

mod common;

use common::*;

fn manifest(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_manifest_lists_every_file_with_its_hash() {
    let ws = fixture("minimal");
    assert_eq!(policyc(ws.path(), &["build"]).code, 0);
    let m = manifest(&ws.path().join("out/manifest.json"));
    let files = m["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["path"], "da/meddelelse.md");
    assert_eq!(files[0]["policy"], "notice");
    assert_eq!(files[0]["locale"], "da");
    assert_eq!(files[0]["format"], "md");
    let bytes = std::fs::read(ws.path().join("out/da/meddelelse.md")).unwrap();
    assert_eq!(files[0]["sha256"], policyc::output::sha256(&bytes));
}

#[test]
fn clean_removes_only_what_an_earlier_build_produced() {
    let ws = fixture("minimal");
    assert_eq!(policyc(ws.path(), &["build"]).code, 0);
    std::fs::write(ws.path().join("out/notes.txt"), "mine").unwrap();
    edit(&ws.path().join("policies/notice.toml"), |s| {
        s.replace("slug = \"meddelelse\"", "slug = \"besked\"")
    });
    // Without --clean the old page stays.
    assert_eq!(policyc(ws.path(), &["build"]).code, 0);
    assert!(ws.path().join("out/da/meddelelse.md").exists());
    assert!(ws.path().join("out/da/besked.md").exists());
    let r = policyc(ws.path(), &["build", "--clean"]);
    assert!(r.stderr.contains("1 removed"), "{}", r.stderr);
    assert!(!ws.path().join("out/da/meddelelse.md").exists());
    assert!(ws.path().join("out/da/besked.md").exists());
    assert!(
        ws.path().join("out/notes.txt").exists(),
        "not policyc's file"
    );
    let m = manifest(&ws.path().join("out/manifest.json"));
    let paths: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["da/besked.md", "en/notice.md"]);
}

#[test]
fn a_site_target_writes_into_the_content_folder_in_its_layout() {
    let ws = fixture("minimal");
    edit(&ws.path().join("policyc.toml"), |s| {
        format!(
            "{s}\n[locale-aliases]\nno = \"da\"\n\n[sites.web]\ncontent = \"web/content\"\npath = \"dokument/{{slug}}.{{lang}}.md\"\nlead = \"emphasis\"\nextra = {{ layout = \"policy\" }}\n\n[sites.web.front-matter]\ntitle = \"title\"\ntranslationKey = \"translation-key\"\n"
        )
    });
    std::fs::create_dir_all(ws.path().join("web/content/dokument")).unwrap();
    std::fs::write(
        ws.path().join("web/content/dokument/_index.md"),
        "---\ntitle: Docs\n---\n",
    )
    .unwrap();
    let r = policyc(ws.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("site `web`"), "{}", r.stderr);
    let page =
        std::fs::read_to_string(ws.path().join("web/content/dokument/meddelelse.no.md")).unwrap();
    assert!(
        page.starts_with("---\ntitle: Meddelelse\ntranslationKey: notice\nlayout: policy\n---\n"),
        "{page}"
    );
    assert!(
        page.contains("\n_Offentliggjort den 5. januar 2024._\n"),
        "{page}"
    );
    assert!(ws.path().join("web/content/dokument/notice.en.md").exists());
    // --clean after a slug change removes policyc's old page, not the user's index.
    edit(&ws.path().join("policies/notice.toml"), |s| {
        s.replace("slug = \"meddelelse\"", "slug = \"besked\"")
    });
    let r = policyc(ws.path(), &["build", "--clean"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!ws
        .path()
        .join("web/content/dokument/meddelelse.no.md")
        .exists());
    assert!(ws.path().join("web/content/dokument/besked.no.md").exists());
    assert!(ws.path().join("web/content/dokument/_index.md").exists());
    // --no-sites leaves the site alone.
    let r = policyc(ws.path(), &["build", "--no-sites"]);
    assert!(!r.stderr.contains("site `web`"), "{}", r.stderr);
}

#[test]
fn a_site_path_pattern_must_stay_inside_the_content_folder() {
    for path in [
        "../{slug}.md",
        "/abs/{slug}.md",
        "{lang}/page.md",
        "{slug}.{unknown}.md",
    ] {
        let ws = fixture("minimal");
        edit(&ws.path().join("policyc.toml"), |s| {
            format!("{s}\n[sites.web]\ncontent = \"web\"\npath = \"{path}\"\n")
        });
        let r = policyc(ws.path(), &["build"]);
        assert_eq!(r.code, 2, "{path}: {}", r.all());
        assert!(
            r.stderr.contains("error[bad-site-path]"),
            "{path}: {}",
            r.stderr
        );
        assert!(!ws.path().join("web").exists());
    }
}
