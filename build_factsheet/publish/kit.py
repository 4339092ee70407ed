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

from build_factsheet.publish.cache import CACHE_DIR, sha256_file
from build_factsheet.errors import CheckError, Problem
from build_factsheet.model.brand import BRAND_FILE, load_brand
from build_factsheet.atomic import write_atomic
from build_factsheet.publish.files import BUILD_DIR, OUTPUT_DIR, Outgoing, stage
from build_factsheet.publish.kitpage import KIT_FORMAT, KIT_LAYOUTS, index_html, ordered
from build_factsheet.publish.manifest import published_pdfs

log = logging.getLogger("build_factsheet")

PRINT_DIR = "print"
THUMBNAIL_DIR = "thumbnails"
CONTACT_SHEET = "contact-sheet.png"
INDEX = "index.html"
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
    """Make, check and stage the print PDF, and make and stage the cover thumbnail, of a screen PDF
    (published only with it, once its checks passed)."""
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


def prepare(root: Path, manifest_text: str, locate=None, factsheet=None) -> KitPages | None:
    """Make the contact sheet and index.html that `manifest_text` calls for, where they changed.

    `locate` maps a file named in the manifest to where it is read from: a build prepares the
    pages from its staged files before it publishes anything (default: output/). `factsheet`
    is the project as the build loaded it (its languages, in their order); else it is loaded.
    """
    locate = locate or (lambda name: root / OUTPUT_DIR / name)
    manifest = json.loads(manifest_text)
    groups = {}  # publication id -> {lang: its manifest entry}, for those with a print PDF and thumbnail
    for pub, lang, entry in published_pdfs(manifest):
        if "thumbnail" in entry and "print" in entry:
            groups.setdefault(pub, {})[lang] = entry
    if not groups:
        return None
    if factsheet is None:
        from build_factsheet.model.source import load_factsheet

        factsheet = load_factsheet(root)
    brand = hashlib.sha256(f"kit {KIT_FORMAT}\n".encode())
    brand.update(sha256_file(root / BRAND_FILE).encode())
    # The contact sheet shows the covers in their order on the brand's tint: an edit past the
    # first page of one language leaves it as it is. The index page lists every file.
    covers = [f"{pub}/{entry['locale']}:{entry['thumbnail']['sha256']}" for pub in sorted(groups)
              for entry in ordered(factsheet, groups[pub])]
    index = brand.copy()
    index.update(manifest_text.encode())
    for path in sorted(p for p in (root / KIT_LAYOUTS).rglob("*") if p.is_file()):
        index.update(path.name.encode() + b"\0" + sha256_file(path).encode())
    brand.update("\n".join(covers).encode())
    keys = {CONTACT_SHEET: brand.hexdigest(), INDEX: index.hexdigest()}
    try:
        state = json.loads((root / CACHE_DIR / "kit.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    files = {}
    for name, make in ((CONTACT_SHEET, _contact_sheet), (INDEX, index_html)):
        recorded, key = state.get(name, {}), keys[name]
        target = root / OUTPUT_DIR / name
        if recorded.get("key") == key and target.is_file() and sha256_file(target) == recorded.get("sha256"):
            continue
        files[name] = make(root, manifest, groups, locate, factsheet)
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


def _contact_sheet(root: Path, manifest: dict, groups: dict, locate, factsheet) -> bytes:
    """The first page of every publication in every language side by side, publication by
    publication, each in the order of the project's languages."""
    from PIL import Image

    covers = [Image.open(locate(entry["thumbnail"]["file"])).convert("RGB")
              for pub in sorted(groups) for entry in ordered(factsheet, groups[pub])]
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
