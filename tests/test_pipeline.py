"""pipeline: nothing reaches output/ until its checks pass; a failed build leaves output/ as it was."""

import pytest

from build_factsheet import pipeline
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
    html = (root / "build" / "en" / "factsheet.html").read_text()
    assert '<link rel="stylesheet" href="../../layouts/factsheet.css">' in html
    import weasyprint

    pdf = weasyprint.HTML(filename=str(root / "build" / "en" / "factsheet.html")).write_pdf()
    assert pdf.startswith(b"%PDF")


def test_workers_are_forked_with_weasyprint_started_and_load_their_own_language(mini_project, monkeypatch):
    loaded = []
    load = pipeline.load_project
    monkeypatch.setattr(pipeline, "load_project", lambda root, langs=None, *args, **kwargs:
                        loaded.append(tuple(langs or ())) or load(root, langs, *args, **kwargs))
    pipeline._WORKER.pop("renderer", None)
    results = pipeline.build(pipeline.BuildOptions(root=mini_project, jobs=2, kit=False))
    assert all(r.checks_passed for r in results)
    assert "renderer" in pipeline._WORKER  # started here once, before the workers were forked
    assert [sorted(langs) for langs in loaded] == [["en", "fr"]]  # once here, to validate: the workers load their own
