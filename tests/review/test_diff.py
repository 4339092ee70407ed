"""build-factsheet diff OLD.pdf NEW.pdf: the same comparison page for any two PDFs."""

from __future__ import annotations

from click.testing import CliRunner

from build_factsheet.cli import main

PUB = "kestrel-bay-visitors"


def test_two_different_pdfs_show_their_pages_and_text_side_by_side(harbour_published, tmp_path):
    output = harbour_published / "output"
    outcome = CliRunner().invoke(main, ["diff", str(output / f"{PUB}-en.pdf"), str(output / f"{PUB}-ar.pdf"),
                                        "-o", str(tmp_path / "diff")])
    assert outcome.exit_code == 0, outcome.output
    assert outcome.output.splitlines()[0] == f"{PUB}-ar.pdf: page 1 changed"
    html = (tmp_path / "diff" / "index.html").read_text(encoding="utf-8")
    assert 'data-locale="ar"' in html and 'lang="ar" dir="rtl"' in html  # the new PDF's /Lang and its direction
    assert '<div class="pair" data-page="1"' in html and "<ins>" in html and "<del>" in html
    assert (tmp_path / "diff" / "pages" / "page-p1-old.png").is_file()
    assert (tmp_path / "diff" / "pages" / "page-p1-new.png").is_file()


def test_the_same_pdf_twice_is_unchanged_and_nothing_is_rasterised(harbour_published, tmp_path):
    pdf = harbour_published / "output" / f"{PUB}-fr.pdf"
    outcome = CliRunner().invoke(main, ["diff", str(pdf), str(pdf), "-o", str(tmp_path / "same")])
    assert outcome.exit_code == 0, outcome.output
    assert outcome.output.splitlines()[0] == f"{PUB}-fr.pdf: unchanged"
    assert not (tmp_path / "same" / "pages").exists()


def test_a_file_that_is_not_a_pdf_is_an_error_not_a_traceback(harbour_published, tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_text("hello", encoding="utf-8")
    outcome = CliRunner().invoke(main, ["diff", str(fake), str(harbour_published / "output" / f"{PUB}-fr.pdf"),
                                        "-o", str(tmp_path / "x")])
    assert outcome.exit_code == 1
    assert "fake.pdf: not a PDF" in outcome.output
    assert "Traceback" not in outcome.output
