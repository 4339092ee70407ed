"""Subset NotoSansCJK-{Regular,Bold}.ttc (face 2, SC) to NotoSansCJKsc-{Regular,Bold}.otf for GB2312 text.

Why face 2: the Noto Sans CJK collections hold one glyph set shared by ten
faces (0 JP, 1 KR, 2 SC, 3 TC, 4 HK, 5-9 the Mono variants).  The faces differ
in their cmap, which maps each code point to the glyph of that region.  Face 2,
"Noto Sans CJK SC", maps e.g. U+9AA8 (骨) and U+76F4 (直) to the Simplified
Chinese forms; face 0 would give the Japanese ones.

Why no ``locl``: the ``locl`` feature swaps in the JP/KR/TC/HK forms when the
text is tagged with another language.  Keeping it would pull thousands of those
alternate glyphs into the subset (and let a stray ``lang`` tag change the
glyphs), so it is dropped and only SC forms are kept.

The output is deterministic: running the script twice gives byte-identical
files (head.modified is kept from the source font, nothing is timestamped).

Example (Debian package fonts-noto-cjk installed or extracted):

    python make_cjk_subset.py /usr/share/fonts/opentype/noto . \\
        --extra-chars path/to/zh.yaml
"""

import argparse
import sys
import unicodedata
from pathlib import Path

from fontTools.subset import Options, Subsetter, load_font, save_font

FACE_SC = 2
WEIGHTS = ("Regular", "Bold")
SOURCE_NAME = "NotoSansCJK-{}.ttc"
OUTPUT_NAME = "NotoSansCJKsc-{}.otf"
FEATURES = ["ccmp", "liga", "kern", "vert", "vrt2"]

# Blocks kept in full besides GB2312 (inclusive code point ranges).
EXTRA_RANGES = [
    (0x0020, 0x007E),  # printable ASCII
    (0x00A0, 0x00FF),  # Latin-1 punctuation and symbols
    (0x2000, 0x206F),  # General Punctuation
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]


def gb2312_chars():
    """Return the code points of every character encodable in GB2312."""
    chars = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((row, cell)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def wanted_chars(extra_file=None):
    """GB2312 + EXTRA_RANGES + every non-control character of extra_file."""
    chars = gb2312_chars()
    for first, last in EXTRA_RANGES:
        chars.update(range(first, last + 1))
    if extra_file:
        text = Path(extra_file).read_text(encoding="utf-8")
        chars.update(ord(c) for c in text if unicodedata.category(c) != "Cc")
    return sorted(chars)


def subset_options():
    options = Options()
    options.font_number = FACE_SC
    options.layout_features = FEATURES  # no locl, halt, palt, ...
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.recalc_timestamp = False  # keep head.modified: reproducible output
    return options


def find_sources(paths):
    """Map weight -> .ttc path, from one directory or the two .ttc files."""
    if len(paths) == 1 and paths[0].is_dir():
        paths = [paths[0] / SOURCE_NAME.format(w) for w in WEIGHTS]
    sources = {}
    for path in paths:
        for weight in WEIGHTS:
            if path.name == SOURCE_NAME.format(weight):
                sources[weight] = path
    missing = [SOURCE_NAME.format(w) for w in WEIGHTS if w not in sources]
    if missing or not all(p.is_file() for p in sources.values()):
        sys.exit(f"need {' and '.join(SOURCE_NAME.format(w) for w in WEIGHTS)}; "
                 f"got {[str(p) for p in paths]}")
    return sources


def make_subset(source, output, unicodes):
    options = subset_options()
    font = load_font(str(source), options)
    family = font["name"].getDebugName(1)
    if family != "Noto Sans CJK SC":
        sys.exit(f"{source} face {FACE_SC} is {family!r}, not 'Noto Sans CJK SC'")
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    save_font(font, str(output), options)
    font.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", type=Path,
                        help="NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc, "
                             "or a directory containing both")
    parser.add_argument("output_dir", type=Path, help="where to write the .otf files")
    parser.add_argument("--extra-chars", metavar="FILE",
                        help="UTF-8 text file (e.g. a locale YAML) whose characters "
                             "are added to the subset")
    args = parser.parse_args(argv)

    sources = find_sources(args.sources)
    unicodes = wanted_chars(args.extra_chars)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    for weight, source in sources.items():
        output = args.output_dir / OUTPUT_NAME.format(weight)
        make_subset(source, output, unicodes)
        print(f"{output}: {output.stat().st_size} bytes")


if __name__ == "__main__":
    main()
