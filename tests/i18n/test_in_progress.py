"""A language in progress (half translated, with an extra key) is made as a stamped draft and never blocks a release."""

import yaml
from pypdf import PdfReader

from build_factsheet import pipeline
from build_factsheet.model.yamlfile import flatten

from ..conftest import copy_project

RELEASED = ["en", "fr", "es", "ru", "ar", "zh"]


def _nest(flat: dict) -> dict:
    nested: dict = {}
    for key, value in flat.items():
        *parents, last = key.split(".")
        node = nested
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return nested


def add_portuguese_in_progress(root):
    """Add pt (in progress) with half its strings (French text stands in for them) and a key English lacks."""
    project = root / "source" / "project.yaml"
    text = project.read_text(encoding="utf-8")
    anchor = "  zh:\n    cldr: zh_Hans"
    project.write_text(text.replace(anchor, "  pt: {cldr: pt, dir: ltr, script: latin, status: in_progress}\n" + anchor),
                       encoding="utf-8")
    french = flatten(yaml.safe_load((root / "source" / "locales" / "fr.yaml").read_text(encoding="utf-8")))
    keys = sorted(french)
    half = {key: french[key] for key in keys[: len(keys) // 2]}
    half["ui.draft_stamp"] = "RASCUNHO – tradução incompleta"
    half["extra.not_in_english"] = "Uma chave a mais"
    (root / "source" / "locales" / "pt.yaml").write_text(yaml.safe_dump(_nest(half), allow_unicode=True),
                                                         encoding="utf-8")


def test_a_language_in_progress_is_a_stamped_draft_and_the_released_ones_are_published(tmp_path, caplog):
    root = copy_project(tmp_path / "project")
    add_portuguese_in_progress(root)
    everything = pipeline.build(pipeline.BuildOptions(root=root))  # raises if the build fails
    # Each publication: its released languages published, Portuguese a draft (the leaflet's too).
    for pub in ("icat-factsheet", "icat-at-a-glance"):
        results = [r for r in everything if r.publication == pub]
        assert [(r.lang, r.draft) for r in results] == [(lang, False) for lang in RELEASED] + [("pt", True)]
    published = sorted(p.name for p in (root / "output").glob("*.pdf"))
    assert published == sorted(f"{pub}-{lang}.pdf" for lang in RELEASED for pub in ("icat-factsheet",
                                                                                    "icat-at-a-glance"))
    results = [r for r in everything if r.publication == "icat-factsheet"]
    draft = results[-1].pdf
    assert draft.is_relative_to(root / "build") and draft.name == "icat-factsheet-pt-draft.pdf"
    pages = [page.extract_text() for page in PdfReader(draft).pages]
    assert all("RASCUNHO" in text for text in pages), pages[0][:300]
    assert "build/pt/icat-factsheet-pt-draft.pdf" in caplog.text  # where the draft is
    assert "extra.not_in_english" in caplog.text  # an extra key: a warning, not a failure
    html = (root / "build" / "pt" / "icat-factsheet.html").read_text(encoding="utf-8")
    assert '<span lang="en">' in html  # English stand-ins are marked as English
    manifest = (root / "output" / "manifest.json").read_text(encoding="utf-8")
    assert "-pt" not in manifest
    from click.testing import CliRunner

    from build_factsheet.cli import main

    again = CliRunner().invoke(main, ["-C", str(root), "build", "--no-kit"])
    assert again.exit_code == 0, again.output
    assert "draft, in build/" in again.output
