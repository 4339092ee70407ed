"""A locale <-> a PO (Babel) or XLIFF 1.2 (translate-toolkit) file, stale strings with their previous English, a message in plural forms as one unit; import checks, then edits the YAML in place."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from build_factsheet.errors import Problem, SourceError, display_path
from build_factsheet.model.yamlfile import flatten
from build_factsheet.i18n.exchangefiles import PO_HEADER, Unit, read_exchange, write_po_file, write_xliff_file
from build_factsheet.i18n.fingerprints import fingerprint, message_records, record, stale_keys
from build_factsheet.i18n.pluralunits import incoming, name_form, plural_unit
from build_factsheet.i18n.plurals import gettext_plural_forms
from build_factsheet.i18n.qa import check_quality
from build_factsheet.i18n.workspace import Workspace
from build_factsheet.i18n.yamledit import notes_of, set_notes, set_values

FORMATS = {"po": ".po", "xliff": ".xlf"}
STALE_NOTE = "The English changed after this was translated: review the translation, then mark it done."
REVIEW_NOTE = "Marked for review in a CAT tool: review the translation, then mark it done."
PREVIOUS_NOTE = "It was translated from: {previous}"
# Where `i18n export` writes by default: beside the project's sources, not under build/, which
# `make clean` empties.
EXPORT_DIR = "translations"

# --- export ---------------------------------------------------------------------------------

def export_units(ws: Workspace, lang: str) -> list[Unit]:
    """Return a unit for every English message, with the translation, notes and review state of `lang`."""
    ws.require_translation(lang)
    catalog, problems = ws.catalog(lang)
    if catalog is None:
        hint = f" (start it with `build-factsheet i18n new {lang}`)" if not ws.exists(lang) else ""
        raise SourceError(f"{display_path(ws.locale_path(lang))} cannot be read{hint}:", problems)
    messages = ws.messages
    recorded, _ = message_records(ws, lang)
    translated = [key for key in messages if any(form in catalog.messages for form in ws.forms(lang, key))]
    stale = {s.key: s for s in stale_keys(translated, messages, recorded)}
    source_notes = notes_of(ws.source.path.read_text(encoding="utf-8"))
    target_notes = notes_of(catalog.path.read_text(encoding="utf-8"))
    units = []
    for key, english in messages.items():
        context: list[str] = []
        parts = key.split(".")
        for depth in range(1, len(parts) + 1):  # section notes first, then the key's own
            for note in source_notes.get(".".join(parts[:depth]), []):
                if note not in context:
                    context.append(note)
        previous = None
        if key in stale:
            context.append(REVIEW_NOTE if stale[key].reason == "review" else STALE_NOTE)
            if stale[key].previous is not None and stale[key].previous != english:
                previous = stale[key].previous
                context.append(PREVIOUS_NOTE.format(previous=previous if isinstance(previous, str) else "; ".join(
                    f"({category}) {text}" for category, text in previous.items())))
        if isinstance(english, dict):
            units.append(plural_unit(ws, lang, key, catalog.messages, previous if isinstance(previous, dict) else None,
                                     key not in stale, context, target_notes.get(key, []), ws.source.line_of(key)))
        else:
            units.append(Unit(key, english, catalog.messages.get(key, ""), key not in stale,
                              target_notes.get(key, []), context, ws.source.line_of(key),
                              previous if isinstance(previous, str) else None))
    return units


def export_locale(ws: Workspace, lang: str, fmt: str) -> bytes:
    """Return the PO or XLIFF file for `lang`."""
    units = export_units(ws, lang)
    return _write_po(ws, lang, units) if fmt == "po" else _write_xliff(ws, lang, units)


def default_export_path(ws: Workspace, lang: str, fmt: str) -> Path:
    return ws.root / EXPORT_DIR / f"{ws.document_id}-{lang}{FORMATS[fmt]}"


def _write_po(ws: Workspace, lang: str, units: list[Unit]) -> bytes:
    from build_factsheet.i18n.scaffold import language_name

    return write_po_file(units, lang=lang, plural_forms=gettext_plural_forms(ws, lang), project=ws.document_id,
                         version=ws.factsheet.edition.date.isoformat(),
                         header_comment=PO_HEADER.format(language=language_name(ws, lang), lang=lang,
                                                         document=ws.document_id,
                                                         file=display_path(ws.locale_path(lang))),
                         language_team=language_name(ws, lang), source_file=display_path(ws.source.path))


def _write_xliff(ws: Workspace, lang: str, units: list[Unit]) -> bytes:
    return write_xliff_file(units, source_lang=ws.source_lang, lang=lang, original=display_path(ws.source.path))


# --- import ---------------------------------------------------------------------------------

@dataclass
class ImportReport:
    """What an import changed in the locale file and its fingerprints."""

    lang: str
    locale_file: str
    changed: list[str] = field(default_factory=list)        # keys whose text changed
    reviewed: list[str] = field(default_factory=list)       # keys now recorded as current
    notes_changed: list[str] = field(default_factory=list)  # keys whose translator notes changed
    unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)
    qa: list[Problem] = field(default_factory=list)          # QA findings on the changed strings


def resolve_language(ws: Workspace, declared: str | None) -> str | None:
    """Map a file's language (fr, fr_FR, zh-Hans, zh_Hans) to a configured language code."""
    if not declared:
        return None
    wanted = declared.replace("-", "_").lower()
    for lang, settings in ws.factsheet.locales.items():
        if wanted in (lang.lower(), settings.cldr.replace("-", "_").lower()):
            return lang
    base = wanted.split("_")[0]
    return base if base in ws.factsheet.locales else declared


def import_file(ws: Workspace, path: Path, force: bool = False, lang: str | None = None) -> ImportReport:
    """Take a PO or XLIFF file into its locale; raise SourceError listing every problem, writing nothing."""
    name = display_path(path)
    declared, units, origin = read_exchange(path)
    ws = _string_set(ws, origin)
    in_file = resolve_language(ws, declared)
    if lang and in_file and lang != in_file:
        raise SourceError(f"{name}: the file says its language is '{declared}', not '{lang}': nothing was imported.")
    lang = lang or in_file
    if not lang:
        raise SourceError(f"{name}: the file does not say its language: pass --lang.")
    ws.require_translation(lang)
    yaml_path = ws.locale_path(lang)
    expected = ws.expected(lang)
    if not yaml_path.exists():
        raise SourceError(f"{display_path(yaml_path)} does not exist: start it with "
                          f"`build-factsheet i18n new {lang}`, then import again.")
    catalog, problems = ws.catalog(lang)
    if catalog is None:
        raise SourceError(f"{display_path(yaml_path)} cannot be read, so nothing was imported:", problems)
    text = yaml_path.read_text(encoding="utf-8")
    current_notes = notes_of(text)
    report = ImportReport(lang, display_path(yaml_path))
    errors: list[Problem] = []
    values: dict[str, str] = {}
    notes: dict[str, list[str]] = {}
    hashes: dict[str, str | dict[str, str]] = {}
    unreviewed: list[str] = []
    lines: dict[str, int | None] = {}
    forms: dict[str, str] = {}  # a plural form's key -> its category, to name it in QA findings
    seen: set[str] = set()
    for unit in units:
        where = (name, unit.line, unit.key or None)
        if unit.key in seen:
            errors.append(Problem(*where, "appears twice in the file"))
            continue
        seen.add(unit.key)
        plural_form = isinstance(ws.messages.get(unit.key.rpartition(".")[0]), dict)  # 'pages.few'
        if unit.key not in ws.messages and not plural_form:
            problem = Problem(*where, "unknown key: the English has no such key" + (", skipped" if force else ""),
                              "warning" if force else "error")
            (report.warnings if force else errors).append(problem)
            continue
        message, refused = incoming(ws, lang, unit)
        if message is None:
            (report.warnings if force else errors).append(
                Problem(*where, refused + (", skipped" if force else ""), "warning" if force else "error"))
            continue
        lines.update(message.lines)
        forms.update(message.forms)
        written = {key: value for key, value in message.translations.items() if value}
        if not message.current and written:
            today = ws.messages[unit.key]
            message_text = (f"was translated from other English than today's (file: \"{_shorten(message.english)}\"; "
                            f"now: \"{_shorten(today)}\")")
            if not force:
                errors.append(Problem(*where, message_text + ": export again, or pass --force"))
                continue
            report.warnings.append(Problem(*where, message_text + ": imported, and left stale", "warning"))
        if not written:
            if any(key in catalog.messages for key in message.translations):
                report.warnings.append(Problem(*where, "empty in the file: the YAML keeps its translation",
                                               "warning"))
            continue
        changed = {key: value for key, value in written.items() if value != catalog.messages.get(key)}
        values.update(changed)
        if not changed:
            report.unchanged += 1
        complete = all(key in written or key in catalog.messages for key in message.translations)
        if message.reviewed and complete:
            # The translation now stands for the English it was made from: today's, unless forced.
            hashes[unit.key] = message.english
        elif not message.reviewed:
            unreviewed.append(unit.key)
        if message.notes is not None and _clean(message.notes) != _clean(current_notes.get(unit.key, [])):
            notes[unit.key] = _clean(message.notes)
    if errors:
        raise SourceError(f"{name}: not imported, {len(errors)} problem(s):", errors)
    # QA before anything is written: an error in an imported string refuses the whole file,
    # named at its line in the exchange file, where the translator fixes it.
    if values:
        found = check_quality(replace(catalog, messages={**catalog.messages, **values}),
                              replace(ws.source, messages=expected), ws.identical_ok, ws.keys_that_may_stay(),
                              ws.omissible(lang))
        found = [name_form(replace(p, path=name, line=lines.get(p.key)), forms) for p in found if p.key in values]
        errors = [p for p in found if p.severity == "error"]
        if errors:
            raise SourceError(f"{name}: not imported, {len(errors)} QA error(s) in its translations:", errors)
        report.qa = found

    new_text = set_values(text, values)
    new_text, unplaced = set_notes(new_text, notes)
    for key in unplaced:
        report.warnings.append(Problem(report.locale_file, catalog.line_of(key), key,
                                       "its note was not kept: it shares a line with another key whose "
                                       "note differs", "warning"))
    _verify(text, new_text, values)
    if new_text != text:
        yaml_path.write_text(new_text, encoding="utf-8")
    report.changed = list(dict.fromkeys(ws.message_of(key) for key in values))
    report.notes_changed = [key for key in notes if key not in unplaced]

    recorded, _ = message_records(ws, lang)
    messages = ws.messages
    current = {key: entry for key, entry in (recorded or {}).items()
               if key in messages and entry.sha == fingerprint(messages[key])}
    to_record = {key: english for key, english in hashes.items()
                 if key not in current or current[key].review or current[key].english != english}
    # Fuzzy or needs-review on a string recorded as current: it becomes stale, and is exported so again.
    review = frozenset(key for key in unreviewed if key in current and not current[key].review)
    if to_record or review:
        record(ws, lang, to_record, review)
    report.reviewed = [key for key, english in to_record.items()
                       if english == messages[key] and not (key in current and not current[key].review)]
    return report


def _string_set(ws: Workspace, origin: str | None) -> Workspace:
    """The string set an exchange file was exported from (by its PO project or XLIFF original), else `ws`."""
    if origin:
        for strings in ws.string_sets():
            if origin in (strings.document_id, display_path(strings.source.path)):
                return strings
    return ws


def _verify(old: str, new: str, values: dict[str, str]) -> None:
    """Read the edited text back: every changed key holds its new value, every other key is as it was."""
    before, after = flatten(yaml.safe_load(old) or {}), flatten(yaml.safe_load(new) or {})
    expected = {**before, **values}
    if after != expected:
        wrong = sorted(k for k in set(after) | set(expected) if after.get(k) != expected.get(k))
        raise RuntimeError(f"editing the locale file would change other keys than asked: {wrong}")


def _clean(notes: list[str]) -> list[str]:
    """Notes as a CAT tool keeps them: stripped lines, no blank ones."""
    return [note.strip() for note in notes if note.strip()]


def _shorten(text: str | dict[str, str], limit: int = 50) -> str:
    if isinstance(text, dict):  # a plural message: its English forms
        return " / ".join(_shorten(form, limit) for form in text.values())
    return text if len(text) <= limit else text[: limit - 1] + "…"
