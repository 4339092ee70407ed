"""English text + a locale's fingerprint file -> which translated strings are stale, and the file rewritten."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from babel import Locale

from build_factsheet.errors import Problem, SourceError
from build_factsheet.model.locales import LOCALES_DIR
from build_factsheet.model.yamlfile import load_yaml

# Beside the locale file, named so that nothing reading `<lang>.yaml` picks it up as a locale.
SUFFIX = ".fingerprints.yaml"
HASH_LENGTH = 10  # hex digits of SHA-256: ample for a few hundred strings, short enough to diff

HEADER = """\
# Fingerprints of the English each {language} string was translated from: the key, and the first
# {length} hex digits of the SHA-256 of the English text at the time. When the English changes,
# its hash no longer matches and `build-factsheet i18n status` reports the string as stale.
# Written by `build-factsheet i18n new`, `i18n import` and `i18n review`; see TRANSLATING.md.
# Do not edit by hand: review the translation, then run `build-factsheet i18n review {lang} KEY`.
"""


@dataclass(frozen=True)
class StaleKey:
    """A translated string whose English has changed since, or was never recorded."""

    key: str
    reason: str  # "changed" or "unrecorded"

    def describe(self) -> str:
        if self.reason == "changed":
            return "the English changed after this was translated: review it, then `i18n review`"
        return "no record of the English it was translated from: review it, then `i18n review`"


def fingerprint(text: str) -> str:
    """Return the short hash that stands for one English text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def fingerprints_path(root: Path, lang: str) -> Path:
    return root / LOCALES_DIR / f"{lang}{SUFFIX}"


def read_fingerprints(root: Path, lang: str) -> tuple[dict[str, str] | None, list[Problem]]:
    """Return key -> recorded hash, or None when the file does not exist yet."""
    path = fingerprints_path(root, lang)
    if not path.exists():
        return None, []
    doc, problems = load_yaml(path)
    if doc is None:
        return None, problems
    if doc.data is None or doc.data == {}:
        return {}, problems
    if not isinstance(doc.data, dict):
        return None, problems + [doc.problem(None, "expected a mapping of keys to hashes")]
    recorded: dict[str, str] = {}
    for key, value in doc.data.items():
        if isinstance(value, str) and value:
            recorded[key] = value
        else:
            problems.append(doc.problem(key, "expected a quoted hash; rewrite it with `i18n review`"))
    return recorded, problems


def stale_keys(translated: list[str], english: dict[str, str], recorded: dict[str, str] | None) -> list[StaleKey]:
    """Return the translated keys whose recorded English hash is missing or differs from the current English."""
    stale = []
    for key in translated:
        if key not in english:
            continue
        known = (recorded or {}).get(key)
        if known is None:
            stale.append(StaleKey(key, "unrecorded"))
        elif known != fingerprint(english[key]):
            stale.append(StaleKey(key, "changed"))
    return stale


def write_fingerprints(root: Path, lang: str, recorded: dict[str, str], english_order: list[str]) -> bool:
    """Write the file in English key order, dropping keys English no longer has; return whether it changed."""
    path = fingerprints_path(root, lang)
    try:
        language = Locale.parse(lang).english_name
    except (ValueError, LookupError):
        language = lang
    lines = [HEADER.format(language=language, lang=lang, length=HASH_LENGTH)]
    # Quoted, so a hash made only of digits is never read back as a number.
    lines += [f'{key}: "{recorded[key]}"\n' for key in english_order if key in recorded]
    text = "".join(lines)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def record(root: Path, lang: str, english_texts: dict[str, str], english_order: list[str]) -> None:
    """Record the given keys as translated from the given English texts; keep every other readable record."""
    # A damaged file is rewritten from what can still be read: the keys lost show as stale.
    recorded, _ = read_fingerprints(root, lang)
    recorded = dict(recorded or {})
    recorded.update({key: fingerprint(text) for key, text in english_texts.items()})
    write_fingerprints(root, lang, recorded, english_order)


def mark_reviewed(ws, lang: str, keys: list[str], all_keys: bool = False) -> tuple[list[str], list[str]]:
    """Record `keys` (or every translated key) as matching today's English; return them, and those that were stale.

    `ws` is an i18n Workspace. Raise SourceError, recording nothing, if a key is unknown or
    not translated yet.
    """
    ws.require_translation(lang)
    catalog, problems = ws.catalog(lang)
    if catalog is None:
        raise SourceError("The locale file cannot be read:", problems)
    keys = [key for key in ws.english if key in catalog.messages] if all_keys else list(keys)
    errors = []
    for key in keys:
        if key not in ws.english:
            errors.append(catalog.doc.problem(key, "unknown key: the English has no such key"))
        elif key not in catalog.messages:
            errors.append(catalog.doc.problem(key, "not translated yet: nothing to review"))
    if errors:
        raise SourceError(f"Nothing was marked reviewed; {len(errors)} problem(s):", errors)
    recorded, _ = read_fingerprints(ws.root, lang)
    was_stale = [s.key for s in stale_keys(keys, ws.english, recorded)]
    record(ws.root, lang, {key: ws.english[key] for key in keys}, ws.order)
    return keys, was_stale
