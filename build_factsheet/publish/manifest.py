"""Cache entries of the published (or about to be published) PDFs of every publication -> output/manifest.json."""

from __future__ import annotations

import json
from pathlib import Path

from build_factsheet.model.source import Factsheet, load_publications
from build_factsheet.publish import cache
from build_factsheet.publish.files import OUTPUT_DIR


def manifest_text(root: Path, pending: dict[tuple[str, str], cache.CacheEntry] | None = None,
                  building: dict[str, list[str]] | None = None,
                  everything: list[Factsheet] | None = None) -> str | None:
    """The manifest of the published PDFs of every publication, or of the set that publishing
    `pending` ((publication id, lang) -> entry) will make; `building` names the languages of each
    publication this build made or found current; `everything` is the project's publications,
    when the caller has loaded them already."""
    pending, building = pending or {}, building or {}
    publications = {}
    for factsheet in everything if everything is not None else load_publications(root, check=False):
        pub, langs = factsheet.document_id, building.get(factsheet.document_id, [])
        entries = {}
        for lang in factsheet.locales:
            entry = pending.get((pub, lang)) or cache.read_entry(root, pub, lang)
            if entry is None:
                continue
            if (pub, lang) not in pending:
                published = root / OUTPUT_DIR / entry.pdf
                if not published.is_file() or (lang not in langs and cache.sha256_file(published) != entry.sha256):
                    continue
            entries[lang] = {"file": entry.pdf, "locale": lang, "lang": factsheet.locales[lang].html_lang,
                             "pages": entry.pages, "bytes": entry.bytes, "sha256": entry.sha256,
                             "input": entry.key, "body_pt": entry.body_pt, **entry.extras}
        if entries:
            publications[pub] = {"pdfs": entries}
    if not publications:
        return None
    return json.dumps({"publications": publications}, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def published_pdfs(manifest: dict) -> list[tuple[str, str, dict]]:
    """(publication id, lang, entry) of every PDF a manifest lists."""
    return [(pub, lang, entry) for pub, item in manifest.get("publications", {}).items()
            for lang, entry in item.get("pdfs", {}).items()]
