"""A locale file's text + new values or notes for some keys -> the same text with only those spots changed."""

from __future__ import annotations

import io
from dataclasses import dataclass

import yaml
from yaml.emitter import Emitter
from yaml.resolver import Resolver

STR_TAG = "tag:yaml.org,2002:str"
INDENT_STEP = 2  # how the project's locale files indent nested mappings


class YamlEditError(ValueError):
    """The file's shape does not allow the edit (say, a key holds a mapping, not text)."""


@dataclass(frozen=True)
class Entry:
    """One key of the file: its nodes, and whether it is written inside a {flow} mapping."""

    key: str
    key_node: yaml.ScalarNode
    value: yaml.Node
    in_flow: bool
    owner_line: int  # 0-based line of the nearest key (itself or a parent) that starts its line


def index_entries(text: str) -> dict[str, Entry]:
    """Return every dotted key of `text` (mappings included) with its nodes, in file order."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    entries: dict[str, Entry] = {}
    if isinstance(root, yaml.MappingNode):
        _index(root, "", False, None, text.split("\n"), entries)
    return entries


def _index(node: yaml.MappingNode, prefix: str, in_flow: bool, owner: int | None,
           lines: list[str], entries: dict[str, Entry]) -> None:
    flow = in_flow or bool(node.flow_style)
    for key_node, value in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = f"{prefix}.{key_node.value}" if prefix else key_node.value
        mark = key_node.start_mark
        starts_line = not lines[mark.line][: mark.column].strip()
        line = mark.line if starts_line or owner is None else owner
        entries.setdefault(key, Entry(key, key_node, value, flow, line))
        if isinstance(value, yaml.MappingNode):
            _index(value, key, flow, line, lines, entries)


def render_scalar(value: str, style: str | None, in_flow: bool) -> str:
    """Write `value` on one line in `style` (None: plain) where YAML allows it, else double-quoted."""
    analysis = Emitter(io.StringIO(), allow_unicode=True).analyze_scalar(value)
    if style is None and value and not analysis.multiline:
        plain_ok = analysis.allow_flow_plain if in_flow else analysis.allow_block_plain
        # A plain `yes`, `12` or `2019-10-01` would be read back as a boolean, number or date.
        if plain_ok and Resolver().resolve(yaml.ScalarNode, value, (True, False)) == STR_TAG:
            return value
    if style == "'" and not analysis.multiline and analysis.allow_single_quoted:
        return "'" + value.replace("'", "''") + "'"
    dumped = yaml.dump(value, default_style='"', allow_unicode=True, width=2**31 - 1)
    return dumped.rstrip("\n").removesuffix("\n...").rstrip("\n")


def set_values(text: str, values: dict[str, str]) -> str:
    """Return `text` with each dotted key set to its value; keys not in the file are appended to their mapping."""
    entries = index_entries(text)
    edits: list[tuple[int, int, str]] = []
    absent: dict[str, str] = {}
    for key, value in values.items():
        entry = entries.get(key)
        if entry is None:
            absent[key] = value
            continue
        node = entry.value
        if not isinstance(node, yaml.ScalarNode):
            raise YamlEditError(f"key '{key}' holds a {'mapping' if isinstance(node, yaml.MappingNode) else 'list'}, "
                                f"not text")
        start, end = node.start_mark.index, node.end_mark.index
        if start == end:  # `key:` with nothing after it: write after the colon
            edits.append((start, end, " " + render_scalar(value, None, entry.in_flow)))
        elif node.style in ("|", ">"):
            # A block scalar's span ends with its line breaks; keep them, write the text on one line.
            span = text[start:end]
            edits.append((start, end, render_scalar(value, '"', entry.in_flow) + span[len(span.rstrip("\n")):]))
        else:
            edits.append((start, end, render_scalar(value, node.style, entry.in_flow)))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    for key, value in absent.items():
        text = _insert(text, key, value)
    return text


def _insert(text: str, key: str, value: str) -> str:
    """Add `key` under its deepest existing parent mapping, after that mapping's last entry."""
    entries = index_entries(text)
    parts = key.split(".")
    parent, rest, in_flow = yaml.compose(text, Loader=yaml.SafeLoader), parts, False
    for i in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:i])
        if prefix in entries:
            parent, rest, in_flow = entries[prefix].value, parts[i:], entries[prefix].in_flow
            break
    if parent is None:  # an empty file
        return text + _block_lines(rest, value, 0)
    if not isinstance(parent, yaml.MappingNode):
        raise YamlEditError(f"cannot add key '{key}': '{'.'.join(parts[:len(parts) - len(rest)])}' is not a mapping")
    if parent.flow_style or in_flow:
        snippet = _flow_snippet(rest, value)
        if parent.value:
            pos = parent.value[-1][1].end_mark.index
            return text[:pos] + ", " + snippet + text[pos:]
        pos = parent.end_mark.index - 1  # just before the closing brace of `{}`
        return text[:pos] + snippet + text[pos:]
    indent = parent.value[0][0].start_mark.column
    last = parent
    while isinstance(last, yaml.MappingNode) and not last.flow_style and last.value:
        last = last.value[-1][1]
    pos = last.end_mark.index
    if not (last.end_mark.column == 0 and pos > last.start_mark.index):
        newline = text.find("\n", pos)
        pos = len(text) if newline < 0 else newline + 1
    prefix = "" if pos == 0 or text[pos - 1] == "\n" else "\n"
    return text[:pos] + prefix + _block_lines(rest, value, indent) + text[pos:]


def _block_lines(parts: list[str], value: str, indent: int) -> str:
    lines = [" " * (indent + INDENT_STEP * i) + f"{part}:" for i, part in enumerate(parts)]
    lines[-1] += " " + render_scalar(value, None, False)
    return "\n".join(lines) + "\n"


def _flow_snippet(parts: list[str], value: str) -> str:
    snippet = render_scalar(value, None, True)
    for part in reversed(parts[1:]):
        snippet = f"{{{part}: {snippet}}}"
    return f"{parts[0]}: {snippet}"


def notes_of(text: str) -> dict[str, list[str]]:
    """Return, for each key, the comment lines written directly above the line the key is on."""
    lines = text.split("\n")
    notes = {}
    for key, entry in index_entries(text).items():
        notes[key] = [_comment_text(lines[i]) for i in _comment_block(lines, entry.owner_line)]
    return notes


def set_notes(text: str, notes: dict[str, list[str]]) -> tuple[str, list[str]]:
    """Replace the comment lines above each key's line; return the text and keys whose notes could not be placed.

    Keys written on one line (`cted: {name: ..., acronym: ...}`) share one comment block, so
    different notes for them cannot all be kept: those keys are returned, and nothing changes for them.
    """
    entries = index_entries(text)
    by_line: dict[int, list[str]] = {}
    for key in notes:
        if key in entries:
            by_line.setdefault(entries[key].owner_line, []).append(key)
    unplaced = [key for key in notes if key not in entries]
    lines = text.split("\n")
    for line in sorted(by_line, reverse=True):
        keys = by_line[line]
        wanted = {tuple(notes[key]) for key in keys}
        if len(wanted) > 1:
            unplaced += keys
            continue
        indent = lines[line][: len(lines[line]) - len(lines[line].lstrip())]
        block = _comment_block(lines, line)
        new = [f"{indent}# {note}".rstrip() for note in wanted.pop()]
        start = block[0] if block else line
        lines[start:line] = new
    return "\n".join(lines), unplaced


def _comment_block(lines: list[str], line: int) -> list[int]:
    """Return the indices of the comment-only lines right above `line`, at its indentation."""
    indent = len(lines[line]) - len(lines[line].lstrip())
    block = []
    i = line - 1
    while i >= 0:
        stripped = lines[i].lstrip()
        if not stripped.startswith("#") or len(lines[i]) - len(stripped) != indent:
            break
        block.insert(0, i)
        i -= 1
    return block


def _comment_text(line: str) -> str:
    text = line.lstrip()[1:]
    return text[1:] if text.startswith(" ") else text
