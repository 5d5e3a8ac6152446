//! Where exports are written: `build` streams them into its staging folder, so a download of
//! hundreds of megabytes never sits in memory whole; `serve` and tests collect them in memory.

use super::Export;
use crate::output::Staging;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

/// A destination for export files, by `/`-separated path inside the output folder.
pub trait ExportSink: Sync {
    /// Create the file at `path` and let `fill` write its bytes. Fails, with a message naming
    /// the file, when the file cannot be created or written.
    fn write_with(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), String>;

    /// Write the file at `path` whole.
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        self.write_with(path, &mut |out| out.write_all(bytes))
    }

    /// For a library that writes a file itself (SQLite): an empty file made at `path`'s place
    /// on disk, to write in place of holding it in memory; `None` from a sink that keeps its
    /// files in memory.
    fn file_for(&self, path: &str) -> Result<Option<PathBuf>, String> {
        let _ = path;
        Ok(None)
    }
}

impl ExportSink for Staging {
    fn write_with(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), String> {
        let mut file = self.create(path).map_err(|e| e.to_string())?;
        fill(&mut file)
            .and_then(|()| file.flush())
            .map_err(|e| format!("cannot write {}: {e}", self.dir().join(path).display()))
    }

    fn file_for(&self, path: &str) -> Result<Option<PathBuf>, String> {
        // Made like every other file (checked, inside the output, with its folders).
        drop(self.create(path).map_err(|e| e.to_string())?);
        self.resolve(path).map(Some).map_err(|e| e.to_string())
    }
}

/// Export files kept in memory, by path.
#[derive(Default)]
pub struct Collected {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Collected {
    /// Every file written, sorted by path.
    pub fn into_exports(self) -> Vec<Export> {
        let files = self
            .files
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        files
            .into_iter()
            .map(|(path, bytes)| Export { path, bytes })
            .collect()
    }
}

impl ExportSink for Collected {
    fn write_with(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), String> {
        let mut bytes = Vec::new();
        fill(&mut bytes).map_err(|e| format!("cannot make {path}: {e}"))?;
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

/// Counts the bytes that pass through, for the sizes the data page shows.
pub struct Counting<'w> {
    inner: &'w mut dyn Write,
    pub count: u64,
}

impl<'w> Counting<'w> {
    pub fn new(inner: &'w mut dyn Write) -> Counting<'w> {
        Counting { inner, count: 0 }
    }
}

impl Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count += n as u64;
        Ok(n)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf)?;
        self.count += buf.len() as u64;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
