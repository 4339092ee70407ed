"""A stale string shows the English it was translated from: status -v, PO #| msgid, XLIFF alt-trans; fuzzy and
needs-review imports stay stale; a QA error refuses an import at the exchange file's line."""

import io

import pytest
from babel.messages.pofile import read_po
from lxml import etree
from translate.storage import pypo, xliff

from build_factsheet.i18n.fingerprints import fingerprint, fingerprints_path

from .conftest import locale_file, replace_in
from .test_exchange import edit_po, export, po_entry

OLD, NEW = "What does ICAT offer?", "What does ICAT provide?"
KEY = "offer.heading"
XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"


@pytest.fixture
def changed(project):
    """The project after the English of offer.heading changed under every translation."""
    replace_in(locale_file(project, "en"), f"heading: {OLD}", f"heading: {NEW}")
    return project


def xliff_unit(path, key):
    return next(u for u in etree.parse(str(path)).getroot().iter(f"{XLIFF}trans-unit") if u.get("id") == key)


def test_status_verbose_shows_the_english_a_stale_string_was_translated_from_beside_todays(changed, i18n):
    result = i18n("status", "-v", "fr")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if f"key '{KEY}': stale: the English changed" in line)
    assert [line.strip() for line in lines[at + 1: at + 4]] == [
        f"was: {OLD}", f"now: {NEW}", "changed: [-offer?-] {+provide?+}"]
    assert "was: " not in i18n("status", "fr").output  # without -v: one line per finding


def test_status_json_carries_the_previous_english(changed, i18n):
    import json

    entry = json.loads(i18n("status", "--json", "--strings", "publications", "ru").stdout)["locales"][0]
    assert entry["stale"] == [{"key": KEY, "reason": "changed", "previous_english": OLD, "english": NEW}]


def test_a_po_export_of_a_stale_string_carries_the_previous_english(changed, i18n, tmp_path):
    path = export(i18n, tmp_path, "fr")
    entry = po_entry(path, KEY)
    assert entry.fuzzy and entry.id == NEW
    assert f'#, fuzzy\n#| msgid "{OLD}"\nmsgctxt "{KEY}"\n' in path.read_text(encoding="utf-8")
    assert any(f"It was translated from: {OLD}" in note for note in entry.auto_comments)
    # As gettext tools read it (translate-toolkit's PO reader, as Poedit and Weblate do).
    units = {unit.getcontext(): unit for unit in pypo.pofile(path.read_bytes()).units}
    assert units[KEY].prev_source == OLD and units[KEY].source == NEW
    assert not units["offer.p1"].prev_source  # a current string carries none


def test_an_xliff_export_of_a_stale_string_carries_the_previous_english_as_a_previous_version(changed, i18n,
                                                                                             tmp_path):
    unit = xliff_unit(export(i18n, tmp_path, "ar", "xliff"), KEY)
    assert unit.find(f"{XLIFF}target").get("state") == "needs-review-translation"
    alt = unit.find(f"{XLIFF}alt-trans")
    assert alt.get("alttranstype") == "previous-version"
    assert alt.find(f"{XLIFF}source").text == OLD
    assert alt.find(f"{XLIFF}target").text == unit.find(f"{XLIFF}target").text
    assert [child.tag.removeprefix(XLIFF) for child in unit] == ["source", "target", "note", "alt-trans"]
    assert f"It was translated from: {OLD}" in unit.find(f"{XLIFF}note").text


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_a_round_trip_with_a_stale_string_changes_nothing(changed, i18n, tmp_path, fmt):
    before = locale_file(changed, "fr").read_bytes(), fingerprints_path(changed, "fr").read_bytes()
    result = i18n("import", str(export(i18n, tmp_path, "fr", fmt)))
    assert result.exit_code == 0, result.output
    assert (locale_file(changed, "fr").read_bytes(), fingerprints_path(changed, "fr").read_bytes()) == before
    assert "stale: the English changed" in i18n("status", "fr").output


def test_an_xliff_needs_review_state_imports_as_stale_and_survives_a_re_export(project, i18n, tmp_path):
    path = export(i18n, tmp_path, "zh", "xliff")
    store = xliff.xlifffile(path.read_bytes())
    unit = next(u for u in store.units if u.xmlelement.get("id") == "membership.heading")
    unit.target = "成员组成"
    unit.xmlelement.find(f"{XLIFF}target").set("state", "needs-review-translation")
    path.write_bytes(bytes(store))
    result = i18n("import", str(path))
    assert result.exit_code == 0, result.output
    assert "1 string(s) changed: membership.heading" in result.output
    assert "recorded as reviewed" not in result.output
    status = i18n("status", "--strict", "zh")
    assert status.exit_code == 1
    assert "key 'membership.heading': stale: marked for review in a CAT tool" in status.output
    again = xliff_unit(export(i18n, tmp_path, "zh", "xliff"), "membership.heading")
    assert again.find(f"{XLIFF}target").get("state") == "needs-review-translation"
    assert again.find(f"{XLIFF}target").text == "成员组成"
    # Confirmed in the tool (the state cleared), it is recorded as reviewed.
    path = export(i18n, tmp_path, "zh", "xliff")
    store = xliff.xlifffile(path.read_bytes())
    unit = next(u for u in store.units if u.xmlelement.get("id") == "membership.heading")
    unit.xmlelement.find(f"{XLIFF}target").set("state", "translated")
    path.write_bytes(bytes(store))
    assert "recorded as reviewed against the current English: membership.heading" in i18n("import", str(path)).output
    assert i18n("status", "--strict", "zh").exit_code == 0


def test_a_po_entry_made_fuzzy_in_the_tool_becomes_stale(project, i18n, tmp_path):
    path = export(i18n, tmp_path, "fr")
    edit_po(path, {"membership.heading": {"fuzzy": True}})
    assert i18n("import", str(path)).exit_code == 0
    assert "key 'membership.heading': stale: marked for review" in i18n("status", "fr").output
    assert po_entry(export(i18n, tmp_path, "fr"), "membership.heading").fuzzy
    assert i18n("review", "fr", "membership.heading").exit_code == 0
    assert i18n("status", "--strict", "fr").exit_code == 0


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_an_import_with_a_broken_placeholder_names_the_exchange_files_line_and_imports_nothing(project, i18n,
                                                                                               tmp_path, fmt):
    path = export(i18n, tmp_path, "fr", fmt)
    broken = "Fort de ses {member_cout} organisations membres, l'ICAT aspire à être un modèle."
    if fmt == "po":
        edit_po(path, {"about.p2": {"string": broken}, "offer.heading": {"string": "Que propose l'ICAT ?"}})
        line = po_entry(path, "about.p2").lineno
    else:
        store = xliff.xlifffile(path.read_bytes())
        for unit in store.units:
            if unit.xmlelement.get("id") == "about.p2":
                unit.target = broken
        path.write_bytes(bytes(store))
        line = xliff_unit(path, "about.p2").sourceline
    before = locale_file(project, "fr").read_bytes(), fingerprints_path(project, "fr").read_bytes()
    result = i18n("import", str(path))
    assert result.exit_code == 1
    assert "not imported, 2 QA error(s)" in result.output
    assert f"{path.name}:{line}: key 'about.p2': placeholder {{member_count}} of the English is missing" \
        in result.output
    assert f"{path.name}:{line}: key 'about.p2': placeholder {{member_cout}} is not in the English" in result.output
    assert (locale_file(project, "fr").read_bytes(), fingerprints_path(project, "fr").read_bytes()) == before


def test_a_fingerprint_file_written_before_the_english_was_kept_still_reads(changed, i18n, tmp_path):
    path = fingerprints_path(changed, "es")
    english = {KEY: OLD, "offer.p2": None}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(tuple(english))]
    old_form = "".join(f'{line.split(":")[0]}: "{line.split(chr(34))[1]}"\n' for line in lines)
    path.write_text(old_form, encoding="utf-8")
    assert old_form.startswith(f'{KEY}: "{fingerprint(OLD)}"\n')
    result = i18n("status", "-v", "es")
    assert f"key '{KEY}': stale: the English changed" in result.output
    assert "(the English it was translated from was not recorded)" in result.output
    # The next write keeps the English of every record that matches today's.
    assert i18n("review", "es", KEY).exit_code == 0
    assert f'{KEY}: {{sha: "{fingerprint(NEW)}", en: "{NEW}"}}' in path.read_text(encoding="utf-8")


def test_export_writes_where_make_clean_does_not_delete(project, i18n):
    from .conftest import REPO

    result = i18n("export", "fr")
    assert result.exit_code == 0, result.output
    written = project / "translations" / "icat-factsheet-fr.po"
    assert written.exists() and f"Wrote translations/icat-factsheet-fr.po" in result.output.replace(
        str(project) + "/", "")
    clean = next(line for line in (REPO / "Makefile").read_text().splitlines() if line.startswith("\trm -rf build"))
    assert "translations" not in clean
    assert read_po(io.BytesIO(written.read_bytes())).project == "icat-factsheet"
