"""A message in plural forms is one string for the translator tools: counted once, stale when any English form
changes (shown form by form), and the PO Plural-Forms of each language picks its CLDR categories in order."""

import gettext
import json
from pathlib import Path

import pytest
from babel import Locale

from build_factsheet.i18n.fingerprints import fingerprint, fingerprints_path, message_records
from build_factsheet.i18n.plurals import gettext_plural_forms
from build_factsheet.i18n.workspace import open_workspace

from .conftest import replace_in
from .test_kit_strings import KIT, kit_file, kit_fingerprints

REPO = Path(__file__).resolve().parents[2]
PAGES = {"one": "{count} page", "other": "{count} pages"}


@pytest.mark.parametrize("lang, categories, header", [
    ("ar", ["zero", "one", "two", "few", "many", "other"], "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2"),
    # gettext's Russian expression never picks `other` (fractions): a fourth msgstr all the same.
    ("ru", ["one", "few", "many", "other"], "nplurals=4; plural=n % 10 == 1 && n % 100 != 11 ? 0 : "),
    ("zh", ["other"], "nplurals=1; plural=0;"),
    ("fr", ["one", "many", "other"], "nplurals=3; plural=(n == 0 || n == 1) ? 0 : "),
    ("es", ["one", "many", "other"], "nplurals=3; plural=(n == 1 ? 0 : "),
])
def test_the_plural_forms_header_picks_the_cldr_category_of_each_msgstr(lang, categories, header):
    ws = open_workspace(REPO)
    forms = gettext_plural_forms(ws, lang)
    assert forms.startswith(header)
    assert ws.plural_categories(lang) == categories
    index = gettext.c2py(forms.split("plural=", 1)[1].rstrip(";"))
    rule = Locale.parse(lang).plural_form
    for n in (0, 1, 2, 3, 5, 11, 21, 22, 25, 100, 101, 102, 111, 1000000):
        assert categories[index(n)] == rule(n), n


def test_status_counts_a_plural_message_once(project, i18n):
    data = {e["lang"]: e for e in json.loads(i18n("status", "--json", *KIT).stdout)["locales"]}
    for lang in ("en", "fr", "es", "ru", "ar", "zh"):  # 2, 3, 4, 6 or 1 forms: one message
        assert (data[lang]["translated"], data[lang]["total"]) == (4, 4), lang
    replace_in(kit_file(project, "ar"), 'pages: {zero: "{count} صفحة", ', "pages: {")
    entry = json.loads(i18n("status", "--json", "ar", *KIT).stdout)["locales"][0]
    assert (entry["translated"], entry["missing"]) == (3, ["pages"])
    assert [p["message"] for p in entry["problems"]] == [
        "plural form(s) zero missing: the plural rules of ar need zero, one, two, few, many, other"]


@pytest.mark.parametrize("form", ["one", "other"])
def test_a_change_to_any_english_form_makes_the_message_stale_once_even_where_the_language_lacks_that_form(
        project, i18n, form):
    new = {"one": "{count} page in all", "other": "{count} pages in all"}[form]
    replace_in(kit_file(project, "en"), f'{form}: "{PAGES[form]}"', f'{form}: "{new}"')
    data = {e["lang"]: e for e in json.loads(i18n("status", "--json", *KIT).stdout)["locales"]}
    for lang in ("fr", "es", "ru", "ar", "zh"):  # zh writes no `one`, yet translated the whole message
        assert [(s["key"], s["previous_english"], s["english"]) for s in data[lang]["stale"]] == [
            ("pages", PAGES, {**PAGES, form: new})], lang


def test_verbose_shows_the_previous_english_forms_next_to_todays(project, i18n):
    replace_in(kit_file(project, "en"), '"{count} pages"', '"{count} pages in all"')
    result = i18n("status", "-v", "ru", *KIT)
    assert "layouts/kit/locales/ru.yaml:4: key 'pages': stale: the English changed" in result.output
    assert result.output.count("stale: the English changed") == 1
    assert "      English (one): {count} page\n" in result.output
    assert ("      was (other): {count} pages\n      now (other): {count} pages in all\n"
            "      changed (other): {+in all+}\n") in result.output
    assert i18n("review", "ru", "pages", *KIT).exit_code == 0
    assert json.loads(i18n("status", "--json", "ru", *KIT).stdout)["locales"][0]["stale"] == []
    # One record for the message, with its English forms.
    text = kit_fingerprints(project, "ru").read_text(encoding="utf-8")
    assert 'pages: {sha: "%s", en: {"one": "{count} page", "other": "{count} pages in all"}}\n' % fingerprint(
        {"one": "{count} page", "other": "{count} pages in all"}) in text
    assert "pages.few" not in text


def test_a_form_named_alone_reviews_its_message(project, i18n):
    replace_in(kit_file(project, "en"), '"{count} pages"', '"{count} pages in all"')
    result = i18n("review", "ar", "pages.few", *KIT)
    assert result.exit_code == 0, result.output
    assert "pages" in result.output
    assert json.loads(i18n("status", "--json", "ar", *KIT).stdout)["locales"][0]["stale"] == []


OLD_RECORDS = """\
pages.one: {sha: "49bd2f7a64", en: "{count} page"}
pages.few: {sha: "d46e57d6ac", en: "{count} pages"}
pages.many: {sha: "d46e57d6ac", en: "{count} pages"}
pages.other: {sha: "d46e57d6ac", en: "{count} pages"}
"""


def test_a_fingerprint_file_with_a_record_per_form_is_read_as_one_record_per_message(project, i18n):
    ws = open_workspace(project).strings("kit")
    path = fingerprints_path(project, "ru", "layouts/kit/locales")
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines(keepends=True) if line.startswith("pages: "))
    path.write_text(text.replace(line, OLD_RECORDS), encoding="utf-8")  # as written before
    recorded, problems = message_records(ws, "ru")
    assert problems == []
    assert (recorded["pages"].sha, recorded["pages"].english) == (fingerprint(PAGES), PAGES)
    # A form recorded against other English: the message is stale, from the English forms kept.
    replace_in(path, 'pages.one: {sha: "49bd2f7a64", en: "{count} page"}',
               'pages.one: {sha: "0123456789", en: "{count} sheet"}')
    recorded, _ = message_records(ws, "ru")
    assert recorded["pages"].sha != fingerprint(PAGES)
    assert recorded["pages"].english == {"one": "{count} sheet", "other": "{count} pages"}
    stale = json.loads(i18n("status", "--json", "ru", *KIT).stdout)["locales"][0]["stale"]
    assert [(s["key"], s["previous_english"]) for s in stale] == [("pages", {"one": "{count} sheet",
                                                                             "other": "{count} pages"})]
    # The next write keeps the message's record only, still stale.
    assert i18n("review", "ru", "screen", *KIT).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "pages.one" not in text and 'en: {"one": "{count} sheet", "other": "{count} pages"}' in text
    assert [s["key"] for s in json.loads(i18n("status", "--json", "ru", *KIT).stdout)["locales"][0]["stale"]] == [
        "pages"]
