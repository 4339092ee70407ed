"""English text + a locale's fingerprint file -> which translated strings are stale, from what English, and the file rewritten."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from babel import Locale

from build_factsheet.errors import Problem, SourceError
from build_factsheet.model.locales import LOCALES_DIR
from build_factsheet.model.yamlfile import load_yaml
from build_factsheet.i18n.plurals import PLURAL_CATEGORIES

# Beside the locale file, named so that nothing reading `<lang>.yaml` picks it up as a locale.
SUFFIX = ".fingerprints.yaml"
HASH_LENGTH = 10  # hex digits of SHA-256: ample for a few hundred strings, short enough to diff

HEADER = """\
# Fingerprints of the English each {language} string was translated from: the key, the first
# {length} hex digits of the SHA-256 of the English text at the time (`sha`), and that English
# (`en`; a message in plural forms has one record, with all its English forms). When the
# English changes, its hash no longer matches: `build-factsheet i18n status` reports the
# string as stale and shows the English it was translated from next to today's.
# `review: true`: a CAT tool marked the string for review (fuzzy, needs-review) on import.
# Written by `build-factsheet i18n new`, `i18n import` and `i18n review`; see TRANSLATING.md.
# Do not edit by hand: review the translation, then run `build-factsheet i18n review {lang} KEY`.
"""


@dataclass(frozen=True)
class StaleKey:
    """A translated string whose English has changed since, or was never recorded."""

    key: str
    reason: str  # "changed", "unrecorded" or "review" (a CAT tool marked it fuzzy or needs-review)
    # The English it was translated from, when the record keeps it; a plural message's English forms.
    previous: str | dict[str, str] | None = None

    def describe(self) -> str:
        if self.reason == "changed":
            return "the English changed after this was translated: review it, then `i18n review`"
        if self.reason == "review":
            return "marked for review in a CAT tool (fuzzy, needs-review): review it, then `i18n review`"
        return "no record of the English it was translated from: review it, then `i18n review`"


@dataclass(frozen=True)
class Record:
    """What the fingerprint file keeps of one translated string."""

    sha: str
    # The English text itself (files written before it was kept lack it); a plural message's forms.
    english: str | dict[str, str] | None = None
    review: bool = False        # imported as fuzzy or needs-review: stale until reviewed


def fingerprint(text: str | dict[str, str]) -> str:
    """Return the short hash that stands for one English text, or for all the English forms of a plural message."""
    if isinstance(text, dict):  # any form changed: the message changed; the forms in CLDR's order
        text = json.dumps(sorted(text.items(), key=lambda item: (
            PLURAL_CATEGORIES.index(item[0]) if item[0] in PLURAL_CATEGORIES else len(PLURAL_CATEGORIES), item[0])),
            ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def _is_english(value) -> bool:
    return isinstance(value, str) or (isinstance(value, dict) and value != {} and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()))


def fingerprints_path(root: Path, lang: str, directory: str = LOCALES_DIR) -> Path:
    return root / directory / f"{lang}{SUFFIX}"


def read_records(path: Path) -> tuple[dict[str, Record] | None, list[Problem]]:
    """Return key -> Record from a fingerprint file, or None when it does not exist yet."""
    if not path.exists():
        return None, []
    doc, problems = load_yaml(path)
    if doc is None:
        return None, problems
    if doc.data is None or doc.data == {}:
        return {}, problems
    if not isinstance(doc.data, dict):
        return None, problems + [doc.problem(None, "expected a mapping of keys to hashes")]
    recorded: dict[str, Record] = {}
    for key, value in doc.data.items():
        if isinstance(value, str) and value:  # the form written before the English was kept
            recorded[key] = Record(value)
        elif (isinstance(value, dict) and isinstance(value.get("sha"), str) and value["sha"]
              and _is_english(value.get("en", "")) and isinstance(value.get("review", False), bool)):
            recorded[key] = Record(value["sha"], value.get("en"), value.get("review", False))
        else:
            problems.append(doc.problem(key, "expected {sha: \"hash\", en: \"English\"}; "
                                             "rewrite it with `i18n review`"))
    return recorded, problems


def read_fingerprints(root: Path, lang: str, directory: str = LOCALES_DIR
                      ) -> tuple[dict[str, Record] | None, list[Problem]]:
    """Return key -> Record of `lang`'s strings in `directory`, or None when the file does not exist yet."""
    return read_records(fingerprints_path(root, lang, directory))


def message_records(ws, lang: str) -> tuple[dict[str, Record] | None, list[Problem]]:
    """Return message key -> Record of `lang` in the i18n Workspace `ws`, or None when the file does not exist yet.

    A file written when each plural form had a record of its own is read as one record per
    message: current if every form's was, else stale, with the English forms it kept.
    """
    recorded, problems = read_fingerprints(ws.root, lang, ws.locales_dir)
    if recorded is None:
        return None, problems
    expected = ws.expected(lang)
    for key, english in ws.messages.items():
        forms = ws.forms(lang, key)
        if isinstance(english, str) or key in recorded or not all(form in recorded for form in forms):
            continue
        old = [recorded[form] for form in forms]
        previous = {category: recorded[f"{key}.{category}"].english for category in english
                    if isinstance(recorded.get(f"{key}.{category}", Record("")).english, str)}
        current = all(entry.sha == fingerprint(expected[form]) for form, entry in zip(forms, old))
        # Not current: a hash of the forms' hashes, which today's English never has.
        sha = fingerprint(english) if current else fingerprint({form: entry.sha for form, entry in zip(forms, old)})
        recorded[key] = Record(sha, english if current else (previous or None), any(entry.review for entry in old))
    return recorded, problems


def stale_keys(translated: list[str], english: dict, recorded: dict[str, Record] | None) -> list[StaleKey]:
    """Return the translated keys whose record is missing, differs from the current English or asks for review."""
    stale = []
    for key in translated:
        if key not in english:
            continue
        known = (recorded or {}).get(key)
        if known is None:
            stale.append(StaleKey(key, "unrecorded"))
        elif known.sha != fingerprint(english[key]):
            stale.append(StaleKey(key, "changed", known.english))
        elif known.review:
            stale.append(StaleKey(key, "review", known.english))
    return stale


def write_fingerprints(root: Path, lang: str, recorded: dict[str, Record], english: dict,
                       directory: str = LOCALES_DIR) -> bool:
    """Write the file in English key order, dropping keys English no longer has; return whether it changed.

    A record kept without its English (an older file) gains it when its hash is today's English.
    """
    path = fingerprints_path(root, lang, directory)
    try:
        language = Locale.parse(lang).english_name
    except (ValueError, LookupError):
        language = lang
    lines = [HEADER.format(language=language, lang=lang, length=HASH_LENGTH)]
    for key, text in english.items():
        if key not in recorded:
            continue
        entry = recorded[key]
        previous = entry.english if entry.english is not None else (
            text if entry.sha == fingerprint(text) else None)
        # Quoted, so a hash made only of digits is never read back as a number; the English as a
        # JSON string, which YAML reads as a double-quoted scalar, on one line.
        fields = [f'sha: "{entry.sha}"']
        if previous is not None:
            fields.append(f"en: {json.dumps(previous, ensure_ascii=False)}")
        if entry.review:
            fields.append("review: true")
        lines.append(f"{key}: {{{', '.join(fields)}}}\n")
    text = "".join(lines)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def record(ws, lang: str, english_texts: dict, review: frozenset[str] = frozenset()) -> None:
    """Record the given messages of the i18n Workspace `ws` as translated from the given English; keep every
    other readable record.

    `review`: keys a CAT tool left fuzzy or needs-review, kept stale (with their record) until reviewed.
    """
    # A damaged file is rewritten from what can still be read: the keys lost show as stale.
    recorded, _ = message_records(ws, lang)
    recorded = dict(recorded or {})
    recorded.update({key: Record(fingerprint(text), text) for key, text in english_texts.items()})
    for key in review:
        if key in recorded:
            recorded[key] = Record(recorded[key].sha, recorded[key].english, True)
    write_fingerprints(ws.root, lang, recorded, ws.messages, ws.locales_dir)


def mark_reviewed(ws, lang: str, keys: list[str], all_keys: bool = False) -> tuple[list[str], list[str]]:
    """Record `keys` (or every translated key) as matching today's English; return them, and those that were stale.

    `ws` is an i18n Workspace. Raise SourceError, recording nothing, if a key is unknown or
    not translated yet.
    """
    ws.require_translation(lang)
    catalog, problems = ws.catalog(lang)
    if catalog is None:
        raise SourceError("The locale file cannot be read:", problems)
    english = ws.messages
    written = set(catalog.messages)
    translated = [key for key in english if all(form in written for form in ws.forms(lang, key))]
    # A plural form named alone ('a.text.few') stands for its message.
    keys = translated if all_keys else list(dict.fromkeys(ws.message_of(key) for key in keys))
    errors = []
    for key in keys:
        if key not in english:
            errors.append(catalog.doc.problem(key, "unknown key: the English has no such key"))
        elif key not in translated:
            errors.append(catalog.doc.problem(key, "not translated yet: nothing to review"))
    if errors:
        raise SourceError(f"Nothing was marked reviewed; {len(errors)} problem(s):", errors)
    recorded, _ = message_records(ws, lang)
    was_stale = [s.key for s in stale_keys(keys, english, recorded)]
    record(ws, lang, {key: english[key] for key in keys})
    return keys, was_stale
