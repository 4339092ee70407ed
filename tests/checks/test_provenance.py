"""check_provenance: every run of a PDF's text comes from a source, however the readers break, hyphenate or reorder it."""

from __future__ import annotations

from build_factsheet.checks.expected import read_promises
from build_factsheet.checks.provenance import check_provenance
from build_factsheet.checks.sources import readable_address

from .conftest import FILLER, expectation

SENTENCE = "This sentence fills the page so that the page is not half empty."
ARABIC_CSS = 'body { font-family: "Noto Naskh Arabic", "Noto Sans" }'
CHINESE_CSS = 'body { font-family: "Noto Sans CJK SC", "Noto Sans" }'


def provenance(readback, sources, **changes):
    return check_provenance(readback, expectation(sources=(SENTENCE, "A title", *sources), **changes))


def named(results) -> list[tuple[str, str | None]]:
    return [(r.status, r.text) for r in results]


def test_text_from_sources_passes_however_the_lines_break_and_hyphenate(render):
    text = ("Interagency coordination among international organizations facilitates comprehensive "
            "approaches to preventing trafficking, with 1,200 readers since 15 March 2007.")
    page = render(f'<p style="width: 28mm; hyphens: auto" lang="en">{text}</p>')
    assert named(provenance(page, [text])) == [("pass", None)]


def test_a_word_no_source_has_fails_naming_it(render):
    page = render("<h1>Key dates</h1><p>Strictly confidential: the board meets on Monday.</p>")
    results = provenance(page, ["Key dates", "the board meets on Monday."])
    assert [(r.status, r.message, r.page, r.text) for r in results] == [
        ("fail", "text that no locale string, value or layout word produced", 1, "Strictly confidential")]


def test_a_source_word_cannot_vouch_for_part_of_another_word(render):
    # "a" and "2" are sources; "data" and "2026" are not made of them.
    page = render("<p>a 2 data 2026</p>")
    assert named(provenance(page, ["a", "2"])) == [("fail", "data 2026")]


def test_punctuation_and_bullets_of_the_layout_are_not_text(render):
    page = render("<ul><li>Alpha (ALPHA)</li><li>Beta</li></ul><ol><li>Gamma</li></ol>")
    assert named(provenance(page, ["Alpha", "ALPHA", "Beta", "Gamma", "1."])) == [("pass", None)]


def test_the_same_stray_words_are_named_once_with_a_count(render):
    page = render("<p>Alpha draft</p><p>Beta draft</p><p>Gamma draft</p>")
    results = provenance(page, ["Alpha", "Beta", "Gamma"])
    assert [(r.message, r.text) for r in results] == [
        ("text that no locale string, value or layout word produced (3 times)", "draft")]


def test_the_pdf_properties_are_checked_too(render):
    page = render("<p>Alpha</p>", title="Alpha s3cr3t")
    assert named(provenance(page, ["Alpha"])) == [("fail", "Title: s3cr3t")]


def test_css_generated_text_is_read_from_the_pdf_not_the_html(render):
    page = render("<h2>Alpha</h2>", css='h2::after { content: " leaked by CSS" }')
    assert named(provenance(page, ["Alpha"])) == [("fail", "leaked by CSS")]


def test_the_running_footer_is_furniture(render):
    css = '@page { @bottom-right { content: "Page " counter(page) " of " counter(pages) } }'
    page = render("<p>Alpha</p>", css=css)
    furniture = [("ui.page_of", "Page {page} of {pages}")]
    assert named(provenance(page, ["Alpha", "Page ", " of "], page_furniture=furniture)) == [("pass", None)]


def test_chinese_without_spaces_and_with_line_breaks_passes(render):
    text = "打击贩运人口问题机构间协调小组（ICAT）是联合国的主要政策论坛，由大会授权，负责加强联合国各机构之间的协调。"
    page = render(f'<p lang="zh" style="width: 40mm">{text}</p><p lang="zh">ICAT 2019年10月</p>',
                  lang="zh", css=CHINESE_CSS)
    sources = [text, "ICAT", "2019年10月"]
    assert named(provenance(page, sources, lang="zh", script="han")) == [("pass", None)]
    # A Latin source word must still be whole: "ICAT" does not vouch for "ICATX".
    page = render('<p lang="zh">ICATX 2019年10月</p>', lang="zh", css=CHINESE_CSS)
    assert named(provenance(page, sources, lang="zh", script="han")) == [("fail", "ICATX")]


def test_arabic_with_numbers_latin_and_vowel_marks_passes(render):
    text = "ويضم ICAT ما مجموعه 25 من المنظمات الأعضاء (UNODC) منذ عام 2007."
    marked = "مَرْحَبًا بِكُمْ فِي الْمِينَاءِ"
    page = render(f'<p dir="rtl" lang="ar">{text}</p><p dir="rtl" lang="ar">{marked}</p>', lang="ar",
                  css=ARABIC_CSS, filler=False)
    assert named(provenance(page, [text, marked], lang="ar", script="arabic")) == [("pass", None)]


def test_an_arabic_word_no_source_has_fails(render):
    page = render('<p dir="rtl" lang="ar">ويضم ICAT المنظمات سري للغاية</p>', lang="ar", css=ARABIC_CSS,
                  filler=False)
    results = provenance(page, ["ويضم ICAT المنظمات"], lang="ar", script="arabic")
    assert named(results) == [("fail", "سري للغاية")]


def test_addresses_read_as_a_page_shows_them():
    assert readable_address("https://icat.network/") == "icat.network"
    assert readable_address("mailto:icat@un.org") == "icat@un.org"


def test_the_html_counts_the_numbers_css_draws_before_ordered_items():
    html = "<html><body><ol><li>a</li><li>b</li><li>c</li></ol><ul><li>x</li><li>y</li><li>z</li><li>w</li></ul></body></html>"
    assert read_promises(html).ordered_items == 3


def test_filler_is_one_sentence_repeated():
    assert set(FILLER.split(". ")) <= {SENTENCE[:-1], SENTENCE}


def _pages(*texts: str):
    """A readback of pages as pypdfium2 gives them, and no properties."""
    from types import SimpleNamespace

    return SimpleNamespace(pages_pdfium=list(texts), metadata={})


def test_a_paragraph_going_on_over_the_page_past_a_columns_list_markers_passes():
    # pypdfium2 gives the markers of a list beside the paragraph on lines of their own.
    pages = _pages("The paragraph goes\r\n• \r\n• \r\n", "on over the page.")
    assert named(provenance(pages, ["The paragraph goes on over the page."])) == [("pass", None)]
    # A marker with a word beside it is no marker line: the word still fails, and cuts the paragraph.
    assert named(provenance(_pages("The paragraph goes\r\n• secret\r\n", "on over the page."),
                            ["The paragraph goes on over the page."])) == [
        ("fail", "the paragraph goes secret on over the page")]


def test_a_chinese_paragraph_going_on_over_the_page_passes():
    pages = _pages("版本说明甲乙丙丁戊\r\n• \r\n", "己庚辛壬癸。")
    chinese = dict(script="han", lang="zh", html_lang="zh-Hans")
    assert named(provenance(pages, ["版本说明甲乙丙丁戊己庚辛壬癸。"], **chinese)) == [("pass", None)]
    assert named(provenance(_pages("版本说明甲乙丙丁戊\r\n", "秘密己庚辛壬癸。"), ["版本说明甲乙丙丁戊己庚辛壬癸。"],
                            **chinese))[0][0] == "fail"


def test_a_date_standing_alone_is_sourced_in_the_form_the_house_style_gives_it():
    from pathlib import Path

    from build_factsheet.checks.sources import sourced_texts
    from build_factsheet.localise.document import localise
    from build_factsheet.model.locales import load_catalogs
    from build_factsheet.model.source import load_publications

    factsheet = load_publications(Path(__file__).resolve().parents[2])[0]
    doc = localise(factsheet, load_catalogs(factsheet, ["en", "ru"])["ru"])
    texts = sourced_texts(doc)
    # In running text "в сентябре 2019 года"; in the timeline, standing alone, "сентябрь 2019 года".
    assert doc.values["high_level_briefing_date"].text.replace("\u00a0", " ") == "сентябре 2019 года"
    assert doc.values["high_level_briefing_date"].text in texts
    assert "сентябрь 2019 года" in [text.replace("\u00a0", " ") for text in texts]
