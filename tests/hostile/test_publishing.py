"""Publishing faults -> output/ byte-identical to the last good set, and exactly the message beside each case.

A move into output/ that fails (a read-only or immutable output/, a full disk), a staged file
that vanished, build/ deleted during a build: the build says which path and why, exits 1
without a traceback, and the files already moved are put back.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from build_factsheet import pipeline
from build_factsheet.publish import files

from .test_corpus import outcome, run_in


def snapshot(root: Path) -> dict[str, bytes]:
    out = root / "output"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def edited(built_mini, tmp_path):
    """The built mini project, copied, with its French heading changed: a build publishes a new French set."""
    root = tmp_path / "project"
    shutil.copytree(built_mini[0], root)
    fr = root / "source" / "locales" / "fr.yaml"
    fr.write_text(fr.read_text().replace("Dates clés", "Dates essentielles"))
    return root, snapshot(root)


def fail_move(monkeypatch, nth: int, error=errno.EROFS):
    """Make the `nth` os.replace into output/ fail as a read-only file system would."""
    real_replace, count = os.replace, [0]

    def replace(src, dst):
        if "output" in Path(dst).parts:
            count[0] += 1
            if count[0] == nth:
                raise OSError(error, os.strerror(error), str(src), None, str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return count


# The set of a French edit: PDF, print PDF, thumbnail, strings record, manifest, contact sheet
# (index.html shows nothing that changed).
MOVES = {1: ("mini-fr.pdf", "nothing was published: output/ is as it was"),
         2: ("print/mini-fr-print.pdf", "the 1 file(s) already moved were put back: output/ is as it was"),
         4: ("strings/mini-fr.json", "the 3 file(s) already moved were put back: output/ is as it was"),
         5: ("manifest.json", "the 4 file(s) already moved were put back: output/ is as it was"),
         6: ("contact-sheet.png", "the 5 file(s) already moved were put back: output/ is as it was")}


@pytest.mark.parametrize("nth", MOVES)
def test_a_move_that_fails_puts_back_every_file_already_moved(edited, monkeypatch, nth):
    root, before = edited
    count = fail_move(monkeypatch, nth)
    got = outcome(run_in(root, "build", "--lang", "fr", "-j", "1"))
    name, after = MOVES[nth]
    assert got == f"exit: 1\nError: output/{name}: cannot publish: Read-only file system; {after}\n"
    assert snapshot(root) == before
    assert count[0] >= nth and not (root / files.PUBLISHING_DIR).exists()
    monkeypatch.undo()
    got = outcome(run_in(root, "build", "--lang", "fr", "-j", "1"))  # the next build publishes the new set
    assert got.startswith("exit: 0\n")
    assert snapshot(root)["mini-en.pdf"] == before["mini-en.pdf"]
    assert {n for n in before if snapshot(root)[n] != before[n]} == {
        "mini-fr.pdf", "print/mini-fr-print.pdf", "thumbnails/mini-fr.png", "strings/mini-fr.json", "manifest.json",
        "contact-sheet.png"}


def test_an_immutable_output_folder_publishes_nothing(edited, monkeypatch):
    root, before = edited
    fail_move(monkeypatch, 1, errno.EPERM)  # chattr +i output: every rename into it is refused
    got = outcome(run_in(root, "build", "--lang", "fr", "-j", "1"))
    assert got == ("exit: 1\nError: output/mini-fr.pdf: cannot publish: Operation not permitted; "
                   "nothing was published: output/ is as it was\n")
    assert snapshot(root) == before


def _chattr_unsupported(folder: Path) -> str | None:
    """Why `chattr +i` cannot be tried here (not root, no chattr, a file system without it), or None."""
    import subprocess

    if shutil.which("chattr") is None:
        return "no chattr on this machine"
    probe = folder / "chattr-probe"
    probe.mkdir()
    try:
        done = subprocess.run(["chattr", "+i", str(probe)], capture_output=True, text=True)
        if done.returncode:
            return f"chattr +i is refused here: {done.stderr.strip()}"
        subprocess.run(["chattr", "-i", str(probe)], check=True)
        return None
    finally:
        probe.rmdir()


@pytest.mark.parametrize("recursive", [False, True], ids=["output", "output-and-its-folders"])
def test_a_really_immutable_output_folder_publishes_nothing(edited, tmp_path, recursive):
    """The issue's case, for real: `chattr +i output`, a French heading edited, `build --lang fr`."""
    import subprocess

    root, before = edited
    if reason := _chattr_unsupported(tmp_path):
        pytest.skip(reason)
    flags = ["-R"] if recursive else []
    subprocess.run(["chattr", *flags, "+i", str(root / "output")], check=True)
    try:
        got = outcome(run_in(root, "build", "--lang", "fr", "-j", "1"))
        assert got == ("exit: 1\nError: output/mini-fr.pdf: cannot publish: Operation not permitted; "
                       "nothing was published: output/ is as it was\n")
        assert snapshot(root) == before
    finally:
        subprocess.run(["chattr", "-R", "-i", str(root / "output")], check=True)
    assert outcome(run_in(root, "build", "--lang", "fr", "-j", "1")).startswith("exit: 0\n")
    assert snapshot(root)["mini-fr.pdf"] != before["mini-fr.pdf"]


def test_a_full_disk_while_staging_publishes_nothing(edited, monkeypatch):
    root, before = edited
    real_write = Path.write_bytes

    def write_bytes(self, data):
        if "publishing" in self.parts:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    got = outcome(run_in(root, "build", "--lang", "fr", "-j", "1"))
    assert got == ("exit: 1\nError: build/publishing/new/0-mini-fr.pdf: cannot stage the files to publish: "
                   "No space left on device; nothing was published\n")
    assert snapshot(root) == before


@pytest.mark.parametrize("what", ["staged-pdf", "build-dir"])
def test_a_staged_file_that_vanished_or_build_deleted_is_a_clear_message(edited, monkeypatch, what):
    root, before = edited
    original = pipeline._publish

    def vanish(root_, result, key):
        if what == "build-dir":
            shutil.rmtree(root / "build")
        else:
            result.pdf.unlink()
        return original(root_, result, key)

    monkeypatch.setattr(pipeline, "_publish", vanish)
    got = outcome(run_in(root, "build", "--lang", "fr", "-j", "1"))
    assert got == ("exit: 1\nError: build/fr/mini-fr.pdf: 'fr': cannot read the staged PDF: No such file or "
                   "directory (was build/ deleted during the build?); not published\n")
    assert snapshot(root) == before


def test_a_build_killed_while_moving_is_put_back_by_the_next_one(edited, monkeypatch):
    root, before = edited
    real_replace, count = os.replace, [0]

    class Killed(BaseException):
        """Stands for SIGKILL: no handler runs, the journal stays."""

    def replace(src, dst):
        real_replace(src, dst)
        if "output" in Path(dst).parts:
            count[0] += 1
            if count[0] == 3:
                raise Killed

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(Killed):
        pipeline.build(pipeline.BuildOptions(root=root, langs=["fr"], jobs=1))
    monkeypatch.undo()
    mixed = snapshot(root)
    assert sum(mixed[name] != before[name] for name in before) == 3  # a mix of two sets, for now
    assert sorted(files.recover_interrupted_set(root)) == ["mini-fr.pdf", "print/mini-fr-print.pdf",
                                                           "thumbnails/mini-fr.png"]
    assert snapshot(root) == before and not (root / files.PUBLISHING_DIR).exists()
