"""A layout function + page budget -> the largest body size within brand limits that fills the budget exactly."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from build_factsheet.render import boxes
from build_factsheet.errors import Problem, RenderError
from build_factsheet.model.brand import BodySize, load_brand
from build_factsheet.render.pdf import MIN_LAST_PAGE_FILL, Layout

# The body text sizes the brand allows, and the first one tried, are per script in
# layouts/brand.yaml (scripts.<script>.body_pt): body_size() reads them.
GOOD_FILL = 0.8     # a last page this full needs no further search
RESOLUTION = 0.05   # pt: finer differences are invisible
MAX_LAYOUTS = 7


@dataclass(frozen=True)
class FitStep:
    """The body text size that copyfitting chose; every other size in the CSS is relative to it."""

    font_size_pt: float

    @property
    def font_size(self) -> str:
        return f"{self.font_size_pt:.2f}pt"


def body_size(root, lang: str) -> BodySize:
    """Return the body sizes the brand allows `lang` (its script's, in layouts/brand.yaml)."""
    return load_brand(root).script(lang).body


def first_size(body: BodySize, locked: float | None = None) -> float:
    """The body size copyfit lays out first: the locked one if the brand allows it, else its first guess."""
    if locked is not None and body.smallest <= locked <= body.largest:
        return locked
    return _snap(min(max(locked or body.start, body.smallest), body.largest))


def copyfit(lang: str, budget: int, layout_at: Callable[[FitStep], Layout],
            locked: float | None = None, *, body: BodySize, where: str | None = None) -> tuple[FitStep, Layout]:
    """Find a body size at which the content fills `budget` pages, the last at least half.

    A `locked` size (from the lock file) is kept whenever it still fits: the result then
    depends only on the inputs and the lock, and costs one layout. Otherwise content volume
    grows with the square of the type size, so each try predicts the size that would fill
    the budget from how many pages the last one used; `body` bounds the sizes (body_size()).
    Raise RenderError naming what
    overflows, or that the content leaves a page blank or the last page less than half full.
    """
    smallest, largest = body.smallest, body.largest
    tried: dict[float, Layout] = {}
    if locked is not None and first_size(body, locked) == locked:
        layout = tried[locked] = layout_at(FitStep(locked))
        if layout.pages == budget and layout.last_page_fill >= MIN_LAST_PAGE_FILL:
            return FitStep(locked), layout
    size = _snap(min(max(locked or body.start, smallest), largest))
    fits_at, overflows_at = None, None  # sizes known to fit / to overflow
    best: tuple[FitStep, Layout] | None = None
    for _ in range(MAX_LAYOUTS):
        layout = tried.get(size) or layout_at(FitStep(size))
        tried[size] = layout
        if layout.pages <= budget:
            fits_at = max(fits_at or size, size)
            if best is None or size > best[0].font_size_pt:
                best = (FitStep(size), layout)
        else:
            overflows_at = min(overflows_at or size, size)
        if layout.pages == budget and layout.last_page_fill >= GOOD_FILL:
            break
        used = max(layout.pages - 1 + layout.last_page_fill, 0.1)
        target = budget - 1 + (1 + GOOD_FILL) / 2
        guess = _snap(size * math.sqrt(target / used))
        low = fits_at if fits_at is not None else smallest - RESOLUTION
        high = overflows_at if overflows_at is not None else largest + RESOLUTION
        guess = min(max(guess, low + RESOLUTION), high - RESOLUTION, largest)
        guess = max(guess, smallest)
        if guess in tried or high - low <= RESOLUTION * 1.5:
            break
        size = guess
    if best is None:
        layout = tried.get(smallest) or layout_at(FitStep(smallest))
        raise RenderError(
            f"'{lang}' does not fit in {budget} page(s) even at the smallest allowed size "
            f"({smallest} pt); it runs to {layout.pages} pages:",
            [Problem(where or f"build/{lang}/factsheet.html", None, None,
                     f"section '{section}' continues past page {budget}")
             for section in overflowing_sections(layout, budget)])
    step, layout = best
    where = where or f"build/{lang}/factsheet.html"
    if layout.pages < budget:
        # The content ends before the last page of the budget: say so, whatever its own page's fill.
        blank = f"page {budget}" if layout.pages == budget - 1 else f"pages {layout.pages + 1}-{budget}"
        raise RenderError(
            f"'{lang}' fills only {layout.pages} of its {budget} pages even at the largest allowed size "
            f"({largest} pt):",
            [Problem(where, None, None,
                     f"{blank} would be blank (the text ends on page {layout.pages}, "
                     f"{layout.last_page_fill:.0%} full); add content or lower document.page_budget")])
    if layout.last_page_fill < MIN_LAST_PAGE_FILL:
        raise RenderError(
            f"'{lang}' leaves its last page less than {MIN_LAST_PAGE_FILL:.0%} full even at the largest "
            f"allowed size ({largest} pt):",
            [Problem(where, None, None,
                     f"page {layout.pages} of {budget} is {layout.last_page_fill:.0%} full; add content or "
                     f"lower document.page_budget")])
    return step, layout


def overflowing_sections(layout: Layout, budget: int) -> list[str]:
    """Name the sections (by id) that have content on pages after the budget."""
    names: dict[str, None] = {}
    for page in layout.document.pages[budget:]:
        for tag, element_id in boxes.elements_on(page):
            if tag == "section" and element_id:
                names[element_id] = None
            elif tag == "footer":
                names["<footer>"] = None  # the closing element after the sections, which has no id
    return list(names) or ["(unknown)"]


def _snap(size: float) -> float:
    return round(round(size / RESOLUTION) * RESOLUTION, 2)
