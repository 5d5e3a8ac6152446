//! The data version every download carries: the git commit when the site is a git checkout
//! whose records are committed, else a SHA-256 of the input files.

use crate::files::{Kind, Reader};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Which data a build was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataVersion {
    /// The commit (`3f2a…`, 40 hex digits) or `sha256:<64 hex digits>`.
    pub id: String,
    /// `git` or `content-hash`.
    pub source: &'static str,
    /// The checked-out commit, also when uncommitted changes made the id a content hash.
    pub git_commit: Option<String>,
    /// True when `content/` or `site.toml` differ from the commit.
    pub modified: bool,
}

impl DataVersion {
    /// Work out the version of the site at `root`. Never fails: without git (or outside a
    /// checkout) the inputs are hashed instead.
    pub fn of(root: &Path) -> DataVersion {
        let commit = git(root, &["rev-parse", "--verify", "HEAD"])
            .map(|out| out.trim().to_string())
            .filter(|c| c.len() >= 40 && c.chars().all(|ch| ch.is_ascii_hexdigit()));
        let modified = commit.is_some()
            && git(
                root,
                &["status", "--porcelain", "--", "content", "site.toml"],
            )
            .is_none_or(|out| !out.trim().is_empty());
        match commit {
            Some(commit) if !modified => DataVersion {
                id: commit.clone(),
                source: "git",
                git_commit: Some(commit),
                modified: false,
            },
            commit => DataVersion {
                id: content_hash(root),
                source: "content-hash",
                git_commit: commit,
                modified,
            },
        }
    }
}

/// Run git in `root`; its output when it succeeds. A missing git or a folder that is not a
/// checkout gives `None`.
pub fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()
}

/// `sha256:` and the hash of `site.toml` and every file under `content/`, by relative path, so
/// the same inputs always give the same id wherever they are built. Files are read as the
/// loader reads them (no links, no hidden names, no special files, at most the largest size a
/// site may allow); a file refused is hashed by its name and the reason, never read.
fn content_hash(root: &Path) -> String {
    let reader = Reader::new(root, crate::yaml::LARGEST_FILE_LIMIT);
    let mut files: Vec<(String, PathBuf)> = vec![(
        crate::config::FILE_NAME.to_string(),
        root.join(crate::config::FILE_NAME),
    )];
    for item in reader.list(&root.join("content")).into_iter().flatten() {
        if item.kind != Kind::Folder {
            files.push((
                crate::diagnostics::display_path(root, &item.path),
                item.path,
            ));
        }
    }
    files.sort();
    let digests: Vec<(String, Vec<u8>)> = files
        .into_par_iter()
        .map(|(name, path)| {
            let digest = match reader.read(&path) {
                Ok(bytes) => Sha256::digest(&bytes).to_vec(),
                Err(refusal) => Sha256::digest(refusal.to_string()).to_vec(),
            };
            (name, digest)
        })
        .collect();
    let mut all = Sha256::new();
    for (name, digest) in digests {
        all.update(name.as_bytes());
        all.update([0]);
        all.update(&digest);
    }
    let hex: String = all.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_depends_on_content_not_place() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        for dir in [a.path(), b.path()] {
            std::fs::create_dir_all(dir.join("content/events")).unwrap();
            std::fs::write(dir.join("site.toml"), "title = \"T\"\n").unwrap();
            std::fs::write(dir.join("content/events/x.yaml"), "title: X\n").unwrap();
        }
        assert_eq!(content_hash(a.path()), content_hash(b.path()));
        std::fs::write(b.path().join("content/events/x.yaml"), "title: Y\n").unwrap();
        assert_ne!(content_hash(a.path()), content_hash(b.path()));
        assert!(content_hash(a.path()).starts_with("sha256:"));
        assert_eq!(content_hash(a.path()).len(), "sha256:".len() + 64);
    }
}
