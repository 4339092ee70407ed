"""Incremental and reproducible builds: what changed is rebuilt, nothing else; same inputs, same bytes."""

import hashlib
import json
import subprocess
import sys

from click.testing import CliRunner

from build_factsheet.publish import cache
from build_factsheet import pipeline
from build_factsheet.cli import main

from ..conftest import PROJECTS, copy_project


def _build(root, **options):
    return {r.lang: r for r in pipeline.build(pipeline.BuildOptions(root=root, **options))}


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_clean_builds_give_identical_pdfs(tmp_path):
    first = copy_project(tmp_path / "one", PROJECTS / "mini")
    second = copy_project(tmp_path / "two", PROJECTS / "mini")
    _build(first)
    _build(second, jobs=1)  # in one process rather than in workers: the same bytes
    for name in ("mini-en.pdf", "mini-fr.pdf", "print/mini-en-print.pdf", "print/mini-fr-print.pdf"):
        assert _sha(first / "output" / name) == _sha(second / "output" / name)


def test_source_date_epoch_sets_the_modification_date(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "p", PROJECTS / "mini")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # 2020-09-13
    _build(root, langs=["en"])
    html = (root / "build" / "en" / "mini.html").read_text()
    assert '<meta name="dcterms.modified" content="2020-09-13">' in html
    assert '<meta name="dcterms.created" content="2020-03-01">' in html  # the edition, from the source


def test_no_op_build_renders_nothing_and_does_not_import_weasyprint(built_mini):
    """The full path, when the files' times cannot tell (publish/uptodate.py): the content hashes do."""
    root, _ = built_mini
    (root / "build" / "cache" / "up-to-date.json").unlink(missing_ok=True)
    code = ("import sys, pathlib; from build_factsheet import pipeline; "
            f"r = pipeline.build(pipeline.BuildOptions(root=pathlib.Path({str(root)!r}))); "
            "print(all(x.cached for x in r), *[m in sys.modules for m in "
            "('weasyprint', 'babel', 'jsonschema', 'urllib.request')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False", "False", "False", "False"]


def test_editing_one_locale_rebuilds_only_that_locale_and_a_layout_rebuilds_all(mini_project):
    _build(mini_project)
    fr = mini_project / "source" / "locales" / "fr.yaml"
    fr.write_text(fr.read_text().replace("Dates clés", "Dates essentielles"))
    results = _build(mini_project)
    assert {lang: r.cached for lang, r in results.items()} == {"en": True, "fr": False}
    css = mini_project / "layouts" / "factsheet.css"
    css.write_text(css.read_text() + "\n/* a layout change */\n")
    results = _build(mini_project)
    assert not any(r.cached for r in results.values())


def test_a_corrupted_cache_entry_or_output_is_rebuilt_never_trusted(mini_project):
    _build(mini_project)
    (mini_project / "build" / "cache" / "mini-en.json").write_text("{ not json")
    pdf = mini_project / "output" / "mini-fr.pdf"
    good = pdf.read_bytes()
    pdf.write_bytes(good[:-10] + b"0123456789")  # same size, other bytes
    results = _build(mini_project)
    assert not results["en"].cached and not results["fr"].cached
    assert pdf.read_bytes() == good
    assert cache.read_entry(mini_project, "mini", "en") is not None


def test_a_staged_pdf_that_changed_after_its_checks_is_not_published(mini_project, monkeypatch):
    original = pipeline._publish

    def tamper(root, result, key):
        result.pdf.write_bytes(result.pdf.read_bytes() + b"%tampered")
        return original(root, result, key)

    monkeypatch.setattr(pipeline, "_publish", tamper)
    try:
        _build(mini_project, langs=["en"], jobs=1)
    except pipeline.BuildError as exc:
        assert "staged PDF changed after its checks" in str(exc)
    else:
        raise AssertionError("a tampered PDF was published")
    assert not (mini_project / "output" / "mini-en.pdf").exists()


def test_manifest_lists_every_pdf(built_mini):
    root, results = built_mini
    manifest = json.loads((root / "output" / "manifest.json").read_text())
    assert list(manifest["publications"]) == ["mini"]
    for lang in ("en", "fr"):
        entry = manifest["publications"]["mini"]["pdfs"][lang]
        pdf = root / "output" / entry["file"]
        assert entry["sha256"] == _sha(pdf) and entry["bytes"] == pdf.stat().st_size
        assert entry["pages"] == 1 and entry["locale"] == lang and len(entry["input"]) == 64


def test_copyfit_lock_is_written_and_reused(mini_project):
    _build(mini_project)
    lock = (mini_project / "source" / "copyfit.lock").read_text()
    assert "mini/en: " in lock and "mini/fr: " in lock
    first = _sha(mini_project / "output" / "mini-en.pdf")
    (mini_project / "build").rename(mini_project / "old-build")  # a clean build, lock kept
    (mini_project / "output" / "mini-en.pdf").unlink()
    _build(mini_project)
    assert _sha(mini_project / "output" / "mini-en.pdf") == first


def test_plain_progress_lines_and_a_summary_table_when_not_a_terminal(mini_project):
    result = CliRunner().invoke(main, ["-C", str(mini_project), "build"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("en: done (") for line in lines)
    assert "\r" not in result.output and "\033[" not in result.output
    header = next(line for line in lines if line.startswith("locale"))
    assert header.split() == ["locale", "pages", "size", "time", "checks", "body"]
    assert lines[-1].startswith("2 built, 0 already current")
    again = CliRunner().invoke(main, ["-C", str(mini_project), "build"])
    assert "en: cached" in again.output and again.output.splitlines()[-1].startswith("0 built, 2 already current")


def test_a_terminal_gets_one_live_status_line():
    from build_factsheet.cli.progress import ProgressDisplay

    written = []
    display = ProgressDisplay(lambda text, nl=True: written.append(text), interactive=True, langs=["en", "fr"])
    display("en", "started")
    display("en", "done")
    display("fr", "failed")
    display.finish()
    assert written[0].startswith("\r\033[K[0/2] … en  · fr")
    assert written[-2].startswith("\r\033[K[2/2] ✓ en  ✗ fr") and written[-1] == ""


def _hashed_files(monkeypatch):
    """Record which files the input digests read whole."""
    read = []
    real = cache.sha256_file
    monkeypatch.setattr(cache, "sha256_file", lambda path: read.append(path.name) or real(path))
    return read


def _age_memo(root, seconds=5):
    """Move the memo's writing time `seconds` later, as if the files had changed long before it:
    its entries are then past the racy second."""
    path = root / cache.FileHashMemo.PATH
    data = json.loads(path.read_text())
    data["written_ns"] += seconds * 1_000_000_000
    path.write_text(json.dumps(data))


def test_input_files_are_hashed_again_only_when_they_change(mini_project, monkeypatch):
    import os

    read = _hashed_files(monkeypatch)
    first = cache.shared_digests(mini_project)
    assert "NotoSans-Regular.ttf" in read and "factsheet.css" in read
    _age_memo(mini_project)
    read.clear()
    assert cache.shared_digests(mini_project) == first
    assert read == []  # every input answered from the memo

    # The same size and the same modification time, other bytes: the ctime tells.
    css = mini_project / "layouts" / "factsheet.css"
    before = css.stat()
    text = css.read_text()
    css.write_text(text.replace("columns: 2", "columns: 3"))
    os.utime(css, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert css.stat().st_size == before.st_size and css.stat().st_mtime_ns == before.st_mtime_ns
    changed = cache.shared_digests(mini_project)
    assert read == ["factsheet.css"]
    assert changed["layouts"] != first["layouts"] and changed["assets"] == first["assets"]


def test_a_file_written_in_the_memos_second_is_hashed_again(mini_project, monkeypatch):
    read = _hashed_files(monkeypatch)
    cache.shared_digests(mini_project)
    # As if the memo were written in the same second as the file's last change, however long
    # the copy and the hashing took on this machine.
    path = mini_project / cache.FileHashMemo.PATH
    data = json.loads(path.read_text())
    data["written_ns"] = (mini_project / "layouts" / "factsheet.css").stat().st_ctime_ns + 500_000_000
    path.write_text(json.dumps(data))
    read.clear()
    cache.shared_digests(mini_project)
    assert "factsheet.css" in read


def test_a_damaged_memo_means_hashing_again(mini_project, monkeypatch):
    read = _hashed_files(monkeypatch)
    first = cache.shared_digests(mini_project)
    (mini_project / cache.FileHashMemo.PATH).write_text('{"files": {"layouts/factsheet.css": "x"}')
    read.clear()
    assert cache.shared_digests(mini_project) == first
    assert "factsheet.css" in read


def test_library_versions_come_from_importlib_metadata_and_are_remembered(mini_project, monkeypatch, tmp_path):
    import importlib.metadata

    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    expected = {name: importlib.metadata.version(name) for name in cache.RENDERING_LIBRARIES}
    assert cache.library_versions(mini_project) == expected
    memo = mini_project / cache.VERSIONS_PATH
    data = json.loads(memo.read_text())
    data["written_ns"] += 5_000_000_000  # as if the folders had changed long before: past the racy second
    memo.write_text(json.dumps(data))

    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9")
    assert cache.library_versions(mini_project) == expected  # remembered
    (folder / "newlib-1.0.dist-info").mkdir()  # a distribution installed
    assert cache.library_versions(mini_project) == {name: "9.9" for name in cache.RENDERING_LIBRARIES}


def test_library_versions_remembered_in_a_folders_second_are_read_again(mini_project, monkeypatch, tmp_path):
    import importlib.metadata

    folder = tmp_path / "site"
    (folder / "newlib-1.0.dist-info").mkdir(parents=True)  # just now: within the second the memo is written
    monkeypatch.syspath_prepend(str(folder))
    cache.library_versions(mini_project)
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9")
    assert set(cache.library_versions(mini_project).values()) == {"9.9"}  # the same stamp, not trusted


def test_a_locale_digest_is_remembered_by_the_files_bytes_and_the_keys_left_out(tmp_path):
    locale = tmp_path / "source" / "locales" / "fr.yaml"
    locale.parent.mkdir(parents=True)
    locale.write_text('a: {x: "un", y: "deux"}\n', encoding="utf-8")
    first = cache._locale_digest(locale, frozenset({"a.y"}), tmp_path)
    assert len(list((tmp_path / cache.LOCALE_DIGESTS).iterdir())) == 1
    assert cache._locale_digest(locale, frozenset({"a.y"}), tmp_path) == first
    locale.write_text('a: {x: "un", y: "trois"}\n', encoding="utf-8")  # a key left out: the same digest
    assert cache._locale_digest(locale, frozenset({"a.y"}), tmp_path) == first
    locale.write_text('a: {x: "une", y: "trois"}\n', encoding="utf-8")  # a key kept: another
    assert cache._locale_digest(locale, frozenset({"a.y"}), tmp_path) != first
    for record in (tmp_path / cache.LOCALE_DIGESTS).iterdir():  # damaged records are not trusted
        record.write_text("[1, 2]")
    assert cache._locale_digest(locale, frozenset({"a.y"}), tmp_path) != first
    assert cache._locale_digest(locale, frozenset({"a.y"}), tmp_path) == cache._locale_digest(locale, frozenset({"a.y"}))
