"""Shared fixtures: copies of the real project and of the small sample projects, built once per session."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PROJECTS = Path(__file__).resolve().parent / "projects"


def wait_until(predicate, timeout: float, what: str, interval: float = 0.02):
    """Poll `predicate` until it returns something true, and return that; fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def brand_style(braces: str = "{}") -> str:
    """The brand's <style> (@font-face, custom properties) for a hand-written page in <project>/build/<dir>/.

    `braces="{{}}"` doubles the CSS braces, for a page that is a str.format template.
    """
    from build_factsheet.render.html import brand_style as style

    text = str(style(REPO, "en", REPO / "build" / "tests"))
    return text if braces == "{}" else text.replace("{", "{{").replace("}", "}}")


def copy_project(target: Path, source_from: Path = REPO) -> Path:
    """Copy a project's source/ (from `source_from`) with the real layouts/ and assets/ into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source_from / "source", target / "source")
    shutil.copytree(REPO / "layouts", target / "layouts")
    shutil.copytree(REPO / "assets", target / "assets")
    return target


@pytest.fixture
def real_project(tmp_path) -> Path:
    """A private copy of the real project, safe to break."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def mini_project(tmp_path) -> Path:
    """The one-page sample project (tests/projects/mini) with the real layouts and assets."""
    return copy_project(tmp_path / "mini", PROJECTS / "mini")


@pytest.fixture(scope="session")
def built_real(tmp_path_factory):
    """The real factsheet built in all six languages, once per test session: (root, results)."""
    from build_factsheet import pipeline

    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    results = pipeline.build(pipeline.BuildOptions(root=root))
    return root, {r.lang: r for r in results}


@pytest.fixture(scope="session")
def built_mini(tmp_path_factory):
    from build_factsheet import pipeline

    root = copy_project(tmp_path_factory.mktemp("mini") / "mini", PROJECTS / "mini")
    results = pipeline.build(pipeline.BuildOptions(root=root))
    return root, {r.lang: r for r in results}


# The fonts the sample project's layouts/brand.yaml declares, copied from the repository's
# assets/fonts/ (the project keeps only its own images, not 1.5 MB of fonts).
HARBOUR_FONTS = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoNaskhArabic-Regular.ttf",
                 "NotoNaskhArabic-Bold.ttf", "OFL.txt")


def copy_harbour(target: Path) -> Path:
    """Copy the non-ICAT sample project (tests/projects/harbour: its own source/ and layouts/) with its fonts."""
    shutil.copytree(PROJECTS / "harbour", target)
    (target / "assets" / "fonts").mkdir(parents=True, exist_ok=True)
    for name in HARBOUR_FONTS:
        shutil.copy2(REPO / "assets" / "fonts" / name, target / "assets" / "fonts" / name)
    return target


@pytest.fixture
def harbour_project(tmp_path) -> Path:
    """A private copy of the harbour sample project, safe to change."""
    return copy_harbour(tmp_path / "harbour")


@pytest.fixture(scope="session")
def built_harbour(tmp_path_factory):
    """The harbour sample project built in its three languages, once per test session: (root, results)."""
    from build_factsheet import pipeline

    root = copy_harbour(tmp_path_factory.mktemp("harbour") / "harbour")
    results = pipeline.build(pipeline.BuildOptions(root=root))
    return root, {r.lang: r for r in results}
