"""Helpers for the check tests: render small, deliberately broken pages, and expectations for them."""

from __future__ import annotations

import pytest

from build_factsheet.model import fonts
from build_factsheet.checks.model import Expectation
from build_factsheet.model.brand import load_brand
from build_factsheet.readback import read_pdf

from ..conftest import REPO, brand_style

HEAD = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
{brand}
<style>@page {{ size: var(--paper-width) var(--paper-height);
  margin: var(--page-margin-block) var(--page-margin-inline) var(--page-margin-foot) }} body {{ font-family: "Noto Sans"; font-size: 11pt }}
{css}</style></head><body>{body}</body></html>"""

FILLER = " ".join(["This sentence fills the page so that the page is not half empty."] * 60)


@pytest.fixture(scope="session")
def render():
    """Render HTML (inside the real project) to a Readback, tagged as the build does unless told not to."""
    fonts.isolate_fontconfig(REPO / "build")
    from build_factsheet.render.pdf import Renderer

    renderer = Renderer(REPO)

    def _render(body: str, lang: str = "en", title: str = "A title", css: str = "", tagged: bool = True,
                filler: bool = True):
        html = HEAD.format(lang=lang, title=title, css=css, brand=brand_style(),
                           body=body + (f"<p>{FILLER}</p>" if filler else ""))
        base = REPO / "build" / "tests" / "page.html"
        if tagged:
            layout = renderer.layout(html, base)
            return read_pdf(renderer.write(layout))
        document = renderer.weasyprint.HTML(string=html, base_url=base.as_uri(),
                                            url_fetcher=renderer.fetcher).render(font_config=renderer.font_config)
        return read_pdf(document.write_pdf())

    return _render


def expectation(**changes) -> Expectation:
    values = dict(lang="en", html_lang="en", script="latin", strings={}, title="A title", page_budget=1,
                  margins_pt=load_brand(REPO).page.margins_pt,
                  page_furniture=[], links=set(), allowed_fonts={"Noto-Sans"}, figures=0,
                  languages=("en", "fr", "es", "ru", "ar", "zh"))
    values.update(changes)
    return Expectation(**values)
