"""PDF bytes -> Readback: the text of each page from two readers, plus metadata, structure, fonts and links."""

from __future__ import annotations

import gc
import io
from dataclasses import dataclass, field

import pikepdf
import pypdfium2

from build_factsheet.readback.active import active_content
from build_factsheet.readback.fonts import font_embedded, notdef_glyphs, page_fonts
from build_factsheet.readback.lines import TextLine, page_lines
from build_factsheet.readback.text import TEXT_OPERATORS, fonts_only_copy, pypdf_texts, text_operations

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
    active: list[str] = field(default_factory=list)  # scripts, actions, attachments, forms (active.py)
    lines: list[TextLine] = field(default_factory=list)  # each line of text and its box (lines.py)

    @property
    def page_count(self) -> int:
        return len(self.pages_pypdf)


def read_pdf(pdf: bytes, with_runs: bool = True, positions=None) -> Readback:
    """Read `pdf` with pikepdf (structure, fonts, links), pypdf (text) and pypdfium2 (text and its
    positions); `positions`, if given, returns what read_positions(pdf) gives, read elsewhere meanwhile."""
    # Reading makes tens of thousands of small objects and no garbage cycles worth
    # collecting meanwhile; the collector's passes cost a tenth of the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_pdf(pdf, with_runs, positions)
    finally:
        if collecting:
            gc.enable()


def read_positions(pdf: bytes, with_runs: bool = True) -> tuple[list[str], list[TextRun], list[TextLine]]:
    """pypdfium2's text of each page, and (`with_runs`) its runs of text outside the page and its lines."""
    pdfium = pypdfium2.PdfDocument(pdf)
    pages_pdfium, runs, lines = [], [], []
    try:
        for index in range(len(pdfium)):
            page = pdfium[index]
            textpage = page.get_textpage()
            pages_pdfium.append(textpage.get_text_range())
            if with_runs:
                runs.extend(_runs(textpage, index + 1, _size(page.get_mediabox())))
                lines.extend(page_lines(textpage, index + 1))
            textpage.close()
            page.close()
    finally:
        pdfium.close()
    return pages_pdfium, runs, lines


def _read_pdf(pdf: bytes, with_runs: bool, positions=None) -> Readback:

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
            notdef.extend((number, font, codes) for font, codes in notdef_glyphs(resources, shown, glyph_counts))
            for font in page_fonts(resources):
                name = str(font.get("/BaseFont", "?")).lstrip("/")
                name = name.split("+", 1)[1] if "+" in name[:7] else name
                fonts[name] = None
                if not font_embedded(font):
                    not_embedded.append(name)
            for annot in page.obj.get("/Annots", ()):
                action = annot.get("/A") if isinstance(annot, pikepdf.Dictionary) else None
                if isinstance(action, pikepdf.Dictionary) and "/URI" in action:
                    links.append(str(action["/URI"]))
        embedded = len(doc.attachments)
        active = active_content(doc)
        bookmarks = list(_outline_titles(doc.open_outline().root))
        mark_info = root.get("/MarkInfo")
        tagged = bool(struct is not None and isinstance(mark_info, pikepdf.Dictionary) and mark_info.get("/Marked"))
        lang = root.get("/Lang")
        lang = str(lang) if lang is not None else None
        fonts_only = fonts_only_copy(doc)
    pages_pypdf = pypdf_texts(fonts_only, operations)
    pages_pdfium, runs, lines = positions() if positions is not None else read_positions(pdf, with_runs)

    return Readback(pages_pypdf=pages_pypdf, pages_pdfium=pages_pdfium, page_sizes=sizes, lang=lang,
                    title=metadata.get("/Title"), metadata=metadata, tagged=tagged,
                    structure_types=types, heading_levels=headings, figures=figures,
                    figures_without_alt=figures_without_alt, bookmarks=bookmarks,
                    fonts=list(fonts), fonts_not_embedded=not_embedded, links=links,
                    embedded_files=embedded, runs=runs, notdef_glyphs=notdef, active=active,
                    lines=lines)


def _size(box) -> tuple[float, float]:
    return float(box[2] - box[0]), float(box[3] - box[1])


def _structure_elements(node, depth: int = 0):
    """Yield structure elements depth-first, in document order."""
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
