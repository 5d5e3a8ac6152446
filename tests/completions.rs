//! `docket completions SHELL` and `docket man` are generated from the command definitions.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn docket(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(args)
        .output()
        .expect("run the docket binary");
    assert!(output.status.success(), "{args:?} failed");
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn completions_know_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = docket(&["completions", shell]);
        for command in [
            "build",
            "check",
            "serve",
            "init",
            "new",
            "completions",
            "man",
        ] {
            assert!(
                script.contains(command),
                "{shell} completion lacks {command}"
            );
        }
    }
    assert!(docket(&["completions", "bash"]).contains("--deny-warnings"));
}

#[test]
fn man_page_is_roff_with_the_commands() {
    let page = docket(&["man"]);
    assert!(page.contains(".TH docket 1"), "{page}");
    assert!(page.contains("serve"));
    assert!(page.contains("init"));
}

/// Every command, as typed after `docket`; each has a page named after it (`docket-new-event.1`).
const COMMANDS: &[&[&str]] = &[
    &[],
    &["build"],
    &["brief"],
    &["check"],
    &["serve"],
    &["init"],
    &["new"],
    &["new", "event"],
    &["new", "actor"],
    &["new", "operation"],
    &["new", "page"],
    &["completions"],
    &["man"],
    &["import"],
    &["import", "meta"],
    &["import", "fiat"],
    &["import", "disarm"],
    &["schema"],
];

fn page_name(words: &[&str]) -> String {
    std::iter::once("docket")
        .chain(words.iter().copied())
        .collect::<Vec<_>>()
        .join("-")
}

/// `docket man --output DIR` into a fresh folder, with the names of the files it wrote.
fn all_pages() -> (tempfile::TempDir, BTreeSet<String>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    docket(&["man", "--output", out.to_str().unwrap()]);
    let names = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    (dir, names)
}

/// The page's text with roff's font changes and escaped hyphens undone.
fn plain(page: &str) -> String {
    page.replace("\\-", "-")
        .replace("\\fB", "")
        .replace("\\fR", "")
        .replace("\\fI", "")
}

/// Every `docket...(1)` the page refers to.
fn references(page: &str) -> BTreeSet<String> {
    let text = plain(page);
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices("(1)") {
        let before = &text[..at];
        let start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(0, |i| i + 1);
        let name = &before[start..];
        if name.starts_with("docket") {
            found.insert(name.to_string());
        }
    }
    found
}

#[test]
fn man_writes_a_page_for_every_command() {
    let (_dir, names) = all_pages();
    let expected: BTreeSet<String> = COMMANDS
        .iter()
        .map(|words| format!("{}.1", page_name(words)))
        .collect();
    assert_eq!(names, expected);
}

#[test]
fn man_pages_have_exit_status_environment_see_also_and_version() {
    let (dir, _) = all_pages();
    let version = format!("docket {}", env!("CARGO_PKG_VERSION"));
    for words in COMMANDS {
        let name = page_name(words);
        let mut args = vec!["man"];
        args.extend(words.iter());
        let printed = docket(&args);
        let written = std::fs::read_to_string(dir.path().join(format!("man1/{name}.1"))).unwrap();
        assert_eq!(
            printed, written,
            "docket man {words:?} differs from {name}.1"
        );
        assert!(printed.contains(&format!(".TH {name} 1")), "{printed}");
        for section in ["EXIT STATUS", "ENVIRONMENT", "SEE ALSO", "VERSION"] {
            assert!(
                printed.contains(&format!(".SH \"{section}\""))
                    || printed.contains(&format!(".SH {section}")),
                "{name} lacks {section}"
            );
        }
        assert!(plain(&printed).contains(&version), "{name} lacks {version}");
        assert!(
            plain(&printed).contains("NO_COLOR"),
            "{name} lacks NO_COLOR"
        );
    }
    let build = plain(&docket(&["man", "build"]));
    for text in ["SOURCE_DATE_EPOCH", "TMPDIR", "130"] {
        assert!(build.contains(text), "docket-build(1) lacks {text}");
    }
    assert!(plain(&docket(&["man", "check"])).contains("GITHUB_WORKSPACE"));
    assert!(!plain(&docket(&["man", "new", "page"])).contains("SOURCE_DATE_EPOCH"));
}

#[test]
fn man_pages_refer_only_to_pages_that_output_writes() {
    let (dir, names) = all_pages();
    for name in &names {
        let page = std::fs::read_to_string(dir.path().join("man1").join(name)).unwrap();
        let referred = references(&page);
        assert!(
            !referred.is_empty() || name == "docket.1",
            "{name} refers to no page"
        );
        for other in referred {
            assert!(
                names.contains(&format!("{other}.1")),
                "{name} refers to {other}(1), which is not written"
            );
        }
    }
}

/// The variables docket reads (`env::var("X")`, `env::var_os("X")` anywhere in src/) are each
/// documented in docket(1), so a new one cannot go unmentioned.
#[test]
fn man_documents_every_environment_variable_docket_reads() {
    let page = plain(&docket(&["man"]));
    let environment = &page[page.find("ENVIRONMENT").expect("ENVIRONMENT section")..];
    let mut variables = BTreeSet::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                for call in ["env::var(\"", "env::var_os(\""] {
                    for (at, _) in source.match_indices(call) {
                        let rest = &source[at + call.len()..];
                        variables.insert(rest[..rest.find('"').unwrap()].to_string());
                    }
                }
            }
        }
    }
    assert!(variables.contains("SOURCE_DATE_EPOCH"), "{variables:?}");
    for variable in variables {
        assert!(
            environment.contains(&variable),
            "docket(1) does not document {variable}"
        );
    }
}

#[test]
fn man_renders_every_page_without_warnings() {
    let (dir, names) = all_pages();
    for name in &names {
        let path = dir.path().join("man1").join(name);
        // `--warnings=w` turns on every groff warning; a fixed width keeps line breaking the same.
        let rendered = match Command::new("man")
            .args(["--warnings=w", "-l"])
            .arg(&path)
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
        {
            Ok(output) => output,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                eprintln!(
                    "skipped: `man` is not installed (Debian: apt-get install man-db groff-base)"
                );
                return;
            }
            Err(e) => panic!("cannot run man: {e}"),
        };
        let stderr = String::from_utf8_lossy(&rendered.stderr);
        assert!(
            rendered.status.success() && stderr.is_empty(),
            "man -l {name}: {stderr}"
        );
        let text = String::from_utf8_lossy(&rendered.stdout);
        assert!(
            text.contains("EXIT STATUS") && text.contains("SEE ALSO"),
            "{name} rendered as:\n{text}"
        );
    }
}

#[test]
fn man_for_an_unknown_command_is_a_usage_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(["man", "publish"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no manual page for `docket publish`"),
        "{stderr}"
    );
    assert!(stderr.contains("new event"), "{stderr}");
}
