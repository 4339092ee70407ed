"""PDF bytes -> Readback: the text of each page from two readers, plus metadata, structure, fonts and links."""

from __future__ import annotations

import array
import gc
import io
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

# The operators pypdf's text extraction acts on (it ignores the others): the text operators,
# the graphics state stack and transforms (line positions), and XObjects that may hold text.
TEXT_OPERATORS = "BT ET q Q cm Tz Tc Tw TL Tf Td Tm T* Tj ' \" TJ TD Do"
RUN_TOLERANCE = 0.5  # pt: anti-aliasing and rounding, not text outside the page


@dataclass
class TextRun:
    """A piece of text pypdfium2 found on a page, with its box in points from the page's bottom-left.

    Its text is read only when the box leaves the page, to be named in the finding: reading
    the text of every run took an eighth of the time the checks spent reading a PDF.
    """

    page: int
    text: str | None
    box: tuple[float, float, float, float]  # left, bottom, right, top

    def inside(self, width: float, height: float, tolerance: float = 0.0) -> bool:
        left, bottom, right, top = self.box
        return (left >= -tolerance and bottom >= -tolerance and right <= width + tolerance
                and top <= height + tolerance)


@dataclass
class Readback:
    """What a reader of the PDF can get out of it."""

    pages_pypdf: list[str]
    pages_pdfium: list[str]
    page_sizes: list[tuple[float, float]]
    lang: str | None
    title: str | None
    metadata: dict[str, str]
    tagged: bool
    structure_types: list[str]                  # structure elements in document order
    heading_levels: list[int]
    figures_without_alt: int
    figures: int
    bookmarks: list[str]
    fonts: list[str]                            # BaseFont names, subset prefix removed
    fonts_not_embedded: list[str]
    links: list[str]
    embedded_files: int
    runs: list[TextRun] = field(default_factory=list)
    notdef_glyphs: list[tuple[int, str, str]] = field(default_factory=list)  # page, font, hex codes

    @property
    def page_count(self) -> int:
        return len(self.pages_pypdf)


def read_pdf(pdf: bytes, with_runs: bool = True) -> Readback:
    """Read `pdf` with pikepdf (structure, fonts, links), pypdf (text) and pypdfium2 (text and its positions)."""
    # Reading makes tens of thousands of small objects and no garbage cycles worth
    # collecting meanwhile; the collector's passes cost a tenth of the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_pdf(pdf, with_runs)
    finally:
        if collecting:
            gc.enable()


def _read_pdf(pdf: bytes, with_runs: bool) -> Readback:
    import pikepdf
    import pypdfium2

    # pikepdf (qpdf) repairs what it can of a damaged file without a word on the terminal,
    # and raises for a file it cannot read: the check reports that once.
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        root = doc.Root
        sizes = [_size(page.mediabox) for page in doc.pages]
        metadata = {str(key): str(value) for key, value in doc.docinfo.items()}
        struct = root.get("/StructTreeRoot")
        types: list[str] = []
        figures = figures_without_alt = 0
        if struct is not None:
            for element in _structure_elements(struct):
                kind = str(element.get("/S", ""))
                types.append(kind.lstrip("/"))
                if kind == "/Figure":
                    figures += 1
                    if not str(element.get("/Alt", "")).strip():
                        figures_without_alt += 1
        headings = [int(t[1:]) for t in types if len(t) == 2 and t[0] == "H" and t[1].isdigit()]

        fonts, not_embedded, links, notdef, glyph_counts, operations = {}, [], [], [], {}, []
        for number, page in enumerate(doc.pages, start=1):
            resources = page.resources
            page_operations, shown = text_operations(pikepdf.parse_content_stream(page, TEXT_OPERATORS))
            operations.append(page_operations)
            notdef.extend((number, font, codes) for font, codes in _notdef_glyphs(resources, shown, glyph_counts))
            for font in _page_fonts(resources):
                name = str(font.get("/BaseFont", "?")).lstrip("/")
                name = name.split("+", 1)[1] if "+" in name[:7] else name
                fonts[name] = None
                if not _font_embedded(font):
                    not_embedded.append(name)
            for annot in page.obj.get("/Annots", ()):
                action = annot.get("/A") if isinstance(annot, pikepdf.Dictionary) else None
                if isinstance(action, pikepdf.Dictionary) and "/URI" in action:
                    links.append(str(action["/URI"]))
        embedded = len(doc.attachments)
        bookmarks = list(_outline_titles(doc.open_outline().root))
        mark_info = root.get("/MarkInfo")
        tagged = bool(struct is not None and isinstance(mark_info, pikepdf.Dictionary) and mark_info.get("/Marked"))
        lang = root.get("/Lang")
        lang = str(lang) if lang is not None else None
        fonts_only = _fonts_only_copy(doc)
    pages_pypdf = _pypdf_texts(fonts_only, operations)

    pdfium = pypdfium2.PdfDocument(pdf)
    pages_pdfium, runs = [], []
    try:
        for index in range(len(pdfium)):
            page = pdfium[index]
            textpage = page.get_textpage()
            pages_pdfium.append(textpage.get_text_range())
            if with_runs:
                runs.extend(_runs(textpage, index + 1, sizes[index]))
            textpage.close()
            page.close()
    finally:
        pdfium.close()

    return Readback(pages_pypdf=pages_pypdf, pages_pdfium=pages_pdfium, page_sizes=sizes, lang=lang,
                    title=metadata.get("/Title"), metadata=metadata, tagged=tagged,
                    structure_types=types, heading_levels=headings, figures=figures,
                    figures_without_alt=figures_without_alt, bookmarks=bookmarks,
                    fonts=list(fonts), fonts_not_embedded=not_embedded, links=links,
                    embedded_files=embedded, runs=runs, notdef_glyphs=notdef)


def _size(box) -> tuple[float, float]:
    return float(box[2] - box[0]), float(box[3] - box[1])


def text_operations(instructions) -> tuple[list, list[tuple[str, list[bytes]]]]:
    """pikepdf's instructions of a page -> pypdf's operations, and the strings shown after each font selection.

    pikepdf (qpdf, in C++) parses the content stream: pypdf's own parser reads a byte at a
    time, which was most of the time spent reading a factsheet back. WeasyPrint writes every
    glyph as its own string in a TJ array ('<0032>0<07b1>0...'): strings separated by a zero
    adjustment are joined, which pypdf's extraction reads as the same text (tested) in a
    third of the time. Strings shown before any font selection are not listed.
    """
    convert, String, Array, ArrayObject, ByteStringObject = _converter()
    operations, shown = [], []
    strings: list[bytes] = []  # shown with the current font
    for operands, operator in instructions:
        name = operator.unparse()
        if name == b"TJ" and operands and isinstance(operands[0], Array):
            items: list = []
            joining = False  # the last two items are a string and a zero adjustment
            for item in operands[0]:
                if isinstance(item, String):
                    item = bytes(item)
                    strings.append(item)
                    if joining:
                        items.pop()
                        items[-1] += item
                        joining = False
                        continue
                elif item == 0 and items and isinstance(items[-1], bytes):
                    joining = True
                else:
                    joining = False
                items.append(item)
            converted = [ArrayObject([ByteStringObject(item) if isinstance(item, bytes) else convert(item)
                                      for item in items])]
        else:
            converted = [convert(operand) for operand in operands]
            if name == b"Tf" and operands:
                strings = []
                shown.append((str(operands[0]), strings))
            elif name in (b"Tj", b"'", b'"') and operands and isinstance(operands[-1], String):
                strings.append(bytes(operands[-1]))
        operations.append((converted, name))
    return operations, shown


@lru_cache(maxsize=1)
def _converter():
    """A function that makes the pypdf object of a value pikepdf gives; the classes it uses.

    Built once: the readers are imported where they are needed (a build with nothing to do
    imports none of them).
    """
    import pikepdf
    from pypdf.generic import (ArrayObject, BooleanObject, ByteStringObject, DictionaryObject, FloatObject,
                               NameObject, NullObject, NumberObject)

    String, Name, Array, Dictionary = pikepdf.String, pikepdf.Name, pikepdf.Array, pikepdf.Dictionary

    def convert(value):
        kind = type(value)
        if kind is int:
            return NumberObject(value)
        if kind is Decimal:
            return FloatObject(value)
        if kind is bool:
            return BooleanObject(value)
        if value is None:
            return NullObject()
        if isinstance(value, Name):
            return NameObject(str(value))
        if isinstance(value, String):
            return ByteStringObject(bytes(value))  # as pypdf's extraction parses them, undecoded
        if isinstance(value, Array):
            return ArrayObject([convert(item) for item in value])
        if isinstance(value, Dictionary):
            return DictionaryObject({NameObject(key): convert(item) for key, item in value.items()})
        raise TypeError(f"unexpected operand in a content stream: {value!r}")

    return convert, String, Array, ArrayObject, ByteStringObject


def _fonts_only_copy(doc) -> bytes:
    """A PDF of `doc`'s pages with their resources but no contents, annotations or structure tree.

    pypdf reads the fonts of each page from it: reading the original would make pypdf parse
    every object of the structure tree first, most of the time it spends on a factsheet.
    """
    import pikepdf

    copy = pikepdf.new()
    for page in doc.pages:
        copy.pages.append(page)
        added = copy.pages[-1].obj
        added.Contents = copy.make_stream(b"")
        if "/Annots" in added:
            del added["/Annots"]
    out = io.BytesIO()
    copy.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def _pypdf_texts(pdf: bytes, operations: list[list]) -> list[str]:
    """Extract each page's text with pypdf, from the page operations given (see text_operations)."""
    import logging

    import pypdf
    from pypdf.generic import ContentStream, NameObject

    # pypdf logs what it cannot decode; the text it extracts is checked instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    texts = []
    for page, page_operations in zip(reader.pages, operations):
        content = ContentStream(None, reader)
        content.operations = page_operations
        page[NameObject("/Contents")] = content
        # With a visitor, pypdf does not write the operations back out as bytes to look for
        # a text operator first (a tenth of its time here); the visitor itself does nothing.
        texts.append(page.extract_text(visitor_operand_before=_ignore) or "")
    return texts


def _ignore(*_) -> None:
    pass


def _structure_elements(node, depth: int = 0):
    """Yield structure elements depth-first, in document order."""
    import pikepdf

    if depth > 200:
        return
    kids = node.get("/K")
    if kids is None:
        return
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _structure_elements(kid, depth + 1)


def _page_fonts(resources, seen=None):
    """Yield the font dictionaries of a page, including those inside form XObjects."""
    import pikepdf

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
                yield from _page_fonts(xobject["/Resources"], seen)


def _notdef_glyphs(resources, shown, glyph_counts: dict):
    """Yield (font, hex string) for every string that draws a glyph its font does not have.

    WeasyPrint writes Type0 fonts with Identity-H and an identity CID-to-GID map: two bytes
    per glyph id. A character no font has is drawn as glyph 0, or (WeasyPrint 70) as an id
    past the end of the font, which viewers draw as .notdef. For a simple font, a code
    whose /Differences name is /.notdef is the same fault.
    """
    import pikepdf

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
    import pikepdf

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
    from fontTools.ttLib import TTFont

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
    import pikepdf

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


def _font_embedded(font) -> bool:
    import pikepdf

    descendants = font.get("/DescendantFonts")
    if isinstance(descendants, pikepdf.Array) and len(descendants):
        font = descendants[0]
    descriptor = font.get("/FontDescriptor")
    if not isinstance(descriptor, pikepdf.Dictionary):
        return str(font.get("/Subtype")) == "/Type3"
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _outline_titles(items):
    """The titles of outline items and their children, in document order."""
    for item in items:
        yield str(item.title)
        yield from _outline_titles(item.children)

def _runs(textpage, page_number: int, size: tuple[float, float]):
    """Group pypdfium2's characters into runs by their rectangles (one run per text rectangle)."""
    for i in range(textpage.count_rects()):
        run = TextRun(page_number, None, textpage.get_rect(i))
        if not run.inside(*size, tolerance=RUN_TOLERANCE):
            run.text = textpage.get_text_bounded(*run.box)
        yield run
