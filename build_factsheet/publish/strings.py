"""A staged PDF's HTML -> the strings it shows, per locale key, published in output/strings/ for the next review."""

# What a review compares a new edition's words with must survive a fresh clone that has only
# the published output/: the strings are kept beside the PDFs, one small JSON file per PDF,
# made from the HTML the PDF was laid out from (each element that shows a string carries
# its data-key), so they are the words as rendered, dates and numbers formatted.

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from build_factsheet.publish.files import OUTPUT_DIR, Outgoing

STRINGS_DIR = "strings"


def strings_name(pdf_name: str) -> str:
    """output/strings/<the PDF's name>.json"""
    return f"{STRINGS_DIR}/{pdf_name[:-len('.pdf')]}.json"


def html_path(staged_pdf: Path) -> Path:
    """The HTML a staged PDF (build/<lang>/<id>-<lang>.pdf) was laid out from: build/<lang>/<id>.html."""
    lang = staged_pdf.parent.name
    return staged_pdf.with_name(f"{staged_pdf.name[:-len(f'-{lang}.pdf')]}.html")


def strings_of_html(html: str) -> dict[str, str]:
    """data-key -> the text the element shows, in the order of the page; the title under its key."""
    from build_factsheet.checks.expected import read_promises

    promised = read_promises(html)
    strings = dict(promised.strings)
    if promised.title_key and promised.title_key not in strings:
        strings[promised.title_key] = promised.title
    return strings


def strings_text(strings: dict[str, str]) -> str:
    return json.dumps({"strings": strings}, ensure_ascii=False, indent=1) + "\n"


def record(staged_pdf: Path) -> list[Outgoing]:
    """The strings file to publish with a staged PDF (none when its HTML is not staged beside it)."""
    try:
        html = html_path(staged_pdf).read_text(encoding="utf-8")
    except OSError:
        return []
    data = strings_text(strings_of_html(html)).encode()
    return [Outgoing(strings_name(staged_pdf.name), hashlib.sha256(data).hexdigest(), data=data,
                     what=f"strings of {staged_pdf.name}")]


def published_strings(root: Path, pdf_name: str) -> dict[str, str] | None:
    """The strings recorded when `pdf_name` was published, or None when none were (an older output/)."""
    try:
        data = json.loads((root / OUTPUT_DIR / strings_name(pdf_name)).read_text(encoding="utf-8"))
        strings = data["strings"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return {str(k): str(v) for k, v in strings.items()} if isinstance(strings, dict) else None
