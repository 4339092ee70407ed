"""locales: each translation has exactly the source keys, with text, and the same placeholders."""

import pytest

from build_factsheet.errors import SourceError
from build_factsheet.model.locales import load_catalogs
from build_factsheet.model.source import load_factsheet

from ..conftest import REPO


def test_shipped_locales_are_complete():
    factsheet = load_factsheet(REPO)
    catalogs = load_catalogs(factsheet, ["en", "fr", "es", "ru", "ar", "zh"])
    assert {len(c.messages) for c in catalogs.values()} == {len(catalogs["en"].messages)}


def _problems(project, langs):
    with pytest.raises(SourceError) as caught:
        load_catalogs(load_factsheet(project), langs)
    return [str(p) for p in caught.value.problems]


def test_translation_problems_are_listed_with_file_line_and_key(mini_project):
    path = mini_project / "source" / "locales" / "fr.yaml"
    text = path.read_text()
    text = text.replace("  subtitle: Fiche d'information\n", "")                       # missing
    text = text.replace("  keywords: exemple, tests\n", "  keywords: exemple, tests\n  extra: en trop\n")
    text = text.replace("  logo_alt: Logo de l'exemple\n", "  logo_alt: ''\n")        # empty
    text = text.replace("  credits: Cet exemple", "  credits:\n    - Cet exemple")      # wrong type
    text = text.replace("réunit {member_count} organisations", "réunit {members} organisations")
    path.write_text(text)
    messages = _problems(mini_project, ["fr"])
    assert any("fr.yaml:2: key 'meta.subtitle': missing translation (English: \"Factsheet\")" in m
               for m in messages), messages
    assert any("fr.yaml:6: key 'meta.extra': unknown key" in m for m in messages)
    assert any("key 'ui.logo_alt': empty text" in m for m in messages)
    assert any("key 'ui.credits': expected text, got a list" in m for m in messages)
    assert any("key 'intro.p1': placeholders {members} differ from the English {member_count}" in m
               for m in messages)
    assert len(messages) == 5


def test_source_locale_must_match_what_the_source_uses(mini_project):
    path = mini_project / "source" / "locales" / "en.yaml"
    text = path.read_text().replace("  heading: Key dates\n", "  title: Key dates\n")
    text = text.replace("{reached} readers", "{readers} readers")
    path.write_text(text)
    messages = _problems(mini_project, ["en"])
    assert any("key 'history.heading': missing (needed by sections[3]" in m for m in messages)
    assert any("key 'history.title': unknown key: source/factsheet.yaml does not use it" in m for m in messages)
    assert any("key 'reach.p1': unknown placeholder {readers}" in m for m in messages)


def test_a_language_that_is_not_configured_is_reported(mini_project):
    messages = _problems(mini_project, ["de"])
    assert any("language 'de' is not configured" in m for m in messages)
