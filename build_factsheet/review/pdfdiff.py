"""Any two PDFs (an edition sent by e-mail, say) -> the review page of what differs between them, pages and text."""

from __future__ import annotations

import shutil
from pathlib import Path

from build_factsheet.errors import BuildError, file_error
from build_factsheet.review.report import LanguageReview

# Primary language subtags written right to left.
RTL = {"ar", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"}


def pdf_language(pdf: bytes) -> str:
    """The PDF's /Lang (its catalog's natural language), or '' when it declares none."""
    import io

    import pypdf

    try:
        value = pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"].get("/Lang")
    except (pypdf.errors.PdfReadError, KeyError, ValueError):
        return ""
    return str(value) if value else ""


def diff_pdfs(old: Path, new: Path, out_dir: Path) -> tuple[LanguageReview, Path]:
    """Compare two PDFs; write `out_dir`/index.html and its pictures; return the comparison and the page."""
    from build_factsheet.review.compare import compare_pdfs
    from build_factsheet.review.page import own_name, write_page
    from build_factsheet.review.run import PAGES_DIR

    try:
        old_pdf, new_pdf = old.read_bytes(), new.read_bytes()
    except OSError as exc:
        raise file_error(exc) from None
    for path, data in ((old, old_pdf), (new, new_pdf)):
        if not data.startswith(b"%PDF"):
            raise BuildError(f"{path}: not a PDF")
    lang = pdf_language(new_pdf) or pdf_language(old_pdf) or "und"
    primary = lang.split("-")[0].lower()
    shutil.rmtree(out_dir / PAGES_DIR, ignore_errors=True)
    try:
        comparison = compare_pdfs(old_pdf, new_pdf, out_dir / PAGES_DIR, "page", out_dir)
    except Exception as exc:  # pypdfium2's PdfiumError: a damaged PDF
        if type(exc).__name__ != "PdfiumError":
            raise
        raise BuildError(f"{old} or {new}: cannot be read as a PDF ({exc})") from None
    label = f"{old.name} -> {new.name}"
    item = LanguageReview(label, primary, lang, "rtl" if primary in RTL else "ltr",
                          "unchanged" if comparison.identical or not (comparison.pages or comparison.text)
                          else "changed", new.name, comparison=comparison)
    page = write_page(out_dir, [item], title=f"{old.name} and {new.name} compared",
                      lead=f"{old} (left, 'published') and {new} (right, 'new'): the text read back and the pages "
                           "that differ.", names={primary: own_name(lang, lang) if lang != "und" else new.name})
    return item, page
