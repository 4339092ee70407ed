"""Rendered HTML -> what it promises the PDF will say and be: text per locale key, title, links, figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements that never have an end tag: they must not stay open on the parser's stack.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# What WeasyPrint tags as /Figure (weasyprint/pdf/tags.py): an image, and an inline SVG.
_FIGURES = {"img", "svg"}
# The templates' own line breaks and indentation; not Unicode spaces, which the text keeps
# (a French no-break space before "?" is part of the string).
_LAYOUT_SPACE = re.compile(r"[ \t\r\n\f]+")


@dataclass
class Promised:
    """What one rendered HTML page says it contains, read from its elements and attributes."""

    html_lang: str = ""
    title: str = ""
    title_key: str | None = None
    # data-key (one locale key, or several that one element was made of) -> the element's text
    strings: dict[str, str] = field(default_factory=dict)
    links: set[str] = field(default_factory=set)
    figures: int = 0
    # The most items of any <ol>: the list numbers CSS may draw ("1.", "2."), text of no source.
    ordered_items: int = 0
    headings: list[str] = field(default_factory=list)     # the text of each heading (h1-h6)
    # Text the layout never splits across lines: acronyms (<abbr>), names, values (class name,
    # acronym, value), marked by the localiser and the templates.
    unbreakable: set[str] = field(default_factory=set)
    # Words of a language without spaces that a heading sets whole (<span class="word"> in h1-h6).
    heading_words: set[str] = field(default_factory=set)
    list_items: list[list[str]] = field(default_factory=list)  # the text of each item of each <ol>/<ul>
    closing: list[str] = field(default_factory=list)  # the text of each <footer> of the body (the colophon)


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_UNBREAKABLE = {"name", "acronym", "value"}


class _Reader(HTMLParser):
    """Collect the text of every element that carries data-key (or data-value) in <body>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.promised = Promised()
        self.open: list[tuple[str, str | None]] = []  # (tag, label) of the elements open now
        self.texts: dict[int, list[str]] = {}           # stack depth -> text gathered for a label
        self.in_body = self.in_title = False
        self.title_parts: list[str] = []
        self.lists: list[list[int]] = []  # per open <ol>/<ul>: [is ordered, items so far]
        self.gathering: dict[int, tuple[str, list[str]]] = {}  # depth -> (headings|unbreakable, text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.promised.html_lang = attrs.get("lang") or ""
        elif tag == "body":
            self.in_body = True
        elif tag == "title" and not self.in_body:
            self.in_title = True
            self.promised.title_key = attrs.get("data-key")
        if self.in_body:
            if tag == "a" and attrs.get("href"):
                self.promised.links.add(attrs["href"])
            if tag in _FIGURES:
                self.promised.figures += 1
            if tag in ("ol", "ul"):
                self.lists.append([tag == "ol", 0, len(self.promised.list_items)])
                self.promised.list_items.append([])
            elif tag == "li" and self.lists and self.lists[-1][0]:
                self.lists[-1][1] += 1
                self.promised.ordered_items = max(self.promised.ordered_items, self.lists[-1][1])
        if tag in _VOID:
            return
        label = None
        if self.in_body:
            label = attrs.get("data-key") or (f"values.{attrs['data-value']}" if attrs.get("data-value") else None)
        self.open.append((tag, label))
        if label:
            self.texts[len(self.open)] = []
        if self.in_body and tag in _HEADINGS:
            self.gathering[len(self.open)] = ("headings", [])
        elif self.in_body and (tag == "abbr" or _UNBREAKABLE & set((attrs.get("class") or "").split())):
            self.gathering[len(self.open)] = ("unbreakable", [])
        elif self.in_body and "word" in (attrs.get("class") or "").split() and any(
                open_tag in _HEADINGS for open_tag, _ in self.open[:-1]):
            self.gathering[len(self.open)] = ("heading_words", [])
        elif self.in_body and tag == "footer":
            self.gathering[len(self.open)] = ("closing", [])
        elif self.in_body and tag == "li" and self.lists:
            self.gathering[len(self.open)] = (f"item {self.lists[-1][2]}", [])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "body":
            self.in_body = False
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        # Close up to the matching tag: the templates write well-formed HTML, so this is
        # only a guard against an element left open by a mistake in one.
        while self.open:
            depth = len(self.open)
            open_tag, label = self.open.pop()
            if depth in self.gathering:
                kind, parts = self.gathering.pop(depth)
                text = _collapse("".join(parts))
                if text and kind == "headings":
                    self.promised.headings.append(text)
                elif text and kind == "heading_words":
                    self.promised.heading_words.add(text)
                elif kind == "closing":
                    self.promised.closing.append(text)
                elif kind.startswith("item "):
                    self.promised.list_items[int(kind.split()[1])].append(text)
                elif text:
                    self.promised.unbreakable.add(text)
            if label is not None:
                self._record(label, _collapse("".join(self.texts.pop(depth))))
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
        for parts in self.texts.values():
            parts.append(data)
        for _, parts in self.gathering.values():
            parts.append(data)

    def _record(self, label: str, text: str) -> None:
        strings = self.promised.strings
        if not text or strings.get(label) == text:
            return
        name, number = label, 1
        while name in strings:  # the same key shown twice, differently: expect both
            number += 1
            name = f"{label} #{number}"
        strings[name] = text


def read_promises(html: str) -> Promised:
    """Read what `html` promises: the text of each element with data-key, its title, links and figures."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.promised.title = _collapse("".join(reader.title_parts))
    return reader.promised


def _collapse(text: str) -> str:
    return _LAYOUT_SPACE.sub(" ", text).strip()


def keys_of(label: str) -> list[str]:
    """The locale keys of a data-key label ('a.b c.d #2' -> ['a.b', 'c.d'])."""
    return [part for part in label.split() if not part.startswith("#")]
