"""Checked screen PDF bytes -> print-ready PDF bytes (bleed, crop marks, TrimBox the brand's paper), checked against the screen PDF."""

# The print PDF is the checked screen PDF with other page boxes, not a second rendering: pikepdf
# (qpdf) grows each page's MediaBox MEDIA_MARGIN_MM beyond the trim on every side, keeps the
# page itself as the TrimBox, puts the BleedBox the bleed outside it, and appends crop marks as
# marked-content artifacts (`/Artifact <</Type /Page>> BDC ... EMC`: printer's marks are "page
# artifacts", PDF 32000-1 14.8.2.2.2) after the page's own content, which is wrapped in q ... Q.
# The content, its MCIDs, the structure tree, fonts and metadata are copied as they are;
# nothing moves relative to the TrimBox. Backgrounds that should bleed already do in the screen
# PDF: the layout paints the cover band `--bleed` beyond the page edge (layouts/factsheet.css),
# where the screen PDF's MediaBox clips it and the print PDF's larger one shows it. (A page
# background, `@page` or the root's, would not grow into the bleed this way; there is none.)
#
# Chosen by measurement over a second layout with `@page { bleed; marks }` (0.6-1.6 s a
# language) and over editing the laid-out pages (WeasyPrint internals): 6-8 ms a language;
# docs/performance.md has the figures.
# The bleed and the paper come from layouts/brand.yaml (page.bleed, page.paper), the one place
# that says them, through model/brand.py.

from __future__ import annotations

import io
from pathlib import Path

from build_factsheet.errors import RenderError
from build_factsheet.model.brand import PT_PER_MM, Page, load_brand

MEDIA_MARGIN_MM = 8.0               # the media beyond the trim: the bleed, then the crop marks
MARK_OFFSET_MM = MEDIA_MARGIN_MM / 2  # crop marks run from the media edge to this far from the trim
MARK_WIDTH_PT = 0.5
TOLERANCE_PT = 0.05


def print_page(root: Path) -> Page:
    """Return the brand's page (paper, bleed) for the print PDFs; raise RenderError if its bleed reaches the marks."""
    brand = load_brand(root)
    page = brand.page
    if not page.bleed < MARK_OFFSET_MM:
        raise RenderError("The print PDFs' bleed cannot be used:", [brand.problem(
            "page.bleed", f"{page.bleed:g} mm is not less than {MARK_OFFSET_MM:g} mm (the crop marks start "
                          f"{MARK_OFFSET_MM:g} mm outside the trim)")])
    return page


def make_print_pdf(screen: bytes, bleed: float) -> bytes:
    """Give every page of `screen` a media MEDIA_MARGIN_MM larger, a BleedBox `bleed` mm out and crop marks.

    Byte-identical for the same input: qpdf's /ID is derived from the content
    (deterministic_id), and the document information and XMP metadata (dates, pdfuaid) are
    copied byte for byte.
    Raises ValueError if qpdf had to repair anything in `screen`.
    """
    import pikepdf

    margin, bleed_pt = MEDIA_MARGIN_MM * PT_PER_MM, bleed * PT_PER_MM
    with pikepdf.open(io.BytesIO(screen)) as pdf:
        for page in pdf.pages:
            left, bottom, right, top = (float(v) for v in page.trimbox)  # the MediaBox if there is none
            page.trimbox = [left, bottom, right, top]
            page.bleedbox = [left - bleed_pt, bottom - bleed_pt, right + bleed_pt, top + bleed_pt]
            page.mediabox = [left - margin, bottom - margin, right + margin, top + margin]
            # Whatever graphics state the page's content leaves (WeasyPrint starts it with an
            # unbalanced `cm`) must not reach the marks.
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"Q\n" + _crop_marks((left, bottom, right, top)))
        warnings = pdf.get_warnings()
        if warnings:
            raise ValueError(f"qpdf repaired the screen PDF: {'; '.join(warnings)}")
        out = io.BytesIO()
        # fix_metadata_version would re-serialise WeasyPrint's XMP (same facts, other bytes).
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


def _crop_marks(trim: tuple[float, float, float, float]) -> bytes:
    """Eight hairlines continuing the trim's edges from the media edge to MARK_OFFSET_MM from the trim."""
    left, bottom, right, top = trim
    near, far = MARK_OFFSET_MM * PT_PER_MM, MEDIA_MARGIN_MM * PT_PER_MM
    lines = []
    for x, outward in ((left, -1), (right, 1)):
        for y, upward in ((bottom, -1), (top, 1)):
            lines.append(((x + outward * far, y), (x + outward * near, y)))  # along the horizontal edge
            lines.append(((x, y + upward * far), (x, y + upward * near)))    # along the vertical edge
    path = "".join(f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l\n" for (x0, y0), (x1, y1) in lines)
    return (f"/Artifact <</Type /Page>> BDC\nq\n0 G {MARK_WIDTH_PT:g} w 0 J [] 0 d\n{path}S\nQ\nEMC\n"
            .encode("ascii"))


def check_print_pdf(screen: bytes, printed: bytes, page: Page) -> list[str]:
    """List what is wrong with `printed` as the print version of `screen` (empty: nothing).

    The same pages with the same text, read with pypdfium2 (the screen PDF passed every check,
    so the print PDF says what its locale says); every page's TrimBox the brand's paper and
    where the screen PDF's page was (its content has not moved), inside a larger MediaBox, and
    its BleedBox the brand's bleed outside the TrimBox.
    """
    import pypdfium2

    problems: list[str] = []
    a, b = pypdfium2.PdfDocument(screen), pypdfium2.PdfDocument(printed)
    bleed, paper_pt = page.bleed, page.size_pt
    try:
        if len(a) != len(b):
            return [f"{len(b)} pages, the screen PDF has {len(a)}"]
        bleed_pt = bleed * PT_PER_MM
        for number in range(len(b)):
            sheet, original = b[number], a[number]
            if _page_text(sheet) != _page_text(original):
                problems.append(f"page {number + 1}: text differs from the screen PDF's")
            media, trim, box = sheet.get_mediabox(), sheet.get_trimbox(), sheet.get_bleedbox()
            size = (trim[2] - trim[0], trim[3] - trim[1])
            if any(abs(s - paper) > TOLERANCE_PT for s, paper in zip(size, paper_pt)):
                problems.append(f"page {number + 1}: TrimBox {size[0]:.2f} x {size[1]:.2f} pt, not {page.paper}")
            if any(abs(x - y) > TOLERANCE_PT for x, y in zip(trim, original.get_mediabox())):
                problems.append(f"page {number + 1}: TrimBox {trim} is not the screen PDF's page "
                                f"{original.get_mediabox()}: the content moved")
            if not (media[0] < trim[0] and media[1] < trim[1] and media[2] > trim[2] and media[3] > trim[3]):
                problems.append(f"page {number + 1}: MediaBox {media} does not enclose the TrimBox {trim}")
            expected = (trim[0] - bleed_pt, trim[1] - bleed_pt, trim[2] + bleed_pt, trim[3] + bleed_pt)
            if any(abs(x - y) > TOLERANCE_PT for x, y in zip(box, expected)):
                problems.append(f"page {number + 1}: BleedBox {box} is not {bleed:g} mm outside the TrimBox")
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

