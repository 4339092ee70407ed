"""A message's inline HTML + a language's house style -> the same HTML set by the rules of typography: punctuation spacing, unbreakable names and acronyms, dashes, bidi isolation."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import escape, unescape

from build_factsheet.model.style import HouseStyle

NARROW_NBSP = "\u202f"
_SPACES = " \u00a0\u202f"
_TAG_OR_PLACEHOLDER = re.compile(r"(<[^>]*>|\{[^{}]*\})")
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_DASHES = "—–"
# A word with a part of two or more capitals: an acronym (ICAT, ЮНФПА), alone or joined to
# other letters by a hyphen or slash (ООН-женщины, ВИЧ/СПИДу).
_WORD = re.compile(r"[^\W_]+(?:[-‑/][^\W_]+)*")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z.&'’-]*(?: [A-Za-z][A-Za-z.&'’-]*)*")
_DIGIT_RUN = r"\d+(?:[.,/:]\d+)*"
_ISOLATED = re.compile(f"{_LATIN_RUN.pattern}|{_DIGIT_RUN}")
_HAN = "[\u3400-\u9fff]"
SHORT_TAIL = 12  # a last word this short stays on the line of the dash before it
# A text's last word this short (letters and marks) is tied to the word before it, the two at most
# this long: no line of one short word ends a paragraph (a runt), and the tie never makes one so
# long that the line before must stretch to let it go.
RUNT_WORD, RUNT_PAIR = 7, 12
RUNT_TEXT = 5  # words at least: running text, not a name or a label, which a tie would only stiffen
PLACEHOLDER_LENGTH = 8  # a {value} filled in later: a date or a number and its unit


@dataclass(frozen=True)
class Setting:
    """What a language's typography needs: its house style, direction, and the names never to split."""

    style: HouseStyle
    rtl: bool = False
    han: bool = False
    names: tuple[str, ...] = ()  # proper names and acronyms from the project's data

    def names_pattern(self) -> re.Pattern | None:
        names = sorted({n for n in self.names if n.strip()}, key=len, reverse=True)
        if not names:
            return None
        alternatives = "|".join(re.escape(n) for n in names)
        # Han text has no spaces between words: a name is found wherever it is.
        return re.compile(f"({alternatives})" if self.han else rf"(?<![\w-])({alternatives})(?![\w-])")


def set_text(html: str, setting: Setting, pattern: re.Pattern | None = None) -> str:
    """Apply every rule to the text of `html` (tags and {placeholders} are left as they are)."""
    names = pattern if pattern is not None else setting.names_pattern()
    text = _on_text(html, lambda t: _escape(punctuate(t, setting.style)))
    text = bind_dashes(text, setting.style.words)
    text = _on_text(text, lambda t: protect(t, names))
    if setting.style.words:
        text = _on_text(text, lambda t: keep_words(t, setting.style.words))
    if not setting.han:
        text = tie_last_words(text)
    if setting.rtl:
        text = _on_text(text, isolate, skip_inside=("bdi",))
    return text


def _escape(text: str) -> str:
    """Escape as markdown-it does: & < > and the double quote (so text never reads as an attribute)."""
    return escape(text, quote=False).replace('"', "&quot;")


def _on_text(html: str, change, skip_inside: tuple[str, ...] = ()) -> str:
    """Replace each run of text between tags and placeholders by `change(its plain text)`, which returns HTML."""
    parts = _TAG_OR_PLACEHOLDER.split(html)
    depth = 0
    for index, part in enumerate(parts):
        if index % 2:
            for name in skip_inside:
                if part.startswith(f"<{name}"):
                    depth += 1
                elif part.startswith(f"</{name}"):
                    depth -= 1
            continue
        if part and depth == 0:
            parts[index] = change(unescape(part))
    return "".join(parts)


def punctuate(text: str, style: HouseStyle) -> str:
    """Space and shape punctuation as the language writes it (the translator may type either space, or none)."""
    if style.narrow_space_before:
        marks = re.escape(style.narrow_space_before)
        # Not inside an address (https://) nor between digits (10:30).
        text = re.sub(rf"(?:^|(?<=[^\s\d]))[{_SPACES}]?([{marks}])(?!//)|(?<=\d)[{_SPACES}]([{marks}])",
                      lambda m: NARROW_NBSP + (m.group(1) or m.group(2)), text)
    if style.narrow_space_after:
        marks = re.escape(style.narrow_space_after)
        text = re.sub(rf"([{marks}])[{_SPACES}]?(?=\S)", lambda m: m.group(1) + NARROW_NBSP, text)
    if style.full_width:
        text = _full_width(text, style.full_width)
    return text


def _is_han(char: str) -> bool:
    return bool(char) and unicodedata.name(char, "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH"))


def _full_width(text: str, marks: str) -> str:
    """ASCII marks next to a Han character (or closing one that was) in their full-width forms, without spaces."""
    chars = list(text)
    opened: list[bool] = []
    for i, char in enumerate(chars):
        if char not in marks or char not in _FULL_WIDTH:
            continue
        before = text[:i].rstrip(_SPACES)[-1:]
        after = text[i + 1:].lstrip(_SPACES)[:1]
        near_han = _is_han(before) or _is_han(after)
        if char == "(":
            opened.append(near_han)
        elif char == ")":
            near_han = (opened.pop() if opened else False) or near_han
        if near_han:
            chars[i] = _FULL_WIDTH[char]
    return re.sub(rf"[{_SPACES}]*([，：；？！（）])[{_SPACES}]*", r"\1", "".join(chars))


def protect(text: str, names: re.Pattern | None) -> str:
    """Mark the project's names (<span class="name">) and acronyms (<abbr>), which the layout never splits,
    and compounds written with a hyphen (<span class="compound">), which it breaks only there."""
    def words(piece: str) -> str:
        out, pos = [], 0
        for match in _WORD.finditer(piece):
            word = match.group(0)
            out.append(_escape(piece[pos:match.start()]))
            if any(sum(c.isupper() for c in part) >= 2 for part in re.split(r"[-‑/]", word)):
                out.append(f"<abbr>{_escape(unbreakable(word))}</abbr>")
            elif "-" in word:  # a compound: broken at its own hyphen, never hyphenated again
                out.append(f'<span class="compound">{_escape(word)}</span>')
            else:
                out.append(_escape(word))
            pos = match.end()
        out.append(_escape(piece[pos:]))
        return "".join(out)

    if names is None:
        return words(text)
    out, pos = [], 0
    for found in names.finditer(text):
        out.append(words(text[pos:found.start()]))
        out.append(f'<span class="name">{_escape(unbreakable(found.group(1)))}</span>')
        pos = found.end()
    out.append(words(text[pos:]))
    return "".join(out)


def unbreakable(text: str) -> str:
    """The same text with no break opportunity at its spaces and hyphens (no-break space, non-breaking hyphen).

    Characters rather than `white-space: nowrap`: WeasyPrint 70 sets a line badly (a word
    alone on a line) when a nowrap span does not fit at the end of a justified line.
    """
    return text.replace(" ", "\u00a0").replace("-", "\u2011")


def tie_last_words(html: str) -> str:
    """Join a running text's last two words with a no-break space when the last is short (RUNT_WORD), the two
    together not too long (RUNT_PAIR): the last line of a paragraph holds two words at least.
    The space is looked for in the text only, never in a tag; a {placeholder} counts as a value's length."""
    parts = _TAG_OR_PLACEHOLDER.split(html)
    visible = [("" if part.startswith("<") else "x" * PLACEHOLDER_LENGTH) if index % 2 else unescape(part)
               for index, part in enumerate(parts)]
    text = "".join(visible)
    last_space = text.rstrip().rfind(" ")
    if last_space <= 0 or len(text.split()) < RUNT_TEXT:
        return html
    last, before = text[last_space + 1:].strip(), text[:last_space].rstrip().rsplit(" ", 1)[-1]
    if len(last) > RUNT_WORD or len(before) + 1 + len(last) > RUNT_PAIR or "\u00a0" in before + last:
        return html
    offset = 0
    for index, piece in enumerate(visible):  # the part that holds the space: replace it there
        if offset <= last_space < offset + len(piece) and not index % 2:
            local = last_space - offset
            parts[index] = _escape(piece[:local] + "\u00a0" + piece[local + 1:])
            return "".join(parts)
        offset += len(piece)
    return html


def keep_words(text: str, words: tuple[str, ...]) -> str:
    """Mark each of `words` (a language written without spaces) as <span class="word">: a title or heading
    sets it whole, so that its lines break between words, where a reader would. A <wbr> after it:
    WeasyPrint 70 finds no break between two adjacent elements that do not wrap."""
    pattern = re.compile("|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True)))
    return _mark(text, pattern, lambda word: f'<span class="word">{word}</span><wbr>')


def bind_dashes(html: str, words: tuple[str, ...] = ()) -> str:
    """Keep a dash on the line of the word before it (and of the word after it when closed up, or when that word ends the text).

    In Han text the word before is one character, or the whole of one of `words` that ends there.
    """
    # The word before: a whole word, or one Han character (Han text has no spaces between words).
    pattern = re.compile(rf"({_HAN}|[^\s{_DASHES}\u3000-\u9fff\uff00-\uffef]+)([ \u00a0]?)([{_DASHES}]+)"
                         rf"(?:(\s)|({_HAN}|[^\s{_DASHES}\u3000-\u9fff\uff00-\uffef]+)|$)")

    def bind(text: str) -> str:
        out, pos = [], 0
        for match in pattern.finditer(text):
            before, space, dash, after_space, after_word = match.groups()
            tail = text[match.end():]
            end = match.end()
            if after_space and tail and not any(c.isspace() for c in tail) and len(tail) <= SHORT_TAIL:
                after_word, after_space, end = "\u00a0" + tail, "", len(text)  # "— ICAT" ends a title: one unit
            start = match.start()
            whole = next((word for word in sorted(words, key=len, reverse=True)
                          if text[pos:start + len(before)].endswith(word)), None) if len(before) == 1 else None
            if whole:
                before, start = whole, start + len(before) - len(whole)
            joined = before + ("\u00a0" if space else "") + dash + (after_word or "")
            out += [_escape(text[pos:start]), f'<span class="nowrap">{_escape(joined)}</span>',
                    after_space or ""]
            pos = end
        out.append(_escape(text[pos:]))
        return "".join(out)

    return _on_text(html, bind)


def isolate(text: str) -> str:
    """In right-to-left text, each run of Latin letters and each number in its own <bdi>."""
    return _mark(text, _ISOLATED, lambda run: f"<bdi>{run}</bdi>")


def _mark(text: str, pattern: re.Pattern, markup) -> str:
    """`text` as HTML, each match of `pattern` (escaped) given to `markup` for the HTML around it."""
    out, pos = [], 0
    for match in pattern.finditer(text):
        out += [_escape(text[pos:match.start()]), markup(_escape(match.group(0)))]
        pos = match.end()
    out.append(_escape(text[pos:]))
    return "".join(out)
