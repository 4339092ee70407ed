"""The kit page's words (layouts/kit/locales/) as a string set: status, plural forms per CLDR, staleness, QA
(a {count} left out or broken), PO/XLIFF exchange, and a build that refuses a broken one."""

import io
import json
import re

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from build_factsheet.cli import main

from .conftest import TRANSLATIONS, replace_in
from .test_exchange import edit_po

KIT = ("--strings", "kit")


def kit_file(root, lang):
    return root / "layouts" / "kit" / "locales" / f"{lang}.yaml"


def kit_fingerprints(root, lang):
    return root / "layouts" / "kit" / "locales" / f"{lang}.fingerprints.yaml"


def kit_export(i18n, tmp_path, lang, fmt="po"):
    path = tmp_path / f"kit-{lang}.{'po' if fmt == 'po' else 'xlf'}"
    result = i18n("export", lang, *KIT, "--format", fmt, "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def test_status_lists_the_kit_strings_of_every_language_complete_and_current(project, i18n):
    result = i18n("status", "--strict")
    assert result.exit_code == 0, result.output
    # `pages` in plural forms is one message, whatever forms the language writes.
    for lang in ("en", *TRANSLATIONS):
        assert re.search(rf"\n{lang} \(kit\) +4/4 ", result.output), lang
    data = json.loads(i18n("status", "--json", *KIT).stdout)
    assert [entry["lang"] for entry in data["locales"]] == ["en", *TRANSLATIONS]
    assert {entry["strings"] for entry in data["locales"]} == {"kit"}


def test_each_language_writes_the_plural_categories_of_its_cldr_locale(project, i18n):
    data = {e["lang"]: e for e in json.loads(i18n("status", "--json", *KIT).stdout)["locales"]}
    # Russian needs `few` and `many`, which the English does not have; Chinese only `other`.
    replace_in(kit_file(project, "ru"), 'few: "{count} страницы", ', "")
    replace_in(kit_file(project, "zh"), 'pages: {other: "{count}页"}', 'pages: {one: "{count}页", other: "{count}页"}')
    data = {e["lang"]: e for e in json.loads(i18n("status", "--json", *KIT).stdout)["locales"]}
    assert data["ru"]["missing"] == ["pages"]
    assert [p["message"] for p in data["ru"]["problems"]] == [
        "plural form(s) few missing: the plural rules of ru need one, few, many, other"]
    assert data["zh"]["extra"] == ["pages.one"]
    assert i18n("status", "--strict", *KIT).exit_code == 1


@pytest.mark.parametrize("lang, old, new, messages", [
    ("ru", '"{count} страницы", many', '"страницы", many',
     ["placeholder {count} of the English is missing"]),
    ("fr", 'many: "{count} pages"', 'many: "{count pages"',
     ["placeholder {count} of the English is missing", "a { or } without its pair"]),
    ("ar", 'few: "{count} صفحات"', 'few: "{cont} صفحات"',
     ["placeholder {count} of the English is missing", "placeholder {cont} is not in the English"]),
])
def test_a_count_left_out_of_or_broken_in_a_plural_form_is_a_qa_error(project, i18n, lang, old, new, messages):
    replace_in(kit_file(project, lang), old, new)
    result = i18n("status", lang, *KIT)
    for message in messages:
        assert f"layouts/kit/locales/{lang}.yaml:4: key 'pages." in result.output
        assert message in result.output, result.output
    assert i18n("status", "--strict", lang, *KIT).exit_code == 1


def test_a_form_for_one_number_only_may_write_the_number_as_a_word(project, i18n):
    # Arabic `one` (1 only) and `two` (2 only): "صفحة واحدة", "صفحتان", no {count}.
    assert 'one: "صفحة واحدة", two: "صفحتان"' in kit_file(project, "ar").read_text(encoding="utf-8")
    assert i18n("status", "--strict", "ar", *KIT).exit_code == 0
    # French `one` is 0 and 1: the number must stay.
    replace_in(kit_file(project, "fr"), 'one: "{count} page"', 'one: "une page"')
    assert "key 'pages.one': placeholder {count} of the English is missing" in i18n("status", "fr", *KIT).output


def test_a_kit_string_goes_stale_when_its_english_changes_and_shows_what_it_was(project, i18n, tmp_path):
    replace_in(kit_file(project, "en"), '"PDF for screen and email"', '"PDF for screens and email"')
    result = i18n("status", "-v", "--strict", *KIT)
    assert result.exit_code == 1
    assert "fr (kit):" in result.output
    assert "layouts/kit/locales/fr.yaml:5: key 'screen': stale: the English changed" in result.output
    assert "changed: [-screen-] {+screens+}" in result.output
    po = kit_export(i18n, tmp_path, "fr")
    assert '#| msgid "PDF for screen and email"\nmsgctxt "screen"\nmsgid "PDF for screens and email"' in \
        po.read_text(encoding="utf-8")
    assert i18n("review", "fr", "screen", *KIT).exit_code == 0
    assert json.loads(i18n("status", "--json", "fr", *KIT).stdout)["locales"][0]["stale"] == []


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_a_round_trip_of_the_kit_strings_changes_nothing(project, i18n, tmp_path, fmt):
    before = {lang: (kit_file(project, lang).read_bytes(), kit_fingerprints(project, lang).read_bytes())
              for lang in TRANSLATIONS}
    for lang in TRANSLATIONS:
        result = i18n("import", str(kit_export(i18n, tmp_path, lang, fmt)))
        assert result.exit_code == 0, result.output
        assert f"layouts/kit/locales/{lang}.yaml: no string changed" in result.output
    assert {lang: (kit_file(project, lang).read_bytes(), kit_fingerprints(project, lang).read_bytes())
            for lang in TRANSLATIONS} == before


def test_the_kit_po_file_names_its_set_and_tells_the_numbers_of_each_plural_form(project, i18n, tmp_path):
    path = kit_export(i18n, tmp_path, "ru")
    catalog = read_po(io.BytesIO(path.read_bytes()))
    assert catalog.project == "kit"
    pages = next(m for m in catalog if m.context == "pages")
    assert pages.id == ("{count} page", "{count} pages")
    assert pages.string == ("{count} страница", "{count} страницы", "{count} страниц", "{count} страницы")
    notes = " ".join(pages.auto_comments)  # Babel wraps them
    assert "msgstr[1]: Plural form 'few' of this language (CLDR), used for 2, 3, 4, 22, 23, 24…" in notes
    assert "msgstr[3]: Plural form 'other' of this language (CLDR), used for fractions." in notes
    assert catalog.num_plurals == 4
    default = i18n("export", "ru", *KIT)
    assert "translations/kit-ru.po" in default.output


def test_an_edit_to_a_kit_string_lands_in_its_file_and_a_broken_count_is_refused(project, i18n, tmp_path):
    path = kit_export(i18n, tmp_path, "ru")
    edit_po(path, {"print": {"string": "PDF для типографии (вылеты 3 мм, метки обреза)"}})
    result = i18n("import", str(path))
    assert result.exit_code == 0, result.output
    assert "layouts/kit/locales/ru.yaml: 1 string(s) changed: print" in result.output
    assert 'print: "PDF для типографии (вылеты 3 мм, метки обреза)"' in kit_file(project, "ru").read_text()
    edit_po(path, {"pages": {"string": ("{count} страница", "{count} страницы", "{count страниц", "{count} страницы")}})
    before = kit_file(project, "ru").read_bytes()
    result = i18n("import", str(path))
    assert result.exit_code == 1
    assert "key 'pages': plural form 'many': a { or } without its pair" in result.output
    assert kit_file(project, "ru").read_bytes() == before


def test_validate_refuses_a_broken_count_in_the_kit_strings(render_project):
    replace_in(kit_file(render_project, "es"), 'many: "{count} páginas"', 'many: "{cuenta} páginas"')
    result = CliRunner().invoke(main, ["-C", str(render_project), "validate"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "layouts/kit/locales/es.yaml:4: key 'pages.many': placeholder {count} of the English is missing" \
        in result.output


def test_new_starts_a_kit_file_with_the_plural_categories_of_the_language(project, i18n):
    kit_file(project, "ru").unlink()
    kit_fingerprints(project, "ru").unlink()
    result = i18n("new", "ru", *KIT)
    assert result.exit_code == 0, result.output
    text = kit_file(project, "ru").read_text(encoding="utf-8")
    assert 'pages:\n  one: ""  # en: {count} page\n  few: ""  # en: {count} pages\n' in text
    assert 'many: ""  # en: {count} pages\n  other: ""  # en: {count} pages\n' in text
    entry = json.loads(i18n("status", "--json", "ru", *KIT).stdout)["locales"][0]
    assert entry["missing"] == ["pages", "screen", "print", "cover_alt"]
