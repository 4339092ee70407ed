"""Readback + Expectation -> findings on metadata, accessibility, fonts and glyphs."""

from __future__ import annotations

from build_factsheet.checks.model import CheckResult, Expectation
from build_factsheet.checks.normalise import normalise


def check_metadata(readback, expect: Expectation) -> list[CheckResult]:
    """/Lang, title, tags, heading order, alternative text, bookmarks and links."""
    fails = []

    def fail(message, text=None, key=None):
        fails.append(CheckResult("metadata", "fail", message, expect.lang, None, key, text))

    if readback.lang != expect.html_lang:
        fail(f"/Lang is {readback.lang!r}, expected {expect.html_lang!r}")
    if not readback.title:
        fail("the PDF has no title", key=expect.title_key)
    elif normalise(readback.title, expect.script) != normalise(expect.title, expect.script):
        fail("the PDF title is not the locale's title", readback.title, expect.title_key)
    if not readback.tagged:
        fail("the PDF is not tagged (no structure tree or /MarkInfo /Marked)")
    levels = readback.heading_levels
    if not levels or levels[0] != 1:
        fail("the first heading of the structure tree is not H1")
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            fail(f"heading levels skip from H{before} to H{after}")
            break
    if readback.figures_without_alt:
        fail(f"{readback.figures_without_alt} of {readback.figures} figures have no alternative text")
    if readback.figures < expect.figures:
        fail(f"{readback.figures} figures tagged, expected at least {expect.figures} "
                 f"(the images and SVG drawings of the HTML)")
    if not readback.bookmarks:
        fail("the PDF has no bookmarks")
    elif normalise(readback.bookmarks[0], expect.script) != normalise(expect.title, expect.script):
        fail("the first bookmark is not the title", readback.bookmarks[0])
    found = set(readback.links)
    if found != expect.links:
        extra, lost = sorted(found - expect.links), sorted(expect.links - found)
        fail(f"links differ from the source: unexpected {extra or 'none'}, missing {lost or 'none'}")
    return fails or [CheckResult("metadata", "pass", "language, title, tags, headings, alt text, "
                                 "bookmarks and links as expected", expect.lang)]


def check_fonts(readback, expect: Expectation) -> list[CheckResult]:
    """Only the vendored fonts, all embedded, and no .notdef glyph drawn."""
    fails = []
    for name in readback.fonts:
        if not _is_vendored(name, expect.allowed_fonts):
            fails.append(CheckResult("fonts", "fail", f"font {name!r} is not one of the vendored fonts",
                                     expect.lang))
    for name in readback.fonts_not_embedded:
        fails.append(CheckResult("fonts", "fail", f"font {name!r} is not embedded", expect.lang))
    for page, font, text in readback.notdef_glyphs:
        fails.append(CheckResult("fonts", "fail", f".notdef glyph drawn with {font!r}", expect.lang, page,
                                 None, text))
    return fails or [CheckResult("fonts", "pass", f"{len(readback.fonts)} vendored fonts, embedded, "
                                 "no .notdef glyph", expect.lang)]


STYLE_WORDS = {"Regular", "Bold", "Italic", "Oblique", "Medium", "Light", "Semi", "Black", "Condensed"}


def _is_vendored(name: str, families: set[str]) -> bool:
    """Tell whether a PDF font name is a vendored family, perhaps followed by style words."""
    for family in families:
        if name == family:
            return True
        if name.startswith(family + "-") and all(
                word in STYLE_WORDS for word in name[len(family) + 1:].split("-")):
            return True
    return False
