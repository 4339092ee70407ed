"""A page's content stream (pikepdf) -> the text operations pypdf extracts from, and pypdf's text of each page."""

from __future__ import annotations

import io
import logging
from decimal import Decimal
from functools import lru_cache

import pikepdf
import pypdf
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    ContentStream,
    DictionaryObject,
    FloatObject,
    NameObject,
    NullObject,
    NumberObject,
)

# The operators pypdf's text extraction acts on (it ignores the others): the text operators,
# the graphics state stack and transforms (line positions), and XObjects that may hold text.
TEXT_OPERATORS = "BT ET q Q cm Tz Tc Tw TL Tf Td Tm T* Tj ' \" TJ TD Do"

def text_operations(instructions) -> tuple[list, list[tuple[str, list[bytes]]]]:
    """pikepdf's instructions of a page -> pypdf's operations, and the strings shown after each font selection.

    pikepdf (qpdf, in C++) parses the content stream: pypdf's own parser reads a byte at a
    time, which was most of the time spent reading a factsheet back. WeasyPrint writes every
    glyph as its own string in a TJ array ('<0032>0<07b1>0...'): strings separated by a zero
    adjustment are joined, which pypdf's extraction reads as the same text (tested) in a
    third of the time. Strings shown before any font selection are not listed.
    """
    convert, String, Array, ArrayObject, ByteStringObject = _converter()
    operations, shown = [], []
    strings: list[bytes] = []  # shown with the current font
    for operands, operator in instructions:
        name = operator.unparse()
        if name == b"TJ" and operands and isinstance(operands[0], Array):
            items: list = []
            joining = False  # the last two items are a string and a zero adjustment
            for item in operands[0]:
                if isinstance(item, String):
                    item = bytes(item)
                    strings.append(item)
                    if joining:
                        items.pop()
                        items[-1] += item
                        joining = False
                        continue
                elif item == 0 and items and isinstance(items[-1], bytes):
                    joining = True
                else:
                    joining = False
                items.append(item)
            converted = [ArrayObject([ByteStringObject(item) if isinstance(item, bytes) else convert(item)
                                      for item in items])]
        else:
            converted = [convert(operand) for operand in operands]
            if name == b"Tf" and operands:
                strings = []
                shown.append((str(operands[0]), strings))
            elif name in (b"Tj", b"'", b'"') and operands and isinstance(operands[-1], String):
                strings.append(bytes(operands[-1]))
        operations.append((converted, name))
    return operations, shown


@lru_cache(maxsize=1)
def _converter():
    """A function that makes the pypdf object of a value pikepdf gives; the classes it uses (built once)."""
    String, Name, Array, Dictionary = pikepdf.String, pikepdf.Name, pikepdf.Array, pikepdf.Dictionary

    def convert(value):
        kind = type(value)
        if kind is int:
            return NumberObject(value)
        if kind is Decimal:
            return FloatObject(value)
        if kind is bool:
            return BooleanObject(value)
        if value is None:
            return NullObject()
        if isinstance(value, Name):
            return NameObject(str(value))
        if isinstance(value, String):
            return ByteStringObject(bytes(value))  # as pypdf's extraction parses them, undecoded
        if isinstance(value, Array):
            return ArrayObject([convert(item) for item in value])
        if isinstance(value, Dictionary):
            return DictionaryObject({NameObject(key): convert(item) for key, item in value.items()})
        raise TypeError(f"unexpected operand in a content stream: {value!r}")

    return convert, String, Array, ArrayObject, ByteStringObject


def fonts_only_copy(doc) -> bytes:
    """A PDF of `doc`'s pages with their resources but no contents, annotations or structure tree.

    pypdf reads the fonts of each page from it: reading the original would make pypdf parse
    every object of the structure tree first, most of the time it spends on a factsheet.
    """
    copy = pikepdf.new()
    for page in doc.pages:
        copy.pages.append(page)
        added = copy.pages[-1].obj
        added.Contents = copy.make_stream(b"")
        if "/Annots" in added:
            del added["/Annots"]
    out = io.BytesIO()
    copy.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def pypdf_texts(pdf: bytes, operations: list[list]) -> list[str]:
    """Extract each page's text with pypdf, from the page operations given (see text_operations)."""
    # pypdf logs what it cannot decode; the text it extracts is checked instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    texts = []
    for page, page_operations in zip(reader.pages, operations):
        content = ContentStream(None, reader)
        content.operations = page_operations
        page[NameObject("/Contents")] = content
        # With a visitor, pypdf does not write the operations back out as bytes to look for
        # a text operator first (a tenth of its time here); the visitor itself does nothing.
        texts.append(page.extract_text(visitor_operand_before=_ignore) or "")
    return texts


def _ignore(*_) -> None:
    pass
