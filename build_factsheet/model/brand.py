"""layouts/brand.yaml -> a validated Brand (colours, font faces, fonts and body sizes per script, page geometry)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from build_factsheet.errors import Problem, SourceError, display_path
from build_factsheet.model.fields import FieldReader, describe_value
from build_factsheet.model.yamlfile import YamlDocument, load_yaml

BRAND_FILE = "layouts/brand.yaml"
PROJECT_FILE = "source/project.yaml"  # where the languages say their scripts (model/source.py)
SCRIPTS = ("latin", "cyrillic", "arabic", "han")
PT_PER_MM = 72 / 25.4
# What the values become in CSS and file names: checked here, so that they can be written into
# a <style> element and a url() as they are.
_COLOUR = re.compile(r"^#[0-9a-f]{6}$")
_FAMILY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ]*$")
_FONT_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(ttf|otf|woff|woff2)$")
_STYLES = ("normal", "italic")
_TOP_KEYS = ("colours", "font_faces", "scripts", "type_scale", "page")
# Colours the code reads by name: the chart's SVG bars (paper, primary), the kit's contact sheet (tint).
NEEDED_COLOURS = ("paper", "primary", "tint")
# A line height outside these reads as overset (lines touching) or as loose lines, not as text.
LEADING_LIMITS = (1.0, 2.5)
MIN_TEXT_AREA = 50  # mm across and down between the margins: less holds no readable column
_PAGE_KEYS = ("paper", "margin_block", "margin_inline", "margin_foot", "bleed", "column_gap")


def script_of(lang: str) -> str:
    """Return the writing system a language is set in: latin, cyrillic, arabic or han."""
    # STAND-IN until languages carry their script in the source (a `script` field per language):
    # the one place that maps a language code to its script; everything else asks here.
    return {"ar": "arabic", "zh": "han", "ru": "cyrillic"}.get(lang, "latin")


@dataclass(frozen=True)
class FontFace:
    """One @font-face: a family at one weight and style, drawn from one file in assets/fonts/."""

    family: str
    weight: int
    style: str
    file: str


@dataclass(frozen=True)
class BodySize:
    """The body text sizes (pt) copyfitting may choose from, and the one it tries first."""

    smallest: float
    largest: float
    start: float


@dataclass(frozen=True)
class Leading:
    """The line height of body text (a multiple of its size): the normal one, and the largest
    copyfitting may open it to where the text cannot grow and leaves the last page short."""

    normal: float
    largest: float

    def allows(self, leading: float) -> bool:
        return self.normal <= leading <= self.largest


@dataclass(frozen=True)
class Script:
    """How text in one writing system is set: font families in fallback order, line height, body sizes."""

    name: str
    families: tuple[str, ...]
    leading: Leading
    body: BodySize


@dataclass(frozen=True)
class Page:
    """The paper and the page's margins, bleed and column gap, in mm."""

    paper: str
    width: float
    height: float
    margin_block: float
    margin_inline: float
    margin_foot: float
    bleed: float
    column_gap: float

    @property
    def size_pt(self) -> tuple[float, float]:
        return self.width * PT_PER_MM, self.height * PT_PER_MM

    @property
    def margins_pt(self) -> tuple[float, float]:
        """The top and bottom margins in pt: the text area lies between them."""
        return self.margin_block * PT_PER_MM, self.margin_foot * PT_PER_MM


@dataclass(frozen=True)
class Brand:
    """Everything layouts/brand.yaml says, checked; `line_of` says where a key was written."""

    colours: dict[str, str]
    faces: tuple[FontFace, ...]
    scripts: dict[str, Script]
    type_scale: dict[str, float]
    page: Page
    doc: YamlDocument | None = field(default=None, compare=False, repr=False)

    def script(self, lang: str) -> Script:
        """Return how text in `lang` is set (through script_of)."""
        return self.scripts[script_of(lang)]

    def face(self, family: str, weight: int = 400, style: str = "normal") -> FontFace | None:
        """Return the face of `family` at `weight` and `style`, if the brand has one."""
        return next((f for f in self.faces if (f.family, f.weight, f.style) == (family, weight, style)), None)

    def regular_file(self, family: str) -> str:
        """Return the file of `family`'s regular face (weight 400, normal): what its coverage is read from."""
        return self.face(family).file  # the loader made sure every script's family has one

    def font_files(self, lang: str) -> tuple[str, ...]:
        """Return the regular font files `lang`'s text is drawn with, in fallback order."""
        return tuple(self.regular_file(family) for family in self.script(lang).families)

    def problem(self, key: str, message: str) -> Problem:
        """A problem at `key` of layouts/brand.yaml, with its line."""
        line = self.doc.line_of(key) if self.doc is not None else None
        return Problem(BRAND_FILE, line, key, message)


def _signature(path: Path):
    try:
        stat = path.stat()
        return stat.st_mtime_ns, stat.st_size
    except OSError:
        return None


def load_brand(root: Path) -> Brand:
    """Read and check layouts/brand.yaml; raise SourceError listing every problem, each at its line.

    The brand must set every script the project's languages are written in (source/project.yaml,
    `languages.<lang>.script`), and only those: a project in English and Arabic needs no Chinese.
    """
    path, project = root / BRAND_FILE, root / PROJECT_FILE
    needed = _scripts_needed(project.resolve(), _signature(project))
    return _load(path.resolve(), _signature(path), needed)


@lru_cache(maxsize=8)
def _scripts_needed(project: Path, signature) -> tuple[str, ...]:
    """The scripts of the project's languages (latin unless said); all of them when the project
    file cannot tell (its own problems are reported where it is loaded)."""
    doc, problems = load_yaml(project) if signature is not None else (None, [])
    languages = doc.data.get("languages") if doc is not None and isinstance(doc.data, dict) else None
    if problems or not isinstance(languages, dict) or not languages:
        return SCRIPTS
    return tuple(dict.fromkeys((settings.get("script") or "latin") if isinstance(settings, dict) else "latin"
                               for settings in languages.values()))


@lru_cache(maxsize=8)
def _load(path: Path, signature, needed: tuple[str, ...] = SCRIPTS) -> Brand:
    # Keyed by the file's time and size: every stage asks, the file is read once per change.
    doc, problems = load_yaml(path)
    brand = None
    if doc is not None and not problems:
        reader = _BrandReader(doc, needed)
        brand = reader.read()
        problems = reader.problems
    if problems or brand is None:
        # Named from the project's root, as the person editing it sees it, wherever the build runs.
        name = display_path(path)
        raise SourceError(f"{BRAND_FILE} has {len(problems)} problem(s):", [
            Problem(BRAND_FILE + p.path[len(name):], p.line, p.key, p.message, p.severity)
            if p.path.startswith(name) else p for p in problems])
    return brand


class _BrandReader(FieldReader):
    """brand.yaml's mappings -> a Brand, every wrong value recorded with its key."""

    def __init__(self, doc: YamlDocument, needed: tuple[str, ...] = SCRIPTS):
        super().__init__(doc)
        self.needed = needed  # the scripts the project's languages are written in

    def read(self) -> Brand | None:
        data = self.doc.data
        if not isinstance(data, dict):
            self.error("", f"expected a mapping of {', '.join(_TOP_KEYS)}, got {describe_value(data)}")
            return None
        self.no_unknown(data, _TOP_KEYS, "")
        colours = self.colours(self.get(data, "colours", "", dict) or {})
        faces = self.faces(self.get(data, "font_faces", "", list) or [])
        scripts = self.scripts(self.get(data, "scripts", "", dict) or {}, faces)
        sizes = self.get(data, "type_scale", "", dict) or {}
        scale = {name: self.number(sizes, name, "type_scale", above=0)
                 for name in sizes if self.check_name(name, f"type_scale.{name}")}
        page = self.page(self.get(data, "page", "", dict) or {})
        if self.problems:
            return None
        return Brand(colours, tuple(faces), scripts, scale, page, self.doc)

    def number(self, data: dict, key: str, path: str, above: float | None = None,
               at_least: float | None = None) -> float:
        value = data.get(key)
        full = f"{path}.{key}" if path else key
        if key not in data:
            self.error(path, f"missing required key '{key}'")
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(full, f"expected a number, got {describe_value(value)}")
        elif above is not None and not value > above:
            self.error(full, f"must be more than {above:g}, got {value:g}")
        elif at_least is not None and not value >= at_least:
            self.error(full, f"must be {at_least:g} or more, got {value:g}")
        else:
            return float(value)
        return 0.0

    def check_name(self, name: str, key: str) -> bool:
        if not re.match(r"^[a-z][a-z0-9_]*$", name):
            self.error(key, "expected a lower-case name (letters, digits, underscores)")
            return False
        return True

    def colours(self, data: dict) -> dict[str, str]:
        colours = {}
        for name, value in data.items():
            key = f"colours.{name}"
            if not self.check_name(name, key):
                continue
            if not isinstance(value, str) or not _COLOUR.match(value):
                self.error(key, f"expected a colour as \"#rrggbb\" (lower case), got {describe_value(value)}")
                continue
            colours[name] = value
        for name in NEEDED_COLOURS:
            if name not in data:
                self.error("colours", f"missing required colour '{name}'")
        return colours

    def faces(self, items: list) -> list[FontFace]:
        faces = []
        for index, item in enumerate(items):
            key = f"font_faces[{index}]"
            if not isinstance(item, dict):
                self.error(key, f"expected a mapping {{family, weight, style, file}}, got {describe_value(item)}")
                continue
            self.no_unknown(item, ("family", "weight", "style", "file"), key)
            family, weight = self.get(item, "family", key, str), self.get(item, "weight", key, int)
            style, file = self.get(item, "style", key, str), self.get(item, "file", key, str)
            if family is not None and not _FAMILY.match(family):
                self.error(f"{key}.family", "expected a family name of letters, digits and spaces")
            elif weight is not None and not 100 <= weight <= 900:
                self.error(f"{key}.weight", f"expected a weight from 100 to 900, got {weight}")
            elif style is not None and style not in _STYLES:
                self.error(f"{key}.style", f"must be one of {', '.join(_STYLES)}, got '{style}'")
            elif file is not None and not _FONT_FILE.match(file):
                self.error(f"{key}.file", "expected a font file name in assets/fonts/ (.ttf, .otf, .woff, .woff2)")
            elif None not in (family, weight, style, file):
                face = FontFace(family, weight, style, file)
                if any((f.family, f.weight, f.style) == (family, weight, style) for f in faces):
                    self.error(key, f"'{family}' {weight} {style} is listed twice")
                faces.append(face)
        if not items:
            self.error("font_faces", "must list at least one font face")
        return faces

    def scripts(self, data: dict, faces: list[FontFace]) -> dict[str, Script]:
        regular = {f.family for f in faces if f.weight == 400 and f.style == "normal"}
        self.no_unknown(data, SCRIPTS, "scripts")
        scripts = {}
        for name in SCRIPTS:
            if name not in data:
                if name in self.needed:
                    self.error("scripts", f"missing required key '{name}' (a language of {PROJECT_FILE} "
                                          f"is written in it)")
                continue
            path = f"scripts.{name}"
            values = self.get(data, name, "scripts", dict)
            if values is None:
                continue
            self.no_unknown(values, ("fonts", "leading", "body_pt"), path)
            families = self.get(values, "fonts", path, list) or []
            for index, family in enumerate(families):
                if family not in regular:
                    self.error(f"{path}.fonts[{index}]", f"{describe_value(family)} has no regular face "
                                                         "(weight 400, style normal) in font_faces")
            if not families:
                self.error(f"{path}.fonts", "must list at least one font family")
            leading = self.leading(values, path)
            sizes = self.get(values, "body_pt", path, dict) or {}
            self.no_unknown(sizes, ("smallest", "largest", "start"), f"{path}.body_pt")
            smallest, largest, start = (self.number(sizes, key, f"{path}.body_pt", above=0)
                                        for key in ("smallest", "largest", "start"))
            if smallest > largest:
                self.error(f"{path}.body_pt", f"smallest ({smallest:g}) is larger than largest ({largest:g})")
            elif not smallest <= start <= largest:
                self.error(f"{path}.body_pt.start", f"must be from smallest to largest ({smallest:g} to "
                                                    f"{largest:g}), got {start:g}")
            scripts[name] = Script(name, tuple(families), leading, BodySize(smallest, largest, start))
        return scripts

    def leading(self, values: dict, path: str) -> Leading:
        """A line height (a number: no range) or {normal, largest}: a range copyfitting may open it in."""
        key, value = f"{path}.leading", values.get("leading")
        if isinstance(value, dict):
            self.no_unknown(value, ("normal", "largest"), key)
            normal, largest = (self.number(value, name, key, above=0) for name in ("normal", "largest"))
        elif "leading" in values and (isinstance(value, bool) or not isinstance(value, (int, float))):
            self.error(key, f"expected a number or {{normal, largest}}, got {describe_value(value)}")
            return Leading(0.0, 0.0)
        else:
            normal = largest = self.number(values, "leading", path, above=0)
        low, high = LEADING_LIMITS
        for name, number in (("normal", normal), ("largest", largest)):
            if number and not low <= number <= high:
                self.error(f"{key}.{name}" if isinstance(value, dict) else key,
                           f"must be from {low:g} to {high:g} (times the text size), got {number:g}")
                return Leading(normal, largest)
        if normal and largest and largest < normal:
            self.error(key, f"largest ({largest:g}) is smaller than normal ({normal:g})")
        return Leading(normal, largest)

    def page(self, data: dict) -> Page:
        self.no_unknown(data, _PAGE_KEYS, "page")
        paper = self.get(data, "paper", "page", dict) or {}
        self.no_unknown(paper, ("name", "width", "height"), "page.paper")
        name = self.get(paper, "name", "page.paper", str) or ""
        width, height = (self.number(paper, key, "page.paper", above=0) for key in ("width", "height"))
        lengths = {key: self.number(data, key, "page", at_least=0) for key in _PAGE_KEYS[1:]}
        # The margins must leave room for text: else every page reads as empty, or more than 100% so.
        if width and height:
            across = width - 2 * lengths["margin_inline"]
            down = height - lengths["margin_block"] - lengths["margin_foot"]
            if min(across, down) < MIN_TEXT_AREA:
                self.error("page", f"the margins leave a text area of {max(across, 0):g} x {max(down, 0):g} mm on "
                                   f"{width:g} x {height:g} mm paper: at least {MIN_TEXT_AREA:g} mm each way is needed")
        return Page(name, width, height, **lengths)
