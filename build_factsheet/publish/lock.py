"""A project directory -> the right to build it alone: a lock held while one build runs, and workers that die with it.

Two builds of one project at once (two `make pdf`, an editor's watcher and a terminal) would
stage, check and publish the same files. The second build waits for the first, then finds
its work done or does what is left: waiting is what a user who typed the command expects.
"""

from __future__ import annotations

import ctypes
import datetime
import errno
import fcntl
import logging
import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from build_factsheet.errors import BuildError
from build_factsheet.options import DEFAULT_WAIT

log = logging.getLogger("build_factsheet")

LOCK_FILE = "build/.lock"
POLL = 0.2            # s between tries: the kernel says nothing when a lock is released
_PR_SET_PDEATHSIG = 1
_build_pid: int | None = None  # the process holding the lock; forked workers inherit this value
_sleep, _clock = time.sleep, time.monotonic  # what the tests replace to wait without waiting


class LockError(BuildError):
    """Another build holds the project's lock and will not let go: stopped, or past the time limit."""


@contextmanager
def build_lock(root: Path, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the project's build lock while the block runs; wait up to `wait` seconds while another build holds it.

    POSIX record locks (lockf) rather than flock: a forked worker does not inherit them, so a
    worker that outlives a killed build cannot keep the next build waiting. The kernel
    releases the lock when the process ends, however it ends (SIGKILL included): a holder
    that is gone lets go by itself. One that is stopped (Ctrl-Z, SIGSTOP) never would: that
    is said at once, as is a wait longer than `wait`.
    """
    global _build_pid
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        if not _try_lock(fd):
            _wait_for(fd, wait)
        os.ftruncate(fd, 0)
        since = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
        os.pwrite(fd, f"{os.getpid()}\n{since}\n".encode(), 0)
        _build_pid = os.getpid()
        yield
    finally:
        _build_pid = None
        os.close(fd)  # releases the lock


def _try_lock(fd: int) -> bool:
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EAGAIN):
            raise
        return False


def _wait_for(fd: int, wait: float) -> None:
    """Poll the lock until it is free; raise LockError if its holder is stopped, or after `wait` seconds."""
    deadline = _clock() + wait
    said = None
    while True:
        pid, since = holder(fd)
        if said != (pid, since):  # say who holds it, again if another build took it meanwhile
            log.warning("waiting for another build of this project to finish (%s holds %s%s); "
                        "giving up after %g s", _process(pid), LOCK_FILE, f" since {since}" if since else "", wait)
            said = (pid, since)
        if pid is not None and process_state(pid) in ("T", "t"):
            held = f" since {since}" if since else ""
            raise LockError(f"{LOCK_FILE}: {_process(pid)}, the build holding the lock{held}, "
                            f"is stopped (Ctrl-Z or SIGSTOP) and cannot finish: resume it (`fg`, or kill -CONT {pid}) "
                            f"or end it (kill {pid}), then build again")
        if _clock() >= deadline:
            raise LockError(f"{LOCK_FILE}: gave up after {wait:g} s waiting for {_process(pid)}, the build holding "
                            f"the lock{f' since {since}' if since else ''}; wait longer with --wait SECONDS")
        _sleep(min(POLL, max(0.0, deadline - _clock())))
        if _try_lock(fd):
            return


def holder(fd: int) -> tuple[int | None, str | None]:
    """The process id and start time the holding build wrote into the lock file (None where unknown)."""
    lines = os.pread(fd, 128, 0).decode("ascii", "replace").split("\n")
    pid = int(lines[0]) if lines[0].strip().isdigit() else None
    since = lines[1].strip() if len(lines) > 1 and lines[1].strip() else None
    return pid, since


def process_state(pid: int) -> str | None:
    """The state letter Linux gives process `pid` (R, S, D, T stopped, t traced, Z...); None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()  # the name in parentheses may hold spaces and ')'
    return fields[0] if fields else None


def _process(pid: int | None) -> str:
    if pid is None:
        return "another process"
    # Gone yet holding: the lock file still names the build before, its new holder is writing itself in.
    return f"process {pid}" if process_state(pid) is not None else f"process {pid} (no longer running)"


def die_with_build(build_pid: int | None = None) -> None:
    """In a worker: end when the build that started it (`build_pid`, by default the holder of
    the lock) ends, even by SIGKILL (Linux only).

    A process pool's workers otherwise outlive a killed parent, idle, forever.
    """
    build_pid = build_pid or _build_pid
    if build_pid is None or os.getpid() == build_pid:
        return  # the build itself (one job renders in-process), or no build running
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        return
    if os.getppid() != build_pid:  # the build ended before prctl took effect
        os._exit(1)
