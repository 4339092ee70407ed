"""A pypdfium2 text page -> its lines of text as a reader sees them: each line's text and box, a column's lines apart from its neighbour's."""

from __future__ import annotations

from dataclasses import dataclass

# Pieces of one line are further apart than a word space where a column ends, or in a very
# loose justified line: a gap wider than the text's height (times this) may start another line.
GAP_PER_HEIGHT = 1.0
# It does where the gap holds a column gutter as wide: where at least half of the lines around
# it (this many above and below, as many lines' heights away at most) that reach across it
# have no text either. A loose line's gaps lie where the lines around it have words.
NEIGHBOURS = 6
# Pieces of one line in two bands, this close (times the text's height), are one line: a word space.
WORD_SPACE_PER_HEIGHT = 0.5


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
    bands = [sorted(band, key=lambda r: r[0]) for band in bands]
    holes = [_holes(band) for band in bands]
    segments = []
    for index, band in enumerate(bands):
        middle, reach = _middle(band[0]), NEIGHBOURS * max(_height(r) for r in band)
        near = [*range(max(0, index - NEIGHBOURS), index), *range(index + 1, min(index + 1 + NEIGHBOURS, len(bands)))]
        around = [(bands[k], holes[k]) for k in near
                  if abs(_middle(bands[k][0]) - middle) <= reach]  # a box or band far below is another block
        # A piece starts where a hole of the band holds a gutter: its left edge is the hole's right.
        starts = {right for left, right, width in holes[index] if _gutter(left, right, width, around)}
        segment = []
        for rect in band:
            if rect[0] in starts and segment:
                segments.append(segment)
                segment = []
            segment.append(rect)
        segments.append(segment)
    return [line for segment in _rejoined(segments) for line in _line(textpage, page_number, segment)]


def _rejoined(segments: list[list]) -> list[list]:
    """Join the pieces of one line that the bands parted: a word set a little higher or lower than
    its line (a name in bold, "l'ICAT" beside "fournit aux États…") can join the band of the next
    column's line; it lies a word space from the rest of its own, or within it."""
    boxes = [_box(segment) for segment in segments]
    for i in range(len(segments)):
        for j in range(i + 1, min(i + 1 + NEIGHBOURS, len(segments))):
            if not segments[i] or not segments[j] or not _same_line(boxes[i], boxes[j]):
                continue
            gap = max(boxes[j][0] - boxes[i][2], boxes[i][0] - boxes[j][2])
            if gap <= WORD_SPACE_PER_HEIGHT * min(_height(boxes[i]), _height(boxes[j])):  # beside, or within
                segments[i], segments[j] = sorted(segments[i] + segments[j], key=lambda r: r[0]), []
                boxes[i] = _box(segments[i])
    return [segment for segment in segments if segment]


def _gutter(left: float, right: float, width: float, around: list[tuple[list, list]]) -> bool:
    """Whether a gap from `left` to `right` holds a channel between columns at least `width` wide:
    where at least half of the lines `around` (each band with its holes) that reach across it
    have no text. Lines of one column only, beside it, say nothing of it; two lines' word spaces
    that meet make no channel that wide. Tried between every edge of the lines around, in the gap."""
    edges = sorted({left, right, *(x for band, _ in around for rect in band for x in (rect[0], rect[2])
                                   if left < x < right)})
    run = 0.0
    for a, b in zip(edges, edges[1:]):
        run = run + (b - a) if _free((a + b) / 2, around) else 0.0
        if run >= width:
            return True
    return False


def _free(x: float, around: list[tuple[list, list]]) -> bool:
    """Whether at least half of the lines `around` that reach across `x` have a hole there: a gap
    wider than a word space (a word space is text, as a reader reads the line)."""
    across = [holes for band, holes in around if band[0][0] < x < max(r[2] for r in band)]
    free = sum(1 for holes in across if any(left < x < right for left, right, _ in holes))
    return 2 * free >= len(across)


def _holes(band) -> list[tuple[float, float, float]]:
    """The gaps between a band's rectangles (left to right) wider than a word space can be:
    (left, right, that width) each."""
    holes, end = [], band[0][2]
    for before, rect in zip(band, band[1:]):
        width = GAP_PER_HEIGHT * max(_height(before), _height(rect))
        if rect[0] - end > width:
            holes.append((end, rect[0], width))
        end = max(end, rect[2])
    return holes


def _box(rects) -> tuple[float, float, float, float]:
    return min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects)


def _line(textpage, page_number: int, rects) -> list[TextLine]:
    box = _box(rects)
    text = " ".join(textpage.get_text_bounded(*box).split())
    return [TextLine(page_number, text, box)] if text else []


def _height(rect) -> float:
    return rect[3] - rect[1]


def _middle(rect) -> float:
    return (rect[1] + rect[3]) / 2


def _same_line(a, b) -> bool:
    """Two boxes one of whose vertical middles lies within the other's extent: on one line (a dash is thin)."""
    middle_a, middle_b = (a[1] + a[3]) / 2, (b[1] + b[3]) / 2
    return a[1] <= middle_b <= a[3] or b[1] <= middle_a <= b[3]
