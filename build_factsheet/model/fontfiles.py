"""Font files + the @font-face rules that declare them -> problems: a file missing, damaged, or another face."""

# What a font file is comes from the file itself (fontTools: its name table, OS/2 weight
# class and italic bits), what it should be from a declaration; the two are compared by
# check_face, whatever the declaration is read from: the font faces of layouts/brand.yaml
# (declared_faces).

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from build_factsheet.atomic import remembered
from build_factsheet.errors import Problem

FONTS_DIR = "assets/fonts"
FONT_FACTS_CACHE = "build/cache/font-files"
FACTS_FORMAT = 1  # bump when what describe_font records changes


@dataclass(frozen=True)
class FontFace:
    """What a declaration says a font file is."""

    family: str
    weight: int
    style: str        # "normal" or "italic"
    path: Path        # the file it loads
    where: str        # the declaration, for messages: "layouts/brand.yaml:12"

    def describe(self) -> str:
        return f"{self.family} {self.weight} {self.style}"


@dataclass(frozen=True)
class FontFacts:
    """What a font file says it is; `error` when it cannot be read or is damaged."""

    family: str = ""
    subfamily: str = ""
    weight: int = 0
    italic: bool = False
    error: str = ""

    def describe(self) -> str:
        return f"{self.family} {self.weight} {'italic' if self.italic else 'normal'} ('{self.subfamily}')"


def declared_faces(root: Path) -> tuple[list[FontFace], list[Problem]]:
    """Read the font faces layouts/brand.yaml declares: family, weight, style and file of each."""
    from build_factsheet.errors import BuildError
    from build_factsheet.model.brand import BRAND_FILE, load_brand

    try:
        brand = load_brand(root)
    except BuildError as exc:  # reported where the brand is loaded for rendering; nothing to compare here
        return [], list(exc.problems)
    faces = []
    for index, face in enumerate(brand.faces):
        key = f"font_faces[{index}]"
        line = brand.doc.line_of(key) if brand.doc is not None else None
        faces.append(FontFace(face.family, face.weight, face.style, root / FONTS_DIR / face.file,
                              f"{BRAND_FILE}:{line}" if line else BRAND_FILE))
    return faces, []


def describe_font(path: Path, cache_dir: Path | None = None) -> FontFacts:
    """Read what a font file says it is, and check it is whole; remembered in build/cache by the file's hash.

    Whole: every table inside the file and matching its checksum (a truncated or
    corrupted file fails here, not as WeasyPrint's "cannot be loaded"), and the tables
    a renderer reads first (name, OS/2, head, cmap, ...) readable.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FontFacts(error=f"cannot be read: {exc.strerror or exc}")
    cached = cache_dir / f"{hashlib.sha256(data).hexdigest()}-{FACTS_FORMAT}.json" if cache_dir is not None else None
    return remembered(cached, lambda: _read_facts(data), encode=asdict, decode=lambda known: FontFacts(**known))


def _read_facts(data: bytes) -> FontFacts:
    import io

    from fontTools.ttLib import TTFont, TTLibError
    from fontTools.ttLib.sfnt import calcChecksum

    try:
        with TTFont(io.BytesIO(data), lazy=True) as font:
            if font.flavor is None:  # plain TrueType or OpenType: its table directory can be checked
                for tag, entry in font.reader.tables.items():
                    if entry.offset + entry.length > len(data):
                        return FontFacts(error=f"damaged or truncated: its '{tag}' table ends at byte "
                                               f"{entry.offset + entry.length:,}, after the end of the file "
                                               f"({len(data):,} bytes)")
                    table = font.reader[tag]
                    if tag == "head":  # its checksum is computed with checkSumAdjustment as zero
                        table = table[:8] + b"\0\0\0\0" + table[12:]
                    if calcChecksum(table) != entry.checkSum:
                        return FontFacts(error=f"damaged: its '{tag}' table does not match its checksum")
            names = font["name"]
            os2 = font["OS/2"]
            font.getBestCmap()
            for tag in ("head", "hhea", "maxp"):
                font[tag]
            italic = bool(os2.fsSelection & 1 or font["head"].macStyle & 2)
            return FontFacts(family=names.getDebugName(16) or names.getDebugName(1) or "",
                             subfamily=names.getDebugName(17) or names.getDebugName(2) or "",
                             weight=int(os2.usWeightClass), italic=italic)
    except (TTLibError, KeyError, ValueError, TypeError, IndexError, AssertionError, EOFError, OSError) as exc:
        reason = str(exc) or type(exc).__name__
        if isinstance(exc, KeyError):
            reason = f"it has no {exc} table"
        return FontFacts(error=f"not a readable font: {reason}")
    except Exception as exc:  # fontTools raises whatever a damaged table makes its parser raise
        return FontFacts(error=f"not a readable font: {type(exc).__name__}: {exc}")


def check_face(face: FontFace, facts: FontFacts) -> list[str]:
    """Compare a declared face with what its file says it is; return what differs."""
    if facts.error:
        return [facts.error]
    found = []
    if facts.family.casefold() != face.family.casefold():
        found.append(f"family '{facts.family}', declared '{face.family}'")
    if facts.weight != face.weight:
        found.append(f"weight {facts.weight}, declared {face.weight}")
    if facts.italic != (face.style == "italic"):
        found.append(f"{'italic' if facts.italic else 'upright'}, declared {face.style}")
    if found:
        return [f"the file is {facts.describe()}, not what {face.where} declares ({face.describe()}): "
                + "; ".join(found) + ": put the right face in its place"]
    return []


def check_font_files(root: Path, faces: list[FontFace] | None = None) -> list[Problem]:
    """Check each declared font file (default: layouts/brand.yaml's) exists, is whole and is the declared face."""
    problems: list[Problem] = []
    if faces is None:
        faces, problems = declared_faces(root)
    cache_dir = root / FONT_FACTS_CACHE
    for face in faces:
        name = _display(root, face.path)
        if not face.path.is_file():
            problems.append(Problem(name, None, None, f"font file missing (declared in {face.where} as "
                                                      f"{face.describe()})"))
            continue
        problems += [Problem(name, None, None, message) for message in check_face(face, describe_font(face.path,
                                                                                                        cache_dir))]
    return problems


def _display(root: Path, path: Path) -> str:
    relative = Path(os.path.relpath(path, root))
    return relative.as_posix() if not relative.as_posix().startswith("../") else str(path)
