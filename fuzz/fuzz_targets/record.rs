//! An event record, from raw bytes through decoding (byte-order mark, UTF-8), YAML parsing and
//! every check, as the loader reads a file. Whatever the input, checking must not panic, every
//! problem must point inside the file, and a record that passes must render to safe HTML.

#![no_main]

use docket::records::{check_event, Known};
use docket::records::vocab::Vocabularies;
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::sync::OnceLock;

fn vocab() -> &'static Vocabularies {
    static VOCAB: OnceLock<Vocabularies> = OnceLock::new();
    VOCAB.get_or_init(Vocabularies::builtin)
}

fn keys(list: &[&str]) -> HashSet<String> {
    list.iter().map(|k| k.to_string()).collect()
}

fuzz_target!(|data: &[u8]| {
    let text = match docket::files::decode(data.to_vec()) {
        Ok(text) => text,
        Err(refusal) => {
            // A bad byte is placed inside the file, on a line that exists.
            let (line, column) = refusal.position().expect("a decoding problem has a place");
            let lossy = String::from_utf8_lossy(data);
            let lines = lossy.replace("\r\n", "\n").split(['\n', '\r']).count();
            assert!(line >= 1 && line <= lines && column >= 1, "{refusal} in {lines} lines");
            return;
        }
    };
    let text = text.as_str();
    let events = keys(&["2019-05-28-facebook-iran", "2020-01-01-twitter-x"]);
    let actors = keys(&["irib"]);
    let operations = keys(&["endless-mayfly"]);
    let known = Known {
        vocab: vocab(),
        events: &events,
        actors: &actors,
        operations: &operations,
        today: jiff::civil::date(2027, 1, 1),
    };
    let file = "content/events/fuzzed.yaml";
    let (event, diagnostics) = check_event("fuzzed", file, text, &known);
    // Lines as YAML counts them: LF, CRLF or a lone CR ends one.
    let lines = text.replace("\r\n", "\n").split(['\n', '\r']).count();
    for d in &diagnostics {
        assert_eq!(d.file, file);
        if let Some(span) = d.span {
            assert!(
                span.line >= 1 && span.line <= lines,
                "{d:?} outside {lines} lines"
            );
            assert!(span.column >= 1, "{d:?}");
        }
    }
    if let Some(event) = event {
        for source in &event.sources {
            assert!(docket::records::check_http_url(&source.url).is_ok());
        }
        let html = docket::markdown::to_html(&event.summary);
        assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
    }
});
