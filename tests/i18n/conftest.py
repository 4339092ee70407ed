"""Fixtures for the translator workflow: private copies of the real project, safe to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_factsheet.cli import main

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = ("fr", "es", "ru", "ar", "zh")


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the real project's source/ and layouts/, where the keys it needs are declared
    (enough for every i18n command but a build)."""
    root = tmp_path / "project"
    for name in ("source", "layouts"):
        shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture
def render_project(project) -> Path:
    """The same copy with assets/ as well, for a build."""
    shutil.copytree(REPO / "assets", project / "assets")
    return project


@pytest.fixture
def i18n(project):
    """Run `build-factsheet -C <project> i18n ARGS...`; return click's Result."""
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, ["-C", str(project), "i18n", *args], catch_exceptions=False)

    return run


def locale_file(root: Path, lang: str) -> Path:
    return root / "source" / "locales" / f"{lang}.yaml"


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path.name} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")
