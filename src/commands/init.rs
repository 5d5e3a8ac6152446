//! `docket init [DIR]`: write a complete, working starter tracker. Works offline: every file
//! is compiled into the binary from `starter/` in docket's repository, and the CI files are
//! pinned to the running docket's own version and repository.

use crate::cli::Ci;
use docket::Failure;
use std::io::Write;
use std::path::Path;

macro_rules! starter {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../starter/", $path)))),*]
    };
}

/// Every file of the starter tracker but its CI files, by path.
pub const FILES: &[(&str, &str)] = starter![
    ".gitignore",
    "CITATION.cff",
    "README.md",
    "content/actors/irib.yaml",
    "content/briefings/2019-h1.md",
    "content/events/2018-08-23-google-irib-youtube.yaml",
    "content/events/2019-05-28-facebook-iran-fireeye-tip.yaml",
    "content/events/2019-06-13-twitter-iran-state-backed-sets.yaml",
    "content/figures/accounts-by-platform.yaml",
    "content/operations/distinguished-impersonator.yaml",
    "content/pages/about.md",
    "content/pages/methodology.md",
    "site.toml",
];

/// The JSON Schemas of the record files, for editors (`schema/event.schema.json` …), as
/// `docket schema` writes them for the built-in vocabularies: the starter's records name them
/// on their first line.
pub fn schema_files() -> Vec<(String, String)> {
    let vocab = docket::records::vocab::Vocabularies::builtin();
    docket::exports::schema::schemas(&vocab)
        .into_iter()
        .map(|(name, schema)| {
            let bytes = docket::exports::schema::to_bytes(&schema);
            (
                format!("schema/{name}"),
                String::from_utf8(bytes).expect("JSON is UTF-8"),
            )
        })
        .collect()
}

/// The installer the CI files run (install.sh at the top of docket's repository).
const INSTALLER: &str = include_str!("../../install.sh");

/// The CI files for `ci`, by path, with the release they install.
pub fn ci_files(ci: Ci) -> Vec<(&'static str, String)> {
    let pin = |text: &str| {
        text.replace("@DOCKET_VERSION@", env!("CARGO_PKG_VERSION"))
            .replace("@DOCKET_REPOSITORY@", env!("CARGO_PKG_REPOSITORY"))
    };
    match ci {
        Ci::Github => vec![
            (
                ".github/workflows/docket.yml",
                pin(include_str!("../../starter/.github/workflows/docket.yml")),
            ),
            (".github/docket-install.sh", INSTALLER.to_string()),
        ],
        Ci::Gitlab => vec![
            (
                ".gitlab-ci.yml",
                pin(include_str!("../../starter/.gitlab-ci.yml")),
            ),
            (".gitlab/docket-install.sh", INSTALLER.to_string()),
        ],
        Ci::None => Vec::new(),
    }
}

pub fn run(dir: &Path, force: bool, ci: Ci) -> Result<(), Failure> {
    let usage = |message: String| Failure::Usage(message);
    let ci_files = ci_files(ci);
    let schemas = schema_files();
    let files: Vec<(&str, &str)> = FILES
        .iter()
        .copied()
        .chain(ci_files.iter().map(|(path, text)| (*path, text.as_str())))
        .chain(
            schemas
                .iter()
                .map(|(path, text)| (path.as_str(), text.as_str())),
        )
        .collect();
    if dir.exists() {
        if !dir.is_dir() {
            return Err(usage(format!(
                "{} exists and is not a folder",
                dir.display()
            )));
        }
        let mut entries = std::fs::read_dir(dir)
            .map_err(|e| usage(format!("cannot read {}: {e}", dir.display())))?;
        if entries.next().is_some() && !force {
            return Err(usage(format!(
                "{} is not empty; docket init writes a new tracker into an empty folder \
                 (--force adds the starter files there, keeping every file that exists)",
                dir.display()
            )));
        }
    }
    // Checked before anything is written: a link would write outside the folder.
    let links = links_on_the_way(dir, &files);
    if !links.is_empty() {
        return Err(usage(format!(
            "refusing to write through symbolic links in {}: {}; docket init writes only into \
             real folders (remove the links, or init an empty folder)",
            dir.display(),
            links.join(", ")
        )));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| usage(format!("cannot create {}: {e}", dir.display())))?;
    let mut kept = Vec::new();
    for (relative, text) in &files {
        let path = dir.join(relative);
        create_folders(dir, relative).map_err(usage)?;
        // `create_new` never follows a link in the last place (O_CREAT | O_EXCL).
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        match file {
            Ok(mut file) => file
                .write_all(text.as_bytes())
                .map_err(|e| usage(format!("cannot write {}: {e}", path.display())))?,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => kept.push(*relative),
            Err(e) => return Err(usage(format!("cannot write {}: {e}", path.display()))),
        }
    }
    for relative in &kept {
        eprintln!("kept the existing {relative}");
    }
    println!(
        "wrote a starter tracker into {} ({} files)",
        dir.display(),
        files.len() - kept.len()
    );
    let publish = match ci {
        Ci::Github => ", and in the repository's settings set Pages → Source to GitHub Actions",
        Ci::Gitlab => " (GitLab shows the Pages address under Deploy → Pages)",
        Ci::None => "",
    };
    println!("next: run `docket serve` there; set base_url in site.toml to the address the site is published at{publish}");
    Ok(())
}

/// Every symbolic link among the folders and files a starter file would be written at, as
/// `/`-separated paths inside `dir` (the folder named itself may be a link: it is the target).
fn links_on_the_way(dir: &Path, files: &[(&str, &str)]) -> Vec<String> {
    let mut links = std::collections::BTreeSet::new();
    for (relative, _) in files {
        let mut at = String::new();
        for part in relative.split('/') {
            if !at.is_empty() {
                at.push('/');
            }
            at.push_str(part);
            match std::fs::symlink_metadata(dir.join(&at)) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    links.insert(at.clone());
                    break;
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
    links.into_iter().collect()
}

/// Create the folders of `relative` inside `dir` one by one, never through a link (one made
/// since [`links_on_the_way`] looked is refused too).
fn create_folders(dir: &Path, relative: &str) -> Result<(), String> {
    let mut at = dir.to_path_buf();
    let parts: Vec<&str> = relative.split('/').collect();
    for part in &parts[..parts.len() - 1] {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.is_dir() => continue,
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(format!(
                    "refusing to write through the symbolic link {}",
                    at.display()
                ))
            }
            Ok(_) => return Err(format!("{} exists and is not a folder", at.display())),
            Err(_) => {}
        }
        match std::fs::create_dir(&at) {
            Ok(()) => {}
            Err(e)
                if e.kind() == std::io::ErrorKind::AlreadyExists
                    && std::fs::symlink_metadata(&at).is_ok_and(|m| m.is_dir()) => {}
            Err(e) => return Err(format!("cannot create {}: {e}", at.display())),
        }
    }
    Ok(())
}
