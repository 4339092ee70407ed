"""Vendored fonts that are not what they claim -> a message naming the file and what is wrong, from validate
and build alike, exit 1, no traceback: a bold face replaced by the regular one, a truncated, corrupted,
deleted or non-font file; and no traceback where the pipeline reads fonts itself (coverage, the kit).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_factsheet.errors import BuildError
from build_factsheet.model import fonts
from build_factsheet.model.fontfiles import FontFace, FontFacts, check_face, describe_font

from ..conftest import REPO
from .test_corpus import outcome, run_in

FONTS = "assets/fonts"


def break_font(root: Path, name: str, how: str) -> None:
    path = root / FONTS / name
    data = path.read_bytes()
    if how == "regular":
        shutil.copy(root / FONTS / "NotoSans-Regular.ttf", path)
    elif how == "truncated":
        path.write_bytes(data[:20_000])
    elif how == "corrupted":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 64]) + data[middle + 64:])
    elif how == "deleted":
        path.unlink()
    elif how == "not-a-font":
        path.write_text("# Noto Sans\n\nDownloaded from the web.\n")


CASES = {
    "bold-replaced-by-regular": ("NotoSans-Bold.ttf", "regular",
                                 "the file is Noto Sans 400 normal ('Regular'), not what layouts/brand.yaml:24 declares "
                                 "(Noto Sans 700 normal): weight 400, declared 700: put the right face in its place"),
    "truncated": ("NotoSans-Bold.ttf", "truncated",
                  "damaged or truncated: its 'fpgm' table ends at byte 20,056, after the end of the file (20,000 bytes)"),
    "corrupted": ("NotoSans-Italic.ttf", "corrupted", "damaged: its 'glyf' table does not match its checksum"),
    "deleted": ("NotoSans-Italic.ttf", "deleted",
                "font file missing (declared in layouts/brand.yaml:25 as Noto Sans 400 italic)"),
    "not-a-font": ("NotoNaskhArabic-Bold.ttf", "not-a-font", "not a readable font: Not a TrueType or OpenType font "
                                                             "(bad sfntVersion)"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_font_that_is_not_what_it_claims_is_named(mini_project, case):
    name, how, message = CASES[case]
    break_font(mini_project, name, how)
    expected = (f"exit: 1\nError: 1 problem(s) with the brand or its fonts (layouts/brand.yaml, assets/fonts/):\n"
                f"  {FONTS}/{name}: {message}\n")
    assert outcome(run_in(mini_project, "validate")) == expected
    assert outcome(run_in(mini_project, "build", "-j", "1")) == expected
    assert not (mini_project / "output").exists()


def test_the_comparison_takes_a_declaration_from_anywhere():
    face = FontFace("Noto Sans", 700, "italic", REPO / FONTS / "NotoSans-Bold.ttf", "brand.yaml:12")
    facts = describe_font(face.path)
    assert facts == FontFacts("Noto Sans", "Bold", 700, False)
    assert check_face(face, facts) == ["the file is Noto Sans 700 normal ('Bold'), not what brand.yaml:12 declares "
                                       "(Noto Sans 700 italic): upright, declared italic: put the right face in its "
                                       "place"]


def test_reading_a_damaged_font_elsewhere_is_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "assets" / "fonts" / "Broken.ttf"
    bad.parent.mkdir(parents=True)
    bad.write_text("not a font\n")
    with pytest.raises(BuildError) as caught:
        fonts.uncovered("abc", [bad])
    assert caught.value.render() == ("A vendored font cannot be read:\n  assets/fonts/Broken.ttf: not a readable font "
                                     "(TTLibError: Not a TrueType or OpenType font (not enough data)); put the original "
                                     "file back")


def test_the_kit_says_which_font_it_cannot_subset(mini_project):
    from build_factsheet.model.brand import load_brand
    from build_factsheet.publish import kitpage

    break_font(mini_project, "NotoSans-Bold.ttf", "truncated")
    with pytest.raises(BuildError) as caught:
        kitpage.font_faces(mini_project, load_brand(mini_project), "Membership")
    assert caught.value.render() == (
        "index.html cannot be made: assets/fonts/NotoSans-Bold.ttf cannot be subset:\n  assets/fonts/NotoSans-Bold.ttf: "
        "damaged or truncated: its 'fpgm' table ends at byte 20,056, after the end of the file (20,000 bytes)")
