"""Checked PDFs -> the distribution kit in output/: print PDFs, cover thumbnails, contact sheet, index.html."""

# Per language, the print PDF and the cover thumbnail are made from the checked screen PDF's
# bytes, in the process that checked it (printing.py), staged in build/<lang>/ and
# published with it: they share its cache entry and input key, so a language that did not
# change makes neither. The contact sheet and index.html are made from the manifest of the
# set being published (a build makes them from its staged files before it publishes
# anything) and redone only when what they show changed (a key over the manifest and their
# templates in layouts/kit/), so a build with nothing to do imports neither Pillow, Jinja2 nor Babel.

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from build_factsheet.model.fontfiles import FONT_FACTS_CACHE, describe_font
from build_factsheet.publish.cache import CACHE_DIR, sha256_file
from build_factsheet.errors import CheckError, Problem
from build_factsheet.model.brand import BRAND_FILE, Brand, load_brand
from build_factsheet.atomic import write_atomic
from build_factsheet.publish.files import BUILD_DIR, OUTPUT_DIR, Outgoing, stage
from build_factsheet.publish.manifest import published_pdfs

log = logging.getLogger("build_factsheet")

KIT_LAYOUTS = "layouts/kit"          # not part of the PDFs' input key (cache.input_keys)
PRINT_DIR = "print"
THUMBNAIL_DIR = "thumbnails"
CONTACT_SHEET = "contact-sheet.png"
INDEX = "index.html"
KIT_FORMAT = 2                       # bump when what index.html or the contact sheet shows changes
THUMBNAIL_WIDTH = 496                # px: shown 248 px wide in index.html, sharp at 2x
SHEET_GAP = 24                       # px between and around the pages of the contact sheet


@dataclass
class Staged:
    """A file of the kit staged in build/<lang>/, to be published to output/<name>."""

    path: Path
    name: str      # relative to output/
    sha256: str


def print_name(pdf_name: str) -> str:
    return f"{PRINT_DIR}/{pdf_name[:-len('.pdf')]}-print.pdf"


def thumbnail_name(pdf_name: str) -> str:
    return f"{THUMBNAIL_DIR}/{pdf_name[:-len('.pdf')]}.png"


def make_extras(root: Path, lang: str, pdf_name: str, pdf: bytes) -> dict[str, Staged]:
    """Make, check and stage the print PDF, and make and stage the cover thumbnail, of a checked screen PDF."""
    import time

    from build_factsheet.render.printing import check_print_pdf, make_print_pdf, print_page

    started = time.perf_counter()
    page = print_page(root)
    try:
        printed = make_print_pdf(pdf, page.bleed)
    except ValueError as exc:  # qpdf had to repair the screen PDF: it is not what was checked
        where = f"{BUILD_DIR}/{lang}/{pdf_name}"
        raise CheckError(f"'{lang}': no print PDF can be made from {where}, not published:",
                         [Problem(where, None, None, str(exc))]) from None
    made = time.perf_counter()
    problems = check_print_pdf(pdf, printed, page)
    checked = time.perf_counter()
    staged_print = _stage(root, lang, print_name(pdf_name), printed)
    if problems:
        where = str(staged_print.path.relative_to(root))
        raise CheckError(f"'{lang}': the print PDF {where} fails its checks, not published:",
                         [Problem(where, None, None, message) for message in problems])
    thumbnail = _stage(root, lang, thumbnail_name(pdf_name), cover_png(pdf))
    log.debug("%s: print PDF %.2f s, its check %.2f s, thumbnail %.2f s", lang, made - started,
              checked - made, time.perf_counter() - checked)
    return {"print": staged_print, "thumbnail": thumbnail}


def _stage(root: Path, lang: str, name: str, data: bytes) -> Staged:
    return Staged(stage(root / BUILD_DIR, lang, name, data), name, hashlib.sha256(data).hexdigest())


def cover_png(pdf: bytes, width: int = THUMBNAIL_WIDTH) -> bytes:
    """Render the first page of a PDF as a PNG `width` pixels wide (pypdfium2, as Chromium's viewer)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=width / page.get_width(), may_draw_forms=False).to_pil().convert("RGB")
    finally:
        document.close()
    return _png(image)


def _png(image) -> bytes:
    """Encode as a 128-colour PNG: a third of the bytes of a full-colour one, no visible loss on these pages."""
    import io

    from PIL import Image

    out = io.BytesIO()
    image.quantize(128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(out, format="PNG")
    return out.getvalue()


def publish_extras(lang: str, extras: dict[str, Staged]) -> list[Outgoing]:
    """The staged kit files of a language, to publish with its PDF as one set (files.publish_set)."""
    return [Outgoing(item.name, item.sha256, staged=item.path, what=f"'{lang}' {kind} file")
            for kind, item in extras.items()]


# --- The pages made from every language: contact sheet and index.html ---------------------

@dataclass
class KitPages:
    """The contact sheet and index.html made for one manifest, not yet written to output/."""

    manifest_text: str
    files: dict[str, bytes]     # name in output/ -> bytes, only those that changed
    state: dict                 # what build/cache/kit.json records once they are written


def prepare(root: Path, manifest_text: str, locate=None) -> KitPages | None:
    """Make the contact sheet and index.html that `manifest_text` calls for, where they changed.

    `locate` maps a file named in the manifest to where it is read from: a build prepares the
    pages from its staged files before it publishes anything (default: output/).
    """
    locate = locate or (lambda name: root / OUTPUT_DIR / name)
    manifest = json.loads(manifest_text)
    groups = {}  # publication id -> {lang: its manifest entry}, for those with a print PDF and thumbnail
    for pub, lang, entry in published_pdfs(manifest):
        if "thumbnail" in entry and "print" in entry:
            groups.setdefault(pub, {})[lang] = entry
    if not groups:
        return None
    digest = hashlib.sha256(f"kit {KIT_FORMAT}\n".encode() + manifest_text.encode())
    templates = root / KIT_LAYOUTS
    for path in [root / BRAND_FILE, *sorted(p for p in templates.rglob("*") if p.is_file())]:
        digest.update(path.name.encode() + b"\0" + sha256_file(path).encode())
    key = digest.hexdigest()
    try:
        state = json.loads((root / CACHE_DIR / "kit.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    files = {}
    for name, make in ((CONTACT_SHEET, _contact_sheet), (INDEX, _index_html)):
        recorded = state.get(name, {})
        target = root / OUTPUT_DIR / name
        if recorded.get("key") == key and target.is_file() and sha256_file(target) == recorded.get("sha256"):
            continue
        files[name] = make(root, manifest, groups, locate)
        state[name] = {"key": key, "sha256": hashlib.sha256(files[name]).hexdigest()}
    return KitPages(manifest_text, files, state)


def pages_to_publish(prepared: KitPages | None) -> list[Outgoing]:
    """The contact sheet and index.html that changed, to publish with the set they show."""
    if prepared is None:
        return []
    return [Outgoing(name, hashlib.sha256(data).hexdigest(), data=data, what=f"output/{name}")
            for name, data in prepared.files.items()]


def record_pages(root: Path, prepared: KitPages | None) -> None:
    """Once published, remember what the pages show (build/cache/kit.json): they are remade only when that changes."""
    if prepared is None or not prepared.files:
        return
    write_atomic(root / CACHE_DIR / "kit.json", json.dumps(prepared.state, indent=2, sort_keys=True))
    log.info("kit: wrote %s", ", ".join(f"output/{name}" for name in prepared.files))


def _contact_sheet(root: Path, manifest: dict, groups: dict, locate) -> bytes:
    """The first page of every publication in every language side by side, publication by
    publication, each in the order of the project's languages."""
    from PIL import Image

    covers = [Image.open(locate(entry["thumbnail"]["file"])).convert("RGB")
              for pub in sorted(groups) for entry in _ordered(root, groups[pub])]
    height = max(c.height for c in covers)
    background = load_brand(root).colours["tint"]  # "#rrggbb", which Pillow reads as it is
    sheet = Image.new("RGB", (SHEET_GAP + sum(c.width + SHEET_GAP for c in covers), height + 2 * SHEET_GAP),
                      background)
    x = SHEET_GAP
    for cover in covers:
        sheet.paste((200, 210, 220), (x + 2, SHEET_GAP + 2, x + cover.width + 2, SHEET_GAP + cover.height + 2))
        sheet.paste(cover, (x, SHEET_GAP))  # the light edge above is a shadow: white pages on a tint
        x += cover.width + SHEET_GAP
    return _png(sheet)


def _ordered(root: Path, pdfs: dict) -> list[dict]:
    from build_factsheet.model.source import load_factsheet

    order = list(load_factsheet(root).locales)
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


def _index_html(root: Path, manifest: dict, groups: dict, locate) -> bytes:
    """Render layouts/kit/index.html.j2 with a section per publication and an entry per language,
    fonts subset and inlined."""
    import jinja2
    from markupsafe import Markup

    from build_factsheet.model.source import load_factsheet
    from build_factsheet.model.yamlfile import load_yaml

    factsheet, brand = load_factsheet(root), load_brand(root)
    strings, problems = load_yaml(root / KIT_LAYOUTS / "strings.yaml")
    if strings is None:
        raise CheckError("layouts/kit/strings.yaml cannot be read:", problems)
    sections = []
    for pub in sorted(groups):
        entries = _entries(root, factsheet, brand, strings, groups[pub], locate)
        own = next((e for e in entries if e.lang == KIT_LANG), entries[0])
        sections.append(Section(pub, own.title or pub, entries))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(root / KIT_LAYOUTS), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    text = "".join(e.name + e.title + e.pages + e.size + e.print_size + "".join(map(str, e.labels.values()))
                   for section in sections for e in section.entries)
    html = env.get_template("index.html.j2").render(
        sections=sections, page=strings.data["page"], brand=brand.colours,
        page_fonts=Markup(_font_family(brand, KIT_LANG)),  # checked family names: safe inside <style>
        font_faces=font_faces(root, brand, text + str(strings.data["page"])))
    return html.encode("utf-8")


def _entries(root: Path, factsheet, brand: Brand, strings, pdfs: dict, locate) -> list[Entry]:
    """One publication's languages as index.html lists them."""
    import pypdfium2
    from babel import Locale
    from babel.units import format_unit
    from PIL import Image

    entries = []
    for entry in _ordered(root, pdfs):
        lang = entry["locale"]
        settings = factsheet.locales[lang]
        locale = Locale.parse(settings.cldr)
        labels = strings.data.get(lang) or strings.data["en"]
        name = Locale.parse(settings.cldr.split("_")[0]).language_name
        document = pypdfium2.PdfDocument(locate(entry["file"]))
        try:
            title = document.get_metadata_dict().get("Title", "")
        finally:
            document.close()
        with Image.open(locate(entry["thumbnail"]["file"])) as image:
            width, height = image.size
        pages = labels["pages"].get(locale.plural_form(entry["pages"]), labels["pages"]["other"])
        entries.append(Entry(
            lang, _font_family(brand, lang), entry["lang"], settings.dir, name[:1].upper() + name[1:], title,
            pages.format(count=_number(entry["pages"], locale)), _size(entry["bytes"], locale, format_unit),
            _size(entry["print"]["bytes"], locale, format_unit), entry["file"], entry["print"]["file"],
            entry["thumbnail"]["file"], width // 2, height // 2, labels))
    return entries


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
