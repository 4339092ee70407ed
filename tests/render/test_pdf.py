"""pdf: WeasyPrint is sandboxed, and everything it logs fails the build."""

import pytest

from build_factsheet.model import fonts
from build_factsheet.errors import RenderError
from build_factsheet.render.pdf import make_fetcher, raise_for_messages
from build_factsheet.readback import read_pdf

from ..conftest import brand_style


@pytest.fixture
def renderer(mini_project):
    fonts.isolate_fontconfig(mini_project / "build")
    from build_factsheet.render.pdf import Renderer

    return Renderer(mini_project)


PAGE = """<!DOCTYPE html><html lang="en"><head><title>t</title>
BRAND</head>
<body style="font-family: 'Noto Sans'">{}</body></html>""".replace("BRAND", brand_style("{{}}"))


def test_fetcher_reads_only_assets_layouts_and_data(mini_project):
    fetcher = make_fetcher([mini_project / "assets", mini_project / "layouts"])
    logo = (mini_project / "assets" / "images" / "icat-logo.svg").as_uri()
    assert fetcher.fetch(logo).read().startswith(b"<svg")
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    outside = [
        (mini_project / "source" / "factsheet.yaml").as_uri(),
        (mini_project / "assets" / ".." / "source" / "factsheet.yaml").as_uri(),  # path escape
        "file:///etc/passwd",
        "https://example.org/logo.svg",
        "ftp://example.org/logo.svg",
    ]
    for url in outside:
        with pytest.raises(ValueError, match="blocked"):
            fetcher.fetch(url)


def test_a_resource_outside_the_sandbox_is_not_loaded_and_fails_the_build(renderer, mini_project):
    html = PAGE.format('<p>Text</p><img alt="x" src="../../source/factsheet.yaml">'
                       '<img alt="y" src="file:///etc/hostname">'
                       '<a rel="attachment" href="../../source/factsheet.yaml">attached</a>')
    layout = renderer.layout(html, mini_project / "build" / "en" / "mini.html")
    pdf = renderer.write(layout)
    assert b"factsheet.yaml" not in pdf and read_pdf(pdf).embedded_files == 0
    with pytest.raises(RenderError) as caught:
        raise_for_messages(layout, "build/en/mini.html", "en")
    message = str(caught.value)
    assert "blocked" in message and "etc/hostname" in message


def test_a_glyph_no_font_has_fails_the_build(renderer, mini_project):
    layout = renderer.layout(PAGE.format("<p>Gothic \U00010330 letter</p>"),
                             mini_project / "build" / "en" / "mini.html")
    renderer.write(layout)  # glyphs are looked up when drawing
    assert any(".notdef glyph rendered" in m for m in layout.messages)
    with pytest.raises(RenderError):
        raise_for_messages(layout, "build/en/mini.html", "en")


def test_system_fonts_cannot_stand_in(renderer, mini_project):
    html = PAGE.format('<p style="font-family: \'DejaVu Sans\', \'Liberation Serif\'">System?</p>'
                       '<p>Vendored</p>')
    layout = renderer.layout(html, mini_project / "build" / "en" / "mini.html")
    names = read_pdf(renderer.write(layout)).fonts
    assert names and all(name.startswith("Noto-") for name in names), names


def test_a_missing_image_fails_the_build(renderer, mini_project):
    layout = renderer.layout(PAGE.format('<img alt="logo" src="../../assets/images/none.svg">'),
                             mini_project / "build" / "en" / "mini.html")
    assert any("none.svg" in m for m in layout.messages)


def test_a_missing_system_library_is_reported_with_what_to_install(mini_project, monkeypatch):
    import builtins

    from build_factsheet.render.pdf import Renderer

    real_import = builtins.__import__

    def without_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': No such file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_pango)
    with pytest.raises(RenderError) as caught:
        Renderer(mini_project)
    assert "libpango-1.0-0" in str(caught.value) and "apt-get install" in str(caught.value)


def test_a_font_that_fails_to_load_fails_the_build(renderer, mini_project):
    html = PAGE.format('<style>@font-face { font-family: "Missing"; src: url("../../assets/fonts/none.ttf") }'
                       '</style><p style="font-family: Missing, \'Noto Sans\'">Text</p>')
    layout = renderer.layout(html, mini_project / "build" / "en" / "mini.html")
    assert any("cannot be loaded" in m for m in layout.messages), layout.messages
    with pytest.raises(RenderError):
        raise_for_messages(layout, "build/en/mini.html", "en")


def test_a_missing_harfbuzz_subsetter_fails_once_before_rendering(mini_project, monkeypatch):
    from weasyprint.text import ffi

    from build_factsheet import pipeline, workers
    from build_factsheet.errors import RenderError

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)  # what WeasyPrint sets when it cannot load it
    monkeypatch.setattr(workers, "_WORKER", {})
    with pytest.raises(RenderError) as raised:
        pipeline.build(pipeline.BuildOptions(root=mini_project, jobs=1))
    assert raised.value.render() == (
        "HarfBuzz's font subsetter (libharfbuzz-subset.so.0) is missing.\n"
        "  weasyprint: install it with: sudo apt-get install -y libharfbuzz-subset0 "
        "(`make pdf` installs it when run as root)")
    assert not (mini_project / "output").exists() and not list((mini_project / "build").glob("*/*.pdf"))


def test_the_fetcher_reads_a_file_whose_name_holds_a_percent_sign(tmp_path):
    folder = tmp_path / "assets"
    folder.mkdir()
    (folder / "50%41 off.css").write_text("p {}")  # its URI is 50%2541%20off.css: decoded once, not twice
    (folder / "50A off.css").write_text("not this one")
    fetcher = make_fetcher([folder])
    assert fetcher.fetch((folder / "50%41 off.css").as_uri()).read() == b"p {}"
