"""Several publications in one project: source/publications/*.yaml, each with its own id, sections,
page budget and languages, sharing the project's locale files (required keys: the union)."""

import shutil

import pytest
from pypdf import PdfReader

from build_factsheet import pipeline
from build_factsheet.errors import SourceError, UsageError
from build_factsheet.model.source import load_publications
from build_factsheet.project import load_project

GLANCE = """\
document:
  id: mini-glance
  layout: factsheet
  page_budget: 1
  paper: A4
  edition: {date: 2020-03-01, precision: month}
  languages: [en]
sections:
  - id: intro
    blocks:
      - {lead: intro.p1}
      - {paragraph: glance.p1}
  - id: offer
    heading: offer.heading
    blocks:
      - {paragraph: offer.p1}
      - {ordered_list: [offer.one, offer.two]}
  - id: groups
    heading: groups.heading
    blocks:
      - {entity_grid: members, heading: groups.members}
      - {entity_list: working_group, heading: groups.working}
  - id: history
    heading: history.heading
    blocks:
      - {timeline: timeline}
  - id: reach
    heading: reach.heading
    blocks:
      - {paragraph: reach.p1}
      - {brief_list: policy_briefs}
      - {figure_chart: technology_figures, caption: reach.caption}
"""


@pytest.fixture
def two_publications(mini_project):
    source = mini_project / "source"
    (source / "publications").mkdir()
    shutil.move(source / "factsheet.yaml", source / "publications" / "factsheet.yaml")
    (source / "publications" / "glance.yaml").write_text(GLANCE, encoding="utf-8")
    for lang, text in (("en", "Only the second publication says this."), ("fr", "Seule la seconde le dit.")):
        path = source / "locales" / f"{lang}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + f"glance:\n  p1: {text}\n", encoding="utf-8")
    return mini_project


def test_every_publication_file_is_loaded_and_a_key_one_of_them_uses_is_known_to_all(two_publications):
    factsheet, glance = load_publications(two_publications)
    assert (factsheet.document_id, glance.document_id) == ("mini", "mini-glance")
    assert glance.source_file == "source/publications/glance.yaml" and glance.languages == ("en",)
    assert "glance.p1" in glance.required_keys() and "glance.p1" not in factsheet.required_keys()
    assert "glance.p1" in factsheet.other_keys
    assert sorted(load_project(two_publications, pub="mini").catalogs) == ["en", "fr"]  # no unknown key


def test_a_build_names_the_publication_and_builds_it_in_its_own_languages(two_publications):
    with pytest.raises(UsageError, match="2 publications .*name one with --pub"):
        pipeline.build(pipeline.BuildOptions(root=two_publications, kit=False))
    results = pipeline.build(pipeline.BuildOptions(root=two_publications, pub="glance", kit=False))
    assert [(r.lang, r.pdf.name, r.pages) for r in results] == [("en", "mini-glance-en.pdf", 1)]
    text = PdfReader(two_publications / "output" / "mini-glance-en.pdf").pages[0].extract_text()
    assert "Only the second publication says this." in " ".join(text.split())
    with pytest.raises(UsageError, match="Unknown publication: leaflet"):
        pipeline.build(pipeline.BuildOptions(root=two_publications, pub="leaflet", kit=False))


def test_a_project_without_a_publication_says_where_to_add_one(mini_project):
    (mini_project / "source" / "factsheet.yaml").unlink()
    with pytest.raises(SourceError) as caught:
        load_publications(mini_project)
    assert "add source/publications/<name>.yaml" in str(caught.value.problems[0])
