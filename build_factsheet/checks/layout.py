"""Readback + Expectation -> findings on the page budget, text outside the page, and empty pages."""

from __future__ import annotations

from build_factsheet.geometry import area_fill
from build_factsheet.readback import RUN_TOLERANCE
from build_factsheet.checks.model import CheckResult, Expectation

MAX_EMPTY_SHARE = 0.5         # no page may be more than half empty


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
    for number, fill in enumerate(page_fills(readback, expect.margins_pt), start=1):
        if fill < 1 - MAX_EMPTY_SHARE:
            fails.append(CheckResult("layout", "fail", f"page is {1 - fill:.0%} empty", expect.lang, number))
    return fails or [CheckResult("layout", "pass", f"{readback.page_count} pages as budgeted, text inside "
                                 "the pages, none half empty", expect.lang)]


def page_fills(readback, margins_pt: tuple[float, float]) -> list[float]:
    """Share of each page's text area covered by text, the two halves of the page averaged
    (geometry.area_fill, as copyfitting measures it).

    The text area lies between the top and bottom page margins (`margins_pt`, from
    layouts/brand.yaml through the expectation).
    """
    margin_top, margin_bottom = margins_pt
    fills = []
    for number, (width, height) in enumerate(readback.page_sizes, start=1):
        # The PDF's y grows upwards from the page's foot: turned to grow downwards from its head.
        rects = [(left, height - top, right, height - bottom)
                 for run in readback.runs if run.page == number
                 for left, bottom, right, top in (run.box,)]
        fills.append(area_fill(rects, margin_top, height - margin_bottom, width / 2))
    return fills
