"""layouts/<layout>.layout.yaml -> a Layout: its template, the locale keys it prints itself and what each is for.

The keys a layout prints besides the blocks of the sections (a cover, a running footer, its
metadata) are needed in every language. Each has a role: `text` (page text, the default),
`metadata` (the PDF's subject, keywords), `alt` (alternative text), `furniture` (printed on
every page, checked page by page) or `pattern` (a pattern the templates fill, such as a name
with its acronym). `placeholders` are the {names} the templates fill in; `drafts_only`
furniture is printed on drafts only. `contacts` is the JSON Schema of the project's contacts
that the layout links to. `words` are the few words the templates print themselves, in every
language (such as the `twitter.com/` before an account): the provenance check accepts them
as page text, and no other text that no locale string or value produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from build_factsheet.errors import Problem
from build_factsheet.model.fields import FieldReader, describe_value
from build_factsheet.model.schema import LOCALE_KEY, Schema
from build_factsheet.model.yamlfile import load_yaml

LAYOUTS_DIR = "layouts"
ROLES = ("text", "metadata", "alt", "furniture", "pattern")


@dataclass(frozen=True)
class LayoutKey:
    key: str
    role: str = "text"
    placeholders: tuple[str, ...] = ()
    drafts_only: bool = False


@dataclass(frozen=True)
class Layout:
    name: str
    template: str                      # under layouts/
    keys: dict[str, LayoutKey]
    where: str                         # the declaration's file, for messages
    contacts: Schema | None = field(default=None, repr=False)
    words: tuple[str, ...] = ()        # text the templates print themselves (checks/provenance.py)

    def furniture(self, draft: bool) -> list[str]:
        """The keys printed on every page (of a draft, when `draft`)."""
        return [k.key for k in self.keys.values() if k.role == "furniture" and (draft or not k.drafts_only)]


def layout_path(root: Path, name: str) -> Path:
    return root / LAYOUTS_DIR / f"{name}.layout.yaml"


def load_layout(root: Path, name: str) -> tuple[Layout | None, list[Problem]]:
    """Read layouts/<name>.layout.yaml; report every problem in it."""
    doc, problems = load_yaml(layout_path(root, name))
    if doc is None:
        return None, problems
    reader = FieldReader(doc)
    reader.problems.extend(problems)
    data = doc.data if isinstance(doc.data, dict) else {}
    if not isinstance(doc.data, dict):
        reader.error("", "expected a mapping {template: ..., keys: ..., contacts: ..., words: ...}")
    reader.no_unknown(data, ("template", "keys", "contacts", "words"), "")
    template = reader.get(data, "template", "", str) or f"{name}.html.j2"
    if not (root / LAYOUTS_DIR / template).is_file():
        reader.error("template", f"no template layouts/{template}")
    keys: dict[str, LayoutKey] = {}
    for key, spec in (reader.get(data, "keys", "", dict) or {}).items():
        where = f"keys.{key}"
        spec = {} if spec is None else spec
        if not LOCALE_KEY.match(key) or not isinstance(spec, dict):
            reader.error(where, f"expected a locale key with a mapping of its role, got {describe_value(spec)}")
            continue
        reader.no_unknown(spec, ("role", "placeholders", "drafts_only"), where)
        role = reader.get(spec, "role", where, str, required=False) or "text"
        if role not in ROLES:
            reader.error(f"{where}.role", f"must be one of {', '.join(ROLES)}, got '{role}'")
        names = reader.names(spec, "placeholders", where) if "placeholders" in spec else ()
        drafts_only = bool(reader.get(spec, "drafts_only", where, bool, required=False))
        keys[key] = LayoutKey(key, role, names, drafts_only)
    contacts = None
    if "contacts" in data:
        spec = reader.get(data, "contacts", "", dict)
        contacts = Schema(spec, doc, "contacts") if spec is not None else None
    words = []
    for i, word in enumerate(reader.get(data, "words", "", list, required=False) or []):
        if not isinstance(word, str) or not word.strip():
            reader.error(f"words[{i}]", f"expected text the templates print, got {describe_value(word)}")
        else:
            words.append(word)
    return (Layout(name, template, keys, f"{LAYOUTS_DIR}/{name}.layout.yaml", contacts, tuple(words)),
            reader.problems)
