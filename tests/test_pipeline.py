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


def test_a_worker_lays_out_the_html_made_for_it_and_makes_other_sizes_itself(mini_project):
    from build_factsheet import fonts
    from build_factsheet.pdf import Renderer

    fonts.isolate_fontconfig(mini_project / "build")
    renderer = Renderer(mini_project)
    laid_out = []
    layout = renderer.layout
    renderer.layout = lambda html, path: laid_out.append(html) or layout(html, path)
    project = pipeline.load_project(mini_project, ["en"])
    options = pipeline.BuildOptions(root=mini_project)
    prepared = pipeline.first_html(project, "en", mini_project)
    [(size, html)] = prepared.items()
    assert 'lang="en"' in html and f"{size:.2f}pt" in html

    marked = html.replace("</body>", "<!-- made by the main process --></body>")
    rendered = pipeline.render_locale(project, "en", renderer, options, prepared={size: marked})
    assert laid_out[0] == marked
    assert all("made by the main process" not in other for other in laid_out[1:])  # made here

    laid_out.clear()  # HTML for a size copyfit does not try is never used
    again = pipeline.render_locale(project, "en", renderer, options, prepared={size + 1: marked})
    assert laid_out[0] == html
    assert again.pdf == rendered.pdf
