"""The package's shape: stage packages whose imports go one way, no circles, no library internals."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "build_factsheet"
# The stages in the order data flows through them; a module may import from its own stage and
# from earlier ones, never from a later one.
LAYERS = [
    {"", "errors", "characters", "geometry", "markup", "atomic", "options"},  # problems, text, safe files, options
    {"model"},                             # load + validate the project
    {"localise"},                          # catalogs + house style -> localised documents
    {"i18n"},                              # the translators' workflow: status, QA, exchange
    {"render"},                            # HTML, PDF, copyfit, print variant
    {"readback"},                          # PDF -> text runs, fonts, structure
    {"checks"},                            # read-back + expectations -> problems
    {"publish"},                           # staging, cache, manifest, kit, output/
    {"project", "stages", "workers", "pipeline", "verify"},  # the only modules that know every stage
    {"review"},                            # staged set vs output/: what changed; publish what was reviewed
    {"preview"},                           # serve: the interactive loop
    {"cli", "__main__"},                   # arguments in, exit codes out
]
MAX_LINES = 400
# Private insides of the libraries an upgrade may change without notice.
PRIVATE = re.compile(r"_page_box|_parse_content_stream|resolved_objects|cache_indirect_object|find_library"
                     r"|pypdf\.generic\._")


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every package module `name` imports, at the top or inside a function."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if name else []
                base = base if is_package else base[:-1]
                base = base[:len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            targets = [module, *(f"{module}.{alias.name}".strip(".") for alias in node.names)]
        else:
            continue
        for target in targets:
            target = target.removeprefix("build_factsheet").strip(".")
            if target in known and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def layer_of(name: str) -> int:
    top = name.split(".")[0]
    for index, layer in enumerate(LAYERS):
        if top in layer:
            return index
    raise AssertionError(f"build_factsheet/{name}: not in any stage of LAYERS")


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles():
    # A package's __init__ importing its own modules is not a circle between stages.
    edges = {name: {t for t in targets if not (name and t.startswith(name + "."))}
             for name, targets in graph().items()}
    assert cycles(edges) == []


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_imports_go_one_way_through_the_stages():
    wrong = [f"{name} ({layer_of(name)}) imports {target} ({layer_of(target)})"
             for name, targets in graph().items() if name
             for target in targets if layer_of(target) > layer_of(name)]
    assert wrong == []


def test_only_the_command_line_knows_click():
    users = [name for name, path in modules().items()
             if re.search(r"^\s*(import click|from click)", path.read_text(encoding="utf-8"), re.M)]
    assert all(name == "cli" or name.startswith("cli.") for name in users), users


def test_no_library_internals():
    found = [f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
             for name, path in modules().items() if name != "render.boxes"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if PRIVATE.search(line)]
    assert found == []


def test_modules_stay_small_and_say_what_they_do():
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= MAX_LINES, f"{path.relative_to(PACKAGE)}: over {MAX_LINES} lines"
        if text.strip():
            assert ast.get_docstring(ast.parse(text)), f"{path.relative_to(PACKAGE)}: no docstring"
