"""A build with nothing to do: answered from the files' times, without loading the stages; any change, any doubt: the full path."""

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_factsheet import pipeline
from build_factsheet.options import BuildOptions
from build_factsheet.publish import uptodate


def _settle(root: Path, after_ns: int = 2_000_000_000) -> None:
    """Date the record `after_ns` after the newest change it covers, as if that much time had passed."""
    path = root / uptodate.MEMO
    memo = json.loads(path.read_text())
    stamps = [s for s in {**memo["inputs"], **memo["outputs"]}.values() if s]
    memo["written_ns"] = max(s[2] for s in stamps) + after_ns
    path.write_text(json.dumps(memo))


def _remember(root: Path, **options) -> None:
    """Record the published results as a good build does, with `options`."""
    results = pipeline.build(BuildOptions(root=root, **options))
    uptodate.Snapshot(BuildOptions(root=root, **options)).remember([(r.lang, r.publication, r) for r in results])
    _settle(root)


def test_a_build_with_nothing_to_do_answers_from_the_record_without_loading_the_stages(mini_project):
    # The record is made by the same command: the folders on sys.path are part of what it compares.
    code = ("import sys\n"
            "from build_factsheet.cli import main\n"
            f"sys.argv = ['build-factsheet', '-C', {str(mini_project)!r}, 'build']\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
            "print('loaded:', *[m for m in ('yaml', 'jinja2', 'build_factsheet.pipeline', 'build_factsheet.model')"
            " if m in sys.modules], 'exit', code)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "2 built" in out
    assert (mini_project / uptodate.MEMO).is_file()  # a good build records what it read and wrote
    _settle(mini_project)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "0 built, 2 already current" in out
    assert out.splitlines()[-1] == "loaded: exit 0"


def test_the_record_gives_what_the_full_path_gives(built_mini, tmp_path):
    import shutil

    root = tmp_path / "mini"
    shutil.copytree(built_mini[0], root)
    _remember(root)
    full = {r.lang: r for r in pipeline.build(BuildOptions(root=root))}  # the full path: all current
    _settle(root)
    quick = {r.lang: r for r in uptodate.current_results(BuildOptions(root=root))}
    assert all(r.cached for r in full.values())
    assert {lang: (r.pdf, r.pages, r.size, r.sha256, r.font_size_pt, r.cached) for lang, r in quick.items()} == {
        lang: (r.pdf, r.pages, r.size, r.sha256, r.font_size_pt, r.cached) for lang, r in full.items()}


def _edit(path: Path) -> None:
    path.write_text(path.read_text() + "\n")


CHANGES = {
    "a locale edited": lambda root: _edit(root / "source" / "locales" / "fr.yaml"),
    "a file added to source/": lambda root: (root / "source" / "locales" / "notes.txt").write_text("x"),
    "a layout edited": lambda root: _edit(root / "layouts" / "factsheet.css"),
    "an asset removed": lambda root: next((root / "assets" / "images").iterdir()).unlink(),
    "a published PDF replaced": lambda root: (root / "output" / "mini-fr.pdf").write_bytes(b"%PDF-1.7\n"),
    "a thumbnail deleted": lambda root: next((root / "output" / "thumbnails").iterdir()).unlink(),
    "a cache entry deleted": lambda root: (root / "build" / "cache" / "mini-en.json").unlink(),
    "an interrupted publishing left": lambda root: (
        (root / uptodate.JOURNAL).parent.mkdir(parents=True, exist_ok=True),
        (root / uptodate.JOURNAL).write_text("{}")),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_to_what_a_build_reads_or_wrote_sends_it_down_the_full_path(built_mini, tmp_path, change):
    import shutil

    root = tmp_path / "mini"
    shutil.copytree(built_mini[0], root)
    _remember(root)
    assert uptodate.current_results(BuildOptions(root=root)) is not None
    CHANGES[change](root)
    assert uptodate.current_results(BuildOptions(root=root)) is None


def test_other_options_or_environment_are_another_build(built_mini, tmp_path, monkeypatch):
    import shutil

    root = tmp_path / "mini"
    shutil.copytree(built_mini[0], root)
    _remember(root)
    assert uptodate.current_results(BuildOptions(root=root)) is not None
    assert uptodate.current_results(BuildOptions(root=root, langs=["en"])) is None
    assert uptodate.current_results(BuildOptions(root=root, kit=False)) is None
    assert uptodate.current_results(BuildOptions(root=root, draft=True)) is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    assert uptodate.current_results(BuildOptions(root=root)) is None


def test_a_change_within_a_second_of_the_record_is_not_trusted(built_mini, tmp_path):
    import shutil

    root = tmp_path / "mini"
    shutil.copytree(built_mini[0], root)
    _remember(root)
    _settle(root, after_ns=500_000_000)  # the newest file changed half a second before the record
    assert uptodate.current_results(BuildOptions(root=root)) is None
    _settle(root, after_ns=1_500_000_000)
    assert uptodate.current_results(BuildOptions(root=root)) is not None


def test_a_damaged_record_is_not_trusted(built_mini, tmp_path):
    import shutil

    root = tmp_path / "mini"
    shutil.copytree(built_mini[0], root)
    _remember(root)
    memo = root / uptodate.MEMO
    for damaged in ("{ not json", "[]", json.dumps({"fingerprint": None})):
        memo.write_text(damaged)
        assert uptodate.current_results(BuildOptions(root=root)) is None


def test_drafts_are_not_remembered(built_mini, tmp_path):
    import shutil

    root = tmp_path / "mini"
    shutil.copytree(built_mini[0], root)
    (root / uptodate.MEMO).unlink(missing_ok=True)
    results = pipeline.build(BuildOptions(root=root, draft=True, langs=["fr"]))
    assert not (root / uptodate.MEMO).exists()  # a --draft build is made every time
    drafted = [dataclasses.replace(r, draft=True) for r in results]  # a language in progress, made as a draft
    uptodate.Snapshot(BuildOptions(root=root)).remember([(r.lang, r.publication, r) for r in drafted])
    assert not (root / uptodate.MEMO).exists()


def test_a_file_edited_while_the_build_runs_is_not_taken_as_built(built_mini, tmp_path):
    """The times are those from before the build read anything: an edit during it shows as a change."""
    import shutil

    root = tmp_path / "mini"
    shutil.copytree(built_mini[0], root)
    options = BuildOptions(root=root)
    snapshot = uptodate.Snapshot(options)  # the build starts
    results = pipeline.build(options)
    _edit(root / "source" / "locales" / "fr.yaml")  # edited after it read the locale
    os.utime(root / "source" / "locales" / "fr.yaml", ns=(0, 0))
    snapshot.remember([(r.lang, r.publication, r) for r in results])
    _settle(root)
    assert uptodate.current_results(options) is None


def test_an_edit_is_told_from_the_projects_files_not_from_the_interpreters(built_mini, tmp_path, monkeypatch):
    import shutil

    root = tmp_path / "mini"
    shutil.copytree(built_mini[0], root)
    _remember(root)
    assert not uptodate.Snapshot(BuildOptions(root=root)).inputs_changed()
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])  # another entry point: not an edit
    assert not uptodate.Snapshot(BuildOptions(root=root)).inputs_changed()
    assert uptodate.current_results(BuildOptions(root=root)) is None  # but not known current either
    _edit(root / "source" / "locales" / "fr.yaml")
    assert uptodate.Snapshot(BuildOptions(root=root)).inputs_changed()


def _clock(monkeypatch, root: Path, recent: str, now: int = 10**18) -> None:
    """Files under `recent` stamped in the last half second before `now` (always the same stamp, whatever
    they hold, as in one clock tick), every other file a minute before; the clock reads `now`."""
    import time

    real = uptodate._stamp

    def stamp(path: str):
        found = real(path)
        if found is None:
            return None
        if os.path.abspath(path).startswith(str(root / recent)):
            return [1, 1, now - 500_000_000, 1]
        return [found[0], found[1], now - 60_000_000_000, found[3]]

    monkeypatch.setattr(uptodate, "_stamp", stamp)
    monkeypatch.setattr(time, "time_ns", lambda: now)


def _remembered_in_one_tick(built_mini, tmp_path, monkeypatch, recent: str) -> BuildOptions:
    """A copy of the built mini project, built and remembered with the files under `recent` stamped in the record's last second."""
    import shutil

    root = tmp_path / "mini"
    shutil.copytree(built_mini[0], root)
    options = BuildOptions(root=root)
    results = pipeline.build(options)
    _clock(monkeypatch, root, recent)
    uptodate.Snapshot(options).remember([(r.lang, r.publication, r) for r in results])
    return options


def test_what_the_build_wrote_in_its_last_second_is_trusted_by_its_content(built_mini, tmp_path, monkeypatch):
    options = _remembered_in_one_tick(built_mini, tmp_path, monkeypatch, "output")
    assert uptodate.current_results(options) is not None  # the same stamps and the same bytes
    pdf = options.root / "output" / "mini-fr.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n")  # another writer, in the same tick: the stamp cannot tell
    assert uptodate.current_results(options) is None


def test_a_source_file_from_the_records_last_second_is_not_trusted(built_mini, tmp_path, monkeypatch):
    options = _remembered_in_one_tick(built_mini, tmp_path, monkeypatch, "source/locales")
    assert uptodate.current_results(options) is None  # what the build read may have changed after it read it
