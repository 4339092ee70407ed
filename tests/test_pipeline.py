"""pipeline: nothing reaches output/ until its checks pass; a failed build leaves output/ as it was."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_factsheet import pipeline, workers
from build_factsheet.checks import CheckResult
from build_factsheet.errors import CheckError, SourceError


def _outputs(root):
    return {p.name: p.read_bytes() for p in sorted((root / "output").glob("*.pdf"))}


def test_a_failed_build_leaves_the_last_good_pdfs(mini_project):
    pipeline.build(pipeline.BuildOptions(root=mini_project))
    before = _outputs(mini_project)
    assert sorted(before) == ["mini-en.pdf", "mini-fr.pdf"]

    path = mini_project / "source" / "locales" / "fr.yaml"
    path.write_text(path.read_text().replace("  subtitle: Fiche d'information\n", ""))
    with pytest.raises(SourceError):
        pipeline.build(pipeline.BuildOptions(root=mini_project))
    assert _outputs(mini_project) == before


def test_a_pdf_that_fails_a_check_stays_in_build(mini_project, monkeypatch):
    pipeline.build(pipeline.BuildOptions(root=mini_project, langs=["en"]))
    before = _outputs(mini_project)
    # Change the source so the new PDF differs, and make a check fail on it.
    path = mini_project / "source" / "locales" / "en.yaml"
    path.write_text(path.read_text().replace("Key dates", "Key moments"))
    failing = CheckResult("layout", "fail", "deliberately failed", "en", 1)
    monkeypatch.setattr("build_factsheet.checks.run_checks", lambda readback, expect: [failing])
    with pytest.raises(CheckError) as caught:
        pipeline.build(pipeline.BuildOptions(root=mini_project, langs=["en"]))
    assert "deliberately failed" in str(caught.value)
    assert "not published" in str(caught.value)
    assert _outputs(mini_project) == before
    staged = mini_project / "build" / "en" / "mini-en.pdf"
    assert staged.is_file() and staged.read_bytes() != before["mini-en.pdf"]


@pytest.mark.filterwarnings("ignore:No fonts configured in FontConfig")  # isolated on purpose
def test_intermediate_html_is_kept_and_renderable_alone(built_mini):
    root, _ = built_mini
    html = (root / "build" / "en" / "mini.html").read_text()
    assert '<link rel="stylesheet" href="../../layouts/factsheet.css">' in html
    import weasyprint

    pdf = weasyprint.HTML(filename=str(root / "build" / "en" / "mini.html")).write_pdf()
    assert pdf.startswith(b"%PDF")


def test_the_workers_are_sent_the_project_loaded_once_here(mini_project, monkeypatch):
    loaded = []
    for module in (pipeline, workers):  # the build's load, and a worker's, if it loaded anything
        load = module.load_project
        monkeypatch.setattr(module, "load_project", lambda root, langs=None, *args, load=load, **kwargs:
                            loaded.append(tuple(langs or ())) or load(root, langs, *args, **kwargs))
    workers._WORKER.pop("renderer", None)
    results = pipeline.build(pipeline.BuildOptions(root=mini_project, jobs=2, kit=False))
    assert all(r.checks_passed for r in results)
    assert sorted(r.lang for r in results) == ["en", "fr"]
    # Loaded once, here, and sent with the jobs (a worker's own load would show in its copy of
    # `loaded`, which this process never sees, so the count of PDFs is what proves it rendered).
    assert [sorted(langs) for langs in loaded] == [["en", "fr"]]
    assert "renderer" not in workers._WORKER  # WeasyPrint started in the workers, not here
    assert "pool" not in workers._WORKER  # and they ended with the build


def test_one_pool_of_workers_renders_every_publication(harbour_two_publications, monkeypatch):
    forked = []
    real = workers.Pool.grow

    def grow(pool, count):
        before = len(pool.executors)
        real(pool, count)
        forked.extend(range(before, len(pool.executors)))

    monkeypatch.setattr(workers.Pool, "grow", grow)
    results = pipeline.build(pipeline.BuildOptions(root=harbour_two_publications, jobs=2, kit=False))
    assert len({r.publication for r in results}) == 2 and all(r.checks_passed for r in results)
    assert len(forked) == 2  # two workers for both publications, each starting WeasyPrint once


def test_a_worker_not_given_the_project_loads_its_own_language(mini_project):
    """A job sent without the project (or for a language it does not hold) loads its language itself."""
    workers._WORKER.pop("renderer", None)
    lang, rendered = workers.load_and_render("fr", pipeline.BuildOptions(root=mini_project, kit=False), None)
    assert lang == "fr" and rendered.pages == 1 and rendered.pdf.startswith(b"%PDF")
    workers._WORKER.pop("renderer", None)


def _descendants(pid: int) -> set[int]:
    """The processes started by `pid`, and by them, and so on (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue  # the thread or process ended meanwhile
        for child in map(int, children):
            found |= {child} | _descendants(child)
    return found


def _processes_in(root: Path) -> list[str]:
    """Running processes whose command line names `root`, or whose working directory is in it.

    A process that detached from its parent (a daemon) is no longer a descendant of anything
    here, but it still names the project it works for, or runs inside it. Processes of
    build_factsheet that name other projects belong to other people on this machine.
    """
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = Path(os.readlink(entry / "cwd"))
        except OSError:
            continue  # ended meanwhile, or a zombie: nothing left running
        if str(root) in cmdline or cwd.is_relative_to(root):
            found.append(f"{entry.name}: {cmdline}")
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads processes from /proc (Linux)")
@pytest.mark.parametrize("fails", [False, True], ids=["built", "failed"])
def test_a_build_leaves_no_process_behind(mini_project, fails):
    if fails:  # fails after the workers have started rendering
        path = mini_project / "source" / "locales" / "fr.yaml"
        path.write_text(path.read_text().replace("  subtitle: Fiche d'information\n", ""))
    root = mini_project.resolve()
    before = _descendants(os.getpid())
    result = subprocess.run([sys.executable, "-m", "build_factsheet", "-C", str(root), "build", "-q", "--jobs", "2"],
                            cwd=root, capture_output=True, text=True)
    assert result.returncode == (1 if fails else 0), result.stderr
    assert (root / "output" / "mini-en.pdf").is_file() != fails
    assert _processes_in(root) == []
    assert _descendants(os.getpid()) - before == set()


def test_a_worker_starts_early_only_after_an_edit_since_the_last_good_build(mini_project, monkeypatch):
    started = []
    real = workers.start_workers
    monkeypatch.setattr(pipeline, "start_workers", lambda options, count=1: started.append(options.root)
                        or real(options, count))
    pipeline.build(pipeline.BuildOptions(root=mini_project, kit=False))
    assert started == []  # no record of a good build yet: nothing to compare with
    pipeline.build(pipeline.BuildOptions(root=mini_project, kit=False))
    assert started == []  # nothing changed
    fr = mini_project / "source" / "locales" / "fr.yaml"
    fr.write_text(fr.read_text().replace("Dates clés", "Dates essentielles"))
    results = {r.lang: r for r in pipeline.build(pipeline.BuildOptions(root=mini_project, kit=False))}
    assert started == [mini_project]
    assert results["en"].cached and not results["fr"].cached and results["fr"].checks_passed
    assert "pool" not in workers._WORKER  # ended with the build


def test_only_a_lone_languages_worker_reads_its_text_positions(mini_project):
    """With one language to render its worker is idle once it is done, and reads for the checks;
    with several, the workers are busy with the others and the checks read it all here."""
    from build_factsheet.model.source import load_publications

    options = pipeline.BuildOptions(root=mini_project, jobs=2, kit=False)
    factsheet = load_publications(mini_project)[0]
    rendered = workers.Rendered("en", mini_project / "x.pdf", b"%PDF", 1, 10.0, False, 0.0)
    with workers.Workers(factsheet, options, 2) as several:
        assert several.positions(rendered) is None
    workers.close_workers()
    with workers.Workers(factsheet, options, 1) as one:
        assert callable(one.positions(rendered)) == (one.pool is not None)
    workers.close_workers()
