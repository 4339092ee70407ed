"""layouts/collections.yaml (kinds) + a project's collections -> Collections whose items know their locale keys.

A kind says what an item of a collection of that kind is (a JSON Schema) and which locale
keys each item needs, written as patterns with {id} (the item's id) and {collection} (the
collection's name). A collection may give its own patterns. Python knows no kind by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from build_factsheet.errors import Problem
from build_factsheet.model.fields import NAME, FieldReader, describe_value
from build_factsheet.model.schema import Checker, Schema, value_matches
from build_factsheet.model.yamlfile import YamlDocument, load_yaml

KINDS_FILE = "layouts/collections.yaml"
_PATTERN_FIELD = re.compile(r"\{([^{}]*)\}")
PATTERN_FIELDS = ("id", "collection")


@dataclass(frozen=True)
class CollectionKind:
    """What the items of a collection of this kind are, and the keys each needs."""

    name: str
    item: Schema
    keys: dict[str, str]             # field -> key pattern, needed in every language
    optional_keys: dict[str, str]    # field -> key pattern, a language may have or not
    in_order_of: str | None = None   # a field naming a value that must not decrease item by item
    may_stay: tuple[str, ...] = ()   # fields a translation may write as the source does (acronyms)
    unbreakable: tuple[str, ...] = ()  # fields whose text is never hyphenated or split, wherever it is printed


@dataclass(frozen=True)
class Item:
    """One item of a collection: its id, its data, its locale keys and the values it names."""

    id: str
    data: dict
    keys: dict[str, str]
    optional_keys: dict[str, str]
    values: dict[str, str] = field(default_factory=dict)  # field -> value name (x-value fields)


@dataclass(frozen=True)
class Collection:
    name: str
    kind: str
    items: tuple[Item, ...]
    where: str    # its key in the project file: 'collections.<name>'
    raw: tuple = ()  # the items as written, with their keys in the file, to check against the kind


def load_kinds(root: Path) -> tuple[dict[str, CollectionKind], list[Problem]]:
    """Read the kinds of collection the layouts know (none, if there is no such file)."""
    if not (root / KINDS_FILE).exists():
        return {}, []
    doc, problems = load_yaml(root / KINDS_FILE)
    if doc is None:
        return {}, problems
    reader = FieldReader(doc)
    reader.problems.extend(problems)
    kinds: dict[str, CollectionKind] = {}
    if not isinstance(doc.data, dict):
        reader.error("", "expected a mapping of kind names to their declarations")
        return {}, reader.problems
    for name, spec in doc.data.items():
        if not NAME.match(name) or not isinstance(spec, dict):
            reader.error(name, "expected a kind name (lower-case) with a mapping {item: ..., keys: ...}")
            continue
        reader.no_unknown(spec, ("description", "item", "keys", "optional_keys", "in_order_of", "may_stay",
                                 "unbreakable"), name)
        item = reader.get(spec, "item", name, dict)
        keys = _patterns(reader, spec, "keys", name, required=True)
        optional = _patterns(reader, spec, "optional_keys", name, required=False)
        order = reader.get(spec, "in_order_of", name, str, required=False)
        may_stay = tuple(reader.names(spec, "may_stay", name)) if "may_stay" in spec else ()
        unbreakable = tuple(reader.names(spec, "unbreakable", name)) if "unbreakable" in spec else ()
        for listed, fields in (("may_stay", may_stay), ("unbreakable", unbreakable)):
            for field_name in fields:
                if field_name not in keys and field_name not in optional:
                    reader.error(f"{name}.{listed}", f"'{field_name}' is not one of its keys or optional keys")
        if item is None:
            continue
        properties = item.get("properties") or {}
        if "id" not in properties or "id" not in (item.get("required") or []):
            reader.error(f"{name}.item", "an item needs an id: declare properties.id and list it in required")
        if order and not (properties.get(order) or {}).get("x-value"):
            reader.error(f"{name}.in_order_of", f"'{order}' is not a property of the item with x-value")
        kinds[name] = CollectionKind(name, Schema(item, doc, f"{name}.item"), keys, optional, order, may_stay,
                                     unbreakable)
    return kinds, reader.problems


def _patterns(reader: FieldReader, spec: dict, key: str, path: str, required: bool) -> dict[str, str]:
    data = reader.get(spec, key, path, dict, required=required) or {}
    patterns = {}
    for name, pattern in data.items():
        where = f"{path}.{key}.{name}"
        if not isinstance(pattern, str):
            reader.error(where, f"expected a key pattern such as '{{collection}}.{{id}}.name', got {describe_value(pattern)}")
            continue
        unknown = [f for f in _PATTERN_FIELD.findall(pattern) if f not in PATTERN_FIELDS]
        if unknown:
            reader.error(where, f"unknown placeholder {{{unknown[0]}}}: a key pattern may use {{id}} and {{collection}}")
            continue
        patterns[name] = pattern
    return patterns


def read_collections(reader: FieldReader, data: dict, kinds: dict[str, CollectionKind]) -> dict[str, Collection]:
    """Read the `collections` mapping of a project file: names, kinds, key patterns and items' ids."""
    collections: dict[str, Collection] = {}
    for name, spec in (reader.get(data, "collections", "", dict, required=False) or {}).items():
        where = f"collections.{name}"
        if not NAME.match(name):
            reader.error(where, "collection names are lower-case letters, digits and _")
            continue
        if not isinstance(spec, dict):
            reader.error(where, f"expected {{kind: ..., items: [...]}}, got {describe_value(spec)}")
            continue
        reader.no_unknown(spec, ("kind", "keys", "optional_keys", "items"), where)
        kind_name = reader.get(spec, "kind", where, str)
        items = reader.get(spec, "items", where, list)
        if kind_name is None:
            continue
        kind = kinds.get(kind_name)
        if kind is None:
            reader.error(f"{where}.kind", f"unknown kind '{kind_name}' (kinds in {KINDS_FILE}: "
                                          f"{', '.join(kinds) or 'none, or no such file'})")
            continue
        if items is None:  # known by name and kind all the same: blocks that draw it are not wrong too
            collections[name] = Collection(name, kind_name, (), where)
            continue
        keys = dict(kind.keys)
        optional = dict(kind.optional_keys)
        for own, base in (("keys", keys), ("optional_keys", optional)):
            for field_name, pattern in _patterns(reader, spec, own, where, required=False).items():
                if field_name not in base:
                    reader.error(f"{where}.{own}.{field_name}", f"kind {kind_name} has no {own[:-1].replace('_', ' ')} "
                                                                f"'{field_name}' (it has: {', '.join(base) or 'none'})")
                base[field_name] = pattern
        if not items:
            reader.error(f"{where}.items", "must list at least one item")
        built, seen = [], set()
        for i, raw in enumerate(items):
            item = _expand(raw, kind.item.shorthand)
            item_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(item_id, str) and item_id in seen:
                reader.error(f"{where}.items[{i}]", f"'{item_id}' is listed twice")
            seen.add(item_id)
            built.append(item)
        collections[name] = _with_items(Collection(name, kind_name, (), where, tuple(built)), keys, optional, kind)
    return collections


def _expand(raw, shorthand: str | None):
    """A bare value stands for an item with only its shorthand property: `cted` is {id: cted}."""
    if shorthand and not isinstance(raw, (dict, list)):
        return {shorthand: raw}
    return raw


def _with_items(collection: Collection, keys: dict, optional: dict, kind: CollectionKind) -> Collection:
    """Give each well-formed item its keys and the values it names (checked against the kind later)."""
    value_fields = [name for name, spec in kind.item.properties().items()
                    if isinstance(spec, dict) and spec.get("x-value")]
    items = []
    for raw in collection.raw:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            continue
        fill = {"id": raw["id"], "collection": collection.name}
        items.append(Item(raw["id"], raw,
                          {f: _PATTERN_FIELD.sub(lambda m: fill[m.group(1)], p) for f, p in keys.items()},
                          {f: _PATTERN_FIELD.sub(lambda m: fill[m.group(1)], p) for f, p in optional.items()},
                          {f: raw[f] for f in value_fields if isinstance(raw.get(f), str)}))
    return Collection(collection.name, collection.kind, tuple(items), collection.where, collection.raw)


def check_collections(collections: dict[str, Collection], kinds: dict[str, CollectionKind], checker: Checker,
                      doc: YamlDocument, values: dict) -> list[Problem]:
    """Validate each item against its kind's schema; items in order where the kind asks for it."""
    problems: list[Problem] = []
    for collection in collections.values():
        kind = kinds[collection.kind]
        shorthand = kind.item.shorthand
        order_type = (kind.item.properties().get(kind.in_order_of) or {}).get("x-value") if kind.in_order_of else None
        previous = None
        for i, raw in enumerate(collection.raw):
            where = f"{collection.where}.items[{i}]"
            # A bare item's value was written at the item's own key, not under the shorthand's name.
            bare = shorthand and f"{where}.{shorthand}" not in doc.lines
            found, _ = checker.check(raw, kind.item, doc, where, rename={shorthand: None} if bare else None)
            problems += found
            value = values.get(raw.get(kind.in_order_of)) if order_type and isinstance(raw, dict) else None
            if value is None or not value_matches(value, order_type):
                continue  # no order to keep, or a value already reported as the wrong kind
            value = value.date if order_type == "date" else value
            if previous is not None and value < previous:
                problems.append(doc.problem(where, f"items must be in order of their {kind.in_order_of}"))
            previous = value
    return problems
