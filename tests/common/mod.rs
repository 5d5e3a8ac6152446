//! Fixture sites for the integration tests: a site is a temporary folder filled from
//! `tests/fixtures/<case>/`, from the repository's own example tracker, or file by file; the real
//! `docket` binary runs on it with the clock pinned, and the output is read back for assertions.

#![allow(dead_code)] // Each test file uses a different part of this module.

pub mod edits;
pub mod invalid;
pub mod svg;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// 2027-01-01T00:00:00Z: after every example record, so none of them is "in the future".
pub const SOURCE_DATE_EPOCH: &str = "1798761600";

/// The repository root (holding the example tracker's `site.toml` and `content/`).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a temporary folder, removed when dropped.
pub struct Site {
    dir: TempDir,
}

impl Site {
    /// An empty site folder; add files with [`Site::file`].
    pub fn new() -> Site {
        Site {
            dir: tempfile::Builder::new()
                .prefix("docket-test-")
                .tempdir()
                .expect("create a temporary folder"),
        }
    }

    /// A copy of `tests/fixtures/<case>/`.
    pub fn from_fixture(case: &str) -> Site {
        let source = repo_root().join("tests/fixtures").join(case);
        assert!(source.is_dir(), "no fixture at {}", source.display());
        let site = Site::new();
        copy_tree(&source, site.root());
        site
    }

    /// A copy of the example tracker at the repository root (`site.toml`, `content/`, and
    /// `templates/` and `static/` when it has them), so tests never write into the repository.
    /// The repository's `themes/default/` is the built-in theme, compiled in: not copied.
    pub fn example() -> Site {
        let site = Site::new();
        let root = repo_root();
        fs::copy(root.join("site.toml"), site.root().join("site.toml")).expect("copy site.toml");
        for folder in ["content", "templates", "static"] {
            if root.join(folder).is_dir() {
                copy_tree(&root.join(folder), &site.root().join(folder));
            }
        }
        site
    }

    /// Write `text` at `relative` (creating folders), replacing any file there.
    pub fn file(self, relative: &str, text: &str) -> Site {
        self.write(relative, text);
        self
    }

    /// Like [`Site::file`], for a site that is already in use.
    pub fn write(&self, relative: &str, text: &str) {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().expect("a file has a parent")).expect("create folders");
        fs::write(&path, text).expect("write a site file");
    }

    pub fn remove(&self, relative: &str) {
        fs::remove_file(self.root().join(relative)).expect("remove a site file");
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder, `public/` in the site root.
    pub fn output(&self) -> PathBuf {
        self.root().join("public")
    }

    /// `docket build` into `public/`.
    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// `docket build` with more arguments (`--drafts`, `--output DIR`).
    pub fn build_with(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// `docket check`.
    pub fn check(&self) -> Run {
        self.run(&["check"])
    }

    /// Run docket in the site root with the clock pinned to [`SOURCE_DATE_EPOCH`].
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_docket"))
            .args(args)
            .current_dir(self.root())
            .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
            .env("NO_COLOR", "1")
            .output()
            .expect("run the docket binary");
        Run {
            code: output.status.code().expect("docket exited, not killed"),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// The text of `relative` inside the default output folder.
    pub fn read(&self, relative: &str) -> String {
        read_output(&self.output(), relative)
    }

    /// The page at a site path (`events/x/` → `public/events/x/index.html`).
    pub fn page(&self, path: &str) -> String {
        self.read(&page_file(path))
    }

    pub fn exists(&self, relative: &str) -> bool {
        self.output().join(relative).exists()
    }

    /// Assert that the output file `relative` contains `text`.
    pub fn assert_contains(&self, relative: &str, text: &str) {
        let content = self.read(relative);
        assert!(
            content.contains(text),
            "{relative} should contain {text:?}; it is:\n{content}"
        );
    }

    /// Assert that the output file `relative` does not contain `text`.
    pub fn assert_not_contains(&self, relative: &str, text: &str) {
        let content = self.read(relative);
        assert!(
            !content.contains(text),
            "{relative} should not contain {text:?}; it is:\n{content}"
        );
    }
}

/// `events/x/` → `events/x/index.html`; `` → `index.html`.
pub fn page_file(path: &str) -> String {
    format!("{}index.html", path.trim_start_matches('/'))
}

pub fn read_output(output: &Path, relative: &str) -> String {
    let path = output.join(relative);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(dir, dir, &mut files);
    files
}

fn collect(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    for entry in fs::read_dir(dir).expect("read an output folder") {
        let path = entry.expect("read a folder entry").path();
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let relative = path
                .strip_prefix(base)
                .expect("inside the folder")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(relative, fs::read(&path).expect("read an output file"));
        }
    }
}

/// Names of the entries directly in `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read a folder")
        .map(|e| {
            e.expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create a folder");
    for entry in fs::read_dir(from).expect("read a fixture folder") {
        let entry = entry.expect("a fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy a fixture file");
        }
    }
}

/// What one run of docket did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "expected exit code {code}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn assert_success(&self) -> &Run {
        self.assert_code(0)
    }

    /// Every problem printed, parsed from the human format of `src/diagnostics/render.rs`.
    pub fn diagnostics(&self) -> Vec<Printed> {
        parse_diagnostics(&self.stderr)
    }

    pub fn errors(&self) -> Vec<Printed> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.severity == "error")
            .collect()
    }

    pub fn warnings(&self) -> Vec<Printed> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.severity == "warning")
            .collect()
    }

    /// The one problem whose message is exactly `message`.
    pub fn diagnostic(&self, message: &str) -> Printed {
        let found: Vec<Printed> = self
            .diagnostics()
            .into_iter()
            .filter(|d| d.message == message)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "expected one problem {message:?}; stderr:\n{}",
            self.stderr
        );
        found.into_iter().next().expect("one")
    }
}

/// One problem as printed:
///
/// ```text
/// error: MESSAGE
///   --> FILE:LINE:COL
///    |
///  3 | source line
///    |   ^
///    = field: PATH
///    = hint: HINT
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    pub severity: String,
    pub message: String,
    pub location: String,
    /// The quoted source line, when the location has one.
    pub source: Option<String>,
    /// Column of the caret under the source line (1-based).
    pub caret: Option<usize>,
    pub field: Option<String>,
    pub hint: Option<String>,
}

impl Printed {
    /// Assert location, message, field and hint at once (`None` = must be absent).
    pub fn assert(&self, location: &str, field: Option<&str>, hint: Option<&str>) {
        assert_eq!(self.location, location, "location of {self:#?}");
        assert_eq!(self.field.as_deref(), field, "field of {self:#?}");
        assert_eq!(self.hint.as_deref(), hint, "hint of {self:#?}");
        if let Some(column) = location.rsplit(':').next().and_then(|c| c.parse().ok()) {
            if self.source.is_some() {
                assert_eq!(self.caret, Some(column), "caret of {self:#?}");
            }
        }
    }
}

fn parse_diagnostics(stderr: &str) -> Vec<Printed> {
    let mut out: Vec<Printed> = Vec::new();
    for line in stderr.lines() {
        let headline = line
            .strip_prefix("error: ")
            .map(|m| ("error", m))
            .or_else(|| line.strip_prefix("warning: ").map(|m| ("warning", m)));
        if let Some((severity, message)) = headline {
            out.push(Printed {
                severity: severity.to_string(),
                message: message.to_string(),
                location: String::new(),
                source: None,
                caret: None,
                field: None,
                hint: None,
            });
            continue;
        }
        let Some(current) = out.last_mut() else {
            continue;
        };
        if let Some(location) = line.strip_prefix("  --> ") {
            current.location = location.to_string();
        } else if let Some(field) = line.trim_start().strip_prefix("= field: ") {
            current.field = Some(field.to_string());
        } else if let Some(hint) = line.trim_start().strip_prefix("= hint: ") {
            current.hint = Some(hint.to_string());
        } else if let Some((gutter, text)) = line.split_once(" | ") {
            if gutter.trim().parse::<usize>().is_ok() {
                current.source = Some(text.to_string());
            } else if let Some(caret) = text.find('^') {
                current.caret = Some(text[..caret].chars().count() + 1);
            }
        }
    }
    out
}
