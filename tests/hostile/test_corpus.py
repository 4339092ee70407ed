"""Hostile and broken inputs -> exactly the message written beside each (or acceptance), never a traceback.

Each case is a file under cases/<target>/ that replaces one file of the tiny project in
tests/hostile/project (fr: its translation, en: its source locale, project: its
source/project.yaml, factsheet: its publication, source/factsheet.yaml); <case>.expected beside it holds the exit code on its first line,
then the exact output: stderr when the command fails, stdout when it succeeds. Cases too
large to keep as files are made by GENERATED. The cases run `build-factsheet validate`,
which loads and checks everything a build loads and checks, without rendering; a few run
the whole build too, to show that it says the same. HOSTILE_UPDATE=1 rewrites the
.expected files from the current output (read the diff before committing it).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_factsheet.cli import main

from ..conftest import REPO

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
TARGETS = {"fr": "source/locales/fr.yaml", "en": "source/locales/en.yaml", "factsheet": "source/factsheet.yaml",
           "project": "source/project.yaml"}
_FR = (HERE / "project" / TARGETS["fr"]).read_bytes()
GENERATED = {
    "fr/too-large": lambda: b"# 1.2 MB: more than the limit.\n" + _FR + b"#" * 1_200_000 + b"\n",
    "fr/deep-nesting": lambda: b"meta:\n  title: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",  # crashed libyaml
    "fr/utf16": lambda: _FR.decode().encode("utf-16"),
}


def _cases() -> list[str]:
    return sorted(p.relative_to(CASES).with_suffix("").as_posix() for p in CASES.glob("*/*.expected"))


def case_input(case: str) -> bytes:
    path = CASES / f"{case}.yaml"
    return path.read_bytes() if path.exists() else GENERATED[case]()


def make_project(tmp_path: Path, case: str) -> Path:
    """The tiny project with the case's file in place; layouts and assets are the real ones, shared."""
    root = tmp_path / "project"
    shutil.copytree(HERE / "project" / "source", root / "source")
    for shared in ("layouts", "assets"):
        (root / shared).symlink_to(REPO / shared)
    (root / TARGETS[case.split("/")[0]]).write_bytes(case_input(case))
    return root


def run_in(root: Path, *args: str):
    """Run the CLI inside `root`, as a user would, so that messages name files relative to it."""
    previous = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, ["-C", ".", *args])
    finally:
        os.chdir(previous)


def outcome(result) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"uncaught {type(result.exception).__name__}: {result.exception}"
    assert "Traceback" not in result.output
    return f"exit: {result.exit_code}\n" + (result.stdout if result.exit_code == 0 else result.stderr)


def test_the_corpus_is_large_enough():
    assert len(_cases()) >= 30
    assert all((CASES / f"{case}.expected").exists() for case in GENERATED)


@pytest.mark.parametrize("case", _cases())
def test_case_gives_exactly_its_expected_message(tmp_path, case):
    root = make_project(tmp_path, case)
    args = ["validate", "--lang", "en"] if case.startswith("en/") else ["validate"]
    got = outcome(run_in(root, *args))
    expected_path = CASES / f"{case}.expected"
    if os.environ.get("HOSTILE_UPDATE"):
        expected_path.write_text(got, encoding="utf-8")
    assert got == expected_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", ["fr/rlo-literal", "fr/alias-bomb", "fr/deep-nesting", "fr/raw-html-script",
                                  "project/python-tag", "project/twitter-not-a-handle", "factsheet/block-kinds"])
def test_the_build_reports_what_validate_reports_and_publishes_nothing(tmp_path, case):
    root = make_project(tmp_path, case)
    result = run_in(root, "build", "-j", "1")
    assert outcome(result) == (CASES / f"{case}.expected").read_text(encoding="utf-8")
    assert not (root / "output").exists()


def test_a_locale_with_a_bom_and_crlf_line_ends_builds(mini_project):
    from build_factsheet import pipeline

    path = mini_project / "source" / "locales" / "fr.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    [result] = pipeline.build(pipeline.BuildOptions(root=mini_project, langs=["fr"], jobs=1))
    assert result.pdf == mini_project / "output" / "mini-fr.pdf" and result.checks_passed == len(result.checks)
