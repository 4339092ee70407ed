"""Readback + Expectation -> provenance findings: every run of text in the PDF comes from a source, or is named.

The sources of a language's text are its locale strings (with the values filled in, and the
literal parts of the patterns the templates fill), the project's values as that language
formats them (numbers, dates, the edition), the contacts as written and as a reader sees an
address (no `https://`, `mailto:` or trailing `/`), the words the layout declares in its
.layout.yaml (`words:`), and the numbers CSS draws before the items of an ordered list. The
check reads the PDF's text, cuts out the running footer (page by page, counters filled),
marks every stretch that one of those texts covers and reports what is left: a template that
prints a word of its own, or reaches for a file or for data no source holds, fails naming
that text. Stretches with no letter or digit (bullets, brackets, spaces) are layout.

Text is compared as the other checks compare it (checks/normalise.py): hyphenation and line
breaks removed, case folded, Chinese without spaces. Arabic is compared as words, because
readers put numbers and Latin runs where they are drawn: the Arabic words in order (the spaces between them
aside), the other words each found in some source; short-vowel marks, which pypdfium2 moves out of their
words, are left out, and a piece of a word they split (up to MAX_FRAGMENT letters) passes when a
source word contains it.
"""

from __future__ import annotations

import re
import unicodedata

from build_factsheet.checks.model import CheckResult, Expectation
from build_factsheet.checks.normalise import normalise, split_arabic

MAX_NAMED = 12
MAX_FRAGMENT = 3  # letters: an Arabic word broken by its moved vowel marks (see _cover_arabic)  # runs named one by one; the rest are counted
METADATA = ("/Title", "/Author", "/Subject", "/Keywords")  # the PDF properties that hold the document's words
# A letter or digit outside Chinese: a source text that starts or ends with one must match a
# whole word, so that "a" or "2" cannot vouch for a piece of an unknown word.
_WORD = re.compile(r"[^\W\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")  # _HAN below
_HAN = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_BY_HAN = re.compile(f"\\s+(?=[{_HAN}])|(?<=[{_HAN}])\\s+")


def check_provenance(readback, expect: Expectation) -> list[CheckResult]:
    """Fail on every run of the PDF's text (pages and properties) that no source produced."""
    if not expect.sources:  # an expectation made without the document: nothing to vouch with
        return []
    from build_factsheet.checks.text import _page_at, document_text

    sources = _Sources(expect.sources, expect.script)
    furniture = [text for _, text in expect.page_furniture]
    script = _as_compared(expect.script)
    text, starts = document_text([_fold(page, expect.script) for page in readback.pages_pdfium], script,
                                 [_fold(item, expect.script) for item in furniture])
    if expect.script == "han":  # a paragraph going on over the page: no space where the pages join
        starts = [len(_fold(text[:start], "han")) for start in starts]
        text = _fold(text, "han")
    found: list[tuple[int | None, str]] = [(_page_at(at, starts), run) for at, run in sources.unaccounted(text)]
    for name in METADATA:
        if readback.metadata.get(name):
            found += [(None, f"{name[1:]}: {run}")
                      for _, run in sources.unaccounted(normalise(_fold(readback.metadata[name], expect.script), script))]
    if not found:
        return [CheckResult("provenance", "pass", "every text on the pages and in the properties comes from a "
                            "locale string, a value or the layout's words", expect.lang)]
    counted: dict[tuple[int | None, str], int] = {}
    for place in found:  # the same words printed by a template in every block: named once, counted
        counted[place] = counted.get(place, 0) + 1
    results = [CheckResult("provenance", "fail", "text that no locale string, value or layout word produced" +
                           (f" ({times} times)" if times > 1 else ""), expect.lang, page, None,
                           _as_printed(run, readback, page))
               for (page, run), times in list(counted.items())[:MAX_NAMED]]
    if len(counted) > MAX_NAMED:
        results.append(CheckResult("provenance", "fail", f"and {len(counted) - MAX_NAMED} more runs of text "
                                   "that no source produced", expect.lang))
    return results


class _Sources:
    """The sourced texts of one language, folded to compare with a PDF's text."""

    def __init__(self, texts: tuple[str, ...], script: str):
        self.script = script
        folded = sorted({normalise(_fold(text, script), _as_compared(script)) for text in texts} - {""},
                        key=len, reverse=True)
        if script == "arabic":
            self.arabic = ["".join(words) for words, _ in map(split_arabic, folded) if words]
            self.other = {token for text in folded for token in split_arabic(text)[1]}
        else:
            self.texts = folded

    def unaccounted(self, text: str) -> list[tuple[int, str]]:
        """The runs of `text` (folded and normalised) that no source covers and that hold a letter or digit, with offsets."""
        covered = bytearray(len(text))
        if self.script == "arabic":
            self._cover_arabic(text, covered)
        else:
            for source in self.texts:
                for start in _whole_words_at(text, source):
                    covered[start:start + len(source)] = b"\x01" * len(source)
        runs = []
        for match in re.finditer(rb"\x00+", bytes(covered)):
            run = text[match.start():match.end()]
            letters = [i for i, char in enumerate(run) if unicodedata.category(char)[0] in "LN"]
            if letters:  # named from its first letter to its last: the punctuation around is layout
                runs.append((match.start() + letters[0], run[letters[0]:letters[-1] + 1]))
        return runs

    def _cover_arabic(self, text: str, covered: bytearray) -> None:
        """Mark the words of `text` that the sources cover.

        A source's Arabic words must read in order, joined: pypdfium2 splits a word where it
        moved a vowel mark out of it, so the spaces inside a match do not matter, only that it
        starts and ends where words do. Numbers and Latin words each need a source that has them.
        """
        words = [(match.start(), match.end(), match.group()) for match in re.finditer(r"\S+", text)]
        arabic = [word for word in words if split_arabic(word[2])[0]]
        for start, end, word in words:
            if word in self.other:
                covered[start:end] = b"\x01" * (end - start)
        joined = "".join(word for _, _, word in arabic)
        starts = [0]
        for _, _, word in arabic:
            starts.append(starts[-1] + len(word))
        word_at = {at: i for i, at in enumerate(starts)}
        for source in self.arabic:
            at = joined.find(source)
            while at >= 0:
                first, last = word_at.get(at), word_at.get(at + len(source))
                if first is not None and last is not None:
                    for start, end, _ in arabic[first:last]:
                        covered[start:end] = b"\x01" * (end - start)
                at = joined.find(source, at + 1)
        # Where a word had vowel marks, pypdfium2 returns it in pieces and out of order: a piece
        # of up to MAX_FRAGMENT letters left over passes if some source word contains it.
        letters = " ".join(self.arabic)
        for start, end, word in arabic:
            if not covered[start] and len(word) <= MAX_FRAGMENT and word in letters:
                covered[start:end] = b"\x01" * (end - start)


def _whole_words_at(text: str, source: str):
    """Where `source` occurs in `text` without cutting a word (str.find: a regex per source is 10x slower)."""
    starts_word, ends_word = _WORD.match(source[0]) is not None, _WORD.match(source[-1]) is not None
    at = text.find(source)
    while at >= 0:
        end = at + len(source)
        if not (starts_word and at and _WORD.match(text[at - 1])) and \
                not (ends_word and end < len(text) and _WORD.match(text[end])):
            yield at
        at = text.find(source, at + 1)


def _fold(text: str, script: str) -> str:
    """Leave out what readers add or move: line breaks beside Chinese characters, Arabic short vowels.

    Chinese keeps the spaces between two Latin words or numbers (its normalise() removes them
    all), so that a source's Latin word must still be a whole word ("ICAT 2019年" is not "ICAT2019").
    """
    if script == "han":
        return _SPACE_BY_HAN.sub("", text)
    if script == "arabic":
        return "".join(char for char in text if unicodedata.category(char) != "Mn")
    return text


def _as_compared(script: str) -> str:
    """The script whose normalise() rules the check compares by (Chinese: as Latin, once _fold has run)."""
    return "latin" if script == "han" else script


def _as_printed(run: str, readback, page: int | None) -> str:
    """The run as the page prints it (case and line breaks), where it can be found there; else as folded."""
    pages = readback.pages_pdfium if page is None else [readback.pages_pdfium[page - 1]]
    pattern = r"[\s\-\u2010\u00ad\ufffe]*".join(re.escape(char) for char in run.replace(" ", ""))
    for text in pages:
        found = re.search(pattern, text, flags=re.IGNORECASE) if len(run) < 300 else None
        if found:
            return " ".join(found.group().split())
    return run
