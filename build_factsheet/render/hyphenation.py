"""Print HTML + its layout -> the same HTML with the words hyphenated across a column or page break (or a third time in a row) kept whole, laid out again until none is."""

from __future__ import annotations

import re
from html import escape

from build_factsheet.render import boxes

# The hyphen WeasyPrint 70 draws where it hyphenates a word (CSS hyphenate-character: auto).
HYPHENATION_MARKS = "\u2010\u00ad"
MAX_ROUNDS = 4  # each round keeps whole what the last one broke; the lines rarely move further
MOST_HYPHENATED_IN_A_ROW = 2  # WeasyPrint 70 has no hyphenate-limit-lines: the third word is kept whole
_TAG = re.compile(r"(<[^>]*>)")
_EDGE_PUNCTUATION = ".,;:!?()[]{}«»“”‘’\"'…¿¡"


def words_hyphenated_at_breaks(layout) -> set[str]:
    """The words whose hyphenated first part ends the last line of a column or a page (the reader
    turns the page in mid-word: "exami- / nó"), or a third hyphenated line in a row, read from the
    laid-out lines in document order."""
    lines = [(number, rect, text) for number, page in enumerate(layout.document.pages)
             for rect, text in boxes.line_texts(page)]
    words, run = set(), 0
    for (page, rect, text), (next_page, next_rect, next_text) in zip(lines, lines[1:]):
        stripped = text.rstrip()
        same_column = next_page == page and abs(next_rect.x - rect.x) < 1 and next_rect.y > rect.y
        if not stripped or stripped[-1] not in HYPHENATION_MARKS or not stripped[:-1][-1:].isalpha():
            run = 0
            continue
        run += 1
        if (same_column and run <= MOST_HYPHENATED_IN_A_ROW) or not next_text.split():
            continue
        head = stripped[:-1].split()[-1].lstrip(_EDGE_PUNCTUATION)
        tail = next_text.split()[0].rstrip(_EDGE_PUNCTUATION)
        words.add(head + tail)
        run = 0 if not same_column else run
    return words


def keep_whole(html: str, words: set[str]) -> str:
    """Set each of `words` unhyphenated wherever the body's text has it (an inline style: the layouts
    need no rule for it); tags, the <head> and attributes are left alone."""
    if not words:
        return html
    pattern = re.compile(r"(?<![\w\u00ad-])(" + "|".join(re.escape(escape(w, quote=False))
                                                       for w in sorted(words, key=len, reverse=True)) + r")(?![\w\u00ad-])")
    head, separator, body = html.partition("<body")
    if not separator:
        return html
    parts = _TAG.split(body)
    for index in range(0, len(parts), 2):
        if index:  # parts[0] is the rest of the <body ...> tag itself
            parts[index] = pattern.sub(r'<span style="hyphens: none">\1</span>', parts[index])
    return head + separator + "".join(parts)


def lay_out_keeping_words(lay_out, html: str, keep=()) -> tuple[str, object, set[str]]:
    """Lay out `html` with `lay_out(html) -> Layout`, `keep` kept whole from the start (the lock's);
    while a word is hyphenated across a break, keep it (and those before it) whole and lay out
    again. Return the HTML, its layout and the words kept."""
    kept: set[str] = set(keep)
    layout = lay_out(keep_whole(html, kept))
    for _ in range(MAX_ROUNDS):
        broken = words_hyphenated_at_breaks(layout) - kept
        if not broken:
            break
        kept |= broken
        layout = lay_out(keep_whole(html, kept))
    return keep_whole(html, kept), layout, kept
