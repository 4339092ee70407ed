"""A page's font resources -> the fonts it uses, whether each is embedded, and the glyphs drawn as .notdef."""

from __future__ import annotations

import array
import io
import sys

import pikepdf
from fontTools.ttLib import TTFont

def page_fonts(resources, seen=None):
    """Yield the font dictionaries of a page, including those inside form XObjects."""
    seen = seen if seen is not None else set()
    if not isinstance(resources, pikepdf.Dictionary):
        return
    fonts = resources.get("/Font")
    if isinstance(fonts, pikepdf.Dictionary):
        for _, font in fonts.items():
            yield font
    xobjects = resources.get("/XObject")
    if isinstance(xobjects, pikepdf.Dictionary):
        for _, xobject in xobjects.items():
            if xobject.objgen in seen:  # a form that draws itself
                continue
            seen.add(xobject.objgen)
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                yield from page_fonts(xobject["/Resources"], seen)


def notdef_glyphs(resources, shown, glyph_counts: dict):
    """Yield (font, hex string) for every string that draws a glyph its font does not have.

    WeasyPrint writes Type0 fonts with Identity-H and an identity CID-to-GID map: two bytes
    per glyph id. A character no font has is drawn as glyph 0, or (WeasyPrint 70) as an id
    past the end of the font, which viewers draw as .notdef. For a simple font, a code
    whose /Differences name is /.notdef is the same fault.
    """
    fonts = resources.get("/Font")
    if not isinstance(fonts, pikepdf.Dictionary):
        return
    for font_name, strings in shown:
        font = fonts.get(font_name)
        if not isinstance(font, pikepdf.Dictionary) or not strings:
            continue
        name = str(font.get("/BaseFont", "?")).lstrip("/")
        if font.get("/Subtype") == "/Type0":
            count = _glyph_count(font, glyph_counts)
            data = b"".join(strings)
            ids = array.array("H", data[: len(data) - len(data) % 2])
            if sys.byteorder == "little":
                ids.byteswap()  # the PDF writes big-endian glyph ids
            if ids and (min(ids) == 0 or (count is not None and max(ids) >= count)):
                for codes in strings:  # name the strings at fault
                    glyphs = [int.from_bytes(codes[i:i + 2], "big") for i in range(0, len(codes) - 1, 2)]
                    if any(gid == 0 or (count is not None and gid >= count) for gid in glyphs):
                        yield name, codes.hex()
        else:
            for codes in strings:
                if _simple_font_notdef(font, codes):
                    yield name, codes.hex()


def _glyph_count(font, cache: dict) -> int | None:
    """Return how many glyphs the font program embedded for a Type0 font holds."""
    key = font.objgen
    if key not in cache:
        count = None
        descendants = font.get("/DescendantFonts")
        descendant = descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants) else None
        descriptor = descendant.get("/FontDescriptor") if isinstance(descendant, pikepdf.Dictionary) else None
        if isinstance(descriptor, pikepdf.Dictionary):
            program = descriptor.get("/FontFile2", descriptor.get("/FontFile3"))
            if isinstance(program, pikepdf.Stream):
                count = font_glyph_count(program.read_bytes())
        if key == (0, 0):  # a direct object: no name to remember it by
            return count
        cache[key] = count
    return cache[key]


def font_glyph_count(data: bytes) -> int | None:
    """How many glyphs a font program holds (an sfnt's maxp table, or a bare CFF's charstrings); None if unreadable."""
    try:
        if data[:4] in (b"\0\1\0\0", b"OTTO", b"true"):
            with TTFont(io.BytesIO(data), lazy=True) as font:
                return font["maxp"].numGlyphs if "maxp" in font else None
        from fontTools.cffLib import CFFFontSet  # here: WeasyPrint embeds sfnt programs only

        cff = CFFFontSet()
        cff.decompile(io.BytesIO(data), None)
        return len(cff[cff.fontNames[0]].CharStrings)
    except Exception:  # noqa: BLE001  (fontTools raises many kinds): the glyph-0 test alone applies
        return None


def _simple_font_notdef(font, codes: bytes) -> bool:

    encoding = font.get("/Encoding")
    if not isinstance(encoding, pikepdf.Dictionary) or "/Differences" not in encoding:
        return False
    names, code = {}, 0
    for item in encoding["/Differences"]:
        if isinstance(item, int):
            code = item
        else:
            names[code] = str(item)
            code += 1
    return any(names.get(byte) == "/.notdef" for byte in codes)


def font_embedded(font) -> bool:

    descendants = font.get("/DescendantFonts")
    if isinstance(descendants, pikepdf.Array) and len(descendants):
        font = descendants[0]
    descriptor = font.get("/FontDescriptor")
    if not isinstance(descriptor, pikepdf.Dictionary):
        return str(font.get("/Subtype")) == "/Type3"
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
