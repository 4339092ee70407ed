"""html: the templates are strict (a missing value fails) and escape what translators write."""

import re

import pytest

from build_factsheet.errors import RenderError
from build_factsheet.render.html import FitStep, brand_tokens, render_html
from build_factsheet.localise.document import localise
from build_factsheet.model.locales import load_catalogs
from build_factsheet.model.source import load_factsheet

from ..conftest import REPO


def _doc(root, lang="en"):
    factsheet = load_factsheet(root)
    return localise(factsheet, load_catalogs(factsheet, [lang])[lang])


def test_a_template_that_uses_a_missing_value_fails_the_build(mini_project):
    template = mini_project / "layouts" / "blocks" / "paragraph.html.j2"
    template.write_text("<p>{{ doc.t(block.text) }}</p>\n<p>{{ doc.no_such_value }}</p>\n")
    with pytest.raises(RenderError) as caught:
        render_html(_doc(mini_project), FitStep(10), mini_project / "build" / "en")
    message = str(caught.value)
    assert "layouts/blocks/paragraph.html.j2:2" in message
    assert "no_such_value" in message


def test_a_template_syntax_error_names_file_and_line(mini_project):
    template = mini_project / "layouts" / "blocks" / "lead.html.j2"
    template.write_text("<p>\n{{ doc.t(block.text) }\n</p>\n")
    with pytest.raises(RenderError) as caught:
        render_html(_doc(mini_project), FitStep(10), mini_project / "build" / "en")
    assert "layouts/blocks/lead.html.j2:2: template syntax error" in str(caught.value)


def test_a_template_cannot_reach_python_internals(mini_project):
    template = mini_project / "layouts" / "blocks" / "paragraph.html.j2"
    template.write_text("<p>{{ doc.t(block.text) }}</p>\n{{ doc.__class__.__init__.__globals__ }}\n")
    with pytest.raises(RenderError) as caught:
        render_html(_doc(mini_project), FitStep(10), mini_project / "build" / "en")
    message = str(caught.value)
    assert message.startswith("A template reaches for what templates may not use:")
    assert "layouts/blocks/paragraph.html.j2:2: refused by the sandbox:" in message
    assert "access to attribute '__class__' of 'LocalisedDocument' object is unsafe" in message


@pytest.mark.parametrize("path", ["../../source/locales/en.yaml", "../source/project.yaml", "/etc/passwd"])
def test_a_template_can_include_only_templates_under_layouts(mini_project, path):
    template = mini_project / "layouts" / "blocks" / "lead.html.j2"
    template.write_text(f'<p>{{{{ doc.t(block.text) }}}}</p>\n\n{{% include "{path}" %}}\n')
    with pytest.raises(RenderError) as caught:
        render_html(_doc(mini_project), FitStep(10), mini_project / "build" / "en")
    assert str(caught.value) == (
        "A template includes a template that is not under layouts/:\n"
        f"  layouts/blocks/lead.html.j2:3: no template '{path}' in layouts/ (a template may include only "
        "templates under layouts/, by a path without '..')")


def test_html_declares_language_direction_and_metadata():
    html = render_html(_doc(REPO, "ar"), FitStep(11), REPO / "build" / "ar")
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    # The brand comes first, as custom properties and @font-face rules, then the layout's CSS.
    assert html.index("--page-margin-block: 15mm;") < html.index('href="../../layouts/factsheet.css"')
    assert 'src: url("../../assets/fonts/NotoNaskhArabic-Regular.ttf")' in html
    assert '--font-body: "Noto Naskh Arabic", "Noto Sans";' in html
    assert "<title data-key=\"meta.title\">فريق التنسيق المشترك" in html
    # The footer is mirrored: the page number goes to the left in right-to-left text.
    assert "@bottom-left { content: \"الصفحة \" counter(page)" in html
    zh = render_html(_doc(REPO, "zh"), FitStep(11), REPO / "build" / "zh")
    assert '<html lang="zh-Hans" dir="ltr">' in zh


def test_chart_svg_has_a_title_for_each_bar():
    html = render_html(_doc(REPO), FitStep(10), REPO / "build" / "en")
    titles = re.findall(r"<svg class=\"chart-bar\".*?<title>(.*?)</title>", html, re.S)
    assert titles == [
        "123 specialized anti-trafficking law enforcement officers in the Interpol network",
        "at least 200 State officials in multiple geographic locations",
        "57 national anti-trafficking rapporteurs or equivalent mechanisms",
        "over 100 representatives of civil society and academia"]


def test_layout_css_uses_only_logical_directions():
    """Physical left/right would not mirror under dir="rtl"."""
    for path in (REPO / "layouts").glob("*.css"):
        css = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
        css = re.sub(r"@bottom-(left|right)", "", css)  # page-margin boxes are physical by design
        found = re.findall(r"\b(margin-left|margin-right|padding-left|padding-right|border-left|"
                           r"border-right|text-align:\s*(?:left|right)|float:\s*(?:left|right)|"
                           r"(?<![-\w])left:|(?<![-\w])right:)", css)
        assert found == [], f"{path.name}: {found}"


def test_brand_colours_are_defined_once_and_read_by_templates():
    tokens = brand_tokens(REPO)
    assert tokens["primary"].startswith("#") and tokens["accent"].startswith("#")
    for path in (REPO / "layouts").rglob("*"):
        if path.is_file() and path.name != "brand.yaml":
            assert not re.search(r"#[0-9a-fA-F]{6}\b", path.read_text()), path


def test_a_template_reaching_for_internals_fails_the_build_with_a_message(mini_project):
    from click.testing import CliRunner

    from build_factsheet.cli import main

    template = mini_project / "layouts" / "blocks" / "paragraph.html.j2"
    template.write_text("<p>{{ doc.t(block.text) }}{{ doc.__class__.__init__.__globals__ }}</p>\n")
    result = CliRunner().invoke(main, ["-C", str(mini_project), "build", "-j", "1", "--lang", "en"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "layouts/blocks/paragraph.html.j2:1: refused by the sandbox: access to attribute '__class__'" in result.output
    assert not (mini_project / "output").exists()
