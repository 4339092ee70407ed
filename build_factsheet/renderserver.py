"""A project -> a render server that keeps WeasyPrint started and warm between builds.

A fresh process spends 0.45 s importing WeasyPrint (startup.py halved it) before it lays
out anything, and a build loads its language before rendering it. So a build that rendered
leaves behind a server process that has imported WeasyPrint and laid out the source
language once; the next build renders each language in a child forked from it, which
starts warm and loads its language while the build validates the same files.

It only ever makes builds faster: when there is none, or it is stale, busy starting or
broken, the build renders in its own worker processes as it always can, and starts a new
one for next time.

- **Started** detached by a build that rendered something, never by a build with nothing
  to do; `BUILD_FACTSHEET_SERVER=0` turns it off.
- **Keyed** by what its warm state depends on: the pipeline's code, the libraries, Python,
  the layouts and assets (fonts stay loaded), the project's path. A build with another key
  stops it and starts a new one. Locale and source edits keep it.
- **Ends** after IDLE_SECONDS without a build, when `build/` is deleted, when a newer server
  replaces it, or on `build-factsheet render-server stop`.
- **Private**: it listens on an abstract Unix socket; a client proves it can read
  `build/server/authkey` (mode 0600) before the server answers (multiprocessing.connection's
  HMAC challenge), so only the project's user can use it.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("build_factsheet")

SERVER_DIR = "build/server"
MODULE = "build_factsheet.renderserver"  # how the server is started, and recognised
IDLE_SECONDS = 15 * 60
ENABLED_VARIABLE = "BUILD_FACTSHEET_SERVER"
IDLE_VARIABLE = "BUILD_FACTSHEET_SERVER_IDLE"  # seconds, instead of IDLE_SECONDS
CONNECT_TIMEOUT = 2.0  # s: a server that does not answer in this time is treated as absent


def enabled() -> bool:
    """On unless turned off; Linux only (abstract sockets, and children forked from the server)."""
    return sys.platform.startswith("linux") and \
        os.environ.get(ENABLED_VARIABLE, "1").strip().lower() not in ("0", "no", "off", "false")


def server_key(root: Path, parts: dict[str, str]) -> str:
    """What the server's warm state depends on (`parts`: cache.shared_digests); a change means a new server."""
    digest = hashlib.sha256(str(root.resolve()).encode() + b"\0")
    for name in ("environment", "layouts", "assets"):
        digest.update(parts[name].encode())
    return digest.hexdigest()


def _address(root: Path) -> str:
    """An abstract socket (Linux): no file to leave behind, no path length limit to meet."""
    return "\0build-factsheet-" + hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:32]


def _authkey_path(root: Path) -> Path:
    return root / SERVER_DIR / "authkey"


def _info_path(root: Path) -> Path:
    return root / SERVER_DIR / "server.json"


def read_info(root: Path) -> dict | None:
    """The running server's pid, key and start time, as it wrote them; None if there is none."""
    try:
        info = json.loads(_info_path(root).read_text(encoding="utf-8"))
        return info if _is_server(int(info["pid"]), root) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _is_server(pid: int, root: Path) -> bool:
    """Tell whether `pid` is this project's server: a pid of a server that ended may be reused."""
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return MODULE.encode() in arguments and str(root.resolve()).encode() in arguments


# ---------------------------------------------------------------- client side (the build)


class ServerGone(Exception):
    """The server or its child stopped answering: render locally instead."""


@dataclass
class Session:
    """One connection to the server, served by one warm child process."""

    connection: object

    def render(self, task: tuple):
        try:
            self.connection.send(("render", *task))
            kind, value = self.connection.recv()
        except (OSError, EOFError) as exc:
            raise ServerGone(str(exc) or type(exc).__name__) from None
        if kind == "error":  # a bug, not a user mistake: the traceback is the child's
            raise ServerGone(value)
        return value

    def close(self) -> None:
        try:
            self.connection.close()
        except OSError:
            pass


def connect(root: Path, key: str, count: int) -> list[Session]:
    """Open `count` sessions with a running server of this key, or none (stopping a stale one)."""
    from multiprocessing import AuthenticationError

    try:
        authkey = _authkey_path(root).read_bytes()
    except OSError:
        return []
    sessions: list[Session] = []
    try:
        for _ in range(count):
            connection = _open(root, authkey)
            sessions.append(Session(connection))
            connection.send(("hello", key))
            answer = _receive(connection)
            if answer != ("ok", key):
                log.debug("render server: stale (%s), stopped", answer[0])
                break
    except (OSError, EOFError, ValueError, AuthenticationError) as exc:  # none running, or not ours
        log.debug("render server: none (%s)", exc)
    if len(sessions) < count or not sessions:
        for session in sessions:
            session.close()
        return []
    return sessions


def _open(root: Path, authkey: bytes):
    """Connect and authenticate both ways; a server that does not answer in time counts as none."""
    from multiprocessing.connection import Connection, answer_challenge, deliver_challenge

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(CONNECT_TIMEOUT)
        sock.connect(_address(root))
        sock.setblocking(True)
        connection = Connection(sock.detach())
    finally:
        sock.close()
    try:
        if not connection.poll(CONNECT_TIMEOUT):  # the server's child sends its challenge first
            raise TimeoutError("no answer")
        answer_challenge(connection, authkey)
        deliver_challenge(connection, authkey)
    except BaseException:
        connection.close()
        raise
    return connection


def _receive(connection):
    if not connection.poll(CONNECT_TIMEOUT):
        raise TimeoutError("no answer")
    return connection.recv()


def start(root: Path, key: str) -> None:
    """Start a server for next time, detached: it outlives this build, not the project's build/."""
    stop(root)  # a stale or broken one
    folder = root / SERVER_DIR
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    authkey = _authkey_path(root)
    temporary = authkey.with_name(f".authkey.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_bytes(32))
    os.replace(temporary, authkey)  # a server with the old key sees the change and ends
    command = [sys.executable, "-m", MODULE, str(root.resolve()), key]
    log_file = open(folder / "server.log", "wb")  # noqa: SIM115 (handed to the child)
    with log_file:
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file,
                         start_new_session=True, close_fds=True, cwd=str(root))


def stop(root: Path) -> int | None:
    """Stop the project's server; return its pid, or None if none was running."""
    info = read_info(root)
    if info is None:
        return None
    try:
        os.kill(int(info["pid"]), signal.SIGTERM)
    except OSError:
        return None
    return int(info["pid"])


# ---------------------------------------------------------------- server side


def serve(root: Path, key: str) -> None:
    """Warm up, then fork a child per connection until idle, replaced or stopped."""
    # Its log (build/server/server.log) says what each child rendered and how long it took.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `stop`: end through the cleanup below
    info = {"pid": os.getpid(), "key": key, "started": time.time(), "peak_kb": 0, "state": "warming up"}
    _info_path(root).write_text(json.dumps(info), encoding="utf-8")  # `stop` can end it from now on
    try:
        _serve(root, key, info)
    finally:
        if os.getpid() == info["pid"]:  # not in a child
            _forget(root, info["pid"])


def _serve(root: Path, key: str, info: dict) -> None:
    from multiprocessing.connection import Connection

    from . import copyfit, fonts, localise, pipeline  # noqa: F401 (loaded once, for every child)
    from .pdf import Renderer

    authkey_path = _authkey_path(root)
    authkey = authkey_path.read_bytes()
    fonts.isolate_fontconfig(root / "build")
    renderer = Renderer(root)
    pipeline._WORKER["renderer"] = renderer  # what a pool worker's initializer sets
    try:
        _warm_up(root, renderer)
    except Exception:  # noqa: BLE001 (a failed warm-up only makes the children colder)
        traceback.print_exc()

    # What the warm-up loaded stays out of the children's garbage collections: a collection
    # would write to every object and so copy every page they share with this process.
    gc.collect()
    gc.freeze()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for _ in range(30):  # a server this one replaces may take a moment to end
        try:
            listener.bind(_address(root))
            break
        except OSError:
            time.sleep(0.1)
    else:
        return  # another server of this project is listening, and keeps its key
    if not _still_wanted(authkey_path, authkey):
        return
    listener.listen(8)
    listener.settimeout(1.0)
    info["state"] = "ready"
    written = None
    idle = float(os.environ.get(IDLE_VARIABLE) or IDLE_SECONDS)
    last_used = time.monotonic()
    while True:
        info["peak_kb"] = _reap_children(info["peak_kb"])
        if info != written:
            _info_path(root).write_text(json.dumps(info), encoding="utf-8")
            written = dict(info)
        try:
            client, _ = listener.accept()
        except socket.timeout:
            if time.monotonic() - last_used > idle or not _still_wanted(authkey_path, authkey):
                return
            continue
        last_used = time.monotonic()
        if os.fork() == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            listener.close()
            client.setblocking(True)
            _serve_connection(Connection(client.detach()), authkey, key)
            os._exit(0)
        client.close()


def _forget(root: Path, pid: int) -> None:
    """Remove server.json if it is still this server's, so that nobody takes its pid for a server."""
    try:
        if json.loads(_info_path(root).read_text(encoding="utf-8")).get("pid") == pid:
            _info_path(root).unlink()
    except (OSError, ValueError, AttributeError):
        pass


def _reap_children(peak_kb: int) -> int:
    """Collect ended children; return the largest peak memory (KB) of this process and of any
    child so far: what a worker of a build would have used, for `make bench`.
    """
    import resource

    peak_kb = max(peak_kb, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    while True:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return peak_kb
        if pid == 0:
            return peak_kb
        peak_kb = max(peak_kb, usage.ru_maxrss)


def _warm_up(root: Path, renderer) -> None:
    """Do once what every render does first: load the source language, compile the template,
    lay out and write its first page size (fonts loaded, WeasyPrint's caches filled). Nothing
    is written to build/: a build may be staging files there meanwhile.
    """
    from . import pipeline
    from .copyfit import FitStep, first_size, read_lock
    from .html import render_html

    factsheet = pipeline.load_factsheet(root)
    lang = factsheet.source_locale
    project = pipeline.load_project(root, [lang], factsheet=factsheet)
    out_dir = root / "build" / lang
    html = render_html(project.documents[lang], FitStep(first_size(lang, read_lock(root).get(lang))), out_dir)
    renderer.write(renderer.layout(html, out_dir / "factsheet.html"))


def _still_wanted(authkey_path: Path, authkey: bytes) -> bool:
    """False once build/ is gone or a newer server took over (it writes a new key)."""
    try:
        return authkey_path.read_bytes() == authkey
    except OSError:
        return False


def _serve_connection(connection, authkey: bytes, key: str) -> None:
    """In a child: authenticate, then render what the build sends until it hangs up."""
    from multiprocessing.connection import answer_challenge, deliver_challenge

    from . import pipeline

    try:
        deliver_challenge(connection, authkey)
        answer_challenge(connection, authkey)
        kind, client_key = connection.recv()
        if kind != "hello" or client_key != key:
            connection.send(("stale", key))
            os.kill(os.getppid(), signal.SIGTERM)  # the build starts a server of its key
            return
        connection.send(("ok", key))
        while True:
            message = connection.recv()
            if message[0] != "render":
                return
            lang, options, locked, epoch = message[1:]
            os.environ["SOURCE_DATE_EPOCH"] = epoch
            try:
                connection.send(("result", pipeline.load_and_render(lang, options, locked)))
            except Exception:  # noqa: BLE001 (the build reports it and renders locally)
                connection.send(("error", traceback.format_exc()))
    except (EOFError, OSError):
        return  # the build ended or was killed
    except Exception:  # noqa: BLE001 (authentication failed, or a message that is not ours)
        traceback.print_exc()


if __name__ == "__main__":
    serve(Path(sys.argv[1]), sys.argv[2])
