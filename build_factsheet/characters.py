"""A string -> the invisible or control characters it may not contain, each named with its code point and position.

The policy, in one place (the YAML loader, the translators' QA check and error messages use it):

- Refused everywhere: bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and
  the direction marks (U+200E, U+200F, U+061C). They make text display in another order than it
  is stored ("Trojan Source"); the layout sets the direction itself (dir= and <bdi>).
- Refused: zero-width spaces and joiners that only hide word boundaries (U+200B, U+2060, U+FEFF,
  U+180E), tag characters (U+E0000-U+E007F, which can smuggle hidden text), every other format
  character (Unicode category Cf), control characters other than tab and line breaks (which the
  whitespace check reports), private-use code points (no font has them), surrogates, unassigned
  code points and noncharacters, and the line and paragraph separators U+2028/U+2029.
- Refused: more than MAX_MARKS combining marks on one letter ("Zalgo" text): no language stacks
  so many, and they draw over the lines above and below. The first mark past the limit is named.
- Allowed: the soft hyphen U+00AD (a hyphenation hint), and the zero-width non-joiner U+200C and
  joiner U+200D *between two letters of a script that joins its letters* (Arabic, Syriac, N'Ko,
  Mongolian, the Indic scripts...): there they choose a letter form, as in Persian or Urdu.
  Anywhere else (in Latin, Cyrillic or Chinese text, next to a space) they are refused.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = frozenset("\u200b\u2060\ufeff\u180e")
JOINERS = frozenset("\u200c\u200d")
ALLOWED_FORMAT = frozenset("\u00ad")
MAX_MARKS = 8  # combining marks on one letter; Vietnamese uses 2, Hebrew with cantillation up to 4 or 5
# Left to the whitespace check, which explains them in the translators' terms.
WHITESPACE_CONTROLS = frozenset("\t\n\r")
# Scripts whose letters join or form conjuncts, where ZWJ/ZWNJ select a form (code point ranges).
JOINING_SCRIPTS = (
    (0x0600, 0x06FF), (0x0700, 0x074F), (0x0750, 0x077F), (0x07C0, 0x07FF), (0x0860, 0x086F),
    (0x08A0, 0x08FF), (0x0900, 0x0DFF), (0x0F00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF),
    (0x1800, 0x18AF), (0xA8E0, 0xA8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF),
)


@dataclass(frozen=True)
class Finding:
    """One refused character: where it is (1-based, in characters) and why it is refused."""

    char: str
    position: int
    reason: str

    @property
    def code_point(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        return character_name(self.char)

    def __str__(self) -> str:
        return f"{self.code_point} {self.name} at character {self.position}: {self.reason}"


def character_name(char: str) -> str:
    """Return the Unicode name of `char`, or what kind of code point it is when it has none."""
    category = unicodedata.category(char)
    fallback = {"Cc": "control character", "Cs": "surrogate", "Co": "private-use character",
                "Cn": "unassigned code point"}.get(category, "character")
    return unicodedata.name(char, fallback)


def _joins(char: str) -> bool:
    if unicodedata.category(char)[0] not in "LM":
        return False
    code = ord(char)
    return any(low <= code <= high for low, high in JOINING_SCRIPTS)


def _reason(text: str, index: int) -> str | None:
    """Why the character at `index` is refused, or None when it is allowed."""
    char = text[index]
    if char in BIDI_CONTROLS:
        return ("an invisible bidi control can make the text display in another order than it is "
                "stored (Trojan Source); remove it, the layout sets the direction")
    if char in ZERO_WIDTH:
        return "an invisible zero-width character splits or joins words unseen; remove it"
    if char in JOINERS:
        before, after = text[index - 1: index], text[index + 1: index + 2]
        if before and after and _joins(before) and _joins(after):
            return None
        return ("allowed only between two letters of a script that joins them (Arabic, Indic...) "
                "to choose a letter form; remove it here")
    if char in ALLOWED_FORMAT or char in WHITESPACE_CONTROLS:
        return None
    category = unicodedata.category(char)
    if category in ("Mn", "Me"):
        stacked = 0
        while stacked < index and unicodedata.category(text[index - stacked - 1]) in ("Mn", "Me"):
            stacked += 1
        if stacked == MAX_MARKS:  # this is one mark too many: named once, not each one after it
            return (f"more than {MAX_MARKS} combining marks on one letter draw over the lines around it; "
                    "remove them")
        return None
    if 0xE0000 <= ord(char) <= 0xE007F:
        return "an invisible tag character can hide text; remove it"
    if category == "Cf":
        return "an invisible formatting character; remove it"
    if category == "Cc":
        return "a control character has no place in text; remove it"
    if category in ("Zl", "Zp"):
        return "the layout breaks lines itself; remove it"
    if category == "Co":
        return "a private-use character has no agreed meaning and no font draws it; remove it"
    if category == "Cs":
        return "half of a UTF-16 pair is not a character; remove it"
    if category == "Cn":
        return "not a character in Unicode (unassigned or a noncharacter); remove it"
    return None


def find_refused(text: str) -> list[Finding]:
    """Return every refused character of `text`, in order."""
    findings = []
    for index, char in enumerate(text):
        # Fast path: printable ASCII and most letters are never refused.
        if " " <= char <= "~":
            continue
        reason = _reason(text, index)
        if reason:
            findings.append(Finding(char, index + 1, reason))
    return findings


def escape_refused(text: str) -> str:
    """Show refused characters as \\uXXXX, so that a message never reorders or hides itself."""
    if not any(not (" " <= c <= "~") for c in text):
        return text
    refused = {f.position - 1 for f in find_refused(text)}
    return "".join(f"\\u{ord(c):04x}" if i in refused and ord(c) <= 0xFFFF else
                   f"\\U{ord(c):08x}" if i in refused else c for i, c in enumerate(text))
