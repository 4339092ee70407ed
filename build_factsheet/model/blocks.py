"""A publication's sections + layouts/blocks/<kind>.schema.yaml -> Sections of Blocks, each checked against its kind.

A block kind is two files and no Python: `layouts/blocks/<kind>.html.j2` draws it and
`layouts/blocks/<kind>.schema.yaml` (JSON Schema, see model/schema.py) says what it takes.
A block is written `{kind: paragraph, text: about.p1}` or, shorter, with its kind first and
the value of the kind's `x-shorthand` property: `{paragraph: about.p1}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from build_factsheet.errors import Problem
from build_factsheet.model.fields import NAME, FieldReader, describe_value
from build_factsheet.model.schema import Checker, Schema, load_schema
from build_factsheet.model.yamlfile import YamlDocument

BLOCKS_DIR = "layouts/blocks"


@dataclass(frozen=True)
class Block:
    """One block of a section: its kind, what it was given, and the keys and collections that names.

    Templates read its properties as attributes: `block.heading`.
    """

    kind: str
    data: dict
    path: str                                # its key in the publication file: sections[i].blocks[j]
    keys: tuple[str, ...] = ()               # locale keys it names (x-locale-key, x-locale-keys)
    collections: tuple[str, ...] = ()        # collections it draws on (x-collection)
    written_as: dict = field(default_factory=dict, repr=False)  # property -> the YAML key it was written at

    def __getitem__(self, name: str):
        return self.data[name]


@dataclass(frozen=True)
class Section:
    id: str
    heading: str | None
    blocks: tuple[Block, ...]
    path: str = ""


def block_kinds(root: Path) -> list[str]:
    """The block kinds found in layouts/blocks/: each schema beside its template."""
    folder = root / BLOCKS_DIR
    if not folder.is_dir():
        return []
    return sorted(path.name.removesuffix(".schema.yaml") for path in folder.glob("*.schema.yaml")
                  if (folder / path.name.replace(".schema.yaml", ".html.j2")).is_file())


def read_sections(reader: FieldReader, data: dict, root: Path,
                  schemas: dict[str, Schema]) -> tuple[Section, ...]:
    """Read the sections and each block's kind and properties; load the schemas of the kinds used."""
    kinds = block_kinds(root)
    sections = []
    seen = set()
    for i, item in enumerate(reader.get(data, "sections", "", list) or []):
        path = f"sections[{i}]"
        if not isinstance(item, dict):
            reader.error(path, f"expected a mapping, got {describe_value(item)}")
            continue
        reader.no_unknown(item, ("id", "heading", "blocks"), path)
        section_id = reader.get(item, "id", path, str)
        if section_id is not None and not NAME.match(section_id):
            reader.error(f"{path}.id", "section ids are lower-case letters, digits and _")
        if section_id in seen:
            reader.error(f"{path}.id", f"section '{section_id}' appears twice")
        seen.add(section_id)
        heading = reader.get(item, "heading", path, str, required=False)
        blocks = []
        for j, block in enumerate(reader.get(item, "blocks", path, list) or []):
            if (parsed := _read_block(reader, block, f"{path}.blocks[{j}]", root, kinds, schemas)) is not None:
                blocks.append(parsed)
        if section_id:
            sections.append(Section(section_id, heading, tuple(blocks), path))
    return tuple(sections)


def _read_block(reader: FieldReader, block, path: str, root: Path, kinds: list[str],
                schemas: dict[str, Schema]) -> Block | None:
    if not isinstance(block, dict) or not block:
        reader.error(path, f"expected a mapping such as {{paragraph: key}}, got {describe_value(block)}")
        return None
    explicit = "kind" in block
    kind = block["kind"] if explicit else next(iter(block))
    if not isinstance(kind, str) or kind not in kinds:
        where = f"{path}.kind" if explicit else path
        folder = root / BLOCKS_DIR
        half = [name for name in (f"{kind}.html.j2", f"{kind}.schema.yaml") if (folder / name).is_file()]
        if isinstance(kind, str) and NAME.match(kind) and half:
            missing = f"{kind}.schema.yaml" if half[0].endswith(".j2") else f"{kind}.html.j2"
            reader.error(where, f"block kind '{kind}' has {BLOCKS_DIR}/{half[0]} but no {missing} beside it: "
                                f"a kind is its template and the schema of what it takes")
        else:
            reader.error(where, f"unknown block kind '{kind}' (known kinds: {', '.join(kinds) or 'none'}; a kind "
                                f"is {BLOCKS_DIR}/<kind>.schema.yaml beside its template <kind>.html.j2)")
        return None
    if kind not in schemas:
        schema, problems = load_schema(root / BLOCKS_DIR / f"{kind}.schema.yaml")
        reader.problems.extend(problems)
        if schema is None:
            return None
        schemas[kind] = schema
    data = {name: value for name, value in block.items() if name != "kind"}
    written_as = {}
    if not explicit:
        shorthand = schemas[kind].shorthand
        if shorthand is None:
            reader.error(f"{path}.{kind}", f"block kind '{kind}' has no shorthand (x-shorthand): write "
                                           f"{{kind: {kind}, ...}} with its properties")
            return None
        value = data.pop(kind)
        if shorthand in data:
            reader.error(f"{path}.{shorthand}", f"'{shorthand}' is given twice: as {kind}'s value and by name")
            return None
        data = {shorthand: value, **data}
        written_as[shorthand] = kind
    return Block(kind, data, path, written_as=written_as)


def check_blocks(sections: tuple[Section, ...], schemas: dict[str, Schema], checker: Checker,
                 doc: YamlDocument) -> tuple[tuple[Section, ...], list[Problem]]:
    """Validate each block against its kind's schema; give it the keys and collections it names."""
    problems: list[Problem] = []
    checked = []
    for section in sections:
        blocks = []
        for block in section.blocks:
            found, names = checker.check(block.data, schemas[block.kind], doc, block.path, block.written_as)
            problems += found
            blocks.append(replace(block, keys=tuple(dict.fromkeys(names.keys)),
                                  collections=tuple(dict.fromkeys(names.collections))))
        checked.append(replace(section, blocks=tuple(blocks)))
    return tuple(checked), problems
