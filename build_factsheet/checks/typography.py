"""Readback lines + Expectation -> typography findings a reader would see: split names, lines starting with a dash, stranded headings, runs of hyphens."""

from __future__ import annotations

import bisect
import re
import unicodedata

from build_factsheet.checks.model import CheckResult, Expectation
from build_factsheet.readback.lines import TextLine

CHECK = "typography"
# What ends a hyphenated line: the hyphen WeasyPrint draws (U+2010), a hyphen-minus, a
# non-breaking hyphen, and what the readers make of a soft hyphen.
HYPHENS = "-\u2010\u2011\u00ad\ufffe"
# What a hyphenation (not a compound's own hyphen) leaves at a line's end.
HYPHENATION_MARKS = "\u2010\u00ad\ufffe"
DASHES = "\u2014\u2013"
MOST_HYPHENATED_IN_A_ROW = 2


def check_typography(readback, expect: Expectation) -> list[CheckResult]:
    """Fail on what breaks the typesetting rules, line by line of what the PDF shows."""
    lines = [line for line in readback.lines if not _in_footer(line, readback, expect)]
    following = _next_lines(lines)
    results: list[CheckResult] = []
    results += _split_names(lines, following, expect)
    results += _split_heading_words(lines, following, expect)
    results += _dash_starts(lines, expect)
    results += _stranded_headings(lines, following, expect)
    results += _short_after_headings(lines, following, expect)
    results += _lone_first_items(lines, following, expect)
    results += _hyphen_runs(lines, following, expect)
    results += _hyphenated_at_breaks(lines, following, expect)
    if not results:
        results.append(CheckResult(CHECK, "pass", f"{len(lines)} lines set by the rules", expect.lang))
    return results


def _in_footer(line: TextLine, readback, expect: Expectation) -> bool:
    """Page furniture below the text area (the running footer) is no column's line."""
    return line.box[3] < expect.margins_pt[1] * 0.9


def _next_lines(lines: list[TextLine]) -> dict[int, TextLine | None]:
    """Each line's next line in reading order: the nearest line below it, on its page and in its column."""
    following: dict[int, TextLine | None] = {}
    pages: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        pages.setdefault(line.page, []).append(index)
    # Each page's lines from the top down: a line's next one is the first below its middle in its column.
    order = {page: sorted(ids, key=lambda i: (-lines[i].box[3], i)) for page, ids in pages.items()}
    depths = {page: [-lines[i].box[3] for i in ids] for page, ids in order.items()}
    for index, line in enumerate(lines):
        ids = order[line.page]
        start = bisect.bisect_left(depths[line.page], -(line.box[1] + line.box[3]) / 2)
        nearest = next((lines[i] for i in ids[start:] if line.overlaps_horizontally(lines[i])), None)
        # Further than three lines' height: a gap between blocks, a figure, or another column's foot.
        if nearest is not None and line.box[1] - nearest.box[3] > 3 * max(line.height, nearest.height):
            nearest = None
        following[index] = nearest
    return following


def _fold(text: str) -> str:
    """Text as compared: compatibility forms folded, any run of spaces one space, case ignored."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _hyphenated(line: TextLine) -> bool:
    """Whether a line ends with a hyphen after a letter (a word carried over to the next line)."""
    text = line.text.rstrip()
    return len(text) >= 2 and text[-1] in HYPHENS and text[-2].isalpha()


def _split_names(lines, following, expect: Expectation) -> list[CheckResult]:
    """A name, acronym or value (as the HTML marked them unbreakable) begun on one line and ended on the next."""
    results = []
    originals = {_fold(name): " ".join(unicodedata.normalize("NFKC", name).split()) for name in expect.unbreakable}
    names = sorted((name for name in originals if len(name) >= 2), key=len, reverse=True)
    for index, line in enumerate(lines):
        after = following[index]
        if after is None:
            continue
        end = _fold(line.text.rstrip(HYPHENS + " "))
        start = _fold(after.text)
        hyphen = _hyphenated(line)
        for name in names:
            cut = next((k for k in range(1, len(name)) if name[:k].strip() and name[k:].strip()
                        and end.endswith(name[:k].rstrip()) and start.startswith(name[k:].lstrip())
                        and _word_start(end, len(name[:k].rstrip()))), None)
            if cut is not None:
                shown = originals[name]  # casefolding keeps the length of these scripts' letters
                shown = shown if len(shown) == len(name) else name
                results.append(CheckResult(CHECK, "fail", f"“{shown[:cut].strip()}{'-' if hyphen else ''} / "
                                           f"{shown[cut:].strip()}”: "
                                           "a name, acronym or value split across two lines", expect.lang, line.page,
                                           text=f"{line.text} / {after.text}"))
                break
        else:
            word = line.text.rstrip(HYPHENS)[-40:].split()[-1] if hyphen else ""
            if hyphen and sum(c.isupper() for c in word) >= 2:
                results.append(CheckResult(CHECK, "fail", f"“{word}-”: an acronym hyphenated", expect.lang, line.page,
                                           text=f"{line.text} / {after.text}"))
    return results


def _split_heading_words(lines, following, expect: Expectation) -> list[CheckResult]:
    """A word a heading sets whole (a language without spaces: 协调小组) begun on one line of it and ended on the next."""
    words = sorted({_fold(word) for word in expect.heading_words if len(word) >= 2}, key=len, reverse=True)
    headings = [_fold(heading) for heading in expect.headings]
    results = []
    for index, line in enumerate(lines):
        after = following[index]
        if after is None or not words:
            continue
        end, start = _fold(line.text), _fold(after.text)
        if not any(end + joint + start in heading for heading in headings for joint in ("", " ")):
            continue  # not two lines of one heading
        for word in words:
            cut = next((k for k in range(1, len(word)) if end.endswith(word[:k]) and start.startswith(word[k:])), None)
            if cut is not None:
                results.append(CheckResult(CHECK, "fail", f"“{word[:cut]} / {word[cut:]}”: a heading breaks inside "
                                           "a word, not between words", expect.lang, line.page,
                                           text=f"{line.text} / {after.text}"))
                break
    return results


def _word_start(end: str, k: int) -> bool:
    """The k letters at the end of `end` start a word there (not the tail of a longer word)."""
    before = end[-k - 1:-k] if len(end) > k else ""
    return not before or not before.isalnum() or _han(before)


def _han(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK")


def _dash_starts(lines, expect: Expectation) -> list[CheckResult]:
    return [CheckResult(CHECK, "fail", "a line starts with a dash: the dash belongs at the end of the line before",
                        expect.lang, line.page, text=line.text)
            for line in lines if line.text.lstrip()[:1] in DASHES]


def _stranded_headings(lines, following, expect: Expectation) -> list[CheckResult]:
    """A heading whose text ends on the last line of a column (its text follows in the next)."""
    headings = [_fold(heading) for heading in expect.headings]
    results = []
    for index, line in enumerate(lines):
        if following[index] is not None:
            continue
        text = _fold(line.text)
        if len(text) >= 2 and any(heading.endswith(text) for heading in headings) and not _below_is_text(line, lines):
            results.append(CheckResult(CHECK, "fail", "a heading is the last line of a column: its text starts "
                                       "in the next one", expect.lang, line.page, text=line.text))
    return results


def _short_after_headings(lines, following, expect: Expectation) -> list[CheckResult]:
    """A heading with one or two lines under it at a column's foot, its text going on in the next column."""
    headings = [_fold(heading) for heading in expect.headings]
    block_ends = [_fold(text) for text in expect.strings.values()]
    position = {id(line): index for index, line in enumerate(lines)}
    results = []
    for index, line in enumerate(lines):
        text, after = _fold(line.text), following[index]
        if len(text) < 2 or after is None or not any(heading.endswith(text) for heading in headings) \
                or any(_fold(after.text) in heading for heading in headings):
            continue  # not a heading's last line, or one with nothing under it (_stranded_headings)
        under = []
        while after is not None and len(under) < 3:
            under.append(after)
            after = following[position[id(after)]]
        last = _fold(under[-1].text)
        if len(under) < 3 and not _below_is_text(under[-1], lines) and not any(end.endswith(last) for end in block_ends):
            results.append(CheckResult(CHECK, "fail", f"a heading with {len(under)} line(s) under it at a column's "
                                       "foot (at least 3)", expect.lang, line.page, text=line.text))
    return results


def _lone_first_items(lines, following, expect: Expectation) -> list[CheckResult]:
    """A list's first item alone at a column's foot, the others in the next column."""
    firsts = [_fold(items[0]) for items in expect.list_items if len(items) >= 2]
    return [CheckResult(CHECK, "fail", "a list's first item alone at a column's foot", expect.lang, line.page,
                        text=line.text)
            for index, line in enumerate(lines)
            if following[index] is None and len(_unmarked(line)) >= 3 and not _below_is_text(line, lines)
            and any(first.endswith(_unmarked(line)) for first in firsts)]


def _unmarked(line: TextLine) -> str:
    """A line's text without the list marker the readers give at the end of an item's first line ("•", "1.")."""
    return re.sub(r"\s*(?:[•◦▪‣]|\d+[.)])$", "", _fold(line.text))


def _below_is_text(line: TextLine, lines) -> bool:
    """Whether any line lies below this one in its column on the page (further than the next-line distance)."""
    return any(other.page == line.page and other.box[3] < line.box[1] and line.overlaps_horizontally(other)
               for other in lines)


def _hyphen_runs(lines, following, expect: Expectation) -> list[CheckResult]:
    results = []
    counted: set[int] = set()
    position = {id(line): index for index, line in enumerate(lines)}
    for index, line in enumerate(lines):
        if index in counted or not _hyphenated(line):
            continue
        run = [line]
        after = following[index]
        while after is not None and _hyphenated(after):
            run.append(after)
            counted.add(position[id(after)])
            after = following[position[id(after)]]
        if len(run) > MOST_HYPHENATED_IN_A_ROW:
            results.append(CheckResult(CHECK, "fail", f"{len(run)} hyphenated lines in a row (at most "
                                       f"{MOST_HYPHENATED_IN_A_ROW})", expect.lang, line.page,
                                       text=" / ".join(l.text[-20:] for l in run)))
    return results


def _hyphenated_at_breaks(lines, following, expect: Expectation) -> list[CheckResult]:
    """A word hyphenated on the last line of a column or page: the reader turns to finish it."""
    return [CheckResult(CHECK, "fail", "a word hyphenated across a column or page break", expect.lang, line.page,
                        text=line.text)
            for index, line in enumerate(lines)
            if following[index] is None and _hyphenated(line) and line.text.rstrip()[-1] in HYPHENATION_MARKS]
