"""Short strings of the real factsheet left in English, or holding a placeholder word -> the build fails naming
them, and `i18n status` counts them as not translated; names that may stay identical stay allowed.
"""

from __future__ import annotations

import shutil

import pytest

from ..conftest import REPO
from .test_corpus import outcome, run_in

IDENTICAL = ("identical to the English (“{english}”): translate it, or list it under identical_ok in "
             "source/project.yaml if it rightly stays so")


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "source", root / "source")
    for shared in ("layouts", "assets"):
        (root / shared).symlink_to(REPO / shared)
    return root


def edit(root, lang: str, old: str, new: str) -> None:
    path = root / "source" / "locales" / f"{lang}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_french_heading_left_in_english_fails_the_build_and_shows_in_status(project):
    edit(project, "fr", 'heading: "Composition"', 'heading: "Membership"')
    edit(project, "fr", '''heading: "Qu'offre l'ICAT\u00a0?"''', 'heading: "What does ICAT offer?"')
    message = ("exit: 1\nError: The translations fail 2 QA check(s):\n"
               f"  source/locales/fr.yaml:24: key 'offer.heading': {IDENTICAL.format(english='What does ICAT offer?')}\n"
               f"  source/locales/fr.yaml:33: key 'membership.heading': {IDENTICAL.format(english='Membership')}\n")
    assert outcome(run_in(project, "build", "--lang", "fr", "-j", "1")) == message
    assert outcome(run_in(project, "validate", "--lang", "fr")) == message
    assert not (project / "output").exists()
    status = run_in(project, "i18n", "status", "fr")
    assert status.exit_code == 0
    assert status.stdout.splitlines()[1].split()[:3] == ["fr", "110/112", "98%"]
    assert status.stdout.endswith(
        f"fr:\n  source/locales/fr.yaml:24: key 'offer.heading': {IDENTICAL.format(english='What does ICAT offer?')}\n"
        f"  source/locales/fr.yaml:33: key 'membership.heading': {IDENTICAL.format(english='Membership')}\n")
    strict = run_in(project, "i18n", "status", "fr", "--strict")
    assert strict.exit_code == 1


def test_identical_ok_lets_a_string_stay_as_the_english_has_it(project):
    edit(project, "fr", 'heading: "Composition"', 'heading: "Membership"')
    factsheet = project / "source" / "project.yaml"
    factsheet.write_text(factsheet.read_text(encoding="utf-8") + "\nidentical_ok:\n  - Membership\n", encoding="utf-8")
    assert outcome(run_in(project, "validate", "--lang", "fr")) == (
        "exit: 0\nvalid: icat-factsheet: fr\nvalid: icat-at-a-glance: fr\n")  # both publications
    status = run_in(project, "i18n", "status", "fr")
    assert status.stdout.splitlines()[1].split()[:3] == ["fr", "112/112", "100%"]


def test_a_todo_in_an_arabic_string_fails_and_is_not_counted_as_translated(project):
    edit(project, "ar", '  title: "فريق', '  title: "TODO فريق')
    got = outcome(run_in(project, "validate", "--lang", "ar"))
    assert got == ("exit: 1\nError: The translations fail 1 QA check(s):\n  source/locales/ar.yaml:5: key "
                   "'meta.title': “TODO” stands for text not written yet: write the text\n")
    status = run_in(project, "i18n", "status", "ar")
    assert status.stdout.splitlines()[1].split()[:3] == ["ar", "111/112", "99%"]
