"""Templates that print what no source holds -> the build fails naming that text, and nothing is published.

And every published PDF of ICAT and of the sample projects passes the provenance check: the
published PDF never contains text that no locale string, value or layout word produced.
"""

from __future__ import annotations

import pytest

from build_factsheet.checks.provenance import check_provenance
from build_factsheet.checks import expectation_for
from build_factsheet.project import load_project
from build_factsheet.readback import read_pdf

from .test_corpus import outcome, run_in

PARAGRAPH = '<p data-key="{{ block.text }}">{{ doc.t(block.text) }}</p>'
FAILED = ("exit: 1\nError: 'en': 1 check(s) failed on build/en/mini-en.pdf, not published:\n"
          "  build/en/mini-en.pdf: [FAIL] provenance: text that no locale string, value or layout word produced")

CASES = {
    # Literal words of the template's own, inside an element that claims a locale key.
    "literal": ('<p data-key="{{ block.text }}">{{ doc.t(block.text) }} Strictly confidential</p>', {},
                f'{FAILED} (3 times) (locale en, page 1): "Strictly confidential"\n'),
    # A file under layouts/ that is not a template, included: the loader allows it, the check does not.
    "included-file": (PARAGRAPH + '{% include "notes.txt" %}', {"notes.txt": "Board password: tangerine-42"},
                      f'{FAILED} (3 times) (locale en, page 1): "Board password: tangerine-42"\n'),
    # Data that no source prints: the contacts' own field names.
    "data-not-in-sources": (PARAGRAPH + "<p>{{ doc.factsheet.contacts.keys() | join(' ') }}</p>", {},
                            f'{FAILED} (3 times) (locale en, page 1): "website email twitter"\n'),
    # Text that only CSS generates: never in the HTML's text, read from the PDF.
    "css-content": (PARAGRAPH + "<style>h2::after { content: ' (internal)' }</style>", {},
                    f'{FAILED} (4 times) (locale en, page 1): "INTERNAL"\n'),
}


@pytest.mark.parametrize("case", CASES)
def test_a_template_printing_text_no_source_has_fails_naming_it(mini_project, case):
    template, files, expected = CASES[case]
    (mini_project / "layouts" / "blocks" / "paragraph.html.j2").write_text(template + "\n")
    for name, text in files.items():
        (mini_project / "layouts" / name).write_text(text)
    got = outcome(run_in(mini_project, "build", "--lang", "en", "-j", "1"))
    assert got == expected
    assert not (mini_project / "output").exists()


def test_a_template_reading_a_secret_file_is_refused(mini_project, tmp_path):
    (tmp_path / "secret.txt").write_text("tangerine-42")
    (mini_project / "layouts" / "blocks" / "paragraph.html.j2").write_text(
        PARAGRAPH + '{{ doc.factsheet.root.joinpath("../secret.txt").read_text() }}\n')
    got = outcome(run_in(mini_project, "build", "--lang", "en", "-j", "1"))
    assert got == ("exit: 1\nError: A template reaches for what templates may not use:\n"
                   "  layouts/blocks/paragraph.html.j2:1: refused by the sandbox: access to attribute 'joinpath' "
                   "of 'PosixPath' object is unsafe\n")
    assert not (mini_project / "output").exists()


@pytest.mark.parametrize("built", ["built_real", "built_mini", "built_harbour"])
def test_every_published_pdf_passes_the_provenance_check(request, built):
    root, results = request.getfixturevalue(built)
    for lang, result in results.items():
        [finding] = [c for c in result.checks if c.check == "provenance"]
        assert finding.status == "pass", (lang, [str(c) for c in result.checks if c.check == "provenance"])


@pytest.mark.parametrize("built", ["built_mini", "built_harbour"])
def test_a_published_pdf_holds_no_text_beyond_its_sources(request, built):
    """Read back from output/ (pypdfium2 and pypdf) against the sources alone, every page accounts for itself;
    and the same PDF given one word more fails, naming that word."""
    import dataclasses

    root, results = request.getfixturevalue(built)
    project = load_project(root, list(results))
    for lang, result in results.items():
        readback = read_pdf(result.pdf.read_bytes())
        expect = expectation_for(project.documents[lang])
        assert [r.status for r in check_provenance(readback, expect)] == ["pass"]
        if expect.script != "arabic":  # pypdf puts Arabic lines' numbers and Latin runs in visual order
            as_pypdf = dataclasses.replace(readback, pages_pdfium=readback.pages_pypdf)
            assert [r.status for r in check_provenance(as_pypdf, expect)] == ["pass"], lang
        pages = list(readback.pages_pdfium)
        pages[-1] += "\nzebrafinch"
        extra = check_provenance(dataclasses.replace(readback, pages_pdfium=pages), expect)
        assert [(r.status, r.text) for r in extra] == [("fail", "zebrafinch")]


def test_check_names_text_in_a_pdf_that_no_source_produced(built_mini, tmp_path):
    """`build-factsheet check` on a PDF whose properties were given words of someone else's."""
    import pikepdf

    root = built_mini[0]
    copy = tmp_path / "mini-en.pdf"
    with pikepdf.open(root / "output" / "mini-en.pdf") as pdf:
        pdf.docinfo["/Subject"] = "Payroll zebrafinch"
        pdf.save(copy)
    result = run_in(root, "check", str(copy))
    outcome(result)
    assert result.exit_code == 1
    assert result.output.splitlines()[1:3] == [
        "  [FAIL] provenance: text that no locale string, value or layout word produced (locale en): "
        '"Subject: payroll zebrafinch"', "0 of 1 PDF(s) passed"]
