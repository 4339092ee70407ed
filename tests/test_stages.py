"""stages: one language rendered from the HTML the build made while its worker started WeasyPrint."""

import pytest

from build_factsheet.errors import RenderError
from build_factsheet.model import fonts
from build_factsheet.model.sizelock import FitStep
from build_factsheet.options import BuildOptions
from build_factsheet.project import load_project
from build_factsheet.render.pdf import Renderer
from build_factsheet.stages import first_html, render_locale


@pytest.fixture
def renderer(mini_project):
    fonts.isolate_fontconfig(mini_project / "build")
    return Renderer(mini_project)


def test_the_html_made_first_is_the_html_the_worker_would_make(mini_project, renderer):
    project = load_project(mini_project, ["fr"])
    made = first_html(project, "fr", mini_project)
    assert len(made) == 1 and "<html" in next(iter(made.values()))
    options = BuildOptions(root=mini_project, kit=False)
    given = render_locale(project, "fr", renderer, options, made=made)
    own = render_locale(project, "fr", renderer, options)
    assert given.html == own.html and given.pdf == own.pdf  # the same bytes either way


def test_the_worker_lays_out_the_html_it_is_given(mini_project, renderer):
    project = load_project(mini_project, ["en"])
    options = BuildOptions(root=mini_project, kit=False)
    fitted = render_locale(project, "en", renderer, options)
    locked = FitStep(fitted.font_size_pt, fitted.leading)  # the step that fits, as a lock holds it
    (size, html), = first_html(project, "en", mini_project, locked).items()
    assert size == locked
    marked = html.replace("</body>", "<!-- made by the build -->\n</body>")
    rendered = render_locale(project, "en", renderer, options, locked, made={size: marked})
    assert rendered.html == marked
    assert "made by the build" in (mini_project / "build" / "en" / "mini.html").read_text()


def test_the_html_made_first_has_the_locked_leading(mini_project):
    project = load_project(mini_project, ["en"])
    (step, html), = first_html(project, "en", mini_project, FitStep(10.0, 1.5)).items()
    assert step == FitStep(10.0, 1.5) and "--leading-body: 1.5;" in html
    (step, html), = first_html(project, "en", mini_project, FitStep(10.0, 1.9)).items()  # beyond the brand's range
    assert step == FitStep(10.0) and "--leading-body: 1.4;" in html


def test_a_template_that_fails_is_left_to_the_worker_to_report(mini_project, renderer):
    template = next((mini_project / "layouts").glob("*.html.j2"))
    template.write_text(template.read_text() + "\n{{ 1 / 0 }}\n")
    project = load_project(mini_project, ["en"])
    assert first_html(project, "en", mini_project) == {}
    with pytest.raises(RenderError) as caught:
        render_locale(project, "en", renderer, BuildOptions(root=mini_project, kit=False))
    assert template.name in str(caught.value.problems[0])
