"""source/project.yaml + source/publications/<name>.yaml + layouts/ -> validated publications (what does not change with language).

The project file holds what a project's publications share: its languages, contacts, proper
names, values and collections. Each publication file (every source/publications/*.yaml, in
name order; a project of one publication may keep it in source/factsheet.yaml) holds what the
publication is: its id (its PDFs' name), layout, page budget, edition, languages and sections. What each block, collection and layout needs is
declared beside its template in layouts/; this module knows none of them by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from build_factsheet.errors import Problem, SourceError, raise_if_errors
from build_factsheet.model.blocks import Section, check_blocks, read_sections
from build_factsheet.model.content import Collection, CollectionKind, check_collections, load_kinds, read_collections
from build_factsheet.model.fields import NAME, DateValue, FieldReader, describe_value
from build_factsheet.model.layout import Layout, load_layout
from build_factsheet.model.schema import LOCALE_KEY, Checker, Schema
from build_factsheet.model.style import HouseStyle, read_style
from build_factsheet.model.yamlfile import YamlDocument, load_yaml

PROJECT_FILE = "source/project.yaml"
PUBLICATIONS_DIR = "source/publications"
SOURCE_FILE = "source/factsheet.yaml"  # the publication file of a project that has only one
LANG = re.compile(r"^[a-z]{2,3}$")
STATUSES = ("released", "in_progress")
# The publication's own date, which every string may name as {edition}.
EDITION = "edition"


@dataclass(frozen=True)
class LocaleSettings:
    """How one language is written: its CLDR locale, direction, HTML tag, script and status."""

    lang: str
    cldr: str
    dir: str
    html_lang: str
    script: str = "latin"
    status: str = "released"
    style: HouseStyle = field(default_factory=HouseStyle)  # dates, numbers, punctuation (model/style.py)


@dataclass
class Factsheet:
    """A publication of a project, with everything about it that does not change with language."""

    root: Path
    document_id: str
    page_budget: int
    paper: str
    edition: DateValue
    source_locale: str
    locales: dict[str, LocaleSettings]
    contacts: dict[str, str]
    values: dict[str, int | DateValue]
    collections: dict[str, Collection]
    sections: tuple[Section, ...]
    layout: Layout
    doc: YamlDocument = field(repr=False)           # the publication file
    project_doc: YamlDocument = field(repr=False)   # the project file
    source_file: str = SOURCE_FILE  # the publication file, relative to the project
    languages: tuple[str, ...] | None = None  # None: every language of the project
    other_keys: dict[str, str] = field(default_factory=dict, repr=False)  # keys the project's other publications need
    proper_names: tuple[str, ...] = ()
    identical_ok: tuple[str, ...] = ()  # strings a translation may leave as the source has them (i18n/qa.py)
    kinds: dict[str, CollectionKind] = field(default_factory=dict, repr=False)
    block_schemas: dict[str, Schema] = field(default_factory=dict, repr=False)
    checked: bool = False  # blocks, items and contacts validated against their schemas
    unreadable_contacts: tuple[str, ...] = ()  # contacts that are not text (reported already)

    def required_keys(self) -> dict[str, str]:
        """Return every locale key the publication needs, each with what needs it (file and key)."""
        self.check()
        keys = dict.fromkeys(self.layout.keys, self.layout.where)
        for section in self.sections:
            if section.heading:
                keys.setdefault(section.heading, f"{section.path} in {self.source_file}")
            for block in section.blocks:
                for key in block.keys:
                    keys.setdefault(key, f"{block.path} in {self.source_file}")
                for name in block.collections:
                    for item in self.collections[name].items:
                        for key in item.keys.values():
                            keys.setdefault(key, f"{block.path} in {self.source_file} (collection {name})")
        for collection in self.collections.values():
            for item in collection.items:
                for key in item.keys.values():
                    keys.setdefault(key, f"{collection.where} in {PROJECT_FILE}")
        return keys

    def optional_keys(self) -> set[str]:
        """Keys a language may have or leave out (an acronym that a language does not use)."""
        return {key for c in self.collections.values() for item in c.items for key in item.optional_keys.values()}

    def keys_that_may_stay(self) -> set[str]:
        """Keys a translation may write exactly as the source does (what the kinds declare `may_stay`)."""
        found = set()
        for collection in self.collections.values():
            kind = self.kinds.get(collection.kind)
            for item in collection.items:
                for field_name in (kind.may_stay if kind else ()):
                    key = item.keys.get(field_name) or item.optional_keys.get(field_name)
                    if key:
                        found.add(key)
        return found

    def layout_placeholders(self, key: str) -> tuple[str, ...]:
        """The {names} in `key` that the templates fill, not the values."""
        spec = self.layout.keys.get(key)
        return spec.placeholders if spec else ()

    def language_problem(self, lang: str, message: str | None = None) -> Problem:
        """Say that `lang` is not one of the project's languages, where they are listed."""
        return Problem(self.project_doc.name, self.project_doc.line_of("languages"), "languages",
                       message or f"language '{lang}' is not configured")

    def check(self) -> None:
        """Validate blocks, collection items and contacts against their schemas (once); raise SourceError."""
        if not self.checked:
            _raise(self.content_problems())
            self.checked = True

    def content_problems(self) -> list[Problem]:
        """Validate blocks, collection items and contacts against their schemas (jsonschema)."""
        checker = Checker({name: c.kind for name, c in self.collections.items()}, self.values, PROJECT_FILE)
        self.sections, problems = check_blocks(self.sections, self.block_schemas, checker, self.doc)
        problems += check_collections(self.collections, self.kinds, checker, self.project_doc, self.values)
        if self.layout.contacts is not None:
            # As written: a contact already reported as not being text is not also reported missing.
            written = {**dict.fromkeys(self.unreadable_contacts, ""), **self.contacts}
            problems += [p for p in checker.check(written, self.layout.contacts, self.project_doc, "contacts")[0]
                         if p.key not in {f"contacts.{name}" for name in self.unreadable_contacts}]
        return sorted(checker.schema_reported) + problems


def _project_hint(root: Path) -> list[Problem]:
    """Where the project is, when the command runs inside it (in source/, say) rather than from its folder."""
    import os

    if (root / PROJECT_FILE).exists():
        return []
    for folder in root.resolve().parents:
        if (folder / PROJECT_FILE).is_file():
            where = os.path.relpath(folder)
            return [Problem(PROJECT_FILE, None, None, f"hint: this folder is inside the project {where}: run the "
                                                      f"command from there, or give it with -C {where}")]
    return []


def _raise(problems: list[Problem]) -> None:
    """Raise SourceError listing every error, under the name of their file when they share one."""
    files = list(dict.fromkeys(p.path for p in problems if p.severity == "error"))
    where = files[0] if len(files) == 1 else "The source"
    # File by file, in the order of their lines: what the schemas find among the rest.
    problems = sorted(problems, key=lambda p: (files.index(p.path) if p.path in files else 0, p.line or 0))
    raise_if_errors(problems, f"{where} has {{count}} problem(s):", SourceError)


def publication_files(root: Path) -> list[str]:
    """The project's publication files, relative to `root`: source/publications/*.yaml in name order,
    or else source/factsheet.yaml; none when neither is there."""
    found = sorted(p for p in (root / PUBLICATIONS_DIR).glob("*.yaml") if not p.name.startswith("."))
    if found:
        return [f"{PUBLICATIONS_DIR}/{p.name}" for p in found]
    return [SOURCE_FILE] if (root / SOURCE_FILE).exists() else []


def load_publications(root: Path, check: bool = True, only: str | None = None) -> list[Factsheet]:
    """Load every publication of the project (or the one whose id or file name is `only`).

    Each knows the locale keys the others need (Factsheet.other_keys): the project's locale
    files serve them all, so a string two publications use is translated once.
    """
    files = publication_files(root)
    if not files:
        if not (root / PROJECT_FILE).exists():
            load_factsheet(root, check)  # says why: not a project folder?
        raise SourceError("The project has no publication:", [Problem(
            PUBLICATIONS_DIR, None, None, "no publication file: add source/publications/<name>.yaml "
                                          "(document: {id, layout, page_budget, edition} and sections)")])
    publications = [load_factsheet(root, check, file) for file in files]
    chosen = select_publications(publications, only) if only is not None else publications
    if len(publications) > 1:
        ids = [p.document_id for p in publications]
        for publication in publications:
            if ids.count(publication.document_id) > 1:
                _raise([publication.doc.problem("document.id", f"'{publication.document_id}' is the id of "
                                                               "another publication too: ids name the PDFs")])
        # Each publication accepts the keys the others need (which validates them all).
        needs = {p.document_id: p.required_keys() for p in publications}
        for publication in publications:
            publication.other_keys = {k: v for other, keys in needs.items() if other != publication.document_id
                                      for k, v in keys.items()}
    return chosen


def select_publications(publications: list[Factsheet], only: str) -> list[Factsheet]:
    """The publication whose id or file name is `only`; raise UsageError naming the project's when none is."""
    chosen = [p for p in publications if only in (p.document_id, Path(p.source_file).stem)]
    if not chosen:
        from build_factsheet.errors import UsageError

        names = ", ".join(p.document_id for p in publications)
        raise UsageError(f"Unknown publication: {only} (the project's: {names})",
                         [Problem(PUBLICATIONS_DIR, None, None, f"no publication '{only}'")])
    return chosen


def load_factsheet(root: Path, check: bool = True, source_file: str | None = None) -> Factsheet:
    """Load the project and one publication (default: its first); raise SourceError listing every problem.

    With `check` False, blocks, items and contacts are not yet validated against their
    schemas (Factsheet.check does it) unless there are problems to report anyway: enough to
    know the languages, without importing jsonschema.
    """
    project_doc, problems = load_yaml(root / PROJECT_FILE)
    if project_doc is None:
        raise SourceError("The project file cannot be read:", problems + _project_hint(root))
    project = _Reader(project_doc, problems)
    source_file = source_file or next(iter(publication_files(root)), SOURCE_FILE)
    doc, problems = load_yaml(root / source_file)
    if doc is None:
        raise SourceError("The publication file cannot be read:", problems)
    publication = _Reader(doc, problems)
    data, pdata = project.mapping(), publication.mapping()
    project.no_unknown(data, ("source_language", "languages", "contacts", "proper_names", "identical_ok", "values",
                              "collections"), "")
    publication.no_unknown(pdata, ("document", "sections"), "")

    locales = _read_languages(project, data.get("languages"))
    source_locale = project.get(data, "source_language", "", str) or next(iter(locales), "")
    if locales and source_locale not in locales:
        project.error("source_language", f"'{source_locale}' is not one of the languages")
    contacts, written = {}, project.get(data, "contacts", "", dict, required=False) or {}
    for name, value in written.items():
        if (text := project.get({name: value}, name, "contacts", str)) is not None:
            contacts[name] = text
    values = _read_values(project, data)
    lists: dict[str, list[str]] = {"proper_names": [], "identical_ok": []}
    for key, found in lists.items():
        for i, name in enumerate(project.get(data, key, "", list, required=False) or []):
            if isinstance(name, str) and name.strip():
                found.append(name)
            else:
                project.error(f"{key}[{i}]", f"expected a name, got {describe_value(name)}")
    proper_names = lists["proper_names"]
    kinds, problems = load_kinds(root)
    project.problems += problems
    collections = read_collections(project, data, kinds)

    document = publication.get(pdata, "document", "", dict) or {}
    publication.no_unknown(document, ("id", "layout", "page_budget", "paper", "edition", "languages"), "document")
    document_id = publication.get(document, "id", "document", str) or "publication"
    page_budget = publication.get(document, "page_budget", "document", int)
    if page_budget is None:
        page_budget = 1
    elif page_budget < 1:  # 0 is not "no budget": it is an error, as a negative budget is
        publication.error("document.page_budget", f"must be at least 1, got {page_budget}")
    paper = publication.get(document, "paper", "document", str) or "A4"
    edition = None
    if "edition" not in document:
        publication.error("document", "missing required key 'edition'")
    else:
        edition = publication.date_value(document["edition"], "document.edition")
    languages = publication.get(document, "languages", "document", list, required=False)
    for i, lang in enumerate(languages or []):
        if lang not in locales:
            publication.error(f"document.languages[{i}]", f"'{lang}' is not one of the project's languages")
    layout_name = publication.get(document, "layout", "document", str)
    layout = None
    if layout_name is not None:
        if not NAME.match(layout_name):
            publication.error("document.layout", "layout names are lower-case letters, digits and _")
        else:
            layout, problems = load_layout(root, layout_name)
            publication.problems += problems
            if layout is None:
                publication.error("document.layout", f"no layout '{layout_name}' (layouts/{layout_name}.layout.yaml)")
    schemas: dict[str, Schema] = {}
    sections = read_sections(publication, pdata, root, schemas)
    for section in sections:
        if section.heading and not LOCALE_KEY.match(section.heading):
            publication.error(f"{section.path}.heading", f"'{section.heading}' is not a locale key")

    problems = project.problems + publication.problems
    if layout is None:
        _raise(problems)
    factsheet = Factsheet(root=root, document_id=document_id, page_budget=page_budget, paper=paper,
                          edition=edition, source_locale=source_locale, locales=locales, contacts=contacts,
                          values=values, collections=collections, sections=sections, layout=layout, doc=doc,
                          project_doc=project_doc, proper_names=tuple(proper_names),
                          identical_ok=tuple(lists["identical_ok"]), kinds=kinds,
                          block_schemas=schemas, unreadable_contacts=tuple(set(written) - set(contacts)),
                          source_file=source_file, languages=tuple(languages) if languages else None)
    # Every problem at once: what the schemas find too, even when the files have others.
    if check or any(p.severity == "error" for p in problems):
        problems += factsheet.content_problems()
        factsheet.checked = True
    _raise(problems)
    return factsheet


class _Reader(FieldReader):
    def __init__(self, doc: YamlDocument, problems: list[Problem]):
        super().__init__(doc)
        self.problems.extend(problems)

    def mapping(self) -> dict:
        if isinstance(self.doc.data, dict):
            return self.doc.data
        self.error("", "the file must be a mapping of keys")
        return {}


def _read_values(reader: FieldReader, data: dict) -> dict[str, int | DateValue]:
    values: dict[str, int | DateValue] = {}
    for name, value in (reader.get(data, "values", "", dict, required=False) or {}).items():
        path = f"values.{name}"
        if not NAME.match(name):
            reader.error(path, "value names are lower-case letters, digits and _")
        elif name == EDITION:
            reader.error(path, f"'{EDITION}' is the publication's edition date: choose another name")
        elif isinstance(value, int) and not isinstance(value, bool):
            if value < 0:  # counts and years: a negative one is a typing slip, printed as is otherwise
                reader.error(path, f"must be a whole number of 0 or more, got {value}")
            values[name] = value
        elif isinstance(value, dict):
            if (date_value := reader.date_value(value, path)) is not None:
                values[name] = date_value
        else:
            reader.error(path, f"expected a whole number or {{date: ..., precision: ...}}, "
                               f"got {describe_value(value)}")
    return values


def _read_languages(reader: FieldReader, data) -> dict[str, LocaleSettings]:
    if not isinstance(data, dict) or not data:
        reader.error("languages", "expected a mapping of language codes to settings")
        return {}
    locales = {}
    for lang, settings in data.items():
        path = f"languages.{lang}"
        if not LANG.match(lang):
            reader.error(path, "language codes are two or three lower-case letters (ISO 639)")
            continue
        if not isinstance(settings, dict):
            reader.error(path, f"expected a mapping, got {describe_value(settings)}")
            continue
        reader.no_unknown(settings, ("cldr", "dir", "html_lang", "script", "status", "style"), path)
        cldr = reader.get(settings, "cldr", path, str)
        direction = reader.get(settings, "dir", path, str)
        if direction not in (None, "ltr", "rtl"):
            reader.error(f"{path}.dir", f"must be ltr or rtl, got '{direction}'")
        html_lang = reader.get(settings, "html_lang", path, str, required=False) or lang
        script = reader.get(settings, "script", path, str, required=False) or "latin"
        if not NAME.match(script):
            reader.error(f"{path}.script", "a script is a lower-case name: latin, cyrillic, arabic, han...")
        status = reader.get(settings, "status", path, str, required=False) or "released"
        if status not in STATUSES:
            reader.error(f"{path}.status", f"must be one of {', '.join(STATUSES)}, got '{status}'")
        if cldr:
            from babel import Locale, UnknownLocaleError
            try:
                Locale.parse(cldr)
            except (UnknownLocaleError, ValueError):
                reader.error(f"{path}.cldr", f"'{cldr}' is not a CLDR locale Babel knows")
                continue
        if cldr and direction in ("ltr", "rtl"):
            style = read_style(reader, settings.get("style"), f"{path}.style")
            locales[lang] = LocaleSettings(lang, cldr, direction, html_lang, script, status, style)
    return locales
