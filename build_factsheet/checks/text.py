"""Readback + Expectation -> completeness and leftover findings (what the pages say)."""

from __future__ import annotations

import re
from collections import Counter

from build_factsheet.model.locales import PLACEHOLDER
from build_factsheet.checks.model import CheckResult, Expectation
from build_factsheet.checks.normalise import normalise, split_arabic

MIN_SOURCE_SENTENCE = 30  # shorter source strings (names, headings) may rightly stay the same

LEFTOVERS = [
    (re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}"), "template syntax"),
    (re.compile(r"\{[A-Za-z_][A-Za-z0-9_.]*\}"), "an unfilled placeholder"),
    (re.compile(r"\b(None|undefined|nan|NaN|null)\b"), "a missing value printed as text"),
    (re.compile(r"\ufffd"), "a replacement character (U+FFFD)"),
    (re.compile(r"\*\*|(?<!\w)\*(?=\w)|(?<=\w)\*(?!\w)"), "inline markup printed as text"),
]


def document_text(pages: list[str], script: str, furniture: list[str] = ()) -> tuple[str, list[int]]:
    """Normalise the pages as one text; return it and each page's start offset in it.

    `furniture` (the running footer, {page} and {pages} filled per page) is cut out first,
    so that a paragraph, or a word hyphenated across the page break, reads as one.
    """
    cleaned = []
    for number, text in enumerate(pages, start=1):
        for item in furniture:
            item = item.replace("{page}", str(number)).replace("{pages}", str(len(pages)))
            pattern = r"\s+".join(re.escape(word) for word in item.split())
            text = re.sub(pattern, "\n", text, flags=re.IGNORECASE) if pattern else text
        cleaned.append(text.strip())
    starts = [len(normalise("\n".join(cleaned[:i]), script)) for i in range(len(cleaned))]
    return normalise("\n".join(cleaned), script), starts


def _page_at(offset: int, starts: list[int]) -> int:
    page = 1
    for i, start in enumerate(starts):
        if offset >= start:
            page = i + 1
    return page


class _Reading:
    """One reader's text of the whole PDF, ready to be searched for expected strings."""

    def __init__(self, pages: list[str], script: str, furniture: list[str], words_only: bool = False,
                 vocabulary: frozenset[str] = frozenset()):
        self.script = script
        self.words_only = words_only
        self.text, self.starts = document_text(pages, script, furniture)
        if script == "arabic":
            arabic, other = split_arabic(self.text)
            self.arabic_text = f" {' '.join(arabic)} "
            self.other = Counter(other)
            self.words = Counter(word for token in self.text.split() for word in _run_apart(token, vocabulary))

    def find(self, expected: str) -> tuple[bool, int | None]:
        """Tell whether `expected` reads here, and its offset in the text where known."""
        wanted = normalise(expected, self.script)
        if self.script != "arabic":
            at = self.text.find(wanted)
            return at >= 0, (at if at >= 0 else None)
        if self.words_only:
            return not (Counter(wanted.split()) - self.words), None
        arabic, other = split_arabic(wanted)
        in_order = not arabic or f" {' '.join(arabic)} " in self.arabic_text
        return in_order and not (Counter(other) - self.other), None


def _run_apart(token: str, vocabulary: frozenset[str]) -> list[str]:
    """A token as the words of `vocabulary` it runs together, else as it is.

    pypdf gives a space only where the next run of text is drawn further along the line: the
    runs of a right-to-left line are drawn leftwards, so the words of two table cells (a day,
    then its hours) come out as one token. Such a token is split where it is whole words of the
    expected strings, each in full; a word no string has is left whole, and so still missed.
    """
    if token in vocabulary or not vocabulary:
        return [token]
    ends: dict[int, list[str]] = {0: []}  # offset -> the words that cover the token up to it
    for start in range(len(token)):
        if start in ends:
            for end in range(start + 1, len(token) + 1):
                if end not in ends and token[start:end] in vocabulary:
                    ends[end] = ends[start] + [token[start:end]]
    return ends.get(len(token), [token])


def check_completeness(readback, expect: Expectation) -> list[CheckResult]:
    """Every expected string reads in the PDF, with both readers; report where they disagree."""
    results: list[CheckResult] = []
    script = expect.script
    furniture = [text for _, text in expect.page_furniture]
    pdfium = _Reading(readback.pages_pdfium, script, furniture)
    # pypdf puts numbers and Latin runs inside Arabic lines in visual order and even splits
    # lines around them, so for Arabic it can only vouch that every word is there.
    vocabulary = frozenset(word for text in expect.strings.values() for word in normalise(text, script).split())
    pypdf = _Reading(readback.pages_pypdf, script, furniture, words_only=script == "arabic", vocabulary=vocabulary)
    missing = disagree = 0
    for key, text in expect.strings.items():
        by_pdfium, at = pdfium.find(text)
        by_pypdf, _ = pypdf.find(text)
        page = _page_at(at, pdfium.starts) if at is not None else None
        if not by_pdfium and not by_pypdf:
            missing += 1
            results.append(CheckResult("completeness", "fail", "text of the locale does not read in the PDF",
                                       expect.lang, None, key, text))
        elif by_pdfium != by_pypdf:
            disagree += 1
            reader = "pypdf" if by_pdfium else "pypdfium2"
            results.append(CheckResult("completeness", "warn", f"readers disagree: {reader} does not find it",
                                       expect.lang, page, key, text))
    # The running footer, page by page.
    for number, page_text in enumerate(readback.pages_pdfium, start=1):
        for key, template in expect.page_furniture:
            footer = template.replace("{page}", str(number)).replace("{pages}", str(readback.page_count))
            if normalise(footer, script) not in normalise(page_text, script):
                missing += 1
                results.append(CheckResult("completeness", "fail", "running footer missing or wrong",
                                           expect.lang, number, key, footer))
    if not missing and not disagree:
        results.append(CheckResult("completeness", "pass",
                                   f"all {len(expect.strings)} strings read with pypdf and pypdfium2", expect.lang))
    return results


def check_leftovers(readback, expect: Expectation) -> list[CheckResult]:
    """No template syntax, unfilled placeholder or printed None/undefined/nan; no untranslated source."""
    results = []
    for number, page_text in enumerate(readback.pages_pdfium, start=1):
        for pattern, what in LEFTOVERS:
            for match in pattern.finditer(page_text):
                start = max(0, match.start() - 30)
                results.append(CheckResult("leftovers", "fail", f"{what} on the page", expect.lang, number,
                                           None, page_text[start:match.end() + 30]))
    if expect.source_sentences:
        # Source text is Latin whatever the translation's script: fold it as Latin. Its
        # placeholders may have been filled in the translation's own way (a French date in
        # an English sentence), so they match any short run of text.
        text, starts = document_text(readback.pages_pdfium, "latin")
        for key, sentence in expect.source_sentences.items():
            if len(sentence) < MIN_SOURCE_SENTENCE or sentence in expect.allowlist:
                continue
            parts = [normalise(part, "latin") for part in PLACEHOLDER.split(sentence)[::2]]
            pattern = ".{0,60}?".join(re.escape(part) for part in parts)
            found = re.search(pattern, text)
            if found:
                results.append(CheckResult("leftovers", "fail", "source-language text in a translation",
                                           expect.lang, _page_at(found.start(), starts), key,
                                           PLACEHOLDER.sub("…", sentence)))
    if not results:
        results.append(CheckResult("leftovers", "pass", "no template syntax, placeholders or source-language text",
                                   expect.lang))
    return results
