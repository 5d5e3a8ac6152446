//! The stages only look down. This test reads `src/` and fails when a module imports one from
//! a stage above its own (or a stage beside it), when a module reaches up to the crate root,
//! when a new top-level module has no place in [`LAYERS`], or when two parts of one module
//! import each other (directly or round a longer circle).
//!
//! It reads `crate::…` and `super::…` paths outside comments and string literals; the binary's
//! own files (`main.rs`, `cli.rs`, `commands/`) use the library as `docket::…` and are not
//! read. `super::` is read as the file's parent, also inside an inline `mod tests` (which
//! should name its file's items with `super::*` and nothing above). Moving a module means
//! moving its name here, which is the point: the order below is the one `lib.rs` describes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's modules, bottom to top. A module may import any module of a lower row, never
/// one of its own row or a higher one.
const LAYERS: &[&[&str]] = &[
    // Leaves: nothing of docket's.
    &["escape", "clock", "files", "ids", "digest"],
    &["diagnostics"],
    &["yaml"],
    &["markdown"],
    // Everything users write, with its checks.
    &["records"],
    &["config"],
    // Reading the site: its records, and what its history says.
    &["load", "history"],
    &["dataset"],
    &["present"],
    &["figures", "output", "pdf"],
    &["exports"],
    &["render"],
    &["print"],
    &["build"],
    &["draft", "serve", "import"],
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The library's top-level modules, from `lib.rs`.
fn library_modules(lib: &str) -> BTreeSet<String> {
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .filter_map(|l| l.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

/// Every `.rs` file under `dir`, with its module path (`["records", "figure", "spec"]`).
fn files(dir: &Path, path: &[String], out: &mut Vec<(Vec<String>, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("src/ is readable").path())
        .collect();
    entries.sort();
    for entry in entries {
        let name = entry.file_name().unwrap().to_string_lossy().to_string();
        if entry.is_dir() {
            let mut inner = path.to_vec();
            inner.push(name);
            files(&entry, &inner, out);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            let mut module = path.to_vec();
            if stem != "mod" {
                module.push(stem.to_string());
            }
            let text = std::fs::read_to_string(&entry).expect("a source file is UTF-8");
            out.push((module, text));
        }
    }
}

/// The source without comments and without the insides of string and character literals,
/// so that only code is searched for paths.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && matches!(next, Some('#') | Some('"')) && !ident_before(&chars, i) {
            // A raw string: r"…" or r#"…"#.
            let mut hashes = 0;
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && is_char_literal(&chars, i) {
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// `'a'`, `'\n'`, `'\u{1f}'`, not a lifetime like `'a`.
fn is_char_literal(chars: &[char], i: usize) -> bool {
    match chars.get(i + 1) {
        Some('\\') => true,
        Some(_) => chars.get(i + 2) == Some(&'\''),
        None => false,
    }
}

/// Every path a file names, resolved against its module: `crate::a::b` → `[a, b]`;
/// `super::b` in `a::x` → `[a, b]`; the items of `crate::{a, b::c}` each on their own.
fn paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts = |word: &str| {
            let w: Vec<char> = word.chars().collect();
            bytes[i..].starts_with(&w) && !ident_before(&bytes, i)
        };
        let (base, len) = if starts("crate::") {
            (Vec::new(), "crate::".len())
        } else if starts("super::") {
            let mut base = module.to_vec();
            let mut j = i;
            while bytes[j..].starts_with(&"super::".chars().collect::<Vec<_>>()) {
                base.pop();
                j += "super::".len();
            }
            (base, j - i)
        } else {
            i += 1;
            continue;
        };
        i += len;
        for tail in tree(&bytes, &mut i) {
            let mut full = base.clone();
            full.extend(tail);
            out.push(full);
        }
    }
    out
}

/// The paths of a use tree starting at `i` (`a::b`, `{a, b::{c, d}}`), advancing `i`.
fn tree(chars: &[char], i: &mut usize) -> Vec<Vec<String>> {
    skip_space(chars, i);
    if chars.get(*i) == Some(&'{') {
        *i += 1;
        let mut all = Vec::new();
        loop {
            skip_space(chars, i);
            match chars.get(*i) {
                None => break,
                Some('}') => {
                    *i += 1;
                    break;
                }
                Some(',') => *i += 1,
                _ => {
                    let before = *i;
                    all.extend(tree(chars, i));
                    if *i == before {
                        *i += 1;
                    }
                }
            }
        }
        return all;
    }
    let mut segment = String::new();
    while let Some(&c) = chars.get(*i) {
        if c.is_alphanumeric() || c == '_' {
            segment.push(c);
            *i += 1;
        } else {
            break;
        }
    }
    if segment.is_empty() {
        return vec![Vec::new()];
    }
    if chars.get(*i) == Some(&':') && chars.get(*i + 1) == Some(&':') {
        *i += 2;
        return tree(chars, i)
            .into_iter()
            .map(|mut rest| {
                rest.insert(0, segment.clone());
                rest
            })
            .collect();
    }
    vec![vec![segment]]
}

fn skip_space(chars: &[char], i: &mut usize) {
    while chars.get(*i).is_some_and(|c| c.is_whitespace()) {
        *i += 1;
    }
}

struct Source {
    modules: BTreeSet<String>,
    /// Module path and the code of each library file.
    files: Vec<(Vec<String>, String)>,
}

fn source() -> Source {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("src/lib.rs is readable");
    let modules = library_modules(&lib);
    let mut all = Vec::new();
    files(&src(), &[], &mut all);
    let files = all
        .into_iter()
        .filter(|(module, _)| module.first().is_some_and(|top| modules.contains(top)))
        .map(|(module, text)| (module, code_only(&text)))
        .collect();
    Source { modules, files }
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|row| row.contains(&module))
}

#[test]
fn every_module_has_a_place_in_the_layers() {
    let source = source();
    let unplaced: Vec<&String> = source
        .modules
        .iter()
        .filter(|m| layer_of(m).is_none())
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules with no row in tests/layers.rs LAYERS: {unplaced:?}"
    );
    for row in LAYERS {
        for module in *row {
            assert!(
                source.modules.contains(*module),
                "LAYERS names `{module}`, which lib.rs does not declare"
            );
        }
    }
}

#[test]
fn every_stage_only_looks_down() {
    let source = source();
    let mut wrong = BTreeSet::new();
    for (module, code) in &source.files {
        let top = &module[0];
        let Some(own) = layer_of(top) else { continue };
        for path in paths(code, module) {
            let Some(first) = path.first() else { continue };
            if first == top {
                continue;
            }
            if !source.modules.contains(first) {
                wrong.insert(format!(
                    "{}: crate::{first} reaches up to the crate root",
                    module.join("::")
                ));
                continue;
            }
            let theirs = layer_of(first).unwrap_or(usize::MAX);
            if theirs >= own {
                wrong.insert(format!(
                    "{} imports {first}, which is not below it",
                    module.join("::")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "upward or sideways imports:\n{}",
        wrong.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn no_two_parts_of_a_module_import_each_other() {
    let source = source();
    // The parts of each module (its first-level submodules) and what each part imports.
    let mut parts: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (module, _) in &source.files {
        if module.len() >= 2 {
            parts
                .entry(module[0].as_str())
                .or_default()
                .insert(module[1].clone());
        }
    }
    let mut edges: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &source.files {
        if module.len() < 2 {
            continue; // a module's root declares its parts and may use them all
        }
        let (top, part) = (&module[0], &module[1]);
        for path in paths(code, module) {
            if path.len() >= 2
                && &path[0] == top
                && &path[1] != part
                && parts[top.as_str()].contains(&path[1])
            {
                edges
                    .entry((top.clone(), part.clone()))
                    .or_default()
                    .insert(path[1].clone());
            }
        }
    }
    let mut circles = Vec::new();
    for (top, names) in &parts {
        for start in names {
            // Is `start` reachable from one of the parts it imports?
            let mut seen = BTreeSet::new();
            let mut stack: Vec<String> = edges
                .get(&(top.to_string(), start.clone()))
                .map(|e| e.iter().cloned().collect())
                .unwrap_or_default();
            while let Some(part) = stack.pop() {
                if &part == start {
                    circles.push(format!("{top}::{start}"));
                    break;
                }
                if seen.insert(part.clone()) {
                    if let Some(next) = edges.get(&(top.to_string(), part)) {
                        stack.extend(next.iter().cloned());
                    }
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "parts of a module on an import circle: {circles:?}"
    );
}

/// The reader of paths itself: a checker that read nothing would pass every time.
#[test]
fn the_path_reader_finds_imports_and_skips_comments_and_strings() {
    let module: Vec<String> = vec!["render".into(), "pages".into()];
    let code = code_only(
        "use crate::{dataset::Dataset, present::{urls, views}};\n\
         // use crate::serve::Nope;\n\
         let s = \"crate::build\"; let r = r#\"crate::print\"#;\n\
         let c = '\"'; super::rows::Rows::new(); crate::figures::draw();",
    );
    let found: BTreeSet<String> = paths(&code, &module)
        .into_iter()
        .map(|p| p.join("::"))
        .collect();
    let expected: BTreeSet<String> = [
        "dataset::Dataset",
        "present::urls",
        "present::views",
        "render::rows::Rows::new",
        "figures::draw",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(found, expected);
    // And the real source has imports to check.
    let source = source();
    let count: usize = source
        .files
        .iter()
        .map(|(m, code)| paths(code, m).len())
        .sum();
    assert!(count > 500, "only {count} paths found in src/");
}
