//! Stage 4: the output folder, replaced atomically.
//!
//! A build writes into a fresh temporary folder beside the output and swaps it in only when every
//! file is written, so a failed or interrupted build leaves the previous site exactly as it was.
//! Every path written is checked to stay inside the temporary folder.
//!
//! An interrupted build (Ctrl-C, SIGTERM, SIGHUP) removes its temporary folder before exiting
//! when the binary calls [`clean_up_on_signals`]; a build killed outright leaves the folder, and
//! the next build in the same place removes it.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::{PoisonError, RwLock};

/// Temporary folders being written. Each file write holds a read lock; removing a folder (on
/// drop, on an interrupt) and the swap in `commit` hold the write lock, so a folder is never
/// removed under a write that would then recreate part of it.
static UNFINISHED: RwLock<Vec<PathBuf>> = RwLock::new(Vec::new());

/// A file inside every output folder docket writes; its presence is what lets docket replace
/// the folder on the next build.
pub const MARKER: &str = ".docket-output";
const TEMP_TAG: &str = ".docket-tmp-";
const OLD_TAG: &str = ".docket-old-";

/// Why an output folder cannot be used.
#[derive(Debug)]
pub enum OutputError {
    Refused(String),
    Io { context: String, error: io::Error },
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::Refused(message) => f.write_str(message),
            OutputError::Io { context, error } => write!(f, "{context}: {error}"),
        }
    }
}

fn io_error(context: impl Into<String>) -> impl FnOnce(io::Error) -> OutputError {
    let context = context.into();
    move |error| OutputError::Io { context, error }
}

/// An output being written: a temporary folder that becomes `target` on [`Staging::commit`].
/// Dropped without committing, it removes itself.
pub struct Staging {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

impl Staging {
    /// Check that `target` may be (re)placed for the site at `root`, and create the temporary
    /// folder beside it.
    pub fn new(root: &Path, target: &Path) -> Result<Staging, OutputError> {
        let root = absolute(root)?;
        let target = absolute(target)?;
        let content = root.join("content");
        if target == root
            || root.starts_with(&target)
            || content.starts_with(&target)
            || target.starts_with(&content)
        {
            return Err(OutputError::Refused(format!(
                "refusing to write the site into {}: it is the site root, its content/ folder, or contains them",
                target.display()
            )));
        }
        if target.exists() {
            if !target.is_dir() {
                return Err(OutputError::Refused(format!(
                    "{} exists and is not a folder",
                    target.display()
                )));
            }
            let mut entries = fs::read_dir(&target)
                .map_err(io_error(format!("cannot read {}", target.display())))?;
            let empty = entries.next().is_none();
            if !empty && !target.join(MARKER).is_file() {
                return Err(OutputError::Refused(format!(
                    "{} is not empty and was not written by docket; refusing to replace it (empty it, or choose another --output)",
                    target.display()
                )));
            }
        }
        let parent = target.parent().ok_or_else(|| {
            OutputError::Refused("the output folder cannot be the file-system root".into())
        })?;
        fs::create_dir_all(parent)
            .map_err(io_error(format!("cannot create {}", parent.display())))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        clean_leftovers(parent, &name);
        let temp = parent.join(format!(".{name}{TEMP_TAG}{}", std::process::id()));
        if temp.exists() {
            fs::remove_dir_all(&temp)
                .map_err(io_error(format!("cannot clear {}", temp.display())))?;
        }
        let mut unfinished = UNFINISHED.write().unwrap_or_else(PoisonError::into_inner);
        fs::create_dir(&temp).map_err(io_error(format!("cannot create {}", temp.display())))?;
        unfinished.push(temp.clone());
        drop(unfinished);
        Ok(Staging {
            target,
            temp,
            committed: false,
        })
    }

    /// The temporary folder being written.
    pub fn dir(&self) -> &Path {
        &self.temp
    }

    /// Write `bytes` at `relative` (a `/`-separated path) inside the output.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.resolve(relative)?;
        let _writing = UNFINISHED.read().unwrap_or_else(PoisonError::into_inner);
        let mut file = create_file(&path)?;
        file.write_all(bytes)
            .map_err(io_error(format!("cannot write {}", path.display())))
    }

    /// A buffered writer for the file at `relative` (checked as by [`Staging::write`]), for a
    /// file too big to hold in memory. Flush it to learn whether the last writes failed.
    pub fn create(&self, relative: &str) -> Result<io::BufWriter<fs::File>, OutputError> {
        let path = self.resolve(relative)?;
        // Only creating paths must not race a removal: writes to an open file recreate nothing.
        let _creating = UNFINISHED.read().unwrap_or_else(PoisonError::into_inner);
        Ok(io::BufWriter::with_capacity(1 << 16, create_file(&path)?))
    }

    /// The full path for `relative`, refusing anything that could leave the output folder.
    pub fn resolve(&self, relative: &str) -> Result<PathBuf, OutputError> {
        let rel = Path::new(relative);
        let safe = !relative.is_empty()
            && !relative.contains('\\')
            && rel.components().all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(OutputError::Refused(format!(
                "refusing to write outside the output folder: {relative:?}"
            )));
        }
        Ok(self.temp.join(rel))
    }

    /// Swap the finished output in place of the old one.
    pub fn commit(mut self) -> Result<(), OutputError> {
        self.write(
            MARKER,
            b"This folder is written by docket and replaced on every build.\n",
        )?;
        let parent = self.target.parent().unwrap_or(Path::new("."));
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let old = parent.join(format!(".{name}{OLD_TAG}{}", std::process::id()));
        // No interrupt may clean up between the two renames.
        let mut unfinished = UNFINISHED.write().unwrap_or_else(PoisonError::into_inner);
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old).map_err(io_error(format!(
                "cannot move {} aside",
                self.target.display()
            )))?;
        }
        if let Err(error) = fs::rename(&self.temp, &self.target) {
            if had_old {
                // Put the previous output back so nothing is lost.
                let _ = fs::rename(&old, &self.target);
            }
            drop(unfinished);
            return Err(OutputError::Io {
                context: format!("cannot move the new output into {}", self.target.display()),
                error,
            });
        }
        self.committed = true;
        unfinished.retain(|dir| *dir != self.temp);
        drop(unfinished);
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let mut unfinished = UNFINISHED.write().unwrap_or_else(PoisonError::into_inner);
            let _ = fs::remove_dir_all(&self.temp);
            unfinished.retain(|dir| *dir != self.temp);
        }
    }
}

/// On SIGINT (Ctrl-C), SIGTERM or SIGHUP, remove the temporary folders of builds in progress and
/// exit with 128 + the signal's number, leaving every previous output as it was. For the
/// binary: a library should not take over its host's signals.
pub fn clean_up_on_signals() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("docket-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Waits for the files being written to finish; later writes wait forever, so
                // nothing recreates a folder once it is removed. The lock is never released.
                let unfinished = UNFINISHED.write().unwrap_or_else(PoisonError::into_inner);
                for dir in unfinished.iter() {
                    let _ = fs::remove_dir_all(dir);
                }
                if !unfinished.is_empty() {
                    eprintln!("docket: interrupted; the previous output is unchanged");
                }
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

/// Create (or truncate) the file at `path`, and the folders it needs.
fn create_file(path: &Path) -> Result<fs::File, OutputError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(io_error(format!("cannot create {}", parent.display())))?;
    }
    fs::File::create(path).map_err(io_error(format!("cannot write {}", path.display())))
}

/// Remove temporary and old folders left by builds that were killed before they could clean up.
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let temp_prefix = format!(".{name}{TEMP_TAG}");
    let old_prefix = format!(".{name}{OLD_TAG}");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let ours = file_name.starts_with(&temp_prefix) || file_name.starts_with(&old_prefix);
        if ours && entry.path().is_dir() && !is_live(&file_name) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Is the process that named this folder (by its pid suffix) still running? Then leave it.
fn is_live(folder: &str) -> bool {
    let pid = folder
        .rsplit('-')
        .next()
        .and_then(|p| p.parse::<u32>().ok());
    match pid {
        Some(pid) if pid == std::process::id() => false,
        Some(pid) => Path::new(&format!("/proc/{pid}")).exists(),
        None => false,
    }
}

fn absolute(path: &Path) -> Result<PathBuf, OutputError> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(io_error("cannot read the current folder"))?
            .join(path)
    };
    // Resolve `.` and `..` lexically, then symlinks of the part that exists.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_escape() {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir(site.path().join("content")).unwrap();
        let staging = Staging::new(site.path(), &site.path().join("public")).unwrap();
        assert!(staging.resolve("../x").is_err());
        assert!(staging.resolve("/etc/passwd").is_err());
        assert!(staging.resolve("a/../../x").is_err());
        assert!(staging.resolve("").is_err());
        assert!(staging.resolve("events/a/index.html").is_ok());
    }

    #[test]
    fn refuses_root_content_and_foreign_folders() {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir(site.path().join("content")).unwrap();
        assert!(Staging::new(site.path(), site.path()).is_err());
        assert!(Staging::new(site.path(), &site.path().join("content")).is_err());
        assert!(Staging::new(site.path(), &site.path().join("content/x")).is_err());
        assert!(Staging::new(site.path(), site.path().parent().unwrap()).is_err());
        let foreign = site.path().join("docs");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(Staging::new(site.path(), &foreign).is_err());
    }

    #[test]
    fn uncommitted_staging_leaves_nothing_behind() {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir(site.path().join("content")).unwrap();
        let target = site.path().join("public");
        let staging = Staging::new(site.path(), &target).unwrap();
        staging.write("index.html", b"x").unwrap();
        let temp = staging.dir().to_path_buf();
        drop(staging);
        assert!(!temp.exists());
        assert!(!target.exists());
    }

    #[test]
    fn created_files_are_checked_and_land_inside() {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir(site.path().join("content")).unwrap();
        let target = site.path().join("public");
        let staging = Staging::new(site.path(), &target).unwrap();
        assert!(staging.create("../x").is_err());
        assert!(staging.create("/etc/passwd").is_err());
        let mut file = staging.create("data/big.json").unwrap();
        file.write_all(b"[1, 2]").unwrap();
        file.flush().unwrap();
        drop(file);
        staging.commit().unwrap();
        assert_eq!(fs::read(target.join("data/big.json")).unwrap(), b"[1, 2]");
    }
}
