"""atomic.py: published files are readable by others, with the mode the user's umask gives."""

from __future__ import annotations

import os
import stat

import pytest

from build_factsheet import atomic


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_written_files_get_the_mode_the_umask_gives(tmp_path, umask, mode):
    previous = os.umask(umask)
    atomic.new_file_mode.cache_clear()
    try:
        target = tmp_path / "output" / "a.pdf"
        atomic.write_atomic(target, b"data", tmp_dir=tmp_path / "build")
        assert stat.S_IMODE(target.stat().st_mode) == mode
    finally:
        os.umask(previous)
        atomic.new_file_mode.cache_clear()


def test_a_whole_build_publishes_files_others_can_read(built_mini):
    root, _ = built_mini
    umask = os.umask(0)
    os.umask(umask)
    files = [p for p in (root / "output").rglob("*") if p.is_file()]
    assert {"mini-en.pdf", "manifest.json", "index.html", "mini-en-print.pdf", "mini-en.png"} <= {p.name for p in files}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path
