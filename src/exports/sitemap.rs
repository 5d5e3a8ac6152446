//! `/sitemap.xml` (the sitemaps.org protocol) and `/robots.txt` pointing at it.
//!
//! A sitemap holds at most 50,000 addresses; a bigger site gets `sitemap-1.xml`,
//! `sitemap-2.xml`, … and `sitemap.xml` becomes the index of them. Sitemaps need absolute
//! addresses, so without `base_url` only `robots.txt` is written.

use super::{Export, Meta};

/// The protocol's limit of addresses per file.
pub const MAX_URLS: usize = 50_000;
const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The folder address of an HTML file written by the build, or `None` for pages that must not
/// be listed (the 404 page).
fn folder_of(path: &str) -> Option<&str> {
    if path == "404.html" || !path.ends_with(".html") {
        return None;
    }
    Some(path.strip_suffix("index.html").unwrap_or(path))
}

/// Sitemap files and robots.txt for the HTML `pages` the build wrote.
pub fn sitemaps(meta: &Meta, pages: &[String]) -> Vec<Export> {
    let mut out = Vec::new();
    if !meta.urls.has_base_url() {
        out.push(Export::new("robots.txt", "User-agent: *\nAllow: /\n"));
        return out;
    }
    let mut folders: Vec<&str> = pages.iter().filter_map(|p| folder_of(p)).collect();
    folders.sort();
    folders.dedup();
    // Each page with the same page in every language of the site, when it has more than one.
    let languages: Vec<(&str, &str)> = meta.locales.iter().map(|l| (l.tag(), l.prefix())).collect();
    let mut urls: Vec<(String, String)> = folders
        .iter()
        .map(|folder| {
            let base = languages
                .iter()
                .filter(|(_, prefix)| !prefix.is_empty())
                .find_map(|(_, prefix)| folder.strip_prefix(prefix))
                .unwrap_or(folder);
            let alternates = if languages.len() > 1 {
                languages
                    .iter()
                    .map(|(tag, prefix)| {
                        format!(
                            "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                            crate::escape::xml_text(tag),
                            crate::escape::xml_text(
                                &meta.urls.permalink(&format!("{prefix}{base}"))
                            )
                        )
                    })
                    .collect()
            } else {
                String::new()
            };
            (meta.urls.permalink(folder), alternates)
        })
        .collect();
    urls.sort();
    urls.dedup();
    let chunks: Vec<&[(String, String)]> = urls.chunks(MAX_URLS).collect();
    if chunks.len() <= 1 {
        out.push(Export::new("sitemap.xml", urlset(&urls)));
    } else {
        let mut index = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"{NAMESPACE}\">\n"
        );
        for (i, chunk) in chunks.iter().enumerate() {
            let name = format!("sitemap-{}.xml", i + 1);
            index.push_str(&format!(
                "  <sitemap><loc>{}</loc></sitemap>\n",
                crate::escape::xml_text(&meta.urls.permalink(&name))
            ));
            out.push(Export::new(&name, urlset(chunk)));
        }
        index.push_str("</sitemapindex>\n");
        out.push(Export::new("sitemap.xml", index));
    }
    out.push(Export::new(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            meta.urls.permalink("sitemap.xml")
        ),
    ));
    out
}

/// A sitemap of `urls`, each with its translations' links (empty for a site in one language).
fn urlset(urls: &[(String, String)]) -> String {
    let mut xml = String::with_capacity(urls.len() * 80 + 200);
    let xhtml = if urls.iter().any(|(_, a)| !a.is_empty()) {
        " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""
    } else {
        ""
    };
    xml.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"{NAMESPACE}\"{xhtml}>\n"
    ));
    for (url, alternates) in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&crate::escape::xml_text(url));
        xml.push_str("</loc>");
        xml.push_str(alternates);
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_of_pages() {
        assert_eq!(folder_of("index.html"), Some(""));
        assert_eq!(folder_of("events/x/index.html"), Some("events/x/"));
        assert_eq!(folder_of("404.html"), None);
        assert_eq!(folder_of("style.css"), None);
    }

    #[test]
    fn big_sites_get_an_index() {
        let meta = Meta::for_tests("https://example.org/t");
        let pages: Vec<String> = (0..MAX_URLS + 1)
            .map(|i| format!("events/e{i}/index.html"))
            .collect();
        let files = sitemaps(&meta, &pages);
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap.xml",
                "robots.txt"
            ]
        );
        let index = String::from_utf8(files[2].bytes.clone()).unwrap();
        assert!(index.contains("<loc>https://example.org/t/sitemap-2.xml</loc>"));
        let robots = String::from_utf8(files[3].bytes.clone()).unwrap();
        assert!(robots.contains("Sitemap: https://example.org/t/sitemap.xml"));
    }

    #[test]
    fn no_base_url_no_sitemap() {
        let meta = Meta::for_tests("");
        let files = sitemaps(&meta, &["index.html".to_string()]);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, "robots.txt");
    }
}
