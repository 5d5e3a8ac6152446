//! The one font charts are measured with, compiled into the binary: DejaVu Sans (Bitstream Vera
//! licence, text in `fonts/LICENSE`). Nothing is looked up on the system, so a chart is laid out
//! the same on every machine.

use plotters::style::{register_font, FontStyle};
use std::sync::OnceLock;

/// The family written into every `<text>`: the font measured with first, then Verdana (near
/// the same widths), then any sans-serif. DejaVu Sans is wide, so labels that fit in it fit in
/// the fallbacks too.
pub const FAMILY: &str = "DejaVu Sans, Verdana, sans-serif";

static DEJAVU_SANS: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");

/// Register the font with Plotters once per process.
pub fn ensure() -> Result<(), String> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok =
        *REGISTERED.get_or_init(|| register_font(FAMILY, FontStyle::Normal, DEJAVU_SANS).is_ok());
    if ok {
        Ok(())
    } else {
        Err("the built-in chart font could not be read".into())
    }
}
