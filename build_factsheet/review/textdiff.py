"""Two texts, or two sets of strings by key -> word-level differences (characters for Chinese and Japanese)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

# A token is one ideograph or kana (those scripts write no space between words, so a
# character is the unit a reader sees change), a run of other non-space characters (a word
# with its punctuation), or a run of spaces.
_TOKEN = re.compile(r"[\u2e80-\u2fff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
                    r"|[^\s\u2e80-\u2fff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+")


@dataclass
class Segment:
    """A piece of a compared text: the same in both, only in the old one, or only in the new one."""

    kind: str   # "same", "removed", "added"
    text: str


@dataclass
class StringChange:
    """One locale string that differs between two editions."""

    key: str
    kind: str                   # "changed", "added", "removed"
    old: str = ""
    new: str = ""
    old_segments: list[Segment] = field(default_factory=list)
    new_segments: list[Segment] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # 1-based pages of the new PDF that show it


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """The old text and the new one as segments, the words that differ marked removed or added."""
    a, b = tokens(old), tokens(new)
    return segments_of(a, b, difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())


def segments_of(a: list[str], b: list[str], opcodes) -> tuple[list[Segment], list[Segment]]:
    """Two token lists as segments, following difflib's opcodes over them."""
    before: list[Segment] = []
    after: list[Segment] = []
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            _add(before, "same", "".join(a[i1:i2]))
            _add(after, "same", "".join(b[j1:j2]))
        else:
            _add(before, "removed", "".join(a[i1:i2]))
            _add(after, "added", "".join(b[j1:j2]))
    return before, after


def _add(segments: list[Segment], kind: str, text: str) -> None:
    if not text:
        return
    if kind != "same" and not text.strip():
        kind = "same"  # a changed space is not worth a mark
    if segments and segments[-1].kind == kind:
        segments[-1].text += text
    else:
        segments.append(Segment(kind, text))


def string_changes(old: dict[str, str], new: dict[str, str]) -> list[StringChange]:
    """Every key whose text differs, in the new edition's order, then the keys it no longer has."""
    changes = []
    for key, text in new.items():
        if key not in old:
            changes.append(StringChange(key, "added", "", text, [], [Segment("added", text)]))
        elif old[key] != text:
            before, after = word_diff(old[key], text)
            changes.append(StringChange(key, "changed", old[key], text, before, after))
    for key, text in old.items():
        if key not in new:
            changes.append(StringChange(key, "removed", text, "", [Segment("removed", text)], []))
    return changes


def _squash(text: str) -> str:
    """Letters and digits only, case folded: a string's words as a PDF's text layer gives them back."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def pages_showing(text: str, page_texts: list[str]) -> list[int]:
    """The 1-based pages whose text holds `text` (lines, hyphens and spacing aside), else those
    holding its longest run of words that a page does hold."""
    wanted = _squash(text)
    if not wanted:
        return []
    squashed = [_squash(page) for page in page_texts]
    found = [number for number, page in enumerate(squashed, 1) if wanted in page]
    if found:
        return found
    words = [_squash(word) for word in tokens(text) if _squash(word)]
    for size in range(min(len(words), 8), 1, -1):  # a string split across pages, or partly reordered
        for start in range(len(words) - size + 1):
            piece = "".join(words[start:start + size])
            if len(piece) >= 6:
                found = [number for number, page in enumerate(squashed, 1) if piece in page]
                if found:
                    return found
    return []
