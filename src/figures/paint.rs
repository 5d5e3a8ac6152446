//! The colours of a chart. Everything that is not data (background, text, gridlines, axes, the
//! palette of series that are not platforms, the greys of "Other", "none" and "several") is a
//! theme colour: it is written as a class (`cf-ink` for a fill, `cs-grid` for a stroke) that the
//! theme's stylesheet maps to a custom property (`--chart-ink`), for light and dark schemes,
//! with the light colour as the element's own attribute so that the SVG file on its own still
//! draws sensibly. Platform colours from the organisation vocabulary are data: they are written
//! as they are, the same in both schemes.

use super::grouped::Group;
use plotters::style::RGBColor;

/// A colour the theme decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// The chart's background.
    Bg,
    /// Labels that carry meaning.
    Ink,
    /// Ticks, axis titles, secondary labels.
    Muted,
    Grid,
    Axis,
    /// A single series that has no colour of its own.
    Accent,
    /// The palette of series that are not platforms (0-based).
    Series(u8),
    /// The group that collects what `top` leaves out.
    Other,
    /// Events with no value for the dimension (no platform, unattributed).
    None,
    /// Events that fall under more than one series of a stacked bar.
    Several,
}

/// Colours of series that are not platforms: a colour-blind-safe set after Okabe and Ito.
const PALETTE: [RGBColor; 7] = [
    RGBColor(0x0a, 0x51, 0x90),
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0x00, 0x9e, 0x73),
    RGBColor(0xcc, 0x79, 0xa7),
    RGBColor(0x56, 0xb4, 0xe9),
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0x6a, 0x3d, 0x9a),
];

impl Token {
    /// The colour written into the SVG itself: the light theme's, for the file on its own.
    pub fn fallback(self) -> RGBColor {
        match self {
            Token::Bg => RGBColor(0xff, 0xff, 0xff),
            Token::Ink => RGBColor(0x15, 0x19, 0x1e),
            Token::Muted => RGBColor(0x59, 0x63, 0x6f),
            Token::Grid => RGBColor(0xdd, 0xe1, 0xe6),
            Token::Axis => RGBColor(0xaa, 0xb2, 0xbc),
            Token::Accent => RGBColor(0x0a, 0x51, 0x90),
            Token::Series(i) => PALETTE[usize::from(i) % PALETTE.len()],
            Token::Other => RGBColor(0x9a, 0xa3, 0xad),
            Token::None => RGBColor(0xc9, 0xce, 0xd4),
            Token::Several => RGBColor(0x4b, 0x55, 0x63),
        }
    }

    /// The name in classes and custom properties: `ink`, `c3`.
    pub fn name(self) -> String {
        match self {
            Token::Bg => "bg".into(),
            Token::Ink => "ink".into(),
            Token::Muted => "muted".into(),
            Token::Grid => "grid".into(),
            Token::Axis => "axis".into(),
            Token::Accent => "accent".into(),
            Token::Series(i) => format!("c{}", usize::from(i) % PALETTE.len() + 1),
            Token::Other => "other".into(),
            Token::None => "none".into(),
            Token::Several => "several".into(),
        }
    }
}

/// A colour as drawn: the theme's, or a platform's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Theme(Token),
    Data(RGBColor),
}

impl Paint {
    pub fn rgb(self) -> RGBColor {
        match self {
            Paint::Theme(t) => t.fallback(),
            Paint::Data(c) => c,
        }
    }

    /// The class that lets the theme fill with it (`cf-ink`), or none for a data colour.
    pub fn fill_class(self) -> Option<String> {
        match self {
            Paint::Theme(t) => Some(format!("cf-{}", t.name())),
            Paint::Data(_) => None,
        }
    }

    /// The class that lets the theme stroke with it (`cs-grid`), or none for a data colour.
    pub fn stroke_class(self) -> Option<String> {
        match self {
            Paint::Theme(t) => Some(format!("cs-{}", t.name())),
            Paint::Data(_) => None,
        }
    }
}

impl From<Token> for Paint {
    fn from(t: Token) -> Paint {
        Paint::Theme(t)
    }
}

/// `#rrggbb` → colour; anything else is no colour.
pub fn parse_color(hex: &str) -> Option<RGBColor> {
    let h = hex.strip_prefix('#').unwrap_or(hex);
    let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    (h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| RGBColor(byte(0), byte(2), byte(4)))
}

/// The colour of one group: its platform colour where it has one, grey for "Other", for events
/// with no value and for "several", and otherwise `free` (the next palette colour).
fn group_paint(g: &Group, free: &mut dyn Iterator<Item = u8>) -> Paint {
    if g.is_other() {
        Token::Other.into()
    } else if g.is_several() {
        Token::Several.into()
    } else if g.key.is_empty() {
        Token::None.into()
    } else if let Some(c) = g.color.as_deref().and_then(parse_color) {
        Paint::Data(c)
    } else {
        Paint::Theme(free.next().map_or(Token::Accent, Token::Series))
    }
}

/// Colours of a set of groups, in order: platform colours where they have one, greys for the
/// groups that are not one value, and palette colours (skipping those a platform already uses)
/// for the rest. The legend and the marks both read this one list.
pub fn group_paints(groups: &[Group]) -> Vec<Paint> {
    let taken: Vec<RGBColor> = groups
        .iter()
        .filter_map(|g| g.color.as_deref().and_then(parse_color))
        .collect();
    let mut free = (0..PALETTE.len() as u8)
        .filter(|&i| !taken.contains(&PALETTE[usize::from(i)]))
        .cycle();
    groups.iter().map(|g| group_paint(g, &mut free)).collect()
}

/// The colour of a bar with no series: its platform's when `x` is platforms, else the accent.
pub fn bar_paint(g: &Group) -> Paint {
    group_paint(g, &mut std::iter::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(key: &str, color: Option<&str>) -> Group {
        Group {
            key: key.into(),
            label: key.into(),
            color: color.map(String::from),
        }
    }

    #[test]
    fn palette_colours_skip_those_platforms_use() {
        let groups = [
            group("facebook", Some("#0a5190")),
            group("b", None),
            group("", None),
            group("other", None),
        ];
        let paints = group_paints(&groups);
        assert_eq!(paints[0], Paint::Data(RGBColor(0x0a, 0x51, 0x90)));
        assert_eq!(paints[1], Paint::Theme(Token::Series(1)));
        assert_eq!(paints[2], Paint::Theme(Token::None));
        assert_eq!(paints[3], Paint::Theme(Token::Other));
    }

    #[test]
    fn only_six_digit_hex_is_a_colour() {
        assert_eq!(parse_color("#FFaa00"), Some(RGBColor(0xff, 0xaa, 0x00)));
        assert_eq!(parse_color("red"), None);
        assert_eq!(parse_color("#fff"), None);
    }
}
