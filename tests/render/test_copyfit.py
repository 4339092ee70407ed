"""copyfit: the largest body size within brand limits that fills the budget; errors name the cause."""

from types import SimpleNamespace

import pytest

from build_factsheet.render import boxes
from build_factsheet.render.copyfit import (FULL_FILL, GOOD_FILL, MAX_LEADING_LAYOUTS, FitStep, body_leading,
                                            body_size, copyfit, first_step)
from build_factsheet.errors import RenderError
from build_factsheet.model.brand import BodySize, Leading
from build_factsheet.render.pdf import Layout

from ..conftest import REPO


def fit(lang, budget, layout_at, locked=None, root=REPO, leading=None):
    """Copyfit `lang` within the body sizes the brand allows it (layouts/brand.yaml of `root`)
    and, with `leading`, the line heights (a locked size as a number: at the normal leading)."""
    locked = FitStep(locked) if isinstance(locked, (int, float)) else locked
    return copyfit(lang, budget, layout_at, locked, body=body_size(root, lang), leading=leading)


def fake_layouts(pages_at_10pt: float, sections=("intro", "reach")):
    """Content whose volume grows with the square of the size, like real text; counts calls."""
    calls = []

    def layout_at(step):
        calls.append(step.font_size_pt)
        used = pages_at_10pt * (step.font_size_pt / 10) ** 2
        pages = int(used) + (0 if used == int(used) else 1)
        fill = used - (pages - 1)
        page = SimpleNamespace(elements=[("section", s) for s in sections])
        return Layout(SimpleNamespace(pages=[page] * pages), pages, fill)

    return layout_at, calls


@pytest.fixture(autouse=True)
def fake_pages(monkeypatch):
    """The fake pages list their elements themselves: boxes.py reads real ones (test_boxes.py)."""
    monkeypatch.setattr(boxes, "elements_on", lambda page: page.elements)


def test_fills_the_budget_without_overflowing():
    layout_at, calls = fake_layouts(2.6)
    step, layout = fit("en", 3, layout_at)
    assert layout.pages == 3
    # Either the last page is well filled, or one step larger would overflow.
    too_big = step.font_size_pt + 0.05
    assert layout.last_page_fill >= GOOD_FILL or 2.6 * (too_big / 10) ** 2 > 3
    assert len(calls) <= 7


def test_content_that_cannot_fit_names_the_overflowing_sections():
    layout_at, _ = fake_layouts(5.0, sections=("technology", "policy"))
    with pytest.raises(RenderError) as caught:
        fit("ru", 3, layout_at)
    message = str(caught.value)
    assert "'ru' does not fit in 3 page(s) even at the smallest allowed size (8.4 pt)" in message
    assert "section 'technology' continues past page 3" in message


def test_content_too_short_for_the_budget_is_an_error():
    layout_at, _ = fake_layouts(0.8)
    with pytest.raises(RenderError) as caught:
        fit("en", 3, layout_at)
    assert "'en' fills only 1 of its 3 pages even at the largest allowed size" in str(caught.value)


def fixed_layouts(pages: int, fill: float):
    """Content that lays out alike at every size: `pages` pages, the last `fill` full."""
    def layout_at(step):
        return Layout(SimpleNamespace(pages=[SimpleNamespace(elements=[])] * pages), pages, fill)
    return layout_at


def test_a_page_left_blank_is_called_blank_however_full_the_one_before():
    # Issue 17: a page 95% full was called "mostly empty" when the page after it was the blank one.
    with pytest.raises(RenderError) as caught:
        fit("en", 2, fixed_layouts(1, 0.95))
    assert str(caught.value).splitlines() == [
        "'en' fills only 1 of its 2 pages even at the largest allowed size (10.8 pt):",
        "  build/en/factsheet.html: page 2 would be blank (the text ends on page 1, 95% full); "
        "add content or lower document.page_budget"]
    assert "empty" not in str(caught.value)


def test_a_last_page_less_than_half_full_says_how_full():
    with pytest.raises(RenderError) as caught:
        fit("en", 3, fixed_layouts(3, 0.3))
    assert str(caught.value).splitlines() == [
        "'en' leaves its last page less than 50% full even at the largest allowed size (10.8 pt):",
        "  build/en/factsheet.html: page 3 of 3 is 30% full; add content or lower document.page_budget"]


def test_several_blank_pages_are_named_as_a_range():
    with pytest.raises(RenderError) as caught:
        fit("en", 4, fixed_layouts(1, 0.74))
    assert "pages 2-4 would be blank (the text ends on page 1, 74% full)" in str(caught.value)


def test_scripts_have_their_own_limits():
    assert body_size(REPO, "ar").smallest > body_size(REPO, "en").smallest
    assert body_size(REPO, "zh") != body_size(REPO, "en")
    assert body_size(REPO, "fr") == body_size(REPO, "en")


def test_the_limits_come_from_brand_yaml(tmp_path):
    brand = tmp_path / "layouts" / "brand.yaml"
    brand.parent.mkdir()
    text = (REPO / "layouts" / "brand.yaml").read_text()
    brand.write_text(text.replace("body_pt: {smallest: 8.4, largest: 10.8, start: 9.4}",
                                  "body_pt: {smallest: 7.5, largest: 9.5, start: 8}", 1))
    assert body_size(tmp_path, "en") == BodySize(7.5, 9.5, 8.0) != body_size(REPO, "en")
    assert body_size(tmp_path, "ar") == body_size(REPO, "ar")  # only the Latin script changed
    layout_at, calls = fake_layouts(6.0)
    with pytest.raises(RenderError, match=r"smallest allowed size \(7.5 pt\)"):
        fit("en", 3, layout_at, root=tmp_path)
    assert calls[0] == 8.0 and min(calls) == 7.5


def test_a_tight_fit_takes_the_largest_size_that_fits():
    layout_at, _ = fake_layouts(2.95)  # even the nominal size nearly fills three pages
    step, layout = fit("en", 3, layout_at)
    assert layout.pages == 3
    assert 2.95 * ((step.font_size_pt + 0.05) / 10) ** 2 > 3 or layout.last_page_fill >= GOOD_FILL


@pytest.mark.parametrize("lang, locked", [("en", None), ("ar", None), ("zh", None), ("fr", 9.4),
                                          ("fr", 12.0), ("ar", 9.0), ("ru", 8.4)])
def test_first_size_is_the_size_copyfit_lays_out_first(lang, locked):
    for pages_at_10pt in (1.5, 2.6, 3.4):
        layout_at, calls = fake_layouts(pages_at_10pt)
        try:
            fit(lang, 3, layout_at, locked)
        except RenderError:
            pass
        assert calls[0] == first_step(body_size(REPO, lang), None, FitStep(locked) if locked else None).font_size_pt


# Vertical justification: where the size cannot grow, the leading opens to fill the last page.

def leading_layouts(pages_at_10pt: float, normal: float = 1.4, scaling: float = 0.8):
    """Content whose volume grows with the square of the size and, for the share `scaling` of it
    (running text; headings and boxes keep their line height), with the leading; counts calls."""
    calls = []

    def layout_at(step):
        calls.append(step)
        leading = step.leading if step.leading is not None else normal
        used = pages_at_10pt * (step.font_size_pt / 10) ** 2 * (1 - scaling + scaling * leading / normal)
        pages = int(used) + (0 if used == int(used) else 1)
        page = SimpleNamespace(elements=[("section", "intro")])
        return Layout(SimpleNamespace(pages=[page] * pages), pages, used - (pages - 1))

    return layout_at, calls


def test_a_short_text_at_the_largest_size_gets_a_wider_leading_that_fills_its_last_page():
    layout_at, calls = leading_layouts(2.23)  # at 10.8 pt (the largest): 2.6 pages of 3
    plain, plain_layout = fit("en", 3, leading_layouts(2.23)[0])
    step, layout = fit("en", 3, layout_at, leading=Leading(1.4, 1.55))
    assert plain == FitStep(10.8) and plain_layout.last_page_fill < FULL_FILL
    assert step.font_size_pt == 10.8 and 1.4 < step.leading <= 1.55
    assert layout.pages == 3 and layout.last_page_fill > plain_layout.last_page_fill
    opened = [c for c in calls if c.leading is not None]
    assert 1 <= len(opened) <= MAX_LEADING_LAYOUTS


def test_the_leading_opens_until_the_page_is_full_not_beyond_the_budget():
    layout_at, _ = leading_layouts(2.23)
    step, layout = fit("en", 3, layout_at, leading=Leading(1.4, 1.8))  # room enough to fill it
    assert layout.pages == 3 and layout.last_page_fill >= FULL_FILL
    assert step.leading < 1.8


def test_a_text_that_fills_its_last_page_keeps_the_normal_leading():
    layout_at, calls = leading_layouts(2.95 / 1.08 ** 2)  # 2.95 pages at the largest size
    step, layout = fit("en", 3, layout_at, leading=Leading(1.4, 1.55))
    assert layout.last_page_fill >= GOOD_FILL
    assert step.leading is None and all(c.leading is None for c in calls)


def test_a_size_that_can_still_grow_keeps_the_normal_leading():
    layout_at, calls = leading_layouts(2.5)  # fills three pages well below the largest size
    step, _ = fit("en", 3, layout_at, leading=Leading(1.4, 1.55))
    assert step.font_size_pt < 10.8 and step.leading is None


def test_a_leading_without_range_is_never_opened():
    layout_at, calls = leading_layouts(2.23)
    step, _ = fit("en", 3, layout_at, leading=Leading(1.4, 1.4))
    assert step == FitStep(10.8) and all(c.leading is None for c in calls)


def test_a_locked_leading_is_laid_out_once():
    layout_at, _ = leading_layouts(2.23)
    step, _ = fit("en", 3, layout_at, leading=Leading(1.4, 1.55))
    again, calls = leading_layouts(2.23)
    assert fit("en", 3, again, step, leading=Leading(1.4, 1.55))[0] == step
    assert calls == [step]


def test_a_locked_leading_the_brand_no_longer_allows_is_searched_again():
    leading = Leading(1.4, 1.55)
    assert first_step(body_size(REPO, "en"), leading, FitStep(10.8, 1.5)) == FitStep(10.8, 1.5)
    assert first_step(body_size(REPO, "en"), leading, FitStep(10.8, 1.7)) == FitStep(10.8)
    assert first_step(body_size(REPO, "en"), leading, FitStep(10.8, 1.4)) == FitStep(10.8)  # the normal one
    assert first_step(body_size(REPO, "en"), None, FitStep(10.8, 1.5)) == FitStep(10.8)


def test_the_leading_ranges_come_from_brand_yaml():
    assert body_leading(REPO, "zh").normal == 1.6 and body_leading(REPO, "zh").largest > 1.6
    assert body_leading(REPO, "fr") == body_leading(REPO, "en")


def test_a_jump_to_the_next_page_is_bisected_below():
    # As when the closing block no longer fits under the text: from 1.45 on, the last lines move on.
    smooth, calls = leading_layouts(2.23)

    def layout_at(step):
        layout = smooth(step)
        if (step.leading or 1.4) >= 1.45:
            return Layout(SimpleNamespace(pages=layout.document.pages * 2), 4, 0.05)
        return layout

    step, layout = fit("en", 3, layout_at, leading=Leading(1.4, 1.55))
    assert layout.pages == 3 and 1.4 < step.leading < 1.45
    assert len([c for c in calls if c.leading is not None]) <= MAX_LEADING_LAYOUTS


def test_a_locked_step_is_laid_out_with_the_words_it_keeps_while_its_size_and_leading_hold():
    leading, kept = Leading(1.4, 1.55), ("Organization",)
    assert first_step(body_size(REPO, "en"), leading, FitStep(10.05, 1.44, kept)) == FitStep(10.05, 1.44, kept)
    assert first_step(body_size(REPO, "en"), None, FitStep(10.05, keep=kept)) == FitStep(10.05, keep=kept)
    # Another size or leading is another layout: the words it breaks are found afresh.
    assert first_step(body_size(REPO, "en"), leading, FitStep(10.05, 1.7, kept)) == FitStep(10.05)
    assert first_step(body_size(REPO, "en"), leading, FitStep(20.0, keep=kept)).keep == ()
