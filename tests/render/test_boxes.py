"""boxes: what it reads of WeasyPrint's box tree is still there, with the shape it expects, on real pages."""

import re

import pytest

from build_factsheet.render import boxes
from build_factsheet.model import fonts
from build_factsheet.render.copyfit import overflowing_sections
from build_factsheet.render.pdf import page_fill

from ..conftest import brand_style

pytestmark = pytest.mark.filterwarnings("ignore:No fonts configured in FontConfig")  # isolated on purpose

LONG = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>
BRAND
<style>@page {{ size: A5; margin: 15mm; @bottom-center {{ content: "footer" }} }}
body {{ font-family: "Noto Sans"; font-size: 11pt }}</style></head><body>
<section id="first"><h2>First</h2><p>{text}</p></section>
<section id="second"><h2>Second</h2><p>{text}</p></section>
</body></html>""".replace("BRAND", brand_style("{{}}"))
FILLER = " ".join(["This sentence is long enough to take a line and a half of the page."] * 40)


@pytest.fixture(scope="module")
def renderer(built_mini):
    root, _ = built_mini
    fonts.isolate_fontconfig(root / "build")
    from build_factsheet.render.pdf import Renderer

    return Renderer(root)


@pytest.fixture(scope="module")
def factsheet(renderer):
    """The mini project's English factsheet as the build laid it out: one page, with a logo."""
    html = renderer.root / "build" / "en" / "mini.html"
    return renderer.layout(html.read_text(encoding="utf-8"), html)


@pytest.fixture(scope="module")
def long_document(renderer):
    """Two sections that run over several pages."""
    layout = renderer.layout(LONG.format(text=FILLER), renderer.root / "build" / "tests" / "long.html")
    assert layout.pages >= 3, "the sample should run over several pages"
    return layout


def test_written_for_the_installed_weasyprint():
    import weasyprint

    # A WeasyPrint upgrade: run this file, check boxes.py against the new box tree, update the version.
    assert weasyprint.__version__ == boxes.WEASYPRINT_VERSION


def test_the_root_box_of_a_page_has_the_attributes_read_here(factsheet):
    from weasyprint.formatting_structure.boxes import MarginBox, PageBox

    page = factsheet.document.pages[0]
    box = boxes.page_box(page)
    assert isinstance(box, PageBox)
    assert isinstance(box.children, (list, tuple)) and box.children
    for value in (box.content_box_x(), box.content_box_y(), box.width, box.height):
        assert isinstance(value, (int, float))
    # The running footer sits in margin boxes, which carry no element: what content_rectangles skips.
    margins = [child for child in box.children if isinstance(child, MarginBox)]
    assert margins and all(margin.element is None for margin in margins)


def test_the_content_area_lies_inside_the_page(factsheet):
    page = factsheet.document.pages[0]
    area = boxes.content_area(page)
    assert 0 < area.x and 0 <= area.y
    assert 0 < area.width < page.width and 0 < area.height < page.height  # public: the whole page
    assert area.x + area.width < page.width and area.y + area.height < page.height


def test_lines_and_images_have_positions_and_sizes(factsheet):
    from weasyprint.formatting_structure.boxes import Box, LineBox, ReplacedBox

    root = boxes.page_box(factsheet.document.pages[0])
    found = [box for box in root.descendants() if isinstance(box, (LineBox, ReplacedBox))]
    assert any(isinstance(box, LineBox) for box in found)
    assert any(isinstance(box, ReplacedBox) for box in found)  # the logo
    for box in found:
        for value in (box.position_x, box.position_y, box.margin_width(), box.margin_height()):
            assert isinstance(value, (int, float))
    for box in root.descendants():
        if isinstance(box, Box):  # every box has the attributes elements_on reads
            assert isinstance(box.children, (list, tuple))
            assert box.element_tag is None or isinstance(box.element_tag, str)
            assert box.element is None or (hasattr(box.element, "tag") and hasattr(box.element, "get"))


def test_content_rectangles_are_the_lines_and_images_within_the_content_area(factsheet):
    page = factsheet.document.pages[0]
    area = boxes.content_area(page)
    rectangles = boxes.content_rectangles(page)
    assert len(rectangles) > 10
    for rect in rectangles:
        assert rect.width >= 0 and rect.height >= 0
        assert area.y - 1 <= rect.y and rect.y + rect.height <= area.y + area.height + 1
    # The footer, in the bottom margin, is not among them.
    assert all(rect.y < area.y + area.height for rect in rectangles)
    assert 0.5 <= page_fill(page) <= 1  # the build keeps its one page at least half full


def test_elements_on_lists_each_section_anchored_on_the_page(factsheet, renderer):
    page = factsheet.document.pages[0]
    elements = boxes.elements_on(page)
    assert len(elements) == len(set(elements))
    html = (renderer.root / "build" / "en" / "mini.html").read_text(encoding="utf-8")
    sections = set(re.findall(r'<section[^>]* id="([^"]+)"', html))
    assert sections
    shown = {element_id for tag, element_id in elements if tag == "section"}
    # WeasyPrint's public anchors name the elements with an id on the page: here, the sections.
    assert shown == sections & set(page.anchors)
    assert ("footer", None) in elements  # the colophon: a footer element, in the body
    assert all("::" not in tag for tag, _ in elements)


def test_a_section_continued_from_the_page_before_is_on_the_next_page(long_document):
    pages = long_document.document.pages
    for page in pages:  # the sections the boxes show are the ones WeasyPrint's public anchors name
        assert {element_id for tag, element_id in boxes.elements_on(page) if tag == "section"} == set(page.anchors)
    assert overflowing_sections(long_document, 1) == ["first", "second"]
    assert overflowing_sections(long_document, long_document.pages - 1) == ["second"]


def test_page_fill_reads_a_full_and_a_last_page(long_document):
    pages = long_document.document.pages
    assert page_fill(pages[0]) > 0.9
    assert 0 < page_fill(pages[-1]) < page_fill(pages[0])



SHORT_WITH_FOOT = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>
BRAND
<style>@page {{ size: A5; margin: 15mm }}
body {{ font-family: "Noto Sans"; font-size: 11pt; line-height: 1.4 }}
footer {{ float: footnote; height: {foot}mm }} footer::footnote-call, footer::footnote-marker {{ content: none }}
</style></head><body><p>{text}</p><footer>Closing block</footer></body></html>""".replace("BRAND", brand_style("{{}}"))


def test_the_fill_is_measured_above_a_closing_block_at_the_pages_foot(renderer):
    # The same text, a closing block (a footnote) of two heights below it: the text can use less of
    # the page under the taller one, so the same text fills more of it.
    text = " ".join(["A sentence of text."] * 30)
    where = renderer.root / "build" / "tests" / "foot.html"
    low, tall = (renderer.layout(SHORT_WITH_FOOT.format(text=text, foot=foot), where) for foot in (10, 80))
    area = boxes.content_area(low.document.pages[0])
    for layout, foot in ((low, 10), (tall, 80)):
        top = boxes.footnote_top(layout.document.pages[0])
        assert top is not None and area.y < top < area.y + area.height
    assert boxes.footnote_top(tall.document.pages[0]) < boxes.footnote_top(low.document.pages[0])
    assert page_fill(tall.document.pages[0]) > page_fill(low.document.pages[0]) * 1.3


def test_a_page_without_a_closing_block_has_no_footnote_top(long_document):
    assert boxes.footnote_top(long_document.document.pages[0]) is None
