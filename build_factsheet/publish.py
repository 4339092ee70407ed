"""Checked PDF bytes in build/ -> output/ files, moved atomically so a failed build changes nothing."""

from __future__ import annotations

import os
from pathlib import Path

OUTPUT_DIR = "output"
BUILD_DIR = "build"


def write_atomic(path: Path, data: bytes | str, only_if_changed: bool = False) -> bool:
    """Write `data` to `path` through a temporary file, so a reader never sees half of it.

    With `only_if_changed`, an identical file is left untouched (its time stays).
    Return whether the file was written.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if only_if_changed and path.is_file() and path.read_bytes() == raw:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(raw)
    os.replace(tmp, path)
    return True


def output_name(document_id: str, lang: str, draft: bool = False) -> str:
    return f"{document_id}-{lang}{'-draft' if draft else ''}.pdf"


def stage(build_dir: Path, lang: str, name: str, data: bytes) -> Path:
    """Write `data` to build/<lang>/<name> (the staging area) and return its path."""
    path = build_dir / lang / name
    write_atomic(path, data)
    return path


def publish(staged: Path, output_dir: Path, name: str) -> Path:
    """Copy a staged file whose checks passed into output/, replacing the old one atomically."""
    target = output_dir / name
    write_atomic(target, staged.read_bytes())
    return target
