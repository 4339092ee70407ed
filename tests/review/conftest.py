"""The harbour sample project built once per session, copied for each review test (with its build/ cache)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from ..conftest import copy_harbour


@pytest.fixture(scope="session")
def harbour_published(tmp_path_factory) -> Path:
    """The harbour project built and published once: never changed, only copied."""
    from build_factsheet import pipeline

    root = copy_harbour(tmp_path_factory.mktemp("review") / "harbour")
    pipeline.build(pipeline.BuildOptions(root=root))
    return root


@pytest.fixture
def published(harbour_published, tmp_path) -> Path:
    """A private copy of the published harbour project (source, output/ and build/ cache), safe to change."""
    return Path(shutil.copytree(harbour_published, tmp_path / "harbour", symlinks=True))


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` and its sha256."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer says {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
