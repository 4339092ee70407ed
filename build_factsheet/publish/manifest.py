"""Cache entries of the published (or about to be published) PDFs -> output/manifest.json."""

from __future__ import annotations

import json
from pathlib import Path

from build_factsheet.model.source import Factsheet
from build_factsheet.publish import cache
from build_factsheet.publish.files import OUTPUT_DIR


def manifest_text(root: Path, factsheet: Factsheet, langs: list[str],
                  pending: dict[str, cache.CacheEntry] | None = None) -> str | None:
    """The manifest of the published PDFs, or of the set that publishing `pending` will make."""
    pending = pending or {}
    entries = {}
    for lang in factsheet.locales:
        entry = pending.get(lang) or cache.read_entry(root, factsheet.document_id, lang)
        if entry is None:
            continue
        if lang not in pending:
            published = root / OUTPUT_DIR / entry.pdf
            if not published.is_file() or (lang not in langs and cache.sha256_file(published) != entry.sha256):
                continue
        entries[lang] = {"file": entry.pdf, "locale": lang, "lang": factsheet.locales[lang].html_lang,
                         "pages": entry.pages, "bytes": entry.bytes, "sha256": entry.sha256,
                         "input": entry.key, "body_pt": entry.body_pt, **entry.extras}
    if not entries:
        return None
    manifest = {"document": factsheet.document_id, "pdfs": entries}
    return json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
