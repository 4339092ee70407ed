"""Two PDFs' bytes -> what differs: page count, size, the text read back (word diff) and the pages (pages.py)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from build_factsheet.review.pages import PageChange, compare_pages
from build_factsheet.review.textdiff import Segment, segments_of, tokens

CONTEXT = 12  # words and spaces shown either side of a change in the text read back
# What a renderer adds at a line break (hyphenation, U+FFFE from pypdfium2) and the breaks themselves.
_BREAK_HYPHEN = re.compile(r"[\u00ad\ufffe\u2010]\s*")
_SPACE = re.compile(r"\s+")
# Between two ideographs a line break is no space: the text runs on.
_CJK_GAP = re.compile(r"(?<=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])")


@dataclass
class TextHunk:
    """One place where the text read back from the two PDFs differs, with a few words around it."""

    old: list[Segment]
    new: list[Segment]


@dataclass
class PdfComparison:
    old_pages: int
    new_pages: int
    old_bytes: int
    new_bytes: int
    identical: bool
    pages: list[PageChange] = field(default_factory=list)
    text: list[TextHunk] = field(default_factory=list)
    new_page_texts: list[str] = field(default_factory=list)

    @property
    def changed_pages(self) -> list[int]:
        return [page.number for page in self.pages]


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as pypdfium2 reads it, line breaks and hyphenation folded into the running text."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        texts = []
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            texts.append(running_text(textpage.get_text_range()))
            textpage.close()
        return texts
    finally:
        document.close()


def running_text(text: str) -> str:
    text = _BREAK_HYPHEN.sub("", text)
    return _CJK_GAP.sub("", _SPACE.sub(" ", text)).strip()


def text_hunks(old: str, new: str) -> list[TextHunk]:
    """The places where two running texts differ, word by word, each with CONTEXT words around it."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [TextHunk(*segments_of(a, b, group)) for group in matcher.get_grouped_opcodes(CONTEXT)]


def compare_pdfs(old_pdf: bytes, new_pdf: bytes, out_dir: Path, prefix: str, base: Path) -> PdfComparison:
    """Compare two PDFs: page pictures written to `out_dir` (paths relative to `base`)."""
    from pypdfium2 import PdfDocument

    if old_pdf == new_pdf:
        count = len(PdfDocument(new_pdf))
        return PdfComparison(count, count, len(old_pdf), len(new_pdf), True)
    old_texts, new_texts = page_texts(old_pdf) if old_pdf else [], page_texts(new_pdf)
    pages = compare_pages(old_pdf, new_pdf, out_dir, prefix, base)
    hunks = text_hunks(" ".join(old_texts), " ".join(new_texts))
    return PdfComparison(len(old_texts), len(new_texts), len(old_pdf), len(new_pdf), False, pages, hunks,
                         new_texts)
