"""Bytes or text + a path -> a file written whole or not at all, with the mode the user's umask gives."""

from __future__ import annotations

import errno
import functools
import json
import os
import tempfile
from pathlib import Path

TMP_SUFFIX = ".tmp"


def write_atomic(path: Path, data: bytes | str, only_if_changed: bool = False,
                 tmp_dir: Path | None = None) -> bool:
    """Write `data` to `path` through a temporary file, so a reader never sees half of it.

    The temporary file has a unique name (two builds at once never share one) in `tmp_dir`,
    by default `path`'s folder; it must be on the same file system for the final rename.
    With `only_if_changed`, an identical file is left untouched (its time stays).
    Return whether the file was written.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if only_if_changed and path.is_file() and path.read_bytes() == raw:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = tmp_dir or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=folder)
    try:
        # mkstemp makes the file 0600; published files are for others too (a shared drive, a web
        # server), so they get the mode any new file gets: 0666 less the user's umask.
        os.fchmod(handle, new_file_mode())
        with os.fdopen(handle, "wb") as file:
            file.write(raw)
        try:
            os.replace(tmp, path)
        except OSError as exc:
            if exc.errno != errno.EXDEV or tmp_dir is None:
                raise
            Path(tmp).unlink()
            return write_atomic(path, raw)  # another file system: a temporary file beside the target
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


@functools.cache
def new_file_mode() -> int:
    """The mode a file created now would get: 0666 less the process's umask (read once)."""
    umask = os.umask(0o022)  # the only way to read it is to set it: put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def remembered(path: Path | None, compute, encode=lambda value: value, decode=lambda value: value):
    """Return what `path` (a JSON file named by a hash of the inputs) remembers, or else `compute()`,
    remembered there for next time; `path` None remembers nothing.

    A damaged file is computed again; a folder that cannot be written only costs time.
    """
    if path is not None:
        try:
            return decode(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            pass  # not remembered yet, or damaged
    value = compute()
    if path is not None:
        try:
            write_atomic(path, json.dumps(encode(value)))
        except OSError:
            pass  # a read-only checkout still builds, only slower
    return value
