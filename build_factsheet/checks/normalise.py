"""Extracted or expected text -> a comparable form, per script (documented in tests/checks/test_normalise.py)."""

from __future__ import annotations

import re
import unicodedata

# Characters a renderer adds at a line break, not part of the text: WeasyPrint's
# hyphenation hyphen (U+2010) and soft hyphens, which pypdfium2 reports as U+FFFE.
# pypdfium2 also reports a real hyphen that ends a line as U+FFFE, so a hyphen cannot be
# told from a hyphenation point there: hyphens are dropped altogether ("co-chair" and
# "cochair" compare equal), with the line break that may follow them.
_HYPHEN = re.compile(r"[-\u2010\u2011\u00ad\ufffe]\s*[\r\n]*\s*(?=\S)|[-\u2010\u2011\u00ad\ufffe]")
_SPACE = re.compile(r"\s+")
# A line may break after a dash or before it; the break's whitespace is not in the text.
_SPACE_AT_DASH = re.compile(r"\s*([\u2013\u2014/])\s*")
# List bullets are drawn by the layout (and painted after the text), not part of any string.
_BULLETS = re.compile(r"[\u2022\u25aa\u25cf]")
# Marks that pypdf and pypdfium2 move around numbers and Latin runs inside Arabic text
# (parentheses even come back mirrored): Arabic is compared as words without them.
_ARABIC_PUNCT = re.compile(r"[()\[\]«»\"“”'’:;,.،؛؟!?—–\-/]")
_ARABIC_LETTER = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
# Readers drop the space where an Arabic run meets a Latin or number run; put it back.
_SCRIPT_BOUNDARY = re.compile(rf"(?<=[{_ARABIC_LETTER}])(?=[^\s{_ARABIC_LETTER}])|"
                              rf"(?<=[^\s{_ARABIC_LETTER}])(?=[{_ARABIC_LETTER}])")
_ARABIC_WORD = re.compile(rf"^[{_ARABIC_LETTER}]+$")
# Short vowels, shadda, sukun, superscript alef and Quranic marks: pypdfium2 moves them out of
# their words (a vocalised word comes back as its letters and, apart, its marks), so Arabic is
# compared by its letters alone.
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]")


def normalise(text: str, script: str) -> str:
    """Fold `text` so that the same words read from a PDF and from a locale compare equal.

    - every script: NFKC (ligatures become letters), case folded (headings are drawn in
      capitals), hyphens removed (with a line break after one), list bullets dropped, no space around an
      em or en dash or a slash (lines break there), whitespace runs become one space;
    - han: all whitespace removed (Chinese has none between words; readers add line breaks);
    - arabic: vowel marks and punctuation removed, a space wherever Arabic meets Latin or
      digits; compare with split_arabic (see there).
    """
    text = unicodedata.normalize("NFKC", text)
    text = _BULLETS.sub("", text)  # first: bullets painted after a page's text sit between its halves
    text = _HYPHEN.sub("", text)
    text = text.casefold()
    text = _SPACE_AT_DASH.sub(r"\1", text)
    if script == "han":
        return _SPACE.sub("", text)
    if script == "arabic":
        text = _SCRIPT_BOUNDARY.sub(" ", _ARABIC_PUNCT.sub(" ", _ARABIC_MARKS.sub("", text)))
    return _SPACE.sub(" ", text).strip()


def split_arabic(normalised: str) -> tuple[list[str], list[str]]:
    """Split normalised Arabic text into its Arabic words (in order) and its other tokens.

    Readers give Arabic words in logical order but put Latin and number runs where they
    are drawn (visual order), so only the Arabic words' order can be compared.
    """
    arabic, other = [], []
    for word in normalised.split():
        (arabic if _ARABIC_WORD.match(word) else other).append(word)
    return arabic, other
