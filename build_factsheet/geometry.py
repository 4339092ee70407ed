"""Vertical spans or rectangles of content -> how much of a column or a page they cover (shared by copyfitting and checks)."""

from __future__ import annotations


def covered_length(spans: list[tuple[float, float]], gap: float) -> float:
    """Total length covered by `spans`, counting gaps up to `gap` (paragraph spacing) as covered."""
    total, start, end = 0.0, None, None
    for y0, y1 in sorted(spans):
        if end is not None and y0 <= end + gap:
            end = max(end, y1)
            continue
        if end is not None:
            total += end - start
        start, end = y0, y1
    return total + (end - start if end is not None else 0.0)


def area_fill(rects: list[tuple[float, float, float, float]], top: float, bottom: float, middle: float,
              gap_share: float = 0.06) -> float:
    """Share of the area from `top` down to `bottom` that `rects` (left, top, right, bottom; y grows
    downwards) cover, the page read as two halves either side of `middle` (its two columns), averaged.

    Within a half, stretches closer than `gap_share` of the area's height (paragraph and section
    spacing) count as covered. A last page whose text fills one column of two reads as half empty,
    as a reader sees it. The page fill copyfitting aims at and the layout check's are this one.
    """
    height = bottom - top
    if height <= 0:
        return 0.0
    halves: list[list[tuple[float, float]]] = [[], []]
    for left, y0, right, y1 in rects:
        span = (max(y0, top) - top, min(y1, bottom) - top)
        if span[0] >= span[1]:  # wholly outside the area (a margin, the footer): covers none of it
            continue
        if left < middle:
            halves[0].append(span)
        if right > middle:
            halves[1].append(span)
    return sum(covered_length(spans, gap_share * height) for spans in halves) / (2 * height)
