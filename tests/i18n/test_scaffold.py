"""i18n new: a scaffold with every key; building it fails listing what is missing, unless --draft."""

import json

import pytest
import yaml

from build_factsheet.errors import SourceError
from build_factsheet.i18n.fingerprints import fingerprint, fingerprints_path, read_fingerprints
from build_factsheet.model.locales import load_catalogs, read_catalog
from build_factsheet.model.source import load_factsheet
from build_factsheet.model.yamlfile import flatten

from .conftest import locale_file, replace_in


@pytest.fixture
def without_fr(project):
    locale_file(project, "fr").unlink()
    fingerprints_path(project, "fr").unlink()
    return project


def test_new_writes_every_key_in_english_order_empty_with_the_english_beside_it(without_fr, i18n):
    result = i18n("new", "fr")
    assert result.exit_code == 0, result.output
    english, _ = read_catalog(without_fr, "en")
    text = locale_file(without_fr, "fr").read_text(encoding="utf-8")
    values = flatten(yaml.safe_load(text))
    # A message with plural forms is written with the forms French needs (one, many, other).
    assert list(values) == [f"{key}.{form}" if key in english.plurals else key
                            for key in english.messages for form in (("one", "many", "other") if key in english.plurals
                                                                     else ("",))]
    assert set(values.values()) == {""}
    assert '  title: ""  # en: The Inter-Agency Coordination Group against Trafficking in Persons—ICAT\n' in text
    assert '    name: ""  # en: Counter-Terrorism Committee Executive Directorate\n' in text
    # The English file's notes travel with their keys.
    assert "# Organisations: the name as the UN writes it" in text
    recorded, _ = read_fingerprints(without_fr, "fr")
    # One record per message; a message in plural forms against all its English forms.
    english_of = {key: english.plurals.get(key, text) for key, text in english.messages.items()}
    assert {key: (r.sha, r.english) for key, r in recorded.items()} == {
        key: (fingerprint(value), value) for key, value in english_of.items()}
    assert recorded["technology.figures.rapporteurs.text"].english == {
        "one": "{rapporteurs} national anti-trafficking rapporteur or equivalent mechanism",
        "other": "{rapporteurs} national anti-trafficking rapporteurs or equivalent mechanisms"}
    status = json.loads(i18n("status", "--json", "fr").stdout)["locales"][0]
    assert (status["translated"], status["percent"], len(status["missing"])) == (0, 0, 112)


def test_new_refuses_to_overwrite_unless_forced(project, i18n):
    before = locale_file(project, "fr").read_bytes()
    result = i18n("new", "fr")
    assert result.exit_code == 1
    assert "fr.yaml already exists" in result.output and "--force" in result.output
    assert locale_file(project, "fr").read_bytes() == before
    assert i18n("new", "fr", "--force").exit_code == 0
    assert locale_file(project, "fr").read_bytes() != before


def test_new_needs_a_configured_language_and_says_how_to_add_it(project, i18n):
    result = i18n("new", "de")
    assert result.exit_code == 1
    assert "Language 'de' is not configured" in result.output
    assert "source/project.yaml" in result.output and "key 'languages'" in result.output
    assert "`de: {cldr: de, dir: ltr, script: latin, status: in_progress}`" in result.output
    assert not locale_file(project, "de").exists()
    assert "source language" in i18n("new", "en").output


def test_a_scaffold_fails_the_build_listing_each_missing_key_unless_draft(without_fr, i18n):
    i18n("new", "fr")
    replace_in(locale_file(without_fr, "fr"), '  subtitle: ""', '  subtitle: "Fiche d\'information"')
    factsheet = load_factsheet(without_fr)
    with pytest.raises(SourceError) as caught:
        load_catalogs(factsheet, ["en", "fr"])
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 111  # the build's 112 messages (a plural message is one), but meta.subtitle
    assert any(m.endswith("fr.yaml:8: key 'meta.title': empty text: not translated yet (English: "
                          "\"The Inter-Agency Coordination Group against Trafficking in …\")")
               for m in messages), messages[:3]
    catalogs = load_catalogs(factsheet, ["en", "fr"], draft=True)
    french = catalogs["fr"]
    assert french.is_draft and len(french.fallback_keys) == 111 and "meta.subtitle" not in french.fallback_keys
    assert french.messages["meta.subtitle"] == "Fiche d'information"
    assert french.messages["meta.title"] == catalogs["en"].messages["meta.title"]


def test_a_language_in_progress_is_built_only_when_named(without_fr, i18n):
    from build_factsheet.model.locales import available_languages

    replace_in(without_fr / "source" / "project.yaml", "  fr:\n    cldr: fr\n    dir: ltr\n    script: latin\n"
               "    status: released\n", "  fr:\n    cldr: fr\n    dir: ltr\n    script: latin\n    status: in_progress\n")
    i18n("new", "fr")
    assert "fr" not in available_languages(load_factsheet(without_fr))  # a build of everything is not broken
    assert i18n("status", "--strict", "fr").exit_code == 1  # but it is listed, with what is left to do
    replace_in(without_fr / "source" / "project.yaml", "status: in_progress\n", "status: released\n")
    assert "fr" in available_languages(load_factsheet(without_fr))
