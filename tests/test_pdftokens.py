"""The fast tokenizer gives pypdf's own operations, or leaves the stream to pypdf."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream, DecodedStreamObject

from build_factsheet import readback
from build_factsheet.pdftokens import fast_content_stream, parse_operations

from .test_end_to_end import LANGS


def pypdf_operations(data: bytes, forced_encoding="bytes"):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return ContentStream(stream, None, forced_encoding).operations


def typed(value):
    """A value with the pypdf type of every part, so that 1 and 1.0, or bytes and text, differ."""
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [typed(v) for v in value])
    return (type(value).__name__, value)


STREAMS = [
    b"BT\n1 0 0 -1 56.69 273.1 Tm\n/F1 15.5 Tf\n[<0037004b>19<0044>-61.386<>0] TJ\nET\n",
    b"q 0.75 0 0 0.75 0 0 cm /Im#201 Do Q",                    # a name with a #xx escape
    b"BT /F2 9 Tf <0a0b 0c> Tj <abc> Tj [ [ <00> ] -.5 +3 ] TJ T* ET",  # whitespace, odd digits, nesting
    b"BT\r\n/F1 12 Tf\r\n<0041> ' 1 2 <0042> \" ET",          # the quote operators, CR LF
    b"1 2 3",                                                  # operands without an operator
]


@pytest.mark.parametrize("data", STREAMS)
@pytest.mark.parametrize("encoding", ["bytes", None])
def test_tokens_become_the_objects_pypdf_makes(data, encoding):
    assert typed(parse_operations(data, encoding)) == typed(pypdf_operations(data, encoding))


@pytest.mark.parametrize("data", [
    b"BT (literal) Tj ET",                         # literal strings
    b"/P <</MCID 3>> BDC EMC",                     # dictionaries
    b"% a comment\nq Q",                           # comments
    b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI",      # inline images
    b"[true] TJ",                                  # booleans inside an array
    b"[<00> TJ",                                   # an unclosed array
    b"<0g> Tj",                                    # not hexadecimal
])
def test_what_it_does_not_read_is_left_to_pypdf(data):
    assert parse_operations(data) is None
    stream = DecodedStreamObject()
    stream.set_data(data)
    fast = fast_content_stream(data, None)
    try:
        expected = typed(ContentStream(stream, None, "bytes").operations)
    except Exception as exc:  # pypdf's own error, raised the same way through the fast stream
        with pytest.raises(type(exc)):
            fast.operations
    else:
        assert typed(fast.operations) == expected


def test_every_shipped_page_reads_as_pypdf_reads_it_unaided(built_real):
    """The reduced stream and the tokenizer change nothing in the text pypdf extracts."""
    root, _ = built_real
    for lang in LANGS:
        pdf = (root / "output" / f"icat-factsheet-{lang}.pdf").read_bytes()
        pages = PdfReader(io.BytesIO(pdf)).pages
        assert all(parse_operations(readback.text_operations(page.get_contents().get_data()))
                   for page in pages), f"{lang}: the fast tokenizer gave up"
        unaided = [page.extract_text() for page in pages]
        assert readback.read_pdf(pdf, with_runs=False).pages_pypdf == unaided, lang


def typed_object(value, depth=0):
    """Like `typed`, following dictionaries; a reference is compared by its numbers, not followed."""
    from pypdf.generic import DictionaryObject, IndirectObject

    if isinstance(value, IndirectObject):
        return ("ref", value.idnum, value.generation)
    if isinstance(value, DictionaryObject):
        return (type(value).__name__, sorted((k, typed_object(v)) for k, v in value.items()))
    if isinstance(value, list):
        return (type(value).__name__, [typed_object(v) for v in value])
    return (type(value).__name__, value)


OBJECTS = [
    b"<</Type /Pages/Kids [6 0 R 8 0 R 10 0 R]/Count 3>>\n",
    b"<</S /P/P 12 0 R/K [0 1 <</Type /MCR/MCID 2>>]/Pg -3 0 R/A [true false null]>>",
    b"[ 1.5 -2 +.5 /N#20ame <FEFF0041> <4142> <414> ]",
    b"<< /Empty << >> /Nested [ [ ] ] >>",
    b"42 ",
    b"/Name ",
]


@pytest.mark.parametrize("data", OBJECTS)
def test_objects_become_the_objects_pypdf_makes(data):
    from pypdf.generic._data_structures import read_object

    from build_factsheet.pdftokens import parse_object

    reader = object()  # references only carry it
    assert typed_object(parse_object(data, reader)) == typed_object(read_object(io.BytesIO(data), reader))


@pytest.mark.parametrize("data", [
    b"<</T (a literal string)>>", b"<</A 1 /A 2>>", b"<<1 2>>", b"[1 2", b"<</Length 3>>\nstream\nabc",
    b"% comment\n1", b"<</K truex>>",
])
def test_objects_it_does_not_read_are_left_to_pypdf(data):
    from build_factsheet.pdftokens import Unsupported, parse_object

    with pytest.raises((Unsupported, ValueError)):
        parse_object(data, None)


def test_every_object_of_the_shipped_pdfs_is_the_one_pypdf_reads(built_real):
    from build_factsheet.pdftokens import warm_object_streams

    root, _ = built_real
    for lang in LANGS:
        pdf = (root / "output" / f"icat-factsheet-{lang}.pdf").read_bytes()
        fast, plain = PdfReader(io.BytesIO(pdf)), PdfReader(io.BytesIO(pdf))
        warmed = warm_object_streams(fast)
        assert warmed > 0.9 * len(fast.xref_objStm), f"{lang}: pypdf was left most objects"
        for number in fast.xref_objStm:
            assert typed_object(fast.get_object(number)) == typed_object(plain.get_object(number)), \
                f"{lang}: object {number}"
