"""brand: layouts/brand.yaml is read and checked once; every wrong value is named with its line."""

import os

import pytest

from build_factsheet.errors import SourceError
from build_factsheet.model.brand import BRAND_FILE, SCRIPTS, Leading, load_brand, script_of

from ..conftest import REPO


def _with(tmp_path, *changes: tuple[str, str]):
    """A project whose brand.yaml is the real one with each (old, new) replaced once."""
    text = (REPO / BRAND_FILE).read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    (tmp_path / "layouts").mkdir(exist_ok=True)
    (tmp_path / BRAND_FILE).write_text(text, encoding="utf-8")
    return tmp_path


def _line(text: str) -> int:
    original = (REPO / BRAND_FILE).read_text(encoding="utf-8")
    return original[:original.index(text)].count("\n") + 1


def _problems(root) -> list[str]:
    with pytest.raises(SourceError) as caught:
        load_brand(root)
    return [str(p) for p in caught.value.problems]


def test_the_real_brand_loads():
    brand = load_brand(REPO)
    assert set(brand.scripts) == set(SCRIPTS)
    assert brand.colours["primary"] == "#0b4f7c"
    assert brand.script("ar").families == ("Noto Naskh Arabic", "Noto Sans")
    assert brand.script("zh").body.smallest > brand.script("en").body.smallest
    assert (brand.page.margin_block, brand.page.margin_foot, brand.page.bleed) == (15, 17, 3)
    for face in brand.faces:
        assert (REPO / "assets" / "fonts" / face.file).is_file()


def test_each_language_has_one_script():
    assert [script_of(lang) for lang in ("en", "fr", "es", "ru", "ar", "zh")] == \
        ["latin", "latin", "latin", "cyrillic", "arabic", "han"]
    assert script_of("de") == "latin"


def test_every_problem_is_named_with_its_line_at_once(tmp_path):
    root = _with(tmp_path,
                 ('primary: "#0b4f7c"', 'primary: "blue"'),
                 ("fonts: [Noto Naskh Arabic, Noto Sans]", "fonts: [Noto Kufi Arabic, Noto Sans]"),
                 ("body_pt: {smallest: 8.8, largest: 11.8, start: 10.2}",
                  "body_pt: {smallest: 8.8, largest: 11.8, start: 12}"),
                 ("  margin_foot: 17", "  margin_foot: seventeen"),
                 ("  column_gap: 7", "  column_gap: 7\ntypescale: 1  #"))
    problems = _problems(root)
    assert f"layouts/brand.yaml:{_line('primary: ')}: key 'colours.primary': expected a colour as " \
           "\"#rrggbb\" (lower case), got text ('blue')" in problems
    assert f"layouts/brand.yaml:{_line('fonts: [Noto Naskh')}: key 'scripts.arabic.fonts[0]': text " \
           "('Noto Kufi Arabic') has no regular face (weight 400, style normal) in font_faces" in problems
    assert f"layouts/brand.yaml:{_line('body_pt: {smallest: 8.8')}: key 'scripts.han.body_pt.start': must be " \
           "from smallest to largest (8.8 to 11.8), got 12" in problems
    assert f"layouts/brand.yaml:{_line('  margin_foot')}: key 'page.margin_foot': expected a number, " \
           "got text ('seventeen')" in problems
    assert any("key 'typescale': unknown key" in p for p in problems)
    assert len(problems) == 5


def test_a_missing_script_or_needed_colour_is_an_error(tmp_path):
    root = _with(tmp_path, ("  han:\n", "  hanzi:\n"), ('  tint: "#e8f1f7"', '  tinted: "#e8f1f7"'))
    problems = _problems(root)
    assert any("key 'scripts': missing required key 'han'" in p for p in problems)
    assert any("key 'scripts.hanzi': unknown key" in p for p in problems)
    assert any("key 'colours': missing required colour 'tint'" in p for p in problems)


def test_a_yaml_error_is_named_from_the_project_root(tmp_path):
    root = _with(tmp_path, ("  bleed: 3\n", "  bleed: [3\n"))
    [problem] = _problems(root)
    assert problem.startswith("layouts/brand.yaml:") and "YAML syntax error" in problem


def test_a_missing_brand_file_is_an_error(tmp_path):
    assert _problems(tmp_path) == ["layouts/brand.yaml: file not found"]


def test_an_edited_file_is_read_again(tmp_path):
    root = _with(tmp_path)
    assert load_brand(root).page.bleed == 3
    path = root / BRAND_FILE
    stat = path.stat()
    path.write_text(path.read_text().replace("  bleed: 3\n", "  bleed: 2\n"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a later save, however fast
    assert load_brand(root).page.bleed == 2


def test_a_brand_sets_only_the_scripts_of_the_projects_languages(harbour_project):
    """The harbour project is in English, French and Arabic: no Cyrillic or Chinese to set."""
    import re

    path = harbour_project / "layouts" / "brand.yaml"
    text = path.read_text(encoding="utf-8")
    for script in ("cyrillic", "han"):
        text = re.sub(rf"  {script}:\n(?:    .*\n)+", "", text)
    path.write_text(text, encoding="utf-8")
    brand = load_brand(harbour_project)
    assert sorted(brand.scripts) == ["arabic", "latin"]
    # The languages' scripts are still required: without Arabic's, the Arabic notice cannot be set.
    path.write_text(re.sub(r"  arabic:\n(?:    .*\n)+", "", text), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_brand(harbour_project)
    assert [str(p) for p in caught.value.problems] == [
        f"layouts/brand.yaml:{text.splitlines().index('scripts:') + 1}: key 'scripts': missing required key "
        "'arabic' (a language of source/project.yaml is written in it)"]


def test_a_leading_is_a_number_or_a_range():
    brand = load_brand(REPO)
    zh = brand.script("zh").leading
    assert zh.normal == 1.6 and zh.largest > zh.normal



def test_a_plain_number_is_a_leading_without_range(tmp_path):
    root = _with(tmp_path, ("leading: {normal: 1.4, largest: 1.55}", "leading: 1.45"))
    assert load_brand(root).script("en").leading == Leading(1.45, 1.45)


@pytest.mark.parametrize("leading, message", [
    ("{normal: 1.4, largest: 1.3}", "key 'scripts.latin.leading': largest (1.3) is smaller than normal (1.4)"),
    ("{normal: 1.4, largest: 14}", "key 'scripts.latin.leading.largest': must be from 1 to 2.5 (times the text "
                                   "size), got 14"),
    ("0.6", "key 'scripts.latin.leading': must be from 1 to 2.5 (times the text size), got 0.6"),
    ("{normal: 1.4, widest: 1.6}", "key 'scripts.latin.leading.widest': unknown key"),
    ("wide", "key 'scripts.latin.leading': expected a number or {normal, largest}, got text ('wide')"),
])
def test_a_leading_range_inverted_or_absurd_is_named_with_its_line(tmp_path, leading, message):
    root = _with(tmp_path, ("leading: {normal: 1.4, largest: 1.55}", f"leading: {leading}"))
    problems = _problems(root)
    line = _line("leading: {normal: 1.4, largest: 1.55}")
    assert any(p.startswith(f"layouts/brand.yaml:{line}: {message}") for p in problems), problems
