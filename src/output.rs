//! The output folder, replaced atomically. Below the data files and pages that are written
//! into it; it knows nothing of what they are.
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
        check_placement(&root, &target)?;
        recover_kept(&target)?;
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
        // No interrupt may clean up during the swap.
        let mut unfinished = UNFINISHED.write().unwrap_or_else(PoisonError::into_inner);
        let had_old = fs::symlink_metadata(&self.target).is_ok();
        // One atomic exchange where the platform has it: the output folder is never missing.
        let exchanged = had_old
            && match exchange(&self.temp, &self.target) {
                Ok(done) => done,
                Err(error) => {
                    return Err(OutputError::Io {
                        context: format!(
                            "cannot move the new output into {}",
                            self.target.display()
                        ),
                        error,
                    })
                }
            };
        if !exchanged {
            // Two renames; a kill between them leaves only `old`, which the next run restores
            // (see `recover_kept`).
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
        }
        self.committed = true;
        unfinished.retain(|dir| *dir != self.temp);
        drop(unfinished);
        // After an exchange the temporary folder holds the previous output.
        if exchanged {
            let _ = fs::remove_dir_all(&self.temp);
        } else if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

/// Swap the folders at `a` and `b` in one step (Linux `renameat2` with `RENAME_EXCHANGE`).
/// `Ok(false)` when the kernel or the file system cannot, and nothing was moved.
#[cfg(all(target_os = "linux", any(target_env = "gnu", target_env = "musl")))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: `renameat2` only reads the two NUL-terminated paths, which outlive the call; with
    // AT_FDCWD no file descriptor is involved.
    let status = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if status == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        // An old kernel, or a file system without the flag.
        Some(libc::ENOSYS | libc::EINVAL | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(error),
    }
}

/// No atomic exchange here: the caller falls back to two renames.
#[cfg(not(all(target_os = "linux", any(target_env = "gnu", target_env = "musl"))))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
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
#[cfg(unix)]
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

/// Windows has none of these signals (signal-hook offers no iterator there): an interrupted
/// build leaves its temporary folder, as a build killed outright does everywhere.
#[cfg(not(unix))]
pub fn clean_up_on_signals() -> io::Result<()> {
    Ok(())
}

/// Folders of the site docket reads from: an output inside one would be read back, and copied
/// into itself, on the next build.
const READ_FOLDERS: [&str; 4] = ["content", "static", "templates", "themes"];

/// Refuse an output folder that is the site root, contains it, or lies inside a folder the
/// site is read from.
fn check_placement(root: &Path, target: &Path) -> Result<(), OutputError> {
    if target == root || root.starts_with(target) {
        return Err(OutputError::Refused(format!(
            "refusing to write the site into {}: it is the site root or contains it",
            target.display()
        )));
    }
    for folder in READ_FOLDERS {
        if target.starts_with(root.join(folder)) {
            return Err(OutputError::Refused(format!(
                "refusing to write the site into {}: it is inside {folder}/, which every build reads; choose an --output outside {}",
                target.display(),
                READ_FOLDERS.map(|f| format!("{f}/")).join(", ")
            )));
        }
    }
    Ok(())
}

/// Check that `target` may be the output of the site at `root`, and when it is missing but a
/// build killed during the swap kept the previous output beside it, put that copy back. Call
/// it first on every build, so that even a build that then fails leaves a published folder.
/// Returns the copy restored, if any.
pub fn prepare_target(root: &Path, target: &Path) -> Result<Option<PathBuf>, OutputError> {
    let root = absolute(root)?;
    let target = absolute(target)?;
    check_placement(&root, &target)?;
    let restored = recover_kept(&target)?;
    if let (Some(parent), Some(name)) = (target.parent(), target.file_name()) {
        clean_leftovers(parent, &name.to_string_lossy());
    }
    Ok(restored)
}

/// Put back the newest kept copy `.NAME.docket-old-PID` (of a build no longer running, written
/// by docket) when `target` is missing.
fn recover_kept(target: &Path) -> Result<Option<PathBuf>, OutputError> {
    if fs::symlink_metadata(target).is_ok() {
        return Ok(None);
    }
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Ok(None);
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(None);
    };
    let prefix = format!(".{}{OLD_TAG}", name.to_string_lossy());
    let newest = entries
        .flatten()
        .filter(|entry| {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            file_name.starts_with(&prefix)
                && !is_live(&file_name)
                && entry.file_type().is_ok_and(|t| t.is_dir())
                && entry.path().join(MARKER).is_file()
        })
        .filter_map(|entry| Some((entry.metadata().ok()?.modified().ok()?, entry.path())))
        .max();
    let Some((_, kept)) = newest else {
        return Ok(None);
    };
    fs::rename(&kept, target).map_err(io_error(format!(
        "cannot restore {} from {}",
        target.display(),
        kept.display()
    )))?;
    Ok(Some(kept))
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

    #[test]
    fn a_rebuild_replaces_the_output_and_leaves_nothing_beside_it() {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir(site.path().join("content")).unwrap();
        let target = site.path().join("public");
        for text in ["first", "second"] {
            let staging = Staging::new(site.path(), &target).unwrap();
            staging.write("index.html", text.as_bytes()).unwrap();
            staging.commit().unwrap();
            assert_eq!(fs::read_to_string(target.join("index.html")).unwrap(), text);
        }
        let mut names: Vec<_> = fs::read_dir(site.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["content", "public"]);
    }

    #[test]
    fn a_missing_output_is_restored_from_the_copy_a_killed_build_kept() {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir(site.path().join("content")).unwrap();
        let target = site.path().join("public");
        let kept = site.path().join(".public.docket-old-999999999");
        fs::create_dir(&kept).unwrap();
        fs::write(kept.join(MARKER), "").unwrap();
        fs::write(kept.join("index.html"), "published").unwrap();
        assert_eq!(prepare_target(site.path(), &target).unwrap(), Some(kept));
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "published"
        );
        // A folder that does not hold docket's marker is nobody's output: left alone.
        let stranger = site.path().join(".other.docket-old-999999999");
        fs::create_dir(&stranger).unwrap();
        let other = site.path().join("other");
        assert_eq!(prepare_target(site.path(), &other).unwrap(), None);
        assert!(!other.exists());
    }

    #[test]
    fn refuses_folders_the_site_is_read_from() {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir(site.path().join("content")).unwrap();
        for folder in ["static", "static/out", "templates/x", "themes/a/static/out"] {
            let target = site.path().join(folder);
            assert!(prepare_target(site.path(), &target).is_err(), "{folder}");
            assert!(Staging::new(site.path(), &target).is_err(), "{folder}");
        }
        assert!(prepare_target(site.path(), &site.path().join("statics")).is_ok());
    }

    #[test]
    fn folders_are_exchanged_in_one_step_or_left_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("new"), "").unwrap();
        fs::write(b.join("old"), "").unwrap();
        let swapped = exchange(&a, &b).unwrap();
        assert_eq!(b.join("new").exists(), swapped);
        assert_eq!(a.join("old").exists(), swapped);
        assert_ne!(b.join("old").exists(), swapped);
        #[cfg(target_os = "linux")]
        assert!(
            swapped,
            "Linux file systems for temporary folders can exchange"
        );
    }
}
