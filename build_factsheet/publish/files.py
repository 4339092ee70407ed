"""Checked files staged in build/ -> output/, the whole set or nothing: a failed move puts the previous files back."""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from build_factsheet.atomic import TMP_SUFFIX, new_file_mode, write_atomic
from build_factsheet.errors import CheckError, FileError, Problem, display_path, file_error

log = logging.getLogger("build_factsheet")

OUTPUT_DIR = "output"
BUILD_DIR = "build"
# While a set is moved into output/: its files (new/), the files they replace (previous/, hard
# links or copies), and a journal naming them. A build killed in the middle leaves them, and the
# next build puts the previous files back before it does anything else (recover_interrupted_set).
PUBLISHING_DIR = "build/publishing"
JOURNAL = "journal.json"


def remove_stale_temporaries(root: Path) -> list[Path]:
    """Delete the temporary files a killed build left behind; call only while holding the build lock."""
    pattern = f".*{TMP_SUFFIX}"
    stale = [*(root / OUTPUT_DIR).rglob(pattern), *(root / BUILD_DIR).rglob(pattern), *(root / "source").glob(pattern)]
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
    """Copy one staged file into output/, replacing the old one atomically (a file outside any set).

    The copy is written beside the staged file, not in output/: a build killed while copying
    leaves no partial file in output/, not even a hidden one.
    """
    target = output_dir / name
    write_atomic(target, staged.read_bytes(), tmp_dir=staged.parent)
    return target


@dataclass
class Outgoing:
    """One file of a set to publish: a staged file whose bytes were checked, or bytes made here."""

    name: str                   # relative to output/
    sha256: str                 # of the bytes that were checked
    staged: Path | None = None  # read from here, or
    data: bytes | None = None
    what: str = "file"          # for messages: "'fr' PDF", "manifest"...


def publish_set(root: Path, files: list[Outgoing]) -> list[str]:
    """Move every file of `files` into output/, or none of them; return the names written.

    Each file is first copied into build/publishing/new/ and its bytes compared with the
    checked ones; the files it replaces are kept aside (hard links) until the last move
    is done. If a move fails, the files already moved are put back: output/ holds the
    previous set or the new one, never a mix. A file identical to the one published is
    left alone. Raise CheckError for a staged file that changed, FileError for I/O.
    """
    output = root / OUTPUT_DIR
    work = root / PUBLISHING_DIR
    recover_interrupted_set(root)
    try:
        todo = _stage_set(root, files, work)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise file_error(exc, "cannot stage the files to publish", "; nothing was published") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if not todo:
        shutil.rmtree(work, ignore_errors=True)
        return []
    moved: list[tuple[Outgoing, Path, bool]] = []
    made_dirs: list[Path] = []
    try:
        journal = []
        for item, new in todo:
            target = output / item.name
            made_dirs += _make_dirs(target.parent, root)
            journal.append({"name": item.name, "previous": _keep_previous(target, work / "previous" / item.name)})
        write_atomic(work / JOURNAL, json.dumps({"files": journal}, indent=1))
        for (item, new), entry in zip(todo, journal):
            target = output / item.name
            _move(new, target)
            moved.append((item, target, entry["previous"]))
    except OSError as exc:
        failed = _put_back(work, moved, made_dirs)
        shutil.rmtree(work, ignore_errors=True)
        if failed:
            after = f"; {len(failed)} file(s) could not be put back: {', '.join(failed)}"
        elif moved:
            after = f"; the {len(moved)} file(s) already moved were put back: output/ is as it was"
        else:
            after = "; nothing was published: output/ is as it was"
        path = display_path(exc.filename2 or exc.filename or output)
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ENOTDIR:  # output/ (or a folder in it) is a file
            reason += " (a file is where a folder is needed on the way: move it away)"
        raise FileError(f"{path}: cannot publish: {reason}{after}") from None
    (work / JOURNAL).unlink()  # the set is whole: from here on, the previous files are not needed
    shutil.rmtree(work, ignore_errors=True)
    return [item.name for item, _ in todo]


def _stage_set(root: Path, files: list[Outgoing], work: Path) -> list[tuple[Outgoing, Path]]:
    """Copy each changed file into `work`/new/ after comparing its bytes with the checked ones."""
    shutil.rmtree(work, ignore_errors=True)
    todo = []
    for index, item in enumerate(files):
        if item.data is not None:
            data = item.data
        else:
            try:
                data = item.staged.read_bytes()
            except FileNotFoundError as exc:
                raise FileError(f"{_rel(root, item.staged)}: the staged {item.what} vanished before it was "
                                f"published (was build/ deleted during the build?); nothing was published") from exc
        if hashlib.sha256(data).hexdigest() != item.sha256:
            where = _rel(root, item.staged) if item.staged else item.name
            raise CheckError(f"the staged {item.what} changed after its checks, not published:",
                             [Problem(where, None, None, "sha256 differs from the checked file")])
        target = root / OUTPUT_DIR / item.name
        try:
            if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
                continue
        except OSError:
            pass  # unreadable: replace it
        new = work / "new" / f"{index}-{Path(item.name).name}"
        new.parent.mkdir(parents=True, exist_ok=True)
        new.write_bytes(data)
        os.chmod(new, new_file_mode())
        todo.append((item, new))
    return todo


def _make_dirs(folder: Path, root: Path) -> list[Path]:
    """Create `folder` and its missing parents; return those created (to remove on failure)."""
    made = []
    while not folder.exists() and folder != root:
        made.append(folder)
        folder = folder.parent
    for path in reversed(made):
        path.mkdir()
    return made


def _keep_previous(target: Path, keep: Path) -> bool:
    """Keep the file `target` holds now at `keep` (a hard link, else a copy); tell whether there was one."""
    if not target.is_file():
        return False
    keep.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(target, keep)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(target, keep)
    return True


def _move(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        write_atomic(target, source.read_bytes())  # output/ on another file system: through a file beside it
        source.unlink()


def _put_back(work: Path, moved: list[tuple[Outgoing, Path, bool]], made_dirs: list[Path]) -> list[str]:
    """Undo the moves of a set that could not be completed; return what could not be undone."""
    failed = []
    for item, target, had_previous in reversed(moved):
        try:
            if had_previous:
                _move(work / "previous" / item.name, target)
            else:
                target.unlink(missing_ok=True)
        except OSError as exc:
            failed.append(f"output/{item.name} ({exc.strerror or exc})")
    for folder in made_dirs:
        try:
            folder.rmdir()
        except OSError:
            pass
    return failed


def recover_interrupted_set(root: Path) -> list[str]:
    """Put back the previous files of a set whose publishing was interrupted (a killed build).

    Call only while holding the build lock. Return the names put back or removed.
    """
    work = root / PUBLISHING_DIR
    try:
        journal = json.loads((work / JOURNAL).read_text(encoding="utf-8"))["files"]
    except FileNotFoundError:
        shutil.rmtree(work, ignore_errors=True)  # nothing was moved yet, or the set was whole
        return []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise FileError(f"{PUBLISHING_DIR}/{JOURNAL}: cannot read the journal of an interrupted publishing "
                        f"({exc}); check output/ and remove {PUBLISHING_DIR}/") from None
    undone = []
    for entry in journal:
        target = root / OUTPUT_DIR / entry["name"]
        keep = work / "previous" / entry["name"]
        try:
            if entry["previous"] and keep.is_file():
                if target.is_file() and os.path.samefile(keep, target):
                    continue  # not moved yet: still the previous file
                _move(keep, target)
            elif not entry["previous"] and target.is_file():
                target.unlink()
            else:
                continue
        except OSError as exc:
            raise file_error(exc, "cannot put back the previous file of an interrupted publishing") from None
        undone.append(entry["name"])
    (work / JOURNAL).unlink()
    shutil.rmtree(work, ignore_errors=True)
    return undone


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
