"""Factsheet + Catalog -> LocalisedDocument: every string filled in, formatted and marked up for one language."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from build_factsheet import markup
from build_factsheet.errors import Problem, SourceError, raise_if_errors
from build_factsheet.model.locales import PLACEHOLDER, Catalog
from build_factsheet.model.fields import DateValue
from build_factsheet.model.source import Factsheet

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    acronym: str | None
    label: str        # the name with its acronym, as the language writes it (ui.entity_label)
    label_html: Markup  # the same, with the acronym marked up
    keys: str = ""      # the locale keys the label is made of


@dataclass(frozen=True)
class TimelineEvent:
    iso: str
    when: str
    text: Markup
    value: str = ""   # the name of its date in values
    key: str = ""     # the locale key of its text


@dataclass(frozen=True)
class Figure:
    id: str
    value: int
    value_text: str
    label: str


@dataclass
class LocalisedDocument:
    """The factsheet in one language, ready for a template: no lookups or formatting left to do."""

    lang: str
    html_lang: str
    dir: str
    cldr: str
    factsheet: Factsheet
    catalog: Catalog
    texts: dict[str, Markup] = field(default_factory=dict)  # key -> inline HTML
    plain: dict[str, str] = field(default_factory=dict)     # key -> text without markup
    templates: dict[str, str] = field(default_factory=dict)  # key -> text without markup, {placeholders} kept
    groups: dict[str, list[Entity]] = field(default_factory=dict)
    timeline: list[TimelineEvent] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    edition: str = ""
    language_name: str = ""

    @property
    def is_draft(self) -> bool:
        return self.catalog.is_draft

    def t(self, key: str) -> Markup:
        """Return the inline HTML of `key` (a missing key is a bug the source check should catch)."""
        return self.texts[key]

    def css_string(self, key: str, **counters: str) -> Markup:
        """Return `key` as a CSS `content` value, with {name} replaced by CSS counters."""
        parts: list[str] = []
        pos = 0
        text = self.plain[key]
        for match in re.finditer(r"\{(\w+)\}", text):
            parts.append(_css_quote(text[pos:match.start()]))
            parts.append(counters[match.group(1)])
            pos = match.end()
        parts.append(_css_quote(text[pos:]))
        return Markup(" ".join(p for p in parts if p != '""'))


def _css_quote(text: str) -> str:
    escaped = "".join(c if c.isalnum() or c in " .,:;-–—/()" or ord(c) > 127 else f"\\{ord(c):x} "
                      for c in text)
    return f'"{escaped}"'


def format_value(value: int | DateValue, cldr: str) -> str:
    """Format a number or a date for a CLDR locale, to the date's precision."""
    if isinstance(value, DateValue):
        if value.precision == "day":
            return format_date(value.date, "long", locale=cldr)
        skeleton = "yMMMM" if value.precision == "month" else "y"
        return format_skeleton(skeleton, value.date, locale=cldr)
    return format_decimal(value, locale=cldr)


def _entity(doc: LocalisedDocument, entity_id: str) -> Entity:
    name = doc.plain[f"entities.{entity_id}.name"]
    acronym = doc.plain.get(f"entities.{entity_id}.acronym")
    if not acronym:
        return Entity(entity_id, name, None, name, escape(name), f"entities.{entity_id}.name")
    template = doc.plain["ui.entity_label"]
    marked = Markup('<span class="acronym"><bdi>{}</bdi></span>').format(acronym)
    # Not str.format: a translator's stray brace would raise, and {name.__class__} would reach
    # into Python objects. Only the two placeholders are replaced; anything else stays text.
    label = _fill(template, {"name": name, "acronym": acronym})
    return Entity(entity_id, name, acronym, label,
                  Markup(_fill(str(escape(template)), {"name": str(escape(name)), "acronym": str(marked)})),
                  f"entities.{entity_id}.name entities.{entity_id}.acronym ui.entity_label")


def _fill(template: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def localise(factsheet: Factsheet, catalog: Catalog) -> LocalisedDocument:
    """Fill in and mark up every string of `catalog`; raise SourceError on an unknown placeholder."""
    settings = factsheet.locales[catalog.lang]
    cldr = settings.cldr
    values = {name: format_value(value, cldr) for name, value in factsheet.values.items()}
    edition = format_value(factsheet.edition, cldr)
    doc = LocalisedDocument(lang=catalog.lang, html_lang=settings.html_lang, dir=settings.dir,
                            cldr=cldr, factsheet=factsheet, catalog=catalog, edition=edition,
                            language_name=Locale.parse(cldr).display_name)
    problems: list[Problem] = []
    layout_fields = {"edition": edition}
    for key, source_text in catalog.messages.items():
        rendered = markup.render(source_text)  # **bold**, *italic*, links; the rest as text

        def fill(match: re.Match, key=key) -> str:
            name = match.group(1)
            if name in values:
                return str(escape(values[name]))
            if name in layout_fields:
                return str(escape(layout_fields[name]))
            if key in ("ui.page_of", "ui.entity_label"):  # filled later, per page or per entity
                return match.group(0)
            problems.append(Problem(catalog.doc.name if catalog.doc else str(catalog.path),
                                    catalog.line_of(key), key, f"unknown placeholder {{{name}}}"))
            return match.group(0)

        doc.templates[key] = html.unescape(_TAG.sub("", rendered))
        filled = PLACEHOLDER.sub(fill, rendered)
        doc.texts[key] = Markup(filled)
        doc.plain[key] = html.unescape(_TAG.sub("", filled))
    raise_if_errors(problems, "The locale files have {count} problem(s):", SourceError)

    for group, ids in factsheet.groups.items():
        doc.groups[group] = [_entity(doc, i) for i in ids]
    for event, when in factsheet.timeline:
        date = factsheet.values[when]
        doc.timeline.append(TimelineEvent(date.date.isoformat(), values[when],
                                          doc.texts[f"timeline.events.{event}"], when, f"timeline.events.{event}"))
    for figure in factsheet.technology_figures:
        doc.figures.append(Figure(figure, factsheet.values[figure],
                                  doc.plain[f"technology.figures.{figure}.value"],
                                  doc.plain[f"technology.figures.{figure}.label"]))
    return doc
