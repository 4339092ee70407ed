"""English catalog + a configured language -> a new locale file: every key, empty values, the English beside each."""

from __future__ import annotations

from pathlib import Path

from babel import Locale

from build_factsheet.errors import SourceError, display_path
from build_factsheet.i18n.fingerprints import Record, fingerprint, write_fingerprints
from build_factsheet.i18n.yamledit import INDENT_STEP, index_entries, notes_of
from build_factsheet.i18n.workspace import Workspace

HEADER = """\
# {language}: translation of {source}, started with `build-factsheet i18n new {lang}`.
# Write each translation between the quotes; the comment after it is the English it translates.
# Keep the keys, {{placeholders}}, **bold** and *italic* as they are. An empty value is a string
# not translated yet: `build-factsheet build --lang {lang} --draft` shows it in English.
# TRANSLATING.md explains the workflow; `build-factsheet i18n status {lang}` shows what is left.
"""


def language_name(ws: Workspace, lang: str) -> str:
    """Return the language's English name from its CLDR locale ('French'), or its code."""
    try:
        return Locale.parse(ws.factsheet.locales[lang].cldr).english_name
    except (KeyError, ValueError, LookupError):
        return lang


def scaffold_text(ws: Workspace, lang: str) -> str:
    """Return the new file's text: the English file's keys and notes, in its order, all values empty."""
    source_text = ws.source.path.read_text(encoding="utf-8")
    entries = index_entries(source_text)
    notes = notes_of(source_text)
    out = [HEADER.format(language=language_name(ws, lang), source=ws.source.path.name, lang=lang).rstrip("\n")]
    written: set[str] = set()
    for key, english in ws.expected(lang).items():
        parts = key.split(".")
        for depth in range(len(parts)):
            path = ".".join(parts[: depth + 1])
            if path in written:
                continue
            written.add(path)
            indent = " " * (INDENT_STEP * depth)
            if depth == 0:
                out.append("")
            entry = entries.get(path)
            # Notes of the English file travel with the key they stand above (not its
            # neighbours on a shared `{name: ..., acronym: ...}` line).
            if entry and entry.owner_line == entry.key_node.start_mark.line:
                out += [f"{indent}# {note}".rstrip() for note in notes.get(path, [])]
            if depth < len(parts) - 1:
                out.append(f"{indent}{parts[depth]}:")
            else:
                out.append(f'{indent}{parts[depth]}: ""  # {ws.source_lang}: {" ".join(english.split())}')
    return "\n".join(out) + "\n"


def scaffold_locale(ws: Workspace, lang: str, force: bool = False) -> Path:
    """Write source/locales/<lang>.yaml and its fingerprints; refuse to overwrite unless `force`."""
    ws.require_translation(lang)
    path = ws.locale_path(lang)
    if path.exists() and not force:
        raise SourceError(f"{display_path(path)} already exists: edit it, or pass --force to start it again "
                          f"from nothing (its translations are lost).")
    path.write_text(scaffold_text(ws, lang), encoding="utf-8")
    # Every string is to be translated from the English of today: a later change to the
    # English then shows as stale even before the translation is finished.
    english = ws.messages
    write_fingerprints(ws.root, lang, {key: Record(fingerprint(text), text) for key, text in english.items()},
                       english, ws.locales_dir)
    return path
