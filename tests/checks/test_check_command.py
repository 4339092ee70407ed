"""`build-factsheet check`: the build's checks on PDFs already made, with a readable or JSON report."""

import json

import pytest
from click.testing import CliRunner

from build_factsheet import pipeline
from build_factsheet.cli import main
from build_factsheet.errors import CheckError

ENGLISH_P2 = ("Since it was founded on {founded}, the Group has met regularly, reviewed its working methods and "
              "published short notes on the questions its members asked most often, always in plain language.")


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_check_passes_on_built_pdfs_and_reports_json(built_mini):
    root, _ = built_mini
    result = run("-C", str(root), "check")
    assert result.exit_code == 0, result.output
    assert "PASS" in result.output and "2 of 2 PDF(s) passed" in result.output
    data = json.loads(run("-C", str(root), "check", "--json", "--strict").output)
    assert data["passed"] and {p["lang"] for p in data["pdfs"]} == {"en", "fr"}
    checks = {r["check"] for p in data["pdfs"] for r in p["results"]}
    assert checks == {"completeness", "leftovers", "language", "fonts", "layout", "metadata", "active-content",
                      "provenance", "typography"}


def test_a_translation_with_an_english_paragraph_pasted_in_fails_and_names_it(mini_project):
    path = mini_project / "source" / "locales" / "fr.yaml"
    text = path.read_text()
    start = text.index("  p2: Depuis sa création")
    end = text.index("\n", start)
    path.write_text(text[:start] + "  p2: " + ENGLISH_P2 + text[end:])
    # Let through QA (which refuses a string left identical to the English): the PDF's checks still catch it.
    project = mini_project / "source" / "project.yaml"
    project.write_text(project.read_text() + f"\nidentical_ok:\n  - {json.dumps(ENGLISH_P2)}\n")
    with pytest.raises(CheckError) as caught:
        pipeline.build(pipeline.BuildOptions(root=mini_project, langs=["fr"]))
    assert "key 'intro.p2'" in str(caught.value)
    assert not (mini_project / "output" / "mini-fr.pdf").exists()

    staged = mini_project / "build" / "fr" / "mini-fr.pdf"
    result = run("-C", str(mini_project), "check", str(staged))
    assert result.exit_code == 1
    assert "FAIL" in result.output
    assert "source-language text in a translation (locale fr, page 1, key 'intro.p2')" in result.output
    assert "paragraph reads as English, expected French (locale fr, page 1, key 'intro.p2')" in result.output


def test_a_stale_pdf_fails_completeness_against_the_current_locale(built_mini, tmp_path):
    root, _ = built_mini
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    path = copy / "source" / "locales" / "en.yaml"
    path.write_text(path.read_text().replace("Coordination in practice", "Coordination, in practice"))
    result = run("-C", str(copy), "check", str(copy / "output" / "mini-en.pdf"))
    assert result.exit_code == 1
    assert "key 'tools.briefs.first'" in result.output and "Coordination, in practice" in result.output


def test_language_comes_from_lang_or_the_flag(built_mini):
    root, _ = built_mini
    pdf = str(root / "output" / "mini-fr.pdf")
    result = run("-C", str(root), "check", "--lang", "en", pdf)  # a French PDF checked as English
    assert result.exit_code == 1 and "(en, 1 pages)" in result.output


def test_a_file_that_is_not_a_pdf_is_a_finding(built_mini, tmp_path):
    root, _ = built_mini
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf")
    result = run("-C", str(root), "check", str(junk))
    assert result.exit_code == 1 and "not a PDF" in result.output and "Traceback" not in result.output
