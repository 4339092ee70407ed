"""Checked PDF bytes in build/ -> output/ files, moved atomically so a failed build changes nothing."""

from __future__ import annotations

import os
from pathlib import Path

OUTPUT_DIR = "output"
BUILD_DIR = "build"


def output_name(document_id: str, lang: str, draft: bool = False) -> str:
    return f"{document_id}-{lang}{'-draft' if draft else ''}.pdf"


def stage(build_dir: Path, lang: str, name: str, data: bytes) -> Path:
    """Write `data` to build/<lang>/<name> (the staging area) and return its path."""
    path = build_dir / lang / name
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


def publish(staged: Path, output_dir: Path, name: str) -> Path:
    """Move a staged file whose checks passed into output/, replacing the old one atomically."""
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / name
    tmp = output_dir / f".{name}.tmp"
    tmp.write_bytes(staged.read_bytes())
    os.replace(tmp, target)
    return target
