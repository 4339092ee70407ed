"""The leaflet "ICAT at a glance" (source/publications/leaflet.yaml): published with the factsheet
by one build, in all six languages, one A4 page that passes every check."""

import pypdfium2
import pytest
import yaml
from lxml import html as lxml_html

from build_factsheet.checks.normalise import normalise
from tests.conftest import REPO

LANGS = ["en", "fr", "es", "ru", "ar", "zh"]
PUBLICATIONS = ("icat-factsheet", "icat-at-a-glance")


def _pdfium_text(path) -> str:
    document = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def _strings(lang) -> dict:
    return yaml.safe_load((REPO / "source" / "locales" / f"{lang}.yaml").read_text(encoding="utf-8"))


def test_one_build_publishes_both_publications_in_six_languages_with_their_kit(built_real_all):
    root, results = built_real_all
    out = root / "output"
    assert sorted((r.publication, r.lang) for r in results) == sorted(
        (pub, lang) for pub in PUBLICATIONS for lang in LANGS)
    for pub in PUBLICATIONS:
        for lang in LANGS:
            assert (out / f"{pub}-{lang}.pdf").is_file()
            assert (out / "print" / f"{pub}-{lang}-print.pdf").is_file()
            assert (out / "thumbnails" / f"{pub}-{lang}.png").is_file()
    page = lxml_html.fromstring((out / "index.html").read_bytes())
    sections = {s.get("data-publication"): s for s in page.xpath("//section[@data-publication]")}
    assert sorted(sections) == sorted(PUBLICATIONS)
    for pub, section in sections.items():
        assert [e.get("data-locale") for e in section.xpath(".//li[contains(@class, 'language')]")] == LANGS
        assert section.xpath(".//a[@download]/@href")[0] == f"{pub}-en.pdf"
    assert page.xpath("string(//section[@data-publication='icat-at-a-glance']//h2)").strip() == "ICAT at a glance"


@pytest.mark.parametrize("lang", LANGS)
def test_the_leaflet_is_one_page_and_passes_every_check(built_leaflet, lang):
    root, results = built_leaflet
    result = results[lang]
    assert result.pages == 1 and not result.draft  # document.page_budget
    assert result.checks and [str(c) for c in result.checks if c.status != "pass"] == []
    assert {c.check for c in result.checks} >= {"completeness", "leftovers", "language", "fonts", "layout",
                                                 "metadata"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_leaflet_says_its_own_title_and_the_factsheets_words(built_leaflet, lang):
    root, _ = built_leaflet
    strings = _strings(lang)
    script = {"ar": "arabic", "zh": "han", "ru": "cyrillic"}.get(lang, "latin")
    text = normalise(_pdfium_text(root / "output" / f"icat-at-a-glance-{lang}.pdf"), script)
    for said in (strings["leaflet"]["title"], strings["leaflet"]["who_heading"],
                 strings["membership"]["members_heading"], strings["timeline"]["events"]["co_chairs"]):
        assert normalise(said, script) in text, said
    # Every acronym reads whole, as a line of its own: never hyphenated (its space a no-break one: УВКБ ООН).
    pdf = root / "output" / f"icat-at-a-glance-{lang}.pdf"
    raw = [" ".join(line.split()) for line in _pdfium_text(pdf).splitlines()]
    project = yaml.safe_load((REPO / "source" / "project.yaml").read_text(encoding="utf-8"))
    members = project["collections"]["members"]
    acronyms = [strings["entities"][item]["acronym"] for item in members["items"]
                if "acronym" in strings["entities"][item]]
    assert acronyms and [a for a in acronyms if a not in raw] == []


def test_the_arabic_leaflet_runs_right_to_left(built_leaflet):
    """The first member's cell is at the page's right, the fourth at its left."""
    root, _ = built_leaflet
    document = pypdfium2.PdfDocument(root / "output" / "icat-at-a-glance-ar.pdf")
    try:
        page = document[0]
        textpage = page.get_textpage()

        def left_of(word):
            searcher = textpage.search(word, match_whole_word=True)
            found = searcher.get_next()
            assert found, word
            return textpage.get_charbox(found[0])[0]

        width = page.get_width()
        assert left_of("CTED") > width / 2 > left_of("ICMPD")
    finally:
        document.close()
