"""The brand's font stacks per language and a fontconfig that sees no system fonts -> coverage problems and env settings."""

from __future__ import annotations

import os
import unicodedata
from functools import lru_cache
from pathlib import Path

from build_factsheet.atomic import remembered
from build_factsheet.errors import Problem, SourceError
from build_factsheet.model.brand import load_brand
from build_factsheet.model.locales import Catalog

FONTS_DIR = "assets/fonts"
# Characters that are layout controls rather than glyphs to draw.
_INVISIBLE = {"\n", "\t", "\u00ad"}

FONTCONFIG_TEMPLATE = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- Written by build_factsheet: lists no font directories, so only the @font-face
     fonts of the layouts can be used and a missing glyph is reported, never
     silently drawn from a system font. -->
<fontconfig>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def isolate_fontconfig(build_dir: Path) -> Path:
    """Point fontconfig at a config without system fonts; call before WeasyPrint is imported."""
    build_dir.mkdir(parents=True, exist_ok=True)
    conf = build_dir / "fonts.conf"
    text = FONTCONFIG_TEMPLATE.format(cache=(build_dir / "fontconfig-cache").resolve())
    if not conf.exists() or conf.read_text() != text:
        conf.write_text(text)
    os.environ["FONTCONFIG_FILE"] = str(conf.resolve())
    return conf


def font_stack(root: Path, lang: str) -> tuple[str, ...]:
    """Return the font files `lang`'s text is drawn with, in fallback order: its script's in layouts/brand.yaml.

    The same families, in the same order, as the page's `--font-body` (render/html.py).
    """
    return load_brand(root).font_files(lang)


CMAP_CACHE = "build/cache/cmaps"


@lru_cache(maxsize=None)
def _cmap(path: Path, cache_dir: Path | None = None) -> frozenset[int]:
    """Return the code points a font file maps, remembered in build/cache by the file's hash.

    fontTools takes a quarter of a second to read the four fonts' maps; the cached list of
    code points takes milliseconds, and a changed font has another hash.
    """
    import hashlib

    cached = None
    if cache_dir is not None:
        try:
            cached = cache_dir / f"{hashlib.sha256(path.read_bytes()).hexdigest()}.json"
        except OSError as exc:
            raise SourceError("A vendored font cannot be read:", [Problem(
                f"{FONTS_DIR}/{path.name}", None, None, f"cannot be read: {exc.strerror or exc}")]) from None
    return remembered(cached, lambda: _read_cmap(path), encode=sorted, decode=frozenset)


def _read_cmap(path: Path) -> frozenset[int]:
    """The code points `path` maps, read with fontTools; SourceError if it is no readable font."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except Exception as exc:  # fontTools raises whatever a damaged file makes its parser raise
        raise SourceError("A vendored font cannot be read:", [Problem(
            f"{FONTS_DIR}/{path.name}", None, None, f"not a readable font ({type(exc).__name__}: {exc}); "
            "put the original file back")]) from None


def uncovered(text: str, fonts: list[Path], cache_dir: Path | None = None) -> list[str]:
    """Return the characters of `text` that none of `fonts` has a glyph for, in order, once each.

    A fallback font's character map is only read when an earlier font lacks a character.
    """
    missing = []
    for char in dict.fromkeys(text):
        if char in _INVISIBLE or char.isspace() and ord(char) < 0x80:
            continue
        if not any(ord(char) in _cmap(path, cache_dir) for path in fonts):
            missing.append(char)
    return missing


def check_coverage(root: Path, catalog: Catalog) -> list[Problem]:
    """Report every character of every string of `catalog` that its font stack cannot draw."""
    stack = font_stack(root, catalog.lang)
    fonts = [root / FONTS_DIR / name for name in stack]
    absent = [path for path in fonts if not path.is_file()]
    if absent:
        return [Problem(f"{FONTS_DIR}/{path.name}", None, None,
                        f"font file missing (needed for '{catalog.lang}')") for path in absent]
    problems = []
    name = catalog.doc.name if catalog.doc else str(catalog.path)
    for key, text in catalog.messages.items():
        forms = "".join(catalog.plurals.get(key, {}).values())  # every plural form is drawn some day
        for char in uncovered(text + forms, fonts, root / CMAP_CACHE):
            label = unicodedata.name(char, "unnamed character")
            problems.append(Problem(name, catalog.line_of(key), key,
                                    f"U+{ord(char):04X} {label} ('{char}') is in no font of the "
                                    f"'{catalog.lang}' stack ({', '.join(stack)})"))
    return problems


def vendored_families(root: Path) -> dict[str, list[Path]]:
    """Return the font families of layouts/brand.yaml (its font_faces), each with the files it loads."""
    families: dict[str, list[Path]] = {}
    for face in load_brand(root).faces:
        families.setdefault(face.family, []).append((root / FONTS_DIR / face.file).resolve())
    return families


def pdf_font_names(root: Path) -> set[str]:
    """Return the names WeasyPrint gives the vendored families in a PDF (spaces become '-')."""
    return {family.replace(" ", "-") for family in vendored_families(root)}
