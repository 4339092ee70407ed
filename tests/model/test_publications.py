"""Several publications in one project: source/publications/*.yaml, each with its own id, sections,
page budget and languages, sharing the project's locale files (required keys: the union)."""

import hashlib
import json
import shutil

import pytest
from lxml import html as lxml_html
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


def _published(root):
    out = root / "output"
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in out.rglob("*") if p.is_file()}


def test_a_plain_build_publishes_every_publication_in_its_languages_as_one_set(two_publications):
    results = pipeline.build(pipeline.BuildOptions(root=two_publications))
    assert sorted(r.pdf.name for r in results) == ["mini-en.pdf", "mini-fr.pdf", "mini-glance-en.pdf"]
    out = two_publications / "output"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {pub: sorted(item["pdfs"]) for pub, item in manifest["publications"].items()} == {
        "mini": ["en", "fr"], "mini-glance": ["en"]}
    assert manifest["publications"]["mini-glance"]["pdfs"]["en"]["pages"] == 1
    text = PdfReader(out / "mini-glance-en.pdf").pages[0].extract_text()
    assert "Only the second publication says this." in " ".join(text.split())
    page = lxml_html.fromstring((out / "index.html").read_bytes())
    sections = page.xpath("//section[@data-publication]")
    assert [s.get("data-publication") for s in sections] == ["mini", "mini-glance"]
    assert [[e.get("data-locale") for e in s.xpath(".//li[@class='language']")] for s in sections] == [
        ["en", "fr"], ["en"]]
    assert all(s.xpath("string(.//h2)").strip() for s in sections)  # each publication's title
    assert page.xpath("string(//h1)") == "Distribution kit"
    assert sorted(p.name for p in (out / "print").iterdir()) == [
        "mini-en-print.pdf", "mini-fr-print.pdf", "mini-glance-en-print.pdf"]
    published = _published(two_publications)
    again = pipeline.build(pipeline.BuildOptions(root=two_publications))
    assert all(r.cached for r in again) and len(again) == 3
    assert _published(two_publications) == published


def test_a_string_only_the_small_publication_uses_rebuilds_only_it(two_publications):
    pipeline.build(pipeline.BuildOptions(root=two_publications, kit=False))
    en = two_publications / "source" / "locales" / "en.yaml"
    en.write_text(en.read_text(encoding="utf-8").replace("Only the second publication says this.",
                                                         "Only the second one says this."), encoding="utf-8")
    results = pipeline.build(pipeline.BuildOptions(root=two_publications, kit=False))
    assert sorted((r.pdf.name, r.cached) for r in results) == [
        ("mini-en.pdf", True), ("mini-fr.pdf", True), ("mini-glance-en.pdf", False)]


def test_a_build_of_one_publication_leaves_the_others_files_as_they_are(two_publications):
    pipeline.build(pipeline.BuildOptions(root=two_publications))
    before = _published(two_publications)
    fr = two_publications / "source" / "locales" / "fr.yaml"
    fr.write_text(fr.read_text(encoding="utf-8").replace("Dates clés", "Dates essentielles"), encoding="utf-8")
    results = pipeline.build(pipeline.BuildOptions(root=two_publications, pub="glance"))
    assert [(r.lang, r.pdf.name, r.pages) for r in results] == [("en", "mini-glance-en.pdf", 1)]
    after = _published(two_publications)
    assert {name for name in after if after[name] != before.get(name)} <= {"manifest.json", "index.html",
                                                                          "contact-sheet.png"}
    assert {name for name in after if name.startswith(("mini-", "print/mini-", "thumbnails/mini-"))} == {
        name for name in before if name.startswith(("mini-", "print/mini-", "thumbnails/mini-"))}
    manifest = json.loads((two_publications / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["publications"]) == ["mini", "mini-glance"]  # the other one still listed
    with pytest.raises(UsageError, match="Unknown publication: leaflet"):
        pipeline.build(pipeline.BuildOptions(root=two_publications, pub="leaflet", kit=False))


def test_check_knows_each_publications_pdfs_by_their_names(two_publications):
    from build_factsheet.verify import check_files

    pipeline.build(pipeline.BuildOptions(root=two_publications, kit=False))
    out = two_publications / "output"
    reports = check_files(two_publications, [out / "mini-glance-en.pdf", out / "mini-fr.pdf"])
    assert [(r.path.name, r.lang, r.passed(True)) for r in reports] == [
        ("mini-glance-en.pdf", "en", True), ("mini-fr.pdf", "fr", True)]


def test_a_project_without_a_publication_says_where_to_add_one(mini_project):
    (mini_project / "source" / "factsheet.yaml").unlink()
    with pytest.raises(SourceError) as caught:
        load_publications(mini_project)
    assert "add source/publications/<name>.yaml" in str(caught.value.problems[0])
