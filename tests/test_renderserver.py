"""renderserver: a build leaves a warm server; the next build renders in it, the same bytes; it ends when it should."""

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import time

import pytest

from build_factsheet import pipeline, renderserver

from .conftest import wait_until


@pytest.fixture
def server_on(monkeypatch, mini_project):
    """The render server turned on for this test's project, and stopped after it."""
    monkeypatch.setenv(renderserver.ENABLED_VARIABLE, "1")
    yield mini_project
    renderserver.stop(mini_project)


def wait_for(condition, seconds=60.0):
    return wait_until(condition, seconds, "the render server", interval=0.1)


def ready(root):
    """The server's info once it listens, after warming up."""
    return wait_for(lambda: (info := renderserver.read_info(root)) and info["state"] == "ready" and info)


def edit(root, old, new, lang="fr"):
    path = root / "source" / "locales" / f"{lang}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build(root, caplog, **options):
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="build_factsheet"):
        return {r.lang: r for r in pipeline.build(pipeline.BuildOptions(root=root, kit=False, **options))}


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_edit_renders_in_the_server_and_gives_the_bytes_of_a_cold_build(server_on, caplog):
    root = server_on
    build(root, caplog)
    first = ready(root)
    assert "rendered by the render server" not in caplog.text
    edit(root, "Fiche d'information", "Fiche d’information")
    results = build(root, caplog)
    assert "fr: rendered by the render server" in caplog.text
    assert [lang for lang, r in results.items() if not r.cached] == ["fr"]
    assert renderserver.read_info(root)["pid"] == first["pid"]  # kept: it was current
    warm = sha256(root / "output" / "mini-fr.pdf")

    renderserver.stop(root)
    os.environ[renderserver.ENABLED_VARIABLE] = "0"
    shutil.rmtree(root / "build")
    (root / "output" / "mini-fr.pdf").unlink()
    build(root, caplog, langs=["fr"])
    assert "render server" not in caplog.text
    assert sha256(root / "output" / "mini-fr.pdf") == warm


def test_a_build_with_nothing_to_do_neither_uses_nor_starts_a_server(server_on, caplog):
    root = server_on
    os.environ[renderserver.ENABLED_VARIABLE] = "0"
    build(root, caplog)
    os.environ[renderserver.ENABLED_VARIABLE] = "1"
    build(root, caplog)
    assert all(r.cached for r in build(root, caplog).values())
    time.sleep(0.5)
    assert renderserver.read_info(root) is None
    assert not (root / "build" / "server").exists()


def test_a_layout_change_replaces_the_server(server_on, caplog):
    root = server_on
    build(root, caplog)
    first = ready(root)
    css = root / "layouts" / "factsheet.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    build(root, caplog)
    assert "render server: stale" in caplog.text
    assert "rendered by the render server" not in caplog.text
    second = wait_for(lambda: (info := renderserver.read_info(root)) and info["pid"] != first["pid"] and info)
    wait_for(lambda: not _alive(first["pid"]), 10)
    assert second["key"] != first["key"]


def test_the_server_ends_when_build_is_deleted_idle_or_stopped(server_on, caplog, monkeypatch):
    root = server_on
    build(root, caplog)
    pid = ready(root)["pid"]
    shutil.rmtree(root / "build")
    wait_for(lambda: not _alive(pid), 10)

    monkeypatch.setenv(renderserver.IDLE_VARIABLE, "1")
    edit(root, "Fiche d'information", "Fiche d’information")
    build(root, caplog)
    pid = ready(root)["pid"]
    wait_for(lambda: not _alive(pid), 10)

    monkeypatch.delenv(renderserver.IDLE_VARIABLE)
    edit(root, "Fiche d’information", "Fiche d'information")
    build(root, caplog)
    pid = ready(root)["pid"]
    stopped = subprocess.run([sys.executable, "-m", "build_factsheet", "-C", str(root), "render-server", "stop"],
                             capture_output=True, text=True, check=True)
    assert f"stopped the render server (process {pid})" in stopped.stdout
    wait_for(lambda: not _alive(pid), 10)
    assert not (root / "build" / "server" / "server.json").exists()  # it cleared its pid on the way out


def test_only_the_projects_user_gets_an_answer(server_on, caplog):
    root = server_on
    build(root, caplog)
    ready(root)
    key = renderserver.server_key(root, pipeline.cache.shared_digests(root))
    assert len(renderserver.connect(root, key, 2)) == 2
    authkey = root / "build" / "server" / "authkey"
    assert authkey.stat().st_mode & 0o077 == 0
    right = authkey.read_bytes()
    os.chmod(authkey, 0o600)
    authkey.write_bytes(b"guessed" + right[7:])
    try:
        assert renderserver.connect(root, key, 1) == []
    finally:
        authkey.write_bytes(right)


def test_a_server_that_stops_answering_leaves_the_build_to_render_itself(server_on, caplog, monkeypatch):
    root = server_on
    build(root, caplog)
    first = ready(root)

    def gone(self, task):
        raise renderserver.ServerGone("connection reset")

    monkeypatch.setattr(renderserver.Session, "render", gone)
    edit(root, "Fiche d'information", "Fiche d’information")
    results = build(root, caplog)
    assert "the render server stopped answering (connection reset); rendering 'fr' here" in caplog.text
    assert not results["fr"].cached and results["fr"].checks_passed > 0
    wait_for(lambda: (info := renderserver.read_info(root)) and info["pid"] != first["pid"])  # replaced


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:  # a zombie is dead for our purposes
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("value, platform, on", [("1", "linux", True), ("", "linux", True), ("0", "linux", False),
                                                 ("off", "linux", False), ("1", "darwin", False)])
def test_the_server_is_on_by_default_on_linux_only(monkeypatch, value, platform, on):
    monkeypatch.setenv(renderserver.ENABLED_VARIABLE, value)
    monkeypatch.setattr(sys, "platform", platform)
    assert renderserver.enabled() is on


def test_a_server_that_never_answers_counts_as_none(mini_project, monkeypatch):
    import socket

    monkeypatch.setattr(renderserver, "CONNECT_TIMEOUT", 0.5)
    (mini_project / "build" / "server").mkdir(parents=True)
    (mini_project / "build" / "server" / "authkey").write_bytes(b"k" * 32)
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.bind(renderserver._address(mini_project))
    silent.listen(1)  # accepts connections into its backlog, never says a word
    try:
        started = time.monotonic()
        assert renderserver.connect(mini_project, "key", 1) == []
        assert time.monotonic() - started < 3
    finally:
        silent.close()


def test_a_pid_left_in_server_json_is_not_taken_for_a_server(mini_project):
    """A server that ended may leave its pid behind, and the system may give it to another process."""
    info = mini_project / "build" / "server" / "server.json"
    info.parent.mkdir(parents=True)
    info.write_text(json.dumps({"pid": os.getpid(), "key": "k", "started": 0}))  # this test's own pid
    assert renderserver.read_info(mini_project) is None
    assert renderserver.stop(mini_project) is None  # and nothing was sent a signal


def test_a_server_still_warming_up_can_be_stopped(server_on, caplog):
    root = server_on
    build(root, caplog)
    info = wait_for(lambda: renderserver.read_info(root))  # written before the warm-up (1-3 s)
    assert info["state"] == "warming up"
    assert renderserver.stop(root) == info["pid"]
    wait_for(lambda: not _alive(info["pid"]), 10)
    assert renderserver.read_info(root) is None
