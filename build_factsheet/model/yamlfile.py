"""A YAML file -> plain Python data plus the line of every key, or problems with file:line:column."""

from __future__ import annotations

import datetime as _dt
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from build_factsheet.characters import character_name, find_refused
from build_factsheet.errors import Problem, display_path


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
            key = key[: key.rindex("[")] if key.endswith("]") else key.rpartition(".")[0]
        return None

    def problem(self, key: str | None, message: str, severity: str = "error") -> Problem:
        return Problem(self.name, self.line_of(key or ""), key, message, severity)


_constructor = yaml.SafeLoader.yaml_constructors  # scalar tags -> Python values
_DECIMAL = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")

# Files come from outside the team: bound what one may cost. The largest shipped locale is
# 24 KB and its longest string 882 characters; these limits leave room for much more.
MAX_FILE_BYTES = 1_000_000
MAX_STRING_CHARS = 4_000
MAX_DEPTH = 16        # locale keys nest 4 deep; deeper is a mistake, or an attack on the parser
# Plain YAML values only: a tag such as !!python/object or !include is refused, not ignored.
ALLOWED_TAGS = {f"tag:yaml.org,2002:{name}" for name in
                ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
# libyaml's parser when PyYAML has it (5x faster); marks and errors are the same.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_HIDDEN_BREAKS = re.compile("[\u0085\u2028\u2029]")
_BOMS = {b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32", b"\xff\xfe": "UTF-16",
         b"\xfe\xff": "UTF-16"}


def _scalar_value(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """Convert a scalar with YAML 1.1's safe rules (ints, dates, booleans, strings).

    A whole number is written in decimal digits: YAML 1.1 reads `1:30` as 90 (base 60), `010`
    as 8 and `0x10` as 16, which no writer of a count means; those stay text, for the
    validators to report as not a number.
    """
    if node.tag == "tag:yaml.org,2002:int" and not _DECIMAL.match(node.value):
        return node.value
    return _constructor[node.tag](loader, node)


def _read_text(path: Path, name: str) -> tuple[str | None, list[Problem]]:
    """Read `path` as UTF-8 (a BOM is accepted), within the size limit; or say why not, where."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a named pipe would block the read forever, a device never end
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a named pipe, device or socket)"
            return None, [Problem(name, None, None, f"{what}: it must be a YAML file")]
        size = info.st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(name, None, None, f"the file is {size:,} bytes, more than the limit of "
                                                     f"{MAX_FILE_BYTES:,}: is it the right file?")]
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, None, None, "file not found")]
    except OSError as exc:
        return None, [Problem(name, None, None, f"cannot be read: {exc.strerror}")]
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            return None, [Problem(name, None, None, f"saved as {encoding}: save it as UTF-8")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [Problem(_where(name, data, exc.start), None, None,
                              f"not UTF-8 text: byte 0x{data[exc.start]:02X} ({exc.reason}); save the file as UTF-8")]


def _too_deep(text: str) -> yaml.Mark | None:
    """Return where `text` nests deeper than MAX_DEPTH, reading its events only.

    libyaml's composer recurses in C: some 50,000 nested brackets (100 KB) crash the process
    with a segmentation fault, which no `except` can catch. The event parser keeps its own
    stack, so the depth is measured first.
    """
    loader = _LOADER(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()
    return None


def _where(name: str, text: str | bytes, index: int) -> str:
    """Return 'name:line:column' of the character (or byte) at `index`; the column counts characters."""
    newline = b"\n" if isinstance(text, bytes) else "\n"
    line = text.count(newline, 0, index) + 1
    start = text.rfind(newline, 0, index) + 1
    before = text[start:index]
    column = len(before.decode("utf-8", "replace") if isinstance(before, bytes) else before) + 1
    return f"{name}:{line}:{column}"


def _syntax_problem(name: str, text: str, exc: yaml.YAMLError) -> Problem:
    """Turn a parser error into file:line:column and a reason a translator can act on.

    The parser notices a mistake where it can no longer go on, often a line or more after
    it: a quote never closed, a key without its colon. The place is moved back to where
    the mistake was made, and the reason says what it is.
    """
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow at all
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        # libyaml counts the position in bytes of the UTF-8 text, Python's reader in characters.
        where = _where(name, text.encode("utf-8") if _LOADER is not yaml.SafeLoader else text, exc.position)
        return Problem(where, None, None,
                       f"YAML syntax error: {character_name(char)} (U+{ord(char):04X}) is not allowed in a YAML file")
    mark = exc.problem_mark or exc.context_mark
    reason = exc.problem or exc.context or "invalid YAML"
    context, start = exc.context or "", exc.context_mark
    later = bool(start and exc.problem_mark and exc.problem_mark.line > start.line)
    if later and context == "while scanning a quoted scalar":
        mark, reason = start, "the quote opened here is never closed"
    elif later and context == "while scanning a simple key":
        mark, reason = start, "this key has no ':' after it (or the line is indented as if it went on the line before)"
    elif later and context.startswith("while parsing a flow"):
        mark, reason = start, f"the {text_at(text, start)} opened here is not closed"
    elif mark is not None and (quote := _quote_closed_on(text, mark)) is not None:
        mark, reason = quote.start_mark, (f"the quote opened here closes only on line {quote.end_mark.line + 1}, "
                                          f"where the parser stopped ({reason}): is a closing quote missing?")
    elif context == "while parsing a block mapping" and exc.problem_mark is not None:
        reason = (f"{reason}: this line is indented unlike the keys above it, or text follows a closing quote"
                  if "key" in reason or "block end" in reason else reason)
    where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
    lines = text.split("\n")  # YAML's lines: splitlines() would also split at \f, \x1c...
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in line[: len(line) - len(line.lstrip())]:
        reason = "a tab cannot indent YAML: indent with spaces"
    return Problem(where, None, None, f"YAML syntax error: {reason}")


def text_at(text: str, mark: yaml.Mark) -> str:
    """The character at `mark` ({ or [ where a flow collection starts)."""
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else "bracket"


def _quote_closed_on(text: str, mark: yaml.Mark):
    """The quoted text that began on an earlier line and ends on `mark`'s line, if any.

    A quote left open swallows the line break and the next key up to the next quote mark,
    and the parser fails there: the mistake is where that quoted text began.
    """
    loader = _LOADER(text)
    found = None
    try:
        while (token := loader.get_token()) is not None and token.start_mark.line <= mark.line:
            if (isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')
                    and token.start_mark.line < token.end_mark.line == mark.line):
                found = token
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return found


def load_yaml(path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse `path` safely; report duplicate keys, aliases, tags, refused characters and limits."""
    name = display_path(path)
    text, problems = _read_text(path, name)
    if text is None:
        return None, problems
    # YAML reads these as line breaks: a translator sees one line, the parser two.
    hidden = _HIDDEN_BREAKS.search(text)
    if hidden:
        char = hidden.group()
        return None, [Problem(_where(name, text, hidden.start()), None, None,
                              f"U+{ord(char):04X} {character_name(char)} is not allowed: YAML reads it as a "
                              f"line break; remove it")]
    loader = _LOADER(text)
    try:
        too_deep = _too_deep(text)
        if too_deep:
            return None, [Problem(f"{name}:{too_deep.line + 1}:{too_deep.column + 1}", None, None,
                                  f"YAML nested too deeply (more than {MAX_DEPTH} levels)")]
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        return None, [_syntax_problem(name, text, exc)]
    finally:
        loader.dispose()
    doc = YamlDocument(path, None)
    if root is None:
        doc.data = {}
        return doc, problems
    doc.data = _Converter(doc, problems).convert(root, "")
    return doc, problems


class _Converter:
    """Composed YAML nodes -> Python data, refusing what an untrusted file must not do.

    An alias (*name) reuses a node already composed: the composed tree is then a graph whose
    expansion can grow exponentially ("billion laughs"). Aliases are refused, each node is
    converted once, so the cost stays linear in the file's size.
    """

    def __init__(self, doc: YamlDocument, problems: list[Problem]):
        self.doc = doc
        self.problems = problems
        self.loader = yaml.SafeLoader("")
        self.seen: set[int] = set()
        self.aliases = 0

    def problem(self, node: yaml.Node, key: str, message: str) -> None:
        line = self.doc.line_of(key) if key else node.start_mark.line + 1
        self.problems.append(Problem(self.doc.name, line, key or None, message))

    def convert(self, node: yaml.Node, key: str) -> object:
        if id(node) in self.seen:  # an alias: the node's own line is its anchor's, so the key's is used
            self.aliases += 1
            if self.aliases == 1:  # one report is enough: a bomb has thousands
                self.problem(node, key, "an alias (*name) is not allowed: write the value out")
            return None
        self.seen.add(id(node))
        if key:
            self.doc.lines.setdefault(key, node.start_mark.line + 1)
        if node.tag not in ALLOWED_TAGS:
            self.problem(node, key, f"the YAML tag {_short_tag(node.tag)} is not allowed: write a plain value")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, f"{key}[{i}]") for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:null":
            return None
        try:
            value = _scalar_value(self.loader, node)
        except (KeyError, ValueError, yaml.YAMLError):
            value = node.value
        if isinstance(value, str):
            self.check_text(node, key, value)
        return value

    def mapping(self, node: yaml.MappingNode, key: str) -> dict[str, object]:
        doc = self.doc
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in ALLOWED_TAGS:
                merge = key_node.tag == "tag:yaml.org,2002:merge"
                self.problems.append(Problem(doc.name, key_node.start_mark.line + 1, key or None,
                                             "a merge key (<<) is not allowed: write the values out" if merge
                                             else "keys must be plain names"))
                continue
            name = key_node.value
            child = f"{key}.{name}" if key else name
            if name in result:
                first = doc.lines.get(child)
                self.problems.append(Problem(doc.name, key_node.start_mark.line + 1, child,
                                             f"duplicate key (first defined on line {first})"))
                continue
            doc.lines[child] = key_node.start_mark.line + 1
            for finding in find_refused(name):
                self.problems.append(Problem(doc.name, doc.lines[child], child, f"in the key name: {finding}"))
            result[name] = self.convert(value_node, child)
        return result

    def check_text(self, node: yaml.Node, key: str, text: str) -> None:
        if len(text) > MAX_STRING_CHARS:
            self.problem(node, key, f"the text is {len(text):,} characters long, more than the limit of "
                                    f"{MAX_STRING_CHARS:,}")
            return
        for finding in find_refused(text):
            self.problem(node, key, str(finding))


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


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
