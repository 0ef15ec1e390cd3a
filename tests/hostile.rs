//! The hostile-input suite: every case runs the real binary on a broken or
//! malicious copy of the minimal fixture (built once before, so there is a
//! previous output) and asserts the exact outcome: exit code, diagnostic
//! code, no panic, nothing written outside `out/`, the previous output
//! intact when the build fails, and escaped output when it succeeds.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// What a case must produce.
enum Expect {
    /// Exit code and a diagnostic code (`error[code]` in the output).
    Refused(i32, &'static str),
    /// A successful build whose named output contains all / none of these.
    Built {
        file: &'static str,
        contains: &'static [&'static str],
        absent: &'static [&'static str],
    },
}

struct Case {
    name: &'static str,
    setup: fn(&Path),
    args: &'static [&'static str],
    expect: Expect,
}

fn ftl(dir: &Path, locale: &str) -> std::path::PathBuf {
    dir.join(format!("locales/{locale}/notice.ftl"))
}

fn replace_in(path: std::path::PathBuf, from: &'static str, to: String) {
    edit(&path, |s| {
        assert!(s.contains(from), "fixture lacks {from:?}");
        s.replace(from, &to)
    });
}

/// Each output file's path and hash (readable when an assertion fails).
fn digest(dir: &Path) -> BTreeMap<String, String> {
    read_tree(dir)
        .into_iter()
        .map(|(k, v)| (k, policyc::output::sha256(&v)[..12].to_string()))
        .collect()
}

fn run_case(case: &Case) {
    let ws = fixture("minimal");
    let dir = ws.path();
    let first = policyc(dir, &["build", "--format", "md,html,print"]);
    // The minimal fixture has no HTML labels; give it some so every format builds.
    if first.code != 0 {
        for (l, name) in [("en", "English"), ("da", "Dansk")] {
            std::fs::write(
                dir.join(format!("locales/{l}/_shared.ftl")),
                format!(
                    "contents-label = Contents\nlabel-languages = Languages\nlabel-version = Version\nlabel-effective = Effective\nlanguage-name = {name}\nlabel-category = C\nlabel-title = T\nlabel-intro = I\nlabel-document-id = D\nlabel-prepared-by = P\nlabel-approver = A\nlabel-date = D\nlabel-classification = C\npage-of = Page {{ $page }} of {{ $pages }}\n"
                ),
            )
            .unwrap();
        }
        let again = policyc(dir, &["build", "--format", "md,html,print"]);
        assert_eq!(again.code, 0, "baseline: {}", again.all());
    }
    let before_out = digest(&dir.join("out"));
    (case.setup)(dir);
    let changed_inputs: Vec<String> = files_outside_out(dir);
    let mut args = vec!["build", "--format", "md,html,print"];
    args.extend_from_slice(case.args);
    let r = policyc(dir, &args);
    let all = r.all();
    assert!(!all.contains("panicked"), "{}: panic\n{all}", case.name);
    // Nothing appeared outside out/ except what the case itself set up.
    let after_files = files_outside_out(dir);
    assert_eq!(
        after_files, changed_inputs,
        "{}: files written outside out/",
        case.name
    );
    match &case.expect {
        Expect::Refused(code, diag) => {
            assert_eq!(r.code, *code, "{}: exit code\n{all}", case.name);
            assert!(
                all.contains(&format!("[{diag}]")),
                "{}: expected [{diag}]\n{all}",
                case.name
            );
            assert_eq!(
                digest(&dir.join("out")),
                before_out,
                "{}: previous output changed",
                case.name
            );
        }
        Expect::Built {
            file,
            contains,
            absent,
        } => {
            assert_eq!(r.code, 0, "{}: build failed\n{all}", case.name);
            let text = std::fs::read_to_string(dir.join("out").join(file)).unwrap();
            for c in *contains {
                assert!(
                    text.contains(c),
                    "{}: {file} lacks {c:?}\n{text}",
                    case.name
                );
            }
            for a in *absent {
                assert!(
                    !text.contains(a),
                    "{}: {file} contains {a:?}\n{text}",
                    case.name
                );
            }
        }
    }
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "sections nested deeper than six levels",
            setup: |d| {
                let mut nested = String::new();
                let mut prefix = "sections".to_string();
                for i in 0..8 {
                    prefix.push_str(".sections");
                    nested.push_str(&format!("\n[[{prefix}]]\nid = \"deep{i}\"\n"));
                }
                edit(&d.join("policies/notice.toml"), |s| {
                    s.replace(
                        "[[epilogue]]",
                        &format!("{}\n[[epilogue]]", nested.trim_start()),
                    )
                });
            },
            args: &[],
            expect: Expect::Refused(2, "too-deep"),
        },
        Case {
            name: "emphasis nested hundreds deep in a translation",
            setup: |d| {
                replace_in(
                    ftl(d, "da"),
                    "Med post.",
                    format!("{}x{}", "*a ".repeat(400), " a*".repeat(400)),
                )
            },
            args: &[],
            expect: Expect::Refused(1, "too-deep"),
        },
        Case {
            name: "a 10 MB message",
            setup: |d| replace_in(ftl(d, "da"), "Med post.", "lorem ipsum ".repeat(900_000)),
            args: &["--locale", "da"],
            expect: Expect::Built {
                file: "da/meddelelse.md",
                contains: &["lorem ipsum lorem ipsum"],
                absent: &[],
            },
        },
        Case {
            name: "cyclic message references",
            setup: |d| {
                edit(&ftl(d, "da"), |s| {
                    s.replace("Med post.", "{ loop-a }")
                        + "\nloop-a = A { loop-b }\nloop-b = B { loop-a }\n"
                })
            },
            args: &[],
            expect: Expect::Refused(1, "cyclic-reference"),
        },
        Case {
            name: "invalid UTF-8 in a translation",
            setup: |d| {
                let mut b = std::fs::read(ftl(d, "da")).unwrap();
                b.extend_from_slice(b"\nbroken = \xff\xfe\n");
                std::fs::write(ftl(d, "da"), b).unwrap();
            },
            args: &[],
            expect: Expect::Refused(2, "invalid-utf8"),
        },
        Case {
            name: "invalid UTF-8 in a policy",
            setup: |d| {
                let mut b = std::fs::read(d.join("policies/notice.toml")).unwrap();
                b.extend_from_slice(b"\n# \xc3\x28\n");
                std::fs::write(d.join("policies/notice.toml"), b).unwrap();
            },
            args: &[],
            expect: Expect::Refused(2, "invalid-utf8"),
        },
        Case {
            name: "a byte-order mark in a translation and a policy",
            setup: |d| {
                for p in [ftl(d, "da"), d.join("policies/notice.toml")] {
                    let mut b = "\u{feff}".as_bytes().to_vec();
                    b.extend(std::fs::read(&p).unwrap());
                    std::fs::write(&p, b).unwrap();
                }
            },
            args: &[],
            expect: Expect::Built {
                file: "da/meddelelse.md",
                contains: &["title: Meddelelse"],
                absent: &["\u{feff}"],
            },
        },
        Case {
            name: "CRLF line endings everywhere",
            setup: |d| {
                for p in [
                    ftl(d, "da"),
                    ftl(d, "en"),
                    d.join("policies/notice.toml"),
                    d.join("policyc.toml"),
                ] {
                    edit(&p, |s| s.replace('\n', "\r\n"));
                }
            },
            args: &[],
            expect: Expect::Built {
                file: "da/meddelelse.md",
                contains: &["## 2. Kontakt {#contact}\n\nSkriv til"],
                absent: &["\r"],
            },
        },
        Case {
            name: "an invisible control character in a translation",
            setup: |d| replace_in(ftl(d, "da"), "Med post.", "Med\u{4}post.".to_string()),
            args: &[],
            expect: Expect::Refused(1, "control-character"),
        },
        Case {
            name: "a NUL byte in a translation",
            setup: |d| replace_in(ftl(d, "da"), "Med post.", "Med\0post.".to_string()),
            args: &[],
            expect: Expect::Refused(2, "nul-byte"),
        },
        Case {
            name: "a slug climbing out of the output folder",
            setup: |d| {
                edit(&d.join("policies/notice.toml"), |s| {
                    s.replace("slug = \"meddelelse\"", "slug = \"../../escaped\"")
                })
            },
            args: &[],
            expect: Expect::Refused(2, "bad-slug"),
        },
        Case {
            name: "an absolute slug",
            setup: |d| {
                edit(&d.join("policies/notice.toml"), |s| {
                    s.replace("slug = \"meddelelse\"", "slug = \"/tmp/escaped\"")
                })
            },
            args: &[],
            expect: Expect::Refused(2, "bad-slug"),
        },
        Case {
            name: "a 300-character slug",
            setup: |d| {
                edit(&d.join("policies/notice.toml"), |s| {
                    s.replace(
                        "slug = \"meddelelse\"",
                        &format!("slug = \"{}\"", "a".repeat(300)),
                    )
                })
            },
            args: &[],
            expect: Expect::Refused(2, "bad-slug"),
        },
        Case {
            name: "a policy id climbing out",
            setup: |d| {
                edit(&d.join("policies/notice.toml"), |s| {
                    s.replace("id = \"notice\"", "id = \"../notice\"")
                })
            },
            args: &[],
            expect: Expect::Refused(2, "bad-id"),
        },
        Case {
            name: "a locale tag climbing out",
            setup: |d| {
                edit(&d.join("policyc.toml"), |s| {
                    s.replace("[\"en\", \"da\"]", "[\"en\", \"da\", \"../../etc\"]")
                })
            },
            args: &[],
            expect: Expect::Refused(2, "bad-locale"),
        },
        Case {
            name: "a locale alias climbing out",
            setup: |d| {
                edit(&d.join("policyc.toml"), |s| {
                    format!("{s}\n[locale-aliases]\n\"../x\" = \"da\"\n")
                })
            },
            args: &[],
            expect: Expect::Refused(2, "bad-alias"),
        },
        Case {
            name: "an output folder outside the workspace",
            setup: |d| {
                edit(&d.join("policyc.toml"), |s| {
                    s.replace(
                        "reference = \"en\"",
                        "reference = \"en\"\noutput = \"../outside\"",
                    )
                })
            },
            args: &[],
            expect: Expect::Refused(2, "bad-output"),
        },
        Case {
            name: "a locale folder that is a symlink out of the workspace",
            setup: |d| {
                let outside = tempfile::tempdir().unwrap().keep();
                copy_dir(&d.join("locales/da"), &outside);
                std::fs::remove_dir_all(d.join("locales/da")).unwrap();
                std::os::unix::fs::symlink(&outside, d.join("locales/da")).unwrap();
            },
            args: &[],
            expect: Expect::Refused(2, "outside-workspace"),
        },
        Case {
            name: "an invalid locale tag",
            setup: |d| {
                edit(&d.join("policyc.toml"), |s| {
                    s.replace("[\"en\", \"da\"]", "[\"en\", \"da\", \"en_US!\"]")
                })
            },
            args: &[],
            expect: Expect::Refused(2, "bad-locale"),
        },
        Case {
            name: "a valid tag with no translations",
            setup: |d| {
                edit(&d.join("policyc.toml"), |s| {
                    s.replace("[\"en\", \"da\"]", "[\"en\", \"da\", \"fi\"]")
                })
            },
            args: &[],
            expect: Expect::Refused(1, "missing-locale"),
        },
        Case {
            name: "an unknown locale on the command line",
            setup: |_| {},
            args: &["--locale", "../../etc"],
            expect: Expect::Refused(2, "unknown-locale"),
        },
        Case {
            name: "duplicate section ids",
            setup: |d| {
                edit(&d.join("policies/notice.toml"), |s| {
                    s.replace("id = \"contact\"", "id = \"intro\"")
                })
            },
            args: &[],
            expect: Expect::Refused(2, "duplicate-id"),
        },
        Case {
            name: "a duplicate message",
            setup: |d| edit(&ftl(d, "da"), |s| s + "\nintro = Igen\n    .body = Igen.\n"),
            args: &[],
            expect: Expect::Refused(1, "duplicate-message"),
        },
        Case {
            name: "a script element in a translation",
            setup: |d| {
                replace_in(
                    ftl(d, "da"),
                    "Med post.",
                    "<script>alert(1)</script>".to_string(),
                )
            },
            args: &[],
            expect: Expect::Refused(1, "raw-html"),
        },
        Case {
            name: "an event-handler attribute in a translation",
            setup: |d| {
                replace_in(
                    ftl(d, "da"),
                    "Med post.",
                    "Se <img src=x onerror=alert(1)> her".to_string(),
                )
            },
            args: &[],
            expect: Expect::Refused(1, "raw-html"),
        },
        Case {
            name: "a javascript: link",
            setup: |d| {
                replace_in(
                    ftl(d, "da"),
                    "Med post.",
                    "[klik](javascript:alert(1))".to_string(),
                )
            },
            args: &[],
            expect: Expect::Refused(1, "unsafe-link"),
        },
        Case {
            name: "a javascript: link hidden by an entity",
            setup: |d| {
                replace_in(
                    ftl(d, "da"),
                    "Med post.",
                    "[klik](java&#9;script:alert(1))".to_string(),
                )
            },
            args: &[],
            expect: Expect::Refused(1, "unsafe-link"),
        },
        Case {
            name: "a data: link",
            setup: |d| {
                replace_in(
                    ftl(d, "da"),
                    "Med post.",
                    "[klik](data:text/html,<script>x</script>)".to_string(),
                )
            },
            args: &[],
            expect: Expect::Refused(1, "unsafe-link"),
        },
        Case {
            name: "YAML front matter injection through a title",
            setup: |d| {
                replace_in(
                    ftl(d, "da"),
                    "policy = Meddelelse",
                    "policy = Meddelelse\n    ---\n    draft: true".to_string(),
                )
            },
            args: &[],
            expect: Expect::Refused(1, "structure-in-text"),
        },
        Case {
            name: "a one-line title with YAML syntax",
            setup: |d| {
                replace_in(
                    ftl(d, "da"),
                    "policy = Meddelelse",
                    "policy = Meddelelse: --- draft: true # x".to_string(),
                )
            },
            args: &[],
            expect: Expect::Built {
                file: "da/meddelelse.md",
                contains: &["title: \"Meddelelse: --- draft: true # x\""],
                absent: &["\ndraft: true"],
            },
        },
        Case {
            name: "template syntax in a translation is text, not code",
            setup: |d| {
                replace_in(
                    ftl(d, "da"),
                    "Med post.",
                    "{\"{{\"} 7*7 {\"}}\"} {\"{%\"} include \"x\" %{\"}\"}".to_string(),
                )
            },
            args: &[],
            expect: Expect::Built {
                file: "da/meddelelse.html",
                contains: &["<li>{{ 7*7 }} {% include &quot;x&quot; %}</li>"],
                absent: &["49"],
            },
        },
        Case {
            name: "a Hugo shortcode in a translation",
            setup: |d| {
                replace_in(
                    ftl(d, "da"),
                    "Med post.",
                    "{\"{{\"}< param \"x\" >{\"}}\"}".to_string(),
                )
            },
            args: &[],
            expect: Expect::Built {
                file: "da/meddelelse.md",
                contains: &["- \\{\\{\\< param \\\"x\\\" \\>}}"],
                absent: &["- {{<"],
            },
        },
        Case {
            name: "HTML in a fact",
            setup: |d| {
                edit(&d.join("policies/notice.toml"), |s| {
                    s.replace(
                        "company = \"Example *Co* AB\"",
                        "company = \"<b onclick=x>Evil</b> & Co\"",
                    )
                })
            },
            args: &[],
            expect: Expect::Built {
                file: "da/meddelelse.html",
                contains: &["Dette er &lt;b onclick=x&gt;Evil&lt;/b&gt; &amp; Co"],
                absent: &["<b onclick"],
            },
        },
        Case {
            name: "CSS injection through the title into the print header",
            setup: |d| {
                replace_in(
                    ftl(d, "da"),
                    "policy = Meddelelse",
                    "policy = Meddelelse\"; {\"}\"} body {\"{\"} display: none {\"}\"} /*"
                        .to_string(),
                )
            },
            args: &[],
            expect: Expect::Built {
                file: "da/meddelelse.print.html",
                contains: &[
                    "@top-center { content: \"Meddelelse\\22 ; } body { display: none } /*\"; }",
                ],
                absent: &["content: \"Meddelelse\";"],
            },
        },
        Case {
            name: "a thousand sections",
            setup: |d| {
                let mut toml = String::new();
                let mut en = String::new();
                let mut da = String::new();
                for i in 0..1000 {
                    toml.push_str(&format!("[[sections]]\nid = \"x{i}\"\nblocks = [{{ kind = \"text\", id = \"t\" }}]\n"));
                    en.push_str(&format!("x{i} = Part {i}\n    .t = Text {i}.\n"));
                    da.push_str(&format!("x{i} = Del {i}\n    .t = Tekst {i}.\n"));
                }
                edit(&d.join("policies/notice.toml"), |s| {
                    s.replace("[[epilogue]]", &format!("{toml}\n[[epilogue]]"))
                });
                edit(&ftl(d, "en"), |s| s + "\n" + &en);
                edit(&ftl(d, "da"), |s| s + "\n" + &da);
            },
            args: &[],
            expect: Expect::Built {
                file: "da/meddelelse.md",
                contains: &["## 1002. Del 999 {#x999}\n\nTekst 999."],
                absent: &[],
            },
        },
        Case {
            name: "an unknown field in the configuration",
            setup: |d| {
                edit(&d.join("policyc.toml"), |s| {
                    s.replace(
                        "reference = \"en\"",
                        "reference = \"en\"\nrefernce = \"da\"",
                    )
                })
            },
            args: &[],
            expect: Expect::Refused(2, "invalid-toml"),
        },
        Case {
            name: "broken TOML",
            setup: |d| {
                edit(&d.join("policies/notice.toml"), |s| {
                    s.replace("[policy]", "[policy")
                })
            },
            args: &[],
            expect: Expect::Refused(2, "invalid-toml"),
        },
        Case {
            name: "a policy file that is a directory",
            setup: |d| std::fs::create_dir_all(d.join("policies/folder.toml")).unwrap(),
            args: &[],
            expect: Expect::Refused(2, "unreadable"),
        },
    ]
}

/// One test per case, so that one failure does not hide the others.
macro_rules! hostile_tests {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                run_named($name);
            }
        )*
        /// The case names that have a test above.
        const TESTED: &[&str] = &[$($name),*];
    };
}

fn run_named(name: &str) {
    let case = cases()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no hostile case named {name:?}"));
    run_case(&case);
}

hostile_tests! {
    sections_nested_deeper_than_six_levels => "sections nested deeper than six levels",
    emphasis_nested_hundreds_deep_in_a_translation => "emphasis nested hundreds deep in a translation",
    a_10_mb_message => "a 10 MB message",
    cyclic_message_references => "cyclic message references",
    invalid_utf_8_in_a_translation => "invalid UTF-8 in a translation",
    invalid_utf_8_in_a_policy => "invalid UTF-8 in a policy",
    a_byte_order_mark_in_a_translation_and_a_policy => "a byte-order mark in a translation and a policy",
    crlf_line_endings_everywhere => "CRLF line endings everywhere",
    an_invisible_control_character_in_a_translation => "an invisible control character in a translation",
    a_nul_byte_in_a_translation => "a NUL byte in a translation",
    a_slug_climbing_out_of_the_output_folder => "a slug climbing out of the output folder",
    an_absolute_slug => "an absolute slug",
    a_300_character_slug => "a 300-character slug",
    a_policy_id_climbing_out => "a policy id climbing out",
    a_locale_tag_climbing_out => "a locale tag climbing out",
    a_locale_alias_climbing_out => "a locale alias climbing out",
    an_output_folder_outside_the_workspace => "an output folder outside the workspace",
    a_locale_folder_that_is_a_symlink_out_of_the_workspace => "a locale folder that is a symlink out of the workspace",
    an_invalid_locale_tag => "an invalid locale tag",
    a_valid_tag_with_no_translations => "a valid tag with no translations",
    an_unknown_locale_on_the_command_line => "an unknown locale on the command line",
    duplicate_section_ids => "duplicate section ids",
    a_duplicate_message => "a duplicate message",
    a_script_element_in_a_translation => "a script element in a translation",
    an_event_handler_attribute_in_a_translation => "an event-handler attribute in a translation",
    a_javascript_link => "a javascript: link",
    a_javascript_link_hidden_by_an_entity => "a javascript: link hidden by an entity",
    a_data_link => "a data: link",
    yaml_front_matter_injection_through_a_title => "YAML front matter injection through a title",
    a_one_line_title_with_yaml_syntax => "a one-line title with YAML syntax",
    template_syntax_in_a_translation_is_text_not_code => "template syntax in a translation is text, not code",
    a_hugo_shortcode_in_a_translation => "a Hugo shortcode in a translation",
    html_in_a_fact => "HTML in a fact",
    css_injection_through_the_title_into_the_print_header => "CSS injection through the title into the print header",
    a_thousand_sections => "a thousand sections",
    an_unknown_field_in_the_configuration => "an unknown field in the configuration",
    broken_toml => "broken TOML",
    a_policy_file_that_is_a_directory => "a policy file that is a directory",
}

#[test]
fn every_hostile_case_has_a_test_of_its_own() {
    let mut names: Vec<&str> = cases().iter().map(|c| c.name).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(names.len(), before, "two cases share a name");
    let mut tested = TESTED.to_vec();
    tested.sort_unstable();
    assert_eq!(
        names, tested,
        "a case without a test, or a test without a case"
    );
}
