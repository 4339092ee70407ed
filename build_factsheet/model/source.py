"""source/factsheet.yaml -> a validated Factsheet (structure and language-independent data)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from build_factsheet.errors import Problem, SourceError, raise_if_errors
from build_factsheet.model.fields import NAME, DateValue, FieldReader, describe_value
from build_factsheet.model.yamlfile import YamlDocument, load_yaml

SOURCE_FILE = "source/factsheet.yaml"
LANG = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class LocaleSettings:
    lang: str
    cldr: str
    dir: str
    html_lang: str


@dataclass(frozen=True)
class Block:
    """One block of a section: its kind and what it refers to (a locale key or a data list)."""

    kind: str
    ref: object
    heading: str | None = None
    caption: str | None = None


@dataclass(frozen=True)
class Section:
    id: str
    heading: str | None
    blocks: tuple[Block, ...]


@dataclass
class Factsheet:
    """Everything about the factsheet that does not change with language."""

    root: Path
    document_id: str
    page_budget: int
    paper: str
    edition: DateValue
    source_locale: str
    locales: dict[str, LocaleSettings]
    contacts: dict[str, str]
    values: dict[str, int | DateValue]
    groups: dict[str, tuple[str, ...]]  # members, working_group, partners, ...
    timeline: tuple[tuple[str, str], ...]  # (event id, value name of its date)
    technology_figures: tuple[str, ...]
    policy_briefs: tuple[str, ...]
    sections: tuple[Section, ...]
    doc: YamlDocument = field(repr=False)
    proper_names: tuple[str, ...] = ()
    identical_ok: tuple[str, ...] = ()  # strings a translation may leave as the source has them (i18n/qa.py)

    @property
    def entity_ids(self) -> list[str]:
        """Every organisation named anywhere, in first-mention order."""
        seen: dict[str, None] = {}
        for members in self.groups.values():
            seen.update(dict.fromkeys(members))
        return list(seen)

    def required_keys(self) -> dict[str, str]:
        """Return every locale key the document needs, each with the source key that needs it."""
        keys: dict[str, str] = {}
        for name in ("title", "subtitle", "subject", "keywords"):
            keys[f"meta.{name}"] = "document"
        for name in ("page_of", "edition", "follow", "entity_label", "credits", "logo_alt", "draft_stamp"):
            keys[f"ui.{name}"] = "document"
        for i, section in enumerate(self.sections):
            where = f"sections[{i}]"
            if section.heading:
                keys[section.heading] = where
            for j, block in enumerate(section.blocks):
                bwhere = f"{where}.blocks[{j}]"
                for key in (block.heading, block.caption):
                    if key:
                        keys[key] = bwhere
                if block.kind in ("lead", "paragraph"):
                    keys[block.ref] = bwhere
                elif block.kind == "ordered_list":
                    keys.update(dict.fromkeys(block.ref, bwhere))
        for entity in self.entity_ids:
            keys[f"entities.{entity}.name"] = "groups"
        for event, _ in self.timeline:
            keys[f"timeline.events.{event}"] = "timeline"
        for figure in self.technology_figures:
            keys[f"technology.figures.{figure}.label"] = "technology_figures"
            keys[f"technology.figures.{figure}.value"] = "technology_figures"
        for brief in self.policy_briefs:
            keys[f"tools.briefs.{brief}"] = "policy_briefs"
        return keys


BLOCK_KINDS = {
    # kind: what its value must be
    "lead": "key",
    "paragraph": "key",
    "ordered_list": "keys",
    "entity_grid": "group",
    "entity_list": "group",
    "timeline": "timeline",
    "brief_list": "policy_briefs",
    "figure_chart": "technology_figures",
}
GROUP_NAMES = ("members", "working_group", "partners")


TOP_KEYS = ("document", "contacts", "proper_names", "identical_ok", "values", "members", "working_group",
            "partners", "timeline", "technology_figures", "policy_briefs", "sections")


def _project_hint(root: Path) -> list[Problem]:
    """Where the project is, when the command runs inside it (in source/, say) rather than from its folder."""
    import os

    if (root / SOURCE_FILE).exists():
        return []
    for folder in root.resolve().parents:
        if (folder / SOURCE_FILE).is_file():
            where = os.path.relpath(folder)
            return [Problem(SOURCE_FILE, None, None, f"hint: this folder is inside the project {where}: run the "
                                                     f"command from there, or give it with -C {where}")]
    return []


def load_factsheet(root: Path) -> Factsheet:
    """Load and validate `root`/source/factsheet.yaml; raise SourceError listing every problem."""
    doc, problems = load_yaml(root / SOURCE_FILE)
    if doc is None:
        raise SourceError("The factsheet source cannot be read:", problems + _project_hint(root))
    reader = FieldReader(doc)
    reader.problems.extend(problems)
    data = doc.data
    if not isinstance(data, dict):
        reader.error("", "the file must be a mapping of keys")
        raise_if_errors(reader.problems, "The factsheet source has {count} problem(s):", SourceError)
    reader.no_unknown(data, TOP_KEYS, "")

    document = reader.get(data, "document", "", dict) or {}
    reader.no_unknown(document, ("id", "page_budget", "paper", "edition", "source_locale", "locales"),
                      "document")
    document_id = reader.get(document, "id", "document", str) or "factsheet"
    page_budget = reader.get(document, "page_budget", "document", int)
    if page_budget is None:
        page_budget = 1
    elif page_budget < 1:  # 0 is not "no budget": it is an error, as a negative budget is
        reader.error("document.page_budget", f"must be at least 1, got {page_budget}")
    paper = reader.get(document, "paper", "document", str) or "A4"
    edition = None
    if "edition" not in document:
        reader.error("document", "missing required key 'edition'")
    else:
        edition = reader.date_value(document["edition"], "document.edition")
    source_locale = reader.get(document, "source_locale", "document", str) or "en"
    locales = _read_locales(reader, document.get("locales"))
    if locales and source_locale not in locales:
        reader.error("document.source_locale", f"'{source_locale}' is not one of document.locales")

    contacts_data = reader.get(data, "contacts", "", dict) or {}
    reader.no_unknown(contacts_data, ("website", "email", "twitter"), "contacts")
    contacts = {k: v for k in ("website", "email", "twitter")
                if (v := reader.get(contacts_data, k, "contacts", str)) is not None}
    if "website" in contacts and not contacts["website"].startswith("https://"):
        reader.error("contacts.website", "must be an https:// address")
    if "twitter" in contacts and not re.fullmatch(r"[A-Za-z0-9_]{1,15}", contacts["twitter"]):
        reader.error("contacts.twitter", "must be an account name: up to 15 letters, digits or _ (without @)")
    if "email" in contacts and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", contacts["email"]):
        reader.error("contacts.email", f"'{contacts['email']}' is not an e-mail address")

    values: dict[str, int | DateValue] = {}
    for name, value in (reader.get(data, "values", "", dict) or {}).items():
        path = f"values.{name}"
        if not NAME.match(name):
            reader.error(path, "value names are lower-case letters, digits and _")
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

    groups = {name: reader.names(data, name) for name in GROUP_NAMES}
    timeline = _read_timeline(reader, data, values)
    figures = reader.names(data, "technology_figures")
    for i, figure in enumerate(figures):
        if figure not in values or not isinstance(values[figure], int):
            reader.error(f"technology_figures[{i}]", f"'{figure}' must name a number in values")
    briefs = reader.names(data, "policy_briefs")
    sections = _read_sections(reader, data)
    lists: dict[str, list[str]] = {"proper_names": [], "identical_ok": []}
    for key, found in lists.items():
        for i, name in enumerate(reader.get(data, key, "", list, required=False) or []):
            if isinstance(name, str) and name.strip():
                found.append(name)
            else:
                reader.error(f"{key}[{i}]", f"expected a name, got {describe_value(name)}")

    raise_if_errors(reader.problems, f"{doc.name} has {{count}} problem(s):", SourceError)
    return Factsheet(root=root, document_id=document_id, page_budget=page_budget, paper=paper,
                     edition=edition, source_locale=source_locale, locales=locales,
                     contacts=contacts, values=values, groups=groups, timeline=timeline,
                     technology_figures=figures, policy_briefs=briefs, sections=sections, doc=doc,
                     proper_names=tuple(lists["proper_names"]), identical_ok=tuple(lists["identical_ok"]))


def _read_locales(reader: FieldReader, data) -> dict[str, LocaleSettings]:
    if not isinstance(data, dict) or not data:
        reader.error("document.locales", "expected a mapping of language codes to settings")
        return {}
    locales = {}
    for lang, settings in data.items():
        path = f"document.locales.{lang}"
        if not LANG.match(lang):
            reader.error(path, "language codes are two or three lower-case letters (ISO 639)")
            continue
        if not isinstance(settings, dict):
            reader.error(path, f"expected a mapping, got {describe_value(settings)}")
            continue
        reader.no_unknown(settings, ("cldr", "dir", "html_lang"), path)
        cldr = reader.get(settings, "cldr", path, str)
        direction = reader.get(settings, "dir", path, str)
        if direction not in (None, "ltr", "rtl"):
            reader.error(f"{path}.dir", f"must be ltr or rtl, got '{direction}'")
        html_lang = reader.get(settings, "html_lang", path, str, required=False) or lang
        if cldr:
            from babel import Locale, UnknownLocaleError
            try:
                Locale.parse(cldr)
            except (UnknownLocaleError, ValueError):
                reader.error(f"{path}.cldr", f"'{cldr}' is not a CLDR locale Babel knows")
                continue
        if cldr and direction in ("ltr", "rtl"):
            locales[lang] = LocaleSettings(lang, cldr, direction, html_lang)
    return locales


def _read_timeline(reader: FieldReader, data: dict, values: dict) -> tuple[tuple[str, str], ...]:
    items = reader.get(data, "timeline", "", list) or []
    timeline = []
    previous = None
    for i, item in enumerate(items):
        path = f"timeline[{i}]"
        if not isinstance(item, dict):
            reader.error(path, f"expected {{event: name, when: value name}}, got {describe_value(item)}")
            continue
        reader.no_unknown(item, ("event", "when"), path)
        event = reader.get(item, "event", path, str)
        when = reader.get(item, "when", path, str)
        if event is None or when is None:
            continue
        if not NAME.match(event):
            reader.error(f"{path}.event", "event names are lower-case letters, digits and _")
        date = values.get(when)
        if not isinstance(date, DateValue):
            reader.error(f"{path}.when", f"'{when}' must name a date in values")
            continue
        if previous and date.date < previous:
            reader.error(path, "events must be in date order")
        previous = date.date
        timeline.append((event, when))
    return tuple(timeline)


def _read_sections(reader: FieldReader, data: dict) -> tuple[Section, ...]:
    sections = []
    seen = set()
    for i, item in enumerate(reader.get(data, "sections", "", list) or []):
        path = f"sections[{i}]"
        if not isinstance(item, dict):
            reader.error(path, f"expected a mapping, got {describe_value(item)}")
            continue
        reader.no_unknown(item, ("id", "heading", "blocks"), path)
        section_id = reader.get(item, "id", path, str)
        if section_id in seen:
            reader.error(f"{path}.id", f"section '{section_id}' appears twice")
        seen.add(section_id)
        heading = reader.get(item, "heading", path, str, required=False)
        blocks = []
        for j, block in enumerate(reader.get(item, "blocks", path, list) or []):
            if (parsed := _read_block(reader, block, f"{path}.blocks[{j}]")) is not None:
                blocks.append(parsed)
        if section_id:
            sections.append(Section(section_id, heading, tuple(blocks)))
    return tuple(sections)


def _read_block(reader: FieldReader, block, path: str) -> Block | None:
    if not isinstance(block, dict):
        reader.error(path, f"expected a mapping such as {{paragraph: key}}, got {describe_value(block)}")
        return None
    kinds = [k for k in block if k in BLOCK_KINDS]
    if len(kinds) != 1:
        reader.error(path, f"a block has exactly one kind, one of: {', '.join(BLOCK_KINDS)}")
        return None
    kind = kinds[0]
    reader.no_unknown(block, (kind, "heading", "caption"), path)
    ref = block[kind]
    expected = BLOCK_KINDS[kind]
    if expected == "key" and not isinstance(ref, str):
        reader.error(f"{path}.{kind}", "expected a locale key")
        return None
    if expected == "keys" and not (isinstance(ref, list) and ref and all(isinstance(k, str) for k in ref)):
        reader.error(f"{path}.{kind}", "expected a list of locale keys")
        return None
    if expected == "group" and ref not in GROUP_NAMES:
        reader.error(f"{path}.{kind}", f"expected one of {', '.join(GROUP_NAMES)}")
        return None
    if expected in ("timeline", "policy_briefs", "technology_figures") and ref != expected:
        reader.error(f"{path}.{kind}", f"expected '{expected}'")
        return None
    heading = reader.get(block, "heading", path, str, required=False)
    caption = reader.get(block, "caption", path, str, required=False)
    return Block(kind, tuple(ref) if isinstance(ref, list) else ref, heading, caption)
