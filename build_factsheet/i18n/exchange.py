"""A locale <-> a gettext PO (Babel) or XLIFF 1.2 (translate-toolkit) file for CAT tools; import edits the YAML in place."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import PoFileError, read_po, write_po
from translate.storage import xliff

from build_factsheet.errors import Problem, SourceError, display_path
from build_factsheet.model.locales import locale_path
from build_factsheet.model.yamlfile import flatten
from build_factsheet.i18n.fingerprints import fingerprint, read_fingerprints, record, stale_keys
from build_factsheet.i18n.qa import check_quality
from build_factsheet.i18n.workspace import Workspace
from build_factsheet.i18n.yamledit import notes_of, set_notes, set_values

FORMATS = {"po": ".po", "xliff": ".xlf"}
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
STALE_NOTE = "The English changed after this was translated: review the translation, then mark it done."

PO_HEADER = """\
# {language} strings of the {document} factsheet.
# msgctxt is the key in source/locales/{lang}.yaml, msgid its current English.
# Translate msgstr only; entries marked fuzzy need review.
# Written by `build-factsheet i18n export {lang}`;
# read back by `build-factsheet i18n import FILE`."""


class _Xliff12Unit(xliff.xliffunit):
    namespace = XLIFF_NS


class _Xliff12File(xliff.xlifffile):
    """translate-toolkit's XLIFF store, writing version 1.2 (what Trados, memoQ and Weblate expect)."""

    UnitClass = _Xliff12Unit
    namespace = XLIFF_NS
    XMLskeleton = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{XLIFF_NS}">
<file original="NoName" source-language="en" datatype="plaintext">
<body>
</body>
</file>
</xliff>"""


@dataclass
class Unit:
    """One string as it travels to and from a CAT tool."""

    key: str
    english: str
    translation: str
    reviewed: bool = True          # False: fuzzy (PO) or needs-review (XLIFF)
    notes: list[str] | None = None  # the translator's notes; None: the file carries none
    developer_notes: list[str] = field(default_factory=list)
    line: int | None = None         # where it is in the exchange file (import) or en.yaml (export)


# --- export ---------------------------------------------------------------------------------

def export_units(ws: Workspace, lang: str) -> list[Unit]:
    """Return a unit for every English key, with the translation, notes and review state of `lang`."""
    ws.require_translation(lang)
    catalog, problems = ws.catalog(lang)
    if catalog is None:
        hint = f" (start it with `build-factsheet i18n new {lang}`)" if not ws.exists(lang) else ""
        raise SourceError(f"{display_path(locale_path(ws.root, lang))} cannot be read{hint}:", problems)
    recorded, _ = read_fingerprints(ws.root, lang)
    translated = [key for key in ws.english if key in catalog.messages]
    stale = {s.key for s in stale_keys(translated, ws.english, recorded)}
    source_notes = notes_of(ws.source.path.read_text(encoding="utf-8"))
    target_notes = notes_of(catalog.path.read_text(encoding="utf-8"))
    translations = ws.translation_units(catalog)
    units = []
    for key, english in ws.english_units(lang).items():
        context: list[str] = []
        if ws.base_key(key) != key:
            context.append(f"The plural form '{key.rpartition('.')[2]}' of your language (CLDR plural rules); "
                           f"the English shown is its closest form.")
        parts = ws.base_key(key).split(".")
        for depth in range(1, len(parts) + 1):  # section notes first, then the key's own
            for note in source_notes.get(".".join(parts[:depth]), []):
                if note not in context:
                    context.append(note)
        if ws.base_key(key) in stale:
            context.append(STALE_NOTE)
        units.append(Unit(key, english, translations.get(key, ""), ws.base_key(key) not in stale,
                          target_notes.get(key, []), context, ws.source.line_of(key)))
    return units


def export_locale(ws: Workspace, lang: str, fmt: str) -> bytes:
    """Return the PO or XLIFF file for `lang`."""
    units = export_units(ws, lang)
    return _write_po(ws, lang, units) if fmt == "po" else _write_xliff(ws, lang, units)


def default_export_path(ws: Workspace, lang: str, fmt: str) -> Path:
    return ws.root / "build" / "i18n" / f"{ws.factsheet.document_id}-{lang}{FORMATS[fmt]}"


def _write_po(ws: Workspace, lang: str, units: list[Unit]) -> bytes:
    from build_factsheet.i18n.scaffold import language_name

    catalog = PoCatalog(locale=lang, domain=ws.factsheet.document_id, project=ws.factsheet.document_id,
                        version=ws.factsheet.edition.date.isoformat(),
                        header_comment=PO_HEADER.format(language=language_name(ws, lang), lang=lang,
                                                        document=ws.factsheet.document_id),
                        language_team=language_name(ws, lang), fuzzy=False, charset="utf-8")
    source_file = display_path(ws.source.path)
    for unit in units:
        flags = () if unit.reviewed or not unit.translation else ("fuzzy",)
        catalog.add(unit.english, unit.translation, context=unit.key, auto_comments=unit.developer_notes,
                    user_comments=unit.notes or [], flags=flags,
                    locations=[(source_file, unit.line)] if unit.line else [])
    out = io.BytesIO()
    write_po(out, catalog, width=76)
    return out.getvalue()


def _write_xliff(ws: Workspace, lang: str, units: list[Unit]) -> bytes:
    store = _Xliff12File(sourcelanguage=ws.source_lang, targetlanguage=lang)
    store.getfilenode("NoName").set("original", display_path(ws.source.path))
    for unit in units:
        xunit = store.UnitClass(unit.english)
        xunit.setid(unit.key)
        if unit.translation:
            xunit.settarget(unit.translation, lang)
            if not unit.reviewed:
                xunit.set_state_n(xunit.S_NEEDS_REVIEW)
        if unit.developer_notes:
            xunit.addnote("\n".join(unit.developer_notes), origin="developer")
        if unit.notes:
            xunit.addnote("\n".join(unit.notes), origin="translator")
        store.addunit(xunit)
    return bytes(store)


# --- reading an exchange file ---------------------------------------------------------------

def detect_format(path: Path, data: bytes) -> str | None:
    """Return 'po' or 'xliff' from the file name, else from the content."""
    suffix = path.suffix.lower()
    if suffix in (".po", ".pot"):
        return "po"
    if suffix in (".xlf", ".xliff", ".sdlxliff", ".mqxliff"):
        return "xliff"
    head = data[:500].lstrip()
    if head.startswith(b"<?xml") or head.startswith(b"<xliff"):
        return "xliff"
    if b"msgid" in data[:5000]:
        return "po"
    return None


def read_exchange(path: Path) -> tuple[str | None, list[Unit]]:
    """Read a PO or XLIFF file; return its language and units, or raise SourceError."""
    name = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{name}: cannot be read ({exc.strerror}).") from None
    fmt = detect_format(path, data)
    if fmt == "po":
        return _read_po(name, data)
    if fmt == "xliff":
        return _read_xliff(name, data)
    raise SourceError(f"{name}: neither a PO nor an XLIFF file (name it .po or .xlf).")


def _read_po(name: str, data: bytes) -> tuple[str | None, list[Unit]]:
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise SourceError(f"{name}: not a readable PO file ({exc}).") from None
    lang = str(catalog.locale) if catalog.locale else _po_language(data)
    units = []
    for message in catalog:
        if not message.id:  # the header
            continue
        units.append(Unit(message.context or "", str(message.id), str(message.string or ""),
                          not message.fuzzy, [c for c in message.user_comments], line=message.lineno))
    return lang, units


def _po_language(data: bytes) -> str | None:
    """Babel drops a Language header it does not know; read it as written."""
    for line in data.decode("utf-8", "replace").splitlines():
        if line.startswith('"Language:'):
            return line.split(":", 1)[1].strip().strip('"').removesuffix("\\n").strip() or None
    return None


def _read_xliff(name: str, data: bytes) -> tuple[str | None, list[Unit]]:
    try:
        store = xliff.xlifffile(data)
    except Exception as exc:  # lxml and translate-toolkit raise many kinds; all mean "unreadable"
        raise SourceError(f"{name}: not a readable XLIFF 1.x file ({exc}).") from None
    units = []
    for xunit in store.units:
        if xunit.isheader():
            continue
        target = xunit.getlanguageNode(lang=None, index=1)
        state = target.get("state", "") if target is not None else ""
        # needs-translation, needs-review-translation, ...: the tool says it is not final yet.
        reviewed = not state.startswith("needs-")
        notes = xunit.getnotes(origin="translator")
        units.append(Unit(xunit.xmlelement.get("id") or "", str(xunit.source or ""), str(xunit.target or ""),
                          reviewed, notes.split("\n") if notes else [], line=xunit.xmlelement.sourceline))
    return store.gettargetlanguage(), units


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
    declared, units = read_exchange(path)
    in_file = resolve_language(ws, declared)
    if lang and in_file and lang != in_file:
        raise SourceError(f"{name}: the file says its language is '{declared}', not '{lang}': nothing was imported.")
    lang = lang or in_file
    if not lang:
        raise SourceError(f"{name}: the file does not say its language: pass --lang.")
    ws.require_translation(lang)
    yaml_path = locale_path(ws.root, lang)
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
    hashes: dict[str, str] = {}
    seen: set[str] = set()
    english_units = ws.english_units(lang)
    translations = ws.translation_units(catalog)
    for unit in units:
        where = (name, unit.line, unit.key or None)
        if unit.key in seen:
            errors.append(Problem(*where, "appears twice in the file"))
            continue
        seen.add(unit.key)
        if unit.key not in english_units:
            problem = Problem(*where, "unknown key: the English has no such key" + (", skipped" if force else ""),
                              "warning" if force else "error")
            (report.warnings if force else errors).append(problem)
            continue
        if unit.english != english_units[unit.key] and unit.translation:
            message = (f"was translated from other English than today's "
                       f"(file: \"{_shorten(unit.english)}\"; now: \"{_shorten(english_units[unit.key])}\")")
            if not force:
                errors.append(Problem(*where, message + ": export again, or pass --force"))
                continue
            report.warnings.append(Problem(*where, message + ": imported, and left stale", "warning"))
        if not unit.translation:
            if unit.key in translations:
                report.warnings.append(Problem(*where, "empty in the file: the YAML keeps its translation",
                                               "warning"))
            continue
        if unit.translation != translations.get(unit.key):
            values[unit.key] = unit.translation
        else:
            report.unchanged += 1
        if unit.reviewed:
            # The translation now stands for the English it was made from: today's, unless forced.
            # A plural message is recorded once, against the English's `other` form.
            base = ws.base_key(unit.key)
            hashes[base] = ws.english[base] if base != unit.key and unit.english == english_units[unit.key] \
                else unit.english
        if unit.notes is not None and _clean(unit.notes) != _clean(current_notes.get(unit.key, [])):
            notes[unit.key] = _clean(unit.notes)
    if errors:
        raise SourceError(f"{name}: not imported, {len(errors)} problem(s):", errors)

    new_text = set_values(text, values)
    new_text, unplaced = set_notes(new_text, notes)
    for key in unplaced:
        report.warnings.append(Problem(report.locale_file, catalog.line_of(key), key,
                                       "its note was not kept: it shares a line with another key whose "
                                       "note differs", "warning"))
    _verify(text, new_text, values)
    if new_text != text:
        yaml_path.write_text(new_text, encoding="utf-8")
    report.changed = list(values)
    report.notes_changed = [key for key in notes if key not in unplaced]

    recorded, _ = read_fingerprints(ws.root, lang)
    to_record = {key: english for key, english in hashes.items()
                 if (recorded or {}).get(key) != fingerprint(english)}
    if to_record:
        record(ws.root, lang, to_record, ws.order)
    report.reviewed = [key for key, english in to_record.items() if english == ws.english.get(key)]

    if values:
        updated, _ = ws.catalog(lang)
        if updated is not None:
            allowed = ws.factsheet.proper_names + ws.factsheet.identical_ok
            changed = {ws.base_key(key) for key in values}
            report.qa = [p for p in check_quality(updated, ws.source, allowed, ws.factsheet.keys_that_may_stay(),
                                                  cldr=ws.factsheet.locales[lang].cldr,
                                                  numbers=ws.numbers())
                         if p.key in changed]
    return report


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


def _shorten(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
