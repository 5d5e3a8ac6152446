//! The data version every download carries: the git commit when the site is a git checkout
//! whose records are committed, else a SHA-256 of the input files.

use crate::files::{Kind, Reader};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
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
        DataVersion::with_digests(root, &mut None, &[])
    }

    /// [`DataVersion::of`], hashing the inputs (when it must) from `digests`, the digests of the
    /// previous version, with only the files in `changed` (paths relative to `root`) read again:
    /// `serve` asks after every edit, and reading ten thousand records each time took longer
    /// than the rest of the edit. `digests` is filled on first use.
    pub fn with_digests(
        root: &Path,
        digests: &mut Option<InputDigests>,
        changed: &[String],
    ) -> DataVersion {
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
                id: match digests {
                    Some(known) => {
                        known.update(root, changed);
                        known.hash()
                    }
                    None => digests.insert(InputDigests::read(root)).hash(),
                },
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
/// the same inputs always give the same id wherever they are built.
#[cfg(test)]
fn content_hash(root: &Path) -> String {
    InputDigests::read(root).hash()
}

/// The digest of each input file (`site.toml` and every file under `content/`) by relative
/// path. Files are read as the loader reads them (no links, no hidden names, no special files,
/// at most the largest size a site may allow); a file refused is hashed by its name and the
/// reason, never read.
#[derive(Debug, Clone, Default)]
pub struct InputDigests(BTreeMap<String, Vec<u8>>);

impl InputDigests {
    /// Every input file of the site at `root`, read and hashed.
    pub fn read(root: &Path) -> InputDigests {
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
        InputDigests(
            files
                .into_par_iter()
                .map(|(name, path)| (name, digest(&reader, &path)))
                .collect(),
        )
    }

    /// Read again the files at `changed` (relative paths): a file that is gone is dropped.
    pub fn update(&mut self, root: &Path, changed: &[String]) {
        let reader = Reader::new(root, crate::yaml::LARGEST_FILE_LIMIT);
        for name in changed {
            let path = root.join(name);
            if path.symlink_metadata().is_ok() {
                self.0.insert(name.clone(), digest(&reader, &path));
            } else {
                self.0.remove(name);
            }
        }
    }

    /// `sha256:` and the hash of every name and digest, in name order.
    pub fn hash(&self) -> String {
        let mut all = Sha256::new();
        for (name, digest) in &self.0 {
            all.update(name.as_bytes());
            all.update([0]);
            all.update(digest);
        }
        let hex: String = all.finalize().iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }
}

fn digest(reader: &Reader, path: &Path) -> Vec<u8> {
    match reader.read(path) {
        Ok(bytes) => Sha256::digest(&bytes).to_vec(),
        Err(refusal) => Sha256::digest(refusal.to_string()).to_vec(),
    }
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

    #[test]
    fn updated_digests_hash_as_a_fresh_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/events")).unwrap();
        std::fs::write(dir.path().join("site.toml"), "title = \"T\"\n").unwrap();
        std::fs::write(dir.path().join("content/events/x.yaml"), "title: X\n").unwrap();
        let mut digests = InputDigests::read(dir.path());
        std::fs::write(dir.path().join("content/events/x.yaml"), "title: Y\n").unwrap();
        std::fs::write(dir.path().join("content/events/y.yaml"), "title: Z\n").unwrap();
        let changed = [
            "content/events/x.yaml".to_string(),
            "content/events/y.yaml".to_string(),
        ];
        digests.update(dir.path(), &changed);
        assert_eq!(digests.hash(), content_hash(dir.path()));
        std::fs::remove_file(dir.path().join("content/events/y.yaml")).unwrap();
        digests.update(dir.path(), &changed[1..]);
        assert_eq!(digests.hash(), content_hash(dir.path()));
    }
}
