"""PDF syntax bytes -> the pypdf objects pypdf's own parser makes, tokenized by regular expressions.

pypdf reads content streams and object streams a byte at a time in Python, which was most
of the time the checks spent reading a factsheet back. The syntax a WeasyPrint PDF uses
(numbers, names, hex strings, arrays, dictionaries, references, operators) is tokenized
here with one regular expression and turned into the same pypdf objects, so that pypdf,
not this module, interprets them. Anything else (literal strings, comments, inline images)
is left to pypdf's parser: the result is pypdf's either way.
"""

from __future__ import annotations

import re
from io import BytesIO

from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    ContentStream,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
)
from pypdf.generic._utils import create_string_object

# The classes mirror pypdf's: its number pattern is the byte range '+' to '.' and the
# digits; names and operators end at whitespace or a delimiter (NameObject.delimiter_pattern);
# a reference is two integers and R followed by something other than a letter.
_LEAVES = rb"""
  | <(?P<hex>[0-9A-Fa-f\s]*)>
  | (?P<number>[+-.0-9]+)
  | (?P<name>/[^\s()<>\[\]{}/%]*)
  | (?P<open>\[)
  | (?P<close>\])
  | (?P<word>[A-Za-z'"][^\s()<>\[\]{}/%]*)
  | (?P<other>.)
"""
_CONTENT_TOKENS = re.compile(rb"(?P<space>\s+)" + _LEAVES, re.X | re.S)
_OBJECT_TOKENS = re.compile(rb"""(?P<space>\s+)
  | (?P<ref>(?P<number_part>[+-]?\d+)\s+(?P<generation>\d+)\s+R)(?=[^a-zA-Z])
  | (?P<dict><<)
  | (?P<enddict>>>)""" + _LEAVES, re.X | re.S)
_SPACE = re.compile(rb"\s+")
_KEYWORDS = {b"true": lambda: BooleanObject(True), b"false": lambda: BooleanObject(False),
             b"null": NullObject}
_FALLBACK_OPERATORS = {b"BI", b"R"}  # inline images; references (invalid in a content stream)


class Unsupported(Exception):
    """Syntax this module leaves to pypdf."""


def _string(match, forced_encoding):
    digits = match.group("hex")
    if not digits.isalnum():  # whitespace inside, or empty
        digits = _SPACE.sub(b"", digits)
    if len(digits) % 2:
        digits += b"0"  # as pypdf reads an odd final digit
    raw = bytes.fromhex(digits.decode("ascii"))
    return ByteStringObject(raw) if forced_encoding == "bytes" else create_string_object(raw, forced_encoding)


def _number(match):
    token = match.group("number")
    return FloatObject(token) if b"." in token else NumberObject(token)


def _name(match, names: dict):
    token = match.group("name")
    text = names.get(token)
    if text is None:  # pypdf's reading: #xx escapes, then its list of charsets
        text = names[token] = str(NameObject.read_from_stream(BytesIO(token), None))
    return NameObject(text)


# -- content streams ---------------------------------------------------------------------------

def parse_operations(data: bytes, forced_encoding=None) -> list[tuple[list, bytes]] | None:
    """Return `data`'s operations as pypdf would parse them, or None where pypdf must parse it."""
    try:
        return _operations(data, forced_encoding)
    except (Unsupported, ValueError):
        return None


def _operations(data: bytes, forced_encoding) -> list[tuple[list, bytes]]:
    operations: list[tuple[list, bytes]] = []
    operands: list = []
    stack: list[list] = []  # the arrays being read, innermost last
    names: dict = {}
    for match in _CONTENT_TOKENS.finditer(data):
        kind = match.lastgroup
        if kind == "space":
            continue
        if kind == "hex":
            value = _string(match, forced_encoding)
        elif kind == "number":
            value = _number(match)
        elif kind == "name":
            value = _name(match, names)
        elif kind == "open":
            stack.append(ArrayObject())
            continue
        elif kind == "close":
            if not stack:
                raise Unsupported("] without [")
            value = stack.pop()
        elif kind == "word":
            operator = match.group(kind)
            if stack or operator in _FALLBACK_OPERATORS:
                raise Unsupported(operator)  # pypdf reads booleans and null inside arrays
            operations.append((operands, operator))
            operands = []
            continue
        else:
            raise Unsupported(match.group(kind))
        (stack[-1] if stack else operands).append(value)
    if stack:
        raise Unsupported("unclosed array")
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


# -- objects -----------------------------------------------------------------------------------

def parse_object(data: bytes, pdf, names: dict | None = None):
    """Return the first object in `data` as pypdf's read_object would; raise Unsupported otherwise."""
    names = {} if names is None else names
    tokens = _OBJECT_TOKENS.finditer(data)
    for match in tokens:
        if match.lastgroup != "space":
            value = _object(match, tokens, pdf, names)
            if isinstance(value, DictionaryObject):
                following = next((m for m in tokens if m.lastgroup != "space"), None)
                if following is not None and following.group(0).startswith(b"stream"):
                    raise Unsupported("a stream")  # not allowed in an object stream
            return value
    raise Unsupported("no object")


def _object(match, tokens, pdf, names):
    kind = match.lastgroup
    if kind == "ref":
        return IndirectObject(int(match.group("number_part")), int(match.group("generation")), pdf)
    if kind == "number":
        return _number(match)
    if kind == "name":
        return _name(match, names)
    if kind == "hex":
        return _string(match, None)
    if kind == "word" and match.group(kind) in _KEYWORDS:
        return _KEYWORDS[match.group(kind)]()
    if kind == "open":
        array = ArrayObject()
        for item in tokens:
            if item.lastgroup == "space":
                continue
            if item.lastgroup == "close":
                return array
            array.append(_object(item, tokens, pdf, names))
        raise Unsupported("unclosed array")
    if kind == "dict":
        entries: dict = {}
        key = None
        for item in tokens:
            if item.lastgroup == "space":
                continue
            if key is None:
                if item.lastgroup == "enddict":
                    dictionary = DictionaryObject()
                    dictionary.update(entries)
                    return dictionary
                if item.lastgroup != "name":
                    raise Unsupported("a key that is not a name")
                key = _name(item, names)
                if key in entries:
                    raise Unsupported("a key defined twice")
            else:
                entries[key] = _object(item, tokens, pdf, names)
                key = None
        raise Unsupported("unclosed dictionary")
    raise Unsupported(match.group(0))


def warm_object_streams(reader) -> int:
    """Parse the objects of `reader`'s object streams into its cache; return how many.

    pypdf parses an object stream when one of its objects is first asked for and skips the
    objects already in its cache, so an object this module does not read is still read, by
    pypdf. A stream whose header is not as expected is left to pypdf whole.
    """
    by_stream: dict[int, set[int]] = {}
    for number, (stream_number, _) in reader.xref_objStm.items():
        by_stream.setdefault(stream_number, set()).add(number)
    cached = 0
    names: dict = {}
    for stream_number, members in by_stream.items():
        stream = reader.get_object(stream_number)
        try:
            count, first = int(stream["/N"]), int(stream["/First"])
            data = stream.get_data()
        except (KeyError, TypeError, ValueError):
            continue
        header = [int(n) for n in re.findall(rb"\d+", data[:first])]
        if len(header) != 2 * count or count == 0:
            continue
        entries = list(zip(header[0::2], header[1::2]))
        offsets = [offset for _, offset in entries]
        if offsets != sorted(set(offsets)) or first + offsets[-1] > len(data):
            continue
        ends = offsets[1:] + [len(data) - first]
        for (number, offset), end in zip(entries, ends):
            if number not in members or (0, number) in reader.resolved_objects:
                continue
            try:
                value = parse_object(data[first + offset:first + end], reader, names)
            except (Unsupported, ValueError):
                continue  # pypdf reads this one itself
            reader.cache_indirect_object(0, number, value)
            cached += 1
    return cached
