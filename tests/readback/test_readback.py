"""readback: what pikepdf parses and pypdf extracts is what pypdf reads unaided; glyph counts by fontTools."""

from __future__ import annotations

import io

import pikepdf
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ArrayObject, ByteStringObject, FloatObject, NameObject, NumberObject

from build_factsheet.readback import fonts, read_pdf, read_positions, text

from ..conftest import REPO
from ..test_end_to_end import LANGS

FONTS = REPO / "assets" / "fonts"


def instructions(content: bytes):
    pdf = pikepdf.new()
    return pikepdf.parse_content_stream(pdf.make_stream(content), text.TEXT_OPERATORS)


def typed(value):
    """A value with the pypdf type of every part, so that 1 and 1.0, or bytes and text, differ."""
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [typed(v) for v in value])
    return (type(value).__name__, value)


def test_glyph_strings_are_joined_across_zero_adjustments_only():
    operations, shown = text.text_operations(instructions(
        b"q 1 0 0 1 5 5 cm BT /F1 12 Tf 1 0 0 -1 56.5 273 Tm [<0032>0<07b1>0<0044>-61.5<0045>0 0<0046>] TJ ET Q\n"
        b"/P <</MCID 3>> BDC 0 0 1 rg 0 0 10 10 re f EMC BT /F2 9 Tf <0a0b> Tj ET /Im1 Do"))
    assert [operator for _, operator in operations] == [b"q", b"cm", b"BT", b"Tf", b"Tm", b"TJ", b"ET", b"Q",
                                                        b"BT", b"Tf", b"Tj", b"ET", b"Do"]
    [tj] = operations[5][0]
    assert typed(tj) == typed(ArrayObject([
        ByteStringObject(b"\x00\x32\x07\xb1\x00\x44"), FloatObject(-61.5), ByteStringObject(b"\x00\x45"),
        NumberObject(0), NumberObject(0), ByteStringObject(b"\x00\x46")]))
    assert typed(operations[3][0]) == typed([NameObject("/F1"), NumberObject(12)])
    # The notdef audit still sees each glyph string, under the font that shows it.
    assert shown == [("/F1", [b"\x00\x32", b"\x07\xb1", b"\x00\x44", b"\x00\x45", b"\x00\x46"]),
                     ("/F2", [b"\x0a\x0b"])]


def test_every_shipped_page_reads_as_pypdf_reads_it_unaided(built_real):
    """pikepdf's parse, the joined glyph strings and the fonts-only copy change nothing in pypdf's text."""
    root, _ = built_real
    for lang in LANGS:
        pdf = (root / "output" / f"icat-factsheet-{lang}.pdf").read_bytes()
        unaided = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
        assert read_pdf(pdf, with_runs=False).pages_pypdf == unaided, lang


def test_glyph_count_of_a_truetype_program():
    data = (FONTS / "NotoSans-Regular.ttf").read_bytes()
    with TTFont(io.BytesIO(data)) as font:
        assert fonts.font_glyph_count(data) == len(font.getGlyphOrder())


def test_glyph_count_of_a_bare_cff_program_is_its_fonts_maxp():
    data = (FONTS / "NotoSansCJKsc-Regular.otf").read_bytes()
    with TTFont(io.BytesIO(data), lazy=True) as font:
        count, cff = font["maxp"].numGlyphs, font.getTableData("CFF ")
    assert fonts.font_glyph_count(data) == count
    assert fonts.font_glyph_count(cff) == count


def test_a_font_program_fonttools_cannot_read_has_no_glyph_count():
    assert fonts.font_glyph_count(b"OTTO" + b"\0" * 8) is None
    assert fonts.font_glyph_count(b"not a font") is None


def test_text_positions_read_elsewhere_give_the_same_readback(built_real):
    """The build has the idle worker read pypdfium2's part (read_positions) while it reads the rest."""
    import pickle

    root, _ = built_real
    pdf = (root / "output" / "icat-factsheet-ar.pdf").read_bytes()
    elsewhere = pickle.loads(pickle.dumps(read_positions(pdf)))  # as it comes back from the worker
    assert read_pdf(pdf, positions=lambda: elsewhere) == read_pdf(pdf)
