"""A pypdfium2 text page -> its lines of text as a reader sees them: each line's text and box, a column's lines apart from its neighbour's."""

from __future__ import annotations

from dataclasses import dataclass

# Pieces of one line are further apart than a word space only where a column ends: a gap
# wider than this many times the text's height starts another line (the next column's).
GAP_PER_HEIGHT = 1.5


@dataclass(frozen=True)
class TextLine:
    """One line of text on a page, its box in points from the page's bottom-left."""

    page: int
    text: str
    box: tuple[float, float, float, float]  # left, bottom, right, top

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]

    def overlaps_horizontally(self, other: TextLine) -> bool:
        """Whether the two share at least half the narrower one's width (the same column)."""
        shared = min(self.box[2], other.box[2]) - max(self.box[0], other.box[0])
        narrower = min(self.box[2] - self.box[0], other.box[2] - other.box[0])
        return narrower > 0 and shared >= narrower / 2


def page_lines(textpage, page_number: int) -> list[TextLine]:
    """Join pypdfium2's text rectangles into lines, top to bottom; a wide gap within a band starts another line."""
    rects = sorted((textpage.get_rect(i) for i in range(textpage.count_rects())), key=lambda r: -(r[1] + r[3]) / 2)
    bands: list[list[tuple[float, float, float, float]]] = []
    for rect in rects:
        band = next((band for band in bands[-3:] if _same_line(band[0], rect)), None)
        if band is None:
            bands.append([rect])
        else:
            band.append(rect)
    lines = []
    for band in bands:
        band.sort(key=lambda r: r[0])
        segment = [band[0]]
        for rect in band[1:]:
            if rect[0] - max(r[2] for r in segment) > GAP_PER_HEIGHT * max(_height(segment[-1]), _height(rect)):
                lines += _line(textpage, page_number, segment)
                segment = []
            segment.append(rect)
        lines += _line(textpage, page_number, segment)
    return lines


def _line(textpage, page_number: int, rects) -> list[TextLine]:
    box = (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))
    text = " ".join(textpage.get_text_bounded(*box).split())
    return [TextLine(page_number, text, box)] if text else []


def _height(rect) -> float:
    return rect[3] - rect[1]


def _same_line(a, b) -> bool:
    """Two boxes one of whose vertical middles lies within the other's extent: on one line (a dash is thin)."""
    middle_a, middle_b = (a[1] + a[3]) / 2, (b[1] + b[3]) / 2
    return a[1] <= middle_b <= a[3] or b[1] <= middle_a <= b[3]
