//! A printed PDF made into a publication, and read back for its page numbers.
//!
//! Chromium writes the document's title (from `<title>`), its own user agent as the creator and
//! the wall clock as the creation date, and can be told none of it otherwise. [`finish`]
//! rewrites the document information and adds XMP metadata (title, authors, subject,
//! keywords, language, docket as the creator, dates from the build's clock or the data), and
//! a stable file identifier, so the same input gives the same bytes. [`destinations`] reads on
//! which page each linked-to anchor landed, for the contents page's numbers. Both with lopdf.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// What a PDF says about itself.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub title: String,
    /// People (or the organisation) who wrote it.
    pub authors: Vec<String>,
    pub subject: String,
    pub keywords: Vec<String>,
    /// BCP 47 language tag of its text (`en`, `fa`).
    pub language: String,
    /// The program that made it: `docket 0.4.0`.
    pub creator: String,
    /// What names the document across its versions (its permanent address, say): the first
    /// half of the file identifier and the XMP document id are made from it.
    pub identity: String,
    pub created: jiff::Timestamp,
    pub modified: jiff::Timestamp,
    /// The bookmarks, each pointing at a named destination; entries whose destination the PDF
    /// lacks are left out. Empty keeps the PDF's own outline.
    pub outline: Vec<OutlineEntry>,
}

/// One bookmark of the outline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutlineEntry {
    pub title: String,
    /// The named destination it opens: an element id of the page printed, linked to from it.
    pub dest: String,
    pub children: Vec<OutlineEntry>,
}

fn load(pdf: &[u8]) -> Result<Document, String> {
    Document::load_mem(pdf).map_err(|e| format!("cannot read the printed PDF: {e}"))
}

/// The page (counted from 1) each named destination of `pdf` points at: Chromium names one
/// after every element id that a link in the page points to.
pub fn destinations(pdf: &[u8]) -> Result<BTreeMap<String, usize>, String> {
    destinations_of(&load(pdf)?)
}

fn destinations_of(doc: &Document) -> Result<BTreeMap<String, usize>, String> {
    let pages: BTreeMap<ObjectId, usize> = doc
        .get_pages()
        .into_iter()
        .map(|(number, id)| (id, number as usize))
        .collect();
    let mut out = BTreeMap::new();
    let catalog = doc
        .catalog()
        .map_err(|e| format!("the printed PDF has no catalog: {e}"))?;
    let page_of = |dest: &Object| -> Option<usize> {
        let (_, dest) = doc.dereference(dest).ok()?;
        let array = match dest {
            Object::Dictionary(d) => doc.dereference(d.get(b"D").ok()?).ok()?.1.as_array().ok()?,
            other => other.as_array().ok()?,
        };
        pages.get(&array.first()?.as_reference().ok()?).copied()
    };
    // PDF 1.1 style: a dictionary of names (what Chromium writes).
    if let Ok(dests) = catalog.get_deref(b"Dests", doc).and_then(Object::as_dict) {
        for (name, dest) in dests.iter() {
            if let Some(page) = page_of(dest) {
                out.insert(String::from_utf8_lossy(name).into_owned(), page);
            }
        }
    }
    // PDF 1.2 style: a name tree under /Names /Dests.
    if let Ok(tree) = catalog
        .get_deref(b"Names", doc)
        .and_then(Object::as_dict)
        .and_then(|names| names.get_deref(b"Dests", doc))
        .and_then(Object::as_dict)
    {
        let mut nodes = vec![tree];
        while let Some(node) = nodes.pop() {
            if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
                nodes.extend(
                    kids.iter()
                        .filter_map(|k| doc.dereference(k).ok()?.1.as_dict().ok()),
                );
            }
            if let Ok(names) = node.get(b"Names").and_then(Object::as_array) {
                for pair in names.chunks(2) {
                    if let [Object::String(name, _), dest] = pair {
                        if let Some(page) = page_of(dest) {
                            out.insert(String::from_utf8_lossy(name).into_owned(), page);
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}

/// How many pages `pdf` has.
pub fn page_count(pdf: &[u8]) -> Result<usize, String> {
    Ok(load(pdf)?.get_pages().len())
}

/// `pdf` with `meta` as its document information and XMP metadata, its language, and a file
/// identifier made from its identity and its bytes. Nothing of the wall clock is left in it.
pub fn finish(pdf: &[u8], meta: &Metadata) -> Result<Vec<u8>, String> {
    let mut doc = load(pdf)?;
    let producer = doc
        .trailer
        .get_deref(b"Info", &doc)
        .and_then(Object::as_dict)
        .and_then(|info| info.get(b"Producer"))
        .ok()
        .and_then(|p| p.as_str().ok())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .unwrap_or_default();
    let producer = match producer.as_str() {
        "" => meta.creator.clone(),
        chromium => format!("{} with {chromium}", meta.creator),
    };
    let permanent = digest(meta.identity.as_bytes());
    renumber_node_ids(&mut doc);
    if !meta.outline.is_empty() {
        let named = destinations_of(&doc)?;
        set_outline(&mut doc, &meta.outline, &named)?;
    }

    let mut info = Dictionary::new();
    info.set("Title", text(&meta.title));
    if !meta.authors.is_empty() {
        info.set("Author", text(&meta.authors.join(", ")));
    }
    if !meta.subject.is_empty() {
        info.set("Subject", text(&meta.subject));
    }
    if !meta.keywords.is_empty() {
        info.set("Keywords", text(&meta.keywords.join("; ")));
    }
    info.set("Creator", text(&meta.creator));
    info.set("Producer", text(&producer));
    info.set("CreationDate", pdf_date(meta.created));
    info.set("ModDate", pdf_date(meta.modified));
    // Chromium's own information object is left unreferenced; lopdf keeps it, so empty it.
    if let Ok(old) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        doc.objects.insert(old, Object::Dictionary(info));
    } else {
        let id = doc.add_object(info);
        doc.trailer.set("Info", id);
    }

    // The instance half of the identifier is the hash of the document with it left blank.
    let xmp = |instance: &[u8; 16]| xmp(meta, &producer, &permanent, instance);
    let blank = [0u8; 16];
    let metadata = doc.add_object(Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp(&blank).into_bytes(),
    ));
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| format!("the printed PDF has no catalog: {e}"))?;
    let catalog = doc
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|e| format!("the printed PDF has no catalog: {e}"))?;
    catalog.set("Metadata", metadata);
    if !meta.language.is_empty() {
        catalog.set("Lang", text(&meta.language));
    }
    // Open on the outline, so a reader sees the document's sections.
    if catalog.has(b"Outlines") {
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    let mut viewer = Dictionary::new();
    viewer.set("DisplayDocTitle", true);
    catalog.set("ViewerPreferences", viewer);

    let set_id = |doc: &mut Document, instance: &[u8; 16]| {
        doc.trailer.set(
            "ID",
            vec![
                Object::String(permanent.to_vec(), StringFormat::Hexadecimal),
                Object::String(instance.to_vec(), StringFormat::Hexadecimal),
            ],
        );
        if let Ok(Object::Stream(stream)) = doc.get_object_mut(metadata) {
            stream.set_content(xmp(instance).into_bytes());
        }
    };
    set_id(&mut doc, &blank);
    let instance = digest(&save(&mut doc)?);
    set_id(&mut doc, &instance);
    save(&mut doc)
}

/// Chromium tags table cells with the ids of their DOM nodes (`node00001385`), which count
/// every node the browser process has made so far, so they differ between prints of the same
/// page. Renumbered from 1 in their own order (which the page fixes), they are the same every
/// time, and stay sorted for the structure tree's id tree.
fn renumber_node_ids(doc: &mut Document) {
    fn visit(object: &mut Object, f: &mut dyn FnMut(&mut Vec<u8>)) {
        match object {
            Object::String(bytes, _) => f(bytes),
            Object::Array(items) => items.iter_mut().for_each(|o| visit(o, f)),
            Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| visit(o, f)),
            Object::Stream(s) => s.dict.iter_mut().for_each(|(_, o)| visit(o, f)),
            _ => {}
        }
    }
    let is_node_id =
        |b: &[u8]| b.len() > 4 && b.starts_with(b"node") && b[4..].iter().all(u8::is_ascii_digit);
    let mut seen: BTreeMap<(usize, Vec<u8>), Vec<u8>> = BTreeMap::new();
    for object in doc.objects.values_mut() {
        visit(object, &mut |b| {
            if is_node_id(b) {
                seen.insert((b.len(), b.clone()), Vec::new());
            }
        });
    }
    if seen.is_empty() {
        return;
    }
    for (i, ((len, _), new)) in seen.iter_mut().enumerate() {
        *new = format!("node{:0width$}", i + 1, width = len - 4).into_bytes();
    }
    for object in doc.objects.values_mut() {
        visit(object, &mut |b| {
            if is_node_id(b) {
                if let Some(new) = seen.get(&(b.len(), b.clone())) {
                    *b = new.clone();
                }
            }
        });
    }
}

/// Replace the PDF's outline with `entries` (those whose destination is in `named`).
fn set_outline(
    doc: &mut Document,
    entries: &[OutlineEntry],
    named: &BTreeMap<String, usize>,
) -> Result<(), String> {
    fn present(entries: &[OutlineEntry], named: &BTreeMap<String, usize>) -> Vec<OutlineEntry> {
        entries
            .iter()
            .filter(|e| named.contains_key(&e.dest))
            .map(|e| OutlineEntry {
                children: present(&e.children, named),
                ..e.clone()
            })
            .collect()
    }
    /// Write `items` under `parent`; returns the first and last ids and how many items in all.
    fn write(
        doc: &mut Document,
        parent: ObjectId,
        items: &[OutlineEntry],
    ) -> Option<(ObjectId, ObjectId, i64)> {
        let ids: Vec<ObjectId> = items.iter().map(|_| doc.new_object_id()).collect();
        let mut count = 0;
        for (i, item) in items.iter().enumerate() {
            let mut d = Dictionary::new();
            d.set("Title", text(&item.title));
            d.set("Parent", parent);
            if i > 0 {
                d.set("Prev", ids[i - 1]);
            }
            if let Some(next) = ids.get(i + 1) {
                d.set("Next", *next);
            }
            d.set("Dest", Object::Name(item.dest.as_bytes().to_vec()));
            if let Some((first, last, n)) = write(doc, ids[i], &item.children) {
                d.set("First", first);
                d.set("Last", last);
                d.set("Count", n);
                count += n;
            }
            doc.objects.insert(ids[i], Object::Dictionary(d));
            count += 1;
        }
        Some((*ids.first()?, *ids.last()?, count))
    }
    let items = present(entries, named);
    let root_ref = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| format!("the printed PDF has no catalog: {e}"))?;
    let old = doc
        .get_object_mut(root_ref)
        .and_then(Object::as_dict_mut)
        .map_err(|e| format!("the printed PDF has no catalog: {e}"))?
        .remove(b"Outlines");
    if old.is_some() {
        doc.prune_objects();
    }
    let outlines = doc.new_object_id();
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"Outlines".to_vec()));
    if let Some((first, last, count)) = write(doc, outlines, &items) {
        root.set("First", first);
        root.set("Last", last);
        root.set("Count", count);
    }
    doc.objects.insert(outlines, Object::Dictionary(root));
    if let Ok(catalog) = doc.get_object_mut(root_ref).and_then(Object::as_dict_mut) {
        catalog.set("Outlines", outlines);
    }
    Ok(())
}

fn save(doc: &mut Document) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| format!("cannot write the PDF: {e}"))?;
    Ok(out)
}

/// The first 16 bytes of the SHA-256 of `bytes`.
fn digest(bytes: &[u8]) -> [u8; 16] {
    let hash = Sha256::digest(bytes);
    let mut out = [0u8; 16];
    out.copy_from_slice(&hash[..16]);
    out
}

/// A PDF text string: PDFDocEncoding for printable ASCII, else UTF-16BE with its mark.
fn text(value: &str) -> Object {
    if value.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Object::String(value.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xfe, 0xff];
    for unit in value.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `D:20190715000000Z`.
fn pdf_date(at: jiff::Timestamp) -> Object {
    let text = at.strftime("D:%Y%m%d%H%M%SZ").to_string();
    Object::String(text.into_bytes(), StringFormat::Literal)
}

/// `uuid:…` of 16 bytes.
fn uuid(bytes: &[u8; 16]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The XMP packet: the same facts as the document information, in the form archives and
/// accessibility checkers read.
fn xmp(meta: &Metadata, producer: &str, permanent: &[u8; 16], instance: &[u8; 16]) -> String {
    let esc = crate::escape::xml_text;
    let iso = |t: jiff::Timestamp| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let items = |kind: &str, values: &[String]| {
        let lis: String = values
            .iter()
            .map(|v| format!("<rdf:li>{}</rdf:li>", esc(v)))
            .collect();
        format!("<rdf:{kind}>{lis}</rdf:{kind}>")
    };
    let alt = |value: &str| {
        format!(
            "<rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt>",
            esc(value)
        )
    };
    let mut fields = vec![
        "<dc:format>application/pdf</dc:format>".to_string(),
        format!("<dc:title>{}</dc:title>", alt(&meta.title)),
    ];
    if !meta.authors.is_empty() {
        fields.push(format!(
            "<dc:creator>{}</dc:creator>",
            items("Seq", &meta.authors)
        ));
    }
    if !meta.subject.is_empty() {
        fields.push(format!(
            "<dc:description>{}</dc:description>",
            alt(&meta.subject)
        ));
    }
    if !meta.keywords.is_empty() {
        fields.push(format!(
            "<dc:subject>{}</dc:subject>",
            items("Bag", &meta.keywords)
        ));
        fields.push(format!(
            "<pdf:Keywords>{}</pdf:Keywords>",
            esc(&meta.keywords.join("; "))
        ));
    }
    if !meta.language.is_empty() {
        fields.push(format!(
            "<dc:language>{}</dc:language>",
            items("Bag", std::slice::from_ref(&meta.language))
        ));
    }
    fields.extend([
        format!("<pdf:Producer>{}</pdf:Producer>", esc(producer)),
        format!("<xmp:CreatorTool>{}</xmp:CreatorTool>", esc(&meta.creator)),
        format!("<xmp:CreateDate>{}</xmp:CreateDate>", iso(meta.created)),
        format!("<xmp:ModifyDate>{}</xmp:ModifyDate>", iso(meta.modified)),
        format!(
            "<xmp:MetadataDate>{}</xmp:MetadataDate>",
            iso(meta.modified)
        ),
        format!("<xmpMM:DocumentID>{}</xmpMM:DocumentID>", uuid(permanent)),
        format!("<xmpMM:InstanceID>{}</xmpMM:InstanceID>", uuid(instance)),
    ]);
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n{}\n</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>",
        fields.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_ascii_or_utf16() {
        assert_eq!(
            text("Q2 2019"),
            Object::String(b"Q2 2019".to_vec(), StringFormat::Literal)
        );
        let Object::String(bytes, StringFormat::Hexadecimal) = text("2018–2020") else {
            panic!("not UTF-16");
        };
        assert_eq!(&bytes[..4], &[0xfe, 0xff, 0, b'2']);
    }

    #[test]
    fn ids_and_dates() {
        assert_eq!(
            uuid(&[0xab; 16]),
            "uuid:abababab-abab-abab-abab-abababababab"
        );
        let at: jiff::Timestamp = "2019-07-15T00:00:00Z".parse().unwrap();
        assert_eq!(
            pdf_date(at),
            Object::String(b"D:20190715000000Z".to_vec(), StringFormat::Literal)
        );
    }

    #[test]
    fn xmp_escapes_what_it_is_given() {
        let meta = Metadata {
            title: "<Q2> & \"more\"".into(),
            authors: vec!["A. </rdf:li>".into()],
            ..Metadata::default()
        };
        let packet = xmp(&meta, "p", &[0; 16], &[1; 16]);
        assert!(
            packet.contains("&lt;Q2&gt; &amp; &quot;more&quot;"),
            "{packet}"
        );
        assert!(packet.contains("A. &lt;/rdf:li&gt;"), "{packet}");
    }
}
