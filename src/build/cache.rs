//! The build cache (`docket build --cache DIR`): the pages of the last build, kept between runs
//! (a folder CI restores before a build and saves after it), so a build after a commit renders
//! only the pages whose inputs changed and reuses the rest byte for byte.
//!
//! Each page is kept as rendered, with the stand-ins for the data's version and last change
//! (`render::facts`), beside what it read of the dataset with the hash of each input
//! (`dataset::reads`). A later build reuses a page when the cache was made by the same docket
//! from the same settings, theme and non-event files (the cache's key), and every input of the
//! page hashes the same in the new dataset; anything else renders again. So a cached build
//! writes exactly what a clean build writes: the tests compare them after random edits.
//!
//! On disk: `manifest.json` (the key, and per page its key, output path, place in the pack and
//! inputs) and `pages.pack` (the pages one after another). The pack only grows: a page reused
//! stays where it is, a page rendered again is added at the end, so a build after a one-record
//! commit writes a few hundred pages to the cache, not all of them. The manifest is replaced
//! once the build has been committed; a failed or interrupted build leaves the last manifest,
//! which names only bytes written before it. When less than half the pack is still named, the
//! pages still used are copied into a new one.

use crate::dataset::reads::{Fingerprints, Input};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const MANIFEST: &str = "manifest.json";
const PACK: &str = "pages.pack";
/// The layout of the files below; a cache of another layout is ignored.
const FORMAT: u32 = 1;

/// One page kept: where it goes, where it is in the pack, and what it read.
#[derive(Serialize, Deserialize)]
struct Kept {
    path: String,
    at: u64,
    len: u64,
    /// A list of `(Input, hash)`, kept as JSON text until a build asks whether it changed.
    inputs: Box<RawValue>,
}

#[derive(Serialize, Deserialize)]
struct Manifest {
    format: u32,
    docket: String,
    /// A hash of everything every page may show besides the dataset's records.
    key: u64,
    /// By the job's key ([`crate::render::Job::key`]).
    pages: BTreeMap<String, Kept>,
}

/// The cache of one build: what the last build kept, and what this one keeps.
pub struct Cache {
    dir: PathBuf,
    key: u64,
    /// The last build's pages not yet asked for, and its pack. A page asked for leaves the map,
    /// so the inputs of a page are held once (at 100,000 events they are hundreds of MB).
    last: Option<(Mutex<BTreeMap<String, Kept>>, File)>,
    next: Mutex<Next>,
}

/// The pages of this build: the pack's end, where rendered pages are added, and the manifest.
struct Next {
    pack: BufWriter<File>,
    /// Where the next page added goes: the end of the pack.
    end: u64,
    pages: BTreeMap<String, Kept>,
    error: Option<std::io::Error>,
}

/// A page the last build made that this one can use as it is: where it goes, where it is
/// kept, and what it read.
pub struct Reusable {
    pub path: String,
    at: u64,
    len: u64,
    inputs: Box<RawValue>,
}

impl Cache {
    /// Open the cache in `dir` (made if missing) for a build whose settings, theme and
    /// non-event files hash to `key`. A cache of another docket, layout or key is not used.
    pub fn open(dir: &Path, key: u64) -> std::io::Result<Cache> {
        std::fs::create_dir_all(dir)?;
        let last = read_manifest(dir)
            .filter(|m| m.format == FORMAT && m.docket == env!("CARGO_PKG_VERSION") && m.key == key)
            .and_then(|m| {
                let pack = File::open(dir.join(PACK)).ok()?;
                // A pack cut short (a cache saved only in part) is not used at all.
                let end = m.pages.values().map(|k| k.at + k.len).max().unwrap_or(0);
                (pack.metadata().ok()?.len() >= end).then_some((Mutex::new(m.pages), pack))
            });
        let (pack, end) = match &last {
            // Pages rendered again go after everything in the pack, even bytes a failed build
            // left past the manifest's last page.
            Some(_) => {
                let pack = OpenOptions::new().append(true).open(dir.join(PACK))?;
                let end = pack.metadata()?.len();
                (pack, end)
            }
            // A new pack: no manifest may name the old one's bytes any more.
            None => {
                match std::fs::remove_file(dir.join(MANIFEST)) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                    _ => {}
                }
                (File::create(dir.join(PACK))?, 0)
            }
        };
        Ok(Cache {
            dir: dir.to_path_buf(),
            key,
            last,
            next: Mutex::new(Next {
                pack: BufWriter::new(pack),
                end,
                pages: BTreeMap::new(),
                error: None,
            }),
        })
    }

    /// The page of `job_key` as the last build made it, when every input it read hashes the
    /// same in this build's dataset (`now`). Each page is asked for once.
    pub fn reusable(&self, job_key: &str, now: &mut Fingerprints<'_>) -> Option<Reusable> {
        let (pages, _) = self.last.as_ref()?;
        let kept = pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(job_key)?;
        let inputs: Vec<(Input, u64)> = serde_json::from_str(kept.inputs.get()).ok()?;
        if now.changed(&inputs) {
            return None;
        }
        Some(Reusable {
            path: kept.path,
            at: kept.at,
            len: kept.len,
            inputs: kept.inputs,
        })
    }

    /// The bytes of a reusable page, as rendered (with its stand-ins).
    pub fn read(&self, page: &Reusable) -> std::io::Result<Vec<u8>> {
        let Some((_, pack)) = self.last.as_ref() else {
            return Err(std::io::ErrorKind::NotFound.into());
        };
        let len = usize::try_from(page.len).map_err(std::io::Error::other)?;
        let mut bytes = vec![0; len];
        read_exact_at(pack, &mut bytes, page.at)?;
        Ok(bytes)
    }

    /// Keep a page of this build as rendered (with its stand-ins) for the next one: added at
    /// the pack's end; what it read follows with [`Cache::keep_inputs`].
    pub fn keep(&self, job_key: String, path: &str, bytes: &[u8]) {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        if next.error.is_some() {
            return;
        }
        if let Err(e) = next.pack.write_all(bytes) {
            next.error = Some(e);
            return;
        }
        let at = next.end;
        next.end += bytes.len() as u64;
        next.pages.insert(
            job_key,
            Kept {
                path: path.to_string(),
                at,
                len: bytes.len() as u64,
                inputs: no_inputs(),
            },
        );
    }

    /// Keep a reused page for the next build where it is in the pack.
    pub fn keep_reused(&self, job_key: String, page: Reusable) {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        next.pages.insert(
            job_key,
            Kept {
                path: page.path,
                at: page.at,
                len: page.len,
                inputs: page.inputs,
            },
        );
    }

    /// What a page kept by [`Cache::keep`] read, each input hashed in this build's dataset.
    pub fn keep_inputs(&self, job_key: &str, inputs: Vec<(Input, u64)>) {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(kept) = next.pages.get_mut(job_key) {
            // A list of enums and numbers always serializes.
            kept.inputs = serde_json::value::to_raw_value(&inputs).unwrap_or_else(|_| no_inputs());
        }
    }

    /// Name this build's pages in the manifest, in place of the last build's; the pack is
    /// made compact first when less than half of it is still used. Called once the build's
    /// output is committed.
    pub fn save(self) -> std::io::Result<()> {
        let Cache {
            dir,
            key,
            next,
            last,
            ..
        } = self;
        drop(last);
        let mut next = next.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = next.error {
            return Err(e);
        }
        let pack = next.pack.into_inner().map_err(|e| e.into_error())?;
        pack.sync_all()?;
        drop(pack);
        let used: u64 = next.pages.values().map(|k| k.len).sum();
        // The old manifest goes before the pack it names changes.
        let _ = std::fs::remove_file(dir.join(MANIFEST));
        if next.end > 2 * used + COMPACT_SLACK {
            compact(&dir, &mut next.pages)?;
        }
        let manifest = Manifest {
            format: FORMAT,
            docket: env!("CARGO_PKG_VERSION").to_string(),
            key,
            pages: next.pages,
        };
        let temp = dir.join(format!("{MANIFEST}.next"));
        let mut out = BufWriter::new(File::create(&temp)?);
        serde_json::to_writer(&mut out, &manifest)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(temp, dir.join(MANIFEST))
    }
}

/// A page that read nothing (yet).
fn no_inputs() -> Box<RawValue> {
    RawValue::from_string("[]".to_string()).expect("`[]` is JSON")
}

/// Bytes of a pack that may go unused before it is made compact (besides as many as are used).
const COMPACT_SLACK: u64 = 16 * 1024 * 1024;

/// Copy the pages still used into a new pack, in the order they are in the old one, and put
/// it in the old one's place.
fn compact(dir: &Path, pages: &mut BTreeMap<String, Kept>) -> std::io::Result<()> {
    let old = File::open(dir.join(PACK))?;
    let temp = dir.join(format!("{PACK}.next"));
    let mut out = BufWriter::new(File::create(&temp)?);
    let mut order: Vec<&mut Kept> = pages.values_mut().collect();
    order.sort_unstable_by_key(|k| k.at);
    let mut end = 0;
    let mut bytes = Vec::new();
    for kept in order {
        bytes.resize(usize::try_from(kept.len).map_err(std::io::Error::other)?, 0);
        read_exact_at(&old, &mut bytes, kept.at)?;
        out.write_all(&bytes)?;
        kept.at = end;
        end += kept.len;
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::rename(temp, dir.join(PACK))
}

fn read_manifest(dir: &Path) -> Option<Manifest> {
    let file = File::open(dir.join(MANIFEST)).ok()?;
    serde_json::from_reader(std::io::BufReader::new(file)).ok()
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, buf, at)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(at: u64, len: u64) -> Kept {
        Kept {
            path: format!("{at}.html"),
            at,
            len,
            inputs: no_inputs(),
        }
    }

    #[test]
    fn compacting_keeps_only_the_pages_still_named_in_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PACK), b"aaaBBBBccDDDDD").unwrap();
        let mut pages =
            BTreeMap::from([("d".to_string(), kept(9, 5)), ("b".to_string(), kept(3, 4))]);
        compact(dir.path(), &mut pages).unwrap();
        assert_eq!(std::fs::read(dir.path().join(PACK)).unwrap(), b"BBBBDDDDD");
        assert_eq!((pages["b"].at, pages["b"].len), (0, 4));
        assert_eq!((pages["d"].at, pages["d"].len), (4, 5));
    }
}
