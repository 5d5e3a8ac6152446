//! Templates and static files: the built-in default theme, overridden file by file by
//! `themes/<theme>/` and then by the site's own `templates/` and `static/`.

use crate::config::SiteConfig;
use crate::diagnostics::{display_path, Diagnostic, Diagnostics};
use crate::files::{Kind, Reader};
use std::collections::BTreeMap;
use std::path::Path;
use tera::Tera;

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, compiled into the binary.
const TEMPLATES: &[(&str, &str)] = builtin![
    "base.html",
    "home.html",
    "events.html",
    "event.html",
    "taxonomy_index.html",
    "taxonomy_term.html",
    "page.html",
    "partials/rows.html",
    "partials/row.html",
    "partials/totals.html",
    "partials/pagination.html",
    "partials/withdrawn.html",
    "partials/citation.html",
    "browse.html",
    "figure.html",
    "figures.html",
    "data.html",
    "changelog.html",
    "404.html",
    "feed.xml",
    "briefings.html",
    "briefing.html",
];

/// The default theme's static files, copied to the output root.
const STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "print.css",
        include_bytes!("../../themes/default/static/print.css"),
    ),
    (
        "briefing.css",
        include_bytes!("../../themes/default/static/briefing.css"),
    ),
    (
        "docket.js",
        include_bytes!("../../themes/default/static/docket.js"),
    ),
    // The one font family of pages, charts and PDFs (themes/default/fonts/subset.py).
    (
        "fonts/OFL.txt",
        include_bytes!("../../themes/default/static/fonts/OFL.txt"),
    ),
    (
        "fonts/noto-sans-latin-regular.woff2",
        include_bytes!("../../themes/default/static/fonts/noto-sans-latin-regular.woff2"),
    ),
    (
        "fonts/noto-sans-latin-bold.woff2",
        include_bytes!("../../themes/default/static/fonts/noto-sans-latin-bold.woff2"),
    ),
    (
        "fonts/noto-sans-latin-italic.woff2",
        include_bytes!("../../themes/default/static/fonts/noto-sans-latin-italic.woff2"),
    ),
    (
        "fonts/noto-sans-latin-bold-italic.woff2",
        include_bytes!("../../themes/default/static/fonts/noto-sans-latin-bold-italic.woff2"),
    ),
    (
        "fonts/noto-sans-extended-regular.woff2",
        include_bytes!("../../themes/default/static/fonts/noto-sans-extended-regular.woff2"),
    ),
    (
        "fonts/noto-sans-extended-bold.woff2",
        include_bytes!("../../themes/default/static/fonts/noto-sans-extended-bold.woff2"),
    ),
    (
        "fonts/noto-sans-extended-italic.woff2",
        include_bytes!("../../themes/default/static/fonts/noto-sans-extended-italic.woff2"),
    ),
    (
        "fonts/noto-sans-extended-bold-italic.woff2",
        include_bytes!("../../themes/default/static/fonts/noto-sans-extended-bold-italic.woff2"),
    ),
    (
        "fonts/noto-sans-arabic-regular.woff2",
        include_bytes!("../../themes/default/static/fonts/noto-sans-arabic-regular.woff2"),
    ),
    (
        "fonts/noto-sans-arabic-bold.woff2",
        include_bytes!("../../themes/default/static/fonts/noto-sans-arabic-bold.woff2"),
    ),
    (
        "fonts/noto-sans-symbols-regular.woff2",
        include_bytes!("../../themes/default/static/fonts/noto-sans-symbols-regular.woff2"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
];

/// Largest template or static file read from a site (templates are trusted, but a stray huge
/// file is still a mistake worth naming).
const MAX_THEME_FILE: u64 = 16 * 1024 * 1024;

/// Build the Tera environment: built-in templates first, then the theme's, then the site's.
pub fn templates(root: &Path, config: &SiteConfig) -> Result<Tera, Diagnostics> {
    compile(&template_sources(root, config)?)
}

/// Every template by name: built-in first, then the theme's, then the site's.
pub fn template_sources(
    root: &Path,
    config: &SiteConfig,
) -> Result<BTreeMap<String, String>, Diagnostics> {
    let mut sources: BTreeMap<String, String> = TEMPLATES
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    let mut problems = Diagnostics::new();
    if let Some(theme) = &config.theme {
        if !Reader::new(root, MAX_THEME_FILE).is_folder(&root.join("themes").join(theme)) {
            problems.push(
                Diagnostic::error(crate::config::FILE_NAME, format!("theme `{theme}` not found"))
                    .at_field("theme")
                    .with_hint(format!("create themes/{theme}/ (with templates/ and static/), or remove the setting to use the built-in theme")),
            );
        }
    }
    let reader = Reader::new(root, MAX_THEME_FILE);
    for dir in override_dirs(root, config, "templates") {
        for (name, path) in files_under(&reader, &dir, &mut problems) {
            match reader.read_text(&path) {
                Ok(text) => {
                    sources.insert(name, text);
                }
                Err(e) => problems.push(Diagnostic::error(
                    display_path(root, &path),
                    format!("cannot read template: {e}"),
                )),
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(sources)
}

/// The Tera environment of these templates.
pub fn compile(sources: &BTreeMap<String, String>) -> Result<Tera, Diagnostics> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    crate::figures::register_placeholder(&mut tera);
    super::i18n::register_placeholders(&mut tera);
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(
            "templates",
            format!("template error: {}", tera_message(&e)),
        ));
        return Err(d);
    }
    Ok(tera)
}

/// Static files to copy, by output path: built-in, then theme, then site.
pub fn static_files(
    root: &Path,
    config: &SiteConfig,
) -> Result<BTreeMap<String, Vec<u8>>, Diagnostics> {
    let mut files: BTreeMap<String, Vec<u8>> = STATIC
        .iter()
        .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
        .collect();
    let mut problems = Diagnostics::new();
    let reader = Reader::new(root, MAX_THEME_FILE);
    for dir in override_dirs(root, config, "static") {
        for (name, path) in files_under(&reader, &dir, &mut problems) {
            match reader.read(&path) {
                Ok(bytes) => {
                    files.insert(name, bytes);
                }
                Err(e) => problems.push(Diagnostic::error(
                    display_path(root, &path),
                    format!("cannot read static file: {e}"),
                )),
            }
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(files)
}

fn override_dirs(root: &Path, config: &SiteConfig, kind: &str) -> Vec<std::path::PathBuf> {
    let mut dirs = Vec::new();
    if let Some(theme) = &config.theme {
        dirs.push(root.join("themes").join(theme).join(kind));
    }
    dirs.push(root.join(kind));
    dirs
}

/// Regular files under `dir` by their `/`-separated relative name. Symbolic links (the folder
/// itself among them) and special files are refused, so a theme can never pull in files from
/// outside the site or block on a FIFO.
fn files_under(
    reader: &Reader,
    dir: &Path,
    problems: &mut Diagnostics,
) -> Vec<(String, std::path::PathBuf)> {
    let root = reader.root();
    let mut out = Vec::new();
    for item in reader.list(dir) {
        let Ok(item) = item else { continue };
        let display = display_path(root, &item.path);
        match item.kind {
            Kind::Link => problems.push(
                Diagnostic::error(
                    display,
                    "symbolic links are not followed in themes, templates or static files",
                )
                .with_hint("a link could publish files from outside the site; copy the file into the site instead"),
            ),
            Kind::Special => problems.push(Diagnostic::error(
                display,
                "not a regular file: themes, templates and static/ may hold only files and folders",
            )),
            Kind::Folder => {}
            Kind::File => out.push((display_path(dir, &item.path), item.path)),
        }
    }
    out
}

/// Tera's error with its causes, on one line each.
pub fn tera_message(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    message
}

/// The `[publisher]` files (logo, favicon, social image) that no static folder holds: each an
/// error located at its setting in `site.toml`, so a typo fails `docket check`, not a reader's
/// browser.
pub fn missing_publisher_files(root: &Path, config: &SiteConfig) -> Diagnostics {
    let mut problems = Diagnostics::new();
    let dirs = override_dirs(root, config, "static");
    let reader = Reader::new(root, crate::yaml::LARGEST_FILE_LIMIT);
    let text = reader
        .read_text(Path::new(crate::config::FILE_NAME))
        .unwrap_or_default();
    for (field, file) in config.publisher.files() {
        let built_in = STATIC.iter().any(|(name, _)| *name == file);
        // Only a regular file counts: a link or a folder is never copied.
        let in_site = dirs.iter().any(|dir| {
            dir.join(file)
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_file())
        });
        if built_in || in_site {
            continue;
        }
        let key = field.rsplit('.').next().unwrap_or(field);
        // The setting's line: the first that starts with its key, after `[publisher]`.
        let table = text.find("[publisher]").unwrap_or(0);
        let at = text[table..]
            .split_inclusive('\n')
            .scan(table, |offset, line| {
                let start = *offset;
                *offset += line.len();
                Some((start, line))
            })
            .find(|(_, line)| line.trim_start().starts_with(key))
            .map_or(table, |(start, line)| {
                start + line.len() - line.trim_start().len()
            });
        let folders: Vec<String> = dirs.iter().map(|d| display_path(root, d)).collect();
        problems.push(
            Diagnostic::error(
                crate::config::FILE_NAME,
                format!("`{file}` is not in the site's static files"),
            )
            .at_field(field)
            .with_span(crate::diagnostics::span_at(&text, at))
            .with_hint(format!(
                "put the file at {}/{file}, or correct the name",
                folders.last().map_or("static", String::as_str)
            )),
        );
    }
    problems
}
