"""A YAML file -> plain Python data plus the line of every key, or problems with file:line:column."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Problem, display_path


@dataclass
class YamlDocument:
    """Parsed YAML data and where each dotted key path was written."""

    path: Path
    data: object
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return display_path(self.path)

    def line_of(self, key: str) -> int | None:
        """Return the line of `key`, or of its nearest parent that has one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return None

    def problem(self, key: str | None, message: str, severity: str = "error") -> Problem:
        return Problem(self.name, self.line_of(key or ""), key, message, severity)


_constructor = yaml.SafeLoader.yaml_constructors  # scalar tags -> Python values


def _scalar_value(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """Convert a scalar with YAML 1.1's safe rules (ints, dates, booleans, strings)."""
    return _constructor[node.tag](loader, node)


def load_yaml(path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse `path`; report duplicate keys and non-string keys instead of silently keeping one."""
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(name, None, None, "file not found")]
    except UnicodeDecodeError as exc:
        return None, [Problem(name, None, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    # libyaml's parser when PyYAML has it (5x faster); marks and errors are the same.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        reason = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(where, None, None, f"YAML syntax error: {reason}")]
    finally:
        loader.dispose()
    doc = YamlDocument(path, None)
    problems: list[Problem] = []
    if root is None:
        doc.data = {}
        return doc, problems
    doc.data = _convert(root, "", doc, problems, yaml.SafeLoader(""))
    return doc, problems


def _convert(node: yaml.Node, key: str, doc: YamlDocument, problems: list[Problem], loader) -> object:
    if key:
        doc.lines.setdefault(key, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(doc.name, key_node.start_mark.line + 1, key or None,
                                        "keys must be plain names"))
                continue
            name = key_node.value
            child = f"{key}.{name}" if key else name
            if name in result:
                first = doc.lines.get(child)
                problems.append(Problem(doc.name, key_node.start_mark.line + 1, child,
                                        f"duplicate key (first defined on line {first})"))
                continue
            doc.lines[child] = key_node.start_mark.line + 1
            result[name] = _convert(value_node, child, doc, problems, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, f"{key}[{i}]", doc, problems, loader) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:null":
        return None
    try:
        return _scalar_value(loader, node)
    except (KeyError, ValueError, yaml.YAMLError):
        return node.value


def flatten(data: object, prefix: str = "") -> dict[str, object]:
    """Turn nested mappings into {'a.b.c': leaf}; lists and scalars are leaves."""
    if isinstance(data, dict) and data:
        flat: dict[str, object] = {}
        for name, value in data.items():
            flat.update(flatten(value, f"{prefix}.{name}" if prefix else name))
        return flat
    return {prefix: data} if prefix else {}


def is_date(value: object) -> bool:
    return isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)
