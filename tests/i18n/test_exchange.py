"""i18n export/import: PO and XLIFF round trips change nothing; edits land; other English is refused."""

import io

import pytest
from babel.messages.pofile import read_po, write_po
from translate.storage import xliff

from build_factsheet.i18n.fingerprints import fingerprints_path
from build_factsheet.i18n.yamledit import set_values

from .conftest import locale_file, replace_in


def export(i18n, tmp_path, lang, fmt="po"):
    path = tmp_path / f"{lang}.{'po' if fmt == 'po' else 'xlf'}"
    result = i18n("export", lang, "--format", fmt, "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def edit_po(path, edits):
    """Set msgstr (and translator comments) of the entries whose msgctxt is in `edits`."""
    catalog = read_po(io.BytesIO(path.read_bytes()))
    for message in catalog:
        if message.context in edits:
            change = edits[message.context]
            message.string = change.get("string", message.string)
            message.user_comments = change.get("notes", message.user_comments)
            if "fuzzy" in change:
                message.flags = {"fuzzy"} if change["fuzzy"] else set()
    out = io.BytesIO()
    write_po(out, catalog)
    path.write_bytes(out.getvalue())


def po_entry(path, key):
    return next(m for m in read_po(io.BytesIO(path.read_bytes())) if m.context == key)


# Units a CAT tool sees: the 112 messages, each of the 4 chart figures in plural forms one of them
# (a PO entry with msgstr[n], an XLIFF group), whatever forms the language has.
UNITS = {"fr": 112, "es": 112, "ru": 112, "ar": 112, "zh": 112}


@pytest.mark.parametrize("lang, fmt", [("fr", "po"), ("ar", "po"), ("zh", "po"), ("es", "po"), ("ru", "po"),
                                       ("fr", "xliff"), ("ar", "xliff"), ("zh", "xliff"), ("ru", "xliff")])
def test_a_round_trip_leaves_the_locale_and_its_fingerprints_byte_identical(project, i18n, tmp_path, lang, fmt):
    before = locale_file(project, lang).read_bytes(), fingerprints_path(project, lang).read_bytes()
    path = export(i18n, tmp_path, lang, fmt)
    result = i18n("import", str(path))
    assert result.exit_code == 0, result.output
    assert f"no string changed ({UNITS[lang]} already as in the file)" in result.output
    assert (locale_file(project, lang).read_bytes(), fingerprints_path(project, lang).read_bytes()) == before


def test_the_po_file_carries_key_english_translation_and_notes(project, i18n, tmp_path):
    entry = po_entry(export(i18n, tmp_path, "fr"), "entities.cted.name")
    assert entry.id == "Counter-Terrorism Committee Executive Directorate"
    assert entry.string == "Direction exécutive du Comité contre le terrorisme"
    assert any("Organisations: the name as the UN writes it" in note for note in entry.auto_comments)
    assert entry.locations == [(str(project / "source/locales/en.yaml"), 111)] or entry.locations[0][1] == 111
    assert not entry.fuzzy


def test_an_edit_in_the_po_file_lands_in_the_yaml_and_nothing_else_changes(project, i18n, tmp_path):
    path = export(i18n, tmp_path, "fr")
    edit_po(path, {"offer.heading": {"string": "Que propose l'ICAT ?"},
                   "entities.unwomen.name": {"string": "ONU Femmes"},
                   "membership.heading": {"notes": ["Terme validé par la section française."]}})
    before = locale_file(project, "fr").read_text(encoding="utf-8").splitlines()
    result = i18n("import", str(path))
    assert result.exit_code == 0, result.output
    assert "2 string(s) changed: offer.heading, entities.unwomen.name" in result.output
    assert "notes changed: membership.heading" in result.output
    after = locale_file(project, "fr").read_text(encoding="utf-8").splitlines()
    note = after.index("  # Terme validé par la section française.")
    assert after[note + 1] == '  heading: "Composition"' and after[note + 1] == before[note]
    changed = [(old, new) for old, new in zip(before, after[:note] + after[note + 1:]) if old != new]
    assert changed == [
        ('  heading: "Qu\'offre l\'ICAT\u00a0?"', '  heading: "Que propose l\'ICAT ?"'),
        ('  unwomen: {name: "ONU-Femmes"}', '  unwomen: {name: "ONU Femmes"}'),
    ]
    # Exported again, the new text and note come back.
    again = export(i18n, tmp_path, "fr")
    assert po_entry(again, "offer.heading").string == "Que propose l'ICAT ?"
    assert po_entry(again, "membership.heading").user_comments == ["Terme validé par la section française."]


def test_an_edit_in_an_xliff_file_lands_in_the_yaml(project, i18n, tmp_path):
    path = export(i18n, tmp_path, "zh", "xliff")
    store = xliff.xlifffile(path.read_bytes())
    unit = next(u for u in store.units if u.xmlelement.get("id") == "membership.heading")
    unit.target = "成员组成"
    path.write_bytes(bytes(store))
    result = i18n("import", str(path))
    assert result.exit_code == 0, result.output
    assert "1 string(s) changed: membership.heading" in result.output
    assert "  heading: 成员组成\n" in locale_file(project, "zh").read_text(encoding="utf-8")


def test_import_refuses_a_file_made_from_other_english_unless_forced(project, i18n, tmp_path):
    path = export(i18n, tmp_path, "fr")
    edit_po(path, {"offer.heading": {"string": "Que propose l'ICAT ?"}})
    replace_in(locale_file(project, "en"), "heading: What does ICAT offer?", "heading: What does ICAT provide?")
    before = locale_file(project, "fr").read_bytes()
    result = i18n("import", str(path))
    assert result.exit_code == 1
    assert "not imported, 1 problem(s)" in result.output
    assert "key 'offer.heading': was translated from other English than today's" in result.output
    assert locale_file(project, "fr").read_bytes() == before
    result = i18n("import", str(path), "--force")
    assert result.exit_code == 0, result.output
    assert "Que propose l'ICAT ?" in locale_file(project, "fr").read_text(encoding="utf-8")
    # Forced in, it was still made from the old English: it stays stale until reviewed.
    assert "key 'offer.heading': stale: the English changed" in i18n("status", "fr").output


def test_a_stale_string_travels_as_fuzzy_and_is_recorded_once_reviewed_in_the_cat_tool(project, i18n, tmp_path):
    replace_in(locale_file(project, "en"), "heading: What does ICAT offer?", "heading: What does ICAT provide?")
    path = export(i18n, tmp_path, "fr")
    entry = po_entry(path, "offer.heading")
    assert entry.fuzzy and entry.id == "What does ICAT provide?"
    assert i18n("import", str(path)).exit_code == 0
    assert i18n("status", "--strict", "fr").exit_code == 1  # still fuzzy: still stale
    edit_po(path, {"offer.heading": {"string": "Que propose l'ICAT ?", "fuzzy": False}})
    result = i18n("import", str(path))
    assert "recorded as reviewed against the current English: offer.heading" in result.output
    assert i18n("status", "--strict", "fr").exit_code == 0


def test_import_fills_a_scaffold(project, i18n, tmp_path):
    locale_file(project, "fr").unlink()
    assert i18n("new", "fr").exit_code == 0
    path = export(i18n, tmp_path, "fr")
    edit_po(path, {"meta.subtitle": {"string": "Fiche d'information"}, "ui.follow": {"string": "Suivez l'ICAT :"}})
    result = i18n("import", str(path))
    assert result.exit_code == 0, result.output
    text = locale_file(project, "fr").read_text(encoding="utf-8")
    assert '  subtitle: "Fiche d\'information"  # en: Factsheet\n' in text
    assert '  follow: "Suivez l\'ICAT :"  # en: Follow ICAT:\n' in text


def test_import_refuses_unknown_keys_and_a_file_without_language(project, i18n, tmp_path):
    path = export(i18n, tmp_path, "fr")
    path.write_text(path.read_text(encoding="utf-8").replace('msgctxt "offer.heading"', 'msgctxt "offer.title"'),
                    encoding="utf-8")
    result = i18n("import", str(path))
    assert result.exit_code == 1 and "key 'offer.title': unknown key" in result.output
    assert i18n("import", str(path), "--force").exit_code == 0
    path.write_text(path.read_text(encoding="utf-8").replace('"Language: fr\\n"\n', ""), encoding="utf-8")
    result = i18n("import", str(path), "--force")
    assert result.exit_code == 1 and "pass --lang" in result.output
    assert i18n("import", str(path), "--force", "--lang", "fr").exit_code == 0


def test_import_refuses_a_language_other_than_the_files(project, i18n, tmp_path):
    path = export(i18n, tmp_path, "fr", "xliff")
    before = locale_file(project, "es").read_bytes()
    result = i18n("import", str(path), "--lang", "es")
    assert result.exit_code == 1 and "the file says its language is 'fr', not 'es'" in result.output
    assert locale_file(project, "es").read_bytes() == before


def test_set_values_keeps_each_scalar_style_and_adds_absent_keys():
    text = ('meta:\n  title: Plain title  # note\n  subtitle: "Quoted"\n  kw: \'single\'\n'
            'entities:\n  a: {name: Name, acronym: A}\n')
    edited = set_values(text, {"meta.title": "New: title", "meta.subtitle": "Nouveau", "meta.kw": "it's",
                               "entities.a.name": "N, M", "entities.b.name": "B", "meta.extra": "yes"})
    assert edited == ('meta:\n  title: "New: title"  # note\n  subtitle: "Nouveau"\n  kw: \'it\'\'s\'\n'
                      '  extra: "yes"\n'
                      'entities:\n  a: {name: "N, M", acronym: A}\n  b:\n    name: B\n')
