"""Readback + Expectation -> whether each paragraph of the PDF is in the expected language (lingua, offline)."""

from __future__ import annotations

from functools import lru_cache

from build_factsheet.checks.model import CheckResult, Expectation
from build_factsheet.checks.normalise import normalise

MIN_PARAGRAPH = 100  # characters; shorter strings (names, headings) are too short to identify
LINGUA_NAMES = {"en": "ENGLISH", "fr": "FRENCH", "es": "SPANISH", "ru": "RUSSIAN", "ar": "ARABIC",
                "zh": "CHINESE"}


@lru_cache(maxsize=1)
def detector():
    """Build the detector once per process, for the six UN languages only.

    Low-accuracy mode loads trigram models only (0.07 s instead of 1.1 s for the full
    models) and is reliable for paragraph-length text, which is all that is checked.
    """
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in LINGUA_NAMES.values()]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def identify(text: str) -> str | None:
    """Return the language code of `text` among the six, or None if undecided."""
    found = detector().detect_language_of(text)
    if found is None:
        return None
    return next((code for code, name in LINGUA_NAMES.items() if name == found.name), None)


def check_language(readback, expect: Expectation) -> list[CheckResult]:
    """Each paragraph that reads in the PDF is identified as the PDF's language."""
    if expect.lang not in LINGUA_NAMES:
        return [CheckResult("language", "warn", f"no language model for '{expect.lang}'", expect.lang)]
    page_texts = [normalise(page, expect.script) for page in readback.pages_pdfium]
    fails, checked = [], 0
    for key, text in expect.strings.items():
        if len(text) < MIN_PARAGRAPH or expect.in_source_language(key):
            continue  # too short to identify, or a draft's source-language stand-in
        stripped = text
        for name in sorted(expect.allowlist, key=len, reverse=True):
            stripped = stripped.replace(name, " ")
        checked += 1
        found = identify(stripped)
        if found != expect.lang:
            wanted = normalise(text, expect.script)[:40]
            page = next((i for i, page in enumerate(page_texts, start=1) if wanted in page), None)
            described = LINGUA_NAMES.get(found, "undecided").title() if found else "undecided"
            fails.append(CheckResult("language", "fail",
                                     f"paragraph reads as {described}, expected "
                                     f"{LINGUA_NAMES[expect.lang].title()}", expect.lang, page, key, text))
    return fails or [CheckResult("language", "pass", f"all {checked} paragraphs identified as "
                                 f"{LINGUA_NAMES[expect.lang].title()}", expect.lang)]
