"""The manifest's PDFs + layouts/kit/ (template, words per language) -> the kit's index.html, fonts subset and inlined."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from build_factsheet.atomic import write_atomic
from build_factsheet.errors import CheckError, Problem
from build_factsheet.model.brand import Brand, load_brand
from build_factsheet.model.fontfiles import FONT_FACTS_CACHE, describe_font
from build_factsheet.publish.cache import CACHE_DIR, sha256_file

KIT_LAYOUTS = "layouts/kit"          # not part of the PDFs' input key (cache.input_keys)
KIT_FORMAT = 2                       # bump when what index.html or the contact sheet shows changes


def ordered(factsheet, pdfs: dict) -> list[dict]:
    order = list(factsheet.locales)
    return [pdfs[lang] for lang in sorted(pdfs, key=lambda lang: order.index(lang) if lang in order else 99)]


@dataclass
class Entry:
    """One language as index.html lists it."""

    lang: str          # locale code: en, fr...
    fonts: str         # its script's font families (layouts/brand.yaml), as CSS
    html_lang: str     # BCP 47: en, zh-Hans...
    dir: str
    name: str          # the language's own name: English, Français, العربية...
    title: str         # the factsheet's title in that language (the PDF's /Title)
    pages: str         # "3 pages", "3 страницы"...
    size: str          # "45 kB", "45 ko"...
    print_size: str
    pdf: str
    print_pdf: str
    thumbnail: str
    width: int
    height: int
    labels: dict


@dataclass
class Section:
    """One publication as index.html lists it: its id, its title, its languages."""

    id: str
    title: str         # its title in the page's language (else in its first language)
    entries: list


def index_html(root: Path, manifest: dict, groups: dict, locate, factsheet) -> bytes:
    """Render layouts/kit/index.html.j2 with a section per publication and an entry per language,
    fonts subset and inlined."""
    import jinja2
    from markupsafe import Markup

    from build_factsheet.render.html import TEMPLATE_FAULTS

    from build_factsheet.model.yamlfile import load_yaml

    brand = load_brand(root)
    strings, problems = load_yaml(root / KIT_LAYOUTS / "strings.yaml")
    if strings is None:
        raise CheckError("layouts/kit/strings.yaml cannot be read:", problems)
    sections, labels = [], {}
    for pub in sorted(groups):
        entries = _entries(root, factsheet, brand, labels, groups[pub], locate)
        own = next((e for e in entries if e.lang == KIT_LANG), entries[0])
        sections.append(Section(pub, own.title or pub, entries))
    env = _environment(root)
    text = "".join(e.name + e.title + e.pages + e.size + e.print_size + "".join(map(str, e.labels.values()))
                   for section in sections for e in section.entries)
    try:
        html = env.get_template("index.html.j2").render(
            sections=sections, page=strings.data["page"], brand=brand.colours,
            page_fonts=Markup(_font_family(brand, KIT_LANG)),  # checked family names: safe inside <style>
            font_faces=font_faces(root, brand, text + str(strings.data["page"])))
    except (jinja2.TemplateError, RecursionError, *TEMPLATE_FAULTS) as exc:
        line = getattr(exc, "lineno", None)
        raise CheckError("The kit page cannot be made:", [Problem(
            f"{KIT_LAYOUTS}/index.html.j2", line, None,
            getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}")]) from None
    return html.encode("utf-8")


def _environment(root: Path):
    """The kit template's Jinja environment, one per project and process (Jinja reloads a template
    whose file changed). The project's template, so Jinja's sandbox, as for the publications'."""
    return _environment_at(root.resolve())


@lru_cache(maxsize=8)
def _environment_at(root: Path):
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(loader=jinja2.FileSystemLoader(root / KIT_LAYOUTS), autoescape=True,
                                         undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def warm_up(root: Path, factsheet) -> None:
    """Load what index.html needs the first time it is made, while the workers render: each
    language's CLDR data (names, plurals, units) and the compiled template."""
    import jinja2
    from babel import Locale
    from babel.units import format_unit

    from build_factsheet.render import html  # noqa: F401  (its TEMPLATE_FAULTS)

    for settings in factsheet.locales.values():
        locale = Locale.parse(settings.cldr)
        _ = Locale.parse(settings.cldr.split("_")[0]).language_name, locale.plural_form(1)
        _size(1000, locale, format_unit)
    try:
        _environment(root).get_template("index.html.j2")
    except (jinja2.TemplateError, OSError, RecursionError):
        pass  # said with its line when the page is made (index_html)


def _entries(root: Path, factsheet, brand: Brand, labels: dict, pdfs: dict, locate) -> list[Entry]:
    """One publication's languages as index.html lists them (`labels`: the words of each language read so far)."""
    import pypdfium2
    from babel import Locale
    from babel.units import format_unit
    from PIL import Image

    entries = []
    for entry in ordered(factsheet, pdfs):
        lang = entry["locale"]
        settings = factsheet.locales[lang]
        locale = Locale.parse(settings.cldr)
        if lang not in labels:
            labels[lang] = _labels(root, lang, factsheet.source_locale)
        name = Locale.parse(settings.cldr.split("_")[0]).language_name
        document = pypdfium2.PdfDocument(locate(entry["file"]))
        try:
            title = document.get_metadata_dict().get("Title", "")
        finally:
            document.close()
        with Image.open(locate(entry["thumbnail"]["file"])) as image:
            width, height = image.size
        words = labels[lang]["pages"]
        pages = words.get(locale.plural_form(entry["pages"]), words["other"])
        entries.append(Entry(
            lang, _font_family(brand, lang), entry["lang"], settings.dir, name[:1].upper() + name[1:], title,
            pages.format(count=_number(entry["pages"], locale)), _size(entry["bytes"], locale, format_unit),
            _size(entry["print"]["bytes"], locale, format_unit), entry["file"], entry["print"]["file"],
            entry["thumbnail"]["file"], width // 2, height // 2, labels[lang]))
    return entries


def _labels(root: Path, lang: str, source_lang: str) -> dict:
    """The words beside one PDF, in its language (layouts/kit/locales/<lang>.yaml), else in the source language."""
    from build_factsheet.model.locales import KIT_LOCALES_DIR, locale_path, read_catalog

    code = lang if locale_path(root, lang, KIT_LOCALES_DIR).exists() else source_lang
    catalog, problems = read_catalog(root, code, directory=KIT_LOCALES_DIR)
    if catalog is None or any(p.severity == "error" for p in problems):
        raise CheckError(f"{KIT_LOCALES_DIR}/{code}.yaml cannot be read:", problems)
    return catalog.doc.data


def _number(value: int, locale) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale)


def _size(size: int, locale, format_unit) -> str:
    if size >= 1_000_000:
        return format_unit(size / 1_000_000, "digital-megabyte", length="short", locale=locale, format="#,##0.0")
    return format_unit(round(size / 1000), "digital-kilobyte", length="short", locale=locale, format="#,##0")


# The vendored fonts that index.html uses, subset to its characters and inlined as WOFF2:
# the page then looks the same on every computer, offline, for about 30 KB, where copying
# the fonts whole would add 5 MB to the kit. Arabic and Chinese headings use synthetic bold.
KIT_LANG = "en"  # the language of the page's own words (layouts/kit/strings.yaml: page)


def _font_family(brand: Brand, lang: str) -> str:
    return ", ".join(f'"{family}"' for family in brand.script(lang).families)


def index_fonts(brand: Brand) -> list[tuple[str, int, str, bool]]:
    """Return (family, weight, file, whether it draws ASCII) of each font index.html inlines.

    The first family of the page's script, regular and bold, draws the page; the first family
    of every other script, regular, draws only what the first cannot (its non-ASCII letters).
    """
    first = brand.script(KIT_LANG).families[0]
    fonts = [(first, weight, brand.face(first, weight).file, True) for weight in (400, 700)
             if brand.face(first, weight) is not None]
    for script in brand.scripts.values():
        family = script.families[0]
        if all(family != f[0] for f in fonts):
            fonts.append((family, 400, brand.regular_file(family), False))
    return fonts


# What shaping the page's words needs (Latin, Cyrillic, Arabic joining, CJK): fewer features,
# a quicker subset (fontTools' default list takes twice the time for nothing visible here).
INDEX_FONT_FEATURES = ["kern", "liga", "ccmp", "mark", "mkmk", "init", "medi", "fina", "isol", "rlig", "calt"]


def font_faces(root: Path, brand: Brand, text: str) -> list[dict]:
    """Return @font-face data (base64 WOFF2) of each index font subset to `text` (plus ASCII).

    Subsetting costs about 0.3 s a font, so subsets are kept in build/cache/kit-fonts/,
    keyed by the font's bytes and the characters: a build that changes a figure but no
    character of the page subsets nothing.
    """
    import base64

    chars = "".join(sorted(set(text) | {chr(c) for c in range(0x20, 0x7F)}))
    faces = []
    for family, weight, filename, ascii in index_fonts(brand):
        path = root / "assets" / "fonts" / filename
        wanted = chars if ascii else "".join(c for c in chars if not c.isascii())
        key = hashlib.sha256(f"{KIT_FORMAT} {sha256_file(path)} {wanted}".encode()).hexdigest()
        cached = root / CACHE_DIR / "kit-fonts" / f"{key}.woff2"
        if cached.is_file():
            data = cached.read_bytes()
        else:
            # A damaged font may subset without an error, into a damaged font: checked first.
            reason = describe_font(path, root / FONT_FACTS_CACHE).error
            try:
                data = None if reason else _subset_font(path, wanted)
            except Exception as exc:  # fontTools raises whatever a damaged font makes its parser raise
                reason = f"not a readable font ({type(exc).__name__}: {exc})"
            if reason:
                where = f"assets/fonts/{filename}"
                raise CheckError(f"index.html cannot be made: {where} cannot be subset:",
                                 [Problem(where, None, None, reason)])
            write_atomic(cached, data)
        faces.append({"family": family, "weight": weight, "data": base64.b64encode(data).decode()})
    return faces


def _subset_font(path: Path, chars: str) -> bytes:
    """The glyphs of `chars` that the font has, with what shaping them needs, as WOFF2."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.notdef_outline = True
    options.hinting = False  # screens of today render these sizes well without it
    options.layout_features = INDEX_FONT_FEATURES
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in chars} & set(font.getBestCmap()))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
