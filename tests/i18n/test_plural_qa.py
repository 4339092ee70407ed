"""QA of messages with plural forms and of punctuation spacing: a missing form or a lost placeholder is an error, in status and in the build."""

import io

import pytest
from babel.messages.pofile import read_po

from build_factsheet.errors import SourceError
from build_factsheet.i18n.qa import check_string
from build_factsheet.model.locales import load_catalogs
from build_factsheet.model.source import load_factsheet

from .conftest import locale_file, replace_in

FEW = ("        few: \"не менее {state_officials} государственных должностных лиц в различных регионах мира\"\n")


def test_a_missing_plural_form_is_an_error_in_status_and_in_the_build(project, i18n):
    replace_in(locale_file(project, "ru"), FEW, "")
    result = i18n("status", "--strict", "ru")
    assert result.exit_code == 1
    # The translator tools count a message in plural forms once: it is missing, and the form named.
    assert "ru: 1 missing: technology.figures.state_officials.text\n" in result.output
    assert "ru.yaml:84: key 'technology.figures.state_officials.text': plural form(s) few missing: " \
        "the plural rules of ru need one, few, many, other" in result.output
    with pytest.raises(SourceError) as caught:
        load_catalogs(load_factsheet(project), ["ru"])
    assert [p.message for p in caught.value.problems] == [
        "plural form(s) few missing: the plural rules of ru need one, few, many, other"]


def test_a_placeholder_lost_in_one_form_is_an_error(project, i18n):
    replace_in(locale_file(project, "ru"), FEW, FEW.replace("{state_officials}", "двухсот"))
    result = i18n("status", "--strict", "ru")
    assert result.exit_code == 1
    assert "placeholder {state_officials} of the English is missing" in result.output
    with pytest.raises(SourceError) as caught:
        load_catalogs(load_factsheet(project), ["ru"])
    assert "plural form 'few' has placeholders none, the English {state_officials}" in \
        [p.message for p in caught.value.problems]


def test_a_plain_string_for_a_language_with_forms_is_an_error(project, i18n):
    path = locale_file(project, "es")
    text = path.read_text(encoding="utf-8")
    start = text.index("    rapporteurs:\n      text:\n")
    end = text.index("    civil_society:")
    path.write_text(text[:start] + "    rapporteurs:\n      text: \"{rapporteurs} relatores nacionales\"\n"
                    + text[end:], encoding="utf-8")
    result = i18n("status", "--strict", "es")
    assert result.exit_code == 1
    assert "es: 1 missing: technology.figures.rapporteurs.text\n" in result.output
    assert "key 'technology.figures.rapporteurs.text': written as one string, but the English has plural forms: " \
        "write the forms of es (one, many, other) under it" in result.output
    with pytest.raises(SourceError) as caught:
        load_catalogs(load_factsheet(project), ["es"])
    assert "the English has plural forms: write this as a mapping of the forms your language needs (one, many, " \
        "other), e.g. `one: ...` / `other: ...`" in [p.message for p in caught.value.problems]


def test_the_export_offers_the_forms_of_the_language_in_one_entry(project, i18n, tmp_path):
    path = tmp_path / "ru.po"
    assert i18n("export", "ru", "--format", "po", "-o", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    entry = next(m for m in read_po(io.BytesIO(path.read_bytes())) if m.context == "technology.figures.state_officials.text")
    assert entry.id == ("at least {state_officials} State official in multiple geographic locations",
                        "at least {state_officials} State officials in multiple geographic locations")
    assert len(entry.string) == 4 and all(form.startswith("не менее {state_officials} ") for form in entry.string)
    assert entry.string[0].endswith("государственного должностного лица в различных регионах мира")  # one
    assert 'msgctxt "technology.figures.state_officials.text.' not in text


@pytest.mark.parametrize("typed", ["Suivez l'ICAT :", "Suivez l'ICAT\u00a0:", "Suivez l'ICAT\u202f:"])
def test_french_qa_accepts_any_space_before_a_colon(typed):
    """The build sets a narrow no-break space whatever the translator typed (localise/typography.py)."""
    assert check_string("Follow ICAT:", typed, "fr") == []
