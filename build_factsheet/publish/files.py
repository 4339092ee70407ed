"""Checked PDF bytes in build/ -> output/ files, moved atomically so a failed build changes nothing."""

from __future__ import annotations

from pathlib import Path

from build_factsheet.atomic import TMP_SUFFIX, write_atomic

OUTPUT_DIR = "output"
BUILD_DIR = "build"


def remove_stale_temporaries(root: Path) -> list[Path]:
    """Delete the temporary files a killed build left behind; call only while holding the build lock."""
    pattern = f".*{TMP_SUFFIX}"
    stale = [*(root / OUTPUT_DIR).glob(pattern), *(root / BUILD_DIR).rglob(pattern), *(root / "source").glob(pattern)]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def output_name(document_id: str, lang: str, draft: bool = False) -> str:
    return f"{document_id}-{lang}{'-draft' if draft else ''}.pdf"


def stage(build_dir: Path, lang: str, name: str, data: bytes) -> Path:
    """Write `data` to build/<lang>/<name> (the staging area) and return its path."""
    path = build_dir / lang / name
    write_atomic(path, data)
    return path


def publish(staged: Path, output_dir: Path, name: str) -> Path:
    """Copy a staged file whose checks passed into output/, replacing the old one atomically.

    The copy is written beside the staged file, not in output/: a build killed while copying
    leaves no partial file in output/, not even a hidden one.
    """
    target = output_dir / name
    write_atomic(target, staged.read_bytes(), tmp_dir=staged.parent)
    return target
