"""A laid-out page -> its content area, line and image rectangles, elements: the only reader of WeasyPrint 70.0's box tree."""

# WeasyPrint's public API says how large a page is (Page.width/height) and which elements with
# an id it shows (Page.anchors), but not where its lines and images lie, which copyfitting
# measures, nor which elements without an id (a closing footer) run onto it. Every read of the box
# tree lives here so that a WeasyPrint upgrade has one module to check; tests/test_boxes.py
# fails if the boxes change shape. WeasyPrint is imported in the functions, never at import
# time: fontconfig must be isolated before it loads (fonts.py).

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

WEASYPRINT_VERSION = "70.0"  # the version this module was written for and tested against


class Rect(NamedTuple):
    """A rectangle in CSS pixels from the top-left of the page, as WeasyPrint's Page.links gives them."""

    x: float
    y: float
    width: float
    height: float


def page_box(page):
    """The root of a laid-out page's box tree (a weasyprint.formatting_structure.boxes.PageBox)."""
    return page._page_box  # WeasyPrint offers no public way to the tree: the one private read


def content_area(page) -> Rect:
    """The page's content area: inside its margins, where the body flows."""
    box = page_box(page)
    return Rect(box.content_box_x(), box.content_box_y(), box.width, box.height)


def content_rectangles(page) -> list[Rect]:
    """The rectangles of the page's lines of text and images, margins included; the running
    header and footer in the page margins are left out: they are on every page, not content.
    So is the footnote area: a block set at the page's foot (a closing block) stands there
    whatever the length of the text, which is what the rectangles measure.
    """
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox, LineBox, ReplacedBox

    return [Rect(box.position_x, box.position_y, box.margin_width(), box.margin_height())
            for box in _content_boxes(page_box(page), skip=FootnoteAreaBox) if isinstance(box, (LineBox, ReplacedBox))]


def footnote_top(page) -> float | None:
    """Where the first line of the page's footnote area (a block set at its foot, the colophon)
    stands, in CSS pixels from the top of the page; None when the page holds none. Its first line,
    not its box: what a reader of the PDF (the layout check) finds of it is its text."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox, LineBox

    tops = [box.position_y for area in page_box(page).children if isinstance(area, FootnoteAreaBox)
            for box in _content_boxes(area) if isinstance(box, LineBox)]
    return min(tops, default=None)


def line_texts(page) -> list[tuple[Rect, str]]:
    """Each line of text on the page, in document order: its rectangle and the text it shows
    (with the hyphen WeasyPrint adds where it hyphenated a word). Page margins are left out."""
    from weasyprint.formatting_structure.boxes import LineBox, TextBox

    return [(Rect(box.position_x, box.position_y, box.margin_width(), box.margin_height()),
             "".join(child.text for child in _content_boxes(box) if isinstance(child, TextBox)))
            for box in _content_boxes(page_box(page)) if isinstance(box, LineBox)]


def elements_on(page) -> list[tuple[str, str | None]]:
    """The (tag, id) of every element with content on the page, in document order, once each;
    an element continued from the page before counts too. Page margins are left out.
    """
    seen: dict[tuple[str, str | None], None] = {}
    for box in _content_boxes(page_box(page)):
        if box.element is not None:
            # element_tag names pseudo-elements too ("section::before"): they belong to their element.
            seen[(box.element_tag.partition("::")[0], box.element.get("id"))] = None
    return list(seen)


def _content_boxes(box, skip: type | tuple = ()) -> Iterator:
    """Every box below `box`, depth first, except what the page margins hold (and boxes of type `skip`)."""
    from weasyprint.formatting_structure.boxes import MarginBox

    for child in box.children:
        if isinstance(child, MarginBox) or isinstance(child, skip):
            continue
        yield child
        yield from _content_boxes(child, skip)  # every box has a sequence of children, often empty
