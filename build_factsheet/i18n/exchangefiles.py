"""Exchange units <-> PO (Babel) or XLIFF 1.2 (translate-toolkit) bytes; a message in plural forms is one PO entry (msgid_plural, msgstr[n]) or one XLIFF group."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import PoFileError, read_po, write_po
from lxml import etree
from translate.storage import xliff

from build_factsheet.errors import SourceError, display_path

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
# The restype translate-toolkit (po2xliff, PoXliffFile) and Weblate give the group of a plural
# message's forms; each trans-unit in it is one form, `<key>[<index>]`.
PLURAL_GROUP = "x-gettext-plurals"

PO_HEADER = """\
# {language} strings of the publication {document}.
# msgctxt is the key in {file}, msgid its current English.
# A message in plural forms: msgid_plural is its English plural, and
# msgstr[n] each plural form of the language (#. notes say which numbers).
# Translate msgstr only; entries marked fuzzy need review (#| msgid: the
# English they were translated from).
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
class Form:
    """One plural form of a message as it travels: the English it translates, and its translation."""

    english: str                 # XLIFF: its <source>; PO: "" (the entry's msgid and msgid_plural stand for all)
    translation: str
    category: str = ""           # the CLDR category; a file read back gives only the form's place
    previous: str | None = None  # a stale form's English as it was translated (XLIFF alt-trans)
    developer_notes: list[str] = field(default_factory=list)
    reviewed: bool = True        # XLIFF: False when its state is needs-*
    line: int | None = None      # where it is in the exchange file


@dataclass
class Unit:
    """One message as it travels to and from a CAT tool."""

    key: str
    english: str                    # a plural message: its English `one` (PO msgid)
    translation: str
    reviewed: bool = True          # False: fuzzy (PO) or needs-review (XLIFF)
    notes: list[str] | None = None  # the translator's notes; None: the file carries none
    developer_notes: list[str] = field(default_factory=list)
    line: int | None = None         # where it is in the exchange file (import) or en.yaml (export)
    previous: str | None = None     # a stale string's English as it was translated (PO `#| msgid`)
    # A message in plural forms: its forms, in the order of the language's CLDR categories.
    forms: list[Form] | None = None
    english_plural: str | None = None   # PO msgid_plural: the English `other`
    previous_plural: str | None = None  # PO `#| msgid_plural`


def write_po_file(units: list[Unit], *, lang: str, plural_forms: str, project: str, version: str,
                  header_comment: str, language_team: str, source_file: str) -> bytes:
    """Return the PO file of `units`: msgstr[i] of a plural entry is the i-th form, as `plural_forms` says."""
    catalog = PoCatalog(locale=lang, domain=project, project=project, version=version,
                        header_comment=header_comment, language_team=language_team, fuzzy=False, charset="utf-8")
    # Babel's own table can count fewer forms than the CLDR categories the locale files use (Russian).
    catalog.mime_headers = [(name, plural_forms if name == "Plural-Forms" else value)
                            for name, value in catalog.mime_headers]
    for unit in units:
        translations = [form.translation for form in unit.forms] if unit.forms is not None else [unit.translation]
        flags = () if unit.reviewed or not any(translations) else ("fuzzy",)
        locations = [(source_file, unit.line)] if unit.line else []
        # gettext's previous msgid (`#|`): the English a fuzzy entry was translated from, which
        # Poedit and Weblate show beside today's.
        has_previous = unit.previous is not None and any(translations)
        if unit.forms is not None:
            # Which msgstr[n] is which form, and which numbers use it.
            notes = [f"msgstr[{index}]: {note}" for index, form in enumerate(unit.forms)
                     for note in form.developer_notes]
            catalog.add((unit.english, unit.english_plural), tuple(translations), context=unit.key,
                        auto_comments=unit.developer_notes + notes, user_comments=unit.notes or [], flags=flags,
                        locations=locations,
                        previous_id=(unit.previous, unit.previous_plural) if has_previous else ())
        else:
            catalog.add(unit.english, unit.translation, context=unit.key, auto_comments=unit.developer_notes,
                        user_comments=unit.notes or [], flags=flags, locations=locations,
                        previous_id=unit.previous if has_previous else ())
    out = io.BytesIO()
    write_po(out, catalog, width=76, include_previous=True)
    return out.getvalue()


def write_xliff_file(units: list[Unit], *, source_lang: str, lang: str, original: str) -> bytes:
    """Return the XLIFF 1.2 file of `units`: a plural message is a group, one trans-unit per form."""
    store = _Xliff12File(sourcelanguage=source_lang, targetlanguage=lang)
    store.getfilenode("NoName").set("original", original)
    for unit in units:
        if unit.forms is None:
            _add_trans_unit(store, unit.key, unit.english, unit.translation, unit.reviewed, unit.developer_notes,
                            unit.notes, unit.previous, lang)
            continue
        xunits = [_add_trans_unit(store, f"{unit.key}[{index}]", form.english, form.translation, unit.reviewed,
                                  unit.developer_notes + form.developer_notes, unit.notes if index == 0 else None,
                                  form.previous, lang)
                  for index, form in enumerate(unit.forms)]
        first = xunits[0].xmlelement
        body = first.getparent()
        group = etree.Element(f"{{{XLIFF_NS}}}group", id=unit.key, restype=PLURAL_GROUP)
        body.insert(body.index(first), group)
        for xunit in xunits:
            group.append(xunit.xmlelement)  # moves it into the group
    return bytes(store)


def _add_trans_unit(store, ident: str, english: str, translation: str, reviewed: bool, developer_notes: list[str],
                    notes: list[str] | None, previous: str | None, lang: str):
    xunit = store.UnitClass(english)
    xunit.setid(ident)
    if translation:
        xunit.settarget(translation, lang)
        if not reviewed:
            xunit.set_state_n(xunit.S_NEEDS_REVIEW)
    if developer_notes:
        xunit.addnote("\n".join(developer_notes), origin="developer")
    if notes:
        xunit.addnote("\n".join(notes), origin="translator")
    if previous is not None and translation:
        # XLIFF 1.2: an alt-trans of type previous-version holds the English the target was
        # translated from (after the notes, as the schema orders them).
        xunit.addalttrans(translation, origin="build-factsheet", lang=lang, sourcetxt=previous)
        xunit.xmlelement.findall(xunit.namespaced("alt-trans"))[-1].set("alttranstype", "previous-version")
    store.addunit(xunit)
    return xunit


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


def read_exchange(path: Path) -> tuple[str | None, list[Unit], str | None]:
    """Read a PO or XLIFF file; return its language, units and origin (the string set or file it was
    exported from: PO Project-Id-Version, XLIFF <file original>), or raise SourceError."""
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


def _read_po(name: str, data: bytes) -> tuple[str | None, list[Unit], str | None]:
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise SourceError(f"{name}: not a readable PO file ({exc}).") from None
    lang = str(catalog.locale) if catalog.locale else _po_language(data)
    origin = catalog.project if catalog.project and catalog.project != "PROJECT" else None
    lines = data.decode("utf-8", "replace").splitlines()
    units = []
    for message in catalog:
        if not message.id:  # the header
            continue
        # Babel reads a previous msgid (`#| msgid ...`) as a translator comment: no note.
        notes = [c for c in message.user_comments if not c.startswith("|")]
        if isinstance(message.id, (tuple, list)):
            strings = list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]
            forms = [Form("", str(text or ""), line=_msgstr_line(lines, message.lineno, index))
                     for index, text in enumerate(strings)]
            units.append(Unit(message.context or "", str(message.id[0]), "", not message.fuzzy, notes,
                              line=message.lineno, forms=forms, english_plural=str(message.id[1])))
        else:
            units.append(Unit(message.context or "", str(message.id), str(message.string or ""),
                              not message.fuzzy, notes, line=message.lineno))
    return lang, units, origin


def _msgstr_line(lines: list[str], start: int | None, index: int) -> int | None:
    """The line of `msgstr[index]` in the entry at `start` (Babel gives the entry's line only)."""
    for number in range(start or 1, len(lines) + 1):
        if lines[number - 1].startswith(f"msgstr[{index}]"):
            return number
        if number > (start or 1) and not lines[number - 1].strip():
            break  # the entry ended
    return start


def _po_language(data: bytes) -> str | None:
    """Babel drops a Language header it does not know; read it as written."""
    for line in data.decode("utf-8", "replace").splitlines():
        if line.startswith('"Language:'):
            return line.split(":", 1)[1].strip().strip('"').removesuffix("\\n").strip() or None
    return None


def _read_xliff(name: str, data: bytes) -> tuple[str | None, list[Unit], str | None]:
    try:
        store = xliff.xlifffile(data)
    except Exception as exc:  # lxml and translate-toolkit raise many kinds; all mean "unreadable"
        raise SourceError(f"{name}: not a readable XLIFF 1.x file ({exc}).") from None
    units: list[Unit] = []
    groups: dict[tuple, Unit] = {}  # a plural group (its id and line) -> its unit
    for xunit in store.units:
        if xunit.isheader():
            continue
        target = xunit.getlanguageNode(lang=None, index=1)
        state = target.get("state", "") if target is not None else ""
        # needs-translation, needs-review-translation, ...: the tool says it is not final yet.
        reviewed = not state.startswith("needs-")
        notes = xunit.getnotes(origin="translator")
        notes = notes.split("\n") if notes else []
        source, translation = str(xunit.source or ""), str(xunit.target or "")
        line = xunit.xmlelement.sourceline
        parent = xunit.xmlelement.getparent()
        if parent is not None and parent.get("restype") == PLURAL_GROUP:
            group = (parent.get("id"), parent.sourceline)
            if group not in groups:
                groups[group] = Unit(parent.get("id") or _group_key(xunit.xmlelement.get("id") or ""),
                                          source, "", True, [], line=parent.sourceline, forms=[])
                units.append(groups[group])
            unit = groups[group]
            unit.forms.append(Form(source, translation, reviewed=reviewed, line=line))
            unit.reviewed = unit.reviewed and reviewed
            unit.notes += [note for note in notes if note not in unit.notes]
            continue
        units.append(Unit(xunit.xmlelement.get("id") or "", source, translation, reviewed, notes, line=line))
    files = store.getfilenames()
    return store.gettargetlanguage(), units, files[0] if files else None


def _group_key(unit_id: str) -> str:
    """A group without an id: its message's key from the first form's id, `<key>[0]`."""
    return unit_id.rpartition("[")[0] or unit_id
