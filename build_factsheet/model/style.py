"""A language's `style` in source/project.yaml -> HouseStyle: its date patterns, month names, number format and punctuation spacing."""

from __future__ import annotations

from dataclasses import dataclass, field

from build_factsheet.model.fields import FieldReader, describe_value

PRECISIONS = ("day", "month", "year")
# Where a date is written: in running text ("in September 2019"), or alone, as in a list or a timeline.
CONTEXTS = ("text", "list")
MONTH = "{month}"  # in a pattern: the language's own month name (style.months), for forms CLDR lacks
# The digit zero of each numbering system a language may write its numbers in (CLDR names).
ZEROS = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "deva": "\u0966", "beng": "\u09e6"}
NUMBERING_SYSTEMS = tuple(ZEROS)


@dataclass(frozen=True)
class HouseStyle:
    """How one language writes dates and numbers, and spaces its punctuation (all optional: CLDR's defaults).

    `dates[context][precision]` is a CLDR date pattern ("d MMMM y 'года'"), where {month}
    stands for the month's name from `months` (January first). `numbers` is a CLDR number
    pattern and `numbering` its digits (latn: 0-9). `narrow_space_before`/`_after`: marks
    that take a narrow no-break space before or after them (French ; : ! ? « »).
    `full_width`: ASCII marks written full width next to a Han character (Chinese).
    `words`: words of a language written without spaces (Chinese) that a title or heading
    never breaks inside (协调小组): such a line breaks where a reader would, between words.
    """

    dates: dict[str, dict[str, str]] = field(default_factory=dict)
    months: tuple[str, ...] = ()
    numbers: str | None = None
    numbering: str | None = None
    narrow_space_before: str = ""
    narrow_space_after: str = ""
    full_width: str = ""
    words: tuple[str, ...] = ()

    def date_pattern(self, precision: str, context: str = "text") -> str | None:
        """The pattern for a date of `precision` in `context`; a list falls back to the text's."""
        chosen = self.dates.get(context, {}).get(precision)
        return chosen if chosen is not None else self.dates.get("text", {}).get(precision)


def read_style(reader: FieldReader, data, path: str) -> HouseStyle:
    """Read a language's `style` mapping; report what is wrong through `reader`."""
    if data is None:
        return HouseStyle()
    if not isinstance(data, dict):
        reader.error(path, f"expected a mapping, got {describe_value(data)}")
        return HouseStyle()
    reader.no_unknown(data, ("dates", "months", "numbers", "narrow_space", "full_width", "words"), path)
    dates = _read_dates(reader, data.get("dates"), f"{path}.dates")
    months = data.get("months", ())
    if months and (not isinstance(months, list) or len(months) != 12
                   or not all(isinstance(m, str) and m.strip() for m in months)):
        reader.error(f"{path}.months", "expected a list of the twelve month names, January first")
        months = ()
    uses_month = any(MONTH in pattern for patterns in dates.values() for pattern in patterns.values())
    if uses_month and not months:
        reader.error(f"{path}.dates", f"a pattern uses {MONTH}: give the twelve names under {path}.months")
    numbers, numbering = _read_numbers(reader, data.get("numbers"), f"{path}.numbers")
    spacing = data.get("narrow_space") or {}
    if not isinstance(spacing, dict):
        reader.error(f"{path}.narrow_space", f"expected {{before: marks, after: marks}}, got {describe_value(spacing)}")
        spacing = {}
    reader.no_unknown(spacing, ("before", "after"), f"{path}.narrow_space")
    before = reader.get(spacing, "before", f"{path}.narrow_space", str, required=False) or ""
    after = reader.get(spacing, "after", f"{path}.narrow_space", str, required=False) or ""
    full_width = reader.get(data, "full_width", path, str, required=False) or ""
    if any(ord(mark) > 127 for mark in full_width):
        reader.error(f"{path}.full_width", "list the ASCII marks to write full width (,:;?!()), not their full-width forms")
        full_width = ""
    words = data.get("words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() and not any(c.isspace() for c in w)
                                              for w in words):
        reader.error(f"{path}.words", "expected a list of words, each without spaces")
        words = []
    return HouseStyle(dates, tuple(months), numbers, numbering, before, after, full_width, tuple(words))


def _read_dates(reader: FieldReader, data, path: str) -> dict[str, dict[str, str]]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        reader.error(path, f"expected a mapping of precisions to patterns, got {describe_value(data)}")
        return {}
    reader.no_unknown(data, (*PRECISIONS, "list"), path)
    dates = {"text": _patterns(reader, {k: v for k, v in data.items() if k != "list"}, path)}
    if "list" in data:
        listed = data["list"]
        if isinstance(listed, dict):
            reader.no_unknown(listed, PRECISIONS, f"{path}.list")
            dates["list"] = _patterns(reader, listed, f"{path}.list")
        else:
            reader.error(f"{path}.list", f"expected a mapping of precisions to patterns, got {describe_value(listed)}")
    return dates


def _patterns(reader: FieldReader, data: dict, path: str) -> dict[str, str]:
    from babel.dates import parse_pattern

    patterns = {}
    for precision in PRECISIONS:
        pattern = reader.get(data, precision, path, str, required=False)
        if pattern is None:
            continue
        try:
            parse_pattern(pattern.replace(MONTH, "''"))
        except (ValueError, TypeError) as error:
            reader.error(f"{path}.{precision}", f"not a CLDR date pattern: {error}")
            continue
        patterns[precision] = pattern
    return patterns


def _read_numbers(reader: FieldReader, data, path: str) -> tuple[str | None, str | None]:
    if data is None:
        return None, None
    if not isinstance(data, dict):
        reader.error(path, f"expected {{pattern: '#,##0', digits: latn}}, got {describe_value(data)}")
        return None, None
    reader.no_unknown(data, ("pattern", "digits"), path)
    pattern = reader.get(data, "pattern", path, str, required=False)
    digits = reader.get(data, "digits", path, str, required=False)
    if digits is not None and digits not in NUMBERING_SYSTEMS:
        reader.error(f"{path}.digits", f"must be one of {', '.join(NUMBERING_SYSTEMS)}, got '{digits}'")
        digits = None
    return pattern, digits
