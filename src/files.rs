//! The one reader of a site's files.
//!
//! Everything docket takes from a site's folder goes through here: `site.toml`, records, pages,
//! templates, static files, the files hashed for the data version, a file read again to show a
//! problem's line, and the files `serve` reads after an edit. The rules are the same for all:
//!
//! - **Only below the site root.** A path that leaves it (`..`, another absolute path) is refused.
//! - **No symbolic link on the way.** Neither the file nor any folder between it and the root may
//!   be a link: git stores links as links, so a pull request can add `content -> /` or
//!   `static/key -> ~/.ssh/id_rsa`, and following one would publish the build machine's files.
//! - **Regular files only.** A FIFO or a device would block the read or never end; the file is
//!   opened without following a link and without blocking, then checked again on the open handle.
//! - **At most `limit` bytes**, checked before the read and enforced during it (a file may grow).
//!
//! Hidden files and folders (names starting with `.`) are never listed.
//!
//! This module uses nothing else of docket's, so every stage may read through it.

use std::fmt;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The largest file a site may set docket to read (`max_file_size` at most).
pub const LARGEST: u64 = 16 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refusal {
    /// The path leaves the site root.
    Outside,
    /// This path (relative to the root, `/`-separated) is a symbolic link.
    Link(String),
    /// A FIFO, socket or device, or a folder where a file was expected.
    NotRegular,
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// The bytes are not UTF-8; the first bad byte is at this line and column (1-based,
    /// columns in characters).
    NotUtf8 {
        line: usize,
        column: usize,
    },
    Io(std::io::Error),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Outside => write!(f, "the path leaves the site's folder"),
            Refusal::Link(path) => {
                write!(f, "`{path}` is a symbolic link, and links are not followed")
            }
            Refusal::NotRegular => write!(f, "not a regular file"),
            Refusal::TooLarge { size, limit } => {
                write!(
                    f,
                    "file is {size} bytes, more than the {limit} a site file may have"
                )
            }
            Refusal::NotUtf8 { line, column } => {
                write!(f, "file is not UTF-8 (invalid byte at {line}:{column})")
            }
            Refusal::Io(e) => write!(f, "cannot read file: {e}"),
        }
    }
}

impl Refusal {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            Refusal::Outside => None,
            Refusal::Link(_) => Some("a link could publish files from outside the site; copy the file into the site instead"),
            Refusal::NotRegular => Some("a pipe or device would block the build; the site's folders may hold only files and folders"),
            Refusal::TooLarge { .. } => Some("split it up, or raise `max_file_size` in site.toml if the file is meant to be this large"),
            Refusal::NotUtf8 { .. } => Some("save the file as UTF-8"),
            Refusal::Io(_) => None,
        }
    }

    /// The line and column of the problem, where it has one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Refusal::NotUtf8 { line, column } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// Reads files below one site root, under one size limit.
#[derive(Debug, Clone)]
pub struct Reader {
    root: PathBuf,
    limit: u64,
}

/// What a listing found, one entry per file, folder, link or special file.
#[derive(Debug)]
pub struct Found {
    pub path: PathBuf,
    pub kind: Kind,
    /// Depth below the listed folder: 1 for its own entries.
    pub depth: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Folder,
    Link,
    /// A FIFO, socket or device.
    Special,
}

impl Reader {
    pub fn new(root: &Path, limit: u64) -> Reader {
        Reader {
            root: root.to_path_buf(),
            limit,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The bytes of the file at `path` (absolute below the root, or relative to it).
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, Refusal> {
        let full = self.way(path)?;
        let file = open_regular(&full)?;
        let size = file.metadata().map_err(Refusal::Io)?.len();
        let too_large = |size| Refusal::TooLarge {
            size,
            limit: self.limit,
        };
        if size > self.limit {
            return Err(too_large(size));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        file.take(self.limit + 1)
            .read_to_end(&mut bytes)
            .map_err(Refusal::Io)?;
        if bytes.len() as u64 > self.limit {
            return Err(too_large(bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// The text of the file at `path`: [`Reader::read`], then [`decode`].
    pub fn read_text(&self, path: &Path) -> Result<String, Refusal> {
        decode(self.read(path)?)
    }

    /// Whether `path` is a real folder below the root, reached through no link.
    pub fn is_folder(&self, path: &Path) -> bool {
        self.way(path)
            .is_ok_and(|full| full.symlink_metadata().is_ok_and(|m| m.is_dir()))
    }

    /// Everything below the folder `dir`, sorted by name, without following links and without
    /// hidden names. A `dir` that is itself a link, or is reached through one, is listed as that
    /// one link; a missing `dir` lists nothing.
    pub fn list(&self, dir: &Path) -> Vec<Result<Found, walkdir::Error>> {
        let full = match self.way(dir) {
            Ok(full) => full,
            Err(Refusal::Link(at)) => {
                return vec![Ok(Found {
                    path: self.root.join(at),
                    kind: Kind::Link,
                    depth: 0,
                })]
            }
            Err(_) => return Vec::new(),
        };
        match full.symlink_metadata() {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return vec![Ok(Found {
                    path: full,
                    kind: Kind::Special,
                    depth: 0,
                })]
            }
            Err(_) => return Vec::new(),
        }
        walkdir::WalkDir::new(&full)
            .follow_links(false)
            .follow_root_links(false)
            .sort_by_file_name()
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|item| {
                item.map(|item| {
                    let kind = if item.path_is_symlink() {
                        Kind::Link
                    } else if item.file_type().is_dir() {
                        Kind::Folder
                    } else if item.file_type().is_file() {
                        Kind::File
                    } else {
                        Kind::Special
                    };
                    Found {
                        depth: item.depth(),
                        path: item.into_path(),
                        kind,
                    }
                })
            })
            .collect()
    }

    /// `path` as a full path below the root, after checking that no part of the way from the
    /// root to it is a symbolic link.
    fn way(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        if relative.is_absolute() {
            return Err(Refusal::Outside);
        }
        let mut full = self.root.clone();
        for part in relative.components() {
            match part {
                Component::Normal(name) => full.push(name),
                Component::CurDir => continue,
                _ => return Err(Refusal::Outside),
            }
            match full.symlink_metadata() {
                Ok(meta) if meta.file_type().is_symlink() => {
                    let at = full.strip_prefix(&self.root).unwrap_or(&full);
                    let shown = at
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/");
                    return Err(Refusal::Link(shown));
                }
                // A missing part is reported by the open, with the system's own words.
                _ => {}
            }
        }
        Ok(full)
    }
}

/// Write a new file at `relative` below `root`, creating missing folders: never through a
/// symbolic link on the way, and never over a file (or link) that exists. For the commands that
/// add files to a site (`docket new`, `docket brief`).
pub fn create_new(root: &Path, relative: &str, bytes: &[u8]) -> Result<(), Refusal> {
    use std::io::Write;
    let path = Reader::new(root, 0).way(Path::new(relative))?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(Refusal::Io)?;
    }
    // `create_new` is O_CREAT | O_EXCL: it fails on anything already there, a link included.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(Refusal::Io)?;
    file.write_all(bytes).map_err(Refusal::Io)
}

/// Replace the file at `relative` below `root` with `bytes`, all at once (a new file renamed
/// over the old one): never through a linked folder or over a link, so a reader sees the old
/// text or the new, never half of one.
pub fn replace(root: &Path, relative: &str, bytes: &[u8]) -> Result<(), Refusal> {
    use std::io::Write;
    let path = Reader::new(root, 0).way(Path::new(relative))?;
    let name = path
        .file_name()
        .ok_or(Refusal::Outside)?
        .to_string_lossy()
        .into_owned();
    let temporary = path.with_file_name(format!(".{name}.docket-new"));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, &path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.map_err(Refusal::Io)
}

/// The text of a file read before, read again to show a problem's line: by the same rules as
/// [`Reader::read_text`] for the file itself (no link, regular, at most [`LARGEST`] bytes, the
/// byte-order mark dropped), so positions agree with what was checked. `None` if it is gone.
pub fn read_again(path: &Path) -> Option<String> {
    let file = open_regular(path).ok()?;
    let mut bytes = Vec::new();
    file.take(LARGEST).read_to_end(&mut bytes).ok()?;
    decode(bytes).ok()
}

/// Open `path` for reading only if it is a regular file: without following a final link, and
/// without blocking on a FIFO; the open handle is checked again, so nothing swapped in between
/// the look and the open is read.
fn open_regular(path: &Path) -> Result<std::fs::File, Refusal> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        // O_NOFOLLOW on a link fails with ELOOP.
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Err(Refusal::Link(
                path.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            ))
        }
        Err(e) => return Err(Refusal::Io(e)),
    };
    let meta = file.metadata().map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular);
    }
    Ok(file)
}

/// Bytes as text: UTF-8, without the byte-order mark editors on Windows put first. A bad byte
/// is located by line and column, counting line breaks as YAML does (LF, CRLF or a lone CR).
pub fn decode(bytes: Vec<u8>) -> Result<String, Refusal> {
    const BOM: &[u8] = "\u{feff}".as_bytes();
    let mut bytes = bytes;
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // The prefix up to the bad byte is valid UTF-8 by definition.
        let text = std::str::from_utf8(good).unwrap_or_default();
        let (line, column) = line_and_column(text);
        Refusal::NotUtf8 { line, column }
    })
}

/// The 1-based line and column just after `text`.
pub fn line_and_column(text: &str) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    let mut after_cr = false;
    for c in text.chars() {
        match c {
            '\n' if after_cr => {}
            '\n' | '\r' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
        after_cr = c == '\r';
    }
    (line, column)
}

/// The file a URL path stands for, relative to an output folder: `/events/x/?a` →
/// `events/x/index.html`, `%XX` escapes decoded. `None` for a path that tries to leave the
/// folder (`..`, a backslash, a NUL) or is not UTF-8 once decoded. For the two servers docket
/// runs, the preview and the print origin.
pub fn url_file(url_path: &str) -> Option<String> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let trimmed = decoded.trim_start_matches('/');
    if trimmed
        .split('/')
        .any(|part| part == ".." || part == "." || part.contains(['\\', '\0']))
    {
        return None;
    }
    if trimmed.is_empty() || trimmed.ends_with('/') {
        Some(format!("{trimmed}index.html"))
    } else {
        Some(trimmed.to_string())
    }
}

/// The media type of an output file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "bib" => "application/x-bibtex; charset=utf-8",
        "ris" => "application/x-research-info-systems; charset=utf-8",
        "sqlite" => "application/vnd.sqlite3",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn site() -> (tempfile::TempDir, Reader) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content/events")).unwrap();
        fs::write(dir.path().join("content/events/a.yaml"), "title: A\n").unwrap();
        let reader = Reader::new(dir.path(), 64);
        (dir, reader)
    }

    #[test]
    fn reads_a_file_below_the_root() {
        let (dir, reader) = site();
        let full = dir.path().join("content/events/a.yaml");
        assert_eq!(reader.read(&full).unwrap(), b"title: A\n");
        assert_eq!(
            reader.read(Path::new("content/events/a.yaml")).unwrap(),
            b"title: A\n"
        );
    }

    #[test]
    fn refuses_paths_that_leave_the_root() {
        let (_dir, reader) = site();
        for path in ["../x", "content/../../x", "/etc/hostname"] {
            assert!(
                matches!(reader.read(Path::new(path)), Err(Refusal::Outside)),
                "{path}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_link_anywhere_on_the_way() {
        let (dir, reader) = site();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret"), "secret\n").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("static")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret"),
            dir.path().join("content/events/b.yaml"),
        )
        .unwrap();
        match reader.read(Path::new("static/secret")) {
            Err(Refusal::Link(at)) => assert_eq!(at, "static"),
            other => panic!("{other:?}"),
        }
        match reader.read(Path::new("content/events/b.yaml")) {
            Err(Refusal::Link(at)) => assert_eq!(at, "content/events/b.yaml"),
            other => panic!("{other:?}"),
        }
        let listed = reader.list(Path::new("static"));
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].as_ref().unwrap().kind, Kind::Link);
        assert!(!reader.is_folder(Path::new("static")));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_fifo_without_blocking() {
        let (dir, reader) = site();
        let fifo = dir.path().join("content/events/pipe.yaml");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: `name` is a valid NUL-terminated path for the duration of the call.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
        assert!(matches!(reader.read(&fifo), Err(Refusal::NotRegular)));
        let kinds: Vec<Kind> = reader
            .list(Path::new("content/events"))
            .into_iter()
            .map(|f| f.unwrap().kind)
            .collect();
        assert_eq!(kinds, [Kind::File, Kind::Special]);
    }

    #[test]
    fn refuses_files_over_the_limit() {
        let (dir, reader) = site();
        fs::write(dir.path().join("content/events/big.yaml"), [b'a'; 65]).unwrap();
        assert!(matches!(
            reader.read(Path::new("content/events/big.yaml")),
            Err(Refusal::TooLarge {
                size: 65,
                limit: 64
            })
        ));
    }

    #[test]
    fn lists_no_hidden_names() {
        let (dir, reader) = site();
        fs::create_dir_all(dir.path().join("content/.git")).unwrap();
        fs::write(dir.path().join("content/.git/big"), "x").unwrap();
        fs::write(dir.path().join("content/events/.a.yaml.swp"), "x").unwrap();
        let listed: Vec<PathBuf> = reader
            .list(Path::new("content"))
            .into_iter()
            .map(|f| f.unwrap().path)
            .collect();
        assert_eq!(
            listed,
            [
                dir.path().join("content/events"),
                dir.path().join("content/events/a.yaml")
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn creates_new_files_never_through_a_link_or_over_a_file() {
        let (dir, _) = site();
        let outside = tempfile::tempdir().unwrap();
        create_new(dir.path(), "content/briefings/q1.md", b"Q1").unwrap();
        assert_eq!(
            fs::read(dir.path().join("content/briefings/q1.md")).unwrap(),
            b"Q1"
        );
        assert!(matches!(
            create_new(dir.path(), "content/briefings/q1.md", b"again"),
            Err(Refusal::Io(e)) if e.kind() == std::io::ErrorKind::AlreadyExists
        ));
        std::os::unix::fs::symlink(outside.path(), dir.path().join("content/pages")).unwrap();
        assert!(matches!(
            create_new(dir.path(), "content/pages/about.md", b"x"),
            Err(Refusal::Link(at)) if at == "content/pages"
        ));
        assert!(!outside.path().join("about.md").exists());
    }

    #[test]
    fn request_paths_map_to_stored_files() {
        assert_eq!(url_file("/").as_deref(), Some("index.html"));
        assert_eq!(
            url_file("/events/a-b/?x=1").as_deref(),
            Some("events/a-b/index.html")
        );
        assert_eq!(url_file("/style.css").as_deref(), Some("style.css"));
        assert_eq!(url_file("/caf%C3%A9/").as_deref(), Some("café/index.html"));
        assert_eq!(url_file("/../etc/passwd"), None);
        assert_eq!(url_file("/%2e%2e/x"), None);
        // A malformed escape is kept as it is, a name no stored file has.
        assert_eq!(url_file("/%zz").as_deref(), Some("%zz"));
        assert_eq!(url_file("/%C3%28"), None, "not UTF-8 once decoded");
    }

    #[test]
    fn decode_drops_a_byte_order_mark() {
        assert_eq!(
            decode(b"\xef\xbb\xbftitle: A\n".to_vec()).unwrap(),
            "title: A\n"
        );
    }

    #[test]
    fn decode_locates_a_bad_byte_by_line_and_column() {
        let refusal = decode(b"title: A\r\nnote: \xc3\xa9t\xff\n".to_vec()).unwrap_err();
        assert_eq!(refusal.position(), Some((2, 9)));
        let refusal = decode(b"a\rb\xff".to_vec()).unwrap_err();
        assert_eq!(refusal.position(), Some((2, 2)));
    }
}
