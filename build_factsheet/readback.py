"""PDF bytes -> Readback: the text of each page from two readers, plus metadata, structure, fonts and links."""

from __future__ import annotations

import array
import gc
import io
import re
import struct
import sys
from dataclasses import dataclass, field

# What text extraction needs of a WeasyPrint content stream: text objects, the graphics
# state stack and transforms (line positions), and XObjects that may hold text.
_TEXT_OPERATIONS = re.compile(rb"BT\n(?:.*?\n)??ET\n|(?<=\n)(?:q|Q|[-\d. ]+ cm|/[^\s/]+ Do)\n", re.S)
# A font selection in a content stream, and a hex string of glyph ids.
_FONT_SELECTION = re.compile(rb"/([^\s/\[\]<>()]+)\s+[-\d.]+\s+Tf")
_HEX_STRING = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_SPACE = re.compile(rb"\s+")
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
    """Read `pdf` with pypdf (text, structure, fonts) and pypdfium2 (text and its positions)."""
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
    import logging

    import pypdf
    import pypdfium2

    from .pdftokens import warm_object_streams

    # pypdf logs what it repairs in a damaged file; a file it cannot read raises, and the
    # check reports that once, instead of pypdf's lines on the terminal.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    warm_object_streams(reader)
    root = reader.trailer["/Root"]
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]

    info = reader.metadata or {}
    metadata = {str(k): str(v) for k, v in info.items()}
    struct = root.get("/StructTreeRoot")
    types: list[str] = []
    figures = figures_without_alt = 0
    if struct is not None:
        for element in _structure_elements(struct.get_object()):
            kind = str(element.get("/S", ""))
            types.append(kind.lstrip("/"))
            if kind == "/Figure":
                figures += 1
                if not str(element.get("/Alt", "")).strip():
                    figures_without_alt += 1
    headings = [int(t[1:]) for t in types if len(t) == 2 and t[0] == "H" and t[1].isdigit()]

    fonts, not_embedded, links, notdef, glyph_counts = {}, [], [], [], {}
    for number, page in enumerate(reader.pages, start=1):
        notdef.extend((number, font, codes) for font, codes in _notdef_glyphs(page, glyph_counts))
        resources = page.get("/Resources")
        for font in _page_fonts(resources.get_object() if resources else None):
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            name = name.split("+", 1)[1] if "+" in name[:7] else name
            fonts[name] = None
            if not _font_embedded(font):
                not_embedded.append(name)
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                links.append(str(action.get_object()["/URI"]))
    names = root.get("/Names")
    embedded = 0
    if names is not None and "/EmbeddedFiles" in names.get_object():
        embedded = len(names.get_object()["/EmbeddedFiles"].get_object().get("/Names", [])) // 2
    bookmarks = [title for title in _outline_titles(reader.outline)]
    # Last: text extraction replaces each page's content stream (see _pypdf_text).
    pages_pypdf = [_pypdf_text(page) for page in reader.pages]

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

    mark_info = root.get("/MarkInfo")
    tagged = bool(struct is not None and mark_info is not None and mark_info.get_object().get("/Marked"))
    lang = root.get("/Lang")
    return Readback(pages_pypdf=pages_pypdf, pages_pdfium=pages_pdfium, page_sizes=sizes,
                    lang=str(lang) if lang is not None else None,
                    title=metadata.get("/Title"), metadata=metadata, tagged=tagged,
                    structure_types=types, heading_levels=headings, figures=figures,
                    figures_without_alt=figures_without_alt, bookmarks=bookmarks,
                    fonts=list(fonts), fonts_not_embedded=not_embedded, links=links,
                    embedded_files=embedded, runs=runs, notdef_glyphs=notdef)


def _pypdf_text(page) -> str:
    """Extract a page's text with pypdf, from its text operations only.

    WeasyPrint writes every glyph as its own string in a TJ array ('<0032>0<07b1>0...'),
    and tags every run with marked content; pypdf parses each token in Python, which made
    reading a page take 0.2 s. Glyph strings separated by a zero adjustment are joined and
    the drawing and tagging operators dropped: the text pypdf extracts is the same (tested),
    in a third of the time. Call it last: it replaces the page's /Contents in the reader.
    """
    from pypdf.generic import NameObject

    from .pdftokens import fast_content_stream

    contents = page.get_contents()
    if contents is None:
        return ""
    page[NameObject("/Contents")] = fast_content_stream(text_operations(contents.get_data()), page.pdf)
    return page.extract_text() or ""


def text_operations(content: bytes) -> bytes:
    """The operations of a WeasyPrint content stream that text extraction needs, glyph strings joined."""
    data = b"\n" + content
    return b"".join(m.group(0) for m in _TEXT_OPERATIONS.finditer(data)).replace(b">0<", b"")


def _structure_elements(node, depth: int = 0):
    """Yield structure elements depth-first, in document order."""
    if depth > 200:
        return
    kids = node.get("/K") if hasattr(node, "get") else None
    if kids is None:
        return
    if not isinstance(kids, list):
        kids = [kids]
    for kid in kids:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if hasattr(kid, "get") and "/S" in kid:
            yield kid
            yield from _structure_elements(kid, depth + 1)


def _page_fonts(resources, seen=None):
    """Yield the font dictionaries of a page, including those inside form XObjects."""
    seen = seen if seen is not None else set()
    if resources is None or id(resources) in seen:
        return
    seen.add(id(resources))
    fonts = resources.get("/Font")
    if fonts is not None:
        for ref in fonts.get_object().values():
            yield ref.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                yield from _page_fonts(xobject["/Resources"].get_object(), seen)


def _notdef_glyphs(page, glyph_counts: dict):
    """Yield (font, hex string) for every string that draws a glyph its font does not have.

    WeasyPrint writes Type0 fonts with Identity-H and an identity CID-to-GID map: two bytes
    per glyph id. A character no font has is drawn as glyph 0, or (WeasyPrint 70) as an id
    past the end of the font, which viewers draw as .notdef. For a simple font, a code
    whose /Differences name is /.notdef is the same fault.
    """
    resources = page.get("/Resources")
    fonts = resources.get_object().get("/Font") if resources is not None else None
    if fonts is None:
        return
    fonts = {str(name).lstrip("/"): ref.get_object() for name, ref in fonts.get_object().items()}
    contents = page.get_contents()
    if contents is None:
        return
    # The stream split at each font selection: [before, font, segment, font, segment, ...].
    parts = _FONT_SELECTION.split(contents.get_data())
    for font_name, segment in zip(parts[1::2], parts[2::2]):
        current = fonts.get(font_name.decode("latin-1"))
        if current is None:
            continue
        name = str(current.get("/BaseFont", "?")).lstrip("/")
        strings = [h if h.isalnum() else _SPACE.sub(b"", h) for h in _HEX_STRING.findall(segment)]
        if current.get("/Subtype") == "/Type0":
            count = _glyph_count(current, glyph_counts)
            ids = array.array("H", bytes.fromhex(b"".join(strings).decode("ascii")))
            if sys.byteorder == "little":
                ids.byteswap()  # the PDF writes big-endian glyph ids
            if ids and (min(ids) == 0 or (count is not None and max(ids) >= count)):
                for codes in strings:  # name the strings at fault
                    glyphs = [int(codes[i:i + 4], 16) for i in range(0, len(codes) - 3, 4)]
                    if any(gid == 0 or (count is not None and gid >= count) for gid in glyphs):
                        yield name, codes.decode("ascii").lower()
        else:
            for codes in strings:
                if _simple_font_notdef(current, codes.decode("ascii").lower()):
                    yield name, codes.decode("ascii").lower()


def _glyph_count(font, cache: dict) -> int | None:
    """Return how many glyphs the font program embedded for a Type0 font holds."""
    key = id(font)
    if key not in cache:
        cache[key] = None
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
        if program is not None:
            cache[key] = _sfnt_glyph_count(program.get_object().get_data())
    return cache[key]


def _sfnt_glyph_count(data: bytes) -> int | None:
    """Read numGlyphs from an sfnt (TrueType or OpenType) font's maxp table; None if there is none.

    Reads the table directory itself: fontTools takes 40 ms to open the same font.
    """
    if len(data) < 12:
        return None
    (tables,) = struct.unpack_from(">H", data, 4)
    for i in range(tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"maxp" and offset + 6 <= len(data):
            return struct.unpack_from(">H", data, offset + 4)[0]
    return None  # a bare CFF program: the glyph-0 test alone applies


def _simple_font_notdef(font, codes: str) -> bool:
    encoding = font.get("/Encoding")
    encoding = encoding.get_object() if encoding is not None else None
    if not hasattr(encoding, "get") or "/Differences" not in encoding:
        return False
    names, code = {}, 0
    for item in encoding["/Differences"]:
        if isinstance(item, int):
            code = item
        else:
            names[code] = str(item)
            code += 1
    return any(names.get(int(codes[i:i + 2], 16)) == "/.notdef" for i in range(0, len(codes) - 1, 2))


def _font_embedded(font) -> bool:
    descendants = font.get("/DescendantFonts")
    if descendants is not None:
        font = descendants.get_object()[0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return str(font.get("/Subtype")) == "/Type3"
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _outline_titles(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _outline_titles(item)
        else:
            yield str(item.title)


def _runs(textpage, page_number: int, size: tuple[float, float]):
    """Group pypdfium2's characters into runs by their rectangles (one run per text rectangle)."""
    for i in range(textpage.count_rects()):
        run = TextRun(page_number, None, textpage.get_rect(i))
        if not run.inside(*size, tolerance=RUN_TOLERANCE):
            run.text = textpage.get_text_bounded(*run.box)
        yield run
