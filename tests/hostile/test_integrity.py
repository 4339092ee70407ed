"""Output integrity: builds killed at random moments (SIGKILL) and two builds at once leave output/ holding
only whole, checked files, and the next build recovers.

Slow (whole builds in subprocesses, some 30 s): marked `integrity`; `make test` runs them.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest

from ..conftest import PROJECTS, REPO, wait_until

pytestmark = pytest.mark.integrity
EDIT = {"en.yaml": ("written for the test suite.", "written for the integrity tests."),
        "fr.yaml": ("pour la suite de tests.", "pour les tests d'intégrité.")}
# A build, run so that its main process kills itself with SIGKILL right after its Nth rename
# into output/ (os.replace: publishing a PDF, a print PDF, a thumbnail, the manifest, the kit's
# page): the moments where a partial or unchecked file could appear. N=0: never.
# N=-1: just before its first rename into output/ (everything rendered, checked and staged).
_KILLER = """
import os, signal, sys
from pathlib import Path
limit, main_pid, real_replace, count = int(sys.argv[1]), os.getpid(), os.replace, [0]
def replace(src, dst):
    into_output = os.getpid() == main_pid and "output" in Path(dst).parts
    if limit == -1 and into_output:
        os.kill(main_pid, signal.SIGKILL)
    real_replace(src, dst)
    if into_output:
        count[0] += 1
        if count[0] == limit:
            os.kill(main_pid, signal.SIGKILL)
os.replace = replace
from build_factsheet.cli import main
main(sys.argv[2:])
"""
# How builds are killed: from outside at a seeded random moment (with two worker processes), or
# from inside right after their Nth file published (one process; publishing starts once every
# language is checked). The second kills one build after its first file is published, then the
# next build after its fourth: two kills in a row. The third kills a build just before it
# publishes anything.
KILLS = {"timer": [("timer", 5)], "renames": [("rename", 1), ("rename", 4)],
         "before-publishing": [("rename", -1)]}
_recovered: list[dict[str, str]] = []


def make_project(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copytree(PROJECTS / "mini" / "source", target / "source")
    for shared in ("layouts", "assets"):
        (target / shared).symlink_to(REPO / shared)
    return target


def edit(root: Path) -> None:
    """Change a sentence in both languages: the next build renders, checks and publishes both."""
    for name, (old, new) in EDIT.items():
        path = root / "source" / "locales" / name
        path.write_text(path.read_text().replace(old, new))


def start_build(root: Path, kill_after_renames: int = 0, jobs: int = 1) -> subprocess.Popen:
    args = ["-C", str(root), "build", "-j", str(jobs)]
    return subprocess.Popen([sys.executable, "-c", _KILLER, str(kill_after_renames), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def build(root: Path) -> tuple[float, str]:
    started = time.perf_counter()
    process = start_build(root)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return time.perf_counter() - started, out + err


def still_building(root: Path, wait: float = 3.0) -> list[int]:
    """Return the processes still running a build of `root` (its path is in their command line)."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                if str(root).encode() in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def published(root: Path) -> dict[str, str]:
    """Map each file under output/ to its sha256, after checking it is whole: a PDF pypdf reads,
    a PNG Pillow decodes, JSON that parses, an HTML page that ends."""
    from PIL import Image

    found = {}
    for path in sorted(p for p in (root / "output").rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".pdf":
            assert len(pypdf.PdfReader(path).pages) == 1, path
        elif path.suffix == ".png":
            Image.open(path).load()
        elif path.suffix == ".html":
            assert data.decode("utf-8").rstrip().endswith("</html>"), path
        else:
            json.loads(data)
        found[path.relative_to(root / "output").as_posix()] = hashlib.sha256(data).hexdigest()
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The mini project built once (the last good set, A), and how long that took."""
    root = make_project(tmp_path_factory.mktemp("integrity") / "a")
    seconds, _ = build(root)
    return root, published(root), seconds


@pytest.mark.parametrize("kills", KILLS.values(), ids=KILLS.keys())
def test_killed_builds_leave_whole_checked_files_and_the_next_build_recovers(tmp_path, built, kills):
    first, set_a, seconds = built
    assert {"manifest.json", "mini-en.pdf", "mini-fr.pdf", "print/mini-en-print.pdf", "index.html"} <= set(set_a)
    root = tmp_path / "project"
    shutil.copytree(first, root, symlinks=True)
    edit(root)
    states = []
    for how, seed in kills:
        if how == "timer":
            delay = random.Random(seed).uniform(0.1, 1.0) * seconds  # anywhere in a build's life
            process = start_build(root, jobs=2)
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            when = f"after {delay:.2f} s of a {seconds:.2f} s build"
        else:
            process = start_build(root, seed)
            when = f"after rename {seed}"
        try:  # workers outliving the build would hold its output pipes open
            process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail(f"killed {when}, its workers still run: {still_building(root, 0)}")
        assert process.returncode == -signal.SIGKILL or how == "timer"
        assert not still_building(root), "a worker outlived its killed build"
        after_kill = published(root)  # every file whole: no partial or temporary file in output/
        assert set(after_kill) == set(set_a), "a temporary or partial file was left in output/"
        if seed == -1:  # stopped after every check but before publishing: exactly the last good set
            assert after_kill == set_a, when
        states.append((when, after_kill, len(list(root.rglob(".*.tmp")))))

    _, log = build(root)
    set_b = published(root)
    assert not list(root.rglob(".*.tmp"))
    for when, after_kill, leftovers in states:
        for name, sha in after_kill.items():  # each file the last good one or the new checked one
            assert sha in (set_a[name], set_b[name]), (when, name)
        print(f"killed {when}: {sum(after_kill[n] != set_a[n] for n in after_kill)} of {len(set_a)} files new, "
              f"{leftovers} temporary file(s) left, removed by the next build")
    _recovered.append(set_b)
    assert all(recovered == set_b for recovered in _recovered)  # every recovery ends in the same set


def test_two_builds_at_once_wait_for_each_other_and_both_succeed(tmp_path, built):
    first, set_a, _ = built
    root = tmp_path / "project"
    shutil.copytree(first, root, symlinks=True)
    edit(root)
    processes = [start_build(root) for _ in range(2)]
    results = [process.communicate(timeout=300) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], results
    logs = [out + err for out, err in results]
    assert sum("waiting for another build of this project to finish" in log for log in logs) == 1, logs
    assert sum("2 built" in log for log in logs) == 1 and sum("2 already current" in log for log in logs) == 1
    assert published(root)["manifest.json"] != set_a["manifest.json"]


def test_temporary_files_are_unique_and_those_of_a_killed_build_are_removed(tmp_path, monkeypatch):
    from build_factsheet.atomic import write_atomic
    from build_factsheet.publish.files import remove_stale_temporaries

    target = tmp_path / "output" / "a.pdf"
    names = set()
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: names.add(Path(src).name) or real_replace(src, dst))
    for _ in range(3):
        write_atomic(target, b"data", tmp_dir=tmp_path / "build" / "en")
    monkeypatch.undo()
    assert len(names) == 3 and all(n.startswith(".a.pdf.") and n.endswith(".tmp") for n in names)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.pdf", "build", "en", "output"]
    stale = [tmp_path / "output" / ".a.pdf.tmp", tmp_path / "build" / "en" / ".x.pdf.k2j3.tmp",
             tmp_path / "build" / "cache" / "cmaps" / ".x.json.a1b2.tmp"]
    stale[-1].parent.mkdir(parents=True)
    for path in stale:
        path.write_bytes(b"half")
    assert sorted(remove_stale_temporaries(tmp_path)) == sorted(stale)
    assert target.read_bytes() == b"data"


def test_a_temporary_file_on_another_file_system_falls_back_beside_the_target(tmp_path, monkeypatch):
    import errno

    from build_factsheet.atomic import write_atomic

    real_replace = os.replace

    def cross_device(src, dst):
        if Path(src).parent != Path(dst).parent:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", cross_device)
    target = tmp_path / "output" / "a.pdf"
    assert write_atomic(target, b"data", tmp_dir=tmp_path / "build")
    assert target.read_bytes() == b"data"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.pdf", "build", "output"]


# A build whose workers, instead of rendering, say that they started (a file named by their pid)
# and then wait to be killed: a worker that is provably still working, however fast the machine.
_BLOCKING_WORKERS = """
import os, signal, sys
from pathlib import Path
from build_factsheet import workers
started = Path(sys.argv[1])
def load_and_render(lang, *args, **kwargs):
    (started / str(os.getpid())).touch()
    while True:
        signal.pause()
load_and_render.__module__ = workers.__name__
workers.load_and_render = load_and_render
from build_factsheet.cli import main
main(sys.argv[2:])
"""


def test_a_killed_worker_is_a_clean_error_and_output_stays_whole(tmp_path, built):
    first, set_a, _ = built
    root = tmp_path / "project"
    shutil.copytree(first, root, symlinks=True)
    edit(root)
    started = tmp_path / "started"
    started.mkdir()
    process = subprocess.Popen([sys.executable, "-c", _BLOCKING_WORKERS, str(started), "-C", str(root), "build",
                                "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        worker = wait_until(lambda: next(started.iterdir(), None), 120, "a worker to start rendering")
        assert _parent(int(worker.name)) == process.pid
        os.kill(int(worker.name), signal.SIGKILL)
        out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 1 and "Traceback" not in err, err
    assert err.startswith("Error: A worker process ended abruptly"), err
    assert not still_building(root), "a worker outlived the build"
    assert published(root) == set_a  # nothing of the failed build was published
    build(root)


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None
