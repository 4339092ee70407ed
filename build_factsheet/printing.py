"""Laid-out document -> print-ready PDF bytes (3 mm bleed, crop marks, TrimBox A4), checked against the screen PDF."""

# The print PDF is written from the same WeasyPrint Document as the screen PDF, not laid out
# a second time. That is sound in WeasyPrint 70 because the page's bleed and marks do not take
# part in layout: `bleed` is read only when the page's background painting area is set
# (layout/background.py: the page box's `bleed_area`), when the page is drawn (draw_page:
# `page.bleed` and `marks`, for the crop marks) and when the PDF is written (pdf/__init__.py:
# `Page.bleed` gives the MediaBox, TrimBox and BleedBox). Content keeps its coordinates: the
# MediaBox only grows to negative ones. So this module sets those three values on the laid-out
# pages, writes, and puts them back; line breaks, pages, text, tags and links stay the same.
#
# The media extends MEDIA_MARGIN_MM beyond the trim on every side: the crop marks
# (WeasyPrint draws them from the media edge, half the margin long) stay outside the
# BLEED_MM bleed, which a finisher records as the BleedBox (WeasyPrint would put it 10 pt out).
# Backgrounds reach into the bleed where the layout extends them by `--bleed` (brand.css).

from __future__ import annotations

from dataclasses import dataclass

BLEED_MM = 3.0           # must equal --bleed in layouts/brand.css
MEDIA_MARGIN_MM = 8.0    # bleed + room for the crop marks outside it
PT_PER_MM = 72 / 25.4
PX_PER_MM = 96 / 25.4
A4_PT = (595.28, 841.89)
TOLERANCE_PT = 0.05


def write_print_pdf(renderer, layout) -> bytes:
    """Write `layout` (already written as the screen PDF) again with bleed, marks and print boxes."""
    from weasyprint.css.properties import Dimension

    from .pdf import PDF_VARIANT, capture_weasyprint_log

    margin = MEDIA_MARGIN_MM * PX_PER_MM
    saved = []
    for page in layout.document.pages:
        box = page._page_box
        sides = ("top", "right", "bottom", "left")
        saved.append((page, box, dict(page.bleed), {f"bleed_{s}": box.style[f"bleed_{s}"] for s in sides},
                      box.style["marks"], box.background))
        for side in sides:
            box.style[f"bleed_{side}"] = Dimension(margin, "px")
        box.style["marks"] = ("crop",)
        page.bleed = {side: margin for side in sides}
        if box.background is not None:  # the page background's painting area is its bleed area
            box.background = box.background._replace(
                layers=[layer._replace(painting_area=box.bleed_area) for layer in box.background.layers])
    try:
        with capture_weasyprint_log() as messages:
            pdf = layout.document.write_pdf(pdf_variant=PDF_VARIANT, finisher=_set_bleed_box)
        layout.messages.extend(messages)
    finally:
        for page, box, bleed, style, marks, background in saved:
            page.bleed = bleed
            for key, value in style.items():
                box.style[key] = value
            box.style["marks"] = marks
            box.background = background
    return pdf


def _set_bleed_box(document, pdf) -> None:
    """Put each page's BleedBox BLEED_MM outside its TrimBox (the media holds the marks too)."""
    import pydyf

    bleed = BLEED_MM * PT_PER_MM
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page" and "TrimBox" in obj:
            left, top, right, bottom = obj["TrimBox"]
            obj["BleedBox"] = pydyf.Array([left - bleed, top - bleed, right + bleed, bottom + bleed])


@dataclass
class PrintFacts:
    """What the print PDF's pages measure, in points."""

    pages: int
    media: tuple[float, float, float, float]
    trim: tuple[float, float, float, float]
    bleed: tuple[float, float, float, float]


def check_print_pdf(screen: bytes, printed: bytes) -> list[str]:
    """List what is wrong with `printed` as the print version of `screen` (empty: nothing).

    The same pages with the same text, read with pypdfium2 (the screen PDF passed every check,
    so the print PDF says what its locale says); every page's TrimBox A4 inside a larger
    MediaBox, and its BleedBox BLEED_MM outside the TrimBox.
    """
    import pypdfium2

    problems: list[str] = []
    a, b = pypdfium2.PdfDocument(screen), pypdfium2.PdfDocument(printed)
    try:
        if len(a) != len(b):
            return [f"{len(b)} pages, the screen PDF has {len(a)}"]
        bleed = BLEED_MM * PT_PER_MM
        for number in range(len(b)):
            page, original = b[number], a[number]
            if _page_text(page) != _page_text(original):
                problems.append(f"page {number + 1}: text differs from the screen PDF's")
            media, trim, box = page.get_mediabox(), page.get_trimbox(), page.get_bleedbox()
            size = (trim[2] - trim[0], trim[3] - trim[1])
            if any(abs(s - a4) > TOLERANCE_PT for s, a4 in zip(size, A4_PT)):
                problems.append(f"page {number + 1}: TrimBox {size[0]:.2f} x {size[1]:.2f} pt, not A4")
            if not (media[0] < trim[0] and media[1] < trim[1] and media[2] > trim[2] and media[3] > trim[3]):
                problems.append(f"page {number + 1}: MediaBox {media} does not enclose the TrimBox {trim}")
            expected = (trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed)
            if any(abs(x - y) > TOLERANCE_PT for x, y in zip(box, expected)):
                problems.append(f"page {number + 1}: BleedBox {box} is not {BLEED_MM:g} mm outside the TrimBox")
    finally:
        a.close()
        b.close()
    return problems


def _page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        return "".join(textpage.get_text_range().split())
    finally:
        textpage.close()


def print_facts(data: bytes) -> PrintFacts:
    """Measure the boxes of the first page of a PDF (for tests and reports)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        page = pdf[0]
        return PrintFacts(len(pdf), page.get_mediabox(), page.get_trimbox(), page.get_bleedbox())
    finally:
        pdf.close()
