"""scripts/bootstrap and the Makefile: a machine that lacks system packages gets them, or the one command to run."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from .conftest import REPO

BOOTSTRAP = REPO / "scripts" / "bootstrap"
EVERYTHING = ["usr/lib/x86_64-linux-gnu/libpango-1.0.so.0", "usr/lib/x86_64-linux-gnu/libpangoft2-1.0.so.0",
              "usr/lib/x86_64-linux-gnu/libharfbuzz-subset.so.0", "usr/bin/pdftoppm", "usr/bin/chromium"]


@pytest.fixture
def tmp_path():
    """A temporary folder that the unprivileged user the tests switch to can reach (pytest's is 0700)."""
    path = Path(tempfile.mkdtemp(prefix="bootstrap-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path)


def pretend_machine(tmp_path: Path, present: list[str]) -> Path:
    """A folder standing for the machine's file system, holding only `present`."""
    sysroot = tmp_path / "sysroot"
    for name in present:
        path = sysroot / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
        path.chmod(0o755)
    (sysroot / "usr" / "lib").mkdir(parents=True, exist_ok=True)
    return sysroot


def fake_apt(tmp_path: Path) -> Path:
    """An apt-get that records its arguments instead of installing anything."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "apt-get"
    script.write_text(f'#!/bin/sh\necho "$*" >> {tmp_path / "apt-calls"}\n')
    script.chmod(0o755)
    return bin_dir


def run(args: list[str], sysroot: Path, path_first: Path | None = None, as_user: bool = False, cwd: Path = REPO):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUILD_FACTSHEET_")}
    env["BUILD_FACTSHEET_SYSROOT"] = str(sysroot)
    if path_first:
        env["PATH"] = f"{path_first}:{env['PATH']}"
    if as_user and os.geteuid() == 0:  # the tests run as root in CI: drop to nobody
        args = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *args]
    return subprocess.run(args, env=env, capture_output=True, text=True, cwd=cwd, stdin=subprocess.DEVNULL)


def test_a_machine_with_everything_installs_nothing_and_says_nothing(tmp_path):
    sysroot = pretend_machine(tmp_path, EVERYTHING)
    result = run([str(BOOTSTRAP), "pdf", "test"], sysroot, fake_apt(tmp_path))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert not (tmp_path / "apt-calls").exists()


def test_a_user_is_given_the_one_command_and_exit_2(tmp_path):
    sysroot = pretend_machine(tmp_path, EVERYTHING[:2])
    result = run([str(BOOTSTRAP), "pdf"], sysroot, as_user=True)
    assert result.returncode == 2
    assert "sudo apt-get install -y libharfbuzz-subset0\n" in result.stderr
    assert "HarfBuzz's font subsetter" in result.stderr
    assert "chromium" not in result.stderr  # a PDF build never asks for the browser


@pytest.mark.skipif(os.geteuid() != 0, reason="installing is what root does")
def test_root_installs_what_is_missing_with_one_update(tmp_path):
    sysroot = pretend_machine(tmp_path, EVERYTHING[:3])
    result = run([str(BOOTSTRAP), "pdf", "test"], sysroot, fake_apt(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("Installing missing system packages")
    assert "poppler-utils (pdftoppm" in result.stdout and "chromium (the browser tests" in result.stdout
    calls = (tmp_path / "apt-calls").read_text().splitlines()
    assert calls == ["update -qq", "install -y -qq --no-install-recommends poppler-utils chromium"]


@pytest.mark.skipif(shutil.which("make") is None or shutil.which("setpriv") is None, reason="needs make and setpriv")
def test_make_pdf_as_a_user_without_the_packages_stops_before_creating_anything(tmp_path):
    project = tmp_path / "clone"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "Makefile", project)
    shutil.copy(BOOTSTRAP, project / "scripts")
    for name in ("requirements.txt", "pyproject.toml"):
        shutil.copy(REPO / name, project)
    shutil.copytree(REPO / "build_factsheet", project / "build_factsheet",
                    ignore=shutil.ignore_patterns("__pycache__"))
    project.chmod(0o777)  # writable by nobody: only the bootstrap's refusal keeps .venv from appearing
    for path in project.rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWOTH | (stat.S_IXOTH if path.is_dir() else 0))
    sysroot = pretend_machine(tmp_path, [])
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = run(["make", "pdf"], sysroot, as_user=True, cwd=project)
    assert result.returncode == 2
    assert "sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in result.stderr
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before
