"""localise: values formatted per locale (CLDR), inline markup made safe, entity labels per language."""

import datetime

from markupsafe import Markup

from build_factsheet.localise.document import format_value, localise
from build_factsheet.model.locales import load_catalogs
from build_factsheet.model.fields import DateValue
from build_factsheet.model.source import load_factsheet

from ..conftest import REPO

MAY_2 = DateValue(datetime.date(2018, 5, 2), "day")
SEPTEMBER = DateValue(datetime.date(2019, 9, 1), "month")
YEAR = DateValue(datetime.date(2019, 1, 1), "year")


def test_dates_follow_each_language_and_precision():
    assert format_value(MAY_2, "en_GB") == "2 May 2018"          # UN English is British
    assert format_value(MAY_2, "fr") == "2 mai 2018"
    assert format_value(MAY_2, "es") == "2 de mayo de 2018"
    assert format_value(MAY_2, "ru") == "2 мая 2018\u202fг."
    assert format_value(MAY_2, "zh_Hans") == "2018年5月2日"
    assert format_value(SEPTEMBER, "en_GB") == "September 2019"
    assert format_value(YEAR, "fr") == "2019"


def test_arabic_uses_western_digits():
    """UN Arabic documents write numbers with Western digits; CLDR's 'ar' does too (latn)."""
    text = format_value(MAY_2, "ar")
    assert text == "2 مايو 2018"
    assert not any("\u0660" <= c <= "\u0669" for c in text)
    assert format_value(1200, "ar") == "1,200"


def test_numbers_are_grouped_per_language():
    assert format_value(1200, "en_GB") == "1,200"
    assert format_value(1200, "fr") == "1\u202f200"
    assert format_value(1200, "ru") == "1\u00a0200"


def test_markup_is_rendered_and_html_is_escaped(mini_project):
    """Loading refuses raw HTML (see test_locales); should a string get past it, it is still text."""
    factsheet = load_factsheet(mini_project)
    catalog = load_catalogs(factsheet, ["en"])["en"]
    catalog.messages["intro.p1"] = catalog.messages["intro.p1"].replace(
        "brings together {member_count} organizations",
        "brings **together** {member_count} <script>alert(1)</script> [site](https://a.org) "
        "[x](javascript:alert(1)) organizations")
    doc = localise(factsheet, catalog)
    html = str(doc.t("intro.p1"))
    assert ('<strong>together</strong> 3 &lt;script&gt;alert(1)&lt;/script&gt; <a href="https://a.org">site</a> '
            '[x](javascript:alert(1))') in html
    assert "<script>" not in html
    assert doc.plain["intro.p1"].startswith("The Sample Coordination Group brings together 3 <script>")


def test_real_document_in_english_and_chinese():
    factsheet = load_factsheet(REPO)
    catalogs = load_catalogs(factsheet, ["en", "zh"])
    en = localise(factsheet, catalogs["en"])
    # A date is one unit: no-break spaces inside it.
    assert "London on 2\u00a0May\u00a02018" in en.plain["principals.p1"]
    assert "In September\u00a02019, on the margins" in en.plain["stakeholders.p1"]
    first_partner = en.collection("partners")[0]
    assert en.plain[first_partner.key.name] == "Council of Europe" and "acronym" not in first_partner.key
    cted = en.collection("members")[0]
    assert (en.plain[cted.key.name], en.plain[cted.key.acronym]) == (
        "Counter-Terrorism Committee Executive Directorate", "CTED")
    assert [event.value.date.text for event in en.collection("timeline")] == [
        "20 December 2006", "19 December 2017", "2 May 2018", "2019", "30 July 2019", "September 2019"]
    assert [event.value.date.iso for event in en.collection("timeline")][:1] == ["2006-12-20"]
    assert [figure.value.id.number for figure in en.collection("technology_figures")] == [123, 200, 57, 100]
    zh = localise(factsheet, catalogs["zh"])
    assert str(zh.fill("ui.entity_label", name="毒品和犯罪问题办公室", acronym="毒罪办")).endswith("（毒罪办）")
    assert "2018年5月2日" in zh.plain["principals.p1"]


def test_footer_text_is_escaped_for_css(mini_project):
    """Translations reach the CSS of the page footer: quotes and tags must not break out of it."""
    factsheet = load_factsheet(mini_project)
    catalog = load_catalogs(factsheet, ["en"])["en"]
    catalog.messages["ui.page_of"] = 'Page "{page}" </style><b> of {pages}'  # past the loader's refusal
    doc = localise(factsheet, catalog)
    css = str(doc.css_string("ui.page_of", page="counter(page)", pages="counter(pages)"))
    assert css == '"Page \\22 " counter(page) "\\22  \\3c /style\\3e \\3c b\\3e  of " counter(pages)'
    assert "</style>" not in css


def test_layout_placeholders_are_filled_without_str_format(mini_project):
    """A stray brace raised in str.format, and {name.upper} reached into Python objects."""
    factsheet = load_factsheet(mini_project)
    doc = localise(factsheet, load_catalogs(factsheet, ["en"])["en"])
    doc.plain["ui.entity_label"] = "{name.upper} {name} ({acronym}) }"  # past the source checks
    acronym = Markup('<span class="acronym"><bdi>ALPHA</bdi></span>')
    label = doc.fill("ui.entity_label", name="Alpha <Organization>", acronym=acronym)
    assert str(label) == ('{name.upper} Alpha &lt;Organization&gt; '
                          '(<span class="acronym"><bdi>ALPHA</bdi></span>) }')
