"""The harbour sample project (tests/projects/harbour), which shares nothing with the factsheet, builds with the package as it is."""

from __future__ import annotations

import pypdfium2
import pytest
from pypdf import PdfReader

from build_factsheet.checks.normalise import normalise
from tests.conftest import PROJECTS, REPO

LANGS = ("en", "fr", "ar")
# A few strings of each language, as they must read in its PDF: a block of each kind, the
# layout's own text, a value formatted for the language and a price written through ui.price.
READS = {
    "en": ["Port of Kestrel Bay", "Island ferry terminal", "Berth 3, South Pier", "Sundays and public holidays",
           "10:00–16:00", "Car with driver", "£18", "Do not swim, fish or climb on the moorings",
           "The harbour has welcomed ships and travellers since 1888", "Valid from April 2025"],
    "fr": ["Port de Kestrel Bay", "Gare maritime du bac", "Dimanches et jours fériés", "Voiture avec conducteur",
           "18 £", "Il est interdit de se baigner", "Le port accueille navires et voyageurs depuis 1888",
           "En vigueur à partir de avril 2025"],
    "ar": ["ميناء خليج كيستريل", "محطة عبارة الجزيرة", "الأحد والعطلات الرسمية", "سيارة مع سائقها",
           "رحلة ذهاب فقط إلى الجزيرة", "يمنع السباحة أو الصيد أو التسلق على حبال", "السلامة على الأرصفة"],
}
SCRIPT = {"en": "latin", "fr": "latin", "ar": "arabic"}


def _text(pdf) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def test_the_sample_project_has_its_own_layouts_and_kinds():
    """Nothing borrowed: other collection kinds, other block kinds, its own page template."""
    harbour, real = PROJECTS / "harbour" / "layouts", REPO / "layouts"
    kinds = {p.name for p in (harbour / "blocks").glob("*.schema.yaml")}
    assert {"hours_table.schema.yaml", "price_list.schema.yaml", "venue_list.schema.yaml"} <= kinds
    assert not (kinds - {"paragraph.schema.yaml"}) & {p.name for p in (real / "blocks").glob("*.schema.yaml")}
    import yaml

    ours = set(yaml.safe_load((harbour / "collections.yaml").read_text(encoding="utf-8")))
    theirs = set(yaml.safe_load((real / "collections.yaml").read_text(encoding="utf-8")))
    assert ours == {"venue", "opening_hours", "price"} and not ours & theirs
    assert (harbour / "notice.html.j2").is_file() and not (harbour / "factsheet.html.j2").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_is_published_on_its_budget_and_passes_its_checks(built_harbour, lang):
    root, results = built_harbour
    result = results[lang]
    assert not result.draft
    assert result.pdf == root / "output" / f"kestrel-bay-visitors-{lang}.pdf" and result.pdf.is_file()
    assert result.checks and [c for c in result.checks if c.status != "pass"] == []
    assert {c.check for c in result.checks} >= {"completeness", "leftovers", "language", "layout"}
    assert len(PdfReader(result.pdf).pages) == result.pages == 1  # document.page_budget
    assert len(list((root / "output").rglob(f"kestrel-bay-visitors-{lang}-print.pdf"))) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_reads_its_own_strings(built_harbour, lang):
    root, results = built_harbour
    text = normalise(_text(results[lang].pdf), SCRIPT[lang])
    for expected in READS[lang]:
        assert normalise(expected, SCRIPT[lang]) in text, expected
    assert "icat" not in text


def test_arabic_is_set_right_to_left(built_harbour):
    root, results = built_harbour
    [page] = (root / "build" / "ar").glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    # The Arabic PDF says it is Arabic; its copyfit size is the Arabic range of the brand.
    assert str(PdfReader(results["ar"].pdf).trailer["/Root"]["/Lang"]) == "ar"
    assert 10.5 <= results["ar"].font_size_pt <= 14.5


def test_the_kit_page_lists_the_notice(built_harbour):
    root, _ = built_harbour
    index = (root / "output" / "index.html").read_text(encoding="utf-8")
    assert "Kestrel Bay visitor notice" in index and "ICAT" not in index
    for lang in LANGS:
        assert f"kestrel-bay-visitors-{lang}.pdf" in index
