//! `docket init [DIR]`: write a complete, working starter tracker. Works offline: every file
//! is compiled into the binary from `starter/` in docket's repository.

use docket::Failure;
use std::io::Write;
use std::path::Path;

macro_rules! starter {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../starter/", $path)))),*]
    };
}

/// Every file of the starter tracker, by path.
pub const FILES: &[(&str, &str)] = starter![
    ".github/workflows/docket.yml",
    ".gitignore",
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

pub fn run(dir: &Path, force: bool) -> Result<(), Failure> {
    let usage = |message: String| Failure::Usage(message);
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
    let mut kept = Vec::new();
    for (relative, text) in FILES {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| usage(format!("cannot create {}: {e}", parent.display())))?;
        }
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
        FILES.len() - kept.len()
    );
    println!("next: set base_url in site.toml and DOCKET_GIT in .github/workflows/docket.yml, then run `docket serve` there");
    Ok(())
}
