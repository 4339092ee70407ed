"""i18n status and review: completeness, staleness that survives editing, --strict and --json."""

import json
import shutil

from build_factsheet.i18n.fingerprints import fingerprints_path
from build_factsheet.model.locales import available_languages
from build_factsheet.model.source import load_factsheet

from .conftest import TRANSLATIONS, locale_file, replace_in

CHANGED_KEY = "offer.heading"


def test_strict_passes_on_the_shipped_locales(i18n):
    result = i18n("status", "--strict")
    assert result.exit_code == 0, result.output
    for lang in ("en",) + TRANSLATIONS:
        assert f"\n{lang} " in result.output


def test_strict_fails_after_an_english_string_changes_naming_it_stale_in_every_translation(project, i18n):
    replace_in(locale_file(project, "en"), "heading: What does ICAT offer?", "heading: What does ICAT provide?")
    result = i18n("status", "--strict")
    assert result.exit_code == 1
    for lang in TRANSLATIONS:
        assert f"{lang}.yaml:24: key '{CHANGED_KEY}': stale: the English changed" in result.output, lang
    assert "5 language(s) not ready" in result.output
    data = json.loads(i18n("status", "--json").stdout)
    assert data["ok"] is False
    for entry in data["locales"]:
        expected = [] if entry["source"] or entry["strings"] == "kit" else [
            {"key": CHANGED_KEY, "reason": "changed", "previous_english": "What does ICAT offer?",
             "english": "What does ICAT provide?"}]
        assert entry["stale"] == expected, entry["lang"]


def test_review_clears_stale_for_the_named_keys_only(project, i18n):
    replace_in(locale_file(project, "en"), "heading: What does ICAT offer?", "heading: What does ICAT provide?")
    result = i18n("review", "fr", CHANGED_KEY)
    assert result.exit_code == 0, result.output
    assert "1 of them were stale" in result.output
    data = json.loads(i18n("status", "--json", "--strings", "publications", "fr", "es").stdout)
    assert [len(entry["stale"]) for entry in data["locales"]] == [0, 1]
    assert i18n("review", "es", "--all").exit_code == 0
    assert i18n("status", "--strict", "fr", "es").exit_code == 0


def test_staleness_survives_ordinary_editing_of_the_translation(project, i18n):
    """Reformatting, moving keys and adding comments change nothing; so does rewording a translation."""
    path = locale_file(project, "fr")
    replace_in(path, '  subtitle: "Fiche d\'information"\n', "")
    replace_in(path, "meta:\n", "meta:\n  # The subtitle moved to the top.\n  subtitle: Fiche d'information\n")
    replace_in(path, 'heading: "Composition"', "heading: 'Composition du Groupe'")
    assert i18n("status", "--strict", "fr").exit_code == 0


def test_a_missing_fingerprint_file_makes_every_translation_stale(project, i18n):
    fingerprints_path(project, "ru").unlink()
    result = i18n("status", "--strict", "ru")
    assert result.exit_code == 1
    assert "ru.fingerprints.yaml: does not exist, so all 112 translated string(s) count as stale" in result.output


def test_missing_extra_and_qa_problems_fail_strict(project, i18n):
    path = locale_file(project, "es")
    replace_in(path, "  subtitle: Hoja informativa\n", "  subtitle: ''\n  extra: sobra\n")
    replace_in(path, "resolución 61/180 de la Asamblea General, el ICAT", "resolución 61/181 de la Asamblea General, el ICAT")
    result = i18n("status", "--strict", "es")
    assert result.exit_code == 1
    assert "es: 1 missing: meta.subtitle" in result.output
    assert "es.yaml:7: key 'meta.extra': unknown key" in result.output
    assert "key 'offer.p1': number 61/180 of the English is missing or changed" in result.output
    entry = json.loads(i18n("status", "--json", "es").stdout)["locales"][0]
    assert (entry["translated"], entry["total"], entry["percent"]) == (111, 112, 99)
    assert entry["missing"] == ["meta.subtitle"] and entry["extra"] == ["meta.extra"]
    assert [p["key"] for p in entry["problems"] if p["severity"] == "error"] == ["offer.p1"]


def test_warnings_alone_do_not_fail_strict(project, i18n):
    replace_in(locale_file(project, "fr"), 'subtitle: "Fiche d\'information"',
               'subtitle: "' + "Fiche d'information " * 5 + 'complète"')
    result = i18n("status", "--strict", "fr")
    assert result.exit_code == 0, result.output
    assert "(warning)" in result.output


def test_an_unconfigured_language_is_refused_with_the_way_to_add_it(i18n):
    result = i18n("status", "de")
    assert result.exit_code == 1
    assert "Language 'de' is not configured" in result.output
    assert "source/project.yaml:" in result.output and "key 'languages': add a line for it" in result.output


def test_fingerprint_files_are_never_taken_for_locales(project):
    assert sorted(p.name for p in (project / "source" / "locales").glob("*.fingerprints.yaml")) == \
        sorted(f"{lang}.fingerprints.yaml" for lang in TRANSLATIONS)
    assert available_languages(load_factsheet(project)) == ["en", *TRANSLATIONS]
    # A fingerprint file left behind for a language removed from the project is ignored too.
    shutil.copy(fingerprints_path(project, "fr"), project / "source" / "locales" / "de.fingerprints.yaml")
    assert available_languages(load_factsheet(project)) == ["en", *TRANSLATIONS]
