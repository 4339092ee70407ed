"""The real factsheet, built in all six languages: read back, every promise of the build is kept."""

import re

import pypdf
import pytest

from build_factsheet.checks.normalise import normalise
from build_factsheet.checks.text import document_text
from build_factsheet.readback import read_pdf

from .seed import contact_items, seed_items

LANGS = ["en", "fr", "es", "ru", "ar", "zh"]


@pytest.fixture(scope="module")
def readbacks(built_real):
    root, results = built_real
    return {lang: read_pdf((root / "output" / f"icat-factsheet-{lang}.pdf").read_bytes()) for lang in LANGS}


FOOTERS = {"en": ["Page {page} of {pages}", "Edition: October 2019"]}


def _text(pages, script="latin", lang=None):
    """The pages as one text, the running footer cut out so paragraphs read across page breaks."""
    return document_text(pages, script, FOOTERS.get(lang, []))[0]


def test_all_six_pdfs_are_published_with_the_same_page_count(built_real):
    root, results = built_real
    assert sorted(results) == sorted(LANGS)
    for lang in LANGS:
        assert (root / "output" / f"icat-factsheet-{lang}.pdf").is_file()
        assert (root / "build" / lang / "icat-factsheet.html").is_file()
    assert {r.pages for r in results.values()} == {3}


@pytest.mark.parametrize("reader", ["pages_pypdf", "pages_pdfium"])
def test_every_seed_sentence_and_list_item_reads_in_english(readbacks, reader):
    text = _text(getattr(readbacks["en"], reader), lang="en")
    missing = [item for item in seed_items() + contact_items() if normalise(item, "latin") not in text]
    assert missing == []


def test_english_timeline_is_filled(readbacks):
    text = _text(readbacks["en"].pages_pdfium)
    for when, what in [("20 December 2006", "resolution 61/180"), ("19 December 2017", "resolution 72/195"),
                       ("2 May 2018", "Principals meeting, in London"), ("2019", "UN Women and the OSCE"),
                       ("30 July 2019", "issue brief on technology"), ("September 2019", "seventy-fourth")]:
        assert normalise(f"{when} ", "latin") in text
        assert normalise(what, "latin") in text
    assert normalise("Timeline of key events 20 December 2006 General Assembly resolution 61/180",
                     "latin") in text


@pytest.mark.parametrize("lang", LANGS)
def test_each_pdf_is_tagged_titled_and_in_its_language(readbacks, built_real, lang):
    readback = readbacks[lang]
    expected_lang = "zh-Hans" if lang == "zh" else lang
    assert readback.lang == expected_lang
    assert readback.tagged and "H1" in readback.structure_types and "Figure" in readback.structure_types
    root, _ = built_real
    reader = pypdf.PdfReader(root / "output" / f"icat-factsheet-{lang}.pdf")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp  # declared PDF/UA-1
    assert readback.title and readback.bookmarks[0] == readback.title
    assert readback.figures_without_alt == 0


def test_titles_are_translated(readbacks):
    titles = {lang: readbacks[lang].title for lang in LANGS}
    assert titles["en"] == "The Inter-Agency Coordination Group against Trafficking in Persons—ICAT"
    assert len(set(titles.values())) == 6
    assert "Groupe" in titles["fr"] and "Grupo" in titles["es"] and "координационная группа" in titles["ru"]
    assert "فريق" in titles["ar"] and "协调小组" in titles["zh"]


@pytest.mark.parametrize("lang", LANGS)
def test_only_vendored_fonts_are_embedded(readbacks, lang):
    readback = readbacks[lang]
    assert readback.fonts_not_embedded == []
    assert readback.notdef_glyphs == []
    allowed = re.compile(r"^Noto-(Sans|Naskh-Arabic|Sans-CJK-SC)(-Bold|-Italic)*$")
    assert all(allowed.match(name) for name in readback.fonts), readback.fonts
    script_font = {"ar": "Noto-Naskh-Arabic", "zh": "Noto-Sans-CJK-SC"}.get(lang, "Noto-Sans")
    assert script_font in readback.fonts


@pytest.mark.parametrize("lang", LANGS[1:])
def test_no_english_sentence_remains_in_a_translation(readbacks, lang):
    english = [item for item in seed_items() if len(item) > 30]
    text = _text(readbacks[lang].pages_pdfium)
    assert [item for item in english if normalise(item, "latin") in text] == []


def test_every_string_of_every_locale_reads_with_both_readers(built_real):
    """The build's completeness check passed for each language, with no reader disagreement."""
    _, results = built_real
    for lang, result in results.items():
        completeness = [c for c in result.checks if c.check == "completeness"]
        assert [c.status for c in completeness] == ["pass"], (lang, [str(c) for c in completeness])


def test_arabic_keeps_logical_word_order_and_western_digits(readbacks):
    text = _text(readbacks["ar"].pages_pdfium, "arabic")
    assert "61 180" in text and "72 195" in text and "123" in text
    assert not re.search("[\u0660-\u0669]", "".join(readbacks["ar"].pages_pdfium))
    assert normalise("الجمعية العامة", "arabic") in text


def test_chinese_reads_without_spaces(readbacks):
    text = _text(readbacks["zh"].pages_pdfium, "han")
    assert "打击贩运人口问题机构间协调小组" in text
    assert "2018年5月2日" in text


def test_check_command_passes_on_every_shipped_pdf(built_real):
    from click.testing import CliRunner

    from build_factsheet.cli import main

    root, _ = built_real
    result = CliRunner().invoke(main, ["-C", str(root), "check", "--strict"])
    assert result.exit_code == 0, result.output
    assert "12 of 12 PDF(s) passed (strict: warnings fail)" in result.output  # both publications
