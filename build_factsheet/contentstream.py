"""PDF content-stream bytes -> pypdf's list of (operands, operator), tokenized by one regex.

pypdf reads a content stream a byte at a time in Python, which was half of the time the
checks spent reading a factsheet back. The tokens a text-only stream holds (numbers, names,
hex strings, arrays and operators) are found here with one regular expression and turned
into the same pypdf objects pypdf's own parser makes, so that pypdf's text extraction, not
ours, interprets them. Anything else (literal strings, dictionaries, comments, inline
images) is left to pypdf's parser, for the whole stream: the result is pypdf's either way.
"""

from __future__ import annotations

import re
from io import BytesIO

from pypdf.generic import ArrayObject, ByteStringObject, ContentStream, FloatObject, NameObject, NumberObject
from pypdf.generic._utils import create_string_object

# The token classes mirror pypdf's: its number pattern is the byte range '+' to '.' and the
# digits, names and operators end at whitespace or a delimiter (NameObject.delimiter_pattern).
_TOKENS = re.compile(rb"""
    (?P<space>\s+)
  | <(?P<hex>[0-9A-Fa-f\s]*)>
  | (?P<number>[+-.0-9]+)
  | (?P<name>/[^\s()<>\[\]{}/%]*)
  | (?P<open>\[)
  | (?P<close>\])
  | (?P<operator>[A-Za-z'"][^\s()<>\[\]{}/%]*)
  | (?P<other>.)
""", re.X | re.S)
_SPACE = re.compile(rb"\s+")
_FALLBACK_OPERATORS = {b"BI", b"R"}  # inline images; indirect references (invalid here)


class _Unsupported(Exception):
    """A token this tokenizer leaves to pypdf."""


def parse_operations(data: bytes, forced_encoding=None) -> list[tuple[list, bytes]] | None:
    """Return `data`'s operations as pypdf would parse them, or None where pypdf must parse it."""
    try:
        return _parse(data, forced_encoding)
    except (_Unsupported, ValueError):
        return None


def _parse(data: bytes, forced_encoding) -> list[tuple[list, bytes]]:
    operations: list[tuple[list, bytes]] = []
    operands: list = []
    stack: list[list] = []  # the arrays being read, innermost last
    as_bytes = forced_encoding == "bytes"
    for match in _TOKENS.finditer(data):
        kind = match.lastgroup
        if kind == "space":
            continue
        if kind == "hex":
            digits = match.group("hex")
            if not digits.isalnum():  # whitespace inside, or empty
                digits = _SPACE.sub(b"", digits)
            if len(digits) % 2:
                digits += b"0"  # as pypdf reads an odd final digit
            raw = bytes.fromhex(digits.decode("ascii"))
            value = ByteStringObject(raw) if as_bytes else create_string_object(raw, forced_encoding)
        elif kind == "number":
            token = match.group(kind)
            value = FloatObject(token) if b"." in token else NumberObject(token)
        elif kind == "name":
            value = NameObject.read_from_stream(BytesIO(match.group(kind)), None)
        elif kind == "open":
            stack.append(ArrayObject())
            continue
        elif kind == "close":
            if not stack:
                raise _Unsupported("] without [")
            value = stack.pop()
        elif kind == "operator":
            operator = match.group(kind)
            if stack or operator in _FALLBACK_OPERATORS:
                raise _Unsupported(operator)  # pypdf reads booleans and null inside arrays
            operations.append((operands, operator))
            operands = []
            continue
        else:
            raise _Unsupported(match.group(kind))
        (stack[-1] if stack else operands).append(value)
    if stack:
        raise _Unsupported("unclosed array")
    # pypdf drops operands left without an operator at the end of a stream.
    return operations


class FastContentStream(ContentStream):
    """A pypdf ContentStream whose operations are tokenized by `parse_operations`."""

    def _parse_content_stream(self, stream) -> None:
        operations = parse_operations(stream.getvalue(), self.forced_encoding)
        if operations is None:
            super()._parse_content_stream(stream)
        else:
            self._operations = operations


def fast_content_stream(data: bytes, pdf, forced_encoding="bytes") -> FastContentStream:
    """A content stream holding `data`, for pypdf's text extraction (which reads strings as bytes)."""
    stream = FastContentStream(None, pdf, forced_encoding)
    stream.set_data(data)
    return stream
