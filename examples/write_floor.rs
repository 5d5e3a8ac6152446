//! The write floor: how long a minimal program takes just to write the files a build wrote.
//!
//! `cargo run --release --example write_floor -- BUILT_TREE DEST [RUNS]` reads the paths and sizes
//! of every file in BUILT_TREE, then (RUNS times) writes the same paths with the same sizes of
//! filler bytes into a fresh folder `DEST/run-N`, one buffered write per file, and prints the
//! median wall time. docket's build time divided by this number is how close docket is to the
//! disk's limit.
//!
//! Nothing is deleted between runs: on ext4 without a journal (as on the benchmark machine), a
//! new inode is not given a number freed in the last one to six minutes, and the allocator checks
//! every such number it passes over. Right after removing a 10,000-file tree, writing the same
//! tree again took 4 s instead of 0.4 s. So DEST is left in place: the caller removes it once
//! nothing more is being timed.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn list(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, u64)>) {
    for entry in fs::read_dir(dir).expect("read tree") {
        let entry = entry.expect("entry");
        let path = entry.path();
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            list(root, &path, out);
        } else if kind.is_file() {
            let size = entry.metadata().expect("metadata").len();
            out.push((path.strip_prefix(root).expect("inside").to_path_buf(), size));
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (tree, dest) = match args.as_slice() {
        [_, tree, dest, ..] => (PathBuf::from(tree), PathBuf::from(dest)),
        _ => {
            eprintln!("usage: write_floor BUILT_TREE DEST [RUNS]");
            std::process::exit(2);
        }
    };
    if dest.exists() {
        eprintln!(
            "{} exists: the floor writes into a fresh folder",
            dest.display()
        );
        std::process::exit(2);
    }
    let runs: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(3);
    let mut files = Vec::new();
    list(&tree, &tree, &mut files);
    files.sort();
    let bytes: u64 = files.iter().map(|(_, s)| s).sum();
    let filler = vec![b'x'; files.iter().map(|(_, s)| *s as usize).max().unwrap_or(0)];
    let mut times = Vec::new();
    for run in 0..runs {
        let dest = dest.join(format!("run-{run}"));
        let start = Instant::now();
        for (path, size) in &files {
            let full = dest.join(path);
            if let Some(parent) = full.parent() {
                fs::create_dir_all(parent).expect("create folder");
            }
            fs::write(&full, &filler[..*size as usize]).expect("write file");
        }
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "files={} bytes={} median_seconds={:.3} runs={:?}",
        files.len(),
        bytes,
        times[times.len() / 2],
        times.iter().map(|t| format!("{t:.3}")).collect::<Vec<_>>()
    );
}
