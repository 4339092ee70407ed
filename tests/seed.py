"""The factsheet's original text (tests/data) -> the sentences and list items the English PDF must read."""

from __future__ import annotations

import re
from pathlib import Path

# The published factsheet's text as extracted from its two-column PDF: the reference the
# English build is held to, extraction damage included (repaired below).
SEED = Path(__file__).resolve().parent / "data" / "original-factsheet.txt"

# The seed was extracted from a two-column PDF: one sentence was cut around a heading.
BROKEN_START = ("United Nations agencies, whether they operate in conflict zones or not, need to minimize "
                "the risk that their vendors or suppliers might be engaging in human trafficking for")
BROKEN_END_PREFIX = "the purpose of forced labour, but also in other types of exploitation,"
# Dropped on purpose: it pointed at a link that goes nowhere.
DROPPED = ("Read more about the meeting",)


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_items(text: str | None = None) -> list[str]:
    """Split the seed into headings, list items and sentences, with the broken sentence rejoined."""
    text = seed_text() if text is None else text
    lines = [line.strip() for line in text.splitlines()]
    items: list[str] = []
    broken_end = ""
    for line in lines:
        if not line or line.startswith("Follow ICAT"):
            continue
        line = re.sub(r"\*\*(.+?)\*\*", r"\1", line)
        line = re.sub(r"^#+\s*", "", line)
        line = re.sub(r"^(?:-|\d+\.)\s+", "", line)
        if line.startswith(BROKEN_END_PREFIX):
            first, _, rest = line.partition(". ")
            broken_end = first + "."
            line = rest
        if line.startswith(BROKEN_START):
            items.append(f"{BROKEN_START} {broken_end}")
            continue
        items.extend(s for s in re.split(r"(?<=[.;:?])\s+(?=[A-Z“])", line) if s)
    return [item for item in items if not item.startswith(DROPPED)]


def contact_items(text: str | None = None) -> list[str]:
    """The contacts of the seed's last line, as a reader sees them."""
    text = seed_text() if text is None else text
    line = next(line for line in text.splitlines() if line.startswith("Follow ICAT"))
    return ["Follow ICAT:", "twitter.com/ICAT_News", "icat.network", "icat@un.org"] if line else []
