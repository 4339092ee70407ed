"""A project directory -> the right to build it alone: a lock held while one build runs, and workers that die with it.

Two builds of one project at once (two `make pdf`, an editor's watcher and a terminal) would
stage, check and publish the same files. The second build waits for the first, then finds
its work done or does what is left: waiting is what a user who typed the command expects.
"""

from __future__ import annotations

import ctypes
import fcntl
import logging
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger("build_factsheet")

LOCK_FILE = "build/.lock"
_PR_SET_PDEATHSIG = 1
_build_pid: int | None = None  # the process holding the lock; forked workers inherit this value


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold the project's build lock while the block runs; wait, saying so, while another build holds it.

    POSIX record locks (lockf) rather than flock: a forked worker does not inherit them, so a
    worker that outlives a killed build cannot keep the next build waiting. The kernel
    releases the lock when the process ends, however it ends (SIGKILL included).
    """
    global _build_pid
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            log.warning("waiting for another build of this project to finish (process %s holds %s)",
                        holder, LOCK_FILE)
            fcntl.lockf(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _build_pid = os.getpid()
        yield
    finally:
        _build_pid = None
        os.close(fd)  # releases the lock


def die_with_build() -> None:
    """In a worker: end when the build that started it ends, even by SIGKILL (Linux only).

    A process pool's workers otherwise outlive a killed parent, idle, forever.
    """
    if _build_pid is None or os.getpid() == _build_pid:
        return  # the build itself (one job renders in-process), or no build running
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        return
    if os.getppid() != _build_pid:  # the build ended before prctl took effect
        os._exit(1)
