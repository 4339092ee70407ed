"""A build waiting for another -> it says who holds the lock and since when, ends at once if that build is
stopped, gives up after its time limit, and goes ahead as soon as a holder is gone.

The holder is a real process holding build/.lock; waiting is measured on a clock the tests
replace, so that nothing depends on how fast the machine is.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from build_factsheet.publish import lock

from ..conftest import wait_until
from .test_corpus import make_project, outcome, run_in

HOLDER = """
import sys
from pathlib import Path
from build_factsheet.publish.lock import build_lock
with build_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()  # holds the lock until its input is closed
"""


@pytest.fixture
def holder(tmp_path):
    """A process holding the build lock of the tiny project: (root, process)."""
    root = make_project(tmp_path, "fr/accepted-bom-crlf")
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(root)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "locked\n"
        yield root, process
    finally:
        os.kill(process.pid, signal.SIGCONT)
        process.kill()
        process.wait(timeout=60)


@pytest.fixture
def fake_clock(monkeypatch):
    """A clock that moves only when the lock sleeps; returns the list of sleeps."""
    now, sleeps = [1000.0], []

    def sleep(seconds):
        sleeps.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(lock, "_clock", lambda: now[0])
    monkeypatch.setattr(lock, "_sleep", sleep)
    return sleeps


def since(root: Path) -> str:
    fd = os.open(root / lock.LOCK_FILE, os.O_RDONLY)
    try:
        return lock.holder(fd)[1]
    finally:
        os.close(fd)


def test_a_stopped_holder_is_named_at_once(holder, fake_clock):
    root, process = holder
    os.kill(process.pid, signal.SIGSTOP)
    wait_until(lambda: lock.process_state(process.pid) == "T", 30, "the holder to stop")
    got = outcome(run_in(root, "build", "--wait", "60"))
    pid = process.pid
    assert got == (f"exit: 1\nError: build/.lock: process {pid}, the build holding the lock since {since(root)}, "
                   f"is stopped (Ctrl-Z or SIGSTOP) and cannot finish: resume it (`fg`, or kill -CONT {pid}) "
                   f"or end it (kill {pid}), then build again\n")
    assert fake_clock == []  # no waiting for what cannot come


def test_a_wait_ends_at_its_time_limit_with_a_message(holder, fake_clock, caplog):
    root, process = holder
    got = outcome(run_in(root, "build", "--wait", "5"))
    assert got == (f"exit: 1\nError: build/.lock: gave up after 5 s waiting for process {process.pid}, the build "
                   f"holding the lock since {since(root)}; wait longer with --wait SECONDS\n")
    assert sum(fake_clock) == pytest.approx(5) and len(fake_clock) == 25  # polled every 0.2 s, for 5 s
    assert f"waiting for another build of this project to finish (process {process.pid} holds build/.lock " \
           f"since {since(root)}); giving up after 5 s" in caplog.text


def test_the_time_limit_holds_on_the_real_clock(holder):
    root, process = holder
    build = subprocess.run([sys.executable, "-m", "build_factsheet", "-C", str(root), "build", "--wait", "0.5"],
                           capture_output=True, text=True, timeout=120)
    assert build.returncode == 1 and "Traceback" not in build.stderr
    assert build.stderr.endswith(f"Error: build/.lock: gave up after 0.5 s waiting for process {process.pid}, the "
                                 f"build holding the lock since {since(root)}; wait longer with --wait SECONDS\n")


WAITER = """
import sys
from pathlib import Path
from build_factsheet.publish.lock import build_lock
with build_lock(Path(sys.argv[1]), wait=600):
    print("acquired", flush=True)
"""


def test_a_holder_that_is_gone_lets_the_waiting_build_go_ahead(holder):
    root, process = holder
    waiter = subprocess.Popen([sys.executable, "-c", WAITER, str(root)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert "waiting for another build" in waiter.stderr.readline()
        process.kill()  # SIGKILL: no handler runs, the kernel releases the lock
        out, _ = waiter.communicate(timeout=120)
    finally:
        waiter.kill()
    assert waiter.returncode == 0 and out == "acquired\n"
