"""Readback + Expectation -> whether each paragraph of the PDF is in the expected language (lingua, offline)."""

from __future__ import annotations

from functools import lru_cache

from build_factsheet.checks.model import CheckResult, Expectation
from build_factsheet.checks.normalise import normalise

MIN_PARAGRAPH = 100  # characters; shorter strings (names, headings) are too short to identify


@lru_cache(maxsize=64)
def lingua_language(code: str):
    """Return lingua's Language for an ISO 639-1 or 639-3 code, or None if lingua has no model of it."""
    from lingua import IsoCode639_1, IsoCode639_3, Language

    try:
        if len(code) == 2:
            return Language.from_iso_code_639_1(IsoCode639_1.from_str(code))
        return Language.from_iso_code_639_3(IsoCode639_3.from_str(code))
    except ValueError:
        return None


@lru_cache(maxsize=4)
def detector(languages: tuple[str, ...]):
    """Build a detector once per process, for the project's languages that lingua knows.

    Choosing among the project's languages only is what makes one paragraph enough. Low-accuracy
    mode loads trigram models only (0.07 s instead of 1.1 s for the six UN languages' full
    models) and is reliable for paragraph-length text, which is all that is checked.
    """
    from lingua import LanguageDetectorBuilder

    known = list(dict.fromkeys(found for code in languages if (found := lingua_language(code)) is not None))
    if len(known) < 2:  # lingua needs two languages to choose between
        return None
    return LanguageDetectorBuilder.from_languages(*known).with_low_accuracy_mode().build()


def identify(text: str, languages: tuple[str, ...]) -> str | None:
    """Return the code (among `languages`) of the language `text` is in, or None if undecided."""
    found = detector(languages).detect_language_of(text)
    if found is None:
        return None
    return next((code for code in languages if lingua_language(code) == found), None)


def _name(code: str | None) -> str:
    language = lingua_language(code) if code else None
    return language.name.title() if language is not None else "undecided"


def check_language(readback, expect: Expectation) -> list[CheckResult]:
    """Each paragraph that reads in the PDF is identified as the PDF's language.

    A language lingua has no model of cannot be checked: that is said (status "skip"), and
    never fails a build, strict or not.
    """
    languages = tuple(dict.fromkeys([expect.lang, *expect.languages]))
    if lingua_language(expect.lang) is None or detector(languages) is None:
        return [CheckResult("language", "skip", f"not checked: lingua has no model of '{expect.lang}', or of "
                                                f"another of the project's languages to tell it from", expect.lang)]
    page_texts = [normalise(page, expect.script) for page in readback.pages_pdfium]
    fails, checked = [], 0
    for key, text in expect.strings.items():
        if len(text) < MIN_PARAGRAPH or expect.in_source_language(key):
            continue  # too short to identify, or a draft's source-language stand-in
        stripped = text
        for name in sorted(expect.allowlist, key=len, reverse=True):
            stripped = stripped.replace(name, " ")
        checked += 1
        found = identify(stripped, languages)
        if found != expect.lang:
            wanted = normalise(text, expect.script)[:40]
            page = next((i for i, page in enumerate(page_texts, start=1) if wanted in page), None)
            fails.append(CheckResult("language", "fail", f"paragraph reads as {_name(found)}, expected "
                                     f"{_name(expect.lang)}", expect.lang, page, key, text))
    return fails or [CheckResult("language", "pass", f"all {checked} paragraphs identified as "
                                 f"{_name(expect.lang)}", expect.lang)]
