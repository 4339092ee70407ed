"""Vertical spans of content -> how much of a column they cover (shared by copyfitting and checks)."""

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
