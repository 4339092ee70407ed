"""docs/authoring.md's worked examples, applied as written to a copy of the harbour sample project, build and read in the PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest

from build_factsheet import pipeline
from build_factsheet.checks.normalise import normalise
from tests.conftest import REPO

GUIDE = REPO / "docs" / "authoring.md"
# <!-- example NAME: FILE MODE ["ANCHOR"] --> then a fenced block: the edit, as the guide shows it.
EXAMPLE = re.compile(r'<!-- example (\w+): (\S+) (new|append|after|replace)(?: "([^"]*)")? -->\n'
                     r"```\w*\n(.*?)```", re.S)
SCRIPT = {"ar": "arabic"}


def examples(name: str) -> list[tuple[str, str, str | None, str]]:
    found = [(path, mode, anchor, text) for example, path, mode, anchor, text
             in EXAMPLE.findall(GUIDE.read_text(encoding="utf-8")) if example == name]
    assert found, f"no example '{name}' in {GUIDE}"
    return found


def apply(root: Path, name: str) -> None:
    """Make the edits of example `name` to the project at `root`."""
    for relative, mode, anchor, text in examples(name):
        path = root / relative
        if mode == "new":
            assert not path.exists(), relative
            path.write_text(text, encoding="utf-8")
            continue
        old = path.read_text(encoding="utf-8")
        if mode == "append":
            new = old.rstrip("\n") + "\n" + ("\n" if not text.startswith(" ") else "") + text
        else:
            line = anchor + "\n"
            assert old.count(line) == 1, (relative, anchor)
            new = old.replace(line, line + text if mode == "after" else text)
        path.write_text(new, encoding="utf-8")


def build(root: Path, langs=None) -> dict:
    results = {r.lang: r for r in pipeline.build(pipeline.BuildOptions(root=root, langs=langs, jobs=1))}
    for result in results.values():
        assert [c for c in result.checks if c.status != "pass"] == [], result.lang
        assert result.pages == 1
    return results


def reads(result, *texts: str) -> None:
    document = pypdfium2.PdfDocument(result.pdf)
    try:
        script = SCRIPT.get(result.lang, "latin")
        page = normalise(document[0].get_textpage().get_text_range(), script)
    finally:
        document.close()
    for text in texts:
        assert normalise(text, script) in page, (result.lang, text)


def test_every_example_of_the_guide_is_tested():
    names = {match[0] for match in EXAMPLE.findall(GUIDE.read_text(encoding="utf-8"))}
    assert names == {"section", "collection", "block", "publication", "language"}


def test_adding_a_section(harbour_project):
    apply(harbour_project, "section")
    results = build(harbour_project)
    reads(results["en"], "Getting here", "Buses 12 and 14 stop at the harbour gates every twenty minutes")
    reads(results["fr"], "Comment venir", "Les bus 12 et 14 s'arrêtent à l'entrée du port")
    reads(results["ar"], "كيف تصل إلينا", "عند بوابة الميناء كل عشرين دقيقة")


def test_adding_a_collection(harbour_project):
    apply(harbour_project, "collection")
    results = build(harbour_project)
    reads(results["en"], "Quay car park", "West Quay, open day and night", "Station car park")
    reads(results["fr"], "Parking de la gare", "Rue de la Gare, gratuit le dimanche")
    reads(results["ar"], "موقف سيارات الرصيف", "مجاني يوم الأحد")


def test_adding_a_block_kind(harbour_project):
    apply(harbour_project, "block")
    results = build(harbour_project)
    html = next((harbour_project / "build" / "en").glob("*.html")).read_text(encoding="utf-8")
    assert '<p class="key-number"><strong data-value="berths">240</strong>' in html
    reads(results["en"], "240 berths for boats of every size")
    reads(results["fr"], "postes d'amarrage pour bateaux de toutes tailles")
    reads(results["ar"], "مرسى للقوارب من جميع الأحجام")


def test_changing_the_publication(harbour_project):
    apply(harbour_project, "publication")
    results = build(harbour_project, ["en"])
    assert results["en"].pdf == harbour_project / "output" / "kestrel-bay-summer-en.pdf"
    reads(results["en"], "Valid from June 2025")


def test_adding_a_language(harbour_project):
    apply(harbour_project, "language")
    results = build(harbour_project)
    assert set(results) == {"en", "fr", "ar", "es"}
    assert results["es"].pdf == harbour_project / "output" / "kestrel-bay-visitors-es.pdf"
    reads(results["es"], "Puerto de Kestrel Bay", "Está prohibido bañarse, pescar o trepar",
          "Válido desde abril de 2025", "18 £")
    assert "kestrel-bay-visitors-es.pdf" in (harbour_project / "output" / "index.html").read_text(encoding="utf-8")
