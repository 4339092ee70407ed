"""copyfit: the largest body size within brand limits that fills the budget; errors name the cause."""

from types import SimpleNamespace

import pytest

from build_factsheet.render import boxes
from build_factsheet.render.copyfit import GOOD_FILL, body_size, copyfit, first_size
from build_factsheet.errors import RenderError
from build_factsheet.model.brand import BodySize
from build_factsheet.render.pdf import Layout

from ..conftest import REPO


def fit(lang, budget, layout_at, locked=None, root=REPO):
    """Copyfit `lang` within the body sizes the brand allows it (layouts/brand.yaml of `root`)."""
    return copyfit(lang, budget, layout_at, locked, body=body_size(root, lang))


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
        assert calls[0] == first_size(body_size(REPO, lang), locked)
