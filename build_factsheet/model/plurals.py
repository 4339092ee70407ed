"""Locale messages with plural forms: a YAML mapping of CLDR plural categories -> one message; its forms checked against the language's rules."""

from __future__ import annotations

import re

# CLDR's plural categories. A locale value that is a mapping of these names (with `other`
# among them) is ONE message whose form is chosen by the number it names:
#     text:
#       one: "{count} organisation"
#       other: "{count} organisations"
# Each language writes the forms its own rules have (Babel's plural rules for its CLDR
# locale): Russian one, few, many, other; Chinese only other, which may be written as a
# plain string.
CATEGORIES = ("zero", "one", "two", "few", "many", "other")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def is_plural(value: object) -> bool:
    """Tell whether a YAML value is a message with plural forms."""
    return (isinstance(value, dict) and "other" in value and all(name in CATEGORIES for name in value))


def group_plurals(flat: dict[str, object]) -> tuple[dict[str, object], dict[str, dict[str, object]]]:
    """Take the forms of plural messages out of a flattened mapping: ({key: other form, ...}, {key: {category: form}})."""
    parents: dict[str, dict[str, object]] = {}
    for key, value in flat.items():
        parent, _, name = key.rpartition(".")
        if parent and name in CATEGORIES:
            parents.setdefault(parent, {})[name] = value
    plural_keys = {parent for parent, forms in parents.items()
                   if "other" in forms and all(f"{parent}.{name}" in flat for name in forms)
                   and not any(k.startswith(parent + ".") and k.rpartition(".")[2] not in CATEGORIES for k in flat)}
    grouped: dict[str, object] = {}
    plurals: dict[str, dict[str, object]] = {}
    for key, value in flat.items():
        parent = key.rpartition(".")[0]
        if parent in plural_keys:
            if parent not in grouped:
                grouped[parent] = parents[parent]["other"]
                plurals[parent] = {name: parents[parent][name] for name in CATEGORIES if name in parents[parent]}
            continue
        grouped[key] = value
    return grouped, plurals


def categories(cldr: str) -> tuple[str, ...]:
    """The plural categories a CLDR locale's rules use, in CLDR's order."""
    from babel import Locale

    tags = Locale.parse(cldr).plural_form.tags | {"other"}
    return tuple(name for name in CATEGORIES if name in tags)


def category(cldr: str, number: int | float) -> str:
    """The plural category of `number` in a CLDR locale."""
    from babel import Locale

    return Locale.parse(cldr).plural_form(number)


def form_problems(forms: dict[str, str] | None, english_forms: dict[str, str] | None, english: str,
                  cldr: str, numbers: set[str]) -> list[str]:
    """What is wrong with one message's plural forms in a language: messages, one per problem.

    `forms`: the translation's forms (None: a plain string, which is the form `other`);
    `english_forms` and `english`: the source's; `numbers`: the names of the values that are
    numbers, one of which must choose the form.
    """
    if forms is None and english_forms is None:
        return []
    needed = categories(cldr)
    given = forms if forms is not None else {"other": english}
    problems = []
    if forms is None and needed != ("other",):
        return [f"the English has plural forms: write this as a mapping of the forms your language needs "
                f"({', '.join(needed)}), e.g. `one: ...` / `other: ...`"]
    missing = [name for name in needed if name not in given]
    if missing:
        problems.append(f"plural form(s) {', '.join(missing)} missing: the plural rules of {cldr} need "
                        f"{', '.join(needed)}")
    extra = [name for name in given if name not in needed]
    if extra:
        problems.append(f"plural form(s) {', '.join(extra)} not used by {cldr} (its forms: {', '.join(needed)})")
    expected = sorted(_PLACEHOLDER.findall(english))
    for name, text in given.items():
        found = sorted(_PLACEHOLDER.findall(text))
        if found != expected:
            shown = ", ".join(f"{{{n}}}" for n in found) or "none"
            problems.append(f"plural form '{name}' has placeholders {shown}, the English "
                            f"{', '.join(f'{{{n}}}' for n in expected) or 'none'}")
    if forms is not None and not any(n in numbers for n in expected):
        problems.append("plural forms need a number to choose between them: the message names no number {value}")
    return problems


def choose(forms: dict[str, str], cldr: str, values: dict[str, object], text: str) -> str:
    """The form of a plural message for the first number it names (`other` if it names none)."""
    for name in _PLACEHOLDER.findall(text):
        value = values.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return forms.get(category(cldr, value), forms["other"])
    return forms["other"]
