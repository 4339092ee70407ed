"""Dates and numbers in each language's house style, declared in source/project.yaml beside its CLDR locale."""

import datetime

import pytest

from build_factsheet.errors import SourceError
from build_factsheet.localise.document import format_value
from build_factsheet.model.fields import DateValue
from build_factsheet.model.source import load_factsheet

from ..conftest import REPO

DEC_20 = DateValue(datetime.date(2006, 12, 20), "day")
MAY_2 = DateValue(datetime.date(2018, 5, 2), "day")
JUL_30 = DateValue(datetime.date(2019, 7, 30), "day")
SEPTEMBER = DateValue(datetime.date(2019, 9, 1), "month")
JUNE = DateValue(datetime.date(2019, 6, 1), "month")
YEAR = DateValue(datetime.date(2019, 1, 1), "year")

# (value, context) -> each language's UN form.
EXPECTED = {
    "en": {(MAY_2, "text"): "2 May 2018", (SEPTEMBER, "text"): "September 2019", (YEAR, "text"): "2019"},
    "fr": {(MAY_2, "text"): "2 mai 2018", (SEPTEMBER, "text"): "septembre 2019", (YEAR, "text"): "2019"},
    "es": {(MAY_2, "text"): "2 de mayo de 2018", (SEPTEMBER, "text"): "septiembre de 2019", (YEAR, "text"): "2019"},
    "ru": {(MAY_2, "text"): "2 мая 2018 года", (SEPTEMBER, "text"): "сентябре 2019 года",  # "в сентябре 2019 года"
           (SEPTEMBER, "list"): "сентябрь 2019 года", (YEAR, "text"): "2019", (YEAR, "list"): "2019 год",
           (DEC_20, "list"): "20 декабря 2006 года"},
    "ar": {(DEC_20, "text"): "20 كانون الأول/ديسمبر 2006", (JUL_30, "text"): "30 تموز/يوليه 2019",
           (JUNE, "text"): "حزيران/يونيه 2019", (MAY_2, "list"): "2 أيار/مايو 2018", (YEAR, "text"): "2019"},
    "zh": {(MAY_2, "text"): "2018年5月2日", (SEPTEMBER, "text"): "2019年9月", (YEAR, "text"): "2019年"},
}


@pytest.fixture(scope="module")
def locales():
    return load_factsheet(REPO).locales


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_each_language_writes_dates_as_its_un_documents_do(locales, lang):
    settings = locales[lang]
    for (value, context), expected in EXPECTED[lang].items():
        assert format_value(value, settings.cldr, settings.style, context) == expected, (value, context)


def test_numbers_follow_the_declared_pattern_and_digits(locales):
    ar = locales["ar"]
    assert format_value(1200, ar.cldr, ar.style) == "1,200"          # Western digits, as UN Arabic writes them
    assert format_value(1200, "ar", type(ar.style)(numbering="arab")) == "١٬٢٠٠"
    ru = locales["ru"]
    assert format_value(1200, ru.cldr, ru.style) == "1\u00a0200"


def test_a_bad_style_is_reported_at_its_key(real_project):
    project = real_project / "source" / "project.yaml"
    text = project.read_text(encoding="utf-8")
    text = text.replace("      months: [январе, феврале, ", "      months: [феврале, ", 1)
    text = text.replace('dates: {day: "d MMMM y", month: "MMMM y", year: "y"}\n      narrow_space',
                        'dates: {day: "d MMMM y", week: "w"}\n      narrow_space', 1)
    project.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_factsheet(real_project)
    messages = [f"{p.key}: {p.message}" for p in caught.value.problems]
    assert "languages.ru.style.months: expected a list of the twelve month names, January first" in messages
    assert "languages.ru.style.dates: a pattern uses {month}: give the twelve names under languages.ru.style.months" \
        in messages
    assert any(m.startswith("languages.fr.style.dates.week: unknown key") for m in messages), messages
