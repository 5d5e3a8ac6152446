#!/usr/bin/env python3
"""Make the default theme's fonts from Noto Sans, Noto Sans Arabic and Noto Sans Math.

The theme has one font family, "Noto Sans", for the site, the charts and the printed briefings:
every machine that builds or prints a site draws the same letters. Its faces come from three
Noto families (SIL Open Font License 1.1, OFL.txt beside the fonts), cut into files by
Unicode range so a page downloads only what its text needs:

  static/fonts/noto-sans-{latin,extended}-{regular,bold,italic,bold-italic}.woff2
      Noto Sans: basic Latin and punctuation; Latin Extended (Vietnamese too), Greek, Cyrillic
  static/fonts/noto-sans-arabic-{regular,bold}.woff2
      Noto Sans Arabic: Arabic and Persian, with Arabic-Indic and Persian digits
  static/fonts/noto-sans-symbols-regular.woff2
      Noto Sans Math: the arrows and operators Noto Sans lacks (≈ ≥ ≤ → −)

and the @font-face rules for them, written between the `fonts:` markers at the top of
static/style.css, each with the `unicode-range` of exactly the characters its file holds.
Charts are measured with one TrueType file that joins the same Latin, symbol and Arabic glyphs
(src/figures/fonts/noto-sans-charts.ttf): Plotters takes one font per family.

Hinting is left out (browsers and Chromium's PDF do not need it; it doubles the files).

usage: python3 -m venv .venv && .venv/bin/pip install fonttools==4.69.1 brotli==1.2.1
       .venv/bin/python themes/default/fonts/subset.py [NOTO_DIR]
NOTO_DIR defaults to /usr/share/fonts/truetype/noto (Debian's fonts-noto-core 20201225).
"""
import os
import sys
from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

HERE = os.path.dirname(os.path.abspath(__file__))
THEME = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(THEME))
NOTO = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/noto"
OUT = os.path.join(THEME, "static", "fonts")
CHARTS = os.path.join(REPO, "src", "figures", "fonts", "noto-sans-charts.ttf")
STYLE = os.path.join(THEME, "static", "style.css")
FAMILY = "Noto Sans"

# Google Fonts' "latin" range: what English, French, Spanish and German need.
LATIN = [(0x0000, 0x00FF), (0x0131, 0x0131), (0x0152, 0x0153), (0x02BB, 0x02BC), (0x02C6, 0x02C6),
         (0x02DA, 0x02DA), (0x02DC, 0x02DC), (0x0304, 0x0304), (0x0308, 0x0308), (0x0329, 0x0329),
         (0x2000, 0x206F), (0x20AC, 0x20AC), (0x2122, 0x2122), (0x2191, 0x2191), (0x2193, 0x2193),
         (0x2212, 0x2212), (0x2215, 0x2215), (0xFEFF, 0xFEFF), (0xFFFD, 0xFFFD)]
# Everything else Noto Sans has in these blocks.
EXTENDED = [(0x0100, 0x036F), (0x0370, 0x03FF), (0x0400, 0x052F), (0x1C80, 0x1C8F),
            (0x1D00, 0x1DBF), (0x1E00, 0x1FFF), (0x20A0, 0x20CF), (0x2100, 0x218F),
            (0x2C60, 0x2C7F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F), (0xA720, 0xA7FF)]
ARABIC = [(0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF),
          (0xFE70, 0xFEFF), (0x200C, 0x200F), (0x25CC, 0x25CC)]
SYMBOLS = [(0x2190, 0x21FF), (0x2200, 0x22FF), (0x25A0, 0x25FF)]

STYLES = [("regular", "Regular", 400, "normal"), ("bold", "Bold", 700, "normal"),
          ("italic", "Italic", 400, "italic"), ("bold-italic", "BoldItalic", 700, "italic")]


def codepoints(ranges):
    return {c for start, end in ranges for c in range(start, end + 1)}


def cmap(path):
    return set(TTFont(path).getBestCmap())


def cut(source, wanted, target, flavor="woff2", features="*"):
    """`source` cut down to the characters of `wanted` it has; returns them."""
    have = cmap(source) & wanted
    options = subset.Options()
    options.flavor = flavor
    options.hinting = False
    options.layout_features = [features] if features else []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.name_languages = [0x0409]
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(have))
    subsetter.subset(font)
    # The same bytes from the same sources: no build time in the head table.
    font["head"].modified = font["head"].created
    subset.save_font(font, target, options)
    return have


def ranges(chars):
    """`U+0-7F, U+A0` for a set of code points."""
    out, run = [], None
    for c in sorted(chars):
        if run and c == run[1] + 1:
            run[1] = c
        else:
            run and out.append(run)
            run = [c, c]
    run and out.append(run)
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in out)


def face(file, weight, style, chars):
    return (f"@font-face {{ font-family: \"{FAMILY}\"; src: url(\"fonts/{file}\") format(\"woff2\"); "
            f"font-weight: {weight}; font-style: {style}; font-display: swap;\n"
            f"  unicode-range: {ranges(chars)}; }}")


def main():
    os.makedirs(OUT, exist_ok=True)
    rules = []
    sans = cmap(os.path.join(NOTO, "NotoSans-Regular.ttf"))
    for key, name, weight, style in STYLES:
        source = os.path.join(NOTO, f"NotoSans-{name}.ttf")
        latin = codepoints(LATIN)
        for part, wanted in (("latin", latin), ("extended", codepoints(EXTENDED) - latin)):
            file = f"noto-sans-{part}-{key}.woff2"
            rules.append(face(file, weight, style, cut(source, wanted, os.path.join(OUT, file))))
    # Arabic has no italics, and the symbols no bold: their files also serve the styles they
    # lack. Every style needs a face for every range, since a browser picks the faces of one
    # weight and style first and only then looks at their ranges: without them, italic text
    # would take its Arabic, and bold its symbols, from a system font.
    for key, name, weight in (("regular", "Regular", 400), ("bold", "Bold", 700)):
        file = f"noto-sans-arabic-{key}.woff2"
        source = os.path.join(NOTO, f"NotoSansArabic-{name}.ttf")
        # The joiners, which Persian needs, are in both ranges: the last face declared wins.
        chars = cut(source, codepoints(ARABIC), os.path.join(OUT, file))
        for style in ("normal", "italic"):
            rules.append(face(file, weight, style, chars))
    math = os.path.join(NOTO, "NotoSansMath-Regular.ttf")
    file = "noto-sans-symbols-regular.woff2"
    chars = cut(math, codepoints(SYMBOLS) - sans, os.path.join(OUT, file))
    for weight in (400, 700):
        for style in ("normal", "italic"):
            rules.append(face(file, weight, style, chars))

    block = ("/* fonts: begin. Written by themes/default/fonts/subset.py; do not edit by hand. One family,\n"
             " * \"Noto Sans\" (Noto Sans, Noto Sans Arabic and Noto Sans Math; SIL OFL 1.1, fonts/OFL.txt), for\n"
             " * pages, charts and printed briefings. Each file holds the characters of its unicode-range. */\n"
             + "\n".join(rules) + "\n/* fonts: end */\n")
    with open(STYLE, encoding="utf-8") as f:
        css = f.read()
    begin, end = css.find("/* fonts: begin"), css.find("/* fonts: end */")
    if begin >= 0 and end >= 0:
        css = css[:begin] + block + css[end + len("/* fonts: end */\n"):]
    else:
        first = css.index("\n\n") + 2
        css = css[:first] + block + "\n" + css[first:]
    with open(STYLE, "w", encoding="utf-8") as f:
        f.write(css)

    # Charts: one TrueType file with the regular Latin, symbol and Arabic glyphs, measured
    # only (no layout tables), with Noto Sans's own line metrics.
    tmp = [CHARTS + ".latin", CHARTS + ".symbols", CHARTS + ".arabic"]
    cut(os.path.join(NOTO, "NotoSans-Regular.ttf"), codepoints(LATIN + EXTENDED), tmp[0], None, "kern")
    cut(math, codepoints(SYMBOLS) - sans, tmp[1], None, None)
    cut(os.path.join(NOTO, "NotoSansArabic-Regular.ttf"), codepoints(ARABIC) - sans, tmp[2], None, None)
    merged = Merger().merge(tmp)
    latin = TTFont(tmp[0])
    for table, fields in (("hhea", ("ascent", "descent", "lineGap")),
                          ("OS/2", ("sTypoAscender", "sTypoDescender", "sTypoLineGap",
                                    "usWinAscent", "usWinDescent"))):
        for field in fields:
            setattr(merged[table], field, getattr(latin[table], field))
    merged["head"].modified = merged["head"].created = latin["head"].created
    merged.recalcTimestamp = False
    merged.save(CHARTS)
    for t in tmp:
        os.remove(t)


if __name__ == "__main__":
    main()
