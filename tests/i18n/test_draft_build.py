"""A scaffolded, partly translated locale: the build lists what is missing; --draft renders it stamped."""

import pytest
from pypdf import PdfReader

from build_factsheet import pipeline
from build_factsheet.errors import SourceError
from build_factsheet.i18n.yamledit import set_values

from .conftest import locale_file

PARTIAL = {
    "ui.draft_stamp": "PROJET – traduction incomplète",
    "meta.subtitle": "Fiche d'information",
    "timeline.heading": "Chronologie des principaux événements",
}


@pytest.fixture
def partial_fr(render_project, i18n):
    assert i18n("new", "fr", "--force").exit_code == 0
    path = locale_file(render_project, "fr")
    path.write_text(set_values(path.read_text(encoding="utf-8"), PARTIAL), encoding="utf-8")
    return render_project


def test_a_partial_translation_fails_the_build_listing_each_missing_key(partial_fr):
    with pytest.raises(SourceError) as caught:
        pipeline.build(pipeline.BuildOptions(root=partial_fr, langs=["fr"]))
    missing = [p for p in caught.value.problems if "empty text: not translated yet" in p.message]
    # 116 strings for the translator tools, 112 messages for the build: four plural messages of two forms.
    assert len(missing) == len(caught.value.problems) == 112 - len(PARTIAL)
    assert not (partial_fr / "build" / "fr").exists()


def test_a_partial_translation_builds_as_a_stamped_draft_never_published(partial_fr):
    results = pipeline.build(pipeline.BuildOptions(root=partial_fr, langs=["fr"], draft=True))
    assert [(r.publication, r.lang, r.draft) for r in results] == [("icat-factsheet", "fr", True),
                                                                   ("icat-at-a-glance", "fr", True)]
    assert all(r.pdf.is_relative_to(partial_fr / "build") for r in results)
    pdf = results[0].pdf
    assert pdf.exists() and pdf.is_relative_to(partial_fr / "build")
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert all("PROJET" in text and "traduction incomplète" in text for text in pages), pages[0][:300]
    text = " ".join(" ".join(pages).split())
    assert "CHRONOLOGIE DES PRINCIPAUX ÉVÉNEMENTS" in text.upper()  # translated (headings are set in capitals)
    assert "TOOLS AND POLICY BRIEFS" in text.upper()  # filled in from English
    output = partial_fr / "output"
    assert not output.exists() or not any(p.suffix == ".pdf" for p in output.iterdir())
