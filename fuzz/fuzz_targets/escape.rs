//! The shared escaping layer, with arbitrary text: the terminal and CI-log neutraliser, XML
//! text escaping and cleaning, the JSON pass, and the CSV formula rule. Whatever the input, no
//! raw control character is printed, no printed line can start a workflow command, XML text
//! holds no forbidden character and no markup, and no CSV cell starts a formula.

#![no_main]

use docket::escape::{
    is_bidi_control, is_invisible, is_xml_char, json, terminal, terminal_lines, xml_clean,
    xml_text,
};
use docket::escape::csv::{neutralise, to_string};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    let line = terminal(&text);
    assert!(!line.contains('\n'), "{line:?}");
    check_printed(&line);
    check_printed(&format!("error: {line}"));
    for printed in terminal_lines(&text).split('\n') {
        check_printed(printed);
    }

    let escaped = xml_text(&text);
    assert!(escaped.chars().all(is_xml_char), "{escaped:?}");
    assert!(!escaped.contains(['<', '>', '"', '\'']), "{escaped:?}");
    for (i, _) in escaped.match_indices('&') {
        let rest = &escaped[i..];
        assert!(
            ["&lt;", "&gt;", "&amp;", "&quot;", "&#39;"]
                .iter()
                .any(|e| rest.starts_with(e)),
            "{escaped:?}"
        );
    }
    let clean = xml_clean(&text);
    assert!(clean.chars().all(is_xml_char), "{clean:?}");

    let encoded = serde_json::to_string(&*text).expect("a string serialises");
    let safe = json(&encoded);
    assert!(!safe.chars().any(hidden), "{safe:?}");
    let back: String = serde_json::from_str(&safe).expect("still JSON");
    assert_eq!(back, *text);

    let cell = neutralise(&text);
    assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']), "{cell:?}");
    let csv = to_string(&[vec![text.to_string(), "x".into()]]);
    let first = csv.strip_prefix('"').unwrap_or(&csv);
    assert!(!first.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']), "{csv:?}");
});

/// What a terminal or a CI log would act on or hide.
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\t') || is_bidi_control(c) || is_invisible(c)
}

/// One printed line: nothing hidden, and not a GitHub workflow command (the runner trims
/// leading white space before it looks).
fn check_printed(line: &str) {
    assert!(!line.chars().any(hidden), "{line:?}");
    assert!(!line.trim_start().starts_with("::"), "{line:?}");
}
