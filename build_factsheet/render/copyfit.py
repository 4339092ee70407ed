"""A layout function + page budget -> the largest body size within brand limits that fills the budget, and the leading that fills its last page."""

from __future__ import annotations

import math
from typing import Callable

from build_factsheet.render import boxes
from build_factsheet.errors import Problem, RenderError
from build_factsheet.model.brand import BodySize, Leading, load_brand
from build_factsheet.model.sizelock import FitStep
from build_factsheet.render.pdf import MIN_LAST_PAGE_FILL, Layout

# The body text sizes the brand allows, and the first one tried, are per script in
# layouts/brand.yaml (scripts.<script>.body_pt): body_size() reads them.
GOOD_FILL = 0.8     # a last page this full needs no further search
RESOLUTION = 0.05   # pt: finer differences are invisible
MAX_LAYOUTS = 7
# Vertical justification (leading_for): where the size cannot grow, the leading opens within the
# brand's range until the last page is this full; in steps of LEADING_RESOLUTION, with at most
# MAX_LEADING_LAYOUTS more layouts (each about a second).
FULL_FILL = 0.9
LEADING_RESOLUTION = 0.01
MAX_LEADING_LAYOUTS = 4
# A locked step is kept while its last page is this much above MIN_LAST_PAGE_FILL: the layout check
# reads the same page from the PDF's text, whose lines measure a few hundredths lower than the
# boxes WeasyPrint laid out; a lock kept at the very limit could fail it.
LOCK_MARGIN = 0.05
__all__ = ["FitStep", "copyfit", "body_size", "body_leading", "first_size", "first_step"]


def body_size(root, lang: str) -> BodySize:
    """Return the body sizes the brand allows `lang` (its script's, in layouts/brand.yaml)."""
    return load_brand(root).script(lang).body


def body_leading(root, lang: str) -> Leading:
    """Return the line heights the brand allows `lang`'s body text (its script's, in layouts/brand.yaml)."""
    return load_brand(root).script(lang).leading


def first_step(body: BodySize, leading: Leading | None, locked: FitStep | None = None) -> FitStep:
    """The step copyfit lays out first: the locked one where the brand allows its size and leading,
    else the first guess at the brand's normal leading."""
    size = first_size(body, locked.font_size_pt if locked is not None else None)
    opened = locked.leading if locked is not None and locked.font_size_pt == size else None
    step = FitStep(size) if opened is None or leading is None or opened == leading.normal \
        or not leading.allows(opened) else FitStep(size, opened)
    if locked is not None and (step.font_size_pt, step.leading) == (locked.font_size_pt, locked.leading):
        return locked  # with the words it keeps whole
    return step


def first_size(body: BodySize, locked: float | None = None) -> float:
    """The body size copyfit lays out first: the locked one if the brand allows it, else its first guess."""
    if locked is not None and body.smallest <= locked <= body.largest:
        return locked
    return _snap(min(max(locked or body.start, body.smallest), body.largest))


def copyfit(lang: str, budget: int, layout_at: Callable[[FitStep], Layout],
            locked: FitStep | None = None, *, body: BodySize, leading: Leading | None = None,
            where: str | None = None) -> tuple[FitStep, Layout]:
    """Find a body size at which the content fills `budget` pages, the last at least half,
    then the leading that fills the last page where the size cannot grow (leading_for).

    A `locked` step (from the lock file) is kept whenever it still fits: the result then
    depends only on the inputs and the lock, and costs one layout. Otherwise content volume
    grows with the square of the type size, so each try predicts the size that would fill
    the budget from how many pages the last one used; `body` bounds the sizes (body_size()),
    `leading` the line heights (body_leading(); None: the normal one only).
    Raise RenderError naming what
    overflows, or that the content leaves a page blank or the last page less than half full.
    """
    smallest, largest = body.smallest, body.largest
    tried: dict[float, Layout] = {}  # by size, at the normal leading
    if locked is not None and first_step(body, leading, locked) == locked:
        layout = layout_at(locked)
        if locked.leading is None:
            tried[locked.font_size_pt] = layout
        if layout.pages == budget and layout.last_page_fill >= MIN_LAST_PAGE_FILL + LOCK_MARGIN:
            return locked, layout
    size = _snap(min(max(locked.font_size_pt if locked else body.start, smallest), largest))
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
    if leading is not None and layout.pages == budget and layout.last_page_fill < FULL_FILL and (
            step.font_size_pt >= largest or (overflows_at is not None and overflows_at - step.font_size_pt
                                             <= RESOLUTION * 1.5)):
        step, layout = leading_for(step, layout, budget, layout_at, leading)
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


def leading_for(step: FitStep, layout: Layout, budget: int, layout_at: Callable[[FitStep], Layout],
                leading: Leading) -> tuple[FitStep, Layout]:
    """Open the body's leading within `leading` until the last page of the budget is FULL_FILL full
    (vertical justification); return the widest leading tried that keeps within the budget, with its layout.

    The body size `step` cannot grow: it is the largest, or one step more overflows. The first
    try predicts the leading from the pages used, in proportion (text volume grows with the line
    height, headings and boxes do not: it opens too little rather than too much); once a leading
    overflows, the content has met a jump (the closing block no longer fits under the text, a
    box kept whole moves on) that no proportion predicts, and the tries halve the interval left.
    """
    if leading.largest <= leading.normal:
        return step, layout
    target = budget - 1 + FULL_FILL
    low, high = leading.normal, leading.largest + LEADING_RESOLUTION  # fits at low; too wide from high on
    best, used = (step, layout), _used(layout)
    for _ in range(MAX_LEADING_LAYOUTS):
        if high <= leading.largest:  # an overflow was met: bisect
            guess = _snap_leading((low + high) / 2)
        else:
            guess = _snap_leading(low * target / used)
        guess = min(max(guess, low + LEADING_RESOLUTION), high - LEADING_RESOLUTION)
        if guess <= low or guess >= high:
            break
        wider = FitStep(step.font_size_pt, guess)
        layout = layout_at(wider)
        if layout.pages == budget:
            low, best, used = guess, (wider, layout), _used(layout)
            if layout.last_page_fill >= FULL_FILL:
                break
        else:
            high = guess
    return best


def _used(layout: Layout) -> float:
    """Pages the content uses, the last counted by its fill."""
    return max(layout.pages - 1 + layout.last_page_fill, 0.1)


def _snap_leading(leading: float) -> float:
    return round(round(leading / LEADING_RESOLUTION) * LEADING_RESOLUTION, 2)


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
