"""A YamlDocument's mappings -> typed values (text, numbers, names, dates), each wrong one recorded as a Problem."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from build_factsheet.errors import Problem
from build_factsheet.model.yamlfile import YamlDocument, is_date

PRECISIONS = ("day", "month", "year")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class DateValue:
    """A date known to a precision: a day, a month or a year."""

    date: _dt.date
    precision: str



class FieldReader:
    """Typed access to a YamlDocument that records a problem instead of raising."""

    def __init__(self, doc: YamlDocument):
        self.doc = doc
        self.problems: list[Problem] = []

    def error(self, key: str, message: str) -> None:
        self.problems.append(self.doc.problem(key, message))

    def get(self, data: dict, key: str, path: str, kind, required: bool = True):
        full = f"{path}.{key}" if path else key
        if key not in data:
            if required:
                self.error(path or key, f"missing required key '{key}'")
            return None
        value = data[key]
        if not _matches(value, kind):
            self.error(full, f"expected {_describe(kind)}, got {describe_value(value)}")
            return None
        if isinstance(value, str) and not value.strip():
            self.error(full, "must not be empty")
            return None
        return value

    def no_unknown(self, data: dict, allowed: tuple[str, ...], path: str) -> None:
        for key in data:
            if key not in allowed:
                full = f"{path}.{key}" if path else key
                self.error(full, f"unknown key (expected one of: {', '.join(allowed)})")

    def date_value(self, value, path: str) -> DateValue | None:
        if not isinstance(value, dict):
            self.error(path, f"expected a mapping {{date: YYYY-MM-DD, precision: day|month|year}}, "
                             f"got {describe_value(value)}")
            return None
        self.no_unknown(value, ("date", "precision"), path)
        if (reason := _not_a_date(value.get("date"))) is not None:
            self.error(f"{path}.date", reason)
            date = None
        else:
            date = self.get(value, "date", path, "date")
        precision = self.get(value, "precision", path, str)
        if precision is not None and precision not in PRECISIONS:
            self.error(f"{path}.precision", f"must be one of {', '.join(PRECISIONS)}, got '{precision}'")
            return None
        if date is None or precision is None:
            return None
        return DateValue(date, precision)

    def names(self, data: dict, key: str, path: str = "") -> tuple[str, ...]:
        items = self.get(data, key, path, list)
        if items is None:
            return ()
        full = f"{path}.{key}" if path else key
        good = []
        for i, item in enumerate(items):
            if not isinstance(item, str) or not NAME.match(item):
                self.error(f"{full}[{i}]", f"expected a lower-case name, got {describe_value(item)}")
            elif item in good:
                self.error(f"{full}[{i}]", f"'{item}' is listed twice")
            else:
                good.append(item)
        if not good:
            self.error(full, "must list at least one item")
        return tuple(good)


_DATE_LIKE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def _not_a_date(value) -> str | None:
    """Say why a value written where a date goes is not one, when YAML did not read it as a date:
    an impossible day (2019-02-30), a month 13, a time of day given with it."""
    if isinstance(value, _dt.datetime):
        return (f"expected a date, got a date and time ({value.isoformat(sep=' ')}): write the date alone, "
                f"as {value.date().isoformat()}")
    if isinstance(value, str) and (parts := _DATE_LIKE.match(value)):
        try:
            day = _dt.date(*map(int, parts.groups()))
        except ValueError as exc:
            return f"'{value.strip()}' is not a real date ({exc}): write a date that exists, as YYYY-MM-DD"
        return f"'{value.strip()}' is not written as YYYY-MM-DD: write {day.isoformat()}"
    return None


def _matches(value, kind) -> bool:
    if kind == "date":
        return is_date(value)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _describe(kind) -> str:
    return {"date": "a date (YYYY-MM-DD)", int: "a whole number", str: "text",
            list: "a list", dict: "a mapping", bool: "true or false"}.get(kind, str(kind))


def describe_value(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a boolean ({value})"
    if isinstance(value, int):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ('{value[:40]}')"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if is_date(value):
        return f"a date ({value.isoformat()})"
    return type(value).__name__
