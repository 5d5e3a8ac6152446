//! The site an import writes into: new files only, never over one that exists, and entries
//! added to the end of the site's vocabulary files without touching what is there.

use super::report::{Kept, Report};
use crate::diagnostics::Failure;
use crate::files::{Kind, Reader, Refusal};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What became of one file the import wanted to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Written,
    /// It exists with exactly this text.
    Unchanged,
    /// It exists with other text, and was left alone.
    Kept,
}

/// A site folder, with the events it already has (by id, wherever they sit under
/// `content/events/`).
pub struct Site {
    root: PathBuf,
    reader: Reader,
    events: BTreeMap<String, String>,
}

impl Site {
    /// The site at `root`, which must hold a `site.toml`.
    pub fn open(root: &Path) -> Result<Site, Failure> {
        let reader = Reader::new(root, crate::files::LARGEST);
        let config = root.join("site.toml");
        if !config.is_file() {
            return Err(Failure::Usage(format!(
                "no site.toml in {}: import into a docket site (`docket init` writes one)",
                root.display()
            )));
        }
        let mut events = BTreeMap::new();
        let folder = root.join("content/events");
        if reader.is_folder(&folder) {
            for found in reader.list(&folder).into_iter().flatten() {
                if found.kind != Kind::File {
                    continue;
                }
                let name = found
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if let Some(stem) = name
                    .strip_suffix(".yaml")
                    .or_else(|| name.strip_suffix(".yml"))
                {
                    events.insert(stem.to_string(), relative(root, &found.path));
                }
            }
        }
        Ok(Site {
            root: root.to_path_buf(),
            reader,
            events,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Is there an event with this id anywhere under `content/events/`?
    pub fn has_event(&self, id: &str) -> bool {
        self.events.contains_key(id)
    }

    /// Does a file exist at `relative`?
    pub fn exists(&self, relative: &str) -> bool {
        self.root.join(relative).symlink_metadata().is_ok()
    }

    /// The text of the file at `relative`, if there is one docket may read.
    pub fn read(&self, relative: &str) -> Option<String> {
        self.reader.read_text(&self.root.join(relative)).ok()
    }

    /// Write an event record, unless an event with its id exists (here or in a subfolder).
    pub fn write_event(
        &mut self,
        id: &str,
        text: &str,
        report: &mut Report,
    ) -> Result<Outcome, Failure> {
        let wanted = format!("content/events/{id}.yaml");
        if let Some(existing) = self.events.get(id).cloned() {
            if existing != wanted {
                let same = self.read(&existing).is_some_and(|t| t == text);
                return Ok(if same {
                    report.unchanged.push(existing);
                    Outcome::Unchanged
                } else {
                    report.kept.push(Kept {
                        path: existing,
                        wanted: Some(wanted),
                    });
                    Outcome::Kept
                });
            }
        }
        let outcome = self.write(&wanted, text, report)?;
        self.events.insert(id.to_string(), wanted);
        Ok(outcome)
    }

    /// Write a new file; an existing one is compared and kept.
    pub fn write(
        &mut self,
        relative: &str,
        text: &str,
        report: &mut Report,
    ) -> Result<Outcome, Failure> {
        if self.exists(relative) {
            return Ok(if self.read(relative).is_some_and(|t| t == text) {
                report.unchanged.push(relative.to_string());
                Outcome::Unchanged
            } else {
                report.kept.push(Kept {
                    path: relative.to_string(),
                    wanted: None,
                });
                Outcome::Kept
            });
        }
        crate::files::create_new(&self.root, relative, text.as_bytes())
            .map_err(|refusal| cannot_write(relative, &refusal))?;
        report.written.push(relative.to_string());
        Ok(Outcome::Written)
    }

    /// Replace a file that exists (only when the user asked to, e.g. `--force`).
    pub fn replace(&self, relative: &str, text: &str) -> Result<(), Failure> {
        crate::files::replace(&self.root, relative, text.as_bytes())
            .map_err(|refusal| cannot_write(relative, &refusal))
    }

    /// Add entries (`key` → its line in the file, `key: {...}`) to `content/vocab/<name>.yaml`
    /// for the keys it does not have; entries it has are left as the site wrote them.
    pub fn add_vocab(
        &mut self,
        name: &str,
        entries: &BTreeMap<String, String>,
        comment: &str,
        report: &mut Report,
    ) -> Result<(), Failure> {
        let relative = format!("content/vocab/{name}.yaml");
        let existing = if self.exists(&relative) {
            match self.read(&relative) {
                Some(text) => Some(text),
                None => {
                    return Err(Failure::Usage(format!(
                        "cannot read {relative} to add vocabulary entries to it"
                    )))
                }
            }
        } else {
            None
        };
        let have: BTreeSet<String> = match &existing {
            Some(text) if !text.trim().is_empty() => {
                serde_yaml::from_str::<BTreeMap<String, serde_yaml::Value>>(text)
                    .map_err(|e| {
                        Failure::Usage(format!(
                            "{relative} is not a map of entries ({e}); fix it, then import again"
                        ))
                    })?
                    .into_keys()
                    .collect()
            }
            _ => BTreeSet::new(),
        };
        let new: Vec<(&String, &String)> =
            entries.iter().filter(|(k, _)| !have.contains(*k)).collect();
        if new.is_empty() {
            return Ok(());
        }
        let mut text = existing.clone().unwrap_or_default();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&format!("# {comment}\n"));
        for (_, line) in new {
            text.push_str(line);
            text.push('\n');
            report.review.push(format!("{relative}: {line}"));
        }
        match existing {
            Some(_) => self.replace(&relative, &text)?,
            None => crate::files::create_new(&self.root, &relative, text.as_bytes())
                .map_err(|refusal| cannot_write(&relative, &refusal))?,
        }
        Ok(())
    }
}

fn cannot_write(relative: &str, refusal: &Refusal) -> Failure {
    Failure::Usage(format!("cannot write {relative}: {refusal}"))
}

/// `path` below `root`, `/`-separated.
fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
