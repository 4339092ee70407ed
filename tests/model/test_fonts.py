"""fonts: every character of every string is checked against its language's vendored fonts."""

import re

from build_factsheet.model.fonts import check_coverage, font_stack, vendored_families
from build_factsheet.model.locales import load_catalogs, read_catalog
from build_factsheet.model.source import load_factsheet

from ..conftest import REPO


def test_shipped_locales_are_covered():
    factsheet = load_factsheet(REPO)
    for lang, catalog in load_catalogs(factsheet, list(factsheet.locales)).items():
        assert check_coverage(REPO, catalog) == [], lang


def test_a_character_no_font_has_is_named_with_file_key_and_code_point(real_project):
    path = real_project / "source" / "locales" / "ar.yaml"
    text = path.read_text()
    text = text.replace("  logo_alt: ", "  logo_alt: \U00010330 ", 1)
    path.write_text(text)
    catalog, _ = read_catalog(real_project, "ar")
    problems = [str(p) for p in check_coverage(real_project, catalog)]
    assert len(problems) == 1
    assert re.search(r"ar\.yaml:\d+: key 'ui\.logo_alt': U\+10330 GOTHIC LETTER AHSA", problems[0])


def test_font_stacks_are_the_brand_scripts_fonts_and_are_vendored():
    families = vendored_families(REPO)
    files = {path.name for paths in families.values() for path in paths}
    assert all(path.is_file() for paths in families.values() for path in paths)
    for lang in ("en", "fr", "es", "ru", "ar", "zh"):
        for name in font_stack(REPO, lang):
            assert name in files, f"{name} is not a font face of layouts/brand.yaml"
    assert font_stack(REPO, "ar")[0] == "NotoNaskhArabic-Regular.ttf"
    assert font_stack(REPO, "zh")[0] == "NotoSansCJKsc-Regular.otf"
    assert font_stack(REPO, "fr") == font_stack(REPO, "en")


def test_the_coverage_check_follows_the_brand_s_fonts(real_project):
    # Arabic set in Noto Sans alone: its letters are in no font of the stack.
    brand = real_project / "layouts" / "brand.yaml"
    brand.write_text(brand.read_text().replace("fonts: [Noto Naskh Arabic, Noto Sans]", "fonts: [Noto Sans]"))
    catalog, _ = read_catalog(real_project, "ar")
    problems = [str(p) for p in check_coverage(real_project, catalog)]
    assert problems and "is in no font of the 'ar' stack (NotoSans-Regular.ttf)" in problems[0]


def test_fonts_are_vendored_with_their_licence():
    fonts_dir = REPO / "assets" / "fonts"
    assert "SIL OPEN FONT LICENSE" in (fonts_dir / "OFL.txt").read_text().upper()
    assert (fonts_dir / "make_cjk_subset.py").is_file()


def test_the_build_stops_before_rendering_on_a_character_no_font_has(mini_project):
    import pytest

    from build_factsheet import pipeline
    from build_factsheet.errors import SourceError

    path = mini_project / "source" / "locales" / "fr.yaml"
    path.write_text(path.read_text().replace("Dates clés", "Dates clés \U0001f600"))
    with pytest.raises(SourceError) as caught:
        pipeline.build(pipeline.BuildOptions(root=mini_project))
    [problem] = caught.value.problems
    assert problem.key == "history.heading" and "fr.yaml" in problem.path and problem.line
    assert "U+1F600" in problem.message
    assert not (mini_project / "build" / "fr").exists()
