"""A translated string -> safe inline HTML (**bold**, *italic*, [links](https://…)), or why a string is refused.

Locale files come from outside the team, and their strings end up inside the HTML that
WeasyPrint renders: a tag, an image or a link to a file there could make the renderer fetch,
read or embed something. So the markup is a small Markdown subset parsed by markdown-it-py
with raw HTML off (a tag becomes text), and what is not in the subset is refused with a
reason before anything renders rather than printed as stray code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.entities import html5
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

LINK_SCHEMES = ("https", "mailto")
_RAW_HTML = re.compile(r"<(?:!--.*?--|/?[A-Za-z][^<>]*)>", re.S)
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>")
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_IMAGE = re.compile(r"!\[[^\]]*\]\(")
# What can start markup in the subset; most strings have none of it and are plain text, so
# they skip the parser: 648 strings a build, a third of the time spent loading the locales.
_MARKUP_START = re.compile(r"[*_\[]")
# What markdown-it's input normalisation would change in plain text.
_NORMALISED = re.compile(r"[\r\0]")


def is_plain(text: str) -> bool:
    """Tell whether `text` has nothing that the parser would read as markup."""
    return not _MARKUP_START.search(text) and not _NORMALISED.search(text)


def link_allowed(url: str) -> bool:
    """Tell whether a link may point at `url`: an https: or mailto: address, nothing relative."""
    return urlsplit(url.strip()).scheme.lower() in LINK_SCHEMES


def _parser(validate_link) -> MarkdownIt:
    from markdown_it import MarkdownIt  # here: a render worker unpickles documents without parsing any

    parser = MarkdownIt("zero", {"html": False}).enable(["emphasis", "link"])
    parser.validateLink = validate_link
    return parser


@lru_cache(maxsize=1)
def inline_parser() -> MarkdownIt:
    """What renders: a link markdown-it's own check or ours refuses stays text (a second guard)."""
    return _parser(link_allowed)


@lru_cache(maxsize=1)
def _every_link_parser() -> MarkdownIt:
    """What finds every link, allowed or not, to name the refused ones."""
    return _parser(lambda url: True)


def render(text: str) -> str:
    """Return the inline HTML of `text`; everything but the subset is escaped as text."""
    if is_plain(text):
        from markdown_it.common.utils import escapeHtml  # what the parser does to a text token

        return escapeHtml(text)
    return inline_parser().renderInline(text)


def links(text: str) -> list[str]:
    """Return the address of every [text](address) link in `text`, allowed or not."""
    if is_plain(text):
        return []
    tokens = _every_link_parser().parseInline(text)[0].children or []
    return [token.attrs.get("href", "") for token in tokens if token.type == "link_open"]


def refused(text: str) -> list[str]:
    """Return why `text` is refused: raw HTML, character references, images, links elsewhere."""
    messages = []
    for match in _RAW_HTML.finditer(text):
        tag = _shorten(match.group())
        if _AUTOLINK.fullmatch(match.group()):
            messages.append(f"{tag} is not a link here: write [text](https://…)")
        else:
            messages.append(f"raw HTML {tag} is not allowed: use **bold**, *italic* or [text](https://…)")
    for match in _CHARACTER_REFERENCE.finditer(text):
        if not match.group().startswith("&#") and match.group()[1:] not in html5:
            continue  # "R&D;" is text, not a reference
        messages.append(f"the character reference {match.group()} is not allowed: type the character itself")
    if _IMAGE.search(text):
        messages.append("an image (![…](…)) is not allowed in a text")
    for url in links(text):
        if not link_allowed(url):
            messages.append(f"a link to '{_shorten(url)}' is not allowed: links start with https:// or mailto:")
    return messages


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
