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
def built_real_all(tmp_path_factory):
    """The real project built as `make pdf` builds it, once per test session: every publication
    in all six languages, with the kit: (root, results of every publication)."""
    from build_factsheet import pipeline

    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    return root, pipeline.build(pipeline.BuildOptions(root=root))


@pytest.fixture(scope="session")
def built_real(built_real_all):
    """The real factsheet of that build: (root, its results by language)."""
    root, results = built_real_all
    return root, {r.lang: r for r in results if r.publication == "icat-factsheet"}


@pytest.fixture(scope="session")
def built_leaflet(built_real_all):
    """The leaflet "ICAT at a glance" of that build: (root, its results by language)."""
    root, results = built_real_all
    return root, {r.lang: r for r in results if r.publication == "icat-at-a-glance"}


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


# A second publication for the harbour project: the ferry card, on the same layout, in two of
# its three languages, with one string of its own and many it shares with the visitor notice.
FERRY_CARD = """\
document:
  id: kestrel-bay-ferry-card
  layout: notice
  page_budget: 1
  paper: A4
  edition: {date: 2025-04-01, precision: month}
  languages: [en, ar]

sections:
  - id: fares
    heading: fares.heading
    blocks:
      - {paragraph: card.p1}
      - {price_list: ferry_fares, caption: fares.caption}
      - {paragraph: fares.note}
  - id: hours
    heading: hours.heading
    blocks:
      - {hours_table: visitor_centre_hours, caption: hours.caption}
  - id: safety
    heading: safety.heading
    blocks:
      - {notice_box: safety.warning}
      - {paragraph: safety.p1}
  - id: places
    heading: places.heading
    blocks:
      - {venue_list: places}
"""
FERRY_CARD_STRINGS = {
    "en": "Keep this card, and show it to the crew when you board the island ferry.",
    "fr": "Conservez cette carte et montrez-la à l’équipage en montant à bord du bac.",
    "ar": "احتفظ بهذه البطاقة وأظهرها لطاقم العبارة عند الصعود إلى متنها.",
}


def add_ferry_card(root: Path) -> Path:
    """Give a copy of the harbour project a second publication (source/publications/card.yaml)."""
    source = root / "source"
    (source / "publications").mkdir()
    shutil.move(source / "factsheet.yaml", source / "publications" / "notice.yaml")
    (source / "publications" / "card.yaml").write_text(FERRY_CARD, encoding="utf-8")
    for lang, text in FERRY_CARD_STRINGS.items():
        path = source / "locales" / f"{lang}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + f'card:\n  p1: "{text}"\n', encoding="utf-8")
    return root


@pytest.fixture
def harbour_two_publications(tmp_path) -> Path:
    """A copy of the harbour project with two publications: the visitor notice and the ferry card."""
    return add_ferry_card(copy_harbour(tmp_path / "harbour"))
