"""LocalisedDocument -> every text its sources produced for its language (what the provenance check accepts)."""

from __future__ import annotations

import re

from build_factsheet.model.locales import PLACEHOLDER

_ADDRESS_SCHEME = re.compile(r"^(https?://|mailto:)")


def sourced_texts(doc, ordered_items: int = 0) -> tuple[str, ...]:
    """Every text a source produced for `doc` (a LocalisedDocument), as it may print.

    `ordered_items` is the most items of any ordered list in its HTML (expected.Promised).
    """
    texts: list[str] = []
    for text in doc.plain.values():
        texts += PLACEHOLDER.split(text)[::2]  # a pattern's literal parts: what the layout fills is separate
    texts += [value.text for value in doc.values.values()]
    # A value standing alone (a timeline's date) in the form the house style gives it there.
    texts += [item.value[name].text for items in doc.collections.values() for item in items for name in item.value]
    texts.append(doc.edition)
    for address in doc.factsheet.contacts.values():
        if isinstance(address, str):
            texts += [address, readable_address(address)]
    texts += doc.factsheet.layout.words
    texts += [f"{number}." for number in range(1, ordered_items + 1)]
    return tuple(dict.fromkeys(text for text in texts if text.strip()))


def readable_address(address: str) -> str:
    """An address as a page shows it: `https://icat.network/` -> `icat.network`."""
    return _ADDRESS_SCHEME.sub("", address).rstrip("/")
