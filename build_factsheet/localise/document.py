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
from build_factsheet.model.blocks import Section
from build_factsheet.model.content import Item
from build_factsheet.model.fields import DateValue
from build_factsheet.model.locales import PLACEHOLDER, Catalog
from build_factsheet.model.source import EDITION, Factsheet
from build_factsheet.model.plurals import choose
from build_factsheet.model.style import MONTH, ZEROS, HouseStyle
from build_factsheet.localise.typography import Setting, set_text

_TAG = re.compile(r"<[^>]+>")
NBSP = "\u00a0"


@dataclass(frozen=True)
class Value:
    """A value of the project as one language writes it; `name` is its name in values."""

    name: str
    text: str
    number: int | None = None
    iso: str | None = None      # a date's ISO form, for <time datetime>


class Fields:
    """Read-only name -> thing, for templates: `item.key.name`, `'acronym' in item.key`.

    Not a dict, whose methods (items, values...) would hide fields of the same name.
    """

    __slots__ = ("_data",)

    def __init__(self, data: dict):
        self._data = data

    def __getitem__(self, name: str):
        return self._data[name]

    def __getattr__(self, name: str):
        if name == "_data":  # not set yet (a copy being made): no recursion
            raise AttributeError(name)
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(name) from None

    def __contains__(self, name: str) -> bool:
        return name in self._data

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


@dataclass(frozen=True)
class LocalItem:
    """An item of a collection in one language: its locale keys (those the language has) and its values."""

    id: str
    key: Fields     # field -> locale key, as the kind's key patterns make it for this item
    value: Fields   # field -> Value, for the fields that name a value (and `id` when it does)


@dataclass
class LocalisedDocument:
    """The publication in one language, ready for a template: no lookups or formatting left to do."""

    lang: str
    html_lang: str
    dir: str
    cldr: str
    factsheet: Factsheet
    catalog: Catalog
    texts: dict[str, Markup] = field(default_factory=dict)  # key -> inline HTML
    plain: dict[str, str] = field(default_factory=dict)     # key -> text without markup
    templates: dict[str, str] = field(default_factory=dict)  # key -> text without markup, {placeholders} kept
    values: dict[str, Value] = field(default_factory=dict)
    collections: dict[str, list[LocalItem]] = field(default_factory=dict)
    edition: str = ""
    language_name: str = ""

    @property
    def is_draft(self) -> bool:
        return self.catalog.is_draft

    @property
    def sections(self) -> tuple[Section, ...]:
        return self.factsheet.sections

    def t(self, key: str) -> Markup:
        """Return the inline HTML of `key` (a missing key is a bug the source check should catch)."""
        return self.texts[key]

    def marked(self, key: str, value: Value) -> Markup:
        """Return `key` as HTML with `value` (one it names) in <span class="value">, for a layout to set it off."""
        html = str(self.texts[key])
        if 'class="value"' in html:
            return Markup(html)
        text = str(escape(value.text.replace(" ", NBSP)))
        return Markup(html.replace(text, f'<span class="value">{text}</span>', 1))

    def collection(self, name: str) -> list[LocalItem]:
        """Return the items of collection `name`, in order."""
        return self.collections[name]

    def fill(self, key: str, **values) -> Markup:
        """Return `key` as HTML with the {placeholders} the layout fills replaced by `values`.

        Not str.format: a translator's stray brace would raise, and {name.__class__} would
        reach into Python objects. Only the names given are replaced; anything else stays
        text. Values are escaped unless they are markup already.
        """
        filled = {name: str(escape(value)) for name, value in values.items()}
        return Markup(_fill(str(escape(self.plain[key])), filled))

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


def format_value(value: int | DateValue, cldr: str, style: HouseStyle | None = None, context: str = "text") -> str:
    """Format a number or a date for a CLDR locale, to the date's precision, in the language's house style.

    `context`: "text" (running text) or "list" (a date standing alone, as in a timeline or
    after "Edition:"). Without a pattern in `style`, CLDR's own forms.
    """
    style = style or HouseStyle()
    if isinstance(value, DateValue):
        pattern = style.date_pattern(value.precision, context)
        if pattern is not None:
            month = style.months[value.date.month - 1] if style.months else ""
            quoted = "'" + month.replace("'", "''") + "'"
            text = format_date(value.date, pattern.replace(MONTH, quoted), locale=cldr)
            if style.numbering:
                text = _digits(text, style.numbering)
        elif value.precision == "day":
            text = format_date(value.date, "long", locale=cldr)
        else:
            skeleton = "yMMMM" if value.precision == "month" else "y"
            text = format_skeleton(skeleton, value.date, locale=cldr)
        return text
    if style.numbering:  # Babel gives the system's separators; the digits are written here
        return _digits(format_decimal(value, format=style.numbers, locale=cldr, numbering_system=style.numbering),
                       style.numbering)
    return format_decimal(value, format=style.numbers, locale=cldr)


def _digits(text: str, numbering: str) -> str:
    """Write the ASCII digits of a formatted value in the digits of `numbering`."""
    zero = ZEROS[numbering]
    return text.translate({ord("0") + i: chr(ord(zero) + i) for i in range(10)})


def _fill(template: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def _value(name: str, value: int | DateValue, cldr: str, style: HouseStyle, context: str = "text") -> Value:
    if isinstance(value, DateValue):
        return Value(name, format_value(value, cldr, style, context), iso=value.date.isoformat())
    return Value(name, format_value(value, cldr, style, context), number=value)


def _local_item(doc: LocalisedDocument, item: Item, listed: dict[str, Value]) -> LocalItem:
    keys = dict(item.keys)
    keys.update({f: key for f, key in item.optional_keys.items() if key in doc.plain})
    return LocalItem(item.id, Fields(keys), Fields({f: listed[name] for f, name in item.values.items()}))


def _unbreakable(factsheet: Factsheet, catalog: Catalog) -> tuple[str, ...]:
    """The project's proper names, and the texts of the collections' fields declared unbreakable."""
    names = list(factsheet.proper_names)
    for collection in factsheet.collections.values():
        kind = factsheet.kinds.get(collection.kind)
        for item in collection.items if kind else ():
            for field_name in kind.unbreakable:
                key = item.keys.get(field_name) or item.optional_keys.get(field_name)
                if key in catalog.messages:
                    names.append(catalog.messages[key])
    return tuple(names)


def localise(factsheet: Factsheet, catalog: Catalog) -> LocalisedDocument:
    """Fill in and mark up every string of `catalog`; raise SourceError on an unknown placeholder."""
    settings = factsheet.locales[catalog.lang]
    cldr = settings.cldr
    style = settings.style
    edition = format_value(factsheet.edition, cldr, style, "list")
    doc = LocalisedDocument(lang=catalog.lang, html_lang=settings.html_lang, dir=settings.dir,
                            cldr=cldr, factsheet=factsheet, catalog=catalog, edition=edition,
                            language_name=Locale.parse(cldr).display_name)
    doc.values = {name: _value(name, value, cldr, style) for name, value in factsheet.values.items()}
    texts = {name: value.text for name, value in doc.values.items()}
    texts[EDITION] = edition
    # A value in a sentence is one unit: never split (a date, a number with its spaces: no-break
    # spaces), and isolated from the direction of the text around it (<bdi>). Chinese, which
    # breaks anywhere, needs the element too (nowrap); elsewhere it is left out: an inline
    # element at a justified line's end makes WeasyPrint 70 set a word alone on a line.
    value_tag = "bdi" if settings.dir == "rtl" else "span" if settings.script == "han" else None
    setting = Setting(style, rtl=settings.dir == "rtl", han=settings.script == "han",
                      names=_unbreakable(factsheet, catalog))
    names = setting.names_pattern()
    problems: list[Problem] = []
    # A draft's stand-ins from the source language say so: hyphenated as that language, not this one.
    stand_in = factsheet.locales[factsheet.source_locale].html_lang if factsheet.source_locale in factsheet.locales \
        else factsheet.source_locale
    fallback = set(catalog.fallback_keys)
    for key, source_text in catalog.messages.items():
        if key in catalog.plurals:  # the form the number it names needs
            source_text = choose(catalog.plurals[key], cldr, factsheet.values, source_text)
        rendered = set_text(markup.render(source_text), setting, names)  # **bold**, *italic*, links; the rest as text
        left = factsheet.layout_placeholders(key)  # filled later by the templates (a page number)

        def fill(match: re.Match, key=key, left=left) -> str:
            name = match.group(1)
            if name in texts:
                value = escape(texts[name].replace(" ", NBSP))
                return f'<{value_tag} class="value">{value}</{value_tag}>' if value_tag else str(value)
            if name not in left:
                problems.append(Problem(catalog.doc.name if catalog.doc else str(catalog.path),
                                        catalog.line_of(key), key, f"unknown placeholder {{{name}}}"))
            return match.group(0)

        doc.templates[key] = html.unescape(_TAG.sub("", rendered))
        filled = PLACEHOLDER.sub(fill, rendered)
        doc.texts[key] = Markup(f'<span lang="{escape(stand_in)}">{filled}</span>' if key in fallback else filled)
        doc.plain[key] = html.unescape(_TAG.sub("", filled))
    raise_if_errors(problems, "The locale files have {count} problem(s):", SourceError)
    listed = {name: _value(name, value, cldr, style, "list") for name, value in factsheet.values.items()}
    doc.collections = {name: [_local_item(doc, item, listed) for item in collection.items]
                       for name, collection in factsheet.collections.items()}
    return doc
