"""The layout check's page fill: read on the last page above a closing block set at its foot, as copyfitting reads it."""

from types import SimpleNamespace

from build_factsheet.checks.expected import read_promises
from build_factsheet.checks.layout import page_fills
from build_factsheet.readback import TextRun
from build_factsheet.readback.lines import TextLine

WIDTH, HEIGHT, MARGINS = 600.0, 800.0, (50.0, 50.0)  # the text area runs from y 750 down to y 50 (PDF y)
CLOSING = ["Follow us: example.org Published with support."]


def _page(*lines):
    """One page of lines (text, left, bottom, right, top), each also a run of the same box."""
    return SimpleNamespace(page_sizes=[(WIDTH, HEIGHT)],
                           runs=[TextRun(1, text, box) for text, *box in lines],
                           lines=[TextLine(1, text, tuple(box)) for text, *box in lines])


# Text in both columns from the top down to y 400: half of the text area.
TEXT = [(f"line {n} of the body", left, 750 - 10 * (n + 1), left + 250, 750 - 10 * n)
        for n in range(35) for left in (50, 320)]


def test_the_last_page_is_measured_above_its_closing_block_at_the_foot():
    at_foot = _page(*TEXT, ("Follow us: example.org", 55, 90, 300, 100), ("Published with support.", 55, 60, 300, 70))
    plain, = page_fills(at_foot, MARGINS)
    above, = page_fills(at_foot, MARGINS, CLOSING)
    assert 0.5 <= plain < above  # the band no longer counts, nor the area it takes
    assert abs(above - 350 / 650) < 0.02  # the text covers 350 of the 650 points above the band


def test_a_closing_block_in_the_flow_is_text_as_any_other():
    in_flow = _page(*TEXT, ("Follow us: example.org", 55, 370, 300, 380), ("Published with support.", 55, 355, 300, 365))
    assert page_fills(in_flow, MARGINS, CLOSING) == page_fills(in_flow, MARGINS)


def test_the_closing_text_is_read_from_the_footer():
    html = "<html><body><main><p data-key='a'>Body</p></main><footer><p data-key='b'>Follow us</p></footer></body></html>"
    assert read_promises(html).closing == ["Follow us"]
