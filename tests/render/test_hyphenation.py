"""render/hyphenation.py: a word hyphenated across a column or page break is found in the layout, kept whole, and laid out again."""

import pytest

from build_factsheet.model import fonts
from build_factsheet.render import boxes
from build_factsheet.render.hyphenation import keep_whole, lay_out_keeping_words, words_hyphenated_at_breaks

from ..conftest import REPO, brand_style

pytestmark = pytest.mark.filterwarnings("ignore:No fonts configured in FontConfig")  # isolated on purpose

TEXT = "Governments examined the responsibilities of international organisations, " * 3
# Two narrow columns of a few lines each: the text runs from column to column and page to page.
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>responsibilities</title>{brand}
<style>@page {{ size: A6; margin: 10mm }} body {{ font-family: "Noto Sans"; font-size: 10pt; line-height: 14pt }}
div {{ columns: 2; column-gap: 5mm; width: 90mm; height: {height}pt; column-fill: auto; hyphens: auto;
       text-align: justify; orphans: 1; widows: 1 }}</style>
</head><body><div class="responsibilities">{text}</div></body></html>"""


@pytest.fixture(scope="module")
def lay_out():
    fonts.isolate_fontconfig(REPO / "build")
    from build_factsheet.render.pdf import Renderer

    renderer = Renderer(REPO)
    return lambda html: renderer.layout(html, REPO / "build" / "tests" / "hyphenation.html")


def _page(lines: int) -> str:
    return PAGE.format(brand=brand_style(), height=14 * lines, text=TEXT)


def _column_ends(layout) -> list[str]:
    """The text of each line that ends a column or a page."""
    lines = [(n, rect, text) for n, page in enumerate(layout.document.pages) for rect, text in boxes.line_texts(page)]
    return [text for (n, rect, text), (m, after, _) in zip(lines, lines[1:])
            if not (m == n and abs(after.x - rect.x) < 1 and after.y > rect.y)]


@pytest.mark.parametrize("lines, word", [(4, "examined"), (7, "Governments")])
def test_a_word_hyphenated_at_a_columns_foot_is_found(lay_out, lines, word):
    layout = lay_out(_page(lines))
    assert word in words_hyphenated_at_breaks(layout)
    assert any(end.endswith("\u2010") for end in _column_ends(layout))


@pytest.mark.parametrize("lines", [3, 4, 5, 6, 7, 8, 9])
def test_laid_out_again_no_column_or_page_ends_in_a_hyphenated_word(lay_out, lines):
    html, layout, kept = lay_out_keeping_words(lay_out, _page(lines))
    assert not any(end.rstrip().endswith("\u2010") for end in _column_ends(layout)), _column_ends(layout)
    assert kept and all(f'<span style="hyphens: none">{word}</span>' in html for word in kept)


def test_only_the_bodys_text_is_changed():
    html = _page(4)
    kept = keep_whole(html, {"responsibilities"})
    assert "<title>responsibilities</title>" in kept and 'class="responsibilities"' in kept
    assert kept.count('<span style="hyphens: none">responsibilities</span>') == 3
    assert keep_whole(html, set()) == html


def test_a_third_hyphenated_line_in_a_row_is_kept_whole(lay_out):
    narrow = _page(40).replace("width: 90mm", "width: 40mm").replace("columns: 2", "columns: 1")
    layout = lay_out(narrow)
    ends = [text.rstrip().endswith("\u2010") for _, text in boxes.line_texts(layout.document.pages[0])]
    assert any(all(ends[i:i + 3]) for i in range(len(ends))), "the sample should hyphenate three lines in a row"
    html, layout, kept = lay_out_keeping_words(lay_out, narrow)
    ends = [text.rstrip().endswith("\u2010") for _, text in boxes.line_texts(layout.document.pages[0])]
    assert kept and not any(all(ends[i:i + 3]) for i in range(len(ends)))


def test_the_words_the_lock_keeps_give_the_same_html_in_one_layout(lay_out):
    """What a build records in source/copyfit.lock (the words it kept whole) lets the next lay out once, alike."""
    narrow = _page(40).replace("width: 90mm", "width: 40mm").replace("columns: 2", "columns: 1")
    counted = []

    def counting(html):
        counted.append(html)
        return lay_out(html)

    html, _, kept = lay_out_keeping_words(counting, narrow)
    assert kept and len(counted) >= 2  # found by laying out again
    counted.clear()
    again, _, kept_again = lay_out_keeping_words(counting, narrow, keep=tuple(sorted(kept)))
    assert len(counted) == 1 and again == html and kept_again == kept
