"""Readback + Expectation -> findings on the page budget, text outside the page, and empty pages."""

from __future__ import annotations

import unicodedata

from build_factsheet.geometry import area_fill
from build_factsheet.readback import RUN_TOLERANCE
from build_factsheet.checks.model import CheckResult, Expectation

MAX_EMPTY_SHARE = 0.5         # no page may be more than half empty
FOOT_ZONE = 0.06              # of the text area's height: a closing block ending this near its foot is set there


def check_layout(readback, expect: Expectation) -> list[CheckResult]:
    """Page count equals the budget; no text outside its page; no page more than half empty."""
    fails = []
    if readback.page_count != expect.page_budget:
        fails.append(CheckResult("layout", "fail", f"{readback.page_count} pages, the budget is "
                                 f"{expect.page_budget}", expect.lang))
    for run in readback.runs:
        if not run.inside(*readback.page_sizes[run.page - 1], tolerance=RUN_TOLERANCE):
            fails.append(CheckResult("layout", "fail", "text outside the page's trim area", expect.lang,
                                     run.page, None, run.text))
    for number, fill in enumerate(page_fills(readback, expect.margins_pt, expect.closing), start=1):
        if fill < 1 - MAX_EMPTY_SHARE:
            fails.append(CheckResult("layout", "fail", f"page is {1 - fill:.0%} empty", expect.lang, number))
    return fails or [CheckResult("layout", "pass", f"{readback.page_count} pages as budgeted, text inside "
                                 "the pages, none half empty", expect.lang)]


def page_fills(readback, margins_pt: tuple[float, float], closing: list[str] = ()) -> list[float]:
    """Share of each page's text area covered by text, the two halves of the page averaged
    (geometry.area_fill, as copyfitting measures it).

    The text area lies between the top and bottom page margins (`margins_pt`, from
    layouts/brand.yaml through the expectation); on the last page, above the closing block set
    at its foot (the colophon, whose text is `closing`), where the text ends: copyfitting measures
    down to the same line.
    """
    margin_top, margin_bottom = margins_pt
    fills = []
    for number, (width, height) in enumerate(readback.page_sizes, start=1):
        # The PDF's y grows upwards from the page's foot: turned to grow downwards from its head.
        rects = [(left, height - top, right, height - bottom)
                 for run in readback.runs if run.page == number for left, bottom, right, top in (run.box,)]
        bottom = height - margin_bottom
        if number == len(readback.page_sizes) and closing:
            lines = [line for line in readback.lines if line.page == number]
            foot = _closing_top(lines, closing, margin_bottom, FOOT_ZONE * (bottom - margin_top))
            bottom = bottom if foot is None else min(bottom, height - foot)
        fills.append(area_fill(rects, margin_top, bottom, width / 2))
    return fills


def _closing_top(lines, closing: list[str], margin_bottom: float, zone: float) -> float | None:
    """The top (PDF y) of the closing block's first line where the block is set at the page's foot
    (its last line within `zone` of the bottom margin): the page's lines above that margin read from
    the bottom up, as long as each is a piece of the closing text. None if the foot holds no such block
    (a closing block in the flow, where the text ends, is text as any other)."""
    text = _fold(" ".join(closing))
    top = None
    for line in sorted(lines, key=lambda line: line.box[1]):
        if line.box[3] < margin_bottom:  # the running footer, below the text area
            continue
        if not _fold(line.text) or _fold(line.text) not in text or (top is None and line.box[1] > margin_bottom + zone):
            break
        top = line.box[3] if top is None else max(top, line.box[3])
    return top


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())
