"""layouts/brand.yaml is the one source of the brand: no copy of its values elsewhere, and a change reaches every stage."""

import ast
import re
from types import SimpleNamespace

import tinycss2

from build_factsheet.checks.layout import page_fills
from build_factsheet.checks.model import expectation_for
from build_factsheet.localise.document import localise
from build_factsheet.model.brand import BRAND_FILE, PT_PER_MM, load_brand
from build_factsheet.model.locales import load_catalogs
from build_factsheet.model.source import load_factsheet
from build_factsheet.render.html import FitStep, render_html

from .conftest import REPO

PACKAGE = REPO / "build_factsheet"
BRAND = load_brand(REPO)
PAGE = BRAND.page
BODY_SIZES = {size for script in BRAND.scripts.values()
              for size in (script.body.smallest, script.body.largest, script.body.start)}
# The brand's numbers each module would be tempted to copy, in the units it works in.
COPYABLE = {
    "checks/layout.py": {PAGE.margin_block, PAGE.margin_foot, *PAGE.margins_pt},
    "render/copyfit.py": BODY_SIZES,
    "render/printing.py": {PAGE.bleed, PAGE.width, PAGE.height, *PAGE.size_pt},
    "render/html.py": {PAGE.margin_block, PAGE.margin_inline, PAGE.margin_foot, PAGE.bleed, PAGE.column_gap},
    "model/fonts.py": set(),
    "publish/kit.py": set(),
}


def _constants(path):
    """Every number and string written in a module's code (docstrings included), but indexes."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    indexes = {id(node.slice) for node in ast.walk(tree) if isinstance(node, ast.Subscript)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and not isinstance(node.value, bool) and id(node) not in indexes:
            yield node.lineno, node.value


def test_no_module_copies_a_brand_number():
    found = []
    for name, numbers in COPYABLE.items():
        wanted = {round(n, 2) for n in numbers}
        for line, value in _constants(PACKAGE / name):
            if isinstance(value, (int, float)) and round(value, 2) in wanted:
                found.append(f"build_factsheet/{name}:{line}: {value}")
    assert found == []


def test_no_module_names_a_brand_font_colour_or_page_length():
    words = {face.file for face in BRAND.faces} | {face.family for face in BRAND.faces} | set(BRAND.colours.values())
    words |= {f"{n:g}mm" for n in (PAGE.margin_block, PAGE.margin_inline, PAGE.margin_foot, PAGE.width, PAGE.height)}
    found = [f"{path.relative_to(REPO)}:{line}: {value!r}"
             for path in PACKAGE.rglob("*.py") for line, value in _constants(path)
             if isinstance(value, str) and any(word.lower() in value.lower() for word in words)]
    assert found == []


def _declarations(css: str):
    """(at-rule or selector, property, value) of every declaration of a stylesheet, nested ones too."""
    def walk(rules, where):
        for rule in rules:
            if rule.type not in ("qualified-rule", "at-rule") or rule.content is None:
                continue
            inner = where + " " + (f"@{rule.lower_at_keyword}" if rule.type == "at-rule" else
                                   tinycss2.serialize(rule.prelude).strip())
            items = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
            for item in items:
                if item.type == "declaration":
                    yield inner.strip(), item.lower_name, tinycss2.serialize(item.value).strip()
            yield from walk(items, inner)
    yield from walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), "")


def test_no_stylesheet_or_template_copies_the_brand():
    page_lengths = {f"{n:g}mm" for n in (PAGE.margin_block, PAGE.margin_inline, PAGE.margin_foot, PAGE.width,
                                        PAGE.height)}
    found = []
    for path in sorted((REPO / "layouts").rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(REPO)
        found += [f"{name}: @font-face" for _ in re.finditer(r"@font-face", text)]
        for where, prop, value in _declarations(text):
            if prop.startswith("--"):
                found.append(f"{name}: {where} declares {prop}")  # custom properties come from brand.yaml
            if set(re.findall(r"[\d.]+mm", value)) & page_lengths or re.search(r"\b(A4|A5|letter)\b", value):
                found.append(f"{name}: {where} {{ {prop}: {value} }}")
            # The page's geometry: only the brand's values.
            if (where.startswith("@page") and prop in ("size", "margin")) or prop == "column-gap":
                if not re.fullmatch(r"(var\(--[a-z-]+\)\s*)+", value):
                    found.append(f"{name}: {where} {{ {prop}: {value} }} is not the brand's")
    for path in sorted((REPO / "layouts").rglob("*.j2")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(REPO)}: {face.family}" for face in BRAND.faces if face.family in text]
    assert found == []


# --- a change in brand.yaml reaches every stage ------------------------------------------

def _changed(project, *changes):
    path = project / BRAND_FILE
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return project


def _doc(root, lang="en"):
    factsheet = load_factsheet(root)
    return localise(factsheet, load_catalogs(factsheet, [lang])[lang])


def test_the_html_declares_what_brand_yaml_says(mini_project):
    before = render_html(_doc(mini_project), FitStep(10), mini_project / "build" / "en")
    assert "--page-margin-block: 15mm;" in before and "--bleed: 3mm;" in before
    _changed(mini_project, ('primary: "#0b4f7c"', 'primary: "#123456"'), ("  margin_block: 15", "  margin_block: 19.5"),
             ("  bleed: 3\n", "  bleed: 2\n"), ("  column_gap: 7", "  column_gap: 6"),
             ("fonts: [Noto Sans, Noto Sans CJK SC]\n    leading: {normal: 1.4, largest: 1.55}", "fonts: [Noto Sans]\n    leading: 1.5"),
             ("  - {family: Noto Sans, weight: 700, style: italic, file: NotoSans-BoldItalic.ttf}\n", ""))
    html = render_html(_doc(mini_project), FitStep(10), mini_project / "build" / "en")
    for declared in ("--brand-primary: #123456;", "--page-margin-block: 19.5mm;", "--bleed: 2mm;",
                     "--column-gap: 6mm;", '--font-body: "Noto Sans";', "--leading-body: 1.5;"):
        assert declared in html and declared not in before
    assert "NotoSans-BoldItalic.ttf" in before and "NotoSans-BoldItalic.ttf" not in html


def test_the_layout_check_measures_the_text_area_brand_yaml_sets(mini_project):
    expect = expectation_for(_doc(mini_project))
    assert expect.margins_pt == PAGE.margins_pt
    _changed(mini_project, ("  margin_foot: 17", "  margin_foot: 27"))
    changed = expectation_for(_doc(mini_project))
    assert changed.margins_pt == (15 * PT_PER_MM, 27 * PT_PER_MM)
    # Text 20 mm above the foot of the page: in the text area with 17 mm, in the footer with 27 mm.
    width, height = PAGE.size_pt
    run = SimpleNamespace(page=1, box=(40, 20 * PT_PER_MM, width - 40, 22 * PT_PER_MM))
    readback = SimpleNamespace(page_sizes=[PAGE.size_pt], runs=[run])
    assert page_fills(readback, expect.margins_pt)[0] > 0
    assert page_fills(readback, changed.margins_pt) == [0]
