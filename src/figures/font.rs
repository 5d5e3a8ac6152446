//! The one font charts are measured with, compiled into the binary: the theme's family, Noto
//! Sans (with the symbols of Noto Sans Math and the letters of Noto Sans Arabic; SIL Open Font
//! License 1.1, text in `fonts/OFL.txt`), joined into one file by
//! `themes/default/fonts/subset.py`. Nothing is looked up on the system, so a chart is laid out
//! the same on every machine, and measured with the letters the page and the PDF draw it in.

use plotters::style::{register_font, FontStyle};
use std::sync::OnceLock;

/// The family written into every `<text>`: the theme's bundled family (its `@font-face` rules
/// are in `style.css`), then Arial (a little narrower, so labels still fit) for a chart opened
/// on its own, then any sans-serif.
pub const FAMILY: &str = "Noto Sans, Arial, sans-serif";

static NOTO_SANS: &[u8] = include_bytes!("fonts/noto-sans-charts.ttf");

/// Register the font with Plotters once per process.
pub fn ensure() -> Result<(), String> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok =
        *REGISTERED.get_or_init(|| register_font(FAMILY, FontStyle::Normal, NOTO_SANS).is_ok());
    if ok {
        Ok(())
    } else {
        Err("the built-in chart font could not be read".into())
    }
}
