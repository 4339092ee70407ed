"""A translation's catalog + the English catalog -> QA problems (errors and warnings), found before anything renders."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from translate.filters.checks import CheckerConfig, FilterFailure, StandardChecker
from translate.filters.decoration import getemails, geturls

from build_factsheet import markup
from build_factsheet.characters import find_refused
from build_factsheet.errors import Problem, display_path
from build_factsheet.model.locales import PLACEHOLDER, Catalog, check_plurals

Finding = tuple[str, str]  # (severity, message)

# A number as written in running text: 25, 61/180, 2.5, 1,000 (digits of any script).
_NUMBER = re.compile(r"\d+(?:[.,/:]\d+)*")
_DOUBLE_SPACE = re.compile(r"\s{2,}")
_CONTROL_SPACE = re.compile(r"[\t\n\r\v\f]")

# English's final mark -> the marks a language ends with instead (absent: the same mark).
_FULL_WIDTH = {".": "。", ":": "：", ";": "；", "?": "？", "!": "！", "…": "…"}
FINAL_MARKS = {
    "zh": _FULL_WIDTH,
    "ja": _FULL_WIDTH,
    # Arabic uses the Latin full stop and colon; its own question mark and semicolon are preferred.
    "ar": {".": ".", ":": ":", ";": "؛;", "?": "؟?", "!": "!", "…": "…"},
}
ENGLISH_MARKS = ".:;?!…"
FULL_STOPS = ".。"
# Closing quotes and brackets may follow the final mark ("… end.»"); they are looked through.
_CLOSERS = "\"'”’»›)]）」』"

# How much longer than the English a string may be before it is worth a look. Chinese
# and Japanese need far fewer characters than English (about 0.3-0.6 of it), so the
# same character count already means a string far too long.
LENGTH_RATIO = {"zh": 1.0, "ja": 1.0, "ko": 1.2}
DEFAULT_LENGTH_RATIO = 2.2
# Names and labels shorter than this vary widely against English and cost little room.
SHORT_TEXT = 20


def check_placeholders(english: str, text: str, lang: str) -> list[Finding]:
    """Each {placeholder} of the English appears in the translation as often, and no other."""
    expected, found = Counter(PLACEHOLDER.findall(english)), Counter(PLACEHOLDER.findall(text))
    findings = [("error", f"placeholder {{{name}}} of the English is missing (write it unchanged)")
                for name in sorted(expected - found)]
    findings += [("error", f"placeholder {{{name}}} is not in the English (placeholders are not translated)")
                 for name in sorted(found - expected)]
    stray = PLACEHOLDER.sub("", text)
    if "{" in stray or "}" in stray:
        findings.append(("error", "a { or } without its pair: placeholders are written {name}, braces are not text"))
    return findings


def check_markup(english: str, text: str, lang: str) -> list[Finding]:
    """Bold, italic and links are used as often as in the English, each closed; nothing else (markup.py)."""
    findings: list[Finding] = []
    want, got = _markup(english), _markup(text)
    for kind, label in (("strong_open", "bold (**…**)"), ("em_open", "italic (*…*)"),
                        ("link_open", "a link ([…](https://…))")):
        if want[kind] != got[kind]:
            findings.append(("error", f"{label} is used {got[kind]} time(s), the English {want[kind]}"))
    if got["stray"] > want["stray"]:
        findings.append(("error", "an unpaired * is printed as an asterisk: close each ** and * with its pair"))
    # Loading a locale already refuses these; this keeps them in the translators' QA report.
    findings += [("error", message) for message in markup.refused(text)]
    return findings


def _markup(text: str) -> Counter:
    if markup.is_plain(text):
        return Counter()
    children = markup.inline_parser().parseInline(text)[0].children or []
    counts = Counter(token.type for token in children if token.type in ("strong_open", "em_open", "link_open"))
    counts["stray"] = sum(token.content.count("*") for token in children if token.type == "text")
    return counts


def check_numbers(english: str, text: str, lang: str) -> list[Finding]:
    """Numbers in the English (61/180, 72/195) appear unchanged; new ones are worth a look."""
    # translate-toolkit's `numbers` check splits 61/180 into 61 and 180, so a resolution
    # number written 61 / 180 or 180/61 would pass; numbers are compared whole here.
    expected, found = _numbers(english), _numbers(text)
    findings = [("error", f"number {number} of the English is missing or changed")
                for number in sorted(expected - found)]
    findings += [("warning", f"number {number} is not in the English") for number in sorted(found - expected)]
    return findings


def _numbers(text: str) -> Counter:
    text = PLACEHOLDER.sub(" ", text)  # {ga_61_180_date} is a name, not a number
    # Digits of another script (Arabic-Indic ٦١/١٨٠) write the same number.
    return Counter("".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in number)
                   for number in _NUMBER.findall(text))


@lru_cache(maxsize=None)
def _checker(lang: str) -> StandardChecker:
    return StandardChecker(CheckerConfig(targetlanguage=lang, varmatches=[("{", "}")]))


def _toolkit(name: str, english: str, text: str, lang: str) -> bool:
    try:
        return getattr(_checker(lang), name)(english, text)
    except FilterFailure:
        return False


def check_urls(english: str, text: str, lang: str) -> list[Finding]:
    """Web addresses are copied, not translated (translate-toolkit's `urls` check)."""
    if _toolkit("urls", english, text, lang):
        return []
    return [("error", f"web addresses differ from the English ({', '.join(geturls(english)) or 'none'}); "
                      f"this has {', '.join(geturls(text)) or 'none'}")]


def check_emails(english: str, text: str, lang: str) -> list[Finding]:
    """E-mail addresses are copied, not translated (translate-toolkit's `emails` check)."""
    if _toolkit("emails", english, text, lang):
        return []
    return [("error", f"e-mail addresses differ from the English ({', '.join(getemails(english)) or 'none'}); "
                      f"this has {', '.join(getemails(text)) or 'none'}")]


def check_whitespace(english: str, text: str, lang: str) -> list[Finding]:
    """No space at either end, no doubled spaces, no tabs or line breaks."""
    # Written here rather than with translate-toolkit: its checks accept whatever the
    # English does, and miss a no-break space next to a space.
    findings: list[Finding] = []
    if text != text.lstrip():
        findings.append(("error", "starts with a space"))
    if text != text.rstrip():
        findings.append(("error", "ends with a space"))
    match = _DOUBLE_SPACE.search(text.strip())
    if match:
        findings.append(("error", f"doubled space after “{_context(text.strip(), match.start())}”"))
    if _CONTROL_SPACE.search(text.strip()):
        findings.append(("error", "contains a tab or line break (the layout breaks lines itself)"))
    return findings


def _context(text: str, pos: int, width: int = 20) -> str:
    return ("…" if pos > width else "") + text[max(0, pos - width):pos]


def check_final_punctuation(english: str, text: str, lang: str) -> list[Finding]:
    """A sentence ends as the English does, in the language's own marks (。 in Chinese)."""
    mark, last = _final(english), _final(text)
    if mark in ENGLISH_MARKS:
        allowed = FINAL_MARKS.get(lang.split("_")[0].split("-")[0], {}).get(mark, mark)
        if last not in allowed:
            wanted = " or ".join(f"“{m}”" for m in allowed)
            return [("error", f"ends with “{last}”; the English ends with “{mark}”, so this should end with {wanted}")]
        return []
    # A heading or name without a final mark in English: only an added full stop is odd.
    if last in FULL_STOPS:
        return [("warning", f"ends with “{last}”, the English has no final full stop")]
    return []


def _final(text: str) -> str:
    text = text.rstrip()
    while text and text[-1] in _CLOSERS:
        text = text[:-1].rstrip()
    return text[-1:] if text else ""


def check_invisible(english: str, text: str, lang: str) -> list[Finding]:
    """No bidi controls, zero-width or other invisible characters (the policy is characters.py's)."""
    # Loading a locale already refuses them; this check keeps them in the translators' QA report.
    return [("error", str(finding)) for finding in find_refused(text)]


def check_length(english: str, text: str, lang: str) -> list[Finding]:
    """A string far longer than the English may not fit the page budget (a warning)."""
    ratio = LENGTH_RATIO.get(lang.split("_")[0].split("-")[0], DEFAULT_LENGTH_RATIO)
    if len(text) > ratio * max(len(english), SHORT_TEXT):
        return [("warning", f"{len(text)} characters, {len(text) / len(english):.1f} times the English "
                            f"({len(english)}; more than {ratio:g} times is unusual for '{lang}'): "
                            f"check nothing was added, or it may not fit the pages")]
    return []


# Words that stand for text not written yet. TODO, TBD and FIXME only in capitals: "todo" is
# Spanish for "all". Three x or more, and lorem (ipsum), in any case.
PLACEHOLDER_WORDS = re.compile(r"(?<!\w)(?:TODO|TBD|TBC|FIXME|[xX]{3,}|[lL]orem|LOREM)(?!\w)")


def check_placeholder_words(english: str, text: str, lang: str) -> list[Finding]:
    """No word that stands for text not written yet: TODO, TBD, FIXME, xxx, lorem."""
    text = PLACEHOLDER.sub(" ", text)  # {xxx_count} is a value's name
    found = list(dict.fromkeys(match.group() for match in PLACEHOLDER_WORDS.finditer(text)))
    return [("error", f"“{word}” stands for text not written yet: write the text") for word in found]


CHECKS: dict[str, Callable[[str, str, str], list[Finding]]] = {
    "placeholders": check_placeholders,
    "markup": check_markup,
    "numbers": check_numbers,
    "urls": check_urls,
    "emails": check_emails,
    "whitespace": check_whitespace,
    "final_punctuation": check_final_punctuation,
    "invisible": check_invisible,
    "length": check_length,
    "placeholder_words": check_placeholder_words,
}
# The checks that make sense for the source language against itself.
SOURCE_CHECKS = ("placeholders", "whitespace", "invisible", "placeholder_words")
_URL_OR_EMAIL = re.compile(r"https?://\S+|[^@\s]+@[^@\s]+\.\w+|@\w+")


def is_untranslated(key: str, english: str, text: str, identical_ok=(), keys_that_may_stay=frozenset()) -> bool:
    """Tell whether `text` is the English left as it was, where a translation was due.

    Allowed to stay: a key of `keys_that_may_stay` (an acronym), a string listed in `identical_ok` (the
    source's proper_names and identical_ok), and a string with no word left once its
    placeholders, numbers, addresses and allowed names are set aside ("{name} ({acronym})").
    """
    if _fold(text) != _fold(english) or key in keys_that_may_stay:
        return False
    allowed = sorted({_fold(name) for name in identical_ok}, key=len, reverse=True)
    if _fold(text) in allowed:
        return False
    rest = _URL_OR_EMAIL.sub(" ", PLACEHOLDER.sub(" ", _fold(text)))
    for name in allowed:
        rest = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", rest)
    return any(c.isalpha() for c in rest)


def _fold(text: str) -> str:
    """Compare ignoring case and runs of spaces: "Membership" left as "membership " is still English."""
    return " ".join(text.split()).casefold()


def untranslated_message(english: str) -> str:
    """What to say of a string left in English."""
    shown = english if len(english) <= 60 else english[:59] + "…"
    return (f"identical to the English (“{shown}”): translate it, or list it under identical_ok in "
            "source/project.yaml if it rightly stays so")


def check_string(english: str, text: str, lang: str, checks=None) -> list[tuple[str, str, str]]:
    """Run `checks` (default: all) on one string; return (check, severity, message) for each finding."""
    return [(name, severity, message)
            for name in (checks or CHECKS)
            for severity, message in CHECKS[name](english, text, lang)]


def check_quality(catalog: Catalog, source_catalog: Catalog, identical_ok=(),
                  keys_that_may_stay=frozenset(), cldr: str | None = None, numbers=frozenset()) -> list[Problem]:
    """Return QA problems for every translated string of `catalog`, each at its file and line.

    `identical_ok`: the strings a translation may leave as the English has them (the
    source's proper_names and identical_ok lists). With `cldr`, the language's CLDR locale,
    each plural message has every form its rules need, each with the English's placeholders
    (`numbers`: the names of the values that are numbers).
    """
    name = catalog.doc.name if catalog.doc else display_path(catalog.path)
    checks = SOURCE_CHECKS if catalog.lang == source_catalog.lang else None
    problems = check_plurals(catalog, source_catalog, cldr, set(numbers)) if cldr else []
    for key, text in catalog.messages.items():
        english = source_catalog.messages.get(key)
        if english is None or key in catalog.fallback_keys:
            continue  # unknown keys are the translation check's; a draft's English fill-ins are no translation
        forms = catalog.plurals.get(key, {}).values() or [text]
        found = dict.fromkeys(f for form in forms for f in check_string(english, form, catalog.lang, checks))
        for check, severity, message in found:
            if check == "placeholder_words" and catalog.is_draft:
                severity = "warning"  # a draft is work in progress; a released language is not
            problems.append(Problem(name, catalog.line_of(key), key, message, severity))
        if checks is None and is_untranslated(key, english, text, identical_ok, keys_that_may_stay):
            problems.append(Problem(name, catalog.line_of(key), key, untranslated_message(english),
                                    "warning" if catalog.is_draft else "error"))
    return problems
