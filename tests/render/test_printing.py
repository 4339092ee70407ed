"""The print PDF made from a checked screen PDF: boxes, crop marks as artifacts, text and tags, its checks."""

import hashlib
import io
import re
import subprocess
import sys
import tokenize
from dataclasses import replace

import pikepdf
import pytest

from build_factsheet.publish import kit
from build_factsheet import pipeline
from build_factsheet.render import printing
from build_factsheet.errors import RenderError, SourceError
from build_factsheet.model.brand import BRAND_FILE

from ..conftest import REPO

MM = 72 / 25.4


@pytest.fixture(scope="session")
def screen(built_mini):
    root, _ = built_mini
    return (root / "output" / "mini-en.pdf").read_bytes()


@pytest.fixture(scope="session")
def printed(screen):
    return printing.make_print_pdf(screen, 3.0)


def _boxes(page):
    return {name: [float(v) for v in page.obj[name]] for name in ("/MediaBox", "/TrimBox", "/BleedBox")}


def _edit(data: bytes, change) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


# --- where the bleed and the paper come from ------------------------------------------------

A4 = printing.print_page(REPO)


def _brand(tmp_path, old: str, new: str):
    """A project whose layouts/brand.yaml is the real one with `old` replaced by `new`; and the line changed."""
    original = (REPO / BRAND_FILE).read_text()
    assert old in original
    (tmp_path / "layouts").mkdir()
    (tmp_path / BRAND_FILE).write_text(original.replace(old, new, 1))
    return tmp_path, original[:original.index(old)].count("\n") + 1


def test_the_bleed_and_the_paper_are_read_from_brand_yaml():
    assert (A4.bleed, A4.paper, A4.width, A4.height) == (3.0, "A4", 210.0, 297.0)
    assert A4.size_pt == pytest.approx((595.28, 841.89), abs=0.01)


def test_changing_the_bleed_in_brand_yaml_changes_the_print_pdf(tmp_path, screen):
    root, _ = _brand(tmp_path, "  bleed: 3\n", "  bleed: 2.5\n")
    page = printing.print_page(root)
    assert page.bleed == 2.5
    other = printing.make_print_pdf(screen, page.bleed)
    with pikepdf.open(io.BytesIO(other)) as pdf:
        trim, bleed = _boxes(pdf.pages[0])["/TrimBox"], _boxes(pdf.pages[0])["/BleedBox"]
        assert bleed == pytest.approx([trim[0] - 2.5 * MM, trim[1] - 2.5 * MM, trim[2] + 2.5 * MM, trim[3] + 2.5 * MM])
    assert printing.check_print_pdf(screen, other, page) == []
    assert printing.check_print_pdf(screen, other, A4) != []


def test_a_bleed_that_reaches_the_crop_marks_names_its_line(tmp_path):
    root, line = _brand(tmp_path, "  bleed: 3\n", "  bleed: 5\n")
    with pytest.raises(RenderError) as error:
        printing.print_page(root)
    assert (f"layouts/brand.yaml:{line}: key 'page.bleed': 5 mm is not less than 4 mm (the crop marks start "
            "4 mm outside the trim)") in str(error.value)


@pytest.mark.parametrize("value, message", [("3mm", "expected a number, got text ('3mm')"),
                                            ("-1", "must be 0 or more, got -1")])
def test_a_bleed_that_is_not_a_length_in_mm_names_its_line(tmp_path, value, message):
    root, line = _brand(tmp_path, "  bleed: 3\n", f"  bleed: {value}\n")
    with pytest.raises(SourceError) as error:
        printing.print_page(root)
    assert f"layouts/brand.yaml:{line}: key 'page.bleed': {message}" in str(error.value)


def test_a_missing_bleed_is_an_error(tmp_path):
    root, _ = _brand(tmp_path, "  bleed: 3\n", "  # bleed: 3\n")
    with pytest.raises(SourceError, match=r"layouts/brand.yaml:\d+: key 'page': missing required key 'bleed'"):
        printing.print_page(root)


# --- the print PDF --------------------------------------------------------------------------

def test_each_page_keeps_its_place_as_the_trim_inside_the_bleed_inside_the_media(screen, printed):
    with pikepdf.open(io.BytesIO(screen)) as a, pikepdf.open(io.BytesIO(printed)) as b:
        assert len(a.pages) == len(b.pages) >= 1
        for original, page in zip(a.pages, b.pages):
            page_box = [float(v) for v in original.mediabox]
            boxes = _boxes(page)
            assert boxes["/TrimBox"] == pytest.approx(page_box)  # the content did not move
            assert boxes["/TrimBox"][2:] == pytest.approx(A4.size_pt, abs=0.01)
            for name, out in (("/BleedBox", 3 * MM), ("/MediaBox", printing.MEDIA_MARGIN_MM * MM)):
                assert boxes[name] == pytest.approx([page_box[0] - out, page_box[1] - out,
                                                     page_box[2] + out, page_box[3] + out])
    assert printing.check_print_pdf(screen, printed, A4) == []
    other = printing.make_print_pdf(screen, 2.0)  # what --bleed says, not a copy of it
    with pikepdf.open(io.BytesIO(other)) as pdf:
        trim, bleed = _boxes(pdf.pages[0])["/TrimBox"], _boxes(pdf.pages[0])["/BleedBox"]
        assert bleed == pytest.approx([trim[0] - 2 * MM, trim[1] - 2 * MM, trim[2] + 2 * MM, trim[3] + 2 * MM])
    assert printing.check_print_pdf(screen, other, replace(A4, bleed=2.0)) == []
    assert printing.check_print_pdf(screen, other, A4) != []


def _instructions(page) -> list[bytes]:
    return [pikepdf.unparse_content_stream([instruction]) for instruction in pikepdf.parse_content_stream(page)]


def test_the_crop_marks_are_artifacts_appended_after_the_untouched_content(screen, printed):
    with pikepdf.open(io.BytesIO(screen)) as a, pikepdf.open(io.BytesIO(printed)) as b:
        for original, page in zip(a.pages, b.pages):
            before, after = _instructions(original), _instructions(page)
            n = len(before)
            assert after[0] == b"q" and after[1:n + 1] == before and after[n + 1] == b"Q"
            marks = after[n + 2:]
            opening = pikepdf.parse_content_stream(page)[n + 2]
            assert str(opening.operator) == "BDC" and opening.operands[0] == pikepdf.Name.Artifact
            assert opening.operands[1].Type == pikepdf.Name.Page and marks[-1] == b"EMC"  # printer's marks
            operators = {m.split()[-1] for m in marks[1:-1]}
            assert operators <= {b"q", b"Q", b"G", b"w", b"J", b"d", b"m", b"l", b"S"}  # lines only: no text, no tags
            assert sum(m.endswith(b" m") for m in marks) == 8  # two at each corner
            depth = 0
            for instruction in after:  # q/Q balanced: the marks see the default graphics state
                depth += (instruction == b"q") - (instruction == b"Q")
                assert depth >= 0
            assert depth == 0


def _structure(pdf) -> tuple:
    """The structure tree and the parent tree as plain values (pages as numbers, no parent links)."""
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}

    def plain(obj):
        if isinstance(obj, pikepdf.Dictionary):
            return tuple(sorted((key, pages[value.objgen] if key == "/Pg" else plain(value))
                                for key, value in obj.items() if key not in ("/P", "/Parent", "/ParentTree")))
        if isinstance(obj, pikepdf.Array):
            return tuple(plain(item) for item in obj)
        if isinstance(obj, pikepdf.Stream):
            return ("stream", obj.read_bytes())
        return str(obj)

    root = pdf.Root.StructTreeRoot
    parents = {key: plain(value) for key, value in pikepdf.NumberTree(root.ParentTree).items()}
    return plain(root), parents, [int(page.obj.StructParents) for page in pdf.pages]


def test_tags_metadata_and_language_are_those_of_the_screen_pdf(screen, printed):
    with pikepdf.open(io.BytesIO(screen)) as a, pikepdf.open(io.BytesIO(printed)) as b:
        assert _structure(b) == _structure(a)
        assert b.Root.Metadata.read_bytes() == a.Root.Metadata.read_bytes()  # pdfuaid:part, dates
        assert dict(b.docinfo.items()) == dict(a.docinfo.items())             # no new /ModDate
        assert b.Root.Lang == a.Root.Lang and b.Root.MarkInfo.Marked
        assert b.pdf_version == a.pdf_version


def test_the_print_pdf_is_the_same_bytes_every_time_in_any_process(screen, printed, tmp_path):
    assert printing.make_print_pdf(screen, 3.0) == printed
    (tmp_path / "screen.pdf").write_bytes(screen)
    code = ("import sys, hashlib, pathlib; from build_factsheet.render import printing; "
            "print(hashlib.sha256(printing.make_print_pdf(pathlib.Path(sys.argv[1]).read_bytes(), 3.0)).hexdigest())")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "screen.pdf")], capture_output=True,
                         text=True, check=True, env={"PYTHONHASHSEED": "123", "TZ": "Asia/Tokyo"})
    assert out.stdout.strip() == hashlib.sha256(printed).hexdigest()


def test_a_screen_pdf_that_qpdf_must_repair_gives_no_print_pdf(screen, built_mini, monkeypatch):
    damaged = re.sub(rb"startxref\s+\d+", b"startxref\n999", screen)
    with pytest.raises(ValueError, match="qpdf repaired"):
        printing.make_print_pdf(damaged, 3.0)
    root, _ = built_mini
    with pytest.raises(pipeline.BuildError, match="no print PDF can be made from build/en/mini-en.pdf"):
        kit.make_extras(root, "en", "mini-en.pdf", damaged)


def test_printing_reaches_into_no_private_attribute():
    with open(printing.__file__, encoding="utf-8") as source:
        tokens = [token.string for token in tokenize.generate_tokens(source.readline)
                  if token.type in (tokenize.OP, tokenize.NAME)]
    assert not [name for dot, name in zip(tokens, tokens[1:]) if dot == "." and name.startswith("_")]


# --- each check of the print PDF catches what it is for -------------------------------------

def _grow(pdf, key, delta):
    """Move every page's `key` box `delta` points out on each side."""
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(v) for v in page.obj[key])
        page.obj[key] = pikepdf.Array([x0 - delta, y0 - delta, x1 + delta, y1 + delta])


def _move(pdf, delta):
    """Move every box of every page `delta` points right and up: the content no longer where it was."""
    for page in pdf.pages:
        for key in ("/MediaBox", "/TrimBox", "/BleedBox"):
            page.obj[key] = pikepdf.Array([float(v) + delta for v in page.obj[key]])


def _set(pdf, key, source):
    for page in pdf.pages:
        page.obj[key] = pikepdf.Array([float(v) for v in page.obj[source]])


def _letter(pdf):
    for page in pdf.pages:
        for key in ("/MediaBox", "/TrimBox", "/BleedBox"):
            page.obj[key] = pikepdf.Array([0, 0, 612, 792])


def _blank_first_page(pdf):
    pdf.pages[0].obj.Contents = pdf.make_stream(b"")


BREAKAGES = {
    "an extra page": (lambda pdf: pdf.pages.append(pdf.pages[0]), "2 pages, the screen PDF has 1"),
    "other text": (_blank_first_page, "page 1: text differs from the screen PDF's"),
    "a page that is not A4": (None, "TrimBox 612.00 x 792.00 pt, not A4"),  # US Letter, from a Letter screen PDF
    "a trim that moved": (lambda pdf: _move(pdf, 5), "the content moved"),
    "media no larger than the trim": (lambda pdf: _set(pdf, "/MediaBox", "/TrimBox"), "does not enclose"),
    "a bleed of 10 pt": (lambda pdf: (_set(pdf, "/BleedBox", "/TrimBox"), _grow(pdf, "/BleedBox", 10)),
                         "is not 3 mm outside the TrimBox"),
}


@pytest.mark.parametrize("what", BREAKAGES)
def test_each_check_of_the_print_pdf_catches_its_fault(screen, printed, what):
    change, message = BREAKAGES[what]
    if change is None:  # the page itself is wrong: a screen PDF of that size, made into a print PDF
        screen = _edit(screen, _letter)
        broken = printing.make_print_pdf(screen, 3.0)
    else:
        broken = _edit(printed, change)
    problems = printing.check_print_pdf(screen, broken, A4)
    assert problems and all(message in problem for problem in problems), problems
