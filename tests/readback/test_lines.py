"""readback.lines: a loose justified line is one line; the lines of two columns side by side are two, left to right and right to left."""

from __future__ import annotations

import pypdfium2
import pytest

from build_factsheet.readback.lines import page_lines

from ..conftest import REPO

FONTS = (REPO / "assets" / "fonts").as_uri()
ENGLISH = "Text of an ordinary paragraph in the first column, set justified as the body is. "
ARABIC = "يتواصل الفريق مع طائفة واسعة من أصحاب المصلحة لتيسير تطوير السياسات في أوساط الدول الأعضاء. "


def two_columns(paragraphs: list[str], direction: str = "ltr") -> bytes:
    import weasyprint

    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return weasyprint.HTML(string=f"""<html dir="{direction}"><head><style>
      @font-face {{ font-family: Sans; src: url({FONTS}/NotoSans-Regular.ttf); }}
      @font-face {{ font-family: Naskh; src: url({FONTS}/NotoNaskhArabic-Regular.ttf); }}
      @page {{ size: 150mm 100mm; margin: 10mm; }}
      body {{ font-family: Sans, Naskh; font-size: 10pt; columns: 2; column-gap: 6mm; column-fill: auto;
              text-align: justify; hyphens: none; }}
      p {{ margin: 0 0 4pt; }}
    </style></head><body>{body}</body></html>""").write_pdf()


def lines_of(pdf: bytes) -> list:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [line for index in range(len(document))
                for line in page_lines(document[index].get_textpage(), index + 1)]
    finally:
        document.close()


@pytest.mark.filterwarnings("ignore:No fonts configured in FontConfig")
def test_a_loose_justified_line_is_one_line_beside_the_other_column():
    # "Aa bb cc" is stretched across its column: the long word after it does not fit on its line.
    lines = lines_of(two_columns([ENGLISH * 6, "Aa bb cc Antidisestablishmentarianism and more words to finish.",
                                  "Another paragraph, in the second column. " * 8]))
    texts = [line.text for line in lines]
    assert "Aa bb cc" in texts
    loose = lines[texts.index("Aa bb cc")]
    assert loose.box[2] - loose.box[0] > 90  # it is loose indeed: its words spread over the column
    # The first column's lines are apart from the second's, whichever lies at the same height.
    first_column = [line for line in lines if line.page == 1 and line.box[0] < 100]
    assert first_column and all(line.box[2] < 210 for line in first_column)
    assert all(not text.startswith(("Aa ", "bb", "cc")) or text == "Aa bb cc" for text in texts)


@pytest.mark.filterwarnings("ignore:No fonts configured in FontConfig")
def test_right_to_left_columns_are_apart():
    # Not asserted: that a loose Arabic line reads whole. Its words' boxes differ in height, and a
    # short one can fall into the band of the other column's line (set a little lower); then the
    # gaps of that band read as a gutter. It depends on which fonts fill in (fontconfig's state).
    lines = lines_of(two_columns([ARABIC * 5, "في من عن ومكافحتهاوالمسؤوليةوالمساءلةوالتعاون والشراكة.",
                                  ARABIC * 5], "rtl"))
    right = [line for line in lines if line.page == 1 and line.box[0] > 200]
    left = [line for line in lines if line.page == 1 and line.box[2] < 220]
    assert len(right) >= 10 and len(left) >= 10
    assert not [line for line in lines if line.box[0] < 212 < line.box[2]]  # none across the gutter


def test_a_word_the_bands_parted_from_its_line_rejoins_it():
    """Rectangles (left, bottom, right, top) as pypdfium2 gives them, from ICAT's French and English pages."""
    from build_factsheet.readback.lines import _rejoined

    # "l'ICAT" (set a little higher) went to the band of the other column's line; "fournit…" is a word space away.
    left, word, rest = (52, 99, 268, 108), (308, 97, 331, 105), (334, 95, 552, 106)
    assert _rejoined([[left], [word], [rest]]) == [[left], [word, rest]]
    # "ICAT" inside the span of its own line, whose band left a hole for it.
    before, after, inside = (43, 65, 200, 75), (232, 65, 287, 75), (211, 67, 231, 75)
    assert _rejoined([[before, after], [inside]]) == [[before, inside, after]]
    # Two columns' lines at one height stay two lines: the gutter is far wider than a word space.
    assert _rejoined([[(43, 100, 287, 110)], [(308, 100, 552, 110)]]) == [[(43, 100, 287, 110)], [(308, 100, 552, 110)]]
