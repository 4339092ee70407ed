"""A JSON Schema written in YAML + data -> problems at file:line, and the locale keys and collections the data names.

Schemas are JSON Schema Draft 2020-12 (validated with jsonschema), with annotations that say
what a value means to the project:

- `x-locale-key: true`: the string is a locale key, needed in every language;
- `x-locale-keys: true`: a list of locale keys;
- `x-collection: <kind>`: the name of a collection of that kind (its items' keys are needed);
- `x-value: number | date`: the name of a value of that type in the project's values;
- `x-shorthand: <property>`: a bare value stands for an object with only that property
  (`{paragraph: about.p1}` is a paragraph whose `text` is `about.p1`);
- `x-message: <text>`: what to tell a person when the value breaks this part of the schema.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from build_factsheet.errors import Problem
from build_factsheet.model.fields import DateValue, describe_value
from build_factsheet.model.yamlfile import YamlDocument, load_yaml

LOCALE_KEY = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")
VALUE_TYPES = {"number": "a whole number", "date": "a date"}
_TYPES = {"string": "text", "integer": "a whole number", "number": "a number", "array": "a list",
          "object": "a mapping", "boolean": "true or false", "null": "nothing"}


@dataclass
class Schema:
    """A JSON Schema read from a YAML file (or part of one), not yet checked against the metaschema."""

    data: dict
    doc: YamlDocument | None = field(default=None, repr=False)
    where: str = ""  # its key in `doc` when it is part of a larger file

    @property
    def shorthand(self) -> str | None:
        return self.data.get("x-shorthand")

    def properties(self) -> dict:
        return self.data.get("properties") or {}


def load_schema(path: Path) -> tuple[Schema | None, list[Problem]]:
    """Read a YAML file holding a JSON Schema (Checker checks it when it is first used)."""
    doc, problems = load_yaml(path)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, problems + [doc.problem(None, "a schema must be a mapping (a JSON Schema object)")]
    return Schema(doc.data, doc), problems


def schema_problems(schema: Schema) -> list[Problem]:
    """Report where `schema` is not a valid JSON Schema, or names a shorthand it does not have."""
    doc = schema.doc
    if doc is None:
        return []
    found = _metaschema_error(json.dumps(schema.data, sort_keys=True, default=str))
    if found:
        path, message = found
        return [doc.problem(key_of(schema.where, path) or None, f"not a valid JSON Schema: {message}")]
    shorthand = schema.shorthand
    if shorthand is not None and shorthand not in schema.properties():
        return [doc.problem(key_of(schema.where, ["x-shorthand"]),
                            f"'{shorthand}' is not one of the schema's properties")]
    return []


@lru_cache(maxsize=256)
def _metaschema_error(text: str) -> tuple[tuple, str] | None:
    """Check a schema (as JSON text) against the Draft 2020-12 metaschema, once per process.

    It is two thirds of the cost of loading a project: a preview reloads it on every save.
    """
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(json.loads(text))
    except SchemaError as exc:
        return tuple(exc.absolute_path), exc.message
    return None


@dataclass
class Found:
    """What the annotated values of one checked instance name."""

    keys: list[str] = field(default_factory=list)          # locale keys
    collections: list[str] = field(default_factory=list)   # collection names


class Checker:
    """Validate data against schemas whose annotations refer to the project's collections and values."""

    def __init__(self, collections: dict[str, str], values: dict[str, object], where_collections: str,
                 broken_values: frozenset[str] = frozenset()):
        self.collections = collections   # collection name -> kind
        self.values = values
        self.broken_values = broken_values  # written, but reported as wrong already: named, not said missing
        self.where_collections = where_collections  # the file that declares them, for messages
        self.found = Found()
        self.schema_reported: set[Problem] = set()  # problems of the schemas themselves
        self._verified: dict[int, tuple[Schema, list[Problem]]] = {}
        self._validator_class = _make_validator_class(self)

    def check(self, instance, schema: Schema, doc: YamlDocument, where: str,
              rename: dict[str, str] | None = None) -> tuple[list[Problem], Found]:
        """Validate `instance`, written at key `where` of `doc`; return problems and what it names.

        `rename` maps a property to the YAML key it was written under (a shorthand's kind), or
        to None when the value was written bare, at the key of the object itself.
        """
        self.found = Found()
        if id(schema) not in self._verified:
            self._verified[id(schema)] = (schema, schema_problems(schema))
        problems = list(self._verified[id(schema)][1])
        if problems:  # a broken schema would only give misleading messages about the data
            self.schema_reported.update(problems)
            return [], self.found
        validator = self._validator_class(schema.data)
        for error in validator.iter_errors(instance):
            path = list(error.absolute_path)
            if path and rename and path[0] in rename:  # None: the value was written at the object's key
                path = ([rename[path[0]]] if rename[path[0]] else []) + path[1:]
            for suffix, message in _messages(error):
                key = key_of(where, path + suffix)
                problems.append(doc.problem(key, message))
        problems.sort(key=lambda p: (p.line or 0, p.key or ""))
        return problems, self.found

    # The annotations, as jsonschema keywords: each yields the errors of one value.

    def locale_key(self, validator, enabled, instance, schema):
        if enabled and isinstance(instance, str):
            yield from self._key(validator, instance)

    def locale_keys(self, validator, enabled, instance, schema):
        if enabled and isinstance(instance, list):
            for index, item in enumerate(instance):
                if isinstance(item, str):
                    yield from self._key(validator, item, [index])

    def _key(self, validator, key: str, path=()):
        from jsonschema.exceptions import ValidationError

        if LOCALE_KEY.match(key):
            self.found.keys.append(key)
        else:
            yield ValidationError(f"'{key}' is not a locale key (names joined by dots, such as about.p1)", path=path)

    def collection(self, validator, kind, instance, schema):
        from jsonschema.exceptions import ValidationError

        if not isinstance(instance, str):
            return
        actual = self.collections.get(instance)
        if actual == kind:
            self.found.collections.append(instance)
            return
        of_kind = sorted(name for name, k in self.collections.items() if k == kind)
        choice = f"collections of kind {kind}: {', '.join(of_kind)}" if of_kind else f"it has none of kind {kind}"
        if actual is None:
            yield ValidationError(f"no collection '{instance}' in {self.where_collections} ({choice})")
        else:
            yield ValidationError(f"collection '{instance}' is of kind {actual}, not {kind} ({choice})")

    def value(self, validator, kind, instance, schema):
        from jsonschema.exceptions import ValidationError

        if isinstance(instance, str) and instance in self.broken_values:
            yield ValidationError(f"'{instance}' names a value that is wrong (see values.{instance})")
        elif isinstance(instance, str) and not value_matches(self.values.get(instance), kind):
            yield ValidationError(f"'{instance}' must name {VALUE_TYPES.get(kind, kind)} in values")


def value_matches(value, kind: str) -> bool:
    if kind == "date":
        return isinstance(value, DateValue)
    if kind == "number":
        return isinstance(value, int) and not isinstance(value, bool)
    return False


def _make_validator_class(checker: Checker):
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator, {
        "x-locale-key": checker.locale_key,
        "x-locale-keys": checker.locale_keys,
        "x-collection": checker.collection,
        "x-value": checker.value,
    })


def key_of(where: str, path) -> str:
    """Turn a path of property names and list indexes into a dotted key such as 'a[3].b'."""
    key = where
    for part in path:
        key = f"{key}[{part}]" if isinstance(part, int) else (f"{key}.{part}" if key else str(part))
    return key


def _messages(error) -> list[tuple[list, str]]:
    """Phrase a jsonschema error as (path below the value, message) pairs for a person."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    if schema.get("x-message") and error.validator not in ("required", "additionalProperties"):
        return [([], schema["x-message"])]
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        match = re.match(r"^'(.*)' is a required property$", error.message)
        return [([], f"missing required key '{match.group(1) if match else error.message}'")]
    if kind == "additionalProperties" and isinstance(instance, dict):
        known = list(schema.get("properties") or {})
        extra = [name for name in instance if name not in known]
        allowed = f" (expected one of: {', '.join(known)})" if known else ""
        return [([name], f"unknown key{allowed}") for name in extra]
    if kind == "type":
        wanted = " or ".join(_TYPES.get(t, t) for t in ([value] if isinstance(value, str) else value))
        return [([], f"expected {wanted}, got {describe_value(instance)}")]
    if kind == "enum":
        return [([], f"must be one of {', '.join(map(str, value))}, got {describe_value(instance)}")]
    if kind == "minItems":
        return [([], f"must list at least {value} item(s)")]
    if kind == "uniqueItems":
        return [([], "lists an item twice")]
    if kind == "pattern":
        return [([], f"{describe_value(instance)} does not match the pattern {value}")]
    if kind == "minLength" and value == 1:
        return [([], "must not be empty")]
    return [([], error.message)]

